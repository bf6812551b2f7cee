/*
 * geo_internal.h - what geo.c and geo_locate.c share; private to lib/,
 * never included by the tools.  (Could move into internal.h.)
 */
#ifndef GRID_GEO_INTERNAL_H
#define GRID_GEO_INTERNAL_H

#include "grid/geo.h"

/*
 * 1 when c lies left of the line a->b (counter-clockwise), -1 right, 0
 * on the line.  Exact, for coordinates up to 1e15 in magnitude.
 */
int gridi_geo_orient(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c);
/* Where p lies with respect to ring alone. */
enum grid_geo_location gridi_geo_ring_locate(const struct grid_ring *ring,
    const struct grid_point *p);
/* Frees an edge index (NULL is allowed). */
void gridi_geo_index_free(struct grid_geo_index *ix);

/*
 * A multipolygon flattened into one array of slots, for locating many
 * points with few cache misses (grid_locator): its box (two slots: the
 * lower-left and upper-right corners), the number of polygons, then for
 * each polygon its number of rings and for each ring its number of
 * points followed by the points.  gridi_geo_flat_size says how many
 * slots; gridi_geo_flat_fill writes them (mp is only read);
 * gridi_geo_flat_locate answers as grid_multipolygon_locate does, by the
 * crossing number over every edge (no edge index: meant for small
 * polygons).
 */
union gridi_geo_slot {
	struct grid_point p;
	size_t n;
};

size_t gridi_geo_flat_size(const struct grid_multipolygon *mp);
void gridi_geo_flat_fill(const struct grid_multipolygon *mp,
    union gridi_geo_slot *f);
enum grid_geo_location gridi_geo_flat_locate(const union gridi_geo_slot *f,
    double x, double y);

#endif
