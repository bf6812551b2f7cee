/*
 * assign_check.c - the checks of the grid layer (gridcheck.h): orphans and
 * grids without polygon in SQL; polygons read through geo_json.c, then
 * handed to GEOS for validity and overlaps (candidate pairs from an
 * STRtree).  Gaps are in assign_gaps.c, the load report in assign_load.c.
 *
 * One GEOS context per run, with its error handler writing into the run,
 * so the module is reentrant and GEOS never prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>
#include <jansson.h>

#include "grid/buf.h"
#include "grid/geo.h"
#include "grid/geojson.h"
#include "grid/gridcheck.h"
#include "assign_check_internal.h"
#include "internal.h"

static const char *const kind_names[GRID_CHECK_NKINDS] = {
	"orphan", "no_polygon", "bad_polygon", "overlap", "gap"
};

const char *
grid_check_name(enum grid_check_kind kind)
{
	int i = grid_check_index(kind);

	return i < 0 ? "" : kind_names[i];
}

enum grid_check_kind
grid_check_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < GRID_CHECK_NKINDS; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (enum grid_check_kind)(1 << i);
	return (enum grid_check_kind)0;
}

int
grid_check_index(enum grid_check_kind kind)
{
	int i;

	for (i = 0; i < GRID_CHECK_NKINDS; i++)
		if ((unsigned)kind == 1u << i)
			return i;
	return -1;
}

/* ---- helpers ---- */

int
gridi_check_oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

static void
geos_message(const char *message, void *data)
{
	struct gridi_check *run = data;

	snprintf(run->geos_text, sizeof(run->geos_text), "%s", message);
}

int
gridi_check_geos_fail(struct gridi_check *run, const char *what,
    const char *code, struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "%s%s%s%s: geos: %s", what, code != NULL ? " (grid " : "",
	    code != NULL ? code : "", code != NULL ? ")" : "",
	    run->geos_text[0] != '\0' ? run->geos_text : "failed");
}

static int
db_fail(struct gridi_check *run, const char *what, struct grid_error *err)
{
	return grid_db_error(run->db, sqlite3_errcode(grid_db_sqlite(run->db)),
	    what, err);
}

/* Text of column i, or NULL. */
static const char *
column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Text of column i, or "" for NULL. */
static const char *
column_str(sqlite3_stmt *st, int i)
{
	const char *s = column_text(st, i);

	return s != NULL ? s : "";
}

int
gridi_check_report(struct gridi_check *run, const struct grid_check_finding *f,
    struct grid_error *err)
{
	run->stats->found[grid_check_index(f->kind)]++;
	if (run->opts->on_finding != NULL &&
	    run->opts->on_finding(run->opts->ctx, f) != 0)
		return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
	return 0;
}

void
gridi_check_finding_init(struct grid_check_finding *f,
    enum grid_check_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->area = f->x = f->y = NAN;
}

/* ---- orphan, no_polygon: plain SQL ---- */

/*
 * Reports each row (code, community_code, detail) of sql as a finding of
 * kind.
 */
static int
report_query(struct gridi_check *run, enum grid_check_kind kind,
    const char *sql, struct grid_error *err)
{
	struct grid_check_finding f;
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (grid_db_prepare(run->db, sql, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		gridi_check_finding_init(&f, kind);
		f.grid_code = column_text(st, 0);
		f.community_code = column_text(st, 1);
		f.detail = column_text(st, 2);
		if (gridi_check_report(run, &f, err) != 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		db_fail(run, "reading grids", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static const char orphan_sql[] =
"SELECT code, community_code,"
" 'community ' || community_code || ' not in regions'"
" FROM grids g WHERE NOT EXISTS"
" (SELECT 1 FROM regions r WHERE r.code = g.community_code)"
" ORDER BY code";

/* Blank: NULL, or nothing but white space. */
#define BLANK_GEOMETRY \
	"(geometry IS NULL OR trim(geometry, ' ' || char(9, 10, 13)) = '')"

static const char no_polygon_sql[] =
"SELECT code, community_code, 'no geometry' FROM grids"
" WHERE " BLANK_GEOMETRY " ORDER BY code";

/* ---- reading polygons ---- */

/* A GEOS linear ring with the points of ring; NULL on failure. */
static GEOSGeometry *
geos_ring(struct gridi_check *run, const struct grid_ring *ring)
{
	GEOSCoordSequence *seq;
	size_t i;

	seq = GEOSCoordSeq_create_r(run->geos, (unsigned)ring->npoints, 2);
	if (seq == NULL)
		return NULL;
	for (i = 0; i < ring->npoints; i++)
		if (GEOSCoordSeq_setXY_r(run->geos, seq, (unsigned)i,
		    ring->points[i].x, ring->points[i].y) == 0) {
			GEOSCoordSeq_destroy_r(run->geos, seq);
			return NULL;
		}
	return GEOSGeom_createLinearRing_r(run->geos, seq);
}

static GEOSGeometry *
geos_polygon(struct gridi_check *run, const struct grid_polygon *poly)
{
	GEOSGeometry *shell, **holes;
	GEOSGeometry *out = NULL;
	size_t i, nholes = poly->nrings - 1;

	if ((shell = geos_ring(run, &poly->rings[0])) == NULL)
		return NULL;
	holes = calloc(nholes + 1, sizeof(*holes));
	if (holes == NULL)
		goto out;
	for (i = 0; i < nholes; i++)
		if ((holes[i] = geos_ring(run, &poly->rings[i + 1])) == NULL)
			goto out;
	/* GEOS takes the rings over, even when it fails. */
	out = GEOSGeom_createPolygon_r(run->geos, shell, holes,
	    (unsigned)nholes);
	free(holes);
	return out;
out:
	GEOSGeom_destroy_r(run->geos, shell);
	for (i = 0; holes != NULL && i < nholes; i++)
		if (holes[i] != NULL)
			GEOSGeom_destroy_r(run->geos, holes[i]);
	free(holes);
	return NULL;
}

/* mp as a GEOS MultiPolygon; NULL with err on failure. */
static GEOSGeometry *
geos_multipolygon(struct gridi_check *run, const struct grid_multipolygon *mp,
    const char *code, struct grid_error *err)
{
	GEOSGeometry **parts, *out = NULL;
	size_t i;

	if ((parts = calloc(mp->npolygons + 1, sizeof(*parts))) == NULL) {
		gridi_check_oom(err);
		return NULL;
	}
	for (i = 0; i < mp->npolygons; i++)
		if ((parts[i] = geos_polygon(run, &mp->polygons[i])) == NULL)
			break;
	if (i == mp->npolygons)		/* takes the parts over */
		out = GEOSGeom_createCollection_r(run->geos,
		    GEOS_MULTIPOLYGON, parts, (unsigned)mp->npolygons);
	else
		while (i-- > 0)
			GEOSGeom_destroy_r(run->geos, parts[i]);
	if (out == NULL)
		gridi_check_geos_fail(run, "building the polygon", code, err);
	free(parts);
	return out;
}

/*
 * Reads the geometry text of grid code: returns 0 and a new valid GEOS
 * geometry in *geom, 1 with why filled when it is unreadable or invalid
 * (a finding), or -1 with err.
 */
static int
read_geometry(struct gridi_check *run, const char *code, const char *text,
    GEOSGeometry **geom, char *why, size_t n, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	struct grid_error perr;
	json_error_t jerr;
	json_t *json;
	char valid, *reason;

	*geom = NULL;
	if ((json = json_loads(text, 0, &jerr)) == NULL) {
		snprintf(why, n, "not JSON: column %d: %s", jerr.column,
		    jerr.text);
		return 1;
	}
	mp = grid_geojson_geometry(json, &perr);
	json_decref(json);
	if (mp == NULL && perr.code != GRID_EDATA)
		return grid_error_set(err, perr.code, NULL, 0, NULL,
		    "%s", perr.text);
	if (mp == NULL) {
		snprintf(why, n, "%s", perr.text);
		return 1;
	}
	*geom = geos_multipolygon(run, mp, code, err);
	grid_multipolygon_free(mp);
	if (*geom == NULL)
		return -1;
	if ((valid = GEOSisValid_r(run->geos, *geom)) == 1)
		return 0;
	reason = valid == 0 ? GEOSisValidReason_r(run->geos, *geom) : NULL;
	snprintf(why, n, _("invalid polygon: %s"), reason != NULL ? reason
	    : run->geos_text);
	GEOSFree_r(run->geos, reason);
	GEOSGeom_destroy_r(run->geos, *geom);
	*geom = NULL;
	return 1;
}

static int
add_entry(struct gridi_check *run, const char *code, const char *community_code,
    GEOSGeometry *geom, struct grid_error *err)
{
	struct gridi_check_entry *e;

	if (run->nentries == run->capentries) {
		size_t cap = run->capentries ? 2 * run->capentries : 256;

		e = realloc(run->entries, cap * sizeof(*e));
		if (e == NULL)
			return gridi_check_oom(err);
		run->entries = e;
		run->capentries = cap;
	}
	e = &run->entries[run->nentries];
	e->code = strdup(code);
	e->community_code = strdup(community_code);
	e->geom = geom;
	if (e->code == NULL || e->community_code == NULL) {
		free(e->code);
		free(e->community_code);
		return gridi_check_oom(err);
	}
	run->nentries++;
	return 0;
}

/*
 * Reads every polygon: bad ones are reported, valid ones of unit grids
 * are kept in run->entries, by code.
 */
static int
read_polygons(struct gridi_check *run, struct grid_error *err)
{
	struct grid_check_finding f;
	sqlite3_stmt *st = NULL;
	GEOSGeometry *geom;
	const char *code, *community;
	char why[512];
	int rc = -1, step, got;

	if (grid_db_prepare(run->db, "SELECT code, community_code, "
	    "kind = 'unit', geometry FROM grids WHERE NOT " BLANK_GEOMETRY
	    " ORDER BY code", &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		code = column_str(st, 0);
		community = column_str(st, 1);
		got = read_geometry(run, code, column_text(st, 3), &geom, why,
		    sizeof(why), err);
		if (got < 0)
			goto out;
		if (got > 0) {
			gridi_check_finding_init(&f, GRID_CHECK_BAD_POLYGON);
			f.grid_code = code;
			f.community_code = community;
			f.detail = why;
			if (gridi_check_report(run, &f, err) != 0)
				goto out;
			continue;
		}
		run->stats->polygons++;
		if (sqlite3_column_int(st, 2) == 0)
			GEOSGeom_destroy_r(run->geos, geom);
		else if (add_entry(run, code, community, geom, err) != 0) {
			GEOSGeom_destroy_r(run->geos, geom);
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		db_fail(run, "reading grid polygons", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* ---- the STRtree ---- */

static void
collect_hit(void *item, void *data)
{
	struct gridi_check *run = data;
	const struct gridi_check_entry *e = item;
	size_t *hits;

	if (run->nhits == run->caphits) {
		size_t cap = run->caphits ? 2 * run->caphits : 64;

		if ((hits = realloc(run->hits, cap * sizeof(*hits))) == NULL) {
			run->hits_lost = 1;
			return;
		}
		run->hits = hits;
		run->caphits = cap;
	}
	run->hits[run->nhits++] = (size_t)(e - run->entries);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The entries whose envelope meets geom's, in run->hits by index (that
 * is, by code).  Returns 0 or -1 (out of memory).
 */
int
gridi_check_query(struct gridi_check *run, const GEOSGeometry *geom,
    struct grid_error *err)
{
	run->nhits = 0;
	run->hits_lost = 0;
	GEOSSTRtree_query_r(run->geos, run->tree, geom, collect_hit, run);
	if (run->hits_lost)
		return gridi_check_oom(err);
	if (run->nhits > 1)
		qsort(run->hits, run->nhits, sizeof(*run->hits), cmp_size);
	return 0;
}

static int
build_tree(struct gridi_check *run, struct grid_error *err)
{
	size_t i;

	run->tree = GEOSSTRtree_create_r(run->geos, 10);
	if (run->tree == NULL)
		return gridi_check_geos_fail(run, "building the index", NULL,
		    err);
	for (i = 0; i < run->nentries; i++)
		GEOSSTRtree_insert_r(run->geos, run->tree,
		    run->entries[i].geom, &run->entries[i]);
	return 0;
}

/* x and y of a point geometry (NaN when it is empty). */
static int
point_xy(struct gridi_check *run, const GEOSGeometry *point, double *x,
    double *y)
{
	*x = *y = NAN;
	if (GEOSisEmpty_r(run->geos, point) == 1)
		return 0;
	if (GEOSGeomGetX_r(run->geos, point, x) == 0 ||
	    GEOSGeomGetY_r(run->geos, point, y) == 0)
		return -1;
	return 0;
}

/* A point inside geom.  Returns 0 or -1 (GEOS failed). */
int
gridi_check_inner_point(struct gridi_check *run, const GEOSGeometry *geom,
    double *x, double *y)
{
	GEOSGeometry *point;
	int rc;

	if ((point = GEOSPointOnSurface_r(run->geos, geom)) == NULL)
		return -1;
	rc = point_xy(run, point, x, y);
	GEOSGeom_destroy_r(run->geos, point);
	return rc;
}

/* ---- overlaps ---- */

/* Reports entries i and j (i < j) when their interiors overlap. */
static int
overlap_pair(struct gridi_check *run, size_t i, size_t j,
    struct grid_error *err)
{
	const struct gridi_check_entry *a = &run->entries[i];
	const struct gridi_check_entry *b = &run->entries[j];
	struct grid_check_finding f;
	GEOSGeometry *meet;
	int rc = -1;

	gridi_check_finding_init(&f, GRID_CHECK_OVERLAP);
	if ((meet = GEOSIntersection_r(run->geos, a->geom, b->geom)) == NULL)
		return gridi_check_geos_fail(run, "intersecting grids",
		    a->code, err);
	if (GEOSArea_r(run->geos, meet, &f.area) == 0) {
		gridi_check_geos_fail(run, "measuring the overlap", a->code,
		    err);
		goto out;
	}
	if (!(f.area > run->tolerance)) {
		rc = 0;
		goto out;
	}
	if (gridi_check_inner_point(run, meet, &f.x, &f.y) != 0) {
		gridi_check_geos_fail(run, "measuring the overlap", a->code,
		    err);
		goto out;
	}
	grid_buf_reset(&run->detail);
	if (strcmp(a->community_code, b->community_code) == 0)
		rc = grid_buf_addf(&run->detail, "in community %s",
		    a->community_code);
	else
		rc = grid_buf_addf(&run->detail, "across communities %s "
		    "and %s", a->community_code, b->community_code);
	if (rc != 0) {
		gridi_check_oom(err);
		goto out;
	}
	f.community_code = a->community_code;
	f.grid_code = a->code;
	f.other_grid_code = b->code;
	f.detail = run->detail.data;
	rc = gridi_check_report(run, &f, err);
out:
	GEOSGeom_destroy_r(run->geos, meet);
	return rc;
}

/*
 * Each pair once: for each grid, the later grids whose envelope meets
 * its own (the STRtree), then whose polygon meets it (prepared), then
 * the area of the intersection.
 */
static int
check_overlaps(struct gridi_check *run, struct grid_error *err)
{
	const GEOSPreparedGeometry *prep;
	size_t i, k, j;
	char meets;
	int rc = 0;

	for (i = 0; i < run->nentries && rc == 0; i++) {
		if (gridi_check_query(run, run->entries[i].geom, err) != 0)
			return -1;
		prep = GEOSPrepare_r(run->geos, run->entries[i].geom);
		if (prep == NULL)
			return gridi_check_geos_fail(run, "preparing",
			    run->entries[i].code, err);
		for (k = 0; k < run->nhits && rc == 0; k++) {
			if ((j = run->hits[k]) <= i)
				continue;
			meets = GEOSPreparedIntersects_r(run->geos, prep,
			    run->entries[j].geom);
			if (meets == 2)
				rc = gridi_check_geos_fail(run,
				    "intersecting grids", run->entries[i].code,
				    err);
			else if (meets == 1)
				rc = overlap_pair(run, i, j, err);
		}
		GEOSPreparedGeom_destroy_r(run->geos, prep);
	}
	return rc;
}

/* ---- the run ---- */

static int
count_grids(struct gridi_check *run, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (grid_db_prepare(run->db, "SELECT count(*) FROM grids", &st,
	    err) != 0)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		db_fail(run, "counting grids", err);
	else {
		run->stats->grids = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

static int
geometry_checks(struct gridi_check *run, unsigned checks,
    struct grid_error *err)
{
	if ((run->geos = GEOS_init_r()) == NULL)
		return gridi_check_oom(err);
	GEOSContext_setErrorMessageHandler_r(run->geos, geos_message, run);
	if (read_polygons(run, err) != 0)
		return -1;
	if (!(checks & (GRID_CHECK_OVERLAP | GRID_CHECK_GAP)))
		return 0;
	if (build_tree(run, err) != 0)
		return -1;
	if ((checks & GRID_CHECK_OVERLAP) && check_overlaps(run, err) != 0)
		return -1;
	if ((checks & GRID_CHECK_GAP) && gridi_check_gaps(run, err) != 0)
		return -1;
	return 0;
}

static void
run_release(struct gridi_check *run)
{
	size_t i;

	if (run->tree != NULL)
		GEOSSTRtree_destroy_r(run->geos, run->tree);
	for (i = 0; i < run->nentries; i++) {
		free(run->entries[i].code);
		free(run->entries[i].community_code);
		GEOSGeom_destroy_r(run->geos, run->entries[i].geom);
	}
	free(run->entries);
	free(run->hits);
	grid_buf_release(&run->detail);
	if (run->geos != NULL)
		GEOS_finish_r(run->geos);
}

int
grid_check_run(struct grid_db *db, const struct grid_check_options *opts,
    struct grid_check_stats *stats, struct grid_error *err)
{
	struct grid_check_stats local = { 0 };
	struct gridi_check run;
	unsigned checks = opts->checks != 0 ? opts->checks : GRID_CHECK_ALL;
	int rc = -1;

	memset(&run, 0, sizeof(run));
	run.db = db;
	run.opts = opts;
	run.stats = stats != NULL ? stats : &local;
	memset(run.stats, 0, sizeof(*run.stats));
	run.tolerance = opts->tolerance >= 0 ? opts->tolerance
	    : GRID_CHECK_DEFAULT_TOLERANCE;
	grid_buf_init(&run.detail, 0);
	/*
	 * Every check sees the same database: a read transaction, or a
	 * savepoint in the caller's transaction.
	 */
	if (grid_db_exec(db, "SAVEPOINT grid_check", err) != 0)
		return -1;
	if (count_grids(&run, err) != 0)
		goto out;
	if ((checks & GRID_CHECK_ORPHAN) &&
	    report_query(&run, GRID_CHECK_ORPHAN, orphan_sql, err) != 0)
		goto out;
	if ((checks & GRID_CHECK_NO_POLYGON) &&
	    report_query(&run, GRID_CHECK_NO_POLYGON, no_polygon_sql, err) != 0)
		goto out;
	if ((checks & (GRID_CHECK_BAD_POLYGON | GRID_CHECK_OVERLAP |
	    GRID_CHECK_GAP)) && geometry_checks(&run, checks, err) != 0)
		goto out;
	rc = 0;
out:
	run_release(&run);
	grid_db_exec(db, "RELEASE grid_check", NULL);
	return rc;
}
