// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * radload.c - a RADIUS MAC-authentication load generator that checks every
 * reply, for scripts/bench-radius.sh (docs/BENCHMARKS.md).
 *
 *   radload --server 127.0.0.1:1812 --secret S --ssid NET
 *           (--generate N [--seed S] [--per-customer P] | --devices FILE)
 *           [--inflight 64] [--duration 10 | --count N] [--rate R]
 *
 * It plays many hostapd access points at once: Access-Requests as hostapd
 * sends them for MAC authentication (User-Name = 12 hex digits,
 * User-Password the same, Calling-Station-Id AA-BB-.., Called-Station-Id
 * "BSSID:SSID", NAS-Port-Type 19, Message-Authenticator), for devices in
 * random order, from several UDP sockets (256 identifiers each) with a
 * fixed number of requests in flight. Every reply is checked the way
 * hostapd >= 2.11 and the device would: Response Authenticator,
 * Message-Authenticator (valid when present; required and first with
 * --require-ma), Access-Accept, the Tunnel-Password decrypted and compared
 * with the device's passphrase (or, with --vendor ruckus, Ruckus-DPSK
 * compared with 0x00 and the PMK), the VLAN (Tunnel-Type, -Medium-Type,
 * -Private-Group-Id) and, with --check-session-timeout, Session-Timeout
 * exactly for the keys that end. A lost request is resent (same octets) after
 * --timeout ms, doubling, at most --retries times.
 *
 * The expected answer per device comes from a file ("mac passphrase vlan
 * [ends]" per line) or from the rules bench/radius_devices.sql loads
 * (--generate; the two must stay in step).
 *
 * Closed loop by default: a new request as soon as one completes. With
 * --rate, requests start on a fixed schedule (open loop, at most
 * --inflight outstanding) and latency counts from the scheduled start, so
 * a stalled server cannot hide its queue.
 *
 * Output: one JSON object on stdout (rates, latency percentiles in µs,
 * timeouts, mismatches by kind). Exit status 0 when every reply was
 * verified and none was lost, 1 otherwise, 2 bad usage. Passphrases are
 * never printed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/mac.h"
#include "core/radius_packet.h"

#define RL_IDS 256                 /* identifiers per socket */
#define RL_MAX_SOCKS 64
#define RL_MAX_INFLIGHT 8192
#define RL_PKT_MAX 512             /* our requests are ~150 octets */
#define RL_HIST_US 2000000         /* 1 µs buckets up to 2 s */
#define RL_MAX_DEVICES 20000000UL
#define RL_PASS_MAX 63
#define RL_SCAN_US 5000            /* timeout scan period */
#define RL_MAX_SESSION 2678400UL   /* 31 days: keys end within 30 */

/* What the server must answer for one station. */
struct rl_device {
	char mac[13];
	char pass[RL_PASS_MAX + 1];
	uint16_t vlan;             /* 0: no VLAN attributes expected */
	uint8_t ends;              /* 1: Session-Timeout expected */
	uint8_t unknown;           /* 1: not provisioned, Reject expected */
};

/* One request in flight, at socket * 256 + identifier. */
struct rl_req {
	int busy;
	int measured;              /* issued after the warm-up */
	unsigned tries;
	uint64_t t_start;          /* latency counts from here (µs) */
	uint64_t t_sent;           /* last transmission */
	size_t len;
	uint8_t pkt[RL_PKT_MAX];
	struct rl_device dev;
};

enum rl_kind { RL_CODE, RL_MA, RL_KEY, RL_VLAN, RL_SESSION, RL_NKINDS };
static const char *const rl_kind_name[RL_NKINDS] = {
	"code", "message_authenticator", "key", "vlan", "session_timeout",
};

struct rl_opts {
	const char *server;
	const char *secret;
	size_t secret_len;
	const char *source;
	const char *nas_ip;
	const char *ssid;
	char bssid[13];
	const char *devices_path;
	const char *label;
	unsigned long generate, seed, per, unknown_pm;
	unsigned long inflight, socks, count, timeout_ms, retries;
	unsigned long order_seed, show_errors;
	double duration, rate, warmup;
	int require_ma, check_session, ruckus;
};

/* The run's state: devices, sockets, slots and counters. */
struct rl_run {
	const struct rl_opts *o;
	struct rl_device *devices;  /* file mode */
	unsigned long ndevices;
	int fd[RL_MAX_SOCKS];
	struct rl_req *req;
	unsigned *free_ring;        /* FIFO of free slots */
	unsigned long ring_head, ring_tail, nslots;
	unsigned long busy;
	uint64_t rng;
	uint64_t t0, t_measure, t_last;
	unsigned long sent, measured_sent, completed, accepts, rejects;
	unsigned long timeouts, lost, bad_auth, stray, late;
	unsigned long mismatch[RL_NKINDS], mismatches, errors_shown;
	uint32_t *hist;
	uint64_t lat_max, lat_sum;
};

static volatile sig_atomic_t rl_stop;

static void rl_on_signal(int sig)
{
	(void)sig;
	rl_stop = 1;
}

static uint64_t rl_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* splitmix64: a fast, seedable PRNG for the device order. */
static uint64_t rl_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ---- options ---------------------------------------------------------- */

static void rl_usage(FILE *f)
{
	fputs("usage: radload --server HOST:PORT --secret S --ssid SSID\n"
	      "               (--generate N | --devices FILE) [options]\n"
	      "  --generate N          devices 1..N by bench/radius_devices.sql's rules\n"
	      "  --seed S (1)          their data seed; --per-customer P (4)\n"
	      "  --devices FILE        lines \"mac passphrase vlan [ends]\"\n"
	      "  --unknown PERMILLE    share of requests for unknown MACs (0)\n"
	      "  --inflight K (64)     requests outstanding at most\n"
	      "  --sockets S           UDP sockets (default: enough for 2K ids)\n"
	      "  --duration SEC (10)   or --count N: how much to send\n"
	      "  --warmup SEC (0)      send first without measuring\n"
	      "  --rate R              requests/s on a fixed schedule (open loop)\n"
	      "  --timeout MS (1000)   first retransmission; doubles\n"
	      "  --retries N (2)       then the request is lost\n"
	      "  --require-ma          Message-Authenticator must be first, valid\n"
	      "  --check-session-timeout  Session-Timeout iff the key ends\n"
	      "  --vendor hostapd|ruckus  what carries the key (hostapd)\n"
	      "  --source ADDR         local address (NAS-IP-Address too)\n"
	      "  --bssid MAC (02:00:00:00:00:01)  --order-seed N (1)\n"
	      "  --label TEXT          copied into the JSON\n"
	      "  --show-errors N (5)   print the first N mismatches (MAC, kind)\n",
	      f);
}

/* An unsigned decimal within [min, max]. 0 or -1. */
static int rl_ulong(const char *s, unsigned long min, unsigned long max,
		    unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A decimal number within (0, max]. 0 or -1. */
static int rl_double(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (!s || !*s || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v >= 0.0) || v > max)
		return -1;
	*out = v;
	return 0;
}

enum {
	OPT_SERVER = 256, OPT_SECRET, OPT_SSID, OPT_GENERATE, OPT_SEED,
	OPT_PER, OPT_DEVICES, OPT_UNKNOWN, OPT_INFLIGHT, OPT_SOCKETS,
	OPT_DURATION, OPT_COUNT, OPT_WARMUP, OPT_RATE, OPT_TIMEOUT,
	OPT_RETRIES, OPT_REQUIRE_MA, OPT_CHECK_SESSION, OPT_VENDOR,
	OPT_SOURCE, OPT_BSSID, OPT_ORDER_SEED, OPT_LABEL, OPT_SHOW_ERRORS,
	OPT_HELP,
};

static const struct option rl_options[] = {
	{"server", required_argument, NULL, OPT_SERVER},
	{"secret", required_argument, NULL, OPT_SECRET},
	{"ssid", required_argument, NULL, OPT_SSID},
	{"generate", required_argument, NULL, OPT_GENERATE},
	{"seed", required_argument, NULL, OPT_SEED},
	{"per-customer", required_argument, NULL, OPT_PER},
	{"devices", required_argument, NULL, OPT_DEVICES},
	{"unknown", required_argument, NULL, OPT_UNKNOWN},
	{"inflight", required_argument, NULL, OPT_INFLIGHT},
	{"sockets", required_argument, NULL, OPT_SOCKETS},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"count", required_argument, NULL, OPT_COUNT},
	{"warmup", required_argument, NULL, OPT_WARMUP},
	{"rate", required_argument, NULL, OPT_RATE},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"retries", required_argument, NULL, OPT_RETRIES},
	{"require-ma", no_argument, NULL, OPT_REQUIRE_MA},
	{"check-session-timeout", no_argument, NULL, OPT_CHECK_SESSION},
	{"vendor", required_argument, NULL, OPT_VENDOR},
	{"source", required_argument, NULL, OPT_SOURCE},
	{"bssid", required_argument, NULL, OPT_BSSID},
	{"order-seed", required_argument, NULL, OPT_ORDER_SEED},
	{"label", required_argument, NULL, OPT_LABEL},
	{"show-errors", required_argument, NULL, OPT_SHOW_ERRORS},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static int rl_bad(const char *what, const char *value)
{
	fprintf(stderr, "radload: bad %s: %s\n", what, value);
	return -1;
}

/* Numeric options. 0, or -1 on a bad value. */
static int rl_opt_number(struct rl_opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_GENERATE:
		return rl_ulong(arg, 1, RL_MAX_DEVICES, &o->generate);
	case OPT_SEED: return rl_ulong(arg, 0, 999999999, &o->seed);
	case OPT_PER: return rl_ulong(arg, 1, 1000, &o->per);
	case OPT_UNKNOWN: return rl_ulong(arg, 0, 1000, &o->unknown_pm);
	case OPT_INFLIGHT:
		return rl_ulong(arg, 1, RL_MAX_INFLIGHT, &o->inflight);
	case OPT_SOCKETS: return rl_ulong(arg, 1, RL_MAX_SOCKS, &o->socks);
	case OPT_DURATION: return rl_double(arg, 86400, &o->duration);
	case OPT_COUNT: return rl_ulong(arg, 1, 4000000000UL, &o->count);
	case OPT_WARMUP: return rl_double(arg, 3600, &o->warmup);
	case OPT_RATE: return rl_double(arg, 10000000, &o->rate);
	case OPT_TIMEOUT: return rl_ulong(arg, 1, 60000, &o->timeout_ms);
	case OPT_RETRIES: return rl_ulong(arg, 0, 10, &o->retries);
	case OPT_ORDER_SEED:
		return rl_ulong(arg, 0, 4000000000UL, &o->order_seed);
	case OPT_SHOW_ERRORS:
		return rl_ulong(arg, 0, 1000, &o->show_errors);
	default: return -1;
	}
}

/* Apply one option. 0, -1 on a bad value, 1 for --help. */
static int rl_opt(struct rl_opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_SERVER: o->server = arg; return 0;
	case OPT_SECRET:
		o->secret = arg;
		o->secret_len = strlen(arg);
		return 0;
	case OPT_SSID:
		if (strlen(arg) < 1 || strlen(arg) > 32)
			return rl_bad("--ssid", arg);
		o->ssid = arg;
		return 0;
	case OPT_DEVICES: o->devices_path = arg; return 0;
	case OPT_REQUIRE_MA: o->require_ma = 1; return 0;
	case OPT_CHECK_SESSION: o->check_session = 1; return 0;
	case OPT_VENDOR:
		if (strcmp(arg, "hostapd") && strcmp(arg, "ruckus"))
			return rl_bad("--vendor", arg);
		o->ruckus = strcmp(arg, "ruckus") == 0;
		return 0;
	case OPT_SOURCE: o->source = arg; return 0;
	case OPT_BSSID:
		if (mac_normalize(arg, o->bssid) < 0)
			return rl_bad("--bssid", arg);
		return 0;
	case OPT_LABEL: o->label = arg; return 0;
	case OPT_HELP: return 1;
	default:
		if (rl_opt_number(o, c, arg) < 0)
			return rl_bad("number", arg);
		return 0;
	}
}

static void rl_opts_init(struct rl_opts *o)
{
	memset(o, 0, sizeof(*o));
	memcpy(o->bssid, "020000000001", 13);
	o->seed = 1;
	o->per = 4;
	o->inflight = 64;
	o->duration = 10.0;
	o->timeout_ms = 1000;
	o->retries = 2;
	o->order_seed = 1;
	o->show_errors = 5;
	o->label = "";
}

/* Whole-configuration checks after parsing. 0 or -1. */
static int rl_opts_check(struct rl_opts *o)
{
	unsigned long need;

	if (!o->server || !o->secret || !o->ssid ||
	    !o->generate == !o->devices_path)
		return -1;
	if (o->generate && o->generate % o->per)
		return rl_bad("--generate (not a multiple of --per-customer)",
			      "");
	/* Twice the identifiers needed, so that an identifier is reused
	 * long after its reply (a late duplicate cannot match). */
	need = (2 * o->inflight + RL_IDS - 1) / RL_IDS;
	if (!o->socks)
		o->socks = need < 2 ? 2 : need;
	if (o->socks > RL_MAX_SOCKS || o->socks * RL_IDS < o->inflight)
		return rl_bad("--sockets", "too few for --inflight");
	if (!o->nas_ip)
		o->nas_ip = o->source ? o->source : "127.0.0.1";
	return 0;
}

/* ---- devices ---------------------------------------------------------- */

/* Hex of an MD5, as MariaDB's MD5() prints it. */
static int rl_md5_hex(const char *text, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(text, strlen(text), md, &n, EVP_md5(), NULL) != 1 ||
	    n != 16)
		return -1;
	for (unsigned i = 0; i < 16; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[32] = '\0';
	return 0;
}

/*
 * Device i (1-based) as bench/radius_devices.sql makes it: customer and
 * key c = (i-1)/per + 1, MAC 02 <seed octet> <i in 8 hex digits>,
 * passphrase "bk" + 18 hex digits of MD5("seed:c"), VLAN by plan.
 */
static int rl_generate(const struct rl_opts *o, unsigned long i,
		       struct rl_device *d)
{
	unsigned long c = (i - 1) / o->per + 1;
	char text[48], md[33];

	memset(d, 0, sizeof(*d));
	snprintf(d->mac, sizeof(d->mac), "02%02x%08x",
		 (unsigned)(o->seed & 0xff), (unsigned)(i & 0xffffffffu));
	snprintf(text, sizeof(text), "%lu:%lu", o->seed, c);
	if (rl_md5_hex(text, md) < 0)
		return -1;
	snprintf(d->pass, sizeof(d->pass), "bk%.18s", md);
	if (c <= 2000)
		d->vlan = (uint16_t)(2000 + c);
	else if (c % 7 == 0)
		d->vlan = (uint16_t)(1000 + c % 1000);
	else
		d->vlan = 100;
	d->ends = c % 5 == 0;
	return 0;
}

/* Split line in place at blanks into at most max fields. Their count,
 * or max + 1 when there are more. */
static int rl_fields(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			*p++ = '\0';
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		f[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n')
			p++;
	}
}

/* One "mac passphrase vlan [ends]" line into d. 0, 1 to skip, -1 bad. */
static int rl_parse_line(char *line, struct rl_device *d)
{
	char *f[4];
	unsigned long vlan, ends = 0;
	int n = rl_fields(line, f, 4);

	if (n == 0 || f[0][0] == '#')
		return 1;
	if (n < 3 || n > 4)
		return -1;
	memset(d, 0, sizeof(*d));
	if (mac_normalize(f[0], d->mac) < 0 || strlen(f[1]) > RL_PASS_MAX ||
	    rl_ulong(f[2], 0, 4094, &vlan) < 0 ||
	    (n == 4 && rl_ulong(f[3], 0, 1, &ends) < 0))
		return -1;
	memcpy(d->pass, f[1], strlen(f[1]) + 1);
	d->vlan = (uint16_t)vlan;
	d->ends = (uint8_t)ends;
	return 0;
}

/* Read the device file into r->devices. 0 or -1. */
static int rl_load_devices(struct rl_run *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned long cap = 0, lineno = 0;

	if (!f) {
		fprintf(stderr, "radload: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct rl_device d;
		int rc;

		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			goto bad;
		rc = rl_parse_line(line, &d);
		if (rc < 0)
			goto bad;
		if (rc > 0)
			continue;
		if (r->ndevices == cap) {
			if (cap >= RL_MAX_DEVICES)
				goto bad;
			cap = cap ? cap * 2 : 1024;
			r->devices = realloc(r->devices, cap * sizeof(d));
			if (!r->devices)
				abort();
		}
		r->devices[r->ndevices++] = d;
	}
	fclose(f);
	if (r->ndevices == 0) {
		fprintf(stderr, "radload: %s: no devices\n", path);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "radload: %s:%lu: bad line\n", path, lineno);
	fclose(f);
	return -1;
}

/* The next device to ask about, uniformly at random. 0 or -1. */
static int rl_pick(struct rl_run *r, struct rl_device *d)
{
	const struct rl_opts *o = r->o;
	uint64_t x = rl_rand(&r->rng);

	if (o->unknown_pm && (x >> 40) % 1000 < o->unknown_pm) {
		/* Another locally administered prefix: never provisioned. */
		memset(d, 0, sizeof(*d));
		snprintf(d->mac, sizeof(d->mac), "06%02x%08x",
			 (unsigned)(o->seed & 0xff), (unsigned)(x & 0xffffffffu));
		d->unknown = 1;
		return 0;
	}
	x = rl_rand(&r->rng);
	if (r->devices) {
		*d = r->devices[x % r->ndevices];
		return 0;
	}
	return rl_generate(o, (unsigned long)(x % o->generate) + 1, d);
}

/* ---- requests --------------------------------------------------------- */

/* "AA-BB-CC-DD-EE-FF" from 12 hex digits. */
static void rl_dash_upper(const char mac[13], char out[18])
{
	mac_format(mac, '-', out);
	for (int i = 0; out[i]; i++)
		if (out[i] >= 'a' && out[i] <= 'f')
			out[i] = (char)(out[i] - 'a' + 'A');
}

/* The Access-Request for d with identifier id into q->pkt. 0 or -1. */
static int rl_build(const struct rl_opts *o, struct rl_req *q, uint8_t id)
{
	struct radius_packet p;
	struct in_addr nas;
	char calling[18], called[18 + 1 + 32];
	int rc = 0;

	if (inet_pton(AF_INET, o->nas_ip, &nas) != 1)
		return -1;
	rl_dash_upper(q->dev.mac, calling);
	rl_dash_upper(o->bssid, called);
	called[17] = ':';
	memcpy(called + 18, o->ssid, strlen(o->ssid) + 1);

	if (radius_packet_init(&p, RADIUS_ACCESS_REQUEST, id, NULL) < 0) {
		radius_packet_free(&p);
		return -1;
	}
	rc |= radius_packet_add_str(&p, RADIUS_USER_NAME, q->dev.mac);
	rc |= radius_packet_add_user_password(&p, o->secret, o->secret_len,
					      q->dev.mac, 12);
	rc |= radius_packet_add(&p, RADIUS_NAS_IP_ADDRESS, &nas, 4);
	rc |= radius_packet_add_str(&p, RADIUS_NAS_IDENTIFIER, "radload");
	rc |= radius_packet_add_str(&p, RADIUS_CALLED_STATION_ID, called);
	rc |= radius_packet_add_u32(&p, RADIUS_NAS_PORT_TYPE, 19);
	rc |= radius_packet_add_str(&p, RADIUS_CONNECT_INFO,
				    "CONNECT 11Mbps 802.11b");
	rc |= radius_packet_add_str(&p, RADIUS_CALLING_STATION_ID, calling);
	if (o->ruckus)
		rc |= radius_packet_add_vsa(&p, RADIUS_VENDOR_RUCKUS, 3,
					    o->ssid, strlen(o->ssid));
	rc |= radius_packet_add_ma(&p);
	rc |= radius_packet_finish(&p, o->secret, o->secret_len);
	if (rc == 0 && radius_packet_len(&p) <= sizeof(q->pkt)) {
		q->len = radius_packet_len(&p);
		memcpy(q->pkt, radius_packet_data(&p), q->len);
	} else {
		rc = -1;
	}
	radius_packet_free(&p);
	return rc ? -1 : 0;
}

static int rl_transmit(struct rl_run *r, unsigned slot, uint64_t now)
{
	struct rl_req *q = &r->req[slot];

	q->t_sent = now;
	q->tries++;
	if (send(r->fd[slot / RL_IDS], q->pkt, q->len, 0) < 0 &&
	    errno != EAGAIN && errno != ENOBUFS && errno != ECONNREFUSED) {
		fprintf(stderr, "radload: send: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Start one request, due at t_due. 0 or -1. */
static int rl_issue(struct rl_run *r, uint64_t t_due, uint64_t now)
{
	unsigned slot = r->free_ring[r->ring_head++ % r->nslots];
	struct rl_req *q = &r->req[slot];

	memset(q, 0, offsetof(struct rl_req, pkt));
	if (rl_pick(r, &q->dev) < 0 ||
	    rl_build(r->o, q, (uint8_t)(slot % RL_IDS)) < 0) {
		fputs("radload: cannot build a request\n", stderr);
		return -1;
	}
	q->busy = 1;
	q->measured = t_due >= r->t_measure;
	q->t_start = t_due;
	r->busy++;
	r->sent++;
	if (q->measured)
		r->measured_sent++;
	return rl_transmit(r, slot, now);
}

static void rl_release(struct rl_run *r, unsigned slot)
{
	r->req[slot].busy = 0;
	sodium_memzero(r->req[slot].dev.pass, sizeof(r->req[slot].dev.pass));
	r->free_ring[r->ring_tail++ % r->nslots] = slot;
	r->busy--;
}

/* ---- verification ----------------------------------------------------- */

static uint32_t rl_u32(const struct radius_attr *a)
{
	return (uint32_t)a->value[0] << 24 | (uint32_t)a->value[1] << 16 |
	       (uint32_t)a->value[2] << 8 | a->value[3];
}

/* Tunnel-Password decrypts to the passphrase, salt top bit set. */
static int rl_check_tunnel_password(const struct rl_opts *o,
				    const struct radius_view *v,
				    const struct rl_req *q)
{
	const struct radius_attr *a = radius_packet_find(v, 0,
					RADIUS_TUNNEL_PASSWORD, 0);
	uint8_t plain[RADIUS_SALTED_MAX + 1], salt[2];
	size_t n, want = strlen(q->dev.pass);
	int ok;

	if (!a || radius_packet_find(v, 0, RADIUS_TUNNEL_PASSWORD, 1))
		return -1;
	if (radius_packet_decrypt_salted(a, 1, q->pkt + 4, o->secret,
					 o->secret_len, plain, sizeof(plain),
					 &n, NULL, salt) < 0)
		return -1;
	ok = n == want && (salt[0] & 0x80) &&
	     sodium_memcmp(plain, q->dev.pass, n) == 0;
	sodium_memzero(plain, sizeof(plain));
	return ok ? 0 : -1;
}

/* Ruckus-DPSK is 0x00 and the bench PMK stand-in (radius_devices.sql). */
static int rl_check_dpsk(const struct radius_view *v, const struct rl_req *q)
{
	const struct radius_attr *a = radius_packet_find(v, RADIUS_VENDOR_RUCKUS,
							 142, 0);
	char text[16 + RL_PASS_MAX + 1];
	uint8_t pmk[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!a || a->len != 33 || a->value[0] != 0)
		return -1;
	snprintf(text, sizeof(text), "mpsk-bench-pmk:%s", q->dev.pass);
	if (EVP_Digest(text, strlen(text), pmk, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		return -1;
	return sodium_memcmp(pmk, a->value + 1, 32) == 0 ? 0 : -1;
}

/* RFC 3580 VLAN: Tunnel-Type 13, Medium 6, Private-Group-Id decimal. */
static int rl_check_vlan(const struct radius_view *v, const struct rl_req *q)
{
	const struct radius_attr *t = radius_packet_find(v, 0,
						RADIUS_TUNNEL_TYPE, 0);
	const struct radius_attr *m = radius_packet_find(v, 0,
						RADIUS_TUNNEL_MEDIUM_TYPE, 0);
	const struct radius_attr *g = radius_packet_find(v, 0,
					RADIUS_TUNNEL_PRIVATE_GROUP_ID, 0);
	const uint8_t *s;
	size_t len;
	unsigned long id = 0;

	if (!q->dev.vlan)
		return t || m || g ? -1 : 0;
	if (!t || !m || !g || t->len != 4 || m->len != 4 ||
	    (rl_u32(t) & 0xffffff) != 13 || (rl_u32(m) & 0xffffff) != 6)
		return -1;
	s = g->value;
	len = g->len;
	/* RFC 2868: a first octet 0x00..0x1f is a tag. */
	if (len > 0 && s[0] <= 0x1f) {
		s++;
		len--;
	}
	if (len < 1 || len > 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		id = id * 10 + (unsigned long)(s[i] - '0');
	}
	return id == q->dev.vlan ? 0 : -1;
}

static int rl_check_session(const struct radius_view *v,
			    const struct rl_req *q)
{
	const struct radius_attr *a = radius_packet_find(v, 0,
						RADIUS_SESSION_TIMEOUT, 0);

	if (!q->dev.ends)
		return a ? -1 : 0;
	if (!a || a->len != 4 || rl_u32(a) == 0 || rl_u32(a) > RL_MAX_SESSION)
		return -1;
	return 0;
}

/* Every check on an authenticated reply; -1 and the failed kind. */
static int rl_verify(const struct rl_opts *o, const struct radius_view *v,
		     const struct rl_req *q, enum rl_kind *kind)
{
	enum radius_ma ma = radius_packet_check_ma(v, q->pkt + 4, o->secret,
						   o->secret_len);
	uint8_t want = q->dev.unknown ? RADIUS_ACCESS_REJECT
				      : RADIUS_ACCESS_ACCEPT;

	*kind = RL_MA;
	if (ma == RADIUS_MA_INVALID ||
	    (o->require_ma &&
	     (ma != RADIUS_MA_VALID || !radius_packet_ma_first(v))))
		return -1;
	*kind = RL_CODE;
	if (v->code != want)
		return -1;
	if (q->dev.unknown)
		return 0;
	*kind = RL_KEY;
	if ((o->ruckus ? rl_check_dpsk(v, q)
		       : rl_check_tunnel_password(o, v, q)) < 0)
		return -1;
	*kind = RL_VLAN;
	if (rl_check_vlan(v, q) < 0)
		return -1;
	*kind = RL_SESSION;
	if (o->check_session && rl_check_session(v, q) < 0)
		return -1;
	return 0;
}

static void rl_record(struct rl_run *r, const struct rl_req *q, uint64_t now)
{
	uint64_t lat = now > q->t_start ? now - q->t_start : 0;

	r->t_last = now;
	if (!q->measured)
		return;
	r->completed++;
	r->hist[lat < RL_HIST_US ? lat : RL_HIST_US - 1]++;
	r->lat_sum += lat;
	if (lat > r->lat_max)
		r->lat_max = lat;
}

/* One datagram from socket s. */
static void rl_reply(struct rl_run *r, unsigned s, const uint8_t *buf,
		     size_t n, uint64_t now)
{
	static struct radius_view v;
	unsigned slot;
	struct rl_req *q;
	enum rl_kind kind;

	if (n < RADIUS_HDR_LEN) {
		r->stray++;
		return;
	}
	slot = s * RL_IDS + buf[1];
	q = &r->req[slot];
	if (!q->busy || radius_packet_parse(&v, buf, n) < 0) {
		r->stray++;
		return;
	}
	if (radius_packet_verify_response(&v, q->pkt + 4, r->o->secret,
					  r->o->secret_len) < 0) {
		/* Not for this request (or forged): it stays pending. */
		r->bad_auth++;
		return;
	}
	if (rl_verify(r->o, &v, q, &kind) < 0) {
		r->mismatch[kind]++;
		r->mismatches++;
		if (r->errors_shown++ < r->o->show_errors)
			fprintf(stderr, "radload: %s: %s %s (reply code %u)\n",
				rl_kind_name[kind], q->dev.mac,
				q->dev.unknown ? "(unknown device)" : "",
				v.code);
	} else if (v.code == RADIUS_ACCESS_ACCEPT) {
		r->accepts++;
	} else {
		r->rejects++;
	}
	rl_record(r, q, now);
	rl_release(r, slot);
}

/* ---- the loop --------------------------------------------------------- */

static int rl_open_socket(const struct rl_opts *o)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_DGRAM};
	struct addrinfo *ai = NULL;
	char host[256];
	const char *colon = strrchr(o->server, ':');
	size_t hlen;
	int fd = -1, size = 4 << 20;

	if (!colon || (hlen = (size_t)(colon - o->server)) == 0 ||
	    hlen >= sizeof(host))
		return rl_bad("--server", o->server);
	memcpy(host, o->server, hlen);
	host[hlen] = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || !ai)
		return rl_bad("--server", o->server);
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	}
	if (fd >= 0 && o->source) {
		struct sockaddr_in sin = {.sin_family = AF_INET};

		if (inet_pton(AF_INET, o->source, &sin.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
			close(fd);
			fd = rl_bad("--source", o->source);
		}
	}
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		fprintf(stderr, "radload: connect: %s\n", strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Resend or give up on requests whose reply is late. */
static int rl_scan_timeouts(struct rl_run *r, uint64_t now)
{
	const struct rl_opts *o = r->o;

	for (unsigned slot = 0; slot < r->nslots; slot++) {
		struct rl_req *q = &r->req[slot];
		uint64_t wait;

		if (!q->busy)
			continue;
		wait = (uint64_t)o->timeout_ms * 1000u << (q->tries - 1);
		if (now - q->t_sent < wait)
			continue;
		if (q->tries > o->retries) {
			if (q->measured)
				r->lost++;
			r->t_last = now;
			rl_release(r, slot);
			continue;
		}
		if (q->measured)
			r->timeouts++;
		if (rl_transmit(r, slot, now) < 0)
			return -1;
	}
	return 0;
}

static void rl_receive(struct rl_run *r, const struct pollfd *pfd)
{
	uint8_t buf[RADIUS_MAX_LEN + 1];

	for (unsigned s = 0; s < r->o->socks; s++) {
		if (!(pfd[s].revents & POLLIN))
			continue;
		for (;;) {
			ssize_t n = recv(r->fd[s], buf, sizeof(buf), 0);

			if (n < 0)
				break;
			rl_reply(r, s, buf, (size_t)n, rl_now_us());
		}
	}
}

/* Start what is due: closed loop, or open loop on the rate's schedule. */
static int rl_issue_due(struct rl_run *r, uint64_t now, uint64_t *next_due,
			uint64_t step_ns, uint64_t *due_ns)
{
	const struct rl_opts *o = r->o;

	while (r->busy < o->inflight) {
		if (o->count && r->measured_sent >= o->count)
			break;
		if (o->rate > 0) {
			if (*next_due > now)
				break;
			if (now - *next_due > 1000)
				r->late++;
			if (rl_issue(r, *next_due, now) < 0)
				return -1;
			*due_ns += step_ns;
			*next_due = r->t0 + *due_ns / 1000;
		} else if (rl_issue(r, now, now) < 0) {
			return -1;
		}
	}
	return 0;
}

static int rl_loop(struct rl_run *r)
{
	const struct rl_opts *o = r->o;
	struct pollfd pfd[RL_MAX_SOCKS];
	uint64_t step_ns = o->rate > 0 ? (uint64_t)(1e9 / o->rate) : 0;
	uint64_t due_ns = 0, next_due, last_scan, end;

	for (unsigned s = 0; s < o->socks; s++)
		pfd[s] = (struct pollfd){.fd = r->fd[s], .events = POLLIN};
	r->t0 = rl_now_us();
	r->t_measure = r->t0 + (uint64_t)(o->warmup * 1e6);
	end = o->count ? UINT64_MAX
		       : r->t_measure + (uint64_t)(o->duration * 1e6);
	next_due = r->t0;
	last_scan = r->t0;
	for (;;) {
		uint64_t now = rl_now_us();
		int issuing = !rl_stop && now < end &&
			      !(o->count && r->measured_sent >= o->count);
		struct timespec ts = {0, RL_SCAN_US * 1000};

		if (issuing &&
		    rl_issue_due(r, now, &next_due, step_ns, &due_ns) < 0)
			return -1;
		if (!issuing && r->busy == 0)
			break;
		if (o->rate > 0 && issuing && r->busy < o->inflight &&
		    next_due > now && next_due - now < RL_SCAN_US)
			ts.tv_nsec = (long)(next_due - now) * 1000;
		if (ppoll(pfd, o->socks, &ts, NULL) < 0 && errno != EINTR)
			return -1;
		rl_receive(r, pfd);
		now = rl_now_us();
		if (now - last_scan >= RL_SCAN_US) {
			last_scan = now;
			if (rl_scan_timeouts(r, now) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- report ----------------------------------------------------------- */

/* The smallest latency with at least q of the samples at or below it. */
static unsigned long rl_percentile(const struct rl_run *r, double q)
{
	unsigned long want, seen = 0;

	if (r->completed == 0)
		return 0;
	want = (unsigned long)(q * (double)r->completed + 0.5);
	if (want < 1)
		want = 1;
	for (unsigned long us = 0; us < RL_HIST_US; us++) {
		seen += r->hist[us];
		if (seen >= want)
			return us;
	}
	return RL_HIST_US;
}

/* The label goes into JSON: letters, digits and a few marks only. */
static const char *rl_safe_label(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789 ._:/+-", *p))
			return "";
	return s;
}

/* CPU seconds this process used (user + system). */
static double rl_cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void rl_report(const struct rl_run *r)
{
	const struct rl_opts *o = r->o;
	double secs = r->t_last > r->t_measure
			      ? (double)(r->t_last - r->t_measure) / 1e6 : 0;

	printf("{\"label\":\"%s\",\"server\":\"%s\",\"devices\":%lu,"
	       "\"inflight\":%lu,\"sockets\":%lu,\"rate_target\":%.0f,"
	       "\"seconds\":%.3f,\"sent\":%lu,\"completed\":%lu,"
	       "\"accepts\":%lu,\"rejects\":%lu,\"rps\":%.1f,",
	       rl_safe_label(o->label), rl_safe_label(o->server),
	       o->generate ? o->generate : r->ndevices, o->inflight, o->socks,
	       o->rate, secs, r->measured_sent, r->completed, r->accepts,
	       r->rejects, secs > 0 ? (double)r->completed / secs : 0.0);
	printf("\"latency_us\":{\"mean\":%.0f,\"p50\":%lu,\"p90\":%lu,"
	       "\"p99\":%lu,\"p999\":%lu,\"max\":%llu},",
	       r->completed ? (double)r->lat_sum / (double)r->completed : 0.0,
	       rl_percentile(r, 0.50), rl_percentile(r, 0.90),
	       rl_percentile(r, 0.99), rl_percentile(r, 0.999),
	       (unsigned long long)r->lat_max);
	printf("\"timeouts\":%lu,\"lost\":%lu,\"late_starts\":%lu,"
	       "\"bad_authenticator\":%lu,\"stray\":%lu,\"mismatches\":%lu,"
	       "\"mismatch\":{",
	       r->timeouts, r->lost, r->late, r->bad_auth, r->stray,
	       r->mismatches);
	for (int k = 0; k < RL_NKINDS; k++)
		printf("%s\"%s\":%lu", k ? "," : "", rl_kind_name[k],
		       r->mismatch[k]);
	printf("},\"cpu_s\":%.3f,\"verified\":%s}\n", rl_cpu_seconds(),
	       r->mismatches || r->lost || r->bad_auth ? "false" : "true");
	fflush(stdout);
}

/* ---- main ------------------------------------------------------------- */

static int rl_setup(struct rl_run *r, const struct rl_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->rng = o->order_seed;
	r->nslots = o->socks * RL_IDS;
	for (unsigned s = 0; s < RL_MAX_SOCKS; s++)
		r->fd[s] = -1;
	if (o->devices_path && rl_load_devices(r, o->devices_path) < 0)
		return -1;
	r->req = calloc(r->nslots, sizeof(*r->req));
	r->free_ring = calloc(r->nslots, sizeof(*r->free_ring));
	r->hist = calloc(RL_HIST_US, sizeof(*r->hist));
	if (!r->req || !r->free_ring || !r->hist)
		abort();
	/* Spread consecutive requests over the sockets. */
	for (unsigned long i = 0; i < r->nslots; i++)
		r->free_ring[i] = (unsigned)((i % o->socks) * RL_IDS +
					     i / o->socks);
	r->ring_tail = r->nslots;
	for (unsigned s = 0; s < o->socks; s++) {
		r->fd[s] = rl_open_socket(o);
		if (r->fd[s] < 0)
			return -1;
	}
	return 0;
}

static void rl_teardown(struct rl_run *r)
{
	for (unsigned s = 0; s < RL_MAX_SOCKS; s++)
		if (r->fd[s] >= 0)
			close(r->fd[s]);
	if (r->devices)
		sodium_memzero(r->devices, r->ndevices * sizeof(*r->devices));
	if (r->req)
		sodium_memzero(r->req, r->nslots * sizeof(*r->req));
	free(r->devices);
	free(r->req);
	free(r->free_ring);
	free(r->hist);
}

int main(int argc, char **argv)
{
	static struct rl_run run;
	struct rl_opts o;
	int c, rc;

	if (sodium_init() < 0)
		return 1;
	rl_opts_init(&o);
	while ((c = getopt_long(argc, argv, "", rl_options, NULL)) != -1) {
		rc = rl_opt(&o, c, optarg);
		if (rc != 0) {
			rl_usage(rc > 0 ? stdout : stderr);
			return rc > 0 ? 0 : 2;
		}
	}
	if (optind != argc || rl_opts_check(&o) < 0) {
		rl_usage(stderr);
		return 2;
	}
	signal(SIGINT, rl_on_signal);
	signal(SIGTERM, rl_on_signal);
	rc = 1;
	if (rl_setup(&run, &o) == 0 && rl_loop(&run) == 0) {
		rl_report(&run);
		rc = run.mismatches || run.lost || run.bad_auth ? 1 : 0;
	}
	rl_teardown(&run);
	return rc;
}
