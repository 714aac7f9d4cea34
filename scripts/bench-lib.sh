# SPDX-License-Identifier: GPL-2.0-or-later
# bench-lib.sh - what the HTTP benchmarks share (sourced by bench-api.sh and
# bench-portal.sh): a fresh private stack, one wrk measurement, medians of
# the interleaved rounds.
#
# The caller sets top, dir, secs and the MPSK_*_PORT variables, and
# declares `declare -A samples` before filling it.

# Start a fresh private stack in $dir (stopped again on exit), without
# FreeRADIUS, and read its settings.
bench_stack() {
	"$top/scripts/stack.sh" stop "$dir" >/dev/null 2>&1 || true
	rm -rf "$dir"
	MPSK_NO_RADIUS=1 "$top/scripts/stack.sh" start "$dir" >&2
	# shellcheck disable=SC1091
	. "$dir/stack.env"
}

# One wrk run of $secs seconds; prints requests/s, or 0 when any reply was
# not 2xx (so a broken run can never look fast).
wrk_rate() {
	local out
	out=$(wrk -t2 -c16 -d"${secs}s" --latency "$@" 2>&1)
	if grep -q 'Non-2xx' <<<"$out"; then
		echo "$out" | grep 'Non-2xx' >&2
		echo 0
		return
	fi
	awk '/^Requests\/sec/ {print $2}' <<<"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The median of the samples collected under name.
med() { tr ' ' '\n' <<<"${samples[$1]}" | grep -v '^$' | median; }

# a / b with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
