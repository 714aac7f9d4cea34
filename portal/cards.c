// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cards.c - PDF cards of keys. See cards.h.
 */
#include "portal/cards.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/accounts.h"
#include "core/audit.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/pdf_cards.h"
#include "core/xalloc.h"
#include "portal/page.h"

#define CARDS_COLUMNS 8

/* A copy of one row: the statement's buffers change with the next row. */
struct cards_row {
	char *col[CARDS_COLUMNS];
	size_t ssid_len;
};

static char *cards_copy(struct db_stmt *st, unsigned i, size_t *len)
{
	size_t n = 0;
	const char *s = db_col(st, i, &n);
	if (!s)
		return NULL;
	char *c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	if (len)
		*len = n;
	return c;
}

static void cards_free(struct cards_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < CARDS_COLUMNS; c++) {
			if (rows[i].col[c])
				sodium_memzero(rows[i].col[c], strlen(rows[i].col[c]));
			free(rows[i].col[c]);
		}
	free(rows);
}

/* The note of a welcome card: how to sign in the first time. */
static char *cards_note(const struct config *cfg, int what, const char *code,
			const char *until)
{
	struct buf note;
	buf_init(&note, 1024);
	if (what == ACCOUNTS_WELCOME_ISSUED)
		buf_printf(&note, "First sign-in: %s/portal/activate with the code %s "
			   "(valid %d days).", cfg->portal_url, code, cfg->activation_days);
	else
		buf_printf(&note, "First sign-in: %s/portal/activate with the activation "
			   "code you were given earlier (valid until %s). Lost it? Ask us "
			   "for a new one.", cfg->portal_url, until);
	return buf_steal(&note);
}

/*
 * Welcome cards tell a tenant who has never signed in how to: each row
 * whose last column names a customer gets a note (accounts_welcome_code()
 * decides: a new code, or the one given earlier; one per customer, shared
 * by its cards, rows come ordered by customer). The note replaces that
 * column. 0 or -1.
 */
static int cards_activation_notes(struct request *rq, struct cards_row *rows,
				  struct card *cards, size_t n, int renew)
{
	char actor[160], code[CODE_TEXT_LEN] = "", until[20] = "", last[24] = "";
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	int what = ACCOUNTS_WELCOME_SIGNED_IN;
	for (size_t i = 0; i < n; i++) {
		char *cid = rows[i].col[CARDS_COLUMNS - 1];
		if (!cid)
			continue;
		struct fault f = { 0 };
		if (strcmp(cid, last) != 0) {
			sodium_memzero(code, sizeof code);
			what = accounts_welcome_code(rq->db, &who, strtoll(cid, NULL, 10), renew,
						     rq->cfg->activation_days, code, until, &f);
			if (what < 0)
				return -1;
		}
		snprintf(last, sizeof last, "%s", cid);
		free(cid);
		rows[i].col[CARDS_COLUMNS - 1] = what == ACCOUNTS_WELCOME_SIGNED_IN ? NULL
			: cards_note(rq->cfg, what, code, until);
		cards[i].note = rows[i].col[CARDS_COLUMNS - 1];
	}
	sodium_memzero(code, sizeof code);
	return 0;
}

/* Read up to cards_max rows of st (one more: *too_many). -1 on a
 * database failure (rows freed). */
static long cards_read(struct request *rq, struct db_stmt *st, struct cards_row **out,
		       int *too_many)
{
	struct cards_row *rows = NULL;
	size_t n = 0, cap = 0, max = (size_t)rq->cfg->cards_max;
	int rc;
	while ((rc = db_next(st)) == 1 && n < max) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		for (unsigned c = 0; c < CARDS_COLUMNS; c++)
			rows[n].col[c] = cards_copy(st, c, c == 0 ? &rows[n].ssid_len : NULL);
		n++;
	}
	if (rc < 0) {
		cards_free(rows, n);
		return -1;
	}
	*too_many = rc == 1;
	*out = rows;
	return (long)n;
}

enum cards_result cards_render(struct request *rq, struct response *rs,
			       struct db_stmt *st, int renew_codes, size_t *count)
{
	struct cards_row *rows = NULL;
	int too_many = 0;
	long got = cards_read(rq, st, &rows, &too_many);
	if (got < 0) {
		page_fault(rq, rs, NULL);
		return CARDS_FAILED;
	}
	size_t n = (size_t)got;
	if (too_many || n == 0) {
		cards_free(rows, n);
		return too_many ? CARDS_TOO_MANY : CARDS_NONE;
	}
	struct card *cards = xcalloc(n, sizeof *cards);
	for (size_t i = 0; i < n; i++) {
		char **c = rows[i].col;
		cards[i] = (struct card){
			.ssid = (const unsigned char *)c[0], .ssid_len = rows[i].ssid_len,
			.passphrase = c[1], .tenant_name = c[2], .label = c[3],
			.valid_from = c[4], .valid_until = c[5],
			.guest = c[6] && strcmp(c[6], "guest") == 0,
		};
	}
	if (cards_activation_notes(rq, rows, cards, n, renew_codes) < 0) {
		free(cards);
		cards_free(rows, n);
		page_fault(rq, rs, NULL);
		return CARDS_FAILED;
	}
	const struct config *cfg = rq->cfg;
	struct card_style style = {
		.isp_name = cfg->isp_name, .support_text = cfg->support_text,
		.logo_png = *cfg->card_logo ? cfg->card_logo : NULL,
		.paper = strcmp(cfg->card_paper, "letter") == 0 ? CARD_PAPER_LETTER
							       : CARD_PAPER_A4,
	};
	/* A form may ask for the other paper than the configured one. */
	const char *paper = page_field(rq, "paper");
	if (strcmp(paper, "letter") == 0)
		style.paper = CARD_PAPER_LETTER;
	else if (strcmp(paper, "a4") == 0)
		style.paper = CARD_PAPER_A4;
	buf_reset(&rs->body);
	int rc = pdf_cards_render(cards, n, &style, &rs->body);
	free(cards);
	cards_free(rows, n);
	if (rc < 0) {
		page_error(rq, rs, 500, "The PDF could not be made.");
		return CARDS_FAILED;
	}
	*count = n;
	return CARDS_MADE;
}

void cards_answer_key(struct request *rq, struct response *rs, long long id)
{
	struct db_stmt *st = db_run(rq->db,
		"SELECT n.ssid, k.passphrase, c.name, k.label,"
		" DATE_FORMAT(k.valid_from, '%Y-%m-%d %H:%i UTC'),"
		" DATE_FORMAT(k.valid_until, '%Y-%m-%d %H:%i UTC'), k.kind, NULL"
		" FROM wifi_keys k JOIN networks n ON n.id = k.network_id"
		" JOIN customers c ON c.id = k.customer_id WHERE k.id = ?", "i", id);
	if (!st) {
		page_fault(rq, rs, NULL);
		return;
	}
	char name[48];
	snprintf(name, sizeof name, "wifi-key-%lld.pdf", id);
	size_t n;
	switch (cards_render(rq, rs, st, 0, &n)) {
	case CARDS_MADE:
		page_attachment(rs, "application/pdf", name);
		break;
	case CARDS_NONE:
	case CARDS_TOO_MANY: /* one key by id: cannot be */
		page_error(rq, rs, 404, "There is no such key.");
		break;
	case CARDS_FAILED:
		break;
	}
}
