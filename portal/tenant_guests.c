// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tenant_guests.c - guest keys: a passphrase for visitors that works from
 * a start to an end time, within the number and length the plan allows;
 * revocable at once. After their end RADIUS refuses them by itself
 * (access_reject_reason() compares valid_until with the clock).
 */
#include "portal/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/keys.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "core/timefmt.h"
#include "portal/page.h"
#include "portal/tenant_scope.h"

static const char *const tenant_guest_notices[][2] = {
	{ "created", "The guest key is ready. Show its QR code or print its card." },
	{ "revoked", "The guest key is revoked. It no longer works." },
	{ NULL, NULL },
};

/* The plan's limits for the tenant's guest keys: 0, or -1. */
static int tenant_guest_limits(struct request *rq, long long *max_keys,
			       long long *max_days, long long *current)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT p.guest_keys_max, p.guest_days_max,"
		" (SELECT COUNT(*) FROM wifi_keys k WHERE k.customer_id = c.id"
		"  AND k.kind = 'guest' AND k.status = 'active'"
		"  AND (k.valid_until IS NULL OR k.valid_until > UTC_TIMESTAMP()))"
		" FROM customers c JOIN plans p ON p.id = c.plan_id WHERE c.id = ?",
		"i", rq->session->customer_id);
	if (!st || db_next(st) != 1)
		return -1;
	*max_keys = db_col_int(st, 0);
	*max_days = db_col_int(st, 1);
	*current = db_col_int(st, 2);
	return 0;
}

static void tenant_guests_page(struct request *rq, struct response *rs,
			       int status, const char *error)
{
	long long me = rq->session->customer_id, max_keys, max_days, current;
	struct db_stmt *st = db_run(rq->db,
		"SELECT k.id, n.ssid, k.label, k.status,"
		" DATE_FORMAT(k.valid_from, '%Y-%m-%d %H:%i') AS valid_from,"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%d %H:%i') AS valid_until,"
		" k.status = 'active' AND (k.valid_until IS NULL OR k.valid_until > UTC_TIMESTAMP())"
		" AND (k.valid_from IS NULL OR k.valid_from <= UTC_TIMESTAMP()) AS usable,"
		" k.status = 'active' AND k.valid_until <= UTC_TIMESTAMP() AS expired"
		" FROM wifi_keys k JOIN networks n ON n.id = k.network_id"
		" WHERE k.customer_id = ? AND k.kind = 'guest'"
		" ORDER BY k.status = 'revoked', k.valid_until DESC, k.id DESC LIMIT 50",
		"i", me);
	struct json_object *guests = st ? rowjson_array(st, "isssssbb") : NULL;
	st = db_run(rq->db, "SELECT id, ssid FROM networks ORDER BY ssid", "");
	struct json_object *networks = st ? rowjson_array(st, "is") : NULL;
	if (!guests || !networks ||
	    tenant_guest_limits(rq, &max_keys, &max_days, &current) < 0) {
		json_object_put(guests);
		json_object_put(networks);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "guests", guests);
	json_object_object_add(d, "networks", networks);
	json_object_object_add(d, "several_networks",
			       json_object_new_boolean(json_object_array_length(networks) > 1));
	json_object_object_add(d, "max_keys", json_object_new_int64(max_keys));
	json_object_object_add(d, "max_days", json_object_new_int64(max_days));
	json_object_object_add(d, "current", json_object_new_int64(current));
	json_object_object_add(d, "room", json_object_new_boolean(current < max_keys));
	json_object_object_add(d, "title", json_object_new_string("Guest keys"));
	if (error) {
		json_object_object_add(d, "error", json_object_new_string(error));
		json_object_object_add(d, "label", json_object_new_string(page_field(rq, "label")));
		json_object_object_add(d, "starts", json_object_new_string(page_field(rq, "starts")));
		json_object_object_add(d, "ends", json_object_new_string(page_field(rq, "ends")));
	}
	page_done_notice(rq, d, tenant_guest_notices);
	page_render(rq, rs, status, "tenant_guests", d);
}

void tenant_guests(struct request *rq, struct response *rs)
{
	tenant_guests_page(rq, rs, 200, NULL);
}

/* A datetime-local field ("2026-11-26T18:30") in the browser's time zone
 * (tz: minutes to add for UTC, as the page's script fills it; empty means
 * UTC) as a time. 0, or -1 when malformed. */
static int tenant_guest_time(const char *text, const char *tz, time_t *out)
{
	char rfc[32];
	if (strlen(text) != 16 || text[10] != 'T')
		return -1;
	snprintf(rfc, sizeof rfc, "%s:00Z", text);
	if (timefmt_parse_rfc3339(rfc, out) < 0)
		return -1;
	if (*tz) {
		char *end;
		long minutes = strtol(tz, &end, 10);
		if (*end || minutes < -24 * 60 || minutes > 24 * 60)
			return -1;
		*out += minutes * 60;
	}
	return 0;
}

/* Check the form against the plan; the reason, or NULL when fine. */
static const char *tenant_guest_check(struct request *rq, time_t from, time_t until,
				      long long max_days)
{
	static __thread char why[160];
	if (strlen(page_field(rq, "label")) > 128)
		return "The label is too long (at most 128 bytes).";
	if (until <= from)
		return "The key must end after it starts.";
	if (until <= time(NULL))
		return "The end is in the past.";
	if (until - from > max_days * 86400) {
		snprintf(why, sizeof why,
			 "A guest key may last at most %lld days on your plan.", max_days);
		return why;
	}
	/* The number of keys in use is checked by keys_create_guest, under
	 * the customer's lock: counted here, outside the insert's
	 * transaction, concurrent requests would all see room and all
	 * insert. */
	return NULL;
}

void tenant_guest_create(struct request *rq, struct response *rs)
{
	long long max_keys, max_days, current;
	time_t from, until;
	const char *tz = page_field(rq, "tz");
	if (tenant_guest_limits(rq, &max_keys, &max_days, &current) < 0) {
		page_fault(rq, rs, NULL);
		return;
	}
	if (tenant_guest_time(page_field(rq, "starts"), tz, &from) < 0 ||
	    tenant_guest_time(page_field(rq, "ends"), tz, &until) < 0) {
		tenant_guests_page(rq, rs, 422, "Give the start and end as a date and time.");
		return;
	}
	const char *why = tenant_guest_check(rq, from, until, max_days);
	if (why) {
		tenant_guests_page(rq, rs, 422, why);
		return;
	}
	char from_text[21], until_text[21], actor[160];
	timefmt_format_rfc3339(from, from_text);
	timefmt_format_rfc3339(until, until_text);
	struct json_object *in = json_object_new_object();
	const char *label = page_field(rq, "label");
	json_object_object_add(in, "label", json_object_new_string(*label ? label : "Guest"));
	json_object_object_add(in, "kind", json_object_new_string("guest"));
	json_object_object_add(in, "valid_from", json_object_new_string(from_text));
	json_object_object_add(in, "valid_until", json_object_new_string(until_text));
	const char *network = page_field(rq, "network");
	if (*network)
		json_object_object_add(in, "network",
				       json_object_new_int64(strtoll(network, NULL, 10)));
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	struct json_object *out = keys_create_guest(rq->db, &who,
						    rq->session->customer_ext,
						    in, &gen, &f);
	json_object_put(in);
	if (!out) {
		if (f.status >= 500)
			page_fault(rq, rs, NULL);
		else
			tenant_guests_page(rq, rs, 422, f.detail);
		return;
	}
	char location[64];
	snprintf(location, sizeof location, "/portal/keys/%lld?show=1&done=created",
		 (long long)json_object_get_int64(json_object_object_get(out, "id")));
	json_object_put(out);
	page_redirect(rs, location);
}

void tenant_guest_revoke(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (tenant_reach(rq, rs, TENANT_KEY, id) != 1)
		return;
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	struct db_stmt *st = db_run(rq->db, "SELECT kind = 'guest' FROM wifi_keys"
				    " WHERE id = ?", "i", id);
	if (!st || db_next(st) != 1 || !db_col_int(st, 0)) {
		page_error(rq, rs, 404, "There is no such guest key.");
		return;
	}
	struct json_object *in = json_object_new_object();
	json_object_object_add(in, "status", json_object_new_string("revoked"));
	struct json_object *out = keys_update(rq->db, &who, id, in, 0, &f);
	json_object_put(in);
	if (!out) {
		page_fault(rq, rs, NULL);
		return;
	}
	json_object_put(out);
	page_redirect(rs, "/portal/guests?done=revoked");
}
