// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_rlm_nas_table.c - rlm_mpsk's NAS clients in memory
 * (rlm_mpsk/nas_table.c): the most specific range wins, the lowest id
 * among equals, IPv4 and IPv6 apart, and the networks a NAS serves.
 *
 * rlm_mpsk is a FreeRADIUS module, not part of libmpskcore, so its pure
 * file is compiled into this test directly.
 */
#include "rlm_mpsk/nas_table.c"

#include <arpa/inet.h>

#include "tests/unit/check.h"

static void add(mpsk_nas_table_t *t, uint32_t id, const char *addr, unsigned prefix)
{
	uint8_t b[16];
	int v6 = strchr(addr, ':') != NULL;
	CHECK(inet_pton(v6 ? AF_INET6 : AF_INET, addr, b) == 1);
	CHECK(mpsk_nas_add(t, id, b, v6 ? 16 : 4, prefix) == 0);
}

static uint32_t find(const mpsk_nas_table_t *t, const char *addr)
{
	uint8_t b[16];
	int v6 = strchr(addr, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, b) != 1)
		return 0xffffffff;
	const mpsk_nas_t *n = mpsk_nas_find(t, b, v6 ? 16 : 4);
	return n ? n->id : 0;
}

int main(void)
{
	mpsk_nas_table_t t = { 0 };
	add(&t, 1, "10.1.2.0", 24);       /* an AP network */
	add(&t, 2, "10.1.2.7", 32);       /* one AP inside it */
	add(&t, 3, "10.0.0.0", 8);
	add(&t, 4, "10.1.2.0", 24);       /* the same range again: id 1 wins */
	add(&t, 5, "2001:db8::", 32);
	add(&t, 6, "2001:db8::7", 128);
	add(&t, 7, "127.0.0.2", 32);
	add(&t, 8, "127.0.0.3", 32);
	CHECK(mpsk_nas_add_network(&t, 8, 30) == 0);
	CHECK(mpsk_nas_add_network(&t, 8, 10) == 0);
	CHECK(mpsk_nas_add_network(&t, 99, 10) == -1);
	mpsk_nas_done(&t);

	CHECK(find(&t, "10.1.2.7") == 2);
	CHECK(find(&t, "10.1.2.8") == 1);
	CHECK(find(&t, "10.1.3.1") == 3);
	CHECK(find(&t, "11.0.0.1") == 0);
	CHECK(find(&t, "2001:db8::7") == 6);
	CHECK(find(&t, "2001:db8::8") == 5);
	CHECK(find(&t, "2001:db9::1") == 0);
	/* 10.1.2.7 as an IPv4-mapped IPv6 address is not the IPv4 NAS. */
	CHECK(find(&t, "::ffff:10.1.2.7") == 0);
	CHECK(find(&t, "127.0.0.2") == 7);
	CHECK(find(&t, "127.0.0.3") == 8);
	CHECK(find(&t, "127.0.0.4") == 0);

	/* Host bits of a stored range do not matter. */
	mpsk_nas_table_t u = { 0 };
	add(&u, 1, "192.0.2.77", 25);
	mpsk_nas_done(&u);
	CHECK(find(&u, "192.0.2.1") == 1);
	CHECK(find(&u, "192.0.2.129") == 0);
	mpsk_nas_free(&u);

	uint8_t b[4] = { 10, 1, 2, 7 };
	const mpsk_nas_t *unbound = mpsk_nas_find(&t, b, 4);
	CHECK(unbound && mpsk_nas_serves(unbound, 12345));
	uint8_t c[4] = { 127, 0, 0, 3 };
	const mpsk_nas_t *bound = mpsk_nas_find(&t, c, 4);
	CHECK(bound && bound->nnets == 2);
	CHECK(bound && mpsk_nas_serves(bound, 10) && mpsk_nas_serves(bound, 30));
	CHECK(bound && !mpsk_nas_serves(bound, 20) && !mpsk_nas_serves(bound, 31));

	/* Bad rows are refused. */
	CHECK(mpsk_nas_add(&t, 9, b, 4, 33) == -1);
	CHECK(mpsk_nas_add(&t, 9, b, 5, 8) == -1);

	/* Many rows: every /32 found, in one pass per prefix length. */
	mpsk_nas_table_t big = { 0 };
	for (uint32_t i = 0; i < 20000; i++) {
		uint8_t a[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		CHECK(mpsk_nas_add(&big, i + 1, a, 4, 32) == 0);
	}
	uint8_t net[4] = { 10, 0, 0, 0 };
	CHECK(mpsk_nas_add(&big, 50000, net, 4, 8) == 0);
	mpsk_nas_done(&big);
	int all = 1;
	for (uint32_t i = 0; i < 20000; i += 7) {
		uint8_t a[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		const mpsk_nas_t *n = mpsk_nas_find(&big, a, 4);
		all &= n && n->id == i + 1;
	}
	CHECK(all);
	uint8_t miss[4] = { 10, 200, 0, 1 };
	CHECK(mpsk_nas_find(&big, miss, 4) && mpsk_nas_find(&big, miss, 4)->id == 50000);
	mpsk_nas_free(&big);

	mpsk_nas_free(&t);
	return check_report();
}
