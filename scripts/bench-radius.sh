#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-radius.sh - RADIUS MAC-authentication throughput and latency through
# FreeRADIUS + MariaDB: our server (radius/ with rlm_mpsk: the decision from
# memory, no SQL per request) against the same devices served by Debian's stock FreeRADIUS
# configuration from the stock radcheck/radreply/radusergroup schema
# (bench/stock-radius/), both on one private MariaDB, measured interleaved
# (A B A B ...) so that the machine's drift hits both alike.
#
#   scripts/bench-radius.sh [ROUNDS] [SECONDS]      (part of `make bench`)
#
# Per device count (MPSK_BENCH_RADIUS_SIZES, default "100000 1000000"; the
# database grows from one to the next): load the devices in bulk (SQL,
# bench/radius_devices.sql), warm both servers, then ROUNDS rounds of
#   ours saturated, stock saturated (closed loop, INFLIGHT outstanding),
#   ours paced at TARGET x stock's rate and at 1 x stock's rate (open loop)
# each SECONDS long, every reply verified by build/bench/radload. Prints
# Markdown tables on stdout (bench/radius_report.py), progress on stderr;
# the raw JSON lines stay in var/bench-radius/runs.jsonl. Exit status 1
# when a reply failed verification or the target was missed.
#
# Environment:
#   MPSK_BENCH_RADIUS_SIZES     device counts, ascending (100000 1000000)
#   MPSK_BENCH_RADIUS_THREADS   worker threads of both servers (8)
#   MPSK_BENCH_RADIUS_INFLIGHT  requests in flight, saturated runs (32)
#   MPSK_BENCH_RADIUS_TARGET    paced rate as a multiple of stock's (3)
#   MPSK_BENCH_RADIUS_KEEP=1    leave everything running at the end
#   MPSK_DB_BUFFER_POOL         InnoDB buffer pool (4G: all data in memory)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
secs=${2:-6}
sizes=${MPSK_BENCH_RADIUS_SIZES:-100000 1000000}
threads=${MPSK_BENCH_RADIUS_THREADS:-8}
inflight=${MPSK_BENCH_RADIUS_INFLIGHT:-32}
target=${MPSK_BENCH_RADIUS_TARGET:-3}
export MPSK_DB_BUFFER_POOL=${MPSK_DB_BUFFER_POOL:-4G}
dir="$top/var/bench-radius"
radload="$top/build/bench/radload"
mpsk="$top/build/mpsk"
db_port=${MPSK_BENCH_RADIUS_DB_PORT:-33426}
ours_auth=38320 ours_acct=38330 stock_auth=38321 stock_acct=38331
ssid=bench-net
seed=1
per=4
paced_inflight=512
runs="$dir/runs.jsonl"

log() { printf 'bench-radius: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for n in $sizes $rounds $secs $threads $inflight $target; do
	[[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"
done
(( rounds >= 1 && secs >= 1 && threads >= 1 )) || die "bad ROUNDS/SECONDS/threads"
[ -x "$radload" ] && [ -x "$mpsk" ] || die "build first (make build/bench/radload build/mpsk)"

db() { "$top/scripts/db-ctl.sh" sql "$dir/db" "$@"; }

ours_env() {
	MPSK_DB_SOCKET="$dir/db/mysqld.sock" MPSK_DB_NAME=mpsk \
	MPSK_RADIUS_DB_USER=mpsk_radius MPSK_RADIUS_DB_PASSWORD="$radius_pw" \
	MPSK_RADIUS_AUTH_PORT=$ours_auth MPSK_RADIUS_ACCT_PORT=$ours_acct \
	MPSK_RADIUS_THREADS=$threads "$@"
}

stock_env() {
	STOCK_DB_SOCKET="$dir/db/mysqld.sock" STOCK_DB_NAME=radius \
	STOCK_DB_USER=radius STOCK_DB_PASSWORD="$stock_pw" \
	STOCK_SECRET="$secret" STOCK_AUTH_PORT=$stock_auth \
	STOCK_ACCT_PORT=$stock_acct STOCK_THREADS=$threads "$@"
}

stop_all() {
	"$top/bench/stock-radius/stock-radius.sh" stop "$dir/stock" >/dev/null 2>&1 || true
	"$top/scripts/radius-ctl.sh" stop "$dir/ours" >/dev/null 2>&1 || true
	"$top/scripts/db-ctl.sh" stop "$dir/db" >/dev/null 2>&1 || true
}

# A fresh instance every time: the schema is whatever db/migrations says now.
stop_all
rm -rf "$dir"
mkdir -p "$dir"
[ "${MPSK_BENCH_RADIUS_KEEP:-0}" = 1 ] || trap stop_all EXIT
rand() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
app_pw=$(rand) radius_pw=$(rand) stock_pw=$(rand) secret=$(rand)

setup_db() {
	"$top/scripts/db-ctl.sh" start "$dir/db" "$db_port"
	db <<-SQL
		CREATE DATABASE mpsk CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
		CREATE USER 'mpsk'@'localhost' IDENTIFIED BY '$app_pw';
		GRANT ALL PRIVILEGES ON mpsk.* TO 'mpsk'@'localhost';
		GRANT PROCESS ON *.* TO 'mpsk'@'localhost';
		CREATE USER 'mpsk_radius'@'localhost' IDENTIFIED BY '$radius_pw';
		CREATE DATABASE radius;
		CREATE USER 'radius'@'localhost' IDENTIFIED BY '$stock_pw';
	SQL
	(umask 077; cat >"$dir/mpsk.conf" <<-CONF
		db_socket = $dir/db/mysqld.sock
		db_name = mpsk
		db_user = mpsk
		db_password = $app_pw
		migrations_dir = $top/db/migrations
	CONF
	)
	"$mpsk" -c "$dir/mpsk.conf" migrate >"$dir/migrate.log" 2>&1 ||
		{ cat "$dir/migrate.log" >&2; exit 1; }
	sed "s/@DB@/mpsk/g" "$top/db/radius_grants.sql" | db
	# The stock schema and grants exactly as Debian ships them
	# (mods-config/sql/main/mysql/schema.sql and setup.sql).
	db radius </etc/freeradius/3.0/mods-config/sql/main/mysql/schema.sql
	grep -i '^GRANT' /etc/freeradius/3.0/mods-config/sql/main/mysql/setup.sql | db
	sed -e "s/@SSID@/$ssid/g" -e "s/@SECRET@/$secret/g" \
		"$top/bench/radius_setup.sql" | db
}

# Devices FIRST..LAST (a whole number of customers) in both schemas.
load_devices() {
	local first=$1 last=$2
	sed -e "s/@FIRST@/$first/g" -e "s/@LAST@/$last/g" \
		-e "s/@CFIRST@/$(( (first - 1) / per + 1 ))/g" \
		-e "s/@CLAST@/$(( last / per ))/g" \
		-e "s/@C2FIRST@/$(( 2 * (first - 1) + 1 ))/g" \
		-e "s/@C2LAST@/$(( 2 * last ))/g" \
		-e "s/@C4FIRST@/$(( 4 * (first - 1) + 1 ))/g" \
		-e "s/@C4LAST@/$(( 4 * last ))/g" \
		-e "s/@PER@/$per/g" -e "s/@SEED@/$seed/g" \
		-e "s/@MACB@/$(printf '%02x' $(( seed & 255 )))/g" \
		"$top/bench/radius_devices.sql" | db >/dev/null
}

# utime + stime of a process in seconds (from /proc).
cpu_of() {
	awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

# CPU seconds the whole machine spent busy (from /proc/stat).
cpu_all() {
	awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# One radload run against SETUP (ours|stock|paced); its JSON plus the
# servers' CPU goes to runs.jsonl. Fails when a reply was not verified.
run_load() {
	local setup=$1 n=$2 round=$3; shift 3
	local port=$ours_auth rpid dpid r0 d0 a0 out extra=(--require-ma --check-session-timeout)
	[ "$setup" = stock ] && { port=$stock_auth; extra=(--check-session-timeout); }
	if [ "$setup" = stock ]; then rpid=$(cat "$dir/stock/freeradius.pid"); else rpid=$(cat "$dir/ours/radius.pid"); fi
	dpid=$(cat "$dir/db/mysqld.pid")
	r0=$(cpu_of "$rpid") d0=$(cpu_of "$dpid") a0=$(cpu_all)
	out=$("$radload" --server "127.0.0.1:$port" --secret "$secret" --ssid "$ssid" \
		--generate "$n" --seed "$seed" --per-customer "$per" \
		--order-seed "$round$n" --label "$setup" "${extra[@]}" "$@") ||
		{ log "$setup: replies failed verification: $out"; return 1; }
	[ "$round" -gt 0 ] || return 0
	jq -c --arg setup "$setup" --argjson round "$round" \
		--argjson r "$(awk -v a="$r0" -v b="$(cpu_of "$rpid")" 'BEGIN{print b-a}')" \
		--argjson d "$(awk -v a="$d0" -v b="$(cpu_of "$dpid")" 'BEGIN{print b-a}')" \
		--argjson all "$(awk -v a="$a0" -v b="$(cpu_all)" 'BEGIN{print b-a}')" \
		'. + {setup: $setup, round: $round,
		      cpu: {radiusd: $r, mariadbd: $d, radload: .cpu_s,
			    others: ([$all - $r - $d - .cpu_s, 0] | max)}}' \
		<<<"$out" >>"$runs"
	jq -r '"  \(.label): \(.rps|floor)/s p50 \(.latency_us.p50)µs p99 \(.latency_us.p99)µs timeouts \(.timeouts) lost \(.lost) verified \(.verified)"' \
		<<<"$out" >&2
}

# rlm_mpsk: how long the devices just loaded took to reach our FreeRADIUS
# through the change log (the last device answered), then a restart: the
# full load's time and the process's memory.
sync_check() {
	local n=$1 mac t0 t1 pid rss
	mac=$(printf '02%02x%08x' $(( seed & 255 )) "$n")
	t0=$(date +%s.%N)
	for _ in $(seq 1 3000); do
		"$top/build/mpsk-radtest" --server "127.0.0.1:$ours_auth" --secret "$secret" \
			--source 127.0.0.1 --mac "$mac" --ssid "$ssid" --timeout 1 --retries 0 \
			2>/dev/null | grep -q '"code_name":"Access-Accept"' && break
		sleep 0.1
	done
	t1=$(date +%s.%N)
	pid=$(cat "$dir/ours/radius.pid")
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
	log "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "rlm_mpsk caught up through the change log %.1f s after the load", b-a}'); RSS $((rss / 1024)) MiB"
	"$top/scripts/radius-ctl.sh" stop "$dir/ours"
	t0=$(date +%s.%N)
	ours_env "$top/scripts/radius-ctl.sh" start "$dir/ours"
	t1=$(date +%s.%N)
	pid=$(cat "$dir/ours/radius.pid")
	log "restart: $(grep -o 'loaded [0-9]* devices in [0-9.]* s' "$dir/ours/radius.log" | tail -1), ready after $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s, RSS $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB"
}

t=$(date +%s)
log "MariaDB (buffer pool $MPSK_DB_BUFFER_POOL), schema, stock schema"
setup_db
log "starting our FreeRADIUS (:$ours_auth) and the stock one (:$stock_auth), $threads threads each"
ours_env "$top/scripts/radius-ctl.sh" start "$dir/ours"
stock_env "$top/bench/stock-radius/stock-radius.sh" start "$dir/stock"

loaded=0
for n in $sizes; do
	(( n > loaded && n % per == 0 )) || die "sizes must ascend in multiples of $per"
	log "loading devices $((loaded + 1))..$n into both schemas"
	t0=$(date +%s.%N)
	load_devices $((loaded + 1)) "$n"
	t1=$(date +%s.%N)
	log "$(awk -v a="$t0" -v b="$t1" -v n=$((n - loaded)) 'BEGIN{printf "loaded %d devices in %.1f s", n, b-a}')"
	printf '%s %s\n' "$((n - loaded))" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')" >>"$dir/load-times"
	loaded=$n

	sync_check "$n"
	log "warming both ($n devices)"
	run_load ours "$n" 0 --duration 3 --inflight "$inflight" >/dev/null
	run_load stock "$n" 0 --duration 3 --inflight "$inflight" >/dev/null
	for r in $(seq 1 "$rounds"); do
		log "round $r/$rounds, $n devices"
		run_load ours "$n" "$r" --duration "$secs" --inflight "$inflight"
		run_load stock "$n" "$r" --duration "$secs" --inflight "$inflight"
		stock_rps=$(jq -r "select(.devices == $n and .round == $r and .setup == \"stock\") | .rps" "$runs")
		rate=$(awk -v s="$stock_rps" -v k="$target" 'BEGIN{printf "%d", s * k}')
		run_load paced "$n" "$r" --duration "$secs" --rate "$rate" \
			--inflight "$paced_inflight"
		run_load paced1 "$n" "$r" --duration "$secs" \
			--rate "$(printf '%.0f' "$stock_rps")" --inflight "$paced_inflight"
	done
done

log "done in $(( $(date +%s) - t )) s"
echo "### RADIUS MAC authentication, $threads FreeRADIUS threads each, $inflight in flight ($rounds interleaved rounds of ${secs} s)"
echo
python3 "$top/bench/radius_report.py" "$runs" "$target" 5 && status=0 || status=1
echo
while read -r count secs_taken; do
	echo "Loading $(printf "%'d" "$count") devices into both schemas (SQL, SEQUENCE engine): ${secs_taken} s."
done <"$dir/load-times"
exit $status
