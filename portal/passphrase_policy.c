// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passphrase_policy.c - who may take passphrases, in which form. See
 * passphrase_policy.h.
 */
#include "portal/passphrase_policy.h"

#include <string.h>

int passphrase_policy_allows(const char *role, enum passphrase_form form)
{
	int admin = role && strcmp(role, "admin") == 0;
	int operator = role && strcmp(role, "operator") == 0;
	switch (form) {
	case PASSPHRASE_KEY_CARD:
	case PASSPHRASE_CARDS:
		return admin || operator;
	case PASSPHRASE_CSV:
		return admin;
	}
	return 0;
}
