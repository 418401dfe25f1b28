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
#   lock0        LOCK 0 (IRQ 0 with it: interrupts need the lock)
#   async0, nonblocking0, notify0, dedicated0, counters0, onreturn0
#                that switch off alone
#   p2a0         ASYNC and NOTIFY 0: no p2a channel at all
#   report0      LOG and STRERROR 0
# One case per test case of each build. Build trees: build/configs/<name>.
# Time on 2 cores: about 20 s per build, a few seconds of tests each.

SUITE_DEPS[configs]="gcc libc6-dev binutils cmake libcmocka-dev"

CFG_MINIMAL="SCMIA_CFG_LOCK=0;SCMIA_CFG_IRQ=0;SCMIA_CFG_POLL=1;SCMIA_CFG_ON_RETURN=0"
CFG_MINIMAL+=";SCMIA_CFG_ASYNC=0;SCMIA_CFG_NONBLOCKING=0;SCMIA_CFG_NOTIFY=0"
CFG_MINIMAL+=";SCMIA_CFG_DEDICATED=0;SCMIA_CFG_COUNTERS=0;SCMIA_CFG_LOG=0"
CFG_MINIMAL+=";SCMIA_CFG_STRERROR=0;SCMIA_CFG_MAX_SLOTS=32"
CFG_MINIMAL+=";SCMIA_CFG_PROTO_NEGOTIATE=0;SCMIA_CFG_PROTO_QUIRKS=0;SCMIA_CFG_PROTO_LAZY=0"
CFG_MINIMAL+=";SCMIA_CFG_PROTO_BASE_PERMS=0;SCMIA_CFG_PROTO_FASTCHANNEL=0"
CFG_MINIMAL+=";SCMIA_CFG_PROTO_EXT_NAMES=0;SCMIA_CFG_PROTO_COUNTERS=0"

# name|SCMIA_CONFIG_DEFINES|build type ("san": sanitizers, -O1)
CONFIGS_LIST=(
	"minimal|$CFG_MINIMAL|san"
	"minimal-os|$CFG_MINIMAL|MinSizeRel"
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
	local base="$BUILD_ROOT/configs" pass=0 fail=0 entry name defs kind dir log
	local san="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	local -a args

	for entry in "${CONFIGS_LIST[@]}"; do
		IFS='|' read -r name defs kind <<<"$entry"
		dir="$base/$name"
		log="$dir/check.log"
		mkdir -p "$dir"
		: >"$log"
		args=(-DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_BUILD_DOCS=OFF
			-DSCMIA_MEDIATOR=OFF -DSCMIA_INSTALL=OFF "-DSCMIA_CONFIG_DEFINES=$defs")
		if [ "$kind" = san ]; then
			args+=(-DCMAKE_BUILD_TYPE= "-DCMAKE_C_FLAGS=$san" "-DCMAKE_CXX_FLAGS=$san")
		else
			args+=("-DCMAKE_BUILD_TYPE=$kind" -DCMAKE_C_FLAGS= -DCMAKE_CXX_FLAGS=)
		fi
		echo "  $name: $defs ($kind)"
		if ! cmake -S "$ROOT" -B "$dir" "${args[@]}" >>"$log" 2>&1 ||
			! cmake --build "$dir" --target test_cfg -j "$JOBS" >>"$log" 2>&1; then
			grep -E 'error|warning:' "$log" | head -n 40 || true
			tail -n 20 "$log"
			echo "  BUILD FAILED (full log: ${log#"$ROOT"/})"
			fail=$((fail + 1))
			continue
		fi
		ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
			run_tests "$dir" -R '^test_cfg$'
		pass=$((pass + suite_pass))
		fail=$((fail + suite_fail))
	done
	suite_pass=$pass
	suite_fail=$fail
	return 0
}

scmia_suite_add configs
