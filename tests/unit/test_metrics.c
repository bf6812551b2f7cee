/*
 * test_metrics.c - unit tests of the monthly assessment (lib/metrics.c,
 * metrics_query.c): the worked check of doc/domain.md section 4 through
 * the rate function; a fixture of fifteen cases in two districts whose every
 * indicator is known by hand (comments give the sums); empty
 * denominators; the due-to-close rule at the month's edges; scores and
 * grades at the bounds; ranks with ties; and merges: two databases'
 * department rows merged equal the rows of the union.  Units with
 * nothing to assess: no score, grade or rank at every level, listed
 * last; a month in progress is partial (GRID_NOW); rows as text and
 * back.  The case desk on a crafted month of eight cases with their log
 * (on-time dispatch, dispatch accuracy, sign-for, replies, the worker
 * score), every figure derived by hand in the comments, merged and read
 * back.  Times are Asia/Shanghai; June 2024 unless said.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/metrics.h"
#include "grid/metrics_row.h"

#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define GRID1 "32050801801401"
#define GRID2 "32050801801402"
#define GRID3 "32050900100101"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL), "
    "('320508018', 'street', '平江街道', '320508'), "
    "('320508018014', 'community', '大儒社区', '320508018'), "
    "('320509', 'district', '吴中区', NULL), "
    "('320509001', 'street', '长桥街道', '320509'), "
    "('320509001001', 'community', '龙西社区', '320509001');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" GRID1 "', '320508018014', '一网格', 'unit'), "
    "('" GRID2 "', '320508018014', '二网格', 'unit'), "
    "('" GRID3 "', '320509001001', '龙西一网格', 'unit');"
    "INSERT INTO departments (code, name) VALUES ('D01', '城管'), "
    "('D02', '环卫');"
    "INSERT INTO workers (id, name, kind) VALUES "
    "('W1', '张三', 'part_time'), ('W2', '李四', 'full_time'), "
    "('W3', '王五', 'part_time'), ('W4', '赵六', 'part_time');";

#define T(s) "'2024-" s "+08:00'"
#define INS "INSERT INTO cases (id, source, grid_code, reporter, status, " \
    "level, dept_code, rework_count, rating, reported_at, registered_at, " \
    "dispatched_at, handled_at, closed_at, deadline) VALUES "

/* The cases; district 1 is 320508, 2 is 320509. */
static const struct {
	int district;
	const char *sql;
} cases[] = {
	/* handled in 2 working hours, closed on time, rated A */
	{ 1, INS "('C01', 'worker', '" GRID1 "', 'W1', 'closed', 'grid', "
	    "'D01', 0, 'A', " T("06-03T09:00:00") ", " T("06-03T09:10:00") ", "
	    T("06-03T09:30:00") ", " T("06-03T11:30:00") ", "
	    T("06-03T15:00:00") ", " T("06-04T09:30:00") ")" },
	/* hotline, late (4.5 h), reworked, closed at community, C */
	{ 1, INS "('C02', 'hotline', '" GRID1 "', NULL, 'closed', "
	    "'community', 'D01', 1, 'C', " T("06-05T10:00:00") ", "
	    T("06-05T10:00:00") ", " T("06-05T10:00:00") ", "
	    T("06-05T16:00:00") ", " T("06-06T10:00:00") ", "
	    T("06-05T14:00:00") ")" },
	/* May's deadline, handled and closed in June (77.5 h) */
	{ 1, INS "('C03', 'worker', '" GRID1 "', 'W1', 'closed', 'grid', "
	    "'D01', 0, NULL, " T("05-20T09:00:00") ", " T("05-20T09:00:00")
	    ", " T("05-20T10:00:00") ", " T("06-03T14:00:00") ", "
	    T("06-04T10:00:00") ", " T("05-21T10:00:00") ")" },
	/* open past its deadline, escalated in June */
	{ 1, INS "('C04', 'worker', '" GRID2 "', 'W2', 'dispatched', "
	    "'community', 'D02', 0, NULL, " T("06-10T09:00:00") ", "
	    T("06-10T09:05:00") ", " T("06-10T09:10:00") ", NULL, NULL, "
	    T("06-11T09:10:00") ")" },
	/* voided */
	{ 1, INS "('C05', 'public_app', '" GRID2 "', NULL, 'voided', "
	    "'grid', NULL, 0, NULL, " T("06-12T10:00:00") ", NULL, NULL, "
	    "NULL, NULL, NULL)" },
	/* returned, dispatched again; deadline 1 July 00:00 */
	{ 1, INS "('C06', 'worker', '" GRID2 "', 'W1', 'dispatched', "
	    "'grid', 'D01', 0, NULL, " T("06-28T09:00:00") ", "
	    T("06-28T09:00:00") ", " T("06-28T14:00:00") ", NULL, NULL, "
	    T("07-01T00:00:00") ")" },
	/* deadline 1 June 00:00: due in June, handled in May */
	{ 1, INS "('C07', 'worker', '" GRID1 "', 'W2', 'closed', 'grid', "
	    "'D02', 0, NULL, " T("05-25T09:00:00") ", " T("05-25T09:00:00")
	    ", " T("05-27T09:00:00") ", " T("05-31T16:00:00") ", "
	    T("06-03T09:00:00") ", " T("06-01T00:00:00") ")" },
	/* deadline 31 May 23:59: due in May; open */
	{ 1, INS "('C08', 'worker', '" GRID1 "', 'W2', 'dispatched', "
	    "'grid', 'D02', 0, NULL, " T("05-02T09:00:00") ", "
	    T("05-02T09:00:00") ", " T("05-02T10:00:00") ", NULL, NULL, "
	    T("05-31T23:59:00") ")" },
	/* deadline 30 June 23:59: due in June; open */
	{ 1, INS "('C09', 'worker', '" GRID2 "', 'W1', 'dispatched', "
	    "'grid', 'D02', 0, NULL, " T("06-15T09:00:00") ", "
	    T("06-15T09:00:00") ", " T("06-15T09:30:00") ", NULL, NULL, "
	    T("06-30T23:59:00") ")" },
	/* handled in 1.5 h, on time, rated B */
	{ 1, INS "('C10', 'worker', '" GRID2 "', 'W1', 'closed', 'grid', "
	    "'D02', 0, 'B', " T("06-20T08:50:00") ", " T("06-20T08:55:00")
	    ", " T("06-20T09:00:00") ", " T("06-20T10:30:00") ", "
	    T("06-20T16:00:00") ", " T("06-21T09:00:00") ")" },
	/* merged into another case */
	{ 1, INS "('C11', 'worker', '" GRID1 "', 'W1', 'merged', 'grid', "
	    "'D01', 0, NULL, " T("06-21T09:00:00") ", " T("06-21T09:00:00")
	    ", NULL, NULL, NULL, " T("06-25T09:00:00") ")" },
	/* due 28 June, closed in July */
	{ 1, INS "('C12', 'worker', '" GRID1 "', 'W2', 'closed', 'grid', "
	    "'D01', 0, NULL, " T("06-24T09:00:00") ", " T("06-24T09:00:00")
	    ", " T("06-24T09:00:00") ", " T("07-02T09:00:00") ", "
	    T("07-03T09:00:00") ", " T("06-28T09:00:00") ")" },
	/* district 2: hotline, 0.5 h, on time, rated D */
	{ 2, INS "('C13', 'hotline', '" GRID3 "', NULL, 'closed', 'grid', "
	    "'D01', 0, 'D', " T("06-05T09:00:00") ", " T("06-05T09:00:00")
	    ", " T("06-05T09:00:00") ", " T("06-05T09:30:00") ", "
	    T("06-05T12:00:00") ", " T("06-06T09:00:00") ")" },
	/* district 2: open past its deadline */
	{ 2, INS "('C14', 'worker', '" GRID3 "', 'W3', 'dispatched', "
	    "'grid', 'D02', 0, NULL, " T("06-07T09:00:00") ", "
	    T("06-07T09:00:00") ", " T("06-07T09:30:00") ", NULL, NULL, "
	    T("06-08T09:30:00") ")" },
	/* parked: out of due and overdue */
	{ 1, INS "('C15', 'worker', '" GRID2 "', 'W2', 'parked', 'grid', "
	    "'D01', 0, NULL, " T("06-16T09:00:00") ", " T("06-16T09:00:00")
	    ", " T("06-17T09:00:00") ", NULL, NULL, " T("06-18T09:00:00")
	    ")" },
	{ 1, "INSERT INTO case_log (case_id, at, actor, action) VALUES "
	    "('C05', " T("06-12T11:00:00") ", 'x', 'void'), "
	    "('C06', " T("06-28T11:00:00") ", 'x', 'return'), "
	    "('C04', " T("06-11T10:00:00") ", 'x', 'escalate')" },
};

static char dir[] = "/tmp/test_metrics.XXXXXX";
#include "testfs.h"
static struct grid_metrics_settings set;
static struct grid_error err;

static void
die(const char *what, const char *detail)
{
	printf("# test setup failed: %s: %s\n", what, detail);
	exit(2);
}

/* A new database with the fixture and the cases of districts (bits). */
static struct grid_db *
make_db(const char *name, int districts)
{
	struct grid_db *db;
	char path[128];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s.db", dir, name);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		die("grid_db_open", err.text);
	if (grid_db_exec(db, fixture_sql, &err) != 0)
		die("fixture", err.text);
	for (i = 0; i < LEN(cases); i++)
		if ((districts & cases[i].district) != 0 &&
		    grid_db_exec(db, cases[i].sql, &err) != 0)
			die(cases[i].sql, err.text);
	return db;
}

static void
remove_db(const char *name)
{
	char file[160];

	snprintf(file, sizeof(file), "%s/%s.db", dir, name);
	unlink_db(file);
}

static struct grid_metrics *
compute(struct grid_db *db, enum grid_metrics_level level,
    const char *month)
{
	struct grid_metrics *m;

	if (grid_metrics_compute(db, NULL, &set, level, month, &m, &err) != 0)
		die("grid_metrics_compute", err.text);
	return m;
}

static const struct grid_metrics_row *
row_of(const struct grid_metrics *m, const char *unit)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->rows[i].unit, unit) == 0)
			return &m->rows[i];
	printf("# no row for %s\n", unit);
	exit(2);
}

/* "n,n,...": every count of row. */
static const char *
counts(const struct grid_metrics_row *row)
{
	static char out[512];
	size_t len = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < GRID_C_NCOUNT; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%lld",
		    i > 0 ? "," : "", row->count[i]);
	return out;
}

/* A number as two decimals, "" for NAN. */
static const char *
num(double x)
{
	static char out[4][32];
	static int k;

	k = (k + 1) % 4;
	if (isnan(x))
		out[k][0] = '\0';
	else
		snprintf(out[k], sizeof(out[k]), "%.2f", x);
	return out[k];
}

/* "closure on_time rework satisfaction public handling on_time valid" */
static const char *
rates(const struct grid_metrics_row *row)
{
	static char out[256];
	size_t len = 0;
	int i;

	for (i = 0; i < GRID_R_NRATE; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i > 0 ? " " : "", num(row->rate[i].value));
	return out;
}

static void
test_rate(void)
{
	struct grid_rate r;

	grid_metrics_rate(&r, 23974, 24932);
	is_str(num(r.value), "96.16", "worked check: 结案率 96.16");
	ok(r.num == 23974 && r.den == 24932, "... numerator and denominator");
	grid_metrics_rate(&r, 22345, 24932);
	is_str(num(r.value), "89.62", "worked check: 按期结案率 89.62");
	grid_metrics_rate(&r, 0, 0);
	ok(isnan(r.value) && r.den == 0, "0 / 0 is empty");
	grid_metrics_rate(&r, 0, 7);
	is_str(num(r.value), "0.00", "0 / 7 is 0.00");
	grid_metrics_rate(&r, 1, 32);
	is_str(num(r.value), "3.13", "3.125 rounds half up");
	grid_metrics_rate(&r, 2, 3);
	is_str(num(r.value), "66.67", "2 / 3");
	is_int(grid_metrics_registered_score(0), 100, "立案数 0 -> 100");
	is_int(grid_metrics_registered_score(2), 90, "立案数 2 -> 90");
	is_int(grid_metrics_registered_score(3), 75, "立案数 3 -> 75");
	is_int(grid_metrics_registered_score(6), 60, "立案数 6 -> 60");
	is_int(grid_metrics_registered_score(8), 40, "立案数 8 -> 40");
	is_int(grid_metrics_registered_score(9), 0, "立案数 9 -> 0");
}

static void
test_grids(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_GRID, "2024-06");
	const struct grid_metrics_row *r;

	is_int(m->n, 3, "grid rows: three unit grids");
	r = row_of(m, GRID1);
	is_str(r->unit_name, "一网格", "grid 1: name");
	/* reported C01 C02 C11 C12; due C01 C02 C03 C07 C12; closed C01
	 * C02 C03 C07; on time C01; overdue C08 C12 */
	/* the desk: C01 C02 C12 due for dispatch, on time, dispatched once
	 * in June (no dispatch steps logged: dispatched_at), none acked;
	 * no reply_due */
	is_str(counts(r), "4,4,0,3,0,3,1,5,4,1,1,1,2,0,2,1,4,2,4,3,1,0,0,0,"
	    "3,3,3,3,0,0,0,0,0,0,0,0,0,0,0", "grid 1: every count");
	is_str(rates(r), "80.00 20.00 33.33 50.00 25.00 80.00 40.00 100.00 "
	    "100.00 100.00 0.00     ", "grid 1: every rate");
	is_str(num(r->handling_hours_mean), "28.00",
	    "grid 1: mean of 2, 4.5, 77.5 working hours");
	is_str(num(r->handling_hours_median), "4.50", "grid 1: median");
	is_str(num(r->registered_score), "75.00", "grid 1: 4 registered -> 75");
	/* 75*10 + 75*20 + 80*30 + 20*40 */
	is_str(num(r->score), "54.50", "grid 1: score");
	is_str(r->grade, "D", "grid 1: grade");
	r = row_of(m, GRID2);
	/* C04 C05 C06 C09 C10 C15: voided C05, returned C06, parked C15 */
	/* the desk: C04 C06 C09 C10 C15 due for dispatch (C09 registered
	 * on Saturday the 15th: limit Monday 10:30), on time (C06: its
	 * return says an earlier dispatch); dispatches: those five and the
	 * one C06's return stands for, returned */
	is_str(counts(r), "6,5,1,5,1,1,1,3,1,1,0,0,2,1,1,1,1,1,5,1,0,0,0,0,"
	    "5,5,6,5,0,0,0,0,0,0,0,0,0,0,0",
	    "grid 2: every count (parked out of due and overdue)");
	is_str(rates(r), "33.33 33.33 0.00 100.00 0.00 33.33 33.33 83.33 "
	    "100.00 83.33 0.00     ", "grid 2: every rate");
	is_str(num(r->handling_hours_median), "1.50", "grid 2: median");
	/* 100*10 + 60*20 + 33.33*30 + 33.33*40 */
	is_str(num(r->score), "45.33", "grid 2: score");
	r = row_of(m, GRID3);
	is_str(num(r->score), "58.00", "grid 3: score");
	ok(row_of(m, GRID3)->rank == 1 && row_of(m, GRID1)->rank == 2 &&
	    row_of(m, GRID2)->rank == 3, "grids ranked 3, 1, 2");
	grid_metrics_free(m);
}

static void
test_regions(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_COMMUNITY, "2024-06");
	const struct grid_metrics_row *r = row_of(m, "320508018014");

	is_int(m->n, 2, "community rows: two");
	is_str(counts(r), "10,9,1,8,1,4,2,8,5,2,1,1,4,1,3,2,5,3,9,4,1,0,0,0,"
	    "8,8,9,8,0,0,0,0,0,0,0,0,0,0,0",
	    "community: the sums of its grids");
	is_str(rates(r), "62.50 25.00 25.00 66.67 11.11 62.50 37.50 90.00 "
	    "100.00 88.89 0.00     ", "community: rates from the sums");
	is_str(num(r->registered_score), "67.50",
	    "community: 立案数 score, mean of 75 and 60");
	is_str(num(r->handling_hours_mean), "21.38", "community: mean hours");
	is_str(num(r->handling_hours_median), "3.25",
	    "community: median of four");
	/* 88.89*10 + 67.5*20 + 62.5*30 + 25*40 */
	is_str(num(r->score), "51.14", "community: score");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_DISTRICT, "2024-06");
	r = row_of(m, "320509");
	is_str(counts(r), "2,2,0,2,0,1,1,2,1,1,0,1,1,0,1,0,1,1,2,1,0,0,0,0,"
	    "2,2,2,2,0,0,0,0,0,0,0,0,0,0,0", "district 2: every count");
	is_str(r->unit_name, "吴中区", "district 2: name");
	is_int(r->unit_grids, 1, "district 2: one unit grid");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_STREET, "2024-06");
	is_int(row_of(m, "320508018")->count[GRID_C_REPORTED], 10,
	    "street: reported");
	grid_metrics_free(m);
}

static void
test_edges(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_GRID, "2024-05");

	/* May, grid 1: C03 (21 May) and C08 (31 May 23:59), not C07
	 * (1 June 00:00) */
	is_int(row_of(m, GRID1)->count[GRID_C_DUE_TO_CLOSE], 2,
	    "May: deadline on the last day 23:59 is due, 1 June 00:00 not");
	is_int(row_of(m, GRID1)->count[GRID_C_OVERDUE_OPEN], 2,
	    "May: C03 and C08 overdue at the end of May");
	ok(isnan(row_of(m, GRID2)->rate[GRID_R_CLOSURE].value) &&
	    row_of(m, GRID2)->count[GRID_C_DUE_TO_CLOSE] == 0,
	    "May, grid 2: nothing due, closure rate empty");
	ok(isnan(row_of(m, GRID2)->handling_hours_mean) &&
	    isnan(row_of(m, GRID2)->handling_hours_median),
	    "May, grid 2: no handling hours");
	ok(isnan(row_of(m, GRID2)->score) && row_of(m, GRID2)->rank == 0 &&
	    row_of(m, GRID2)->grade[0] == '\0',
	    "May, grid 2: nothing to assess: no score (not 100 from 立案数)");
	/* C03 C07 C08 reported and registered, C03 C08 due, none closed:
	 * 100*10 + 75*20 + 0*30 + 0*40 */
	is_str(num(row_of(m, GRID1)->score), "25.00", "May, grid 1: score");
	ok(row_of(m, GRID1)->rank == 1, "May, grid 1: the only rank");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_GRID, "2024-07");
	is_int(row_of(m, GRID2)->count[GRID_C_DUE_TO_CLOSE], 1,
	    "July, grid 2: deadline 1 July 00:00 is due in July");
	/* C06 due, open; nothing registered: 监督举报率 empty, left out:
	 * (100*20 + 0*30 + 0*40) / 90 */
	is_str(num(row_of(m, GRID2)->score), "22.22",
	    "July, grid 2: an empty rate is left out of the score");
	is_str(counts(row_of(m, GRID1)),
	    "0,0,0,0,0,1,0,1,1,0,0,0,1,0,0,0,1,0,0,1,0,0,0,0"
	    ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
	    "July, grid 1: C12 closed late; C08 still overdue");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_GRID, "2023-01");
	ok(m->n == 3 && isnan(m->rows[0].rate[GRID_R_SATISFACTION].value) &&
	    isnan(m->rows[0].rate[GRID_R_REWORK].value),
	    "a month without cases: rows, empty rates");
	ok(isnan(m->rows[0].score) && isnan(m->rows[1].score) &&
	    isnan(m->rows[2].score) && m->rows[0].rank == 0 &&
	    m->rows[1].rank == 0 && m->rows[2].rank == 0 &&
	    m->rows[0].grade[0] == '\0',
	    "a month before any case: no score, grade or rank at all");
	grid_metrics_free(m);
	ok(grid_metrics_compute(db, NULL, &set, GRID_BY_GRID, "2024-13", &m,
	    &err) == -1 && err.code == GRID_EDATA && m == NULL,
	    "bad month refused");
}

static void
test_dept_worker(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_DEPT, "2024-06");
	const struct grid_metrics_row *r = row_of(m, "D01");

	/* public C02 C13 of 7 registered */
	/* dispatches C01 C02 C06 (twice: returned once) C12 C13 C15 */
	is_str(rates(r), "80.00 40.00 25.00 33.33 28.57 80.00 40.00 100.00 "
	    "100.00 85.71 0.00     ", "dept D01: rates");
	/* 40*40 + 80*30 + 75*20 + 33.33*10 */
	is_str(num(r->score), "58.33", "dept D01: score");
	is_str(r->grade, "D", "dept D01: grade");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_WORKER, "2024-06");
	is_int(m->n, 4, "worker rows: every worker");
	is_int(row_of(m, "W1")->count[GRID_C_REPORTED], 5, "W1: 5 reports");
	ok(!row_of(m, "W1")->under_quota, "W1: quota met");
	ok(!row_of(m, "W2")->under_quota, "W2: full time, no quota");
	ok(row_of(m, "W3")->under_quota, "W3: 1 report, under quota");
	ok(row_of(m, "W4")->under_quota &&
	    row_of(m, "W4")->count[GRID_C_REPORTED] == 0,
	    "W4: no report, listed, under quota");
	/* no grids, no verification: the valid report rate alone, 5 / 5 */
	is_str(num(row_of(m, "W1")->score), "100.00",
	    "worker W1: scored on its reports alone");
	ok(isnan(row_of(m, "W4")->score), "worker W4: nothing, no score");
	grid_metrics_free(m);
}

static void
test_scores(void)
{
	static const double scores[] = { 90, 89.99, 75, 60, 59.99, 40,
	    39.99 };
	static const char *const grades[] = { "A", "B", "B", "C", "D", "D",
	    "E" };
	struct grid_metrics_row row;
	struct grid_metrics_row rows[5];
	struct grid_metrics_settings s;
	double w[4];
	size_t i;

	/* on_time_closure 100 %, closure 100: bounds reached exactly */
	memset(&row, 0, sizeof(row));
	row.level = GRID_BY_GRID;
	s = set;
	for (i = 0; i < LEN(scores); i++) {
		s.region[0] = s.region[1] = s.region[2] = 0;
		s.region[3] = 1;
		row.count[GRID_C_DUE_TO_CLOSE] = 100000;
		row.count[GRID_C_CLOSED_ON_TIME] = (long long)(scores[i] *
		    1000 + 0.5);
		grid_metrics_finish(&row, &s);
		is_str(row.grade, grades[i], "grade at the bound");
	}
	memset(&row, 0, sizeof(row));
	row.level = GRID_BY_GRID;
	grid_metrics_finish(&row, &set);
	ok(isnan(row.score) && row.grade[0] == '\0',
	    "no grid and no rate: no score, no grade");
	memset(rows, 0, sizeof(rows));
	rows[0].score = 90;
	rows[1].score = 80;
	rows[2].score = 90;
	rows[3].score = NAN;
	rows[4].score = 70;
	grid_metrics_rank(rows, 5);
	ok(rows[0].rank == 1 && rows[2].rank == 1 && rows[1].rank == 3 &&
	    rows[3].rank == 0 && rows[4].rank == 4,
	    "ties share a rank, the next skips, no score no rank");
	ok(grid_metrics_weights_parse("closure:30,on_time_closure:40,"
	    "registered:20,public_verified:10", GRID_BY_GRID, w, &err) == 0 &&
	    w[0] == 10 && w[1] == 20 && w[2] == 30 && w[3] == 40,
	    "weights in any order");
	ok(grid_metrics_weights_parse("closure:30,closure:3", GRID_BY_GRID, w,
	    &err) == -1 && err.code == GRID_EDATA, "repeated weight refused");
	ok(grid_metrics_weights_parse("speed:30", GRID_BY_DEPT, w, &err) ==
	    -1, "unknown weight refused");
	ok(grid_metrics_weights_parse("rework:x", GRID_BY_DEPT, w, &err) ==
	    -1, "bad number refused");
	ok(grid_metrics_grades_parse("A:90,B:95", &s, &err) == -1,
	    "rising grade bounds refused");
}

/* A row of level with count c set to n, the others 0, finished. */
static struct grid_metrics_row
only(enum grid_metrics_level level, enum grid_metrics_count c, long long n)
{
	struct grid_metrics_row row;

	memset(&row, 0, sizeof(row));
	row.level = level;
	row.unit_grids = 2;		/* 立案数 alone would give 100 */
	row.registered_score_sum = 200;
	row.count[c] = n;
	grid_metrics_finish(&row, &set);
	return row;
}

static void
test_assessed(struct grid_db *db)
{
	static const enum grid_metrics_count region_yes[] = {
		GRID_C_REPORTED, GRID_C_REGISTERED, GRID_C_DUE_TO_CLOSE
	}, region_no[] = {
		GRID_C_OVERDUE_OPEN, GRID_C_HANDLED, GRID_C_DISPATCHED,
		GRID_C_ESCALATED, GRID_C_RETURNED, GRID_C_RATED
	}, dept_yes[] = {
		GRID_C_DUE_TO_CLOSE, GRID_C_HANDLED, GRID_C_RATED
	}, dept_no[] = {
		GRID_C_DISPATCHED, GRID_C_RETURNED, GRID_C_OVERDUE_OPEN,
		GRID_C_REPORTED, GRID_C_REGISTERED, GRID_C_DISPATCH_DUE,
		GRID_C_REPLY_DUE
	}, worker_yes[] = {
		GRID_C_REPORTED, GRID_C_GRID_REGISTERED, GRID_C_CHECK_DUE,
		GRID_C_VERIFIED
	}, worker_no[] = {
		GRID_C_REGISTERED, GRID_C_DUE_TO_CLOSE, GRID_C_DISPATCHES,
		GRID_C_HANDLED
	};
	struct grid_metrics_row row;
	struct grid_metrics *m;
	char name[96];
	size_t i;

	row = only(GRID_BY_COMMUNITY, GRID_C_REPORTED, 0);
	ok(!grid_metrics_assessed(&row) && isnan(row.score) &&
	    row.grade[0] == '\0', "region, nothing at all: no score");
	for (i = 0; i < LEN(region_yes); i++) {
		row = only(GRID_BY_COMMUNITY, region_yes[i], 1);
		snprintf(name, sizeof(name), "region: %s alone is assessed",
		    grid_metrics_count_name(region_yes[i]));
		ok(grid_metrics_assessed(&row) && !isnan(row.score), name);
	}
	for (i = 0; i < LEN(region_no); i++) {
		row = only(GRID_BY_GRID, region_no[i], 1);
		snprintf(name, sizeof(name), "region: %s alone is not",
		    grid_metrics_count_name(region_no[i]));
		ok(!grid_metrics_assessed(&row) && isnan(row.score), name);
	}
	for (i = 0; i < LEN(dept_yes); i++) {
		row = only(GRID_BY_DEPT, dept_yes[i], 1);
		snprintf(name, sizeof(name), "dept: %s alone is assessed",
		    grid_metrics_count_name(dept_yes[i]));
		ok(grid_metrics_assessed(&row), name);
	}
	for (i = 0; i < LEN(dept_no); i++) {
		row = only(GRID_BY_DEPT, dept_no[i], 1);
		snprintf(name, sizeof(name), "dept: %s alone is not",
		    grid_metrics_count_name(dept_no[i]));
		ok(!grid_metrics_assessed(&row) && isnan(row.score), name);
	}
	for (i = 0; i < LEN(worker_yes); i++) {
		row = only(GRID_BY_WORKER, worker_yes[i], 1);
		snprintf(name, sizeof(name), "worker: %s alone is assessed",
		    grid_metrics_count_name(worker_yes[i]));
		ok(grid_metrics_assessed(&row), name);
	}
	for (i = 0; i < LEN(worker_no); i++) {
		row = only(GRID_BY_WORKER, worker_no[i], 1);
		snprintf(name, sizeof(name), "worker: %s alone is not",
		    grid_metrics_count_name(worker_no[i]));
		ok(!grid_metrics_assessed(&row) && isnan(row.score), name);
	}
	/* May 2024: 龙西 (district 2) has no case; 大儒 has C03 C07 C08 */
	m = compute(db, GRID_BY_COMMUNITY, "2024-05");
	ok(isnan(row_of(m, "320509001001")->score) &&
	    row_of(m, "320509001001")->rank == 0 &&
	    row_of(m, "320508018014")->rank == 1,
	    "May, 龙西 without a case: unscored; 大儒 ranked 1");
	grid_metrics_free(m);
	/* July: D01 has C06 and C12 due; D02 only C04 C08 C09 C14 overdue */
	m = compute(db, GRID_BY_DEPT, "2024-07");
	ok(row_of(m, "D01")->rank == 1 && isnan(row_of(m, "D02")->score) &&
	    row_of(m, "D02")->count[GRID_C_OVERDUE_OPEN] == 4 &&
	    row_of(m, "D02")->rank == 0,
	    "July, D02 with old overdue cases only: unscored");
	grid_metrics_free(m);
}

static void
test_order(void)
{
	static const char *const units[] = { "e", "d", "c", "b", "a" };
	static const int ranks[] = { 2, 0, 1, 1, 0 };
	struct grid_metrics_row rows[5];
	size_t order[5], i;
	char got[8];

	memset(rows, 0, sizeof(rows));
	for (i = 0; i < LEN(rows); i++) {
		snprintf(rows[i].unit, sizeof(rows[i].unit), "%s", units[i]);
		rows[i].rank = ranks[i];
	}
	grid_metrics_order(rows, LEN(rows), order);
	for (i = 0; i < LEN(rows); i++)
		got[i] = rows[order[i]].unit[0];
	got[LEN(rows)] = '\0';
	is_str(got, "bcead",
	    "report order: by rank, ties by unit, unranked last by unit");
	grid_metrics_order(rows, 0, order);
	ok(1, "report order of no rows");
}

static void
test_partial(struct grid_db *db)
{
	enum grid_metrics_when when;
	struct grid_metrics *m;
	time_t start, end;

	grid_metrics_month_bounds("2024-06", &start, &end, &err);
	ok(grid_metrics_month_when("2024-06", start, &when, &err) == 0 &&
	    when == GRID_MONTH_CURRENT, "1 June 00:00: June in progress");
	ok(grid_metrics_month_when("2024-06", start - 1, &when, &err) == 0 &&
	    when == GRID_MONTH_FUTURE, "31 May 23:59:59: June not begun");
	ok(grid_metrics_month_when("2024-06", end - 1, &when, &err) == 0 &&
	    when == GRID_MONTH_CURRENT, "30 June 23:59:59: June in progress");
	ok(grid_metrics_month_when("2024-06", end, &when, &err) == 0 &&
	    when == GRID_MONTH_PAST, "1 July 00:00: June ended");
	ok(grid_metrics_month_when("2024-6", end, &when, &err) == -1 &&
	    err.code == GRID_EDATA, "a bad month refused");
	setenv("GRID_NOW", "2024-06-15T10:00:00+08:00", 1);
	m = compute(db, GRID_BY_COMMUNITY, "2024-06");
	ok(m->partial && m->rows[0].partial && m->rows[1].partial,
	    "GRID_NOW in June: June's report and rows partial");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_COMMUNITY, "2024-05");
	ok(!m->partial && !m->rows[0].partial, "May: not partial");
	grid_metrics_free(m);
	setenv("GRID_NOW", "yesterday", 1);
	ok(grid_metrics_compute(db, NULL, &set, GRID_BY_GRID, "2024-06", &m,
	    &err) == -1 && err.code == GRID_EUSAGE && m == NULL,
	    "a bad GRID_NOW refused");
	unsetenv("GRID_NOW");
}

/* Row as text, read back: names and values of every column. */
static int
round_trip(const struct grid_metrics_row *row, struct grid_metrics_row *out)
{
	struct grid_column cols[GRID_METRICS_NCOLUMN];
	const char *names[GRID_METRICS_NCOLUMN];
	struct grid_metrics_text text;
	int i;

	grid_metrics_row_text(row, &set, &text);
	grid_metrics_columns(cols, NULL);
	for (i = 0; i < GRID_METRICS_NCOLUMN; i++)
		names[i] = cols[i].name;
	return grid_metrics_row_parse(names, text.values,
	    GRID_METRICS_NCOLUMN, &set, out, &err);
}

static void
test_row_text(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_GRID, "2024-05");
	struct grid_metrics_row back, idle = *row_of(m, GRID2);
	struct grid_metrics_text text;
	const char *names[] = { "level", "unit", "month", "partial" };
	const char *values[] = { "grid", GRID2, "2024-05", "1" };
	int col = grid_metrics_column("partial");

	is_int(col, GRID_METRICS_NCOLUMN - 1, "partial: the last column");
	grid_metrics_row_text(&idle, &set, &text);
	ok(text.values[grid_metrics_column("score")] == NULL &&
	    text.values[grid_metrics_column("grade")] == NULL &&
	    text.values[grid_metrics_column("rank")] == NULL &&
	    strcmp(text.values[col], "0") == 0,
	    "an idle row as text: score, grade and rank empty; partial 0");
	idle.partial = 1;
	ok(round_trip(&idle, &back) == 0 && isnan(back.score) &&
	    back.rank == 0 && back.partial == 1,
	    "read back: still unscored, partial kept");
	ok(round_trip(row_of(m, GRID1), &back) == 0 &&
	    strcmp(num(back.score), "25.00") == 0 && back.partial == 0,
	    "a scored row read back: the same score");
	ok(grid_metrics_row_parse(names, values, 4, &set, &back, &err) ==
	    -1 && strcmp(err.field, "reported") == 0,
	    "counts still needed");
	grid_metrics_free(m);
}

static int
same_row(const struct grid_metrics_row *a, const struct grid_metrics_row *b)
{
	int i;

	if (strcmp(counts(a), counts(b)) != 0 ||
	    a->handling_seconds != b->handling_seconds ||
	    a->handling_n != b->handling_n ||
	    strcmp(num(a->score), num(b->score)) != 0 ||
	    strcmp(a->grade, b->grade) != 0 ||
	    strcmp(num(a->handling_hours_mean),
	    num(b->handling_hours_mean)) != 0)
		return 0;
	for (i = 0; i < GRID_R_NRATE; i++)
		if (strcmp(num(a->rate[i].value), num(b->rate[i].value)) != 0)
			return 0;
	return 1;
}

static void
test_merge(struct grid_db *all)
{
	struct grid_db *one = make_db("one", 1), *two = make_db("two", 2);
	struct grid_metrics *m1 = compute(one, GRID_BY_DEPT, "2024-06"),
	    *m2 = compute(two, GRID_BY_DEPT, "2024-06"),
	    *mu = compute(all, GRID_BY_DEPT, "2024-06"),
	    *md = compute(all, GRID_BY_DISTRICT, "2024-06");
	struct grid_metrics_row pair[2], out;
	const char *depts[] = { "D01", "D02" };
	size_t i;

	for (i = 0; i < LEN(depts); i++) {
		pair[0] = *row_of(m1, depts[i]);
		pair[1] = *row_of(m2, depts[i]);
		ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
		    same_row(&out, row_of(mu, depts[i])),
		    "two districts' dept rows merged equal the union's");
		ok(isnan(out.handling_hours_median),
		    "... the median is not merged");
	}
	/* the union of the two reports: the union's rows, medians too */
	{
		struct grid_metrics *u = NULL;
		const struct grid_metrics_row *a, *b;
		int same = 1;

		ok(grid_metrics_union(compute(one, GRID_BY_DEPT, "2024-06"),
		    compute(two, GRID_BY_DEPT, "2024-06"), &set, &u,
		    &err) == 0 && u->n == mu->n,
		    "union of two districts' reports: the union's units");
		for (i = 0; u != NULL && i < u->n && i < mu->n; i++) {
			a = &u->rows[i];
			b = &mu->rows[i];
			same &= strcmp(a->unit, b->unit) == 0 &&
			    same_row(a, b) && a->rank == b->rank &&
			    strcmp(num(a->handling_hours_median),
			    num(b->handling_hours_median)) == 0;
		}
		ok(same, "... every row, rank and median the union's");
		ok(u != NULL && !isnan(row_of(u, "D01")->handling_hours_median),
		    "... a summed row has its median");
		grid_metrics_free(u);
		ok(grid_metrics_union(compute(one, GRID_BY_DEPT, "2024-06"),
		    compute(two, GRID_BY_DEPT, "2024-05"), &set, &u,
		    &err) == -1 && err.code == GRID_EDATA && u == NULL,
		    "union of two months refused");
	}
	/* the two districts as one city */
	pair[0] = *row_of(md, "320508");
	pair[1] = *row_of(md, "320509");
	snprintf(pair[0].unit, sizeof(pair[0].unit), "3205");
	snprintf(pair[1].unit, sizeof(pair[1].unit), "3205");
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
	    out.count[GRID_C_DUE_TO_CLOSE] == 10 &&
	    out.count[GRID_C_CLOSED] == 6 &&
	    strcmp(num(out.rate[GRID_R_CLOSURE].value), "60.00") == 0 &&
	    out.unit_grids == 3 &&
	    strcmp(num(out.registered_score), "75.00") == 0,
	    "districts merged: 6 / 10, not the mean of the rates");
	pair[1] = *row_of(md, "320509");
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == -1 &&
	    err.code == GRID_EDATA, "rows of different units refused");
	grid_metrics_change(m1, mu);
	is_str(num(row_of(m1, "D01")->score_change),
	    num(round((row_of(m1, "D01")->score - row_of(mu, "D01")->score) *
	    100) / 100), "score change against another report");
	grid_metrics_change(m1, NULL);
	ok(isnan(m1->rows[0].score_change), "no previous month: empty");
	grid_metrics_free(mu);
	mu = compute(all, GRID_BY_DEPT, "2024-07");
	pair[0] = *row_of(mu, "D02");
	pair[1] = *row_of(mu, "D02");
	pair[1].partial = 1;
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
	    isnan(out.score) && out.grade[0] == '\0' && out.partial &&
	    out.count[GRID_C_OVERDUE_OPEN] == 8,
	    "two unscored rows merged: still unscored; partial when one is");
	pair[1] = *row_of(mu, "D01");
	snprintf(pair[1].unit, sizeof(pair[1].unit), "D02");
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
	    !isnan(out.score) && !out.partial,
	    "unscored and scored merged: scored from the sums");
	grid_metrics_free(m1);
	grid_metrics_free(m2);
	grid_metrics_free(mu);
	grid_metrics_free(md);
	grid_db_close(one);
	grid_db_close(two);
	remove_db("one");
	remove_db("two");
}

/*
 * The case desk's month (June 2024, the default calendar: Monday to
 * Friday 08:30-12:00, 13:30-17:30; 1 June is a Saturday; the default
 * limits: dispatch and ack 2 working hours, check 2 working hours,
 * verify 1 working day).  Workers: W1 and W3 in GRID1, W2 in GRID2.
 */
#define DINS "INSERT INTO cases (id, source, grid_code, reporter, status, " \
    "dept_code, reported_at, registered_at, dispatched_at, handled_at, " \
    "closed_at, deadline, reply_due) VALUES "
#define LOG "INSERT INTO case_log (case_id, at, actor, action, worker_id) " \
    "VALUES "
static const char desk_sql[] =
    "INSERT INTO worker_grids (worker_id, grid_code) VALUES "
    "('W1', '" GRID1 "'), ('W3', '" GRID1 "'), ('W2', '" GRID2 "');"
    /* D1: W1's, dispatched and acked on time, verified by W1 */
    DINS "('D1', 'worker', '" GRID1 "', 'W1', 'closed', 'D01', "
    T("06-03T09:00:00") ", " T("06-03T09:10:00") ", " T("06-03T09:30:00")
    ", " T("06-03T14:00:00") ", " T("06-04T10:00:00") ", "
    T("06-04T09:30:00") ", NULL);"
    LOG "('D1', " T("06-03T09:30:00") ", 'x', 'dispatch', NULL), "
    "('D1', " T("06-03T10:00:00") ", 'x', 'ack', NULL), "
    "('D1', " T("06-03T14:00:00") ", 'x', 'handle', NULL), "
    "('D1', " T("06-04T09:00:00") ", 'x', 'verify', 'W1');"
    /* D2: hotline; dispatched to the wrong department, returned,
     * dispatched again; replied twice; verified late by W3 */
    DINS "('D2', 'hotline', '" GRID1 "', NULL, 'verified', 'D01', "
    T("06-05T10:00:00") ", " T("06-05T13:00:00") ", " T("06-05T16:00:00")
    ", " T("06-06T11:00:00") ", NULL, " T("06-07T16:00:00") ", "
    T("06-12T10:00:00") ");"
    LOG "('D2', " T("06-05T14:00:00") ", 'x', 'dispatch', NULL), "
    "('D2', " T("06-05T15:00:00") ", 'x', 'return', NULL), "
    "('D2', " T("06-05T16:00:00") ", 'x', 'dispatch', NULL), "
    "('D2', " T("06-06T09:00:00") ", 'x', 'ack', NULL), "
    "('D2', " T("06-06T10:00:00") ", 'x', 'reply', NULL), "
    "('D2', " T("06-06T11:00:00") ", 'x', 'handle', NULL), "
    "('D2', " T("06-07T11:30:00") ", 'x', 'verify', 'W3'), "
    "('D2', " T("06-20T09:00:00") ", 'x', 'reply', NULL);"
    /* D3: public, registered on Friday 28th, dispatched 1 July */
    DINS "('D3', 'public_app', '" GRID2 "', NULL, 'dispatched', 'D02', "
    T("06-28T16:00:00") ", " T("06-28T16:30:00") ", " T("07-01T09:00:00")
    ", NULL, NULL, " T("07-02T09:00:00") ", " T("06-30T12:00:00") ");"
    LOG "('D3', " T("07-01T09:00:00") ", 'x', 'dispatch', NULL);"
    /* D4: W2's, registered 31 May 17:00, dispatched and acked late,
     * replied in June to a reply due in May */
    DINS "('D4', 'worker', '" GRID2 "', 'W2', 'dispatched', 'D02', "
    T("05-31T16:00:00") ", " T("05-31T17:00:00") ", " T("06-03T11:00:00")
    ", NULL, NULL, " T("06-05T11:00:00") ", " T("05-31T20:00:00") ");"
    LOG "('D4', " T("06-03T11:00:00") ", 'x', 'dispatch', NULL), "
    "('D4', " T("06-03T12:00:00") ", 'x', 'reply', NULL), "
    "('D4', " T("06-03T15:00:00") ", 'x', 'ack', NULL);"
    /* D5: hotline, voided after an hour */
    DINS "('D5', 'hotline', '" GRID2 "', NULL, 'voided', NULL, "
    T("06-10T09:00:00") ", NULL, NULL, NULL, NULL, NULL, "
    T("06-17T09:00:00") ");"
    LOG "('D5', " T("06-10T10:00:00") ", 'x', 'void', NULL);"
    /* D6: reported in GRID1 by W2, a worker of another grid; never
     * dispatched; replied */
    DINS "('D6', 'worker', '" GRID1 "', 'W2', 'registered', NULL, "
    T("06-20T08:50:00") ", " T("06-20T09:00:00") ", NULL, NULL, NULL, "
    "NULL, " T("06-27T09:00:00") ");"
    LOG "('D6', " T("06-21T09:00:00") ", 'x', 'reply', NULL);"
    /* D7: hotline, registered, then merged into another case */
    DINS "('D7', 'hotline', '" GRID1 "', NULL, 'merged', NULL, "
    T("06-21T09:00:00") ", " T("06-21T09:05:00") ", NULL, NULL, NULL, "
    "NULL, " T("06-28T09:00:00") ");"
    /* D8: May's, handled 31 May 16:00, verified by W2 on 3 June */
    DINS "('D8', 'worker', '" GRID2 "', 'W2', 'verified', 'D02', "
    T("05-30T09:00:00") ", " T("05-30T09:10:00") ", " T("05-30T09:20:00")
    ", " T("05-31T16:00:00") ", NULL, " T("06-03T09:20:00") ", NULL);"
    LOG "('D8', " T("05-30T09:20:00") ", 'x', 'dispatch', NULL), "
    "('D8', " T("05-30T09:40:00") ", 'x', 'ack', NULL), "
    "('D8', " T("05-31T16:00:00") ", 'x', 'handle', NULL), "
    "('D8', " T("06-03T09:00:00") ", 'x', 'verify', 'W2');";

/* "name=v,...": the named counts of row. */
static const char *
some_counts(const struct grid_metrics_row *row,
    const enum grid_metrics_count *which, size_t n)
{
	static char out[512];
	size_t len = 0, i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len,
		    "%s%lld", i > 0 ? "," : "", row->count[which[i]]);
	return out;
}

/* "v v ...": the named rates of row, "" for an empty one. */
static const char *
some_rates(const struct grid_metrics_row *row,
    const enum grid_metrics_rate *which, size_t n)
{
	static char out[256];
	size_t len = 0, i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i > 0 ? " " : "", num(row->rate[which[i]].value));
	return out;
}

static const enum grid_metrics_count desk_counts[] = {
	GRID_C_DISPATCH_DUE, GRID_C_DISPATCHED_ON_TIME, GRID_C_DISPATCHES,
	GRID_C_ACCURATE_DISPATCHES, GRID_C_ACKED, GRID_C_ACKED_ON_TIME,
	GRID_C_REPLY_DUE, GRID_C_REPLIED, GRID_C_REPLIED_ON_TIME
};
static const enum grid_metrics_rate desk_rates[] = {
	GRID_R_ON_TIME_DISPATCH, GRID_R_DISPATCH_ACCURACY, GRID_R_ON_TIME_ACK,
	GRID_R_REPLY, GRID_R_ON_TIME_REPLY
};
static const enum grid_metrics_count worker_counts[] = {
	GRID_C_REPORTED, GRID_C_FILED, GRID_C_GRID_REGISTERED, GRID_C_MISSED,
	GRID_C_CHECK_DUE, GRID_C_CHECKED_ON_TIME, GRID_C_VERIFIED,
	GRID_C_VERIFIED_ON_TIME
};
static const enum grid_metrics_rate worker_rates[] = {
	GRID_R_VALID_REPORT, GRID_R_MISSED_REPORT, GRID_R_ON_TIME_CHECK,
	GRID_R_ON_TIME_VERIFY
};
#define DESK(row) some_counts(row, desk_counts, LEN(desk_counts))
#define DESK_RATES(row) some_rates(row, desk_rates, LEN(desk_rates))

/* A database with the fixture's registers and the desk's cases of grids
 * (bit 1 GRID1, bit 2 GRID2). */
static struct grid_db *
make_desk(const char *name, int grids)
{
	struct grid_db *db;
	char path[128];

	snprintf(path, sizeof(path), "%s/%s.db", dir, name);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		die("grid_db_open", err.text);
	if (grid_db_exec(db, fixture_sql, &err) != 0 ||
	    grid_db_exec(db, desk_sql, &err) != 0)
		die("desk fixture", err.text);
	if ((grids & 1) == 0 && grid_db_exec(db, "DELETE FROM case_log "
	    "WHERE case_id IN (SELECT id FROM cases WHERE grid_code = '"
	    GRID1 "'); DELETE FROM cases WHERE grid_code = '" GRID1 "'",
	    &err) != 0)
		die("desk: grid 2 only", err.text);
	if ((grids & 2) == 0 && grid_db_exec(db, "DELETE FROM case_log "
	    "WHERE case_id IN (SELECT id FROM cases WHERE grid_code = '"
	    GRID2 "'); DELETE FROM cases WHERE grid_code = '" GRID2 "'",
	    &err) != 0)
		die("desk: grid 1 only", err.text);
	return db;
}

static void
test_desk_regions(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_GRID, "2024-06");
	const struct grid_metrics_row *r = row_of(m, GRID1);

	/*
	 * Due for dispatch in June (limit = registered + 2 working hours):
	 * D1 09:10 -> 11:10, first dispatch 09:30, on time; D2 13:00 (lunch:
	 * counted from 13:30) -> 15:30, first dispatch 14:00, on time; D6
	 * 20th 09:00 -> 11:00, never dispatched; D7 merged undispatched: not
	 * due.  Dispatches in June: D1 (accurate; acked 10:00, limit 11:30),
	 * D2 at 14:00 (returned, no ack), D2 at 16:00 (accurate; acked 6th
	 * 09:00 = its limit: 1.5 h that day, 0.5 h the next).  Replies due:
	 * D2 (12th, first reply 6th), D6 (27th, replied 21st); D7 merged:
	 * not due.
	 */
	is_str(DESK(r), "3,2,3,2,2,2,2,2,2", "desk, grid 1: every count");
	is_str(DESK_RATES(r), "66.67 66.67 66.67 100.00 100.00",
	    "desk, grid 1: on-time dispatch, accuracy, ack, reply rates");
	r = row_of(m, GRID2);
	/*
	 * D4 registered Friday 31 May 17:00 -> Monday 3 June 10:00 (0.5 h
	 * + 1.5 h), first dispatch 11:00: due in June, late; acked 15:00,
	 * limit 14:30 (11:00-12:00, 13:30-14:30): late.  D3's limit is
	 * Monday 1 July 09:30 (Friday 16:30-17:30, then 08:30-09:30): July's.
	 * D8 dispatched in May.  Replies: D3 due 30th, none; D4 due 31 May,
	 * first reply 3 June: due in June, replied, late; D5 voided: not due.
	 */
	is_str(DESK(r), "1,0,1,1,1,0,2,1,0", "desk, grid 2: every count");
	is_str(DESK_RATES(r), "0.00 100.00 0.00 50.00 0.00",
	    "desk, grid 2: rates");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_GRID, "2024-07");
	/* July: D3 due (limit 1 July 09:30), dispatched 09:00 */
	is_str(DESK(row_of(m, GRID2)), "1,1,1,1,0,0,0,0,0",
	    "desk, July, grid 2: D3 dispatched on time, not acked");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_GRID, "2024-05");
	/* May: D4's reply due 31 May 20:00, none by the end of May; D8 due
	 * and dispatched on time (09:10 -> 11:10, 09:20), acked at 09:40;
	 * D4's limit is June's */
	is_str(DESK(row_of(m, GRID2)), "1,1,1,1,1,1,1,0,0",
	    "desk, May, grid 2: a reply due and not given");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_DEPT, "2024-06");
	/* D01: D1 and D2 (its last department); D02: D4 (D3 July's) and
	 * D3's reply; D6 has no department */
	is_str(DESK(row_of(m, "D01")), "2,2,3,2,2,2,1,1,1",
	    "desk, D01: the counts of D1 and D2");
	is_str(DESK(row_of(m, "D02")), "1,0,1,1,1,0,2,1,0",
	    "desk, D02: the counts of D3 and D4");
	is_str(DESK_RATES(row_of(m, "D01")), "100.00 66.67 66.67 100.00 100.00",
	    "desk, D01: rates");
	grid_metrics_free(m);
}

static void
test_desk_workers(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_WORKER, "2024-06");
	const struct grid_metrics_row *r = row_of(m, "W1");

	/*
	 * W1 (GRID1, with W3): reported D1, registered.  Registered in
	 * GRID1 in June: D1 D2 D6 D7; not reported by W1 or W3: D2, D7 (the
	 * public), D6 (W2, of another grid): 3 missed.  To check: D2
	 * (hotline; D7 merged: not), registered 13:00, limit 12:00: late.
	 * Verified D1 on the 4th 09:00; handled 3rd 14:00 + 7.5 working
	 * hours = 4th 14:00: on time.
	 * Score: valid 100 x 40 + (100 - 75) x 20 + 0 x 20 + 100 x 20 = 65.
	 */
	is_str(some_counts(r, worker_counts, LEN(worker_counts)),
	    "1,1,4,3,1,0,1,1", "worker W1: every count of the score");
	is_str(some_rates(r, worker_rates, LEN(worker_rates)),
	    "100.00 75.00 0.00 100.00", "worker W1: the four rates");
	is_str(num(r->score), "65.00", "worker W1: score");
	is_str(r->grade, "C", "worker W1: grade");
	r = row_of(m, "W2");
	/*
	 * W2 (GRID2): reported D6 (in GRID1), registered.  Registered in
	 * GRID2 in June: D3 (public): missed.  To check: D3 (28th 16:00 ->
	 * 1 July 09:00, registered 16:30: on time), D5 (10th 09:00 -> 11:00,
	 * voided 10:00: on time).  Verified D8 on 3 June 09:00, handled
	 * 31 May 16:00 + 7.5 h = 3 June 16:00: on time.
	 * Score: 100 x 40 + 0 x 20 + 100 x 20 + 100 x 20 = 80.
	 */
	is_str(some_counts(r, worker_counts, LEN(worker_counts)),
	    "1,1,1,1,2,2,1,1", "worker W2: every count of the score");
	is_str(some_rates(r, worker_rates, LEN(worker_rates)),
	    "100.00 100.00 100.00 100.00", "worker W2: the four rates");
	is_str(num(r->score), "80.00", "worker W2: score");
	r = row_of(m, "W3");
	/*
	 * W3 (GRID1): reported nothing (valid report empty, left out);
	 * missed 3 of 4, D2 to check late, verified D2 on the 7th 11:30,
	 * handled 6th 11:00 + 7.5 h = 7th 11:00: late.
	 * Score: (25 x 20 + 0 x 20 + 0 x 20) / 60 = 8.33.
	 */
	is_str(some_counts(r, worker_counts, LEN(worker_counts)),
	    "0,0,4,3,1,0,1,0", "worker W3: every count of the score");
	is_str(some_rates(r, worker_rates, LEN(worker_rates)),
	    " 75.00 0.00 0.00", "worker W3: no report: valid report empty");
	is_str(num(r->score), "8.33", "worker W3: the other three weigh");
	ok(row_of(m, "W2")->rank == 1 && row_of(m, "W1")->rank == 2 &&
	    row_of(m, "W3")->rank == 3, "workers ranked W2, W1, W3");
	r = row_of(m, "W4");
	ok(isnan(r->score) && r->rank == 0 && r->grade[0] == '\0',
	    "W4: no grid, no report: nothing to assess, no score");
	grid_metrics_free(m);
}

/* Row as text and back, then the rows of two databases merged. */
static void
test_desk_merge(struct grid_db *all)
{
	struct grid_db *one = make_desk("desk1", 1), *two = make_desk("desk2", 2);
	struct grid_metrics *m1, *m2, *mu;
	struct grid_metrics_row pair[2], out, back;
	struct grid_metrics_text text;
	static const enum grid_metrics_level levels[] = {
		GRID_BY_DEPT, GRID_BY_WORKER
	};
	static const char *const units[][4] = {
		{ "D01", "D02", NULL }, { "W1", "W2", "W3", NULL }
	};
	size_t l, i;
	char what[96];

	for (l = 0; l < LEN(levels); l++) {
		m1 = compute(one, levels[l], "2024-06");
		m2 = compute(two, levels[l], "2024-06");
		mu = compute(all, levels[l], "2024-06");
		for (i = 0; units[l][i] != NULL; i++) {
			pair[0] = *row_of(m1, units[l][i]);
			pair[1] = *row_of(m2, units[l][i]);
			snprintf(what, sizeof(what), "desk: %s's rows of two "
			    "databases merged equal the union's", units[l][i]);
			ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
			    same_row(&out, row_of(mu, units[l][i])), what);
		}
		grid_metrics_free(m1);
		grid_metrics_free(m2);
		grid_metrics_free(mu);
	}
	/* a district of two databases: the desk's counts add up (both
	 * hold every grid, so its 立案数 grids would count twice) */
	m1 = compute(one, GRID_BY_DISTRICT, "2024-06");
	m2 = compute(two, GRID_BY_DISTRICT, "2024-06");
	pair[0] = *row_of(m1, "320508");
	pair[1] = *row_of(m2, "320508");
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0, "district merged");
	is_str(DESK(&out), "4,2,4,3,3,2,4,3,2",
	    "desk, district merged: the sums of its grids (3+1, 2+0, ...)");
	is_str(DESK_RATES(&out), "50.00 75.00 50.00 75.00 50.00",
	    "desk, district merged: rates from the sums, not their mean");
	grid_metrics_free(m1);
	grid_metrics_free(m2);
	mu = compute(all, GRID_BY_WORKER, "2024-06");
	ok(round_trip(row_of(mu, "W1"), &back) == 0 &&
	    same_row(&back, row_of(mu, "W1")),
	    "a worker row as text and back: every count, rate and score");
	grid_metrics_row_text(row_of(mu, "W1"), &set, &text);
	is_str(text.values[grid_metrics_column("missed_report_rate")], "75.00",
	    "worker row: missed_report_rate written");
	grid_metrics_free(mu);
	mu = compute(all, GRID_BY_GRID, "2024-06");
	grid_metrics_row_text(row_of(mu, GRID1), &set, &text);
	ok(text.values[grid_metrics_column("missed")] == NULL &&
	    text.values[grid_metrics_column("on_time_verify_rate")] == NULL &&
	    strcmp(text.values[grid_metrics_column("dispatch_accuracy_rate")],
	    "66.67") == 0, "grid row: the worker's columns empty, the "
	    "desk's written");
	ok(round_trip(row_of(mu, GRID1), &back) == 0 &&
	    same_row(&back, row_of(mu, GRID1)),
	    "a grid row read back without the worker's counts");
	grid_metrics_free(mu);
	grid_db_close(one);
	grid_db_close(two);
	remove_db("desk1");
	remove_db("desk2");
}

static void
test_desk(void)
{
	struct grid_db *db = make_desk("desk", 3);
	struct grid_metrics_settings s;
	double w[4];

	test_desk_regions(db);
	test_desk_workers(db);
	test_desk_merge(db);
	ok(grid_metrics_weights_parse("on_time_verify:1,valid_report:3",
	    GRID_BY_WORKER, w, &err) == 0 && w[0] == 3 && w[1] == 0 &&
	    w[3] == 1, "worker weights");
	ok(grid_metrics_weights_parse("closure:1", GRID_BY_WORKER, w,
	    &err) == -1 && err.code == GRID_EDATA,
	    "a region weight refused for workers");
	if (grid_db_exec(db, "UPDATE settings SET value = '2 fortnights' "
	    "WHERE key = 'ack_limit'", &err) != 0)
		die("ack_limit", err.text);
	ok(grid_metrics_settings_load(db, &s, &err) == -1 &&
	    strcmp(err.field, "ack_limit") == 0, "a bad ack_limit refused");
	grid_db_close(db);
	remove_db("desk");
}

/*
 * Cases finished before June that still count in it (metrics_query.c
 * reads only the cases that can count: open ones, those with a time from
 * the month on, and those with a step of the log from it on).  In GRID2,
 * department D02, the default calendar and limits:
 * F1: closed 20 May, replied 5 June to a reply due 17 May: a reply due
 *     in June (late), replied, not on time;
 * F2: registered 10 May, voided 3 June: voided in June;
 * F3: registered Friday 31 May 16:50, dispatched 17:00, closed 17:25:
 *     its dispatch limit (2 working hours) ends Monday 3 June 09:50, so
 *     the dispatch is due in June, on time;
 * F4: closed 20 May, its deadline 2 June: due to close in June, closed,
 *     on time;
 * F5: April's, closed in April, nothing after: counts nowhere in June.
 * Nothing was reported in June.
 */
#define FINS "INSERT INTO cases (id, source, grid_code, status, dept_code, " \
    "reported_at, registered_at, dispatched_at, handled_at, closed_at, " \
    "deadline, reply_due) VALUES "
static const char finished_sql[] =
    FINS "('F1', 'hotline', '" GRID2 "', 'closed', 'D02', "
    T("05-10T09:00:00") ", " T("05-10T09:10:00") ", " T("05-10T09:30:00")
    ", " T("05-15T10:00:00") ", " T("05-20T10:00:00") ", "
    T("05-24T17:00:00") ", " T("05-17T09:10:00") ");"
    LOG "('F1', " T("05-10T09:30:00") ", 'x', 'dispatch', NULL), "
    "('F1', " T("05-15T10:00:00") ", 'x', 'handle', NULL), "
    "('F1', " T("06-05T10:00:00") ", 'x', 'reply', NULL);"
    FINS "('F2', 'hotline', '" GRID2 "', 'voided', NULL, "
    T("05-10T09:00:00") ", " T("05-10T09:10:00") ", NULL, NULL, NULL, "
    "NULL, NULL);"
    LOG "('F2', " T("06-03T10:00:00") ", 'x', 'void', NULL);"
    FINS "('F3', 'worker', '" GRID2 "', 'closed', 'D02', "
    T("05-31T16:40:00") ", " T("05-31T16:50:00") ", " T("05-31T17:00:00")
    ", " T("05-31T17:10:00") ", " T("05-31T17:25:00") ", "
    T("05-31T17:30:00") ", NULL);"
    LOG "('F3', " T("05-31T17:00:00") ", 'x', 'dispatch', NULL);"
    FINS "('F4', 'worker', '" GRID2 "', 'closed', 'D02', "
    T("05-10T09:00:00") ", " T("05-10T09:10:00") ", " T("05-10T09:20:00")
    ", " T("05-19T10:00:00") ", " T("05-20T10:00:00") ", "
    T("06-02T17:00:00") ", NULL);"
    FINS "('F5', 'worker', '" GRID2 "', 'closed', 'D02', "
    T("04-10T09:00:00") ", " T("04-10T09:10:00") ", " T("04-10T09:20:00")
    ", " T("04-11T10:00:00") ", " T("04-12T10:00:00") ", "
    T("04-12T17:00:00") ", " T("04-17T09:00:00") ");"
    LOG "('F5', " T("04-10T09:20:00") ", 'x', 'dispatch', NULL), "
    "('F5', " T("04-16T09:00:00") ", 'x', 'reply', NULL);";

static const enum grid_metrics_count finished_counts[] = {
	GRID_C_REPORTED, GRID_C_VOIDED, GRID_C_REPLY_DUE, GRID_C_REPLIED,
	GRID_C_REPLIED_ON_TIME, GRID_C_DISPATCH_DUE,
	GRID_C_DISPATCHED_ON_TIME, GRID_C_DUE_TO_CLOSE, GRID_C_CLOSED,
	GRID_C_CLOSED_ON_TIME
};

static void
test_finished(void)
{
	struct grid_db *db;
	struct grid_metrics *m;
	char path[128];

	snprintf(path, sizeof(path), "%s/finished.db", dir);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		die("grid_db_open", err.text);
	if (grid_db_exec(db, fixture_sql, &err) != 0 ||
	    grid_db_exec(db, finished_sql, &err) != 0)
		die("finished fixture", err.text);
	m = compute(db, GRID_BY_GRID, "2024-06");
	is_str(some_counts(row_of(m, GRID2), finished_counts,
	    LEN(finished_counts)), "0,1,1,1,0,1,1,1,1,1",
	    "finished in May, counted in June: a late reply, a void, a "
	    "dispatch due, a close due");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_GRID, "2024-04");
	is_str(some_counts(row_of(m, GRID2), finished_counts,
	    LEN(finished_counts)), "1,0,1,1,1,1,1,1,1,1",
	    "April's case in April");
	grid_metrics_free(m);
	grid_db_close(db);
	remove_db("finished");
}

/*
 * Steps before the window the report reads by time (from two days before
 * the first month, 29 May): June 2024 counts these cases by rows of May.
 * E1: dispatched, returned, dispatched again in June: its first dispatch
 * was May's, so no dispatch is due in June.  E2: replied in May, the
 * reply due in June.  E3: handled in May (a handled_at of 3 June, as an
 * import may leave it), verified by W2 on 3 June: late against the
 * handle step, on time against handled_at.
 */
static const char earlier_sql[] =
    FINS "('E1', 'worker', '" GRID2 "', 'dispatched', 'D02', "
    T("05-06T09:00:00") ", " T("05-06T09:10:00") ", " T("06-03T09:00:00")
    ", NULL, NULL, " T("06-20T17:00:00") ", NULL);"
    LOG "('E1', " T("05-06T09:20:00") ", 'x', 'dispatch', NULL), "
    "('E1', " T("05-07T09:00:00") ", 'x', 'return', NULL), "
    "('E1', " T("06-03T09:00:00") ", 'x', 'dispatch', NULL);"
    FINS "('E2', 'hotline', '" GRID2 "', 'closed', 'D02', "
    T("05-20T09:00:00") ", " T("05-20T09:10:00") ", " T("05-20T09:30:00")
    ", " T("05-21T10:00:00") ", " T("05-22T10:00:00") ", "
    T("05-24T17:00:00") ", " T("06-05T17:00:00") ");"
    LOG "('E2', " T("05-25T10:00:00") ", 'x', 'reply', NULL);"
    FINS "('E3', 'hotline', '" GRID2 "', 'verified', 'D02', "
    T("05-27T09:00:00") ", " T("05-27T09:10:00") ", " T("05-27T09:30:00")
    ", " T("06-03T08:00:00") ", NULL, " T("06-20T17:00:00") ", NULL);"
    LOG "('E3', " T("05-27T15:00:00") ", 'x', 'handle', NULL), "
    "('E3', " T("06-03T09:00:00") ", 'x', 'verify', 'W2');";

static const enum grid_metrics_count earlier_counts[] = {
	GRID_C_DISPATCH_DUE, GRID_C_DISPATCHED_ON_TIME, GRID_C_DISPATCHES,
	GRID_C_ACCURATE_DISPATCHES, GRID_C_REPLY_DUE, GRID_C_REPLIED,
	GRID_C_REPLIED_ON_TIME
};

static const enum grid_metrics_count verified_counts[] = {
	GRID_C_VERIFIED, GRID_C_VERIFIED_ON_TIME
};

static void
test_earlier(void)
{
	struct grid_db *db;
	struct grid_metrics *m;
	char path[128];

	snprintf(path, sizeof(path), "%s/earlier.db", dir);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0)
		die("grid_db_open", err.text);
	if (grid_db_exec(db, fixture_sql, &err) != 0 ||
	    grid_db_exec(db, earlier_sql, &err) != 0)
		die("earlier fixture", err.text);
	m = compute(db, GRID_BY_GRID, "2024-06");
	is_str(some_counts(row_of(m, GRID2), earlier_counts,
	    LEN(earlier_counts)), "0,0,1,1,1,1,1",
	    "June read with May's steps: no dispatch due (dispatched in "
	    "May), a dispatch, a reply due and made in May");
	grid_metrics_free(m);
	m = compute(db, GRID_BY_WORKER, "2024-06");
	is_str(some_counts(row_of(m, "W2"), verified_counts,
	    LEN(verified_counts)), "1,0",
	    "a verification in June late against May's handle step");
	grid_metrics_free(m);
	grid_db_close(db);
	remove_db("earlier");
}

/*
 * A report through a file and back (grid_metrics_send and receive, as
 * grid-report -j's workers hand theirs over): the same rows, names and
 * handling times; a stream cut short or not of this build refused.
 */
static void
test_pipe(struct grid_db *db)
{
	struct grid_metrics *m = compute(db, GRID_BY_GRID, "2024-05"), *back;
	char path[128];
	size_t i, same = 0, secs = 0, with = 0;
	off_t size;
	int fd;

	snprintf(path, sizeof(path), "%s/pipe.bin", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		die("open", path);
	ok(grid_metrics_send(fd, m, &err) == 0, "send: a report written");
	size = lseek(fd, 0, SEEK_CUR);
	lseek(fd, 0, SEEK_SET);
	ok(grid_metrics_receive(fd, &back, &err) == 0 && back != NULL,
	    "receive: read back");
	if (back != NULL) {
		is_int((long)back->n, (long)m->n, "receive: every row");
		ok(back->partial == m->partial && strcmp(back->month, m->month)
		    == 0 && back->level == m->level, "receive: its month");
		for (i = 0; i < m->n && i < back->n; i++) {
			const struct grid_metrics_row *a = &m->rows[i],
			    *b = &back->rows[i];

			same += strcmp(a->unit, b->unit) == 0 &&
			    strcmp(a->unit_name, b->unit_name) == 0 &&
			    memcmp(a->count, b->count, sizeof(a->count)) == 0 &&
			    a->handling_n == b->handling_n;
			with += a->handling_secs != NULL;
			secs += a->handling_secs != NULL &&
			    b->handling_secs != NULL && memcmp(a->handling_secs,
			    b->handling_secs, (size_t)a->handling_n *
			    sizeof(long long)) == 0;
		}
		is_int((long)same, (long)m->n,
		    "receive: units, names and counts as sent");
		ok(with > 0 && secs == with,
		    "receive: the handling times as sent (for the medians)");
	}
	grid_metrics_free(back);
	if (ftruncate(fd, size / 2) != 0)
		die("ftruncate", path);
	lseek(fd, 0, SEEK_SET);
	ok(grid_metrics_receive(fd, &back, &err) != 0 && back == NULL &&
	    err.code == GRID_EIO, "receive: a stream cut short refused");
	lseek(fd, 0, SEEK_SET);
	if (write(fd, "XXXX", 4) != 4)
		die("write", path);
	lseek(fd, 0, SEEK_SET);
	ok(grid_metrics_receive(fd, &back, &err) != 0 && back == NULL &&
	    err.code == GRID_EINTERNAL, "receive: another stream refused");
	close(fd);
	unlink(path);
	grid_metrics_free(m);
}

/*
 * The columns of a report row, their labels and types: the contract of
 * grid-report's output (ndjson keys, csv header, html headings), written
 * out once.  T text, I integer, R real.
 */
static const struct {
	const char *name, *label;
	char type;
} report_columns[] = {
	{ "level", "层级", 'T' }, { "unit", "单元代码", 'T' },
	{ "unit_name", "单元名称", 'T' }, { "month", "月份", 'T' },
	{ "reported", "上报数", 'I' }, { "registered", "立案数", 'I' },
	{ "voided", "作废数", 'I' }, { "dispatched", "派遣数", 'I' },
	{ "returned", "回退数", 'I' }, { "handled", "处置数", 'I' },
	{ "handled_on_time", "按期处置数", 'I' },
	{ "due_to_close", "应结案数", 'I' }, { "closed", "结案数", 'I' },
	{ "closed_on_time", "按期结案数", 'I' }, { "reworked", "返工数", 'I' },
	{ "public_verified", "监督举报数", 'I' },
	{ "overdue_open", "超期未结数", 'I' }, { "escalated", "升级数", 'I' },
	{ "rated", "评价数", 'I' }, { "satisfied", "满意数", 'I' },
	{ "closure_rate", "结案率", 'R' },
	{ "on_time_closure_rate", "按期结案率", 'R' },
	{ "rework_rate", "返工率", 'R' }, { "satisfaction_rate", "满意率", 'R' },
	{ "handling_hours_mean", "平均处置工时", 'R' },
	{ "handling_hours_median", "处置工时中位数", 'R' },
	{ "score", "综合指标值", 'R' }, { "grade", "等级", 'T' },
	{ "rank", "排名", 'I' }, { "score_change", "较上月", 'R' },
	{ "public_verified_rate", "监督举报率", 'R' },
	{ "handling_rate", "处置率", 'R' },
	{ "on_time_handling_rate", "按期处置率", 'R' },
	{ "valid_report_rate", "有效上报率", 'R' },
	{ "handled_due", "应结案中已处置", 'I' },
	{ "handled_due_on_time", "应结案中按期处置", 'I' },
	{ "filed", "有效上报数", 'I' }, { "closed_grid", "网格结案数", 'I' },
	{ "closed_community", "社区结案数", 'I' },
	{ "closed_street", "街道结案数", 'I' },
	{ "closed_district", "区级结案数", 'I' },
	{ "closed_city", "市级结案数", 'I' },
	{ "resolved_grid_share", "网格解决率", 'R' },
	{ "resolved_community_share", "社区解决率", 'R' },
	{ "resolved_street_share", "街道解决率", 'R' },
	{ "registered_score", "立案数得分", 'R' },
	{ "unit_grids", "计分网格数", 'I' },
	{ "registered_score_sum", "立案数得分合计", 'R' },
	{ "handling_n", "计时案件数", 'I' },
	{ "handling_seconds", "处置工作秒数", 'I' },
	{ "dispatch_due", "应派遣数", 'I' },
	{ "dispatched_on_time", "按时派遣数", 'I' },
	{ "on_time_dispatch_rate", "按时派遣率", 'R' },
	{ "dispatches", "派遣次数", 'I' },
	{ "accurate_dispatches", "准确派遣数", 'I' },
	{ "dispatch_accuracy_rate", "准确派遣率", 'R' },
	{ "acked", "签收数", 'I' }, { "acked_on_time", "按时签收数", 'I' },
	{ "on_time_ack_rate", "按时签收率", 'R' },
	{ "reply_due", "应答复数", 'I' }, { "replied", "已答复数", 'I' },
	{ "replied_on_time", "按时答复数", 'I' },
	{ "reply_rate", "答复率", 'R' },
	{ "on_time_reply_rate", "按时答复率", 'R' },
	{ "worker_kind", "网格员类别", 'T' }, { "quota", "上报定额", 'I' },
	{ "under_quota", "未达定额", 'I' },
	{ "grid_registered", "网格立案数", 'I' }, { "missed", "漏报数", 'I' },
	{ "missed_report_rate", "漏报率", 'R' },
	{ "check_due", "应核实数", 'I' },
	{ "checked_on_time", "按时核实数", 'I' },
	{ "on_time_check_rate", "按时核实率", 'R' },
	{ "verified", "核查数", 'I' }, { "verified_on_time", "按时核查数", 'I' },
	{ "on_time_verify_rate", "按时核查率", 'R' },
	{ "partial", "月份进行中", 'I' },
};

static void
test_columns(void)
{
	struct grid_column cols[GRID_METRICS_NCOLUMN + 1];
	const char *labels[GRID_METRICS_NCOLUMN + 1];
	char what[96];
	size_t i, same = 0;
	int c;

	is_int(GRID_METRICS_NCOLUMN, LEN(report_columns),
	    "GRID_METRICS_NCOLUMN: the columns of the contract");
	memset(cols, 0, sizeof(cols));
	memset(labels, 0, sizeof(labels));
	grid_metrics_columns(cols, labels);
	ok(cols[GRID_METRICS_NCOLUMN].name == NULL &&
	    labels[GRID_METRICS_NCOLUMN] == NULL,
	    "grid_metrics_columns writes GRID_METRICS_NCOLUMN, no more");
	for (i = 0; i < LEN(report_columns) && i < GRID_METRICS_NCOLUMN;
	    i++) {
		const char *t = cols[i].type == GRID_COL_TEXT ? "T" :
		    cols[i].type == GRID_COL_INT ? "I" : "R";
		int hit = cols[i].name != NULL && labels[i] != NULL &&
		    strcmp(cols[i].name, report_columns[i].name) == 0 &&
		    strcmp(labels[i], report_columns[i].label) == 0 &&
		    t[0] == report_columns[i].type;

		same += hit;
		if (!hit) {
			snprintf(what, sizeof(what), "column %zu is %s %s %c",
			    i, report_columns[i].name,
			    report_columns[i].label, report_columns[i].type);
			is_str(cols[i].name, report_columns[i].name, what);
			is_str(labels[i], report_columns[i].label, what);
		}
		if (grid_metrics_column(report_columns[i].name) != (int)i)
			same = 0;
	}
	is_int(same, LEN(report_columns),
	    "every column: name, label and type as the contract says, found "
	    "by its name");
	is_int(grid_metrics_column("nope"), -1, "no such column: -1");
	for (c = 0; c < GRID_C_NCOUNT; c++)
		if (grid_metrics_column(grid_metrics_count_name(
		    (enum grid_metrics_count)c)) < 0)
			break;
	is_int(c, GRID_C_NCOUNT, "every count is a column of its name");
	for (c = 0; c < GRID_R_NRATE; c++)
		if (grid_metrics_column(grid_metrics_rate_name(
		    (enum grid_metrics_rate)c)) < 0)
			break;
	is_int(c, GRID_R_NRATE, "every rate is a column of its name");
	is_str(grid_metrics_count_name(GRID_C_NCOUNT), "",
	    "no name past the counts");
}

static void
test_names(void)
{
	enum grid_metrics_level level;
	char prev[8];

	is_str(grid_metrics_count_name(GRID_C_SATISFIED), "satisfied",
	    "count names");
	is_str(grid_metrics_rate_name(GRID_R_ON_TIME_CLOSURE),
	    "on_time_closure_rate", "rate names");
	ok(grid_metrics_level_parse("community", &level) == 0 &&
	    level == GRID_BY_COMMUNITY, "level names");
	ok(grid_metrics_month_prev("2024-01", prev, sizeof(prev)) == 0 &&
	    strcmp(prev, "2023-12") == 0, "the month before January");
}

/*
 * Names held whole: a department name of 4,000 bytes (its last character
 * 4 bytes long) comes out of the report, as text, read back and merged
 * whole; the rows point into the report, so a copy of a row shares its
 * name; a code longer than GRID_CODE_MAX in the database (SQL written by
 * hand) is refused, not cut.
 */
static void
test_long_names(void)
{
	struct grid_db *db = make_db("long", 1);
	struct grid_metrics *m;
	struct grid_metrics_row row, back, pair[2], out;
	struct grid_metrics_text text;
	struct grid_error e;
	char name[4001], code[GRID_CODE_MAX + 2], sql[4200];
	int col = grid_metrics_column("unit_name");

	memset(name, 'x', sizeof(name));
	memcpy(name + sizeof(name) - 5, "\xf0\xa0\xae\xb7", 4);	/* 𠮷 */
	name[sizeof(name) - 1] = '\0';
	snprintf(sql, sizeof(sql), "UPDATE departments SET name = '%s' "
	    "WHERE code = 'D01'", name);
	if (grid_db_exec(db, sql, &err) != 0)
		die("long name", err.text);
	m = compute(db, GRID_BY_DEPT, "2024-06");
	row = *row_of(m, "D01");
	is_int((long long)strlen(row.unit_name), 4000,
	    "a 4,000-byte name whole in the report");
	ok(strcmp(row.unit_name, name) == 0, "... every byte of it");
	is_str(row_of(m, "D02")->unit_name, "环卫", "the other name beside it");
	grid_metrics_row_text(&row, &set, &text);
	ok(text.values[col] != NULL && strcmp(text.values[col], name) == 0,
	    "as text: whole");
	ok(round_trip(&row, &back) == 0 && strcmp(back.unit_name, name) == 0,
	    "read back: whole");
	pair[0] = row;
	pair[1] = row;
	pair[0].unit_name = "";
	ok(grid_metrics_merge(pair, 2, &set, &out, &err) == 0 &&
	    out.unit_name == pair[1].unit_name,
	    "merged: the first name given, whole");
	grid_metrics_free(m);
	memset(code, 'C', sizeof(code) - 1);
	code[sizeof(code) - 1] = '\0';
	snprintf(sql, sizeof(sql), "INSERT INTO departments (code, name) "
	    "VALUES ('%s', 'long')", code);
	if (grid_db_exec(db, sql, &err) != 0)
		die("long code", err.text);
	memset(&e, 0, sizeof(e));
	ok(grid_metrics_compute(db, NULL, &set, GRID_BY_DEPT, "2024-06", &m,
	    &e) == -1 && e.code == GRID_EDATA && m == NULL &&
	    strstr(e.text, code) != NULL,
	    "a code of GRID_CODE_MAX + 1 bytes: refused with the code, not cut");
	grid_db_close(db);
	remove_db("long");
}

/* Reals read back are bounded: no text of a row is cut (metrics_row.h). */
static void
test_real_bounds(void)
{
	struct grid_metrics_row row, back;
	struct grid_column cols[GRID_METRICS_NCOLUMN];
	const char *names[GRID_METRICS_NCOLUMN];
	struct grid_metrics_text text;
	int i, col = grid_metrics_column("score_change");

	memset(&row, 0, sizeof(row));
	row.level = GRID_BY_DEPT;
	snprintf(row.unit, sizeof(row.unit), "D01");
	snprintf(row.month, sizeof(row.month), "2024-06");
	row.unit_name = "";
	row.score_change = -999999999999999.0;
	row.handling_hours_median = NAN;
	grid_metrics_row_text(&row, &set, &text);
	is_str(text.values[col], "-999999999999999.00",
	    "the largest change read back, as text: whole");
	grid_metrics_columns(cols, NULL);
	for (i = 0; i < GRID_METRICS_NCOLUMN; i++)
		names[i] = cols[i].name;
	ok(grid_metrics_row_parse(names, text.values, GRID_METRICS_NCOLUMN,
	    &set, &back, &err) == 0 && back.score_change == row.score_change,
	    "... and read back");
	text.values[col] = "1e300";
	ok(grid_metrics_row_parse(names, text.values, GRID_METRICS_NCOLUMN,
	    &set, &back, &err) == -1 && err.code == GRID_EDATA &&
	    strcmp(err.field, "score_change") == 0,
	    "a real of 1e15 or more refused, not printed cut");
}

int
main(void)
{
	struct grid_db *db;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", dir);
	test_rate();
	test_names();
	test_columns();
	db = make_db("all", 3);
	if (grid_metrics_settings_load(db, &set, &err) != 0)
		die("settings", err.text);
	test_grids(db);
	test_regions(db);
	test_edges(db);
	test_dept_worker(db);
	test_scores();
	test_assessed(db);
	test_order();
	test_partial(db);
	test_row_text(db);
	test_merge(db);
	test_desk();
	test_finished();
	test_earlier();
	test_pipe(db);
	test_long_names();
	test_real_bounds();
	grid_db_close(db);
	remove_db("all");
	rmdir(dir);
	return tap_done();
}
