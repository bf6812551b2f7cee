/*
 * test_date_serials.c - Excel date serials read in date columns
 * (grid_date_serial: the 1900 date system, its fictitious 1900-02-29, the
 * numbers that are no serial) and the message of a bad date, which names
 * the forms that are read (grid_field_check).
 */
#include <stdio.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/registers.h"
#include "tap.h"

#define FORMS "(accepted: YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D, " \
	"YYYYMMDD, YYYY年M月D日)"

/* A value, and the date it stands for (NULL: no serial). */
static const struct {
	const char *value, *want;
} serials[] = {
	{ "1", "1900-01-01" },
	{ "2", "1900-01-02" },
	{ "31", "1900-01-31" },
	{ "59", "1900-02-28" },
	{ "60", NULL },		/* Excel's 1900-02-29, a day that never was */
	{ "61", "1900-03-01" },
	{ "366", "1900-12-31" },	/* Excel's 1900 has 366 days */
	{ "367", "1901-01-01" },
	{ "999", "1902-09-25" },
	{ "1000", NULL },	/* 1000 to 2999: a year typed alone */
	{ "1990", NULL },
	{ "2999", NULL },
	{ "3000", "1908-03-18" },
	{ "25569", "1970-01-01" },
	{ "32874", "1990-01-01" },
	{ "36526", "2000-01-01" },
	{ "45658", "2025-01-01" },
	{ "46188", "2026-06-15" },
	{ "2958465", "9999-12-31" },
	{ "2958466", NULL },
	{ "9999999", NULL },
	{ "0", NULL },
	{ "032874", NULL },	/* a leading zero: a code, not a count */
	{ "32874.5", NULL },
	{ "32874.0", NULL },
	{ "-32874", NULL },
	{ "+32874", NULL },
	{ " 32874", NULL },
	{ "3.2874E+4", NULL },
	{ "1990-01-01", NULL },
	{ "19900101", NULL },
	{ "", NULL },
};

static void
test_serials(void)
{
	char out[16], what[96];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++) {
		snprintf(out, sizeof(out), "untouched");
		rc = grid_date_serial(serials[i].value, out, sizeof(out));
		snprintf(what, sizeof(what), "serial '%s'", serials[i].value);
		is_int(rc, serials[i].want != NULL, what);
		snprintf(what, sizeof(what), "serial '%s': %s",
		    serials[i].value, serials[i].want != NULL ?
		    serials[i].want : "untouched");
		is_str(out, serials[i].want != NULL ? serials[i].want :
		    "untouched", what);
	}
	is_int(grid_date_serial("32874", out, 10), 0,
	    "no room for the date: not converted");
}

/* A bad date names the forms read; an impossible one does not need to. */
static void
test_messages(void)
{
	const struct grid_register *people = grid_register_find("people");
	const struct grid_field *birth;
	struct grid_buf out = GRID_BUF_INIT;
	struct grid_error err;
	static const char *const bad[] = { "1990", "60", "32874.5",
		"1990-01", "一九九〇年", "01/02/1990" };
	char want[256];
	size_t i;

	birth = &people->fields[grid_register_field(people, "birth_date")];
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(grid_field_check(birth, bad[i], "2026-06-15", 2, &out,
		    &err) != 0, bad[i]);
		snprintf(want, sizeof(want), "bad date '%s' " FORMS, bad[i]);
		is_str(err.text, want, "a bad date's message lists the forms");
	}
	ok(grid_field_check(birth, "1990-02-30", "2026-06-15", 2, &out,
	    &err) != 0, "1990-02-30 refused");
	is_str(err.text, "impossible date '1990-02-30'",
	    "an impossible date is said so");
	ok(grid_field_check(birth, "2027-01-01", "2026-06-15", 2, &out,
	    &err) != 0, "a date after today refused");
	is_str(err.text, "date in the future '2027-01-01'", "said so");
	ok(grid_field_check(birth, "1990年1月1日", "2026-06-15", 2, &out,
	    &err) == 0, "1990年1月1日 read");
	is_str(out.data, "1990-01-01", "as 1990-01-01");
	/* the check itself takes no serial: grid-import converts first */
	ok(grid_field_check(birth, "32874", "2026-06-15", 2, &out, &err) != 0,
	    "grid_field_check takes no serial itself");
	grid_buf_release(&out);
}

int
main(void)
{
	test_serials();
	test_messages();
	return tap_done();
}
