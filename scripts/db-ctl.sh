#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# db-ctl.sh - a private MariaDB instance with its data under a directory of
# ours, listening on loopback only. Used by `make run` (var/run) and by the
# tests (their own directory and port), never touching the system's MariaDB.
#
#   scripts/db-ctl.sh start DIR PORT   initialise if new, start, wait until up
#   scripts/db-ctl.sh stop DIR         stop it (waits for the pid to go)
#   scripts/db-ctl.sh sql DIR [args]   a root mariadb client on its socket
#
# The instance runs as root with --user=root because the session and CI run
# as root; its socket is DIR/mysqld.sock and root logs in over that socket
# only (unix_socket auth), so no password is ever written down.
set -euo pipefail

cmd=${1:?usage: db-ctl.sh start|stop|sql DIR [PORT]}
dir=$(realpath -m "${2:?DIR}")

db_pid() { cat "$dir/mysqld.pid" 2>/dev/null || true; }

db_alive() {
	local pid; pid=$(db_pid)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

db_start() {
	local port=${1:?PORT}
	mkdir -p "$dir"
	if db_alive; then
		return 0
	fi
	if [ ! -d "$dir/data/mysql" ]; then
		mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
			--auth-root-authentication-method=socket \
			--skip-test-db >"$dir/install.log" 2>&1 ||
			{ cat "$dir/install.log" >&2; exit 1; }
	fi
	# Settings for a RADIUS back end: the decision is one indexed read, so
	# what matters is connections and not losing committed writes on a
	# crash of mariadbd alone (flush at commit 2 keeps the OS copy).
	mariadbd --no-defaults --user=root --datadir="$dir/data" \
		--socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
		--bind-address=127.0.0.1 --port="$port" \
		--log-error="$dir/mysqld.err" \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
		--default-time-zone=+00:00 \
		--innodb-buffer-pool-size=${MPSK_DB_BUFFER_POOL:-512M} \
		--innodb-flush-log-at-trx-commit=2 \
		--max-connections=500 --skip-name-resolve \
		>/dev/null 2>&1 &
	for _ in $(seq 1 300); do
		if [ -S "$dir/mysqld.sock" ] &&
			mariadb --no-defaults -uroot --socket="$dir/mysqld.sock" \
				-e 'SELECT 1' >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "db-ctl: mariadbd did not start; see $dir/mysqld.err" >&2
	tail -n 20 "$dir/mysqld.err" >&2 || true
	exit 1
}

db_stop() {
	local pid; pid=$(db_pid)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$dir/mysqld.pid"; return 0; }
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$dir/mysqld.pid"
}

case "$cmd" in
start) db_start "${3:?PORT}" ;;
stop) db_stop ;;
sql) shift 2; exec mariadb --no-defaults -uroot --socket="$dir/mysqld.sock" "$@" ;;
*) echo "db-ctl.sh: unknown command $cmd" >&2; exit 2 ;;
esac
