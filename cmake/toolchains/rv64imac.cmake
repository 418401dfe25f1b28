# SPDX-License-Identifier: BSD-3-Clause
#
# RV64IMAC, LP64 ABI, code anywhere in the address space (-mcmodel=medany).
#   cmake -S . -B build/rv64imac -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/rv64imac.cmake
# (riscv-unknown-elf.cmake has the rest).

set(SCMIA_TOOLCHAIN_CPU_FLAGS -march=rv64imac -mabi=lp64 -mcmodel=medany)
include("${CMAKE_CURRENT_LIST_DIR}/riscv-unknown-elf.cmake")
