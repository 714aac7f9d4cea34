// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_template.c - the portal's templates: every construct, escaping (all
 * six characters and XSS payloads), sections and context walk-up, the eq
 * helper, partials and their depth limit, load errors with file:line, and
 * the output buffer left untouched when rendering fails.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portal/template.h"
#include "tests/unit/check.h"

struct fixture {
	const char *name; /* file name in the directory */
	const char *text;
};

/* Write the fixtures into a fresh directory, load it, remove it again. */
static struct tmpl_set *load(const struct fixture *files, char *err,
			     size_t errlen)
{
	char dir[64], path[128];
	snprintf(dir, sizeof dir, "/tmp/mpsk-test-tmpl-XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	for (const struct fixture *f = files; f->name; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, f->name);
		FILE *fp = fopen(path, "w");
		if (!fp)
			continue;
		fputs(f->text, fp);
		fclose(fp);
	}
	err[0] = '\0';
	struct tmpl_set *set = tmpl_load(dir, err, errlen);
	for (const struct fixture *f = files; f->name; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, f->name);
		remove(path);
	}
	rmdir(dir);
	return set;
}

/* Load one template called "t" from text; NULL on a load error. */
static struct tmpl_set *load1(const char *text, char *err, size_t errlen)
{
	const struct fixture files[] = {{"t.html", text}, {NULL, NULL}};
	return load(files, err, errlen);
}

static struct buf out;

/* Parse JSON text, deeper than json-c's default of 32 (partial tests). */
static struct json_object *parse(const char *json)
{
	struct json_tokener *tok = json_tokener_new_ex(128);
	struct json_object *o =
	    json_tokener_parse_ex(tok, json, (int)strlen(json));
	json_tokener_free(tok);
	return o;
}

/* Render name with data given as JSON text; "(error)" when it fails. */
static const char *render(const struct tmpl_set *set, const char *name,
			  const char *json)
{
	struct json_object *data = json ? parse(json) : NULL;
	buf_reset(&out);
	int rc = tmpl_render(set, name, data, &out);
	json_object_put(data);
	return rc == 0 ? buf_str(&out) : "(error)";
}

/* Compile text as template "t" and render it with json. */
static const char *render1(const char *text, const char *json)
{
	static char result[4096];
	char err[256];
	struct tmpl_set *set = load1(text, err, sizeof err);
	if (!set) {
		snprintf(result, sizeof result, "(load: %s)", err);
		return result;
	}
	snprintf(result, sizeof result, "%s", render(set, "t", json));
	tmpl_free(set);
	return result;
}

static void test_variables(void)
{
	CHECK_STR(render1("Hello {{name}}!", "{\"name\":\"Ann\"}"),
		  "Hello Ann!");
	CHECK_STR(render1("{{ name }}|{{\tname\t}}", "{\"name\":\"x\"}"),
		  "x|x");
	CHECK_STR(render1("{{n}} {{m}} {{d}} {{e}}",
			  "{\"n\":42,\"m\":-7,\"d\":1.5,\"e\":0.1}"),
		  "42 -7 1.5 0.1");
	CHECK_STR(render1("{{big}}", "{\"big\":18446744073709551615}"),
		  "18446744073709551615");
	CHECK_STR(render1("{{t}} {{f}}", "{\"t\":true,\"f\":false}"),
		  "true false");
	CHECK_STR(render1("[{{z}}][{{missing}}]", "{\"z\":null}"), "[][]");
	CHECK_STR(render1("[{{o}}][{{a}}]", "{\"o\":{\"x\":1},\"a\":[1]}"),
		  "[][]");
	CHECK_STR(render1("{{a.b.c}}", "{\"a\":{\"b\":{\"c\":\"deep\"}}}"),
		  "deep");
	CHECK_STR(render1("[{{a.x.c}}]", "{\"a\":{\"b\":{\"c\":\"deep\"}}}"),
		  "[]");
	CHECK_STR(render1("{{a.1}}", "{\"a\":[\"zero\",\"one\"]}"), "one");
	CHECK_STR(render1("[{{a.2}}][{{a.x}}]", "{\"a\":[\"zero\",\"one\"]}"),
		  "[][]");
	CHECK_STR(render1("{{k-1}}{{k_2}}", "{\"k-1\":\"a\",\"k_2\":\"b\"}"),
		  "ab");
	CHECK_STR(render1("[{{.}}]", "{\"a\":1}"), "[]");
	CHECK_STR(render1("plain } { }} text", "{}"), "plain } { }} text");
	CHECK_STR(render1("", "{}"), "");
	CHECK_STR(render1("a{{! a comment }}b{{!\nspans\nlines}}c", "{}"),
		  "abc");
	/* NULL data renders like an empty object. */
	CHECK_STR(render1("x{{y}}{{#y}}no{{/y}}{{^y}}yes{{/y}}", NULL), "xyes");
	/* Whitespace, even around section tags, is kept verbatim. */
	CHECK_STR(render1("<ul>\n  {{#a}}\n  <li>{{.}}</li>\n  {{/a}}\n</ul>\n",
			  "{\"a\":[1]}"),
		  "<ul>\n  \n  <li>1</li>\n  \n</ul>\n");
}

static void test_escaping(void)
{
	CHECK_STR(render1("{{v}}", "{\"v\":\"&<>\\\"'`\"}"),
		  "&amp;&lt;&gt;&quot;&#39;&#96;");
	CHECK_STR(
	    render1("<p>{{v}}</p>", "{\"v\":\"<script>alert(1)</script>\"}"),
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	CHECK_STR(render1("<input value=\"{{v}}\">",
			  "{\"v\":\"\\\" onmouseover=\\\"x\"}"),
		  "<input value=\"&quot; onmouseover=&quot;x\">");
	CHECK_STR(render1("<a title='{{v}}'>", "{\"v\":\"' onclick='x\"}"),
		  "<a title='&#39; onclick=&#39;x'>");
	CHECK_STR(render1("{{v}}", "{\"v\":\"&amp;\"}"), "&amp;amp;");
	/* Escaped wherever a value comes from: sections, arrays, partials. */
	CHECK_STR(render1("{{#a}}{{.}}{{/a}}", "{\"a\":[\"<b>\",\"&\"]}"),
		  "&lt;b&gt;&amp;");
	CHECK_STR(render1("{{#o}}{{x}}{{/o}}", "{\"o\":{\"x\":\"<i>\"}}"),
		  "&lt;i&gt;");
	/* UTF-8 passes through untouched. */
	CHECK_STR(render1("{{v}}", "{\"v\":\"Пароль ü\"}"), "Пароль ü");

	/* A JSON string may hold U+0000; the page gets U+FFFD instead. */
	char err[256];
	struct tmpl_set *set = load1("[{{v}}]", err, sizeof err);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "v", json_object_new_string_len("a\0b", 3));
	buf_reset(&out);
	CHECK(set && tmpl_render(set, "t", o, &out) == 0);
	CHECK_STR(buf_str(&out), "[a&#65533;b]");
	json_object_put(o);
	tmpl_free(set);
}

static void test_sections(void)
{
	const char *list =
	    "<ul>{{#items}}<li>{{name}}={{n}}</li>{{/items}}</ul>";
	CHECK_STR(render1(list, "{\"items\":[{\"name\":\"a\",\"n\":1},"
				"{\"name\":\"b\",\"n\":2}]}"),
		  "<ul><li>a=1</li><li>b=2</li></ul>");
	CHECK_STR(render1(list, "{\"items\":[]}"), "<ul></ul>");
	CHECK_STR(render1(list, "{}"), "<ul></ul>");
	CHECK_STR(render1("{{#o}}{{x}}{{/o}}", "{\"o\":{\"x\":\"in\"}}"), "in");
	CHECK_STR(render1("{{#o}}[{{x}}]{{/o}}", "{\"o\":{}}"), "[]");

	/* Scalars: rendered once, with the context unchanged. */
	const char *t = "{{#v}}Y{{name}}{{/v}}{{^v}}N{{/v}}";
	const char *truthy[] = {"true", "1", "-1", "0.5", "\"s\"", "\"0\""};
	const char *falsy[] = {"false", "0", "0.0", "\"\"", "null", "[]"};
	char json[64];
	for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++) {
		snprintf(json, sizeof json, "{\"name\":\"r\",\"v\":%s}",
			 truthy[i]);
		CHECK_STR(render1(t, json), "Yr");
	}
	for (size_t i = 0; i < sizeof falsy / sizeof falsy[0]; i++) {
		snprintf(json, sizeof json, "{\"name\":\"r\",\"v\":%s}",
			 falsy[i]);
		CHECK_STR(render1(t, json), "N");
	}
	CHECK_STR(render1(t, "{\"name\":\"r\"}"), "N"); /* missing */
	CHECK_STR(render1(t, "{\"v\":{}}"), "Y");	/* object */
	CHECK_STR(render1(t, "{\"v\":[0]}"), "Y");	/* array */
	CHECK_STR(render1("{{#a}}{{.}},{{/a}}", "{\"a\":[1,\"x\",true,null]}"),
		  "1,x,true,,");
	CHECK_STR(render1("{{#a.b}}{{c}}{{/a.b}}", "{\"a\":{\"b\":{\"c\":3}}}"),
		  "3");
	CHECK_STR(
	    render1("{{#m}}{{#.}}{{.}}{{/.}};{{/m}}", "{\"m\":[[1,2],[3]]}"),
	    "12;3;");
}

static void test_context(void)
{
	/* Names not in the element are found further out. */
	CHECK_STR(render1("{{#items}}{{name}}@{{site}} {{/items}}",
			  "{\"site\":\"S\",\"items\":[{\"name\":\"a\"},"
			  "{\"name\":\"b\",\"site\":\"T\"}]}"),
		  "a@S b@T ");
	CHECK_STR(render1("{{#a}}{{#b}}{{#c}}{{x}}{{y}}{{z}}{{/c}}{{/b}}{{/a}}",
			  "{\"z\":3,\"a\":{\"x\":1,\"b\":{\"y\":2,"
			  "\"c\":{}}}}"),
		  "123");
	/* A key present with null hides the outer one (Mustache). */
	CHECK_STR(
	    render1("{{#o}}[{{x}}]{{/o}}", "{\"x\":1,\"o\":{\"x\":null}}"),
	    "[]");
	/* Once the first segment is found, the rest must be inside it. */
	CHECK_STR(render1("{{#o}}[{{a.b}}]{{/o}}",
			  "{\"a\":{\"b\":1},\"o\":{\"a\":{}}}"),
		  "[]");
	CHECK_STR(
	    render1("{{#o}}[{{a.b}}]{{/o}}", "{\"a\":{\"b\":1},\"o\":{}}"),
	    "[1]");
	/* Index helpers, the nearest array winning; outside one: missing. */
	CHECK_STR(render1("{{#a}}{{@index}}{{#@first}}F{{/@first}}"
			  "{{^@last}},{{/@last}}{{/a}}",
			  "{\"a\":[\"x\",\"y\",\"z\"]}"),
		  "0F,1,2");
	CHECK_STR(render1("{{#a}}{{@index}}:{{#b}}{{@index}}{{/b}};{{/a}}",
			  "{\"a\":[{\"b\":[1,2]},{\"b\":[3]}]}"),
		  "0:01;1:0;");
	CHECK_STR(render1("{{#a}}{{#o}}{{@index}}{{/o}}{{/a}}",
			  "{\"a\":[{\"o\":{}},{\"o\":{}}]}"),
		  "01");
	CHECK_STR(render1("[{{@index}}]{{^@first}}n{{/@first}}", "{}"), "[]n");
	CHECK_STR(render1("{{#a}}{{@last}}{{/a}}", "{\"a\":[1,2]}"),
		  "falsetrue");
}

static void test_eq(void)
{
	const char *opt = "<option{{#eq status \"active\"}} selected{{/eq}}>"
			  "{{^eq status \"active\"}}other{{/eq}}";
	CHECK_STR(render1(opt, "{\"status\":\"active\"}"), "<option selected>");
	CHECK_STR(render1(opt, "{\"status\":\"activeX\"}"), "<option>other");
	CHECK_STR(render1(opt, "{}"), "<option>other");
	CHECK_STR(render1("{{#eq n \"3\"}}three{{/eq}}", "{\"n\":3}"), "three");
	CHECK_STR(render1("{{#eq b \"true\"}}T{{/eq}}", "{\"b\":true}"), "T");
	CHECK_STR(render1("{{#eq x \"\"}}empty{{/eq}}", "{}"), "empty");
	CHECK_STR(render1("{{#eq x \"\"}}e{{/eq}}{{^eq x \"\"}}n{{/eq}}",
			  "{\"x\":{}}"),
		  "n"); /* objects equal nothing */
	CHECK_STR(render1("{{#eq  a.b   \"x y\" }}ok{{/ eq }}",
			  "{\"a\":{\"b\":\"x y\"}}"),
		  "ok");
	/* Inside a list, compared against a value further out. */
	CHECK_STR(render1("{{#opts}}<option{{#eq . \"b\"}} selected{{/eq}}>"
			  "{{.}}{{/opts}}",
			  "{\"opts\":[\"a\",\"b\"]}"),
		  "<option>a<option selected>b");
	CHECK_STR(
	    render1("{{#eq @index \"1\"}}{{/eq}}{{#a}}{{#eq @index \"1\"}}"
		    "second{{/eq}}{{/a}}",
		    "{\"a\":[0,0]}"),
	    "second");
	/* A plain section on a key called eq is still a section. */
	CHECK_STR(render1("{{#eq}}E{{/eq}}", "{\"eq\":true}"), "E");
}

static void test_partials(void)
{
	const struct fixture files[] = {
	    {"page.html", "{{>layout_head}}<main>{{#rows}}{{>row}}"
			  "{{/rows}}</main>"},
	    {"layout_head.html", "<title>{{title}}</title>"},
	    {"row.html", "<tr>{{name}}</tr>"},
	    {"tree.html", "{{n}}{{#kids}}({{>tree}}){{/kids}}"},
	    {"loop.html", "x{{>loop}}"},
	    {"notes.txt", "{{ not a template"},
	    {".hidden.html", "{{/broken"},
	    {NULL, NULL},
	};
	char err[256];
	struct tmpl_set *set = load(files, err, sizeof err);
	CHECK(set != NULL);
	if (!set) {
		fprintf(stderr, "load: %s\n", err);
		return;
	}
	CHECK(tmpl_has(set, "page"));
	CHECK(tmpl_has(set, "layout_head"));
	CHECK(!tmpl_has(set, "notes"));
	CHECK(!tmpl_has(set, ".hidden"));
	CHECK(!tmpl_has(set, "nope"));
	CHECK_STR(render(set, "page",
			 "{\"title\":\"<T>\",\"rows\":"
			 "[{\"name\":\"a\"},{\"name\":\"b\"}]}"),
		  "<title>&lt;T&gt;</title><main><tr>a</tr><tr>b</tr></main>");
	CHECK_STR(render(set, "nope", "{}"), "(error)");

	/* A recursive partial may go 16 deep, not 17. */
	char json[1024] = "", tail[512] = "";
	for (int depth = 16; depth <= 17; depth++) {
		json[0] = tail[0] = '\0';
		for (int i = 0; i <= depth; i++) {
			size_t n = strlen(json);
			snprintf(json + n, sizeof json - n, "{\"n\":%d%s", i,
				 i < depth ? ",\"kids\":[" : ",\"kids\":[]");
		}
		for (int i = 0; i < depth; i++) {
			size_t n = strlen(tail);
			snprintf(tail + n, sizeof tail - n, "}]");
		}
		size_t n = strlen(json);
		snprintf(json + n, sizeof json - n, "%s}", tail);
		const char *got = render(set, "tree", json);
		if (depth == 16)
			CHECK(strncmp(got, "0(1(2(3(", 8) == 0 &&
			      strstr(got, "(16)") != NULL);
		else
			CHECK_STR(got, "(error)");
	}
	CHECK_STR(render(set, "loop", "{}"), "(error)");
	/* Without "kids":[] the leaf finds its parent's kids (Mustache
	 * walk-up) and recurses until the depth limit stops it. */
	CHECK_STR(render(set, "tree", "{\"n\":0,\"kids\":[{\"n\":1}]}"),
		  "(error)");
	tmpl_free(set);
}

/* Load text as t.html and expect a load error containing want. */
static void expect_error(const char *text, const char *want, int line)
{
	char err[256];
	struct tmpl_set *set = load1(text, err, sizeof err);
	if (!set && strstr(err, want) && strstr(err, "/t.html:")) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: want error \"%s\", got \"%s\"\n", __FILE__,
		line, want, set ? "(loaded)" : err);
	tmpl_free(set);
}

static void test_load_errors(void)
{
	expect_error("line1\nline2 {{#a}}\n{{/b}}",
		     ":3: {{/b}} does not close "
		     "{{#a}} of line 2",
		     __LINE__);
	expect_error("x\n\n{{^a}}\n{{#b}}{{/b}}\n",
		     ":3: {{^a}} is never closed", __LINE__);
	expect_error("{{/a}}", ":1: {{/a}} closes no section", __LINE__);
	expect_error("a\nb\nc\n<p>{{{x}}}</p>", ":4: unescaped output",
		     __LINE__);
	expect_error("\n{{&x}}", ":2: unescaped output", __LINE__);
	expect_error("{{=<% %>=}}", ":1: delimiter changes", __LINE__);
	expect_error("ok\n{{name", ":2: unterminated {{", __LINE__);
	expect_error("ok {{name}\n}", ":1: unterminated {{", __LINE__);
	expect_error("{{}}", ":1: empty tag", __LINE__);
	expect_error("{{  }}", ":1: empty tag", __LINE__);
	expect_error("{{a b}}", ":1: bad name 'a b'", __LINE__);
	expect_error("{{a<b}}", ":1: bad name", __LINE__);
	expect_error("{{a\nb}}\n{{x}", ":1: bad name", __LINE__);
	expect_error("{{a..b}}", ":1: empty segment", __LINE__);
	expect_error("{{.a}}", ":1: empty segment", __LINE__);
	expect_error("{{a.}}", ":1: empty segment", __LINE__);
	expect_error("{{@nope}}", ":1: unknown name '@nope'", __LINE__);
	expect_error("{{#}}{{/}}", ":1: missing name", __LINE__);
	expect_error("{{#eq a}}{{/eq}}", ":1: expected {{#eq", __LINE__);
	expect_error("{{#eq a \"x}}{{/eq}}", ":1: expected {{#eq", __LINE__);
	expect_error("{{#eq a \"x\" y}}{{/eq}}", ":1: expected {{#eq",
		     __LINE__);
	expect_error("{{#eq a \"x\"\"}}{{/eq}}", ":1: expected {{#eq",
		     __LINE__);
	expect_error("{{#eq a \"x\"}}{{/a}}",
		     ":1: {{/a}} does not close "
		     "{{#eq}}",
		     __LINE__);
	expect_error("{{>}}", ":1: bad partial name", __LINE__);
	expect_error("{{>a/b}}", ":1: bad partial name", __LINE__);
	expect_error("\n\n{{>missing}}", ":3: no template 'missing'", __LINE__);
	/* Comments and tags spanning lines keep the count right. */
	expect_error("{{! one\ntwo\nthree }}\n{{/x}}", ":4: {{/x}}", __LINE__);

	char deep[32 * 12 + 64] = "";
	for (int i = 0; i <= 32; i++) {
		size_t n = strlen(deep);
		snprintf(deep + n, sizeof deep - n, "{{#s%d}}", i);
	}
	expect_error(deep, ":1: sections nested deeper than 32", __LINE__);

	/* The NUL case above cannot be written with fputs: write it here. */
	char dir[64] = "/tmp/mpsk-test-tmpl-XXXXXX", path[128], err[256];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/n.html", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fwrite("a\nb\0c", 1, 5, f);
		fclose(f);
	}
	CHECK(tmpl_load(dir, err, sizeof err) == NULL);
	CHECK(strstr(err, "n.html:2: NUL byte") != NULL);
	remove(path);
	snprintf(path, sizeof path, "%s/bad name.html", dir);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	CHECK(tmpl_load(dir, err, sizeof err) == NULL);
	CHECK(strstr(err, "bad name.html: template names") != NULL);
	remove(path);
	rmdir(dir);

	CHECK(tmpl_load("/nonexistent/mpsk-templates", err, sizeof err) ==
	      NULL);
	CHECK(strstr(err, "/nonexistent/mpsk-templates: ") != NULL);
}

static void test_limits(void)
{
	char err[256];
	struct tmpl_set *set =
	    load1("{{#a}}<li>{{.}}</li>{{/a}}", err, sizeof err);
	CHECK(set != NULL);
	struct json_object *data =
	    json_tokener_parse("{\"a\":[\"xxxx\",\"yyyy\",\"zzzz\"]}");
	struct buf small;
	buf_init(&small, 32);
	buf_append_str(&small, "kept");
	CHECK(tmpl_render(set, "t", data, &small) == -1);
	CHECK_STR(buf_str(&small), "kept");
	CHECK(small.len == 4);
	buf_free(&small);
	buf_init(&small, 4 + 3 * 13); /* exactly enough */
	buf_append_str(&small, "kept");
	CHECK(tmpl_render(set, "t", data, &small) == 0);
	CHECK_STR(buf_str(&small),
		  "kept<li>xxxx</li><li>yyyy</li><li>zzzz</li>");
	buf_free(&small);
	/* Escaping counts towards the maximum. */
	buf_init(&small, 10);
	struct json_object *amp = json_tokener_parse("{\"a\":[\"&&\"]}");
	CHECK(tmpl_render(set, "t", amp, &small) == -1);
	CHECK(small.len == 0);
	buf_free(&small);
	json_object_put(amp);
	json_object_put(data);
	CHECK(tmpl_render(set, "", NULL, &out) == -1);
	CHECK(tmpl_render(set, NULL, NULL, &out) == -1);
	CHECK(!tmpl_has(set, NULL));
	tmpl_free(set);
	tmpl_free(NULL);

	/* An empty directory is a valid, empty set. */
	char dir[64] = "/tmp/mpsk-test-tmpl-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	set = tmpl_load(dir, err, sizeof err);
	CHECK(set != NULL && !tmpl_has(set, "t"));
	tmpl_free(set);
	rmdir(dir);
}

struct shared {
	const struct tmpl_set *set;
	struct json_object *data;
	const char *want;
	int bad;
};

static void *render_many(void *arg)
{
	struct shared *s = arg;
	struct buf b;
	buf_init(&b, 4096);
	for (int i = 0; i < 2000; i++) {
		buf_reset(&b);
		if (tmpl_render(s->set, "t", s->data, &b) < 0 ||
		    strcmp(buf_str(&b), s->want) != 0)
			__atomic_add_fetch(&s->bad, 1, __ATOMIC_RELAXED);
	}
	buf_free(&b);
	return NULL;
}

/* One set and one data object rendered by several threads at once. */
static void test_threads(void)
{
	char err[256];
	struct shared s = {0};
	struct tmpl_set *set = load1("{{#a}}{{n}}:{{d}}:{{i}}{{#eq d \"1.5\"}}!"
				     "{{/eq}};{{/a}}",
				     err, sizeof err);
	s.set = set;
	s.data = json_tokener_parse("{\"a\":[{\"n\":\"<x>\",\"d\":1.5,"
				    "\"i\":7},{\"n\":\"y\",\"d\":2,\"i\":8}]}");
	s.want = "&lt;x&gt;:1.5:7!;y:2:8;";
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, render_many, &s);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	CHECK(set != NULL && s.bad == 0);
	json_object_put(s.data);
	tmpl_free(set);
}

int main(void)
{
	buf_init(&out, 1 << 16);
	test_variables();
	test_escaping();
	test_sections();
	test_context();
	test_eq();
	test_partials();
	test_load_errors();
	test_limits();
	test_threads();
	buf_free(&out);
	return check_report();
}
