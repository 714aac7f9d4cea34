// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tenant_devices.c - "My devices": register a device by its MAC address,
 * rename it, remove it, see when it was last online.
 */
#include "portal/pages.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/device_conflicts.h"
#include "core/devices.h"
#include "core/fault.h"
#include "core/mac.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "portal/page.h"
#include "core/sql_mac.h"
#include "portal/tenant_scope.h"

#define TENANT_DEVICE_COLUMNS \
	"SELECT d.id, d.name, " SQL_MAC("d.mac") " AS mac, n.ssid," \
	" k.id AS key_id, k.label AS key_label, c.name AS customer," \
	" DATE_FORMAT(d.last_seen, '%Y-%m-%d %H:%i') AS last_seen" \
	" FROM devices d JOIN wifi_keys k ON k.id = d.key_id" \
	" JOIN networks n ON n.id = d.network_id" \
	" JOIN customers c ON c.id = d.customer_id"
#define TENANT_DEVICE_TYPES "isssisss"

static const char *const tenant_device_notices[][2] = {
	{ "added", "The device is registered. It can join now." },
	{ "renamed", "The device is renamed." },
	{ "removed", "The device is removed. It can no longer join." },
	{ NULL, NULL },
};

/* The devices page, with a message and the form's fields when a
 * registration was refused. */
static void tenant_devices_page(struct request *rq, struct response *rs,
				int status, const char *error)
{
	long long me = rq->session->customer_id;
	struct db_stmt *st = db_run(rq->db, TENANT_DEVICE_COLUMNS
		" WHERE c.id = ? OR c.parent_id = ? ORDER BY c.id <> ?, d.name, d.id",
		"iii", me, me, me);
	struct json_object *devices = st ? rowjson_array(st, TENANT_DEVICE_TYPES) : NULL;
	st = db_run(rq->db, "SELECT k.id, n.ssid, k.label, c.name AS customer"
		    " FROM wifi_keys k JOIN networks n ON n.id = k.network_id"
		    " JOIN customers c ON c.id = k.customer_id"
		    " WHERE (c.id = ? OR c.parent_id = ?) AND k.kind = 'normal'"
		    " AND k.status = 'active' ORDER BY c.id <> ?, n.ssid, k.id",
		    "iii", me, me, me);
	struct json_object *keys = st ? rowjson_array(st, "isss") : NULL;
	if (!devices || !keys) {
		json_object_put(devices);
		json_object_put(keys);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "devices", devices);
	json_object_object_add(d, "keys", keys);
	json_object_object_add(d, "title", json_object_new_string("My devices"));
	if (error) {
		json_object_object_add(d, "error", json_object_new_string(error));
		json_object_object_add(d, "mac", json_object_new_string(page_field(rq, "mac")));
		json_object_object_add(d, "name", json_object_new_string(page_field(rq, "name")));
	}
	page_done_notice(rq, d, tenant_device_notices);
	page_render(rq, rs, status, "tenant_devices", d);
}

void tenant_devices(struct request *rq, struct response *rs)
{
	tenant_devices_page(rq, rs, 200, NULL);
}

/* The one answer for a MAC that cannot be registered for reasons the
 * tenant must not learn: another customer holds it, or it is no single
 * device's address (group bit set, all zeros). Both read the same, so the
 * answer tells a tenant nothing about other customers' devices. */
#define TENANT_DEVICE_REFUSED \
	"This device could not be added. If it is yours, contact support;" \
	" we have noted the request."

/* A MAC with the group bit set (multicast, broadcast) or all zeros is no
 * device's own address: refused with the neutral answer, and audited so
 * that "we have noted the request" is true. 1 go on, 0 answered. */
static int tenant_device_unicast(struct request *rq, struct response *rs)
{
	char mac[13];
	if (mac_normalize(page_field(rq, "mac"), mac) < 0)
		return 1;  /* devices_add explains the spelling */
	int group = (mac[1] >= 'a' ? mac[1] - 'a' + 10 : mac[1] - '0') & 1;
	if (!group && strcmp(mac, "000000000000") != 0)
		return 1;
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "mac", json_object_new_string(mac));
	json_object_object_add(detail, "reason", json_object_new_string("not a unicast MAC"));
	int rc = audit_record(rq->db, &who, "device.refused", "customer",
			      rq->session->customer_ext, detail);
	json_object_put(detail);
	if (rc < 0)
		page_fault(rq, rs, NULL);
	else
		tenant_devices_page(rq, rs, 422, TENANT_DEVICE_REFUSED);
	return 0;
}

void tenant_device_add(struct request *rq, struct response *rs)
{
	const char *key_text = page_field(rq, "key");
	long long key = 0;
	if (*key_text && sscanf(key_text, "%lld", &key) != 1)
		key = -1;
	/* The key decides whose device it is: the tenant's own or a
	 * sub-customer's. No key: the tenant's own (per-device plans make
	 * one). */
	char ext[129];
	snprintf(ext, sizeof ext, "%s", rq->session->customer_ext);
	if (key != 0) {
		if (tenant_reach(rq, rs, TENANT_KEY, key) != 1)
			return;
		struct db_stmt *st = db_run(rq->db, "SELECT c.external_id FROM wifi_keys k"
					    " JOIN customers c ON c.id = k.customer_id"
					    " WHERE k.id = ?", "i", key);
		if (!st || db_next(st) != 1) {
			page_fault(rq, rs, NULL);
			return;
		}
		snprintf(ext, sizeof ext, "%s", db_col(st, 0, NULL));
	}
	if (tenant_device_unicast(rq, rs) != 1)
		return;
	struct json_object *in = json_object_new_object();
	json_object_object_add(in, "mac", json_object_new_string(page_field(rq, "mac")));
	json_object_object_add(in, "name", json_object_new_string(page_field(rq, "name")));
	json_object_object_add(in, "customer", json_object_new_string(ext));
	if (key > 0)
		json_object_object_add(in, "key", json_object_new_int64(key));
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct device_taken taken = { 0 };
	struct json_object *out = NULL;
	if (strlen(page_field(rq, "name")) > 128)
		fault_set(&f, 422, "invalid_length", "name",
			  "The name is too long (at most 128 bytes).");
	else
		out = devices_add_taken(rq->db, &who, in, "tenant", &gen, &taken, &f);
	json_object_put(in);
	if (!out) {
		int rc = 0;
		/* Taken by someone the tenant cannot see: the holder keeps it,
		 * staff get the conflict, the tenant learns nothing more. */
		if (f.status == 409 && strcmp(f.code, "duplicate_mac") == 0 && taken.owner_id)
			rc = device_conflicts_note(rq->db, &who, rq->session->customer_id,
						   &taken, page_field(rq, "name"),
						   key > 0 ? key : DB_NULL_INT, &f);
		if (rc < 0 || f.status >= 500)
			page_fault(rq, rs, NULL);
		else if (rc == 1)
			tenant_devices_page(rq, rs, 422, TENANT_DEVICE_REFUSED);
		else if (strcmp(f.code, "customer_device_limit") == 0)
			tenant_devices_page(rq, rs, 422, "You have registered as many devices"
					    " as your plan allows. Remove one first.");
		else
			tenant_devices_page(rq, rs, 422, f.detail);
		return;
	}
	json_object_put(out);
	page_redirect(rs, "/portal/devices?done=added");
}

void tenant_device(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_DEVICE, id) != 1)
		return;
	struct db_stmt *st = db_run(rq->db, TENANT_DEVICE_COLUMNS " WHERE d.id = ?",
				    "i", id);
	if (!st || db_next(st) != 1) {
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "device", rowjson_object(st, TENANT_DEVICE_TYPES));
	json_object_object_add(d, "title", json_object_new_string("Device"));
	page_render(rq, rs, 200, "tenant_device", d);
}

static void tenant_device_change(struct request *rq, struct response *rs, int remove)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_DEVICE, id) != 1)
		return;
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	int rc;
	if (remove) {
		rc = devices_remove(rq->db, &who, id, &f);
	} else {
		const char *name = page_field(rq, "name");
		struct json_object *in = json_object_new_object();
		json_object_object_add(in, "name", json_object_new_string(name));
		struct json_object *out = strlen(name) > 128 ? NULL
			: devices_update(rq->db, &who, id, in, &f);
		if (strlen(name) > 128)
			fault_set(&f, 422, "invalid_length", "name",
				  "The name is too long (at most 128 bytes).");
		json_object_put(in);
		rc = out ? 0 : -1;
		json_object_put(out);
	}
	if (rc < 0) {
		page_fault(rq, rs, &f);
		return;
	}
	page_redirect(rs, remove ? "/portal/devices?done=removed"
				 : "/portal/devices?done=renamed");
}

void tenant_device_rename(struct request *rq, struct response *rs)
{
	tenant_device_change(rq, rs, 0);
}

void tenant_device_remove(struct request *rq, struct response *rs)
{
	tenant_device_change(rq, rs, 1);
}
