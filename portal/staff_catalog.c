// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_catalog.c - the dashboard's plans, networks and NAS clients: list,
 * create, edit, delete, one code path for all three (they differ only in
 * their fields and core functions). Anyone on the staff can look; only
 * admins change them, since each change reaches every customer at once.
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_fields.h"
#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/nas.h"
#include "core/networks.h"
#include "core/plans.h"
#include "portal/form.h"
#include "portal/form_json.h"
#include "portal/page.h"

struct catalog {
	const char *path;          /* "/staff/plans" */
	const char *list_tmpl;     /* "staff_plans" */
	const char *edit_tmpl;     /* "staff_plan" */
	const char *title;
	const struct json_in_field *fields;
	const char *const *required;   /* on create */
	struct json_object *(*list)(struct db *db, struct fault *f);
	struct json_object *(*get)(struct db *db, const char *ref, struct fault *f);
	struct json_object *(*create)(struct db *db, const struct actor *who,
				      struct json_object *in, struct fault *f);
	struct json_object *(*update)(struct db *db, const struct actor *who,
				      const char *ref, struct json_object *in,
				      struct fault *f);
	int (*remove)(struct db *db, const struct actor *who, const char *ref,
		      struct fault *f);
	/* Optional: what the forms need beyond the item (choices), and the
	 * form's list fields, which form_json() leaves out. */
	int (*decorate)(struct request *rq, struct json_object *d,
			struct json_object *item, struct fault *f);
	void (*form_lists)(const struct form *form, struct json_object *in);
};

/* Networks and NAS clients are known by id, plans by name: adapters give
 * all three the same shape. */
static long long catalog_id(const char *ref)
{
	char *end;
	long long id = strtoll(ref, &end, 10);
	return *ref && !*end && id > 0 ? id : 0;
}

static struct json_object *catalog_network_get(struct db *db, const char *ref,
					       struct fault *f)
{
	return networks_get_json(db, catalog_id(ref), f);
}

static struct json_object *catalog_network_update(struct db *db, const struct actor *who,
						  const char *ref, struct json_object *in,
						  struct fault *f)
{
	return networks_update(db, who, catalog_id(ref), in, f);
}

static int catalog_network_remove(struct db *db, const struct actor *who,
				  const char *ref, struct fault *f)
{
	return networks_delete(db, who, catalog_id(ref), f);
}

static struct json_object *catalog_nas_get(struct db *db, const char *ref,
					   struct fault *f)
{
	return nas_get_json(db, catalog_id(ref), f);
}

static struct json_object *catalog_nas_update(struct db *db, const struct actor *who,
					      const char *ref, struct json_object *in,
					      struct fault *f)
{
	return nas_update(db, who, catalog_id(ref), in, f);
}

static int catalog_nas_remove(struct db *db, const struct actor *who,
			      const char *ref, struct fault *f)
{
	return nas_delete(db, who, catalog_id(ref), f);
}

/* 1 when id is in the JSON array a (of ids), or among the form's
 * "networks" values when a is NULL. */
static int catalog_nas_has(const struct request *rq, struct json_object *a, long long id)
{
	if (a) {
		for (size_t i = 0; i < json_object_array_length(a); i++)
			if (json_object_get_int64(json_object_array_get_idx(a, i)) == id)
				return 1;
		return 0;
	}
	char want[24];
	snprintf(want, sizeof want, "%lld", id);
	for (size_t i = 0; rq->form && i < form_count(rq->form, "networks"); i++)
		if (strcmp(form_get_nth(rq->form, "networks", i), want) == 0)
			return 1;
	return 0;
}

/* The NAS form's network choices: every network, ticked when the NAS
 * (item) serves it, or when the refused form had it ticked. */
static int catalog_nas_decorate(struct request *rq, struct json_object *d,
				struct json_object *item, struct fault *f)
{
	struct json_object *nets = networks_list(rq->db, f);
	if (!nets)
		return -1;
	struct json_object *served = NULL;
	if (item)
		json_object_object_get_ex(item, "networks", &served);
	struct json_object *choices = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(nets); i++) {
		struct json_object *n = json_object_array_get_idx(nets, i), *v;
		struct json_object *c = json_object_new_object();
		long long id = json_object_object_get_ex(n, "id", &v) ? json_object_get_int64(v) : 0;
		json_object_object_add(c, "id", json_object_new_int64(id));
		if (json_object_object_get_ex(n, "ssid", &v))
			json_object_object_add(c, "ssid", json_object_get(v));
		json_object_object_add(c, "on", json_object_new_boolean(
			(item || rq->form) && catalog_nas_has(rq, item ? served : NULL, id)));
		json_object_array_add(choices, c);
	}
	json_object_put(nets);
	json_object_object_add(d, "network_choices", choices);
	return 0;
}

/* The ticked network boxes as "networks": [ids] (none ticked: all). */
static void catalog_nas_form_lists(const struct form *form, struct json_object *in)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < form_count(form, "networks") && i < 64; i++) {
		char *end;
		long long id = strtoll(form_get_nth(form, "networks", i), &end, 10);
		if (*end == '\0' && id > 0)
			json_object_array_add(a, json_object_new_int64(id));
	}
	json_object_object_add(in, "networks", a);
}

static const char *const catalog_plan_required[] = { "name", NULL };
static const char *const catalog_network_required[] = { "ssid", NULL };
/* No secret: the server makes one and the page shows it once. */
static const char *const catalog_nas_required[] = { "name", "address", NULL };

static const struct catalog catalogs[] = {
	{ "/staff/plans", "staff_plans", "staff_plan", "Plans", api_plans_fields,
	  catalog_plan_required, plans_list, plans_get_json, plans_create,
	  plans_update, plans_delete, NULL, NULL },
	{ "/staff/networks", "staff_networks", "staff_network", "Networks",
	  api_networks_fields, catalog_network_required, networks_list,
	  catalog_network_get, networks_create, catalog_network_update,
	  catalog_network_remove, NULL, NULL },
	{ "/staff/nas", "staff_nas", "staff_nas_edit", "NAS clients",
	  api_nas_fields, catalog_nas_required, nas_list, catalog_nas_get,
	  nas_create, catalog_nas_update, catalog_nas_remove,
	  catalog_nas_decorate, catalog_nas_form_lists },
};

static const struct catalog *catalog_of(const struct request *rq)
{
	for (size_t i = 0; i < sizeof catalogs / sizeof catalogs[0]; i++) {
		size_t n = strlen(catalogs[i].path);
		if (strncmp(rq->path, catalogs[i].path, n) == 0 &&
		    (rq->path[n] == '\0' || rq->path[n] == '/'))
			return &catalogs[i];
	}
	return NULL;
}

/* The list page, with the create form's error and values when refused. */
static void catalog_list_page(struct request *rq, struct response *rs,
			      const struct catalog *c, int status,
			      const struct fault *refused, struct json_object *made)
{
	struct fault f = { 0 };
	struct json_object *items = c->list(rq->db, &f);
	if (!items) {
		page_fault(rq, rs, &f);
		return;
	}
	struct json_object *d = json_object_new_object();
	if (c->decorate && c->decorate(rq, d, NULL, &f) < 0) {
		json_object_put(items);
		json_object_put(d);
		page_fault(rq, rs, &f);
		return;
	}
	/* A secret the server made: on this page, once, never again. */
	if (made)
		json_object_object_add(d, "made", json_object_get(made));
	json_object_object_add(d, "items", items);
	json_object_object_add(d, "title", json_object_new_string(c->title));
	if (refused) {
		json_object_object_add(d, "error", json_object_new_string(refused->detail));
		struct json_object *typed = json_object_new_object();
		for (const struct json_in_field *fd = c->fields; fd->name; fd++)
			if (strcmp(fd->name, "secret") != 0)
				json_object_object_add(typed, fd->name,
						       json_object_new_string(page_field(rq, fd->name)));
		json_object_object_add(d, "typed", typed);
	}
	static const char *const notices[][2] = {
		{ "created", "Created." }, { "saved", "Saved." }, { "deleted", "Deleted." },
		{ NULL, NULL },
	};
	page_done_notice(rq, d, notices);
	page_render(rq, rs, status, c->list_tmpl, d);
}

void staff_catalog_list(struct request *rq, struct response *rs)
{
	catalog_list_page(rq, rs, catalog_of(rq), 200, NULL, NULL);
}

static struct actor catalog_actor(const struct request *rq, char *name, size_t len)
{
	struct actor who = { page_actor(rq, name, len), rq->remote_addr };
	return who;
}

void staff_catalog_create(struct request *rq, struct response *rs)
{
	const struct catalog *c = catalog_of(rq);
	struct fault f = { 0 };
	char actor[160];
	struct actor who = catalog_actor(rq, actor, sizeof actor);
	struct json_object *in = form_json(rq->form, c->fields, NULL, &f);
	if (in && c->form_lists)
		c->form_lists(rq->form, in);
	for (const char *const *r = c->required; in && *r; r++)
		if (!json_object_object_get_ex(in, *r, NULL)) {
			fault_set(&f, 422, "missing_field", *r, "%s is required.", *r);
			json_object_put(in);
			in = NULL;
		}
	struct json_object *out = in ? c->create(rq->db, &who, in, &f) : NULL;
	json_object_put(in);
	if (!out) {
		if (f.status >= 500)
			page_fault(rq, rs, &f);
		else
			catalog_list_page(rq, rs, c, 422, &f, NULL);
		return;
	}
	struct json_object *secret;
	if (json_object_object_get_ex(out, "secret", &secret)) {
		/* The page answers the POST itself (no redirect, no-store),
		 * so a reload cannot show the secret again. */
		catalog_list_page(rq, rs, c, 201, NULL, out);
		json_object_put(out);
		return;
	}
	json_object_put(out);
	char location[64];
	snprintf(location, sizeof location, "%s?done=created", c->path);
	page_redirect(rs, location);
}

static void catalog_edit_page(struct request *rq, struct response *rs,
			      const struct catalog *c, int status,
			      const struct fault *refused)
{
	struct fault f = { 0 };
	struct json_object *item = c->get(rq->db, rq->params[0], &f);
	if (!item) {
		page_fault(rq, rs, &f);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "item", item);
	json_object_object_add(d, "ref", json_object_new_string(rq->params[0]));
	json_object_object_add(d, "title", json_object_new_string(c->title));
	if (refused)
		json_object_object_add(d, "error", json_object_new_string(refused->detail));
	if (c->decorate && c->decorate(rq, d, item, &f) < 0) {
		json_object_put(d);
		page_fault(rq, rs, &f);
		return;
	}
	page_render(rq, rs, status, c->edit_tmpl, d);
}

void staff_catalog_edit(struct request *rq, struct response *rs)
{
	catalog_edit_page(rq, rs, catalog_of(rq), 200, NULL);
}

void staff_catalog_update(struct request *rq, struct response *rs)
{
	const struct catalog *c = catalog_of(rq);
	struct fault f = { 0 };
	char actor[160];
	struct actor who = catalog_actor(rq, actor, sizeof actor);
	struct json_object *in = form_json(rq->form, c->fields, NULL, &f);
	if (in && c->form_lists)
		c->form_lists(rq->form, in);
	struct json_object *out = in ? c->update(rq->db, &who, rq->params[0], in, &f) : NULL;
	json_object_put(in);
	if (!out) {
		if (f.status == 422 || f.status == 409)
			catalog_edit_page(rq, rs, c, f.status, &f);
		else
			page_fault(rq, rs, &f);
		return;
	}
	json_object_put(out);
	char location[64];
	snprintf(location, sizeof location, "%s?done=saved", c->path);
	page_redirect(rs, location);
}

void staff_catalog_delete(struct request *rq, struct response *rs)
{
	const struct catalog *c = catalog_of(rq);
	struct fault f = { 0 };
	char actor[160];
	struct actor who = catalog_actor(rq, actor, sizeof actor);
	if (c->remove(rq->db, &who, rq->params[0], &f) < 0) {
		if (f.status == 409)
			catalog_edit_page(rq, rs, c, 409, &f);
		else
			page_fault(rq, rs, &f);
		return;
	}
	char location[64];
	snprintf(location, sizeof location, "%s?done=deleted", c->path);
	page_redirect(rs, location);
}
