// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_ssid_qr.c - libFuzzer target for ssid_validate() and the WIFI: QR
 * payload.
 *
 * The input is split at its first byte's value: that many following bytes
 * are the SSID, the rest the passphrase (NUL-terminated copy). Invariants:
 * the payload exists exactly when the arguments are valid, and undoing the
 * escapes gives back the SSID and passphrase; accepted SSIDs are 1..32
 * bytes without NUL. Every 16th payload is also rendered as SVG and PNG.
 *
 * Seeds for scripts/fuzz.sh (printf %b escapes), one per line:
 * seed: \x04Homepassword
 * seed: \x0cCaf\xc3\xa9;G\xc3\xa4st,p:ss\\\\w"rd!
 * seed: \x01x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/passphrase.h"
#include "core/ssid.h"
#include "core/wifi_qr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read one escaped field from *p up to an unescaped ';' into out; returns
 * its length, or -1 if the field does not end properly. */
static long fuzz_qr_field(const char **p, char *out, size_t max)
{
	size_t n = 0;
	const char *s = *p;

	while (*s && *s != ';') {
		if (*s == '\\') {
			s++;
			if (!*s || !strchr("\\;,:\"", *s))
				return -1;
		} else if (strchr(",:\"", *s)) {
			return -1; /* a special character left unescaped */
		}
		if (n == max)
			return -1;
		out[n++] = *s++;
	}
	if (*s != ';')
		return -1;
	*p = s + 1;
	return (long)n;
}

static void fuzz_qr_check(const unsigned char *ssid, size_t ssid_len,
			  const char *pass, int render)
{
	char f1[64], f2[128];
	char *text = wifi_qr_payload(ssid, ssid_len, pass);
	int valid = ssid_len >= 1 && ssid_len <= 32 &&
		    !memchr(ssid, 0, ssid_len) &&
		    passphrase_validate(pass, strlen(pass)) == 0;

	if (!text != !valid)
		abort();
	if (!text)
		return;
	const char *p = text;
	if (strncmp(p, "WIFI:T:WPA;S:", 13) != 0)
		abort();
	p += 13;
	long n1 = fuzz_qr_field(&p, f1, sizeof(f1));
	if (n1 != (long)ssid_len || memcmp(f1, ssid, ssid_len) != 0)
		abort();
	if (strncmp(p, "P:", 2) != 0)
		abort();
	p += 2;
	long n2 = fuzz_qr_field(&p, f2, sizeof(f2));
	if (n2 != (long)strlen(pass) || memcmp(f2, pass, (size_t)n2) != 0)
		abort();
	if (strcmp(p, ";") != 0)
		abort();
	if (render) {
		struct buf b;
		buf_init(&b, 1 << 20);
		if (wifi_qr_svg(text, 4, &b) != 0)
			abort();
		buf_reset(&b);
		if (wifi_qr_png(text, 1, 4, &b) != 0)
			abort();
		buf_free(&b);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t split = data[0];
	if (split > size - 1)
		split = size - 1;
	unsigned char *ssid = malloc(split ? split : 1);
	char *pass = malloc(size - split);
	if (!ssid || !pass)
		goto out;
	memcpy(ssid, data + 1, split);
	memcpy(pass, data + 1 + split, size - 1 - split);
	pass[size - 1 - split] = '\0';

	/* ssid_validate on the whole raw input too. */
	int ok = ssid_validate(data, size) == 0;
	if (ok && (size > 32 || memchr(data, 0, size)))
		abort();
	if (ssid_validate(ssid, split) == 0 && (split < 1 || split > 32))
		abort();
	fuzz_qr_check(ssid, split, pass, (data[0] & 0x0f) == 0);
out:
	free(ssid);
	free(pass);
	return 0;
}
