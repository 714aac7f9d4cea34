/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nas.h - RADIUS clients (access points and controllers).
 *
 * FreeRADIUS reads this table for its dynamic clients, so a NAS added here
 * is served without a restart. The shared secret is write-only: it is never
 * returned, only whether one is set.
 */
#ifndef MPSK_CORE_NAS_H
#define MPSK_CORE_NAS_H

#include <json.h>

struct db;
struct fault;
struct actor;

struct json_object *nas_list(struct db *db, struct fault *f);
struct json_object *nas_get_json(struct db *db, long long id, struct fault *f);
struct json_object *nas_create(struct db *db, const struct actor *who,
			       struct json_object *in, struct fault *f);
struct json_object *nas_update(struct db *db, const struct actor *who,
			       long long id, struct json_object *in,
			       struct fault *f);
int nas_delete(struct db *db, const struct actor *who, long long id,
	       struct fault *f);

/* 1 when vendor is one the RADIUS side knows. */
int nas_valid_vendor(const char *vendor);

#endif
