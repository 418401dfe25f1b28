#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_doc_refs.sh ROOT
#
# Every file the documentation names must be in the tree. Scanned:
# ROOT/README.md, ROOT/tests/README.md, ROOT/docs/*.md, ROOT/docs/proto/*.md.
# Reported, one "file:line: ..." line each (exit status 1 when any):
#   - a Markdown link whose target (relative to the document) is missing;
#   - a path that is missing: a word with a slash, in the text, in a `code`
#     span or in a fenced block, that starts with a top-level entry of the
#     tree (lib/, tools/check, docs/x.md, ...) or names a file by its
#     extension (.c .h .md .sh .cmake .ld .in .txt .json; then it may also
#     be relative to the document, or to include/ as in #include
#     "scmia/x.h"), or, in a code span or a fenced block, ends with "/".
#     <placeholder> and * match any one name (lib/ports/<os>/, lib/*.c);
#   - a bare file name with one of those extensions, in the text or a code
#     span, that no file of the tree has;
#   - "DESIGN.md", "DESIGN §" and "roadmap": documents that are not in the
#     tree.
# The value of an option (-DCMAKE_TOOLCHAIN_FILE=cmake/x.cmake) is checked
# as a path. Not checked, on purpose: words with $ (make and shell
# variables), :, % or \ (URLs, format strings), a leading -, / or ~
# (options, absolute paths); single-quoted arguments in code spans and
# fenced blocks (sed 's/a/b/') and quoted directories; paths under build/
# (build trees tools/check and the README's commands create), under
# third_party/ (where a user vendors scmia) or under an all-capitals
# placeholder (BUILD_DIR/docs/html). The tree is ROOT without build/, .git
# and tests/meta/fixtures.

set -u

root=${1:?usage: check_doc_refs.sh ROOT}
root=$(cd "$root" && pwd)

docs=""
for f in "$root/README.md" "$root/tests/README.md" "$root"/docs/*.md "$root"/docs/proto/*.md; do
	[ -f "$f" ] && docs="$docs ${f#"$root"/}"
done
if [ -z "$docs" ]; then
	echo "check_doc_refs: no document under $root"
	exit 1
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT INT TERM
(cd "$root" && find . \( -path ./build -o -path ./.git -o -path ./tests/meta/fixtures \) \
	-prune -o -print) |
	sed -n 's|^\./||p' >"$list"

cd "$root" || exit 1
# shellcheck disable=SC2086 # the document list is word-split on purpose
awk -v list="$list" '
BEGIN {
	while ((getline p < list) > 0) {
		have[p] = 1
		n = split(p, c, "/")
		base[c[n]] = 1
		if (n == 1)
			top[p] = 1
	}
	close(list)
	ext = "\\.(c|h|md|sh|cmake|ld|in|txt|json)$"
	bad = 0
}

function report(msg) {
	printf("%s:%d: %s\n", FILENAME, FNR, msg)
	bad++
}

# Join DIR and P, fold "." and ".." segments; "" when it climbs out.
function join(dir, p,    s, n, i, out, k, parts) {
	s = (dir == "" ? p : dir "/" p)
	n = split(s, parts, "/")
	k = 0
	for (i = 1; i <= n; i++) {
		if (parts[i] == "" || parts[i] == ".")
			continue
		if (parts[i] == "..") {
			if (k == 0)
				return ""
			k--
			continue
		}
		out[++k] = parts[i]
	}
	s = ""
	for (i = 1; i <= k; i++)
		s = s (i > 1 ? "/" : "") out[i]
	return s
}

# Does path P (no trailing slash; may hold * and <x>) exist?
function exists(p,    re, q) {
	if (p == "")
		return 0
	if (p !~ /[*<]/)
		return (p in have)
	re = p
	gsub(/\./, "\\.", re)
	gsub(/<[^>\/]*>/, "[^/]+", re)
	gsub(/\*/, "[^/]*", re)
	re = "^" re "$"
	for (q in have)
		if (q ~ re)
			return 1
	return 0
}

function docdir(    d) {
	d = FILENAME
	if (d !~ /\//)
		return ""
	sub(/\/[^\/]*$/, "", d)
	return d
}

# A word that may name a path; ctx is "text", "span" or "fence".
function word(w, ctx,    first, rel, opt, quoted) {
	# The value of an option (-DCMAKE_TOOLCHAIN_FILE=cmake/x.cmake) is
	# checked as a path; a bare name there names a file of the user
	# (-DSCMIA_CONFIG_FILE=my_scmia.h).
	opt = 0
	if (w ~ /=/) {
		sub(/.*=/, "", w)
		opt = 1
	}
	# A quoted word in a command or in code: only a file name counts
	# (#include "scmia/x.h"), not a directory (sed 's/a/b/').
	quoted = (w ~ /^[("\x27]*["\x27]/)
	sub(/^[("\x27]+/, "", w)
	sub(/[).,;:!?"\x27]+$/, "", w)
	if (w == "" || w ~ /[$=:%\\]/ || w ~ /^[-\/~]/)
		return
	if (w !~ /\//) {
		if (!opt && ctx != "fence" && w ~ ext && w ~ /^[A-Za-z0-9_.*<>-]+$/ && !bare_ok(w))
			report("no file named " w " in the tree")
		return
	}
	sub(/^\.\//, "", w)
	first = w
	sub(/\/.*/, "", first)
	if (first == "build" || first == "third_party" || first ~ /^[A-Z][A-Z0-9_]*$/)
		return
	rel = w
	sub(/\/$/, "", rel)
	if (first in top) {
		if (!exists(rel))
			report(w " is not in the tree")
		return
	}
	if (w ~ ext || (ctx != "text" && !quoted && w ~ /\/$/)) {
		if (!exists(join(docdir(), rel)) && !exists(join("", rel)) &&
		    !exists(join("include", rel)))
			report(w " is not in the tree (nor relative to " \
			       (docdir() == "" ? "the top" : docdir()) " or include/)")
	}
}

function bare_ok(w,    re, q) {
	if (w !~ /[*<]/)
		return (w in base)
	re = w
	gsub(/\./, "\\.", re)
	gsub(/<[^>]*>/, ".+", re)
	gsub(/\*/, ".*", re)
	re = "^" re "$"
	for (q in base)
		if (q ~ re)
			return 1
	return 0
}

function words(s, ctx,    n, i, a) {
	# In a command, a single-quoted argument is a program (sed, awk).
	if (ctx != "text")
		gsub(/\x27[^\x27]*\x27/, " ", s)
	gsub(/[^A-Za-z0-9_.\/<>*$=:%\\()"\x27,;!?+~-]/, " ", s)
	n = split(s, a, " ")
	for (i = 1; i <= n; i++)
		word(a[i], ctx)
}

FNR == 1 { fence = 0 }

{
	line = $0
	if (line ~ /DESIGN\.md/ || line ~ /DESIGN[ ]*§/)
		report("names DESIGN.md, which is not in the tree")
	if (tolower(line) ~ /roadmap/)
		report("names the roadmap, which is not in the tree")
	if (line ~ /^[ \t]*```/) {
		fence = !fence
		next
	}
	if (fence) {
		words(line, "fence")
		next
	}
	# Markdown links: the target, relative to the document.
	s = line
	while (match(s, /\]\([^)]*\)/)) {
		t = substr(s, RSTART + 2, RLENGTH - 3)
		s = substr(s, RSTART + RLENGTH)
		sub(/[ \t].*/, "", t)
		if (t == "" || t ~ /^(#|[a-z]+:)/)
			continue
		sub(/#.*/, "", t)
		u = t
		sub(/\/$/, "", u)
		if (!exists(join(docdir(), u)))
			report("link to " t ": not in the tree")
	}
	# Code spans, then the text around them.
	s = line
	text = ""
	while (match(s, /`[^`]+`/)) {
		text = text " " substr(s, 1, RSTART - 1)
		words(substr(s, RSTART + 1, RLENGTH - 2), "span")
		s = substr(s, RSTART + RLENGTH)
	}
	text = text " " s
	gsub(/\]\([^)]*\)/, "] ", text)
	words(text, "text")
}

END { exit bad > 0 }
' $docs
