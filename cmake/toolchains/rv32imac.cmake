# SPDX-License-Identifier: BSD-3-Clause
#
# RV32IMAC, ILP32 ABI (32-bit microcontrollers; atomics only 32-bit wide).
#   cmake -S . -B build/rv32imac -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/rv32imac.cmake
# (riscv-unknown-elf.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -march=rv32imac -mabi=ilp32 -mcmodel=medlow)
include("${CMAKE_CURRENT_LIST_DIR}/riscv-unknown-elf.cmake")
