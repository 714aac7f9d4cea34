// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_form.c - urlencoded form bodies: decoding ('+', %XX, UTF-8), empty
 * and valueless pairs, duplicates, every malformed case, the limits, and
 * that a refused body leaves nothing behind.
 */
#include <stdio.h>
#include <string.h>

#include "portal/form.h"
#include "tests/unit/check.h"

static int parse(const char *body, struct form *f)
{
	return form_parse(body, strlen(body), f);
}

/* 1 when body is refused and the form is left empty. */
static int refused(const char *body)
{
	struct form f;
	int rc = form_parse(body, strlen(body), &f);
	int empty = f.count == 0 && f.fields == NULL && f.store == NULL;
	form_free(&f);
	return rc == -1 && empty;
}

static void test_decoding(void)
{
	struct form f;
	CHECK(parse("user=ann&password=hunter2", &f) == 0);
	CHECK(f.count == 2);
	CHECK_STR(f.fields[0].name, "user");
	CHECK_STR(f.fields[0].value, "ann");
	CHECK_STR(form_get(&f, "password"), "hunter2");
	CHECK(form_get(&f, "pass") == NULL);
	CHECK(form_get(&f, "passwordx") == NULL);
	CHECK(form_get(&f, NULL) == NULL);
	form_free(&f);
	CHECK(f.count == 0 && f.fields == NULL);
	form_free(&f); /* twice is safe */

	CHECK(parse("s=Tower+WiFi%20x%2By&q=a%3Db%26c", &f) == 0);
	CHECK_STR(form_get(&f, "s"), "Tower WiFi x+y");
	CHECK_STR(form_get(&f, "q"), "a=b&c");
	form_free(&f);

	CHECK(parse("n%61me=%D0%9F%d0%b0%D1%80&e=%E2%82%AC&x=%F0%9F%98%80",
		    &f) == 0);
	CHECK_STR(form_get(&f, "name"), "Пар");
	CHECK_STR(form_get(&f, "e"), "€");
	CHECK_STR(form_get(&f, "x"), "\xf0\x9f\x98\x80");
	form_free(&f);

	/* Raw UTF-8 (some clients do not encode it) is fine too. */
	CHECK(parse("ssid=Café", &f) == 0);
	CHECK_STR(form_get(&f, "ssid"), "Café");
	form_free(&f);

	/* Tab, CR and LF survive (textareas). */
	CHECK(parse("note=a%0D%0Ab%09c%0Ad", &f) == 0);
	CHECK_STR(form_get(&f, "note"), "a\r\nb\tc\nd");
	form_free(&f);

	/* The first '=' splits; later ones belong to the value. */
	CHECK(parse("k=a=b==", &f) == 0);
	CHECK_STR(form_get(&f, "k"), "a=b==");
	form_free(&f);
}

static void test_pairs(void)
{
	struct form f;
	CHECK(parse("a=1&&b=2&", &f) == 0);
	CHECK(f.count == 2);
	CHECK_STR(form_get(&f, "b"), "2");
	form_free(&f);

	CHECK(parse("&&&", &f) == 0);
	CHECK(f.count == 0);
	form_free(&f);
	CHECK(parse("", &f) == 0);
	CHECK(f.count == 0 && f.fields == NULL);
	form_free(&f);
	CHECK(form_parse(NULL, 0, &f) == 0 && f.count == 0);
	form_free(&f);

	CHECK(parse("remember&x=&y", &f) == 0);
	CHECK(f.count == 3);
	CHECK_STR(form_get(&f, "remember"), "");
	CHECK_STR(form_get(&f, "x"), "");
	CHECK_STR(form_get(&f, "y"), "");
	form_free(&f);

	/* Checkbox lists: the same name again and again, in order. */
	CHECK(parse("id=3&other=x&id=1&id=2", &f) == 0);
	CHECK(form_count(&f, "id") == 3);
	CHECK(form_count(&f, "other") == 1);
	CHECK(form_count(&f, "none") == 0);
	CHECK(form_count(&f, "i") == 0);
	CHECK_STR(form_get(&f, "id"), "3");
	CHECK_STR(form_get_nth(&f, "id", 0), "3");
	CHECK_STR(form_get_nth(&f, "id", 1), "1");
	CHECK_STR(form_get_nth(&f, "id", 2), "2");
	CHECK(form_get_nth(&f, "id", 3) == NULL);
	CHECK(form_get_nth(&f, "none", 0) == NULL);
	form_free(&f);

	/* Only len bytes are read: the body need not end in a NUL. */
	CHECK(form_parse("a=12345", 3, &f) == 0);
	CHECK_STR(form_get(&f, "a"), "1");
	form_free(&f);
}

static void test_malformed(void)
{
	/* Bad escapes. */
	CHECK(refused("a=%"));
	CHECK(refused("a=%4"));
	CHECK(refused("a=%zz"));
	CHECK(refused("a=%4g"));
	CHECK(refused("a=%%41"));
	CHECK(refused("%=1"));
	CHECK(refused("a=1&b=%")); /* after a good field */
	/* NUL and other controls, encoded or raw. */
	CHECK(refused("a=%00"));
	CHECK(refused("a%00=1"));
	CHECK(refused("a=%01"));
	CHECK(refused("a=%1B[2J"));
	CHECK(refused("a=%1f"));
	CHECK(refused("a=%7F"));
	CHECK(refused("a=%C2%85")); /* U+0085, C1 NEL */
	CHECK(refused("a=%C2%9F"));
	CHECK(refused("a=x\x01y"));
	CHECK(refused("a=x\x7fy"));
	struct form f;
	CHECK(form_parse("a=x\0y", 5, &f) == -1); /* a raw NUL */
	form_free(&f);
	/* Not UTF-8 after decoding. */
	CHECK(refused("a=%FF"));
	CHECK(refused("a=%C3")); /* truncated */
	CHECK(refused("a=%C3%28"));
	CHECK(refused("a=%C0%AF"));	  /* overlong '/' */
	CHECK(refused("a=%ED%A0%80"));	  /* surrogate */
	CHECK(refused("a=%F4%90%80%80")); /* above U+10FFFF */
	CHECK(refused("a=\xe9t\xe9"));	  /* Latin-1, raw */
	CHECK(refused("%FF=1"));
	/* Names. */
	CHECK(refused("=1"));
	CHECK(refused("a=1&=2"));
	CHECK(refused("="));
	/* Still fine: U+00A0 is not a control. */
	CHECK(parse("a=%C2%A0", &f) == 0);
	CHECK_STR(form_get(&f, "a"), "\xc2\xa0");
	form_free(&f);
}

static void test_limits(void)
{
	struct form f;
	char body[2048], name[80];
	size_t n;

	/* Names of 64 bytes pass, 65 do not; encoded bytes count decoded. */
	memset(name, 'n', 64);
	name[64] = '\0';
	snprintf(body, sizeof body, "%s=v", name);
	CHECK(parse(body, &f) == 0 && strlen(f.fields[0].name) == 64);
	form_free(&f);
	snprintf(body, sizeof body, "%sn=v", name);
	CHECK(refused(body));
	snprintf(body, sizeof body, "%.62s%%41%%41=v", name); /* 64 decoded */
	CHECK(parse(body, &f) == 0);
	form_free(&f);
	snprintf(body, sizeof body, "%s%%41=v", name);
	CHECK(refused(body));

	/* 64 fields pass, 65 do not; skipped empty pairs do not count. */
	body[0] = '\0';
	for (int i = 0; i < FORM_MAX_FIELDS; i++) {
		n = strlen(body);
		snprintf(body + n, sizeof body - n, "f%d=%d&&", i, i);
	}
	CHECK(parse(body, &f) == 0 && f.count == FORM_MAX_FIELDS);
	CHECK_STR(form_get(&f, "f63"), "63");
	form_free(&f);
	n = strlen(body);
	snprintf(body + n, sizeof body - n, "x");
	CHECK(refused(body));

	/* The worst case for storage: 64 one-byte valueless pairs. */
	body[0] = '\0';
	for (int i = 0; i < FORM_MAX_FIELDS; i++) {
		n = strlen(body);
		snprintf(body + n, sizeof body - n, "%s", i ? "&a" : "a");
	}
	CHECK(parse(body, &f) == 0 && form_count(&f, "a") == 64);
	form_free(&f);

	/* A long value is fine: only the body size (the front door's) limits
	 * it. */
	static char big[70000];
	memcpy(big, "v=", 2);
	memset(big + 2, 'x', sizeof big - 3);
	CHECK(parse(big, &f) == 0 &&
	      strlen(form_get(&f, "v")) == sizeof big - 3);
	form_free(&f);
}

int main(void)
{
	test_decoding();
	test_pairs();
	test_malformed();
	test_limits();
	return check_report();
}
