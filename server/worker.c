// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * worker.c - per-thread database connection and dispatch. See worker.h.
 */
#include "server/worker.h"

#include <errmsg.h>
#include <stdio.h>
#include <string.h>

#include "api/problem.h"
#include "core/config.h"
#include "core/db.h"
#include "core/logtext.h"
#include "server/router.h"

#include <pthread.h>

#define WORKER_MAX 256
#define WORKER_DEADLOCK_TRIES 5

static __thread struct db *worker_db;
/* Every open connection, so that shutdown can close those of threads that
 * the HTTP library owns and ends without telling us. */
static struct db *worker_all[WORKER_MAX];
static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;

static void worker_track(struct db *db, struct db *replace)
{
	pthread_mutex_lock(&worker_lock);
	for (int i = 0; i < WORKER_MAX; i++)
		if (worker_all[i] == replace) {
			worker_all[i] = db;
			break;
		}
	pthread_mutex_unlock(&worker_lock);
}

static struct db *worker_connect(const struct config *cfg)
{
	if (worker_db)
		return worker_db;
	struct db_params p = {
		.host = cfg->db_host, .port = cfg->db_port,
		.socket = cfg->db_socket, .name = cfg->db_name,
		.user = cfg->db_user, .password = cfg->db_password,
	};
	char err[256];
	worker_db = db_open(&p, err, sizeof err);
	if (!worker_db)
		fprintf(stderr, "mpsk: %s\n", err);
	else
		worker_track(worker_db, NULL);
	return worker_db;
}

void worker_release(void)
{
	if (!worker_db)
		return;
	worker_track(NULL, worker_db);
	db_close(worker_db);
	worker_db = NULL;
}

void worker_release_all(void)
{
	pthread_mutex_lock(&worker_lock);
	for (int i = 0; i < WORKER_MAX; i++) {
		db_close(worker_all[i]);
		worker_all[i] = NULL;
	}
	pthread_mutex_unlock(&worker_lock);
}

/* The request's log line. Every part of it comes from the client (the path
 * decoded, so "%0a" is a newline): escaped, one request one line. */
static void worker_log(const struct request *rq, const char *note, int status)
{
	char addr[64], method[40], path[1024];
	fprintf(stderr, "mpsk: %s %s %s%s %d\n",
		logtext(addr, sizeof addr, rq->remote_addr),
		logtext(method, sizeof method, rq->method),
		logtext(path, sizeof path, rq->path), note, status);
}

void worker_handle(const struct config *cfg, struct request *rq,
		   struct response *rs)
{
	rq->cfg = cfg;
	rq->db = worker_connect(cfg);
	if (!rq->db) {
		router_unavailable(rq, rs);
	} else {
		router_dispatch(rq, rs);
		/* InnoDB picks a victim when concurrent writers deadlock (two
		 * new customers taking gap locks, say); its transaction was
		 * rolled back whole, so running the request again is safe. */
		for (int tries = 1; tries < WORKER_DEADLOCK_TRIES &&
				    (db_errno(rq->db) == DB_ERR_DEADLOCK ||
				     db_errno(rq->db) == DB_ERR_LOCK_WAIT); tries++) {
			response_free(rs);
			response_init(rs);
			router_dispatch(rq, rs);
		}
		unsigned e = db_errno(rq->db);
		/* The server went away or the connection broke: start afresh
		 * on the next request rather than fail every one after. */
		if (e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
		    e == CR_CONNECTION_ERROR)
			worker_release();
	}
	worker_log(rq, "", rs->status);
}

void worker_refuse_uri(struct request *rq, struct response *rs)
{
	problem(rs, 400, "malformed_uri", NULL,
		"the request URI has a malformed or NUL percent-escape");
	worker_log(rq, " (malformed URI)", rs->status);
}
