// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * networks.c - networks (SSIDs). See networks.h.
 */
#include "core/networks.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/jsonget.h"
#include "core/pmk.h"
#include "core/rowjson.h"
#include "core/ssid.h"
#include "core/store.h"
#include "core/xalloc.h"

#define NETWORKS_COLUMNS \
	"SELECT id, ssid, site, unknown_device_policy, created_at, updated_at" \
	" FROM networks"
#define NETWORKS_TYPES "issstt"

struct json_object *networks_list(struct db *db, struct fault *f)
{
	struct db_stmt *st = db_run(db, NETWORKS_COLUMNS " ORDER BY id", "");
	struct json_object *a = st ? rowjson_array(st, NETWORKS_TYPES) : NULL;
	if (!a)
		fault_db(f, db);
	return a;
}

struct json_object *networks_get_json(struct db *db, long long id,
				      struct fault *f)
{
	struct db_stmt *st = db_run(db, NETWORKS_COLUMNS " WHERE id = ?", "i", id);
	if (store_found(db, st, f, "no network %lld", id) < 0)
		return NULL;
	return rowjson_object(st, NETWORKS_TYPES);
}

long long networks_resolve(struct db *db, const char *ref, unsigned char ssid[32],
			   size_t *ssid_len)
{
	char *end = NULL;
	long long id = strtoll(ref, &end, 10);
	struct db_stmt *st;
	if (*ref && end && *end == '\0' && id > 0)
		st = db_run(db, "SELECT id, ssid FROM networks WHERE id = ?", "i", id);
	else
		st = db_run(db, "SELECT id, ssid FROM networks WHERE ssid = ?",
			    "b", ref, strlen(ref));
	int rc = st ? db_next(st) : -1;
	if (rc <= 0)
		return rc;
	size_t n;
	const char *s = db_col(st, 1, &n);
	if (n > 32)
		n = 32;
	memcpy(ssid, s, n);
	*ssid_len = n;
	return db_col_int(st, 0);
}

static int networks_check(struct json_object *in, struct fault *f)
{
	const char *ssid = jsonget_str(in, "ssid");
	if (ssid && ssid_validate((const unsigned char *)ssid, strlen(ssid)) < 0)
		return fault_set(f, 422, "invalid_ssid", "ssid",
				 "an SSID is 1 to 32 bytes of UTF-8");
	const char *policy = jsonget_str(in, "unknown_device_policy");
	if (policy && strcmp(policy, "reject") != 0)
		return fault_set(f, 422, "invalid_policy", "unknown_device_policy",
				 "unknown_device_policy must be \"reject\"");
	return 0;
}

/* Re-derive every key's PMK for a network's new SSID (PMK = PBKDF2 of the
 * passphrase salted with the SSID, so a rename changes them all). */
static int networks_rederive(struct db *db, long long id, const char *ssid)
{
	struct db_stmt *st = db_run(db,
		"SELECT id, passphrase FROM wifi_keys WHERE network_id = ? FOR UPDATE",
		"i", id);
	if (!st)
		return -1;
	size_t n = 0, cap = 64;
	long long *ids = xcalloc(cap, sizeof *ids);
	unsigned char (*pmks)[32] = xcalloc(cap, 32);
	int rc = 0, row;
	while ((row = db_next(st)) == 1) {
		if (n == cap) {
			cap *= 2;
			ids = xrealloc(ids, cap * sizeof *ids);
			pmks = xrealloc(pmks, cap * 32);
		}
		size_t plen;
		const char *p = db_col(st, 1, &plen);
		ids[n] = db_col_int(st, 0);
		if (pmk_derive(p, plen, (const unsigned char *)ssid, strlen(ssid),
			       pmks[n]) < 0)
			rc = -1;
		n++;
	}
	if (row < 0)
		rc = -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!db_run(db, "UPDATE wifi_keys SET pmk = ? WHERE id = ?", "bi",
			    pmks[i], (size_t)32, ids[i]))
			rc = -1;
	sodium_memzero(pmks, cap * 32);
	free(pmks);
	free(ids);
	return rc;
}

static struct json_object *networks_commit(struct db *db, const struct actor *who,
					   const char *action, long long id,
					   struct json_object *in, struct fault *f)
{
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", id);
	if (store_commit(db, who, action, "network", idtext, in, f) < 0)
		return NULL;
	return networks_get_json(db, id, f);
}

static void networks_write_fault(struct db *db, struct fault *f)
{
	if (db_errno(db) == DB_ERR_DUP_ENTRY)
		fault_set(f, 409, "duplicate_ssid", "ssid",
			  "a network with this SSID exists already");
	else
		fault_db(f, db);
	db_rollback(db);
}

struct json_object *networks_create(struct db *db, const struct actor *who,
				    struct json_object *in, struct fault *f)
{
	if (networks_check(in, f) < 0)
		return NULL;
	const char *ssid = jsonget_str(in, "ssid");
	const char *policy = jsonget_str(in, "unknown_device_policy");
	if (db_begin(db) < 0) {
		fault_db(f, db);
		return NULL;
	}
	struct db_stmt *st = db_run(db,
		"INSERT INTO networks (ssid, site, unknown_device_policy)"
		" VALUES (?, ?, ?)", "bss", ssid, strlen(ssid),
		jsonget_str(in, "site"), policy ? policy : "reject");
	if (!st) {
		networks_write_fault(db, f);
		return NULL;
	}
	return networks_commit(db, who, "network.create", (long long)db_insert_id(st),
			       in, f);
}

struct json_object *networks_update(struct db *db, const struct actor *who,
				    long long id, struct json_object *in,
				    struct fault *f)
{
	if (networks_check(in, f) < 0)
		return NULL;
	if (db_begin(db) < 0) {
		fault_db(f, db);
		return NULL;
	}
	struct db_stmt *st = db_run(db,
		"SELECT ssid, site, unknown_device_policy FROM networks"
		" WHERE id = ? FOR UPDATE", "i", id);
	if (store_found(db, st, f, "no network %lld", id) < 0) {
		store_abort(db);
		return NULL;
	}
	char old_ssid[33], site[129], policy[16];
	size_t n;
	const char *s = db_col(st, 0, &n);
	snprintf(old_ssid, sizeof old_ssid, "%.*s", (int)n, s);
	s = db_col(st, 1, NULL);
	snprintf(site, sizeof site, "%s", s ? s : "");
	int site_null = s == NULL;
	snprintf(policy, sizeof policy, "%s", db_col(st, 2, NULL));

	const char *ssid = jsonget_str(in, "ssid");
	if (!ssid)
		ssid = old_ssid;
	if (jsonget_has(in, "site")) {
		s = jsonget_str(in, "site");
		site_null = s == NULL;
		snprintf(site, sizeof site, "%s", s ? s : "");
	}
	if (jsonget_str(in, "unknown_device_policy"))
		snprintf(policy, sizeof policy, "%s",
			 jsonget_str(in, "unknown_device_policy"));
	if (!db_run(db, "UPDATE networks SET ssid = ?, site = ?,"
			" unknown_device_policy = ?, updated_at = UTC_TIMESTAMP()"
			" WHERE id = ?", "bssi", ssid, strlen(ssid),
		    site_null ? NULL : site, policy, id)) {
		networks_write_fault(db, f);
		return NULL;
	}
	if (strcmp(ssid, old_ssid) != 0 && networks_rederive(db, id, ssid) < 0) {
		fault_db(f, db);
		db_rollback(db);
		return NULL;
	}
	return networks_commit(db, who, "network.update", id, in, f);
}

int networks_delete(struct db *db, const struct actor *who, long long id,
		    struct fault *f)
{
	return store_delete(db, who, "DELETE FROM networks WHERE id = ?", id, NULL,
			    "network", "network_in_use",
			    "keys exist on this network, or NAS clients serve it; remove them first", f);
}
