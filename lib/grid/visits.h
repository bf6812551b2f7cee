/*
 * visits.h - visits (走访) in a month (grid-stats(1) visits): the
 * visits per unit or per worker, and how many people of each must-visit
 * group (doc/domain.md section 5) were visited at least once.
 *
 * The must-visit groups are the tags of the tags table marked must_visit
 * (by default the seeds' six: 特困户 is tag low_income, labelled 低保;
 * 孤寡老人 is elderly_alone, labelled 独居老人; 老党员 old_party_member,
 * 下岗人员 laid_off, 新婚夫妇 newlywed, 新住居民 new_resident; and
 * 家庭纠纷户 family_dispute).  Two of them have columns of their own.
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
 * any must-visit group (a person in several counts once).  Shares: percent, two
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

/*
 * The due list (grid-stats(1) visits --due): who is owed a visit on a
 * day D by the visit rules of their tags (doc/domain.md section 5).
 *
 * A person's tag is in force on D from its since (none: always) to its
 * until (none: on), both days included; a version of it that changed
 * (person_tag_history, with an until) is in force on its own days, so a
 * tag that starts or ends within a month counts only on its days, and a
 * past D sees the risk level of that day.  Its rule is the visit rule of
 * the tag at its risk level, else the tag's rule for any level (-1); a
 * tag without a rule is not on the list.  The last visit is the latest
 * local day, up to D, of a visit naming the person, or naming no person
 * and their house, whose result is not absent (未遇: nobody was met).
 * The anchor is the last visit when it is on or after the tag's since,
 * else the since (a new tag, or a new risk level given with a new since,
 * starts the count again; one given without a since applies at once,
 * counted from the last visit).  The next due day is the anchor plus
 * every days, weeks or months (a month past a shorter month's end is its
 * last day: 01-31 plus one month is 02-28 or 02-29).  With several tags
 * in force a person counts once, by the tag due first.  No anchor (no
 * since and no visit): due at once, overdue.
 *
 * Owed on D: next due <= D; overdue: next due < D (or no anchor).
 * Visited on time: not owed (next due > D) and visited on or after the
 * tag's since.  The rest (a tag begun since the last visit, not yet
 * owed) are neither.
 *
 * List columns (list): id_number, name, phone, grid_code, tag,
 * tag_label, risk_level, rule ("3 months"), since, last_visit, next_due,
 * status (due or overdue), days_overdue (D - next due, 0 on the day),
 * helper_id; one row per person owed a visit, the longest overdue
 * first.  Personal values are given unmasked: the caller masks them.
 * Figures (otherwise): level, unit, unit_name, at, people (under a
 * rule on D), due (owed), overdue, visited_on_time, on_time_share
 * (visited_on_time / people, percent, empty when none); units as
 * grid_visits_run's groups: a place's by the prefix of the person's
 * grid_code, a worker's by their responsibility grids.  Organisations
 * have no tags, so no rule applies to them.  Nothing is written.
 */
struct grid_visits_due_query {
	int list;		/* 1: the people owed a visit; 0: figures */
	enum grid_metrics_level level;	/* figures: GRID_BY_GRID, */
				/* _COMMUNITY, _STREET, _DISTRICT, _WORKER */
	const char *at;		/* the day D (any form grid_date_parse */
				/* reads); NULL: today in the zone */
	const char *area;	/* a code (area.h); NULL: everywhere */
};

#define GRID_VISITS_DUE_NLIST 14	/* the list's columns */
#define GRID_VISITS_DUE_NFIGURES 9	/* the figures' columns */

/* The columns of the list (list) or figures; static; *n their count. */
const struct grid_column *grid_visits_due_columns(int list, size_t *n);

/*
 * Calls on_row once per row, as above.  Returns 0, or -1 with err:
 * GRID_EUSAGE for a bad day ("at"), level ("level") or area ("in"),
 * GRID_EDATA for an area not in the database, database errors, code 0
 * when on_row stopped the run.
 */
int grid_visits_due_run(struct grid_db *db,
    const struct grid_visits_due_query *q, grid_visits_row_fn on_row,
    void *ctx, struct grid_error *err);

#endif
