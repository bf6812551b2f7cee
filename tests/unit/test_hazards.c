/*
 * test_hazards.c - unit tests of lib/stats_hazards.c on one database of six
 * enterprises and the orgs around them: periods read and bounded, a
 * month and a quarter per street and per enterprise with every figure
 * worked out by hand (due, reported, zero reports, hazards by grade,
 * remediation, major hazards still open, reports on the edges of the
 * period, voided and non-self-report cases left out), refusals.
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

static char dir[] = "/tmp/test_hazards.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

/*
 * E1, E2, E5 high-risk (three spellings), E3, E4, E6 not (E6 has attrs
 * that are no JSON); X1 is no enterprise, X2 is closed.  The cases: see
 * the figures in each test.
 */
static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508003', 'street', '虎丘街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508002001', '平江新城01', 'unit');"
    "INSERT INTO orgs (uscc, name, grid_code, kind, status, attrs) "
    "VALUES ('E1', '一厂', '" G1 "', 'enterprise', 'active', "
    "'{\"risk\":\"high\"}'),"
    "('E2', '二厂', '" G1 "', 'enterprise', NULL, "
    "'{\"风险等级\":\"高危\"}'),"
    "('E3', '三店', '" G1 "', 'enterprise', 'active', NULL),"
    "('E4', '四店', '" G2 "', 'enterprise', 'active', "
    "'{\"risk\":\"low\"}'),"
    "('E5', '五厂', '" G2 "', 'enterprise', 'active', "
    "'{\"risk\":\"HIGH\"}'),"
    "('E6', '六店', NULL, 'enterprise', 'active', 'not json'),"
    "('X1', '个体', '" G1 "', 'individual', 'active', NULL),"
    "('X2', '旧厂', '" G2 "', 'enterprise', 'closed', "
    "'{\"risk\":\"high\"}');"
    "INSERT INTO cases (id, source, org_uscc, grid_code, grade, status, "
    "reported_at, closed_at) VALUES "
    "('c1', 'self_report', 'E1', NULL, NULL, 'closed', "
    "'2026-04-05T09:00:00+08:00', NULL),"
    "('c2', 'self_report', 'E1', NULL, 'minor', 'closed', "
    "'2026-05-10T09:00:00+08:00', '2026-05-20T09:00:00+08:00'),"
    "('c3', 'self_report', 'E1', NULL, 'major', 'dispatched', "
    "'2026-06-02T09:00:00+08:00', NULL),"
    "('c4', 'self_report', 'E2', NULL, 'minor', 'closed', "
    "'2026-04-30T23:59:59+08:00', '2026-05-03T09:00:00+08:00'),"
    "('c5', 'self_report', 'E2', NULL, NULL, 'reported', "
    "'2026-06-15T09:00:00+08:00', NULL),"
    "('c6', 'self_report', 'E3', NULL, NULL, 'reported', "
    "'2026-05-01T00:00:00+08:00', NULL),"
    "('c8', 'self_report', 'E5', NULL, 'major', 'closed', "
    "'2026-03-31T16:00:00Z', '2026-04-20T09:00:00+08:00'),"
    "('c9', 'self_report', 'E5', NULL, NULL, 'reported', "
    "'2026-05-02T09:00:00+08:00', NULL),"
    "('c10', 'self_report', 'E5', NULL, NULL, 'reported', "
    "'2026-06-03T09:00:00+08:00', NULL),"
    "('c11', 'self_report', 'X1', NULL, 'minor', 'registered', "
    "'2026-04-10T09:00:00+08:00', NULL),"
    "('c12', 'self_report', 'X2', NULL, 'major', 'dispatched', "
    "'2026-01-15T09:00:00+08:00', NULL),"
    "('c13', 'self_report', 'E3', NULL, 'minor', 'voided', "
    "'2026-04-10T09:00:00+08:00', NULL),"
    "('c14', 'worker', 'E4', NULL, 'minor', 'reported', "
    "'2026-04-11T09:00:00+08:00', NULL),"
    "('c15', 'self_report', 'E6', NULL, 'major', 'closed', "
    "'2026-04-12T09:00:00+08:00', '2026-05-05T09:00:00+08:00'),"
    "('c16', 'self_report', 'ZZ', '" G2 "', 'minor', 'reported', "
    "'2026-04-15T09:00:00+08:00', NULL),"
    "('c17', 'self_report', 'E1', NULL, 'minor', 'reported', "
    "'2026-03-31T23:59:59+08:00', NULL),"
    "('c18', 'self_report', 'E4', NULL, NULL, 'reported', "
    "'2026-07-01T00:00:00+08:00', NULL);";

static struct grid_hazards_period
period(const char *text)
{
	struct grid_hazards_period p;
	struct grid_error e;

	if (grid_hazards_period_parse(text, &p, &e) != 0)
		die("period", e.text);
	return p;
}

/* The area of the runs (--in); NULL: everywhere. */
static const char *in_area;

/* The unit report of level for p in in_area; 0 or -1 as the library. */
static int
run(enum grid_level level, const struct grid_hazards_period *p,
    grid_hazards_row_fn on_row, struct grid_error *e)
{
	struct grid_hazards_query q;

	memset(&q, 0, sizeof(q));
	q.period = p;
	q.level = level;
	q.area = in_area;
	forget();
	grid_hazards_columns(&ncols);
	return grid_hazards_run(db, &q, on_row, NULL, e);
}

/* The list of state for p in in_area; 0 or -1 as the library. */
static int
list(const struct grid_hazards_period *p, const char *state,
    struct grid_error *e)
{
	struct grid_hazards_query q;

	memset(&q, 0, sizeof(q));
	q.period = p;
	q.state = state;
	q.area = in_area;
	forget();
	grid_hazards_org_columns(&ncols);
	return grid_hazards_list(db, &q, keep_row, NULL, e);
}

static void
units(enum grid_level level, const char *text)
{
	struct grid_hazards_period p = period(text);
	struct grid_error e;

	if (run(level, &p, keep_row, &e) != 0)
		die("grid_hazards_run", e.text);
}

static void
orgs(const char *text, const char *state)
{
	struct grid_hazards_period p = period(text);
	struct grid_error e;

	if (list(&p, state, &e) != 0)
		die("grid_hazards_list", e.text);
}

static time_t
at(const char *iso)
{
	time_t t;

	if (grid_time_to_epoch(iso, &t) != 0)
		die("time", iso);
	return t;
}

static void
test_periods(void)
{
	struct grid_hazards_period p;
	struct grid_error e;
	static const char *const bad[] = { "2026-13", "2026-Q5", "2026-Q0",
		"2026-4", "202a-01", "2026-04x", "2026/04", "", "2026-Qx",
		"-026-04" };
	size_t i;

	p = period("2026-04");
	is_str(p.name, "2026-04", "a month");
	is_int(p.months, 1, "one month");
	ok(p.start[0] == at("2026-04-01T00:00:00+08:00") &&
	    p.end == at("2026-05-01T00:00:00+08:00"),
	    "from local midnight to the next month's");
	p = period("2026-q2");
	is_str(p.name, "2026-Q2", "a quarter, written with Q");
	is_int(p.months, 3, "three months");
	ok(p.start[0] == at("2026-04-01T00:00:00+08:00") &&
	    p.start[1] == at("2026-05-01T00:00:00+08:00") &&
	    p.start[2] == at("2026-06-01T00:00:00+08:00") &&
	    p.end == at("2026-07-01T00:00:00+08:00"), "its months");
	p = period("2025-Q4");
	ok(p.start[2] == at("2025-12-01T00:00:00+08:00") &&
	    p.end == at("2026-01-01T00:00:00+08:00"), "Q4 ends next year");
	p = period(NULL);
	is_str(p.name, "2026-06", "NULL: the month of GRID_NOW");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "refused: '%s'", bad[i]);
		ok(grid_hazards_period_parse(bad[i], &p, &e) == -1 &&
		    e.code == GRID_EUSAGE && strcmp(e.field, "period") == 0,
		    what);
	}
	grid_hazards_period_parse("2026-13", &p, &e);
	is_str(e.text, "not a month or quarter '2026-13' (YYYY-MM or "
	    "YYYY-Qn)", "the message");
}

static void
test_month(void)
{
	size_t n;
	const struct grid_column *cols = grid_hazards_columns(&n);

	is_int(n, 16, "16 columns");
	is_str(cols[8].name, "self_report_rate", "the rate's column");
	units(GRID_LEVEL_STREET, "2026-04");
	is_int(nrows, 4, "three streets and the enterprises without a grid");
	is_str(row(0), "street|320508001|金阊街道|2026-04|3|2|2|2|100.00|1|"
	    "2|2|0|0|0.00|0", "金阊: E1 zero, E2 minor, X1 minor");
	is_str(row(1), "street|320508002|平江街道|2026-04|2|1|1|1|100.00|0|"
	    "2|1|1|1|50.00|1", "平江: E5 major fixed, ZZ minor by the case's "
	    "grid, X2's old major open");
	is_str(row(2), "street|320508003|虎丘街道|2026-04|0|0|0|0|-|0|"
	    "0|0|0|0|-|0", "a street without enterprises: zeros, no rates");
	is_str(row(3), "street|-|-|2026-04|1|0|0|0|-|0|1|0|1|0|0.00|1",
	    "E6 without a grid: its major open at the end of April");
	units(GRID_LEVEL_DISTRICT, "2026-04");
	is_int(nrows, 2, "district and no grid");
	is_str(row(0), "district|320508|姑苏区|2026-04|5|3|3|3|100.00|1|"
	    "4|3|1|1|25.00|1", "the district sums its streets");
	units(GRID_LEVEL_GRID, "2026-04");
	is_str(row(1), "grid|" G2 "|平江新城01|2026-04|2|1|1|1|100.00|0|"
	    "2|1|1|1|50.00|1", "per grid");
}

static void
test_quarter(void)
{
	units(GRID_LEVEL_STREET, "2026-Q2");
	is_str(row(0), "street|320508001|金阊街道|2026-Q2|3|2|3|2|66.67|1|"
	    "4|3|1|2|50.00|1", "金阊: E2 missed May; E3 due, zero report");
	is_str(row(1), "street|320508002|平江街道|2026-Q2|2|1|2|1|50.00|0|"
	    "2|1|1|1|50.00|1", "平江: E4 did not report");
	is_str(row(3), "street|-|-|2026-Q2|1|0|1|1|100.00|0|1|0|1|1|"
	    "100.00|0", "E6: reported, its major fixed by June");

	orgs("2026-Q2", NULL);
	is_int(nrows, 6, "every active enterprise");
	is_str(row(0), "2026-Q2|E1|一厂|" G1 "|monthly|1|1|3|3|2|1|1|1|1|"
	    "hazards", "E1: all three months, one minor fixed, a major open");
	is_str(row(1), "2026-Q2|E2|二厂|" G1 "|monthly|1|0|2|2|1|1|0|1|0|"
	    "missing", "E2: two months of three is missing");
	is_str(row(2), "2026-Q2|E3|三店|" G1 "|quarterly|1|1|1|1|0|0|0|0|0|"
	    "zero", "E3: once a quarter, nothing found");
	is_str(row(3), "2026-Q2|E4|四店|" G2 "|quarterly|1|0|0|0|0|0|0|0|0|"
	    "missing", "E4: a worker's case and a July report do not count");
	is_str(row(4), "2026-Q2|E5|五厂|" G2 "|monthly|1|1|3|3|1|0|1|1|0|"
	    "hazards", "E5: 1 April 00:00 local is in the quarter");
	is_str(row(5), "2026-Q2|E6|六店|-|quarterly|1|1|1|1|1|0|1|1|0|"
	    "hazards", "E6 last: no grid");
	orgs("2026-04", "none");
	is_int(nrows, 2, "April, state none");
	is_str(row(0), "2026-04|E3|三店|" G1 "|quarterly|0|-|0|0|0|0|0|0|0|"
	    "none", "not due: reported is empty; a voided case is no report");
	is_str(row(1), "2026-04|E4|四店|" G2 "|quarterly|0|-|0|0|0|0|0|0|0|"
	    "none", "E4");
	orgs("2026-04", "zero");
	is_int(nrows, 1, "April, zero hazards");
	is_str(row(0), "2026-04|E1|一厂|" G1 "|monthly|1|1|1|1|0|0|0|0|0|"
	    "zero", "E1: its March minor is outside");
	orgs("2026-03", "missing");
	is_int(nrows, 2, "March: the high-risk ones without a report");
	ok(nrows == 2 && strstr(row(0), "|E2|") != NULL &&
	    strstr(row(1), "|E5|") != NULL,
	    "E2 and E5 (E1 reported at 23:59:59, E5 on 1 April 00:00)");
}

static int
stop(void *ctx, const char *const *values)
{
	return 1;
}

static void
test_refusals(void)
{
	struct grid_hazards_period p = period("2026-04");
	struct grid_error e;

	is_int(run(GRID_LEVEL_CITY, &p, keep_row, &e), -1, "city is refused");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_int(list(&p, "late", &e), -1, "an unknown state");
	is_str(e.text, "not a state 'late' (missing, hazards, zero, none)",
	    "named");
	is_int(run(GRID_LEVEL_STREET, &p, stop, &e), -1,
	    "a callback stops the run");
	is_int(e.code, 0, "code 0");
	in_area = "320508001";
	is_int(run(GRID_LEVEL_DISTRICT, &p, keep_row, &e), -1,
	    "a level above the area");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_str(e.field, "level", "field level");
	in_area = "320508004";
	is_int(run(GRID_LEVEL_STREET, &p, keep_row, &e), -1,
	    "an unknown area");
	is_int(e.code, GRID_EDATA, "a data error");
	is_int(list(&p, NULL, &e), -1, "list: an unknown area");
	in_area = "32050800";
	is_int(list(&p, NULL, &e), -1, "list: a malformed area");
	is_str(e.field, "in", "field in");
	in_area = NULL;
}

/* --in: the enterprises and hazards of the area, as without it. */
static void
test_area(void)
{
	in_area = "320508001";
	units(GRID_LEVEL_STREET, "2026-04");
	is_int(nrows, 1, "--in a street: its row alone");
	is_str(row(0), "street|320508001|金阊街道|2026-04|3|2|2|2|100.00|1|"
	    "2|2|0|0|0.00|0", "as without --in");
	units(GRID_LEVEL_COMMUNITY, "2026-04");
	is_str(row(0), "community|320508001001|彩香一村|2026-04|3|2|2|2|"
	    "100.00|1|2|2|0|0|0.00|0", "its community");
	is_int(nrows, 1, "one community");
	in_area = "320508002";
	units(GRID_LEVEL_STREET, "2026-04");
	is_str(row(0), "street|320508002|平江街道|2026-04|2|1|1|1|100.00|0|"
	    "2|1|1|1|50.00|1", "平江: ZZ's hazard by the case's grid, X2's "
	    "open major by its grid");
	in_area = G2;
	units(GRID_LEVEL_GRID, "2026-04");
	is_str(row(0), "grid|" G2 "|平江新城01|2026-04|2|1|1|1|100.00|0|"
	    "2|1|1|1|50.00|1", "--in a grid");
	in_area = "320508003";
	units(GRID_LEVEL_STREET, "2026-04");
	is_str(row(0), "street|320508003|虎丘街道|2026-04|0|0|0|0|-|0|0|0|0|"
	    "0|-|0", "a street of regions without grids: zeros");
	in_area = "320508";
	units(GRID_LEVEL_DISTRICT, "2026-04");
	is_int(nrows, 1, "--in the district: E6 without a grid is out");
	is_str(row(0), "district|320508|姑苏区|2026-04|5|3|3|3|100.00|1|"
	    "4|3|1|1|25.00|1", "the district's row");
	in_area = "320508002";
	orgs("2026-Q2", NULL);
	is_int(nrows, 2, "list --in a street: its enterprises");
	ok(nrows == 2 && strstr(row(0), "|E4|") != NULL &&
	    strstr(row(1), "|E5|") != NULL, "E4 and E5");
	in_area = G1;
	orgs("2026-Q2", "zero");
	is_int(nrows, 1, "state zero in G1");
	is_str(row(0), "2026-Q2|E3|三店|" G1 "|quarterly|1|1|1|1|0|0|0|0|0|"
	    "zero", "E3");
	in_area = NULL;
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	db_create(fixture_sql);
	test_periods();
	test_month();
	test_quarter();
	test_area();
	test_refusals();
	test_end();
	return tap_done();
}
