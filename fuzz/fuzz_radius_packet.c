// SPDX-License-Identifier: GPL-2.0-or-later
/* clang-format off */
/*
 * fuzz_radius_packet.c - libFuzzer target for the RADIUS codec.
 *
 * Two halves per input:
 *  - the input as a received datagram: radius_packet_parse() must accept
 *    or refuse it without reading out of bounds, every attribute it lists
 *    must lie inside the packet, and the verifiers and decrypters must
 *    cope with whatever it lists;
 *  - the input as a recipe: attributes (plain, vendor, salted) built
 *    into a response must parse back, verify, carry a valid
 *    Message-Authenticator first, and decrypt to what went in.
 *
 * Seeds (scripts/fuzz.sh reads these lines): RFC 2865's Access-Accept and
 * Access-Request, and an Accept with a Cisco VSA and a Tunnel-Password.
 * seed: \x02\x00\x00\x26\x86\xfe\x22\x0e\x76\x24\xba\x2a\x10\x05\xf6\xbf\x9b\x55\xe0\xb2\x06\x06\x00\x00\x00\x01\x0f\x06\x00\x00\x00\x00\x0e\x06\xc0\xa8\x01\x03
 * seed: \x01\x00\x00\x38\x0f\x40\x3f\x94\x73\x97\x80\x57\xbd\x83\xd5\xcb\x98\xf4\x22\x7a\x01\x06\x6e\x65\x6d\x6f\x02\x12\x0d\xbe\x70\x8d\x93\xd4\x13\xce\x31\x96\xe4\x3f\x78\x2a\x0a\xee\x04\x06\xc0\xa8\x01\x10\x05\x06\x00\x00\x00\x03
 * seed: \x02\x01\x00\x36\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x1a\x0e\x00\x00\x00\x09\x01\x08\x70\x73\x6b\x3d\x61\x45\x15\x00\x80\x28\x46\xaf\xf3\x83\xfa\x5e\x8a\xd2\xd6\x81\xbb\x7d\x4b\xf0\x09\x20
 */
/* clang-format on */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/radius_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_secret[] = "fuzz-secret";
static const uint8_t fuzz_auth[RADIUS_AUTH_LEN] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static struct radius_view fuzz_view;

static void fuzz_received(const uint8_t *data, size_t size)
{
	struct radius_view *v = &fuzz_view;
	uint8_t out[RADIUS_MAX_LEN + 1];
	size_t n;

	if (radius_packet_parse(v, data, size) < 0) {
		if (v->nattr != 0)
			abort();
		return;
	}
	if (v->len < RADIUS_MIN_LEN || v->len > size || v->len > RADIUS_MAX_LEN)
		abort();
	if (v->nattr > RADIUS_MAX_ATTRS)
		abort();
	for (size_t i = 0; i < v->nattr; i++) {
		const struct radius_attr *a = &v->attr[i];

		if (a->value < data + RADIUS_HDR_LEN ||
		    a->value + a->len > data + v->len ||
		    a->offset < RADIUS_HDR_LEN || a->offset >= v->len)
			abort();
		if (radius_packet_find(v, a->vendor,
				       a->vendor ? a->vtype : a->type,
				       0) == NULL)
			abort();
		for (int tag = 0; tag < 2; tag++) {
			if (radius_packet_decrypt_salted(
				a, tag, fuzz_auth, fuzz_secret,
				sizeof(fuzz_secret) - 1, out, sizeof(out), &n,
				NULL, NULL) == 0 &&
			    (n > RADIUS_SALTED_MAX || out[n] != '\0'))
				abort();
		}
	}
	(void)radius_packet_check_ma(v, fuzz_auth, fuzz_secret,
				     sizeof(fuzz_secret) - 1);
	(void)radius_packet_check_ma(v, NULL, fuzz_secret,
				     sizeof(fuzz_secret) - 1);
	(void)radius_packet_verify_response(v, fuzz_auth, fuzz_secret,
					    sizeof(fuzz_secret) - 1);
	(void)radius_packet_verify_request(v, fuzz_secret,
					   sizeof(fuzz_secret) - 1);
	(void)radius_packet_ma_first(v);
	if (radius_packet_decrypt_user_password(v, fuzz_secret,
						sizeof(fuzz_secret) - 1, out,
						sizeof(out), &n) == 0 &&
	    (n > 128 || out[n] != '\0'))
		abort();
	(void)radius_packet_code_name(v->code);
}

/* Read one length-prefixed chunk of the recipe. */
static const uint8_t *fuzz_take(const uint8_t **data, size_t *size, size_t *len)
{
	const uint8_t *p;

	if (*size < 1)
		return NULL;
	*len = (*data)[0];
	if (*len > *size - 1)
		*len = *size - 1;
	p = *data + 1;
	*data += 1 + *len;
	*size -= 1 + *len;
	return p;
}

static void fuzz_built(const uint8_t *data, size_t size)
{
	struct radius_view *v = &fuzz_view;
	struct radius_packet p;
	const uint8_t *salted[64];
	size_t salted_len[64], nsalted = 0;
	uint8_t out[RADIUS_SALTED_MAX + 1];
	size_t n;

	if (radius_packet_init(&p, RADIUS_ACCESS_ACCEPT, 42, fuzz_auth) < 0)
		abort();
	if (radius_packet_add_ma(&p) < 0)
		abort();
	while (size > 1) {
		uint8_t op = data[0], type = data[1];
		const uint8_t *val;
		size_t len;

		data += 2;
		size -= 2;
		val = fuzz_take(&data, &size, &len);
		if (!val)
			break;
		switch (op % 3) {
		case 0:
			/* Keep Message-Authenticator single. */
			if (type == RADIUS_MESSAGE_AUTHENTICATOR)
				type = RADIUS_CLASS;
			(void)radius_packet_add(&p, type, val, len);
			break;
		case 1:
			(void)radius_packet_add_vsa(&p, 9u + op, type, val,
						    len);
			break;
		default:
			if (radius_packet_add_salted(
				&p, 0, RADIUS_TUNNEL_PASSWORD, type & 0x1f,
				fuzz_secret, sizeof(fuzz_secret) - 1, val,
				len) == 0 &&
			    nsalted < 64) {
				salted[nsalted] = val;
				salted_len[nsalted++] = len;
			}
			break;
		}
	}
	if (radius_packet_finish(&p, fuzz_secret, sizeof(fuzz_secret) - 1) < 0)
		abort();
	if (radius_packet_len(&p) > RADIUS_MAX_LEN)
		abort();
	if (radius_packet_parse(v, radius_packet_data(&p),
				radius_packet_len(&p)) < 0)
		abort();
	if (radius_packet_verify_response(v, fuzz_auth, fuzz_secret,
					  sizeof(fuzz_secret) - 1) < 0)
		abort();
	if (radius_packet_check_ma(v, fuzz_auth, fuzz_secret,
				   sizeof(fuzz_secret) - 1) != RADIUS_MA_VALID)
		abort();
	if (!radius_packet_ma_first(v))
		abort();
	for (size_t i = 0; i < nsalted; i++) {
		const struct radius_attr *a =
		    radius_packet_find(v, 0, RADIUS_TUNNEL_PASSWORD, i);

		/* A fuzzed plain attribute of type 69 may come first; only
		 * check when the counts line up. */
		if (!a || radius_packet_find(v, 0, RADIUS_TUNNEL_PASSWORD,
					     nsalted) != NULL)
			break;
		if (radius_packet_decrypt_salted(
			a, 1, fuzz_auth, fuzz_secret, sizeof(fuzz_secret) - 1,
			out, sizeof(out), &n, NULL, NULL) < 0 ||
		    n != salted_len[i] || memcmp(out, salted[i], n) != 0)
			abort();
	}
	radius_packet_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_received(data, size);
	fuzz_built(data, size);
	return 0;
}
