// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_passphrase.c - passphrase generation and validation.
 */
#include <stdlib.h>
#include <string.h>

#include "core/passphrase.h"
#include "tests/unit/check.h"

#define HEX64 "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every character of p comes from alphabet. */
static int all_from(const char *p, const char *alphabet)
{
	for (; *p; p++) {
		if (!strchr(alphabet, *p))
			return 0;
	}
	return 1;
}

static void test_default_alphabet(void)
{
	const char *a = PASSPHRASE_DEFAULT_ALPHABET;

	CHECK(strlen(a) == 56);
	CHECK(strpbrk(a, "0O1lI") == NULL);
}

static void test_generate_lengths(void)
{
	char out[65];

	memset(out, 'x', sizeof(out));
	CHECK(passphrase_generate(out, 7, PASSPHRASE_DEFAULT_ALPHABET) == -1);
	CHECK(out[0] == 'x');
	CHECK(passphrase_generate(out, 0, PASSPHRASE_DEFAULT_ALPHABET) == -1);
	CHECK(passphrase_generate(out, 64, PASSPHRASE_DEFAULT_ALPHABET) == -1);
	CHECK(passphrase_generate(out, 65, PASSPHRASE_DEFAULT_ALPHABET) == -1);
	for (size_t len = 8; len <= 63; len++) {
		memset(out, 'x', sizeof(out));
		CHECK(passphrase_generate(out, len,
					  PASSPHRASE_DEFAULT_ALPHABET) == 0);
		CHECK(strlen(out) == len);
		CHECK(all_from(out, PASSPHRASE_DEFAULT_ALPHABET));
		CHECK(passphrase_validate(out, len) == 0);
	}
}

static void test_generate_alphabets(void)
{
	char out[64];
	char all94[95];

	CHECK(passphrase_generate(out, 12, NULL) == -1);
	CHECK(passphrase_generate(NULL, 12, "ab") == -1);
	CHECK(passphrase_generate(out, 12, "") == -1);
	CHECK(passphrase_generate(out, 12, "a") == -1);
	CHECK(passphrase_generate(out, 12, "aba") == -1); /* duplicate */
	CHECK(passphrase_generate(out, 12, "abcdefa") == -1);
	CHECK(passphrase_generate(out, 12, "ab c") == -1); /* space */
	CHECK(passphrase_generate(out, 12, "ab\tc") == -1);
	CHECK(passphrase_generate(out, 12, "ab\x7f") == -1);
	CHECK(passphrase_generate(out, 12, "ab\xc3\xa4") == -1);

	for (int i = 0; i < 94; i++)
		all94[i] = (char)(0x21 + i);
	all94[94] = '\0';
	CHECK(passphrase_generate(out, 63, all94) == 0);
	CHECK(strlen(out) == 63 && all_from(out, all94));

	/* Two symbols: both turn up in 63 draws (chance of not: 2^-62). */
	CHECK(passphrase_generate(out, 63, "ab") == 0);
	CHECK(all_from(out, "ab") && strchr(out, 'a') && strchr(out, 'b'));
	CHECK(passphrase_generate(out, 8, "XY") == 0);
	CHECK(all_from(out, "XY"));
}

/* 1000 passphrases are distinct, and 20,000 draws cover all 56 symbols
 * (each misses with probability about e^-357). */
static void test_generate_random(void)
{
	enum { COUNT = 1000, LEN = 20 };
	char *list[COUNT];
	int seen[128] = {0};
	int ok = 1, distinct = 1;

	for (int i = 0; i < COUNT; i++) {
		list[i] = malloc(LEN + 1);
		if (!list[i] ||
		    passphrase_generate(list[i], LEN,
					PASSPHRASE_DEFAULT_ALPHABET) != 0 ||
		    strlen(list[i]) != LEN ||
		    !all_from(list[i], PASSPHRASE_DEFAULT_ALPHABET)) {
			ok = 0;
			continue;
		}
		for (int j = 0; j < LEN; j++)
			seen[(unsigned char)list[i][j]]++;
	}
	CHECK(ok);
	if (!ok)
		return;
	qsort(list, COUNT, sizeof(list[0]), cmp_str);
	for (int i = 1; i < COUNT; i++) {
		if (strcmp(list[i - 1], list[i]) == 0)
			distinct = 0;
	}
	CHECK(distinct);
	int covered = 1;
	for (const char *a = PASSPHRASE_DEFAULT_ALPHABET; *a; a++) {
		if (!seen[(unsigned char)*a])
			covered = 0;
	}
	CHECK(covered);
	for (int i = 0; i < COUNT; i++)
		free(list[i]);
}

static void test_validate(void)
{
	char p[80];

	memset(p, 'a', sizeof(p));
	CHECK(passphrase_validate(p, 0) == -1);
	CHECK(passphrase_validate(p, 7) == -1);
	CHECK(passphrase_validate(p, 8) == 0);
	CHECK(passphrase_validate(p, 63) == 0);
	CHECK(passphrase_validate(p, 64) == 0); /* 'a' is a hex digit */
	CHECK(passphrase_validate(p, 65) == -1);
	memset(p, 'z', sizeof(p));
	CHECK(passphrase_validate(p, 63) == 0);
	CHECK(passphrase_validate(p, 64) == -1); /* 64 non-hex */
	CHECK(passphrase_validate(NULL, 8) == -1);

	CHECK(passphrase_validate(HEX64, 64) == 0);
	CHECK(passphrase_validate(HEX64 "0", 65) == -1);
	CHECK(passphrase_validate(HEX64, 63) == 0); /* short: plain ASCII */
	memcpy(p, HEX64, 64);
	p[10] = 'g';
	CHECK(passphrase_validate(p, 64) == -1);
	p[10] = ' ';
	CHECK(passphrase_validate(p, 64) == -1);

	/* Edges of printable ASCII. */
	CHECK(passphrase_validate("        ", 8) == 0);
	CHECK(passphrase_validate("~~~~~~~~", 8) == 0);
	CHECK(passphrase_validate("bo$$password", 12) == 0);
	CHECK(passphrase_validate("a b;c,d:e\"f\\", 12) == 0);
	CHECK(passphrase_validate("abcdefg\x7f", 8) == -1);
	CHECK(passphrase_validate("abcdefg\x1f", 8) == -1);
	CHECK(passphrase_validate("abcdefg\t", 8) == -1);
	CHECK(passphrase_validate("abcdefg\n", 8) == -1);
	CHECK(passphrase_validate("abc\0defgh", 9) == -1); /* embedded NUL */
	CHECK(passphrase_validate("abcdef\xc3\xa4", 8) == -1); /* UTF-8 */
	CHECK(passphrase_validate("abcdefg\xff", 8) == -1);
	CHECK(passphrase_validate("abcdefg\x80", 8) == -1);
	for (int c = 0; c < 256; c++) {
		char q[8];
		memset(q, 'a', sizeof(q));
		q[3] = (char)c;
		int want = c >= 0x20 && c <= 0x7e ? 0 : -1;
		CHECK(passphrase_validate(q, sizeof(q)) == want);
	}
}

static void test_is_hex_pmk(void)
{
	char p[64];

	CHECK(passphrase_is_hex_pmk(HEX64, 64) == 1);
	CHECK(passphrase_is_hex_pmk(HEX64, 63) == 0);
	CHECK(passphrase_is_hex_pmk(HEX64 "0", 65) == 0);
	CHECK(passphrase_is_hex_pmk(NULL, 64) == 0);
	memcpy(p, HEX64, 64);
	p[63] = 'G';
	CHECK(passphrase_is_hex_pmk(p, 64) == 0);
	p[63] = '\0';
	CHECK(passphrase_is_hex_pmk(p, 64) == 0);
	memset(p, 'F', 64);
	CHECK(passphrase_is_hex_pmk(p, 64) == 1);
}

int main(void)
{
	test_default_alphabet();
	test_generate_lengths();
	test_generate_alphabets();
	test_generate_random();
	test_validate();
	test_is_hex_pmk();
	return check_report();
}
