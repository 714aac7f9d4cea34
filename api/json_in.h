/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json_in.h - read and validate a JSON request body against declared fields.
 *
 * Each handler that takes a body declares its fields (name, type, bounds).
 * json_in_parse refuses, with a problem response, anything else: a body that
 * is not JSON (400), too large (413), too deep, not an object, with an
 * unknown field, a wrong type, a number out of range or a string too long
 * (422). A handler only ever sees a body that matched its declaration.
 */
#ifndef MPSK_API_JSON_IN_H
#define MPSK_API_JSON_IN_H

#include <json.h>
#include <stddef.h>

#include "server/http.h"

enum json_in_type {
	JSON_IN_STRING,
	JSON_IN_INT,
	JSON_IN_BOOL,
	JSON_IN_ARRAY,
};

struct json_in_field {
	const char *name;
	enum json_in_type type;
	int nullable;        /* JSON null allowed */
	long long min, max;  /* INT: bounds; STRING: length in bytes */
};

/*
 * Parse rq's body as an object whose members are all declared in fields
 * (terminated by an entry with name NULL). Members listed in required
 * (NULL-terminated, may be NULL) must be present. Returns the object (caller
 * puts it), or NULL after filling rs with the problem.
 */
struct json_object *json_in_parse(struct request *rq, struct response *rs,
				  const struct json_in_field *fields,
				  const char *const *required);

/* Serialise o (plain) into rs's body with the given status. Puts o. */
void json_out(struct response *rs, int status, struct json_object *o);

#endif
