// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_conflicts.c - device conflicts in the dashboard: MACs a tenant
 * asked for while another customer held them (see core/device_conflicts.h).
 * Every staff member sees the list; operators and admins resolve: move
 * the device to the requester, or keep it with its holder.
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/device_conflicts.h"
#include "core/fault.h"
#include "portal/page.h"

static const char *const staff_conflicts_notices[][2] = {
	{ "moved", "The device is moved to the customer who asked for it." },
	{ "kept", "The device stays with its holder; the request is closed." },
	{ NULL, NULL },
};

void staff_conflicts(struct request *rq, struct response *rs)
{
	struct fault f = { 0 };
	struct json_object *open = device_conflicts_list(rq->db, 1, &f);
	struct json_object *done = open ? device_conflicts_list(rq->db, 0, &f) : NULL;
	if (!open || !done) {
		json_object_put(open);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "open", open);
	json_object_object_add(d, "resolved", done);
	json_object_object_add(d, "title", json_object_new_string("Device conflicts"));
	page_done_notice(rq, d, staff_conflicts_notices);
	page_render(rq, rs, 200, "staff_conflicts", d);
}

void staff_conflict_resolve(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	if (id <= 0) {
		page_error(rq, rs, 404, "There is no such conflict.");
		return;
	}
	const char *resolution = page_field(rq, "resolution");
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct keygen gen = page_keygen(rq);
	struct fault f = { 0 };
	if (device_conflicts_resolve(rq->db, &who, id, resolution, &gen, &f) < 0) {
		page_fault(rq, rs, &f);
		return;
	}
	page_redirect(rs, strcmp(resolution, "moved") == 0
		      ? "/staff/conflicts?done=moved" : "/staff/conflicts?done=kept");
}
