/*
 * test_db.c - unit tests of lib/db.c and lib/schema.c: creating the
 * database (mode, pragmas, every table of gridkit(7) with its columns,
 * default data), refusing files that are not ours or are newer, the
 * environment, busy handling and settings.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/db.h"
#include "grid/error.h"

#include "tap.h"

static char dir[] = "/tmp/test_db.XXXXXX";

#include "testfs.h"



static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The whole file in a new buffer (*n bytes), or NULL. */
/* FNV-1a of data[0..n-1]: enough to tell a changed file. */
static unsigned long long
digest(const char *data, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; data != NULL && i < n; i++)
		h = (h ^ (unsigned char)data[i]) * 1099511628211ULL;
	return h;
}


/* Runs sql on a plain SQLite connection to path.  Returns 0 or -1. */
static int
sqlite_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		printf("# sqlite: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * grid_db_open in a child process, so that a crash fails checks instead
 * of ending the program.  Returns what grid_db_open returned, or -2 when
 * the child died (err then says how).
 */
static int
open_isolated(const char *path, int flags, int seq_width,
    struct grid_error *err)
{
	struct grid_db *db = NULL;
	int fds[2], status = 0, rc, reported;
	pid_t pid;

	grid_error_clear(err);
	if (pipe(fds) != 0)
		return -2;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		rc = grid_db_open(path, flags, seq_width, &db, err);
		grid_db_close(db);
		if (write(fds[1], err, sizeof(*err)) != (ssize_t)sizeof(*err))
			_exit(99);
		_exit(rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	reported = pid > 0 && read(fds[0], err, sizeof(*err)) ==
	    (ssize_t)sizeof(*err);
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -2;
	if (!reported || !WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		/* a crash (a sanitizer turns it into an exit status) */
		grid_error_clear(err);
		printf("#   grid_db_open(%s) died (status 0x%x)\n", path,
		    (unsigned)status);
		return -2;
	}
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The first column of the first row of sql as text ("" for none). */
static void
query_text(struct grid_db *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(grid_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		snprintf(out, n, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static long
query_long(struct grid_db *db, const char *sql)
{
	char text[64];

	query_text(db, sql, text, sizeof(text));
	return text[0] != '\0' ? strtol(text, NULL, 10) : -1;
}

/*
 * The tables of gridkit(7): name, key columns (primary key, in order), then
 * the columns it must have, space-separated.
 */
static const struct {
	const char *table, *key, *columns;
	int attrs;		/* an imported register: has attrs */
} tables[] = {
	{ "regions", "code", "level name parent_code", 1 },
	{ "grids", "code", "community_code name kind area_m2 geometry", 1 },
	{ "workers", "id", "name phone kind dept_code", 1 },
	{ "worker_grids", "worker_id grid_code", "", 1 },
	{ "departments", "code", "name", 1 },
	{ "houses", "id", "address grid_code x y use floors area_m2 "
	    "owner_id_number rented", 1 },
	{ "households", "id", "house_id head_id_number", 1 },
	{ "people", "id_number", "id_type name sex birth_date phone "
	    "household_id house_id grid_code residence updated_at", 1 },
	{ "person_tags", "id_number tag", "since until risk_level helper_id",
	    1 },
	{ "tags", "code", "label synonyms risk_min risk_max must_visit", 1 },
	{ "visit_rules", "tag risk_level", "every unit source", 1 },
	{ "person_tag_history", "id", "id_number tag since until risk_level "
	    "helper_id note", 0 },
	{ "orgs", "uscc", "name address house_id grid_code kind status "
	    "legal_rep", 1 },
	{ "components", "code", "name category_code dept_code grid_code x y "
	    "status", 1 },
	{ "categories", "code", "kind major minor name dept_code limit_value "
	    "limit_unit", 1 },
	{ "cases", "id", "source category_code description x y address "
	    "grid_code component_code org_uscc grade reporter priority level "
	    "status dept_code reported_at registered_at dispatched_at "
	    "handled_at verified_at closed_at deadline rating rework_count "
	    "duplicate_of", 1 },
	{ "case_log", "id", "case_id at actor action from_status to_status "
	    "note", 0 },
	{ "visits", "id", "worker_id id_number house_id org_uscc at kind "
	    "result hazards note", 1 },
	{ "import_batches", "id", "table_name source started_at finished_at "
	    "rows_read inserted updated rejected", 0 },
	{ "calendar", "date", "is_workday note", 0 },
	{ "settings", "key", "value", 0 },
};

/*
 * The columns of table as " name name ... " and its primary key columns
 * in key order as "name name".
 */
static void
table_info(struct grid_db *db, const char *table, char *columns,
    size_t ncolumns, char *key, size_t nkey)
{
	char *keys[8] = { NULL };
	sqlite3_stmt *st;
	char sql[128];
	size_t len = 0, klen = 0;
	int pk, i;

	columns[0] = '\0';
	key[0] = '\0';
	snprintf(sql, sizeof(sql),
	    "SELECT name, pk FROM pragma_table_info('%s')", table);
	if (sqlite3_prepare_v2(grid_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	len = (size_t)snprintf(columns, ncolumns, " ");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (len < ncolumns)
			len += (size_t)snprintf(columns + len, ncolumns - len,
			    "%s ", name);
		pk = sqlite3_column_int(st, 1);
		if (pk > 0 && pk <= 8)
			keys[pk - 1] = strdup(name);
	}
	sqlite3_finalize(st);
	for (i = 0; i < 8 && keys[i] != NULL; i++)
		if (klen < nkey)
			klen += (size_t)snprintf(key + klen, nkey - klen,
			    "%s%s", i > 0 ? " " : "", keys[i]);
	for (i = 0; i < 8; i++)
		free(keys[i]);
}

static void
check_tables(struct grid_db *db)
{
	char columns[2048], key[128], what[160], word[64];
	const char *p;
	size_t i, n;
	int missing;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		table_info(db, tables[i].table, columns, sizeof(columns), key,
		    sizeof(key));
		snprintf(what, sizeof(what), "table %s exists",
		    tables[i].table);
		ok(strlen(columns) > 1, what);
		snprintf(what, sizeof(what), "table %s: key", tables[i].table);
		is_str(key, tables[i].key, what);
		missing = 0;
		for (p = tables[i].columns; *p != '\0'; p += n) {
			p += strspn(p, " ");
			n = strcspn(p, " ");
			if (n == 0)
				break;
			snprintf(word, sizeof(word), " %.*s ", (int)n, p);
			if (strstr(columns, word) == NULL) {
				printf("#   %s has no column%s\n",
				    tables[i].table, word);
				missing++;
			}
		}
		snprintf(what, sizeof(what),
		    "table %s: the columns of gridkit(7)", tables[i].table);
		is_int(missing, 0, what);
		if (tables[i].attrs) {
			snprintf(what, sizeof(what), "table %s: attrs",
			    tables[i].table);
			ok(strstr(columns, " attrs ") != NULL, what);
		}
	}
}

static void
test_create(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	struct stat st;
	char path[512], wal[512], text[64];

	umask(022);
	in_dir(path, sizeof(path), "new.db");
	grid_error_clear(&err);
	is_int(grid_db_open(path, GRID_DB_CREATE, 0, &db, &err), 0,
	    "create: opens");
	if (db == NULL) {
		printf("#   %s\n", err.text);
		return;
	}
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "create: mode 0600 under umask 022");
	in_dir(wal, sizeof(wal), "new.db-wal");
	ok(stat(wal, &st) != 0 || (st.st_mode & 0777) == 0600,
	    "create: the WAL file too is 0600");
	is_int(grid_db_created(db), 1, "create: created");
	is_str(grid_db_path(db), path, "create: path");
	query_text(db, "PRAGMA journal_mode", text, sizeof(text));
	is_str(text, "wal", "create: WAL journal");
	is_int(query_long(db, "PRAGMA foreign_keys"), 1,
	    "create: foreign keys on");
	is_int(query_long(db, "PRAGMA user_version"), GRID_SCHEMA_VERSION,
	    "create: user_version");
	is_int(query_long(db, "SELECT count(*) FROM pragma_index_info("
	    "'cases_duplicate') WHERE name = 'duplicate_of'"), 1,
	    "create: the merged cases' key indexed (foreign key checks)");
	is_int(query_long(db, "SELECT count(*) FROM pragma_index_info("
	    "'case_log_action_at')"), 4,
	    "create: the case log indexed by action and time, with the case "
	    "and the worker (reports)");
	check_tables(db);
	is_int(grid_db_setting_long(db, "grid_seq_width", 0), 2,
	    "create: grid_seq_width 2 by default");
	ok(query_long(db, "SELECT count(*) FROM settings") > 1,
	    "create: default settings");
	ok(query_long(db, "SELECT count(*) FROM settings WHERE key = "
	    "'work_days'") == 1, "create: work_days setting");
	query_text(db, "SELECT group_concat(key || '=' || value, ';') FROM "
	    "(SELECT key, value FROM settings WHERE key IN ('check_limit', "
	    "'verify_limit') ORDER BY key)", text, sizeof(text));
	is_str(text, "check_limit=2 work_hours;verify_limit=1 work_days",
	    "create: the limits of a worker's check and verification");
	ok(query_long(db, "SELECT count(*) FROM categories") > 10,
	    "create: default categories loaded");
	is_int(query_long(db, "SELECT count(*) FROM categories WHERE kind "
	    "NOT IN ('component','event')"), 0, "categories: kinds");
	is_int(query_long(db, "SELECT count(*) FROM categories WHERE code = "
	    "'C0101'"), 1, "categories: C0101 present");
	is_int(query_long(db, "PRAGMA foreign_key_check"), -1,
	    "create: no foreign key violations");
	grid_db_close(db);

	grid_error_clear(&err);
	is_int(grid_db_open(path, 0, 0, &db, &err), 0, "reopen without CREATE");
	if (db != NULL) {
		is_int(grid_db_created(db), 0, "reopen: not created");
		is_int(query_long(db, "PRAGMA foreign_keys"), 1,
		    "reopen: foreign keys on");
	}
	grid_db_close(db);
	grid_db_close(NULL);
}

static void
test_seq_width(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[512];

	in_dir(path, sizeof(path), "width3.db");
	grid_error_clear(&err);
	is_int(grid_db_open(path, GRID_DB_CREATE, 3, &db, &err), 0,
	    "seq_width 3: opens");
	if (db != NULL)
		is_int(grid_db_setting_long(db, "grid_seq_width", 0), 3,
		    "seq_width 3 stored");
	grid_db_close(db);
	is_int(grid_db_open(path, GRID_DB_CREATE, 3, &db, &err), 0,
	    "reopen with the same width");
	grid_db_close(db);
	is_int(grid_db_open(path, 0, 0, &db, &err), 0, "reopen with width 0");
	grid_db_close(db);
	grid_error_clear(&err);
	is_int(grid_db_open(path, GRID_DB_CREATE, 2, &db, &err), -1,
	    "reopen with a different width refused");
	ok(db == NULL, "refused: no handle");
	ok(err.code != 0 && err.text[0] != '\0', err.text);
	ok(exists(path), "refused: the file stays");
	is_int(grid_db_open(path, 0, 0, &db, &err), 0, "still opens");
	if (db != NULL)
		is_int(grid_db_setting_long(db, "grid_seq_width", 0), 3,
		    "width unchanged");
	grid_db_close(db);

	in_dir(path, sizeof(path), "width4.db");
	grid_error_clear(&err);
	is_int(grid_db_open(path, GRID_DB_CREATE, 4, &db, &err), -1,
	    "seq_width 4 refused");
	ok(!exists(path), "seq_width 4: no file created");
}

static void
test_missing(void)
{
	struct grid_error err;
	char path[512];

	in_dir(path, sizeof(path), "missing.db");
	is_int(open_isolated(path, 0, 0, &err), -1,
	    "missing: refused (no crash)");
	is_int(err.code, GRID_ENODB, "missing: GRID_ENODB");
	is_str(err.source, path, "missing: names the file");
	ok(!exists(path), "missing: no file created");
	is_int(open_isolated(path, GRID_DB_READONLY, 0, &err), -1,
	    "missing, read-only: refused (no crash)");
	is_int(err.code, GRID_ENODB, "missing, read-only: GRID_ENODB");
	ok(!exists(path), "missing, read-only: no file created");
	in_dir(path, sizeof(path), "no-such-dir/x.db");
	is_int(open_isolated(path, GRID_DB_CREATE, 0, &err), -1,
	    "create in a missing directory: refused (no crash)");
	ok(err.code != 0, "create in a missing directory: an error code");
}

/*
 * Makes name afresh: a SQLite database made by sql, or, when sql is NULL,
 * a text file.  Returns 0 or -1.
 */
static int
make_file(const char *name, const char *sql)
{
	char path[512], side[600];
	FILE *f;
	int i;

	in_dir(path, sizeof(path), name);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	if (sql != NULL)
		return sqlite_exec(path, sql);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < 200; i++)
		fprintf(f, "this is not a database, line %d\n", i);
	return fclose(f) == 0 ? 0 : -1;
}

/*
 * Makes name with sql (see make_file), opens it with flags and expects a
 * refusal with code; the file's bytes must be unchanged and no -wal file
 * left.
 */
static void
check_refused(const char *name, const char *sql, int flags, int code,
    const char *says, const char *what)
{
	struct grid_error err;
	char path[512], side[600], label[160];
	char *before, *after;
	size_t nbefore, nafter;
	unsigned long long hbefore;
	int had;

	if (make_file(name, sql) != 0) {
		ok(0, what);
		return;
	}
	in_dir(path, sizeof(path), name);
	/* Only a digest crosses the fork: a child that exits holding a
	 * copy would be a leak to valgrind. */
	before = slurp(path, &nbefore);
	hbefore = digest(before, nbefore);
	had = before != NULL;
	free(before);
	snprintf(label, sizeof(label), "%s: refused", what);
	is_int(open_isolated(path, flags, 0, &err), -1, label);
	snprintf(label, sizeof(label), "%s: code", what);
	is_int(err.code, code, label);
	snprintf(label, sizeof(label), "%s: says '%s'", what, says);
	ok(strstr(err.text, says) != NULL, label);
	if (strstr(err.text, says) == NULL)
		printf("#   got '%s'\n", err.text);
	after = slurp(path, &nafter);
	snprintf(label, sizeof(label), "%s: the file's bytes unchanged", what);
	ok(had && after != NULL && nbefore == nafter &&
	    digest(after, nafter) == hbefore, label);
	free(after);
	snprintf(side, sizeof(side), "%s-wal", path);
	snprintf(label, sizeof(label), "%s: no -wal file left", what);
	ok(!exists(side), label);
}

/* A read-only open of the version-1 database at path: refused, untouched. */
static void
check_refused_keep(const char *path)
{
	struct grid_error err;
	char *before, *after;
	size_t nbefore, nafter;
	int same;

	before = slurp(path, &nbefore);
	is_int(open_isolated(path, GRID_DB_READONLY, 0, &err), -1,
	    "v1: read-only open refused");
	is_int(err.code, GRID_ENODB, "v1: read-only: code");
	ok(strstr(err.text, "older") != NULL && strstr(err.text, "upgrade") !=
	    NULL, "v1: read-only: says it needs a writer once");
	after = slurp(path, &nafter);
	same = before != NULL && after != NULL && nbefore == nafter &&
	    memcmp(before, after, nbefore) == 0;
	ok(same, "v1: read-only: the file's bytes unchanged");
	free(before);
	free(after);
}

static void
test_refused(void)
{
	static const char newer[] = "CREATE TABLE settings(key TEXT PRIMARY "
	    "KEY, value TEXT); INSERT INTO settings VALUES ('grid_seq_width', "
	    "'2'); PRAGMA user_version = 99;";
	static const char newer_wal[] = "PRAGMA journal_mode = WAL; "
	    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT); "
	    "PRAGMA user_version = 99;";
	static const char foreign[] = "CREATE TABLE songs(title TEXT); "
	    "INSERT INTO songs VALUES ('x');";

	check_refused("newer.db", newer, 0, GRID_ENODB, "newer",
	    "newer user_version");
	check_refused("newer.db", newer, GRID_DB_CREATE, GRID_ENODB, "newer",
	    "newer user_version with CREATE");
	check_refused("newer.db", newer, GRID_DB_READONLY, GRID_ENODB,
	    "newer", "newer user_version read-only");
	check_refused("newer.db", newer_wal, GRID_DB_CREATE, GRID_ENODB,
	    "newer", "newer user_version already WAL");
	check_refused("foreign.db", foreign, GRID_DB_CREATE, GRID_ENODB,
	    "not a gridkit database", "non-gridkit sqlite file");
	check_refused("foreign.db", foreign, GRID_DB_READONLY, GRID_ENODB,
	    "not a gridkit database", "non-gridkit sqlite file read-only");
	check_refused("text.db", NULL, 0, GRID_ENODB, "not a database",
	    "non-sqlite file");
	check_refused("text.db", NULL, GRID_DB_CREATE, GRID_ENODB,
	    "not a database", "non-sqlite file with CREATE");
}

/*
 * A version-1 database (made by taking version 2's additions off a new
 * one, warn_share set to its own value): a read-only open refuses it,
 * untouched; a writer migrates it once, keeping its settings.
 */
/*
 * What takes a new database back to an older version: each version's
 * additions taken off, newest first (down[v] takes v + 1 to v).
 */
static const char *const down[] = {
	NULL,
	/* 2 -> 1 */
	"ALTER TABLE case_log DROP COLUMN worker_id; ALTER TABLE cases DROP "
	    "COLUMN reply_due; DELETE FROM settings WHERE key IN "
	    "('ack_limit', 'reply_limit', 'warn_share', 'urgent_share', "
	    "'check_limit', 'verify_limit');",
	/* 3 -> 2 */
	"DROP INDEX cases_external; ALTER TABLE cases DROP COLUMN "
	    "external_id; ALTER TABLE cases DROP COLUMN external_source; "
	    "DROP TABLE attachments; DELETE FROM settings WHERE key IN "
	    "('coordinate_system', 'media_base_url', "
	    "'require_after_photo');",
	/* 4 -> 3: visits rebuilt as version 1 made it */
	"DROP TRIGGER person_tags_changed; DROP TRIGGER person_tags_deleted; "
	    "DROP TABLE person_tag_history; ALTER TABLE person_tags DROP "
	    "COLUMN helper_id; ALTER TABLE person_tags DROP COLUMN "
	    "risk_level; ALTER TABLE person_tags DROP COLUMN until; "
	    "ALTER TABLE person_tags DROP COLUMN since; DROP TABLE "
	    "visit_rules; DROP TABLE tags; CREATE TABLE visits_v3 (id TEXT "
	    "PRIMARY KEY, worker_id TEXT REFERENCES workers(id), id_number "
	    "TEXT, house_id TEXT REFERENCES houses(id), at TEXT NOT NULL, "
	    "kind TEXT, note TEXT, attrs TEXT, CHECK (id_number IS NOT NULL "
	    "OR house_id IS NOT NULL)); INSERT INTO visits_v3 SELECT id, "
	    "worker_id, id_number, house_id, at, kind, note, attrs FROM "
	    "visits WHERE id_number IS NOT NULL OR house_id IS NOT NULL; "
	    "DROP TABLE visits; ALTER TABLE visits_v3 RENAME TO visits;",
	/* 5 -> 4 */
	"DROP INDEX people_permit; ALTER TABLE people DROP COLUMN "
	    "move_in_date; ALTER TABLE people DROP COLUMN permit_number; "
	    "ALTER TABLE people DROP COLUMN permit_expiry; ALTER TABLE people "
	    "DROP COLUMN employer_uscc;",
	/* 6 -> 5 */
	"DROP TABLE district_loads; DROP TABLE dispute_attempts; DROP TABLE "
	    "disputes; DROP TABLE "
	    "petitions; DROP TABLE case_parties; DROP INDEX visits_org; "
	    "ALTER TABLE visits DROP COLUMN next_date; ALTER TABLE orgs DROP "
	    "COLUMN supervision_level; DELETE FROM categories WHERE "
	    "case_type = 'petition'; ALTER TABLE categories DROP COLUMN "
	    "case_type; DELETE FROM settings WHERE key IN ('division_code', "
	    "'group_petition_people', 'petition_reply_limit');",
	/* 7 -> 6 */
	"DROP INDEX cases_duplicate;",
	/* 8 -> 7 */
	"DROP INDEX case_log_action_at;",
};
_Static_assert(sizeof(down) / sizeof(down[0]) == GRID_SCHEMA_VERSION,
    "one way down per schema version");

/*
 * Takes the database at path from the newest version down to version v
 * (1 or more).  Also run as "test_db --downgrade PATH V" by the
 * end-to-end tests that need an old database (t30).
 */
static int
downgrade(const char *path, int v)
{
	char sql[8192], pragma[64];
	size_t len = 0, n;
	int from;

	if (v < 1 || v >= GRID_SCHEMA_VERSION)
		return -1;
	for (from = GRID_SCHEMA_VERSION - 1; from >= v; from--) {
		n = strlen(down[from]);
		if (len + n >= sizeof(sql))
			return -1;
		memcpy(sql + len, down[from], n);
		len += n;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", v);
	n = strlen(pragma);
	if (len + n >= sizeof(sql))
		return -1;
	memcpy(sql + len, pragma, n + 1);
	return sqlite_exec(path, sql);
}

/*
 * Version 4's parts in a migrated database: the default tags and rules,
 * a person's tag with its new columns and kept rows, the history a
 * change leaves, a visit of an organisation.
 */
static void
check_v4_parts(struct grid_db *db, const char *what)
{
	struct grid_error err;
	char text[128], name[64];

	snprintf(name, sizeof(name), "%s: the default tags", what);
	is_int(query_long(db, "SELECT count(*) FROM tags"), 16, name);
	query_text(db, "SELECT label || ',' || synonyms || ',' || must_visit "
	    "FROM tags WHERE code = 'elderly_alone'", text, sizeof(text));
	snprintf(name, sizeof(name), "%s: elderly_alone's label", what);
	is_str(text, "独居老人,孤寡老人|孤寡|独居,1", name);
	query_text(db, "SELECT risk_min || '-' || risk_max FROM tags WHERE "
	    "code = 'mental_disorder'", text, sizeof(text));
	snprintf(name, sizeof(name), "%s: mental_disorder's levels", what);
	is_str(text, "0-5", name);
	snprintf(name, sizeof(name), "%s: the must-visit groups", what);
	is_int(query_long(db, "SELECT count(*) FROM tags WHERE must_visit"),
	    7, name);
	query_text(db, "SELECT every || ' ' || unit FROM visit_rules WHERE "
	    "tag = 'mental_disorder' AND risk_level = 0", text, sizeof(text));
	snprintf(name, sizeof(name), "%s: a rule per risk level", what);
	is_str(text, "3 months", name);
	snprintf(name, sizeof(name), "%s: a rule for every default tag",
	    what);
	is_int(query_long(db, "SELECT count(*) FROM tags t WHERE NOT EXISTS "
	    "(SELECT 1 FROM visit_rules r WHERE r.tag = t.code)"), 0, name);
	snprintf(name, sizeof(name), "%s: person_tags' new columns", what);
	is_int(query_long(db, "SELECT count(*) FROM pragma_table_info("
	    "'person_tags') WHERE name IN ('since', 'until', 'risk_level', "
	    "'helper_id')"), 4, name);
	snprintf(name, sizeof(name), "%s: visits of organisations", what);
	is_int(query_long(db, "SELECT count(*) FROM pragma_table_info("
	    "'visits') WHERE name IN ('org_uscc', 'result', 'hazards')"), 3,
	    name);
	snprintf(name, sizeof(name), "%s: history kept on a change", what);
	is_int(grid_db_exec(db, "INSERT INTO people(id_number, name, "
	    "updated_at) VALUES ('V4', 'v4', '2026-01-01T00:00:00+08:00'); "
	    "INSERT INTO person_tags(id_number, tag, since, risk_level) "
	    "VALUES ('V4', 'mental_disorder', '2026-01-01', 0); "
	    "UPDATE person_tags SET risk_level = 3, since = '2026-02-10' "
	    "WHERE id_number = 'V4'", &err), 0, name);
	is_int(query_long(db, "SELECT count(*) FROM person_tag_history "
	    "WHERE id_number = 'V4' AND since = '2026-01-01' AND until = "
	    "'2026-02-09' AND risk_level = 0"), 1, name);
	snprintf(name, sizeof(name), "%s: a tag ending before it starts",
	    what);
	is_int(grid_db_exec(db, "UPDATE person_tags SET until = '2026-01-01' "
	    "WHERE id_number = 'V4'", &err), -1, name);
	snprintf(name, sizeof(name), "%s: a visit names someone", what);
	is_int(grid_db_exec(db, "INSERT INTO visits(id, at, result, hazards) "
	    "VALUES ('V4', '2026-01-01T00:00:00+08:00', 'problem', 2)", &err),
	    -1, name);
	is_int(grid_db_exec(db, "DELETE FROM person_tags WHERE id_number = "
	    "'V4'; DELETE FROM person_tag_history WHERE id_number = 'V4'; "
	    "DELETE FROM people WHERE id_number = 'V4'", &err), 0,
	    "v4 parts: cleaned up");
}

/* A version-2 database migrates to the newest, with version 3's parts. */
static void
test_migrate_v2(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[512], text[64];

	in_dir(path, sizeof(path), "v2.db");
	unlink(path);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0) {
		ok(0, "v2: create");
		return;
	}
	grid_db_close(db);
	db = NULL;
	is_int(downgrade(path, 2), 0, "v2: made a version-2 database");
	check_refused_keep(path);
	is_int(grid_db_open(path, 0, 0, &db, &err), 0,
	    "v2: a writer opens it");
	if (db == NULL)
		return;
	is_int(query_long(db, "PRAGMA user_version"), GRID_SCHEMA_VERSION,
	    "v2: migrated to the newest version");
	is_int(query_long(db, "SELECT count(*) FROM pragma_table_info("
	    "'cases') WHERE name IN ('external_id', 'external_source')"), 2,
	    "v2: cases.external_id and external_source added");
	is_int(query_long(db, "SELECT count(*) FROM sqlite_master WHERE name "
	    "IN ('attachments', 'cases_external', 'people_permit')"), 3,
	    "v2: attachments, cases_external and people_permit made");
	query_text(db, "SELECT value FROM settings WHERE key = "
	    "'coordinate_system'", text, sizeof(text));
	is_str(text, "auto", "v2: coordinate_system added");
	is_int(query_long(db, "SELECT count(*) FROM settings WHERE key IN "
	    "('media_base_url', 'require_after_photo')"), 2,
	    "v2: media_base_url and require_after_photo added");
	is_int(query_long(db, "PRAGMA foreign_key_check"), -1,
	    "v2: no foreign key violations");
	check_v4_parts(db, "v2");
	grid_db_close(db);
}

static void
test_migrate_v1(void)
{
	/* its own warn_share, which the migration must keep */
	static const char own[] = "INSERT INTO settings (key, value) VALUES "
	    "('warn_share', '70');";
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[512], text[64];

	in_dir(path, sizeof(path), "v1.db");
	unlink(path);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0) {
		ok(0, "v1: create");
		return;
	}
	grid_db_close(db);
	db = NULL;
	is_int(downgrade(path, 1), 0, "v1: made a version-1 database");
	is_int(sqlite_exec(path, own), 0, "v1: its own warn_share");
	check_refused_keep(path);
	is_int(grid_db_open(path, 0, 0, &db, &err), 0,
	    "v1: a writer opens it");
	if (db == NULL)
		return;
	is_int(query_long(db, "PRAGMA user_version"), GRID_SCHEMA_VERSION,
	    "v1: migrated to the newest version");
	is_int(query_long(db, "SELECT count(*) FROM pragma_table_info("
	    "'case_log') WHERE name = 'worker_id'"), 1,
	    "v1: case_log.worker_id added");
	is_int(query_long(db, "SELECT count(*) FROM pragma_table_info("
	    "'cases') WHERE name = 'reply_due'"), 1,
	    "v1: cases.reply_due added");
	query_text(db, "SELECT value FROM settings WHERE key = 'ack_limit'",
	    text, sizeof(text));
	is_str(text, "2 work_hours", "v1: ack_limit added");
	query_text(db, "SELECT value FROM settings WHERE key = 'reply_limit'",
	    text, sizeof(text));
	is_str(text, "5 work_days", "v1: reply_limit added");
	query_text(db, "SELECT value FROM settings WHERE key = 'check_limit'",
	    text, sizeof(text));
	is_str(text, "2 work_hours", "v1: check_limit added");
	query_text(db, "SELECT value FROM settings WHERE key = "
	    "'verify_limit'", text, sizeof(text));
	is_str(text, "1 work_days", "v1: verify_limit added");
	query_text(db, "SELECT value FROM settings WHERE key = 'warn_share'",
	    text, sizeof(text));
	is_str(text, "70", "v1: its own warn_share kept");
	is_int(query_long(db, "PRAGMA foreign_key_check"), -1,
	    "v1: no foreign key violations");
	grid_db_close(db);
	db = NULL;
	is_int(grid_db_open(path, GRID_DB_READONLY, 0, &db, &err), 0,
	    "v1: read-only open once migrated");
	grid_db_close(db);
}

static void
test_env(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[512];

	in_dir(path, sizeof(path), "env.db");
	setenv("GRID_DB", path, 1);
	is_str(grid_db_default_path(NULL), path, "default path: $GRID_DB");
	is_str(grid_db_default_path("x.db"), "x.db", "default path: given");
	grid_error_clear(&err);
	is_int(grid_db_open(NULL, GRID_DB_CREATE, 0, &db, &err), 0,
	    "GRID_DB used when path is NULL");
	if (db != NULL)
		is_str(grid_db_path(db), path, "GRID_DB: the path");
	ok(exists(path), "GRID_DB: file created there");
	grid_db_close(db);
	unsetenv("GRID_DB");
	is_str(grid_db_default_path(NULL), "grid.db", "default path: grid.db");

	setenv("GRID_BUSY_MS", "abc", 1);
	grid_error_clear(&err);
	is_int(grid_db_open(path, 0, 0, &db, &err), -1,
	    "GRID_BUSY_MS=abc refused");
	ok(err.code != 0 && strstr(err.text, "abc") != NULL, err.text);
	setenv("GRID_BUSY_MS", "-5", 1);
	is_int(grid_db_open(path, 0, 0, &db, &err), -1,
	    "GRID_BUSY_MS=-5 refused");
	setenv("GRID_BUSY_MS", "100ms", 1);
	is_int(grid_db_open(path, 0, 0, &db, &err), -1,
	    "GRID_BUSY_MS=100ms refused");
	in_dir(path, sizeof(path), "busy-bad.db");
	setenv("GRID_BUSY_MS", "x", 1);
	is_int(grid_db_open(path, GRID_DB_CREATE, 0, &db, &err), -1,
	    "GRID_BUSY_MS bad with CREATE refused");
	ok(!exists(path), "GRID_BUSY_MS bad: no file left behind");
	setenv("GRID_BUSY_MS", "250", 1);
	in_dir(path, sizeof(path), "env.db");
	is_int(grid_db_open(path, 0, 0, &db, &err), 0, "GRID_BUSY_MS=250 fine");
	grid_db_close(db);
	unsetenv("GRID_BUSY_MS");
}

static void
test_busy(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	sqlite3 *other = NULL;
	char path[512];

	in_dir(path, sizeof(path), "busy.db");
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		return;
	grid_db_close(db);
	db = NULL;
	if (sqlite3_open(path, &other) != SQLITE_OK ||
	    sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		ok(0, "second connection holds the write lock");
		sqlite3_close(other);
		return;
	}
	setenv("GRID_BUSY_MS", "100", 1);
	grid_error_clear(&err);
	is_int(grid_db_open(path, 0, 0, &db, &err), 0,
	    "busy: opening still works (WAL readers)");
	if (db != NULL) {
		grid_error_clear(&err);
		is_int(grid_db_begin(db, &err), -1, "busy: begin fails");
		is_int(err.code, GRID_EBUSY, "busy: GRID_EBUSY");
		printf("#   %s\n", err.text);
		is_int(grid_db_rollback(db), 0, "busy: rollback harmless");
	}
	grid_db_close(db);
	db = NULL;
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	grid_error_clear(&err);
	if (grid_db_open(path, 0, 0, &db, &err) == 0) {
		is_int(grid_db_begin(db, &err), 0, "free again: begin works");
		is_int(grid_db_exec(db, "INSERT INTO departments(code, name) "
		    "VALUES ('D1', 'x')", &err), 0, "insert in a transaction");
		is_int(grid_db_rollback(db), 0, "rollback");
		is_int(query_long(db, "SELECT count(*) FROM departments"), 0,
		    "rolled back");
		is_int(grid_db_begin(db, &err), 0, "begin again");
		grid_db_exec(db, "INSERT INTO departments(code, name) VALUES "
		    "('D2', 'y')", &err);
		is_int(grid_db_commit(db, &err), 0, "commit");
		is_int(query_long(db, "SELECT count(*) FROM departments"), 1,
		    "committed");
		is_int(grid_db_begin(db, &err), 0, "begin, then close");
		grid_db_exec(db, "INSERT INTO departments(code, name) VALUES "
		    "('D3', 'z')", &err);
	}
	grid_db_close(db);
	db = NULL;
	if (grid_db_open(path, 0, 0, &db, &err) == 0)
		is_int(query_long(db, "SELECT count(*) FROM departments"), 1,
		    "close rolled the open transaction back");
	grid_db_close(db);
	unsetenv("GRID_BUSY_MS");
}

static void
test_settings(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[512], out[64], small[4];
	const char *v, *def = "default";

	in_dir(path, sizeof(path), "settings.db");
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		return;
	v = grid_db_setting(db, "grid_seq_width", def, out, sizeof(out));
	ok(v == out, "setting present: copied into out");
	is_str(v, "2", "setting grid_seq_width");
	v = grid_db_setting(db, "no_such_key", def, out, sizeof(out));
	ok(v == def, "setting absent: def");
	ok(grid_db_setting(db, "no_such_key", NULL, out, sizeof(out)) == NULL,
	    "setting absent, def NULL: NULL");
	grid_db_exec(db, "INSERT INTO settings VALUES ('long', "
	    "'0123456789'), ('word', 'abc'), ('mixed', '12abc'), "
	    "('empty', ''), ('neg', '-7')", &err);
	v = grid_db_setting(db, "long", def, small, sizeof(small));
	is_str(v, "012", "setting truncated to the size of out");
	is_int(grid_db_setting_long(db, "grid_seq_width", -1), 2,
	    "setting_long: 2");
	is_int(grid_db_setting_long(db, "neg", 0), -7, "setting_long: -7");
	is_int(grid_db_setting_long(db, "word", 42), 42,
	    "setting_long: not a number -> def");
	is_int(grid_db_setting_long(db, "mixed", 42), 42,
	    "setting_long: 12abc -> def");
	is_int(grid_db_setting_long(db, "empty", 42), 42,
	    "setting_long: empty -> def");
	is_int(grid_db_setting_long(db, "no_such_key", 42), 42,
	    "setting_long: absent -> def");
	is_int(grid_db_setting_long(db, "worker_quota", 0), 4,
	    "setting_long: worker_quota default");
	grid_db_close(db);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--downgrade") == 0)
		return downgrade(argv[2], atoi(argv[3])) == 0 ? 0 : 1;
	unsetenv("GRID_DB");
	unsetenv("GRID_BUSY_MS");
	if (mkdtemp(dir) == NULL) {
		printf("# mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_create();
	test_seq_width();
	test_missing();
	test_refused();
	test_migrate_v1();
	test_migrate_v2();
	test_env();
	test_busy();
	test_settings();
	remove_dir();
	return tap_done();
}
