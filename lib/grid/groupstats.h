/*
 * groupstats.h - where a group of people lives (grid-stats(1)
 * groups): per unit of a level, the people who carry some tags
 * (elderly living alone, left-behind children, ...), perhaps only from
 * an age on, with the unit's population and their share of it.
 *
 * Units and people are those of popstats.h: every unit of the level in
 * regions (unit grids of grids) and every code people lead to, by code,
 * then one row for people without a grid when there are such; people
 * born after the reference date are not counted at all.  Nothing is
 * written to the database.
 */
#ifndef GRID_GROUPSTATS_H
#define GRID_GROUPSTATS_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/*
 * The columns of a row: level, unit, unit_name, people (the unit's
 * population), in_group (its people in the group), share (in_group over
 * people, percent, two decimals rounded half up; NULL when people is 0).
 * Borrowed, static; *n (when not NULL) gets the count.
 */
const struct grid_column *grid_groupstats_columns(size_t *n);
#define GRID_GROUPSTATS_NCOLUMN 6	/* their number */

/* What the group is. */
struct grid_groupstats_query {
	enum grid_level level;	/* GRID_LEVEL_GRID to _DISTRICT */
	const char *const *tags;	/* tags (canonical or Chinese label) */
	size_t ntags;		/* 1 to GRID_GROUPSTATS_MAX_TAGS */
	int any;		/* 0: people with every tag; 1: with any */
	int age_min;		/* only people aged age_min or more on at */
				/* (then a birth date is needed); -1: all */
	const char *at;		/* reference date; NULL: today */
	const char *area;	/* a code (area.h): only the units and */
				/* people in it; NULL: everywhere */
};
#define GRID_GROUPSTATS_MAX_TAGS 16
/* The longest tag code, in bytes with its '\0' (a code of GRID_CODE_MAX
 * characters, each up to 4 bytes of UTF-8). */
#define GRID_GROUPSTATS_TAG_MAX (4 * GRID_CODE_MAX + 1)

/* One row; values as popstats.h's: borrowed for the callback's time. */
typedef int (*grid_groupstats_row_fn)(void *ctx, const char *const *values);

/*
 * The columns of the list (an outreach list, for an SMS gateway; stable):
 * grid_code, id_number, name, phone, address (of the person's house_id,
 * houses.address).  Personal, given unmasked (the caller masks them:
 * grid_mask_idno, grid_mask_phone): id_number, phone, address.
 * Borrowed, static; *n (when not NULL) gets the count.
 */
const struct grid_column *grid_groupstats_list_columns(size_t *n);
#define GRID_GROUPSTATS_LIST_NCOLUMN 5
enum {
	GRID_GROUPSTATS_ID_NUMBER = 1, GRID_GROUPSTATS_PHONE = 3,
	GRID_GROUPSTATS_ADDRESS = 4
};

/*
 * Calls on_row once per unit, in order; with q->area, per unit of the
 * level inside the area, counting its people only (as popstats.h).
 * Returns 0, or -1 with err: GRID_EUSAGE for a bad level (field
 * "level"), date ("at"), tag or number of tags ("tag"), or age
 * ("age_min"), a malformed area or a level above it ("in", "level");
 * GRID_EDATA for an area the database does not hold; database errors;
 * code 0 when on_row stopped the run.
 */
int grid_groupstats_run(struct grid_db *db,
    const struct grid_groupstats_query *q, grid_groupstats_row_fn on_row,
    void *ctx, struct grid_error *err);

/*
 * Calls on_row once per person of the group (of q->area's people when
 * set; q->level unused), ordered by grid_code (people without one last)
 * and id_number; the values are those of grid_groupstats_list_columns,
 * NULL when empty.  Returns 0 or -1 with err as grid_groupstats_run.
 */
int grid_groupstats_list(struct grid_db *db,
    const struct grid_groupstats_query *q, grid_groupstats_row_fn on_row,
    void *ctx, struct grid_error *err);

#endif
