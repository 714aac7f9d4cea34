/*
 * api_networks.c - /api/v1/networks: SSIDs (full CRUD).
 */
#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/json_in.h"
#include "core/networks.h"

static const struct json_in_field api_networks_fields[] = {
	{ "ssid", JSON_IN_STRING, 0, 1, 32 },
	{ "site", JSON_IN_STRING, 1, 0, 128 },
	{ "unknown_device_policy", JSON_IN_STRING, 0, 1, 16 },
	{ NULL, 0, 0, 0, 0 },
};

void api_networks_list(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	api_reply(rs, 200, networks_list(rq->db, &f), &f);
}

void api_networks_get(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	long long id;
	if (api_param_id(rq, rs, 0, &id))
		api_reply(rs, 200, networks_get_json(rq->db, id, &f), &f);
}

void api_networks_create(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "ssid", NULL };
	struct json_object *in = json_in_parse(rq, rs, api_networks_fields, required);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = networks_create(rq->db, &who, in, &f);
	json_object_put(in);
	api_reply(rs, 201, out, &f);
}

void api_networks_update(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct json_object *in = json_in_parse(rq, rs, api_networks_fields, NULL);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = networks_update(rq->db, &who, id, in, &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_networks_delete(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	if (networks_delete(rq->db, &who, id, &f) < 0)
		api_reply(rs, 0, NULL, &f);
	else
		rs->status = 204;
}
