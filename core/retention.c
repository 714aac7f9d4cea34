// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * retention.c - pruning old rows in bounded batches. See retention.h.
 */
#include "core/retention.h"

#include <string.h>

#include "core/db.h"

/*
 * Delete with sql until a batch comes back short. Its parameters: the age
 * (twice when twice is set), then the batch size. Each DELETE commits on
 * its own (autocommit). Returns the rows deleted, or -1.
 */
static long long retention_batches(struct db *db, const char *sql,
				   long long age, int twice, unsigned batch)
{
	long long total = 0;
	for (;;) {
		struct db_stmt *st = twice ?
			db_run(db, sql, "iii", age, age, (long long)batch) :
			db_run(db, sql, "ii", age, (long long)batch);
		if (!st)
			return -1;
		unsigned long long n = db_affected(st);
		total += (long long)n;
		if (n < batch)
			return total;
	}
}

/* The auth_log rows older than days (auth_log.at is UTC). */
static const char retention_auth_log_sql[] =
	"DELETE FROM auth_log WHERE at < UTC_TIMESTAMP(3) - INTERVAL ? DAY"
	" ORDER BY at LIMIT ?";
/* Sessions that ended more than days ago. FreeRADIUS writes radacct's
 * times with FROM_UNIXTIME() in its own session's time zone, which may be
 * the server's local one: hours off at most, which a retention of days
 * does not notice. */
static const char retention_radacct_closed_sql[] =
	"DELETE FROM radacct WHERE acctstoptime < UTC_TIMESTAMP() - INTERVAL ? DAY"
	" ORDER BY acctstoptime LIMIT ?";
/* Sessions never closed (a NAS that died without Accounting-Stop) and not
 * heard of for as long. */
static const char retention_radacct_silent_sql[] =
	"DELETE FROM radacct WHERE acctstoptime IS NULL"
	" AND acctstarttime < UTC_TIMESTAMP() - INTERVAL ? DAY"
	" AND (acctupdatetime IS NULL OR acctupdatetime < UTC_TIMESTAMP() - INTERVAL ? DAY)"
	" ORDER BY acctstarttime LIMIT ?";
/* A counter whose window started longer ago than any window lasts counts
 * nothing any more (window_start is UTC). */
static const char retention_signin_sql[] =
	"DELETE FROM signin_failures"
	" WHERE window_start < UTC_TIMESTAMP() - INTERVAL ? SECOND"
	" ORDER BY window_start LIMIT ?";

static int retention_run(struct db *db, const struct retention_policy *p,
			 struct retention_counts *c)
{
	long long n;
	unsigned batch = p->batch_rows ? p->batch_rows : 5000;
	if (p->auth_log_days > 0) {
		n = retention_batches(db, retention_auth_log_sql, p->auth_log_days, 0,
				      batch);
		if (n < 0)
			return -1;
		c->auth_log = (unsigned long long)n;
	}
	if (p->radacct_days > 0) {
		n = retention_batches(db, retention_radacct_closed_sql,
				      p->radacct_days, 0, batch);
		if (n < 0)
			return -1;
		c->radacct = (unsigned long long)n;
		n = retention_batches(db, retention_radacct_silent_sql,
				      p->radacct_days, 1, batch);
		if (n < 0)
			return -1;
		c->radacct += (unsigned long long)n;
	}
	n = retention_batches(db, retention_signin_sql, p->signin_window_seconds,
			      0, batch);
	if (n < 0)
		return -1;
	c->signin_failures = (unsigned long long)n;
	return 0;
}

int retention_prune(struct db *db, const struct retention_policy *p,
		    struct retention_counts *counts)
{
	memset(counts, 0, sizeof *counts);
	struct db_stmt *st = db_run(db, "SELECT GET_LOCK('mpsk_prune', 0)", "");
	if (!st || db_next(st) != 1)
		return -1;
	if (db_col_int(st, 0) != 1)
		return 1;
	int rc = retention_run(db, p, counts);
	db_run(db, "SELECT RELEASE_LOCK('mpsk_prune')", "");
	return rc;
}
