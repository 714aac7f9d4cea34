/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * staff_pages.h - the handlers of the staff dashboard and their routes
 * (STAFF_ROUTES, spliced into portal_routes.c's table).
 */
#ifndef MPSK_PORTAL_STAFF_PAGES_H
#define MPSK_PORTAL_STAFF_PAGES_H

#include "server/http.h"

#define STAFF_HANDLER(name) void name(struct request *rq, struct response *rs)

/* staff_home.c */
STAFF_HANDLER(staff_home);

/* staff_catalog.c: plans, networks, NAS clients */
STAFF_HANDLER(staff_catalog_list);
STAFF_HANDLER(staff_catalog_create);
STAFF_HANDLER(staff_catalog_edit);
STAFF_HANDLER(staff_catalog_update);
STAFF_HANDLER(staff_catalog_delete);

/* staff_customers.c */
STAFF_HANDLER(staff_customers);
STAFF_HANDLER(staff_customer_create);
STAFF_HANDLER(staff_customer);
STAFF_HANDLER(staff_customer_update);
STAFF_HANDLER(staff_customer_status);
STAFF_HANDLER(staff_customer_activation);

/* staff_keys.c */
STAFF_HANDLER(staff_keys);
STAFF_HANDLER(staff_devices);
STAFF_HANDLER(staff_key_create);
STAFF_HANDLER(staff_key_rotate);
STAFF_HANDLER(staff_key_status);
STAFF_HANDLER(staff_key_card);
STAFF_HANDLER(staff_device_add);
STAFF_HANDLER(staff_device_remove);

/* staff_conflicts.c: MACs asked for while another customer held them */
STAFF_HANDLER(staff_conflicts);
STAFF_HANDLER(staff_conflict_resolve);

/* staff_logs.c */
STAFF_HANDLER(staff_authlog);
STAFF_HANDLER(staff_audit);

/* staff_cards.c */
STAFF_HANDLER(staff_cards);
STAFF_HANDLER(staff_cards_pdf);
STAFF_HANDLER(staff_export_customers);
STAFF_HANDLER(staff_export_keys);
STAFF_HANDLER(staff_export_keys_passphrases);

/* staff_accounts.c */
STAFF_HANDLER(staff_accounts);
STAFF_HANDLER(staff_account_create);
STAFF_HANDLER(staff_account_update);
STAFF_HANDLER(staff_account_activation);
STAFF_HANDLER(staff_invitations);
STAFF_HANDLER(staff_invitation_create);

#define STAFF_CATALOG_ROUTES(path) \
	{ "GET", path, staff_catalog_list, PAGE_STAFF }, \
	{ "POST", path, staff_catalog_create, PAGE_ADMIN }, \
	{ "GET", path "/{}", staff_catalog_edit, PAGE_STAFF }, \
	{ "POST", path "/{}", staff_catalog_update, PAGE_ADMIN }, \
	{ "POST", path "/{}/delete", staff_catalog_delete, PAGE_ADMIN },

#define STAFF_ROUTES \
	{ "GET", "/staff/", staff_home, PAGE_STAFF }, \
	STAFF_CATALOG_ROUTES("/staff/plans") \
	STAFF_CATALOG_ROUTES("/staff/networks") \
	STAFF_CATALOG_ROUTES("/staff/nas") \
	{ "GET", "/staff/customers", staff_customers, PAGE_STAFF }, \
	{ "POST", "/staff/customers", staff_customer_create, PAGE_OPERATOR }, \
	{ "GET", "/staff/customers/{}", staff_customer, PAGE_STAFF }, \
	{ "POST", "/staff/customers/{}", staff_customer_update, PAGE_OPERATOR }, \
	{ "POST", "/staff/customers/{}/status", staff_customer_status, PAGE_OPERATOR }, \
	{ "POST", "/staff/customers/{}/activation", staff_customer_activation, PAGE_OPERATOR }, \
	{ "POST", "/staff/customers/{}/keys", staff_key_create, PAGE_OPERATOR }, \
	{ "POST", "/staff/customers/{}/devices", staff_device_add, PAGE_OPERATOR }, \
	{ "GET", "/staff/keys", staff_keys, PAGE_STAFF }, \
	{ "POST", "/staff/keys/{}/rotate", staff_key_rotate, PAGE_OPERATOR }, \
	{ "POST", "/staff/keys/{}/status", staff_key_status, PAGE_OPERATOR }, \
	{ "GET", "/staff/keys/{}/card.pdf", staff_key_card, PAGE_KEY_CARD }, \
	{ "GET", "/staff/devices", staff_devices, PAGE_STAFF }, \
	{ "POST", "/staff/devices/{}/remove", staff_device_remove, PAGE_OPERATOR }, \
	{ "GET", "/staff/conflicts", staff_conflicts, PAGE_STAFF }, \
	{ "POST", "/staff/conflicts/{}/resolve", staff_conflict_resolve, PAGE_OPERATOR }, \
	{ "GET", "/staff/authlog", staff_authlog, PAGE_STAFF }, \
	{ "GET", "/staff/audit", staff_audit, PAGE_STAFF }, \
	{ "GET", "/staff/cards", staff_cards, PAGE_STAFF }, \
	{ "POST", "/staff/cards/pdf", staff_cards_pdf, PAGE_CARDS }, \
	{ "GET", "/staff/export/customers.csv", staff_export_customers, PAGE_STAFF }, \
	{ "GET", "/staff/export/keys.csv", staff_export_keys, PAGE_STAFF }, \
	{ "POST", "/staff/export/keys.csv", staff_export_keys_passphrases, PAGE_KEYS_CSV }, \
	{ "GET", "/staff/accounts", staff_accounts, PAGE_ADMIN }, \
	{ "POST", "/staff/accounts", staff_account_create, PAGE_ADMIN }, \
	{ "POST", "/staff/accounts/{}", staff_account_update, PAGE_ADMIN }, \
	{ "POST", "/staff/accounts/{}/activation", staff_account_activation, PAGE_ADMIN }, \
	{ "GET", "/staff/invitations", staff_invitations, PAGE_STAFF }, \
	{ "POST", "/staff/invitations", staff_invitation_create, PAGE_OPERATOR },

#endif
