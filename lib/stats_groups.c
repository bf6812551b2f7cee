/*
 * stats_groups.c - where a group lives (groupstats.h).
 *
 * One query in the shape of stats_population.c's: people grouped by the unit's
 * prefix of grid_code, counting everyone and the members of the group,
 * the units of the level joined in so that empty units have a row.  The
 * group is a set of ID numbers computed once: those with at least k of
 * the tags asked for (k = 1 for --any, else the number of distinct
 * tags) on the reference date (a tag counts from its since to its until,
 * both included, schema 4).  "Aged N or more on AT" is "born on or before the day N years
 * before AT", as in stats_population.c.  The list reads the same group,
 * person by person, with the address of each one's house.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/groupstats.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "stats_internal.h"

static const struct grid_column columns[] = {
	GRIDI_UNIT_COLUMNS, { "people", GRID_COL_INT },
	{ "in_group", GRID_COL_INT }, { "share", GRID_COL_REAL }
};
_Static_assert(GRIDI_ARRAY_LEN(columns) == GRID_GROUPSTATS_NCOLUMN,
    "GRID_GROUPSTATS_NCOLUMN counts the columns");
_Static_assert(GRIDI_ARRAY_LEN(columns) <= GRIDI_STATS_MAX_COLUMNS,
    "a row fits a gridi_stats_row");

const struct grid_column *
grid_groupstats_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(columns);
	return columns;
}

/*
 * ?1 prefix length, ?2 the reference date, ?3 the number of tags a
 * member has, ?4 the latest birth date of a member (NULL: any, dated or
 * not); the tags from ?10 on.  %s: the tag parameters, the area's
 * condition on people (or nothing), the units of the level and the
 * area's condition on them, the name of a unit u.unit.
 */
static const char group_sql[] =
"WITH members (id_number) AS (\n"
"  SELECT id_number FROM person_tags WHERE tag IN (%s)\n"
"    AND (since IS NULL OR since <= ?2) AND (until IS NULL OR until >= ?2)\n"
"  GROUP BY id_number HAVING count(DISTINCT tag) >= ?3\n"
"), agg AS (\n"
"  SELECT substr(p.grid_code, 1, ?1) AS unit, count(*) AS people,\n"
"    sum(p.id_number IN members AND (?4 IS NULL OR\n"
"      p.birth_date BETWEEN '0000-01-01' AND ?4)) AS in_group\n"
"  FROM people p\n"
"  WHERE (p.birth_date IS NULL OR p.birth_date <= ?2\n"
"    OR p.birth_date > '9999-12-31')%s\n"
"  GROUP BY 1\n"
"), units (unit) AS (\n"
"  %s%s\n"
"  UNION SELECT unit FROM agg\n"
")\n"
"SELECT u.unit, %s, ifnull(a.people, 0), ifnull(a.in_group, 0)\n"
"FROM units u LEFT JOIN agg a ON a.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

#define FIRST_TAG 10

/* The area's conditions, on people p and on the units' codes. */
static const char area_people[] = GRIDI_AREA_PEOPLE;
static const char area_units[] = GRIDI_AREA_UNITS;

/*
 * A tag as people give it (its code, in any case, its label or one of its
 * synonyms) to its code, from the database's tags table: the shipped tags
 * and those a district added (schema version 4).
 */
static const char tag_sql[] =
    "SELECT code FROM tags WHERE code = ?1 COLLATE NOCASE OR label = ?1 "
    "OR instr('|' || synonyms || '|', '|' || ?1 || '|') > 0 "
    "ORDER BY code = ?1 DESC, code = ?1 COLLATE NOCASE DESC, label = ?1 "
    "DESC LIMIT 1";

/* Every code of the tags table, comma-separated, for a message. */
static const char tag_list_sql[] =
    "SELECT group_concat(code, ', ') FROM (SELECT code FROM tags "
    "ORDER BY rowid)";

/*
 * Checks the tags and writes their codes, without repeats, to
 * tags[i] (each of size GRID_GROUPSTATS_TAG_MAX); returns their number,
 * or -1 with err.
 */
static int
canonical_tags(struct grid_db *db, const struct grid_groupstats_query *q,
    char (*tags)[GRID_GROUPSTATS_TAG_MAX], struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i, j, n = 0;
	int rc;

	if (q->ntags == 0 || q->ntags > GRID_GROUPSTATS_MAX_TAGS)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "tag",
		    "give 1 to %d tags", GRID_GROUPSTATS_MAX_TAGS);
	if (grid_db_prepare(db, tag_sql, &st, err) != 0)
		return -1;
	for (i = 0; i < q->ntags; i++) {
		const char *code = NULL;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, q->tags[i] != NULL ? q->tags[i] : "",
		    -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			code = (const char *)sqlite3_column_text(st, 0);
		else if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return grid_db_error(db, rc, "reading the tags", err);
		}
		if (code == NULL || strlen(code) >= GRID_GROUPSTATS_TAG_MAX) {
			sqlite3_stmt *all = NULL;
			const char *list = NULL;

			sqlite3_finalize(st);
			if (grid_db_prepare(db, tag_list_sql, &all, err) != 0)
				return -1;
			if (sqlite3_step(all) == SQLITE_ROW)
				list = (const char *)sqlite3_column_text(all,
				    0);
			grid_error_set(err, GRID_EUSAGE, NULL, 0, "tag",
			    "unknown tag '%s' (%s)", q->tags[i] ? q->tags[i] :
			    "", list != NULL ? list : "");
			sqlite3_finalize(all);
			return -1;
		}
		for (j = 0; j < n && strcmp(tags[j], code) != 0; j++)
			;
		if (j == n)
			grid_text_copy(tags[n++], GRID_GROUPSTATS_TAG_MAX,
			    code);
	}
	sqlite3_finalize(st);
	return (int)n;
}

/*
 * ?1 unused (bound as by group_sql), ?2 the reference date, ?3 and ?4 and
 * the tags as group_sql's.  %s: the tag parameters, the area's condition
 * on people (or nothing).
 */
static const char list_sql[] =
"WITH members (id_number) AS (\n"
"  SELECT id_number FROM person_tags WHERE tag IN (%s)\n"
"    AND (since IS NULL OR since <= ?2) AND (until IS NULL OR until >= ?2)\n"
"  GROUP BY id_number HAVING count(DISTINCT tag) >= ?3\n"
")\n"
"SELECT p.grid_code, p.id_number, p.name, p.phone, h.address\n"
"FROM people p LEFT JOIN houses h ON h.id = p.house_id\n"
"WHERE p.id_number IN members AND (?4 IS NULL OR\n"
"    p.birth_date BETWEEN '0000-01-01' AND ?4)\n"
"  AND (p.birth_date IS NULL OR p.birth_date <= ?2\n"
"    OR p.birth_date > '9999-12-31')%s\n"
"ORDER BY p.grid_code IS NULL, p.grid_code, p.id_number";

static const struct grid_column list_columns[] = {
	{ "grid_code", GRID_COL_TEXT }, { "id_number", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT },
	{ "address", GRID_COL_TEXT }
};
_Static_assert(GRIDI_ARRAY_LEN(list_columns) ==
    GRID_GROUPSTATS_LIST_NCOLUMN, "GRID_GROUPSTATS_LIST_NCOLUMN counts them");

const struct grid_column *
grid_groupstats_list_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(list_columns);
	return list_columns;
}

/*
 * Prepares and binds the query of the counts (list 0: group_sql, units
 * of q->level) or of the list (list_sql), in area when it has a code.
 * 0 or -1.
 */
static int
prepare(struct grid_db *db, const struct grid_groupstats_query *q,
    int list, const char *day, const struct grid_area *area,
    sqlite3_stmt **s, struct grid_error *err)
{
	char tags[GRID_GROUPSTATS_MAX_TAGS][GRID_GROUPSTATS_TAG_MAX];
	char params[GRID_GROUPSTATS_MAX_TAGS * 6], cutoff[16];
	char sql[sizeof(group_sql) + sizeof(params) + 512];
	struct gridi_units units;
	int ntags, i, in = area->code[0] != '\0', rc;
	size_t len = 0;

	if ((ntags = canonical_tags(db, q, tags, err)) < 0)
		return -1;
	for (i = 0; i < ntags; i++)
		len += (size_t)snprintf(params + len, sizeof(params) - len,
		    "%s?%d", i ? "," : "", FIRST_TAG + i);
	gridi_units_init(db, list ? GRID_LEVEL_DISTRICT : q->level, &units);
	if (list)
		snprintf(sql, sizeof(sql), list_sql, params,
		    in ? area_people : "");
	else
		snprintf(sql, sizeof(sql), group_sql, params,
		    in ? area_people : "", units.select, in ? area_units : "",
		    units.name);
	if (grid_db_prepare(db, sql, s, err) != 0)
		return -1;
	if (q->age_min >= 0)
		gridi_birth_cutoff(day, q->age_min, cutoff, sizeof(cutoff));
	if (gridi_stats_bind_day(db, *s, units.prefix, day,
	    "group statistics", err) != 0)
		return -1;
	rc = sqlite3_bind_int(*s, 3, q->any ? 1 : ntags);
	if (rc == SQLITE_OK && q->age_min >= 0)
		rc = sqlite3_bind_text(*s, 4, cutoff, -1, SQLITE_TRANSIENT);
	for (i = 0; rc == SQLITE_OK && i < ntags; i++)
		rc = sqlite3_bind_text(*s, FIRST_TAG + i, tags[i], -1,
		    SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, "group statistics", err);
	return grid_area_bind(db, *s, area, err);
}

/* What each row of a run is handed with. */
struct run {
	const char *level;
	grid_groupstats_row_fn on_row;
	void *ctx;
};

/* Fills one row from the statement's current row and hands it over. */
static int
unit_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	const struct run *run = arg;
	struct gridi_stats_row r;

	gridi_stats_unit(&r, run->level, s);
	gridi_stats_count(&r, 3, sqlite3_column_int64(s, 2));
	gridi_stats_count(&r, 4, sqlite3_column_int64(s, 3));
	gridi_stats_derive(gridi_stats_desc("groups"), &r);
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

/* Hands over one person of the list. */
static int
list_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	const struct run *run = arg;
	const char *values[GRID_GROUPSTATS_LIST_NCOLUMN];
	size_t i;

	for (i = 0; i < GRID_GROUPSTATS_LIST_NCOLUMN; i++)
		values[i] = (const char *)sqlite3_column_text(s, (int)i);
	return gridi_stats_emit(run->on_row, run->ctx, values, err);
}

/* The counts (list 0) or the list of q. */
static int
run_query(struct grid_db *db, const struct grid_groupstats_query *q,
    int list, grid_groupstats_row_fn on_row, void *ctx,
    struct grid_error *err)
{
	struct run run = { grid_level_name(q->level), on_row, ctx };
	enum grid_level level = list ? GRID_LEVEL_NONE : q->level;
	struct grid_area area;
	char day[GRIDI_DAY_SIZE];
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (gridi_stats_args(list ? GRID_LEVEL_DISTRICT : q->level, q->at,
	    day, err) != 0)
		goto out;
	if (q->age_min > 150) {
		grid_error_set(err, GRID_EUSAGE, NULL, 0, "age_min",
		    "not an age %d (0-150)", q->age_min);
		goto out;
	}
	if (grid_area_resolve(db, q->area, level, &area, err) != 0 ||
	    prepare(db, q, list, day, &area, &s, err) != 0)
		goto out;
	ret = gridi_stats_step(db, s, "group statistics", list ? list_row :
	    unit_row, &run, err);
out:
	sqlite3_finalize(s);
	return ret;
}

int
grid_groupstats_run(struct grid_db *db,
    const struct grid_groupstats_query *q, grid_groupstats_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	return run_query(db, q, 0, on_row, ctx, err);
}

int
grid_groupstats_list(struct grid_db *db,
    const struct grid_groupstats_query *q, grid_groupstats_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	return run_query(db, q, 1, on_row, ctx, err);
}
