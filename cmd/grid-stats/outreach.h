/*
 * outreach.h - the lists of people of grid-stats (outreach.c): groups
 * --list (the people of a group, to reach them) and population
 * --permits-expiring N --list (residence permits to renew).  Their
 * personal columns are masked unless --reveal, and a --reveal is
 * recorded (grid/reveal.h) before anything is shown.
 */
#ifndef GRID_STATS_OUTREACH_H
#define GRID_STATS_OUTREACH_H

#include <stddef.h>

#include "grid-stats/grid-stats.h"

/* How a column of a list is masked. */
enum stats_mask {
	STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_PHONE
};

/* A list being written: its output and the mask of each column. */
struct stats_list {
	struct stats_out *out;
	const enum stats_mask *mask;	/* one per column (borrowed) */
	size_t ncolumns;		/* at most STATS_LIST_MAX_COLUMNS */
	int reveal;			/* --reveal: nothing masked */
};
#define STATS_LIST_MAX_COLUMNS 16

/*
 * A row callback for libgrid's lists (ctx a struct stats_list): masks
 * the row's personal values unless reveal (grid_mask_idno for numbers
 * and addresses, grid_mask_phone) and writes it.  Non-zero stops the run.
 */
int stats_list_row(void *ctx, const char *const *values);

/*
 * With --reveal (c->cli.reveal), records that list is shown unmasked,
 * with the command's arguments (argv, argc of them) as the query, by
 * cli_actor(), in db's trace (grid_reveal_log).  Without it, does
 * nothing.  Returns 0, or -1 with the error printed and *status set (73:
 * then nothing may be shown).
 */
struct grid_db;
int stats_list_reveal(struct grid_db *db, const struct stats_common *c,
    const char *list, int argc, char **argv, int *status);

/*
 * A list's reveal recorded in each database of -d (the callback of
 * struct stats_list_spec, arg a struct stats_reveal): stats_list_reveal
 * in every database but first, whose reveal was recorded before the
 * output.
 */
struct stats_reveal {
	const struct stats_common *c;
	const char *list;		/* "groups --list" */
	int argc;
	char **argv;
	struct grid_db *first;		/* recorded already, or NULL */
};
int stats_reveal_each(void *arg, struct grid_db *db, int *status);

/*
 * A repeat list (disputes --repeated, petitions --repeat; statmerge.h)
 * of every database of -d: add(list, db, q) on each in turn (a reveal
 * recorded in each but r->first, which recorded it before), the names
 * of the keys from each database's registers in turn
 * (grid_stat_repeats_names), then the list's rows, masked, into l.  One
 * database: the list of that one.
 * Returns 0, or -1 with err or *status as stats_each_db.
 */
struct grid_stat_repeats;
typedef int (*stats_repeats_add_fn)(struct grid_stat_repeats *list,
    struct grid_db *db, const void *q, struct grid_error *err);
int stats_repeats_rows(struct stats_common *c, struct grid_db *db,
    const struct stats_reveal *r, struct grid_stat_repeats *list,
    stats_repeats_add_fn add, const void *q, struct stats_list *l,
    struct grid_error *err, int *status);

#endif
