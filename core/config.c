// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c - the settings table and the `key = value` reader. See config.h.
 */
#include "core/config.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/passphrase.h"
#include "core/xalloc.h"

enum config_type { CONFIG_STR, CONFIG_INT };

struct config_key {
	const char *name;
	enum config_type type;
	size_t offset;
	long min, max;            /* CONFIG_INT bounds */
	const char *def;          /* default, as text */
	int secret;               /* printed as [hidden] */
};

#define STR(field, def, secret) \
	{ #field, CONFIG_STR, offsetof(struct config, field), 0, 0, def, secret }
#define INT(field, min, max, def) \
	{ #field, CONFIG_INT, offsetof(struct config, field), min, max, def, 0 }

static const struct config_key config_keys[] = {
	STR(db_host, "127.0.0.1", 0),
	INT(db_port, 1, 65535, "3306"),
	STR(db_socket, "", 0),
	STR(db_name, "mpsk", 0),
	STR(db_user, "mpsk", 0),
	STR(db_password, "", 1),
	STR(migrate_user, "", 0),
	STR(migrate_password, "", 1),
	STR(http_address, "127.0.0.1", 0),
	INT(http_port, 0, 65535, "8080"),
	INT(http_threads, 1, 64, "4"),
	STR(fcgi_socket, "", 0),
	INT(fcgi_threads, 1, 64, "4"),
	STR(fcgi_secret, "", 1),
	INT(passphrase_length, 8, 63, "12"),
	STR(passphrase_alphabet, PASSPHRASE_DEFAULT_ALPHABET, 0),
	INT(max_body_bytes, 1024, 16777216, "65536"),
	INT(max_page_size, 1, 10000, "200"),
	STR(openapi_path, "api/openapi.json", 0),
	STR(migrations_dir, "db/migrations", 0),
	STR(templates_dir, "templates", 0),
	STR(static_dir, "static", 0),
	INT(session_idle_seconds, 60, 2592000, "1800"),
	INT(session_max_seconds, 300, 2592000, "43200"),
	INT(signin_max_failures, 1, 1000, "5"),
	INT(signin_lockout_seconds, 1, 86400, "900"),
	INT(signin_ip_max_failures, 1, 100000, "50"),
	INT(signin_ip_window_seconds, 1, 86400, "600"),
	INT(signin_hash_concurrency, 1, 64, "2"),
	INT(activation_days, 1, 365, "30"),
	STR(portal_url, "", 0),
	STR(isp_name, "Your Internet provider", 0),
	STR(support_text, "", 0),
	STR(card_logo, "", 0),
	STR(card_paper, "a4", 0),
	INT(cards_max, 1, 100000, "5000"),
	INT(retention_auth_log_days, 0, 36500, "90"),
	INT(retention_radacct_days, 0, 36500, "365"),
};

#define CONFIG_NKEYS (sizeof config_keys / sizeof config_keys[0])

static const struct config_key *config_find(const char *name)
{
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

static int config_assign(struct config *cfg, const struct config_key *k,
			 const char *value, char *err, size_t errlen)
{
	char *field = (char *)cfg + k->offset;
	if (k->type == CONFIG_STR) {
		char **slot = (char **)(void *)field;
		if (*slot) {
			sodium_memzero(*slot, strlen(*slot));
			free(*slot);
		}
		*slot = xstrdup(value);
		return 0;
	}
	char *end = NULL;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end != '\0' || v < k->min || v > k->max) {
		snprintf(err, errlen, "%s must be a whole number from %ld to %ld",
			 k->name, k->min, k->max);
		return -1;
	}
	*(int *)(void *)field = (int)v;
	return 0;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	char err[128];
	for (size_t i = 0; i < CONFIG_NKEYS; i++)
		if (config_assign(cfg, &config_keys[i], config_keys[i].def,
				  err, sizeof err) < 0)
			abort(); /* a default outside its own bounds: a bug */
}

int config_set(struct config *cfg, const char *key, const char *value,
	       char *err, size_t errlen)
{
	const struct config_key *k = config_find(key);
	if (!k) {
		snprintf(err, errlen, "unknown key '%s'", key);
		return -1;
	}
	if (strcmp(key, "card_paper") == 0 && strcmp(value, "a4") != 0 &&
	    strcmp(value, "letter") != 0) {
		snprintf(err, errlen, "card_paper is a4 or letter");
		return -1;
	}
	return config_assign(cfg, k, value, err, errlen);
}

/* Trim white space at both ends of s in place; returns the new start. */
static char *config_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024], msg[256];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *s = config_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path,
				 lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = config_trim(s), *value = config_trim(eq + 1);
		if (config_set(cfg, key, value, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
	return rc;
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		if (config_keys[i].type != CONFIG_STR)
			continue;
		char **slot = (char **)(void *)((char *)cfg + config_keys[i].offset);
		if (*slot) {
			sodium_memzero(*slot, strlen(*slot));
			free(*slot);
			*slot = NULL;
		}
	}
}

void config_dump(const struct config *cfg, FILE *f)
{
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const char *field = (const char *)cfg + k->offset;
		if (k->secret)
			fprintf(f, "%s = [hidden]\n", k->name);
		else if (k->type == CONFIG_STR)
			fprintf(f, "%s = %s\n", k->name,
				*(char *const *)(const void *)field);
		else
			fprintf(f, "%s = %d\n", k->name,
				*(const int *)(const void *)field);
	}
}
