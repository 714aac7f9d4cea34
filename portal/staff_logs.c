// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_logs.c - the authentication log (every RADIUS reject with its
 * reason) and the audit log (every change, by whom, from where), filtered
 * and paged, newest first.
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <string.h>

#include "core/db.h"
#include "core/mac.h"
#include "core/rowjson.h"
#include "portal/page.h"
#include "core/sql_mac.h"
#include "portal/staff_list.h"

void staff_authlog(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "result", "mac", "reason", NULL };
	char result[8], mac_text[40], mac[13] = "", reason[65];
	page_query(rq, "result", result, sizeof result);
	page_query(rq, "mac", mac_text, sizeof mac_text);
	page_query(rq, "reason", reason, sizeof reason);
	if (strcmp(result, "accept") != 0 && strcmp(result, "reject") != 0)
		result[0] = '\0';
	/* auth_log keeps the MAC as the NAS sent it, normalised when it
	 * could be: compare both ways. */
	if (*mac_text && mac_normalize(mac_text, mac) < 0)
		snprintf(mac, sizeof mac, "%.12s", mac_text);
	long long page = staff_page_number(rq);
#define STAFF_AUTHLOG_FILTER \
	" FROM auth_log l WHERE (? = '' OR l.result = ?) AND (? = '' OR l.mac = ?)" \
	" AND (? = '' OR l.reason = ?)"
	struct db_stmt *st = db_run(rq->db, "SELECT COUNT(*)" STAFF_AUTHLOG_FILTER,
				    "ssssss", result, result, mac, mac, reason, reason);
	long long total = st && db_next(st) == 1 ? db_col_int(st, 0) : -1;
	st = total < 0 ? NULL : db_run(rq->db,
		"SELECT DATE_FORMAT(l.at, '%Y-%m-%d %H:%i:%s') AS at, l.result, l.reason,"
		" " SQL_MAC("l.mac") " AS mac, l.ssid, l.nas_ip, l.nas_name,"
		" (SELECT external_id FROM customers c WHERE c.id = l.customer_id) AS customer"
		STAFF_AUTHLOG_FILTER " ORDER BY l.id DESC LIMIT ? OFFSET ?",
		"ssssssii", result, result, mac, mac, reason, reason,
		(long long)STAFF_PER_PAGE, (page - 1) * STAFF_PER_PAGE);
	struct json_object *rows = st ? rowjson_array(st, "ssssssss") : NULL;
	staff_list_page(rq, rs, rows, total, page, keep, "staff_authlog",
		       "Authentication log");
}

void staff_audit(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "actor", "object", NULL };
	char actor[129], object[129];
	page_query(rq, "actor", actor, sizeof actor);
	page_query(rq, "object", object, sizeof object);
	long long page = staff_page_number(rq);
#define STAFF_AUDIT_FILTER \
	" FROM audit_log a WHERE (? = '' OR a.actor = ?) AND (? = '' OR a.object_id = ?)"
	struct db_stmt *st = db_run(rq->db, "SELECT COUNT(*)" STAFF_AUDIT_FILTER,
				    "ssss", actor, actor, object, object);
	long long total = st && db_next(st) == 1 ? db_col_int(st, 0) : -1;
	st = total < 0 ? NULL : db_run(rq->db,
		"SELECT DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s') AS at, a.actor, a.source_ip,"
		" a.action, a.object_type, a.object_id, a.detail"
		STAFF_AUDIT_FILTER " ORDER BY a.id DESC LIMIT ? OFFSET ?",
		"ssssii", actor, actor, object, object, (long long)STAFF_PER_PAGE,
		(page - 1) * STAFF_PER_PAGE);
	struct json_object *rows = st ? rowjson_array(st, "sssssss") : NULL;
	staff_list_page(rq, rs, rows, total, page, keep, "staff_audit", "Audit log");
}
