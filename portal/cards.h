/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cards.h - PDF cards of keys, for the tenant's own download and the
 * staff's bulk welcome cards, with the card style from the configuration.
 */
#ifndef MPSK_PORTAL_CARDS_H
#define MPSK_PORTAL_CARDS_H

#include "server/http.h"

struct db_stmt;

/* What cards_render() did. */
enum cards_result {
	CARDS_MADE,      /* the PDF is in rs->body: the caller audits if it
			    must, then page_attachment() */
	CARDS_FAILED,    /* an error page has been answered */
	CARDS_NONE,      /* no rows: nothing answered */
	CARDS_TOO_MANY,  /* more than cards_max rows: nothing answered */
};

/*
 * cards_render - render one card per row of st into rs->body.
 * @st: rows of (ssid, passphrase, tenant name, label, valid_from,
 *      valid_until, kind, customer id or NULL), times as display text.
 *      A customer id makes the card a welcome card for a tenant who has
 *      never signed in, with a note on how to (accounts_welcome_code()):
 *      a new activation code when none is outstanding or renew_codes,
 *      else a pointer to the code given earlier (codes are stored hashed:
 *      an outstanding one cannot be printed again, and a new one would
 *      break the card already mailed). Rows of one customer come together.
 *      The statement should be bounded (LIMIT cards_max + 1): at most
 *      cards_max rows are read, and one more is CARDS_TOO_MANY.
 * @count: set to the number of cards on CARDS_MADE.
 *
 * The passphrases and codes are wiped from memory once the PDF is made.
 */
enum cards_result cards_render(struct request *rq, struct response *rs,
			       struct db_stmt *st, int renew_codes, size_t *count);

/* The card of one key (the caller has checked who may see it). */
void cards_answer_key(struct request *rq, struct response *rs, long long id);

#endif
