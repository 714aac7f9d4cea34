/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timefmt.h - the two timestamp spellings mpsk exchanges.
 *
 * The API speaks RFC 3339 ("2026-11-26T07:20:00Z"); MariaDB DATETIME columns
 * hold "YYYY-MM-DD HH:MM:SS", which mpsk always reads and writes as UTC so
 * that the server's time zone never shifts a stored time. Both are parsed
 * strictly: a date that does not exist is an error, never normalized into
 * another one.
 */
#ifndef MPSK_CORE_TIMEFMT_H
#define MPSK_CORE_TIMEFMT_H

#include <time.h>

/*
 * timefmt_parse_rfc3339 - parse an RFC 3339 date-time.
 * @s:   "YYYY-MM-DDTHH:MM:SS", an optional fraction of 1..9 digits
 *       (ignored), then "Z" or "+hh:mm"/"-hh:mm". T and Z may be lower
 *       case. Month 1-12, day within the month (leap years counted), hour
 *       0-23, minute and second 0-59; a leap second (60) is rejected.
 * @out: receives the time in seconds since the epoch, UTC.
 *
 * Return: 0, or -1 when @s is not exactly such a date-time.
 */
int timefmt_parse_rfc3339(const char *s, time_t *out);

/*
 * timefmt_format_rfc3339 - print a time as "YYYY-MM-DDTHH:MM:SSZ" into @out.
 * Times outside years 0000..9999 are clamped to the nearest end.
 */
void timefmt_format_rfc3339(time_t t, char out[21]);

/*
 * timefmt_parse_sql - parse a MariaDB DATETIME value "YYYY-MM-DD HH:MM:SS".
 * @s:   exactly that, meaning UTC; ranges as timefmt_parse_rfc3339(), so
 *       MariaDB's zero date "0000-00-00 00:00:00" is rejected.
 * @out: receives seconds since the epoch.
 *
 * Return: 0 or -1.
 */
int timefmt_parse_sql(const char *s, time_t *out);

/*
 * timefmt_format_sql - print a time as "YYYY-MM-DD HH:MM:SS" (UTC) into
 * @out. Times outside years 0000..9999 are clamped to the nearest end.
 */
void timefmt_format_sql(time_t t, char out[20]);

#endif
