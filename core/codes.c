// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codes.c - activation codes and session tokens. See codes.h.
 */
#include "core/codes.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

static const char codes_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
#define CODES_SYMBOLS 16
#define CODES_GROUP 4

void code_generate(char out[CODE_TEXT_LEN])
{
	size_t o = 0;
	for (int i = 0; i < CODES_SYMBOLS; i++) {
		if (i && i % CODES_GROUP == 0)
			out[o++] = '-';
		out[o++] = codes_alphabet[randombytes_uniform(
			sizeof codes_alphabet - 1)];
	}
	out[o] = '\0';
}

int code_digest(const char *typed, unsigned char out[CODE_DIGEST_LEN])
{
	char symbols[CODES_SYMBOLS];
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		char c = (char)toupper((unsigned char)*p);
		if (!strchr(codes_alphabet, c) || c == '\0' || n == CODES_SYMBOLS)
			return -1;
		symbols[n++] = c;
	}
	if (n != CODES_SYMBOLS)
		return -1;
	crypto_hash_sha256(out, (const unsigned char *)symbols, n);
	return 0;
}

void token_generate(char out[TOKEN_TEXT_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, TOKEN_TEXT_LEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

int token_digest(const char *token, unsigned char out[CODE_DIGEST_LEN])
{
	size_t n = strlen(token);
	if (n != TOKEN_TEXT_LEN - 1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)token[i]) && token[i] != '-' &&
		    token[i] != '_')
			return -1;
	crypto_hash_sha256(out, (const unsigned char *)token, n);
	return 0;
}

int token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
