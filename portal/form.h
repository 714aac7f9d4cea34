/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * form.h - parse application/x-www-form-urlencoded bodies (and query
 * strings) from the portal's browsers: untrusted input.
 *
 * Parsing is all or nothing. Anything a browser would not send for a form
 * of ours is refused as a whole rather than repaired: a bad % escape,
 * control characters, text that is not UTF-8, too many fields or a name
 * that is empty or too long. What comes out is NUL-terminated UTF-8 that a
 * handler may validate further and hand to the database as it is.
 *
 * Forms carry passwords and passphrases, so form_free() wipes them.
 */
#ifndef MPSK_PORTAL_FORM_H
#define MPSK_PORTAL_FORM_H

#include <stddef.h>

/* The most fields one form may have. */
#define FORM_MAX_FIELDS 64
/* The longest field name, in bytes after decoding. */
#define FORM_MAX_NAME 64

struct form_field {
	char *name;
	char *value;
};

struct form {
	struct form_field *fields; /* in body order; NULL when count is 0 */
	size_t count;
	/* private: every name and value, in one allocation */
	char *store;
	size_t store_len;
};

/*
 * form_parse - decode a urlencoded body into fields.
 * @body: the bytes (not NUL-terminated; may be NULL when @len is 0).
 * @len:  how many.
 * @out:  receives the fields; the caller frees them with form_free().
 *
 * Pairs are split at '&', names from values at the first '='; '+' is a
 * space and %XX a byte. A pair without '=' has the value "". Empty pairs
 * ("a=1&&b=2", a trailing '&') are skipped. Duplicate names are kept in
 * order (checkbox lists; see form_count()).
 *
 * Return: 0, or -1 when the body is malformed: a '%' not followed by two
 * hex digits, a NUL or other control character (C0, DEL or C1) other than
 * \t \r \n, invalid UTF-8 after decoding, more than FORM_MAX_FIELDS
 * fields, an empty name or one longer than FORM_MAX_NAME bytes. @out is
 * then empty (form_free() on it is safe and does nothing).
 */
int form_parse(const char *body, size_t len, struct form *out);

/* form_get - the value of the first field called @name, or NULL. */
const char *form_get(const struct form *f, const char *name);

/* form_count - how many fields are called @name (0 when none). */
size_t form_count(const struct form *f, const char *name);

/*
 * form_get_nth - the value of the @i-th (0-based) field called @name, in
 * body order, or NULL when there are not that many.
 */
const char *form_get_nth(const struct form *f, const char *name, size_t i);

/*
 * form_free - wipe and free what form_parse() filled in, leaving @f empty.
 * Safe on an empty or already freed form.
 */
void form_free(struct form *f);

#endif
