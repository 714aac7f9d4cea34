/*
 * cli.c - helpers of the subcommands. See cli.h.
 */
#include "server/cli.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/db.h"

struct db *cli_db(const struct config *cfg)
{
	struct db_params p = {
		.host = cfg->db_host, .port = cfg->db_port,
		.socket = cfg->db_socket, .name = cfg->db_name,
		.user = cfg->db_user, .password = cfg->db_password,
	};
	char err[256];
	struct db *db = db_open(&p, err, sizeof err);
	if (!db)
		fprintf(stderr, "mpsk: %s\n", err);
	return db;
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
