// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * http.c - request/response helpers shared by both front doors. See http.h.
 */
#include "server/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/hex.h"
#include "core/xalloc.h"

void response_init(struct response *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	rs->content_type = "application/json";
	buf_init(&rs->body, HTTP_MAX_RESPONSE);
}

void response_free(struct response *rs)
{
	buf_free_secret(&rs->body); /* bodies may carry passphrases */
	for (int i = 0; i < rs->nheaders; i++)
		free(rs->headers[i].value);
	rs->nheaders = 0;
}

void response_header(struct response *rs, const char *name, const char *value)
{
	if (rs->nheaders == HTTP_MAX_HEADERS)
		return;
	rs->headers[rs->nheaders].name = name;
	rs->headers[rs->nheaders].value = xstrdup(value);
	rs->nheaders++;
}

const char *request_header(const struct request *rq, const char *name)
{
	return rq->header ? rq->header(rq->header_ctx, name) : NULL;
}

/* URL-decode src[0..n) into out (NUL-terminated); '+' is a space only in
 * query strings (plus_is_space). A NUL or a bad escape is refused. 0 or -1. */
static int http_decode(const char *src, size_t n, char *out, size_t outlen,
		       int plus_is_space)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = src[i];
		if (c == '+' && plus_is_space) {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hex_value(src[i + 1]);
			int lo = hex_value(src[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0' || o + 1 >= outlen)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

static int http_url_decode(const char *src, size_t n, char *out, size_t outlen)
{
	return http_decode(src, n, out, outlen, 1);
}

static int http_url_decode_path(const char *src, size_t n, char *out,
				size_t outlen)
{
	return http_decode(src, n, out, outlen, 0);
}

int http_split_uri(const char *uri, char *path, size_t pathlen, char *query,
		   size_t querylen)
{
	size_t n = strcspn(uri, "?");
	if (http_url_decode_path(uri, n, path, pathlen) < 0)
		return -1;
	const char *q = uri[n] == '?' ? uri + n + 1 : "";
	size_t qlen = strlen(q);
	if (qlen >= querylen)
		return -1;
	/* The query stays raw (request_query decodes it per argument), but a
	 * malformed escape in it refuses the request here, as the embedded
	 * server does, so both doors answer alike. */
	for (const char *p = strchr(q, '%'); p; p = strchr(p + 1, '%')) {
		int hi = hex_value(p[1]);
		int lo = hi < 0 ? -1 : hex_value(p[2]);
		if (lo < 0 || (hi | lo) == 0)
			return -1;
	}
	memcpy(query, q, qlen + 1);
	return 0;
}

int request_query(const struct request *rq, const char *name, char *out,
		  size_t outlen)
{
	if (rq->query_arg) {
		const char *v = rq->query_arg(rq->header_ctx, name);
		if (!v)
			return 0;
		if (strlen(v) >= outlen)
			return -1;
		memcpy(out, v, strlen(v) + 1);
		return 1;
	}
	const char *q = rq->query ? rq->query : "";
	size_t nlen = strlen(name);
	while (*q) {
		const char *amp = strchr(q, '&');
		size_t seg = amp ? (size_t)(amp - q) : strlen(q);
		if (seg > nlen && strncmp(q, name, nlen) == 0 && q[nlen] == '=')
			return http_url_decode(q + nlen + 1, seg - nlen - 1, out,
					       outlen) < 0 ? -1 : 1;
		if (seg == nlen && strncmp(q, name, nlen) == 0)
			return http_url_decode("", 0, out, outlen) < 0 ? -1 : 1;
		q += seg;
		if (*q == '&')
			q++;
	}
	return 0;
}

const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 423: return "Locked";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}
