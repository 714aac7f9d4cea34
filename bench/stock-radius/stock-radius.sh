#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stock-radius.sh - the RADIUS benchmark's baseline: Debian 12's stock
# FreeRADIUS 3.2.1 configuration (/etc/freeradius/3.0, copied, never
# changed in place) with its stock sql module on MariaDB, the way a
# daloRADIUS-style setup runs it: the default site's authorize with sql,
# the stock mysql queries.conf, read_groups = yes, so five queries per
# Access-Request (radcheck, radreply, radusergroup, then radgroupcheck and
# radgroupreply for the one group).
#
#   bench/stock-radius/stock-radius.sh start VARDIR   copy, edit, check, start
#   bench/stock-radius/stock-radius.sh stop VARDIR
#
# What differs from the stock files, and why (README.md beside this file
# has the list with the reasons): the copy's paths point into VARDIR; no
# user/group switch (it runs as whoever starts it, like scripts/radius-ctl.sh);
# the default site listens on 127.0.0.1 on our ports only and inner-tunnel
# not at all; the thread pool is fixed at STOCK_THREADS like ours, and the
# sql pool (stock: derived from the thread pool) follows; reject_delay is
# ours (0); mods-enabled/sql exists with dialect mysql, driver
# rlm_sql_mysql, the database login, and the mysql TLS sub-section removed
# (it forces TLS, which a unix socket does not need); the localhost client's
# secret is the benchmark's. Unless STOCK_POSTAUTH=1, the post-auth "-sql"
# (an INSERT into radpostauth for every accept) is commented out, because
# our server logs rejects only; the reject path keeps it.
#
# Environment (read at start):
#   STOCK_DB_SOCKET    MariaDB unix socket (required)
#   STOCK_DB_NAME      database (radius)       STOCK_DB_USER (radius)
#   STOCK_DB_PASSWORD  required; stays in the environment
#   STOCK_SECRET       the shared secret of client localhost (required)
#   STOCK_AUTH_PORT    (38221)   STOCK_ACCT_PORT (38231)
#   STOCK_THREADS      worker threads (8)
#   STOCK_REJECT_DELAY (0)       STOCK_POSTAUTH  (0)
set -euo pipefail

cmd=${1:?usage: stock-radius.sh start|stop VARDIR}
vardir=$(realpath -m "${2:?VARDIR}")
stock=${STOCK_RADDB:-/etc/freeradius/3.0}
confdir="$vardir/raddb"
pidfile="$vardir/freeradius.pid"
logfile="$vardir/radius.log"

die() { echo "stock-radius: $*" >&2; exit 1; }

rad_pid() { cat "$pidfile" 2>/dev/null || true; }

rad_alive() {
	local pid; pid=$(rad_pid)
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

check_word() {
	[[ "$2" =~ ^[A-Za-z0-9_.-]+$ ]] || die "$1 must be letters, digits, '_', '.' or '-'"
}

check_number() {
	[[ "$2" =~ ^[0-9]{1,5}$ ]] && (( 10#$2 >= $3 && 10#$2 <= $4 )) ||
		die "$1 must be a number $3..$4"
}

# Drop every listen section directly inside a server section, put ours
# (LISTEN, may be empty) after "server NAME {", and with NOPOSTAUTH=1
# comment out "-sql" directly inside post-auth. Braces are counted
# outside comments only.
edit_site() {
	local file=$1 listen=$2 nopostauth=$3
	awk -v listen="$listen" -v nopostauth="$nopostauth" '
	function net(s,   t) {
		sub(/#.*/, "", s)
		t = s
		return gsub(/\{/, "", s) - gsub(/\}/, "", t)
	}
	{
		d = net($0)
		if (skip) {
			depth += d
			if (depth <= 1)
				skip = 0
			next
		}
		if (depth == 1 && $0 ~ /^[ \t]*listen[ \t]*\{/) {
			skip = 1
			depth += d
			next
		}
		if (depth == 1 && $0 ~ /^[ \t]*post-auth[ \t]*\{/)
			section = "post-auth"
		else if (depth == 1 && $0 ~ /^[ \t]*[a-z-]+[ \t]*\{/)
			section = ""
		if (nopostauth && depth == 2 && section == "post-auth" &&
		    $0 ~ /^[ \t]*-sql[ \t]*$/) {
			print "#\t-sql\t# bench: no radpostauth row per accept"
			next
		}
		print
		depth += d
		if (depth == 1 && $0 ~ /^server[ \t]/ && listen != "")
			printf "%s", listen
	}' "$file" >"$file.new"
	mv "$file.new" "$file"
}

gen_config() {
	local db_name=${STOCK_DB_NAME:-radius} db_user=${STOCK_DB_USER:-radius}
	local auth_port=${STOCK_AUTH_PORT:-38221} acct_port=${STOCK_ACCT_PORT:-38231}
	local threads=${STOCK_THREADS:-8} reject_delay=${STOCK_REJECT_DELAY:-0}
	local postauth=${STOCK_POSTAUTH:-0}
	local listen

	[ -n "${STOCK_DB_PASSWORD:-}" ] || die "STOCK_DB_PASSWORD is not set"
	[ -S "${STOCK_DB_SOCKET:-}" ] || die "no socket at STOCK_DB_SOCKET"
	check_word STOCK_DB_NAME "$db_name"
	check_word STOCK_DB_USER "$db_user"
	check_word STOCK_SECRET "${STOCK_SECRET:-}"
	check_number STOCK_AUTH_PORT "$auth_port" 1 65535
	check_number STOCK_ACCT_PORT "$acct_port" 1 65535
	check_number STOCK_THREADS "$threads" 1 256
	check_number STOCK_REJECT_DELAY "$reject_delay" 0 10
	check_number STOCK_POSTAUTH "$postauth" 0 1
	[[ "$vardir" =~ ^[A-Za-z0-9_./-]+$ ]] || die "VARDIR has a character not allowed here"

	rm -rf "$confdir"
	mkdir -p "$vardir"
	cp -a "$stock" "$confdir"

	sed -i -e "s|^raddbdir = .*|raddbdir = $confdir|" \
		-e "s|^logdir = .*|logdir = $vardir|" \
		-e "s|^run_dir = .*|run_dir = $vardir|" \
		-e "s|^pidfile = .*|pidfile = $pidfile|" \
		-e 's|^\([ \t]*\)user = freerad|\1#user = freerad|' \
		-e 's|^\([ \t]*\)group = freerad|\1#group = freerad|' \
		-e "s|^\([ \t]*\)reject_delay = .*|\1reject_delay = $reject_delay|" \
		-e "s|^\([ \t]*\)start_servers = .*|\1start_servers = $threads|" \
		-e "s|^\([ \t]*\)max_servers = .*|\1max_servers = $threads|" \
		-e "s|^\([ \t]*\)min_spare_servers = .*|\1min_spare_servers = $threads|" \
		-e "s|^\([ \t]*\)max_spare_servers = .*|\1max_spare_servers = $threads|" \
		"$confdir/radiusd.conf"

	# The stock sql module, pointed at MariaDB. Everything else in it
	# (queries, read_groups default yes, the pool derived from the
	# thread pool) stays as shipped.
	sed -i -e 's|^\([ \t]*\)dialect = "sqlite"|\1dialect = "mysql"|' \
		-e 's|^\([ \t]*\)driver = "rlm_sql_null"|\1driver = "rlm_sql_mysql"|' \
		-e 's|^#[ \t]*server = "localhost"|\tserver = "localhost"|' \
		-e "s|^#[ \t]*login = \"radius\"|\tlogin = \"$db_user\"|" \
		-e 's|^#[ \t]*password = "radpass"|\tpassword = "$ENV{STOCK_DB_PASSWORD}"|' \
		-e "s|^\([ \t]*\)radius_db = \"radius\"|\1radius_db = \"$db_name\"|" \
		-e '/^\tmysql {/,/^\t}/{/^\t\ttls {/,/^\t\t}/d}' \
		"$confdir/mods-available/sql"
	ln -sfn ../mods-available/sql "$confdir/mods-enabled/sql"

	sed -i -e "s|^\([ \t]*\)secret = testing123|\1secret = $STOCK_SECRET|" \
		"$confdir/clients.conf"

	listen=$(printf 'listen {\n\ttype = auth\n\tipaddr = 127.0.0.1\n\tport = %s\n}\nlisten {\n\ttype = acct\n\tipaddr = 127.0.0.1\n\tport = %s\n}\n' \
		"$auth_port" "$acct_port")
	edit_site "$confdir/sites-available/default" "$listen"$'\n' \
		$(( postauth ? 0 : 1 ))
	edit_site "$confdir/sites-available/inner-tunnel" "" 0

	# rlm_sql_mysql reads the option group [freeradius]; MARIADB_HOME
	# points libmariadb at this file (as scripts/radius-ctl.sh does).
	printf '[freeradius]\nsocket=%s\n' "$STOCK_DB_SOCKET" >"$confdir/my.cnf"
	chmod -R go-w "$confdir"
}

rad_start() {
	rad_alive && return 0
	gen_config
	export MARIADB_HOME="$confdir" STOCK_DB_PASSWORD
	if ! freeradius -XC -d "$confdir" >"$vardir/radius-check.log" 2>&1; then
		tail -n 30 "$vardir/radius-check.log" >&2
		die "configuration check failed; see $vardir/radius-check.log"
	fi
	rm -f "$pidfile"
	freeradius -d "$confdir" || { tail -n 30 "$logfile" >&2 || true; die "freeradius did not start"; }
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
*) die "unknown command $cmd" ;;
esac
