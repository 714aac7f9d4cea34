// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plans.c - service plans. See plans.h.
 */
#include "core/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/jsonget.h"
#include "core/rowjson.h"
#include "core/store.h"

#define PLANS_COLUMNS \
	"SELECT name, vlan, IF(vlan_range_start IS NULL, NULL," \
	" CONCAT(vlan_range_start, '-', vlan_range_end)) AS vlan_range," \
	" rate_down_kbps, rate_up_kbps, keys_per_customer, key_scope," \
	" max_devices, devices_max, guest_keys_max, guest_days_max, created_at," \
	" updated_at FROM plans"
#define PLANS_TYPES "sisiiisiiiitt"

int plans_valid_name(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == ' ' || c == '.' ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

struct json_object *plans_list(struct db *db, struct fault *f)
{
	struct db_stmt *st = db_run(db, PLANS_COLUMNS " ORDER BY name", "");
	struct json_object *a = st ? rowjson_array(st, PLANS_TYPES) : NULL;
	if (!a)
		fault_db(f, db);
	return a;
}

struct json_object *plans_get_json(struct db *db, const char *name,
				   struct fault *f)
{
	struct db_stmt *st = db_run(db, PLANS_COLUMNS " WHERE name = ?", "s", name);
	if (store_found(db, st, f, "no plan named '%s'", name) < 0)
		return NULL;
	return rowjson_object(st, PLANS_TYPES);
}

int plans_load(struct db *db, const char *name, struct plan *p, int for_update)
{
	static const char sql[] =
		"SELECT id, name, vlan, vlan_range_start, vlan_range_end,"
		" rate_down_kbps, rate_up_kbps, keys_per_customer, key_scope,"
		" max_devices, guest_keys_max, guest_days_max, devices_max"
		" FROM plans WHERE name = ?";
	static const char sql_lock[] =
		"SELECT id, name, vlan, vlan_range_start, vlan_range_end,"
		" rate_down_kbps, rate_up_kbps, keys_per_customer, key_scope,"
		" max_devices, guest_keys_max, guest_days_max, devices_max"
		" FROM plans WHERE name = ? FOR UPDATE";
	struct db_stmt *st = db_run(db, for_update ? sql_lock : sql, "s", name);
	int rc = st ? db_next(st) : -1;
	if (rc != 1)
		return rc;
	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	snprintf(p->name, sizeof p->name, "%s", db_col(st, 1, NULL));
	p->vlan = db_col_int(st, 2);
	p->range_start = db_col_int(st, 3);
	p->range_end = db_col_int(st, 4);
	p->rate_down_kbps = db_col_int(st, 5);
	p->rate_up_kbps = db_col_int(st, 6);
	p->keys_per_customer = db_col_int(st, 7);
	snprintf(p->key_scope, sizeof p->key_scope, "%s", db_col(st, 8, NULL));
	p->max_devices = db_col_int(st, 9);
	p->guest_keys_max = db_col_int(st, 10);
	p->guest_days_max = db_col_int(st, 11);
	p->devices_max = db_col_int(st, 12);
	return 1;
}

/* Parse "100-199" into a range. 0 or -1. */
static int plans_parse_range(const char *s, long long *start, long long *end)
{
	/* Digits and one dash only: strtoll alone would take " 10-+20". */
	if (strspn(s, "0123456789-") != strlen(s) || !strchr(s, '-') ||
	    strchr(s, '-') != strrchr(s, '-'))
		return -1;
	char *dash = NULL;
	long long a = strtoll(s, &dash, 10);
	if (dash == s || *dash != '-')
		return -1;
	char *stop = NULL;
	long long b = strtoll(dash + 1, &stop, 10);
	if (stop == dash + 1 || *stop != '\0')
		return -1;
	if (a < 1 || b > 4094 || a > b)
		return -1;
	*start = a;
	*end = b;
	return 0;
}

/* Merge the members present in in over p, checking each. 0 or -1. */
static int plans_apply(struct plan *p, struct json_object *in, struct fault *f)
{
	const char *s;
	long long v;
	if ((s = jsonget_str(in, "name")) != NULL) {
		if (!plans_valid_name(s))
			return fault_set(f, 422, "invalid_name", "name",
					 "a plan name is 1 to 64 letters, digits, spaces, '.', '_' or '-'");
		snprintf(p->name, sizeof p->name, "%s", s);
	}
	if (jsonget_has(in, "vlan"))
		p->vlan = jsonget_int(in, "vlan");
	if (jsonget_has(in, "vlan_range")) {
		s = jsonget_str(in, "vlan_range");
		if (!s) {
			p->range_start = p->range_end = DB_NULL_INT;
		} else if (plans_parse_range(s, &p->range_start, &p->range_end) < 0) {
			return fault_set(f, 422, "invalid_vlan_range", "vlan_range",
					 "vlan_range is \"first-last\" within 1-4094, e.g. \"100-199\"");
		}
	}
	if (jsonget_has(in, "rate_down_kbps"))
		p->rate_down_kbps = jsonget_int(in, "rate_down_kbps");
	if (jsonget_has(in, "rate_up_kbps"))
		p->rate_up_kbps = jsonget_int(in, "rate_up_kbps");
	if (jsonget_has(in, "max_devices"))
		p->max_devices = jsonget_int(in, "max_devices");
	if (jsonget_has(in, "devices_max"))
		p->devices_max = jsonget_int(in, "devices_max");
	if ((v = jsonget_int(in, "keys_per_customer")) != DB_NULL_INT)
		p->keys_per_customer = v;
	if ((v = jsonget_int(in, "guest_keys_max")) != DB_NULL_INT)
		p->guest_keys_max = v;
	if ((v = jsonget_int(in, "guest_days_max")) != DB_NULL_INT)
		p->guest_days_max = v;
	if ((s = jsonget_str(in, "key_scope")) != NULL) {
		if (strcmp(s, "customer") != 0 && strcmp(s, "device") != 0)
			return fault_set(f, 422, "invalid_key_scope", "key_scope",
					 "key_scope is \"customer\" or \"device\"");
		snprintf(p->key_scope, sizeof p->key_scope, "%s", s);
	}
	if (p->vlan != DB_NULL_INT && p->range_start != DB_NULL_INT)
		return fault_set(f, 422, "conflicting_vlan", "vlan_range",
				 "a plan has either a fixed vlan or a vlan_range, not both");
	return 0;
}

/* Write p (insert when p->id is 0). 0, or -1 with f. */
static int plans_store(struct db *db, struct plan *p, struct fault *f)
{
	struct db_stmt *st;
	if (p->id == 0)
		st = db_run(db,
			"INSERT INTO plans (name, vlan, vlan_range_start, vlan_range_end,"
			" rate_down_kbps, rate_up_kbps, keys_per_customer, key_scope,"
			" max_devices, devices_max, guest_keys_max, guest_days_max)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"sIIIIIisIIii", p->name, p->vlan, p->range_start, p->range_end,
			p->rate_down_kbps, p->rate_up_kbps, p->keys_per_customer,
			p->key_scope, p->max_devices, p->devices_max, p->guest_keys_max,
			p->guest_days_max);
	else
		st = db_run(db,
			"UPDATE plans SET name = ?, vlan = ?, vlan_range_start = ?,"
			" vlan_range_end = ?, rate_down_kbps = ?, rate_up_kbps = ?,"
			" keys_per_customer = ?, key_scope = ?, max_devices = ?,"
			" devices_max = ?, guest_keys_max = ?, guest_days_max = ?,"
			" updated_at = UTC_TIMESTAMP() WHERE id = ?",
			"sIIIIIisIIiii", p->name, p->vlan, p->range_start, p->range_end,
			p->rate_down_kbps, p->rate_up_kbps, p->keys_per_customer,
			p->key_scope, p->max_devices, p->devices_max, p->guest_keys_max,
			p->guest_days_max, p->id);
	if (st)
		return 0;
	if (db_errno(db) == DB_ERR_DUP_ENTRY)
		return fault_set(f, 409, "duplicate_name", "name",
				 "a plan named '%s' exists already", p->name);
	return fault_db(f, db);
}

/* Run fn's writes in one transaction with an audit record; then return
 * the plan's JSON. */
static struct json_object *plans_finish(struct db *db, const struct actor *who,
					const char *action, struct plan *p,
					struct json_object *in, struct fault *f)
{
	if (plans_store(db, p, f) < 0) {
		db_rollback(db);
		return NULL;
	}
	if (store_commit(db, who, action, "plan", p->name, in, f) < 0)
		return NULL;
	return plans_get_json(db, p->name, f);
}

struct json_object *plans_create(struct db *db, const struct actor *who,
				 struct json_object *in, struct fault *f)
{
	struct plan p = {
		.vlan = DB_NULL_INT, .range_start = DB_NULL_INT,
		.range_end = DB_NULL_INT, .rate_down_kbps = DB_NULL_INT,
		.rate_up_kbps = DB_NULL_INT, .keys_per_customer = 1,
		.guest_keys_max = 3, .guest_days_max = 30,
		.key_scope = "customer", .max_devices = DB_NULL_INT,
		.devices_max = DB_NULL_INT,
	};
	f->status = 0;
	if (plans_apply(&p, in, f) < 0)
		return NULL;
	if (db_begin(db) < 0) {
		fault_db(f, db);
		return NULL;
	}
	return plans_finish(db, who, "plan.create", &p, in, f);
}

struct json_object *plans_update(struct db *db, const struct actor *who,
				 const char *name, struct json_object *in,
				 struct fault *f)
{
	struct plan p;
	f->status = 0;
	if (db_begin(db) < 0) {
		fault_db(f, db);
		return NULL;
	}
	int rc = plans_load(db, name, &p, 1);
	if (rc <= 0) {
		if (rc < 0)
			fault_db(f, db);
		else
			fault_set(f, 404, "not_found", NULL, "no plan named '%s'", name);
		db_rollback(db);
		return NULL;
	}
	if (plans_apply(&p, in, f) < 0) {
		db_rollback(db);
		return NULL;
	}
	return plans_finish(db, who, "plan.update", &p, in, f);
}

int plans_delete(struct db *db, const struct actor *who, const char *name,
		 struct fault *f)
{
	struct plan p;
	int rc = plans_load(db, name, &p, 0);
	if (rc <= 0)
		return rc < 0 ? fault_db(f, db) :
			fault_set(f, 404, "not_found", NULL, "no plan named '%s'", name);
	return store_delete(db, who, "DELETE FROM plans WHERE id = ?", p.id, name,
			    "plan", "plan_in_use",
			    "customers are on this plan; move them first", f);
}
