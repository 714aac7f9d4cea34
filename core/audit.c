// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * audit.c - the audit log. See audit.h.
 */
#include "core/audit.h"

#include "core/db.h"

int audit_record(struct db *db, const struct actor *who, const char *action,
		 const char *object_type, const char *object_id,
		 struct json_object *detail)
{
	const char *d = detail ? json_object_to_json_string_ext(
					 detail, JSON_C_TO_STRING_PLAIN) : NULL;
	return db_run(db,
		"INSERT INTO audit_log (actor, source_ip, action, object_type,"
		" object_id, detail) VALUES (?, ?, ?, ?, ?, ?)", "ssssss",
		who->name, who->source_ip ? who->source_ip : "", action,
		object_type, object_id, d) ? 0 : -1;
}
