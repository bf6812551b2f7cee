/*
 * settings.c - grid-import --settings and --set KEY=VALUE: the database's
 * settings shown, and changed with the same checks the tools apply when
 * they read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "grid/calendar.h"
#include "grid/codes.h"
#include "grid/db.h"
#include "grid/district.h"
#include "grid/metrics.h"
#include "grid/open311.h"
#include "grid/petitions.h"
#include "grid-import.h"

static const struct grid_column setting_columns[] = {
	{ "key", GRID_COL_TEXT }, { "value", GRID_COL_TEXT },
};

int
settings_show(struct grid_db *db, const struct cli_common *c)
{
	struct grid_error err;
	struct cli_out out;
	sqlite3_stmt *st = NULL;
	const char *row[2];
	int rc, status = 0;

	if (grid_db_prepare(db, "SELECT key, value FROM settings ORDER BY key",
	    &st, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if (cli_out_open(&out, c, &err) != 0) {
		cli_error(&err);
		sqlite3_finalize(st);
		return err.code;
	}
	cli_out_columns(&out, setting_columns, NULL, 2);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row[0] = (const char *)sqlite3_column_text(st, 0);
		row[1] = (const char *)sqlite3_column_text(st, 1);
		if (cli_out_row(&out, row, &err) != 0) {
			status = err.code;
			break;
		}
	}
	sqlite3_finalize(st);
	if (cli_out_close(&out, status == 0, &err) != 0 || status != 0) {
		cli_error(&err);
		status = err.code;
	}
	return status;
}

/* 1 when text is a whole number of digits (a count setting). */
static int
is_count(const char *text)
{
	size_t i;

	for (i = 0; text[i] >= '0' && text[i] <= '9'; i++)
		;
	return i > 0 && text[i] == '\0';
}

/*
 * Checks a new value by the kind of the old one: a limit stays a limit,
 * a count a count, a level a level; the calendar and the assessment's
 * settings are then loaded as the tools load them.
 */
static int
check_value(struct grid_db *db, const char *key, const char *old,
    const char *value, struct grid_error *err)
{
	struct grid_metrics_settings set;
	struct grid_calendar *cal;
	enum grid_limit_unit unit;
	double limit;
	int rc;

	if (grid_limit_parse(old, &limit, &unit, NULL) == 0 &&
	    grid_limit_parse(value, &limit, &unit, err) != 0)
		return -1;
	if (is_count(old) && !is_count(value))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
		    "expected a whole number, not '%s'", value);
	if (grid_level_parse(old) != GRID_LEVEL_NONE &&
	    grid_level_parse(value) == GRID_LEVEL_NONE)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
		    "expected a level (community, street, district, city), "
		    "not '%s'", value);
	if ((cal = grid_calendar_new()) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	rc = grid_calendar_load(cal, db, err);
	grid_calendar_free(cal);
	if (rc != 0 || grid_metrics_settings_load(db, &set, err) != 0)
		return -1;
	return 0;
}

/* Sets one KEY=VALUE inside the open transaction. */
static int
set_one(struct grid_db *db, const char *pair, int force,
    struct grid_error *err)
{
	char key[64], old[512];
	const char *eq = strchr(pair, '='), *value;
	sqlite3_stmt *st = NULL;
	int rc;

	if (eq == NULL || eq == pair || (size_t)(eq - pair) >= sizeof(key))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "--set",
		    "expected KEY=VALUE, not '%s'", pair);
	memcpy(key, pair, (size_t)(eq - pair));
	key[eq - pair] = '\0';
	value = eq + 1;
	if (strcmp(key, "time_zone") == 0)
		return grid_db_set_time_zone(db, value, err);
	if (strcmp(key, "division_code") == 0) {
		if (grid_db_set_division(db, value, force, err) != 0) {
			grid_error_locate(err, NULL, 0, key);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "grid_seq_width") == 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
		    "fixed when the database is created");
	if (strcmp(key, "coordinate_system") == 0 &&
	    grid_o311_coordinate_system_check(value, err) != 0)
		return -1;
	if (strcmp(key, "require_after_photo") == 0 &&
	    strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
		    "expected 0 or 1, not '%s'", value);
	if (strcmp(key, "petition_reply_limit") == 0 &&
	    grid_petition_reply_limit_check(value, err) != 0) {
		err->code = GRID_EUSAGE;
		return -1;
	}
	if (grid_db_setting(db, key, NULL, old, sizeof(old)) == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
		    "no such setting (grid-import --settings lists them)");
	if (grid_db_prepare(db, "UPDATE settings SET value = ?2 WHERE key = ?1",
	    &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "writing a setting", err);
	if (check_value(db, key, old, value, err) != 0) {
		if (err != NULL && err->code == GRID_EDATA)
			err->code = GRID_EUSAGE;
		grid_error_locate(err, NULL, 0, key);
		return -1;
	}
	return 0;
}

int
settings_set(struct grid_db *db, const char *const *pairs, size_t npairs,
    int force)
{
	struct grid_error err;
	char zone[160];
	size_t i;

	snprintf(zone, sizeof(zone), "%s", grid_db_time_zone(db));
	if (grid_db_begin(db, &err) != 0)
		goto fail;
	for (i = 0; i < npairs; i++)
		if (set_one(db, pairs[i], force, &err) != 0) {
			grid_db_rollback(db);
			(void)grid_tz_use(zone, NULL);
			goto fail;
		}
	if (grid_db_commit(db, &err) != 0)
		goto fail;
	return 0;
fail:
	cli_error(&err);
	return err.code;
}

int
settings_division(struct grid_db *db, const char *code)
{
	struct grid_error err;

	if (grid_db_begin(db, &err) != 0)
		goto fail;
	if (grid_db_set_division(db, code, 0, &err) != 0) {
		grid_db_rollback(db);
		grid_error_locate(&err, NULL, 0, "--division");
		goto fail;
	}
	if (grid_db_commit(db, &err) != 0)
		goto fail;
	return 0;
fail:
	cli_error(&err);
	return err.code;
}
