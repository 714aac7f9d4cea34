// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the mpsk program: serve the API over HTTP and/or FastCGI,
 * migrate the database, manage API tokens and sign-ins.
 *
 *   mpsk [-c FILE] serve
 *   mpsk [-c FILE] migrate      (as migrate_user, docs/DEPLOY.md)
 *   mpsk [-c FILE] prune        (the retention settings)
 *   mpsk [-c FILE] token create --name NAME --scopes read,write,secrets,admin
 *   mpsk [-c FILE] token revoke --name NAME
 *   mpsk [-c FILE] config
 *   mpsk [-c FILE] staff create --username NAME --role admin|operator|readonly
 *   mpsk [-c FILE] staff activation --username NAME
 *   mpsk [-c FILE] tenant activation --customer EXTERNAL_ID
 *   mpsk [-c FILE] invitation create --building B --plan P [--unit U]
 *                                    [--uses N] [--days N]
 *
 * The configuration file is -c FILE, else $MPSK_CONFIG, else
 * /etc/mpsk/mpsk.conf. -c may be given more than once: later files set
 * keys over earlier ones (the migration account's password lives in a
 * second file that only root reads).
 */
#include <json.h>
#include <microhttpd.h>
#include <mysql.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/db.h"
#include "core/migrate.h"
#include "core/tokens.h"
#include "server/cli.h"
#include "server/front_fcgi.h"
#include "server/front_mhd.h"
#include "server/worker.h"
#include "portal/portal.h"

static volatile sig_atomic_t main_stop;

static void main_on_signal(int sig)
{
	(void)sig;
	main_stop = 1;
}

static int main_usage(void)
{
	fputs("usage: mpsk [-c FILE]... serve | migrate | prune | config\n"
	      "       mpsk [-c FILE] token create --name NAME --scopes read,write,secrets,admin\n"
	      "       mpsk [-c FILE] token revoke --name NAME\n"
	      "       mpsk [-c FILE] staff create --username NAME --role admin|operator|readonly\n"
	      "                      [--password-stdin]\n"
	      "       mpsk [-c FILE] staff activation --username NAME\n"
	      "       mpsk [-c FILE] tenant activation --customer EXTERNAL_ID\n"
	      "       mpsk [-c FILE] tenant password --customer EXTERNAL_ID --username NAME\n"
	      "                      (new password on stdin)\n"
	      "       mpsk [-c FILE] invitation create --building B --plan P [--unit U]\n"
	      "                      [--uses N] [--days N]\n",
	      stderr);
	return 2;
}

static void main_log_migration(const char *name)
{
	printf("applied %s\n", name);
}

static int main_migrate(const struct config *cfg)
{
	struct db *db = cli_db_migrate(cfg);
	if (!db)
		return 1;
	char err[512];
	int n = migrate_apply(db, cfg->migrations_dir, err, sizeof err,
			      main_log_migration);
	db_close(db);
	if (n < 0) {
		fprintf(stderr, "mpsk: migrate: %s\n", err);
		return 1;
	}
	printf("%d migration%s applied; the schema is current\n", n,
	       n == 1 ? "" : "s");
	return 0;
}

/* Find "--flag VALUE" in argv; NULL when absent. */
static int main_token(const struct config *cfg, int argc, char **argv)
{
	if (argc < 1)
		return main_usage();
	const char *name = cli_flag(argc, argv, "--name");
	if (!name || !*name || strlen(name) > 64) {
		fputs("mpsk: token: --name NAME (1..64 characters) is required\n",
		      stderr);
		return 2;
	}
	struct db *db = cli_db(cfg);
	if (!db)
		return 1;
	int rc = 0;
	if (strcmp(argv[0], "create") == 0) {
		unsigned scopes;
		const char *list = cli_flag(argc, argv, "--scopes");
		char text[TOKENS_TEXT_MAX];
		if (!list || tokens_parse_scopes(list, &scopes) < 0) {
			fputs("mpsk: token create: --scopes is a comma-separated list of"
			      " read, write, secrets, admin\n", stderr);
			rc = 2;
		} else if (tokens_create(db, name, scopes, text) < 0) {
			fprintf(stderr, "mpsk: token create: %s\n", db_error(db));
			rc = 1;
		} else {
			/* Printed once, to the operator's terminal; never logged. */
			printf("%s\n", text);
			sodium_memzero(text, sizeof text);
		}
	} else if (strcmp(argv[0], "revoke") == 0) {
		int n = tokens_revoke(db, name);
		if (n < 0) {
			fprintf(stderr, "mpsk: token revoke: %s\n", db_error(db));
			rc = 1;
		} else {
			printf("%d token%s revoked\n", n, n == 1 ? "" : "s");
		}
	} else {
		rc = main_usage();
	}
	db_close(db);
	return rc;
}

static int main_serve(const struct config *cfg)
{
	struct MHD_Daemon *mhd = NULL;
	int fcgi = 0;
	if (cfg->http_port == 0 && !cfg->fcgi_socket[0]) {
		fputs("mpsk: serve: set http_port or fcgi_socket\n", stderr);
		return 1;
	}
	if (portal_init(cfg) < 0)
		return 1;
	if (cfg->http_port) {
		mhd = front_mhd_start(cfg);
		if (!mhd)
			return 1;
		fprintf(stderr, "mpsk: HTTP on %s:%d\n", cfg->http_address,
			cfg->http_port);
	}
	if (cfg->fcgi_socket[0]) {
		if (front_fcgi_start(cfg) < 0) {
			front_mhd_stop(mhd);
			return 1;
		}
		fcgi = 1;
		fprintf(stderr, "mpsk: FastCGI on %s\n", cfg->fcgi_socket);
	}
	struct sigaction sa = { .sa_handler = main_on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while (!main_stop)
		pause();
	fputs("mpsk: stopping\n", stderr);
	if (fcgi)
		front_fcgi_stop();
	front_mhd_stop(mhd);
	worker_release_all();
	portal_end();
	return 0;
}

#define MAIN_MAX_CONFIGS 4

int main(int argc, char **argv)
{
	const char *paths[MAIN_MAX_CONFIGS];
	int npaths = 0, i = 1;
	while (i + 1 < argc && strcmp(argv[i], "-c") == 0) {
		if (npaths == MAIN_MAX_CONFIGS)
			return main_usage();
		paths[npaths++] = argv[i + 1];
		i += 2;
	}
	if (npaths == 0) {
		const char *env = getenv("MPSK_CONFIG");
		paths[npaths++] = env ? env : "/etc/mpsk/mpsk.conf";
	}
	if (i >= argc)
		return main_usage();
	if (sodium_init() < 0 || mysql_library_init(0, NULL, NULL) != 0) {
		fputs("mpsk: cannot initialise libraries\n", stderr);
		return 1;
	}
	struct config cfg;
	config_defaults(&cfg);
	char err[512];
	for (int p = 0; p < npaths; p++)
		if (config_load(&cfg, paths[p], err, sizeof err) < 0) {
			fprintf(stderr, "mpsk: %s\n", err);
			config_free(&cfg);
			return 1;
		}
	const char *cmd = argv[i++];
	int rc;
	if (strcmp(cmd, "serve") == 0)
		rc = main_serve(&cfg);
	else if (strcmp(cmd, "migrate") == 0)
		rc = main_migrate(&cfg);
	else if (strcmp(cmd, "prune") == 0)
		rc = cli_prune(&cfg);
	else if (strcmp(cmd, "token") == 0)
		rc = main_token(&cfg, argc - i, argv + i);
	else if (strcmp(cmd, "staff") == 0 || strcmp(cmd, "tenant") == 0 ||
		 strcmp(cmd, "invitation") == 0)
		rc = cli_accounts(&cfg, cmd, argc - i, argv + i);
	else if (strcmp(cmd, "config") == 0)
		config_dump(&cfg, stdout), rc = 0;
	else
		rc = main_usage();
	config_free(&cfg);
	mysql_library_end();
	return rc;
}
