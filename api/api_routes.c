// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_routes.c - every route of /api/v1 in one table: method, path, handler
 * and the token scope it needs. api/openapi.json documents each of them;
 * a test checks that the two agree.
 *
 * Plans, networks and NAS clients are infrastructure: reading them needs
 * read, changing them needs admin (not write). A NAS is an address and a
 * secret that RADIUS answers with any device's passphrase, and a network
 * or plan decides which keys exist and where they work, so whoever may
 * change them may in effect read every passphrase. write is what a billing
 * system needs: customers, keys, devices. (docs/DESIGN.md, "Tokens".)
 */
#include "api/api_routes.h"

#include "api/api_resources.h"

#define R AUTH_SCOPE_READ
#define W AUTH_SCOPE_WRITE
#define S (AUTH_SCOPE_READ | AUTH_SCOPE_SECRETS)
#define WS (AUTH_SCOPE_WRITE | AUTH_SCOPE_SECRETS)
#define A AUTH_SCOPE_ADMIN

static const struct route api_route_table[] = {
	{ "GET", "/api/v1/health", api_health, AUTH_PUBLIC },
	{ "GET", "/api/v1/openapi.json", api_openapi, AUTH_PUBLIC },
	{ "GET", "/api/v1/decision", api_decision, R },

	{ "GET", "/api/v1/plans", api_plans_list, R },
	{ "POST", "/api/v1/plans", api_plans_create, A },
	{ "GET", "/api/v1/plans/{}", api_plans_get, R },
	{ "PATCH", "/api/v1/plans/{}", api_plans_update, A },
	{ "DELETE", "/api/v1/plans/{}", api_plans_delete, A },

	{ "GET", "/api/v1/networks", api_networks_list, R },
	{ "POST", "/api/v1/networks", api_networks_create, A },
	{ "GET", "/api/v1/networks/{}", api_networks_get, R },
	{ "PATCH", "/api/v1/networks/{}", api_networks_update, A },
	{ "DELETE", "/api/v1/networks/{}", api_networks_delete, A },

	{ "GET", "/api/v1/nas", api_nas_list, R },
	{ "POST", "/api/v1/nas", api_nas_create, A },
	{ "GET", "/api/v1/nas/{}", api_nas_get, R },
	{ "PATCH", "/api/v1/nas/{}", api_nas_update, A },
	{ "DELETE", "/api/v1/nas/{}", api_nas_delete, A },

	{ "GET", "/api/v1/customers", api_customers_list, R },
	{ "GET", "/api/v1/customers/{}", api_customers_get, R },
	{ "PUT", "/api/v1/customers/{}", api_customers_put, W },
	{ "PATCH", "/api/v1/customers/{}", api_customers_patch, W },
	{ "DELETE", "/api/v1/customers/{}", api_customers_delete, W },
	{ "POST", "/api/v1/customers/{}/activation", api_customers_activation, WS },

	{ "GET", "/api/v1/customers/{}/keys", api_keys_list, R },
	{ "POST", "/api/v1/customers/{}/keys", api_keys_create, W },
	{ "GET", "/api/v1/keys/{}", api_keys_get, R },
	{ "PATCH", "/api/v1/keys/{}", api_keys_update, W },
	{ "DELETE", "/api/v1/keys/{}", api_keys_delete, W },
	{ "POST", "/api/v1/keys/{}/rotate", api_keys_rotate, W },
	{ "GET", "/api/v1/keys/{}/qr.png", api_keys_qr_png, S },
	{ "GET", "/api/v1/keys/{}/qr.svg", api_keys_qr_svg, S },

	{ "GET", "/api/v1/devices", api_devices_list, R },
	{ "POST", "/api/v1/devices", api_devices_add, W },
	{ "GET", "/api/v1/devices/{}", api_devices_get, R },
	{ "PATCH", "/api/v1/devices/{}", api_devices_update, W },
	{ "DELETE", "/api/v1/devices/{}", api_devices_delete, W },
};

const struct route *api_routes(size_t *count)
{
	*count = sizeof api_route_table / sizeof api_route_table[0];
	return api_route_table;
}
