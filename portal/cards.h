/*
 * cards.h - PDF cards of keys, for the tenant's own download and the
 * staff's bulk welcome cards, with the card style from the configuration.
 */
#ifndef MPSK_PORTAL_CARDS_H
#define MPSK_PORTAL_CARDS_H

#include "server/http.h"

struct db_stmt;

/*
 * cards_answer - render one card per row of st and answer with the PDF.
 * @st: rows of (ssid, passphrase, tenant name, label, valid_from,
 *      valid_until, kind, customer id or NULL), times as display text.
 *      A customer id asks for a new activation code of that customer,
 *      printed on its cards (welcome cards for tenants who have never
 *      signed in); rows of one customer must come together.
 * @filename: for Content-Disposition.
 *
 * A statement without rows is a 404 page. The passphrases are wiped from
 * memory once the PDF is made.
 */
void cards_answer(struct request *rq, struct response *rs, struct db_stmt *st,
		  const char *filename);

/* The card of one key (the caller has checked who may see it). */
void cards_answer_key(struct request *rq, struct response *rs, long long id);

#endif
