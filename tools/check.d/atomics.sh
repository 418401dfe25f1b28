# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash disable=SC2034,SC2154
#
# Suite "atomics" (sourced by tools/check): tests/meta/check_atomics.sh,
# no __atomic_* / __sync_* library call in the objects of the listed
# library sources compiled for Cortex-M0+ and RV32I (cores without atomic
# read-modify-write instructions), a planted call flagged, and
# SCMIA_SMC_LOCKFREE choosing the lock path exactly there. Cases are those
# of the script; it checks every library source (lib/, lib/proto/,
# transports/; not the OS ports). About 15 seconds; no build tree.

suite_atomics() {
	local out last
	out=$(sh "$ROOT/tests/meta/check_atomics.sh" "$ROOT" 2>&1)
	printf '%s\n' "$out" | sed 's/^/  /'
	last=$(printf '%s\n' "$out" | tail -n 1)
	if [[ "$last" =~ ^meta_atomics:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		suite_pass=${BASH_REMATCH[1]}
		suite_fail=${BASH_REMATCH[2]}
	else
		suite_pass=0
		suite_fail=1
	fi
	return 0 # the counts say it
}

SUITE_DEPS[atomics]="gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi
	gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf"
scmia_suite_add atomics
