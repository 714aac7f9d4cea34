#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# radius-ctl.sh - a private FreeRADIUS (Debian's 3.2) serving mpsk from a
# config dir generated from radius/, never touching /etc/freeradius.
#
#   scripts/radius-ctl.sh start VARDIR    generate VARDIR/radius, check it,
#                                         start, wait until it serves
#   scripts/radius-ctl.sh stop VARDIR     stop it (waits for the pid to go)
#   scripts/radius-ctl.sh config VARDIR   only generate and check the config
#   scripts/radius-ctl.sh status VARDIR   exit 0 when it runs
#
# Files: VARDIR/radius/ (the generated config, rebuilt on every start),
# VARDIR/radius.log (FreeRADIUS's log), VARDIR/radius.pid,
# VARDIR/radius-check.log (the last `freeradius -XC`). A system install
# (deploy/mpsk-radius-config) moves them with MPSK_RADIUS_CONFDIR,
# MPSK_RADIUS_LOGDIR and MPSK_RADIUS_RUNDIR.
#
# Environment (read at start):
#   MPSK_DB_SOCKET            MariaDB unix socket (or MPSK_DB_HOST/_PORT)
#   MPSK_DB_NAME              database name (default mpsk)
#   MPSK_RADIUS_DB_USER       default mpsk_radius
#   MPSK_RADIUS_DB_PASSWORD   required; stays in the environment, never
#                             written into the config dir
#   MPSK_RADIUS_AUTH_PORT     default 1812
#   MPSK_RADIUS_ACCT_PORT     default 1813
#   MPSK_RADIUS_THREADS       worker threads = SQL connections (default 8)
#   MPSK_RADIUS_LISTEN        listen address, or * for all (default
#                             127.0.0.1)
#   MPSK_RADIUS_CLIENT_LIFETIME  seconds a NAS from the nas table stays
#                             cached (default 60)
#   MPSK_RADIUS_CONFDIR       the generated config dir (default VARDIR/radius)
#   MPSK_RADIUS_LOGDIR        radius.log, radius-check.log (default VARDIR)
#   MPSK_RADIUS_RUNDIR        radius.pid (default VARDIR)
#   MPSK_RADIUS_USER/_GROUP   user and group radiusd switches to (default:
#                             stays who started it)
set -euo pipefail

cmd=${1:?usage: radius-ctl.sh start|stop|config|status VARDIR}
vardir=$(realpath -m "${2:?VARDIR}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(realpath "$here/../radius")
confdir=$(realpath -m "${MPSK_RADIUS_CONFDIR:-$vardir/radius}")
logdir=$(realpath -m "${MPSK_RADIUS_LOGDIR:-$vardir}")
rundir=$(realpath -m "${MPSK_RADIUS_RUNDIR:-$vardir}")
pidfile="$rundir/radius.pid"
logfile="$logdir/radius.log"
radiusd=${MPSK_FREERADIUS:-freeradius}

die() { echo "radius-ctl: $*" >&2; exit 1; }

rad_pid() { cat "$pidfile" 2>/dev/null || true; }

rad_alive() {
	local pid; pid=$(rad_pid)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# A value that goes into the config text: no quotes, backslashes, newlines
# or the '|' our sed uses.
check_value() {
	local name=$1 value=$2
	case "$value" in
	*[\"\\\|\$\`]* | *$'\n'*) die "$name has a character not allowed here" ;;
	esac
}

check_number() {
	local name=$1 value=$2 min=$3 max=$4
	[[ "$value" =~ ^[0-9]{1,5}$ ]] || die "$name must be a number"
	(( 10#$value >= min && 10#$value <= max )) || die "$name must be $min..$max"
}

gen_config() {
	local db_host=${MPSK_DB_HOST:-localhost}
	local db_port=${MPSK_DB_PORT:-0}
	local db_name=${MPSK_DB_NAME:-mpsk}
	local db_user=${MPSK_RADIUS_DB_USER:-mpsk_radius}
	local auth_port=${MPSK_RADIUS_AUTH_PORT:-1812}
	local acct_port=${MPSK_RADIUS_ACCT_PORT:-1813}
	local threads=${MPSK_RADIUS_THREADS:-8}
	local listen=${MPSK_RADIUS_LISTEN:-127.0.0.1}
	local lifetime=${MPSK_RADIUS_CLIENT_LIFETIME:-60}
	local moddir=${MPSK_RADIUS_MODDIR:-$(realpath -m "${MPSK_BUILD:-$here/../build}/rlm_mpsk")}
	local poll_ms=${MPSK_RADIUS_POLL_MS:-50}
	local max_stale=${MPSK_RADIUS_MAX_STALE:-0}
	local stats_s=${MPSK_RADIUS_STATS_S:-60}

	[ -n "${MPSK_RADIUS_DB_PASSWORD:-}" ] || die "MPSK_RADIUS_DB_PASSWORD is not set"
	if [ -z "${MPSK_DB_HOST:-}" ]; then
		[ -n "${MPSK_DB_SOCKET:-}" ] || die "MPSK_DB_SOCKET (or MPSK_DB_HOST) is not set"
		[ -S "$MPSK_DB_SOCKET" ] || die "no socket at $MPSK_DB_SOCKET"
	fi
	check_value MPSK_DB_HOST "$db_host"
	check_value MPSK_DB_NAME "$db_name"
	check_value MPSK_RADIUS_DB_USER "$db_user"
	check_value MPSK_RADIUS_LISTEN "$listen"
	check_value VARDIR "$vardir"
	check_number MPSK_DB_PORT "$db_port" 0 65535
	check_number MPSK_RADIUS_AUTH_PORT "$auth_port" 1 65535
	check_number MPSK_RADIUS_ACCT_PORT "$acct_port" 1 65535
	check_number MPSK_RADIUS_THREADS "$threads" 1 256
	check_number MPSK_RADIUS_CLIENT_LIFETIME "$lifetime" 1 86400
	check_number MPSK_RADIUS_POLL_MS "$poll_ms" 5 10000
	check_number MPSK_RADIUS_MAX_STALE "$max_stale" 0 86400
	check_number MPSK_RADIUS_STATS_S "$stats_s" 0 86400
	check_value MPSK_RADIUS_MODDIR "$moddir"
	[ -f "$moddir/rlm_mpsk.so" ] || die "no rlm_mpsk.so in $moddir (make; or set MPSK_RADIUS_MODDIR)"

	check_value MPSK_RADIUS_CONFDIR "$confdir"
	check_value MPSK_RADIUS_LOGDIR "$logdir"
	check_value MPSK_RADIUS_RUNDIR "$rundir"
	check_value MPSK_RADIUS_USER "${MPSK_RADIUS_USER:-}"
	check_value MPSK_RADIUS_GROUP "${MPSK_RADIUS_GROUP:-}"
	# Replace only a directory we generated (or an empty one).
	if [ -d "$confdir" ] && [ ! -f "$confdir/.mpsk-generated" ] &&
		! grep -qs "mpsk's FreeRADIUS" "$confdir/radiusd.conf" &&
		[ -n "$(ls -A "$confdir")" ]; then
		die "$confdir exists and was not generated by radius-ctl.sh"
	fi
	rm -rf "$confdir"
	mkdir -p "$confdir" "$logdir" "$rundir"
	# Copy radius/ with every @NAME@ replaced. The SQL pool has one
	# connection per worker plus two (the dynamic-client lookups run in
	# the main thread).
	(cd "$src" && find . -type f ! -name '*~' -print) | while read -r f; do
		mkdir -p "$confdir/$(dirname "$f")"
		sed -e "s|@CONFDIR@|$confdir|g" \
			-e "s|@LOGDIR@|$logdir|g" \
			-e "s|@RUNDIR@|$rundir|g" \
			-e "s|@AUTH_PORT@|$auth_port|g" \
			-e "s|@ACCT_PORT@|$acct_port|g" \
			-e "s|@LISTEN@|$listen|g" \
			-e "s|@THREADS@|$threads|g" \
			-e "s|@SQL_CONNS@|$((threads + 2))|g" \
			-e "s|@CLIENT_LIFETIME@|$lifetime|g" \
			-e "s|@DB_HOST@|$db_host|g" \
			-e "s|@DB_PORT@|$db_port|g" \
			-e "s|@DB_NAME@|$db_name|g" \
			-e "s|@DB_USER@|$db_user|g" \
			-e "s|@MODDIR@|$moddir|g" \
			-e "s|@MPSK_POLL_MS@|$poll_ms|g" \
			-e "s|@MPSK_MAX_STALE@|$max_stale|g" \
			-e "s|@MPSK_STATS_S@|$stats_s|g" \
			"$src/$f" >"$confdir/$f"
	done
	# The user and group to run as, when set.
	{
		echo "# Written by radius-ctl.sh: who radiusd runs as."
		[ -z "${MPSK_RADIUS_USER:-}" ] || echo "user = ${MPSK_RADIUS_USER}"
		[ -z "${MPSK_RADIUS_GROUP:-}" ] || echo "group = ${MPSK_RADIUS_GROUP}"
	} >"$confdir/run-as.conf"
	if grep -rq '@[A-Z_]*@' "$confdir"; then
		grep -rn '@[A-Z_]*@' "$confdir" >&2
		die "unreplaced placeholder in the generated config"
	fi
	# The stock dictionaries load from /usr/share/freeradius; this file,
	# read after them, adds ours.
	# shellcheck disable=SC2016 # $INCLUDE is FreeRADIUS syntax
	printf '$INCLUDE %s/dictionary.mpsk\n' "$confdir" >"$confdir/dictionary"
	# rlm_sql_mysql has no socket option; it asks libmariadb to read the
	# option group [freeradius], which libmariadb looks for in
	# $MARIADB_HOME/my.cnf (run_env points it here).
	if [ -z "${MPSK_DB_HOST:-}" ]; then
		check_value MPSK_DB_SOCKET "$MPSK_DB_SOCKET"
		printf '[freeradius]\nsocket=%s\n' "$MPSK_DB_SOCKET" >"$confdir/my.cnf"
	fi
	: >"$confdir/.mpsk-generated"
	chmod -R go-w "$confdir"
}

run_env() {
	# libmariadb reads [freeradius] from $MARIADB_HOME/my.cnf.
	export MARIADB_HOME="$confdir"
	export MPSK_RADIUS_DB_PASSWORD
}

check_config() {
	run_env
	if ! "$radiusd" -XC -d "$confdir" -n radiusd >"$logdir/radius-check.log" 2>&1; then
		tail -n 30 "$logdir/radius-check.log" >&2
		die "configuration check failed; see $logdir/radius-check.log"
	fi
}

rad_start() {
	if rad_alive; then
		return 0
	fi
	gen_config
	check_config
	rm -f "$pidfile"
	# Daemon mode: the parent returns once the child has read its
	# config, opened its sockets and SQL pool, and written the pid.
	if ! "$radiusd" -d "$confdir" -n radiusd; then
		tail -n 30 "$logfile" >&2 || true
		die "freeradius did not start; see $logfile"
	fi
	for _ in $(seq 1 100); do
		if rad_alive && grep -q 'Ready to process requests' "$logfile" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	tail -n 30 "$logfile" >&2 || true
	die "freeradius did not become ready; see $logfile"
}

rad_stop() {
	local pid; pid=$(rad_pid)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

case "$cmd" in
start) rad_start ;;
stop) rad_stop ;;
config) gen_config; check_config ;;
status) rad_alive ;;
*) die "unknown command $cmd" ;;
esac
