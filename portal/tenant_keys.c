// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tenant_keys.c - "My keys": the tenant's Wi-Fi keys (its own and its
 * sub-customers'), each with its passphrase hidden until asked for, its QR
 * code and PDF card, its devices, and rotation.
 */
#include "portal/pages.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/keys.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "core/wifi_qr.h"
#include "portal/cards.h"
#include "portal/page.h"
#include "core/sql_mac.h"
#include "portal/tenant_scope.h"

/* Times are shown as text in UTC; the pages say so. */
#define TENANT_KEY_COLUMNS \
	"SELECT k.id, n.ssid, k.label, k.kind, k.status," \
	" DATE_FORMAT(k.valid_from, '%Y-%m-%d %H:%i') AS valid_from," \
	" DATE_FORMAT(k.valid_until, '%Y-%m-%d %H:%i') AS valid_until," \
	" k.status = 'active' AND (k.valid_until IS NULL OR k.valid_until > UTC_TIMESTAMP())" \
	" AND (k.valid_from IS NULL OR k.valid_from <= UTC_TIMESTAMP()) AS usable," \
	" c.name AS customer, c.id <> ? AS sub_customer," \
	" (SELECT COUNT(*) FROM devices d WHERE d.key_id = k.id) AS devices" \
	" FROM wifi_keys k JOIN networks n ON n.id = k.network_id" \
	" JOIN customers c ON c.id = k.customer_id"
#define TENANT_KEY_TYPES "issssssbsbi"

static const char *const tenant_key_notices[][2] = {
	{ "welcome", "Welcome! These are your Wi-Fi keys." },
	{ "password", "Your password is changed." },
	{ "rotated", "The key has a new password. Devices must join again with it." },
	{ "created", "The guest key is ready. Show its QR code or print its card." },
	{ NULL, NULL },
};

void tenant_home(struct request *rq, struct response *rs)
{
	(void)rq;
	page_redirect(rs, "/portal/keys");
}

void tenant_keys(struct request *rq, struct response *rs)
{
	long long me = rq->session->customer_id;
	struct db_stmt *st = db_run(rq->db, TENANT_KEY_COLUMNS
		" WHERE (c.id = ? OR c.parent_id = ?) AND k.kind = 'normal'"
		" AND k.status <> 'revoked' ORDER BY c.id <> ?, c.name, n.ssid, k.id",
		"iiii", me, me, me, me);
	struct json_object *keys = st ? rowjson_array(st, TENANT_KEY_TYPES) : NULL;
	if (!keys) {
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "keys", keys);
	json_object_object_add(d, "title", json_object_new_string("My keys"));
	page_done_notice(rq, d, tenant_key_notices);
	page_render(rq, rs, 200, "tenant_keys", d);
}

/* The key of the URL as JSON, when the tenant may reach it; NULL after
 * answering (404, 503) when not. */
static struct json_object *tenant_key_row(struct request *rq, struct response *rs,
					  long long id)
{
	if (tenant_reach(rq, rs, TENANT_KEY, id) != 1)
		return NULL;
	struct db_stmt *st = db_run(rq->db, TENANT_KEY_COLUMNS " WHERE k.id = ?",
				    "ii", rq->session->customer_id, id);
	if (!st || db_next(st) != 1) {
		page_fault(rq, rs, NULL);
		return NULL;
	}
	return rowjson_object(st, TENANT_KEY_TYPES);
}

void tenant_key(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	struct json_object *key = tenant_key_row(rq, rs, id);
	if (!key)
		return;
	char show[4];
	page_query(rq, "show", show, sizeof show);
	if (strcmp(show, "1") == 0) {
		unsigned char ssid[32];
		size_t ssid_len;
		char pass[65];
		struct fault f = { 0 };
		if (keys_secret(rq->db, id, ssid, &ssid_len, pass, &f) == 0) {
			json_object_object_add(key, "passphrase", json_object_new_string(pass));
			sodium_memzero(pass, sizeof pass);
		}
	}
	struct db_stmt *st = db_run(rq->db, "SELECT d.id, d.name, " SQL_MAC("d.mac") " AS mac,"
		    " DATE_FORMAT(d.last_seen, '%Y-%m-%d %H:%i') AS last_seen"
		    " FROM devices d WHERE d.key_id = ? ORDER BY d.name, d.id", "i", id);
	struct json_object *devices = st ? rowjson_array(st, "isss") : NULL;
	if (!devices) {
		json_object_put(key);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "key", key);
	json_object_object_add(d, "devices", devices);
	json_object_object_add(d, "title", json_object_new_string("Wi-Fi key"));
	page_done_notice(rq, d, tenant_key_notices);
	page_render(rq, rs, 200, "tenant_key", d);
}

void tenant_key_rotate_form(struct request *rq, struct response *rs)
{
	struct json_object *key = tenant_key_row(rq, rs, page_id(rq, 0));
	if (!key)
		return;
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "key", key);
	json_object_object_add(d, "title", json_object_new_string("Change the key's password"));
	page_render(rq, rs, 200, "tenant_key_rotate", d);
}

void tenant_key_rotate(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_KEY, id) != 1)
		return;
	char actor[160], location[64];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct json_object *out = keys_rotate(rq->db, &who, id, NULL, &gen, 0, &f);
	if (!out) {
		page_fault(rq, rs, &f);
		return;
	}
	json_object_put(out);
	snprintf(location, sizeof location, "/portal/keys/%lld?show=1&done=rotated", id);
	page_redirect(rs, location);
}

void tenant_key_qr(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_KEY, id) != 1)
		return;
	unsigned char ssid[32];
	size_t ssid_len;
	char pass[65];
	struct fault f = { 0 };
	if (keys_secret(rq->db, id, ssid, &ssid_len, pass, &f) < 0) {
		page_fault(rq, rs, NULL);
		return;
	}
	char *payload = wifi_qr_payload(ssid, ssid_len, pass);
	sodium_memzero(pass, sizeof pass);
	buf_reset(&rs->body);
	int rc = payload ? wifi_qr_png(payload, 8, 4, &rs->body) : -1;
	if (payload) {
		sodium_memzero(payload, strlen(payload));
		free(payload);
	}
	if (rc < 0) {
		page_error(rq, rs, 500, "The QR code could not be made.");
		return;
	}
	rs->status = 200;
	rs->content_type = "image/png";
	page_security_headers(rs);
}

void tenant_key_card(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_KEY, id) != 1)
		return;
	cards_answer_key(rq, rs, id);
}
