// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_form.c - the urlencoded form parser (portal/form.c). Invariants:
 * never past the body, a refused body leaves the form empty, every name
 * and value is NUL-free UTF-8 without control characters but \t \r \n,
 * names are 1..FORM_MAX_NAME bytes, at most FORM_MAX_FIELDS fields, the
 * lookups agree with the field list, and encoding the fields again and
 * parsing that gives the same fields.
 *
 * seed: user=ann&password=hunter2&remember
 * seed: s=Tower+WiFi%20x%2By&n%61me=%D0%9F%d0%b0&&id=1&id=2&
 * seed: a=%00&b=%zz&=x&c=%C2%85&d=%ED%A0%80
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "portal/form.h"

static int text_ok(const char *s)
{
	size_t n = strlen(s);
	if (!utf8_valid((const unsigned char *)s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return 0;
	}
	return 1;
}

/* Percent-encode everything but unreserved characters (RFC 3986). */
static void encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			buf_append_char(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
}

static void check_fields(const struct form *f, size_t size)
{
	if (f->count > FORM_MAX_FIELDS || (f->count && !f->fields))
		__builtin_trap();
	for (size_t i = 0; i < f->count; i++) {
		const char *name = f->fields[i].name;
		const char *value = f->fields[i].value;
		size_t nlen = strlen(name);
		if (!nlen || nlen > FORM_MAX_NAME || !text_ok(name) ||
		    !text_ok(value) || nlen + strlen(value) > size)
			__builtin_trap();
		/* The k-th field of this name is what get_nth(k) returns. */
		size_t k = 0;
		for (size_t j = 0; j < i; j++)
			k += strcmp(f->fields[j].name, name) == 0;
		if (form_get_nth(f, name, k) != value ||
		    form_count(f, name) <= k || !form_get(f, name))
			__builtin_trap();
	}
}

/* Encode the fields again; parsing that must give the same fields. */
static void check_roundtrip(const struct form *f)
{
	struct buf b;
	struct form g;
	buf_init(&b, 1u << 20);
	for (size_t i = 0; i < f->count; i++) {
		if (i)
			buf_append_char(&b, '&');
		encode(&b, f->fields[i].name);
		buf_append_char(&b, '=');
		encode(&b, f->fields[i].value);
	}
	if (form_parse(b.data, b.len, &g) != 0 || g.count != f->count)
		__builtin_trap();
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(g.fields[i].name, f->fields[i].name) != 0 ||
		    strcmp(g.fields[i].value, f->fields[i].value) != 0)
			__builtin_trap();
	form_free(&g);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	/* A copy of exactly size bytes, so ASan sees any read past it. */
	char *body = malloc(size ? size : 1);
	if (!body)
		return 0;
	if (size)
		memcpy(body, data, size);
	if (form_parse(body, size, &f) == 0) {
		check_fields(&f, size);
		check_roundtrip(&f);
	} else if (f.count || f.fields || f.store) {
		__builtin_trap();
	}
	form_free(&f);
	free(body);
	return 0;
}
