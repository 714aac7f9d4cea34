/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * front_fcgi.h - the FastCGI front door (libfcgi), for nginx in production.
 *
 * Listens on a unix socket path or ":port", and runs fcgi_threads workers,
 * each accepting requests with its own database connection.
 */
#ifndef MPSK_SERVER_FRONT_FCGI_H
#define MPSK_SERVER_FRONT_FCGI_H

struct config;

/* Open the socket and start the workers. 0, or -1 (message on stderr). */
int front_fcgi_start(const struct config *cfg);

/* Ask the workers to stop and wait for them. */
void front_fcgi_stop(void);

#endif
