/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tenant_scope.h - what a tenant may reach: its own customer's keys and
 * devices and those of its sub-customers, nothing else. Pages ask here
 * before they touch an object named in the URL, and answer 404 (not 403)
 * for anything outside, so ids of other tenants' objects reveal nothing.
 */
#ifndef MPSK_PORTAL_TENANT_SCOPE_H
#define MPSK_PORTAL_TENANT_SCOPE_H

#include "server/http.h"

enum tenant_object { TENANT_KEY, TENANT_DEVICE };

/*
 * tenant_reach - whether the signed-in tenant may reach an object.
 * @id: from the URL (0: not an id).
 *
 * Return: 1 yes; 0 no, with a 404 page answered; -1 with a 503 page.
 */
int tenant_reach(struct request *rq, struct response *rs,
		 enum tenant_object what, long long id);

#endif
