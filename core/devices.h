/*
 * devices.h - devices bound by MAC to a key.
 *
 * A device belongs to a customer and uses one of its keys; one MAC is bound
 * at most once per network. Under a plan with key_scope "device" a device
 * added without a key gets a new key of its own; under "customer" it joins
 * the customer's first active key on the network. A key takes at most
 * max_devices devices (its own limit, else its plan's).
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

/* Rename ("name") and/or move to another key of the same customer ("key"). */
struct json_object *devices_update(struct db *db, const struct actor *who,
				   long long id, struct json_object *in,
				   struct fault *f);

int devices_remove(struct db *db, const struct actor *who, long long id,
		   struct fault *f);

#endif
