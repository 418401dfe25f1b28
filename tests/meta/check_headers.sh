#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_headers.sh MANIFEST CC CXX [INCLUDE_DIR...]
#
# Compile each translation unit listed in MANIFEST (lines "c <file>" or
# "cxx <file>", generated at configure time: one TU per public header that
# includes only that header, twice) on its own:
#   C:   CC  -std=c99   -pedantic -Wall -Wextra -Wundef -Wshadow -Wconversion -Werror
#   C++: CXX -std=c++11 -pedantic (same warnings)
# so a header that does not include what it needs, is not C99 or not C++
# clean fails. Last line: "meta_headers: N passed, N failed".

set -u

manifest=${1:?usage: check_headers.sh MANIFEST CC CXX [INCLUDE_DIR...]}
cc=${2:?CC}
cxx=${3:?CXX}
shift 3

incs=""
for d in "$@"; do
	incs="$incs -I$d"
done
warn="-pedantic -Wall -Wextra -Wundef -Wshadow -Wconversion -Werror"

pass=0
fail=0
while read -r lang tu; do
	[ -n "$lang" ] || continue
	case "$lang" in
	c) cmd="$cc -std=c99" ;;
	cxx) cmd="$cxx -std=c++11" ;;
	*) echo "check_headers: bad manifest line: $lang $tu"; fail=$((fail + 1)); continue ;;
	esac
	hdr=$(sed -n 's|^#include "\(.*\)"$|\1|p' "$tu" | head -n 1)
	# shellcheck disable=SC2086 # word splitting of flags is intended
	if msg=$($cmd $warn $incs -fsyntax-only "$tu" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED ($lang): $hdr"
		printf '%s\n' "$msg"
	fi
done <"$manifest"

if [ $((pass + fail)) -eq 0 ]; then
	echo "check_headers: empty manifest $manifest"
	fail=1
fi
echo "meta_headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
