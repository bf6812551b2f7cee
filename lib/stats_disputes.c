/*
 * stats_disputes.c - the figures of dispute mediation per unit and the
 * repeated disputes of the same parties (disputestats.h).
 *
 * Both queries start from the disputes of the period (d): ?1 and ?2 the
 * bounds of the period (instants), ?3 the unit code length (units),
 * ?50 the area (area.h).  The first %s of both is the area's condition
 * on the cases, or nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/disputestats.h"
#include "grid/metrics.h"
#include "grid/statmerge.h"
#include "grid/text.h"
#include "stats_internal.h"

/* The disputes of the period, each as it stood at the period's end. */
#define DISPUTES_CTE \
"WITH d AS (SELECT c.id, c.grid_code, c.reported_at,\n" \
"  unixepoch(c.reported_at) AS rep, s.outcome_level,\n" \
"  CASE WHEN unixepoch(s.outcome_at) < ?2 THEN s.outcome END AS fin,\n" \
"  EXISTS (SELECT 1 FROM dispute_attempts a WHERE a.case_id = c.id\n" \
"    AND unixepoch(a.at) < ?2) AS mediated\n" \
"  FROM cases c JOIN categories k ON k.code = c.category_code\n" \
"    AND k.case_type = 'dispute'\n" \
"  LEFT JOIN disputes s ON s.case_id = c.id\n" \
"  WHERE c.status NOT IN ('voided', 'merged')\n" \
"  AND unixepoch(c.reported_at) >= ?1 AND unixepoch(c.reported_at) < ?2%s)"

#define RESOLVED "fin IN ('resolved', 'agreement')"
#define UNIT(x) "CASE WHEN length(" x ") >= ?3 THEN substr(" x ", 1, ?3) END"

/* %s: the area on cases; the units, the area on them; a unit's name. */
static const char unit_sql[] = DISPUTES_CTE ",\n"
"a AS (SELECT " UNIT("grid_code") " AS unit, count(*) AS found,\n"
"  sum(mediated) AS mediated, sum(" RESOLVED ") AS resolved,\n"
"  sum(" RESOLVED " AND outcome_level IN ('grid', 'community'))\n"
"    AS first_line,\n"
"  sum(fin = 'referred') AS referred, sum(fin = 'failed') AS failed\n"
"  FROM d GROUP BY 1),\n"
"units(unit) AS (%s%s UNION SELECT unit FROM a)\n"
"SELECT u.unit, %s, ifnull(a.found, 0), ifnull(a.mediated, 0),\n"
"  ifnull(a.resolved, 0), ifnull(a.first_line, 0),\n"
"  ifnull(a.referred, 0), ifnull(a.failed, 0)\n"
"FROM units u LEFT JOIN a ON a.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

/* A party's name: the person's, else the org's. */
#define PARTY_NAME(x) \
"coalesce((SELECT name FROM people WHERE id_number = " x "),\n" \
"  (SELECT name FROM orgs WHERE uscc = " x "))"

/* %s: the area on cases.  One row per pair (or lone party) and case:
 * the list is made of them by stats_repeats.c. */
static const char repeated_sql[] = DISPUTES_CTE ",\n"
"p AS (SELECT DISTINCT d.id, coalesce(cp.id_number, cp.org_uscc) AS party\n"
"  FROM d JOIN case_parties cp ON cp.case_id = d.id),\n"
"n AS (SELECT id, count(*) AS k FROM p GROUP BY id),\n"
"pr AS (SELECT x.party AS pa, y.party AS pb, x.id FROM p x\n"
"    JOIN p y ON y.id = x.id AND x.party < y.party\n"
"  UNION ALL SELECT p.party, NULL, p.id FROM p\n"
"    JOIN n ON n.id = p.id AND n.k = 1)\n"
"SELECT pr.pa, " PARTY_NAME("pr.pa") ", pr.pb, " PARTY_NAME("pr.pb") ",\n"
"  d.id, d.reported_at, d.rep, d.fin IS NULL, d.grid_code\n"
"FROM pr JOIN d ON d.id = pr.id";

static const char area_cases[] = " AND " GRID_AREA_SQL("c.grid_code");
static const char area_units[] = GRIDI_AREA_UNITS;

static const struct grid_column unit_columns[] = {
	GRIDI_UNIT_COLUMNS, { "period", GRID_COL_TEXT },
	{ "found", GRID_COL_INT }, { "mediated", GRID_COL_INT },
	{ "resolved", GRID_COL_INT }, { "success_rate", GRID_COL_REAL },
	{ "first_line", GRID_COL_INT },
	{ "first_line_share", GRID_COL_REAL },
	{ "referred", GRID_COL_INT }, { "failed", GRID_COL_INT },
	{ "open", GRID_COL_INT },
};
_Static_assert(GRIDI_ARRAY_LEN(unit_columns) == GRID_DISPUTESTATS_NCOLUMN,
    "GRID_DISPUTESTATS_NCOLUMN counts the columns");

static const struct grid_column repeated_columns[] = {
	{ "period", GRID_COL_TEXT }, { "party_a", GRID_COL_TEXT },
	{ "name_a", GRID_COL_TEXT }, { "party_b", GRID_COL_TEXT },
	{ "name_b", GRID_COL_TEXT }, { "disputes", GRID_COL_INT },
	{ "case_ids", GRID_COL_TEXT }, { "first_reported", GRID_COL_TEXT },
	{ "last_reported", GRID_COL_TEXT }, { "open", GRID_COL_INT },
	{ "grid_code", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(repeated_columns) ==
    GRID_DISPUTESTATS_NREPEATED, "GRID_DISPUTESTATS_NREPEATED counts them");
_Static_assert(GRID_DISPUTESTATS_NCOLUMN <= GRIDI_STATS_MAX_COLUMNS,
    "a row fits a gridi_stats_row");

const struct grid_column *
grid_disputestats_columns(size_t *n)
{
	if (n != NULL)
		*n = GRID_DISPUTESTATS_NCOLUMN;
	return unit_columns;
}

const struct grid_column *
grid_disputestats_repeated_columns(size_t *n)
{
	if (n != NULL)
		*n = GRID_DISPUTESTATS_NREPEATED;
	return repeated_columns;
}

/*
 * The local midnight starting day text plus days (field for errors):
 * *t.  0, or -1 with err (GRID_EUSAGE).
 */
static int
day_start(const char *text, int days, const char *field, time_t *t,
    struct grid_error *err)
{
	struct grid_error bad;
	char date[32], iso[40];
	struct tm tm;

	if (grid_date_parse(text, date, sizeof(date), &bad) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field, "%s",
		    bad.text);
	memset(&tm, 0, sizeof(tm));
	if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field,
		    "bad date '%s'", text);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;	/* an hour every day has */
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field,
		    "date out of range '%s'", text);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	if (grid_time_parse(date, iso, sizeof(iso), &bad) != 0 ||
	    grid_time_to_epoch(iso, t) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field, "%s",
		    bad.text);
	return 0;
}

/* The bounds of q's period and its name (size >= 32).  0 or -1. */
static int
period(const struct grid_disputestats_query *q, time_t *start,
    time_t *end, char *name, size_t n, struct grid_error *err)
{
	struct grid_error bad;
	char today[16];
	struct tm tm;
	time_t now;

	if (q->month != NULL && (q->from != NULL || q->to != NULL))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "month",
		    "give a month or from and to, not both");
	if (q->month == NULL && q->from == NULL && q->to == NULL) {
		if (grid_now(&now, err) != 0)
			return -1;
		localtime_r(&now, &tm);
		strftime(name, n, "%Y-%m", &tm);
	} else if (q->month != NULL)
		snprintf(name, n, "%s", q->month);
	if (q->month != NULL || (q->from == NULL && q->to == NULL)) {
		if (grid_metrics_month_bounds(name, start, end, &bad) != 0)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0,
			    "month", "%s", bad.text);
		return 0;
	}
	*start = 0;
	if (q->from != NULL && day_start(q->from, 0, "from", start,
	    err) != 0)
		return -1;
	if (q->to == NULL) {
		if (grid_today(today, sizeof(today), err) != 0 ||
		    day_start(today, 1, "to", end, err) != 0)
			return -1;
	} else if (day_start(q->to, 1, "to", end, err) != 0)
		return -1;
	if (*end <= *start)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "to",
		    "'%s' is before '%s' (--from)", q->to != NULL ? q->to :
		    "today", q->from);
	snprintf(name, n, "%.12s..%.12s", q->from != NULL ? q->from : "",
	    q->to != NULL ? q->to : "");
	return 0;
}

/* Prepares sql and binds the period and the area.  0 or -1. */
static int
prepare(struct grid_db *db, const char *sql, time_t start, time_t end,
    int prefix, const struct grid_area *area, sqlite3_stmt **st,
    struct grid_error *err)
{
	int rc;

	if (grid_db_prepare(db, sql, st, err) != 0)
		return -1;
	rc = sqlite3_bind_int64(*st, 1, (sqlite3_int64)start);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(*st, 2, (sqlite3_int64)end);
	if (rc == SQLITE_OK && prefix > 0)
		rc = sqlite3_bind_int(*st, 3, prefix);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "dispute statistics", err);
	return grid_area_bind(db, *st, area, err);
}

/* What each row of a run is handed with. */
struct run {
	const char *level, *period;
	grid_disputestats_row_fn on_row;
	void *ctx;
};

static int
unit_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;
	long long c[6];
	int i;

	for (i = 0; i < 6; i++)
		c[i] = sqlite3_column_int64(st, 2 + i);
	gridi_stats_unit(&r, run->level, st);
	r.values[3] = run->period;
	gridi_stats_count(&r, 4, c[0]);		/* found */
	gridi_stats_count(&r, 5, c[1]);		/* mediated */
	gridi_stats_count(&r, 6, c[2]);		/* resolved */
	gridi_stats_count(&r, 8, c[3]);		/* first_line */
	gridi_stats_count(&r, 10, c[4]);	/* referred */
	gridi_stats_count(&r, 11, c[5]);	/* failed */
	gridi_stats_count(&r, 12, c[0] - c[2] - c[4] - c[5]);
	/* success_rate, first_line_share: as a merge derives them */
	gridi_stats_derive(gridi_stats_desc("disputes"), &r);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

int
grid_disputestats_run(struct grid_db *db,
    const struct grid_disputestats_query *q,
    grid_disputestats_row_fn on_row, void *ctx, struct grid_error *err)
{
	char sql[sizeof(unit_sql) + 768], name[32];
	struct gridi_units units;
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	struct run run = { NULL, name, on_row, ctx };
	time_t start, end;
	int in, ret = -1;

	if (!grid_level_has_units(q->level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics (grid, community, street, "
		    "district)");
	if (period(q, &start, &end, name, sizeof(name), err) != 0 ||
	    grid_area_resolve(db, q->area, q->level, &area, err) != 0)
		return -1;
	gridi_units_init(db, q->level, &units);
	run.level = units.level;
	in = area.code[0] != '\0';
	snprintf(sql, sizeof(sql), unit_sql, in ? area_cases : "",
	    units.select, in ? area_units : "", units.name);
	if (prepare(db, sql, start, end, units.prefix, &area, &st, err) == 0)
		ret = gridi_stats_step(db, st, "dispute statistics", unit_row,
		    &run, err);
	sqlite3_finalize(st);
	return ret;
}

/* What each event of the list is added with. */
struct events {
	struct grid_stat_repeats *list;
	const char *period;
};

static int
repeated_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct events *ev = arg;
	struct grid_stat_repeat_event e;

	memset(&e, 0, sizeof(e));
	e.key[0] = (const char *)sqlite3_column_text(st, 0);
	e.name[0] = (const char *)sqlite3_column_text(st, 1);
	e.key[1] = (const char *)sqlite3_column_text(st, 2);
	e.name[1] = (const char *)sqlite3_column_text(st, 3);
	e.case_id = (const char *)sqlite3_column_text(st, 4);
	e.reported_at = (const char *)sqlite3_column_text(st, 5);
	e.rep = sqlite3_column_int64(st, 6);
	e.open = sqlite3_column_int(st, 7);
	e.grid_code = (const char *)sqlite3_column_text(st, 8);
	return grid_stat_repeats_add(ev->list, ev->period, &e, err);
}

int
grid_stat_repeats_disputes(struct grid_stat_repeats *r, struct grid_db *db,
    const struct grid_disputestats_query *q, struct grid_error *err)
{
	char sql[sizeof(repeated_sql) + 128], name[32];
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	struct events ev = { r, name };
	time_t start, end;
	int ret = -1;

	if (period(q, &start, &end, name, sizeof(name), err) != 0 ||
	    grid_area_resolve(db, q->area, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), repeated_sql, area.code[0] != '\0' ?
	    area_cases : "");
	if (prepare(db, sql, start, end, 0, &area, &st, err) == 0)
		ret = gridi_stats_step(db, st, "dispute statistics",
		    repeated_row, &ev, err);
	sqlite3_finalize(st);
	return ret;
}

int
grid_disputestats_repeated(struct grid_db *db,
    const struct grid_disputestats_query *q,
    grid_disputestats_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct grid_stat_repeats *r;
	int ret = -1;

	if ((r = grid_stat_repeats_new(GRID_REPEAT_DISPUTES)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_stat_repeats_disputes(r, db, q, err) == 0)
		ret = grid_stat_repeats_emit(r, on_row, ctx, err);
	grid_stat_repeats_free(r);
	return ret;
}
