/*
 * stats_groups.c - where a group lives (groupstats.h).
 *
 * One query in the shape of stats_population.c's: people grouped by the unit's
 * prefix of grid_code, counting everyone and the members of the group,
 * the units of the level joined in so that empty units have a row.  The
 * group is a set of ID numbers computed once: those with at least k of
 * the tags asked for (k = 1 for --any, else the number of distinct
 * tags).  "Aged N or more on AT" is "born on or before the day N years
 * before AT", as in stats_population.c.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/groupstats.h"
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
"  GROUP BY id_number HAVING count(*) >= ?3\n"
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
 * Checks the tags and writes their canonical values, without repeats,
 * to tags; returns their number, or -1 with err.
 */
static int
canonical_tags(const struct grid_groupstats_query *q, const char **tags,
    struct grid_error *err)
{
	const struct grid_vocab *vocab = grid_vocab_find("tag");
	const char *tag;
	size_t i, j, n = 0;

	if (q->ntags == 0 || q->ntags > GRID_GROUPSTATS_MAX_TAGS)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "tag",
		    "give 1 to %d tags", GRID_GROUPSTATS_MAX_TAGS);
	for (i = 0; i < q->ntags; i++) {
		tag = q->tags[i] != NULL ? grid_vocab_lookup(vocab,
		    q->tags[i]) : NULL;
		if (tag == NULL)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, "tag",
			    "unknown tag '%s' (%s)", q->tags[i] ? q->tags[i] :
			    "", grid_vocab_values(vocab));
		for (j = 0; j < n && strcmp(tags[j], tag) != 0; j++)
			;
		if (j == n)
			tags[n++] = tag;
	}
	return (int)n;
}

/* Prepares and binds the query, in area when it has a code.  0 or -1. */
static int
prepare(struct grid_db *db, const struct grid_groupstats_query *q,
    const char *day, const struct grid_area *area, sqlite3_stmt **s,
    struct grid_error *err)
{
	const char *tags[GRID_GROUPSTATS_MAX_TAGS];
	char params[GRID_GROUPSTATS_MAX_TAGS * 6], cutoff[16];
	char sql[sizeof(group_sql) + sizeof(params) + 512];
	struct gridi_units units;
	int ntags, i, in = area->code[0] != '\0', rc;
	size_t len = 0;

	if ((ntags = canonical_tags(q, tags, err)) < 0)
		return -1;
	for (i = 0; i < ntags; i++)
		len += (size_t)snprintf(params + len, sizeof(params) - len,
		    "%s?%d", i ? "," : "", FIRST_TAG + i);
	gridi_units_init(db, q->level, &units);
	snprintf(sql, sizeof(sql), group_sql, params, in ? area_people : "",
	    units.select, in ? area_units : "", units.name);
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
		    SQLITE_STATIC);
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
	gridi_stats_share(&r, 5, sqlite3_column_int64(s, 3),
	    sqlite3_column_int64(s, 2));
	return gridi_stats_emit(run->on_row, run->ctx, r.values, err);
}

int
grid_groupstats_run(struct grid_db *db,
    const struct grid_groupstats_query *q, grid_groupstats_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	struct run run = { grid_level_name(q->level), on_row, ctx };
	struct grid_area area;
	char day[GRIDI_DAY_SIZE];
	sqlite3_stmt *s = NULL;
	int ret = -1;

	if (gridi_stats_args(q->level, q->at, day, err) != 0)
		goto out;
	if (q->age_min > 150) {
		grid_error_set(err, GRID_EUSAGE, NULL, 0, "age_min",
		    "not an age %d (0-150)", q->age_min);
		goto out;
	}
	if (grid_area_resolve(db, q->area, q->level, &area, err) != 0 ||
	    prepare(db, q, day, &area, &s, err) != 0)
		goto out;
	ret = gridi_stats_step(db, s, "group statistics", unit_row, &run,
	    err);
out:
	sqlite3_finalize(s);
	return ret;
}
