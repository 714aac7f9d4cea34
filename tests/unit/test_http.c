// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_http.c - the transport-neutral helpers both front doors rely on:
 * query arguments (URL decoding, bounds) and the router's path matching
 * and method handling (through router_dispatch with public routes only, so
 * no database is needed).
 */
#include <string.h>

#include "api/json_in.h"
#include "core/config.h"
#include "server/http.h"
#include "server/router.h"
#include "tests/unit/check.h"

static int query(const char *q, const char *name, char *out, size_t outlen)
{
	struct request rq = { .query = q };
	return request_query(&rq, name, out, outlen);
}

static void test_query(void)
{
	char v[16];
	CHECK(query("a=1&b=two", "b", v, sizeof v) == 1);
	CHECK_STR(v, "two");
	CHECK(query("a=1&b=two", "a", v, sizeof v) == 1);
	CHECK_STR(v, "1");
	CHECK(query("a=1&b=two", "c", v, sizeof v) == 0);
	CHECK(query("ab=1", "a", v, sizeof v) == 0);
	CHECK(query("a", "a", v, sizeof v) == 1);
	CHECK_STR(v, "");
	CHECK(query("s=Tower%20WiFi+x", "s", v, sizeof v) == 1);
	CHECK_STR(v, "Tower WiFi x");
	CHECK(query("s=%zz", "s", v, sizeof v) == -1);
	CHECK(query("s=%4", "s", v, sizeof v) == -1);
	CHECK(query("s=%00", "s", v, sizeof v) == -1);   /* no NUL smuggling */
	CHECK(query("s=0123456789abcdefXYZ", "s", v, sizeof v) == -1); /* too long */
	CHECK(query("", "s", v, sizeof v) == 0);
}

static void test_split_uri(void)
{
	char path[32], q[16];
	CHECK(http_split_uri("/a/b%20c?x=1+2", path, sizeof path, q, sizeof q) == 0);
	CHECK_STR(path, "/a/b c");
	CHECK_STR(q, "x=1+2");                 /* the query stays raw */
	CHECK(http_split_uri("/a+b", path, sizeof path, q, sizeof q) == 0);
	CHECK_STR(path, "/a+b");               /* '+' is a space only in queries */
	CHECK_STR(q, "");
	CHECK(http_split_uri("/a%2", path, sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/a%00b", path, sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/0123456789012345678901234567890123", path,
			     sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/?0123456789abcdefg", path, sizeof path, q,
			     sizeof q) == -1);
	CHECK(http_split_uri("/a?s=%zz", path, sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/a?s=%00", path, sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/a?s=%4", path, sizeof path, q, sizeof q) == -1);
	CHECK(http_split_uri("/a?s=%41", path, sizeof path, q, sizeof q) == 0);
}

static void test_status_text(void)
{
	CHECK_STR(http_status_text(404), "Not Found");
	CHECK_STR(http_status_text(422), "Unprocessable Content");
	CHECK_STR(http_status_text(299), "Unknown");
}

static struct response dispatch(const char *method, const char *path)
{
	struct config cfg;
	config_defaults(&cfg);
	struct request rq = { .method = method, .path = path, .query = "",
			      .cfg = &cfg };
	struct response rs;
	response_init(&rs);
	router_dispatch(&rq, &rs);
	config_free(&cfg);
	return rs;
}

static void test_router(void)
{
	struct response rs = dispatch("GET", "/api/v1/nope");
	CHECK(rs.status == 404);
	CHECK_STR(rs.content_type, "application/problem+json");
	CHECK(strstr(buf_str(&rs.body), "\"code\":\"not_found\"") != NULL);
	response_free(&rs);

	rs = dispatch("DELETE", "/api/v1/health");
	CHECK(rs.status == 405);
	response_free(&rs);

	/* A protected route without a token: 401 before any database use. */
	rs = dispatch("GET", "/api/v1/plans");
	CHECK(rs.status == 401);
	CHECK(strstr(buf_str(&rs.body), "\"code\":\"unauthorized\"") != NULL);
	int has_challenge = 0;
	for (int i = 0; i < rs.nheaders; i++)
		if (strcmp(rs.headers[i].name, "WWW-Authenticate") == 0)
			has_challenge = 1;
	CHECK(has_challenge);
	response_free(&rs);

	/* Empty segments and trailing slashes do not match a parameter. */
	rs = dispatch("GET", "/api/v1/keys//rotate");
	CHECK(rs.status == 404);
	response_free(&rs);
	rs = dispatch("GET", "/api/v1/plans/");
	CHECK(rs.status == 404);
	response_free(&rs);

	/* Every route's pattern is well formed. */
	size_t n;
	const struct route *r = router_routes(&n);
	CHECK(n > 20);
	for (size_t i = 0; i < n; i++) {
		CHECK(strncmp(r[i].pattern, "/api/v1/", 8) == 0);
		CHECK(r[i].handler != NULL);
	}
}

static const struct json_in_field fields[] = {
	{ "name", JSON_IN_STRING, 0, 1, 8 },
	{ "n", JSON_IN_INT, 1, 1, 10 },
	{ "b", JSON_IN_BOOL, 0, 0, 1 },
	{ NULL, 0, 0, 0, 0 },
};


static const char *json_ct(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "Content-Type") == 0 ? "application/json" : NULL;
}

/* Parse body; returns the status (200 for accepted). */
static int parse(const char *body)
{
	struct config cfg;
	config_defaults(&cfg);
	struct request rq = { .body = body, .body_len = strlen(body),
			      .header = json_ct, .cfg = &cfg };
	struct response rs;
	response_init(&rs);
	static const char *const required[] = { "name", NULL };
	struct json_object *o = json_in_parse(&rq, &rs, fields, required);
	int status = o ? 200 : rs.status;
	json_object_put(o);
	response_free(&rs);
	config_free(&cfg);
	return status;
}

static void test_json_in(void)
{
	CHECK(parse("{\"name\":\"ab\"}") == 200);
	CHECK(parse("{\"name\":\"ab\",\"n\":null,\"b\":true}") == 200);
	CHECK(parse("{\"name\":\"ab\",\"n\":3}") == 200);
	CHECK(parse("{\"name\":\"ab\"") == 400);        /* truncated */
	CHECK(parse("{\"name\":\"ab\"} x") == 400);     /* trailing garbage */
	CHECK(parse("[1]") == 422);                     /* not an object */
	CHECK(parse("{}") == 422);                      /* missing name */
	CHECK(parse("{\"name\":\"123456789\"}") == 422); /* too long */
	CHECK(parse("{\"name\":\"\"}") == 422);          /* too short */
	CHECK(parse("{\"name\":1}") == 422);            /* wrong type */
	CHECK(parse("{\"name\":\"a\",\"n\":11}") == 422); /* out of range */
	CHECK(parse("{\"name\":\"a\",\"n\":1.5}") == 422); /* not whole */
	CHECK(parse("{\"name\":\"a\",\"n\":99999999999999999999}") == 422);
	CHECK(parse("{\"name\":\"a\",\"b\":null}") == 422); /* not nullable */
	CHECK(parse("{\"name\":\"a\",\"x\":1}") == 422);  /* unknown field */
	CHECK(parse("{\"name\":\"a\\u0000b\"}") == 422); /* NUL inside */
	CHECK(parse("{\"name\":\"a\",\"n\":[[[[[[[[[[1]]]]]]]]]]}") == 400); /* deep */
	CHECK(parse("") == 400);
}

int main(void)
{
	test_query();
	test_split_uri();
	test_status_text();
	test_router();
	test_json_in();
	return check_report();
}
