// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * template_compile.c - load the portal's templates and compile each into
 * ops, reporting mistakes as file:line. See template.h.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "portal/template_internal.h"

/* ---- messages ---------------------------------------------------------- */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- compiling --------------------------------------------------------- */

struct parser {
	struct tmpl *t;
	char *err;
	size_t errlen;
	int line;		       /* of the current position */
	size_t open[TMPL_MAX_NESTING]; /* ops of the unclosed sections */
	int nopen;
};

static int fail(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write "path:line: message" and return -1. */
static int fail(struct parser *p, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	set_err(p->err, p->errlen, "%s:%d: %s", p->t->path, line, msg);
	return -1;
}

static struct op *add_op(struct parser *p, enum op_kind kind, int line)
{
	struct tmpl *t = p->t;
	if (t->nops == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->ops = xrealloc(t->ops, t->cap * sizeof *t->ops);
	}
	struct op *op = &t->ops[t->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->line = line;
	return op;
}

static int count_lines(const char *s, size_t n)
{
	int lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Drop spaces and tabs from both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_space(s[0])) {
		s++;
		(*n)--;
	}
	while (*n && is_space(s[*n - 1]))
		(*n)--;
	return s;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	       c == '@';
}

/* Template (and so partial) names: as tag names, without '@'. */
static int tmpl_name_ok(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]) || s[i] == '@')
			return 0;
	return 1;
}

static int parse_ref(struct parser *p, int line, const char *s, size_t n,
		     struct ref *out)
{
	static const struct {
		const char *name;
		enum ref_kind kind;
	} helpers[] = {
	    {"@index", REF_INDEX}, {"@first", REF_FIRST}, {"@last", REF_LAST}};

	if (!n)
		return fail(p, line, "missing name");
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]))
			return fail(p, line, "bad name '%.*s'",
				    (int)(n > 64 ? 64 : n), s);
	if (n == 1 && s[0] == '.') {
		out->kind = REF_DOT;
		return 0;
	}
	if (s[0] == '@') {
		for (size_t i = 0; i < sizeof helpers / sizeof helpers[0]; i++)
			if (strlen(helpers[i].name) == n &&
			    memcmp(helpers[i].name, s, n) == 0) {
				out->kind = helpers[i].kind;
				return 0;
			}
		return fail(p, line, "unknown name '%.*s'", (int)n, s);
	}
	if (s[0] == '.' || s[n - 1] == '.' || memmem(s, n, "..", 2))
		return fail(p, line, "empty segment in name '%.*s'", (int)n, s);
	out->kind = REF_PATH;
	out->segs = xstrndup(s, n);
	out->nseg = 1;
	for (size_t i = 0; i < n; i++)
		if (out->segs[i] == '.') {
			out->segs[i] = '\0';
			out->nseg++;
		}
	return 0;
}

/* The arguments of {{#eq name "literal"}}, after "eq" and its space. */
static int parse_eq(struct parser *p, int line, const char *s, size_t n,
		    struct op *op)
{
	size_t k = 0;
	while (k < n && !is_space(s[k]))
		k++;
	if (parse_ref(p, line, s, k, &op->ref) < 0)
		return -1;
	while (k < n && is_space(s[k]))
		k++;
	/* n was trimmed, so a well-formed literal ends exactly at n. */
	if (n - k < 2 || s[k] != '"' || s[n - 1] != '"' ||
	    memchr(s + k + 1, '"', n - k - 2))
		return fail(p, line, "expected {{#eq name \"literal\"}}");
	op->literal = xstrndup(s + k + 1, n - k - 2);
	return 0;
}

static int open_section(struct parser *p, int line, int inverted, const char *s,
			size_t n)
{
	if (p->nopen == TMPL_MAX_NESTING)
		return fail(p, line, "sections nested deeper than %d",
			    TMPL_MAX_NESTING);
	struct op *op = add_op(p, OP_SECTION, line);
	op->inverted = inverted;
	p->open[p->nopen++] = p->t->nops - 1;
	if (n > 3 && memcmp(s, "eq", 2) == 0 && is_space(s[2])) {
		size_t an = n - 3;
		const char *args = trim(s + 3, &an);
		op->tag = xstrdup("eq");
		return parse_eq(p, line, args, an, op);
	}
	op->tag = xstrndup(s, n);
	return parse_ref(p, line, s, n, &op->ref);
}

static int close_section(struct parser *p, int line, const char *s, size_t n)
{
	if (!p->nopen)
		return fail(p, line, "{{/%.*s}} closes no section", (int)n, s);
	struct op *op = &p->t->ops[p->open[p->nopen - 1]];
	if (strlen(op->tag) != n || memcmp(op->tag, s, n) != 0)
		return fail(
		    p, line, "{{/%.*s}} does not close {{%c%s}} of line %d",
		    (int)n, s, op->inverted ? '^' : '#', op->tag, op->line);
	op->end = p->t->nops;
	p->nopen--;
	return 0;
}

/* One tag: s[0..n) is what stands between "{{" and "}}". */
static int compile_tag(struct parser *p, int line, const char *s, size_t n)
{
	s = trim(s, &n);
	if (!n)
		return fail(p, line, "empty tag {{}}");
	char sigil = s[0];
	const char *rest = s + 1;
	size_t rn = n - 1;
	rest = trim(rest, &rn);
	switch (sigil) {
	case '!':
		return 0;
	case '{':
	case '&':
		return fail(p, line, "unescaped output {{%c is not supported",
			    sigil);
	case '=':
		return fail(p, line, "delimiter changes are not supported");
	case '#':
	case '^':
		return open_section(p, line, sigil == '^', rest, rn);
	case '/':
		return close_section(p, line, rest, rn);
	case '>':
		if (!tmpl_name_ok(rest, rn))
			return fail(p, line, "bad partial name '%.*s'",
				    (int)(rn > 64 ? 64 : rn), rest);
		add_op(p, OP_PARTIAL, line)->tag = xstrndup(rest, rn);
		return 0;
	default:
		return parse_ref(p, line, s, n, &add_op(p, OP_VAR, line)->ref);
	}
}

static void add_text(struct parser *p, const char *s, size_t n)
{
	if (!n)
		return;
	struct op *op = add_op(p, OP_TEXT, p->line);
	op->text = s;
	op->len = n;
	p->line += count_lines(s, n);
}

static int compile(struct parser *p)
{
	const char *s = p->t->src, *end = s + p->t->srclen;
	const char *nul = memchr(s, '\0', p->t->srclen);

	/* The ops are length-counted, but a NUL in a page is always a slip. */
	if (nul)
		return fail(p, 1 + count_lines(s, (size_t)(nul - s)),
			    "NUL byte");
	while (s < end) {
		const char *open = memmem(s, (size_t)(end - s), "{{", 2);
		if (!open) {
			add_text(p, s, (size_t)(end - s));
			break;
		}
		add_text(p, s, (size_t)(open - s));
		const char *body = open + 2;
		const char *close = memmem(body, (size_t)(end - body), "}}", 2);
		if (!close)
			return fail(p, p->line, "unterminated {{");
		if (compile_tag(p, p->line, body, (size_t)(close - body)) < 0)
			return -1;
		p->line += count_lines(body, (size_t)(close - body));
		s = close + 2;
	}
	if (p->nopen) {
		const struct op *op = &p->t->ops[p->open[p->nopen - 1]];
		return fail(p, op->line, "{{%c%s}} is never closed",
			    op->inverted ? '^' : '#', op->tag);
	}
	return 0;
}

/* ---- loading ----------------------------------------------------------- */

static void tmpl_clear(struct tmpl *t)
{
	for (size_t i = 0; i < t->nops; i++) {
		free(t->ops[i].ref.segs);
		free(t->ops[i].tag);
		free(t->ops[i].literal);
	}
	free(t->ops);
	free(t->name);
	free(t->path);
	free(t->src);
}

void tmpl_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tmpl_clear(&set->t[i]);
	free(set->t);
	free(set);
}

/* Read a whole file, at most TMPL_MAX_FILE bytes. */
static int read_file(const char *path, struct tmpl *t, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b;
	char chunk[4096];
	size_t n;
	int rc = 0;
	buf_init(&b, TMPL_MAX_FILE);
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = buf_append(&b, chunk, n);
	if (rc < 0)
		set_err(err, errlen, "%s: larger than %u bytes", path,
			TMPL_MAX_FILE);
	else if (ferror(f))
		set_err(err, errlen, "%s: read error", path);
	rc = rc < 0 || ferror(f) ? -1 : 0;
	fclose(f);
	t->srclen = b.len;
	t->src = buf_steal(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted stems of dir's *.html files. Returns the count, or -1. */
static long list_dir(const char *dir, char ***names, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		set_err(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	size_t n = 0, cap = 0;
	const struct dirent *e;
	char **v = NULL;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 5 ||
		    strcmp(e->d_name + len - 5, ".html") != 0)
			continue;
		if (!tmpl_name_ok(e->d_name, len - 5)) {
			set_err(err, errlen,
				"%s/%s: template names are [A-Za-z0-9_.-]", dir,
				e->d_name);
			goto fail;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = xstrndup(e->d_name, len - 5);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	*names = v;
	return (long)n;
fail:
	closedir(d);
	while (n)
		free(v[--n]);
	free(v);
	return -1;
}

static int load_one(const char *dir, char *name, struct tmpl *t, char *err,
		    size_t errlen)
{
	size_t plen = strlen(dir) + strlen(name) + sizeof "/.html";
	t->name = name;
	t->path = xmalloc(plen);
	snprintf(t->path, plen, "%s/%s.html", dir, name);
	if (read_file(t->path, t, err, errlen) < 0)
		return -1;
	struct parser p = {.t = t, .err = err, .errlen = errlen, .line = 1};
	return compile(&p);
}

static int cmp_tmpl(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tmpl *)elem)->name);
}

const struct tmpl *tmpl_find(const struct tmpl_set *set, const char *name)
{
	if (!set || !name || !set->n)
		return NULL;
	return bsearch(name, set->t, set->n, sizeof *set->t, cmp_tmpl);
}

/* Point every {{>name}} at its template: an unknown one is a load error. */
static int link_partials(struct tmpl_set *set, char *err, size_t errlen)
{
	for (size_t i = 0; i < set->n; i++) {
		struct tmpl *t = &set->t[i];
		for (size_t k = 0; k < t->nops; k++) {
			struct op *op = &t->ops[k];
			if (op->kind != OP_PARTIAL)
				continue;
			const struct tmpl *to = tmpl_find(set, op->tag);
			if (!to) {
				set_err(err, errlen,
					"%s:%d: no template '%s' for {{>%s}}",
					t->path, op->line, op->tag, op->tag);
				return -1;
			}
			op->partial = (size_t)(to - set->t);
		}
	}
	return 0;
}

struct tmpl_set *tmpl_load(const char *dir, char *err, size_t errlen)
{
	char **names = NULL;
	long n = list_dir(dir, &names, err, errlen);
	if (n < 0)
		return NULL;
	struct tmpl_set *set = xcalloc(1, sizeof *set);
	set->t = xcalloc(n ? (size_t)n : 1, sizeof *set->t);
	/* Each name moves into the set as it is loaded, so tmpl_free frees
	 * exactly those, and the rest are freed here. */
	for (long i = 0; i < n; i++) {
		set->n++;
		if (load_one(dir, names[i], &set->t[i], err, errlen) < 0) {
			for (long k = i + 1; k < n; k++)
				free(names[k]);
			goto fail;
		}
	}
	free(names);
	if (link_partials(set, err, errlen) < 0) {
		tmpl_free(set);
		return NULL;
	}
	return set;
fail:
	free(names);
	tmpl_free(set);
	return NULL;
}

int tmpl_has(const struct tmpl_set *set, const char *name)
{
	return tmpl_find(set, name) != NULL;
}
