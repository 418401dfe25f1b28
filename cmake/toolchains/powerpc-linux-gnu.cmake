# SPDX-License-Identifier: BSD-3-Clause
#
# Big-endian 32-bit PowerPC Linux, with Debian's gcc-powerpc-linux-gnu,
# g++-powerpc-linux-gnu and libc6-dev-powerpc-cross; programs run under
# qemu-user (Debian's qemu-user: qemu-ppc), which ctest uses through
# CMAKE_CROSSCOMPILING_EMULATOR. The big-endian suite of tools/check
# builds every test with it (and the CMocka shim: SCMIA_CMOCKA_SHIM=ON).
#
#   cmake -S . -B build/ppc -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/powerpc-linux-gnu.cmake \
#         -DSCMIA_CMOCKA_SHIM=ON

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR powerpc)

set(_scmia_tc_triple powerpc-linux-gnu)
set(CMAKE_C_COMPILER ${_scmia_tc_triple}-gcc)
set(CMAKE_CXX_COMPILER ${_scmia_tc_triple}-g++)
set(CMAKE_FIND_ROOT_PATH /usr/${_scmia_tc_triple})
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-ppc -L /usr/${_scmia_tc_triple})

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
