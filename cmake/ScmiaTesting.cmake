# SPDX-License-Identifier: BSD-3-Clause
#
# scmia_add_test(NAME <name> SOURCES <files...> [LIBS <targets...>]
#                [LABELS <labels...>] [ARGS <argv...>] [TIMEOUT <s>]
#                [ENVIRONMENT <VAR=value...>])
#
# Build a test executable <name> from SOURCES, link it with LIBS, CMocka,
# Threads, SCMIA_TEST_EXTRA_LIBS (tests/CMakeLists.txt: libatomic where
# 64-bit atomics are library calls) and the warning flags, and register it with ctest under <name>
# with the given LABELS and CMOCKA_MESSAGE_OUTPUT=STDOUT (so the CMocka
# summary that tools/check counts is on stdout). TIMEOUT defaults to 300 s.
#
# Defined whether or not tests are enabled, so that directories which are
# also needed without tests (tests/sim for the demo) may call it: with
# SCMIA_BUILD_TESTS off it does nothing.

include_guard(GLOBAL)

function(scmia_add_test)
	cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ARGS;ENVIRONMENT" ${ARGN})
	if(T_UNPARSED_ARGUMENTS)
		message(FATAL_ERROR "scmia_add_test: unknown arguments: ${T_UNPARSED_ARGUMENTS}")
	endif()
	if(NOT T_NAME OR NOT T_SOURCES)
		message(FATAL_ERROR "scmia_add_test: NAME and SOURCES are required")
	endif()
	if(NOT SCMIA_BUILD_TESTS)
		return()
	endif()
	if(NOT T_TIMEOUT)
		set(T_TIMEOUT 300)
	endif()

	add_executable(${T_NAME} ${T_SOURCES})
	target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} scmia_cmocka Threads::Threads
			      ${SCMIA_TEST_EXTRA_LIBS} scmia_warnings)
	# Tests are host programs: GNU C11 gives them POSIX declarations
	# (clock_gettime, nanosleep, ...) without per-file feature macros.
	set_target_properties(${T_NAME} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON
				      C_EXTENSIONS ON)
	set(_env CMOCKA_MESSAGE_OUTPUT=STDOUT ${T_ENVIRONMENT})
	add_test(NAME ${T_NAME} COMMAND ${T_NAME} ${T_ARGS})
	set_tests_properties(${T_NAME} PROPERTIES
		LABELS "${T_LABELS}"
		TIMEOUT ${T_TIMEOUT}
		ENVIRONMENT "${_env}")
endfunction()

# scmia_core_sources(<var>): the scmia library target's own sources, as
# absolute paths (generator expressions left out), for tests that compile
# the core into themselves with other definitions.
function(scmia_core_sources out)
	get_target_property(_srcs scmia SOURCES)
	get_target_property(_dir scmia SOURCE_DIR)
	set(_abs "")
	foreach(_s IN LISTS _srcs)
		if(_s MATCHES "^\\$<")
			continue()
		endif()
		if(NOT IS_ABSOLUTE "${_s}")
			set(_s "${_dir}/${_s}")
		endif()
		list(APPEND _abs "${_s}")
	endforeach()
	set(${out} "${_abs}" PARENT_SCOPE)
endfunction()
