/*
 * disputestats.h - the figures of dispute mediation (矛盾纠纷排查调处,
 * doc/domain.md; grid-stats(1) disputes) per unit, and the repeated
 * disputes of the same parties.
 *
 * The disputes of a period: cases of a category with case_type
 * 'dispute', not voided nor merged, reported in the period ([its first
 * day's local midnight, the local midnight after its last day), TZ).
 * Each is counted as it stood at the end of the period (so a past
 * period's figures do not change later): an attempt or an outcome
 * counts when its time is before that end.  Per unit of a level (the
 * prefix of the case's grid_code; units of the level without disputes
 * have rows of zeros; disputes without a grid make a last row whose
 * unit is NULL):
 *   found             disputes of the period (排查)
 *   mediated          of them, with at least one attempt
 *   resolved          of them, outcome resolved or agreement
 *   success_rate      resolved / mediated (调解成功率)
 *   first_line        of the resolved, at outcome_level grid or community
 *   first_line_share  first_line / resolved (化解在基层)
 *   referred, failed  of them, with that outcome
 *   open              found - resolved - referred - failed
 * Rates: percent, two decimals, rounded half up, empty when the
 * denominator is 0.
 *
 * Repeated disputes (the list): among the disputes of the period, each
 * pair of parties (a person's ID number or an org's USCC, party_a <
 * party_b) that are both parties of two or more of them, and each party
 * that is the only recorded party of two or more (party_b empty).  The
 * same set of three parties twice gives its three pairs.
 * Nothing is written to the database.
 */
#ifndef GRID_DISPUTESTATS_H
#define GRID_DISPUTESTATS_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/* What to count. */
struct grid_disputestats_query {
	enum grid_level level;	/* the units: grid to district */
	const char *month;	/* "YYYY-MM"; NULL: from/to, else the */
				/* month of now (grid_now) */
	const char *from;	/* first day (a date); NULL: no limit */
	const char *to;		/* last day, included; NULL: today */
	const char *area;	/* a code (area.h); NULL: everywhere */
};

/*
 * The columns of a unit's row: level, unit, unit_name, period (the month,
 * or FROM..TO), found, mediated, resolved, success_rate, first_line,
 * first_line_share, referred, failed, open.  Static.
 */
const struct grid_column *grid_disputestats_columns(size_t *n);
#define GRID_DISPUTESTATS_NCOLUMN 13

/*
 * The columns of a repeated pair: period, party_a, name_a, party_b,
 * name_b, disputes, case_ids (comma-separated, by report time),
 * first_reported, last_reported, open (of those disputes, without an
 * outcome at the end of the period), grid_code (of the latest).  The
 * parties and names are personal data.  Static.
 */
const struct grid_column *grid_disputestats_repeated_columns(size_t *n);
#define GRID_DISPUTESTATS_NREPEATED 11

/*
 * A row: values[i] is column i, NULL when empty; borrowed, valid during
 * the callback.  Returning non-zero stops the run (err->code 0).
 */
typedef int (*grid_disputestats_row_fn)(void *ctx,
    const char *const *values);

/*
 * Calls on_row once per unit of q->level, by unit code.  With q->area,
 * the units of the level inside it and the disputes whose grid_code
 * lies in it.  Returns 0, or -1 with err: GRID_EUSAGE (field "level",
 * "month", "from", "to" or "in"), GRID_EDATA for an area the database
 * does not hold, database errors, code 0 when on_row stopped it.
 */
int grid_disputestats_run(struct grid_db *db,
    const struct grid_disputestats_query *q,
    grid_disputestats_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * Calls on_row once per repeated pair (above), the most disputes first,
 * then by party_a and party_b.  q->level is not used.  Returns 0 or -1
 * as grid_disputestats_run.
 */
int grid_disputestats_repeated(struct grid_db *db,
    const struct grid_disputestats_query *q,
    grid_disputestats_row_fn on_row, void *ctx, struct grid_error *err);

#endif
