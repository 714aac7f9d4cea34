// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_networks.c - /api/v1/networks: SSIDs (full CRUD).
 */
#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "core/networks.h"

const struct json_in_field api_networks_fields[] = {
	{ "ssid", JSON_IN_STRING, 0, 1, 32 },
	{ "site", JSON_IN_STRING, 1, 0, 128 },
	{ "unknown_device_policy", JSON_IN_STRING, 0, 1, 16 },
	{ NULL, 0, 0, 0, 0 },
};

void api_networks_list(struct request *rq, struct response *rs)
{
	api_list(rq, rs, networks_list);
}

void api_networks_get(struct request *rq, struct response *rs)
{
	api_get(rq, rs, networks_get_json);
}

void api_networks_create(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "ssid", NULL };
	api_create(rq, rs, api_networks_fields, required, networks_create);
}

void api_networks_update(struct request *rq, struct response *rs)
{
	api_update(rq, rs, api_networks_fields, networks_update);
}

void api_networks_delete(struct request *rq, struct response *rs)
{
	api_delete(rq, rs, networks_delete);
}
