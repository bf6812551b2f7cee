/*
 * stats_area.c - an area named by its code, for statistics restricted to one
 * (area.h): its level from the code's shape, its name and whether the
 * database holds it from one query.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "internal.h"

/*
 * The area's own row first: a region, else a grid, else any grid inside
 * it (an area known only by its grids has no name).
 */
static const char find_sql[] =
"SELECT k, name FROM (\n"
"  SELECT 1 AS k, name FROM regions WHERE code = ?1\n"
"  UNION ALL SELECT 2, name FROM grids WHERE code = ?1\n"
"  UNION ALL SELECT 3, NULL WHERE EXISTS (SELECT 1 FROM grids\n"
"    WHERE code >= ?1 AND code < ?1 || ':'))\n"
"ORDER BY k LIMIT 1";

int
grid_area_find(struct grid_db *db, const char *code, struct grid_area *area,
    struct grid_error *err)
{
	struct grid_error shape;
	sqlite3_stmt *st = NULL;
	const unsigned char *name;
	int width = (int)grid_db_setting_long(db, "grid_seq_width", 2);
	int rc, ret = -1;

	memset(area, 0, sizeof(*area));
	area->level = code != NULL ? grid_code_level(code, width, &shape) :
	    GRID_LEVEL_NONE;
	if (area->level == GRID_LEVEL_NONE)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "in", "%s",
		    code != NULL ? shape.text : "no area code");
	snprintf(area->code, sizeof(area->code), "%s", code);
	if (grid_db_prepare(db, find_sql, &st, err) != 0)
		goto out;
	if ((rc = sqlite3_bind_text(st, 1, area->code, -1, SQLITE_STATIC)) !=
	    SQLITE_OK) {
		grid_db_error(db, rc, "finding the area", err);
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		grid_error_set(err, GRID_EDATA, NULL, 0, "in",
		    "unknown area '%s': no region or grid has this code",
		    area->code);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		grid_db_error(db, rc, "finding the area", err);
		goto out;
	}
	if ((name = sqlite3_column_text(st, 1)) != NULL)
		snprintf(area->name, sizeof(area->name), "%s", name);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int
grid_area_check_level(const struct grid_area *area, enum grid_level level,
    struct grid_error *err)
{
	if (level >= area->level && level <= GRID_LEVEL_GRID)
		return 0;
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
	    "%s is above the area '%s', a %s", level == GRID_LEVEL_NONE ?
	    "no level" : grid_level_name(level), area->code,
	    grid_level_name(area->level));
}

int
grid_area_resolve(struct grid_db *db, const char *code, enum grid_level level,
    struct grid_area *area, struct grid_error *err)
{
	if (code == NULL) {
		memset(area, 0, sizeof(*area));
		return 0;
	}
	if (grid_area_find(db, code, area, err) != 0)
		return -1;
	if (level != GRID_LEVEL_NONE)
		return grid_area_check_level(area, level, err);
	return 0;
}

int
grid_area_bind(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_area *area, struct grid_error *err)
{
	int rc;

	if (area->code[0] == '\0' ||
	    sqlite3_bind_parameter_count(st) < GRID_AREA_PARAM)
		return 0;
	rc = sqlite3_bind_text(st, GRID_AREA_PARAM, area->code, -1,
	    SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "the area", err);
	return 0;
}
