/* db.c - opening the shared database, transactions, settings. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/text.h"
#include "internal.h"

struct grid_db {
	sqlite3 *sql;
	char *path;
	int created;
	int in_tx;
	char zone[160];		/* the time_zone in force */
	char notice[512];	/* grid_db_notice, "" for none */
};

static void local_time_function(sqlite3_context *ctx, int argc,
    sqlite3_value **argv);

const char *
grid_db_default_path(const char *path)
{
	const char *env;

	if (path != NULL && path[0] != '\0')
		return path;
	env = getenv("GRID_DB");
	return env != NULL && env[0] != '\0' ? env : "grid.db";
}

int
grid_db_error(struct grid_db *db, int rc, const char *what,
    struct grid_error *err)
{
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = GRID_EBUSY;
		break;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		code = GRID_EIO;
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = GRID_ENODB;
		break;
	default:
		code = GRID_EINTERNAL;
	}
	return grid_error_set(err, code, db != NULL ? db->path : NULL, 0, NULL,
	    "%s: %s", _(what), db != NULL && db->sql != NULL ?
	    sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
}

int
grid_db_exec(struct grid_db *db, const char *sql, struct grid_error *err)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : grid_db_error(db, rc, "sql", err);
}

int
grid_db_prepare(struct grid_db *db, const char *sql, sqlite3_stmt **stmt,
    struct grid_error *err)
{
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL);

	return rc == SQLITE_OK ? 0 : grid_db_error(db, rc, "prepare", err);
}

int
grid_db_begin(struct grid_db *db, struct grid_error *err)
{
	int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "starting a transaction", err);
	db->in_tx = 1;
	return 0;
}

int
grid_db_commit(struct grid_db *db, struct grid_error *err)
{
	int rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "commit", err);
		grid_db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

int
grid_db_rollback(struct grid_db *db)
{
	if (db == NULL || db->sql == NULL)
		return 0;
	db->in_tx = 0;
	if (sqlite3_get_autocommit(db->sql))
		return 0;
	return sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

/* Creates the file with mode 0600 when missing; sets *created. */
static int
create_file(const char *path, int *created, struct grid_error *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);

	*created = 0;
	if (fd >= 0) {
		*created = 1;
		return close(fd);
	}
	if (errno == EEXIST)
		return 0;
	return grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
	    "cannot create database: %s", strerror(errno));
}

static long
int_query(struct grid_db *db, const char *sql, struct grid_error *err)
{
	sqlite3_stmt *st;
	long v = -1;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	else
		grid_db_error(db, rc, "reading the schema", err);
	sqlite3_finalize(st);
	return v;
}

/*
 * Checks the version and migrates inside one immediate transaction.  A
 * database that is refused (newer, or not ours) is not touched: WAL is
 * switched on only after these checks.
 */
static int
prepare_schema(struct grid_db *db, int flags, int seq_width,
    const char *zone, struct grid_error *err)
{
	long version, tables, width;

	version = int_query(db, "PRAGMA user_version", err);
	if (version < 0)
		return -1;
	if (version > GRID_SCHEMA_VERSION)
		return grid_error_set(err, GRID_ENODB, db->path, 0, NULL,
		    "database schema version %ld is newer than this tool's "
		    "(%d): upgrade gridkit", version, GRID_SCHEMA_VERSION);
	if (version == 0) {
		tables = int_query(db, "SELECT count(*) FROM sqlite_master",
		    err);
		if (tables < 0)
			return -1;
		if (tables > 0)
			return grid_error_set(err, GRID_ENODB, db->path, 0,
			    NULL, "not a gridkit database (it has tables but "
			    "no gridkit schema version)");
	}
	if (!(flags & GRID_DB_READONLY) &&
	    grid_db_exec(db, "PRAGMA journal_mode = WAL", err) != 0)
		return -1;
	if (version == GRID_SCHEMA_VERSION)
		goto width;
	if (flags & GRID_DB_READONLY)
		return grid_error_set(err, GRID_ENODB, db->path, 0, NULL,
		    "database schema version %ld is older than this tool's "
		    "(%d): upgrade it once with grid-import --settings -d "
		    "%s", version, GRID_SCHEMA_VERSION, db->path);
	if (grid_db_begin(db, err) != 0)
		return -1;
	version = int_query(db, "PRAGMA user_version", err);
	tables = int_query(db, "SELECT count(*) FROM sqlite_master", err);
	if (version < 0 || tables < 0)
		goto fail;
	if (version == 0 && tables > 0) {
		grid_error_set(err, GRID_ENODB, db->path, 0, NULL,
		    "not a gridkit database (it has tables but no gridkit "
		    "schema version)");
		goto fail;
	}
	if (version < GRID_SCHEMA_VERSION && gridi_schema_migrate(db,
	    (int)version, seq_width != 0 ? seq_width : 2, zone, err) != 0)
		goto fail;
	if (grid_db_commit(db, err) != 0)
		return -1;
width:
	width = grid_db_setting_long(db, "grid_seq_width", 2);
	if (seq_width != 0 && seq_width != width)
		return grid_error_set(err, GRID_EUSAGE, db->path, 0, NULL,
		    "grid sequence width is %ld in this database; it is fixed "
		    "when the database is created", width);
	return 0;
fail:
	grid_db_rollback(db);
	return -1;
}

static int
configure(struct grid_db *db, int flags, struct grid_error *err)
{
	const char *env = getenv("GRID_BUSY_MS");
	long ms = 5000;
	char *end;

	if (env != NULL && env[0] != '\0') {
		errno = 0;
		ms = strtol(env, &end, 10);
		if (*end != '\0' || ms < 0 || ms > 3600000 || errno != 0)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0,
			    "GRID_BUSY_MS", "not a number of milliseconds "
			    "(0-3600000): '%s'", env);
	}
	sqlite3_busy_timeout(db->sql, (int)ms);
	sqlite3_extended_result_codes(db->sql, 1);
	if (sqlite3_create_function(db->sql, "grid_local_time", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, local_time_function,
	    NULL, NULL) != SQLITE_OK)
		return grid_db_error(db, sqlite3_errcode(db->sql),
		    "registering grid_local_time", err);
	return grid_db_exec(db, "PRAGMA foreign_keys = ON", err);
}

/*
 * SQLite counts every allocation under a global mutex unless told not to
 * before it starts (about 2 % of an import's instructions); gridkit never
 * reads those counts.  Once, before the first open; a no-op (an ignored
 * SQLITE_MISUSE) when the program started SQLite itself before.
 */
static void
quiet_memory_stats(void)
{
	static int done;

	if (!done)
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = 1;
}

/* SQL function grid_local_time(x): x at the local offset (see
 * grid_time_localize), or x itself. */
static void
local_time_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	char out[64];

	(void)argc;
	if (text != NULL && grid_time_localize(text, out, sizeof(out)))
		sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_value(ctx, argv[0]);
}

/*
 * The time columns of the schema: at, *_at, deadline and *_due (reply_due)
 * of every table.
 */
static const char time_columns_sql[] =
"SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name)\n"
"  AS c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'\n"
"  AND (c.name = 'at' OR c.name = 'deadline'\n"
"    OR c.name LIKE '%\\_at' ESCAPE '\\'\n"
"    OR c.name LIKE '%\\_due' ESCAPE '\\')\n"
"  ORDER BY m.name, c.cid";

long
grid_db_relocalize(struct grid_db *db, struct grid_error *err)
{
	sqlite3_stmt *cols = NULL;
	long changed = 0;
	int rc;

	if (grid_db_prepare(db, time_columns_sql, &cols, err) != 0)
		return -1;
	while ((rc = sqlite3_step(cols)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(cols, 0);
		const char *col = (const char *)sqlite3_column_text(cols, 1);
		char *sql;
		int bad;

		/* gridkit's tables only: an analyst's own are left alone */
		if (!gridi_schema_has_table(table))
			continue;
		sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = "
		    "grid_local_time(\"%w\") WHERE \"%w\" IS NOT "
		    "grid_local_time(\"%w\")", table, col, col, col, col);
		bad = sql == NULL ? grid_error_set(err, GRID_EINTERNAL, NULL,
		    0, NULL, "out of memory") : grid_db_exec(db, sql, err);
		sqlite3_free(sql);
		if (bad != 0) {
			sqlite3_finalize(cols);
			return -1;
		}
		changed += sqlite3_changes(db->sql);
	}
	sqlite3_finalize(cols);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading the time columns", err);
	return changed;
}

/* Writes the time_zone setting and relocalizes, in one transaction (the
 * caller's when one is open). */
static long
record_zone(struct grid_db *db, const char *zone, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	long changed;
	int rc, own = sqlite3_get_autocommit(db->sql);

	if (own && grid_db_begin(db, err) != 0)
		return -1;
	if (grid_db_prepare(db, "INSERT INTO settings(key, value) VALUES "
	    "('time_zone', ?1) ON CONFLICT(key) DO UPDATE SET value = "
	    "excluded.value", &st, err) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, zone, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		grid_db_error(db, rc, "writing the time zone", err);
		goto fail;
	}
	if ((changed = grid_db_relocalize(db, err)) < 0 ||
	    (own && grid_db_commit(db, err) != 0))
		goto fail;
	return changed;
fail:
	if (own)
		grid_db_rollback(db);
	return -1;
}

/*
 * Puts the database's zone in force; gives a database without one the
 * zone of fresh->time_zone, of TZ, or the default (see db.h).
 */
static int
setup_zone(struct grid_db *db, int flags, const char *want,
    struct grid_error *err)
{
	char buf[sizeof(db->zone)];
	const char *zone, *why;
	long changed;

	zone = grid_db_setting(db, "time_zone", NULL, buf, sizeof(buf));
	if (zone != NULL) {
		if (want != NULL && strcmp(want, zone) != 0)
			return grid_error_set(err, GRID_EUSAGE, db->path, 0,
			    "time_zone", "this database's time zone is '%s', "
			    "not '%s' (change it with grid-import --set "
			    "time_zone=NAME)", zone, want);
		if (grid_tz_use(zone, err) != 0) {
			err->code = GRID_ENODB;
			grid_error_locate(err, db->path, 0, "time_zone");
			return -1;
		}
		snprintf(db->zone, sizeof(db->zone), "%s", zone);
		return 0;
	}
	why = "--time-zone";
	if ((zone = want) == NULL) {
		zone = grid_tz_inherited();
		why = N_("from TZ");
	}
	if (zone == NULL) {
		zone = GRID_TZ_DEFAULT;
		why = N_("the default");
	}
	if (grid_tz_use(zone, err) != 0)
		return -1;
	snprintf(db->zone, sizeof(db->zone), "%s", zone);
	if (flags & GRID_DB_READONLY) {
		snprintf(db->notice, sizeof(db->notice), _("%s: no time_zone "
		    "setting: local times are computed in %s (%s) until a "
		    "tool that writes records it"), db->path, zone, _(why));
		return 0;
	}
	if ((changed = record_zone(db, zone, err)) < 0)
		return -1;
	snprintf(db->notice, sizeof(db->notice), P_("%s: time_zone set "
	    "to %s (%s), once: this database had none; %ld time rewritten at "
	    "its offset", "%s: time_zone set to %s (%s), once: this database "
	    "had none; %ld times rewritten at its offset", changed), db->path,
	    zone, _(why), changed);
	return 0;
}

int
grid_db_open(const char *path, int flags, int seq_width,
    struct grid_db **out, struct grid_error *err)
{
	struct grid_db_new fresh = { seq_width, NULL };

	return grid_db_open_with(path, flags, &fresh, out, err);
}

int
grid_db_open_with(const char *path, int flags,
    const struct grid_db_new *fresh, struct grid_db **out,
    struct grid_error *err)
{
	struct grid_db *db;
	struct stat st;
	int rc, oflags, seq_width = fresh != NULL ? fresh->seq_width : 0;
	const char *zone = fresh != NULL ? fresh->time_zone : NULL;

	*out = NULL;
	path = grid_db_default_path(path);
	if (seq_width != 0 && seq_width != 2 && seq_width != 3)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "grid sequence width must be 2 or 3, not %d", seq_width);
	if (zone != NULL && grid_tz_check(zone, err) != 0)
		return -1;
	db = calloc(1, sizeof(*db));
	if (db == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		return grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "out of memory");
	}
	if (flags & GRID_DB_CREATE) {
		if (create_file(path, &db->created, err) != 0)
			goto fail;
	} else if (stat(path, &st) != 0) {
		grid_error_set(err, GRID_ENODB, path, 0, NULL,
		    "no database here (%s); create one with grid-import",
		    strerror(errno));
		goto fail;
	}
	oflags = (flags & GRID_DB_READONLY) ? SQLITE_OPEN_READONLY
	    : SQLITE_OPEN_READWRITE;
	quiet_memory_stats();
	rc = sqlite3_open_v2(path, &db->sql, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "cannot open database", err);
		if (err != NULL && err->code == GRID_EINTERNAL)
			err->code = GRID_ENODB;
		goto fail;
	}
	if (configure(db, flags, err) != 0 ||
	    prepare_schema(db, flags, seq_width,
	    zone != NULL ? zone : GRID_TZ_DEFAULT, err) != 0 ||
	    setup_zone(db, flags, zone, err) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	if (db->created)
		unlink(path);
	grid_db_close(db);
	return -1;
}

void
grid_db_close(struct grid_db *db)
{
	if (db == NULL)
		return;
	grid_db_rollback(db);
	sqlite3_close_v2(db->sql);
	free(db->path);
	free(db);
}

sqlite3 *
grid_db_sqlite(struct grid_db *db)
{
	return db->sql;
}

const char *
grid_db_path(const struct grid_db *db)
{
	return db->path;
}

int
grid_db_created(const struct grid_db *db)
{
	return db->created;
}

const char *
grid_db_setting(struct grid_db *db, const char *key, const char *def,
    char *out, size_t n)
{
	sqlite3_stmt *st;
	const char *v = def;

	if (db == NULL)
		return def;
	if (sqlite3_prepare_v2(db->sql, "SELECT value FROM settings WHERE "
	    "key = ?1", -1, &st, NULL) != SQLITE_OK)
		return def;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL) {
		snprintf(out, n, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		v = out;
	}
	sqlite3_finalize(st);
	return v;
}

long
grid_db_setting_long(struct grid_db *db, const char *key, long def)
{
	char buf[64], *end;
	const char *v = grid_db_setting(db, key, NULL, buf, sizeof(buf));
	long n;

	if (v == NULL)
		return def;
	n = strtol(v, &end, 10);
	return end != v && *end == '\0' ? n : def;
}

const char *
grid_db_notice(const struct grid_db *db)
{
	return db != NULL && db->notice[0] != '\0' ? db->notice : NULL;
}

const char *
grid_db_time_zone(const struct grid_db *db)
{
	return db->zone;
}

int
grid_db_set_time_zone(struct grid_db *db, const char *name,
    struct grid_error *err)
{
	char old[sizeof(db->zone)];

	if (grid_tz_check(name, err) != 0)
		return -1;
	memcpy(old, db->zone, sizeof(old));
	if (grid_tz_use(name, err) != 0)
		return -1;
	if (record_zone(db, name, err) < 0) {
		(void)grid_tz_use(old, NULL);
		return -1;
	}
	snprintf(db->zone, sizeof(db->zone), "%s", name);
	return 0;
}
