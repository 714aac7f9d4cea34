/*
 * api_common.h - small helpers every API handler uses.
 */
#ifndef MPSK_API_API_COMMON_H
#define MPSK_API_API_COMMON_H

#include <json.h>

#include "core/audit.h"
#include "core/fault.h"
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

/* Passphrase generation settings from the configuration. */
struct keygen api_keygen(const struct request *rq);

#endif
