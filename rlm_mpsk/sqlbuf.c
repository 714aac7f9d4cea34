// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sqlbuf.c - bounded SQL text for rlm_mpsk. See sqlbuf.h.
 *
 * Why this exists: the poll used to be written into a buffer sized as
 * 48 bytes per gap with `p += snprintf(p, cap - (p - sql), ...)`. A gap
 * clause is up to 63 bytes once sequence numbers have 20 digits; after
 * the first truncation p ran past the end, cap - (p - sql) wrapped to a
 * huge size_t and the next snprintf wrote past the allocation. Here every
 * snprintf's result is checked (negative: error; >= room: grow and
 * redo), and the buffer has a hard maximum.
 */
#include "sqlbuf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* The poll's maximum: 200 gaps and a ~1 KiB head fit many times over. */
#define MPSK_POLL_SQL_MAX	(256 * 1024)

static int sqlbuf_fail(mpsk_sqlbuf_t *b)
{
	b->failed = 1;
	return -1;
}

/* Makes room for NEED bytes in all (terminator included). 0 or -1. */
static int sqlbuf_reserve(mpsk_sqlbuf_t *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *s;

	if (need <= b->cap) return 0;
	if (need > b->max) return -1;
	while (cap < need && cap <= b->max / 2) cap *= 2;
	if (cap < need || cap > b->max) cap = b->max;
	s = realloc(b->s, cap);
	if (!s) return -1;
	b->s = s;
	b->cap = cap;
	return 0;
}

int mpsk_sqlbuf_printf(mpsk_sqlbuf_t *b, char const *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed || sqlbuf_reserve(b, b->len + 1) < 0) return sqlbuf_fail(b);
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0) return sqlbuf_fail(b);
	if ((size_t) n >= b->cap - b->len) {
		/* Truncated: grow to fit, then format again. */
		if (sqlbuf_reserve(b, b->len + (size_t) n + 1) < 0) return sqlbuf_fail(b);
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0 || (size_t) n >= b->cap - b->len) return sqlbuf_fail(b);
	}
	b->len += (size_t) n;
	return 0;
}

void mpsk_sqlbuf_free(mpsk_sqlbuf_t *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *mpsk_poll_sql(char const *head, uint64_t max_seq, mpsk_gap_t const *gaps,
		    size_t ngaps, uint32_t limit)
{
	mpsk_sqlbuf_t b = { .max = MPSK_POLL_SQL_MAX };
	size_t i;

	mpsk_sqlbuf_printf(&b, "%s c.seq > %" PRIu64, head, max_seq);
	for (i = 0; i < ngaps; i++)
		mpsk_sqlbuf_printf(&b, " OR c.seq BETWEEN %" PRIu64 " AND %" PRIu64,
				   gaps[i].lo, gaps[i].hi);
	if (mpsk_sqlbuf_printf(&b, " ORDER BY c.seq LIMIT %" PRIu32, limit) < 0) {
		mpsk_sqlbuf_free(&b);
		return NULL;
	}
	return b.s;
}
