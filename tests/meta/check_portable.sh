#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_portable.sh [ROOT]
#
# The library and the transports run on bare metal and RTOSes: no heap and
# no OS header. Scan every .c/.h file under ROOT/lib (except ROOT/lib/ports,
# where OS ports live) and under ROOT/transports, after removing comments
# and string literals, for
#   - a call to malloc, calloc, realloc, free, aligned_alloc,
#     posix_memalign, strdup or strndup (member calls such as ops->free(...)
#     and names such as chan_free(...) are not calls of the C library);
#   - #include of pthread.h, unistd.h, time.h, sys/..., windows.h, signal.h,
#     semaphore.h, errno.h, stdio.h, stdlib.h or malloc.h.
# Prints "path:line: reason" for each violation, then
# "portable: N passed, N failed" (one case per file scanned).
# Exit status: 0 clean, 1 violations, 2 nothing to scan or usage error.

set -eu

root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -d "$root" ]; then
	echo "check_portable: no directory $root" >&2
	echo "portable: 0 passed, 1 failed"
	exit 2
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT INT TERM

for d in "$root/lib" "$root/transports"; do
	[ -d "$d" ] || continue
	find "$d" -path "$root/lib/ports" -prune -o -type f \( -name '*.c' -o -name '*.h' \) -print
done | LC_ALL=C sort >"$list"

if [ ! -s "$list" ]; then
	echo "check_portable: no source file under $root/lib or $root/transports" >&2
	echo "portable: 0 passed, 1 failed"
	exit 2
fi

pass=0
fail=0
while IFS= read -r f; do
	# One awk pass per file: strip comments (and string/char literal
	# contents outside preprocessor lines), keep line numbers, match.
	out=$(awk -v rel="${f#"$root"/}" '
	BEGIN {
		state = "code"
		heap = "(^|[^A-Za-z0-9_.>])(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|strdup|strndup)[ \t]*\\("
		osh = "^[ \t]*#[ \t]*include[ \t]*[<\"](pthread|unistd|time|windows|signal|semaphore|errno|stdio|stdlib|malloc)\\.h[>\"]"
		sys = "^[ \t]*#[ \t]*include[ \t]*[<\"]sys/"
	}
	{
		line = $0
		n = length(line)
		out = ""
		pp = (state == "code" && line ~ /^[ \t]*#[ \t]*include/)
		i = 1
		while (i <= n) {
			c = substr(line, i, 1)
			c2 = substr(line, i, 2)
			if (state == "block") {
				if (c2 == "*/") {
					state = "code"
					out = out " "
					i += 2
				} else {
					i++
				}
				continue
			}
			if (state == "str" || state == "chr") {
				if (c == "\\") {
					if (pp)
						out = out c2
					i += 2
					continue
				}
				if ((state == "str" && c == "\"") || (state == "chr" && c == "'\''")) {
					out = out c
					state = "code"
				} else if (pp) {
					out = out c
				}
				i++
				continue
			}
			if (c2 == "//")
				break
			if (c2 == "/*") {
				state = "block"
				i += 2
				continue
			}
			if (c == "\"")
				state = "str"
			else if (c == "'\''")
				state = "chr"
			out = out c
			i++
		}
		if (state == "str" || state == "chr")
			state = "code"
		if (out ~ heap)
			print rel ":" FNR ": heap call: " out
		if (out ~ osh || out ~ sys)
			print rel ":" FNR ": OS header: " out
	}' "$f")
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done <"$list"

echo "portable: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
