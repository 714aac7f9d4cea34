// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_ipnet.c - libFuzzer target for ipnet_parse(), ipnet_contains() and
 * ipnet_client_network() (the sign-in limits' view of a peer address).
 *
 * Invariants for an accepted range: family and length agree, the prefix is
 * in range, start <= end, both ends are inside and their neighbours just
 * outside are not, and printing start/prefix parses back to the same range.
 * A client network is "" exactly when refused; else it is a /32 or /64
 * range that contains the address, and is the same for its own start.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: 192.0.2.0/24
 * seed: 10.0.0.1
 * seed: 2001:db8::/32
 * seed: ::ffff:192.0.2.128/121
 * seed: fe80::1
 * seed: 2001:db8:1:2:3:4:5:6
 * seed: ::ffff:192.0.2.7
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/ipnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Step a big-endian number by +1 or -1; returns 0 when it wraps. */
static int fuzz_ipnet_step(unsigned char *a, size_t len, int up)
{
	for (size_t i = len; i-- > 0;) {
		if (up ? a[i]++ != 0xff : a[i]-- != 0x00)
			return 1;
	}
	return 0;
}

static void fuzz_ipnet_check(const char *in)
{
	struct ipnet n, again;
	unsigned char a[16];
	char text[INET6_ADDRSTRLEN + 8], addr[INET6_ADDRSTRLEN];

	if (ipnet_parse(in, &n) != 0)
		return;
	if (!(n.family == AF_INET && n.len == 4) &&
	    !(n.family == AF_INET6 && n.len == 16))
		abort();
	if (n.prefix < 0 || n.prefix > (int)n.len * 8)
		abort();
	if (memcmp(n.start, n.end, n.len) > 0)
		abort();
	if (!ipnet_contains(&n, n.start, n.len) ||
	    !ipnet_contains(&n, n.end, n.len))
		abort();
	memcpy(a, n.start, n.len);
	if (fuzz_ipnet_step(a, n.len, 0) && ipnet_contains(&n, a, n.len))
		abort();
	memcpy(a, n.end, n.len);
	if (fuzz_ipnet_step(a, n.len, 1) && ipnet_contains(&n, a, n.len))
		abort();
	if (!inet_ntop(n.family, n.start, addr, sizeof(addr)))
		abort();
	snprintf(text, sizeof(text), "%s/%d", addr, n.prefix);
	if (ipnet_parse(text, &again) != 0 || again.family != n.family ||
	    again.prefix != n.prefix || memcmp(again.start, n.start, 16) ||
	    memcmp(again.end, n.end, 16))
		abort();
}

static void fuzz_ipnet_client(const char *in)
{
	char out[IPNET_CLIENT_MAX], again[IPNET_CLIENT_MAX], first[INET6_ADDRSTRLEN];
	struct ipnet addr, net;

	if (ipnet_client_network(in, out) != 0) {
		if (out[0])
			abort();
		return;
	}
	if (memchr(out, '\0', sizeof out) == NULL || ipnet_parse(out, &net) != 0 ||
	    (net.prefix != 32 && net.prefix != 64) || ipnet_parse(in, &addr) != 0)
		abort();
	/* The network holds the address (IPv4-mapped: its IPv4 tail). */
	const unsigned char *a = addr.start;
	size_t len = addr.len;
	if (net.family == AF_INET && addr.family == AF_INET6) {
		a += 12;
		len = 4;
	}
	if (!ipnet_contains(&net, a, len))
		abort();
	if (!inet_ntop(net.family, net.start, first, sizeof first) ||
	    ipnet_client_network(first, again) != 0 || strcmp(again, out) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	fuzz_ipnet_check(in);
	fuzz_ipnet_client(in);
	free(in);
	return 0;
}
