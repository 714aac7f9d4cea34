// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * front_fcgi.c - libfcgi front door. See front_fcgi.h.
 */
#include "server/front_fcgi.h"

#include <fcgiapp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/problem.h"
#include "core/config.h"
#include "core/xalloc.h"
#include "server/worker.h"

#define FRONT_FCGI_MAX_THREADS 64
/* Shorter secrets are refused at start: they could be guessed. */
#define FRONT_FCGI_SECRET_MIN 24

static int front_fcgi_sock = -1;
static pthread_t front_fcgi_threads[FRONT_FCGI_MAX_THREADS];
static int front_fcgi_nthreads;
static const struct config *front_fcgi_cfg;

/* FastCGI passes headers as HTTP_* parameters: Content-Type → HTTP_CONTENT_TYPE
 * (and CONTENT_TYPE). */
static const char *front_fcgi_header(void *ctx, const char *name)
{
	FCGX_Request *r = ctx;
	if (strcasecmp(name, "Content-Type") == 0)
		return FCGX_GetParam("CONTENT_TYPE", r->envp);
	char key[128] = "HTTP_";
	size_t o = 5;
	for (const char *p = name; *p && o + 1 < sizeof key; p++)
		key[o++] = *p == '-' ? '_' :
			   (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
	key[o] = '\0';
	return FCGX_GetParam(key, r->envp);
}

/* Read the body, up to the configured maximum. */
static void front_fcgi_body(FCGX_Request *r, struct buf *body, int *too_large)
{
	char chunk[8192];
	int n;
	while ((n = FCGX_GetStr(chunk, sizeof chunk, r->in)) > 0)
		if (!*too_large && buf_append(body, chunk, (size_t)n) < 0)
			*too_large = 1;
}

static void front_fcgi_send(FCGX_Request *r, struct response *rs)
{
	/* libfcgi's own printf knows few conversions: format here. */
	struct buf head;
	buf_init(&head, 16384);
	buf_printf(&head, "Status: %d %s\r\n", rs->status,
		   http_status_text(rs->status));
	if (rs->status != 204)
		buf_printf(&head, "Content-Type: %s\r\n", rs->content_type);
	buf_append_str(&head, "Cache-Control: no-store\r\n"
		       "X-Content-Type-Options: nosniff\r\n");
	for (int i = 0; i < rs->nheaders; i++)
		buf_printf(&head, "%s: %s\r\n", rs->headers[i].name,
			   rs->headers[i].value);
	buf_printf(&head, "Content-Length: %zu\r\n\r\n", rs->body.len);
	FCGX_PutStr(buf_str(&head), (int)head.len, r->out);
	FCGX_PutStr(buf_str(&rs->body), (int)rs->body.len, r->out);
	buf_free(&head);
}

/*
 * Whether the request came from our nginx: it carries the shared secret
 * as MPSK_FCGI_SECRET (from a file that only root, and so only nginx's
 * master process, can read). Anything else that can reach the socket --
 * any process of nginx's user, php-fpm pools, CGI scripts -- could
 * otherwise claim any REMOTE_ADDR (the sign-in throttle, the audit log)
 * and HTTPS. Compared in constant time.
 */
static int front_fcgi_trusted(FCGX_Request *r)
{
	const char *want = front_fcgi_cfg->fcgi_secret;
	const char *got = FCGX_GetParam("MPSK_FCGI_SECRET", r->envp);
	size_t n = strlen(want);
	return got && strlen(got) == n && sodium_memcmp(got, want, n) == 0;
}

static void front_fcgi_serve(FCGX_Request *r)
{
	const struct config *cfg = front_fcgi_cfg;
	static __thread char path[2048], query[4096];
	struct buf body;
	buf_init(&body, (size_t)cfg->max_body_bytes);
	int too_large = 0;
	front_fcgi_body(r, &body, &too_large);
	struct response rs;
	response_init(&rs);
	const char *method = FCGX_GetParam("REQUEST_METHOD", r->envp);
	const char *uri = FCGX_GetParam("REQUEST_URI", r->envp);
	const char *addr = FCGX_GetParam("REMOTE_ADDR", r->envp);
	const char *https = FCGX_GetParam("HTTPS", r->envp);
	if (!front_fcgi_trusted(r)) {
		problem(&rs, 403, "untrusted_front_door", NULL,
			"this FastCGI connection is not from the configured web server");
		fputs("mpsk: FastCGI request without the front-door secret refused\n",
		      stderr);
	} else if (!method || !uri ||
	    http_split_uri(uri, path, sizeof path, query, sizeof query) < 0) {
		struct request bad = { .method = method ? method : "-",
				       .path = "-", .remote_addr = addr ? addr : "-" };
		worker_refuse_uri(&bad, &rs);
	} else {
		struct request rq = {
			.method = method, .path = path, .query = query,
			.remote_addr = addr ? addr : "-",
			.https = https && *https,
			.body = body.len ? buf_str(&body) : NULL,
			.body_len = body.len, .body_too_large = too_large,
			.header = front_fcgi_header, .header_ctx = r,
		};
		worker_handle(cfg, &rq, &rs);
	}
	front_fcgi_send(r, &rs);
	response_free(&rs);
	buf_free_secret(&body); /* bodies may carry passphrases */
}

static void *front_fcgi_worker(void *arg)
{
	(void)arg;
	FCGX_Request r;
	FCGX_InitRequest(&r, front_fcgi_sock, 0);
	while (FCGX_Accept_r(&r) == 0) {
		front_fcgi_serve(&r);
		FCGX_Finish_r(&r);
	}
	FCGX_Free(&r, 1);
	worker_release();
	return NULL;
}

int front_fcgi_start(const struct config *cfg)
{
	front_fcgi_cfg = cfg;
	if (strlen(cfg->fcgi_secret) < FRONT_FCGI_SECRET_MIN) {
		fprintf(stderr, "mpsk: fcgi_socket needs fcgi_secret, at least %d "
			"characters, also given to nginx (docs/DEPLOY.md)\n",
			FRONT_FCGI_SECRET_MIN);
		return -1;
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "mpsk: FCGX_Init failed\n");
		return -1;
	}
	if (cfg->fcgi_socket[0] != ':')
		unlink(cfg->fcgi_socket);
	front_fcgi_sock = FCGX_OpenSocket(cfg->fcgi_socket, 128);
	if (front_fcgi_sock < 0) {
		fprintf(stderr, "mpsk: cannot listen on FastCGI socket %s\n",
			cfg->fcgi_socket);
		return -1;
	}
	/* nginx runs as another user: let it connect to the unix socket. */
	if (cfg->fcgi_socket[0] != ':')
		chmod(cfg->fcgi_socket, 0660);
	front_fcgi_nthreads = cfg->fcgi_threads;
	if (front_fcgi_nthreads > FRONT_FCGI_MAX_THREADS)
		front_fcgi_nthreads = FRONT_FCGI_MAX_THREADS;
	for (int i = 0; i < front_fcgi_nthreads; i++)
		if (pthread_create(&front_fcgi_threads[i], NULL, front_fcgi_worker,
				   NULL) != 0) {
			fprintf(stderr, "mpsk: cannot start FastCGI worker\n");
			front_fcgi_nthreads = i;
			return -1;
		}
	return 0;
}

void front_fcgi_stop(void)
{
	if (front_fcgi_sock < 0)
		return;
	FCGX_ShutdownPending();
	/* Wake workers blocked in accept(). */
	shutdown(front_fcgi_sock, SHUT_RDWR);
	for (int i = 0; i < front_fcgi_nthreads; i++)
		pthread_join(front_fcgi_threads[i], NULL);
	close(front_fcgi_sock);
	front_fcgi_sock = -1;
	if (front_fcgi_cfg->fcgi_socket[0] != ':')
		unlink(front_fcgi_cfg->fcgi_socket);
}
