/*
 * popstats.h - population statistics per unit of the space hierarchy
 * (grid-stats(1), doc/domain.md section 6): people by sex, households,
 * age bands, the shares aged 60+ and 65+ with the ageing stage, the three
 * dependency ratios, floating and overseas people, the floating people
 * in rented houses, and a count per tag.
 *
 * Ages are in completed years on the reference date: a person born on
 * 29 February reaches a new age on 1 March in other years.  birth_date is
 * read as the schema stores it (YYYY-MM-DD text); a person born after the
 * reference date is not counted at all (not yet part of the population),
 * one without a birth date is counted everywhere but in the age bands.
 * Nothing is written to the database.
 */
#ifndef GRID_POPSTATS_H
#define GRID_POPSTATS_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/*
 * The columns of a row, in order: level, unit, unit_name, people, male,
 * female, households, age_0_14, age_15_59, age_60_64, age_65_79,
 * age_80_plus, aged_60_share, aged_65_share, ageing_stage,
 * dependency_total, dependency_child, dependency_old, floating, overseas,
 * then tag_<tag> for each value of the "tag" vocabulary (vocab.h), in its
 * order, then floating_share, overseas_share, floating_rented and
 * floating_rented_share (after the tags, so that the manual\'s keys keep
 * their order).  Typed for grid_writer_new.
 * Borrowed, static; *n (when not NULL) gets the count.  The first call
 * fills the tag names: make it before starting threads.
 */
const struct grid_column *grid_popstats_columns(size_t *n);

/* The fixed columns before the tag counts. */
#define GRID_POPSTATS_FIXED 20

/*
 * One row: values[i] is the value of column i of grid_popstats_columns,
 * text, NULL when empty.  Counts are integers.  Shares and ratios are
 * percentages with two decimals, rounded half up ("14.29"):
 *   aged_60_share, aged_65_share  people aged 60+ or 65+ over the people
 *       with a birth date (= people when every birth date is known);
 *       NULL when there is none;
 *   ageing_stage  by the exact 65+ share (not the rounded text): "none"
 *       below 7 %, "ageing" from 7 %, "aged" from 14 %, "super_aged" from
 *       20 %; NULL with the shares;
 *   dependency_total, _child, _old  (0-14 + 65+), 0-14 and 65+ over the
 *       people aged 15-64; NULL when there is none;
 *   floating_share, overseas_share  floating or overseas people over the
 *       people; NULL when there is none;
 *   floating_rented  the floating people (residence floating) whose
 *       house_id is a house with rented = 1 (以房管人: the rented house
 *       leads to its tenants); floating_rented_share  them over the
 *       floating people; NULL when there is none.
 * households counts distinct household_id among the unit's people.
 * Borrowed: valid during the callback only.  Returning non-zero stops
 * the run, which then fails with err->code 0 (the caller knows why).
 */
typedef int (*grid_popstats_row_fn)(void *ctx, const char *const *values);

/* What to count. */
struct grid_popstats_query {
	enum grid_level level;	/* GRID_LEVEL_GRID, _COMMUNITY, _STREET */
				/* or _DISTRICT; not used by the pyramid */
	const char *at;		/* reference date; NULL: today */
	const char *area;	/* a code (area.h): only the people whose */
				/* grid_code lies in it; NULL: everyone */
};

/*
 * Calls on_row once per unit of q->level, ordered by unit code.  Units
 * are the codes of that level in regions (for grids: the unit grids of
 * grids), each with its name (regions.name, grids.name), so a unit
 * without people has a row of zeros; and every code people's grid_code
 * leads to (its first 6, 9 or 12 characters, or all of it), named or not.
 * People without a grid_code are counted in one last row whose unit and
 * unit_name are NULL, present only when there are such people: the rows
 * of a level always add up to the whole register.
 *
 * With q->area, the units are those of the level inside the area (the
 * area itself when it is of the level) and only its people count: the
 * rows add up to the area's people, and no row is without a grid.
 *
 * q->at is the reference date for ages (any spelling grid_date_parse
 * accepts), NULL for today (grid_today, so $GRID_NOW).  Returns 0, or -1
 * with err: GRID_EUSAGE for a bad level or date (field "level" or "at"),
 * a malformed area or a level above it (grid_area_resolve: field "in" or
 * "level"), GRID_EDATA for an area the database does not hold, database
 * errors, or code 0 when on_row stopped the run.
 */
int grid_popstats_run(struct grid_db *db,
    const struct grid_popstats_query *q, grid_popstats_row_fn on_row,
    void *ctx, struct grid_error *err);

/*
 * The population pyramid of the register (of the people of q->area when
 * it is set): people with a sex and a birth date, by 5-year bands of
 * their age in completed years on q->at (NULL: today): male[i] and
 * female[i] (arrays of GRID_POPSTATS_NBANDS, filled) count band i, "0-4"
 * to "95-99", then "100+".  People born after the date, without a birth
 * date or a sex are left out.  Returns 0, or -1 with err (GRID_EUSAGE,
 * field "at", for a bad date; the area's errors as grid_popstats_run).
 */
#define GRID_POPSTATS_NBANDS 21
int grid_popstats_pyramid(struct grid_db *db,
    const struct grid_popstats_query *q, long long *male, long long *female,
    struct grid_error *err);

/* The label of band i ("0-4", ..., "100+"); NULL past the last.  Static. */
const char *grid_popstats_band(size_t i);

#endif
