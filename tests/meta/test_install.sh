#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_install.sh BUILD_DIR WORK_DIR CMAKE CC "C_FLAGS" [PKG_CONFIG]
#
# Install the build tree into WORK_DIR/prefix, then build and run
# tests/meta/consumer against it twice: with find_package(scmia) and with
# pkg-config (skipped when PKG_CONFIG is empty). Each step is a case.
# Last line: "meta_install: N passed, N failed".

set -u

build=${1:?usage: test_install.sh BUILD_DIR WORK_DIR CMAKE CC C_FLAGS [PKG_CONFIG]}
work=${2:?WORK_DIR}
cmake=${3:?CMAKE}
cc=${4:?CC}
cflags=${5-}
pkgconfig=${6-}
src=$(cd "$(dirname "$0")/consumer" && pwd)
prefix="$work/prefix"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }
finish() {
	echo "meta_install: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

rm -rf "$work"
mkdir -p "$work"

if "$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
	ok "cmake --install"
else
	cat "$work/install.log"
	ko "cmake --install"
	finish
fi

# find_package(scmia COMPONENTS posix loopback)
if "$cmake" -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" >"$work/cmake.log" 2>&1 &&
	"$cmake" --build "$work/cmake" >>"$work/cmake.log" 2>&1 &&
	"$work/cmake/consumer" >>"$work/cmake.log" 2>&1; then
	ok "find_package consumer builds and runs"
else
	cat "$work/cmake.log"
	ko "find_package consumer"
fi

# pkg-config: scmia-loopback and scmia-posix pull in scmia.
if [ -z "$pkgconfig" ]; then
	echo "skipped: pkg-config consumer (no pkg-config)"
else
	pcdir=$(dirname "$(find "$prefix" -name scmia.pc | head -n 1)")
	# shellcheck disable=SC2086 # flags are word lists
	if flags=$(PKG_CONFIG_PATH="$pcdir" "$pkgconfig" --define-variable=prefix="$prefix" \
			--cflags --libs scmia-loopback scmia-posix 2>"$work/pc.log") &&
		$cc $cflags "$src/main.c" $flags -o "$work/pc-consumer" >>"$work/pc.log" 2>&1 &&
		"$work/pc-consumer" >>"$work/pc.log" 2>&1; then
		ok "pkg-config consumer builds and runs ($flags)"
	else
		cat "$work/pc.log"
		ko "pkg-config consumer"
	fi
fi
finish
