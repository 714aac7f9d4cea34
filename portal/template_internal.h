/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template_internal.h - what the template compiler (template_compile.c)
 * hands to the renderer (template_render.c): a template compiles into a
 * flat array of ops: text, a variable, a partial, or a section that
 * records where its body ends. Private to those two files.
 */
#ifndef MPSK_PORTAL_TEMPLATE_INTERNAL_H
#define MPSK_PORTAL_TEMPLATE_INTERNAL_H

#include <stddef.h>

#include "portal/template.h"

/* A template larger than this is a mistake, not a page. */
#define TMPL_MAX_FILE (1u << 20)
/* Sections open at once within one template. */
#define TMPL_MAX_NESTING 32

enum op_kind { OP_TEXT, OP_VAR, OP_SECTION, OP_PARTIAL };

enum ref_kind { REF_PATH, REF_DOT, REF_INDEX, REF_FIRST, REF_LAST };

/* What a tag names: a dotted path or one of the special names. */
struct ref {
	enum ref_kind kind;
	char *segs; /* REF_PATH: the segments, each NUL-terminated */
	size_t nseg;
};

struct op {
	enum op_kind kind;
	int line;
	const char *text; /* OP_TEXT: points into the template's source */
	size_t len;
	struct ref ref; /* OP_VAR, OP_SECTION */
	char *tag;     /* OP_SECTION: what {{/..}} must say; OP_PARTIAL: name */
	int inverted;  /* OP_SECTION: {{^..}} */
	char *literal; /* OP_SECTION: the eq helper's literal, else NULL */
	size_t end;    /* OP_SECTION: index of the first op after the body */
	size_t partial; /* OP_PARTIAL: index in the set */
};

struct tmpl {
	char *name;
	char *path; /* for messages about unknown partials */
	char *src;  /* kept: OP_TEXT points into it */
	size_t srclen;
	struct op *ops;
	size_t nops, cap;
};

struct tmpl_set {
	struct tmpl *t; /* sorted by name */
	size_t n;
};

/* The template called name, or NULL. */
const struct tmpl *tmpl_find(const struct tmpl_set *set, const char *name);

#endif
