/*
 * grid-case.h - the subcommands of grid-case and what they share.  The
 * rules of the life cycle are libgrid's (grid/cases.h); the tool only
 * reads options and records, calls it, and prints.  See grid-case(1).
 */
#ifndef GRID_CASE_H
#define GRID_CASE_H

#include <stdio.h>

#include "common/cli.h"
#include "grid/db.h"
#include "grid/writer.h"

/*
 * Each subcommand: argv[0] is its name; returns the exit status.
 * steps.c and apply.c: report and every step of the life cycle;
 * show.c: show, log; list.c: list, similar; sweep.c: sweep.
 */
int case_step(int argc, char **argv);
int case_show(int argc, char **argv);
int case_log(int argc, char **argv);
int case_list(int argc, char **argv);
int case_similar(int argc, char **argv);
int case_sweep(int argc, char **argv);

/* 1 when name is a step verb (report, register, ...). */
int case_is_step(const char *name);

/*
 * A step as the command line or an NDJSON record gives it: one text per
 * field (steps.c names them, as the long options and the record keys),
 * NULL when not given.  Record fields override the command line's.
 */
#define CASE_NFIELDS 32
struct case_steps;
struct grid_case_step;
struct grid_case_report;

/* The field of a record key for verb, or -1 (not one of its fields). */
int case_field_index(const char *verb, const char *key);
/*
 * Fills step and report (their pointers borrowed from values) for verb.
 * Returns 0, or -1 with err (GRID_EDATA, the field) for a bad flag.
 */
int case_step_build(const char *verb, const char *const *values,
    struct grid_case_step *step, struct grid_case_report *report,
    struct grid_error *err);
/*
 * Runs verb on target (a case id, or "-" for records on standard input;
 * NULL for report without records) with the command line's values.
 * apply.c.  Returns the exit status.
 */
int case_steps_run(const struct cli_common *c, const char *verb,
    const char *target, const char *const *values, int strict);

/* The help lines of the common options, for every usage text. */
#define CASE_COMMON_HELP \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n" \
"  -f, --format FMT       ndjson, csv, tsv, table or md (default: table\n" \
"                         on a terminal, else ndjson)\n" \
"  -o, --output FILE      write the rows to FILE (atomically)\n" \
"  -q, --quiet            no summary on standard error\n" \
"      --reveal           reporters and phone numbers unmasked\n" \
"  -h, --help             this help\n" \
"      --version          version\n"

/*
 * Who works the cases when --actor is not given: $GRID_ACTOR, else the
 * login name ($USER when there is none).  Borrowed; NULL when unknown.
 */
const char *case_default_actor(void);

/* Dies 64 with "Try 'grid-case VERB --help'." */
void case_bad_option(const char *verb) __attribute__((noreturn));

/*
 * Rows to standard output or -o FILE, in -f's format.  case_rows_open
 * dies 64 on a bad format; returns 0, or -1 with err.  case_rows_close
 * finishes the rows (when ok) and puts the file in place or removes it;
 * returns 0, or -1 with err.  Both take NULL-safe pointers.
 */
struct case_rows {
	struct cli_output out;
	struct grid_writer *w;
	int open;
};
int case_rows_open(struct case_rows *r, const struct cli_common *c,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err);
int case_rows_close(struct case_rows *r, int ok, struct grid_error *err);

/*
 * The reporter as outputs show it: unless reveal, an ID number (18 or 15
 * characters) or a phone number (7 digits or more) masked into out (size
 * n); anything else (a name, a worker's id) as it is.  Returns out, or
 * text when not masked.
 */
const char *case_mask_text(const char *text, int reveal, char *out,
    size_t n);

#define NCOLUMNS(a) (sizeof(a) / sizeof((a)[0]))

#endif
