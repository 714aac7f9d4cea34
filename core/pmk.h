/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmk.h - the WPA2-PSK pairwise master key.
 *
 * PMK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096, 32). It depends on the
 * SSID, so one passphrase offered on k SSIDs has k PMKs. A PBKDF2 costs
 * about 2 ms: PMKs are computed when a key is made and stored, never on the
 * RADIUS request path.
 */
#ifndef MPSK_CORE_PMK_H
#define MPSK_CORE_PMK_H

#include <stddef.h>

#define PMK_LEN 32

/*
 * pmk_derive - compute the PMK for a passphrase on one SSID.
 * @passphrase: @plen bytes; 8..63 printable ASCII, or 64 hex digits, which
 *              are decoded as the PMK itself (the SSID is then unused).
 * @plen:       length of @passphrase.
 * @ssid:       the SSID, 1..32 arbitrary bytes.
 * @ssid_len:   its length.
 * @pmk:        receives the 32-byte key. It is a secret: the caller wipes it
 *              (sodium_memzero) when done.
 *
 * Return: 0, or -1 when the passphrase fails passphrase_validate(), the SSID
 * length is out of range, or OpenSSL fails; @pmk is zeroed on failure.
 */
int pmk_derive(const char *passphrase, size_t plen, const unsigned char *ssid,
	       size_t ssid_len, unsigned char pmk[32]);

/*
 * pmk_hex - print a PMK as 64 lower-case hex digits and a NUL into @out.
 */
void pmk_hex(const unsigned char pmk[32], char out[65]);

#endif
