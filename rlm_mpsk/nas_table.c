// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nas_table.c - the NAS clients in rlm_mpsk's memory. See nas_table.h.
 *
 * A lookup masks the address to each prefix length present (longest
 * first) and binary-searches the rows of that length: a few comparisons
 * however many access points there are.
 */
#include "nas_table.h"

#include <stdlib.h>
#include <string.h>

static void nas_mask(uint8_t *out, uint8_t const *addr, size_t len, unsigned prefix)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned bits = prefix > i * 8 ? prefix - i * 8 : 0;
		uint8_t m = bits >= 8 ? 0xff : (uint8_t) (0xff << (8 - bits));
		out[i] = addr[i] & m;
	}
}

int mpsk_nas_add(mpsk_nas_table_t *t, uint32_t id, uint8_t const *start, size_t len,
		 unsigned prefix)
{
	mpsk_nas_t *r;

	if ((len != 4 && len != 16) || prefix > len * 8) return -1;
	if (t->n == t->alloc) {
		size_t n = t->alloc ? t->alloc * 2 : 64;
		mpsk_nas_t *rows = realloc(t->rows, n * sizeof(*rows));
		if (!rows) return -1;
		t->rows = rows;
		t->alloc = n;
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->len = (uint8_t) len;
	r->prefix = (uint8_t) prefix;
	/* Stored masked, so a lookup compares like with like. */
	nas_mask(r->start, start, len, prefix);
	return 0;
}

int mpsk_nas_add_network(mpsk_nas_table_t *t, uint32_t nas_id, uint32_t network_id)
{
	size_t k;

	for (k = 0; k < t->n; k++) {
		size_t i = (t->hint + k) % t->n;
		mpsk_nas_t *r = &t->rows[i];
		uint32_t *nets;

		if (r->id != nas_id) continue;
		t->hint = i;
		nets = realloc(r->nets, (r->nnets + 1) * sizeof(*nets));
		if (!nets) return -2;
		nets[r->nnets++] = network_id;
		r->nets = nets;
		return 0;
	}
	return -1;
}

static int nas_cmp(void const *a, void const *b)
{
	mpsk_nas_t const *x = a, *y = b;
	int c;

	if (x->len != y->len) return x->len < y->len ? -1 : 1;
	if (x->prefix != y->prefix) return x->prefix > y->prefix ? -1 : 1;
	c = memcmp(x->start, y->start, x->len);
	if (c) return c;
	return x->id < y->id ? -1 : (x->id > y->id);
}

static int u32_cmp(void const *a, void const *b)
{
	uint32_t x = *(uint32_t const *) a, y = *(uint32_t const *) b;
	return x < y ? -1 : (x > y);
}

void mpsk_nas_done(mpsk_nas_table_t *t)
{
	size_t i;

	if (t->n) qsort(t->rows, t->n, sizeof(*t->rows), nas_cmp);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].nnets > 1) qsort(t->rows[i].nets, t->rows[i].nnets, sizeof(uint32_t), u32_cmp);
}

mpsk_nas_t const *mpsk_nas_find(mpsk_nas_table_t const *t, uint8_t const *addr, size_t len)
{
	size_t i = 0;

	if (len != 4 && len != 16) return NULL;
	while (i < t->n) {
		mpsk_nas_t const *first = &t->rows[i];
		size_t end = i, lo, hi;
		uint8_t key[16];

		/* The run of rows with this family and prefix: [i, end). */
		while (end < t->n && t->rows[end].len == first->len &&
		       t->rows[end].prefix == first->prefix) end++;
		if (first->len == len) {
			nas_mask(key, addr, len, first->prefix);
			/* The first row whose start is >= key. */
			lo = i;
			hi = end;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (memcmp(t->rows[mid].start, key, len) < 0) lo = mid + 1;
				else hi = mid;
			}
			if (lo < end && memcmp(t->rows[lo].start, key, len) == 0) return &t->rows[lo];
		}
		i = end;
	}
	return NULL;
}

int mpsk_nas_serves(mpsk_nas_t const *nas, uint32_t network_id)
{
	return nas->nnets == 0 ||
	       bsearch(&network_id, nas->nets, nas->nnets, sizeof(uint32_t), u32_cmp) != NULL;
}

void mpsk_nas_free(mpsk_nas_table_t *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) free(t->rows[i].nets);
	free(t->rows);
	t->rows = NULL;
	t->n = t->alloc = 0;
}
