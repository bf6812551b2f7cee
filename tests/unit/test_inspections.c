/*
 * test_inspections.c - unit tests of the inspections of
 * lib/stats_hazards.c: per unit (inspected orgs, inspections, hazards
 * found, passed, recurred, overdue, zero reporters and those not
 * inspected), the lists of uninspected and recurred orgs, and the
 * spot-check sample (its draw key pinned, sizes rounded up, strata by
 * supervision level, an org without one taken as community), on one
 * database of April 2026 with every figure worked out by hand, and the
 * edges: an inspection at the instant of a zero report counts, a hazard
 * at the instant of a passed inspection is no recurrence, a next date on
 * the reference date is not overdue, closed orgs never count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/hazards.h"
#include "grid/text.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800200101"

static char dir[] = "/tmp/test_inspections.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

#define INSP(id, org, at, kind, result, hazards, next) \
	"('" id "', '" org "', '" at "', '" kind "', " result ", " \
	hazards ", " next ")"

/*
 * Orgs: E1 (G1, district), E2 (G1, status NULL, street), E3 (G2, no
 * supervision level), X1 (G2, an individual business, community), X2
 * (G2, closed), E6 (no grid, city).  The self-reports and inspections:
 * see the figures in each test.
 */
static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508002001', '平江新城01', 'unit');"
    "INSERT INTO orgs (uscc, name, grid_code, kind, status, legal_rep, "
    "phone, supervision_level) VALUES "
    "('E1', '一厂', '" G1 "', 'enterprise', 'active', '张三', "
    "'13900000001', 'district'),"
    "('E2', '二厂', '" G1 "', 'enterprise', NULL, NULL, NULL, 'street'),"
    "('E3', '三店', '" G2 "', 'enterprise', 'active', NULL, NULL, NULL),"
    "('X1', '个体', '" G2 "', 'individual', 'active', NULL, NULL, "
    "'community'),"
    "('X2', '旧厂', '" G2 "', 'enterprise', 'closed', NULL, NULL, "
    "'district'),"
    "('E6', '六店', NULL, 'enterprise', 'active', NULL, NULL, 'city');"
    "INSERT INTO cases (id, source, org_uscc, grade, status, reported_at) "
    "VALUES "
    "('c1', 'self_report', 'E1', NULL, 'reported', "
    "'2026-04-05T09:00:00+08:00'),"
    "('c2', 'self_report', 'E2', NULL, 'reported', "
    "'2026-04-03T09:00:00+08:00'),"
    "('c2b', 'self_report', 'E2', NULL, 'reported', "
    "'2026-04-20T09:00:00+08:00'),"
    "('c3', 'self_report', 'E3', NULL, 'voided', "
    "'2026-04-10T09:00:00+08:00'),"
    "('c4', 'self_report', 'X2', NULL, 'reported', "
    "'2026-04-01T09:00:00+08:00'),"
    "('c5', 'self_report', 'E6', NULL, 'reported', "
    "'2026-04-02T09:00:00+08:00'),"
    "('c7', 'self_report', 'X1', 'minor', 'reported', "
    "'2026-04-08T10:00:00+08:00'),"
    "('c8', 'self_report', 'E3', 'major', 'reported', "
    "'2026-04-28T09:00:00+08:00'),"
    "('c9', 'self_report', 'E1', 'minor', 'reported', "
    "'2026-05-02T09:00:00+08:00'),"
    "('c10', 'self_report', 'X2', 'minor', 'reported', "
    "'2026-04-20T09:00:00+08:00');"
    "INSERT INTO visits (id, org_uscc, at, kind, result, hazards, "
    "next_date) VALUES "
    INSP("v1", "E1", "2026-04-05T09:00:00+08:00", "fire_inspection",
	"'met'", "0", "'2026-05-01'") ","
    INSP("v2", "E2", "2026-04-10T09:00:00+08:00", "fire_inspection",
	"NULL", "0", "'2026-04-30'") ","
    INSP("v3", "X1", "2026-04-08T10:00:00+08:00", "food_inspection",
	"NULL", "0", "'2026-04-09'") ","
    INSP("v5", "E3", "2026-04-12T09:00:00+08:00", "safety_inspection",
	"'met'", "NULL", "'2026-04-20'") ","
    INSP("v6", "E6", "2026-04-12T09:00:00+08:00", "fire_inspection",
	"'absent'", "NULL", "NULL") ","
    INSP("v6b", "E6", "2026-04-13T09:00:00+08:00", "routine",
	"'met'", "NULL", "NULL") ","
    INSP("v7", "E3", "2026-04-25T09:00:00+08:00", "safety_inspection",
	"'problem'", "1", "'2026-04-28'") ","
    INSP("v10", "X1", "2026-03-01T09:00:00+08:00", "fire_inspection",
	"'met'", "0", "'2026-04-15'") ","
    INSP("v11", "X1", "2026-04-20T09:00:00+08:00", "fire_inspection",
	"'met'", "0", "'2026-10-20'") ","
    INSP("v12", "X2", "2026-04-02T09:00:00+08:00", "fire_inspection",
	"'met'", "0", "'2026-04-03'") ";";

static struct grid_hazards_period
period(const char *text)
{
	struct grid_hazards_period p;
	struct grid_error e;

	if (grid_hazards_period_parse(text, &p, &e) != 0)
		die("period", e.text);
	return p;
}

/*
 * April per street, E6 without a grid in a last row.  Reference: the end
 * of April (now is June), its local date 2026-05-01.
 * 金阊 (G1): E1, E2 = 2 orgs, both inspected once (v1, v2), 0 hazards,
 *   both passed (v1 met; v2 hazards 0, no result), none recurred (E1's
 *   hazard c9 is in May): 0.00 %; overdue: E2's fire (next 04-30; E1's
 *   05-01 is the reference date: not overdue) = 1; zero reporters E1
 *   (c1) and E2 (c2, c2b) = 2, both inspected: E1 at the instant of its
 *   zero report (v1 = c1), E2 after its first (v2 04-10 > c2 04-03) = 0.
 * 平江 (G2): E3, X1 = 2 (X2 closed); inspected E3 (v5, v7) and X1 (v3,
 *   v11; v10 is March) = 2 orgs, 4 inspections, 1 hazard (v7); passed
 *   X1 (v3) and E3 (v5) = 2; recurred E3 (v7 after v5; X1's c7 is at the
 *   instant of v3: not later) = 1, 50.00 %; overdue X1's food (v3, next
 *   04-09; its fire v11 is due 10-20, newer than v10) and E3's safety
 *   (v7, next 04-28) = 2; no zero reporter (E3's c3 voided).
 * none: E6, its zero report c5, only an absent inspection and a routine
 *   visit: zero 1, uninspected 1.
 */
static void
test_units(void)
{
	struct grid_hazards_period p = period("2026-04");
	struct grid_hazards_query q;
	struct grid_error e;
	size_t n;

	grid_hazards_inspection_columns(&n);
	is_int(n, GRID_HAZARDS_INSPECTION_NCOLUMN, "14 columns");
	memset(&q, 0, sizeof(q));
	q.period = &p;
	q.level = GRID_LEVEL_STREET;
	forget();
	ncols = n;
	ok(grid_hazards_inspections(db, &q, keep_row, NULL, &e) == 0,
	    "per street");
	is_int(nrows, 3, "two streets and the orgs without a grid");
	is_str(row(0), "street|320508001|金阊街道|2026-04|2|2|2|0|2|0|0.00|1|"
	    "2|0", "金阊 by hand");
	is_str(row(1), "street|320508002|平江街道|2026-04|2|2|4|1|2|1|50.00|"
	    "2|0|0", "平江 by hand");
	is_str(row(2), "street|-|-|2026-04|1|0|0|0|0|0|-|0|1|1",
	    "E6 without a grid: no rate without a passed inspection");
	q.level = GRID_LEVEL_DISTRICT;
	q.area = "320508";
	forget();
	ok(grid_hazards_inspections(db, &q, keep_row, NULL, &e) == 0,
	    "the district --in itself");
	is_str(row(0), "district|320508|姑苏区|2026-04|4|4|6|1|4|1|25.00|3|"
	    "2|0", "the district sums its streets, E6 out of the area");
	q.level = GRID_LEVEL_GRID;
	q.area = NULL;
	p = period("2026-03");
	forget();
	ok(grid_hazards_inspections(db, &q, keep_row, NULL, &e) == 0,
	    "March per grid");
	/* March: X1's v10 passed; reference 04-01: nothing overdue yet */
	is_str(row(1), "grid|" G2 "|平江新城01|2026-03|2|1|1|0|1|0|0.00|0|0|0",
	    "March in G2: v10 only");
	q.level = GRID_LEVEL_STREET;
	q.area = G1;
	ok(grid_hazards_inspections(db, &q, keep_row, NULL, &e) == -1 &&
	    e.code == GRID_EUSAGE && strcmp(e.field, "level") == 0,
	    "a level above the area refused");
}

static void
test_lists(void)
{
	struct grid_hazards_period p = period("2026-04");
	struct grid_hazards_query q;
	struct grid_error e;

	memset(&q, 0, sizeof(q));
	q.period = &p;
	forget();
	ncols = GRID_HAZARDS_UNINSPECTED_NCOLUMN;
	ok(grid_hazards_uninspected(db, &q, keep_row, NULL, &e) == 0,
	    "uninspected");
	is_int(nrows, 1, "E6 alone");
	is_str(row(0), "2026-04|E6|六店|-|city|-|-|1|2026-04-02T09:00:00+08:00|"
	    "-|-|-", "with its zero report; an absent inspection is none");
	forget();
	ncols = GRID_HAZARDS_RECURRED_NCOLUMN;
	ok(grid_hazards_recurred(db, &q, keep_row, NULL, &e) == 0,
	    "recurred");
	is_int(nrows, 1, "E3 alone (X2 closed, X1's hazard not later)");
	is_str(row(0), "2026-04|E3|三店|" G2 "|-|-|-|2026-04-12T09:00:00+08:00|"
	    "safety_inspection|2026-04-25T09:00:00+08:00|inspection|2",
	    "passed v5, hazards again v7 then c8");
	q.area = "320508001";
	forget();
	ok(grid_hazards_recurred(db, &q, keep_row, NULL, &e) == 0 &&
	    nrows == 0, "none in 金阊");
	q.area = "320508009";
	ok(grid_hazards_uninspected(db, &q, keep_row, NULL, &e) == -1 &&
	    e.code == GRID_EDATA, "an area the database does not hold");
}

static void
test_sample_parse(void)
{
	static const char *const bad[] = { "", "own", "own:", "own:101",
		"own:50,", "own:50,own:10", "lower:5,lower:5", "all:50",
		"own:5x", "own:-1", "own:50;lower:10", "own:00100" };
	struct grid_hazards_sample s;
	struct grid_error e;
	size_t i;

	ok(grid_hazards_sample_parse("own:50,lower:10", &s, &e) == 0 &&
	    s.own == 50 && s.lower == 10, "own:50,lower:10");
	ok(grid_hazards_sample_parse("lower:100,own:0", &s, &e) == 0 &&
	    s.own == 0 && s.lower == 100, "any order, the bounds");
	ok(grid_hazards_sample_parse("own:7", &s, &e) == 0 && s.own == 7 &&
	    s.lower == 0, "lower left out: 0");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "refused: '%s'", bad[i]);
		ok(grid_hazards_sample_parse(bad[i], &s, &e) == -1 &&
		    e.code == GRID_EUSAGE && strcmp(e.field, "sample") == 0,
		    what);
	}
}

/*
 * The draw key, pinned: FNV-1a 64 over the seed's 8 bytes (least
 * significant first) and the code's, then the SplitMix64 finaliser
 * (worked out apart from the library, in Python, so that the same seed
 * draws the same orgs on every machine).
 */
static void
test_sample_key(void)
{
	ok(grid_hazards_sample_key(0, "") == 0x5ba314b8cfda3b6bULL,
	    "seed 0, empty code");
	ok(grid_hazards_sample_key(1, "91320508MA1MXKQ68X") ==
	    0xea61ef018d2748f0ULL, "seed 1");
	ok(grid_hazards_sample_key(20260615, "91320508MA1MXKQ68X") ==
	    0x82f653fca9157890ULL, "seed 20260615");
	ok(grid_hazards_sample_key(18446744073709551615ULL, "E1") ==
	    0x4f358b1cd0d9dc99ULL, "the largest seed");
}

/* Draws s into the kept rows; 0 or -1 as the library. */
static int
draw(const struct grid_hazards_sample *s, struct grid_error *e)
{
	forget();
	ncols = GRID_HAZARDS_SAMPLE_NCOLUMN;
	return grid_hazards_sample(db, s, keep_row, NULL, e);
}

/* The uscc of kept row r (column 5). */
static const char *
uscc(size_t r)
{
	return r < nrows && cells[r][5] != NULL ? cells[r][5] : "";
}

static void
test_sample(void)
{
	struct grid_hazards_sample s;
	struct grid_error e;
	const char *lower[3] = { "E2", "E3", "X1" }, *first;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.level = GRID_LEVEL_DISTRICT;
	s.seed = 42;
	s.own = 50;
	s.lower = 10;
	/* own: E1 = 1, 50 % of 1 rounded up = 1; lower: E2 (street), E3
	 * (none: community), X1 (community) = 3, 10 % = 0.3, up = 1; E6 is
	 * the city's: above; X2 closed */
	ok(draw(&s, &e) == 0, "district: own:50,lower:10");
	is_int(nrows, 2, "1 own and 1 lower");
	is_str(row(0), "42|district|own|1|own:50 drew 1 of 1|E1|一厂|" G1
	    "|district|-|张三|13900000001", "E1, unmasked by the library");
	first = lower[0];
	for (i = 1; i < 3; i++)
		if (grid_hazards_sample_key(42, lower[i]) <
		    grid_hazards_sample_key(42, first))
			first = lower[i];
	is_str(uscc(1), first, "the lower one with the smallest key");
	s.lower = 34;	/* 3 * 34 / 100 = 1.02: 2 */
	ok(draw(&s, &e) == 0 && nrows == 3, "34 % of 3 rounds up to 2");
	s.lower = 33;	/* 0.99: 1 */
	ok(draw(&s, &e) == 0 && nrows == 2, "33 % of 3 rounds up to 1");
	s.lower = 0;
	s.own = 0;
	ok(draw(&s, &e) == 0 && nrows == 0, "0 %: nobody");
	/* city: own E6; lower E1, E2, E3, X1 in key order */
	s.level = GRID_LEVEL_CITY;
	s.own = s.lower = 100;
	ok(draw(&s, &e) == 0 && nrows == 5, "city, 100 %: all five");
	is_str(uscc(0), "E6", "the city's own first");
	for (i = 2; i < nrows; i++)
		ok(grid_hazards_sample_key(42, uscc(i - 1)) <
		    grid_hazards_sample_key(42, uscc(i)), "in key order");
	/* community: E3 (none) and X1 own, nothing below */
	s.level = GRID_LEVEL_COMMUNITY;
	ok(draw(&s, &e) == 0 && nrows == 2, "community: E3 and X1");
	ok(strstr(row(0), "no supervision_level: community") != NULL ||
	    strstr(row(1), "no supervision_level: community") != NULL,
	    "E3 taken as community, and said so");
	s.unit = "320508001";
	s.level = GRID_LEVEL_STREET;
	ok(draw(&s, &e) == 0 && nrows == 1 && strcmp(uscc(0), "E2") == 0,
	    "--unit 金阊, street: E2 own, E1 above");
	s.unit = NULL;
	s.seed = 43;
	s.level = GRID_LEVEL_CITY;
	s.own = 0;
	s.lower = 50;
	ok(draw(&s, &e) == 0 && nrows == 2, "another seed, 2 of 4");
	s.level = GRID_LEVEL_GRID;
	ok(draw(&s, &e) == -1 && e.code == GRID_EUSAGE &&
	    strcmp(e.field, "level") == 0, "grid: no supervision level");
	s.level = GRID_LEVEL_DISTRICT;
	s.own = 101;
	ok(draw(&s, &e) == -1 && e.code == GRID_EUSAGE, "a share above 100");
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	db_create(fixture_sql);
	test_units();
	test_lists();
	test_sample_parse();
	test_sample_key();
	test_sample();
	test_end();
	return tap_done();
}
