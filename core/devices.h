/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devices.h - devices bound by MAC to a key.
 *
 * A device belongs to a customer and uses one of its keys; one MAC is bound
 * at most once per network. Under a plan with key_scope "device" a device
 * added without a key gets a new key of its own; under "customer" it joins
 * the customer's first active key on the network. A key takes at most
 * max_devices devices (its own limit, else its plan's), and a customer at
 * most its plan's devices_max (NULL: no cap), counted under the customer's
 * row lock in the transaction that inserts (409 customer_device_limit).
 */
#ifndef MPSK_CORE_DEVICES_H
#define MPSK_CORE_DEVICES_H

#include <json.h>

struct db;
struct fault;
struct actor;
struct keygen;

struct device_query {
	const char *customer;  /* external id, or "" */
	long long key;         /* DB_NULL_INT: any */
	const char *mac;       /* normalised 12 hex, or "" */
};

struct json_object *devices_list(struct db *db, const struct device_query *q,
				 struct fault *f);
struct json_object *devices_get_json(struct db *db, long long id,
				     struct fault *f);

/* Add from a checked body {mac, name, customer, key?, network?}.
 * added_by is "staff", "tenant" or "api". */
struct json_object *devices_add(struct db *db, const struct actor *who,
				struct json_object *in, const char *added_by,
				const struct keygen *gen, struct fault *f);

/* Who holds a MAC that devices_add refused as taken (409 duplicate_mac):
 * the network, the holding customer, and the customer that asked.
 * owner_id is 0 when the refusal was something else. */
struct device_taken {
	long long network_id;
	long long owner_id;
	long long requester_id;
	char mac[13];
};

/* devices_add that also says, on 409 duplicate_mac, who holds the MAC
 * (the portal answers a tenant neutrally when it is someone else). */
struct json_object *devices_add_taken(struct db *db, const struct actor *who,
				      struct json_object *in, const char *added_by,
				      const struct keygen *gen,
				      struct device_taken *taken, struct fault *f);

/* The parts of devices_add and devices_remove for a caller's own
 * transaction (device_conflicts.c moves a device with them). The caller
 * has locked customer cid's row (SELECT ... FOR UPDATE). Add: the new
 * device's id, or -1 + f. Remove: 0, or -1 + f. */
long long devices_add_locked(struct db *db, long long cid, const char *mac,
			     struct json_object *in, const char *added_by,
			     const struct keygen *gen, struct device_taken *taken,
			     struct fault *f);
int devices_remove_locked(struct db *db, long long id,
			  struct json_object *detail, struct fault *f);

/* Rename ("name") and/or move to another key of the same customer ("key"). */
struct json_object *devices_update(struct db *db, const struct actor *who,
				   long long id, struct json_object *in,
				   struct fault *f);

int devices_remove(struct db *db, const struct actor *who, long long id,
		   struct fault *f);

#endif
