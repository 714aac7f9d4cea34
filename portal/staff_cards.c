/*
 * staff_cards.c - bulk output for staff: a PDF of welcome cards (one per
 * key) for a building, a plan or a chosen set of customers, and CSV
 * exports of customers and keys (passphrases only for admins).
 */
#include "portal/staff_pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "portal/cards.h"
#include "portal/page.h"

void staff_cards(struct request *rq, struct response *rs)
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
	json_object_object_add(d, "plans", plans);
	json_object_object_add(d, "buildings", buildings);
	char customers[1024];
	page_query(rq, "customers", customers, sizeof customers);
	json_object_object_add(d, "customers", json_object_new_string(customers));
	json_object_object_add(d, "title", json_object_new_string("Cards and export"));
	page_render(rq, rs, 200, "staff_cards", d);
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

void staff_cards_pdf(struct request *rq, struct response *rs)
{
	const char *building = page_field(rq, "building");
	const char *plan = page_field(rq, "plan");
	struct buf chosen;
	buf_init(&chosen, 65536);
	staff_cards_selection(rq, &chosen);
	if (!*building && !*plan && chosen.len == 0) {
		buf_free(&chosen);
		page_error(rq, rs, 422, "Choose a building, a plan or some customers.");
		return;
	}
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
		" ORDER BY c.building, c.unit, c.id, n.ssid, k.id",
		"ssssss", building, building, plan, plan, buf_str(&chosen),
		buf_str(&chosen));
	buf_free(&chosen);
	if (!st) {
		page_fault(rq, rs, NULL);
		return;
	}
	cards_answer(rq, rs, st, "wifi-cards.pdf");
}

/* Append one CSV field: quoted when it must be, and a leading = + - @
 * defused, so a spreadsheet never runs a tenant's name as a formula. */
static void staff_csv_field(struct buf *b, const char *s, int last)
{
	if (!s)
		s = "";
	int quote = strpbrk(s, ",\"\r\n") != NULL || strchr("=+-@", *s) != NULL;
	if (quote)
		buf_append_char(b, '"');
	if (*s && strchr("=+-@", *s))
		buf_append_char(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_append_char(b, '"');
		buf_append_char(b, *s);
	}
	if (quote)
		buf_append_char(b, '"');
	buf_append_str(b, last ? "\r\n" : ",");
}

/* Answer with every row of st as CSV under a header line. */
static void staff_csv(struct request *rq, struct response *rs, struct db_stmt *st,
		      const char *filename)
{
	if (!st) {
		page_fault(rq, rs, NULL);
		return;
	}
	unsigned n = db_ncols(st);
	buf_reset(&rs->body);
	for (unsigned i = 0; i < n; i++)
		staff_csv_field(&rs->body, db_col_name(st, i), i + 1 == n);
	int rc;
	while ((rc = db_next(st)) == 1)
		for (unsigned i = 0; i < n; i++)
			staff_csv_field(&rs->body, db_col(st, i, NULL), i + 1 == n);
	if (rc < 0) {
		buf_free_secret(&rs->body);
		buf_init(&rs->body, HTTP_MAX_RESPONSE);
		page_fault(rq, rs, NULL);
		return;
	}
	page_attachment(rs, "text/csv; charset=utf-8", filename);
}

void staff_export_customers(struct request *rq, struct response *rs)
{
	staff_csv(rq, rs, db_run(rq->db,
		"SELECT c.external_id, c.name, c.email, c.phone, c.status, p.name AS plan,"
		" pc.external_id AS parent, c.building, c.unit,"
		" DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%sZ') AS created_at"
		" FROM customers c JOIN plans p ON p.id = c.plan_id"
		" LEFT JOIN customers pc ON pc.id = c.parent_id ORDER BY c.external_id", ""),
		"customers.csv");
}

void staff_export_keys(struct request *rq, struct response *rs)
{
	int admin = strcmp(rq->session->role, "admin") == 0;
	/* Two literal statements rather than one assembled: only the
	 * admins' has the passphrase column at all. */
	struct db_stmt *st = admin
		? db_run(rq->db,
			 "SELECT k.id, c.external_id AS customer, n.ssid, k.label, k.kind,"
			 " k.status, k.passphrase,"
			 " DATE_FORMAT(k.valid_from, '%Y-%m-%dT%H:%i:%sZ') AS valid_from,"
			 " DATE_FORMAT(k.valid_until, '%Y-%m-%dT%H:%i:%sZ') AS valid_until"
			 " FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
			 " JOIN networks n ON n.id = k.network_id ORDER BY k.id", "")
		: db_run(rq->db,
			 "SELECT k.id, c.external_id AS customer, n.ssid, k.label, k.kind,"
			 " k.status,"
			 " DATE_FORMAT(k.valid_from, '%Y-%m-%dT%H:%i:%sZ') AS valid_from,"
			 " DATE_FORMAT(k.valid_until, '%Y-%m-%dT%H:%i:%sZ') AS valid_until"
			 " FROM wifi_keys k JOIN customers c ON c.id = k.customer_id"
			 " JOIN networks n ON n.id = k.network_id ORDER BY k.id", "");
	staff_csv(rq, rs, st, "keys.csv");
}
