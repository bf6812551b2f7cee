/*
 * stats_hazards.c - enterprise hazard self-reporting (hazards.h).
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
 * Inspections (the visits of orgs by their inspectors: the list of zero
 * reporters not inspected, recurrence, overdue inspections) and the
 * spot-check sample follow the self-reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/hazards.h"
#include "grid/metrics.h"
#include "grid/text.h"
#include "stats_internal.h"

/* 1 for a high-risk org (attrs that are no JSON: not high-risk). */
#define HIGH \
	"coalesce(CASE WHEN json_valid(attrs) THEN lower(coalesce(" \
	"json_extract(attrs, '$.risk'), json_extract(attrs, " \
	"'$.\"风险等级\"'))) IN ('high', '高', '高危', '高风险') END, 0)"

/* Whether an enterprise of pe has reported as its duty asks. */
#define DUTY_MET "CASE WHEN high THEN months >= ?6 ELSE reports > 0 END"

#define BASE_CTE \
"WITH ent AS (SELECT uscc, name, grid_code, " HIGH " AS high FROM orgs\n" \
"  WHERE kind = 'enterprise' AND ifnull(status, 'active') = 'active'%s),\n" \
"sr AS (SELECT org_uscc AS uscc, grade, grid_code,\n" \
"  unixepoch(reported_at) AS rep, unixepoch(closed_at) AS clo\n" \
"  FROM cases WHERE source = 'self_report'\n" \
"  AND status NOT IN ('voided', 'merged')),\n" \
"mo AS (SELECT uscc, count(*) AS n FROM sr WHERE grade = 'major'\n" \
"  AND rep < ?2 AND (clo IS NULL OR clo >= ?2) GROUP BY uscc),\n" \
"pe AS (SELECT e.uscc, e.name, e.grid_code, e.high, e.high OR ?5 AS due,\n" \
"  count(s.rep) AS reports,\n" \
"  count(DISTINCT CASE WHEN s.rep IS NOT NULL\n" \
"    THEN (s.rep >= ?3) + (s.rep >= ?4) END) AS months,\n" \
"  count(s.grade) AS hazards,\n" \
"  ifnull(sum(s.grade = 'minor'), 0) AS minor,\n" \
"  ifnull(sum(s.grade = 'major'), 0) AS major,\n" \
"  ifnull(sum(s.grade IS NOT NULL AND s.clo < ?2), 0) AS remediated,\n" \
"  max(ifnull(mo.n, 0)) AS major_open\n" \
"  FROM ent e LEFT JOIN sr s ON s.uscc = e.uscc\n" \
"    AND s.rep >= ?1 AND s.rep < ?2\n" \
"  LEFT JOIN mo ON mo.uscc = e.uscc\n" \
"  GROUP BY e.uscc),\n" \
"st AS (SELECT *, due AND " DUTY_MET " AS reported,\n" \
"  CASE WHEN due AND NOT " DUTY_MET " THEN 'missing'\n" \
"    WHEN hazards > 0 THEN 'hazards' WHEN reports > 0 THEN 'zero'\n" \
"    ELSE 'none' END AS state FROM pe)\n"

static const char list_sql[] = BASE_CTE
"SELECT uscc, name, grid_code, high, due, reported, reports, months,\n"
"  hazards, minor, major, remediated, major_open, state FROM st\n"
"WHERE ?7 IS NULL OR state = ?7\n"
"ORDER BY grid_code IS NULL, grid_code, uscc";

#define UNIT(x) "CASE WHEN length(" x ") >= ?8 THEN substr(" x ", 1, ?8) END"

/*
 * %s: the area's conditions on the enterprises, then on the hazards; the
 * units of the level and the area's condition on them; the name of a
 * unit u.unit.
 */
static const char unit_sql[] = BASE_CTE
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
static const char area_orgs[] = " AND " GRID_AREA_SQL("grid_code");
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

/* Binds the period (?1-?6) to st.  Returns 0 or -1. */
static int
bind_period(struct grid_db *db, sqlite3_stmt *st,
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

/* Steps st, calling fill then on_row for each row.  Returns 0 or -1. */
static int
each_row(struct grid_db *db, sqlite3_stmt *st,
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
	    bind_period(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = sqlite3_bind_int(st, 8, units.prefix);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "hazard statistics", err);
		goto out;
	}
	ret = each_row(db, st, fill_unit, names, on_row, ctx, err);
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
	    bind_period(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = state != NULL ? sqlite3_bind_text(st, 7, state, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(st, 7);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "hazard statistics", err);
		goto out;
	}
	ret = each_row(db, st, fill_org, q->period->name, on_row, ctx,
	    err);
out:
	sqlite3_finalize(st);
	return ret;
}

/*
 * Inspections (hazards.h).  After BASE_CTE: insp, the inspections; zc
 * and zr, the zero reports of the period and per enterprise (zl: the
 * last one's time as stored, SQLite's bare column of max()); lt, each
 * org's latest inspection time; un, the uninspected zero reporters;
 * li, each org's latest inspection; pi, the first passed inspection of
 * the period; hv, the hazards of the period
 * (inspections and graded self-reports); rc, the orgs whose hazards came
 * back after pi.  ?9 is the reference (the end of the period or now),
 * ?10 its local date.
 */
#define INSPECTION_KINDS \
	"('fire_inspection', 'safety_inspection', 'food_inspection')"
#define IN_PERIOD(t) t " >= ?1 AND " t " < ?2"
#define SELF_REPORT(graded) "source = 'self_report' AND grade IS " graded \
	" AND status NOT IN ('voided', 'merged') AND " \
	IN_PERIOD("unixepoch(reported_at)")

#define INSP_CTE \
", insp AS (SELECT id, org_uscc AS uscc, at, kind, unixepoch(at) AS t,\n" \
"  hazards, next_date, ifnull(hazards = 0 OR result = 'met', 0) AS passed\n" \
"  FROM visits WHERE org_uscc IS NOT NULL AND kind IN " INSPECTION_KINDS \
"\n  AND result IS NOT 'absent'),\n" \
"zc AS (SELECT org_uscc AS uscc, reported_at,\n" \
"  unixepoch(reported_at) AS rep FROM cases WHERE " \
	SELF_REPORT("NULL") "),\n" \
"zl AS (SELECT uscc, max(rep), reported_at AS last_zero FROM zc\n" \
"  GROUP BY uscc),\n" \
"zr AS (SELECT zc.uscc, count(*) AS zero_reports, min(rep) AS first_zero,\n" \
"  zl.last_zero FROM zc JOIN zl ON zl.uscc = zc.uscc GROUP BY zc.uscc),\n" \
"lt AS (SELECT uscc, max(t) AS t FROM insp GROUP BY uscc),\n" \
"un AS (SELECT st.uscc FROM st JOIN zr ON zr.uscc = st.uscc\n" \
"  LEFT JOIN lt ON lt.uscc = st.uscc WHERE st.state = 'zero'\n" \
"  AND (lt.t IS NULL OR lt.t < zr.first_zero)),\n" \
"li AS (SELECT uscc, at, kind, next_date FROM (SELECT *, row_number()\n" \
"  OVER (PARTITION BY uscc ORDER BY t DESC, id DESC) AS rn FROM insp)\n" \
"  WHERE rn = 1),\n" \
"pi AS (SELECT uscc, min(t) AS t FROM insp\n" \
"  WHERE passed AND " IN_PERIOD("t") " GROUP BY uscc),\n" \
"hv AS (SELECT uscc, t, at, 'inspection' AS source FROM insp\n" \
"  WHERE hazards > 0 AND " IN_PERIOD("t") "\n" \
"  UNION ALL SELECT org_uscc, unixepoch(reported_at), reported_at,\n" \
"  'self_report' FROM cases WHERE " SELF_REPORT("NOT NULL") "),\n" \
"rc AS (SELECT p.uscc, p.t AS passed_t, min(h.t) AS first_t,\n" \
"  count(*) AS events FROM pi p JOIN hv h ON h.uscc = p.uscc\n" \
"  AND h.t > p.t GROUP BY p.uscc)\n"

/* The active orgs; %s: the area's condition on o.grid_code. */
#define ACTIVE_ORGS "ifnull(o.status, 'active') = 'active'%s"

/* %s: area on enterprises, on o.grid_code. */
static const char uninspected_sql[] = BASE_CTE INSP_CTE
"SELECT o.uscc, o.name, o.grid_code, o.supervision_level, o.legal_rep,\n"
"  o.phone, zr.zero_reports, zr.last_zero, li.at, li.kind, li.next_date\n"
"FROM un JOIN orgs o ON o.uscc = un.uscc JOIN zr ON zr.uscc = un.uscc\n"
"  LEFT JOIN li ON li.uscc = un.uscc\n"
"WHERE " ACTIVE_ORGS "\n"
"ORDER BY o.grid_code IS NULL, o.grid_code, o.uscc";

/* %s: area on enterprises, on o.grid_code. */
static const char recurred_sql[] = BASE_CTE INSP_CTE
"SELECT o.uscc, o.name, o.grid_code, o.supervision_level, o.legal_rep,\n"
"  o.phone, (SELECT at FROM insp i WHERE i.uscc = rc.uscc\n"
"    AND i.t = rc.passed_t AND i.passed ORDER BY id LIMIT 1),\n"
"  (SELECT kind FROM insp i WHERE i.uscc = rc.uscc\n"
"    AND i.t = rc.passed_t AND i.passed ORDER BY id LIMIT 1),\n"
"  (SELECT at FROM hv h WHERE h.uscc = rc.uscc AND h.t = rc.first_t\n"
"    ORDER BY source LIMIT 1),\n"
"  (SELECT source FROM hv h WHERE h.uscc = rc.uscc AND h.t = rc.first_t\n"
"    ORDER BY source LIMIT 1), rc.events\n"
"FROM rc JOIN orgs o ON o.uscc = rc.uscc\n"
"WHERE " ACTIVE_ORGS "\n"
"ORDER BY o.grid_code IS NULL, o.grid_code, o.uscc";

/*
 * %s: area on enterprises, on o.grid_code; the units of the level and
 * the area's condition on them; the name of a unit u.unit.
 */
static const char inspection_sql[] = BASE_CTE INSP_CTE
", lk AS (SELECT uscc, next_date FROM (SELECT uscc, next_date,\n"
"  row_number() OVER (PARTITION BY uscc, kind ORDER BY t DESC, id DESC)\n"
"  AS rn FROM insp WHERE t < ?9) WHERE rn = 1),\n"
"od AS (SELECT uscc, count(*) AS n FROM lk WHERE next_date < ?10\n"
"  GROUP BY uscc),\n"
"ic AS (SELECT uscc, count(*) AS n, ifnull(sum(hazards), 0) AS h\n"
"  FROM insp WHERE " IN_PERIOD("t") " GROUP BY uscc),\n"
"po AS (SELECT " UNIT("o.grid_code") " AS unit,\n"
"  ifnull(ic.n, 0) AS inspections, ifnull(ic.h, 0) AS hazards_found,\n"
"  o.uscc IN (SELECT uscc FROM pi) AS passed,\n"
"  o.uscc IN (SELECT uscc FROM rc) AS recurred,\n"
"  ifnull(od.n, 0) AS overdue,\n"
"  o.uscc IN (SELECT uscc FROM st WHERE state = 'zero') AS zero,\n"
"  o.uscc IN (SELECT uscc FROM un) AS uninspected\n"
"  FROM orgs o LEFT JOIN ic ON ic.uscc = o.uscc\n"
"  LEFT JOIN od ON od.uscc = o.uscc WHERE " ACTIVE_ORGS "),\n"
"pu AS (SELECT unit, count(*) AS orgs, sum(inspections > 0) AS inspected,\n"
"  sum(inspections) AS inspections, sum(hazards_found) AS hazards_found,\n"
"  sum(passed) AS passed, sum(recurred) AS recurred,\n"
"  sum(overdue) AS overdue, sum(zero) AS zero, sum(uninspected) AS un\n"
"  FROM po GROUP BY 1),\n"
"units(unit) AS (%s%s UNION SELECT unit FROM pu)\n"
"SELECT u.unit, %s, ifnull(pu.orgs, 0), ifnull(pu.inspected, 0),\n"
"  ifnull(pu.inspections, 0), ifnull(pu.hazards_found, 0),\n"
"  ifnull(pu.passed, 0), ifnull(pu.recurred, 0), ifnull(pu.overdue, 0),\n"
"  ifnull(pu.zero, 0), ifnull(pu.un, 0)\n"
"FROM units u LEFT JOIN pu ON pu.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

static const char area_o[] = " AND " GRID_AREA_SQL("o.grid_code");

static const struct grid_column inspection_columns[] = {
	GRIDI_UNIT_COLUMNS, { "period", GRID_COL_TEXT },
	{ "orgs", GRID_COL_INT }, { "inspected", GRID_COL_INT },
	{ "inspections", GRID_COL_INT }, { "hazards_found", GRID_COL_INT },
	{ "passed", GRID_COL_INT }, { "recurred", GRID_COL_INT },
	{ "recurrence_rate", GRID_COL_REAL }, { "overdue", GRID_COL_INT },
	{ "zero_hazard", GRID_COL_INT }, { "uninspected", GRID_COL_INT },
};
_Static_assert(GRIDI_ARRAY_LEN(inspection_columns) ==
    GRID_HAZARDS_INSPECTION_NCOLUMN, "the inspection columns counted");

/* The first columns of both lists: the org and whom to reach. */
#define LIST_ORG_COLUMNS \
	{ "period", GRID_COL_TEXT }, { "uscc", GRID_COL_TEXT }, \
	{ "name", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT }, \
	{ "supervision_level", GRID_COL_TEXT }, \
	{ "legal_rep", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT }

static const struct grid_column uninspected_columns[] = {
	LIST_ORG_COLUMNS, { "zero_reports", GRID_COL_INT },
	{ "last_zero_report", GRID_COL_TEXT },
	{ "last_inspection", GRID_COL_TEXT }, { "last_kind", GRID_COL_TEXT },
	{ "next_date", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(uninspected_columns) ==
    GRID_HAZARDS_UNINSPECTED_NCOLUMN, "the uninspected columns counted");

static const struct grid_column recurred_columns[] = {
	LIST_ORG_COLUMNS, { "passed_at", GRID_COL_TEXT },
	{ "passed_kind", GRID_COL_TEXT }, { "recurred_at", GRID_COL_TEXT },
	{ "recurred_by", GRID_COL_TEXT }, { "hazard_events", GRID_COL_INT },
};
_Static_assert(GRIDI_ARRAY_LEN(recurred_columns) ==
    GRID_HAZARDS_RECURRED_NCOLUMN, "the recurred columns counted");

static const struct grid_column sample_columns[] = {
	{ "seed", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "stratum", GRID_COL_TEXT }, { "rank", GRID_COL_INT },
	{ "why", GRID_COL_TEXT }, { "uscc", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "supervision_level", GRID_COL_TEXT }, { "address", GRID_COL_TEXT },
	{ "legal_rep", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(sample_columns) ==
    GRID_HAZARDS_SAMPLE_NCOLUMN, "the sample columns counted");

const struct grid_column *
grid_hazards_inspection_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(inspection_columns);
	return inspection_columns;
}

const struct grid_column *
grid_hazards_uninspected_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(uninspected_columns);
	return uninspected_columns;
}

const struct grid_column *
grid_hazards_recurred_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(recurred_columns);
	return recurred_columns;
}

const struct grid_column *
grid_hazards_sample_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(sample_columns);
	return sample_columns;
}

/*
 * Binds the reference of the overdue inspections: ?9 the end of p or
 * now when earlier, ?10 its local date.  Returns 0 or -1.
 */
static int
bind_reference(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_hazards_period *p, struct grid_error *err)
{
	time_t now, ref;
	struct tm tm;
	char day[16];
	int rc;

	if (grid_now(&now, err) != 0)
		return -1;
	ref = now < p->end ? now : p->end;
	localtime_r(&ref, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	rc = sqlite3_bind_int64(st, 9, (sqlite3_int64)ref);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 10, day, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "inspection statistics", err);
	return 0;
}

/* A unit's inspection row; level is "level\0period". */
static void
fill_inspection(struct gridi_stats_row *r, sqlite3_stmt *st,
    const char *level)
{
	long long c[9];
	size_t i;

	for (i = 0; i < 9; i++)
		c[i] = sqlite3_column_int64(st, 2 + (int)i);
	gridi_stats_unit(r, level, st);
	r->values[3] = level + strlen(level) + 1;
	for (i = 0; i < 6; i++)		/* orgs .. recurred */
		gridi_stats_count(r, 4 + i, c[i]);
	gridi_stats_share(r, 10, c[5], c[4]);
	for (i = 6; i < 9; i++)		/* overdue .. uninspected */
		gridi_stats_count(r, 5 + i, c[i]);
}

int
grid_hazards_inspections(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	char sql[sizeof(inspection_sql) + 512], names[40];
	struct gridi_units units;
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	int in, rc, ret = -1;

	if (!grid_level_has_units(q->level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics (grid, community, street, "
		    "district)");
	if (grid_area_resolve(db, q->area, q->level, &area, err) != 0)
		return -1;
	gridi_units_init(db, q->level, &units);
	snprintf(names, sizeof(names), "%s%c%s", units.level, 0,
	    q->period->name);
	in = area.code[0] != '\0';
	snprintf(sql, sizeof(sql), inspection_sql, in ? area_orgs : "",
	    in ? area_o : "", units.select, in ? area_units : "",
	    units.name);
	if (grid_db_prepare(db, sql, &st, err) != 0 ||
	    bind_period(db, st, q->period, err) != 0 ||
	    bind_reference(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = sqlite3_bind_int(st, 8, units.prefix);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "inspection statistics", err);
		goto out;
	}
	ret = each_row(db, st, fill_inspection, names, on_row, ctx, err);
out:
	sqlite3_finalize(st);
	return ret;
}

/*
 * A row of a list: the period, then the statement's columns as text
 * (counts are integers SQLite gives as text too).
 */
static void
fill_list(struct gridi_stats_row *r, sqlite3_stmt *st, const char *period)
{
	int i, n = sqlite3_column_count(st);

	r->values[0] = period;
	for (i = 0; i < n && i + 1 < GRIDI_STATS_MAX_COLUMNS; i++)
		r->values[i + 1] = (const char *)sqlite3_column_text(st, i);
}

/* Runs the list of recurred orgs (recurred) or uninspected ones. */
static int
inspection_list(struct grid_db *db, int recurred,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	char sql[(sizeof(uninspected_sql) > sizeof(recurred_sql) ?
	    sizeof(uninspected_sql) : sizeof(recurred_sql)) + 256];
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	int in, ret = -1;

	if (grid_area_resolve(db, q->area, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	in = area.code[0] != '\0';
	if (recurred)
		snprintf(sql, sizeof(sql), recurred_sql, in ? area_orgs : "",
		    in ? area_o : "");
	else
		snprintf(sql, sizeof(sql), uninspected_sql, in ? area_orgs :
		    "", in ? area_o : "");
	if (grid_db_prepare(db, sql, &st, err) == 0 &&
	    bind_period(db, st, q->period, err) == 0 &&
	    grid_area_bind(db, st, &area, err) == 0)
		ret = each_row(db, st, fill_list, q->period->name, on_row,
		    ctx, err);
	sqlite3_finalize(st);
	return ret;
}

int
grid_hazards_uninspected(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	return inspection_list(db, 0, q, on_row, ctx, err);
}

int
grid_hazards_recurred(struct grid_db *db, const struct grid_hazards_query *q,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	return inspection_list(db, 1, q, on_row, ctx, err);
}

/* Sample specifications: "own:50,lower:10". */
int
grid_hazards_sample_parse(const char *text, struct grid_hazards_sample *s,
    struct grid_error *err)
{
	const char *p = text;
	int seen_own = 0, seen_lower = 0;

	s->own = s->lower = 0;
	while (p != NULL && *p != '\0') {
		int *share, *seen, value = 0, digits = 0;

		if (strncmp(p, "own:", 4) == 0) {
			share = &s->own;
			seen = &seen_own;
			p += 4;
		} else if (strncmp(p, "lower:", 6) == 0) {
			share = &s->lower;
			seen = &seen_lower;
			p += 6;
		} else
			break;
		while (*p >= '0' && *p <= '9' && digits < 4) {
			value = value * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || value > 100 || *seen ||
		    (*p != ',' && *p != '\0'))
			break;
		*share = value;
		*seen = 1;
		if (*p == '\0')
			return 0;
		p++;	/* the comma: another share follows */
	}
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, "sample",
	    "not a sample '%s' (own:P,lower:P, each share a whole percent "
	    "0-100, each once)", text != NULL ? text : "");
}

unsigned long long
grid_hazards_sample_key(unsigned long long seed, const char *uscc)
{
	uint64_t h = UINT64_C(14695981039346656037), z;
	int i;

	/* FNV-1a over the seed's eight bytes, least significant first, and
	 * the uscc's bytes: no dependence on byte order or type sizes */
	for (i = 0; i < 8; i++) {
		h ^= (uint64_t)((seed >> (8 * i)) & 0xff);
		h *= UINT64_C(1099511628211);
	}
	for (; *uscc != '\0'; uscc++) {
		h ^= (uint64_t)(unsigned char)*uscc;
		h *= UINT64_C(1099511628211);
	}
	/* the SplitMix64 finaliser spreads neighbouring codes apart */
	z = h + UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (unsigned long long)(z ^ (z >> 31));
}

/* An org that may be drawn. */
#define SAMPLE_FIELDS 7		/* uscc .. phone, as sample_sql */
struct candidate {
	unsigned long long key;
	int lower;		/* 0: own, 1: lower */
	char *f[SAMPLE_FIELDS];
};

struct candidates {
	struct candidate *v;
	size_t n, cap;
};

static const char sample_sql[] =
"SELECT uscc, name, grid_code, supervision_level, address, legal_rep,\n"
"  phone FROM orgs o WHERE " ACTIVE_ORGS "\n"
"ORDER BY uscc";

static void
candidates_release(struct candidates *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = 0; j < SAMPLE_FIELDS; j++)
			free(c->v[i].f[j]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int
by_key(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->lower != y->lower)
		return x->lower - y->lower;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->f[0], y->f[0]);
}

/* The level an org is supervised at: its own, or community. */
static enum grid_level
supervised_at(const char *stored)
{
	enum grid_level l = stored != NULL ? grid_level_parse(stored) :
	    GRID_LEVEL_NONE;

	return l == GRID_LEVEL_NONE ? GRID_LEVEL_COMMUNITY : l;
}

/* Keeps the org of st's row when it is own or lower.  0 or -1. */
static int
candidate_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct grid_hazards_sample *s = ((void **)arg)[0];
	struct candidates *c = ((void **)arg)[1];
	enum grid_level at = supervised_at(
	    (const char *)sqlite3_column_text(st, 3));
	struct candidate *k;
	int j;

	if (at < s->level)
		return 0;	/* supervised above the level: not its own */
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct candidate *v = realloc(c->v, cap * sizeof(*v));

		if (v == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		c->v = v;
		c->cap = cap;
	}
	k = &c->v[c->n];
	memset(k, 0, sizeof(*k));
	for (j = 0; j < SAMPLE_FIELDS; j++) {
		const char *v = (const char *)sqlite3_column_text(st, j);

		if (v != NULL && (k->f[j] = strdup(v)) == NULL) {
			c->n++;	/* freed with the others */
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		}
	}
	c->n++;
	k->lower = at != s->level;
	k->key = grid_hazards_sample_key(s->seed, k->f[0]);
	return 0;
}

/* Hands the first drawn of [first, first + n) to on_row.  0 or -1. */
static int
emit_stratum(const struct grid_hazards_sample *s, const struct candidate *v,
    size_t n, grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	const char *values[GRID_HAZARDS_SAMPLE_NCOLUMN];
	char seed[24], rank[24], why[128];
	size_t i, drawn;
	int share;

	if (n == 0)
		return 0;
	share = v[0].lower ? s->lower : s->own;
	drawn = (n * (size_t)share + 99) / 100;	/* rounded up */
	snprintf(seed, sizeof(seed), "%llu", s->seed);
	for (i = 0; i < drawn; i++) {
		snprintf(rank, sizeof(rank), "%zu", i + 1);
		snprintf(why, sizeof(why), "%s:%d drew %zu of %zu%s",
		    v[i].lower ? "lower" : "own", share, drawn, n,
		    v[i].f[3] == NULL ? "; no supervision_level: community" :
		    "");
		values[0] = seed;
		values[1] = grid_level_name(s->level);
		values[2] = v[i].lower ? "lower" : "own";
		values[3] = rank;
		values[4] = why;
		memcpy(values + 5, v[i].f, sizeof(v[i].f));
		if (gridi_stats_emit(on_row, ctx, values, err) != 0)
			return -1;
	}
	return 0;
}

int
grid_hazards_sample(struct grid_db *db, const struct grid_hazards_sample *s,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	char sql[sizeof(sample_sql) + 128];
	struct candidates c = { NULL, 0, 0 };
	void *arg[2] = { (void *)s, &c };
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	size_t own;
	int ret = -1;

	if (s->level < GRID_LEVEL_CITY || s->level > GRID_LEVEL_COMMUNITY)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a supervision level (city, district, street, "
		    "community)");
	if (s->own < 0 || s->own > 100 || s->lower < 0 || s->lower > 100)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "sample",
		    "a share is a percent from 0 to 100");
	if (grid_area_resolve(db, s->unit, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), sample_sql, area.code[0] != '\0' ? area_o :
	    "");
	if (grid_db_prepare(db, sql, &st, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0 ||
	    gridi_stats_step(db, st, "the inspection sample", candidate_row,
	    arg, err) != 0)
		goto out;
	if (c.n > 0)
		qsort(c.v, c.n, sizeof(*c.v), by_key);
	for (own = 0; own < c.n && !c.v[own].lower; own++)
		;
	if (emit_stratum(s, c.v, own, on_row, ctx, err) == 0 &&
	    emit_stratum(s, c.v + own, c.n - own, on_row, ctx, err) == 0)
		ret = 0;
out:
	sqlite3_finalize(st);
	candidates_release(&c);
	return ret;
}
