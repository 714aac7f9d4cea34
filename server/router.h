/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * router.h - the one request router behind both front doors.
 *
 * Routes are a table (docs/STYLE.md rule 3): method, path pattern, handler and
 * the token scope the caller needs. Patterns are literal segments and "{}"
 * for one path parameter. The dispatcher authenticates and checks the scope;
 * handlers never re-check by hand.
 */
#ifndef MPSK_SERVER_ROUTER_H
#define MPSK_SERVER_ROUTER_H

#include "server/http.h"

#define AUTH_SCOPE_READ 1u
#define AUTH_SCOPE_WRITE 2u
#define AUTH_SCOPE_SECRETS 4u
#define AUTH_SCOPE_ADMIN 8u       /* plans, networks, NAS clients */
#define AUTH_PUBLIC 0u

struct route {
	const char *method;
	const char *pattern;      /* "/api/v1/keys/{}/rotate" */
	void (*handler)(struct request *rq, struct response *rs);
	unsigned scope;           /* AUTH_SCOPE_* needed; AUTH_PUBLIC none */
};

/* Route rq to its handler and fill rs; always produces a response. */
void router_dispatch(struct request *rq, struct response *rs);

/* The answer when there is no database connection: 503, as
 * problem+json under /api/ and as an HTML page everywhere else. */
void router_unavailable(struct request *rq, struct response *rs);

/* Match path against pattern ("/keys/{}/rotate"), capturing the {}
 * segments into rq->params. 1 on a match. */
int router_match(const char *pattern, const char *path, struct request *rq);

/* Every route, for the OpenAPI test and the docs. count is set. */
const struct route *router_routes(size_t *count);

#endif
