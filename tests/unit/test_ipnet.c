// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_ipnet.c - IP address and CIDR range parsing and matching.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/ipnet.h"
#include "tests/unit/check.h"

/* Print an address of the range as text for comparison. */
static void addr_text(const struct ipnet *n, const unsigned char *a, char *out,
		      size_t size)
{
	if (!inet_ntop(n->family, a, out, (socklen_t)size))
		out[0] = '\0';
}

/* text parses to the range first..last with that prefix. */
static void net_ok(const char *text, const char *first, const char *last,
		   int prefix)
{
	struct ipnet n;
	char s[64], e[64];

	if (ipnet_parse(text, &n) != 0) {
		check_failed++;
		fprintf(stderr, "rejected good net \"%s\"\n", text);
		return;
	}
	addr_text(&n, n.start, s, sizeof(s));
	addr_text(&n, n.end, e, sizeof(e));
	CHECK_STR(s, first);
	CHECK_STR(e, last);
	CHECK(n.prefix == prefix);
	CHECK(n.len == (n.family == AF_INET ? 4u : 16u));
	CHECK(memcmp(n.start, n.end, n.len) <= 0);
}

static void net_bad(const char *text)
{
	struct ipnet n;

	memset(&n, 0x5a, sizeof(n));
	if (ipnet_parse(text, &n) != -1) {
		check_failed++;
		fprintf(stderr, "accepted bad net \"%s\"\n", text);
		return;
	}
	CHECK(n.family == 0 && n.len == 0 && n.prefix == 0);
}

static void test_ipv4(void)
{
	struct ipnet n;

	net_ok("192.0.2.1", "192.0.2.1", "192.0.2.1", 32);
	net_ok("192.0.2.1/32", "192.0.2.1", "192.0.2.1", 32);
	net_ok("192.0.2.0/24", "192.0.2.0", "192.0.2.255", 24);
	net_ok("192.0.2.128/25", "192.0.2.128", "192.0.2.255", 25);
	net_ok("10.0.0.0/8", "10.0.0.0", "10.255.255.255", 8);
	net_ok("172.16.0.0/12", "172.16.0.0", "172.31.255.255", 12);
	net_ok("0.0.0.0/0", "0.0.0.0", "255.255.255.255", 0);
	net_ok("0.0.0.0", "0.0.0.0", "0.0.0.0", 32);
	net_ok("255.255.255.255", "255.255.255.255", "255.255.255.255", 32);
	net_ok("128.0.0.0/1", "128.0.0.0", "255.255.255.255", 1);
	net_ok("192.0.2.4/31", "192.0.2.4", "192.0.2.5", 31);
	net_ok("100.64.0.0/10", "100.64.0.0", "100.127.255.255", 10);
	CHECK(ipnet_parse("192.0.2.0/24", &n) == 0);
	CHECK(n.family == AF_INET && n.len == 4);
	CHECK(memcmp(n.start, "\xc0\x00\x02\x00", 4) == 0);
	CHECK(memcmp(n.end, "\xc0\x00\x02\xff", 4) == 0);
}

static void test_ipv6(void)
{
	struct ipnet n;

	net_ok("::1", "::1", "::1", 128);
	net_ok("::", "::", "::", 128);
	net_ok("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0);
	net_ok("2001:db8::/32",
	       "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 32);
	net_ok("2001:DB8::/32",
	       "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 32);
	net_ok("2001:db8:0:0:0:0:0:0/48",
	       "2001:db8::", "2001:db8:0:ffff:ffff:ffff:ffff:ffff", 48);
	net_ok("2001:db8::/127", "2001:db8::", "2001:db8::1", 127);
	net_ok("2001:db8::1/128", "2001:db8::1", "2001:db8::1", 128);
	net_ok("fe80::/10", "fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	       10);
	net_ok("2001:db8:abcd:12::/63",
	       "2001:db8:abcd:12::", "2001:db8:abcd:13:ffff:ffff:ffff:ffff",
	       63);
	net_ok("::ffff:192.0.2.1", "::ffff:192.0.2.1", "::ffff:192.0.2.1", 128);
	net_ok("::ffff:192.0.2.0/120", "::ffff:192.0.2.0", "::ffff:192.0.2.255",
	       120);
	net_ok("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128);
	CHECK(ipnet_parse("2001:db8::/32", &n) == 0);
	CHECK(n.family == AF_INET6 && n.len == 16);
}

static void test_bad(void)
{
	static const char *bad[] = {
	    "",
	    "/",
	    "/24",
	    "192.0.2.1/",
	    "192.0.2.0/33",
	    "192.0.2.0/-1",
	    "192.0.2.0/+24",
	    "192.0.2.0/ 24",
	    "192.0.2.0/24 ",
	    " 192.0.2.0",
	    "192.0.2.0 /24",
	    "192.0.2.0/024",
	    "192.0.2.0/00",
	    "192.0.2.0/1000",
	    "192.0.2.0/4294967320",
	    "192.0.2.0/24/24",
	    "192.0.2.0/2a",
	    "192.0.2.0/0x18",
	    "192.0.2.0/24\n",
	    "192.0.2.1/24", /* host bits set */
	    "192.0.2.128/24",
	    "10.0.0.1/8",
	    "0.0.0.1/0",
	    "192.0.2.5/31",
	    "10.0.0.0/0",
	    "192.0.2.01",
	    "192.0.2.001",
	    "01.0.2.1",
	    "192.00.2.1",
	    "0192.0.2.1",
	    "192.0.2.00",
	    "192.0.2",
	    "192.0.2.1.5",
	    "192.0.2.256",
	    "256.0.0.0",
	    "192.0.2.-1",
	    "192.0.2.1a",
	    "192.0.2.",
	    ".192.0.2.1",
	    "192..0.2",
	    "0x7f.0.0.1",
	    "127.1",
	    "3232235777",
	    "192.0.2.1%eth0",
	    "localhost",
	    "abc",
	    "::1/129",
	    "::1/200",
	    "::/-0",
	    "2001:db8::1/64", /* host bits */
	    "2001:db8::/28",  /* 0x0db8 has bits below /28 */
	    "2001:db8:::/32",
	    "2001:db8::1::2",
	    "12345::",
	    "2001:db8::g",
	    ":::",
	    "fe80::1%eth0",
	    "fe80::1%1/64",
	    "[::1]",
	    "[::1]/128",
	    "::ffff:192.0.2.01",
	    "::ffff:192.0.2",
	    "::ffff:1.2.3.4.5",
	    "1:2:3:4:5:6:7:8:9",
	    "1:2:3:4:5:6:7",
	    ":1:2:3:4:5:6:7",
	    "::1 ",
	    " ::1",
	    "0000:0000:0000:0000:0000:0000:0000:0000:0000",
	    "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
	    "00000000000000000000000000000000000000000000000000000000001",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		net_bad(bad[i]);
	net_bad(NULL);
}

static void test_contains(void)
{
	struct ipnet n4, n6, one;
	unsigned char a[16];

	CHECK(ipnet_parse("192.0.2.0/24", &n4) == 0);
	CHECK(ipnet_parse("2001:db8::/32", &n6) == 0);
	CHECK(ipnet_parse("198.51.100.7", &one) == 0);

	inet_pton(AF_INET, "192.0.2.0", a);
	CHECK(ipnet_contains(&n4, a, 4) == 1);
	inet_pton(AF_INET, "192.0.2.255", a);
	CHECK(ipnet_contains(&n4, a, 4) == 1);
	inet_pton(AF_INET, "192.0.2.77", a);
	CHECK(ipnet_contains(&n4, a, 4) == 1);
	inet_pton(AF_INET, "192.0.3.0", a);
	CHECK(ipnet_contains(&n4, a, 4) == 0);
	inet_pton(AF_INET, "192.0.1.255", a);
	CHECK(ipnet_contains(&n4, a, 4) == 0);
	CHECK(ipnet_contains(&n4, a, 16) == 0); /* length mismatch */
	CHECK(ipnet_contains(&n4, NULL, 4) == 0);
	CHECK(ipnet_contains(NULL, a, 4) == 0);

	inet_pton(AF_INET, "198.51.100.7", a);
	CHECK(ipnet_contains(&one, a, 4) == 1);
	inet_pton(AF_INET, "198.51.100.8", a);
	CHECK(ipnet_contains(&one, a, 4) == 0);

	inet_pton(AF_INET6, "2001:db8::", a);
	CHECK(ipnet_contains(&n6, a, 16) == 1);
	inet_pton(AF_INET6, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", a);
	CHECK(ipnet_contains(&n6, a, 16) == 1);
	inet_pton(AF_INET6, "2001:db9::", a);
	CHECK(ipnet_contains(&n6, a, 16) == 0);
	inet_pton(AF_INET6, "2001:db7:ffff::", a);
	CHECK(ipnet_contains(&n6, a, 16) == 0);
	CHECK(ipnet_contains(&n6, a, 4) == 0);
	/* IPv4-mapped is not matched against an IPv4 range. */
	inet_pton(AF_INET6, "::ffff:192.0.2.1", a);
	CHECK(ipnet_contains(&n4, a, 16) == 0);
	CHECK(ipnet_contains(&n4, a + 12, 4) == 1);

	struct ipnet all;
	CHECK(ipnet_parse("0.0.0.0/0", &all) == 0);
	inet_pton(AF_INET, "255.255.255.255", a);
	CHECK(ipnet_contains(&all, a, 4) == 1);
	CHECK(ipnet_parse("::/0", &all) == 0);
	CHECK(ipnet_contains(&all, a, 16) == 1);
}

/* Every IPv4 prefix length: the network is start..start + 2^(32-p) - 1, and
 * one host bit more is rejected. */
static void test_every_prefix(void)
{
	char text[64];
	int ok = 1;

	for (int p = 0; p <= 32; p++) {
		struct ipnet n;
		snprintf(text, sizeof(text), "255.255.255.255/%d", p);
		/* Only /32 leaves no host bits. */
		if ((ipnet_parse(text, &n) == 0) != (p == 32))
			ok = 0;
		snprintf(text, sizeof(text), "0.0.0.0/%d", p);
		if (ipnet_parse(text, &n) != 0)
			ok = 0;
		unsigned long long size = 1ULL << (32 - p);
		unsigned long long end = (unsigned long long)n.end[0] << 24 |
					 n.end[1] << 16 | n.end[2] << 8 |
					 n.end[3];
		if (end != size - 1)
			ok = 0;
	}
	for (int p = 0; p <= 128; p++) {
		struct ipnet n;
		snprintf(text, sizeof(text), "::/%d", p);
		if (ipnet_parse(text, &n) != 0 || n.prefix != p)
			ok = 0;
		int ones = 0;
		for (int i = 0; i < 16; i++)
			ones += __builtin_popcount(n.end[i]);
		if (ones != 128 - p)
			ok = 0;
	}
	CHECK(ok);
}

/* The network a peer address is counted under by the sign-in limits. */
static void client_ok(const char *addr, const char *want)
{
	char out[IPNET_CLIENT_MAX];
	CHECK(ipnet_client_network(addr, out) == 0);
	CHECK_STR(out, want);
}

static void test_client_network(void)
{
	char out[IPNET_CLIENT_MAX];
	client_ok("192.0.2.7", "192.0.2.7");
	client_ok("127.0.0.2", "127.0.0.2");
	/* Every address of one /64 is the same client; the next /64 is not. */
	client_ok("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64");
	client_ok("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64");
	client_ok("2001:db8:1:3::1", "2001:db8:1:3::/64");
	client_ok("::1", "::/64");
	client_ok("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff::/64");
	/* An IPv4 client seen through an IPv6 socket is still that IPv4. */
	client_ok("::ffff:192.0.2.7", "192.0.2.7");
	client_ok("::ffff:c000:0207", "192.0.2.7");
	const char *bad[] = { "", "-", "192.0.2.0/24", "2001:db8::/64", "192.0.2.01",
			      "fe80::1%eth0", "unix:", "1.2.3", NULL };
	for (int i = 0; bad[i]; i++) {
		memcpy(out, "x", 2);
		CHECK(ipnet_client_network(bad[i], out) == -1);
		CHECK_STR(out, "");
	}
	CHECK(ipnet_client_network(NULL, out) == -1);
}

int main(void)
{
	test_client_network();
	test_ipv4();
	test_ipv6();
	test_bad();
	test_contains();
	test_every_prefix();
	return check_report();
}
