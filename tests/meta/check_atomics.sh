#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_atomics.sh ROOT [FILE...]
#
# Library sources must link on cores without atomic read-modify-write
# instructions (issue 10, item 6): on Cortex-M0+ (ARMv6-M) and RV32I the
# C11 read-modify-write operations become __atomic_* (or __sync_*) library
# calls that no bare-metal runtime provides. Each FILE (relative to ROOT;
# default: every library source, lib/*.c lib/proto/*.c transports/*/*.c,
# not the OS ports) is compiled
# with
#   arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os -c
#   riscv64-unknown-elf-gcc -march=rv32i -mabi=ilp32 -Os -c (picolibc)
# (-std=c11 -Wall -Wextra -Werror, the public and transport include
# directories), and `nm -u` of the object must show no __atomic_ and no
# __sync_ symbol. One case per file and target.
#
# The check checks itself: a planted file with one atomic_fetch_add must be
# flagged on both targets (one case each). And SCMIA_SMC_LOCKFREE (the
# switch of transports/smc/scmia_smccc.h) must pick the lock path on those
# two targets and keep the lock-free path where the instructions exist
# (Cortex-M4, RV32IMAC, the host): one case each.
#
# Last line: "meta_atomics: N passed, N failed". Exit status 0 when no case
# failed, 1 otherwise, 2 for a usage error or a missing toolchain (Debian:
# gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-riscv64-unknown-elf
# picolibc-riscv64-unknown-elf).

set -u

root=${1:?usage: check_atomics.sh ROOT [FILE...]}
shift
root=$(cd "$root" && pwd) || exit 2
cd "$root" || exit 2

if [ "$#" -eq 0 ]; then
	set -- lib/*.c lib/proto/*.c transports/*/*.c
fi

for t in arm-none-eabi-gcc arm-none-eabi-nm riscv64-unknown-elf-gcc riscv64-unknown-elf-nm; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "check_atomics: $t not found"
		echo "meta_atomics: 0 passed, 1 failed"
		exit 2
	fi
done

incs="-I$root/include"
for d in "$root"/transports/*/; do
	[ -d "$d" ] && incs="$incs -I${d%/}"
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

# name|compiler and flags|nm
targets="cortex-m0plus|arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb|arm-none-eabi-nm
rv32i|riscv64-unknown-elf-gcc -march=rv32i -mabi=ilp32 --specs=picolibc.specs|riscv64-unknown-elf-nm"

pass=0
fail=0

# scan NAME CC NM SRC: compile SRC, print the atomic library calls it needs
# (nothing when none); returns 2 when it does not compile.
scan() {
	obj="$out/$1.$(printf '%s' "$4" | tr '/' '_').o"
	# shellcheck disable=SC2086 # word splitting of flags is intended
	if ! msg=$($2 -Os -std=c11 -Wall -Wextra -Werror $incs -c "$4" -o "$obj" 2>&1); then
		printf '%s\n' "$msg" | head -n 20
		return 2
	fi
	$3 -u "$obj" | awk '{ print $NF }' | grep -E '^(__atomic_|__sync_)' | tr '\n' ' '
	return 0
}

old_ifs=$IFS
for f in "$@"; do
	if [ ! -f "$f" ]; then
		echo "FAILED: $f: no such file"
		fail=$((fail + 1))
		continue
	fi
	IFS='
'
	for t in $targets; do
		IFS=$old_ifs
		name=${t%%|*}
		rest=${t#*|}
		cc=${rest%%|*}
		nm=${rest#*|}
		calls=$(scan "$name" "$cc" "$nm" "$f")
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "FAILED: $f ($name): does not compile"
			[ -n "$calls" ] && printf '%s\n' "$calls"
			fail=$((fail + 1))
		elif [ -n "$calls" ]; then
			echo "FAILED: $f ($name): needs $calls"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	IFS=$old_ifs
done

# The check can fail: a planted read-modify-write is flagged.
plant="$out/planted_rmw.c"
cat >"$plant" <<'EOF'
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdatomic.h>
unsigned planted_rmw(atomic_uint *p);
unsigned planted_rmw(atomic_uint *p)
{
	return atomic_fetch_add(p, 1u);
}
EOF
IFS='
'
for t in $targets; do
	IFS=$old_ifs
	name=${t%%|*}
	rest=${t#*|}
	cc=${rest%%|*}
	nm=${rest#*|}
	calls=$(scan "$name" "$cc" "$nm" "$plant")
	if [ -n "$calls" ]; then
		pass=$((pass + 1))
	else
		echo "FAILED: the planted atomic_fetch_add was not flagged on $name"
		fail=$((fail + 1))
	fi
done
IFS=$old_ifs

# SCMIA_SMC_LOCKFREE: the lock path exactly where the instructions lack.
lockfree() {
	# shellcheck disable=SC2086
	printf '#include "scmia_smccc.h"\nSCMIA_SMC_LOCKFREE\n' |
		$1 -E -P $incs -x c - 2>/dev/null | tail -n 1
}
for t in "0|cortex-m0plus|arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb" \
	"0|rv32i|riscv64-unknown-elf-gcc -march=rv32i -mabi=ilp32 --specs=picolibc.specs" \
	"1|cortex-m4|arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb" \
	"1|rv32imac|riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 --specs=picolibc.specs" \
	"1|host|${CC:-cc}"; do
	want=${t%%|*}
	rest=${t#*|}
	name=${rest%%|*}
	cc=${rest#*|}
	got=$(lockfree "$cc")
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		echo "FAILED: SCMIA_SMC_LOCKFREE is '$got' on $name, expected $want"
		fail=$((fail + 1))
	fi
done

echo "meta_atomics: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
