// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_timefmt.c - RFC 3339 and SQL DATETIME parsing and formatting.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/timefmt.h"
#include "tests/unit/check.h"

/* 2026-11-26T07:20:00Z */
#define T0 1795677600LL

static void rfc_ok(const char *s, long long want)
{
	time_t t = 0;

	if (timefmt_parse_rfc3339(s, &t) != 0 || (long long)t != want) {
		check_failed++;
		fprintf(stderr, "\"%s\": got %lld, want %lld\n", s,
			(long long)t, want);
		return;
	}
	check_passed++;
}

static void rfc_bad(const char *s)
{
	time_t t = 12345;

	if (timefmt_parse_rfc3339(s, &t) != -1 || t != 12345) {
		check_failed++;
		fprintf(stderr, "accepted bad RFC 3339 \"%s\"\n",
			s ? s : "(null)");
		return;
	}
	check_passed++;
}

static void sql_bad(const char *s)
{
	time_t t = 12345;

	if (timefmt_parse_sql(s, &t) != -1 || t != 12345) {
		check_failed++;
		fprintf(stderr, "accepted bad SQL time \"%s\"\n",
			s ? s : "(null)");
		return;
	}
	check_passed++;
}

static void test_rfc3339_good(void)
{
	rfc_ok("2026-11-26T07:20:00Z", T0);
	rfc_ok("2026-11-26t07:20:00z", T0);
	rfc_ok("2026-11-26T07:20:00.123Z", T0);
	rfc_ok("2026-11-26T07:20:00.999999999Z", T0);
	rfc_ok("2026-11-26T07:20:00.0Z", T0);
	rfc_ok("2026-11-26T07:20:00+00:00", T0);
	rfc_ok("2026-11-26T07:20:00-00:00", T0);
	rfc_ok("2026-11-26T08:20:00+01:00", T0);
	rfc_ok("2026-11-26T02:20:00-05:00", T0);
	rfc_ok("2026-11-26T12:50:00+05:30", T0);
	rfc_ok("2026-11-25T23:21:00-07:59", T0);
	rfc_ok("2026-11-27T07:19:00+23:59", T0);
	rfc_ok("2026-11-26T08:20:00.5+01:00", T0);
	rfc_ok("1970-01-01T00:00:00Z", 0);
	rfc_ok("1969-12-31T23:59:59Z", -1);
	rfc_ok("1970-01-01T01:00:00+01:00", 0);
	rfc_ok("2000-02-29T00:00:00Z", 951782400);    /* leap: /400 */
	rfc_ok("2024-02-29T12:00:00Z", 1709208000);   /* leap: /4 */
	rfc_ok("2038-01-19T03:14:08Z", 2147483648LL); /* past 32 bits */
	rfc_ok("9999-12-31T23:59:59Z", 253402300799LL);
	rfc_ok("0000-01-01T00:00:00Z", -62167219200LL);
	rfc_ok("2026-12-31T23:59:59Z", 1798761599);
	rfc_ok("2027-01-01T00:00:00Z", 1798761600);
}

static void test_rfc3339_bad(void)
{
	static const char *bad[] = {
	    "",
	    "2026",
	    "2026-11-26",
	    "2026-11-26T07:20",
	    "2026-11-26T07:20:00",
	    "2026-11-26T07:20Z",
	    "2026-11-26 07:20:00Z", /* space */
	    "2026-11-26_07:20:00Z",
	    "2026-11-26T07:20:00ZZ",
	    "2026-11-26T07:20:00Z ",
	    " 2026-11-26T07:20:00Z",
	    "2026-11-26T07:20:00Z\n",
	    "2026-11-26T07:20:00UTC",
	    "2026-11-26T07:20:00GMT",
	    "2026-11-26T07:20:00+0100",
	    "2026-11-26T07:20:00+01",
	    "2026-11-26T07:20:00+1:00",
	    "2026-11-26T07:20:00+01:0",
	    "2026-11-26T07:20:00+01:000",
	    "2026-11-26T07:20:00+24:00",
	    "2026-11-26T07:20:00+01:60",
	    "2026-11-26T07:20:00+ab:cd",
	    "2026-11-26T07:20:00 +01:00",
	    "2026-11-26T07:20:00.Z",
	    "2026-11-26T07:20:00.",
	    "2026-11-26T07:20:00.1234567890Z", /* 10 digits */
	    "2026-11-26T07:20:00,5Z",
	    "2026-11-26T07:20:00.5",
	    "2026-11-26T07:20:00.1a",
	    "2026-11-26T07:20:00..1Z",
	    "2026-00-26T07:20:00Z",
	    "2026-13-26T07:20:00Z",
	    "2026-11-00T07:20:00Z",
	    "2026-11-31T07:20:00Z",
	    "2026-11-32T07:20:00Z",
	    "2026-01-32T07:20:00Z",
	    "2026-04-31T07:20:00Z",
	    "2026-06-31T07:20:00Z",
	    "2026-09-31T07:20:00Z",
	    "2026-02-29T07:20:00Z", /* not leap */
	    "2100-02-29T00:00:00Z",
	    "1900-02-29T00:00:00Z", /* /100 */
	    "2026-02-30T07:20:00Z",
	    "2026-11-26T24:00:00Z",
	    "2026-11-26T07:60:00Z",
	    "2026-11-26T07:20:60Z", /* leap sec */
	    "2016-12-31T23:59:60Z",
	    "2026-11-26T07:20:61Z",
	    "2026-11-26T99:99:99Z",
	    "-026-11-26T07:20:00Z",
	    "+2026-11-26T07:20:00Z",
	    "02026-11-26T07:20:00Z",
	    "26-11-26T07:20:00Z",
	    "2026-1-26T07:20:00Z",
	    "2026-11-6T07:20:00Z",
	    "2026-11-26T7:20:00Z",
	    "2026/11/26T07:20:00Z",
	    "2026-11-26T07.20.00Z",
	    "2026-11-26T07:20:0aZ",
	    "2026-11-26T07:2 :00Z",
	    "2026-1a-26T07:20:00Z",
	    "20261126T072000Z", /* basic form */
	    "2026-11-26T07:20:00\0Z",
	    "2026-11-26T07:20:00+01:00Z",
	    "2026-11-26T07:20:00Z+01:00",
	    "2026-11-26T07:20:00\xef\xbc\xba", /* fullwidth Z */
	    "2026-11-26T07:20:00-+1:00",
	    "2026-11-26T07:20:00+-1:00",
	    "2026-\xd9\xa1\xd9\xa1-26T07:20:00Z", /* Arabic digits */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		rfc_bad(bad[i]);
	rfc_bad(NULL);
}

/* Every day of every month of a leap and a common year, plus the first day
 * after, checked against the last day of the month. */
static void test_days(void)
{
	static const int days[2][12] = {
	    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	};
	static const int years[] = {1900, 2000, 2023, 2024, 2100, 2400};
	char s[64];
	time_t t;
	int ok = 1;

	for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++) {
		int yr = years[y];
		int leap = (yr % 4 == 0 && yr % 100 != 0) || yr % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= 32; d++) {
				snprintf(s, sizeof(s),
					 "%04d-%02d-%02dT12:00:00Z", yr, m, d);
				int want = d <= days[leap][m - 1] ? 0 : -1;
				if (timefmt_parse_rfc3339(s, &t) != want)
					ok = 0;
			}
		}
	}
	CHECK(ok);
}

static void test_format(void)
{
	char r[21], q[20];

	timefmt_format_rfc3339((time_t)T0, r);
	CHECK_STR(r, "2026-11-26T07:20:00Z");
	timefmt_format_rfc3339(0, r);
	CHECK_STR(r, "1970-01-01T00:00:00Z");
	timefmt_format_rfc3339(-1, r);
	CHECK_STR(r, "1969-12-31T23:59:59Z");
	timefmt_format_rfc3339((time_t)951782400, r);
	CHECK_STR(r, "2000-02-29T00:00:00Z");
	timefmt_format_rfc3339((time_t)253402300799LL, r);
	CHECK_STR(r, "9999-12-31T23:59:59Z");
	/* Clamped at both ends so the text always fits. */
	timefmt_format_rfc3339((time_t)253402300800LL, r);
	CHECK_STR(r, "9999-12-31T23:59:59Z");
	timefmt_format_rfc3339((time_t)((time_t)1 << 62), r);
	CHECK_STR(r, "9999-12-31T23:59:59Z");
	timefmt_format_rfc3339((time_t)-62167219201LL, r);
	CHECK_STR(r, "0000-01-01T00:00:00Z");
	timefmt_format_rfc3339((time_t)(-((time_t)1 << 62)), r);
	CHECK_STR(r, "0000-01-01T00:00:00Z");

	timefmt_format_sql((time_t)T0, q);
	CHECK_STR(q, "2026-11-26 07:20:00");
	timefmt_format_sql(0, q);
	CHECK_STR(q, "1970-01-01 00:00:00");
	timefmt_format_sql((time_t)1798761599, q);
	CHECK_STR(q, "2026-12-31 23:59:59");
}

static void test_sql(void)
{
	time_t t;

	CHECK(timefmt_parse_sql("2026-11-26 07:20:00", &t) == 0);
	CHECK((long long)t == T0);
	CHECK(timefmt_parse_sql("1970-01-01 00:00:00", &t) == 0 && t == 0);
	CHECK(timefmt_parse_sql("2024-02-29 23:59:59", &t) == 0);
	CHECK((long long)t == 1709251199);

	static const char *bad[] = {
	    "",
	    "2026-11-26",
	    "2026-11-26 07:20",
	    "2026-11-26T07:20:00",
	    "2026-11-26 07:20:00Z",
	    "2026-11-26 07:20:00.000000",
	    "2026-11-26 07:20:00 ",
	    " 2026-11-26 07:20:00",
	    "2026-11-26  07:20:00",
	    "0000-00-00 00:00:00", /* zero date */
	    "2026-00-01 00:00:00",
	    "2026-02-29 00:00:00",
	    "2026-11-26 24:00:00",
	    "2026-11-26 07:20:60",
	    "2026-11-26 07:20:0x",
	    "2026-11-26 07:20:00+01:00",
	    "2026-11-26\t07:20:00",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		sql_bad(bad[i]);
	sql_bad(NULL);
}

/* format -> parse is the identity over a wide sweep of times. */
static void test_round_trip(void)
{
	char r[21], q[20];
	int ok = 1;

	for (long long t = -62167219200LL; t <= 253402300799LL;
	     t += 86399LL * 367 + 7) {
		time_t a, b;
		timefmt_format_rfc3339((time_t)t, r);
		timefmt_format_sql((time_t)t, q);
		if (timefmt_parse_rfc3339(r, &a) != 0 || a != (time_t)t)
			ok = 0;
		if (timefmt_parse_sql(q, &b) != 0 || b != (time_t)t)
			ok = 0;
	}
	CHECK(ok);
}

int main(void)
{
	test_rfc3339_good();
	test_rfc3339_bad();
	test_days();
	test_format();
	test_sql();
	test_round_trip();
	return check_report();
}
