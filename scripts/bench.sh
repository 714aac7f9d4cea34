#!/usr/bin/env bash
# bench.sh - every benchmark (`make bench`): the API (scripts/bench-api.sh)
# then RADIUS (scripts/bench-radius.sh), each against a baseline measured
# interleaved in the same run. Prints both Markdown reports on stdout, in
# the order docs/BENCHMARKS.md has them (RADIUS first); progress goes to
# stderr. Exit status 1 when either failed or missed its target; the other
# still runs and prints.
#
#   scripts/bench.sh          (arguments and environment: see the two scripts)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
status=0
t0=$(date +%s)

api=$("$top/scripts/bench-api.sh") || { status=1; echo "bench: bench-api.sh failed" >&2; }
radius=$("$top/scripts/bench-radius.sh") || { status=1; echo "bench: bench-radius.sh failed or missed its target" >&2; }

cat <<EOT
## RADIUS

${radius:-(bench-radius.sh produced no report; see its messages above)}

## API

${api:-(bench-api.sh produced no report; see its messages above)}

(\`make bench\`: $(( $(date +%s) - t0 )) s on $(nproc) CPUs, $(date -u +%Y-%m-%d))
EOT
exit $status
