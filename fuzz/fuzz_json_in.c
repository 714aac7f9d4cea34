// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_json_in.c - request bodies against a declared field table, as every
 * API handler receives them. Invariants: either a problem response with a
 * 4xx status and a JSON body, or an object whose members are all declared
 * with the declared types.
 *
 * seed: {"name":"a","vlan":12,"active":true,"tags":[1,2]}
 * seed: {"name":null,"vlan":4095}
 * seed: [[[[[[[[[[[[1]]]]]]]]]]]]
 */
#include <json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_in.h"
#include "core/config.h"

static const struct json_in_field fuzz_fields[] = {
	{ "name", JSON_IN_STRING, 1, 1, 32 },
	{ "vlan", JSON_IN_INT, 0, 1, 4094 },
	{ "active", JSON_IN_BOOL, 0, 0, 1 },
	{ "tags", JSON_IN_ARRAY, 0, 0, 4 },
	{ NULL, 0, 0, 0, 0 },
};

static const char *fuzz_header(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "Content-Type") == 0 ? "application/json" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	static int ready;
	if (!ready) {
		config_defaults(&cfg);
		ready = 1;
	}
	struct request rq = { .body = (const char *)data, .body_len = size,
			      .header = fuzz_header, .cfg = &cfg };
	struct response rs;
	response_init(&rs);
	struct json_object *o = json_in_parse(&rq, &rs, fuzz_fields, NULL);
	if (o) {
		json_object_object_foreach(o, k, v) {
			int known = 0;
			for (const struct json_in_field *f = fuzz_fields; f->name; f++)
				if (strcmp(f->name, k) == 0)
					known = 1;
			if (!known)
				__builtin_trap();
			(void)v;
		}
		json_object_put(o);
	} else if (rs.status < 400 || rs.status > 499 || rs.body.len == 0) {
		__builtin_trap();
	}
	response_free(&rs);
	return 0;
}
