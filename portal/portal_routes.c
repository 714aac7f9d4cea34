// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * portal_routes.c - every page: method, path, handler, who may open it.
 * See portal.h.
 */
#include "portal/portal.h"
#include "portal/pages.h"
#include "portal/staff_pages.h"

static const struct page_route portal_table[] = {
	/* Tenants */
	{ "GET", "/portal/signin", auth_signin_form, PAGE_PUBLIC },
	{ "POST", "/portal/signin", auth_signin, PAGE_PUBLIC },
	{ "POST", "/portal/signout", auth_signout, PAGE_TENANT },
	{ "GET", "/portal/activate", auth_activate_form, PAGE_PUBLIC },
	{ "POST", "/portal/activate", auth_activate, PAGE_PUBLIC },
	{ "GET", "/portal/signup", auth_signup_form, PAGE_PUBLIC },
	{ "POST", "/portal/signup", auth_signup, PAGE_PUBLIC },
	{ "GET", "/portal/password", auth_password_form, PAGE_TENANT },
	{ "POST", "/portal/password", auth_password, PAGE_TENANT },
	{ "GET", "/portal/", tenant_home, PAGE_TENANT },
	{ "GET", "/portal/keys", tenant_keys, PAGE_TENANT },
	{ "GET", "/portal/keys/{}", tenant_key, PAGE_TENANT },
	{ "GET", "/portal/keys/{}/rotate", tenant_key_rotate_form, PAGE_TENANT },
	{ "POST", "/portal/keys/{}/rotate", tenant_key_rotate, PAGE_TENANT },
	{ "GET", "/portal/keys/{}/qr.png", tenant_key_qr, PAGE_TENANT },
	{ "GET", "/portal/keys/{}/card.pdf", tenant_key_card, PAGE_TENANT },
	{ "GET", "/portal/devices", tenant_devices, PAGE_TENANT },
	{ "POST", "/portal/devices", tenant_device_add, PAGE_TENANT },
	{ "GET", "/portal/devices/{}", tenant_device, PAGE_TENANT },
	{ "POST", "/portal/devices/{}/rename", tenant_device_rename, PAGE_TENANT },
	{ "POST", "/portal/devices/{}/remove", tenant_device_remove, PAGE_TENANT },
	{ "GET", "/portal/guests", tenant_guests, PAGE_TENANT },
	{ "POST", "/portal/guests", tenant_guest_create, PAGE_TENANT },
	{ "POST", "/portal/guests/{}/revoke", tenant_guest_revoke, PAGE_TENANT },

	/* Staff */
	{ "GET", "/staff/signin", auth_signin_form, PAGE_PUBLIC },
	{ "POST", "/staff/signin", auth_signin, PAGE_PUBLIC },
	{ "POST", "/staff/signout", auth_signout, PAGE_STAFF },
	{ "GET", "/staff/activate", auth_activate_form, PAGE_PUBLIC },
	{ "POST", "/staff/activate", auth_activate, PAGE_PUBLIC },
	{ "GET", "/staff/password", auth_password_form, PAGE_STAFF },
	{ "POST", "/staff/password", auth_password, PAGE_STAFF },
	STAFF_ROUTES
};

const struct page_route *portal_routes(size_t *count)
{
	*count = sizeof portal_table / sizeof portal_table[0];
	return portal_table;
}
