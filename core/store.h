/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.h - the shape every write takes: one transaction holding the
 * change and its audit record, committed together or not at all.
 */
#ifndef MPSK_CORE_STORE_H
#define MPSK_CORE_STORE_H

#include <json.h>

struct db;
struct db_stmt;
struct fault;
struct actor;

/* Start a transaction. 0, or -1 with f. */
int store_begin(struct db *db, struct fault *f);

/* Audit and commit; on failure roll back. 0, or -1 with f. */
int store_commit(struct db *db, const struct actor *who, const char *action,
		 const char *object_type, const char *object_id,
		 struct json_object *detail, struct fault *f);

/*
 * The one row a lookup by key should find: st is db_run's result (NULL on
 * error). 0 with the row current; -1 with f set: a 404 whose detail is fmt
 * when there is no such row, or the database's failure.
 */
int store_found(struct db *db, struct db_stmt *st, struct fault *f,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Roll back and return -1 (f already says why); for `return store_abort`. */
int store_abort(struct db *db);

/*
 * Delete one row by id with sql ("DELETE ... WHERE id = ?"), audited under
 * ref (the name the API knows it by; NULL: the id). A row still referenced
 * is a 409 with in_use_code/in_use_detail; no row is a 404. 0 or -1 + f.
 */
int store_delete(struct db *db, const struct actor *who, const char *sql,
		 long long id, const char *ref, const char *object_type,
		 const char *in_use_code, const char *in_use_detail,
		 struct fault *f);

#endif
