# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Shared by the suites "cortex-m" and "riscv" (tools/check.d/cortex-m.sh,
# tools/check.d/riscv.sh), sourced by tools/check: build the image of
# examples/bare-metal with a toolchain file of cmake/toolchains/, run it
# under qemu-system-* with a time limit, and check its console output line
# by line against examples/bare-metal/expected.txt.
#
#   bm_case SUITE NAME TOOLCHAIN HOW BOARD CORE -- QEMU_COMMAND...
#
# HOW is "top" (the library's own build: cmake -S <tree>, with
# SCMIA_BUILD_EXAMPLES=ON, which adds examples/bare-metal on a bare-metal
# build) or "sub" (examples/bare-metal as the top-level project, which
# vendors the library with add_subdirectory(), as a firmware does). BOARD
# goes to SCMIA_BM_BOARD (Cortex-M only; "-" for none). CORE is what the
# image must report it runs on ("info: board ..., core CORE"). The QEMU
# command gets "-kernel IMAGE" appended; its console goes to a file.
#
# Checks, each a reason for the case to fail:
#   - the build (warnings are errors: SCMIA_WERROR=ON, -Werror in the
#     example too), MinSizeRel;
#   - the run: exits 0 (the image's own verdict) within BM_TIMEOUT seconds;
#   - every line of the output but the "info:" ones equals expected.txt,
#     in order, nothing missing or extra;
#   - the core the image reports is CORE;
#   - the size the image prints (text, data, bss, from its linker symbols)
#     is what the ELF says.
# Then prints the image size (text, data, bss) and how much of the text
# is the library (core + SMT transport), from the link map.

# Seconds one image may run (it needs well under one).
BM_TIMEOUT=${BM_TIMEOUT:-30}

# bm_build DIR TOOLCHAIN HOW BOARD: configure and build; prints the image path.
bm_build() {
	local dir=$1 tc=$2 how=$3 board=$4 log="$1/build.log" src args
	rm -rf "$dir"
	mkdir -p "$dir"
	args=("-DCMAKE_TOOLCHAIN_FILE=$ROOT/cmake/toolchains/$tc.cmake"
		-DCMAKE_BUILD_TYPE=MinSizeRel -DSCMIA_WERROR=ON)
	[ "$board" = "-" ] || args+=("-DSCMIA_BM_BOARD=$board")
	if [ "$how" = top ]; then
		src=$ROOT
		args+=(-DSCMIA_BUILD_EXAMPLES=ON -DSCMIA_TRANSPORTS=smt)
	else
		src=$ROOT/examples/bare-metal
	fi
	if ! { cmake -S "$src" -B "$dir" "${args[@]}" && cmake --build "$dir" -j "$JOBS"; } \
		>"$log" 2>&1; then
		grep -E 'error|warning:|undefined reference' "$log" | head -n 30 >&2 || true
		echo "    BUILD FAILED (log: ${log#"$ROOT"/})" >&2
		return 1
	fi
	if [ "$how" = top ]; then
		echo "$dir/examples/bare-metal/scmia_bare_metal.elf"
	else
		echo "$dir/scmia_bare_metal.elf"
	fi
}

# bm_lib_bytes MAP: bytes of code + read-only data the library's archives
# (libscmia*.a) put in the image, from a GNU ld link map.
bm_lib_bytes() {
	awk '
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	/^ \.[A-Za-z_.]/ {
		sec = $1
		if (NF >= 4 && $2 ~ /^0x/) { size = $3; file = $4; add() }
		else pend = 1
		next
	}
	pend && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ / { size = $2; file = $3; add(); pend = 0; next }
	{ pend = 0 }
	function hex(s,   i, v) {
		v = 0
		for (i = 3; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
		return v
	}
	function add() {
		if (file ~ /libscmia[a-z_]*\.a\(/ && sec ~ /^\.(text|rodata|srodata)/)
			n += hex(size)
	}
	END { print n + 0 }' "$1"
}

bm_case() {
	local suite=$1 name=$2 tc=$3 how=$4 board=$5 core=$6
	shift 6
	[ "$1" = "--" ] && shift
	local dir="$BUILD_ROOT/$suite/$name" elf out rc ok=1 pfx
	local exp="$ROOT/examples/bare-metal/expected.txt"

	local what="the library's top level (SCMIA_BUILD_EXAMPLES=ON)"
	[ "$how" = sub ] && what="a firmware project that vendors the library (add_subdirectory)"
	echo "  -- $name: $tc, built from $what"
	elf=$(bm_build "$dir" "$tc" "$how" "$board") || return 1
	out="$dir/console.txt"
	rc=0
	timeout -s KILL "$BM_TIMEOUT" "$@" -kernel "$elf" >"$out" 2>"$dir/qemu.err" </dev/null || rc=$?
	tr -d '\r' <"$out" >"$out.tmp" && mv "$out.tmp" "$out"
	if [ "$rc" -ne 0 ]; then
		if [ "$rc" -eq 137 ]; then
			echo "    the image did not finish within ${BM_TIMEOUT} s"
		else
			echo "    the image exited with status $rc"
		fi
		head -n 5 "$dir/qemu.err" | sed 's/^/    qemu: /'
		ok=0
	fi
	if ! diff -u <(grep -v '^#' "$exp") <(grep -v '^info:' "$out") >"$dir/console.diff"; then
		echo "    output differs from examples/bare-metal/expected.txt (- expected, + got):"
		sed -n '3,$p' "$dir/console.diff" | grep -E '^[-+]' | head -n 20 | sed 's/^/    /'
		ok=0
	else
		echo "    $(grep -vc '^#' "$exp") lines as expected"
	fi
	if ! grep -qx "info: board .*, core $core" "$out"; then
		echo "    not run on a $core: $(grep '^info: board' "$out" || echo 'no banner')"
		ok=0
	fi
	case "$tc" in
	cortex-*) pfx=arm-none-eabi- ;;
	*) pfx=riscv64-unknown-elf- ;;
	esac
	local text data bss lib
	read -r text data bss < <("${pfx}size" "$elf" | awk 'NR == 2 { print $1, $2, $3 }')
	if ! grep -qx "info: image: text $text, data $data, bss $bss bytes" "$out"; then
		echo "    the size the image prints differs from the ELF's" \
			"(text $text, data $data, bss $bss): $(grep '^info: image' "$out" || echo none)"
		ok=0
	fi
	lib=$(bm_lib_bytes "${elf%.elf}.map")
	echo "    image $name: text $text, data $data, bss $bss bytes;" \
		"of the text, $lib bytes are the library (core + SMT)"
	[ "$ok" = 1 ]
}

# bm_suite SUITE CASE...: each CASE is "name|toolchain|how|board|core|qemu command".
bm_suite() {
	local suite=$1 c name tc how board core cmd
	shift
	suite_pass=0
	suite_fail=0
	for c in "$@"; do
		c=${c//$'\n'/ }
		IFS='|' read -r name tc how board core cmd <<<"${c//$'\t'/ }"
		# shellcheck disable=SC2086 # the command is a word list
		if bm_case "$suite" "$name" "$tc" "$how" "$board" "$core" -- $cmd; then
			echo "  ok      $name"
			suite_pass=$((suite_pass + 1))
		else
			echo "  FAILED  $name"
			suite_fail=$((suite_fail + 1))
		fi
	done
}
