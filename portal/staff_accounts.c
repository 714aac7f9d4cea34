// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * staff_accounts.c - who works in the dashboard (admins only: add a staff
 * member with a role, change the role, disable, issue a new activation
 * code) and the invitations tenants sign up with (operators).
 */
#include "portal/staff_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/rowjson.h"
#include "core/sessions.h"
#include "core/store.h"
#include "portal/page.h"
#include "portal/portal_session.h"

static void staff_accounts_page(struct request *rq, struct response *rs,
				int status, const char *error)
{
	struct signin_limits lim = portal_signin_limits(rq);
	/* "throttled": some network used up its sign-in budget for this
	 * username (see core/accounts.c), so someone there is guessing. */
	struct db_stmt *st = db_run(rq->db,
		"SELECT id, username, role, status, password_hash IS NOT NULL AS activated,"
		" DATE_FORMAT(last_login, '%Y-%m-%d %H:%i') AS last_login,"
		" EXISTS (SELECT 1 FROM signin_failures f"
		" WHERE f.subject = UNHEX(SHA2(CONCAT(kind, ':', username), 256))"
		" AND f.failures >= ? AND f.window_start > UTC_TIMESTAMP() - INTERVAL ? SECOND)"
		" AS throttled FROM accounts WHERE kind = 'staff' ORDER BY username", "ii",
		(long long)lim.max_failures, (long long)lim.lockout_seconds);
	struct json_object *accounts = st ? rowjson_array(st, "isssbsb") : NULL;
	if (!accounts) {
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "accounts", accounts);
	json_object_object_add(d, "title", json_object_new_string("Staff"));
	if (error)
		json_object_object_add(d, "error", json_object_new_string(error));
	static const char *const notices[][2] = {
		{ "saved", "Saved." }, { NULL, NULL },
	};
	page_done_notice(rq, d, notices);
	page_render(rq, rs, status, "staff_accounts", d);
}

void staff_accounts(struct request *rq, struct response *rs)
{
	staff_accounts_page(rq, rs, 200, NULL);
}

/* Show a new code once, in the answer to the POST. */
static void staff_show_code(struct request *rq, struct response *rs,
			    const char *what, const char *code, const char *back)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "code", json_object_new_string(code));
	json_object_object_add(d, "what", json_object_new_string(what));
	json_object_object_add(d, "back", json_object_new_string(back));
	json_object_object_add(d, "portal_url", json_object_new_string(rq->cfg->portal_url));
	json_object_object_add(d, "days", json_object_new_int(rq->cfg->activation_days));
	json_object_object_add(d, "title", json_object_new_string("New code"));
	page_render(rq, rs, 200, "staff_code", d);
}

void staff_account_create(struct request *rq, struct response *rs)
{
	char actor[160], code[CODE_TEXT_LEN];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	long long id = accounts_create_staff(rq->db, &who, page_field(rq, "username"),
					     page_field(rq, "role"), &f);
	if (id < 0 || accounts_issue_activation(rq->db, &who, 0, id,
						rq->cfg->activation_days, code, &f) < 0) {
		if (f.status >= 500)
			page_fault(rq, rs, NULL);
		else
			staff_accounts_page(rq, rs, f.status, f.detail);
		return;
	}
	staff_show_code(rq, rs, "staff-activation", code, "/staff/accounts");
}

void staff_account_update(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	const char *role = page_field(rq, "role"), *status = page_field(rq, "status");
	char actor[160];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	if (id == rq->session->account_id) {
		staff_accounts_page(rq, rs, 422, "You cannot change your own role or status.");
		return;
	}
	if ((strcmp(role, "admin") != 0 && strcmp(role, "operator") != 0 &&
	     strcmp(role, "readonly") != 0) ||
	    (strcmp(status, "active") != 0 && strcmp(status, "disabled") != 0)) {
		staff_accounts_page(rq, rs, 422, "Choose a role and a status.");
		return;
	}
	if (store_begin(rq->db, &f) < 0) {
		page_fault(rq, rs, NULL);
		return;
	}
	struct db_stmt *st = db_run(rq->db, "SELECT username FROM accounts WHERE id = ?"
				    " AND kind = 'staff' FOR UPDATE", "i", id);
	if (store_found(rq->db, st, &f, "no such staff account") < 0) {
		store_abort(rq->db);
		page_error(rq, rs, f.status == 404 ? 404 : 503, "There is no such staff account.");
		return;
	}
	char username[129];
	snprintf(username, sizeof username, "%s", db_col(st, 0, NULL));
	struct json_object *detail = json_object_new_object();
	json_object_object_add(detail, "role", json_object_new_string(role));
	json_object_object_add(detail, "status", json_object_new_string(status));
	int ok = db_run(rq->db, "UPDATE accounts SET role = ?, status = ?,"
			" updated_at = UTC_TIMESTAMP() WHERE id = ?", "ssi",
			role, status, id) != NULL &&
		 (strcmp(status, "active") == 0 ||
		  sessions_end_account(rq->db, id, NULL) == 0);
	if (!ok) {
		fault_db(&f, rq->db);
		store_abort(rq->db);
	}
	int rc = ok ? store_commit(rq->db, &who, "account.update", "account", username,
				   detail, &f) : -1;
	json_object_put(detail);
	if (rc < 0) {
		page_fault(rq, rs, NULL);
		return;
	}
	page_redirect(rs, "/staff/accounts?done=saved");
}

void staff_account_activation(struct request *rq, struct response *rs)
{
	long long id = page_id(rq, 0);
	char actor[160], code[CODE_TEXT_LEN];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	if (accounts_issue_activation(rq->db, &who, 0, id, rq->cfg->activation_days,
				      code, &f) < 0) {
		page_fault(rq, rs, &f);
		return;
	}
	staff_show_code(rq, rs, "staff-activation", code, "/staff/accounts");
}

void staff_invitations(struct request *rq, struct response *rs)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT i.id, i.building, i.unit, p.name AS plan, i.uses, i.max_uses,"
		" DATE_FORMAT(i.expires_at, '%Y-%m-%d %H:%i') AS expires_at,"
		" i.expires_at > UTC_TIMESTAMP() AND i.uses < i.max_uses AS open, i.created_by"
		" FROM invitations i JOIN plans p ON p.id = i.plan_id ORDER BY i.id DESC LIMIT 200", "");
	struct json_object *invitations = st ? rowjson_array(st, "isssiisbs") : NULL;
	st = db_run(rq->db, "SELECT name FROM plans ORDER BY name", "");
	struct json_object *plans = st ? rowjson_array(st, "s") : NULL;
	if (!invitations || !plans) {
		json_object_put(invitations);
		json_object_put(plans);
		page_fault(rq, rs, NULL);
		return;
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "invitations", invitations);
	json_object_object_add(d, "plans", plans);
	json_object_object_add(d, "title", json_object_new_string("Invitations"));
	page_render(rq, rs, 200, "staff_invitations", d);
}

void staff_invitation_create(struct request *rq, struct response *rs)
{
	char actor[160], code[CODE_TEXT_LEN];
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	struct fault f = { 0 };
	char *end;
	long uses = strtol(page_field(rq, "uses"), &end, 10);
	if (*end || uses < 1 || uses > 10000)
		uses = 0;
	long days = strtol(page_field(rq, "days"), &end, 10);
	if (*end || days < 1 || days > 365)
		days = 0;
	if (accounts_issue_invitation(rq->db, &who, page_field(rq, "building"),
				      page_field(rq, "unit"), page_field(rq, "plan"),
				      (int)uses, (int)days, code, &f) < 0) {
		page_fault(rq, rs, &f);
		return;
	}
	staff_show_code(rq, rs, "invitation", code, "/staff/invitations");
}
