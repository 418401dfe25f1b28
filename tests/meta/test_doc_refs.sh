#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_doc_refs.sh ROOT FIXTURE
#
# Meta test of check_doc_refs.sh (no document names a file that is not in
# the tree):
#   1. the documents of ROOT pass;
#   2. in a copy of ROOT without tools/footprint, exactly the document
#      lines that name tools/footprint are reported;
#   3. in FIXTURE (tests/meta/fixtures/docrefs), the lines reported are
#      exactly the lines that end with PLANT: every planted reference is
#      caught and no look-alike is.
# Last line: "meta_doc_refs: N passed, N failed".

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=${1:?usage: test_doc_refs.sh ROOT FIXTURE}
fix=${2:?usage: test_doc_refs.sh ROOT FIXTURE}
check="$here/check_doc_refs.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

# reported OUT: the file:line pairs a run reported, sorted.
reported() {
	grep -E '^[^ :]+:[0-9]+: ' "$1" | cut -d: -f1,2 | LC_ALL=C sort -u
}

# 1. The tree.
if sh "$check" "$root" >"$tmp/tree.out" 2>&1; then
	ok "the documents of $root name only files of the tree"
else
	cat "$tmp/tree.out"
	ko "the documents of $root name files that are not in the tree"
fi

# 2. A file the documents name goes away.
mkdir -p "$tmp/copy"
(cd "$root" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$tmp/copy" && tar -xf -)
rm -f "$tmp/copy/tools/footprint"
sh "$check" "$tmp/copy" >"$tmp/copy.out" 2>&1
rc=$?
reported "$tmp/copy.out" >"$tmp/copy.got"
(cd "$tmp/copy" && grep -nE 'tools/footprint([^.]|$)' README.md tests/README.md docs/*.md \
	docs/proto/*.md 2>/dev/null) | cut -d: -f1,2 | LC_ALL=C sort -u >"$tmp/copy.want"
if [ "$rc" -ne 0 ] && [ -s "$tmp/copy.want" ] && cmp -s "$tmp/copy.got" "$tmp/copy.want"; then
	ok "without tools/footprint, its $(wc -l <"$tmp/copy.want") mentions are reported"
else
	echo "exit status $rc; reported:"
	cat "$tmp/copy.out"
	echo "lines naming tools/footprint:"
	cat "$tmp/copy.want"
	ko "a removed file is reported where the documents name it"
fi

# 3. Planted references.
sh "$check" "$fix" >"$tmp/fix.out" 2>&1
rc=$?
reported "$tmp/fix.out" >"$tmp/fix.got"
(cd "$fix" && grep -rn 'PLANT$' README.md tests docs) | cut -d: -f1,2 | LC_ALL=C sort -u \
	>"$tmp/fix.want"
if [ "$rc" -ne 0 ] && [ -s "$tmp/fix.want" ] && cmp -s "$tmp/fix.got" "$tmp/fix.want"; then
	ok "the $(wc -l <"$tmp/fix.want") planted references are reported, nothing else"
else
	echo "exit status $rc; reported:"
	cat "$tmp/fix.out"
	echo "missed (planted, not reported):"
	comm -13 "$tmp/fix.got" "$tmp/fix.want"
	echo "false alarms (reported, not planted):"
	comm -23 "$tmp/fix.got" "$tmp/fix.want"
	ko "planted references in $fix"
fi

echo "meta_doc_refs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
