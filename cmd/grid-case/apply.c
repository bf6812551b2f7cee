/*
 * apply.c - running a step (steps.c) on one case, or on every NDJSON
 * record of standard input, in one transaction (BEGIN IMMEDIATE): bad
 * records are named by line and skipped, the good ones committed (exit
 * 65 when any was skipped), or, with --strict, the first bad record
 * aborts the run.  The changes are printed after the commit, one line
 * each: id, action, from_status, to_status, level, at, deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/cases.h"
#include "grid/reader.h"

static const struct grid_column change_columns[] = {
	{ "id", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "from_status", GRID_COL_TEXT }, { "to_status", GRID_COL_TEXT },
	{ "level", GRID_COL_TEXT }, { "at", GRID_COL_TEXT },
	{ "deadline", GRID_COL_TEXT },
};

/* The steps done, kept until the commit. */
struct done {
	struct grid_case_result *r;
	size_t n, cap;
};

struct run {
	const struct cli_common *c;
	const char *verb;
	const char *const *defaults;
	int strict;
	struct grid_db *db;
	struct grid_cases *cs;
	struct done done;
	long read, rejected;
	struct cli_progress progress;
};

static int
keep(struct done *d, const struct grid_case_result *r,
    struct grid_error *err)
{
	struct grid_case_result *more;
	size_t cap;

	if (d->n == d->cap) {
		cap = d->cap == 0 ? 16 : d->cap * 2;
		if ((more = realloc(d->r, cap * sizeof(*more))) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		d->r = more;
		d->cap = cap;
	}
	d->r[d->n++] = *r;
	return 0;
}

/* One step from the texts in values.  0, or -1 with err. */
static int
apply(struct run *run, const char *const *values, struct grid_error *err)
{
	struct grid_case_step step;
	struct grid_case_report report;
	struct grid_case_result result;

	if (case_step_build(run->verb, values, &step, &report, err) != 0 ||
	    grid_case_apply(run->cs, &step, &result, err) != 0)
		return -1;
	return keep(&run->done, &result, err);
}

/* A step's error that is about the input (the step refused). */
static int
rejectable(const struct grid_error *err)
{
	return err->code == GRID_EDATA || err->code == GRID_EUSAGE;
}

/* The record's values over the command line's defaults. */
static void
record_values(const struct run *run, const struct grid_record *rec,
    const char **values)
{
	size_t i;
	int f;

	memcpy(values, run->defaults, CASE_NFIELDS * sizeof(*values));
	for (i = 0; i < rec->nfields; i++) {
		f = case_field_index(run->verb, rec->names[i]);
		if (f >= 0 && rec->values[i] != NULL)
			values[f] = rec->values[i];
	}
}

/*
 * A bad record: named, counted; with --strict the end of the run.
 * Returns 0 to go on, or -1 (err: GRID_EDATA).
 */
static int
reject(struct run *run, struct grid_reader *r, long line,
    struct grid_error *err)
{
	cli_progress_done(&run->progress);
	if (err->source[0] == '\0' || err->line == 0)
		grid_error_locate(err, grid_reader_name(r), line, NULL);
	cli_error_masked(err, run->c->reveal);
	run->rejected++;
	if (!run->strict)
		return 0;
	cli_warn("--strict: stopped at the first rejected record");
	err->code = GRID_EDATA;
	return -1;
}

/* Every record of standard input.  0, or -1 with err (the run fails). */
static int
each_record(struct run *run, struct grid_error *err)
{
	static const struct grid_reader_options opts = { GRID_INPUT_NDJSON,
		GRID_ENC_AUTO, 0, 0 };
	const char *values[CASE_NFIELDS];
	const struct grid_record *rec;
	struct grid_reader *r;
	uint64_t pos, total;
	int rc;

	if ((r = grid_reader_open("-", &opts, err)) == NULL)
		return -1;
	while ((rc = grid_reader_next(r, &rec, err)) == 1) {
		run->read++;
		if (rec->nfields == 0) {
			if (reject(run, r, rec->line, err) != 0)
				break;
			continue;
		}
		record_values(run, rec, values);
		if (apply(run, values, err) != 0) {
			if (!rejectable(err) ||
			    reject(run, r, rec->line, err) != 0) {
				rc = -1;
				break;
			}
		}
		grid_reader_progress(r, &pos, &total);
		cli_progress_show(&run->progress, "<stdin>", pos, total,
		    run->read);
	}
	cli_progress_done(&run->progress);
	grid_reader_close(r);
	return rc;
}

/* The whole run in one transaction.  Returns the exit status. */
static int
transaction(struct run *run, const char *target, struct grid_error *err)
{
	const char *values[CASE_NFIELDS];
	int rc;

	if (grid_db_begin(run->db, err) != 0)
		return -1;
	if (target != NULL && strcmp(target, "-") == 0) {
		rc = each_record(run, err);
	} else {
		memcpy(values, run->defaults, sizeof(values));
		if (target != NULL)
			values[0] = target;	/* the field id */
		rc = apply(run, values, err);
	}
	if (rc == 0)
		return grid_db_commit(run->db, err);
	grid_db_rollback(run->db);
	return -1;
}

static int
print_changes(const struct run *run, struct case_rows *rows,
    struct grid_error *err)
{
	const struct grid_case_result *r;
	const char *row[NCOLUMNS(change_columns)];
	size_t i;
	int rc = 0;

	for (i = 0; i < run->done.n && rc == 0; i++) {
		r = &run->done.r[i];
		row[0] = r->id;
		row[1] = run->verb;
		row[2] = r->from[0] != '\0' ? r->from : NULL;
		row[3] = r->to;
		row[4] = r->level;
		row[5] = r->at;
		row[6] = r->deadline[0] != '\0' ? r->deadline : NULL;
		rc = grid_writer_row(rows->w, row, err);
	}
	if (case_rows_close(rows, rc == 0, err) != 0)
		rc = -1;
	return rc;
}

int
case_steps_run(const struct cli_common *c, const char *verb,
    const char *target, const char *const *values, int strict)
{
	struct run run;
	struct case_rows rows;
	struct grid_error err;
	int status = 0, bulk = target != NULL && strcmp(target, "-") == 0;

	memset(&run, 0, sizeof(run));
	run.c = c;
	run.verb = verb;
	run.defaults = values;
	run.strict = strict;
	cli_progress_init(&run.progress, c->quiet);
	if (case_rows_open(&rows, c, change_columns, NCOLUMNS(change_columns),
	    &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if ((run.db = cli_open_db(c, 0, &status)) == NULL) {
		case_rows_close(&rows, 0, NULL);
		return status;
	}
	if (grid_cases_open(run.db, &run.cs, &err) != 0 ||
	    transaction(&run, target, &err) != 0) {
		if (!(bulk && run.strict && err.code == GRID_EDATA))
			cli_error_masked(&err, c->reveal);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
		if (bulk)
			cli_warn("nothing was written: the run was rolled "
			    "back");
		case_rows_close(&rows, 0, NULL);
	} else if (print_changes(&run, &rows, &err) != 0) {
		cli_error(&err);
		status = err.code;
	}
	if (bulk && status == 0 && !c->quiet)
		cli_warn("<stdin>: %ld read, %zu done, %ld rejected", run.read,
		    run.done.n, run.rejected);
	if (status == 0 && run.rejected > 0)
		status = GRID_EDATA;
	grid_cases_close(run.cs);
	grid_db_close(run.db);
	free(run.done.r);
	return status;
}
