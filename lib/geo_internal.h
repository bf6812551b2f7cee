/*
 * geo_internal.h - what geo.c and geolocate.c share; private to lib/,
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

#endif
