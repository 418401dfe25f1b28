# SPDX-License-Identifier: BSD-3-Clause
#
# Protocol helpers (lib/proto): the list of sources and one option per
# protocol. Included by the top-level CMakeLists.txt, which then does
#   target_sources(scmia PRIVATE ${SCMIA_PROTO_SOURCES})
#   target_compile_definitions(scmia PUBLIC ${SCMIA_PROTO_DEFINITIONS})
# Each option SCMIA_PROTO_<NAME> (ON by default) compiles the protocol in
# or out and sets SCMIA_CFG_PROTO_<NAME> to 1 or 0 (include/scmia/proto/
# proto.h defaults every switch to 1 for builds without CMake).
#
# To add a protocol: scmia_proto_option(<NAME> <file.c> "<description>").

set(SCMIA_PROTO_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(SCMIA_PROTO_SOURCES "${SCMIA_PROTO_DIR}/proto.c")
set(SCMIA_PROTO_DEFINITIONS "")

macro(scmia_proto_option name file doc)
  option(SCMIA_PROTO_${name} "${doc}" ON)
  if(SCMIA_PROTO_${name})
    list(APPEND SCMIA_PROTO_SOURCES "${SCMIA_PROTO_DIR}/${file}")
    list(APPEND SCMIA_PROTO_DEFINITIONS "SCMIA_CFG_PROTO_${name}=1")
  else()
    list(APPEND SCMIA_PROTO_DEFINITIONS "SCMIA_CFG_PROTO_${name}=0")
  endif()
endmacro()

# Features of the helpers (docs/protocols.md, Build options): each option
# SCMIA_PROTO_<NAME> (ON by default) sets SCMIA_CFG_PROTO_<NAME> to 1 or 0.
macro(scmia_proto_feature name doc)
  option(SCMIA_PROTO_${name} "${doc}" ON)
  if(SCMIA_PROTO_${name})
    list(APPEND SCMIA_PROTO_DEFINITIONS "SCMIA_CFG_PROTO_${name}=1")
  else()
    list(APPEND SCMIA_PROTO_DEFINITIONS "SCMIA_CFG_PROTO_${name}=0")
  endif()
endmacro()

scmia_proto_feature(NEGOTIATE "Negotiate down with a platform newer than the helpers")
scmia_proto_feature(QUIRKS "Quirk tables (built-in, per protocol, the caller's)")
scmia_proto_feature(LAZY "Lazy attach option (SCMIA_PROTO_SET_F_LAZY)")
scmia_proto_feature(BASE_PERMS "Base commands of trusted agents (permissions, agent reset)")
scmia_proto_feature(FASTCHANNEL "Performance and Power capping fastchannels")
scmia_proto_feature(EXT_NAMES "Extended names (*_NAME_GET)")

scmia_proto_option(BASE base.c "Build the Base protocol helpers (0x10)")
scmia_proto_option(POWER power.c "Build the Power domain protocol helpers (0x11)")
scmia_proto_option(SYSTEM system.c "Build the System power protocol helpers (0x12)")
scmia_proto_option(PERF perf.c "Build the Performance protocol helpers (0x13)")
scmia_proto_option(RESET reset.c "Build the Reset domain protocol helpers (0x16)")

# ---- proto-B: Clock, Sensor, Voltage, Power capping, Pin control ----
scmia_proto_option(CLOCK clock.c "Build the Clock protocol helpers (0x14)")
scmia_proto_option(SENSOR sensor.c "Build the Sensor protocol helpers (0x15)")
scmia_proto_option(VOLTAGE voltage.c "Build the Voltage domain protocol helpers (0x17)")
scmia_proto_option(POWERCAP powercap.c "Build the Power capping protocol helpers (0x18)")
scmia_proto_option(PINCTRL pinctrl.c "Build the Pin control protocol helpers (0x19)")
