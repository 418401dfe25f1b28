# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "mediator" (sourced by tools/check): the mediator's long runs, which
# the host suite leaves out. The label "mediator" (server, mediator,
# isolation tests) runs in host, clang and sanitize as any other, and the
# fuzz harnesses of the servers (tests/fuzz/fuzz_smt_server.c,
# fuzz_virtio_dev.c) are in the fuzz suite and the label fuzz-replay; this
# suite adds, building tests/mediator's programs only:
#   1. asan     gcc, AddressSanitizer + UBSan: every test of the label
#               mediator, and the soak (label mediator-soak) for
#               SCMIA_MED_SOAK_SECONDS (default 20);
#   2. tsan     gcc, ThreadSanitizer: the soak, SCMIA_MED_SOAK_SECONDS.
# Cases: the test cases of step 1, one case for the soak under TSan. Build
# trees: build/mediator/{asan,tsan}.
# Time on 2 cores (fresh trees, measured): about a minute of builds plus
# 2 x the soak (about 2 minutes with the default).

# shellcheck disable=SC2034 # tools/check reads them
OWN_SUITE_LABELS+=(mediator-soak)
scmia_suite_add mediator

# med_build DIR TARGET CMAKE_ARGS...: configure and build one target.
med_build() {
	local dir=$1 target=$2
	shift 2
	mkdir -p "$dir"
	local log="$dir/check.log"
	: >"$log"
	echo "  configure + build $target in ${dir#"$ROOT"/}"
	if ! cmake -S "$ROOT" -B "$dir" -DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF \
		-DSCMIA_BUILD_DOCS=OFF "$@" >>"$log" 2>&1 ||
		! cmake --build "$dir" --target "$target" -j "$JOBS" >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		tail -n 20 "$log"
		echo "  BUILD FAILED (full log: $log)"
		return 1
	fi
}

suite_mediator() {
	local base="$BUILD_ROOT/mediator" pass=0 fail=0
	local secs=${SCMIA_MED_SOAK_SECONDS:-20}
	local san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	local tsan="-O1 -g -fsanitize=thread -fno-omit-frame-pointer"

	# 1. AddressSanitizer: the label, and the soak.
	if med_build "$base/asan" scmia_mediator_tests -DCMAKE_BUILD_TYPE= \
		-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
		"-DCMAKE_C_FLAGS=$san" "-DCMAKE_CXX_FLAGS=$san"; then
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		SCMIA_MED_SOAK_SECONDS=$secs \
			run_tests "$base/asan" -L '^(mediator|mediator-soak)$'
		pass=$((pass + suite_pass))
		fail=$((fail + suite_fail))
	else
		fail=$((fail + 1))
	fi

	# 2. ThreadSanitizer: the soak.
	if med_build "$base/tsan" soak_med -DCMAKE_BUILD_TYPE= \
		-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
		"-DCMAKE_C_FLAGS=$tsan" "-DCMAKE_CXX_FLAGS=$tsan"; then
		if TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} \
			"$base/tsan/tests/mediator/soak_med" "$secs" >"$base/tsan/soak.log" 2>&1; then
			echo "  ok      soak_med under ThreadSanitizer ($secs s)"
			pass=$((pass + 1))
		else
			echo "  FAILED  soak_med under ThreadSanitizer (log: $base/tsan/soak.log)"
			grep -m 5 -E 'WARNING|SUMMARY|FAIL' "$base/tsan/soak.log" | sed 's/^/  | /' || true
			fail=$((fail + 1))
		fi
	else
		fail=$((fail + 1))
	fi

	suite_pass=$pass
	suite_fail=$fail
}
