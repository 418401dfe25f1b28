#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_doc_lines.sh ROOT FIXTURE
#
# Meta test of check_doc_lines.sh (every public function has Doxygen
# "Context:" and "Lifetime:" lines):
#   1. the public headers of ROOT pass;
#   2. in a copy of ROOT where the Lifetime: lines of include/scmia/agent.h
#      are gone, exactly its functions are reported, once each;
#   3. in FIXTURE (tests/meta/fixtures/doclines), the lines reported are
#      exactly the lines that end with PLANT: every planted omission is
#      caught and no look-alike is (members, typedefs, macros, parameters).
# Last line: "meta_doc_lines: N passed, N failed".

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=${1:?usage: test_doc_lines.sh ROOT FIXTURE}
fix=${2:?usage: test_doc_lines.sh ROOT FIXTURE}
check="$here/check_doc_lines.sh"
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
	ok "$(tail -n 1 "$tmp/tree.out")"
else
	cat "$tmp/tree.out"
	ko "public functions of $root without Context: or Lifetime: lines"
fi

# 2. agent.h without its Lifetime: lines (the declarations stay where they
# were: the line is emptied, not removed).
mkdir -p "$tmp/copy"
(cd "$root" && tar --exclude=./build --exclude=./.git -cf - include lib/ports transports) |
	(cd "$tmp/copy" && tar -xf -)
sed 's/Lifetime:.*//' "$root/include/scmia/agent.h" >"$tmp/copy/include/scmia/agent.h"
sh "$check" "$tmp/copy" >"$tmp/copy.out" 2>&1
rc=$?
grep -E '^include/scmia/agent.h:[0-9]+: .*: no Lifetime: line$' "$tmp/copy.out" | cut -d: -f1,2 |
	LC_ALL=C sort -u >"$tmp/copy.got"
grep -nE '^[A-Za-z_][^(]*[ *]scmia_[a-z0-9_]+ *\(' "$root/include/scmia/agent.h" |
	grep -v typedef | cut -d: -f1 | sed 's|^|include/scmia/agent.h:|' | LC_ALL=C sort -u \
	>"$tmp/copy.want"
if [ "$rc" -ne 0 ] && [ -s "$tmp/copy.want" ] && cmp -s "$tmp/copy.got" "$tmp/copy.want" &&
	[ "$(grep -c '^include/scmia/agent.h:[0-9]*: .*: no ' "$tmp/copy.out")" -eq \
		"$(wc -l <"$tmp/copy.want")" ]; then
	ok "without its Lifetime: lines, the $(wc -l <"$tmp/copy.want") functions of agent.h are reported"
else
	echo "exit status $rc; reported:"
	cat "$tmp/copy.out"
	echo "declarations in agent.h:"
	cat "$tmp/copy.want"
	ko "removed Lifetime: lines are reported where the functions are declared"
fi

# 3. Planted omissions.
sh "$check" "$fix" >"$tmp/fix.out" 2>&1
rc=$?
reported "$tmp/fix.out" >"$tmp/fix.got"
(cd "$fix" && grep -rn 'PLANT \*/$' include lib transports) | cut -d: -f1,2 | LC_ALL=C sort -u \
	>"$tmp/fix.want"
if [ "$rc" -ne 0 ] && [ -s "$tmp/fix.want" ] && cmp -s "$tmp/fix.got" "$tmp/fix.want"; then
	ok "the $(wc -l <"$tmp/fix.want") planted omissions are reported, nothing else"
else
	echo "exit status $rc; reported:"
	cat "$tmp/fix.out"
	echo "missed (planted, not reported):"
	comm -13 "$tmp/fix.got" "$tmp/fix.want"
	echo "false alarms (reported, not planted):"
	comm -23 "$tmp/fix.got" "$tmp/fix.want"
	ko "planted omissions in $fix"
fi

echo "meta_doc_lines: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
