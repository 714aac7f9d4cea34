// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_config.c - the settings table: defaults, bounds, file errors with
 * file:line, secrets hidden, and the example file documents every key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "tests/unit/check.h"

static const char *write_file(const char *text)
{
	static char path[32];
	snprintf(path, sizeof path, "/tmp/mpsk-test-config-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int load(const char *text, char *err, size_t errlen, struct config *cfg)
{
	config_defaults(cfg);
	const char *path = write_file(text);
	int rc = config_load(cfg, path, err, errlen);
	remove(path);
	return rc;
}

int main(void)
{
	struct config cfg;
	char err[512];

	config_defaults(&cfg);
	CHECK(cfg.http_port == 8080);
	CHECK(cfg.passphrase_length == 12);
	CHECK(cfg.cards_max == 5000);
	CHECK_STR(cfg.db_name, "mpsk");
	config_free(&cfg);

	CHECK(load("# comment\n\nhttp_port = 9000\n db_name=x \n", err,
		   sizeof err, &cfg) == 0);
	CHECK(cfg.http_port == 9000);
	CHECK_STR(cfg.db_name, "x");
	config_free(&cfg);

	CHECK(load("http_port = 9000\nnope = 1\n", err, sizeof err, &cfg) < 0);
	CHECK(strstr(err, ":2: unknown key 'nope'") != NULL);
	config_free(&cfg);

	CHECK(load("passphrase_length = 7\n", err, sizeof err, &cfg) < 0);
	CHECK(strstr(err, ":1: passphrase_length must be") != NULL);
	config_free(&cfg);
	CHECK(load("http_port = 80x\n", err, sizeof err, &cfg) < 0);
	config_free(&cfg);
	CHECK(load("http_port\n", err, sizeof err, &cfg) < 0);
	CHECK(strstr(err, "expected key = value") != NULL);
	config_free(&cfg);

	/* Secrets never print. */
	CHECK(load("db_password = hunter2-secret\n", err, sizeof err, &cfg) == 0);
	char *dump = NULL;
	size_t dumplen = 0;
	FILE *m = open_memstream(&dump, &dumplen);
	config_dump(&cfg, m);
	fclose(m);
	CHECK(strstr(dump, "hunter2") == NULL);
	CHECK(strstr(dump, "db_password = [hidden]") != NULL);
	config_free(&cfg);

	/* The example file loads and names every key the program has. */
	config_defaults(&cfg);
	CHECK(config_load(&cfg, "etc/mpsk.conf.example", err, sizeof err) == 0);
	FILE *ex = fopen("etc/mpsk.conf.example", "r");
	char example[16384] = "";
	size_t n = ex ? fread(example, 1, sizeof example - 1, ex) : 0;
	example[n] = '\0';
	if (ex)
		fclose(ex);
	for (char *line = dump; line && *line;) {
		char *nl = strchr(line, '\n');
		size_t keylen = strcspn(line, " ");
		char want[80];
		snprintf(want, sizeof want, "\n%.*s =", (int)keylen, line);
		CHECK(strstr(example, want) != NULL);
		line = nl ? nl + 1 : NULL;
	}
	free(dump);
	config_free(&cfg);
	return check_report();
}
