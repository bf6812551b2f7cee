/*
 * hazards.h - enterprise hazard self-reporting (doc/domain.md section 7,
 * grid-stats(1) hazards): which enterprises are due to report in a period,
 * how many did (the self-report rate), the hazards found by grade, the
 * remediation rate, the major hazards still under supervision, and the
 * enterprises that reported no hazard (listed for inspection).
 *
 * The data, as the schema holds it:
 *   enterprise    a row of orgs with kind 'enterprise' and status
 *                 'active' (or NULL: grid-import's default is active)
 *   high-risk     attrs "risk" (or "风险等级", the Chinese column name
 *                 grid-import keeps in attrs) is high, 高, 高危 or 高风险
 *                 (ASCII case ignored), an unknown column of the orgs
 *                 sheet; high-risk enterprises report monthly, the others
 *                 quarterly
 *   self-report   a case with source self_report and org_uscc the
 *                 enterprise's, not voided nor merged, reported_at in the
 *                 period (grid-case report --source self_report --org
 *                 USCC, or grid-import -t cases)
 *   hazard        a self-report with a grade: minor (一般) or major (重大)
 *   zero report   a self-report without a grade: the enterprise checked
 *                 and found nothing (零隐患报告)
 *
 * A period is a month (YYYY-MM) or a quarter (YYYY-Qn): local midnight of
 * its first day to local midnight of the next period's (TZ); times are
 * compared as instants.  Due in a month: the high-risk enterprises.  Due
 * in a quarter: every enterprise; a high-risk one has reported only when
 * it reported in each of the quarter's three months, another when it
 * reported at least once in the quarter.
 *
 * Per unit of a level (an enterprise's unit is the prefix of its
 * grid_code, as popstats.h; units of the level without enterprises have
 * rows of zeros; enterprises without a grid make a last row whose unit is
 * NULL):
 *   enterprises      active enterprises
 *   high_risk        of them, high-risk
 *   due              of them, due in the period
 *   reported         of the due, those that reported (as above)
 *   self_report_rate reported / due
 *   zero_hazard      enterprises whose state is "zero" (below)
 *   hazards, minor, major  hazards reported in the period, of any org
 *                    (known or not, any kind or status), placed by the
 *                    org's grid_code, else the case's
 *   remediated       of those hazards, closed (closed_at) before the end
 *                    of the period
 *   remediation_rate remediated / hazards
 *   major_open       major hazards reported before the end of the period
 *                    and not closed before it (挂牌督办): older ones too
 * Rates: percent, two decimals, rounded half up, empty when the
 * denominator is 0 (grid_metrics_rate).
 *
 * Per enterprise (the list), state is the first that holds:
 *   missing  due and not reported (it may have reported in some months)
 *   hazards  reported a hazard in the period
 *   zero     reported in the period, never a hazard
 *   none     not due and no report
 * Nothing is written to the database.
 */
#ifndef GRID_HAZARDS_H
#define GRID_HAZARDS_H

#include <stddef.h>
#include <time.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/* A month or a quarter. */
struct grid_hazards_period {
	char name[16];		/* "2024-03" or "2024-Q1" */
	int months;		/* 1 or 3 */
	time_t start[3];	/* the start of each of its months */
	time_t end;		/* the start of the next period */
};

/*
 * Reads "YYYY-MM" or "YYYY-Qn" (q too) into *p; NULL is the month of now
 * (grid_now, so $GRID_NOW).  Returns 0, or -1 with err (GRID_EUSAGE,
 * field "period").
 */
int grid_hazards_period_parse(const char *text,
    struct grid_hazards_period *p, struct grid_error *err);

/*
 * The columns of a unit's row: level, unit, unit_name, period,
 * enterprises, high_risk, due, reported, self_report_rate, zero_hazard,
 * hazards, minor, major, remediated, remediation_rate, major_open.
 * Static; *n (when not NULL) gets the count.
 */
const struct grid_column *grid_hazards_columns(size_t *n);
#define GRID_HAZARDS_NCOLUMN 16		/* their number */

/*
 * The columns of an enterprise's row: period, uscc, name, grid_code,
 * cycle (monthly or quarterly), due (1 or 0), reported (1 or 0; NULL
 * when not due), reports (self-reports in the period), months (months of
 * the period with one), hazards, minor, major, remediated (as the unit's
 * figures, for its own hazards), major_open, state.  Static.
 */
const struct grid_column *grid_hazards_org_columns(size_t *n);
#define GRID_HAZARDS_ORG_NCOLUMN 15	/* their number */

/*
 * A row: values[i] is the value of column i, NULL when empty.
 * Borrowed: valid during the callback only.  Returning non-zero stops
 * the run, which then fails with err->code 0.
 */
typedef int (*grid_hazards_row_fn)(void *ctx, const char *const *values);

/* What to report. */
struct grid_hazards_query {
	const struct grid_hazards_period *period;
	enum grid_level level;	/* grid_hazards_run: the units */
	const char *state;	/* grid_hazards_list: this state only */
				/* (missing, hazards, zero, none); NULL: all */
	const char *area;	/* a code (area.h): only the enterprises */
				/* and hazards in it; NULL: everywhere */
};

/*
 * Calls on_row once per unit of q->level (GRID_LEVEL_GRID, _COMMUNITY,
 * _STREET or _DISTRICT), by unit code, for q->period.  With q->area, the
 * units of the level inside the area, and only the enterprises whose
 * grid_code lies in it and the hazards placed in it (the org's grid,
 * else the case's) count.  Returns 0, or -1 with err (GRID_EUSAGE, field
 * "level", for another level or one above the area, "in" for a
 * malformed area; GRID_EDATA for an area the database does not hold;
 * database errors; code 0 when on_row stopped the run).
 */
int grid_hazards_run(struct grid_db *db, const struct grid_hazards_query *q,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * Calls on_row once per active enterprise (whose grid_code lies in
 * q->area when it is set) whose state is q->state (NULL: every one), by
 * grid_code (NULL last), then uscc.  q->level is not used.  Returns 0 or
 * -1 as grid_hazards_run (GRID_EUSAGE, field "state", for an unknown
 * state).
 */
int grid_hazards_list(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err);

#endif
