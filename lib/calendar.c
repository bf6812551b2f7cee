/*
 * calendar.c - the working calendar: working periods, working weekdays,
 * dated overrides, and the deadlines and working time counted on them.
 *
 * Dates are held as day numbers (days since 1970-01-01, proleptic
 * Gregorian), so an override is found by binary search and a weekday by
 * arithmetic; only the periods of working days are turned into instants,
 * by mktime() on the local date and clock time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/text.h"
#include "internal.h"

#define MAX_PERIODS 8
#define DAY_SECONDS 86400L
#define MAX_IDLE_DAYS 3660L	/* days without work before giving up */
#define DEFAULT_HOURS "08:30-12:00,13:30-17:30"
#define DEFAULT_WEEKDAYS 0x3eu	/* bits 1-5: Monday to Friday */

/* A working period: seconds after local midnight, start < end <= 24:00. */
struct period {
	long start, end;
};

/* A dated override of the weekday rule. */
struct override {
	long day;		/* days since 1970-01-01 */
	int is_workday;
};

struct grid_calendar {
	struct period periods[MAX_PERIODS];
	size_t nperiods;
	unsigned weekdays;	/* bit n set: ISO weekday n works */
	struct override *dates;	/* sorted by day, each day once */
	size_t ndates, cap;
};

/* Walks the working periods of the days from a starting date onwards. */
struct walk {
	const struct grid_calendar *cal;
	long day;		/* the date being walked */
	size_t next;		/* its next period */
};

enum walk_status { WALK_OK, WALK_IDLE, WALK_RANGE };

static const char *const unit_names[][2] = {
	{ "work_hours", "work_hour" },
	{ "work_days", "work_day" },
	{ "hours", "hour" }
};

/* ISO weekday (1 Monday .. 7 Sunday) of a day number; day 0 a Thursday. */
static int
iso_weekday(long day)
{
	return (int)(((day % 7 + 7) % 7 + 3) % 7) + 1;
}

/* The day number of a date in any form grid_date_parse accepts. */
static int
parse_day(const char *text, long *day, struct grid_error *err)
{
	char iso[16];

	if (text == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "missing date");
	if (grid_date_parse(text, iso, sizeof(iso), err) != 0)
		return -1;
	*day = (long)gridi_days_from_civil(strtol(iso, NULL, 10),
	    (int)strtol(iso + 5, NULL, 10), (int)strtol(iso + 8, NULL, 10));
	return 0;
}

/* The local date of t, as a day number.  0 or -1. */
static int
local_day(time_t t, long *day)
{
	long long local;
	long offset;

	if (gridi_tz_offset(t, &offset) != 0)
		return -1;
	local = (long long)t + offset;
	*day = (long)(local >= 0 ? local / 86400 : -((-local + 86399) /
	    86400));
	return 0;
}

/*
 * The instant of a clock time (seconds after midnight) on a local date:
 * the local time less the offset, when the offset is the same a day
 * before and a day after (no change of the zone's offset near it, so
 * that the time is neither skipped nor repeated); else mktime's.
 */
static time_t
local_instant(long day, long secs)
{
	struct tm tm;
	long long local = (long long)day * 86400 + secs;
	long before, at, after;
	int y, m, d;

	if (gridi_tz_offset((time_t)(local - 86400), &before) == 0 &&
	    gridi_tz_offset((time_t)local, &at) == 0 &&
	    gridi_tz_offset((time_t)(local + 86400), &after) == 0 &&
	    before == at && at == after)
		return (time_t)(local - at);
	gridi_civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = (int)(secs / 3600);
	tm.tm_min = (int)(secs / 60 % 60);
	tm.tm_sec = (int)(secs % 60);
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Index of the first override not before day. */
static size_t
find_override(const struct grid_calendar *cal, long day)
{
	size_t lo = 0, hi = cal->ndates, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->dates[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
works(const struct grid_calendar *cal, long day)
{
	size_t i = find_override(cal, day);

	if (i < cal->ndates && cal->dates[i].day == day)
		return cal->dates[i].is_workday;
	return (cal->weekdays >> iso_weekday(day)) & 1u;
}

struct grid_calendar *
grid_calendar_new(void)
{
	struct grid_calendar *cal = calloc(1, sizeof(*cal));

	if (cal == NULL)
		return NULL;
	cal->weekdays = DEFAULT_WEEKDAYS;
	if (grid_calendar_set_hours(cal, DEFAULT_HOURS, NULL) != 0) {
		free(cal);
		return NULL;
	}
	return cal;
}

void
grid_calendar_free(struct grid_calendar *cal)
{
	if (cal == NULL)
		return;
	free(cal->dates);
	free(cal);
}

/* Reads a clock time H:MM or HH:MM (00:00-24:00) at *s; moves *s on. */
static int
parse_clock(const char **s, long *secs)
{
	const char *p = *s;
	long hour = 0;
	int digits = 0;

	while (*p >= '0' && *p <= '9' && digits < 2) {
		hour = hour * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || p[0] != ':' || p[1] < '0' || p[1] > '5' ||
	    p[2] < '0' || p[2] > '9')
		return -1;
	*secs = hour * 3600 + ((p[1] - '0') * 10 + (p[2] - '0')) * 60;
	if (*secs > DAY_SECONDS)
		return -1;
	*s = p + 3;
	return 0;
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads "HH:MM-HH:MM" making up all of s[0..n).  0 or -1. */
static int
parse_period(const char *s, size_t n, struct period *p)
{
	const char *end = s + n;

	s = skip_blanks(s);
	if (parse_clock(&s, &p->start) != 0)
		return -1;
	s = skip_blanks(s);
	if (*s++ != '-')
		return -1;
	s = skip_blanks(s);
	if (parse_clock(&s, &p->end) != 0)
		return -1;
	s = skip_blanks(s);
	return s == end && p->start < p->end ? 0 : -1;
}

int
grid_calendar_set_hours(struct grid_calendar *cal, const char *hours,
    struct grid_error *err)
{
	struct period p[MAX_PERIODS];
	const char *s = hours != NULL ? hours : "", *end;
	size_t n = 0;

	for (;;) {
		end = s + strcspn(s, ",");
		if (n == MAX_PERIODS)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "work_hours", "more than %d working periods in "
			    "'%s'", MAX_PERIODS, hours != NULL ? hours : "");
		if (parse_period(s, (size_t)(end - s), &p[n]) != 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "work_hours", "bad working period '%.*s': "
			    "expected HH:MM-HH:MM within a day, ending after "
			    "it starts", (int)(end - s), s);
		if (n > 0 && p[n].start < p[n - 1].end)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "work_hours", "working period '%.*s' overlaps or "
			    "comes before the one preceding it", (int)(end - s),
			    s);
		n++;
		if (*end == '\0')
			break;
		s = end + 1;
	}
	memcpy(cal->periods, p, n * sizeof(p[0]));
	cal->nperiods = n;
	return 0;
}

/* Reads a weekday number 1-7 at *s; moves *s on. */
static int
parse_weekday(const char **s, int *wd)
{
	const char *p = skip_blanks(*s);

	if (*p < '1' || *p > '7' || (p[1] >= '0' && p[1] <= '9'))
		return -1;
	*wd = *p - '0';
	*s = skip_blanks(p + 1);
	return 0;
}

/* Reads "D" or "D-D" making up all of s[0..n) into the bits of *set. */
static int
parse_weekdays(const char *s, size_t n, unsigned *set)
{
	const char *end = s + n;
	int first, last, wd;

	if (parse_weekday(&s, &first) != 0)
		return -1;
	last = first;
	if (*s == '-') {
		s++;
		if (parse_weekday(&s, &last) != 0 || last < first)
			return -1;
	}
	if (s != end)
		return -1;
	for (wd = first; wd <= last; wd++) {
		if (*set & (1u << wd))
			return -2;
		*set |= 1u << wd;
	}
	return 0;
}

int
grid_calendar_set_days(struct grid_calendar *cal, const char *days,
    struct grid_error *err)
{
	const char *s = days != NULL ? days : "", *end;
	unsigned set = 0;
	int rc;

	for (;;) {
		end = s + strcspn(s, ",");
		rc = parse_weekdays(s, (size_t)(end - s), &set);
		if (rc == -1)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "work_days", "bad working weekday '%.*s': expected "
			    "1 (Monday) to 7 (Sunday) or a range such as 1-5",
			    (int)(end - s), s);
		if (rc == -2)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "work_days", "weekday '%.*s' given twice in '%s'",
			    (int)(end - s), s, days != NULL ? days : "");
		if (*end == '\0')
			break;
		s = end + 1;
	}
	cal->weekdays = set;
	return 0;
}

int
grid_calendar_set_date(struct grid_calendar *cal, const char *date,
    int is_workday, struct grid_error *err)
{
	struct override *grown;
	size_t i, cap;
	long day;

	if (parse_day(date, &day, err) != 0)
		return -1;
	i = find_override(cal, day);
	if (i < cal->ndates && cal->dates[i].day == day) {
		cal->dates[i].is_workday = is_workday != 0;
		return 0;
	}
	if (cal->ndates == cal->cap) {
		cap = cal->cap != 0 ? cal->cap * 2 : 64;
		grown = realloc(cal->dates, cap * sizeof(*grown));
		if (grown == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		cal->dates = grown;
		cal->cap = cap;
	}
	memmove(cal->dates + i + 1, cal->dates + i,
	    (cal->ndates - i) * sizeof(*cal->dates));
	cal->dates[i].day = day;
	cal->dates[i].is_workday = is_workday != 0;
	cal->ndates++;
	return 0;
}

/* Applies settings work_hours and work_days when present. */
static int
load_settings(struct grid_calendar *cal, struct grid_db *db,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *key, *value;
	int rc, ret = -1;

	if (grid_db_prepare(db, "SELECT key, value FROM settings "
	    "WHERE key IN ('work_hours', 'work_days') AND value IS NOT NULL",
	    &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key = (const char *)sqlite3_column_text(st, 0);
		value = (const char *)sqlite3_column_text(st, 1);
		rc = strcmp(key, "work_hours") == 0 ?
		    grid_calendar_set_hours(cal, value, err) :
		    grid_calendar_set_days(cal, value, err);
		if (rc != 0) {
			grid_error_locate(err, "settings", 0, NULL);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		grid_db_error(db, rc, "reading settings", err);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Adds every row of table calendar as an override. */
static int
load_dates(struct grid_calendar *cal, struct grid_db *db,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *date;
	int rc, ret = -1;

	/* In date order, so that each override is appended. */
	if (grid_db_prepare(db, "SELECT date, is_workday FROM calendar "
	    "ORDER BY date", &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		date = (const char *)sqlite3_column_text(st, 0);
		if (grid_calendar_set_date(cal, date != NULL ? date : "",
		    sqlite3_column_int(st, 1), err) != 0) {
			grid_error_locate(err, "calendar", 0, "date");
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		grid_db_error(db, rc, "reading the calendar", err);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int
grid_calendar_load(struct grid_calendar *cal, struct grid_db *db,
    struct grid_error *err)
{
	if (load_settings(cal, db, err) != 0)
		return -1;
	return load_dates(cal, db, err);
}

int
grid_calendar_is_workday(const struct grid_calendar *cal, const char *date)
{
	long day;

	if (parse_day(date, &day, NULL) != 0)
		return -1;
	return works(cal, day);
}

long
grid_calendar_day_seconds(const struct grid_calendar *cal)
{
	long sum = 0;
	size_t i;

	for (i = 0; i < cal->nperiods; i++)
		sum += cal->periods[i].end - cal->periods[i].start;
	return sum;
}

/* Starts a walk at the local date of t. */
static int
walk_start(struct walk *w, const struct grid_calendar *cal, time_t t)
{
	w->cal = cal;
	w->next = 0;
	return local_day(t, &w->day);
}

/*
 * The next working period [*start, *end) of the walk, in time order.
 * WALK_IDLE after MAX_IDLE_DAYS days without one, WALK_RANGE when mktime
 * fails.
 */
static enum walk_status
walk_next(struct walk *w, time_t *start, time_t *end)
{
	const struct period *p;
	long idle = 0;

	while (w->next >= w->cal->nperiods || !works(w->cal, w->day)) {
		if (++idle > MAX_IDLE_DAYS)
			return WALK_IDLE;
		w->day++;
		w->next = 0;
	}
	p = &w->cal->periods[w->next++];
	*start = local_instant(w->day, p->start);
	*end = local_instant(w->day, p->end);
	if (*start == (time_t)-1 || *end == (time_t)-1)
		return WALK_RANGE;
	return WALK_OK;
}

static int
walk_error(enum walk_status status, struct grid_error *err)
{
	if (status == WALK_IDLE)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "no working day in the %ld days after the start",
		    MAX_IDLE_DAYS);
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "time out of range");
}

/* The instant when need seconds of working time from start are used up. */
static int
add_work(const struct grid_calendar *cal, time_t start, long long need,
    time_t *deadline, struct grid_error *err)
{
	enum walk_status status;
	struct walk w;
	time_t ps, pe, from;

	if (walk_start(&w, cal, start) != 0)
		return walk_error(WALK_RANGE, err);
	for (;;) {
		if ((status = walk_next(&w, &ps, &pe)) != WALK_OK)
			return walk_error(status, err);
		from = ps > start ? ps : start;
		if (pe <= from)
			continue;
		if (need <= (long long)(pe - from)) {
			*deadline = from + (time_t)need;
			return 0;
		}
		need -= (long long)(pe - from);
	}
}

int
grid_calendar_add(const struct grid_calendar *cal, time_t start,
    double value, enum grid_limit_unit unit, time_t *deadline,
    struct grid_error *err)
{
	if (!isfinite(value) || value < 0 || value > GRID_LIMIT_MAX)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "time limit %g out of range (0 to %g)", value,
		    GRID_LIMIT_MAX);
	switch (unit) {
	case GRID_LIMIT_HOURS:
		*deadline = start + (time_t)llround(value * 3600);
		return 0;
	case GRID_LIMIT_WORK_HOURS:
		return add_work(cal, start, llround(value * 3600), deadline,
		    err);
	case GRID_LIMIT_WORK_DAYS:
		return add_work(cal, start,
		    llround(value * (double)grid_calendar_day_seconds(cal)),
		    deadline, err);
	}
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "bad time limit unit %d", (int)unit);
}

long long
grid_calendar_work_seconds(const struct grid_calendar *cal, time_t from,
    time_t to)
{
	struct walk w;
	time_t ps, pe;
	long long sum = 0;

	if (to < from)
		return -grid_calendar_work_seconds(cal, to, from);
	if (walk_start(&w, cal, from) != 0)
		return 0;
	while (walk_next(&w, &ps, &pe) == WALK_OK && ps < to) {
		if (ps < from)
			ps = from;
		if (pe > to)
			pe = to;
		if (pe > ps)
			sum += (long long)(pe - ps);
	}
	return sum;
}

int
grid_limit_unit_parse(const char *name, enum grid_limit_unit *unit)
{
	size_t i;

	for (i = 0; i < sizeof(unit_names) / sizeof(unit_names[0]); i++)
		if (strcmp(name, unit_names[i][0]) == 0 ||
		    strcmp(name, unit_names[i][1]) == 0) {
			*unit = (enum grid_limit_unit)i;
			return 0;
		}
	return -1;
}

const char *
grid_limit_unit_name(enum grid_limit_unit unit)
{
	if ((unsigned)unit >= sizeof(unit_names) / sizeof(unit_names[0]))
		return "";
	return unit_names[unit][0];
}

/* Reads digits with an optional fraction at *s (no sign, no exponent). */
static int
parse_number(const char **s, double *value)
{
	const char *p = *s;
	double v = 0, scale = 1;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9') {
			scale /= 10;
			v += (*p++ - '0') * scale;
		}
	}
	*value = v;
	*s = p;
	return 0;
}

int
grid_limit_parse(const char *text, double *value,
    enum grid_limit_unit *unit, struct grid_error *err)
{
	const char *s;
	char name[16];
	size_t n;

	if (text == NULL)
		text = "";
	s = skip_blanks(text);
	if (parse_number(&s, value) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad time limit '%s': expected a number and a unit, "
		    "such as '4 work_hours'", text);
	s = skip_blanks(s);
	n = strcspn(s, " \t");
	if (n == 0 || n >= sizeof(name) || s[n + strspn(s + n, " \t")] != '\0')
		goto bad_unit;
	memcpy(name, s, n);
	name[n] = '\0';
	if (grid_limit_unit_parse(name, unit) != 0)
		goto bad_unit;
	if (*value <= 0 || *value > GRID_LIMIT_MAX)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad time limit '%s': the number must be more than 0 and "
		    "at most %g", text, GRID_LIMIT_MAX);
	return 0;
bad_unit:
	return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
	    "bad time limit '%s': the unit must be work_hours, work_days or "
	    "hours", text);
}
