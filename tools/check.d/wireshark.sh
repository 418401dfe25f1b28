# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
#
# Suite "wireshark" (sourced by tools/check): the Wireshark dissector
# tools/wireshark/scmi.lua under tshark, on captures of the simulated
# platform that tests/wireshark/wsgen writes (a session of every protocol,
# fault injection, crafted records, a snap length, a LINKTYPE_USER0
# capture) and on the capture the host demo writes (tools/demo
# --capture=FILE, checked with tests/wireshark/demo.exp); ctest label
# "wireshark", left out of host, clang and sanitize. Builds only what wsgen
# needs, in build/wireshark, and the demo in build/demo. About a minute.

suite_wireshark() {
	local dir="$BUILD_ROOT/wireshark"
	local log="$dir/check.log"

	mkdir -p "$dir"
	: >"$log"
	echo "  configure + build wsgen in ${dir#"$ROOT"/}"
	if ! cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DSCMIA_WERROR=ON \
		-DSCMIA_BUILD_TESTS=ON -DSCMIA_BUILD_EXAMPLES=OFF -DSCMIA_BUILD_DOCS=OFF \
		-DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ >>"$log" 2>&1; then
		tail -n 40 "$log"
		echo "  CONFIGURE FAILED (full log: $log)"
		return 1
	fi
	if ! cmake --build "$dir" -j "$JOBS" --target wsgen >>"$log" 2>&1; then
		grep -E 'error|warning:' "$log" | head -n 40 || true
		echo "  BUILD FAILED (full log: $log)"
		return 1
	fi
	# The host demo's own capture (tools/demo --capture=FILE, built with
	# tracing on), checked with demo.exp by the same ctest.
	echo "  tools/demo --capture=${dir#"$ROOT"/}/demo.pcapng"
	rm -f "$dir/demo.pcapng"
	if ! SCMIA_BUILD_ROOT="$BUILD_ROOT" "$ROOT/tools/demo" --capture="$dir/demo.pcapng" \
		>"$dir/demo.log" 2>&1; then
		tail -n 20 "$dir/demo.log"
		echo "  DEMO FAILED (full log: $dir/demo.log)"
		return 1
	fi
	DEMO_CAPTURE="$dir/demo.pcapng" run_tests "$dir" -L '^wireshark$'
}

SUITE_DEPS[wireshark]="tshark"
OWN_SUITE_LABELS+=(wireshark)
scmia_suite_add wireshark
