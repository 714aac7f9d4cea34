// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_password.c - password hashes and the hashing gate that caps how many
 * argon2id computations run at once.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/password.h"
#include "tests/unit/check.h"

#define THREADS 8

static pthread_barrier_t tried;
static int entered[THREADS];

/* Every thread tries to enter while nobody leaves, as a flood of sign-ins
 * would; only then do those inside leave. */
static void *flood_one(void *arg)
{
	int *me = arg;
	*me = password_gate_enter();
	pthread_barrier_wait(&tried);
	if (*me)
		password_gate_leave();
	return NULL;
}

static void test_gate_under_a_flood(void)
{
	pthread_t t[THREADS];
	password_gate_limit(2);
	pthread_barrier_init(&tried, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, flood_one, &entered[i]);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&tried);
	int in = 0;
	for (int i = 0; i < THREADS; i++)
		in += entered[i];
	CHECK(in == 2);
	/* Everyone left: the places are free again. */
	CHECK(password_gate_enter() == 1);
	CHECK(password_gate_enter() == 1);
	CHECK(password_gate_enter() == 0);
	password_gate_leave();
	CHECK(password_gate_enter() == 1);
	password_gate_leave();
	password_gate_leave();
}

static void test_gate_limits(void)
{
	/* No limit (the command line): always in. */
	password_gate_limit(0);
	for (int i = 0; i < 100; i++)
		CHECK(password_gate_enter() == 1);
	for (int i = 0; i < 100; i++)
		password_gate_leave();
	password_gate_limit(1);
	CHECK(password_gate_enter() == 1);
	CHECK(password_gate_enter() == 0);
	password_gate_leave();
	/* A leave too many does not open an extra place. */
	password_gate_leave();
	CHECK(password_gate_enter() == 1);
	CHECK(password_gate_enter() == 0);
	password_gate_leave();
	password_gate_limit(0);
}

static void test_hash_and_verify(void)
{
	char h[PASSWORD_HASH_MAX];
	CHECK(password_hash("a good password", h) == 0);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK(password_verify(h, "a good password") == 1);
	CHECK(password_verify(h, "a good passwore") == 0);
	CHECK(password_verify("", "a good password") == 0);
	CHECK(password_needs_rehash(h) == 0);
	password_verify_nobody("anything"); /* returns, whatever the input */
	CHECK(password_check_policy("short", NULL) != NULL);
	CHECK(password_check_policy("long enough pw", NULL) == NULL);
	CHECK(password_check_policy("samesamesame", "samesamesame") != NULL);
}

int main(void)
{
	test_gate_limits();
	test_gate_under_a_flood();
	test_hash_and_verify();
	return check_report();
}
