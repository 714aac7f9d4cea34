// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * customers.c - customers and their provisioning. See customers.h.
 */
#include "core/customers.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/jsonget.h"
#include "core/keys.h"
#include "core/plans.h"
#include "core/rowjson.h"
#include "core/store.h"

#define CUSTOMERS_COLUMNS \
	"SELECT c.external_id, c.name, c.email, c.phone, c.status," \
	" p.name AS plan, pc.external_id AS parent, c.building, c.unit," \
	" (SELECT COUNT(*) FROM wifi_keys k WHERE k.customer_id = c.id) AS `keys`," \
	" (SELECT COUNT(*) FROM devices d WHERE d.customer_id = c.id) AS devices," \
	" c.created_at, c.updated_at FROM customers c" \
	" JOIN plans p ON p.id = c.plan_id" \
	" LEFT JOIN customers pc ON pc.id = c.parent_id"
#define CUSTOMERS_TYPES "sssssssssiitt"
#define CUSTOMERS_MAX_NETWORKS 256

int customers_valid_external_id(const char *ext)
{
	size_t n = strlen(ext);
	if (n < 1 || n > 128)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = ext[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == ':' || c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

long long customers_id(struct db *db, const char *ext)
{
	struct db_stmt *st = db_run(db,
		"SELECT id FROM customers WHERE external_id = ?", "s", ext);
	int rc = st ? db_next(st) : -1;
	return rc == 1 ? db_col_int(st, 0) : rc;
}

struct json_object *customers_get_json(struct db *db, const char *ext,
				       struct fault *f)
{
	struct db_stmt *st = db_run(db, CUSTOMERS_COLUMNS
				    " WHERE c.external_id = ?", "s", ext);
	if (store_found(db, st, f, "no customer '%s'", ext) < 0)
		return NULL;
	return rowjson_object(st, CUSTOMERS_TYPES);
}

struct json_object *customers_list(struct db *db, const struct customer_query *q,
				   struct fault *f)
{
	/* One literal statement for every filter combination: an empty
	 * filter matches everything. */
#define CUSTOMERS_FILTER \
	" WHERE (? = '' OR c.status = ?) AND (? = '' OR p.name = ?)" \
	" AND (? = '' OR c.building = ?)" \
	" AND (? = '' OR c.external_id LIKE ? COLLATE utf8mb4_unicode_ci" \
	" OR c.name LIKE ? COLLATE utf8mb4_unicode_ci" \
	" OR c.email LIKE ? COLLATE utf8mb4_unicode_ci OR c.phone LIKE ?)"
	char like[300];
	const char *s = q->search ? q->search : "";
	size_t o = 0;
	like[o++] = '%';
	for (; *s && o < sizeof like - 3; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			like[o++] = '\\';
		like[o++] = *s;
	}
	like[o++] = '%';
	like[o] = '\0';
	const char *st_ = q->status ? q->status : "", *pl = q->plan ? q->plan : "";
	const char *se = q->search ? q->search : "";
	const char *bu = q->building ? q->building : "";
	struct db_stmt *st = db_run(db,
		"SELECT COUNT(*) FROM customers c JOIN plans p ON p.id = c.plan_id"
		CUSTOMERS_FILTER, "sssssssssss", st_, st_, pl, pl, bu, bu, se,
		like, like, like, like);
	if (!st || db_next(st) != 1) {
		fault_db(f, db);
		return NULL;
	}
	long long total = db_col_int(st, 0);
	st = db_run(db, CUSTOMERS_COLUMNS CUSTOMERS_FILTER
		    " ORDER BY c.external_id LIMIT ? OFFSET ?", "sssssssssssii",
		    st_, st_, pl, pl, bu, bu, se, like, like, like, like, q->per_page,
		    (q->page - 1) * q->per_page);
	struct json_object *items = st ? rowjson_array(st, CUSTOMERS_TYPES) : NULL;
	if (!items) {
		fault_db(f, db);
		return NULL;
	}
	struct json_object *o2 = json_object_new_object();
	json_object_object_add(o2, "items", items);
	json_object_object_add(o2, "page", json_object_new_int64(q->page));
	json_object_object_add(o2, "per_page", json_object_new_int64(q->per_page));
	json_object_object_add(o2, "total", json_object_new_int64(total));
	return o2;
}

/* Read the network ids a query returned into ids. Returns how many, or -1
 * with f (a database error, or more networks than one provisioning covers). */
static int customers_network_ids(struct db *db, struct db_stmt *nets,
				 long long ids[CUSTOMERS_MAX_NETWORKS],
				 struct fault *f)
{
	if (!nets)
		return fault_db(f, db);
	int n = 0, rc;
	while ((rc = db_next(nets)) == 1) {
		if (n == CUSTOMERS_MAX_NETWORKS)
			return fault_set(f, 422, "too_many_networks", NULL,
					 "provisioning covers at most %d networks",
					 CUSTOMERS_MAX_NETWORKS);
		ids[n++] = db_col_int(nets, 0);
	}
	return rc < 0 ? fault_db(f, db) : n;
}

/* Give the customer a VLAN of its own from the plan's range on every
 * network where it has none. 0, or -1 + f (409 when a range is full). */
static int customers_allocate_vlans(struct db *db, long long cid,
				    const struct plan *p, struct fault *f)
{
	if (p->range_start == DB_NULL_INT)
		return 0;
	struct db_stmt *nets = db_run(db,
		"SELECT id FROM networks WHERE id NOT IN"
		" (SELECT network_id FROM customer_vlans WHERE customer_id = ?)"
		" ORDER BY id", "i", cid);
	long long ids[CUSTOMERS_MAX_NETWORKS];
	int n = customers_network_ids(db, nets, ids, f), rc;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		/* Lock the network's row, then take the lowest free VLAN of
		 * the range: concurrent provisioning serialises on that one
		 * row instead of handing out one VLAN twice (and without the
		 * gap locks that locking customer_vlans would take). */
		struct db_stmt *st = db_run(db,
			"SELECT id FROM networks WHERE id = ? FOR UPDATE", "i", ids[i]);
		if (!st)
			return fault_db(f, db);
		st = db_run(db, "SELECT vlan FROM customer_vlans WHERE network_id = ?",
			    "i", ids[i]);
		if (!st)
			return fault_db(f, db);
		unsigned char used[4096] = { 0 };
		while ((rc = db_next(st)) == 1) {
			long long v = db_col_int(st, 0);
			if (v >= 0 && v < 4096)
				used[v] = 1;
		}
		if (rc < 0)
			return fault_db(f, db);
		long long vlan = p->range_start;
		while (vlan <= p->range_end && used[vlan])
			vlan++;
		if (vlan > p->range_end)
			return fault_set(f, 409, "vlan_range_exhausted", "plan",
					 "every VLAN of plan '%s' (%lld-%lld) is taken on network %lld",
					 p->name, p->range_start, p->range_end, ids[i]);
		if (!db_run(db, "INSERT INTO customer_vlans (customer_id, network_id,"
				" vlan) VALUES (?, ?, ?)", "iii", cid, ids[i], vlan))
			return fault_db(f, db);
	}
	return 0;
}

/* A new customer's keys: keys_per_customer on every network. */
static int customers_provision_keys(struct db *db, long long cid,
				    const struct plan *p, const struct keygen *gen,
				    struct fault *f)
{
	struct db_stmt *nets = db_run(db, "SELECT id FROM networks ORDER BY id", "");
	long long ids[CUSTOMERS_MAX_NETWORKS];
	int n = customers_network_ids(db, nets, ids, f);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		for (long long k = 0; k < p->keys_per_customer; k++) {
			struct key_spec spec = {
				.network_id = ids[i], .customer_id = cid,
				.device_id = DB_NULL_INT, .kind = "normal",
				.vlan = DB_NULL_INT, .rate_down_kbps = DB_NULL_INT,
				.rate_up_kbps = DB_NULL_INT,
				.max_devices = DB_NULL_INT,
			};
			if (keys_insert(db, &spec, gen, f) < 0)
				return -1;
		}
	return 0;
}

/* The fields of a customer that PUT and PATCH set. */
struct customer_row {
	long long id;
	char name[256], email[256], phone[65], status[12];
	char building[129], unit[65];
	int email_null, phone_null, building_null, unit_null;
	long long plan_id;
	long long parent_id;
};

static int customers_check_text(struct json_object *in, struct fault *f)
{
	const char *email = jsonget_str(in, "email");
	if (email && *email) {
		const char *at = strchr(email, '@');
		if (!at || at == email || !at[1] || strchr(at + 1, '@') ||
		    strpbrk(email, " \t\r\n<>\"'"))
			return fault_set(f, 422, "invalid_email", "email",
					 "email is not an e-mail address");
	}
	const char *phone = jsonget_str(in, "phone");
	if (phone && strspn(phone, "+0123456789 ()-./") != strlen(phone))
		return fault_set(f, 422, "invalid_phone", "phone",
				 "phone may hold digits, spaces and + ( ) - . / only");
	static const char *const texts[] = { "name", "building", "unit" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *text = jsonget_str(in, texts[i]);
		for (const char *c = text; c && *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				return fault_set(f, 422, "invalid_name", texts[i],
						 "%s must not contain control characters",
						 texts[i]);
	}
	const char *status = jsonget_str(in, "status");
	if (status && strcmp(status, "active") != 0 &&
	    strcmp(status, "suspended") != 0 && strcmp(status, "terminated") != 0)
		return fault_set(f, 422, "invalid_status", "status",
				 "status is \"active\", \"suspended\" or \"terminated\"");
	return 0;
}

/*
 * Without the right to set parents, in may name only the parent r has now
 * (a billing system that PUTs the whole record back is not refused). A
 * parent sees its sub-customers' keys in the portal, so setting, changing
 * or clearing one is a way to passphrases. Checked before anything about
 * the parent is validated, so the answer is the same 403 whatever is
 * named. 0, or -1 + f.
 */
static int customers_check_parent_right(struct db *db, const struct customer_row *r,
					struct json_object *in, struct fault *f)
{
	if (!jsonget_has(in, "parent"))
		return 0;
	const char *s = jsonget_str(in, "parent");
	long long wanted = DB_NULL_INT;
	if (s) {
		struct db_stmt *st = db_run(db,
			"SELECT id FROM customers WHERE external_id = ?", "s", s);
		int rc = st ? db_next(st) : -1;
		if (rc < 0)
			return fault_db(f, db);
		wanted = rc == 1 ? db_col_int(st, 0) : 0;
	}
	if (wanted == r->parent_id)
		return 0;
	return fault_set(f, 403, "insufficient_scope", "parent",
			 "setting or changing parent needs the secrets scope:"
			 " a parent sees its sub-customers' keys");
}

/* Merge in over r. Resolves plan and parent names. 0 or -1 + f. */
static int customers_apply(struct db *db, struct customer_row *r,
			   struct json_object *in, const char *ext,
			   int may_set_parent, struct plan *plan, struct fault *f)
{
	const char *s;
	if (!may_set_parent && customers_check_parent_right(db, r, in, f) < 0)
		return -1;
	if (customers_check_text(in, f) < 0)
		return -1;
	if ((s = jsonget_str(in, "name")) != NULL)
		snprintf(r->name, sizeof r->name, "%s", s);
	if (jsonget_has(in, "email")) {
		s = jsonget_str(in, "email");
		r->email_null = s == NULL;
		snprintf(r->email, sizeof r->email, "%s", s ? s : "");
	}
	if (jsonget_has(in, "phone")) {
		s = jsonget_str(in, "phone");
		r->phone_null = s == NULL;
		snprintf(r->phone, sizeof r->phone, "%s", s ? s : "");
	}
	if (jsonget_has(in, "building")) {
		s = jsonget_str(in, "building");
		r->building_null = s == NULL || !*s;
		snprintf(r->building, sizeof r->building, "%s", s ? s : "");
	}
	if (jsonget_has(in, "unit")) {
		s = jsonget_str(in, "unit");
		r->unit_null = s == NULL || !*s;
		snprintf(r->unit, sizeof r->unit, "%s", s ? s : "");
	}
	if ((s = jsonget_str(in, "status")) != NULL)
		snprintf(r->status, sizeof r->status, "%s", s);
	if ((s = jsonget_str(in, "plan")) != NULL) {
		int rc = plans_load(db, s, plan, 0);
		if (rc < 0)
			return fault_db(f, db);
		if (rc == 0)
			return fault_set(f, 422, "unknown_plan", "plan",
					 "no plan named '%s'", s);
		r->plan_id = plan->id;
	}
	if (jsonget_has(in, "parent")) {
		s = jsonget_str(in, "parent");
		r->parent_id = DB_NULL_INT;
		if (s) {
			if (strcmp(s, ext) == 0)
				return fault_set(f, 422, "invalid_parent", "parent",
						 "a customer cannot be its own parent");
			struct db_stmt *st = db_run(db,
				"SELECT id, parent_id FROM customers WHERE external_id = ?",
				"s", s);
			int rc = st ? db_next(st) : -1;
			if (rc < 0)
				return fault_db(f, db);
			if (rc == 0)
				return fault_set(f, 422, "unknown_parent", "parent",
						 "no customer '%s'", s);
			/* One level only: a sub-customer has no sub-customers,
			 * which also rules out cycles. */
			if (!db_col_is_null(st, 1))
				return fault_set(f, 422, "invalid_parent", "parent",
						 "'%s' is itself a sub-customer", s);
			r->parent_id = db_col_int(st, 0);
			st = db_run(db, "SELECT 1 FROM customers WHERE parent_id = ?"
				    " LIMIT 1", "i", r->id);
			rc = st ? db_next(st) : -1;
			if (rc < 0)
				return fault_db(f, db);
			if (rc == 1)
				return fault_set(f, 422, "invalid_parent", "parent",
						 "'%s' has sub-customers of its own, so it cannot become one",
						 ext);
		}
	}
	if (r->plan_id == 0)
		return fault_set(f, 422, "missing_field", "plan",
				 "plan is required for a new customer");
	return 0;
}

/* Load the current row (locked) into r. 1, 0 absent, -1 error. */
static int customers_load(struct db *db, const char *ext, struct customer_row *r,
			  struct plan *plan)
{
	struct db_stmt *st = db_run(db,
		"SELECT c.id, c.name, c.email, c.phone, c.status, c.plan_id,"
		" c.parent_id, p.name, c.building, c.unit FROM customers c"
		" JOIN plans p ON p.id = c.plan_id"
		" WHERE c.external_id = ? FOR UPDATE", "s", ext);
	int rc = st ? db_next(st) : -1;
	if (rc != 1)
		return rc;
	const char *s;
	r->id = db_col_int(st, 0);
	snprintf(r->name, sizeof r->name, "%s", db_col(st, 1, NULL));
	s = db_col(st, 2, NULL);
	r->email_null = s == NULL;
	snprintf(r->email, sizeof r->email, "%s", s ? s : "");
	s = db_col(st, 3, NULL);
	r->phone_null = s == NULL;
	snprintf(r->phone, sizeof r->phone, "%s", s ? s : "");
	snprintf(r->status, sizeof r->status, "%s", db_col(st, 4, NULL));
	r->plan_id = db_col_int(st, 5);
	r->parent_id = db_col_int(st, 6);
	char pname[65];
	snprintf(pname, sizeof pname, "%s", db_col(st, 7, NULL));
	s = db_col(st, 8, NULL);
	r->building_null = s == NULL;
	snprintf(r->building, sizeof r->building, "%s", s ? s : "");
	s = db_col(st, 9, NULL);
	r->unit_null = s == NULL;
	snprintf(r->unit, sizeof r->unit, "%s", s ? s : "");
	return plans_load(db, pname, plan, 0) == 1 ? 1 : -1;
}

static int customers_write(struct db *db, const char *ext,
			   struct customer_row *r, struct fault *f)
{
	struct db_stmt *st;
	const char *email = r->email_null ? NULL : r->email;
	const char *phone = r->phone_null ? NULL : r->phone;
	const char *building = r->building_null ? NULL : r->building;
	const char *unit = r->unit_null ? NULL : r->unit;
	if (r->id == 0) {
		st = db_run(db, "INSERT INTO customers (external_id, name, email,"
				" phone, status, plan_id, parent_id, building, unit)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssiIss",
			    ext, r->name, email, phone, r->status, r->plan_id,
			    r->parent_id, building, unit);
		if (st)
			r->id = (long long)db_insert_id(st);
	} else {
		st = db_run(db, "UPDATE customers SET name = ?, email = ?, phone = ?,"
				" status = ?, plan_id = ?, parent_id = ?, building = ?,"
				" unit = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
			    "ssssiIssi", r->name, email, phone, r->status,
			    r->plan_id, r->parent_id, building, unit, r->id);
	}
	if (st)
		return 0;
	if (db_errno(db) == DB_ERR_DUP_ENTRY)
		return fault_set(f, 409, "conflict", NULL,
				 "customer '%s' was created concurrently; retry", ext);
	return fault_db(f, db);
}

static long long customers_upsert_do(struct db *db, const char *ext,
				     struct json_object *in,
				     const struct keygen *gen, int must_exist,
				     int may_set_parent, int *created,
				     struct fault *f)
{
	if (!customers_valid_external_id(ext))
		return fault_set(f, 422, "invalid_external_id", "external_id",
				 "an external id is 1 to 128 of A-Z a-z 0-9 . _ : @ -");
	struct customer_row r = { .status = "active", .email_null = 1,
				  .phone_null = 1, .building_null = 1,
				  .unit_null = 1, .parent_id = DB_NULL_INT };
	struct plan plan, old_plan;
	int rc = customers_load(db, ext, &r, &old_plan);
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0 && must_exist)
		return fault_set(f, 404, "not_found", NULL, "no customer '%s'", ext);
	*created = rc == 0;
	long long old_plan_id = r.plan_id;
	if (rc == 1)
		plan = old_plan;
	if (customers_apply(db, &r, in, ext, may_set_parent, &plan, f) < 0 ||
	    customers_write(db, ext, &r, f) < 0)
		return -1;
	if (!*created && r.plan_id != old_plan_id &&
	    !db_run(db, "DELETE FROM customer_vlans WHERE customer_id = ?", "i", r.id))
		return fault_db(f, db);
	if ((*created || r.plan_id != old_plan_id) &&
	    customers_allocate_vlans(db, r.id, &plan, f) < 0)
		return -1;
	if (*created && customers_provision_keys(db, r.id, &plan, gen, f) < 0)
		return -1;
	return r.id;
}

long long customers_upsert_in(struct db *db, const char *ext,
			      struct json_object *in, const struct keygen *gen,
			      int must_exist, int *created, struct fault *f)
{
	return customers_upsert_do(db, ext, in, gen, must_exist, 0, created, f);
}

struct json_object *customers_upsert(struct db *db, const struct actor *who,
				     const char *ext, struct json_object *in,
				     const struct keygen *gen, int must_exist,
				     int may_set_parent, int *created,
				     struct fault *f)
{
	if (store_begin(db, f) < 0)
		return NULL;
	if (customers_upsert_do(db, ext, in, gen, must_exist, may_set_parent,
				created, f) < 0) {
		store_abort(db);
		return NULL;
	}
	if (store_commit(db, who, *created ? "customer.create" : "customer.update",
			 "customer", ext, in, f) < 0)
		return NULL;
	return customers_get_json(db, ext, f);
}

struct json_object *customers_terminate(struct db *db, const struct actor *who,
					const char *ext, struct fault *f)
{
	if (store_begin(db, f) < 0)
		return NULL;
	struct db_stmt *st = db_run(db,
		"UPDATE customers SET status = 'terminated',"
		" updated_at = UTC_TIMESTAMP() WHERE external_id = ?", "s", ext);
	if (!st) {
		fault_db(f, db);
		store_abort(db);
		return NULL;
	}
	long long id = customers_id(db, ext);
	if (id <= 0) {
		if (id < 0)
			fault_db(f, db);
		else
			fault_set(f, 404, "not_found", NULL, "no customer '%s'", ext);
		store_abort(db);
		return NULL;
	}
	if (store_commit(db, who, "customer.terminate", "customer", ext, NULL, f) < 0)
		return NULL;
	return customers_get_json(db, ext, f);
}
