/*
 * stats_population.c - population statistics per unit (popstats.h).
 *
 * Two queries, read in step, both ordered by unit: one pass over people
 * grouped by the unit's prefix of grid_code, and the tag counts from
 * person_tags joined to people.  Age bands need no age per person:
 * "aged k or more on AT" is "born on or before the day k years before
 * AT" (year - k, same month and day), the same as the year difference
 * less one when the birthday is still to come.  As text, 2023-02-29 is a
 * correct bound even though no such day exists: a 29 February birth is
 * after it, so the birthday counts from 1 March.  The query counts people
 * younger than 15, 60, 65 and 80; the bands are differences of those.
 * The shares, ratios and stage are derived from the row's counts by its
 * description (statmerge.h), as a merge of districts derives them.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/popstats.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "stats_internal.h"

/* Room for the tag vocabulary; popstats_columns checks it fits. */
#define MAX_TAGS 40
#define MAX_COLUMNS (GRID_POPSTATS_FIXED + MAX_TAGS + 4)
_Static_assert(MAX_COLUMNS <= GRIDI_STATS_MAX_COLUMNS,
    "a row of the population statistics fits a gridi_stats_row");

/* The ages that bound the bands, in the order of the query's cutoffs. */
static const int band_ages[] = { 15, 60, 65, 80 };
#define NBOUNDS GRIDI_ARRAY_LEN(band_ages)

static struct grid_column columns[MAX_COLUMNS] = {
	GRIDI_UNIT_COLUMNS, { "people", GRID_COL_INT },
	{ "male", GRID_COL_INT }, { "female", GRID_COL_INT },
	{ "households", GRID_COL_INT }, { "age_0_14", GRID_COL_INT },
	{ "age_15_59", GRID_COL_INT }, { "age_60_64", GRID_COL_INT },
	{ "age_65_79", GRID_COL_INT }, { "age_80_plus", GRID_COL_INT },
	{ "aged_60_share", GRID_COL_REAL }, { "aged_65_share", GRID_COL_REAL },
	{ "ageing_stage", GRID_COL_TEXT },
	{ "dependency_total", GRID_COL_REAL },
	{ "dependency_child", GRID_COL_REAL },
	{ "dependency_old", GRID_COL_REAL },
	{ "floating", GRID_COL_INT }, { "overseas", GRID_COL_INT }
};
static char tag_names[MAX_TAGS][48];
static size_t ncolumns, ntag_columns;

const struct grid_column *
grid_popstats_columns(size_t *n)
{
	const struct grid_vocab *tags;
	const char *tag;
	size_t i;

	if (ncolumns == 0) {
		tags = grid_vocab_find("tag");
		for (i = 0; i < MAX_TAGS && tags != NULL &&
		    (tag = grid_vocab_value(tags, i)) != NULL; i++) {
			snprintf(tag_names[i], sizeof(tag_names[i]), "tag_%s",
			    tag);
			columns[GRID_POPSTATS_FIXED + i].name = tag_names[i];
			columns[GRID_POPSTATS_FIXED + i].type = GRID_COL_INT;
		}
		ntag_columns = i;
		ncolumns = GRID_POPSTATS_FIXED + i;
		columns[ncolumns].name = "floating_share";
		columns[ncolumns++].type = GRID_COL_REAL;
		columns[ncolumns].name = "overseas_share";
		columns[ncolumns++].type = GRID_COL_REAL;
		columns[ncolumns].name = "floating_rented";
		columns[ncolumns++].type = GRID_COL_INT;
		columns[ncolumns].name = "floating_rented_share";
		columns[ncolumns++].type = GRID_COL_REAL;
	}
	if (n != NULL)
		*n = ncolumns;
	return columns;
}

/*
 * ?1 prefix length, ?2 the reference date, ?3-?6 the latest birth dates
 * of ages 15, 60, 65, 80.  A birth_date outside '0000-01-01' to
 * '9999-12-31' is no date: the person counts, without an age.  %s: the
 * area's condition on people (or nothing), the units of the level and
 * the area's condition on them, the name of a unit u.unit.
 */
static const char main_sql[] =
"WITH agg AS (\n"
"  SELECT substr(grid_code, 1, ?1) AS unit, count(*) AS people,\n"
"    sum(sex = 'M') AS male, sum(sex = 'F') AS female,\n"
"    count(DISTINCT household_id) AS households,\n"
"    sum(birth_date BETWEEN '0000-01-01' AND ?2) AS dated,\n"
"    sum(birth_date > ?3 AND birth_date <= ?2) AS under15,\n"
"    sum(birth_date > ?4 AND birth_date <= ?2) AS under60,\n"
"    sum(birth_date > ?5 AND birth_date <= ?2) AS under65,\n"
"    sum(birth_date > ?6 AND birth_date <= ?2) AS under80,\n"
"    sum(residence = 'floating') AS floating,\n"
"    sum(residence = 'overseas') AS overseas,\n"
"    sum(residence = 'floating' AND house_id IN\n"
"      (SELECT id FROM houses WHERE rented = 1)) AS floating_rented\n"
"  FROM people p\n"
"  WHERE (birth_date IS NULL OR birth_date <= ?2\n"
"    OR birth_date > '9999-12-31')%s\n"
"  GROUP BY 1\n"
"), units (unit) AS (\n"
"  %s%s\n"
"  UNION SELECT unit FROM agg\n"
")\n"
"SELECT u.unit, %s, ifnull(a.people, 0), ifnull(a.male, 0),\n"
"  ifnull(a.female, 0), ifnull(a.households, 0), ifnull(a.dated, 0),\n"
"  ifnull(a.under15, 0), ifnull(a.under60, 0), ifnull(a.under65, 0),\n"
"  ifnull(a.under80, 0), ifnull(a.floating, 0), ifnull(a.overseas, 0),\n"
"  ifnull(a.floating_rented, 0)\n"
"FROM units u LEFT JOIN agg a ON a.unit IS u.unit\n"
"ORDER BY u.unit IS NULL, u.unit";

/* The result columns of main_sql after unit and name. */
enum {
	C_PEOPLE = 2, C_MALE, C_FEMALE, C_HOUSEHOLDS, C_DATED, C_UNDER15,
	C_UNDER60, C_UNDER65, C_UNDER80, C_FLOATING, C_OVERSEAS,
	C_FLOATING_RENTED
};

/* %s: the area's condition on people, or nothing. */
static const char tag_sql[] =
"SELECT substr(p.grid_code, 1, ?1) AS unit, t.tag, count(*)\n"
"FROM person_tags t JOIN people p ON p.id_number = t.id_number\n"
"WHERE (p.birth_date IS NULL OR p.birth_date <= ?2\n"
"  OR p.birth_date > '9999-12-31')%s\n"
"GROUP BY 1, 2\n"
"ORDER BY unit IS NULL, unit";

/* The area's conditions, on people p and on the units' codes. */
static const char area_people[] = GRIDI_AREA_PEOPLE;
static const char area_units[] = GRIDI_AREA_UNITS;

struct run {
	struct grid_db *db;
	const char *level;
	sqlite3_stmt *units;
	sqlite3_stmt *tags;
	int tags_left;			/* tags holds a row not yet used */
	long long tag_count[MAX_TAGS];
	size_t ntags;
	struct gridi_stats_row row;	/* the current row */
	const struct grid_stat_desc *desc;	/* its figures */
	grid_popstats_row_fn on_row;
	void *ctx;
};

/* Units in the order of the queries: by code, NULL last. */
static int
unit_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* The index of a tag in the vocabulary, -1 when not in it. */
static int
tag_index(const char *tag)
{
	size_t i;

	for (i = GRID_POPSTATS_FIXED; tag != NULL &&
	    i < GRID_POPSTATS_FIXED + ntag_columns; i++)
		if (strcmp(columns[i].name + 4, tag) == 0)
			return (int)(i - GRID_POPSTATS_FIXED);
	return -1;
}

/* Adds up the tag rows of unit into run->tag_count.  Returns 0 or -1. */
static int
collect_tags(struct run *run, const char *unit, struct grid_error *err)
{
	const char *tag_unit;
	int c, i, rc;

	memset(run->tag_count, 0, sizeof(run->tag_count));
	while (run->tags_left) {
		tag_unit = (const char *)sqlite3_column_text(run->tags, 0);
		c = unit_cmp(tag_unit, unit);
		if (c > 0)
			break;
		i = tag_index((const char *)sqlite3_column_text(run->tags, 1));
		if (c == 0 && i >= 0)
			run->tag_count[i] += sqlite3_column_int64(run->tags, 2);
		rc = sqlite3_step(run->tags);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return grid_db_error(run->db, rc, "counting tags", err);
		run->tags_left = rc == SQLITE_ROW;
	}
	return 0;
}

/* Fills run->row from the current row of run->units. */
static void
fill_row(struct run *run)
{
	struct gridi_stats_row *r = &run->row;
	sqlite3_stmt *s = run->units;
	long long dated, under[NBOUNDS];
	size_t i;

	for (i = 0; i < NBOUNDS; i++)
		under[i] = sqlite3_column_int64(s, C_UNDER15 + (int)i);
	dated = sqlite3_column_int64(s, C_DATED);
	gridi_stats_unit(r, run->level, s);
	for (i = 0; i < 4; i++)
		gridi_stats_count(r, 3 + i, sqlite3_column_int64(s, C_PEOPLE +
		    (int)i));
	gridi_stats_count(r, 7, under[0]);
	gridi_stats_count(r, 8, under[1] - under[0]);
	gridi_stats_count(r, 9, under[2] - under[1]);
	gridi_stats_count(r, 10, under[3] - under[2]);
	gridi_stats_count(r, 11, dated - under[3]);
	gridi_stats_count(r, 18, sqlite3_column_int64(s, C_FLOATING));
	gridi_stats_count(r, 19, sqlite3_column_int64(s, C_OVERSEAS));
	for (i = 0; i < run->ntags; i++)
		gridi_stats_count(r, GRID_POPSTATS_FIXED + i,
		    run->tag_count[i]);
	gridi_stats_count(r, GRID_POPSTATS_FIXED + run->ntags + 2,
	    sqlite3_column_int64(s, C_FLOATING_RENTED));
	/* the shares, ratios and the ageing stage (statmerge.h) */
	gridi_stats_derive(run->desc, r);
}

/* One unit: its tags counted, its row filled and handed over. */
static int
unit_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	struct run *run = arg;

	if (collect_tags(run, (const char *)sqlite3_column_text(s, 0),
	    err) != 0)
		return -1;
	fill_row(run);
	return gridi_stats_emit(run->on_row, run->ctx, run->row.values, err);
}

/*
 * Binds the parameters shared by both statements: the prefix length,
 * the date and (cutoffs) the birth dates of the bands.  Returns 0 or -1.
 */
static int
bind_dates(struct run *run, sqlite3_stmt *s, int prefix, const char *at,
    int cutoffs, struct grid_error *err)
{
	char cutoff[16];
	int rc = SQLITE_OK;
	size_t i;

	if (gridi_stats_bind_day(run->db, s, prefix, at,
	    "population statistics", err) != 0)
		return -1;
	for (i = 0; cutoffs && rc == SQLITE_OK && i < NBOUNDS; i++) {
		gridi_birth_cutoff(at, band_ages[i], cutoff, sizeof(cutoff));
		rc = sqlite3_bind_text(s, 3 + (int)i, cutoff, -1,
		    SQLITE_TRANSIENT);
	}
	if (rc != SQLITE_OK)
		return grid_db_error(run->db, rc, "population statistics",
		    err);
	return 0;
}

/*
 * Prepares and binds both statements, restricted to area when it has a
 * code.  Returns 0 or -1.
 */
static int
prepare(struct run *run, enum grid_level level, const char *at,
    const struct grid_area *area, struct grid_error *err)
{
	struct gridi_units units;
	char sql[sizeof(main_sql) + 512], tags[sizeof(tag_sql) + 128];
	int in = area->code[0] != '\0', rc;

	gridi_units_init(run->db, level, &units);
	snprintf(sql, sizeof(sql), main_sql, in ? area_people : "",
	    units.select, in ? area_units : "", units.name);
	snprintf(tags, sizeof(tags), tag_sql, in ? area_people : "");
	if (grid_db_prepare(run->db, sql, &run->units, err) != 0 ||
	    grid_db_prepare(run->db, tags, &run->tags, err) != 0 ||
	    bind_dates(run, run->units, units.prefix, at, 1, err) != 0 ||
	    bind_dates(run, run->tags, units.prefix, at, 0, err) != 0 ||
	    grid_area_bind(run->db, run->units, area, err) != 0 ||
	    grid_area_bind(run->db, run->tags, area, err) != 0)
		return -1;
	rc = sqlite3_step(run->tags);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(run->db, rc, "counting tags", err);
	run->tags_left = rc == SQLITE_ROW;
	return 0;
}

int
grid_popstats_run(struct grid_db *db, const struct grid_popstats_query *q,
    grid_popstats_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct grid_area area;
	struct run run;
	char day[GRIDI_DAY_SIZE];
	int ret = -1;

	memset(&run, 0, sizeof(run));
	run.db = db;
	run.level = grid_level_name(q->level);
	run.on_row = on_row;
	run.ctx = ctx;
	grid_popstats_columns(NULL);
	run.ntags = ntag_columns;
	if ((run.desc = gridi_stats_desc("population")) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no description of the population statistics");
		goto out;
	}
	if (gridi_stats_args(q->level, q->at, day, err) != 0 ||
	    grid_area_resolve(db, q->area, q->level, &area, err) != 0 ||
	    prepare(&run, q->level, day, &area, err) != 0)
		goto out;
	ret = gridi_stats_step(db, run.units, "population statistics",
	    unit_row, &run, err);
out:
	sqlite3_finalize(run.units);
	sqlite3_finalize(run.tags);
	return ret;
}

/*
 * The 5-year band of each person with a sex and a birth date on or
 * before ?1, in completed years on ?1 (the birthday not yet reached on
 * the day when its MM-DD text is later), 100 and over in the last band.
 * %s: the area's condition on people, or nothing.
 */
static const char pyramid_sql[] =
"SELECT min((CAST(substr(?1, 1, 4) AS INTEGER)\n"
"    - CAST(substr(birth_date, 1, 4) AS INTEGER)\n"
"    - (substr(birth_date, 6, 5) > substr(?1, 6, 5))) / 5, ?2),\n"
"  sex = 'F', count(*)\n"
"FROM people p\n"
"WHERE birth_date BETWEEN '0000-01-01' AND ?1 AND sex IN ('M', 'F')%s\n"
"GROUP BY 1, 2";

const char *
grid_popstats_band(size_t i)
{
	static const char *const bands[GRID_POPSTATS_NBANDS] = {
		"0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34",
		"35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
		"65-69", "70-74", "75-79", "80-84", "85-89", "90-94",
		"95-99", "100+"
	};

	return i < GRID_POPSTATS_NBANDS ? bands[i] : NULL;
}

/* Adds a row of pyramid_sql to the counts of its band (male, female). */
static int
pyramid_row(void *arg, sqlite3_stmt *s, struct grid_error *err)
{
	long long **counts = arg;
	long long band = sqlite3_column_int64(s, 0);

	if (band >= 0 && band < GRID_POPSTATS_NBANDS)
		counts[sqlite3_column_int(s, 1) ? 1 : 0][band] +=
		    sqlite3_column_int64(s, 2);
	return 0;
}

int
grid_popstats_pyramid(struct grid_db *db,
    const struct grid_popstats_query *q, long long *male, long long *female,
    struct grid_error *err)
{
	struct grid_area area;
	sqlite3_stmt *s = NULL;
	char day[GRIDI_DAY_SIZE], sql[sizeof(pyramid_sql) + 128];
	long long *counts[2] = { male, female };
	int rc, ret = -1;

	memset(male, 0, GRID_POPSTATS_NBANDS * sizeof(*male));
	memset(female, 0, GRID_POPSTATS_NBANDS * sizeof(*female));
	if (gridi_stats_args(GRID_LEVEL_DISTRICT, q->at, day, err) != 0 ||
	    grid_area_resolve(db, q->area, GRID_LEVEL_NONE, &area, err) != 0)
		goto out;
	snprintf(sql, sizeof(sql), pyramid_sql, area.code[0] != '\0' ?
	    area_people : "");
	if (grid_db_prepare(db, sql, &s, err) != 0 ||
	    grid_area_bind(db, s, &area, err) != 0)
		goto out;
	if ((rc = sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC)) !=
	    SQLITE_OK || (rc = sqlite3_bind_int(s, 2,
	    GRID_POPSTATS_NBANDS - 1)) != SQLITE_OK) {
		grid_db_error(db, rc, "population pyramid", err);
		goto out;
	}
	ret = gridi_stats_step(db, s, "population pyramid", pyramid_row,
	    counts, err);
out:
	sqlite3_finalize(s);
	return ret;
}
