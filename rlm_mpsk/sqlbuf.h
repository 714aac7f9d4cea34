/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sqlbuf.h - a growable, bounded text buffer for the SQL rlm_mpsk builds
 * at run time (only numbers are ever formatted into it), and the one
 * statement it builds that has no fixed size: the poll of the change log
 * with its gap list.
 *
 * No FreeRADIUS or libmariadb headers here, so the unit tests
 * (tests/unit/test_rlm_sqlbuf.c) compile this file as it is.
 */
#ifndef MPSK_RLM_SQLBUF_H
#define MPSK_RLM_SQLBUF_H

#include <stddef.h>
#include <stdint.h>

/** A range of change sequence numbers not seen yet. */
typedef struct mpsk_gap {
	uint64_t		lo, hi;
	int64_t			seen;		/* server time (s) when first missed */
	int			expirable;	/* no transaction that old is open */
	int			queried;	/* asked for in this poll */
} mpsk_gap_t;

/** A text buffer that grows up to max bytes (terminator included). Once
 *  an append fails (snprintf error, the maximum, out of memory) the
 *  buffer stays failed: nothing half-built is ever used. */
typedef struct mpsk_sqlbuf {
	char			*s;
	size_t			len, cap, max;
	int			failed;
} mpsk_sqlbuf_t;

/** Appends printf-style text. 0, or -1 (and the buffer is failed). */
int mpsk_sqlbuf_printf(mpsk_sqlbuf_t *b, char const *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Frees the text (the struct itself is the caller's). */
void mpsk_sqlbuf_free(mpsk_sqlbuf_t *b);

/**
 * mpsk_poll_sql - the poll statement: HEAD (the SELECT up to its WHERE),
 * then "c.seq > MAX_SEQ", one "OR c.seq BETWEEN lo AND hi" per gap of
 * GAPS[0..NGAPS), then the ORDER BY and LIMIT.
 *
 * Returns the statement (malloc'd, the caller frees it), or NULL when it
 * could not be built whole (never a truncated statement).
 */
char *mpsk_poll_sql(char const *head, uint64_t max_seq, mpsk_gap_t const *gaps,
		    size_t ngaps, uint32_t limit);

#endif
