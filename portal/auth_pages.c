// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * auth_pages.c - signing in and out, first access with an activation
 * code, self-registration with an invitation, changing the password; the
 * same pages serve tenants (/portal/...) and staff (/staff/...).
 */
#include "portal/pages.h"

#include <stdio.h>
#include <string.h>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/fault.h"
#include "core/keys.h"
#include "core/sessions.h"
#include "portal/page.h"
#include "portal/portal_session.h"

static int auth_staff_area(const struct request *rq)
{
	return strncmp(rq->path, "/staff/", 7) == 0;
}

static const char *auth_home(int staff_area)
{
	return staff_area ? "/staff/" : "/portal/";
}

/* The <title> of each form page. */
static struct json_object *auth_data(const char *name)
{
	static const char *const titles[][2] = {
		{ "signin", "Sign in" }, { "activate", "Activate your account" },
		{ "signup", "Sign up" }, { "password", "Change your password" },
	};
	struct json_object *d = json_object_new_object();
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strcmp(titles[i][0], name) == 0)
			json_object_object_add(d, "title",
					       json_object_new_string(titles[i][1]));
	return d;
}

/* Render form page name again with a message and the fields typed so far
 * (never the passwords). */
static void auth_form(struct request *rq, struct response *rs, int status,
		      const char *name, const char *message,
		      const char *const *keep)
{
	struct json_object *d = auth_data(name);
	if (message)
		json_object_object_add(d, "error", json_object_new_string(message));
	for (; keep && *keep; keep++)
		json_object_object_add(d, *keep,
				       json_object_new_string(page_field(rq, *keep)));
	page_render(rq, rs, status, name, d);
}

void auth_signin_form(struct request *rq, struct response *rs)
{
	if (rq->session) {
		page_redirect(rs, auth_home(auth_staff_area(rq)));
		return;
	}
	char done[16];
	struct json_object *d = auth_data("signin");
	page_query(rq, "done", done, sizeof done);
	if (strcmp(done, "signedout") == 0)
		json_object_object_add(d, "notice", json_object_new_string("You are signed out."));
	else if (strcmp(done, "activated") == 0)
		json_object_object_add(d, "notice",
				       json_object_new_string("Your password is set. Sign in with it."));
	page_render(rq, rs, 200, "signin", d);
}

/* The one answer to every refused sign-in, whether the username exists
 * or not, the password was wrong or a budget was used up: the same status,
 * words and page, so none of them tells which usernames exist. */
#define AUTH_SIGNIN_REFUSED "The username or password is wrong, or there were too many " \
	"tries from your network. Check them and try again in a few minutes."

/* The hashing gate was full: nothing about the account was looked at, so
 * an honest 503 tells nothing either. The form again with what was typed,
 * and Retry-After for whatever can read it. */
static void auth_busy(struct request *rq, struct response *rs, const char *name,
		      const char *message, const char *const *keep)
{
	auth_form(rq, rs, 503, name, message, keep);
	response_header(rs, "Retry-After", "5");
}

/* One line per sign-in for the operator (and fail2ban): the outcome,
 * whether a password was hashed, and the peer; never the username, which
 * is sometimes a password typed in the wrong box. */
static void auth_log_signin(const struct request *rq, int staff_area,
			    enum signin_result r)
{
	static const char *const outcome[] = {
		[SIGNIN_OK] = "ok", [SIGNIN_REFUSED] = "refused",
		[SIGNIN_THROTTLED] = "throttled", [SIGNIN_BUSY] = "busy",
		[SIGNIN_ERROR] = "error",
	};
	int hashed = r == SIGNIN_OK || r == SIGNIN_REFUSED;
	fprintf(stderr, "mpsk: signin area=%s result=%s hashed=%d from=%s\n",
		staff_area ? "staff" : "portal", outcome[r], hashed,
		rq->remote_addr ? rq->remote_addr : "-");
}

void auth_signin(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "username", NULL };
	int staff_area = auth_staff_area(rq);
	struct signin_limits lim = portal_signin_limits(rq);
	long long id = 0;
	enum signin_result r = accounts_signin(rq->db, staff_area,
					       page_field(rq, "username"),
					       page_field(rq, "password"),
					       rq->remote_addr, &lim, &id);
	auth_log_signin(rq, staff_area, r);
	switch (r) {
	case SIGNIN_OK:
		if (portal_session_start(rq, rs, staff_area, id) == 0)
			page_redirect(rs, auth_home(staff_area));
		return;
	case SIGNIN_REFUSED:
	case SIGNIN_THROTTLED:
		auth_form(rq, rs, 401, "signin", AUTH_SIGNIN_REFUSED, keep);
		return;
	case SIGNIN_BUSY:
		auth_busy(rq, rs, "signin", ACCOUNTS_BUSY_TEXT, keep);
		return;
	case SIGNIN_ERROR:
		break;
	}
	page_fault(rq, rs, NULL);
}

void auth_signout(struct request *rq, struct response *rs)
{
	int staff_area = auth_staff_area(rq);
	portal_session_end(rq, rs, staff_area);
	page_redirect(rs, staff_area ? "/staff/signin?done=signedout"
				     : "/portal/signin?done=signedout");
}

/* The end of activation and sign-up: refused (the form again, with why)
 * or done (a fresh session, then the area's home). */
static void auth_finish(struct request *rq, struct response *rs, long long id,
			const struct fault *f, const char *name,
			const char *const *keep, int staff_area, const char *home)
{
	if (id < 0) {
		if (f->status == 503)
			auth_busy(rq, rs, name, f->detail, keep);
		else if (f->status >= 500)
			page_fault(rq, rs, NULL);
		else
			auth_form(rq, rs, 422, name, f->detail, keep);
		return;
	}
	if (portal_session_start(rq, rs, staff_area, id) == 0)
		page_redirect(rs, home);
}

/* 1 when the two password boxes agree; else the form again. */
static int auth_same_passwords(struct request *rq, struct response *rs,
			       const char *name, const char *const *keep)
{
	if (strcmp(page_field(rq, "password"), page_field(rq, "password2")) == 0)
		return 1;
	auth_form(rq, rs, 422, name, "The two passwords differ.", keep);
	return 0;
}

void auth_activate_form(struct request *rq, struct response *rs)
{
	char code[64];
	struct json_object *d = auth_data("activate");
	page_query(rq, "code", code, sizeof code);
	json_object_object_add(d, "code", json_object_new_string(code));
	page_render(rq, rs, 200, "activate", d);
}

void auth_activate(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "code", "username", NULL };
	int staff_area = auth_staff_area(rq);
	struct fault f = { 0 };
	struct actor who = { "portal:activate", rq->remote_addr };
	if (!auth_same_passwords(rq, rs, "activate", keep))
		return;
	long long id = accounts_activate(rq->db, &who, page_field(rq, "code"),
					 staff_area ? NULL : page_field(rq, "username"),
					 page_field(rq, "password"), &f);
	auth_finish(rq, rs, id, &f, "activate", keep, staff_area, auth_home(staff_area));
}

void auth_signup_form(struct request *rq, struct response *rs)
{
	char code[64];
	struct json_object *d = auth_data("signup");
	page_query(rq, "code", code, sizeof code);
	json_object_object_add(d, "code", json_object_new_string(code));
	page_render(rq, rs, 200, "signup", d);
}

void auth_signup(struct request *rq, struct response *rs)
{
	static const char *const keep[] = { "code", "name", "email", "unit",
					    "username", NULL };
	struct fault f = { 0 };
	struct actor who = { "portal:signup", rq->remote_addr };
	if (!auth_same_passwords(rq, rs, "signup", keep))
		return;
	struct signup in = {
		.code = page_field(rq, "code"), .name = page_field(rq, "name"),
		.email = page_field(rq, "email"), .unit = page_field(rq, "unit"),
		.username = page_field(rq, "username"),
		.password = page_field(rq, "password"),
	};
	struct keygen gen = { rq->cfg->passphrase_length, rq->cfg->passphrase_alphabet };
	long long id = accounts_signup(rq->db, &who, &in, &gen, &f);
	auth_finish(rq, rs, id, &f, "signup", keep, 0, "/portal/keys?done=welcome");
}

void auth_password_form(struct request *rq, struct response *rs)
{
	page_render(rq, rs, 200, "password", auth_data("password"));
}

void auth_password(struct request *rq, struct response *rs)
{
	int staff_area = auth_staff_area(rq);
	struct fault f = { 0 };
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	if (!auth_same_passwords(rq, rs, "password", NULL))
		return;
	if (accounts_change_password(rq->db, &who, rq->session->account_id,
				     page_field(rq, "current"),
				     page_field(rq, "password"), &f) < 0) {
		if (f.status == 503)
			auth_busy(rq, rs, "password", f.detail, NULL);
		else if (f.status >= 500)
			page_fault(rq, rs, NULL);
		else
			auth_form(rq, rs, 422, "password", f.detail, NULL);
		return;
	}
	/* Everyone else signed in as this account is signed out; this
	 * browser gets a fresh session. */
	sessions_end_account(rq->db, rq->session->account_id, NULL);
	if (portal_session_start(rq, rs, staff_area, rq->session->account_id) == 0)
		page_redirect(rs, staff_area ? "/staff/?done=password"
					     : "/portal/keys?done=password");
}
