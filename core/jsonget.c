// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jsonget.c - typed member access. See jsonget.h.
 */
#include "core/jsonget.h"

#include "core/db.h"

const char *jsonget_str(struct json_object *o, const char *name)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, name, &v) || !v ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

long long jsonget_int(struct json_object *o, const char *name)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, name, &v) || !v)
		return DB_NULL_INT;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	if (!json_object_is_type(v, json_type_int))
		return DB_NULL_INT;
	return json_object_get_int64(v);
}

int jsonget_has(struct json_object *o, const char *name)
{
	return json_object_object_get_ex(o, name, NULL);
}
