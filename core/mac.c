// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mac.c - MAC address normalization. See mac.h.
 */
#include "core/mac.h"

#include <string.h>

/* Lower-case hex digit for c, or 0 when c is not a hex digit. Done by hand
 * because isxdigit() and tolower() depend on the locale. */
static char mac_hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c;
	if (c >= 'a' && c <= 'f')
		return c;
	if (c >= 'A' && c <= 'F')
		return (char)(c - 'A' + 'a');
	return 0;
}

/*
 * Copy the 12 hex digits of a len-character spelling into out. Every
 * (group + 1)-th character must be sep and every other one a hex digit;
 * group 12 means no separators at all.
 */
static int mac_groups(const char *in, size_t len, size_t group, char sep,
		      char out[13])
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (group < 12 && (i + 1) % (group + 1) == 0) {
			if (in[i] != sep)
				return -1;
			continue;
		}
		char h = mac_hexdigit(in[i]);
		if (!h)
			return -1;
		out[n++] = h;
	}
	out[n] = '\0';
	return n == 12 ? 0 : -1;
}

int mac_normalize(const char *in, char out[13])
{
	char tmp[13];
	int rc;

	out[0] = '\0';
	/* The length picks the only spelling the text can be, so a
	 * separator of the wrong kind or in the wrong place cannot pass. */
	size_t len = strnlen(in, 18);
	switch (len) {
	case 12:
		rc = mac_groups(in, len, 12, 0, tmp);
		break;
	case 14:
		rc = mac_groups(in, len, 4, '.', tmp);
		break;
	case 17:
		/* The first separator decides; the rest must match it. */
		rc = mac_groups(in, len, 2, in[2] == '-' ? '-' : ':', tmp);
		break;
	default:
		return -1;
	}
	if (rc < 0)
		return -1;
	memcpy(out, tmp, 13);
	return 0;
}

void mac_format(const char mac12[13], char sep, char out[18])
{
	int o = 0;

	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 2 == 0)
			out[o++] = sep;
		char h = mac_hexdigit(mac12[i]);
		out[o++] = h ? h : '0';
	}
	out[o] = '\0';
}
