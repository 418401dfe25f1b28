# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Suite "big-endian": every test of the host suite, cross-built for 32-bit
# big-endian PowerPC Linux (cmake/toolchains/powerpc-linux-gnu.cmake: gcc
# Debug, -Werror) and run under qemu-user (qemu-ppc -L /usr/powerpc-linux-gnu,
# the toolchain's CMAKE_CROSSCOMPILING_EMULATOR). Debian has no CMocka for
# powerpc: the tests run on tests/cmocka_shim (SCMIA_CMOCKA_SHIM=ON),
# compiled against the cmocka.h of the build machine's libcmocka-dev.
# Cases are counted as in the host suite (run_tests); tests that run on
# the build machine only (meta_install) are not part of this build. Before
# the tests run, the suite checks that every test program is a big-endian
# PowerPC executable, so that a toolchain mix-up cannot pass for a run.
# Build tree: build/big-endian.

# shellcheck disable=SC2034 # tools/check reads it
SUITE_DEPS["big-endian"]="gcc-powerpc-linux-gnu g++-powerpc-linux-gnu libc6-dev-powerpc-cross
	qemu-user libcmocka-dev binutils"

suite_big-endian() {
	local dir="$BUILD_ROOT/big-endian"
	configure_build "$dir" \
		"-DCMAKE_TOOLCHAIN_FILE=$ROOT/cmake/toolchains/powerpc-linux-gnu.cmake" \
		-DCMAKE_BUILD_TYPE=Debug -DSCMIA_WERROR=ON -DSCMIA_BUILD_TESTS=ON \
		-DSCMIA_BUILD_EXAMPLES=ON -DSCMIA_CMOCKA_SHIM=ON || return 1

	# Every test program of the build: a big-endian PowerPC ELF.
	local progs p n=0 bad=0
	mapfile -t progs < <(ctest --test-dir "$dir" -N -V | grep 'Test command:' |
		grep -o '"/[^"]*"' | tr -d '"' | grep "^$dir/" | sort -u)
	for p in "${progs[@]}"; do
		[ -f "$p" ] && [ -x "$p" ] || continue
		n=$((n + 1))
		if ! readelf -h "$p" 2>/dev/null | grep -q "big endian" ||
			! readelf -h "$p" 2>/dev/null | grep -Eq 'Machine: +PowerPC$'; then
			echo "  not a big-endian PowerPC program: ${p#"$ROOT"/}"
			bad=$((bad + 1))
		fi
	done
	if [ "$n" -eq 0 ] || [ "$bad" -ne 0 ]; then
		echo "  $n test programs, $bad not big-endian PowerPC"
		return 1
	fi
	echo "  $n test programs, all big-endian PowerPC (qemu-ppc runs them)"

	local ex
	mapfile -t ex < <(exclude_own_labels)
	run_tests "$dir" "${ex[@]}"
}

scmia_suite_add big-endian
