// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_pdf_cards.c - printable Wi-Fi cards (core/pdf_cards.h), checked
 * the way a printer and a phone would see them.
 *
 * Every PDF is written to a mkdtemp() directory and read back with the
 * poppler tools: pdfinfo (page count, each page's paper size), pdftotext
 * (the SSID, tenant and passphrase are there as text, in Latin with
 * accents, Cyrillic and Chinese; with -bbox, for the longest of every
 * field: no word leaves the margins or lies on another), and pdftoppm
 * -r 150, whose PNG of each page zbarimg must decode to exactly the
 * card's WIFI: payload, and which must hold colour exactly when the card
 * has emoji (cairo 1.16 paints colour emoji as images, so pdftotext does
 * not see them; everything else we draw is black, white or grey).
 *
 * zbarimg runs with -Sbinary: without it zbar guesses a character set for
 * 8-bit data and re-encodes (UTF-8 "Café" comes back as Shift-JIS
 * mojibake), so only -Sbinary compares the bytes in the symbol; it then
 * prints them without a newline. The tools come with scripts/deps.sh
 * (poppler-utils, zbar-tools); when one is missing that is a failure, not
 * a skip.
 *
 * Also: bad arguments fail and leave the output as it was, and four
 * threads render at once.
 */
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/pdf_cards.h"
#include "core/wifi_qr.h"
#include "tests/unit/check.h"

#define PDFINFO "/usr/bin/pdfinfo"
#define PDFTOTEXT "/usr/bin/pdftotext"
#define PDFTOPPM "/usr/bin/pdftoppm"
#define ZBARIMG "/usr/bin/zbarimg"
#define OUT_MAX ((size_t)64 << 20)
#define MARGIN 42.0 /* pdf_cards.c's PC_MARGIN */

static char dir[] = "/tmp/mpsk-test-pdf-XXXXXX";
static char pdf_path[64], png_path[64], logo_path[64], junk_path[64];

/* An SSID literal and its length. */
#define SSID(s) (const unsigned char *)(s), sizeof(s) - 1

/* One card and what its page must show as text. */
struct tcard {
	struct card card;
	const char *text[5]; /* NULL-terminated */
	int colour;	     /* 1: colour emoji on the page */
};

/* Run cmd and collect its stdout in out. Return its exit status, or -1
 * when it could not be run or said more than out can hold. */
static int run(const char *cmd, struct buf *out)
{
	char chunk[4096];
	size_t n;
	int rc = 0;

	buf_reset(out);
	FILE *f = popen(cmd, "r");
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(out, chunk, n) < 0)
			rc = -1;
	int st = pclose(f);
	if (rc < 0 || st < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Run a command made from fmt; its output goes to out. */
__attribute__((format(printf, 2, 3))) static int runf(struct buf *out,
						      const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	CHECK(n > 0 && n < (int)sizeof(cmd));
	if (n <= 0 || n >= (int)sizeof(cmd))
		return -1;
	return run(cmd, out);
}

static int write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, n, f);
	return fclose(f) == 0 && w == n ? 0 : -1;
}

/* Render cards with style into pdf_path. Returns 0 or -1. */
static int render(const struct tcard *tc, size_t n,
		  const struct card_style *style)
{
	struct card cards[16];
	struct buf out;

	if (n > 16)
		return -1;
	for (size_t i = 0; i < n; i++)
		cards[i] = tc[i].card;
	buf_init(&out, OUT_MAX);
	int rc = pdf_cards_render(cards, n, style, &out);
	CHECK(rc == 0);
	if (rc == 0) {
		CHECK(out.len > 5 && memcmp(out.data, "%PDF-", 5) == 0);
		rc = write_file(pdf_path, out.data, out.len);
		CHECK(rc == 0);
	}
	buf_free(&out);
	return rc;
}

/* The value pdfinfo gives after key ("Pages:", "Page    1 size:"), or
 * "" when it has no such line. */
static const char *info_value(const char *info, const char *key)
{
	const char *s = strstr(info, key);

	if (!s)
		return "";
	s += strlen(key);
	while (*s == ' ')
		s++;
	return s;
}

/* pdfinfo: n pages, each of the paper's size. */
static void check_pages(size_t n, enum card_paper paper)
{
	struct buf out;
	char key[32], want[64];
	const char *size = paper == CARD_PAPER_A4 ? "595.28 x 841.89 pts (A4)\n"
						  : "612 x 792 pts (letter)\n";

	buf_init(&out, 1 << 20);
	CHECK(runf(&out, PDFINFO " -f 1 -l %zu %s", n + 1, pdf_path) == 0);
	snprintf(want, sizeof(want), "%zu\n", n);
	CHECK(strncmp(info_value(buf_str(&out), "\nPages:"), want,
		      strlen(want)) == 0);
	for (size_t p = 1; p <= n; p++) {
		snprintf(key, sizeof(key), "Page %4zu size:", p);
		CHECK(strncmp(info_value(buf_str(&out), key), size,
			      strlen(size)) == 0);
	}
	/* -l past the end: no page n + 1. */
	snprintf(key, sizeof(key), "Page %4zu size:", n + 1);
	CHECK(strstr(buf_str(&out), key) == NULL);
	buf_free(&out);
}

/* Read png_path as RGB; count the pixels that are clearly coloured (all
 * we draw ourselves is black, white and grey). -1 when unreadable. */
static long colour_pixels(void)
{
	png_image img;
	long n = 0;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, png_path))
		return -1;
	img.format = PNG_FORMAT_RGB;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
		free(px);
		png_image_free(&img);
		return -1;
	}
	for (size_t i = 0; i + 2 < PNG_IMAGE_SIZE(img); i += 3) {
		int hi = px[i] > px[i + 1] ? px[i] : px[i + 1];
		int lo = px[i] < px[i + 1] ? px[i] : px[i + 1];
		hi = px[i + 2] > hi ? px[i + 2] : hi;
		lo = px[i + 2] < lo ? px[i + 2] : lo;
		n += hi - lo > 60;
	}
	free(px);
	return n;
}

/* Page p as printed at 150 dpi: its QR code decodes to the card's exact
 * payload, and it has colour exactly when the card has emoji. */
static void check_qr(const struct tcard *tc, size_t p)
{
	struct buf out;
	const struct card *c = &tc->card;
	char *want = wifi_qr_payload(c->ssid, c->ssid_len, c->passphrase);

	CHECK(want != NULL);
	if (!want)
		return;
	buf_init(&out, 1 << 20);
	/* -singlefile: the PNG is <prefix>.png, not <prefix>-<page>.png. */
	CHECK(runf(&out,
		   PDFTOPPM " -r 150 -png -singlefile -f %zu -l %zu "
			    "%s %s/page",
		   p, p, pdf_path, dir) == 0);
	CHECK(runf(&out, ZBARIMG " --nodbus --raw -q -Sbinary %s", png_path) ==
	      0);
	/* With -Sbinary the bytes come as they are, with no newline. */
	CHECK_STR(buf_str(&out), want);
	long colour = colour_pixels();
	CHECK(tc->colour ? colour > 200 : colour == 0);
	buf_free(&out);
	free(want);
}

/* Page p's text holds every string the card expects. */
static void check_text(const struct tcard *tc, size_t p)
{
	struct buf out;

	buf_init(&out, 1 << 20);
	CHECK(runf(&out, PDFTOTEXT " -enc UTF-8 -f %zu -l %zu %s -", p, p,
		   pdf_path) == 0);
	for (int i = 0; tc->text[i]; i++) {
		if (strstr(buf_str(&out), tc->text[i]))
			continue;
		CHECK(strstr(buf_str(&out), tc->text[i]) != NULL);
		fprintf(stderr, "  page %zu lacks \"%s\" in:\n%s\n", p,
			tc->text[i], buf_str(&out));
	}
	buf_free(&out);
}

/* Render, then check every page. */
static void check_doc(const struct tcard *tc, size_t n,
		      const struct card_style *style)
{
	if (render(tc, n, style) < 0)
		return;
	check_pages(n, style->paper);
	for (size_t p = 1; p <= n; p++) {
		check_qr(&tc[p - 1], p);
		check_text(&tc[p - 1], p);
	}
}

static const struct tcard cards_unicode[] = {
    {{SSID("HomeNet"), "k7mPq2xW9rTz", "Jane Doe", "Living room", NULL, NULL,
      0, "First sign-in: https://wifi.example.net/portal/activate, code "
	 "ABCD-EFGH-JKMN-PQRS"},
     {"HomeNet", "Jane Doe", "k7mPq2xW9rTz", "ABCD-EFGH-JKMN-PQRS"},
     0},
    /* Every character the WIFI: format escapes, in both fields. */
    {{SSID("Caf\xc3\xa9; \"Net\", 5:G\\"), "p;a,s:s\"w\\d!x", "M\xc3\xbcller",
      "TV", "2025-01-01", "2025-12-31", 0, NULL},
     {"Caf\xc3\xa9; \"Net\", 5:G\\", "p;a,s:s\"w\\d!x",
      "Valid from 2025-01-01 until 2025-12-31", NULL},
     0},
    /* Cyrillic; a passphrase with spaces. */
    {{SSID("\xd0\x94\xd0\xbe\xd0\xbc-WiFi"), "two words here",
      "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80"
      "\xd0\xbe\xd0\xb2",
      NULL, NULL, "2026-06-30", 1, NULL},
     {"\xd0\x94\xd0\xbe\xd0\xbc-WiFi",
      "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80"
      "\xd0\xbe\xd0\xb2",
      "two words here", NULL},
     0},
    /* Chinese SSID and tenant (我的网络, 张伟). */
    {{SSID("\xe6\x88\x91\xe7\x9a\x84\xe7\xbd\x91\xe7\xbb\x9c"), "Zx8vRt4mWq2n",
      "\xe5\xbc\xa0\xe4\xbc\x9f", NULL, NULL, NULL, 0, NULL},
     {"\xe6\x88\x91\xe7\x9a\x84\xe7\xbd\x91\xe7\xbb\x9c",
      "\xe5\xbc\xa0\xe4\xbc\x9f", "Zx8vRt4mWq2n", NULL},
     0},
    /* Emoji in the tenant and the SSID (🏠, 🍕): drawn in colour. */
    {{SSID("Guest \xf0\x9f\x8d\x95"), "pizza-party-2025",
      "Ana \xf0\x9f\x8f\xa0", NULL, NULL, NULL, 1, NULL},
     {"Guest ", "Ana", "pizza-party-2025", NULL},
     1},
    /* An SSID that is not UTF-8: shown with U+FFFD, its bytes in the QR
     * code as they are. */
    {{SSID("Bad\xff\xfeNet"), "Mn4Kp7Rs9Tw2", NULL, NULL, NULL, NULL, 0, NULL},
     {"Bad\xef\xbf\xbd\xef\xbf\xbdNet", "Mn4Kp7Rs9Tw2", NULL},
     0},
    /* A raw PMK: 64 hex digits, in two halves. */
    {{SSID("pmk"),
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "<b>not markup</b> & co", NULL, NULL, NULL, 0, NULL},
     {"0123456789abcdef0123456789abcdef", "<b>not markup</b> & co", NULL},
     0},
};

#define NCARDS(a) (sizeof(a) / sizeof((a)[0]))

static void test_unicode(void)
{
	struct card_style a4 = {"Example Fibre",
				"Help: +1 555 0100, help@example.net", NULL,
				CARD_PAPER_A4};
	struct card_style letter = a4;

	check_doc(cards_unicode, NCARDS(cards_unicode), &a4);
	letter.paper = CARD_PAPER_LETTER;
	check_doc(cards_unicode, 2, &letter);
	/* No header, no support text, one card. */
	struct card_style bare = {NULL, NULL, NULL, CARD_PAPER_LETTER};
	check_doc(&cards_unicode[3], 1, &bare);
}

/* The word boxes of pdftotext -bbox for page p, as x0 y0 x1 y1. */
static size_t word_boxes(size_t p, double (*box)[4], size_t max)
{
	struct buf out;
	size_t n = 0;

	buf_init(&out, 4 << 20);
	CHECK(runf(&out, PDFTOTEXT " -bbox -f %zu -l %zu %s -", p, p,
		   pdf_path) == 0);
	for (const char *s = buf_str(&out); (s = strstr(s, "<word ")); s++) {
		if (n == max)
			break;
		double *b = box[n];
		if (sscanf(s,
			   "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
			   "yMax=\"%lf\"",
			   &b[0], &b[1], &b[2], &b[3]) == 4)
			n++;
	}
	buf_free(&out);
	return n;
}

/* No text outside the margins (a little slack for glyphs that reach
 * past their line box), and no two words on top of each other. */
static void check_layout(size_t p, double w, double h)
{
	static double box[2000][4];
	size_t n = word_boxes(p, box, 2000);
	int out = 0, overlap = 0;

	CHECK(n > 10);
	for (size_t i = 0; i < n; i++) {
		double *b = box[i];
		out += b[0] < MARGIN - 1 || b[2] > w - MARGIN + 1 ||
		       b[1] < MARGIN - 6 || b[3] > h - MARGIN + 6;
		for (size_t j = i + 1; j < n; j++) {
			double *c = box[j];
			double dx = (b[2] < c[2] ? b[2] : c[2]) -
				    (b[0] > c[0] ? b[0] : c[0]);
			double dy = (b[3] < c[3] ? b[3] : c[3]) -
				    (b[1] > c[1] ? b[1] : c[1]);
			overlap += dx > 1 && dy > 2;
		}
	}
	CHECK(out == 0);
	CHECK(overlap == 0);
	if (out || overlap)
		fprintf(stderr, "  page %zu: %d words outside, %d overlaps\n",
			p, out, overlap);
}

/* Make a string of n bytes repeating unit. The caller frees it. */
static char *repeat(const char *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		s[i] = unit[i % u];
	s[n] = '\0';
	return s;
}

/* The longest of everything must shrink, wrap or end in an ellipsis,
 * and stay inside its place on the shorter paper too. */
static void test_worst_case(void)
{
	/* A string of whole 3-byte CJK characters and whole words. */
	char *cjk = repeat("\xe9\x95\xbf", PDF_CARDS_TEXT_MAX - 2);
	char *words = repeat("Wide words without end ", PDF_CARDS_TEXT_MAX);
	char *lines = repeat("Call us\n", PDF_CARDS_TEXT_MAX);
	char pass[64];

	CHECK(cjk && words && lines);
	if (!cjk || !words || !lines)
		goto done;
	memset(pass, ';', 63);
	pass[63] = '\0';
	struct tcard tc[] = {
	    {{SSID("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"), "W W W W W W W W W",
	      words, words, words, words, 1, words},
	     {"WWWWWWWWWWWWWWWWWWWW", "W W W W W W W W W", NULL},
	     0},
	    {{SSID("\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""
		   "\"\"\""),
	      pass, cjk, cjk, cjk, cjk, 0, NULL},
	     {"\xe9\x95\xbf\xe9\x95\xbf", NULL},
	     0},
	    {{SSID(
		  "\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf"
		  "\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf"
		  "ab"),
	      "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDE"
	      "F",
	      cjk, words, cjk, words, 1, NULL},
	     {"\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf", NULL},
	     0},
	};
	struct card_style style = {words, lines, logo_path, CARD_PAPER_LETTER};
	for (int paper = 0; paper < 2; paper++) {
		style.paper = paper ? CARD_PAPER_A4 : CARD_PAPER_LETTER;
		if (render(tc, NCARDS(tc), &style) < 0)
			break;
		check_pages(NCARDS(tc), style.paper);
		for (size_t p = 1; p <= NCARDS(tc); p++) {
			check_text(&tc[p - 1], p);
			check_layout(p, paper ? 595.28 : 612,
				     paper ? 841.89 : 792);
		}
		/* The logo is in colour, so only the QR code is compared. */
		for (size_t p = 1; p <= NCARDS(tc); p++) {
			struct tcard t = tc[p - 1];
			t.colour = 1;
			check_qr(&t, p);
		}
	}
done:
	free(cjk);
	free(words);
	free(lines);
}

/* A 120x40 orange PNG for the logo. */
static int make_logo(void)
{
	png_image img;
	static unsigned char px[120 * 40 * 3];

	for (size_t i = 0; i < sizeof(px); i += 3) {
		px[i] = 0xf0;
		px[i + 1] = 0x80;
		px[i + 2] = 0x10;
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = 120;
	img.height = 40;
	img.format = PNG_FORMAT_RGB;
	return png_image_write_to_file(&img, logo_path, 0, px, 0, NULL) ? 0
									: -1;
}

/* Each bad argument fails and leaves out as it was. */
static void check_bad(const struct card *cards, size_t n,
		      const struct card_style *style)
{
	struct buf out;

	buf_init(&out, OUT_MAX);
	CHECK(buf_append_str(&out, "keep") == 0);
	CHECK(pdf_cards_render(cards, n, style, &out) == -1);
	CHECK_STR(buf_str(&out), "keep");
	buf_free(&out);
}

static void test_bad_args(void)
{
	const struct card good = {SSID("Home"), "password", NULL, NULL,
				  NULL,		NULL,	    0, NULL};
	struct card_style st = {"ISP", NULL, NULL, CARD_PAPER_A4};
	struct card c[2] = {good, good};
	struct buf out;
	char *huge = repeat("x", PDF_CARDS_TEXT_MAX + 1);

	check_bad(c, 0, &st);
	check_bad(NULL, 1, &st);
	check_bad(c, 1, NULL);
	buf_init(&out, OUT_MAX);
	CHECK(pdf_cards_render(c, 1, &st, NULL) == -1);
	/* The second of two is bad: nothing is rendered. */
	static const char *const bad_pass[] = {
	    NULL,
	    "short",
	    "tab\there!",
	    "\xc3\xa9t\xc3\xa9 password",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
	};
	for (size_t i = 0; i < NCARDS(bad_pass); i++) {
		c[1].passphrase = bad_pass[i];
		check_bad(c, 2, &st);
	}
	c[1] = good;
	c[1].ssid = NULL;
	check_bad(c, 2, &st);
	c[1] = good;
	c[1].ssid_len = 0;
	check_bad(c, 2, &st);
	c[1].ssid = (const unsigned char *)"0123456789abcdef0123456789abcdefX";
	c[1].ssid_len = 33;
	check_bad(c, 2, &st);
	c[1].ssid = (const unsigned char *)"a\0b";
	c[1].ssid_len = 3;
	check_bad(c, 2, &st);
	c[1] = good;
	c[1].tenant_name = huge;
	check_bad(c, 2, &st);
	c[1] = good;
	c[1].valid_until = huge;
	check_bad(c, 2, &st);
	c[1] = good;
	st.support_text = huge;
	check_bad(c, 2, &st);
	st.support_text = NULL;
	st.paper = (enum card_paper)7;
	check_bad(c, 2, &st);
	st.paper = CARD_PAPER_LETTER;
	/* A logo that is missing, or not a PNG. */
	st.logo_png = junk_path;
	check_bad(c, 2, &st);
	CHECK(write_file(junk_path, "not a PNG", 9) == 0);
	check_bad(c, 2, &st);
	st.logo_png = logo_path;
	CHECK(pdf_cards_render(c, 2, &st, &out) == 0);
	/* Too small a buffer: the PDF does not fit, out stays as it was. */
	struct buf small;
	buf_init(&small, 4000);
	CHECK(buf_append_str(&small, "keep") == 0);
	CHECK(pdf_cards_render(c, 2, &st, &small) == -1);
	CHECK_STR(buf_str(&small), "keep");
	buf_free(&small);
	/* Appends after what is there. */
	buf_reset(&out);
	CHECK(buf_append_str(&out, "head") == 0);
	CHECK(pdf_cards_render(c, 1, &st, &out) == 0);
	CHECK(memcmp(out.data, "head%PDF-", 9) == 0);
	buf_free(&out);
	free(huge);
}

/* Several threads render at once, each with its own font map. */
static void *render_thread(void *arg)
{
	const struct card_style st = {"ISP", "Help", NULL, CARD_PAPER_A4};
	struct buf out;
	long ok = 1;

	(void)arg;
	for (int i = 0; i < 3; i++) {
		buf_init(&out, OUT_MAX);
		struct card c[3];
		for (int k = 0; k < 3; k++)
			c[k] = cards_unicode[(size_t)(i + k) %
					     NCARDS(cards_unicode)]
				   .card;
		ok &= pdf_cards_render(c, 3, &st, &out) == 0 && out.len > 1000;
		buf_free(&out);
	}
	return (void *)ok;
}

static void test_threads(void)
{
	pthread_t t[4];
	int started = 0;

	for (int i = 0; i < 4; i++)
		started +=
		    pthread_create(&t[i], NULL, render_thread, NULL) == 0;
	CHECK(started == 4);
	for (int i = 0; i < started; i++) {
		void *ok = NULL;
		CHECK(pthread_join(t[i], &ok) == 0);
		CHECK(ok == (void *)1);
	}
}

/*
 * LeakSanitizer's built-in suppressions for this program. cairo 1.16
 * leaks one 768-byte array per PDF that embeds a CID-keyed CFF font (Noto
 * Sans CJK) while it writes the fonts out in cairo_surface_finish();
 * pango and cairo alone do the same (Nimbus Sans, a plain CFF font, and
 * the TrueType fonts do not). Nothing of ours is allocated there.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:cairo_surface_finish\n";
}

/* libcairo has no frame pointers: only the slow unwinder sees past it to
 * cairo_surface_finish() (ASAN_OPTIONS, when set, still comes first). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

/*
 * Release what the libraries keep for the life of the process, so that
 * whatever LeakSanitizer still finds at exit is a real leak: this thread's
 * pango font map (each thread has one until it ends), cairo's font and
 * pattern caches, and fontconfig's configuration. fontconfig stores its
 * pointers as offsets, which LeakSanitizer cannot follow: without this it
 * reports everything fontconfig still holds. When a cairo object of ours
 * is still alive, cairo asserts here instead: the run then ends without
 * its closing line, and scripts/test.sh counts that as a failure too.
 */
static void release_library_caches(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

/* The tools are part of the test: missing is failing. */
static int tools_present(void)
{
	static const char *const tools[] = {PDFINFO, PDFTOTEXT, PDFTOPPM,
					    ZBARIMG};
	int ok = 1;

	for (size_t i = 0; i < NCARDS(tools); i++) {
		if (access(tools[i], X_OK) == 0)
			continue;
		fprintf(stderr, "%s missing: run scripts/deps.sh\n", tools[i]);
		ok = 0;
	}
	CHECK(ok);
	return ok;
}

int main(void)
{
	CHECK(mkdtemp(dir) != NULL);
	snprintf(pdf_path, sizeof(pdf_path), "%s/cards.pdf", dir);
	snprintf(png_path, sizeof(png_path), "%s/page.png", dir);
	snprintf(logo_path, sizeof(logo_path), "%s/logo.png", dir);
	snprintf(junk_path, sizeof(junk_path), "%s/junk", dir);
	CHECK(make_logo() == 0);
	test_bad_args();
	test_threads();
	if (tools_present()) {
		test_unicode();
		test_worst_case();
	}
	unlink(pdf_path);
	unlink(png_path);
	unlink(logo_path);
	unlink(junk_path);
	CHECK(rmdir(dir) == 0);
	release_library_caches();
	return check_report();
}
