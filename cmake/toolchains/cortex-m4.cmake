# SPDX-License-Identifier: BSD-3-Clause
#
# Cortex-M4F (ARMv7E-M) with its single-precision FPU, hard-float ABI.
#   cmake -S . -B build/cortex-m4 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m4.cmake
# (arm-none-eabi.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")
