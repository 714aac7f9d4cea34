// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pdf_cards.c - Wi-Fi cards as a PDF, drawn with cairo and pango. See
 * pdf_cards.h.
 *
 * All measures are PDF points (1/72 inch), cairo's user unit on a PDF
 * surface. A page is one column between the margins, filled from the top
 * (header, title, tenant, SSID, passphrase, QR code, instructions,
 * validity, label), with the support text held to the bottom. Each block
 * has a most number of lines and a largest font size, and the worst cases
 * add up to less than US Letter's height, the shorter of our papers: that,
 * not measuring after the fact, is what keeps blocks from running into
 * each other (see PC_LINE and the budget next to the fonts).
 */
#include "core/pdf_cards.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <sodium.h>
#include <string.h>

#include "core/passphrase.h"
#include "core/ssid.h"
#include "core/utf8.h"
#include "core/wifi_qr.h"
#include "core/xalloc.h"

#define PC_A4_W 595.28
#define PC_A4_H 841.89
#define PC_LETTER_W 612.0
#define PC_LETTER_H 792.0
#define PC_MARGIN 42.0 /* ~15 mm: inside any printer's margin */
/* ~56 mm with the quiet zone. The longest payload (32 escaped SSID bytes,
 * 63 escaped passphrase characters) needs a version 10 symbol, 57 + 8
 * modules: 0.87 mm each, still well above what phone cameras resolve at
 * arm's length; a typical one is version 3 or 4, ~1.5 mm modules. */
#define PC_QR_SIDE 160.0
#define PC_QR_QUIET 4 /* modules of white around it (ISO 18004) */
#define PC_LOGO_W 160.0
#define PC_LOGO_H 40.0
/* Room for any text we build: two fields of PDF_CARDS_TEXT_MAX bytes
 * (validity), each byte at worst one 3-byte U+FFFD, and our words. So the
 * appends into such a buffer cannot fail, and are not checked. */
#define PC_TEXT_BUF (6 * PDF_CARDS_TEXT_MAX + 256)
#define PC_GAP 10.0 /* between blocks */
/* The tallest line we budget for, in ems: Noto Sans CJK's ascent plus
 * descent is ~1.45 em (DejaVu's 1.16), and a line mixing scripts takes the
 * tallest of its fonts. */
#define PC_LINE 1.5

/* fontconfig picks, per character, the first family of the list that has
 * it: DejaVu for Latin, Greek and Cyrillic, Noto for most other scripts,
 * Noto CJK for Chinese, Japanese and Korean. Emoji find Noto Color Emoji
 * by pango's own fallback for emoji runs; naming it here would be worse:
 * pango then takes digits from it too, since they can start a keycap
 * emoji. */
#define PC_SANS "DejaVu Sans, Noto Sans, Noto Sans CJK SC"
/* DejaVu Sans Mono has a dotted zero and a tailed l, so O/0 and l/1/I
 * differ by shape, not by context. */
#define PC_MONO "DejaVu Sans Mono, Noto Sans Mono"

/*
 * How one block of text is set. The text is tried on one line at sizes
 * from size1 down to min1; if it needs more, on up to lines lines from
 * size2 down to min2; if even that is not enough, it is cut with an
 * ellipsis after lines lines at min2.
 */
struct pc_font {
	const char *family;
	int bold;
	double grey; /* 0 black .. 1 white */
	double size1, min1;
	double size2, min2;
	int lines;
};

/*
 * The height budget, worst case at PC_LINE, on Letter (792 pt less two
 * margins: 708): header 40+16 (the logo; the ISP name takes at most 36),
 * title 36+4, tenant 39+10, two captions 2*(15+2), SSID 54+10, passphrase
 * 48+12, QR code 160+12, instructions 50+8, validity 33+4, label 33+4,
 * support text 75+8: 690; a note (33+4) makes 727, so a card with every
 * field at its longest and a note is for A4 (its column is 757 pt).
 */
enum pc_kind {
	PC_ISP,
	PC_TITLE,
	PC_TENANT,
	PC_CAPTION,
	PC_SSID,
	PC_PASS,
	PC_SMALL, /* the instructions */
	PC_NOTE,  /* validity and label */
	PC_SUPPORT,
};

/* clang-format off */
static const struct pc_font pc_fonts[] = {
	/*            family bold grey size1 min1 size2 min2 lines */
	[PC_ISP]     = {PC_SANS, 1, 0.0,  16, 12, 12, 10, 2},
	[PC_TITLE]   = {PC_SANS, 1, 0.0,  24, 18,  0,  0, 1},
	[PC_TENANT]  = {PC_SANS, 0, 0.0,  17, 13, 13, 10, 2},
	[PC_CAPTION] = {PC_SANS, 0, 0.4,  10,  8,  0,  0, 1},
	[PC_SSID]    = {PC_SANS, 1, 0.0,  28, 18, 18, 12, 2},
	[PC_PASS]    = {PC_MONO, 0, 0.0,  22, 14, 16, 12, 2},
	[PC_SMALL]   = {PC_SANS, 0, 0.15, 11, 11, 11,  9, 3},
	[PC_NOTE]    = {PC_SANS, 0, 0.15, 11, 11, 11,  9, 2},
	[PC_SUPPORT] = {PC_SANS, 0, 0.35, 10, 10, 10,  8, 5},
};
/* clang-format on */

/* One document being drawn. */
struct pc_doc {
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *pango;
	cairo_surface_t *logo; /* NULL without one */
	const struct card_style *style;
	double page_w, page_h;
	double x, w;	 /* the column */
	double y;	 /* top of the next block */
	struct buf ssid; /* the card's SSID as it is shown */
	struct buf text; /* scratch for the other fields */
};

/* cairo's output callback: the PDF goes into our buffer, and passing its
 * maximum puts the surface in an error state that we check per page. */
static cairo_status_t pc_write(void *closure, const unsigned char *data,
			       unsigned int n)
{
	if (buf_append(closure, data, n) < 0)
		return CAIRO_STATUS_WRITE_ERROR;
	return CAIRO_STATUS_SUCCESS;
}

/* The code point of the well-formed UTF-8 sequence s[0..len). */
static unsigned pc_codepoint(const unsigned char *s, size_t len)
{
	static const unsigned char lead[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	unsigned cp = s[0] & lead[len];

	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

/* Whether cp is not to be drawn as it is: C0 and C1 controls, and the
 * bidi embeddings, overrides and isolates, which could make a printed
 * name show its characters in another order than its bytes have them. */
static int pc_hidden(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Append s[0..n) to out as text pango can take: each ill-formed byte and
 * each hidden character becomes U+FFFD. With paras 0 (an SSID, shown
 * exactly) that is all; otherwise a tab becomes a space, and so does a
 * newline after the first paras - 1: pango gives every paragraph at least
 * one line, so that bounds the lines.
 */
static int pc_clean(struct buf *out, const unsigned char *s, size_t n,
		    int paras)
{
	static const char bad[] = "\xef\xbf\xbd";
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0;) {
		size_t len = utf8_seq_len(s + i, n - i);
		unsigned cp = len ? pc_codepoint(s + i, len) : 0xfffd;

		if (cp == '\n' && paras > 1) {
			paras--;
			rc = buf_append_char(out, '\n');
		} else if ((cp == '\t' || cp == '\n') && paras > 0) {
			rc = buf_append_char(out, ' ');
		} else if (!len || pc_hidden(cp)) {
			rc = buf_append(out, bad, sizeof(bad) - 1);
		} else {
			rc = buf_append(out, s + i, len);
		}
		i += len ? len : 1;
	}
	return rc;
}

/* pc_clean() of a NUL-terminated field into the scratch buffer. */
static const char *pc_field(struct pc_doc *d, const char *s, int paras)
{
	buf_reset(&d->text);
	if (pc_clean(&d->text, (const unsigned char *)s, strlen(s), paras) < 0)
		return "";
	return buf_str(&d->text);
}

/* A font description for f at size pt. The caller frees it. */
static PangoFontDescription *pc_desc(const struct pc_font *f, double size)
{
	PangoFontDescription *desc = pango_font_description_new();

	pango_font_description_set_family(desc, f->family);
	pango_font_description_set_weight(desc, f->bold ? PANGO_WEIGHT_BOLD
							: PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
	return desc;
}

/* Set the largest size from hi down to lo (1 pt steps) at which the
 * layout takes at most lines lines. Return 0, or -1 when none does (the
 * layout is left at lo). */
static int pc_try(PangoLayout *l, const struct pc_font *f, double hi, double lo,
		  int lines)
{
	for (double size = hi;; size -= 1.0) {
		if (size < lo)
			size = lo;
		PangoFontDescription *desc = pc_desc(f, size);
		pango_layout_set_font_description(l, desc);
		pango_font_description_free(desc);
		if (pango_layout_get_line_count(l) <= lines)
			return 0;
		if (size <= lo)
			return -1;
	}
}

/* Size the layout as f says (see struct pc_font). */
static void pc_fit(PangoLayout *l, const struct pc_font *f)
{
	double lo = f->min1;

	if (pc_try(l, f, f->size1, f->min1, 1) == 0)
		return;
	if (f->lines > 1) {
		if (pc_try(l, f, f->size2, f->min2, f->lines) == 0)
			return;
		lo = f->min2;
	}
	/* Whatever does not fit in the budgeted height ends in "…". */
	pango_layout_set_height(
	    l, pango_units_from_double(f->lines * lo * PC_LINE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
}

/* A layout of text in a column w wide, centred or not, fitted to f. The
 * caller unrefs it. attrs may be NULL. */
static PangoLayout *pc_layout(struct pc_doc *d, const char *text,
			      const struct pc_font *f, PangoAttrList *attrs,
			      double w, int centre)
{
	PangoLayout *l = pango_layout_new(d->pango);
	PangoAttrList *a =
	    attrs ? pango_attr_list_ref(attrs) : pango_attr_list_new();

	/* A line broken inside a word would get a hyphen that is not in the
	 * text, and someone would type it. */
	pango_attr_list_insert(a, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_text(l, text, -1);
	pango_layout_set_attributes(l, a);
	pango_attr_list_unref(a);
	pango_layout_set_width(l, pango_units_from_double(w));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, centre ? PANGO_ALIGN_CENTER
					     : PANGO_ALIGN_LEFT);
	pc_fit(l, f);
	return l;
}

/* Draw l with its top left at (x, y) in f's grey; return its height. */
static double pc_show(struct pc_doc *d, PangoLayout *l, const struct pc_font *f,
		      double x, double y)
{
	int h;

	cairo_set_source_rgb(d->cr, f->grey, f->grey, f->grey);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	pango_layout_get_size(l, NULL, &h);
	return pango_units_to_double(h);
}

/* A centred block of text at the cursor, which then moves below it. */
static void pc_block(struct pc_doc *d, const char *text,
		     const struct pc_font *f, PangoAttrList *attrs, double gap)
{
	PangoLayout *l = pc_layout(d, text, f, attrs, d->w, 1);

	d->y += pc_show(d, l, f, d->x, d->y) + gap;
	g_object_unref(l);
}

/* A horizontal hairline across the column at y. */
static void pc_rule(struct pc_doc *d, double y)
{
	cairo_set_source_rgb(d->cr, 0.7, 0.7, 0.7);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, d->x, y);
	cairo_line_to(d->cr, d->x + d->w, y);
	cairo_stroke(d->cr);
}

/* The logo at the top left, scaled into PC_LOGO_W x PC_LOGO_H; returns
 * the width it took. */
static double pc_logo(struct pc_doc *d)
{
	double iw = cairo_image_surface_get_width(d->logo);
	double ih = cairo_image_surface_get_height(d->logo);
	double s =
	    PC_LOGO_W / iw < PC_LOGO_H / ih ? PC_LOGO_W / iw : PC_LOGO_H / ih;

	cairo_save(d->cr);
	cairo_translate(d->cr, d->x, d->y + (PC_LOGO_H - ih * s) / 2);
	cairo_scale(d->cr, s, s);
	cairo_set_source_surface(d->cr, d->logo, 0, 0);
	cairo_paint(d->cr);
	cairo_restore(d->cr);
	return iw * s;
}

/* Logo and ISP name, then a rule; nothing when the style has neither. */
static void pc_header(struct pc_doc *d)
{
	const char *isp = d->style->isp_name;
	double left = 0, h = 0;

	if (!d->logo && !isp)
		return;
	if (d->logo) {
		left = pc_logo(d) + 12;
		h = PC_LOGO_H;
	}
	if (isp) {
		PangoLayout *l =
		    pc_layout(d, pc_field(d, isp, 1), &pc_fonts[PC_ISP], NULL,
			      d->w - left, 0);
		int lh;
		pango_layout_get_size(l, NULL, &lh);
		double th = pango_units_to_double(lh);
		/* Centred on the logo's middle when it is the shorter. */
		double top = th < h ? d->y + (h - th) / 2 : d->y;
		pc_show(d, l, &pc_fonts[PC_ISP], d->x + left, top);
		h = th > h ? th : h;
		g_object_unref(l);
	}
	d->y += h + 8;
	pc_rule(d, d->y);
	d->y += 8;
}

/* Attributes that keep every character its own glyph: an "fi" ligature
 * in an SSID reads as one letter to someone typing it. */
static PangoAttrList *pc_no_ligatures(void)
{
	PangoAttrList *attrs = pango_attr_list_new();

	pango_attr_list_insert(attrs, pango_attr_font_features_new(
					  "liga=0, clig=0, dlig=0, hlig=0"));
	return attrs;
}

/* The passphrase, each space on a grey ground so that none, and no
 * trailing one, goes unnoticed. */
static void pc_passphrase(struct pc_doc *d, const char *p)
{
	PangoAttrList *attrs = pc_no_ligatures();
	int spaces = 0;

	/* Printable ASCII (validated): byte index = character index. */
	for (guint i = 0; p[i]; i++) {
		if (p[i] != ' ')
			continue;
		PangoAttribute *a =
		    pango_attr_background_new(0xd000, 0xd000, 0xd000);
		a->start_index = i;
		a->end_index = i + 1;
		pango_attr_list_insert(attrs, a);
		spaces = 1;
	}
	pc_block(d, spaces ? "Password (grey boxes are spaces)" : "Password",
		 &pc_fonts[PC_CAPTION], NULL, 2);
	PangoLayout *l = pc_layout(d, p, &pc_fonts[PC_PASS], attrs, d->w, 1);
	pango_attr_list_unref(attrs);
	double w = d->w;
	pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
	if (pango_layout_get_line_count(l) == 2) {
		/* Two halves read better than a full line and a stub: a
		 * column just wide enough for the longer half (monospace, so
		 * every character is full / n wide). */
		int full, h;
		size_t n = strlen(p);
		pango_layout_set_width(l, -1);
		pango_layout_get_size(l, &full, &h);
		w = pango_units_to_double(full) / n * ((n + 1) / 2) + 0.5;
		pango_layout_set_width(l, pango_units_from_double(w));
		if (pango_layout_get_line_count(l) != 2) {
			w = d->w;
			pango_layout_set_width(l, pango_units_from_double(w));
		}
	}
	d->y +=
	    pc_show(d, l, &pc_fonts[PC_PASS], d->x + (d->w - w) / 2, d->y) + 12;
	g_object_unref(l);
}

/* The QR code of the card's WIFI: payload, centred at the cursor, as one
 * path of dark squares (a run of dark modules in a row is one rectangle)
 * on a white square that includes the quiet zone. */
static int pc_qr(struct pc_doc *d, const struct card *c)
{
	char *payload = wifi_qr_payload(c->ssid, c->ssid_len, c->passphrase);
	int width;

	if (!payload)
		return -1;
	unsigned char *m = wifi_qr_modules(payload, &width);
	sodium_memzero(payload, strlen(payload));
	free(payload);
	if (!m)
		return -1;
	double u = PC_QR_SIDE / (width + 2 * PC_QR_QUIET);
	double x0 = d->x + (d->w - PC_QR_SIDE) / 2, y0 = d->y;
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_rectangle(d->cr, x0, y0, PC_QR_SIDE, PC_QR_SIDE);
	cairo_fill(d->cr);
	x0 += PC_QR_QUIET * u;
	y0 += PC_QR_QUIET * u;
	for (int y = 0; y < width; y++) {
		const unsigned char *row = m + (size_t)y * (size_t)width;
		for (int x = 0; x < width;) {
			int run = 0;
			while (x + run < width && row[x + run])
				run++;
			if (run)
				cairo_rectangle(d->cr, x0 + x * u, y0 + y * u,
						run * u, u);
			x += run ? run : 1;
		}
	}
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_fill(d->cr);
	sodium_memzero(m, (size_t)width * (size_t)width);
	free(m);
	d->y += PC_QR_SIDE + 12;
	return 0;
}

/* "Valid from … until …" with the missing ends said in words. */
static void pc_validity(struct pc_doc *d, const struct card *c)
{
	struct buf t;

	buf_init(&t, PC_TEXT_BUF);
	if (c->valid_from) {
		buf_append_str(&t, "Valid from ");
		pc_clean(&t, (const unsigned char *)c->valid_from,
			 strlen(c->valid_from), 1);
		buf_append_str(&t,
			       c->valid_until ? " until " : ", no end date");
	} else {
		buf_append_str(&t, c->valid_until ? "Valid until "
						  : "Valid with no end date");
	}
	if (c->valid_until)
		pc_clean(&t, (const unsigned char *)c->valid_until,
			 strlen(c->valid_until), 1);
	pc_block(d, buf_str(&t), &pc_fonts[PC_NOTE], NULL, 4);
	buf_free(&t);
}

/* The support text held to the bottom margin, a rule above it. */
static void pc_support(struct pc_doc *d)
{
	const char *s = d->style->support_text;

	if (!s)
		return;
	PangoLayout *l =
	    pc_layout(d, pc_field(d, s, pc_fonts[PC_SUPPORT].lines),
		      &pc_fonts[PC_SUPPORT], NULL, d->w, 1);
	int h;
	pango_layout_get_size(l, NULL, &h);
	double top = d->page_h - PC_MARGIN - pango_units_to_double(h);
	pc_rule(d, top - 8);
	pc_show(d, l, &pc_fonts[PC_SUPPORT], d->x, top);
	g_object_unref(l);
}

/* One card on the current page, from the top. */
static int pc_card(struct pc_doc *d, const struct card *c)
{
	PangoAttrList *plain = pc_no_ligatures();
	struct buf howto;

	d->y = PC_MARGIN;
	pc_header(d);
	pc_block(d, c->guest ? "Guest Wi-Fi" : "Wi-Fi", &pc_fonts[PC_TITLE],
		 NULL, 4);
	if (c->tenant_name)
		pc_block(d, pc_field(d, c->tenant_name, 1),
			 &pc_fonts[PC_TENANT], NULL, PC_GAP);
	buf_reset(&d->ssid);
	pc_clean(&d->ssid, c->ssid, c->ssid_len, 0);
	pc_block(d, "Network", &pc_fonts[PC_CAPTION], NULL, 2);
	pc_block(d, buf_str(&d->ssid), &pc_fonts[PC_SSID], plain, PC_GAP);
	pango_attr_list_unref(plain);
	pc_passphrase(d, c->passphrase);
	if (pc_qr(d, c) < 0)
		return -1;
	buf_init(&howto, PC_TEXT_BUF);
	buf_printf(&howto,
		   "Scan the code with your phone's camera, or choose the "
		   "network \xe2\x80\x9c%s\xe2\x80\x9d and type the password.",
		   buf_str(&d->ssid));
	pc_block(d, buf_str(&howto), &pc_fonts[PC_SMALL], NULL, 8);
	buf_free(&howto);
	pc_validity(d, c);
	if (c->label) {
		buf_reset(&d->text);
		buf_append_str(&d->text, "Key: ");
		pc_clean(&d->text, (const unsigned char *)c->label,
			 strlen(c->label), 1);
		pc_block(d, buf_str(&d->text), &pc_fonts[PC_NOTE], NULL, 4);
	}
	if (c->note)
		pc_block(d, pc_field(d, c->note, pc_fonts[PC_NOTE].lines),
			 &pc_fonts[PC_NOTE], NULL, 4);
	pc_support(d);
	return 0;
}

static int pc_text_ok(const char *s)
{
	return !s || strnlen(s, PDF_CARDS_TEXT_MAX + 1) <= PDF_CARDS_TEXT_MAX;
}

/* Whether a card can be drawn, checked for all of them before any is. */
static int pc_card_ok(const struct card *c)
{
	if (!c->ssid || c->ssid_len < 1 || c->ssid_len > SSID_MAX_LEN ||
	    memchr(c->ssid, '\0', c->ssid_len))
		return 0;
	if (!c->passphrase ||
	    passphrase_validate(c->passphrase, strnlen(c->passphrase, 65)) < 0)
		return 0;
	return pc_text_ok(c->tenant_name) && pc_text_ok(c->label) &&
	       pc_text_ok(c->valid_from) && pc_text_ok(c->valid_until) &&
	       pc_text_ok(c->note);
}

static int pc_args_ok(const struct card *cards, size_t n,
		      const struct card_style *style, const struct buf *out)
{
	if (!cards || n < 1 || !style || !out)
		return 0;
	if (style->paper != CARD_PAPER_A4 && style->paper != CARD_PAPER_LETTER)
		return 0;
	if (!pc_text_ok(style->isp_name) || !pc_text_ok(style->support_text))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!pc_card_ok(&cards[i]))
			return 0;
	return 1;
}

/*
 * Set up the fonts and the drawing context for one document on surface.
 *
 * Font maps are not thread-safe, and they are where pango caches font
 * matching and loaded fonts. pango_cairo_font_map_get_default() gives
 * each thread its own (a GPrivate since pango 1.32.6, unreffed when the
 * thread ends), so concurrent requests never share one, yet a thread's
 * later requests reuse its caches: a fresh map per call made a one-card
 * PDF ~3.5 times slower (bench/pdf_cards.c). fontconfig's configuration
 * and cairo's font-face cache are process-wide and locked.
 */
static void pc_doc_open(struct pc_doc *d, cairo_surface_t *surface)
{
	d->cr = cairo_create(surface);
	d->fontmap = g_object_ref(pango_cairo_font_map_get_default());
	d->pango = pango_font_map_create_context(d->fontmap);
	/* Sizes are set in points = user units; the default is 96 dpi. */
	pango_cairo_context_set_resolution(d->pango, 72);
	/* Print has no pixel grid to snap to: metrics and glyph positions
	 * as the font designed them, or a monospace line comes out ~5%
	 * narrower than measured for fit (advances rounded to whole points). */
	pango_context_set_round_glyph_positions(d->pango, FALSE);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(d->pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(d->cr, d->pango);
	d->x = PC_MARGIN;
	d->w = d->page_w - 2 * PC_MARGIN;
	buf_init(&d->ssid, PC_TEXT_BUF);
	buf_init(&d->text, PC_TEXT_BUF);
}

static void pc_doc_close(struct pc_doc *d)
{
	g_object_unref(d->pango);
	g_object_unref(d->fontmap);
	cairo_destroy(d->cr);
	buf_free(&d->ssid);
	buf_free(&d->text);
}

/* Draw every card, one per page, onto surface. 0, or -1 on error. */
static int pc_draw(struct pc_doc *d, cairo_surface_t *surface,
		   const struct card *cards, size_t n)
{
	int rc = 0;

	pc_doc_open(d, surface);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (pc_card(d, &cards[i]) < 0)
			rc = -1;
		cairo_show_page(d->cr);
		/* A write error (out's maximum) stops the rest early. */
		if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
			rc = -1;
	}
	pc_doc_close(d);
	return rc;
}

/* Render the document into pdf (the caller's scratch buffer). */
static int pc_render(struct pc_doc *d, const struct card *cards, size_t n,
		     struct buf *pdf)
{
	int rc = -1;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
	    pc_write, pdf, d->page_w, d->page_h);

	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       "Wi-Fi cards");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
				       "mpsk");
	if (pc_draw(d, surface, cards, n) == 0) {
		/* The trailer is written here, and may pass the maximum. */
		cairo_surface_finish(surface);
		if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
			rc = 0;
	}
	cairo_surface_destroy(surface);
	return rc;
}

int pdf_cards_render(const struct card *cards, size_t n,
		     const struct card_style *style, struct buf *out)
{
	struct pc_doc d = {0};
	struct buf pdf;
	int rc = -1;

	if (!pc_args_ok(cards, n, style, out))
		return -1;
	d.style = style;
	d.page_w = style->paper == CARD_PAPER_A4 ? PC_A4_W : PC_LETTER_W;
	d.page_h = style->paper == CARD_PAPER_A4 ? PC_A4_H : PC_LETTER_H;
	if (style->logo_png) {
		d.logo = cairo_image_surface_create_from_png(style->logo_png);
		if (cairo_surface_status(d.logo) != CAIRO_STATUS_SUCCESS ||
		    cairo_image_surface_get_width(d.logo) < 1 ||
		    cairo_image_surface_get_height(d.logo) < 1)
			goto fail;
	}
	/* Rendered aside and appended in one go, so a failure leaves out as
	 * it was. */
	buf_init(&pdf, out->max - out->len);
	if (pc_render(&d, cards, n, &pdf) == 0 &&
	    buf_append(out, pdf.data, pdf.len) == 0)
		rc = 0;
	/* The PDF spells out the passphrases. */
	buf_free_secret(&pdf);
fail:
	if (d.logo)
		cairo_surface_destroy(d.logo);
	return rc;
}
