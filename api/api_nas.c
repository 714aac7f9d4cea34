/*
 * api_nas.c - /api/v1/nas: RADIUS clients (full CRUD; the secret is
 * write-only).
 */
#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/json_in.h"
#include "core/nas.h"

static const struct json_in_field api_nas_fields[] = {
	{ "name", JSON_IN_STRING, 0, 1, 64 },
	{ "address", JSON_IN_STRING, 0, 1, 64 },
	{ "secret", JSON_IN_STRING, 0, 1, 128 },
	{ "vendor", JSON_IN_STRING, 0, 1, 16 },
	{ "require_message_authenticator", JSON_IN_BOOL, 0, 0, 1 },
	{ "coa_port", JSON_IN_INT, 0, 1, 65535 },
	{ NULL, 0, 0, 0, 0 },
};

void api_nas_list(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	api_reply(rs, 200, nas_list(rq->db, &f), &f);
}

void api_nas_get(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	long long id;
	if (api_param_id(rq, rs, 0, &id))
		api_reply(rs, 200, nas_get_json(rq->db, id, &f), &f);
}

void api_nas_create(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "name", "address", "secret", NULL };
	struct json_object *in = json_in_parse(rq, rs, api_nas_fields, required);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = nas_create(rq->db, &who, in, &f);
	json_object_put(in);
	api_reply(rs, 201, out, &f);
}

void api_nas_update(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct json_object *in = json_in_parse(rq, rs, api_nas_fields, NULL);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = nas_update(rq->db, &who, id, in, &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_nas_delete(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	if (nas_delete(rq->db, &who, id, &f) < 0)
		api_reply(rs, 0, NULL, &f);
	else
		rs->status = 204;
}
