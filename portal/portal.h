/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * portal.h - the HTML side: the tenant portal (/portal/) and the staff
 * dashboard (/staff/), answered by the same program and router as the API.
 *
 * The router hands every path outside /api/ to portal_dispatch(), which
 * finds the page, loads the session from its cookie, enforces who may see
 * the page and, for every POST, the form's CSRF token, before any handler
 * runs; handlers cannot forget either check.
 */
#ifndef MPSK_PORTAL_PORTAL_H
#define MPSK_PORTAL_PORTAL_H

#include <stddef.h>

#include "server/http.h"

struct config;

/* Who may open a page. */
enum page_access {
	PAGE_PUBLIC,      /* anyone (sign-in, activation, sign-up) */
	PAGE_TENANT,      /* a signed-in tenant */
	PAGE_STAFF,       /* any signed-in staff member, read-only included */
	PAGE_OPERATOR,    /* staff: operator or admin */
	PAGE_ADMIN,       /* staff: admin */
	/* Pages that hand out passphrases: who may is passphrase_policy.c's
	 * decision, one per form. */
	PAGE_KEY_CARD,    /* one key's PDF card */
	PAGE_CARDS,       /* welcome cards in bulk */
	PAGE_KEYS_CSV,    /* the keys CSV with passphrases */
};

struct page_route {
	const char *method;
	const char *pattern;      /* "/portal/keys/{}/rotate" */
	void (*handler)(struct request *rq, struct response *rs);
	enum page_access access;
};

/* Load the templates. 0, or -1 with the reason on stderr. */
int portal_init(const struct config *cfg);
void portal_end(void);

/* Answer a page request. */
void portal_dispatch(struct request *rq, struct response *rs);

/* Answer a page request when the database cannot be reached: a 503 page
 * in HTML (a person reads it), never the API's problem+json. */
void portal_unavailable(struct request *rq, struct response *rs);

/* The page table (portal_routes.c). */
const struct page_route *portal_routes(size_t *count);

#endif
