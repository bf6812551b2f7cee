/*
 * test_popstats.c - unit tests of lib/stats_population.c on small
 * databases built for each test: ages on a birthday and the day before,
 * 29 February births, every band edge, shares and dependency ratios
 * worked out by hand, empty denominators, the ageing stage at exactly 7,
 * 14 and 20 %, tags, units of every level with their names and the row
 * of people without a grid, levels adding up, the reference date,
 * refusals; and the bands checked against grid_age_on over many birth
 * dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/popstats.h"
#include "grid/text.h"
#include "grid/vocab.h"

#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Grids 01 and 02 of 彩香一村, 01 of 三元坊; a professional grid. */
#define G1 "32050800100101"
#define G2 "32050800100102"
#define G3 "32050800100201"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508001002', 'community', '三元坊', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508001001', '彩香一村02', 'unit'),"
    "('" G3 "', '320508001002', '三元坊01', 'unit'),"
    "('32050800100190', '320508001001', '彩香消防', 'professional');"
    "INSERT INTO households (id) VALUES ('H1'), ('H2'), ('H3');";

static char dir[] = "/tmp/test_popstats.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"
static int person_no;

/* ---- the database ---- */

/*
 * Adds a person (id numbered in order) born on birth (NULL: unknown) in
 * grid (NULL: none), residence and household as given (NULL: defaults).
 * Returns the id, for tags.
 */
static const char *
person(char sex, const char *birth, const char *grid, const char *residence,
    const char *household)
{
	static char id[32];
	char *q;

	snprintf(id, sizeof(id), "P%05d", ++person_no);
	q = sqlite3_mprintf("INSERT INTO people (id_number, name, sex, "
	    "birth_date, grid_code, residence, household_id, updated_at) "
	    "VALUES (%Q, '某人', '%c', %Q, %Q, %Q, %Q, "
	    "'2024-01-01T00:00:00+08:00')", id, sex, birth, grid,
	    residence != NULL ? residence : "registered", household);
	sql(q);
	sqlite3_free(q);
	return id;
}

/* n people born on birth in grid. */
static void
people(int n, const char *birth, const char *grid)
{
	while (n-- > 0)
		person('F', birth, grid, NULL, NULL);
}

static void
tag(const char *id, const char *name)
{
	char *q = sqlite3_mprintf("INSERT INTO person_tags (id_number, tag) "
	    "VALUES (%Q, %Q)", id, name);

	sql(q);
	sqlite3_free(q);
}

/* ---- running and reading the rows ---- */

/* The area of the runs (--in); NULL: everywhere. */
static const char *in_area;

/* Runs the statistics; returns what grid_popstats_run returns. */
static int
run(enum grid_level level, const char *at, struct grid_error *err)
{
	struct grid_popstats_query q;

	memset(&q, 0, sizeof(q));
	q.level = level;
	q.at = at;
	q.area = in_area;
	forget();
	grid_popstats_columns(&ncols);
	return grid_popstats_run(db, &q, keep_row, NULL, err);
}

/* The pyramid on at, in in_area; returns what grid_popstats_pyramid does. */
static int
pyramid(const char *at, long long *male, long long *female,
    struct grid_error *err)
{
	struct grid_popstats_query q;

	memset(&q, 0, sizeof(q));
	q.at = at;
	q.area = in_area;
	return grid_popstats_pyramid(db, &q, male, female, err);
}

/* Runs and fails the test program on an error: the fixture is wrong. */
static void
run_ok(enum grid_level level, const char *at)
{
	struct grid_error e;

	if (run(level, at, &e) != 0)
		die("grid_popstats_run", e.text);
}

static size_t
column(const char *name)
{
	const struct grid_column *cols = grid_popstats_columns(NULL);
	size_t c;

	for (c = 0; c < ncols; c++)
		if (strcmp(cols[c].name, name) == 0)
			return c;
	die("no such column", name);
	return 0;
}

/* The value of name in the row of unit (NULL: the row without grid). */
static const char *
cell(const char *unit, const char *name)
{
	size_t r, c = column(name);

	for (r = 0; r < nrows; r++)
		if ((unit == NULL && cells[r][1] == NULL) || (unit != NULL &&
		    cells[r][1] != NULL && strcmp(cells[r][1], unit) == 0))
			return cells[r][c];
	return "(no row)";
}

static long
count(const char *unit, const char *name)
{
	const char *v = cell(unit, name);

	return v != NULL ? atol(v) : -1;
}

/* "unit:people" for every row, comma-separated, in order. */
static const char *
row_list(void)
{
	static char list[512];
	size_t r, len = 0;

	list[0] = '\0';
	for (r = 0; r < nrows && len < sizeof(list); r++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s:%s", r ? "," : "", cells[r][1] ? cells[r][1] : "-",
		    cells[r][column("people")]);
	return list;
}

/* The five bands of unit as "a/b/c/d/e". */
static const char *
bands(const char *unit)
{
	static char text[128];

	snprintf(text, sizeof(text), "%ld/%ld/%ld/%ld/%ld",
	    count(unit, "age_0_14"), count(unit, "age_15_59"),
	    count(unit, "age_60_64"), count(unit, "age_65_79"),
	    count(unit, "age_80_plus"));
	return text;
}

/* ---- tests ---- */

static void
test_columns(void)
{
	const struct grid_vocab *tags = grid_vocab_find("tag");
	const struct grid_column *cols;
	char last_tag[64];
	size_t n, ntags;

	for (ntags = 0; grid_vocab_value(tags, ntags) != NULL; ntags++)
		;
	snprintf(last_tag, sizeof(last_tag), "tag_%s",
	    grid_vocab_value(tags, ntags - 1));
	cols = grid_popstats_columns(&n);
	is_int(n, GRID_POPSTATS_FIXED + ntags + 4,
	    "20 columns, the tags, 2 shares, floating in rented houses");
	is_str(cols[0].name, "level", "first column");
	is_str(cols[13].name, "aged_65_share", "column 13");
	is_int(cols[13].type, GRID_COL_REAL, "shares are real");
	is_str(cols[19].name, "overseas", "last fixed column");
	is_str(cols[20].name, "tag_elderly_alone", "first tag column");
	is_str(cols[n - 5].name, last_tag, "last tag column");
	is_int(cols[n - 5].type, GRID_COL_INT, "tag counts are integers");
	is_str(cols[n - 4].name, "floating_share", "floating share after tags");
	is_str(cols[n - 3].name, "overseas_share", "overseas share");
	is_int(cols[n - 3].type, GRID_COL_REAL, "shares are real");
	is_str(cols[n - 2].name, "floating_rented", "then floating in rented");
	is_int(cols[n - 2].type, GRID_COL_INT, "a count");
	is_str(cols[n - 1].name, "floating_rented_share", "its share last");
	is_int(cols[n - 1].type, GRID_COL_REAL, "a share");
}

/* Each edge: born on the day (reaches the age) and a day later (not). */
static void
test_band_edges(void)
{
	db_create(fixture_sql);
	people(1, "2009-06-15", G1);	/* 15 */
	people(1, "2009-06-16", G1);	/* 14 */
	people(1, "1964-06-15", G1);	/* 60 */
	people(1, "1964-06-16", G1);	/* 59 */
	people(1, "1959-06-15", G1);	/* 65 */
	people(1, "1959-06-16", G1);	/* 64 */
	people(1, "1944-06-15", G1);	/* 80 */
	people(1, "1944-06-16", G1);	/* 79 */
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_str(bands(G1), "1/2/2/2/1", "bands on the birthdays");
	is_int(count(G1, "people"), 8, "8 people");
	is_str(cell(G1, "aged_60_share"), "62.50", "60+ share 5/8");
	is_str(cell(G1, "aged_65_share"), "37.50", "65+ share 3/8");
	is_str(cell(G1, "ageing_stage"), "super_aged", "37.5 % is super aged");
	is_str(cell(G1, "dependency_total"), "100.00", "total (1+3)/4");
	is_str(cell(G1, "dependency_child"), "25.00", "child 1/4");
	is_str(cell(G1, "dependency_old"), "75.00", "old 3/4");

	run_ok(GRID_LEVEL_GRID, "2024-06-14");
	is_str(bands(G1), "2/2/2/2/0", "the day before every birthday");
	run_ok(GRID_LEVEL_GRID, "2024-06-16");
	is_str(bands(G1), "0/2/2/2/2", "the day after: all 15, 60, 65, 80");
	run_ok(GRID_LEVEL_GRID, "2009-06-15");
	is_int(count(G1, "people"), 7, "not yet born: not counted");
	is_str(bands(G1), "1/4/1/1/0",
	    "ages of 2009: 0, 45, 44, 50, 49, 65, 64");
	db_remove();
}

static void
test_leap_day(void)
{
	db_create(fixture_sql);
	people(1, "2000-02-29", G1);
	people(1, "2009-02-28", G2);
	people(1, "2009-03-01", G2);
	run_ok(GRID_LEVEL_GRID, "2015-02-28");
	is_str(bands(G1), "1/0/0/0/0", "29 February: 14 on 28 February 2015");
	run_ok(GRID_LEVEL_GRID, "2015-03-01");
	is_str(bands(G1), "0/1/0/0/0", "15 on 1 March 2015");
	run_ok(GRID_LEVEL_GRID, "2016-02-28");
	is_str(bands(G1), "0/1/0/0/0", "still 15 on 28 February 2016");
	run_ok(GRID_LEVEL_GRID, "2024-02-29");
	is_str(bands(G2), "1/1/0/0/0",
	    "on 29 February 2024: born 28 Feb 2009 is 15, 1 March 14");
	is_str(bands(G1), "0/1/0/0/0", "and 29 Feb 2000 is 24");
	run_ok(GRID_LEVEL_GRID, "2014-03-01");
	is_str(bands(G1), "1/0/0/0/0", "14 on 1 March 2014");
	db_remove();
}

/* Bands against grid_age_on for birth dates every 13 days since 1925. */
static void
test_against_age_on(void)
{
	static const char *const dates[] = {
		"2024-02-29", "2024-03-01", "2023-02-28", "2023-03-01",
		"2024-12-31", "2025-01-01", "2020-06-15"
	};
	static const int edges[] = { 15, 60, 65, 80 };
	long want[5];
	char birth[11], got[64], expect[64];
	size_t d, b;
	int i, age;
	struct tm tm;
	time_t t;

	db_create(fixture_sql);
	sql("BEGIN");
	for (i = 0; i < 2900; i++) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 25;
		tm.tm_mday = 1 + 13 * i;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		localtime_r(&t, &tm);
		strftime(birth, sizeof(birth), "%Y-%m-%d", &tm);
		people(1, birth, G1);
	}
	people(1, "1928-02-29", G1);
	people(1, "1964-02-29", G1);
	people(1, "2008-02-29", G1);
	sql("COMMIT");
	for (d = 0; d < LEN(dates); d++) {
		sqlite3_stmt *st;

		memset(want, 0, sizeof(want));
		if (sqlite3_prepare_v2(grid_db_sqlite(db), "SELECT birth_date "
		    "FROM people", -1, &st, NULL) != SQLITE_OK)
			die("select", "birth dates");
		while (sqlite3_step(st) == SQLITE_ROW) {
			age = grid_age_on((const char *)sqlite3_column_text(
			    st, 0), dates[d]);
			if (age < 0)
				continue;
			for (b = 0; b < LEN(edges) && age >= edges[b]; b++)
				;
			want[b]++;
		}
		sqlite3_finalize(st);
		snprintf(expect, sizeof(expect), "%ld/%ld/%ld/%ld/%ld",
		    want[0], want[1], want[2], want[3], want[4]);
		run_ok(GRID_LEVEL_GRID, dates[d]);
		snprintf(got, sizeof(got), "bands on %s as grid_age_on",
		    dates[d]);
		is_str(bands(G1), expect, got);
	}
	db_remove();
}

/* 100 people with old of them 65+, the rest 30. */
static const char *
stage_of(int old)
{
	static char stage[32];
	const char *v;

	db_create(fixture_sql);
	sql("BEGIN");
	people(old, "1950-01-01", G1);
	people(100 - old, "1994-01-01", G1);
	sql("COMMIT");
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	v = cell(G1, "ageing_stage");
	snprintf(stage, sizeof(stage), "%s %s", cell(G1, "aged_65_share"),
	    v != NULL ? v : "(null)");
	db_remove();
	return stage;
}

static void
test_stages(void)
{
	is_str(stage_of(0), "0.00 none", "no one old: none");
	is_str(stage_of(6), "6.00 none", "6 %: none");
	is_str(stage_of(7), "7.00 ageing", "exactly 7 %: ageing");
	is_str(stage_of(13), "13.00 ageing", "13 %: ageing");
	is_str(stage_of(14), "14.00 aged", "exactly 14 %: aged");
	is_str(stage_of(19), "19.00 aged", "19 %: aged");
	is_str(stage_of(20), "20.00 super_aged", "exactly 20 %: super aged");
	is_str(stage_of(100), "100.00 super_aged", "everyone old");

	/* 1 of 15 is 6.67 %, 2 of 29 6.90 %, 1 of 7 14.29 (rounding). */
	db_create(fixture_sql);
	people(1, "1950-01-01", G1);
	people(14, "1994-01-01", G1);
	people(2, "1950-01-01", G2);
	people(27, "1994-01-01", G2);
	people(1, "1950-01-01", G3);
	people(6, "1994-01-01", G3);
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_str(cell(G1, "aged_65_share"), "6.67", "1/15 rounds to 6.67");
	is_str(cell(G2, "aged_65_share"), "6.90", "2/29 rounds to 6.90");
	is_str(cell(G2, "ageing_stage"), "none", "6.90 % is none");
	is_str(cell(G3, "aged_65_share"), "14.29", "1/7 rounds to 14.29");
	is_str(cell(G3, "dependency_old"), "16.67", "1/6 rounds to 16.67");
	is_str(cell(G3, "ageing_stage"), "aged", "14.29 % is aged");
	db_remove();
}

/* A share 1/8 = 12.5 % that does not round; 2/3 rounding up. */
static void
test_shares_by_hand(void)
{
	db_create(fixture_sql);
	/* G1: 2 children, 3 aged 30, 1 aged 62, 2 aged 70, residence mix */
	person('M', "2015-01-01", G1, NULL, "H1");
	person('F', "2016-01-01", G1, NULL, "H1");
	person('M', "1994-01-01", G1, "floating", "H2");
	person('F', "1994-01-01", G1, "floating", NULL);
	person('M', "1994-01-01", G1, "overseas", "H2");
	person('F', "1962-01-01", G1, NULL, "H3");
	person('M', "1954-01-01", G1, NULL, "H3");
	person('F', "1954-01-01", G1, NULL, NULL);
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_int(count(G1, "people"), 8, "people");
	is_int(count(G1, "male"), 4, "male");
	is_int(count(G1, "female"), 4, "female");
	is_int(count(G1, "households"), 3, "households: distinct, no NULL");
	is_int(count(G1, "floating"), 2, "floating");
	is_int(count(G1, "overseas"), 1, "overseas");
	is_str(cell(G1, "floating_share"), "25.00", "floating share 2/8");
	is_str(cell(G1, "overseas_share"), "12.50", "overseas share 1/8");
	is_str(bands(G1), "2/3/1/2/0", "bands");
	is_str(cell(G1, "aged_60_share"), "37.50", "60+ 3/8");
	is_str(cell(G1, "aged_65_share"), "25.00", "65+ 2/8");
	is_str(cell(G1, "ageing_stage"), "super_aged", "25 %: super aged");
	is_str(cell(G1, "dependency_total"), "100.00", "total (2+2)/4");
	is_str(cell(G1, "dependency_child"), "50.00", "child 2/4");
	is_str(cell(G1, "dependency_old"), "50.00", "old 2/4");

	/* G2: 2 of 3 aged 60+, 1 working: ratios over 100 %. */
	people(1, "1990-01-01", G2);
	people(1, "1960-01-01", G2);
	people(1, "2020-01-01", G2);
	people(1, "1940-01-01", G2);
	people(1, "1940-01-01", G2);
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_str(cell(G2, "aged_60_share"), "60.00", "60+ 3/5");
	is_str(cell(G2, "aged_65_share"), "40.00", "65+ 2/5");
	is_str(cell(G2, "dependency_total"), "150.00", "total (1+2)/2");
	is_str(cell(G2, "dependency_child"), "50.00", "child 1/2");
	is_str(cell(G2, "dependency_old"), "100.00", "old 2/2");
	db_remove();
}

static void
test_empty_denominators(void)
{
	db_create(fixture_sql);
	/* G1: children and old only; G2: no birth dates; G3: nobody. */
	people(2, "2020-01-01", G1);
	people(1, "1940-01-01", G1);
	person('M', NULL, G2, NULL, NULL);
	person('F', NULL, G2, "floating", NULL);
	people(1, "1990-01-01", "32050800100190");
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_str(cell(G1, "aged_65_share"), "33.33", "shares without workers");
	is_str(cell(G1, "dependency_total"), NULL, "no one 15-64: no total");
	is_str(cell(G1, "dependency_child"), NULL, "no child ratio");
	is_str(cell(G1, "dependency_old"), NULL, "no old-age ratio");
	is_int(count(G2, "people"), 2, "people without birth dates count");
	is_str(bands(G2), "0/0/0/0/0", "but in no band");
	is_int(count(G2, "floating"), 1, "floating without a birth date");
	is_str(cell(G2, "aged_60_share"), NULL, "no dates: no 60+ share");
	is_str(cell(G2, "aged_65_share"), NULL, "no 65+ share");
	is_str(cell(G2, "ageing_stage"), NULL, "no stage");
	is_int(count(G3, "people"), 0, "a grid without people has a row");
	is_str(cell(G3, "unit_name"), "三元坊01", "with its name");
	is_str(cell(G3, "aged_60_share"), NULL, "empty: no share");
	is_str(cell(G3, "ageing_stage"), NULL, "empty: no stage");
	is_str(cell(G3, "dependency_total"), NULL, "empty: no ratio");
	is_str(cell(G3, "floating_share"), NULL, "empty: no floating share");
	is_str(cell(G3, "overseas_share"), NULL, "empty: no overseas share");
	is_str(cell(G2, "floating_share"), "50.00",
	    "floating share over all people, dated or not");
	is_int(count(G3, "households"), 0, "empty: 0 households");
	is_int(count("32050800100190", "people"), 1,
	    "people in a professional grid are counted");
	is_str(cell("32050800100190", "unit_name"), "彩香消防",
	    "and named");
	db_remove();
}

static void
test_tags(void)
{
	const char *id;

	db_create(fixture_sql);
	id = person('F', "1940-01-01", G1, NULL, NULL);
	tag(id, "elderly_alone");
	tag(id, "disabled");
	tag(id, "vip");		/* not in the vocabulary: ignored */
	tag(person('M', "1950-01-01", G1, NULL, NULL), "elderly_alone");
	tag(person('M', "2015-01-01", G3, NULL, NULL), "left_behind_child");
	tag(person('M', "1990-01-01", NULL, NULL, NULL), "petitioner");
	tag(person('M', "2030-01-01", G3, NULL, NULL), "key_youth");
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_int(count(G1, "tag_elderly_alone"), 2, "two elderly alone");
	is_int(count(G1, "tag_disabled"), 1, "one disabled");
	is_int(count(G1, "tag_petitioner"), 0, "no petitioner in G1");
	is_int(count(G2, "tag_elderly_alone"), 0, "nothing in G2");
	is_int(count(G3, "tag_left_behind_child"), 1, "left-behind child");
	is_int(count(G3, "tag_key_youth"), 0, "not yet born: no tag");
	is_int(count(NULL, "tag_petitioner"), 1, "tag of someone without grid");
	run_ok(GRID_LEVEL_COMMUNITY, "2024-06-15");
	is_int(count("320508001001", "tag_elderly_alone"), 2,
	    "tags per community");
	is_int(count("320508001002", "tag_left_behind_child"), 1,
	    "in the next community");
	run_ok(GRID_LEVEL_DISTRICT, "2031-01-01");
	is_int(count("320508", "tag_key_youth"), 1, "born by 2031: counted");
	is_int(count("320508", "tag_disabled"), 1, "tags per district");
	db_remove();
}

static void
test_levels(void)
{
	static const char *const cols[] = {
		"people", "male", "female", "age_0_14", "age_15_59",
		"age_60_64", "age_65_79", "age_80_plus", "floating",
		"tag_disabled"
	};
	long sum;
	size_t i;

	db_create(fixture_sql);
	tag(person('M', "1940-01-01", G1, "floating", "H1"), "disabled");
	person('F', "1962-01-01", G1, NULL, "H1");
	person('F', "2000-01-01", G2, NULL, "H2");
	person('M', "2012-01-01", G3, "floating", "H3");
	tag(person('F', "1930-01-01", G3, NULL, NULL), "disabled");
	person('F', "1980-01-01", NULL, NULL, NULL);

	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_str(row_list(), G1 ":2," G2 ":1," G3 ":2,-:1",
	    "unit grids in order, the one without grid last");
	is_str(cell(G1, "level"), "grid", "level grid");
	is_str(cell(G1, "unit_name"), "彩香一村01", "grid name");
	is_str(cell(NULL, "unit_name"), NULL, "no name without grid");
	is_str(cell(NULL, "level"), "grid", "its level");

	run_ok(GRID_LEVEL_COMMUNITY, "2024-06-15");
	is_str(row_list(), "320508001001:3,320508001002:2,320508002001:0,-:1",
	    "communities, the empty one too");
	is_str(cell("320508001001", "level"), "community", "level community");
	is_str(cell("320508001001", "unit_name"), "彩香一村", "community name");
	is_int(count("320508001001", "households"), 2, "households of it");
	is_str(cell("320508002001", "unit_name"), "平江新城",
	    "empty community named");

	run_ok(GRID_LEVEL_STREET, "2024-06-15");
	is_str(row_list(), "320508001:5,320508002:0,-:1", "streets");
	is_str(cell("320508001", "unit_name"), "金阊街道", "street name");
	is_str(cell("320508001", "level"), "street", "level street");
	is_int(count("320508001", "households"), 3, "households of it");
	is_str(bands("320508001"), "1/1/1/0/2", "bands of the street");

	run_ok(GRID_LEVEL_DISTRICT, "2024-06-15");
	is_str(row_list(), "320508:5,-:1", "district");
	is_str(cell("320508", "unit_name"), "姑苏区", "district name");
	is_str(cell("320508", "level"), "district", "level district");

	for (i = 0; i < LEN(cols); i++) {
		char what[64];

		run_ok(GRID_LEVEL_COMMUNITY, "2024-06-15");
		sum = count("320508001001", cols[i]) +
		    count("320508001002", cols[i]);
		run_ok(GRID_LEVEL_STREET, "2024-06-15");
		snprintf(what, sizeof(what), "communities add up: %s",
		    cols[i]);
		is_int(count("320508001", cols[i]), sum, what);
	}

	/* Without regions the units still come from people, unnamed. */
	sql("DELETE FROM regions WHERE level = 'street'");
	run_ok(GRID_LEVEL_STREET, "2024-06-15");
	is_str(row_list(), "320508001:5,-:1", "streets from people");
	is_str(cell("320508001", "unit_name"), NULL, "without a name");
	db_remove();
}

/* "a/b/c..." of the first n values. */
static const char *
join(const long long *v, size_t n)
{
	static char text[256];
	size_t i, len = 0;

	text[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%lld", i ? "/" : "", v[i]);
	return text;
}

static void
test_pyramid(void)
{
	long long male[GRID_POPSTATS_NBANDS], female[GRID_POPSTATS_NBANDS];
	struct grid_error e;

	is_str(grid_popstats_band(0), "0-4", "first band");
	is_str(grid_popstats_band(19), "95-99", "band 19");
	is_str(grid_popstats_band(20), "100+", "last band");
	is_str(grid_popstats_band(21), NULL, "no band 21");
	db_create(fixture_sql);
	person('M', "2019-06-15", G1, NULL, NULL);	/* 5 */
	person('M', "2019-06-16", G1, NULL, NULL);	/* 4 */
	person('F', "2020-02-29", G2, NULL, NULL);	/* 4 on 2024-06-15 */
	person('F', "1964-06-15", NULL, NULL, NULL);	/* 60, no grid */
	person('F', "1964-06-16", G3, NULL, NULL);	/* 59 */
	person('M', "1920-01-01", G3, NULL, NULL);	/* 104 */
	person('F', "1924-06-15", G3, NULL, NULL);	/* 100 */
	person('F', "1924-06-16", G3, NULL, NULL);	/* 99 */
	person('M', NULL, G1, NULL, NULL);		/* no date: out */
	person('M', "2024-06-16", G1, NULL, NULL);	/* not yet born */
	is_int(pyramid("2024-06-15", male, female, &e), 0, "pyramid");
	is_str(join(male, GRID_POPSTATS_NBANDS),
	    "1/1/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/1", "men by band");
	is_str(join(female, GRID_POPSTATS_NBANDS),
	    "1/0/0/0/0/0/0/0/0/0/0/1/1/0/0/0/0/0/0/1/1", "women by band");
	is_int(pyramid("2024-02-28", male, female, &e), 0,
	    "pyramid on 28 February");
	is_int(female[0], 1, "born 29 Feb 2020: 3 on 28 Feb 2024");
	is_int(female[12], 0, "born 1964-06-15: 59 on 2024-02-28");
	is_int(female[11], 2, "so two women 55-59");
	is_int(pyramid("2025-03-01", male, female, &e), 0,
	    "pyramid on 1 March 2025");
	is_int(female[1], 1, "29 Feb 2020: 5 on 1 March 2025");
	is_int(pyramid("2024-13-01", male, female, &e), -1,
	    "bad date refused");
	is_int(e.code, GRID_EUSAGE, "as usage");
	in_area = "320508001002";
	is_int(pyramid("2024-06-15", male, female, &e), 0, "pyramid --in");
	is_str(join(male, GRID_POPSTATS_NBANDS),
	    "0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/1", "its men: G3's");
	is_str(join(female, GRID_POPSTATS_NBANDS),
	    "0/0/0/0/0/0/0/0/0/0/0/1/0/0/0/0/0/0/0/1/1", "its women");
	in_area = "320508009";
	is_int(pyramid("2024-06-15", male, female, &e), -1,
	    "pyramid: unknown area");
	is_int(e.code, GRID_EDATA, "a data error");
	in_area = NULL;
	db_remove();
}

static int
stop_at_first(void *ctx, const char *const *values)
{
	(*(int *)ctx)++;
	return 1;
}

static void
test_refusals(void)
{
	struct grid_popstats_query q;
	struct grid_error e;
	int calls = 0;

	memset(&q, 0, sizeof(q));
	db_create(fixture_sql);
	people(1, "1990-01-01", G1);
	is_int(run(GRID_LEVEL_CITY, "2024-06-15", &e), -1, "city refused");
	is_int(e.code, GRID_EUSAGE, "as usage");
	is_str(e.field, "level", "field level");
	is_int(run(GRID_LEVEL_NONE, "2024-06-15", &e), -1, "none refused");
	is_int(run(GRID_LEVEL_GRID, "2023-02-29", &e), -1,
	    "impossible date refused");
	is_int(e.code, GRID_EUSAGE, "as usage");
	is_str(e.field, "at", "field at");
	is_str(e.text, "impossible date '2023-02-29'", "message");
	is_int(run(GRID_LEVEL_GRID, "soon", NULL), -1, "NULL err allowed");
	is_int(run(GRID_LEVEL_GRID, "2024/6/15", &e), 0,
	    "other spellings of a date");
	is_int(count(G1, "age_15_59"), 1, "read as 2024-06-15");
	q.level = GRID_LEVEL_GRID;
	q.at = "2024-06-15";
	is_int(grid_popstats_run(db, &q, stop_at_first, &calls, &e), -1,
	    "a callback stops the run");
	is_int(e.code, 0, "with code 0");
	is_int(calls, 1, "after one row");

	setenv("GRID_NOW", "1985-01-01T10:00:00+08:00", 1);
	is_int(run(GRID_LEVEL_GRID, NULL, &e), 0, "at NULL: today");
	is_int(count(G1, "people"), 0, "today is GRID_NOW: 1990 not born");
	setenv("GRID_NOW", "2024-06-15T10:00:00+08:00", 1);
	is_int(run(GRID_LEVEL_GRID, NULL, &e), 0, "at NULL again");
	is_int(count(G1, "age_15_59"), 1, "born, 34");
	unsetenv("GRID_NOW");
	db_remove();
}

/*
 * Every row of level with in_area set to area: "unit:people,..." as
 * row_list, and each row equal, value for value, to the row of the same
 * unit without the area (counted in *same).
 */
static const char *
rows_in(enum grid_level level, const char *area, int *same)
{
	static char list[512];
	char *kept[KEEP_ROWS][KEEP_COLS];
	size_t r, c, n;
	int equal;

	in_area = NULL;
	run_ok(level, "2024-06-15");
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			kept[r][c] = cells[r][c];
			cells[r][c] = NULL;
		}
	n = nrows;
	in_area = area;
	run_ok(level, "2024-06-15");
	in_area = NULL;
	snprintf(list, sizeof(list), "%s", row_list());
	*same = 0;
	for (r = 0; r < nrows; r++) {
		size_t k;

		for (k = 0; k < n && (kept[k][1] == NULL ||
		    strcmp(kept[k][1], cells[r][1]) != 0); k++)
			;
		for (equal = k < n, c = 0; equal && c < ncols; c++)
			equal = (kept[k][c] == NULL) == (cells[r][c] == NULL) &&
			    (kept[k][c] == NULL ||
			    strcmp(kept[k][c], cells[r][c]) == 0);
		*same += equal;
	}
	for (r = 0; r < n; r++)
		for (c = 0; c < ncols; c++)
			free(kept[r][c]);
	return list;
}

static void
test_area(void)
{
	struct grid_area area;
	struct grid_error e;
	int same;

	db_create(fixture_sql);
	tag(person('M', "1940-01-01", G1, "floating", "H1"), "disabled");
	person('F', "1962-01-01", G1, NULL, "H1");
	person('F', "2000-01-01", G2, NULL, "H2");
	person('M', "2012-01-01", G3, "floating", "H3");
	tag(person('F', "1930-01-01", G3, NULL, NULL), "disabled");
	person('F', "1980-01-01", NULL, NULL, NULL);
	sql("INSERT INTO grids (code, community_code, name, kind) VALUES "
	    "('32050800200199', '320508002001', '平江消防', 'professional')");
	person('M', "1985-01-01", "32050800200199", NULL, NULL);

	is_str(rows_in(GRID_LEVEL_COMMUNITY, "320508", &same),
	    "320508001001:3,320508001002:2,320508002001:1",
	    "--in a district: its communities, not the people without grid");
	is_int(same, 3, "each the row it has without --in");
	is_str(rows_in(GRID_LEVEL_COMMUNITY, "320508001", &same),
	    "320508001001:3,320508001002:2", "--in a street: its communities");
	is_int(same, 2, "the same rows");
	is_str(rows_in(GRID_LEVEL_COMMUNITY, "320508001001", &same),
	    "320508001001:3", "--in a community at its level: its row");
	is_int(same, 1, "the same row");
	is_str(rows_in(GRID_LEVEL_GRID, "320508001001", &same),
	    G1 ":2," G2 ":1", "its unit grids (not the professional one)");
	is_int(same, 2, "the same rows");
	is_str(rows_in(GRID_LEVEL_GRID, G3, &same), G3 ":2", "--in a grid");
	is_int(same, 1, "the same row");
	is_str(rows_in(GRID_LEVEL_GRID, "320508002", &same),
	    "32050800200199:1", "a grid people lead to, not a unit grid");
	is_str(rows_in(GRID_LEVEL_STREET, "320508", &same),
	    "320508001:5,320508002:1", "--in a district by street");
	is_str(rows_in(GRID_LEVEL_DISTRICT, "320508", &same), "320508:6",
	    "the district: its people with a grid (6 of 7)");
	in_area = "320508001";
	run_ok(GRID_LEVEL_STREET, "2024-06-15");
	is_int(count("320508001", "tag_disabled"), 2, "tags of the area");
	is_int(count("320508001", "households"), 3, "households of it");
	in_area = "320508001002";
	run_ok(GRID_LEVEL_GRID, "2024-06-15");
	is_int(count(G3, "tag_disabled"), 1, "tags of a community's grid");

	in_area = "320508001001";
	is_int(run(GRID_LEVEL_STREET, "2024-06-15", &e), -1,
	    "a level above the area refused");
	is_int(e.code, GRID_EUSAGE, "as usage");
	is_str(e.field, "level", "field level");
	is_str(e.text, "street is above the area '320508001001', a community",
	    "message");
	in_area = "3205080010";
	is_int(run(GRID_LEVEL_GRID, "2024-06-15", &e), -1, "a malformed code");
	is_int(e.code, GRID_EUSAGE, "as usage");
	is_str(e.field, "in", "field in");
	is_str(e.text, "bad code length '3205080010'", "its reason");
	in_area = "320508001001001";
	is_int(run(GRID_LEVEL_GRID, "2024-06-15", &e), -1,
	    "15 digits where grid codes have 14");
	is_int(e.code, GRID_EUSAGE, "as usage");
	in_area = "320508009";
	is_int(run(GRID_LEVEL_GRID, "2024-06-15", &e), -1, "an unknown area");
	is_int(e.code, GRID_EDATA, "a data error");
	is_str(e.field, "in", "field in");
	is_str(e.text, "unknown area '320508009': no region or grid has this "
	    "code", "message");
	in_area = NULL;

	is_int(grid_area_find(db, "320508001", &area, &e), 0, "find a street");
	is_int(area.level, GRID_LEVEL_STREET, "its level");
	is_str(area.name, "金阊街道", "its name");
	is_int(grid_area_find(db, G1, &area, &e), 0, "find a grid");
	is_str(area.name, "彩香一村01", "its name from grids");
	is_int(grid_area_check_level(&area, GRID_LEVEL_GRID, &e), 0,
	    "a grid holds grids");
	is_int(grid_area_check_level(&area, GRID_LEVEL_COMMUNITY, &e), -1,
	    "not communities");
	sql("DELETE FROM regions WHERE code = '320508001'");
	is_int(grid_area_find(db, "320508001", &area, &e), 0,
	    "a street known by its grids only");
	is_str(area.name, "", "has no name");
	is_str(rows_in(GRID_LEVEL_STREET, "320508001", &same), "320508001:5",
	    "and its row");
	db_remove();
}

int
main(void)
{
	test_begin(NULL);
	unsetenv("GRID_NOW");
	test_columns();
	test_band_edges();
	test_leap_day();
	test_against_age_on();
	test_stages();
	test_shares_by_hand();
	test_empty_denominators();
	test_tags();
	test_levels();
	test_area();
	test_refusals();
	test_pyramid();
	test_end();
	return tap_done();
}
