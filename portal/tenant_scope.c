// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tenant_scope.c - the tenant's reach. See tenant_scope.h.
 */
#include "portal/tenant_scope.h"

#include "core/db.h"
#include "core/sessions.h"
#include "portal/page.h"

int tenant_reach(struct request *rq, struct response *rs,
		 enum tenant_object what, long long id)
{
	long long me = rq->session->customer_id;
	struct db_stmt *st = NULL;
	if (id > 0 && what == TENANT_KEY)
		st = db_run(rq->db, "SELECT 1 FROM wifi_keys k"
			    " JOIN customers c ON c.id = k.customer_id"
			    " WHERE k.id = ? AND (c.id = ? OR c.parent_id = ?)",
			    "iii", id, me, me);
	else if (id > 0)
		st = db_run(rq->db, "SELECT 1 FROM devices d"
			    " JOIN customers c ON c.id = d.customer_id"
			    " WHERE d.id = ? AND (c.id = ? OR c.parent_id = ?)",
			    "iii", id, me, me);
	int rc = id > 0 ? (st ? db_next(st) : -1) : 0;
	if (rc < 0)
		page_fault(rq, rs, NULL);
	else if (rc == 0)
		page_error(rq, rs, 404, "There is no such page.");
	return rc;
}
