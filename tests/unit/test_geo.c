/*
 * test_geo.c - unit tests of lib/geo.c and lib/geo_json.c: point location
 * against a brute-force reference on random points (fixed seed), points
 * on edges and vertices, the edge index, parsing errors, area, writing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/geo.h"
#include "grid/geojson.h"

#include "tap.h"

#define PI 3.14159265358979323846

/* ---- random numbers: xorshift64*, fixed seed ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static double
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 0x2545f4914f6cdd1dULL) >> 11) /
	    9007199254740992.0;
}

/* A whole number in [lo, hi]. */
static long
rnd_int(long lo, long hi)
{
	long v = lo + (long)(rnd() * (double)(hi - lo + 1));

	return v > hi ? hi : v;
}

/* ---- the brute-force reference: plain doubles, no shortcuts ---- */

static int
ref_on_segment(const struct grid_point *a, const struct grid_point *b,
    double x, double y)
{
	double cross = (b->x - a->x) * (y - a->y) - (b->y - a->y) * (x - a->x);

	return cross == 0 && x >= fmin(a->x, b->x) && x <= fmax(a->x, b->x) &&
	    y >= fmin(a->y, b->y) && y <= fmax(a->y, b->y);
}

/* PNPOLY (W. R. Franklin) over every edge of every ring. */
static enum grid_geo_location
ref_polygon(const struct grid_polygon *poly, double x, double y)
{
	const struct grid_point *a, *b;
	int inside = 0;
	size_t r, i;

	for (r = 0; r < poly->nrings; r++)
		for (i = 0; i + 1 < poly->rings[r].npoints; i++) {
			a = &poly->rings[r].points[i];
			b = a + 1;
			if (ref_on_segment(a, b, x, y))
				return GRID_GEO_BOUNDARY;
			if ((a->y > y) != (b->y > y) &&
			    x < (b->x - a->x) * (y - a->y) / (b->y - a->y) +
			    a->x)
				inside = !inside;
		}
	return inside ? GRID_GEO_INSIDE : GRID_GEO_OUTSIDE;
}

static enum grid_geo_location
ref_locate(const struct grid_multipolygon *mp, double x, double y)
{
	enum grid_geo_location where = GRID_GEO_OUTSIDE, here;
	size_t i;

	for (i = 0; i < mp->npolygons; i++) {
		here = ref_polygon(&mp->polygons[i], x, y);
		if (here == GRID_GEO_INSIDE)
			return here;
		if (here == GRID_GEO_BOUNDARY)
			where = here;
	}
	return where;
}

/* ---- building shapes ---- */

/* A validated multipolygon from GeoJSON geometry text, or NULL. */
static struct grid_multipolygon *
geometry(const char *text)
{
	struct grid_multipolygon *mp = NULL;
	struct grid_error err;
	json_error_t jerr;
	json_t *json;

	grid_error_clear(&err);
	if ((json = json_loads(text, 0, &jerr)) == NULL) {
		printf("# bad test JSON: %s\n", jerr.text);
		return NULL;
	}
	if ((mp = grid_geojson_geometry(json, &err)) == NULL)
		printf("# geometry: %s\n", err.text);
	json_decref(json);
	return mp;
}

/* A one-polygon multipolygon from rings of points (copied), or NULL. */
static struct grid_multipolygon *
polygon_of(struct grid_point *const *rings, const size_t *sizes,
    size_t nrings)
{
	struct grid_multipolygon *mp = grid_multipolygon_new();
	struct grid_polygon *poly = grid_polygon_new();
	struct grid_ring *ring;
	struct grid_error err;
	size_t r;

	grid_error_clear(&err);
	for (r = 0; r < nrings; r++) {
		if ((ring = grid_ring_new(rings[r], sizes[r], &err)) == NULL ||
		    grid_polygon_take_ring(poly, ring, &err) != 0) {
			printf("# ring %zu: %s\n", r, err.text);
			grid_polygon_free(poly);
			grid_multipolygon_free(mp);
			return NULL;
		}
	}
	if (grid_multipolygon_take_polygon(mp, poly, &err) != 0 ||
	    grid_multipolygon_validate(mp, &err) != 0) {
		printf("# polygon: %s\n", err.text);
		grid_multipolygon_free(mp);
		return NULL;
	}
	return mp;
}

/*
 * n points round (cx, cy) alternating between radius r1 and r2 (a star;
 * a circle when equal), rounded to whole numbers when whole; closed.
 */
static struct grid_point *
star(size_t n, double cx, double cy, double r1, double r2, int whole)
{
	struct grid_point *p = malloc((n + 1) * sizeof(*p));
	double angle, radius;
	size_t i;

	for (i = 0; i < n; i++) {
		angle = 2 * PI * (double)i / (double)n;
		radius = i % 2 ? r2 : r1;
		p[i].x = cx + radius * cos(angle);
		p[i].y = cy + radius * sin(angle);
		if (whole) {
			p[i].x = round(p[i].x);
			p[i].y = round(p[i].y);
		}
	}
	p[n] = p[0];
	return p;
}

/* Points: n on the lattice x0 + k * step (k = 0..steps) in x and y. */
static struct grid_point *
lattice(size_t n, double x0, double y0, double step, long steps)
{
	struct grid_point *p = malloc(n * sizeof(*p));
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].x = x0 + step * (double)rnd_int(0, steps);
		p[i].y = y0 + step * (double)rnd_int(0, steps);
	}
	return p;
}

/* Points: n uniform in the box. */
static struct grid_point *
uniform(size_t n, const struct grid_bbox *box, double margin)
{
	struct grid_point *p = malloc(n * sizeof(*p));
	double w = box->xmax - box->xmin, h = box->ymax - box->ymin;
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].x = box->xmin - margin * w + rnd() * w * (1 + 2 * margin);
		p[i].y = box->ymin - margin * h + rnd() * h * (1 + 2 * margin);
	}
	return p;
}

/* ---- comparing ---- */

static const char *const where_name[] = { "outside", "inside", "boundary" };

/*
 * Locates every point in plain (and in prepared, a prepared copy, when
 * not NULL) and compares with the reference; one check for all.
 */
static void
compare(const char *what, const struct grid_multipolygon *plain,
    const struct grid_multipolygon *prepared, const struct grid_point *p,
    size_t n, int want_all_classes)
{
	long count[3] = { 0, 0, 0 }, wrong = 0;
	enum grid_geo_location want, got, got2;
	char title[160];
	size_t i;

	for (i = 0; i < n; i++) {
		want = ref_locate(plain, p[i].x, p[i].y);
		got = grid_multipolygon_locate(plain, p[i].x, p[i].y);
		got2 = prepared != NULL ? grid_multipolygon_locate(prepared,
		    p[i].x, p[i].y) : got;
		count[want]++;
		if (got == want && got2 == want)
			continue;
		if (wrong++ < 5)
			printf("# (%.17g, %.17g): want %s, got %s, "
			    "prepared %s\n", p[i].x, p[i].y, where_name[want],
			    where_name[got], where_name[got2]);
	}
	snprintf(title, sizeof(title), "%s: %zu points as brute force%s "
	    "(%ld inside, %ld outside, %ld boundary)", what, n,
	    prepared != NULL ? ", prepared too" : "", count[GRID_GEO_INSIDE],
	    count[GRID_GEO_OUTSIDE], count[GRID_GEO_BOUNDARY]);
	ok(wrong == 0, title);
	if (want_all_classes)
		ok(count[0] > 0 && count[1] > 0 && count[2] > 0,
		    "all three answers occur");
}

/* Every point must be answered with want, plain and prepared. */
static void
expect_all(const char *what, const struct grid_multipolygon *plain,
    const struct grid_multipolygon *prepared, const struct grid_point *p,
    size_t n, enum grid_geo_location want)
{
	long wrong = 0;
	size_t i;

	/* the reference is slow on big shapes: every 4th point */
	for (i = 0; i < n; i++)
		if (grid_multipolygon_locate(plain, p[i].x, p[i].y) != want ||
		    (prepared != NULL && grid_multipolygon_locate(prepared,
		    p[i].x, p[i].y) != want) ||
		    (i % 4 == 0 && ref_locate(plain, p[i].x, p[i].y) != want)) {
			if (wrong++ < 5)
				printf("# (%.17g, %.17g) not %s\n", p[i].x,
				    p[i].y, where_name[want]);
		}
	ok(wrong == 0, what);
}

static void
is_where(const struct grid_multipolygon *mp, double x, double y,
    enum grid_geo_location want)
{
	char what[128];

	snprintf(what, sizeof(what), "(%g, %g) is %s", x, y, where_name[want]);
	is_int(grid_multipolygon_locate(mp, x, y), want, what);
}

/* ---- small shapes ---- */

static const char square_json[] =
    "{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}";

/* A comb: three teeth pointing up. */
static const char concave_json[] =
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[8,10],"
    "[8,2],[6,2],[6,10],[4,10],[4,2],[2,2],[2,10],[0,10],[0,0]]]}";

/* A square with a square hole and a diamond hole (clockwise). */
static const char holes_json[] =
    "{\"type\":\"Polygon\",\"coordinates\":["
    "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
    "[[2,2],[4,2],[4,4],[2,4],[2,2]],"
    "[[7,5],[5,7],[7,9],[9,7],[7,5]]]}";

/*
 * A square with a lake, an island in the lake, and a neighbour sharing
 * the edge x = 10.
 */
static const char multi_json[] =
    "{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[3,3],[7,3],[7,7],[3,7],[3,3]]],"
    "[[[4,4],[6,4],[6,6],[4,6],[4,4]]],"
    "[[[10,0],[14,0],[14,4],[10,4],[10,0]]]]}";

/* Lattice and uniform points against a small shape. */
static void
test_small(const char *what, const char *json, double x0, double step,
    long steps)
{
	struct grid_multipolygon *mp = geometry(json);
	struct grid_point *p;
	char title[128];

	ok(mp != NULL, what);
	if (mp == NULL)
		return;
	p = lattice(4000, x0, x0, step, steps);
	snprintf(title, sizeof(title), "%s, lattice", what);
	compare(title, mp, NULL, p, 4000, 1);
	free(p);
	p = uniform(4000, &mp->bbox, 0.2);
	snprintf(title, sizeof(title), "%s, uniform", what);
	compare(title, mp, NULL, p, 4000, 0);
	free(p);
	grid_multipolygon_free(mp);
}

static void
test_boundaries(void)
{
	struct grid_multipolygon *sq = geometry(square_json);
	struct grid_multipolygon *holes = geometry(holes_json);
	struct grid_multipolygon *multi = geometry(multi_json);

	if (sq == NULL || holes == NULL || multi == NULL) {
		ok(0, "boundary shapes parse");
		goto out;
	}
	is_where(sq, 0, 0, GRID_GEO_BOUNDARY);
	is_where(sq, 4, 4, GRID_GEO_BOUNDARY);
	is_where(sq, 4, 0, GRID_GEO_BOUNDARY);
	is_where(sq, 2, 0, GRID_GEO_BOUNDARY);
	is_where(sq, 4, 1.5, GRID_GEO_BOUNDARY);
	is_where(sq, 0, 3.999, GRID_GEO_BOUNDARY);
	is_where(sq, 1e-300, 2, GRID_GEO_INSIDE);
	is_where(sq, -1e-300, 2, GRID_GEO_OUTSIDE);
	is_where(sq, 2, 4 + 1e-15, GRID_GEO_OUTSIDE);
	is_where(sq, 5, 0, GRID_GEO_OUTSIDE);
	is_where(sq, -1, 4, GRID_GEO_OUTSIDE);
	is_where(sq, NAN, 2, GRID_GEO_OUTSIDE);
	is_where(sq, 2, NAN, GRID_GEO_OUTSIDE);
	is_where(sq, INFINITY, 2, GRID_GEO_OUTSIDE);

	is_where(holes, 2, 2, GRID_GEO_BOUNDARY);
	is_where(holes, 2, 3, GRID_GEO_BOUNDARY);
	is_where(holes, 3, 4, GRID_GEO_BOUNDARY);
	is_where(holes, 3, 3, GRID_GEO_OUTSIDE);
	is_where(holes, 8, 6, GRID_GEO_BOUNDARY);
	is_where(holes, 9, 7, GRID_GEO_BOUNDARY);
	is_where(holes, 6.5, 8.5, GRID_GEO_BOUNDARY);
	is_where(holes, 7, 7, GRID_GEO_OUTSIDE);
	is_where(holes, 9, 9, GRID_GEO_INSIDE);
	is_where(holes, 1, 7, GRID_GEO_INSIDE);
	is_where(holes, 10, 7, GRID_GEO_BOUNDARY);

	is_where(multi, 3, 5, GRID_GEO_BOUNDARY);
	is_where(multi, 5, 5, GRID_GEO_INSIDE);
	is_where(multi, 4, 4, GRID_GEO_BOUNDARY);
	is_where(multi, 3.5, 5, GRID_GEO_OUTSIDE);
	is_where(multi, 10, 2, GRID_GEO_BOUNDARY);
	is_where(multi, 10, 4, GRID_GEO_BOUNDARY);
	is_where(multi, 10, 6, GRID_GEO_BOUNDARY);
	is_where(multi, 10.5, 2, GRID_GEO_INSIDE);
	is_where(multi, 10.5, 6, GRID_GEO_OUTSIDE);
	is_int(grid_polygon_locate(&multi->polygons[2], 10, 2),
	    GRID_GEO_BOUNDARY, "shared edge: boundary of the neighbour too");
	is_int(grid_multipolygon_locate(NULL, 1, 1), GRID_GEO_OUTSIDE,
	    "NULL multipolygon: outside");
out:
	grid_multipolygon_free(sq);
	grid_multipolygon_free(holes);
	grid_multipolygon_free(multi);
}

/* ---- big shapes: plain, prepared and brute force agree ---- */

/*
 * Points exactly inside every third edge: its midpoint and quarter
 * points, exact in binary when the coordinates are whole numbers.
 */
static size_t
edge_points(const struct grid_ring *ring, struct grid_point *out, size_t max)
{
	const struct grid_point *a;
	size_t i, n = 0;

	for (i = 0; i + 1 < ring->npoints && n + 3 <= max; i += 3) {
		a = &ring->points[i];
		out[n].x = (a[0].x + a[1].x) / 2;
		out[n++].y = (a[0].y + a[1].y) / 2;
		out[n].x = (3 * a[0].x + a[1].x) / 4;
		out[n++].y = (3 * a[0].y + a[1].y) / 4;
		out[n].x = (a[0].x + 3 * a[1].x) / 4;
		out[n++].y = (a[0].y + 3 * a[1].y) / 4;
	}
	return n;
}

/* Points at vertices' y (slab bounds of the index), any x. */
static struct grid_point *
vertex_rows(const struct grid_ring *ring, size_t n, double xmin,
    double xmax)
{
	struct grid_point *p = malloc(n * sizeof(*p));
	const struct grid_point *v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = &ring->points[rnd_int(0, (long)ring->npoints - 2)];
		p[i].y = v->y;
		switch (i % 4) {
		case 0:
			p[i].x = xmin + rnd() * (xmax - xmin);
			break;
		case 1:
			p[i].x = v->x - 1;
			break;
		case 2:
			p[i].x = v->x + 1;
			break;
		default:
			p[i].x = round(xmin + rnd() * (xmax - xmin));
		}
	}
	return p;
}

/* Builds the shape twice, prepares one; NULL when anything failed. */
static int
twins(struct grid_point *const *rings, const size_t *sizes, size_t nrings,
    struct grid_multipolygon **plain, struct grid_multipolygon **prepared)
{
	struct grid_error err;

	*plain = polygon_of(rings, sizes, nrings);
	*prepared = polygon_of(rings, sizes, nrings);
	grid_error_clear(&err);
	if (*plain == NULL || *prepared == NULL ||
	    grid_multipolygon_prepare(*prepared, &err) != 0) {
		printf("# %s\n", err.text);
		return -1;
	}
	return 0;
}

static void
test_big(const char *what, struct grid_point *const *rings,
    const size_t *sizes, size_t nrings, int whole)
{
	struct grid_multipolygon *plain = NULL, *prepared = NULL;
	const struct grid_ring *outer;
	struct grid_point *p;
	char title[160];
	size_t n;

	ok(twins(rings, sizes, nrings, &plain, &prepared) == 0, what);
	if (plain == NULL || prepared == NULL)
		goto out;
	ok(plain->polygons[0].index == NULL &&
	    prepared->polygons[0].index != NULL, "only the prepared copy "
	    "has an index");
	outer = &plain->polygons[0].rings[0];
	p = uniform(3000, &plain->bbox, 0.05);
	snprintf(title, sizeof(title), "%s, uniform", what);
	compare(title, plain, prepared, p, 3000, 0);
	free(p);
	if (whole) {
		p = lattice(3000, floor(plain->bbox.xmin) - 10, floor(
		    plain->bbox.ymin) - 10, 1, (long)(plain->bbox.xmax -
		    plain->bbox.xmin) + 20);
		snprintf(title, sizeof(title), "%s, whole numbers", what);
		compare(title, plain, prepared, p, 3000, 0);
		free(p);
	}
	p = vertex_rows(outer, 3000, plain->bbox.xmin, plain->bbox.xmax);
	snprintf(title, sizeof(title), "%s, at vertices' y", what);
	compare(title, plain, prepared, p, 3000, 0);
	free(p);
	snprintf(title, sizeof(title), "%s: every vertex is boundary", what);
	expect_all(title, plain, prepared, outer->points, outer->npoints,
	    GRID_GEO_BOUNDARY);
	if (nrings > 1) {
		snprintf(title, sizeof(title), "%s: every vertex of the hole "
		    "is boundary", what);
		expect_all(title, plain, prepared,
		    plain->polygons[0].rings[1].points,
		    plain->polygons[0].rings[1].npoints, GRID_GEO_BOUNDARY);
	}
	if (whole) {
		n = outer->npoints + 3;
		p = malloc(n * sizeof(*p));
		n = edge_points(outer, p, n);
		snprintf(title, sizeof(title), "%s: %zu points inside edges "
		    "are boundary", what, n);
		expect_all(title, plain, prepared, p, n, GRID_GEO_BOUNDARY);
		free(p);
	}
out:
	grid_multipolygon_free(plain);
	grid_multipolygon_free(prepared);
}

/* A staircase: only horizontal and vertical edges, many at one y. */
static struct grid_point *
staircase(size_t steps, size_t *n)
{
	struct grid_point *p = malloc((2 * steps + 4) * sizeof(*p));
	size_t i, k = 0;

	p[k++] = (struct grid_point){ 0, 0 };
	p[k++] = (struct grid_point){ (double)steps, 0 };
	for (i = steps; i > 0; i--) {
		p[k++] = (struct grid_point){ (double)i, (double)(steps - i +
		    1) };
		p[k++] = (struct grid_point){ (double)(i - 1), (double)(steps -
		    i + 1) };
	}
	p[k++] = p[0];
	*n = k;
	return p;
}

static void
test_big_shapes(void)
{
	struct grid_point *rings[2];
	size_t sizes[2];

	rings[0] = star(5000, 0, 0, 100000, 50000, 1);
	sizes[0] = 5001;
	test_big("star of 5000 whole points", rings, sizes, 1, 1);
	free(rings[0]);

	rings[0] = star(5000, 116.4, 39.9, 0.05, 0.05, 0);
	test_big("circle of 5000 points at (116.4, 39.9)", rings, sizes, 1, 0);
	rings[1] = star(1000, 116.41, 39.9, 0.02, 0.025, 0);
	sizes[1] = 1001;
	test_big("circle with a star hole", rings, sizes, 2, 0);
	free(rings[0]);
	free(rings[1]);

	rings[0] = staircase(1000, &sizes[0]);
	test_big("staircase of 2000 edges", rings, sizes, 1, 1);
	free(rings[0]);
}

/*
 * Two polygons sharing a zig-zag edge of awkward coordinates: next to
 * it, a point is in exactly one, or on the edge of both.
 */
static void
test_shared_edge(void)
{
	struct grid_point *left = malloc(204 * sizeof(*left));
	struct grid_point *right = malloc(204 * sizeof(*right));
	struct grid_multipolygon *a, *b, *ap = NULL, *bp = NULL;
	struct grid_point *rings[1], p, *e;
	size_t sizes[1] = { 204 }, i, k, bad = 0, on = 0;
	enum grid_geo_location la, lb, lap, lbp;
	double t;

	for (i = 0; i <= 200; i++) {
		left[i].x = 116.397128 + 0.0001 * (i % 2) + 1e-7 * (double)i;
		left[i].y = 39.9 + 0.0003 * (double)i;
		right[200 - i] = left[i];
	}
	left[201] = (struct grid_point){ 116.3, left[200].y };
	left[202] = (struct grid_point){ 116.3, left[0].y };
	left[203] = left[0];
	right[201] = (struct grid_point){ 116.5, right[200].y };
	right[202] = (struct grid_point){ 116.5, right[0].y };
	right[203] = right[0];
	rings[0] = left;
	twins(rings, sizes, 1, &a, &ap);
	rings[0] = right;
	twins(rings, sizes, 1, &b, &bp);
	ok(a != NULL && b != NULL && ap != NULL && bp != NULL &&
	    ap->polygons[0].index != NULL, "two polygons with a shared edge");
	if (a == NULL || b == NULL || ap == NULL || bp == NULL)
		goto out;
	for (k = 0; k < 20000; k++) {
		e = &left[rnd_int(0, 199)];
		t = rnd();
		p.x = e[0].x + t * (e[1].x - e[0].x);
		p.y = e[0].y + t * (e[1].y - e[0].y);
		if (k % 10 == 0)
			p = e[0];
		else if (k % 2)
			p.x = nextafter(p.x, k % 4 == 1 ? 0 : 1000);
		la = grid_multipolygon_locate(a, p.x, p.y);
		lb = grid_multipolygon_locate(b, p.x, p.y);
		lap = grid_multipolygon_locate(ap, p.x, p.y);
		lbp = grid_multipolygon_locate(bp, p.x, p.y);
		on += la == GRID_GEO_BOUNDARY;
		if (la != lap || lb != lbp || !((la == GRID_GEO_BOUNDARY &&
		    lb == GRID_GEO_BOUNDARY) || (la == GRID_GEO_INSIDE &&
		    lb == GRID_GEO_OUTSIDE) || (la == GRID_GEO_OUTSIDE &&
		    lb == GRID_GEO_INSIDE))) {
			if (bad++ < 5)
				printf("# (%.17g, %.17g): %s and %s\n", p.x,
				    p.y, where_name[la], where_name[lb]);
		}
	}
	ok(bad == 0, "20000 points next to a shared edge: in exactly one "
	    "polygon, or on the edge of both");
	printf("# %zu of them exactly on the edge\n", on);
	ok(on > 0, "some points fall exactly on the edge");
out:
	grid_multipolygon_free(a);
	grid_multipolygon_free(b);
	grid_multipolygon_free(ap);
	grid_multipolygon_free(bp);
	free(left);
	free(right);
}

/* ---- parsing ---- */

static const char collection_json[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    /* 0: good, code a string */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100101\","
    "\"name\":\"一网格\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}},\n"
    /* 1: good, code a number, MultiPolygon with a hole, heights */
    "{\"type\":\"Feature\",\"properties\":{\"code\":11010100100102},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[4,0,1],[8,0,1],[8,4,1],[4,4,1],[4,0,1]],"
    "[[5,1],[6,1],[6,2],[5,2],[5,1]]],"
    "[[[9,0],[10,0],[10,1],[9,0]]]]}},\n"
    /* 2: unclosed ring */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100103\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4,4],[0,4],[0,1]]]}},\n"
    /* 3: too few points */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100104\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[0,0]]]}},\n"
    /* 4: bow-tie */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100105\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},\n"
    /* 5: zero area */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100106\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[1,1],[2,2],[0,0]]]}},\n"
    /* 6: no geometry member */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100107\"}},\n"
    /* 7: null geometry */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100108\"},"
    "\"geometry\":null},\n"
    /* 8: a Point */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100109\"},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},\n"
    /* 9: string coordinates */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100110\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,0],[4,0],[\"4\",\"4\"],[0,4],[0,0]]]}},\n"
    /* 10: no code */
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"x\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}},\n"
    /* 11: a hole crossing the outer ring, in polygon 2 */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100112\"},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
    "[[[20,0],[24,0],[24,4],[20,4],[20,0]]],"
    "[[[0,0],[4,0],[4,4],[0,4],[0,0]],"
    "[[1,1],[5,1],[5,2],[1,2],[1,1]]]]}},\n"
    /* 12: a hole outside the outer ring */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100113\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
    "[[0,0],[4,0],[4,4],[0,4],[0,0]],"
    "[[5,1],[6,1],[6,2],[5,2],[5,1]]]}},\n"
    /* 13: a position of one number */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100114\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4],[0,4],[0,0]]]}},\n"
    /* 14: code neither string nor number */
    "{\"type\":\"Feature\",\"properties\":{\"code\":true},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}},\n"
    /* 15: not a feature */
    "[1,2],\n"
    /* 16: a ring going back over itself */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100117\"},"
    "\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[0,0],[4,0],[4,4],[4,2],[4,6],[0,4],[0,0]]]}},\n"
    /* 17: a ring touching itself at a vertex */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100118\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,2],"
    "[4,0],[4,4],[2,2],[0,4],[0,0]]]}},\n"
    /* 18: good, a hole touching the outer ring at a point */
    "{\"type\":\"Feature\",\"properties\":{\"code\":1.10101001001e13},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
    "[[0,0],[4,0],[4,4],[0,4],[0,0]],"
    "[[0,2],[1,1],[1,3],[0,2]]]}},\n"
    /* 19: a hole inside another hole (an island: not a GeoJSON polygon) */
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"11010100100120\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
    "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
    "[[3,3],[5,3],[5,5],[3,5],[3,3]],"
    "[[1,1],[9,1],[9,9],[1,9],[1,1]]]}}\n"
    "]}";

/* The error expected for each feature of collection_json, "" if good. */
static const char *const collection_errors[] = {
	"",
	"",
	"features[2] (code '11010100100103'): outer ring: not closed: "
	    "first point (0, 0), last (0, 1)",
	"features[3] (code '11010100100104'): outer ring: too few points: 3, "
	    "at least 4 needed (the last repeating the first)",
	"features[4] (code '11010100100105'): outer ring: crosses itself "
	    "near (1, 1)",
	"features[5] (code '11010100100106'): outer ring: zero area: all "
	    "points on one line",
	"features[6] (code '11010100100107'): no geometry",
	"features[7] (code '11010100100108'): no geometry",
	"features[8] (code '11010100100109'): geometry type 'Point' is not "
	    "supported (only Polygon and MultiPolygon)",
	"features[9] (code '11010100100110'): outer ring: point 3: x is not "
	    "a number",
	"features[10]: no property 'code'",
	"features[11] (code '11010100100112'): polygon 2: hole 1 and the "
	    "outer ring cross near (4, 1)",
	"features[12] (code '11010100100113'): hole 1 lies outside the "
	    "outer ring",
	"features[13] (code '11010100100114'): outer ring: point 3: not a "
	    "position [x, y]",
	"features[14]: property 'code' is not a string or number",
	"features[15]: not a Feature object",
	"features[16] (code '11010100100117'): outer ring: goes back over "
	    "itself near (4, 4)",
	"features[17] (code '11010100100118'): outer ring: crosses itself "
	    "near (2, 2)",
	"",
	"features[19] (code '11010100100120'): hole 1 lies inside hole 2",
};

static const char *const collection_codes[] = {
	"11010100100101", "11010100100102", "11010100100103",
	"11010100100104", "11010100100105", "11010100100106",
	"11010100100107", "11010100100108", "11010100100109",
	"11010100100110", NULL, "11010100100112", "11010100100113",
	"11010100100114", NULL, NULL, "11010100100117", "11010100100118",
	"11010100100100", "11010100100120"
};

static void
test_collection(void)
{
	const size_t n = sizeof(collection_errors) /
	    sizeof(collection_errors[0]);
	const struct grid_feature *f;
	struct grid_multipolygon *kept = NULL;
	struct grid_geojson *gj;
	struct grid_error err;
	char what[64];
	size_t i;
	int rc;

	grid_error_clear(&err);
	gj = grid_geojson_parse(collection_json, strlen(collection_json),
	    "grids.geojson", "code", &err);
	ok(gj != NULL, "collection parses");
	if (gj == NULL) {
		printf("# %s\n", err.text);
		return;
	}
	is_int(grid_geojson_count(gj), n, "feature count");
	for (i = 0; i < n; i++) {
		grid_error_clear(&err);
		rc = grid_geojson_next(gj, &f, &err);
		snprintf(what, sizeof(what), "features[%zu]", i);
		is_int(rc, 1, what);
		if (rc != 1)
			break;
		is_int(f->index, i, "index");
		is_str(f->code, collection_codes[i], "code");
		if (collection_errors[i][0] == '\0') {
			ok(f->geometry != NULL, "good feature has geometry");
			is_str(err.text, "", "and no error");
		} else {
			ok(f->geometry == NULL, "bad feature: no geometry");
			is_str(err.text, collection_errors[i], "error text");
			is_int(err.code, GRID_EDATA, "GRID_EDATA");
			is_str(err.source, "grids.geojson", "source named");
		}
		if (i == 0) {
			is_str(json_string_value(json_object_get(
			    f->properties, "name")), "一网格", "properties");
			kept = grid_geojson_take_geometry(gj);
			ok(kept != NULL && f->geometry == NULL, "geometry taken");
		}
		if (i == 1)
			ok(f->geometry != NULL && f->geometry->npolygons == 2 &&
			    f->geometry->polygons[0].nrings == 2 &&
			    grid_multipolygon_area(f->geometry) == 15.5,
			    "multipolygon with a hole; heights ignored");
		if (i == 18)
			is_where(f->geometry, 0.5, 2, GRID_GEO_OUTSIDE);
	}
	is_int(grid_geojson_next(gj, &f, &err), 0, "end");
	is_int(grid_geojson_next(gj, &f, &err), 0, "still the end");
	grid_geojson_free(gj);
	ok(kept != NULL && kept->npolygons == 1 &&
	    grid_multipolygon_area(kept) == 16, "taken geometry outlives it");
	grid_multipolygon_free(kept);
}

/* grid_geojson_parse must fail with text (and line when > 0). */
static void
bad_document(const char *json, long line, const char *text)
{
	struct grid_geojson *gj;
	struct grid_error err;

	grid_error_clear(&err);
	gj = grid_geojson_parse(json, strlen(json), "in.geojson", "code",
	    &err);
	ok(gj == NULL, text);
	grid_geojson_free(gj);
	is_str(err.text, text, "error text");
	is_int(err.code, GRID_EDATA, "GRID_EDATA");
	if (line > 0)
		is_int(err.line, line, "line of the JSON error");
}

static void
test_bad_documents(void)
{
	bad_document("{\"type\":\"FeatureCollection\",\"features\":[\n"
	    "{\"type\":\"Feature\",\"properties\":{\"code\":\"1\"},\n"
	    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[NaN,0],[4,4],[0,0]]]}}]}", 3,
	    "invalid JSON: invalid token near 'NaN'");
	bad_document("{\"type\":\"FeatureCollection\",\"features\":[\n"
	    "{\"geometry\":{\"coordinates\":[[[1e999,0]]]}}]}", 2,
	    "invalid JSON: real number overflow near '1e999'");
	bad_document("{\"type\":\"Feature\"}", 0,
	    "not a GeoJSON FeatureCollection (type 'Feature')");
	bad_document("[]", 0, "not a GeoJSON FeatureCollection");
	bad_document("{\"type\":\"FeatureCollection\",\"features\":{}}", 0,
	    "not a GeoJSON FeatureCollection (type 'FeatureCollection')");
	bad_document("{\"type\":\"FeatureCollection\",\"features\":[],"
	    "\"features\":[]}", 1, "invalid JSON: duplicate object key near "
	    "'\"features\"'");
}

/* grid_ring_new refuses points with text. */
static void
bad_ring(const struct grid_point *p, size_t n, const char *text)
{
	struct grid_ring *ring;
	struct grid_error err;

	grid_error_clear(&err);
	ring = grid_ring_new(p, n, &err);
	ok(ring == NULL, text);
	is_str(err.text, text, "error text");
	grid_ring_free(ring);
}

static void
test_rings(void)
{
	struct grid_point p[5] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 },
	    { 0, 0 } };
	const struct grid_point dup[7] = { { 0, 0 }, { 0, 0 }, { 1, 0 },
	    { 1, 1 }, { 1, 1 }, { 0, 1 }, { 0, 0 } };
	const struct grid_point two[5] = { { 0, 0 }, { 1, 0 }, { 1, 0 },
	    { 0, 0 }, { 0, 0 } };
	struct grid_ring *ring;

	p[2].x = NAN;
	bad_ring(p, 5, "point 3: coordinate is not a finite number");
	p[2].x = 1;
	p[1].y = -INFINITY;
	bad_ring(p, 5, "point 2: coordinate is not a finite number");
	p[1].y = 1e300;
	bad_ring(p, 5, "point 2: coordinate out of range");
	p[1].y = 0;
	bad_ring(NULL, 0, "too few points: 0, at least 4 needed (the last "
	    "repeating the first)");
	bad_ring(two, 5, "too few distinct points: 2, at least 3 needed");
	ring = grid_ring_new(dup, 7, NULL);
	ok(ring != NULL && ring->npoints == 5, "repeated points dropped");
	ok(ring != NULL && ring->area == 1 && ring->bbox.xmin == 0 &&
	    ring->bbox.xmax == 1 && ring->bbox.ymin == 0 &&
	    ring->bbox.ymax == 1, "area and box of a ring");
	grid_ring_free(ring);
	grid_ring_free(NULL);
	grid_polygon_free(NULL);
	grid_multipolygon_free(NULL);
	grid_geojson_free(NULL);
	ok(1, "free functions accept NULL");
}

/* ---- area, box, prepare ---- */

static void
test_area(void)
{
	struct grid_multipolygon *mp = geometry(
	    "{\"type\":\"Polygon\",\"coordinates\":["
	    "[[0,0],[0,10],[10,10],[10,0],[0,0]],"
	    "[[2,2],[2,4],[4,4],[4,2],[2,2]]]}");
	struct grid_multipolygon *multi = geometry(multi_json);

	ok(mp != NULL && grid_multipolygon_area(mp) == 96,
	    "area of a 10 x 10 square with a 2 x 2 hole, clockwise");
	ok(mp != NULL && grid_polygon_area(&mp->polygons[0]) == 96,
	    "same for the polygon");
	ok(mp != NULL && mp->bbox.xmin == 0 && mp->bbox.ymin == 0 &&
	    mp->bbox.xmax == 10 && mp->bbox.ymax == 10, "bounding box");
	ok(multi != NULL && grid_multipolygon_area(multi) == 84 + 4 + 16,
	    "multipolygon area: sum of its polygons");
	ok(multi != NULL && multi->bbox.xmax == 14 && multi->bbox.ymax == 10,
	    "multipolygon box");
	ok(grid_multipolygon_area(NULL) == 0, "NULL has no area");
	grid_multipolygon_free(mp);
	grid_multipolygon_free(multi);
}

static void
test_prepare_invalid(void)
{
	struct grid_point *rings[2];
	size_t sizes[2] = { 65, 5 };
	struct grid_point hole[5] = { { 0, 0 }, { 20, 0 }, { 20, 1 },
	    { 0, 1 }, { 0, 0 } };
	struct grid_multipolygon *mp = grid_multipolygon_new();
	struct grid_polygon *poly = grid_polygon_new();
	struct grid_error err;
	size_t r;

	rings[0] = star(64, 0, 0, 10, 10, 0);
	rings[1] = hole;
	grid_error_clear(&err);
	for (r = 0; r < 2; r++)
		grid_polygon_take_ring(poly, grid_ring_new(rings[r], sizes[r],
		    NULL), &err);
	ok(poly->nrings == 2, "a hole crossing the outer ring can be built");
	grid_multipolygon_take_polygon(mp, poly, &err);
	is_int(grid_multipolygon_prepare(mp, &err), -1,
	    "but not prepared");
	ok(strncmp(err.text, "hole 1 and the outer ring cross near",
	    36) == 0, err.text);
	ok(mp->polygons[0].index == NULL, "no index");
	is_int(grid_multipolygon_take_polygon(mp, grid_polygon_new(), &err),
	    -1, "a polygon without rings is refused");
	is_int(mp->npolygons, 1, "and not added");
	grid_multipolygon_free(mp);
	free(rings[0]);
}

/* ---- writing ---- */

static void
test_write(void)
{
	struct grid_multipolygon *sq = geometry(square_json);
	struct grid_multipolygon *mp = geometry(
	    "{\"type\":\"MultiPolygon\",\"coordinates\":["
	    "[[[116.397128,39.916527],[116.4,39.916527],[116.4,39.92],"
	    "[116.397128,39.92],[116.397128,39.916527]],"
	    "[[116.398,39.917],[116.399,39.917],[116.3985,39.918],"
	    "[116.398,39.917]]],"
	    "[[[0.1,-0.2],[1e-7,0.30000000000000004],[-1e-7,5e-324],"
	    "[0.1,-0.2]]]]}");
	struct grid_multipolygon *back = NULL;
	struct grid_buf buf = GRID_BUF_INIT, again = GRID_BUF_INIT;
	struct grid_error err;
	json_t *json;
	size_t i, r, k;
	int same;

	ok(sq != NULL && mp != NULL, "shapes to write");
	if (sq == NULL || mp == NULL)
		goto out;
	grid_error_clear(&err);
	ok(grid_geojson_write(&buf, sq, &err) == 0, "write a polygon");
	is_str(buf.data, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[4,0],[4,4],[0,4],[0,0]]]}", "polygon text");
	grid_buf_reset(&buf);
	ok(grid_geojson_write(&buf, mp, &err) == 0, "write a multipolygon");
	is_str(buf.data, "{\"type\":\"MultiPolygon\",\"coordinates\":["
	    "[[[116.397128,39.916527],[116.4,39.916527],[116.4,39.92],"
	    "[116.397128,39.92],[116.397128,39.916527]],"
	    "[[116.398,39.917],[116.399,39.917],[116.3985,39.918],"
	    "[116.398,39.917]]],"
	    "[[[0.1,-0.2],[1e-07,0.30000000000000004],"
	    "[-1e-07,4.94065645841247e-324],[0.1,-0.2]]]]}",
	    "multipolygon text: shortest exact numbers");
	json = json_loads(buf.data, 0, NULL);
	back = json != NULL ? grid_geojson_geometry(json, &err) : NULL;
	json_decref(json);
	same = back != NULL && back->npolygons == mp->npolygons;
	for (i = 0; same && i < mp->npolygons; i++) {
		same = back->polygons[i].nrings == mp->polygons[i].nrings;
		for (r = 0; same && r < mp->polygons[i].nrings; r++) {
			same = back->polygons[i].rings[r].npoints ==
			    mp->polygons[i].rings[r].npoints;
			for (k = 0; same && k <
			    mp->polygons[i].rings[r].npoints; k++)
				same = memcmp(&back->polygons[i].rings[r].points[k],
				    &mp->polygons[i].rings[r].points[k],
				    sizeof(struct grid_point)) == 0;
		}
	}
	ok(same, "round trip: the same points, bit for bit");
	ok(back != NULL && grid_geojson_write(&again, back, &err) == 0 &&
	    strcmp(again.data, buf.data) == 0, "and the same text again");

	grid_buf_release(&again);
	grid_buf_init(&again, 40);
	is_int(grid_buf_adds(&again, "x"), 0, "a small start fits");
	is_int(grid_geojson_write(&again, mp, &err), -1, "over the cap fails");
	is_str(again.data, "x", "buffer as it was");
	is_int(err.code, GRID_EINTERNAL, "GRID_EINTERNAL");
out:
	grid_buf_release(&buf);
	grid_buf_release(&again);
	grid_multipolygon_free(sq);
	grid_multipolygon_free(mp);
	grid_multipolygon_free(back);
}

/* ---- files ---- */

static void
test_load(void)
{
	char plain[] = "/tmp/test_geo_XXXXXX", gz[64];
	struct grid_geojson *gj;
	const struct grid_feature *f;
	struct grid_error err;
	gzFile out;
	FILE *fp;
	int fd;

	if ((fd = mkstemp(plain)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		ok(0, "temporary file");
		return;
	}
	fputs(collection_json, fp);
	fclose(fp);
	snprintf(gz, sizeof(gz), "%s.gz", plain);
	out = gzopen(gz, "wb");
	gzputs(out, collection_json);
	gzclose(out);

	grid_error_clear(&err);
	gj = grid_geojson_load(plain, "code", &err);
	ok(gj != NULL && grid_geojson_count(gj) == 20, "load a file");
	ok(gj != NULL && grid_geojson_next(gj, &f, &err) == 1 &&
	    f->geometry != NULL, "first feature");
	grid_geojson_free(gj);
	gj = grid_geojson_load(gz, NULL, &err);
	ok(gj != NULL && grid_geojson_count(gj) == 20, "load a gzip file");
	ok(gj != NULL && grid_geojson_next(gj, &f, &err) == 1 &&
	    f->code == NULL && f->geometry != NULL, "no code wanted: none");
	grid_geojson_free(gj);
	unlink(plain);
	unlink(gz);

	gj = grid_geojson_load(plain, "code", &err);
	ok(gj == NULL && err.code == GRID_ENOINPUT, "missing file");
	is_str(err.source, plain, "names the file");
	gj = grid_geojson_load("/tmp", "code", &err);
	ok(gj == NULL && err.code == GRID_ENOINPUT, "a directory");
	is_str(err.text, "cannot read: is a directory", err.text);
}

int
main(void)
{
	test_small("square", square_json, -1, 0.25, 24);
	test_small("concave comb", concave_json, -1, 0.5, 24);
	test_small("square with two holes", holes_json, -1, 0.5, 24);
	test_small("multipolygon with lake, island, neighbour", multi_json,
	    -1, 0.5, 32);
	test_boundaries();
	test_big_shapes();
	test_shared_edge();
	test_collection();
	test_bad_documents();
	test_rings();
	test_area();
	test_prepare_invalid();
	test_write();
	test_load();
	return tap_done();
}
