/*
 * geo_locate.c - where a point lies: exact orientation, the crossing
 * number with exact handling of edges and vertices, and the optional
 * per-polygon edge index built by grid_multipolygon_prepare.
 *
 * Every decision about which side of a line a point lies on goes
 * through orient(), which is exact: a floating-point estimate when it is
 * clearly right (Shewchuk's error bound), else the exact sum of the
 * products.  So "on the edge" means on it, and the two polygons of a
 * shared edge always agree about a point next to it.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "grid/geo.h"
#include "geo_internal.h"
#include "internal.h"

/* ---- exact orientation ---- */

/* a + b == *sum + *err exactly. */
static void
two_sum(double a, double b, double *sum, double *err)
{
	double s = a + b;
	double bv = s - a;
	double av = s - bv;

	*sum = s;
	*err = (a - av) + (b - bv);
}

/*
 * Sign of the exact sum of n doubles (n <= 12): grows a nonoverlapping
 * expansion (Shewchuk), whose largest nonzero part has the sign of the
 * whole.
 */
static int
exact_sign(const double *terms, size_t n)
{
	double h[12] = { 0 };
	size_t len = 0, i, j;
	double q;

	for (i = 0; i < n && len < 12; i++) {
		q = terms[i];
		for (j = 0; j < len; j++)
			two_sum(q, h[j], &q, &h[j]);
		h[len++] = q;
	}
	for (i = len; i-- > 0;)
		if (h[i] != 0)
			return h[i] > 0 ? 1 : -1;
	return 0;
}

/* (b - a) x (c - a) expanded into six exact products. */
static int
orient_exact(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c)
{
	const double f[6][2] = {
		{ b->x, c->y }, { -b->x, a->y }, { -a->x, c->y },
		{ -b->y, c->x }, { b->y, a->x }, { a->y, c->x }
	};
	double terms[12];
	size_t i;

	for (i = 0; i < 6; i++) {
		terms[2 * i] = f[i][0] * f[i][1];
		terms[2 * i + 1] = fma(f[i][0], f[i][1], -terms[2 * i]);
	}
	return exact_sign(terms, 12);
}

/*
 * 1 when c lies left of the line a->b (counter-clockwise), -1 right,
 * 0 on the line.  Exact.
 */
static int
orient(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c)
{
	static const double bound = (3.0 + 8.0 * DBL_EPSILON) *
	    (DBL_EPSILON / 2);
	double left = (b->x - a->x) * (c->y - a->y);
	double right = (b->y - a->y) * (c->x - a->x);
	double det = left - right;

	if (fabs(det) > bound * (fabs(left) + fabs(right)))
		return det > 0 ? 1 : -1;
	return orient_exact(a, b, c);
}

int
gridi_geo_orient(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *c)
{
	return orient(a, b, c);
}

int
grid_bbox_contains(const struct grid_bbox *box, double x, double y)
{
	return x >= box->xmin && x <= box->xmax && y >= box->ymin &&
	    y <= box->ymax;
}

/* ---- the crossing number ---- */

/*
 * Looks at edge a-b for point p: returns 1 when p is on it, else
 * adds 1 to *crossings when the ray from p towards +x crosses it.  An
 * edge is crossed when one end is above p and the other at or below
 * (the half-open rule: a vertex on the ray is counted once).
 */
static int
edge_test_ab(const struct grid_point *a, const struct grid_point *b,
    const struct grid_point *p, unsigned *crossings)
{
	int a_above = a->y > p->y, b_above = b->y > p->y, o;

	if (a_above == b_above) {
		if (a_above || (a->y != p->y && b->y != p->y))
			return 0;
		if (a->y == b->y)
			return fmin(a->x, b->x) <= p->x &&
			    p->x <= fmax(a->x, b->x);
		return (a->y == p->y && a->x == p->x) ||
		    (b->y == p->y && b->x == p->x);
	}
	if (p->x < a->x && p->x < b->x) {
		(*crossings)++;
		return 0;
	}
	if (p->x > a->x && p->x > b->x)
		return 0;
	if ((o = orient(a, b, p)) == 0)
		return 1;
	if ((o > 0) == b_above)
		(*crossings)++;
	return 0;
}

/* edge_test_ab for the edge a[0]-a[1]. */
static int
edge_test(const struct grid_point *a, const struct grid_point *p,
    unsigned *crossings)
{
	return edge_test_ab(a, a + 1, p, crossings);
}

/* Returns 1 when p is on ring, else adds its crossings. */
static int
ring_test(const struct grid_ring *ring, const struct grid_point *p,
    unsigned *crossings)
{
	size_t i;

	/* A ring whose box does not hold p adds an even count. */
	if (!grid_bbox_contains(&ring->bbox, p->x, p->y))
		return 0;
	for (i = 0; i + 1 < ring->npoints; i++)
		if (edge_test(&ring->points[i], p, crossings))
			return 1;
	return 0;
}

enum grid_geo_location
gridi_geo_ring_locate(const struct grid_ring *ring,
    const struct grid_point *p)
{
	unsigned crossings = 0;

	if (ring_test(ring, p, &crossings))
		return GRID_GEO_BOUNDARY;
	return crossings & 1 ? GRID_GEO_INSIDE : GRID_GEO_OUTSIDE;
}

/*
 * ---- the edge index ----
 *
 * The y range is cut into nslabs slabs (a power of two) at quantiles of
 * the vertices' y, so each slab holds a few vertices.  An edge is listed
 * in full in the two slabs of its ends ("partial" lists, searched
 * linearly with edge_test), and, for the slabs strictly between, in the
 * nodes of a segment tree over the slabs that cover them.  Edges in a
 * node's list span all of its slabs with no end inside, so (the polygon
 * being valid) they do not meet there and are kept sorted left to right:
 * a binary search tells how many lie right of the point.  A query reads
 * one partial list and one list per tree level.
 *
 * Lists are kept in one array: list s < nslabs is slab s's partial list,
 * list nslabs + v is tree node v (1 = root, nslabs + s = slab s's leaf).
 */
struct grid_geo_index {
	size_t nslabs;
	double *bounds;		/* nslabs - 1, ascending: where slabs begin */
	uint32_t *start;	/* 3 * nslabs + 1: list l is edges[start[l] */
	const struct grid_point **edges;	/* .. start[l + 1]) */
};

void
gridi_geo_index_free(struct grid_geo_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->bounds);
	free(ix->start);
	free(ix->edges);
	free(ix);
}

/* The slab of y: how many bounds are <= y (monotone in y). */
static size_t
slab_of(const struct grid_geo_index *ix, double y)
{
	size_t lo = 0, hi = ix->nslabs - 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ix->bounds[mid] <= y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The lower and upper end of edge a[0]-a[1]. */
static void
edge_ends(const struct grid_point *a, const struct grid_point **lo,
    const struct grid_point **hi)
{
	int up = a[0].y <= a[1].y;

	*lo = up ? &a[0] : &a[1];
	*hi = up ? &a[1] : &a[0];
}

/*
 * Left-to-right order of two edges that do not cross and share a y
 * range: the higher of the two lower ends is tested against the other
 * edge; when it lies on it, the lower of the two upper ends.
 */
static int
edge_order(const void *pa, const void *pb)
{
	const struct grid_point *e = *(const struct grid_point *const *)pa;
	const struct grid_point *f = *(const struct grid_point *const *)pb;
	const struct grid_point *elo, *ehi, *flo, *fhi;
	int left;	/* > 0: e lies left of f */

	edge_ends(e, &elo, &ehi);
	edge_ends(f, &flo, &fhi);
	if (elo->y >= flo->y)
		left = orient(flo, fhi, elo);
	else
		left = -orient(elo, ehi, flo);
	if (left == 0) {
		if (ehi->y <= fhi->y)
			left = orient(flo, fhi, ehi);
		else
			left = -orient(elo, ehi, fhi);
	}
	if (left != 0)
		return left > 0 ? -1 : 1;
	return (e > f) - (e < f);
}

/*
 * Calls visit on each list edge a belongs to: the partial lists of its
 * ends' slabs and the tree nodes covering the slabs between.
 */
static void
index_place(struct grid_geo_index *ix, const struct grid_point *a,
    void (*visit)(struct grid_geo_index *, size_t, const struct grid_point *,
    void *), void *ctx)
{
	const struct grid_point *lo, *hi;
	size_t s0, s1, l, r, k = ix->nslabs;

	edge_ends(a, &lo, &hi);
	s0 = slab_of(ix, lo->y);
	s1 = slab_of(ix, hi->y);
	visit(ix, s0, a, ctx);
	if (s1 != s0)
		visit(ix, s1, a, ctx);
	if (s1 < s0 + 2)
		return;
	for (l = k + s0 + 1, r = k + s1; l < r; l >>= 1, r >>= 1) {
		if (l & 1)
			visit(ix, k + l++, a, ctx);
		if (r & 1)
			visit(ix, k + --r, a, ctx);
	}
}

static void
count_edge(struct grid_geo_index *ix, size_t list,
    const struct grid_point *a, void *ctx)
{
	size_t *count = ctx;

	(void)ix;
	(void)a;
	count[list]++;
}

static void
store_edge(struct grid_geo_index *ix, size_t list,
    const struct grid_point *a, void *ctx)
{
	size_t *cursor = ctx;

	ix->edges[cursor[list]++] = a;
}

static int
double_order(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* Slab bounds at quantiles of the vertices' y. */
static int
index_bounds(struct grid_geo_index *ix, const struct grid_polygon *poly,
    size_t nedges)
{
	double *ys;
	size_t r, i, n = 0;

	if ((ys = malloc(nedges * sizeof(*ys))) == NULL)
		return -1;
	for (r = 0; r < poly->nrings; r++)
		for (i = 0; i + 1 < poly->rings[r].npoints; i++)
			ys[n++] = poly->rings[r].points[i].y;
	qsort(ys, n, sizeof(*ys), double_order);
	for (i = 1; i < ix->nslabs; i++)
		ix->bounds[i - 1] = ys[i * n / ix->nslabs];
	free(ys);
	return 0;
}

/* Places every edge of poly with visit. */
static void
index_place_all(struct grid_geo_index *ix, const struct grid_polygon *poly,
    void (*visit)(struct grid_geo_index *, size_t, const struct grid_point *,
    void *), void *ctx)
{
	size_t r, i;

	for (r = 0; r < poly->nrings; r++)
		for (i = 0; i + 1 < poly->rings[r].npoints; i++)
			index_place(ix, &poly->rings[r].points[i], visit,
			    ctx);
}

static struct grid_geo_index *
index_build(const struct grid_polygon *poly)
{
	struct grid_geo_index *ix;
	size_t nedges = grid_polygon_edges(poly), nlists, l, total = 0;
	size_t *count = NULL;

	if ((ix = calloc(1, sizeof(*ix))) == NULL)
		return NULL;
	for (ix->nslabs = 1; ix->nslabs < nedges / 2; ix->nslabs *= 2)
		;
	nlists = 3 * ix->nslabs;
	ix->bounds = malloc(ix->nslabs * sizeof(*ix->bounds));
	ix->start = malloc((nlists + 1) * sizeof(*ix->start));
	count = calloc(nlists, sizeof(*count));
	if (ix->bounds == NULL || ix->start == NULL || count == NULL ||
	    index_bounds(ix, poly, nedges) != 0)
		goto bad;
	index_place_all(ix, poly, count_edge, count);
	for (l = 0; l < nlists; l++) {
		ix->start[l] = (uint32_t)total;
		total += count[l];
		count[l] = ix->start[l];
	}
	ix->start[nlists] = (uint32_t)total;
	if (total > UINT32_MAX ||
	    (ix->edges = malloc(total * sizeof(*ix->edges))) == NULL)
		goto bad;
	index_place_all(ix, poly, store_edge, count);
	for (l = ix->nslabs; l < nlists; l++)
		qsort(ix->edges + ix->start[l], ix->start[l + 1] -
		    ix->start[l], sizeof(*ix->edges), edge_order);
	free(count);
	return ix;
bad:
	free(count);
	gridi_geo_index_free(ix);
	return NULL;
}

/* Which side of edge a[0]-a[1], taken upwards, p lies: 1 left, -1 right. */
static int
side_up(const struct grid_point *a, const struct grid_point *p)
{
	const struct grid_point *lo, *hi;

	edge_ends(a, &lo, &hi);
	return orient(lo, hi, p);
}

static enum grid_geo_location
index_locate(const struct grid_geo_index *ix, const struct grid_point *p)
{
	const struct grid_point *const *list;
	size_t s = slab_of(ix, p->y), v, l, n, lo, hi, mid;
	unsigned crossings = 0;
	uint32_t i;

	for (i = ix->start[s]; i < ix->start[s + 1]; i++)
		if (edge_test(ix->edges[i], p, &crossings))
			return GRID_GEO_BOUNDARY;
	for (v = ix->nslabs + s; v >= 1; v >>= 1) {
		l = ix->nslabs + v;
		n = ix->start[l + 1] - ix->start[l];
		if (n == 0)
			continue;
		list = ix->edges + ix->start[l];
		/* the first edge that p is left of, or on */
		for (lo = 0, hi = n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (side_up(list[mid], p) >= 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (lo < n && side_up(list[lo], p) == 0)
			return GRID_GEO_BOUNDARY;
		crossings += (unsigned)(n - lo);
	}
	return crossings & 1 ? GRID_GEO_INSIDE : GRID_GEO_OUTSIDE;
}

enum grid_geo_location
grid_polygon_locate(const struct grid_polygon *poly, double x, double y)
{
	struct grid_point p = { x, y };
	unsigned crossings = 0;
	size_t r;

	if (poly == NULL || !grid_bbox_contains(&poly->bbox, x, y))
		return GRID_GEO_OUTSIDE;
	if (poly->index != NULL)
		return index_locate(poly->index, &p);
	for (r = 0; r < poly->nrings; r++)
		if (ring_test(&poly->rings[r], &p, &crossings))
			return GRID_GEO_BOUNDARY;
	return crossings & 1 ? GRID_GEO_INSIDE : GRID_GEO_OUTSIDE;
}

enum grid_geo_location
grid_multipolygon_locate(const struct grid_multipolygon *mp, double x,
    double y)
{
	enum grid_geo_location where = GRID_GEO_OUTSIDE, here;
	size_t i;

	if (mp == NULL || !grid_bbox_contains(&mp->bbox, x, y))
		return GRID_GEO_OUTSIDE;
	for (i = 0; i < mp->npolygons; i++) {
		here = grid_polygon_locate(&mp->polygons[i], x, y);
		if (here == GRID_GEO_INSIDE)
			return here;
		if (here == GRID_GEO_BOUNDARY)
			where = here;
	}
	return where;
}

/* Whether some polygon of mp is big enough for an index and has none. */
static int
wants_index(const struct grid_multipolygon *mp)
{
	size_t i;

	for (i = 0; i < mp->npolygons; i++)
		if (mp->polygons[i].index == NULL &&
		    grid_polygon_edges(&mp->polygons[i]) >=
		    GRID_GEO_INDEX_MIN_EDGES)
			return 1;
	return 0;
}

int
grid_multipolygon_prepare(struct grid_multipolygon *mp,
    struct grid_error *err)
{
	struct grid_polygon *poly;
	size_t i;

	if (mp == NULL || !wants_index(mp))
		return 0;
	/* the sorted lists need edges that do not cross */
	if (!mp->trusted && grid_multipolygon_validate(mp, err) != 0)
		return -1;
	for (i = 0; i < mp->npolygons; i++) {
		poly = &mp->polygons[i];
		if (poly->index != NULL ||
		    grid_polygon_edges(poly) < GRID_GEO_INDEX_MIN_EDGES)
			continue;
		if (grid_polygon_edges(poly) > UINT32_MAX / 64 ||
		    (poly->index = index_build(poly)) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
	}
	return 0;
}

/* ---- flat multipolygons ---- */

size_t
gridi_geo_flat_size(const struct grid_multipolygon *mp)
{
	size_t n = 3, i, r;

	for (i = 0; i < mp->npolygons; i++) {
		n++;
		for (r = 0; r < mp->polygons[i].nrings; r++)
			n += 1 + mp->polygons[i].rings[r].npoints;
	}
	return n;
}

void
gridi_geo_flat_fill(const struct grid_multipolygon *mp,
    union gridi_geo_slot *f)
{
	const struct grid_ring *ring;
	size_t i, r, k;

	f[0].p.x = mp->bbox.xmin;
	f[0].p.y = mp->bbox.ymin;
	f[1].p.x = mp->bbox.xmax;
	f[1].p.y = mp->bbox.ymax;
	f[2].n = mp->npolygons;
	f += 3;
	for (i = 0; i < mp->npolygons; i++) {
		f++->n = mp->polygons[i].nrings;
		for (r = 0; r < mp->polygons[i].nrings; r++) {
			ring = &mp->polygons[i].rings[r];
			f++->n = ring->npoints;
			for (k = 0; k < ring->npoints; k++)
				f++->p = ring->points[k];
		}
	}
}

enum grid_geo_location
gridi_geo_flat_locate(const union gridi_geo_slot *f, double x, double y)
{
	enum grid_geo_location where = GRID_GEO_OUTSIDE;
	struct grid_point p = { x, y };
	size_t npolygons, nrings, npoints, i, r, k;
	unsigned crossings;
	int boundary;

	if (!(x >= f[0].p.x && y >= f[0].p.y && x <= f[1].p.x &&
	    y <= f[1].p.y))
		return GRID_GEO_OUTSIDE;
	npolygons = f[2].n;
	f += 3;
	for (i = 0; i < npolygons; i++) {
		nrings = f++->n;
		crossings = 0;
		boundary = 0;
		for (r = 0; r < nrings; r++) {
			npoints = f++->n;
			for (k = 0; !boundary && k + 1 < npoints; k++)
				boundary = edge_test_ab(&f[k].p, &f[k + 1].p,
				    &p, &crossings);
			f += npoints;
		}
		if (boundary)
			where = GRID_GEO_BOUNDARY;
		else if (crossings & 1)
			return GRID_GEO_INSIDE;
	}
	return where;
}
