# SPDX-License-Identifier: BSD-3-Clause
#
# Bare-metal Arm (Cortex-M) with Debian's gcc-arm-none-eabi and
# libnewlib-arm-none-eabi (newlib-nano, nosys stubs). Not used on its own:
# cortex-m0plus.cmake, cortex-m4.cmake and cortex-m33.cmake set
# SCMIA_TOOLCHAIN_CPU_FLAGS and include this file.
#
#   cmake -S . -B build/m4 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/cortex-m4.cmake
#
# CMAKE_SYSTEM_NAME Generic turns SCMIA_PORT_POSIX (and with it the tests
# and examples) off. Executables link against newlib-nano with the nosys
# stubs; an image brings its own startup code and linker script (see
# tests/cross/consumer).

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(_scmia_tc_prefix arm-none-eabi-)
set(CMAKE_C_COMPILER ${_scmia_tc_prefix}gcc)
set(CMAKE_CXX_COMPILER ${_scmia_tc_prefix}g++)
set(CMAKE_ASM_COMPILER ${_scmia_tc_prefix}gcc)
set(CMAKE_AR ${_scmia_tc_prefix}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${_scmia_tc_prefix}ranlib CACHE FILEPATH "")
set(CMAKE_OBJCOPY ${_scmia_tc_prefix}objcopy CACHE FILEPATH "")
set(CMAKE_SIZE ${_scmia_tc_prefix}size CACHE FILEPATH "")

if(NOT SCMIA_TOOLCHAIN_CPU_FLAGS)
	message(FATAL_ERROR "arm-none-eabi.cmake: use cortex-m0plus.cmake, cortex-m4.cmake "
			    "or cortex-m33.cmake (they set SCMIA_TOOLCHAIN_CPU_FLAGS)")
endif()
# The compiler checks cannot link without a startup and a linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

string(JOIN " " _scmia_tc_flags ${SCMIA_TOOLCHAIN_CPU_FLAGS} --specs=nano.specs)
set(CMAKE_C_FLAGS_INIT "${_scmia_tc_flags} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${_scmia_tc_flags} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_scmia_tc_flags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nosys.specs -Wl,--gc-sections")

# Headers and libraries of the target only; programs of the build host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
