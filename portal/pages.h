/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pages.h - the handlers of every page, listed in portal_routes.c.
 *
 * A handler runs only after portal_dispatch() has checked who may see the
 * page and, for a POST, the form's CSRF token; rq->session is set for
 * every page but the public ones, and rq->form for every POST.
 */
#ifndef MPSK_PORTAL_PAGES_H
#define MPSK_PORTAL_PAGES_H

#include "server/http.h"

/* auth_pages.c: both areas */
void auth_signin_form(struct request *rq, struct response *rs);
void auth_signin(struct request *rq, struct response *rs);
void auth_signout(struct request *rq, struct response *rs);
void auth_activate_form(struct request *rq, struct response *rs);
void auth_activate(struct request *rq, struct response *rs);
void auth_signup_form(struct request *rq, struct response *rs);
void auth_signup(struct request *rq, struct response *rs);
void auth_password_form(struct request *rq, struct response *rs);
void auth_password(struct request *rq, struct response *rs);

/* tenant_keys.c */
void tenant_home(struct request *rq, struct response *rs);
void tenant_keys(struct request *rq, struct response *rs);
void tenant_key(struct request *rq, struct response *rs);
void tenant_key_rotate_form(struct request *rq, struct response *rs);
void tenant_key_rotate(struct request *rq, struct response *rs);
void tenant_key_qr(struct request *rq, struct response *rs);
void tenant_key_card(struct request *rq, struct response *rs);

/* tenant_devices.c */
void tenant_devices(struct request *rq, struct response *rs);
void tenant_device_add(struct request *rq, struct response *rs);
void tenant_device(struct request *rq, struct response *rs);
void tenant_device_rename(struct request *rq, struct response *rs);
void tenant_device_remove(struct request *rq, struct response *rs);

/* tenant_guests.c */
void tenant_guests(struct request *rq, struct response *rs);
void tenant_guest_create(struct request *rq, struct response *rs);
void tenant_guest_revoke(struct request *rq, struct response *rs);

#endif
