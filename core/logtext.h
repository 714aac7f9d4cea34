/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * logtext.h - untrusted text made safe for a log line.
 *
 * A request path is decoded before it is logged: "%0a" becomes a newline,
 * and an attacker could write a line of their choosing into the log
 * ("... 404\n10.0.0.9 GET /api/v1/keys 200"), or terminal escapes that
 * rewrite what an operator sees. Every byte below 0x20, 0x7f and above,
 * and the backslash, is written as \xHH instead, as nginx escapes its own
 * access log, so one request is always exactly one line.
 */
#ifndef MPSK_CORE_LOGTEXT_H
#define MPSK_CORE_LOGTEXT_H

#include <stddef.h>

/* The smallest out that logtext() accepts. */
#define LOGTEXT_MIN 8

/*
 * logtext - escape in (NUL-terminated; NULL is written as "-") into out.
 * @outlen: at least LOGTEXT_MIN. Text that does not fit ends in "..."
 *          (a log line stays bounded; the cut is visible).
 *
 * Return: out.
 */
const char *logtext(char *out, size_t outlen, const char *in);

#endif
