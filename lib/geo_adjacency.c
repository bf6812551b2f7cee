/*
 * geo_adjacency.c - when two grids are neighbours: polygons sharing a stretch
 * of edge, or, without polygons, sequence numbers one apart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grid/adjacency.h"
#include "internal.h"

/* The sequence number of a grid code (after its 12-digit community). */
static long
sequence(const char *grid_code)
{
	size_t len = strlen(grid_code), i;
	long seq = 0;

	if (len < 14 || len > 15)
		return -1;
	for (i = 0; i < len; i++)
		if (grid_code[i] < '0' || grid_code[i] > '9')
			return -1;
	for (i = 12; i < len; i++)
		seq = seq * 10 + (grid_code[i] - '0');
	return seq;
}

int
grid_adjacency_codes(const char *a, const char *b)
{
	long sa = sequence(a), sb = sequence(b);

	return sa >= 0 && sb >= 0 && strlen(a) == strlen(b) &&
	    strncmp(a, b, 12) == 0 && (sa - sb == 1 || sb - sa == 1);
}

static double
scale_of(const struct grid_bbox *box)
{
	return fmax(fmax(fabs(box->xmin), fabs(box->xmax)),
	    fmax(fmax(fabs(box->ymin), fabs(box->ymax)), 1.0));
}

static int
boxes_meet(const struct grid_bbox *a, const struct grid_bbox *b, double eps)
{
	return a->xmin <= b->xmax + eps && b->xmin <= a->xmax + eps &&
	    a->ymin <= b->ymax + eps && b->ymin <= a->ymax + eps;
}

/*
 * 1 when segments pq and rs lie on each other, within eps, along more
 * than a few eps.
 */
static int
segments_share(const struct grid_point *p, const struct grid_point *q,
    const struct grid_point *r, const struct grid_point *s, double eps)
{
	double dx = q->x - p->x, dy = q->y - p->y;
	double len = hypot(dx, dy), tr, ts, lo, hi;

	if (len == 0)
		return 0;
	if (fabs(dx * (r->y - p->y) - dy * (r->x - p->x)) / len > eps ||
	    fabs(dx * (s->y - p->y) - dy * (s->x - p->x)) / len > eps)
		return 0;
	tr = (dx * (r->x - p->x) + dy * (r->y - p->y)) / len;
	ts = (dx * (s->x - p->x) + dy * (s->y - p->y)) / len;
	lo = fmax(0, fmin(tr, ts));
	hi = fmin(len, fmax(tr, ts));
	return hi - lo > 10 * eps;
}

/* Whether edge pq lies along some edge of ring (within eps). */
static int
edge_on_ring(const struct grid_point *p, const struct grid_point *q,
    const struct grid_ring *ring, double eps)
{
	struct grid_bbox e = {
		fmin(p->x, q->x), fmin(p->y, q->y),
		fmax(p->x, q->x), fmax(p->y, q->y)
	};
	const struct grid_point *r, *s;
	size_t i;

	if (!boxes_meet(&e, &ring->bbox, eps))
		return 0;
	for (i = 0; i + 1 < ring->npoints; i++) {
		r = &ring->points[i];
		s = &ring->points[i + 1];
		if (fmax(r->x, s->x) + eps < e.xmin ||
		    fmin(r->x, s->x) - eps > e.xmax ||
		    fmax(r->y, s->y) + eps < e.ymin ||
		    fmin(r->y, s->y) - eps > e.ymax)
			continue;
		if (segments_share(p, q, r, s, eps))
			return 1;
	}
	return 0;
}

/* Whether some edge of ring lies along an edge of mp. */
static int
ring_touches(const struct grid_ring *ring,
    const struct grid_multipolygon *mp, double eps)
{
	const struct grid_polygon *poly;
	size_t i, j, r;

	if (!boxes_meet(&ring->bbox, &mp->bbox, eps))
		return 0;
	for (i = 0; i + 1 < ring->npoints; i++)
		for (j = 0; j < mp->npolygons; j++) {
			poly = &mp->polygons[j];
			if (!boxes_meet(&ring->bbox, &poly->bbox, eps))
				continue;
			for (r = 0; r < poly->nrings; r++)
				if (edge_on_ring(&ring->points[i],
				    &ring->points[i + 1], &poly->rings[r], eps))
					return 1;
		}
	return 0;
}

int
grid_adjacency_polygons(const struct grid_multipolygon *a,
    const struct grid_multipolygon *b)
{
	const struct grid_polygon *poly;
	double eps;
	size_t i, r;

	if (a == NULL || b == NULL || a->npolygons == 0 || b->npolygons == 0)
		return 0;
	eps = 1e-9 * fmax(scale_of(&a->bbox), scale_of(&b->bbox));
	if (!boxes_meet(&a->bbox, &b->bbox, eps))
		return 0;
	for (i = 0; i < a->npolygons; i++) {
		poly = &a->polygons[i];
		for (r = 0; r < poly->nrings; r++)
			if (ring_touches(&poly->rings[r], b, eps))
				return 1;
	}
	return 0;
}
