// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * radius_packet.c - RADIUS packet building and parsing. See radius_packet.h.
 *
 * The parser reads untrusted datagrams: every length is checked against
 * what is left before anything is read, and nothing is copied except into
 * fixed local buffers of RADIUS_MAX_LEN.
 */
#include "core/radius_packet.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <string.h>

#define RADIUS_MD5_LEN 16

/* One piece of an MD5 input. */
struct radius_md5_part {
	const void *data;
	size_t len;
};

/* MD5 over the concatenation of parts. Returns 0 or -1. */
static int radius_packet_md5(uint8_t out[RADIUS_MD5_LEN],
			     const struct radius_md5_part *parts, size_t n)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;

	if (!ctx)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].data, parts[i].len) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len) == 1 &&
	     len == RADIUS_MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* HMAC-MD5 of data keyed by the secret. Returns 0 or -1. */
static int radius_packet_hmac(uint8_t out[RADIUS_MD5_LEN], const void *key,
			      size_t key_len, const uint8_t *data, size_t len)
{
	static const uint8_t empty[1];
	unsigned int out_len = 0;

	if (key_len > INT32_MAX)
		return -1;
	/* OpenSSL reads a NULL key as "keep the previous one". */
	if (!HMAC(EVP_md5(), key_len ? key : empty, (int)key_len, data, len,
		  out, &out_len))
		return -1;
	return out_len == RADIUS_MD5_LEN ? 0 : -1;
}

static uint32_t radius_packet_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void radius_packet_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Responses are signed over the request's authenticator. */
static int radius_packet_is_response(uint8_t code)
{
	switch (code) {
	case RADIUS_ACCESS_ACCEPT:
	case RADIUS_ACCESS_REJECT:
	case RADIUS_ACCOUNTING_RESPONSE:
	case RADIUS_ACCESS_CHALLENGE:
	case RADIUS_DISCONNECT_ACK:
	case RADIUS_DISCONNECT_NAK:
	case RADIUS_COA_ACK:
	case RADIUS_COA_NAK:
		return 1;
	default:
		return 0;
	}
}

/* Requests whose authenticator is an MD5 over the packet and secret. */
static int radius_packet_is_hashed_request(uint8_t code)
{
	return code == RADIUS_ACCOUNTING_REQUEST ||
	       code == RADIUS_DISCONNECT_REQUEST || code == RADIUS_COA_REQUEST;
}

static uint8_t *radius_packet_bytes(struct radius_packet *p)
{
	return (uint8_t *)p->buf.data;
}

int radius_packet_init(struct radius_packet *p, uint8_t code, uint8_t id,
		       const uint8_t req_auth[RADIUS_AUTH_LEN])
{
	uint8_t hdr[RADIUS_HDR_LEN] = {code, id, 0, RADIUS_HDR_LEN};
	uint16_t salt;

	memset(p, 0, sizeof(*p));
	buf_init(&p->buf, RADIUS_MAX_LEN);
	/* Idempotent; makes randombytes_buf() safe to call. */
	if (sodium_init() < 0)
		return -1;
	p->code = code;
	p->id = id;
	if (radius_packet_is_response(code)) {
		if (!req_auth)
			return -1;
		memcpy(p->req_auth, req_auth, RADIUS_AUTH_LEN);
	} else if (!radius_packet_is_hashed_request(code)) {
		if (req_auth)
			memcpy(p->req_auth, req_auth, RADIUS_AUTH_LEN);
		else
			randombytes_buf(p->req_auth, RADIUS_AUTH_LEN);
	}
	memcpy(hdr + 4, p->req_auth, RADIUS_AUTH_LEN);
	randombytes_buf(&salt, sizeof(salt));
	p->salt_next = salt;
	return buf_append(&p->buf, hdr, sizeof(hdr));
}

void radius_packet_free(struct radius_packet *p)
{
	buf_free_secret(&p->buf);
	p->ma_offset = 0;
}

/* Room for n more octets? */
static int radius_packet_room(const struct radius_packet *p, size_t n)
{
	return p->buf.len <= RADIUS_MAX_LEN && n <= RADIUS_MAX_LEN - p->buf.len;
}

int radius_packet_add(struct radius_packet *p, uint8_t type, const void *value,
		      size_t len)
{
	uint8_t hdr[2];

	if (len > RADIUS_ATTR_MAX_VALUE || !radius_packet_room(p, len + 2))
		return -1;
	hdr[0] = type;
	hdr[1] = (uint8_t)(len + 2);
	if (buf_append(&p->buf, hdr, 2) < 0 ||
	    buf_append(&p->buf, value, len) < 0)
		return -1;
	return 0;
}

int radius_packet_add_str(struct radius_packet *p, uint8_t type, const char *s)
{
	return radius_packet_add(p, type, s, strlen(s));
}

int radius_packet_add_u32(struct radius_packet *p, uint8_t type, uint32_t value)
{
	uint8_t v[4];

	radius_packet_put32(v, value);
	return radius_packet_add(p, type, v, sizeof(v));
}

int radius_packet_add_vsa(struct radius_packet *p, uint32_t vendor,
			  uint8_t vtype, const void *value, size_t len)
{
	uint8_t hdr[8];

	if (len > RADIUS_ATTR_MAX_VALUE - 6 || !radius_packet_room(p, len + 8))
		return -1;
	hdr[0] = RADIUS_VENDOR_SPECIFIC;
	hdr[1] = (uint8_t)(len + 8);
	radius_packet_put32(hdr + 2, vendor);
	hdr[6] = vtype;
	hdr[7] = (uint8_t)(len + 2);
	if (buf_append(&p->buf, hdr, sizeof(hdr)) < 0 ||
	    buf_append(&p->buf, value, len) < 0)
		return -1;
	return 0;
}

int radius_packet_add_ma(struct radius_packet *p)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];

	if (p->ma_offset)
		return -1;
	if (radius_packet_add(p, RADIUS_MESSAGE_AUTHENTICATOR, zero,
			      sizeof(zero)) < 0)
		return -1;
	p->ma_offset = p->buf.len - RADIUS_AUTH_LEN;
	return 0;
}

/*
 * XOR blocks of in with the RFC 2865 / 2868 key stream: b1 = MD5(secret |
 * first), bi = MD5(secret | c(i-1)), where c is the cipher text (out when
 * encrypting, in when decrypting). first is the request authenticator,
 * plus the salt for the salted scheme. len is a multiple of 16.
 */
static int radius_packet_stream(uint8_t *out, const uint8_t *in, size_t len,
				int decrypt, const void *secret,
				size_t secret_len, const uint8_t *first,
				size_t first_len)
{
	uint8_t b[RADIUS_MD5_LEN];
	struct radius_md5_part parts[2] = {{secret, secret_len},
					   {first, first_len}};

	for (size_t i = 0; i < len; i += RADIUS_MD5_LEN) {
		if (i > 0) {
			parts[1].data = decrypt ? in + i - RADIUS_MD5_LEN
						: out + i - RADIUS_MD5_LEN;
			parts[1].len = RADIUS_MD5_LEN;
		}
		if (radius_packet_md5(b, parts, 2) < 0) {
			sodium_memzero(b, sizeof(b));
			return -1;
		}
		for (size_t j = 0; j < RADIUS_MD5_LEN; j++)
			out[i + j] = in[i + j] ^ b[j];
	}
	sodium_memzero(b, sizeof(b));
	return 0;
}

int radius_packet_add_user_password(struct radius_packet *p, const void *secret,
				    size_t secret_len, const void *pw,
				    size_t pw_len)
{
	uint8_t plain[128] = {0};
	uint8_t cipher[128];
	size_t n;
	int rc = -1;

	if (pw_len > sizeof(plain))
		return -1;
	n = pw_len ? (pw_len + 15) / 16 * 16 : 16;
	memcpy(plain, pw, pw_len);
	if (radius_packet_stream(cipher, plain, n, 0, secret, secret_len,
				 p->req_auth, RADIUS_AUTH_LEN) == 0)
		rc = radius_packet_add(p, RADIUS_USER_PASSWORD, cipher, n);
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

int radius_packet_add_salted(struct radius_packet *p, uint32_t vendor,
			     uint8_t type, int tag, const void *secret,
			     size_t secret_len, const void *value, size_t len)
{
	uint8_t plain[RADIUS_SALTED_MAX + 1 + 15] = {0};
	uint8_t out[3 + sizeof(plain)];
	uint8_t first[RADIUS_AUTH_LEN + 2];
	size_t n, hdr = 0;
	int rc = -1;

	if (len > RADIUS_SALTED_MAX || tag > 0x1f)
		return -1;
	if (tag >= 0)
		out[hdr++] = (uint8_t)tag;
	/* Top bit set; the counter keeps every salt in the packet unique. */
	out[hdr] = (uint8_t)(0x80 | ((p->salt_next >> 8) & 0x7f));
	out[hdr + 1] = (uint8_t)p->salt_next;
	p->salt_next++;
	memcpy(first, p->req_auth, RADIUS_AUTH_LEN);
	memcpy(first + RADIUS_AUTH_LEN, out + hdr, 2);
	hdr += 2;

	plain[0] = (uint8_t)len;
	memcpy(plain + 1, value, len);
	n = (len + 1 + 15) / 16 * 16;
	if (radius_packet_stream(out + hdr, plain, n, 0, secret, secret_len,
				 first, sizeof(first)) < 0)
		goto done;
	if (vendor)
		rc = radius_packet_add_vsa(p, vendor, type, out, hdr + n);
	else
		rc = radius_packet_add(p, type, out, hdr + n);
done:
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

int radius_packet_finish(struct radius_packet *p, const void *secret,
			 size_t secret_len)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	uint8_t *d = radius_packet_bytes(p);
	size_t len = p->buf.len;
	uint8_t sum[RADIUS_MD5_LEN];

	if (len < RADIUS_HDR_LEN || len > RADIUS_MAX_LEN)
		return -1;
	d[2] = (uint8_t)(len >> 8);
	d[3] = (uint8_t)len;
	/* What the authenticator field holds while Message-Authenticator
	 * and the MD5 are computed. */
	if (radius_packet_is_hashed_request(p->code))
		memcpy(d + 4, zero, RADIUS_AUTH_LEN);
	else
		memcpy(d + 4, p->req_auth, RADIUS_AUTH_LEN);

	if (p->ma_offset) {
		memset(d + p->ma_offset, 0, RADIUS_AUTH_LEN);
		if (radius_packet_hmac(sum, secret, secret_len, d, len) < 0)
			return -1;
		memcpy(d + p->ma_offset, sum, RADIUS_AUTH_LEN);
	}
	if (radius_packet_is_response(p->code) ||
	    radius_packet_is_hashed_request(p->code)) {
		struct radius_md5_part parts[2] = {{d, len},
						   {secret, secret_len}};

		if (radius_packet_md5(sum, parts, 2) < 0)
			return -1;
		memcpy(d + 4, sum, RADIUS_AUTH_LEN);
	}
	return 0;
}

const uint8_t *radius_packet_data(const struct radius_packet *p)
{
	return (const uint8_t *)p->buf.data;
}

size_t radius_packet_len(const struct radius_packet *p)
{
	return p->buf.len;
}

/* Record one attribute. Returns 0, or -1 when the table is full. */
static int radius_packet_note(struct radius_view *v, uint8_t type,
			      uint32_t vendor, uint8_t vtype,
			      const uint8_t *value, size_t len, size_t offset)
{
	struct radius_attr *a;

	if (v->nattr >= RADIUS_MAX_ATTRS)
		return -1;
	a = &v->attr[v->nattr++];
	a->type = type;
	a->vendor = vendor;
	a->vtype = vtype;
	a->value = value;
	a->len = len;
	a->offset = offset;
	return 0;
}

/* Is value[0..len) a list of well-formed RFC 2865 sub-attributes? */
static int radius_packet_vsa_ok(const uint8_t *value, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return 0;
	while (off < len) {
		if (len - off < 2)
			return 0;
		if (value[off + 1] < 2 || value[off + 1] > len - off)
			return 0;
		off += value[off + 1];
	}
	return 1;
}

/* Record a Vendor-Specific attribute's contents. */
static int radius_packet_note_vsa(struct radius_view *v, const uint8_t *value,
				  size_t len, size_t offset)
{
	uint32_t vendor;
	size_t off = 0;

	/* RFC 2865 §5.26: four octets of vendor id, high octet zero. */
	if (len < 4 || value[0] != 0)
		return radius_packet_note(v, RADIUS_VENDOR_SPECIFIC, 0,
					  RADIUS_VENDOR_SPECIFIC, value, len,
					  offset);
	vendor = radius_packet_get32(value);
	value += 4;
	len -= 4;
	if (!radius_packet_vsa_ok(value, len))
		return radius_packet_note(v, RADIUS_VENDOR_SPECIFIC, vendor, 0,
					  value, len, offset);
	while (off < len) {
		uint8_t sublen = value[off + 1];

		if (radius_packet_note(v, RADIUS_VENDOR_SPECIFIC, vendor,
				       value[off], value + off + 2, sublen - 2u,
				       offset) < 0)
			return -1;
		off += sublen;
	}
	return 0;
}

int radius_packet_parse(struct radius_view *v, const uint8_t *data, size_t len)
{
	size_t plen, off;

	v->nattr = 0;
	v->data = NULL;
	v->len = 0;
	if (!data || len < RADIUS_MIN_LEN || len > RADIUS_MAX_LEN)
		return -1;
	plen = (size_t)data[2] << 8 | data[3];
	if (plen < RADIUS_MIN_LEN || plen > len)
		return -1;
	v->data = data;
	v->len = plen;
	v->code = data[0];
	v->id = data[1];
	v->authenticator = data + 4;

	for (off = RADIUS_HDR_LEN; off < plen;) {
		uint8_t type, alen;
		int rc;

		if (plen - off < 2)
			goto bad;
		type = data[off];
		alen = data[off + 1];
		if (alen < 2 || alen > plen - off)
			goto bad;
		if (type == RADIUS_VENDOR_SPECIFIC)
			rc = radius_packet_note_vsa(v, data + off + 2,
						    alen - 2u, off);
		else
			rc = radius_packet_note(v, type, 0, type,
						data + off + 2, alen - 2u, off);
		if (rc < 0)
			goto bad;
		off += alen;
	}
	return 0;
bad:
	v->nattr = 0;
	return -1;
}

const struct radius_attr *radius_packet_find(const struct radius_view *v,
					     uint32_t vendor, uint8_t type,
					     size_t nth)
{
	for (size_t i = 0; i < v->nattr; i++) {
		const struct radius_attr *a = &v->attr[i];

		if (a->vendor != vendor)
			continue;
		if (vendor ? a->vtype != type : a->type != type)
			continue;
		if (nth-- == 0)
			return a;
	}
	return NULL;
}

/* MD5 over the packet with auth in place of its authenticator, plus the
 * secret; 0 when it equals the packet's authenticator. */
static int radius_packet_check_md5(const struct radius_view *v,
				   const uint8_t auth[RADIUS_AUTH_LEN],
				   const void *secret, size_t secret_len)
{
	uint8_t sum[RADIUS_MD5_LEN];
	struct radius_md5_part parts[4] = {
	    {v->data, 4},
	    {auth, RADIUS_AUTH_LEN},
	    {v->data + RADIUS_HDR_LEN, v->len - RADIUS_HDR_LEN},
	    {secret, secret_len},
	};

	if (!v->data || v->len < RADIUS_HDR_LEN)
		return -1;
	if (radius_packet_md5(sum, parts, 4) < 0)
		return -1;
	return CRYPTO_memcmp(sum, v->authenticator, RADIUS_AUTH_LEN) ? -1 : 0;
}

int radius_packet_verify_response(const struct radius_view *v,
				  const uint8_t req_auth[RADIUS_AUTH_LEN],
				  const void *secret, size_t secret_len)
{
	return radius_packet_check_md5(v, req_auth, secret, secret_len);
}

int radius_packet_verify_request(const struct radius_view *v,
				 const void *secret, size_t secret_len)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];

	return radius_packet_check_md5(v, zero, secret, secret_len);
}

enum radius_ma radius_packet_check_ma(const struct radius_view *v,
				      const uint8_t *req_auth,
				      const void *secret, size_t secret_len)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	uint8_t copy[RADIUS_MAX_LEN];
	uint8_t sum[RADIUS_MD5_LEN];
	const struct radius_attr *ma = NULL;
	size_t at;

	for (size_t i = 0; i < v->nattr; i++) {
		if (v->attr[i].vendor ||
		    v->attr[i].type != RADIUS_MESSAGE_AUTHENTICATOR)
			continue;
		if (ma)
			return RADIUS_MA_INVALID;
		ma = &v->attr[i];
	}
	if (!ma)
		return RADIUS_MA_ABSENT;
	if (ma->len != RADIUS_AUTH_LEN || !v->data || v->len > sizeof(copy))
		return RADIUS_MA_INVALID;

	memcpy(copy, v->data, v->len);
	if (req_auth)
		memcpy(copy + 4, req_auth, RADIUS_AUTH_LEN);
	else if (radius_packet_is_hashed_request(v->code))
		memcpy(copy + 4, zero, RADIUS_AUTH_LEN);
	at = (size_t)(ma->value - v->data);
	memset(copy + at, 0, RADIUS_AUTH_LEN);
	if (radius_packet_hmac(sum, secret, secret_len, copy, v->len) < 0)
		return RADIUS_MA_INVALID;
	if (CRYPTO_memcmp(sum, ma->value, RADIUS_AUTH_LEN) != 0)
		return RADIUS_MA_INVALID;
	return RADIUS_MA_VALID;
}

int radius_packet_ma_first(const struct radius_view *v)
{
	return v->nattr > 0 && v->attr[0].vendor == 0 &&
	       v->attr[0].type == RADIUS_MESSAGE_AUTHENTICATOR;
}

int radius_packet_decrypt_salted(const struct radius_attr *a, int has_tag,
				 const uint8_t req_auth[RADIUS_AUTH_LEN],
				 const void *secret, size_t secret_len,
				 uint8_t *out, size_t outmax, size_t *outlen,
				 uint8_t *tag, uint8_t salt[2])
{
	uint8_t plain[RADIUS_ATTR_MAX_VALUE];
	uint8_t first[RADIUS_AUTH_LEN + 2];
	size_t hdr = has_tag ? 3 : 2;
	size_t n;
	int rc = -1;

	*outlen = 0;
	if (a->len < hdr + 16 || (a->len - hdr) % 16 != 0 ||
	    a->len - hdr > sizeof(plain))
		return -1;
	n = a->len - hdr;
	if (tag)
		*tag = has_tag ? a->value[0] : 0;
	if (salt)
		memcpy(salt, a->value + hdr - 2, 2);
	memcpy(first, req_auth, RADIUS_AUTH_LEN);
	memcpy(first + RADIUS_AUTH_LEN, a->value + hdr - 2, 2);
	if (radius_packet_stream(plain, a->value + hdr, n, 1, secret,
				 secret_len, first, sizeof(first)) < 0)
		goto done;
	if (plain[0] > n - 1 || (size_t)plain[0] + 1 > outmax)
		goto done;
	memcpy(out, plain + 1, plain[0]);
	out[plain[0]] = '\0';
	*outlen = plain[0];
	rc = 0;
done:
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

int radius_packet_decrypt_user_password(const struct radius_view *v,
					const void *secret, size_t secret_len,
					uint8_t *out, size_t outmax,
					size_t *outlen)
{
	const struct radius_attr *a;
	uint8_t plain[128];
	size_t n;

	*outlen = 0;
	a = radius_packet_find(v, 0, RADIUS_USER_PASSWORD, 0);
	if (!a || a->len < 16 || a->len > sizeof(plain) || a->len % 16)
		return -1;
	if (radius_packet_stream(plain, a->value, a->len, 1, secret, secret_len,
				 v->authenticator, RADIUS_AUTH_LEN) < 0)
		return -1;
	n = a->len;
	while (n > 0 && plain[n - 1] == 0)
		n--;
	if (n + 1 > outmax) {
		sodium_memzero(plain, sizeof(plain));
		return -1;
	}
	memcpy(out, plain, n);
	out[n] = '\0';
	*outlen = n;
	sodium_memzero(plain, sizeof(plain));
	return 0;
}

const char *radius_packet_code_name(uint8_t code)
{
	switch (code) {
	case RADIUS_ACCESS_REQUEST:
		return "Access-Request";
	case RADIUS_ACCESS_ACCEPT:
		return "Access-Accept";
	case RADIUS_ACCESS_REJECT:
		return "Access-Reject";
	case RADIUS_ACCOUNTING_REQUEST:
		return "Accounting-Request";
	case RADIUS_ACCOUNTING_RESPONSE:
		return "Accounting-Response";
	case RADIUS_ACCESS_CHALLENGE:
		return "Access-Challenge";
	case RADIUS_STATUS_SERVER:
		return "Status-Server";
	case RADIUS_DISCONNECT_REQUEST:
		return "Disconnect-Request";
	case RADIUS_DISCONNECT_ACK:
		return "Disconnect-ACK";
	case RADIUS_DISCONNECT_NAK:
		return "Disconnect-NAK";
	case RADIUS_COA_REQUEST:
		return "CoA-Request";
	case RADIUS_COA_ACK:
		return "CoA-ACK";
	case RADIUS_COA_NAK:
		return "CoA-NAK";
	default:
		return "Unknown";
	}
}
