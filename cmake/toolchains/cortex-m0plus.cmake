# SPDX-License-Identifier: BSD-3-Clause
#
# Cortex-M0+ (ARMv6-M): no FPU, no atomic read-modify-write instructions.
#   cmake -S . -B build/cortex-m0plus -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m0plus.cmake
# (arm-none-eabi.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -mcpu=cortex-m0plus -mthumb -mfloat-abi=soft)
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")
