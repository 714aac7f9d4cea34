// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nas.c - RADIUS clients. See nas.h.
 */
#include "core/nas.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/ipnet.h"
#include "core/jsonget.h"
#include "core/rowjson.h"
#include "core/store.h"

#define NAS_COLUMNS \
	"SELECT id, name, address, vendor, require_message_authenticator," \
	" coa_port, secret_weak, created_at, updated_at FROM nas"
#define NAS_TYPES "isssbibtt"

/* RFC 6614 §4.2 and RFC 2865 §3 advise secrets of 16 or more characters;
 * a generated one is 24 (about 143 bits). */
#define NAS_SECRET_MIN 16
#define NAS_SECRET_GENERATED 24
#define NAS_NETWORKS_MAX 64

static const char *const nas_vendors[] = {
	"standard", "hostapd", "mikrotik", "cisco", "meraki",
	"aruba", "ruckus", "tplink", "unifi", NULL,
};

int nas_valid_vendor(const char *vendor)
{
	for (const char *const *v = nas_vendors; *v; v++)
		if (strcmp(*v, vendor) == 0)
			return 1;
	return 0;
}

/* Adds "networks" (the ids of the networks the NAS serves; empty: all)
 * to the NAS object o. 0 or -1 + f. */
static int nas_add_networks(struct db *db, struct json_object *o, struct fault *f)
{
	struct json_object *idv = NULL;
	json_object_object_get_ex(o, "id", &idv);
	struct db_stmt *st = db_run(db,
		"SELECT network_id FROM nas_networks WHERE nas_id = ? ORDER BY network_id",
		"i", (long long)json_object_get_int64(idv));
	if (!st)
		return fault_db(f, db);
	struct json_object *a = json_object_new_array();
	int rc;
	while ((rc = db_next(st)) == 1)
		json_object_array_add(a, json_object_new_int64(db_col_int(st, 0)));
	json_object_object_add(o, "networks", a);
	return rc < 0 ? fault_db(f, db) : 0;
}

struct json_object *nas_list(struct db *db, struct fault *f)
{
	struct db_stmt *st = db_run(db, NAS_COLUMNS " ORDER BY id", "");
	struct json_object *a = st ? rowjson_array(st, NAS_TYPES) : NULL;
	if (!a) {
		fault_db(f, db);
		return NULL;
	}
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (nas_add_networks(db, json_object_array_get_idx(a, i), f) < 0) {
			json_object_put(a);
			return NULL;
		}
	return a;
}

struct json_object *nas_get_json(struct db *db, long long id, struct fault *f)
{
	struct db_stmt *st = db_run(db, NAS_COLUMNS " WHERE id = ?", "i", id);
	if (store_found(db, st, f, "no NAS %lld", id) < 0)
		return NULL;
	struct json_object *o = rowjson_object(st, NAS_TYPES);
	if (o && nas_add_networks(db, o, f) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* A NAS as stored: the fields a create or update may set. */
struct nas_row {
	char name[65];
	char address[65];
	struct ipnet net;
	char secret[129];
	long long secret_weak;
	int net_changed;	/* the range differs from the stored one */
	char vendor[16];
	long long require_ma;
	long long coa_port;
};

/* A secret of NAS_SECRET_GENERATED letters and digits from the kernel
 * CSPRNG (unbiased), into out (at least NAS_SECRET_GENERATED + 1). */
static void nas_secret_generate(char *out)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (int i = 0; i < NAS_SECRET_GENERATED; i++)
		out[i] = abc[randombytes_uniform(sizeof abc - 1)];
	out[NAS_SECRET_GENERATED] = '\0';
}

/* Merge the members present in in over r, checking each. 0 or -1. */
static int nas_apply(struct nas_row *r, struct json_object *in, struct fault *f)
{
	const char *s;
	if ((s = jsonget_str(in, "name")) != NULL)
		snprintf(r->name, sizeof r->name, "%s", s);
	if ((s = jsonget_str(in, "address")) != NULL) {
		struct ipnet old = r->net;
		if (ipnet_parse(s, &r->net) < 0)
			return fault_set(f, 422, "invalid_address", "address",
					 "address is an IPv4/IPv6 address or a CIDR range with no host bits set");
		r->net_changed = old.len != r->net.len || old.prefix != r->net.prefix ||
				 memcmp(old.start, r->net.start, r->net.len) != 0;
		snprintf(r->address, sizeof r->address, "%s", s);
	}
	if ((s = jsonget_str(in, "secret")) != NULL) {
		size_t n = strlen(s);
		if (n < NAS_SECRET_MIN)
			return fault_set(f, 422, "weak_secret", "secret",
					 "a shared secret has at least 16 characters (RFC 6614 §4.2); leave it out and the server makes one");
		for (size_t i = 0; i < n; i++)
			if (s[i] < 0x21 || s[i] > 0x7e)
				return fault_set(f, 422, "invalid_secret", "secret",
						 "a shared secret is printable ASCII without spaces");
		snprintf(r->secret, sizeof r->secret, "%s", s);
		r->secret_weak = 0;
	}
	if ((s = jsonget_str(in, "vendor")) != NULL) {
		if (!nas_valid_vendor(s))
			return fault_set(f, 422, "invalid_vendor", "vendor",
					 "vendor is one of standard, hostapd, mikrotik, cisco, meraki, aruba, ruckus, tplink, unifi");
		snprintf(r->vendor, sizeof r->vendor, "%s", s);
	}
	if (jsonget_int(in, "require_message_authenticator") != DB_NULL_INT)
		r->require_ma = jsonget_int(in, "require_message_authenticator");
	if (jsonget_int(in, "coa_port") != DB_NULL_INT)
		r->coa_port = jsonget_int(in, "coa_port");
	return 0;
}

/*
 * Refuses (409) a range that overlaps another NAS's unless the request
 * says "allow_overlap": true. FreeRADIUS picks the most specific range
 * for a source address, so a /32 added inside an AP network's /24
 * silently takes that address over, with its own secret: an admin must
 * ask for it. 0 or -1 + f.
 */
static int nas_check_overlap(struct db *db, long long id, const struct nas_row *r,
			     struct json_object *in, struct fault *f)
{
	if (jsonget_int(in, "allow_overlap") == 1)
		return 0;
	struct db_stmt *st = db_run(db,
		"SELECT name, address FROM nas WHERE LENGTH(net_start) = ?"
		" AND net_start <= ? AND net_end >= ? AND id <> ? ORDER BY id LIMIT 1",
		"ibbi", (long long)r->net.len, r->net.end, r->net.len,
		r->net.start, r->net.len, id);
	if (!st)
		return fault_db(f, db);
	int rc = db_next(st);
	if (rc < 0)
		return fault_db(f, db);
	/* The very same address: the unique key answers (duplicate_nas). */
	if (rc == 0 || strcmp(db_col(st, 1, NULL), r->address) == 0)
		return 0;
	return fault_set(f, 409, "nas_overlap", "address",
			 "%s overlaps NAS %s (%s); the most specific range answers for an address, so say allow_overlap to add it anyway",
			 r->address, db_col(st, 0, NULL), db_col(st, 1, NULL));
}

/* Replaces the networks NAS id serves with in's "networks" (when given):
 * ids of existing networks, none twice. 0 or -1 + f. */
static int nas_set_networks(struct db *db, long long id, struct json_object *in,
			    struct fault *f)
{
	struct json_object *a;
	if (!json_object_object_get_ex(in, "networks", &a))
		return 0;
	size_t n = a ? json_object_array_length(a) : 0;
	if (n > NAS_NETWORKS_MAX)
		return fault_set(f, 422, "too_many_networks", "networks",
				 "a NAS serves at most %d networks (none: all of them)",
				 NAS_NETWORKS_MAX);
	if (!db_run(db, "DELETE FROM nas_networks WHERE nas_id = ?", "i", id))
		return fault_db(f, db);
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(a, i);
		long long net = json_object_get_int64(v);
		if (!json_object_is_type(v, json_type_int) || net < 1)
			return fault_set(f, 422, "invalid_network", "networks",
					 "networks is a list of network ids");
		if (!db_run(db, "INSERT INTO nas_networks (nas_id, network_id) VALUES (?, ?)",
			    "ii", id, net)) {
			if (db_errno(db) == DB_ERR_FK_CHILD)
				return fault_set(f, 422, "unknown_network", "networks",
						 "no network %lld", net);
			if (db_errno(db) == DB_ERR_DUP_ENTRY)
				return fault_set(f, 422, "invalid_network", "networks",
						 "network %lld is listed twice", net);
			return fault_db(f, db);
		}
	}
	return 0;
}

/* Insert (id 0) or update r; then audit and commit. Returns the id or -1. */
static long long nas_store(struct db *db, const struct actor *who,
			   const char *action, long long id, struct nas_row *r,
			   struct json_object *in, struct fault *f)
{
	struct db_stmt *st = NULL;
	if ((id == 0 || r->net_changed) && nas_check_overlap(db, id, r, in, f) < 0) {
		sodium_memzero(r->secret, sizeof r->secret);
		return store_abort(db);
	}
	if (id == 0)
		st = db_run(db,
			"INSERT INTO nas (name, address, net_start, net_end, prefix_len,"
			" secret, secret_weak, vendor, require_message_authenticator, coa_port)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssbbisisii",
			r->name, r->address, r->net.start, r->net.len, r->net.end,
			r->net.len, (long long)r->net.prefix, r->secret, r->secret_weak,
			r->vendor, r->require_ma, r->coa_port);
	else
		st = db_run(db,
			"UPDATE nas SET name = ?, address = ?, net_start = ?, net_end = ?,"
			" prefix_len = ?, secret = ?, secret_weak = ?, vendor = ?,"
			" require_message_authenticator = ?, coa_port = ?,"
			" updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssbbisisiii",
			r->name, r->address, r->net.start, r->net.len, r->net.end,
			r->net.len, (long long)r->net.prefix, r->secret, r->secret_weak,
			r->vendor, r->require_ma, r->coa_port, id);
	sodium_memzero(r->secret, sizeof r->secret);
	if (!st) {
		if (db_errno(db) == DB_ERR_DUP_ENTRY)
			fault_set(f, 409, "duplicate_nas", "name",
				  "a NAS with this name or address exists already");
		else
			fault_db(f, db);
		return store_abort(db);
	}
	if (id == 0)
		id = (long long)db_insert_id(st);
	if (nas_set_networks(db, id, in, f) < 0)
		return store_abort(db);
	/* The audit detail must not carry the secret. */
	struct json_object *detail = json_object_get(in);
	if (jsonget_has(detail, "secret")) {
		detail = json_object_new_object();
		json_object_object_foreach(in, k, v)
			if (strcmp(k, "secret") != 0)
				json_object_object_add(detail, k, json_object_get(v));
		json_object_object_add(detail, "secret",
				       json_object_new_string("[hidden]"));
		json_object_put(in);
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	int rc = store_commit(db, who, action, "nas", idtext, detail, f);
	json_object_put(detail);
	return rc < 0 ? -1 : id;
}

struct json_object *nas_create(struct db *db, const struct actor *who,
			       struct json_object *in, struct fault *f)
{
	struct nas_row r = { .vendor = "standard", .require_ma = 1,
			     .coa_port = 3799 };
	/* No secret given: one is made, and shown in this answer only. */
	char made[NAS_SECRET_GENERATED + 1] = "";
	if (!jsonget_str(in, "secret")) {
		nas_secret_generate(made);
		memcpy(r.secret, made, sizeof made);
	}
	if (nas_apply(&r, in, f) < 0 || store_begin(db, f) < 0) {
		sodium_memzero(r.secret, sizeof r.secret);
		sodium_memzero(made, sizeof made);
		return NULL;
	}
	long long id = nas_store(db, who, "nas.create", 0, &r, in, f);
	struct json_object *o = id < 0 ? NULL : nas_get_json(db, id, f);
	if (o && made[0])
		json_object_object_add(o, "secret", json_object_new_string(made));
	sodium_memzero(made, sizeof made);
	return o;
}

struct json_object *nas_update(struct db *db, const struct actor *who,
			       long long id, struct json_object *in,
			       struct fault *f)
{
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"SELECT name, address, secret, vendor, require_message_authenticator,"
		" coa_port, secret_weak FROM nas WHERE id = ? FOR UPDATE", "i", id);
	if (store_found(db, st, f, "no NAS %lld", id) < 0) {
		store_abort(db);
		return NULL;
	}
	struct nas_row r;
	memset(&r, 0, sizeof r);
	snprintf(r.name, sizeof r.name, "%s", db_col(st, 0, NULL));
	snprintf(r.address, sizeof r.address, "%s", db_col(st, 1, NULL));
	snprintf(r.secret, sizeof r.secret, "%s", db_col(st, 2, NULL));
	snprintf(r.vendor, sizeof r.vendor, "%s", db_col(st, 3, NULL));
	r.require_ma = db_col_int(st, 4);
	r.coa_port = db_col_int(st, 5);
	r.secret_weak = db_col_int(st, 6);
	if (ipnet_parse(r.address, &r.net) < 0 || nas_apply(&r, in, f) < 0) {
		if (f->status == 0)
			fault_set(f, 500, "corrupt_row", NULL, "stored address is invalid");
		sodium_memzero(r.secret, sizeof r.secret);
		store_abort(db);
		return NULL;
	}
	if (nas_store(db, who, "nas.update", id, &r, in, f) < 0)
		return NULL;
	return nas_get_json(db, id, f);
}

int nas_delete(struct db *db, const struct actor *who, long long id,
	       struct fault *f)
{
	return store_delete(db, who, "DELETE FROM nas WHERE id = ?", id, NULL, "nas",
			    "nas_in_use", "this NAS is still referenced", f);
}
