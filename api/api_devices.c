// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_devices.c - /api/v1/devices: add by MAC (any common spelling), list,
 * rename, move to another key, remove.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "api/problem.h"
#include "core/db.h"
#include "core/devices.h"
#include "core/mac.h"

const struct json_in_field api_devices_fields[] = {
	{ "mac", JSON_IN_STRING, 0, 1, 32 },
	{ "name", JSON_IN_STRING, 0, 0, 128 },
	{ "customer", JSON_IN_STRING, 0, 1, 128 },
	{ "key", JSON_IN_INT, 0, 1, 4294967295LL },
	{ "network", JSON_IN_INT, 0, 1, 4294967295LL },
	{ NULL, 0, 0, 0, 0 },
};

const struct json_in_field api_devices_patch_fields[] = {
	{ "name", JSON_IN_STRING, 0, 0, 128 },
	{ "key", JSON_IN_INT, 0, 1, 4294967295LL },
	{ NULL, 0, 0, 0, 0 },
};

void api_devices_list(struct request *rq, struct response *rs)
{
	char customer[129] = "", key[24] = "", macq[40] = "", mac[13] = "";
	struct device_query q = { .customer = customer, .key = DB_NULL_INT,
				  .mac = mac };
	if (request_query(rq, "customer", customer, sizeof customer) < 0 ||
	    request_query(rq, "key", key, sizeof key) < 0 ||
	    request_query(rq, "mac", macq, sizeof macq) < 0) {
		problem(rs, 400, "invalid_parameter", NULL, "a filter is malformed");
		return;
	}
	if (*macq && mac_normalize(macq, mac) < 0) {
		problem(rs, 400, "invalid_mac", "mac", "mac is not a MAC address");
		return;
	}
	if (*key) {
		char *end = NULL;
		q.key = strtoll(key, &end, 10);
		if (!end || *end || q.key < 1) {
			problem(rs, 400, "invalid_parameter", "key",
				"key is a key id");
			return;
		}
	}
	struct fault f = { 0 };
	api_reply(rs, 200, devices_list(rq->db, &q, &f), &f);
}

void api_devices_add(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "mac", "customer", NULL };
	struct json_object *in = json_in_parse(rq, rs, api_devices_fields, required);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct keygen gen = api_keygen(rq);
	struct json_object *out = devices_add(rq->db, &who, in, "api", &gen, &f);
	json_object_put(in);
	api_reply(rs, 201, out, &f);
}

void api_devices_get(struct request *rq, struct response *rs)
{
	api_get(rq, rs, devices_get_json);
}

void api_devices_update(struct request *rq, struct response *rs)
{
	api_update(rq, rs, api_devices_patch_fields, devices_update);
}

void api_devices_delete(struct request *rq, struct response *rs)
{
	api_delete(rq, rs, devices_remove);
}
