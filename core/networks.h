/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * networks.h - networks (SSIDs). Keys belong to one network, and their PMKs
 * depend on its SSID, so renaming a network re-derives them.
 */
#ifndef MPSK_CORE_NETWORKS_H
#define MPSK_CORE_NETWORKS_H

#include <json.h>

struct db;
struct fault;
struct actor;

struct json_object *networks_list(struct db *db, struct fault *f);
struct json_object *networks_get_json(struct db *db, long long id,
				      struct fault *f);
struct json_object *networks_create(struct db *db, const struct actor *who,
				    struct json_object *in, struct fault *f);
struct json_object *networks_update(struct db *db, const struct actor *who,
				    long long id, struct json_object *in,
				    struct fault *f);
int networks_delete(struct db *db, const struct actor *who, long long id,
		    struct fault *f);

/* Find a network by id or by SSID text (when ref is not a number).
 * Returns its id and copies its SSID (bytes + length), 0 when unknown,
 * -1 on database error. */
long long networks_resolve(struct db *db, const char *ref, unsigned char ssid[32],
			   size_t *ssid_len);

#endif
