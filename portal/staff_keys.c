// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_keys.c - keys and devices in the dashboard: the lists across all
 * customers, and the changes made from a customer's page (new key,
 * rotate, disable/enable, print its card; add or remove a device).
 * Passphrases are not shown on these pages: a card or the tenant's own
 * portal shows them.
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <string.h>

#include "api/api_fields.h"
#include "core/audit.h"
#include "core/db.h"
#include "core/devices.h"
#include "core/fault.h"
#include "core/keys.h"
#include "core/mac.h"
#include "core/rowjson.h"
#include "portal/cards.h"
#include "portal/form_json.h"
#include "portal/page.h"
#include "core/sql_mac.h"
#include "portal/staff_list.h"

/* A LIKE pattern matching text anywhere, with % _ \ taken literally. */
static void staff_like(const char *text, char *out, size_t outlen)
{
	size_t o = 0;
	out[o++] = '%';
	for (; *text && o < outlen - 3; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			out[o++] = '\\';
		out[o++] = *text;
	}
	out[o++] = '%';
	out[o] = '\0';
}

void staff_keys(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "search", "status", "kind", NULL };
	char search[129], like[300], status[16], kind[16];
	page_query(rq, "search", search, sizeof search);
	page_query(rq, "status", status, sizeof status);
	page_query(rq, "kind", kind, sizeof kind);
	staff_like(search, like, sizeof like);
	long long page = staff_page_number(rq);
#define STAFF_KEYS_FILTER \
	" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id" \
	" JOIN networks n ON n.id = k.network_id" \
	" WHERE (? = '' OR c.external_id LIKE ? OR c.name LIKE ? OR k.label LIKE ?)" \
	" AND (? = '' OR k.status = ?) AND (? = '' OR k.kind = ?)"
	struct db_stmt *st = db_run(rq->db, "SELECT COUNT(*)" STAFF_KEYS_FILTER,
				    "ssssssss", search, like, like, like, status,
				    status, kind, kind);
	long long total = st && db_next(st) == 1 ? db_col_int(st, 0) : -1;
	st = total < 0 ? NULL : db_run(rq->db,
		"SELECT k.id, c.external_id AS customer, c.name AS customer_name, n.ssid,"
		" k.label, k.kind, k.status,"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%d %H:%i') AS valid_until,"
		" (SELECT COUNT(*) FROM devices d WHERE d.key_id = k.id) AS devices"
		STAFF_KEYS_FILTER " ORDER BY k.id DESC LIMIT ? OFFSET ?",
		"ssssssssii", search, like, like, like, status, status, kind, kind,
		(long long)STAFF_PER_PAGE, (page - 1) * STAFF_PER_PAGE);
	struct json_object *keys = st ? rowjson_array(st, "isssssssi") : NULL;
	staff_list_page(rq, rs, keys, total, page, keep, "staff_keys", "Keys");
}

void staff_devices(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "search", NULL };
	char search[129], like[300], mac[13] = "";
	page_query(rq, "search", search, sizeof search);
	staff_like(search, like, sizeof like);
	/* A search that is a MAC in any spelling finds that device. */
	if (mac_normalize(search, mac) < 0)
		mac[0] = '\0';
	long long page = staff_page_number(rq);
#define STAFF_DEVICES_FILTER \
	" FROM devices d JOIN customers c ON c.id = d.customer_id" \
	" JOIN networks n ON n.id = d.network_id" \
	" WHERE (? = '' OR d.mac = ? OR d.name LIKE ? OR c.external_id LIKE ?" \
	" OR c.name LIKE ?)"
	struct db_stmt *st = db_run(rq->db, "SELECT COUNT(*)" STAFF_DEVICES_FILTER,
				    "sssss", search, mac, like, like, like);
	long long total = st && db_next(st) == 1 ? db_col_int(st, 0) : -1;
	st = total < 0 ? NULL : db_run(rq->db,
		"SELECT d.id, " SQL_MAC("d.mac") " AS mac, d.name, c.external_id AS customer,"
		" c.name AS customer_name, n.ssid, d.key_id, d.added_by,"
		" DATE_FORMAT(d.last_seen, '%Y-%m-%d %H:%i') AS last_seen"
		STAFF_DEVICES_FILTER " ORDER BY d.id DESC LIMIT ? OFFSET ?",
		"sssssii", search, mac, like, like, like, (long long)STAFF_PER_PAGE,
		(page - 1) * STAFF_PER_PAGE);
	struct json_object *devices = st ? rowjson_array(st, "isssssiss") : NULL;
	staff_list_page(rq, rs, devices, total, page, keep, "staff_devices", "Devices");
}

/* Back to the customer's page with a notice, or answer a refusal. */
static void staff_keys_done(struct request *rq, struct response *rs,
			    const char *ext, const char *done,
			    const struct fault *f)
{
	if (f) {
		page_fault(rq, rs, f);
		return;
	}
	struct buf b;
	buf_init(&b, 1024);
	buf_printf(&b, "/staff/customers/%s?done=%s", ext, done);
	page_redirect(rs, buf_str(&b));
	buf_free(&b);
}

/* The external id of the customer owning key or device id; 0 when there is
 * no such object. */
static int staff_owner(struct request *rq, int device, long long id, char ext[129])
{
	struct db_stmt *st = device
		? db_run(rq->db, "SELECT c.external_id FROM devices d JOIN customers c"
			 " ON c.id = d.customer_id WHERE d.id = ?", "i", id)
		: db_run(rq->db, "SELECT c.external_id FROM wifi_keys k JOIN customers c"
			 " ON c.id = k.customer_id WHERE k.id = ?", "i", id);
	int rc = id > 0 && st ? db_next(st) : 0;
	if (rc == 1)
		snprintf(ext, 129, "%s", db_col(st, 0, NULL));
	return rc == 1;
}

void staff_key_create(struct request *rq, struct response *rs)
{
	static const char *const only[] = { "network", "passphrase", "label",
					    "valid_from", "valid_until", NULL };
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct json_object *in = form_json(rq->form, api_keys_fields, only, &f);
	struct json_object *out = in ? keys_create(rq->db, &who, rq->params[0], in,
						   &gen, 0, &f) : NULL;
	json_object_put(in);
	json_object_put(out);
	staff_keys_done(rq, rs, rq->params[0], "key", out ? NULL : &f);
}

static void staff_key_change(struct request *rq, struct response *rs, int rotate)
{
	long long id = page_id(rq, 0);
	char ext[129], actor[160];
	if (!staff_owner(rq, 0, id, ext)) {
		page_error(rq, rs, 404, "There is no such key.");
		return;
	}
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct json_object *out;
	const char *status = page_field(rq, "status");
	if (rotate) {
		out = keys_rotate(rq->db, &who, id, NULL, &gen, 0, &f);
	} else if (strcmp(status, "active") == 0 || strcmp(status, "disabled") == 0) {
		struct json_object *in = json_object_new_object();
		json_object_object_add(in, "status", json_object_new_string(status));
		out = keys_update(rq->db, &who, id, in, 0, &f);
		json_object_put(in);
	} else {
		fault_set(&f, 422, "invalid_status", "status", "Choose active or disabled.");
		out = NULL;
	}
	json_object_put(out);
	staff_keys_done(rq, rs, ext, rotate ? "rotated" :
			strcmp(status, "active") == 0 ? "enabled" : "disabled",
			out ? NULL : &f);
}

void staff_key_rotate(struct request *rq, struct response *rs)
{
	staff_key_change(rq, rs, 1);
}

void staff_key_status(struct request *rq, struct response *rs)
{
	staff_key_change(rq, rs, 0);
}

void staff_key_card(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	cards_answer_key(rq, rs, id);
}

void staff_device_add(struct request *rq, struct response *rs)
{
	static const char *const only[] = { "mac", "name", "key", NULL };
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct json_object *in = form_json(rq->form, api_devices_fields, only, &f);
	if (in)
		json_object_object_add(in, "customer", json_object_new_string(rq->params[0]));
	struct json_object *out = in ? devices_add(rq->db, &who, in, "staff", &gen, &f) : NULL;
	json_object_put(in);
	json_object_put(out);
	staff_keys_done(rq, rs, rq->params[0], "device", out ? NULL : &f);
}

void staff_device_remove(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	char ext[129], actor[160];
	if (!staff_owner(rq, 1, id, ext)) {
		page_error(rq, rs, 404, "There is no such device.");
		return;
	}
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	int rc = devices_remove(rq->db, &who, id, &f);
	staff_keys_done(rq, rs, ext, "removed", rc < 0 ? &f : NULL);
}
