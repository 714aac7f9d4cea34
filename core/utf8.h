/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * utf8.h - UTF-8 well-formedness (Unicode ch. 3, Table 3-7).
 *
 * Every text that reaches the database or a JSON body must be UTF-8:
 * MariaDB refuses anything else in utf8mb4 columns, and JSON requires it.
 */
#ifndef MPSK_CORE_UTF8_H
#define MPSK_CORE_UTF8_H

#include <stddef.h>

/*
 * Length of the well-formed sequence at s (n bytes left), or 0 when it is
 * ill-formed (overlongs, surrogates, above U+10FFFF, truncated). NUL is
 * ill-formed here: no text of ours holds one.
 */
size_t utf8_seq_len(const unsigned char *s, size_t n);

/* 1 when s[0..n) is well-formed UTF-8 without NUL. */
int utf8_valid(const unsigned char *s, size_t n);

/* Copy s into out (outlen bytes, always NUL-terminated), replacing every
 * ill-formed byte with '?', cutting at a whole character. */
void utf8_sanitize(const char *s, char *out, size_t outlen);

#endif
