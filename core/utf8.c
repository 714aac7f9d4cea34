// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * utf8.c - UTF-8 well-formedness. See utf8.h.
 */
#include "core/utf8.h"

#include <string.h>

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0; /* continuation byte, C0/C1 overlong lead, F5..FF */
	/* The narrowed second-byte ranges exclude overlongs (E0, F0),
	 * surrogates (ED) and code points above U+10FFFF (F4). */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(s + i, n - i);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

void utf8_sanitize(const char *s, char *out, size_t outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	if (!outlen)
		return;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(u + i, n - i);
		size_t take = len ? len : 1;
		if (o + take >= outlen)
			break;
		if (len)
			memcpy(out + o, s + i, len);
		else
			out[o] = '?';
		o += take;
		i += take;
	}
	out[o] = '\0';
}
