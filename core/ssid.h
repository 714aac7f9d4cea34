/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ssid.h - SSIDs that mpsk accepts from users.
 *
 * 802.11 lets an SSID be any 0..32 bytes, but ours are typed into forms,
 * printed on QR codes and used as the PBKDF2 salt, so they must be text that
 * every client displays the same way: non-empty, valid UTF-8, no NUL.
 */
#ifndef MPSK_CORE_SSID_H
#define MPSK_CORE_SSID_H

#include <stddef.h>

#define SSID_MAX_LEN 32

/*
 * ssid_validate - check an SSID.
 * @s: the SSID bytes (need not be NUL-terminated).
 * @n: its length in bytes.
 *
 * Return: 0 when @s is 1..32 bytes of well-formed UTF-8 (no overlong forms,
 * no UTF-16 surrogates, nothing above U+10FFFF, no NUL); -1 otherwise.
 */
int ssid_validate(const unsigned char *s, size_t n);

#endif
