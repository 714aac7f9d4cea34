/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * radius_packet.h - RADIUS packets (RFC 2865/2866/2868/3579/5176) for our
 * test client, load generator and CoA sender.
 *
 * Two halves:
 *  - building: struct radius_packet grows a packet in a bounded buffer
 *    (never past 4096 octets), hides User-Password, salt-encrypts
 *    Tunnel-Password style attributes, and radius_packet_finish() fills in
 *    the length, the Message-Authenticator and, by packet code, the
 *    Request or Response Authenticator;
 *  - parsing: radius_packet_parse() checks an untrusted datagram (20..4096
 *    octets, length field, every attribute length, vendor sub-attributes)
 *    and lists its attributes as pointers into the caller's bytes, ready
 *    for radius_packet_find(), the verifiers and the decrypters.
 *
 * MD5 and HMAC-MD5 come from OpenSSL's libcrypto (EVP), random octets from
 * libsodium. Nothing here logs; errors are return values.
 */
#ifndef MPSK_CORE_RADIUS_PACKET_H
#define MPSK_CORE_RADIUS_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define RADIUS_HDR_LEN 20
#define RADIUS_MIN_LEN 20
#define RADIUS_MAX_LEN 4096
#define RADIUS_AUTH_LEN 16
#define RADIUS_ATTR_MAX_VALUE 253
/* The most attributes (vendor sub-attributes counted one by one) that a
 * parsed packet may hold; 4076 octets of 2-octet attributes would be 2038. */
#define RADIUS_MAX_ATTRS 2048
/* The longest plain text a salt-encrypted attribute can carry:
 * 253 - tag - salt = 250 octets of cipher text, 15 blocks, minus the
 * length octet. */
#define RADIUS_SALTED_MAX 239

enum radius_code {
	RADIUS_ACCESS_REQUEST = 1,
	RADIUS_ACCESS_ACCEPT = 2,
	RADIUS_ACCESS_REJECT = 3,
	RADIUS_ACCOUNTING_REQUEST = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE = 11,
	RADIUS_STATUS_SERVER = 12,
	RADIUS_DISCONNECT_REQUEST = 40,
	RADIUS_DISCONNECT_ACK = 41,
	RADIUS_DISCONNECT_NAK = 42,
	RADIUS_COA_REQUEST = 43,
	RADIUS_COA_ACK = 44,
	RADIUS_COA_NAK = 45,
};

enum radius_attr_type {
	RADIUS_USER_NAME = 1,
	RADIUS_USER_PASSWORD = 2,
	RADIUS_NAS_IP_ADDRESS = 4,
	RADIUS_NAS_PORT = 5,
	RADIUS_SERVICE_TYPE = 6,
	RADIUS_FILTER_ID = 11,
	RADIUS_REPLY_MESSAGE = 18,
	RADIUS_CLASS = 25,
	RADIUS_VENDOR_SPECIFIC = 26,
	RADIUS_SESSION_TIMEOUT = 27,
	RADIUS_CALLED_STATION_ID = 30,
	RADIUS_CALLING_STATION_ID = 31,
	RADIUS_NAS_IDENTIFIER = 32,
	RADIUS_PROXY_STATE = 33,
	RADIUS_ACCT_STATUS_TYPE = 40,
	RADIUS_ACCT_INPUT_OCTETS = 42,
	RADIUS_ACCT_OUTPUT_OCTETS = 43,
	RADIUS_ACCT_SESSION_ID = 44,
	RADIUS_ACCT_SESSION_TIME = 46,
	RADIUS_ACCT_TERMINATE_CAUSE = 49,
	RADIUS_EVENT_TIMESTAMP = 55,
	RADIUS_NAS_PORT_TYPE = 61,
	RADIUS_TUNNEL_TYPE = 64,
	RADIUS_TUNNEL_MEDIUM_TYPE = 65,
	RADIUS_TUNNEL_PASSWORD = 69,
	RADIUS_CONNECT_INFO = 77,
	RADIUS_MESSAGE_AUTHENTICATOR = 80,
	RADIUS_TUNNEL_PRIVATE_GROUP_ID = 81,
	RADIUS_ACCT_INTERIM_INTERVAL = 85,
	RADIUS_ERROR_CAUSE = 101,
};

/* Private Enterprise Numbers of the vendors we speak to. */
enum radius_vendor {
	RADIUS_VENDOR_CISCO = 9,
	RADIUS_VENDOR_MIKROTIK = 14988,
	RADIUS_VENDOR_ARUBA = 14823,
	RADIUS_VENDOR_WISPR = 14122,
	RADIUS_VENDOR_RUCKUS = 25053,
	RADIUS_VENDOR_TPLINK = 11863,
};

/*
 * One attribute of a parsed packet. A Vendor-Specific attribute whose
 * value is a well-formed list of RFC 2865 sub-attributes appears as one
 * entry per sub-attribute (vendor set, vtype its type); one that is not
 * appears once with vtype 0 and the whole value after the vendor id.
 * value points into the parsed bytes and lives as long as they do.
 */
struct radius_attr {
	uint8_t type;	 /* 26 for vendor attributes */
	uint8_t vtype;	 /* vendor type; equals type for standard ones */
	uint32_t vendor; /* 0 for standard attributes */
	const uint8_t *value;
	size_t len;
	size_t offset; /* of the top-level attribute header */
};

/* A received packet, parsed in place. About 64 KiB: give it static or
 * heap storage rather than a small thread's stack. */
struct radius_view {
	const uint8_t *data;
	size_t len; /* from the length field (trailing octets cut) */
	uint8_t code;
	uint8_t id;
	const uint8_t *authenticator;
	size_t nattr;
	struct radius_attr attr[RADIUS_MAX_ATTRS];
};

/* A packet being built. */
struct radius_packet {
	struct buf buf; /* the whole packet, header first */
	uint8_t code;
	uint8_t id;
	uint8_t req_auth[RADIUS_AUTH_LEN]; /* see radius_packet_init() */
	size_t ma_offset;   /* value offset of Message-Authenticator, or 0 */
	uint16_t salt_next; /* keeps salts unique within the packet */
};

/* Results of radius_packet_check_ma(). */
enum radius_ma {
	RADIUS_MA_ABSENT = 0,
	RADIUS_MA_VALID = 1,
	RADIUS_MA_INVALID = -1,
};

/*
 * radius_packet_init - start a packet.
 * @p:        the packet; radius_packet_free() releases it.
 * @code:     packet code (enum radius_code).
 * @id:       the identifier.
 * @req_auth: for a request with a random authenticator (Access-Request,
 *            Status-Server): the authenticator to use, or NULL for fresh
 *            random octets. For a response: the request's authenticator
 *            (required). Ignored for Accounting, Disconnect and CoA
 *            requests, whose authenticator is computed by finish.
 *
 * Return: 0, or -1 when a response is started without req_auth or
 * libsodium cannot be initialised. radius_packet_free() is safe either way.
 */
int radius_packet_init(struct radius_packet *p, uint8_t code, uint8_t id,
		       const uint8_t req_auth[RADIUS_AUTH_LEN]);

/* radius_packet_free - release the packet's memory (wiped first). */
void radius_packet_free(struct radius_packet *p);

/*
 * radius_packet_add - append a standard attribute.
 * @len: 0..253 octets of value.
 *
 * Return: 0, or -1 when the value is too long or the packet would pass
 * 4096 octets (the packet is left unchanged).
 */
int radius_packet_add(struct radius_packet *p, uint8_t type, const void *value,
		      size_t len);

/* radius_packet_add_str - append a text attribute. Return as above. */
int radius_packet_add_str(struct radius_packet *p, uint8_t type, const char *s);

/* radius_packet_add_u32 - append a 32-bit integer attribute, network order.
 * Return as above. */
int radius_packet_add_u32(struct radius_packet *p, uint8_t type,
			  uint32_t value);

/*
 * radius_packet_add_vsa - append a Vendor-Specific attribute holding one
 * sub-attribute (vendor, vtype) of 0..247 octets.
 *
 * Return: 0 or -1 as radius_packet_add().
 */
int radius_packet_add_vsa(struct radius_packet *p, uint32_t vendor,
			  uint8_t vtype, const void *value, size_t len);

/*
 * radius_packet_add_ma - append Message-Authenticator (16 zero octets that
 * radius_packet_finish() replaces with the HMAC). At most one per packet.
 *
 * Return: 0, or -1 when there already is one or the packet is full.
 */
int radius_packet_add_ma(struct radius_packet *p);

/*
 * radius_packet_add_user_password - append User-Password hidden as RFC 2865
 * §5.2 says (with the secret and the request authenticator of an
 * Access-Request started by radius_packet_init()).
 * @pw: 0..128 octets; padded with zeros to a multiple of 16 (at least 16).
 *
 * Return: 0, or -1 when pw is too long or the packet is full.
 */
int radius_packet_add_user_password(struct radius_packet *p, const void *secret,
				    size_t secret_len, const void *pw,
				    size_t pw_len);

/*
 * radius_packet_add_salted - append a salt-encrypted attribute (RFC 2868
 * §3.5 Tunnel-Password; Aruba-MPSK-Passphrase uses the same scheme) to a
 * response, keyed by the request authenticator given to init.
 * @vendor: 0 for a standard attribute, else the sub-attribute's vendor.
 * @type:   attribute (or vendor) type.
 * @tag:    the tag octet (0..0x1f) for tagged attributes, or -1 for none.
 * @value:  0..RADIUS_SALTED_MAX octets of plain text.
 *
 * The salt has its top bit set and differs from every other salt in the
 * packet.
 *
 * Return: 0, or -1 when the value is too long or the packet is full.
 */
int radius_packet_add_salted(struct radius_packet *p, uint32_t vendor,
			     uint8_t type, int tag, const void *secret,
			     size_t secret_len, const void *value, size_t len);

/*
 * radius_packet_finish - make the packet ready to send: length field,
 * Message-Authenticator (if added), then the authenticator:
 *  - Access-Request, Status-Server: the random one from init;
 *  - Accounting-, Disconnect-, CoA-Request: MD5 over the packet with a
 *    zero authenticator and the secret (Message-Authenticator is computed
 *    over the zero authenticator first, RFC 5176 §3.5);
 *  - responses: MD5(code|id|length|request authenticator|attributes|secret),
 *    after Message-Authenticator over the request authenticator.
 * Finishing twice gives the same bytes.
 *
 * Return: 0, or -1 on a crypto failure.
 */
int radius_packet_finish(struct radius_packet *p, const void *secret,
			 size_t secret_len);

/* radius_packet_data / radius_packet_len - the bytes to send. */
const uint8_t *radius_packet_data(const struct radius_packet *p);
size_t radius_packet_len(const struct radius_packet *p);

/*
 * radius_packet_parse - check a received datagram and list its attributes.
 * @v:    filled in; its pointers point into data.
 * @data: the datagram as received (untrusted).
 * @len:  its size. Octets past the length field are ignored (RFC 2865 §3).
 *
 * Return: 0, or -1 when the datagram is shorter than 20 or longer than
 * 4096 octets, its length field is out of range or larger than the
 * datagram, an attribute is shorter than 2 octets or runs past the end,
 * or there are more than RADIUS_MAX_ATTRS attributes.
 */
int radius_packet_parse(struct radius_view *v, const uint8_t *data, size_t len);

/*
 * radius_packet_find - the nth (from 0) attribute with this vendor (0 for
 * standard) and type, or NULL.
 */
const struct radius_attr *radius_packet_find(const struct radius_view *v,
					     uint32_t vendor, uint8_t type,
					     size_t nth);

/*
 * radius_packet_verify_response - check a response's authenticator against
 * the request authenticator we sent.
 *
 * Return: 0 when it matches, -1 when not.
 */
int radius_packet_verify_response(const struct radius_view *v,
				  const uint8_t req_auth[RADIUS_AUTH_LEN],
				  const void *secret, size_t secret_len);

/*
 * radius_packet_verify_request - check the authenticator of an
 * Accounting-, Disconnect- or CoA-Request (MD5 over the packet with a zero
 * authenticator and the secret).
 *
 * Return: 0 when it matches, -1 when not.
 */
int radius_packet_verify_request(const struct radius_view *v,
				 const void *secret, size_t secret_len);

/*
 * radius_packet_check_ma - look for and check Message-Authenticator.
 * @req_auth: for a response, the request authenticator we sent; NULL for a
 *            request (the packet's own authenticator, or 16 zeros for
 *            Accounting, Disconnect and CoA requests).
 *
 * Return: RADIUS_MA_ABSENT, RADIUS_MA_VALID, or RADIUS_MA_INVALID (wrong
 * HMAC, wrong length, or more than one).
 */
enum radius_ma radius_packet_check_ma(const struct radius_view *v,
				      const uint8_t *req_auth,
				      const void *secret, size_t secret_len);

/* radius_packet_ma_first - 1 when the first attribute is
 * Message-Authenticator, else 0. */
int radius_packet_ma_first(const struct radius_view *v);

/*
 * radius_packet_decrypt_salted - recover the plain text of a salt-encrypted
 * attribute (Tunnel-Password, Aruba-MPSK-Passphrase).
 * @a:        the attribute from radius_packet_parse().
 * @has_tag:  1 when the value starts with a tag octet (Tunnel-Password).
 * @req_auth: the request authenticator we sent.
 * @out:      receives the plain text and a NUL; room for outmax octets.
 * @outlen:   its length.
 * @tag:      receives the tag (0 when none); may be NULL.
 * @salt:     receives the two salt octets; may be NULL.
 *
 * Return: 0, or -1 when the value is malformed (cipher text not a
 * positive multiple of 16, length octet too large) or out is too small.
 */
int radius_packet_decrypt_salted(const struct radius_attr *a, int has_tag,
				 const uint8_t req_auth[RADIUS_AUTH_LEN],
				 const void *secret, size_t secret_len,
				 uint8_t *out, size_t outmax, size_t *outlen,
				 uint8_t *tag, uint8_t salt[2]);

/*
 * radius_packet_decrypt_user_password - recover User-Password (RFC 2865
 * §5.2) from an Access-Request; trailing NUL padding is removed.
 * @out: receives the password and a NUL; room for outmax octets.
 *
 * Return: 0, or -1 when the value is not a multiple of 16 (16..128) or
 * out is too small.
 */
int radius_packet_decrypt_user_password(const struct radius_view *v,
					const void *secret, size_t secret_len,
					uint8_t *out, size_t outmax,
					size_t *outlen);

/* radius_packet_code_name - "Access-Accept" etc., or "Unknown". */
const char *radius_packet_code_name(uint8_t code);

#endif
