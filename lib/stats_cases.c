/*
 * stats_cases.c - case counts by category, place and time (casestats.h).
 *
 * One query groups the cases by the key expressions of the dimensions
 * (fixed SQL text, chosen from a table; the values are bound), names the
 * keys, and counts the people of a place by a range on the people_grid
 * index.  The rows are kept in the statistic's table (statmerge.h: one
 * per combination of keys, a few thousand at most), which computes the
 * shares, rates, ranks and the hotspot flag, as a merge of districts
 * does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/casestats.h"
#include "grid/statmerge.h"
#include "grid/text.h"
#include "stats_internal.h"

_Static_assert(GRID_CASESTATS_MAX_COLUMNS <= GRIDI_STATS_MAX_COLUMNS,
    "a row fits a gridi_stats_row");

/*
 * A dimension: a place, whose name, columns and SQL are its level's
 * (levels.h), or another key with its name, key and name columns, SQL
 * key and name.
 */
struct dim {
	enum grid_level level;	/* a place: its level; else NONE, and: */
	const char *name, *key_column, *name_column;
	const char *key_sql;	/* over cases c */
	const char *name_sql;	/* the name: this, the key, name_end; */
	const char *name_end;	/* NULL: no name */
};

#define PLACE(level) { level, NULL, NULL, NULL, NULL, NULL, NULL }
static const struct dim dims[] = {
	[GRID_CS_CATEGORY] = { GRID_LEVEL_NONE, "category", "category_code",
	    "category_name", "c.category_code",
	    "(SELECT name FROM categories WHERE code = ", ")" },
	[GRID_CS_GRID] = PLACE(GRID_LEVEL_GRID),
	[GRID_CS_COMMUNITY] = PLACE(GRID_LEVEL_COMMUNITY),
	[GRID_CS_STREET] = PLACE(GRID_LEVEL_STREET),
	[GRID_CS_HOUR] = { GRID_LEVEL_NONE, "hour", "hour", NULL,
	    "CAST(strftime('%H', c.reported_at, 'localtime') AS INTEGER)",
	    NULL, NULL },
	[GRID_CS_WEEKDAY] = { GRID_LEVEL_NONE, "weekday", "weekday", NULL,
	    "(CAST(strftime('%w', c.reported_at, 'localtime') AS INTEGER) "
	    "+ 6) % 7 + 1", NULL, NULL },
	[GRID_CS_MONTH] = { GRID_LEVEL_NONE, "month", "month", NULL,
	    "strftime('%Y-%m', c.reported_at, 'localtime')", NULL, NULL },
};
#undef PLACE

static const char *
dim_name(const struct dim *d)
{
	return d->level != GRID_LEVEL_NONE ? grid_level_name(d->level) :
	    d->name;
}

static const char *
key_column(const struct dim *d)
{
	return d->level != GRID_LEVEL_NONE ?
	    grid_level_info(d->level)->code_key : d->key_column;
}

/* The column of the key's name; NULL: the key has no name. */
static const char *
name_column(const struct dim *d)
{
	return d->level != GRID_LEVEL_NONE ?
	    grid_level_info(d->level)->name_key : d->name_column;
}

/* The rows of a run: the statistic's table (statmerge.h). */
struct table {
	const struct grid_casestats_query *q;
	int place;		/* index of the first place dimension, or -1 */
	struct grid_stat_table *rows;
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	size_t ncolumns;
};

int
grid_casestats_dim_parse(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < GRIDI_ARRAY_LEN(dims); i++)
		if (strcmp(dim_name(&dims[i]), name) == 0)
			return (int)i;
	return -1;
}

/* The index of the first place dimension of q, or -1. */
static int
place_dim(const struct grid_casestats_query *q)
{
	size_t i;

	for (i = 0; i < q->ndims && i < GRID_CASESTATS_MAX_DIMS; i++)
		if (dims[q->dims[i]].level != GRID_LEVEL_NONE)
			return (int)i;
	return -1;
}

size_t
grid_casestats_columns(const struct grid_casestats_query *q,
    struct grid_column *columns)
{
	static const char *const tail[] = { "cases", "share", "people",
		"rate_per_1000", "rank_by_rate", "rank", "hotspot" };
	static const enum grid_coltype types[] = { GRID_COL_INT,
		GRID_COL_REAL, GRID_COL_INT, GRID_COL_REAL, GRID_COL_INT,
		GRID_COL_INT, GRID_COL_INT };
	static const struct grid_column unit[] = { GRIDI_UNIT_COLUMNS };
	size_t i, n = 0;
	int place = place_dim(q);

	for (i = 0; place >= 0 && i < GRIDI_ARRAY_LEN(unit); i++)
		columns[n++] = unit[i];
	for (i = 0; i < q->ndims && i < GRID_CASESTATS_MAX_DIMS; i++) {
		const struct dim *d = &dims[q->dims[i]];

		columns[n].name = key_column(d);
		columns[n++].type = d->level == GRID_LEVEL_NONE &&
		    q->dims[i] != GRID_CS_CATEGORY &&
		    q->dims[i] != GRID_CS_MONTH ? GRID_COL_INT : GRID_COL_TEXT;
		if (name_column(d) != NULL) {
			columns[n].name = name_column(d);
			columns[n++].type = GRID_COL_TEXT;
		}
	}
	for (i = 0; i < GRIDI_ARRAY_LEN(tail); i++) {
		if (place < 0 && i >= 2 && i <= 4)
			continue;
		columns[n].name = tail[i];
		columns[n++].type = types[i];
	}
	return n;
}

/* ---- the query ---- */

/*
 * ?1 the first instant, ?2 the end (excluded), both NULL for no limit,
 * ?3 the length of a grid code, the area ?50 (area.h).  %s: the keys,
 * the area's condition (or nothing), the group list, then the final
 * SELECT.
 */
static const char agg_sql[] =
"WITH agg AS (\n"
"  SELECT %s, count(*) AS n\n"
"  FROM cases c\n"
"  WHERE c.status NOT IN ('voided', 'merged')\n"
"    AND (?1 IS NULL OR julianday(c.reported_at) >= julianday(?1))\n"
"    AND (?2 IS NULL OR julianday(c.reported_at) < julianday(?2))%s\n"
"  GROUP BY %s\n"
")%s";

/* The area's conditions on the cases and on the units' codes. */
static const char area_cases[] = "\n    AND " GRID_AREA_SQL("c.grid_code");
static const char area_units[] = GRIDI_AREA_UNITS;

/*
 * The SQL builders append to a buffer: each returns 0, or -1 when the
 * buffer cannot take the text (its cap, or memory).
 */

/* The people of a place key, by a range of the people_grid index. */
static int
add_people(struct grid_buf *sql, const char *key)
{
	return grid_buf_addf(sql, "(SELECT count(*) FROM people p WHERE "
	    "p.grid_code >= %s AND p.grid_code < %s || ':')", key, key);
}

/* Appends the SQL of d's key over the cases c: a place's prefix of
 * grid_code (a grid's: ?3 characters). */
static int
add_key_sql(struct grid_buf *sql, const struct dim *d)
{
	const struct grid_level_info *l = grid_level_info(d->level);

	if (l == NULL)
		return grid_buf_adds(sql, d->key_sql);
	if (l->sequenced)
		return grid_buf_adds(sql, "substr(c.grid_code, 1, ?3)");
	return grid_buf_addf(sql, "substr(c.grid_code, 1, %zu)", l->digits);
}

/* Appends the key and name columns of dimension i over key. */
static int
add_key(struct grid_buf *sql, const struct dim *d, const char *key)
{
	char name[192];
	int rc;

	if (grid_buf_addf(sql, "%s, ", key) != 0)
		return -1;
	if (d->level != GRID_LEVEL_NONE) {
		gridi_units_name(d->level, key, name, sizeof(name));
		rc = grid_buf_adds(sql, name);
	} else if (d->name_sql != NULL)
		rc = grid_buf_addf(sql, "%s%s%s", d->name_sql, key,
		    d->name_end);
	else
		rc = grid_buf_adds(sql, "NULL");
	return rc != 0 ? -1 : grid_buf_adds(sql, ", ");
}

/* The keys k0, k1, ... of the dimensions, and the group list. */
static int
add_keys(const struct grid_casestats_query *q, struct grid_buf *keys,
    struct grid_buf *group)
{
	size_t i;

	for (i = 0; i < q->ndims; i++)
		if (grid_buf_adds(keys, i ? ", " : "") != 0 ||
		    add_key_sql(keys, &dims[q->dims[i]]) != 0 ||
		    grid_buf_addf(keys, " AS k%zu", i) != 0 ||
		    grid_buf_addf(group, "%sk%zu", i ? ", " : "", i) != 0)
			return -1;
	return 0;
}

/*
 * The final SELECT of a place alone: every unit of its level (in the
 * area ?50 when in), with its cases and people.
 */
static int
add_units_select(struct grid_db *db, const struct grid_casestats_query *q,
    int in, struct grid_buf *tail)
{
	struct gridi_units units;

	gridi_units_init(db, dims[q->dims[0]].level, &units);
	if (grid_buf_addf(tail, ", units (unit) AS (\n  %s%s\n  UNION "
	    "SELECT k0 FROM agg\n)\nSELECT ", units.select,
	    in ? area_units : "") != 0 ||
	    add_key(tail, &dims[q->dims[0]], "u.unit") != 0 ||
	    grid_buf_adds(tail, "ifnull(a.n, 0), ") != 0 ||
	    add_people(tail, "u.unit") != 0)
		return -1;
	return grid_buf_adds(tail, "\nFROM units u LEFT JOIN agg a ON "
	    "a.k0 IS u.unit\nORDER BY u.unit IS NULL, u.unit");
}

/* The final SELECT of the rows of agg, with the people of place. */
static int
add_rows_select(const struct grid_casestats_query *q, int place,
    struct grid_buf *tail)
{
	char key[32];
	size_t i;

	if (grid_buf_adds(tail, "\nSELECT ") != 0)
		return -1;
	for (i = 0; i < q->ndims; i++) {
		snprintf(key, sizeof(key), "a.k%zu", i);
		if (add_key(tail, &dims[q->dims[i]], key) != 0)
			return -1;
	}
	if (grid_buf_adds(tail, "a.n, ") != 0)
		return -1;
	snprintf(key, sizeof(key), "a.k%d", place);
	if ((place >= 0 ? add_people(tail, key) : grid_buf_adds(tail,
	    "NULL")) != 0 || grid_buf_adds(tail, "\nFROM agg a ORDER BY ") != 0)
		return -1;
	for (i = 0; i < q->ndims; i++)
		if (grid_buf_addf(tail, "%sa.k%zu IS NULL, a.k%zu",
		    i ? ", " : "", i, i) != 0)
			return -1;
	return 0;
}

/*
 * Builds the SQL of q: columns key_i, name_i for each dimension, the
 * count, the people of the place (or NULL).  A place alone lists the
 * units of its level too.  in: restricted to the area ?50.  Returns 0,
 * or -1 with err.
 */
static int
build_sql(struct grid_db *db, const struct grid_casestats_query *q,
    int place, int in, struct grid_buf *sql, struct grid_error *err)
{
	struct grid_buf keys, group, tail;
	int rc;

	grid_buf_init(&keys, 4096);
	grid_buf_init(&group, 4096);
	grid_buf_init(&tail, 8192);
	rc = add_keys(q, &keys, &group);
	if (rc == 0 && q->ndims == 1 && place == 0)
		rc = add_units_select(db, q, in, &tail);
	else if (rc == 0)
		rc = add_rows_select(q, place, &tail);
	if (rc == 0)
		rc = grid_buf_addf(sql, agg_sql, keys.data, in ? area_cases :
		    "", group.data, tail.data);
	grid_buf_release(&keys);
	grid_buf_release(&group);
	grid_buf_release(&tail);
	if (rc != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
}

/* ---- the period ---- */

/*
 * The instant where day (a date) begins in local time, plus days, into
 * out (ISO 8601).  Returns 0, or -1 with err (GRID_EUSAGE, field).
 */
static int
day_start(const char *day, int days, const char *field, char *out,
    size_t n, struct grid_error *err)
{
	struct grid_error date_err;
	char date[32];
	struct tm tm;

	if (grid_date_parse(day, date, sizeof(date), &date_err) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field, "%s",
		    date_err.text);
	memset(&tm, 0, sizeof(tm));
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;	/* an hour every day has, summer time or not */
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1 && tm.tm_year < 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field,
		    "date out of range '%s'", day);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	if (grid_time_parse(date, out, n, &date_err) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, field, "%s",
		    date_err.text);
	return 0;
}

/* Checks q; fills the bounds of the period (empty: none). */
static int
check_query(const struct grid_casestats_query *q, char *from, char *to,
    size_t n, struct grid_error *err)
{
	size_t i, j;

	if (q->ndims == 0 || q->ndims > GRID_CASESTATS_MAX_DIMS)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "by",
		    "give 1 to %d dimensions", GRID_CASESTATS_MAX_DIMS);
	for (i = 0; i < q->ndims; i++) {
		if ((size_t)q->dims[i] >= GRIDI_ARRAY_LEN(dims))
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, "by",
			    "no such dimension %d", (int)q->dims[i]);
		for (j = 0; j < i; j++)
			if (q->dims[j] == q->dims[i])
				return grid_error_set(err, GRID_EUSAGE, NULL,
				    0, "by", "'%s' given twice",
				    dim_name(&dims[q->dims[i]]));
	}
	from[0] = to[0] = '\0';
	if (q->from != NULL && day_start(q->from, 0, "from", from, n,
	    err) != 0)
		return -1;
	if (q->to != NULL && day_start(q->to, 1, "to", to, n, err) != 0)
		return -1;
	if (from[0] != '\0' && to[0] != '\0') {
		time_t a, b;

		if (grid_time_to_epoch(from, &a) == 0 &&
		    grid_time_to_epoch(to, &b) == 0 && b <= a)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, "to",
			    "'%s' is before '%s' (--from)", q->to, q->from);
	}
	return 0;
}

/* ---- the rows ---- */

/*
 * Adds the statement's current row to table arg: the keys and names of
 * the dimensions, the cases and the people of the place (none without
 * one); the shares, rates, ranks and hotspots are the table's.  0 or -1.
 */
static int
keep_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	struct table *t = arg;
	const char *values[GRID_CASESTATS_MAX_COLUMNS];
	const char *place_key = NULL;
	size_t i, n = 0, nd = t->q->ndims;

	memset(values, 0, sizeof(values));
	if (t->place >= 0) {
		place_key = (const char *)sqlite3_column_text(s,
		    2 * t->place);
		values[n++] = grid_level_name(
		    dims[t->q->dims[t->place]].level);
		values[n++] = place_key;
		values[n++] = (const char *)sqlite3_column_text(s,
		    2 * t->place + 1);
	}
	for (i = 0; i < nd; i++) {
		values[n++] = (const char *)sqlite3_column_text(s, 2 * (int)i);
		if (name_column(&dims[t->q->dims[i]]) != NULL)
			values[n++] = (const char *)sqlite3_column_text(s,
			    2 * (int)i + 1);
	}
	values[n++] = (const char *)sqlite3_column_text(s, 2 * (int)nd);
	n++;			/* share */
	if (t->place >= 0 && place_key != NULL)
		values[n] = (const char *)sqlite3_column_text(s,
		    2 * (int)nd + 1);
	return grid_stat_table_add(t->rows, values, err);
}

/* Runs the query and keeps its rows.  Returns 0 or -1. */
static int
load(struct grid_db *db, struct table *t, const char *from, const char *to,
    const struct grid_area *area, struct grid_error *err)
{
	struct grid_buf sql;
	sqlite3_stmt *s = NULL;
	struct gridi_units units;
	int rc, ret = -1;

	grid_buf_init(&sql, 64 * 1024);
	rc = build_sql(db, t->q, t->place, area->code[0] != '\0', &sql, err);
	if (rc == 0)
		rc = grid_db_prepare(db, sql.data, &s, err);
	grid_buf_release(&sql);
	if (rc != 0)
		goto out;
	gridi_units_init(db, GRID_LEVEL_GRID, &units);
	if ((from[0] != '\0' && (rc = sqlite3_bind_text(s, 1, from, -1,
	    SQLITE_STATIC)) != SQLITE_OK) || (to[0] != '\0' &&
	    (rc = sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC)) !=
	    SQLITE_OK) || (sqlite3_bind_parameter_count(s) >= 3 &&
	    (rc = sqlite3_bind_int(s, 3, units.prefix)) != SQLITE_OK)) {
		grid_db_error(db, rc, "case statistics", err);
		goto out;
	}
	if (grid_area_bind(db, s, area, err) != 0)
		goto out;
	ret = gridi_stats_step(db, s, "case statistics", keep_row, t, err);
out:
	sqlite3_finalize(s);
	return ret;
}

/*
 * Finds q's area into *area (none: code "") and checks that every place
 * of q lies inside it.  Returns 0 or -1.
 */
static int
resolve_area(struct grid_db *db, const struct grid_casestats_query *q,
    struct grid_area *area, struct grid_error *err)
{
	size_t i;

	if (grid_area_resolve(db, q->area, GRID_LEVEL_NONE, area, err) != 0)
		return -1;
	for (i = 0; q->area != NULL && i < q->ndims; i++)
		if (dims[q->dims[i]].level != GRID_LEVEL_NONE &&
		    grid_area_check_level(area, dims[q->dims[i]].level,
		    err) != 0)
			return -1;
	return 0;
}

int
grid_casestats_run(struct grid_db *db,
    const struct grid_casestats_query *q, grid_casestats_row_fn on_row,
    void *ctx, struct grid_error *err)
{
	struct grid_stat_desc desc;
	struct grid_area area;
	struct table t;
	char from[32], to[32];
	int ret = -1;

	memset(&t, 0, sizeof(t));
	t.q = q;
	if (check_query(q, from, to, sizeof(from), err) != 0 ||
	    resolve_area(db, q, &area, err) != 0)
		goto out;
	t.place = place_dim(q);
	t.ncolumns = grid_casestats_columns(q, t.columns);
	if (grid_stat_desc_init(&desc, "cases", t.columns, t.ncolumns,
	    err) != 0)
		goto out;
	if ((t.rows = grid_stat_table_new(&desc)) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	if (load(db, &t, from, to, &area, err) != 0)
		goto out;
	ret = grid_stat_table_emit(t.rows, q->top, on_row, ctx, err);
out:
	grid_stat_table_free(t.rows);
	return ret;
}
