// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page.c - HTML answers. See page.h.
 */
#include "portal/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/fault.h"
#include "core/sessions.h"
#include "portal/cookie.h"
#include "portal/form.h"
#include "portal/passphrase_policy.h"
#include "portal/template.h"

struct tmpl_set *page_templates;

/* Scripts and styles only from our own files, no inline code at all, so
 * an injected <script> would not run even if escaping ever failed. */
#define PAGE_CSP "default-src 'none'; script-src 'self'; style-src 'self';" \
	" img-src 'self' data:; connect-src 'self'; form-action 'self';" \
	" frame-ancestors 'none'; base-uri 'none'"

void page_security_headers(struct response *rs)
{
	response_header(rs, "Content-Security-Policy", PAGE_CSP);
	response_header(rs, "X-Frame-Options", "DENY");
	response_header(rs, "Referrer-Policy", "no-referrer");
}

static struct json_object *page_me(const struct session *s)
{
	struct json_object *me = json_object_new_object();
	json_object_object_add(me, "username", json_object_new_string(s->username));
	json_object_object_add(me, "staff", json_object_new_boolean(s->staff));
	if (s->staff) {
		json_object_object_add(me, "role", json_object_new_string(s->role));
		json_object_object_add(me, "admin",
				       json_object_new_boolean(strcmp(s->role, "admin") == 0));
		json_object_object_add(me, "operator",
				       json_object_new_boolean(strcmp(s->role, "readonly") != 0));
		/* The buttons that hand out passphrases, from the policy that
		 * the dispatcher enforces. */
		json_object_object_add(me, "key_card", json_object_new_boolean(
			passphrase_policy_allows(s->role, PASSPHRASE_KEY_CARD)));
		json_object_object_add(me, "cards", json_object_new_boolean(
			passphrase_policy_allows(s->role, PASSPHRASE_CARDS)));
		json_object_object_add(me, "keys_csv", json_object_new_boolean(
			passphrase_policy_allows(s->role, PASSPHRASE_CSV)));
	}
	return me;
}

void page_render(struct request *rq, struct response *rs, int status,
		 const char *name, struct json_object *data)
{
	if (!data)
		data = json_object_new_object();
	int staff_area = strncmp(rq->path, "/staff", 6) == 0;
	json_object_object_add(data, "csrf", json_object_new_string(rq->csrf ? rq->csrf : ""));
	if (rq->session)
		json_object_object_add(data, "me", page_me(rq->session));
	json_object_object_add(data, "isp_name", json_object_new_string(rq->cfg->isp_name));
	json_object_object_add(data, "area", json_object_new_string(staff_area ? "staff" : "portal"));
	json_object_object_add(data, staff_area ? "in_staff" : "in_portal",
			       json_object_new_boolean(1));
	buf_reset(&rs->body);
	if (tmpl_render(page_templates, name, data, &rs->body) < 0) {
		buf_reset(&rs->body);
		buf_append_str(&rs->body, "The page could not be shown.\n");
		rs->status = 500;
		rs->content_type = "text/plain; charset=utf-8";
		fprintf(stderr, "mpsk: template %s failed to render\n", name);
	} else {
		rs->status = status;
		rs->content_type = "text/html; charset=utf-8";
	}
	json_object_put(data);
	page_security_headers(rs);
}

void page_redirect(struct response *rs, const char *location)
{
	rs->status = 303;
	rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	response_header(rs, "Location", location);
	page_security_headers(rs);
}

void page_error(struct request *rq, struct response *rs, int status,
		const char *message)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "status", json_object_new_int(status));
	json_object_object_add(d, "message", json_object_new_string(message));
	json_object_object_add(d, "title", json_object_new_string(http_status_text(status)));
	if (!page_templates) {
		/* Only before start-up finished (tests of the router). */
		json_object_put(d);
		rs->status = status;
		rs->content_type = "text/plain; charset=utf-8";
		buf_reset(&rs->body);
		buf_printf(&rs->body, "%s\n", message);
		page_security_headers(rs);
		return;
	}
	page_render(rq, rs, status, "error", d);
}

void page_fault(struct request *rq, struct response *rs, const struct fault *f)
{
	if (f && f->status >= 400 && f->status < 500)
		page_error(rq, rs, f->status, f->detail);
	else
		page_error(rq, rs, 503, "The service is unavailable; try again shortly.");
}

void page_attachment(struct response *rs, const char *type, const char *filename)
{
	char disposition[160];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
	rs->status = 200;
	rs->content_type = type;
	response_header(rs, "Content-Disposition", disposition);
	page_security_headers(rs);
}

void page_cookie(struct request *rq, struct response *rs, const char *name,
		 const char *value, const char *path, long max_age)
{
	char text[256];
	if (cookie_format(text, sizeof text, name, value, path, max_age,
			  rq->https) == 0)
		response_header(rs, "Set-Cookie", text);
}

const char *page_field(const struct request *rq, const char *name)
{
	const char *v = rq->form ? form_get(rq->form, name) : NULL;
	return v ? v : "";
}

size_t page_field_count(const struct request *rq, const char *name)
{
	return rq->form ? form_count(rq->form, name) : 0;
}

const char *page_field_nth(const struct request *rq, const char *name, size_t i)
{
	const char *v = rq->form ? form_get_nth(rq->form, name, i) : NULL;
	return v ? v : "";
}

const char *page_query(const struct request *rq, const char *name, char *out,
		       size_t outlen)
{
	if (request_query(rq, name, out, outlen) != 1)
		out[0] = '\0';
	return out;
}

long long page_id(const struct request *rq, int i)
{
	if (i >= rq->nparams)
		return 0;
	const char *s = rq->params[i];
	if (!*s || strlen(s) > 10 || strspn(s, "0123456789") != strlen(s) || *s == '0')
		return 0;
	return strtoll(s, NULL, 10);
}

const char *page_actor(const struct request *rq, char *out, size_t outlen)
{
	const struct session *s = rq->session;
	snprintf(out, outlen, "%s:%s", s && s->staff ? "staff" : "tenant",
		 s ? s->username : "-");
	return out;
}

struct keygen page_keygen(const struct request *rq)
{
	struct keygen gen = { rq->cfg->passphrase_length,
			      rq->cfg->passphrase_alphabet };
	return gen;
}

void page_done_notice(const struct request *rq, struct json_object *data,
		      const char *const messages[][2])
{
	char done[32];
	page_query(rq, "done", done, sizeof done);
	for (size_t i = 0; *done && messages[i][0]; i++)
		if (strcmp(messages[i][0], done) == 0)
			json_object_object_add(data, "notice",
					       json_object_new_string(messages[i][1]));
}
