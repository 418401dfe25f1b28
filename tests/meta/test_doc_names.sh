#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_doc_names.sh ROOT FIXTURE
#
# Meta test of check_doc_names.sh (the C code in the documentation names
# only what the headers have):
#   1. the documents of ROOT pass;
#   2. in a copy of ROOT where the FreeRTOS sketch of docs/porting.md names
#      an OS op that does not exist (.relax becomes .backoff), that line is
#      reported, and only it;
#   3. in FIXTURE (tests/meta/fixtures/docnames), the lines reported are
#      exactly the lines that end with a PLANT comment.
# Last line: "meta_doc_names: N passed, N failed".

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=${1:?usage: test_doc_names.sh ROOT FIXTURE}
fix=${2:?usage: test_doc_names.sh ROOT FIXTURE}
check="$here/check_doc_names.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

reported() {
	grep -E '^[^ :]+:[0-9]+: ' "$1" | cut -d: -f1,2 | LC_ALL=C sort -u
}

# 1. The tree.
if sh "$check" "$root" >"$tmp/tree.out" 2>&1; then
	ok "the C code of the documents of $root names only what the headers have"
else
	cat "$tmp/tree.out"
	ko "the C code of the documents names what the headers do not have"
fi

# 2. The FreeRTOS sketch with a wrong member.
mkdir -p "$tmp/copy"
(cd "$root" && tar --exclude=./build --exclude=./.git -cf - README.md docs include lib/ports \
	transports tests/README.md tests/sim) | (cd "$tmp/copy" && tar -xf -)
awk '/<!-- meta: freertos sketch -->/ { on = 1 }
	on && /^\t\.relax = / { sub(/\.relax/, ".backoff"); on = 0 }
	{ print }' "$root/docs/porting.md" >"$tmp/copy/docs/porting.md"
want=$(grep -n '^	\.backoff = ' "$tmp/copy/docs/porting.md" | cut -d: -f1)
sh "$check" "$tmp/copy" >"$tmp/copy.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] && [ -n "$want" ] &&
	[ "$(reported "$tmp/copy.out")" = "docs/porting.md:$want" ]; then
	ok "a member the OS table does not have is reported in the FreeRTOS sketch"
else
	echo "exit status $rc; reported:"
	cat "$tmp/copy.out"
	echo "expected: docs/porting.md:${want:-?}"
	ko "the FreeRTOS sketch with .backoff"
fi

# 3. Planted names.
sh "$check" "$fix" >"$tmp/fix.out" 2>&1
rc=$?
reported "$tmp/fix.out" >"$tmp/fix.got"
(cd "$fix" && grep -rn 'PLANT \*/' docs) | cut -d: -f1,2 | LC_ALL=C sort -u >"$tmp/fix.want"
if [ "$rc" -ne 0 ] && [ -s "$tmp/fix.want" ] && cmp -s "$tmp/fix.got" "$tmp/fix.want"; then
	ok "the $(wc -l <"$tmp/fix.want") planted names are reported, nothing else"
else
	echo "exit status $rc; reported:"
	cat "$tmp/fix.out"
	echo "missed (planted, not reported):"
	comm -13 "$tmp/fix.got" "$tmp/fix.want"
	echo "false alarms (reported, not planted):"
	comm -23 "$tmp/fix.got" "$tmp/fix.want"
	ko "planted names in $fix"
fi

echo "meta_doc_names: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
