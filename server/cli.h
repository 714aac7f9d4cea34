/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - what the program's subcommands share: the database connection
 * from the configuration and the --flag reader.
 */
#ifndef MPSK_SERVER_CLI_H
#define MPSK_SERVER_CLI_H

struct config;
struct db;

/* Connect as the configuration says; NULL with the reason on stderr. */
struct db *cli_db(const struct config *cfg);

/* Connect as the schema owner (migrate_user), for `mpsk migrate`; the
 * db_user account when migrate_user is empty. */
struct db *cli_db_migrate(const struct config *cfg);

/* `mpsk prune` (cli_prune.c): delete what the retention settings no
 * longer keep. Returns the exit status. */
int cli_prune(const struct config *cfg);

/* The value after flag in argv, or NULL. */
const char *cli_flag(int argc, char **argv, const char *flag);

/* 1 when flag (a switch without value) is in argv. */
int cli_switch(int argc, char **argv, const char *flag);

/* `mpsk staff ...`, `mpsk tenant ...`, `mpsk invitation ...`
 * (cli_accounts.c). Returns the exit status. */
int cli_accounts(const struct config *cfg, const char *cmd, int argc,
		 char **argv);

#endif
