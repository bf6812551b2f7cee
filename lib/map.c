/*
 * map.c - the places of rows on a map (grid/map.h): the grids' polygons
 * read once, each unit's outline as the union of its grids' (GEOS),
 * GeoJSON features of rows, and an SVG map of units coloured by a
 * figure.
 *
 * One GEOS context per map, its messages kept in the map, so the module
 * is reentrant and GEOS never prints.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>
#include <sqlite3.h>

#include "grid/db.h"
#include "grid/geojson.h"
#include "grid/map.h"
#include "grid/open311.h"
#include "internal.h"

struct map_grid {
	char *code;
	char *text;			/* the stored geometry */
	struct grid_multipolygon *mp;
	GEOSGeometry *geos;		/* made when first needed */
};

struct grid_map {
	struct map_grid *grids;		/* sorted by code */
	size_t n;
	int degrees;
	const char *why;
	GEOSContextHandle_t geos;
	char geos_text[256];
	unsigned long svgs;		/* maps drawn: ids of their patterns */
};

static void
geos_message(const char *message, void *data)
{
	struct grid_map *map = data;

	snprintf(map->geos_text, sizeof(map->geos_text), "%s", message);
}

static int
no_memory(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* ---- loading ---- */

static const char grids_sql[] =
"SELECT code, geometry FROM grids WHERE geometry IS NOT NULL "
"AND substr(code, 1, length(?1)) = ?1 ORDER BY code";

static int
add_grid(struct grid_map *map, size_t *cap, const char *code,
    const char *text, struct grid_error *err)
{
	struct map_grid *g;
	struct grid_error e;

	if (map->n == *cap) {
		size_t more = *cap ? 2 * *cap : 64;

		if ((g = realloc(map->grids, more * sizeof(*g))) == NULL)
			return no_memory(err);
		map->grids = g;
		*cap = more;
	}
	g = &map->grids[map->n];
	memset(g, 0, sizeof(*g));
	if ((g->mp = grid_geojson_stored(text, &e)) == NULL)
		return grid_error_set(err, e.code != 0 ? e.code : GRID_EDATA,
		    NULL, 0, "geometry", "grid %s: %s", code, e.text);
	if ((g->code = strdup(code)) == NULL ||
	    (g->text = strdup(text)) == NULL) {
		free(g->code);
		grid_multipolygon_free(g->mp);
		return no_memory(err);
	}
	map->n++;
	return 0;
}

struct grid_map *
grid_map_load(struct grid_db *db, const char *within,
    struct grid_error *err)
{
	struct grid_map *map;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc, coords;

	if ((map = calloc(1, sizeof(*map))) == NULL) {
		no_memory(err);
		return NULL;
	}
	if ((map->geos = GEOS_init_r()) == NULL) {
		free(map);
		no_memory(err);
		return NULL;
	}
	GEOSContext_setErrorMessageHandler_r(map->geos, geos_message, map);
	if ((coords = grid_o311_coords(db, &map->why, err)) < 0)
		goto fail;
	map->degrees = coords == GRID_O311_WGS84;
	if (grid_db_prepare(db, grids_sql, &st, err) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, within != NULL ? within : "", -1,
	    SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);

		if (code == NULL || text == NULL || text[0] == '\0')
			continue;
		if (add_grid(map, &cap, code, text, err) != 0)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		grid_db_error(db, rc, "reading grid polygons", err);
		goto fail;
	}
	sqlite3_finalize(st);
	return map;
fail:
	sqlite3_finalize(st);
	grid_map_free(map);
	return NULL;
}

void
grid_map_free(struct grid_map *map)
{
	size_t i;

	if (map == NULL)
		return;
	for (i = 0; i < map->n; i++) {
		free(map->grids[i].code);
		free(map->grids[i].text);
		grid_multipolygon_free(map->grids[i].mp);
		if (map->grids[i].geos != NULL)
			GEOSGeom_destroy_r(map->geos, map->grids[i].geos);
	}
	free(map->grids);
	GEOS_finish_r(map->geos);
	free(map);
}

size_t
grid_map_count(const struct grid_map *map)
{
	return map->n;
}

int
grid_map_degrees(const struct grid_map *map, const char **why)
{
	if (why != NULL)
		*why = map->why;
	return map->degrees;
}

/* ---- a unit's grids ---- */

/*
 * The grids of unit code: [*lo, *hi) of map->grids.  A city's code
 * (6 digits ending in "00") holds the grids of its first 4.
 */
static void
unit_range(const struct grid_map *map, const char *code, size_t *lo,
    size_t *hi)
{
	size_t len = strlen(code), a = 0, b = map->n, mid;

	if (len == 6 && strcmp(code + 4, "00") == 0)
		len = 4;
	while (a < b) {
		mid = a + (b - a) / 2;
		if (strncmp(map->grids[mid].code, code, len) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	for (b = a; b < map->n && strncmp(map->grids[b].code, code,
	    len) == 0; b++)
		;
	*hi = len > 0 ? b : a;
}

/* 1 when [lo, hi) is the one grid whose code is code. */
static int
is_the_grid(const struct grid_map *map, size_t lo, size_t hi,
    const char *code)
{
	return hi == lo + 1 && strcmp(map->grids[lo].code, code) == 0;
}

static int
geos_fail(struct grid_map *map, const char *what, const char *code,
    struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "%s %s: geos: %s", what, code, map->geos_text[0] != '\0' ?
	    map->geos_text : "failed");
}

static GEOSGeometry *
geos_ring(struct grid_map *map, const struct grid_ring *ring)
{
	GEOSCoordSequence *seq;
	size_t i;

	seq = GEOSCoordSeq_create_r(map->geos, (unsigned)ring->npoints, 2);
	if (seq == NULL)
		return NULL;
	for (i = 0; i < ring->npoints; i++)
		if (GEOSCoordSeq_setXY_r(map->geos, seq, (unsigned)i,
		    ring->points[i].x, ring->points[i].y) == 0) {
			GEOSCoordSeq_destroy_r(map->geos, seq);
			return NULL;
		}
	return GEOSGeom_createLinearRing_r(map->geos, seq);
}

static GEOSGeometry *
geos_polygon(struct grid_map *map, const struct grid_polygon *poly)
{
	GEOSGeometry *shell, **holes, *out;
	size_t i, nholes = poly->nrings - 1;

	if ((shell = geos_ring(map, &poly->rings[0])) == NULL)
		return NULL;
	if ((holes = calloc(nholes + 1, sizeof(*holes))) == NULL) {
		GEOSGeom_destroy_r(map->geos, shell);
		return NULL;
	}
	for (i = 0; i < nholes; i++)
		if ((holes[i] = geos_ring(map, &poly->rings[i + 1])) == NULL)
			break;
	if (i == nholes) {
		/* GEOS takes the rings over */
		out = GEOSGeom_createPolygon_r(map->geos, shell, holes,
		    (unsigned)nholes);
		free(holes);
		return out;
	}
	GEOSGeom_destroy_r(map->geos, shell);
	while (i-- > 0)
		GEOSGeom_destroy_r(map->geos, holes[i]);
	free(holes);
	return NULL;
}

/* The grid's polygons as a GEOS MultiPolygon, kept in the grid. */
static const GEOSGeometry *
grid_geos(struct grid_map *map, struct map_grid *g)
{
	GEOSGeometry **parts;
	size_t i, n = g->mp->npolygons;

	if (g->geos != NULL)
		return g->geos;
	if ((parts = calloc(n + 1, sizeof(*parts))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((parts[i] = geos_polygon(map, &g->mp->polygons[i])) ==
		    NULL)
			break;
	if (i == n)
		g->geos = GEOSGeom_createCollection_r(map->geos,
		    GEOS_MULTIPOLYGON, parts, (unsigned)n);
	else
		while (i-- > 0)
			GEOSGeom_destroy_r(map->geos, parts[i]);
	free(parts);
	return g->geos;
}

/* A ring of GEOS as a ring turning the way asked (ccw 1: outer). */
static struct grid_ring *
ring_of(struct grid_map *map, const GEOSGeometry *ring, int ccw,
    struct grid_error *err)
{
	const GEOSCoordSequence *seq;
	struct grid_point *pts;
	struct grid_ring *out;
	unsigned i, n = 0;
	double area = 0;

	if ((seq = GEOSGeom_getCoordSeq_r(map->geos, ring)) == NULL ||
	    GEOSCoordSeq_getSize_r(map->geos, seq, &n) == 0) {
		geos_fail(map, "reading the outline of", "", err);
		return NULL;
	}
	if ((pts = calloc(n + 1, sizeof(*pts))) == NULL) {
		no_memory(err);
		return NULL;
	}
	for (i = 0; i < n; i++)
		GEOSCoordSeq_getXY_r(map->geos, seq, i, &pts[i].x,
		    &pts[i].y);
	for (i = 0; i + 1 < n; i++)
		area += pts[i].x * pts[i + 1].y - pts[i + 1].x * pts[i].y;
	if ((area > 0) != (ccw != 0)) {
		for (i = 0; i < n / 2; i++) {
			struct grid_point t = pts[i];

			pts[i] = pts[n - 1 - i];
			pts[n - 1 - i] = t;
		}
	}
	out = grid_ring_new_trusted(pts, n, err);
	free(pts);
	return out;
}

/* A GEOS Polygon or MultiPolygon as a new multipolygon. */
static struct grid_multipolygon *
multipolygon_of(struct grid_map *map, const GEOSGeometry *g,
    struct grid_error *err)
{
	struct grid_multipolygon *mp = grid_multipolygon_new();
	int i, k, nparts = GEOSGetNumGeometries_r(map->geos, g);

	if (mp == NULL) {
		no_memory(err);
		return NULL;
	}
	for (i = 0; i < nparts; i++) {
		const GEOSGeometry *part = GEOSGetGeometryN_r(map->geos, g, i);
		struct grid_polygon *poly;
		struct grid_ring *ring;
		int nholes;

		if (part == NULL || GEOSGeomTypeId_r(map->geos, part) !=
		    GEOS_POLYGON || GEOSisEmpty_r(map->geos, part) == 1)
			continue;
		if ((poly = grid_polygon_new()) == NULL) {
			no_memory(err);
			goto fail;
		}
		if ((ring = ring_of(map, GEOSGetExteriorRing_r(map->geos,
		    part), 1, err)) == NULL ||
		    grid_polygon_take_ring(poly, ring, err) != 0) {
			grid_polygon_free(poly);
			goto fail;
		}
		nholes = GEOSGetNumInteriorRings_r(map->geos, part);
		for (k = 0; k < nholes; k++)
			if ((ring = ring_of(map, GEOSGetInteriorRingN_r(
			    map->geos, part, k), 0, err)) == NULL ||
			    grid_polygon_take_ring(poly, ring, err) != 0) {
				grid_polygon_free(poly);
				goto fail;
			}
		if (grid_multipolygon_take_polygon(mp, poly, err) != 0)
			goto fail;
	}
	mp->trusted = 1;
	return mp;
fail:
	grid_multipolygon_free(mp);
	return NULL;
}

/* The union of the polygons of grids [lo, hi), a new multipolygon. */
static struct grid_multipolygon *
union_of(struct grid_map *map, const char *code, size_t lo, size_t hi,
    struct grid_error *err)
{
	struct grid_multipolygon *mp = NULL;
	GEOSGeometry **parts, *all = NULL, *merged = NULL;
	size_t i, n = hi - lo;

	if ((parts = calloc(n + 1, sizeof(*parts))) == NULL) {
		no_memory(err);
		return NULL;
	}
	map->geos_text[0] = '\0';
	for (i = 0; i < n; i++) {
		const GEOSGeometry *g = grid_geos(map, &map->grids[lo + i]);

		if (g == NULL || (parts[i] = GEOSGeom_clone_r(map->geos,
		    g)) == NULL)
			break;
	}
	if (i < n) {
		while (i-- > 0)
			GEOSGeom_destroy_r(map->geos, parts[i]);
		free(parts);
		geos_fail(map, "the polygons of", code, err);
		return NULL;
	}
	all = GEOSGeom_createCollection_r(map->geos,
	    GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
	free(parts);
	if (all == NULL || (merged = GEOSUnaryUnion_r(map->geos, all)) ==
	    NULL)
		geos_fail(map, "the union of the grids of", code, err);
	else
		mp = multipolygon_of(map, merged, err);
	if (merged != NULL)
		GEOSGeom_destroy_r(map->geos, merged);
	if (all != NULL)
		GEOSGeom_destroy_r(map->geos, all);
	return mp;
}

struct grid_multipolygon *
grid_map_outline(struct grid_map *map, const char *code,
    struct grid_error *err)
{
	size_t lo, hi;

	unit_range(map, code, &lo, &hi);
	if (lo == hi) {
		grid_error_clear(err);
		return NULL;
	}
	if (is_the_grid(map, lo, hi, code))
		return grid_geojson_stored(map->grids[lo].text, err);
	return union_of(map, code, lo, hi, err);
}

/* ---- GeoJSON ---- */

static int
add_position(struct grid_buf *buf, const struct grid_point *p)
{
	return grid_buf_addc(buf, '[') != 0 || gridi_add_coordinate(buf, p->x) != 0 ||
	    grid_buf_addc(buf, ',') != 0 || gridi_add_coordinate(buf, p->y) != 0 ||
	    grid_buf_addc(buf, ']') != 0 ? -1 : 0;
}

/* mp as a MultiPolygon, whatever its number of polygons. */
static int
add_multipolygon(struct grid_buf *buf, const struct grid_multipolygon *mp)
{
	size_t i, r, k;

	if (grid_buf_adds(buf, "{\"type\":\"MultiPolygon\","
	    "\"coordinates\":[") != 0)
		return -1;
	for (i = 0; i < mp->npolygons; i++) {
		const struct grid_polygon *poly = &mp->polygons[i];

		if (grid_buf_adds(buf, i > 0 ? ",[" : "[") != 0)
			return -1;
		for (r = 0; r < poly->nrings; r++) {
			const struct grid_ring *ring = &poly->rings[r];

			if (grid_buf_adds(buf, r > 0 ? ",[" : "[") != 0)
				return -1;
			for (k = 0; k < ring->npoints; k++)
				if ((k > 0 && grid_buf_addc(buf, ',') != 0) ||
				    add_position(buf, &ring->points[k]) != 0)
					return -1;
			if (grid_buf_addc(buf, ']') != 0)
				return -1;
		}
		if (grid_buf_addc(buf, ']') != 0)
			return -1;
	}
	return grid_buf_adds(buf, "]}");
}

static int
too_large(struct grid_buf *buf, size_t len, struct grid_error *err)
{
	if (buf->data != NULL) {
		buf->len = len;
		buf->data[len] = '\0';
	}
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "geojson: out of memory or over %zu bytes", buf->max != 0 ?
	    buf->max : GRID_BUF_DEFAULT_MAX);
}

int
grid_map_geometry(struct grid_map *map, const char *code,
    struct grid_buf *buf, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	size_t lo, hi, len = buf->len;

	unit_range(map, code, &lo, &hi);
	if (lo == hi)
		return 0;
	if (is_the_grid(map, lo, hi, code))
		return grid_buf_adds(buf, map->grids[lo].text) != 0 ?
		    too_large(buf, len, err) : 1;
	if ((mp = union_of(map, code, lo, hi, err)) == NULL)
		return -1;
	if (add_multipolygon(buf, mp) != 0) {
		grid_multipolygon_free(mp);
		return too_large(buf, len, err);
	}
	grid_multipolygon_free(mp);
	return 1;
}

int
grid_geojson_point(struct grid_buf *buf, double x, double y,
    struct grid_error *err)
{
	struct grid_point p = { x, y };
	size_t len = buf->len;

	if (!isfinite(x) || !isfinite(y))
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "geojson: point (%g, %g) is not finite", x, y);
	if (grid_buf_adds(buf, "{\"type\":\"Point\",\"coordinates\":") != 0 ||
	    add_position(buf, &p) != 0 || grid_buf_addc(buf, '}') != 0)
		return too_large(buf, len, err);
	return 0;
}

int
grid_geojson_feature(struct grid_buf *buf, const char *geometry,
    const struct grid_column *columns, const char *const *values,
    size_t ncolumns, struct grid_error *err)
{
	size_t i, len = buf->len;

	if (grid_buf_adds(buf, "{\"type\":\"Feature\",\"geometry\":") != 0 ||
	    grid_buf_adds(buf, geometry != NULL ? geometry : "null") != 0 ||
	    grid_buf_adds(buf, ",\"properties\":{") != 0)
		return too_large(buf, len, err);
	for (i = 0; i < ncolumns; i++) {
		const char *v = values[i];
		int rc;

		if ((i > 0 && grid_buf_addc(buf, ',') != 0) ||
		    grid_json_quote(buf, columns[i].name) != 0 ||
		    grid_buf_addc(buf, ':') != 0)
			return too_large(buf, len, err);
		if (v == NULL)
			rc = grid_buf_adds(buf, "null");
		else if (columns[i].type != GRID_COL_TEXT &&
		    gridi_json_number(v))
			rc = grid_buf_adds(buf, v);
		else
			rc = grid_json_quote(buf, v);
		if (rc != 0)
			return too_large(buf, len, err);
	}
	if (grid_buf_adds(buf, "}}") != 0)
		return too_large(buf, len, err);
	return 0;
}

/* ---- SVG ---- */

#define MAP_WIDTH 720
#define LEGEND_ROW 22
#define LEGEND_ENTRY 118

/* Light to dark (ColorBrewer Blues, 7): its lightness falls step by
 * step, so the order of the classes reads in grey print too. */
static const char *const palette[] = {
	"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
	"#084594"
};

/* Class k of n: a colour of the palette, spread over it. */
static const char *
class_colour(size_t k, size_t n)
{
	size_t last = GRIDI_ARRAY_LEN(palette) - 1;

	return palette[n <= 1 ? last / 2 : k * last / (n - 1)];
}

struct drawn {
	const struct grid_map_unit *unit;
	struct grid_multipolygon *mp;
	double value;		/* numbers: NAN none */
	int klass;		/* -1: no value */
};

struct classes {
	size_t n;
	double low[GRID_MAP_CLASSES], high[GRID_MAP_CLASSES];
	const char *names[GRIDI_ARRAY_LEN(palette)];	/* categorical */
};

/* The projection of the outlines into the box. */
struct projection {
	double x0, y0, xscale, scale;
	double width, height;
};

static int
add_escaped(struct grid_buf *buf, const char *s)
{
	for (; *s != '\0'; s++) {
		const char *e = NULL;

		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: break;
		}
		if (e != NULL ? grid_buf_adds(buf, e) != 0 :
		    grid_buf_addc(buf, (unsigned char)*s < 0x20 ? ' ' : *s) !=
		    0)
			return -1;
	}
	return 0;
}

/* A figure for the legend: integers as such, else 2 decimals. */
static void
value_text(double v, char *out, size_t n)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.2f", v);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Numbers: up to 5 classes holding about as many units each. */
static int
number_classes(struct drawn *d, size_t n, struct classes *c)
{
	double *v;
	size_t i, k, m = 0, distinct = 0, want;

	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (!isnan(d[i].value))
			v[m++] = d[i].value;
	if (m > 0)
		qsort(v, m, sizeof(*v), cmp_double);
	for (i = 0; i < m; i++)
		distinct += i == 0 || v[i] != v[i - 1];
	want = distinct < GRID_MAP_CLASSES ? distinct : GRID_MAP_CLASSES;
	c->n = 0;
	for (k = 0; k < want; k++) {
		size_t end = ((k + 1) * m + want - 1) / want;
		double high = v[end - 1];

		if (c->n > 0 && high <= c->high[c->n - 1])
			continue;
		c->low[c->n] = c->n == 0 ? v[0] : c->high[c->n - 1];
		c->high[c->n++] = high;
	}
	for (i = 0; i < n; i++) {
		d[i].klass = -1;
		for (k = 0; !isnan(d[i].value) && k < c->n; k++)
			if (d[i].value <= c->high[k]) {
				d[i].klass = (int)k;
				break;
			}
	}
	free(v);
	return 0;
}

/* Classes: each value its own, in sorted order (A before B). */
static void
named_classes(struct drawn *d, size_t n, struct classes *c)
{
	size_t i, k;

	c->n = 0;
	for (i = 0; i < n; i++) {
		const char *v = d[i].unit->value;

		if (v == NULL || v[0] == '\0')
			continue;
		for (k = 0; k < c->n && strcmp(c->names[k], v) != 0; k++)
			;
		if (k == c->n && c->n < GRIDI_ARRAY_LEN(c->names))
			c->names[c->n++] = v;
	}
	qsort(c->names, c->n, sizeof(c->names[0]), cmp_text);
	for (i = 0; i < n; i++) {
		const char *v = d[i].unit->value;

		d[i].klass = -1;
		for (k = 0; v != NULL && k < c->n; k++)
			if (strcmp(c->names[k], v) == 0)
				d[i].klass = (int)k;
	}
}

/* The colour of class k: numbers light to dark; names (grades, the
 * best first) dark to light. */
static const char *
colour_of(const struct grid_map_style *s, const struct classes *c, int k)
{
	if (k < 0)
		return NULL;
	return class_colour(s->categorical ? c->n - 1 - (size_t)k :
	    (size_t)k, c->n);
}

static void
project_setup(struct projection *p, const struct grid_bbox *b, int degrees,
    double width)
{
	double w, h, mid = (b->ymin + b->ymax) / 2;

	p->xscale = degrees ? cos(mid * 3.14159265358979323846 / 180) : 1;
	w = (b->xmax - b->xmin) * p->xscale;
	h = b->ymax - b->ymin;
	if (!(w > 0))
		w = 1;
	if (!(h > 0))
		h = 1;
	p->width = width;
	p->scale = width / w;
	if (h * p->scale > width * 1.25)	/* tall: fit the height */
		p->scale = width * 1.25 / h;
	p->height = ceil(h * p->scale);
	p->x0 = b->xmin;
	p->y0 = b->ymax;
}

static struct grid_point
project(const struct projection *p, struct grid_point q)
{
	struct grid_point out;

	out.x = (q.x - p->x0) * p->xscale * p->scale;
	out.y = (p->y0 - q.y) * p->scale;
	return out;
}

/* Squared distance of c from the segment a-b. */
static double
segment_distance2(struct grid_point a, struct grid_point b,
    struct grid_point c)
{
	double dx = b.x - a.x, dy = b.y - a.y, t, ex, ey;
	double len2 = dx * dx + dy * dy;

	t = len2 > 0 ? ((c.x - a.x) * dx + (c.y - a.y) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	ex = a.x + t * dx - c.x;
	ey = a.y + t * dy - c.y;
	return ex * ex + ey * ey;
}

/* Douglas-Peucker over pts[a..b]: keep[] marks the points kept. */
static void
simplify(const struct grid_point *pts, char *keep, size_t a, size_t b,
    double tol2)
{
	size_t i, far = a;
	double best = -1, d;

	if (b <= a + 1)
		return;
	for (i = a + 1; i < b; i++)
		if ((d = segment_distance2(pts[a], pts[b], pts[i])) > best) {
			best = d;
			far = i;
		}
	if (best <= tol2)
		return;
	keep[far] = 1;
	simplify(pts, keep, a, far, tol2);
	simplify(pts, keep, far, b, tol2);
}

/* One ring as path data: "Mx,y x,y ...Z", simplified to half a pixel;
 * nothing for a ring smaller than that. */
static int
add_ring_path(struct grid_buf *buf, const struct projection *p,
    const struct grid_ring *ring, struct grid_point *pts, char *keep)
{
	size_t i, n = ring->npoints, kept = 0, half = n / 2;
	long lx = 0, ly = 0;
	size_t start = buf->len;

	for (i = 0; i < n; i++) {
		pts[i] = project(p, ring->points[i]);
		keep[i] = i == 0 || i == n - 1 || i == half;
	}
	/* two halves, so the closed ring never collapses to one line */
	simplify(pts, keep, 0, half, 0.25);
	simplify(pts, keep, half, n - 1, 0.25);
	for (i = 0; i + 1 < n; i++) {
		long x, y;

		if (!keep[i])
			continue;
		x = lround(fmax(pts[i].x, 0) * 10);	/* in the box */
		y = lround(fmax(pts[i].y, 0) * 10);
		if (kept > 0 && x == lx && y == ly)
			continue;
		if (grid_buf_addf(buf, "%s%ld.%ld,%ld.%ld", kept == 0 ? "M" :
		    " ", x / 10, labs(x % 10), y / 10, labs(y % 10)) != 0)
			return -1;
		lx = x;
		ly = y;
		kept++;
	}
	if (kept < 3) {		/* under a pixel: not drawn */
		buf->len = start;
		if (buf->data != NULL)
			buf->data[start] = '\0';
		return 0;
	}
	return grid_buf_addc(buf, 'Z');
}

static int
add_unit_path(struct grid_buf *svg, const struct projection *p,
    const struct drawn *d, const char *fill, const char *nodata_id,
    struct grid_error *err)
{
	struct grid_point *pts = NULL;
	char *keep = NULL;
	size_t i, r, most = 0;
	int rc = -1;

	for (i = 0; i < d->mp->npolygons; i++)
		for (r = 0; r < d->mp->polygons[i].nrings; r++)
			if (d->mp->polygons[i].rings[r].npoints > most)
				most = d->mp->polygons[i].rings[r].npoints;
	if ((pts = calloc(most + 1, sizeof(*pts))) == NULL ||
	    (keep = calloc(most + 1, 1)) == NULL) {
		no_memory(err);
		goto out;
	}
	if (grid_buf_adds(svg, "<path class=\"unit\" data-code=\"") != 0 ||
	    add_escaped(svg, d->unit->code) != 0)
		goto big;
	if (fill != NULL ? grid_buf_addf(svg, "\" fill=\"%s\" d=\"", fill) :
	    grid_buf_addf(svg, "\" fill=\"url(#%s)\" d=\"", nodata_id) != 0)
		goto big;
	for (i = 0; i < d->mp->npolygons; i++)
		for (r = 0; r < d->mp->polygons[i].nrings; r++)
			if (add_ring_path(svg, p, &d->mp->polygons[i].rings[r],
			    pts, keep) != 0)
				goto big;
	if (grid_buf_adds(svg, "\"><title>") != 0 ||
	    add_escaped(svg, d->unit->name != NULL ? d->unit->name : "") !=
	    0 || grid_buf_adds(svg, d->unit->name != NULL ? " " : "") != 0 ||
	    add_escaped(svg, d->unit->code) != 0 ||
	    grid_buf_adds(svg, ": ") != 0 ||
	    add_escaped(svg, d->unit->value != NULL &&
	    d->unit->value[0] != '\0' ? d->unit->value : "-") != 0 ||
	    grid_buf_adds(svg, "</title></path>\n") != 0)
		goto big;
	rc = 0;
	goto out;
big:
	too_large(svg, svg->len, err);
out:
	free(pts);
	free(keep);
	return rc;
}

/* One entry of the legend: a swatch and its text, at (x, y). */
static int
add_legend_entry(struct grid_buf *svg, double x, double y, const char *fill,
    const char *nodata_id, const char *text)
{
	if (fill != NULL ? grid_buf_addf(svg, "<rect x=\"%.0f\" y=\"%.0f\" "
	    "width=\"16\" height=\"14\" fill=\"%s\" stroke=\"#555\"/>", x, y,
	    fill) : grid_buf_addf(svg, "<rect x=\"%.0f\" y=\"%.0f\" "
	    "width=\"16\" height=\"14\" fill=\"url(#%s)\" stroke=\"#555\"/>",
	    x, y, nodata_id) != 0)
		return -1;
	return grid_buf_addf(svg, "<text x=\"%.0f\" y=\"%.0f\">", x + 21,
	    y + 12) != 0 || add_escaped(svg, text) != 0 ||
	    grid_buf_adds(svg, "</text>\n") != 0 ? -1 : 0;
}

static int
add_legend(struct grid_buf *svg, const struct grid_map_style *s,
    const struct classes *c, double top, double width, int any_missing,
    const char *nodata_id)
{
	size_t k, per_row = (size_t)(width / LEGEND_ENTRY), at = 0;
	char a[40], b[40], text[96];

	if (per_row == 0)
		per_row = 1;
	if (grid_buf_addf(svg, "<g class=\"legend\" font-size=\"12\" "
	    "fill=\"#222\"><text x=\"0\" y=\"%.0f\" font-weight=\"bold\">",
	    top + 14) != 0 || add_escaped(svg, s->title != NULL ? s->title :
	    "") != 0 || grid_buf_adds(svg, "</text>\n") != 0)
		return -1;
	top += LEGEND_ROW;
	for (k = 0; k < c->n; k++, at++) {
		const char *label = text;

		if (s->categorical)
			label = c->names[k];
		else {
			value_text(c->low[k], a, sizeof(a));
			value_text(c->high[k], b, sizeof(b));
			snprintf(text, sizeof(text), k == 0 ? "%s – %s" :
			    "> %s – %s", a, b);
			if (c->low[k] == c->high[k])
				snprintf(text, sizeof(text), "%s", a);
		}
		if (add_legend_entry(svg, (double)(at % per_row) *
		    LEGEND_ENTRY, top + (double)(at / per_row) * LEGEND_ROW,
		    colour_of(s, c, (int)k), nodata_id, label) != 0)
			return -1;
	}
	if (any_missing && add_legend_entry(svg, (double)(at % per_row) *
	    LEGEND_ENTRY, top + (double)(at / per_row) * LEGEND_ROW, NULL,
	    nodata_id, "无数据 no value") != 0)
		return -1;
	return grid_buf_adds(svg, "</g>\n");
}

/* How many rows the legend takes. */
static size_t
legend_rows(size_t entries, double width)
{
	size_t per_row = (size_t)(width / LEGEND_ENTRY);

	if (per_row == 0)
		per_row = 1;
	return 1 + (entries + per_row - 1) / per_row;
}

static int
add_missing(struct grid_buf *missing, const struct grid_map_unit *u)
{
	if (missing == NULL)
		return 0;
	if (missing->len > 0 && grid_buf_adds(missing, "、") != 0)
		return -1;
	/* a row of no unit (people without a grid, say): no code */
	const char *code = u->code != NULL && u->code[0] != '\0' ? u->code :
	    "无所属单位";

	if (u->name != NULL && u->name[0] != '\0')
		return grid_buf_addf(missing, "%s (%s)", u->name, code);
	return grid_buf_adds(missing, code);
}

static int
draw(struct grid_map *map, struct drawn *d, size_t nd,
    const struct grid_map_style *s, struct grid_buf *svg,
    struct grid_error *err)
{
	struct classes c;
	struct projection p;
	struct grid_bbox box = { INFINITY, INFINITY, -INFINITY, -INFINITY };
	char nodata_id[40];
	double width = s->width > 0 ? s->width : MAP_WIDTH, height;
	size_t i, rows;
	int any_missing = 0;

	memset(&c, 0, sizeof(c));
	if (s->categorical)
		named_classes(d, nd, &c);
	else if (number_classes(d, nd, &c) != 0)
		return no_memory(err);
	for (i = 0; i < nd; i++) {
		const struct grid_bbox *b = &d[i].mp->bbox;

		box.xmin = fmin(box.xmin, b->xmin);
		box.ymin = fmin(box.ymin, b->ymin);
		box.xmax = fmax(box.xmax, b->xmax);
		box.ymax = fmax(box.ymax, b->ymax);
		any_missing |= d[i].klass < 0;
	}
	project_setup(&p, &box, map->degrees, width - 2);
	p.x0 -= 1 / (p.scale * p.xscale);	/* a pixel of margin */
	p.y0 += 1 / p.scale;
	rows = legend_rows(c.n + (size_t)any_missing, width);
	height = p.height + 2 + 8 + (double)rows * LEGEND_ROW;
	snprintf(nodata_id, sizeof(nodata_id), "gridmap%lu-nodata",
	    ++map->svgs);
	if (grid_buf_addf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"map\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	    "height=\"%.0f\" style=\"max-width:100%%;height:auto\" "
	    "role=\"img\" aria-label=\"", width, height, width, height) != 0 || add_escaped(svg, s->title != NULL ? s->title :
	    "") != 0 || grid_buf_addf(svg, "\">\n<defs><pattern id=\"%s\" "
	    "width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" "
	    "fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
	    "stroke=\"#888\" stroke-width=\"2\"/></pattern></defs>\n"
	    "<g stroke=\"#fff\" stroke-width=\"0.6\" fill-rule=\"evenodd\">\n",
	    nodata_id) != 0)
		return too_large(svg, svg->len, err);
	for (i = 0; i < nd; i++)
		if (add_unit_path(svg, &p, &d[i], colour_of(s, &c, d[i].klass),
		    nodata_id, err) != 0)
			return -1;
	if (grid_buf_adds(svg, "</g>\n") != 0 ||
	    add_legend(svg, s, &c, p.height + 10, width, any_missing,
	    nodata_id) != 0 || grid_buf_adds(svg, "</svg>\n") != 0)
		return too_large(svg, svg->len, err);
	return 0;
}

long
grid_map_svg(struct grid_map *map, const struct grid_map_unit *units,
    size_t n, const struct grid_map_style *style, struct grid_buf *svg,
    struct grid_buf *missing, struct grid_error *err)
{
	struct grid_error e;
	struct drawn *d;
	size_t i, nd = 0;
	long rc = -1;

	if ((d = calloc(n + 1, sizeof(*d))) == NULL) {
		no_memory(err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct grid_multipolygon *mp;
		const char *v = units[i].value;
		char *end;

		grid_error_clear(&e);
		if (units[i].code == NULL || (mp = grid_map_outline(map,
		    units[i].code, &e)) == NULL) {
			if (e.code != 0) {
				if (err != NULL)
					*err = e;
				goto out;
			}
			if (add_missing(missing, &units[i]) != 0) {
				too_large(missing, missing->len, err);
				goto out;
			}
			continue;
		}
		d[nd].unit = &units[i];
		d[nd].mp = mp;
		d[nd].value = NAN;
		if (!style->categorical && v != NULL && v[0] != '\0') {
			d[nd].value = strtod(v, &end);
			if (*end != '\0' || !isfinite(d[nd].value))
				d[nd].value = NAN;
		}
		nd++;
	}
	if (nd > 0 && draw(map, d, nd, style, svg, err) != 0)
		goto out;
	rc = (long)nd;
out:
	for (i = 0; i < nd; i++)
		grid_multipolygon_free(d[i].mp);
	free(d);
	return rc;
}
