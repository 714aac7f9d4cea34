/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * customers.h - customers as the billing system knows them, and the
 * provisioning that follows from their plan.
 *
 * A customer is found by the billing system's external id. Creating one
 * gives it, in the same transaction, its keys on every network (as many as
 * the plan says) and, for a plan with a VLAN range, a VLAN of its own per
 * network: either all of it happens or none of it.
 */
#ifndef MPSK_CORE_CUSTOMERS_H
#define MPSK_CORE_CUSTOMERS_H

#include <json.h>

struct db;
struct fault;
struct actor;
struct keygen;

/* Filters and paging for customers_list. Empty strings mean "any". */
struct customer_query {
	const char *status;
	const char *plan;
	const char *search;    /* in external id, name, email, phone */
	const char *building;  /* exactly this building */
	long long page;        /* from 1 */
	long long per_page;
};

/* 1 when ext is a valid external id: 1..128 of [A-Za-z0-9._:@-]. */
int customers_valid_external_id(const char *ext);

/* The internal id of external id ext: >0, 0 unknown, -1 error. */
long long customers_id(struct db *db, const char *ext);

struct json_object *customers_get_json(struct db *db, const char *ext,
				       struct fault *f);

/* {"items": [...], "page", "per_page", "total"} */
struct json_object *customers_list(struct db *db, const struct customer_query *q,
				   struct fault *f);

/*
 * Create or update (PUT semantics for create, PATCH for update; must_exist
 * makes a missing customer a 404). *created tells which happened.
 * may_set_parent 0: a `parent` other than the current one is a 403
 * insufficient_scope (a parent sees its sub-customers' keys, so only a
 * caller that may see passphrases may choose one: API tokens with the
 * secrets scope, staff who change customers).
 */
struct json_object *customers_upsert(struct db *db, const struct actor *who,
				     const char *ext, struct json_object *in,
				     const struct keygen *gen, int must_exist,
				     int may_set_parent, int *created,
				     struct fault *f);

/* What customers_upsert does, inside the caller's transaction and without
 * its audit record (for callers that make a customer as part of a larger
 * change, like a tenant signing up), and never with a new parent. The
 * customer's id, or -1 + f. */
long long customers_upsert_in(struct db *db, const char *ext,
			      struct json_object *in, const struct keygen *gen,
			      int must_exist, int *created, struct fault *f);

/* DELETE: the customer is terminated (kept for billing history); its
 * devices are refused from the next request on. */
struct json_object *customers_terminate(struct db *db, const struct actor *who,
					const char *ext, struct fault *f);

#endif
