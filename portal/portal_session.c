// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * portal_session.c - session cookies and CSRF tokens. See portal_session.h.
 */
#include "portal/portal_session.h"

#include <string.h>

#include "core/config.h"
#include "portal/cookie.h"
#include "portal/page.h"

/*
 * Over TLS every cookie has the __Host- prefix: browsers then accept it
 * only with Secure, Path=/ and no Domain, so neither plain HTTP nor a
 * sibling subdomain can set (toss) one for us -- no planted session, no
 * planted pre-session CSRF token. The prefix needs Path=/, so over TLS
 * both areas' cookies go to every path; each area reads only its own
 * (and checks the session's area). Plain HTTP (development, the tests'
 * private nginx) keeps the bare names and per-area paths, because
 * browsers refuse __Host- cookies without Secure.
 */
static const char *portal_pre_cookie(const struct request *rq)
{
	return rq->https ? "__Host-mpsk_csrf" : "mpsk_csrf";
}

static const char *portal_cookie_name(const struct request *rq, int staff_area)
{
	if (rq->https)
		return staff_area ? "__Host-mpsk_staff" : "__Host-mpsk_tenant";
	return staff_area ? "mpsk_staff" : "mpsk_tenant";
}

static const char *portal_cookie_path(const struct request *rq, int staff_area)
{
	if (rq->https)
		return "/";
	return staff_area ? "/staff" : "/portal";
}

struct session_limits portal_session_limits(const struct request *rq)
{
	struct session_limits lim = {
		.idle_seconds = rq->cfg->session_idle_seconds,
		.max_seconds = rq->cfg->session_max_seconds,
	};
	return lim;
}

struct signin_limits portal_signin_limits(const struct request *rq)
{
	struct signin_limits lim = {
		.max_failures = rq->cfg->signin_max_failures,
		.lockout_seconds = rq->cfg->signin_lockout_seconds,
		.ip_max_failures = rq->cfg->signin_ip_max_failures,
		.ip_window_seconds = rq->cfg->signin_ip_window_seconds,
	};
	return lim;
}

/* The value of cookie name into out (TOKEN_TEXT_LEN); 1 found, else 0. */
static int portal_cookie(const struct request *rq, const char *name, char *out)
{
	const char *header = request_header(rq, "Cookie");
	return header && cookie_get(header, name, out, TOKEN_TEXT_LEN) == 1;
}

int portal_session_load(struct request *rq, struct response *rs,
			int staff_area, struct session *session,
			char pre[TOKEN_TEXT_LEN])
{
	char token[TOKEN_TEXT_LEN];
	rq->session = NULL;
	if (portal_cookie(rq, portal_cookie_name(rq, staff_area), token)) {
		struct session_limits lim = portal_session_limits(rq);
		int rc = sessions_find(rq->db, token, &lim, session);
		if (rc < 0) {
			page_fault(rq, rs, NULL);
			return -1;
		}
		if (rc == 1 && session->staff == staff_area)
			rq->session = session;
	}
	if (rq->session) {
		rq->csrf = session->csrf;
		return 0;
	}
	unsigned char digest[CODE_DIGEST_LEN];
	if (!portal_cookie(rq, portal_pre_cookie(rq), pre) || token_digest(pre, digest) < 0) {
		token_generate(pre);
		page_cookie(rq, rs, portal_pre_cookie(rq), pre, "/", -1);
	}
	rq->csrf = pre;
	return 0;
}

int portal_session_start(struct request *rq, struct response *rs,
			 int staff_area, long long account_id)
{
	char old[TOKEN_TEXT_LEN], token[TOKEN_TEXT_LEN];
	/* The new session's CSRF token must outlive this function: the
	 * answer may render a page with it. */
	static __thread char csrf[TOKEN_TEXT_LEN];
	if (portal_cookie(rq, portal_cookie_name(rq, staff_area), old))
		sessions_end(rq->db, old);
	struct session_limits lim = portal_session_limits(rq);
	if (sessions_create(rq->db, account_id, rq->remote_addr, &lim, token,
			    csrf) < 0) {
		page_fault(rq, rs, NULL);
		return -1;
	}
	page_cookie(rq, rs, portal_cookie_name(rq, staff_area), token,
		    portal_cookie_path(rq, staff_area), -1);
	rq->csrf = csrf;
	return 0;
}

void portal_session_end(struct request *rq, struct response *rs, int staff_area)
{
	char token[TOKEN_TEXT_LEN];
	if (portal_cookie(rq, portal_cookie_name(rq, staff_area), token))
		sessions_end(rq->db, token);
	page_cookie(rq, rs, portal_cookie_name(rq, staff_area), "",
		    portal_cookie_path(rq, staff_area), 0);
	rq->session = NULL;
}
