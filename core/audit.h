/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * audit.h - who changed what, when, from where.
 *
 * Every change made through the API (and later the portal) is recorded in
 * the same transaction as the change itself, so the log can never claim a
 * change that did not happen, nor miss one that did. Details must never
 * hold a passphrase or a secret: callers pass only what is safe.
 */
#ifndef MPSK_CORE_AUDIT_H
#define MPSK_CORE_AUDIT_H

#include <json.h>

struct db;

/* The caller of an operation, for the audit log. */
struct actor {
	const char *name;       /* "token:billing", "staff:alice" */
	const char *source_ip;
};

/* Record one change. detail may be NULL (not consumed). 0 or -1. */
int audit_record(struct db *db, const struct actor *who, const char *action,
		 const char *object_type, const char *object_id,
		 struct json_object *detail);

#endif
