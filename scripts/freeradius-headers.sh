#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# freeradius-headers.sh - the FreeRADIUS headers rlm_mpsk needs and Debian's
# libfreeradius-dev does not install, fetched from Debian's own source
# package of the installed version, into var/freeradius/include/freeradius/.
#
# Debian 12's libfreeradius-dev (3.2.1) installs /usr/include/freeradius/
# without eight headers that radiusd.h includes. Nothing third-party is
# kept in this repository: this script runs `apt-get source
# --download-only` with a private deb-src list and private apt state under
# var/freeradius/apt (the system's apt configuration is not read for
# sources and not changed), checks the download against the Sources index
# (apt does), and takes the eight files from the upstream tarball,
# rewriting freeradius-devel/ to freeradius/ as Debian does for the
# installed ones. The Makefile runs it when the headers are missing; it
# needs the network once. Idempotent: nothing happens when they are there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/var/freeradius
inc=$out/include/freeradius
headers=(automask clients connection listen log process tmpl xlat)

ver=$(dpkg-query -W -f='${Version}' libfreeradius-dev 2>/dev/null || true)
if [ -z "$ver" ]; then
	echo "freeradius-headers: libfreeradius-dev is not installed (scripts/deps.sh)" >&2
	exit 1
fi
if [ -f "$inc/.version" ] && [ "$(cat "$inc/.version")" = "$ver" ]; then
	exit 0
fi

apt=$out/apt
rm -rf "$apt" "$inc"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$apt/src" "$inc"
cat >"$apt/sources.list" <<'LIST'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
LIST
opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
	-o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")
echo "freeradius-headers: fetching freeradius $ver source (Debian) for 8 headers" >&2
apt-get "${opts[@]}" -qq update
(cd "$apt/src" && apt-get "${opts[@]}" -qq --download-only source "freeradius=$ver" >/dev/null)
orig=$(ls "$apt"/src/freeradius_*.orig.tar.* | head -n 1)
members=()
for h in "${headers[@]}"; do members+=("--wildcards" "*/src/include/$h.h"); done
tar -xf "$orig" -C "$apt/src" "${members[@]}"
for h in "${headers[@]}"; do
	f=$(find "$apt/src" -path "*/src/include/$h.h" | head -n 1)
	sed 's|freeradius-devel/|freeradius/|g' "$f" >"$inc/$h.h"
done
echo "$ver" >"$inc/.version"
rm -rf "$apt/src" "$apt/cache"
echo "freeradius-headers: $inc" >&2
