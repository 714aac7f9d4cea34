/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page.h - answering with HTML: render a template inside the layout,
 * redirect after a successful POST, or show an error page. Every answer
 * carries the security headers (a strict Content-Security-Policy, no
 * framing, no referrer) and is never cached.
 */
#ifndef MPSK_PORTAL_PAGE_H
#define MPSK_PORTAL_PAGE_H

#include <json.h>

#include "core/keys.h"

#include "server/http.h"

struct tmpl_set;

/* The loaded templates (portal.c sets it at start-up). */
extern struct tmpl_set *page_templates;

/*
 * page_render - render template name with data (consumed; NULL: empty)
 * as the whole answer. Adds to data what every page needs: "csrf", "me"
 * (the signed-in account, with "staff", "admin", "operator" flags, and
 * "key_card", "cards", "keys_csv" from passphrase_policy.h),
 * "isp_name", "area" ("portal" or "staff") and "title" when unset.
 */
void page_render(struct request *rq, struct response *rs, int status,
		 const char *name, struct json_object *data);

/* 303 See Other to location (a path of ours). */
void page_redirect(struct response *rs, const char *location);

/* An error page with a short message for people. */
void page_error(struct request *rq, struct response *rs, int status,
		const char *message);

/* Answer an operation that failed: with its own message and status when
 * it was refused (f->status 4xx), else 503 "unavailable" (a database
 * failure, or f NULL). */
void page_fault(struct request *rq, struct response *rs, const struct fault *f);

/* Make the answer a download: status 200, type, and Content-Disposition
 * with filename (a plain name of ours). The body is already in rs. */
void page_attachment(struct response *rs, const char *type, const char *filename);

/* The headers every HTML answer carries. */
void page_security_headers(struct response *rs);

/* Set a cookie on the response (HttpOnly, SameSite=Strict, Secure over
 * TLS); max_age < 0: a browser-session cookie, 0: delete it. */
void page_cookie(struct request *rq, struct response *rs, const char *name,
		 const char *value, const char *path, long max_age);

/* A form field of the POST, or "" when absent. */
const char *page_field(const struct request *rq, const char *name);

/* How many fields of the POST are called name (checkbox lists), and the
 * i-th of them. */
size_t page_field_count(const struct request *rq, const char *name);
const char *page_field_nth(const struct request *rq, const char *name, size_t i);

/* A decoded query argument into out; "" when absent or malformed. */
const char *page_query(const struct request *rq, const char *name, char *out,
		       size_t outlen);

/* The audit log's name for the signed-in account ("tenant:ann",
 * "staff:bob") in out. */
const char *page_actor(const struct request *rq, char *out, size_t outlen);

/* The generator settings for new passphrases. */
struct keygen page_keygen(const struct request *rq);

/* Append a notice for ?done=<code> of a redirect after a POST: the
 * message is looked up in messages ({code, text} pairs, NULL-ended), so
 * nothing from the URL is shown. */
void page_done_notice(const struct request *rq, struct json_object *data,
		      const char *const messages[][2]);

/* The {} segment i of the path as a positive id, or 0 when it is not one
 * (the handler then answers 404). */
long long page_id(const struct request *rq, int i);

#endif
