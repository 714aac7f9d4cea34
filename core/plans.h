/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plans.h - service plans: VLAN policy, rates, and how keys are provisioned.
 *
 * A plan gives its customers either one fixed VLAN or, from a range, a VLAN
 * of their own per network; download/upload rates; how many keys a new
 * customer gets and whether a key is shared by the customer's devices
 * (key_scope "customer") or belongs to one device ("device"); how many
 * devices a key may have, and how many one customer may register.
 */
#ifndef MPSK_CORE_PLANS_H
#define MPSK_CORE_PLANS_H

#include <json.h>

struct db;
struct fault;
struct actor;

struct plan {
	long long id;
	char name[65];
	long long vlan;            /* DB_NULL_INT when none */
	long long range_start;     /* DB_NULL_INT when no range */
	long long range_end;
	long long rate_down_kbps;  /* DB_NULL_INT: unlimited */
	long long rate_up_kbps;
	long long keys_per_customer;
	char key_scope[9];         /* "customer" or "device" */
	long long max_devices;     /* per key; DB_NULL_INT: unlimited */
	long long devices_max;     /* per customer; DB_NULL_INT: unlimited */
	long long guest_keys_max;  /* guest keys a tenant may have in use */
	long long guest_days_max;  /* how long each may last */
};

/* All plans as a JSON array (caller puts), or NULL with f filled. */
struct json_object *plans_list(struct db *db, struct fault *f);

/* One plan as JSON (caller puts), or NULL with f filled (404 unknown). */
struct json_object *plans_get_json(struct db *db, const char *name,
				   struct fault *f);

/* Load a plan by name into p. 1 found, 0 not found, -1 database error. */
int plans_load(struct db *db, const char *name, struct plan *p, int for_update);

/* Create from a validated body; returns the new plan's JSON, or NULL. */
struct json_object *plans_create(struct db *db, const struct actor *who,
				 struct json_object *in, struct fault *f);

/* Change the fields present in in; returns the plan's JSON, or NULL. */
struct json_object *plans_update(struct db *db, const struct actor *who,
				 const char *name, struct json_object *in,
				 struct fault *f);

/* Delete an unused plan. 0, or -1 with f (409 while customers use it). */
int plans_delete(struct db *db, const struct actor *who, const char *name,
		 struct fault *f);

/* Check that name is a valid plan name ([A-Za-z0-9 ._-], 1..64). */
int plans_valid_name(const char *name);

#endif
