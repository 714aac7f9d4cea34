// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_common.c - see api_common.h.
 */
#include "api/api_common.h"

#include <stdlib.h>

#include "api/json_in.h"
#include "api/problem.h"
#include "core/config.h"

struct actor api_actor(const struct request *rq)
{
	struct actor a = { .name = rq->actor ? rq->actor : "anonymous",
			   .source_ip = rq->remote_addr };
	return a;
}

void api_reply(struct response *rs, int status, struct json_object *o,
	       const struct fault *f)
{
	if (!o) {
		problem_fault(rs, f);
		return;
	}
	json_out(rs, status, o);
}

int api_param_id(const struct request *rq, struct response *rs, int i,
		 long long *id)
{
	const char *s = rq->params[i];
	char *end = NULL;
	long long v = s && s[0] >= '1' && s[0] <= '9' ? strtoll(s, &end, 10) : 0;
	if (v <= 0 || v > 4294967295LL || !end || *end) {
		problem(rs, 404, "not_found", NULL, "no such resource");
		return 0;
	}
	*id = v;
	return 1;
}

struct keygen api_keygen(const struct request *rq)
{
	struct keygen g = { .length = rq->cfg->passphrase_length,
			    .alphabet = rq->cfg->passphrase_alphabet };
	return g;
}

void api_list(struct request *rq, struct response *rs, api_list_fn fn)
{
	struct fault f = { 0 };
	api_reply(rs, 200, fn(rq->db, &f), &f);
}

void api_get(struct request *rq, struct response *rs, api_get_fn fn)
{
	struct fault f = { 0 };
	long long id;
	if (api_param_id(rq, rs, 0, &id))
		api_reply(rs, 200, fn(rq->db, id, &f), &f);
}

void api_create(struct request *rq, struct response *rs,
		const struct json_in_field *fields, const char *const *required,
		api_create_fn fn)
{
	struct json_object *in = json_in_parse(rq, rs, fields, required);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = fn(rq->db, &who, in, &f);
	json_object_put(in);
	api_reply(rs, 201, out, &f);
}

void api_update(struct request *rq, struct response *rs,
		const struct json_in_field *fields, api_update_fn fn)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct json_object *in = json_in_parse(rq, rs, fields, NULL);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = fn(rq->db, &who, id, in, &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_delete(struct request *rq, struct response *rs, api_delete_fn fn)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	if (fn(rq->db, &who, id, &f) < 0)
		api_reply(rs, 0, NULL, &f);
	else
		rs->status = 204;
}
