/*
 * test_visits.c - unit tests of lib/stats_visits.c on one small database:
 * visits on the edges of the month, visits to a person and to a house,
 * a person in two groups, a person without a grid, unknown workers and
 * persons, coverage per grid, community, street, district and worker
 * worked out by hand, the month of GRID_NOW, refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/metrics.h"
#include "grid/visits.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800100102"
#define G3 "32050800100201"

static char dir[] = "/tmp/test_visits.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

/*
 * People: A (G1, H1) low_income and elderly_alone; B (G1, H1) low_income;
 * C (G2, H2) elderly_alone; D (G3, H3) low_income; E (G3, H3) no tag;
 * F (no grid, no house) elderly_alone; K (G2, H2) disabled.
 * Visits in May: v1 W1 to A; v2 W2 to house H2 (C and K) at 23:59:59 on
 * the 31st; v4 W3 to E; v5 unknown W9 to F; v7 no worker to GHOST (not
 * in people) at house H3 (covers nobody: it names a person); v8 W2 to B
 * at 00:00 on the 1st.  Outside May: v3 (30 April 23:59:59, to D), v6
 * (1 June 00:00, house H3).
 */
static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508001002', 'community', '三元坊', '320508001');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508001001', '彩香一村02', 'unit'),"
    "('" G3 "', '320508001002', '三元坊01', 'unit');"
    "INSERT INTO workers (id, name) VALUES ('W1', '甲'), ('W2', '乙'),"
    "('W3', '丙');"
    "INSERT INTO worker_grids (worker_id, grid_code) VALUES "
    "('W1', '" G1 "'), ('W1', '" G2 "'), ('W2', '" G2 "');"
    "INSERT INTO houses (id, grid_code) VALUES ('H1', '" G1 "'),"
    "('H2', '" G2 "'), ('H3', '" G3 "');"
    "INSERT INTO people (id_number, name, house_id, grid_code, "
    "updated_at) VALUES ('A', '甲', 'H1', '" G1 "', '2026-01-01'),"
    "('B', '乙', 'H1', '" G1 "', '2026-01-01'),"
    "('C', '丙', 'H2', '" G2 "', '2026-01-01'),"
    "('D', '丁', 'H3', '" G3 "', '2026-01-01'),"
    "('E', '戊', 'H3', '" G3 "', '2026-01-01'),"
    "('F', '己', NULL, NULL, '2026-01-01'),"
    "('K', '庚', 'H2', '" G2 "', '2026-01-01');"
    "INSERT INTO person_tags (id_number, tag) VALUES "
    "('A', 'low_income'), ('A', 'elderly_alone'), ('B', 'low_income'),"
    "('C', 'elderly_alone'), ('D', 'low_income'), ('F', 'elderly_alone'),"
    "('K', 'disabled');"
    "PRAGMA foreign_keys = OFF;"
    "INSERT INTO visits (id, worker_id, id_number, house_id, at) VALUES "
    "('v1', 'W1', 'A', 'H1', '2026-05-03T10:00:00+08:00'),"
    "('v2', 'W2', NULL, 'H2', '2026-05-31T23:59:59+08:00'),"
    "('v3', 'W1', 'D', NULL, '2026-04-30T23:59:59+08:00'),"
    "('v4', 'W3', 'E', NULL, '2026-05-10T10:00:00+08:00'),"
    "('v5', 'W9', 'F', NULL, '2026-05-11T10:00:00+08:00'),"
    "('v6', 'W1', NULL, 'H3', '2026-05-31T16:00:00Z'),"
    "('v7', NULL, 'GHOST', 'H3', '2026-05-12T10:00:00+08:00'),"
    "('v8', 'W2', 'B', NULL, '2026-04-30T16:00:00Z');";

/* The area of the runs (--in); NULL: everywhere. */
static const char *in_area;

/* Runs level and month in in_area; 0 or -1 as grid_visits_run. */
static int
visits(enum grid_metrics_level level, const char *month,
    grid_visits_row_fn on_row, struct grid_error *e)
{
	struct grid_visits_query q;

	memset(&q, 0, sizeof(q));
	q.level = level;
	q.month = month;
	q.area = in_area;
	forget();
	grid_visits_columns(&ncols);
	return grid_visits_run(db, &q, on_row, NULL, e);
}

static void
run(enum grid_metrics_level level, const char *month)
{
	struct grid_error e;

	if (visits(level, month, keep_row, &e) != 0)
		die("grid_visits_run", e.text);
}

static int
stop(void *ctx, const char *const *values)
{
	return 1;
}

static void
test_columns(void)
{
	const struct grid_column *cols;
	size_t n;

	cols = grid_visits_columns(&n);
	is_int(n, 14, "14 columns");
	is_str(cols[4].name, "visits", "visits");
	is_str(cols[7].name, "low_income_share", "a group's share");
	is_int(cols[7].type, GRID_COL_REAL, "shares are real");
	is_str(cols[13].name, "must_visit_share", "last");
}

static void
test_areas(void)
{
	run(GRID_BY_GRID, "2026-05");
	is_int(nrows, 4, "three grids and the row without a grid");
	is_str(row(0), "grid|" G1 "|彩香一村01|2026-05|2|2|2|100.00|1|1|"
	    "100.00|2|2|100.00", "G1: A by name, B at 00:00 on the 1st");
	is_str(row(1), "grid|" G2 "|彩香一村02|2026-05|1|0|0|-|1|1|100.00|"
	    "1|1|100.00", "G2: C by a visit to the house; no low-income");
	is_str(row(2), "grid|" G3 "|三元坊01|2026-05|2|1|0|0.00|0|0|-|1|0|"
	    "0.00", "G3: a visit to E or to a stranger covers not D");
	is_str(row(3), "grid|-|-|2026-05|1|0|0|-|1|1|100.00|1|1|100.00",
	    "F, without a grid or house, visited by an unknown worker");
	run(GRID_BY_COMMUNITY, "2026-05");
	is_str(row(0), "community|320508001001|彩香一村|2026-05|3|2|2|100.00|"
	    "2|2|100.00|3|3|100.00", "彩香一村: A is in two groups, once in "
	    "must_visit");
	is_str(row(1), "community|320508001002|三元坊|2026-05|2|1|0|0.00|0|0|"
	    "-|1|0|0.00", "三元坊");
	run(GRID_BY_STREET, "2026-05");
	is_int(nrows, 2, "one street and the rest");
	is_str(row(0), "street|320508001|金阊街道|2026-05|5|3|2|66.67|2|2|"
	    "100.00|4|3|75.00", "the street: 2 of 3, 3 of 4");
	run(GRID_BY_DISTRICT, NULL);
	is_str(row(0), "district|320508|姑苏区|2026-06|1|3|1|33.33|2|0|0.00|"
	    "4|1|25.00", "June (GRID_NOW): one house visit covers D");
	is_str(row(1), "district|-|-|2026-06|0|0|0|-|1|0|0.00|1|0|0.00",
	    "F is not visited in June");
}

static void
test_workers(void)
{
	run(GRID_BY_WORKER, "2026-05");
	is_int(nrows, 4, "three workers and visits of no known worker");
	is_str(row(0), "worker|W1|甲|2026-05|1|2|2|100.00|2|2|100.00|3|3|"
	    "100.00", "W1: one visit in May; the people of G1 and G2");
	is_str(row(1), "worker|W2|乙|2026-05|2|0|0|-|1|1|100.00|1|1|100.00",
	    "W2: two visits; the people of G2, visited by anyone");
	is_str(row(2), "worker|W3|丙|2026-05|1|0|0|-|0|0|-|0|0|-",
	    "W3: no grid, no group");
	is_str(row(3), "worker|-|-|2026-05|2|0|0|-|0|0|-|0|0|-",
	    "the unknown worker W9 and the visit without a worker");
}

/* --in: the people and visits of the area. */
static void
test_area(void)
{
	in_area = "320508001001";
	run(GRID_BY_GRID, "2026-05");
	is_int(nrows, 2, "--in a community: its two grids");
	is_str(row(0), "grid|" G1 "|彩香一村01|2026-05|2|2|2|100.00|1|1|"
	    "100.00|2|2|100.00", "G1 as without --in");
	is_str(row(1), "grid|" G2 "|彩香一村02|2026-05|1|0|0|-|1|1|100.00|"
	    "1|1|100.00", "G2 as without --in");
	in_area = "320508001002";
	run(GRID_BY_COMMUNITY, "2026-05");
	is_str(row(0), "community|320508001002|三元坊|2026-05|2|1|0|0.00|0|0|"
	    "-|1|0|0.00", "a community at its level: a visit to a stranger "
	    "placed by its house");
	is_int(nrows, 1, "its row alone");
	in_area = "320508001";
	run(GRID_BY_STREET, "2026-05");
	is_int(nrows, 1, "--in the street: F without a grid is out");
	is_str(row(0), "street|320508001|金阊街道|2026-05|5|3|2|66.67|2|2|"
	    "100.00|4|3|75.00", "the street's row");
	in_area = G2;
	run(GRID_BY_WORKER, "2026-05");
	is_int(nrows, 2, "workers of G2");
	is_str(row(0), "worker|W1|甲|2026-05|0|0|0|-|1|1|100.00|1|1|100.00",
	    "W1: G2's people; its visit was in G1");
	is_str(row(1), "worker|W2|乙|2026-05|1|0|0|-|1|1|100.00|1|1|100.00",
	    "W2: its visit to H2");
	in_area = G3;
	run(GRID_BY_WORKER, "2026-05");
	is_str(row(0), "worker|W3|丙|2026-05|1|0|0|-|0|0|-|0|0|-",
	    "a worker without grids there who visited there");
	is_str(row(1), "worker|-|-|2026-05|1|0|0|-|0|0|-|0|0|-",
	    "the visit without a worker placed there");
	is_int(nrows, 2, "no more");
	in_area = NULL;
}

static void
test_refusals(void)
{
	struct grid_error e;

	is_int(visits(GRID_BY_DEPT, "2026-05", keep_row, &e), -1,
	    "dept is refused");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_str(e.field, "level", "field level");
	is_int(visits(GRID_BY_GRID, "2026-13", keep_row, &e), -1,
	    "a bad month");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_str(e.field, "month", "field month");
	is_int(visits(GRID_BY_GRID, "2026-05", stop, &e), -1,
	    "a callback stops the run");
	is_int(e.code, 0, "code 0");
	in_area = "320508001";
	is_int(visits(GRID_BY_DISTRICT, "2026-05", keep_row, &e), -1,
	    "a level above the area");
	is_str(e.field, "level", "field level");
	in_area = "320508002";
	is_int(visits(GRID_BY_WORKER, "2026-05", keep_row, &e), -1,
	    "an unknown area, workers too");
	is_int(e.code, GRID_EDATA, "a data error");
	in_area = NULL;
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	db_create(fixture_sql);
	test_columns();
	test_areas();
	test_workers();
	test_area();
	test_refusals();
	test_end();
	return tap_done();
}
