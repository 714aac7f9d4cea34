#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# newcomer.sh - what a new user does first, checked: the README's `make run`,
# then the curl and radclient lines it printed, run exactly as printed, then
# `make stop`. CI (.ci/run) runs this before `make test`.
#
#   scripts/newcomer.sh        (exit 0 when every step did what it says)
#
# Checks: `make run` exits 0; the curl line answers HTTP 2xx with the
# customer's keys as JSON; the radclient line gets an Access-Accept whose
# first attribute is Message-Authenticator (radclient drops a reply whose
# Message-Authenticator does not verify, and mpsk-radtest checks it again
# from the raw bytes); after `make stop` no process of the stack is left.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bad=0
ok() { printf 'newcomer: ok   %s\n' "$*"; }
no() { printf 'newcomer: FAIL %s\n' "$*"; bad=1; }

stack_processes() {
	# Every program of the stack has var/run in its arguments (MariaDB's
	# datadir, nginx's prefix, FreeRADIUS's -d, mpsk's -c).
	pgrep -af -- "$top/var/run/" | grep -v -e pgrep -e newcomer.sh || true
}

if make run >"$work/run.log" 2>&1; then
	ok "make run"
else
	no "make run exited non-zero:"
	tail -n 40 "$work/run.log"
fi

curl_line=$(grep -m1 -E '^\s*curl .*Bearer' "$work/run.log" | sed 's/^\s*//')
if [ -z "$curl_line" ]; then
	no "make run printed no curl line"
else
	# The printed line, with only a write-out of the status added.
	out=$(bash -c "$curl_line -w '\n%{http_code}'" 2>&1)
	status=$(tail -n 1 <<<"$out")
	body=$(sed '$d' <<<"$out")
	if [[ $status == 2?? ]] && python3 -c '
import json, sys
keys = json.loads(sys.stdin.read())
keys = keys.get("items", keys) if isinstance(keys, dict) else keys
sys.exit(0 if keys and all(k.get("passphrase") for k in keys) else 1)' <<<"$body"; then
		ok "printed curl line: HTTP $status with the keys"
	else
		no "printed curl line: HTTP $status: $(head -c 300 <<<"$body")"
	fi
fi

rad_line=$(grep -m1 -E '^\s*printf .*\| radclient ' "$work/run.log" | sed 's/^\s*//')
if [ -z "$rad_line" ]; then
	no "make run printed no radclient line"
else
	out=$(bash -c "$rad_line" 2>&1)
	first=$(sed -n '/^Received Access-Accept/{n;p;q}' <<<"$out" | sed 's/^\s*//')
	if grep -q '^Received Access-Accept' <<<"$out" && [[ $first == Message-Authenticator\ =* ]]; then
		ok "printed radclient line: Access-Accept, Message-Authenticator first"
	else
		no "printed radclient line: $out"
	fi
	# The same request once more from mpsk-radtest, which checks the
	# reply's Message-Authenticator from its bytes with the printed secret.
	secret=$(grep -o "auth '[^']*'" <<<"$rad_line" | sed "s/auth '\(.*\)'/\1/")
	server=$(grep -oE '127\.0\.0\.1:[0-9]+' <<<"$rad_line" | head -n 1)
	mac=$(grep -oE 'User-Name = "[0-9a-f]{12}"' <<<"$rad_line" | grep -oE '[0-9a-f]{12}')
	ssid=$(grep -oE 'Called-Station-Id = "[^"]*"' <<<"$rad_line" | sed 's/.*:\([^:"]*\)"$/\1/')
	reply=$("$top/build/mpsk-radtest" --server "$server" --secret "$secret" \
		--mac "$mac" --ssid "$ssid" 2>&1)
	if python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
sys.exit(0 if r["code"] == 2 and r["ma_valid"] and r["ma_first"] and r["authenticator_valid"] else 1)' <<<"$reply"; then
		ok "the same Access-Accept verified from its bytes (Message-Authenticator valid and first)"
	else
		no "mpsk-radtest: $reply"
	fi
fi

if make stop >"$work/stop.log" 2>&1; then
	ok "make stop"
else
	no "make stop exited non-zero: $(tail -n 5 "$work/stop.log")"
fi
left=$(stack_processes)
if [ -z "$left" ]; then
	ok "no process of the stack left after make stop"
else
	no "processes left after make stop:"
	echo "$left"
fi

exit $bad
