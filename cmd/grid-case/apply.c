/*
 * apply.c - running a step (steps.c, or a command with its own work:
 * dispute.c) on one case, or on every record of standard input, in one
 * transaction (BEGIN IMMEDIATE).  Records are
 * read to the end first (input.c), so the write lock is taken only once
 * there is input; bad records are named by line and skipped, the good
 * ones committed (exit 65 when any was skipped), or, with --strict, the
 * first bad record aborts the run.  The changes are held in a temporary
 * file and printed only after the commit, one row each: id, action,
 * from_status, to_status, level, at, deadline; a run that fails prints
 * nothing.  --dry-run: the same, rolled back instead of committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/cases.h"

static const struct grid_column change_columns[] = {
	{ "id", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "from_status", GRID_COL_TEXT }, { "to_status", GRID_COL_TEXT },
	{ "level", GRID_COL_TEXT }, { "at", GRID_COL_TEXT },
	{ "deadline", GRID_COL_TEXT },
};

struct run {
	const struct cli_common *c;
	const struct case_run *in;
	struct grid_db *db;
	struct grid_cases *cs;
	struct case_input *input;	/* with "-" */
	struct case_held done;		/* the rows, until the commit */
	long rejected;
	int open_status;		/* the database did not open */
	int finished;			/* committed, or a dry run done */
	struct cli_progress progress;
};

/* One step from the texts in values; its row held.  0, or -1 with err. */
static int
apply_step(struct run *run, const char *const *values,
    struct grid_error *err)
{
	struct grid_case_step step;
	struct grid_case_report report;
	struct grid_case_result r;
	const char *row[NCOLUMNS(change_columns)];

	if (case_step_build(run->in->verb, values, &step, &report, err) != 0 ||
	    grid_case_apply(run->cs, &step, &r, err) != 0)
		return -1;
	row[0] = r.id;
	row[1] = run->in->verb;
	row[2] = r.from[0] != '\0' ? r.from : NULL;
	row[3] = r.to;
	row[4] = r.level;
	row[5] = r.at;
	row[6] = r.deadline[0] != '\0' ? r.deadline : NULL;
	if (r.notice[0] != '\0' && !run->c->quiet)
		cli_warn("case %s: %s", r.id, r.notice);
	return case_held_row(&run->done, row, err);
}

/* The step, or the command's own work.  0, or -1 with err. */
static int
apply(struct run *run, const char *const *values, struct grid_error *err)
{
	if (run->in->apply == NULL)
		return apply_step(run, values, err);
	return run->in->apply(run->in->ctx, run->db, values, &run->done, err);
}

/* The columns of the rows: a step's changes, or the command's own. */
static const struct grid_column *
columns(const struct case_run *in, size_t *n)
{
	if (in->apply != NULL) {
		*n = in->ncolumns;
		return in->columns;
	}
	*n = NCOLUMNS(change_columns);
	return change_columns;
}

/* A step's error that is about the input (the step refused). */
static int
rejectable(const struct grid_error *err)
{
	return err->code == GRID_EDATA || err->code == GRID_EUSAGE;
}

/*
 * A bad record: named, counted; with --strict the end of the run.
 * Returns 0 to go on, or -1 (err: GRID_EDATA).
 */
static int
reject(struct run *run, long line, struct grid_error *err)
{
	cli_progress_done(&run->progress);
	if (err->source[0] == '\0' || err->line == 0)
		grid_error_locate(err, "<stdin>", line, NULL);
	cli_error_masked(err, run->c->reveal);
	run->rejected++;
	if (!run->in->strict)
		return 0;
	cli_warn("--strict: stopped at the first rejected record");
	err->code = GRID_EDATA;
	return -1;
}

/* Every record read.  0, or -1 with err (the run fails). */
static int
each_record(struct run *run, struct grid_error *err)
{
	const char *values[CASE_NFIELDS];
	long line;
	int rc;

	memcpy(values, run->in->values, sizeof(values));
	while ((rc = case_input_next(run->input, values, &line, err)) > 0) {
		if (rc == CASE_INPUT_WARNING) {
			cli_progress_done(&run->progress);
			cli_error(err);
		} else if (rc == CASE_INPUT_REJECTED ||
		    apply(run, values, err) != 0) {
			if ((rc == CASE_INPUT_RECORD && !rejectable(err)) ||
			    reject(run, line, err) != 0)
				return -1;
		}
		memcpy(values, run->in->values, sizeof(values));
		cli_progress_show(&run->progress, "<stdin>", 0, 0,
		    case_input_count(run->input));
	}
	cli_progress_done(&run->progress);
	return rc;
}

/*
 * The whole run in one transaction, committed, or rolled back for a dry
 * run.  0, or -1 with err.
 */
static int
transaction(struct run *run, struct grid_error *err)
{
	const char *values[CASE_NFIELDS];
	int rc;

	if (grid_db_begin(run->db, err) != 0)
		return -1;
	if (run->input != NULL) {
		rc = each_record(run, err);
	} else {
		memcpy(values, run->in->values, sizeof(values));
		if (run->in->target != NULL)
			values[CASE_FIELD_ID] = run->in->target;
		rc = apply(run, values, err);
	}
	if (rc == 0 && !run->in->dry_run)
		return grid_db_commit(run->db, err);
	grid_db_rollback(run->db);
	return rc;
}

/*
 * Reads the records, opens the database, runs.  0, or -1 with err, or
 * with run->open_status when the database did not open (said already).
 */
static int
run_steps(struct run *run, struct grid_error *err)
{
	const struct cli_common *c = run->c;
	size_t n;

	if (run->in->target != NULL && strcmp(run->in->target, "-") == 0 &&
	    (run->input = case_input_read(run->in->verb, run->in->keys,
	    run->in->strict, c->quiet, err)) == NULL)
		return -1;
	if ((run->db = cli_open_db(c, 0, &run->open_status)) == NULL)
		return -1;
	columns(run->in, &n);
	if (case_held_init(&run->done, n, err) != 0 ||
	    (run->in->apply == NULL &&
	    grid_cases_open(run->db, &run->cs, err) != 0) ||
	    transaction(run, err) != 0)
		return -1;
	run->finished = 1;
	return 0;
}

/* The summary of a bulk run, and the word of a dry run. */
static void
summary(const struct run *run)
{
	if (run->c->quiet || !run->finished)
		return;
	if (run->input != NULL)
		cli_warn("<stdin>: %ld read, %ld done, %ld rejected",
		    case_input_count(run->input), run->done.n, run->rejected);
	if (run->in->dry_run)
		cli_warn("--dry-run: rolled back, nothing was written");
}

/* The run failed: its error, unless said already.  The exit status. */
static int
failed(const struct run *run, struct grid_error *err)
{
	int bulk = run->in->target != NULL &&
	    strcmp(run->in->target, "-") == 0;

	if (run->open_status != 0)
		return run->open_status;
	if (!(bulk && run->in->strict && err->code == GRID_EDATA &&
	    run->rejected > 0))
		cli_error_masked(err, run->c->reveal);
	if (bulk)
		cli_warn("nothing was written: the run was rolled back");
	return err->code != 0 ? err->code : GRID_EINTERNAL;
}

int
case_steps_run(const struct cli_common *c, const struct case_run *in)
{
	struct run run;
	struct case_rows rows;
	struct grid_error err;
	const struct grid_column *cols;
	size_t ncols;
	int status = 0;

	memset(&run, 0, sizeof(run));
	run.c = c;
	run.in = in;
	cli_progress_init(&run.progress, c->quiet);
	cols = columns(in, &ncols);
	if (case_rows_open(&rows, c, cols, ncols, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if (run_steps(&run, &err) != 0)
		status = failed(&run, &err);
	else if (run.rejected > 0)
		status = GRID_EDATA;
	/* only what was committed; a header only when all went well */
	rows.header_if_empty = status == 0;
	if (run.finished && (status == 0 || run.done.n > 0) &&
	    (case_held_print(&run.done, &rows, &err) != 0 ||
	    case_rows_close(&rows, 1, &err) != 0)) {
		cli_error(&err);
		status = err.code;
	}
	case_rows_close(&rows, 0, NULL);
	summary(&run);
	case_held_release(&run.done);
	case_input_free(run.input);
	grid_cases_close(run.cs);
	grid_db_close(run.db);
	return status;
}
