#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# check_plain_build.sh ROOT CC OUTDIR [EMULATOR...]
#
# The library must build without CMake, as README.md says ("Use it from a
# plain Makefile"):
#   1. the Makefile after "<!-- meta: makefile -->" and the C example after
#      "<!-- meta: integration example -->", both verbatim, with scmia
#      vendored as third_party/scmia (a copy of include/, lib/ and
#      transports/): `make` builds build/app with CC (and -Wall -Wextra
#      -Werror added through the environment), the program runs (through
#      EMULATOR when given: cross builds) and says "Base protocol 2.1",
#      and nothing was written into the vendored copy;
#   2. every source the recipe can list (lib/*.c, lib/proto/*.c,
#      lib/ports/posix/*.c, transports/*/*.c) compiles with only -std=c11
#      and the include directories, no definitions from the build system:
#      one case per file.
# Last line: "meta_plain_build: N passed, N failed".

set -u

root=${1:?usage: check_plain_build.sh ROOT CC OUTDIR [EMULATOR...]}
cc=${2:?CC}
out=${3:?OUTDIR}
shift 3
readme="$root/README.md"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
ko() { fail=$((fail + 1)); echo "FAILED: $*"; }

# block MARKER: the fenced block after "<!-- meta: MARKER -->" in the README.
block() {
	awk -v m="<!-- meta: $1 -->" '
		st == 0 && index($0, m) == 1 { st = 1; next }
		st == 1 && /^```/ { st = 2; next }
		st == 2 && /^```/ { exit }
		st == 2 { print }' "$readme"
}

rm -rf "$out"
mkdir -p "$out"

# ---- 1. The README's Makefile on the README's example ----------------------
r="$out/recipe"
v="$r/third_party/scmia"
mkdir -p "$v"
block makefile >"$r/Makefile"
block "integration example" >"$r/main.c"
if [ ! -s "$r/Makefile" ] || [ ! -s "$r/main.c" ]; then
	ko "README.md: no block after <!-- meta: makefile --> or <!-- meta: integration example -->"
else
	(cd "$root" && tar -cf - include lib transports) | (cd "$v" && tar -xf -)
	(cd "$v" && find . | LC_ALL=C sort) >"$out/vendored.before"
	# CC and CFLAGS from the environment: the Makefile appends to CFLAGS.
	if (cd "$r" && CC="$cc" CFLAGS="-Wall -Wextra -Werror" make) >"$out/make.log" 2>&1 &&
		[ -f "$r/build/app" ]; then
		ok "README Makefile builds build/app ($(grep -c '\.o$' "$out/make.log") compile commands)"
		if (cd "$r" && "$@" ./build/app) >"$out/app.log" 2>&1 &&
			grep -q '^Base protocol 2\.1$' "$out/app.log"; then
			ok "README example built by the Makefile runs: $(head -n 1 "$out/app.log")"
		else
			cat "$out/app.log"
			ko "README example built by the Makefile"
		fi
	else
		tail -n 30 "$out/make.log"
		ko "README Makefile (log: $out/make.log)"
	fi
	(cd "$v" && find . | LC_ALL=C sort) >"$out/vendored.after"
	if cmp -s "$out/vendored.before" "$out/vendored.after"; then
		ok "README Makefile writes nothing into the vendored tree"
	else
		diff "$out/vendored.before" "$out/vendored.after" | head -n 20
		ko "README Makefile wrote into the vendored tree"
	fi
fi

# ---- 2. Every source, by hand ----------------------------------------------
o="$out/obj"
mkdir -p "$o"
incs="-I$root/include -I$root/lib/ports/posix"
for d in "$root"/transports/*/; do
	[ -d "$d" ] && incs="$incs -I${d%/}"
done
n=0
for f in "$root"/lib/*.c "$root"/lib/proto/*.c "$root"/lib/ports/posix/*.c \
	"$root"/transports/*/*.c; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	rel=${f#"$root"/}
	obj="$o/$(printf '%s' "$rel" | tr '/' '_').o"
	# shellcheck disable=SC2086 # word splitting of flags is intended
	if msg=$($cc -std=c11 -Wall -Wextra -Werror $incs -c "$f" -o "$obj" 2>&1); then
		pass=$((pass + 1))
	else
		ko "$rel"
		printf '%s\n' "$msg"
	fi
done
[ "$n" -gt 0 ] || ko "no source under $root"

echo "meta_plain_build: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
