/*
 * calendar.h - the working calendar and the time limits counted on it:
 * case deadlines, and the working time between two instants.
 *
 * Working time is made of working periods (clock times, the same on
 * every working day; default 08:30-12:00 and 13:30-17:30) on working
 * days.  A date is a working day when an override for that date says so
 * (table calendar: public holidays off, make-up working days on), else
 * when its ISO weekday is a working weekday (default Monday to Friday).
 * Dates and clock times are local (TZ); periods are placed on their date
 * with mktime(), so working time is counted in real seconds and a day
 * that is not 86400 seconds long (summer time) is handled.
 *
 * Limits ("4 work_hours", "1 work_days", "2 hours") and how a deadline
 * is found, with S the start and L the length of a working day (the sum
 * of the periods, 7.5 hours by default):
 *
 *   hours       S + the hours, calendar ignored.
 *   work_hours  counting starts at S when S is in working time, else at
 *               the start of the next working period (before 08:30, in
 *               the lunch break, after 17:30, on a day off); only
 *               working time counts; the deadline is the instant the
 *               limit is used up.  When that is the end of a period it
 *               is that end, never the start of the next period:
 *               11:00 + 1 = 12:00; 11:30 + 1 = 14:00; Friday 16:30 + 2 =
 *               Monday 09:30.
 *   work_days   N work_days are N x L of working time, counted as above.
 *               So from S inside a working period the deadline is the
 *               same clock time on the Nth following working day (Monday
 *               10:00 + 1 = Tuesday 10:00), and from S outside working
 *               time it is the end of the Nth working day counted from
 *               the next working period (Saturday 10:00 + 1 = Monday
 *               17:30, Monday 12:30 + 1 = Tuesday 12:00: the end of the
 *               last period before 13:30).  A start at the very
 *               beginning of a day's working time gives the end of the
 *               day: Monday 08:30 + 1 = Monday 17:30.  Fractions are
 *               parts of L (0.5 work_days = 3h45 by default).
 *
 * With either working unit, grid_calendar_work_seconds(S, deadline) is
 * the limit in seconds, so overdue time is measured the same way.
 */
#ifndef GRID_CALENDAR_H
#define GRID_CALENDAR_H

#include <time.h>

#include "grid/error.h"

struct grid_db;

/* The unit of a time limit; the names are those of categories.limit_unit. */
enum grid_limit_unit {
	GRID_LIMIT_WORK_HOURS,	/* "work_hours": hours of working time */
	GRID_LIMIT_WORK_DAYS,	/* "work_days": working days */
	GRID_LIMIT_HOURS	/* "hours": clock hours, no calendar */
};

/* The largest limit value accepted, in any unit. */
#define GRID_LIMIT_MAX 100000.0

struct grid_calendar;

/*
 * Returns a new calendar (caller frees with grid_calendar_free) with the
 * default hours and weekdays and no dated overrides, or NULL when out of
 * memory.
 */
struct grid_calendar *grid_calendar_new(void);

/* Frees cal (NULL allowed). */
void grid_calendar_free(struct grid_calendar *cal);

/*
 * Sets the working periods from text such as "08:30-12:00,13:30-17:30":
 * HH:MM-HH:MM (00:00 to 24:00) separated by commas, each ending after it
 * starts, in order, not overlapping; at most 8.  Returns 0, or -1 with
 * err (GRID_EDATA, field "work_hours") and cal unchanged.
 */
int grid_calendar_set_hours(struct grid_calendar *cal, const char *hours,
    struct grid_error *err);

/*
 * Sets the working weekdays from text such as "1,2,3,4,5": ISO weekday
 * numbers (1 Monday to 7 Sunday) or ranges ("1-5"), separated by commas,
 * each at most once, at least one.  Returns 0, or -1 with err
 * (GRID_EDATA, field "work_days") and cal unchanged.
 */
int grid_calendar_set_days(struct grid_calendar *cal, const char *days,
    struct grid_error *err);

/*
 * Makes date (YYYY-MM-DD, or any form grid_date_parse accepts) a working
 * day (is_workday non-zero) or a day off, whatever its weekday; replaces
 * an earlier override of the same date.  Returns 0, or -1 with err
 * (GRID_EDATA for a bad date, GRID_EINTERNAL when out of memory).
 */
int grid_calendar_set_date(struct grid_calendar *cal, const char *date,
    int is_workday, struct grid_error *err);

/*
 * Loads db's calendar: settings work_hours and work_days when present,
 * and every row of table calendar as an override (added to those already
 * set).  Returns 0, or -1 with err (source "settings" or "calendar", the
 * field, the bad value; or a database error); after a failure cal may
 * hold part of the data and should be discarded.
 */
int grid_calendar_load(struct grid_calendar *cal, struct grid_db *db,
    struct grid_error *err);

/*
 * Whether date (as grid_calendar_set_date takes it) is a working day:
 * returns 1 or 0, or -1 when date is not a date.
 */
int grid_calendar_is_workday(const struct grid_calendar *cal,
    const char *date);

/* The working seconds of one working day (27000 by default). */
long grid_calendar_day_seconds(const struct grid_calendar *cal);

/*
 * The deadline of a limit of value (0 to GRID_LIMIT_MAX; fractions
 * allowed, counted to the second) in unit, starting at start, by the
 * rules at the top of this file; a value of 0 in a working unit gives
 * start moved to the next working time.  Returns 0 and *deadline, or -1
 * with err (GRID_EDATA for a bad value; GRID_EDATA when no working day
 * comes within ten years; GRID_EINTERNAL when a time cannot be
 * converted).
 */
int grid_calendar_add(const struct grid_calendar *cal, time_t start,
    double value, enum grid_limit_unit unit, time_t *deadline,
    struct grid_error *err);

/*
 * The working seconds between from and to: the part of [from, to) inside
 * working periods of working days; negative when to is before from.
 * Takes time in proportion to the number of days between.  Stops
 * counting after ten years without a working day.
 */
long long grid_calendar_work_seconds(const struct grid_calendar *cal,
    time_t from, time_t to);

/*
 * Parses a limit as settings and categories write it: a number (digits,
 * optionally a fraction: "1.5"), more than 0 and at most GRID_LIMIT_MAX,
 * then a unit name (see grid_limit_unit_parse), white space around and
 * between allowed: "4 work_hours", "1 work_days", "2 hours".  Returns 0
 * with *value and *unit, or -1 with err (GRID_EDATA).
 */
int grid_limit_parse(const char *text, double *value,
    enum grid_limit_unit *unit, struct grid_error *err);

/*
 * Reads a unit name: work_hours, work_days, hours (or work_hour,
 * work_day, hour).  Returns 0 with *unit, or -1.
 */
int grid_limit_unit_parse(const char *name, enum grid_limit_unit *unit);

/* The name of unit ("work_hours", ...), static; "" for a bad value. */
const char *grid_limit_unit_name(enum grid_limit_unit unit);

#endif
