// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rowjson.c - rows as JSON. See rowjson.h.
 */
#include "core/rowjson.h"

#include <string.h>

#include "core/db.h"
#include "core/timefmt.h"

static struct json_object *rowjson_value(struct db_stmt *st, unsigned i,
					 char type)
{
	size_t len;
	const char *v = db_col(st, i, &len);
	if (!v)
		return NULL;
	switch (type) {
	case 'i':
		return json_object_new_int64(db_col_int(st, i));
	case 'b':
		return json_object_new_boolean(db_col_int(st, i) != 0);
	case 't': {
		time_t t;
		char out[21];
		if (timefmt_parse_sql(v, &t) < 0)
			return NULL;
		timefmt_format_rfc3339(t, out);
		return json_object_new_string(out);
	}
	default:
		return json_object_new_string_len(v, (int)len);
	}
}

struct json_object *rowjson_object(struct db_stmt *st, const char *types)
{
	struct json_object *o = json_object_new_object();
	unsigned n = db_ncols(st);
	for (unsigned i = 0; i < n && types[i]; i++) {
		if (types[i] == '-')
			continue;
		json_object_object_add(o, db_col_name(st, i),
				       rowjson_value(st, i, types[i]));
	}
	return o;
}

struct json_object *rowjson_array(struct db_stmt *st, const char *types)
{
	struct json_object *a = json_object_new_array();
	int rc;
	while ((rc = db_next(st)) == 1)
		json_object_array_add(a, rowjson_object(st, types));
	if (rc < 0) {
		json_object_put(a);
		return NULL;
	}
	return a;
}
