/*
 * statmerge.h - the columns of each grid-stats statistic described once
 * (what identifies a row, what is counted, what is derived from the
 * counts), and the table that sums rows of the same unit and derives
 * every share, rate, stage, rank and hotspot flag from the sums.
 *
 * The statistics whose rows carry their counts: population
 * (popstats.h), groups (groupstats.h), cases (casestats.h), hazards and
 * inspections (hazards.h), visits and the visits due figures
 * (visits.h), disputes (disputestats.h) and petitions
 * (petitionstats.h).  Their
 * library runs derive their figures through this description, and the
 * merge of several districts' rows (grid-stats merge, -d repeated) sums
 * the counts and derives the figures with the same code, so the merge of
 * districts equals the statistic of a database holding all of them.
 * Every figure of these rows is a function of the row's counts, or of
 * the table's (shares of the whole, ranks, hotspots): nothing is ever
 * averaged.
 *
 * Lists over several databases (below): the repeat lists of disputes
 * and petitions gather each database's events before they are grouped,
 * and the spot-check sample each database's candidates before it is
 * drawn, so that the list of several databases is the list of one
 * holding all of them.
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
				/* "hazards", "visits", "visits_due", */
				/* "disputes", "petitions", */
				/* "inspections" (hazards --inspections) */
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
 * them, in order): population, groups, hazards, visits, visits_due,
 * disputes, petitions, inspections, or cases by any of its dimensions,
 * and describes it into d.  Returns 0, or -1 with err (GRID_EDATA: the
 * columns of no statistic that can be merged; grid-stats quality, lists
 * and --permits-expiring rows cannot).
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

/* ---- lists over several databases ---- */

struct grid_db;
struct grid_disputestats_query;
struct grid_petitionstats_query;
struct grid_hazards_sample;

/*
 * A repeat list (stats_repeats.c): the disputes of the same parties
 * (disputestats.h, its columns) or the repeat petitioners
 * (petitionstats.h).  A person is one ID number and an organisation one
 * USCC in every district: a pair of parties with a dispute in each of
 * two districts is repeated across the city, as in one database holding
 * both.  An event is one case of one key (a pair, or a person); the
 * list groups the events of each key, keeps the keys of two events or
 * more, and derives every figure from their events: their count, case
 * ids in time order (reported_at as an instant, then the id), the first
 * and last reported_at, the open ones, the grid of the latest.  A name
 * (a person's grid) is the one its events' database gave, the first
 * added; after grid_stat_repeats_names, that of the first database
 * named that registers the person or org, as one database holding all
 * of them would give it (a person in two districts' registers is the
 * first district's, as a city database loads it).
 */
enum grid_stat_repeat_list { GRID_REPEAT_DISPUTES, GRID_REPEAT_PETITIONS };
struct grid_stat_repeats;

struct grid_stat_repeat_event {
	const char *key[2];	/* disputes: party_a, party_b (NULL: the */
				/* only party); petitions: id_number, NULL */
	const char *name[2];	/* their names (NULL: unknown there) */
	const char *home;	/* petitions: the person's grid_code */
	const char *case_id;
	const char *reported_at;	/* as stored */
	long long rep;		/* reported_at as an instant */
	int open;		/* disputes: no outcome at the period's end */
	const char *grid_code;	/* disputes: the case's */
};

/* A new empty list; NULL when out of memory. */
struct grid_stat_repeats *grid_stat_repeats_new(
    enum grid_stat_repeat_list list);

/*
 * Adds an event (copied) of the period named period (the first event's
 * is the list's).  Returns 0, or -1 with err: GRID_EDATA when period
 * differs from the list's, GRID_EINTERNAL when out of memory.
 */
int grid_stat_repeats_add(struct grid_stat_repeats *r, const char *period,
    const struct grid_stat_repeat_event *e, struct grid_error *err);

/*
 * Adds the events of db: the disputes of q (stats_disputes.c), the
 * petitions of q (stats_petitions.c).  Return 0, or -1 with err as
 * grid_disputestats_repeated and grid_petitionstats_repeat.
 */
int grid_stat_repeats_disputes(struct grid_stat_repeats *r,
    struct grid_db *db, const struct grid_disputestats_query *q,
    struct grid_error *err);
int grid_stat_repeats_petitions(struct grid_stat_repeats *r,
    struct grid_db *db, const struct grid_petitionstats_query *q,
    struct grid_error *err);

/*
 * The names of the keys listed (and a person's grid) from the registers
 * of db, where no database named before had them.  Call after every
 * add, once per database, in order.  Returns 0, or -1 with err
 * (database errors, memory).
 */
int grid_stat_repeats_names(struct grid_stat_repeats *r, struct grid_db *db,
    struct grid_error *err);

/*
 * Calls on_row once per key of two events or more, with the columns of
 * the list, most events first, then by key (party_b: none first).
 * Returning non-zero stops: then -1 with err code 0.  Returns 0, or -1
 * with err (memory).  The list can be emitted again.
 */
int grid_stat_repeats_emit(struct grid_stat_repeats *r,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err);

/* Frees r (NULL allowed). */
void grid_stat_repeats_free(struct grid_stat_repeats *r);

/*
 * A spot-check sample over several databases (stats_sample.c): the
 * candidates of each (the active orgs of s->unit, hazards.h) gathered,
 * then drawn as grid_hazards_sample draws them.  The draw order of an
 * org is grid_hazards_sample_key(seed, uscc), which depends on nothing
 * but the seed and the USCC, and the shares are taken of the candidates
 * of all the databases: the sample of several databases is the sample
 * of one holding all of them.  A USCC in two databases is the first's.
 */
struct grid_stat_sample;

/* A new sample of s (copied; s->unit borrowed); NULL out of memory. */
struct grid_stat_sample *grid_stat_sample_new(
    const struct grid_hazards_sample *s);

/*
 * Adds the candidates of db.  Returns 0, or -1 with err as
 * grid_hazards_sample.
 */
int grid_stat_sample_add(struct grid_stat_sample *d, struct grid_db *db,
    struct grid_error *err);

/*
 * Calls on_row for each org drawn of all the candidates, as
 * grid_hazards_sample.  Returns 0, or -1 with err (code 0 when on_row
 * stopped; memory).
 */
int grid_stat_sample_emit(struct grid_stat_sample *d,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err);

/* Frees d (NULL allowed). */
void grid_stat_sample_free(struct grid_stat_sample *d);

#endif
