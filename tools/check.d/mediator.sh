# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "mediator" (sourced by tools/check): the mediator's long runs, which
# the host suite leaves out. The label "mediator" (server, mediator,
# isolation tests, fuzz corpus replays) runs in host, clang and sanitize as
# any other; this suite adds, building tests/mediator's programs only:
#   1. asan     gcc, AddressSanitizer + UBSan: every test of the label
#               mediator, and the soak (label mediator-soak) for
#               SCMIA_MED_SOAK_SECONDS (default 20);
#   2. tsan     gcc, ThreadSanitizer: the soak, SCMIA_MED_SOAK_SECONDS;
#   3. fuzz     clang, libFuzzer + AddressSanitizer + UBSan: each harness
#               (fuzz_med_smt, fuzz_med_virtio) for SCMIA_MED_FUZZ_SECONDS
#               (default 40) from its committed corpus; a crash, an
#               invariant violation (FUZZ-INVARIANT), a sanitizer report or
#               a per-input timeout fails it; the input is kept under
#               build/mediator/fuzz/run/<harness>/artifacts.
# Cases: the test cases of step 1, one case for the soak under TSan, one per
# harness. Build trees: build/mediator/{asan,tsan,fuzz}.
# Time on 2 cores (fresh trees, measured): about 1 to 2 minutes of builds
# plus 2 x the soak and 2 x the fuzz time (about 4 minutes with the
# defaults; 2 minutes with SCMIA_MED_SOAK_SECONDS=10 SCMIA_MED_FUZZ_SECONDS=15).

# shellcheck disable=SC2034 # tools/check reads them
SUITE_DEPS[mediator]="clang libclang-rt-14-dev"
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
	local secs=${SCMIA_MED_SOAK_SECONDS:-20} fsecs=${SCMIA_MED_FUZZ_SECONDS:-40}
	local san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	local tsan="-O1 -g -fsanitize=thread -fno-omit-frame-pointer"
	local fz="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	local h

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

	# 3. libFuzzer campaigns.
	if med_build "$base/fuzz" scmia_med_fuzz_all -DCMAKE_BUILD_TYPE= \
		-DSCMIA_FUZZ_ENGINE=libfuzzer -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
		"-DCMAKE_C_FLAGS=$fz" "-DCMAKE_CXX_FLAGS=$fz"; then
		for h in med_smt med_virtio; do
			local bin="$base/fuzz/tests/mediator/fuzz_$h" work="$base/fuzz/run/$h" rc=0 art
			if [ ! -x "$bin" ]; then
				echo "  FAILED  fuzz_$h: not built"
				fail=$((fail + 1))
				continue
			fi
			rm -rf "$work"
			mkdir -p "$work/corpus" "$work/artifacts"
			ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
			UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
				"$bin" -max_total_time="$fsecs" -timeout=25 -rss_limit_mb=2048 \
				-print_final_stats=1 -artifact_prefix="$work/artifacts/" \
				"$work/corpus" "$ROOT/tests/mediator/corpus/$h" >"$work/log" 2>&1 || rc=$?
			art=$(find "$work/artifacts" -type f 2>/dev/null | head -n 1)
			if [ "$rc" -eq 0 ] && [ -z "$art" ]; then
				echo "  ok      fuzz_$h: $(sed -n 's/^stat::number_of_executed_units: *//p' \
					"$work/log" | tail -n 1) inputs in $fsecs s"
				pass=$((pass + 1))
			else
				echo "  FAILED  fuzz_$h (exit $rc, log: ${work#"$ROOT"/}/log)"
				grep -m 3 -E 'FUZZ-INVARIANT|ERROR:|runtime error:|SUMMARY:' "$work/log" |
					sed 's/^/  | /' || true
				[ -z "$art" ] || echo "  | input: $art (replay: $bin $art)"
				fail=$((fail + 1))
			fi
		done
	else
		fail=$((fail + 1))
	fi
	suite_pass=$pass
	suite_fail=$fail
}
