# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Dependency installation shared by tools/check and tools/demo (sourced).
#
#   scmia_deps_ensure PACKAGE...
#
# Debian package names. Packages already installed (dpkg-query) are left
# alone; missing ones are installed with apt-get when running as root
# (apt-get update runs once per process), otherwise the exact command is
# printed and the function returns 1.

SCMIA_APT_UPDATED=${SCMIA_APT_UPDATED:-0}

# Fallback when there is no dpkg-query: is the tool the package provides present?
scmia__have_pkg_tool() {
	case "$1" in
	libcmocka-dev)
		[ -e /usr/include/cmocka.h ] || [ -e /usr/local/include/cmocka.h ] ||
			pkg-config --exists cmocka 2>/dev/null
		;;
	libc6-dev) [ -e /usr/include/stdio.h ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

scmia_deps_ensure() {
	local missing=() p

	for p in "$@"; do
		if command -v dpkg-query >/dev/null 2>&1; then
			# No pipe into grep -q: under pipefail, dpkg dying of
			# SIGPIPE would make an installed package look missing.
			[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = \
				"install ok installed" ] || missing+=("$p")
		else
			scmia__have_pkg_tool "$p" || missing+=("$p")
		fi
	done
	[ "${#missing[@]}" -eq 0 ] && return 0

	if ! command -v apt-get >/dev/null 2>&1; then
		echo "scmia: missing: ${missing[*]} (Debian package names);" \
		     "install them with your package manager" >&2
		return 1
	fi
	local cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "scmia: missing packages: ${missing[*]}" >&2
		echo "scmia: run as root:  $cmd" >&2
		return 1
	fi
	echo "scmia: installing ${missing[*]}" >&2
	if [ "$SCMIA_APT_UPDATED" != 1 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update >&2 || return 1
		SCMIA_APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"${missing[@]}" >&2
}

# Packages every build needs (compiler, build tool, CMake).
# shellcheck disable=SC2034 # used by the scripts that source this file
SCMIA_DEPS_BUILD=(cmake make gcc libc6-dev)
# Tests: CMocka, a C++ compiler (headers are checked as C++) and pkg-config
# (installed-package test).
# shellcheck disable=SC2034
SCMIA_DEPS_TEST=(g++ libcmocka-dev pkg-config)
