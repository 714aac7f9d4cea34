#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# install.sh - `make install`: put mpsk's files where docs/DEPLOY.md says.
#
#   make install                    onto this machine (as root)
#   DESTDIR=/tmp/stage make install staged (the tests install this way and
#                                   check every installed file)
#
# Never overwrites a configuration file that exists (mpsk.conf,
# radius.env): those hold your secrets. Everything else is replaced.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${MPSK_BUILD:-$top/build}
destdir=${DESTDIR:-}
prefix=${PREFIX:-/usr/local}
share="$destdir$prefix/share/mpsk"
etc="$destdir/etc"

inst() { install -D -m "$1" "$2" "$3"; }
# Install a config file only when none is there.
inst_conf() {
	if [ -e "$3" ]; then
		echo "install: keeping existing $3" >&2
	else
		install -D -m "$1" "$2" "$3"
	fi
}

inst 0755 "$build/mpsk" "$destdir$prefix/bin/mpsk"
inst 0755 "$build/mpsk-radtest" "$destdir$prefix/bin/mpsk-radtest"
# FreeRADIUS's module (mpsk-radius-config points FreeRADIUS's libdir here).
inst 0644 "$build/rlm_mpsk/rlm_mpsk.so" "$destdir$prefix/lib/mpsk/rlm_mpsk.so"

# Shared files: migrations, the OpenAPI document, pages, the RADIUS
# templates and the generator that turns them into a FreeRADIUS config.
rm -rf "$share"
mkdir -p "$share"
for d in db radius static templates; do
	[ -d "$top/$d" ] && cp -r "$top/$d" "$share/"
done
inst 0644 "$top/api/openapi.json" "$share/api/openapi.json"
inst 0755 "$top/scripts/radius-ctl.sh" "$share/scripts/radius-ctl.sh"
inst 0755 "$top/deploy/backup.sh" "$share/deploy/backup.sh"
inst 0755 "$top/deploy/mpsk-radius-config" "$destdir$prefix/sbin/mpsk-radius-config"
for doc in DEPLOY.md DESIGN.md RADIUS.md; do
	[ -f "$top/docs/$doc" ] && inst 0644 "$top/docs/$doc" "$destdir$prefix/share/doc/mpsk/$doc"
done

inst_conf 0640 "$top/deploy/mpsk.conf" "$etc/mpsk/mpsk.conf"
inst_conf 0600 "$top/deploy/migrate.conf" "$etc/mpsk/migrate.conf"
inst_conf 0640 "$top/deploy/radius.env.example" "$etc/mpsk/radius.env"
inst 0644 "$top/etc/mpsk.conf.example" "$etc/mpsk/mpsk.conf.example"

inst 0644 "$top/deploy/mpsk.service" "$etc/systemd/system/mpsk.service"
inst 0644 "$top/deploy/mpsk-backup.service" "$etc/systemd/system/mpsk-backup.service"
inst 0644 "$top/deploy/mpsk-backup.timer" "$etc/systemd/system/mpsk-backup.timer"
inst 0644 "$top/deploy/mpsk-prune.service" "$etc/systemd/system/mpsk-prune.service"
inst 0644 "$top/deploy/mpsk-prune.timer" "$etc/systemd/system/mpsk-prune.timer"
inst 0644 "$top/deploy/freeradius-mpsk.conf" \
	"$etc/systemd/system/freeradius.service.d/mpsk.conf"

inst 0644 "$top/nginx/mpsk-site.conf" "$etc/nginx/sites-available/mpsk"
inst 0644 "$top/nginx/mpsk-locations.conf" "$etc/nginx/mpsk-locations.conf"
inst 0644 "$top/nginx/mpsk_fastcgi_params" "$etc/nginx/mpsk_fastcgi_params"

# The FastCGI front-door secret, made once: nginx sends it with every
# request (from a file only root reads; nginx reads its configuration
# before it drops to www-data), and mpsk refuses requests without it.
secret_conf="$etc/nginx/mpsk_fastcgi_secret.conf"
if [ ! -e "$secret_conf" ]; then
	secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
	(umask 077; printf 'fastcgi_param MPSK_FCGI_SECRET %s;\n' "$secret" >"$secret_conf")
	if grep -q '^fcgi_secret *=' "$etc/mpsk/mpsk.conf"; then
		# The expression from a file descriptor, not sed's arguments,
		# which any local user could read in the process list.
		sed -i -f <(printf 's|^fcgi_secret *=.*|fcgi_secret = %s|\n' "$secret") \
			"$etc/mpsk/mpsk.conf"
	else
		printf '# The FastCGI front-door secret (make install; nginx: %s)\nfcgi_secret = %s\n' \
			"${secret_conf#"$destdir"}" "$secret" >>"$etc/mpsk/mpsk.conf"
	fi
	unset secret
fi

# Ownership only on a real install (a staged one runs unprivileged).
if [ -z "$destdir" ]; then
	getent passwd mpsk >/dev/null ||
		useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin mpsk
	# The FastCGI socket's group: nginx's user only (mpsk.service).
	getent group mpsk-web >/dev/null || groupadd --system mpsk-web
	getent passwd www-data >/dev/null && usermod -a -G mpsk-web www-data
	chown root:mpsk /etc/mpsk/mpsk.conf
	chown root:root /etc/mpsk/migrate.conf /etc/nginx/mpsk_fastcgi_secret.conf
	getent group freerad >/dev/null && chown root:freerad /etc/mpsk/radius.env
	systemctl daemon-reload 2>/dev/null || true
fi
echo "install: done (prefix $prefix${destdir:+, staged in $destdir}); next: docs/DEPLOY.md" >&2
