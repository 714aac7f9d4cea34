#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench.sh - every benchmark (`make bench`): the API (scripts/bench-api.sh),
# the portal (scripts/bench-portal.sh), then RADIUS (scripts/bench-radius.sh),
# each against a baseline measured interleaved in the same run. Prints the
# Markdown reports on stdout, in the order docs/BENCHMARKS.md has them
# (RADIUS first); progress goes to stderr. Exit status 1 when any failed or
# missed its target; the others still run and print.
#
#   scripts/bench.sh          (arguments and environment: see the three scripts)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# `make bench` on a fresh machine: the packages first, then the build.
"$top/scripts/deps.sh" || exit 1
make -s -C "$top" -j2 all || exit 1
status=0
t0=$(date +%s)

api=$("$top/scripts/bench-api.sh") || { status=1; echo "bench: bench-api.sh failed" >&2; }
portal=$("$top/scripts/bench-portal.sh") || { status=1; echo "bench: bench-portal.sh failed" >&2; }
radius=$("$top/scripts/bench-radius.sh") || { status=1; echo "bench: bench-radius.sh failed or missed its target" >&2; }

cat <<EOT
## RADIUS

${radius:-(bench-radius.sh produced no report; see its messages above)}

## API

${api:-(bench-api.sh produced no report; see its messages above)}

## Portal

${portal:-(bench-portal.sh produced no report; see its messages above)}

(\`make bench\`: $(( $(date +%s) - t0 )) s on $(nproc) CPUs, $(date -u +%Y-%m-%d))
EOT
exit $status
