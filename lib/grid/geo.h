/*
 * geo.h - polygons of grids: rings, polygons with holes, multipolygons;
 * point location, area and bounding boxes.
 *
 * Coordinates are plain doubles (x = longitude or easting, y = latitude
 * or northing); no projection is done here, so areas are in squared
 * coordinate units.  The predicates are exact: a point is on an edge
 * only when it is on it in exact arithmetic, and two polygons that share
 * an edge never both claim, nor both miss, a point near it.
 *
 * Every ring object is valid: finite, closed, at least three distinct
 * points, non-zero area and no self-intersection (grid_ring_new checks).
 * How rings of a polygon lie to each other is checked by
 * grid_polygon_validate.  The structs may be read directly; change them
 * only through these functions.  Locating is read-only and can run from
 * several threads at once.
 */
#ifndef GRID_GEO_H
#define GRID_GEO_H

#include <stddef.h>

#include "grid/error.h"

struct grid_point {
	double x, y;
};

struct grid_bbox {
	double xmin, ymin, xmax, ymax;
};

struct grid_ring {
	struct grid_point *points;	/* owned; closed: last == first */
	size_t npoints;			/* including the closing point */
	struct grid_bbox bbox;
	double area;		/* shoelace: > 0 counter-clockwise */
};

struct grid_geo_index;			/* built by grid_multipolygon_prepare */

struct grid_polygon {
	struct grid_ring *rings;	/* owned; [0] outer, then holes */
	size_t nrings;
	struct grid_bbox bbox;		/* of all rings */
	struct grid_geo_index *index;	/* owned; NULL when not prepared */
};

struct grid_multipolygon {
	struct grid_polygon *polygons;	/* owned */
	size_t npolygons;
	struct grid_bbox bbox;
	int trusted;	/* read back from what was stored after validation
			 * (grid_geojson_stored): not checked again */
};

enum grid_geo_location {
	GRID_GEO_OUTSIDE = 0,
	GRID_GEO_INSIDE,
	GRID_GEO_BOUNDARY	/* on an edge or vertex of any ring */
};

/*
 * Returns a new ring with a copy of points[0..npoints-1], or NULL with
 * err (GRID_EDATA: not finite, fewer than 4 points, not closed, zero
 * area, crossing itself; text says which and where).  Consecutive
 * repeated points are dropped.
 */
struct grid_ring *grid_ring_new(const struct grid_point *points,
    size_t npoints, struct grid_error *err);
/* Frees ring and its points (NULL is allowed). */
void grid_ring_free(struct grid_ring *ring);
/*
 * Like grid_ring_new, for points read back from a polygon that was
 * validated when it was stored: the shape is checked (finite, closed, at
 * least three distinct points, non-zero area), self-intersection is not.
 */
struct grid_ring *grid_ring_new_trusted(const struct grid_point *points,
    size_t npoints, struct grid_error *err);

/* Returns a new polygon without rings, or NULL (out of memory). */
struct grid_polygon *grid_polygon_new(void);
/*
 * Takes over ring, which must not be used afterwards (it is freed on
 * failure too): the first ring taken is the outer ring, later ones are
 * holes.  Drops the polygon's index.  Returns 0, or -1 (out of memory).
 */
int grid_polygon_take_ring(struct grid_polygon *poly, struct grid_ring *ring,
    struct grid_error *err);
/*
 * Checks how the rings lie: no two rings cross or overlap (touching at
 * a point is allowed), no hole lies outside the outer ring, and no hole
 * inside another hole.  Polygons of a multipolygon overlapping each
 * other are not looked for.  Returns 0, or -1 with err (GRID_EDATA).
 */
int grid_polygon_validate(const struct grid_polygon *poly,
    struct grid_error *err);
/* Frees poly, its rings and index (NULL is allowed). */
void grid_polygon_free(struct grid_polygon *poly);

/* Returns a new empty multipolygon, or NULL (out of memory). */
struct grid_multipolygon *grid_multipolygon_new(void);
/*
 * Takes over poly (freed on failure too), which must have an outer ring.
 * Returns 0, or -1 with err (no rings, out of memory).
 */
int grid_multipolygon_take_polygon(struct grid_multipolygon *mp,
    struct grid_polygon *poly, struct grid_error *err);
/* grid_polygon_validate on each polygon; err names the polygon. */
int grid_multipolygon_validate(const struct grid_multipolygon *mp,
    struct grid_error *err);
/* Frees mp and everything in it (NULL is allowed). */
void grid_multipolygon_free(struct grid_multipolygon *mp);

/*
 * Where (x, y) lies: GRID_GEO_BOUNDARY on an edge or vertex of any ring
 * (hole rings included), else GRID_GEO_INSIDE in the interior (even-odd
 * rule), else GRID_GEO_OUTSIDE (also for NaN).  For a multipolygon,
 * INSIDE any polygon wins over BOUNDARY of another.  Uses the index when
 * the polygon was prepared; the answer is the same either way.
 */
enum grid_geo_location grid_polygon_locate(const struct grid_polygon *poly,
    double x, double y);
enum grid_geo_location grid_multipolygon_locate(
    const struct grid_multipolygon *mp, double x, double y);

/*
 * Builds an edge index for each polygon of mp with at least
 * GRID_GEO_INDEX_MIN_EDGES edges, so that locating a point costs about
 * log(edges) instead of edges.  Memory is proportional to the edges:
 * about 40 bytes an edge for compact shapes, up to about 110 for long
 * spikes.  mp is validated first.  Returns 0, or -1 with err
 * (GRID_EDATA: invalid polygon; GRID_EINTERNAL: out of memory).
 * Calling it again does nothing for polygons already indexed.
 */
int grid_multipolygon_prepare(struct grid_multipolygon *mp,
    struct grid_error *err);
#define GRID_GEO_INDEX_MIN_EDGES 32

/* Area, always >= 0: |outer| minus |holes|; for mp, the sum. */
double grid_polygon_area(const struct grid_polygon *poly);
double grid_multipolygon_area(const struct grid_multipolygon *mp);
/* Number of edges of every ring together. */
size_t grid_polygon_edges(const struct grid_polygon *poly);

/* Whether (x, y) lies in box, edges included (never for NaN). */
int grid_bbox_contains(const struct grid_bbox *box, double x, double y);

#endif
