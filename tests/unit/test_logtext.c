// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_logtext.c - log-line escaping: a decoded "%0a" or a terminal escape
 * in a request path cannot start a line of its own, and long text stays
 * bounded with a visible cut.
 */
#include <string.h>

#include "core/logtext.h"
#include "tests/unit/check.h"

int main(void)
{
	char out[64];
	CHECK_STR(logtext(out, sizeof out, "/portal/keys"), "/portal/keys");
	CHECK_STR(logtext(out, sizeof out, NULL), "-");
	/* The forged line of the security review. */
	CHECK_STR(logtext(out, sizeof out, "/x\n1.2.3.4 GET /y 200"),
		  "/x\\x0A1.2.3.4 GET /y 200");
	CHECK_STR(logtext(out, sizeof out, "a\r\x1b[2K\x07\x7f"),
		  "a\\x0D\\x1B[2K\\x07\\x7F");
	/* The escape character itself, so an escape cannot be faked. */
	CHECK_STR(logtext(out, sizeof out, "a\\x0Ab"), "a\\x5Cx0Ab");
	CHECK_STR(logtext(out, sizeof out, "caf\xc3\xa9"), "caf\\xC3\\xA9");

	/* Bounded: every size from the minimum up ends in "..." when cut,
	 * never writes past outlen, never holds a control byte. */
	char big[300];
	memset(big, '\n', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t len = LOGTEXT_MIN; len < sizeof out; len++) {
		char buf[sizeof out + 1];
		memset(buf, '#', sizeof buf);
		logtext(buf, len, big);
		CHECK(buf[len] == '#');
		size_t n = strlen(buf);
		CHECK(n < len && n >= 3 && strcmp(buf + n - 3, "...") == 0);
		for (size_t i = 0; i < n; i++)
			CHECK(buf[i] >= 0x20 && buf[i] < 0x7f);
	}
	CHECK_STR(logtext(out, LOGTEXT_MIN, "abc"), "abc");

	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}
