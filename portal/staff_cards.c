// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_cards.c - bulk output for staff: a PDF of welcome cards (one per
 * key) for a building, a plan or a chosen set of customers, and CSV
 * exports of customers and keys. Who may take passphrases in which form
 * is passphrase_policy.c's decision, enforced by the page table; the bulk
 * takes (cards, the keys CSV with passphrases) are audited.
 */
#include "portal/staff_pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/config.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "core/store.h"
#include "portal/cards.h"
#include "portal/csv.h"
#include "portal/page.h"

/* Mark the element of array whose member key equals value "selected". */
static void staff_cards_mark(struct json_object *array, const char *key,
			     const char *value)
{
	size_t n = array && *value ? json_object_array_length(array) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(array, i), *v;
		if (json_object_object_get_ex(e, key, &v) &&
		    strcmp(json_object_get_string(v), value) == 0)
			json_object_object_add(e, "selected", json_object_new_boolean(1));
	}
}

/* The cards form, with the choices of a refused POST kept and its
 * message shown (error NULL: a plain GET). */
static void staff_cards_form(struct request *rq, struct response *rs, int status,
			     const char *error)
{
	struct db_stmt *st = db_run(rq->db, "SELECT name FROM plans ORDER BY name", "");
	struct json_object *plans = st ? rowjson_array(st, "s") : NULL;
	st = db_run(rq->db, "SELECT building, COUNT(*) AS customers FROM customers"
		    " WHERE building IS NOT NULL AND status <> 'terminated'"
		    " GROUP BY building ORDER BY building LIMIT 1000", "");
	struct json_object *buildings = st ? rowjson_array(st, "si") : NULL;
	if (!plans || !buildings) {
		json_object_put(plans);
		json_object_put(buildings);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	char customers[1024];
	if (error) {
		staff_cards_mark(plans, "name", page_field(rq, "plan"));
		staff_cards_mark(buildings, "building", page_field(rq, "building"));
		snprintf(customers, sizeof customers, "%s", page_field(rq, "customers"));
		json_object_object_add(d, "error", json_object_new_string(error));
		json_object_object_add(d, "new_codes", json_object_new_boolean(
			*page_field(rq, "new_codes") != '\0'));
	} else {
		page_query(rq, "customers", customers, sizeof customers);
	}
	json_object_object_add(d, "plans", plans);
	json_object_object_add(d, "buildings", buildings);
	json_object_object_add(d, "customers", json_object_new_string(customers));
	json_object_object_add(d, "cards_max", json_object_new_int(rq->cfg->cards_max));
	json_object_object_add(d, "title", json_object_new_string("Cards and export"));
	page_render(rq, rs, status, "staff_cards", d);
}

void staff_cards(struct request *rq, struct response *rs)
{
	staff_cards_form(rq, rs, 200, NULL);
}

/* The chosen customers as "a,b,c" for FIND_IN_SET: every form value and
 * every word of the text box. External ids have no commas or spaces. */
static void staff_cards_selection(const struct request *rq, struct buf *out)
{
	const char *text = page_field(rq, "customers");
	size_t n = page_field_count(rq, "customer");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s%s", out->len ? "," : "", page_field_nth(rq, "customer", i));
	while (*text) {
		size_t skip = strspn(text, " ,;\t\r\n");
		text += skip;
		size_t len = strcspn(text, " ,;\t\r\n");
		if (len)
			buf_printf(out, "%s%.*s", out->len ? "," : "", (int)len, text);
		text += len;
	}
}

/* How many cards a choice would print (the same WHERE as the rows'
 * statement below), counted by the database so that a choice of 50,000
 * is refused without reading one. -1 on failure. */
static long long staff_cards_count(struct request *rq, const char *building,
				   const char *plan, const char *chosen)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT COUNT(*) FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
		" JOIN plans p ON p.id = c.plan_id JOIN networks n ON n.id = k.network_id"
		" WHERE c.status <> 'terminated' AND k.kind = 'normal' AND k.status = 'active'"
		" AND (? = '' OR c.building = ?) AND (? = '' OR p.name = ?)"
		" AND (? = '' OR FIND_IN_SET(c.external_id, ?) > 0)",
		"ssssss", building, building, plan, plan, chosen, chosen);
	if (!st || db_next(st) != 1)
		return -1;
	return db_col_int(st, 0);
}

/* Record who printed which cards (no passphrase, no code). 0 or -1. */
static int staff_cards_audit(struct request *rq, const char *building,
			     const char *plan, size_t chosen, size_t cards, int renew)
{
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "cards", json_object_new_int64((int64_t)cards));
	if (*building)
		json_object_object_add(d, "building", json_object_new_string(building));
	if (*plan)
		json_object_object_add(d, "plan", json_object_new_string(plan));
	if (chosen)
		json_object_object_add(d, "customers", json_object_new_int64((int64_t)chosen));
	json_object_object_add(d, "new_codes", json_object_new_boolean(renew));
	int rc = store_begin(rq->db, &f) < 0 ? -1
		: store_commit(rq->db, &who, "cards.print",
			       *building ? "building" : *plan ? "plan" : "selection",
			       *building ? building : *plan ? plan : "customers", d, &f);
	json_object_put(d);
	return rc;
}

/* Answer a count of cards that cannot be printed (a failure, none, more
 * than cards_max) and return 1; 0 when asked is fine. */
static int staff_cards_refused(struct request *rq, struct response *rs, long long asked)
{
	char msg[256];
	if (asked < 0)
		page_fault(rq, rs, NULL);
	else if (asked == 0)
		staff_cards_form(rq, rs, 404, "There are no active keys to print for that choice.");
	else if (asked > rq->cfg->cards_max) {
		snprintf(msg, sizeof msg, "That is %lld cards; one PDF holds at most %d. "
			 "Choose one building or plan at a time, or fewer customers.",
			 asked, rq->cfg->cards_max);
		staff_cards_form(rq, rs, 422, msg);
	} else
		return 0;
	return 1;
}

void staff_cards_pdf(struct request *rq, struct response *rs)
{
	const char *building = page_field(rq, "building");
	const char *plan = page_field(rq, "plan");
	/* Re-issuing codes ends those on cards already handed out: only
	 * when asked for by name. */
	int renew = strcmp(page_field(rq, "new_codes"), "1") == 0;
	int max = rq->cfg->cards_max;
	char msg[256];
	struct buf chosen;
	buf_init(&chosen, 65536);
	staff_cards_selection(rq, &chosen);
	size_t nchosen = chosen.len ? 1 : 0;
	for (size_t i = 0; i < chosen.len; i++)
		nchosen += chosen.data[i] == ',';
	if (!*building && !*plan && chosen.len == 0) {
		buf_free(&chosen);
		staff_cards_form(rq, rs, 422, "Choose a building, a plan or some customers.");
		return;
	}
	if (staff_cards_refused(rq, rs, staff_cards_count(rq, building, plan,
							 buf_str(&chosen)))) {
		buf_free(&chosen);
		return;
	}
	/* Bounded even so: rows added since the count cannot make it read
	 * more than one past the cap. */
	struct db_stmt *st = db_run(rq->db,
		"SELECT n.ssid, k.passphrase, c.name, k.label,"
		" DATE_FORMAT(k.valid_from, '%Y-%m-%d %H:%i UTC'),"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%d %H:%i UTC'), k.kind,"
		" IF(EXISTS(SELECT 1 FROM accounts a WHERE a.customer_id = c.id"
		"  AND a.password_hash IS NOT NULL), NULL, c.id)"
		" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
		" JOIN plans p ON p.id = c.plan_id JOIN networks n ON n.id = k.network_id"
		" WHERE c.status <> 'terminated' AND k.kind = 'normal' AND k.status = 'active'"
		" AND (? = '' OR c.building = ?) AND (? = '' OR p.name = ?)"
		" AND (? = '' OR FIND_IN_SET(c.external_id, ?) > 0)"
		" ORDER BY c.building, c.unit, c.id, n.ssid, k.id LIMIT ?",
		"ssssssi", building, building, plan, plan, buf_str(&chosen),
		buf_str(&chosen), (long long)max + 1);
	buf_free(&chosen);
	if (!st) {
		page_fault(rq, rs, NULL);
		return;
	}
	size_t n = 0;
	switch (cards_render(rq, rs, st, renew, &n)) {
	case CARDS_MADE:
		if (staff_cards_audit(rq, building, plan, nchosen, n, renew) < 0) {
			buf_free_secret(&rs->body);
			buf_init(&rs->body, HTTP_MAX_RESPONSE);
			page_fault(rq, rs, NULL);
			return;
		}
		page_attachment(rs, "application/pdf", "wifi-cards.pdf");
		return;
	case CARDS_NONE:
		staff_cards_form(rq, rs, 404, "There are no active keys to print for that choice.");
		return;
	case CARDS_TOO_MANY:
		snprintf(msg, sizeof msg, "That is more than %d cards, the most one PDF holds. "
			 "Choose one building or plan at a time, or fewer customers.", max);
		staff_cards_form(rq, rs, 422, msg);
		return;
	case CARDS_FAILED:
		return;
	}
}

/* Answer with every row of st as CSV under a header line; rows counts
 * them. 0 when answered with the CSV, -1 when with an error page. */
static int staff_csv(struct request *rq, struct response *rs, struct db_stmt *st,
		     size_t *rows)
{
	if (!st) {
		page_fault(rq, rs, NULL);
		return -1;
	}
	unsigned n = db_ncols(st);
	int bad = 0, rc = 0;
	buf_reset(&rs->body);
	*rows = 0;
	for (unsigned i = 0; i < n; i++)
		bad |= csv_field(&rs->body, db_col_name(st, i), i + 1 == n);
	while (!bad && (rc = db_next(st)) == 1) {
		for (unsigned i = 0; i < n; i++)
			bad |= csv_field(&rs->body, db_col(st, i, NULL), i + 1 == n);
		(*rows)++;
	}
	if (bad || rc < 0) {
		buf_free_secret(&rs->body);
		buf_init(&rs->body, HTTP_MAX_RESPONSE);
		if (bad)
			page_error(rq, rs, 500, "The export is too large for one file.");
		else
			page_fault(rq, rs, NULL);
		return -1;
	}
	return 0;
}

void staff_export_customers(struct request *rq, struct response *rs)
{
	size_t rows;
	if (staff_csv(rq, rs, db_run(rq->db,
		"SELECT c.external_id, c.name, c.email, c.phone, c.status, p.name AS plan,"
		" pc.external_id AS parent, c.building, c.unit,"
		" DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%sZ') AS created_at"
		" FROM customers c JOIN plans p ON p.id = c.plan_id"
		" LEFT JOIN customers pc ON pc.id = c.parent_id ORDER BY c.external_id", ""),
		&rows) == 0)
		page_attachment(rs, "text/csv; charset=utf-8", "customers.csv");
}

/* The keys without passphrases: for every staff role. */
void staff_export_keys(struct request *rq, struct response *rs)
{
	size_t rows;
	if (staff_csv(rq, rs, db_run(rq->db,
		"SELECT k.id, c.external_id AS customer, n.ssid, k.label, k.kind,"
		" k.status,"
		" DATE_FORMAT(k.valid_from, '%Y-%m-%dT%H:%i:%sZ') AS valid_from,"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%dT%H:%i:%sZ') AS valid_until"
		" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
		" JOIN networks n ON n.id = k.network_id ORDER BY k.id", ""), &rows) == 0)
		page_attachment(rs, "text/csv; charset=utf-8", "keys.csv");
}

/* The keys with passphrases: a POST (CSRF-checked, never a link to
 * follow) that only the roles passphrase_policy.c allows reach, audited
 * before the file is handed over. */
void staff_export_keys_passphrases(struct request *rq, struct response *rs)
{
	size_t rows;
	if (staff_csv(rq, rs, db_run(rq->db,
		"SELECT k.id, c.external_id AS customer, n.ssid, k.label, k.kind,"
		" k.status, k.passphrase,"
		" DATE_FORMAT(k.valid_from, '%Y-%m-%dT%H:%i:%sZ') AS valid_from,"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%dT%H:%i:%sZ') AS valid_until"
		" FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
		" JOIN networks n ON n.id = k.network_id ORDER BY k.id", ""), &rows) < 0)
		return;
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "keys", json_object_new_int64((int64_t)rows));
	int rc = store_begin(rq->db, &f) < 0 ? -1
		: store_commit(rq->db, &who, "keys.export", "export", "keys.csv", d, &f);
	json_object_put(d);
	if (rc < 0) {
		buf_free_secret(&rs->body);
		buf_init(&rs->body, HTTP_MAX_RESPONSE);
		page_fault(rq, rs, NULL);
		return;
	}
	page_attachment(rs, "text/csv; charset=utf-8", "keys-with-passphrases.csv");
}
