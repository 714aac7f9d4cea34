// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * router.c - match a request to the route table, authenticate, dispatch.
 * See router.h.
 */
#include "server/router.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api_routes.h"
#include "api/problem.h"
#include "core/tokens.h"
#include "core/utf8.h"
#include "portal/portal.h"

/* The route table speaks AUTH_SCOPE_*, the token store TOKENS_SCOPE_*:
 * the same bits, passed through unchanged. */
_Static_assert(AUTH_SCOPE_READ == TOKENS_SCOPE_READ &&
	       AUTH_SCOPE_WRITE == TOKENS_SCOPE_WRITE &&
	       AUTH_SCOPE_SECRETS == TOKENS_SCOPE_SECRETS &&
	       AUTH_SCOPE_ADMIN == TOKENS_SCOPE_ADMIN,
	       "route scopes and token scopes must be the same bits");

/* Match path against pattern, capturing "{}" segments into rq->params.
 * Returns 1 on a match. */
int router_match(const char *pattern, const char *path, struct request *rq)
{
	int n = 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++;
		path++;
		size_t plen = strcspn(pattern, "/");
		size_t slen = strcspn(path, "/");
		if (plen == 2 && strncmp(pattern, "{}", 2) == 0) {
			if (slen == 0 || slen >= sizeof rq->param_store[0] ||
			    n == HTTP_MAX_PARAMS)
				return 0;
			memcpy(rq->param_store[n], path, slen);
			rq->param_store[n][slen] = '\0';
			rq->params[n] = rq->param_store[n];
			n++;
		} else if (plen != slen || strncmp(pattern, path, plen) != 0) {
			return 0;
		}
		pattern += plen;
		path += slen;
	}
	if (*pattern || *path)
		return 0;
	rq->nparams = n;
	return 1;
}

/* Authenticate the bearer token. Returns 0, or -1 with rs filled. */
static int router_authenticate(struct request *rq, struct response *rs,
			       unsigned need)
{
	static __thread char actor[96];
	const char *auth = request_header(rq, "Authorization");
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
		response_header(rs, "WWW-Authenticate", "Bearer realm=\"mpsk\"");
		problem(rs, 401, "unauthorized", NULL,
			"send an API token as Authorization: Bearer <token>");
		return -1;
	}
	unsigned scopes = 0;
	char name[64];
	int ok = tokens_verify(rq->db, auth + 7, &scopes, name, sizeof name);
	if (ok < 0) {
		problem_db(rs, rq->db);
		return -1;
	}
	if (ok == 0) {
		response_header(rs, "WWW-Authenticate",
				"Bearer realm=\"mpsk\", error=\"invalid_token\"");
		problem(rs, 401, "invalid_token", NULL,
			"the API token is unknown or revoked");
		return -1;
	}
	if ((scopes & need) != need) {
		problem(rs, 403, "insufficient_scope", NULL,
			"this token lacks the %s scope",
			need & ~scopes & AUTH_SCOPE_SECRETS ? "secrets" :
			need & ~scopes & AUTH_SCOPE_ADMIN ? "admin" :
			need & ~scopes & AUTH_SCOPE_WRITE ? "write" : "read");
		return -1;
	}
	snprintf(actor, sizeof actor, "token:%s", name);
	rq->actor = actor;
	rq->scopes = scopes;
	return 0;
}

const struct route *router_routes(size_t *count)
{
	return api_routes(count);
}

/* Whether rq is for the API (else it is a page). */
static int router_is_api(const struct request *rq)
{
	return strncmp(rq->path, "/api/", 5) == 0 || strcmp(rq->path, "/api") == 0;
}

void router_unavailable(struct request *rq, struct response *rs)
{
	if (!router_is_api(rq)) {
		portal_unavailable(rq, rs);
		return;
	}
	problem(rs, 503, "database_unavailable", NULL,
		"the database is not reachable; try again shortly");
	response_header(rs, "Retry-After", "10");
}

void router_dispatch(struct request *rq, struct response *rs)
{
	size_t count;
	const struct route *routes = router_routes(&count);
	char allow[64] = "";
	size_t allow_len = 0;
	if (!router_is_api(rq)) {
		/* Everything else is a page, answered in HTML. */
		portal_dispatch(rq, rs);
		return;
	}
	if (!utf8_valid((const unsigned char *)rq->path, strlen(rq->path))) {
		problem(rs, 404, "not_found", NULL, "no such resource");
		return;
	}
	for (size_t i = 0; i < count; i++) {
		const struct route *r = &routes[i];
		if (!router_match(r->pattern, rq->path, rq))
			continue;
		if (strcmp(r->method, rq->method) != 0) {
			/* Remember the methods this path has, for 405's Allow. */
			allow_len += (size_t)snprintf(allow + allow_len,
						      sizeof allow - allow_len, "%s%s",
						      allow_len ? ", " : "", r->method);
			if (allow_len >= sizeof allow)
				allow_len = sizeof allow - 1;
			continue;
		}
		if (r->scope != AUTH_PUBLIC &&
		    router_authenticate(rq, rs, r->scope) < 0)
			return;
		r->handler(rq, rs);
		return;
	}
	if (allow_len) {
		problem(rs, 405, "method_not_allowed", NULL,
			"%.16s is not allowed on this path; use %s", rq->method, allow);
		response_header(rs, "Allow", allow);
		return;
	}
	problem(rs, 404, "not_found", NULL, "no such resource");
}
