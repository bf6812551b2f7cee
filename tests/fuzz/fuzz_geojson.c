/*
 * fuzz_geojson.c - the GeoJSON loader (grid_geojson_load and its
 * features), the reader of stored geometry text (grid_geojson_stored)
 * and, for every geometry accepted, what geo.h promises of it.
 *
 * A feature either has a valid geometry and a code, or a data error
 * naming it.  A valid geometry has closed rings of at least three
 * distinct points inside its bounding box, an area not below zero (one
 * hole at most: see check_shape); written as GeoJSON it reads back
 * (stored, and through jansson) to the same points; every vertex lies
 * on the boundary; and locating a point gives the same answer before
 * and after grid_multipolygon_prepare, also with each edge cut in
 * eight (so that small polygons get an index too).
 * Stored text that jansson reads as a valid geometry is read by the
 * fast path to the same points.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/buf.h"
#include "grid/geo.h"
#include "grid/geojson.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/*.geojson",
	"tests/fixtures/geo/*.geojson",
	NULL
};

#define MAX_QUERIES 600		/* points located per geometry, at most */

/* Whether a and b hold the same polygons, rings and points. */
static int
same_points(const struct grid_multipolygon *a,
    const struct grid_multipolygon *b)
{
	const struct grid_ring *ra, *rb;
	size_t i, r, k;

	if (a->npolygons != b->npolygons)
		return 0;
	for (i = 0; i < a->npolygons; i++) {
		if (a->polygons[i].nrings != b->polygons[i].nrings)
			return 0;
		for (r = 0; r < a->polygons[i].nrings; r++) {
			ra = &a->polygons[i].rings[r];
			rb = &b->polygons[i].rings[r];
			if (ra->npoints != rb->npoints)
				return 0;
			for (k = 0; k < ra->npoints; k++)
				if (ra->points[k].x != rb->points[k].x ||
				    ra->points[k].y != rb->points[k].y)
					return 0;
		}
	}
	return 1;
}

/* The shape every ring object has (geo.h). */
static void
check_ring(const struct grid_ring *ring)
{
	const struct grid_point *p = ring->points;
	size_t n = ring->npoints, k;

	CHECK(n >= 4);
	CHECK(p[0].x == p[n - 1].x && p[0].y == p[n - 1].y);
	for (k = 0; k < n; k++) {
		CHECK(isfinite(p[k].x) && isfinite(p[k].y));
		CHECK(grid_bbox_contains(&ring->bbox, p[k].x, p[k].y));
		CHECK(k == 0 || p[k].x != p[k - 1].x || p[k].y != p[k - 1].y);
	}
}

/*
 * The shape of mp's rings; when it was validated, also how they lie:
 * a hole inside the outer ring leaves an area of at least zero (give or
 * take rounding).  With more holes, one inside another passes
 * validation (geo.h says so) and its area is taken off twice: not
 * checked.
 */
static void
check_shape(const struct grid_multipolygon *mp, int validated)
{
	const struct grid_polygon *poly;
	double area, outer;
	size_t i, r;

	CHECK(mp->npolygons >= 1);
	for (i = 0; i < mp->npolygons; i++) {
		poly = &mp->polygons[i];
		CHECK(poly->nrings >= 1);
		for (r = 0; r < poly->nrings; r++)
			check_ring(&poly->rings[r]);
		if (!validated)
			continue;
		area = grid_polygon_area(poly);
		outer = fabs(poly->rings[0].area);
		CHECK(poly->nrings > 2 || area >= -1e-9 * outer);
	}
}

/* Written as GeoJSON, mp reads back to the same points both ways. */
static void
check_written(const struct grid_multipolygon *mp)
{
	struct grid_multipolygon *back;
	struct grid_buf buf;
	json_t *json;

	grid_buf_init(&buf, 0);
	CHECK(grid_geojson_write(&buf, mp, NULL) == 0);
	back = grid_geojson_stored(buf.data, NULL);
	CHECK(back != NULL && back->trusted && same_points(back, mp));
	grid_multipolygon_free(back);
	json = json_loads(buf.data, 0, NULL);
	back = grid_geojson_geometry(json, NULL);
	CHECK(back != NULL && same_points(back, mp));
	grid_multipolygon_free(back);
	json_decref(json);
	grid_buf_release(&buf);
}

/* The points to locate: vertices, midpoints, a lattice over the box. */
static size_t
queries(const struct grid_multipolygon *mp, struct grid_point *q,
    size_t max)
{
	const struct grid_bbox *b = &mp->bbox;
	const struct grid_ring *ring;
	size_t n = 0, i, r, k;
	double dx = (b->xmax - b->xmin) / 6, dy = (b->ymax - b->ymin) / 6;

	for (i = 0; i <= 6; i++)
		for (k = 0; k <= 6; k++) {
			q[n].x = i < 6 ? b->xmin + (double)i * dx : b->xmax;
			q[n++].y = k < 6 ? b->ymin + (double)k * dy : b->ymax;
		}
	for (i = 0; i < mp->npolygons; i++)
		for (r = 0; r < mp->polygons[i].nrings; r++) {
			ring = &mp->polygons[i].rings[r];
			for (k = 0; k + 1 < ring->npoints && n + 2 <= max;
			    k++) {
				q[n++] = ring->points[k];
				q[n].x = ring->points[k].x / 2 +
				    ring->points[k + 1].x / 2;
				q[n++].y = ring->points[k].y / 2 +
				    ring->points[k + 1].y / 2;
			}
		}
	return n;
}

/* Every vertex of every ring lies on its polygon's boundary. */
static void
check_vertices(const struct grid_multipolygon *mp)
{
	const struct grid_polygon *poly;
	const struct grid_point *p;
	size_t i, r, k, n = 0;

	for (i = 0; i < mp->npolygons; i++) {
		poly = &mp->polygons[i];
		for (r = 0; r < poly->nrings; r++)
			for (k = 0; k + 1 < poly->rings[r].npoints &&
			    n++ < MAX_QUERIES; k++) {
				p = &poly->rings[r].points[k];
				CHECK(grid_polygon_locate(poly, p->x, p->y) ==
				    GRID_GEO_BOUNDARY);
			}
	}
}

/* The same answers with the index as without; vertices on edges. */
static void
check_locate(struct grid_multipolygon *mp)
{
	static struct grid_point q[MAX_QUERIES];
	static enum grid_geo_location before[MAX_QUERIES];
	struct grid_error err;
	size_t n = queries(mp, q, MAX_QUERIES), i;
	double far = mp->bbox.xmax + fabs(mp->bbox.xmax) + 1;

	for (i = 0; i < n; i++)
		before[i] = grid_multipolygon_locate(mp, q[i].x, q[i].y);
	check_vertices(mp);
	CHECK(grid_multipolygon_locate(mp, NAN, 0) == GRID_GEO_OUTSIDE);
	CHECK(grid_multipolygon_locate(mp, far, mp->bbox.ymin) ==
	    GRID_GEO_OUTSIDE);
	CHECK(grid_multipolygon_prepare(mp, &err) == 0);
	for (i = 0; i < n; i++)
		CHECK(grid_multipolygon_locate(mp, q[i].x, q[i].y) ==
		    before[i]);
	check_vertices(mp);
}

/*
 * A new copy of ring with each edge cut in DENSER pieces, or NULL when
 * rounding made it invalid: a polygon of four edges then has the
 * GRID_GEO_INDEX_MIN_EDGES that get it an index.
 */
#define DENSER 8
static struct grid_ring *
denser_ring(const struct grid_ring *ring)
{
	const struct grid_point *p = ring->points;
	struct grid_point *q;
	struct grid_ring *out;
	size_t n = 0, k, j;

	q = malloc(((ring->npoints - 1) * DENSER + 1) * sizeof(*q));
	if (q == NULL)
		abort();
	for (k = 0; k + 1 < ring->npoints; k++)
		for (j = 0; j < DENSER; j++) {
			q[n].x = p[k].x + (p[k + 1].x - p[k].x) * j / DENSER;
			q[n++].y = p[k].y + (p[k + 1].y - p[k].y) * j / DENSER;
		}
	q[n++] = p[0];
	out = grid_ring_new(q, n, NULL);
	free(q);
	return out;
}

/* A new, valid copy of mp with denser rings, or NULL. */
static struct grid_multipolygon *
denser(const struct grid_multipolygon *mp)
{
	struct grid_multipolygon *out = grid_multipolygon_new();
	struct grid_polygon *poly;
	size_t i, r;

	for (i = 0; out != NULL && i < mp->npolygons; i++) {
		poly = grid_polygon_new();
		for (r = 0; poly != NULL && r < mp->polygons[i].nrings; r++)
			if (grid_polygon_take_ring(poly, denser_ring(
			    &mp->polygons[i].rings[r]), NULL) != 0) {
				grid_polygon_free(poly);
				poly = NULL;
			}
		if (grid_multipolygon_take_polygon(out, poly, NULL) != 0) {
			grid_multipolygon_free(out);
			out = NULL;
		}
	}
	if (out != NULL && grid_multipolygon_validate(out, NULL) != 0) {
		grid_multipolygon_free(out);
		out = NULL;
	}
	return out;
}

static void
check_geometry(struct grid_multipolygon *mp)
{
	struct grid_multipolygon *dense;

	check_shape(mp, 1);
	check_written(mp);
	check_locate(mp);
	if ((dense = denser(mp)) != NULL) {
		check_shape(dense, 1);
		check_locate(dense);
	}
	grid_multipolygon_free(dense);
}

static void
check_collection(const uint8_t *data, size_t size)
{
	const struct grid_feature *f;
	struct grid_geojson *gj;
	struct grid_error err;
	size_t count = 0;
	int rc;

	grid_error_clear(&err);
	gj = grid_geojson_load(fuzz_file(data, size), "code", &err);
	if (gj == NULL) {
		CHECK(err.code == GRID_EDATA && err.text[0] != '\0');
		return;
	}
	for (;;) {
		grid_error_clear(&err);
		if ((rc = grid_geojson_next(gj, &f, &err)) != 1)
			break;
		CHECK(f->index == count++);
		if (f->geometry == NULL) {
			CHECK(err.code == GRID_EDATA);
			CHECK(strncmp(err.text, "features[", 9) == 0);
			continue;
		}
		CHECK(err.code == 0);
		CHECK(f->code != NULL && f->code[0] != '\0');
		CHECK(f->properties != NULL);
		check_geometry(f->geometry);
		if (count % 2 == 0)
			grid_multipolygon_free(grid_geojson_take_geometry(gj));
	}
	CHECK(rc == 0 && count == grid_geojson_count(gj));
	grid_geojson_free(gj);
}

/* The input as stored text, against jansson's reading of it. */
static void
check_stored(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct grid_multipolygon *stored, *general;
	json_t *json;

	stored = grid_geojson_stored(text, NULL);
	if (stored != NULL)
		check_shape(stored, !stored->trusted);
	json = json_loads(text, 0, NULL);
	general = json != NULL ? grid_geojson_geometry(json, NULL) : NULL;
	if (general != NULL) {
		CHECK(stored != NULL && same_points(stored, general));
		check_geometry(general);
	}
	grid_multipolygon_free(general);
	grid_multipolygon_free(stored);
	json_decref(json);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_collection(data, size);
	check_stored(data, size);
	return 0;
}
