// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_prune.c - `mpsk prune`: the retention settings applied once (the
 * mpsk-prune.timer runs it hourly; docs/DEPLOY.md). See cli.h.
 */
#include <stdio.h>

#include "core/config.h"
#include "core/db.h"
#include "core/retention.h"
#include "server/cli.h"

int cli_prune(const struct config *cfg)
{
	struct db *db = cli_db(cfg);
	if (!db)
		return 1;
	/* A sign-in failure counter counts within its window only: the IP
	 * window or the account lockout, whichever is longer. */
	int window = cfg->signin_ip_window_seconds;
	if (cfg->signin_lockout_seconds > window)
		window = cfg->signin_lockout_seconds;
	struct retention_policy p = {
		.auth_log_days = cfg->retention_auth_log_days,
		.radacct_days = cfg->retention_radacct_days,
		.signin_window_seconds = window,
		.batch_rows = 5000,
	};
	struct retention_counts c;
	int rc = retention_prune(db, &p, &c);
	if (rc < 0)
		fprintf(stderr, "mpsk: prune: %s\n", db_error(db));
	else if (rc == 1)
		printf("another prune is running; nothing done\n");
	else
		printf("pruned auth_log %llu, radacct %llu, signin_failures %llu\n",
		       c.auth_log, c.radacct, c.signin_failures);
	db_close(db);
	return rc < 0 ? 1 : 0;
}
