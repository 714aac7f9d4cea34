#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install the Debian 12 packages mpsk needs to build, run and
# test, when any is missing, and the browser tests' npm packages (pinned in
# tests/browser/package-lock.json) when they are not installed. Safe to run
# again: it does nothing when all are there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)

packages=(
	build-essential pkg-config
	libfcgi-dev libjson-c-dev libmicrohttpd-dev libmariadb-dev
	libqrencode-dev libsodium-dev libssl-dev libpng-dev
	mariadb-server mariadb-client
	freeradius freeradius-mysql freeradius-utils
	libfreeradius-dev libtalloc-dev libpcre3-dev xz-utils
	nginx-light curl ca-certificates openssl wrk iproute2 procps
	python3 python3-pytest zbar-tools
	libcairo2-dev libpango1.0-dev poppler-utils
	fonts-dejavu-core fonts-noto-core fonts-noto-mono fonts-noto-cjk
	fonts-noto-color-emoji
	clang libclang-rt-14-dev
	chromium nodejs
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
else
	sudo=
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	# The packaged services (system MariaDB, FreeRADIUS on 1812, nginx on
	# 80) are not what mpsk runs: it starts private instances on its own
	# ports.
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

# rlm_mpsk: the eight FreeRADIUS headers libfreeradius-dev lacks, from
# Debian's source package (the Makefile would fetch them too).
"$top/scripts/freeradius-headers.sh"

# npm: NodeSource's nodejs (Node.js 20, what our machines have) bundles
# it; Debian's own nodejs has it in a package of its own.
if ! command -v npm >/dev/null; then
	echo "deps: installing npm" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		npm >/dev/null
fi

# The browser tests drive Debian's chromium with playwright-core; npm ci
# installs exactly the locked version (it downloads no browser).
browser="$top/tests/browser"
if [ ! -d "$browser/node_modules/playwright-core" ] ||
	[ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
	echo "deps: npm ci in tests/browser" >&2
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$browser" \
		--no-audit --no-fund --loglevel=error >/dev/null
fi
