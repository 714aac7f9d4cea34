/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * api_fields.h - the declared members of each resource's request bodies,
 * shared with the staff dashboard, whose forms are checked against the
 * very same declarations (portal/form_json.c), so a form can never accept
 * what the API would refuse.
 */
#ifndef MPSK_API_API_FIELDS_H
#define MPSK_API_API_FIELDS_H

#include "api/json_in.h"

extern const struct json_in_field api_plans_fields[];
extern const struct json_in_field api_networks_fields[];
extern const struct json_in_field api_nas_fields[];
extern const struct json_in_field api_customers_fields[];
extern const struct json_in_field api_keys_fields[];
extern const struct json_in_field api_keys_patch_fields[];
extern const struct json_in_field api_keys_rotate_fields[];
extern const struct json_in_field api_devices_fields[];
extern const struct json_in_field api_devices_patch_fields[];

#endif
