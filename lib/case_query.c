/*
 * case_query.c - reading cases (grid/case_query.h): list with its
 * filters, similar closed cases, one case's fields, one case's log.
 *
 * list's SQL is built from the filter: each condition with its values
 * as bound parameters, collected in order as the text grows.  The
 * running deadlines are read through the partial index
 * cases_open_deadline, whose WHERE the conditions repeat word for word.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/calendar.h"
#include "grid/case_query.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "cases_internal.h"
#include "internal.h"

static const struct grid_column columns[GRID_CASE_NFIELDS] = {
	{ "id", GRID_COL_TEXT }, { "source", GRID_COL_TEXT },
	{ "category_code", GRID_COL_TEXT }, { "description", GRID_COL_TEXT },
	{ "x", GRID_COL_REAL }, { "y", GRID_COL_REAL },
	{ "address", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "component_code", GRID_COL_TEXT }, { "org_uscc", GRID_COL_TEXT },
	{ "grade", GRID_COL_TEXT }, { "reporter", GRID_COL_TEXT },
	{ "priority", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "dept_code", GRID_COL_TEXT },
	{ "reported_at", GRID_COL_TEXT }, { "registered_at", GRID_COL_TEXT },
	{ "dispatched_at", GRID_COL_TEXT }, { "handled_at", GRID_COL_TEXT },
	{ "verified_at", GRID_COL_TEXT }, { "closed_at", GRID_COL_TEXT },
	{ "deadline", GRID_COL_TEXT }, { "overdue", GRID_COL_INT },
	{ "rating", GRID_COL_TEXT }, { "rework_count", GRID_COL_INT },
	{ "duplicate_of", GRID_COL_TEXT }, { "reply_due", GRID_COL_TEXT },
};

/* The any-of keys: name (errors), column, vocabulary (NULL: none). */
static const struct {
	const char *name, *column, *vocab;
} keys[GRID_CASE_NKEYS] = {
	{ "status", "status", "case_status" },
	{ "level", "level", "level" },
	{ "dept", "dept_code", NULL },
	{ "source", "source", "case_source" },
	{ "category", "category_code", NULL },
	{ "grid", "grid_code", NULL },
};

/* The sorts, in the order of enum grid_case_sort. */
static const struct {
	const char *name, *order_by;
} sorts[] = {
	{ "reported", "julianday(reported_at), id" },
	{ "deadline", "deadline IS NULL, julianday(deadline), "
	    "julianday(reported_at), id" },
	{ "id", "id" },
};

/* The statuses in which a deadline runs (the partial index's). */
#define RUNNING "status IN ('dispatched','handled')"

static const char log_sql[] =
"SELECT case_id, at, actor, action, from_status, to_status, note, "
"worker_id FROM case_log WHERE case_id = ?1 ORDER BY id";

static const char exists_sql[] = "SELECT 1 FROM cases WHERE id = ?1";

static const char similar_sql[] =
"SELECT c.id, c.closed_at, c.grid_code, c.x, c.y, c.description, "
"c.rating, (SELECT group_concat(note, '; ') FROM case_log g "
"WHERE g.case_id = c.id AND g.action = 'handle' AND g.note IS NOT NULL), "
"s.x, s.y, c.grid_code IS s.grid_code AND c.grid_code IS NOT NULL "
"FROM cases c, cases s WHERE s.id = ?1 AND c.status = 'closed' "
"AND c.id <> s.id AND c.category_code = s.category_code "
"AND (c.grid_code = s.grid_code OR (?2 AND s.x IS NOT NULL "
"AND c.x IS NOT NULL AND abs(c.x - s.x) <= ?3 AND abs(c.y - s.y) <= ?5)) "
"ORDER BY julianday(c.closed_at) DESC, c.id DESC LIMIT ?4";

#define GRID_PI 3.14159265358979323846
/* Mean radius of the earth (IUGG), metres. */
#define EARTH_RADIUS 6371008.8
#define METRES_PER_DEGREE 110000.0	/* a little less than any meridian */
					/* degree: a box never too small */

static int
degrees(double x, double y)
{
	return fabs(x) <= 180 && fabs(y) <= 90;
}

/*
 * The distance in metres between two points: great-circle when both are
 * longitude and latitude in degrees (within +-180, +-90), else plane,
 * the coordinates taken as metres (a projected system).
 */
static double
metres_between(double x1, double y1, double x2, double y2)
{
	double p1, p2, dp, dl, a;

	if (!degrees(x1, y1) || !degrees(x2, y2))
		return hypot(x2 - x1, y2 - y1);
	p1 = y1 * GRID_PI / 180;
	p2 = y2 * GRID_PI / 180;
	dp = p2 - p1;
	dl = (x2 - x1) * GRID_PI / 180;
	a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) *
	    sin(dl / 2);
	return 2 * EARTH_RADIUS * atan2(sqrt(a), sqrt(1 - a));
}

const struct grid_column *
grid_case_columns(void)
{
	return columns;
}

int
grid_case_sort_parse(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < GRIDI_ARRAY_LEN(sorts); i++)
		if (strcmp(name, sorts[i].name) == 0)
			return (int)i;
	return -1;
}

/* ---- rows to the callbacks ---- */

/* Where a query's rows go: one of the callbacks, and its context. */
struct emit {
	grid_case_row_fn on_case;
	grid_case_log_fn on_log;
	grid_case_similar_fn on_similar;
	void *ctx;
	long rows, limit;	/* similar: at most limit rows */
	double radius;		/* similar: metres, < 0 for none */
};

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A row of similar_sql, its point's distance from the case's. */
static int
emit_similar(const struct emit *e, sqlite3_stmt *st)
{
	enum { X = 3, Y = 4, ORIGIN_X = 8, ORIGIN_Y = 9, SAME_GRID = 10 };
	struct grid_case_similar_row r = { .id = text(st, 0),
		.closed_at = text(st, 1), .grid_code = text(st, 2),
		.description = text(st, 5), .rating = text(st, 6),
		.handling = text(st, 7) };
	double dx, dy;

	r.has_distance = sqlite3_column_type(st, X) != SQLITE_NULL &&
	    sqlite3_column_type(st, ORIGIN_X) != SQLITE_NULL;
	if (r.has_distance) {
		dx = sqlite3_column_double(st, X);
		dy = sqlite3_column_double(st, Y);
		r.distance = metres_between(sqlite3_column_double(st,
		    ORIGIN_X), sqlite3_column_double(st, ORIGIN_Y), dx, dy);
	}
	if (!sqlite3_column_int(st, SAME_GRID) && (!r.has_distance ||
	    r.distance > e->radius))
		return -2;	/* in the box, not in the circle: skipped */
	return e->on_similar(e->ctx, &r);
}

/* Hands the row st is on to e's callback; its result. */
static int
emit_row(const struct emit *e, sqlite3_stmt *st)
{
	struct grid_case_log_row l;
	struct grid_case_row c;
	int i;

	if (e->on_similar != NULL)
		return emit_similar(e, st);
	if (e->on_log != NULL) {
		l = (struct grid_case_log_row){ text(st, 0), text(st, 1),
			text(st, 2), text(st, 3), text(st, 4), text(st, 5),
			text(st, 6), text(st, 7) };
		return e->on_log(e->ctx, &l);
	}
	for (i = 0; i < GRID_CASE_NFIELDS; i++)
		c.field[i] = text(st, i);
	return e->on_case(e->ctx, &c);
}

/* Steps st to its end, each row to e (e->rows counts them).  0 or -1. */
static int
each_row(struct grid_db *db, sqlite3_stmt *st, struct emit *e,
    struct grid_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = emit_row(e, st);

		if (r == -2)
			continue;
		e->rows++;
		if (r != 0)
			return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
		if (e->on_similar != NULL && e->rows == e->limit)
			break;
	}
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading cases", err);
	return 0;
}

/*
 * Prepares sql, binds id as ?1, and steps it to e.  1 when it had rows
 * or case id exists, 0 when not ("no such case" in err), -1 with err.
 */
static int
run_for_case(struct grid_db *db, const char *sql, const char *id,
    struct emit *e, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = each_row(db, st, e, err);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	return e->rows > 0 ? 1 : grid_case_exists(db, id, err);
}

int
grid_case_exists(struct grid_db *db, const char *id, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, exists_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "case %s: no such case", id);
	else if (rc != SQLITE_ROW)
		grid_db_error(db, rc, "reading cases", err);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the SQL of list ---- */

/* The SQL of a query and its text parameters, in order. */
struct query {
	struct grid_buf sql;
	const char **params;	/* borrowed, or the texts below */
	size_t n, cap;
	int where, failed;
	char now[32], due[32], from[32], to[32];
	int to_date;		/* to is a date alone: that whole day */
};

static void
add(struct query *q, const char *sql)
{
	if (grid_buf_adds(&q->sql, sql) != 0)
		q->failed = 1;
}

static void
cond(struct query *q, const char *sql)
{
	add(q, q->where++ == 0 ? " WHERE " : " AND ");
	add(q, sql);
}

static void
param(struct query *q, const char *value)
{
	if (q->n < q->cap)
		q->params[q->n++] = value;
	else
		q->failed = 1;
}

/* SELECT every field FROM cases. */
static void
select_cases(struct query *q)
{
	size_t i;

	add(q, "SELECT ");
	for (i = 0; i < GRID_CASE_NFIELDS; i++) {
		add(q, i > 0 ? ", " : "");
		add(q, columns[i].name);
	}
	add(q, " FROM cases");
}

/* column IN (?, ...); grid prefixes as ranges that cases_grid serves. */
static void
any_of(struct query *q, enum grid_case_key k, const char *const *values,
    size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (k == GRID_CASE_BY_GRID) {
		cond(q, "(");
		for (i = 0; i < n; i++) {
			add(q, i > 0 ? " OR " : "");
			add(q, "(grid_code >= ? AND grid_code < ? || ':')");
			param(q, values[i]);
			param(q, values[i]);
		}
		add(q, ")");
		return;
	}
	cond(q, keys[k].column);
	add(q, " IN (");
	for (i = 0; i < n; i++) {
		add(q, i > 0 ? ", ?" : "?");
		param(q, values[i]);
	}
	add(q, ")");
}

/* The conditions of f on the texts checked into q. */
static void
build_list(struct query *q, const struct grid_case_filter *f,
    const char *const *canonical[GRID_CASE_NKEYS])
{
	int k;

	select_cases(q);
	for (k = 0; k < GRID_CASE_NKEYS; k++)
		any_of(q, (enum grid_case_key)k, canonical[k], f->any[k].n);
	if (f->open)
		cond(q, "status NOT IN ('closed','voided','merged')");
	if (f->unacked)
		cond(q, "status = 'dispatched' AND NOT EXISTS (SELECT 1 FROM "
		    "case_log k WHERE k.case_id = cases.id "
		    "AND k.action = 'ack' "
		    "AND k.id > (SELECT coalesce(max(d.id), 0) FROM case_log d "
		    "WHERE d.case_id = cases.id AND d.action = 'dispatch'))");
	if (f->overdue) {
		cond(q, RUNNING " AND (overdue = 1 OR julianday(deadline) < "
		    "julianday(?))");
		param(q, q->now);
	}
	if (f->due_within != NULL) {
		cond(q, RUNNING " AND julianday(deadline) <= julianday(?)");
		param(q, q->due);
	}
	if (f->from != NULL) {
		cond(q, "julianday(reported_at) >= julianday(?)");
		param(q, q->from);
	}
	if (f->to != NULL) {
		cond(q, q->to_date ? "julianday(reported_at) < "
		    "julianday(?, '+1 day')" : "julianday(reported_at) <= "
		    "julianday(?)");
		param(q, q->to);
	}
	add(q, " ORDER BY ");
	add(q, sorts[f->sort].order_by);
	add(q, " LIMIT ?");
}

/* ---- checking the filter ---- */

static int
bad_value(const char *key, const char *value, struct grid_error *err)
{
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, key,
	    "unknown %s '%s'", key, value != NULL ? value : "");
}

/* 1 to 14 digits: a grid, community, street or district code. */
static int
is_area_prefix(const char *code)
{
	size_t n = strspn(code, "0123456789");

	return n > 0 && n <= 14 && code[n] == '\0';
}

/*
 * The values of key k, checked; vocabulary values made canonical into
 * out (static texts), others borrowed.  0 or -1 with err.
 */
static int
check_values(enum grid_case_key k, const struct grid_case_values *v,
    const char **out, struct grid_error *err)
{
	const struct grid_vocab *vocab = NULL;
	size_t i;

	if (v->n > GRID_CASE_FILTER_MAX)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, keys[k].name,
		    "%s: more than %d values", keys[k].name,
		    GRID_CASE_FILTER_MAX);
	if (keys[k].vocab != NULL)
		vocab = grid_vocab_find(keys[k].vocab);
	for (i = 0; i < v->n; i++) {
		out[i] = v->values[i];
		if (out[i] == NULL || (k == GRID_CASE_BY_GRID &&
		    !is_area_prefix(out[i])))
			return bad_value(keys[k].name, out[i], err);
		if (vocab == NULL)
			continue;
		if ((out[i] = grid_vocab_lookup(vocab, v->values[i])) == NULL)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0,
			    keys[k].name, "unknown %s '%s' (one of: %s)",
			    keys[k].name, v->values[i],
			    grid_vocab_values(vocab));
	}
	return 0;
}

/* Makes err, filled by a parser, a bad value of field.  Returns -1. */
static int
usage_error(const char *field, struct grid_error *err)
{
	if (err != NULL) {
		err->code = GRID_EUSAGE;
		grid_error_locate(err, NULL, 0, field);
	}
	return -1;
}

/* A time of the filter into out (size 32): 0, or -1 with err. */
static int
check_time(const char *field, const char *value, char *out,
    struct grid_error *err)
{
	if (value == NULL || grid_time_parse(value, out, 32, err) == 0)
		return 0;
	return usage_error(field, err);
}

/* now, and the end of due_within on the working calendar of db. */
static int
check_due(struct grid_db *db, const struct grid_case_filter *f,
    struct query *q, struct grid_error *err)
{
	struct grid_calendar *cal;
	enum grid_limit_unit unit;
	double value;
	time_t now = f->now, until;
	int rc = -1;

	if (now == 0 && grid_now(&now, err) != 0)
		return -1;
	grid_time_format(now, q->now, sizeof(q->now));
	if (f->due_within == NULL)
		return 0;
	if (grid_limit_parse(f->due_within, &value, &unit, err) != 0)
		return usage_error("due_within", err);
	if ((cal = grid_calendar_new()) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_calendar_load(cal, db, err) == 0 && grid_calendar_add(cal,
	    now, value, unit, &until, err) == 0) {
		grid_time_format(until, q->due, sizeof(q->due));
		rc = 0;
	}
	grid_calendar_free(cal);
	return rc;
}

/*
 * Checks f into q: the canonical values of each key (their arrays
 * allocated in canonical[], the caller frees), the times, the sort, and
 * room for the parameters.  0 or -1 with err.
 */
static int
check_filter(struct grid_db *db, const struct grid_case_filter *f,
    struct query *q, const char **canonical[GRID_CASE_NKEYS],
    struct grid_error *err)
{
	struct grid_error ignored;
	char date[16], sort[32];
	int k;

	q->cap = 4;
	for (k = 0; k < GRID_CASE_NKEYS; k++) {
		q->cap += f->any[k].n * (k == GRID_CASE_BY_GRID ? 2 : 1);
		canonical[k] = calloc(f->any[k].n + 1, sizeof(**canonical));
		if (canonical[k] == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		if (check_values((enum grid_case_key)k, &f->any[k],
		    canonical[k], err) != 0)
			return -1;
	}
	if ((unsigned)f->sort >= GRIDI_ARRAY_LEN(sorts)) {
		snprintf(sort, sizeof(sort), "%d", (int)f->sort);
		return bad_value("sort", sort, err);
	}
	if (check_time("from", f->from, q->from, err) != 0 ||
	    check_time("to", f->to, q->to, err) != 0)
		return -1;
	q->to_date = f->to != NULL && strlen(f->to) <= 10 &&
	    grid_date_parse(f->to, date, sizeof(date), &ignored) == 0;
	if ((q->params = calloc(q->cap, sizeof(*q->params))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return check_due(db, f, q, err);
}

/* Runs the SQL of q with its parameters and limit, rows to e. */
static int
run_query(struct grid_db *db, struct query *q, long limit, struct emit *e,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if (q->failed)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_db_prepare(db, q->sql.data, &st, err) != 0)
		return -1;
	for (i = 0; i < q->n; i++)
		sqlite3_bind_text(st, (int)i + 1, q->params[i], -1,
		    SQLITE_STATIC);
	sqlite3_bind_int64(st, (int)q->n + 1, limit > 0 ? limit : -1);
	rc = each_row(db, st, e, err);
	sqlite3_finalize(st);
	return rc;
}

int
grid_case_list(struct grid_db *db, const struct grid_case_filter *f,
    grid_case_row_fn on_row, void *ctx, struct grid_error *err)
{
	const char **canonical[GRID_CASE_NKEYS] = { NULL };
	struct emit e = { on_row, NULL, NULL, ctx, 0, 0, -1 };
	struct query *q;
	int k, rc = -1;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	grid_buf_init(&q->sql, 1 << 20);
	if (check_filter(db, f, q, canonical, err) == 0) {
		build_list(q, f, (const char *const **)canonical);
		rc = run_query(db, q, f->limit, &e, err);
	}
	for (k = 0; k < GRID_CASE_NKEYS; k++)
		free(canonical[k]);
	free(q->params);
	grid_buf_release(&q->sql);
	free(q);
	return rc;
}

/* ---- one case ---- */

int
grid_case_show(struct grid_db *db, const char *id, grid_case_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	struct emit e = { on_row, NULL, NULL, ctx, 0, 0, -1 };
	struct query q;
	int rc;

	memset(&q, 0, sizeof(q));
	grid_buf_init(&q.sql, 4096);
	select_cases(&q);
	add(&q, " WHERE id = ?1");
	rc = q.failed ? grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory") : run_for_case(db, q.sql.data, id, &e, err);
	grid_buf_release(&q.sql);
	return rc == 1 ? 0 : -1;
}

int
grid_case_log(struct grid_db *db, const char *id, grid_case_log_fn on_row,
    void *ctx, struct grid_error *err)
{
	struct emit e = { NULL, on_row, NULL, ctx, 0, 0, -1 };

	return run_for_case(db, log_sql, id, &e, err) == 1 ? 0 : -1;
}

int
grid_case_similar(struct grid_db *db, const char *id, double distance,
    long limit, grid_case_similar_fn on_row, void *ctx,
    struct grid_error *err)
{
	struct emit e = { NULL, NULL, on_row, ctx, 0, 0, distance };
	sqlite3_stmt *st = NULL;
	double x = 0, y = 0, dx, dy;
	int rc;

	e.limit = limit > 0 ? limit : GRID_CASE_SIMILAR_LIMIT;
	if (grid_case_exists(db, id, err) != 1 ||
	    grid_db_prepare(db, "SELECT x, y FROM cases WHERE id = ?1", &st,
	    err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		x = sqlite3_column_double(st, 0);
		y = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	/* The box around the circle, in the coordinates' units. */
	dx = dy = distance;
	if (distance >= 0 && degrees(x, y)) {
		dy = distance / METRES_PER_DEGREE;
		dx = dy / fmax(cos(y * GRID_PI / 180), 0.01);
	}
	if (grid_db_prepare(db, similar_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, distance >= 0);
	sqlite3_bind_double(st, 3, distance >= 0 ? dx : 0);
	sqlite3_bind_int64(st, 4, -1);
	sqlite3_bind_double(st, 5, distance >= 0 ? dy : 0);
	rc = each_row(db, st, &e, err);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the requester's view, and what a dispatcher chooses from ---- */

static const char status_sql[] =
"SELECT at, action, to_status, CASE action WHEN 'reply' THEN note END "
"FROM case_log WHERE case_id = ?1 AND action IN " GRIDI_CASE_TOLD_SQL
" ORDER BY id";

static const char categories_sql[] =
"SELECT c.code, c.kind, c.name, c.dept_code, d.name, "
"coalesce(c.limit_value, CAST(s.value AS REAL)), "
"coalesce(c.limit_unit, ltrim(substr(s.value, instr(s.value, ' ')))), "
"round(coalesce(c.limit_value, CAST(s.value AS REAL)) * "
"coalesce(CAST(u.value AS REAL), 50) / 100, 4) "
"FROM categories c LEFT JOIN departments d ON d.code = c.dept_code "
"LEFT JOIN settings s ON s.key = 'default_limit' "
"LEFT JOIN settings u ON u.key = 'urgent_share' ORDER BY c.code";

static const char departments_sql[] =
"SELECT d.code, d.name, (SELECT count(*) FROM categories c WHERE "
"c.dept_code = d.code), (SELECT count(*) FROM components m WHERE "
"m.dept_code = d.code) FROM departments d ORDER BY d.code";

/* Runs sql (with id as ?1 when not NULL), a callback per row. */
static int
each_text_row(struct grid_db *db, const char *sql, const char *id,
    int (*row)(void *fn, void *ctx, sqlite3_stmt *st), void *fn, void *ctx,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	if (id != NULL)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(fn, ctx, st) != 0) {
			sqlite3_finalize(st);
			return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading cases", err);
	return 0;
}

static int
status_row(void *fn, void *ctx, sqlite3_stmt *st)
{
	struct grid_case_status_row r = { text(st, 0), text(st, 1),
		text(st, 2), text(st, 3) };

	return ((grid_case_status_fn)fn)(ctx, &r);
}

static int
category_row(void *fn, void *ctx, sqlite3_stmt *st)
{
	struct grid_case_category_row r = { text(st, 0), text(st, 1),
		text(st, 2), text(st, 3), text(st, 4), text(st, 5),
		text(st, 6), text(st, 7) };

	return ((grid_case_category_fn)fn)(ctx, &r);
}

static int
department_row(void *fn, void *ctx, sqlite3_stmt *st)
{
	struct grid_case_department_row r = { text(st, 0), text(st, 1),
		text(st, 2), text(st, 3) };

	return ((grid_case_department_fn)fn)(ctx, &r);
}

int
grid_case_status(struct grid_db *db, const char *id,
    grid_case_status_fn on_row, void *ctx, struct grid_error *err)
{
	if (grid_case_exists(db, id, err) != 1)
		return -1;
	return each_text_row(db, status_sql, id, status_row, (void *)on_row,
	    ctx, err);
}

int
grid_case_categories(struct grid_db *db, grid_case_category_fn on_row,
    void *ctx, struct grid_error *err)
{
	return each_text_row(db, categories_sql, NULL, category_row,
	    (void *)on_row, ctx, err);
}

int
grid_case_departments(struct grid_db *db, grid_case_department_fn on_row,
    void *ctx, struct grid_error *err)
{
	return each_text_row(db, departments_sql, NULL, department_row,
	    (void *)on_row, ctx, err);
}
