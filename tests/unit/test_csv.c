// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_csv.c - the CSV field writer: every field quoted with "" inside,
 * and a formula defused wherever a spreadsheet or an importer could start
 * a cell (the field's start, after TAB CR LF , ; |), hostile values
 * included; a full buffer is an error, not a silent cut.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "portal/csv.h"
#include "tests/unit/check.h"

/* The field s as written (not last), without its trailing comma. */
static const char *field(const char *s)
{
	static char out[512];
	struct buf b;
	buf_init(&b, 4096);
	int rc = csv_field(&b, s, 0);
	snprintf(out, sizeof out, "%s", rc == 0 && b.len && buf_str(&b)[b.len - 1] == ','
		 ? buf_str(&b) : "(error)");
	out[strlen(out) - 1] = '\0';
	buf_free(&b);
	return out;
}

static void test_quoting(void)
{
	CHECK_STR(field(""), "\"\"");
	CHECK_STR(field(NULL), "\"\"");
	CHECK_STR(field("Flat 3.04"), "\"Flat 3.04\"");
	CHECK_STR(field("a,b"), "\"a,b\"");
	CHECK_STR(field("say \"hi\""), "\"say \"\"hi\"\"\"");
	CHECK_STR(field("\""), "\"\"\"\"");
	CHECK_STR(field("Caf\xc3\xa9 \xe2\x80\x94 M\xc3\xbcller"), "\"Caf\xc3\xa9 \xe2\x80\x94 M\xc3\xbcller\"");
	/* Negative-looking and harmless values in the middle stay as they are. */
	CHECK_STR(field("a-b+c=d@e"), "\"a-b+c=d@e\"");
	CHECK_STR(field("t@example.net"), "\"t@example.net\"");
	CHECK_STR(field("2026-12-08T01:00:00Z"), "\"2026-12-08T01:00:00Z\"");
}

static void test_leading_formulas(void)
{
	CHECK_STR(field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
	CHECK_STR(field("=1+1"), "\"'=1+1\"");
	CHECK_STR(field("+1 555 0100"), "\"'+1 555 0100\"");
	CHECK_STR(field("-2+3"), "\"'-2+3\"");
	CHECK_STR(field("@SUM(A1:A2)"), "\"'@SUM(A1:A2)\"");
	CHECK_STR(field("\t=1"), "\"'\t'=1\"");
	CHECK_STR(field("\r=1"), "\"'\r'=1\"");
	CHECK_STR(field("\xef\xbc\x9d" "1+1"), "\"'\xef\xbc\x9d" "1+1\""); /* full-width = */
	CHECK_STR(field("\xef\xbc\xa0x"), "\"'\xef\xbc\xa0x\"");          /* full-width @ */
	CHECK_STR(field("'=1"), "\"'=1\""); /* already text: nothing to add */
}

static void test_formulas_after_separators(void)
{
	CHECK_STR(field("a;=1+1"), "\"a;'=1+1\"");
	CHECK_STR(field("a,=1+1"), "\"a,'=1+1\"");
	CHECK_STR(field("a|@x"), "\"a|'@x\"");
	CHECK_STR(field("a\t-1"), "\"a\t'-1\"");
	CHECK_STR(field("a\n+1"), "\"a\n'+1\"");
	CHECK_STR(field("a\r\n=1"), "\"a\r\n'=1\"");
	CHECK_STR(field("a;;=1"), "\"a;;'=1\"");
	/* A quote or spaces before the formula: an importer that splits at
	 * ; strips them, so the formula still starts a cell. */
	CHECK_STR(field("x;\"=cmd|' /C calc'!A0\""),
		  "\"x;\"\"'=cmd|' /C calc'!A0\"\"\"");
	CHECK_STR(field("\"@x\""), "\"\"\"'@x\"\"\"");
	CHECK_STR(field("=a;=b,=c"), "\"'=a;'=b,'=c\"");
	CHECK_STR(field("a; =1"), "\"a; '=1\"");
	CHECK_STR(field("  +1"), "\"  '+1\"");
	CHECK_STR(field("a =1"), "\"a =1\""); /* not after a separator */
}

static void test_last_and_limits(void)
{
	struct buf b;
	buf_init(&b, 4096);
	CHECK(csv_field(&b, "id", 0) == 0 && csv_field(&b, "=x", 1) == 0);
	CHECK_STR(buf_str(&b), "\"id\",\"'=x\"\r\n");
	buf_free(&b);
	buf_init(&b, 8);
	CHECK(csv_field(&b, "0123456789", 1) == -1);
	CHECK(b.len <= 8);
	buf_free(&b);
}

int main(void)
{
	test_quoting();
	test_leading_formulas();
	test_formulas_after_separators();
	test_last_and_limits();
	return check_report();
}
