#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# check_options.sh ROOT OUTDIR  -- the compile-time option matrix.
#
# Every library source (lib/*.c, lib/proto/*.c, transports/*/*.c; not the
# OS ports) is compiled with -Werror -Wall -Wextra -Wundef -Wshadow
# -Wconversion -std=c11 for the host (gcc -O2) and for Cortex-M4
# (arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os), once per combination of
# SCMIA_CFG_* options below, and linked with a program that takes the
# address of every function and object the public headers declare in that
# combination (listed by the compiler: -aux-info, and the extern objects of
# the preprocessed headers): every declaration must resolve, and every
# object's own references too (all objects are linked whole; newlib-nano
# on Cortex-M4). The impossible combinations must stop at their #error,
# with its message.
#
# Declarations of a module compiled out are left out of the program: the
# trace formatter and capture encoder (trace.h, pcapng.h) without
# SCMIA_CFG_TRACE, a protocol's helpers (proto/<name>.h) without its
# SCMIA_CFG_PROTO_<NAME>; both are documented as absent then. The
# mediator (mediator.h) is a library of its own (scmia::mediator,
# lib/mediator, docs/mediator.md), not one of the sources above: its
# declarations are left out too.
#
# Combinations: every option at its default; each SCMIA_CFG_* switch that
# defaults to 1 off alone (the core's and the protocols'; LOCK and
# PROTO_BASE alone are impossible, see below); TRACE, RAW, and both, on;
# the minimal and typical sets of tools/footprint, minimal with tracing;
# everything off that may be (polling, and completion on return only).
# Impossible: no completion
# mode, IRQ without LOCK, blocking without IRQ or POLL, RAW without
# NONBLOCKING, a CHAN_TABLE that is not a power of two, a switch that is
# not 0 or 1 (core and protocol), LAZY without BASE, and default sizes out
# of range.
#
# The check checks itself: with the #error for RAW without NONBLOCKING
# taken out of a copy of the headers, that combination must fail the
# check; with a function declared in a copy of the headers that nothing
# defines, the link program must fail (one case each).
#
# A source whose preprocessed text is the same as in a combination already
# built is not compiled again (same text, same flags, same object and
# warnings). The two targets build in parallel.
#
# One case per combination (a target that fails says why); last line
# "options: N passed, N failed". Exit 0 when no case failed, 1 otherwise,
# 2 on a usage error or a missing compiler.

set -u

root=${1:?usage: check_options.sh ROOT OUTDIR}
out=${2:?usage: check_options.sh ROOT OUTDIR}
root=$(cd "$root" && pwd) || exit 2
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
cd "$root" || exit 2

for t in gcc arm-none-eabi-gcc; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check_options: $t not found"
		echo "options: 0 passed, 1 failed"
		exit 2
	fi
done

WARN=(-std=c11 -Werror -Wall -Wextra -Wundef -Wshadow -Wconversion)
HOST=(gcc -O2)
CM4=(arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os)
CM4_LINK=(--specs=nano.specs --specs=nosys.specs)

incs=(-I"$root/include")
for d in "$root"/transports/*/; do
	incs+=(-I"${d%/}")
done
mapfile -t SRCS < <(ls lib/*.c lib/proto/*.c transports/*/*.c)
mapfile -t HDRS < <(ls include/scmia/*.h include/scmia/proto/*.h transports/*/scmia_*.h)

off() { local o; for o in "$@"; do printf -- '-DSCMIA_CFG_%s=0 ' "$o"; done; }
PROTOS=(BASE POWER SYSTEM PERF CLOCK SENSOR RESET VOLTAGE POWERCAP PINCTRL)
PROTO_X=(NEGOTIATE QUIRKS LAZY BASE_PERMS FASTCHANNEL EXT_NAMES COUNTERS)
MINIMAL="$(off LOCK IRQ ON_RETURN ASYNC NONBLOCKING NOTIFY DEDICATED COUNTERS LOG STRERROR)"
MINIMAL="$MINIMAL -DSCMIA_CFG_POLL=1 -DSCMIA_CFG_MAX_SLOTS=32 $(off PROTO_POWER PROTO_SYSTEM PROTO_PERF PROTO_CLOCK \
	PROTO_SENSOR PROTO_RESET PROTO_VOLTAGE PROTO_POWERCAP PROTO_PINCTRL PROTO_NEGOTIATE \
	PROTO_QUIRKS PROTO_LAZY PROTO_BASE_PERMS PROTO_FASTCHANNEL PROTO_EXT_NAMES PROTO_COUNTERS)"
TYPICAL="$(off PROTO_SYSTEM PROTO_VOLTAGE PROTO_POWERCAP PROTO_PINCTRL) -DSCMIA_CFG_MAX_SLOTS=32"
ALL_OFF="$(off LOCK IRQ ON_RETURN ASYNC NONBLOCKING NOTIFY DEDICATED COUNTERS LOG STRERROR \
	TRACE RAW)"
# and with completion on return only (non-blocking transfers stay: a
# blocking wait needs IRQ or POLL)
ALL_OFF_RET="$(off LOCK IRQ POLL ASYNC NOTIFY DEDICATED COUNTERS LOG STRERROR TRACE RAW)"
for p in "${PROTOS[@]}" "${PROTO_X[@]}"; do
	ALL_OFF="$ALL_OFF $(off "PROTO_$p")"
	ALL_OFF_RET="$ALL_OFF_RET $(off "PROTO_$p")"
done

# name|defines
VALID=("defaults|")
for o in IRQ POLL ON_RETURN ASYNC NONBLOCKING NOTIFY DEDICATED COUNTERS LOG STRERROR; do
	VALID+=("$o=0|$(off "$o")")
done
for p in "${PROTOS[@]}"; do
	case $p in
	BASE) VALID+=("PROTO_BASE=0 (LAZY=0)|$(off PROTO_BASE PROTO_LAZY)") ;;
	*) VALID+=("PROTO_$p=0|$(off "PROTO_$p")") ;;
	esac
done
for p in "${PROTO_X[@]}"; do VALID+=("PROTO_$p=0|$(off "PROTO_$p")"); done
VALID+=(
	"MAX_SLOTS=1|-DSCMIA_CFG_MAX_SLOTS=1"
	"MAX_SLOTS=128|-DSCMIA_CFG_MAX_SLOTS=128"
	"MAX_SLOTS=129|-DSCMIA_CFG_MAX_SLOTS=129"
	"FAST_PATHS=0|-DSCMIA_CFG_FAST_PATHS=0"
	"FAST_PATHS=1|-DSCMIA_CFG_FAST_PATHS=1"
	"FAST_PATHS=2|-DSCMIA_CFG_FAST_PATHS=2"
	"TRACE=1|-DSCMIA_CFG_TRACE=1"
	"RAW=1|-DSCMIA_CFG_RAW=1"
	"TRACE=1 RAW=1|-DSCMIA_CFG_TRACE=1 -DSCMIA_CFG_RAW=1"
	"minimal|$MINIMAL $(off TRACE RAW)"
	"minimal TRACE=1|$MINIMAL -DSCMIA_CFG_TRACE=1"
	"typical|$TYPICAL"
	"all off (POLL=1)|$ALL_OFF -DSCMIA_CFG_POLL=1"
	"all off (ON_RETURN=1 NONBLOCKING=1)|$ALL_OFF_RET"
)
# name|defines|text the #error must print
IMPOSSIBLE=(
	"IRQ=0 POLL=0 ON_RETURN=0|$(off IRQ POLL ON_RETURN)|no way to complete a transfer"
	"LOCK=0 (IRQ=1)|$(off LOCK)|SCMIA_CFG_IRQ needs SCMIA_CFG_LOCK"
	"NONBLOCKING=0 IRQ=0 POLL=0|$(off NONBLOCKING IRQ POLL)|blocking waits need SCMIA_CFG_IRQ or SCMIA_CFG_POLL"
	"RAW=1 NONBLOCKING=0|-DSCMIA_CFG_RAW=1 $(off NONBLOCKING)|SCMIA_CFG_RAW needs SCMIA_CFG_NONBLOCKING"
	"CHAN_TABLE=12|-DSCMIA_CFG_CHAN_TABLE=12|SCMIA_CFG_CHAN_TABLE must be a power of two"
	"MAX_SLOTS=0|-DSCMIA_CFG_MAX_SLOTS=0|SCMIA_CFG_MAX_SLOTS must be within"
	"FAST_PATHS=3|-DSCMIA_CFG_FAST_PATHS=3|SCMIA_CFG_FAST_PATHS must be 0, 1 or 2"
	"MAX_SLOTS=1025|-DSCMIA_CFG_MAX_SLOTS=1025|SCMIA_CFG_MAX_SLOTS must be within"
	"CHAN_TABLE=1024|-DSCMIA_CFG_CHAN_TABLE=1024|SCMIA_CFG_CHAN_TABLE must be a power of two"
	"NOTIFY=2|-DSCMIA_CFG_NOTIFY=2|SCMIA_CFG_* switches are 0 or 1"
	"PROTO_CLOCK=2|-DSCMIA_CFG_PROTO_CLOCK=2|SCMIA_CFG_PROTO_* switches are 0 or 1"
	"PROTO_BASE=0 (LAZY=1)|$(off PROTO_BASE)|SCMIA_CFG_PROTO_LAZY needs SCMIA_CFG_PROTO_BASE"
	"DEFAULT_MAX_MSG=0|-DSCMIA_DEFAULT_MAX_MSG=0|SCMIA_DEFAULT_MAX_MSG must be within"
	"DEFAULT_MSG_SIZE=4|-DSCMIA_DEFAULT_MSG_SIZE=4|SCMIA_DEFAULT_MSG_SIZE must be within"
)

# ---- one target over every valid combination ---------------------------------------

# module_on HEADER DEFINES: 0 when the module HEADER declares is compiled
# in. Off: the trace formatter and the capture encoder (trace.h,
# pcapng.h) unless SCMIA_CFG_TRACE is 1, and a protocol's helpers
# (proto/<name>.h) when its SCMIA_CFG_PROTO_<NAME> is 0 (config.h and
# proto.h document both); never the mediator's (mediator.h: another
# library). Everything else every combination must define.
module_on() {
	local h=$1 p
	case "$h" in
	*/include/scmia/trace.h | */include/scmia/pcapng.h)
		[[ " $2 " == *" -DSCMIA_CFG_TRACE=1 "* ]] ;;
	*/include/scmia/mediator.h) return 1 ;;
	*/include/scmia/proto/proto.h) return 0 ;;
	*/include/scmia/proto/*.h)
		p=$(basename "$h" .h)
		[[ " $2 " != *" -DSCMIA_CFG_PROTO_${p^^}=0 "* ]] ;;
	*) return 0 ;;
	esac
}

# link_prog TARGET DEFINES PROG HROOT OBJ...: a program that takes the
# address of every function and object the public headers under HROOT
# declare with DEFINES (modules compiled out aside, see module_on), linked
# with the objects. Prints "ok <functions> <objects>" or "FAIL <why>".
link_prog() {
	local tgt=$1 defs=$2 prog=$3 hroot=$4 s dd
	shift 4
	local -a cc d hincs=(-I"$hroot/include") link
	if [ "$tgt" = host ]; then cc=("${HOST[@]}"); else cc=("${CM4[@]}"); fi
	read -r -a d <<<"$defs"
	for dd in "$hroot"/transports/*/; do hincs+=(-I"${dd%/}"); done
	for s in "${HDRS[@]}"; do echo "#include \"$hroot/$s\""; done >"$prog-h.c"
	if ! "${cc[@]}" "${WARN[@]}" "${d[@]}" "${hincs[@]}" -aux-info "$prog.aux" \
		-c "$prog-h.c" -o "$prog-h.o" >"$prog.log" 2>&1 ||
		! "${cc[@]}" "${WARN[@]}" "${d[@]}" "${hincs[@]}" -E "$prog-h.c" >"$prog-h.i" \
			2>>"$prog.log"; then
		echo "FAIL the public headers do not compile together: $(grep -m 1 error "$prog.log")"
		return
	fi
	{
		cat "$prog-h.c"
		echo "typedef void (*fn_t)(void);"
		echo "static const fn_t fns[] = {"
		sed -n 's|^/\* \([^*:]*\):[^*]* \*/ extern .*[ *]\(scmia_[A-Za-z0-9_]*\) (.*|\1 \2|p' \
			"$prog.aux" | sort -u -k2 | while read -r h f; do
			module_on "$h" "$defs" && printf '\t(fn_t)%s,\n' "$f"
		done
		echo "	(fn_t)0 };"
		echo "static const void *const objs[] = {"
		awk '/^# [0-9]+ "/ { h = $3; gsub(/"/, "", h); next }
		     /^extern const [^()]*[ *]scmia_[A-Za-z0-9_]*;$/ {
			n = $NF; sub(/;$/, "", n); sub(/^\*+/, "", n); print h, n }' "$prog-h.i" |
			sort -u -k2 | while read -r h o; do
			module_on "$h" "$defs" && printf '\t(const void *)&%s,\n' "$o"
		done
		echo "	(const void *)0 };"
		echo "static volatile unsigned pick;"
		echo "int main(void)"
		echo "{"
		echo "	return fns[pick % (sizeof(fns) / sizeof(fns[0]))] != 0 &&"
		echo "	       objs[pick % (sizeof(objs) / sizeof(objs[0]))] != 0;"
		echo "}"
	} >"$prog.c"
	if ! "${cc[@]}" "${WARN[@]}" "${d[@]}" "${hincs[@]}" -c "$prog.c" -o "$prog.o" \
		>>"$prog.log" 2>&1; then
		echo "FAIL the link program does not compile: $(grep -m 1 -E 'error|warning' "$prog.log")"
		return
	fi
	link=("${cc[@]}")
	[ "$tgt" = host ] || link+=("${CM4_LINK[@]}")
	if ! "${link[@]}" "$prog.o" "$@" -o "$prog.elf" >>"$prog.log" 2>&1; then
		echo "FAIL link: $(grep -m 2 -E 'undefined|multiple|error' "$prog.log" |
			sed 's|^.*: ||' | tr '\n' ' ')"
		return
	fi
	echo "ok $(grep -c '(fn_t)scmia_' "$prog.c") $(grep -c '&scmia_' "$prog.c")"
}

# build_all TARGET CC...: builds each valid combination for TARGET; writes
# $out/TARGET/<i>.result: "ok <n compiled> <n reused>" or "FAIL <why>".
build_all() {
	local tgt=$1 i name defs s key obj log prog
	shift
	local -a cc=("$@") d objs
	local cache="$out/$tgt/cache"
	mkdir -p "$cache"
	for i in "${!VALID[@]}"; do
		name=${VALID[$i]%%|*}
		defs=${VALID[$i]#*|}
		read -r -a d <<<"$defs"
		objs=()
		local n_new=0 n_old=0 why=""
		for s in "${SRCS[@]}"; do
			key=$("${cc[@]}" "${WARN[@]}" "${d[@]}" "${incs[@]}" -E "$s" 2>/dev/null | cksum |
				tr ' ' '-')
			obj="$cache/$(basename "${s%.c}")-$key.o"
			log="${obj%.o}.log"
			if [ ! -e "$obj" ] && [ ! -e "$log" ]; then
				if "${cc[@]}" "${WARN[@]}" "${d[@]}" "${incs[@]}" -c "$s" -o "$obj.tmp" \
					>"$log" 2>&1; then
					mv "$obj.tmp" "$obj"
					rm -f "$log"
				fi
				n_new=$((n_new + 1))
			else
				n_old=$((n_old + 1))
			fi
			if [ ! -e "$obj" ]; then
				why="$why$s: $(grep -m 1 -E 'error|warning' "$log" | sed "s|^$root/||") "
				continue
			fi
			objs+=("$obj")
		done
		if [ -n "$why" ]; then
			echo "FAIL $why" >"$out/$tgt/$i.result"
			continue
		fi
		printf '%s\n' "${objs[@]}" >"$out/$tgt/$i.objs"
		r=$(link_prog "$tgt" "$defs" "$out/$tgt/prog-$i" "$root" "${objs[@]}")
		case "$r" in
		ok*) echo "ok $n_new $n_old ${r#ok }" >"$out/$tgt/$i.result" ;;
		*) echo "$r" >"$out/$tgt/$i.result" ;;
		esac
	done
}

rm -rf "$out/host" "$out/cortex-m4"
mkdir -p "$out/host" "$out/cortex-m4"
t0=$(date +%s)
build_all host "${HOST[@]}" &
p1=$!
build_all cortex-m4 "${CM4[@]}" &
p2=$!
wait "$p1" "$p2"

pass=0
fail=0
for i in "${!VALID[@]}"; do
	name=${VALID[$i]%%|*}
	line="" bad=0
	for tgt in host cortex-m4; do
		r=$(cat "$out/$tgt/$i.result" 2>/dev/null || echo "FAIL no result")
		case "$r" in
		ok*)
			read -r _ nn no nf nob <<<"$r"
			line="$line $tgt ok ($nn compiled, $no reused, $nf functions + $nob objects resolve);"
			;;
		*)
			line="$line $tgt ${r#FAIL };"
			bad=1
			;;
		esac
	done
	if [ "$bad" = 0 ]; then
		pass=$((pass + 1))
		echo "ok: $name:$line"
	else
		fail=$((fail + 1))
		echo "FAILED: $name:$line"
	fi
done

# ---- impossible combinations ---------------------------------------------------------
printf '#include "scmia/scmia.h"\n#include "scmia/proto/proto.h"\nint scmia_options_probe;\n' \
	>"$out/probe.c"
for c in "${IMPOSSIBLE[@]}"; do
	name=${c%%|*}
	rest=${c#*|}
	defs=${rest%%|*}
	want=${rest#*|}
	read -r -a d <<<"$defs"
	line="" bad=0
	for tgt in host cortex-m4; do
		if [ "$tgt" = host ]; then cc=("${HOST[@]}"); else cc=("${CM4[@]}"); fi
		if "${cc[@]}" "${WARN[@]}" "${d[@]}" "${incs[@]}" -c "$out/probe.c" -o "$out/probe.o" \
			>"$out/probe.log" 2>&1; then
			line="$line $tgt compiles;"
			bad=1
		elif grep '#error' "$out/probe.log" | grep -q -F "$want"; then
			line="$line $tgt #error;"
		else
			line="$line $tgt fails without the #error \"$want...\": $(grep -m 1 error "$out/probe.log");"
			bad=1
		fi
	done
	if [ "$bad" = 0 ]; then
		pass=$((pass + 1))
		echo "ok: impossible $name:$line"
	else
		fail=$((fail + 1))
		echo "FAILED: impossible $name:$line"
	fi
done

# ---- the check checks itself ------------------------------------------------------
# A copy of the public headers with one #error taken out, and with one
# function declared that nothing defines: the probe and the link program
# must catch each (host, every option at its default).
st="$out/selftest"
rm -rf "$st"
mkdir -p "$st/transports"
cp -r "$root/include" "$st/include"
for dd in "$root"/transports/*/; do
	mkdir -p "$st/transports/$(basename "$dd")"
	cp "$dd"scmia_*.h "$st/transports/$(basename "$dd")/"
done
if grep -q '^#error "SCMIA_CFG_RAW needs SCMIA_CFG_NONBLOCKING' "$st/include/scmia/config.h"; then
	sed -i '/^#error "SCMIA_CFG_RAW needs SCMIA_CFG_NONBLOCKING/d' "$st/include/scmia/config.h"
	if "${HOST[@]}" "${WARN[@]}" -DSCMIA_CFG_RAW=1 -DSCMIA_CFG_NONBLOCKING=0 -I"$st/include" \
		-c "$out/probe.c" -o "$out/probe.o" >"$out/probe.log" 2>&1 ||
		! grep '#error' "$out/probe.log" | grep -q -F "SCMIA_CFG_RAW needs"; then
		pass=$((pass + 1))
		echo "ok: self-test: with its #error taken out of a copy of config.h, RAW=1 NONBLOCKING=0 fails the check (caught)"
	else
		fail=$((fail + 1))
		echo "FAILED: self-test: the #error check still passes with the #error taken out"
	fi
else
	fail=$((fail + 1))
	echo "FAILED: self-test: no '#error \"SCMIA_CFG_RAW needs SCMIA_CFG_NONBLOCKING' in config.h to take out (update this test)"
fi
printf '#include <stdint.h>\nuint32_t scmia_options_selftest_undefined(void);\n' \
	>"$st/include/scmia/zz_selftest.h"
HDRS+=(include/scmia/zz_selftest.h)
dobjs=()
[ ! -e "$out/host/0.objs" ] || mapfile -t dobjs <"$out/host/0.objs"
if [ "${#dobjs[@]}" -eq 0 ]; then
	r="FAIL the default combination did not build"
else
	r=$(link_prog host "" "$st/prog" "$st" "${dobjs[@]}")
fi
case "$r" in
"FAIL link: "*scmia_options_selftest_undefined*)
	pass=$((pass + 1))
	echo "ok: self-test: a declared function that nothing defines fails the link (${r#FAIL })"
	;;
*)
	fail=$((fail + 1))
	echo "FAILED: self-test: a declared function that nothing defines: $r"
	;;
esac

echo "options: $((${#VALID[@]})) combinations built, ${#IMPOSSIBLE[@]} refused, $(($(date +%s) - t0)) s"
echo "options: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
