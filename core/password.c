// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * password.c - argon2id password hashes. See password.h.
 */
#include "core/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "core/utf8.h"

/* libsodium's "interactive" cost: 64 MiB and two passes, about a tenth of
 * a second here; sign-in is rare enough for that. */
#define PASSWORD_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PASSWORD_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX,
	       "PASSWORD_HASH_MAX too small for libsodium's hash strings");

const char *password_check_policy(const char *pw, const char *username)
{
	size_t len = strlen(pw);
	if (len > PASSWORD_MAX_BYTES)
		return "The password is too long (at most 128 bytes).";
	if (!utf8_valid((const unsigned char *)pw, len))
		return "The password is not valid text.";
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)pw[i] & 0xC0) != 0x80;
	if (chars < PASSWORD_MIN_CHARS)
		return "The password is too short: use at least 10 characters.";
	if (username && strcmp(pw, username) == 0)
		return "The password must not be your username.";
	return NULL;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), PASSWORD_OPS,
				     PASSWORD_MEM, crypto_pwhash_ALG_ARGON2ID13);
}

int password_verify(const char *hash, const char *pw)
{
	if (!hash || strncmp(hash, "$argon2id$", 10) != 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char password_nobody_hash[PASSWORD_HASH_MAX];
static pthread_once_t password_nobody_once = PTHREAD_ONCE_INIT;

static void password_make_nobody(void)
{
	unsigned char random[16];
	char text[33];
	randombytes_buf(random, sizeof random);
	sodium_bin2hex(text, sizeof text, random, sizeof random);
	if (password_hash(text, password_nobody_hash) != 0)
		password_nobody_hash[0] = '\0';
}

void password_verify_nobody(const char *pw)
{
	pthread_once(&password_nobody_once, password_make_nobody);
	(void)password_verify(password_nobody_hash, pw);
}

int password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, PASSWORD_OPS, PASSWORD_MEM) != 0;
}

/* A counter under a mutex rather than a sem_t: the limit is read at each
 * entry, so it can be set after threads started, and there is no waiting
 * to implement. */
static pthread_mutex_t password_gate_lock = PTHREAD_MUTEX_INITIALIZER;
static int password_gate_max;
static int password_gate_busy;

void password_gate_limit(int n)
{
	pthread_mutex_lock(&password_gate_lock);
	password_gate_max = n > 0 ? n : 0;
	pthread_mutex_unlock(&password_gate_lock);
}

int password_gate_enter(void)
{
	pthread_mutex_lock(&password_gate_lock);
	int ok = password_gate_max == 0 || password_gate_busy < password_gate_max;
	if (ok)
		password_gate_busy++;
	pthread_mutex_unlock(&password_gate_lock);
	return ok;
}

void password_gate_leave(void)
{
	pthread_mutex_lock(&password_gate_lock);
	if (password_gate_busy > 0)
		password_gate_busy--;
	pthread_mutex_unlock(&password_gate_lock);
}
