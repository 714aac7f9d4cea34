/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device_conflicts.h - a tenant asked for a MAC that another customer
 * holds (issue 7, finding 6, "MAC squatting").
 *
 * The holder keeps the device, the tenant gets an answer that does not say
 * the MAC is known, and the request is kept here for staff, who move the
 * device to the requester or keep it with the holder. Both are audited.
 */
#ifndef MPSK_CORE_DEVICE_CONFLICTS_H
#define MPSK_CORE_DEVICE_CONFLICTS_H

#include <json.h>

struct db;
struct fault;
struct actor;
struct keygen;
struct device_taken;

/* Open conflicts one requester may have; past it requests are still
 * answered neutrally but not kept (so they cannot grow the table). */
#define DEVICE_CONFLICTS_OPEN_MAX 20

/*
 * After devices_add_taken refused t->mac as taken, for the tenant signed in
 * as customer me: when the holder is neither me nor one of my
 * sub-customers, keep (or count again) the open conflict, audited as
 * "device.conflict", and return 1: answer neutrally. 0: the holder is
 * within the tenant's own reach, it may be told plainly. -1 + f.
 * name and key (DB_NULL_INT: none) are what the tenant asked for.
 */
int device_conflicts_note(struct db *db, const struct actor *who, long long me,
			  const struct device_taken *t, const char *name,
			  long long key, struct fault *f);

/* Open conflicts (open != 0, oldest first, at most 500) or the latest
 * resolved ones (at most 50), with the requester and the MAC's current
 * holder, as a JSON array. NULL + f. */
struct json_object *device_conflicts_list(struct db *db, int open, struct fault *f);

/*
 * Resolve open conflict id: "moved" removes the holder's device (and the
 * key made for it alone) and registers the MAC for the requester on the
 * key it asked for (or the one devices_add would pick), within the plan's
 * limits; "kept" leaves the device where it is. One transaction, audited
 * as "device.conflict.resolve". 0, or -1 + f (404 not open, 422 bad
 * resolution, and devices_add's refusals).
 */
int device_conflicts_resolve(struct db *db, const struct actor *who, long long id,
			     const char *resolution, const struct keygen *gen,
			     struct fault *f);

#endif
