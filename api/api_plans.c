// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_plans.c - /api/v1/plans: service plans (full CRUD).
 */
#include "api/api_resources.h"

#include "api/api_common.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "core/plans.h"

const struct json_in_field api_plans_fields[] = {
	{ "name", JSON_IN_STRING, 0, 1, 64 },
	{ "vlan", JSON_IN_INT, 1, 1, 4094 },
	{ "vlan_range", JSON_IN_STRING, 1, 3, 9 },
	{ "rate_down_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "rate_up_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "keys_per_customer", JSON_IN_INT, 0, 0, 16 },
	{ "key_scope", JSON_IN_STRING, 0, 1, 16 },
	{ "max_devices", JSON_IN_INT, 1, 1, 1000 },
	{ "devices_max", JSON_IN_INT, 1, 1, 10000 },
	{ "guest_keys_max", JSON_IN_INT, 0, 0, 100 },
	{ "guest_days_max", JSON_IN_INT, 0, 1, 3650 },
	{ NULL, 0, 0, 0, 0 },
};

void api_plans_list(struct request *rq, struct response *rs)
{
	api_list(rq, rs, plans_list);
}

void api_plans_get(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	api_reply(rs, 200, plans_get_json(rq->db, rq->params[0], &f), &f);
}

void api_plans_create(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "name", NULL };
	api_create(rq, rs, api_plans_fields, required, plans_create);
}

void api_plans_update(struct request *rq, struct response *rs)
{
	struct json_object *in = json_in_parse(rq, rs, api_plans_fields, NULL);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = plans_update(rq->db, &who, rq->params[0], in, &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_plans_delete(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	if (plans_delete(rq->db, &who, rq->params[0], &f) < 0) {
		api_reply(rs, 0, NULL, &f);
		return;
	}
	rs->status = 204;
}
