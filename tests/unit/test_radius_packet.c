// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_radius_packet.c - the RADIUS codec against RFC 2865's published
 * example, round trips of every hidden attribute, and malformed input.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/radius_packet.h"
#include "tests/unit/check.h"

/* RFC 2865 §7.1, as in the RFC. (The copy of the request in the project's
 * protocol notes, shared/docs/PROTOCOLS.md outside this repository, has
 * one "00" too many in NAS-Port: 57 octets for a length field of 56.) */
static const char rfc_secret[] = "xyzzy5461";
static const char rfc_request[] =
    "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d4"
    "13ce3196e43f782a0aee0406c0a80110050600000003";
static const char rfc_accept[] =
    "0200002686fe220e7624ba2a1005f6bf9b55e0b20606000000010f06000000000e06"
    "c0a80103";

static int test_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode lower-case hex into out; returns the length. */
static size_t test_unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2)
		out[n++] =
		    (uint8_t)(test_nibble(hex[0]) << 4 | test_nibble(hex[1]));
	return n;
}

static void test_rfc_example(void)
{
	uint8_t req[128], acc[128], pw[129];
	size_t req_len = test_unhex(rfc_request, req, sizeof(req));
	size_t acc_len = test_unhex(rfc_accept, acc, sizeof(acc));
	static struct radius_view v, r;
	size_t pw_len;

	CHECK(req_len == 56);
	CHECK(radius_packet_parse(&v, req, req_len) == 0);
	CHECK(v.code == RADIUS_ACCESS_REQUEST && v.id == 0 && v.nattr == 4);
	CHECK(radius_packet_decrypt_user_password(&v, rfc_secret,
						  strlen(rfc_secret), pw,
						  sizeof(pw), &pw_len) == 0);
	CHECK_STR((char *)pw, "arctangent");
	CHECK(pw_len == 10);
	CHECK(radius_packet_decrypt_user_password(&v, "wrong", 5, pw,
						  sizeof(pw), &pw_len) != 0 ||
	      strcmp((char *)pw, "arctangent") != 0);
	CHECK(radius_packet_check_ma(&v, NULL, rfc_secret,
				     strlen(rfc_secret)) == RADIUS_MA_ABSENT);

	CHECK(radius_packet_parse(&r, acc, acc_len) == 0);
	CHECK(r.code == RADIUS_ACCESS_ACCEPT && r.nattr == 3);
	CHECK(radius_packet_verify_response(&r, v.authenticator, rfc_secret,
					    strlen(rfc_secret)) == 0);
	CHECK(radius_packet_verify_response(&r, v.authenticator, "xyzzy5462",
					    9) == -1);
	acc[30] ^= 1;
	CHECK(radius_packet_parse(&r, acc, acc_len) == 0);
	CHECK(radius_packet_verify_response(&r, v.authenticator, rfc_secret,
					    strlen(rfc_secret)) == -1);
}

/* Building the RFC's request and accept gives the RFC's bytes. */
static void test_rfc_build(void)
{
	uint8_t req[128], acc[128];
	size_t req_len = test_unhex(rfc_request, req, sizeof(req));
	size_t acc_len = test_unhex(rfc_accept, acc, sizeof(acc));
	static const uint8_t nas_ip[4] = {192, 168, 1, 16};
	static const uint8_t host[4] = {192, 168, 1, 3};
	struct radius_packet p;

	CHECK(radius_packet_init(&p, RADIUS_ACCESS_REQUEST, 0, req + 4) == 0);
	CHECK(radius_packet_add_str(&p, RADIUS_USER_NAME, "nemo") == 0);
	CHECK(radius_packet_add_user_password(
		  &p, rfc_secret, strlen(rfc_secret), "arctangent", 10) == 0);
	CHECK(radius_packet_add(&p, RADIUS_NAS_IP_ADDRESS, nas_ip, 4) == 0);
	CHECK(radius_packet_add_u32(&p, RADIUS_NAS_PORT, 3) == 0);
	CHECK(radius_packet_finish(&p, rfc_secret, strlen(rfc_secret)) == 0);
	CHECK(radius_packet_len(&p) == req_len);
	CHECK(memcmp(radius_packet_data(&p), req, req_len) == 0);
	radius_packet_free(&p);

	CHECK(radius_packet_init(&p, RADIUS_ACCESS_ACCEPT, 0, req + 4) == 0);
	CHECK(radius_packet_add_u32(&p, RADIUS_SERVICE_TYPE, 1) == 0);
	CHECK(radius_packet_add_u32(&p, 15, 0) == 0);
	CHECK(radius_packet_add(&p, 14, host, 4) == 0);
	CHECK(radius_packet_finish(&p, rfc_secret, strlen(rfc_secret)) == 0);
	CHECK(radius_packet_len(&p) == acc_len);
	CHECK(memcmp(radius_packet_data(&p), acc, acc_len) == 0);
	/* Finishing again changes nothing. */
	CHECK(radius_packet_finish(&p, rfc_secret, strlen(rfc_secret)) == 0);
	CHECK(memcmp(radius_packet_data(&p), acc, acc_len) == 0);
	radius_packet_free(&p);

	CHECK(radius_packet_init(&p, RADIUS_ACCESS_ACCEPT, 0, NULL) == -1);
	radius_packet_free(&p);
}

/* An Accept as our FreeRADIUS sends it: Message-Authenticator first, two
 * Tunnel-Passwords, an Aruba passphrase, a Ruckus DPSK. */
static void test_salted_round_trip(void)
{
	static const char secret[] = "s3cret";
	static const char longest[] = "sixty-three characters: the longest "
				      "passphrase WPA2 allows....!";
	static const char *pass[] = {"correct horse battery", "x2345678",
				     longest};
	static struct radius_view v;
	uint8_t req_auth[RADIUS_AUTH_LEN], out[RADIUS_SALTED_MAX + 1];
	uint8_t salt[3][2], tag;
	uint8_t dpsk[33] = {0};
	const struct radius_attr *a;
	struct radius_packet p;
	size_t n;

	CHECK(strlen(pass[2]) == 63);
	memset(req_auth, 0x5a, sizeof(req_auth));
	CHECK(radius_packet_init(&p, RADIUS_ACCESS_ACCEPT, 7, req_auth) == 0);
	CHECK(radius_packet_add_ma(&p) == 0);
	CHECK(radius_packet_add_ma(&p) == -1);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, 0, secret,
				       6, pass[0], strlen(pass[0])) == 0);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, 3, secret,
				       6, pass[1], strlen(pass[1])) == 0);
	CHECK(radius_packet_add_salted(&p, RADIUS_VENDOR_ARUBA, 44, -1, secret,
				       6, pass[2], strlen(pass[2])) == 0);
	CHECK(radius_packet_add_vsa(&p, RADIUS_VENDOR_RUCKUS, 142, dpsk,
				    sizeof(dpsk)) == 0);
	CHECK(radius_packet_add_str(&p, RADIUS_TUNNEL_PRIVATE_GROUP_ID,
				    "100") == 0);
	CHECK(radius_packet_finish(&p, secret, 6) == 0);

	CHECK(radius_packet_parse(&v, radius_packet_data(&p),
				  radius_packet_len(&p)) == 0);
	CHECK(radius_packet_verify_response(&v, req_auth, secret, 6) == 0);
	CHECK(radius_packet_check_ma(&v, req_auth, secret, 6) ==
	      RADIUS_MA_VALID);
	CHECK(radius_packet_check_ma(&v, req_auth, "s3creT", 6) ==
	      RADIUS_MA_INVALID);
	CHECK(radius_packet_ma_first(&v) == 1);

	for (int i = 0; i < 2; i++) {
		a = radius_packet_find(&v, 0, RADIUS_TUNNEL_PASSWORD,
				       (size_t)i);
		CHECK(a != NULL);
		if (!a)
			continue;
		CHECK(radius_packet_decrypt_salted(a, 1, req_auth, secret, 6,
						   out, sizeof(out), &n, &tag,
						   salt[i]) == 0);
		CHECK_STR((char *)out, pass[i]);
		CHECK(tag == (i ? 3 : 0));
		CHECK(salt[i][0] & 0x80);
		/* Wrong request authenticator: garbage or an error. */
		req_auth[0] ^= 1;
		CHECK(radius_packet_decrypt_salted(a, 1, req_auth, secret, 6,
						   out, sizeof(out), &n, NULL,
						   NULL) != 0 ||
		      strcmp((char *)out, pass[i]) != 0);
		req_auth[0] ^= 1;
	}
	a = radius_packet_find(&v, RADIUS_VENDOR_ARUBA, 44, 0);
	CHECK(a != NULL);
	if (a) {
		CHECK(radius_packet_decrypt_salted(a, 0, req_auth, secret, 6,
						   out, sizeof(out), &n, &tag,
						   salt[2]) == 0);
		CHECK_STR((char *)out, pass[2]);
		CHECK(n == 63 && tag == 0 && (salt[2][0] & 0x80));
		/* Too small an output buffer is an error, not a cut. */
		CHECK(radius_packet_decrypt_salted(a, 0, req_auth, secret, 6,
						   out, 10, &n, NULL,
						   NULL) == -1);
	}
	CHECK(memcmp(salt[0], salt[1], 2) != 0);
	CHECK(memcmp(salt[0], salt[2], 2) != 0);
	CHECK(memcmp(salt[1], salt[2], 2) != 0);

	a = radius_packet_find(&v, RADIUS_VENDOR_RUCKUS, 142, 0);
	CHECK(a && a->len == 33 && a->type == RADIUS_VENDOR_SPECIFIC);
	CHECK(radius_packet_find(&v, RADIUS_VENDOR_RUCKUS, 142, 1) == NULL);
	CHECK(radius_packet_find(&v, 0, RADIUS_TUNNEL_PASSWORD, 2) == NULL);

	/* A changed octet breaks both authenticators. */
	{
		uint8_t copy[RADIUS_MAX_LEN];
		size_t len = radius_packet_len(&p);

		memcpy(copy, radius_packet_data(&p), len);
		copy[len - 1] ^= 0x01;
		CHECK(radius_packet_parse(&v, copy, len) == 0);
		CHECK(radius_packet_verify_response(&v, req_auth, secret, 6) ==
		      -1);
		CHECK(radius_packet_check_ma(&v, req_auth, secret, 6) ==
		      RADIUS_MA_INVALID);
	}
	radius_packet_free(&p);

	/* Limits of the salted scheme. */
	memset(out, 'p', sizeof(out));
	CHECK(radius_packet_init(&p, RADIUS_ACCESS_ACCEPT, 1, req_auth) == 0);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, 0, secret,
				       6, out, RADIUS_SALTED_MAX) == 0);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, 0, secret,
				       6, out, RADIUS_SALTED_MAX + 1) == -1);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, 0x20,
				       secret, 6, out, 8) == -1);
	CHECK(radius_packet_add_salted(&p, RADIUS_VENDOR_ARUBA, 44, -1, secret,
				       6, out, RADIUS_SALTED_MAX) == 0);
	CHECK(radius_packet_add_salted(&p, 0, RADIUS_TUNNEL_PASSWORD, -1,
				       secret, 6, "", 0) == 0);
	CHECK(radius_packet_finish(&p, secret, 6) == 0);
	CHECK(radius_packet_parse(&v, radius_packet_data(&p),
				  radius_packet_len(&p)) == 0);
	a = radius_packet_find(&v, 0, RADIUS_TUNNEL_PASSWORD, 0);
	CHECK(a &&
	      radius_packet_decrypt_salted(a, 1, req_auth, secret, 6, out,
					   sizeof(out), &n, NULL, NULL) == 0 &&
	      n == RADIUS_SALTED_MAX);
	a = radius_packet_find(&v, RADIUS_VENDOR_ARUBA, 44, 0);
	CHECK(a &&
	      radius_packet_decrypt_salted(a, 0, req_auth, secret, 6, out,
					   sizeof(out), &n, NULL, NULL) == 0 &&
	      n == RADIUS_SALTED_MAX);
	a = radius_packet_find(&v, 0, RADIUS_TUNNEL_PASSWORD, 1);
	CHECK(a && a->len == 18);
	CHECK(a &&
	      radius_packet_decrypt_salted(a, 0, req_auth, secret, 6, out,
					   sizeof(out), &n, NULL, NULL) == 0 &&
	      n == 0);
	radius_packet_free(&p);
}

/* Accounting-Request: hashed authenticator, Message-Authenticator over a
 * zero authenticator; and an Access-Request with Message-Authenticator. */
static void test_requests(void)
{
	static struct radius_view v;
	struct radius_packet p;
	uint8_t pw[130];
	size_t n;

	CHECK(radius_packet_init(&p, RADIUS_ACCOUNTING_REQUEST, 9, NULL) == 0);
	CHECK(radius_packet_add_u32(&p, RADIUS_ACCT_STATUS_TYPE, 1) == 0);
	CHECK(radius_packet_add_str(&p, RADIUS_ACCT_SESSION_ID, "s1") == 0);
	CHECK(radius_packet_add_ma(&p) == 0);
	CHECK(radius_packet_finish(&p, "k", 1) == 0);
	CHECK(radius_packet_parse(&v, radius_packet_data(&p),
				  radius_packet_len(&p)) == 0);
	CHECK(radius_packet_verify_request(&v, "k", 1) == 0);
	CHECK(radius_packet_verify_request(&v, "j", 1) == -1);
	CHECK(radius_packet_check_ma(&v, NULL, "k", 1) == RADIUS_MA_VALID);
	CHECK(radius_packet_ma_first(&v) == 0);
	radius_packet_free(&p);

	CHECK(radius_packet_init(&p, RADIUS_ACCESS_REQUEST, 200, NULL) == 0);
	CHECK(radius_packet_add_ma(&p) == 0);
	CHECK(radius_packet_add_str(&p, RADIUS_USER_NAME, "aabbccddeeff") == 0);
	CHECK(radius_packet_add_user_password(&p, "", 0, "", 0) == 0);
	CHECK(radius_packet_finish(&p, "", 0) == 0);
	CHECK(radius_packet_parse(&v, radius_packet_data(&p),
				  radius_packet_len(&p)) == 0);
	CHECK(radius_packet_check_ma(&v, NULL, "", 0) == RADIUS_MA_VALID);
	CHECK(radius_packet_ma_first(&v) == 1);
	CHECK(radius_packet_find(&v, 0, RADIUS_USER_PASSWORD, 0)->len == 16);
	CHECK(radius_packet_decrypt_user_password(&v, "", 0, pw, sizeof(pw),
						  &n) == 0 &&
	      n == 0);
	radius_packet_free(&p);

	/* 128 octets of password is the most; 129 is refused. */
	memset(pw, 'w', sizeof(pw));
	CHECK(radius_packet_init(&p, RADIUS_ACCESS_REQUEST, 1, NULL) == 0);
	CHECK(radius_packet_add_user_password(&p, "k", 1, pw, 129) == -1);
	CHECK(radius_packet_add_user_password(&p, "k", 1, pw, 128) == 0);
	CHECK(radius_packet_finish(&p, "k", 1) == 0);
	CHECK(radius_packet_parse(&v, radius_packet_data(&p),
				  radius_packet_len(&p)) == 0);
	CHECK(radius_packet_decrypt_user_password(&v, "k", 1, pw, sizeof(pw),
						  &n) == 0 &&
	      n == 128);
	CHECK(radius_packet_decrypt_user_password(&v, "k", 1, pw, 128, &n) ==
	      -1);
	radius_packet_free(&p);
}

/* The builder never passes 4096 octets and refuses oversized values. */
static void test_limits(void)
{
	uint8_t big[300] = {0};
	struct radius_packet p;
	int added = 0;

	CHECK(radius_packet_init(&p, RADIUS_ACCESS_REQUEST, 1, NULL) == 0);
	CHECK(radius_packet_add(&p, RADIUS_CLASS, big, 254) == -1);
	CHECK(radius_packet_add(&p, RADIUS_CLASS, big, 253) == 0);
	CHECK(radius_packet_add_vsa(&p, 9, 1, big, 248) == -1);
	CHECK(radius_packet_add_vsa(&p, 9, 1, big, 247) == 0);
	while (radius_packet_add(&p, RADIUS_CLASS, big, 253) == 0)
		added++;
	CHECK(radius_packet_len(&p) <= RADIUS_MAX_LEN);
	CHECK(added == 13);
	while (radius_packet_add(&p, RADIUS_CLASS, big, 0) == 0)
		added++;
	CHECK(radius_packet_len(&p) == RADIUS_MAX_LEN - 1);
	CHECK(radius_packet_add(&p, RADIUS_CLASS, big, 0) == -1);
	CHECK(radius_packet_add_ma(&p) == -1);
	CHECK(radius_packet_finish(&p, "k", 1) == 0);
	radius_packet_free(&p);
}

static void test_malformed(void)
{
	static struct radius_view v;
	uint8_t d[RADIUS_MAX_LEN + 8];

	memset(d, 0, sizeof(d));
	d[0] = RADIUS_ACCESS_ACCEPT;
	d[3] = 20;
	CHECK(radius_packet_parse(&v, d, 19) == -1);
	CHECK(radius_packet_parse(&v, NULL, 20) == -1);
	CHECK(radius_packet_parse(&v, d, 20) == 0 && v.nattr == 0);
	/* Octets past the length field are ignored. */
	CHECK(radius_packet_parse(&v, d, 40) == 0 && v.len == 20);
	CHECK(radius_packet_parse(&v, d, RADIUS_MAX_LEN + 1) == -1);
	d[3] = 19;
	CHECK(radius_packet_parse(&v, d, 40) == -1);
	d[3] = 24;
	CHECK(radius_packet_parse(&v, d, 23) == -1);
	/* Attribute of length 0, 1, or past the end. */
	d[20] = 1;
	d[21] = 0;
	CHECK(radius_packet_parse(&v, d, 24) == -1);
	d[21] = 1;
	CHECK(radius_packet_parse(&v, d, 24) == -1);
	d[21] = 5;
	CHECK(radius_packet_parse(&v, d, 24) == -1);
	d[21] = 4;
	CHECK(radius_packet_parse(&v, d, 24) == 0 && v.nattr == 1);
	/* A lone octet after the last attribute. */
	d[3] = 25;
	CHECK(radius_packet_parse(&v, d, 25) == -1);
	/* Length field over 4096. */
	d[2] = 0x10;
	d[3] = 0x01;
	CHECK(radius_packet_parse(&v, d, RADIUS_MAX_LEN) == -1);

	/* A Vendor-Specific attribute that is not a sub-attribute list is
	 * kept whole, one whose vendor id is bad as a plain attribute. */
	memset(d, 0, sizeof(d));
	d[0] = RADIUS_ACCESS_ACCEPT;
	d[3] = 20 + 9 + 5;
	d[20] = 26;
	d[21] = 9;
	d[25] = 9; /* vendor 9 */
	d[26] = 1;
	d[27] = 7; /* sub-attribute longer than what is left */
	d[29] = 26;
	d[30] = 5;
	d[31] = 1; /* vendor id with a non-zero high octet */
	CHECK(radius_packet_parse(&v, d, 34) == 0);
	CHECK(v.nattr == 2);
	CHECK(v.attr[0].vendor == 9 && v.attr[0].vtype == 0 &&
	      v.attr[0].len == 3);
	CHECK(v.attr[1].vendor == 0 && v.attr[1].type == 26 &&
	      v.attr[1].len == 3);
	CHECK(radius_packet_check_ma(&v, d + 4, "k", 1) == RADIUS_MA_ABSENT);

	/* Two Message-Authenticators, or one of the wrong size, are bad. */
	memset(d, 0, sizeof(d));
	d[0] = RADIUS_ACCESS_REQUEST;
	d[3] = 20 + 18 + 18;
	d[20] = 80;
	d[21] = 18;
	d[38] = 80;
	d[39] = 18;
	CHECK(radius_packet_parse(&v, d, 56) == 0);
	CHECK(radius_packet_check_ma(&v, NULL, "k", 1) == RADIUS_MA_INVALID);
	d[3] = 20 + 17;
	d[21] = 17;
	CHECK(radius_packet_parse(&v, d, 37) == 0);
	CHECK(radius_packet_check_ma(&v, NULL, "k", 1) == RADIUS_MA_INVALID);

	/* Salted values of impossible sizes. */
	{
		uint8_t val[40] = {0};
		struct radius_attr a = {
		    RADIUS_TUNNEL_PASSWORD, 69, 0, val, 18, 0};
		uint8_t out[64];
		size_t n;

		CHECK(radius_packet_decrypt_salted(&a, 1, val, "k", 1, out,
						   sizeof(out), &n, NULL,
						   NULL) == -1);
		a.len = 3;
		CHECK(radius_packet_decrypt_salted(&a, 1, val, "k", 1, out,
						   sizeof(out), &n, NULL,
						   NULL) == -1);
		a.len = 19;
		CHECK(radius_packet_decrypt_salted(&a, 1, val, "k", 1, out,
						   sizeof(out), &n, NULL,
						   NULL) != -1 ||
		      n == 0);
	}
	CHECK_STR(radius_packet_code_name(2), "Access-Accept");
	CHECK_STR(radius_packet_code_name(99), "Unknown");
}

int main(void)
{
	test_rfc_example();
	test_rfc_build();
	test_salted_round_trip();
	test_requests();
	test_limits();
	test_malformed();
	return check_report();
}
