// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_codes.c - libFuzzer target for what people and browsers type or
 * send back: activation and invitation codes (code_digest), session
 * tokens from cookies (token_digest) and new passwords
 * (password_check_policy).
 *
 * Invariants: a code that is accepted has its digest unchanged by case,
 * spaces and hyphens; an accepted token is 43 base64url characters; the
 * password rule answers without reading past the string.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: ABCD-EFGH-JKMN-PQRS
 * seed: abcd efgh jkmn pqrs
 * seed: 4-1XFwdLkSNXhOxo_xrxkxiHPLt8EEzjnVKECojGTv0
 * seed: correct horse battery
 * seed: \xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/password.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_codes_code(const char *in)
{
	unsigned char a[CODE_DIGEST_LEN], b[CODE_DIGEST_LEN];
	if (code_digest(in, a) != 0)
		return;
	/* The same code, lower case and without separators. */
	char plain[256];
	size_t o = 0;
	for (const char *p = in; *p && o < sizeof plain - 1; p++)
		if (*p != '-' && *p != ' ')
			plain[o++] = (char)tolower((unsigned char)*p);
	plain[o] = '\0';
	if (o != 16 || code_digest(plain, b) != 0 || memcmp(a, b, sizeof a) != 0)
		abort();
}

static void fuzz_codes_token(const char *in)
{
	unsigned char d[CODE_DIGEST_LEN];
	if (token_digest(in, d) != 0)
		return;
	if (strlen(in) != TOKEN_TEXT_LEN - 1)
		abort();
	for (const char *p = in; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			abort();
	if (!token_equal(in, in))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *in = malloc(size + 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	fuzz_codes_code(in);
	fuzz_codes_token(in);
	(void)password_check_policy(in, "user");
	free(in);
	return 0;
}
