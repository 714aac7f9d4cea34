// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_scopes.c - the token scope model: the scope list parser, and the
 * route table's rule that infrastructure (plans, networks, NAS clients) is
 * changed with admin only, never with write (issue 7, 2.1: a write token
 * that could register a NAS could read every passphrase over RADIUS).
 */
#include <string.h>

#include "core/tokens.h"
#include "server/router.h"
#include "tests/unit/check.h"

static unsigned parse(const char *list)
{
	unsigned s = 0xdead;
	return tokens_parse_scopes(list, &s) == 0 ? s : 0xdead;
}

static void test_parse(void)
{
	CHECK(parse("read") == TOKENS_SCOPE_READ);
	CHECK(parse("admin") == TOKENS_SCOPE_ADMIN);
	CHECK(parse("read,write,secrets,admin") ==
	      (TOKENS_SCOPE_READ | TOKENS_SCOPE_WRITE | TOKENS_SCOPE_SECRETS |
	       TOKENS_SCOPE_ADMIN));
	/* The order MariaDB stores a SET in, and any other. */
	CHECK(parse("admin,read") == (TOKENS_SCOPE_READ | TOKENS_SCOPE_ADMIN));
	CHECK(parse("read,read") == TOKENS_SCOPE_READ);
	/* The four bits are distinct. */
	CHECK((TOKENS_SCOPE_ADMIN & (TOKENS_SCOPE_READ | TOKENS_SCOPE_WRITE |
				     TOKENS_SCOPE_SECRETS)) == 0);

	static const char *const bad[] = {
		"", ",", "read,,write", "Admin", "ADMIN", "admins", "admi",
		"adminx", "read, admin", " admin", "all", "*", "root",
		"read,write,secret", "admin\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unsigned s;
		if (tokens_parse_scopes(bad[i], &s) != -1) {
			check_failed++;
			fprintf(stderr, "accepted scope list \"%s\"\n", bad[i]);
		} else {
			check_passed++;
		}
	}
}

static int is_infrastructure(const char *pattern)
{
	static const char *const roots[] = {
		"/api/v1/plans", "/api/v1/networks", "/api/v1/nas",
	};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		size_t n = strlen(roots[i]);
		if (strncmp(pattern, roots[i], n) == 0 &&
		    (pattern[n] == '\0' || pattern[n] == '/'))
			return 1;
	}
	return 0;
}

static void test_routes(void)
{
	size_t n;
	const struct route *r = router_routes(&n);
	int infra_writes = 0;
	for (size_t i = 0; i < n; i++) {
		int get = strcmp(r[i].method, "GET") == 0;
		if (is_infrastructure(r[i].pattern)) {
			/* Reading infrastructure is read; changing it is
			 * admin and nothing else will do. */
			unsigned want = get ? AUTH_SCOPE_READ : AUTH_SCOPE_ADMIN;
			if (r[i].scope != want) {
				check_failed++;
				fprintf(stderr, "%s %s needs scope %u, want %u\n",
					r[i].method, r[i].pattern, r[i].scope, want);
			} else {
				check_passed++;
			}
			infra_writes += !get;
		} else {
			/* admin reaches infrastructure only. */
			CHECK((r[i].scope & AUTH_SCOPE_ADMIN) == 0);
		}
		/* No route can be reached without some scope but the two
		 * public ones. */
		if (r[i].scope == AUTH_PUBLIC)
			CHECK(strcmp(r[i].pattern, "/api/v1/health") == 0 ||
			      strcmp(r[i].pattern, "/api/v1/openapi.json") == 0);
	}
	/* POST, PATCH and DELETE of each of the three. */
	CHECK(infra_writes == 9);
}

int main(void)
{
	test_parse();
	test_routes();
	return check_report();
}
