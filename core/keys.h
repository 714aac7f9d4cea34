/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * keys.h - Wi-Fi keys: a passphrase on one network, owned by a customer,
 * optionally bound to one device, with its own validity, status, VLAN and
 * rate overrides.
 *
 * Every passphrase is unique on its network (unbound identification, on the
 * roadmap, depends on it) and its PMK is derived here, when it is written,
 * so that no PBKDF2 ever runs on the RADIUS request path.
 */
#ifndef MPSK_CORE_KEYS_H
#define MPSK_CORE_KEYS_H

#include <json.h>
#include <stddef.h>

struct db;
struct fault;
struct actor;

/* How new passphrases are generated (from the configuration). */
struct keygen {
	int length;
	const char *alphabet;
};

/* What a new key is made from. Integers use DB_NULL_INT for "not set". */
struct key_spec {
	long long network_id;
	long long customer_id;
	long long device_id;
	const char *passphrase;   /* NULL: generate one */
	const char *label;
	const char *kind;         /* "normal" or "guest" */
	const char *status;       /* NULL: "active" */
	const char *valid_from;   /* SQL DATETIME text, or NULL */
	const char *valid_until;
	long long vlan, rate_down_kbps, rate_up_kbps, max_devices;
};

/*
 * Insert a key inside the caller's transaction. Generates the passphrase
 * when spec->passphrase is NULL (retrying on the rare collision), derives
 * the PMK. Returns the new id, or -1 with f (409 duplicate_passphrase when
 * a given passphrase is taken on that network).
 */
long long keys_insert(struct db *db, const struct key_spec *spec,
		      const struct keygen *gen, struct fault *f);

/* One key as JSON; the passphrase only when with_secret. NULL + f (404). */
struct json_object *keys_get_json(struct db *db, long long id, int with_secret,
				  struct fault *f);

/* A customer's keys (by internal id) as a JSON array. */
struct json_object *keys_list_json(struct db *db, long long customer_id,
				   int with_secret, struct fault *f);

/* Create a key for the customer with external id ext from a checked body
 * (network, passphrase, label, kind, valid_from, valid_until, vlan, rates,
 * max_devices). Returns the key's JSON (with its passphrase when
 * with_secret) or NULL + f. */
struct json_object *keys_create(struct db *db, const struct actor *who,
				const char *ext, struct json_object *in,
				const struct keygen *gen, int with_secret,
				struct fault *f);

/* keys_create for a tenant's guest key (in has kind "guest"): refused
 * with 409 guest_key_limit when the customer already has its plan's
 * guest_keys_max in use, counted under the customer's row lock in the
 * transaction that inserts. Without the passphrase in the answer. */
struct json_object *keys_create_guest(struct db *db, const struct actor *who,
				      const char *ext, struct json_object *in,
				      const struct keygen *gen, struct fault *f);

/* Change status, validity, label, VLAN/rate overrides, max_devices. */
struct json_object *keys_update(struct db *db, const struct actor *who,
				long long id, struct json_object *in,
				int with_secret, struct fault *f);

/* New passphrase (given in passphrase, or generated), new PMK; the old
 * passphrase stops working at once. */
struct json_object *keys_rotate(struct db *db, const struct actor *who,
				long long id, const char *passphrase,
				const struct keygen *gen, int with_secret,
				struct fault *f);

/* Delete a key that no device uses any more (409 otherwise). */
int keys_delete(struct db *db, const struct actor *who, long long id,
		struct fault *f);

/* The key's SSID and passphrase, for QR codes: fills ssid/ssid_len and
 * passphrase (65 bytes; the caller wipes it). 0, or -1 + f (404). */
int keys_secret(struct db *db, long long id, unsigned char ssid[32],
		size_t *ssid_len, char passphrase[65], struct fault *f);

/* Parse an RFC 3339 member of in into SQL DATETIME text (out[20]).
 * 1 set, 0 absent or null, -1 invalid (f filled). */
int keys_time_member(struct json_object *in, const char *name, char out[20],
		     struct fault *f);

#endif
