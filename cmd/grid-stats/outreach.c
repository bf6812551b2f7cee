/*
 * outreach.c - the lists of people of grid-stats (outreach.h): masking
 * their personal columns, and recording a --reveal before they are shown.
 */
#include <stdio.h>
#include <string.h>

#include "grid-stats/outreach.h"
#include "grid/buf.h"
#include "grid/codes.h"
#include "grid/reveal.h"
#include "grid/statmerge.h"

int
stats_list_row(void *ctx, const char *const *values)
{
	const struct stats_list *l = ctx;
	const char *row[STATS_LIST_MAX_COLUMNS];
	char masked[STATS_LIST_MAX_COLUMNS][256];
	size_t i;

	for (i = 0; i < l->ncolumns && i < STATS_LIST_MAX_COLUMNS; i++) {
		row[i] = values[i];
		if (l->reveal || values[i] == NULL)
			continue;
		if (l->mask[i] == STATS_MASK_NUMBER)
			row[i] = grid_mask_idno(values[i], masked[i],
			    sizeof(masked[i]));
		else if (l->mask[i] == STATS_MASK_PHONE)
			row[i] = grid_mask_phone(values[i], masked[i],
			    sizeof(masked[i]));
	}
	return stats_out_row(l->out, row) != 0;
}

int
stats_list_reveal(struct grid_db *db, const struct stats_common *c,
    const char *list, int argc, char **argv, int *status)
{
	struct grid_buf query = GRID_BUF_INIT;
	struct grid_error err;
	int i, rc = 0;

	if (!c->cli.reveal)
		return 0;
	for (i = 0; i < argc && rc == 0; i++)
		rc = grid_buf_addf(&query, "%s%s", i ? " " : "", argv[i]);
	if (rc != 0)
		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else
		rc = grid_reveal_log(db, cli_actor(), list, query.data != NULL ?
		    query.data : "", &err);
	grid_buf_release(&query);
	if (rc != 0) {
		cli_error(&err);
		*status = err.code;
	}
	return rc;
}

int
stats_reveal_each(void *arg, struct grid_db *db, int *status)
{
	const struct stats_reveal *r = arg;

	if (db == r->first)
		return 0;
	return stats_list_reveal(db, r->c, r->list, r->argc, r->argv,
	    status);
}

/* One database's events of a repeat list. */
struct repeats_each {
	const struct stats_reveal *r;
	struct grid_stat_repeats *list;
	stats_repeats_add_fn add;
	const void *q;
	int *status;
};

static int
repeats_each(void *arg, struct grid_db *db, struct grid_error *err)
{
	const struct repeats_each *e = arg;

	if (stats_reveal_each((void *)e->r, db, e->status) != 0)
		return grid_error_set(err, 0, NULL, 0, NULL, "printed");
	return e->add(e->list, db, e->q, err);
}

static int
names_each(void *arg, struct grid_db *db, struct grid_error *err)
{
	return grid_stat_repeats_names(arg, db, err);
}

int
stats_repeats_rows(struct stats_common *c, struct grid_db *db,
    const struct stats_reveal *r, struct grid_stat_repeats *list,
    stats_repeats_add_fn add, const void *q, struct stats_list *l,
    struct grid_error *err, int *status)
{
	struct repeats_each e = { r, list, add, q, status };

	if (stats_each_db(c, db, repeats_each, &e, err, status) != 0)
		return -1;
	/* several: the names from the registers, the first that has each */
	if (c->cli.ndbs > 1 && stats_each_db(c, db, names_each, list, err,
	    status) != 0)
		return -1;
	return grid_stat_repeats_emit(list, stats_list_row, l, err);
}
