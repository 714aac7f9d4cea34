// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * migrate.c - numbered, append-only schema migrations. See migrate.h.
 */
#include "core/migrate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/xalloc.h"

#define MIGRATE_MAX_FILES 1000
#define MIGRATE_MAX_BYTES (4u << 20)

static const char migrate_table_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT UNSIGNED NOT NULL PRIMARY KEY,"
	" name VARCHAR(255) NOT NULL,"
	" applied_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP())"
	" ENGINE=InnoDB";

/* Parse "NNNN_" at the start of name: the version, or -1. */
static long migrate_version(const char *name)
{
	long v = 0;
	int digits = 0;
	for (; name[digits] >= '0' && name[digits] <= '9'; digits++) {
		if (digits >= 6)
			return -1;
		v = v * 10 + (name[digits] - '0');
	}
	if (digits == 0 || name[digits] != '_')
		return -1;
	size_t n = strlen(name);
	if (n < 5 || strcmp(name + n - 4, ".sql") != 0)
		return -1;
	return v;
}

static int migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file into out (bounded). 0 or -1. */
static int migrate_read(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(out, chunk, n) < 0) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

static int migrate_is_applied(struct db *db, long version)
{
	struct db_stmt *st = db_run(db,
		"SELECT 1 FROM schema_migrations WHERE version = ?", "i",
		(long long)version);
	if (!st)
		return -1;
	return db_next(st) == 1;
}

static int migrate_one(struct db *db, const char *dir, const char *name,
		       long version, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct buf sql;
	buf_init(&sql, MIGRATE_MAX_BYTES);
	if (migrate_read(path, &sql) < 0) {
		snprintf(err, errlen, "%s: cannot read (or larger than %u bytes)",
			 path, MIGRATE_MAX_BYTES);
		buf_free(&sql);
		return -1;
	}
	int rc = db_exec_script(db, buf_str(&sql), sql.len);
	buf_free(&sql);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", path, db_error(db));
		return -1;
	}
	if (!db_run(db, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
		    "is", (long long)version, name)) {
		snprintf(err, errlen, "%s: cannot record: %s", path, db_error(db));
		return -1;
	}
	return 0;
}

/* List the migration files of dir, sorted. Returns the count or -1. */
static int migrate_list(const char *dir, char **names, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (migrate_version(e->d_name) < 0)
			continue;
		if (n == MIGRATE_MAX_FILES) {
			snprintf(err, errlen, "%s: too many migrations", dir);
			closedir(d);
			for (int i = 0; i < n; i++)
				free(names[i]);
			return -1;
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], migrate_cmp);
	return n;
}

int migrate_apply(struct db *db, const char *dir, char *err, size_t errlen,
		  void (*log)(const char *line))
{
	struct db_stmt *st = db_run(db, "SELECT GET_LOCK('mpsk_migrate', 60)", "");
	if (!st || db_next(st) != 1 || db_col_int(st, 0) != 1) {
		snprintf(err, errlen, "cannot take the migration lock");
		return -1;
	}
	char **names = xcalloc(MIGRATE_MAX_FILES, sizeof *names);
	int applied = 0;
	int n = migrate_list(dir, names, err, errlen);
	if (n < 0 || db_exec_script(db, migrate_table_sql,
				    sizeof migrate_table_sql - 1) < 0) {
		if (n >= 0)
			snprintf(err, errlen, "%s", db_error(db));
		applied = -1;
		n = n < 0 ? 0 : n;
	}
	for (int i = 0; i < n && applied >= 0; i++) {
		long version = migrate_version(names[i]);
		int done = migrate_is_applied(db, version);
		if (done < 0) {
			snprintf(err, errlen, "%s", db_error(db));
			applied = -1;
		} else if (!done) {
			if (migrate_one(db, dir, names[i], version, err, errlen) < 0) {
				applied = -1;
			} else {
				applied++;
				if (log)
					log(names[i]);
			}
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	db_run(db, "SELECT RELEASE_LOCK('mpsk_migrate')", "");
	return applied;
}
