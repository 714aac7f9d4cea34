/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nas_table.h - rlm_mpsk's copy of the NAS clients: each nas row's address
 * range and the networks it serves, to tell on the request path, without
 * SQL, which row a packet's source address belongs to and whether that
 * NAS may ask about (or account for) a network.
 *
 * The same rule as the dynamic-client lookup (radius/mods/sql_map,
 * mpsk_nas): the most specific range holding the address wins, the lowest
 * id among equals. No FreeRADIUS headers here (tests/unit compiles it).
 */
#ifndef MPSK_RLM_NAS_TABLE_H
#define MPSK_RLM_NAS_TABLE_H

#include <stddef.h>
#include <stdint.h>

/** One nas row. */
typedef struct mpsk_nas {
	uint32_t		id;
	uint8_t			len;		/* 4 (IPv4) or 16 (IPv6) */
	uint8_t			prefix;
	uint8_t			start[16];	/* first address, network order */
	uint32_t		nnets;		/* 0: serves every network */
	uint32_t		*nets;		/* network ids, ascending */
} mpsk_nas_t;

/** Every nas row, ordered for the lookup: by family, prefix (longest
 *  first), start, id. Built whole, then swapped in; read-only after. */
typedef struct mpsk_nas_table {
	mpsk_nas_t		*rows;
	size_t			n, alloc;
	size_t			hint;		/* where the last network went */
} mpsk_nas_table_t;

/** Adds a row (START/LEN as INET6_ATON gives them). 0, or -1 on a bad
 *  row or no memory. */
int mpsk_nas_add(mpsk_nas_table_t *t, uint32_t id, uint8_t const *start, size_t len,
		 unsigned prefix);

/** Notes that NAS_ID serves NETWORK_ID (rows first, in id order; then the
 *  networks in nas_id order, which makes this O(1) each). 0; -1 for an
 *  unknown NAS (its row was skipped); -2 when out of memory, which must
 *  fail the load: a NAS missing a binding could serve every network. */
int mpsk_nas_add_network(mpsk_nas_table_t *t, uint32_t nas_id, uint32_t network_id);

/** Orders the table for mpsk_nas_find(); call once after the last add. */
void mpsk_nas_done(mpsk_nas_table_t *t);

/** The row ADDR (LEN bytes: 4 or 16, network order) belongs to, or NULL. */
mpsk_nas_t const *mpsk_nas_find(mpsk_nas_table_t const *t, uint8_t const *addr, size_t len);

/** 1 when NAS may be used for NETWORK_ID (it serves it, or it is bound to
 *  no network at all). */
int mpsk_nas_serves(mpsk_nas_t const *nas, uint32_t network_id);

/** Frees the rows (the struct itself is the caller's). */
void mpsk_nas_free(mpsk_nas_table_t *t);

#endif
