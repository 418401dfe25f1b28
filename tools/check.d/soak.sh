# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "soak" (sourced by tools/check): the fault soak of tests/soak, one
# ctest test per transport (loopback, SMT interrupt, SMT polled, SMC with
# the firmware wait-queue, virtio), label "soak", left out of host, clang
# and sanitize. Each runs the stress traffic against the simulated platform
# with random faults, forged tokens and stuck episodes, then checks the
# books (docs/testing.md, "Fault soak"). Builds only the soak, in
# build/soak, optimised (-O2, assertions kept): the counts are large. A few
# minutes.
#
# The short variant of each test (label soak_short, also labelled stress)
# runs under ThreadSanitizer in the tsan suite; the other suites leave it
# out. SCMIA_SOAK_TRANSFERS in the environment (or _<TRANSPORT>) sets the
# counts of a long run.

suite_soak() {
	local dir="$BUILD_ROOT/soak"
	local log="$dir/check.log"

	mkdir -p "$dir"
	: >"$log"
	echo "  configure + build the soak in ${dir#"$ROOT"/}"
	if ! cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE= "-DCMAKE_C_FLAGS=-O2 -g" \
		-DSCMIA_WERROR=ON -DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF \
		-DSCMIA_BUILD_DOCS=OFF -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
		>>"$log" 2>&1; then
		tail -n 40 "$log"
		echo "  CONFIGURE FAILED (full log: $log)"
		return 1
	fi
	if ! cmake --build "$dir" -j "$JOBS" --target soak >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		echo "  BUILD FAILED (full log: $log)"
		return 1
	fi
	run_tests "$dir" -L '^soak$'
}

OWN_SUITE_LABELS+=(soak soak_short)
scmia_suite_add soak
