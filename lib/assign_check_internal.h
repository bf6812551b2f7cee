/*
 * assign_check_internal.h - what assign_check.c (the run, polygons, overlaps)
 * and assign_gaps.c (gaps) share; private to lib/, never included by the
 * tools.
 */
#ifndef GRID_GRIDCHECK_INTERNAL_H
#define GRID_GRIDCHECK_INTERNAL_H

#include <stddef.h>

#include <geos_c.h>

#include "grid/buf.h"
#include "grid/gridcheck.h"

/* A unit grid with a valid polygon. */
struct gridi_check_entry {
	char *code;
	char *community_code;
	GEOSGeometry *geom;	/* owned */
};

struct gridi_check {
	struct grid_db *db;
	const struct grid_check_options *opts;
	struct grid_check_stats *stats;
	double tolerance;
	GEOSContextHandle_t geos;
	char geos_text[256];	/* the last GEOS error */
	struct gridi_check_entry *entries;	/* by code */
	size_t nentries, capentries;
	GEOSSTRtree *tree;	/* over entries */
	size_t *hits;		/* indexes found by the last query */
	size_t nhits, caphits;
	int hits_lost;		/* a hit found no memory */
	struct grid_buf detail;
};

/* "out of memory" in err (GRID_EINTERNAL); returns -1. */
int gridi_check_oom(struct grid_error *err);
/*
 * A GEOS failure while doing what (about grid code, or NULL), with the
 * last GEOS message, in err (GRID_EINTERNAL); returns -1.
 */
int gridi_check_geos_fail(struct gridi_check *run, const char *what,
    const char *code, struct grid_error *err);
/* A finding with every string NULL and every number NaN. */
void gridi_check_finding_init(struct grid_check_finding *f,
    enum grid_check_kind kind);
/* Counts f and passes it to the caller; -1 (err code 0) when it stops. */
int gridi_check_report(struct gridi_check *run,
    const struct grid_check_finding *f, struct grid_error *err);
/*
 * The entries whose envelope meets geom's, in run->hits by index (that
 * is, by code).  Returns 0 or -1 (out of memory).
 */
int gridi_check_query(struct gridi_check *run, const GEOSGeometry *geom,
    struct grid_error *err);
/* A point inside geom (NaN, NaN when empty).  Returns 0 or -1 (GEOS). */
int gridi_check_inner_point(struct gridi_check *run, const GEOSGeometry *geom,
    double *x, double *y);
/* The gap check over run->entries (assign_gaps.c). */
int gridi_check_gaps(struct gridi_check *run, struct grid_error *err);

#endif
