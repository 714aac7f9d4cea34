// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_http.c - the request-line parsers of both front doors: query
 * arguments (URL decoding) and the FastCGI REQUEST_URI split. Invariants:
 * never past a buffer, a decoded value never holds a NUL before its end,
 * and a path that decoded fine has no '?' cut off wrongly.
 *
 * seed: /api/v1/customers/a%20b?status=active&search=x+y
 * seed: /api/v1/decision?mac=aa%3Abb%3Acc%3Add%3Aee%3Aff&ssid=T%C3%A9st
 * seed: /p%zz?q=%00
 */
#include <stdint.h>
#include <string.h>

#include "server/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char uri[512], path[128], query[128], value[64];
	if (size >= sizeof uri)
		return 0;
	memcpy(uri, data, size);
	uri[size] = '\0';
	if (http_split_uri(uri, path, sizeof path, query, sizeof query) == 0) {
		if (strlen(query) >= sizeof query)
			__builtin_trap();
		struct request rq = { .query = query };
		static const char *const names[] = { "status", "search", "mac",
						     "ssid", "q", "" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (request_query(&rq, names[i], value, sizeof value) == 1 &&
			    strlen(value) >= sizeof value)
				__builtin_trap();
	}
	return 0;
}
