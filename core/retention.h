/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * retention.h - delete what the retention settings no longer keep: old
 * RADIUS authentication log rows, old accounting sessions and sign-in
 * failure counters whose window has passed.
 *
 * These tables grow with traffic (every Access-Request of an unknown MAC
 * writes auth_log; every session writes radacct; every bad sign-in from a
 * new address writes signin_failures), so without pruning they grow
 * without bound. Rows go in bounded batches, each its own short
 * transaction, so RADIUS's writes and the API never wait long on the
 * locks of a large delete.
 */
#ifndef MPSK_CORE_RETENTION_H
#define MPSK_CORE_RETENTION_H

struct db;

struct retention_policy {
	int auth_log_days;          /* 0: keep every row */
	int radacct_days;           /* 0: keep every row */
	int signin_window_seconds;  /* the longest sign-in counting window */
	unsigned batch_rows;        /* rows per DELETE (and transaction) */
};

struct retention_counts {
	unsigned long long auth_log;
	unsigned long long radacct;
	unsigned long long signin_failures;
};

/*
 * retention_prune - delete, batch after batch, every row older than the
 * policy keeps. Takes a named database lock first, so that the timers of
 * several hosts never prune at the same time.
 * @counts: set to the rows deleted per table.
 *
 * Return: 0 done; 1 another prune holds the lock (nothing deleted); -1 on
 * a database error (see db_error; batches already deleted stay deleted).
 */
int retention_prune(struct db *db, const struct retention_policy *p,
		    struct retention_counts *counts);

#endif
