/*
 * test_gridcheck.c - unit tests of lib/assign_check.c, assign_gaps.c and
 * assign_load.c through gridcheck.h: check names, findings and their order,
 * the tolerance, a caller that stops the run, a run inside the caller's
 * transaction, and the load figures (CV by hand).  The end-to-end test
 * tests/e2e/t7-check.sh covers the tool.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/gridcheck.h"

#include "tap.h"

static char dir[] = "/tmp/test_gridcheck.XXXXXX";

/* A square [x, x + side] x [y, y + side] as GeoJSON Polygon text. */
static const char *
square(char *buf, size_t n, double x, double y, double side)
{
	snprintf(buf, n, "{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],"
	    "[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}", x, y, x + side, y,
	    x + side, y + side, x, y + side, x, y);
	return buf;
}

static int
exec(struct grid_db *db, const char *sql)
{
	struct grid_error err;

	if (grid_db_exec(db, sql, &err) != 0) {
		printf("# %s\n", err.text);
		return -1;
	}
	return 0;
}

/* Adds a unit grid of community 110101001001 with a geometry (or NULL). */
static void
add_grid(struct grid_db *db, const char *seq, const char *geometry)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(grid_db_sqlite(db), "INSERT INTO grids (code, "
	    "community_code, kind, geometry) VALUES ('110101001001' || ?1, "
	    "'110101001001', 'unit', ?2)", -1, &st, NULL);
	sqlite3_bind_text(st, 1, seq, -1, SQLITE_STATIC);
	if (geometry != NULL)
		sqlite3_bind_text(st, 2, geometry, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		printf("# insert: %s\n", sqlite3_errmsg(grid_db_sqlite(db)));
	sqlite3_finalize(st);
}

/* What the callbacks saw. */
struct seen {
	int n, stop_after;
	char line[16][160];
};

static int
on_finding(void *ctx, const struct grid_check_finding *f)
{
	struct seen *s = ctx;

	if (s->n < 16)
		snprintf(s->line[s->n], sizeof(s->line[0]), "%s %s %s %g %g %g",
		    grid_check_name(f->kind), f->grid_code ? f->grid_code : "-",
		    f->other_grid_code ? f->other_grid_code : "-", f->area,
		    f->x, f->y);
	s->n++;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

static int
on_load(void *ctx, const struct grid_load *l)
{
	struct seen *s = ctx;

	if (s->n < 16)
		snprintf(s->line[s->n], sizeof(s->line[0]),
		    "%s %ld %ld %ld %ld %.6g %.6g", l->grid_code ? l->grid_code
		    : "community", l->grids, l->people, l->people_min,
		    l->people_max, l->people_mean, l->people_cv);
	s->n++;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

static void
test_names(void)
{
	is_str(grid_check_name(GRID_CHECK_GAP), "gap", "name of gap");
	is_str(grid_check_name((enum grid_check_kind)3), "",
	    "two kinds are no name");
	is_int(grid_check_parse("no_polygon"), GRID_CHECK_NO_POLYGON,
	    "parse no_polygon");
	is_int(grid_check_parse("overlaps"), 0, "parse an unknown name");
	is_int(grid_check_index(GRID_CHECK_ORPHAN), 0, "orphan first");
	is_int(grid_check_index(GRID_CHECK_GAP), 4, "gap last");
}

/*
 * 01 and 02 overlap by 1 x 10 (area 10); 03, 04, 05 and 06 frame a
 * 1 x 1 hole; 07 has no polygon; 08's community is nowhere.
 */
static void
make_layout(struct grid_db *db)
{
	char b[256];

	exec(db, "INSERT INTO regions (code, level, name) VALUES "
	    "('110101', 'district', 'd'), ('110101001', 'street', 's'), "
	    "('110101001001', 'community', 'c')");
	add_grid(db, "01", square(b, sizeof(b), 0, 0, 10));
	add_grid(db, "02", square(b, sizeof(b), 9, 0, 10));
	add_grid(db, "03", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[30,0],[33,0],[33,1],[30,1],[30,0]]]}");
	add_grid(db, "04", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[30,2],[33,2],[33,3],[30,3],[30,2]]]}");
	add_grid(db, "05", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[30,1],[31,1],[31,2],[30,2],[30,1]]]}");
	add_grid(db, "06", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[32,1],[33,1],[33,2],[32,2],[32,1]]]}");
	add_grid(db, "07", NULL);
	exec(db, "INSERT INTO grids (code, community_code, kind) VALUES "
	    "('11010100200101', '110101002001', 'unit')");
}

static void
test_findings(struct grid_db *db)
{
	struct grid_check_options opts;
	struct grid_check_stats st;
	struct grid_error err;
	struct seen s;

	memset(&opts, 0, sizeof(opts));
	memset(&s, 0, sizeof(s));
	opts.tolerance = -1;
	opts.on_finding = on_finding;
	opts.ctx = &s;
	is_int(grid_check_run(db, &opts, &st, &err), 0, "run");
	is_int(s.n, 5, "five findings");
	is_str(s.line[0], "orphan 11010100200101 - nan nan nan", "orphan");
	is_str(s.line[1], "no_polygon 11010100100107 - nan nan nan",
	    "no polygon, by code");
	is_str(s.line[2], "no_polygon 11010100200101 - nan nan nan",
	    "the orphan has no polygon either");
	is_str(s.line[3], "overlap 11010100100101 11010100100102 10 9.5 5",
	    "overlap: pair, area 10, a point inside");
	is_str(s.line[4], "gap - - 1 31.5 1.5", "gap: area 1, a point inside");
	is_int(st.grids, 8, "stats: grids");
	is_int(st.polygons, 6, "stats: polygons");
	is_int(st.found[grid_check_index(GRID_CHECK_NO_POLYGON)], 2,
	    "stats: by kind");

	memset(&s, 0, sizeof(s));
	opts.tolerance = 1;
	opts.checks = GRID_CHECK_OVERLAP | GRID_CHECK_GAP;
	grid_check_run(db, &opts, &st, &err);
	is_int(s.n, 1, "tolerance 1: the gap of area 1 is not over it");

	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	opts.checks = 0;
	opts.tolerance = -1;
	is_int(grid_check_run(db, &opts, &st, &err), -1,
	    "a callback that stops: -1");
	is_int(err.code, 0, "... with err->code 0");
	is_int(s.n, 2, "... and nothing after");

	exec(db, "BEGIN");
	memset(&s, 0, sizeof(s));
	s.stop_after = 0;
	is_int(grid_check_run(db, &opts, &st, &err), 0,
	    "a run inside the caller's transaction");
	ok(!sqlite3_get_autocommit(grid_db_sqlite(db)),
	    "... leaves that transaction open");
	exec(db, "ROLLBACK");
}

static void
test_load(struct grid_db *db)
{
	struct grid_error err;
	struct seen s;

	/* 01: 3 people, 02: 1, 03: 2 -> mean 2, sd sqrt(2/3), cv 0.408248 */
	exec(db, "INSERT INTO people (id_number, name, grid_code, updated_at)"
	    " VALUES ('a', 'a', '11010100100101', 'x'),"
	    " ('b', 'b', '11010100100101', 'x'),"
	    " ('c', 'c', '11010100100101', 'x'),"
	    " ('d', 'd', '11010100100102', 'x'),"
	    " ('e', 'e', '11010100100103', 'x'),"
	    " ('f', 'f', '11010100100103', 'x')");
	memset(&s, 0, sizeof(s));
	is_int(grid_check_load(db, on_load, &s, &err), 0, "load");
	is_int(s.n, 10, "7 + 1 grids, 2 communities");
	is_str(s.line[0], "11010100100101 1 3 3 3 3 nan", "a grid");
	/* 3, 1, 2 and four 0: mean 6/7, variance 14/7 - 36/49 = 62/49, */
	/* CV sqrt(62)/7 / (6/7) = sqrt(62)/6 */
	is_str(s.line[7], "community 7 6 0 3 0.857143 1.31233",
	    "a community: mean 6/7, population CV sqrt(62)/6");
	is_str(s.line[9], "community 1 0 0 0 0 nan", "nobody: CV NaN");
	exec(db, "DELETE FROM grids WHERE code > '11010100100103'");
	memset(&s, 0, sizeof(s));
	grid_check_load(db, on_load, &s, &err);
	is_str(s.line[3], "community 3 6 1 3 2 0.408248",
	    "3, 1, 2 people: CV sqrt(2/3) / 2");
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	is_int(grid_check_load(db, on_load, &s, &err), -1, "load: stopped");
	is_int(err.code, 0, "load: stopped, err->code 0");
}

int
main(void)
{
	struct grid_db *db = NULL;
	struct grid_error err;
	char path[256];

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/grid.db", dir);
	test_names();
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0) {
		printf("not ok - open: %s\n", err.text);
		return 1;
	}
	make_layout(db);
	test_findings(db);
	test_load(db);
	grid_db_close(db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/grid.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/grid.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
