# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Suite "cross": bare-metal cross builds with the toolchain files of
# cmake/toolchains/. One case per toolchain, each:
#   1. the library alone (scmia as the top-level project, every transport,
#      -DSCMIA_WERROR=ON): configures without the POSIX port (it must be
#      off by default on bare metal), builds without a warning, and all of
#      it (every archive, whole) links against the C library and libgcc
#      with nothing undefined (but see CROSS_LINK_PENDING);
#   2. the firmware of tests/cross/consumer, which vendors scmia with
#      add_subdirectory(third_party/scmia) as README.md shows, -Werror:
#      builds and links into an image; the suite checks the image's
#      machine and ELF class, its entry point (Cortex-M: the reset handler,
#      also the second word of the vector table at address 0; RISC-V:
#      picolibc's _start), that the agent is in it, that every library
#      source was compiled with -Werror and the CPU flags, and prints its
#      size.
# Build trees: build/cross/<toolchain>/{lib,fw}; the firmware's sources are
# staged in build/cross/src (third_party/scmia links to this tree).

# shellcheck disable=SC2034 # tools/check reads it
SUITE_DEPS["cross"]="gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi
	gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf"

# toolchain file name | binutils prefix | ELF machine | ELF class | CPU flag
CROSS_TOOLCHAINS=(
	"cortex-m0plus|arm-none-eabi-|ARM|ELF32|-mcpu=cortex-m0plus"
	"cortex-m4|arm-none-eabi-|ARM|ELF32|-mcpu=cortex-m4"
	"cortex-m33|arm-none-eabi-|ARM|ELF32|-mcpu=cortex-m33"
	"rv32imac|riscv64-unknown-elf-|RISC-V|ELF32|-march=rv32imac"
	"rv64imac|riscv64-unknown-elf-|RISC-V|ELF64|-march=rv64imac"
)
# Archives of the library that do not link yet, per toolchain (none now:
# transports/smc falls back to a lock where ARMv6-M lacks atomic
# read-modify-write instructions, see SCMIA_SMC_LOCKFREE). An exception
# checks itself: the whole-library link of such a toolchain must fail with
# undefined __atomic_* calls from exactly these archives, and the case
# fails when it links (then remove the exception) or fails in another way.
declare -A CROSS_LINK_PENDING=()

# cross_check_werror COMPILE_COMMANDS CPU_FLAG SCMIA_DIR: every library
# source (under SCMIA_DIR/lib or SCMIA_DIR/transports) compiled with -Werror
# and CPU_FLAG; prints the count checked, returns 1 on a miss.
cross_check_werror() {
	awk -v root="$3/" -v cpu="$2" '
	/"command":/ { cmd = $0; next }
	/"file":/ {
		f = $0
		sub(/^[^:]*: *"/, "", f)
		sub(/".*$/, "", f)
		if (index(f, root "lib/") != 1 && index(f, root "transports/") != 1)
			next
		n++
		if (index(cmd, " -Werror") == 0 || index(cmd, " " cpu " ") == 0) {
			print "    not compiled with -Werror " cpu ": " f
			bad++
		}
	}
	END {
		if (n == 0) { print "    no library source in the compile commands"; exit 1 }
		print "    " n " library sources compiled with -Werror " cpu
		exit bad > 0
	}' "$1"
}

# cross_link_all TOOLCHAIN PREFIX LIBDIR: link every archive of the library
# build in LIBDIR whole (no garbage collection, no startup code, entry 0)
# with the toolchain's C library: nothing may stay undefined, except what
# CROSS_LINK_PENDING allows for TOOLCHAIN.
cross_link_all() {
	local tc=$1 pfx=$2 d=$3 cflags ldflags libs extra=() log="$3/link-all.log"
	cflags=$(sed -n 's/^CMAKE_C_FLAGS:STRING=//p' "$d/CMakeCache.txt")
	ldflags=$(sed -n 's/^CMAKE_EXE_LINKER_FLAGS:STRING=//p' "$d/CMakeCache.txt")
	mapfile -t libs < <(find "$d" -name '*.a' | LC_ALL=C sort)
	# picolibc.ld places everything in a 64 KiB flash unless told.
	# shellcheck disable=SC2054 # the commas are in linker options
	case "$pfx" in
	riscv*) extra=(-Wl,--defsym=__flash=0x80000000 -Wl,--defsym=__flash_size=0x100000
		-Wl,--defsym=__ram=0x80100000 -Wl,--defsym=__ram_size=0x100000) ;;
	esac
	# shellcheck disable=SC2086 # the cached flags are word lists
	if "${pfx}gcc" $cflags $ldflags -nostartfiles -Wl,-e,0 -Wl,--no-gc-sections "${extra[@]}" \
		-Wl,--whole-archive "${libs[@]}" -Wl,--no-whole-archive -o "$d/all.elf" >"$log" 2>&1; then
		if [ -n "${CROSS_LINK_PENDING[$tc]:-}" ]; then
			echo "    the whole library links now for $tc: remove its CROSS_LINK_PENDING" \
				"exception (${CROSS_LINK_PENDING[$tc]})"
			return 1
		fi
		echo "    whole library (${#libs[@]} archives) links: $("${pfx}size" "$d/all.elf" |
			awk 'NR == 2 { print "text " $1 ", data " $2 ", bss " $3 }')"
		return 0
	fi
	local undef from
	undef=$(grep -o "undefined reference to \`[^']*'" "$log" | sed "s/undefined reference to //" |
		tr -d "\`'" | LC_ALL=C sort -u | tr '\n' ' ')
	from=$(grep -o '/lib[a-z_]*\.a(' "$log" | tr -d '/(' | LC_ALL=C sort -u | tr '\n' ' ')
	if [ -n "${CROSS_LINK_PENDING[$tc]:-}" ] && [ -n "$undef" ] &&
		! tr ' ' '\n' <<<"$undef" | grep -v '^__atomic_' | grep -q . &&
		[ "${from% }" = "${CROSS_LINK_PENDING[$tc]}" ]; then
		echo "    whole library does not link yet for $tc (CROSS_LINK_PENDING):" \
			"${from% } needs ${undef% }"
		return 0
	fi
	grep -E 'undefined reference|error|overflow' "$log" | head -n 20
	echo "    whole library does not link for $tc (log: $log)"
	return 1
}

# cross_case TOOLCHAIN PREFIX MACHINE CLASS CPU_FLAG SRC: one case.
cross_case() {
	local tc=$1 pfx=$2 mach=$3 class=$4 cpu=$5 src=$6
	local dir="$BUILD_ROOT/cross/$tc" tcfile="$ROOT/cmake/toolchains/$tc.cmake"
	local ok=1

	# 1. The library alone, every transport. From scratch: a cache left
	# by an earlier configure would hide the default of SCMIA_PORT_POSIX.
	rm -rf "$dir"
	configure_build "$dir/lib" "-DCMAKE_TOOLCHAIN_FILE=$tcfile" -DSCMIA_WERROR=ON \
		-DSCMIA_TRANSPORTS=all -DCMAKE_EXPORT_COMPILE_COMMANDS=ON || return 1
	if ! grep -qx 'SCMIA_PORT_POSIX:BOOL=OFF' "$dir/lib/CMakeCache.txt" ||
		[ -n "$(find "$dir/lib" -name 'posix.c.o*' -print -quit)" ]; then
		echo "    the POSIX port is not off by default for $tc"
		ok=0
	fi
	cross_check_werror "$dir/lib/compile_commands.json" "$cpu" "$ROOT" || ok=0
	cross_link_all "$tc" "$pfx" "$dir/lib" || ok=0

	# 2. The firmware.
	local fw="$dir/fw" log="$dir/fw/check.log"
	rm -rf "$fw"
	mkdir -p "$fw"
	echo "  firmware in ${fw#"$ROOT"/}"
	if ! { cmake -S "$src" -B "$fw" "-DCMAKE_TOOLCHAIN_FILE=$tcfile" -DSCMIA_WERROR=ON \
		-DCMAKE_EXPORT_COMPILE_COMMANDS=ON &&
		cmake --build "$fw" -j "$JOBS"; } >"$log" 2>&1; then
		grep -E 'error|warning:|undefined reference' "$log" | head -n 40 || true
		echo "  FIRMWARE BUILD FAILED (full log: $log)"
		return 1
	fi
	cross_check_werror "$fw/compile_commands.json" "$cpu" "$src/third_party/scmia" || ok=0

	local elf="$fw/firmware.elf" hdr entry want
	hdr=$("${pfx}readelf" -h "$elf")
	if ! grep -Eq "Class: +$class\$" <<<"$hdr" || ! grep -Eq "Machine: +.*$mach" <<<"$hdr"; then
		echo "    $elf is not an $class $mach image:"
		grep -E 'Class|Machine' <<<"$hdr" | sed 's/^/    /'
		ok=0
	fi
	entry=$(awk '/Entry point address:/ { print $NF }' <<<"$hdr")
	case "$mach" in
	ARM)
		want=$("${pfx}nm" "$elf" | awk '$3 == "fw_reset" { print $1 }')
		# Thumb: the entry and the reset vector have bit 0 set.
		local vec_at vec1
		vec_at=$("${pfx}nm" "$elf" | awk '$3 == "fw_vector_table" { print $1 }')
		vec1=$("${pfx}objdump" -s -j .text --start-address=0x4 --stop-address=0x8 "$elf" |
			awk '/^ 0*4 / { print $2 }')
		# the word is little-endian in the dump: reverse its bytes
		vec1=$(sed -E 's/(..)(..)(..)(..)/\4\3\2\1/' <<<"$vec1")
		if [ "$vec_at" != "00000000" ] || [ $((16#${vec1:-0})) -ne $((16#${want:-1} | 1)) ] ||
			[ $((entry)) -ne $((16#${want:-1} | 1)) ]; then
			echo "    vector table at ${vec_at:-?} (want 0), reset vector 0x${vec1:-?}," \
				"entry $entry, fw_reset 0x${want:-?}"
			ok=0
		fi
		;;
	*)
		want=$("${pfx}nm" "$elf" | awk '$3 == "_start" { print $1 }')
		if [ -z "$want" ] || [ $((entry)) -ne $((16#$want)) ]; then
			echo "    entry $entry is not _start (0x${want:-?})"
			ok=0
		fi
		;;
	esac
	local s missing=""
	for s in scmia_agent_init scmia_chan_open scmia_cmd main; do
		"${pfx}nm" "$elf" | awk -v s="$s" '$2 ~ /^[Tt]$/ && $3 == s { f = 1 } END { exit !f }' ||
			missing="$missing $s"
	done
	if [ -n "$missing" ]; then
		echo "    not in the image:$missing"
		ok=0
	fi
	"${pfx}size" "$elf" | awk -v tc="$tc" 'NR == 2 {
		printf "    image %s: text %d, data %d, bss %d bytes\n", tc, $1, $2, $3 }'
	[ "$ok" = 1 ]
}

suite_cross() {
	local src="$BUILD_ROOT/cross/src" t tc pfx mach class cpu
	rm -rf "$src"
	mkdir -p "$src/third_party"
	cp "$ROOT"/tests/cross/consumer/* "$src/"
	ln -s "$ROOT" "$src/third_party/scmia"
	suite_pass=0
	suite_fail=0
	for t in "${CROSS_TOOLCHAINS[@]}"; do
		IFS='|' read -r tc pfx mach class cpu <<<"$t"
		echo "  -- $tc"
		if cross_case "$tc" "$pfx" "$mach" "$class" "$cpu" "$src"; then
			echo "  ok      $tc"
			suite_pass=$((suite_pass + 1))
		else
			echo "  FAILED  $tc"
			suite_fail=$((suite_fail + 1))
		fi
	done
}

scmia_suite_add cross
