// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pmk.c - WPA2-PSK PMK derivation. See pmk.h.
 */
#include "core/pmk.h"

#include <openssl/evp.h>
#include <string.h>

#include "core/passphrase.h"

#define PMK_ITERATIONS 4096
#define PMK_SSID_MAX 32

/* Value of one hex digit; the caller has checked it is one. */
static unsigned char pmk_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned char)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned char)(c - 'a' + 10);
	return (unsigned char)(c - 'A' + 10);
}

int pmk_derive(const char *passphrase, size_t plen, const unsigned char *ssid,
	       size_t ssid_len, unsigned char pmk[32])
{
	memset(pmk, 0, PMK_LEN);
	if (passphrase_validate(passphrase, plen) < 0)
		return -1;
	if (!ssid || ssid_len < 1 || ssid_len > PMK_SSID_MAX)
		return -1;
	if (passphrase_is_hex_pmk(passphrase, plen)) {
		for (size_t i = 0; i < PMK_LEN; i++)
			pmk[i] =
			    (unsigned char)(pmk_nibble(passphrase[2 * i]) << 4 |
					    pmk_nibble(passphrase[2 * i + 1]));
		return 0;
	}
	/* Lengths are bounded above (63 and 32), so the casts cannot wrap. */
	if (PKCS5_PBKDF2_HMAC_SHA1(passphrase, (int)plen, ssid, (int)ssid_len,
				   PMK_ITERATIONS, PMK_LEN, pmk) != 1) {
		memset(pmk, 0, PMK_LEN);
		return -1;
	}
	return 0;
}

void pmk_hex(const unsigned char pmk[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < PMK_LEN; i++) {
		out[2 * i] = digits[pmk[i] >> 4];
		out[2 * i + 1] = digits[pmk[i] & 0x0f];
	}
	out[2 * PMK_LEN] = '\0';
}
