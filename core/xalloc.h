/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xalloc.h - allocation that aborts on out-of-memory.
 *
 * A web or RADIUS helper that runs out of memory cannot do anything useful;
 * aborting keeps every caller free of impossible error paths.
 */
#ifndef MPSK_CORE_XALLOC_H
#define MPSK_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);            /* caller frees */
void *xcalloc(size_t n, size_t size); /* caller frees */
void *xrealloc(void *p, size_t n);  /* caller frees the result */
char *xstrdup(const char *s);       /* caller frees */
char *xstrndup(const char *s, size_t n); /* caller frees */

#endif
