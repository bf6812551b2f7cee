/*
 * statmerge.h - the columns of each grid-stats statistic described once
 * (what identifies a row, what is counted, what is derived from the
 * counts), and the table that sums rows of the same unit and derives
 * every share, rate, stage, rank and hotspot flag from the sums.
 *
 * The statistics whose rows carry their counts: population
 * (popstats.h), groups (groupstats.h), cases (casestats.h), hazards
 * (hazards.h), visits and the visits due figures (visits.h).  Their
 * library runs derive their figures through this description, and the
 * merge of several districts' rows (grid-stats merge, -d repeated) sums
 * the counts and derives the figures with the same code, so the merge of
 * districts equals the statistic of a database holding all of them.
 * Every figure of these rows is a function of the row's counts, or of
 * the table's (shares of the whole, ranks, hotspots): nothing is ever
 * averaged.
 */
#ifndef GRID_STATMERGE_H
#define GRID_STATMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "grid/error.h"
#include "grid/writer.h"

/* What a column is. */
enum grid_stat_role {
	GRID_STAT_KEY,		/* identifies the row: rows with the same */
				/* keys are one unit, summed */
	GRID_STAT_NAME,		/* the name of a key: the first given */
	GRID_STAT_SAME,		/* the same in every row (level, period) */
	GRID_STAT_COUNT,	/* a count, summed (empty: empty in every */
				/* row summed) */
	GRID_STAT_SHARE,	/* factor * 100 * num / den, two decimals */
				/* rounded half up; empty when den <= 0 */
	GRID_STAT_STAGE,	/* the ageing stage of num / den (none, */
				/* ageing from 7 %, aged 14 %, super_aged */
				/* 20 %; popstats.h) */
	GRID_STAT_TABLE_SHARE,	/* num over the sum of num over every row */
	GRID_STAT_RANK,		/* rank by num among the key rows (every */
				/* key given), most first, ties by order */
	GRID_STAT_RANK_RATE,	/* rank by num / den among key rows with */
				/* den > 0 */
	GRID_STAT_HOTSPOT	/* 1 when num > mean + 2 population sd of */
				/* num over the key rows, else 0 */
};

#define GRID_STAT_MAX_COLUMNS 64

/*
 * A statistic's columns.  num and den are sets of columns (bit i:
 * column i), each operand the sum of its columns' counts.
 */
struct grid_stat_desc {
	const char *statistic;	/* "population", "groups", "cases", */
				/* "hazards", "visits", "visits_due" */
	size_t n;
	struct grid_column columns[GRID_STAT_MAX_COLUMNS];
	enum grid_stat_role role[GRID_STAT_MAX_COLUMNS];
	uint64_t num[GRID_STAT_MAX_COLUMNS], den[GRID_STAT_MAX_COLUMNS];
	int factor[GRID_STAT_MAX_COLUMNS];	/* SHARE: 1, or 10 (per 1,000) */
};

/*
 * Describes the n columns (names borrowed: static in the statistics
 * modules) of statistic, by the rules of that statistic (names of the
 * columns each figure is made of; stats_merge.c).  Returns 0, or -1
 * with err (GRID_EINTERNAL: an unknown statistic, or a column no rule
 * describes).
 */
int grid_stat_desc_init(struct grid_stat_desc *d, const char *statistic,
    const struct grid_column *columns, size_t n, struct grid_error *err);

/*
 * Finds the statistic whose rows have exactly the columns names (n of
 * them, in order): population, groups, hazards, visits, visits_due, or
 * cases by any of its dimensions, and describes it into d.  Returns 0,
 * or -1 with err (GRID_EDATA: the columns of no statistic that can be
 * merged; grid-stats quality, lists and --permits-expiring rows cannot).
 */
int grid_stat_desc_match(struct grid_stat_desc *d, const char *const *names,
    size_t n, struct grid_error *err);

/*
 * A table of rows of one statistic: rows added (text values, as the
 * statistics give them or as a file of them is read), then emitted in
 * key order, the rows of the same keys summed, every figure derived.
 */
struct grid_stat_table;

/* A new empty table of d's rows (d copied); NULL when out of memory. */
struct grid_stat_table *grid_stat_table_new(const struct grid_stat_desc *d);

/*
 * Adds a row: values[i] is column i of the description (NULL: empty);
 * derived columns are not read.  Returns 0, or -1 with err: GRID_EDATA
 * when a count is not a whole number (field: the column) or a SAME
 * column differs from the first row's (field: the column: mixed levels,
 * periods, months or days); GRID_EINTERNAL when out of memory.
 */
int grid_stat_table_add(struct grid_stat_table *t, const char *const *values,
    struct grid_error *err);

/* The rows added so far. */
size_t grid_stat_table_count(const struct grid_stat_table *t);

/*
 * Calls on_row once per unit, in key order (each key ascending, empty
 * last; integer columns by value), with the counts summed and every
 * derived column computed; top > 0 (a statistic with a RANK column):
 * only the rows ranked 1 to top, by rank.  Returning non-zero stops:
 * then -1 with err code 0.  Returns 0, or -1 with err (memory).  The
 * table can be emitted again.
 */
int grid_stat_table_emit(struct grid_stat_table *t, long top,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err);

/* Frees t (NULL allowed). */
void grid_stat_table_free(struct grid_stat_table *t);

#endif
