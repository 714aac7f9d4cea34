// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * device_conflicts.c - MACs asked for by a tenant while another customer
 * holds them. See device_conflicts.h.
 */
#include "core/device_conflicts.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/devices.h"
#include "core/fault.h"
#include "core/rowjson.h"
#include "core/sql_mac.h"
#include "core/store.h"


/* Is customer owner the tenant me or one of its sub-customers? 1, 0, -1. */
static int conflicts_within_reach(struct db *db, long long me, long long owner)
{
	struct db_stmt *st = db_run(db,
		"SELECT id = ? OR parent_id <=> ? FROM customers WHERE id = ?",
		"iii", me, me, owner);
	int rc = st ? db_next(st) : -1;
	if (rc <= 0)
		return rc;
	return db_col_int(st, 0) == 1;
}

int device_conflicts_note(struct db *db, const struct actor *who, long long me,
			  const struct device_taken *t, const char *name,
			  long long key, struct fault *f)
{
	int mine = conflicts_within_reach(db, me, t->owner_id);
	if (mine < 0)
		return fault_db(f, db);
	if (mine)
		return 0;
	if (store_begin(db, f) < 0)
		return -1;
	/* The requester's row lock orders its requests, so the cap on open
	 * conflicts holds under concurrency too. */
	struct db_stmt *st = db_run(db,
		"SELECT c.external_id, (SELECT external_id FROM customers WHERE id = ?),"
		" (SELECT COUNT(*) FROM device_conflicts x WHERE x.requester_id = c.id"
		"  AND x.is_open = 1),"
		" (SELECT COUNT(*) FROM device_conflicts x WHERE x.requester_id = c.id"
		"  AND x.is_open = 1 AND x.mac = ? AND x.network_id = ?)"
		" FROM customers c WHERE c.id = ? FOR UPDATE",
		"isii", t->owner_id, t->mac, t->network_id, t->requester_id);
	if (store_found(db, st, f, "no customer %lld", t->requester_id) < 0)
		return store_abort(db);
	char requester[129], owner[129];
	snprintf(requester, sizeof requester, "%s", db_col(st, 0, NULL));
	snprintf(owner, sizeof owner, "%s", db_col(st, 1, NULL) ? db_col(st, 1, NULL) : "");
	long long open = db_col_int(st, 2), same = db_col_int(st, 3);
	if (open >= DEVICE_CONFLICTS_OPEN_MAX && same == 0) {
		store_abort(db);
		return 1;
	}
	if (!db_run(db,
		    "INSERT INTO device_conflicts (network_id, mac, requester_id,"
		    " owner_id, key_id, name, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
		    " ON DUPLICATE KEY UPDATE attempts = attempts + 1,"
		    " requested_at = UTC_TIMESTAMP(), owner_id = VALUES(owner_id),"
		    " key_id = VALUES(key_id), name = VALUES(name)",
		    "isiiIss", t->network_id, t->mac, t->requester_id, t->owner_id,
		    key, name ? name : "", who->name))
		return fault_db(f, db), store_abort(db);
	st = db_run(db, "SELECT id, attempts FROM device_conflicts WHERE mac = ?"
		    " AND network_id = ? AND requester_id = ? AND is_open = 1",
		    "sii", t->mac, t->network_id, t->requester_id);
	if (!st || db_next(st) != 1)
		return fault_db(f, db), store_abort(db);
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", db_col_int(st, 0));
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "mac", json_object_new_string(t->mac));
	json_object_object_add(detail, "network", json_object_new_int64(t->network_id));
	json_object_object_add(detail, "requester", json_object_new_string(requester));
	json_object_object_add(detail, "holder", json_object_new_string(owner));
	json_object_object_add(detail, "attempts", json_object_new_int64(db_col_int(st, 1)));
	int rc = store_commit(db, who, "device.conflict", "device_conflict", idtext,
			      detail, f);
	json_object_put(detail);
	return rc < 0 ? -1 : 1;
}

struct json_object *device_conflicts_list(struct db *db, int open, struct fault *f)
{
	/* The holder is whoever has the MAC on that network now: after a
	 * move, other requests for it face the new holder. */
#define CONFLICTS_COLUMNS \
	"SELECT x.id, " SQL_MAC("x.mac") " AS mac, n.ssid, x.name," \
	" r.external_id AS requester, r.name AS requester_name," \
	" h.external_id AS holder, h.name AS holder_name, d.name AS holder_device," \
	" x.attempts, x.requested_by," \
	" DATE_FORMAT(x.requested_at, '%Y-%m-%d %H:%i') AS requested_at," \
	" DATE_FORMAT(x.resolved_at, '%Y-%m-%d %H:%i') AS resolved_at," \
	" x.resolved_by, x.resolution" \
	" FROM device_conflicts x JOIN networks n ON n.id = x.network_id" \
	" JOIN customers r ON r.id = x.requester_id" \
	" LEFT JOIN devices d ON d.mac = x.mac AND d.network_id = x.network_id" \
	" LEFT JOIN customers h ON h.id = d.customer_id"
#define CONFLICTS_TYPES "issssssssisssss"
	struct db_stmt *st = open
		? db_run(db, CONFLICTS_COLUMNS " WHERE x.is_open = 1"
			 " ORDER BY x.requested_at, x.id LIMIT 500", "")
		: db_run(db, CONFLICTS_COLUMNS " WHERE x.resolved_at IS NOT NULL"
			 " ORDER BY x.resolved_at DESC, x.id DESC LIMIT 50", "");
	struct json_object *a = st ? rowjson_array(st, CONFLICTS_TYPES) : NULL;
	if (!a)
		fault_db(f, db);
	return a;
}

/* Move the MAC to the requester rid (ext) inside the transaction: remove
 * the holder's device, add the requester's. Notes what it did in detail.
 * 0, or -1 + f. */
static int conflicts_move(struct db *db, long long rid, const char *ext,
			  const char *mac, long long network, long long key,
			  const char *name, const struct keygen *gen,
			  struct json_object *detail, struct fault *f)
{
	struct db_stmt *st = db_run(db,
		"SELECT id FROM customers WHERE id = ? FOR UPDATE", "i", rid);
	if (store_found(db, st, f, "no customer %lld", rid) < 0)
		return -1;
	st = db_run(db, "SELECT d.id, d.customer_id, c.external_id FROM devices d"
		    " JOIN customers c ON c.id = d.customer_id"
		    " WHERE d.mac = ? AND d.network_id = ? FOR UPDATE", "si", mac, network);
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 1) {
		long long held = db_col_int(st, 0), holder = db_col_int(st, 1);
		if (holder == rid) {
			/* the requester has it already: nothing is removed */
			json_object_object_add(detail, "already_held", json_object_new_boolean(1));
			return 0;
		}
		json_object_object_add(detail, "holder",
				       json_object_new_string(db_col(st, 2, NULL)));
		json_object_object_add(detail, "removed_device", json_object_new_int64(held));
		if (devices_remove_locked(db, held, detail, f) < 0)
			return -1;
	}
	struct json_object *in = json_object_new_object();
	json_object_object_add(in, "mac", json_object_new_string(mac));
	json_object_object_add(in, "name", json_object_new_string(name));
	json_object_object_add(in, "customer", json_object_new_string(ext));
	json_object_object_add(in, "network", json_object_new_int64(network));
	if (key != DB_NULL_INT)
		json_object_object_add(in, "key", json_object_new_int64(key));
	long long id = devices_add_locked(db, rid, mac, in, "staff", gen, NULL, f);
	json_object_put(in);
	if (id < 0)
		return -1;
	json_object_object_add(detail, "device", json_object_new_int64(id));
	return 0;
}

int device_conflicts_resolve(struct db *db, const struct actor *who, long long id,
			     const char *resolution, const struct keygen *gen,
			     struct fault *f)
{
	int move = strcmp(resolution, "moved") == 0;
	if (!move && strcmp(resolution, "kept") != 0)
		return fault_set(f, 422, "invalid_resolution", "resolution",
				 "resolution is \"moved\" or \"kept\"");
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db,
		"SELECT x.mac, x.network_id, x.requester_id, x.key_id, x.name,"
		" r.external_id FROM device_conflicts x"
		" JOIN customers r ON r.id = x.requester_id"
		" WHERE x.id = ? AND x.is_open = 1 FOR UPDATE", "i", id);
	if (store_found(db, st, f, "there is no open conflict %lld", id) < 0)
		return store_abort(db);
	char mac[13], name[129], ext[129];
	snprintf(mac, sizeof mac, "%s", db_col(st, 0, NULL));
	long long network = db_col_int(st, 1), rid = db_col_int(st, 2);
	long long key = db_col_int(st, 3);
	snprintf(name, sizeof name, "%s", db_col(st, 4, NULL));
	snprintf(ext, sizeof ext, "%s", db_col(st, 5, NULL));
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "resolution", json_object_new_string(resolution));
	json_object_object_add(detail, "mac", json_object_new_string(mac));
	json_object_object_add(detail, "network", json_object_new_int64(network));
	json_object_object_add(detail, "requester", json_object_new_string(ext));
	if ((move && conflicts_move(db, rid, ext, mac, network, key, name, gen,
				    detail, f) < 0) ||
	    !db_run(db, "UPDATE device_conflicts SET resolved_at = UTC_TIMESTAMP(),"
			" resolved_by = ?, resolution = ? WHERE id = ?", "ssi",
		    who->name, resolution, id)) {
		if (!f->status)
			fault_db(f, db);
		json_object_put(detail);
		return store_abort(db);
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	int rc = store_commit(db, who, "device.conflict.resolve", "device_conflict",
			      idtext, detail, f);
	json_object_put(detail);
	return rc;
}
