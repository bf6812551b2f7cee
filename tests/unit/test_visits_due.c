/*
 * test_visits_due.c - unit tests of lib/visits_due.c on one small
 * database: who is owed a visit on a day by the visit rules of their
 * tags (a visit that met nobody, a house visit, a month past a shorter
 * month's end, a risk level that changed, a tag without a start, a tag
 * without a rule), on a past day through the tag's history, the figures
 * per grid and per worker worked out by hand, refusals and a stopped run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/metrics.h"
#include "grid/visits.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800100102"
#define G3 "32050800100201"

static char dir[] = "/tmp/test_visits_due.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

/*
 * G1: A elderly_alone (every week) since 01-01, visited 05-27; B
 * low_income (every month) since 01-01, met on 04-20, nobody at home on
 * 05-25.  G2: C mental_disorder at level 3 (every 2 weeks) since 05-15,
 * level 0 (every 3 months) from 01-01 to 05-14, visited 03-20.  G3: E
 * low_income since 01-01, her house H3 visited 03-31; K disabled with no
 * since and no visit; V a district's tag vip without a rule.  W1 holds
 * G1 and G2, W2 G3.
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
    "INSERT INTO workers (id, name) VALUES ('W1', '甲'), ('W2', '乙');"
    "INSERT INTO worker_grids (worker_id, grid_code) VALUES "
    "('W1', '" G1 "'), ('W1', '" G2 "'), ('W2', '" G3 "');"
    "INSERT INTO houses (id, grid_code) VALUES ('H3', '" G3 "');"
    "INSERT INTO people (id_number, name, phone, house_id, grid_code, "
    "updated_at) VALUES ('A', '甲', NULL, NULL, '" G1 "', '2026-01-01'),"
    "('B', '乙', '13800000002', NULL, '" G1 "', '2026-01-01'),"
    "('C', '丙', NULL, NULL, '" G2 "', '2026-01-01'),"
    "('E', '戊', NULL, 'H3', '" G3 "', '2026-01-01'),"
    "('K', '庚', NULL, NULL, '" G3 "', '2026-01-01'),"
    "('V', '辛', NULL, NULL, '" G3 "', '2026-01-01');"
    "INSERT INTO tags (code, label) VALUES ('vip', '贵宾');"
    "INSERT INTO person_tags (id_number, tag, since, risk_level, "
    "helper_id) VALUES ('A', 'elderly_alone', '2026-01-01', NULL, 'W1'),"
    "('B', 'low_income', '2026-01-01', NULL, NULL),"
    "('C', 'mental_disorder', '2026-01-01', 0, NULL),"
    "('E', 'low_income', '2026-01-01', NULL, 'W2'),"
    "('K', 'disabled', NULL, NULL, NULL),"
    "('V', 'vip', '2026-01-01', NULL, NULL);"
    "UPDATE person_tags SET since = '2026-05-15', risk_level = 3 "
    "WHERE id_number = 'C';"
    "INSERT INTO visits (id, worker_id, id_number, house_id, at, "
    "result) VALUES "
    "('v1', 'W1', 'A', NULL, '2026-05-27T09:00:00+08:00', 'met'),"
    "('v2', 'W1', 'B', NULL, '2026-04-20T09:00:00+08:00', NULL),"
    "('v3', 'W1', 'B', NULL, '2026-05-25T09:00:00+08:00', 'absent'),"
    "('v4', 'W1', 'C', NULL, '2026-03-20T09:00:00+08:00', 'met'),"
    "('v5', 'W2', NULL, 'H3', '2026-03-31T09:00:00+08:00', 'met');";

/* What due and run take for the list rather than figures by a level. */
#define LIST GRID_BY_NLEVEL

/* Runs the list (LIST) or the figures at day; 0 or -1. */
static int
due(enum grid_metrics_level level, const char *day, const char *area,
    grid_visits_row_fn on_row, struct grid_error *e)
{
	struct grid_visits_due_query q;

	memset(&q, 0, sizeof(q));
	q.list = level == LIST;
	q.level = level;
	q.at = day;
	q.area = area;
	forget();
	grid_visits_due_columns(q.list, &ncols);
	return grid_visits_due_run(db, &q, on_row, NULL, e);
}

static void
run(enum grid_metrics_level level, const char *day, const char *area)
{
	struct grid_error e;

	if (due(level, day, area, keep_row, &e) != 0)
		die("grid_visits_due_run", e.text);
}

static int
stop(void *ctx, const char *const *values)
{
	return 1;
}

static void
test_history(void)
{
	is_str(sql_one("SELECT since || ' ' || until || ' ' || risk_level "
	    "FROM person_tag_history WHERE id_number = 'C'"),
	    "2026-01-01 2026-05-14 0", "the old level kept, to the day before");
}

static void
test_list(void)
{
	/* K: no since, no visit: overdue, no day.  E: 03-31 + 1 month is
	 * 04-30 (no 04-31), 31 days.  B: the absent visit does not count:
	 * 04-20 + 1 month = 05-20, 11 days.  C: the visit of 03-20 is
	 * before the new level's since: 05-15 + 2 weeks = 05-29, 2 days.
	 * A: 05-27 + 1 week = 06-03, not owed.  V: no rule. */
	run(LIST, "2026-05-31", NULL);
	is_int(nrows, 4, "four owed a visit on 05-31");
	is_str(row(0), "K|庚|-|" G3 "|disabled|残疾人|-|3 months|-|-|-|"
	    "overdue|-|-", "no start, no visit: overdue first");
	is_str(row(1), "E|戊|-|" G3 "|low_income|低保|-|1 months|2026-01-01|"
	    "2026-03-31|2026-04-30|overdue|31|W2",
	    "a house visit counts; a month ends at April's last day");
	is_str(row(2), "B|乙|13800000002|" G1 "|low_income|低保|-|1 months|"
	    "2026-01-01|2026-04-20|2026-05-20|overdue|11|-",
	    "nobody met on 05-25: not a visit");
	is_str(row(3), "C|丙|-|" G2 "|mental_disorder|严重精神障碍患者|3|"
	    "2 weeks|2026-05-15|2026-03-20|2026-05-29|overdue|2|-",
	    "the new level counts from its since");
	run(LIST, "2026-05-29", G2);
	is_str(row(0), "C|丙|-|" G2 "|mental_disorder|严重精神障碍患者|3|"
	    "2 weeks|2026-05-15|2026-03-20|2026-05-29|due|0|-",
	    "due on the day itself; --in a grid");
	is_int(nrows, 1, "only the grid's people");
	/* 05-10: C's version of that day (level 0, 3 months): 03-20 ->
	 * 06-20, not owed.  A not yet visited: 01-01 + 1 week = 01-08.  B:
	 * 05-20, not owed.  E: 04-30, 10 days. */
	run(LIST, "2026-05-10", NULL);
	is_int(nrows, 3, "three on 05-10");
	is_str(row(1), "A|甲|-|" G1 "|elderly_alone|独居老人|-|1 weeks|"
	    "2026-01-01|-|2026-01-08|overdue|122|W1",
	    "a visit after the day does not count");
	is_str(row(2), "E|戊|-|" G3 "|low_income|低保|-|1 months|2026-01-01|"
	    "2026-03-31|2026-04-30|overdue|10|W2", "E 10 days");
}

static void
test_figures(void)
{
	/* G1: A on time, B overdue: 2, 1, 1, 1, 50.00.  G2: C: 1, 1, 1, 0.
	 * G3: E and K overdue; V has no rule: 2, 2, 2, 0. */
	run(GRID_BY_GRID, "2026-05-31", NULL);
	is_int(nrows, 3, "three grids");
	is_str(row(0), "grid|" G1 "|彩香一村01|2026-05-31|2|1|1|1|50.00",
	    "G1");
	is_str(row(1), "grid|" G2 "|彩香一村02|2026-05-31|1|1|1|0|0.00",
	    "G2");
	is_str(row(2), "grid|" G3 "|三元坊01|2026-05-31|2|2|2|0|0.00",
	    "G3: a tag without a rule is not counted");
	run(GRID_BY_WORKER, "2026-05-31", NULL);
	is_str(row(0), "worker|W1|甲|2026-05-31|3|2|2|1|33.33",
	    "W1: G1 and G2");
	is_str(row(1), "worker|W2|乙|2026-05-31|2|2|2|0|0.00", "W2: G3");
	run(GRID_BY_COMMUNITY, "2026-05-10", "320508001002");
	is_int(nrows, 1, "--in a community");
	is_str(row(0), "community|320508001002|三元坊|2026-05-10|2|2|2|0|"
	    "0.00", "三元坊 on 05-10");
}

static void
test_refusals(void)
{
	struct grid_error e;

	is_int(due(LIST, "2026-02-30", NULL, keep_row, &e), -1, "a bad day");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_str(e.field, "at", "field at");
	is_int(due(GRID_BY_DEPT, "2026-05-31", NULL, keep_row, &e), -1,
	    "departments have no due list");
	is_str(e.field, "level", "field level");
	is_int(due(LIST, "2026-05-31", NULL, stop, &e), -1, "stopped");
	is_int(e.code, 0, "stopped: code 0");
	run(LIST, NULL, NULL);
	is_int(nrows, 5, "today (GRID_NOW, 06-15): K, E, B, C, and A "
	    "(06-03)");
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	db_create(fixture_sql);
	test_history();
	test_list();
	test_figures();
	test_refusals();
	test_end();
	return tap_done();
}
