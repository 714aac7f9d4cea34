/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * front_mhd.h - the embedded HTTP front door (libmicrohttpd).
 *
 * For a single host, development and the tests: HTTP on one address and
 * port, a pool of worker threads each with its own database connection.
 */
#ifndef MPSK_SERVER_FRONT_MHD_H
#define MPSK_SERVER_FRONT_MHD_H

struct config;
struct MHD_Daemon;

/* Start serving; NULL on failure (message on stderr). */
struct MHD_Daemon *front_mhd_start(const struct config *cfg);
void front_mhd_stop(struct MHD_Daemon *d);

#endif
