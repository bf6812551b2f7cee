/*
 * hazards.h - enterprise hazard self-reporting (doc/domain.md section 7,
 * grid-stats(1) hazards): which enterprises are due to report in a period,
 * how many did (the self-report rate), the hazards found by grade, the
 * remediation rate, the major hazards still under supervision, and the
 * enterprises that reported no hazard (listed for inspection); the
 * inspections of organisations, and the spot-check sample (below).
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

/*
 * Inspections (doc/domain.md section 7): visits of an organisation
 * (visits.org_uscc) of kind fire_inspection, safety_inspection or
 * food_inspection whose result is not absent (nobody there: the org was
 * not inspected).  One passed when its hazards are 0 or its result is
 * met.  Only active orgs (status active or NULL) count; an org's unit is
 * the prefix of its grid_code (none: a last row whose unit is NULL).
 *   uninspected  an enterprise whose state in the period is zero with no
 *                inspection at or after its first zero report of the
 *                period (one after the period counts: the list is what
 *                the teams still owe)
 *   recurred     an org with a passed inspection in the period and,
 *                later in the period, a hazard again: an inspection with
 *                hazards > 0 or a self-report with a grade
 *   overdue      an org's latest inspection of a kind before the
 *                reference (the end of the period, or now when earlier)
 *                whose next_date is before the reference's local date
 * Per unit (grid_hazards_inspections): level, unit, unit_name, period,
 * orgs (active), inspected (of them, inspected in the period),
 * inspections, hazards_found (their hazards), passed (orgs with a passed
 * inspection), recurred, recurrence_rate (recurred / passed), overdue
 * (org and kind pairs), zero_hazard (as above), uninspected.
 */
const struct grid_column *grid_hazards_inspection_columns(size_t *n);
#define GRID_HAZARDS_INSPECTION_NCOLUMN 14
/*
 * The lists' columns.  uninspected: period, uscc, name, grid_code,
 * supervision_level, legal_rep, phone, zero_reports, last_zero_report,
 * last_inspection, last_kind, next_date (of the org's latest inspection,
 * at any time).  recurred: period, uscc, name, grid_code,
 * supervision_level, legal_rep, phone, passed_at, passed_kind (its first
 * passed inspection), recurred_at, recurred_by (inspection or
 * self_report: the first hazard after it), hazard_events (inspections
 * with hazards and graded self-reports after it).  legal_rep and phone
 * are given unmasked: the caller masks them.
 */
const struct grid_column *grid_hazards_uninspected_columns(size_t *n);
#define GRID_HAZARDS_UNINSPECTED_NCOLUMN 12
const struct grid_column *grid_hazards_recurred_columns(size_t *n);
#define GRID_HAZARDS_RECURRED_NCOLUMN 12

/*
 * Per unit of q->level, as grid_hazards_run; the lists, by grid_code
 * (NULL last) then uscc, in q->area as grid_hazards_list (q->state is
 * not used).  Return 0 or -1 as those.
 */
int grid_hazards_inspections(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err);
int grid_hazards_uninspected(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err);
int grid_hazards_recurred(struct grid_db *db,
    const struct grid_hazards_query *q, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err);

/*
 * A spot-check sample (抽查): of the active orgs in unit (an area code;
 * NULL: all), those supervised at level (orgs.supervision_level; none:
 * taken as community, the lowest) are "own", those supervised below it
 * "lower".  ceil(n * own / 100) of the n own and ceil(m * lower / 100)
 * of the m lower are drawn: the first by grid_hazards_sample_key(seed,
 * uscc), then uscc.  The same seed gives the same list anywhere.
 */
struct grid_hazards_sample {
	enum grid_level level;	/* GRID_LEVEL_CITY to _COMMUNITY */
	const char *unit;	/* an area code; NULL: everywhere */
	int own, lower;		/* percent, 0 to 100 */
	unsigned long long seed;
};

/*
 * Reads "own:P,lower:P" (either, in any order; the one left out is 0)
 * into s->own and s->lower.  Returns 0, or -1 with err (GRID_EUSAGE,
 * field "sample").
 */
int grid_hazards_sample_parse(const char *text,
    struct grid_hazards_sample *s, struct grid_error *err);

/* The draw order of an org: a 64-bit hash of seed and uscc (FNV-1a and
 * the SplitMix64 finaliser), the same on every platform. */
unsigned long long grid_hazards_sample_key(unsigned long long seed,
    const char *uscc);

/*
 * The sample's columns: seed, level, stratum (own or lower), rank (in
 * its stratum), why ("own:50 drew 3 of 5", then "; no
 * supervision_level: community" when the level was taken), uscc,
 * name, grid_code, supervision_level (as stored), address, legal_rep,
 * phone (unmasked).
 */
const struct grid_column *grid_hazards_sample_columns(size_t *n);
#define GRID_HAZARDS_SAMPLE_NCOLUMN 12

/*
 * Calls on_row for each org drawn, own ones first, each stratum in draw
 * order.  Returns 0, or -1 with err (GRID_EUSAGE, field "level", for a
 * level that is none of city to community; "in" as grid_area_resolve;
 * GRID_EDATA for an unknown unit; database errors; code 0 when on_row
 * stopped).
 */
int grid_hazards_sample(struct grid_db *db,
    const struct grid_hazards_sample *s, grid_hazards_row_fn on_row,
    void *ctx, struct grid_error *err);

#endif
