/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mac.h - Ethernet MAC addresses as the rest of mpsk stores them.
 *
 * Access points spell station addresses in several ways (RADIUS
 * Calling-Station-Id "00-10-A4-23-19-C0", Cisco "0010.a423.19c0", bare
 * hex, colons). Everything is normalized to 12 lower-case hex digits before
 * it is compared or stored, so one device always has one spelling.
 */
#ifndef MPSK_CORE_MAC_H
#define MPSK_CORE_MAC_H

/*
 * mac_normalize - turn one of the accepted spellings into 12 lower-case hex.
 * @in:  NUL-terminated text: "aabbccddeeff", "aa:bb:cc:dd:ee:ff",
 *       "aa-bb-cc-dd-ee-ff" or "aabb.ccdd.eeff", in any case. Surrounding
 *       whitespace, mixed separators and wrong group sizes are rejected.
 * @out: receives the 12 hex digits and a NUL; left as "" on failure.
 *
 * Return: 0 on success, -1 when @in is not a MAC address.
 */
int mac_normalize(const char *in, char out[13]);

/*
 * mac_format - print a normalized MAC as six groups of two.
 * @mac12: 12 hex digits as produced by mac_normalize().
 * @sep:   the separator between groups, ':' or '-'.
 * @out:   receives "aa:bb:cc:dd:ee:ff" (17 characters and a NUL), lower case.
 */
void mac_format(const char mac12[13], char sep, char out[18]);

#endif
