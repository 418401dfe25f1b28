# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # SUITE_DEPS (associative), suite_pass
# and suite_fail belong to tools/check, which sources this file.
#
# Suite "mutate": the mutation check of tests/mutate/run.py. Each mutation
# of tests/mutate/mutations.txt removes or inverts one guard of the core or
# of a transport, in a copy of the tree (build/mutate/src); the tests the
# mutation lists are rebuilt (build/mutate/build, incremental) and run, and
# at least one must fail. One case per mutation: passed = killed; a
# survivor, a mutation that does not build or an anchor that no longer
# matches exactly once is a failed case.
#
# Full mode by default (every mutation of the list): about 140 s with build/mutate
# kept, 3 to 6 minutes from a clean tree or under load; it fits the 45
# minutes of tools/check all. The short mode (the 21 mutations marked
# "mode: short", about 35 s with the tree kept):
# SCMIA_MUTATE_MODE=short tools/check mutate (docs/testing.md, "Mutation
# check"). Work files and logs in build/mutate.

SUITE_DEPS[mutate]="python3"

suite_mutate() {
	local out="$BUILD_ROOT/mutate" log line
	local args=(-j "$JOBS" -o "$out")

	[ "${SCMIA_MUTATE_MODE:-full}" = short ] || args+=(--full)
	mkdir -p "$out"
	log="$out/run.log"
	python3 "$ROOT/tests/mutate/run.py" "${args[@]}" >"$log" 2>&1 || true
	line=$(grep -E '^mutate: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	# Its own summary line is tools/check's to print.
	grep -v -E '^mutate: [0-9]+ passed, [0-9]+ failed$' "$log" || true
	if [ -z "$line" ]; then
		echo "  tests/mutate/run.py ended without a summary (log: ${log#"$ROOT"/})"
		suite_pass=0
		suite_fail=1
		return 0
	fi
	read -r _ suite_pass _ suite_fail _ <<<"$line"
	return 0
}

scmia_suite_add mutate
