/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * csv.h - one field of a CSV export (RFC 4180) that a spreadsheet opens
 * as text, never as a formula.
 *
 * Every field is quoted ("" inside), so commas, quotes and line breaks in
 * a tenant's name stay in their cell. A spreadsheet runs a cell that starts
 * with = + - @ (or a tab or CR, which some apps skip before one), and an
 * importer told to split on ; | or tabs, or one that splits lines, makes a
 * new cell after each of those: so wherever a cell could start - the
 * field's first byte and the byte after any of TAB CR LF , ; |, spaces
 * and a quote there skipped - a formula character (also the full-width
 * = + - @ of CJK input) gets a ' before it.
 * "a;=1+1" is written "a;'=1+1", "=HYPERLINK(...)" as "'=HYPERLINK(...)".
 */
#ifndef MPSK_PORTAL_CSV_H
#define MPSK_PORTAL_CSV_H

#include "core/buf.h"

/* Append the field s (NULL: empty) and then "," or, when last, CRLF.
 * 0, or -1 when b reached its maximum (the export is then incomplete). */
int csv_field(struct buf *b, const char *s, int last);

#endif
