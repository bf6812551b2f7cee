/*
 * stats_cases.c - case counts by category, place and time (casestats.h).
 *
 * One query groups the cases by the key expressions of the dimensions
 * (fixed SQL text, chosen from a table; the values are bound), names the
 * keys, and counts the people of a place by a range on the people_grid
 * index.  The rows are kept in memory (one per combination of keys, a
 * few thousand at most) to compute shares, ranks and the hotspot flag.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/casestats.h"
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

/* One row of the table. */
struct row {
	char *key[GRID_CASESTATS_MAX_DIMS], *name[GRID_CASESTATS_MAX_DIMS];
	long long cases, people;
	int unit;		/* every key present */
	long rank, rank_by_rate;	/* 0: none */
};

struct table {
	const struct grid_casestats_query *q;
	int place;		/* index of the first place dimension, or -1 */
	struct row *rows;
	size_t n, cap;
	long long total;
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

static char *
copy_text(sqlite3_stmt *s, int i, int *ok)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char *copy;

	if (t == NULL)
		return NULL;
	if ((copy = strdup((const char *)t)) == NULL)
		*ok = 0;
	return copy;
}

/* Keeps the statement's current row in table arg.  0 or -1 (memory). */
static int
keep_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	struct table *t = arg;
	struct row *r;
	size_t i, nd = t->q->ndims;
	int ok = 1;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		struct row *rows = realloc(t->rows, cap * sizeof(*rows));

		if (rows == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		t->rows = rows;
		t->cap = cap;
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->unit = 1;
	for (i = 0; i < nd; i++) {
		r->key[i] = copy_text(s, 2 * (int)i, &ok);
		r->name[i] = copy_text(s, 2 * (int)i + 1, &ok);
		if (sqlite3_column_type(s, 2 * (int)i) == SQLITE_NULL)
			r->unit = 0;
	}
	r->cases = sqlite3_column_int64(s, 2 * (int)nd);
	r->people = sqlite3_column_int64(s, 2 * (int)nd + 1);
	t->total += r->cases;
	if (!ok)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
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

/* Row a ranks before row b by cases (ties: key order, kept by index). */
static int
by_cases(const struct row *a, const struct row *b)
{
	return a->cases > b->cases;
}

/* Row a ranks before b by rate (cases / people, cross-multiplied). */
static int
by_rate(const struct row *a, const struct row *b)
{
	return a->cases * b->people > b->cases * a->people;
}

/*
 * Sets rank (or rank_by_rate) of the units: 1 + the units ranking before
 * each, by before(), ties by key order.  Quadratic, on a few thousand
 * rows at most.
 */
static void
rank(struct table *t, int (*before)(const struct row *, const struct row *),
    int rate)
{
	size_t i, j;
	long k;

	for (i = 0; i < t->n; i++) {
		struct row *r = &t->rows[i];

		if (!r->unit || (rate && r->people <= 0))
			continue;
		for (k = 1, j = 0; j < t->n; j++) {
			const struct row *o = &t->rows[j];

			if (j == i || !o->unit || (rate && o->people <= 0))
				continue;
			if (before(o, r) || (j < i && !before(r, o)))
				k++;
		}
		if (rate)
			r->rank_by_rate = k;
		else
			r->rank = k;
	}
}

/* The sums over the units of their cases and squares: n, S, SS. */
struct spread {
	long double n, sum, squares;
};

static void
spread(const struct table *t, struct spread *sp)
{
	size_t i;

	memset(sp, 0, sizeof(*sp));
	for (i = 0; i < t->n; i++)
		if (t->rows[i].unit) {
			sp->n += 1;
			sp->sum += (long double)t->rows[i].cases;
			sp->squares += (long double)t->rows[i].cases *
			    (long double)t->rows[i].cases;
		}
}

/*
 * cases > mean + 2 sd (population sd), in integers: with d = n c - S,
 * d > 0 and d^2 > 4 (n SS - S^2), exact while the figures fit in a long
 * double's 64-bit mantissa.
 */
static int
hotspot(const struct spread *sp, long long cases)
{
	long double d = sp->n * (long double)cases - sp->sum;

	return d > 0 && d * d > 4 * (sp->n * sp->squares - sp->sum * sp->sum);
}

/* ---- the output ---- */

/* Sets column i to n, or to NULL when n is 0 (no rank). */
static void
rank_value(struct gridi_stats_row *o, size_t i, long n)
{
	if (n != 0)
		gridi_stats_count(o, i, n);
	else
		o->values[i] = NULL;
}

/* The values of row r. */
static void
fill(const struct table *t, const struct row *r, const struct spread *sp,
    struct gridi_stats_row *o)
{
	size_t i, n = 0;

	if (t->place >= 0) {
		o->values[n++] = grid_level_name(
		    dims[t->q->dims[t->place]].level);
		o->values[n++] = r->key[t->place];
		o->values[n++] = r->name[t->place];
	}
	for (i = 0; i < t->q->ndims; i++) {
		o->values[n++] = r->key[i];
		if (name_column(&dims[t->q->dims[i]]) != NULL)
			o->values[n++] = r->name[i];
	}
	gridi_stats_count(o, n++, r->cases);
	gridi_stats_share(o, n++, r->cases, t->total);
	if (t->place >= 0 && r->key[t->place] == NULL) {
		o->values[n++] = NULL;	/* no place: no people, no rate */
		o->values[n++] = NULL;
		o->values[n++] = NULL;
	} else if (t->place >= 0) {
		gridi_stats_count(o, n++, r->people);
		gridi_stats_share(o, n++, r->cases * 10, r->people);
		rank_value(o, n++, r->rank_by_rate);
	}
	rank_value(o, n++, r->rank);
	o->values[n++] = r->unit ? (hotspot(sp, r->cases) ? "1" : "0") : NULL;
}

/* Calls on_row for the rows (top: the units by rank).  0 or -1. */
static int
emit(const struct table *t, grid_casestats_row_fn on_row, void *ctx,
    struct grid_error *err)
{
	struct spread sp;
	struct gridi_stats_row o;
	size_t i;
	long k, last = t->q->top > 0 ? t->q->top : 0;

	spread(t, &sp);
	for (k = 1; last > 0 && k <= last; k++)
		for (i = 0; i < t->n; i++)
			if (t->rows[i].rank == k) {
				fill(t, &t->rows[i], &sp, &o);
				if (gridi_stats_emit(on_row, ctx, o.values,
				    err) != 0)
					return -1;
			}
	for (i = 0; last == 0 && i < t->n; i++) {
		fill(t, &t->rows[i], &sp, &o);
		if (gridi_stats_emit(on_row, ctx, o.values, err) != 0)
			return -1;
	}
	return 0;
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

static void
free_table(struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < GRID_CASESTATS_MAX_DIMS; j++) {
			free(t->rows[i].key[j]);
			free(t->rows[i].name[j]);
		}
	free(t->rows);
}

int
grid_casestats_run(struct grid_db *db,
    const struct grid_casestats_query *q, grid_casestats_row_fn on_row,
    void *ctx, struct grid_error *err)
{
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
	if (load(db, &t, from, to, &area, err) != 0)
		goto out;
	rank(&t, by_cases, 0);
	if (t.place >= 0)
		rank(&t, by_rate, 1);
	ret = emit(&t, on_row, ctx, err);
out:
	free_table(&t);
	return ret;
}
