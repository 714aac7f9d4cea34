/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * api_routes.h - the route table of /api/v1.
 */
#ifndef MPSK_API_API_ROUTES_H
#define MPSK_API_API_ROUTES_H

#include <stddef.h>

#include "server/router.h"

/* The API's routes; count is set. */
const struct route *api_routes(size_t *count);

#endif
