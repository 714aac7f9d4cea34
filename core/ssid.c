// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ssid.c - SSID validation. See ssid.h.
 */
#include "core/ssid.h"

#include "core/utf8.h"

int ssid_validate(const unsigned char *s, size_t n)
{
	if (!s || n < 1 || n > SSID_MAX_LEN)
		return -1;
	return utf8_valid(s, n) ? 0 : -1;
}
