/*
 * casestats.h - case counts by category, place and time (grid-stats(1)
 * cases): one dimension, or a cross table of up to three,
 * with each row's share of the cases, the rate per 1,000 residents of a
 * place, ranks, the N hotspots and a hotspot flag.
 *
 * The cases counted: reported in the period, not voided nor merged into
 * another (a duplicate is the same incident).  Times are the local time
 * (TZ) of reported_at.  Nothing is written to the database.
 */
#ifndef GRID_CASESTATS_H
#define GRID_CASESTATS_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/* What rows are grouped by. */
enum grid_casestats_dim {
	GRID_CS_CATEGORY,	/* category_code, category_name */
	GRID_CS_GRID,		/* grid_code, grid_name: the case's grid */
	GRID_CS_COMMUNITY,	/* community_code, community_name */
	GRID_CS_STREET,		/* street_code, street_name */
	GRID_CS_HOUR,		/* hour: 0-23 */
	GRID_CS_WEEKDAY,	/* weekday: 1 Monday ... 7 Sunday */
	GRID_CS_MONTH		/* month: YYYY-MM */
};

/* "category", "grid", ..., "month" -> dim; -1 when unknown. */
int grid_casestats_dim_parse(const char *name);

#define GRID_CASESTATS_MAX_DIMS 3
#define GRID_CASESTATS_MAX_COLUMNS (2 * GRID_CASESTATS_MAX_DIMS + 10)

struct grid_casestats_query {
	enum grid_casestats_dim dims[GRID_CASESTATS_MAX_DIMS];
	size_t ndims;		/* 1 to 3, each dimension once */
	const char *from;	/* first day (date), NULL: no limit */
	const char *to;		/* last day, included; NULL: no limit */
	long top;		/* > 0: only the top units, by cases */
	const char *area;	/* a code (area.h): only the cases, units */
				/* and people in it; NULL: everywhere */
};

/*
 * Writes the columns of q's rows to columns (GRID_CASESTATS_MAX_COLUMNS
 * of room; names static) and returns their number: when a dimension is
 * a place, first level, unit and unit_name, the first place's level
 * ("grid", "community", "street"), key and name, as every row grouped
 * by a level has them (popstats.h); then the key columns of each
 * dimension, in order (see enum grid_casestats_dim), then
 *   cases          the count;
 *   share          cases over the cases of the whole table, percent;
 *   people, rate_per_1000, rank_by_rate  when a dimension is a place
 *                  (the first one): the people whose grid_code is in
 *                  the place, cases * 1000 / people (two decimals, NULL
 *                  for no people) and the rank of that rate (1 highest);
 *   rank           the rank by cases (1 most);
 *   hotspot        1 when cases > mean + 2 standard deviations of the
 *                  cases of the table's units (population standard
 *                  deviation), else 0.
 * A row with an empty key (a case without a grid or category) is listed
 * last and is no unit: no rank, no hotspot, left out of the mean and of
 * --top.  Ranks are ordinal: ties go by the rows' key order.
 */
size_t grid_casestats_columns(const struct grid_casestats_query *q,
    struct grid_column *columns);

/* One row: values of the columns, borrowed for the callback's time. */
typedef int (*grid_casestats_row_fn)(void *ctx, const char *const *values);

/*
 * Calls on_row for each row: every combination of keys with cases, in
 * key order (a place alone as the only dimension also lists the units of
 * its level without cases, as popstats.h does); with top, the top units
 * by cases, most first.  With q->area, only the cases whose grid_code
 * lies in the area count, and the places are units inside it: shares,
 * ranks, the hotspot mean and --top are the area's.  Returns 0, or -1
 * with err: GRID_EUSAGE for bad dimensions (field "by"), dates ("from",
 * "to"), a malformed area ("in") or a place above it ("level");
 * GRID_EDATA for an area the database does not hold; database errors;
 * code 0 when on_row stopped the run.
 */
int grid_casestats_run(struct grid_db *db,
    const struct grid_casestats_query *q, grid_casestats_row_fn on_row,
    void *ctx, struct grid_error *err);

#endif
