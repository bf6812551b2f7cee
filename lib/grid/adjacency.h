/*
 * adjacency.h - when two unit grids are neighbours, for keeping a
 * worker's grids together: their polygons share an edge, or, when the
 * polygons are not known, their sequence numbers follow each other (grids
 * are numbered west to east, north to south: doc/domain.md section 1.1).
 */
#ifndef GRID_ADJACENCY_H
#define GRID_ADJACENCY_H

#include "grid/geo.h"

/*
 * 1 when the polygons' boundaries share a stretch of line of positive
 * length (touching at a corner is not enough), else 0.  Edges are taken
 * as shared when they lie on each other within 1e-9 of the coordinates'
 * magnitude (about 1 cm in degrees), so an edge split by a vertex on one
 * side only, or a rounding error apart, still counts.  a and b are
 * borrowed; NULL is never a neighbour.
 */
int grid_adjacency_polygons(const struct grid_multipolygon *a,
    const struct grid_multipolygon *b);

/*
 * 1 when a and b are grid codes (14 or 15 digits) of the same community
 * whose sequence numbers differ by one, else 0.
 */
int grid_adjacency_codes(const char *a, const char *b);

#endif
