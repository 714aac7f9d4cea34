// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_csv.c - the CSV field writer (portal/csv.c) on hostile values.
 * Invariants: the output is one quoted field and its "," with every quote
 * inside doubled; read back (quotes undoubled, the ' it added taken out)
 * it is the input; and no place where a cell could start (the start, after
 * TAB CR LF , ; |, spaces and a quote skipped) holds = + - @ TAB CR, nor a
 * full-width one.
 *
 * seed: =HYPERLINK("http://x")
 * seed: a;=1+1
 * seed: x;"=cmd|' /C calc'!A0"
 * seed: \t=1\r\n+2|@3, -4
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "portal/csv.h"

static int formula_at(const char *s)
{
	return (*s && strchr("=+-@\t\r", *s)) || strncmp(s, "\xef\xbc\x9d", 3) == 0 ||
	       strncmp(s, "\xef\xbc\x8b", 3) == 0 || strncmp(s, "\xef\xbc\x8d", 3) == 0 ||
	       strncmp(s, "\xef\xbc\xa0", 3) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	size_t n = strlen(in); /* C strings: the value ends at a NUL */
	struct buf b;
	buf_init(&b, 8 * n + 16);
	if (csv_field(&b, in, 0) != 0)
		__builtin_trap();
	const char *o = buf_str(&b);
	if (b.len < 3 || o[0] != '"' || o[b.len - 2] != '"' || o[b.len - 1] != ',')
		__builtin_trap();
	/* Undouble the quotes, and check every cell start. */
	char *back = malloc(b.len + 1);
	size_t k = 0;
	int cell_start = 1;
	for (size_t i = 1; i < b.len - 2; i++) {
		char c = o[i];
		if (c == '"') {
			if (o[i + 1] != '"' || i + 1 >= b.len - 2)
				__builtin_trap();
			i++;
		}
		if (cell_start && formula_at(o + i) && c != '"')
			__builtin_trap();
		cell_start = strchr("\t\r\n,;|", c) != NULL ||
			     (cell_start && (c == ' ' || c == '"'));
		back[k++] = c;
	}
	back[k] = '\0';
	/* Take out the quotes the writer added: each ' in back that in lacks
	 * at that place. */
	size_t j = 0;
	for (size_t i = 0; i < k; i++) {
		if (j < n && back[i] == in[j]) {
			j++;
			continue;
		}
		if (back[i] != '\'')
			__builtin_trap();
	}
	if (j != n)
		__builtin_trap();
	free(back);
	buf_free(&b);
	free(in);
	return 0;
}
