#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# tools/footprint.d/proto_size.sh  -- size of the protocol helpers on Cortex-M4.
#
# Compiles lib/proto/*.c with arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os
# -ffunction-sections -fdata-sections and prints:
#   - text / data / bss of each lib/proto object (every option at its
#     default: all ten protocols, every feature);
#   - for each configuration (minimal, typical, full): the library compiled
#     with that configuration's options, linked with --gc-sections against
#     tools/footprint.d/fp_proto.c, a program that calls EVERY helper the
#     configuration offers; the text the linker kept from lib/proto (the
#     protocols' share), from the rest of lib/ (core) and from transports/.
#
# Configurations (SCMIA_CFG_* options given with -D; see docs/protocols.md):
#   minimal  core + SMT polling + Base; notifications and delayed responses
#            compiled out; no negotiation, quirks, lazy attach, permission
#            commands or counters (the smallest useful Base client)
#   typical  core + SMT with interrupts + Base, Clock, Power, Perf, Reset,
#            Sensor, notifications on, every protocol feature at its default
#   full     every transport and all ten protocols, every default
#
# The core and transport figures depend on the core's own options (the
# minimal image is built polling, without lock, interrupt, non-blocking or
# return-of-call completion); tools/footprint is the reference for them.
#
# Lines for tools/footprint to grep (one per configuration):
#   proto_size: config=<name> proto=<bytes> core=<bytes> transports=<bytes> total=<bytes>
#
# Usage: proto_size.sh [--config=minimal|typical|full]...  (default: all)
# Environment: SCMIA_BUILD_ROOT (default <repo>/build). Exits 0 whatever the
# figures are; non-zero only when something does not build.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CC=arm-none-eabi-gcc
ARCH=(-mcpu=cortex-m4 -mthumb)
CFLAGS=("${ARCH[@]}" -Os -ffunction-sections -fdata-sections -std=c11
	-Wall -Wextra -Wundef -Wshadow -Wconversion)
LDFLAGS=("${ARCH[@]}" -Os --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections)

configs=()
for a in "$@"; do
	case "$a" in
	--config=minimal | --config=typical | --config=full) configs+=("${a#--config=}") ;;
	-h | --help)
		sed -n '4,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "proto_size: unknown argument '$a'" >&2
		exit 2
		;;
	esac
done
[ "${#configs[@]}" -gt 0 ] || configs=(minimal typical full)

command -v "$CC" >/dev/null || {
	echo "proto_size: $CC not found (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2
	exit 1
}

dir=${SCMIA_BUILD_ROOT:-$ROOT/build}/proto_size
rm -rf "$dir"
mkdir -p "$dir"
log="$dir/build.log"
: >"$log"

incs=(-I"$ROOT/include")
for t in "$ROOT"/transports/*/; do
	incs+=(-I"${t%/}")
done

off_all_protos() {
	local p
	for p in BASE POWER SYSTEM PERF CLOCK SENSOR RESET VOLTAGE POWERCAP PINCTRL; do
		echo "-DSCMIA_CFG_PROTO_$p=0"
	done
}

# defs_of CONFIG: the -D options of a configuration, one per line.
defs_of() {
	case "$1" in
	minimal)
		off_all_protos | grep -v BASE
		printf '%s\n' -DSCMIA_CFG_PROTO_BASE=1 -DSCMIA_CFG_NOTIFY=0 -DSCMIA_CFG_ASYNC=0 \
			-DSCMIA_CFG_PROTO_NEGOTIATE=0 -DSCMIA_CFG_PROTO_QUIRKS=0 \
			-DSCMIA_CFG_PROTO_LAZY=0 -DSCMIA_CFG_PROTO_BASE_PERMS=0 \
			-DSCMIA_CFG_PROTO_COUNTERS=0 -DSCMIA_CFG_IRQ=0 -DSCMIA_CFG_LOCK=0 \
			-DSCMIA_CFG_NONBLOCKING=0 -DSCMIA_CFG_ON_RETURN=0 -DFP_POLL=1
		;;
	typical)
		off_all_protos | grep -Ev 'BASE|POWER=|PERF|CLOCK|SENSOR|RESET'
		;;
	full) ;;
	esac
}

# transports_of CONFIG: the transport sources linked.
transports_of() {
	case "$1" in
	full) (cd "$ROOT" && ls transports/*/*.c | grep -v '^transports/loopback/') ;;
	*) (cd "$ROOT" && ls transports/smt/*.c) ;;
	esac
}

# compile OUTDIR DEFS... : every library source of the configuration.
compile() {
	local out=$1 s o
	shift
	mkdir -p "$out"
	for s in $(cd "$ROOT" && ls lib/*.c lib/proto/*.c) $(transports_of "$cfg"); do
		o="$out/$(echo "${s%.c}" | tr / _).o"
		if ! "$CC" "${CFLAGS[@]}" "$@" "${incs[@]}" -c "$ROOT/$s" -o "$o" >>"$log" 2>&1; then
			tail -n 20 "$log" >&2
			echo "proto_size: $s does not compile for Cortex-M4 ($cfg)" >&2
			exit 1
		fi
	done
}

# shares MAP: "proto core transports other" text bytes the linker kept.
shares() {
	awk '
	function hex(h,    i, n) {
		n = 0
		h = tolower(substr(h, 3))
		for (i = 1; i <= length(h); i++)
			n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return n
	}
	function add(sec, size, file) {
		if (size !~ /^0x/ || sec ~ /^\.(debug|comment|ARM\.attributes|note|stab)/)
			return
		if (sec ~ /^\.(data|bss)/ || sec ~ /^COMMON/) {
			if (file ~ /libscmia\.a\(lib_/ || file ~ /libscmia\.a\(transports_/)
				db += hex(size)
			return
		}
		if (file ~ /libscmia\.a\(lib_proto_/)
			p += hex(size)
		else if (file ~ /libscmia\.a\(lib_/)
			c += hex(size)
		else if (file ~ /libscmia\.a\(transports_/)
			t += hex(size)
	}
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	pending != "" {
		if ($1 ~ /^0x/ && NF >= 3)
			add(pending, $2, $3)
		pending = ""
		next
	}
	/^ [.A-Za-z_]/ {
		if (NF == 1)
			pending = $1
		else if (NF >= 4)
			add($1, $3, $4)
	}
	END { printf "%d %d %d %d\n", p, c, t, db }' "$1"
}

# ---- per object, every option at its default --------------------------------
cfg=full
compile "$dir/obj" 
echo "Per object, lib/proto (Cortex-M4 -Os, every option at its default):"
printf '  %-24s %7s %6s %6s\n' object text data bss
tot=0
for s in $(cd "$ROOT" && ls lib/proto/*.c); do
	o="$dir/obj/$(echo "${s%.c}" | tr / _).o"
	read -r t d b _ < <(arm-none-eabi-size "$o" | awk 'NR == 2')
	printf '  %-24s %7d %6d %6d\n' "$s" "$t" "$d" "$b"
	tot=$((tot + t))
done
printf '  %-24s %7d\n' "total" "$tot"
echo

# ---- per configuration ---------------------------------------------------------
for cfg in "${configs[@]}"; do
	mapfile -t defs < <(defs_of "$cfg")
	out="$dir/$cfg"
	compile "$out" "${defs[@]}"
	arm-none-eabi-ar rcs "$out/libscmia.a" "$out"/*.o
	if ! "$CC" "${CFLAGS[@]}" "${defs[@]}" "${incs[@]}" -c "$ROOT/tools/footprint.d/fp_proto.c" \
		-o "$dir/fp_$cfg.o" >>"$log" 2>&1 ||
		! "$CC" "${LDFLAGS[@]}" -Wl,-Map="$out/image.map" "$dir/fp_$cfg.o" "$out/libscmia.a" \
			-o "$out/image.elf" >>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		echo "proto_size: the $cfg image does not build" >&2
		exit 1
	fi
	read -r p c t db < <(shares "$out/image.map")
	echo "config=$cfg: ${defs[*]:-(defaults)}"
	printf '  %-28s %7d\n' "lib/proto (protocols)" "$p" "lib (core)" "$c" \
		"transports" "$t" "library text" "$((p + c + t))"
	[ "$db" -eq 0 ] || echo "  library data + bss: $db (should be 0)"
	echo "  largest lib/proto functions kept:"
	awk '/^Linker script and memory map/ { on = 1 } on' "$out/image.map" |
		awk 'pending != "" { if ($1 ~ /^0x/ && $3 ~ /lib_proto_/) print $2, pending; pending = ""; next }
		     /^ \.text\./ { if (NF == 1) pending = $1; else if ($4 ~ /lib_proto_/) print $3, $1 }' |
		while read -r size sec; do echo "$((size)) ${sec#.text.}"; done | sort -rn | head -n 8 |
		awk '{ printf "    %6d  %s\n", $1, $2 }'
	echo "proto_size: config=$cfg proto=$p core=$c transports=$t total=$((p + c + t))"
	echo
done
