#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench-portal.sh - portal benchmarks through nginx + FastCGI, each against
# a baseline measured in the same run, interleaved (A B A B ...):
#   - a tenant's "My keys" page and a key's QR code PNG, signed in, against
#     nginx serving a static file of the same size;
#   - a 1,000-card welcome PDF for a building through the dashboard (with
#     its 1,000 activation codes), against rendering the same number of
#     cards in-process (bench/pdf_cards.c, which also compares one
#     1,000-page PDF with 1,000 one-page PDFs).
#
#   scripts/bench-portal.sh [ROUNDS] [SECONDS]     (part of `make bench`)
# Prints Markdown on stdout; progress on stderr.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
secs=${2:-5}
n_cards=${MPSK_BENCH_CARDS:-1000}
dir="$top/var/bench-portal"
export MPSK_DB_PORT=33326 MPSK_HTTP_PORT=38190 MPSK_NGINX_PORT=38191 \
	MPSK_RADIUS_AUTH_PORT=38192 MPSK_RADIUS_ACCT_PORT=38193 MPSK_NO_RADIUS=1

log() { printf 'bench-portal: %s\n' "$*" >&2; }
. "$top/scripts/bench-lib.sh"
bench_stack
cleanup() {
	rm -f "$top/static/.bench-page.html" "$top/static/.bench-qr.png"
	"$top/scripts/stack.sh" stop "$dir" >/dev/null 2>&1
}
trap cleanup EXIT
mpsk() { "$MPSK_BUILD/mpsk" -c "$MPSK_CONFIG" "$@"; }
token=$(mpsk token create --name bench --scopes read,write,secrets,admin)
api="$MPSK_API_URL/api/v1"
post() {
	curl -fsS -o /dev/null -H "Authorization: Bearer $token" \
		-H 'Content-Type: application/json' -d "$2" "$api$1"
}
post /plans '{"name":"bench","keys_per_customer":1}'
post /networks '{"ssid":"bench-net"}'

log "provisioning $n_cards customers with a key each"
/usr/bin/python3 "$top/bench/api_provision.py" "$MPSK_NGINX_URL" "$token" bench \
	"$n_cards" 4 bp >&2
"$top/scripts/db-ctl.sh" sql "$dir/db" <<<"UPDATE mpsk.customers SET building = 'Bench House' WHERE external_id LIKE 'bp-%';"

# A signed-in tenant and a signed-in operator (curl keeps the cookies).
printf 'bench password 1\n' | mpsk tenant password --customer bp-0 --username bench-tenant 2>/dev/null
printf 'bench password 2\n' | mpsk staff create --username bench-staff --role operator --password-stdin 2>/dev/null
signin() { # area user password jar
	local csrf
	csrf=$(curl -fsS -c "$4" -b "$4" "$MPSK_NGINX_URL/$1/signin" |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	curl -fsS -o /dev/null -c "$4" -b "$4" --data-urlencode "csrf=$csrf" \
		--data-urlencode "username=$2" --data-urlencode "password=$3" \
		"$MPSK_NGINX_URL/$1/signin"
}
signin portal bench-tenant 'bench password 1' "$dir/tenant.jar"
signin staff bench-staff 'bench password 2' "$dir/staff.jar"
cookie="mpsk_tenant=$(awk '$6 == "mpsk_tenant" {print $7}' "$dir/tenant.jar")"
key=$(curl -fsS -H "Authorization: Bearer $token" "$api/customers/bp-0/keys" |
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# Static twins of the page and the PNG: nginx's own ceiling for that size.
curl -fsS -b "$dir/tenant.jar" "$MPSK_NGINX_URL/portal/keys" >"$top/static/.bench-page.html"
curl -fsS -b "$dir/tenant.jar" "$MPSK_NGINX_URL/portal/keys/$key/qr.png" >"$top/static/.bench-qr.png"
page_bytes=$(stat -c %s "$top/static/.bench-page.html")
qr_bytes=$(stat -c %s "$top/static/.bench-qr.png")


# One welcome-card PDF for the building through the dashboard; prints
# seconds and bytes. new_codes=1: every round makes all its activation
# codes (without it, only the first round would; the rest keep them).
bulk_pdf() {
	local csrf out
	csrf=$(curl -fsS -b "$dir/staff.jar" "$MPSK_NGINX_URL/staff/cards" |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	out=$(curl -fsS -b "$dir/staff.jar" -o "$dir/cards.pdf" -w '%{time_total} %{size_download}' \
		--max-time 600 --data-urlencode "csrf=$csrf" --data-urlencode "building=Bench House" \
		--data-urlencode "new_codes=1" \
		"$MPSK_NGINX_URL/staff/cards/pdf")
	pages=$(pdfinfo "$dir/cards.pdf" | awk '/^Pages:/ {print $2}')
	[ "$pages" = "$n_cards" ] || log "the PDF has $pages pages, not $n_cards"
	echo "$out"
}

declare -A samples
for r in $(seq 1 "$rounds"); do
	log "round $r/$rounds"
	samples[page_static]+="$(wrk_rate "$MPSK_NGINX_URL/static/.bench-page.html") "
	samples[page]+="$(wrk_rate -s "$top/bench/wrk_page.lua" "$MPSK_NGINX_URL" -- /portal/keys "$cookie") "
	samples[qr_static]+="$(wrk_rate "$MPSK_NGINX_URL/static/.bench-qr.png") "
	samples[qr]+="$(wrk_rate -s "$top/bench/wrk_page.lua" "$MPSK_NGINX_URL" -- "/portal/keys/$key/qr.png" "$cookie") "
	read -r t b <<<"$(bulk_pdf)"
	samples[pdf_http]+="$t "
	samples[pdf_bytes]+="$b "
	lib=$("$MPSK_BUILD/bench/pdf_cards" 1 "$n_cards" | awk -F'|' '/one [0-9]+-card PDF/ {gsub(/ /, "", $3); print $3}')
	samples[pdf_lib]+="$lib "
done

cat <<EOT
| what (wrk -t2 -c16, ${secs}s, signed-in tenant, median of $rounds interleaved rounds) | requests/s | vs nginx static file of the same size |
|---|---|---|
| nginx: static copy of the page ($page_bytes bytes; baseline) | $(med page_static) | 1.00 |
| GET /portal/keys via nginx + FastCGI | $(med page) | $(ratio "$(med page)" "$(med page_static)") |
| nginx: static copy of the QR PNG ($qr_bytes bytes; baseline) | $(med qr_static) | 1.00 |
| GET /portal/keys/{id}/qr.png via nginx + FastCGI | $(med qr) | $(ratio "$(med qr)" "$(med qr_static)") |

| what ($n_cards cards, A4, median of $rounds rounds) | seconds | bytes | vs rendering in-process |
|---|---|---|---|
| build/bench/pdf_cards: one $n_cards-card PDF in-process (baseline) | $(med pdf_lib) | | 1.00 |
| POST /staff/cards/pdf for a building of $n_cards customers via nginx + FastCGI (queries, $n_cards activation codes, PDF) | $(med pdf_http) | $(med pdf_bytes) | $(ratio "$(med pdf_http)" "$(med pdf_lib)") |
EOT
