// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tokens.c - API bearer tokens. See tokens.h.
 */
#include "core/tokens.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"

#define TOKENS_ID_LEN 16
#define TOKENS_SECRET_LEN 40
/* Letters and digits only, so a token survives any copy and paste. */
static const char tokens_alphabet[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

int tokens_parse_scopes(const char *list, unsigned *scopes)
{
	*scopes = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n == 4 && strncmp(p, "read", 4) == 0)
			*scopes |= TOKENS_SCOPE_READ;
		else if (n == 5 && strncmp(p, "write", 5) == 0)
			*scopes |= TOKENS_SCOPE_WRITE;
		else if (n == 7 && strncmp(p, "secrets", 7) == 0)
			*scopes |= TOKENS_SCOPE_SECRETS;
		else if (n == 5 && strncmp(p, "admin", 5) == 0)
			*scopes |= TOKENS_SCOPE_ADMIN;
		else
			return -1;
		p += n;
		if (*p == ',')
			p++;
	}
	return *scopes ? 0 : -1;
}

static void tokens_random(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = tokens_alphabet[randombytes_uniform(
			sizeof tokens_alphabet - 1)];
	out[n] = '\0';
}

static void tokens_scopes_text(unsigned scopes, char *out, size_t outlen)
{
	/* Bit i is names[i], in the order of the column's SET (0001, 0006). */
	static const char *const names[] = { "read", "write", "secrets", "admin" };
	size_t o = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (scopes & (1u << i))
			o += (size_t)snprintf(out + o, outlen - o, "%s%s",
					      o ? "," : "", names[i]);
}

int tokens_create(struct db *db, const char *name, unsigned scopes,
		  char out[TOKENS_TEXT_MAX])
{
	char id[TOKENS_ID_LEN + 1], secret[TOKENS_SECRET_LEN + 1], stext[32];
	unsigned char hash[crypto_hash_sha256_BYTES];
	tokens_random(id, TOKENS_ID_LEN);
	tokens_random(secret, TOKENS_SECRET_LEN);
	crypto_hash_sha256(hash, (const unsigned char *)secret, TOKENS_SECRET_LEN);
	tokens_scopes_text(scopes, stext, sizeof stext);
	int rc = db_run(db,
		"INSERT INTO api_tokens (name, token_id, secret_hash, scopes)"
		" VALUES (?, ?, ?, ?)", "ssbs", name, id, hash, sizeof hash,
		stext) ? 0 : -1;
	if (rc == 0)
		snprintf(out, TOKENS_TEXT_MAX, "mpsk_%s_%s", id, secret);
	sodium_memzero(secret, sizeof secret);
	return rc;
}

int tokens_verify(struct db *db, const char *text, unsigned *scopes,
		  char *name, size_t namelen)
{
	size_t n = strlen(text);
	if (n != 5 + TOKENS_ID_LEN + 1 + TOKENS_SECRET_LEN ||
	    strncmp(text, "mpsk_", 5) != 0 || text[5 + TOKENS_ID_LEN] != '_')
		return 0;
	char id[TOKENS_ID_LEN + 1];
	memcpy(id, text + 5, TOKENS_ID_LEN);
	id[TOKENS_ID_LEN] = '\0';
	const char *secret = text + 5 + TOKENS_ID_LEN + 1;
	struct db_stmt *st = db_run(db,
		"SELECT id, name, secret_hash, scopes,"
		" last_used IS NULL OR last_used < UTC_TIMESTAMP() - INTERVAL 60 SECOND"
		" FROM api_tokens WHERE token_id = ? AND revoked_at IS NULL",
		"s", id);
	if (!st)
		return -1;
	int row = db_next(st);
	if (row <= 0)
		return row;
	size_t hlen;
	const char *stored = db_col(st, 2, &hlen);
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, (const unsigned char *)secret, TOKENS_SECRET_LEN);
	if (!stored || hlen != sizeof hash || sodium_memcmp(hash, stored, sizeof hash) != 0)
		return 0;
	long long rowid = db_col_int(st, 0);
	snprintf(name, namelen, "%s", db_col(st, 1, NULL));
	const char *s = db_col(st, 3, NULL);
	if (tokens_parse_scopes(s ? s : "", scopes) < 0)
		return 0;
	/* Record use at most once a minute: a write per request would cost
	 * more than the request. */
	if (db_col_int(st, 4) == 1)
		db_run(db, "UPDATE api_tokens SET last_used = UTC_TIMESTAMP()"
			   " WHERE id = ?", "i", rowid);
	return 1;
}

int tokens_revoke(struct db *db, const char *name)
{
	struct db_stmt *st = db_run(db,
		"UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP()"
		" WHERE name = ? AND revoked_at IS NULL", "s", name);
	return st ? (int)db_affected(st) : -1;
}
