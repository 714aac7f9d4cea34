#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stack.sh - start or stop the whole mpsk system in one directory:
# a private MariaDB, the mpsk program (HTTP + FastCGI), FreeRADIUS from
# radius/, and nginx in front of the FastCGI socket. All on loopback, all
# with their data under DIR, each with the ports given in the environment.
#
#   scripts/stack.sh start DIR     (ports from MPSK_*_PORT, see below)
#   scripts/stack.sh stop DIR
#
# Environment (defaults are the `make run` ports, chosen so that none of
# Debian's packaged services holds them: FreeRADIUS 1812/1813 and 18120
# (inner-tunnel), MariaDB 3306, nginx 80, Tomcat 8080):
#   MPSK_BUILD            build directory with the mpsk binary  (build)
#   MPSK_DB_PORT          MariaDB TCP port                       (13306)
#   MPSK_HTTP_PORT        mpsk embedded HTTP                     (18080)
#   MPSK_NGINX_PORT       nginx (FastCGI front door)             (18081)
#   MPSK_RADIUS_AUTH_PORT FreeRADIUS authentication (UDP)        (18812)
#   MPSK_RADIUS_ACCT_PORT FreeRADIUS accounting (UDP)            (18813)
# Every port is checked before anything starts: a port that is already
# held stops the start with a sentence naming the port and its holder.
#   MPSK_RADIUS_CLIENT_LIFETIME  seconds a NAS stays cached       (60)
# Written to DIR/stack.env for the callers (tests, run.sh): every port,
# the socket paths, and the database users' passwords.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?usage: stack.sh start|stop DIR}
dir=$(realpath -m "${2:?DIR}")
build=$(realpath -m "${MPSK_BUILD:-$top/build}")

db_port=${MPSK_DB_PORT:-13306}
http_port=${MPSK_HTTP_PORT:-18080}
nginx_port=${MPSK_NGINX_PORT:-18081}
auth_port=${MPSK_RADIUS_AUTH_PORT:-18812}
acct_port=${MPSK_RADIUS_ACCT_PORT:-18813}
# Seconds FreeRADIUS caches a NAS read from the nas table.
client_lifetime=${MPSK_RADIUS_CLIENT_LIFETIME:-60}

log() { printf 'stack: %s\n' "$*" >&2; }

# A password made once per directory and kept in DIR/secrets (mode 600).
secret_for() {
	local name=$1 file="$dir/secrets/$1"
	mkdir -p "$dir/secrets"
	chmod 700 "$dir/secrets"
	if [ ! -s "$file" ]; then
		(umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$file")
	fi
	cat "$file"
}

# Who holds a port on this machine: "name (pid N)" from ss, or "" when
# it is free. proto is tcp or udp; a listening TCP socket or a bound UDP
# one on any address counts.
port_holder() {
	local proto=$1 port=$2 flag line
	[ "$proto" = udp ] && flag=-uanp || flag=-tlnp
	line=$(ss -H "$flag" "sport = :$port" 2>/dev/null | head -n 1)
	[ -n "$line" ] || return 0
	local who
	who=$(grep -o 'users:(("[^"]*",pid=[0-9]*' <<<"$line" | head -n 1 |
		sed 's/users:(("\([^"]*\)",pid=\([0-9]*\)/\1 (pid \2)/')
	echo "${who:-another program}"
}

# Refuse to start when any port we need is held, naming it and its holder.
check_ports() {
	local busy=0 entry proto port var holder
	for entry in "$@"; do
		IFS=: read -r proto port var <<<"$entry"
		holder=$(port_holder "$proto" "$port")
		if [ -n "$holder" ]; then
			log "port $port/$proto is already in use by $holder;" \
				"mpsk needs it for $var. Stop that program, or choose another port with $var=..."
			busy=1
		fi
	done
	[ "$busy" = 0 ] || exit 1
}

wait_http() {
	local url=$1 what=$2
	for _ in $(seq 1 100); do
		curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
		sleep 0.1
	done
	log "$what did not answer at $url"
	return 1
}

db_setup() {
	"$top/scripts/db-ctl.sh" start "$dir/db" "$db_port"
	local owner_pw app_pw radius_pw
	owner_pw=$(secret_for db_owner)
	app_pw=$(secret_for db_app)
	radius_pw=$(secret_for db_radius)
	# Users and grants are re-stated on every start, so a changed grant
	# file takes effect on an existing data directory too. As in
	# production (docs/DEPLOY.md): 'mpsk' owns the schema and runs only
	# `mpsk migrate` (PROCESS: it is the definer of
	# radius_oldest_transaction(), which reads INNODB_TRX); the program
	# runs as 'mpsk_app', rows only, so the whole test suite runs with
	# the least-privileged account.
	"$top/scripts/db-ctl.sh" sql "$dir/db" <<-SQL
		CREATE DATABASE IF NOT EXISTS mpsk CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
		CREATE USER IF NOT EXISTS 'mpsk'@'localhost' IDENTIFIED BY '$owner_pw';
		ALTER USER 'mpsk'@'localhost' IDENTIFIED BY '$owner_pw';
		GRANT ALL PRIVILEGES ON mpsk.* TO 'mpsk'@'localhost';
		GRANT PROCESS ON *.* TO 'mpsk'@'localhost';
		CREATE USER IF NOT EXISTS 'mpsk_app'@'localhost' IDENTIFIED BY '$app_pw';
		ALTER USER 'mpsk_app'@'localhost' IDENTIFIED BY '$app_pw';
		REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'mpsk_app'@'localhost';
		CREATE USER IF NOT EXISTS 'mpsk_radius'@'localhost' IDENTIFIED BY '$radius_pw';
		ALTER USER 'mpsk_radius'@'localhost' IDENTIFIED BY '$radius_pw';
	SQL
	sed "s/@DB@/mpsk/g" "$top/db/app_grants.sql" |
		"$top/scripts/db-ctl.sh" sql "$dir/db"
}

write_config() {
	(umask 077; cat >"$dir/mpsk.conf" <<-CONF
		# Written by scripts/stack.sh for this directory.
		db_socket = $dir/db/mysqld.sock
		db_name = mpsk
		db_user = mpsk_app
		db_password = $(secret_for db_app)
		http_address = 127.0.0.1
		http_port = $http_port
		fcgi_socket = $dir/mpsk.fcgi.sock
		fcgi_secret = $(secret_for fcgi)
		openapi_path = $top/api/openapi.json
		migrations_dir = $top/db/migrations
		templates_dir = $top/templates
		static_dir = $top/static
		isp_name = Example Fibre
		portal_url = http://127.0.0.1:$nginx_port
		support_text = Help: +1 555 0100 · help@example.net
	CONF
	)
	# The schema owner's account, for `mpsk migrate` only (a second -c).
	(umask 077; cat >"$dir/migrate.conf" <<-CONF
		migrate_user = mpsk
		migrate_password = $(secret_for db_owner)
	CONF
	)
	# nginx's half of the FastCGI front-door secret (mpsk_fastcgi_params
	# includes it).
	mkdir -p "$dir/nginx"
	(umask 077; printf 'fastcgi_param MPSK_FCGI_SECRET %s;\n' "$(secret_for fcgi)" \
		>"$dir/nginx/mpsk_fastcgi_secret.conf")
}

mpsk_start() {
	"$build/mpsk" -c "$dir/mpsk.conf" -c "$dir/migrate.conf" migrate \
		>"$dir/migrate.log" 2>&1 ||
		{ cat "$dir/migrate.log" >&2; exit 1; }
	sed "s/@DB@/mpsk/g" "$top/db/radius_grants.sql" |
		"$top/scripts/db-ctl.sh" sql "$dir/db"
	"$build/mpsk" -c "$dir/mpsk.conf" serve >>"$dir/mpsk.log" 2>&1 &
	echo $! >"$dir/mpsk.pid"
	wait_http "http://127.0.0.1:$http_port/api/v1/health" mpsk
}

nginx_start() {
	mkdir -p "$dir/nginx/logs" "$dir/nginx/tmp"
	cp "$top/nginx/mpsk_fastcgi_params" "$dir/nginx/"
	sed -e "s|@PORT@|$nginx_port|g" -e "s|@DIR@|$dir|g" -e "s|@TOP@|$top|g" \
		"$top/nginx/mpsk-test.conf.in" >"$dir/nginx/nginx.conf"
	nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log"
	wait_http "http://127.0.0.1:$nginx_port/api/v1/health" nginx
}

radius_start() {
	MPSK_DB_SOCKET="$dir/db/mysqld.sock" MPSK_DB_NAME=mpsk \
	MPSK_RADIUS_DB_USER=mpsk_radius \
	MPSK_RADIUS_DB_PASSWORD="$(secret_for db_radius)" \
	MPSK_RADIUS_AUTH_PORT=$auth_port MPSK_RADIUS_ACCT_PORT=$acct_port \
	MPSK_RADIUS_CLIENT_LIFETIME=$client_lifetime \
		"$top/scripts/radius-ctl.sh" start "$dir/radius"
}

write_env() {
	cat >"$dir/stack.env" <<-ENV
		MPSK_STACK_DIR=$dir
		MPSK_BUILD=$build
		MPSK_CONFIG=$dir/mpsk.conf
		MPSK_DB_SOCKET=$dir/db/mysqld.sock
		MPSK_DB_NAME=mpsk
		MPSK_DB_PORT=$db_port
		MPSK_API_URL=http://127.0.0.1:$http_port
		MPSK_NGINX_URL=http://127.0.0.1:$nginx_port
		MPSK_RADIUS_AUTH_PORT=$auth_port
		MPSK_RADIUS_ACCT_PORT=$acct_port
		MPSK_RADIUS_CLIENT_LIFETIME=$client_lifetime
	ENV
}

pid_stop() {
	local file=$1 pid
	pid=$(cat "$file" 2>/dev/null) || return 0
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$file"
}

case "$cmd" in
start)
	mkdir -p "$dir"
	ports=("tcp:$db_port:MPSK_DB_PORT" "tcp:$http_port:MPSK_HTTP_PORT"
		"tcp:$nginx_port:MPSK_NGINX_PORT")
	[ "${MPSK_NO_RADIUS:-0}" = 1 ] ||
		ports+=("udp:$auth_port:MPSK_RADIUS_AUTH_PORT" "udp:$acct_port:MPSK_RADIUS_ACCT_PORT")
	check_ports "${ports[@]}"
	db_setup
	write_config
	mpsk_start
	nginx_start
	[ "${MPSK_NO_RADIUS:-0}" = 1 ] || radius_start
	write_env
	log "up in $dir"
	;;
stop)
	[ -f "$dir/nginx/nginx.conf" ] && [ -f "$dir/nginx/nginx.pid" ] &&
		nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" -s quit 2>/dev/null || true
	pid_stop "$dir/nginx/nginx.pid"
	"$top/scripts/radius-ctl.sh" stop "$dir/radius" 2>/dev/null || true
	pid_stop "$dir/mpsk.pid"
	"$top/scripts/db-ctl.sh" stop "$dir/db"
	log "stopped $dir"
	;;
*)
	echo "stack.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
