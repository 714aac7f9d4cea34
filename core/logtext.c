// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * logtext.c - escaping for log lines. See logtext.h.
 */
#include "core/logtext.h"

#include <string.h>

const char *logtext(char *out, size_t outlen, const char *in)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!in)
		in = "-";
	/* safe: the longest prefix written so far after which "..." and the
	 * NUL still fit; a byte that does not fit cuts the text there. */
	size_t o = 0, safe = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		int escape = *p < 0x20 || *p >= 0x7f || *p == '\\';
		size_t w = escape ? 4 : 1;
		if (o + w + 1 > outlen) {
			memcpy(out + safe, "...", 4);
			return out;
		}
		if (escape) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		} else {
			out[o++] = (char)*p;
		}
		if (o + 4 <= outlen)
			safe = o;
	}
	out[o] = '\0';
	return out;
}
