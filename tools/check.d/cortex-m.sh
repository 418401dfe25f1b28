# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Suite "cortex-m": the image of examples/bare-metal (an agent on the real
# core and SMT transport, and a small SCMI platform over SMT areas in RAM,
# run twice: polling with no OS table, then interrupt-driven with a
# PRIMASK lock, a SysTick clock and NVIC interrupts pended by software)
# built with the Cortex-M toolchain files of cmake/toolchains/, run under
# qemu-system-arm, its console checked line by line against
# examples/bare-metal/expected.txt (tools/lib/baremetal.sh has the checks).
# One case per image:
#   m4-top  Cortex-M4 on mps2-an386, built from the library's top level
#   m4-fw   the same image built as a firmware that vendors the library
#           with add_subdirectory()
#   m3      Cortex-M3 on mps2-an385
#   m0      ARMv6-M (the cortex-m0plus toolchain file) on the micro:bit's
#           Cortex-M0 (QEMU models its SysTick; the nRF51 chip has none)
# QEMU runs with -icount (time follows the instructions executed), so the
# run does not depend on the load of the machine.

# shellcheck source-path=SCRIPTDIR source=../lib/baremetal.sh
source "$ROOT/tools/lib/baremetal.sh"

# shellcheck disable=SC2034 # tools/check reads it
SUITE_DEPS["cortex-m"]="gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi
	qemu-system-arm"

CORTEXM_QEMU="qemu-system-arm -display none -monitor none -serial stdio
	-semihosting-config enable=on,target=native -icount shift=3,sleep=off"

suite_cortex-m() {
	bm_suite cortex-m \
		"m4-top|cortex-m4|top|mps2|Cortex-M4|$CORTEXM_QEMU -M mps2-an386" \
		"m4-fw|cortex-m4|sub|mps2|Cortex-M4|$CORTEXM_QEMU -M mps2-an386" \
		"m3|cortex-m3|sub|mps2|Cortex-M3|$CORTEXM_QEMU -M mps2-an385" \
		"m0|cortex-m0plus|sub|microbit|Cortex-M0|$CORTEXM_QEMU -M microbit"
}

scmia_suite_add cortex-m
