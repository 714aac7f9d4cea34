/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * form_json.h - turn a submitted HTML form into the JSON body the core's
 * operations take, checked against the API's own field declarations
 * (api/api_fields.h): the dashboard can do nothing the API would refuse,
 * and the core validates both the same way.
 */
#ifndef MPSK_PORTAL_FORM_JSON_H
#define MPSK_PORTAL_FORM_JSON_H

#include <json.h>

#include "api/json_in.h"

struct form;
struct fault;

/*
 * form_json - the declared fields present in form, as a JSON object.
 * @only: NULL-terminated names to take (NULL: every declared field the
 *        form has). Booleans are checkboxes, so absent means false: a
 *        form for a resource with a boolean field must show it.
 *
 * An empty text box is null for a nullable field and left out otherwise
 * (so an edit keeps the old value of a field left blank, e.g. a NAS
 * secret). Return: the object, or NULL with f (422 naming the field) when
 * a value is not a number, out of range or too long.
 */
struct json_object *form_json(const struct form *form,
			      const struct json_in_field *fields,
			      const char *const *only, struct fault *f);

#endif
