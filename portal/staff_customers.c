// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_customers.c - customers in the dashboard: search and filter, add,
 * the detail page (keys, devices, sub-customers, sign-in, recent RADIUS
 * answers), status changes and activation codes.
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <string.h>

#include "api/api_fields.h"
#include "core/accounts.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/customers.h"
#include "core/db.h"
#include "core/devices.h"
#include "core/fault.h"
#include "core/keys.h"
#include "core/rowjson.h"
#include "portal/form_json.h"
#include "portal/page.h"
#include "portal/portal_session.h"
#include "core/sql_mac.h"
#include "portal/staff_list.h"

static const char *const customer_filters[] = { "search", "status", "plan",
						 "building", NULL };
/* What the dashboard's forms may set on a customer. */
static const char *const customer_form_fields[] = { "name", "email", "phone",
						    "plan", "building", "unit",
						    "parent", NULL };

/* Mark the element of array whose member key equals value "selected",
 * for the <option> a form should show chosen. */
static void staff_mark_selected(struct json_object *array, const char *key,
				const char *value)
{
	size_t n = json_object_array_length(array);
	for (size_t i = 0; value && *value && i < n; i++) {
		struct json_object *e = json_object_array_get_idx(array, i);
		const char *s = json_object_get_string(json_object_object_get(e, key));
		if (s && strcmp(s, value) == 0)
			json_object_object_add(e, "selected", json_object_new_boolean(1));
	}
}

/* Plans and buildings for the filter form ("plans", "buildings", the
 * filter's choices selected) and for the create and edit forms
 * ("plan_choices", form_plan selected). 0 or -1. */
static int staff_choices(struct request *rq, struct json_object *d,
			 const char *filter_plan, const char *filter_building,
			 const char *form_plan)
{
	static const char sql[] = "SELECT name FROM plans ORDER BY name";
	struct db_stmt *st = db_run(rq->db, sql, "");
	struct json_object *plans = st ? rowjson_array(st, "s") : NULL;
	st = db_run(rq->db, sql, "");
	struct json_object *choices = st ? rowjson_array(st, "s") : NULL;
	st = db_run(rq->db, "SELECT DISTINCT building FROM customers"
		    " WHERE building IS NOT NULL ORDER BY building LIMIT 500", "");
	struct json_object *buildings = st ? rowjson_array(st, "s") : NULL;
	if (!plans || !choices || !buildings) {
		json_object_put(plans);
		json_object_put(choices);
		json_object_put(buildings);
		return -1;
	}
	staff_mark_selected(plans, "name", filter_plan);
	staff_mark_selected(buildings, "building", filter_building);
	staff_mark_selected(choices, "name", form_plan);
	json_object_object_add(d, "plans", plans);
	json_object_object_add(d, "plan_choices", choices);
	json_object_object_add(d, "buildings", buildings);
	return 0;
}

static void staff_customers_page(struct request *rq, struct response *rs,
				 int status, const struct fault *refused)
{
	char st_[16], plan[65], search[129], building[129];
	struct customer_query q = {
		.status = page_query(rq, "status", st_, sizeof st_),
		.plan = page_query(rq, "plan", plan, sizeof plan),
		.search = page_query(rq, "search", search, sizeof search),
		.building = page_query(rq, "building", building, sizeof building),
		.page = staff_page_number(rq), .per_page = STAFF_PER_PAGE,
	};
	if (*st_ && strcmp(st_, "active") != 0 && strcmp(st_, "suspended") != 0 &&
	    strcmp(st_, "terminated") != 0)
		q.status = "";
	struct fault f = { 0 };
	struct json_object *list = customers_list(rq->db, &q, &f);
	struct json_object *d = json_object_new_object();
	if (!list || staff_choices(rq, d, plan, building,
					  refused ? page_field(rq, "plan") : "") < 0) {
		json_object_put(list);
		json_object_put(d);
		page_fault(rq, rs, &f);
		return;
	}
	long long total = json_object_get_int64(json_object_object_get(list, "total"));
	json_object_object_add(d, "customers",
			       json_object_get(json_object_object_get(list, "items")));
	json_object_put(list);
	json_object_object_add(d, "pager", staff_pager(rq, total, q.page, customer_filters));
	staff_filters(rq, d, customer_filters);
	json_object_object_add(d, "title", json_object_new_string("Customers"));
	if (refused) {
		json_object_object_add(d, "error", json_object_new_string(refused->detail));
		struct json_object *typed = json_object_new_object();
		json_object_object_add(typed, "external_id",
				       json_object_new_string(page_field(rq, "external_id")));
		for (const char *const *n = customer_form_fields; *n; n++)
			json_object_object_add(typed, *n, json_object_new_string(page_field(rq, *n)));
		json_object_object_add(d, "typed", typed);
	}
	page_render(rq, rs, status, "staff_customers", d);
}

void staff_customers(struct request *rq, struct response *rs)
{
	staff_customers_page(rq, rs, 200, NULL);
}

/* Create (ext from the form) or change (ext from the URL) a customer with
 * the form's fields; NULL + f when refused. */
static struct json_object *staff_customer_write(struct request *rq, const char *ext,
						const char *const *fields,
						int must_exist, struct fault *f)
{
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct json_object *in = form_json(rq->form, api_customers_fields, fields, f);
	int created;
	/* Staff who may change customers may see their keys (cards), so
	 * they may also choose a parent. */
	struct json_object *out = in ? customers_upsert(rq->db, &who, ext, in, &gen,
							must_exist, 1, &created, f) : NULL;
	json_object_put(in);
	return out;
}

static void staff_customer_redirect(struct response *rs, const char *ext,
				    const char *done)
{
	struct buf b;
	buf_init(&b, 1024);
	/* External ids are [A-Za-z0-9._:@-]: nothing to escape in a path. */
	buf_printf(&b, "/staff/customers/%s?done=%s", ext, done);
	page_redirect(rs, buf_str(&b));
	buf_free(&b);
}

void staff_customer_create(struct request *rq, struct response *rs)
{
	const char *ext = page_field(rq, "external_id");
	struct fault f = { 0 };
	if (customers_id(rq->db, ext) > 0) {
		fault_set(&f, 409, "conflict", "external_id",
			  "A customer with this external id exists already.");
		staff_customers_page(rq, rs, 409, &f);
		return;
	}
	struct json_object *out = staff_customer_write(rq, ext, customer_form_fields, 0, &f);
	if (!out) {
		if (f.status >= 500)
			page_fault(rq, rs, &f);
		else
			staff_customers_page(rq, rs, 422, &f);
		return;
	}
	json_object_put(out);
	staff_customer_redirect(rs, ext, "created");
}

static const char *const customer_notices[][2] = {
	{ "created", "The customer is created, with its keys." },
	{ "saved", "Saved." },
	{ "active", "The customer is active: its devices can join again." },
	{ "suspended", "The customer is suspended: its devices are refused from the next join." },
	{ "terminated", "The customer is terminated." },
	{ "key", "The key is created." },
	{ "rotated", "The key has a new passphrase; the old one no longer works." },
	{ "disabled", "The key is disabled." },
	{ "enabled", "The key is enabled." },
	{ "device", "The device is added." },
	{ "removed", "The device is removed." },
	{ NULL, NULL },
};

/* The customer's detail parts, added to d. 0, or -1 + f. */
static int staff_customer_parts(struct request *rq, long long cid, const char *ext,
				struct json_object *d, struct fault *f)
{
	struct device_query dq = { .customer = ext, .key = DB_NULL_INT, .mac = "" };
	struct json_object *keys = keys_list_json(rq->db, cid, 0, f);
	struct json_object *devices = keys ? devices_list(rq->db, &dq, f) : NULL;
	struct db_stmt *st = db_run(rq->db,
		"SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s') AS at, result, reason, "
		SQL_MAC("mac") " AS mac,"
		" nas_name FROM auth_log WHERE customer_id = ? OR mac IN"
		" (SELECT mac FROM devices WHERE customer_id = ?)"
		" ORDER BY id DESC LIMIT 20", "ii", cid, cid);
	struct json_object *auth = st ? rowjson_array(st, "sssss") : NULL;
	st = db_run(rq->db, "SELECT external_id, name, status FROM customers"
		    " WHERE parent_id = ? ORDER BY external_id LIMIT 200", "i", cid);
	struct json_object *subs = st ? rowjson_array(st, "sss") : NULL;
	struct signin_limits lim = portal_signin_limits(rq);
	/* "throttled": as on the staff accounts page. */
	st = db_run(rq->db, "SELECT username, DATE_FORMAT(last_login, '%Y-%m-%d %H:%i') AS last_login,"
		    " EXISTS (SELECT 1 FROM signin_failures f"
		    " WHERE f.subject = UNHEX(SHA2(CONCAT(kind, ':', username), 256))"
		    " AND f.failures >= ? AND f.window_start > UTC_TIMESTAMP() - INTERVAL ? SECOND)"
		    " AS throttled FROM accounts WHERE customer_id = ?", "iii",
		    (long long)lim.max_failures, (long long)lim.lockout_seconds, cid);
	struct json_object *account = st && db_next(st) == 1 ? rowjson_object(st, "ssb") : NULL;
	st = db_run(rq->db, "SELECT id, ssid FROM networks ORDER BY ssid", "");
	struct json_object *networks = st ? rowjson_array(st, "is") : NULL;
	if (!keys || !devices || !auth || !subs || !networks) {
		json_object_put(keys);
		json_object_put(devices);
		json_object_put(auth);
		json_object_put(subs);
		json_object_put(account);
		json_object_put(networks);
		if (!f->status)
			fault_db(f, rq->db);
		return -1;
	}
	json_object_object_add(d, "keys", keys);
	json_object_object_add(d, "devices", devices);
	json_object_object_add(d, "auth", auth);
	json_object_object_add(d, "subs", subs);
	json_object_object_add(d, "networks", networks);
	if (account)
		json_object_object_add(d, "account", account);
	return 0;
}

static void staff_customer_page(struct request *rq, struct response *rs,
				int status, const char *error)
{
	const char *ext = rq->params[0];
	struct fault f = { 0 };
	struct json_object *c = customers_get_json(rq->db, ext, &f);
	long long cid = c ? customers_id(rq->db, ext) : 0;
	struct json_object *d = json_object_new_object();
	if (!c || cid <= 0 || staff_customer_parts(rq, cid, ext, d, &f) < 0 ||
	    staff_choices(rq, d, "", "", json_object_get_string(
				  json_object_object_get(c, "plan"))) < 0) {
		json_object_put(c);
		json_object_put(d);
		page_fault(rq, rs, &f);
		return;
	}
	json_object_object_add(d, "customer", c);
	json_object_object_add(d, "title", json_object_new_string("Customer"));
	if (error)
		json_object_object_add(d, "error", json_object_new_string(error));
	page_done_notice(rq, d, customer_notices);
	page_render(rq, rs, status, "staff_customer", d);
}

void staff_customer(struct request *rq, struct response *rs)
{
	staff_customer_page(rq, rs, 200, NULL);
}

/* Answer a refused change on the customer's page, or a failure. */
static void staff_customer_refused(struct request *rq, struct response *rs,
				   const struct fault *f)
{
	if (f->status == 422 || f->status == 409)
		staff_customer_page(rq, rs, f->status, f->detail);
	else
		page_fault(rq, rs, f);
}

void staff_customer_update(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	struct json_object *out = staff_customer_write(rq, rq->params[0],
						       customer_form_fields, 1, &f);
	if (!out) {
		staff_customer_refused(rq, rs, &f);
		return;
	}
	json_object_put(out);
	staff_customer_redirect(rs, rq->params[0], "saved");
}

void staff_customer_status(struct request *rq, struct response *rs)
{
	static const char *const only[] = { "status", NULL };
	const char *status = page_field(rq, "status");
	struct fault f = { 0 };
	struct json_object *out;
	if (strcmp(status, "terminated") == 0) {
		char actor[160];
		struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
		out = customers_terminate(rq->db, &who, rq->params[0], &f);
	} else if (strcmp(status, "active") == 0 || strcmp(status, "suspended") == 0) {
		out = staff_customer_write(rq, rq->params[0], only, 1, &f);
	} else {
		fault_set(&f, 422, "invalid_status", "status", "Choose active or suspended.");
		out = NULL;
	}
	if (!out) {
		staff_customer_refused(rq, rs, &f);
		return;
	}
	json_object_put(out);
	staff_customer_redirect(rs, rq->params[0], status);
}

void staff_customer_activation(struct request *rq, struct response *rs)
{
	long long cid = customers_id(rq->db, rq->params[0]);
	if (cid <= 0) {
		page_error(rq, rs, cid < 0 ? 503 : 404, "There is no such customer.");
		return;
	}
	char actor[160], code[CODE_TEXT_LEN];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	if (accounts_issue_activation(rq->db, &who, cid, 0, rq->cfg->activation_days,
				      code, &f) < 0) {
		page_fault(rq, rs, &f);
		return;
	}
	/* Shown once, in the answer to the POST: never in a URL. */
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "code", json_object_new_string(code));
	json_object_object_add(d, "days", json_object_new_int(rq->cfg->activation_days));
	json_object_object_add(d, "what", json_object_new_string("tenant-activation"));
	json_object_object_add(d, "ext", json_object_new_string(rq->params[0]));
	struct buf back;
	buf_init(&back, 512);
	buf_printf(&back, "/staff/customers/%s", rq->params[0]);
	json_object_object_add(d, "back", json_object_new_string(buf_str(&back)));
	buf_free(&back);
	json_object_object_add(d, "portal_url", json_object_new_string(rq->cfg->portal_url));
	json_object_object_add(d, "title", json_object_new_string("Activation code"));
	page_render(rq, rs, 200, "staff_code", d);
}
