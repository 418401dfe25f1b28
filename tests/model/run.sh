#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# tests/model/run.sh [-j N] [-o DIR] [-v] [-l] [CASE...]
#
# Model-checks tests/model/xfer.pml with spin: each case generates the
# verifier (spin -a), compiles pan with gcc and runs it, then compares what
# pan reports with what the case expects:
#   pass        no error: every assertion holds, no invalid end state
#               (deadlock), no acceptance cycle, the search completed, and
#               it reached the case's coverage points (xfer.pml C_*: a
#               bound too small to reach an interleaving fails the case)
#   viol:TEXT   pan reports an error whose line contains TEXT (a defect
#               switched back on, or a guard of the design removed)
# The counterexample of every error is replayed (spin -t) into
# DIR/<case>/story.txt: the MODEL: lines tell what happened.
#
#   -j N   cases run in parallel (default: $SCMIA_JOBS, else 2)
#   -o DIR work directory (default: $SCMIA_BUILD_ROOT/model, else build/model)
#   -v     print the story of every violation found
#   -l     list the cases and exit
#
# Ends with "model: N passed, N failed" (one case per line of CASES below)
# and exits non-zero if a case failed. docs/testing.md explains the cases.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODEL=$HERE/xfer.pml
JOBS=${SCMIA_JOBS:-2}
OUT=${SCMIA_BUILD_ROOT:-$ROOT/build}/model
VERBOSE=0

# name | expectation | spin -D switches | safety or liveness | gcc -O level
#      | coverage points the search must reach (safety, pass: built with
#        -DCOVER; numbers are the C_* of xfer.pml, names in POINTS)
CASES=(
	# The design as the core implements it: every property holds.
	"safety|pass||safety|2|1 3 4 5 6 7 8 10 11 12"
	"safety-either-kind|pass|-DN0=1 -DN1=1 -DA0=2 -DA1=2 -DNADV=2|safety|1|1 4 5 6 7 8 10 11 12"
	"safety-lap|pass|-DHIST=1 -DN0=1 -DN1=1 -DNBG0=7|safety|1|1 2 3 4 5 6 7 8 9 10 11 12 13"
	"safety-evict|pass|-DHIST=2 -DN0=1 -DN1=1|safety|1|1 3 4 5 6 7 8 10 11 12"
	"safety-lap-own|pass|-DN0=2 -DN1=0 -DA0=2 -DNBG0=7 -DNADV=2|safety|1|1 2 4 5 6 7 8 9 10 11 12"
	"safety-lap-history|pass|-DHIST=1 -DN0=2 -DN1=0 -DA0=2 -DNBG0=7|safety|1|1 2 3 4 5 6 7 8 9 10 11 12 13"
	"safety-no-giveup|pass|-DNO_GIVEUP -DN0=1 -DN1=1 -DNADV=2|safety|0|1 4 5 6 7 8 11 12"
	"liveness|pass|-DCHECKS=0|liveness|2|"
	"liveness-lap|pass|-DCHECKS=0 -DHIST=1 -DN0=1 -DN1=1 -DNBG0=7|liveness|1|"
	"liveness-evict|pass|-DCHECKS=0 -DHIST=2 -DN0=1 -DN1=1|liveness|1|"
	# Defect 1 (SENT before the claim): the channel wedged for good.
	"defect1-wedge|viol:owner==255|-DDEFECT1 -DCHECKS=8|safety|0|"
	"defect1-liveness|viol:acceptance cycle|-DDEFECT1 -DCHECKS=0|liveness|0|"
	"defect1-hang|viol:invalid end state|-DDEFECT1 -DNO_GIVEUP -DCHECKS=0|safety|0|"
	"defect1-forged-dresp|viol:written[rs]|-DDEFECT1 -DCHECKS=2|safety|0|"
	"defect1-misattributed|viol:exsnap[rs]|-DDEFECT1 -DCHECKS=1|safety|0|"
	"defect1-slot-reuse|viol:owner!=s|-DDEFECT1 -DCHECKS=4|safety|0|"
	# Defect 2 (quarantined tokens not skipped): a late reply misattributed.
	"defect2-misattributed|viol:exsnap[rs]|-DDEFECT2 -DCHECKS=1 -DHIST=1 -DN0=1 -DN1=1 -DNBG0=7|safety|0|"
	# The core's rule before the rx/msg harnesses found it: the first late
	# message of an async command (response or delayed response) ended its
	# quarantine while the other was still on its way.
	"late-first-ends-quarantine|viol:exsnap[rs]|-DLATE_ENDS -DCHECKS=1 -DHIST=1 -DN0=1 -DN1=1 -DNBG0=7|safety|0|"
	# The merged core's rule (lib/core.c apply_locked): a failed fetch counts
	# as a reply, so the token is not quarantined (see docs/testing.md).
	"core-fetch-error-replied|viol:exsnap[rs]|-DFETCHERR_REPLIED -DN0=2 -DN1=0 -DA0=2 -DNBG0=7 -DNADV=2|safety|0|"
	# Guards of the design removed one at a time: a property must fail.
	"mut-fetch-ignores-free|viol:exsnap[rs]|-DMUT=1|safety|0|"
	"mut-put-frees-held-slot|viol:st[tab[0]]|-DMUT=4|safety|0|"
	"mut-put-no-quarantine|viol:exsnap[rs]|-DMUT=5 -DN0=2 -DN1=0 -DNBG0=7|safety|0|"
	"mut-claim-without-cas|viol:(owner==s)|-DMUT=6|safety|0|"
	"mut-write-before-free|viol:!(rung)|-DMUT=7|safety|0|"
)

# Coverage points (C_* in xfer.pml).
POINTS=(- wrap reissue evict late early rx-frees-slot claim-busy late-dresp
	skip-quarantined ebusy deferred fetch-error ring-stale-entry)

usage() {
	awk 'NR > 3 && !/^#/ { exit } NR > 3 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
}

while getopts "j:o:vlh" opt; do
	case $opt in
	j) JOBS=$OPTARG ;;
	o) OUT=$OPTARG ;;
	v) VERBOSE=1 ;;
	l)
		for c in "${CASES[@]}"; do
			IFS='|' read -r n e d m _ <<<"$c"
			printf '%-24s %-28s %-8s %s\n' "$n" "$e" "$m" "$d"
		done
		exit 0
		;;
	h)
		usage
		exit 0
		;;
	*)
		usage >&2
		exit 2
		;;
	esac
done
shift $((OPTIND - 1))

selected=()
if [ $# -gt 0 ]; then
	for want in "$@"; do
		found=0
		for c in "${CASES[@]}"; do
			[ "${c%%|*}" = "$want" ] && selected+=("$c") && found=1
		done
		if [ $found = 0 ]; then
			echo "model: unknown case '$want' (-l lists them)" >&2
			exit 2
		fi
	done
else
	selected=("${CASES[@]}")
fi

for tool in spin gcc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "  $tool not found (Debian: apt-get install spin gcc)"
		echo "model: 0 passed, 1 failed"
		exit 1
	fi
done

# Names for the numbers the model prints (xfer.pml: states, types, results).
readable() {
	sed -e 's/rx type 0 /rx response, /; s/rx type 2 /rx delayed response, /' \
	    -e 's/message type 0 /response, /; s/message type 2 /delayed response, /' \
	    -e 's/(type 0)/(response)/; s/(type 2)/(delayed response)/' \
	    -e 's/state 1:/IDLE:/; s/state 2:/SENDING:/; s/state 3:/SENT:/' \
	    -e 's/state 4:/RESP:/; s/state 5:/DONE:/' \
	    -e 's/(result 1)/(success)/; s/(result 2)/(timed out)/; s/(result 3)/(error)/' \
	    -e 's/owner is 255/owner is none/; s/(owner 255,/(owner none,/' \
	    -e 's/ async 0$/ sync/; s/ async 1$/ async/'
}

# run_case LINE: model-check one case in $OUT/<name>; writes result (one
# line: "ok <detail>" or "FAILED <detail>") there.
run_case() {
	local name expect defs mode opt cover
	IFS='|' read -r name expect defs mode opt cover <<<"$1"
	local dir=$OUT/$name
	[ -z "$cover" ] || defs="$defs -DCOVER"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$MODEL" "$dir/xfer.pml"
	local ccf=(-DCOLLAPSE -DMEMLIM=2048) runf=(-m100000)
	if [ "$mode" = liveness ]; then
		ccf+=(-DNFAIR=3)
		runf+=(-a -f)
	else
		ccf+=(-DSAFETY -DNOCLAIM)
	fi
	local start=$SECONDS
	(
		cd "$dir" || exit 1
		# shellcheck disable=SC2086 # defs is a list of -D switches
		spin $defs -a xfer.pml >spin.log 2>&1 || exit 2
		nice -n 10 gcc "-O$opt" -w "${ccf[@]}" -o pan pan.c >gcc.log 2>&1 || exit 3
		timeout 900 nice -n 10 ./pan "${runf[@]}" >pan.log 2>&1
		exit 0
	)
	local rc=$? secs=$((SECONDS - start))
	if [ $rc = 2 ]; then
		echo "FAILED spin -a failed: $(head -n 3 "$dir/spin.log" | tr '\n' ' ')" >"$dir/result"
		return
	elif [ $rc = 3 ]; then
		echo "FAILED gcc failed: $(grep -m 3 error "$dir/gcc.log" | tr '\n' ' ')" >"$dir/result"
		return
	fi
	local log=$dir/pan.log
	local nerr states err search incomplete=""
	nerr=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$log" | tail -n 1)
	err=$(grep -m 1 -E '^pan:[0-9]+: ' "$log" | sed 's/^pan:[0-9]*: //')
	local short=$err
	[ ${#short} -le 90 ] || short="${short:0:60}...${short: -30}"
	search=$(sed -n 's/^pan: elapsed time \([0-9.e+]*\) seconds.*/\1/p' "$log" | tail -n 1)
	if grep -qE 'Search not completed|max search depth too small|reached -DMEMLIM|out of memory' "$log"; then
		incomplete=$(grep -m 1 -E 'Search not completed|max search depth too small|reached -DMEMLIM|out of memory' "$log")
	fi
	if [ -n "$err" ] && [ -e "$dir/xfer.pml.trail" ]; then
		# shellcheck disable=SC2086
		(cd "$dir" && spin $defs -t xfer.pml 2>&1 |
			sed -n -e 's/^ *\(MODEL: .*\)/\1/p' \
			    -e 's/^ *spin: \(xfer.pml.*\|text of .*\|trail ends.*\)/\1/p' |
			readable >story.txt)
	fi
	# Coverage points reached, and those required but not reached.
	local reached="" missing="" p
	while read -r p; do
		reached="$reached ${POINTS[$p]}"
	done < <(sed -n 's/^MODEL-COVERED \([0-9]*\)$/\1/p' "$log" | sort -n -u)
	for p in $cover; do
		grep -qx "MODEL-COVERED $p" "$log" || missing="$missing ${POINTS[$p]}"
	done
	if [ -z "$nerr" ]; then
		echo "FAILED pan did not finish (${secs} s): $(tail -n 3 "$log" | tr '\n' ' ')" >"$dir/result"
	elif [ "$expect" = pass ]; then
		if [ "$nerr" = 0 ] && [ -z "$incomplete" ] && [ -z "$missing" ]; then
			echo "ok $states states, search ${search} s, ${secs} s in all${reached:+; reached:$reached}" >"$dir/result"
		elif [ "$nerr" = 0 ] && [ -z "$incomplete" ]; then
			echo "FAILED no error, but the search never reached:$missing" >"$dir/result"
		elif [ "$nerr" = 0 ]; then
			echo "FAILED search incomplete: $incomplete" >"$dir/result"
		else
			echo "FAILED $err (story: ${dir#"$ROOT"/}/story.txt)" >"$dir/result"
		fi
	else
		local want=${expect#viol:}
		if [ "$nerr" != 0 ] && [[ "$err" == *"$want"* ]]; then
			echo "ok found: $short, ${secs} s" >"$dir/result"
		elif [ "$nerr" != 0 ]; then
			echo "FAILED expected '$want', got: $err (story: ${dir#"$ROOT"/}/story.txt)" >"$dir/result"
		else
			echo "FAILED expected '$want', spin found nothing ($states states)" >"$dir/result"
		fi
	fi
}

mkdir -p "$OUT"
begin=$SECONDS
for c in "${selected[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	run_case "$c" &
done
wait

pass=0
fail=0
for c in "${selected[@]}"; do
	IFS='|' read -r name expect _ <<<"$c"
	dir=$OUT/$name
	res=$(cat "$dir/result" 2>/dev/null || echo "FAILED no result")
	status=${res%% *}
	detail=${res#* }
	if [ "$status" = ok ]; then
		pass=$((pass + 1))
		printf '  %-7s %-24s %s\n' ok "$name" "$detail"
		if [ $VERBOSE = 1 ] && [ -s "$dir/story.txt" ]; then
			sed 's/^/  | /' "$dir/story.txt"
		fi
	else
		fail=$((fail + 1))
		printf '  %-7s %-24s %s\n' FAILED "$name" "$detail"
		if [ -s "$dir/story.txt" ]; then
			sed 's/^/  | /' "$dir/story.txt" | tail -n 60
		fi
		if [ -e "$dir/pan.log" ]; then
			grep -E 'error|violated|invalid|cycle|Warning|unreached' "$dir/pan.log" |
				head -n 10 | sed 's/^/  | /'
		fi
	fi
done
echo "  ($((SECONDS - begin)) s, work files in ${OUT#"$ROOT"/})"
echo "model: $pass passed, $fail failed"
[ $fail = 0 ]
