// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_pmk.c - PMK derivation against the IEEE 802.11 PBKDF2 vectors
 * (802.11i-2004 Annex H.4) and one more pair.
 */
#include <string.h>

#include "core/pmk.h"
#include "tests/unit/check.h"

/* Derive and compare with the expected hex. */
static void pmk_vector(const char *pass, const char *ssid, const char *want)
{
	unsigned char pmk[32];
	char hex[65];

	CHECK(pmk_derive(pass, strlen(pass), (const unsigned char *)ssid,
			 strlen(ssid), pmk) == 0);
	pmk_hex(pmk, hex);
	CHECK_STR(hex, want);
}

static void test_vectors(void)
{
	char a32[33], z32[33];

	memset(a32, 'a', 32);
	a32[32] = '\0';
	memset(z32, 'Z', 32);
	z32[32] = '\0';
	pmk_vector(
	    "password", "IEEE",
	    "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e");
	pmk_vector(
	    "ThisIsAPassword", "ThisIsASSID",
	    "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af");
	pmk_vector(
	    a32, z32,
	    "becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62");
	pmk_vector(
	    "12345678", "Harkonen",
	    "ee51883793a6f68e9615fe73c80a3aa6f2dd0ea537bce627b929183cc6e57925");
}

static void test_hex_pmk(void)
{
	const char *hex =
	    "F42C6FC52DF0EBEF9EBB4B90B38A5F902E83FE1B135A70E23AED762E9710A12E";

	/* A 64-hex passphrase is the PMK itself, whatever the SSID. */
	pmk_vector(
	    hex, "IEEE",
	    "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e");
	pmk_vector(
	    hex, "other",
	    "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e");
	pmk_vector(
	    "00000000000000000000000000000000000000000000000000000000000000ff",
	    "x",
	    "00000000000000000000000000000000000000000000000000000000000000ff");
}

static void test_bad(void)
{
	unsigned char pmk[32];
	const unsigned char *ssid = (const unsigned char *)"IEEE";
	char long_ssid[34];
	int zero = 1;

	memset(long_ssid, 'Z', sizeof(long_ssid));
	memset(pmk, 0xaa, sizeof(pmk));
	CHECK(pmk_derive("passwor", 7, ssid, 4, pmk) == -1);
	for (size_t i = 0; i < sizeof(pmk); i++)
		zero &= pmk[i] == 0;
	CHECK(zero); /* a failure leaves no stale key behind */
	CHECK(pmk_derive("password", 8, ssid, 0, pmk) == -1);
	CHECK(pmk_derive("password", 8, NULL, 4, pmk) == -1);
	CHECK(pmk_derive("password", 8, (const unsigned char *)long_ssid, 33,
			 pmk) == -1);
	CHECK(pmk_derive("password", 8, (const unsigned char *)long_ssid, 32,
			 pmk) == 0);
	CHECK(pmk_derive("password", 8, (const unsigned char *)long_ssid, 1,
			 pmk) == 0);
	CHECK(pmk_derive(NULL, 8, ssid, 4, pmk) == -1);
	CHECK(pmk_derive("pass\tword", 9, ssid, 4, pmk) == -1);
	/* 64 characters that are not all hex. */
	CHECK(pmk_derive("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
			 "zzzzzzzzzzz",
			 64, ssid, 4, pmk) == -1);
	CHECK(pmk_derive("0123456789abcdef0123456789abcdef0123456789abcdef01234"
			 "56789abcdef0",
			 65, ssid, 4, pmk) == -1);
	/* Arbitrary SSID bytes are allowed: 802.11 salts with them as given. */
	CHECK(pmk_derive("password", 8, (const unsigned char *)"\xff\x00\x01",
			 3, pmk) == 0);
}

static void test_hex(void)
{
	unsigned char pmk[32];
	char hex[65];

	for (int i = 0; i < 32; i++)
		pmk[i] = (unsigned char)(i * 8 + 7);
	pmk_hex(pmk, hex);
	CHECK_STR(
	    hex,
	    "070f171f272f373f474f575f676f777f878f979fa7afb7bfc7cfd7dfe7eff7ff");
	CHECK(strlen(hex) == 64);
}

int main(void)
{
	test_vectors();
	test_hex_pmk();
	test_bad();
	test_hex();
	return check_report();
}
