/*
 * test_cases.c - unit tests of the case module (lib/cases.c,
 * case_steps.c, case_report.c, case_sweep.c) on a real temporary
 * database: every (status, verb) pair of the state table, allowed or
 * refused with nothing changed; the fields each verb cannot do without
 * (checked without the database); new cases and their ids; deadlines on
 * the working calendar; back-filling with --at; rework, parking,
 * merging, escalation, extension, rating; all-or-nothing steps; the
 * steps and the records of case_log (records entered later do not stop a
 * back-dated step; every action written is one or the other); and the
 * sweep, its policy and its use of the index.  Times are Asia/Shanghai.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/attach.h"
#include "grid/buf.h"
#include "grid/cases.h"
#include "grid/db.h"
#include "grid/disputes.h"
#include "grid/error.h"
#include "grid/petitions.h"
#include "grid/text.h"

#include "tap.h"
#include "cases_internal.h"	/* the steps and the records of case_log */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-06-17 is a Monday; 2024-06-10 (Dragon Boat Festival) is off. */
#define MONDAY_10 "2024-06-17T10:00:00+08:00"
#define GRID1 "32050801801401"
#define GRID2 "32050801801402"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL), "
    "('320508018', 'street', '平江街道', '320508'), "
    "('320508018014', 'community', '大儒社区', '320508018');"
    "INSERT INTO grids (code, community_code, name, kind, geometry) VALUES "
    "('" GRID1 "', '320508018014', '一网格', 'unit', "
    "'{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}'), "
    "('" GRID2 "', '320508018014', '二网格', 'unit', "
    "'{\"type\":\"Polygon\",\"coordinates\":"
    "[[[10,0],[20,0],[20,10],[10,10],[10,0]]]}');"
    "INSERT INTO grid_rtree (id, min_x, max_x, min_y, max_y) "
    "SELECT rowid, 0, 10, 0, 10 FROM grids WHERE code = '" GRID1 "';"
    "INSERT INTO grid_rtree (id, min_x, max_x, min_y, max_y) "
    "SELECT rowid, 10, 20, 0, 10 FROM grids WHERE code = '" GRID2 "';"
    "INSERT INTO departments (code, name) VALUES ('D01', '城管'), "
    "('D02', '环卫');"
    "INSERT INTO categories (code, kind, major, minor, name, dept_code, "
    "limit_value, limit_unit) VALUES "
    "('T01', 'event', '01', '0101', '四工作时', 'D01', 4, 'work_hours'), "
    "('T02', 'event', '01', '0102', '无时限无部门', NULL, NULL, NULL), "
    "('T03', 'event', '01', '0103', '一工作日', 'D02', 1, 'work_days'), "
    "('T04', 'event', '01', '0104', '两小时', 'D01', 2, 'hours');"
    "INSERT INTO components (code, name, category_code, grid_code) VALUES "
    "('3205080101000001', '井盖', 'C0101', '" GRID1 "');"
    "INSERT INTO orgs (uscc, name) VALUES "
    "('91350100M000100Y43', '某公司');"
    "INSERT INTO calendar (date, is_workday, note) VALUES "
    "('2024-06-10', 0, '端午节');";

static char dir[] = "/tmp/test_cases.XXXXXX";
#include "testfs.h"
#include "testdb.h"
static struct grid_cases *cs;
static struct grid_error err;

/* ---- the database ---- */

/* Runs one statement with up to four text parameters (NULL: SQL NULL). */
static void
sql4(const char *text, const char *a, const char *b, const char *c,
    const char *d)
{
	const char *arg[4] = { a, b, c, d };
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(grid_db_sqlite(db), text, -1, &st, NULL) !=
	    SQLITE_OK)
		die(text, sqlite3_errmsg(grid_db_sqlite(db)));
	for (i = 0; i < 4 && i < sqlite3_bind_parameter_count(st); i++)
		if (arg[i] != NULL)
			sqlite3_bind_text(st, i + 1, arg[i], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		die(text, sqlite3_errmsg(grid_db_sqlite(db)));
	sqlite3_finalize(st);
}

/*
 * The first column of the first row of query (one parameter arg), as
 * text: "(null)" for NULL, "(none)" without a row.  Static buffer.
 */
static const char *
get(const char *query, const char *arg)
{
	static char out[4096];
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(grid_db_sqlite(db), query, -1, &st, NULL) !=
	    SQLITE_OK)
		die(query, sqlite3_errmsg(grid_db_sqlite(db)));
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, sizeof(out), "%s", sqlite3_column_type(st, 0) ==
		    SQLITE_NULL ? "(null)" :
		    (const char *)sqlite3_column_text(st, 0));
	else
		snprintf(out, sizeof(out), "(none)");
	sqlite3_finalize(st);
	return out;
}

static const char *
column(const char *name, const char *id)
{
	char query[512];

	snprintf(query, sizeof(query), "SELECT %s FROM cases WHERE id = ?1",
	    name);
	return get(query, id);
}

static long
log_rows(const char *id)
{
	return atol(get("SELECT count(*) FROM case_log WHERE case_id = ?1",
	    id));
}

/* The log of a case, one "action from>to" per row, by id. */
static const char *
log_of(const char *id)
{
	return get("SELECT group_concat(action || ' ' || "
	    "coalesce(from_status, '-') || '>' || coalesce(to_status, '-'), "
	    "', ') FROM (SELECT * FROM case_log WHERE case_id = ?1 "
	    "ORDER BY id)", id);
}

/* The note of a case's last log row. */
static const char *
last_note(const char *id)
{
	return get("SELECT note FROM case_log WHERE case_id = ?1 "
	    "ORDER BY id DESC LIMIT 1", id);
}

/*
 * Everything a step could change: the case's row and the whole of
 * case_log, as text.  Returns a new string.
 */
static char *
snapshot(const char *id)
{
	static const char *const queries[] = {
		"SELECT * FROM cases WHERE id = ?1",
		"SELECT * FROM case_log ORDER BY id",
	};
	struct grid_buf b = GRID_BUF_INIT;
	sqlite3_stmt *st;
	size_t q;
	int i;

	for (q = 0; q < LEN(queries); q++) {
		if (sqlite3_prepare_v2(grid_db_sqlite(db), queries[q], -1, &st,
		    NULL) != SQLITE_OK)
			die(queries[q], sqlite3_errmsg(grid_db_sqlite(db)));
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < sqlite3_column_count(st); i++)
				if (grid_buf_addf(&b, "%d:%s|",
				    sqlite3_column_type(st, i),
				    sqlite3_column_type(st, i) == SQLITE_NULL ?
				    "" : (const char *)
				    sqlite3_column_text(st, i)) != 0)
					die("snapshot", "out of memory");
			if (grid_buf_addc(&b, '\n') != 0)
				die("snapshot", "out of memory");
		}
		sqlite3_finalize(st);
	}
	return grid_buf_detach(&b);
}

static void
open_handle(void)
{
	grid_cases_close(cs);
	cs = NULL;
	if (grid_cases_open(db, &cs, &err) != 0)
		die("grid_cases_open", err.text);
}

/* A new database with the fixture rows, and a case desk on it. */
static void
setup(void)
{
	db_create(fixture_sql);
	open_handle();
}

static void
teardown(void)
{
	grid_cases_close(cs);
	cs = NULL;
	db_remove();
}

/* ---- cases and steps ---- */

/*
 * Inserts case id in status at level, category T01, department D01,
 * reported 2024-06-01 08:00, with deadline (NULL: none).
 */
static void
make_case(const char *id, const char *status, const char *level,
    const char *deadline)
{
	sql4("INSERT INTO cases (id, source, category_code, grid_code, "
	    "status, level, dept_code, reported_at, deadline) VALUES "
	    "(?1, 'worker', 'T01', '" GRID1 "', ?2, ?3, 'D01', "
	    "'2024-06-01T08:00:00+08:00', ?4)", id, status, level, deadline);
}

static struct grid_case_step
step(const char *verb, const char *id, const char *at)
{
	struct grid_case_step s;

	memset(&s, 0, sizeof(s));
	s.verb = verb;
	s.id = id;
	s.actor = "tester";
	s.at = at;
	return s;
}

static int
apply(const struct grid_case_step *s, struct grid_case_result *res)
{
	return grid_case_apply(cs, s, res, &err);
}

/* Applies s, which must work; says so in one check. */
static void
apply_ok(const struct grid_case_step *s, const char *what)
{
	int rc = apply(s, NULL);

	ok(rc == 0, what);
	if (rc != 0)
		printf("#   %s\n", err.text);
}

/*
 * Applies s, which must be refused with text (GRID_EDATA, field when
 * not NULL), leaving the case and case_log as they were.
 */
static void
refused(const struct grid_case_step *s, const char *field, const char *text,
    const char *what)
{
	char *before = snapshot(s->id), *after;
	int rc = apply(s, NULL);

	after = snapshot(s->id);
	is_str(rc == 0 ? "(accepted)" : err.text, text, what);
	ok(rc == -1 && err.code == GRID_EDATA && strcmp(before, after) == 0 &&
	    (field == NULL || strcmp(err.field, field) == 0),
	    "... code 65, field named, nothing changed");
	if (rc == -1 && field != NULL && strcmp(err.field, field) != 0)
		printf("#   field '%s', expected '%s'\n", err.field, field);
	free(before);
	free(after);
}

static void
set_now(const char *now)
{
	setenv("GRID_NOW", now, 1);
}

/* ---- every (status, verb) pair ---- */

static const char *const statuses[] = {
	"reported", "registered", "voided", "dispatched", "returned",
	"handled", "verified", "closed", "parked", "merged"
};

/* The state table, written out again: from these statuses, to. */
static const struct {
	const char *verb;
	enum grid_case_verdict verdict;
	const char *from;	/* space-separated */
	const char *to;		/* NULL: the same */
} table[] = {
	{ "register", GRID_VERDICT_NONE, "reported", "registered" },
	{ "void", GRID_VERDICT_NONE, "reported registered", "voided" },
	{ "dispatch", GRID_VERDICT_NONE, "registered returned", "dispatched" },
	{ "ack", GRID_VERDICT_NONE, "dispatched", "dispatched" },
	{ "return", GRID_VERDICT_NONE, "dispatched", "returned" },
	{ "extend", GRID_VERDICT_NONE, "dispatched", "dispatched" },
	{ "park", GRID_VERDICT_NONE, "dispatched", "parked" },
	{ "unpark", GRID_VERDICT_NONE, "parked", "dispatched" },
	{ "handle", GRID_VERDICT_NONE, "dispatched", "handled" },
	{ "verify", GRID_VERDICT_PASS, "handled", "verified" },
	{ "verify", GRID_VERDICT_FAIL, "handled", "dispatched" },
	{ "close", GRID_VERDICT_NONE, "verified", "closed" },
	{ "rate", GRID_VERDICT_NONE, "closed", "closed" },
	{ "reply", GRID_VERDICT_NONE, "registered dispatched returned handled "
	    "verified closed parked merged", NULL },
	{ "escalate", GRID_VERDICT_NONE, "reported registered dispatched "
	    "returned handled verified parked", NULL },
	{ "merge", GRID_VERDICT_NONE, "reported registered dispatched "
	    "returned handled verified parked", "merged" },
};

static int
listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(list, word); p != NULL; p = strstr(p + 1, word))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
	return 0;
}

/* A step carrying every field any verb needs. */
static struct grid_case_step
full_step(const char *verb, enum grid_case_verdict verdict, const char *id)
{
	struct grid_case_step s = step(verb, id, NULL);

	s.verdict = verdict;
	s.reason = "原因";
	s.note = "备注";
	s.hours = "4";
	s.approver = "王主任";
	s.rating = "A";
	s.into = "TARGET";
	s.text = "答复";
	if (strcmp(verb, "reply") == 0)
		s.note = NULL;
	return s;
}

static void
test_pair(size_t v, size_t k)
{
	const char *status = statuses[k], *verb = table[v].verb;
	struct grid_case_step s;
	struct grid_case_result res;
	char id[16], what[160], want[160];
	long before;
	int rc;

	snprintf(id, sizeof(id), "P%02zu%02zu", v, k);
	make_case(id, status, "grid", "2024-06-17T12:00:00+08:00");
	s = full_step(verb, table[v].verdict, id);
	snprintf(what, sizeof(what), "%s%s from %s", verb,
	    table[v].verdict == GRID_VERDICT_PASS ? " pass" :
	    table[v].verdict == GRID_VERDICT_FAIL ? " fail" : "", status);
	if (!listed(table[v].from, status)) {
		snprintf(want, sizeof(want),
		    "case %s: cannot %s a case that is %s", id, verb, status);
		refused(&s, NULL, want, what);
		return;
	}
	before = log_rows(id);
	rc = apply(&s, &res);
	if (rc != 0)
		printf("#   %s\n", err.text);
	is_str(column("status", id), table[v].to != NULL ? table[v].to :
	    status, what);
	ok(rc == 0 && res.logged == 1 && log_rows(id) == before + 1 &&
	    strcmp(res.from, status) == 0, "... one log row");
}

static void
test_table(void)
{
	size_t v, k;

	set_now(MONDAY_10);
	make_case("TARGET", "registered", "grid", NULL);
	for (v = 0; v < LEN(table); v++)
		for (k = 0; k < LEN(statuses); k++)
			test_pair(v, k);

	is_int(grid_case_allowed("dispatched", "handle", GRID_VERDICT_NONE),
	    1, "allowed: handle a dispatched case");
	is_int(grid_case_allowed("closed", "handle", GRID_VERDICT_NONE), 0,
	    "allowed: not handle a closed one");
	is_int(grid_case_allowed("handled", "verify", GRID_VERDICT_FAIL), 1,
	    "allowed: verify fail a handled case");
	is_int(grid_case_allowed("lost", "handle", GRID_VERDICT_NONE), -1,
	    "allowed: unknown status");
	is_int(grid_case_allowed("closed", "frobnicate", GRID_VERDICT_NONE),
	    -1, "allowed: unknown verb");
	ok(grid_case_status_open("parked") && grid_case_status_open("verified")
	    && !grid_case_status_open("merged") &&
	    !grid_case_status_open("voided") && !grid_case_status_open("x"),
	    "open statuses");
}

static void
test_misc_refusals(void)
{
	static char long_note[5001];
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("H1", "dispatched", "grid", "2024-06-17T12:00:00+08:00");
	make_case("V1", "registered", "grid", NULL);

	s = step("frobnicate", "H1", NULL);
	ok(apply(&s, NULL) == -1 && err.code == GRID_EUSAGE &&
	    strcmp(err.text, "unknown verb 'frobnicate'") == 0,
	    "an unknown verb: usage error");
	s = step("handle", "H1", NULL);
	s.actor = NULL;
	ok(apply(&s, NULL) == -1 && err.code == GRID_EUSAGE &&
	    strcmp(err.field, "actor") == 0, "no actor: usage error");
	s = step("handle", "NOPE", NULL);
	s.note = "x";
	refused(&s, "id", "case NOPE: no such case", "an unknown case");
	s = step("handle", "H1", NULL);
	refused(&s, "note", "case H1: handle needs a note", "handle: no note");
	s = step("void", "V1", NULL);
	refused(&s, "reason", "case V1: void needs a reason",
	    "void: no reason");
	s = step("park", "H1", NULL);
	refused(&s, "reason", "case H1: park needs a reason",
	    "park: no reason");
	s = step("return", "H1", NULL);
	refused(&s, "reason", "case H1: return needs a reason",
	    "return: no reason");
	make_case("VF0", "handled", "grid", "2024-06-17T12:00:00+08:00");
	s = step("verify", "VF0", NULL);
	refused(&s, "verdict", "case VF0: verify needs pass or fail",
	    "verify: neither pass nor fail");
	s.verdict = GRID_VERDICT_FAIL;
	refused(&s, "note", "case VF0: verify needs a note",
	    "verify fail: no note");
	s = step("handle", "H1", NULL);
	s.note = "已清理";
	apply_ok(&s, "handle with a note");
	is_str(last_note("H1"), "已清理", "the note is logged");
	is_str(column("handled_at", "H1"), MONDAY_10, "handled_at is now");

	make_case("LONG", "dispatched", "grid", "2024-06-17T12:00:00+08:00");
	memset(long_note, 'x', sizeof(long_note) - 1);
	long_note[sizeof(long_note) - 1] = '\0';
	s = step("handle", "LONG", NULL);
	s.note = long_note;
	apply_ok(&s, "handle with a long note");
	is_str(get("SELECT length(note) FROM case_log WHERE case_id = ?1",
	    "LONG"), "5000", "... kept whole");
	grid_cases_close(NULL);
}

/* ---- new cases ---- */

static struct grid_case_report
report_fields(void)
{
	struct grid_case_report r;

	memset(&r, 0, sizeof(r));
	r.source = "worker";
	r.category_code = "T01";
	r.description = "暴露垃圾";
	r.grid_code = GRID1;
	return r;
}

/* Reports r at at (NULL: now); returns the new id or "error: TEXT". */
static const char *
report(const struct grid_case_report *r, const char *id, const char *at)
{
	static char out[600];
	struct grid_case_step s = step("report", id, at);
	struct grid_case_result res;

	s.report = r;
	if (apply(&s, &res) != 0)
		snprintf(out, sizeof(out), "error: %s", err.text);
	else
		snprintf(out, sizeof(out), "%s", res.id);
	return out;
}

static void
refused_report(const struct grid_case_report *r, const char *field,
    const char *text, const char *what)
{
	char *before = snapshot(NULL), *after;
	long cases = atol(get("SELECT count(*) FROM cases", NULL));

	is_str(report(r, NULL, NULL), text, what);
	after = snapshot(NULL);
	ok(err.code == GRID_EDATA && strcmp(err.field, field) == 0 &&
	    strcmp(before, after) == 0 &&
	    atol(get("SELECT count(*) FROM cases", NULL)) == cases,
	    "... code 65, field named, nothing written");
	free(before);
	free(after);
}

static void
test_report(void)
{
	struct grid_case_report r = report_fields();

	set_now(MONDAY_10);
	is_str(report(&r, NULL, "2024-06-14 09:00"), "202406140001",
	    "first report of a day: sequence 0001");
	is_str(report(&r, NULL, "2024-06-14 09:05"), "202406140002",
	    "second report of that day: 0002");
	is_str(report(&r, NULL, NULL), "202406170001",
	    "another day starts again at 0001");
	is_str(report(&r, "202406140009", "2024-06-14 10:00"), "202406140009",
	    "a given id is kept");
	is_str(report(&r, NULL, "2024-06-14 11:00"), "202406140010",
	    "the next number after the highest of the day");
	is_str(report(&r, NULL, "2024-06-14T16:30:00Z"), "202406150001",
	    "the date is the local date of the report");
	is_str(report(&r, "202406140001", NULL),
	    "error: case 202406140001: already exists", "a duplicate id");
	is_str(err.field, "id", "... names the field id");
	is_str(report(&r, "A B", NULL), "error: case A B: bad case id",
	    "an id with a blank");

	is_str(column("status", "202406140001"), "reported", "status reported");
	is_str(column("level", "202406140001"), "grid", "level grid");
	is_str(column("priority", "202406140001"), "normal",
	    "priority normal by default");
	is_str(column("reported_at", "202406140001"),
	    "2024-06-14T09:00:00+08:00", "reported_at in the local zone");
	is_str(log_of("202406140001"), "report ->reported",
	    "one log row: report, to reported");
	is_str(get("SELECT actor || ' ' || at FROM case_log WHERE "
	    "case_id = ?1", "202406140001"),
	    "tester 2024-06-14T09:00:00+08:00", "the log row's actor and time");

	r.grid_code = NULL;
	r.x = "5";
	r.y = "5";
	is_str(column("grid_code", report(&r, "XY1", NULL)), GRID1,
	    "the grid found from the point");
	r.x = "15.5";
	is_str(column("grid_code", report(&r, "XY2", NULL)), GRID2,
	    "the point in the second grid");
	r.x = "50";
	is_str(column("grid_code", report(&r, "XY3", NULL)), "(null)",
	    "a point in no grid: no grid");
	is_str(column("x || ',' || y", "XY3"), "50.0,5.0", "x and y stored");

	r = report_fields();
	r.source = "热线";
	r.priority = "紧急";
	r.grade = "重大";
	r.component_code = "3205080101000001";
	r.org_uscc = "91350100m000100y43";
	r.reporter = "张三";
	is_str(report(&r, "FULL1", NULL), "FULL1", "a report with every field");
	is_str(column("source || ' ' || priority || ' ' || grade || ' ' || "
	    "component_code || ' ' || org_uscc || ' ' || reporter", "FULL1"),
	    "hotline urgent major 3205080101000001 91350100M000100Y43 张三",
	    "Chinese labels stored as canonical values, USCC upper case");

	r = report_fields();
	r.source = NULL;
	refused_report(&r, "source", "error: new case: report needs a source",
	    "no source");
	r.source = "tv";
	refused_report(&r, "source", "error: new case: unknown source 'tv' "
	    "(one of: worker, hotline, public_app, video, self_report, "
	    "department, petition)", "an unknown source");
	r = report_fields();
	r.category_code = "E9999";
	refused_report(&r, "category_code",
	    "error: new case: unknown category 'E9999'", "an unknown category");
	r = report_fields();
	r.grid_code = "32050801801499";
	refused_report(&r, "grid_code",
	    "error: new case: unknown grid '32050801801499'",
	    "an unknown grid");
	r.grid_code = NULL;
	refused_report(&r, "grid_code", "error: new case: report needs a "
	    "place: x and y, an address, a grid or a component", "no place");
	r.x = "1";
	refused_report(&r, "y", "error: new case: a point needs both x and y",
	    "x without y");
	r.y = "north";
	refused_report(&r, "y", "error: new case: bad coordinate 'north'",
	    "a bad coordinate");
	r = report_fields();
	r.component_code = "3205080101009999";
	refused_report(&r, "component_code",
	    "error: new case: unknown component '3205080101009999'",
	    "an unknown component");
	r = report_fields();
	r.org_uscc = "91350100M000100Y44";
	refused_report(&r, "org_uscc",
	    "error: new case: bad check character '91350100M000100Y44'",
	    "a bad USCC");
	r = report_fields();
	r.grade = "huge";
	refused_report(&r, "grade", "error: new case: unknown grade 'huge' "
	    "(one of: minor, major)", "an unknown grade");
	r = report_fields();
	r.address = "平江路 1 号";
	r.grid_code = NULL;
	ok(strncmp(report(&r, NULL, NULL), "error", 5) != 0,
	    "an address alone is a place");
}

static void
test_resolved(void)
{
	struct grid_case_report r = report_fields();
	struct grid_case_step s = step("report", "RS1", "2024-06-17 09:00");
	struct grid_case_result res;

	set_now(MONDAY_10);
	s.report = &r;
	s.resolved = 1;
	s.note = "当场清理";
	ok(apply(&s, &res) == 0 && res.logged == 6 &&
	    strcmp(res.to, "closed") == 0, "report resolved: closed at once");
	is_str(log_of("RS1"), "report ->reported, register reported>registered"
	    ", dispatch registered>dispatched, handle dispatched>handled, "
	    "verify handled>verified, close verified>closed",
	    "every step logged, in order");
	is_str(get("SELECT count(DISTINCT at) || ' ' || min(at) FROM case_log "
	    "WHERE case_id = ?1", "RS1"), "1 2024-06-17T09:00:00+08:00",
	    "all at the report's time");
	is_str(column("registered_at || dispatched_at || handled_at || "
	    "verified_at || closed_at", "RS1"),
	    "2024-06-17T09:00:00+08:00" "2024-06-17T09:00:00+08:00"
	    "2024-06-17T09:00:00+08:00" "2024-06-17T09:00:00+08:00"
	    "2024-06-17T09:00:00+08:00", "every step time set");
	is_str(column("dept_code || ' ' || deadline", "RS1"),
	    "D01 2024-06-17T14:30:00+08:00",
	    "the category's department and time limit");
	is_str(get("SELECT note FROM case_log WHERE case_id = ?1 AND "
	    "action = 'handle'", "RS1"), "当场清理", "the note on handle");

	r.category_code = "T02";
	s.id = "RS2";
	s.note = NULL;
	ok(apply(&s, &res) == 0, "resolved without a department");
	is_str(column("status || ' ' || coalesce(dept_code, '-')", "RS2"),
	    "closed -", "... closed, no department");
	is_str(get("SELECT note FROM case_log WHERE case_id = ?1 AND "
	    "action = 'handle'", "RS2"), "resolved on the spot",
	    "... the default handling note");
}

/* ---- deadlines ---- */

/* Dispatches a new registered case of category at at; its deadline. */
static const char *
dispatch_at(const char *id, const char *category, const char *at,
    const char *dept)
{
	struct grid_case_step s = step("dispatch", id, at);

	make_case(id, "registered", "grid", NULL);
	sql4("UPDATE cases SET category_code = ?2, dept_code = NULL "
	    "WHERE id = ?1", id, category, NULL, NULL);
	s.dept = dept;
	if (apply(&s, NULL) != 0) {
		printf("#   %s\n", err.text);
		return "error";
	}
	return column("deadline", id);
}

static void
test_deadlines(void)
{
	struct grid_case_step s;

	set_now("2024-06-28T12:00:00+08:00");
	is_str(dispatch_at("DL1", "T01", "2024-06-21 16:30", NULL),
	    "2024-06-24T11:30:00+08:00",
	    "4 working hours from Friday 16:30: Monday 11:30");
	is_str(column("dept_code || ' ' || dispatched_at", "DL1"),
	    "D01 2024-06-21T16:30:00+08:00",
	    "the category's department; dispatched_at");
	is_str(last_note("DL1"), "to D01, deadline 2024-06-24T11:30:00+08:00",
	    "the dispatch note");
	is_str(dispatch_at("DL2", "T01", "2024-06-07 16:30", NULL),
	    "2024-06-11T11:30:00+08:00",
	    "across a weekend and the Monday holiday");
	is_str(dispatch_at("DL3", "T01", "2024-06-17 11:00", NULL),
	    "2024-06-17T16:30:00+08:00", "across the lunch break");
	is_str(dispatch_at("DL4", "T03", "2024-06-21 10:00", NULL),
	    "2024-06-24T10:00:00+08:00", "1 working day from Friday 10:00");
	is_str(dispatch_at("DL5", "T04", "2024-06-21 16:30", NULL),
	    "2024-06-21T18:30:00+08:00", "a limit in clock hours");
	is_str(dispatch_at("DL6", "T02", "2024-06-22 10:00", "D02"),
	    "2024-06-24T17:30:00+08:00",
	    "no category limit: default_limit, from a Saturday");
	is_str(column("dept_code", "DL6"), "D02", "the department given");

	make_case("DL7", "registered", "grid", NULL);
	sql4("UPDATE cases SET category_code = 'T02' WHERE id = ?1", "DL7",
	    NULL, NULL, NULL);
	s = step("dispatch", "DL7", "2024-06-21 10:00");
	refused(&s, "dept", "case DL7: no department given, and category "
	    "T02 has none", "no department anywhere");
	s.dept = "D99";
	refused(&s, "dept", "case DL7: unknown department 'D99'",
	    "an unknown department");
	s.dept = "D01";
	s.deadline = "2024-06-21 09:00";
	refused(&s, "deadline", "case DL7: deadline 2024-06-21T09:00:00+08:00 "
	    "is not after the step's time 2024-06-21T10:00:00+08:00",
	    "a given deadline before the dispatch");
	s.deadline = "2024-06-30 17:00";
	apply_ok(&s, "a given deadline");
	is_str(column("deadline", "DL7"), "2024-06-30T17:00:00+08:00",
	    "... is kept, even after now");

	sql("UPDATE settings SET value = '2 work_hours' "
	    "WHERE key = 'default_limit'");
	open_handle();
	is_str(dispatch_at("DL8", "T02", "2024-06-24 10:00", "D02"),
	    "2024-06-24T12:00:00+08:00", "default_limit from settings");
	sql("UPDATE settings SET value = 'soon' WHERE key = 'default_limit'");
	grid_cases_close(cs);
	cs = NULL;
	ok(grid_cases_open(db, &cs, &err) == -1 &&
	    strcmp(err.source, "settings") == 0 &&
	    strcmp(err.field, "default_limit") == 0,
	    "a bad default_limit: refused at open, naming the setting");
	sql("UPDATE settings SET value = '1 work_days' "
	    "WHERE key = 'default_limit'");
	open_handle();
}

/* ---- time order ---- */

static void
walk(const char *id, const char *verb, enum grid_case_verdict verdict,
    const char *at)
{
	struct grid_case_step s = step(verb, id, at);
	char what[96];

	s.verdict = verdict;
	s.note = "纸质记录";
	snprintf(what, sizeof(what), "back-filled %s at %s", verb, at);
	apply_ok(&s, what);
}

static void
test_backfill(void)
{
	struct grid_case_report r = report_fields();
	struct grid_case_step s;

	set_now(MONDAY_10);
	is_str(report(&r, "PAPER1", "2024-06-03 09:00"), "PAPER1",
	    "back-filled report");
	walk("PAPER1", "register", 0, "2024-06-03 09:30");
	walk("PAPER1", "dispatch", 0, "2024-06-03 10:00");
	walk("PAPER1", "handle", 0, "2024-06-03 15:00");
	walk("PAPER1", "verify", GRID_VERDICT_PASS, "2024-06-04 09:00");
	walk("PAPER1", "close", 0, "2024-06-04 09:00");
	is_str(get("SELECT group_concat(substr(at, 6, 11), ' ') FROM "
	    "(SELECT at FROM case_log WHERE case_id = ?1 ORDER BY id)",
	    "PAPER1"), "06-03T09:00 06-03T09:30 06-03T10:00 06-03T15:00 "
	    "06-04T09:00 06-04T09:00", "the log keeps the paper times");
	is_str(column("deadline || ' ' || closed_at", "PAPER1"),
	    "2024-06-03T15:30:00+08:00 2024-06-04T09:00:00+08:00",
	    "the deadline counted from the back-filled dispatch");

	s = step("rate", "PAPER1", "2024-06-04 08:00");
	s.rating = "B";
	refused(&s, "at", "case PAPER1: --at 2024-06-04T08:00:00+08:00 is "
	    "before its last step at 2024-06-04T09:00:00+08:00",
	    "a step before the last one");
	s.at = "2024-06-18 09:00";
	refused(&s, "at", "case PAPER1: --at 2024-06-18T09:00:00+08:00 is in "
	    "the future (now is 2024-06-17T10:00:00+08:00)",
	    "a step in the future");
	s.at = "yesterday";
	refused(&s, "at", "case PAPER1: bad time 'yesterday'", "a bad time");
	s.at = "2024-06-04T01:00:00Z";
	apply_ok(&s, "the same instant as the last step, given in UTC");
	is_str(column("rating", "PAPER1"), "B", "rated B");

	make_case("IMP1", "registered", "grid", NULL);
	sql4("UPDATE cases SET registered_at = '2024-06-17T09:00:00+08:00' "
	    "WHERE id = ?1", "IMP1", NULL, NULL, NULL);
	s = step("dispatch", "IMP1", "2024-06-17 08:30");
	refused(&s, "at", "case IMP1: --at 2024-06-17T08:30:00+08:00 is "
	    "before its last step at 2024-06-17T09:00:00+08:00",
	    "an imported case without log rows: its step times count");
}

/* ---- rework, parking, extension ---- */

static void
test_rework(void)
{
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("VF1", "handled", "grid", "2024-06-17T09:00:00+08:00");
	sql4("UPDATE cases SET overdue = 1 WHERE id = ?1", "VF1", NULL, NULL,
	    NULL);
	s = step("verify", "VF1", "2024-06-17 09:30");
	s.verdict = GRID_VERDICT_FAIL;
	s.note = "未清理干净";
	apply_ok(&s, "verify fail");
	is_str(column("status || ' ' || rework_count || ' ' || deadline || "
	    "' ' || overdue", "VF1"),
	    "dispatched 1 2024-06-17T15:00:00+08:00 0",
	    "back to the department: rework 1, new deadline, not overdue");
	is_str(last_note("VF1"), "rework 1, deadline 2024-06-17T15:00:00+08:00"
	    "; 未清理干净", "the rework note");
	s = step("handle", "VF1", "2024-06-17 09:40");
	s.note = "再次清理";
	apply_ok(&s, "handled again");
	s = step("verify", "VF1", "2024-06-17 09:50");
	s.verdict = GRID_VERDICT_FAIL;
	s.note = "仍未清理";
	apply_ok(&s, "verify fail again");
	is_str(column("rework_count", "VF1"), "2", "rework 2");
	s = step("handle", "VF1", NULL);
	s.note = "第三次";
	apply_ok(&s, "handled a third time");
	s = step("verify", "VF1", NULL);
	s.verdict = GRID_VERDICT_PASS;
	apply_ok(&s, "verify pass");
	is_str(column("status || ' ' || rework_count || ' ' || verified_at",
	    "VF1"), "verified 2 " MONDAY_10, "verified, rework count kept");
}

static void
test_park(void)
{
	struct grid_case_step s;

	set_now("2024-06-28T12:00:00+08:00");
	make_case("PK1", "registered", "grid", NULL);
	s = step("dispatch", "PK1", "2024-06-17 09:00");
	apply_ok(&s, "dispatched Monday 09:00");
	is_str(column("deadline", "PK1"), "2024-06-17T14:30:00+08:00",
	    "deadline Monday 14:30");
	s = step("park", "PK1", "2024-06-17 10:00");
	refused(&s, "reason", "case PK1: park needs a reason",
	    "park needs a reason");
	s.reason = "等待资金";
	apply_ok(&s, "parked Monday 10:00");
	is_str(column("status || ' ' || deadline", "PK1"),
	    "parked 2024-06-17T14:30:00+08:00", "parked, deadline kept");
	s = step("unpark", "PK1", "2024-06-19 10:00");
	apply_ok(&s, "unparked Wednesday 10:00");
	is_str(column("status || ' ' || deadline", "PK1"),
	    "dispatched 2024-06-19T14:30:00+08:00",
	    "deadline moved by the 15 working hours parked");
	is_str(last_note("PK1"), "parked 15.00 working hours, deadline "
	    "2024-06-17T14:30:00+08:00 -> 2024-06-19T14:30:00+08:00",
	    "the unpark note");
}

static void
test_extend(void)
{
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("X1", "dispatched", "grid", "2024-06-17T12:00:00+08:00");
	s = step("extend", "X1", NULL);
	s.hours = "4";
	refused(&s, "approver", "case X1: extend needs an approver",
	    "extend needs an approver");
	s.approver = "王主任";
	s.until = "2024-06-20 17:30";
	refused(&s, "until", "case X1: extend needs either until or hours",
	    "until and hours together");
	s.until = NULL;
	s.hours = "abc";
	refused(&s, "hours", "case X1: bad number of hours 'abc'",
	    "bad hours");
	s.hours = NULL;
	s.until = "2024-06-17 11:00";
	refused(&s, "until", "case X1: new deadline 2024-06-17T11:00:00+08:00 "
	    "is not after the current one, 2024-06-17T12:00:00+08:00",
	    "an extension that shortens");
	s.until = NULL;
	s.hours = "4";
	apply_ok(&s, "extend by 4 working hours");
	is_str(column("status || ' ' || deadline", "X1"),
	    "dispatched 2024-06-17T17:30:00+08:00",
	    "from the current deadline, across lunch");
	is_str(last_note("X1"), "deadline 2024-06-17T12:00:00+08:00 -> "
	    "2024-06-17T17:30:00+08:00, approved by 王主任",
	    "the approver is logged");
	s.hours = NULL;
	s.until = "2024-06-20 17:30";
	s.reason = "rain";
	s.note = "paper form";
	apply_ok(&s, "extend until a time");
	is_str(column("deadline", "X1"), "2024-06-20T17:30:00+08:00",
	    "the new deadline");
	is_str(last_note("X1"), "deadline 2024-06-17T17:30:00+08:00 -> "
	    "2024-06-20T17:30:00+08:00, approved by 王主任; rain; paper form",
	    "extend logs the reason, then the note");

	make_case("X2", "dispatched", "grid", "2024-06-14T12:00:00+08:00");
	sql4("UPDATE cases SET overdue = 1 WHERE id = ?1", "X2", NULL, NULL,
	    NULL);
	s = step("extend", "X2", NULL);
	s.approver = "王主任";
	s.hours = "2";
	apply_ok(&s, "extend a case already past its deadline");
	is_str(column("deadline || ' ' || overdue", "X2"),
	    "2024-06-17T12:00:00+08:00 0", "counted from now; not overdue");
}

/* ---- merge, escalate, rate ---- */

static void
test_merge(void)
{
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("M1", "registered", "grid", NULL);
	make_case("M2", "dispatched", "grid", "2024-06-18T12:00:00+08:00");
	make_case("MC", "closed", "grid", NULL);
	s = step("merge", "M1", NULL);
	refused(&s, "into", "case M1: merge needs the case to merge into",
	    "merge needs a target");
	s.into = "M1";
	refused(&s, "into", "case M1: cannot merge a case into itself",
	    "not into itself");
	s.into = "NOPE";
	refused(&s, "into", "case M1: no case 'NOPE' to merge into",
	    "not into a missing case");
	s.into = "MC";
	refused(&s, "into", "case M1: cannot merge into case MC, which is "
	    "closed", "not into a closed case");
	s.into = "M2";
	s.reason = "same pothole";
	apply_ok(&s, "merge into an open case");
	is_str(column("status || ' ' || duplicate_of", "M1"), "merged M2",
	    "merged, duplicate_of set");
	is_str(last_note("M1"), "into M2; same pothole",
	    "the merge note with the reason");
	s = step("merge", "M2", NULL);
	s.into = "M1";
	refused(&s, "into", "case M2: cannot merge into case M1, which is "
	    "merged", "not into a merged case");
	s = step("merge", "M1", NULL);
	s.into = "M2";
	refused(&s, NULL, "case M1: cannot merge a case that is merged",
	    "a merged case cannot be merged again");
}

static void
escalate(const char *id, const char *level, const char *what)
{
	struct grid_case_step s = step("escalate", id, NULL);

	s.level = level;
	s.reason = "久拖未决";
	apply_ok(&s, what);
}

static void
test_escalate(void)
{
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("E1", "dispatched", "grid", "2024-06-18T12:00:00+08:00");
	s = step("escalate", "E1", NULL);
	refused(&s, "reason", "case E1: escalate needs a reason",
	    "escalate needs a reason");
	escalate("E1", NULL, "escalate one level");
	is_str(column("level || ' ' || status", "E1"), "community dispatched",
	    "grid -> community, status kept");
	is_str(last_note("E1"), "grid -> community; 久拖未决",
	    "the escalation note");
	escalate("E1", "street", "escalate to street");
	s.reason = "x";
	s.level = "community";
	refused(&s, "level", "case E1: cannot escalate from street down to "
	    "community", "never down");
	s.level = "street";
	refused(&s, "level", "case E1: already at level street",
	    "not to the same level");
	s.level = "province";
	refused(&s, "level", "case E1: unknown level 'province' (one of: grid, "
	    "community, street, district, city)", "an unknown level");
	escalate("E1", "市", "escalate to the city (Chinese label)");
	is_str(column("level", "E1"), "city", "at city");
	s.level = NULL;
	refused(&s, "level", "case E1: already at the top level, city",
	    "never past city");
	is_str(log_of("E1"), "escalate dispatched>dispatched, escalate "
	    "dispatched>dispatched, escalate dispatched>dispatched",
	    "one log row per escalation");
}

static void
test_rate(void)
{
	struct grid_case_step s;

	set_now(MONDAY_10);
	make_case("R1", "closed", "grid", NULL);
	s = step("rate", "R1", NULL);
	refused(&s, "rating", "case R1: rate needs a rating", "no rating");
	s.rating = "E";
	refused(&s, "rating", "case R1: bad rating 'E' (one of: A, B, C, D)",
	    "a bad rating");
	s.rating = "满意";
	apply_ok(&s, "rate with a Chinese label");
	is_str(column("rating || ' ' || status", "R1"), "B closed",
	    "rating B, still closed");
	s.rating = "a";
	refused(&s, "rating", "case R1: already rated B (correct it with "
	    "--correct)", "rated again, not as a correction");
	s.correct = 1;
	apply_ok(&s, "rated again, correcting");
	is_str(column("rating", "R1"), "A", "the latest rating");
	is_str(last_note("R1"), "rating A, corrects B", "the correction logged");
	make_case("R2", "closed", "grid", NULL);
	s.id = "R2";
	refused(&s, "correct", "case R2: no rating to correct",
	    "a correction without a rating");
}

/* ---- the case desk: ack, reply, workers, urgent, components ---- */

static void
test_desk(void)
{
	struct grid_case_step s;
	struct grid_case_report r;
	struct grid_case_result res;

	set_now(MONDAY_10);
	sql4("INSERT INTO workers (id, name) VALUES ('W1', '网格员')", NULL,
	    NULL, NULL, NULL);
	make_case("A1", "registered", "grid", NULL);
	s = step("dispatch", "A1", "2024-06-17T09:00:00+08:00");
	apply_ok(&s, "desk: dispatch");
	s = step("ack", "A1", "2024-06-17T09:10:00+08:00");
	apply_ok(&s, "ack a dispatched case");
	is_str(last_note("A1"), "by D01", "ack: by the department");
	s.at = NULL;
	refused(&s, NULL, "case A1: already acknowledged since its dispatch",
	    "a second ack of the same dispatch");
	s = step("return", "A1", "2024-06-17T09:20:00+08:00");
	s.reason = "not ours";
	apply_ok(&s, "desk: return");
	s = step("dispatch", "A1", "2024-06-17T09:30:00+08:00");
	s.dept = "D02";
	apply_ok(&s, "desk: dispatched again");
	s = step("ack", "A1", "2024-06-17T09:40:00+08:00");
	apply_ok(&s, "ack again after a new dispatch");

	s = step("reply", "A1", NULL);
	refused(&s, "text", "case A1: reply needs a text", "reply without text");
	s.text = "正在处理";
	s.note = "x";
	refused(&s, "note", "case A1: a reply is its text alone, without a "
	    "note", "reply with a note");
	s.note = NULL;
	apply_ok(&s, "reply");
	is_str(last_note("A1"), "正在处理", "reply: the text is the note");
	is_str(column("status", "A1"), "dispatched", "reply: status kept");

	s = step("verify", "A1", NULL);
	s.verdict = GRID_VERDICT_PASS;
	s.worker = "W9";
	make_case("A2", "handled", "grid", NULL);
	s.id = "A2";
	refused(&s, "worker", "case A2: unknown worker 'W9'",
	    "verify with an unknown worker");
	s.worker = "W1";
	apply_ok(&s, "verify --worker");
	is_str(get("SELECT worker_id FROM case_log WHERE case_id = ?1",
	    "A2"), "W1", "verify: the worker logged");

	/* urgent: urgent_share (50) of the 4 working hours of T01 */
	make_case("U1", "registered", "grid", NULL);
	sql4("UPDATE cases SET priority = 'urgent' WHERE id = ?1", "U1", NULL,
	    NULL, NULL);
	s = step("dispatch", "U1", "2024-06-17T09:00:00+08:00");
	ok(apply(&s, &res) == 0, "dispatch an urgent case");
	is_str(res.deadline, "2024-06-17T11:00:00+08:00",
	    "urgent: half the limit");

	/* a component case goes to the component's department first */
	sql4("UPDATE components SET dept_code = 'D02'", NULL, NULL, NULL,
	    NULL);
	memset(&r, 0, sizeof(r));
	r.source = "worker";
	r.category_code = "T01";
	r.component_code = "3205080101000001";
	s = step("report", NULL, "2024-06-17T09:00:00+08:00");
	s.report = &r;
	s.worker = "W1";
	ok(apply(&s, &res) == 0, "report a component case without a place");
	is_str(column("grid_code || ' ' || reply_due", res.id),
	    GRID1 " 2024-06-24T09:00:00+08:00",
	    "component case: its grid; reply_due 5 working days on");
	is_str(get("SELECT worker_id FROM case_log WHERE case_id = ?1",
	    res.id), "W1", "report: the worker logged");
	{
		char id[sizeof(res.id)];

		snprintf(id, sizeof(id), "%s", res.id);
		s = step("register", id, NULL);
		apply_ok(&s, "register the component case");
		s = step("dispatch", id, NULL);
		apply_ok(&s, "dispatch it without a department");
		is_str(column("dept_code", id), "D02",
		    "to the component's owner, not the category's");
	}
	s = step("report", NULL, NULL);
	s.report = &r;
	s.worker = "W9";
	ok(apply(&s, NULL) == -1 && err.code == GRID_EDATA &&
	    strcmp(err.field, "worker") == 0, "report: unknown worker refused");
}

/* extend --until a date: the end of that working day. */
static void
test_extend_day(void)
{
	struct grid_case_step s;
	struct grid_case_result res;

	set_now(MONDAY_10);
	make_case("XD1", "dispatched", "grid", "2024-06-17T12:00:00+08:00");
	s = step("extend", "XD1", NULL);
	s.approver = "王主任";
	s.until = "2024-06-18";
	ok(apply(&s, &res) == 0, "extend --until a working day");
	is_str(res.deadline, "2024-06-18T17:30:00+08:00", "its end");
	is_str(res.notice, "", "no notice");
	s.until = "2024-06-23";
	ok(apply(&s, &res) == 0, "extend --until a Sunday");
	is_str(res.deadline, "2024-06-21T17:30:00+08:00",
	    "the end of the Friday before");
	is_str(res.notice, "2024-06-23 is not a working day: the deadline is "
	    "the end of 2024-06-21, 2024-06-21T17:30:00+08:00", "a notice");
	s.until = "2024-06-20";
	refused(&s, "until", "case XD1: new deadline 2024-06-20T17:30:00+08:00 "
	    "is not after the current one, 2024-06-21T17:30:00+08:00",
	    "extend --until before the deadline");
}

/* ---- all or nothing ---- */

static void
test_atomic(void)
{
	struct grid_case_report r = report_fields();
	struct grid_case_step s = step("report", NULL, "2024-06-13 09:00");
	struct grid_error e;
	int rc;

	set_now(MONDAY_10);
	sql("CREATE TEMP TRIGGER boom BEFORE INSERT ON case_log "
	    "WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END");
	s.report = &r;
	ok(grid_db_begin(db, &e) == 0, "an outer transaction");
	apply_ok(&s, "a report in the transaction");
	s.note = "boom";
	rc = apply(&s, NULL);
	ok(rc == -1 && err.code != GRID_EDATA,
	    "a write failing half-way: an error");
	is_str(column("id", "202406130002"), "(none)",
	    "... the case row it inserted is gone");
	s.note = NULL;
	apply_ok(&s, "the next report in the same transaction");
	ok(grid_db_commit(db, &e) == 0, "committed");
	is_str(get("SELECT group_concat(id, ' ') FROM cases WHERE id LIKE "
	    "'20240613%'", NULL), "202406130001 202406130002",
	    "the good reports kept, numbered without a gap");
	sql("DROP TRIGGER boom");
}

/* ---- steps and records ---- */

/* Runs the writes of the other modules that log records; each must work. */
static void
write_records(const char *dispute, const char *petition)
{
	static const char *const parties[] = { "320508199001010011" };
	struct grid_dispute_details d;
	struct grid_petition_step p;
	struct grid_attachment a;
	struct grid_error e;
	int logged = 0;

	memset(&d, 0, sizeof(d));
	d.case_id = dispute;
	d.parties = parties;
	d.nparties = 1;
	d.mediator = "张调解";
	d.actor = "clerk";
	ok(grid_dispute_record(db, &d, &logged, &e) == 0 && logged == 2,
	    "a party and a mediator entered now (records)");
	memset(&a, 0, sizeof(a));
	a.case_id = dispute;
	a.kind = "photo";
	a.uri = "https://media.example/1.jpg";
	a.mime = "image/jpeg";
	a.actor = "clerk";
	ok(grid_attach_add(db, &a, NULL, &e) == 0, "an attachment (a record)");
	ok(grid_case_log_reveal(cs, dispute, "clerk", "show --reveal",
	    &e) == 0, "a reveal (a record)");
	sql4("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status, note) SELECT id, ?2, 'sync', ?3, status, status, "
	    "'deadline' FROM cases WHERE id = ?1", dispute, MONDAY_10, "warn",
	    NULL);
	sql4("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status, note) SELECT id, ?2, 'sync', ?3, status, status, "
	    "'Open311' FROM cases WHERE id = ?1", dispute, MONDAY_10,
	    "external", NULL);
	memset(&p, 0, sizeof(p));
	p.action = GRID_PETITION_DETAILS;
	p.case_id = petition;
	p.actor = "clerk";
	p.form = "visit";
	p.petitioners = parties;
	p.npetitioners = 1;
	ok(grid_petition_apply(db, &p, NULL, &e) == 0,
	    "a petition's details entered now (a record)");
}

/* Every action of case_log is a step or a record; which is which. */
static void
test_action_kinds(void)
{
	static const char *const records[] = { "reveal", "attach",
		"external", "warn", "party", "dispute", "petition" };
	static const char *const others[] = { "overdue", "mediate", "accept",
		"answer", "review", "follow-through" };
	sqlite3_stmt *st;
	size_t i;
	int v, all = 1;

	for (v = 0; v < GRID_NVERBS; v++)
		all &= gridi_case_action_is_step(grid_case_verb_name(v)) == 1;
	ok(all, "every verb of the state table is a step");
	for (i = 0, all = 1; i < LEN(others); i++)
		all &= gridi_case_action_is_step(others[i]) == 1;
	ok(all, "overdue, mediate and a petition's actions are steps");
	for (i = 0, all = 1; i < LEN(records); i++)
		all &= gridi_case_action_is_step(records[i]) == 0;
	ok(all, "reveal, attach, external, warn, party, dispute and "
	    "petition are records");
	is_str(grid_petition_action_name(GRID_PETITION_DETAILS), "petition",
	    "... petition is the details' action");
	ok(gridi_case_action_is_step("frobnicate") == -1 &&
	    gridi_case_action_is_step(NULL) == -1, "anything else is neither");
	if (sqlite3_prepare_v2(grid_db_sqlite(db), "SELECT DISTINCT action "
	    "FROM case_log ORDER BY 1", -1, &st, NULL) != SQLITE_OK)
		die("actions", sqlite3_errmsg(grid_db_sqlite(db)));
	for (all = 1, i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
		if (gridi_case_action_is_step((const char *)
		    sqlite3_column_text(st, 0)) < 0) {
			printf("#   action '%s' is neither\n",
			    sqlite3_column_text(st, 0));
			all = 0;
		}
	sqlite3_finalize(st);
	ok(all && i >= 20, "every action written in these tests is one or "
	    "the other");
}

/*
 * Records entered now do not order a case's timeline: a step back-dated
 * after its last step is taken; a step before the last step is not.
 */
static void
test_records(void)
{
	struct grid_case_report r = report_fields();
	struct grid_case_step s;
	struct grid_petition_step p;
	struct grid_error e;
	long long attempt;
	struct grid_dispute_attempt a;

	set_now(MONDAY_10);
	sql("INSERT INTO categories (code, kind, major, minor, name, "
	    "dept_code, case_type) VALUES ('T07', 'event', '07', '0701', "
	    "'邻里纠纷', 'D01', 'dispute'), ('T09', 'event', '09', '0901', "
	    "'信访', 'D01', 'petition');"
	    "INSERT INTO people (id_number, name, grid_code, updated_at) "
	    "VALUES ('320508199001010011', '甲', '" GRID1 "', "
	    "'2024-01-01')");
	r.category_code = "T07";
	is_str(report(&r, "DSP1", "2024-06-14 09:00"), "DSP1",
	    "a dispute reported on Friday");
	walk("DSP1", "register", 0, "2024-06-14 09:30");
	walk("DSP1", "dispatch", 0, "2024-06-14 10:00");
	r.category_code = "T09";
	r.source = "petition";
	is_str(report(&r, "PET1", "2024-06-14 09:00"), "PET1",
	    "a petition reported on Friday");
	write_records("DSP1", "PET1");

	s = step("handle", "DSP1", "2024-06-14 15:00");
	s.note = "纸质记录";
	apply_ok(&s, "handle back-dated to Friday, after its last step, "
	    "before the records entered today");
	is_str(column("status || ' ' || handled_at", "DSP1"),
	    "handled 2024-06-14T15:00:00+08:00", "... handled then");
	s = step("verify", "DSP1", "2024-06-14 14:00");
	s.verdict = GRID_VERDICT_PASS;
	refused(&s, "at", "case DSP1: --at 2024-06-14T14:00:00+08:00 is "
	    "before its last step at 2024-06-14T15:00:00+08:00",
	    "a step before the last step: still refused");

	/* a mediation attempt is a step: it moves the last step on */
	memset(&a, 0, sizeof(a));
	a.case_id = "DSP1";
	a.result = "continued";
	a.actor = "clerk";
	a.at = "2024-06-14 16:00";
	ok(grid_dispute_mediate(db, &a, &attempt, &e) == 0,
	    "an attempt back-dated to 16:00");
	s.at = "2024-06-14 15:30";
	refused(&s, "at", "case DSP1: --at 2024-06-14T15:30:00+08:00 is "
	    "before its last step at 2024-06-14T16:00:00+08:00",
	    "a step before the attempt: refused");
	s.at = "2024-06-14 16:30";
	apply_ok(&s, "verified after it");

	/* a petition's acceptance is a step, its details a record */
	memset(&p, 0, sizeof(p));
	p.action = GRID_PETITION_ACCEPT;
	p.case_id = "PET1";
	p.actor = "clerk";
	p.at = "2024-06-14 10:00";
	ok(grid_petition_apply(db, &p, NULL, &e) == 0,
	    "accepted back-dated before its details entered today");
	if (e.code != 0)
		printf("#   %s\n", e.text);
	s = step("register", "PET1", "2024-06-14 09:30");
	refused(&s, "at", "case PET1: --at 2024-06-14T09:30:00+08:00 is "
	    "before its last step at 2024-06-14T10:00:00+08:00",
	    "registered before the acceptance: refused");
	walk("PET1", "register", 0, "2024-06-14 10:30");
	p.action = GRID_PETITION_ANSWER;
	p.text = "答复";
	p.at = "2024-06-14 10:15";
	memset(&e, 0, sizeof(e));
	ok(grid_petition_apply(db, &p, NULL, &e) == -1 &&
	    strcmp(e.field, "at") == 0, "an answer before the registration: "
	    "refused");
	is_str(e.text, "case PET1: --at 2024-06-14T10:15:00+08:00 is before "
	    "its last step at 2024-06-14T10:30:00+08:00", "... the message");
	test_action_kinds();
}

/* ---- the sweep ---- */

static void
collect(void *ctx, const struct grid_case_change *c)
{
	if (grid_buf_addf(ctx, "%s%s %s %s->%s %.2f",
	    ((struct grid_buf *)ctx)->len > 0 ? "\n" : "", c->id, c->action,
	    c->from_level, c->to_level, c->overdue_hours) != 0)
		die("collect", "out of memory");
}

/* Sweeps at now; returns the changes, one line each (static buffer). */
static const char *
sweep(const char *now, long *count)
{
	static char out[4096];
	struct grid_buf b = GRID_BUF_INIT;
	time_t t;

	*count = 0;
	if (grid_time_to_epoch(now, &t) != 0)
		die("bad time", now);
	if (grid_case_sweep(cs, t, NULL, collect, &b, count, &err) != 0)
		snprintf(out, sizeof(out), "error: %s", err.text);
	else
		snprintf(out, sizeof(out), "%s", b.data != NULL ? b.data : "");
	grid_buf_release(&b);
	return out;
}

static int
trace_due(unsigned type, void *ctx, void *stmt, void *unused)
{
	const char *text = sqlite3_sql(stmt);

	if (type == SQLITE_TRACE_STMT && text != NULL &&
	    strstr(text, "deadline <") != NULL)
		snprintf(ctx, 1024, "%s", text);
	return 0;
}

/* The sweep's query, as traced, must search cases_open_deadline. */
static void
test_sweep_plan(void)
{
	char query[1024] = "", plan[2048] = "", explain[1100];
	sqlite3 *h = grid_db_sqlite(db);
	sqlite3_stmt *st;
	long count;

	sqlite3_trace_v2(h, SQLITE_TRACE_STMT, trace_due, query);
	sweep("2024-06-21T10:00:00+08:00", &count);
	sqlite3_trace_v2(h, 0, NULL, NULL);
	ok(strstr(query, "FROM cases") != NULL, "the sweep's query traced");
	snprintf(explain, sizeof(explain), "EXPLAIN QUERY PLAN %s", query);
	if (sqlite3_prepare_v2(h, explain, -1, &st, NULL) != SQLITE_OK)
		die(explain, sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(plan + strlen(plan), sizeof(plan) - strlen(plan),
		    "%s;", (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	/* a batch after the last (deadline, id): a range of the index */
	ok(strstr(plan, "SEARCH cases USING INDEX cases_open_deadline "
	    "(deadline>? AND deadline<?)") != NULL,
	    "the sweep searches cases_open_deadline");
	ok(strstr(plan, "SCAN") == NULL, "... and scans nothing");
	printf("#   plan: %s\n", plan);
}

static void
test_sweep(void)
{
	static const char first[] =
	    "SW8 overdue city->city 37.50\n"
	    "SW3 overdue grid->grid 30.00\n"
	    "SW3 escalate grid->community 30.00\n"
	    "SW3 escalate community->street 30.00\n"
	    "SW3 escalate street->district 30.00\n"
	    "SW2 overdue grid->grid 8.50\n"
	    "SW2 escalate grid->community 8.50\n"
	    "SW1 overdue grid->grid 1.00\n"
	    "SW6 overdue grid->grid 0.50";
	static const char monday[] =
	    "SW2 escalate community->street 16.00\n"
	    "SW1 escalate grid->community 8.50\n"
	    "SW6 escalate grid->community 8.00\n"
	    "SW4 overdue grid->grid 6.50";
	struct grid_case_step s;
	long count;

	setup();
	make_case("SW1", "dispatched", "grid", "2024-06-21T09:00:00+08:00");
	make_case("SW2", "dispatched", "grid", "2024-06-20T09:00:00+08:00");
	make_case("SW3", "dispatched", "grid", "2024-06-17T10:00:00+08:00");
	make_case("SW4", "dispatched", "grid", "2024-06-21T11:00:00+08:00");
	make_case("SW5", "parked", "grid", "2024-06-17T10:00:00+08:00");
	make_case("SW6", "handled", "grid", "2024-06-21T09:30:00+08:00");
	make_case("SW7", "closed", "grid", "2024-06-17T10:00:00+08:00");
	make_case("SW8", "dispatched", "city", "2024-06-14T10:00:00+08:00");

	is_str(sweep("2024-06-21T10:00:00+08:00", &count), first,
	    "sweep: marks the overdue and escalates one level per working "
	    "day, not past district, in deadline order");
	is_int(count, 9, "... 9 changes");
	is_str(column("level || ' ' || overdue", "SW3"), "district 1",
	    "SW3 at district, overdue");
	is_str(column("level || ' ' || overdue", "SW8"), "city 1",
	    "SW8 stays at city: never down");
	is_str(column("level || ' ' || overdue", "SW5"), "grid 0",
	    "a parked case is left alone");
	is_str(column("level || ' ' || overdue", "SW7"), "grid 0",
	    "a closed case is left alone");
	is_str(log_of("SW3"), "overdue dispatched>dispatched, escalate "
	    "dispatched>dispatched, escalate dispatched>dispatched, escalate "
	    "dispatched>dispatched",
	    "SW3's log: one overdue, three escalations");
	is_str(get("SELECT actor || ' ' || at || ' ' || note FROM case_log "
	    "WHERE case_id = ?1 AND action = 'escalate' ORDER BY id LIMIT 1",
	    "SW3"), "sweep 2024-06-21T10:00:00+08:00 grid -> community; "
	    "overdue 30.00 working hours", "the escalation's log row");
	is_str(last_note("SW1"), "deadline 2024-06-21T09:00:00+08:00",
	    "the overdue note");

	is_str(sweep("2024-06-21T10:00:00+08:00", &count), "",
	    "a second sweep at once: nothing");
	is_int(count, 0, "... no change");
	is_str(sweep("2024-06-24T10:00:00+08:00", &count), monday,
	    "Monday: each logged once more only where due");
	is_int(log_rows("SW3"), 4, "SW3 not logged again");

	set_now("2024-06-24T11:00:00+08:00");
	s = step("extend", "SW1", NULL);
	s.approver = "王主任";
	s.until = "2024-06-25 17:00";
	apply_ok(&s, "extend an overdue case");
	is_str(column("overdue", "SW1"), "0", "... no longer overdue");
	is_str(sweep("2024-06-24T12:00:00+08:00", &count),
	    "SW4 escalate grid->community 8.50",
	    "the extended case is not swept; the others go on");

	test_sweep_plan();

	make_case("SW9", "dispatched", "grid", "2024-06-24T08:30:00+08:00");
	sql("UPDATE settings SET value = 'bogus' "
	    "WHERE key = 'escalate_max_level'");
	is_str(sweep("2024-06-24T12:00:00+08:00", &count), "error: unknown "
	    "level 'bogus' (one of: grid, community, street, district, city)",
	    "a bad escalate_max_level");
	ok(strcmp(err.source, "settings") == 0 &&
	    strcmp(err.field, "escalate_max_level") == 0,
	    "... names the setting");
	sql("UPDATE settings SET value = 'street' "
	    "WHERE key = 'escalate_max_level'");
	sql("UPDATE settings SET value = 'never' WHERE key = 'escalate_after'");
	ok(strncmp(sweep("2024-06-24T12:00:00+08:00", &count), "error", 5) ==
	    0 && strcmp(err.field, "escalate_after") == 0,
	    "a bad escalate_after");
	sql("UPDATE settings SET value = '2 work_hours' "
	    "WHERE key = 'escalate_after'");
	sweep("2024-06-24T12:00:00+08:00", &count);
	is_str(column("level", "SW9"), "community",
	    "escalate_after 2 work_hours: 3.5 hours overdue, one level");
	sweep("2024-06-24T17:30:00+08:00", &count);
	is_str(column("level", "SW9"), "street",
	    "7.5 hours overdue: not past escalate_max_level street");
	is_str(column("level", "SW3"), "district",
	    "a case above the maximum stays there");
	is_str(log_of("SW9"), "overdue dispatched>dispatched, escalate "
	    "dispatched>dispatched, escalate dispatched>dispatched",
	    "SW9: each step logged once");
	teardown();
}

/* grid_case_step_complete refuses s: a usage error naming field. */
static void
incomplete(const struct grid_case_step *s, const char *field,
    const char *text, const char *what)
{
	int rc = grid_case_step_complete(s, &err);

	ok(rc == -1 && err.code == GRID_EUSAGE &&
	    strcmp(err.field, field) == 0 && strcmp(err.text, text) == 0,
	    what);
	if (rc != -1 || strcmp(err.text, text) != 0)
		printf("#   got %d '%s: %s'\n", rc, err.field, err.text);
}

/*
 * What a verb cannot do without, checked without the database: every
 * verb of the table complete with every field, and each required field
 * missing in turn.
 */
static void
test_complete(void)
{
	static const char *const verbs[] = { "register", "void", "dispatch",
		"return", "extend", "park", "unpark", "handle", "verify",
		"close", "rate", "escalate", "merge" };
	static const struct {
		const char *verb, *field, *text;
	} needs[] = {
		{ "void", "reason", "void needs a reason" },
		{ "return", "reason", "return needs a reason" },
		{ "park", "reason", "park needs a reason" },
		{ "escalate", "reason", "escalate needs a reason" },
		{ "extend", "approver", "extend needs an approver" },
		{ "handle", "note", "handle needs a note" },
		{ "rate", "rating", "rate needs a rating" },
		{ "merge", "into", "merge needs the case to merge into" },
	};
	struct grid_case_report r;
	struct grid_case_step s;
	size_t i;

	for (i = 0; i < LEN(verbs); i++) {
		s = full_step(verbs[i], GRID_VERDICT_PASS, "XD1");
		s.until = NULL;
		ok(grid_case_step_complete(&s, &err) == 0, verbs[i]);
	}
	for (i = 0; i < LEN(needs); i++) {
		s = step(needs[i].verb, "XD1", NULL);
		s.hours = "1";
		incomplete(&s, needs[i].field, needs[i].text, needs[i].text);
	}
	s = full_step("extend", 0, "XD1");
	s.hours = NULL;
	incomplete(&s, "until", "extend needs either until or hours",
	    "extend: neither until nor hours");
	s.hours = "1";
	s.until = "2024-06-18";
	incomplete(&s, "until", "extend needs either until or hours",
	    "extend: both until and hours");
	s = full_step("verify", GRID_VERDICT_NONE, "XD1");
	incomplete(&s, "verdict", "verify needs pass or fail",
	    "verify: neither pass nor fail");
	s.verdict = GRID_VERDICT_FAIL;
	s.note = "";
	incomplete(&s, "note", "verify needs a note", "verify fail: no note");
	s = step("frobnicate", "XD1", NULL);
	ok(grid_case_step_complete(&s, &err) == -1 &&
	    err.code == GRID_EUSAGE, "an unknown verb");

	memset(&r, 0, sizeof(r));
	s = step("report", NULL, NULL);
	incomplete(&s, "source", "report needs a source", "report: no fields");
	s.report = &r;
	r.source = "worker";
	incomplete(&s, "category_code", "report needs a category",
	    "report: no category");
	r.category_code = "T01";
	incomplete(&s, "grid_code", "report needs a place: x and y, an "
	    "address, a grid or a component", "report: no place");
	r.x = "1";
	incomplete(&s, "y", "a point needs both x and y", "report: x alone");
	r.y = "2";
	ok(grid_case_step_complete(&s, &err) == 0, "report with a point");
	r.x = r.y = NULL;
	r.address = "宫巷";
	ok(grid_case_step_complete(&s, &err) == 0, "report with an address");
}

/*
 * Warnings: once per deadline at warn_share of the limit (from the last
 * dispatch), none for a case found past its deadline; a sweep over more
 * cases than a batch.
 */
static void
test_sweep_warn(void)
{
	struct grid_case_step s;
	char id[16];
	long count;
	int i;

	setup();
	set_now(MONDAY_10);
	make_case("WN1", "registered", "grid", NULL);
	/* 09:00 + 4 working hours = 14:30; 80 % is 3.2 h: 13:42 */
	s = step("dispatch", "WN1", "2024-06-17T09:00:00+08:00");
	apply_ok(&s, "warn: dispatched");
	is_str(sweep("2024-06-17T13:30:00+08:00", &count), "",
	    "warn: nothing before 80 % of the limit");
	is_str(sweep("2024-06-17T13:45:00+08:00", &count),
	    "WN1 warn grid->grid -0.75", "warn: once past 80 %");
	is_str(sweep("2024-06-17T14:00:00+08:00", &count), "",
	    "warn: not twice for the same deadline");
	set_now("2024-06-17T14:10:00+08:00");
	s = step("extend", "WN1", NULL);
	s.hours = "4";
	s.approver = "王主任";
	apply_ok(&s, "warn: extended to 2024-06-18 09:30");
	is_str(sweep("2024-06-17T14:20:00+08:00", &count), "",
	    "warn: the new deadline not yet at 80 %");
	is_str(sweep("2024-06-18T09:00:00+08:00", &count),
	    "WN1 warn grid->grid -0.50", "warn: once for the new deadline");
	is_str(get("SELECT count(*) FROM case_log WHERE case_id = ?1 AND "
	    "action = 'warn'", "WN1"), "2", "warn: two rows, two deadlines");
	is_str(sweep("2024-06-18T11:00:00+08:00", &count),
	    "WN1 overdue grid->grid 1.50", "warn: then overdue, no warning");
	make_case("WN2", "dispatched", "grid", "2024-06-18T12:00:00+08:00");
	is_str(sweep("2024-06-18T11:00:00+08:00", &count), "",
	    "warn: not without a dispatch to count the limit from");
	sql4("UPDATE settings SET value = '101' WHERE key = 'warn_share'",
	    NULL, NULL, NULL, NULL);
	is_str(sweep("2024-06-18T11:00:00+08:00", &count), "error: not a "
	    "percent from 1 to 100: '101'", "warn: a bad warn_share");
	sql4("UPDATE settings SET value = '80' WHERE key = 'warn_share'",
	    NULL, NULL, NULL, NULL);
	for (i = 0; i < 1300; i++) {
		snprintf(id, sizeof(id), "B%04d", i);
		make_case(id, "dispatched", "grid", "2024-06-17T12:00:00+08:00");
	}
	sweep("2024-06-18T11:30:00+08:00", &count);
	is_int(count, 1300, "a sweep over three batches: every case once");
	is_str(get("SELECT count(DISTINCT case_id) FROM case_log WHERE "
	    "action = 'overdue' AND case_id LIKE ?1", "B%"), "1300",
	    "... each marked overdue once");
	teardown();
}

int
main(void)
{
	test_begin(NULL);
	setup();
	test_table();
	test_complete();
	test_misc_refusals();
	test_report();
	test_resolved();
	test_deadlines();
	test_backfill();
	test_rework();
	test_park();
	test_extend();
	test_merge();
	test_escalate();
	test_rate();
	test_desk();
	test_extend_day();
	test_atomic();
	test_records();
	teardown();
	test_sweep();
	test_sweep_warn();
	test_end();
	return tap_done();
}
