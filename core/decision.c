// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * decision.c - the decision, as the API shows it. See decision.h.
 */
#include "core/decision.h"

#include "core/db.h"
#include "core/fault.h"
#include "core/rowjson.h"

struct json_object *decision_json(struct db *db, const char *mac12,
				  const unsigned char *ssid, size_t ssid_len,
				  struct fault *f)
{
	/* Accepting rows first: a MAC bound on several networks with no SSID
	 * given is accepted if any binding would be (as RADIUS does). */
	struct db_stmt *st = db_run(db,
		"SELECT IF(reject_reason IS NULL, 'accept', 'reject') AS decision,"
		" reject_reason AS reason, external_id AS customer, key_id AS `key`,"
		" network_id AS network, vlan, rate_down_kbps, rate_up_kbps,"
		" seconds_left AS session_timeout FROM access_decision"
		" WHERE mac = ? AND (? = 0 OR ssid = ?)"
		" ORDER BY reject_reason IS NOT NULL, network_id LIMIT 1", "sib",
		mac12, (long long)ssid_len, ssid_len ? (const void *)ssid : "",
		ssid_len);
	int rc = st ? db_next(st) : -1;
	if (rc < 0) {
		fault_db(f, db);
		return NULL;
	}
	if (rc == 1)
		return rowjson_object(st, "sssiiiiii");
	const char *reason = "unknown device";
	if (ssid_len) {
		st = db_run(db, "SELECT 1 FROM networks WHERE ssid = ?", "b",
			    ssid, ssid_len);
		rc = st ? db_next(st) : -1;
		if (rc < 0) {
			fault_db(f, db);
			return NULL;
		}
		if (rc == 0)
			reason = "unknown network";
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "decision", json_object_new_string("reject"));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	return o;
}
