// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pdf_cards.c - how long printable Wi-Fi cards take (core/pdf_cards.h).
 *
 *   build/bench/pdf_cards [runs] [cards]      (defaults: 3 runs, 1000 cards)
 *
 * Renders one A4 PDF of `cards` distinct cards (realistic SSIDs, random
 * 12..20-character passphrases, tenant names in Latin with accents,
 * Cyrillic, Chinese and the odd emoji, labels and validity) `runs` times
 * and reports the median time, the size and pages per second. The
 * baseline is the same cards as `cards` separate one-card PDFs, the way a
 * portal hands out one card per request: it pays the per-document costs
 * (font map, font subsetting and embedding, PDF structure) every time.
 * Prints a markdown table; exit status 1 when a render fails.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/passphrase.h"
#include "core/pdf_cards.h"

#define BENCH_RUNS_MAX 100
#define BENCH_CARDS_MAX 100000
#define BENCH_OUT_MAX ((size_t)1 << 30)

static const char *const bench_first[] = {
    "Anna",   "José",	    "Zoë",   "Иван",   "Ольга",	 "王",
    "李",     "Søren",	    "Ngọc",  "Fatima", "Mehmet", "Chloé",
    "Łukasz", "Αλέξανδρος", "Priya", "Kenji",
};
static const char *const bench_last[] = {
    "García", "Müller",	  "Петров",  "芳",	"伟",	      "Ødegaard",
    "Trần",   "Al-Sayed", "Yılmaz",  "Dubois",	"Wiśniewski", "Παπαδόπουλος",
    "Sharma", "Tanaka",	  "Smith 🏠", "O'Brien",
};
/* SSIDs: text before and after a flat number. */
static const char *const bench_ssid[][2] = {
    {"Flat ", ""}, {"Wohnung ", ""},   {"Квартира ", ""}, {"公寓", ""},
    {"Café ", ""}, {"Résidence-", ""}, {"Unit ", " 📶"},	  {"Apt ", "; 5G"},
};
static const char *const bench_label[] = {
    "Phone", "Laptop", "TV", "Guest", "Work laptop", "Smart speaker",
};

struct bench_set {
	struct card *cards;
	char (*ssid)[40];
	char (*name)[96];
	char (*pass)[24];
	size_t n;
};

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Make n distinct cards. Returns 0, or -1 when a passphrase cannot be
 * generated. */
static int bench_make(struct bench_set *s, size_t n)
{
	s->n = n;
	s->cards = calloc(n, sizeof(*s->cards));
	s->ssid = calloc(n, sizeof(*s->ssid));
	s->name = calloc(n, sizeof(*s->name));
	s->pass = calloc(n, sizeof(*s->pass));
	if (!s->cards || !s->ssid || !s->name || !s->pass)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct card *c = &s->cards[i];
		snprintf(s->ssid[i], sizeof(s->ssid[i]), "%s%u%s",
			 bench_ssid[i % 8][0], (unsigned)(i + 1),
			 bench_ssid[i % 8][1]);
		snprintf(s->name[i], sizeof(s->name[i]), "%s %s",
			 bench_first[i % 16], bench_last[(i / 16 + i) % 16]);
		if (passphrase_generate(s->pass[i], 12 + i % 9,
					PASSPHRASE_DEFAULT_ALPHABET) < 0)
			return -1;
		c->ssid = (const unsigned char *)s->ssid[i];
		c->ssid_len = strlen(s->ssid[i]);
		c->passphrase = s->pass[i];
		c->tenant_name = s->name[i];
		c->label = bench_label[i % 6];
		c->valid_from = i % 3 ? "2025-01-01" : NULL;
		c->valid_until = i % 4 ? NULL : "2025-12-31 23:59";
		c->guest = i % 10 == 0;
	}
	return 0;
}

static void bench_free(struct bench_set *s)
{
	if (s->pass)
		sodium_memzero(s->pass, s->n * sizeof(*s->pass));
	free(s->cards);
	free(s->ssid);
	free(s->name);
	free(s->pass);
}

/* One document of all the cards; seconds, or -1 on failure. */
static double bench_batch(const struct bench_set *s,
			  const struct card_style *st, size_t *size)
{
	struct buf out;

	buf_init(&out, BENCH_OUT_MAX);
	double t0 = bench_now();
	int rc = pdf_cards_render(s->cards, s->n, st, &out);
	double t = bench_now() - t0;
	*size = out.len;
	buf_free_secret(&out);
	return rc == 0 ? t : -1;
}

/* One document per card; seconds for all, or -1 on failure. */
static double bench_single(const struct bench_set *s,
			   const struct card_style *st, size_t *size)
{
	struct buf out;
	int rc = 0;

	buf_init(&out, BENCH_OUT_MAX);
	*size = 0;
	double t0 = bench_now();
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		buf_reset(&out);
		rc = pdf_cards_render(&s->cards[i], 1, st, &out);
		*size += out.len;
	}
	double t = bench_now() - t0;
	buf_free_secret(&out);
	return rc == 0 ? t : -1;
}

/* A count argument in 1..max, or 0 when it is not one. */
static unsigned long bench_arg(const char *s, unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || *end || v < 1 || v > max)
		return 0;
	return v;
}

int main(int argc, char **argv)
{
	unsigned long runs = argc > 1 ? bench_arg(argv[1], BENCH_RUNS_MAX) : 3;
	unsigned long ncards =
	    argc > 2 ? bench_arg(argv[2], BENCH_CARDS_MAX) : 1000;
	struct card_style st = {
	    .isp_name = "Example Fibre",
	    .support_text = "Help: +1 555 0100, help@example.net\n"
			    "Mon-Sat 8:00-20:00",
	    .logo_png = NULL,
	    .paper = CARD_PAPER_A4,
	};
	struct bench_set set = {0};
	double tb[BENCH_RUNS_MAX], ts[BENCH_RUNS_MAX];
	size_t size_b = 0, size_s = 0;
	int rc = 1;

	if (!runs || !ncards || argc > 3) {
		fprintf(stderr, "usage: %s [runs 1..%d] [cards 1..%d]\n",
			argv[0], BENCH_RUNS_MAX, BENCH_CARDS_MAX);
		return 2;
	}
	if (sodium_init() < 0 || bench_make(&set, ncards) < 0)
		goto done;
	for (unsigned long r = 0; r < runs; r++) {
		tb[r] = bench_batch(&set, &st, &size_b);
		ts[r] = bench_single(&set, &st, &size_s);
		if (tb[r] < 0 || ts[r] < 0)
			goto done;
	}
	double mb = bench_median(tb, (int)runs),
	       ms = bench_median(ts, (int)runs);
	printf("pdf_cards: %lu cards, A4, median of %lu runs\n\n", ncards,
	       runs);
	printf("| what | time (s) | size (bytes) | pages/s |\n");
	printf("|---|---:|---:|---:|\n");
	printf("| one %lu-card PDF | %.3f | %zu | %.0f |\n", ncards, mb, size_b,
	       (double)ncards / mb);
	printf("| %lu one-card PDFs | %.3f | %zu | %.0f |\n", ncards, ms,
	       size_s, (double)ncards / ms);
	printf("\nbatch is %.2fx faster than one card per PDF; "
	       "%.1f KiB per page in the batch, %.1f KiB per one-card PDF\n",
	       ms / mb, (double)size_b / ncards / 1024,
	       (double)size_s / ncards / 1024);
	rc = 0;
done:
	if (rc)
		fprintf(stderr, "pdf_cards: render failed\n");
	bench_free(&set);
	return rc;
}
