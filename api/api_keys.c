// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_keys.c - /api/v1/customers/{id}/keys and /api/v1/keys/{id}: create,
 * list, read, change, rotate, delete keys, and their Wi-Fi QR codes.
 * Passphrases are returned only to tokens with the secrets scope, and only
 * in response bodies (never in a URL).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/api_fields.h"
#include "api/json_in.h"
#include "api/problem.h"
#include "core/customers.h"
#include "core/keys.h"
#include "core/jsonget.h"
#include "core/wifi_qr.h"
#include "server/router.h"

const struct json_in_field api_keys_fields[] = {
	{ "network", JSON_IN_INT, 0, 1, 4294967295LL },
	{ "ssid", JSON_IN_STRING, 0, 1, 32 },
	{ "passphrase", JSON_IN_STRING, 0, 8, 64 },
	{ "label", JSON_IN_STRING, 1, 0, 128 },
	{ "kind", JSON_IN_STRING, 0, 1, 16 },
	{ "status", JSON_IN_STRING, 0, 1, 16 },
	{ "valid_from", JSON_IN_STRING, 1, 1, 40 },
	{ "valid_until", JSON_IN_STRING, 1, 1, 40 },
	{ "vlan", JSON_IN_INT, 1, 1, 4094 },
	{ "rate_down_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "rate_up_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "max_devices", JSON_IN_INT, 1, 1, 1000 },
	{ NULL, 0, 0, 0, 0 },
};

/* The members PATCH may change (not network, passphrase or kind). */
const struct json_in_field api_keys_patch_fields[] = {
	{ "label", JSON_IN_STRING, 1, 0, 128 },
	{ "status", JSON_IN_STRING, 0, 1, 16 },
	{ "valid_from", JSON_IN_STRING, 1, 1, 40 },
	{ "valid_until", JSON_IN_STRING, 1, 1, 40 },
	{ "vlan", JSON_IN_INT, 1, 1, 4094 },
	{ "rate_down_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "rate_up_kbps", JSON_IN_INT, 1, 1, 100000000 },
	{ "max_devices", JSON_IN_INT, 1, 1, 1000 },
	{ NULL, 0, 0, 0, 0 },
};

const struct json_in_field api_keys_rotate_fields[] = {
	{ "passphrase", JSON_IN_STRING, 0, 8, 64 },
	{ NULL, 0, 0, 0, 0 },
};

static int api_keys_secrets(const struct request *rq)
{
	return (rq->scopes & AUTH_SCOPE_SECRETS) != 0;
}

void api_keys_list(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	long long cid = customers_id(rq->db, rq->params[0]);
	if (cid <= 0) {
		if (cid < 0)
			problem_db(rs, rq->db);
		else
			problem(rs, 404, "not_found", NULL, "no customer '%s'",
				rq->params[0]);
		return;
	}
	api_reply(rs, 200, keys_list_json(rq->db, cid, api_keys_secrets(rq), &f), &f);
}

void api_keys_create(struct request *rq, struct response *rs)
{
	struct json_object *in = json_in_parse(rq, rs, api_keys_fields, NULL);
	if (!in)
		return;
	if (jsonget_has(in, "status")) {
		json_object_put(in);
		problem(rs, 422, "unknown_field", "status",
			"a new key is active; PATCH its status afterwards");
		return;
	}
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct keygen gen = api_keygen(rq);
	struct json_object *out = keys_create(rq->db, &who, rq->params[0], in,
					      &gen, api_keys_secrets(rq), &f);
	json_object_put(in);
	api_reply(rs, 201, out, &f);
}

void api_keys_get(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	long long id;
	if (api_param_id(rq, rs, 0, &id))
		api_reply(rs, 200, keys_get_json(rq->db, id, api_keys_secrets(rq), &f),
			  &f);
}

void api_keys_update(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct json_object *in = json_in_parse(rq, rs, api_keys_patch_fields, NULL);
	if (!in)
		return;
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct json_object *out = keys_update(rq->db, &who, id, in,
					      api_keys_secrets(rq), &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_keys_rotate(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return;
	struct json_object *in = NULL;
	/* The body is optional: none means "generate a new passphrase". */
	if (rq->body_len || rq->body_too_large) {
		in = json_in_parse(rq, rs, api_keys_rotate_fields, NULL);
		if (!in)
			return;
	}
	struct fault f = { 0 };
	struct actor who = api_actor(rq);
	struct keygen gen = api_keygen(rq);
	struct json_object *out = keys_rotate(rq->db, &who, id,
					      in ? jsonget_str(in, "passphrase") : NULL,
					      &gen, api_keys_secrets(rq), &f);
	json_object_put(in);
	api_reply(rs, 200, out, &f);
}

void api_keys_delete(struct request *rq, struct response *rs)
{
	api_delete(rq, rs, keys_delete);
}

/* The key's Wi-Fi QR payload (malloc'd; the caller wipes and frees), or
 * NULL with rs filled. */
static char *api_keys_payload(struct request *rq, struct response *rs)
{
	long long id;
	if (!api_param_id(rq, rs, 0, &id))
		return NULL;
	unsigned char ssid[32];
	size_t ssid_len;
	char pass[65];
	struct fault f = { 0 };
	if (keys_secret(rq->db, id, ssid, &ssid_len, pass, &f) < 0) {
		problem_fault(rs, &f);
		return NULL;
	}
	char *payload = wifi_qr_payload(ssid, ssid_len, pass);
	sodium_memzero(pass, sizeof pass);
	return payload;
}

static void api_keys_qr(struct request *rq, struct response *rs, int svg)
{
	char *payload = api_keys_payload(rq, rs);
	if (!payload)
		return;
	buf_reset(&rs->body);
	int rc = svg ? wifi_qr_svg(payload, 4, &rs->body) :
		       wifi_qr_png(payload, 8, 4, &rs->body);
	sodium_memzero(payload, strlen(payload));
	free(payload);
	if (rc < 0) {
		problem(rs, 500, "qr_failed", NULL, "the QR code could not be made");
		return;
	}
	rs->status = 200;
	rs->content_type = svg ? "image/svg+xml" : "image/png";
}

void api_keys_qr_png(struct request *rq, struct response *rs)
{
	api_keys_qr(rq, rs, 0);
}

void api_keys_qr_svg(struct request *rq, struct response *rs)
{
	api_keys_qr(rq, rs, 1);
}
