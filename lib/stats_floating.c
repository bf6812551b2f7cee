/*
 * stats_floating.c - residence permits per unit and the list of those
 * expired or about to expire (floatstats.h).
 *
 * The counts are one query in the shape of stats_population.c's: people
 * grouped by the unit's prefix of grid_code, the units of the level
 * joined in so that empty units have a row.  Dates are YYYY-MM-DD text:
 * they compare as text, and AT + N days is SQLite's date(AT, '+N days')
 * (calendar days, no time zone involved: AT is already the local day).
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/floatstats.h"
#include "stats_internal.h"

static const struct grid_column columns[] = {
	GRIDI_UNIT_COLUMNS, { "floating", GRID_COL_INT },
	{ "permits", GRID_COL_INT }, { "expired", GRID_COL_INT },
	{ "expiring", GRID_COL_INT }, { "without_permit", GRID_COL_INT }
};
_Static_assert(GRIDI_ARRAY_LEN(columns) == GRID_PERMITS_NCOLUMN,
    "GRID_PERMITS_NCOLUMN counts the columns");

static const struct grid_column list_columns[] = {
	{ "grid_code", GRID_COL_TEXT }, { "id_number", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT },
	{ "permit_number", GRID_COL_TEXT }, { "permit_expiry", GRID_COL_TEXT },
	{ "days_left", GRID_COL_INT }, { "state", GRID_COL_TEXT }
};
_Static_assert(GRIDI_ARRAY_LEN(list_columns) == GRID_PERMITS_LIST_NCOLUMN,
    "GRID_PERMITS_LIST_NCOLUMN counts the columns");
_Static_assert(GRIDI_ARRAY_LEN(list_columns) <= GRIDI_STATS_MAX_COLUMNS,
    "a row fits a gridi_stats_row");

const struct grid_column *
grid_permits_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(columns);
	return columns;
}

const struct grid_column *
grid_permits_list_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(list_columns);
	return list_columns;
}

/* Who counts: not born after the reference date ?2 (popstats.h). */
#define BORN "(p.birth_date IS NULL OR p.birth_date <= ?2\n" \
	"    OR p.birth_date > '9999-12-31')"

/*
 * ?1 prefix length, ?2 the reference date, ?3 the last day of the
 * window.  %s: the area's condition on people (or nothing), the units of
 * the level and the area's condition on them, the name of a unit u.unit.
 */
static const char count_sql[] =
"WITH agg AS (\n"
"  SELECT substr(p.grid_code, 1, ?1) AS unit,\n"
"    sum(p.residence = 'floating') AS floating,\n"
"    count(p.permit_expiry) AS permits,\n"
"    sum(p.permit_expiry < ?2) AS expired,\n"
"    sum(p.permit_expiry BETWEEN ?2 AND ?3) AS expiring,\n"
"    sum(p.residence = 'floating' AND p.permit_expiry IS NULL)\n"
"      AS without_permit\n"
"  FROM people p\n"
"  WHERE " BORN "%s\n"
"  GROUP BY 1\n"
"), units (unit) AS (\n"
"  %s%s\n"
"  UNION SELECT unit FROM agg\n"
")\n"
"SELECT u.unit, %s, ifnull(a.floating, 0), ifnull(a.permits, 0),\n"
"  ifnull(a.expired, 0), ifnull(a.expiring, 0),\n"
"  ifnull(a.without_permit, 0)\n"
"FROM units u LEFT JOIN agg a ON a.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

/*
 * ?2 the reference date, ?3 the last day of the window (?1, unused, is
 * bound NULL).
 * %s: the area's condition on people, or nothing.
 */
static const char list_sql[] =
"SELECT p.grid_code, p.id_number, p.name, p.phone, p.permit_number,\n"
"  p.permit_expiry,\n"
"  CAST(julianday(p.permit_expiry) - julianday(?2) AS INTEGER),\n"
"  CASE WHEN p.permit_expiry < ?2 THEN 'expired' ELSE 'expiring' END\n"
"FROM people p\n"
"WHERE p.permit_expiry <= ?3 AND " BORN "%s\n"
"ORDER BY p.grid_code IS NULL, p.grid_code, p.permit_expiry,\n"
"  p.id_number";

/* The area's conditions, on people p and on the units' codes. */
static const char area_people[] = GRIDI_AREA_PEOPLE;
static const char area_units[] = GRIDI_AREA_UNITS;

/* What each row of a run is handed with. */
struct run {
	const char *level;
	grid_permits_row_fn on_row;
	void *ctx;
};

/*
 * Checks q, resolves its area for level and writes the reference day
 * and the last day of the window.  0, or -1 with err.
 */
static int
check_query(struct grid_db *db, const struct grid_permits_query *q,
    enum grid_level level, struct grid_area *area, char *day, char *last,
    struct grid_error *err)
{
	long long days;
	int year, month, mday;

	if (gridi_stats_args(level == GRID_LEVEL_NONE ? GRID_LEVEL_DISTRICT :
	    level, q->at, day, err) != 0)
		return -1;
	if (q->days < 0 || q->days > GRID_PERMITS_MAX_DAYS)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "days",
		    "not a number of days %d (0-%d)", q->days,
		    GRID_PERMITS_MAX_DAYS);
	if (sscanf(day, "%d-%d-%d", &year, &month, &mday) != 3)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "at",
		    "bad date '%s'", day);
	days = gridi_days_from_civil(year, month, mday) + q->days;
	gridi_civil_from_days(days, &year, &month, &mday);
	snprintf(last, GRIDI_DAY_SIZE, "%04d-%02d-%02d", year, month, mday);
	return grid_area_resolve(db, q->area, level, area, err);
}

/* Binds the prefix (or NULL: -1), the day and the last day.  0 or -1. */
static int
bind_days(struct grid_db *db, sqlite3_stmt *s, int prefix, const char *day,
    const char *last, const struct grid_area *area, struct grid_error *err)
{
	int rc = prefix >= 0 ? sqlite3_bind_int(s, 1, prefix) :
	    sqlite3_bind_null(s, 1);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 2, day, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 3, last, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "residence permits", err);
	return grid_area_bind(db, s, area, err);
}

/* Fills one row of counts and hands it over. */
static int
unit_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;
	size_t i;

	gridi_stats_unit(&r, run->level, s);
	for (i = 3; i < GRID_PERMITS_NCOLUMN; i++)
		gridi_stats_count(&r, i, sqlite3_column_int64(s, (int)i - 1));
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

int
grid_permits_run(struct grid_db *db, const struct grid_permits_query *q,
    grid_permits_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct run run = { grid_level_name(q->level), on_row, ctx };
	struct gridi_units units;
	struct grid_area area;
	char day[GRIDI_DAY_SIZE], last[GRIDI_DAY_SIZE];
	char sql[sizeof(count_sql) + 512];
	sqlite3_stmt *s = NULL;
	int in, ret = -1;

	if (check_query(db, q, q->level, &area, day, last, err) != 0)
		goto out;
	in = area.code[0] != '\0';
	gridi_units_init(db, q->level, &units);
	snprintf(sql, sizeof(sql), count_sql, in ? area_people : "",
	    units.select, in ? area_units : "", units.name);
	if (grid_db_prepare(db, sql, &s, err) != 0 ||
	    bind_days(db, s, units.prefix, day, last, &area, err) != 0)
		goto out;
	ret = gridi_stats_step(db, s, "residence permits", unit_row, &run,
	    err);
out:
	sqlite3_finalize(s);
	return ret;
}

/* Hands over one person of the list. */
static int
list_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	const struct run *run = arg;
	const char *values[GRID_PERMITS_LIST_NCOLUMN];
	size_t i;

	for (i = 0; i < GRID_PERMITS_LIST_NCOLUMN; i++)
		values[i] = (const char *)sqlite3_column_text(s, (int)i);
	return gridi_stats_emit(run->on_row, run->ctx, values, err);
}

int
grid_permits_list(struct grid_db *db, const struct grid_permits_query *q,
    grid_permits_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct run run = { NULL, on_row, ctx };
	struct grid_area area;
	char day[GRIDI_DAY_SIZE], last[GRIDI_DAY_SIZE];
	char sql[sizeof(list_sql) + 128];
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (check_query(db, q, GRID_LEVEL_NONE, &area, day, last, err) != 0)
		goto out;
	snprintf(sql, sizeof(sql), list_sql, area.code[0] != '\0' ?
	    area_people : "");
	if (grid_db_prepare(db, sql, &s, err) != 0 ||
	    bind_days(db, s, -1, day, last, &area, err) != 0)
		goto out;
	ret = gridi_stats_step(db, s, "residence permits", list_row, &run,
	    err);
out:
	sqlite3_finalize(s);
	return ret;
}
