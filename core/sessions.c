// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sessions.c - portal and dashboard sessions. See sessions.h.
 */
#include "core/sessions.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"

int sessions_create(struct db *db, long long account_id, const char *source_ip,
		    const struct session_limits *lim, char token[TOKEN_TEXT_LEN],
		    char csrf[TOKEN_TEXT_LEN])
{
	unsigned char digest[CODE_DIGEST_LEN];
	token_generate(token);
	token_generate(csrf);
	token_digest(token, digest);
	int idle = lim->idle_seconds < lim->max_seconds ? lim->idle_seconds
							: lim->max_seconds;
	/* Expired sessions are swept here, a few at a time, rather than by a
	 * timer nobody would remember to install. */
	db_run(db, "DELETE FROM sessions WHERE expires_at < UTC_TIMESTAMP()"
		   " LIMIT 100", "");
	return db_run(db,
		"INSERT INTO sessions (id_hash, account_id, csrf_token, source_ip,"
		" expires_at) VALUES (?, ?, ?, ?,"
		" UTC_TIMESTAMP() + INTERVAL ? SECOND)", "bissi",
		digest, sizeof digest, account_id, csrf,
		source_ip ? source_ip : "", (long long)idle) ? 0 : -1;
}

int sessions_find(struct db *db, const char *token,
		  const struct session_limits *lim, struct session *out)
{
	unsigned char digest[CODE_DIGEST_LEN];
	if (token_digest(token, digest) < 0)
		return 0;
	struct db_stmt *st = db_run(db,
		"SELECT a.id, a.kind, a.role, a.customer_id, c.external_id,"
		" a.username, s.csrf_token,"
		" s.last_seen < UTC_TIMESTAMP() - INTERVAL 30 SECOND"
		" FROM sessions s JOIN accounts a ON a.id = s.account_id"
		" LEFT JOIN customers c ON c.id = a.customer_id"
		" WHERE s.id_hash = ? AND s.expires_at > UTC_TIMESTAMP()"
		" AND a.status = 'active'"
		" AND (c.id IS NULL OR c.status <> 'terminated')",
		"b", digest, sizeof digest);
	int rc = st ? db_next(st) : -1;
	if (rc != 1)
		return rc;
	memset(out, 0, sizeof *out);
	out->account_id = db_col_int(st, 0);
	out->staff = strcmp(db_col(st, 1, NULL), "staff") == 0;
	const char *s = db_col(st, 2, NULL);
	snprintf(out->role, sizeof out->role, "%s", s ? s : "");
	out->customer_id = db_col_is_null(st, 3) ? 0 : db_col_int(st, 3);
	s = db_col(st, 4, NULL);
	snprintf(out->customer_ext, sizeof out->customer_ext, "%s", s ? s : "");
	snprintf(out->username, sizeof out->username, "%s", db_col(st, 5, NULL));
	snprintf(out->csrf, sizeof out->csrf, "%s", db_col(st, 6, NULL));
	/* Extend at most twice a minute: a write per page view would make
	 * every click a transaction. */
	if (db_col_int(st, 7) &&
	    !db_run(db, "UPDATE sessions SET last_seen = UTC_TIMESTAMP(),"
			" expires_at = LEAST(created_at + INTERVAL ? SECOND,"
			" UTC_TIMESTAMP() + INTERVAL ? SECOND) WHERE id_hash = ?",
		    "iib", (long long)lim->max_seconds,
		    (long long)lim->idle_seconds, digest, sizeof digest))
		return -1;
	return 1;
}

int sessions_end(struct db *db, const char *token)
{
	unsigned char digest[CODE_DIGEST_LEN];
	if (token_digest(token, digest) < 0)
		return 0;
	return db_run(db, "DELETE FROM sessions WHERE id_hash = ?", "b", digest,
		      sizeof digest) ? 0 : -1;
}

int sessions_end_account(struct db *db, long long account_id, const char *keep)
{
	/* All zeros matches no session: then every one ends. */
	unsigned char digest[CODE_DIGEST_LEN] = { 0 };
	if (keep && token_digest(keep, digest) < 0)
		memset(digest, 0, sizeof digest);
	return db_run(db, "DELETE FROM sessions WHERE account_id = ?"
			  " AND id_hash <> ?", "ib", account_id, digest,
		      sizeof digest) ? 0 : -1;
}
