/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h - mpsk's settings, read from one `key = value` file.
 *
 * Every key is declared once in a table (type, bounds, default, whether it is
 * secret) in config.c; etc/mpsk.conf.example documents each of them. A bad
 * line stops startup with "file:line: message".
 */
#ifndef MPSK_CORE_CONFIG_H
#define MPSK_CORE_CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
	char *db_host;
	int db_port;
	char *db_socket;          /* preferred over host/port when set */
	char *db_name;
	char *db_user;
	char *db_password;        /* secret */
	/* The schema owner's account, used by `mpsk migrate` only ("": the
	 * db_user account); kept in a file only root reads (docs/DEPLOY.md). */
	char *migrate_user;
	char *migrate_password;   /* secret */
	char *http_address;
	int http_port;            /* 0: no embedded HTTP server */
	int http_threads;
	char *fcgi_socket;        /* "" : no FastCGI; path or ":port" */
	int fcgi_threads;
	/* nginx sends it as MPSK_FCGI_SECRET with every request; any other
	 * local process that reaches the socket does not know it. */
	char *fcgi_secret;        /* secret */
	int passphrase_length;
	char *passphrase_alphabet;
	int max_body_bytes;
	int max_page_size;
	char *openapi_path;       /* the OpenAPI document served at /api/v1/openapi.json */
	char *migrations_dir;
	char *templates_dir;      /* the portal's HTML templates */
	char *static_dir;         /* CSS, JS, images (nginx serves them too) */
	int session_idle_seconds; /* a session ends after this long unused */
	int session_max_seconds;  /* ... and this long after sign-in at most */
	int signin_max_failures;  /* per username and source network ... */
	int signin_lockout_seconds; /* ... per window this long */
	int signin_ip_max_failures; /* per source network, any username ... */
	int signin_ip_window_seconds; /* ... per window this long */
	int signin_hash_concurrency; /* password hashes computed at once */
	int activation_days;      /* how long activation codes stay valid */
	char *portal_url;         /* printed on cards, e.g. https://wifi.example.net */
	char *isp_name;           /* on pages and cards */
	char *support_text;       /* on cards: how to get help */
	char *card_logo;          /* PNG for the cards, or "" */
	char *card_paper;         /* "a4" or "letter" */
	int cards_max;            /* the most cards in one bulk PDF */
	int retention_auth_log_days; /* `mpsk prune` keeps this many days; 0: all */
	int retention_radacct_days;  /* closed (or silent) sessions; 0: all */
};

/* Fill cfg with every default. Strings are malloc'd; config_free frees. */
void config_defaults(struct config *cfg);

/*
 * Read path over the defaults. Returns 0, or -1 after writing
 * "path:line: message" into err (errlen bytes).
 */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);

/* Set one key from text, as a line of the file would. 0 or -1 (+ err). */
int config_set(struct config *cfg, const char *key, const char *value,
	       char *err, size_t errlen);

/* Free the strings (secrets are wiped first). */
void config_free(struct config *cfg);

/* Write every key and value to fd-like stream f, secrets as [hidden]. */

void config_dump(const struct config *cfg, FILE *f);

#endif
