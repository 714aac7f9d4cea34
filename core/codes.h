/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * codes.h - random values people or browsers hand back to us: activation
 * and invitation codes (typed from a printed card) and session and CSRF
 * tokens (kept in a cookie or a form).
 *
 * Only SHA-256 digests of codes and session tokens are stored: they are
 * long and random, so a fast digest is as good as a slow one, and a copy of
 * the database lets nobody in.
 */
#ifndef MPSK_CORE_CODES_H
#define MPSK_CORE_CODES_H

#include <stddef.h>

/* "ABCD-EFGH-JKMN-PQRS": 16 symbols of 31 (about 79 bits) in 4 groups. */
#define CODE_TEXT_LEN 20       /* with NUL */
#define CODE_DIGEST_LEN 32
/* 32 random bytes, base64url without padding: 43 characters. */
#define TOKEN_TEXT_LEN 44      /* with NUL */

/* A new code, for printing. */
void code_generate(char out[CODE_TEXT_LEN]);

/*
 * code_digest - the digest of a code as a person typed it.
 *
 * Case, spaces and hyphens do not matter. The alphabet leaves out the
 * look-alikes 0/O, 1/I/L, so a misread symbol is refused rather than
 * matched to someone else's code. Return: 0, or -1 when the text cannot be
 * a code (wrong length, a symbol outside the alphabet), so the database
 * need not be asked.
 */
int code_digest(const char *typed, unsigned char out[CODE_DIGEST_LEN]);

/* A new session or CSRF token. */
void token_generate(char out[TOKEN_TEXT_LEN]);

/* The digest of a token from a cookie. -1 when it is not 43 base64url
 * characters. */
int token_digest(const char *token, unsigned char out[CODE_DIGEST_LEN]);

/* Constant-time comparison of two NUL-terminated tokens: 1 equal. */
int token_equal(const char *a, const char *b);

#endif
