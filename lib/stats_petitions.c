/*
 * stats_petitions.c - the figures of petitions per unit and period, and
 * the repeat petitioners (petitionstats.h).
 *
 * Parameters: ?1 the start of the period, ?2 its end (instants), ?3 the
 * setting group_petition_people, ?8 the unit code length (units), ?50
 * the area (area.h).  The first %s of both queries is the area's
 * condition on the cases, or nothing.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/petitionstats.h"
#include "grid/statmerge.h"
#include "petitions_internal.h"
#include "stats_internal.h"

#define BASE_CTE \
"WITH pt AS (SELECT c.id, c.grid_code, c.reported_at,\n" \
"  unixepoch(c.reported_at) AS rep, unixepoch(p.accepted_at) AS acc,\n" \
"  unixepoch(p.replied_at) AS rpl, unixepoch(p.reply_due) AS due,\n" \
"  p.followed_through AS ft, p.form, p.people_count >= ?3 AS grp,\n" \
"  coalesce(" GRIDI_PETITION_OVER("p.level_reached", \
    "p.competent_level") ", 0) AS over\n" \
"  FROM petitions p JOIN cases c ON c.id = p.case_id\n" \
"  WHERE c.status NOT IN ('voided', 'merged')%s)\n"

/* In the period: 1, else 0 or NULL. */
#define IN(x) "(" x " >= ?1 AND " x " < ?2)"
#define UNIT(x) "CASE WHEN length(" x ") >= ?8 THEN substr(" x ", 1, ?8) END"

/* %s: area on cases; the units and the area on them; a unit's name. */
static const char unit_sql[] = BASE_CTE
", agg AS (SELECT " UNIT("grid_code") " AS unit,\n"
"  sum(" IN("rep") ") AS received, sum(" IN("acc") ") AS accepted,\n"
"  sum(" IN("rpl") ") AS replied,\n"
"  sum(" IN("rpl") " AND rpl <= due) AS on_time,\n"
"  sum(" IN("rpl") " AND ft = 1) AS followed,\n"
"  sum(acc < ?2 AND (rpl IS NULL OR rpl >= ?2) AND due < ?2) AS overdue,\n"
"  sum(" IN("rep") " AND grp) AS grp, sum(" IN("rep") " AND over) AS over,\n"
"  sum(" IN("rep") " AND form = 'visit') AS visit,\n"
"  sum(" IN("rep") " AND form = 'letter') AS letter,\n"
"  sum(" IN("rep") " AND form = 'online') AS online,\n"
"  sum(" IN("rep") " AND form = 'phone') AS phone\n"
"  FROM pt GROUP BY 1),\n"
"units(unit) AS (%s%s UNION SELECT unit FROM agg)\n"
"SELECT u.unit, %s, ifnull(a.received, 0), ifnull(a.accepted, 0),\n"
"  ifnull(a.replied, 0), ifnull(a.on_time, 0), ifnull(a.followed, 0),\n"
"  ifnull(a.overdue, 0), ifnull(a.grp, 0), ifnull(a.over, 0),\n"
"  ifnull(a.visit, 0), ifnull(a.letter, 0), ifnull(a.online, 0),\n"
"  ifnull(a.phone, 0)\n"
"FROM units u LEFT JOIN agg a ON a.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

/* One row per person and petition: the list is made of them by
 * stats_repeats.c. */
static const char repeat_sql[] = BASE_CTE
", pp AS (SELECT DISTINCT cp.id_number, pt.id, pt.reported_at, pt.rep\n"
"  FROM case_parties cp JOIN pt ON pt.id = cp.case_id\n"
"  WHERE cp.id_number IS NOT NULL AND cp.role IN ('petitioner',\n"
"  'representative') AND " IN("pt.rep") ")\n"
"SELECT pp.id_number, pe.name, pe.grid_code, pp.id, pp.reported_at,\n"
"  pp.rep FROM pp LEFT JOIN people pe ON pe.id_number = pp.id_number";

static const char area_cases[] = " AND " GRID_AREA_SQL("c.grid_code");
static const char area_units[] = GRIDI_AREA_UNITS;

static const struct grid_column unit_columns[] = {
	GRIDI_UNIT_COLUMNS, { "period", GRID_COL_TEXT },
	{ "received", GRID_COL_INT }, { "accepted", GRID_COL_INT },
	{ "replied", GRID_COL_INT }, { "replied_on_time", GRID_COL_INT },
	{ "on_time_rate", GRID_COL_REAL },
	{ "followed_through", GRID_COL_INT },
	{ "follow_through_rate", GRID_COL_REAL },
	{ "overdue", GRID_COL_INT }, { "group", GRID_COL_INT },
	{ "over_level", GRID_COL_INT }, { "visit", GRID_COL_INT },
	{ "letter", GRID_COL_INT }, { "online", GRID_COL_INT },
	{ "phone", GRID_COL_INT },
};
#define NUNIT GRIDI_ARRAY_LEN(unit_columns)
_Static_assert(NUNIT == GRID_PETITIONSTATS_NCOLUMN,
    "GRID_PETITIONSTATS_NCOLUMN counts the columns");

static const struct grid_column repeat_columns[] = {
	{ "period", GRID_COL_TEXT }, { "id_number", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "petitions", GRID_COL_INT }, { "first_at", GRID_COL_TEXT },
	{ "last_at", GRID_COL_TEXT }, { "case_ids", GRID_COL_TEXT },
};
#define NREPEAT GRIDI_ARRAY_LEN(repeat_columns)
_Static_assert(NREPEAT == GRID_PETITIONSTATS_REPEAT_NCOLUMN,
    "GRID_PETITIONSTATS_REPEAT_NCOLUMN counts the columns");
_Static_assert(NUNIT <= GRIDI_STATS_MAX_COLUMNS, "a row fits");

const struct grid_column *
grid_petitionstats_columns(size_t *n)
{
	if (n != NULL)
		*n = NUNIT;
	return unit_columns;
}

const struct grid_column *
grid_petitionstats_repeat_columns(size_t *n)
{
	if (n != NULL)
		*n = NREPEAT;
	return repeat_columns;
}

/* How a run fills its rows and to whom it hands them. */
struct run {
	const char *level, *period;
	grid_petitionstats_row_fn on_row;
	void *ctx;
};

static int
unit_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;
	long long c[12];
	size_t i;

	for (i = 0; i < 12; i++)
		c[i] = sqlite3_column_int64(st, 2 + (int)i);
	gridi_stats_unit(&r, run->level, st);
	r.values[3] = run->period;
	for (i = 0; i < 4; i++)		/* received .. replied_on_time */
		gridi_stats_count(&r, 4 + i, c[i]);
	gridi_stats_count(&r, 9, c[4]);
	for (i = 5; i < 12; i++)	/* overdue .. phone */
		gridi_stats_count(&r, 6 + i, c[i]);
	/* the rates, as a merge derives them */
	gridi_stats_derive(gridi_stats_desc("petitions"), &r);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

/* What each event of the list is added with. */
struct events {
	struct grid_stat_repeats *list;
	const char *period;
};

static int
repeat_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct events *ev = arg;
	struct grid_stat_repeat_event e;

	memset(&e, 0, sizeof(e));
	e.key[0] = (const char *)sqlite3_column_text(st, 0);
	e.name[0] = (const char *)sqlite3_column_text(st, 1);
	e.home = (const char *)sqlite3_column_text(st, 2);
	e.case_id = (const char *)sqlite3_column_text(st, 3);
	e.reported_at = (const char *)sqlite3_column_text(st, 4);
	e.rep = sqlite3_column_int64(st, 5);
	return grid_stat_repeats_add(ev->list, ev->period, &e, err);
}

/* Binds ?1-?3.  0 or -1. */
static int
bind_common(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_hazards_period *p, struct grid_error *err)
{
	int rc;

	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)p->start[0]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)p->end);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, grid_db_setting_long(db,
		    "group_petition_people", 5));
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "petition statistics", err);
	return 0;
}

int
grid_petitionstats_run(struct grid_db *db,
    const struct grid_petitionstats_query *q,
    grid_petitionstats_row_fn on_row, void *ctx, struct grid_error *err)
{
	char sql[sizeof(unit_sql) + 1024];
	struct gridi_units units;
	struct grid_area area;
	struct run run;
	sqlite3_stmt *st = NULL;
	int in, rc, ret = -1;

	if (!grid_level_has_units(q->level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics (grid, community, street, "
		    "district)");
	if (grid_area_resolve(db, q->area, q->level, &area, err) != 0)
		return -1;
	gridi_units_init(db, q->level, &units);
	in = area.code[0] != '\0';
	snprintf(sql, sizeof(sql), unit_sql, in ? area_cases : "",
	    units.select, in ? area_units : "", units.name);
	if (grid_db_prepare(db, sql, &st, err) != 0 ||
	    bind_common(db, st, q->period, err) != 0 ||
	    grid_area_bind(db, st, &area, err) != 0)
		goto out;
	if ((rc = sqlite3_bind_int(st, 8, units.prefix)) != SQLITE_OK) {
		grid_db_error(db, rc, "petition statistics", err);
		goto out;
	}
	run.level = units.level;
	run.period = q->period->name;
	run.on_row = on_row;
	run.ctx = ctx;
	ret = gridi_stats_step(db, st, "petition statistics", unit_row, &run,
	    err);
out:
	sqlite3_finalize(st);
	return ret;
}

int
grid_stat_repeats_petitions(struct grid_stat_repeats *r, struct grid_db *db,
    const struct grid_petitionstats_query *q, struct grid_error *err)
{
	char sql[sizeof(repeat_sql) + 128];
	struct grid_area area;
	struct events ev = { r, q->period->name };
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (grid_area_resolve(db, q->area, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), repeat_sql, area.code[0] != '\0' ?
	    area_cases : "");
	if (grid_db_prepare(db, sql, &st, err) == 0 &&
	    bind_common(db, st, q->period, err) == 0 &&
	    grid_area_bind(db, st, &area, err) == 0)
		ret = gridi_stats_step(db, st, "petition statistics",
		    repeat_row, &ev, err);
	sqlite3_finalize(st);
	return ret;
}

int
grid_petitionstats_repeat(struct grid_db *db,
    const struct grid_petitionstats_query *q,
    grid_petitionstats_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct grid_stat_repeats *r;
	int ret = -1;

	if ((r = grid_stat_repeats_new(GRID_REPEAT_PETITIONS)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_stat_repeats_petitions(r, db, q, err) == 0)
		ret = grid_stat_repeats_emit(r, on_row, ctx, err);
	grid_stat_repeats_free(r);
	return ret;
}
