/*
 * tz.h - the time zone local times are computed in.
 *
 * Every local time of gridkit (working hours and days, deadlines, case
 * ids, month and year boundaries, dates given on the command line, hours
 * and weekdays of statistics, ages) is the local time of one IANA zone:
 * the database's time_zone setting (grid_db_open puts it in force), or
 * GRID_TZ_DEFAULT when there is no database.  The zone is put in force for
 * the whole process (TZ and tzset()), so the C library and SQLite's
 * 'localtime' agree; the TZ the process was started with changes nothing.
 */
#ifndef GRID_TZ_H
#define GRID_TZ_H

#include "grid/error.h"

/* The zone of a new database, and of runs without a database. */
#define GRID_TZ_DEFAULT "Asia/Shanghai"

/*
 * Checks that name is an IANA zone name (letters, digits, '_', '-', '+'
 * in '/'-separated parts) whose file is in the zone directory ($TZDIR, else
 * /usr/share/zoneinfo) and is a TZif file.  Returns 0, or -1 with err
 * (GRID_EUSAGE, naming the rule or the missing file).
 */
int grid_tz_check(const char *name, struct grid_error *err);

/*
 * Puts the zone name in force for the process (after grid_tz_check).
 * Returns 0, or -1 with err and the zone in force unchanged.
 */
int grid_tz_use(const char *name, struct grid_error *err);

/*
 * Puts GRID_TZ_DEFAULT in force; where its file is missing, the POSIX
 * rule of its present offset (CST-8: UTC+8, no summer time since 1991).
 * Tools call it first thing.
 */
void grid_tz_init(void);

/* The zone in force (a name given to grid_tz_use), borrowed; NULL
 * before the first grid_tz_use or grid_tz_init. */
const char *grid_tz_current(void);

/*
 * The zone the process's TZ named when it started (a leading ':' dropped),
 * when that is a zone grid_tz_check accepts; else NULL.  Borrowed.
 */
const char *grid_tz_inherited(void);

#endif
