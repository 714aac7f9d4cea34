// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * csv.c - CSV fields, quoted and defused. See csv.h.
 */
#include "portal/csv.h"

#include <string.h>

/* Where a spreadsheet or an importer may start a new cell. */
#define CSV_SEPARATORS "\t\r\n,;|"

/* 1 when s starts with a character that makes a cell a formula. */
static int csv_formula_start(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0", /* ＝＋－＠ */
	};
	if (*s && strchr("=+-@\t\r", *s))
		return 1;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (strncmp(s, wide[i], 3) == 0)
			return 1;
	return 0;
}

int csv_field(struct buf *b, const char *s, int last)
{
	if (!s)
		s = "";
	int rc = buf_append_char(b, '"');
	int cell_start = 1;
	for (; *s; s++) {
		if (cell_start && csv_formula_start(s))
			rc |= buf_append_char(b, '\'');
		/* Spaces and a quote at a cell's start do not end it: an
		 * importer trims them and still sees the formula. */
		cell_start = strchr(CSV_SEPARATORS, *s) != NULL ||
			     (cell_start && (*s == ' ' || *s == '"'));
		if (*s == '"')
			rc |= buf_append_char(b, '"');
		rc |= buf_append_char(b, *s);
	}
	rc |= buf_append_char(b, '"');
	rc |= buf_append_str(b, last ? "\r\n" : ",");
	return rc ? -1 : 0;
}
