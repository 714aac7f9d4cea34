#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-api.sh - API benchmarks through nginx + FastCGI (and the embedded
# HTTP server), against a baseline measured in the same run: nginx serving a
# static file of about the same size. Runs A B A B ... so drift on this shared
# machine hits both alike; reports medians and the ratio.
#
#   scripts/bench-api.sh [ROUNDS] [SECONDS]     (part of `make bench`)
# Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
secs=${2:-5}
n_customers=${MPSK_BENCH_CUSTOMERS:-10000}
dir="$top/var/bench-api"
export MPSK_DB_PORT=33316 MPSK_HTTP_PORT=38180 MPSK_NGINX_PORT=38181 \
	MPSK_RADIUS_AUTH_PORT=38120 MPSK_RADIUS_ACCT_PORT=38130 MPSK_NO_RADIUS=1

log() { printf 'bench-api: %s\n' "$*" >&2; }
. "$top/scripts/bench-lib.sh"
bench_stack
trap '"$top/scripts/stack.sh" stop "$dir" >/dev/null 2>&1' EXIT
token=$("$MPSK_BUILD/mpsk" -c "$MPSK_CONFIG" token create --name bench --scopes read,write,secrets,admin)
api="$MPSK_API_URL/api/v1"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d '{"name":"bench","vlan":100,"rate_down_kbps":100000,"rate_up_kbps":20000}' "$api/plans"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
	-d '{"ssid":"bench-net"}' "$api/networks"

log "provisioning $n_customers customers with keys (PMKs included), 4 clients, through nginx"
prov=$(/usr/bin/python3 "$top/bench/api_provision.py" "$MPSK_NGINX_URL" "$token" bench \
	"$n_customers" 4 bc) || log "provisioning had errors"
log "$prov"

# A static file the size of one key's JSON, as nginx's own ceiling.
key_json=$(curl -fsS -H "Authorization: Bearer $token" "$api/keys/1")
mkdir -p "$dir/static-root/static"
printf '%s' "$key_json" >"$dir/static-root/static/key.json"
ln -sfn "$dir/static-root/static/key.json" "$top/static/.bench-key.json"
trap 'rm -f "$top/static/.bench-key.json"; "$top/scripts/stack.sh" stop "$dir" >/dev/null 2>&1' EXIT



declare -A samples
for r in $(seq 1 "$rounds"); do
	log "round $r/$rounds"
	samples[static]+="$(wrk_rate "$MPSK_NGINX_URL/static/.bench-key.json") "
	samples[get_fcgi]+="$(wrk_rate -s "$top/bench/wrk_get_key.lua" "$MPSK_NGINX_URL" -- "$token" 1 "$n_customers") "
	samples[get_http]+="$(wrk_rate -s "$top/bench/wrk_get_key.lua" "$MPSK_API_URL" -- "$token" 1 "$n_customers") "
	samples[put_fcgi]+="$(wrk_rate -s "$top/bench/wrk_put_customer.lua" "$MPSK_NGINX_URL" -- "$token" bc "$n_customers") "
done

static=$(med static)
cat <<EOT
| what (wrk -t2 -c16, ${secs}s, median of $rounds interleaved rounds) | requests/s | vs nginx static file |
|---|---|---|
| nginx serving a static file of one key's JSON (baseline) | $static | 1.00 |
| GET /api/v1/keys/{id} (with passphrase) via nginx + FastCGI | $(med get_fcgi) | $(awk -v a="$(med get_fcgi)" -v b="$static" 'BEGIN{printf "%.2f", a/b}') |
| GET /api/v1/keys/{id} via the embedded HTTP server | $(med get_http) | $(awk -v a="$(med get_http)" -v b="$static" 'BEGIN{printf "%.2f", a/b}') |
| PUT /api/v1/customers/{id} (idempotent update) via nginx + FastCGI | $(med put_fcgi) | $(awk -v a="$(med put_fcgi)" -v b="$static" 'BEGIN{printf "%.2f", a/b}') |

Provisioning $n_customers customers (one key each, PBKDF2 PMK included) through nginx + FastCGI, 4 concurrent clients: $prov
EOT
