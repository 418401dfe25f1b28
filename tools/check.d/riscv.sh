# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Suite "riscv": the image of examples/bare-metal (an agent on the real
# core and SMT transport, and a small SCMI platform over SMT areas in RAM,
# run twice: polling with no OS table, then interrupt-driven with a lock
# that clears mstatus.MIE, the 64-bit mtime as clock, and the CLINT
# software interrupt raised by the platform) built with
# cmake/toolchains/rv32imac.cmake, run under qemu-system-riscv32 -M virt
# on an RV32IMAC hart (machine mode only), its console checked line by
# line against examples/bare-metal/expected.txt (tools/lib/baremetal.sh
# has the checks). One case per way of building it:
#   rv32-top  from the library's top level
#   rv32-fw   as a firmware that vendors the library with add_subdirectory()
# QEMU runs with -icount (time follows the instructions executed), so the
# run does not depend on the load of the machine.

# shellcheck source-path=SCRIPTDIR source=../lib/baremetal.sh
source "$ROOT/tools/lib/baremetal.sh"

# shellcheck disable=SC2034 # tools/check reads it
SUITE_DEPS["riscv"]="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
	picolibc-riscv64-unknown-elf qemu-system-misc"

RISCV_QEMU="qemu-system-riscv32 -M virt -cpu rv32,f=false,d=false,h=false,s=false,u=false
	-bios none -display none -monitor none -serial stdio -icount shift=3,sleep=off"

suite_riscv() {
	bm_suite riscv \
		"rv32-top|rv32imac|top|-|RV32ACIM|$RISCV_QEMU" \
		"rv32-fw|rv32imac|sub|-|RV32ACIM|$RISCV_QEMU"
}

scmia_suite_add riscv
