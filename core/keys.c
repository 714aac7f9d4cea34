// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * keys.c - Wi-Fi keys. See keys.h.
 */
#include "core/keys.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/jsonget.h"
#include "core/passphrase.h"
#include "core/pmk.h"
#include "core/rowjson.h"
#include "core/store.h"
#include "core/timefmt.h"

#define KEYS_COLUMNS \
	"SELECT k.id, c.external_id AS customer, k.network_id AS network," \
	" n.ssid, k.passphrase, k.label, k.kind, k.status, k.valid_from," \
	" k.valid_until, k.vlan, k.rate_down_kbps, k.rate_up_kbps," \
	" k.max_devices, k.device_id AS device," \
	" (SELECT COUNT(*) FROM devices d WHERE d.key_id = k.id) AS devices," \
	" k.created_at, k.updated_at" \
	" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id" \
	" JOIN networks n ON n.id = k.network_id"
#define KEYS_TYPES "isis-sssttiiiiiitt"
#define KEYS_PASSPHRASE_COL 4
/* Collisions are astronomically rare with generated passphrases; a few
 * tries cover a tiny alphabet or length set by an operator. */
#define KEYS_GENERATE_TRIES 8

/* The row as JSON, adding the passphrase when asked. */
static struct json_object *keys_row_json(struct db_stmt *st, int with_secret)
{
	struct json_object *o = rowjson_object(st, KEYS_TYPES);
	if (with_secret) {
		size_t n;
		const char *p = db_col(st, KEYS_PASSPHRASE_COL, &n);
		json_object_object_add(o, "passphrase",
				       json_object_new_string_len(p, (int)n));
	}
	return o;
}

struct json_object *keys_get_json(struct db *db, long long id, int with_secret,
				  struct fault *f)
{
	struct db_stmt *st = db_run(db, KEYS_COLUMNS " WHERE k.id = ?", "i", id);
	if (store_found(db, st, f, "no key %lld", id) < 0)
		return NULL;
	return keys_row_json(st, with_secret);
}

struct json_object *keys_list_json(struct db *db, long long customer_id,
				   int with_secret, struct fault *f)
{
	struct db_stmt *st = db_run(db, KEYS_COLUMNS
				    " WHERE k.customer_id = ? ORDER BY k.id",
				    "i", customer_id);
	if (!st) {
		fault_db(f, db);
		return NULL;
	}
	struct json_object *a = json_object_new_array();
	int rc;
	while ((rc = db_next(st)) == 1)
		json_object_array_add(a, keys_row_json(st, with_secret));
	if (rc < 0) {
		json_object_put(a);
		fault_db(f, db);
		return NULL;
	}
	return a;
}

/* The network's SSID (for the PMK). 1, 0 unknown, -1 error. */
static int keys_network_ssid(struct db *db, long long network_id,
			     unsigned char ssid[32], size_t *len)
{
	struct db_stmt *st = db_run(db, "SELECT ssid FROM networks WHERE id = ?",
				    "i", network_id);
	int rc = st ? db_next(st) : -1;
	if (rc != 1)
		return rc;
	const char *s = db_col(st, 0, len);
	if (*len > 32)
		return -1;
	memcpy(ssid, s, *len);
	return 1;
}

/* Insert with one passphrase; 0, 1 on a duplicate passphrase, -1 error. */
static int keys_try_insert(struct db *db, const struct key_spec *s,
			   const char *pass, const unsigned char pmk[32],
			   long long *id)
{
	struct db_stmt *st = db_run(db,
		"INSERT INTO wifi_keys (network_id, customer_id, device_id,"
		" passphrase, pmk, label, kind, status, valid_from, valid_until,"
		" vlan, rate_down_kbps, rate_up_kbps, max_devices)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"iiIsbsssssIIII", s->network_id, s->customer_id, s->device_id,
		pass, pmk, (size_t)32, s->label ? s->label : "",
		s->kind ? s->kind : "normal", s->status ? s->status : "active",
		s->valid_from, s->valid_until, s->vlan, s->rate_down_kbps,
		s->rate_up_kbps, s->max_devices);
	if (st) {
		*id = (long long)db_insert_id(st);
		return 0;
	}
	return db_errno(db) == DB_ERR_DUP_ENTRY ? 1 : -1;
}

/* Choose the passphrase (given or generated) and derive its PMK, calling
 * write(ctx, pass, pmk) until it is not a duplicate. Returns 0, or -1 + f. */
static int keys_with_passphrase(struct db *db, long long network_id,
				const char *given, const struct keygen *gen,
				int (*write)(void *ctx, const char *pass,
					     const unsigned char pmk[32]),
				void *ctx, struct fault *f)
{
	unsigned char ssid[32], pmk[32];
	size_t ssid_len;
	int rc = keys_network_ssid(db, network_id, ssid, &ssid_len);
	if (rc <= 0)
		return rc < 0 ? fault_db(f, db) :
			fault_set(f, 422, "unknown_network", "network",
				  "no network %lld", network_id);
	if (given && passphrase_validate(given, strlen(given)) < 0)
		return fault_set(f, 422, "invalid_passphrase", "passphrase",
				 "a passphrase is 8 to 63 printable ASCII characters, or 64 hex digits");
	char pass[65];
	for (int i = 0; i < KEYS_GENERATE_TRIES; i++) {
		if (given)
			snprintf(pass, sizeof pass, "%s", given);
		else if (passphrase_generate(pass, (size_t)gen->length,
					     gen->alphabet) < 0)
			return fault_set(f, 500, "bad_configuration", NULL,
					 "passphrase_length or passphrase_alphabet is invalid");
		if (pmk_derive(pass, strlen(pass), ssid, ssid_len, pmk) < 0)
			return fault_set(f, 422, "invalid_passphrase", "passphrase",
					 "this passphrase cannot be used");
		rc = write(ctx, pass, pmk);
		sodium_memzero(pass, sizeof pass);
		sodium_memzero(pmk, sizeof pmk);
		if (rc <= 0)
			return rc < 0 ? fault_db(f, db) : 0;
		if (given)
			break;
	}
	return fault_set(f, 409, "duplicate_passphrase", "passphrase",
			 "this passphrase is already in use on the network");
}

struct keys_insert_ctx {
	struct db *db;
	const struct key_spec *spec;
	long long id;
};

static int keys_insert_write(void *ctx, const char *pass,
			     const unsigned char pmk[32])
{
	struct keys_insert_ctx *c = ctx;
	return keys_try_insert(c->db, c->spec, pass, pmk, &c->id);
}

long long keys_insert(struct db *db, const struct key_spec *spec,
		      const struct keygen *gen, struct fault *f)
{
	struct keys_insert_ctx c = { .db = db, .spec = spec, .id = -1 };
	if (keys_with_passphrase(db, spec->network_id, spec->passphrase, gen,
				 keys_insert_write, &c, f) < 0)
		return -1;
	return c.id;
}

int keys_time_member(struct json_object *in, const char *name, char out[20],
		     struct fault *f)
{
	const char *s = jsonget_str(in, name);
	if (!s)
		return 0;
	time_t t;
	if (timefmt_parse_rfc3339(s, &t) < 0)
		return fault_set(f, 422, "invalid_time", name,
				 "%s is an RFC 3339 time such as 2026-12-31T23:59:59Z",
				 name);
	timefmt_format_sql(t, out);
	return 1;
}

/* The validity members of in, checked: from before until. 0 or -1. */
static int keys_validity(struct json_object *in, char from[20], char until[20],
			 int *has_from, int *has_until, struct fault *f)
{
	*has_from = keys_time_member(in, "valid_from", from, f);
	if (*has_from < 0)
		return -1;
	*has_until = keys_time_member(in, "valid_until", until, f);
	if (*has_until < 0)
		return -1;
	if (*has_from == 1 && *has_until == 1 && strcmp(from, until) >= 0)
		return fault_set(f, 422, "invalid_validity", "valid_until",
				 "valid_until must be after valid_from");
	return 0;
}

/* Resolve the body's "network" (id or SSID), or the only network there is. */
static long long keys_pick_network(struct db *db, struct json_object *in,
				   struct fault *f)
{
	long long id = jsonget_int(in, "network");
	const char *ssid = jsonget_str(in, "ssid");
	struct db_stmt *st;
	if (id != DB_NULL_INT)
		st = db_run(db, "SELECT id FROM networks WHERE id = ?", "i", id);
	else if (ssid)
		st = db_run(db, "SELECT id FROM networks WHERE ssid = ?", "b",
			    ssid, strlen(ssid));
	else
		st = db_run(db, "SELECT id FROM networks ORDER BY id LIMIT 2", "");
	if (!st)
		return fault_db(f, db);
	int rc = db_next(st);
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0)
		return fault_set(f, 422, "unknown_network", "network",
				 "no such network");
	long long found = db_col_int(st, 0);
	if (id == DB_NULL_INT && !ssid && db_next(st) == 1)
		return fault_set(f, 422, "missing_field", "network",
				 "there are several networks: say which one");
	return found;
}

/* A tenant's guest keys in use against its plan's guest_keys_max. The
 * caller holds the customer's row lock, so concurrent requests are
 * counted one after the other and cannot all slip under the limit. */
static int keys_guest_room(struct db *db, long long cid, struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT p.guest_keys_max,"
		" (SELECT COUNT(*) FROM wifi_keys k WHERE k.customer_id = c.id"
		"  AND k.kind = 'guest' AND k.status = 'active'"
		"  AND (k.valid_until IS NULL OR k.valid_until > UTC_TIMESTAMP()))"
		" FROM customers c JOIN plans p ON p.id = c.plan_id WHERE c.id = ?",
		"i", cid);
	if (!st || db_next(st) != 1)
		return fault_db(f, db);
	long long max = db_col_int(st, 0), current = db_col_int(st, 1);
	if (current >= max)
		return fault_set(f, 409, "guest_key_limit", "kind",
				 "You already have %lld guest keys in use, the most your plan allows. "
				 "Revoke one first.", current);
	return 0;
}

static struct json_object *keys_create_in(struct db *db, const struct actor *who,
					  const char *ext, struct json_object *in,
					  const struct keygen *gen, int with_secret,
					  int guest_limit, struct fault *f)
{
	char from[20], until[20];
	int has_from, has_until;
	if (keys_validity(in, from, until, &has_from, &has_until, f) < 0)
		return NULL;
	const char *kind = jsonget_str(in, "kind");
	if (kind && strcmp(kind, "normal") != 0 && strcmp(kind, "guest") != 0) {
		fault_set(f, 422, "invalid_kind", "kind",
			  "kind is \"normal\" or \"guest\"");
		return NULL;
	}
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"SELECT id FROM customers WHERE external_id = ? FOR UPDATE", "s", ext);
	if (store_found(db, st, f, "no customer '%s'", ext) < 0) {
		store_abort(db);
		return NULL;
	}
	if (guest_limit && kind && strcmp(kind, "guest") == 0 &&
	    keys_guest_room(db, db_col_int(st, 0), f) < 0) {
		store_abort(db);
		return NULL;
	}
	struct key_spec spec = {
		.customer_id = db_col_int(st, 0), .device_id = DB_NULL_INT,
		.passphrase = jsonget_str(in, "passphrase"),
		.label = jsonget_str(in, "label"), .kind = kind,
		.valid_from = has_from ? from : NULL,
		.valid_until = has_until ? until : NULL,
		.vlan = jsonget_int(in, "vlan"),
		.rate_down_kbps = jsonget_int(in, "rate_down_kbps"),
		.rate_up_kbps = jsonget_int(in, "rate_up_kbps"),
		.max_devices = jsonget_int(in, "max_devices"),
	};
	spec.network_id = keys_pick_network(db, in, f);
	long long id = spec.network_id < 0 ? -1 : keys_insert(db, &spec, gen, f);
	if (id < 0) {
		store_abort(db);
		return NULL;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "customer", json_object_new_string(ext));
	json_object_object_add(detail, "network", json_object_new_int64(spec.network_id));
	int rc = store_commit(db, who, "key.create", "key", idtext, detail, f);
	json_object_put(detail);
	return rc < 0 ? NULL : keys_get_json(db, id, with_secret, f);
}

struct json_object *keys_create(struct db *db, const struct actor *who,
				const char *ext, struct json_object *in,
				const struct keygen *gen, int with_secret,
				struct fault *f)
{
	return keys_create_in(db, who, ext, in, gen, with_secret, 0, f);
}

struct json_object *keys_create_guest(struct db *db, const struct actor *who,
				      const char *ext, struct json_object *in,
				      const struct keygen *gen, struct fault *f)
{
	return keys_create_in(db, who, ext, in, gen, 0, 1, f);
}

struct json_object *keys_update(struct db *db, const struct actor *who,
				long long id, struct json_object *in,
				int with_secret, struct fault *f)
{
	char from[20], until[20];
	int has_from, has_until;
	if (keys_validity(in, from, until, &has_from, &has_until, f) < 0)
		return NULL;
	const char *status = jsonget_str(in, "status");
	if (status && strcmp(status, "active") != 0 &&
	    strcmp(status, "disabled") != 0 && strcmp(status, "revoked") != 0) {
		fault_set(f, 422, "invalid_status", "status",
			  "status is \"active\", \"disabled\" or \"revoked\"");
		return NULL;
	}
	if (store_begin(db, f) < 0)
		return NULL;
	/* Each member present replaces its column; absent ones stay. The
	 * flags (?, value) pairs keep this one literal statement. */
	struct db_stmt *st = db_run(db,
		"UPDATE wifi_keys SET"
		" status = IF(?, ?, status), label = IF(?, ?, label),"
		" valid_from = IF(?, ?, valid_from), valid_until = IF(?, ?, valid_until),"
		" vlan = IF(?, ?, vlan), rate_down_kbps = IF(?, ?, rate_down_kbps),"
		" rate_up_kbps = IF(?, ?, rate_up_kbps), max_devices = IF(?, ?, max_devices),"
		" updated_at = UTC_TIMESTAMP() WHERE id = ?",
		"isisisisiIiIiIiIi",
		(long long)(status != NULL), status,
		(long long)jsonget_has(in, "label"), jsonget_str(in, "label") ?
			jsonget_str(in, "label") : "",
		(long long)jsonget_has(in, "valid_from"), has_from ? from : NULL,
		(long long)jsonget_has(in, "valid_until"), has_until ? until : NULL,
		(long long)jsonget_has(in, "vlan"), jsonget_int(in, "vlan"),
		(long long)jsonget_has(in, "rate_down_kbps"), jsonget_int(in, "rate_down_kbps"),
		(long long)jsonget_has(in, "rate_up_kbps"), jsonget_int(in, "rate_up_kbps"),
		(long long)jsonget_has(in, "max_devices"), jsonget_int(in, "max_devices"),
		id);
	if (!st) {
		fault_db(f, db);
		store_abort(db);
		return NULL;
	}
	/* affected rows is 0 both for "no such key" and "nothing changed". */
	struct db_stmt *chk = db_run(db,
		"SELECT valid_from IS NOT NULL AND valid_until IS NOT NULL"
		" AND valid_from >= valid_until FROM wifi_keys WHERE id = ?", "i", id);
	int rc = chk ? db_next(chk) : -1;
	if (rc <= 0) {
		if (rc < 0)
			fault_db(f, db);
		else
			fault_set(f, 404, "not_found", NULL, "no key %lld", id);
		store_abort(db);
		return NULL;
	}
	if (db_col_int(chk, 0) == 1) {
		fault_set(f, 422, "invalid_validity", "valid_until",
			  "valid_until must be after valid_from");
		store_abort(db);
		return NULL;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	if (store_commit(db, who, "key.update", "key", idtext, in, f) < 0)
		return NULL;
	return keys_get_json(db, id, with_secret, f);
}

struct keys_rotate_ctx {
	struct db *db;
	long long id;
};

static int keys_rotate_write(void *ctx, const char *pass,
			     const unsigned char pmk[32])
{
	struct keys_rotate_ctx *c = ctx;
	if (db_run(c->db, "UPDATE wifi_keys SET passphrase = ?, pmk = ?,"
			  " updated_at = UTC_TIMESTAMP() WHERE id = ?", "sbi",
		   pass, pmk, (size_t)32, c->id))
		return 0;
	return db_errno(c->db) == DB_ERR_DUP_ENTRY ? 1 : -1;
}

struct json_object *keys_rotate(struct db *db, const struct actor *who,
				long long id, const char *passphrase,
				const struct keygen *gen, int with_secret,
				struct fault *f)
{
	if (passphrase && passphrase_validate(passphrase, strlen(passphrase)) < 0) {
		fault_set(f, 422, "invalid_passphrase", "passphrase",
			  "a passphrase is 8 to 63 printable ASCII characters, or 64 hex digits");
		return NULL;
	}
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"SELECT network_id, passphrase = ? FROM wifi_keys WHERE id = ?"
		" FOR UPDATE", "si", passphrase ? passphrase : "", id);
	if (store_found(db, st, f, "no key %lld", id) < 0) {
		store_abort(db);
		return NULL;
	}
	long long network_id = db_col_int(st, 0);
	if (db_col_int(st, 1) == 1) {
		fault_set(f, 422, "same_passphrase", "passphrase",
			  "rotation needs a passphrase other than the current one");
		store_abort(db);
		return NULL;
	}
	struct keys_rotate_ctx c = { .db = db, .id = id };
	if (keys_with_passphrase(db, network_id, passphrase, gen, keys_rotate_write,
				 &c, f) < 0) {
		store_abort(db);
		return NULL;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	if (store_commit(db, who, "key.rotate", "key", idtext, NULL, f) < 0)
		return NULL;
	return keys_get_json(db, id, with_secret, f);
}

int keys_delete(struct db *db, const struct actor *who, long long id,
		struct fault *f)
{
	return store_delete(db, who, "DELETE FROM wifi_keys WHERE id = ?", id, NULL,
			    "key", "key_in_use",
			    "devices still use this key; move or remove them first", f);
}

int keys_secret(struct db *db, long long id, unsigned char ssid[32],
		size_t *ssid_len, char passphrase[65], struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT n.ssid, k.passphrase FROM wifi_keys k"
		" JOIN networks n ON n.id = k.network_id WHERE k.id = ?", "i", id);
	if (store_found(db, st, f, "no key %lld", id) < 0)
		return -1;
	size_t n, m;
	const char *s = db_col(st, 0, &n);
	const char *p = db_col(st, 1, &m);
	if (n > 32 || m > 64)
		return fault_set(f, 500, "corrupt_row", NULL, "stored key is invalid");
	memcpy(ssid, s, n);
	*ssid_len = n;
	memcpy(passphrase, p, m);
	passphrase[m] = '\0';
	return 0;
}
