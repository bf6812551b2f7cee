/*
 * fuzz_dates.c - the date and time parsers of text.h on any text, in
 * the zone Asia/Shanghai (summer time 1986-1991, local mean time before
 * 1901): grid_date_parse, grid_time_parse, grid_time_to_epoch,
 * grid_time_format, grid_now and grid_today through $GRID_NOW, and
 * grid_age_on.
 *
 * What is accepted reads back to itself: a date as the same date, a
 * time as the same text and the same instant; what grid_time_format
 * writes reads back as the instant it came from; a time is accepted
 * exactly when it converts to an instant, and only when its date is;
 * an age is only given for two dates that exist, in order.
 */
#define _XOPEN_SOURCE 700	/* putenv */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/people.csv",
	"tests/fixtures/district/people.bom.csv",
	"tests/fixtures/district/regions.csv",
	NULL
};

static int
utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

static void
check_rejected(const struct grid_error *err, const char *value)
{
	CHECK(err->code == GRID_EDATA && err->text[0] != '\0');
	CHECK(!utf8(value) || utf8(err->text));
}

static void
check_date(const char *value)
{
	struct grid_error err;
	char out[11], again[11];
	long age;

	grid_error_clear(&err);
	if (grid_date_parse(value, out, sizeof(out), &err) != 0) {
		check_rejected(&err, value);
		CHECK(grid_age_on(value, "2024-03-05") == -1);
		return;
	}
	CHECK(strlen(out) == 10 && out[4] == '-' && out[7] == '-');
	CHECK(grid_date_parse(out, again, sizeof(again), NULL) == 0);
	CHECK(strcmp(out, again) == 0);
	CHECK(grid_age_on(out, out) == 0);
	age = 2024 - strtol(out, NULL, 10) - (strcmp(out + 5, "03-05") > 0);
	CHECK(grid_age_on(out, "2024-03-05") == (age >= 0 ? age : -1));
	CHECK(grid_age_on(value, value) == (strcmp(value, out) == 0 ? 0 :
	    -1));
	CHECK(grid_date_parse(value, again, 10, &err) == -1 &&
	    err.code == GRID_EINTERNAL);
}

/*
 * GRID_NOW=value in the environment.  The entry is this buffer (putenv),
 * written over each time: setenv would keep every value ever set.
 */
static char now_entry[320] = "GRID_NOW=";

/* "Now" pinned to value: the same instant as value, or refused. */
static void
check_now(const char *value, int accepted, time_t t)
{
	struct grid_error err;
	char today[11];
	time_t now;

	if (value[0] == '\0' || strlen(value) + 10 > sizeof(now_entry))
		return;
	memcpy(now_entry + 9, value, strlen(value) + 1);
	grid_error_clear(&err);
	if (grid_now(&now, &err) != 0) {
		CHECK(!accepted && err.code == GRID_EUSAGE);
		CHECK(strcmp(err.field, "GRID_NOW") == 0);
		CHECK(grid_today(today, sizeof(today), NULL) == -1);
	} else {
		CHECK(accepted && now == t);
		CHECK(grid_today(today, sizeof(today), NULL) == 0);
		CHECK(grid_age_on(today, today) == 0);
	}
	now_entry[9] = '\0';
}

static void
check_time(const char *value)
{
	struct grid_error err;
	char out[26], again[26], formatted[26], date[11];
	time_t t = 0, back;
	int accepted;

	grid_error_clear(&err);
	accepted = grid_time_parse(value, out, sizeof(out), &err) == 0;
	CHECK((grid_time_to_epoch(value, &t) == 0) == accepted);
	check_now(value, accepted, t);
	if (!accepted) {
		check_rejected(&err, value);
		return;
	}
	CHECK(strlen(out) == 25 && out[10] == 'T' && out[22] == ':');
	CHECK(grid_date_parse(value, date, sizeof(date), NULL) == 0);
	CHECK(grid_time_parse(out, again, sizeof(again), NULL) == 0);
	CHECK(strcmp(out, again) == 0);
	CHECK(grid_time_to_epoch(out, &back) == 0 && back == t);
	grid_time_format(t, formatted, sizeof(formatted));
	CHECK(grid_time_to_epoch(formatted, &back) == 0 && back == t);
	CHECK(grid_time_parse(value, again, 25, &err) == -1 &&
	    err.code == GRID_EINTERNAL);
}

static void
check_value(const char *value)
{
	char sex = grid_sex_parse(value);

	CHECK(sex == 0 || sex == 'M' || sex == 'F');
	check_date(value);
	check_time(value);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone_set;

	if (!zone_set) {
		if (setenv("TZ", "Asia/Shanghai", 1) != 0 ||
		    putenv(now_entry) != 0)
			abort();
		tzset();
		zone_set = 1;
	}
	fuzz_values(data, size, check_value);
	return 0;
}
