// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_list.c - paging and filters of the dashboard's lists. See
 * staff_list.h.
 */
#include "portal/staff_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "portal/page.h"

#define STAFF_FILTER_MAX 129

long long staff_page_number(const struct request *rq)
{
	char text[16];
	page_query(rq, "page", text, sizeof text);
	char *end;
	long long n = strtoll(text, &end, 10);
	return *text && !*end && n >= 1 && n <= 1000000 ? n : 1;
}

/* Percent-encode s into b (RFC 3986 unreserved characters stay). */
static void staff_url_encode(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			buf_append_char(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static struct json_object *staff_page_link(const struct request *rq,
					   long long page, const char *const *keep)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "%s?page=%lld", rq->path, page);
	for (; keep && *keep; keep++) {
		char value[STAFF_FILTER_MAX];
		page_query(rq, *keep, value, sizeof value);
		if (!*value)
			continue;
		buf_printf(&b, "&%s=", *keep);
		staff_url_encode(&b, value);
	}
	struct json_object *o = json_object_new_string(buf_str(&b));
	buf_free(&b);
	return o;
}

struct json_object *staff_pager(const struct request *rq, long long total,
				long long page, const char *const *keep)
{
	long long pages = total ? (total + STAFF_PER_PAGE - 1) / STAFF_PER_PAGE : 1;
	struct json_object *p = json_object_new_object();
	json_object_object_add(p, "page", json_object_new_int64(page));
	json_object_object_add(p, "pages", json_object_new_int64(pages));
	json_object_object_add(p, "total", json_object_new_int64(total));
	if (page > 1)
		json_object_object_add(p, "prev", staff_page_link(rq, page - 1, keep));
	if (page < pages)
		json_object_object_add(p, "next", staff_page_link(rq, page + 1, keep));
	return p;
}

void staff_filters(const struct request *rq, struct json_object *d,
		   const char *const *keep)
{
	struct json_object *f = json_object_new_object();
	for (; keep && *keep; keep++) {
		char value[STAFF_FILTER_MAX];
		page_query(rq, *keep, value, sizeof value);
		json_object_object_add(f, *keep, json_object_new_string(value));
	}
	json_object_object_add(d, "filter", f);
}

void staff_list_page(struct request *rq, struct response *rs,
			     struct json_object *rows, long long total,
			   long long page, const char *const *keep,
			   const char *tmpl, const char *title)
{
	if (!rows || total < 0) {
		json_object_put(rows);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "rows", rows);
	json_object_object_add(d, "pager", staff_pager(rq, total, page, keep));
	staff_filters(rq, d, keep);
	json_object_object_add(d, "title", json_object_new_string(title));
	page_render(rq, rs, 200, tmpl, d);
}
