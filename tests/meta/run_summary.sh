#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# run_summary.sh NAME COMMAND [ARG...]
#
# Run a program that prints no test summary of its own (the README example)
# and give it one: "NAME: 1 passed, 0 failed" when it exits 0, else
# "NAME: 0 passed, 1 failed". Exit status is the program's.

name=${1:?usage: run_summary.sh NAME COMMAND [ARG...]}
shift
"$@"
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "$name: 1 passed, 0 failed"
else
	echo "$name: exit status $rc"
	echo "$name: 0 passed, 1 failed"
fi
exit "$rc"
