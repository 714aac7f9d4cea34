// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_home.c - the dashboard's front page: how many customers, keys and
 * devices there are, how many device conflicts wait for staff, and what
 * RADIUS refused lately.
 */
#include "portal/staff_pages.h"

#include "core/db.h"
#include "core/rowjson.h"
#include "portal/page.h"
#include "core/sql_mac.h"

static const char *const staff_home_notices[][2] = {
	{ "password", "Your password is changed." },
	{ NULL, NULL },
};

void staff_home(struct request *rq, struct response *rs)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT (SELECT COUNT(*) FROM customers WHERE status = 'active') AS active,"
		" (SELECT COUNT(*) FROM customers WHERE status = 'suspended') AS suspended,"
		" (SELECT COUNT(*) FROM wifi_keys WHERE status = 'active') AS `keys`,"
		" (SELECT COUNT(*) FROM devices) AS devices,"
		" (SELECT COUNT(*) FROM device_conflicts WHERE is_open = 1) AS conflicts,"
		" (SELECT COUNT(*) FROM auth_log WHERE result = 'reject'"
		"  AND at > UTC_TIMESTAMP() - INTERVAL 1 DAY) AS rejects_today", "");
	struct json_object *counts = st && db_next(st) == 1 ? rowjson_object(st, "iiiiii") : NULL;
	st = db_run(rq->db, "SELECT DATE_FORMAT(l.at, '%Y-%m-%d %H:%i:%s') AS at, "
		    SQL_MAC("l.mac") " AS mac,"
		    " l.ssid, l.nas_name, l.reason FROM auth_log l WHERE l.result = 'reject'"
		    " ORDER BY l.id DESC LIMIT 10", "");
	struct json_object *rejects = st ? rowjson_array(st, "sssss") : NULL;
	if (!counts || !rejects) {
		json_object_put(counts);
		json_object_put(rejects);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "counts", counts);
	json_object_object_add(d, "rejects", rejects);
	json_object_object_add(d, "title", json_object_new_string("Dashboard"));
	page_done_notice(rq, d, staff_home_notices);
	page_render(rq, rs, 200, "staff_home", d);
}
