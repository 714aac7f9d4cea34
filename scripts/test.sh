#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test.sh - every test: unit tests, fuzz targets (briefly), and the
# integration tests against a real stack (MariaDB, mpsk over HTTP and
# FastCGI behind nginx, FreeRADIUS with radclient and our own RADIUS
# client), the real-browser tests of the portal on the same stack (Debian's
# chromium, tests/browser) — then the whole suite again with mpsk and the
# unit tests built with ASan+UBSan. Ends with one line "N passed, N failed".
#
#   scripts/test.sh                       (make test)
#   MPSK_TEST_NO_ASAN=1 scripts/test.sh   (make test-fast: one pass)
#   MPSK_TEST_K=expr scripts/test.sh      (only pytest tests matching expr,
#                                          no browser tests)
#   MPSK_TEST_PORT_OFFSET=N               (every test port moved by N)
# The plain pass's browser tests also refresh docs/screenshots/.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
"$top/scripts/deps.sh" || { echo "scripts/deps.sh failed"; echo "0 passed, 1 failed"; exit 1; }
export MPSK_DEPS_DONE=1

passed=0
failed=0
say() { printf '\n=== %s\n' "$*"; }

# Add the counts of a "N passed, N failed" line to the totals.
count_line() {
	local line=$1 p f
	p=$(sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.*\b\([0-9][0-9]*\) failed.*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

unit_tests() {
	local build=$1 t out
	say "unit tests ($build)"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		if out=$("$t" 2>&1); then :; else
			echo "$out" | tail -n 20
			# a crash prints no count: count it as one failure
			grep -q 'passed, .* failed' <<<"$out" || failed=$((failed + 1))
		fi
		echo "$(basename "$t"): $(tail -n 1 <<<"$out")"
		count_line "$(grep 'passed, .* failed' <<<"$out" | tail -n 1)"
	done
}

# The browser tests (tests/browser/run.mjs) against the running stack in
# dir, through nginx. They print their own "N passed, N failed"; no such
# line, or a failing exit with none counted, is one failure.
browser_tests() {
	local dir=$1 label=$2 line rc shots=
	say "browser tests ($label)"
	[ "$label" = plain ] && shots="$top/docs/screenshots"
	MPSK_STACK_DIR=$dir MPSK_SCREENSHOTS=$shots node "$top/tests/browser/run.mjs" 2>&1 |
		tee "$dir/browser.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$dir/browser.log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL: the browser tests ($label) printed no 'N passed, N failed' line" \
			"(node $(node --version 2>&1), exit code $rc); their output is in $dir/browser.log"
		failed=$((failed + 1))
		return
	fi
	count_line "$line"
	if [ "$rc" -ne 0 ] && grep -q ' 0 failed$' <<<"$line"; then
		echo "FAIL: the browser tests ($label) exited with $rc but counted no failure"
		failed=$((failed + 1))
	fi
}

integration_tests() {
	local build=$1 label=$2 dir="$top/var/test-$2" rc
	say "integration tests ($label)"
	rm -rf "$dir"
	# MPSK_TEST_PORT_OFFSET moves every port, so that two checkouts can
	# run their suites on one machine at once: use multiples of 100 (the
	# ports here are 1 and 10 apart).
	local o=${MPSK_TEST_PORT_OFFSET:-0}
	export MPSK_BUILD=$build MPSK_DB_PORT=$((23306 + o)) \
		MPSK_HTTP_PORT=$((28080 + o)) MPSK_NGINX_PORT=$((28081 + o)) \
		MPSK_RADIUS_AUTH_PORT=$((28120 + o)) \
		MPSK_RADIUS_ACCT_PORT=$((28130 + o)) MPSK_RADIUS_CLIENT_LIFETIME=3
	if ! "$top/scripts/stack.sh" start "$dir"; then
		failed=$((failed + 1))
		"$top/scripts/stack.sh" stop "$dir"
		return
	fi
	MPSK_STACK_DIR=$dir /usr/bin/python3 -m pytest -q -p no:cacheprovider \
		--junitxml="$dir/junit.xml" ${MPSK_TEST_K:+-k "$MPSK_TEST_K"} \
		"$top/tests/integration"
	rc=$?
	[ -n "${MPSK_TEST_K:-}" ] || browser_tests "$dir" "$label"
	"$top/scripts/stack.sh" stop "$dir"
	count_line "$(/usr/bin/python3 "$top/scripts/junit-count.py" "$dir/junit.xml")"
	[ $rc -le 1 ] || failed=$((failed + 1))
	# The sanitizers report to the program's log; any report is a failure.
	if grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$dir/mpsk.log"; then
		echo "sanitizer report in $dir/mpsk.log"
		failed=$((failed + 1))
	fi
}

say build
make -s -j2 all || { echo "0 passed, 1 failed"; exit 1; }
unit_tests "$top/build"
say "source checks (make check)"
if "$top/scripts/check.sh"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
say "fuzz targets (briefly)"
if FUZZ_SECONDS=${FUZZ_SECONDS:-5} "$top/scripts/fuzz.sh"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
integration_tests "$top/build" plain

if [ "${MPSK_TEST_NO_ASAN:-0}" != 1 ]; then
	say "build with ASan+UBSan"
	if make -s -j2 asan; then
		export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
		export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
		export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
		unit_tests "$top/build-asan"
		integration_tests "$top/build-asan" asan
		unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
	else
		failed=$((failed + 1))
	fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
