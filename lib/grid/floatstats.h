/*
 * floatstats.h - residence permits (居住证) of the floating population
 * (grid-stats(1) population --permits-expiring, doc/domain.md section 6,
 * the floating population): per unit of the space hierarchy, how many
 * permits have expired or expire within N days of a reference date; and
 * the list of those people.
 *
 * A permit is a person's permit_expiry (people, schema 5); its number
 * may be missing.  It is valid through its expiry day: on the reference
 * day AT it is expired when permit_expiry < AT, expiring when AT <=
 * permit_expiry <= AT + N days, else valid.  People born after AT are
 * not counted, as in popstats.h.  Nothing is written to the database.
 */
#ifndef GRID_FLOATSTATS_H
#define GRID_FLOATSTATS_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/* What to count or list. */
struct grid_permits_query {
	enum grid_level level;	/* the units of the counts: GRID_LEVEL_GRID */
				/* to _DISTRICT; not used by the list */
	const char *at;		/* reference date; NULL: today */
	int days;		/* expiring within days after at, 0-3650 */
	const char *area;	/* a code (area.h): only the people whose */
				/* grid_code lies in it; NULL: everyone */
};
#define GRID_PERMITS_MAX_DAYS 3650

/*
 * The columns of a row of counts: level, unit, unit_name, floating (the
 * unit's floating people), permits (its people with a permit expiry),
 * expired, expiring, without_permit (floating people without one).
 * Borrowed, static; *n (when not NULL) gets the count.
 */
const struct grid_column *grid_permits_columns(size_t *n);
#define GRID_PERMITS_NCOLUMN 8

/* One row; values as popstats.h's: borrowed for the callback's time. */
typedef int (*grid_permits_row_fn)(void *ctx, const char *const *values);

/*
 * Calls on_row once per unit of q->level, units as popstats.h's (every
 * unit of the level, by code, then one row for people without a grid
 * when there are such; with q->area, the units inside it).  Returns 0,
 * or -1 with err: GRID_EUSAGE for a bad level ("level"), date ("at") or
 * number of days ("days"), a malformed area or a level above it ("in",
 * "level"); GRID_EDATA for an area the database does not hold; database
 * errors; code 0 when on_row stopped the run.
 */
int grid_permits_run(struct grid_db *db, const struct grid_permits_query *q,
    grid_permits_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * The columns of the list: grid_code, id_number, name, phone,
 * permit_number, permit_expiry, days_left (permit_expiry - AT in days,
 * negative once expired), state ("expired" or "expiring").  Personal,
 * given unmasked (the caller masks them, grid_mask_idno and
 * grid_mask_phone): id_number, phone, permit_number.  Borrowed, static.
 */
const struct grid_column *grid_permits_list_columns(size_t *n);
#define GRID_PERMITS_LIST_NCOLUMN 8
enum {
	GRID_PERMITS_ID_NUMBER = 1, GRID_PERMITS_PHONE = 3,
	GRID_PERMITS_NUMBER = 4
};

/*
 * Calls on_row once per person whose permit has expired or expires
 * within q->days of q->at (of q->area's people when set), ordered by
 * grid_code (people without one last), permit_expiry and id_number.
 * Returns 0 or -1 with err as grid_permits_run (q->level unused).
 */
int grid_permits_list(struct grid_db *db, const struct grid_permits_query *q,
    grid_permits_row_fn on_row, void *ctx, struct grid_error *err);

#endif
