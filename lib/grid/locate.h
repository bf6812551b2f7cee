/*
 * locate.h - which grid a point is in, and which columns of a sheet hold
 * the point.
 *
 * Points are placed in unit grids only: professional grids overlay them.
 * The rule (grid-assign(1), locate): a point inside a grid's polygon is in that grid; a
 * point on an edge or vertex shared by several grids, or inside grids
 * that overlap, goes to the lowest code; a point outside every polygon
 * (or in a hole) is in no grid.
 */
#ifndef GRID_LOCATE_H
#define GRID_LOCATE_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"

struct grid_locator;

/*
 * Loads every unit grid's polygon of db (grids.geometry) into memory,
 * with a cell index over them, for many lookups (a stream of records, a
 * whole table): most points are answered by one cell, without a polygon
 * test.  Memory: the polygons' points (16 bytes each), and about 32
 * cells a grid (4 bytes each, 8 more for each grid a cell lists).
 * Returns a new locator, or NULL with err (GRID_EDATA naming the grid
 * whose stored geometry is unreadable).
 */
struct grid_locator *grid_locator_new(struct grid_db *db,
    struct grid_error *err);

/* Frees the locator (NULL allowed). */
void grid_locator_free(struct grid_locator *loc);

/* The number of grids with a polygon. */
size_t grid_locator_size(const struct grid_locator *loc);

/*
 * The grid of the point (x, y).  Returns 1 and the code in *code
 * (borrowed from the locator), or 0 when the point is in no grid.
 */
int grid_locator_find(const struct grid_locator *loc, double x, double y,
    const char **code);

/*
 * grid_locator_find for n points at once: codes[i] is the code of
 * (x[i], y[i]) (borrowed from the locator) or NULL.  Faster than one at a
 * time: the memory of every point is fetched before any is tested.
 * Returns how many points are in a grid.
 */
size_t grid_locator_find_many(const struct grid_locator *loc, size_t n,
    const double *x, const double *y, const char **codes);

/*
 * The grid of one point, without loading every polygon: candidates come
 * from the grid_rtree index, then only their polygons are read.  Writes
 * the code to out (size n >= 16).  Returns 1, 0 (in no grid) or -1 with
 * err.
 */
int grid_locate_point(struct grid_db *db, double x, double y, char *out,
    size_t n, struct grid_error *err);

/*
 * Parses the text of a coordinate: a finite decimal number, nothing
 * else.  Returns 0, or -1 when it is empty or not a number.
 */
int grid_coordinate_parse(const char *text, double *value);

/*
 * Which coordinate a column (or an NDJSON key) named name holds, by the
 * names clerks give it: 'x' for x, lon, lng, longitude, 经度, 东经, X坐标,
 * 横坐标; 'y' for y, lat, latitude, 纬度, 北纬, Y坐标, 纵坐标; 0 for any
 * other name.  ASCII case, spaces and underscores do not count, nor do
 * the marks of a template's header that grid-import ignores: full-width
 * forms, blanks at the ends, a '*', (必填) or (选填), a ':' at the end.
 */
int grid_coordinate_name(const char *name);

/*
 * The names grid_coordinate_name knows for axis 'x' or 'y', separated
 * by '|' ("x|lon|..."); static.  NULL for another axis.
 */
const char *grid_coordinate_names(int axis);

#endif
