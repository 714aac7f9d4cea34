// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * static_files.c - the embedded server's /static/. See static_files.h.
 */
#include "portal/static_files.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "portal/page.h"

static const struct {
	const char *ext;
	const char *type;
} static_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".png", "image/png" },
	{ ".svg", "image/svg+xml" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
};

void static_serve(struct request *rq, struct response *rs)
{
	const char *name = rq->path + strlen("/static/");
	size_t n = strlen(name);
	const char *type = NULL;
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
		page_error(rq, rs, 405, "Static files can only be read.");
		return;
	}
	/* Letters, digits, - _ . and no leading dot: nothing can climb out
	 * of the folder or reach a hidden file. */
	if (n == 0 || n > 64 || name[0] == '.' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") != n)
		name = NULL;
	for (size_t i = 0; name && i < sizeof static_types / sizeof static_types[0]; i++) {
		size_t e = strlen(static_types[i].ext);
		if (n > e && strcmp(name + n - e, static_types[i].ext) == 0)
			type = static_types[i].type;
	}
	char path[512];
	FILE *f = NULL;
	if (name && type &&
	    snprintf(path, sizeof path, "%s/%s", rq->cfg->static_dir, name) <
		    (int)sizeof path)
		f = fopen(path, "rb");
	if (!f) {
		page_error(rq, rs, 404, "There is no such file.");
		return;
	}
	char chunk[8192];
	size_t got;
	buf_reset(&rs->body);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&rs->body, chunk, got) < 0)
			break;
	fclose(f);
	rs->status = 200;
	rs->content_type = type;
	page_security_headers(rs);
}
