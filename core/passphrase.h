/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * passphrase.h - WPA2 passphrases: generation and validation.
 *
 * IEEE 802.11 allows 8..63 printable ASCII characters (0x20..0x7e), or
 * exactly 64 hex digits, which are the 256-bit PMK itself.
 */
#ifndef MPSK_CORE_PASSPHRASE_H
#define MPSK_CORE_PASSPHRASE_H

#include <stddef.h>

/* What users read off a sticker or a screen: letters and digits without the
 * look-alikes 0 O 1 l I. 56 symbols, so 12 characters carry ~70 bits. */
#define PASSPHRASE_DEFAULT_ALPHABET                                            \
	"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

/*
 * passphrase_generate - make a random passphrase.
 * @out:      receives @len characters and a NUL; must hold @len + 1 bytes.
 * @len:      8..63.
 * @alphabet: the symbols to draw from: 2..94 distinct printable, non-space
 *            ASCII characters (0x21..0x7e). A space is refused because it
 *            is invisible at the end of a printed passphrase.
 *
 * Each character is drawn independently and uniformly with libsodium's
 * randombytes_uniform() (the kernel CSPRNG, no modulo bias).
 *
 * Return: 0, or -1 on bad arguments (then @out is untouched) or when
 * libsodium cannot be initialized.
 */
int passphrase_generate(char *out, size_t len, const char *alphabet);

/*
 * passphrase_validate - check that a string is a usable WPA2 passphrase.
 * @p: the passphrase, @n bytes (need not be NUL-terminated).
 * @n: its length.
 *
 * Return: 0 when @p is 8..63 printable ASCII (0x20..0x7e) or exactly 64 hex
 * digits; -1 otherwise.
 */
int passphrase_validate(const char *p, size_t n);

/*
 * passphrase_is_hex_pmk - tell whether a passphrase is a raw PMK in hex.
 * @p: the passphrase, @n bytes.
 * @n: its length.
 *
 * Return: 1 when @p is exactly 64 hex digits (either case), else 0.
 */
int passphrase_is_hex_pmk(const char *p, size_t n);

#endif
