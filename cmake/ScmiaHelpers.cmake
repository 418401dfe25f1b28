# SPDX-License-Identifier: BSD-3-Clause
#
# Helpers shared by the top-level CMakeLists.txt and the component
# directories (transports/<name>, tests/sim).

include_guard(GLOBAL)
include(GNUInstallDirs)

# Components exported by this build, in the order they were added. Filled by
# scmia_export_library(); read by the pkg-config generation at the end of
# the top-level CMakeLists.txt.
set_property(GLOBAL PROPERTY SCMIA_EXPORTED_COMPONENTS "")

# scmia_export_library(<target> <component> [HEADERS_DIR <dir>])
#
# Make <target> installable as scmia::<component>:
# - EXPORT_NAME <component>, so the installed target matches the alias the
#   build tree uses (scmia::loopback, scmia::sim, ...);
# - every plain absolute include directory inside the source or binary tree
#   becomes $<BUILD_INTERFACE:...>, and the installed include directory is
#   added (a component CMakeLists.txt may write a plain
#   target_include_directories(... PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}));
# - when SCMIA_INSTALL is on: install(TARGETS) into the scmiaTargets export
#   set and install the public headers of HEADERS_DIR (files named scmia_*.h;
#   other headers there are private to the component).
# Calling it twice for one target is harmless.
function(scmia_export_library target component)
	cmake_parse_arguments(ARG "" "HEADERS_DIR" "" ${ARGN})
	if(NOT TARGET ${target})
		message(FATAL_ERROR "scmia_export_library: no target ${target}")
	endif()
	get_target_property(_real ${target} ALIASED_TARGET)
	if(_real)
		set(target ${_real})
	endif()
	get_target_property(_done ${target} SCMIA_EXPORTED)
	if(_done)
		return()
	endif()
	set_target_properties(${target} PROPERTIES EXPORT_NAME ${component} SCMIA_EXPORTED ON)

	get_target_property(_incs ${target} INTERFACE_INCLUDE_DIRECTORIES)
	if(_incs)
		set(_fixed "")
		foreach(_d IN LISTS _incs)
			if(_d MATCHES "^\\$<" OR NOT IS_ABSOLUTE "${_d}")
				list(APPEND _fixed "${_d}")
			else()
				cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${_d}" NORMALIZE _in_src)
				cmake_path(IS_PREFIX PROJECT_BINARY_DIR "${_d}" NORMALIZE _in_bin)
				if(_in_src OR _in_bin)
					list(APPEND _fixed "$<BUILD_INTERFACE:${_d}>")
				else()
					list(APPEND _fixed "${_d}")
				endif()
			endif()
		endforeach()
		list(APPEND _fixed "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
		list(REMOVE_DUPLICATES _fixed)
		set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${_fixed}")
	endif()

	if(SCMIA_INSTALL)
		install(TARGETS ${target} EXPORT scmiaTargets
			ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
			LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
			RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
		if(ARG_HEADERS_DIR)
			file(GLOB _hdrs "${ARG_HEADERS_DIR}/scmia_*.h")
			if(_hdrs)
				install(FILES ${_hdrs} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
			endif()
		endif()
	endif()
	set_property(GLOBAL APPEND PROPERTY SCMIA_EXPORTED_COMPONENTS "${target}|${component}")
endfunction()

# scmia_pkgconfig_requires(<target> <out_requires> <out_libs_private>)
#
# Translate the link libraries of <target> into pkg-config terms: scmia
# targets become "scmia" / "scmia-<component>" modules, Threads becomes
# the thread flags, build-only items (warnings) are dropped.
function(scmia_pkgconfig_requires target out_req out_priv)
	get_target_property(_libs ${target} LINK_LIBRARIES)
	set(_req "")
	set(_priv "")
	if(_libs)
		foreach(_l IN LISTS _libs)
			if(_l MATCHES "^\\$<BUILD_INTERFACE:" OR _l STREQUAL "scmia_warnings")
				continue()
			endif()
			string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" _l "${_l}")
			if(_l STREQUAL "Threads::Threads")
				# glibc >= 2.34 needs no flag (CMAKE_THREAD_LIBS_INIT
				# is empty); -pthread is right for any gcc/clang.
				if(CMAKE_THREAD_LIBS_INIT)
					list(APPEND _priv "${CMAKE_THREAD_LIBS_INIT}")
				else()
					list(APPEND _priv "-pthread")
				endif()
			elseif(_l STREQUAL "scmia" OR _l STREQUAL "scmia::scmia")
				list(APPEND _req "scmia")
			elseif(_l MATCHES "^scmia(::|_)(.+)$")
				list(APPEND _req "scmia-${CMAKE_MATCH_2}")
			elseif(_l MATCHES "^-")
				list(APPEND _priv "${_l}")
			elseif(NOT TARGET ${_l} AND NOT _l MATCHES "[/$<>]")
				list(APPEND _priv "-l${_l}")
			endif()
		endforeach()
	endif()
	list(REMOVE_DUPLICATES _req)
	list(REMOVE_DUPLICATES _priv)
	string(REPLACE ";" ", " _req "${_req}")
	string(REPLACE ";" " " _priv "${_priv}")
	set(${out_req} "${_req}" PARENT_SCOPE)
	set(${out_priv} "${_priv}" PARENT_SCOPE)
endfunction()
