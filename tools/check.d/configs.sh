# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # SUITE_DEPS (associative), suite_pass
# and suite_fail belong to tools/check, which sources this file.
#
# Suite "configs": the library as reduced builds run it. The suite
# "options" only compiles and links each combination of SCMIA_CFG_*
# options; this one runs tests/config/test_cfg.c (the core, SMT and Base
# against the simulated platform: round trips over a token lap, tokens,
# timeouts and late replies, the quarantine filling up, wrong tokens and
# ids, statuses, short replies, receive-entry drops, a failed doorbell, a
# duplicated reply, close, Base discovery, what each build refuses as not
# supported, counters / error texts / log / lock following their
# switches) in each combination below, each a build tree of its own
# (library, SMT transport, simulator and that test only), with
# AddressSanitizer and UBSan, except "minimal-os", which is built -Os as a
# Cortex-M image would be (no fast paths: SCMIA_CFG_FAST_PATHS 0):
#   minimal      tools/footprint's minimal set: LOCK IRQ ON_RETURN ASYNC
#                NONBLOCKING NOTIFY DEDICATED COUNTERS LOG STRERROR 0,
#                the protocol extras and the other protocols 0,
#                SCMIA_CFG_MAX_SLOTS 32
#   minimal-os   the same, -Os
#   slots1       the same with SCMIA_CFG_MAX_SLOTS 1 (one-slot channels,
#                the smallest kind of agent)
#   lock0        LOCK 0 (IRQ 0 with it: interrupts need the lock)
#   async0, nonblocking0, notify0, dedicated0, counters0, onreturn0
#                that switch off alone
#   p2a0         ASYNC and NOTIFY 0: no p2a channel at all
#   report0      LOG and STRERROR 0
# One case per test case of each build. Build trees: build/configs/<name>.
# Time on 2 cores: about 20 s per build, a few seconds of tests each.
#
# The fuzz harnesses in the minimal set. The harnesses of tests/fuzz whose
# transport can complete without interrupts and without completion on
# return (CONFIGS_FUZZ: rx, msg, smt, smc, virtio; the driver drives only
# what the build has, see tests/fuzz/common/fz_drv.h) are built too:
#   minimal      also replays their corpora and regression inputs (ctest
#                label fuzz-replay, one case per input, as test_cfg's)
#   fuzz-min     clang, libFuzzer with ASan+UBSan, the minimal set: each
#                harness runs SCMIA_CONFIGS_FUZZ_SECONDS (default 20) from
#                its committed corpus (read only; new inputs go to
#                build/configs/fuzz-min/run/<harness>/corpus), as the suite
#                "fuzz" runs the default build. One case per harness: a
#                crash, FUZZ-INVARIANT, sanitizer report, leak, per-input
#                timeout or out-of-memory fails it, the input is saved in
#                run/<harness>/artifacts and its replay command printed.
# Time these add on 2 cores (measured, the lead's and a CI run sharing
# them): about 7 s for the harnesses in "minimal" (build and replay),
# about 10 s of build and 5 x 21 s of fuzzing for fuzz-min: about 2 min
# in all (the suite took 243 s, 936 cases; with slots1, 189 s and 952 cases).

SUITE_DEPS[configs]="gcc libc6-dev binutils cmake libcmocka-dev clang libclang-rt-14-dev"

# Harnesses built and run in the minimal set.
CONFIGS_FUZZ=(rx msg smt smc virtio)

CFG_MINIMAL="SCMIA_CFG_LOCK=0;SCMIA_CFG_IRQ=0;SCMIA_CFG_POLL=1;SCMIA_CFG_ON_RETURN=0"
CFG_MINIMAL+=";SCMIA_CFG_ASYNC=0;SCMIA_CFG_NONBLOCKING=0;SCMIA_CFG_NOTIFY=0"
CFG_MINIMAL+=";SCMIA_CFG_DEDICATED=0;SCMIA_CFG_COUNTERS=0;SCMIA_CFG_LOG=0"
CFG_MINIMAL+=";SCMIA_CFG_STRERROR=0;SCMIA_CFG_MAX_SLOTS=32;SCMIA_CFG_PROTO_COUNTERS=0"
# The protocol switches are CMake options (lib/proto/sources.cmake sets
# SCMIA_CFG_PROTO_<NAME> from SCMIA_PROTO_<NAME>): Base only, no extras.
CFG_MINIMAL_PROTO=()
for _p in NEGOTIATE QUIRKS LAZY BASE_PERMS FASTCHANNEL EXT_NAMES POWER SYSTEM PERF RESET CLOCK \
	SENSOR VOLTAGE POWERCAP PINCTRL; do
	CFG_MINIMAL_PROTO+=("-DSCMIA_PROTO_$_p=OFF")
done
unset _p

# name|SCMIA_CONFIG_DEFINES|build type ("san": sanitizers, -O1)|words:
# "proto0" the protocol switches of the minimal set (CFG_MINIMAL_PROTO),
# "fuzz" the harnesses of CONFIGS_FUZZ too
CONFIGS_LIST=(
	"minimal|$CFG_MINIMAL|san|proto0 fuzz"
	"minimal-os|$CFG_MINIMAL|MinSizeRel|proto0"
	"slots1|${CFG_MINIMAL/SCMIA_CFG_MAX_SLOTS=32/SCMIA_CFG_MAX_SLOTS=1}|san|proto0"
	"lock0|SCMIA_CFG_LOCK=0;SCMIA_CFG_IRQ=0|san"
	"async0|SCMIA_CFG_ASYNC=0|san"
	"nonblocking0|SCMIA_CFG_NONBLOCKING=0|san"
	"notify0|SCMIA_CFG_NOTIFY=0|san"
	"p2a0|SCMIA_CFG_ASYNC=0;SCMIA_CFG_NOTIFY=0|san"
	"dedicated0|SCMIA_CFG_DEDICATED=0|san"
	"counters0|SCMIA_CFG_COUNTERS=0|san"
	"onreturn0|SCMIA_CFG_ON_RETURN=0|san"
	"report0|SCMIA_CFG_LOG=0;SCMIA_CFG_STRERROR=0|san"
)

suite_configs() {
	local base="$BUILD_ROOT/configs" pass=0 fail=0 entry name defs kind fz dir log re
	local san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	local -a args targets

	for entry in "${CONFIGS_LIST[@]}"; do
		IFS='|' read -r name defs kind fz <<<"$entry"
		dir="$base/$name"
		log="$dir/check.log"
		mkdir -p "$dir"
		: >"$log"
		args=(-DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_BUILD_DOCS=OFF
			-DSCMIA_MEDIATOR=OFF -DSCMIA_INSTALL=OFF "-DSCMIA_CONFIG_DEFINES=$defs")
		if [[ " $fz " == *" proto0 "* ]]; then
			args+=("${CFG_MINIMAL_PROTO[@]}")
		fi
		if [ "$kind" = san ]; then
			args+=(-DCMAKE_BUILD_TYPE= "-DCMAKE_C_FLAGS=$san" "-DCMAKE_CXX_FLAGS=$san")
		else
			args+=("-DCMAKE_BUILD_TYPE=$kind" -DCMAKE_C_FLAGS= -DCMAKE_CXX_FLAGS=)
		fi
		targets=(test_cfg)
		re='^test_cfg$'
		if [[ " $fz " == *" fuzz "* ]]; then
			targets+=("${CONFIGS_FUZZ[@]/#/fuzz_}")
			re="^(test_cfg|fuzz_(replay|regress)_($(IFS='|'; echo "${CONFIGS_FUZZ[*]}")))\$"
		fi
		echo "  $name: $defs ($kind)"
		if ! cmake -S "$ROOT" -B "$dir" "${args[@]}" >>"$log" 2>&1 ||
			! cmake --build "$dir" --target "${targets[@]}" -j "$JOBS" >>"$log" 2>&1; then
			grep -E 'error|warning:' "$log" | head -n 40 || true
			tail -n 20 "$log"
			echo "  BUILD FAILED (full log: ${log#"$ROOT"/})"
			fail=$((fail + 1))
			continue
		fi
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
			run_tests "$dir" -R "$re"
		pass=$((pass + suite_pass))
		fail=$((fail + suite_fail))
	done
	configs_fuzz_min
	pass=$((pass + suite_pass))
	fail=$((fail + suite_fail))
	suite_pass=$pass
	suite_fail=$fail
	return 0
}

# fuzz-min: the harnesses of CONFIGS_FUZZ under libFuzzer in the minimal
# set (the build and run of tools/check.d/fuzz.sh, per harness
# SCMIA_CONFIGS_FUZZ_SECONDS). Sets suite_pass / suite_fail.
configs_fuzz_min() {
	local dir="$BUILD_ROOT/configs/fuzz-min"
	local log="$dir/check.log" per=${SCMIA_CONFIGS_FUZZ_SECONDS:-20} h
	local f="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
	f="$f -fno-omit-frame-pointer"

	suite_pass=0
	suite_fail=0
	mkdir -p "$dir"
	: >"$log"
	echo "  fuzz-min: $CFG_MINIMAL (clang, libFuzzer, ${per} s per harness)"
	if ! cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE= -DSCMIA_BUILD_TESTS=ON \
		-DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_BUILD_DOCS=OFF -DSCMIA_MEDIATOR=OFF \
		-DSCMIA_INSTALL=OFF -DSCMIA_FUZZ_ENGINE=libfuzzer "-DSCMIA_CONFIG_DEFINES=$CFG_MINIMAL" \
		"${CFG_MINIMAL_PROTO[@]}" \
		-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
		"-DCMAKE_C_FLAGS=$f" "-DCMAKE_CXX_FLAGS=$f" >>"$log" 2>&1 ||
		! cmake --build "$dir" --target "${CONFIGS_FUZZ[@]/#/fuzz_}" -j "$JOBS" >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		tail -n 20 "$log"
		echo "  BUILD FAILED (full log: ${log#"$ROOT"/})"
		suite_fail=1
		return 0
	fi
	for h in "${CONFIGS_FUZZ[@]}"; do
		fuzz_run_harness "fuzz-min fuzz_$h" "$dir/tests/fuzz/fuzz_$h" \
			"$ROOT/tests/fuzz/corpus/$h" "$dir/run/$h" "$per"
	done
}

scmia_suite_add configs
