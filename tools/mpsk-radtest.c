// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mpsk-radtest.c - play an access point against a RADIUS server: send one
 * MAC-authentication Access-Request (or one Accounting-Request), wait for
 * the answer, check it the way hostapd >= 2.11 does, decode every vendor's
 * key, VLAN and rate attributes, and print one JSON object.
 *
 *   mpsk-radtest --server 127.0.0.1:1812 --secret S --mac aa:bb:cc:dd:ee:ff
 *                --ssid Home [--mac-format hostapd] [--source 127.0.0.5]
 *
 * Exit status: 0 a reply came (whatever its code), 3 no valid reply before
 * the last timeout ({"timeout":true}), 2 bad usage, 1 other errors.
 * `mpsk-radtest --help` lists the options.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/hex.h"
#include "core/buf.h"
#include "core/mac.h"
#include "core/radius_packet.h"

#define RADTEST_MAX_PROXY_STATE 8
#define RADTEST_MAX_REPEAT 100

/* How each AP spells MAC addresses (the spellings docs/RADIUS.md, step 3,
 * accepts). */
struct radtest_format {
	const char *name;
	const char *user_name; /* spelling of User-Name */
	const char *calling;   /* spelling of Calling-Station-Id */
	const char *called;    /* spelling of the BSSID in Called-Station-Id */
	int password_is_name;  /* User-Password = User-Name, else empty */
};

/* Spellings: plain (aabbccddeeff), colon, dash, dot (aabb.ccdd.eeff);
 * an upper- prefix means upper case. */
static const struct radtest_format radtest_formats[] = {
    {"hostapd", "plain", "upper-dash", "upper-dash", 1},
    {"mikrotik", "upper-colon", "upper-dash", "upper-dash", 0},
    {"cisco", "dot", "colon", "dash", 1},
    {"plain", "plain", "plain", "plain", 1},
    {"colon", "colon", "colon", "colon", 1},
    {"dash", "dash", "dash", "dash", 1},
    {"dot", "dot", "dot", "dot", 1},
    {"upper-colon", "upper-colon", "upper-colon", "upper-colon", 1},
    {"upper-dash", "upper-dash", "upper-dash", "upper-dash", 1},
    {"upper-plain", "upper-plain", "upper-plain", "upper-plain", 1},
};

struct radtest_opts {
	const char *server;
	const char *secret;
	const char *source;
	char mac[13];
	char bssid[13];
	const struct radtest_format *format;
	const char *user_name;
	const char *password;
	int no_password;
	const char *calling;
	int no_calling;
	struct buf ssid;
	int have_ssid;
	const char *called;
	const char *vendor_ssid; /* "ruckus", "aruba" or NULL */
	const char *nas_ip;
	const char *nas_identifier;
	int ma; /* 0 none, 1 first, 2 last */
	struct buf proxy_state[RADTEST_MAX_PROXY_STATE];
	int nproxy_state;
	const char *acct; /* start, interim, stop, on, off or NULL */
	const char *session_id;
	unsigned long session_time;
	unsigned long input_octets;
	unsigned long output_octets;
	unsigned long terminate_cause;
	double timeout;
	unsigned long retries;
	long id;
	unsigned long repeat;
};

static void radtest_usage(FILE *f)
{
	fputs(
	    "usage: mpsk-radtest --server HOST:PORT --secret S [options]\n"
	    "  --mac MAC               station MAC, any spelling\n"
	    "  --mac-format F          hostapd (default), mikrotik, cisco,\n"
	    "                          plain, colon, dash, dot, upper-colon,\n"
	    "                          upper-dash, upper-plain\n"
	    "  --user-name S           User-Name as given (default: the MAC)\n"
	    "  --password S            User-Password (default per format)\n"
	    "  --no-password           send no User-Password\n"
	    "  --calling-station-id S  (default: the MAC); "
	    "--no-calling-station-id\n"
	    "  --ssid S | --ssid-hex H the SSID (Called-Station-Id "
	    "BSSID:SSID)\n"
	    "  --bssid MAC             (default 02:00:00:00:00:01)\n"
	    "  --called-station-id S   Called-Station-Id as given\n"
	    "  --vendor-ssid-attr V    ruckus or aruba: SSID in Ruckus-SSID "
	    "or\n"
	    "                          Aruba-Essid-Name, Called-Station-Id = "
	    "BSSID\n"
	    "  --nas-ip-address A      (default 127.0.0.1)\n"
	    "  --nas-identifier S\n"
	    "  --no-message-authenticator | --ma-last\n"
	    "  --proxy-state HEX       (repeatable)\n"
	    "  --acct start|interim|stop|on|off  send an Accounting-Request\n"
	    "                          instead (on/off: Accounting-On/-Off)\n"
	    "  --session-id S --session-time N --input-octets N\n"
	    "  --output-octets N --terminate-cause N\n"
	    "  --source ADDR           local address to send from\n"
	    "  --timeout SEC (2) --retries N (2) --id N (random)\n"
	    "  --repeat N              resend the identical packet N times "
	    "and\n"
	    "                          compare the replies\n",
	    f);
}

/* Parse an unsigned decimal number within [0, max]. 0 or -1. */
static int radtest_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || s[0] == '-' || s[0] == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Decode hex text into b (replacing its content). 0 or -1. */
static int radtest_unhex(const char *s, struct buf *b)
{
	size_t n = strlen(s);

	buf_reset(b);
	if (n % 2)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);

		if (hi < 0 || lo < 0 ||
		    buf_append_char(b, (char)(hi << 4 | lo)))
			return -1;
	}
	return 0;
}

/* Spell a normalised MAC (12 hex digits) as style says. */
static void radtest_spell(const char mac[13], const char *style, char out[18])
{
	int upper = strncmp(style, "upper-", 6) == 0;
	const char *kind = upper ? style + 6 : style;
	char sep = 0;
	int group = 2, o = 0;

	if (strcmp(kind, "colon") == 0)
		sep = ':';
	else if (strcmp(kind, "dash") == 0)
		sep = '-';
	else if (strcmp(kind, "dot") == 0) {
		sep = '.';
		group = 4;
	}
	for (int i = 0; i < 12; i++) {
		char c = mac[i];

		if (sep && i > 0 && i % group == 0)
			out[o++] = sep;
		if (upper && c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		out[o++] = c;
	}
	out[o] = '\0';
}

enum {
	OPT_SERVER = 256,
	OPT_SECRET,
	OPT_SOURCE,
	OPT_MAC,
	OPT_MAC_FORMAT,
	OPT_USER_NAME,
	OPT_PASSWORD,
	OPT_NO_PASSWORD,
	OPT_CALLING,
	OPT_NO_CALLING,
	OPT_SSID,
	OPT_SSID_HEX,
	OPT_BSSID,
	OPT_CALLED,
	OPT_VENDOR_SSID,
	OPT_NAS_IP,
	OPT_NAS_ID,
	OPT_NO_MA,
	OPT_MA_LAST,
	OPT_PROXY_STATE,
	OPT_ACCT,
	OPT_SESSION_ID,
	OPT_SESSION_TIME,
	OPT_INPUT_OCTETS,
	OPT_OUTPUT_OCTETS,
	OPT_TERMINATE_CAUSE,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_ID,
	OPT_REPEAT,
	OPT_HELP,
};

static const struct option radtest_options[] = {
    {"server", required_argument, NULL, OPT_SERVER},
    {"secret", required_argument, NULL, OPT_SECRET},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"mac", required_argument, NULL, OPT_MAC},
    {"mac-format", required_argument, NULL, OPT_MAC_FORMAT},
    {"user-name", required_argument, NULL, OPT_USER_NAME},
    {"password", required_argument, NULL, OPT_PASSWORD},
    {"no-password", no_argument, NULL, OPT_NO_PASSWORD},
    {"calling-station-id", required_argument, NULL, OPT_CALLING},
    {"no-calling-station-id", no_argument, NULL, OPT_NO_CALLING},
    {"ssid", required_argument, NULL, OPT_SSID},
    {"ssid-hex", required_argument, NULL, OPT_SSID_HEX},
    {"bssid", required_argument, NULL, OPT_BSSID},
    {"called-station-id", required_argument, NULL, OPT_CALLED},
    {"vendor-ssid-attr", required_argument, NULL, OPT_VENDOR_SSID},
    {"nas-ip-address", required_argument, NULL, OPT_NAS_IP},
    {"nas-identifier", required_argument, NULL, OPT_NAS_ID},
    {"no-message-authenticator", no_argument, NULL, OPT_NO_MA},
    {"ma-last", no_argument, NULL, OPT_MA_LAST},
    {"proxy-state", required_argument, NULL, OPT_PROXY_STATE},
    {"acct", required_argument, NULL, OPT_ACCT},
    {"session-id", required_argument, NULL, OPT_SESSION_ID},
    {"session-time", required_argument, NULL, OPT_SESSION_TIME},
    {"input-octets", required_argument, NULL, OPT_INPUT_OCTETS},
    {"output-octets", required_argument, NULL, OPT_OUTPUT_OCTETS},
    {"terminate-cause", required_argument, NULL, OPT_TERMINATE_CAUSE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"retries", required_argument, NULL, OPT_RETRIES},
    {"id", required_argument, NULL, OPT_ID},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int radtest_bad(const char *what, const char *value)
{
	fprintf(stderr, "mpsk-radtest: bad %s: %s\n", what, value);
	return -1;
}

/* Apply one option. 0, -1 on a bad value, 1 for --help. */
static int radtest_opt(struct radtest_opts *o, int c, const char *arg)
{
	unsigned long v;
	size_t i;

	switch (c) {
	case OPT_SERVER:
		o->server = arg;
		break;
	case OPT_SECRET:
		o->secret = arg;
		break;
	case OPT_SOURCE:
		o->source = arg;
		break;
	case OPT_MAC:
		if (mac_normalize(arg, o->mac) < 0)
			return radtest_bad("--mac", arg);
		break;
	case OPT_BSSID:
		if (mac_normalize(arg, o->bssid) < 0)
			return radtest_bad("--bssid", arg);
		break;
	case OPT_MAC_FORMAT:
		o->format = NULL;
		for (i = 0;
		     i < sizeof(radtest_formats) / sizeof(radtest_formats[0]);
		     i++)
			if (strcmp(arg, radtest_formats[i].name) == 0)
				o->format = &radtest_formats[i];
		if (!o->format)
			return radtest_bad("--mac-format", arg);
		break;
	case OPT_USER_NAME:
		o->user_name = arg;
		break;
	case OPT_PASSWORD:
		o->password = arg;
		break;
	case OPT_NO_PASSWORD:
		o->no_password = 1;
		break;
	case OPT_CALLING:
		o->calling = arg;
		break;
	case OPT_NO_CALLING:
		o->no_calling = 1;
		break;
	case OPT_SSID:
		buf_reset(&o->ssid);
		if (buf_append_str(&o->ssid, arg) < 0)
			return radtest_bad("--ssid", arg);
		o->have_ssid = 1;
		break;
	case OPT_SSID_HEX:
		if (radtest_unhex(arg, &o->ssid) < 0)
			return radtest_bad("--ssid-hex", arg);
		o->have_ssid = 1;
		break;
	case OPT_CALLED:
		o->called = arg;
		break;
	case OPT_VENDOR_SSID:
		if (strcmp(arg, "ruckus") && strcmp(arg, "aruba"))
			return radtest_bad("--vendor-ssid-attr", arg);
		o->vendor_ssid = arg;
		break;
	case OPT_NAS_IP:
		o->nas_ip = arg;
		break;
	case OPT_NAS_ID:
		o->nas_identifier = arg;
		break;
	case OPT_NO_MA:
		o->ma = 0;
		break;
	case OPT_MA_LAST:
		o->ma = 2;
		break;
	case OPT_PROXY_STATE:
		if (o->nproxy_state >= RADTEST_MAX_PROXY_STATE ||
		    radtest_unhex(arg, &o->proxy_state[o->nproxy_state]) < 0)
			return radtest_bad("--proxy-state", arg);
		o->nproxy_state++;
		break;
	case OPT_ACCT:
		if (strcmp(arg, "start") && strcmp(arg, "interim") &&
		    strcmp(arg, "stop") && strcmp(arg, "on") && strcmp(arg, "off"))
			return radtest_bad("--acct", arg);
		o->acct = arg;
		break;
	case OPT_SESSION_ID:
		o->session_id = arg;
		break;
	case OPT_SESSION_TIME:
		if (radtest_ulong(arg, UINT32_MAX, &o->session_time) < 0)
			return radtest_bad("--session-time", arg);
		break;
	case OPT_INPUT_OCTETS:
		if (radtest_ulong(arg, UINT32_MAX, &o->input_octets) < 0)
			return radtest_bad("--input-octets", arg);
		break;
	case OPT_OUTPUT_OCTETS:
		if (radtest_ulong(arg, UINT32_MAX, &o->output_octets) < 0)
			return radtest_bad("--output-octets", arg);
		break;
	case OPT_TERMINATE_CAUSE:
		if (radtest_ulong(arg, UINT32_MAX, &o->terminate_cause) < 0)
			return radtest_bad("--terminate-cause", arg);
		break;
	case OPT_TIMEOUT:
		/* Milliseconds precision is plenty; bounded parse by hand. */
		if (radtest_ulong(arg, 600, &v) == 0) {
			o->timeout = (double)v;
		} else {
			char *end;

			errno = 0;
			o->timeout = strtod(arg, &end);
			if (errno || *end || !(o->timeout > 0.0) ||
			    o->timeout > 600.0)
				return radtest_bad("--timeout", arg);
		}
		break;
	case OPT_RETRIES:
		if (radtest_ulong(arg, 20, &o->retries) < 0)
			return radtest_bad("--retries", arg);
		break;
	case OPT_ID:
		if (radtest_ulong(arg, 255, &v) < 0)
			return radtest_bad("--id", arg);
		o->id = (long)v;
		break;
	case OPT_REPEAT:
		if (radtest_ulong(arg, RADTEST_MAX_REPEAT, &o->repeat) < 0)
			return radtest_bad("--repeat", arg);
		break;
	case OPT_HELP:
		return 1;
	default:
		return -1;
	}
	return 0;
}

static void radtest_opts_init(struct radtest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = &radtest_formats[0];
	memcpy(o->bssid, "020000000001", 13);
	buf_init(&o->ssid, 64);
	for (int i = 0; i < RADTEST_MAX_PROXY_STATE; i++)
		buf_init(&o->proxy_state[i], RADIUS_ATTR_MAX_VALUE);
	o->ma = 1;
	o->timeout = 2.0;
	o->retries = 2;
	o->id = -1;
	o->nas_ip = "127.0.0.1";
	o->session_id = "mpsk-radtest-1";
}

static void radtest_opts_free(struct radtest_opts *o)
{
	buf_free(&o->ssid);
	for (int i = 0; i < RADTEST_MAX_PROXY_STATE; i++)
		buf_free(&o->proxy_state[i]);
}

/* Called-Station-Id: as given, or BSSID[:SSID] in the format's spelling. */
static int radtest_called(const struct radtest_opts *o, struct buf *out)
{
	char bssid[18];

	if (o->called)
		return buf_append_str(out, o->called);
	radtest_spell(o->bssid, o->format->called, bssid);
	if (buf_append_str(out, bssid) < 0)
		return -1;
	if (o->have_ssid && !o->vendor_ssid &&
	    (buf_append_char(out, ':') < 0 ||
	     buf_append(out, o->ssid.data, o->ssid.len) < 0))
		return -1;
	return 0;
}

/* The attributes every request carries about the station and NAS. */
static int radtest_add_station(struct radius_packet *p,
			       const struct radtest_opts *o,
			       const char *user_name)
{
	struct in_addr nas_ip;
	struct buf called;
	char calling[18];
	int rc = 0;

	if (inet_pton(AF_INET, o->nas_ip, &nas_ip) != 1)
		return radtest_bad("--nas-ip-address", o->nas_ip);
	buf_init(&called, RADIUS_ATTR_MAX_VALUE);
	if (user_name[0])
		rc |= radius_packet_add_str(p, RADIUS_USER_NAME, user_name);
	rc |= radius_packet_add(p, RADIUS_NAS_IP_ADDRESS, &nas_ip, 4);
	if (o->nas_identifier)
		rc |= radius_packet_add_str(p, RADIUS_NAS_IDENTIFIER,
					    o->nas_identifier);
	rc |= radius_packet_add_u32(p, RADIUS_NAS_PORT_TYPE, 19);
	if (o->calling) {
		rc |= radius_packet_add_str(p, RADIUS_CALLING_STATION_ID,
					    o->calling);
	} else if (!o->no_calling && o->mac[0]) {
		radtest_spell(o->mac, o->format->calling, calling);
		rc |= radius_packet_add_str(p, RADIUS_CALLING_STATION_ID,
					    calling);
	}
	rc |= radtest_called(o, &called);
	rc |= radius_packet_add(p, RADIUS_CALLED_STATION_ID, called.data,
				called.len);
	if (o->have_ssid && o->vendor_ssid) {
		if (strcmp(o->vendor_ssid, "ruckus") == 0)
			rc |= radius_packet_add_vsa(p, RADIUS_VENDOR_RUCKUS, 3,
						    o->ssid.data, o->ssid.len);
		else
			rc |= radius_packet_add_vsa(p, RADIUS_VENDOR_ARUBA, 5,
						    o->ssid.data, o->ssid.len);
	}
	buf_free(&called);
	return rc ? -1 : 0;
}

/* Build the Access-Request or Accounting-Request. 0 or -1. */
static int radtest_build(struct radius_packet *p, const struct radtest_opts *o,
			 uint8_t id)
{
	const char *secret = o->secret;
	size_t slen = strlen(secret);
	char user_name[18] = "";
	const char *un = user_name;
	int rc = 0;

	if (o->user_name)
		un = o->user_name;
	else if (o->mac[0])
		radtest_spell(o->mac, o->format->user_name, user_name);

	if (o->acct) {
		uint32_t status = strcmp(o->acct, "start") == 0	  ? 1
				  : strcmp(o->acct, "stop") == 0  ? 2
				  : strcmp(o->acct, "on") == 0	  ? 7
				  : strcmp(o->acct, "off") == 0	  ? 8
								  : 3;

		radius_packet_init(p, RADIUS_ACCOUNTING_REQUEST, id, NULL);
		rc |= radius_packet_add_u32(p, RADIUS_ACCT_STATUS_TYPE, status);
		rc |= radius_packet_add_str(p, RADIUS_ACCT_SESSION_ID,
					    o->session_id);
		rc |= radtest_add_station(p, o, un);
		rc |= radius_packet_add_u32(p, RADIUS_EVENT_TIMESTAMP,
					    (uint32_t)time(NULL));
		if (status == 2 || status == 3) {
			rc |= radius_packet_add_u32(p, RADIUS_ACCT_SESSION_TIME,
						    (uint32_t)o->session_time);
			rc |= radius_packet_add_u32(p, RADIUS_ACCT_INPUT_OCTETS,
						    (uint32_t)o->input_octets);
			rc |=
			    radius_packet_add_u32(p, RADIUS_ACCT_OUTPUT_OCTETS,
						  (uint32_t)o->output_octets);
		}
		if (status == 2)
			rc |= radius_packet_add_u32(
			    p, RADIUS_ACCT_TERMINATE_CAUSE,
			    (uint32_t)(o->terminate_cause ? o->terminate_cause
							  : 1));
	} else {
		radius_packet_init(p, RADIUS_ACCESS_REQUEST, id, NULL);
		if (o->ma == 1)
			rc |= radius_packet_add_ma(p);
		rc |= radtest_add_station(p, o, un);
		if (o->password)
			rc |= radius_packet_add_user_password(
			    p, secret, slen, o->password, strlen(o->password));
		else if (!o->no_password)
			rc |= radius_packet_add_user_password(
			    p, secret, slen, un,
			    o->format->password_is_name ? strlen(un) : 0);
	}
	for (int i = 0; i < o->nproxy_state; i++)
		rc |= radius_packet_add(p, RADIUS_PROXY_STATE,
					o->proxy_state[i].data,
					o->proxy_state[i].len);
	if (o->ma == 2 && !o->acct)
		rc |= radius_packet_add_ma(p);
	if (rc)
		return -1;
	return radius_packet_finish(p, secret, slen);
}

/* A UDP socket connected to the server (and bound to the source). */
static int radtest_socket(const struct radtest_opts *o)
{
	struct addrinfo hints = {0}, *srv = NULL, *src = NULL;
	char host[256];
	const char *colon, *port;
	size_t hlen;
	int fd = -1;

	colon = strrchr(o->server, ':');
	if (!colon || colon == o->server)
		return radtest_bad("--server", o->server);
	port = colon + 1;
	hlen = (size_t)(colon - o->server);
	if (o->server[0] == '[' && hlen >= 2 && o->server[hlen - 1] == ']') {
		hlen -= 2;
		if (hlen >= sizeof(host))
			return radtest_bad("--server", o->server);
		memcpy(host, o->server + 1, hlen);
	} else {
		if (hlen >= sizeof(host))
			return radtest_bad("--server", o->server);
		memcpy(host, o->server, hlen);
	}
	host[hlen] = '\0';
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(host, port, &hints, &srv) != 0)
		return radtest_bad("--server", o->server);
	if (o->source) {
		hints.ai_family = srv->ai_family;
		if (getaddrinfo(o->source, "0", &hints, &src) != 0) {
			freeaddrinfo(srv);
			return radtest_bad("--source", o->source);
		}
	}
	fd = socket(srv->ai_family, SOCK_DGRAM, 0);
	if (fd < 0 || (src && bind(fd, src->ai_addr, src->ai_addrlen) < 0) ||
	    connect(fd, srv->ai_addr, srv->ai_addrlen) < 0) {
		perror("mpsk-radtest: socket");
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(srv);
	if (src)
		freeaddrinfo(src);
	return fd;
}

static double radtest_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Send the packet and wait for a reply to it, resending it (same octets,
 * as RFC 5080 asks) after each timeout. A datagram that does not parse,
 * has another id or a wrong Response Authenticator is ignored, as a NAS
 * ignores it. Returns the reply length, 0 on timeout, -1 on error.
 */
static ssize_t radtest_exchange(int fd, const struct radius_packet *p,
				const struct radtest_opts *o, uint8_t *reply,
				int *ignored)
{
	static struct radius_view v;
	const uint8_t *req = radius_packet_data(p);

	for (unsigned long try = 0; try <= o->retries; try++) {
		double deadline = radtest_now() + o->timeout;

		if (send(fd, req, radius_packet_len(p), 0) < 0) {
			perror("mpsk-radtest: send");
			return -1;
		}
		for (;;) {
			double left = deadline - radtest_now();
			struct pollfd pfd = {fd, POLLIN, 0};
			ssize_t n;
			int r;

			if (left <= 0)
				break;
			r = poll(&pfd, 1, (int)(left * 1000) + 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n = recv(fd, reply, RADIUS_MAX_LEN + 1, 0);
			if (n < 0) {
				/* ICMP port unreachable: keep waiting. */
				if (errno == ECONNREFUSED || errno == EINTR)
					continue;
				perror("mpsk-radtest: recv");
				return -1;
			}
			if (radius_packet_parse(&v, reply, (size_t)n) == 0 &&
			    v.id == req[1] &&
			    radius_packet_verify_response(
				&v, req + 4, o->secret, strlen(o->secret)) == 0)
				return (ssize_t)v.len;
			(*ignored)++;
		}
	}
	return 0;
}

static void radtest_hex(struct buf *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		buf_append_char(out, digits[p[i] >> 4]);
		buf_append_char(out, digits[p[i] & 15]);
	}
}

static json_object *radtest_json_hex(const uint8_t *p, size_t n)
{
	struct buf b;
	json_object *j;

	buf_init(&b, 2 * RADIUS_MAX_LEN);
	radtest_hex(&b, p, n);
	j = json_object_new_string(buf_str(&b));
	buf_free(&b);
	return j;
}

/* Is p[0..n) UTF-8 without NUL or other C0 controls but tab? */
static int radtest_is_text(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t more;

		if (p[i] < 0x20 && p[i] != '\t')
			return 0;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0 && p[i] >= 0xc2)
			more = 1;
		else if ((p[i] & 0xf0) == 0xe0)
			more = 2;
		else if ((p[i] & 0xf8) == 0xf0 && p[i] <= 0xf4)
			more = 3;
		else
			return 0;
		if (more > n - i - 1)
			return 0;
		for (size_t k = 1; k <= more; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		i += more + 1;
	}
	return 1;
}

/* Text as a JSON string when it is text, else "hex:<hex>". */
static json_object *radtest_json_text(const uint8_t *p, size_t n)
{
	struct buf b;
	json_object *j;

	if (radtest_is_text(p, n))
		return json_object_new_string_len((const char *)p, (int)n);
	buf_init(&b, 2 * RADIUS_MAX_LEN + 4);
	radtest_hex(&b, p, n);
	{
		struct buf t;

		buf_init(&t, 2 * RADIUS_MAX_LEN + 4);
		buf_append_str(&t, "hex:");
		buf_append(&t, b.data, b.len);
		j = json_object_new_string(buf_str(&t));
		buf_free(&t);
	}
	buf_free(&b);
	return j;
}

static uint32_t radtest_u32(const struct radius_attr *a)
{
	if (!a || a->len != 4)
		return 0;
	return (uint32_t)a->value[0] << 24 | (uint32_t)a->value[1] << 16 |
	       (uint32_t)a->value[2] << 8 | a->value[3];
}

static void radtest_set_u32(json_object *obj, const char *key,
			    const struct radius_attr *a)
{
	if (a && a->len == 4)
		json_object_object_add(obj, key,
				       json_object_new_int64(radtest_u32(a)));
}

/* The passphrase carriers: every Tunnel-Password and Aruba passphrase
 * decrypted, MikroTik's and Cisco's in clear. The first one found is
 * "passphrase". */
static void radtest_keys(json_object *out, const struct radius_view *v,
			 const uint8_t *req_auth, const struct radtest_opts *o)
{
	json_object *all = json_object_new_array();
	json_object *salts = json_object_new_array();
	json_object *avpairs = json_object_new_array();
	uint8_t plain[RADIUS_SALTED_MAX + 1], salt[2], tag;
	int salts_ok = 1, nsalt = 0, first = 1;
	uint8_t seen[RADIUS_MAX_ATTRS][2];
	size_t n;

	for (size_t i = 0; i < v->nattr; i++) {
		const struct radius_attr *a = &v->attr[i];
		int tunnel = !a->vendor && a->type == RADIUS_TUNNEL_PASSWORD;
		int aruba = a->vendor == RADIUS_VENDOR_ARUBA && a->vtype == 44;
		const char *src =
		    tunnel ? "Tunnel-Password" : "Aruba-MPSK-Passphrase";

		if (!tunnel && !aruba)
			continue;
		if (radius_packet_decrypt_salted(
			a, tunnel, req_auth, o->secret, strlen(o->secret),
			plain, sizeof(plain), &n, &tag, salt) < 0) {
			json_object_object_add(out, "passphrase_error",
					       json_object_new_string(src));
			salts_ok = 0;
			continue;
		}
		json_object_array_add(all, radtest_json_text(plain, n));
		if (first) {
			json_object_object_add(out, "passphrase",
					       radtest_json_text(plain, n));
			json_object_object_add(out, "passphrase_source",
					       json_object_new_string(src));
			if (tunnel)
				json_object_object_add(
				    out, "tunnel_password_tag",
				    json_object_new_int(tag));
			first = 0;
		}
		if (!(salt[0] & 0x80))
			salts_ok = 0;
		for (int k = 0; k < nsalt; k++)
			if (memcmp(seen[k], salt, 2) == 0)
				salts_ok = 0;
		memcpy(seen[nsalt++], salt, 2);
		json_object_array_add(salts, radtest_json_hex(salt, 2));
		sodium_memzero(plain, sizeof(plain));
	}
	for (size_t i = 0; i < v->nattr; i++) {
		const struct radius_attr *a = &v->attr[i];

		if (a->vendor == RADIUS_VENDOR_MIKROTIK && a->vtype == 16 &&
		    first) {
			json_object_object_add(
			    out, "passphrase",
			    radtest_json_text(a->value, a->len));
			json_object_object_add(
			    out, "passphrase_source",
			    json_object_new_string("Mikrotik-Wireless-PSK"));
			first = 0;
		}
		if (a->vendor == RADIUS_VENDOR_CISCO && a->vtype == 1) {
			json_object_array_add(
			    avpairs, radtest_json_text(a->value, a->len));
			if (first && a->len > 4 &&
			    memcmp(a->value, "psk=", 4) == 0) {
				json_object_object_add(
				    out, "passphrase",
				    radtest_json_text(a->value + 4,
						      a->len - 4));
				json_object_object_add(
				    out, "passphrase_source",
				    json_object_new_string("Cisco-AVPair"));
				first = 0;
			}
		}
	}
	json_object_object_add(out, "passphrases", all);
	json_object_object_add(out, "salts", salts);
	json_object_object_add(out, "salts_ok",
			       json_object_new_boolean(salts_ok));
	json_object_object_add(out, "cisco_avpairs", avpairs);
}

/* Ruckus-DPSK: 0x00 and the 32-octet PMK. */
static void radtest_dpsk(json_object *out, const struct radius_view *v)
{
	const struct radius_attr *a =
	    radius_packet_find(v, RADIUS_VENDOR_RUCKUS, 142, 0);

	if (!a)
		return;
	json_object_object_add(out, "dpsk_hex",
			       radtest_json_hex(a->value, a->len));
	json_object_object_add(
	    out, "dpsk_format_ok",
	    json_object_new_boolean(a->len == 33 && a->value[0] == 0));
	if (a->len == 33)
		json_object_object_add(out, "pmk_hex",
				       radtest_json_hex(a->value + 1, 32));
}

/* Tunnel-* (RFC 3580), MikroTik and Aruba VLANs. "vlan" is the first
 * of Tunnel-Private-Group-Id, Mikrotik-Wireless-VLANID, Aruba-User-Vlan. */
static void radtest_vlan(json_object *out, const struct radius_view *v)
{
	const struct radius_attr *group, *type, *medium, *mt, *mtt, *ar;
	json_object *vlan = NULL;

	group = radius_packet_find(v, 0, RADIUS_TUNNEL_PRIVATE_GROUP_ID, 0);
	type = radius_packet_find(v, 0, RADIUS_TUNNEL_TYPE, 0);
	medium = radius_packet_find(v, 0, RADIUS_TUNNEL_MEDIUM_TYPE, 0);
	mt = radius_packet_find(v, RADIUS_VENDOR_MIKROTIK, 26, 0);
	mtt = radius_packet_find(v, RADIUS_VENDOR_MIKROTIK, 27, 0);
	ar = radius_packet_find(v, RADIUS_VENDOR_ARUBA, 2, 0);

	if (type && type->len == 4) {
		json_object_object_add(
		    out, "tunnel_type",
		    json_object_new_int64(radtest_u32(type) & 0xffffff));
		json_object_object_add(out, "tunnel_type_tag",
				       json_object_new_int(type->value[0]));
	}
	if (medium && medium->len == 4) {
		json_object_object_add(
		    out, "tunnel_medium_type",
		    json_object_new_int64(radtest_u32(medium) & 0xffffff));
		json_object_object_add(out, "tunnel_medium_type_tag",
				       json_object_new_int(medium->value[0]));
	}
	if (group) {
		const uint8_t *s = group->value;
		size_t n = group->len;
		unsigned long id = 0;
		int tag = -1, digits = 1;

		/* RFC 2868 §3.6: a first octet 0x01..0x1f is a tag; 0x00
		 * is a tag too as FreeRADIUS reads it. */
		if (n > 0 && s[0] <= 0x1f) {
			tag = s[0];
			s++;
			n--;
		}
		json_object_object_add(out, "tunnel_private_group_id",
				       radtest_json_text(s, n));
		json_object_object_add(out, "tunnel_private_group_id_tag",
				       tag < 0 ? NULL
					       : json_object_new_int(tag));
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || id > 100000)
				digits = 0;
			else
				id = id * 10 + (unsigned long)(s[i] - '0');
		}
		if (digits && n > 0)
			vlan = json_object_new_int64((int64_t)id);
	}
	if (mt && mt->len == 4) {
		json_object_object_add(out, "mikrotik_vlan",
				       json_object_new_int64(radtest_u32(mt)));
		if (!vlan)
			vlan = json_object_new_int64(radtest_u32(mt));
	}
	radtest_set_u32(out, "mikrotik_vlan_type", mtt);
	if (ar && ar->len == 4) {
		json_object_object_add(out, "aruba_vlan",
				       json_object_new_int64(radtest_u32(ar)));
		if (!vlan)
			vlan = json_object_new_int64(radtest_u32(ar));
	}
	json_object_object_add(out, "vlan", vlan);
}

static void radtest_rates(json_object *out, const struct radius_view *v)
{
	json_object *rates = json_object_new_object();
	const struct radius_attr *a;

	a = radius_packet_find(v, RADIUS_VENDOR_MIKROTIK, 8, 0);
	if (a)
		json_object_object_add(rates, "mikrotik_rate_limit",
				       radtest_json_text(a->value, a->len));
	radtest_set_u32(rates, "wispr_up",
			radius_packet_find(v, RADIUS_VENDOR_WISPR, 7, 0));
	radtest_set_u32(rates, "wispr_down",
			radius_packet_find(v, RADIUS_VENDOR_WISPR, 8, 0));
	radtest_set_u32(rates, "tplink_recv",
			radius_packet_find(v, RADIUS_VENDOR_TPLINK, 1, 0));
	radtest_set_u32(rates, "tplink_xmit",
			radius_packet_find(v, RADIUS_VENDOR_TPLINK, 2, 0));
	json_object_object_add(out, "rates", rates);
}

/* Every attribute in order, values in hex (salted ones stay encrypted). */
static void radtest_attr_list(json_object *out, const struct radius_view *v)
{
	json_object *list = json_object_new_array();
	json_object *ps = json_object_new_array();
	struct buf msg;

	buf_init(&msg, RADIUS_MAX_LEN);
	for (size_t i = 0; i < v->nattr; i++) {
		const struct radius_attr *a = &v->attr[i];
		json_object *j = json_object_new_object();

		json_object_object_add(j, "type", json_object_new_int(a->type));
		json_object_object_add(j, "vendor",
				       json_object_new_int64(a->vendor));
		json_object_object_add(j, "vtype",
				       json_object_new_int(a->vtype));
		json_object_object_add(j, "len",
				       json_object_new_int((int)a->len));
		json_object_object_add(j, "hex",
				       radtest_json_hex(a->value, a->len));
		json_object_array_add(list, j);
		if (!a->vendor && a->type == RADIUS_PROXY_STATE)
			json_object_array_add(
			    ps, radtest_json_hex(a->value, a->len));
		if (!a->vendor && a->type == RADIUS_REPLY_MESSAGE)
			buf_append(&msg, a->value, a->len);
	}
	json_object_object_add(out, "attributes", list);
	json_object_object_add(out, "proxy_state", ps);
	if (radius_packet_find(v, 0, RADIUS_REPLY_MESSAGE, 0))
		json_object_object_add(
		    out, "reply_message",
		    radtest_json_text((uint8_t *)msg.data, msg.len));
	else
		json_object_object_add(out, "reply_message", NULL);
	buf_free(&msg);
}

/* The whole report for one reply. */
static json_object *radtest_report(const uint8_t *reply, size_t len,
				   const struct radius_packet *req,
				   const struct radtest_opts *o)
{
	static struct radius_view v;
	const uint8_t *req_auth = radius_packet_data(req) + 4;
	json_object *out = json_object_new_object();
	enum radius_ma ma;
	const struct radius_attr *st;

	radius_packet_parse(&v, reply, len);
	ma = radius_packet_check_ma(&v, req_auth, o->secret, strlen(o->secret));
	json_object_object_add(out, "code", json_object_new_int(v.code));
	json_object_object_add(
	    out, "code_name",
	    json_object_new_string(radius_packet_code_name(v.code)));
	json_object_object_add(out, "id", json_object_new_int(v.id));
	json_object_object_add(out, "authenticator_valid",
			       json_object_new_boolean(1));
	json_object_object_add(out, "ma_present",
			       json_object_new_boolean(ma != RADIUS_MA_ABSENT));
	json_object_object_add(out, "ma_valid",
			       json_object_new_boolean(ma == RADIUS_MA_VALID));
	json_object_object_add(
	    out, "ma_first",
	    json_object_new_boolean(radius_packet_ma_first(&v)));
	radtest_keys(out, &v, req_auth, o);
	radtest_dpsk(out, &v);
	radtest_vlan(out, &v);
	radtest_rates(out, &v);
	st = radius_packet_find(&v, 0, RADIUS_SESSION_TIMEOUT, 0);
	json_object_object_add(
	    out, "session_timeout",
	    st && st->len == 4 ? json_object_new_int64(radtest_u32(st)) : NULL);
	radtest_attr_list(out, &v);
	json_object_object_add(out, "reply_hex", radtest_json_hex(reply, len));
	json_object_object_add(
	    out, "request_hex",
	    radtest_json_hex(radius_packet_data(req), radius_packet_len(req)));
	return out;
}

static void radtest_print(json_object *j)
{
	puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
}

/* Send, wait, report; with --repeat, resend the same octets and compare. */
static int radtest_run(const struct radtest_opts *o)
{
	static uint8_t reply[RADIUS_MAX_LEN + 1], again[RADIUS_MAX_LEN + 1];
	struct radius_packet p;
	json_object *out;
	uint8_t id;
	ssize_t n;
	int fd, ignored = 0, rc = 1;

	if (o->id >= 0)
		id = (uint8_t)o->id;
	else
		randombytes_buf(&id, 1);
	if (radtest_build(&p, o, id) < 0) {
		fputs("mpsk-radtest: the request does not fit in a packet\n",
		      stderr);
		radius_packet_free(&p);
		return 1;
	}
	fd = radtest_socket(o);
	if (fd < 0) {
		radius_packet_free(&p);
		return 1;
	}
	n = radtest_exchange(fd, &p, o, reply, &ignored);
	if (n == 0) {
		out = json_object_new_object();
		json_object_object_add(out, "timeout",
				       json_object_new_boolean(1));
		json_object_object_add(out, "ignored",
				       json_object_new_int(ignored));
		radtest_print(out);
		json_object_put(out);
		rc = 3;
	} else if (n > 0) {
		out = radtest_report(reply, (size_t)n, &p, o);
		json_object_object_add(out, "ignored",
				       json_object_new_int(ignored));
		if (o->repeat) {
			json_object *list = json_object_new_array();
			int same = 1;

			for (unsigned long i = 0; i < o->repeat; i++) {
				ssize_t m = radtest_exchange(fd, &p, o, again,
							     &ignored);

				if (m <= 0) {
					same = 0;
					json_object_array_add(list, NULL);
					continue;
				}
				json_object_array_add(
				    list, radtest_json_hex(again, (size_t)m));
				if (m != n || memcmp(again, reply, (size_t)n))
					same = 0;
			}
			json_object_object_add(out, "repeat_replies", list);
			json_object_object_add(out, "repeat_identical",
					       json_object_new_boolean(same));
		}
		radtest_print(out);
		json_object_put(out);
		rc = 0;
	}
	close(fd);
	radius_packet_free(&p);
	return rc;
}

int main(int argc, char **argv)
{
	struct radtest_opts o;
	int c, rc;

	if (sodium_init() < 0)
		return 1;
	radtest_opts_init(&o);
	while ((c = getopt_long(argc, argv, "", radtest_options, NULL)) != -1) {
		rc = radtest_opt(&o, c, optarg);
		if (rc != 0) {
			radtest_usage(rc > 0 ? stdout : stderr);
			radtest_opts_free(&o);
			return rc > 0 ? 0 : 2;
		}
	}
	if (optind != argc || !o.server || !o.secret ||
	    (!o.mac[0] && !o.user_name && !o.acct)) {
		radtest_usage(stderr);
		radtest_opts_free(&o);
		return 2;
	}
	rc = radtest_run(&o);
	radtest_opts_free(&o);
	return rc;
}
