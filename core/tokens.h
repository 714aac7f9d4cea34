/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tokens.h - API bearer tokens.
 *
 * A token reads "mpsk_<id>_<secret>": the 16-character id finds the row,
 * the secret is stored only as its SHA-256 digest and compared in constant
 * time. Tokens are made from the command line and printed once.
 */
#ifndef MPSK_CORE_TOKENS_H
#define MPSK_CORE_TOKENS_H

#include <stddef.h>

struct db;

#define TOKENS_SCOPE_READ 1u
#define TOKENS_SCOPE_WRITE 2u
#define TOKENS_SCOPE_SECRETS 4u
/* Infrastructure: plans, networks and NAS clients. Separate from write
 * because a NAS (its address and secret) is a way to ask RADIUS for any
 * passphrase; see docs/DESIGN.md "Tokens". */
#define TOKENS_SCOPE_ADMIN 8u

/* The longest token text, with its NUL. */
#define TOKENS_TEXT_MAX 72

/*
 * Parse a scope list such as "read,write,secrets,admin" into bits. 0 or -1
 * (an unknown name, an empty item or an empty list).
 */
int tokens_parse_scopes(const char *list, unsigned *scopes);

/*
 * Create a token named name with scopes; writes its text into out (which
 * the caller shows once and then wipes). 0, or -1 (see db_error).
 */
int tokens_create(struct db *db, const char *name, unsigned scopes,
		  char out[TOKENS_TEXT_MAX]);

/*
 * Check a presented token. Returns 1 valid (scopes and the token's name in
 * name[namelen] set), 0 unknown/revoked/wrong, -1 database error.
 */
int tokens_verify(struct db *db, const char *text, unsigned *scopes,
		  char *name, size_t namelen);

/* Revoke the token named name. Returns the number revoked, or -1. */
int tokens_revoke(struct db *db, const char *name);

#endif
