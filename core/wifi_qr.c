// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wifi_qr.c - WIFI: QR codes as PNG and SVG. See wifi_qr.h.
 */
#include "core/wifi_qr.h"

#include <png.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/passphrase.h"
#include "core/ssid.h"
#include "core/xalloc.h"

/* A version 40 QR code holds at most 2331 bytes at level M. */
#define WIFI_QR_TEXT_MAX 2331
#define WIFI_QR_SCALE_MAX 64
#define WIFI_QR_MARGIN_MAX 16

/* The characters the WIFI: format gives a meaning to. */
static int wifi_qr_special(char c)
{
	return c == '\\' || c == ';' || c == ',' || c == ':' || c == '"';
}

/* Copy n bytes to out (when out is not NULL), a backslash before each
 * special one. Returns the number of bytes that takes. */
static size_t wifi_qr_escape(char *out, const char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (wifi_qr_special(s[i])) {
			if (out)
				out[o] = '\\';
			o++;
		}
		if (out)
			out[o] = s[i];
		o++;
	}
	return o;
}

char *wifi_qr_payload(const unsigned char *ssid, size_t ssid_len,
		      const char *passphrase)
{
	static const char head[] = "WIFI:T:WPA;S:", mid[] = ";P:",
			  tail[] = ";;";

	if (!ssid || !passphrase || ssid_len < 1 || ssid_len > SSID_MAX_LEN)
		return NULL;
	/* A NUL would end the string early and hide the rest of the SSID. */
	if (memchr(ssid, '\0', ssid_len))
		return NULL;
	size_t plen = strnlen(passphrase, 65);
	if (passphrase_validate(passphrase, plen) < 0)
		return NULL;
	/* Measured first and allocated once: the text holds the passphrase,
	 * and a growing buffer would leave copies of it in freed memory. */
	size_t slen = wifi_qr_escape(NULL, (const char *)ssid, ssid_len);
	size_t elen = wifi_qr_escape(NULL, passphrase, plen);
	size_t total =
	    sizeof(head) - 1 + slen + sizeof(mid) - 1 + elen + sizeof(tail);
	char *p = xmalloc(total);
	char *o = p;
	memcpy(o, head, sizeof(head) - 1);
	o += sizeof(head) - 1;
	o += wifi_qr_escape(o, (const char *)ssid, ssid_len);
	memcpy(o, mid, sizeof(mid) - 1);
	o += sizeof(mid) - 1;
	o += wifi_qr_escape(o, passphrase, plen);
	memcpy(o, tail, sizeof(tail)); /* with its NUL */
	return p;
}

/* Encode text as a QR symbol, or NULL when it is empty or too long. */
static QRcode *wifi_qr_encode(const char *text)
{
	if (!text)
		return NULL;
	size_t n = strnlen(text, WIFI_QR_TEXT_MAX + 1);
	if (n < 1 || n > WIFI_QR_TEXT_MAX)
		return NULL;
	/* 8-bit mode: the bytes are stored as they are, so UTF-8 SSIDs survive
	 * (the string API would try Kanji/alphanumeric modes). */
	return QRcode_encodeData((int)n, (const unsigned char *)text, 0,
				 QR_ECLEVEL_M);
}

/* Whether module (x, y) is dark; coordinates include the margin. */
static int wifi_qr_dark(const QRcode *qr, int margin, int x, int y)
{
	x -= margin;
	y -= margin;
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 0;
	return qr->data[y * qr->width + x] & 1;
}

/* libpng's output callback: the bytes go into our buffer; passing its
 * maximum aborts the image through the error path. */
static void wifi_qr_png_write(png_structp png, png_bytep data, size_t n)
{
	if (buf_append(png_get_io_ptr(png), data, n) < 0)
		png_error(png, "image too large");
}

static void wifi_qr_png_flush(png_structp png)
{
	(void)png;
}

/* Replaces libpng's default, which prints: library code does not log. */
static void wifi_qr_png_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void wifi_qr_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Fill one 1-bit row (1 = white) for module row y. */
static void wifi_qr_png_row(const QRcode *qr, int scale, int margin, int y,
			    unsigned char *row, size_t rowbytes)
{
	int modules = qr->width + 2 * margin;

	memset(row, 0xff, rowbytes);
	for (int x = 0; x < modules * scale; x++) {
		if (wifi_qr_dark(qr, margin, x / scale, y))
			row[x / 8] &= (unsigned char)~(0x80 >> (x % 8));
	}
}

/* Write the PNG for qr into img. row has room for one packed pixel row.
 * Kept apart from its caller so that nothing it changes after setjmp()
 * is needed once libpng has jumped back. */
static int wifi_qr_png_encode(const QRcode *qr, int scale, int margin,
			      struct buf *img, unsigned char *row,
			      size_t rowbytes)
{
	png_structp png;
	png_infop info;
	int modules = qr->width + 2 * margin;
	png_uint_32 side = (png_uint_32)(modules * scale);

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
				      wifi_qr_png_error, wifi_qr_png_warning);
	if (!png)
		return -1;
	info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_set_write_fn(png, img, wifi_qr_png_write, wifi_qr_png_flush);
	png_set_IHDR(png, info, side, side, 1, PNG_COLOR_TYPE_GRAY,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < modules; y++) {
		wifi_qr_png_row(qr, scale, margin, y, row, rowbytes);
		for (int i = 0; i < scale; i++)
			png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int wifi_qr_png(const char *text, int scale, int margin, struct buf *out)
{
	struct buf img;
	int rc = -1;

	if (!out || scale < 1 || scale > WIFI_QR_SCALE_MAX || margin < 0 ||
	    margin > WIFI_QR_MARGIN_MAX)
		return -1;
	QRcode *qr = wifi_qr_encode(text);
	if (!qr)
		return -1;
	size_t side = (size_t)(qr->width + 2 * margin) * (size_t)scale;
	size_t rowbytes = (side + 7) / 8;
	unsigned char *row = xmalloc(rowbytes);
	/* Render aside, then append in one go, so a failure leaves out as it
	 * was. */
	buf_init(&img, out->max - out->len);
	if (wifi_qr_png_encode(qr, scale, margin, &img, row, rowbytes) == 0 &&
	    buf_append(out, img.data, img.len) == 0)
		rc = 0;
	buf_free(&img);
	free(row);
	QRcode_free(qr);
	return rc;
}

/* One horizontal run of dark modules per subpath: "M x y h n v1 h -n z". */
static int wifi_qr_svg_path(const QRcode *qr, int margin, struct buf *b)
{
	int modules = qr->width + 2 * margin;

	for (int y = 0; y < modules; y++) {
		for (int x = 0; x < modules;) {
			if (!wifi_qr_dark(qr, margin, x, y)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < modules &&
			       wifi_qr_dark(qr, margin, x + run, y))
				run++;
			if (buf_printf(b, "M%d %dh%dv1h-%dz", x, y, run, run) <
			    0)
				return -1;
			x += run;
		}
	}
	return 0;
}

int wifi_qr_svg(const char *text, int margin, struct buf *out)
{
	struct buf svg;
	int rc = -1;

	if (!out || margin < 0 || margin > WIFI_QR_MARGIN_MAX)
		return -1;
	QRcode *qr = wifi_qr_encode(text);
	if (!qr)
		return -1;
	int modules = qr->width + 2 * margin;
	buf_init(&svg, out->max - out->len);
	if (buf_printf(&svg,
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		       "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		       "<path fill=\"#000\" d=\"",
		       modules, modules, modules, modules) == 0 &&
	    wifi_qr_svg_path(qr, margin, &svg) == 0 &&
	    buf_append_str(&svg, "\"/></svg>\n") == 0 &&
	    buf_append(out, svg.data, svg.len) == 0)
		rc = 0;
	buf_free(&svg);
	QRcode_free(qr);
	return rc;
}

unsigned char *wifi_qr_modules(const char *text, int *width)
{
	if (!width)
		return NULL;
	QRcode *qr = wifi_qr_encode(text);
	if (!qr)
		return NULL;
	size_t n = (size_t)qr->width * (size_t)qr->width;
	unsigned char *m = xmalloc(n);
	/* libqrencode keeps flags in the upper bits; bit 0 is the colour. */
	for (size_t i = 0; i < n; i++)
		m[i] = qr->data[i] & 1;
	*width = qr->width;
	/* The symbol is the text in another form: wipe libqrencode's copy. */
	sodium_memzero(qr->data, n);
	QRcode_free(qr);
	return m;
}
