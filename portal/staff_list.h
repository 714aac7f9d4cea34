/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * staff_list.h - what the dashboard's long lists share: the page number
 * from the query, and links to the previous and next page that keep the
 * filters.
 */
#ifndef MPSK_PORTAL_STAFF_LIST_H
#define MPSK_PORTAL_STAFF_LIST_H

#include <json.h>

#include "server/http.h"

#define STAFF_PER_PAGE 50

/* ?page= as a number from 1 (1 when absent or not a number). */
long long staff_page_number(const struct request *rq);

/*
 * staff_pager - {page, pages, total, prev, next} for a list of total rows
 * shown STAFF_PER_PAGE at a time; prev and next are links to this path
 * with the filters named in keep (NULL-terminated) as they are now.
 */
struct json_object *staff_pager(const struct request *rq, long long total,
				long long page, const char *const *keep);

/* Add the query's filters named in keep to d, for the filter form. */
void staff_filters(const struct request *rq, struct json_object *d,
		   const char *const *keep);

/* Render a list page: rows (consumed; NULL or total < 0 means the query
 * failed: 503) as "rows", with its pager and filters, in template tmpl. */
void staff_list_page(struct request *rq, struct response *rs,
		     struct json_object *rows, long long total, long long page,
		     const char *const *keep, const char *tmpl, const char *title);

#endif
