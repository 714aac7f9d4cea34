// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * store.c - transactional, audited writes. See store.h.
 */
#include "core/store.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"

int store_begin(struct db *db, struct fault *f)
{
	return db_begin(db) < 0 ? fault_db(f, db) : 0;
}

int store_found(struct db *db, struct db_stmt *st, struct fault *f,
		const char *fmt, ...)
{
	int rc = st ? db_next(st) : -1;
	if (rc < 0)
		return fault_db(f, db);
	if (rc == 0) {
		va_list ap;
		va_start(ap, fmt);
		f->status = 404;
		f->code = "not_found";
		f->field = NULL;
		vsnprintf(f->detail, sizeof f->detail, fmt, ap);
		va_end(ap);
		return -1;
	}
	return 0;
}

int store_abort(struct db *db)
{
	db_rollback(db);
	return -1;
}

int store_commit(struct db *db, const struct actor *who, const char *action,
		 const char *object_type, const char *object_id,
		 struct json_object *detail, struct fault *f)
{
	if (audit_record(db, who, action, object_type, object_id, detail) < 0 ||
	    db_commit(db) < 0) {
		fault_db(f, db);
		return store_abort(db);
	}
	return 0;
}

int store_delete(struct db *db, const struct actor *who, const char *sql,
		 long long id, const char *ref, const char *object_type,
		 const char *in_use_code, const char *in_use_detail,
		 struct fault *f)
{
	if (store_begin(db, f) < 0)
		return -1;
	struct db_stmt *st = db_run(db, sql, "i", id);
	if (!st) {
		if (db_errno(db) == DB_ERR_FK_PARENT)
			fault_set(f, 409, in_use_code, NULL, "%s", in_use_detail);
		else
			fault_db(f, db);
		return store_abort(db);
	}
	if (db_affected(st) == 0) {
		fault_set(f, 404, "not_found", NULL, "no %s %lld", object_type, id);
		return store_abort(db);
	}
	char idtext[24], action[48];
	snprintf(idtext, sizeof idtext, "%lld", id);
	snprintf(action, sizeof action, "%s.delete", object_type);
	return store_commit(db, who, action, object_type, ref ? ref : idtext,
			    NULL, f);
}
