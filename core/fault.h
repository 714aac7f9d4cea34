/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fault.h - why a domain operation refused, in terms any front end can show.
 *
 * The domain code (customers, keys, devices, ...) says what went wrong with
 * an HTTP-style status, a stable machine code and the offending field; the
 * API turns that into problem+json, the portal into a form message.
 */
#ifndef MPSK_CORE_FAULT_H
#define MPSK_CORE_FAULT_H

struct db;

struct fault {
	int status;          /* 400, 404, 409, 422, 500 ... */
	const char *code;    /* static: "duplicate_passphrase" */
	const char *field;   /* static or NULL */
	char detail[256];
};

/* Fill f and return -1, so callers can `return fault_set(...)`. */
int fault_set(struct fault *f, int status, const char *code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A database failure: logs its number (never values) and fills f with a
 * 500 that reveals nothing. Returns -1. */
int fault_db(struct fault *f, struct db *db);

#endif
