#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_wire_words.sh ROOT       scan the mediator and virtio device sources
# check_wire_words.sh --self-test    the scan catches planted violations
#
# SCMI payloads and virtqueue rings are little-endian bytes. A buffer of
# host words (uint32_t w[] = { 0, 1 }) handed over as such is right on a
# little-endian host and wrong on a big-endian one, so no run on x86-64
# can see it (the big-endian suite can; this check sees it anywhere).
# Scanned, comments and string literals removed: ROOT/lib/mediator,
# ROOT/transports/virtio, ROOT/tests/mediator (*.c, *.h) and
# ROOT/tests/sim/sim_virtio.c. Reported:
#   - a payload argument naming a variable the file declares with a
#     multi-byte integer type (u?int16/32/64_t, unsigned, int, long,
#     array, pointer or scalar; optionally behind &, a cast or "+ n"), or
#     a cast / compound literal of such a type: argument 4 of scmia_cmd()
#     and scmia_virtio_dev_reply(), 5 of mw_cmd(), 3 of
#     scmia_virtio_dev_p2a(), and the source of a memcpy() into a tx_buf;
#   - a cast of a pointer to a plain multi-byte integer pointer type
#     ((uint32_t *)p, (const uint16_t *)p ...): ring or message memory
#     read or written as host words. Lines with an atomic access
#     (atomic_*, __atomic_*) are left alone: the shared ring indexes and
#     the soak's MMIO need them, each goes through a byte-order fix in
#     its file, and the big-endian suite runs them.
# Declarations are matched per file, not per scope: a name declared with
# a host-word type anywhere in a file is one everywhere in it.
# Prints "path:line: reason" per violation, then
# "wire_words: N passed, N failed" (one case per file; the self-test:
# one case per planted fixture). Exit status 0 clean, 1 violations, 2 usage.

set -eu

scan_file() { # scan_file FILE RELNAME: prints the violations
	awk -v rel="$2" '
	function strip(line,    n, i, c, c2, out) {
		n = length(line)
		out = ""
		i = 1
		while (i <= n) {
			c = substr(line, i, 1)
			c2 = substr(line, i, 2)
			if (st == "block") {
				if (c2 == "*/") {
					st = "code"
					out = out " "
					i += 2
				} else {
					i++
				}
				continue
			}
			if (st == "str" || st == "chr") {
				if (c == "\\") {
					i += 2
					continue
				}
				if ((st == "str" && c == "\"") || (st == "chr" && c == "'\''")) {
					out = out c
					st = "code"
				}
				i++
				continue
			}
			if (c2 == "//")
				break
			if (c2 == "/*") {
				st = "block"
				i += 2
				continue
			}
			if (c == "\"")
				st = "str"
			else if (c == "'\''")
				st = "chr"
			out = out c
			i++
		}
		if (st == "str" || st == "chr")
			st = "code"
		return out
	}
	# Names declared on a line with a host-word type.
	function declare(s,    rest, depth, i, c, cur, parts, np, k, d) {
		# (mawk: no "^" inside a group; a blank in front instead)
		s = " " s
		if (!match(s, "[ \t;{(]((static|const|volatile|register)[ \t]+)*" wt "[ \t]+[*]*[ \t]*[A-Za-z_]"))
			return
		rest = substr(s, RSTART + RLENGTH - 1)
		# Drop initialisers inside braces and parentheses, split on commas.
		depth = 0
		cur = ""
		np = 0
		for (i = 1; i <= length(rest); i++) {
			c = substr(rest, i, 1)
			if (c == "{" || c == "(" || c == "[")
				depth++
			else if (c == "}" || c == ")" || c == "]")
				depth--
			if (depth < 0 || (depth == 0 && c == ";"))
				break
			if (depth == 0 && c == ",") {
				parts[++np] = cur
				cur = ""
			} else if (depth == 0 || c == "[") {
				cur = cur c
			}
		}
		parts[++np] = cur
		for (k = 1; k <= np; k++) {
			d = parts[k]
			sub(/=.*/, "", d)
			gsub(/[*\[ \t]/, "", d)
			gsub(/\]/, "", d)
			if (d ~ /^[A-Za-z_][A-Za-z0-9_]*$/)
				host[d] = 1
		}
	}
	# Split the top-level arguments of the call text @s (from its "(").
	function args(s, a,    i, c, depth, cur, n) {
		depth = 0
		cur = ""
		n = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "(" || c == "[" || c == "{") {
				depth++
				if (depth == 1 && c == "(")
					continue
			} else if (c == ")" || c == "]" || c == "}") {
				depth--
				if (depth == 0)
					break
			}
			if (depth == 1 && c == ",") {
				a[++n] = cur
				cur = ""
			} else {
				cur = cur c
			}
		}
		a[++n] = cur
		return n
	}
	function hostword(arg,    t) {
		t = arg
		gsub(/[ \t]+/, " ", t)
		if (t ~ ("[(] *(const )?(volatile )?" wt " *([*]|[[][^]]*[]])"))
			return 1
		gsub(/^ */, "", t)
		while (t ~ /^[(][^()]*[)]/)
			sub(/^[(][^()]*[)] */, "", t) # casts to void * / uint8_t *
		sub(/^[&] */, "", t)
		sub(/ *[+].*$/, "", t)
		sub(/ *$/, "", t)
		return (t in host)
	}
	BEGIN {
		wt = "((u?int(16|32|64)_t)|unsigned|int|long|(unsigned[ \t]+(int|long)))"
		sinks["scmia_cmd"] = 4
		sinks["scmia_virtio_dev_reply"] = 4
		sinks["mw_cmd"] = 5
		sinks["scmia_virtio_dev_p2a"] = 3
		sinks["memcpy"] = 2
		st = "code"
	}
	FNR == NR {
		declare(strip($0))
		next
	}
	FNR == 1 {
		st = "code"
		pend = ""
	}
	{
		line = strip($0)
		if (line ~ ("[(][ \t]*(const[ \t]+)?(volatile[ \t]+)?u?int(16|32|64)_t[ \t]*[*][ \t]*[)]") &&
		    line !~ /atomic_/)
			print rel ":" FNR ": host-word pointer cast: " line
		if (pend != "") {
			text = text " " line
		} else {
			for (f in sinks) {
				if (match(" " line, "[^A-Za-z0-9_]" f "[ \t]*[(]")) {
					pend = f
					at = FNR
					text = substr(" " line, RSTART + 1)
					sub("^[^(]*", "", text)
					break
				}
			}
		}
		if (pend == "")
			next
		# Complete when the parentheses balance.
		o = gsub(/[(]/, "(", text)
		cl = gsub(/[)]/, ")", text)
		if (cl < o && FNR - at < 12)
			next
		n = args(text, a)
		k = sinks[pend]
		if (n >= k && (pend != "memcpy" || a[1] ~ /tx_buf/) && hostword(a[k]))
			print rel ":" at ": host words as a little-endian payload (" pend " argument " k "):" a[k]
		pend = ""
	}' "$1" "$1"
}

scan_list() { # scan_list ROOT FILE...: one case per file
	r=$1
	shift
	pass=0
	fail=0
	for f in "$@"; do
		out=$(scan_file "$f" "${f#"$r"/}")
		if [ -n "$out" ]; then
			printf '%s\n' "$out"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
}

if [ "${1:-}" = "--self-test" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT INT TERM
	# Each bad fixture must be reported, the good one must not.
	cat >"$tmp/bad_array.c" <<'EOF'
	uint32_t words[2] = { 0, 1 };
	ret = scmia_cmd(&a, 0x14, 0x9, words, 8, rx, sizeof(rx), &n, 0);
EOF
	cat >"$tmp/bad_multiline.c" <<'EOF'
	static const uint32_t w[4] = { 0, 1, 2, 3 };
	assert_int_equal(scmia_cmd(&v->v.agent, 0x14, 0x5,
				   w, 16, rx, sizeof(rx), &n,
				   0),
			 0);
EOF
	cat >"$tmp/bad_literal.c" <<'EOF'
	assert_int_equal(mw_cmd(w, GA, 0x14, 0x9, (const uint32_t[]){ 0, 1 }, 8, rx, 16, &n, 0), 0);
EOF
	cat >"$tmp/bad_scalar.c" <<'EOF'
	uint32_t n = 0, v = 7;
	(void)scmia_virtio_dev_p2a(srv, hdr, &v, 4);
EOF
	cat >"$tmp/bad_memcpy.c" <<'EOF'
	uint16_t ids[4];
	memcpy(x->tx_buf, (const void *)ids, 8);
EOF
	cat >"$tmp/bad_reply.c" <<'EOF'
	unsigned body[3];
	scmia_virtio_dev_reply(d, req, hdr, body + 1, 8);
EOF
	cat >"$tmp/bad_cast.c" <<'EOF'
	idx = *(const uint16_t *)(avail + 2);
EOF
	cat >"$tmp/good.c" <<'EOF'
	uint8_t tx[8];
	uint32_t words[2] = { 0, 1 }; /* scmia_cmd(a, 1, 2, words, 8) */
	const char *s = "scmia_cmd(a, 1, 2, words, 8)";
	scmia_put_le32(tx, words[0]);
	ret = scmia_cmd(&a, 0x14, 0x9, tx, 8, rx, sizeof(rx), &n, 0);
	ret = mw_cmdw(w, GA, 0x14, 0x9, (const uint32_t[]){ 0, 1 }, 2, rx, 16, &n);
	memcpy(rx_copy, words, 8);
	v = atomic_load((_Atomic uint16_t *)(void *)p);
EOF
	pass=0
	fail=0
	for f in "$tmp"/bad_*.c; do
		if [ -n "$(scan_file "$f" "${f##*/}")" ]; then
			pass=$((pass + 1))
		else
			echo "${f##*/}: planted violation not reported"
			fail=$((fail + 1))
		fi
	done
	out=$(scan_file "$tmp/good.c" good.c)
	if [ -z "$out" ]; then
		pass=$((pass + 1))
	else
		printf '%s\n' "$out"
		echo "good.c: reported"
		fail=$((fail + 1))
	fi
	echo "wire_words_selftest: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

if [ $# -ne 1 ] || [ ! -d "$1/lib/mediator" ]; then
	echo "usage: check_wire_words.sh ROOT | --self-test" >&2
	echo "wire_words: 0 passed, 1 failed"
	exit 2
fi
root=$1
# shellcheck disable=SC2046 # the file names have no blanks
scan_list "$root" $(find "$root/lib/mediator" "$root/transports/virtio" "$root/tests/mediator" \
	-type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort) "$root/tests/sim/sim_virtio.c"
echo "wire_words: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
