#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_plain_build.sh ROOT CC OUTDIR
#
# The library must build without CMake: compile every source the README's
# plain Makefile recipe lists (lib/*.c, lib/proto/*.c, lib/ports/posix/*.c,
# transports/*/*.c) with only -std=c11 and the include directories, no
# definitions from the build system. Each file is a case.
# Last line: "meta_plain_build: N passed, N failed".

set -u

root=${1:?usage: check_plain_build.sh ROOT CC OUTDIR}
cc=${2:?CC}
out=${3:?OUTDIR}
mkdir -p "$out"

incs="-I$root/include -I$root/lib/ports/posix"
for d in "$root"/transports/*/; do
	[ -d "$d" ] && incs="$incs -I${d%/}"
done

pass=0
fail=0
for f in "$root"/lib/*.c "$root"/lib/proto/*.c "$root"/lib/ports/posix/*.c \
	 "$root"/transports/*/*.c; do
	[ -f "$f" ] || continue
	rel=${f#"$root"/}
	obj="$out/$(printf '%s' "$rel" | tr '/' '_').o"
	# shellcheck disable=SC2086 # word splitting of flags is intended
	if msg=$($cc -std=c11 -Wall -Wextra -Werror $incs -c "$f" -o "$obj" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED: $rel"
		printf '%s\n' "$msg"
	fi
done

if [ $((pass + fail)) -eq 0 ]; then
	echo "check_plain_build: no source under $root"
	fail=1
fi
echo "meta_plain_build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
