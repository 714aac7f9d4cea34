/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * buf.h - a growable, bounded byte buffer (curl's dynbuf, hostapd's wpabuf).
 *
 * The maximum is fixed when the buffer is made; an append that would pass it
 * fails and leaves the buffer as it was, so nothing is ever silently cut.
 * The content is always NUL-terminated (the NUL is not counted in len).
 * Out of memory aborts: there is nothing sensible to do about it here.
 */
#ifndef MPSK_CORE_BUF_H
#define MPSK_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max;   /* the most bytes it may hold, not counting the NUL */
};

/* Make an empty buffer that may grow to max bytes. */
void buf_init(struct buf *b, size_t max);

/* Free the content (wiping it first when wipe is non-zero) and empty it. */
void buf_free(struct buf *b);

/* Free the content after zeroing it: for buffers that held a secret. */
void buf_free_secret(struct buf *b);

/* Forget the content but keep the memory. */
void buf_reset(struct buf *b);

/* Append n bytes. Returns 0, or -1 when max would be passed. */
int buf_append(struct buf *b, const void *data, size_t n);

/* Append a NUL-terminated string. Returns 0 or -1 as buf_append. */
int buf_append_str(struct buf *b, const char *s);

/* Append one byte. */
int buf_append_char(struct buf *b, char c);

/* Append printf-formatted text. Returns 0 or -1 as buf_append. */
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The content as a string; "" (never NULL) when empty. */
const char *buf_str(const struct buf *b);

/* Hand the content to the caller, who must free() it; the buffer is left
 * empty. Returns a malloc'd "" when empty. */
char *buf_steal(struct buf *b);

#endif
