/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * password.h - people's passwords for the portal and the dashboard.
 *
 * Stored as argon2id strings (libsodium's crypto_pwhash_str, which carries
 * its own salt and cost parameters), so the cost can be raised later and
 * old hashes still verify; password_needs_rehash() says when to upgrade.
 */
#ifndef MPSK_CORE_PASSWORD_H
#define MPSK_CORE_PASSWORD_H

#include <stddef.h>

/* Room for a hash string, NUL included (crypto_pwhash_STRBYTES). */
#define PASSWORD_HASH_MAX 128
#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 128

/*
 * password_check_policy - whether pw may be chosen as a password.
 * @pw:       NUL-terminated.
 * @username: the account's name; a password equal to it is refused.
 *
 * Return: NULL when acceptable, or a sentence saying what is wrong, for
 * the form (static string).
 */
const char *password_check_policy(const char *pw, const char *username);

/* Hash pw with argon2id into out. 0, or -1 (out of memory). */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* 1 when pw matches hash, 0 when not (or the hash is malformed). */
int password_verify(const char *hash, const char *pw);

/* Spend the time a verification costs, for an account that does not
 * exist, so the answer's timing does not tell which usernames do. */
void password_verify_nobody(const char *pw);

/* 1 when hash was made with weaker parameters than today's. */
int password_needs_rehash(const char *hash);

/*
 * The hashing gate: at most a few argon2id computations (64 MiB and a
 * tenth of a second of a core each) run at once, so a flood of sign-ins
 * takes that many worker threads at most and the others keep answering the
 * API. Whoever finds the gate full is answered "busy" at once instead of
 * waiting, because a waiting request holds its worker thread too.
 *
 * password_gate_limit - allow n at once (the server sets it at start-up
 * from signin_hash_concurrency); 0, the default, means no limit (the
 * command line).
 */
void password_gate_limit(int n);

/* Take a place: 1 when taken (pair it with password_gate_leave()), 0 when
 * the gate is full. */
int password_gate_enter(void);

void password_gate_leave(void);

#endif
