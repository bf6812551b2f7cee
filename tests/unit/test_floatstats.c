/*
 * test_floatstats.c - unit tests of lib/stats_floating.c (residence
 * permits per unit and the list), the list of lib/stats_groups.c
 * (grid_groupstats_list) and lib/reveal.c (the trace of a reveal): the
 * edges of the window (the expiry on the reference day, on its last day
 * and the day after, the day before), people not yet born, the row
 * without grid, areas, tags that start and end, the trace's line, mode
 * and failure, refusals.  Every figure is worked out in the comments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/floatstats.h"
#include "grid/groupstats.h"
#include "grid/reveal.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800100102"
#define G3 "32050800100201"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508001002', 'community', '三元坊', '320508001');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508001001', '彩香一村02', 'unit'),"
    "('" G3 "', '320508001002', '三元坊01', 'unit');"
    "INSERT INTO houses (id, address, grid_code, rented) VALUES "
    "('H1', '彩香新村1幢101室', '" G1 "', 1);";

static char dir[] = "/tmp/test_floatstats.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"
static int person_no;

/*
 * A person in grid (NULL: none) with residence, a permit expiring on
 * expiry (NULL: none) and a birth date; returns the id ("P00001", ...).
 */
static const char *
person(const char *grid, const char *residence, const char *expiry,
    const char *birth)
{
	static char id[16];
	char *q;

	snprintf(id, sizeof(id), "P%05d", ++person_no);
	q = sqlite3_mprintf("INSERT INTO people (id_number, id_type, name, "
	    "phone, house_id, birth_date, grid_code, residence, "
	    "permit_number, permit_expiry, updated_at) VALUES (%Q, "
	    "'passport', '某人', '1380000%04d', %Q, %Q, %Q, %Q, %Q, %Q, "
	    "'2024-01-01T00:00:00+08:00');", id, person_no,
	    grid != NULL && strcmp(grid, G1) == 0 ? "H1" : NULL, birth, grid,
	    residence, expiry != NULL ? "JZ" : NULL, expiry);
	sql(q);
	sqlite3_free(q);
	return id;
}

/* The area of the runs; NULL: everywhere. */
static const char *in_area;

/* Counts per unit: "unit:floating:permits:expired:expiring:without;..". */
static const char *
counts(enum grid_level level, int days, const char *at)
{
	static char list[512];
	struct grid_permits_query q = { level, at, days, in_area };
	struct grid_error e;
	size_t r, len = 0;

	forget();
	grid_permits_columns(&ncols);
	if (grid_permits_run(db, &q, keep_row, NULL, &e) != 0) {
		snprintf(list, sizeof(list), "error %d %.32s", e.code,
		    e.field[0] ? e.field : "-");
		return list;
	}
	list[0] = '\0';
	for (r = 0; r < nrows; r++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s:%s:%s:%s:%s:%s", r ? ";" : "",
		    cells[r][1] ? cells[r][1] : "-", cells[r][3], cells[r][4],
		    cells[r][5], cells[r][6], cells[r][7]);
	return list;
}

/* The list: "id expiry days_left state;..". */
static const char *
listed(int days, const char *at)
{
	static char list[512];
	struct grid_permits_query q = { GRID_LEVEL_NONE, at, days, in_area };
	struct grid_error e;
	size_t r, len = 0;

	forget();
	grid_permits_list_columns(&ncols);
	if (grid_permits_list(db, &q, keep_row, NULL, &e) != 0) {
		snprintf(list, sizeof(list), "error %d", e.code);
		return list;
	}
	list[0] = '\0';
	for (r = 0; r < nrows; r++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s %s %s %s", r ? ";" : "", cells[r][1], cells[r][5],
		    cells[r][6], cells[r][7]);
	return list;
}

/*
 * Permits on 2026-06-15, 30 days (to 2026-07-15): in G1 P1 expired the
 * day before (06-14), P2 expires on the day (06-15), P3 on the last day
 * (07-15), P4 the day after it (07-16: valid, not listed); P5 floating
 * without a permit; P6 registered.  In G3 P7 expired long ago; P8 (G2)
 * is born after the day: not counted.  P9 has no grid, floating, a permit
 * expiring 06-20.
 */
static void
test_permits(void)
{
	const struct grid_column *c;
	size_t n;

	db_create(fixture_sql);
	person(G1, "floating", "2026-06-14", "1990-01-01");
	person(G1, "floating", "2026-06-15", "1990-01-01");
	person(G1, "floating", "2026-07-15", NULL);
	person(G1, "floating", "2026-07-16", "1990-01-01");
	person(G1, "floating", NULL, "1990-01-01");
	person(G1, "registered", NULL, "1990-01-01");
	person(G3, "overseas", "2020-01-01", "1990-01-01");
	person(G2, "floating", "2026-06-20", "2026-07-01");
	person(NULL, "floating", "2026-06-20", "1990-01-01");

	c = grid_permits_columns(&n);
	is_int(n, GRID_PERMITS_NCOLUMN, "8 columns");
	is_str(c[7].name, "without_permit", "without_permit last");
	c = grid_permits_list_columns(&n);
	is_int(n, GRID_PERMITS_LIST_NCOLUMN, "8 list columns");
	is_str(c[GRID_PERMITS_PHONE].name, "phone", "the phone's index");
	is_str(c[GRID_PERMITS_NUMBER].name, "permit_number",
	    "the permit number's index");
	is_int(c[6].type, GRID_COL_INT, "days_left is a number");

	/* G1: floating 5 (P1-P5), permits 4, expired P1, expiring P2 P3,
	 * without P5; G2: P8 not born; G3: P7 overseas, expired; no grid:
	 * P9 expiring */
	is_str(counts(GRID_LEVEL_GRID, 30, "2026-06-15"),
	    G1 ":5:4:1:2:1;" G2 ":0:0:0:0:0;" G3 ":0:1:1:0:0;-:1:1:0:1:0",
	    "by grid, 30 days");
	is_str(counts(GRID_LEVEL_COMMUNITY, 31, "2026-06-15"),
	    "320508001001:5:4:1:3:1;320508001002:0:1:1:0:0;-:1:1:0:1:0",
	    "by community, 31 days: P4 comes in");
	is_str(counts(GRID_LEVEL_DISTRICT, 0, "2026-06-15"),
	    "320508:5:5:2:1:1;-:1:1:0:0:0",
	    "0 days: the day itself (P2); P9 (06-20) not yet");
	/* on 07-01 P8 is born: G2 floating 1, a permit expired 06-20 */
	is_str(counts(GRID_LEVEL_GRID, 0, "2026-07-01"),
	    G1 ":5:4:2:0:1;" G2 ":1:1:1:0:0;" G3 ":0:1:1:0:0;-:1:1:1:0:0",
	    "another day, and someone born meanwhile");
	in_area = "320508001002";
	is_str(counts(GRID_LEVEL_GRID, 30, "2026-06-15"), G3 ":0:1:1:0:0",
	    "--in a community");
	is_str(listed(30, "2026-06-15"), "P00007 2020-01-01 -2357 expired",
	    "the list of the area");
	in_area = NULL;

	is_str(listed(30, "2026-06-15"),
	    "P00001 2026-06-14 -1 expired;P00002 2026-06-15 0 expiring;"
	    "P00003 2026-07-15 30 expiring;P00007 2020-01-01 -2357 expired;"
	    "P00009 2026-06-20 5 expiring",
	    "the list: by grid, expiry; the one without grid last");
	is_str(row(0), "32050800100101|P00001|某人|13800000001|JZ|2026-06-14|"
	    "-1|expired", "a whole row, unmasked");
	is_str(counts(GRID_LEVEL_GRID, -1, NULL), "error 64 days",
	    "days below 0 refused");
	is_str(counts(GRID_LEVEL_GRID, GRID_PERMITS_MAX_DAYS + 1, NULL),
	    "error 64 days", "more than 3650 days refused");
	is_str(counts(GRID_LEVEL_GRID, 1, "2026-02-30"), "error 64 at",
	    "an impossible date refused");
	is_str(listed(1, "soon"), "error 64", "the list checks it too");
	in_area = "320509";
	is_str(counts(GRID_LEVEL_GRID, 1, NULL), "error 65 in",
	    "an area the database does not hold");
	in_area = NULL;
	db_remove();
}

/* The group's list: "id phone address;..". */
static const char *
group_list(const char *tag, int age_min, const char *at)
{
	static char list[512];
	const char *tags[1] = { tag };
	struct grid_groupstats_query q;
	struct grid_error e;
	size_t r, len = 0;

	memset(&q, 0, sizeof(q));
	q.level = GRID_LEVEL_COMMUNITY;
	q.tags = tags;
	q.ntags = 1;
	q.age_min = age_min;
	q.at = at;
	q.area = in_area;
	forget();
	grid_groupstats_list_columns(&ncols);
	if (grid_groupstats_list(db, &q, keep_row, NULL, &e) != 0) {
		snprintf(list, sizeof(list), "error %d %.32s", e.code,
		    e.field[0] ? e.field : "-");
		return list;
	}
	list[0] = '\0';
	for (r = 0; r < nrows; r++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s %s %s", r ? ";" : "", cells[r][1],
		    cells[r][3] ? cells[r][3] : "-",
		    cells[r][4] ? cells[r][4] : "-");
	return list;
}

static void
tag(const char *id, const char *name, const char *since, const char *until)
{
	char *q = sqlite3_mprintf("INSERT INTO person_tags (id_number, tag, "
	    "since, until) VALUES (%Q, %Q, %Q, %Q)", id, name, since, until);

	sql(q);
	sqlite3_free(q);
}

/*
 * elderly_alone: P1 (G1, house H1, born 1940) always; P2 (G3, no house,
 * 1950) from 2026-06-01; P3 (no grid, 1945) until 2026-06-10; P4 (G2,
 * 1930) is disabled only.
 */
static void
test_group_list(void)
{
	size_t n;

	db_create(fixture_sql);
	person_no = 0;
	tag(person(G1, "registered", NULL, "1940-01-01"), "elderly_alone",
	    NULL, NULL);
	tag(person(G3, "registered", NULL, "1950-01-01"), "elderly_alone",
	    "2026-06-01", NULL);
	tag(person(NULL, "registered", NULL, "1945-01-01"), "elderly_alone",
	    NULL, "2026-06-10");
	tag(person(G2, "registered", NULL, "1930-01-01"), "disabled", NULL,
	    NULL);

	grid_groupstats_list_columns(&n);
	is_int(n, GRID_GROUPSTATS_LIST_NCOLUMN, "5 list columns");
	is_str(group_list("elderly_alone", -1, "2026-06-15"),
	    "P00001 13800000001 彩香新村1幢101室;P00002 13800000002 -",
	    "on 06-15: P1 with the house's address, P2; P3's tag has ended");
	is_str(group_list("独居老人", -1, "2026-06-10"),
	    "P00001 13800000001 彩香新村1幢101室;P00002 13800000002 -;"
	    "P00003 13800000003 -",
	    "on 06-10 (the Chinese label): P3's last day, P3 last (no grid)");
	is_str(group_list("elderly_alone", -1, "2026-05-31"),
	    "P00001 13800000001 彩香新村1幢101室;P00003 13800000003 -",
	    "on 05-31: P2's tag not begun");
	is_str(group_list("elderly_alone", 80, "2026-06-15"),
	    "P00001 13800000001 彩香新村1幢101室",
	    "aged 80 or more: P1 (86), not P2 (76)");
	in_area = G3;
	is_str(group_list("elderly_alone", -1, "2026-06-15"),
	    "P00002 13800000002 -", "--in a grid");
	in_area = NULL;
	is_str(group_list("vip", -1, NULL), "error 64 tag",
	    "an unknown tag refused");
	db_remove();
}

/* The trace of a reveal: its line, its mode, a second line, a failure. */
static void
test_reveal(void)
{
	char path[512], line[512], want[512];
	struct grid_error e;
	struct stat st;
	FILE *f;

	db_create(NULL);
	ok(grid_reveal_log_path(db, path, sizeof(path)) != NULL, "a path");
	snprintf(want, sizeof(want), "%s.reveal.log", db_path);
	is_str(path, want, "beside the database");
	ok(grid_reveal_log_path(db, line, 8) == NULL, "too small: NULL");
	is_int(grid_reveal_log(db, "张三", "groups --list",
	    "grid-stats groups --list --tag \"x\"", &e), 0, "recorded");
	is_int(grid_reveal_log(db, "李四", "l2", "q2", &e), 0, "again");
	is_int(stat(path, &st), 0, "the file exists");
	is_int((int)(st.st_mode & 0777), 0600, "mode 0600");
	f = fopen(path, "r");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	is_str(line, "{\"at\":\"2026-06-15T10:00:00+08:00\",\"actor\":"
	    "\"张三\",\"list\":\"groups --list\",\"query\":\"grid-stats "
	    "groups --list --tag \\\"x\\\"\"}\n", "one JSON line, escaped");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	is_str(line, "{\"at\":\"2026-06-15T10:00:00+08:00\",\"actor\":"
	    "\"李四\",\"list\":\"l2\",\"query\":\"q2\"}\n", "appended");
	if (f != NULL)
		fclose(f);
	unlink(path);
	if (mkdir(path, 0700) != 0)
		die("mkdir", path);
	is_int(grid_reveal_log(db, "x", "l", "q", &e), -1,
	    "a directory in the way");
	is_int(e.code, GRID_ECANTCREAT, "cannot create (73)");
	is_str(e.source, path, "the path named");
	rmdir(path);
	setenv("GRID_NOW", "never", 1);
	is_int(grid_reveal_log(db, "x", "l", "q", &e), -1, "a bad GRID_NOW");
	is_int(e.code, GRID_EUSAGE, "a usage error");
	setenv("GRID_NOW", "2026-06-15T10:00:00+08:00", 1);
	ok(access(path, F_OK) != 0, "nothing written");
	db_remove();
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	test_permits();
	test_group_list();
	test_reveal();
	test_end();
	return tap_done();
}
