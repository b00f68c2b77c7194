/* wagenbuch-admin: the installation operator's command: organisations, administrator passwords, backup/restore/check/migrate and the portal's mini-markets. */
#include "rules/pwpolicy.h"
#include "rules/translit.h"
#include "store/maint.h"
#include "store/orgstore.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Exit codes (documented in --help and deploy/README.md). */
enum {
	EX_DONE = 0,     /* done */
	EX_REFUSED = 1,  /* refused: the input or the state does not allow it (message says why) */
	EX_USAGE = 2,    /* wrong command line */
	EX_DB = 3,       /* the database is missing, unreadable, unsound or behind the schema */
	EX_FAILED = 4    /* the operation failed (I/O, locked past the timeout, internal error) */
};

#define BY "WAGENBUCH-ADMIN"

static const char *const usage_text =
	"usage: wagenbuch-admin COMMAND [ARGS]   (database: $WB_DB, migrations: $WB_SCHEMA; installed:\n"
	"       /var/lib/wagenbuch/wagenbuch.db and PREFIX/share/wagenbuch/schema unless set)\n"
	"  org create --name NAME --admin LOGIN [--tz ZONE] [--lang de|en] [--area NAME]\n"
	"  org list\n"
	"  admin reset-password ORG LOGIN\n"
	"  backup FILE [--force]\n"
	"  restore FILE [--force]\n"
	"  check\n"
	"  migrate\n"
	"  minimarket add NAME | minimarket addorg MARKET ORG | minimarket list\n"
	"  operator grant ORG LOGIN\n"
	"Passwords are asked twice on the terminal, or read as one line from standard input;\n"
	"never from the command line. `wagenbuch-admin COMMAND --help` explains a command.\n"
	"Exit codes: 0 done, 1 refused, 2 usage, 3 database missing/unsound/behind, 4 failed.\n";

static void say(const char *msg) { fputs(msg, stderr); }

static int usage_error(const char *help)
{
	fputs(help, stderr);
	return EX_USAGE;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/* Store results as an exit code, with the message for the ones every command shares. */
static int store_exit(enum store_status s)
{
	switch (s) {
	case ST_OK: return EX_DONE;
	case ST_BUSY: say("wagenbuch-admin: the database stayed locked; try again\n"); return EX_FAILED;
	default: say("wagenbuch-admin: the database operation failed (details above)\n"); return EX_FAILED;
	}
}

/* The database must exist, be Wagenbuch's and be at the schema's version before org, admin,
 * minimarket and operator commands touch it (db_open would otherwise migrate silently). */
static int need_current_db(void)
{
	struct maint_report r;
	enum store_status s = maint_check_file(maint_db_path(), maint_schema_dir(), &r);
	if (s == ST_NOT_FOUND) {
		fprintf(stderr, "wagenbuch-admin: no database at %s (create it with `wagenbuch-admin migrate`)\n", maint_db_path());
		return EX_DB;
	}
	if (s != ST_OK) {
		fprintf(stderr, "wagenbuch-admin: %s is not a Wagenbuch database\n", maint_db_path());
		return EX_DB;
	}
	if (r.latest < 0) {
		fprintf(stderr, "wagenbuch-admin: cannot read the schema directory %s\n", maint_schema_dir());
		return EX_DB;
	}
	if (r.version != r.latest) {
		fprintf(stderr, "wagenbuch-admin: the database is at schema version %d, this installation's is %d: run `wagenbuch-admin migrate`%s\n",
		        r.version, r.latest, r.version > r.latest ? " with the newer release" : "");
		return EX_DB;
	}
	int s2 = maint_migrate(NULL, &(int){0});
	return s2 == ST_OK ? EX_DONE : store_exit(s2);
}

/* Reads one line from f into buf without its newline; false on EOF or an over-long line. */
static bool read_line(FILE *f, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, f))
		return false;
	size_t len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (len == n - 1)
		return false;
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return true;
}

/* Asks for a password on the terminal (twice, without echo) or reads one line from stdin. */
static bool read_password(char *pw, size_t n)
{
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, pw, n)) {
			say("wagenbuch-admin: no password on standard input (one line expected)\n");
			return false;
		}
		return true;
	}
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty) {
		say("wagenbuch-admin: cannot open the terminal\n");
		return false;
	}
	struct termios old, quiet;
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	char again[256];
	bool ok = false;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	fputs("New password: ", tty);
	fflush(tty);
	if (read_line(tty, pw, n)) {
		fputs("\nRepeat it: ", tty);
		fflush(tty);
		if (read_line(tty, again, sizeof again))
			ok = strcmp(pw, again) == 0;
		if (!ok)
			fputs("\nwagenbuch-admin: the two passwords differ\n", tty);
	}
	fputs("\n", tty);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	sodium_memzero(again, sizeof again);
	fclose(tty);
	return ok;
}

static const char *const pw_reason[] = {
	[PWP_SHORT] = "shorter than 10 characters",
	[PWP_LOGIN] = "contains the login name",
	[PWP_MONOTONE] = "one or two repeated characters or a simple run",
	[PWP_COMMON] = "a well-known password",
};

/* Reads a password for login, judges it, hashes it into hash. */
static int new_password_hash(const char *login, char *hash, size_t n)
{
	char pw[256];
	if (!read_password(pw, sizeof pw))
		return EX_REFUSED;
	enum pwp_verdict v = pwp_check(pw, login);
	if (v != PWP_OK) {
		sodium_memzero(pw, sizeof pw);
		fprintf(stderr, "wagenbuch-admin: weak password: %s\n", pw_reason[v]);
		return EX_REFUSED;
	}
	int rc = crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
	sodium_memzero(pw, sizeof pw);
	(void)n;
	if (rc != 0) {
		say("wagenbuch-admin: hashing the password failed (out of memory)\n");
		return EX_FAILED;
	}
	return EX_DONE;
}

static bool zone_known(const char *tz)
{
	if (!tz[0] || strstr(tz, "..") || tz[0] == '/')
		return false;
	for (const char *p = tz; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/", *p))
			return false;
	char path[300];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	FILE *f = fopen(path, "rb");
	char magic[4] = {0};
	bool ok = f && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (f)
		fclose(f);
	return ok;
}

static const char *const org_create_help =
	"usage: wagenbuch-admin org create --name NAME --admin LOGIN [--tz ZONE] [--lang de|en] [--area NAME]\n"
	"Creates an organisation with its first area (default \"Standort\" / \"Location\") and its first\n"
	"administrator LOGIN, whose password is asked twice on the terminal or read from standard input.\n"
	"ZONE defaults to Europe/Berlin, the language to de. Refused (exit 1) when the name is taken,\n"
	"the login is not 1-32 of A-Z a-z 0-9 - _, or the password is weak (under 10 characters, the\n"
	"login, a run or repetition, a well-known password).\n";

static int cmd_org_create(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(org_create_help, stdout);
		return EX_DONE;
	}
	const char *name = NULL, *login = NULL, *tz = "Europe/Berlin", *lang = "de", *area = NULL;
	static const struct option opts[] = {
		{"name", required_argument, 0, 'n'}, {"admin", required_argument, 0, 'a'},
		{"tz", required_argument, 0, 't'}, {"lang", required_argument, 0, 'l'},
		{"area", required_argument, 0, 'r'}, {0, 0, 0, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'a': login = optarg; break;
		case 't': tz = optarg; break;
		case 'l': lang = optarg; break;
		case 'r': area = optarg; break;
		default: return usage_error(org_create_help);
		}
	}
	if (optind != argc || !name || !login)
		return usage_error(org_create_help);
	size_t nlen = strlen(name);
	if (nlen == 0 || nlen > 100 || name[0] == ' ' || name[nlen - 1] == ' ') {
		say("wagenbuch-admin: the name must be 1-100 characters without leading or trailing spaces\n");
		return EX_REFUSED;
	}
	if (!tl_login_ok(login)) {
		say("wagenbuch-admin: the login must be 1-32 characters A-Z a-z 0-9 - _\n");
		return EX_REFUSED;
	}
	if (strcmp(lang, "de") != 0 && strcmp(lang, "en") != 0) {
		say("wagenbuch-admin: --lang must be de or en\n");
		return EX_REFUSED;
	}
	if (!zone_known(tz)) {
		say("wagenbuch-admin: unknown time zone (an IANA name such as Europe/Berlin)\n");
		return EX_REFUSED;
	}
	int ex = need_current_db();
	if (ex)
		return ex;
	int64_t existing;
	if (orgst_find(name, &existing) == ST_OK) {
		fprintf(stderr, "wagenbuch-admin: an organisation named \"%s\" already exists (id %lld)\n", name, (long long)existing);
		return EX_REFUSED;
	}
	char up[TL_LOGIN_MAX + 1];
	tl_login_upper(login, up, sizeof up);
	char hash[crypto_pwhash_STRBYTES];
	if ((ex = new_password_hash(up, hash, sizeof hash)) != EX_DONE)
		return ex;
	struct orgst_new in = {name, tz, lang, up, hash, area ? area : lang[0] == 'e' ? "Location" : "Standort"};
	int64_t id = 0;
	enum store_status s = orgst_create(&in, BY, (int64_t)time(NULL), &id);
	if (s == ST_DUPLICATE) {
		fprintf(stderr, "wagenbuch-admin: an organisation named \"%s\" already exists\n", name);
		return EX_REFUSED;
	}
	if (s != ST_OK)
		return store_exit(s);
	maint_token_remove(); /* the web set-up is closed for good */
	printf("organisation %lld \"%s\" created; administrator %s\n", (long long)id, name, up);
	return EX_DONE;
}

static int print_org(const struct orgst_row *r, void *ctx)
{
	(void)ctx;
	printf("%lld\t%s\t%s\t%s\t%d members\t%d administrators\n", (long long)r->id, r->name, r->tz, r->lang,
	       r->members, r->admins);
	return 0;
}

static int cmd_org_list(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin org list\n"
		"Lists the organisations: id, name, time zone, language, members, administrators (tab-separated).\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	if (argc != 1)
		return usage_error(help);
	int ex = need_current_db();
	return ex ? ex : store_exit(orgst_list(print_org, NULL));
}

static int cmd_reset_password(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin admin reset-password ORG LOGIN\n"
		"Sets a new password for administrator LOGIN of organisation ORG (id or exact name), unlocks the\n"
		"account and ends its sessions. The password is asked twice on the terminal or read from stdin.\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	if (argc != 3)
		return usage_error(help);
	int ex = need_current_db();
	if (ex)
		return ex;
	int64_t org;
	enum store_status s = orgst_find(argv[1], &org);
	if (s == ST_NOT_FOUND) {
		fprintf(stderr, "wagenbuch-admin: no organisation \"%s\"\n", argv[1]);
		return EX_REFUSED;
	}
	if (s != ST_OK)
		return store_exit(s);
	if (!tl_login_ok(argv[2])) {
		fprintf(stderr, "wagenbuch-admin: no member \"%s\" in organisation %lld\n", argv[2], (long long)org);
		return EX_REFUSED;
	}
	char up[TL_LOGIN_MAX + 1];
	tl_login_upper(argv[2], up, sizeof up);
	char hash[crypto_pwhash_STRBYTES];
	if ((ex = new_password_hash(up, hash, sizeof hash)) != EX_DONE)
		return ex;
	s = orgst_reset_password(org, up, hash, BY, (int64_t)time(NULL));
	if (s == ST_NOT_FOUND || s == ST_FORBIDDEN) {
		fprintf(stderr, "wagenbuch-admin: %s is %s of organisation %lld\n", up,
		        s == ST_NOT_FOUND ? "no member" : "no administrator", (long long)org);
		return EX_REFUSED;
	}
	if (s != ST_OK)
		return store_exit(s);
	printf("password of %s in organisation %lld set; its sessions ended\n", up, (long long)org);
	return EX_DONE;
}

static int cmd_backup(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin backup FILE [--force]\n"
		"Copies the database to FILE (mode 0600) with SQLite's online backup API while the pages keep\n"
		"serving: the copy is the state of one moment. Refused when FILE exists (unless --force) or its\n"
		"directory is not writable.\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	bool force = false;
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = true;
		else if (!file)
			file = argv[i];
		else
			return usage_error(help);
	}
	if (!file)
		return usage_error(help);
	struct maint_report r;
	enum store_status s = maint_check_file(maint_db_path(), maint_schema_dir(), &r);
	if (s != ST_OK) {
		fprintf(stderr, "wagenbuch-admin: %s is %s\n", maint_db_path(), s == ST_NOT_FOUND ? "missing" : "not a Wagenbuch database");
		return EX_DB;
	}
	s = maint_backup(maint_db_path(), file, force);
	if (s == ST_FORBIDDEN) {
		fprintf(stderr, "wagenbuch-admin: cannot write %s (%s)\n", file,
		        access(file, F_OK) == 0 && !force ? "it exists; --force replaces it" : "directory missing or not writable");
		return EX_REFUSED;
	}
	if (s != ST_OK)
		return store_exit(s);
	struct maint_report b;
	if (maint_check_file(file, maint_schema_dir(), &b) != ST_OK || strcmp(b.integrity, "ok") != 0) {
		fprintf(stderr, "wagenbuch-admin: the backup %s does not pass integrity_check\n", file);
		return EX_FAILED;
	}
	printf("backup written to %s (%lld bytes, schema version %d, %d organisations)\n", file, b.db_bytes, b.version, b.orgs);
	return EX_DONE;
}

static int cmd_restore(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin restore FILE [--force]\n"
		"Replaces the database with the backup FILE after checking it (integrity_check, foreign keys, a\n"
		"schema version this installation knows; an older one is migrated afterwards). Refused while\n"
		"other processes (workers) have the database open, unless --force: stop the server first.\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	bool force = false;
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = true;
		else if (!file)
			file = argv[i];
		else
			return usage_error(help);
	}
	if (!file)
		return usage_error(help);
	struct maint_report r;
	enum store_status s = maint_check_file(file, maint_schema_dir(), &r);
	if (s == ST_NOT_FOUND) {
		fprintf(stderr, "wagenbuch-admin: %s not found\n", file);
		return EX_REFUSED;
	}
	if (s != ST_OK) {
		fprintf(stderr, "wagenbuch-admin: %s is not a Wagenbuch database; nothing restored\n", file);
		return EX_REFUSED;
	}
	if (strcmp(r.integrity, "ok") != 0 || r.fk_violations != 0) {
		fprintf(stderr, "wagenbuch-admin: %s fails the check (integrity: %s; foreign key violations: %d); nothing restored\n",
		        file, r.integrity, r.fk_violations);
		return EX_REFUSED;
	}
	if (r.version > r.latest) {
		fprintf(stderr, "wagenbuch-admin: %s has schema version %d, newer than this installation's %d; nothing restored\n",
		        file, r.version, r.latest);
		return EX_REFUSED;
	}
	pid_t pids[8];
	int n = maint_workers(maint_db_path(), pids, 8);
	if (n > 0 && !force) {
		fprintf(stderr, "wagenbuch-admin: %d processes have the database open (pid %ld%s); stop the server or use --force\n",
		        n, (long)pids[0], n > 1 ? ", ..." : "");
		return EX_REFUSED;
	}
	s = maint_restore(maint_db_path(), file);
	if (s != ST_OK)
		return store_exit(s);
	int applied = 0;
	if ((s = maint_migrate(NULL, &applied)) != ST_OK)
		return store_exit(s);
	printf("restored %s into %s (schema version %d%s)\n", file, maint_db_path(), r.version,
	       applied ? ", then migrated" : "");
	return EX_DONE;
}

static int cmd_check(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin check\n"
		"Checks the database: integrity_check, foreign keys, schema version against the migrations,\n"
		"the size of the write-ahead log. Exit 0 when all is well, 3 otherwise.\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	if (argc != 1)
		return usage_error(help);
	struct maint_report r;
	enum store_status s = maint_check_file(maint_db_path(), maint_schema_dir(), &r);
	if (s != ST_OK) {
		fprintf(stderr, "wagenbuch-admin: %s is %s\n", maint_db_path(), s == ST_NOT_FOUND ? "missing" : "not a Wagenbuch database");
		return EX_DB;
	}
	printf("database:       %s (%lld bytes)\n", maint_db_path(), r.db_bytes);
	printf("integrity:      %s\n", r.integrity);
	printf("foreign keys:   %d violations\n", r.fk_violations);
	printf("schema version: %d of %d%s\n", r.version, r.latest,
	       r.version < r.latest ? " (behind: run migrate)" : r.version > r.latest ? " (newer than this installation)" : "");
	printf("write-ahead log: %lld bytes%s\n", r.wal_bytes, r.wal_bytes > 64LL << 20 ? " (large: a long reader blocks checkpoints)" : "");
	printf("organisations:  %d\n", r.orgs);
	bool ok = maint_report_ok(&r);
	printf("%s\n", ok ? "ok" : "PROBLEMS FOUND");
	return ok ? EX_DONE : EX_DB;
}

static void print_migration(const char *name) { printf("applied %s\n", name); }

static int cmd_migrate(int argc, char **argv)
{
	static const char *const help = "usage: wagenbuch-admin migrate\n"
		"Creates the database when missing and applies the pending migrations of $WB_SCHEMA, each in one\n"
		"transaction, naming each one it applies. On a database without organisations it writes the\n"
		"web set-up token to DB.setup-token (mode 0600).\n";
	if (wants_help(argc, argv)) {
		fputs(help, stdout);
		return EX_DONE;
	}
	if (argc != 1)
		return usage_error(help);
	struct maint_report r;
	enum store_status s = maint_check_file(maint_db_path(), maint_schema_dir(), &r);
	if (r.latest < 0) {
		fprintf(stderr, "wagenbuch-admin: cannot read the schema directory %s\n", maint_schema_dir());
		return EX_DB;
	}
	if (s == ST_FILE && r.db_bytes > 0) {
		/* Some other file, or an SQLite file without Wagenbuch's tables: never write into it. */
		fprintf(stderr, "wagenbuch-admin: %s exists but is not a Wagenbuch database\n", maint_db_path());
		return EX_DB;
	}
	if (s == ST_OK && r.version > r.latest) {
		fprintf(stderr, "wagenbuch-admin: the database's schema version %d is newer than this installation's %d\n", r.version, r.latest);
		return EX_DB;
	}
	int applied = 0;
	s = maint_migrate(print_migration, &applied);
	if (s != ST_OK)
		return store_exit(s);
	printf(applied ? "schema version %d\n" : "nothing to do: schema version %d\n", r.latest);
	int orgs = 0;
	if (orgst_count(&orgs) == ST_OK && orgs == 0 && maint_token_ensure() == ST_OK) {
		char path[4200];
		maint_token_path(path, sizeof path);
		printf("no organisation yet: create one with `wagenbuch-admin org create` or the web set-up (/login/setup)\n"
		       "with the token in %s\n", path);
	}
	return EX_DONE;
}

static int print_market(const struct orgst_market *m, void *ctx)
{
	(void)ctx;
	printf("%lld\t%s\t%s\n", (long long)m->id, m->name, m->orgs);
	return 0;
}

static const char *const market_help =
	"usage: wagenbuch-admin minimarket add NAME          create a mini-market, print its id\n"
	"       wagenbuch-admin minimarket addorg MARKET ORG add an organisation (id or exact name) to a mini-market (id or name)\n"
	"       wagenbuch-admin minimarket list              list mini-markets with their organisations\n"
	"       wagenbuch-admin operator grant ORG LOGIN     make member LOGIN of ORG a portal operator\n";

static int cmd_market(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(market_help, stdout);
		return EX_DONE;
	}
	if (argc < 2)
		return usage_error(market_help);
	int ex = need_current_db();
	if (ex)
		return ex;
	enum store_status s;
	if (strcmp(argv[1], "add") == 0 && argc == 3) {
		if (!argv[2][strspn(argv[2], " ")]) {
			say("wagenbuch-admin: the mini-market needs a name\n");
			return EX_REFUSED;
		}
		int64_t id;
		s = orgst_market_add(argv[2], &id);
		if (s == ST_DUPLICATE) {
			fprintf(stderr, "wagenbuch-admin: a mini-market named '%s' already exists\n", argv[2]);
			return EX_REFUSED;
		}
		if (s == ST_OK)
			printf("%lld\n", (long long)id);
		return store_exit(s);
	}
	if (strcmp(argv[1], "addorg") == 0 && argc == 4) {
		int64_t m, o;
		if ((s = orgst_market_find(argv[2], &m)) == ST_NOT_FOUND) {
			fprintf(stderr, "wagenbuch-admin: no mini-market '%s'\n", argv[2]);
			return EX_REFUSED;
		}
		if (s == ST_OK && (s = orgst_find(argv[3], &o)) == ST_NOT_FOUND) {
			fprintf(stderr, "wagenbuch-admin: no organisation '%s'\n", argv[3]);
			return EX_REFUSED;
		}
		if (s == ST_OK && (s = orgst_market_addorg(m, o)) == ST_OK)
			printf("organisation %lld is in mini-market %lld\n", (long long)o, (long long)m);
		return store_exit(s);
	}
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		return store_exit(orgst_market_list(print_market, NULL));
	return usage_error(market_help);
}

static int cmd_operator(int argc, char **argv)
{
	if (wants_help(argc, argv)) {
		fputs(market_help, stdout);
		return EX_DONE;
	}
	if (argc != 4 || strcmp(argv[1], "grant") != 0)
		return usage_error(market_help);
	int ex = need_current_db();
	if (ex)
		return ex;
	int64_t o;
	enum store_status s = orgst_find(argv[2], &o);
	if (s == ST_NOT_FOUND) {
		fprintf(stderr, "wagenbuch-admin: no organisation '%s'\n", argv[2]);
		return EX_REFUSED;
	}
	if (s == ST_OK)
		s = orgst_operator_grant(o, argv[3], BY, (int64_t)time(NULL));
	if (s == ST_NOT_FOUND) {
		fprintf(stderr, "wagenbuch-admin: no member '%s' in organisation %lld\n", argv[3], (long long)o);
		return EX_REFUSED;
	}
	if (s == ST_OK) {
		char up[TL_LOGIN_MAX + 1] = "";
		if (tl_login_ok(argv[3]))
			tl_login_upper(argv[3], up, sizeof up);
		printf("%s of organisation %lld is a portal operator\n", up, (long long)o);
	}
	return store_exit(s);
}

/* Without $WB_SCHEMA / $WB_DB an installed command (PREFIX/bin, make install) uses the installed
 * migrations PREFIX/share/wagenbuch/schema and the database /var/lib/wagenbuch/wagenbuch.db of
 * deploy/README.md; run from the source tree it keeps db.c's defaults (schema/, var/wagenbuch.db). */
static void installed_defaults(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 64);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	strcpy(slash, "/../share/wagenbuch/schema");
	if (access(exe, R_OK | X_OK) != 0)
		return;
	setenv("WB_SCHEMA", exe, 0);
	setenv("WB_DB", "/var/lib/wagenbuch/wagenbuch.db", 0);
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
	int rc = run(argc, argv);
	maint_close();
	return rc;
}

static int run(int argc, char **argv)
{
	installed_defaults();
	if (sodium_init() < 0) {
		say("wagenbuch-admin: libsodium failed to initialise\n");
		return EX_FAILED;
	}
	if (argc < 2)
		return usage_error(usage_text);
	const char *c = argv[1];
	if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0 || strcmp(c, "help") == 0) {
		fputs(usage_text, stdout);
		return EX_DONE;
	}
	if (strcmp(c, "org") == 0 && argc >= 3 && strcmp(argv[2], "create") == 0)
		return cmd_org_create(argc - 2, argv + 2);
	if (strcmp(c, "org") == 0 && argc >= 3 && strcmp(argv[2], "list") == 0)
		return cmd_org_list(argc - 2, argv + 2);
	if (strcmp(c, "admin") == 0 && argc >= 3 && strcmp(argv[2], "reset-password") == 0)
		return cmd_reset_password(argc - 2, argv + 2);
	if (strcmp(c, "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (strcmp(c, "restore") == 0)
		return cmd_restore(argc - 1, argv + 1);
	if (strcmp(c, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(c, "migrate") == 0)
		return cmd_migrate(argc - 1, argv + 1);
	if (strcmp(c, "minimarket") == 0)
		return cmd_market(argc - 1, argv + 1);
	if (strcmp(c, "operator") == 0)
		return cmd_operator(argc - 1, argv + 1);
	if ((strcmp(c, "org") == 0 || strcmp(c, "admin") == 0) && wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return EX_DONE;
	}
	fprintf(stderr, "wagenbuch-admin: unknown command '%s'\n", c);
	return usage_error(usage_text);
}
