#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_dissector.sh WSGEN LUA WORKDIR
#
# Checks tools/wireshark/scmi.lua with tshark on the captures wsgen writes
# (see wsgen.c), and on the host demo's capture when DEMO_CAPTURE names it
# (expectations in demo.exp): for each mode (session, faults, fuzz, cut,
# user, demo)
#   - wsgen writes CAPTURE and EXPECT                       (one case)
#   - tshark loads the dissector and reads the capture with no error on
#     stderr, no "Lua Error" and no "Malformed Packet"     (one case)
#   - every "any FILTER COUNT" line: the display filter matches COUNT
#     frames (">0": at least one); counted in the same pass
#     with io,stat (filters must not contain commas)        (one case each)
#   - every "FRAMES FIELD VALUE" line of EXPECT: the field has that value
#     in that frame, or in one of the frames of a comma-separated list
#     (one of its occurrences; "*": present)                (one case each)
# The field pass runs two-pass (-2) so that commands show their responses.
# Running as root, tshark warns on stderr; that line is ignored.
# Last line: "wireshark: N passed, N failed".

set -u

wsgen=${1:?usage: check_dissector.sh WSGEN LUA WORKDIR}
lua=${2:?LUA}
work=${3:?WORKDIR}
pass=0
fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}

finish() {
	echo "wireshark: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

if ! command -v tshark >/dev/null 2>&1; then
	echo "check_dissector: tshark not found (Debian: apt-get install tshark)"
	fail=1
	finish
fi
if [ ! -x "$wsgen" ] || [ ! -r "$lua" ]; then
	echo "check_dissector: missing $wsgen or $lua"
	fail=1
	finish
fi
mkdir -p "$work" || exit 1

# Dissector-only tshark: no name resolution, the dissector under test.
ts() {
	tshark -n -X "lua_script:$lua" "$@" 2>"$work/ts.err"
	rc=$?
	grep -v -e '^Running as user "root"' "$work/ts.err" >"$work/ts.err2" || true
	return $rc
}

# ts_clean WHAT: the last tshark run left nothing on stderr.
ts_clean() {
	if [ -s "$work/ts.err2" ]; then
		bad "$1: tshark stderr:"
		sed -n '1,20p' "$work/ts.err2"
		return 1
	fi
	return 0
}

# DEMO_CAPTURE (set by tools/check's wireshark suite): a capture the host
# demo wrote (tools/demo --capture=FILE), checked against demo.exp next to
# this script: what the demo sends and receives on every transport.
modes="session faults fuzz cut user"
[ -z "${DEMO_CAPTURE:-}" ] || modes="$modes demo"

for mode in $modes; do
	cap="$work/$mode.pcapng"
	exp="$work/$mode.exp"
	rm -f "$cap" "$exp"
	if [ "$mode" = demo ]; then
		if ! cp "$DEMO_CAPTURE" "$cap" || ! cp "$(dirname "$0")/demo.exp" "$exp"; then
			bad "demo: no capture $DEMO_CAPTURE"
			continue
		fi
	elif ! "$wsgen" "$mode" "$cap" "$exp" >"$work/$mode.wsgen.log" 2>&1; then
		bad "$mode: wsgen failed"
		sed -n '1,20p' "$work/$mode.wsgen.log"
		continue
	fi
	ok

	opts=""
	if [ "$mode" = user ]; then
		# LINKTYPE_USER0 mapped to the scmi dissector.
		opts='uat:user_dlts:"User 0 (DLT=147)","scmi","0","","0",""'
	fi
	set --
	[ -z "$opts" ] || set -- -o "$opts"

	# One pass over the whole capture: the one-line summaries (no Lua
	# error, no malformed packet anywhere) and, through io,stat with one
	# column per display filter of EXPECT, the number of frames each
	# filter matches.
	filters=$(awk -F '\t' '$1 == "any" { print $2 }' "$exp")
	stat="io,stat,0"
	if [ -n "$filters" ]; then
		stat=$(printf '%s\n' "$filters" | awk '{ s = s "," $0 } END { print "io,stat,0" s }')
	else
		stat="io,stat,0,frame"
	fi
	if ! ts -r "$cap" "$@" -z "$stat" >"$work/$mode.txt"; then
		bad "$mode: tshark failed"
		sed -n '1,20p' "$work/ts.err2"
		continue
	fi
	if ! ts_clean "$mode"; then
		:
	elif grep -q -e 'Lua Error' -e 'Malformed Packet' -e 'Dissector bug' "$work/$mode.txt"; then
		bad "$mode: tshark reports:"
		grep -m 5 -e 'Lua Error' -e 'Malformed Packet' -e 'Dissector bug' "$work/$mode.txt"
	else
		ok
	fi
	if [ -n "$filters" ]; then
		# The data row "| 0.000 <> T | frames | bytes | frames | bytes ...":
		# filter k (1-based) has its frame count in field 2k.
		row=$(grep '<>' "$work/$mode.txt" | tail -n 1)
		result=$(awk -F '\t' -v row="$row" '
		BEGIN {
			sub(/^\|/, "", row)
			nf = split(row, f, "|")
			k = 0; p = 0; q = 0
		}
		$1 == "any" {
			k++
			got = f[2 * k]
			gsub(/ /, "", got)
			if (got == "")
				good = 0
			else if ($3 == ">0")
				good = (got + 0 > 0)
			else
				good = (got + 0 == $3 + 0)
			if (good)
				p++
			else {
				q++
				printf("FAIL: filter \"%s\" matched %s frames, expected %s\n", $2,
				       got == "" ? "?" : got, $3)
			}
		}
		END { printf("TOTAL %d %d\n", p, q) }' "$exp")
		printf '%s\n' "$result" | sed '$d'
		set -- $(printf '%s\n' "$result" | tail -n 1)
		pass=$((pass + $2))
		fail=$((fail + $3))
		set --
		[ -z "$opts" ] || set -- -o "$opts"
	fi

	# Field checks: one two-pass tshark run with every field of EXPECT.
	fields=$(awk -F '\t' '$1 != "any" { print $2 }' "$exp" | sort -u)
	[ -n "$fields" ] || continue
	for f in $fields; do
		set -- "$@" -e "$f"
	done
	if ! ts -r "$cap" -2 -T fields -E separator=/t -E occurrence=a -E aggregator='|' \
		-E quote=n -e frame.number "$@" >"$work/$mode.tsv" || ! ts_clean "$mode fields"; then
		bad "$mode: tshark -T fields failed (an unknown field name?)"
		sed -n '1,5p' "$work/ts.err"
		continue
	fi
	printf '%s\n' $fields >"$work/$mode.fields"
	result=$(awk -F '\t' -v fieldfile="$work/$mode.fields" -v tsv="$work/$mode.tsv" '
	BEGIN {
		n = 0
		while ((getline f < fieldfile) > 0)
			col[f] = ++n + 1
		while ((getline line < tsv) > 0) {
			k = split(line, c, "\t")
			for (i = 2; i <= k; i++)
				val[c[1], i] = c[i]
		}
		p = 0
		q = 0
	}
	$1 != "any" {
		field = $2; want = $3
		nfr = split($1, frames, ",")
		hit = 0
		seen = ""
		for (j = 1; j <= nfr && !hit; j++) {
			frame = frames[j]
			if (frame == 0)
				continue
			got = val[frame, col[field]]
			seen = seen (seen == "" ? "" : " / ") got
			if (want == "*" && got != "")
				hit = 1
			m = split(got, occ, "|")
			for (i = 1; i <= m; i++)
				if (occ[i] == want)
					hit = 1
		}
		if (hit)
			p++
		else {
			q++
			if (q <= 40)
				printf("FAIL: frame %s: %s is \"%s\", expected \"%s\"\n",
				       $1, field, seen, want)
		}
	}
	END { printf("TOTAL %d %d\n", p, q) }' "$exp")
	printf '%s\n' "$result" | sed '$d'
	set -- $(printf '%s\n' "$result" | tail -n 1)
	pass=$((pass + $2))
	fail=$((fail + $3))
done

finish
