/*
 * map.h - the places of rows on a map: each unit's outline (the union
 * of its grids' polygons, grids.geometry, with GEOS), GeoJSON features
 * (RFC 7946) of rows with a place, and a self-contained SVG map of units
 * coloured by a figure, with its legend.
 *
 * A unit is named by its code, which its grids' codes begin with
 * (levels.h): a grid's own code, a community's 12 digits, a street's 9,
 * a district's 6 (a city's: its first 4, then "00").
 */
#ifndef GRID_MAP_H
#define GRID_MAP_H

#include <stddef.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/geo.h"
#include "grid/writer.h"

struct grid_db;
struct grid_map;

/*
 * Reads the polygons of the grids whose code begins with within (NULL
 * or "": every grid) from db (borrowed only during the call), and the
 * coordinate system (gridkit(7), SETTINGS coordinate_system: the setting,
 * or auto, from the stored points).  Returns a new map (grid_map_free),
 * or NULL with err (GRID_EDATA: a stored polygon that cannot be read,
 * naming the grid; GRID_EINTERNAL).  Grids without a polygon are left
 * out.
 */
struct grid_map *grid_map_load(struct grid_db *db, const char *within,
    struct grid_error *err);
/* Frees map (NULL allowed). */
void grid_map_free(struct grid_map *map);
/* The number of grids with a polygon. */
size_t grid_map_count(const struct grid_map *map);
/*
 * 1 when the coordinates are WGS84 longitude and latitude in degrees
 * (what RFC 7946 requires), 0 when they are in another system; *why
 * (may be NULL) says how that was decided (static text).
 */
int grid_map_degrees(const struct grid_map *map, const char **why);

/*
 * The outline of unit code: a grid's own polygon, or the union of the
 * polygons of every grid under the code.  Returns a new multipolygon
 * (outer rings counter-clockwise, holes clockwise), or NULL: with
 * err->code 0 when no grid of the unit has a polygon, else with err.
 */
struct grid_multipolygon *grid_map_outline(struct grid_map *map,
    const char *code, struct grid_error *err);

/*
 * Appends the GeoJSON geometry of unit code to buf: a grid's polygon as
 * it is stored, a higher unit's outline as a MultiPolygon.  Returns 1,
 * 0 when the unit has no polygon (nothing appended), or -1 with err.
 */
int grid_map_geometry(struct grid_map *map, const char *code,
    struct grid_buf *buf, struct grid_error *err);

/* Appends a GeoJSON Point; 0, or -1 with err (buf's cap). */
int grid_geojson_point(struct grid_buf *buf, double x, double y,
    struct grid_error *err);

/*
 * Appends one GeoJSON Feature on one line (no line end): geometry the
 * text of a geometry object (NULL: "geometry":null), properties the
 * row's ncolumns values under the columns' names (NULL: null; integer
 * and real columns as JSON numbers when the text is a number, else as
 * strings; text columns always strings).  0, or -1 with err.
 */
int grid_geojson_feature(struct grid_buf *buf, const char *geometry,
    const struct grid_column *columns, const char *const *values,
    size_t ncolumns, struct grid_error *err);

/* One unit on an SVG map. */
struct grid_map_unit {
	const char *code;	/* its code (borrowed) */
	const char *name;	/* its name, or NULL */
	const char *value;	/* the figure as text; NULL or "": none */
};

/* How a map is drawn. */
struct grid_map_style {
	const char *title;	/* the figure's name, over the legend */
	int categorical;	/* 1: values are classes (grades), each its
				 * own colour, in sorted order; 0: numbers,
				 * in up to 5 classes of about equal count */
	int higher_better;	/* numbers: 1 darkest is best (a score) */
	int width;		/* of the SVG in pixels; 0: 720 */
};

/* The most classes a map has, and their colours (light to dark). */
#define GRID_MAP_CLASSES 5

/*
 * Appends to svg one <svg> element (no XML declaration, nothing
 * fetched): each of the n units with a polygon as one <path> (class
 * "unit", its code in data-code, name and value in a <title>), filled
 * by its class on a light-to-dark scale that reads in grey print too,
 * units without a value hatched, and a legend (the classes' bounds or
 * names, and "no value").  The outlines are projected to the box
 * (longitude shortened by the cosine of the middle latitude when in
 * degrees) and simplified to half a pixel.  The codes of units without
 * a polygon are appended to missing (NULL: not wanted), "name (code)"
 * separated by "、".  Returns the number of units drawn, or -1 with err.
 */
long grid_map_svg(struct grid_map *map, const struct grid_map_unit *units,
    size_t n, const struct grid_map_style *style, struct grid_buf *svg,
    struct grid_buf *missing, struct grid_error *err);

#endif
