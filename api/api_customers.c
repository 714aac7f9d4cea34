// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_customers.c - /api/v1/customers: what billing systems drive.
 * PUT creates or updates idempotently by external id; DELETE terminates;
 * POST .../activation issues the code of the tenant's first portal access.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "api/problem.h"
#include "core/accounts.h"
#include "core/config.h"
#include "core/customers.h"
#include "core/jsonget.h"
#include "core/keys.h"
#include "core/timefmt.h"
#include "server/router.h"

const struct json_in_field api_customers_fields[] = {
	{ "external_id", JSON_IN_STRING, 0, 1, 128 },
	{ "name", JSON_IN_STRING, 0, 0, 255 },
	{ "email", JSON_IN_STRING, 1, 0, 255 },
	{ "phone", JSON_IN_STRING, 1, 0, 64 },
	{ "status", JSON_IN_STRING, 0, 1, 16 },
	{ "plan", JSON_IN_STRING, 0, 1, 64 },
	{ "parent", JSON_IN_STRING, 1, 1, 128 },
	{ "building", JSON_IN_STRING, 1, 0, 128 },
	{ "unit", JSON_IN_STRING, 1, 0, 64 },
	{ NULL, 0, 0, 0, 0 },
};

/* Parse a page or per_page argument. 1 ok, 0 problem sent. */
static int api_customers_number(struct request *rq, struct response *rs,
				const char *name, long long def, long long max,
				long long *out)
{
	char text[24];
	int rc = request_query(rq, name, text, sizeof text);
	*out = def;
	if (rc == 0)
		return 1;
	char *end = NULL;
	long long v = rc > 0 ? strtoll(text, &end, 10) : 0;
	if (rc < 0 || !end || *end || end == text || v < 1 || v > max) {
		problem(rs, 400, "invalid_parameter", name,
			"%s must be a whole number from 1 to %lld", name, max);
		return 0;
	}
	*out = v;
	return 1;
}

void api_customers_list(struct request *rq, struct response *rs)
{
	char status[16] = "", plan[65] = "", search[129] = "", building[129] = "";
	struct customer_query q = { .status = status, .plan = plan,
				    .search = search, .building = building };
	if (request_query(rq, "status", status, sizeof status) < 0 ||
	    request_query(rq, "building", building, sizeof building) < 0 ||
	    request_query(rq, "plan", plan, sizeof plan) < 0 ||
	    request_query(rq, "search", search, sizeof search) < 0) {
		problem(rs, 400, "invalid_parameter", NULL,
			"a filter is malformed or too long");
		return;
	}
	if (*status && strcmp(status, "active") != 0 &&
	    strcmp(status, "suspended") != 0 && strcmp(status, "terminated") != 0) {
		problem(rs, 400, "invalid_parameter", "status",
			"status is active, suspended or terminated");
		return;
	}
	if (!api_customers_number(rq, rs, "page", 1, 1000000, &q.page) ||
	    !api_customers_number(rq, rs, "per_page", 50, rq->cfg->max_page_size,
				  &q.per_page))
		return;
	struct fault f = { 0 };
	api_reply(rs, 200, customers_list(rq->db, &q, &f), &f);
}

void api_customers_get(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	api_reply(rs, 200, customers_get_json(rq->db, rq->params[0], &f), &f);
}

static void api_customers_write(struct request *rq, struct response *rs,
				int must_exist)
{
	struct json_object *in = json_in_parse(rq, rs, api_customers_fields, NULL);
	if (!in)
		return;
	const char *ext = jsonget_str(in, "external_id");
	if (!ext)
		ext = rq->params[0];
	struct fault f = { 0 };
	if (strcmp(ext, rq->params[0]) != 0) {
		json_object_put(in);
		problem(rs, 422, "external_id_mismatch", "external_id",
			"external_id in the body differs from the one in the path");
		return;
	}
	struct actor who = api_actor(rq);
	struct keygen gen = api_keygen(rq);
	int created = 0;
	json_object_object_del(in, "external_id");
	/* Choosing a parent is a way to its sub-customers' keys (the portal
	 * shows them), so it needs secrets; the rest of the body needs write,
	 * which the route table checked. */
	int may_set_parent = (rq->scopes & AUTH_SCOPE_SECRETS) != 0;
	struct json_object *out = customers_upsert(rq->db, &who, rq->params[0],
						   in, &gen, must_exist,
						   may_set_parent, &created, &f);
	json_object_put(in);
	api_reply(rs, created ? 201 : 200, out, &f);
}

void api_customers_put(struct request *rq, struct response *rs)
{
	api_customers_write(rq, rs, 0);
}

void api_customers_patch(struct request *rq, struct response *rs)
{
	api_customers_write(rq, rs, 1);
}

void api_customers_delete(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	api_reply(rs, 200, customers_terminate(rq->db, &who, rq->params[0], &f), &f);
}

/* The activation body has no members: only {} (or no body) is accepted. */
static const struct json_in_field api_activation_fields[] = {
	{ NULL, 0, 0, 0, 0 },
};

void api_customers_activation(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	/* No body, or an empty object: checked like every other body. */
	if (rq->body_len) {
		struct json_object *in = json_in_parse(rq, rs, api_activation_fields, NULL);
		if (!in)
			return;
		json_object_put(in);
	}
	long long cid = customers_id(rq->db, rq->params[0]);
	if (cid <= 0) {
		if (cid < 0)
			problem_db(rs, rq->db);
		else
			problem(rs, 404, "not_found", NULL, "no customer '%s'", rq->params[0]);
		return;
	}
	struct actor who = api_actor(rq);
	char code[CODE_TEXT_LEN], expires[21];
	int days = rq->cfg->activation_days;
	if (accounts_issue_activation(rq->db, &who, cid, 0, days, code, &f) < 0) {
		api_reply(rs, 201, NULL, &f);
		return;
	}
	timefmt_format_rfc3339(time(NULL) + (time_t)days * 86400, expires);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "customer", json_object_new_string(rq->params[0]));
	json_object_object_add(o, "code", json_object_new_string(code));
	json_object_object_add(o, "expires_at", json_object_new_string(expires));
	struct buf url;
	buf_init(&url, 1024);
	buf_printf(&url, "%s/portal/activate?code=%s", rq->cfg->portal_url, code);
	json_object_object_add(o, "url", json_object_new_string(buf_str(&url)));
	buf_free(&url);
	sodium_memzero(code, sizeof code);
	api_reply(rs, 201, o, &f);
}
