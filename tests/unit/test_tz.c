/*
 * test_tz.c - the time zone of the database: names checked against the
 * zone files, the zone a new database gets, one made before the setting
 * (from TZ, its times rewritten), a change of zone, and times written at
 * the zone's offsets whatever the process's TZ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"

static char dir[] = "/tmp/grid-test-tz.XXXXXX";

#include "testfs.h"
#include "testdb.h"
#include "grid/text.h"
#include "grid/tz.h"

static void
test_names(void)
{
	struct grid_error err;

	is_int(grid_tz_check("Asia/Shanghai", NULL), 0, "Asia/Shanghai");
	is_int(grid_tz_check("America/New_York", NULL), 0, "America/New_York");
	is_int(grid_tz_check("UTC", NULL), 0, "UTC");
	is_int(grid_tz_check("Etc/GMT-8", NULL), 0, "Etc/GMT-8");
	is_int(grid_tz_check("Asia/Shanghia", &err), -1, "misspelt zone");
	is_int(err.code, GRID_EUSAGE, "a bad zone is a usage error");
	ok(strstr(err.text, "no time zone 'Asia/Shanghia'") != NULL,
	    "the message names the zone");
	is_int(grid_tz_check("../etc/passwd", &err), -1, "a path is refused");
	ok(strstr(err.text, "not an IANA time zone name") != NULL,
	    "the message names the rule");
	is_int(grid_tz_check("/usr/share/zoneinfo/UTC", NULL), -1,
	    "an absolute path is refused");
	is_int(grid_tz_check("Asia//Shanghai", NULL), -1, "an empty part");
	is_int(grid_tz_check("Asia/", NULL), -1, "a trailing slash");
	is_int(grid_tz_check("", NULL), -1, "an empty name");
	is_int(grid_tz_check(NULL, NULL), -1, "no name");
	is_int(grid_tz_check("CST-8", NULL), -1, "a POSIX rule is no name");
	is_int(grid_tz_check("zone.tab", NULL), -1,
	    "a file of the zone directory that is no zone");
	is_int(grid_tz_check("Asia", NULL), -1, "a directory is no zone");
}

static void
test_use(void)
{
	char out[32];
	time_t t = 1780000000;	/* 2026-05-28T20:26:40Z */

	is_str(grid_tz_inherited() ? grid_tz_inherited() : "(none)",
	    "Europe/Berlin", "the TZ the process started with is kept");
	grid_tz_init();
	is_str(grid_tz_current(), "Asia/Shanghai", "init: the default zone");
	is_str(grid_time_format(t, out, sizeof(out)),
	    "2026-05-29T04:26:40+08:00", "formatted in Asia/Shanghai");
	is_int(grid_tz_use("America/New_York", NULL), 0, "use New York");
	is_str(grid_time_format(t, out, sizeof(out)),
	    "2026-05-28T16:26:40-04:00", "formatted in New York (summer)");
	is_int(grid_tz_use("Nowhere/City", NULL), -1, "a bad zone refused");
	is_str(grid_tz_current(), "America/New_York", "the old zone stays");
	is_str(grid_tz_inherited(), "Europe/Berlin",
	    "the inherited zone outlives the changes");
	is_int(grid_tz_use("Asia/Shanghai", NULL), 0, "back to Shanghai");
}

static void
test_localize(void)
{
	char out[32] = "untouched";

	is_int(grid_time_localize("2026-05-01T01:00:00+00:00", out,
	    sizeof(out)), 1, "a UTC time is localized");
	is_str(out, "2026-05-01T09:00:00+08:00", "at +08:00");
	is_int(grid_time_localize("2026-04-30T21:00:00-04:00", out,
	    sizeof(out)), 1, "a New York time is localized");
	is_str(out, "2026-05-01T09:00:00+08:00", "the same instant");
	strcpy(out, "untouched");
	is_int(grid_time_localize("2026-05-01T09:00:00+08:00", out,
	    sizeof(out)), 0, "a local time is left");
	is_int(grid_time_localize("2026-05-01", out, sizeof(out)), 0,
	    "a date is left");
	is_int(grid_time_localize("2026-05-01 09:00", out, sizeof(out)), 0,
	    "a time without offset is left");
	is_int(grid_time_localize("soon", out, sizeof(out)), 0,
	    "no time is left");
	is_int(grid_time_localize(NULL, out, sizeof(out)), 0, "NULL is left");
	is_str(out, "untouched", "out untouched when 0");
}

static void
test_new_database(void)
{
	struct grid_db_new fresh = { 0, "America/New_York" };
	struct grid_error err;
	struct grid_db *other;
	char path[200];

	db_create(NULL);
	is_str(sql_one("SELECT value FROM settings WHERE key = 'time_zone'"),
	    "Asia/Shanghai", "a new database: Asia/Shanghai");
	is_str(grid_db_time_zone(db), "Asia/Shanghai", "in force");
	ok(grid_db_notice(db) == NULL, "no notice for a new database");
	db_remove();

	in_dir(path, sizeof(path), "ny.db");
	is_int(grid_db_open_with(path, GRID_DB_CREATE, &fresh, &other, &err),
	    0, "a new database with --time-zone");
	is_str(grid_db_time_zone(other), "America/New_York", "its zone");
	is_str(grid_tz_current(), "America/New_York", "put in force");
	grid_db_close(other);
	fresh.time_zone = "Asia/Tokyo";
	is_int(grid_db_open_with(path, 0, &fresh, &other, &err), -1,
	    "another zone for an existing database");
	is_int(err.code, GRID_EUSAGE, "is a usage error");
	ok(strstr(err.text, "'America/New_York', not 'Asia/Tokyo'") != NULL,
	    "naming both zones");
	fresh.time_zone = "Nowhere/City";
	is_int(grid_db_open_with(path, GRID_DB_CREATE, &fresh, &other, &err),
	    -1, "a bad zone");
	is_int(err.code, GRID_EUSAGE, "is a usage error");
	unlink_db(path);
	in_dir(path, sizeof(path), "bad.db");
	is_int(grid_db_open_with(path, GRID_DB_CREATE, &fresh, &other, &err),
	    -1, "a bad zone for a new database");
	ok(access(path, F_OK) != 0, "creates no file");
	(void)grid_tz_use("Asia/Shanghai", NULL);
}

/* A database as made before the setting: no time_zone, mixed offsets. */
static void
make_old(void)
{
	db_create(NULL);
	sql("DELETE FROM settings WHERE key = 'time_zone';"
	    "INSERT INTO import_batches(table_name, source, mode, status, "
	    "started_at, finished_at) VALUES ('people', 'a.csv', 'upsert', "
	    "'done', '2026-05-01T01:00:00+00:00', '2026-05-01T09:00:05+08:00')"
	    ";INSERT INTO import_batches(table_name, source, mode, status, "
	    "started_at) VALUES ('people', 'b.csv', 'upsert', 'done', "
	    "'2026-05-01')");
	grid_db_close(db);
	db = NULL;
}

static void
test_old_database(void)
{
	struct grid_error err;
	const char *notice;

	make_old();
	is_int(grid_db_open(db_path, GRID_DB_READONLY, 0, &db, &err), 0,
	    "an old database opens read-only");
	is_str(grid_db_time_zone(db), "Europe/Berlin",
	    "read-only: the zone TZ named");
	notice = grid_db_notice(db);
	ok(notice != NULL && strstr(notice, "no time_zone setting") != NULL,
	    "read-only: a notice that it is assumed");
	is_str(sql_one("SELECT count(*) FROM settings WHERE key = 'time_zone'"),
	    "0", "read-only: nothing written");
	grid_db_close(db);

	is_int(grid_db_open(db_path, 0, 0, &db, &err), 0,
	    "opened by a writer");
	is_str(sql_one("SELECT value FROM settings WHERE key = 'time_zone'"),
	    "Europe/Berlin", "the zone TZ named is recorded");
	notice = grid_db_notice(db);
	ok(notice != NULL && strstr(notice, "time_zone set to Europe/Berlin "
	    "(from TZ)") != NULL, "the notice says so");
	ok(notice != NULL && strstr(notice, "2 times rewritten") != NULL,
	    "and how many times were rewritten");
	is_str(sql_one("SELECT started_at || ' ' || finished_at FROM "
	    "import_batches WHERE source = 'a.csv'"),
	    "2026-05-01T03:00:00+02:00 2026-05-01T03:00:05+02:00",
	    "every time at the zone's offset");
	is_str(sql_one("SELECT started_at FROM import_batches WHERE source = "
	    "'b.csv'"), "2026-05-01", "a date alone is left as it is");
	grid_db_close(db);
	is_int(grid_db_open(db_path, 0, 0, &db, &err), 0, "opened again");
	ok(grid_db_notice(db) == NULL, "the notice comes once");

	is_int(grid_db_set_time_zone(db, "Asia/Shanghai", &err), 0,
	    "the zone changed");
	is_str(sql_one("SELECT started_at FROM import_batches WHERE source = "
	    "'a.csv'"), "2026-05-01T09:00:00+08:00",
	    "times rewritten at the new offset");
	is_str(grid_tz_current(), "Asia/Shanghai", "the new zone in force");
	is_int(grid_db_set_time_zone(db, "Nowhere/City", &err), -1,
	    "a bad zone refused");
	is_str(sql_one("SELECT value FROM settings WHERE key = 'time_zone'"),
	    "Asia/Shanghai", "nothing changed");
	is_str(grid_tz_current(), "Asia/Shanghai", "the zone in force kept");
	sql("CREATE TABLE mine (seen_at TEXT);"
	    "INSERT INTO mine VALUES ('2026-05-01T01:00:00+00:00')");
	is_int(grid_db_set_time_zone(db, "UTC", &err), 0, "to UTC");
	is_str(sql_one("SELECT seen_at FROM mine"), "2026-05-01T01:00:00+00:00",
	    "an analyst's own table is left alone");
	sql("UPDATE settings SET value = 'Nowhere/City' WHERE key = "
	    "'time_zone'");
	db_remove();
}

static void
test_bad_setting(void)
{
	struct grid_error err;

	db_create("UPDATE settings SET value = 'Nowhere/City' WHERE key = "
	    "'time_zone'");
	grid_db_close(db);
	db = NULL;
	is_int(grid_db_open(db_path, 0, 0, &db, &err), -1,
	    "a database whose zone has no file");
	is_int(err.code, GRID_ENODB, "is unusable (69)");
	ok(strstr(err.text, "no time zone 'Nowhere/City'") != NULL,
	    "the message names the zone");
	unlink_db(db_path);
}

int
main(void)
{
	/* the process starts with TZ naming a zone: kept, never used */
	setenv("TZ", "Europe/Berlin", 1);
	unsetenv("GRID_NOW");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", dir);
	test_names();
	test_use();
	test_localize();
	test_new_database();
	test_old_database();
	test_bad_setting();
	remove_dir();
	return tap_done();
}
