/*
 * command.c - the scaffolding of grid-case's commands on a case's own
 * records (attach.c, dispute.c, petition.c): the option loop, the run
 * of a writer (one transaction, its rows held until the commit, then
 * printed) and the run of a lister (every case checked, a --reveal
 * recorded, then the rows of each).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"

int
case_options(struct cli_common *c, int argc, char **argv,
    const char *shortopts, const struct option *longopts, const char *usage,
    int (*option)(void *ctx, int opt, char *arg), void *ctx)
{
	int opt;

	while ((opt = cli_getopt_long(argc, argv, shortopts, longopts,
	    NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, usage))
			continue;
		if (option == NULL || !option(ctx, opt, optarg))
			cli_bad_option();
	}
	if (optind == argc)
		cli_usage_error("which case? no ID given");
	return optind;
}

int
case_write_transaction(struct grid_db *db, int commit,
    int (*write)(struct grid_db *db, void *ctx, struct grid_error *err),
    void *ctx, struct grid_error *err)
{
	int rc;

	if (grid_db_begin(db, err) != 0)
		return -1;
	rc = write(db, ctx, err);
	if (rc != 0 || !commit) {
		grid_db_rollback(db);
		return rc;
	}
	return grid_db_commit(db, err);
}

int
case_write_command(const struct cli_common *c, const struct case_writer *w)
{
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db = NULL;
	int status = 0;

	memset(&rows, 0, sizeof(rows));
	memset(&err, 0, sizeof(err));
	case_rows_check(c);
	if (case_rows_open(&rows, c, w->columns, w->ncolumns, &err) != 0)
		goto fail;
	if ((db = cli_open_db(c, w->read_only, &status)) == NULL)
		goto out;
	if (case_held_init(w->held, w->ncolumns, &err) != 0 ||
	    w->write(db, w->ctx, &err) != 0 ||
	    case_held_print(w->held, &rows, &err) != 0 ||
	    case_rows_close(&rows, 1, &err) != 0)
		goto fail;
	if (w->dry_run && !c->quiet)
		cli_warn("--dry-run: rolled back, nothing was written");
	goto out;
fail:
	if (w->masked)
		cli_error_masked(&err, 0);
	else
		cli_error(&err);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	case_rows_close(&rows, 0, NULL);
	grid_db_close(db);
	case_held_release(w->held);
	return status;
}

/* Every case checked, the reveal recorded, then the rows of each. */
static int
list_all(struct grid_db *db, char **ids, const struct cli_common *c,
    const struct case_lister *l, struct case_rows *rows,
    struct grid_error *err)
{
	char **id;

	for (id = ids; *id != NULL; id++)
		if (l->check(db, *id, err) != 0)
			return -1;
	if (c->reveal && case_log_reveals(db, ids, l->reveal_note, err) != 0)
		return -1;
	if (case_rows_open(rows, c, l->columns, l->ncolumns, err) != 0)
		return -1;
	for (id = ids; *id != NULL; id++)
		if (l->list(db, *id, rows, c->reveal, err) != 0)
			return -1;
	return 0;
}

int
case_list_command(int argc, char **argv, const struct case_lister *l)
{
	struct cli_common c;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db;
	int first, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&rows, 0, sizeof(rows));
	memset(&err, 0, sizeof(err));
	c.writes = l->writes;
	first = case_options(&c, argc, argv, CLI_COMMON_SHORT, l->longopts,
	    l->usage, NULL, NULL);
	case_rows_check(&c);
	if ((db = cli_open_db(&c, !c.reveal, &status)) == NULL)
		return status;
	if (list_all(db, argv + first, &c, l, &rows, &err) != 0 ||
	    case_rows_close(&rows, 1, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	case_rows_close(&rows, 0, NULL);
	grid_db_close(db);
	return status;
}
