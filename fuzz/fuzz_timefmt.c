// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_timefmt.c - libFuzzer target for the RFC 3339 and SQL time parsers.
 *
 * Invariants: an accepted time formats and parses back to itself (within
 * the years 0000..9999 the formatter covers), and an accepted SQL time is
 * exactly what timefmt_format_sql() prints for it.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: 2026-11-26T07:20:00Z
 * seed: 2024-02-29t23:59:59.123456+05:30
 * seed: 1970-01-01T00:00:00-00:00
 * seed: 2026-11-26 07:20:00
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The formatter's range: 0000-01-01T00:00:00Z..9999-12-31T23:59:59Z. */
#define FUZZ_TIME_LO (-62167219200LL)
#define FUZZ_TIME_HI 253402300799LL

static void fuzz_timefmt_check(const char *in)
{
	time_t t, back;
	char r[21], q[20];

	if (timefmt_parse_rfc3339(in, &t) == 0) {
		/* An offset can push a date just past either end. */
		if (t < FUZZ_TIME_LO - 86400 || t > FUZZ_TIME_HI + 86400)
			abort();
		timefmt_format_rfc3339(t, r);
		if (t >= FUZZ_TIME_LO && t <= FUZZ_TIME_HI &&
		    (timefmt_parse_rfc3339(r, &back) != 0 || back != t))
			abort();
	}
	if (timefmt_parse_sql(in, &t) == 0) {
		timefmt_format_sql(t, q);
		if (strcmp(q, in) != 0)
			abort();
		timefmt_format_rfc3339(t, r);
		if (timefmt_parse_rfc3339(r, &back) != 0 || back != t)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	fuzz_timefmt_check(in);
	free(in);
	return 0;
}
