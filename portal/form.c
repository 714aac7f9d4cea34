// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * form.c - urlencoded form bodies. See form.h.
 *
 * Decoding never makes text longer, so one allocation of the body's length
 * plus two NULs per field holds every name and value; the fields point
 * into it, and wiping it wipes the whole form.
 */
#include "portal/form.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/hex.h"
#include "core/xalloc.h"

/* Control characters have no place in a form field, but a textarea's line
 * breaks and a pasted tab do. C1 controls (U+0080..U+009F) are checked
 * after the UTF-8 check, as they are two bytes there. */
static int byte_ok(unsigned char c)
{
	return (c >= 0x20 && c != 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

static int has_c1(const unsigned char *s, size_t n)
{
	/* In well-formed UTF-8 0xC2 is always a lead byte. */
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			return 1;
	return 0;
}

/*
 * Decode s[0..n) into dst (cap bytes, NUL-terminated), its length in *len.
 * Returns 0, or -1 when malformed or cap is too small.
 */
static int decode(const char *s, size_t n, char *dst, size_t cap, size_t *len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (n - i < 3 || hex_value(s[i + 1]) < 0 ||
			    hex_value(s[i + 2]) < 0)
				return -1;
			c = (unsigned char)(hex_value(s[i + 1]) * 16 +
					    hex_value(s[i + 2]));
			i += 2;
		}
		if (!byte_ok(c) || o + 1 >= cap)
			return -1;
		dst[o++] = (char)c;
	}
	if (o >= cap)
		return -1;
	dst[o] = '\0';
	*len = o;
	if (!utf8_valid((const unsigned char *)dst, o) ||
	    has_c1((const unsigned char *)dst, o))
		return -1;
	return 0;
}

/* Decode one non-empty "name=value" (or "name") into the next field. */
static int add_pair(struct form *f, const char *s, size_t n, size_t *used)
{
	const char *eq = memchr(s, '=', n);
	size_t nlen = eq ? (size_t)(eq - s) : n, len;

	if (f->count == FORM_MAX_FIELDS)
		return -1;
	char *name = f->store + *used;
	if (decode(s, nlen, name, f->store_len - *used, &len) < 0 || !len ||
	    len > FORM_MAX_NAME)
		return -1;
	*used += len + 1;
	char *value = f->store + *used;
	if (decode(eq ? eq + 1 : "", eq ? n - nlen - 1 : 0, value,
		   f->store_len - *used, &len) < 0)
		return -1;
	*used += len + 1;
	f->fields[f->count].name = name;
	f->fields[f->count].value = value;
	f->count++;
	return 0;
}

int form_parse(const char *body, size_t len, struct form *out)
{
	size_t used = 0;

	memset(out, 0, sizeof *out);
	if (!len)
		return 0;
	/* Each field decodes to at most its raw bytes plus two NULs; a pair
	 * without '=' (raw "a", stored "a\0\0") is the worst case. */
	out->store_len = len + 2 * FORM_MAX_FIELDS;
	out->store = xmalloc(out->store_len);
	out->fields = xcalloc(FORM_MAX_FIELDS, sizeof *out->fields);
	for (size_t i = 0; i <= len;) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - body) : len;
		if (end > i && add_pair(out, body + i, end - i, &used) < 0)
			goto fail;
		i = end + 1;
	}
	return 0;
fail:
	form_free(out);
	return -1;
}

const char *form_get(const struct form *f, const char *name)
{
	return form_get_nth(f, name, 0);
}

size_t form_count(const struct form *f, const char *name)
{
	size_t n = 0;
	if (!f || !name)
		return 0;
	for (size_t i = 0; i < f->count; i++)
		n += strcmp(f->fields[i].name, name) == 0;
	return n;
}

const char *form_get_nth(const struct form *f, const char *name, size_t i)
{
	if (!f || !name)
		return NULL;
	for (size_t k = 0; k < f->count; k++)
		if (strcmp(f->fields[k].name, name) == 0 && i-- == 0)
			return f->fields[k].value;
	return NULL;
}

void form_free(struct form *f)
{
	if (f->store) {
		sodium_memzero(f->store, f->store_len);
		free(f->store);
	}
	free(f->fields);
	memset(f, 0, sizeof *f);
}
