// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * accounts.c - sign-in, activation, invitations. See accounts.h.
 */
#include "core/accounts.h"

#include <json.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/customers.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/ipnet.h"
#include "core/password.h"
#include "core/sessions.h"
#include "core/store.h"
#include "core/utf8.h"

int accounts_valid_username(const char *username)
{
	size_t n = strlen(username);
	if (n < 1 || n > 128)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = username[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("._@+-", c)))
			return 0;
	}
	return 1;
}

/* What one attempt is counted under: the source network and the digest
 * of "<kind>:<username>" (see migration 0008). */
struct accounts_attempt {
	char source[IPNET_CLIENT_MAX];
	unsigned char subject[crypto_hash_sha256_BYTES];
};

static void accounts_attempt_init(struct accounts_attempt *at, int staff,
				  const char *username, const char *source_ip)
{
	/* Not an address (no REMOTE_ADDR): all such share one budget. */
	if (ipnet_client_network(source_ip, at->source) < 0)
		snprintf(at->source, sizeof at->source, "unknown");
	crypto_hash_sha256_state h;
	const char *kind = staff ? "staff:" : "tenant:";
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)kind, strlen(kind));
	crypto_hash_sha256_update(&h, (const unsigned char *)username, strlen(username));
	crypto_hash_sha256_final(&h, at->subject);
}

/*
 * Take a place in one budget (subject_len 0: the source's own), in one
 * statement, so concurrent attempts can never both take the last place:
 * a new row is 1 affected row, a row counted one more or whose window
 * ended and starts again is 2, a full row is left alone and is 0 (the
 * connection does not ask for found rows). 1 taken, 0 full, -1 error.
 */
static int accounts_take(struct db *db, const struct accounts_attempt *at,
			 size_t subject_len, int max, int window)
{
	struct db_stmt *st = db_run(db,
		"INSERT INTO signin_failures (source_ip, subject, window_start, failures)"
		" VALUES (?, ?, UTC_TIMESTAMP(), 1) ON DUPLICATE KEY UPDATE"
		/* MariaDB assigns left to right: window_start is still the
		 * old one when failures is decided. */
		" failures = IF(window_start <= UTC_TIMESTAMP() - INTERVAL ? SECOND, 1,"
		" IF(failures < ?, failures + 1, failures)),"
		" window_start = IF(window_start <= UTC_TIMESTAMP() - INTERVAL ? SECOND,"
		" UTC_TIMESTAMP(), window_start)",
		"sbiii", at->source, at->subject, subject_len, (long long)window,
		(long long)max, (long long)window);
	if (!st)
		return -1;
	return db_affected(st) > 0;
}

/* Give back a place that was not a failure (a success, a busy gate). */
static void accounts_give_back(struct db *db, const struct accounts_attempt *at,
			       size_t subject_len)
{
	db_run(db, "UPDATE signin_failures SET failures = failures - 1"
		   " WHERE source_ip = ? AND subject = ? AND failures > 0", "sb",
	       at->source, at->subject, subject_len);
}

/* Take a place in the source's budget, then in the username's from that
 * source; when the second is full the first is given back. */
static enum signin_result accounts_take_both(struct db *db,
					     const struct accounts_attempt *at,
					     const struct signin_limits *lim)
{
	int rc = accounts_take(db, at, 0, lim->ip_max_failures, lim->ip_window_seconds);
	if (rc <= 0)
		return rc < 0 ? SIGNIN_ERROR : SIGNIN_THROTTLED;
	rc = accounts_take(db, at, sizeof at->subject, lim->max_failures,
			   lim->lockout_seconds);
	if (rc <= 0) {
		accounts_give_back(db, at, 0);
		return rc < 0 ? SIGNIN_ERROR : SIGNIN_THROTTLED;
	}
	return SIGNIN_OK;
}

/* The account behind a username: its id, hash and whether it may sign in
 * (id 0 and hash "" when there is none). 0, or -1 on a database error. */
static int accounts_find(struct db *db, int staff, const char *username,
			 long long *id, char hash[PASSWORD_HASH_MAX], int *usable)
{
	struct db_stmt *st = db_run(db,
		"SELECT a.id, a.password_hash,"
		" a.status = 'active' AND (c.id IS NULL OR c.status <> 'terminated')"
		" FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id"
		" WHERE a.kind = ? AND a.username = ?", "ss",
		staff ? "staff" : "tenant", username);
	int rc = st ? db_next(st) : -1;
	*id = 0;
	*usable = 0;
	hash[0] = '\0';
	if (rc != 1)
		return rc;
	*id = db_col_int(st, 0);
	const char *h = db_col(st, 1, NULL);
	snprintf(hash, PASSWORD_HASH_MAX, "%s", h ? h : "");
	*usable = (int)db_col_int(st, 2);
	return 0;
}

/* Check the password inside the gate (the caller entered it): an account
 * without a password and an unknown username cost the same hash. A good
 * password with old parameters is hashed again while we are here. */
static int accounts_check(struct db *db, long long id, const char *hash,
			  const char *password)
{
	if (!*hash) {
		password_verify_nobody(password);
		return 0;
	}
	if (!password_verify(hash, password))
		return 0;
	if (password_needs_rehash(hash)) {
		char fresh[PASSWORD_HASH_MAX];
		if (password_hash(password, fresh) == 0)
			db_run(db, "UPDATE accounts SET password_hash = ? WHERE id = ?",
			       "si", fresh, id);
	}
	return 1;
}

enum signin_result accounts_signin(struct db *db, int staff, const char *username,
				   const char *password, const char *source_ip,
				   const struct signin_limits *lim,
				   long long *account_id)
{
	struct accounts_attempt at;
	accounts_attempt_init(&at, staff, username, source_ip);
	/* Refused before any hashing: the throttled cost almost nothing. */
	enum signin_result r = accounts_take_both(db, &at, lim);
	if (r != SIGNIN_OK)
		return r;
	char hash[PASSWORD_HASH_MAX];
	long long id;
	int usable;
	if (accounts_find(db, staff, username, &id, hash, &usable) < 0)
		return SIGNIN_ERROR;
	if (!password_gate_enter()) {
		/* Not checked, so not a failure. */
		accounts_give_back(db, &at, sizeof at.subject);
		accounts_give_back(db, &at, 0);
		return SIGNIN_BUSY;
	}
	int ok = accounts_check(db, id, hash, password);
	password_gate_leave();
	if (!ok || !usable)
		return SIGNIN_REFUSED; /* both places stay taken: a failure */
	/* A success forgets this username's failures from this source, and
	 * is not a failure of the source. */
	if (!db_run(db, "DELETE FROM signin_failures WHERE source_ip = ? AND subject = ?",
		    "sb", at.source, at.subject, sizeof at.subject))
		return SIGNIN_ERROR;
	accounts_give_back(db, &at, 0);
	if (!db_run(db, "UPDATE accounts SET last_login = UTC_TIMESTAMP() WHERE id = ?",
		    "i", id))
		return SIGNIN_ERROR;
	*account_id = id;
	return SIGNIN_OK;
}

/* The row a code's lookup should find: 0 with it current, else -1 with f
 * (the database's failure, or 422 with why for the form). */
static int accounts_row_found(struct db *db, struct db_stmt *st, struct fault *f,
			      const char *code, const char *field, const char *why)
{
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0)
		return fault_set(f, 422, code, field, "%s", why);
	return 0;
}

/* Inside the caller's transaction: end the account's unused codes and
 * store digest as its new one, valid for days. 0, or -1 + f. */
static int accounts_replace_code(struct db *db, const struct actor *who,
				 long long customer_id, long long account_id,
				 int days, const unsigned char digest[CODE_DIGEST_LEN],
				 struct fault *f)
{
	if (!db_run(db, "UPDATE activation_codes SET used_at = UTC_TIMESTAMP()"
			" WHERE used_at IS NULL AND (customer_id = ? OR account_id = ?)",
		    "ii", customer_id, account_id) ||
	    !db_run(db, "INSERT INTO activation_codes (code_hash, customer_id,"
			" account_id, expires_at, created_by) VALUES (?, ?, ?,"
			" UTC_TIMESTAMP() + INTERVAL ? DAY, ?)", "bIIis",
		    digest, (size_t)CODE_DIGEST_LEN,
		    customer_id ? customer_id : DB_NULL_INT,
		    customer_id ? DB_NULL_INT : account_id, (long long)days,
		    who->name))
		return fault_db(f, db);
	return 0;
}

int accounts_issue_activation(struct db *db, const struct actor *who,
			      long long customer_id, long long account_id,
			      int days, char code[CODE_TEXT_LEN], struct fault *f)
{
	unsigned char digest[CODE_DIGEST_LEN];
	code_generate(code);
	code_digest(code, digest);
	if (store_begin(db, f) < 0)
		return -1;
	/* The same row lock as accounts_welcome_code(): a print and this
	 * cannot both replace the tenant's code at once. */
	struct db_stmt *st = customer_id
		? db_run(db, "SELECT external_id FROM customers WHERE id = ? FOR UPDATE",
			 "i", customer_id)
		: db_run(db, "SELECT username FROM accounts WHERE id = ?"
			     " AND kind = 'staff' FOR UPDATE", "i", account_id);
	if (store_found(db, st, f, "no such %s", customer_id ? "customer" : "account") < 0)
		return store_abort(db);
	char object_id[129];
	snprintf(object_id, sizeof object_id, "%s", db_col(st, 0, NULL));
	if (accounts_replace_code(db, who, customer_id, account_id, days, digest, f) < 0)
		return store_abort(db);
	return store_commit(db, who, "activation.issue",
			    customer_id ? "customer" : "account", object_id,
			    NULL, f);
}

int accounts_welcome_code(struct db *db, const struct actor *who,
			  long long customer_id, int renew, int days,
			  char code[CODE_TEXT_LEN], char until[20], struct fault *f)
{
	unsigned char digest[CODE_DIGEST_LEN];
	code[0] = until[0] = '\0';
	if (store_begin(db, f) < 0)
		return -1;
	/* The customer's row lock serialises two prints (and a staff
	 * member's "Issue activation code") for the same tenant, so that
	 * both cannot see "no code yet" and the second undo the first. */
	struct db_stmt *st = db_run(db,
		"SELECT c.external_id, EXISTS(SELECT 1 FROM accounts a"
		"  WHERE a.customer_id = c.id AND a.password_hash IS NOT NULL)"
		" FROM customers c WHERE c.id = ? FOR UPDATE", "i", customer_id);
	if (store_found(db, st, f, "no such customer") < 0)
		return store_abort(db);
	char object_id[129];
	snprintf(object_id, sizeof object_id, "%s", db_col(st, 0, NULL));
	if (db_col_int(st, 1)) {
		store_abort(db);
		return ACCOUNTS_WELCOME_SIGNED_IN;
	}
	st = db_run(db, "SELECT DATE_FORMAT(MAX(expires_at), '%Y-%m-%d')"
			" FROM activation_codes WHERE customer_id = ?"
			" AND used_at IS NULL AND expires_at > UTC_TIMESTAMP()",
		    "i", customer_id);
	if (!st || db_next(st) != 1) {
		fault_db(f, db);
		return store_abort(db);
	}
	int outstanding = !db_col_is_null(st, 0);
	if (outstanding && !renew) {
		snprintf(until, 20, "%s", db_col(st, 0, NULL));
		store_abort(db);
		return ACCOUNTS_WELCOME_OUTSTANDING;
	}
	code_generate(code);
	code_digest(code, digest);
	if (accounts_replace_code(db, who, customer_id, 0, days, digest, f) < 0) {
		sodium_memzero(code, CODE_TEXT_LEN);
		return store_abort(db);
	}
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "via", json_object_new_string("welcome cards"));
	json_object_object_add(detail, "replaced_outstanding",
			       json_object_new_boolean(outstanding));
	int rc = store_commit(db, who, "activation.issue", "customer", object_id,
			      detail, f);
	json_object_put(detail);
	if (rc < 0) {
		sodium_memzero(code, CODE_TEXT_LEN);
		return -1;
	}
	return ACCOUNTS_WELCOME_ISSUED;
}

/* Insert or update the password of a tenant account for customer_id, or
 * set the staff account's. Returns the account id or -1 + f. */
static long long accounts_set_login(struct db *db, long long customer_id,
				    long long account_id, const char *username,
				    const char *hash, struct fault *f)
{
	struct db_stmt *st;
	if (!customer_id) {
		st = db_run(db, "UPDATE accounts SET password_hash = ?,"
				" failed_logins = 0, locked_until = NULL,"
				" updated_at = UTC_TIMESTAMP() WHERE id = ?", "si",
			    hash, account_id);
		return st ? account_id : fault_db(f, db);
	}
	st = db_run(db, "SELECT id FROM accounts WHERE customer_id = ? FOR UPDATE",
		    "i", customer_id);
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	long long id = rc ? db_col_int(st, 0) : 0;
	if (id)
		st = db_run(db, "UPDATE accounts SET username = ?, password_hash = ?,"
				" failed_logins = 0, locked_until = NULL,"
				" updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssi",
			    username, hash, id);
	else
		st = db_run(db, "INSERT INTO accounts (kind, username, password_hash,"
				" customer_id) VALUES ('tenant', ?, ?, ?)", "ssi",
			    username, hash, customer_id);
	if (!st && db_errno(db) == DB_ERR_DUP_ENTRY)
		return fault_set(f, 422, "username_taken", "username",
				 "That username is taken; choose another.");
	if (!st)
		return fault_db(f, db);
	return id ? id : (long long)db_insert_id(st);
}

/* The hashing gate is full (see password.h): 503, and the form says to
 * press again. -1. */
static int accounts_busy(struct fault *f)
{
	return fault_set(f, 503, "busy", NULL, ACCOUNTS_BUSY_TEXT);
}

/* Check a new username and password and hash the password (slow: done
 * before any transaction starts). 0, or -1 + f. */
static int accounts_prepare_login(const char *username, const char *password,
				  char hash[PASSWORD_HASH_MAX], struct fault *f)
{
	if (username && !accounts_valid_username(username))
		return fault_set(f, 422, "invalid_username", "username",
				 "A username is 1 to 128 letters, digits and . _ @ + -");
	const char *why = password_check_policy(password, username);
	if (why)
		return fault_set(f, 422, "weak_password", "password", "%s", why);
	if (!password_gate_enter())
		return accounts_busy(f);
	int rc = password_hash(password, hash);
	password_gate_leave();
	if (rc != 0)
		return fault_set(f, 500, "internal", NULL, "could not hash the password");
	return 0;
}

long long accounts_activate(struct db *db, const struct actor *who,
			    const char *code, const char *username,
			    const char *password, struct fault *f)
{
	unsigned char digest[CODE_DIGEST_LEN];
	char hash[PASSWORD_HASH_MAX];
	if (code_digest(code, digest) < 0)
		return fault_set(f, 422, "unknown_code", "code",
				 "That activation code is not valid, has expired or has been used.");
	if (accounts_prepare_login(username, password, hash, f) < 0)
		return -1;
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db,
		"SELECT c.id, c.customer_id, c.account_id, a.username"
		" FROM activation_codes c LEFT JOIN accounts a ON a.id = c.account_id"
		" WHERE c.code_hash = ? AND c.used_at IS NULL"
		" AND c.expires_at > UTC_TIMESTAMP() FOR UPDATE",
		"b", digest, sizeof digest);
	if (accounts_row_found(db, st, f, "unknown_code", "code",
			       "That activation code is not valid, has expired or has been used.") < 0)
		return store_abort(db);
	long long code_id = db_col_int(st, 0);
	long long customer_id = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
	long long account_id = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
	char name[129];
	snprintf(name, sizeof name, "%s",
		 customer_id ? username : db_col(st, 3, NULL));
	long long id = accounts_set_login(db, customer_id, account_id, name, hash, f);
	if (id < 0)
		return store_abort(db);
	if (!db_run(db, "UPDATE activation_codes SET used_at = UTC_TIMESTAMP()"
			" WHERE id = ?", "i", code_id) ||
	    sessions_end_account(db, id, NULL) < 0) {
		fault_db(f, db);
		return store_abort(db);
	}
	struct actor self = { who->name, who->source_ip };
	char actor_name[160];
	snprintf(actor_name, sizeof actor_name, "%s:%s",
		 customer_id ? "tenant" : "staff", name);
	self.name = actor_name;
	if (store_commit(db, &self, "account.activate", "account", name, NULL, f) < 0)
		return -1;
	return id;
}

/* 0 when text is 0..max bytes of UTF-8 without control characters
 * (required: at least one byte); else -1 + f naming field. */
static int accounts_check_text(const char *text, size_t max, int required,
			       const char *field, const char *label,
			       struct fault *f)
{
	size_t n = text ? strlen(text) : 0;
	if (required && n == 0)
		return fault_set(f, 422, "missing_field", field, "%s is required.", label);
	if (n > max)
		return fault_set(f, 422, "invalid_length", field,
				 "%s is too long (at most %zu bytes).", label, max);
	if (n && !utf8_valid((const unsigned char *)text, n))
		return fault_set(f, 422, "invalid_text", field,
				 "%s is not valid text.", label);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			return fault_set(f, 422, "invalid_text", field,
					 "%s must not contain control characters.", label);
	return 0;
}

long long accounts_issue_invitation(struct db *db, const struct actor *who,
				    const char *building, const char *unit,
				    const char *plan, int max_uses, int days,
				    char code[CODE_TEXT_LEN], struct fault *f)
{
	unsigned char digest[CODE_DIGEST_LEN];
	if (accounts_check_text(building, 128, 1, "building", "The building", f) < 0 ||
	    accounts_check_text(unit, 64, 0, "unit", "The unit", f) < 0)
		return -1;
	if (max_uses < 1 || max_uses > 10000)
		return fault_set(f, 422, "out_of_range", "max_uses",
				 "An invitation is for 1 to 10000 sign-ups.");
	if (days < 1 || days > 365)
		return fault_set(f, 422, "out_of_range", "days",
				 "An invitation lasts 1 to 365 days.");
	code_generate(code);
	code_digest(code, digest);
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db, "SELECT id FROM plans WHERE name = ?",
				    "s", plan ? plan : "");
	if (accounts_row_found(db, st, f, "unknown_plan", "plan", "Choose a plan.") < 0)
		return store_abort(db);
	long long plan_id = db_col_int(st, 0);
	st = db_run(db, "INSERT INTO invitations (code_hash, building, unit,"
			" plan_id, max_uses, expires_at, created_by) VALUES"
			" (?, ?, ?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? DAY, ?)",
		    "bssiiis", digest, sizeof digest, building,
		    unit && *unit ? unit : NULL, plan_id, (long long)max_uses,
		    (long long)days, who->name);
	if (!st) {
		fault_db(f, db);
		return store_abort(db);
	}
	long long id = (long long)db_insert_id(st);
	char object_id[24];
	snprintf(object_id, sizeof object_id, "%lld", id);
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "building", json_object_new_string(building));
	json_object_object_add(d, "max_uses", json_object_new_int(max_uses));
	int rc = store_commit(db, who, "invitation.create", "invitation", object_id, d, f);
	json_object_put(d);
	return rc < 0 ? -1 : id;
}

long long accounts_signup(struct db *db, const struct actor *who,
			  const struct signup *in, const struct keygen *gen,
			  struct fault *f)
{
	unsigned char digest[CODE_DIGEST_LEN];
	char hash[PASSWORD_HASH_MAX];
	if (code_digest(in->code ? in->code : "", digest) < 0)
		return fault_set(f, 422, "unknown_code", "code",
				 "That invitation code is not valid, has expired or has been used up.");
	if (accounts_check_text(in->name, 255, 1, "name", "Your name", f) < 0 ||
	    accounts_check_text(in->unit, 64, 0, "unit", "The unit", f) < 0 ||
	    accounts_prepare_login(in->username, in->password, hash, f) < 0)
		return -1;
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db,
		"SELECT i.id, i.building, i.unit, p.name FROM invitations i"
		" JOIN plans p ON p.id = i.plan_id WHERE i.code_hash = ?"
		" AND i.uses < i.max_uses AND i.expires_at > UTC_TIMESTAMP()"
		" FOR UPDATE", "b", digest, sizeof digest);
	if (accounts_row_found(db, st, f, "unknown_code", "code",
			       "That invitation code is not valid, has expired or has been used up.") < 0)
		return store_abort(db);
	long long invitation = db_col_int(st, 0);
	char ext[32], random[13];
	unsigned char raw[6];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(random, sizeof random, raw, sizeof raw);
	snprintf(ext, sizeof ext, "self-%s", random);
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "name", json_object_new_string(in->name));
	if (in->email && *in->email)
		json_object_object_add(c, "email", json_object_new_string(in->email));
	json_object_object_add(c, "plan", json_object_new_string(db_col(st, 3, NULL)));
	json_object_object_add(c, "building", json_object_new_string(db_col(st, 1, NULL)));
	const char *unit = db_col(st, 2, NULL);
	if (!unit)
		unit = in->unit;
	if (unit && *unit)
		json_object_object_add(c, "unit", json_object_new_string(unit));
	int created;
	long long customer = customers_upsert_in(db, ext, c, gen, 0, &created, f);
	long long id = customer < 0 ? -1
		: accounts_set_login(db, customer, 0, in->username, hash, f);
	if (id < 0) {
		json_object_put(c);
		return store_abort(db);
	}
	if (!db_run(db, "UPDATE invitations SET uses = uses + 1 WHERE id = ?",
		    "i", invitation)) {
		json_object_put(c);
		fault_db(f, db);
		return store_abort(db);
	}
	json_object_object_add(c, "invitation", json_object_new_int64(invitation));
	json_object_object_add(c, "username", json_object_new_string(in->username));
	int rc = store_commit(db, who, "customer.signup", "customer", ext, c, f);
	json_object_put(c);
	return rc < 0 ? -1 : id;
}

int accounts_change_password(struct db *db, const struct actor *who,
			     long long account_id, const char *current,
			     const char *password, struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT password_hash, username FROM accounts WHERE id = ?",
		"i", account_id);
	if (store_found(db, st, f, "no such account") < 0)
		return -1;
	char hash[PASSWORD_HASH_MAX], username[129];
	const char *h = db_col(st, 0, NULL);
	snprintf(hash, sizeof hash, "%s", h ? h : "");
	snprintf(username, sizeof username, "%s", db_col(st, 1, NULL));
	if (!password_gate_enter())
		return accounts_busy(f);
	int right = password_verify(hash, current);
	password_gate_leave();
	if (!right)
		return fault_set(f, 422, "wrong_password", "current",
				 "The current password is not right.");
	if (accounts_prepare_login(NULL, password, hash, f) < 0)
		return -1;
	if (strcmp(password, username) == 0)
		return fault_set(f, 422, "weak_password", "password",
				 "The password must not be your username.");
	if (store_begin(db, f) < 0)
		return -1;
	if (!db_run(db, "UPDATE accounts SET password_hash = ?,"
			" updated_at = UTC_TIMESTAMP() WHERE id = ?", "si",
		    hash, account_id)) {
		fault_db(f, db);
		return store_abort(db);
	}
	return store_commit(db, who, "account.password", "account", username,
			    NULL, f);
}

long long accounts_create_staff(struct db *db, const struct actor *who,
				const char *username, const char *role,
				struct fault *f)
{
	if (!accounts_valid_username(username))
		return fault_set(f, 422, "invalid_username", "username",
				 "A username is 1 to 128 letters, digits and . _ @ + -");
	if (!role || (strcmp(role, "admin") != 0 && strcmp(role, "operator") != 0 &&
		      strcmp(role, "readonly") != 0))
		return fault_set(f, 422, "invalid_role", "role",
				 "The role is admin, operator or readonly.");
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db, "INSERT INTO accounts (kind, username, role)"
				    " VALUES ('staff', ?, ?)", "ss", username, role);
	if (!st) {
		if (db_errno(db) == DB_ERR_DUP_ENTRY)
			fault_set(f, 409, "username_taken", "username",
				  "There is already a staff account called %s.", username);
		else
			fault_db(f, db);
		return store_abort(db);
	}
	long long id = (long long)db_insert_id(st);
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "role", json_object_new_string(role));
	int rc = store_commit(db, who, "account.create", "account", username, d, f);
	json_object_put(d);
	return rc < 0 ? -1 : id;
}

int accounts_set_password(struct db *db, const struct actor *who,
			  long long account_id, const char *password,
			  struct fault *f)
{
	char hash[PASSWORD_HASH_MAX];
	struct db_stmt *st = db_run(db, "SELECT username FROM accounts WHERE id = ?",
				    "i", account_id);
	if (store_found(db, st, f, "no such account") < 0)
		return -1;
	char username[129];
	snprintf(username, sizeof username, "%s", db_col(st, 0, NULL));
	if (accounts_prepare_login(username, password, hash, f) < 0 ||
	    store_begin(db, f) < 0)
		return -1;
	if (accounts_set_login(db, 0, account_id, username, hash, f) < 0)
		return store_abort(db);
	if (sessions_end_account(db, account_id, NULL) < 0) {
		fault_db(f, db);
		return store_abort(db);
	}
	return store_commit(db, who, "account.password_reset", "account",
			    username, NULL, f);
}

long long accounts_set_tenant_login(struct db *db, const struct actor *who,
				    long long customer_id, const char *username,
				    const char *password, struct fault *f)
{
	char hash[PASSWORD_HASH_MAX];
	if (accounts_prepare_login(username, password, hash, f) < 0 ||
	    store_begin(db, f) < 0)
		return -1;
	long long id = accounts_set_login(db, customer_id, 0, username, hash, f);
	if (id < 0)
		return store_abort(db);
	if (sessions_end_account(db, id, NULL) < 0) {
		fault_db(f, db);
		return store_abort(db);
	}
	if (store_commit(db, who, "account.password_reset", "account", username,
			 NULL, f) < 0)
		return -1;
	return id;
}
