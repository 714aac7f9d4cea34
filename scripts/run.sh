#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - `make run`: the whole system on this machine, with demo data.
#
# Installs missing Debian packages, builds, starts a private MariaDB (data in
# var/run/, port 13306), migrates, loads demo data on the first run, starts
# mpsk (HTTP on 127.0.0.1:18080, FastCGI behind nginx on 127.0.0.1:18081)
# and FreeRADIUS on 127.0.0.1:18812/18813 (ports no packaged Debian service
# holds; each is checked first, see stack.sh), then prints the portal's and the dashboard's
# addresses with demo sign-ins, and a curl line and a radclient line that
# work as printed. A second run reuses the data. `make stop` stops it all.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir="$top/var/run"
cd "$top"
scripts/deps.sh
make -s -j2 all
scripts/stack.sh stop "$dir" >/dev/null 2>&1 || true
scripts/stack.sh start "$dir"
# shellcheck disable=SC1091
. "$dir/stack.env"

mpsk() { "$MPSK_BUILD/mpsk" -c "$MPSK_CONFIG" "$@"; }

# A fresh demo token each run (the previous one is revoked): a token is
# shown once and stored only as a digest, so it cannot be shown again.
mpsk token revoke --name demo >/dev/null
token=$(mpsk token create --name demo --scopes read,write,secrets)

nas_secret_file="$dir/secrets/nas_demo"
if [ ! -f "$dir/demo-loaded" ]; then
	(umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$nas_secret_file")
	# The demo data makes plans, networks and a NAS (admin) and a
	# sub-customer (secrets): a token for that alone, revoked after, so
	# the printed one needs no admin.
	mpsk token revoke --name demo-loader >/dev/null  # one a failed run left
	loader=$(mpsk token create --name demo-loader --scopes write,secrets,admin)
	MPSK_TOKEN=$loader MPSK_NAS_SECRET=$(cat "$nas_secret_file") \
		scripts/demo-data.sh "$MPSK_API_URL"
	mpsk token revoke --name demo-loader >/dev/null
	# Demo sign-ins for the portal and the dashboard, with random
	# passwords kept beside the other secrets of this directory.
	(umask 077
	 for who in admin ana; do
		head -c 12 /dev/urandom | base64 | tr -d '/+=' >"$dir/secrets/demo_$who"
	 done)
	mpsk staff create --username admin --role admin --password-stdin \
		<"$dir/secrets/demo_admin" 2>/dev/null
	mpsk tenant password --customer demo-1001 --username ana \
		<"$dir/secrets/demo_ana" 2>/dev/null
	touch "$dir/demo-loaded"
fi
nas_secret=$(cat "$nas_secret_file")

cat <<EOT

mpsk is running (data in $dir; stop it with: make stop)

  API (embedded HTTP):  $MPSK_API_URL/api/v1/
  API through nginx:    $MPSK_NGINX_URL/api/v1/
  RADIUS:               127.0.0.1:$MPSK_RADIUS_AUTH_PORT (auth), $MPSK_RADIUS_ACCT_PORT (acct)
  Tenant portal:        $MPSK_NGINX_URL/portal/   (sign in as ana / $(cat "$dir/secrets/demo_ana"))
  Staff dashboard:      $MPSK_NGINX_URL/staff/    (sign in as admin / $(cat "$dir/secrets/demo_admin"))
  API token (shown once, scopes read,write,secrets):
    $token

Ask the API for a demo customer's keys:

  curl -sS -H 'Authorization: Bearer $token' $MPSK_API_URL/api/v1/customers/demo-1001/keys

Play an OpenWrt/hostapd access point asking for that customer's phone:

  printf '%s\n' 'User-Name = "a4c3f0000001"' 'User-Password = "a4c3f0000001"' 'Calling-Station-Id = "A4-C3-F0-00-00-01"' 'Called-Station-Id = "02-00-00-00-00-01:mpsk-demo"' 'Message-Authenticator = 0x00' | radclient -x 127.0.0.1:$MPSK_RADIUS_AUTH_PORT auth '$nas_secret'

EOT
