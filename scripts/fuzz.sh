#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz.sh - build the libFuzzer targets with clang and run each one briefly.
#
#   scripts/fuzz.sh                 every fuzz/fuzz_*.c, FUZZ_SECONDS each
#   FUZZ_SECONDS=300 scripts/fuzz.sh fuzz_mac     a longer run of one target
#
# All of core/*.c is compiled with clang (coverage, ASan, UBSan) into
# build-fuzz/ and archived, so each target links only the objects it uses.
# Each target runs on its corpus in build-fuzz/corpus/<name>, kept between
# runs and seeded from the " * seed: " lines in the target's header comment
# (printf %b escapes) and from fuzz/corpus/<name>/ when that exists; inputs
# that crash land in build-fuzz/artifacts/<name>/. The script fails when any target crashes,
# leaks, hits UB or times out.
set -euo pipefail

cd "$(dirname "$0")/.."
# `make fuzz` on a fresh machine: clang and the libraries first (quiet
# when all are there; test.sh ran it already).
[ "${MPSK_DEPS_DONE:-0}" = 1 ] || scripts/deps.sh

CLANG=${CLANG:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
OUT=build-fuzz

# The same libraries as the Makefile; those not installed are skipped, as
# only the core files that need them would miss them.
pkgs=()
for p in libsodium libcrypto libqrencode libpng json-c libmariadb fcgi libmicrohttpd cairo pangocairo; do
	if pkg-config --exists "$p"; then
		pkgs+=("$p")
	fi
done
read -r -a pkg_cflags <<<"$(pkg-config --cflags "${pkgs[@]}")"
read -r -a pkg_libs <<<"$(pkg-config --libs "${pkgs[@]}")"

sanitize=("-fsanitize=address,undefined" -fno-sanitize-recover=undefined
	-fno-omit-frame-pointer)
cflags=(-std=c17 -D_GNU_SOURCE -g -O1 -Wall -Wextra -I. "${pkg_cflags[@]}")

mkdir -p "$OUT/core"
objs=()
for src in core/*.c; do
	# Always rebuilt: a handful of files, and no header tracking to trust.
	obj="$OUT/${src%.c}.o"
	"$CLANG" "${cflags[@]}" "${sanitize[@]}" -fsanitize=fuzzer-no-link \
		-c "$src" -o "$obj"
	objs+=("$obj")
done
rm -f "$OUT/libmpskcore.a"
ar rcs "$OUT/libmpskcore.a" "${objs[@]}"
# The program's parsers of untrusted input (query strings, request URIs,
# JSON bodies, the portal's forms and cookies) live in server/, api/ and
# portal/: everything there but main().
mkdir -p "$OUT/server" "$OUT/api" "$OUT/portal"
sobjs=()
for src in server/*.c api/*.c portal/*.c; do
	[ "$src" = server/main.c ] && continue
	obj="$OUT/${src%.c}.o"
	"$CLANG" "${cflags[@]}" "${sanitize[@]}" -fsanitize=fuzzer-no-link \
		-c "$src" -o "$obj"
	sobjs+=("$obj")
done
rm -f "$OUT/libmpskserver.a"
ar rcs "$OUT/libmpskserver.a" "${sobjs[@]}"

if [ $# -gt 0 ]; then
	targets=()
	for name in "$@"; do
		targets+=("fuzz/${name%.c}.c")
	done
else
	targets=(fuzz/fuzz_*.c)
fi

failed=()
for src in "${targets[@]}"; do
	name=$(basename "$src" .c)
	bin="$OUT/$name"
	"$CLANG" "${cflags[@]}" "${sanitize[@]}" -fsanitize=fuzzer "$src" \
		"$OUT/libmpskserver.a" "$OUT/libmpskcore.a" "${pkg_libs[@]}" \
		-lpthread -lm -o "$bin"

	corpus="$OUT/corpus/$name"
	artifacts="$OUT/artifacts/$name/"
	mkdir -p "$corpus" "$artifacts"
	# Seeds get the fuzzer past the exact formats quickly.
	n=0
	while IFS= read -r seed; do
		n=$((n + 1))
		printf '%b' "$seed" >"$corpus/seed-$n"
	done < <(sed -n 's/^ \* seed: //p' "$src")
	if [ -d "fuzz/corpus/$name" ]; then
		cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
	fi
	echo "== $name: ${FUZZ_SECONDS}s"
	if "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=256 \
		-timeout=10 -print_final_stats=1 \
		-artifact_prefix="$artifacts" "$corpus" >"$OUT/$name.log" 2>&1; then
		grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' \
			"$OUT/$name.log" || true
		echo "   corpus: $(find "$corpus" -type f | wc -l) inputs"
	else
		echo "!! $name FAILED; log: $OUT/$name.log, inputs: $artifacts"
		grep -E 'ERROR|SUMMARY|runtime error' "$OUT/$name.log" | head -5 || true
		failed+=("$name")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}"
	exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
