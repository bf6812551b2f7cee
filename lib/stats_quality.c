/*
 * stats_quality.c - data quality checks (quality.h).
 *
 * Each check is one SELECT giving the offending rows as (g, k, v): the
 * grid code that --by groups on, the row's key and the value shown.
 * Counting wraps it (count(*), or grouped by the unit's prefix of g),
 * listing orders it.  The checks of ID numbers and credit codes need the
 * validators of codes.c, so three SQL functions are registered on the
 * connection for the run: grid_idno_problem(text, today),
 * grid_uscc_problem(text) (NULL when fine, else the reason) and
 * grid_idno_canon(text).  Parameters: ?1 the stale cutoff (epoch
 * seconds), ?2 the unit prefix length, ?3 today.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/codes.h"
#include "grid/quality.h"
#include "grid/text.h"
#include "stats_internal.h"

struct check {
	struct grid_quality_check pub;
	const char *sql;	/* SELECT g, k, v */
};

/* Rows of table t (key k, grid g) whose column names nothing. */
#define REF(t, col, target, tcol, k, g) \
	"SELECT " g " AS g, " k " AS k, t." col " AS v FROM " t " t " \
	"WHERE t." col " <> '' AND NOT EXISTS (SELECT 1 FROM " target \
	" r WHERE r." tcol " = t." col ")"
#define HOUSE_GRID "(SELECT h.grid_code FROM houses h WHERE h.id = t.house_id)"
#define VISIT_GRID "coalesce((SELECT p.grid_code FROM people p " \
	"WHERE p.id_number = t.id_number), " HOUSE_GRID ")"

static const struct check checks[] = {
	{ { "person_no_grid", "人员无网格", "people", 1, 0 },
	  "SELECT " HOUSE_GRID " AS g, t.id_number AS k, NULL AS v "
	  "FROM people t WHERE ifnull(t.grid_code, '') = ''" },
	{ { "person_no_house", "人员无房屋", "people", 1, 0 },
	  "SELECT t.grid_code AS g, t.id_number AS k, NULL AS v "
	  "FROM people t WHERE ifnull(t.house_id, '') = ''" },
	{ { "house_no_grid", "房屋无网格", "houses", 0, 0 },
	  "SELECT NULL AS g, t.id AS k, t.address AS v "
	  "FROM houses t WHERE ifnull(t.grid_code, '') = ''" },
	{ { "house_no_xy", "房屋无坐标", "houses", 0, 0 },
	  "SELECT t.grid_code AS g, t.id AS k, t.address AS v "
	  "FROM houses t WHERE t.x IS NULL OR t.y IS NULL" },
	{ { "ref_people_household_id", "人员所在户不存在", "people", 1, 0 },
	  REF("people", "household_id", "households", "id", "t.id_number",
	      "t.grid_code") },
	{ { "ref_people_house_id", "人员所在房屋不存在", "people", 1, 0 },
	  REF("people", "house_id", "houses", "id", "t.id_number",
	      "t.grid_code") },
	{ { "ref_people_grid_code", "人员所在网格不存在", "people", 1, 0 },
	  REF("people", "grid_code", "grids", "code", "t.id_number",
	      "t.grid_code") },
	{ { "ref_houses_grid_code", "房屋所在网格不存在", "houses", 0, 0 },
	  REF("houses", "grid_code", "grids", "code", "t.id", "t.grid_code") },
	{ { "ref_households_house_id", "户所在房屋不存在", "households", 0,
	    0 },
	  REF("households", "house_id", "houses", "id", "t.id", "NULL") },
	{ { "ref_households_head_id_number", "户主不在人员库", "households",
	    0, 1 },
	  REF("households", "head_id_number", "people", "id_number", "t.id",
	      HOUSE_GRID) },
	{ { "ref_grids_community_code", "网格所属社区不存在", "grids", 0, 0 },
	  "SELECT t.code AS g, t.code AS k, t.community_code AS v "
	  "FROM grids t WHERE t.community_code <> '' AND NOT EXISTS "
	  "(SELECT 1 FROM regions r WHERE r.code = t.community_code "
	  "AND r.level = 'community')" },
	{ { "ref_workers_dept_code", "网格员所属部门不存在", "workers", 0,
	    0 },
	  REF("workers", "dept_code", "departments", "code", "t.id",
	      "NULL") },
	{ { "ref_worker_grids_worker_id", "责任网格的网格员不存在",
	    "worker_grids", 0, 0 },
	  REF("worker_grids", "worker_id", "workers", "id", "t.worker_id",
	      "t.grid_code") },
	{ { "ref_worker_grids_grid_code", "责任网格不存在", "worker_grids",
	    0, 0 },
	  REF("worker_grids", "grid_code", "grids", "code", "t.worker_id",
	      "t.grid_code") },
	{ { "ref_person_tags_id_number", "标签人员不存在", "person_tags", 1,
	    1 },
	  REF("person_tags", "id_number", "people", "id_number",
	      "t.id_number", "NULL") },
	{ { "ref_orgs_house_id", "单位所在房屋不存在", "orgs", 0, 0 },
	  REF("orgs", "house_id", "houses", "id", "t.uscc", "t.grid_code") },
	{ { "ref_orgs_grid_code", "单位所在网格不存在", "orgs", 0, 0 },
	  REF("orgs", "grid_code", "grids", "code", "t.uscc",
	      "t.grid_code") },
	{ { "ref_components_grid_code", "部件所在网格不存在", "components",
	    0, 0 },
	  REF("components", "grid_code", "grids", "code", "t.code",
	      "t.grid_code") },
	{ { "ref_cases_grid_code", "案件所在网格不存在", "cases", 0, 0 },
	  REF("cases", "grid_code", "grids", "code", "t.id", "t.grid_code") },
	{ { "ref_cases_org_uscc", "案件涉及单位不存在", "cases", 0, 0 },
	  REF("cases", "org_uscc", "orgs", "uscc", "t.id", "t.grid_code") },
	{ { "ref_cases_category_code", "案件类别不存在", "cases", 0, 0 },
	  REF("cases", "category_code", "categories", "code", "t.id",
	      "t.grid_code") },
	{ { "ref_visits_worker_id", "走访网格员不存在", "visits", 0, 0 },
	  REF("visits", "worker_id", "workers", "id", "t.id", VISIT_GRID) },
	{ { "ref_visits_id_number", "走访对象不在人员库", "visits", 0, 1 },
	  REF("visits", "id_number", "people", "id_number", "t.id",
	      HOUSE_GRID) },
	{ { "ref_visits_house_id", "走访房屋不存在", "visits", 0, 0 },
	  REF("visits", "house_id", "houses", "id", "t.id", VISIT_GRID) },
	{ { "bad_id_number", "身份证号码校验不通过", "people", 1, 0 },
	  "SELECT g, k, v FROM (SELECT t.grid_code AS g, t.id_number AS k, "
	  "grid_idno_problem(t.id_number, ?3) AS v FROM people t "
	  "WHERE t.id_type = 'resident_id') WHERE v IS NOT NULL" },
	{ { "bad_uscc", "统一社会信用代码校验不通过", "orgs", 0, 0 },
	  "SELECT g, k, v FROM (SELECT t.grid_code AS g, t.uscc AS k, "
	  "grid_uscc_problem(t.uscc) AS v FROM orgs t) WHERE v IS NOT NULL" },
	{ { "dup_id_number", "身份证号码重复", "people", 1, 1 },
	  "SELECT g, k, v FROM (SELECT t.grid_code AS g, t.id_number AS k, "
	  "grid_idno_canon(t.id_number) AS v FROM people t) WHERE v IN "
	  "(SELECT grid_idno_canon(id_number) FROM people GROUP BY 1 "
	  "HAVING count(*) > 1)" },
	{ { "two_households", "同一人登记在两户", "people", 1, 0 },
	  "SELECT (SELECT p.grid_code FROM people p WHERE p.id_number = m.id) "
	  "AS g, m.id AS k, group_concat(m.hh, ',') AS v FROM "
	  "(SELECT id, hh FROM (SELECT id_number AS id, household_id AS hh "
	  "FROM people WHERE household_id <> '' UNION SELECT head_id_number, "
	  "id FROM households WHERE head_id_number <> '') ORDER BY id, hh) m "
	  "GROUP BY m.id HAVING count(*) > 1" },
	{ { "grid_no_worker", "网格无网格员", "grids", 0, 0 },
	  "SELECT t.code AS g, t.code AS k, t.name AS v FROM grids t "
	  "WHERE t.kind = 'unit' AND NOT EXISTS (SELECT 1 FROM worker_grids "
	  "wg JOIN workers w ON w.id = wg.worker_id "
	  "WHERE wg.grid_code = t.code)" },
	{ { "stale_person", "人员信息超过一年未更新", "people", 1, 0 },
	  "SELECT t.grid_code AS g, t.id_number AS k, t.updated_at AS v "
	  "FROM people t WHERE coalesce(unixepoch(t.updated_at) < ?1, 1)" },
};

#define NCHECKS GRIDI_ARRAY_LEN(checks)

/*
 * A run's context: what the statements bind, the query around each
 * check's SQL, and what is done with each row of it.
 */
struct run {
	struct grid_db *db;
	struct grid_area area;	/* code "": everywhere */
	char today[16];
	sqlite3_int64 cutoff;	/* stale before this */
	int prefix;		/* unit code length; 0 without a level */
	const char *level;
	const char *const *wrap;	/* head, tail (see prepare) */
	int (*row)(const struct run *, const struct check *, sqlite3_stmt *);
	grid_quality_count_fn on_count;
	grid_quality_item_fn on_item;
	void *ctx;
};

size_t
grid_quality_count(void)
{
	return NCHECKS;
}

const struct grid_quality_check *
grid_quality_at(size_t i)
{
	return i < NCHECKS ? &checks[i].pub : NULL;
}

const struct grid_quality_check *
grid_quality_find(const char *key)
{
	size_t i;

	for (i = 0; key != NULL && i < NCHECKS; i++)
		if (strcmp(checks[i].pub.key, key) == 0)
			return &checks[i].pub;
	return NULL;
}

/*
 * The result of a grid_*_problem function: NULL when problem is NULL,
 * else the problem without the quoted value a validator's text ends in.
 */
static void
problem_result(sqlite3_context *ctx, const char *problem)
{
	const char *quote;

	if (problem == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	quote = strstr(problem, " '");
	sqlite3_result_text(ctx, problem, quote != NULL ?
	    (int)(quote - problem) : -1, SQLITE_TRANSIENT);
}

/*
 * What is wrong with an ID number: a static reason or err->text, NULL
 * when it is valid and canonical.
 */
static const char *
idno_problem(const char *text, const char *today, struct grid_error *err)
{
	struct grid_idno id;

	if (text == NULL)
		return "missing";
	if (grid_idno_parse(text, today, &id, err) != 0)
		return err->text;
	if (id.upgraded)
		return "legacy 15-digit number";
	if (strcmp(id.number, text) != 0)
		return "lower-case x";
	return NULL;
}

/* What is wrong with a credit code, as idno_problem. */
static const char *
uscc_problem(const char *text, struct grid_error *err)
{
	char code[32];

	if (text == NULL)
		return "missing";
	if (grid_uscc_check(text, code, sizeof(code), err) != 0)
		return err->text;
	if (strcmp(code, text) != 0)
		return "lower case";
	return NULL;
}

/* grid_idno_problem(number, today): NULL when valid and canonical. */
static void
sql_idno_problem(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *today = (const char *)sqlite3_value_text(argv[1]);
	struct grid_error err;

	problem_result(ctx, idno_problem(text, today, &err));
}

/* grid_uscc_problem(code): NULL when valid and canonical. */
static void
sql_uscc_problem(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	struct grid_error err;

	problem_result(ctx, uscc_problem(text, &err));
}

const char *
gridi_idno_canon(const char *text, char *out, size_t n)
{
	struct grid_idno id;

	if (grid_idno_parse(text, NULL, &id, NULL) == 0)
		snprintf(out, n, "%s", id.number);
	else {
		grid_text_copy(out, n, text);
		grid_text_upper(out);
	}
	return out;
}

/* grid_idno_canon(number): gridi_idno_canon in SQL. */
static void
sql_idno_canon(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	char canon[64];

	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, gridi_idno_canon(text, canon, sizeof(canon)),
	    -1, SQLITE_TRANSIENT);
}

/* Registers the SQL functions; returns 0 or -1. */
static int
register_functions(struct grid_db *db, struct grid_error *err)
{
	sqlite3 *h = grid_db_sqlite(db);
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC, rc;

	rc = sqlite3_create_function(h, "grid_idno_problem", 2, flags, NULL,
	    sql_idno_problem, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "grid_uscc_problem", 1, flags,
		    NULL, sql_uscc_problem, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "grid_idno_canon", 1, flags,
		    NULL, sql_idno_canon, NULL, NULL);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "quality checks", err);
	return 0;
}

/*
 * Sets up run: the area, today, the cutoff a year before now, the
 * functions.
 */
static int
run_init(struct run *run, struct grid_db *db, enum grid_level level,
    const struct grid_quality_query *q, struct grid_error *err)
{
	const char *only = q->check;
	struct gridi_units units;
	struct tm tm;
	time_t now, cutoff;

	memset(run, 0, sizeof(*run));
	run->db = db;
	if (level != GRID_LEVEL_NONE && !grid_level_has_units(level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics '%s' (grid, community, "
		    "street, district)", grid_level_name(level) != NULL ?
		    grid_level_name(level) : "unknown");
	if (only != NULL && grid_quality_find(only) == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "check",
		    "no such check '%s'", only);
	if (grid_area_resolve(db, q->area, level, &run->area, err) != 0)
		return -1;
	gridi_units_init(db, level, &units);
	run->level = units.level;
	run->prefix = units.prefix;
	if (grid_now(&now, err) != 0 ||
	    grid_today(run->today, sizeof(run->today), err) != 0)
		return -1;
	localtime_r(&now, &tm);
	tm.tm_year--;
	tm.tm_isdst = -1;
	if ((cutoff = mktime(&tm)) == (time_t)-1)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "cannot compute a year before now");
	run->cutoff = (sqlite3_int64)cutoff;
	return register_functions(db, err);
}

/*
 * Prepares the check's SQL in a query around it: the head of run->wrap,
 * the SQL, a closing parenthesis, the area's condition on the rows' grid
 * g (with an area), the tail; binds what it uses.
 */
static int
prepare(const struct run *run, const struct check *c, sqlite3_stmt **st,
    struct grid_error *err)
{
	static const char in_area[] = " WHERE " GRID_AREA_SQL("g");
	char sql[4096];
	int n, rc = SQLITE_OK;

	if ((size_t)snprintf(sql, sizeof(sql), "%s%s)%s%s", run->wrap[0],
	    c->sql, run->area.code[0] != '\0' ? in_area : "",
	    run->wrap[1]) >= sizeof(sql))
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "check '%s' too long", c->pub.key);
	if (grid_db_prepare(run->db, sql, st, err) != 0)
		return -1;
	n = sqlite3_bind_parameter_count(*st);
	if (n >= 1)
		rc = sqlite3_bind_int64(*st, 1, run->cutoff);
	if (n >= 2 && rc == SQLITE_OK)
		rc = sqlite3_bind_int(*st, 2, run->prefix);
	if (n >= 3 && rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 3, run->today, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK)
		return grid_db_error(run->db, rc, c->pub.key, err);
	return grid_area_bind(run->db, *st, &run->area, err);
}

/* The queries around a check's SQL: head, tail (see prepare). */
static const char *const total_sql[2] = {
	"SELECT NULL, NULL, count(*) FROM (", ""
};
static const char *const unit_sql[2] = {
	"SELECT u.unit, (SELECT name FROM regions WHERE code = u.unit\n"
	"  UNION ALL SELECT name FROM grids WHERE code = u.unit LIMIT 1),\n"
	"  u.n\n"
	"FROM (SELECT CASE WHEN length(g) >= ?2 THEN substr(g, 1, ?2) END\n"
	"  AS unit, count(*) AS n FROM (",
	" GROUP BY 1) u\nORDER BY u.unit IS NULL, u.unit"
};
static const char *const list_sql[2] = {
	"SELECT g, k, v FROM (", " ORDER BY g IS NULL, g, k"
};

/* Gives a row of the count query to on_count. */
static int
count_row(const struct run *run, const struct check *c, sqlite3_stmt *st)
{
	struct grid_quality_count count;

	count.check = &c->pub;
	count.level = run->prefix > 0 ? run->level : NULL;
	count.unit = (const char *)sqlite3_column_text(st, 0);
	count.unit_name = (const char *)sqlite3_column_text(st, 1);
	count.count = sqlite3_column_int64(st, 2);
	return run->on_count(run->ctx, &count);
}

/* Gives a row of the list query to on_item. */
static int
item_row(const struct run *run, const struct check *c, sqlite3_stmt *st)
{
	struct grid_quality_item item;

	item.check = &c->pub;
	item.grid_code = (const char *)sqlite3_column_text(st, 0);
	item.key = (const char *)sqlite3_column_text(st, 1);
	item.value = (const char *)sqlite3_column_text(st, 2);
	item.db = NULL;
	return run->on_item(run->ctx, &item);
}

/* A check being run: its rows go to run->row. */
struct check_run {
	const struct run *run;
	const struct check *check;
};

static int
check_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct check_run *cr = arg;

	if (cr->run->row(cr->run, cr->check, st) != 0)
		return gridi_stats_stopped(err);
	return 0;
}

/* Runs one check's query, giving each row to run->row. */
static int
run_check(const struct run *run, const struct check *c,
    struct grid_error *err)
{
	struct check_run cr = { run, c };
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (prepare(run, c, &st, err) == 0)
		ret = gridi_stats_step(run->db, st, c->pub.key, check_row, &cr,
		    err);
	sqlite3_finalize(st);
	return ret;
}

/* Runs the check named only, or every check in order. */
static int
run_checks(const struct run *run, const char *only, struct grid_error *err)
{
	size_t i;

	for (i = 0; i < NCHECKS; i++)
		if ((only == NULL || strcmp(only, checks[i].pub.key) == 0) &&
		    run_check(run, &checks[i], err) != 0)
			return -1;
	return 0;
}

int
grid_quality_run(struct grid_db *db, const struct grid_quality_query *q,
    grid_quality_count_fn on_count, void *ctx, struct grid_error *err)
{
	struct run run;

	if (run_init(&run, db, q->level, q, err) != 0)
		return -1;
	run.wrap = run.prefix > 0 ? unit_sql : total_sql;
	run.row = count_row;
	run.on_count = on_count;
	run.ctx = ctx;
	return run_checks(&run, q->check, err);
}

int
grid_quality_list(struct grid_db *db, const struct grid_quality_query *q,
    grid_quality_item_fn on_item, void *ctx, struct grid_error *err)
{
	struct run run;

	if (run_init(&run, db, GRID_LEVEL_NONE, q, err) != 0)
		return -1;
	run.wrap = list_sql;
	run.row = item_row;
	run.on_item = on_item;
	run.ctx = ctx;
	return run_checks(&run, q->check, err);
}
