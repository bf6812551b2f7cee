/*
 * test_calendar.c - unit tests of lib/calendar.c: working hours, work
 * days and clock hours across lunch breaks, nights, weekends, a public
 * holiday with make-up working days, summer time; working time between
 * two instants; settings strings; a calendar loaded from a database.
 * Times are read and written in Asia/Shanghai unless a test says else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/text.h"

#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void
set_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* The instant of a local time text; exits when the test itself is wrong. */
static time_t
at(const char *text)
{
	time_t t;

	if (grid_time_to_epoch(text, &t) != 0) {
		printf("# bad time in the test: %s\n", text);
		exit(2);
	}
	return t;
}

/* Checks the deadline of value unit from start, as local ISO 8601. */
static void
check_add(const struct grid_calendar *cal, const char *start, double value,
    enum grid_limit_unit unit, const char *want, const char *what)
{
	struct grid_error err;
	char got[600];
	time_t deadline;

	if (grid_calendar_add(cal, at(start), value, unit, &deadline,
	    &err) != 0)
		snprintf(got, sizeof(got), "error: %s", err.text);
	else
		grid_time_format(deadline, got, sizeof(got));
	is_str(got, want, what);
}

static long long
work_seconds(const struct grid_calendar *cal, const char *from,
    const char *to)
{
	return grid_calendar_work_seconds(cal, at(from), at(to));
}

/* The local date i days after 2024-01-01, YYYY-MM-DD in out (n >= 11). */
static char *
date_after(int i, char *out, size_t n)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 124;
	tm.tm_mday = 1 + i;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
	return out;
}

/* The public holiday of 2024: 1-7 October off, two make-up days. */
static void
set_national_day(struct grid_calendar *cal)
{
	char date[32];
	int d, fails = 0;

	for (d = 1; d <= 7; d++) {
		snprintf(date, sizeof(date), "2024-10-%02d", d);
		fails += grid_calendar_set_date(cal, date, 0, NULL) != 0;
	}
	fails += grid_calendar_set_date(cal, "2024-09-29", 1, NULL) != 0;
	fails += grid_calendar_set_date(cal, "2024/10/12", 1, NULL) != 0;
	is_int(fails, 0, "holiday overrides set");
}

static void
test_defaults(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	enum grid_limit_unit unit;

	is_int(grid_calendar_day_seconds(cal), 27000,
	    "a working day is 7.5 hours by default");
	is_int(grid_calendar_is_workday(cal, "2024-03-04"), 1, "Monday works");
	is_int(grid_calendar_is_workday(cal, "2024-03-08"), 1, "Friday works");
	is_int(grid_calendar_is_workday(cal, "2024-03-09"), 0,
	    "Saturday is off");
	is_int(grid_calendar_is_workday(cal, "2024-03-10"), 0, "Sunday is off");
	is_int(grid_calendar_is_workday(cal, "2024-02-30"), -1,
	    "an impossible date is not a date");
	is_int(grid_calendar_is_workday(cal, "soon"), -1, "nor is a word");
	is_int(grid_limit_unit_parse("work_days", &unit), 0, "unit work_days");
	is_int(unit, GRID_LIMIT_WORK_DAYS, "work_days is GRID_LIMIT_WORK_DAYS");
	is_int(grid_limit_unit_parse("hour", &unit), 0, "unit hour");
	is_int(unit, GRID_LIMIT_HOURS, "hour is GRID_LIMIT_HOURS");
	is_int(grid_limit_unit_parse("weeks", &unit), -1, "unit weeks refused");
	is_str(grid_limit_unit_name(GRID_LIMIT_WORK_HOURS), "work_hours",
	    "name of GRID_LIMIT_WORK_HOURS");
	is_str(grid_limit_unit_name((enum grid_limit_unit)3), "",
	    "name of a bad unit");
	grid_calendar_free(cal);
	grid_calendar_free(NULL);
}

static void
test_work_hours(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	const enum grid_limit_unit wh = GRID_LIMIT_WORK_HOURS;

	check_add(cal, "2024-03-04 09:00", 1, wh, "2024-03-04T10:00:00+08:00",
	    "inside the morning");
	check_add(cal, "2024-03-04 11:30", 1, wh, "2024-03-04T14:00:00+08:00",
	    "across the lunch break: 11:30 + 1 = 14:00");
	check_add(cal, "2024-03-04 11:00", 1, wh, "2024-03-04T12:00:00+08:00",
	    "used up at the end of the morning: 12:00, not 13:30");
	check_add(cal, "2024-03-04 08:30", 3.5, wh,
	    "2024-03-04T12:00:00+08:00", "a whole morning ends at 12:00");
	check_add(cal, "2024-03-04 12:00", 1, wh, "2024-03-04T14:30:00+08:00",
	    "start at noon counts from 13:30");
	check_add(cal, "2024-03-04 12:45", 1, wh, "2024-03-04T14:30:00+08:00",
	    "start in the lunch break counts from 13:30");
	check_add(cal, "2024-03-04 07:00", 1, wh, "2024-03-04T09:30:00+08:00",
	    "start before 08:30 counts from 08:30");
	check_add(cal, "2024-03-04 18:00", 1, wh, "2024-03-05T09:30:00+08:00",
	    "start after 17:30 counts from 08:30 the next day");
	check_add(cal, "2024-03-04 17:30", 0.5, wh,
	    "2024-03-05T09:00:00+08:00", "start at 17:30 sharp");
	check_add(cal, "2024-03-08 16:30", 2, wh, "2024-03-11T09:30:00+08:00",
	    "Friday 16:30 + 2 = Monday 09:30");
	check_add(cal, "2024-03-09 10:00", 1, wh, "2024-03-11T09:30:00+08:00",
	    "start on Saturday counts from Monday 08:30");
	check_add(cal, "2024-03-08 10:00", 16, wh, "2024-03-12T11:00:00+08:00",
	    "16 working hours from Friday 10:00 end Tuesday 11:00");
	check_add(cal, "2024-03-04 11:50", 0.25, wh,
	    "2024-03-04T13:35:00+08:00", "a quarter hour across lunch");
	check_add(cal, "2024-03-04 09:00", 0.0005, wh,
	    "2024-03-04T09:00:02+08:00", "fractions counted to the second");
	check_add(cal, "2024-03-04 10:00", 0, wh, "2024-03-04T10:00:00+08:00",
	    "0 inside working time is the start");
	check_add(cal, "2024-03-04 12:30", 0, wh, "2024-03-04T13:30:00+08:00",
	    "0 in the lunch break is the next period");
	check_add(cal, "2024-03-09 12:30", 0, wh, "2024-03-11T08:30:00+08:00",
	    "0 on Saturday is Monday 08:30");
	check_add(cal, "2024-03-04T04:00:00Z", 1, wh,
	    "2024-03-04T14:30:00+08:00",
	    "a start given in UTC is placed in the local day");
	grid_calendar_free(cal);
}

static void
test_clock_hours(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	const enum grid_limit_unit h = GRID_LIMIT_HOURS;

	check_add(cal, "2024-03-08 22:00", 4, h, "2024-03-09T02:00:00+08:00",
	    "clock hours across midnight");
	check_add(cal, "2024-03-04 23:30", 1.5, h, "2024-03-05T01:00:00+08:00",
	    "fractional clock hours across midnight");
	check_add(cal, "2024-03-09 10:00", 48, h, "2024-03-11T10:00:00+08:00",
	    "clock hours ignore the weekend");
	check_add(cal, "2024-03-04 11:30", 1, h, "2024-03-04T12:30:00+08:00",
	    "clock hours ignore the lunch break");
	grid_calendar_free(cal);
}

static void
test_work_days(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	const enum grid_limit_unit wd = GRID_LIMIT_WORK_DAYS;

	check_add(cal, "2024-03-04 10:00", 1, wd, "2024-03-05T10:00:00+08:00",
	    "Monday 10:00 + 1 day = Tuesday 10:00");
	check_add(cal, "2024-03-04 14:00", 1, wd, "2024-03-05T14:00:00+08:00",
	    "Monday 14:00 + 1 day = Tuesday 14:00");
	check_add(cal, "2024-03-04 10:00", 5, wd, "2024-03-11T10:00:00+08:00",
	    "5 working days are a week");
	check_add(cal, "2024-03-08 15:00", 1, wd, "2024-03-11T15:00:00+08:00",
	    "Friday + 1 day = Monday, same time");
	check_add(cal, "2024-03-08 15:00", 2, wd, "2024-03-12T15:00:00+08:00",
	    "Friday + 2 days = Tuesday, same time");
	check_add(cal, "2024-03-04 08:30", 1, wd, "2024-03-04T17:30:00+08:00",
	    "from the start of the working day: its end");
	check_add(cal, "2024-03-04 07:00", 1, wd, "2024-03-04T17:30:00+08:00",
	    "from before 08:30: the end of that day");
	check_add(cal, "2024-03-04 12:30", 1, wd, "2024-03-05T12:00:00+08:00",
	    "from the lunch break: the end of the next morning");
	check_add(cal, "2024-03-09 10:00", 1, wd, "2024-03-11T17:30:00+08:00",
	    "from Saturday: the end of Monday");
	check_add(cal, "2024-03-08 18:00", 1, wd, "2024-03-11T17:30:00+08:00",
	    "from Friday evening: the end of Monday");
	check_add(cal, "2024-03-04 08:30", 0.5, wd,
	    "2024-03-04T13:45:00+08:00", "half a working day is 3h45");
	grid_calendar_free(cal);
}

static void
test_holiday(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	const enum grid_limit_unit wh = GRID_LIMIT_WORK_HOURS;
	const enum grid_limit_unit wd = GRID_LIMIT_WORK_DAYS;

	check_add(cal, "2024-09-30 16:30", 4, wh, "2024-10-01T11:30:00+08:00",
	    "without the holiday 1 October works");
	set_national_day(cal);
	is_int(grid_calendar_is_workday(cal, "2024-09-29"), 1,
	    "make-up Sunday works");
	is_int(grid_calendar_is_workday(cal, "2024-10-01"), 0,
	    "National Day is off");
	is_int(grid_calendar_is_workday(cal, "2024-10-07"), 0,
	    "a Monday in the holiday is off");
	is_int(grid_calendar_is_workday(cal, "2024-10-12"), 1,
	    "make-up Saturday works");
	is_int(grid_calendar_is_workday(cal, "2024-10-13"), 0,
	    "the Sunday after is off");
	check_add(cal, "2024-09-30 16:30", 4, wh, "2024-10-08T11:30:00+08:00",
	    "4 working hours across the holiday");
	check_add(cal, "2024-09-28 10:00", 1, wh, "2024-09-29T09:30:00+08:00",
	    "from Saturday to the make-up Sunday");
	check_add(cal, "2024-10-11 17:00", 1, wh, "2024-10-12T09:00:00+08:00",
	    "Friday 17:00 + 1 ends on the make-up Saturday");
	check_add(cal, "2024-10-12 17:00", 1, wh, "2024-10-14T09:00:00+08:00",
	    "make-up Saturday 17:00 + 1 ends Monday");
	check_add(cal, "2024-09-30 10:00", 1, wd, "2024-10-08T10:00:00+08:00",
	    "1 working day across the holiday");
	check_add(cal, "2024-09-30 10:00", 5, wd, "2024-10-12T10:00:00+08:00",
	    "the 5th working day is the make-up Saturday");
	check_add(cal, "2024-10-03 10:00", 1, wd, "2024-10-08T17:30:00+08:00",
	    "from inside the holiday: the end of the first day back");
	is_int(work_seconds(cal, "2024-09-30 17:00", "2024-10-08 09:00"), 3600,
	    "working time across the holiday");
	is_int(grid_calendar_set_date(cal, "2024-10-12", 0, NULL), 0,
	    "an override replaced");
	is_int(grid_calendar_is_workday(cal, "2024-10-12"), 0,
	    "the replaced override holds");
	grid_calendar_free(cal);
}

static void
test_work_seconds(void)
{
	struct grid_calendar *cal = grid_calendar_new();

	is_int(work_seconds(cal, "2024-03-08 16:00", "2024-03-11 09:00"), 7200,
	    "Friday 16:00 to Monday 09:00 across the weekend");
	is_int(work_seconds(cal, "2024-03-04 11:00", "2024-03-04 14:00"), 5400,
	    "11:00 to 14:00 across the lunch break");
	is_int(work_seconds(cal, "2024-03-04 14:00", "2024-03-04 11:00"),
	    -5400, "negative when to is before from");
	is_int(work_seconds(cal, "2024-03-04 14:00", "2024-03-04 14:00"), 0,
	    "nothing between an instant and itself");
	is_int(work_seconds(cal, "2024-03-04 12:10", "2024-03-04 13:20"), 0,
	    "inside the lunch break");
	is_int(work_seconds(cal, "2024-03-09 10:00", "2024-03-10 20:00"), 0,
	    "inside the weekend");
	is_int(work_seconds(cal, "2024-03-04 00:00", "2024-03-11 00:00"),
	    5 * 27000, "a whole week");
	is_int(work_seconds(cal, "2024-03-04 18:00", "2024-03-05 08:00"), 0,
	    "a night");
	grid_calendar_free(cal);
}

/*
 * For starts every 17 minutes over two weeks (the holiday included):
 * the deadline of a working limit is exactly the limit away in working
 * time, and no earlier instant is.
 */
static void
test_consistency(void)
{
	static const double hours[] = { 0.5, 1, 2, 4, 7.5, 20 };
	static const double days[] = { 1, 2.5, 3 };
	struct grid_calendar *cal = grid_calendar_new();
	time_t start, end = at("2024-10-14 00:00"), deadline;
	long long need, got, mismatches = 0, errors = 0, runs = 0;
	size_t i;

	set_national_day(cal);
	for (start = at("2024-09-27 00:00"); start < end; start += 17 * 60) {
		for (i = 0; i < LEN(hours) + LEN(days); i++) {
			int is_day = i >= LEN(hours);
			double v = is_day ? days[i - LEN(hours)] : hours[i];

			need = (long long)(v * (is_day ? 27000 : 3600));
			runs++;
			if (grid_calendar_add(cal, start, v, is_day ?
			    GRID_LIMIT_WORK_DAYS : GRID_LIMIT_WORK_HOURS,
			    &deadline, NULL) != 0) {
				errors++;
				continue;
			}
			got = grid_calendar_work_seconds(cal, start, deadline);
			if (got != need || grid_calendar_work_seconds(cal,
			    start, deadline - 1) != need - 1)
				mismatches++;
		}
	}
	printf("# %lld deadlines checked\n", runs);
	is_int(errors, 0, "every deadline computed");
	is_int(mismatches, 0,
	    "work_seconds(start, deadline) is the limit, and minimal");
	grid_calendar_free(cal);
}

static void
expect_error(int rc, const struct grid_error *err, const char *field,
    const char *what)
{
	int pass = rc == -1 && err->code == GRID_EDATA &&
	    strcmp(err->field, field) == 0;

	ok(pass, what);
	if (!pass)
		printf("#   rc %d code %d field '%s' text '%s'\n", rc,
		    err->code, err->field, err->text);
}

static void
test_bad_settings(void)
{
	static const char *const bad_hours[] = {
		"", "08:30", "08:30-", "08:30-12:00,", ",08:30-12:00",
		"8:30-12:00;13:30-17:30", "13:30-12:00", "08:30-08:30",
		"25:00-26:00", "08:60-09:00", "08:30-24:01", "24:00-24:00",
		"08:30-12:00,11:00-13:00", "13:30-17:30,08:30-12:00",
		"0830-1200", "08:30-12:00 13:30-17:30", "008:30-12:00",
		("1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00,"
		"11:00-12:00,13:00-14:00,15:00-16:00,17:00-18:00")
	};
	static const char *const bad_days[] = {
		"", "0", "8", "1,1", "1-5,3", "1,,2", "mon", "5-1", "12",
		"1 2", "1-", "-5"
	};
	static const char *const bad_limits[] = {
		"", "4", "work_hours", "4 weeks", "-1 hours", "0 hours",
		"1e3 hours", "nan hours", "4 work_hours extra", "200000 hours",
		"1. hours", ".5 hours", "4 Work_Hours", "4 work_hours_long_name"
	};
	struct grid_calendar *cal = grid_calendar_new();
	struct grid_error err;
	char text[128];
	size_t i;
	double value;
	enum grid_limit_unit unit;
	time_t deadline;

	for (i = 0; i < LEN(bad_hours); i++) {
		snprintf(text, sizeof(text), "work_hours '%.60s' refused",
		    bad_hours[i]);
		expect_error(grid_calendar_set_hours(cal, bad_hours[i], &err),
		    &err, "work_hours", text);
	}
	grid_calendar_set_hours(cal, "08:30-12:00,11:00-13:00", &err);
	is_str(err.text, "working period '11:00-13:00' overlaps or comes "
	    "before the one preceding it", "overlap message");
	grid_calendar_set_hours(cal, "25:00-26:00", &err);
	is_str(err.text, "bad working period '25:00-26:00': expected "
	    "HH:MM-HH:MM within a day, ending after it starts",
	    "bad period message");
	is_int(grid_calendar_day_seconds(cal), 27000,
	    "hours unchanged after refusals");
	for (i = 0; i < LEN(bad_days); i++) {
		snprintf(text, sizeof(text), "work_days '%s' refused",
		    bad_days[i]);
		expect_error(grid_calendar_set_days(cal, bad_days[i], &err),
		    &err, "work_days", text);
	}
	grid_calendar_set_days(cal, "1-5,3", &err);
	is_str(err.text, "weekday '3' given twice in '1-5,3'",
	    "twice message");
	is_int(grid_calendar_is_workday(cal, "2024-03-04"), 1,
	    "weekdays unchanged after refusals");
	for (i = 0; i < LEN(bad_limits); i++) {
		snprintf(text, sizeof(text), "limit '%s' refused",
		    bad_limits[i]);
		expect_error(grid_limit_parse(bad_limits[i], &value, &unit,
		    &err), &err, "", text);
	}
	grid_limit_parse("4 weeks", &value, &unit, &err);
	is_str(err.text, "bad time limit '4 weeks': the unit must be "
	    "work_hours, work_days or hours", "bad unit message");
	expect_error(grid_calendar_set_date(cal, "2024-02-30", 0, &err), &err,
	    "", "impossible override date refused");
	is_str(err.text, "impossible date '2024-02-30'",
	    "impossible date message");
	expect_error(grid_calendar_add(cal, at("2024-03-04 10:00"), -1,
	    GRID_LIMIT_WORK_HOURS, &deadline, &err), &err, "",
	    "negative limit refused by add");
	expect_error(grid_calendar_add(cal, at("2024-03-04 10:00"), 1e9,
	    GRID_LIMIT_HOURS, &deadline, &err), &err, "",
	    "huge limit refused by add");
	grid_calendar_free(cal);
}

static void
test_good_settings(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	struct grid_error err;
	double value = 0;
	enum grid_limit_unit unit = GRID_LIMIT_HOURS;

	is_int(grid_limit_parse("4 work_hours", &value, &unit, &err), 0,
	    "'4 work_hours' read");
	ok(value == 4 && unit == GRID_LIMIT_WORK_HOURS, "4 work_hours");
	is_int(grid_limit_parse("1 work_days", &value, &unit, &err), 0,
	    "'1 work_days' read");
	ok(value == 1 && unit == GRID_LIMIT_WORK_DAYS, "1 work_days");
	is_int(grid_limit_parse(" 2  hours ", &value, &unit, &err), 0,
	    "' 2  hours ' read");
	ok(value == 2 && unit == GRID_LIMIT_HOURS, "2 hours");
	is_int(grid_limit_parse("1.5 work_day", &value, &unit, &err), 0,
	    "'1.5 work_day' read");
	ok(value == 1.5 && unit == GRID_LIMIT_WORK_DAYS, "1.5 work_days");
	is_int(grid_limit_parse("0.25hours", &value, &unit, &err), 0,
	    "'0.25hours' read");
	ok(value == 0.25 && unit == GRID_LIMIT_HOURS, "0.25 hours");

	is_int(grid_calendar_set_hours(cal, " 9:00 - 12:00 , 14:00-18:00 ",
	    &err), 0, "hours with spaces and one-digit hours");
	is_int(grid_calendar_day_seconds(cal), 7 * 3600, "a 7-hour day");
	check_add(cal, "2024-03-04 11:30", 1, GRID_LIMIT_WORK_HOURS,
	    "2024-03-04T14:30:00+08:00", "new lunch break honoured");
	is_int(grid_calendar_set_hours(cal, "00:00-24:00", &err), 0,
	    "a whole day is a period");
	check_add(cal, "2024-03-04 23:30", 1, GRID_LIMIT_WORK_HOURS,
	    "2024-03-05T00:30:00+08:00", "round the clock across midnight");
	is_int(grid_calendar_set_hours(cal, "08:00-12:00,12:00-16:00", &err),
	    0, "touching periods");
	is_int(grid_calendar_set_days(cal, "1-5, 6", &err), 0,
	    "a range and a day");
	is_int(grid_calendar_is_workday(cal, "2024-03-09"), 1,
	    "Saturday works now");
	is_int(grid_calendar_is_workday(cal, "2024-03-10"), 0,
	    "Sunday still off");
	is_int(grid_calendar_set_days(cal, "7", &err), 0, "Sundays only");
	check_add(cal, "2024-03-04 10:00", 1, GRID_LIMIT_WORK_DAYS,
	    "2024-03-10T16:00:00+08:00", "a week's only working day");
	grid_calendar_free(cal);
}

/* Only Mondays work and eleven years of Mondays are off. */
static void
test_no_working_day(void)
{
	struct grid_calendar *cal = grid_calendar_new();
	struct grid_error err;
	time_t deadline;
	char date[16];
	int i, fails = 0;

	grid_calendar_set_days(cal, "1", NULL);
	for (i = 0; i < 11 * 366; i += 7)	/* 2024-01-01 is a Monday */
		fails += grid_calendar_set_date(cal,
		    date_after(i, date, sizeof(date)), 0, NULL) != 0;
	is_int(fails, 0, "eleven years of Mondays off");
	is_int(grid_calendar_add(cal, at("2024-01-01 10:00"), 1,
	    GRID_LIMIT_WORK_HOURS, &deadline, &err), -1,
	    "no working day: refused");
	is_str(err.text, "no working day in the 3660 days after the start",
	    "no working day message");
	is_int(grid_calendar_work_seconds(cal, at("2024-01-01 00:00"),
	    at("2024-12-31 00:00")), 0, "no working time at all");
	grid_calendar_free(cal);
}

/* Thousands of overrides added out of order are all found. */
static void
test_many_overrides(void)
{
	enum { DAYS = 3653 };
	struct grid_calendar *cal = grid_calendar_new();
	char date[16];
	int i, j, fails = 0, wrong = 0;

	for (i = 0; i < DAYS; i++) {
		j = (int)((long)i * 7919 % DAYS);
		fails += grid_calendar_set_date(cal,
		    date_after(j, date, sizeof(date)), j % 3 == 0, NULL) != 0;
	}
	for (i = 0; i < DAYS; i++)
		wrong += grid_calendar_is_workday(cal,
		    date_after(i, date, sizeof(date))) != (i % 3 == 0);
	is_int(fails, 0, "ten years of overrides set in scrambled order");
	is_int(wrong, 0, "every override found");
	is_int(grid_calendar_is_workday(cal, date_after(DAYS + 1, date,
	    sizeof(date))), 1, "a Monday after them follows the weekday");
	grid_calendar_free(cal);
}

/*
 * Summer time: Berlin moves its clocks at 02:00 on 31 March 2024, and a
 * made-up zone moves them at 10:00 on a Monday, inside working time.
 */
static void
test_summer_time(void)
{
	struct grid_calendar *cal = grid_calendar_new();

	set_zone("Europe/Berlin");
	check_add(cal, "2024-03-29 17:00", 1, GRID_LIMIT_WORK_HOURS,
	    "2024-04-01T09:00:00+02:00", "work hours across a change of zone");
	check_add(cal, "2024-03-29 10:00", 1, GRID_LIMIT_WORK_DAYS,
	    "2024-04-01T10:00:00+02:00", "work days across a change of zone");
	check_add(cal, "2024-03-30 22:00", 24, GRID_LIMIT_HOURS,
	    "2024-03-31T23:00:00+02:00", "24 clock hours are 23 on the clock");
	is_int(work_seconds(cal, "2024-03-29 12:00", "2024-04-01 12:00"),
	    27000, "working time across a 23-hour day");
	set_zone("XST-8XDT,M3.2.1/10,M11.1.1/10");
	check_add(cal, "2024-03-11 09:00", 2, GRID_LIMIT_WORK_HOURS,
	    "2024-03-11T12:00:00+09:00",
	    "the hour the clock skips is not counted");
	is_int(work_seconds(cal, "2024-03-11 00:00", "2024-03-12 00:00"),
	    27000 - 3600, "a working day an hour short");
	set_zone("Asia/Shanghai");
	grid_calendar_free(cal);
}

static void
test_database(void)
{
	static const char rows[] =
	    "INSERT INTO calendar (date, is_workday, note) VALUES "
	    "('2024-10-03', 0, '国庆节'), ('2024-10-01', 0, '国庆节'), "
	    "('2024-10-02', 0, '国庆节'), ('2024-10-04', 0, '国庆节'), "
	    "('2024-10-05', 0, '国庆节'), ('2024-10-06', 0, '国庆节'), "
	    "('2024-10-07', 0, '国庆节'), ('2024-09-29', 1, '调休上班'), "
	    "('2024-10-12', 1, '调休上班');";
	char dir[] = "/tmp/test_calendar.XXXXXX", path[64], file[80];
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	struct grid_calendar *cal = NULL;
	struct grid_db *db = NULL;
	struct grid_error err;
	size_t i;

	if (mkdtemp(dir) == NULL) {
		ok(0, "temporary directory");
		return;
	}
	snprintf(path, sizeof(path), "%s/grid.db", dir);
	if (grid_db_open(path, GRID_DB_CREATE, 0, &db, &err) != 0) {
		ok(0, "database created");
		printf("#   %s\n", err.text);
		goto out;
	}
	cal = grid_calendar_new();
	is_int(grid_calendar_load(cal, db, &err), 0, "new database loaded");
	is_int(grid_calendar_day_seconds(cal), 27000,
	    "default settings give 7.5 hours");
	is_int(grid_calendar_is_workday(cal, "2024-10-01"), 1,
	    "no holidays yet");
	grid_calendar_free(cal);

	is_int(grid_db_exec(db, rows, &err), 0, "calendar rows inserted");
	is_int(grid_db_exec(db, "UPDATE settings SET value = "
	    "'09:00-12:00,14:00-18:00' WHERE key = 'work_hours'; "
	    "UPDATE settings SET value = '1-6' WHERE key = 'work_days'",
	    &err), 0, "settings changed");
	cal = grid_calendar_new();
	is_int(grid_calendar_load(cal, db, &err), 0, "calendar loaded");
	is_int(grid_calendar_day_seconds(cal), 7 * 3600,
	    "work_hours setting loaded");
	is_int(grid_calendar_is_workday(cal, "2024-10-01"), 0,
	    "holiday loaded");
	is_int(grid_calendar_is_workday(cal, "2024-10-05"), 0,
	    "holiday Saturday off though Saturdays work");
	is_int(grid_calendar_is_workday(cal, "2024-09-29"), 1,
	    "make-up Sunday loaded");
	is_int(grid_calendar_is_workday(cal, "2024-10-19"), 1,
	    "work_days setting loaded: Saturdays work");
	check_add(cal, "2024-09-30 17:00", 2, GRID_LIMIT_WORK_HOURS,
	    "2024-10-08T10:00:00+08:00", "deadline on the loaded calendar");
	grid_calendar_free(cal);

	grid_db_exec(db, "INSERT INTO calendar (date, is_workday) "
	    "VALUES ('2024-13-01', 0)", &err);
	cal = grid_calendar_new();
	expect_error(grid_calendar_load(cal, db, &err), &err, "date",
	    "a bad date in the calendar table refused");
	is_str(err.source, "calendar", "error names the calendar table");
	is_str(err.text, "impossible date '2024-13-01'", "bad row message");
	grid_calendar_free(cal);

	grid_db_exec(db, "DELETE FROM calendar WHERE date = '2024-13-01'; "
	    "UPDATE settings SET value = 'nine to five' "
	    "WHERE key = 'work_hours'", &err);
	cal = grid_calendar_new();
	expect_error(grid_calendar_load(cal, db, &err), &err, "work_hours",
	    "a bad work_hours setting refused");
	is_str(err.source, "settings", "error names the settings table");
out:
	grid_calendar_free(cal);
	grid_db_close(db);
	for (i = 0; i < LEN(suffixes); i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
	rmdir(dir);
}

int
main(void)
{
	set_zone("Asia/Shanghai");
	test_defaults();
	test_work_hours();
	test_clock_hours();
	test_work_days();
	test_holiday();
	test_work_seconds();
	test_consistency();
	test_bad_settings();
	test_good_settings();
	test_no_working_day();
	test_many_overrides();
	test_summer_time();
	test_database();
	return tap_done();
}
