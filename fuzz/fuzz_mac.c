// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_mac.c - libFuzzer target for mac_normalize() and mac_format().
 *
 * Invariants: a normalized MAC is 12 lower-case hex digits, re-normalizes to
 * itself, and survives mac_format() with either separator; only the three
 * lengths of the accepted spellings can succeed.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: 00:10:a4:23:19:c0
 * seed: 00-10-A4-23-19-C0
 * seed: 0010.a423.19c0
 * seed: 0010a42319c0
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_mac_check(const char *in)
{
	char out[13], again[13], text[18];
	size_t n = strlen(in);

	if (mac_normalize(in, out) != 0) {
		if (out[0] != '\0')
			abort();
		return;
	}
	if (n != 12 && n != 14 && n != 17)
		abort();
	if (strlen(out) != 12)
		abort();
	for (int i = 0; i < 12; i++) {
		char c = out[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			abort();
	}
	if (mac_normalize(out, again) != 0 || strcmp(out, again) != 0)
		abort();
	for (int s = 0; s < 2; s++) {
		mac_format(out, s ? '-' : ':', text);
		if (strlen(text) != 17 || mac_normalize(text, again) != 0 ||
		    strcmp(out, again) != 0)
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
	fuzz_mac_check(in);
	free(in);
	return 0;
}
