# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # SUITE_DEPS (associative), suite_pass
# and suite_fail belong to tools/check, which sources this file.
#
# Suite "options": the compile-time option matrix (tests/meta/
# check_options.sh). Every library source (lib/, lib/proto/, every
# transport) compiled with -Werror -Wall -Wextra -Wundef -Wshadow
# -Wconversion for the host (gcc -O2) and Cortex-M4 (-Os) in each
# combination of SCMIA_CFG_* options (defaults, each switch off alone,
# TRACE/RAW on, the minimal and typical sets of tools/footprint, all off),
# and linked with a program that takes the address of every function and
# object the public headers declare there; the impossible combinations must
# stop at their #error. One case per combination, plus two self-tests.
# About 120 s of CPU, a minute or so on 2 idle CPUs (sources whose preprocessed
# text did not change are not compiled again); work files in
# build/options. docs/testing.md, "Compile-time options".
# Sourced by tools/check.

SUITE_DEPS[options]="gcc libc6-dev binutils gcc-arm-none-eabi binutils-arm-none-eabi
	libnewlib-arm-none-eabi"

suite_options() {
	local out="$BUILD_ROOT/options" log line
	mkdir -p "$out"
	log="$out/run.log"
	nice -n 10 bash "$ROOT/tests/meta/check_options.sh" "$ROOT" "$out" >"$log" 2>&1 || true
	line=$(grep -E '^options: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	# Its own summary line is tools/check's to print.
	grep -v -E '^options: [0-9]+ passed, [0-9]+ failed$' "$log" | sed 's/^/  /' || true
	if [ -z "$line" ]; then
		echo "  tests/meta/check_options.sh ended without a summary (log: ${log#"$ROOT"/})"
		suite_pass=0
		suite_fail=1
		return 0
	fi
	read -r _ suite_pass _ suite_fail _ <<<"$line"
	return 0
}

scmia_suite_add options
