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
	" coa_port, created_at, updated_at FROM nas"
#define NAS_TYPES "isssbitt"

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

struct json_object *nas_list(struct db *db, struct fault *f)
{
	struct db_stmt *st = db_run(db, NAS_COLUMNS " ORDER BY id", "");
	struct json_object *a = st ? rowjson_array(st, NAS_TYPES) : NULL;
	if (!a)
		fault_db(f, db);
	return a;
}

struct json_object *nas_get_json(struct db *db, long long id, struct fault *f)
{
	struct db_stmt *st = db_run(db, NAS_COLUMNS " WHERE id = ?", "i", id);
	if (store_found(db, st, f, "no NAS %lld", id) < 0)
		return NULL;
	return rowjson_object(st, NAS_TYPES);
}

/* A NAS as stored: the fields a create or update may set. */
struct nas_row {
	char name[65];
	char address[65];
	struct ipnet net;
	char secret[129];
	char vendor[16];
	long long require_ma;
	long long coa_port;
};

/* Merge the members present in in over r, checking each. 0 or -1. */
static int nas_apply(struct nas_row *r, struct json_object *in, struct fault *f)
{
	const char *s;
	if ((s = jsonget_str(in, "name")) != NULL)
		snprintf(r->name, sizeof r->name, "%s", s);
	if ((s = jsonget_str(in, "address")) != NULL) {
		if (ipnet_parse(s, &r->net) < 0)
			return fault_set(f, 422, "invalid_address", "address",
					 "address is an IPv4/IPv6 address or a CIDR range with no host bits set");
		snprintf(r->address, sizeof r->address, "%s", s);
	}
	if ((s = jsonget_str(in, "secret")) != NULL) {
		size_t n = strlen(s);
		if (n < 8)
			return fault_set(f, 422, "weak_secret", "secret",
					 "a shared secret has at least 8 characters (RFC 6614 advises 16 or more)");
		for (size_t i = 0; i < n; i++)
			if (s[i] < 0x21 || s[i] > 0x7e)
				return fault_set(f, 422, "invalid_secret", "secret",
						 "a shared secret is printable ASCII without spaces");
		snprintf(r->secret, sizeof r->secret, "%s", s);
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

/* Insert (id 0) or update r; then audit and commit. Returns the id or -1. */
static long long nas_store(struct db *db, const struct actor *who,
			   const char *action, long long id, struct nas_row *r,
			   struct json_object *in, struct fault *f)
{
	struct db_stmt *st;
	if (id == 0)
		st = db_run(db,
			"INSERT INTO nas (name, address, net_start, net_end, prefix_len,"
			" secret, vendor, require_message_authenticator, coa_port)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "ssbbissii",
			r->name, r->address, r->net.start, r->net.len, r->net.end,
			r->net.len, (long long)r->net.prefix, r->secret, r->vendor,
			r->require_ma, r->coa_port);
	else
		st = db_run(db,
			"UPDATE nas SET name = ?, address = ?, net_start = ?, net_end = ?,"
			" prefix_len = ?, secret = ?, vendor = ?,"
			" require_message_authenticator = ?, coa_port = ?,"
			" updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssbbissiii",
			r->name, r->address, r->net.start, r->net.len, r->net.end,
			r->net.len, (long long)r->net.prefix, r->secret, r->vendor,
			r->require_ma, r->coa_port, id);
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
	if (nas_apply(&r, in, f) < 0 || store_begin(db, f) < 0)
		return NULL;
	long long id = nas_store(db, who, "nas.create", 0, &r, in, f);
	return id < 0 ? NULL : nas_get_json(db, id, f);
}

struct json_object *nas_update(struct db *db, const struct actor *who,
			       long long id, struct json_object *in,
			       struct fault *f)
{
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"SELECT name, address, secret, vendor, require_message_authenticator,"
		" coa_port FROM nas WHERE id = ? FOR UPDATE", "i", id);
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
