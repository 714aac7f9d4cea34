// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * db.c - prepared statements over MariaDB Connector/C. See db.h.
 */
#include "core/db.h"

#include <mysql.h>
#include <mysqld_error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define DB_CACHE_MAX 96
#define DB_MAX_PARAMS 32

struct db_stmt {
	const char *sql;          /* cache key: the literal's address */
	MYSQL_STMT *stmt;
	struct db *db;
	unsigned nparams;
	MYSQL_BIND *pbind;
	long long *pints;
	unsigned long *plens;
	unsigned ncols;
	MYSQL_RES *meta;
	MYSQL_BIND *rbind;
	char **rbufs;
	unsigned long *rlens;
	my_bool *rnull;
	my_bool *rerr;
};

struct db {
	MYSQL *conn;
	struct db_stmt *cache[DB_CACHE_MAX];
	unsigned ncache;
	unsigned err;
	char errmsg[256];
};

static void db_set_error(struct db *db, unsigned code, const char *msg)
{
	db->err = code;
	snprintf(db->errmsg, sizeof db->errmsg, "%s", msg);
}

struct db *db_open(const struct db_params *p, char *err, size_t errlen)
{
	MYSQL *conn = mysql_init(NULL);
	if (!conn) {
		snprintf(err, errlen, "mysql_init failed");
		return NULL;
	}
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(conn, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	/* READ COMMITTED: no gap locks. Under REPEATABLE READ two billing
	 * requests creating different customers lock the same index gap and
	 * deadlock on insert; every read that must not race here locks the
	 * rows it depends on explicitly (FOR UPDATE), and uniqueness is the
	 * unique indexes' job. */
	mysql_options(conn, MYSQL_INIT_COMMAND,
		      "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
	unsigned timeout = 10;
	mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	int use_socket = p->socket && *p->socket;
	if (!mysql_real_connect(conn, use_socket ? NULL : p->host, p->user,
				p->password, p->name, use_socket ? 0 : (unsigned)p->port,
				use_socket ? p->socket : NULL, 0)) {
		snprintf(err, errlen, "cannot connect to MariaDB: %s",
			 mysql_error(conn));
		mysql_close(conn);
		return NULL;
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->conn = conn;
	return db;
}

static void db_stmt_free(struct db_stmt *st)
{
	if (st->meta)
		mysql_free_result(st->meta);
	mysql_stmt_close(st->stmt);
	for (unsigned i = 0; i < st->ncols; i++)
		free(st->rbufs[i]);
	free(st->pbind);
	free(st->pints);
	free(st->plens);
	free(st->rbind);
	free(st->rbufs);
	free(st->rlens);
	free(st->rnull);
	free(st->rerr);
	free(st);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (unsigned i = 0; i < db->ncache; i++)
		db_stmt_free(db->cache[i]);
	mysql_close(db->conn);
	free(db);
}

/* Prepare sql and set up its bind arrays; NULL on error. */
static struct db_stmt *db_stmt_new(struct db *db, const char *sql)
{
	MYSQL_STMT *stmt = mysql_stmt_init(db->conn);
	if (!stmt) {
		db_set_error(db, 0, "out of statement handles");
		return NULL;
	}
	if (mysql_stmt_prepare(stmt, sql, strlen(sql))) {
		db_set_error(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		mysql_stmt_close(stmt);
		return NULL;
	}
	my_bool update_max = 1;
	mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	struct db_stmt *st = xcalloc(1, sizeof *st);
	st->sql = sql;
	st->stmt = stmt;
	st->db = db;
	st->nparams = (unsigned)mysql_stmt_param_count(stmt);
	st->pbind = xcalloc(st->nparams + 1, sizeof *st->pbind);
	st->pints = xcalloc(st->nparams + 1, sizeof *st->pints);
	st->plens = xcalloc(st->nparams + 1, sizeof *st->plens);
	st->meta = mysql_stmt_result_metadata(stmt);
	st->ncols = st->meta ? mysql_num_fields(st->meta) : 0;
	st->rbind = xcalloc(st->ncols + 1, sizeof *st->rbind);
	st->rbufs = xcalloc(st->ncols + 1, sizeof *st->rbufs);
	st->rlens = xcalloc(st->ncols + 1, sizeof *st->rlens);
	st->rnull = xcalloc(st->ncols + 1, sizeof *st->rnull);
	st->rerr = xcalloc(st->ncols + 1, sizeof *st->rerr);
	return st;
}

/* The cached statement for sql, prepared on first use. */
static struct db_stmt *db_stmt_get(struct db *db, const char *sql)
{
	for (unsigned i = 0; i < db->ncache; i++)
		if (db->cache[i]->sql == sql)
			return db->cache[i];
	struct db_stmt *st = db_stmt_new(db, sql);
	if (!st)
		return NULL;
	if (db->ncache == DB_CACHE_MAX) {
		db_stmt_free(db->cache[0]);
		memmove(db->cache, db->cache + 1,
			(DB_CACHE_MAX - 1) * sizeof db->cache[0]);
		db->ncache--;
	}
	db->cache[db->ncache++] = st;
	return st;
}

/* Bind the parameters described by types from ap. 0 or -1. */
static int db_bind_params(struct db_stmt *st, const char *types, va_list ap)
{
	size_t n = strlen(types);
	if (n != st->nparams) {
		db_set_error(st->db, 0, "parameter count does not match");
		return -1;
	}
	memset(st->pbind, 0, (n + 1) * sizeof *st->pbind);
	for (size_t i = 0; i < n; i++) {
		MYSQL_BIND *b = &st->pbind[i];
		switch (types[i]) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s) {
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b->buffer_type = MYSQL_TYPE_STRING;
			b->buffer = (void *)s;
			st->plens[i] = strlen(s);
			b->buffer_length = st->plens[i];
			b->length = &st->plens[i];
			break;
		}
		case 'i':
		case 'I':
			st->pints[i] = va_arg(ap, long long);
			if (types[i] == 'I' && st->pints[i] == DB_NULL_INT) {
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &st->pints[i];
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			if (!p) {
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b->buffer_type = MYSQL_TYPE_BLOB;
			b->buffer = (void *)p;
			st->plens[i] = len;
			b->buffer_length = len;
			b->length = &st->plens[i];
			break;
		}
		default:
			db_set_error(st->db, 0, "bad parameter type letter");
			return -1;
		}
	}
	if (n && mysql_stmt_bind_param(st->stmt, st->pbind)) {
		db_set_error(st->db, mysql_stmt_errno(st->stmt),
			     mysql_stmt_error(st->stmt));
		return -1;
	}
	return 0;
}

/* Size the result buffers from the stored result's longest values. */
static int db_bind_results(struct db_stmt *st)
{
	MYSQL_FIELD *fields = mysql_fetch_fields(st->meta);
	for (unsigned i = 0; i < st->ncols; i++) {
		unsigned long want = fields[i].max_length + 1;
		if (want < 64)
			want = 64;
		if (st->rbind[i].buffer_length < want) {
			st->rbufs[i] = xrealloc(st->rbufs[i], want);
			st->rbind[i].buffer_length = want;
		}
		st->rbind[i].buffer_type = MYSQL_TYPE_STRING;
		st->rbind[i].buffer = st->rbufs[i];
		st->rbind[i].length = &st->rlens[i];
		st->rbind[i].is_null = &st->rnull[i];
		st->rbind[i].error = &st->rerr[i];
	}
	if (mysql_stmt_bind_result(st->stmt, st->rbind)) {
		db_set_error(st->db, mysql_stmt_errno(st->stmt),
			     mysql_stmt_error(st->stmt));
		return -1;
	}
	return 0;
}

struct db_stmt *db_run(struct db *db, const char *sql, const char *types, ...)
{
	db->err = 0;
	db->errmsg[0] = '\0';
	struct db_stmt *st = db_stmt_get(db, sql);
	if (!st)
		return NULL;
	mysql_stmt_free_result(st->stmt);
	mysql_stmt_reset(st->stmt);
	va_list ap;
	va_start(ap, types);
	int rc = db_bind_params(st, types, ap);
	va_end(ap);
	if (rc < 0)
		return NULL;
	if (mysql_stmt_execute(st->stmt) ||
	    (st->ncols && mysql_stmt_store_result(st->stmt))) {
		db_set_error(db, mysql_stmt_errno(st->stmt),
			     mysql_stmt_error(st->stmt));
		return NULL;
	}
	if (st->ncols && db_bind_results(st) < 0)
		return NULL;
	return st;
}

int db_next(struct db_stmt *st)
{
	if (!st->ncols)
		return 0;
	int rc = mysql_stmt_fetch(st->stmt);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_set_error(st->db, mysql_stmt_errno(st->stmt),
			     mysql_stmt_error(st->stmt));
		return -1;
	}
	/* A value longer than its buffer (max_length was not known for its
	 * type): grow the buffer and fetch that column again. */
	for (unsigned i = 0; i < st->ncols; i++) {
		if (st->rnull[i] || st->rlens[i] < st->rbind[i].buffer_length)
			continue;
		st->rbufs[i] = xrealloc(st->rbufs[i], st->rlens[i] + 1);
		st->rbind[i].buffer = st->rbufs[i];
		st->rbind[i].buffer_length = st->rlens[i] + 1;
		if (mysql_stmt_fetch_column(st->stmt, &st->rbind[i], i, 0)) {
			db_set_error(st->db, mysql_stmt_errno(st->stmt),
				     mysql_stmt_error(st->stmt));
			return -1;
		}
	}
	for (unsigned i = 0; i < st->ncols; i++)
		if (!st->rnull[i])
			st->rbufs[i][st->rlens[i]] = '\0';
	return 1;
}

const char *db_col(struct db_stmt *st, unsigned i, size_t *len)
{
	if (i >= st->ncols || st->rnull[i]) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = st->rlens[i];
	return st->rbufs[i];
}

long long db_col_int(struct db_stmt *st, unsigned i)
{
	const char *s = db_col(st, i, NULL);
	if (!s || !*s)
		return DB_NULL_INT;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	return *end ? DB_NULL_INT : v;
}

int db_col_is_null(struct db_stmt *st, unsigned i)
{
	return i >= st->ncols || st->rnull[i];
}

unsigned db_ncols(struct db_stmt *st)
{
	return st->ncols;
}

const char *db_col_name(struct db_stmt *st, unsigned i)
{
	if (i >= st->ncols)
		return "";
	return mysql_fetch_fields(st->meta)[i].name;
}

unsigned long long db_affected(struct db_stmt *st)
{
	return mysql_stmt_affected_rows(st->stmt);
}

unsigned long long db_insert_id(struct db_stmt *st)
{
	return mysql_stmt_insert_id(st->stmt);
}

/* Run a literal statement that returns no rows. */
static int db_simple(struct db *db, const char *sql)
{
	if (mysql_query(db->conn, sql)) {
		db_set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		return -1;
	}
	return 0;
}

int db_begin(struct db *db)
{
	return db_simple(db, "START TRANSACTION");
}

int db_commit(struct db *db)
{
	return db_simple(db, "COMMIT");
}

int db_rollback(struct db *db)
{
	return db_simple(db, "ROLLBACK");
}

int db_exec_script(struct db *db, const char *sql, size_t len)
{
	mysql_set_server_option(db->conn, MYSQL_OPTION_MULTI_STATEMENTS_ON);
	int rc = 0;
	if (mysql_real_query(db->conn, sql, (unsigned long)len)) {
		db_set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		rc = -1;
	}
	/* Drain every result; the first failing statement ends the script. */
	while (rc == 0) {
		MYSQL_RES *res = mysql_store_result(db->conn);
		if (res)
			mysql_free_result(res);
		int more = mysql_next_result(db->conn);
		if (more > 0) {
			db_set_error(db, mysql_errno(db->conn),
				     mysql_error(db->conn));
			rc = -1;
		}
		if (more != 0)
			break;
	}
	mysql_set_server_option(db->conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
	return rc;
}

unsigned db_errno(struct db *db)
{
	return db->err;
}

const char *db_error(struct db *db)
{
	return db->errmsg;
}

struct st_mysql *db_handle(struct db *db)
{
	return db->conn;
}
