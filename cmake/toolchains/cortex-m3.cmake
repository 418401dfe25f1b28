# SPDX-License-Identifier: BSD-3-Clause
#
# Cortex-M3 (ARMv7-M): no FPU.
#   cmake -S . -B build/cortex-m3 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m3.cmake
# (arm-none-eabi.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -mcpu=cortex-m3 -mthumb -mfloat-abi=soft)
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")
