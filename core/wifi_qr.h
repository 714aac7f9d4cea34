/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wifi_qr.h - "scan to join" QR codes for a Wi-Fi network.
 *
 * The payload is the de facto WIFI: URI that Android and iOS cameras
 * understand (ZXing's format): WIFI:T:WPA;S:<ssid>;P:<passphrase>;;
 * It is rendered as a PNG (for download and print) or an SVG (inline in a
 * page, scales without blur).
 */
#ifndef MPSK_CORE_WIFI_QR_H
#define MPSK_CORE_WIFI_QR_H

#include <stddef.h>

#include "core/buf.h"

/*
 * wifi_qr_payload - build the WIFI: text for one network and passphrase.
 * @ssid:       the SSID bytes, 1..32, no NUL (UTF-8 is passed through).
 * @ssid_len:   its length.
 * @passphrase: NUL-terminated; must pass passphrase_validate().
 *
 * The characters \ ; , : and " are escaped with a backslash in both fields,
 * as the format requires.
 *
 * Return: a malloc'd NUL-terminated string the caller frees (it contains
 * the passphrase: wipe it first, e.g. sodium_memzero), or NULL when an
 * argument is invalid.
 */
char *wifi_qr_payload(const unsigned char *ssid, size_t ssid_len,
		      const char *passphrase);

/*
 * wifi_qr_png - render text as a QR code PNG.
 * @text:   NUL-terminated; encoded as 8-bit bytes, so any UTF-8 works.
 *          Error correction level M.
 * @scale:  pixels per module, 1..64.
 * @margin: quiet zone in modules on every side, 0..16 (4 is the standard).
 * @out:    the PNG file is appended to it (black on white, 1-bit
 *          greyscale). On failure @out is left as it was.
 *
 * Return: 0, or -1 on bad arguments, text too long for a QR code, an image
 * that would pass @out's maximum, or a libpng error.
 */
int wifi_qr_png(const char *text, int scale, int margin, struct buf *out);

/*
 * wifi_qr_svg - render text as a QR code SVG.
 * @text:   as for wifi_qr_png().
 * @margin: quiet zone in modules, 0..16.
 * @out:    the SVG document is appended to it: a white background rect and
 *          one <path> of the dark modules, viewBox in module units and
 *          shape-rendering="crispEdges"; no width/height, so it takes the
 *          size its container gives it. On failure @out is left as it was.
 *
 * Return: 0, or -1 on bad arguments, text too long, or @out's maximum.
 */
int wifi_qr_svg(const char *text, int margin, struct buf *out);

/*
 * wifi_qr_modules - the QR symbol for text as a matrix of modules, for a
 * caller that draws it itself (e.g. as vector squares into a PDF).
 * @text:  as for wifi_qr_png(): 8-bit mode, error correction level M.
 * @width: receives the side of the symbol in modules, without any quiet
 *         zone (the caller adds the 4 modules the standard asks for).
 *
 * Return: a malloc'd array of @width * @width bytes, row by row from the
 * top left, 1 for a dark module and 0 for a light one; the caller frees
 * it. It spells out the text (a WIFI: payload holds the passphrase), so
 * wipe it first, e.g. sodium_memzero. NULL on bad arguments or text too
 * long for a QR code.
 */
unsigned char *wifi_qr_modules(const char *text, int *width);

#endif
