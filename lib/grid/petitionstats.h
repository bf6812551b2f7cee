/*
 * petitionstats.h - the figures of petitions (信访, grid-stats(1)
 * petitions, doc/domain.md section 9) per unit and period, and the
 * people who petitioned again and again.
 *
 * A petition is a row of petitions whose case is neither voided nor
 * merged; its unit is the prefix of its case's grid_code (popstats.h;
 * cases without a grid make a last row whose unit is NULL).  The period
 * is a month or a quarter (grid_hazards_period_parse), [start, end);
 * times are compared as instants.  Each figure counts the events that
 * fell in the period:
 *   received          reported_at in the period
 *   accepted          accepted_at in the period
 *   replied           replied_at in the period
 *   replied_on_time   of those, replied_at <= reply_due
 *   on_time_rate      replied_on_time / replied
 *   followed_through  of the replied, followed_through = 1
 *   follow_through_rate  followed_through / replied
 *   overdue           accepted before the end, not replied before the
 *                     end, reply_due before the end (older ones too)
 *   group             of the received, people_count >= the setting
 *                     group_petition_people (集体访)
 *   over_level        of the received, level_reached above
 *                     competent_level (越级访)
 *   visit, letter, online, phone   the received by form
 * Rates: percent, two decimals, rounded half up, empty when the
 * denominator is 0 (grid_metrics_rate).
 *
 * Repeat petitioners (重复信访): every person who is a petitioner or
 * representative (case_parties) of two petitions or more received in
 * the period, most petitions first, then by ID number: period,
 * id_number, name, grid_code (the person's), petitions, first_at,
 * last_at (their reported_at), case_ids (comma-separated, in time
 * order).  id_number is given unmasked: the caller masks it.
 * Nothing is written to the database.
 */
#ifndef GRID_PETITIONSTATS_H
#define GRID_PETITIONSTATS_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/hazards.h"	/* struct grid_hazards_period */
#include "grid/writer.h"

/*
 * The columns of a unit's row: level, unit, unit_name, period, received,
 * accepted, replied, replied_on_time, on_time_rate, followed_through,
 * follow_through_rate, overdue, group, over_level, visit, letter,
 * online, phone.  Static; *n (when not NULL) gets the count.
 */
const struct grid_column *grid_petitionstats_columns(size_t *n);
#define GRID_PETITIONSTATS_NCOLUMN 18

/* The columns of a repeat petitioner's row (above).  Static. */
const struct grid_column *grid_petitionstats_repeat_columns(size_t *n);
#define GRID_PETITIONSTATS_REPEAT_NCOLUMN 8
#define GRID_PETITIONSTATS_REPEAT_IDNO 1	/* the personal column */

/* A row: values borrowed during the call; non-zero stops the run. */
typedef int (*grid_petitionstats_row_fn)(void *ctx,
    const char *const *values);

struct grid_petitionstats_query {
	const struct grid_hazards_period *period;
	enum grid_level level;	/* the units (run only) */
	const char *area;	/* a code (area.h); NULL: everywhere */
};

/*
 * Calls on_row once per unit of q->level (grid, community, street or
 * district), by unit code.  With q->area, the units inside it and the
 * petitions placed in it.  Returns 0, or -1 with err (GRID_EUSAGE,
 * field "level" or "in"; GRID_EDATA for an area the database does not
 * hold; database errors; code 0 when on_row stopped the run).
 */
int grid_petitionstats_run(struct grid_db *db,
    const struct grid_petitionstats_query *q,
    grid_petitionstats_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * Calls on_row once per repeat petitioner (above), of the petitions
 * placed in q->area when it is set.  Returns 0 or -1 as
 * grid_petitionstats_run.
 */
int grid_petitionstats_repeat(struct grid_db *db,
    const struct grid_petitionstats_query *q,
    grid_petitionstats_row_fn on_row, void *ctx, struct grid_error *err);

#endif
