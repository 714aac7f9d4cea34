/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * problem.h - RFC 9457 problem details (application/problem+json).
 *
 * Every API error carries a stable machine code ("invalid_mac") that
 * billing integrations can switch on, the HTTP status, a sentence for
 * people, and the offending field when there is one.
 */
#ifndef MPSK_API_PROBLEM_H
#define MPSK_API_PROBLEM_H

#include "server/http.h"

/* Replace rs with a problem. field may be NULL. */
void problem(struct response *rs, int status, const char *code,
	     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A 500 for a database failure: logs the cause (never request data) and
 * tells the caller only that it failed. */
void problem_db(struct response *rs, struct db *db);

/* Replace rs with the problem a domain operation reported. */
struct fault;
void problem_fault(struct response *rs, const struct fault *f);

#endif
