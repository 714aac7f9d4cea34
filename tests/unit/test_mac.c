// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_mac.c - MAC address normalization and formatting.
 */
#include <stdio.h>

#include "core/mac.h"
#include "tests/unit/check.h"

/* Normalizes to want, and the result normalizes to itself. */
static void mac_ok(const char *in, const char *want)
{
	char out[13], again[13];

	CHECK(mac_normalize(in, out) == 0);
	CHECK_STR(out, want);
	CHECK(mac_normalize(out, again) == 0);
	CHECK_STR(again, want);
}

static void mac_bad(const char *in)
{
	char out[13] = "xxxxxxxxxxxx";

	if (mac_normalize(in, out) != -1) {
		check_failed++;
		fprintf(stderr, "accepted bad MAC \"%s\"\n", in);
		return;
	}
	CHECK_STR(out, "");
}

static void test_good(void)
{
	const char *want = "0010a42319c0";

	mac_ok("0010a42319c0", want);
	mac_ok("0010A42319C0", want);
	mac_ok("0010a42319C0", want);
	mac_ok("00:10:a4:23:19:c0", want);
	mac_ok("00:10:A4:23:19:C0", want);
	mac_ok("00-10-a4-23-19-c0", want);
	mac_ok("00-10-A4-23-19-C0", want);
	mac_ok("0010.a423.19c0", want);
	mac_ok("0010.A423.19C0", want);
	mac_ok("00:10:a4:23:19:C0", want);
	mac_ok("ffffffffffff", "ffffffffffff");
	mac_ok("FF:FF:FF:FF:FF:FF", "ffffffffffff");
	mac_ok("000000000000", "000000000000");
	mac_ok("00-00-00-00-00-00", "000000000000");
	mac_ok("abcdef012345", "abcdef012345");
	mac_ok("AbCd.Ef01.2345", "abcdef012345");
}

static void test_bad(void)
{
	static const char *bad[] = {
	    "",
	    "0",
	    "0010a42319c",   /* 11 digits */
	    "0010a42319c00", /* 13 digits */
	    "0010a42319cg",  /* non-hex */
	    "0010a42319c ",
	    " 0010a42319c0", /* surrounding space */
	    "0010a42319c0 ",
	    "0010a42319c0\n",
	    "\t00:10:a4:23:19:c0",
	    "00:10:a4:23:19:c0 ",
	    "00:10-a4:23:19:c0", /* mixed separators */
	    "00-10-a4-23-19:c0",
	    "00:10:a4:23:19-c0",
	    "00.10.a4.23.19.c0", /* dots in pairs */
	    "0010:a423:19c0",	 /* colons in fours */
	    "0010-a423-19c0",
	    "0010.a423-19c0",
	    "0010.a423.19c",  /* short group */
	    "001.0a423.19c0", /* wrong group sizes */
	    "00a4.2319c0.00",
	    "00:10:a4:23:19",	  /* five groups */
	    "00:10:a4:23:19:c0:", /* trailing separator */
	    ":00:10:a4:23:19:c0",
	    "00:10:a4:23:19:c0:11", /* seven groups */
	    "0:10:a4:23:19:c0:0",   /* 17 chars, one-digit groups */
	    "00:10:a4:23:19:c",
	    "001:0a:42:31:9c:0a", /* 17 chars, separators misplaced */
	    "00::0a4:23:19:c0",
	    "00:1g:a4:23:19:c0", /* non-hex in a group */
	    "0x:10:a4:23:19:c0",
	    "00 10 a4 23 19 c0", /* space separators */
	    "00_10_a4_23_19_c0",
	    "00:10:a4:23:19:c0\x80",
	    "00\303\24410a42319c0", /* UTF-8 byte */
	    "0010a42319c0\xff",
	    "0010a423-19c0",	  /* half-and-half vendor style */
	    "001122334455667788", /* EUI-64 style lengths */
	    "00:11:22:33:44:55:66:77",
	    "+010a42319c0",
	    "-010a42319c0",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		mac_bad(bad[i]);
	/* Every single non-hex character in every position of a bare MAC. */
	for (int c = 1; c < 256; c++) {
		int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			  (c >= 'A' && c <= 'F');
		if (hex)
			continue;
		for (int pos = 0; pos < 12; pos++) {
			char in[13] = "0010a42319c0";
			in[pos] = (char)c;
			mac_bad(in);
		}
	}
	/* An embedded NUL just makes the string shorter. */
	mac_bad("0010a4\0002319c0");
}

static void test_format(void)
{
	char out[18];

	mac_format("0010a42319c0", ':', out);
	CHECK_STR(out, "00:10:a4:23:19:c0");
	mac_format("0010a42319c0", '-', out);
	CHECK_STR(out, "00-10-a4-23-19-c0");
	mac_format("ffffffffffff", '-', out);
	CHECK_STR(out, "ff-ff-ff-ff-ff-ff");
	/* Upper-case input still prints lower case. */
	mac_format("0010A42319C0", ':', out);
	CHECK_STR(out, "00:10:a4:23:19:c0");

	/* format -> normalize round trip. */
	char norm[13];
	mac_format("abcdef012345", '-', out);
	CHECK(mac_normalize(out, norm) == 0);
	CHECK_STR(norm, "abcdef012345");
}

int main(void)
{
	test_good();
	test_bad();
	test_format();
	return check_report();
}
