#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_doc_names.sh ROOT
#
# The C code in the documentation names only what the library has. In every
# fenced block marked ```c of ROOT/README.md, ROOT/tests/README.md,
# ROOT/docs/*.md and ROOT/docs/proto/*.md:
#   - every identifier that starts with scmia_ or SCMIA_ is a word of a
#     public header (include/scmia/*.h, include/scmia/*/*.h,
#     lib/ports/posix/*.h, transports/*/*.h, tests/sim/*.h), unless the
#     block defines it itself (#define NAME, or a function NAME(...) { at
#     the start of a line);
#   - every member named in a designated initializer (.name = ...) of a
#     struct scmia_... is a word of those headers.
# Identifiers of other code (an RTOS, the host's hardware) are not checked.
# Reported, one "file:line: ..." line each, exit status 1 when any.

set -u

root=${1:?usage: check_doc_names.sh ROOT}
cd "$root" || exit 1

docs=""
for f in README.md tests/README.md docs/*.md docs/proto/*.md; do
	[ -f "$f" ] && docs="$docs $f"
done
hdrs=""
for f in include/scmia/*.h include/scmia/*/*.h lib/ports/posix/*.h transports/*/*.h tests/sim/*.h; do
	[ -f "$f" ] && hdrs="$hdrs $f"
done
if [ -z "$docs" ] || [ -z "$hdrs" ]; then
	echo "check_doc_names: no document or no header under $root"
	exit 1
fi

words=$(mktemp)
out=$(mktemp)
trap 'rm -f "$words" "$out"' EXIT INT TERM
# shellcheck disable=SC2086 # the header list is word-split on purpose
cat $hdrs | tr -c 'A-Za-z0-9_' '\n' | grep -E '^[A-Za-z_]' | LC_ALL=C sort -u >"$words"

# shellcheck disable=SC2086 # the document list is word-split on purpose
awk -v words="$words" '
BEGIN { while ((getline w < words) > 0) have[w] = 1 }
FNR == 1 { inb = 0 }
/^```c[ \t]*$/ { inb = 1; nb = 0; delete def; next }
/^```/ {
	if (inb)
		flush()
	inb = 0
	next
}
inb { nb++; bl[nb] = $0; ln[nb] = FNR }
function flush(   i, s, id, sdepth, l) {
	# Names the block defines itself.
	for (i = 1; i <= nb; i++) {
		l = bl[i]
		if (match(l, /^#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*/)) {
			id = substr(l, RSTART, RLENGTH)
			sub(/^#[ \t]*define[ \t]+/, "", id)
			def[id] = 1
		}
		if (l ~ /^[A-Za-z_]/ && l !~ /;[ \t]*$/ &&
		    match(l, /[ *][A-Za-z_][A-Za-z0-9_]*\(/)) {
			id = substr(l, RSTART + 1, RLENGTH - 2)
			def[id] = 1
		}
	}
	sdepth = 0
	for (i = 1; i <= nb; i++) {
		s = bl[i]
		while (match(s, /(scmia|SCMIA)_[A-Za-z0-9_]+/)) {
			id = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			if (!have[id] && !def[id])
				printf "%s:%d: %s is not in the headers\n", FILENAME, ln[i], id
		}
		# Designated initializers of a struct scmia_... (until its };).
		if (bl[i] ~ /struct[ \t]+scmia_[a-z0-9_]+[^;]*=[ \t]*\{/)
			sdepth = 1
		if (sdepth) {
			s = bl[i]
			while (match(s, /\.[a-z_][a-z0-9_]*[ \t]*=/)) {
				id = substr(s, RSTART + 1, RLENGTH - 1)
				sub(/[ \t]*=$/, "", id)
				s = substr(s, RSTART + RLENGTH)
				if (!have[id])
					printf "%s:%d: member .%s is not in the headers\n", FILENAME, ln[i], id
			}
			if (bl[i] ~ /\}[ \t]*;/)
				sdepth = 0
		}
	}
	nb = 0
}
' $docs >"$out"
cat "$out"
[ ! -s "$out" ]
