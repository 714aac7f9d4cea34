/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * http.h - the transport-neutral request and response every handler sees.
 *
 * The two front doors (front_fcgi.c for nginx, front_mhd.c for the embedded
 * server) fill a struct request and send the struct response back; nothing
 * else knows which one called. Strings in a request belong to the front
 * door and live until the response has been sent.
 */
#ifndef MPSK_SERVER_HTTP_H
#define MPSK_SERVER_HTTP_H

#include <stddef.h>

#include "core/buf.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 12

struct db;
struct config;
struct session;
struct form;

struct request {
	const char *method;       /* "GET", "POST", ... */
	const char *path;         /* without the query string */
	const char *query;        /* raw query string, "" when none */
	const char *remote_addr;  /* the client (nginx passes REMOTE_ADDR) */
	int https;                /* it came over TLS (nginx passes HTTPS) */
	const char *body;         /* NULL when none; not NUL-terminated */
	size_t body_len;
	int body_too_large;       /* the front door refused to read it all */
	/* Look up a request header (case-insensitive); NULL when absent. */
	const char *(*header)(void *ctx, const char *name);
	void *header_ctx;
	/* Look up a decoded query argument; when NULL, query is parsed. */
	const char *(*query_arg)(void *ctx, const char *name);
	/* Filled by the router: the {} segments of the matched pattern. */
	const char *params[HTTP_MAX_PARAMS];
	char param_store[HTTP_MAX_PARAMS][256];
	int nparams;
	/* Filled by the router: who is calling. */
	const char *actor;        /* e.g. "token:billing" */
	unsigned scopes;          /* AUTH_SCOPE_* bits */
	/* Filled by the portal for pages: who is signed in (NULL: nobody),
	 * the decoded form of a POST, and the CSRF token forms must carry. */
	struct session *session;
	struct form *form;
	const char *csrf;
	/* The worker thread's database connection and the settings. */
	struct db *db;
	const struct config *cfg;
};

struct http_header {
	const char *name;   /* static strings only */
	char *value;        /* malloc'd, freed with the response */
};

struct response {
	int status;
	const char *content_type;  /* static string */
	struct buf body;
	struct http_header headers[HTTP_MAX_HEADERS];
	int nheaders;
};

/* The most bytes a response body may have (QR images, long lists). */
#define HTTP_MAX_RESPONSE (16u << 20)

void response_init(struct response *rs);
void response_free(struct response *rs);
/* Add a header (value copied). Extra headers past the limit are dropped. */
void response_header(struct response *rs, const char *name, const char *value);

/* The value of a request header, or NULL. */
const char *request_header(const struct request *rq, const char *name);

/* Find query parameter name in rq->query, URL-decode it into out.
 * Returns 1 found, 0 absent, -1 malformed or longer than outlen-1. */
int request_query(const struct request *rq, const char *name, char *out,
		  size_t outlen);

/* Split a raw request URI into its percent-decoded path and its raw query
 * (as the embedded server hands them over). 0, or -1 when malformed
 * (bad escape, encoded NUL) or too long for the buffers. */
int http_split_uri(const char *uri, char *path, size_t pathlen, char *query,
		   size_t querylen);

/* The standard text for a status code ("Not Found"). */
const char *http_status_text(int status);

#endif
