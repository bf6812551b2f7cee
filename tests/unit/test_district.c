/*
 * test_district.c - a database's jurisdiction (district.h): which codes
 * a district, a city and a province cover; the division a case id
 * carries; the setting refused when it would change or leave rows
 * outside; and new case ids that carry it, counted per day within it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/cases.h"
#include "grid/codes.h"
#include "grid/db.h"
#include "grid/district.h"
#include "grid/error.h"

#include "tap.h"

static char dir[] = "/tmp/test_district.XXXXXX";
#include "testfs.h"
#include "testdb.h"

static void
test_check(void)
{
	static const struct {
		const char *code;
		int ok;
	} cases[] = {
		{ "320508", 1 }, { "320500", 1 }, { "320000", 1 },
		{ "441900", 1 },	/* 东莞: a city without districts */
		{ "3205", 0 }, { "32050801", 0 }, { "", 0 }, { "32050x", 0 },
		{ "990508", 0 },	/* no province 99 */
		{ "320008", 0 },	/* prefecture 00 under county 08 */
		{ "320508018", 0 },	/* a street, not a jurisdiction */
	};
	struct grid_error err;
	char what[96];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "jurisdiction '%s' %s",
		    cases[i].code, cases[i].ok ? "taken" : "refused");
		ok((grid_division_check(cases[i].code, &err) == 0) ==
		    cases[i].ok, what);
	}
	grid_division_check("3205", &err);
	is_str(err.text, "a jurisdiction is a 6-digit division code, not "
	    "'3205'", "the reason names the code");
	is_int(err.code, GRID_EDATA, "a bad code is GRID_EDATA");
}

static void
test_prefix(void)
{
	is_int((int)grid_division_prefix_len("320508"), 6, "a district: 6");
	is_int((int)grid_division_prefix_len("320500"), 4, "a city: 4");
	is_int((int)grid_division_prefix_len("320000"), 2, "a province: 2");
	is_int((int)grid_division_prefix_len(""), 0, "none: 0");
	is_int((int)grid_division_prefix_len("3205"), 0, "not a code: 0");
}

static void
test_covers(void)
{
	static const struct {
		const char *division, *code;
		int inside;
	} cases[] = {
		{ "320508", "320508", 1 },
		{ "320508", "320508018", 1 },
		{ "320508", "320508018014", 1 },
		{ "320508", "32050801801401", 1 },
		{ "320508", "3205080101000001", 1 },	/* a component */
		{ "320508", "320508202606080001", 1 },	/* a case id */
		{ "320508", "320506", 0 },
		{ "320508", "32050601801401", 0 },
		{ "320508", "320500", 0 },	/* its own city */
		{ "320508", "3205", 0 },
		{ "320508", "", 0 },
		{ "320500", "320508018014", 1 },
		{ "320500", "32050601801401", 1 },
		{ "320500", "320500", 1 },
		{ "320500", "320400", 0 },
		{ "320500", "32040201801401", 0 },
		{ "320000", "32040201801401", 1 },
		{ "320000", "33010201801401", 0 },
		{ "", "33010201801401", 1 },	/* no jurisdiction */
	};
	char what[96];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "%s %s '%s'",
		    cases[i].division[0] ? cases[i].division : "none",
		    cases[i].inside ? "covers" : "does not cover",
		    cases[i].code);
		is_int(grid_division_covers(cases[i].division, cases[i].code),
		    cases[i].inside, what);
	}
	is_int(grid_division_covers("320508", NULL), 0, "NULL: not covered");
}

static void
test_case_ids(void)
{
	char d[8];

	is_int(grid_case_id_division("320508202606080001", d, sizeof(d)), 1,
	    "an id with a division");
	is_str(d, "320508", "its division");
	is_int(grid_case_id_division("202606080001", d, sizeof(d)), 0,
	    "a 12-digit id carries none");
	is_int(grid_case_id_division("990508202606080001", d, sizeof(d)), 0,
	    "no province 99: none");
	is_int(grid_case_id_division("320508202602300001", d, sizeof(d)), 0,
	    "no 30 February: none");
	is_int(grid_case_id_division("320508202606080000", d, sizeof(d)), 0,
	    "sequence 0000: none");
	is_int(grid_case_id_division("32050820260608000A", d, sizeof(d)), 0,
	    "not digits: none");
	is_int(grid_case_id_division("H2026-1", d, sizeof(d)), 0,
	    "another system's id: none");
}

static void
test_setting(void)
{
	struct grid_error err;
	char d[8];

	db_create("INSERT INTO regions (code, level, name, parent_code) "
	    "VALUES ('320508', 'district', '姑苏区', '320500'), "
	    "('320508018', 'street', '平江街道', '320508')");
	is_str(grid_db_division(db, d, sizeof(d)), "", "none at first");
	sql("BEGIN");
	is_int(grid_db_set_division(db, "320506", 0, &err), -1,
	    "rows outside: refused");
	is_str(err.text, "regions '320508' lies outside 320506: the database "
	    "holds another district's rows", "the first row outside named");
	is_int(err.code, GRID_EDATA, "rows outside: GRID_EDATA");
	is_int(grid_db_set_division(db, "32050", 0, &err), -1,
	    "a bad code refused");
	is_int(err.code, GRID_EUSAGE, "a bad code: GRID_EUSAGE");
	is_int(grid_db_set_division(db, "320508", 0, &err), 0,
	    "its own district: set");
	is_str(grid_db_division(db, d, sizeof(d)), "320508", "set");
	is_int(grid_db_set_division(db, "320508", 0, &err), 0,
	    "the same again: nothing to do");
	is_int(grid_db_set_division(db, "320500", 0, &err), -1,
	    "a change refused");
	is_str(err.text, "the jurisdiction is already 320508: a database "
	    "does not change district (--force changes it)",
	    "the message says how");
	is_int(grid_db_set_division(db, "320500", 1, &err), 0,
	    "forced: the city");
	is_str(grid_db_division(db, d, sizeof(d)), "320500", "now the city");
	sql("COMMIT");
	db_remove();
}

/* Reports a case at time at; its id into id (size n).  0 or -1. */
static int
report(struct grid_cases *cs, const char *at, char *id, size_t n)
{
	struct grid_case_report rep;
	struct grid_case_step step;
	struct grid_case_result res;
	struct grid_error err;

	memset(&rep, 0, sizeof(rep));
	memset(&step, 0, sizeof(step));
	rep.source = "hotline";
	rep.category_code = "E0102";
	rep.address = "somewhere";
	step.verb = "report";
	step.actor = "test";
	step.at = at;
	step.report = &rep;
	if (grid_case_apply(cs, &step, &res, &err) != 0) {
		printf("# report: %s\n", err.text);
		return -1;
	}
	snprintf(id, n, "%s", res.id);
	return 0;
}

static void
test_ids(void)
{
	struct grid_cases *cs;
	struct grid_error err;
	char id[GRID_CODE_MAX + 1];

	db_create(NULL);
	if (grid_cases_open(db, &cs, &err) != 0)
		die("grid_cases_open", err.text);
	ok(report(cs, "2026-06-08T09:00:00+08:00", id, sizeof(id)) == 0 &&
	    strcmp(id, "202606080001") == 0, "no jurisdiction: YYYYMMDDNNNN");
	grid_cases_close(cs);
	sql("UPDATE settings SET value = '320508' WHERE key = "
	    "'division_code'");
	if (grid_cases_open(db, &cs, &err) != 0)
		die("grid_cases_open", err.text);
	ok(report(cs, "2026-06-08T10:00:00+08:00", id, sizeof(id)) == 0 &&
	    strcmp(id, "320508202606080001") == 0,
	    "a district: its code first, numbered within it");
	ok(report(cs, "2026-06-08T11:00:00+08:00", id, sizeof(id)) == 0 &&
	    strcmp(id, "320508202606080002") == 0, "the next of the day");
	ok(report(cs, "2026-06-09T00:30:00+08:00", id, sizeof(id)) == 0 &&
	    strcmp(id, "320508202606090001") == 0, "a new day from 0001");
	/* an id of the same day made by another district: not counted */
	sql("INSERT INTO cases (id, source, reported_at) VALUES "
	    "('320506202606080007', 'hotline', '2026-06-08T12:00:00+08:00')");
	ok(report(cs, "2026-06-08T13:00:00+08:00", id, sizeof(id)) == 0 &&
	    strcmp(id, "320508202606080003") == 0,
	    "another district's ids do not count");
	is_str(sql_one("SELECT count(*) FROM cases WHERE id GLOB "
	    "'2026*'"), "1", "the old 12-digit id stays");
	grid_cases_close(cs);
	db_remove();
}

int
main(void)
{
	test_begin("2026-06-10T09:00:00+08:00");
	test_check();
	test_prefix();
	test_covers();
	test_case_ids();
	test_setting();
	test_ids();
	test_end();
	return tap_done();
}
