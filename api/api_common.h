/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * api_common.h - small helpers every API handler uses.
 */
#ifndef MPSK_API_API_COMMON_H
#define MPSK_API_API_COMMON_H

#include <json.h>

#include "core/audit.h"
#include "core/fault.h"
#include "api/json_in.h"
#include "core/keys.h"
#include "server/http.h"

/* The caller of rq, for the audit log. */
struct actor api_actor(const struct request *rq);

/* Send o (caller's reference is consumed) with status, or the fault when o
 * is NULL. */
void api_reply(struct response *rs, int status, struct json_object *o,
	       const struct fault *f);

/* Parse path parameter i as a positive id. 1 ok, 0 not an id (rs is then a
 * 404: an id that cannot exist is simply not found). */
int api_param_id(const struct request *rq, struct response *rs, int i,
		 long long *id);

/* The shapes of the domain's plain operations, so that one handler body
 * serves every resource that has them. */
typedef struct json_object *(*api_list_fn)(struct db *db, struct fault *f);
typedef struct json_object *(*api_get_fn)(struct db *db, long long id,
					  struct fault *f);
typedef struct json_object *(*api_create_fn)(struct db *db,
					     const struct actor *who,
					     struct json_object *in,
					     struct fault *f);
typedef struct json_object *(*api_update_fn)(struct db *db,
					     const struct actor *who,
					     long long id, struct json_object *in,
					     struct fault *f);
typedef int (*api_delete_fn)(struct db *db, const struct actor *who,
			     long long id, struct fault *f);

/* GET a collection: 200 with fn's array. */
void api_list(struct request *rq, struct response *rs, api_list_fn fn);
/* GET .../{id}: 200, or 404 for an id that is not one. */
void api_get(struct request *rq, struct response *rs, api_get_fn fn);
/* POST a collection with a body checked against fields: 201. */
void api_create(struct request *rq, struct response *rs,
		const struct json_in_field *fields, const char *const *required,
		api_create_fn fn);
/* PATCH .../{id} with a body checked against fields: 200. */
void api_update(struct request *rq, struct response *rs,
		const struct json_in_field *fields, api_update_fn fn);
/* DELETE .../{id}: 204. */
void api_delete(struct request *rq, struct response *rs, api_delete_fn fn);

/* Passphrase generation settings from the configuration. */
struct keygen api_keygen(const struct request *rq);

#endif
