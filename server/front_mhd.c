// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * front_mhd.c - libmicrohttpd front door. See front_mhd.h.
 */
#include "server/front_mhd.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/xalloc.h"
#include "server/worker.h"

/* What one connection accumulates across the access-handler calls. */
struct front_mhd_upload {
	struct buf body;
	int too_large;
	int bad_escape;   /* the URL had a malformed or NUL escape */
};

/* Set by front_mhd_unescape while libmicrohttpd parses a request line, read
 * and cleared by the first access-handler call for that request, which runs
 * next on the same thread (each connection belongs to one pool thread). */
static __thread int front_mhd_bad_escape;

static int front_mhd_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode in place as the FastCGI door does: a malformed escape or
 * an encoded NUL (which would cut the path short) is kept as it is and
 * flags the request, which then gets a 400. */
static size_t front_mhd_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *w = s;
	for (char *r = s; *r; r++) {
		int hi, lo;
		if (*r == '%' && (hi = front_mhd_hex(r[1])) >= 0 &&
		    (lo = front_mhd_hex(r[2])) >= 0 && (hi | lo)) {
			*w++ = (char)(hi << 4 | lo);
			r += 2;
		} else {
			if (*r == '%')
				front_mhd_bad_escape = 1;
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static const char *front_mhd_header(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static const char *front_mhd_query(void *ctx, const char *name)
{
	const char *value = NULL;
	size_t len = 0;
	if (MHD_lookup_connection_value_n(ctx, MHD_GET_ARGUMENT_KIND, name,
					  strlen(name), &value, &len) != MHD_YES)
		return NULL;
	/* "?page" without '=' is there, with an empty value (as FastCGI). */
	return value ? value : "";
}

static void front_mhd_peer(struct MHD_Connection *c, char *out, size_t outlen)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, outlen, "-");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  out, (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)outlen);
}

static enum MHD_Result front_mhd_send(struct MHD_Connection *c,
				      struct response *rs)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		rs->body.len, (void *)buf_str(&rs->body), MHD_RESPMEM_MUST_COPY);
	if (rs->status != 204)
		MHD_add_response_header(r, "Content-Type", rs->content_type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (int i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->headers[i].name,
					rs->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result front_mhd_access(void *cls, struct MHD_Connection *c,
					const char *url, const char *method,
					const char *version, const char *upload_data,
					size_t *upload_data_size, void **con_cls)
{
	(void)version;
	const struct config *cfg = cls;
	struct front_mhd_upload *up = *con_cls;
	if (!up) {
		up = xcalloc(1, sizeof *up);
		buf_init(&up->body, (size_t)cfg->max_body_bytes);
		up->bad_escape = front_mhd_bad_escape;
		front_mhd_bad_escape = 0;
		*con_cls = up;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!up->too_large &&
		    buf_append(&up->body, upload_data, *upload_data_size) < 0)
			up->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	char peer[INET6_ADDRSTRLEN + 1];
	front_mhd_peer(c, peer, sizeof peer);
	struct request rq = {
		.method = method, .path = url, .query = "",
		.remote_addr = peer,
		.body = up->body.len ? buf_str(&up->body) : NULL,
		.body_len = up->body.len, .body_too_large = up->too_large,
		.header = front_mhd_header, .query_arg = front_mhd_query,
		.header_ctx = c,
	};
	struct response rs;
	response_init(&rs);
	if (up->bad_escape)
		worker_refuse_uri(&rq, &rs);
	else
		worker_handle(cfg, &rq, &rs);
	enum MHD_Result ret = front_mhd_send(c, &rs);
	response_free(&rs);
	return ret;
}

static void front_mhd_completed(void *cls, struct MHD_Connection *c,
				void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct front_mhd_upload *up = *con_cls;
	if (!up)
		return;
	buf_free_secret(&up->body); /* bodies may carry passphrases */
	free(up);
	*con_cls = NULL;
}

struct MHD_Daemon *front_mhd_start(const struct config *cfg)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)cfg->http_port) };
	if (inet_pton(AF_INET, cfg->http_address, &sa.sin_addr) != 1) {
		fprintf(stderr, "mpsk: http_address %s is not an IPv4 address\n",
			cfg->http_address);
		return NULL;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
			MHD_USE_ERROR_LOG,
		(uint16_t)cfg->http_port, NULL, NULL, front_mhd_access,
		(void *)cfg, MHD_OPTION_SOCK_ADDR, &sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->http_threads,
		MHD_OPTION_NOTIFY_COMPLETED, front_mhd_completed, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_UNESCAPE_CALLBACK, front_mhd_unescape, NULL,
		MHD_OPTION_END);
	if (!d)
		fprintf(stderr, "mpsk: cannot listen on %s:%d\n",
			cfg->http_address, cfg->http_port);
	return d;
}

void front_mhd_stop(struct MHD_Daemon *d)
{
	if (d)
		MHD_stop_daemon(d);
}
