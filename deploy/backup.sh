#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# backup.sh DIR KEEP - a consistent logical dump of the mpsk database
# (single transaction, no table locks, so RADIUS keeps answering), gzip'd
# into DIR, keeping the newest KEEP dumps. The dump holds passphrases and
# NAS secrets: DIR must be private (the service runs with umask 077).
# Restore: gunzip -c FILE | mariadb mpsk
set -euo pipefail
dir=${1:?DIR}
keep=${2:?KEEP}
db=${MPSK_DB_NAME:-mpsk}
mkdir -p "$dir"
chmod 700 "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dir/mpsk-$stamp.sql.gz"
mariadb-dump --single-transaction --routines --triggers --events \
	--hex-blob "$db" | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
ls -1t "$dir"/mpsk-*.sql.gz | tail -n +"$((keep + 1))" | xargs -r rm -f
echo "backup: $out"
