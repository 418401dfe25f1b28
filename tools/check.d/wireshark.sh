# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "wireshark" (sourced by tools/check): the Wireshark dissector
# tools/wireshark/scmi.lua under tshark, on captures of the simulated
# platform that tests/wireshark/wsgen writes (a session of every protocol,
# fault injection, crafted records, a snap length, a LINKTYPE_USER0
# capture); ctest label "wireshark", left out of host, clang and sanitize.
# Builds only what wsgen needs, in build/wireshark. About a minute.

suite_wireshark() {
	local dir="$BUILD_ROOT/wireshark"
	local log="$dir/check.log"

	mkdir -p "$dir"
	: >"$log"
	echo "  configure + build wsgen in ${dir#"$ROOT"/}"
	if ! cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DSCMIA_WERROR=ON \
		-DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_BUILD_DOCS=OFF \
		-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ >>"$log" 2>&1; then
		tail -n 40 "$log"
		echo "  CONFIGURE FAILED (full log: $log)"
		return 1
	fi
	if ! cmake --build "$dir" -j "$JOBS" --target wsgen >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		echo "  BUILD FAILED (full log: $log)"
		return 1
	fi
	run_tests "$dir" -L '^wireshark$'
}

SUITE_DEPS[wireshark]="tshark"
OWN_SUITE_LABELS+=(wireshark)
scmia_suite_add wireshark
