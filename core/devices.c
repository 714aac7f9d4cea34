// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * devices.c - devices. See devices.h.
 */
#include "core/devices.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/jsonget.h"
#include "core/keys.h"
#include "core/mac.h"
#include "core/rowjson.h"
#include "core/sql_mac.h"
#include "core/store.h"

#define DEVICES_COLUMNS \
	"SELECT d.id, " SQL_MAC("d.mac") " AS mac, d.name, c.external_id AS customer," \
	" d.key_id AS `key`, d.network_id AS network, d.added_by, d.first_seen," \
	" d.last_seen, d.created_at, d.updated_at FROM devices d" \
	" JOIN customers c ON c.id = d.customer_id"
#define DEVICES_TYPES "isssiistttt"

struct json_object *devices_list(struct db *db, const struct device_query *q,
				 struct fault *f)
{
	const char *cust = q->customer ? q->customer : "";
	const char *mac = q->mac ? q->mac : "";
	struct db_stmt *st = db_run(db, DEVICES_COLUMNS
		" WHERE (? = '' OR c.external_id = ?) AND (? = 0 OR d.key_id = ?)"
		" AND (? = '' OR d.mac = ?) ORDER BY d.id LIMIT 10000", "ssiiss",
		cust, cust, (long long)(q->key != DB_NULL_INT),
		q->key == DB_NULL_INT ? 0LL : q->key, mac, mac);
	struct json_object *a = st ? rowjson_array(st, DEVICES_TYPES) : NULL;
	if (!a)
		fault_db(f, db);
	return a;
}

struct json_object *devices_get_json(struct db *db, long long id,
				     struct fault *f)
{
	struct db_stmt *st = db_run(db, DEVICES_COLUMNS " WHERE d.id = ?", "i", id);
	if (store_found(db, st, f, "no device %lld", id) < 0)
		return NULL;
	return rowjson_object(st, DEVICES_TYPES);
}

/* What devices_add needs to know about the key a device will use. */
struct devices_key {
	long long id;
	long long network_id;
	long long customer_id;
	long long limit;       /* DB_NULL_INT: no limit */
	long long in_use;
};

/* Load and lock key id; it must belong to customer cid. 0, or -1 + f. */
static int devices_load_key(struct db *db, long long id, long long cid,
			    struct devices_key *k, struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT k.id, k.network_id, k.customer_id,"
		" COALESCE(k.max_devices, IF(p.key_scope = 'device', 1, p.max_devices)),"
		" (SELECT COUNT(*) FROM devices d WHERE d.key_id = k.id)"
		" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
		" JOIN plans p ON p.id = c.plan_id WHERE k.id = ? FOR UPDATE",
		"i", id);
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0 || db_col_int(st, 2) != cid)
		return fault_set(f, 422, "unknown_key", "key",
				 "key %lld does not belong to this customer", id);
	k->id = db_col_int(st, 0);
	k->network_id = db_col_int(st, 1);
	k->customer_id = db_col_int(st, 2);
	k->limit = db_col_int(st, 3);
	k->in_use = db_col_int(st, 4);
	return 0;
}

static int devices_check_room(const struct devices_key *k, struct fault *f)
{
	if (k->limit != DB_NULL_INT && k->in_use >= k->limit)
		return fault_set(f, 409, "key_device_limit", "key",
				 "key %lld already has its maximum of %lld device%s",
				 k->id, k->limit, k->limit == 1 ? "" : "s");
	return 0;
}

/* Choose the key for a device added without one. Returns its id or -1. */
static long long devices_pick_key(struct db *db, long long cid,
				  struct json_object *in, const struct keygen *gen,
				  struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT p.key_scope FROM customers c JOIN plans p ON p.id = c.plan_id"
		" WHERE c.id = ?", "i", cid);
	if (!st || db_next(st) != 1)
		return fault_db(f, db);
	int per_device = strcmp(db_col(st, 0, NULL), "device") == 0;
	long long network = jsonget_int(in, "network");
	if (per_device) {
		if (network == DB_NULL_INT) {
			st = db_run(db, "SELECT MIN(id), COUNT(*) FROM networks", "");
			if (!st || db_next(st) != 1)
				return fault_db(f, db);
			if (db_col_int(st, 1) != 1)
				return fault_set(f, 422, "missing_field", "network",
						 "say which network the device's key is for");
			network = db_col_int(st, 0);
		}
		struct key_spec spec = {
			.network_id = network, .customer_id = cid,
			.device_id = DB_NULL_INT, .kind = "normal",
			.label = jsonget_str(in, "name"),
			.vlan = DB_NULL_INT, .rate_down_kbps = DB_NULL_INT,
			.rate_up_kbps = DB_NULL_INT, .max_devices = DB_NULL_INT,
		};
		return keys_insert(db, &spec, gen, f);
	}
	st = db_run(db,
		"SELECT id FROM wifi_keys WHERE customer_id = ? AND kind = 'normal'"
		" AND status = 'active' AND (? = 0 OR network_id = ?)"
		" ORDER BY id LIMIT 1", "iii", cid,
		(long long)(network != DB_NULL_INT), network == DB_NULL_INT ? 0 : network);
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0)
		return fault_set(f, 422, "no_key", "key",
				 "the customer has no active key%s to bind the device to",
				 network == DB_NULL_INT ? "" : " on that network");
	return db_col_int(st, 0);
}

/* Fill taken with who holds mac on network (the insert just met it). */
static int devices_holder(struct db *db, const char *mac, long long network,
			  long long cid, struct device_taken *taken)
{
	struct db_stmt *st = db_run(db, "SELECT customer_id FROM devices"
				    " WHERE mac = ? AND network_id = ?", "si",
				    mac, network);
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return -1;
	taken->network_id = network;
	taken->owner_id = rc == 1 ? db_col_int(st, 0) : 0;
	taken->requester_id = cid;
	snprintf(taken->mac, sizeof taken->mac, "%s", mac);
	return 0;
}

/* The plan's cap on the customer's devices (devices_max; NULL: none).
 * The caller holds the customer's row lock, so two requests cannot both
 * count below the cap and both insert. */
static int devices_check_cap(struct db *db, long long cid, struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT p.devices_max,"
		" (SELECT COUNT(*) FROM devices d WHERE d.customer_id = c.id)"
		" FROM customers c JOIN plans p ON p.id = c.plan_id WHERE c.id = ?",
		"i", cid);
	if (!st || db_next(st) != 1)
		return fault_db(f, db);
	long long cap = db_col_int(st, 0), have = db_col_int(st, 1);
	if (cap != DB_NULL_INT && cap > 0 && have >= cap)
		return fault_set(f, 409, "customer_device_limit", "mac",
				 "the customer already has its plan's maximum of %lld device%s",
				 cap, cap == 1 ? "" : "s");
	return 0;
}

static long long devices_insert(struct db *db, const char *mac,
				struct json_object *in, long long cid,
				const struct devices_key *k, const char *added_by,
				struct device_taken *taken, struct fault *f)
{
	const char *name = jsonget_str(in, "name");
	struct db_stmt *st = db_run(db,
		"INSERT INTO devices (network_id, mac, name, customer_id, key_id,"
		" added_by) VALUES (?, ?, ?, ?, ?, ?)", "issiis", k->network_id,
		mac, name ? name : "", cid, k->id, added_by);
	if (!st) {
		if (db_errno(db) == DB_ERR_DUP_ENTRY) {
			if (taken && devices_holder(db, mac, k->network_id, cid, taken) < 0)
				return fault_db(f, db);
			return fault_set(f, 409, "duplicate_mac", "mac",
					 "this MAC is already registered on the network");
		}
		return fault_db(f, db);
	}
	long long id = (long long)db_insert_id(st);
	/* A key created for this device is the device's own key. */
	if (!db_run(db, "UPDATE wifi_keys k JOIN customers c ON c.id = k.customer_id"
			" JOIN plans p ON p.id = c.plan_id SET k.device_id = ?"
			" WHERE k.id = ? AND p.key_scope = 'device' AND k.device_id IS NULL",
		    "ii", id, k->id))
		return fault_db(f, db);
	return id;
}

long long devices_add_locked(struct db *db, long long cid, const char *mac,
			     struct json_object *in, const char *added_by,
			     const struct keygen *gen, struct device_taken *taken,
			     struct fault *f)
{
	if (devices_check_cap(db, cid, f) < 0)
		return -1;
	long long key = jsonget_int(in, "key");
	if (key == DB_NULL_INT)
		key = devices_pick_key(db, cid, in, gen, f);
	struct devices_key k;
	if (key > 0 && devices_load_key(db, key, cid, &k, f) == 0 &&
	    devices_check_room(&k, f) == 0)
		return devices_insert(db, mac, in, cid, &k, added_by, taken, f);
	return -1;
}

struct json_object *devices_add_taken(struct db *db, const struct actor *who,
				      struct json_object *in, const char *added_by,
				      const struct keygen *gen,
				      struct device_taken *taken, struct fault *f)
{
	char mac[13];
	if (taken)
		memset(taken, 0, sizeof *taken);
	if (mac_normalize(jsonget_str(in, "mac"), mac) < 0) {
		fault_set(f, 422, "invalid_mac", "mac",
			  "a MAC is six hex octets, e.g. aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff");
		return NULL;
	}
	const char *ext = jsonget_str(in, "customer");
	if (store_begin(db, f) < 0)
		return NULL;
	/* The customer's row lock serialises its additions: the device cap
	 * is counted and the device inserted under it. */
	struct db_stmt *st = db_run(db,
		"SELECT id FROM customers WHERE external_id = ? FOR UPDATE", "s", ext);
	int rc = st ? db_next(st) : -1;
	if (rc <= 0) {
		if (rc < 0)
			fault_db(f, db);
		else
			fault_set(f, 422, "unknown_customer", "customer",
				  "no customer '%s'", ext);
		store_abort(db);
		return NULL;
	}
	long long cid = db_col_int(st, 0);
	long long id = devices_add_locked(db, cid, mac, in, added_by, gen, taken, f);
	if (id < 0) {
		store_abort(db);
		return NULL;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	if (store_commit(db, who, "device.add", "device", idtext, in, f) < 0)
		return NULL;
	return devices_get_json(db, id, f);
}

struct json_object *devices_add(struct db *db, const struct actor *who,
				struct json_object *in, const char *added_by,
				const struct keygen *gen, struct fault *f)
{
	return devices_add_taken(db, who, in, added_by, gen, NULL, f);
}

struct json_object *devices_update(struct db *db, const struct actor *who,
				   long long id, struct json_object *in,
				   struct fault *f)
{
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"SELECT customer_id, key_id FROM devices WHERE id = ? FOR UPDATE",
		"i", id);
	if (store_found(db, st, f, "no device %lld", id) < 0) {
		store_abort(db);
		return NULL;
	}
	long long cid = db_col_int(st, 0), old_key = db_col_int(st, 1);
	long long key = jsonget_int(in, "key");
	struct devices_key k;
	if (key != DB_NULL_INT && key != old_key) {
		if (devices_load_key(db, key, cid, &k, f) < 0 ||
		    devices_check_room(&k, f) < 0)
			return store_abort(db), NULL;
		if (!db_run(db, "UPDATE devices SET key_id = ?, network_id = ?,"
				" updated_at = UTC_TIMESTAMP() WHERE id = ?", "iii",
			    k.id, k.network_id, id)) {
			if (db_errno(db) == DB_ERR_DUP_ENTRY)
				fault_set(f, 409, "duplicate_mac", "key",
					  "this MAC is already registered on that key's network");
			else
				fault_db(f, db);
			return store_abort(db), NULL;
		}
	}
	const char *name = jsonget_str(in, "name");
	if (name && !db_run(db, "UPDATE devices SET name = ?,"
				" updated_at = UTC_TIMESTAMP() WHERE id = ?", "si",
			    name, id)) {
		fault_db(f, db);
		return store_abort(db), NULL;
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	if (store_commit(db, who, "device.update", "device", idtext, in, f) < 0)
		return NULL;
	return devices_get_json(db, id, f);
}

int devices_remove_locked(struct db *db, long long id,
			  struct json_object *detail, struct fault *f)
{
	/* The key made for this device alone (key_scope "device") goes with
	 * it: left behind it would be a working passphrase nobody holds. */
	struct db_stmt *st = db_run(db,
		"SELECT d.key_id, k.device_id <=> d.id FROM devices d"
		" JOIN wifi_keys k ON k.id = d.key_id WHERE d.id = ? FOR UPDATE",
		"i", id);
	if (store_found(db, st, f, "no device %lld", id) < 0)
		return -1;
	long long key = db_col_int(st, 0);
	int own_key = db_col_int(st, 1) == 1;
	if (!db_run(db, "DELETE FROM devices WHERE id = ?", "i", id) ||
	    (own_key && !db_run(db, "DELETE FROM wifi_keys WHERE id = ? AND NOT EXISTS"
				    " (SELECT 1 FROM devices WHERE key_id = ?)", "ii",
				key, key)))
		return fault_db(f, db);
	if (own_key && detail)
		json_object_object_add(detail, "deleted_key", json_object_new_int64(key));
	return 0;
}

int devices_remove(struct db *db, const struct actor *who, long long id,
		   struct fault *f)
{
	if (store_begin(db, f) < 0)
		return -1;
	struct json_object *detail = json_object_new_object();
	if (devices_remove_locked(db, id, detail, f) < 0) {
		json_object_put(detail);
		return store_abort(db);
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	int rc = store_commit(db, who, "device.delete", "device", idtext, detail, f);
	json_object_put(detail);
	return rc;
}
