// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_nas.c - /api/v1/nas: RADIUS clients (full CRUD; the secret is
 * write-only, except that a secret the server made is shown once, in the
 * answer to the create that made it).
 */
#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "core/nas.h"

const struct json_in_field api_nas_fields[] = {
	{ "name", JSON_IN_STRING, 0, 1, 64 },
	{ "address", JSON_IN_STRING, 0, 1, 64 },
	{ "secret", JSON_IN_STRING, 0, 1, 128 },
	{ "vendor", JSON_IN_STRING, 0, 1, 16 },
	{ "require_message_authenticator", JSON_IN_BOOL, 0, 0, 1 },
	{ "coa_port", JSON_IN_INT, 0, 1, 65535 },
	/* Network ids the NAS serves; empty: every network. */
	{ "networks", JSON_IN_ARRAY, 0, 0, 64 },
	/* Not stored: says that a range overlapping another NAS's is meant. */
	{ "allow_overlap", JSON_IN_BOOL, 0, 0, 1 },
	{ NULL, 0, 0, 0, 0 },
};

void api_nas_list(struct request *rq, struct response *rs)
{
	api_list(rq, rs, nas_list);
}

void api_nas_get(struct request *rq, struct response *rs)
{
	api_get(rq, rs, nas_get_json);
}

void api_nas_create(struct request *rq, struct response *rs)
{
	static const char *const required[] = { "name", "address", NULL };
	api_create(rq, rs, api_nas_fields, required, nas_create);
}

void api_nas_update(struct request *rq, struct response *rs)
{
	api_update(rq, rs, api_nas_fields, nas_update);
}

void api_nas_delete(struct request *rq, struct response *rs)
{
	api_delete(rq, rs, nas_delete);
}
