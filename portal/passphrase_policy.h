/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * passphrase_policy.h - who among the staff may take passphrases out of
 * the dashboard, and in which form. The one place that decides it: the
 * page table names these forms as access levels (portal.h), so the
 * dispatcher refuses before any handler runs, and the pages show only the
 * buttons the same function allows.
 *
 * The policy (docs/DESIGN.md, "Who takes passphrases out"):
 *   one key's card            operator, admin
 *   welcome cards in bulk     operator, admin (a building, a plan, a selection)
 *   keys CSV with passphrases admin only
 *   read-only staff           none of them
 * Cards are what operators hand or mail to tenants: one PDF page per key,
 * at most cards_max of them, audited. A CSV is every passphrase in a form
 * made for copying elsewhere, so only admins get it, and only by an
 * explicit (POST, audited) request.
 */
#ifndef MPSK_PORTAL_PASSPHRASE_POLICY_H
#define MPSK_PORTAL_PASSPHRASE_POLICY_H

enum passphrase_form {
	PASSPHRASE_KEY_CARD,   /* GET /staff/keys/{id}/card.pdf */
	PASSPHRASE_CARDS,      /* POST /staff/cards/pdf */
	PASSPHRASE_CSV,        /* POST /staff/export/keys.csv */
};

/* 1 when a staff member of role ("admin", "operator", "readonly") may
 * take passphrases in this form; 0 otherwise (unknown roles included). */
int passphrase_policy_allows(const char *role, enum passphrase_form form);

#endif
