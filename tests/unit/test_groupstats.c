/*
 * test_groupstats.c - unit tests of lib/stats_groups.c on a small database:
 * one tag, every tag, any tag, an age limit on the birthday and the day
 * before, people not yet born, empty units and the row without grid,
 * shares rounded by hand, levels adding up, refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/groupstats.h"

#include "tap.h"

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
    "('" G3 "', '320508001002', '三元坊01', 'unit');";

static char dir[] = "/tmp/test_groupstats.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"
static int person_no;

/* A person born on birth in grid, with up to two tags (NULL: none). */
static void
person(const char *birth, const char *grid, const char *tag1,
    const char *tag2)
{
	char id[16], *q;

	snprintf(id, sizeof(id), "P%05d", ++person_no);
	q = sqlite3_mprintf("INSERT INTO people (id_number, name, sex, "
	    "birth_date, grid_code, updated_at) VALUES (%Q, '某人', 'F', %Q, "
	    "%Q, '2024-01-01T00:00:00+08:00');", id, birth, grid);
	sql(q);
	sqlite3_free(q);
	if (tag1 != NULL) {
		q = sqlite3_mprintf("INSERT INTO person_tags (id_number, tag) "
		    "VALUES (%Q, %Q)", id, tag1);
		sql(q);
		sqlite3_free(q);
	}
	if (tag2 != NULL) {
		q = sqlite3_mprintf("INSERT INTO person_tags (id_number, tag) "
		    "VALUES (%Q, %Q)", id, tag2);
		sql(q);
		sqlite3_free(q);
	}
}

/* The area of the runs (--in); NULL: everywhere. */
static const char *in_area;

/* Runs a query; the rows as "unit:people:in_group:share;..." */
static const char *
run(enum grid_level level, const char *tags, int any, int age_min,
    const char *at)
{
	static char list[512];
	char copy[256], *t, *save = NULL;
	const char *tagv[8];
	struct grid_groupstats_query q;
	struct grid_error e;
	size_t r, len = 0;

	memset(&q, 0, sizeof(q));
	snprintf(copy, sizeof(copy), "%s", tags);
	for (t = strtok_r(copy, ",", &save); t != NULL && q.ntags < 8;
	    t = strtok_r(NULL, ",", &save))
		tagv[q.ntags++] = t;
	q.level = level;
	q.tags = tagv;
	q.any = any;
	q.age_min = age_min;
	q.at = at;
	q.area = in_area;
	forget();
	grid_groupstats_columns(&ncols);
	if (grid_groupstats_run(db, &q, keep_row, NULL, &e) != 0) {
		snprintf(list, sizeof(list), "error %d %.32s: %.400s", e.code,
		    e.field[0] ? e.field : "-", e.text);
		return list;
	}
	list[0] = '\0';
	for (r = 0; r < nrows; r++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s:%s:%s:%s", r ? ";" : "",
		    cells[r][1] ? cells[r][1] : "-", cells[r][3], cells[r][4],
		    cells[r][5] ? cells[r][5] : "");
	return list;
}

static void
test_columns(void)
{
	const struct grid_column *c;
	size_t n;

	c = grid_groupstats_columns(&n);
	is_int(n, 6, "six columns");
	is_str(c[3].name, "people", "people");
	is_str(c[4].name, "in_group", "in_group");
	is_str(c[5].name, "share", "share");
	is_int(c[5].type, GRID_COL_REAL, "share is real");
}

/* The people of the tests, in a new database. */
static void
load_people(void)
{
	db_create(fixture_sql);
	/* G1: 3 people, 2 elderly alone (one also disabled) */
	person("1944-06-15", G1, "elderly_alone", "disabled");	/* 80 */
	person("1944-06-16", G1, "elderly_alone", NULL);	/* 79 */
	person("1990-01-01", G1, NULL, NULL);
	/* G2: 7 people, 1 disabled */
	person("1990-01-01", G2, "disabled", NULL);
	person("1990-01-01", G2, NULL, NULL);
	person("1990-01-01", G2, NULL, NULL);
	person("1990-01-01", G2, NULL, NULL);
	person("1990-01-01", G2, NULL, NULL);
	person("1990-01-01", G2, NULL, NULL);
	person("1990-01-01", G2, NULL, NULL);
	/* G3 nobody; no grid: 1 elderly alone without a birth date */
	person(NULL, NULL, "elderly_alone", NULL);
	/* not yet born on 2024-06-15, tagged */
	person("2025-01-01", G2, "left_behind_child", NULL);
}

static void
test_groups(void)
{
	load_people();

	is_str(run(GRID_LEVEL_GRID, "elderly_alone", 0, -1, "2024-06-15"),
	    G1 ":3:2:66.67;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:1:100.00",
	    "elderly alone per grid, empty grid, the row without grid");
	is_str(run(GRID_LEVEL_GRID, "独居老人", 0, -1, "2024-06-15"),
	    G1 ":3:2:66.67;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:1:100.00",
	    "the Chinese label");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone,disabled", 0, -1,
	    "2024-06-15"),
	    G1 ":3:1:33.33;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "both tags");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone,disabled,elderly_alone",
	    0, -1, "2024-06-15"),
	    G1 ":3:1:33.33;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "a repeated tag counts once");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone,disabled", 1, -1,
	    "2024-06-15"),
	    G1 ":3:2:66.67;" G2 ":7:1:14.29;" G3 ":0:0:;-:1:1:100.00",
	    "any tag: 1/7 is 14.29");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone", 0, 80, "2024-06-15"),
	    G1 ":3:1:33.33;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "80 or more on the birthday; no birth date: not in the group");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone", 0, 80, "2024-06-14"),
	    G1 ":3:0:0.00;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "the day before: 79");
	is_str(run(GRID_LEVEL_GRID, "elderly_alone", 0, 79, "2024-06-15"),
	    G1 ":3:2:66.67;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "79 or more");
	is_str(run(GRID_LEVEL_GRID, "left_behind_child", 0, -1,
	    "2024-06-15"),
	    G1 ":3:0:0.00;" G2 ":7:0:0.00;" G3 ":0:0:;-:1:0:0.00",
	    "not yet born: in no count");
	is_str(run(GRID_LEVEL_GRID, "left_behind_child", 0, -1,
	    "2025-01-01"),
	    G1 ":3:0:0.00;" G2 ":8:1:12.50;" G3 ":0:0:;-:1:0:0.00",
	    "born on the reference date: counted");
	is_str(run(GRID_LEVEL_COMMUNITY, "elderly_alone,disabled", 1, -1,
	    "2024-06-15"),
	    "320508001001:10:3:30.00;320508001002:0:0:;320508002001:0:0:;"
	    "-:1:1:100.00", "communities: the sum of their grids");
	is_str(run(GRID_LEVEL_STREET, "elderly_alone,disabled", 1, -1,
	    "2024-06-15"),
	    "320508001:10:3:30.00;320508002:0:0:;-:1:1:100.00",
	    "streets: the sum of their communities");
	is_str(run(GRID_LEVEL_DISTRICT, "disabled", 0, -1, "2024-06-15"),
	    "320508:10:2:20.00;-:1:0:0.00", "district");
	is_str(cells[0][2], "姑苏区", "unit_name");
	is_str(cells[0][0], "district", "level");

	is_str(run(GRID_LEVEL_GRID, "vip", 0, -1, "2024-06-15"),
	    "error 64 tag: unknown tag 'vip' (elderly_alone, empty_nest, "
	    "disabled, low_income, left_behind_child, released_prisoner, "
	    "community_correction, drug_user, mental_disorder, key_youth, "
	    "petitioner, old_party_member, laid_off, newlywed, new_resident, "
	    "family_dispute)", "unknown tag refused");
	is_str(run(GRID_LEVEL_CITY, "disabled", 0, -1, "2024-06-15"),
	    "error 64 level: not a level for statistics 'city' (grid, "
	    "community, street, district)", "city refused");
	is_str(run(GRID_LEVEL_GRID, "disabled", 0, -1, "2024-02-30"),
	    "error 64 at: impossible date '2024-02-30'", "bad date");
	is_str(run(GRID_LEVEL_GRID, "disabled", 0, 151, "2024-06-15"),
	    "error 64 age_min: not an age 151 (0-150)", "bad age");
	is_str(run(GRID_LEVEL_GRID, "", 0, -1, "2024-06-15"),
	    "error 64 tag: give 1 to 16 tags", "no tag");
	db_remove();
}

/* --in: the units inside the area, each as without it; refusals. */
static void
test_area(void)
{
	load_people();
	in_area = "320508";
	is_str(run(GRID_LEVEL_GRID, "elderly_alone", 0, -1, "2024-06-15"),
	    G1 ":3:2:66.67;" G2 ":7:0:0.00;" G3 ":0:0:",
	    "--in a district: its grids, as without it, no row without grid");
	in_area = "320508001001";
	is_str(run(GRID_LEVEL_GRID, "elderly_alone,disabled", 1, -1,
	    "2024-06-15"), G1 ":3:2:66.67;" G2 ":7:1:14.29",
	    "--in a community: its grids");
	is_str(run(GRID_LEVEL_COMMUNITY, "elderly_alone,disabled", 1, -1,
	    "2024-06-15"), "320508001001:10:3:30.00",
	    "--in a community at its level: its row");
	is_str(cells[0][2], "彩香一村", "named");
	in_area = G2;
	is_str(run(GRID_LEVEL_GRID, "left_behind_child", 0, -1,
	    "2025-01-01"), G2 ":8:1:12.50", "--in a grid");
	in_area = "320508002";
	is_str(run(GRID_LEVEL_COMMUNITY, "disabled", 0, -1, "2024-06-15"),
	    "320508002001:0:0:", "--in a street without people");
	in_area = "320508001";
	is_str(run(GRID_LEVEL_DISTRICT, "disabled", 0, -1, "2024-06-15"),
	    "error 64 level: district is above the area '320508001', a "
	    "street", "a level above the area refused");
	in_area = "32050800100";
	is_str(run(GRID_LEVEL_GRID, "disabled", 0, -1, "2024-06-15"),
	    "error 64 in: bad code length '32050800100'", "a malformed code");
	in_area = "320508001009";
	is_str(run(GRID_LEVEL_GRID, "disabled", 0, -1, "2024-06-15"),
	    "error 65 in: unknown area '320508001009': no region or grid has "
	    "this code", "an unknown area");
	in_area = NULL;
	db_remove();
}

int
main(void)
{
	test_begin(NULL);
	test_columns();
	test_groups();
	test_area();
	test_end();
	return tap_done();
}
