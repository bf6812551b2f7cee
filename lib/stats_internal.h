/*
 * stats_internal.h - what the statistics modules share (stats_common.c):
 * stats_population.c, stats_groups.c, stats_cases.c, stats_hazards.c,
 * stats_quality.c and stats_visits.c.  Private to lib/.
 *
 * The units of a level (gridi_units_init, gridi_units_name), shares
 * (gridi_percent), the reference date (gridi_stats_args,
 * gridi_birth_cutoff) and the unit columns (GRIDI_UNIT_COLUMNS) are
 * declared in internal.h: the report's counts (metrics_query.c) use them
 * too.  They are defined in stats_common.c.
 */
#ifndef GRID_STATS_INTERNAL_H
#define GRID_STATS_INTERNAL_H

#include <stddef.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/db.h"
#include "grid/error.h"
#include "internal.h"

/* The area's condition (area.h) on the units' codes, for units.select. */
#define GRIDI_AREA_UNITS " AND " GRID_AREA_SQL("code")
/* The area's condition on people p. */
#define GRIDI_AREA_PEOPLE " AND " GRID_AREA_SQL("p.grid_code")

/*
 * The values of one statistics row, as the row callbacks receive them:
 * values[i] is column i, NULL for none; a number's text is kept in
 * text[i].  Every statistics module has at most GRIDI_STATS_MAX_COLUMNS
 * columns (each checks it with a static assertion).
 */
#define GRIDI_STATS_MAX_COLUMNS 64
struct gridi_stats_row {
	char text[GRIDI_STATS_MAX_COLUMNS][32];
	const char *values[GRIDI_STATS_MAX_COLUMNS];
	long long count[GRIDI_STATS_MAX_COLUMNS];	/* of each count */
};

/* Sets column i to the count n (its text, and count[i]). */
void gridi_stats_count(struct gridi_stats_row *r, size_t i, long long n);
/*
 * Sets column i to the share num / den as a percentage, two decimals,
 * rounded half up (gridi_percent); NULL when den <= 0.
 */
void gridi_stats_share(struct gridi_stats_row *r, size_t i, long long num,
    long long den);
/*
 * Sets the three columns every row grouped by a level begins with
 * (GRIDI_UNIT_COLUMNS): level, then the unit's code and name from
 * columns 0 and 1 of st (borrowed: valid until st steps again).
 */
void gridi_stats_unit(struct gridi_stats_row *r, const char *level,
    sqlite3_stmt *st);

/*
 * The description of a statistic of fixed columns (statmerge.h):
 * "population", "groups", "hazards", "visits", "visits_due",
 * "disputes", "petitions", "inspections"; built on
 * the first call (make it before starting threads).  Static; NULL for
 * another name.
 */
struct grid_stat_desc;
const struct grid_stat_desc *gridi_stats_desc(const char *statistic);
/*
 * Sets the shares, rates and stages of r (the SHARE and STAGE columns of
 * d) from its counts (count[], set by gridi_stats_count): the one place
 * a row's figures are derived, for one database and for a merge alike.
 */
void gridi_stats_derive(const struct grid_stat_desc *d,
    struct gridi_stats_row *r);

/* A row callback of the statistics (grid_popstats_row_fn, ...). */
typedef int (*gridi_stats_row_fn)(void *ctx, const char *const *values);

/*
 * Says that a callback stopped the run: err "stopped" (code 0).  Returns
 * -1.
 */
int gridi_stats_stopped(struct grid_error *err);
/*
 * Gives values to on_row.  Returns 0, or -1 with err "stopped" (code 0)
 * when on_row returns non-zero: how every statistics run ends when its
 * caller stops it.
 */
int gridi_stats_emit(gridi_stats_row_fn on_row, void *ctx,
    const char *const *values, struct grid_error *err);

/*
 * Steps st to its end, calling row(arg, st, err) on each row; a row that
 * returns non-zero ends the run (its error in err).  Returns 0, or -1
 * with err (SQLite's error named by what, or row's).
 */
int gridi_stats_step(struct grid_db *db, sqlite3_stmt *st, const char *what,
    int (*row)(void *arg, sqlite3_stmt *st, struct grid_error *err),
    void *arg, struct grid_error *err);

/*
 * Binds the unit's length of grid_code, prefix, to ?1 and the reference
 * date day to ?2 (a copy), as the queries grouped by unit on a day take
 * them.  Returns 0, or -1 with err (SQLite's error named by what).
 */
int gridi_stats_bind_day(struct grid_db *db, sqlite3_stmt *st, int prefix,
    const char *day, const char *what, struct grid_error *err);

/*
 * The canonical form of an ID number, as dup_id_number and
 * dup_id_districts compare them: its 18 characters when it parses
 * (upgraded from 15 digits, x upper-cased), else the text upper-cased;
 * into out (n bytes), which it returns.
 */
const char *gridi_idno_canon(const char *text, char *out, size_t n);

#endif
