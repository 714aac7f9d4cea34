/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * template.h - the portal's HTML templates: a small Mustache subset that
 * renders a json-c value, escaped by default with no way to opt out.
 *
 * Every *.html file of a directory is compiled once, at startup, into a flat
 * list of operations; rendering only walks that list, never parses, and
 * never changes the set, so any number of threads may render from one set
 * at once. A template with a syntax error stops the load with
 * "file:line: message", like a bad line of the configuration.
 *
 * Syntax (whitespace inside a tag is allowed: {{ name }}):
 *
 *   {{name}} {{a.b.c}}   the value, HTML-escaped (& < > " ' `): strings as
 *                        they are, numbers formatted, booleans "true" /
 *                        "false"; null, missing, objects and arrays render
 *                        nothing. The first segment is looked up in the
 *                        current context, then in each enclosing one
 *                        (Mustache rules); the others only inside what the
 *                        first found. A segment of digits indexes an array.
 *   {{.}}                the current context value.
 *   {{@index}}           0-based position in the nearest array section;
 *   {{@first}} {{@last}} true on its first / last element.
 *   {{#name}}..{{/name}} a section: once per element of a non-empty array
 *                        (the element becomes the context), once for an
 *                        object (it becomes the context), once for true, a
 *                        non-empty string or a non-zero number (context
 *                        unchanged); skipped for false, null, missing, [],
 *                        "" and 0.
 *   {{^name}}..{{/name}} inverted: rendered exactly when the section would
 *                        not be.
 *   {{#eq name "lit"}}..{{/eq}}  rendered when name's text (as {{name}}
 *                        would print it before escaping; null and missing
 *                        are "", objects and arrays equal nothing) is lit;
 *                        {{^eq name "lit"}}..{{/eq}} when it is not.
 *   {{>other}}           the template "other" of the same set, with the
 *                        current context (at most 16 deep).
 *   {{! comment }}       nothing; may span lines.
 *
 * Unescaped output ({{{x}}}, {{&x}}) and delimiter changes ({{=..=}}) are
 * deliberately not supported and fail the load. Whitespace, including that
 * of lines holding only a section tag, is kept verbatim.
 */
#ifndef MPSK_PORTAL_TEMPLATE_H
#define MPSK_PORTAL_TEMPLATE_H

#include <json.h>
#include <stddef.h>

#include "core/buf.h"

/* The deepest chain of {{>partial}} inclusions a render follows. */
#define TMPL_MAX_PARTIAL_DEPTH 16

struct tmpl_set;

/*
 * tmpl_load - read and compile every *.html file of a directory.
 * @dir:    the directory; each file's template is named after the file
 *          without ".html" ("layout_head.html" is "layout_head"). Names may
 *          hold [A-Za-z0-9_.-]; files starting with '.' are ignored.
 * @err:    receives "file:line: message" (or "dir: message") on failure.
 * @errlen: size of @err.
 *
 * A syntax error, an unknown {{>partial}}, an unreadable or oversized file
 * fails the whole load.
 *
 * Return: the set, which the caller frees with tmpl_free(), or NULL.
 */
struct tmpl_set *tmpl_load(const char *dir, char *err, size_t errlen);

/* tmpl_free - free a set from tmpl_load(); NULL is allowed. */
void tmpl_free(struct tmpl_set *set);

/*
 * tmpl_render - render a template, appending the HTML to @out.
 * @set:  the loaded set (only read, so threads may share it).
 * @name: which template.
 * @data: the root context (a json object; NULL renders like an empty one).
 *        It is only read: no json-c call that caches a string in it.
 * @out:  receives the output.
 *
 * Return: 0, or -1 when there is no such template, @out's maximum would be
 * passed or partials nest too deeply; @out is then as it was before.
 */
int tmpl_render(const struct tmpl_set *set, const char *name,
		struct json_object *data, struct buf *out);

/* tmpl_has - 1 when @set holds a template called @name, else 0. */
int tmpl_has(const struct tmpl_set *set, const char *name);

#endif
