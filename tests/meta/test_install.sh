#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_install.sh ROOT WORK_DIR
#
# The README's installation instructions, run as written. The blocks after
# the markers "<!-- meta: install -->", "<!-- meta: find_package -->" and
# "<!-- meta: pkg-config -->" in ROOT/README.md are taken verbatim; the
# only change is the prefix /opt/scmia, replaced by a scratch directory.
# Cases:
#   1. the install block runs in a copy of the tree (without build/ and
#      .git) and installs into the scratch prefix;
#   2. a project made of tests/meta/consumer/main.c and the find_package
#      block, configured with -DCMAKE_PREFIX_PATH=<prefix> as the README
#      says, builds and runs;
#   3. the pkg-config command line builds tests/meta/consumer/main.c as
#      app.c, and the program runs;
#   4. every installed .pc file gives -I and -L paths inside the prefix;
#   5. and 6. after the prefix is moved elsewhere, the pkg-config command
#      line and the find_package project still build and run against the
#      moved copy (nothing in the installation names its first place).
# Cases 3 to 5 need pkg-config (skipped, and said so, without one).
# Last line: "meta_install: N passed, N failed".

set -u

root=${1:?usage: test_install.sh ROOT WORK_DIR}
work=${2:?usage: test_install.sh ROOT WORK_DIR}
readme="$root/README.md"
main_c=$(cd "$(dirname "$0")/consumer" && pwd)/main.c
prefix="$work/prefix"
moved="$work/moved/prefix"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }
finish() {
	echo "meta_install: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# block NAME: the fenced block after "<!-- meta: NAME -->" in the README.
block() {
	awk -v m="<!-- meta: $1 -->" '
		st == 0 && index($0, m) == 1 { st = 1; next }
		st == 1 && /^```/ { st = 2; next }
		st == 2 && /^```/ { exit }
		st == 2 { print }' "$readme"
}

# with_prefix DIR: stdin with /opt/scmia replaced by DIR.
with_prefix() {
	sed "s|/opt/scmia|$1|g"
}

rm -rf "$work"
mkdir -p "$work"

install_cmds=$(block install)
fp_cmake=$(block find_package)
pc_cmd=$(block pkg-config)
if [ -z "$install_cmds" ] || [ -z "$fp_cmake" ] || [ -z "$pc_cmd" ]; then
	ko "README.md lacks a block after <!-- meta: install -->, <!-- meta: find_package -->" \
		"or <!-- meta: pkg-config -->"
	finish
fi
# The commands are run as written: they must install into /opt/scmia (which
# the test replaces), never into a default prefix of this machine.
if printf '%s\n' "$install_cmds" | grep -q 'cmake --install' &&
	! printf '%s\n' "$install_cmds" | grep 'cmake --install' | grep -vq -- '--prefix /opt/scmia'; then
	:
else
	ko "every 'cmake --install' of the README's install block must say --prefix /opt/scmia"
	finish
fi
if ! grep -q -- '-DCMAKE_PREFIX_PATH=/opt/scmia' "$readme"; then
	ko "README.md does not say how find_package finds /opt/scmia (-DCMAKE_PREFIX_PATH=/opt/scmia)"
	finish
fi

# 1. Install as the README says, from a copy of the tree.
mkdir -p "$work/src"
(cd "$root" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$work/src" && tar -xf -)
printf '%s\n' "$install_cmds" | with_prefix "$prefix" >"$work/install.sh"
if (cd "$work/src" && sh -ex "$work/install.sh") >"$work/install.log" 2>&1 &&
	[ -f "$prefix/include/scmia/scmia.h" ]; then
	ok "README install commands ($(tr '\n' ';' <"$work/install.sh"))"
else
	tail -n 40 "$work/install.log"
	ko "README install commands (log: $work/install.log)"
	finish
fi

# find_package project: DIR PREFIX LOG
fp_build() {
	mkdir -p "$1"
	cp "$main_c" "$1/app.c"
	{
		echo "cmake_minimum_required(VERSION 3.20)"
		echo "project(app LANGUAGES C)"
		echo "add_executable(app app.c)"
		printf '%s\n' "$fp_cmake"
	} >"$1/CMakeLists.txt"
	cmake -S "$1" -B "$1/build" -DCMAKE_PREFIX_PATH="$2" >"$3" 2>&1 &&
		cmake --build "$1/build" >>"$3" 2>&1 &&
		"$1/build/app" >>"$3" 2>&1
}

# pkg-config command line: DIR PREFIX LOG
pc_build() {
	mkdir -p "$1"
	cp "$main_c" "$1/app.c"
	printf '%s\n' "$pc_cmd" | with_prefix "$2" >"$1/build.sh"
	(cd "$1" && sh -ex ./build.sh && ./app) >"$3" 2>&1
}

# 2. find_package.
if fp_build "$work/fp" "$prefix" "$work/fp.log"; then
	ok "find_package project builds and runs"
else
	cat "$work/fp.log"
	ko "find_package project"
fi

# pc_inside PREFIX: each installed module's -I/-L paths resolve inside PREFIX.
pc_inside() {
	real=$(cd "$1" && pwd -P)
	bad=0
	for pc in "$1"/lib*/pkgconfig/*.pc "$1"/lib/*/pkgconfig/*.pc; do
		[ -f "$pc" ] || continue
		mod=$(basename "$pc" .pc)
		flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs "$mod") || {
			echo "  pkg-config $mod failed"
			bad=1
			continue
		}
		n=0
		for f in $flags; do
			case "$f" in
			-I* | -L*) d=${f#-?} ;;
			*) continue ;;
			esac
			n=$((n + 1))
			r=$(cd "$d" 2>/dev/null && pwd -P) || r="(missing) $d"
			case "$r/" in
			"$real"/*) ;;
			*)
				echo "  $mod: $f is not inside $1"
				bad=1
				;;
			esac
		done
		if [ "$n" -eq 0 ]; then
			echo "  $mod: no -I or -L flag ($flags)"
			bad=1
		fi
		echo "  $mod: $flags"
	done
	[ "$bad" -eq 0 ]
}

if ! command -v pkg-config >/dev/null 2>&1; then
	echo "skipped: pkg-config cases (no pkg-config)"
	finish
fi

# 3. pkg-config.
if pc_build "$work/pc" "$prefix" "$work/pc.log"; then
	ok "pkg-config command line builds and runs ($(cat "$work/pc/build.sh"))"
else
	cat "$work/pc.log"
	ko "pkg-config command line"
fi

# 4. Paths of every module.
if pc_inside "$prefix" >"$work/pcpaths.log" 2>&1 && grep -q . "$work/pcpaths.log"; then
	cat "$work/pcpaths.log"
	ok "pkg-config paths inside the prefix"
else
	cat "$work/pcpaths.log"
	ko "pkg-config paths inside the prefix"
fi

# 5. and 6. The prefix moved.
mkdir -p "$(dirname "$moved")"
mv "$prefix" "$moved"
if pc_build "$work/pc-moved" "$moved" "$work/pc-moved.log" &&
	pc_inside "$moved" >"$work/pcpaths-moved.log" 2>&1; then
	ok "pkg-config after the prefix moved"
else
	cat "$work/pc-moved.log" "$work/pcpaths-moved.log"
	ko "pkg-config after the prefix moved"
fi
if fp_build "$work/fp-moved" "$moved" "$work/fp-moved.log"; then
	ok "find_package after the prefix moved"
else
	cat "$work/fp-moved.log"
	ko "find_package after the prefix moved"
fi

# 7. Options that change structure layouts travel with the package: the
# README's install commands again with -DSCMIA_TRACE=ON and an option of
# config.h through SCMIA_CONFIG_DEFINES; pkg-config's Cflags and the
# installed CMake targets must give a consumer the same definitions.
oprefix="$work/opt/scmia-opt"
printf '%s\n' "$install_cmds" | with_prefix "$oprefix" |
	sed '1s|$| -DSCMIA_TRACE=ON -DSCMIA_CONFIG_DEFINES=SCMIA_CFG_DEDICATED=0|' >"$work/install-opt.sh"
cat >"$work/optcheck.c" <<'EOC'
#include "scmia/scmia.h"
#if !SCMIA_CFG_TRACE || SCMIA_CFG_DEDICATED
#error "the library's options did not reach the consumer"
#endif
int optcheck(void);
int optcheck(void) { return (int)sizeof(struct scmia_agent); }
EOC
if (cd "$work/src" && sh -ex "$work/install-opt.sh") >"$work/install-opt.log" 2>&1; then
	if command -v pkg-config >/dev/null 2>&1; then
		cf=$(PKG_CONFIG_PATH="$oprefix/lib/pkgconfig" pkg-config --cflags scmia-posix 2>&1)
		case " $cf " in
		*" -DSCMIA_CFG_TRACE=1 "*) has_trace=1 ;;
		*) has_trace=0 ;;
		esac
		case " $cf " in
		*" -DSCMIA_CFG_DEDICATED=0 "*) has_ded=$has_trace ;;
		*) has_ded=0 ;;
		esac
		case $has_ded in
		1)
			if cc -c $cf "$work/optcheck.c" -o "$work/optcheck.o" >"$work/opt-pc.log" 2>&1; then
				ok "pkg-config Cflags carry the build's options ($cf)"
			else
				cat "$work/opt-pc.log"
				ko "pkg-config Cflags: a consumer does not see the options"
			fi
			;;
		*) ko "pkg-config Cflags lack the build's options: $cf" ;;
		esac
	fi
	mkdir -p "$work/fp-opt"
	cp "$work/optcheck.c" "$work/fp-opt/optcheck.c"
	cp "$main_c" "$work/fp-opt/app.c"
	{
		echo "cmake_minimum_required(VERSION 3.20)"
		echo "project(app LANGUAGES C)"
		echo "add_executable(app app.c optcheck.c)"
		printf '%s\n' "$fp_cmake"
	} >"$work/fp-opt/CMakeLists.txt"
	if cmake -S "$work/fp-opt" -B "$work/fp-opt/build" -DCMAKE_PREFIX_PATH="$oprefix" \
		>"$work/fp-opt.log" 2>&1 && cmake --build "$work/fp-opt/build" >>"$work/fp-opt.log" 2>&1 &&
		"$work/fp-opt/build/app" >>"$work/fp-opt.log" 2>&1; then
		ok "find_package targets carry the build's options"
	else
		tail -n 30 "$work/fp-opt.log"
		ko "find_package targets: a consumer does not see the options"
	fi
else
	tail -n 30 "$work/install-opt.log"
	ko "install with -DSCMIA_TRACE=ON -DSCMIA_CONFIG_DEFINES=... (log: $work/install-opt.log)"
fi
finish
