# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # SUITE_DEPS (associative), suite_pass
# and suite_fail belong to tools/check, which sources this file.
#
# Suite "model": spin model-checks tests/model/xfer.pml, the transfer
# lifecycle with the SMT claim and release, token quarantine and an
# adversary (tests/model/run.sh; docs/testing.md, "Model checking"). Each
# property or variant run is one case: the design's safety and liveness
# runs must find nothing; the runs with defect 1 or 2 switched back on, and
# the coverage runs, must make spin report their violation. About 1 to 2
# minutes on 2 cores; work files in build/model.
# Sourced by tools/check.

SUITE_DEPS[model]="spin gcc libc6-dev"

suite_model() {
	local out="$BUILD_ROOT/model" log line
	mkdir -p "$out"
	log="$out/run.log"
	"$ROOT/tests/model/run.sh" -j "$JOBS" -o "$out" >"$log" 2>&1 || true
	line=$(grep -E '^model: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	# Its own summary line is tools/check's to print.
	grep -v -E '^model: [0-9]+ passed, [0-9]+ failed$' "$log" || true
	if [ -z "$line" ]; then
		echo "  tests/model/run.sh ended without a summary (log: ${log#"$ROOT"/})"
		suite_pass=0
		suite_fail=1
		return 0
	fi
	read -r _ suite_pass _ suite_fail _ <<<"$line"
	return 0
}

scmia_suite_add model
