/*
 * assign_gaps.c - the gap check of gridcheck.h: the holes in the union of
 * each community's unit grids (GEOS), less what other unit grids cover,
 * reported by community, then position.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>

#include "grid/buf.h"
#include "grid/gridcheck.h"
#include "assign_check_internal.h"
#include "internal.h"

/* A gap found in the community being checked, before sorting. */
struct gap {
	double area, x, y;
	char *detail;		/* owned */
};

static int
add_gap(struct gap **gaps, size_t *ngaps, const struct gap *gap)
{
	struct gap *more;

	if ((*ngaps & (*ngaps - 1)) == 0) {	/* 0, 1, 2, 4, ...: grow */
		more = realloc(*gaps, (*ngaps ? 2 * *ngaps : 1) *
		    sizeof(**gaps));
		if (more == NULL)
			return -1;
		*gaps = more;
	}
	(*gaps)[(*ngaps)++] = *gap;
	return 0;
}

/*
 * The codes of the grids (among run->hits) that meet part, as "bordered
 * by A, B, C" in run->detail.
 */
static int
gap_detail(struct gridi_check *run, const GEOSGeometry *part,
    struct grid_error *err)
{
	const char *sep = "bordered by ";
	size_t k;
	char meets;

	grid_buf_reset(&run->detail);
	for (k = 0; k < run->nhits; k++) {
		const struct gridi_check_entry *e = &run->entries[run->hits[k]];

		if ((meets = GEOSIntersects_r(run->geos, part, e->geom)) == 2)
			return gridi_check_geos_fail(run, "bordering a gap",
			    e->code, err);
		if (meets == 0)
			continue;
		if (grid_buf_addf(&run->detail, "%s%s", sep, e->code) != 0)
			return gridi_check_oom(err);
		sep = ", ";
	}
	if (run->detail.data == NULL && grid_buf_adds(&run->detail, "") != 0)
		return gridi_check_oom(err);
	return 0;
}

/* Keeps each polygon of rest larger than the tolerance as a gap. */
static int
keep_gaps(struct gridi_check *run, const GEOSGeometry *rest, struct gap **gaps,
    size_t *ngaps, struct grid_error *err)
{
	const GEOSGeometry *part;
	struct gap gap;
	int i, n;

	if ((n = GEOSGetNumGeometries_r(run->geos, rest)) < 0)
		return gridi_check_geos_fail(run, "splitting a gap", NULL, err);
	for (i = 0; i < n; i++) {
		if (GEOSGeomTypeId_r(run->geos, rest) == GEOS_POLYGON)
			part = rest;
		else
			part = GEOSGetGeometryN_r(run->geos, rest, i);
		if (part == NULL || GEOSGeomTypeId_r(run->geos, part) !=
		    GEOS_POLYGON)
			continue;
		if (GEOSArea_r(run->geos, part, &gap.area) == 0)
			return gridi_check_geos_fail(run, "measuring a gap",
			    NULL, err);
		if (!(gap.area > run->tolerance))
			continue;
		if (gridi_check_inner_point(run, part, &gap.x, &gap.y) != 0)
			return gridi_check_geos_fail(run, "placing a gap",
			    NULL, err);
		if (gap_detail(run, part, err) != 0)
			return -1;
		if ((gap.detail = strdup(run->detail.data)) == NULL ||
		    add_gap(gaps, ngaps, &gap) != 0) {
			free(gap.detail);
			return gridi_check_oom(err);
		}
	}
	return 0;
}

/*
 * A hole (an interior ring of a community's union) less every unit grid
 * that covers part of it: what is left, if anything, are gaps.
 */
static int
hole_gaps(struct gridi_check *run, const GEOSGeometry *ring, struct gap **gaps,
    size_t *ngaps, struct grid_error *err)
{
	GEOSGeometry *shell, *hole, *rest = NULL, *less;
	size_t k;
	int rc = -1;

	if ((shell = GEOSGeom_clone_r(run->geos, ring)) == NULL)
		return gridi_check_geos_fail(run, "copying a hole", NULL, err);
	/* GEOS takes shell over, even when it fails. */
	if ((hole = GEOSGeom_createPolygon_r(run->geos, shell, NULL, 0)) ==
	    NULL)
		return gridi_check_geos_fail(run, "making a hole", NULL, err);
	if (gridi_check_query(run, hole, err) != 0)
		goto out;
	if ((rest = GEOSGeom_clone_r(run->geos, hole)) == NULL) {
		gridi_check_geos_fail(run, "copying a hole", NULL, err);
		goto out;
	}
	for (k = 0; k < run->nhits; k++) {
		const struct gridi_check_entry *e = &run->entries[run->hits[k]];

		less = GEOSDifference_r(run->geos, rest, e->geom);
		if (less == NULL) {
			gridi_check_geos_fail(run, "filling a hole", e->code,
			    err);
			goto out;
		}
		GEOSGeom_destroy_r(run->geos, rest);
		rest = less;
	}
	rc = keep_gaps(run, rest, gaps, ngaps, err);
out:
	if (rest != NULL)
		GEOSGeom_destroy_r(run->geos, rest);
	GEOSGeom_destroy_r(run->geos, hole);
	return rc;
}

/* The union of the community's members[0..n-1]; NULL on failure. */
static GEOSGeometry *
community_union(struct gridi_check *run,
    struct gridi_check_entry *const *members, size_t n,
    struct grid_error *err)
{
	GEOSGeometry **parts, *all, *merged = NULL;
	size_t i;

	if ((parts = calloc(n, sizeof(*parts))) == NULL) {
		gridi_check_oom(err);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if ((parts[i] = GEOSGeom_clone_r(run->geos,
		    members[i]->geom)) == NULL)
			break;
	if (i < n) {
		while (i-- > 0)
			GEOSGeom_destroy_r(run->geos, parts[i]);
		all = NULL;
	} else			/* takes the parts over */
		all = GEOSGeom_createCollection_r(run->geos,
		    GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
	if (all != NULL) {
		merged = GEOSUnaryUnion_r(run->geos, all);
		GEOSGeom_destroy_r(run->geos, all);
	}
	free(parts);
	if (merged == NULL)
		gridi_check_geos_fail(run, "merging the grids of community",
		    members[0]->community_code, err);
	return merged;
}

static int
cmp_gap(const void *a, const void *b)
{
	const struct gap *g = a, *h = b;

	if (g->x != h->x)
		return g->x < h->x ? -1 : 1;
	if (g->y != h->y)
		return g->y < h->y ? -1 : 1;
	return (g->area > h->area) - (g->area < h->area);
}

/* The holes of every polygon of merged, as gaps. */
static int
union_gaps(struct gridi_check *run, const GEOSGeometry *merged,
    struct gap **gaps, size_t *ngaps, struct grid_error *err)
{
	const GEOSGeometry *poly, *ring;
	int i, n, h, nholes;

	if ((n = GEOSGetNumGeometries_r(run->geos, merged)) < 0)
		return gridi_check_geos_fail(run, "splitting a union", NULL,
		    err);
	for (i = 0; i < n; i++) {
		poly = GEOSGeomTypeId_r(run->geos, merged) == GEOS_POLYGON ?
		    merged : GEOSGetGeometryN_r(run->geos, merged, i);
		if (poly == NULL ||
		    GEOSGeomTypeId_r(run->geos, poly) != GEOS_POLYGON)
			continue;
		nholes = GEOSGetNumInteriorRings_r(run->geos, poly);
		for (h = 0; h < nholes; h++) {
			ring = GEOSGetInteriorRingN_r(run->geos, poly, h);
			if (ring == NULL)
				return gridi_check_geos_fail(run,
				    "reading a hole", NULL, err);
			if (hole_gaps(run, ring, gaps, ngaps, err) != 0)
				return -1;
		}
	}
	return 0;
}

/* Finds, sorts and reports the gaps of one community. */
static int
community_gaps(struct gridi_check *run,
    struct gridi_check_entry *const *members, size_t n,
    struct grid_error *err)
{
	struct grid_check_finding f;
	GEOSGeometry *merged;
	struct gap *gaps = NULL;
	size_t ngaps = 0, i;
	int rc = -1;

	if ((merged = community_union(run, members, n, err)) == NULL)
		return -1;
	if (union_gaps(run, merged, &gaps, &ngaps, err) != 0)
		goto out;
	if (ngaps > 1)
		qsort(gaps, ngaps, sizeof(*gaps), cmp_gap);
	for (i = 0; i < ngaps; i++) {
		gridi_check_finding_init(&f, GRID_CHECK_GAP);
		f.community_code = members[0]->community_code;
		f.area = gaps[i].area;
		f.x = gaps[i].x;
		f.y = gaps[i].y;
		f.detail = gaps[i].detail;
		if (gridi_check_report(run, &f, err) != 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < ngaps; i++)
		free(gaps[i].detail);
	free(gaps);
	GEOSGeom_destroy_r(run->geos, merged);
	return rc;
}

/* By community code, then grid code (codes are unique). */
static int
cmp_community(const void *a, const void *b)
{
	const struct gridi_check_entry *e, *f;
	int c;

	e = *(struct gridi_check_entry *const *)a;
	f = *(struct gridi_check_entry *const *)b;
	c = strcmp(e->community_code, f->community_code);
	return c != 0 ? c : strcmp(e->code, f->code);
}

int
gridi_check_gaps(struct gridi_check *run, struct grid_error *err)
{
	struct gridi_check_entry **order;
	size_t i, start;
	int rc = 0;

	if (run->nentries == 0)
		return 0;
	if ((order = malloc(run->nentries * sizeof(*order))) == NULL)
		return gridi_check_oom(err);
	for (i = 0; i < run->nentries; i++)
		order[i] = &run->entries[i];
	qsort(order, run->nentries, sizeof(*order), cmp_community);
	for (start = 0, i = 1; i <= run->nentries && rc == 0; i++)
		if (i == run->nentries || strcmp(order[i]->community_code,
		    order[start]->community_code) != 0) {
			rc = community_gaps(run, order + start, i - start, err);
			start = i;
		}
	free(order);
	return rc;
}
