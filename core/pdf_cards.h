/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pdf_cards.h - printable "Wi-Fi cards": one page per key, as a PDF.
 *
 * Each page tells one tenant how to join: the ISP's name and logo, the
 * tenant, the SSID, the passphrase in a monospace face, a "scan to join"
 * QR code (the WIFI: payload of wifi_qr.h, drawn as vector squares, 56 mm
 * wide with the standard 4-module quiet zone), when the key is valid, its
 * label, short instructions and the ISP's support text. A4 or US Letter.
 *
 * Drawn with cairo and all text laid out by pango, so any script works
 * (fontconfig finds DejaVu, Noto, Noto CJK and Noto Color Emoji); long
 * text shrinks, wraps and at worst ends in an ellipsis, never leaving its
 * place on the page. Safe to call from several threads at once (each
 * thread keeps its own pango font map, see pdf_cards.c).
 */
#ifndef MPSK_CORE_PDF_CARDS_H
#define MPSK_CORE_PDF_CARDS_H

#include <stddef.h>

#include "core/buf.h"

/* The most bytes of any one text field (tenant, label, support text...). */
#define PDF_CARDS_TEXT_MAX 2048

enum card_paper {
	CARD_PAPER_A4,	   /* 595.28 x 841.89 pt */
	CARD_PAPER_LETTER, /* 612 x 792 pt */
};

/* One card; the pointers are borrowed for the call only. */
struct card {
	const unsigned char *ssid; /* 1..32 bytes, no NUL; shown as UTF-8,
				    * ill-formed bytes as U+FFFD, and put in
				    * the QR code as they are */
	size_t ssid_len;
	const char *passphrase;	 /* 8..63 printable ASCII or 64 hex */
	const char *tenant_name; /* may be NULL */
	const char *label;	 /* the key's label, may be NULL */
	const char *valid_from;	 /* display text; NULL: from now on */
	const char *valid_until; /* display text; NULL: no end */
	int guest;		 /* non-zero: titled "Guest Wi-Fi" */
	const char *note;	 /* a last line or two, e.g. how to sign in
				  * to the portal the first time; may be NULL */
};

/* What every card of a document shares. */
struct card_style {
	const char *isp_name;	  /* top of the page, may be NULL */
	const char *support_text; /* bottom of the page, may hold newlines;
				   * may be NULL */
	const char *logo_png;	  /* path of a PNG logo, or NULL */
	enum card_paper paper;
};

/*
 * pdf_cards_render - render cards as a PDF document, one card per page.
 * @cards: @n cards.
 * @n:     1 or more.
 * @style: ISP name, logo, support text and paper size for all of them.
 * @out:   the PDF is appended to it. On failure @out is left as it was.
 *
 * Text fields (names, label, validity, support text, ISP name) are UTF-8
 * of at most PDF_CARDS_TEXT_MAX bytes each; ill-formed bytes and control
 * characters are shown as U+FFFD. The WIFI: payload, the QR matrix and the
 * scratch copy of the PDF, which spell out the passphrases, are wiped
 * before they are freed; pango's and cairo's own copies of the text are
 * out of our reach.
 *
 * Return: 0, or -1 on a bad argument (no cards, an invalid SSID or
 * passphrase, a text field too long, an unreadable logo), a cairo error,
 * or a PDF that would pass @out's maximum.
 */
int pdf_cards_render(const struct card *cards, size_t n,
		     const struct card_style *style, struct buf *out);

#endif
