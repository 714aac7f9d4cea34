/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * migrate.h - apply the numbered SQL migrations in db/migrations/.
 *
 * Files are named NNNN_name.sql and applied once each, in number order, and
 * recorded in schema_migrations. A named database lock keeps two mpsk
 * processes (on one host or many) from migrating at the same time.
 */
#ifndef MPSK_CORE_MIGRATE_H
#define MPSK_CORE_MIGRATE_H

#include <stddef.h>

struct db;

/*
 * Apply every migration in dir that the database has not seen. Writes one
 * line per applied file to the log callback when given. Returns the number
 * applied (>= 0), or -1 with a message in err.
 */
int migrate_apply(struct db *db, const char *dir, char *err, size_t errlen,
		  void (*log)(const char *line));

#endif
