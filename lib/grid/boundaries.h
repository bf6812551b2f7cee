/*
 * boundaries.h - grid polygons loaded from GeoJSON into the database
 * (grids.geometry) and its R*Tree index (grid_rtree).
 */
#ifndef GRID_BOUNDARIES_H
#define GRID_BOUNDARIES_H

#include "grid/db.h"
#include "grid/error.h"

struct grid_boundaries_options {
	const char *code_field;	/* property holding the grid code */
	int dry_run;		/* check everything, write nothing */
	/*
	 * Called for each feature that cannot be loaded (err names the
	 * feature's index and code); return non-zero to stop: nothing is
	 * written then.
	 */
	int (*on_reject)(void *ctx, const struct grid_error *err);
	void *ctx;
};

struct grid_boundaries_stats {
	long features, loaded, unchanged, rejected;
};

/*
 * Loads the FeatureCollection at path ("-": standard input, gzip read
 * transparently): each good feature's geometry, validated (closed,
 * non-degenerate rings without self-intersection, holes inside), is
 * stored as GeoJSON text in its grid's row and indexed.  A feature whose
 * code is no grid, or repeats an earlier feature's code, is rejected.
 * One transaction: committed at the end unless dry_run or stopped.
 * Returns 0 (the file was read; stats->rejected may be > 0) or -1 with
 * err (unreadable file or database error; nothing written).
 */
int grid_boundaries_load(struct grid_db *db, const char *path,
    const struct grid_boundaries_options *opts,
    struct grid_boundaries_stats *stats, struct grid_error *err);

#endif
