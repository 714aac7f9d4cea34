/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * api_resources.h - the handlers of /api/v1, one file per resource:
 * api_plans.c, api_networks.c, api_nas.c, api_customers.c, api_keys.c,
 * api_devices.c, api_meta.c (health, OpenAPI, decision).
 */
#ifndef MPSK_API_API_RESOURCES_H
#define MPSK_API_API_RESOURCES_H

#include "server/http.h"

#define API_HANDLER(name) void name(struct request *rq, struct response *rs)

API_HANDLER(api_plans_list);
API_HANDLER(api_plans_get);
API_HANDLER(api_plans_create);
API_HANDLER(api_plans_update);
API_HANDLER(api_plans_delete);

API_HANDLER(api_networks_list);
API_HANDLER(api_networks_get);
API_HANDLER(api_networks_create);
API_HANDLER(api_networks_update);
API_HANDLER(api_networks_delete);

API_HANDLER(api_nas_list);
API_HANDLER(api_nas_get);
API_HANDLER(api_nas_create);
API_HANDLER(api_nas_update);
API_HANDLER(api_nas_delete);

API_HANDLER(api_customers_list);
API_HANDLER(api_customers_get);
API_HANDLER(api_customers_put);
API_HANDLER(api_customers_patch);
API_HANDLER(api_customers_delete);
API_HANDLER(api_customers_activation);

API_HANDLER(api_keys_list);
API_HANDLER(api_keys_create);
API_HANDLER(api_keys_get);
API_HANDLER(api_keys_update);
API_HANDLER(api_keys_rotate);
API_HANDLER(api_keys_delete);
API_HANDLER(api_keys_qr_png);
API_HANDLER(api_keys_qr_svg);

API_HANDLER(api_devices_list);
API_HANDLER(api_devices_add);
API_HANDLER(api_devices_get);
API_HANDLER(api_devices_update);
API_HANDLER(api_devices_delete);

API_HANDLER(api_health);
API_HANDLER(api_openapi);
API_HANDLER(api_decision);

#endif
