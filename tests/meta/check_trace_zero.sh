#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_trace_zero.sh ROOT HOST_CC [CM4_CC]
#
# Tracing and raw messages cost nothing when they are compiled out (issue
# 13: "the trace-off build shows zero added instructions and bytes").
# For lib/core.c and lib/notify.c, for the host (HOST_CC, -O2) and, when
# CM4_CC is given (arm-none-eabi-gcc; "none" or empty: not checked), for
# Cortex-M4 (-mcpu=cortex-m4 -mthumb -Os), in two configurations (every
# option at its default, and the minimal set of tools/footprint):
#   1. the source as it is, compiled with SCMIA_CFG_TRACE=0 and
#      SCMIA_CFG_RAW=0;
#   2. the same source after trace_strip.awk took out every trace and raw
#      region, hook macro and drop reason (as if they had never been
#      written; the script refuses what it does not understand), compiled
#      the same way;
# and the two objects must have the same sections with the same sizes
# (`size -A`) and the same code (`objdump -dr` without addresses). No
# symbol of the first object may contain "trace" or "raw" (clock_raw, the
# clock read, excepted).
#
# The check checks itself (host compiler, default options): the stripper
# must refuse a condition it does not know (`#if SCMIA_CFG_TRACE &&
# SCMIA_CFG_LOCK`) and a hook used inside an expression; a core whose
# `x->transfer_id = ++agent->transfer_id;` was moved out of its #if, and a
# core whose TRACE_END does work when tracing is off (it stores the
# result), must each make the check fail; the symbol check must flag the
# core built with SCMIA_CFG_TRACE=1 and SCMIA_CFG_RAW=1.
#
# One case per line; last line "meta_trace_zero: N passed, N failed".
# Exit status 0 when no case failed, 1 otherwise, 2 on a usage error.

set -u

root=${1:?usage: check_trace_zero.sh ROOT HOST_CC [CM4_CC]}
host_cc=${2:?usage: check_trace_zero.sh ROOT HOST_CC [CM4_CC]}
cm4_cc=${3:-none}
root=$(cd "$root" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
strip_awk="$here/trace_strip.awk"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

# The minimal configuration of tools/footprint (polling only, one context).
MINIMAL="-DSCMIA_CFG_LOCK=0 -DSCMIA_CFG_IRQ=0 -DSCMIA_CFG_POLL=1 -DSCMIA_CFG_ON_RETURN=0
-DSCMIA_CFG_ASYNC=0 -DSCMIA_CFG_NONBLOCKING=0 -DSCMIA_CFG_NOTIFY=0 -DSCMIA_CFG_DEDICATED=0
-DSCMIA_CFG_COUNTERS=0 -DSCMIA_CFG_LOG=0 -DSCMIA_CFG_STRERROR=0"
FILES="core notify"

# objdump/nm/size of a compiler: its binutils (prefix of a cross compiler).
tools_of() { # CC -> sets OBJDUMP NM SIZE
	case "$(basename "$1")" in
	arm-none-eabi-*) pfx=arm-none-eabi- ;;
	*) pfx= ;;
	esac
	OBJDUMP=${pfx}objdump
	NM=${pfx}nm
	SIZE=${pfx}size
}

# compile CC FLAGS SRCDIR OUTDIR NAME: SRCDIR/lib/NAME.c -> OUTDIR/NAME.o.
# The file is compiled from a copy under SRCDIR/lib, so that both variants
# have the same path relative to their tree; internal.h comes from ROOT.
compile() {
	mkdir -p "$4"
	# shellcheck disable=SC2086 # flags are words
	$1 $2 -std=c11 -ffunction-sections -fdata-sections -I"$root/include" -I"$root/lib" \
		-ffile-prefix-map="$3"=. -c "$3/lib/$5.c" -o "$4/$5.o" 2>"$4/$5.log"
}

# code OBJ: the disassembly with relocations, without the file name, the
# addresses and the absolute targets (symbol + offset stay).
code() {
	"$OBJDUMP" -dr --no-show-raw-insn "$1" | sed -e '1,3d' \
		-e 's/^ *[0-9a-f][0-9a-f]*:[[:space:]]*//' \
		-e 's/[[:space:]][0-9a-f][0-9a-f]* </ </g' \
		-e 's/^[0-9a-f]\{8,16\} </</'
}

# sections OBJ: "name size" of every section.
sections() {
	"$SIZE" -A "$1" | awk 'NR > 2 && NF >= 2 && $1 != "Total" { print $1, $2 }'
}

# bad_symbols OBJ: symbols with "trace" or "raw" in their name.
bad_symbols() {
	"$NM" "$1" | awk '{ print $NF }' | grep -i -E 'trace|raw' | grep -v -x 'clock_raw' || true
}

# variants TAG CC FLAGS SRC: build SRC (a tree with lib/core.c and
# lib/notify.c) as is and stripped, under $tmp/TAG/{asis,stripped}. Returns
# 1 (with the reason in $why) when something cannot be stripped or built.
variants() {
	tag=$1 cc=$2 flags=$3 src=$4
	d="$tmp/$tag"
	rm -rf "$d"
	mkdir -p "$d/s/lib"
	why=""
	for f in $FILES; do
		if ! awk -f "$strip_awk" "$src/lib/$f.c" >"$d/s/lib/$f.c" 2>"$d/strip-$f.log"; then
			why="trace_strip refused lib/$f.c: $(head -n 1 "$d/strip-$f.log" | sed "s|^$src/||")"
			return 1
		fi
		if ! compile "$cc" "$flags -DSCMIA_CFG_TRACE=0 -DSCMIA_CFG_RAW=0" "$src" "$d/asis" "$f"; then
			why="lib/$f.c as is does not compile: $(grep -m 2 'error' "$d/asis/$f.log" | tr '\n' ' ')"
			return 1
		fi
		if ! compile "$cc" "$flags -DSCMIA_CFG_TRACE=0 -DSCMIA_CFG_RAW=0" "$d/s" "$d/stripped" "$f"; then
			why="stripped lib/$f.c does not compile: $(grep -m 2 'error' "$d/stripped/$f.log" | tr '\n' ' ')"
			return 1
		fi
	done
	return 0
}

# same TAG FILE: 0 when both variants of FILE have the same sections and
# code; the differences go to $tmp/TAG/FILE.diff.
same() {
	d="$tmp/$1"
	sections "$d/asis/$2.o" >"$d/asis/$2.sec"
	sections "$d/stripped/$2.o" >"$d/stripped/$2.sec"
	code "$d/asis/$2.o" >"$d/asis/$2.dis"
	code "$d/stripped/$2.o" >"$d/stripped/$2.dis"
	{
		diff "$d/stripped/$2.sec" "$d/asis/$2.sec"
		diff "$d/stripped/$2.dis" "$d/asis/$2.dis"
	} >"$d/$2.diff" 2>&1
}

# compare TAG: one case per file (sections, code) and one for the symbols.
compare() {
	for f in $FILES; do
		if same "$1" "$f"; then
			n=$(wc -l <"$tmp/$1/asis/$f.dis")
			ok "$1 lib/$f.c: as is (trace/raw off) = never traced: same sections and code ($n lines of disassembly)"
		else
			ko "$1 lib/$f.c: as is (trace/raw off) differs from the trace-free source (< trace-free, > as is):"
			head -n 20 "$tmp/$1/$f.diff" | sed 's/^/    /'
		fi
	done
	bad=""
	for f in $FILES; do
		bad="$bad$(bad_symbols "$tmp/$1/asis/$f.o")"
	done
	if [ -z "$bad" ]; then
		ok "$1: no symbol naming trace or raw in core.o, notify.o"
	else
		ko "$1: symbols naming trace or raw: $(echo "$bad" | tr '\n' ' ')"
	fi
}

mkdir -p "$tmp/orig/lib"
for f in $FILES; do
	cp "$root/lib/$f.c" "$tmp/orig/lib/$f.c"
done

# ---- the library -------------------------------------------------------------
targets="host|$host_cc|-O2"
if [ -n "$cm4_cc" ] && [ "$cm4_cc" != none ]; then
	targets="$targets
cortex-m4|$cm4_cc|-mcpu=cortex-m4 -mthumb -Os"
else
	echo "note: Cortex-M4 not checked (no arm-none-eabi-gcc given)"
fi
old_ifs=$IFS
IFS='
'
for t in $targets; do
	IFS=$old_ifs
	name=${t%%|*}
	rest=${t#*|}
	cc=${rest%%|*}
	flags=${rest#*|}
	tools_of "$cc"
	for cfg in defaults minimal; do
		extra=""
		[ "$cfg" = minimal ] && extra=$(echo "$MINIMAL" | tr '\n' ' ')
		if variants "$name-$cfg" "$cc" "$flags $extra" "$tmp/orig"; then
			compare "$name-$cfg"
		else
			ko "$name-$cfg: $why"
		fi
	done
done
IFS=$old_ifs

# ---- the check checks itself ---------------------------------------------------
tools_of "$host_cc"

# 1. Constructs the stripper does not know are refused.
printf '#if SCMIA_CFG_TRACE && SCMIA_CFG_LOCK\nint a;\n#endif\n' >"$tmp/unknown1.c"
printf 'int f(int x)\n{\n\treturn x + TRACE_COUNT(x);\n}\n' >"$tmp/unknown2.c"
printf '#if 1\n#elif SCMIA_CFG_RAW\n#endif\n' >"$tmp/unknown3.c"
for u in 1 2 3; do
	if awk -f "$strip_awk" "$tmp/unknown$u.c" >/dev/null 2>"$tmp/unknown$u.log"; then
		ko "self-test: trace_strip accepted $(head -n 3 "$tmp/unknown$u.c" | tr '\n\t' '  ')"
	else
		ok "self-test: trace_strip refuses it: $(head -n 1 "$tmp/unknown$u.log" | sed "s|^$tmp/||")"
	fi
done

# 2. Mutants of the core, each of which must make the check fail.
# mutant NAME AWK-PROGRAM: $tmp/mut-NAME/lib/core.c from lib/core.c.
mutant() {
	m="$tmp/mut-$1"
	mkdir -p "$m/lib"
	cp "$root/lib/notify.c" "$m/lib/notify.c"
	awk "$2" "$root/lib/core.c" >"$m/lib/core.c"
	! cmp -s "$root/lib/core.c" "$m/lib/core.c"
}

# run_mutant NAME DESCRIPTION: the check must fail on it.
run_mutant() {
	if variants "mut-$1-host" "$host_cc" "-O2" "$tmp/mut-$1"; then
		if same "mut-$1-host" core; then
			ko "self-test: $2: not caught (sections and code identical)"
		else
			ok "self-test: $2: caught ($(grep -c '^[<>]' "$tmp/mut-$1-host/core.diff") differing lines)"
		fi
	else
		ok "self-test: $2: caught ($why)"
	fi
}

# shellcheck disable=SC2016 # an awk program
# a. The transfer id taken outside its #if (the #if and #endif around
#    `x->transfer_id = ++agent->transfer_id;` deleted).
if mutant tid '
	{ line[NR] = $0 }
	END {
		for (i = 2; i < NR; i++)
			if (!done && line[i] ~ /transfer_id = \+\+/ && line[i - 1] ~ /^#if SCMIA_CFG_TRACE$/ &&
			    line[i + 1] ~ /^#endif/) {
				line[i - 1] = ""
				line[i + 1] = ""
				done = 1
			}
		for (i = 1; i <= NR; i++)
			print line[i]
	}'; then
	run_mutant tid "transfer id taken outside #if SCMIA_CFG_TRACE"
else
	ko "self-test: no \`#if SCMIA_CFG_TRACE / x->transfer_id = ++...; / #endif' in lib/core.c to mutate (update this test)"
fi

# b. TRACE_END does work when tracing is off: it stores the result.
# shellcheck disable=SC2016 # an awk program
if mutant end '
	/^#define TRACE_END\([^,]*, [^,]*, [^,]*, [^)]*\) \(\(void\)0\)$/ && !done {
		p = $0
		sub(/^#define TRACE_END\(/, "", p)
		sub(/\).*$/, "", p)
		split(p, a, /, /)
		printf "#define TRACE_END(%s) ((%s)->result = (%s))\n", p, a[3], a[4]
		done = 1
		next
	}
	{ print }'; then
	run_mutant end "TRACE_END stores the result with tracing off"
else
	ko "self-test: no \`#define TRACE_END(a, c, x, res) ((void)0)' in lib/core.c to mutate (update this test)"
fi

# 3. The symbol check flags a core built with tracing and raw messages.
mkdir -p "$tmp/on"
if compile "$host_cc" "-O2 -DSCMIA_CFG_TRACE=1 -DSCMIA_CFG_RAW=1" "$tmp/orig" "$tmp/on" core; then
	bad=$(bad_symbols "$tmp/on/core.o" | tr '\n' ' ')
	if [ -n "$bad" ]; then
		ok "self-test: the symbol check flags the TRACE=1 RAW=1 core: $bad"
	else
		ko "self-test: the symbol check finds nothing in the TRACE=1 RAW=1 core"
	fi
else
	ko "self-test: lib/core.c does not compile with SCMIA_CFG_TRACE=1 SCMIA_CFG_RAW=1: $(grep -m 2 error "$tmp/on/core.log" | tr '\n' ' ')"
fi

echo "meta_trace_zero: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
