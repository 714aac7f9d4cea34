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
	size_t o = 0;
	/* Room for one escape (4 bytes), the "..." and the NUL. */
	size_t room = outlen - 8;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if (o > room) {
			memcpy(out + o, "...", 4);
			return out;
		}
		if (*p < 0x20 || *p >= 0x7f || *p == '\\') {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		} else {
			out[o++] = (char)*p;
		}
	}
	out[o] = '\0';
	return out;
}
