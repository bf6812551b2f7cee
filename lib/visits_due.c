/*
 * visits_due.c - who is due or overdue for a visit on a day, by the
 * visit rules of their tags, and the figures of it per unit or worker
 * (visits.h, grid_visits_due_run).
 *
 * One WITH query: the stretches of people's tags (person_tags, and the
 * dated versions of person_tag_history), those in force on the day (s),
 * each with its rule (the rule of its risk level, else of any level),
 * the person's last visit up to the day, the anchor (the later of the
 * last visit and the stretch's start) and the next due date (the anchor
 * plus the rule's interval); then one row per person, the stretch due
 * first (p).  Parameters: ?1 the day (YYYY-MM-DD), ?3 the unit code
 * length, ?50 the area (area.h).
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/text.h"
#include "grid/visits.h"
#include "stats_internal.h"

/*
 * The day plus every unit; months end at the end of a shorter month
 * (01-31 plus one month is 02-28 or 02-29, never 03-03).
 */
#define NEXT_DUE(anchor) \
"CASE unit WHEN 'days' THEN date(" anchor ", '+' || every || ' days')\n" \
"  WHEN 'weeks' THEN date(" anchor ", '+' || (7 * every) || ' days')\n" \
"  ELSE min(date(" anchor ", '+' || every || ' months'),\n" \
"    date(" anchor ", 'start of month', '+' || (every + 1) ||\n" \
"      ' months', '-1 day')) END"

/* A visit that counts: not one that met nobody, made up to the day. */
#define COUNTS "ifnull(v.result, '') <> 'absent' AND substr(v.at, 1, 10) <= ?1"

static const char due_sql[] =
"WITH st AS (\n"
"  SELECT id_number, tag, since, until, risk_level, helper_id\n"
"  FROM person_tags\n"
"  UNION ALL\n"
"  SELECT h.id_number, h.tag, h.since, h.until, h.risk_level, h.helper_id\n"
"  FROM person_tag_history h WHERE h.until IS NOT NULL\n"
"    AND NOT EXISTS (SELECT 1 FROM person_tags c WHERE c.id_number =\n"
"      h.id_number AND c.tag = h.tag AND c.since IS h.since)),\n"
"s AS (SELECT st.*, p.name, p.phone, p.grid_code, p.house_id\n"
"  FROM st JOIN people p ON p.id_number = st.id_number\n"
"  WHERE (st.since IS NULL OR st.since <= ?1)\n"
"    AND (st.until IS NULL OR st.until >= ?1)%s),\n"
"a AS (SELECT s.*, r.every, r.unit, max(\n"
"    ifnull((SELECT max(substr(v.at, 1, 10)) FROM visits v\n"
"      WHERE v.id_number = s.id_number AND " COUNTS "), ''),\n"
"    ifnull((SELECT max(substr(v.at, 1, 10)) FROM visits v\n"
"      WHERE v.id_number IS NULL AND v.house_id = s.house_id\n"
"        AND " COUNTS "), '')) AS last\n"
"  FROM s JOIN visit_rules r ON r.tag = s.tag AND r.risk_level =\n"
"    ifnull((SELECT x.risk_level FROM visit_rules x WHERE x.tag = s.tag\n"
"      AND x.risk_level = s.risk_level), -1)),\n"
"b AS (SELECT a.*, nullif(last, '') AS last_visit,\n"
"  CASE WHEN last <> '' AND (since IS NULL OR last >= since) THEN last\n"
"    ELSE since END AS anchor FROM a),\n"
"c AS (SELECT b.*, " NEXT_DUE("anchor") " AS next_due,\n"
"  every || ' ' || unit AS rule FROM b),\n"
"p AS (SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY\n"
"    id_number ORDER BY next_due IS NOT NULL, next_due, tag) AS k\n"
"  FROM c) WHERE k = 1)\n";

/* The list: every person owed a visit by the day, most overdue first. */
static const char list_sql[] =
"SELECT p.id_number, p.name, p.phone, p.grid_code, p.tag,\n"
"  (SELECT label FROM tags t WHERE t.code = p.tag), p.risk_level, p.rule,\n"
"  p.since, p.last_visit, p.next_due,\n"
"  CASE WHEN p.next_due IS NULL OR p.next_due < ?1 THEN 'overdue'\n"
"    ELSE 'due' END,\n"
"  CAST(julianday(?1) - julianday(p.next_due) AS INTEGER), p.helper_id\n"
"FROM p WHERE p.next_due IS NULL OR p.next_due <= ?1\n"
"ORDER BY p.next_due IS NOT NULL, p.next_due, p.grid_code, p.id_number";

/*
 * The figures: %s the unit of a person, its join, the units, the name of
 * u.unit.
 */
static const char figures_sql[] =
", f AS (SELECT %s AS unit, count(*) AS people,\n"
"  sum(next_due IS NULL OR next_due <= ?1) AS due,\n"
"  sum(next_due IS NULL OR next_due < ?1) AS overdue,\n"
"  sum(next_due > ?1 AND last_visit IS NOT NULL\n"
"    AND (since IS NULL OR last_visit >= since)) AS on_time\n"
"  FROM p %s GROUP BY 1),\n"
"units(unit) AS (%s UNION SELECT unit FROM f)\n"
"SELECT u.unit, %s, ifnull(f.people, 0), ifnull(f.due, 0),\n"
"  ifnull(f.overdue, 0), ifnull(f.on_time, 0)\n"
"FROM units u LEFT JOIN f ON f.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

#define UNIT(x) "CASE WHEN length(" x ") >= ?3 THEN substr(" x ", 1, ?3) END"

static const struct grid_column list_columns[] = {
	{ "id_number", GRID_COL_TEXT }, { "name", GRID_COL_TEXT },
	{ "phone", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "tag", GRID_COL_TEXT }, { "tag_label", GRID_COL_TEXT },
	{ "risk_level", GRID_COL_INT }, { "rule", GRID_COL_TEXT },
	{ "since", GRID_COL_TEXT }, { "last_visit", GRID_COL_TEXT },
	{ "next_due", GRID_COL_TEXT }, { "status", GRID_COL_TEXT },
	{ "days_overdue", GRID_COL_INT }, { "helper_id", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(list_columns) == GRID_VISITS_DUE_NLIST,
    "GRID_VISITS_DUE_NLIST counts the list's columns");

static const struct grid_column figure_columns[] = {
	GRIDI_UNIT_COLUMNS, { "at", GRID_COL_TEXT },
	{ "people", GRID_COL_INT }, { "due", GRID_COL_INT },
	{ "overdue", GRID_COL_INT }, { "visited_on_time", GRID_COL_INT },
	{ "on_time_share", GRID_COL_REAL },
};
_Static_assert(GRIDI_ARRAY_LEN(figure_columns) == GRID_VISITS_DUE_NFIGURES,
    "GRID_VISITS_DUE_NFIGURES counts the figures' columns");

const struct grid_column *
grid_visits_due_columns(int list, size_t *n)
{
	if (n != NULL)
		*n = list ? GRIDI_ARRAY_LEN(list_columns) :
		    GRIDI_ARRAY_LEN(figure_columns);
	return list ? list_columns : figure_columns;
}

/* What each row of a run is handed with. */
struct run {
	int list;
	const char *level, *at;
	grid_visits_row_fn on_row;
	void *ctx;
};

static int
due_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;
	size_t i;

	if (run->list) {
		for (i = 0; i < GRIDI_ARRAY_LEN(list_columns); i++)
			r.values[i] = (const char *)sqlite3_column_text(st,
			    (int)i);
		return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
	}
	gridi_stats_unit(&r, run->level, st);
	r.values[3] = run->at;
	for (i = 0; i < 4; i++)
		gridi_stats_count(&r, 4 + i, sqlite3_column_int64(st,
		    2 + (int)i));
	gridi_stats_derive(gridi_stats_desc("visits_due"), &r);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

/* The day of the query: q->at checked, else today in the zone. */
static int
query_day(const char *at, char *day, size_t n, struct grid_error *err)
{
	struct grid_error why;

	if (at == NULL)
		return grid_today(day, n, err);
	if (grid_date_parse(at, day, n, &why) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "at", "%s",
		    why.text);
	return 0;
}

/* Writes the query's SQL into sql (size n).  Returns 0 or -1. */
static int
make_sql(struct grid_db *db, const struct grid_visits_due_query *q,
    int in, char *sql, size_t n, int *prefix, struct grid_error *err)
{
	struct gridi_units units;
	char units_in[sizeof(units.select) + 64];
	int w;

	w = snprintf(sql, n, due_sql, in ? GRIDI_AREA_PEOPLE : "");
	if (w < 0 || (size_t)w >= n)
		goto long_sql;
	if (q->list) {
		if ((size_t)w + sizeof(list_sql) > n)
			goto long_sql;
		memcpy(sql + w, list_sql, sizeof(list_sql));
		return 0;
	}
	if (q->level == GRID_BY_WORKER) {
		*prefix = 0;
		w += snprintf(sql + w, n - (size_t)w, figures_sql,
		    "wg.worker_id", "JOIN worker_grids wg ON wg.grid_code = "
		    "p.grid_code", in ? "SELECT w.id FROM workers w WHERE "
		    "EXISTS (SELECT 1 FROM worker_grids wg WHERE wg.worker_id = "
		    "w.id AND " GRID_AREA_SQL("wg.grid_code") ")" :
		    "SELECT id FROM workers",
		    "(SELECT name FROM workers n WHERE n.id = u.unit)");
	} else {
		gridi_units_init(db, grid_metrics_level_place(q->level),
		    &units);
		*prefix = units.prefix;
		snprintf(units_in, sizeof(units_in), "%s%s", units.select,
		    in ? GRIDI_AREA_UNITS : "");
		w += snprintf(sql + w, n - (size_t)w, figures_sql,
		    UNIT("p.grid_code"), "", units_in, units.name);
	}
	if ((size_t)w < n)
		return 0;
long_sql:
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "due list query too long");
}

int
grid_visits_due_run(struct grid_db *db, const struct grid_visits_due_query *q,
    grid_visits_row_fn on_row, void *ctx, struct grid_error *err)
{
	enum grid_metrics_level level = q->list ? GRID_BY_DISTRICT : q->level;
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	char sql[sizeof(due_sql) + sizeof(figures_sql) + 1024], day[16];
	struct run run = { q->list, grid_metrics_level_name(level), day,
		on_row, ctx };
	int prefix = 0, rc, ret = -1;

	if (!q->list && grid_metrics_level_place(level) == GRID_LEVEL_NONE &&
	    level != GRID_BY_WORKER)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for the due list '%s' (grid, community, "
		    "street, district, worker)", grid_metrics_level_name(level));
	if (query_day(q->at, day, sizeof(day), err) != 0 ||
	    grid_area_resolve(db, q->area, q->list ? GRID_LEVEL_GRID :
	    grid_metrics_level_place(level), &area, err) != 0 ||
	    make_sql(db, q, area.code[0] != '\0', sql, sizeof(sql), &prefix,
	    err) != 0 || grid_db_prepare(db, sql, &st, err) != 0)
		goto out;
	rc = sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && prefix > 0)
		rc = sqlite3_bind_int(st, 3, prefix);
	if (rc != SQLITE_OK) {
		grid_db_error(db, rc, "the due list", err);
		goto out;
	}
	if (grid_area_bind(db, st, &area, err) != 0)
		goto out;
	ret = gridi_stats_step(db, st, "the due list", due_row, &run, err);
out:
	sqlite3_finalize(st);
	return ret;
}
