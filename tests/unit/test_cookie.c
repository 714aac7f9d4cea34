// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_cookie.c - the Cookie header reader (several cookies, names sharing
 * a prefix, whitespace, quotes, malformed neighbours and malformed cookies
 * of our name, values that do not fit) and the Set-Cookie writer.
 */
#include <string.h>

#include "portal/cookie.h"
#include "tests/unit/check.h"

static char v[64];

static int get(const char *header, const char *name)
{
	memset(v, 'X', sizeof v);
	return cookie_get(header, name, v, sizeof v);
}

static void test_get(void)
{
	CHECK(get("session=abc", "session") == 1);
	CHECK_STR(v, "abc");
	CHECK(get("a=1; b=2; c=3", "b") == 1);
	CHECK_STR(v, "2");
	CHECK(get("a=1; b=2; c=3", "c") == 1);
	CHECK_STR(v, "3");
	CHECK(get("a=1; b=2; c=3", "d") == 0);
	CHECK_STR(v, "");
	CHECK(get("", "a") == 0);
	CHECK(get(NULL, "a") == 0);
	CHECK(get(";;", "a") == 0);

	/* Whole names only, in either order. */
	CHECK(get("session_x=1; session=2", "session") == 1);
	CHECK_STR(v, "2");
	CHECK(get("session=2; session_x=1", "session_x") == 1);
	CHECK_STR(v, "1");
	CHECK(get("xsession=1; session_x=3", "session") == 0);
	CHECK(get("Session=1", "session") == 0); /* case matters */
	CHECK(get("session_x=1", "session") == 0);

	/* Whitespace around pairs, names and values. */
	CHECK(get("  a = 1 ;\tb\t=\t2\t;c=3", "b") == 1);
	CHECK_STR(v, "2");
	CHECK(get("a=1;b=2", "b") == 1); /* no space */
	CHECK_STR(v, "2");
	CHECK(get("a=1; b=", "b") == 1); /* empty value */
	CHECK_STR(v, "");

	/* Quotes are stripped. */
	CHECK(get("a=\"q1\"", "a") == 1);
	CHECK_STR(v, "q1");
	CHECK(get("a=\"\"", "a") == 1);
	CHECK_STR(v, "");
	/* The first of two same-named cookies counts. */
	CHECK(get("s=first; s=second", "s") == 1);
	CHECK_STR(v, "first");
	/* Every cookie-octet is kept. */
	CHECK(get("t=!#$%&'()*+-./09:<=>?@AZ[]^_`az{|}~", "t") == 1);
	CHECK_STR(v, "!#$%&'()*+-./09:<=>?@AZ[]^_`az{|}~");
}

static void test_malformed(void)
{
	/* Malformed neighbours do not matter. */
	CHECK(get("junk; a b=\"x; s=ok; z=\xff\\", "s") == 1);
	CHECK_STR(v, "ok");
	CHECK(get("=nameless; s=ok", "s") == 1);
	CHECK_STR(v, "ok");
	/* A malformed cookie of our name does. */
	CHECK(get("s", "s") == -1);
	CHECK_STR(v, "");
	CHECK(get("a=1; s ; b=2", "s") == -1);
	CHECK(get("s=a b", "s") == -1);
	CHECK(get("s=a,b", "s") == -1);
	CHECK(get("s=a\\b", "s") == -1);
	CHECK(get("s=\"ab", "s") == -1);
	CHECK(get("s=ab\"", "s") == -1);
	CHECK(get("s=\"", "s") == -1);
	CHECK(get("s=\"a\"b\"", "s") == -1);
	CHECK(get("s=\"a b\"", "s") == -1);
	CHECK(get("s=a\x01", "s") == -1);
	CHECK(get("s=a\x7f", "s") == -1);
	CHECK(get("s=caf\xc3\xa9", "s") == -1); /* non-ASCII */
	CHECK(get("s=a\tb", "s") == -1);
	/* The first occurrence decides, even when it is the bad one. */
	CHECK(get("s=a b; s=ok", "s") == -1);
	/* Not a token as the name asked for. */
	CHECK(get("a=1", "") == -1);
	CHECK(get("a b=1", "a b") == -1);
	CHECK(get("a=1", NULL) == -1);
	CHECK(get("s;=1", "s;") == -1);

	/* Too long: 31 characters fit in 32 bytes, 32 do not. */
	char b32[32];
	CHECK(cookie_get("s=0123456789012345678901234567890", "s", b32,
			 sizeof b32) == 1);
	CHECK(strlen(b32) == 31);
	CHECK(cookie_get("s=01234567890123456789012345678901", "s", b32,
			 sizeof b32) == -1);
	CHECK_STR(b32, "");
	CHECK(cookie_get("s=\"0123456789012345678901234567890\"", "s", b32,
			 sizeof b32) == 1);
	char small[1];
	CHECK(cookie_get("s=", "s", small, sizeof small) == 1);
	CHECK(cookie_get("s=x", "s", small, sizeof small) == -1);
	CHECK(cookie_get("s=x", "s", small, 0) == -1);
	CHECK(cookie_get("t=x", "s", small, 0) == 0);
}

static void test_format(void)
{
	char out[128];
	CHECK(cookie_format(out, sizeof out, "session", "abc123", "/", 3600,
			    1) == 0);
	CHECK_STR(out, "session=abc123; Path=/; Max-Age=3600; HttpOnly; "
		       "SameSite=Strict; Secure");
	CHECK(cookie_format(out, sizeof out, "session", "", "/portal", 0, 0) ==
	      0);
	CHECK_STR(out, "session=; Path=/portal; Max-Age=0; HttpOnly; "
		       "SameSite=Strict");
	CHECK(cookie_format(out, sizeof out, "s", "v", NULL, -1, 0) == 0);
	CHECK_STR(out, "s=v; HttpOnly; SameSite=Strict");

	/* What we write, we read back. */
	CHECK(cookie_format(out, sizeof out, "__Host-s", "a.b-c_d", "/", 60,
			    1) == 0);
	CHECK(get(out, "__Host-s") == 1);
	CHECK_STR(v, "a.b-c_d");

	/* Characters not allowed. */
	CHECK(cookie_format(out, sizeof out, "s", "a b", "/", 1, 1) == -1);
	CHECK_STR(out, "");
	CHECK(cookie_format(out, sizeof out, "s", "a;b", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s", "\"q\"", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s", "a\r\nSet-Cookie: x=1", "/",
			    1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s=", "v", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "", "v", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "a b", "v", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, NULL, "v", "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s", NULL, "/", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s", "v", "/a;Domain=x", 1, 1) ==
	      -1);
	CHECK(cookie_format(out, sizeof out, "s", "v", "/\n", 1, 1) == -1);
	CHECK(cookie_format(out, sizeof out, "s", "v", "/\xc3\xa9", 1, 1) ==
	      -1);

	/* Too long: exactly fitting passes, one byte less does not. */
	const char *want = "s=v; Max-Age=5; HttpOnly; SameSite=Strict";
	size_t len = strlen(want);
	CHECK(cookie_format(out, len + 1, "s", "v", NULL, 5, 0) == 0);
	CHECK_STR(out, want);
	CHECK(cookie_format(out, len, "s", "v", NULL, 5, 0) == -1);
	CHECK_STR(out, "");
	CHECK(cookie_format(out, 0, "s", "v", NULL, 5, 0) == -1);
}

int main(void)
{
	test_get();
	test_malformed();
	test_format();
	return check_report();
}
