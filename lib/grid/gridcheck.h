/*
 * gridcheck.h - checks of the grid layer (grid_check_*): grids that
 * overlap, gaps inside a community, grids without or with an unreadable
 * polygon, grids whose community is not in regions; and the load of each
 * grid (people, houses, orgs, components) with its spread per community.
 *
 * Polygon overlay is done by GEOS (its reentrant C API, one context per
 * run), candidate pairs come from an STRtree built over the polygons, so
 * no run compares every pair.  Areas are in squared coordinate units, as
 * in geo.h.  Overlap, gap and load look at unit grids only: professional
 * grids overlay unit grids by design.  Nothing is written to the database.
 */
#ifndef GRID_GRIDCHECK_H
#define GRID_GRIDCHECK_H

#include "grid/db.h"
#include "grid/error.h"

/* The checks, in the order their findings are reported. */
enum grid_check_kind {
	GRID_CHECK_ORPHAN = 1 << 0,	/* community_code not in regions */
	GRID_CHECK_NO_POLYGON = 1 << 1,	/* geometry NULL or blank */
	GRID_CHECK_BAD_POLYGON = 1 << 2, /* geometry unreadable or invalid */
	GRID_CHECK_OVERLAP = 1 << 3,	/* two unit grids' interiors meet */
	GRID_CHECK_GAP = 1 << 4		/* a hole in a community's grids */
};
#define GRID_CHECK_ALL 0x1f
#define GRID_CHECK_NKINDS 5

/*
 * Overlaps and gaps of this area or less are not reported (floating-point
 * slivers): about 1 m2 when coordinates are degrees, nothing when they
 * are metres.
 */
#define GRID_CHECK_DEFAULT_TOLERANCE 1e-10

/* "orphan", "no_polygon", "bad_polygon", "overlap", "gap"; "" if unknown. */
const char *grid_check_name(enum grid_check_kind kind);
/* The reverse of grid_check_name; 0 when name is not a check. */
enum grid_check_kind grid_check_parse(const char *name);
/* The index of a single kind in 0..GRID_CHECK_NKINDS-1 (its order). */
int grid_check_index(enum grid_check_kind kind);

/*
 * One finding, borrowed: valid during the callback only.  Strings are
 * NULL when they do not apply; numbers are NaN when they do not apply.
 */
struct grid_check_finding {
	enum grid_check_kind kind;
	const char *community_code;	/* of grid_code; of the gap */
	const char *grid_code;		/* NULL for a gap */
	const char *other_grid_code;	/* overlap: the higher code */
	double area;			/* overlap, gap */
	double x, y;			/* overlap, gap: a point inside it */
	const char *detail;		/* a short text for people */
};

/*
 * Called once per finding; returning non-zero stops the run, which then
 * fails with err->code 0 (the caller knows why it stopped).
 */
typedef int (*grid_check_finding_fn)(void *ctx,
    const struct grid_check_finding *finding);

struct grid_check_options {
	unsigned checks;	/* or of enum grid_check_kind; 0: all */
	double tolerance;	/* < 0: GRID_CHECK_DEFAULT_TOLERANCE */
	grid_check_finding_fn on_finding;
	void *ctx;
};

struct grid_check_stats {
	long grids;		/* rows of grids */
	long polygons;		/* geometries read and valid */
	long found[GRID_CHECK_NKINDS];	/* by grid_check_index */
};

/*
 * Runs the checks of opts on db and calls opts->on_finding for each
 * finding, ordered by kind (the order of enum grid_check_kind), then:
 * orphan, no_polygon, bad_polygon by grid code; overlap by the pair of
 * codes (lower first); gap by community code, then x, then y.  Polygons
 * are read (and bad ones reported) whenever overlap, gap or bad_polygon
 * is asked for; a bad polygon is left out of the overlap and gap checks.
 * A gap is a hole in the union of a community's unit grids, less what
 * any other unit grid covers (an enclave of another community is no
 * gap).  stats (may be NULL) is filled.  Returns 0, or -1 with err
 * (database errors, GEOS failures as GRID_EINTERNAL, out of memory).
 */
int grid_check_run(struct grid_db *db, const struct grid_check_options *opts,
    struct grid_check_stats *stats, struct grid_error *err);

/*
 * The load of one unit grid (grid_code set), or the summary of a
 * community (grid_code NULL) after its grids: grids is the number of
 * unit grids, the counts are totals, and min, max, mean and cv describe
 * people per grid (cv = population standard deviation / mean; NaN when
 * the mean is 0).  For a grid, grids is 1, min = max = mean = people and
 * cv is NaN.  unit_name is the grid's name (grids.name) or the
 * community's (regions.name); NULL when it has none.  Borrowed: valid
 * during the callback only.
 */
struct grid_load {
	const char *community_code;
	const char *grid_code;
	long grids;
	long people, houses, orgs, components;
	long people_min, people_max;
	double people_mean, people_cv;
	const char *unit_name;
};

/* Called once per row of the load report; non-zero stops, as above. */
typedef int (*grid_load_fn)(void *ctx, const struct grid_load *load);

/*
 * The load report: for each community (by code), one row per unit grid
 * (by code), then the community's summary.  People are counted by their
 * grid_code, as are houses, orgs and components.  Memory does not grow
 * with the number of grids.  Returns 0, or -1 with err.
 */
int grid_check_load(struct grid_db *db, grid_load_fn on_load, void *ctx,
    struct grid_error *err);

#endif
