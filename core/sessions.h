/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sessions.h - who is signed in to the portal or the dashboard.
 *
 * A session is a random token in an HttpOnly cookie; the database keeps
 * only its SHA-256 with the account, the CSRF token of the session's forms
 * and when it ends: after an idle time, and at the latest a fixed time
 * after sign-in, whichever comes first.
 */
#ifndef MPSK_CORE_SESSIONS_H
#define MPSK_CORE_SESSIONS_H

#include "core/codes.h"

struct db;

/* The signed-in account, as a request sees it. */
struct session {
	long long account_id;
	int staff;                  /* 0: a tenant */
	char role[12];              /* staff: "admin", "operator", "readonly" */
	long long customer_id;      /* tenant: the customer */
	char customer_ext[129];     /* tenant: its external id */
	char username[129];
	char csrf[TOKEN_TEXT_LEN];  /* the token its forms carry */
};

/* How long sessions last (from the configuration). */
struct session_limits {
	int idle_seconds;
	int max_seconds;
};

/* Start a session for an account. Fills token (for the cookie) and csrf.
 * 0, or -1 on a database error. */
int sessions_create(struct db *db, long long account_id, const char *source_ip,
		    const struct session_limits *lim, char token[TOKEN_TEXT_LEN],
		    char csrf[TOKEN_TEXT_LEN]);

/* The session a cookie's token names, if it is current and its account may
 * still sign in; extends it by the idle time. 1 found (out filled), 0 not,
 * -1 database error. */
int sessions_find(struct db *db, const char *token,
		  const struct session_limits *lim, struct session *out);

/* End one session (sign-out). 0 or -1. */
int sessions_end(struct db *db, const char *token);

/* End every session of an account but keep (NULL: all), e.g. after a
 * password change or when staff disable the account. 0 or -1. */
int sessions_end_account(struct db *db, long long account_id, const char *keep);

#endif
