/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db.h - MariaDB access through prepared statements only.
 *
 * A struct db is one connection, owned by one thread. Statements are
 * prepared from literal SQL and cached per connection (keyed by the SQL
 * string's address, which is stable for literals), so a hot query is parsed
 * by the server once per connection, not once per request.
 *
 * Parameters are bound from a type string, one letter per '?':
 *   's'  const char *       (NULL binds SQL NULL)
 *   'i'  long long
 *   'I'  long long, or SQL NULL when the value is DB_NULL_INT
 *   'b'  const void *, size_t  (bytes; NULL pointer binds SQL NULL)
 * Results are read as text (or bytes) per column of the current row.
 */
#ifndef MPSK_CORE_DB_H
#define MPSK_CORE_DB_H

#include <stddef.h>

#define DB_NULL_INT (-0x7fffffffffffffffLL - 1)

/* MariaDB error numbers the callers act on. */
#define DB_ERR_DUP_ENTRY 1062
#define DB_ERR_FK_PARENT 1451 /* row still referenced */
#define DB_ERR_FK_CHILD 1452  /* referenced row missing */
#define DB_ERR_CHECK 4025     /* CHECK constraint failed */
#define DB_ERR_DEADLOCK 1213  /* transaction rolled back: retry it */
#define DB_ERR_LOCK_WAIT 1205 /* lock wait timeout */

struct db;
struct db_stmt;

struct db_params {
	const char *host;
	int port;
	const char *socket;   /* used when non-empty */
	const char *name;
	const char *user;
	const char *password;
};

/* Connect (utf8mb4, time_zone '+00:00', multi statements off). NULL on
 * failure, with the reason in err. Close with db_close. */
struct db *db_open(const struct db_params *p, char *err, size_t errlen);
void db_close(struct db *db);

/* Run one statement with parameters. Results, if any, are stored in full.
 * Returns the statement (owned by the connection's cache: do not close it;
 * it is valid until the next db_run of the same SQL), or NULL on error
 * (see db_errno/db_error). */
struct db_stmt *db_run(struct db *db, const char *sql, const char *types, ...);

/* Advance to the next row: 1 a row, 0 no more rows, -1 error. */
int db_next(struct db_stmt *st);

/* The current row's column i: text (NULL for SQL NULL), with its length. */
const char *db_col(struct db_stmt *st, unsigned i, size_t *len);
/* Column i as a number; DB_NULL_INT for NULL or non-numbers. */
long long db_col_int(struct db_stmt *st, unsigned i);
int db_col_is_null(struct db_stmt *st, unsigned i);
unsigned db_ncols(struct db_stmt *st);
/* The name of column i (its alias in the SELECT). */
const char *db_col_name(struct db_stmt *st, unsigned i);

unsigned long long db_affected(struct db_stmt *st);
unsigned long long db_insert_id(struct db_stmt *st);

/* Statement-free SQL for transaction control and migrations. */
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
/* Run a script of several statements (migrations only). 0 or -1. */
int db_exec_script(struct db *db, const char *sql, size_t len);

/* The last error on this connection. */
unsigned db_errno(struct db *db);
const char *db_error(struct db *db);

/* The connection's raw handle, for the rare caller that needs it. */
struct st_mysql *db_handle(struct db *db);

#endif
