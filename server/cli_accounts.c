// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli_accounts.c - sign-ins from the command line: the first staff
 * account (nobody can sign in to make it), activation codes, invitations.
 * Codes are printed once, on stdout, and stored only as digests.
 */
#include "server/cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/customers.h"
#include "core/db.h"
#include "core/fault.h"
#include "core/password.h"

#define CLI_ACTIVATION_DAYS 30
/* A password line: the longest password, its newline and NUL. */
#define CLI_PASSWORD_LINE (PASSWORD_MAX_BYTES + 2)

/* Read one line (a new password) from stdin into out; 0 or -1. */
static int cli_read_password(char *out, size_t outlen)
{
	if (!fgets(out, (int)outlen, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static long long cli_staff_id(struct db *db, const char *username)
{
	struct db_stmt *st = db_run(db, "SELECT id FROM accounts WHERE kind = 'staff'"
				    " AND username = ?", "s", username);
	int rc = st ? db_next(st) : -1;
	return rc == 1 ? db_col_int(st, 0) : rc;
}

static int cli_fail(const char *what, const struct fault *f)
{
	fprintf(stderr, "mpsk: %s: %s\n", what, f->detail);
	return 1;
}

static int cli_print_code(const char *what, const char *code)
{
	printf("%s\n", code);
	fprintf(stderr, "mpsk: %s (shown once; valid %d days)\n", what,
		CLI_ACTIVATION_DAYS);
	return 0;
}

static int cli_staff(struct db *db, const struct actor *who, int argc, char **argv)
{
	const char *user = cli_flag(argc, argv, "--username");
	struct fault f = { 0 };
	char code[CODE_TEXT_LEN];
	if (!user)
		return fputs("mpsk: staff: --username NAME is required\n", stderr), 2;
	if (strcmp(argv[0], "create") == 0) {
		long long id = accounts_create_staff(db, who, user,
						     cli_flag(argc, argv, "--role"), &f);
		if (id < 0)
			return cli_fail("staff create", &f);
		if (cli_switch(argc, argv, "--password-stdin")) {
			char pw[CLI_PASSWORD_LINE];
			if (cli_read_password(pw, sizeof pw) < 0)
				return fputs("mpsk: staff create: no password on stdin\n",
					     stderr), 1;
			int rc = accounts_set_password(db, who, id, pw, &f);
			sodium_memzero(pw, sizeof pw);
			if (rc < 0)
				return cli_fail("staff create", &f);
			fprintf(stderr, "mpsk: staff account %s created\n", user);
			return 0;
		}
		if (accounts_issue_activation(db, who, 0, id, CLI_ACTIVATION_DAYS,
					      code, &f) < 0)
			return cli_fail("staff create", &f);
		return cli_print_code("activation code for /staff/activate", code);
	}
	if (strcmp(argv[0], "activation") == 0) {
		long long id = cli_staff_id(db, user);
		if (id <= 0)
			return fprintf(stderr, "mpsk: no staff account %s\n", user), 1;
		if (accounts_issue_activation(db, who, 0, id, CLI_ACTIVATION_DAYS,
					      code, &f) < 0)
			return cli_fail("staff activation", &f);
		return cli_print_code("activation code for /staff/activate", code);
	}
	return fputs("mpsk: staff create | activation\n", stderr), 2;
}

static int cli_tenant(struct db *db, const struct actor *who, int argc, char **argv)
{
	const char *ext = cli_flag(argc, argv, "--customer");
	struct fault f = { 0 };
	if (!ext)
		return fputs("mpsk: tenant: --customer EXTERNAL_ID is required\n", stderr), 2;
	long long cid = customers_id(db, ext);
	if (cid <= 0)
		return fprintf(stderr, "mpsk: no customer %s\n", ext), 1;
	if (strcmp(argv[0], "activation") == 0) {
		char code[CODE_TEXT_LEN];
		if (accounts_issue_activation(db, who, cid, 0, CLI_ACTIVATION_DAYS,
					      code, &f) < 0)
			return cli_fail("tenant activation", &f);
		return cli_print_code("activation code for /portal/activate", code);
	}
	if (strcmp(argv[0], "password") == 0) {
		const char *user = cli_flag(argc, argv, "--username");
		char pw[CLI_PASSWORD_LINE];
		if (!user || cli_read_password(pw, sizeof pw) < 0)
			return fputs("mpsk: tenant password: --username NAME and the"
				     " password on stdin\n", stderr), 2;
		long long id = accounts_set_tenant_login(db, who, cid, user, pw, &f);
		sodium_memzero(pw, sizeof pw);
		if (id < 0)
			return cli_fail("tenant password", &f);
		fprintf(stderr, "mpsk: tenant %s can sign in as %s\n", ext, user);
		return 0;
	}
	return fputs("mpsk: tenant activation | password\n", stderr), 2;
}

/* A --flag's number, def when absent, 0 (refused later) when malformed. */
static long cli_number(const char *text, long def)
{
	if (!text)
		return def;
	char *end;
	long n = strtol(text, &end, 10);
	return *text && !*end && n > 0 && n <= 100000 ? n : 0;
}

static int cli_invitation(struct db *db, const struct actor *who, int argc,
			  char **argv)
{
	if (strcmp(argv[0], "create") != 0)
		return fputs("mpsk: invitation create\n", stderr), 2;
	long uses = cli_number(cli_flag(argc, argv, "--uses"), 1);
	long days = cli_number(cli_flag(argc, argv, "--days"), 30);
	char code[CODE_TEXT_LEN];
	struct fault f = { 0 };
	if (accounts_issue_invitation(db, who, cli_flag(argc, argv, "--building"),
				      cli_flag(argc, argv, "--unit"),
				      cli_flag(argc, argv, "--plan"),
				      (int)uses, (int)days,
				      code, &f) < 0)
		return cli_fail("invitation create", &f);
	printf("%s\n", code);
	fputs("mpsk: invitation code for /portal/signup (shown once)\n", stderr);
	return 0;
}

int cli_accounts(const struct config *cfg, const char *cmd, int argc,
		 char **argv)
{
	if (argc < 1)
		return fprintf(stderr, "mpsk: %s: which action?\n", cmd), 2;
	struct db *db = cli_db(cfg);
	if (!db)
		return 1;
	struct actor who = { "cli", "" };
	int rc;
	if (strcmp(cmd, "staff") == 0)
		rc = cli_staff(db, &who, argc, argv);
	else if (strcmp(cmd, "tenant") == 0)
		rc = cli_tenant(db, &who, argc, argv);
	else
		rc = cli_invitation(db, &who, argc, argv);
	db_close(db);
	return rc;
}
