# SPDX-License-Identifier: BSD-3-Clause
#
# Cortex-M33 (ARMv8-M Mainline) with its single-precision FPU, hard-float ABI.
#   cmake -S . -B build/cortex-m33 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m33.cmake
# (arm-none-eabi.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16)
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")
