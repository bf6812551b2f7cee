/*
 * assign.h - grid_code filled in the registers: from coordinates
 * (houses, orgs, components, cases) or from the house (people, and orgs
 * without coordinates).
 */
#ifndef GRID_ASSIGN_H
#define GRID_ASSIGN_H

#include "grid/db.h"
#include "grid/error.h"

/* One row whose grid changes (or would, in a dry run).  Borrowed. */
struct grid_assign_change {
	const char *table;
	const char *key;	/* the row's key (id, uscc, code, id_number) */
	const char *old_grid;	/* NULL when it had none */
	const char *new_grid;
	const char *source;	/* "point" or "house" */
	int has_point;		/* x and y: the row's point, else its */
	double x, y;		/* house's; has_point 0 when neither */
};

struct grid_assign_stats {
	long rows;		/* rows looked at */
	long changed;
	long unchanged;
	long outside;		/* point in no grid: left as it was */
	long unplaced;		/* no coordinates and no house grid */
};

struct grid_assign_options {
	int dry_run;		/* report, write nothing */
	void (*on_change)(void *ctx, const struct grid_assign_change *c);
	void *ctx;
};

/* 1 when table is one grid_assign_table can fill. */
int grid_assign_known(const char *table);

/*
 * Fills grid_code for every row of table (houses, orgs, components,
 * cases: from x and y with the grids' polygons, orgs without a point from
 * their house; people: from their house), in one transaction, calling
 * on_change for each row that changes.  A point in no grid leaves the
 * row as it was (counted as outside).  Returns 0, or -1 with err (nothing
 * written).
 */
int grid_assign_table(struct grid_db *db, const char *table,
    const struct grid_assign_options *opts, struct grid_assign_stats *stats,
    struct grid_error *err);

#endif
