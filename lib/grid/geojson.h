/*
 * geojson.h - grid polygons from and to GeoJSON (RFC 7946): Polygon and
 * MultiPolygon geometries, and FeatureCollections of grids whose code
 * is a property of each feature.
 *
 * Error texts name the place in words, numbered from 1 for polygons,
 * holes and points, and from 0 for features, as jq counts them:
 * "features[3] (code '110101001001'): polygon 2: hole 1: not closed:
 * first point (1, 2), last (1, 3)".
 */
#ifndef GRID_GEOJSON_H
#define GRID_GEOJSON_H

#include <stddef.h>

#include <jansson.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/geo.h"

/* The largest GeoJSON input read, in bytes (after decompression). */
#define GRID_GEOJSON_MAX ((size_t)1 << 30)

/*
 * Returns a new, validated multipolygon made from geometry (borrowed), a
 * GeoJSON Polygon or MultiPolygon object, or NULL with err (GRID_EDATA:
 * unsupported type, bad coordinates, invalid ring or polygon;
 * GRID_EINTERNAL: out of memory).  A third value in a position (height)
 * is ignored.
 */
struct grid_multipolygon *grid_geojson_geometry(const json_t *geometry,
    struct grid_error *err);

/*
 * Returns a new multipolygon read back from text that grid_geojson_write
 * wrote after the geometry was validated (grids.geometry): read without
 * building JSON objects, its rings checked for shape only and the result
 * marked trusted (grid_multipolygon_prepare does not validate it again).
 * Text of any other form is read and validated as grid_geojson_geometry
 * does.  NULL with err when it cannot be read.
 */
struct grid_multipolygon *grid_geojson_stored(const char *text,
    struct grid_error *err);

/*
 * One feature.  Everything is borrowed from the collection and valid
 * until the next grid_geojson_next or grid_geojson_free.
 */
struct grid_feature {
	size_t index;		/* in the "features" array, from 0 */
	const char *code;	/* the code property as text, or NULL */
	json_t *properties;	/* an object, or NULL */
	struct grid_multipolygon *geometry;	/* NULL when bad */
};

struct grid_geojson;

/*
 * Reads a FeatureCollection from path ("-": standard input; gzip is
 * read transparently).  code_field names the property holding each
 * feature's code; NULL when codes are not wanted.  Returns a new
 * collection, or NULL with err: GRID_ENOINPUT (cannot open), GRID_EIO
 * (read error), GRID_EDATA (not JSON, with line; not a
 * FeatureCollection; over GRID_GEOJSON_MAX bytes).
 */
struct grid_geojson *grid_geojson_load(const char *path,
    const char *code_field, struct grid_error *err);
/* The same from text[0..len-1]; source names it in errors (or NULL). */
struct grid_geojson *grid_geojson_parse(const char *text, size_t len,
    const char *source, const char *code_field, struct grid_error *err);
/* Number of features. */
size_t grid_geojson_count(const struct grid_geojson *gj);
/*
 * Moves to the next feature and points *feature at it.  Returns 1, or
 * 0 at the end.  A bad feature (no geometry, unsupported type, invalid
 * rings, no code or a code that is not a string or number) also returns
 * 1, with (*feature)->geometry NULL and err filled (GRID_EDATA, the
 * text naming the feature's index and code), so the caller can report
 * it and go on.  Returns -1 with err when out of memory.
 */
int grid_geojson_next(struct grid_geojson *gj,
    const struct grid_feature **feature, struct grid_error *err);
/*
 * Gives the current feature's geometry to the caller, who frees it with
 * grid_multipolygon_free; the feature's geometry becomes NULL.  Returns
 * NULL when there is none.
 */
struct grid_multipolygon *grid_geojson_take_geometry(struct grid_geojson *gj);
/* Frees gj and everything borrowed from it (NULL is allowed). */
void grid_geojson_free(struct grid_geojson *gj);

/*
 * Appends mp to buf as a GeoJSON geometry object on one line: a Polygon
 * when mp has one polygon, else a MultiPolygon.  Numbers are written
 * with the fewest digits that read back to the same double, so parsing
 * the text gives the same points.  Returns 0, or -1 with err (buf's cap
 * reached, out of memory), buf unchanged.
 */
int grid_geojson_write(struct grid_buf *buf,
    const struct grid_multipolygon *mp, struct grid_error *err);

#endif
