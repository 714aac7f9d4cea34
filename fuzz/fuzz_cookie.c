// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_cookie.c - the Cookie header reader and the Set-Cookie writer
 * (portal/cookie.c). Invariants: never past the header or the output, the
 * output is always NUL-terminated and "" unless a value was found, a value
 * found fits and is made of cookie-octets only, a smaller buffer never
 * finds more, and a value found can be written with cookie_format() and
 * read back unchanged.
 *
 * seed: session=abc123; theme=dark
 * seed: session_x=1; session="q2"; =x; junk
 * seed: a b="x; s=ok\ttail; s=dup; session=a\\b
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portal/cookie.h"

static int octets_only(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' ||
		    c == '\\')
			return 0;
	}
	return 1;
}

static void check_name(const char *header, const char *name)
{
	char value[48], small[8], line[160], back[48];
	int rc = cookie_get(header, name, value, sizeof value);

	if (rc < -1 || rc > 1 || strlen(value) >= sizeof value)
		__builtin_trap();
	if (rc != 1) {
		if (value[0])
			__builtin_trap();
		return;
	}
	if (!octets_only(value))
		__builtin_trap();
	/* A smaller buffer gives the same answer or "does not fit". */
	int rs = cookie_get(header, name, small, sizeof small);
	if (rs == 0 || (rs == 1 && strcmp(small, value) != 0) ||
	    (rs == -1 && strlen(value) < sizeof small))
		__builtin_trap();
	if (cookie_format(line, sizeof line, name, value, "/", 60, 1) != 0)
		__builtin_trap();
	/* A Set-Cookie line read as a Cookie header: name=value comes first
	 * and the attributes are harmless neighbours. */
	if (cookie_get(line, name, back, sizeof back) != 1 ||
	    strcmp(back, value) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"session", "session_x", "s",
					    "__Host-s", "a"};
	/* A copy of exactly size bytes plus the NUL, so ASan sees any read
	 * past the header. */
	char *header = malloc(size + 1);
	if (!header)
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		check_name(header, names[i]);
	/* The writer, with the input as a value: it accepts exactly
	 * cookie-octets and always terminates its output. */
	char line[96];
	int rc = cookie_format(line, sizeof line, "s", header, NULL, -1, 0);
	if (strlen(line) >= sizeof line || (rc == 0 && !octets_only(header)) ||
	    (rc == -1 && line[0]) ||
	    (rc == -1 && octets_only(header) && size + 33 < sizeof line))
		__builtin_trap();
	free(header);
	return 0;
}
