// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_codes.c - activation codes, session tokens and password rules.
 */
#include <sodium.h>
#include <string.h>

#include "core/codes.h"
#include "core/password.h"
#include "tests/unit/check.h"

static void test_code_digest(void)
{
	char code[CODE_TEXT_LEN];
	unsigned char a[CODE_DIGEST_LEN], b[CODE_DIGEST_LEN];
	code_generate(code);
	CHECK(strlen(code) == 19 && code[4] == '-' && code[9] == '-' && code[14] == '-');
	CHECK(strpbrk(code, "01ILOilo") == NULL);
	CHECK(code_digest(code, a) == 0);
	/* Lower case, spaces and missing hyphens are the same code. */
	char typed[40];
	size_t o = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-') {
			typed[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			if (o % 5 == 4)
				typed[o++] = ' ';
		}
	typed[o] = '\0';
	CHECK(code_digest(typed, b) == 0 && memcmp(a, b, sizeof a) == 0);
	CHECK(code_digest("ABCD-EFGH-JKMN-PQR", a) < 0);      /* too short */
	CHECK(code_digest("ABCD-EFGH-JKMN-PQRSA", a) < 0);    /* too long */
	CHECK(code_digest("ABCD-EFGH-JKMN-PQR0", a) < 0);     /* 0 is not in it */
	CHECK(code_digest("ABCD-EFGH-JKMN-PQRI", a) < 0);     /* nor I */
	CHECK(code_digest("ABCD;EFGH-JKMN-PQRS", a) < 0);
	CHECK(code_digest("", a) < 0);
	char other[CODE_TEXT_LEN];
	code_generate(other);
	CHECK(strcmp(code, other) != 0);
}

static void test_tokens(void)
{
	char t[TOKEN_TEXT_LEN], u[TOKEN_TEXT_LEN];
	unsigned char d[CODE_DIGEST_LEN];
	token_generate(t);
	token_generate(u);
	CHECK(strlen(t) == 43 && strcmp(t, u) != 0);
	CHECK(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43);
	CHECK(token_digest(t, d) == 0);
	CHECK(token_digest("short", d) < 0);
	char bad[TOKEN_TEXT_LEN];
	memcpy(bad, t, sizeof bad);
	bad[5] = '/';
	CHECK(token_digest(bad, d) < 0);
	CHECK(token_equal(t, t) && !token_equal(t, u) && !token_equal(t, "") &&
	      !token_equal("", ""));
}

static void test_password(void)
{
	CHECK(password_check_policy("short", "ann") != NULL);
	CHECK(password_check_policy("ten chars!", "ann") == NULL);
	CHECK(password_check_policy("ann@example.org", "ann@example.org") != NULL);
	/* Ten characters of Cyrillic are twenty bytes but ten characters. */
	CHECK(password_check_policy("пароль-пар", "x") == NULL);
	CHECK(password_check_policy("пароль", "x") != NULL);
	CHECK(password_check_policy("\xff\xfe bad utf-8 here", "x") != NULL);
	char long_pw[200];
	memset(long_pw, 'a', sizeof long_pw - 1);
	long_pw[sizeof long_pw - 1] = '\0';
	CHECK(password_check_policy(long_pw, "x") != NULL);

	char hash[PASSWORD_HASH_MAX];
	CHECK(password_hash("correct horse battery", hash) == 0);
	CHECK(strncmp(hash, "$argon2id$", 10) == 0);
	CHECK(password_verify(hash, "correct horse battery") == 1);
	CHECK(password_verify(hash, "correct horse batterz") == 0);
	CHECK(password_verify("not a hash", "x") == 0);
	CHECK(password_verify(NULL, "x") == 0);
	CHECK(password_needs_rehash(hash) == 0);
	password_verify_nobody("anything");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_code_digest();
	test_tokens();
	test_password();
	return check_report();
}
