// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * template_render.c - render a compiled template with a JSON value. See
 * template.h.
 *
 * Rendering walks index ranges of the op array and recurses only into
 * sections (at most TMPL_MAX_NESTING deep, checked at load) and partials
 * (TMPL_MAX_PARTIAL_DEPTH, checked at render). The context stack is a
 * linked list of frames on the C stack: rendering allocates nothing but
 * output and writes to nothing shared, which is what lets threads share
 * one set.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "portal/template_internal.h"

/* ---- rendering --------------------------------------------------------- */

/* One level of the context stack. */
struct frame {
	struct json_object *obj;
	const struct frame *up;
	size_t index; /* in an array section: the element's position */
	size_t count; /* ... and the array's length; 0 elsewhere */
};

/* A looked-up value: JSON from the data, or one made by a helper name. */
struct val {
	enum { VAL_JSON, VAL_INT, VAL_BOOL } kind;
	struct json_object *obj; /* VAL_JSON; NULL when null or missing */
	int64_t n;
};

/* The member or element seg of obj; 0 when there is none. */
static int child(struct json_object *obj, const char *seg,
		 struct json_object **out)
{
	if (json_object_is_type(obj, json_type_object))
		return json_object_object_get_ex(obj, seg, out);
	if (!json_object_is_type(obj, json_type_array))
		return 0;
	size_t idx = 0, len = strlen(seg);
	if (!len || len > 9)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (seg[i] < '0' || seg[i] > '9')
			return 0;
		idx = idx * 10 + (size_t)(seg[i] - '0');
	}
	if (idx >= json_object_array_length(obj))
		return 0;
	*out = json_object_array_get_idx(obj, idx);
	return 1;
}

static struct val lookup_helper(enum ref_kind kind, const struct frame *f)
{
	struct val v = {VAL_JSON, NULL, 0};
	while (f && !f->count)
		f = f->up;
	if (!f)
		return v; /* outside any array: missing */
	if (kind == REF_INDEX) {
		v.kind = VAL_INT;
		v.n = (int64_t)f->index;
	} else {
		v.kind = VAL_BOOL;
		v.n = kind == REF_FIRST ? f->index == 0
					: f->index + 1 == f->count;
	}
	return v;
}

static struct val lookup(const struct ref *ref, const struct frame *f)
{
	struct val v = {VAL_JSON, NULL, 0};
	if (ref->kind == REF_DOT) {
		v.obj = f->obj;
		return v;
	}
	if (ref->kind != REF_PATH)
		return lookup_helper(ref->kind, f);
	/* Mustache: the first segment is searched outwards; once found, the
	 * rest must resolve inside it or the whole name is missing. */
	const char *seg = ref->segs;
	struct json_object *cur = NULL;
	while (f && !child(f->obj, seg, &cur))
		f = f->up;
	if (!f)
		return v;
	for (size_t i = 1; i < ref->nseg; i++) {
		seg += strlen(seg) + 1;
		if (!child(cur, seg, &cur))
			return v;
	}
	v.obj = cur;
	return v;
}

/* Shortest "%g" form that reads back as d (15 digits usually suffice). */
static void format_double(double d, char *tmp, size_t tmplen)
{
	snprintf(tmp, tmplen, "%.15g", d);
	if (strtod(tmp, NULL) != d)
		snprintf(tmp, tmplen, "%.17g", d);
}

static const char *json_text(struct json_object *obj, char *tmp, size_t tmplen,
			     size_t *len)
{
	const char *s = tmp;
	int64_t i;
	switch (json_object_get_type(obj)) {
	case json_type_null:
		s = "";
		break;
	case json_type_boolean:
		s = json_object_get_boolean(obj) ? "true" : "false";
		break;
	case json_type_string:
		*len = (size_t)json_object_get_string_len(obj);
		return json_object_get_string(obj);
	case json_type_int:
		/* json-c keeps large unsigned values apart; get_int64
		 * clamps them to INT64_MAX. */
		i = json_object_get_int64(obj);
		if (i == INT64_MAX)
			snprintf(tmp, tmplen, "%" PRIu64,
				 json_object_get_uint64(obj));
		else
			snprintf(tmp, tmplen, "%" PRId64, i);
		break;
	case json_type_double:
		format_double(json_object_get_double(obj), tmp, tmplen);
		break;
	default:
		return NULL; /* objects and arrays have no text */
	}
	*len = strlen(s);
	return s;
}

/*
 * The text of v before escaping, in *len bytes (numbers are formatted into
 * tmp), or NULL for objects and arrays. Only accessors that read are used:
 * json_object_get_string() on a non-string would cache into the object.
 */
static const char *val_text(const struct val *v, char *tmp, size_t tmplen,
			    size_t *len)
{
	if (v->kind == VAL_JSON)
		return json_text(v->obj, tmp, tmplen, len);
	if (v->kind == VAL_INT)
		snprintf(tmp, tmplen, "%" PRId64, v->n);
	else
		snprintf(tmp, tmplen, "%s", v->n ? "true" : "false");
	*len = strlen(tmp);
	return tmp;
}

static int truthy(const struct val *v)
{
	if (v->kind != VAL_JSON)
		return v->n != 0;
	switch (json_object_get_type(v->obj)) {
	case json_type_boolean:
		return json_object_get_boolean(v->obj);
	case json_type_int:
		return json_object_get_int64(v->obj) != 0;
	case json_type_double:
		return json_object_get_double(v->obj) != 0.0;
	case json_type_string:
		return json_object_get_string_len(v->obj) > 0;
	case json_type_array:
		return json_object_array_length(v->obj) > 0;
	case json_type_object:
		return 1;
	default:
		return 0;
	}
}

static const char *entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '`':
		return "&#96;";
	/* JSON strings may hold U+0000; a page never should. */
	case '\0':
		return "&#65533;";
	default:
		return NULL;
	}
}

static int put_escaped(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent = entity(s[i]);
		if (!ent)
			continue;
		if (buf_append(out, s + run, i - run) < 0 ||
		    buf_append_str(out, ent) < 0)
			return -1;
		run = i + 1;
	}
	return buf_append(out, s + run, n - run);
}

static int put_var(struct buf *out, const struct op *op, const struct frame *f)
{
	struct val v = lookup(&op->ref, f);
	char tmp[40];
	size_t len = 0;
	const char *s = val_text(&v, tmp, sizeof tmp, &len);
	return s ? put_escaped(out, s, len) : 0;
}

static int render_ops(const struct tmpl_set *set, const struct tmpl *t,
		      size_t i, size_t end, const struct frame *f, int depth,
		      struct buf *out);

static int eq_matches(const struct val *v, const char *literal)
{
	char tmp[40];
	size_t len = 0;
	const char *s = val_text(v, tmp, sizeof tmp, &len);
	return s && len == strlen(literal) && memcmp(s, literal, len) == 0;
}

static int render_section(const struct tmpl_set *set, const struct tmpl *t,
			  size_t i, const struct frame *f, int depth,
			  struct buf *out)
{
	const struct op *op = &t->ops[i];
	struct val v = lookup(&op->ref, f);
	int once;

	if (op->literal)
		once = eq_matches(&v, op->literal) != op->inverted;
	else if (op->inverted)
		once = !truthy(&v);
	else if (v.kind == VAL_JSON &&
		 json_object_is_type(v.obj, json_type_array)) {
		size_t n = json_object_array_length(v.obj);
		for (size_t k = 0; k < n; k++) {
			struct frame e = {json_object_array_get_idx(v.obj, k),
					  f, k, n};
			if (render_ops(set, t, i + 1, op->end, &e, depth, out) <
			    0)
				return -1;
		}
		return 0;
	} else if (v.kind == VAL_JSON &&
		   json_object_is_type(v.obj, json_type_object)) {
		struct frame e = {v.obj, f, 0, 0};
		return render_ops(set, t, i + 1, op->end, &e, depth, out);
	} else
		once = truthy(&v);
	return once ? render_ops(set, t, i + 1, op->end, f, depth, out) : 0;
}

static int render_ops(const struct tmpl_set *set, const struct tmpl *t,
		      size_t i, size_t end, const struct frame *f, int depth,
		      struct buf *out)
{
	while (i < end) {
		const struct op *op = &t->ops[i];
		const struct tmpl *sub;
		int rc = 0;
		switch (op->kind) {
		case OP_TEXT:
			rc = buf_append(out, op->text, op->len);
			break;
		case OP_VAR:
			rc = put_var(out, op, f);
			break;
		case OP_PARTIAL:
			if (depth >= TMPL_MAX_PARTIAL_DEPTH)
				return -1;
			sub = &set->t[op->partial];
			rc = render_ops(set, sub, 0, sub->nops, f, depth + 1,
					out);
			break;
		case OP_SECTION:
			rc = render_section(set, t, i, f, depth, out);
			i = op->end;
			break;
		}
		if (rc < 0)
			return -1;
		if (op->kind != OP_SECTION)
			i++;
	}
	return 0;
}

int tmpl_render(const struct tmpl_set *set, const char *name,
		struct json_object *data, struct buf *out)
{
	const struct tmpl *t = tmpl_find(set, name);
	if (!t)
		return -1;
	struct frame root = {data, NULL, 0, 0};
	size_t len = out->len;
	if (render_ops(set, t, 0, t->nops, &root, 0, out) < 0) {
		/* Half a page must never be sent: give back what was there.
		 * buf.h has no truncate, but its struct is public. */
		out->len = len;
		if (out->data)
			out->data[len] = '\0';
		return -1;
	}
	return 0;
}
