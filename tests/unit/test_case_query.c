/*
 * test_case_query.c - unit tests of reading cases (lib/case_query.c) on
 * a real temporary database: every filter of grid_case_list alone and
 * together, each sort, the limit, an empty result, bad filter values;
 * the fields of a row; grid_case_show, grid_case_log, grid_case_exists
 * and grid_case_similar; a callback that stops the query.  Times are
 * Asia/Shanghai; now is Monday 2024-06-17 12:00.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/case_query.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/text.h"
#include "grid/vocab.h"

#include "tap.h"

#define NOW "2024-06-17T12:00:00+08:00"
#define GRID1 "32050801801401"
#define GRID2 "32050801801402"
#define GRID3 "32050801900101"

/*
 * Eight cases, reported in the order C6 C7 C8 C4 C3 C2 C1 C5.  Deadlines:
 * C1 past, C2 today 14:00, C6 Thursday (marked overdue).  Tuesday
 * 2024-06-18 is off.  C3, C4, C8 are closed cases of T02 like C5.
 */
static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL), "
    "('320508018', 'street', '平江街道', '320508'), "
    "('320508018014', 'community', '大儒社区', '320508018'), "
    "('320508019', 'street', '沧浪街道', '320508'), "
    "('320508019001', 'community', '南门社区', '320508019');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" GRID1 "', '320508018014', '一网格', 'unit'), "
    "('" GRID2 "', '320508018014', '二网格', 'unit'), "
    "('" GRID3 "', '320508019001', '三网格', 'unit');"
    "INSERT INTO departments (code, name) VALUES ('D01', '城管'), "
    "('D02', '环卫');"
    "INSERT INTO categories (code, kind, major, minor, name) VALUES "
    "('T01', 'event', '01', '0101', '甲'), "
    "('T02', 'event', '01', '0102', '乙');"
    "INSERT INTO workers (id, name) VALUES ('W7', '网格员甲');"
    "INSERT INTO calendar (date, is_workday, note) VALUES "
    "('2024-06-18', 0, '调休');"
    "INSERT INTO cases (id, source, category_code, status, level, "
    "grid_code, dept_code, reported_at, deadline, overdue, x, y, "
    "closed_at, rating, reporter, rework_count, reply_due) VALUES "
    "('C1', 'worker', 'T01', 'dispatched', 'grid', '" GRID1 "', 'D01', "
    "'2024-06-17T08:00:00+08:00', '2024-06-17T11:00:00+08:00', 0, "
    "NULL, NULL, NULL, NULL, NULL, 2, '2024-06-24T08:00:00+08:00'), "
    "('C2', 'hotline', 'T01', 'handled', 'community', '" GRID2 "', 'D02', "
    "'2024-06-16T09:00:00+08:00', '2024-06-17T14:00:00+08:00', 0, "
    "NULL, NULL, NULL, NULL, '13800138000', 0, NULL), "
    "('C3', 'worker', 'T02', 'closed', 'grid', '" GRID1 "', 'D01', "
    "'2024-06-15T10:00:00+08:00', NULL, 0, 1, 1, "
    "'2024-06-16T10:00:00+08:00', 'A', NULL, 0, NULL), "
    "('C4', 'video', 'T02', 'closed', 'grid', '" GRID2 "', NULL, "
    "'2024-06-14T10:00:00+08:00', NULL, 0, 4, 5, "
    "'2024-06-15T10:00:00+08:00', NULL, NULL, 0, NULL), "
    "('C5', 'public_app', 'T02', 'registered', 'street', '" GRID1 "', "
    "NULL, '2024-06-17T09:30:00+08:00', NULL, 0, 1, 1, NULL, NULL, "
    "NULL, 0, NULL), "
    "('C6', 'worker', 'T01', 'dispatched', 'grid', '" GRID3 "', 'D01', "
    "'2024-06-10T10:00:00+08:00', '2024-06-20T10:00:00+08:00', 1, "
    "NULL, NULL, NULL, NULL, NULL, 0, NULL), "
    "('C7', 'worker', 'T01', 'voided', 'grid', '" GRID1 "', NULL, "
    "'2024-06-12T10:00:00+08:00', NULL, 0, NULL, NULL, NULL, NULL, "
    "NULL, 0, NULL), "
    "('C8', 'worker', 'T02', 'closed', 'grid', '" GRID1 "', NULL, "
    "'2024-06-13T10:00:00+08:00', NULL, 0, NULL, NULL, "
    "'2024-06-14T10:00:00+08:00', NULL, NULL, 0, NULL);"
    "INSERT INTO case_log (case_id, at, actor, action, from_status, "
    "to_status, note, worker_id) VALUES "
    "('C3', '2024-06-15T11:00:00+08:00', 'w1', 'dispatch', 'registered', "
    "'dispatched', 'to D01', NULL), "
    "('C3', '2024-06-15T12:00:00+08:00', 'w1', 'handle', 'dispatched', "
    "'handled', 'swept', NULL), "
    "('C3', '2024-06-15T13:00:00+08:00', 'w2', 'verify', 'handled', "
    "'dispatched', 'not clean', 'W7'), "
    "('C3', '2024-06-15T14:00:00+08:00', 'w1', 'handle', 'dispatched', "
    "'handled', 'swept again', NULL), "
    "('C1', '2024-06-17T08:00:00+08:00', 'w1', 'report', NULL, "
    "'reported', NULL, NULL);";

static char dir[] = "/tmp/test_case_query.XXXXXX";
#include "testfs.h"
#include "testdb.h"

static struct grid_error err;

/* ---- what the callbacks saw ---- */

/* The ids of the rows, comma-separated, and the last row's fields. */
struct seen {
	char ids[512];
	char fields[GRID_CASE_NFIELDS][64];
	int rows, stop_after;
};
static struct seen seen;

static void
see_id(const char *id)
{
	size_t len = strlen(seen.ids);

	snprintf(seen.ids + len, sizeof(seen.ids) - len, "%s%s",
	    len > 0 ? "," : "", id != NULL ? id : "-");
	seen.rows++;
}

static int
on_case(void *ctx, const struct grid_case_row *row)
{
	int i;

	see_id(row->field[GRID_CASE_ID]);
	for (i = 0; i < GRID_CASE_NFIELDS; i++)
		snprintf(seen.fields[i], sizeof(seen.fields[i]), "%s",
		    row->field[i] != NULL ? row->field[i] : "-");
	return seen.stop_after > 0 && seen.rows >= seen.stop_after;
}

static void
forget_seen(void)
{
	memset(&seen, 0, sizeof(seen));
	grid_error_clear(&err);
}

/* ---- list ---- */

/* The ids f keeps, or "error" (err filled). */
static const char *
list(const struct grid_case_filter *f)
{
	forget_seen();
	if (grid_case_list(db, f, on_case, NULL, &err) != 0)
		return "error";
	return seen.ids;
}

/* A filter at now with values of key k. */
static struct grid_case_filter
by(enum grid_case_key k, const char *const *values, size_t n)
{
	struct grid_case_filter f;

	memset(&f, 0, sizeof(f));
	grid_time_to_epoch(NOW, &f.now);
	f.any[k].values = values;
	f.any[k].n = n;
	return f;
}

static void
test_any_of(void)
{
	static const char *const running[] = { "dispatched", "handled" };
	static const char *const levels[] = { "street", "community" };
	static const char *const depts[] = { "D01", "D02" };
	static const char *const sources[] = { "video", "public_app" };
	static const char *const t02[] = { "T02" };
	static const char *const community[] = { "320508018014" };
	static const char *const street[] = { "320508019" };
	static const char *const grids[] = { GRID2, GRID3 };
	static const char *closed[1];
	static const struct {
		enum grid_case_key key;
		const char *const *values;
		size_t n;
		const char *want, *what;
	} t[] = {
		{ GRID_CASE_BY_STATUS, NULL, 0, "C6,C7,C8,C4,C3,C2,C1,C5",
		    "no filter: every case, oldest report first" },
		{ GRID_CASE_BY_STATUS, running, 2, "C6,C2,C1",
		    "status: any of two" },
		{ GRID_CASE_BY_STATUS, closed, 1, "C8,C4,C3",
		    "status: a Chinese label" },
		{ GRID_CASE_BY_LEVEL, levels, 2, "C2,C5", "level: any of two" },
		{ GRID_CASE_BY_DEPT, depts, 1, "C6,C3,C1", "dept: one" },
		{ GRID_CASE_BY_DEPT, depts, 2, "C6,C3,C2,C1",
		    "dept: any of two" },
		{ GRID_CASE_BY_SOURCE, sources, 2, "C4,C5",
		    "source: any of two" },
		{ GRID_CASE_BY_CATEGORY, t02, 1, "C8,C4,C3,C5", "category" },
		{ GRID_CASE_BY_GRID, community, 1, "C7,C8,C4,C3,C2,C1,C5",
		    "grid: a community's code, its grids" },
		{ GRID_CASE_BY_GRID, street, 1, "C6", "grid: a street's code" },
		{ GRID_CASE_BY_GRID, grids, 2, "C6,C4,C2",
		    "grid: any of two grids" },
	};
	struct grid_case_filter f;
	size_t i;

	closed[0] = grid_vocab_label(grid_vocab_find("case_status"),
	    "closed");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f = by(t[i].key, t[i].values, t[i].n);
		is_str(list(&f), t[i].want, t[i].what);
	}
	f = by(GRID_CASE_BY_STATUS, running, 2);
	f.any[GRID_CASE_BY_GRID].values = community;
	f.any[GRID_CASE_BY_GRID].n = 1;
	is_str(list(&f), "C2,C1", "two filters: both apply");
}

static void
test_flags(void)
{
	static const struct {
		int open, overdue;
		const char *due_within, *from, *to, *want, *what;
	} t[] = {
		{ 1, 0, NULL, NULL, NULL, "C6,C2,C1,C5",
		    "open: not closed, voided, merged" },
		{ 0, 1, NULL, NULL, NULL, "C6,C1",
		    "overdue: marked, or past the deadline" },
		{ 0, 0, "1 hours", NULL, NULL, "C1",
		    "due within 1 hours: past deadlines too" },
		{ 0, 0, "3 hours", NULL, NULL, "C2,C1", "due within 3 hours" },
		{ 0, 0, "48 hours", NULL, NULL, "C2,C1",
		    "due within 48 hours: not Thursday's" },
		{ 0, 0, "2 work_days", NULL, NULL, "C6,C2,C1",
		    "due within 2 work_days: Tuesday off, so Thursday's too" },
		{ 0, 0, NULL, "2024-06-16", NULL, "C2,C1,C5",
		    "from a date: at or after midnight" },
		{ 0, 0, NULL, NULL, "2024-06-15", "C6,C7,C8,C4,C3",
		    "to a date: that whole day" },
		{ 0, 0, NULL, NULL, "2024-06-15 09:59", "C6,C7,C8,C4",
		    "to a time: at or before it" },
		{ 0, 0, NULL, NULL, "2024-06-15T02:00:00Z", "C6,C7,C8,C4,C3",
		    "to a time in UTC" },
		{ 0, 0, NULL, "2024-06-13", "2024-06-14", "C8,C4",
		    "from and to" },
		{ 1, 1, "3 hours", "2024-06-17", NULL, "C1",
		    "open, overdue, due within and from: all apply" },
		{ 0, 0, NULL, "2024-07-01", NULL, "", "an empty result" },
	};
	struct grid_case_filter f;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		f = by(GRID_CASE_BY_STATUS, NULL, 0);
		f.open = t[i].open;
		f.overdue = t[i].overdue;
		f.due_within = t[i].due_within;
		f.from = t[i].from;
		f.to = t[i].to;
		is_str(list(&f), t[i].want, t[i].what);
	}
	ok(seen.rows == 0 && err.code == 0, "an empty result is no error");
	f = by(GRID_CASE_BY_STATUS, NULL, 0);
	f.overdue = 1;
	f.now = 0;
	is_str(list(&f), "C6,C1", "overdue: now 0 is GRID_NOW");
}

static void
test_sort(void)
{
	struct grid_case_filter f = by(GRID_CASE_BY_STATUS, NULL, 0);

	is_int(grid_case_sort_parse("reported"), GRID_CASE_SORT_REPORTED,
	    "sort name reported");
	is_int(grid_case_sort_parse("deadline"), GRID_CASE_SORT_DEADLINE,
	    "sort name deadline");
	is_int(grid_case_sort_parse("id"), GRID_CASE_SORT_ID, "sort name id");
	is_int(grid_case_sort_parse("Deadline"), -1, "sort name: exact");
	is_int(grid_case_sort_parse(NULL), -1, "sort name NULL");
	f.sort = GRID_CASE_SORT_DEADLINE;
	is_str(list(&f), "C1,C2,C6,C7,C8,C4,C3,C5",
	    "sort deadline: soonest first, none last by report");
	f.sort = GRID_CASE_SORT_ID;
	is_str(list(&f), "C1,C2,C3,C4,C5,C6,C7,C8", "sort id");
	f.limit = 3;
	is_str(list(&f), "C1,C2,C3", "limit: the first in that order");
	f.sort = GRID_CASE_SORT_REPORTED;
	f.limit = 2;
	is_str(list(&f), "C6,C7", "sort reported, limit 2");
}

/* list fails with GRID_EUSAGE naming field. */
static void
refused(struct grid_case_filter *f, const char *field, const char *what)
{
	char named[128];

	is_str(list(f), "error", what);
	snprintf(named, sizeof(named), "%s: usage error, field named", what);
	ok(err.code == GRID_EUSAGE && strcmp(err.field, field) == 0 &&
	    seen.rows == 0, named);
}

static void
test_bad_values(void)
{
	static const char *const bogus[] = { "dispatched", "bogus" };
	static const char *const bad_grid[] = { "3205a8" };
	static const char *const long_grid[] = { "320508018014011" };
	static const char *const empty[] = { "" };
	static const char *many[GRID_CASE_FILTER_MAX + 1];
	struct grid_case_filter f;
	size_t i;

	f = by(GRID_CASE_BY_STATUS, bogus, 2);
	refused(&f, "status", "status: a value not in the vocabulary");
	ok(strstr(err.text, "'bogus'") != NULL &&
	    strstr(err.text, "dispatched") != NULL,
	    "status: the value and the allowed ones named");
	f = by(GRID_CASE_BY_LEVEL, bogus + 1, 1);
	refused(&f, "level", "level: not in the vocabulary");
	f = by(GRID_CASE_BY_SOURCE, empty, 1);
	refused(&f, "source", "source: empty");
	f = by(GRID_CASE_BY_GRID, bad_grid, 1);
	refused(&f, "grid", "grid: not digits");
	f = by(GRID_CASE_BY_GRID, long_grid, 1);
	refused(&f, "grid", "grid: more than 14 digits");
	f = by(GRID_CASE_BY_GRID, empty, 1);
	refused(&f, "grid", "grid: empty");
	for (i = 0; i < GRID_CASE_FILTER_MAX + 1; i++)
		many[i] = "D01";
	f = by(GRID_CASE_BY_DEPT, many, GRID_CASE_FILTER_MAX + 1);
	refused(&f, "dept", "dept: too many values");
	f = by(GRID_CASE_BY_DEPT, many, GRID_CASE_FILTER_MAX);
	is_str(list(&f), "C6,C3,C1", "dept: the most values allowed");
	f = by(GRID_CASE_BY_STATUS, NULL, 0);
	f.from = "yesterday";
	refused(&f, "from", "from: not a time");
	f.from = NULL;
	f.to = "2024-02-30";
	refused(&f, "to", "to: no such date");
	f.to = NULL;
	f.due_within = "4 fortnights";
	refused(&f, "due_within", "due_within: not a time limit");
	f.due_within = NULL;
	f.sort = (enum grid_case_sort)7;
	refused(&f, "sort", "sort: not one of the enum");
	ok(grid_case_list(db, &f, on_case, NULL, NULL) == -1,
	    "a bad value without err");
}

static void
test_row(void)
{
	struct grid_case_filter f = by(GRID_CASE_BY_STATUS, NULL, 0);
	const struct grid_column *columns = grid_case_columns();

	f.sort = GRID_CASE_SORT_ID;
	f.limit = 1;
	list(&f);
	is_str(seen.fields[GRID_CASE_REWORK_COUNT], "2", "row: an integer");
	is_str(seen.fields[GRID_CASE_DEADLINE], "2024-06-17T11:00:00+08:00",
	    "row: a time as stored");
	is_str(seen.fields[GRID_CASE_X], "-", "row: NULL");
	is_str(seen.fields[GRID_CASE_REPLY_DUE], "2024-06-24T08:00:00+08:00",
	    "row: reply_due, the last field");
	is_str(columns[GRID_CASE_REPLY_DUE].name, "reply_due",
	    "columns: reply_due last");
	is_str(columns[GRID_CASE_DUPLICATE_OF].name, "duplicate_of",
	    "columns: the others where they were");
	is_str(columns[GRID_CASE_REWORK_COUNT].name, "rework_count",
	    "columns: named as in table cases");
	ok(columns[GRID_CASE_X].type == GRID_COL_REAL &&
	    columns[GRID_CASE_OVERDUE].type == GRID_COL_INT &&
	    columns[GRID_CASE_ID].type == GRID_COL_TEXT, "columns: types");
	f.limit = 0;
	forget_seen();
	seen.stop_after = 2;
	ok(grid_case_list(db, &f, on_case, NULL, &err) == -1 &&
	    err.code == 0 && seen.rows == 2,
	    "a callback returning non-zero stops the list, code 0");
}

/* ---- one case ---- */

static int
on_log(void *ctx, const struct grid_case_log_row *row)
{
	size_t len = strlen(seen.ids);

	snprintf(seen.ids + len, sizeof(seen.ids) - len, "%s%s %s>%s %s%s%s",
	    len > 0 ? "," : "", row->action,
	    row->from_status ? row->from_status : "-", row->to_status,
	    row->note ? row->note : "-", row->worker_id ? " by " : "",
	    row->worker_id ? row->worker_id : "");
	seen.rows++;
	return 0;
}

static void
test_one_case(void)
{
	forget_seen();
	ok(grid_case_show(db, "C3", on_case, NULL, &err) == 0 &&
	    seen.rows == 1, "show: one row");
	is_str(seen.fields[GRID_CASE_CLOSED_AT], "2024-06-16T10:00:00+08:00",
	    "show: closed_at");
	is_str(seen.fields[GRID_CASE_X], "1.0", "show: x as SQLite writes it");
	is_str(seen.fields[GRID_CASE_RATING], "A", "show: rating");
	is_str(seen.fields[GRID_CASE_PRIORITY], "normal", "show: default");
	forget_seen();
	ok(grid_case_show(db, "C9", on_case, NULL, &err) == -1 &&
	    err.code == GRID_EDATA && seen.rows == 0, "show: no such case");
	is_str(err.text, "case C9: no such case", "show: the message");

	forget_seen();
	ok(grid_case_log(db, "C3", on_log, NULL, &err) == 0, "log: runs");
	is_str(seen.ids, "dispatch registered>dispatched to D01,"
	    "handle dispatched>handled swept,"
	    "verify handled>dispatched not clean by W7,"
	    "handle dispatched>handled swept again",
	    "log: every row, in the order written");
	forget_seen();
	ok(grid_case_log(db, "C5", on_log, NULL, &err) == 0 &&
	    seen.rows == 0, "log: a case without log rows gives none");
	forget_seen();
	ok(grid_case_log(db, "C9", on_log, NULL, &err) == -1 &&
	    err.code == GRID_EDATA, "log: no such case");

	is_int(grid_case_exists(db, "C1", &err), 1, "exists: yes");
	is_int(grid_case_exists(db, "C9", &err), 0, "exists: no");
	is_str(err.text, "case C9: no such case", "exists: the message");
}

/* ---- similar ---- */

static char similar_seen[256];

static int
on_similar(void *ctx, const struct grid_case_similar_row *row)
{
	size_t len = strlen(similar_seen);

	snprintf(similar_seen + len, sizeof(similar_seen) - len,
	    "%s%s:%s:%s", len > 0 ? "," : "", row->id,
	    row->has_distance ? (fabs(row->distance - 5) < 1e-9 ? "5" :
	    row->distance == 0 ? "0" : "?") : "-",
	    row->handling != NULL ? row->handling : "-");
	return 0;
}

static const char *
similar(const char *id, double distance, long limit)
{
	similar_seen[0] = '\0';
	grid_error_clear(&err);
	if (grid_case_similar(db, id, distance, limit, on_similar, NULL,
	    &err) != 0)
		return "error";
	return similar_seen;
}

static void
test_similar(void)
{
	is_str(similar("C5", -1, 0), "C3:0:swept; swept again,C8:-:-",
	    "similar: closed, same category, same grid, newest first");
	/* (1, 1) and (4, 5) are degrees: 555,660 m apart on the sphere */
	is_str(similar("C5", 555700, 0), "C3:0:swept; swept again,C4:?:-,"
	    "C8:-:-", "similar: degrees, within 555.7 km");
	is_str(similar("C5", 555600, 0), "C3:0:swept; swept again,C8:-:-",
	    "similar: degrees, not within 555.6 km");
	/* projected: metres, 5 m apart */
	sql("UPDATE cases SET x = x + 500000, y = y + 3000000 "
	    "WHERE x IS NOT NULL");
	is_str(similar("C5", 5, 0), "C3:0:swept; swept again,C4:5:-,C8:-:-",
	    "similar: within distance 5 too");
	is_str(similar("C5", 4.9, 0), "C3:0:swept; swept again,C8:-:-",
	    "similar: not past the distance");
	is_str(similar("C5", 5, 1), "C3:0:swept; swept again",
	    "similar: limit");
	sql("UPDATE cases SET x = x - 500000, y = y - 3000000 "
	    "WHERE x IS NOT NULL");
	is_str(similar("C1", 100, 0), "", "similar: none");
	is_str(similar("C9", -1, 0), "error", "similar: no such case");
	ok(err.code == GRID_EDATA, "similar: no such case is GRID_EDATA");
}

/* ---- the case desk: unacked, the requester's view, the listings ---- */

static char desk_seen[512];

static void
desk_add(const char *text)
{
	size_t len = strlen(desk_seen);

	snprintf(desk_seen + len, sizeof(desk_seen) - len, "%s%s",
	    len > 0 ? "|" : "", text != NULL ? text : "-");
}

static int
on_status(void *ctx, const struct grid_case_status_row *r)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %s %s %s", r->at, r->step,
	    r->status, r->reply != NULL ? r->reply : "-");
	desk_add(line);
	return 0;
}

static int
on_category(void *ctx, const struct grid_case_category_row *r)
{
	char line[256];

	if (r->code[0] != 'T')	/* the default table's categories */
		return 0;
	snprintf(line, sizeof(line), "%s %s %s %s %s %s", r->code, r->name,
	    r->dept_code != NULL ? r->dept_code : "-", r->limit_value,
	    r->limit_unit, r->urgent_value);
	desk_add(line);
	return 0;
}

static int
on_department(void *ctx, const struct grid_case_department_row *r)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %s %s %s", r->code, r->name,
	    r->categories, r->components);
	desk_add(line);
	return 0;
}

static void
test_desk(void)
{
	struct grid_case_filter f;

	memset(&f, 0, sizeof(f));
	grid_time_to_epoch(NOW, &f.now);
	f.unacked = 1;
	is_str(list(&f), "C6,C1", "unacked: dispatched, never signed for");
	sql("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status) VALUES ('C1', '2024-06-17T08:10:00+08:00', 'd', "
	    "'ack', 'dispatched', 'dispatched')");
	is_str(list(&f), "C6", "unacked: not once signed for");
	sql("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status) VALUES ('C1', '2024-06-17T08:20:00+08:00', 'd', "
	    "'dispatch', 'returned', 'dispatched')");
	is_str(list(&f), "C6,C1", "unacked: again after a new dispatch");
	f.any[GRID_CASE_BY_DEPT].values = (const char *const[]){ "D02" };
	f.any[GRID_CASE_BY_DEPT].n = 1;
	is_str(list(&f), "", "unacked: composes with the other filters");

	sql("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status, note) VALUES ('C3', '2024-06-15T15:00:00+08:00', "
	    "'w1', 'reply', 'handled', 'handled', '已处理'), ('C3', "
	    "'2024-06-15T15:01:00+08:00', 'w1', 'warn', 'handled', "
	    "'handled', 'deadline x'), ('C3', '2024-06-15T15:02:00+08:00', "
	    "'w1', 'reveal', 'handled', 'handled', NULL)");
	desk_seen[0] = '\0';
	is_int(grid_case_status(db, "C3", on_status, NULL, &err), 0,
	    "status: read");
	is_str(desk_seen, "2024-06-15T11:00:00+08:00 dispatch dispatched -|"
	    "2024-06-15T12:00:00+08:00 handle handled -|"
	    "2024-06-15T13:00:00+08:00 verify dispatched -|"
	    "2024-06-15T14:00:00+08:00 handle handled -|"
	    "2024-06-15T15:00:00+08:00 reply handled 已处理",
	    "status: public steps and the reply, no warn or reveal");
	is_int(grid_case_status(db, "C9", on_status, NULL, &err), -1,
	    "status: no such case");
	is_int(err.code, GRID_EDATA, "status: no such case is GRID_EDATA");

	sql("UPDATE categories SET dept_code = 'D01', limit_value = 4, "
	    "limit_unit = 'work_hours' WHERE code = 'T01'");
	desk_seen[0] = '\0';
	is_int(grid_case_categories(db, on_category, NULL, &err), 0,
	    "categories: read");
	is_str(desk_seen, "T01 甲 D01 4.0 work_hours 2.0|"
	    "T02 乙 - 1.0 work_days 0.5",
	    "categories: department, limit (default_limit), urgent tier");
	desk_seen[0] = '\0';
	is_int(grid_case_departments(db, on_department, NULL, &err), 0,
	    "departments: read");
	is_str(desk_seen, "D01 城管 1 0|D02 环卫 0 0",
	    "departments: categories and components of each");
}

int
main(void)
{
	test_begin(NOW);
	db_create(fixture_sql);
	test_any_of();
	test_flags();
	test_sort();
	test_bad_values();
	test_row();
	test_one_case();
	test_similar();
	test_desk();
	test_end();
	return tap_done();
}
