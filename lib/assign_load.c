/*
 * assign_load.c - the load report of gridcheck.h: people, houses, orgs and
 * components per unit grid in one SQL pass, and per community the
 * spread of people per grid (Welford's running mean and variance), so
 * memory does not grow with the number of grids.
 */
#include <math.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/db.h"
#include "grid/gridcheck.h"
#include "internal.h"

/* Text of column i, or NULL. */
static const char *
column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The community being summed up. */
struct tally {
	struct grid_load sum;
	struct grid_buf community, name;
	int named;		/* the community has a name (in name) */
	double m2;		/* Welford: sum of squared deviations */
};

static void
tally_start(struct tally *t)
{
	grid_buf_reset(&t->community);
	grid_buf_reset(&t->name);
	t->named = 0;
	memset(&t->sum, 0, sizeof(t->sum));
	t->m2 = 0;
}

/*
 * Starts the tally of the community of g, named name (NULL: none).
 * Returns 0 or -1 (memory).
 */
static int
tally_begin(struct tally *t, const struct grid_load *g, const char *name,
    struct grid_error *err)
{
	tally_start(t);
	t->named = name != NULL;
	if (grid_buf_adds(&t->community, g->community_code) != 0 ||
	    (name != NULL && grid_buf_adds(&t->name, name) != 0))
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
}

static void
tally_add(struct tally *t, const struct grid_load *g)
{
	double delta;

	if (t->sum.grids == 0 || g->people < t->sum.people_min)
		t->sum.people_min = g->people;
	if (t->sum.grids == 0 || g->people > t->sum.people_max)
		t->sum.people_max = g->people;
	t->sum.grids++;
	t->sum.people += g->people;
	t->sum.houses += g->houses;
	t->sum.orgs += g->orgs;
	t->sum.components += g->components;
	delta = (double)g->people - t->sum.people_mean;
	t->sum.people_mean += delta / (double)t->sum.grids;
	t->m2 += delta * ((double)g->people - t->sum.people_mean);
}

/* The community's summary row. */
static int
tally_emit(struct tally *t, grid_load_fn on_load, void *ctx)
{
	double sd = sqrt(t->m2 / (double)t->sum.grids);

	t->sum.community_code = t->community.data;
	t->sum.grid_code = NULL;
	t->sum.unit_name = t->named ? t->name.data : NULL;
	t->sum.people_cv = t->sum.people_mean > 0 ? sd / t->sum.people_mean
	    : NAN;
	return on_load(ctx, &t->sum);
}

static const char load_sql[] =
"SELECT g.community_code, g.code,"
" (SELECT count(*) FROM people p WHERE p.grid_code = g.code),"
" (SELECT count(*) FROM houses h WHERE h.grid_code = g.code),"
" (SELECT count(*) FROM orgs o WHERE o.grid_code = g.code),"
" (SELECT count(*) FROM components c WHERE c.grid_code = g.code),"
" g.name, (SELECT r.name FROM regions r WHERE r.code = g.community_code"
"   AND r.level = 'community')"
" FROM grids g WHERE g.kind = 'unit'"
" ORDER BY g.community_code, g.code";

/* The next grid's load into g; 1, 0 at the end, or -1. */
static int
load_next(struct grid_db *db, sqlite3_stmt *st, struct grid_load *g,
    struct grid_error *err)
{
	int step = sqlite3_step(st);

	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return grid_db_error(db, step, "counting the load of grids",
		    err);
	memset(g, 0, sizeof(*g));
	g->community_code = column_text(st, 0);
	g->grid_code = column_text(st, 1);
	g->grids = 1;
	g->people = g->people_min = g->people_max =
	    (long)sqlite3_column_int64(st, 2);
	g->houses = (long)sqlite3_column_int64(st, 3);
	g->orgs = (long)sqlite3_column_int64(st, 4);
	g->components = (long)sqlite3_column_int64(st, 5);
	g->people_mean = (double)g->people;
	g->people_cv = NAN;
	g->unit_name = column_text(st, 6);
	return 1;
}

int
grid_check_load(struct grid_db *db, grid_load_fn on_load, void *ctx,
    struct grid_error *err)
{
	struct grid_load g;
	struct tally t;
	sqlite3_stmt *st = NULL;
	int rc = -1, got;

	grid_buf_init(&t.community, 0);
	grid_buf_init(&t.name, 0);
	tally_start(&t);
	if (grid_db_prepare(db, load_sql, &st, err) != 0)
		goto out;
	while ((got = load_next(db, st, &g, err)) == 1) {
		if (t.sum.grids > 0 &&
		    strcmp(t.community.data, g.community_code) != 0) {
			if (tally_emit(&t, on_load, ctx) != 0)
				goto stopped;
			tally_start(&t);
		}
		if (t.sum.grids == 0 && tally_begin(&t, &g, column_text(st, 7),
		    err) != 0)
			goto out;
		tally_add(&t, &g);
		if (on_load(ctx, &g) != 0)
			goto stopped;
	}
	if (got < 0)
		goto out;
	if (t.sum.grids > 0 && tally_emit(&t, on_load, ctx) != 0)
		goto stopped;
	rc = 0;
	goto out;
stopped:
	grid_error_set(err, 0, NULL, 0, NULL, "stopped");
out:
	sqlite3_finalize(st);
	grid_buf_release(&t.community);
	grid_buf_release(&t.name);
	return rc;
}
