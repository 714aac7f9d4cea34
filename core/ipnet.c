// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipnet.c - IP address and CIDR range parsing. See ipnet.h.
 */
#include "core/ipnet.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

/* Longer than any address inet_pton() can accept ("ffff:...:255.255.255.255"
 * is 45 characters). */
#define IPNET_ADDR_MAX 46

/* The prefix after '/': 1..3 digits, no sign, space or leading zero, at most
 * max. Parsed by hand because strtol() accepts all of those. */
static int ipnet_prefix(const char *s, int max, int *out)
{
	int v = 0;
	size_t n = strnlen(s, 4);

	if (n < 1 || n > 3 || (s[0] == '0' && n > 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Reject "192.0.2.01" and the like, which some parsers read as octal: the
 * text must have one meaning everywhere. glibc's inet_pton() already
 * refuses them; this keeps the rule whatever the libc. Applies to the
 * dotted tail of an IPv6 address too. */
static int ipnet_octets_ok(const char *s)
{
	const char *dot = strchr(s, '.');

	if (!dot)
		return 0;
	/* Start of the dotted part: after the last ':' before the first dot. */
	const char *p = dot;
	while (p > s && p[-1] != ':')
		p--;
	for (; *p; p++) {
		int start = p == s || p[-1] == '.' || p[-1] == ':';
		if (start && p[0] == '0' && p[1] >= '0' && p[1] <= '9')
			return -1;
	}
	return 0;
}

/* Set start and end from the address in start and the prefix; fails when
 * the address has host bits set. */
static int ipnet_range(struct ipnet *net)
{
	for (size_t i = 0; i < net->len; i++) {
		int bits = net->prefix - (int)(i * 8);
		unsigned char mask;
		if (bits >= 8)
			mask = 0xff;
		else if (bits <= 0)
			mask = 0;
		else
			mask = (unsigned char)(0xff << (8 - bits));
		if (net->start[i] & (unsigned char)~mask)
			return -1;
		net->end[i] = net->start[i] | (unsigned char)~mask;
	}
	return 0;
}

int ipnet_parse(const char *text, struct ipnet *out)
{
	char addr[IPNET_ADDR_MAX];
	struct ipnet net;

	memset(out, 0, sizeof(*out));
	memset(&net, 0, sizeof(net));
	if (!text)
		return -1;
	const char *slash = strchr(text, '/');
	size_t alen =
	    slash ? (size_t)(slash - text) : strnlen(text, IPNET_ADDR_MAX);
	if (alen < 1 || alen >= IPNET_ADDR_MAX)
		return -1;
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	net.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	net.len = net.family == AF_INET6 ? 16 : 4;
	net.prefix = (int)net.len * 8;
	if (inet_pton(net.family, addr, net.start) != 1)
		return -1;
	if (ipnet_octets_ok(addr) < 0)
		return -1;
	if (slash && ipnet_prefix(slash + 1, (int)net.len * 8, &net.prefix) < 0)
		return -1;
	if (ipnet_range(&net) < 0)
		return -1;
	*out = net;
	return 0;
}

int ipnet_contains(const struct ipnet *net, const unsigned char *addr,
		   size_t len)
{
	if (!net || !addr || len != net->len || (len != 4 && len != 16))
		return 0;
	return memcmp(addr, net->start, len) >= 0 &&
	       memcmp(addr, net->end, len) <= 0;
}

int ipnet_client_network(const char *addr, char out[IPNET_CLIENT_MAX])
{
	struct ipnet net;
	char text[INET6_ADDRSTRLEN];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
						  0, 0, 0xff, 0xff };

	out[0] = '\0';
	/* ipnet_parse() also refuses a prefix here: a peer is one address. */
	if (!addr || strchr(addr, '/') || ipnet_parse(addr, &net) < 0)
		return -1;
	if (net.family == AF_INET6 && memcmp(net.start, mapped, 12) == 0) {
		if (!inet_ntop(AF_INET, net.start + 12, text, sizeof text))
			return -1;
		memcpy(out, text, strlen(text) + 1);
		return 0;
	}
	if (net.family == AF_INET6)
		memset(net.start + 8, 0, 8);
	if (!inet_ntop(net.family, net.start, text, sizeof text))
		return -1;
	size_t n = strlen(text);
	memcpy(out, text, n + 1);
	if (net.family == AF_INET6)
		memcpy(out + n, "/64", 4);
	return 0;
}
