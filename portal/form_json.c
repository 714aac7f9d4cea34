// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * form_json.c - forms to JSON bodies. See form_json.h.
 */
#include "portal/form_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/fault.h"
#include "portal/form.h"

static int form_json_wanted(const char *name, const char *const *only)
{
	if (!only)
		return 1;
	for (; *only; only++)
		if (strcmp(*only, name) == 0)
			return 1;
	return 0;
}

/* Add one field's value; 0, or -1 + f. */
static int form_json_add(struct json_object *o, const struct json_in_field *fd,
			 const char *v, struct fault *f)
{
	if (fd->type == JSON_IN_BOOL) {
		json_object_object_add(o, fd->name, json_object_new_boolean(
			v && (strcmp(v, "on") == 0 || strcmp(v, "1") == 0 ||
			      strcmp(v, "true") == 0)));
		return 0;
	}
	if (!v)
		return 0;
	if (!*v) {
		if (fd->nullable)
			json_object_object_add(o, fd->name, NULL);
		return 0;
	}
	if (fd->type == JSON_IN_INT) {
		char *end;
		errno = 0;
		long long n = strtoll(v, &end, 10);
		if (errno || *end || n < fd->min || n > fd->max)
			return fault_set(f, 422, "out_of_range", fd->name,
					 "%s must be a whole number from %lld to %lld.",
					 fd->name, fd->min, fd->max);
		json_object_object_add(o, fd->name, json_object_new_int64(n));
		return 0;
	}
	size_t len = strlen(v);
	if ((long long)len < fd->min || (long long)len > fd->max)
		return fault_set(f, 422, "invalid_length", fd->name,
				 "%s must be %lld to %lld bytes long.", fd->name,
				 fd->min, fd->max);
	json_object_object_add(o, fd->name, json_object_new_string(v));
	return 0;
}

struct json_object *form_json(const struct form *form,
			      const struct json_in_field *fields,
			      const char *const *only, struct fault *f)
{
	struct json_object *o = json_object_new_object();
	for (const struct json_in_field *fd = fields; fd->name; fd++) {
		if (fd->type == JSON_IN_ARRAY || !form_json_wanted(fd->name, only))
			continue;
		const char *v = form_get(form, fd->name);
		if (form_json_add(o, fd, v, f) < 0) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}
