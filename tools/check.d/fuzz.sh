# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "fuzz" (sourced by tools/check): build the libFuzzer harnesses of
# tests/fuzz with clang (-fsanitize=fuzzer,address,undefined) in
# build/fuzz, then run each one for a bounded time from its committed seed
# corpus (tests/fuzz/corpus/<harness>, read only: new inputs go to
# build/fuzz/run/<harness>/corpus). One case per harness: it fails on any
# crash, invariant violation (FUZZ-INVARIANT), sanitizer report, leak,
# per-input timeout or out-of-memory; the input is saved under
# build/fuzz/run/<harness>/artifacts and its reproduction command printed.
#
# Environment:
#   SCMIA_FUZZ_SECONDS    total run time shared by the harnesses (default
#                         385 s: 35 s each for 11 harnesses, plus about a
#                         minute of build on 2 cores; defects 1 and 3 are
#                         found in under 10 s)
#   SCMIA_FUZZ_HARNESSES  space-separated subset (default: every harness built)
#   SCMIA_FUZZ_ARGS       extra libFuzzer flags (e.g. -seed=1 or -jobs=2)
#
# The corpora replay in the ordinary host suite (ctest label fuzz-replay),
# so that label stays in host, clang and sanitize.

SUITE_DEPS[fuzz]="clang libclang-rt-14-dev"
scmia_suite_add fuzz

suite_fuzz() {
	local dir="$BUILD_ROOT/fuzz"
	local log="$dir/check.log"
	local f="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	f="$f -fno-omit-frame-pointer"
	local total=${SCMIA_FUZZ_SECONDS:-385}
	local harnesses=() h

	mkdir -p "$dir"
	: >"$log"
	echo "  configure + build (libFuzzer) in ${dir#"$ROOT"/}"
	if ! cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE= -DSCMIA_BUILD_TESTS=ON \
		-DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_FUZZ_ENGINE=libfuzzer \
		-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
		"-DCMAKE_C_FLAGS=$f" "-DCMAKE_CXX_FLAGS=$f" >>"$log" 2>&1; then
		tail -n 40 "$log"
		echo "  CONFIGURE FAILED (full log: $log)"
		return 1
	fi
	if ! cmake --build "$dir" --target scmia_fuzz_all -j "$JOBS" >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		echo "  BUILD FAILED (full log: $log)"
		return 1
	fi

	if [ -n "${SCMIA_FUZZ_HARNESSES:-}" ]; then
		read -r -a harnesses <<<"$SCMIA_FUZZ_HARNESSES"
	else
		for h in rx smt smc msg virtio proto notify optee pcc smt_server virtio_dev; do
			[ -x "$dir/tests/fuzz/fuzz_$h" ] && harnesses+=("$h")
		done
	fi
	if [ "${#harnesses[@]}" -eq 0 ]; then
		echo "  no harness built"
		return 1
	fi
	local per=$((total / ${#harnesses[@]}))
	[ "$per" -ge 1 ] || per=1
	echo "  ${#harnesses[@]} harnesses, ${per} s each (SCMIA_FUZZ_SECONDS=$total)"

	suite_pass=0
	suite_fail=0
	for h in "${harnesses[@]}"; do
		local bin="$dir/tests/fuzz/fuzz_$h"
		local work="$dir/run/$h"
		local seeds="$ROOT/tests/fuzz/corpus/$h"
		local extra=()

		if [ ! -x "$bin" ]; then
			echo "  FAILED  fuzz_$h: not built"
			suite_fail=$((suite_fail + 1))
			continue
		fi
		# shellcheck disable=SC2206
		[ -z "${SCMIA_FUZZ_ARGS:-}" ] || extra=(${SCMIA_FUZZ_ARGS})
		fuzz_run_harness "fuzz_$h" "$bin" "$seeds" "$work" "$per" "${extra[@]}"
	done
}

# fuzz_run_harness LABEL BIN SEEDS WORK SECONDS [LIBFUZZER_ARG...]: run the
# libFuzzer binary BIN for SECONDS from the committed corpus SEEDS (read
# only; new inputs go to WORK/corpus, a failing input to WORK/artifacts),
# print one line (on failure also the first report lines, the input and
# its replay command) and count it in suite_pass / suite_fail. Also used
# by the suite configs (tools/check.d/configs.sh).
fuzz_run_harness() {
	local label=$1 bin=$2 seeds=$3 work=$4 secs=$5
	local start rc=0 elapsed runs art

	shift 5
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/artifacts"
	start=$SECONDS
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$@" \
		"$work/corpus" "$seeds" >"$work/log" 2>&1 || rc=$?
	elapsed=$((SECONDS - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
	art=$(find "$work/artifacts" -type f 2>/dev/null | head -n 1)
	if [ "$rc" -eq 0 ] && [ -z "$art" ]; then
		echo "  ok      $label: ${runs:-?} inputs in ${elapsed} s, no failure"
		suite_pass=$((suite_pass + 1))
		return 0
	fi
	suite_fail=$((suite_fail + 1))
	echo "  FAILED  $label after ${elapsed} s (${runs:-?} inputs, exit $rc)"
	grep -m 3 -E 'FUZZ-INVARIANT|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:|SUMMARY:' \
		"$work/log" | sed 's/^/  | /' || true
	if [ -n "$art" ]; then
		echo "  | input: ${art#"$ROOT"/}"
		echo "  | replay: $bin $art"
		echo "  |   (SCMIA_FUZZ_TRACE=1 to follow it; see docs/testing.md)"
	fi
	echo "  | log: ${work#"$ROOT"/}/log"
}
