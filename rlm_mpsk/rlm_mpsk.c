// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rlm_mpsk.c - mpsk's MAC-authentication decision from memory.
 *
 * A FreeRADIUS 3.2 module that answers what `CALL radius_authorize()`
 * (db/migrations/0002, 0003) answers, without a database round trip:
 *
 *  - instantiate: loads every radius_lookup row (the decision's inputs,
 *    one per (mac, ssid)) and the SSIDs of all networks into memory, in
 *    one consistent snapshot, and notes where the change log stands;
 *  - a background thread polls radius_lookup_changes (written by triggers
 *    on radius_lookup and networks, migration 0005) every poll_interval
 *    ms and re-reads the changed rows; sequence numbers that are missing
 *    (a transaction that has not committed yet, or rolled back) are kept
 *    as gaps and asked for again until no transaction that could own them
 *    is still open;
 *  - authorize: the decision from the in-memory row, with the time window
 *    evaluated now, exactly like access_reject_reason(); it sets one
 *    control attribute per column of radius_authorize()'s result row, from
 *    which radius/policy.conf builds the vendor's Accept or the Reject;
 *  - every reject is queued and written to auth_log by the background
 *    thread, with the time of the request: a batch of up to log_batch rows
 *    is one transaction, each row one execution of a prepared INSERT with
 *    every value bound.
 *
 * Inputs (set by radius/policy.conf before the module runs):
 *   control:MPSK-MAC, control:MPSK-SSID-Offset, Ruckus-SSID,
 *   Aruba-Essid-Name, Called-Station-Id, User-Name, the packet source.
 * Outputs: control:MPSK-Result, -Reason, -Passphrase, -PMK, -VLAN,
 *   -Rate-Down/Up-Kbps, -Rate-Down/Up-Bps, -Seconds-Left, -Customer-Id,
 *   -Key-Id (NULLs are left out; the policies test integers with "> 0").
 *
 * Locking: one rwlock over the table; a request holds it for reading
 * while it copies one row out, the sync thread holds it for writing while
 * it links in rows it has already built (it never waits on the database
 * with the lock held).
 */
#include <freeradius/build.h>
RCSID("$Id$")

#include <freeradius/radiusd.h>
#include <freeradius/modules.h>

#include <mysql.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

#include "nas_table.h"
#include "sqlbuf.h"

#define MPSK_SSID_MAX	32
#define MPSK_PASS_MAX	64
#define NULL_TIME	INT64_MIN

/* Status values, as the ENUMs of migration 0001 spell them. */
enum { ST_NULL = 0, ST_ACTIVE, ST_SUSPENDED, ST_TERMINATED, ST_DISABLED, ST_REVOKED };

#define F_VLAN		0x01
#define F_DOWN		0x02
#define F_UP		0x04

/** One radius_lookup row. Chained by MAC: a MAC bound on several networks
 *  has one entry per SSID in the same chain, which the no-SSID lookup
 *  walks. */
typedef struct mpsk_entry {
	struct mpsk_entry	*next;
	uint64_t		mac;		/* 48 bits */
	uint32_t		network_id, device_id, key_id, customer_id;
	int64_t			valid_from, valid_until;	/* epoch s, or NULL_TIME */
	uint32_t		rate_down, rate_up;		/* kbit/s */
	uint16_t		vlan;
	uint8_t			customer_status, parent_status, key_status;
	uint8_t			flags;
	uint8_t			ssid_len, pass_len;
	uint8_t			pmk[32];
	uint8_t			data[];		/* ssid, then passphrase */
} mpsk_entry_t;

/** A known network's SSID (for "unknown network"). */
typedef struct mpsk_net {
	struct mpsk_net		*next;
	uint32_t		id;		/* networks.id */
	uint8_t			len;
	uint8_t			ssid[MPSK_SSID_MAX];
} mpsk_net_t;

/** A reject waiting for its auth_log row. */
typedef struct mpsk_log {
	struct mpsk_log		*next;
	int64_t			at_ms;		/* UTC, ms */
	uint32_t		customer_id, key_id;	/* 0 = NULL */
	int			has_ssid;
	uint8_t			mac_len, ssid_len;
	char			mac[32];	/* 12 hex digits, or the raw User-Name */
	uint8_t			ssid[MPSK_SSID_MAX];
	char			nas_ip[INET6_ADDRSTRLEN];
	char const		*reason;	/* one of the static strings */
} mpsk_log_t;

typedef struct rlm_mpsk_t {
	/* Configuration. */
	char const		*server;
	uint32_t		port;
	char const		*socket;
	char const		*login;
	char const		*password;
	char const		*database;
	uint32_t		poll_interval;	/* ms */
	uint32_t		poll_batch;	/* change rows per SELECT */
	uint32_t		log_batch;	/* auth_log rows per transaction */
	uint32_t		log_queue_max;
	uint32_t		max_stale;	/* s; 0 = serve while the db is away */
	uint32_t		gap_window;	/* seqs checked for gaps at load */
	uint32_t		prune_interval;	/* s between prunes; 0 = never */
	uint32_t		stats_interval;	/* s between stats lines; 0 = never */

	char const		*name;

	/* Attributes. */
	DICT_ATTR const		*da_mac, *da_offset, *da_result, *da_reason;
	DICT_ATTR const		*da_pass, *da_pmk, *da_vlan;
	DICT_ATTR const		*da_down_kbps, *da_up_kbps, *da_down_bps, *da_up_bps;
	DICT_ATTR const		*da_left, *da_customer, *da_key;
	DICT_ATTR const		*da_ruckus_ssid, *da_aruba_essid;
	DICT_ATTR const		*da_nas_id, *da_acct_ignore;

	/* The table. */
	pthread_rwlock_t	lock;
	mpsk_entry_t		**buckets;
	uint64_t		nbuckets;	/* power of two */
	uint64_t		count;
	mpsk_net_t		*nets[256];
	mpsk_nas_table_t	nas;		/* the NAS clients (nas_table.h) */

	/* Sync state (the sync thread's own, except where noted). */
	MYSQL			*db;
	uint64_t		max_seq;
	mpsk_gap_t		*gaps;
	size_t			ngaps, gaps_alloc;
	pthread_t		thread;
	int			thread_started;
	pthread_mutex_t		mutex;		/* stop, log queue, last_ok */
	pthread_cond_t		cond;
	int			stop;
	struct timespec		last_ok;	/* monotonic, last good poll */
	mpsk_log_t		*log_head, *log_tail;
	uint32_t		log_len;
	uint64_t		log_dropped;

	/* Counters (for the stats lines). */
	uint64_t		applied, polls, pruned, reloads;
	struct timespec		next_prune, next_stats;	/* monotonic */
	int			fresh_conn;	/* no poll on this connection yet */
	int			nas_stale;	/* a NAS change seen, not reloaded yet */
} rlm_mpsk_t;

static const CONF_PARSER module_config[] = {
	{ "server", FR_CONF_OFFSET(PW_TYPE_STRING, rlm_mpsk_t, server), "localhost" },
	{ "port", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, port), "0" },
	{ "socket", FR_CONF_OFFSET(PW_TYPE_STRING, rlm_mpsk_t, socket), NULL },
	{ "login", FR_CONF_OFFSET(PW_TYPE_STRING, rlm_mpsk_t, login), "mpsk_radius" },
	{ "password", FR_CONF_OFFSET(PW_TYPE_STRING | PW_TYPE_SECRET, rlm_mpsk_t, password), "" },
	{ "database", FR_CONF_OFFSET(PW_TYPE_STRING, rlm_mpsk_t, database), "mpsk" },
	{ "poll_interval", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, poll_interval), "50" },
	{ "poll_batch", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, poll_batch), "20000" },
	{ "log_batch", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, log_batch), "500" },
	{ "log_queue_max", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, log_queue_max), "100000" },
	{ "max_stale", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, max_stale), "0" },
	{ "gap_window", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, gap_window), "100000" },
	{ "prune_interval", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, prune_interval), "3600" },
	{ "stats_interval", FR_CONF_OFFSET(PW_TYPE_INTEGER, rlm_mpsk_t, stats_interval), "60" },
	CONF_PARSER_TERMINATOR
};

/* The reasons, exactly as access_reject_reason() and radius_authorize()
 * spell them. */
static char const R_CUST_SUSP[] = "customer suspended";
static char const R_CUST_TERM[] = "customer terminated";
static char const R_PAR_SUSP[] = "parent customer suspended";
static char const R_PAR_TERM[] = "parent customer terminated";
static char const R_KEY_DIS[] = "key disabled";
static char const R_KEY_REV[] = "key revoked";
static char const R_NOT_YET[] = "key not yet valid";
static char const R_EXPIRED[] = "key expired";
static char const R_UNK_NET[] = "unknown network";
static char const R_UNK_DEV[] = "unknown device";
static char const R_BAD_MAC[] = "invalid mac";
/* Ours, not access_reject_reason()'s: the NAS is bound to networks
 * (nas_networks, migration 0007) and this is not one of them. */
static char const R_NOT_SERVED[] = "network not served by this NAS";

/*
 *	Small helpers.
 */
static uint64_t hash_mac(uint64_t mac)
{
	mac ^= mac >> 29;
	mac *= UINT64_C(0x9e3779b97f4a7c15);
	return mac ^ (mac >> 32);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* 12 hex digits -> 48-bit value; -1 if it is not that. */
static int parse_mac(char const *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len != 12) return -1;
	for (i = 0; i < 12; i++) {
		int h = hexval((unsigned char) s[i]);
		if (h < 0) return -1;
		v = (v << 4) | (uint64_t) h;
	}
	*out = v;
	return 0;
}

static uint8_t parse_status(char const *s)
{
	if (!s) return ST_NULL;
	switch (s[0]) {
	case 'a': return ST_ACTIVE;
	case 's': return ST_SUSPENDED;
	case 't': return ST_TERMINATED;
	case 'd': return ST_DISABLED;
	case 'r': return ST_REVOKED;
	}
	return ST_NULL;
}

static void mono_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static double mono_since(struct timespec const *then)
{
	struct timespec now;

	mono_now(&now);
	return (now.tv_sec - then->tv_sec) + (now.tv_nsec - then->tv_nsec) / 1e9;
}

/* TS = now + SECS (monotonic). */
static void mono_after(struct timespec *ts, uint32_t secs)
{
	mono_now(ts);
	ts->tv_sec += secs;
}

static uint8_t ssid_hash(uint8_t const *ssid, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) h = (h ^ ssid[i]) * 16777619u;
	return (uint8_t) (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24));
}

/*
 *	The table. Callers hold the lock (read for lookups, write for
 *	changes).
 */
/* The network's id for SSID, or 0 when no network has it. */
static uint32_t net_known(rlm_mpsk_t const *inst, uint8_t const *ssid, size_t len)
{
	mpsk_net_t const *n;

	for (n = inst->nets[ssid_hash(ssid, len)]; n; n = n->next) {
		if (n->len == len && memcmp(n->ssid, ssid, len) == 0) return n->id;
	}
	return 0;
}

static void net_set(rlm_mpsk_t *inst, uint8_t const *ssid, size_t len, int present, uint32_t id)
{
	mpsk_net_t **pp, *n;
	uint8_t h;

	if (len == 0 || len > MPSK_SSID_MAX) return;
	h = ssid_hash(ssid, len);
	for (pp = &inst->nets[h]; *pp; pp = &(*pp)->next) {
		if ((*pp)->len == len && memcmp((*pp)->ssid, ssid, len) == 0) break;
	}
	if (present && *pp) {
		(*pp)->id = id;
	} else if (present && !*pp) {
		n = calloc(1, sizeof(*n));
		if (!n) return;
		n->id = id;
		n->len = len;
		memcpy(n->ssid, ssid, len);
		n->next = inst->nets[h];
		inst->nets[h] = n;
	} else if (!present && *pp) {
		n = *pp;
		*pp = n->next;
		free(n);
	}
}

static mpsk_entry_t **entry_slot(rlm_mpsk_t *inst, uint64_t mac, uint8_t const *ssid, size_t len)
{
	mpsk_entry_t **pp;

	for (pp = &inst->buckets[hash_mac(mac) & (inst->nbuckets - 1)]; *pp; pp = &(*pp)->next) {
		if ((*pp)->mac == mac && (*pp)->ssid_len == len && memcmp((*pp)->data, ssid, len) == 0) {
			return pp;
		}
	}
	return pp;
}

static void table_grow(rlm_mpsk_t *inst)
{
	uint64_t n = inst->nbuckets * 2, i;
	mpsk_entry_t **b = calloc(n, sizeof(*b));

	if (!b) return;		/* keep the longer chains */
	for (i = 0; i < inst->nbuckets; i++) {
		mpsk_entry_t *e = inst->buckets[i], *next;
		for (; e; e = next) {
			uint64_t h = hash_mac(e->mac) & (n - 1);
			next = e->next;
			e->next = b[h];
			b[h] = e;
		}
	}
	free(inst->buckets);
	inst->buckets = b;
	inst->nbuckets = n;
}

/* Put E in place of the row with the same (mac, ssid), or add it. */
static void entry_put(rlm_mpsk_t *inst, mpsk_entry_t *e)
{
	mpsk_entry_t **pp = entry_slot(inst, e->mac, e->data, e->ssid_len);

	if (*pp) {
		mpsk_entry_t *old = *pp;
		e->next = old->next;
		*pp = e;
		free(old);
		return;
	}
	e->next = NULL;
	*pp = e;
	if (++inst->count > inst->nbuckets) table_grow(inst);
}

static void entry_del(rlm_mpsk_t *inst, uint64_t mac, uint8_t const *ssid, size_t len)
{
	mpsk_entry_t **pp = entry_slot(inst, mac, ssid, len);

	if (*pp) {
		mpsk_entry_t *old = *pp;
		*pp = old->next;
		free(old);
		inst->count--;
	}
}

/*
 *	Rows from the database. The column order of ROW_COLUMNS is what
 *	entry_from_row() reads, from column FIRST on.
 */
#define ROW_COLUMNS \
	"l.mac, l.ssid, l.network_id, l.device_id, l.key_id, l.customer_id, " \
	"l.customer_status, l.parent_status, l.key_status, " \
	"TIMESTAMPDIFF(SECOND, '1970-01-01', l.valid_from), " \
	"TIMESTAMPDIFF(SECOND, '1970-01-01', l.valid_until), " \
	"l.passphrase, l.pmk, l.vlan, l.rate_down_kbps, l.rate_up_kbps"
#define ROW_NCOLS 16

static uint32_t col_u32(char const *s)
{
	return s ? (uint32_t) strtoul(s, NULL, 10) : 0;
}

static mpsk_entry_t *entry_from_row(MYSQL_ROW row, unsigned long const *len, int first)
{
	char **r = row + first;
	unsigned long const *l = len + first;
	mpsk_entry_t *e;
	uint64_t mac;

	if (!r[0] || parse_mac(r[0], l[0], &mac) < 0) return NULL;
	if (!r[1] || l[1] > MPSK_SSID_MAX || !r[11] || l[11] > MPSK_PASS_MAX) return NULL;
	if (!r[12] || l[12] != 32) return NULL;

	e = malloc(sizeof(*e) + l[1] + l[11]);
	if (!e) return NULL;
	memset(e, 0, sizeof(*e));
	e->mac = mac;
	e->ssid_len = l[1];
	memcpy(e->data, r[1], l[1]);
	e->network_id = col_u32(r[2]);
	e->device_id = col_u32(r[3]);
	e->key_id = col_u32(r[4]);
	e->customer_id = col_u32(r[5]);
	e->customer_status = parse_status(r[6]);
	e->parent_status = parse_status(r[7]);
	e->key_status = parse_status(r[8]);
	e->valid_from = r[9] ? strtoll(r[9], NULL, 10) : NULL_TIME;
	e->valid_until = r[10] ? strtoll(r[10], NULL, 10) : NULL_TIME;
	e->pass_len = l[11];
	memcpy(e->data + e->ssid_len, r[11], l[11]);
	memcpy(e->pmk, r[12], 32);
	if (r[13]) { e->vlan = col_u32(r[13]); e->flags |= F_VLAN; }
	if (r[14]) { e->rate_down = col_u32(r[14]); e->flags |= F_DOWN; }
	if (r[15]) { e->rate_up = col_u32(r[15]); e->flags |= F_UP; }
	return e;
}

/*
 *	The decision, as access_reject_reason() makes it, at time NOW.
 */
static char const *entry_reason(mpsk_entry_t const *e, int64_t now)
{
	if (e->customer_status == ST_SUSPENDED) return R_CUST_SUSP;
	if (e->customer_status == ST_TERMINATED) return R_CUST_TERM;
	if (e->parent_status == ST_SUSPENDED) return R_PAR_SUSP;
	if (e->parent_status == ST_TERMINATED) return R_PAR_TERM;
	if (e->key_status == ST_DISABLED) return R_KEY_DIS;
	if (e->key_status == ST_REVOKED) return R_KEY_REV;
	if (e->valid_from != NULL_TIME && e->valid_from > now) return R_NOT_YET;
	if (e->valid_until != NULL_TIME && e->valid_until <= now) return R_EXPIRED;
	return NULL;
}

/*
 *	Database connection (the sync thread's, and instantiate's).
 */
static MYSQL *db_connect(rlm_mpsk_t const *inst)
{
	MYSQL *db = mysql_init(NULL);
	unsigned int timeout = 3;

	if (!db) return NULL;
	/* Like rlm_sql_mysql: [freeradius] in $MARIADB_HOME/my.cnf names
	 * the socket when "socket" is not set here. */
	mysql_options(db, MYSQL_READ_DEFAULT_GROUP, "freeradius");
	mysql_options(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	timeout = 30;
	mysql_options(db, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_options(db, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	if (!mysql_real_connect(db, inst->server, inst->login, inst->password, inst->database,
				inst->port, (inst->socket && *inst->socket) ? inst->socket : NULL,
				CLIENT_MULTI_RESULTS)) {
		ERROR("rlm_mpsk (%s): cannot connect to the database: %s", inst->name, mysql_error(db));
		mysql_close(db);
		return NULL;
	}
	/* TIMESTAMPDIFF from '1970-01-01' needs no time zone; auth_log.at
	 * is written as UTC text. READ COMMITTED: each poll sees what has
	 * committed by then. */
	if (mysql_query(db, "SET SESSION time_zone = '+00:00', "
			"SESSION tx_isolation = 'READ-COMMITTED'")) {
		ERROR("rlm_mpsk (%s): session setup: %s", inst->name, mysql_error(db));
		mysql_close(db);
		return NULL;
	}
	return db;
}

static int db_exec(rlm_mpsk_t *inst, char const *sql)
{
	if (mysql_query(inst->db, sql) == 0) return 0;
	ERROR("rlm_mpsk (%s): %s", inst->name, mysql_error(inst->db));
	return -1;
}

/* One value from a one-row query, or -1. */
static int db_u64(rlm_mpsk_t *inst, char const *sql, uint64_t *out)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc = -1;

	if (db_exec(inst, sql) < 0) return -1;
	res = mysql_store_result(inst->db);
	if (!res) return -1;
	row = mysql_fetch_row(res);
	if (row) {
		*out = row[0] ? strtoull(row[0], NULL, 10) : 0;
		rc = 0;
	}
	mysql_free_result(res);
	return rc;
}

/*
 *	Gaps: sequence numbers below max_seq that a poll has not returned.
 */
static void gap_add(rlm_mpsk_t *inst, uint64_t lo, uint64_t hi, int64_t seen)
{
	if (lo > hi) return;
	if (inst->ngaps == inst->gaps_alloc) {
		size_t n = inst->gaps_alloc ? inst->gaps_alloc * 2 : 16;
		mpsk_gap_t *g = realloc(inst->gaps, n * sizeof(*g));
		if (!g) {
			ERROR("rlm_mpsk (%s): out of memory for gaps; changes %" PRIu64 "..%" PRIu64
			      " may be missed", inst->name, lo, hi);
			return;
		}
		inst->gaps = g;
		inst->gaps_alloc = n;
	}
	inst->gaps[inst->ngaps++] = (mpsk_gap_t) { .lo = lo, .hi = hi, .seen = seen };
	DEBUG("rlm_mpsk (%s): changes %" PRIu64 "..%" PRIu64 " not visible yet", inst->name, lo, hi);
}

/* SEQ arrived: take it out of the gap that holds it. */
static void gap_fill(rlm_mpsk_t *inst, uint64_t seq)
{
	size_t i;

	for (i = 0; i < inst->ngaps; i++) {
		mpsk_gap_t *g = &inst->gaps[i];
		if (seq < g->lo || seq > g->hi) continue;
		if (g->lo == g->hi) {
			inst->gaps[i] = inst->gaps[--inst->ngaps];
		} else if (seq == g->lo) {
			g->lo++;
		} else if (seq == g->hi) {
			g->hi--;
		} else {
			mpsk_gap_t upper = *g;
			upper.lo = seq + 1;
			g->hi = seq - 1;
			gap_add(inst, upper.lo, upper.hi, upper.seen);
		}
		return;
	}
}

/*
 *	The NAS clients: every nas row's range and the networks it serves
 *	(migration 0007), read whole into OUT. Small (one row per AP or AP
 *	network), so a change to any of it re-reads all of it.
 */
static int nas_load(rlm_mpsk_t *inst, mpsk_nas_table_t *out)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	mpsk_nas_table_t t = { 0 };

	if (db_exec(inst, "SELECT id, net_start, prefix_len FROM nas ORDER BY id") < 0) return -1;
	res = mysql_store_result(inst->db);
	if (!res) return -1;
	while ((row = mysql_fetch_row(res))) {
		unsigned long *l = mysql_fetch_lengths(res);
		if (!row[0] || !row[1] || !row[2] ||
		    mpsk_nas_add(&t, col_u32(row[0]), (uint8_t const *) row[1], l[1], col_u32(row[2])) < 0) {
			WARN("rlm_mpsk (%s): skipping an unusable nas row", inst->name);
		}
	}
	mysql_free_result(res);
	if (db_exec(inst, "SELECT nas_id, network_id FROM nas_networks ORDER BY nas_id, network_id") < 0) goto fail;
	res = mysql_store_result(inst->db);
	if (!res) goto fail;
	while ((row = mysql_fetch_row(res))) {
		/* An unknown nas_id is a row skipped above; running out of
		 * memory fails the load rather than leave a NAS unbound. */
		if (row[0] && row[1] &&
		    mpsk_nas_add_network(&t, col_u32(row[0]), col_u32(row[1])) == -2) {
			mysql_free_result(res);
			goto fail;
		}
	}
	mysql_free_result(res);
	mpsk_nas_done(&t);
	mpsk_nas_free(out);
	*out = t;
	return 0;
fail:
	mpsk_nas_free(&t);
	return -1;
}

/* Re-reads the NAS clients and swaps them in under the write lock. */
static int nas_reload(rlm_mpsk_t *inst)
{
	mpsk_nas_table_t t = { 0 }, old;

	if (nas_load(inst, &t) < 0) return -1;
	pthread_rwlock_wrlock(&inst->lock);
	old = inst->nas;
	inst->nas = t;
	pthread_rwlock_unlock(&inst->lock);
	mpsk_nas_free(&old);
	DEBUG("rlm_mpsk (%s): %zu NAS clients", inst->name, inst->nas.n);
	return 0;
}

/*
 *	Initial load: one consistent snapshot of radius_lookup, networks
 *	and the change log's position.
 */
static int load_all(rlm_mpsk_t *inst)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	uint64_t max_seq = 0, rows = 0, prev;
	int64_t now_server;
	struct timespec t0;
	char sql[256];
	int n;

	mono_now(&t0);
	/* One read view for all of it (the session is READ COMMITTED, where
	 * each statement would get its own). */
	if (db_exec(inst, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ") < 0 ||
	    db_exec(inst, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY") < 0) return -1;
	if (db_u64(inst, "SELECT COALESCE(MAX(seq), 0) FROM radius_lookup_changes", &max_seq) < 0) goto fail;
	if (db_u64(inst, "SELECT UNIX_TIMESTAMP()", &prev) < 0) goto fail;
	now_server = (int64_t) prev;

	/* Changes below the snapshot's newest that it does not show belong
	 * to transactions still open (or rolled back): gaps to ask for. */
	n = snprintf(sql, sizeof(sql), "SELECT seq FROM radius_lookup_changes WHERE seq > %" PRIu64
		     " ORDER BY seq", max_seq > inst->gap_window ? max_seq - inst->gap_window : 0);
	if (n < 0 || (size_t) n >= sizeof(sql) || db_exec(inst, sql) < 0) goto fail;
	res = mysql_use_result(inst->db);
	if (!res) goto fail;
	prev = max_seq > inst->gap_window ? max_seq - inst->gap_window : 0;
	while ((row = mysql_fetch_row(res))) {
		uint64_t seq = strtoull(row[0], NULL, 10);
		if (seq > prev + 1) gap_add(inst, prev + 1, seq - 1, now_server);
		prev = seq;
	}
	mysql_free_result(res);

	if (db_exec(inst, "SELECT " ROW_COLUMNS " FROM radius_lookup l") < 0) goto fail;
	res = mysql_use_result(inst->db);
	if (!res) goto fail;
	while ((row = mysql_fetch_row(res))) {
		mpsk_entry_t *e = entry_from_row(row, mysql_fetch_lengths(res), 0);
		if (!e) {
			WARN("rlm_mpsk (%s): skipping an unusable radius_lookup row", inst->name);
			continue;
		}
		entry_put(inst, e);	/* no readers yet: no lock needed */
		rows++;
	}
	if (mysql_errno(inst->db)) {
		ERROR("rlm_mpsk (%s): reading radius_lookup: %s", inst->name, mysql_error(inst->db));
		mysql_free_result(res);
		goto fail;
	}
	mysql_free_result(res);

	if (db_exec(inst, "SELECT id, ssid FROM networks") < 0) goto fail;
	res = mysql_store_result(inst->db);
	if (!res) goto fail;
	while ((row = mysql_fetch_row(res))) {
		unsigned long *l = mysql_fetch_lengths(res);
		if (row[1]) net_set(inst, (uint8_t const *) row[1], l[1], 1, col_u32(row[0]));
	}
	mysql_free_result(res);
	/* No readers yet (or a private instance in reload_all). */
	if (nas_load(inst, &inst->nas) < 0) goto fail;
	if (db_exec(inst, "COMMIT") < 0) return -1;

	inst->max_seq = max_seq;
	mono_now(&inst->last_ok);
	INFO("rlm_mpsk (%s): loaded %" PRIu64 " devices in %.2f s (change log at %" PRIu64 ", %zu gaps)",
	     inst->name, rows, mono_since(&t0), max_seq, inst->ngaps);
	return 0;

fail:
	mysql_query(inst->db, "ROLLBACK");
	return -1;
}

/* The poll's SELECT up to its WHERE; mpsk_poll_sql() adds the rest. */
#define POLL_HEAD \
	"SELECT c.seq, c.mac IS NULL, c.mac, c.ssid, n.id, " ROW_COLUMNS \
	" FROM radius_lookup_changes c" \
	" LEFT JOIN radius_lookup l ON c.mac IS NOT NULL AND l.mac = c.mac AND l.ssid = c.ssid" \
	" LEFT JOIN networks n ON c.mac IS NULL AND n.ssid = c.ssid" \
	" WHERE"

/*
 *	One poll: the changes after max_seq and those in gaps, each with
 *	the row as it is now (or none: deleted).
 *
 *	Returns the number of change rows read, or -1 on a database error.
 */
static int poll_changes(rlm_mpsk_t *inst)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	char *sql;
	size_t i, ngap_query;
	uint64_t server_now = 0, oldest_trx = 0, old_max = inst->max_seq, prev;
	int n = 0;

	typedef struct { uint64_t mac; mpsk_entry_t *e; int net, present; uint32_t net_id; uint8_t len; uint8_t ssid[MPSK_SSID_MAX]; } change_t;
	change_t *ch;
	size_t nch = 0;

	/* Which gaps may be given up after this poll: a gap noticed at T
	 * belongs to a transaction that started before T; when no
	 * transaction that old is still open, it committed (and this poll
	 * sees it) or rolled back. radius_oldest_transaction() (migration
	 * 0005) reads INNODB_TRX with its definer's PROCESS privilege. */
	if (inst->ngaps) {
		MYSQL_RES *r;
		if (db_exec(inst, "SELECT UNIX_TIMESTAMP(), UNIX_TIMESTAMP(radius_oldest_transaction())") < 0) return -1;
		r = mysql_store_result(inst->db);
		if (!r) return -1;
		row = mysql_fetch_row(r);
		if (row) {
			server_now = row[0] ? strtoull(row[0], NULL, 10) : 0;
			oldest_trx = row[1] ? strtoull(row[1], NULL, 10) : 0;
		}
		mysql_free_result(r);
		for (i = 0; i < inst->ngaps; i++) {
			/* trx_started has 1 s resolution: keep a 1 s margin. */
			inst->gaps[i].expirable = (!oldest_trx || (int64_t) oldest_trx > inst->gaps[i].seen + 1);
		}
	}

	ngap_query = inst->ngaps < 200 ? inst->ngaps : 200;
	for (i = 0; i < inst->ngaps; i++) inst->gaps[i].queried = (i < ngap_query);
	/* Built by a checked, growing buffer (sqlbuf.c): never truncated. */
	sql = mpsk_poll_sql(POLL_HEAD, inst->max_seq, inst->gaps, ngap_query, inst->poll_batch);
	if (!sql) {
		ERROR("rlm_mpsk (%s): cannot build the poll statement (%zu gaps)", inst->name, ngap_query);
		return -1;
	}
	if (db_exec(inst, sql) < 0) { free(sql); return -1; }
	free(sql);
	res = mysql_store_result(inst->db);
	if (!res) return -1;

	ch = calloc(mysql_num_rows(res) + 1, sizeof(*ch));
	if (!ch) { mysql_free_result(res); return -1; }

	/* Build everything outside the lock. */
	prev = old_max;
	while ((row = mysql_fetch_row(res))) {
		unsigned long *len = mysql_fetch_lengths(res);
		uint64_t seq = strtoull(row[0], NULL, 10);
		change_t *c = &ch[nch];

		n++;
		if (seq > old_max) {
			/* Noticed now; a later "seen" only makes expiry stricter. */
			if (seq > prev + 1) gap_add(inst, prev + 1, seq - 1,
						    server_now ? (int64_t) server_now : (int64_t) time(NULL) + 1);
			prev = seq;
			inst->max_seq = seq;
		} else {
			gap_fill(inst, seq);
		}
		if (!row[3] || len[3] > MPSK_SSID_MAX) continue;
		if (row[1][0] == '1' && len[3] == 0) {	/* nas or nas_networks changed */
			inst->nas_stale = 1;
			continue;
		}
		c->len = len[3];
		memcpy(c->ssid, row[3], len[3]);
		if (row[1][0] == '1') {		/* a network's SSID */
			c->net = 1;
			c->present = row[4] != NULL;
			c->net_id = col_u32(row[4]);
		} else {
			if (!row[2] || parse_mac(row[2], len[2], &c->mac) < 0) continue;
			c->present = row[5] != NULL;
			if (c->present) {
				c->e = entry_from_row(row, len, 5);
				if (!c->e) continue;
			}
		}
		nch++;
	}
	mysql_free_result(res);

	/* Gaps that this poll asked for, whose transactions had all ended
	 * before it, and that it did not fill: rolled back. Not when the
	 * poll hit its LIMIT: then the rest of a gap may simply not have
	 * been returned yet. */
	for (i = 0; i < inst->ngaps && n < (int) inst->poll_batch; ) {
		if (inst->gaps[i].queried && inst->gaps[i].expirable) {
			inst->gaps[i] = inst->gaps[--inst->ngaps];
			continue;
		}
		i++;
	}

	if (nch) {
		pthread_rwlock_wrlock(&inst->lock);
		for (i = 0; i < nch; i++) {
			change_t *c = &ch[i];
			if (c->net) net_set(inst, c->ssid, c->len, c->present, c->net_id);
			else if (c->e) entry_put(inst, c->e);
			else entry_del(inst, c->mac, c->ssid, c->len);
		}
		pthread_rwlock_unlock(&inst->lock);
		inst->applied += nch;
	}
	free(ch);
	/* The marker row is consumed with the others, so the need to reload
	 * is kept in inst until a reload succeeds (a failed one is retried
	 * next poll, on this connection or the next). */
	if (inst->nas_stale) {
		if (nas_reload(inst) < 0) return -1;
		inst->nas_stale = 0;
	}
	return n;
}

/*
 *	auth_log: the queue the request threads fill and the sync thread
 *	empties.
 */
/* One reject's row. Every value is a bound parameter; the NAS name is
 * found the way radius_authorize() finds it. The statement is prepared per
 * batch, and a batch is one transaction: all of its rows or none. */
#define LOG_INSERT \
	"INSERT INTO auth_log (at, mac, ssid, nas_ip, nas_name, result, reason," \
	" customer_id, key_id) VALUES (?, ?, ?, ?, COALESCE((SELECT n.name FROM nas n" \
	" WHERE LENGTH(n.net_start) = LENGTH(INET6_ATON(?))" \
	" AND INET6_ATON(?) BETWEEN n.net_start AND n.net_end" \
	" ORDER BY n.prefix_len DESC LIMIT 1), ''), 'reject', ?, ?, ?)"

/* Binds a string parameter. */
static void log_bind_str(MYSQL_BIND *b, char const *s, unsigned long *len)
{
	*len = strlen(s);
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = (void *) s;
	b->buffer_length = *len;
	b->length = len;
}

/* Writes one row of BATCH with the prepared statement ST. 0 or -1. */
static int log_row(MYSQL_STMT *st, mpsk_log_t const *l)
{
	MYSQL_BIND b[9];
	unsigned long len[9];
	char at[64];
	struct tm tm;
	time_t secs = l->at_ms / 1000;
	my_bool null_ssid = !l->has_ssid, null_ids = !l->customer_id;
	unsigned int customer = l->customer_id, key = l->key_id;

	int n;

	if (!gmtime_r(&secs, &tm)) return -1;
	n = snprintf(at, sizeof(at), "%04d-%02d-%02d %02d:%02d:%02d.%03d",
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		     tm.tm_sec, (int) ((l->at_ms % 1000 + 1000) % 1000));
	if (n < 0 || (size_t) n >= sizeof(at)) return -1;
	memset(b, 0, sizeof(b));
	log_bind_str(&b[0], at, &len[0]);
	len[1] = l->mac_len;
	b[1].buffer_type = MYSQL_TYPE_STRING;
	b[1].buffer = (void *) l->mac;
	b[1].buffer_length = len[1];
	b[1].length = &len[1];
	len[2] = l->ssid_len;
	b[2].buffer_type = MYSQL_TYPE_BLOB;
	b[2].buffer = (void *) l->ssid;
	b[2].buffer_length = len[2];
	b[2].length = &len[2];
	b[2].is_null = &null_ssid;
	log_bind_str(&b[3], l->nas_ip, &len[3]);
	log_bind_str(&b[4], l->nas_ip, &len[4]);
	log_bind_str(&b[5], l->nas_ip, &len[5]);
	log_bind_str(&b[6], l->reason, &len[6]);
	b[7].buffer_type = MYSQL_TYPE_LONG;
	b[7].buffer = &customer;
	b[7].is_unsigned = 1;
	b[7].is_null = &null_ids;
	b[8].buffer_type = MYSQL_TYPE_LONG;
	b[8].buffer = &key;
	b[8].is_unsigned = 1;
	b[8].is_null = &null_ids;
	if (mysql_stmt_bind_param(st, b) || mysql_stmt_execute(st)) return -1;
	return 0;
}

/* Writes BATCH in one transaction. 0, or -1 with nothing written. */
static int log_write(rlm_mpsk_t *inst, mpsk_log_t const *batch)
{
	MYSQL_STMT *st = mysql_stmt_init(inst->db);
	mpsk_log_t const *l;
	int rc = -1;

	if (!st || mysql_stmt_prepare(st, LOG_INSERT, strlen(LOG_INSERT)) ||
	    mysql_query(inst->db, "START TRANSACTION")) goto done;
	for (l = batch; l; l = l->next)
		if (log_row(st, l) < 0) {
			mysql_query(inst->db, "ROLLBACK");
			goto done;
		}
	rc = mysql_query(inst->db, "COMMIT") ? -1 : 0;
done:
	if (rc < 0)
		ERROR("rlm_mpsk (%s): writing auth_log rows: %s", inst->name,
		      st && mysql_stmt_errno(st) ? mysql_stmt_error(st) : mysql_error(inst->db));
	if (st) mysql_stmt_close(st);
	return rc;
}

/* Puts BATCH (N rows) back in front of the queue, to be written later. */
static void log_requeue(rlm_mpsk_t *inst, mpsk_log_t *batch, uint32_t n)
{
	mpsk_log_t *l;

	pthread_mutex_lock(&inst->mutex);
	for (l = batch; l->next; l = l->next) ;
	l->next = inst->log_head;
	inst->log_head = batch;
	if (!inst->log_tail) inst->log_tail = l;
	inst->log_len += n;
	pthread_mutex_unlock(&inst->mutex);
}

static int flush_log(rlm_mpsk_t *inst)
{
	for (;;) {
		mpsk_log_t *batch, *l, *next;
		uint32_t n = 0;

		pthread_mutex_lock(&inst->mutex);
		batch = inst->log_head;
		for (l = batch; l && n < inst->log_batch; l = l->next) n++;
		if (!n) { pthread_mutex_unlock(&inst->mutex); return 0; }
		/* Detach the first n. */
		if (l) {
			mpsk_log_t *last = batch;
			uint32_t k;
			for (k = 1; k < n; k++) last = last->next;
			inst->log_head = l;
			last->next = NULL;
		} else {
			inst->log_head = inst->log_tail = NULL;
		}
		inst->log_len -= n;
		pthread_mutex_unlock(&inst->mutex);

		if (log_write(inst, batch) < 0) {
			/* Written after reconnecting. */
			log_requeue(inst, batch, n);
			return -1;
		}
		for (l = batch; l; l = next) { next = l->next; free(l); }
	}
}

/* Frees a table's entries and SSIDs (not the bucket array). */
static void table_free(mpsk_entry_t **buckets, uint64_t nbuckets, mpsk_net_t **nets)
{
	uint64_t i;

	for (i = 0; buckets && i < nbuckets; i++) {
		mpsk_entry_t *e = buckets[i], *next;
		for (; e; e = next) { next = e->next; free(e); }
	}
	for (i = 0; i < 256; i++) {
		mpsk_net_t *n = nets[i], *next;
		for (; n; n = next) { next = n->next; free(n); }
		nets[i] = NULL;
	}
}

/*
 *	A full reload while serving: the same load as at start into a second
 *	table, swapped in under the write lock (requests keep being answered
 *	from the old one meanwhile; memory for both is needed while it runs).
 *	For when the change log no longer holds this server's position.
 *
 *	Returns 0, or -1 on a database error (the old table stays).
 */
static int reload_all(rlm_mpsk_t *inst)
{
	rlm_mpsk_t *tmp = calloc(1, sizeof(*tmp));
	mpsk_entry_t **old_buckets;
	uint64_t old_nbuckets, i;
	mpsk_net_t *old_nets[256];
	mpsk_nas_table_t old_nas;

	if (!tmp) return -1;
	tmp->name = inst->name;
	tmp->db = inst->db;
	tmp->gap_window = inst->gap_window;
	tmp->nbuckets = 1 << 16;
	tmp->buckets = calloc(tmp->nbuckets, sizeof(*tmp->buckets));
	if (!tmp->buckets || load_all(tmp) < 0) {
		table_free(tmp->buckets, tmp->nbuckets, tmp->nets);
		mpsk_nas_free(&tmp->nas);
		free(tmp->buckets);
		free(tmp->gaps);
		free(tmp);
		return -1;
	}

	pthread_rwlock_wrlock(&inst->lock);
	old_buckets = inst->buckets;
	old_nbuckets = inst->nbuckets;
	memcpy(old_nets, inst->nets, sizeof(old_nets));
	inst->buckets = tmp->buckets;
	inst->nbuckets = tmp->nbuckets;
	inst->count = tmp->count;
	for (i = 0; i < 256; i++) inst->nets[i] = tmp->nets[i];
	old_nas = inst->nas;
	inst->nas = tmp->nas;
	pthread_rwlock_unlock(&inst->lock);
	mpsk_nas_free(&old_nas);

	inst->max_seq = tmp->max_seq;
	free(inst->gaps);
	inst->gaps = tmp->gaps;
	inst->ngaps = tmp->ngaps;
	inst->gaps_alloc = tmp->gaps_alloc;
	inst->reloads++;
	table_free(old_buckets, old_nbuckets, old_nets);
	free(old_buckets);
	free(tmp);
	return 0;
}

/*
 *	After (re)connecting: does the change log still hold everything from
 *	this server's position on? Not if it was pruned (rows older than a
 *	day, radius_changes_prune) while this server could not read it: then
 *	reload everything. Pruning keeps the newest row, so an empty log
 *	means nothing was ever pruned past anyone.
 */
static int check_position(rlm_mpsk_t *inst)
{
	uint64_t min_seq, need = inst->max_seq + 1;
	size_t i;

	for (i = 0; i < inst->ngaps; i++) {
		if (inst->gaps[i].lo < need) need = inst->gaps[i].lo;
	}
	if (db_u64(inst, "SELECT COALESCE(MIN(seq), 0) FROM radius_lookup_changes", &min_seq) < 0) return -1;
	if (min_seq <= need) return 0;
	WARN("rlm_mpsk (%s): the change log now starts at %" PRIu64 ", after %" PRIu64
	     " which this server still needs (pruned while it was away): reloading everything",
	     inst->name, min_seq, need);
	return reload_all(inst);
}

/*
 *	Pruning, every prune_interval seconds: radius_changes_prune()
 *	(migration 0005, SQL SECURITY DEFINER) deletes up to PRUNE_BATCH
 *	change rows older than a day per call; while it finds that many, it
 *	is called again after the next poll, so a poll never waits long.
 */
#define PRUNE_BATCH 5000
#define PRUNE_BATCH_SQL "5000"

static int prune_step(rlm_mpsk_t *inst)
{
	uint64_t n = 0;

	if (!inst->prune_interval || mono_since(&inst->next_prune) < 0) return 0;
	if (db_exec(inst, "CALL radius_changes_prune(" PRUNE_BATCH_SQL ", @mpsk_pruned)") < 0) return -1;
	while (mysql_more_results(inst->db)) {
		MYSQL_RES *r;
		if (mysql_next_result(inst->db) > 0) return -1;
		r = mysql_store_result(inst->db);
		if (r) mysql_free_result(r);
	}
	if (db_u64(inst, "SELECT @mpsk_pruned", &n) < 0) return -1;
	inst->pruned += n;
	if (n < PRUNE_BATCH) mono_after(&inst->next_prune, inst->prune_interval);
	return 0;
}

/*
 *	The module's state in radius.log every stats_interval seconds: what
 *	an engineer needs to see that it is current.
 */
static void log_stats(rlm_mpsk_t *inst)
{
	double age;
	uint32_t queued;
	uint64_t dropped;

	if (!inst->stats_interval || mono_since(&inst->next_stats) < 0) return;
	mono_after(&inst->next_stats, inst->stats_interval);
	pthread_mutex_lock(&inst->mutex);
	age = mono_since(&inst->last_ok);
	queued = inst->log_len;
	dropped = inst->log_dropped;
	pthread_mutex_unlock(&inst->mutex);
	/* count changes only in this thread: no lock needed to read it. */
	INFO("rlm_mpsk (%s): stats: %" PRIu64 " rows, last good poll %.2f s ago (%s), change log at %"
	     PRIu64 ", %zu gaps, %u rejects queued for auth_log, %" PRIu64 " dropped, %" PRIu64
	     " polls, %" PRIu64 " changes applied, %" PRIu64 " change rows pruned, %" PRIu64 " full reloads",
	     inst->name, inst->count, age, inst->db ? "connected" : "database unreachable", inst->max_seq,
	     inst->ngaps, queued, dropped, inst->polls, inst->applied, inst->pruned, inst->reloads);
}

static void *sync_thread(void *arg)
{
	rlm_mpsk_t *inst = arg;
	uint32_t backoff = 0;
	int last_poll_full = 0;

	for (;;) {
		struct timespec until;
		int rc;

		pthread_mutex_lock(&inst->mutex);
		if (!inst->stop && !last_poll_full && inst->log_len < inst->log_batch) {
			uint32_t ms = backoff ? backoff : inst->poll_interval;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += ms / 1000;
			until.tv_nsec += (long) (ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
			pthread_cond_timedwait(&inst->cond, &inst->mutex, &until);
		}
		if (inst->stop) { pthread_mutex_unlock(&inst->mutex); break; }
		pthread_mutex_unlock(&inst->mutex);
		log_stats(inst);

		if (!inst->db) {
			inst->db = db_connect(inst);
			if (!inst->db) {
				backoff = backoff ? (backoff * 2 > 2000 ? 2000 : backoff * 2) : 100;
				continue;
			}
			INFO("rlm_mpsk (%s): connected to the database", inst->name);
			inst->fresh_conn = 1;
		}
		rc = 0;
		if (flush_log(inst) < 0) rc = -1;
		if (rc == 0 && inst->fresh_conn) {
			if (check_position(inst) < 0) rc = -1;
			else inst->fresh_conn = 0;
		}
		if (rc == 0) {
			int n = poll_changes(inst);
			if (n < 0) rc = -1;
			last_poll_full = (n >= (int) inst->poll_batch);
			inst->polls++;
		}
		if (rc == 0 && !last_poll_full && prune_step(inst) < 0) rc = -1;
		if (rc < 0) {
			/* Reconnect next time round. */
			mysql_close(inst->db);
			inst->db = NULL;
			backoff = 100;
			last_poll_full = 0;
			continue;
		}
		backoff = 0;
		pthread_mutex_lock(&inst->mutex);
		mono_now(&inst->last_ok);
		pthread_mutex_unlock(&inst->mutex);
	}
	/* Last auth_log rows before going. */
	if (inst->db) flush_log(inst);
	return NULL;
}

/*
 *	authorize.
 */
static void set_int(REQUEST *request, DICT_ATTR const *da, uint32_t v)
{
	VALUE_PAIR *vp;

	fr_pair_delete_by_da(&request->config, da);
	vp = fr_pair_afrom_da(request, da);
	if (!vp) return;
	vp->vp_integer = v;
	fr_pair_add(&request->config, vp);
}

static void set_str(REQUEST *request, DICT_ATTR const *da, char const *s, size_t len)
{
	VALUE_PAIR *vp;

	fr_pair_delete_by_da(&request->config, da);
	vp = fr_pair_afrom_da(request, da);
	if (!vp) return;
	fr_pair_value_bstrncpy(vp, s, len);
	fr_pair_add(&request->config, vp);
}

static void set_octets(REQUEST *request, DICT_ATTR const *da, uint8_t const *data, size_t len)
{
	VALUE_PAIR *vp;

	fr_pair_delete_by_da(&request->config, da);
	vp = fr_pair_afrom_da(request, da);
	if (!vp) return;
	fr_pair_value_memcpy(vp, data, len);
	fr_pair_add(&request->config, vp);
}

/* What the decision needs of a row, copied out under the lock. */
typedef struct {
	char const	*reason;
	uint32_t	customer_id, key_id;
	uint32_t	rate_down, rate_up;
	uint16_t	vlan;
	uint8_t		flags, pass_len;
	int64_t		valid_until;
	char		pass[MPSK_PASS_MAX];
	uint8_t		pmk[32];
} decision_t;

static void queue_reject(rlm_mpsk_t *inst, REQUEST *request, char const *reason, char const *mac,
			 uint8_t const *ssid, size_t ssid_len, int has_ssid, decision_t const *d)
{
	mpsk_log_t *l;
	struct timespec now;
	fr_ipaddr_t const *src = &request->packet->src_ipaddr;

	l = calloc(1, sizeof(*l));
	if (!l) return;
	clock_gettime(CLOCK_REALTIME, &now);
	l->at_ms = (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
	l->reason = reason;
	if (mac) {
		memcpy(l->mac, mac, 12);
		l->mac_len = 12;
	} else {
		/* LEFT(CONVERT(User-Name USING ascii), 32): other octets are '?'. */
		VALUE_PAIR *un = fr_pair_find_by_num(request->packet->vps, PW_USER_NAME, 0, TAG_ANY);
		size_t i;
		if (un) {
			for (i = 0; i < un->vp_length && i < sizeof(l->mac); i++) {
				uint8_t c = (uint8_t) un->vp_strvalue[i];
				l->mac[i] = c < 0x80 ? (char) c : '?';
			}
			l->mac_len = i;
		}
	}
	l->has_ssid = has_ssid;
	if (has_ssid) {
		l->ssid_len = ssid_len > MPSK_SSID_MAX ? MPSK_SSID_MAX : ssid_len;
		memcpy(l->ssid, ssid, l->ssid_len);
	}
	if (d) {
		l->customer_id = d->customer_id;
		l->key_id = d->key_id;
	}
	if (!inet_ntop(src->af, &src->ipaddr, l->nas_ip, sizeof(l->nas_ip))) l->nas_ip[0] = '\0';

	pthread_mutex_lock(&inst->mutex);
	if (inst->log_len >= inst->log_queue_max) {
		inst->log_dropped++;
		pthread_mutex_unlock(&inst->mutex);
		free(l);
		RWDEBUG("auth_log queue full: this reject is not logged");
		return;
	}
	if (inst->log_tail) inst->log_tail->next = l;
	else inst->log_head = l;
	inst->log_tail = l;
	if (++inst->log_len >= inst->log_batch) pthread_cond_signal(&inst->cond);
	pthread_mutex_unlock(&inst->mutex);
}

/* The SSID: a vendor attribute wins, else Called-Station-Id from the
 * offset mpsk_ssid_offset found. An empty one is none. 1 when there is
 * one (then *SSID, *LEN point into the request), else 0. */
static int request_ssid(rlm_mpsk_t const *inst, REQUEST *request, uint8_t const **ssid, size_t *len)
{
	VALUE_PAIR *vp;

	vp = inst->da_ruckus_ssid ? fr_pair_find_by_da(request->packet->vps, inst->da_ruckus_ssid, TAG_ANY) : NULL;
	if ((!vp || !vp->vp_length) && inst->da_aruba_essid) {
		vp = fr_pair_find_by_da(request->packet->vps, inst->da_aruba_essid, TAG_ANY);
	}
	if (vp && vp->vp_length) {
		*ssid = (uint8_t const *) vp->vp_strvalue;
		*len = vp->vp_length;
		return 1;
	} else {
		VALUE_PAIR *off = fr_pair_find_by_da(request->config, inst->da_offset, TAG_ANY);
		vp = fr_pair_find_by_num(request->packet->vps, PW_CALLED_STATION_ID, 0, TAG_ANY);
		if (off && off->vp_integer > 0 && vp && vp->vp_length >= off->vp_integer) {
			*ssid = (uint8_t const *) vp->vp_strvalue + off->vp_integer - 1;
			*len = vp->vp_length - (off->vp_integer - 1);
			return *len > 0;
		}
	}
	return 0;
}

/* The nas row the packet's source address belongs to (the address the
 * datagram came from, never an attribute the NAS wrote), or NULL. The
 * caller holds the lock (read). */
static mpsk_nas_t const *request_nas(rlm_mpsk_t const *inst, REQUEST *request)
{
	fr_ipaddr_t const *src = &request->packet->src_ipaddr;

	if (src->af == AF_INET)
		return mpsk_nas_find(&inst->nas, (uint8_t const *) &src->ipaddr.ip4addr, 4);
	if (src->af == AF_INET6)
		return mpsk_nas_find(&inst->nas, (uint8_t const *) &src->ipaddr.ip6addr, 16);
	return NULL;
}

static rlm_rcode_t CC_HINT(nonnull) mod_authorize(void *instance, REQUEST *request)
{
	rlm_mpsk_t *inst = instance;
	VALUE_PAIR *vp;
	char const *mac_str = NULL;
	uint64_t mac = 0;
	uint8_t const *ssid = NULL;
	size_t ssid_len = 0;
	int has_ssid = 0, found = 0;
	decision_t d;
	int64_t now = time(NULL);

	if (inst->max_stale) {
		double age;
		pthread_mutex_lock(&inst->mutex);
		age = mono_since(&inst->last_ok);
		pthread_mutex_unlock(&inst->mutex);
		if (age > inst->max_stale) {
			REDEBUG("No sync with the database for %.1f s (max_stale %u s)", age, inst->max_stale);
			return RLM_MODULE_FAIL;
		}
	}

	/* The station MAC, as mpsk_station_mac left it. */
	vp = fr_pair_find_by_da(request->config, inst->da_mac, TAG_ANY);
	if (vp && parse_mac(vp->vp_strvalue, vp->vp_length, &mac) == 0) mac_str = vp->vp_strvalue;

	has_ssid = request_ssid(inst, request, &ssid, &ssid_len);

	memset(&d, 0, sizeof(d));
	if (mac_str) {
		mpsk_entry_t const *e, *best = NULL;
		char const *best_reason = NULL;
		mpsk_nas_t const *nas;
		int skipped = 0;

		pthread_rwlock_rdlock(&inst->lock);
		/* A NAS bound to networks (nas_networks) is answered only for
		 * those. A NAS not in the table yet (added less than a poll
		 * ago) has no binding yet either. */
		nas = request_nas(inst, request);
		if (nas && nas->nnets && has_ssid) {
			uint32_t net = net_known(inst, ssid, ssid_len);
			if (net && !mpsk_nas_serves(nas, net)) {
				d.reason = R_NOT_SERVED;
				pthread_rwlock_unlock(&inst->lock);
				goto decided;
			}
		}
		for (e = inst->buckets[hash_mac(mac) & (inst->nbuckets - 1)]; e; e = e->next) {
			char const *reason;
			if (e->mac != mac) continue;
			if (nas && !mpsk_nas_serves(nas, e->network_id)) {
				skipped = 1;
				continue;
			}
			if (has_ssid) {
				if (e->ssid_len != ssid_len || memcmp(e->data, ssid, ssid_len) != 0) continue;
				best = e;
				best_reason = entry_reason(e, now);
				break;
			}
			/* No SSID: the first usable binding, lowest network id
			 * (ORDER BY reject_reason IS NOT NULL, network_id). */
			reason = entry_reason(e, now);
			if (!best || (!reason && best_reason) ||
			    ((!reason) == (!best_reason) && e->network_id < best->network_id)) {
				best = e;
				best_reason = reason;
			}
		}
		if (best) {
			found = 1;
			d.reason = best_reason;
			d.customer_id = best->customer_id;
			d.key_id = best->key_id;
			d.rate_down = best->rate_down;
			d.rate_up = best->rate_up;
			d.vlan = best->vlan;
			d.flags = best->flags;
			d.valid_until = best->valid_until;
			if (!best_reason) {
				d.pass_len = best->pass_len;
				memcpy(d.pass, best->data + best->ssid_len, best->pass_len);
				memcpy(d.pmk, best->pmk, 32);
			}
		} else if (has_ssid) {
			d.reason = net_known(inst, ssid, ssid_len) ? R_UNK_DEV : R_UNK_NET;
		} else {
			d.reason = skipped ? R_NOT_SERVED : R_UNK_DEV;
		}
		pthread_rwlock_unlock(&inst->lock);
	} else {
		d.reason = R_BAD_MAC;
	}
decided:

	if (!d.reason) {
		set_str(request, inst->da_result, "accept", 6);
		set_str(request, inst->da_reason, "", 0);
		set_str(request, inst->da_pass, d.pass, d.pass_len);
		set_octets(request, inst->da_pmk, d.pmk, 32);
		if (d.flags & F_VLAN) set_int(request, inst->da_vlan, d.vlan);
		if (d.flags & F_DOWN) {
			uint64_t bps = (uint64_t) d.rate_down * 1000;
			set_int(request, inst->da_down_kbps, d.rate_down);
			set_int(request, inst->da_down_bps, bps > UINT32_MAX ? UINT32_MAX : (uint32_t) bps);
		}
		if (d.flags & F_UP) {
			uint64_t bps = (uint64_t) d.rate_up * 1000;
			set_int(request, inst->da_up_kbps, d.rate_up);
			set_int(request, inst->da_up_bps, bps > UINT32_MAX ? UINT32_MAX : (uint32_t) bps);
		}
		if (d.valid_until != NULL_TIME) {
			/* GREATEST(TIMESTAMPDIFF(SECOND, now, valid_until), 1) */
			int64_t left = d.valid_until - now;
			set_int(request, inst->da_left, left < 1 ? 1 : (left > UINT32_MAX ? UINT32_MAX : (uint32_t) left));
		}
		set_int(request, inst->da_customer, d.customer_id);
		set_int(request, inst->da_key, d.key_id);
		RDEBUG2("accept (key %u)", d.key_id);
		return RLM_MODULE_UPDATED;
	}

	set_str(request, inst->da_result, "reject", 6);
	set_str(request, inst->da_reason, d.reason, strlen(d.reason));
	RDEBUG2("reject: %s", d.reason);
	queue_reject(inst, request, d.reason, mac_str, ssid, ssid_len, has_ssid, found ? &d : NULL);
	return RLM_MODULE_UPDATED;
}

/*
 *	preacct: which nas row the accounting packet came from, by its
 *	source address, into control:MPSK-NAS-Id (queries.conf keys the
 *	session by it and writes nothing the packet claims about its NAS);
 *	and for a NAS bound to networks, control:MPSK-Acct-Ignore := 1 when
 *	the packet names a network it does not serve (sites/mpsk then
 *	answers it without storing it). No SQL.
 */
static rlm_rcode_t CC_HINT(nonnull) mod_preacct(void *instance, REQUEST *request)
{
	rlm_mpsk_t *inst = instance;
	uint8_t const *ssid = NULL;
	size_t ssid_len = 0;
	int has_ssid = request_ssid(inst, request, &ssid, &ssid_len);
	mpsk_nas_t const *nas;
	uint32_t nas_id = 0, net = 0;
	int served = 1;

	pthread_rwlock_rdlock(&inst->lock);
	nas = request_nas(inst, request);
	if (nas) {
		nas_id = nas->id;
		if (nas->nnets && has_ssid) {
			net = net_known(inst, ssid, ssid_len);
			served = net && mpsk_nas_serves(nas, net);
		}
	}
	pthread_rwlock_unlock(&inst->lock);

	if (!nas_id) {
		/* FreeRADIUS knew the client, this copy not yet (a NAS added
		 * less than a poll ago) or no longer: no answer, so the NAS
		 * sends it again, and nothing is stored under a wrong NAS. */
		RWDEBUG("No nas row in memory for this source address yet: not answered");
		return RLM_MODULE_FAIL;
	}
	set_int(request, inst->da_nas_id, nas_id);
	if (!served) {
		char src[INET6_ADDRSTRLEN];
		fr_ipaddr_t const *a = &request->packet->src_ipaddr;
		if (!inet_ntop(a->af, &a->ipaddr, src, sizeof(src))) src[0] = '\0';
		WARN("rlm_mpsk (%s): accounting from NAS %u (%s) for %s it does not serve: ignored",
		     inst->name, nas_id, src, net ? "a network" : "an unknown SSID");
		set_int(request, inst->da_acct_ignore, 1);
	}
	return RLM_MODULE_UPDATED;
}

/*
 *	Life cycle.
 */
static int find_attr(rlm_mpsk_t *inst, DICT_ATTR const **out, char const *name, int required)
{
	*out = dict_attrbyname(name);
	if (!*out && required) {
		ERROR("rlm_mpsk (%s): attribute %s is not in the dictionary (dictionary.mpsk)", inst->name, name);
		return -1;
	}
	return 0;
}

static int mod_detach(void *instance);

static int mod_instantiate(CONF_SECTION *conf, void *instance)
{
	rlm_mpsk_t *inst = instance;
	inst->name = cf_section_name2(conf);
	if (!inst->name) inst->name = cf_section_name1(conf);

	if (find_attr(inst, &inst->da_mac, "MPSK-MAC", 1) < 0 ||
	    find_attr(inst, &inst->da_offset, "MPSK-SSID-Offset", 1) < 0 ||
	    find_attr(inst, &inst->da_result, "MPSK-Result", 1) < 0 ||
	    find_attr(inst, &inst->da_reason, "MPSK-Reason", 1) < 0 ||
	    find_attr(inst, &inst->da_pass, "MPSK-Passphrase", 1) < 0 ||
	    find_attr(inst, &inst->da_pmk, "MPSK-PMK", 1) < 0 ||
	    find_attr(inst, &inst->da_vlan, "MPSK-VLAN", 1) < 0 ||
	    find_attr(inst, &inst->da_down_kbps, "MPSK-Rate-Down-Kbps", 1) < 0 ||
	    find_attr(inst, &inst->da_up_kbps, "MPSK-Rate-Up-Kbps", 1) < 0 ||
	    find_attr(inst, &inst->da_down_bps, "MPSK-Rate-Down-Bps", 1) < 0 ||
	    find_attr(inst, &inst->da_up_bps, "MPSK-Rate-Up-Bps", 1) < 0 ||
	    find_attr(inst, &inst->da_left, "MPSK-Seconds-Left", 1) < 0 ||
	    find_attr(inst, &inst->da_customer, "MPSK-Customer-Id", 1) < 0 ||
	    find_attr(inst, &inst->da_key, "MPSK-Key-Id", 1) < 0 ||
	    find_attr(inst, &inst->da_ruckus_ssid, "Ruckus-SSID", 0) < 0 ||
	    find_attr(inst, &inst->da_aruba_essid, "Aruba-Essid-Name", 0) < 0 ||
	    find_attr(inst, &inst->da_nas_id, "MPSK-NAS-Id", 1) < 0 ||
	    find_attr(inst, &inst->da_acct_ignore, "MPSK-Acct-Ignore", 1) < 0) return -1;
	if (inst->poll_interval < 5) inst->poll_interval = 5;
	if (inst->poll_batch < 100) inst->poll_batch = 100;
	if (inst->log_batch < 1) inst->log_batch = 1;
	if (inst->log_batch > 5000) inst->log_batch = 5000;

	if (mysql_library_init(0, NULL, NULL)) {
		ERROR("rlm_mpsk (%s): mysql_library_init failed", inst->name);
		return -1;
	}
	pthread_rwlock_init(&inst->lock, NULL);
	pthread_mutex_init(&inst->mutex, NULL);
	{
		pthread_condattr_t ca;
		pthread_condattr_init(&ca);
		pthread_cond_init(&inst->cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	inst->nbuckets = 1 << 16;
	inst->buckets = calloc(inst->nbuckets, sizeof(*inst->buckets));
	if (!inst->buckets) return -1;

	/* `freeradius -C` only checks the configuration. */
	if (check_config) return 0;

	/* The server does not start without the table: better no answer
	 * than wrong answers. */
	inst->db = db_connect(inst);
	if (!inst->db || load_all(inst) < 0) {
		ERROR("rlm_mpsk (%s): initial load failed", inst->name);
		mod_detach(inst);
		return -1;
	}

	if (pthread_create(&inst->thread, NULL, sync_thread, inst) != 0) {
		ERROR("rlm_mpsk (%s): cannot start the sync thread", inst->name);
		mod_detach(inst);
		return -1;
	}
	inst->thread_started = 1;
	mono_after(&inst->next_stats, inst->stats_interval);
	mono_after(&inst->next_prune, inst->prune_interval);
	return 0;
}

static int mod_detach(void *instance)
{
	rlm_mpsk_t *inst = instance;

	if (inst->thread_started) {
		pthread_mutex_lock(&inst->mutex);
		inst->stop = 1;
		pthread_cond_signal(&inst->cond);
		pthread_mutex_unlock(&inst->mutex);
		pthread_join(inst->thread, NULL);
		inst->thread_started = 0;
		INFO("rlm_mpsk (%s): %" PRIu64 " polls, %" PRIu64 " changes applied, %" PRIu64
		     " auth_log rows dropped, %u left unwritten", inst->name, inst->polls, inst->applied,
		     inst->log_dropped, inst->log_len);
	}
	if (inst->db) { mysql_close(inst->db); inst->db = NULL; }
	table_free(inst->buckets, inst->nbuckets, inst->nets);
	free(inst->buckets);
	inst->buckets = NULL;
	mpsk_nas_free(&inst->nas);
	while (inst->log_head) {
		mpsk_log_t *l = inst->log_head;
		inst->log_head = l->next;
		free(l);
	}
	free(inst->gaps);
	inst->gaps = NULL;
	return 0;
}

extern module_t rlm_mpsk;
module_t rlm_mpsk = {
	.magic		= RLM_MODULE_INIT,
	.name		= "mpsk",
	.type		= RLM_TYPE_THREAD_SAFE,
	.inst_size	= sizeof(rlm_mpsk_t),
	.config		= module_config,
	.instantiate	= mod_instantiate,
	.detach		= mod_detach,
	.methods = {
		[MOD_AUTHORIZE]		= mod_authorize,
		[MOD_PREACCT]		= mod_preacct,
	},
};
