// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * portal.c - page dispatch: route, session, access, CSRF. See portal.h.
 */
#include "portal/portal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/codes.h"
#include "core/config.h"
#include "core/password.h"
#include "core/sessions.h"
#include "core/utf8.h"
#include "portal/cookie.h"
#include "portal/form.h"
#include "portal/page.h"
#include "portal/passphrase_policy.h"
#include "portal/portal_session.h"
#include "portal/static_files.h"
#include "portal/template.h"
#include "server/router.h"

int portal_init(const struct config *cfg)
{
	char err[512];
	/* Here rather than per request: one limit for the whole process,
	 * whichever front door a sign-in comes through. */
	password_gate_limit(cfg->signin_hash_concurrency);
	page_templates = tmpl_load(cfg->templates_dir, err, sizeof err);
	if (!page_templates) {
		fprintf(stderr, "mpsk: templates: %s\n", err);
		return -1;
	}
	return 0;
}

void portal_end(void)
{
	tmpl_free(page_templates);
	page_templates = NULL;
}

static const struct page_route *portal_find(struct request *rq,
					    struct response *rs)
{
	size_t count;
	const struct page_route *routes = portal_routes(&count);
	char allow[64] = "";
	size_t allow_len = 0;
	for (size_t i = 0; i < count; i++) {
		if (!router_match(routes[i].pattern, rq->path, rq))
			continue;
		if (strcmp(routes[i].method, rq->method) == 0)
			return &routes[i];
		allow_len += (size_t)snprintf(allow + allow_len, sizeof allow - allow_len,
					      "%s%s", allow_len ? ", " : "",
					      routes[i].method);
		if (allow_len >= sizeof allow)
			allow_len = sizeof allow - 1;
	}
	if (allow_len) {
		response_header(rs, "Allow", allow);
		page_error(rq, rs, 405, "That is not something this page does.");
	} else {
		page_error(rq, rs, 404, "There is no such page.");
	}
	return NULL;
}

/* Whether the signed-in account may open a page of this access level;
 * answers (redirect to sign-in, or 403) when not. */
static int portal_allowed(struct request *rq, struct response *rs,
			  enum page_access access, int staff_area)
{
	const struct session *s = rq->session;
	if (access == PAGE_PUBLIC)
		return 1;
	if (!s) {
		page_redirect(rs, staff_area ? "/staff/signin" : "/portal/signin");
		return 0;
	}
	int ok = access == PAGE_TENANT ? !s->staff
		: !s->staff ? 0
		: access == PAGE_STAFF ? 1
		: access == PAGE_OPERATOR ? strcmp(s->role, "readonly") != 0
		: access == PAGE_KEY_CARD ? passphrase_policy_allows(s->role, PASSPHRASE_KEY_CARD)
		: access == PAGE_CARDS ? passphrase_policy_allows(s->role, PASSPHRASE_CARDS)
		: access == PAGE_KEYS_CSV ? passphrase_policy_allows(s->role, PASSPHRASE_CSV)
		: strcmp(s->role, "admin") == 0;
	if (!ok)
		page_error(rq, rs, 403, "Your role does not allow this.");
	return ok;
}

/* The POST's form and its CSRF token; answers when either is wrong. */
static int portal_read_form(struct request *rq, struct response *rs,
			    struct form *form)
{
	const char *type = request_header(rq, "Content-Type");
	if (rq->body_too_large) {
		page_error(rq, rs, 413, "The form is too large.");
		return 0;
	}
	if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
		page_error(rq, rs, 415, "Send the form as the page does.");
		return 0;
	}
	if (form_parse(rq->body ? rq->body : "", rq->body_len, form) < 0) {
		page_error(rq, rs, 400, "The form could not be read.");
		return 0;
	}
	rq->form = form;
	const char *token = form_get(form, "csrf");
	if (!token || !rq->csrf || !token_equal(token, rq->csrf)) {
		page_error(rq, rs, 403,
			   "This form has expired or did not come from this site. "
			   "Go back, reload the page and try again.");
		return 0;
	}
	return 1;
}

void portal_unavailable(struct request *rq, struct response *rs)
{
	if (strncmp(rq->path, "/static/", 8) == 0) {
		static_serve(rq, rs);
		return;
	}
	page_error(rq, rs, 503, "The service is unavailable; try again shortly.");
	response_header(rs, "Retry-After", "10");
}

void portal_dispatch(struct request *rq, struct response *rs)
{
	if (!utf8_valid((const unsigned char *)rq->path, strlen(rq->path))) {
		page_error(rq, rs, 404, "There is no such page.");
		return;
	}
	if (strcmp(rq->path, "/") == 0 || strcmp(rq->path, "/portal") == 0) {
		page_redirect(rs, "/portal/");
		return;
	}
	if (strcmp(rq->path, "/staff") == 0) {
		page_redirect(rs, "/staff/");
		return;
	}
	if (strncmp(rq->path, "/static/", 8) == 0) {
		static_serve(rq, rs);
		return;
	}
	const struct page_route *route = portal_find(rq, rs);
	if (!route)
		return;
	int staff_area = strncmp(rq->path, "/staff/", 7) == 0;
	struct session session;
	char pre[TOKEN_TEXT_LEN];
	if (portal_session_load(rq, rs, staff_area, &session, pre) < 0)
		return;
	if (!portal_allowed(rq, rs, route->access, staff_area))
		return;
	struct form form = { 0 };
	if (strcmp(rq->method, "POST") == 0 && !portal_read_form(rq, rs, &form)) {
		form_free(&form);
		return;
	}
	route->handler(rq, rs);
	rq->form = NULL;
	form_free(&form);
}
