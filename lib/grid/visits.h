/*
 * visits.h - visits (走访) in a month (grid-stats(1) visits): the
 * visits per unit or per worker, and how many people of each must-visit
 * group (doc/domain.md section 5) were visited at least once.
 *
 * The must-visit groups of the seeds and the tags that hold them: 特困户
 * is tag low_income (低保/特困), 孤寡老人 is tag elderly_alone (独居老人);
 * 老党员, 下岗人员, 新婚夫妇 and 新住居民 have no tag in the vocabulary
 * and are not counted.
 *
 * The month M is [local midnight of its 1st, local midnight of the next
 * 1st), local zone (TZ); a visit is in M when its time (visits.at, read
 * as an instant) is.  A person is visited in M when a visit in M names
 * them (visits.id_number), or names no person and their house
 * (visits.house_id = people.house_id): a visit to a house covers the
 * people living there, a visit to a person only that person.  Who made
 * the visit does not matter for coverage.
 *
 * Units:
 *   grid, community, street, district  the prefix of the person's
 *       grid_code (as popstats.h) for the groups; a visit is placed by
 *       the grid of the person it names, else of its house; units of the
 *       level come from regions (grids of kind unit) even without
 *       people or visits; what has no grid makes a last row whose unit
 *       is NULL
 *   worker  visits: those the worker made (visits.worker_id); groups: the
 *       people living in the worker's responsibility grids
 *       (worker_grids), so a grid with two workers counts for both and
 *       people of grids without a worker count for none; every worker
 *       has a row (named workers.name); visits without a known worker
 *       make the last row (unit NULL)
 * Row columns: level, unit, unit_name, month, visits, then per group
 * (low_income, elderly_alone) the people of the group, those visited
 * (<group>_visited) and the share (<group>_share = visited / people),
 * then must_visit, must_visit_visited, must_visit_share for the people of
 * any group (a person in both counts once).  Shares: percent, two
 * decimals, rounded half up, empty when there is nobody
 * (grid_metrics_rate).  Nothing is written to the database.
 */
#ifndef GRID_VISITS_H
#define GRID_VISITS_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/metrics.h"
#include "grid/writer.h"

/*
 * The columns of a row, as above.  Static; *n (when not NULL) gets the
 * count.
 */
const struct grid_column *grid_visits_columns(size_t *n);
#define GRID_VISITS_NCOLUMN 14		/* their number */

/*
 * A row: values[i] is the value of column i, NULL when empty.
 * Borrowed: valid during the callback only.  Returning non-zero stops
 * the run, which then fails with err->code 0.
 */
typedef int (*grid_visits_row_fn)(void *ctx, const char *const *values);

/* What to report. */
struct grid_visits_query {
	enum grid_metrics_level level;	/* GRID_BY_GRID, _COMMUNITY, */
				/* _STREET, _DISTRICT or _WORKER */
	const char *month;	/* "YYYY-MM"; NULL: the month of now */
				/* (grid_now, so $GRID_NOW) */
	const char *area;	/* a code (area.h); NULL: everywhere */
};

/*
 * Calls on_row once per unit of q->level, by unit code, for q->month.
 * With q->area, only what lies in it counts: the people of the groups
 * whose grid_code is in it, the visits placed in it (the grid of the
 * person named, else of the house; coverage still counts a visit
 * anywhere); the units are those of the level inside the area, or the
 * workers with a responsibility grid in it (and any who made a visit
 * placed in it).  Returns 0, or -1 with err: GRID_EUSAGE for another
 * level or one above the area (field "level"), a bad month ("month") or
 * a malformed area ("in"), GRID_EDATA for an area the database does not
 * hold, database errors, code 0 when on_row stopped the run.
 */
int grid_visits_run(struct grid_db *db, const struct grid_visits_query *q,
    grid_visits_row_fn on_row, void *ctx, struct grid_error *err);

#endif
