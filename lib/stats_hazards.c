/*
 * stats_hazards.c - enterprise hazard self-reporting (hazards.h): the
 * periods, the figures per unit and the list of enterprises.
 *
 * One WITH query: the active enterprises (ent), the self-reports (sr),
 * the major hazards open at the end of the period (mo), each
 * enterprise's period (pe: reports, the months with one, its
 * hazards), then its duty and state (st).  The list reads st; the unit
 * report sums st per unit and, separately, every org's hazards per unit.
 * Parameters: ?1 the start of the period, ?2 its end, ?3 and ?4 the
 * starts of its second and third months (the end for a month), ?5 1 for
 * a quarter, ?6 its months; ?7 the state (list), ?8 the unit code
 * length (units); ?50 the area (area.h).  The first %s of both
 * queries is the area's condition on the enterprises, or nothing.
 * The query is shared (hazards_internal.h) with the inspections
 * (stats_inspections.c) and the spot-check sample (stats_sample.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/hazards.h"
#include "grid/metrics.h"
#include "grid/text.h"
#include "hazards_internal.h"

static const char list_sql[] = GRIDI_HAZARDS_CTE
"SELECT uscc, name, grid_code, high, due, reported, reports, months,\n"
"  hazards, minor, major, remediated, major_open, state FROM st\n"
"WHERE ?7 IS NULL OR state = ?7\n"
"ORDER BY grid_code IS NULL, grid_code, uscc";

#define UNIT(x) GRIDI_HAZARDS_UNIT(x)

/*
 * %s: the area's conditions on the enterprises, then on the hazards; the
 * units of the level and the area's condition on them; the name of a
 * unit u.unit.
 */
static const char unit_sql[] = GRIDI_HAZARDS_CTE
", ae AS (SELECT " UNIT("grid_code") " AS unit, count(*) AS enterprises,\n"
"  sum(high) AS high_risk, sum(due) AS due, sum(reported) AS reported,\n"
"  sum(state = 'zero') AS zero_hazard FROM st GROUP BY 1),\n"
"hz AS (SELECT coalesce(o.grid_code, s.grid_code) AS g, s.grade, s.rep,\n"
"  s.clo FROM sr s LEFT JOIN orgs o ON o.uscc = s.uscc\n"
"  WHERE s.grade IS NOT NULL AND s.rep < ?2%s),\n"
"ah AS (SELECT " UNIT("g") " AS unit, sum(rep >= ?1) AS hazards,\n"
"  sum(rep >= ?1 AND grade = 'minor') AS minor,\n"
"  sum(rep >= ?1 AND grade = 'major') AS major,\n"
"  sum(rep >= ?1 AND clo < ?2) AS remediated,\n"
"  sum(grade = 'major' AND (clo IS NULL OR clo >= ?2)) AS major_open\n"
"  FROM hz GROUP BY 1),\n"
"units(unit) AS (%s%s UNION SELECT unit FROM ae UNION SELECT unit FROM ah)\n"
"SELECT u.unit, %s, ifnull(ae.enterprises, 0),\n"
"  ifnull(ae.high_risk, 0), ifnull(ae.due, 0), ifnull(ae.reported, 0),\n"
"  ifnull(ae.zero_hazard, 0), ifnull(ah.hazards, 0),\n"
"  ifnull(ah.minor, 0), ifnull(ah.major, 0), ifnull(ah.remediated, 0),\n"
"  ifnull(ah.major_open, 0)\n"
"FROM units u LEFT JOIN ae ON ae.unit IS u.unit\n"
"  LEFT JOIN ah ON ah.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

/* The area's conditions: on enterprises, hazards, units. */
static const char area_orgs[] = GRIDI_AREA_ORGS;
static const char area_hazards[] =
    " AND " GRID_AREA_SQL("coalesce(o.grid_code, s.grid_code)");
static const char area_units[] = GRIDI_AREA_UNITS;

static const struct grid_column unit_columns[] = {
	GRIDI_UNIT_COLUMNS, { "period", GRID_COL_TEXT },
	{ "enterprises", GRID_COL_INT }, { "high_risk", GRID_COL_INT },
	{ "due", GRID_COL_INT }, { "reported", GRID_COL_INT },
	{ "self_report_rate", GRID_COL_REAL },
	{ "zero_hazard", GRID_COL_INT }, { "hazards", GRID_COL_INT },
	{ "minor", GRID_COL_INT }, { "major", GRID_COL_INT },
	{ "remediated", GRID_COL_INT },
	{ "remediation_rate", GRID_COL_REAL },
	{ "major_open", GRID_COL_INT },
};
#define NUNIT GRIDI_ARRAY_LEN(unit_columns)
_Static_assert(NUNIT == GRID_HAZARDS_NCOLUMN,
    "GRID_HAZARDS_NCOLUMN counts the columns");

static const struct grid_column org_columns[] = {
	{ "period", GRID_COL_TEXT }, { "uscc", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "cycle", GRID_COL_TEXT }, { "due", GRID_COL_INT },
	{ "reported", GRID_COL_INT }, { "reports", GRID_COL_INT },
	{ "months", GRID_COL_INT }, { "hazards", GRID_COL_INT },
	{ "minor", GRID_COL_INT }, { "major", GRID_COL_INT },
	{ "remediated", GRID_COL_INT }, { "major_open", GRID_COL_INT },
	{ "state", GRID_COL_TEXT },
};
#define NORG GRIDI_ARRAY_LEN(org_columns)
_Static_assert(NORG == GRID_HAZARDS_ORG_NCOLUMN,
    "GRID_HAZARDS_ORG_NCOLUMN counts the columns");
_Static_assert(NUNIT <= GRIDI_STATS_MAX_COLUMNS &&
    NORG <= GRIDI_STATS_MAX_COLUMNS, "a row fits a gridi_stats_row");

static const char *const states[] = { "missing", "hazards", "zero",
	"none" };

const struct grid_column *
grid_hazards_columns(size_t *n)
{
	if (n != NULL)
		*n = NUNIT;
	return unit_columns;
}

const struct grid_column *
grid_hazards_org_columns(size_t *n)
{
	if (n != NULL)
		*n = NORG;
	return org_columns;
}

/* Fills p with the month y-m (1-12) as its month i.  Returns 0 or -1. */
static int
set_month(struct grid_hazards_period *p, int i, int y, int m,
    struct grid_error *err)
{
	char month[16];
	time_t start, end;

	snprintf(month, sizeof(month), "%04d-%02d", y % 10000, m % 100);
	if (grid_metrics_month_bounds(month, &start, &end, err) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "period",
		    "not a month or quarter '%s' (YYYY-MM or YYYY-Qn)", month);
	p->start[i] = start;
	p->end = end;
	return 0;
}

/* 1 when text starts with four digits and a hyphen. */
static int
year_first(const char *text)
{
	int i;

	for (i = 0; i < 4; i++)
		if (text[i] < '0' || text[i] > '9')
			return 0;
	return text[4] == '-';
}

int
grid_hazards_period_parse(const char *text, struct grid_hazards_period *p,
    struct grid_error *err)
{
	struct tm tm;
	time_t now;
	int y, m, i;
	char extra;

	memset(p, 0, sizeof(*p));
	if (text == NULL) {
		if (grid_now(&now, err) != 0)
			return -1;
		localtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
	} else if (strlen(text) == 7 && year_first(text) &&
	    (text[5] == 'Q' || text[5] == 'q') &&
	    sscanf(text, "%4d-%*c%1d%c", &y, &m, &extra) == 2 &&
	    m >= 1 && m <= 4) {
		p->months = 3;
		snprintf(p->name, sizeof(p->name), "%04d-Q%d", y % 10000,
		    m % 10);
		for (i = 0; i < 3; i++)
			if (set_month(p, i, y, 3 * (m - 1) + i + 1, err) != 0)
				return -1;
		return 0;
	} else if (strlen(text) != 7 || !year_first(text) ||
	    text[5] < '0' || text[5] > '9' ||
	    sscanf(text, "%4d-%2d%c", &y, &m, &extra) != 2 || m < 1 ||
	    m > 12)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "period",
		    "not a month or quarter '%s' (YYYY-MM or YYYY-Qn)", text);
	p->months = 1;
	snprintf(p->name, sizeof(p->name), "%04d-%02d", y % 10000,
	    m % 100);
	return set_month(p, 0, y, m, err);
}

int
gridi_hazards_bind_period(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_hazards_period *p, struct grid_error *err)
{
	int quarter = p->months == 3, rc;

	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)p->start[0]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)p->end);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)(quarter ?
		    p->start[1] : p->end));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)(quarter ?
		    p->start[2] : p->end));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 5, quarter);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 6, p->months);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "hazard statistics", err);
	return 0;
}

/*
 * How a run fills each row of its statement (with arg) and to whom it
 * hands it.
 */
struct run {
	void (*fill)(struct gridi_stats_row *, sqlite3_stmt *, const char *);
	const char *arg;
	grid_hazards_row_fn on_row;
	void *ctx;
};

static int
hazard_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;

	run->fill(&r, st, run->arg);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

int
gridi_hazards_each_row(struct grid_db *db, sqlite3_stmt *st,
    void (*fill)(struct gridi_stats_row *, sqlite3_stmt *, const char *),
    const char *arg, grid_hazards_row_fn on_row, void *ctx,
    struct grid_error *err)
{
	struct run run = { fill, arg, on_row, ctx };

	return gridi_stats_step(db, st, "hazard statistics", hazard_row, &run,
	    err);
}

/* A unit's row; level is "level\0period". */
static void
fill_unit(struct gridi_stats_row *r, sqlite3_stmt *st, const char *level)
{
	long long c[10];
	size_t i;

	for (i = 0; i < 10; i++)
		c[i] = sqlite3_column_int64(st, 2 + (int)i);
	gridi_stats_unit(r, level, st);
	r->values[3] = level + strlen(level) + 1;
	for (i = 0; i < 4; i++)		/* enterprises .. reported */
		gridi_stats_count(r, 4 + i, c[i]);
	for (i = 4; i < 9; i++)		/* zero_hazard .. remediated */
		gridi_stats_count(r, 5 + i, c[i]);
	gridi_stats_count(r, 15, c[9]);
	gridi_stats_derive(gridi_stats_desc("hazards"), r);	/* rates */
}

/* The unit report's SQL for units, in area when it has a code. */
static void
unit_query(char *sql, size_t n, const struct gridi_units *units,
    const struct grid_area *area)
{
	int in = area->code[0] != '\0';

	snprintf(sql, n, unit_sql, in ? area_orgs : "", in ? area_hazards :
	    "", units->select, in ? area_units : "", units->name);
}

int
grid_hazards_run(struct grid_db *db, const struct grid_hazards_query *q,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	char sql[sizeof(unit_sql) + 512], names[40];
	enum grid_level level = q->level;
	struct gridi_units units;
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (!grid_level_has_units(level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics (grid, community, street, "
		    "district)");
	if (grid_area_resolve(db, q->area, level, &area, err) != 0)
		return -1;
	gridi_units_init(db, level, &units);
	/* "level\0period" for fill_unit */
	snprintf(names, sizeof(names), "%s%c%s", units.level, 0,
	    q->period->name);
	unit_query(sql, sizeof(sql), &units, &area);
	if (grid_db_prepare(db, sql, &st, err) != 0 ||
	    gridi_hazards_bind_period(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = sqlite3_bind_int(st, 8, units.prefix);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "hazard statistics", err);
		goto out;
	}
	ret = gridi_hazards_each_row(db, st, fill_unit, names, on_row, ctx, err);
out:
	sqlite3_finalize(st);
	return ret;
}

/* An enterprise's row. */
static void
fill_org(struct gridi_stats_row *r, sqlite3_stmt *st, const char *period)
{
	size_t i;

	r->values[0] = period;
	for (i = 0; i < 3; i++)		/* uscc, name, grid_code */
		r->values[1 + i] = (const char *)sqlite3_column_text(st,
		    (int)i);
	r->values[4] = sqlite3_column_int(st, 3) ? "monthly" : "quarterly";
	gridi_stats_count(r, 5, sqlite3_column_int64(st, 4));
	if (sqlite3_column_int(st, 4))
		gridi_stats_count(r, 6, sqlite3_column_int64(st, 5));
	else
		r->values[6] = NULL;
	for (i = 7; i < 14; i++)	/* reports .. major_open */
		gridi_stats_count(r, i, sqlite3_column_int64(st, (int)i - 1));
	r->values[14] = (const char *)sqlite3_column_text(st, 13);
}

int
grid_hazards_list(struct grid_db *db, const struct grid_hazards_query *q,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	const char *state = q->state;
	char sql[sizeof(list_sql) + 128];
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	size_t i;
	int ret = -1, rc;

	for (i = 0; state != NULL && i < GRIDI_ARRAY_LEN(states); i++)
		if (strcmp(state, states[i]) == 0)
			break;
	if (state != NULL && i == GRIDI_ARRAY_LEN(states))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "state",
		    "not a state '%s' (missing, hazards, zero, none)", state);
	if (grid_area_resolve(db, q->area, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), list_sql, area.code[0] != '\0' ?
	    area_orgs : "");
	if (grid_db_prepare(db, sql, &st, err) != 0 ||
	    gridi_hazards_bind_period(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = state != NULL ? sqlite3_bind_text(st, 7, state, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(st, 7);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "hazard statistics", err);
		goto out;
	}
	ret = gridi_hazards_each_row(db, st, fill_org, q->period->name, on_row, ctx,
	    err);
out:
	sqlite3_finalize(st);
	return ret;
}
