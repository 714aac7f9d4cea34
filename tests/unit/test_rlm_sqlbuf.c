// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_rlm_sqlbuf.c - rlm_mpsk's poll statement builder (rlm_mpsk/sqlbuf.c).
 *
 * rlm_mpsk is a FreeRADIUS module, not part of libmpskcore, so its one
 * pure file is compiled into this test directly. The case that matters:
 * 200 gaps with 20-digit sequence numbers, where the old builder (48
 * bytes per gap, `cap - (p - sql)`) wrote past its buffer.
 */
#include "rlm_mpsk/sqlbuf.c"

#include <inttypes.h>
#include <string.h>

#include "tests/unit/check.h"

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

static void test_large_sequence_numbers(void)
{
	mpsk_gap_t gaps[200];
	for (size_t i = 0; i < 200; i++) {
		gaps[i].lo = UINT64_MAX - 1000000 - 10 * i;
		gaps[i].hi = UINT64_MAX - 1000000 - 10 * i + 5;
	}
	char *sql = mpsk_poll_sql("SELECT c.seq FROM radius_lookup_changes c WHERE",
				  UINT64_MAX - 3, gaps, 200, 20000);
	CHECK(sql != NULL);
	if (!sql)
		return;
	/* Every gap is there, whole, and the statement ends as it should. */
	CHECK(count(sql, " OR c.seq BETWEEN ") == 200);
	char last[128];
	snprintf(last, sizeof last, " OR c.seq BETWEEN %" PRIu64 " AND %" PRIu64
		 " ORDER BY c.seq LIMIT 20000", gaps[199].lo, gaps[199].hi);
	size_t n = strlen(sql), m = strlen(last);
	CHECK(n > m && strcmp(sql + n - m, last) == 0);
	const char *start = "SELECT c.seq FROM radius_lookup_changes c WHERE"
			    " c.seq > 18446744073709551612 OR c.seq BETWEEN ";
	CHECK(strncmp(sql, start, strlen(start)) == 0);
	/* Far more than the old 1024 + 48 per gap. */
	CHECK(n > 1024 + 200 * 48);
	free(sql);
}

static void test_no_gaps(void)
{
	char *sql = mpsk_poll_sql("SELECT 1 FROM c WHERE", 0, NULL, 0, 100);
	CHECK_STR(sql, "SELECT 1 FROM c WHERE c.seq > 0 ORDER BY c.seq LIMIT 100");
	free(sql);
}

static void test_maximum(void)
{
	/* Past the maximum: an error, never a truncated statement. */
	mpsk_sqlbuf_t b = { .max = 64 };
	CHECK(mpsk_sqlbuf_printf(&b, "%s", "0123456789012345678901234567890123456789") == 0);
	CHECK(mpsk_sqlbuf_printf(&b, "%s", "0123456789012345678901234567890123456789") == -1);
	CHECK(b.failed);
	/* Once failed, stays failed. */
	CHECK(mpsk_sqlbuf_printf(&b, "x") == -1);
	CHECK(b.len == 40);
	mpsk_sqlbuf_free(&b);

	/* Growing across many small appends keeps every byte. */
	mpsk_sqlbuf_t g = { .max = 1 << 20 };
	for (int i = 0; i < 5000; i++)
		CHECK(mpsk_sqlbuf_printf(&g, "%04d,", i % 10000) == 0);
	CHECK(g.len == 5000 * 5);
	CHECK(strncmp(g.s + g.len - 5, "4999,", 5) == 0);
	mpsk_sqlbuf_free(&g);
}

int main(void)
{
	test_large_sequence_numbers();
	test_no_gaps();
	test_maximum();
	return check_report();
}
