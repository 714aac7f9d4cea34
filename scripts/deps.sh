#!/usr/bin/env bash
# deps.sh - install the Debian 12 packages mpsk needs to build, run and
# test, when any is missing. Safe to run again: it does nothing when all
# are there.
set -euo pipefail

packages=(
	build-essential pkg-config
	libfcgi-dev libjson-c-dev libmicrohttpd-dev libmariadb-dev
	libqrencode-dev libsodium-dev libssl-dev libpng-dev
	mariadb-server mariadb-client
	freeradius freeradius-mysql freeradius-utils
	nginx-light curl ca-certificates openssl wrk
	python3 python3-pytest zbar-tools
	libcairo2-dev libpango1.0-dev poppler-utils
	fonts-dejavu-core fonts-noto-core fonts-noto-mono fonts-noto-cjk
	fonts-noto-color-emoji
	clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
else
	sudo=
fi
# The packaged services (system MariaDB, FreeRADIUS on 1812, nginx on 80)
# are not what mpsk runs: it starts private instances on its own ports.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null
