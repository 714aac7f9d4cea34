// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cookie.c - the Cookie and Set-Cookie headers. See cookie.h.
 *
 * Reading is lenient about the other cookies in the header and strict about
 * ours: browsers share the header with whatever else runs on the host, but
 * our own cookie is something we wrote, so anything odd in it is an attack
 * or a bug and is refused instead of being repaired.
 */
#include "portal/cookie.h"

#include <stdio.h>
#include <string.h>

/* RFC 6265 cookie-octet: printable US-ASCII but space, DQUOTE, comma,
 * semicolon and backslash. */
static int is_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	       (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e);
}

/* RFC 9110 tchar: what a cookie name (a token) is made of. */
static int is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int is_token(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!is_tchar((unsigned char)*s))
			return 0;
	return 1;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Drop spaces and tabs from both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_ows(s[0])) {
		s++;
		(*n)--;
	}
	while (*n && is_ows(s[*n - 1]))
		(*n)--;
	return s;
}

/* Check the value v[0..n) (trimmed), strip its quotes and copy it out.
 * Returns 1, or -1 when malformed or too long. */
static int take_value(const char *v, size_t n, char *out, size_t outlen)
{
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	/* A quote left over here was unbalanced: '"' is no cookie-octet. */
	for (size_t i = 0; i < n; i++)
		if (!is_octet((unsigned char)v[i]))
			return -1;
	if (n >= outlen)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 1;
}

int cookie_get(const char *header, const char *name, char *out, size_t outlen)
{
	size_t nlen = name ? strlen(name) : 0;

	if (outlen)
		out[0] = '\0';
	if (!is_token(name))
		return -1;
	if (!header)
		return 0;
	for (const char *p = header; *p;) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		const char *s = trim(p, &n);
		const char *eq = memchr(s, '=', n);
		size_t klen = eq ? (size_t)(eq - s) : n;
		const char *key = trim(s, &klen);
		p += semi ? (size_t)(semi - p) + 1 : strlen(p);
		/* Names are compared whole: "session" is not "session_x". */
		if (klen != nlen || memcmp(key, name, nlen) != 0)
			continue;
		if (!eq)
			return -1;
		size_t vlen = (size_t)(s + n - (eq + 1));
		const char *v = trim(eq + 1, &vlen);
		return take_value(v, vlen, out, outlen);
	}
	return 0;
}

/* Path attribute values: any printable ASCII but ';' (RFC 6265 4.1.1). */
static int path_ok(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c > 0x7e || c == ';')
			return 0;
	}
	return 1;
}

static int value_ok(const char *s)
{
	for (; *s; s++)
		if (!is_octet((unsigned char)*s))
			return 0;
	return 1;
}

int cookie_format(char *out, size_t outlen, const char *name, const char *value,
		  const char *path, long max_age, int secure)
{
	char age[32] = "";
	int n;

	if (!outlen)
		return -1;
	out[0] = '\0';
	if (!is_token(name) || !value || !value_ok(value) ||
	    (path && !path_ok(path)))
		return -1;
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	n = snprintf(out, outlen, "%s=%s%s%s%s; HttpOnly; SameSite=Strict%s",
		     name, value, path ? "; Path=" : "", path ? path : "", age,
		     secure ? "; Secure" : "");
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
