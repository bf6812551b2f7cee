/*
 * metrics_query.c - the month's counts per unit (metrics.h): one pass of
 * SQL over cases (joined to the month's case_log steps) per level, then
 * the 立案数 scores per unit grid and the handling hours, which need the
 * working calendar.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/text.h"
#include "internal.h"

/* Code lengths of the region levels (grid codes are prefixes). */
static const int level_len[GRID_BY_NLEVEL] = { 14, 12, 9, 6, 0, 0 };

/* The unit of a case (alias c) at each level. */
static const char *const unit_expr[GRID_BY_NLEVEL] = {
	"CASE WHEN length(c.grid_code) >= 14 THEN substr(c.grid_code, 1, 14) "
	    "END",
	"CASE WHEN length(c.grid_code) >= 12 THEN substr(c.grid_code, 1, 12) "
	    "END",
	"CASE WHEN length(c.grid_code) >= 9 THEN substr(c.grid_code, 1, 9) "
	    "END",
	"CASE WHEN length(c.grid_code) >= 6 THEN substr(c.grid_code, 1, 6) "
	    "END",
	"c.dept_code",
	"(SELECT w.id FROM workers w WHERE w.id = c.reporter)",
};

/* The units every report lists, with or without cases. */
static const char *const ref_units[GRID_BY_NLEVEL] = {
	"SELECT code, name, '' FROM grids WHERE kind = 'unit'",
	"SELECT code, name, '' FROM regions WHERE level = 'community'",
	"SELECT code, name, '' FROM regions WHERE level = 'street'",
	"SELECT code, name, '' FROM regions WHERE level = 'district'",
	"SELECT code, name, '' FROM departments",
	"SELECT id, name, kind FROM workers",
};

#define IN_M(x) "(" x " >= ?1 AND " x " < ?2)"
#define OPEN_KIND "status NOT IN ('voided', 'merged', 'parked')"

/* One pass: %s are the reference units and the unit expression. */
static const char counts_sql[] =
"WITH ref(code, name, kind) AS (%s),\n"
"lg AS (SELECT case_id,\n"
"  max(action = 'return' AND " IN_M("unixepoch(at)") ") AS ret,\n"
"  max(action = 'escalate' AND " IN_M("unixepoch(at)") ") AS esc,\n"
"  max(CASE WHEN action = 'void' THEN unixepoch(at) END) AS void_at\n"
"  FROM case_log WHERE action IN ('return', 'escalate', 'void')\n"
"  GROUP BY case_id),\n"
"k AS (SELECT %s AS unit, c.status, c.level, c.source, c.rating,\n"
"  c.rework_count, unixepoch(c.reported_at) AS rep,\n"
"  unixepoch(c.registered_at) AS reg, unixepoch(c.dispatched_at) AS dis,\n"
"  unixepoch(c.handled_at) AS han, unixepoch(c.closed_at) AS clo,\n"
"  unixepoch(c.deadline) AS dl, lg.ret, lg.esc, lg.void_at\n"
"  FROM cases c LEFT JOIN lg ON lg.case_id = c.id),\n"
"f AS (SELECT *, coalesce(" OPEN_KIND " AND dl IS NOT NULL AND\n"
"  (" IN_M("dl") " OR (" IN_M("clo") " AND dl < ?1)), 0) AS due\n"
"  FROM k WHERE unit IS NOT NULL AND rep < ?2),\n"
"agg AS (SELECT unit,\n"
"  sum(rep >= ?1) AS reported,\n"
"  sum(" IN_M("reg") ") AS registered,\n"
"  sum(status = 'voided' AND " IN_M("coalesce(void_at, rep)") "),\n"
"  sum(" IN_M("dis") "),\n"
"  sum(coalesce(ret, 0)),\n"
"  sum(" IN_M("han") "),\n"
"  sum(" IN_M("han") " AND han <= dl),\n"
"  sum(due),\n"
"  sum(due AND clo < ?2),\n"
"  sum(due AND clo < ?2 AND clo <= dl),\n"
"  sum(" IN_M("han") " AND rework_count > 0),\n"
"  sum(" IN_M("reg") " AND source IN ('hotline', 'public_app')),\n"
"  sum(dl < ?2 AND " OPEN_KIND " AND (clo IS NULL OR clo >= ?2)),\n"
"  sum(coalesce(esc, 0)),\n"
"  sum(" IN_M("clo") " AND rating IS NOT NULL),\n"
"  sum(" IN_M("clo") " AND rating IN ('A', 'B')),\n"
"  sum(due AND han < ?2),\n"
"  sum(due AND han < ?2 AND han <= dl),\n"
"  sum(rep >= ?1 AND reg IS NOT NULL),\n"
"  sum(due AND clo < ?2 AND level = 'grid'),\n"
"  sum(due AND clo < ?2 AND level = 'community'),\n"
"  sum(due AND clo < ?2 AND level = 'street'),\n"
"  sum(due AND clo < ?2 AND level = 'district'),\n"
"  sum(due AND clo < ?2 AND level = 'city')\n"
"  FROM f GROUP BY unit)\n"
"SELECT u.unit, coalesce(ref.name, ''), coalesce(ref.kind, ''), agg.*\n"
"FROM (SELECT unit FROM agg UNION SELECT code FROM ref) u\n"
"LEFT JOIN ref ON ref.code = u.unit LEFT JOIN agg ON agg.unit = u.unit\n"
"ORDER BY u.unit";

/* Registered cases per unit grid, grids without any included. */
static const char grid_registered_sql[] =
"SELECT g, sum(n) FROM (SELECT code AS g, 0 AS n FROM grids\n"
"  WHERE kind = 'unit' UNION ALL\n"
"  SELECT grid_code, 1 FROM cases WHERE grid_code IS NOT NULL AND\n"
"  " IN_M("unixepoch(registered_at)") " AND grid_code NOT IN\n"
"  (SELECT code FROM grids WHERE kind <> 'unit'))\n"
"GROUP BY g ORDER BY g";

/* Dispatch and handling times of the cases handled in the month. */
static const char hours_sql[] =
"SELECT unit, dis, han FROM (SELECT %s AS unit, c.dispatched_at AS dis,\n"
"  c.handled_at AS han FROM cases c WHERE\n"
"  " IN_M("unixepoch(c.handled_at)") " AND c.dispatched_at IS NOT NULL)\n"
"WHERE unit IS NOT NULL ORDER BY unit";

static int
by_unit(const void *key, const void *elem)
{
	return strcmp(key, ((const struct grid_metrics_row *)elem)->unit);
}

static struct grid_metrics_row *
find_row(struct grid_metrics *m, const char *unit)
{
	return bsearch(unit, m->rows, m->n, sizeof(*m->rows), by_unit);
}

static const char *
text_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/*
 * Prepares fmt with its "%s" replaced by a, then b, and binds the month;
 * 0 or -1.
 */
static int
prepare(struct grid_db *db, const char *fmt, const char *a, const char *b,
    time_t start, time_t end, sqlite3_stmt **st, struct grid_error *err)
{
	const char *arg[2] = { a, b }, *p, *hole;
	size_t len = strlen(fmt) + strlen(a) + (b != NULL ? strlen(b) : 0);
	char *sql = malloc(len + 1), *q;
	int i = 0, rc;

	if (sql == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (p = fmt, q = sql; (hole = strstr(p, "%s")) != NULL && i < 2;
	    p = hole + 2, i++) {
		memcpy(q, p, (size_t)(hole - p));
		q += hole - p;
		memcpy(q, arg[i], strlen(arg[i]));
		q += strlen(arg[i]);
	}
	memcpy(q, p, strlen(p) + 1);
	rc = grid_db_prepare(db, sql, st, err);
	free(sql);
	if (rc != 0)
		return -1;
	sqlite3_bind_int64(*st, 1, (sqlite3_int64)start);
	sqlite3_bind_int64(*st, 2, (sqlite3_int64)end);
	return 0;
}

static int
add_row(struct grid_metrics *m, size_t *cap, sqlite3_stmt *st,
    struct grid_error *err)
{
	struct grid_metrics_row *row;
	int i;

	if (m->n == *cap) {
		size_t ncap = *cap != 0 ? *cap * 2 : 64;
		void *p = realloc(m->rows, ncap * sizeof(*m->rows));

		if (p == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		m->rows = p;
		*cap = ncap;
	}
	row = &m->rows[m->n++];
	memset(row, 0, sizeof(*row));
	row->level = m->level;
	memcpy(row->month, m->month, sizeof(row->month));
	snprintf(row->unit, sizeof(row->unit), "%s", text_col(st, 0));
	snprintf(row->unit_name, sizeof(row->unit_name), "%s",
	    text_col(st, 1));
	snprintf(row->worker_kind, sizeof(row->worker_kind), "%s",
	    text_col(st, 2));
	/* Columns 3 (agg.unit) on: the counts, NULL as 0. */
	for (i = 0; i < GRID_C_NCOUNT; i++)
		row->count[i] = sqlite3_column_int64(st, 4 + i);
	row->handling_hours_median = NAN;
	row->score_change = NAN;
	return 0;
}

static int
read_counts(struct grid_db *db, struct grid_metrics *m, time_t start,
    time_t end, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = -1, step;

	if (prepare(db, counts_sql, ref_units[m->level], unit_expr[m->level],
	    start, end, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (add_row(m, &cap, st, err) != 0)
			goto out;
	if (step != SQLITE_DONE) {
		grid_db_error(db, step, "counting the month's cases", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Adds each unit grid's 立案数 score to the row of its unit. */
static int
read_grid_scores(struct grid_db *db, struct grid_metrics *m, time_t start,
    time_t end, struct grid_error *err)
{
	struct grid_metrics_row *row;
	sqlite3_stmt *st = NULL;
	size_t len = (size_t)level_len[m->level];
	char unit[64];
	int step, rc = -1;

	if (prepare(db, grid_registered_sql, "", NULL, start, end, &st,
	    err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *grid = text_col(st, 0);

		if (strlen(grid) < len || len >= sizeof(unit))
			continue;
		memcpy(unit, grid, len);
		unit[len] = '\0';
		if ((row = find_row(m, unit)) == NULL)
			continue;
		row->unit_grids++;
		row->registered_score_sum += grid_metrics_registered_score(
		    sqlite3_column_int64(st, 1));
	}
	if (step != SQLITE_DONE) {
		grid_db_error(db, step, "counting registered cases per grid",
		    err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
by_seconds(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Sets the handling sums and median of row from its n times. */
static void
set_hours(struct grid_metrics_row *row, long long *secs, size_t n)
{
	size_t i;

	if (row == NULL || n == 0)
		return;
	qsort(secs, n, sizeof(*secs), by_seconds);
	for (i = 0; i < n; i++)
		row->handling_seconds += secs[i];
	row->handling_n = (long long)n;
	row->handling_hours_median = round((n % 2 != 0 ? (double)secs[n / 2] :
	    ((double)secs[n / 2 - 1] + (double)secs[n / 2]) / 2) / 36.0) /
	    100.0;
}

static int
read_hours(struct grid_db *db, const struct grid_calendar *cal,
    struct grid_metrics *m, time_t start, time_t end, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	long long *secs = NULL;
	size_t n = 0, cap = 0;
	char unit[64] = "";
	time_t dis, han;
	int step, rc = -1;

	if (prepare(db, hours_sql, unit_expr[m->level], NULL, start, end, &st,
	    err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp(unit, text_col(st, 0)) != 0) {
			set_hours(find_row(m, unit), secs, n);
			n = 0;
			snprintf(unit, sizeof(unit), "%s", text_col(st, 0));
		}
		if (grid_time_to_epoch(text_col(st, 1), &dis) != 0 ||
		    grid_time_to_epoch(text_col(st, 2), &han) != 0 ||
		    han < dis)
			continue;
		if (n == cap) {
			size_t ncap = cap != 0 ? cap * 2 : 256;
			void *p = realloc(secs, ncap * sizeof(*secs));

			if (p == NULL) {
				grid_error_set(err, GRID_EINTERNAL, NULL, 0,
				    NULL, "out of memory");
				goto out;
			}
			secs = p;
			cap = ncap;
		}
		secs[n++] = grid_calendar_work_seconds(cal, dis, han);
	}
	if (step != SQLITE_DONE) {
		grid_db_error(db, step, "reading handling times", err);
		goto out;
	}
	set_hours(find_row(m, unit), secs, n);
	rc = 0;
out:
	free(secs);
	sqlite3_finalize(st);
	return rc;
}

int
grid_metrics_compute(struct grid_db *db, const struct grid_calendar *cal,
    const struct grid_metrics_settings *set, enum grid_metrics_level level,
    const char *month, struct grid_metrics **out, struct grid_error *err)
{
	struct grid_calendar *own = NULL;
	struct grid_metrics *m = NULL;
	time_t start, end;
	size_t i;
	int rc = -1;

	*out = NULL;
	if ((unsigned)level >= GRID_BY_NLEVEL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "by",
		    "bad level %d", (int)level);
	if (grid_metrics_month_bounds(month, &start, &end, err) != 0)
		return -1;
	if (cal == NULL) {
		if ((own = grid_calendar_new()) == NULL) {
			grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
			goto out;
		}
		if (grid_calendar_load(own, db, err) != 0)
			goto out;
		cal = own;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	m->level = level;
	snprintf(m->month, sizeof(m->month), "%s", month);
	if (read_counts(db, m, start, end, err) != 0 ||
	    (level_len[level] > 0 &&
	    read_grid_scores(db, m, start, end, err) != 0) ||
	    read_hours(db, cal, m, start, end, err) != 0)
		goto out;
	for (i = 0; i < m->n; i++)
		grid_metrics_finish(&m->rows[i], set);
	grid_metrics_rank(m->rows, m->n);
	*out = m;
	m = NULL;
	rc = 0;
out:
	grid_metrics_free(m);
	grid_calendar_free(own);
	return rc;
}
