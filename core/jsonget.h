/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonget.h - read members of a request object that json_in has already
 * checked against its declaration (so types are known to be right).
 */
#ifndef MPSK_CORE_JSONGET_H
#define MPSK_CORE_JSONGET_H

#include <json.h>

/* The member's string, or NULL when absent or null. */
const char *jsonget_str(struct json_object *o, const char *name);

/* The member's integer (booleans as 0/1), or DB_NULL_INT when absent or
 * null. */
long long jsonget_int(struct json_object *o, const char *name);

/* 1 when the member is present (null included). */
int jsonget_has(struct json_object *o, const char *name);

#endif
