/*
 * test_casestats.c - unit tests of lib/stats_cases.c on one small database
 * where every figure is worked out by hand: counts by place (empty units,
 * cases without a grid), shares, people and rates per 1,000, ranks by
 * cases and by rate with ties, the hotspot flag, --top, the period (first
 * and last day included, local midnight), hour, weekday and month in
 * local time from any offset, categories with names, a cross table,
 * voided and merged cases left out, levels adding up, refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/casestats.h"
#include "grid/db.h"
#include "grid/error.h"

#include "tap.h"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508001002', 'community', '三元坊', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('32050800100101', '320508001001', 'G1', 'unit'),"
    "('32050800100102', '320508001001', 'G2', 'unit'),"
    "('32050800100201', '320508001002', 'G3', 'unit'),"
    "('32050800200101', '320508002001', 'G4', 'unit'),"
    "('32050800200102', '320508002001', 'G5', 'unit'),"
    "('32050800200103', '320508002001', 'G6', 'unit'),"
    "('32050800200104', '320508002001', 'G7', 'unit');";

static char dir[] = "/tmp/test_casestats.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 32
#include "testdb.h"
static int case_no, person_no;
static struct grid_column cols[GRID_CASESTATS_MAX_COLUMNS];
static const char *in_area;	/* the area of the runs; NULL: none */
static int unit_rows, unit_wrong;	/* rows with level, unit, unit_name */

/* 1 when a and b are both NULL or equal text. */
static int
same_text(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/*
 * Checks the level, unit and unit_name of the kept row r against its
 * first place key and name (counted in unit_rows, unit_wrong).  Returns
 * the number of columns they take: 3, or 0 without a place.
 */
static size_t
check_unit(size_t r)
{
	size_t c, len;

	if (ncols < 3 || strcmp(cols[0].name, "level") != 0)
		return 0;
	for (c = 3; c < ncols; c++) {
		len = strlen(cols[c].name);
		if (len > 5 && strcmp(cols[c].name + len - 5, "_code") == 0 &&
		    strncmp(cols[c].name, "category", 8) != 0)
			break;
	}
	unit_rows++;
	if (c + 1 >= ncols || cells[r][0] == NULL ||
	    strncmp(cols[c].name, cells[r][0], strlen(cells[r][0])) != 0 ||
	    !same_text(cells[r][1], cells[r][c]) ||
	    !same_text(cells[r][2], cells[r][c + 1]))
		unit_wrong++;
	return 3;
}

/* n cases of category in grid (NULL: none) reported at, with status. */
static void
cases(int n, const char *category, const char *grid, const char *at,
    const char *status)
{
	char id[16], *q;

	while (n-- > 0) {
		snprintf(id, sizeof(id), "C%04d", ++case_no);
		q = sqlite3_mprintf("INSERT INTO cases (id, source, "
		    "category_code, grid_code, status, reported_at) VALUES "
		    "(%Q, 'worker', %Q, %Q, %Q, %Q)", id, category, grid,
		    status, at);
		sql(q);
		sqlite3_free(q);
	}
}

static void
people(int n, const char *grid)
{
	char id[16], *q;

	while (n-- > 0) {
		snprintf(id, sizeof(id), "P%04d", ++person_no);
		q = sqlite3_mprintf("INSERT INTO people (id_number, name, "
		    "sex, birth_date, grid_code, updated_at) VALUES (%Q, '某', "
		    "'M', '1990-01-01', %Q, '2024-01-01T00:00:00+08:00')",
		    id, grid);
		sql(q);
		sqlite3_free(q);
	}
}

/*
 * Runs the statistics by the comma-separated dimensions, in in_area;
 * returns the rows, "|" between rows, "," between values ("" for NULL)
 * but for level, unit and unit_name (checked by check_unit); or the
 * error as "error CODE FIELD: TEXT".  The header in *header.
 */
static const char *
run(const char *by, const char *from, const char *to, long top)
{
	static char list[2048];
	struct grid_casestats_query q;
	struct grid_error e;
	char copy[128], *t, *save = NULL;
	size_t r, c, first, len = 0;
	int d;

	memset(&q, 0, sizeof(q));
	snprintf(copy, sizeof(copy), "%s", by);
	for (t = strtok_r(copy, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		if ((d = grid_casestats_dim_parse(t)) < 0)
			die("no dimension", t);
		if (q.ndims < GRID_CASESTATS_MAX_DIMS + 1)
			q.dims[q.ndims < GRID_CASESTATS_MAX_DIMS ? q.ndims :
			    0] = (enum grid_casestats_dim)d;
		q.ndims++;
	}
	q.from = from;
	q.to = to;
	q.top = top;
	q.area = in_area;
	forget();
	ncols = q.ndims <= GRID_CASESTATS_MAX_DIMS ?
	    grid_casestats_columns(&q, cols) : 0;
	if (grid_casestats_run(db, &q, keep_row, NULL, &e) != 0) {
		snprintf(list, sizeof(list), "error %d %.32s: %.400s", e.code,
		    e.field[0] ? e.field : "-", e.text);
		return list;
	}
	list[0] = '\0';
	for (r = 0; r < nrows; r++)
		for (c = first = check_unit(r); c < ncols; c++)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s%s", c > first ? "," : r ? "|" : "",
			    cells[r][c] ? cells[r][c] : "");
	return list;
}

static const char *
header(void)
{
	static char text[512];
	size_t c, len = 0;

	text[0] = '\0';
	for (c = 0; c < ncols; c++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
		    c ? "," : "", cols[c].name);
	return text;
}

static void
setup(void)
{
	db_create(fixture_sql);
	sql("BEGIN");
	cases(10, "E0102", "32050800100101", "2024-06-03T09:15:00+08:00",
	    "closed");
	cases(1, "E0101", "32050800100102", "2024-06-09T23:30:00+08:00",
	    "reported");
	/* 16:30 UTC is 00:30 on Wednesday 5 June in Shanghai */
	cases(1, "E0101", "32050800100201", "2024-06-04T16:30:00+00:00",
	    "registered");
	cases(1, "E0101", "32050800200101", "2024-05-31T23:30:00+08:00",
	    "closed");
	cases(1, "E0101", "32050800200102", "2024-06-30T23:59:00+08:00",
	    "dispatched");
	cases(1, "E0101", "32050800200103", "2024-07-01T00:00:00+08:00",
	    "handled");
	cases(1, "E0102", NULL, "2024-06-10T08:00:00+08:00", "reported");
	cases(1, "E0101", "32050800100102", "2024-06-10T10:00:00+08:00",
	    "voided");
	cases(1, "E0101", "32050800100102", "2024-06-10T10:00:00+08:00",
	    "merged");
	people(4, "32050800100101");
	people(1, "32050800100102");
	people(2, "32050800200101");
	people(3, "32050800200102");
	people(4, "32050800200103");
	people(1, "32050800200104");
	people(2, NULL);
	sql("COMMIT");
}

static void
test_places(void)
{
	is_str(run("grid", NULL, NULL, 0), "32050800100101,G1,10,62.50,4,"
	    "2500.00,1,1,1|32050800100102,G2,1,6.25,1,1000.00,2,2,0|"
	    "32050800100201,G3,1,6.25,0,,,3,0|32050800200101,G4,1,6.25,2,"
	    "500.00,3,4,0|32050800200102,G5,1,6.25,3,333.33,4,5,0|"
	    "32050800200103,G6,1,6.25,4,250.00,5,6,0|32050800200104,G7,0,"
	    "0.00,1,0.00,6,7,0|,,1,6.25,,,,,",
	    "by grid: every unit grid, shares, rates, ranks, the hotspot");
	is_str(header(), "level,unit,unit_name,grid_code,grid_name,cases,"
	    "share,people,rate_per_1000,rank_by_rate,rank,hotspot",
	    "columns by grid: level, unit, unit_name first");
	is_str(cells[0][0], "grid", "level grid");
	is_str(cells[0][1], "32050800100101", "unit: the grid code");
	is_str(cells[0][2], "G1", "unit_name: its name");
	is_str(cells[7][0], "grid", "the row without grid has the level");
	is_str(cells[7][1], NULL, "no unit");
	is_int(cols[5].type, GRID_COL_INT, "cases is an integer");
	is_str(run("grid", NULL, NULL, 3), "32050800100101,G1,10,62.50,4,"
	    "2500.00,1,1,1|32050800100102,G2,1,6.25,1,1000.00,2,2,0|"
	    "32050800100201,G3,1,6.25,0,,,3,0",
	    "--top 3: ties by code, no row without grid");
	is_str(run("community", NULL, NULL, 0), "320508001001,彩香一村,11,"
	    "68.75,5,2200.00,1,1,0|320508001002,三元坊,1,6.25,0,,,3,0|"
	    "320508002001,平江新城,3,18.75,10,300.00,2,2,0|,,1,6.25,,,,,",
	    "by community; 3 units are too few for a hotspot");
	is_str(run("street", NULL, NULL, 0), "320508001,金阊街道,12,75.00,5,"
	    "2400.00,1,1,0|320508002,平江街道,3,18.75,10,300.00,2,2,0|"
	    ",,1,6.25,,,,,", "by street: the sums of its communities");
}

static void
test_period(void)
{
	is_str(run("grid", "2024-06-01", "2024-06-30", 0),
	    "32050800100101,G1,10,71.43,4,2500.00,1,1,1|32050800100102,G2,1,"
	    "7.14,1,1000.00,2,2,0|32050800100201,G3,1,7.14,0,,,3,0|"
	    "32050800200101,G4,0,0.00,2,0.00,4,5,0|32050800200102,G5,1,7.14,"
	    "3,333.33,3,4,0|32050800200103,G6,0,0.00,4,0.00,5,6,0|"
	    "32050800200104,G7,0,0.00,1,0.00,6,7,0|,,1,7.14,,,,,",
	    "June: 31 May 23:30 out, 30 June 23:59 in, 1 July 00:00 out");
	is_str(run("month", "2024-06-30", "2024-07-01", 0),
	    "2024-06,1,50.00,1,0|2024-07,1,50.00,2,0", "two days");
	is_str(run("month", "2024-07-01", NULL, 0), "2024-07,1,100.00,1,0",
	    "from alone");
	is_str(run("month", NULL, "2024-05-31", 0), "2024-05,1,100.00,1,0",
	    "to alone");
	is_str(run("month", "2024/6/1", "2024年6月30日", 0),
	    "2024-06,14,100.00,1,0", "dates in other spellings");
}

static void
test_time(void)
{
	is_str(run("hour", NULL, NULL, 0),
	    "0,2,12.50,3,0|8,1,6.25,4,0|9,10,62.50,1,0|23,3,18.75,2,0",
	    "hours of the local time (an offset of +00:00 converted)");
	is_str(header(), "hour,cases,share,rank,hotspot", "columns by hour");
	is_int(cols[0].type, GRID_COL_INT, "hour is an integer");
	is_str(run("weekday", NULL, NULL, 0),
	    "1,12,75.00,1,0|3,1,6.25,3,0|5,1,6.25,4,0|7,2,12.50,2,0",
	    "weekdays, 1 Monday to 7 Sunday");
	is_str(run("month", NULL, NULL, 0),
	    "2024-05,1,6.25,2,0|2024-06,14,87.50,1,0|2024-07,1,6.25,3,0",
	    "months");
	is_str(run("category", NULL, NULL, 0),
	    "E0101,私搭乱建,5,31.25,2,0|E0102,暴露垃圾,11,68.75,1,0",
	    "categories with their names; voided and merged left out");
}

static void
test_cross(void)
{
	is_str(run("category,street", NULL, NULL, 0),
	    "E0101,私搭乱建,320508001,金阊街道,2,12.50,5,400.00,2,3,0|"
	    "E0101,私搭乱建,320508002,平江街道,3,18.75,10,300.00,3,2,0|"
	    "E0102,暴露垃圾,320508001,金阊街道,10,62.50,5,2000.00,1,1,0|"
	    "E0102,暴露垃圾,,,1,6.25,,,,,",
	    "category by street: the cells with cases, rates of the street");
	is_str(header(), "level,unit,unit_name,category_code,category_name,"
	    "street_code,street_name,cases,share,people,rate_per_1000,"
	    "rank_by_rate,rank,hotspot", "cross table columns: the place "
	    "gives level, unit, unit_name");
	is_str(cells[0][0], "street", "level street");
	is_str(cells[0][2], "金阊街道", "the street's name");
	is_str(run("hour,grid,community", NULL, NULL, 0),
	    "0,32050800100201,G3,320508001002,三元坊,1,6.25,0,,,2,0|"
	    "0,32050800200103,G6,320508002001,平江新城,1,6.25,4,250.00,5,3,0|"
	    "8,,,,,1,6.25,,,,,|"
	    "9,32050800100101,G1,320508001001,彩香一村,10,62.50,4,2500.00,1,"
	    "1,1|"
	    "23,32050800100102,G2,320508001001,彩香一村,1,6.25,1,1000.00,2,4,"
	    "0|"
	    "23,32050800200101,G4,320508002001,平江新城,1,6.25,2,500.00,3,5,0|"
	    "23,32050800200102,G5,320508002001,平江新城,1,6.25,3,333.33,4,6,0",
	    "two places: the first gives the unit");
	is_str(cells[0][0], "grid", "level of the first place");
	is_int(unit_wrong, 0, "every unit and unit_name is its place's");
	is_int(unit_rows > 20, 1, "over many rows");
	is_str(run("weekday,hour", NULL, NULL, 2),
	    "1,9,10,62.50,1,1|7,23,2,12.50,2,0", "weekday by hour, top 2");
}

static void
test_refusals(void)
{
	is_str(run("grid,grid", NULL, NULL, 0),
	    "error 64 by: 'grid' given twice", "a dimension twice");
	is_str(run("grid,hour,month,category", NULL, NULL, 0),
	    "error 64 by: give 1 to 3 dimensions", "four dimensions");
	is_str(run("grid", "2024-02-30", NULL, 0),
	    "error 64 from: impossible date '2024-02-30'", "bad --from");
	is_str(run("grid", NULL, "June", 0),
	    "error 64 to: bad date 'June'", "bad --to");
	is_str(run("grid", "2024-06-02", "2024-06-01", 0),
	    "error 64 to: '2024-06-01' is before '2024-06-02' (--from)",
	    "--to before --from");
	is_str(run("grid", "2024-06-02", "2024-06-02", 0),
	    "32050800100101,G1,0,,4,0.00,1,1,0|32050800100102,G2,0,,1,0.00,"
	    "2,2,0|32050800100201,G3,0,,0,,,3,0|32050800200101,G4,0,,2,0.00,"
	    "3,4,0|32050800200102,G5,0,,3,0.00,4,5,0|32050800200103,G6,0,,4,"
	    "0.00,5,6,0|32050800200104,G7,0,,1,0.00,6,7,0",
	    "one day without cases: zeros, no share");
	is_int(grid_casestats_dim_parse("district"), -1, "no district");
	is_int(grid_casestats_dim_parse("weekday"), GRID_CS_WEEKDAY,
	    "weekday parsed");
}

/* --in: the cases, units and people of the area; its shares and ranks. */
static void
test_area(void)
{
	in_area = "320508002";
	is_str(run("grid", NULL, NULL, 0), "32050800200101,G4,1,33.33,2,"
	    "500.00,1,1,0|32050800200102,G5,1,33.33,3,333.33,2,2,0|"
	    "32050800200103,G6,1,33.33,4,250.00,3,3,0|32050800200104,G7,0,"
	    "0.00,1,0.00,4,4,0", "--in a street: its grids, shares and ranks "
	    "of the street, no row without grid");
	in_area = "320508002001";
	is_str(run("community", NULL, NULL, 0),
	    "320508002001,平江新城,3,100.00,10,300.00,1,1,0",
	    "--in a community: its row, cases, people and rate as without");
	in_area = "320508001";
	is_str(run("category", NULL, NULL, 0),
	    "E0101,私搭乱建,2,16.67,2,0|E0102,暴露垃圾,10,83.33,1,0",
	    "categories of the street's cases");
	is_str(run("grid", NULL, NULL, 0), "32050800100101,G1,10,83.33,4,"
	    "2500.00,1,1,0|32050800100102,G2,1,8.33,1,1000.00,2,2,0|"
	    "32050800100201,G3,1,8.33,0,,,3,0",
	    "the hotspot mean is the street's: 3 units, no hotspot");
	is_str(run("grid", NULL, NULL, 1), "32050800100101,G1,10,83.33,4,"
	    "2500.00,1,1,0", "--top of the area");
	in_area = "32050800100101";
	is_str(run("hour", NULL, NULL, 0), "9,10,100.00,1,0",
	    "hours of a grid's cases");
	is_str(run("weekday,grid", NULL, NULL, 0),
	    "1,32050800100101,G1,10,100.00,4,2500.00,1,1,0",
	    "a cross table in a grid");
	is_str(run("grid", "2024-07-01", NULL, 0),
	    "32050800100101,G1,0,,4,0.00,1,1,0", "no case in the period");
	is_int(unit_wrong, 0, "units still their places'");
	in_area = "320508001001";
	is_str(run("street", NULL, NULL, 0), "error 64 level: street is "
	    "above the area '320508001001', a community",
	    "a place above the area refused");
	is_str(run("hour,community,street", NULL, NULL, 0), "error 64 level: "
	    "street is above the area '320508001001', a community",
	    "any place of a cross table");
	in_area = "320508003";
	is_str(run("hour", NULL, NULL, 0), "error 65 in: unknown area "
	    "'320508003': no region or grid has this code", "an unknown area");
	in_area = "32050800a";
	is_str(run("hour", NULL, NULL, 0), "error 64 in: code not digits "
	    "'32050800a'", "a code that is not digits");
	in_area = NULL;
}

int
main(void)
{
	test_begin(NULL);
	setup();
	test_places();
	test_period();
	test_time();
	test_cross();
	test_area();
	test_refusals();
	test_end();
	return tap_done();
}
