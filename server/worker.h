/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * worker.h - what every front door does with a request it has read.
 *
 * Gives the request the calling thread's database connection (one per
 * worker thread, opened on first use and reopened after the server went
 * away), dispatches it, and writes one access-log line. The access log
 * names method, path and status only: never a body, a header or a query.
 */
#ifndef MPSK_SERVER_WORKER_H
#define MPSK_SERVER_WORKER_H

#include "server/http.h"

void worker_handle(const struct config *cfg, struct request *rq,
		   struct response *rs);

/* Answer a request whose URI could not be decoded (400), and log it
 * without the URI. */
void worker_refuse_uri(struct request *rq, struct response *rs);

/* Close this thread's database connection (at thread exit). */
void worker_release(void);

/* Close every worker's connection: at shutdown, after all workers stopped. */
void worker_release_all(void);

#endif
