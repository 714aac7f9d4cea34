/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipnet.h - IP addresses and CIDR ranges (RADIUS clients, API allow-lists).
 *
 * A range is kept as its first and last address in network byte order, the
 * same bytes MariaDB's INET6_ATON() gives (4 for IPv4, 16 for IPv6), so a
 * lookup is "start <= addr <= end" both here and in SQL.
 */
#ifndef MPSK_CORE_IPNET_H
#define MPSK_CORE_IPNET_H

#include <stddef.h>

struct ipnet {
	int family;		 /* AF_INET or AF_INET6 */
	unsigned char start[16]; /* first address, network order */
	unsigned char end[16];	 /* last address, network order */
	size_t len;		 /* bytes used in start/end: 4 or 16 */
	int prefix;		 /* 0..32 or 0..128 */
};

/*
 * ipnet_parse - parse an address or a CIDR range.
 * @text: "192.0.2.1" (taken as /32), "192.0.2.0/24", "::1" (/128),
 *        "2001:db8::/32". Rejected: host bits set below the prefix (so the
 *        stored text always means what it says), a prefix out of range or
 *        with a sign, space or leading zero, IPv4 octets with leading zeros,
 *        zone ids, anything else inet_pton() refuses.
 * @out:  filled in on success; zeroed on failure.
 *
 * Return: 0 or -1.
 */
int ipnet_parse(const char *text, struct ipnet *out);

/*
 * ipnet_contains - tell whether an address lies in a range.
 * @net:  a range from ipnet_parse().
 * @addr: the address in network byte order, @len bytes.
 * @len:  4 or 16. An IPv4 address is never inside an IPv6 range nor the
 *        reverse, IPv4-mapped IPv6 addresses included: convert first.
 *
 * Return: 1 when @addr is inside @net, else 0.
 */
int ipnet_contains(const struct ipnet *net, const unsigned char *addr,
		   size_t len);

/* Room for ipnet_client_network()'s text, NUL included. */
#define IPNET_CLIENT_MAX 48

/*
 * ipnet_client_network - the network a client address stands for, as text:
 * the sign-in limits count per network, not per address, because one IPv6
 * host (or a home router) holds a whole /64 and can pick any address in it.
 * @addr: a peer address as a front door reports it ("192.0.2.7",
 *        "2001:db8:1:2:3:4:5:6", "::ffff:192.0.2.7"); untrusted text.
 * @out:  IPNET_CLIENT_MAX bytes: "192.0.2.7" (IPv4 and IPv4-mapped IPv6,
 *        a /32) or "2001:db8:1:2::/64" (IPv6: the first 64 bits).
 *
 * Return: 0, or -1 (@out "") when @addr is not an address.
 */
int ipnet_client_network(const char *addr, char out[IPNET_CLIENT_MAX]);

#endif
