# SPDX-License-Identifier: BSD-3-Clause
#
# Bare-metal RISC-V with Debian's gcc-riscv64-unknown-elf (one compiler for
# RV32 and RV64) and picolibc-riscv64-unknown-elf for the C library
# (--specs=picolibc.specs: its headers, libc, crt0 and default linker
# script picolibc.ld). Not used on its own: rv32imac.cmake and
# rv64imac.cmake set SCMIA_TOOLCHAIN_CPU_FLAGS and include this file.
#
#   cmake -S . -B build/rv32 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/rv32imac.cmake
#
# CMAKE_SYSTEM_NAME Generic turns SCMIA_PORT_POSIX (and with it the tests
# and examples) off. An image picks picolibc's system layer at link time
# (--oslib=semihost, --crt0=semihost, or its own) and places its memory
# with -Wl,--defsym=__flash=...,__ram=... (see tests/cross/consumer).

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv)

set(_scmia_tc_prefix riscv64-unknown-elf-)
set(CMAKE_C_COMPILER ${_scmia_tc_prefix}gcc)
set(CMAKE_CXX_COMPILER ${_scmia_tc_prefix}g++)
set(CMAKE_ASM_COMPILER ${_scmia_tc_prefix}gcc)
set(CMAKE_AR ${_scmia_tc_prefix}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${_scmia_tc_prefix}ranlib CACHE FILEPATH "")
set(CMAKE_OBJCOPY ${_scmia_tc_prefix}objcopy CACHE FILEPATH "")
set(CMAKE_SIZE ${_scmia_tc_prefix}size CACHE FILEPATH "")

if(NOT SCMIA_TOOLCHAIN_CPU_FLAGS)
	message(FATAL_ERROR "riscv-unknown-elf.cmake: use rv32imac.cmake or rv64imac.cmake "
			    "(they set SCMIA_TOOLCHAIN_CPU_FLAGS)")
endif()
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

string(JOIN " " _scmia_tc_flags ${SCMIA_TOOLCHAIN_CPU_FLAGS} --specs=picolibc.specs)
set(CMAKE_C_FLAGS_INIT "${_scmia_tc_flags} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${_scmia_tc_flags} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_scmia_tc_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
