/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check.h - the unit tests' tiny harness.
 *
 * Each tests/unit/test_*.c is one program: it runs its CHECKs, prints every
 * failure with file:line, and ends with the line "N passed, N failed" that
 * scripts/test.sh adds up. Exit status is non-zero when anything failed.
 */
#ifndef MPSK_TESTS_CHECK_H
#define MPSK_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed;
static int check_failed;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond) {                                                \
			check_passed++;                                    \
		} else {                                                   \
			check_failed++;                                    \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n",       \
				__FILE__, __LINE__, #cond);                \
		}                                                          \
	} while (0)

#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *check_g_ = (got), *check_w_ = (want);          \
		if (check_g_ && strcmp(check_g_, check_w_) == 0) {         \
			check_passed++;                                    \
		} else {                                                   \
			check_failed++;                                    \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",\
				__FILE__, __LINE__,                        \
				check_g_ ? check_g_ : "(null)", check_w_); \
		}                                                          \
	} while (0)

/* Print the closing line and turn the counts into an exit status. */
static inline int check_report(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
