// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_wifi_qr.c - WIFI: payloads and their PNG/SVG QR codes.
 *
 * The PNG is decoded back with zbarimg (package zbar-tools) when it is
 * installed, and the SVG checked by xmllint when that is; otherwise those
 * checks are skipped with a note.
 */
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/wifi_qr.h"
#include "tests/unit/check.h"

#define ZBARIMG "/usr/bin/zbarimg"
#define XMLLINT "/usr/bin/xmllint"

static void test_payload(void)
{
	char *p;

	p = wifi_qr_payload((const unsigned char *)"Home", 4, "password");
	CHECK_STR(p, "WIFI:T:WPA;S:Home;P:password;;");
	free(p);

	/* Every special character, in both fields. */
	p = wifi_qr_payload((const unsigned char *)"a\\b;c,d:e\"f", 11,
			    "p\\q;r,s:t\"u");
	CHECK_STR(p, "WIFI:T:WPA;S:a\\\\b\\;c\\,d\\:e\\\"f;"
		     "P:p\\\\q\\;r\\,s\\:t\\\"u;;");
	free(p);

	p = wifi_qr_payload((const unsigned char *)";;;;", 4,
			    "\\\\\\\\\\\\\\\\");
	CHECK_STR(p, "WIFI:T:WPA;S:\\;\\;\\;\\;;P:"
		     "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\;;");
	free(p);

	/* UTF-8 passes through; spaces are kept. */
	static const char utf8[] = "Caf\xc3\xa9 G\xc3\xa4ste";
	p = wifi_qr_payload((const unsigned char *)utf8, sizeof(utf8) - 1,
			    "two words here");
	CHECK_STR(p,
		  "WIFI:T:WPA;S:Caf\xc3\xa9 G\xc3\xa4ste;P:two words here;;");
	free(p);

	/* A 64-hex PMK is a valid passphrase. */
	p = wifi_qr_payload((const unsigned char *)"x", 1,
			    "0123456789abcdef0123456789abcdef"
			    "0123456789abcdef0123456789abcdef");
	CHECK(p != NULL);
	free(p);

	/* Longest case: 32 escaped SSID bytes and 63 escaped passphrase
	 * characters. */
	char ssid[32], pass[64];
	memset(ssid, ':', sizeof(ssid));
	memset(pass, '"', 63);
	pass[63] = '\0';
	p = wifi_qr_payload((const unsigned char *)ssid, 32, pass);
	CHECK(p && strlen(p) == strlen("WIFI:T:WPA;S:;P:;;") + 64 + 126);
	free(p);

	/* Invalid arguments. */
	CHECK(wifi_qr_payload(NULL, 4, "password") == NULL);
	CHECK(wifi_qr_payload((const unsigned char *)"Home", 4, NULL) == NULL);
	CHECK(wifi_qr_payload((const unsigned char *)"Home", 0, "password") ==
	      NULL);
	CHECK(wifi_qr_payload((const unsigned char *)ssid, 33, pass) == NULL);
	CHECK(wifi_qr_payload((const unsigned char *)"a\0b", 3, "password") ==
	      NULL);
	CHECK(wifi_qr_payload((const unsigned char *)"Home", 4, "short") ==
	      NULL);
	CHECK(wifi_qr_payload((const unsigned char *)"Home", 4, "tab\there!") ==
	      NULL);
}

/* Side of the symbol libqrencode makes for text, in modules. */
static int qr_width(const char *text)
{
	QRcode *qr = QRcode_encodeData(
	    (int)strlen(text), (const unsigned char *)text, 0, QR_ECLEVEL_M);
	int w = qr ? qr->width : -1;

	QRcode_free(qr);
	return w;
}

/* Decode the PNG with libpng's simplified API; check its size and that it
 * is black and white with a white corner and the finder pattern's dark
 * corner where it belongs. */
static void png_check(const struct buf *png, int modules, int scale, int margin)
{
	png_image img;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	CHECK(png_image_begin_read_from_memory(&img, png->data, png->len));
	int side = modules * scale;
	CHECK((int)img.width == side && (int)img.height == side);
	img.format = PNG_FORMAT_GRAY;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	if (!px)
		return;
	CHECK(png_image_finish_read(&img, NULL, px, 0, NULL));
	int bw = 1;
	for (size_t i = 0; i < PNG_IMAGE_SIZE(img); i++)
		bw &= px[i] == 0 || px[i] == 255;
	CHECK(bw);
	CHECK(px[0] == (margin ? 255 : 0));
	int at = margin * scale;
	CHECK(px[at * side + at] == 0);
	CHECK(px[(at + scale) * side + at + scale] == 255);
	free(px);
	png_image_free(&img);
}

/*
 * Write the PNG to a temporary file and read it back with zbarimg.
 * opts "" is the plain "--raw -q"; "-Sbinary" stops zbar from guessing a
 * character set for 8-bit data (it takes UTF-8 "\xc3\xa9" for Shift-JIS),
 * so the bytes in the symbol are compared as they are.
 */
static void zbar_check(const struct buf *png, const char *opts,
		       const char *want)
{
	char path[] = "/tmp/mpsk-test-qr-XXXXXX";
	char cmd[160], got[512];

	if (access(ZBARIMG, X_OK) != 0) {
		printf("note: %s not installed (zbar-tools), decode skipped\n",
		       ZBARIMG);
		return;
	}
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, png->data, png->len) == (ssize_t)png->len);
	close(fd);
	/* path is ours from mkstemp: no shell metacharacters. */
	CHECK(snprintf(cmd, sizeof(cmd), ZBARIMG " --nodbus --raw -q %s %s",
		       opts, path) < (int)sizeof(cmd));
	FILE *f = popen(cmd, "r");
	CHECK(f != NULL);
	if (f) {
		size_t n = fread(got, 1, sizeof(got) - 1, f);
		got[n] = '\0';
		if (n && got[n - 1] == '\n')
			got[n - 1] = '\0';
		CHECK(pclose(f) == 0);
		CHECK_STR(got, want);
	}
	unlink(path);
}

static void xmllint_check(const struct buf *svg)
{
	char path[] = "/tmp/mpsk-test-svg-XXXXXX";
	char cmd[128];

	if (access(XMLLINT, X_OK) != 0) {
		printf("note: %s not installed, SVG well-formedness skipped\n",
		       XMLLINT);
		return;
	}
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, svg->data, svg->len) == (ssize_t)svg->len);
	close(fd);
	CHECK(snprintf(cmd, sizeof(cmd), XMLLINT " --noout %s", path) <
	      (int)sizeof(cmd));
	CHECK(system(cmd) == 0);
	unlink(path);
}

static void test_png(void)
{
	struct buf out;
	char *text = wifi_qr_payload((const unsigned char *)"a\\b;c,d:e\"f", 11,
				     "p;a,s:s\"w\\d!");
	static const unsigned char utf8[] = "Caf\xc3\xa9;\"G\xc3\xa4ste\\,:";
	char *text8 = wifi_qr_payload(utf8, sizeof(utf8) - 1, "pa\\ss:word");

	CHECK(text != NULL && text8 != NULL);
	if (!text || !text8)
		return;
	int w = qr_width(text);
	buf_init(&out, 1 << 20);
	CHECK(wifi_qr_png(text, 4, 4, &out) == 0);
	CHECK(out.len > 8 && memcmp(out.data, "\x89PNG\r\n\x1a\n", 8) == 0);
	png_check(&out, w + 8, 4, 4);
	zbar_check(&out, "", text);
	buf_reset(&out);
	CHECK(wifi_qr_png(text8, 3, 4, &out) == 0);
	png_check(&out, qr_width(text8) + 8, 3, 4);
	zbar_check(&out, "-Sbinary", text8);

	/* Appends after what is already there. */
	buf_reset(&out);
	CHECK(buf_append_str(&out, "head") == 0);
	CHECK(wifi_qr_png(text, 1, 0, &out) == 0);
	CHECK(memcmp(out.data, "head\x89PNG", 8) == 0);

	/* Too small a buffer fails and leaves it as it was. */
	struct buf small;
	buf_init(&small, 100);
	CHECK(buf_append_str(&small, "keep") == 0);
	CHECK(wifi_qr_png(text, 8, 4, &small) == -1);
	CHECK(small.len == 4);
	CHECK_STR(buf_str(&small), "keep");
	buf_free(&small);

	/* Bounds. */
	buf_reset(&out);
	CHECK(wifi_qr_png(text, 0, 4, &out) == -1);
	CHECK(wifi_qr_png(text, 65, 4, &out) == -1);
	CHECK(wifi_qr_png(text, 4, -1, &out) == -1);
	CHECK(wifi_qr_png(text, 4, 17, &out) == -1);
	CHECK(wifi_qr_png(NULL, 4, 4, &out) == -1);
	CHECK(wifi_qr_png("", 4, 4, &out) == -1);
	CHECK(wifi_qr_png(text, 4, 4, NULL) == -1);
	CHECK(out.len == 0);
	CHECK(wifi_qr_png(text, 64, 16, &out) == 0);
	png_check(&out, w + 32, 64, 16);
	buf_reset(&out);
	CHECK(wifi_qr_png(text, 1, 0, &out) == 0);
	png_check(&out, w, 1, 0);

	/* Too much text for any QR code. */
	char *huge = malloc(3000);
	if (huge) {
		memset(huge, 'x', 2999);
		huge[2999] = '\0';
		CHECK(wifi_qr_png(huge, 1, 0, &out) == -1);
		CHECK(wifi_qr_svg(huge, 0, &out) == -1);
		free(huge);
	}
	buf_free(&out);
	free(text);
	free(text8);
}

static void test_svg(void)
{
	struct buf out;
	char *text =
	    wifi_qr_payload((const unsigned char *)"Home", 4, "password");
	char want[256];

	CHECK(text != NULL);
	if (!text)
		return;
	int m = qr_width(text) + 8;
	buf_init(&out, 1 << 20);
	CHECK(wifi_qr_svg(text, 4, &out) == 0);
	const char *s = buf_str(&out);
	snprintf(
	    want, sizeof(want),
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"M4 4h7v1h-7z",
	    m, m, m, m);
	/* The top-left finder pattern starts at the margin: a run of 7. */
	CHECK(strncmp(s, want, strlen(want)) == 0);
	const char *path = strstr(s, "<path");
	CHECK(path && !strstr(path + 1, "<path"));
	CHECK(out.len > 10 && strcmp(s + out.len - 10, "\"/></svg>\n") == 0);
	xmllint_check(&out);

	buf_reset(&out);
	CHECK(wifi_qr_svg(text, 0, &out) == 0);
	snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", m - 8, m - 8);
	CHECK(strstr(buf_str(&out), want) != NULL);
	CHECK(strstr(buf_str(&out), "d=\"M0 0h7v1h-7z") != NULL);

	struct buf small;
	buf_init(&small, 200);
	CHECK(wifi_qr_svg(text, 4, &small) == -1);
	CHECK(small.len == 0);
	buf_free(&small);

	CHECK(wifi_qr_svg(text, -1, &out) == -1);
	CHECK(wifi_qr_svg(text, 17, &out) == -1);
	CHECK(wifi_qr_svg(NULL, 4, &out) == -1);
	CHECK(wifi_qr_svg("", 4, &out) == -1);
	buf_free(&out);
	free(text);
}

int main(void)
{
	test_payload();
	test_png();
	test_svg();
	return check_report();
}
