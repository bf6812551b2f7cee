/*
 * stats_visits.c - visits and the coverage of the must-visit groups
 * (visits.h).
 *
 * One WITH query: the month's visits (v), the people of the groups with
 * whether they were visited (mv), the group counts per unit (ag), the
 * visits per unit (av), and the units (the level's own, and any met).
 * Parameters: ?1 and ?2 the bounds of the month, ?3 the unit code
 * length, ?50 the area (area.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/text.h"
#include "grid/area.h"
#include "grid/visits.h"
#include "stats_internal.h"

/* The groups with a tag (low_income, elderly_alone), in column order. */
#define NGROUPS 2

/* The people of a group and those visited, as name and name_seen. */
#define GROUP_COUNTS(tag) \
"  count(DISTINCT CASE WHEN tag = '" tag "' THEN id_number END)\n" \
"    AS " tag ",\n" \
"  count(DISTINCT CASE WHEN tag = '" tag "' AND seen THEN id_number END)\n" \
"    AS " tag "_seen,\n"

/*
 * %s: ag's unit, the area's condition on people (or nothing), ag's join,
 * av's unit, the area's condition on visits (or nothing), the units, the
 * name of a unit u.unit.
 */
static const char visits_sql[] =
"WITH v AS (SELECT worker_id, id_number, house_id FROM visits\n"
"  WHERE unixepoch(at) >= ?1 AND unixepoch(at) < ?2),\n"
"mv AS (SELECT p.id_number, p.grid_code, t.tag,\n"
"  EXISTS (SELECT 1 FROM v WHERE v.id_number = p.id_number\n"
"    OR (v.id_number IS NULL AND v.house_id = p.house_id)) AS seen\n"
"  FROM person_tags t JOIN people p ON p.id_number = t.id_number\n"
"  WHERE t.tag IN (SELECT code FROM tags WHERE must_visit = 1)%s),\n"
"ag AS (SELECT %s AS unit,\n"
GROUP_COUNTS("low_income")
GROUP_COUNTS("elderly_alone")
"  count(DISTINCT id_number) AS n,\n"
"  count(DISTINCT CASE WHEN seen THEN id_number END) AS n_seen\n"
"  FROM mv %s GROUP BY 1),\n"
"av AS (SELECT %s AS unit, count(*) AS visits FROM v%s GROUP BY 1),\n"
"units(unit) AS (%s UNION SELECT unit FROM ag UNION SELECT unit FROM av)\n"
"SELECT u.unit, %s, ifnull(av.visits, 0), ifnull(ag.low_income, 0),\n"
"  ifnull(ag.low_income_seen, 0), ifnull(ag.elderly_alone, 0),\n"
"  ifnull(ag.elderly_alone_seen, 0),\n"
"  ifnull(ag.n, 0), ifnull(ag.n_seen, 0)\n"
"FROM units u LEFT JOIN av ON av.unit IS u.unit\n"
"  LEFT JOIN ag ON ag.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

#define UNIT(x) "CASE WHEN length(" x ") >= ?3 THEN substr(" x ", 1, ?3) END"
#define VISIT_GRID "coalesce((SELECT p.grid_code FROM people p " \
	"WHERE p.id_number = v.id_number), (SELECT h.grid_code FROM houses h " \
	"WHERE h.id = v.house_id))"

/*
 * The fragments of visits_sql for workers (a place's are its level's and
 * UNIT's): the units without and with an area, their name.
 */
struct fragments {
	const char *group_unit, *group_join, *visit_unit, *units, *units_in;
	const char *name;
};

static const struct fragments worker_sql = {
	"wg.worker_id", "JOIN worker_grids wg ON wg.grid_code = mv.grid_code",
	"(SELECT w.id FROM workers w WHERE w.id = v.worker_id)",
	"SELECT id FROM workers",
	"SELECT w.id FROM workers w WHERE EXISTS (SELECT 1 FROM worker_grids "
	    "wg WHERE wg.worker_id = w.id AND " GRID_AREA_SQL("wg.grid_code")
	    ")",
	"(SELECT name FROM workers n WHERE n.id = u.unit)"
};

/* The area's condition on a place's units. */
static const char place_in[] = " AND " GRID_AREA_SQL("code");

/* The area's conditions on the groups' people and on the visits. */
static const char area_people[] = GRIDI_AREA_PEOPLE;
static const char area_visits[] = " WHERE " GRID_AREA_SQL(VISIT_GRID);

static const struct grid_column columns[] = {
	GRIDI_UNIT_COLUMNS, { "month", GRID_COL_TEXT },
	{ "visits", GRID_COL_INT },
	{ "low_income", GRID_COL_INT }, { "low_income_visited", GRID_COL_INT },
	{ "low_income_share", GRID_COL_REAL },
	{ "elderly_alone", GRID_COL_INT },
	{ "elderly_alone_visited", GRID_COL_INT },
	{ "elderly_alone_share", GRID_COL_REAL },
	{ "must_visit", GRID_COL_INT }, { "must_visit_visited", GRID_COL_INT },
	{ "must_visit_share", GRID_COL_REAL },
};
#define NCOLUMNS GRIDI_ARRAY_LEN(columns)
_Static_assert(NCOLUMNS == GRID_VISITS_NCOLUMN,
    "GRID_VISITS_NCOLUMN counts the columns");
_Static_assert(NCOLUMNS <= GRIDI_STATS_MAX_COLUMNS,
    "a row fits a gridi_stats_row");

const struct grid_column *
grid_visits_columns(size_t *n)
{
	if (n != NULL)
		*n = NCOLUMNS;
	return columns;
}

/* Sets column i to people, i + 1 to visited (i + 2, the share, is
 * derived with the row's other figures). */
static void
set_group(struct gridi_stats_row *r, size_t i, long long people,
    long long visited)
{
	gridi_stats_count(r, i, people);
	gridi_stats_count(r, i + 1, visited);
}

/* Checks level and month; writes the bounds and the month's name. */
static int
check_args(enum grid_metrics_level level, const char *month,
    time_t *start, time_t *end, char *name, size_t n,
    struct grid_error *err)
{
	struct grid_error month_err;
	struct tm tm;
	time_t now;

	if (grid_metrics_level_place(level) == GRID_LEVEL_NONE &&
	    level != GRID_BY_WORKER)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for visits '%s' (grid, community, street, "
		    "district, worker)", grid_metrics_level_name(level));
	if (month == NULL) {
		if (grid_now(&now, err) != 0)
			return -1;
		localtime_r(&now, &tm);
		strftime(name, n, "%Y-%m", &tm);
	} else
		snprintf(name, n, "%s", month);
	if (grid_metrics_month_bounds(name, start, end, &month_err) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "month",
		    "%s", month_err.text);
	return 0;
}

/*
 * Prepares the query for level, in area when it has a code, and binds
 * it.  Returns 0 or -1.
 */
static int
prepare(struct grid_db *db, enum grid_metrics_level level, time_t start,
    time_t end, const struct grid_area *area, sqlite3_stmt **st,
    struct grid_error *err)
{
	static const struct fragments place = {
		UNIT("grid_code"), "", UNIT(VISIT_GRID), NULL, NULL, NULL
	};
	struct fragments f = level == GRID_BY_WORKER ? worker_sql : place;
	struct gridi_units units;
	char sql[sizeof(visits_sql) + 2048];
	char units_in[sizeof(units.select) + sizeof(place_in)];
	int in = area->code[0] != '\0', n, rc;

	gridi_units_init(db, grid_metrics_level_place(level), &units);
	if (level != GRID_BY_WORKER) {
		snprintf(units_in, sizeof(units_in), "%s%s", units.select,
		    place_in);
		f.units = units.select;
		f.units_in = units_in;
		f.name = units.name;
	}
	snprintf(sql, sizeof(sql), visits_sql, in ? area_people : "",
	    f.group_unit, f.group_join, f.visit_unit, in ? area_visits : "",
	    in ? f.units_in : f.units, f.name);
	if (grid_db_prepare(db, sql, st, err) != 0)
		return -1;
	n = sqlite3_bind_parameter_count(*st);
	rc = sqlite3_bind_int64(*st, 1, (sqlite3_int64)start);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*st, 2, (sqlite3_int64)end);
	if (rc == SQLITE_OK && n >= 3)
		rc = sqlite3_bind_int(*st, 3, units.prefix);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "visit statistics", err);
	return grid_area_bind(db, *st, area, err);
}

/* What each row of a run is handed with. */
struct run {
	const char *level, *month;
	grid_visits_row_fn on_row;
	void *ctx;
};

/* Fills one unit's row from the statement's and hands it over. */
static int
unit_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;
	size_t g;

	gridi_stats_unit(&r, run->level, st);
	r.values[3] = run->month;
	gridi_stats_count(&r, 4, sqlite3_column_int64(st, 2));
	for (g = 0; g <= NGROUPS; g++)	/* the groups, then all */
		set_group(&r, 5 + 3 * g, sqlite3_column_int64(st,
		    3 + 2 * (int)g), sqlite3_column_int64(st, 4 + 2 * (int)g));
	gridi_stats_derive(gridi_stats_desc("visits"), &r);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

int
grid_visits_run(struct grid_db *db, const struct grid_visits_query *q,
    grid_visits_row_fn on_row, void *ctx, struct grid_error *err)
{
	enum grid_metrics_level level = q->level;
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	char name[16];
	struct run run = { grid_metrics_level_name(level), name, on_row,
		ctx };
	time_t start, end;
	int ret = -1;

	if (check_args(level, q->month, &start, &end, name, sizeof(name),
	    err) != 0 || grid_area_resolve(db, q->area,
	    grid_metrics_level_place(level), &area, err) != 0 ||
	    prepare(db, level, start, end, &area, &st, err) != 0)
		goto out;
	ret = gridi_stats_step(db, st, "visit statistics", unit_row, &run,
	    err);
out:
	sqlite3_finalize(st);
	return ret;
}
