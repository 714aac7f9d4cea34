/*
 * ssid.c - SSID validation. See ssid.h.
 */
#include "core/ssid.h"

/*
 * Length of the well-formed UTF-8 sequence at s (at most n bytes left), or
 * 0 when it is ill-formed. Follows the table of well-formed byte sequences
 * in Unicode ch. 3 (Table 3-7): the second byte's narrowed ranges after
 * E0, ED, F0 and F4 are what exclude overlongs, surrogates and code points
 * above U+10FFFF.
 */
static size_t ssid_utf8_seq(const unsigned char *s, size_t n)
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
	for (size_t i = 2; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	}
	return len;
}

int ssid_validate(const unsigned char *s, size_t n)
{
	if (!s || n < 1 || n > SSID_MAX_LEN)
		return -1;
	for (size_t i = 0; i < n;) {
		size_t len = ssid_utf8_seq(s + i, n - i);
		if (!len)
			return -1;
		i += len;
	}
	return 0;
}
