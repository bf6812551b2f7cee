/*
 * stats_inspections.c - the inspections of organisations (hazards.h):
 * per unit, the zero reporters not inspected and the orgs whose hazards
 * came back after a passed inspection.
 *
 * After GRIDI_HAZARDS_CTE (hazards_internal.h): insp, the inspections;
 * zc and zr, the zero reports of the period and per enterprise (zl: the
 * last one's time as stored, SQLite's bare column of max()); lt, each
 * org's latest inspection time; un, the uninspected zero reporters; li,
 * each org's latest inspection; pi, the first passed inspection of the
 * period; hv, the hazards of the period (inspections and graded
 * self-reports); rc, the orgs whose hazards came back after pi.  ?8 the
 * unit code length, ?9 the reference (the end of the period or now),
 * ?10 its local date, ?50 the area.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/hazards.h"
#include "grid/text.h"
#include "hazards_internal.h"

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

#define ACTIVE_ORGS GRIDI_ACTIVE_ORGS
#define UNIT(x) GRIDI_HAZARDS_UNIT(x)

/* %s: area on enterprises, on o.grid_code. */
static const char uninspected_sql[] = GRIDI_HAZARDS_CTE INSP_CTE
"SELECT o.uscc, o.name, o.grid_code, o.supervision_level, o.legal_rep,\n"
"  o.phone, zr.zero_reports, zr.last_zero, li.at, li.kind, li.next_date\n"
"FROM un JOIN orgs o ON o.uscc = un.uscc JOIN zr ON zr.uscc = un.uscc\n"
"  LEFT JOIN li ON li.uscc = un.uscc\n"
"WHERE " ACTIVE_ORGS "\n"
"ORDER BY o.grid_code IS NULL, o.grid_code, o.uscc";

/* %s: area on enterprises, on o.grid_code. */
static const char recurred_sql[] = GRIDI_HAZARDS_CTE INSP_CTE
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
static const char inspection_sql[] = GRIDI_HAZARDS_CTE INSP_CTE
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

static const char area_orgs[] = GRIDI_AREA_ORGS;
static const char area_o[] = GRIDI_AREA_O;
static const char area_units[] = GRIDI_AREA_UNITS;

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
	for (i = 6; i < 9; i++)		/* overdue .. uninspected */
		gridi_stats_count(r, 5 + i, c[i]);
	/* recurrence_rate, as a merge derives it */
	gridi_stats_derive(gridi_stats_desc("inspections"), r);
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
	    gridi_hazards_bind_period(db, st, q->period, err) != 0 ||
	    bind_reference(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	rc = sqlite3_bind_int(st, 8, units.prefix);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "inspection statistics", err);
		goto out;
	}
	ret = gridi_hazards_each_row(db, st, fill_inspection, names, on_row, ctx, err);
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
	    gridi_hazards_bind_period(db, st, q->period, err) == 0 &&
	    grid_area_bind(db, st, &area, err) == 0)
		ret = gridi_hazards_each_row(db, st, fill_list, q->period->name, on_row,
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
