/*
 * test_quality.c - unit tests of lib/stats_quality.c on one database built by
 * SQL with foreign keys off (rows as they come in without validation):
 * every check's count worked out by hand from the fixture, the counts
 * per unit at several levels with their names, the rows listed with
 * their values and order, the stale cutoff to the second, refusals; and
 * dup_id_districts over it and a second database (lib/quality_across.c).
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
#include "grid/quality.h"

#include "tap.h"

#define MAX_ROWS 64

#define G1 "32050800100101"
#define G2 "32050800100102"
#define G3 "32050800100201"
#define G4 "32050800199901"	/* its community is not in regions */
#define FRESH "2026-01-01T00:00:00+08:00"

static char dir[] = "/tmp/test_quality.XXXXXX";
#include "testfs.h"
#include "testdb.h"

/* What the last run gave: "unit|name|count" or "grid|key|value". */
static char rows[MAX_ROWS][256];
static const char *row_check[MAX_ROWS];
static size_t nrows;

static const char fixture_sql[] =
    "PRAGMA foreign_keys = OFF;"
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508001002', 'community', '三元坊', '320508001');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508001001', '彩香一村02', 'unit'),"
    "('" G3 "', '320508001002', '三元坊01', 'unit'),"
    "('" G4 "', '320508001999', '无社区01', 'unit'),"
    "('32050800100190', '320508001001', '消防', 'professional');"
    "INSERT INTO departments (code, name) VALUES ('D1', '城管');"
    "INSERT INTO workers (id, name, dept_code) VALUES ('W1', '甲', 'D1'),"
    "('W2', '乙', 'DX');"
    "INSERT INTO worker_grids (worker_id, grid_code) VALUES "
    "('W1', '" G1 "'), ('W2', '" G3 "'), ('W9', '" G2 "'),"
    "('W1', '32050800100199');"
    "INSERT INTO houses (id, address, grid_code, x, y) VALUES "
    "('H1', '一号', '" G1 "', 1, 1), ('H2', '二号', '" G2 "', NULL, 1),"
    "('H3', '三号', NULL, 1, 1), ('H4', '四号', '32050800100199', 1, 1);"
    "INSERT INTO households (id, house_id, head_id_number) VALUES "
    "('HH1', 'H1', 'P1'), ('HH2', 'H2', 'P1'), ('HH3', 'H9', 'P9X'),"
    "('HH4', 'H1', 'P3');"
    "INSERT INTO orgs (uscc, name, house_id, grid_code) VALUES "
    "('91350100M000100Y43', '甲公司', 'H1', '" G1 "'),"
    "('91512081ma62k0260e', '乙公司', 'HX', '" G1 "'),"
    "('91350100M000100Y44', '丙公司', 'H1', '32050800100198');"
    "INSERT INTO components (code, category_code, grid_code) VALUES "
    "('3205080101000001', 'C0101', '32050800100196');"
    "INSERT INTO cases (id, source, category_code, grid_code, org_uscc, "
    "reported_at) VALUES ('C1', 'worker', 'E0102', '" G1 "', "
    "'91350100M000100Y43', '" FRESH "'), ('C2', 'worker', 'E9999', "
    "'32050800100197', 'NOORG', '" FRESH "');";

/* People: id, household, house, grid, updated_at, id_type. */
static const char *const people[][6] = {
	{ "P1", "HH1", "H1", G1, FRESH, "passport" },
	{ "P2", "HH2", "H2", G2, FRESH, "passport" },
	{ "P3", "HH2", "H2", G2, FRESH, "passport" },
	{ "P4", NULL, "H3", NULL, FRESH, "passport" },
	{ "P5", NULL, "H2", NULL, FRESH, "passport" },
	{ "P6", NULL, NULL, G3, FRESH, "passport" },
	{ "P7", "HHX", "H1", G1, FRESH, "passport" },
	{ "P8", NULL, "HX", G1, FRESH, "passport" },
	{ "P9", NULL, "H1", "32050800100299", FRESH, "passport" },
	{ "BAD", NULL, "H1", G1, "2025-06-15T09:59:59+08:00", NULL },
	{ "11010519491231002x", NULL, "H1", G1, "garbage", NULL },
	{ "11010519491231002X", NULL, "H1", G1, "2025-06-15T10:00:00+08:00",
	  NULL },
	{ "110105491231002", NULL, "H1", G1, FRESH, NULL },
	{ "GOOD", NULL, "H1", G1, FRESH, NULL },
	{ "not-a-number", NULL, "H1", G1, FRESH, "passport" },
};

/* The expected count of every check, in report order. */
static const struct {
	const char *key;
	long long count;
} expected[] = {
	{ "person_no_grid", 2 }, { "person_no_house", 1 },
	{ "house_no_grid", 1 }, { "house_no_xy", 1 },
	{ "ref_people_household_id", 1 }, { "ref_people_house_id", 1 },
	{ "ref_people_grid_code", 1 }, { "ref_houses_grid_code", 1 },
	{ "ref_households_house_id", 1 },
	{ "ref_households_head_id_number", 1 },
	{ "ref_grids_community_code", 1 }, { "ref_workers_dept_code", 1 },
	{ "ref_worker_grids_worker_id", 1 },
	{ "ref_worker_grids_grid_code", 1 },
	{ "ref_person_tags_id_number", 1 }, { "ref_orgs_house_id", 1 },
	{ "ref_orgs_grid_code", 1 }, { "ref_components_grid_code", 1 },
	{ "ref_cases_grid_code", 1 }, { "ref_cases_org_uscc", 1 },
	{ "ref_cases_category_code", 1 }, { "ref_visits_worker_id", 1 },
	{ "ref_visits_id_number", 1 }, { "ref_visits_house_id", 1 },
	{ "bad_id_number", 3 }, { "bad_uscc", 2 }, { "dup_id_number", 3 },
	{ "two_households", 2 }, { "grid_no_worker", 2 },
	{ "stale_person", 2 },
};

static char bad_id[32], good_id[32];

/* An ID number born 1980-01-01, sequence seq, with its check character
 * (or a wrong one when bad). */
static void
make_id(char *out, size_t n, int seq, int bad)
{
	char first17[18], check;

	snprintf(first17, sizeof(first17), "32050819800101%03d", seq);
	check = grid_idno_check_char(first17);
	if (bad)
		check = check == '0' ? '1' : '0';
	snprintf(out, n, "%s%c", first17, check);
}

static void
setup(void)
{
	const char *id;
	char *q;
	size_t i;

	db_create(fixture_sql);
	make_id(bad_id, sizeof(bad_id), 1, 1);
	make_id(good_id, sizeof(good_id), 2, 0);
	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		id = strcmp(people[i][0], "BAD") == 0 ? bad_id :
		    strcmp(people[i][0], "GOOD") == 0 ? good_id : people[i][0];
		q = sqlite3_mprintf("INSERT INTO people (id_number, id_type, "
		    "name, household_id, house_id, grid_code, updated_at) "
		    "VALUES (%Q, %Q, '某人', %Q, %Q, %Q, %Q)", id,
		    people[i][5] != NULL ? people[i][5] : "resident_id",
		    people[i][1], people[i][2], people[i][3], people[i][4]);
		sql(q);
		sqlite3_free(q);
	}
	sql("INSERT INTO person_tags (id_number, tag) VALUES "
	    "('P1', 'elderly_alone'), ('NOBODY', 'low_income');"
	    "INSERT INTO visits (id, worker_id, id_number, house_id, at) "
	    "VALUES ('V1', 'W1', 'P1', NULL, '" FRESH "'),"
	    "('V2', 'W8', 'NOPERSON', 'H2', '" FRESH "'),"
	    "('V3', 'W1', NULL, 'HZ', '" FRESH "');");
}

static int
keep_count(void *ctx, const struct grid_quality_count *c)
{
	if (nrows == MAX_ROWS)
		die("keep_count", "too many rows");
	row_check[nrows] = c->check->key;
	snprintf(rows[nrows++], sizeof(rows[0]), "%s|%s|%lld",
	    c->unit ? c->unit : "-", c->unit_name ? c->unit_name : "-",
	    c->count);
	return 0;
}

static int
keep_item(void *ctx, const struct grid_quality_item *item)
{
	if (nrows == MAX_ROWS)
		die("keep_item", "too many rows");
	row_check[nrows] = item->check->key;
	snprintf(rows[nrows++], sizeof(rows[0]), "%s|%s|%s",
	    item->grid_code ? item->grid_code : "-", item->key,
	    item->value ? item->value : "-");
	return 0;
}

/* The rows of the last run, ';'-separated. */
static const char *
joined(void)
{
	static char text[2048];
	size_t i, len = 0;

	text[0] = '\0';
	for (i = 0; i < nrows && len < sizeof(text); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%s", i ? ";" : "", rows[i]);
	return text;
}

/* The area of the runs (--in); NULL: everywhere. */
static const char *in_area;

/* Runs the counts; 0 or -1 as grid_quality_run. */
static int
run(enum grid_level level, const char *only,
    grid_quality_count_fn on_count, struct grid_error *e)
{
	struct grid_quality_query q;

	memset(&q, 0, sizeof(q));
	q.level = level;
	q.check = only;
	q.area = in_area;
	nrows = 0;
	return grid_quality_run(db, &q, on_count, NULL, e);
}

/* Runs the list; 0 or -1 as grid_quality_list. */
static int
list(const char *only, struct grid_error *e)
{
	struct grid_quality_query q;

	memset(&q, 0, sizeof(q));
	q.check = only;
	q.area = in_area;
	nrows = 0;
	return grid_quality_list(db, &q, keep_item, NULL, e);
}

static const char *
counts(enum grid_level level, const char *only)
{
	struct grid_error e;

	if (run(level, only, keep_count, &e) != 0)
		die("grid_quality_run", e.text);
	return joined();
}

static const char *
listed(const char *only)
{
	struct grid_error e;

	if (list(only, &e) != 0)
		die("grid_quality_list", e.text);
	return joined();
}

static int
stop(void *ctx, const struct grid_quality_count *c)
{
	return 1;
}

static void
test_checks(void)
{
	const struct grid_quality_check *c;
	size_t i, n = sizeof(expected) / sizeof(expected[0]);
	char what[128], want[64];

	is_int(grid_quality_count(), n, "30 checks");
	for (i = 0; i < n; i++) {
		c = grid_quality_at(i);
		snprintf(what, sizeof(what), "check %zu is %s", i,
		    expected[i].key);
		is_str(c != NULL ? c->key : NULL, expected[i].key, what);
	}
	ok(grid_quality_at(n) == NULL, "nothing past the end");
	c = grid_quality_find("bad_uscc");
	ok(c != NULL && strcmp(c->table, "orgs") == 0 && c->label[0] != '\0',
	    "find: table and label");
	ok(grid_quality_find("nope") == NULL, "find: unknown");

	counts(GRID_LEVEL_NONE, NULL);
	is_int(nrows, n, "one count per check without a level");
	for (i = 0; i < n && i < nrows; i++) {
		snprintf(what, sizeof(what), "%s: %lld", expected[i].key,
		    expected[i].count);
		snprintf(want, sizeof(want), "-|-|%lld", expected[i].count);
		is_str(rows[i], want, what);
		is_str(row_check[i], expected[i].key, "in order");
	}
}

static void
test_levels(void)
{
	is_str(counts(GRID_LEVEL_COMMUNITY, "person_no_grid"),
	    "320508001001|彩香一村|1;-|-|1",
	    "people without a grid: by the house's grid, the rest last");
	is_str(counts(GRID_LEVEL_STREET, "grid_no_worker"),
	    "320508001|金阊街道|2", "grids without a worker per street");
	is_str(counts(GRID_LEVEL_GRID, "grid_no_worker"),
	    G2 "|彩香一村02|1;" G4 "|无社区01|1", "and per grid");
	is_str(counts(GRID_LEVEL_DISTRICT, "dup_id_number"),
	    "320508|姑苏区|3", "duplicates per district");
	is_str(counts(GRID_LEVEL_COMMUNITY, "ref_grids_community_code"),
	    "320508001999|-|1", "a unit not in regions has no name");
	is_str(counts(GRID_LEVEL_GRID, "house_no_grid"), "-|-|1",
	    "only rows without a grid");
	is_str(counts(GRID_LEVEL_GRID, "ref_workers_dept_code"), "-|-|1",
	    "a check without a grid column");
	is_str(counts(GRID_LEVEL_STREET, "house_no_xy"),
	    "320508001|金阊街道|1", "houses without coordinates");
	counts(GRID_LEVEL_DISTRICT, "ref_visits_id_number");
	is_str(joined(), "320508|姑苏区|1",
	    "a visit to no one: the grid of its house");
}

static void
test_lists(void)
{
	char want[512];

	is_str(listed("two_households"),
	    G1 "|P1|HH1,HH2;" G2 "|P3|HH2,HH4",
	    "two households: registered in one and head of another, or "
	    "head of two");
	snprintf(want, sizeof(want), G1 "|11010519491231002x|lower-case x;"
	    G1 "|110105491231002|legacy 15-digit number;"
	    G1 "|%s|bad check digit", bad_id);
	is_str(listed("bad_id_number"), want,
	    "bad ID numbers with the reason, without the number; "
	    "passports not checked");
	is_str(listed("bad_uscc"),
	    G1 "|91512081ma62k0260e|lower case;"
	    "32050800100198|91350100M000100Y44|bad check character",
	    "bad credit codes");
	is_str(listed("dup_id_number"),
	    G1 "|11010519491231002X|11010519491231002X;"
	    G1 "|11010519491231002x|11010519491231002X;"
	    G1 "|110105491231002|11010519491231002X",
	    "one number three times: 15 digits, x and X");
	snprintf(want, sizeof(want), G1 "|11010519491231002x|garbage;"
	    G1 "|%s|2025-06-15T09:59:59+08:00", bad_id);
	is_str(listed("stale_person"), want,
	    "stale: a second before the cutoff, and unreadable; not the "
	    "cutoff itself");
	is_str(listed("ref_households_head_id_number"), "-|HH3|P9X",
	    "a head not in people");
	is_str(listed("ref_visits_house_id"), "-|V3|HZ", "visits: house");
	is_str(listed("ref_cases_org_uscc"), "32050800100197|C2|NOORG",
	    "cases: org");
	is_str(listed("ref_worker_grids_worker_id"), G2 "|W9|W9",
	    "worker_grids: worker");
	is_str(listed("person_no_house"), G3 "|P6|-", "no house");
	listed(NULL);
	is_int(nrows, 39, "every row of every check listed");
	is_str(row_check[0], "person_no_grid", "in check order");
	is_str(rows[0], G2 "|P5|-", "by grid, NULL last");
	is_str(rows[1], "-|P4|-", "the row without a grid");
}

/* The sum of the counts of the units (not of the rows without one). */
static long long
sum_of_units(void)
{
	long long sum = 0;
	size_t i;

	for (i = 0; i < nrows; i++)
		if (rows[i][0] != '-')
			sum += strtoll(strrchr(rows[i], '|') + 1, NULL, 10);
	return sum;
}

/* --in: only the rows whose grid lies in the area. */
static void
test_area(void)
{
	struct grid_error e;
	long long want[40];
	size_t i, n = grid_quality_count(), agree = 0;

	for (i = 0; i < n && i < 40; i++) {
		counts(GRID_LEVEL_DISTRICT, grid_quality_at(i)->key);
		want[i] = sum_of_units();
	}
	in_area = "320508";
	counts(GRID_LEVEL_NONE, NULL);
	for (i = 0; i < n && i < nrows && i < 40; i++)
		agree += strtoll(rows[i] + 4, NULL, 10) == want[i];
	is_int(agree, n, "--in the district: each check counts the rows "
	    "placed in it, as its units add up");
	is_str(counts(GRID_LEVEL_NONE, "person_no_grid"), "-|-|1",
	    "a person without a grid or house grid is in no area");
	in_area = "320508001002";
	is_str(counts(GRID_LEVEL_GRID, NULL),
	    G3 "|三元坊01|1;32050800100299|-|1",
	    "--in a community by grid: P6 without a house, P9's grid "
	    "not in grids");
	is_str(row_check[0], "person_no_house", "the first");
	is_str(row_check[1], "ref_people_grid_code", "the second");
	is_str(counts(GRID_LEVEL_COMMUNITY, NULL), "320508001002|三元坊|1;"
	    "320508001002|三元坊|1", "at its own level");
	counts(GRID_LEVEL_NONE, NULL);
	is_int(nrows, n, "totals: every check, zeros too");
	is_str(rows[1], "-|-|1", "person_no_house 1");
	is_str(rows[0], "-|-|0", "person_no_grid 0");
	in_area = G3;
	is_str(listed(NULL), G3 "|P6|-", "--list in a grid");
	in_area = G1;
	is_str(listed("two_households"), G1 "|P1|HH1,HH2", "one of two");
	is_str(counts(GRID_LEVEL_GRID, "grid_no_worker"), "",
	    "G1 has a worker");
	in_area = "320508001001";
	is_int(run(GRID_LEVEL_STREET, NULL, keep_count, &e), -1,
	    "a level above the area");
	is_str(e.field, "level", "field level");
	in_area = "320508002";
	is_int(run(GRID_LEVEL_NONE, NULL, keep_count, &e), -1,
	    "an area not in the database");
	is_int(e.code, GRID_EDATA, "a data error");
	is_int(list(NULL, &e), -1, "list: the same");
	in_area = "32050800100";
	is_int(run(GRID_LEVEL_NONE, NULL, keep_count, &e), -1,
	    "a malformed area");
	is_int(e.code, GRID_EUSAGE, "a usage error");
	is_str(e.field, "in", "field in");
	in_area = NULL;
}

static void
test_refusals(void)
{
	struct grid_error e;

	is_int(run(GRID_LEVEL_CITY, NULL, keep_count, &e), -1,
	    "city is no level");
	is_int(e.code, GRID_EUSAGE, "usage");
	is_str(e.field, "level", "field level");
	is_int(run(GRID_LEVEL_NONE, "nope", keep_count, &e), -1,
	    "unknown check");
	is_str(e.text, "no such check 'nope'", "named");
	is_int(list("nope", &e), -1, "list: unknown check");
	is_int(run(GRID_LEVEL_NONE, NULL, stop, &e), -1,
	    "a callback stops the run");
	is_int(e.code, 0, "with code 0");
	setenv("GRID_NOW", "yesterday-ish", 1);
	is_int(run(GRID_LEVEL_NONE, NULL, keep_count, &e), -1,
	    "bad GRID_NOW");
	is_int(e.code, GRID_EUSAGE, "is a usage error");
	setenv("GRID_NOW", "2026-06-15T10:00:00+08:00", 1);
}

static void
test_cutoff_moves(void)
{
	setenv("GRID_NOW", "2026-06-15T10:00:01+08:00", 1);
	counts(GRID_LEVEL_NONE, "stale_person");
	is_str(joined(), "-|-|3", "a second later the cutoff row is stale");
	setenv("GRID_NOW", "2026-06-15T09:59:59+08:00", 1);
	counts(GRID_LEVEL_NONE, "stale_person");
	is_str(joined(), "-|-|1", "a second earlier only the unreadable one");
	setenv("GRID_NOW", "2026-06-15T10:00:00+08:00", 1);
}

/* A row of dup_id_districts: "db|grid|key|value", db the file's name. */
static int
keep_across(void *ctx, const struct grid_quality_item *item)
{
	const char *slash = item->db != NULL ? strrchr(item->db, '/') : NULL;

	if (nrows == MAX_ROWS)
		die("keep_across", "too many rows");
	row_check[nrows] = item->check->key;
	snprintf(rows[nrows++], sizeof(rows[0]), "%s|%s|%s|%s",
	    slash != NULL ? slash + 1 : "-",
	    item->grid_code ? item->grid_code : "-", item->key,
	    item->value ? item->value : "-");
	return 0;
}

static int
stop_at_first(void *ctx, const struct grid_quality_item *item)
{
	return 1;
}

/*
 * dup_id_districts: the fixture's database and a second district whose
 * people repeat P1 and the 1949 number (as its 18 characters), beside
 * one of its own: every row of a number in both, from both; counts.
 */
static void
test_across(void)
{
	struct grid_db *first = db;
	struct grid_quality_ids *ids;
	struct grid_error e;

	db_create("INSERT INTO regions (code, level, name, parent_code) "
	    "VALUES ('320506', 'district', '吴中区', NULL),"
	    "('320506001', 'street', '长桥街道', '320506'),"
	    "('320506001001', 'community', '新家', '320506001');"
	    "INSERT INTO grids (code, community_code, name, kind) VALUES "
	    "('32050600100101', '320506001001', '新家01', 'unit');"
	    "INSERT INTO people (id_number, id_type, name, grid_code, "
	    "updated_at) VALUES "
	    "('P1', 'passport', '某人', '32050600100101', '" FRESH "'),"
	    "('11010519491231002X', 'resident_id', '某人', "
	    "'32050600100101', '" FRESH "'),"
	    "('ONLY2', 'passport', '某人', NULL, '" FRESH "');");
	is_str(grid_quality_across()->key, "dup_id_districts", "its key");
	ok(grid_quality_find("dup_id_districts") == NULL,
	    "not a check of one database");
	if ((ids = grid_quality_ids_new(&e)) == NULL)
		die("grid_quality_ids_new", e.text);
	ok(grid_quality_ids_add(ids, first, 1, &e) == 0 &&
	    grid_quality_ids_add(ids, db, 1, &e) == 0, "two databases read");
	nrows = 0;
	ok(grid_quality_ids_list(ids, NULL, keep_across, NULL, &e) == 0,
	    "listed");
	is_str(joined(),
	    "db2.db|32050600100101|11010519491231002X|11010519491231002X;"
	    "db2.db|32050600100101|P1|P1;"
	    "db1.db|" G1 "|11010519491231002X|11010519491231002X;"
	    "db1.db|" G1 "|11010519491231002x|11010519491231002X;"
	    "db1.db|" G1 "|110105491231002|11010519491231002X;"
	    "db1.db|" G1 "|P1|P1",
	    "every row of a number in both, by grid and key, its database");
	is_str(row_check[0], "dup_id_districts", "rows of dup_id_districts");
	nrows = 0;
	ok(grid_quality_ids_list(ids, "320506", keep_across, NULL, &e) == 0 &&
	    nrows == 2, "in one district: its rows only");
	nrows = 0;
	ok(grid_quality_ids_run(ids, GRID_LEVEL_NONE, NULL, keep_count, NULL,
	    &e) == 0, "counted");
	is_str(joined(), "-|-|6", "one count, the sum");
	nrows = 0;
	ok(grid_quality_ids_run(ids, GRID_LEVEL_DISTRICT, NULL, keep_count,
	    NULL, &e) == 0, "counted by district");
	is_str(joined(), "320506|吴中区|2;320508|姑苏区|4",
	    "per district, named from the places gathered");
	nrows = 0;
	ok(grid_quality_ids_run(ids, GRID_LEVEL_NONE, "320599", keep_count,
	    NULL, &e) == 0, "an area with none");
	is_str(joined(), "-|-|0", "a zero count");
	nrows = 0;
	is_int(grid_quality_ids_list(ids, NULL, stop_at_first, NULL, &e), -1,
	    "a callback stops the list");
	is_int(e.code, 0, "stopped: code 0");
	grid_quality_ids_free(ids);
	grid_quality_ids_free(NULL);
	db_remove();
	db = first;
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	setup();
	test_checks();
	test_levels();
	test_lists();
	test_area();
	test_cutoff_moves();
	test_refusals();
	test_across();
	test_end();
	return tap_done();
}
