/*
 * geo_stored.c - grid polygons read back from the database: the compact
 * GeoJSON that grid_geojson_write stores after validation, read without
 * building JSON objects (a city's 20,000 polygons were most of the start
 * of every grid-assign run).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/geojson.h"
#include "internal.h"

struct scan {
	const char *p;
	struct grid_point *points;	/* the ring being read */
	size_t n, cap;
};

static void
skip(struct scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' ||
	    *s->p == '\r')
		s->p++;
}

static int
expect(struct scan *s, char c)
{
	skip(s);
	if (*s->p != c)
		return -1;
	s->p++;
	return 0;
}

/*
 * A JSON number.  Up to 15 digits without an exponent: the digits as an
 * integer divided by a power of ten, one correctly rounded operation
 * (what strtod gives); anything longer through strtod.
 */
static int
number(struct scan *s, double *v)
{
	static const double tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	const char *p, *start;
	unsigned long long m = 0;
	int digits = 0, frac = -1;
	char *end;

	skip(s);
	start = p = s->p;
	if (*p == '-')
		p++;
	for (; (*p >= '0' && *p <= '9') || (*p == '.' && frac < 0); p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		m = m * 10 + (unsigned long long)(*p - '0');
		digits++;
		if (frac >= 0)
			frac++;
	}
	if (digits > 0 && digits <= 15 && *p != 'e' && *p != 'E') {
		*v = (double)m / tens[frac > 0 ? frac : 0];
		if (*start == '-')
			*v = -*v;
		s->p = p;
		return 0;
	}
	errno = 0;
	*v = strtod(start, &end);
	if (end == start || errno != 0 || !isfinite(*v))
		return -1;
	s->p = end;
	return 0;
}

static int
add_point(struct scan *s, double x, double y)
{
	struct grid_point *p;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		p = realloc(s->points, s->cap * sizeof(*p));
		if (p == NULL)
			return -1;
		s->points = p;
	}
	s->points[s->n].x = x;
	s->points[s->n].y = y;
	s->n++;
	return 0;
}

/* [[x, y], ...]: a ring.  Returns it, or NULL (shape or syntax). */
static struct grid_ring *
ring(struct scan *s, struct grid_error *err)
{
	double x, y;

	s->n = 0;
	if (expect(s, '[') != 0)
		return NULL;
	do {
		if (expect(s, '[') != 0 || number(s, &x) != 0 ||
		    expect(s, ',') != 0 || number(s, &y) != 0 ||
		    expect(s, ']') != 0 || add_point(s, x, y) != 0)
			return NULL;
		skip(s);
	} while (*s->p == ',' && s->p++);
	if (expect(s, ']') != 0)
		return NULL;
	return grid_ring_new_trusted(s->points, s->n, err);
}

/* [ring, ...]: a polygon added to mp.  Returns 0 or -1. */
static int
polygon(struct scan *s, struct grid_multipolygon *mp,
    struct grid_error *err)
{
	struct grid_polygon *poly = grid_polygon_new();
	struct grid_ring *r;

	if (poly == NULL || expect(s, '[') != 0)
		goto bad;
	do {
		if ((r = ring(s, err)) == NULL ||
		    grid_polygon_take_ring(poly, r, err) != 0)
			goto bad;
		skip(s);
	} while (*s->p == ',' && s->p++);
	if (expect(s, ']') != 0)
		goto bad;
	return grid_multipolygon_take_polygon(mp, poly, err);
bad:
	grid_polygon_free(poly);
	return -1;
}

/* {"type":"Polygon"|"MultiPolygon","coordinates":...}; 0 or -1. */
static int
geometry(struct scan *s, struct grid_multipolygon *mp,
    struct grid_error *err)
{
	int multi;

	if (expect(s, '{') != 0 || expect(s, '"') != 0 ||
	    strncmp(s->p, "type\"", 5) != 0)
		return -1;
	s->p += 5;
	if (expect(s, ':') != 0 || expect(s, '"') != 0)
		return -1;
	if (strncmp(s->p, "Polygon\"", 8) == 0)
		multi = 0;
	else if (strncmp(s->p, "MultiPolygon\"", 13) == 0)
		multi = 1;
	else
		return -1;
	s->p += multi ? 13 : 8;
	if (expect(s, ',') != 0 || expect(s, '"') != 0 ||
	    strncmp(s->p, "coordinates\"", 12) != 0)
		return -1;
	s->p += 12;
	if (expect(s, ':') != 0)
		return -1;
	if (!multi) {
		if (polygon(s, mp, err) != 0)
			return -1;
	} else {
		if (expect(s, '[') != 0)
			return -1;
		do {
			if (polygon(s, mp, err) != 0)
				return -1;
			skip(s);
		} while (*s->p == ',' && s->p++);
		if (expect(s, ']') != 0)
			return -1;
	}
	if (expect(s, '}') != 0)
		return -1;
	skip(s);
	return *s->p == '\0' ? 0 : -1;
}

/* Any other form: read and validated as any GeoJSON geometry is. */
static struct grid_multipolygon *
general(const char *text, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	json_error_t jerr;
	json_t *json = json_loads(text, 0, &jerr);

	if (json == NULL) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not JSON: column %d: %s", jerr.column, jerr.text);
		return NULL;
	}
	mp = grid_geojson_geometry(json, err);
	json_decref(json);
	return mp;
}

struct grid_multipolygon *
grid_geojson_stored(const char *text, struct grid_error *err)
{
	struct scan s = { text, NULL, 0, 0 };
	struct grid_multipolygon *mp = grid_multipolygon_new();
	int rc;

	if (mp == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	rc = geometry(&s, mp, NULL);
	free(s.points);
	if (rc == 0) {
		mp->trusted = 1;
		return mp;
	}
	grid_multipolygon_free(mp);
	return general(text, err);
}
