// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json_in.c - declared-field JSON bodies. See json_in.h.
 */
#include "api/json_in.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "api/problem.h"
#include "core/config.h"
#include "core/utf8.h"

#define JSON_IN_MAX_DEPTH 8

static const struct json_in_field *json_in_find(const struct json_in_field *f,
						const char *name)
{
	for (; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const char *json_in_type_name(enum json_in_type t)
{
	switch (t) {
	case JSON_IN_STRING: return "a string";
	case JSON_IN_INT: return "a whole number";
	case JSON_IN_BOOL: return "true or false";
	case JSON_IN_ARRAY: return "an array";
	}
	return "?";
}

/* Check one member against its declaration. 0, or -1 with rs filled. */
static int json_in_check(struct response *rs, const struct json_in_field *f,
			 struct json_object *v)
{
	if (!v) {
		if (f->nullable)
			return 0;
		problem(rs, 422, "invalid_type", f->name, "%s must not be null",
			f->name);
		return -1;
	}
	enum json_type jt = json_object_get_type(v);
	switch (f->type) {
	case JSON_IN_STRING:
		if (jt != json_type_string)
			break;
		if ((long long)json_object_get_string_len(v) > f->max ||
		    (long long)json_object_get_string_len(v) < f->min) {
			problem(rs, 422, "invalid_length", f->name,
				"%s must be %lld to %lld bytes long", f->name,
				f->min, f->max);
			return -1;
		}
		if (!utf8_valid((const unsigned char *)json_object_get_string(v),
				(size_t)json_object_get_string_len(v))) {
			problem(rs, 422, "invalid_value", f->name,
				"%s must be UTF-8 text without NUL characters",
				f->name);
			return -1;
		}
		return 0;
	case JSON_IN_INT: {
		if (jt != json_type_int)
			break;
		errno = 0;
		long long n = json_object_get_int64(v);
		/* json-c clamps out-of-range integers; treat those as out of
		 * range rather than as the clamped value. */
		if (errno || n < f->min || n > f->max) {
			problem(rs, 422, "out_of_range", f->name,
				"%s must be from %lld to %lld", f->name, f->min,
				f->max);
			return -1;
		}
		return 0;
	}
	case JSON_IN_BOOL:
		if (jt != json_type_boolean)
			break;
		return 0;
	case JSON_IN_ARRAY:
		if (jt != json_type_array)
			break;
		if ((long long)json_object_array_length(v) > f->max) {
			problem(rs, 422, "invalid_length", f->name,
				"%s may have at most %lld items", f->name, f->max);
			return -1;
		}
		return 0;
	}
	problem(rs, 422, "invalid_type", f->name, "%s must be %s", f->name,
		json_in_type_name(f->type));
	return -1;
}

/* 1 when body has a quote character outside a double-quoted string: json-c
 * takes 'single-quoted' strings even in strict mode; JSON does not. */
static int json_in_stray_quote(const char *body, size_t n)
{
	int in_string = 0;
	for (size_t i = 0; i < n; i++) {
		char c = body[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '\'') {
			return 1;
		}
	}
	return 0;
}

/* Parse the body text; NULL with rs filled on failure. */
static struct json_object *json_in_tokenize(struct request *rq,
					    struct response *rs)
{
	if (rq->body_too_large) {
		problem(rs, 413, "body_too_large", NULL,
			"the request body is larger than %d bytes",
			rq->cfg->max_body_bytes);
		return NULL;
	}
	const char *ct = request_header(rq, "Content-Type");
	/* application/json, optionally with parameters (; charset=utf-8),
	 * and nothing else that merely starts the same way. */
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
		problem(rs, 415, "unsupported_media_type", NULL,
			"send the body as application/json");
		return NULL;
	}
	if (!rq->body || rq->body_len == 0) {
		problem(rs, 400, "malformed_json", NULL, "the body is empty");
		return NULL;
	}
	if (json_in_stray_quote(rq->body, rq->body_len)) {
		problem(rs, 400, "malformed_json", NULL, "the body is not valid JSON");
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new_ex(JSON_IN_MAX_DEPTH);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	struct json_object *o =
		json_tokener_parse_ex(tok, rq->body, (int)rq->body_len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!o && jerr == json_tokener_success && used == rq->body_len) {
		/* The body is the JSON literal null: valid, but no object. */
		problem(rs, 422, "invalid_type", NULL, "the body must be a JSON object");
		return NULL;
	}
	if (!o || jerr != json_tokener_success || used != rq->body_len) {
		if (o)
			json_object_put(o);
		problem(rs, 400, "malformed_json", NULL,
			"the body is not valid JSON%s",
			jerr == json_tokener_error_depth ? " (nested too deep)" : "");
		return NULL;
	}
	return o;
}

struct json_object *json_in_parse(struct request *rq, struct response *rs,
				  const struct json_in_field *fields,
				  const char *const *required)
{
	struct json_object *o = json_in_tokenize(rq, rs);
	if (!o)
		return NULL;
	if (!json_object_is_type(o, json_type_object)) {
		problem(rs, 422, "invalid_type", NULL, "the body must be a JSON object");
		goto fail;
	}
	json_object_object_foreach(o, name, value) {
		const struct json_in_field *f = json_in_find(fields, name);
		if (!f) {
			problem(rs, 422, "unknown_field", name,
				"unknown field '%.64s'", name);
			goto fail;
		}
		if (json_in_check(rs, f, value) < 0)
			goto fail;
	}
	for (; required && *required; required++) {
		if (!json_object_object_get_ex(o, *required, NULL)) {
			problem(rs, 422, "missing_field", *required,
				"%s is required", *required);
			goto fail;
		}
	}
	return o;
fail:
	json_object_put(o);
	return NULL;
}

void json_out(struct response *rs, int status, struct json_object *o)
{
	rs->status = status;
	rs->content_type = "application/json";
	buf_reset(&rs->body);
	buf_append_str(&rs->body,
		       json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}
