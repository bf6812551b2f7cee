/*
 * geo.c - rings, polygons and multipolygons: building, validation (no
 * ring crossing itself or another), area.  Locating points is in
 * geo_locate.c.  Every side-of-line decision goes through the exact
 * gridi_geo_orient, so validity never depends on rounding.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/geo.h"
#include "geo_internal.h"
#include "internal.h"

/* Coordinates beyond this are refused: products must stay finite. */
#define COORD_MAX 1e15

/* ---- helpers ---- */

static const struct grid_bbox empty_bbox = {
	HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL
};

static void
bbox_add(struct grid_bbox *box, const struct grid_bbox *other)
{
	box->xmin = fmin(box->xmin, other->xmin);
	box->ymin = fmin(box->ymin, other->ymin);
	box->xmax = fmax(box->xmax, other->xmax);
	box->ymax = fmax(box->ymax, other->ymax);
}

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Puts "prefix: " before err's text. */
static void
error_prefix(struct grid_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
error_prefix(struct grid_error *err, const char *fmt, ...)
{
	char prefix[128];
	size_t plen, tlen, room = sizeof(err->text) - 1;
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), _(fmt), ap);
	va_end(ap);
	plen = strlen(prefix);
	tlen = strlen(err->text);
	if (tlen > room - plen - 2)
		tlen = room - plen - 2;
	memmove(err->text + plen + 2, err->text, tlen);
	memcpy(err->text, prefix, plen);
	memcpy(err->text + plen, ": ", 2);
	err->text[plen + 2 + tlen] = '\0';
}

/* ---- segments ---- */

enum meet { MEET_NONE, MEET_TOUCH, MEET_CROSS, MEET_OVERLAP };

/* Whether c lies on the closed segment a-b, given it lies on its line. */
static int
within(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c)
{
	return fmin(a->x, b->x) <= c->x && c->x <= fmax(a->x, b->x) &&
	    fmin(a->y, b->y) <= c->y && c->y <= fmax(a->y, b->y);
}

/* Collinear segments a-b and c-d: how they meet, along x or along y. */
static enum meet
collinear_meet(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c, const struct grid_point *d)
{
	int along_x = a->x != b->x;
	double a0 = along_x ? a->x : a->y, b0 = along_x ? b->x : b->y;
	double c0 = along_x ? c->x : c->y, d0 = along_x ? d->x : d->y;
	double lo = fmax(fmin(a0, b0), fmin(c0, d0));
	double hi = fmin(fmax(a0, b0), fmax(c0, d0));

	if (lo > hi)
		return MEET_NONE;
	return lo == hi ? MEET_TOUCH : MEET_OVERLAP;
}

/*
 * How segments a-b and c-d meet: not at all, at a point that is an end
 * of one of them, crossing in their interiors, or along a stretch.
 */
static enum meet
segments_meet(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c, const struct grid_point *d)
{
	int o1 = gridi_geo_orient(a, b, c), o2 = gridi_geo_orient(a, b, d);
	int o3, o4;

	if (o1 == 0 && o2 == 0)
		return collinear_meet(a, b, c, d);
	if (o1 == o2)
		return MEET_NONE;
	o3 = gridi_geo_orient(c, d, a);
	o4 = gridi_geo_orient(c, d, b);
	if (o3 == o4)
		return MEET_NONE;
	if (o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0)
		return MEET_CROSS;
	return MEET_TOUCH;
}

/* A point where two segments that meet do so, for messages. */
static struct grid_point
meeting_point(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c, const struct grid_point *d)
{
	struct grid_point p = *a;
	double den = (b->x - a->x) * (d->y - c->y) -
	    (b->y - a->y) * (d->x - c->x);
	double t;

	if (gridi_geo_orient(c, d, a) == 0 && within(c, d, a))
		return *a;
	if (gridi_geo_orient(c, d, b) == 0 && within(c, d, b))
		return *b;
	if (gridi_geo_orient(a, b, c) == 0 && within(a, b, c))
		return *c;
	if (gridi_geo_orient(a, b, d) == 0 && within(a, b, d))
		return *d;
	if (den != 0) {
		t = ((c->x - a->x) * (d->y - c->y) -
		    (c->y - a->y) * (d->x - c->x)) / den;
		p.x = a->x + t * (b->x - a->x);
		p.y = a->y + t * (b->y - a->y);
	}
	return p;
}

/* ---- crossing checks: a sweep over edges sorted by their left end ---- */

struct sweep_edge {
	double xmin, xmax, ymin, ymax;
	const struct grid_point *a;	/* the edge is a[0]-a[1] */
	size_t ring;			/* in the set checked */
	size_t index;			/* in its ring */
	size_t nedges;			/* of its ring */
};

static int
sweep_order(const void *pa, const void *pb)
{
	const struct sweep_edge *e = pa, *f = pb;

	return (e->xmin > f->xmin) - (e->xmin < f->xmin);
}

/* Whether two edges of the same ring are neighbours (share a vertex). */
static int
adjacent(const struct sweep_edge *e, const struct sweep_edge *f)
{
	size_t i = e->index < f->index ? e->index : f->index;
	size_t j = e->index < f->index ? f->index : e->index;

	return j == i + 1 || (i == 0 && j == e->nedges - 1);
}

/* Whether the way e and f meet (set in *how) is allowed. */
static int
allowed(const struct sweep_edge *e, const struct sweep_edge *f,
    enum meet *how)
{
	*how = segments_meet(e->a, e->a + 1, f->a, f->a + 1);
	if (*how == MEET_NONE)
		return 1;
	if (e->ring != f->ring)
		return *how == MEET_TOUCH;
	return *how == MEET_TOUCH && adjacent(e, f);
}

static int
crossing_error(const struct sweep_edge *e, const struct sweep_edge *f,
    enum meet how, struct grid_error *err)
{
	struct grid_point p = meeting_point(e->a, e->a + 1, f->a, f->a + 1);
	size_t lower = e->ring < f->ring ? e->ring : f->ring;
	size_t higher = e->ring < f->ring ? f->ring : e->ring;
	const char *verb = how == MEET_OVERLAP ? "overlap" : "cross";

	if (lower == higher)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "%s itself near (%.15g, %.15g)", how == MEET_OVERLAP ?
		    "goes back over" : "crosses", p.x, p.y);
	if (lower == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "hole %zu and the outer ring %s near (%.15g, %.15g)",
		    higher, verb, p.x, p.y);
	return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
	    "hole %zu and hole %zu %s near (%.15g, %.15g)", lower, higher,
	    verb, p.x, p.y);
}

/*
 * Checks that no two edges of rings[0..nrings-1] meet except where
 * allowed(); with across_only, pairs within one ring are not looked at.
 */
static int
check_crossings(const struct grid_ring *rings, size_t nrings,
    int across_only, struct grid_error *err)
{
	struct sweep_edge *edges, *e, *f;
	size_t n = 0, r, i, j;
	enum meet how;
	int rc = 0;

	for (r = 0; r < nrings; r++)
		n += rings[r].npoints - 1;
	if ((edges = calloc(n, sizeof(*edges))) == NULL)
		return oom(err);
	for (r = 0, n = 0; r < nrings; r++)
		for (i = 0; i + 1 < rings[r].npoints; i++, n++) {
			e = &edges[n];
			e->a = &rings[r].points[i];
			e->xmin = fmin(e->a[0].x, e->a[1].x);
			e->xmax = fmax(e->a[0].x, e->a[1].x);
			e->ymin = fmin(e->a[0].y, e->a[1].y);
			e->ymax = fmax(e->a[0].y, e->a[1].y);
			e->ring = r;
			e->index = i;
			e->nedges = rings[r].npoints - 1;
		}
	qsort(edges, n, sizeof(*edges), sweep_order);
	for (i = 0; i < n && rc == 0; i++) {
		e = &edges[i];
		for (j = i + 1; j < n && edges[j].xmin <= e->xmax; j++) {
			f = &edges[j];
			if (f->ymin > e->ymax || f->ymax < e->ymin ||
			    (across_only && e->ring == f->ring))
				continue;
			if (!allowed(e, f, &how)) {
				rc = crossing_error(e, f, how, err);
				break;
			}
		}
	}
	free(edges);
	return rc;
}

/* ---- rings ---- */

static int
check_points(const struct grid_point *points, size_t npoints,
    struct grid_error *err)
{
	const struct grid_point *first, *last;
	size_t i;

	if (npoints < 4)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "too few points: %zu, at least 4 needed (the last "
		    "repeating the first)", npoints);
	for (i = 0; i < npoints; i++)
		if (!(fabs(points[i].x) <= COORD_MAX &&
		    fabs(points[i].y) <= COORD_MAX))
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "point %zu: %s", i + 1,
			    isfinite(points[i].x) && isfinite(points[i].y) ?
			    "coordinate out of range" :
			    "coordinate is not a finite number");
	first = &points[0];
	last = &points[npoints - 1];
	if (first->x != last->x || first->y != last->y)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not closed: first point (%.15g, %.15g), last "
		    "(%.15g, %.15g)", first->x, first->y, last->x, last->y);
	return 0;
}

/* Bounding box and signed area (shoelace, relative to the first point). */
static void
ring_measure(struct grid_ring *ring)
{
	const struct grid_point *p = ring->points, *o = &ring->points[0];
	double twice = 0;
	size_t i;

	ring->bbox = empty_bbox;
	for (i = 0; i < ring->npoints; i++) {
		ring->bbox.xmin = fmin(ring->bbox.xmin, p[i].x);
		ring->bbox.ymin = fmin(ring->bbox.ymin, p[i].y);
		ring->bbox.xmax = fmax(ring->bbox.xmax, p[i].x);
		ring->bbox.ymax = fmax(ring->bbox.ymax, p[i].y);
	}
	for (i = 1; i + 2 < ring->npoints; i++)
		twice += (p[i].x - o->x) * (p[i + 1].y - o->y) -
		    (p[i + 1].x - o->x) * (p[i].y - o->y);
	ring->area = twice / 2;
}

/* Whether all points lie on one line (the ring has no area). */
static int
collinear(const struct grid_ring *ring)
{
	size_t i;

	for (i = 2; i + 1 < ring->npoints; i++)
		if (gridi_geo_orient(&ring->points[0], &ring->points[1],
		    &ring->points[i]) != 0)
			return 0;
	return 1;
}

static struct grid_ring *ring_build(const struct grid_point *points,
    size_t npoints, int check_self, struct grid_error *err);

struct grid_ring *
grid_ring_new(const struct grid_point *points, size_t npoints,
    struct grid_error *err)
{
	return ring_build(points, npoints, 1, err);
}

struct grid_ring *
grid_ring_new_trusted(const struct grid_point *points, size_t npoints,
    struct grid_error *err)
{
	return ring_build(points, npoints, 0, err);
}

/* A new ring; crossings checked when check_self is set. */
static struct grid_ring *
ring_build(const struct grid_point *points, size_t npoints, int check_self,
    struct grid_error *err)
{
	struct grid_ring *ring = NULL;
	size_t i, n = 0;

	if (points == NULL)
		npoints = 0;
	if (check_points(points, npoints, err) != 0)
		return NULL;
	if (npoints > SIZE_MAX / sizeof(*points) / 2 ||
	    (ring = calloc(1, sizeof(*ring))) == NULL ||
	    (ring->points = malloc(npoints * sizeof(*points))) == NULL) {
		oom(err);
		goto bad;
	}
	for (i = 0; i < npoints; i++)
		if (n == 0 || points[i].x != ring->points[n - 1].x ||
		    points[i].y != ring->points[n - 1].y)
			ring->points[n++] = points[i];
	ring->npoints = n;
	if (n < 4) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "too few distinct points: %zu, at least 3 needed", n - 1);
		goto bad;
	}
	ring_measure(ring);
	if (collinear(ring)) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "zero area: all points on one line");
		goto bad;
	}
	if (check_self && check_crossings(ring, 1, 0, err) != 0)
		goto bad;
	return ring;
bad:
	grid_ring_free(ring);
	return NULL;
}

void
grid_ring_free(struct grid_ring *ring)
{
	if (ring == NULL)
		return;
	free(ring->points);
	free(ring);
}

/* ---- polygons ---- */

struct grid_polygon *
grid_polygon_new(void)
{
	struct grid_polygon *poly = calloc(1, sizeof(*poly));

	if (poly != NULL)
		poly->bbox = empty_bbox;
	return poly;
}

int
grid_polygon_take_ring(struct grid_polygon *poly, struct grid_ring *ring,
    struct grid_error *err)
{
	struct grid_ring *rings;

	if (poly == NULL || ring == NULL) {
		grid_ring_free(ring);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no polygon or no ring");
	}
	rings = realloc(poly->rings, (poly->nrings + 1) * sizeof(*rings));
	if (rings == NULL) {
		grid_ring_free(ring);
		return oom(err);
	}
	poly->rings = rings;
	rings[poly->nrings++] = *ring;
	free(ring);	/* its points now belong to poly */
	bbox_add(&poly->bbox, &rings[poly->nrings - 1].bbox);
	gridi_geo_index_free(poly->index);
	poly->index = NULL;
	return 0;
}

/*
 * Where ring lies against other, two rings that do not cross: where its
 * first point not on other's edge is; GRID_GEO_BOUNDARY when every point
 * is on it.
 */
static enum grid_geo_location
ring_side(const struct grid_ring *other, const struct grid_ring *ring)
{
	enum grid_geo_location where;
	size_t i;

	for (i = 0; i + 1 < ring->npoints; i++) {
		where = gridi_geo_ring_locate(other, &ring->points[i]);
		if (where != GRID_GEO_BOUNDARY)
			return where;
	}
	return GRID_GEO_BOUNDARY;
}

int
grid_polygon_validate(const struct grid_polygon *poly,
    struct grid_error *err)
{
	size_t r, s;

	if (poly == NULL || poly->nrings == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "polygon without rings");
	if (poly->nrings == 1)
		return 0;
	if (check_crossings(poly->rings, poly->nrings, 1, err) != 0)
		return -1;
	for (r = 1; r < poly->nrings; r++)
		if (ring_side(&poly->rings[0], &poly->rings[r]) ==
		    GRID_GEO_OUTSIDE)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "hole %zu lies outside the outer ring", r);
	/* A hole in a hole would be an island: not a polygon of GeoJSON. */
	for (r = 1; r < poly->nrings; r++)
		for (s = 1; s < poly->nrings; s++)
			if (s != r && ring_side(&poly->rings[r],
			    &poly->rings[s]) == GRID_GEO_INSIDE)
				return grid_error_set(err, GRID_EDATA, NULL, 0,
				    NULL, "hole %zu lies inside hole %zu", s,
				    r);
	return 0;
}

void
grid_polygon_free(struct grid_polygon *poly)
{
	size_t r;

	if (poly == NULL)
		return;
	for (r = 0; r < poly->nrings; r++)
		free(poly->rings[r].points);
	free(poly->rings);
	gridi_geo_index_free(poly->index);
	free(poly);
}

size_t
grid_polygon_edges(const struct grid_polygon *poly)
{
	size_t r, n = 0;

	for (r = 0; poly != NULL && r < poly->nrings; r++)
		n += poly->rings[r].npoints - 1;
	return n;
}

double
grid_polygon_area(const struct grid_polygon *poly)
{
	double area = 0;
	size_t r;

	if (poly == NULL || poly->nrings == 0)
		return 0;
	for (r = 1; r < poly->nrings; r++)
		area += fabs(poly->rings[r].area);
	return fabs(poly->rings[0].area) - area;
}

/* ---- multipolygons ---- */

struct grid_multipolygon *
grid_multipolygon_new(void)
{
	struct grid_multipolygon *mp = calloc(1, sizeof(*mp));

	if (mp != NULL)
		mp->bbox = empty_bbox;
	return mp;
}

int
grid_multipolygon_take_polygon(struct grid_multipolygon *mp,
    struct grid_polygon *poly, struct grid_error *err)
{
	struct grid_polygon *polygons;

	if (mp == NULL || poly == NULL || poly->nrings == 0) {
		grid_polygon_free(poly);
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "polygon without rings");
	}
	polygons = realloc(mp->polygons,
	    (mp->npolygons + 1) * sizeof(*polygons));
	if (polygons == NULL) {
		grid_polygon_free(poly);
		return oom(err);
	}
	mp->polygons = polygons;
	polygons[mp->npolygons++] = *poly;
	free(poly);	/* its rings now belong to mp */
	bbox_add(&mp->bbox, &polygons[mp->npolygons - 1].bbox);
	return 0;
}

int
grid_multipolygon_validate(const struct grid_multipolygon *mp,
    struct grid_error *err)
{
	size_t i;

	if (mp == NULL || mp->npolygons == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "no polygons");
	for (i = 0; i < mp->npolygons; i++)
		if (grid_polygon_validate(&mp->polygons[i], err) != 0) {
			if (mp->npolygons > 1)
				error_prefix(err, "polygon %zu", i + 1);
			return -1;
		}
	return 0;
}

void
grid_multipolygon_free(struct grid_multipolygon *mp)
{
	size_t i, r;

	if (mp == NULL)
		return;
	for (i = 0; i < mp->npolygons; i++) {
		for (r = 0; r < mp->polygons[i].nrings; r++)
			free(mp->polygons[i].rings[r].points);
		free(mp->polygons[i].rings);
		gridi_geo_index_free(mp->polygons[i].index);
	}
	free(mp->polygons);
	free(mp);
}

double
grid_multipolygon_area(const struct grid_multipolygon *mp)
{
	double area = 0;
	size_t i;

	for (i = 0; mp != NULL && i < mp->npolygons; i++)
		area += grid_polygon_area(&mp->polygons[i]);
	return area;
}

