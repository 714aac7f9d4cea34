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
/* A bulk PDF is for one building or one plan at a time; past this many
 * cards it is refused rather than left to time out. */
#define CARDS_MAX 5000

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

/*
 * Welcome cards tell a tenant who has never signed in how to: each row
 * whose last column names a customer gets that customer's new activation
 * code in its note (one code per customer, shared by its cards; rows come
 * ordered by customer). The note text replaces that column. 0 or -1.
 */
static int cards_activation_notes(struct request *rq, struct cards_row *rows,
				  struct card *cards, size_t n)
{
	char actor[160], code[CODE_TEXT_LEN] = "", last[24] = "";
	struct actor who = { page_actor(rq, actor, sizeof actor), rq->remote_addr };
	for (size_t i = 0; i < n; i++) {
		char *cid = rows[i].col[CARDS_COLUMNS - 1];
		if (!cid)
			continue;
		struct fault f = { 0 };
		if (strcmp(cid, last) != 0 &&
		    accounts_issue_activation(rq->db, &who, strtoll(cid, NULL, 10), 0,
					      rq->cfg->activation_days, code, &f) < 0)
			return -1;
		snprintf(last, sizeof last, "%s", cid);
		struct buf note;
		buf_init(&note, 1024);
		buf_printf(&note, "First sign-in: %s/portal/activate with the code %s "
			   "(valid %d days).", rq->cfg->portal_url, code,
			   rq->cfg->activation_days);
		free(cid);
		rows[i].col[CARDS_COLUMNS - 1] = buf_steal(&note);
		cards[i].note = rows[i].col[CARDS_COLUMNS - 1];
	}
	sodium_memzero(code, sizeof code);
	return 0;
}

void cards_answer(struct request *rq, struct response *rs, struct db_stmt *st,
		  const char *filename)
{
	struct cards_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_next(st)) == 1 && n < CARDS_MAX) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		for (unsigned c = 0; c < CARDS_COLUMNS; c++)
			rows[n].col[c] = cards_copy(st, c, c == 0 ? &rows[n].ssid_len : NULL);
		n++;
	}
	if (rc < 0 || n == 0 || rc == 1) {
		cards_free(rows, n);
		if (rc == 1)
			page_error(rq, rs, 413, "That is too many cards for one PDF; choose fewer.");
		else if (rc < 0)
			page_fault(rq, rs, NULL);
		else
			page_error(rq, rs, 404, "There are no keys to print.");
		return;
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
	if (cards_activation_notes(rq, rows, cards, n) < 0) {
		free(cards);
		cards_free(rows, n);
		page_fault(rq, rs, NULL);
		return;
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
	rc = pdf_cards_render(cards, n, &style, &rs->body);
	free(cards);
	cards_free(rows, n);
	if (rc < 0) {
		page_error(rq, rs, 500, "The PDF could not be made.");
		return;
	}
	page_attachment(rs, "application/pdf", filename);
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
	cards_answer(rq, rs, st, name);
}
