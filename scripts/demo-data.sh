#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo-data.sh - load demo data through the real API, as a billing system
# would: plans, a network, a NAS for 127.0.0.1, customers (their keys are
# provisioned by the API), devices, a guest key and a suspended customer.
#
#   MPSK_TOKEN=... MPSK_NAS_SECRET=... scripts/demo-data.sh http://127.0.0.1:18080
set -euo pipefail

api="${1:?API base URL}/api/v1"
: "${MPSK_TOKEN:?}" "${MPSK_NAS_SECRET:?}"

call() {
	local method=$1 path=$2 body=${3:-}
	curl -fsS -o /dev/null -X "$method" -H "Authorization: Bearer $MPSK_TOKEN" \
		-H 'Content-Type: application/json' ${body:+--data "$body"} "$api$path" ||
		{ echo "demo-data: $method $path failed" >&2; exit 1; }
}

call POST /plans '{"name":"home-100","vlan_range":"100-199","rate_down_kbps":100000,"rate_up_kbps":20000,"keys_per_customer":1,"key_scope":"customer","max_devices":8}'
call POST /plans '{"name":"office","vlan":20,"rate_down_kbps":300000,"rate_up_kbps":100000,"keys_per_customer":0,"key_scope":"device"}'
call POST /networks '{"ssid":"mpsk-demo","site":"Tower A"}'
call POST /nas "{\"name\":\"demo-ap\",\"address\":\"127.0.0.1\",\"secret\":\"$MPSK_NAS_SECRET\",\"vendor\":\"hostapd\"}"

call PUT /customers/demo-1001 '{"name":"Flat 1.01 — Ana Müller","email":"ana@example.net","phone":"+49 30 1234567","plan":"home-100","building":"Tower A","unit":"1.01"}'
call PUT /customers/demo-1002 '{"name":"Flat 1.02 — Борис Петров","email":"boris@example.net","plan":"home-100","building":"Tower A","unit":"1.02"}'
call PUT /customers/demo-1003 '{"name":"Flat 2.01 — 王伟","plan":"home-100","building":"Tower A","unit":"2.01"}'
call PUT /customers/demo-2001 '{"name":"Ground floor café","email":"cafe@example.net","plan":"office","building":"Tower A","unit":"G"}'
call PUT /customers/demo-2002 '{"name":"Café kitchen","plan":"office","parent":"demo-2001","building":"Tower A","unit":"G"}'
call PUT /customers/demo-1004 '{"name":"Flat 2.02 — moved out","plan":"home-100","status":"suspended","building":"Tower A","unit":"2.02"}'

call POST /devices '{"mac":"A4:C3:F0:00:00:01","name":"Ana phone","customer":"demo-1001"}'
call POST /devices '{"mac":"a4c3f0000002","name":"Ana laptop","customer":"demo-1001"}'
call POST /devices '{"mac":"a4-c3-f0-00-00-03","name":"Boris TV","customer":"demo-1002"}'
call POST /devices '{"mac":"a4c3.f000.0004","name":"Till","customer":"demo-2001"}'
call POST /devices '{"mac":"a4c3f0000005","name":"Old phone","customer":"demo-1004"}'
call POST /customers/demo-1001/keys '{"label":"Weekend guests","kind":"guest","valid_from":"2026-01-01T00:00:00Z","valid_until":"2030-01-01T00:00:00Z"}'
echo "demo-data: loaded" >&2
