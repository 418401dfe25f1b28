#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_doc_lines.sh ROOT
#
# Every public function has a Doxygen comment with a "Context:" line (where
# it may run, whether it blocks, which locks it takes) and a "Lifetime:"
# line (how long the pointers it is given must stay valid, or that it keeps
# none), as docs/README.md promises. Scanned: ROOT/include/scmia/*.h,
# ROOT/include/scmia/*/*.h, ROOT/lib/ports/posix/*.h, ROOT/transports/*/*.h.
#
# A public function is a declaration or a static inline definition at file
# scope (outside any struct, enum or function body; extern "C" does not
# count) whose name starts with scmia_ and whose line starts with its return
# type; typedefs (function pointer types) and macros are not functions. Its
# Doxygen comment is the last /** ... */ block before it with nothing but
# blank lines, other comments and preprocessor lines in between; "Context:"
# and "Lifetime:" count anywhere in that block.
#
# Reported, one "file:line: name: ..." line each, exit status 1 when any:
#   "no doc comment", "no Context: line", "no Lifetime: line".
# The last line is "check_doc_lines: N functions, N without Context:,
# N without Lifetime:, N without a doc comment".

set -u

root=${1:?usage: check_doc_lines.sh ROOT}
cd "$root" || exit 1

files=""
for f in include/scmia/*.h include/scmia/*/*.h lib/ports/posix/*.h transports/*/*.h; do
	[ -f "$f" ] && files="$files $f"
done
if [ -z "$files" ]; then
	echo "check_doc_lines: no header under $root"
	exit 1
fi

# shellcheck disable=SC2086 # the file list is word-split on purpose
awk '
FNR == 1 {
	depth = 0; incom = 0; indoc = 0; indecl = 0; macro = 0
	doc = ""; havedoc = 0
}
# Braces of a code line (comments and strings stripped), extern "C" aside.
function braces(s,   t, i, c) {
	t = s
	gsub(/"([^"\\]|\\.)*"/, "", t)
	gsub(/\/\*.*\*\//, "", t)
	sub(/\/\/.*/, "", t)
	if (t ~ /extern[ \t]+"C"/ || s ~ /extern[ \t]+"C"/)
		return
	for (i = 1; i <= length(t); i++) {
		c = substr(t, i, 1)
		if (c == "{")
			depth++
		else if (c == "}" && depth > 0)
			depth--
	}
}
{
	line = $0
	# Continuation of a multi-line macro.
	if (macro) {
		macro = line ~ /\\$/
		next
	}
	if (indoc) {
		doc = doc "\n" line
		if (line ~ /\*\//) {
			indoc = 0
			havedoc = 1
		}
		next
	}
	if (incom) {
		if (line ~ /\*\//)
			incom = 0
		next
	}
	if (line ~ /^[ \t]*\/\*\*[^<]/ || line ~ /^[ \t]*\/\*\*$/) {
		doc = line
		if (line ~ /\*\//)
			havedoc = 1
		else
			indoc = 1
		next
	}
	if (line ~ /^[ \t]*\/\*/) {
		if (line !~ /\*\//)
			incom = 1
		next
	}
	if (line ~ /^[ \t]*(\/\/.*)?$/)
		next
	if (line ~ /^[ \t]*#/) {
		macro = line ~ /\\$/
		next
	}
	# The code of the line, without comments, for where it ends.
	code = line
	gsub(/\/\*([^*]|\*[^\/])*\*\//, "", code)
	sub(/\/\/.*/, "", code)
	# A declaration still open (its parameters go on): wait for its end.
	if (indecl) {
		braces(line)
		if (code ~ /[;{}][ \t]*$/)
			indecl = 0
		next
	}
	if (depth == 0 && line ~ /^[A-Za-z_]/ && line !~ /^typedef/ &&
	    match(line, /[ *]scmia_[a-z0-9_]+[ \t]*\(/)) {
		name = substr(line, RSTART + 1, RLENGTH - 1)
		sub(/[ \t]*\($/, "", name)
		n++
		if (!havedoc) {
			printf "%s:%d: %s: no doc comment\n", FILENAME, FNR, name
			nodoc++
		} else {
			if (doc !~ /Context:/) {
				printf "%s:%d: %s: no Context: line\n", FILENAME, FNR, name
				noctx++
			}
			if (doc !~ /Lifetime:/) {
				printf "%s:%d: %s: no Lifetime: line\n", FILENAME, FNR, name
				nolife++
			}
		}
		if (code !~ /[;{}][ \t]*$/)
			indecl = 1
	}
	# Any code line ends the reach of the doc comment before it.
	havedoc = 0
	doc = ""
	braces(line)
}
END {
	printf "check_doc_lines: %d functions, %d without Context:, %d without Lifetime:, %d without a doc comment\n",
		n, noctx, nolife, nodoc
	exit (noctx + nolife + nodoc) > 0
}' $files
