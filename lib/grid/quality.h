/*
 * quality.h - data quality checks over the registers (grid-stats(1)
 * quality): people without a house or grid, houses without
 * coordinates or grid, references to rows that do not exist, ID numbers
 * and credit codes that fail their check, the same ID number twice, the
 * same person in two households, unit grids without a worker, people not
 * updated for over a year.  Rows can come in by plain SQL with foreign
 * keys off or before validation existed: every check reads the tables as
 * they are.  Nothing is written to the database.
 *
 * The checks, by key (each counts rows of one table; "key" and "value"
 * are what a listed row shows, "grid" the grid code --by groups it by):
 *   person_no_grid   people, grid_code NULL or ''; key id_number, grid
 *                    the grid of the person's house
 *   person_no_house  people, house_id NULL or ''
 *   house_no_grid    houses, grid_code NULL or ''; value address
 *   house_no_xy      houses, x or y NULL; value address
 *   ref_<table>_<column>  a value of the column that names no row of the
 *                    table it refers to (value: the dangling value):
 *                    people.household_id, .house_id, .grid_code;
 *                    houses.grid_code; households.house_id,
 *                    .head_id_number (a head not in people);
 *                    grids.community_code (not a community of regions);
 *                    workers.dept_code; worker_grids.worker_id,
 *                    .grid_code; person_tags.id_number; orgs.house_id,
 *                    .grid_code; components.grid_code;
 *                    cases.grid_code, .org_uscc, .category_code;
 *                    visits.worker_id, .id_number, .house_id
 *   bad_id_number    people of id_type resident_id whose id_number is
 *                    not a valid 18-character number in canonical form
 *                    (grid_idno_parse fails: shape, date, check digit;
 *                    or it is a legacy 15-digit number, or has a
 *                    lower-case x); value the reason
 *   bad_uscc         orgs whose uscc fails grid_uscc_check or is not in
 *                    canonical (upper-case) form; value the reason
 *   dup_id_number    people whose id_number, made canonical (upgraded
 *                    from 15 digits, x upper-cased), equals another
 *                    row's: every row of such a group; value the
 *                    canonical number
 *   two_households   a person (ID number) linked to two households or
 *                    more: registered in one (people.household_id)
 *                    while head of another (households.head_id_number),
 *                    or head of two; one row per person; value the
 *                    household ids, comma-separated, in order
 *   grid_no_worker   unit grids (kind unit) with no worker_grids row of
 *                    an existing worker; key and grid the grid code,
 *                    value its name
 *   stale_person     people whose updated_at is more than a year before
 *                    now (grid_now, so $GRID_NOW: the same local time a
 *                    year earlier; 29 February gives 1 March), or cannot
 *                    be read as a time; value updated_at.  people is
 *                    the only register with an updated_at.
 */
#ifndef GRID_QUALITY_H
#define GRID_QUALITY_H

#include <stddef.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"

/* One check.  Static: never freed. */
struct grid_quality_check {
	const char *key;	/* "person_no_grid", ... */
	const char *label;	/* Chinese label for people */
	const char *table;	/* the table whose rows it counts */
	int key_personal;	/* key is an ID number: mask it */
	int value_personal;	/* value is an ID number: mask it */
};

/* The number of checks. */
size_t grid_quality_count(void);
/* The i-th check, in report order; NULL past the end.  Static. */
const struct grid_quality_check *grid_quality_at(size_t i);
/* The check of that key, or NULL.  Static. */
const struct grid_quality_check *grid_quality_find(const char *key);

/*
 * A count: check's rows, in unit (NULL without a level, and for the
 * rows without a grid at a level) named unit_name (NULL when unknown).
 * Borrowed: valid during the callback only.  Returning non-zero stops
 * the run, which then fails with err->code 0.
 */
struct grid_quality_count {
	const struct grid_quality_check *check;
	const char *level;		/* NULL without a level */
	const char *unit, *unit_name;
	long long count;
};
typedef int (*grid_quality_count_fn)(void *ctx,
    const struct grid_quality_count *c);

/* What to count or list. */
struct grid_quality_query {
	enum grid_level level;	/* grid_quality_run: GRID_LEVEL_NONE, or */
				/* the units to count in (below) */
	const char *check;	/* only this check's key; NULL: every one */
	const char *area;	/* a code (area.h): only the rows whose */
				/* grid lies in it; NULL: every row */
};

/*
 * Counts the rows of each check (q->check: that check alone; NULL: every
 * check, in order).  q->level GRID_LEVEL_NONE: one count per check, zeros
 * included.  GRID_LEVEL_GRID, _COMMUNITY, _STREET, _DISTRICT: per check,
 * one count per unit (the first 6, 9, 12 characters of the row's grid,
 * or all of it) that has rows, by unit code, then the rows without a
 * grid (unit NULL) when there are any; a check without rows gives
 * nothing.  Unit names from regions or grids.  With q->area, only the
 * rows whose grid (as above) lies in the area count: rows without one
 * are in no area.  Returns 0, or -1 with err: GRID_EUSAGE for a bad
 * level, an unknown check, a malformed area or a level above it (field
 * "level", "check", "in"), GRID_EDATA for an area the database does not
 * hold, database errors, code 0 when on_count stopped the run.
 */
int grid_quality_run(struct grid_db *db, const struct grid_quality_query *q,
    grid_quality_count_fn on_count, void *ctx, struct grid_error *err);

/*
 * One row found by a check.  key and value as above (value NULL when
 * none); grid_code NULL when none.  Unmasked: the caller masks a
 * personal key or value (grid_mask_idno) unless told to reveal it.
 * Borrowed: valid during the callback only.
 */
struct grid_quality_item {
	const struct grid_quality_check *check;
	const char *key, *grid_code, *value;
	const char *db;		/* grid_quality_ids_list: the database's */
				/* path; otherwise NULL */
};
typedef int (*grid_quality_item_fn)(void *ctx,
    const struct grid_quality_item *item);

/*
 * Calls on_item for each row found by each check (q->check, or every
 * check in order), only those whose grid lies in q->area when it is set;
 * within a check by grid_code (NULL last), then key.  q->level is not
 * used.  Returns 0 or -1 as grid_quality_run.
 */
int grid_quality_list(struct grid_db *db,
    const struct grid_quality_query *q, grid_quality_item_fn on_item,
    void *ctx, struct grid_error *err);

/*
 * dup_id_districts, a check of several databases (a city's districts):
 * the same ID number, made canonical as for dup_id_number, in the people
 * of two databases or more; every such row, key the ID number as stored,
 * value the canonical number, grid the person's grid.  Its description
 * (static; not one of grid_quality_at's, which read one database).
 */
const struct grid_quality_check *grid_quality_across(void);

/*
 * The people of several databases, gathered for dup_id_districts in a
 * temporary file: grid_quality_ids_new, then grid_quality_ids_add for
 * each database in order (names: also the names of its places, for the
 * counts per unit; the first database's name of a code is kept), then
 * grid_quality_ids_list or grid_quality_ids_run, then
 * grid_quality_ids_free (NULL is allowed).
 *
 * _list calls on_item for each row found whose grid lies in area (a
 * code, NULL: every row), by grid (NULL last), key, database; item->db
 * is the path of the row's database.  _run counts them: level
 * GRID_LEVEL_NONE, one count (zero included); a level, one per unit with
 * rows (as grid_quality_run: the first 6, 9, 12 characters of the grid,
 * or all of it; the rows without a grid last, unit NULL), named from the
 * places gathered.  Each returns 0, or -1 with err (GRID_EINTERNAL for
 * the temporary file, database errors, code 0 when the callback stopped
 * the run).
 */
struct grid_quality_ids;
struct grid_quality_ids *grid_quality_ids_new(struct grid_error *err);
int grid_quality_ids_add(struct grid_quality_ids *ids, struct grid_db *db,
    int names, struct grid_error *err);
int grid_quality_ids_list(struct grid_quality_ids *ids, const char *area,
    grid_quality_item_fn on_item, void *ctx, struct grid_error *err);
int grid_quality_ids_run(struct grid_quality_ids *ids, enum grid_level level,
    const char *area, grid_quality_count_fn on_count, void *ctx,
    struct grid_error *err);
void grid_quality_ids_free(struct grid_quality_ids *ids);

#endif
