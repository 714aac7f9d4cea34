// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_logtext.c - libFuzzer target for logtext(), which every request's
 * log line goes through (the path, method and address come from clients).
 *
 * Invariants: the output stays within the buffer, is NUL-terminated,
 * holds only printable ASCII (so it is exactly one line), and text that
 * fits comes back unchanged when it had nothing to escape.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: /portal/keys
 * seed: /x\n1.2.3.4 GET /y 200
 * seed: \x1b[2K\x07\\x0A
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/logtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	size_t outlen = LOGTEXT_MIN + (size ? data[0] % 200 : 0);
	char *out = malloc(outlen + 1);
	if (!out)
		abort();
	out[outlen] = '#';
	logtext(out, outlen, in);
	size_t n = strlen(out);
	if (n >= outlen || out[outlen] != '#')
		abort();
	int plain = 1;
	for (size_t i = 0; in[i]; i++)
		if ((unsigned char)in[i] < 0x20 || (unsigned char)in[i] >= 0x7f ||
		    in[i] == '\\')
			plain = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] >= 0x7f)
			abort();
	if (plain && strlen(in) + 1 <= outlen && strcmp(in, out) != 0)
		abort();
	free(out);
	free(in);
	return 0;
}
