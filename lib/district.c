/*
 * district.c - a database's jurisdiction (the setting division_code):
 * which codes lie inside it, the division a case id carries, and the
 * setting read and changed with the rows checked against it.
 */
#include <stdio.h>
#include <string.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/district.h"
#include "grid/text.h"
#include "internal.h"

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
grid_division_check(const char *code, struct grid_error *err)
{
	struct grid_error why;

	if (code == NULL || strlen(code) != GRID_DIVISION_LEN ||
	    !all_digits(code, GRID_DIVISION_LEN))
		return gridi_reject_value(err, GRID_EDATA, "a jurisdiction is "
		    "a 6-digit division code, not", code != NULL ? code : "");
	if (grid_code_level(code, 2, &why) != GRID_LEVEL_DISTRICT) {
		if (err != NULL)
			*err = why;
		return -1;
	}
	return 0;
}

size_t
grid_division_prefix_len(const char *division)
{
	if (division == NULL || grid_division_check(division, NULL) != 0)
		return 0;
	if (strcmp(division + 2, "0000") == 0)
		return 2;	/* a province */
	if (strcmp(division + 4, "00") == 0)
		return 4;	/* a city (or 东莞 441900, a city without
				 * districts: its streets are 4419xx...) */
	return 6;
}

int
grid_division_covers(const char *division, const char *code)
{
	size_t n;

	if (code == NULL)
		return 0;
	if (division == NULL || division[0] == '\0')
		return 1;
	n = grid_division_prefix_len(division);
	return n > 0 && strncmp(code, division, n) == 0;
}

int
grid_case_id_division(const char *id, char *out, size_t n)
{
	char date[16], text[16];

	if (id == NULL || strlen(id) != 18 || !all_digits(id, 18) || n < 7)
		return 0;
	memcpy(text, id, GRID_DIVISION_LEN);
	text[GRID_DIVISION_LEN] = '\0';
	if (grid_division_check(text, NULL) != 0)
		return 0;
	memcpy(date, id + 6, 8);
	date[8] = '\0';
	if (strncmp(date, "19", 2) != 0 && strncmp(date, "20", 2) != 0)
		return 0;
	if (grid_date_parse(date, text, sizeof(text), NULL) != 0 ||
	    strcmp(id + 14, "0000") == 0)
		return 0;
	memcpy(out, id, GRID_DIVISION_LEN);
	out[GRID_DIVISION_LEN] = '\0';
	return 1;
}

const char *
grid_db_division(struct grid_db *db, char *out, size_t n)
{
	if (n == 0)
		return out;
	grid_db_setting(db, "division_code", "", out, n);
	if (out[0] != '\0' && grid_division_check(out, NULL) != 0)
		out[0] = '\0';	/* not a jurisdiction: none (--set checks) */
	return out;
}

/*
 * The first region, grid or component of the database outside division
 * (its table and code into table, code).  1 (found), 0 (none) or -1.
 */
static int
first_outside(struct grid_db *db, const char *division, char *table,
    size_t tn, char *code, size_t cn, struct grid_error *err)
{
	static const char *const sql[] = {
		"SELECT 'regions', code FROM regions WHERE substr(code, 1, ?2) "
		    "<> ?1 LIMIT 1",
		"SELECT 'grids', code FROM grids WHERE substr(code, 1, ?2) "
		    "<> ?1 LIMIT 1",
		"SELECT 'components', code FROM components WHERE "
		    "substr(code, 1, ?2) <> ?1 LIMIT 1",
	};
	size_t len = grid_division_prefix_len(division), i;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	for (i = 0; i < GRIDI_ARRAY_LEN(sql) && rc == SQLITE_DONE; i++) {
		if (grid_db_prepare(db, sql[i], &st, err) != 0)
			return -1;
		sqlite3_bind_text(st, 1, division, (int)len, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, (int)len);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			snprintf(table, tn, "%s", sqlite3_column_text(st, 0));
			snprintf(code, cn, "%s", sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : grid_db_error(db, rc,
	    "reading the codes", err);
}

int
grid_db_set_division(struct grid_db *db, const char *code, int force,
    struct grid_error *err)
{
	char old[16], table[16], outside[GRID_CODE_MAX + 1];
	sqlite3_stmt *st;
	int rc;

	if (code[0] != '\0' && grid_division_check(code, err) != 0) {
		if (err != NULL)
			err->code = GRID_EUSAGE;
		return -1;
	}
	grid_db_setting(db, "division_code", "", old, sizeof(old));
	if (strcmp(old, code) == 0)
		return 0;
	if (old[0] != '\0' && !force)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "division_code",
		    "the jurisdiction is already %s: a database does not "
		    "change district (--force changes it)", old);
	if (code[0] != '\0' && !force) {
		rc = first_outside(db, code, table, sizeof(table), outside,
		    sizeof(outside), err);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "division_code", "%s '%s' lies outside %s: the "
			    "database holds another district's rows", table,
			    outside, code);
	}
	if (grid_db_prepare(db, "INSERT INTO settings (key, value) VALUES "
	    "('division_code', ?1) ON CONFLICT(key) DO UPDATE SET value = "
	    "excluded.value", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : grid_db_error(db, rc,
	    "writing division_code", err);
}

int
grid_db_grids_extent(struct grid_db *db, double box[4],
    struct grid_error *err)
{
	sqlite3_stmt *st;
	int rc, i;

	if (grid_db_prepare(db, "SELECT min(min_x), max(max_x), min(min_y), "
	    "max(max_y) FROM grid_rtree", &st, err) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL)
		rc = SQLITE_DONE;	/* no polygon */
	for (i = 0; rc == SQLITE_ROW && i < 4; i++)
		box[i] = sqlite3_column_double(st, i);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : grid_db_error(db, rc,
	    "reading grid_rtree", err);
}

int
grid_extent_covers(const double box[4], double x, double y)
{
	return x >= box[0] && x <= box[1] && y >= box[2] && y <= box[3];
}
