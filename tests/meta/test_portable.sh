#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_portable.sh ROOT FIXTURES
#
# Meta test of the no-heap / no-OS-header rule:
#   1. the tree at ROOT passes check_portable.sh;
#   2. FIXTURES/bad fails, and the violations reported are exactly the lines
#      marked PLANT there (so neither a planted violation is missed nor an
#      allowed look-alike reported);
#   3. FIXTURES/good passes.
# Last line: "meta_portable: N passed, N failed".

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=${1:?usage: test_portable.sh ROOT FIXTURES}
fix=${2:?usage: test_portable.sh ROOT FIXTURES}
check="$here/check_portable.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

# 1. The real tree.
if sh "$check" "$root" >"$tmp/repo.out" 2>&1; then
	ok "tree $root has no heap call and no OS header"
else
	cat "$tmp/repo.out"
	ko "tree $root violates the no-heap / no-OS-header rule"
fi

# 2. Planted violations: reported set == PLANT set.
sh "$check" "$fix/bad" >"$tmp/bad.out" 2>&1
rc=$?
grep -E '^[^ ]+:[0-9]+: ' "$tmp/bad.out" | cut -d: -f1,2 | LC_ALL=C sort -u >"$tmp/got"
(cd "$fix/bad" && grep -rn '/\* PLANT \*/' lib transports) | cut -d: -f1,2 | LC_ALL=C sort -u >"$tmp/want"
if [ "$rc" -ne 1 ]; then
	cat "$tmp/bad.out"
	ko "planted fixture: exit status $rc, expected 1"
elif ! [ -s "$tmp/want" ]; then
	ko "planted fixture: no PLANT line found under $fix/bad"
elif cmp -s "$tmp/got" "$tmp/want"; then
	ok "planted fixture: all $(wc -l <"$tmp/want") violations reported, nothing else"
else
	echo "--- expected (PLANT lines) / +++ reported:"
	diff "$tmp/want" "$tmp/got"
	ko "planted fixture: reported violations differ from the PLANT lines"
fi

# 3. Look-alikes only.
if sh "$check" "$fix/good" >"$tmp/good.out" 2>&1; then
	ok "look-alike fixture passes"
else
	cat "$tmp/good.out"
	ko "look-alike fixture reported as violating"
fi

echo "meta_portable: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
