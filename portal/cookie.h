/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cookie.h - read a cookie from the Cookie request header and write the
 * Set-Cookie value for one (RFC 6265): the portal's session cookie.
 *
 * The header is untrusted input. Other cookies of the same site (set by
 * other software on the host, or by scripts) may be malformed; that is
 * ignored, and only a malformed cookie of the asked-for name is an error,
 * so a stray cookie cannot lock anybody out. Every cookie we write is
 * HttpOnly and SameSite=Strict (docs/STYLE.md rule 9).
 */
#ifndef MPSK_PORTAL_COOKIE_H
#define MPSK_PORTAL_COOKIE_H

#include <stddef.h>

/*
 * cookie_get - find a cookie in a Cookie header.
 * @header: the header's value, "a=1; b=2" (NULL is taken as absent).
 * @name:   the cookie's name, a token; matched exactly and case-sensitively
 *          ("session" does not match "session_x").
 * @out:    receives the value, NUL-terminated; "" unless 1 is returned.
 * @outlen: size of @out.
 *
 * Pairs are split at ';', with spaces and tabs around names and values
 * ignored. A value may be wrapped in double quotes, which are stripped, and
 * must consist of RFC 6265 cookie-octets (printable ASCII but space
 * " , ; and \). When the name occurs more than once, the first one counts:
 * browsers send the one with the longest Path first.
 *
 * Return: 1 found; 0 absent; -1 when the cookie of that name is malformed
 * (no '=', an octet not allowed, an unbalanced quote), its value does not
 * fit @outlen, or @name is not a token.
 */
int cookie_get(const char *header, const char *name, char *out, size_t outlen);

/*
 * cookie_format - write a Set-Cookie header value.
 * @out:     receives "name=value; Path=path; Max-Age=n; HttpOnly;
 *           SameSite=Strict; Secure", NUL-terminated.
 * @outlen:  size of @out.
 * @name:    a token (RFC 9110 tchars).
 * @value:   cookie-octets only (may be ""); not quoted.
 * @path:    printable ASCII without ';' (NULL: no Path attribute).
 * @max_age: seconds; omitted when negative (a session cookie), 0 deletes.
 * @secure:  add Secure (for HTTPS).
 *
 * Return: 0, or -1 when @name, @value or @path hold characters not allowed
 * or the result does not fit @outlen (@out is then "").
 */
int cookie_format(char *out, size_t outlen, const char *name, const char *value,
		  const char *path, long max_age, int secure);

#endif
