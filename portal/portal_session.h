/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * portal_session.h - the session cookie of each area and the CSRF token a
 * request's forms must carry.
 *
 * Tenants and staff have separate cookies (mpsk_tenant on /portal,
 * mpsk_staff on /staff), so one browser can be in both and a tenant's
 * cookie is never even sent to the dashboard. Visitors who are not signed
 * in get a random mpsk_csrf cookie that their forms (sign-in, activation,
 * sign-up) must repeat: a login CSRF needs both, and another site can set
 * neither.
 */
#ifndef MPSK_PORTAL_PORTAL_SESSION_H
#define MPSK_PORTAL_PORTAL_SESSION_H

#include "core/accounts.h"
#include "core/codes.h"
#include "core/sessions.h"
#include "server/http.h"

/*
 * portal_session_load - find the request's session and CSRF token.
 * @session: filled, and rq->session set to it, when the area's cookie
 *           names a current session of that area.
 * @pre:     holds the pre-session token when there is no session.
 *
 * Sets rq->csrf. Return: 0, or -1 with an error page (database down).
 */
int portal_session_load(struct request *rq, struct response *rs,
			int staff_area, struct session *session,
			char pre[TOKEN_TEXT_LEN]);

/* After a successful sign-in: end this browser's previous session of the
 * area, start a new one (a new id, so a planted cookie is useless) and set
 * its cookie. 0, or -1 with an error page. */
int portal_session_start(struct request *rq, struct response *rs,
			 int staff_area, long long account_id);

/* Sign-out: end the session and delete the cookie. */
void portal_session_end(struct request *rq, struct response *rs, int staff_area);

/* The limits from the configuration. */
struct session_limits portal_session_limits(const struct request *rq);
struct signin_limits portal_signin_limits(const struct request *rq);

#endif
