// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_ssid.c - SSID validation: length and UTF-8 well-formedness.
 */
#include <stdio.h>
#include <string.h>

#include "core/ssid.h"
#include "tests/unit/check.h"

/* Check a string literal (its length is taken with sizeof, so embedded NULs
 * count). */
#define SSID_IS(lit, want)                                                     \
	ssid_is((const unsigned char *)(lit), sizeof(lit) - 1, (want), __LINE__)

static void ssid_is(const unsigned char *s, size_t n, int want, int line)
{
	int got = ssid_validate(s, n);

	if (got == want) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "test_ssid.c:%d: ssid_validate gave %d, want %d\n",
		line, got, want);
}

static void test_length(void)
{
	unsigned char s[40];

	memset(s, 'a', sizeof(s));
	CHECK(ssid_validate(s, 0) == -1);
	CHECK(ssid_validate(s, 1) == 0);
	CHECK(ssid_validate(s, 32) == 0);
	CHECK(ssid_validate(s, 33) == -1);
	CHECK(ssid_validate(NULL, 4) == -1);
	/* 16 two-byte characters fill 32 bytes exactly... */
	for (int i = 0; i < 16; i++)
		memcpy(s + 2 * i, "\xc3\xa4", 2);
	CHECK(ssid_validate(s, 32) == 0);
	/* ...and cutting the last one in half breaks it. */
	CHECK(ssid_validate(s, 31) == -1);
	/* 8 four-byte characters are 32 bytes too. */
	for (int i = 0; i < 8; i++)
		memcpy(s + 4 * i, "\xf0\x9f\x93\xb6", 4);
	CHECK(ssid_validate(s, 32) == 0);
	CHECK(ssid_validate(s, 30) == -1);
}

static void test_valid(void)
{
	SSID_IS("IEEE", 0);
	SSID_IS(" ", 0);
	SSID_IS("Caf\xc3\xa9 Wi-Fi", 0);      /* é */
	SSID_IS("\xe2\x82\xac", 0);	      /* € */
	SSID_IS("\xf0\x9f\x93\xb6 guest", 0); /* 📶 */
	SSID_IS("\x7f", 0);		      /* DEL is a code point */
	SSID_IS("\x01", 0);
	SSID_IS("\xc2\x80", 0);		/* U+0080 */
	SSID_IS("\xdf\xbf", 0);		/* U+07FF */
	SSID_IS("\xe0\xa0\x80", 0);	/* U+0800 */
	SSID_IS("\xed\x9f\xbf", 0);	/* U+D7FF */
	SSID_IS("\xee\x80\x80", 0);	/* U+E000 */
	SSID_IS("\xef\xbf\xbd", 0);	/* U+FFFD */
	SSID_IS("\xef\xbf\xbf", 0);	/* U+FFFF */
	SSID_IS("\xf0\x90\x80\x80", 0); /* U+10000 */
	SSID_IS("\xf4\x8f\xbf\xbf", 0); /* U+10FFFF */
	SSID_IS("\357\273\277bom", 0);	/* U+FEFF */
}

static void test_invalid(void)
{
	SSID_IS("a\0b", -1); /* NUL */
	SSID_IS("\0", -1);
	SSID_IS("abc\0", -1);
	SSID_IS("\xc0\x80", -1); /* overlong NUL */
	SSID_IS("\xc0\xaf", -1); /* overlong '/' */
	SSID_IS("\xc1\xbf", -1);
	SSID_IS("\xe0\x80\xaf", -1);		 /* overlong, 3 bytes */
	SSID_IS("\xe0\x9f\xbf", -1);		 /* overlong U+07FF */
	SSID_IS("\xf0\x80\x80\xaf", -1);	 /* overlong, 4 bytes */
	SSID_IS("\xf0\x8f\xbf\xbf", -1);	 /* overlong U+FFFF */
	SSID_IS("\xed\xa0\x80", -1);		 /* U+D800 */
	SSID_IS("\xed\xbf\xbf", -1);		 /* U+DFFF */
	SSID_IS("\xed\xa0\xbd\xed\xb2\xa9", -1); /* CESU-8 pair */
	SSID_IS("\xf4\x90\x80\x80", -1);	 /* U+110000 */
	SSID_IS("\xf5\x80\x80\x80", -1);
	SSID_IS("\xf7\xbf\xbf\xbf", -1);
	SSID_IS("\xf8\x88\x80\x80\x80", -1);	 /* 5-byte form */
	SSID_IS("\xfc\x84\x80\x80\x80\x80", -1); /* 6-byte form */
	SSID_IS("\xfe", -1);
	SSID_IS("\xff", -1);
	SSID_IS("\x80", -1); /* lone continuation */
	SSID_IS("\xbf", -1);
	SSID_IS("a\200b", -1);
	SSID_IS("\xc3", -1); /* truncated */
	SSID_IS("\xe2\x82", -1);
	SSID_IS("\xf0\x9f\x93", -1);
	SSID_IS("\303a", -1); /* bad continuation */
	SSID_IS("\342\202a", -1);
	SSID_IS("\342a\202", -1);
	SSID_IS("\360\237\223a", -1);
	SSID_IS("\360\237a\266", -1);
	SSID_IS("\xc3\xa4\xa4", -1); /* extra continuation */
	SSID_IS("\xe2\x82\xac\x80", -1);
	SSID_IS("\xc3\xc3", -1);
}

/* Every single byte: ASCII 1..127 is valid alone, nothing else is. */
static void test_single_bytes(void)
{
	for (int c = 0; c < 256; c++) {
		unsigned char b = (unsigned char)c;
		int want = c >= 1 && c <= 0x7f ? 0 : -1;
		ssid_is(&b, 1, want, __LINE__);
	}
}

/* A deliberately different decoder: decode by bit pattern, then reject
 * non-shortest forms, surrogates, values past U+10FFFF and NUL. */
static int ref_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80		  ? 1
			     : (c & 0xe0) == 0xc0 ? 2
			     : (c & 0xf0) == 0xe0 ? 3
			     : (c & 0xf8) == 0xf0 ? 4
						  : 0;
		if (!len || i + len > n)
			return -1;
		unsigned long cp = len == 1 ? c : c & (0x7f >> len);
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		size_t shortest = cp < 0x80	 ? 1
				  : cp < 0x800	 ? 2
				  : cp < 0x10000 ? 3
						 : 4;
		if (cp == 0 || len != shortest ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return -1;
		i += len;
	}
	return n >= 1 && n <= 32 ? 0 : -1;
}

/* All 1-, 2- and 3-byte strings, and every 4-byte string starting with a
 * lead byte F0..F4 on a coarse grid, agree with the reference decoder. */
static void test_exhaustive(void)
{
	unsigned char b[4];
	long bad = 0;

	for (long v = 0; v < 0x1000000L; v++) {
		b[0] = (unsigned char)(v >> 16);
		b[1] = (unsigned char)(v >> 8);
		b[2] = (unsigned char)v;
		if (ssid_validate(b, 3) != ref_valid(b, 3))
			bad++;
		if (v < 0x10000 &&
		    ssid_validate(b + 1, 2) != ref_valid(b + 1, 2))
			bad++;
	}
	for (int l = 0xf0; l <= 0xf4; l++) {
		for (int x = 0; x < 256; x++) {
			for (int y = 0x70; y < 0xd0; y++) {
				b[0] = (unsigned char)l;
				b[1] = (unsigned char)x;
				b[2] = (unsigned char)y;
				b[3] = (unsigned char)(y ^ 0x3f);
				if (ssid_validate(b, 4) != ref_valid(b, 4))
					bad++;
			}
		}
	}
	CHECK(bad == 0);
}

int main(void)
{
	test_length();
	test_valid();
	test_invalid();
	test_single_bytes();
	test_exhaustive();
	return check_report();
}
