// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * api_meta.c - /api/v1/health, /api/v1/openapi.json and /api/v1/decision.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_common.h"
#include "api/api_resources.h"
#include "api/json_in.h"
#include "api/problem.h"
#include "core/config.h"
#include "core/db.h"
#include "core/decision.h"
#include "core/mac.h"
#include "core/ssid.h"

void api_health(struct request *rq, struct response *rs)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT MAX(version) FROM schema_migrations", "");
	if (!st || db_next(st) != 1) {
		problem(rs, 503, "database_unavailable", NULL,
			"the database does not answer");
		return;
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "status", json_object_new_string("ok"));
	json_object_object_add(o, "schema_version",
			       json_object_new_int64(db_col_int(st, 0)));
	json_out(rs, 200, o);
}

/* The OpenAPI document, read once: it ships with the program. */
static char *api_openapi_text;
static size_t api_openapi_len;
static pthread_once_t api_openapi_once = PTHREAD_ONCE_INIT;
static const struct config *api_openapi_cfg;

static void api_openapi_load(void)
{
	FILE *f = fopen(api_openapi_cfg->openapi_path, "r");
	if (!f)
		return;
	struct buf b;
	buf_init(&b, 4u << 20);
	char chunk[8192];
	size_t n;
	int ok = 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&b, chunk, n) < 0)
			ok = 0;
	fclose(f);
	if (!ok) {
		buf_free(&b);
		return;
	}
	api_openapi_len = b.len;
	api_openapi_text = buf_steal(&b);
}

void api_openapi(struct request *rq, struct response *rs)
{
	api_openapi_cfg = rq->cfg;
	pthread_once(&api_openapi_once, api_openapi_load);
	if (!api_openapi_text) {
		problem(rs, 500, "openapi_missing", NULL,
			"the OpenAPI document is not installed (openapi_path)");
		return;
	}
	buf_reset(&rs->body);
	buf_append(&rs->body, api_openapi_text, api_openapi_len);
	rs->status = 200;
	rs->content_type = "application/json";
}

void api_decision(struct request *rq, struct response *rs)
{
	char macq[40], mac[13], ssid[40] = "";
	int rc = request_query(rq, "mac", macq, sizeof macq);
	if (rc <= 0 || mac_normalize(macq, mac) < 0) {
		problem(rs, 400, "invalid_mac", "mac",
			"give the device's MAC as ?mac=aa:bb:cc:dd:ee:ff");
		return;
	}
	rc = request_query(rq, "ssid", ssid, sizeof ssid);
	if (rc < 0 || (rc == 1 && ssid_validate((const unsigned char *)ssid,
						strlen(ssid)) < 0)) {
		problem(rs, 400, "invalid_ssid", "ssid",
			"ssid is 1 to 32 bytes of UTF-8");
		return;
	}
	struct fault f = { 0 };
	api_reply(rs, 200, decision_json(rq->db, mac, (const unsigned char *)ssid,
					 strlen(ssid), &f), &f);
}
