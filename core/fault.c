// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault.c - domain errors. See fault.h.
 */
#include "core/fault.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/db.h"
#include "core/logtext.h"

int fault_set(struct fault *f, int status, const char *code, const char *field,
	      const char *fmt, ...)
{
	f->status = status;
	f->code = code;
	f->field = field;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof f->detail, fmt, ap);
	va_end(ap);
	return -1;
}

int fault_db(struct fault *f, struct db *db)
{
	/* A duplicate-entry message quotes the value, which may be a
	 * passphrase: log only the number for those. */
	/* Other messages may quote a value from the request: escaped. */
	char msg[512];
	if (db_errno(db) == DB_ERR_DUP_ENTRY)
		fprintf(stderr, "mpsk: database error %u\n", db_errno(db));
	else
		fprintf(stderr, "mpsk: database error %u: %s\n", db_errno(db),
			logtext(msg, sizeof msg, db_error(db)));
	return fault_set(f, 500, "database_error", NULL,
			 "the database did not complete the request; nothing was changed");
}
