// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passphrase.c - WPA2 passphrase generation and validation. See
 * passphrase.h.
 */
#include "core/passphrase.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

/* 802.11 limits for the ASCII form; 64 characters would be read as hex. */
#define PASSPHRASE_MIN 8
#define PASSPHRASE_MAX 63
#define PASSPHRASE_HEX 64

/* Checked by hand rather than with isxdigit(), which follows the locale. */
static int passphrase_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* 2..94 distinct characters from 0x21..0x7e. Duplicates would silently
 * weight some symbols over others, so they are an error. */
static int passphrase_alphabet_ok(const char *alphabet, size_t *count)
{
	unsigned char seen[128] = {0};
	size_t n = 0;

	for (const char *a = alphabet; *a; a++) {
		unsigned char c = (unsigned char)*a;
		if (c < 0x21 || c > 0x7e || seen[c] || ++n > 94)
			return -1;
		seen[c] = 1;
	}
	if (n < 2)
		return -1;
	*count = n;
	return 0;
}

int passphrase_generate(char *out, size_t len, const char *alphabet)
{
	size_t count;

	if (!out || !alphabet || len < PASSPHRASE_MIN || len > PASSPHRASE_MAX)
		return -1;
	if (passphrase_alphabet_ok(alphabet, &count) < 0)
		return -1;
	/* Safe to call repeatedly and from several threads; it makes sure the
	 * randombytes implementation is ready. */
	if (sodium_init() < 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)count)];
	out[len] = '\0';
	return 0;
}

int passphrase_is_hex_pmk(const char *p, size_t n)
{
	if (!p || n != PASSPHRASE_HEX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!passphrase_is_hex(p[i]))
			return 0;
	}
	return 1;
}

int passphrase_validate(const char *p, size_t n)
{
	if (!p)
		return -1;
	if (n == PASSPHRASE_HEX)
		return passphrase_is_hex_pmk(p, n) ? 0 : -1;
	if (n < PASSPHRASE_MIN || n > PASSPHRASE_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c > 0x7e)
			return -1;
	}
	return 0;
}
