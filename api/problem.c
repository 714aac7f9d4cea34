// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * problem.c - problem details responses. See problem.h.
 */
#include "api/problem.h"

#include <json.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/db.h"
#include "core/fault.h"
#include "core/utf8.h"

void problem(struct response *rs, int status, const char *code,
	     const char *field, const char *fmt, ...)
{
	char raw[512], detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* Details may quote what the client sent: keep the JSON valid. */
	utf8_sanitize(raw, detail, sizeof detail);

	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string("about:blank"));
	json_object_object_add(o, "title",
			       json_object_new_string(http_status_text(status)));
	json_object_object_add(o, "status", json_object_new_int(status));
	json_object_object_add(o, "code", json_object_new_string(code));
	json_object_object_add(o, "detail", json_object_new_string(detail));
	if (field) {
		char f[128];
		utf8_sanitize(field, f, sizeof f);
		json_object_object_add(o, "field", json_object_new_string(f));
	}
	rs->status = status;
	rs->content_type = "application/problem+json";
	buf_reset(&rs->body);
	buf_append_str(&rs->body, json_object_to_json_string_ext(
					  o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

void problem_db(struct response *rs, struct db *db)
{
	struct fault f;
	fault_db(&f, db);
	problem_fault(rs, &f);
}

void problem_fault(struct response *rs, const struct fault *f)
{
	problem(rs, f->status, f->code, f->field, "%s", f->detail);
}
