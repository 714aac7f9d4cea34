// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - helpers of the subcommands. See cli.h.
 */
#include "server/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/db.h"

static struct db *cli_db_as(const struct config *cfg, const char *user,
			     const char *password)
{
	struct db_params p = {
		.host = cfg->db_host, .port = cfg->db_port,
		.socket = cfg->db_socket, .name = cfg->db_name,
		.user = user, .password = password,
	};
	char err[256];
	struct db *db = db_open(&p, err, sizeof err);
	if (!db)
		fprintf(stderr, "mpsk: %s\n", err);
	return db;
}

struct db *cli_db(const struct config *cfg)
{
	return cli_db_as(cfg, cfg->db_user, cfg->db_password);
}

struct db *cli_db_migrate(const struct config *cfg)
{
	if (!cfg->migrate_user[0])
		return cli_db(cfg);
	return cli_db_as(cfg, cfg->migrate_user, cfg->migrate_password);
}

const char *cli_flag(int argc, char **argv, const char *flag)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return argv[i + 1];
	return NULL;
}

int cli_switch(int argc, char **argv, const char *flag)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return 1;
	return 0;
}
