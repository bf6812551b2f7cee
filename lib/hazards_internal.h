/*
 * hazards_internal.h - what the modules of hazards.h share:
 * stats_hazards.c (self-reporting), stats_inspections.c (inspections)
 * and stats_sample.c (the spot-check sample).  Private to lib/.
 *
 * GRIDI_HAZARDS_CTE is the WITH query every report of the period starts
 * from: the active enterprises (ent), the self-reports (sr), the major
 * hazards open at the end of the period (mo), each enterprise's period
 * (pe: reports, the months with one, its hazards), then its duty and
 * state (st).  Its parameters: ?1 the start of the period, ?2 its end,
 * ?3 and ?4 the starts of its second and third months (the end for a
 * month), ?5 1 for a quarter, ?6 its months (gridi_hazards_bind_period);
 * its %s is the area's condition on the enterprises, or nothing.
 */
#ifndef GRID_HAZARDS_INTERNAL_H
#define GRID_HAZARDS_INTERNAL_H

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/hazards.h"
#include "stats_internal.h"

/* 1 for a high-risk org (attrs that are no JSON: not high-risk). */
#define HIGH \
	"coalesce(CASE WHEN json_valid(attrs) THEN lower(coalesce(" \
	"json_extract(attrs, '$.risk'), json_extract(attrs, " \
	"'$.\"风险等级\"'))) IN ('high', '高', '高危', '高风险') END, 0)"

/* Whether an enterprise of pe has reported as its duty asks. */
#define DUTY_MET "CASE WHEN high THEN months >= ?6 ELSE reports > 0 END"

#define GRIDI_HAZARDS_CTE \
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

/* The unit of a grid code x at the length ?8, as SQL. */
#define GRIDI_HAZARDS_UNIT(x) \
	"CASE WHEN length(" x ") >= ?8 THEN substr(" x ", 1, ?8) END"

/* The active orgs o; %s: the area's condition on o.grid_code. */
#define GRIDI_ACTIVE_ORGS "ifnull(o.status, 'active') = 'active'%s"

/* The area's conditions (area.h): on grid_code, on o.grid_code. */
#define GRIDI_AREA_ORGS " AND " GRID_AREA_SQL("grid_code")
#define GRIDI_AREA_O " AND " GRID_AREA_SQL("o.grid_code")

/* Binds the period p (?1-?6) to st.  Returns 0, or -1 with err. */
int gridi_hazards_bind_period(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_hazards_period *p, struct grid_error *err);

/*
 * Steps st, calling fill(row, st, arg) then on_row for each row.
 * Returns 0, or -1 with err (code 0 when on_row stopped).
 */
int gridi_hazards_each_row(struct grid_db *db, sqlite3_stmt *st,
    void (*fill)(struct gridi_stats_row *, sqlite3_stmt *, const char *),
    const char *arg, grid_hazards_row_fn on_row, void *ctx,
    struct grid_error *err);

#endif
