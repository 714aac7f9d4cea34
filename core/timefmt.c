// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timefmt.c - RFC 3339 and SQL DATETIME timestamps. See timefmt.h.
 */
#include "core/timefmt.h"

#include <string.h>

/* "YYYY-MM-DD?HH:MM:SS": the part both spellings share. */
#define TIMEFMT_BASE_LEN 19
#define TIMEFMT_FRAC_MAX 9

/* Value of n decimal digits at s, or -1 if any is not a digit. Locale-free
 * and bounded, unlike strtol(). */
static int timefmt_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int timefmt_days(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/*
 * Parse "YYYY-MM-DD?HH:MM:SS" at s, where sep1/sep2 are the two characters
 * allowed between date and time, into seconds since the epoch (UTC). The
 * caller has made sure s holds at least TIMEFMT_BASE_LEN characters.
 */
static int timefmt_base(const char *s, char sep1, char sep2, time_t *out)
{
	struct tm tm;

	if (s[4] != '-' || s[7] != '-' || (s[10] != sep1 && s[10] != sep2) ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	int year = timefmt_digits(s, 4), month = timefmt_digits(s + 5, 2);
	int day = timefmt_digits(s + 8, 2), hour = timefmt_digits(s + 11, 2);
	int min = timefmt_digits(s + 14, 2), sec = timefmt_digits(s + 17, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 ||
	    day > timefmt_days(year, month) || hour < 0 || hour > 23 ||
	    min < 0 || min > 59 || sec < 0 || sec > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	/* Every field is in range, so timegm() normalizes nothing. */
	*out = timegm(&tm);
	return 0;
}

/* Offset "Z", "+hh:mm" or "-hh:mm" making up all of s, in seconds east of
 * UTC. */
static int timefmt_offset(const char *s, long *out)
{
	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
		*out = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strnlen(s, 7) != 6 || s[3] != ':')
		return -1;
	int hh = timefmt_digits(s + 1, 2), mm = timefmt_digits(s + 4, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	*out = (s[0] == '-' ? -1L : 1L) * (hh * 3600L + mm * 60L);
	return 0;
}

int timefmt_parse_rfc3339(const char *s, time_t *out)
{
	time_t t;
	long off;

	if (!s || strnlen(s, TIMEFMT_BASE_LEN) < TIMEFMT_BASE_LEN)
		return -1;
	if (timefmt_base(s, 'T', 't', &t) < 0)
		return -1;
	const char *p = s + TIMEFMT_BASE_LEN;
	if (*p == '.') {
		int n = 0;
		while (p[1 + n] >= '0' && p[1 + n] <= '9' &&
		       n <= TIMEFMT_FRAC_MAX)
			n++;
		if (n < 1 || n > TIMEFMT_FRAC_MAX)
			return -1;
		p += 1 + n;
	}
	if (timefmt_offset(p, &off) < 0)
		return -1;
	/* Local time minus its offset east of UTC is UTC. */
	*out = t - off;
	return 0;
}

int timefmt_parse_sql(const char *s, time_t *out)
{
	time_t t;

	if (!s || strnlen(s, TIMEFMT_BASE_LEN + 1) != TIMEFMT_BASE_LEN)
		return -1;
	if (timefmt_base(s, ' ', ' ', &t) < 0)
		return -1;
	*out = t;
	return 0;
}

/* Write v as n decimal digits, zero-padded. */
static void timefmt_put(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* "YYYY-MM-DD?HH:MM:SS" for t, clamped to years 0000..9999 so it always
 * fits the fixed-width buffers. */
static void timefmt_format(time_t t, char sep, char out[20])
{
	/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
	const time_t lo = -62167219200LL, hi = 253402300799LL;
	struct tm tm;

	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	gmtime_r(&t, &tm);
	timefmt_put(out, tm.tm_year + 1900, 4);
	out[4] = '-';
	timefmt_put(out + 5, tm.tm_mon + 1, 2);
	out[7] = '-';
	timefmt_put(out + 8, tm.tm_mday, 2);
	out[10] = sep;
	timefmt_put(out + 11, tm.tm_hour, 2);
	out[13] = ':';
	timefmt_put(out + 14, tm.tm_min, 2);
	out[16] = ':';
	timefmt_put(out + 17, tm.tm_sec, 2);
	out[19] = '\0';
}

void timefmt_format_rfc3339(time_t t, char out[21])
{
	timefmt_format(t, 'T', out);
	out[19] = 'Z';
	out[20] = '\0';
}

void timefmt_format_sql(time_t t, char out[20])
{
	timefmt_format(t, ' ', out);
}
