/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * accounts.h - the people who sign in: tenants (one account per customer)
 * and staff (with a role), their passwords, the sign-in rate limit, and the
 * one-time codes that let them in the first time.
 *
 * Nobody is ever told whether a username exists: a wrong username and a
 * wrong password get the same answer after the same work, and are
 * throttled alike.
 */
#ifndef MPSK_CORE_ACCOUNTS_H
#define MPSK_CORE_ACCOUNTS_H

#include "core/codes.h"

struct db;
struct fault;
struct actor;
struct keygen;

/*
 * The sign-in limits (from the configuration): a soft lockout. Failures
 * are counted per (username, source network) and per source network; the
 * network is the address for IPv4 and its /64 for IPv6. A source that used
 * up a budget is refused, before any password is hashed, until its window
 * ends; anybody elsewhere still signs in, so nobody can lock a tenant out.
 */
struct signin_limits {
	int max_failures;        /* per username from one source network ... */
	int lockout_seconds;     /* ... per window this long */
	int ip_max_failures;     /* per source network, any usernames ... */
	int ip_window_seconds;   /* ... per window this long */
};

/* What a person is told when the hashing gate is full (SIGNIN_BUSY, and
 * the 503 fault of the calls below that hash a password). */
#define ACCOUNTS_BUSY_TEXT "Many people are signing in right now. Please try again in a few seconds."

enum signin_result {
	SIGNIN_OK,
	SIGNIN_REFUSED,     /* the password was checked: unknown username,
			     * wrong password or an account that may not
			     * sign in */
	SIGNIN_THROTTLED,   /* a budget is used up: refused unchecked */
	SIGNIN_BUSY,        /* the hashing gate is full: refused unchecked,
			     * nothing counted; try again in a moment */
	SIGNIN_ERROR,       /* the database failed */
};

/*
 * accounts_signin - check a username and password.
 * @staff: 1 for the dashboard, 0 for the portal (separate namespaces).
 * @source_ip: the peer address (REMOTE_ADDR); counted as its network.
 * @account_id: set on SIGNIN_OK.
 *
 * Each attempt first takes a place in both budgets with one atomic
 * statement each (so concurrent guesses cannot share one place), and
 * only then hashes; a failure keeps its places, a success gives them
 * back. An unknown username costs the same hash and is counted the same
 * way as a known one, so neither the answer nor its timing tells which
 * usernames exist.
 */
enum signin_result accounts_signin(struct db *db, int staff, const char *username,
				   const char *password, const char *source_ip,
				   const struct signin_limits *lim,
				   long long *account_id);

/* A new activation code for a tenant (the customer with internal id
 * customer_id) or, with customer_id 0, for the staff account account_id;
 * valid for days. Earlier unused codes of the same account stop working.
 * Audited. 0, or -1 + f. */
int accounts_issue_activation(struct db *db, const struct actor *who,
			      long long customer_id, long long account_id,
			      int days, char code[CODE_TEXT_LEN], struct fault *f);

/* What accounts_welcome_code() found or did. */
enum accounts_welcome {
	ACCOUNTS_WELCOME_SIGNED_IN = 0,   /* the tenant has a password: no code */
	ACCOUNTS_WELCOME_OUTSTANDING = 1, /* an unused code is still valid: none made */
	ACCOUNTS_WELCOME_ISSUED = 2,      /* a new code is in code */
};

/*
 * accounts_welcome_code - the activation code for a welcome card of the
 * customer with internal id customer_id. Codes are stored hashed, so an
 * outstanding one cannot be printed again; and issuing a new one ends it,
 * which would break a card already mailed. So: a tenant who has signed in
 * gets none (SIGNED_IN); one with a valid unused code gets none unless
 * renew (OUTSTANDING, with that code's expiry date, YYYY-MM-DD, in until);
 * else a new code valid for days is made, ending any earlier one (ISSUED,
 * audited as activation.issue). One transaction with the customer's row
 * locked, so concurrent prints cannot both issue. Returns the enum, or
 * -1 + f.
 */
int accounts_welcome_code(struct db *db, const struct actor *who,
			  long long customer_id, int renew, int days,
			  char code[CODE_TEXT_LEN], char until[20], struct fault *f);

/*
 * accounts_activate - redeem an activation code: set the password (and,
 * for a tenant's first access, the username). Returns the account id, or
 * -1 + f: 422 with a message for the form (unknown or used code, username
 * taken, password refused by the policy), 503 when the hashing gate is
 * full (as for every call here that hashes a password).
 */
long long accounts_activate(struct db *db, const struct actor *who,
			    const char *code, const char *username,
			    const char *password, struct fault *f);

/* A new invitation for a building (and optionally a unit) on a plan, for
 * max_uses sign-ups within days. Returns its id, or -1 + f. */
long long accounts_issue_invitation(struct db *db, const struct actor *who,
				    const char *building, const char *unit,
				    const char *plan, int max_uses, int days,
				    char code[CODE_TEXT_LEN], struct fault *f);

/* What a new tenant fills in to sign up. */
struct signup {
	const char *code;
	const char *name;
	const char *email;
	const char *username;
	const char *password;
	const char *unit;      /* when the invitation is for a whole building */
};

/* Sign up with an invitation: a new customer on the invitation's plan in
 * its building, with its keys, and an account, in one transaction.
 * Returns the account id, or -1 + f (422 with a message for the form). */
long long accounts_signup(struct db *db, const struct actor *who,
			  const struct signup *in, const struct keygen *gen,
			  struct fault *f);

/* Change the password of an account after checking the current one.
 * 0, or -1 + f (422 wrong current password, policy). */
int accounts_change_password(struct db *db, const struct actor *who,
			     long long account_id, const char *current,
			     const char *password, struct fault *f);

/* Set a password without knowing the current one (the command line, an
 * administrator's reset); ends the account's sessions. 0, or -1 + f. */
int accounts_set_password(struct db *db, const struct actor *who,
			  long long account_id, const char *password,
			  struct fault *f);

/* Give the tenant of customer_id a username and password at once (the
 * command line, demo data). Returns the account id, or -1 + f. */
long long accounts_set_tenant_login(struct db *db, const struct actor *who,
				    long long customer_id, const char *username,
				    const char *password, struct fault *f);

/* Create a staff account (no password yet: it gets an activation code).
 * role is "admin", "operator" or "readonly". Returns its id, or -1 + f. */
long long accounts_create_staff(struct db *db, const struct actor *who,
				const char *username, const char *role,
				struct fault *f);

/* 1 when username is acceptable: 1..128 bytes of letters, digits and
 * . _ @ + - (e-mail addresses fit). */
int accounts_valid_username(const char *username);

#endif
