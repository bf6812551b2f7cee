/*
 * grid-case.h - the subcommands of grid-case and what they share.  The
 * rules of the life cycle are libgrid's (grid/cases.h), and so are the
 * queries that read cases (grid/case_query.h); the tool only reads
 * options and records, calls libgrid, and prints.  See grid-case(1).
 *
 * Every command that changes the database prints only what it
 * committed: its rows go to a temporary file (spool.c) during the
 * transaction and are printed after the commit; records on standard
 * input are all read (input.c) before the transaction begins, so a
 * writer at the head of a pipe never waits for the one reading it.
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
/* desk.c: status ID (the requester's view), categories, departments. */
int case_status(int argc, char **argv);
int case_categories(int argc, char **argv);
int case_departments(int argc, char **argv);
/*
 * list.c: the text of a time option (--from, --to) once it parses as a
 * time (grid_time_parse); dies 64 naming option when not.
 */
const char *case_time_option(const char *option, const char *text);
/*
 * feed.c: feed (the cases changed since a cursor), services and
 * requests (Open311 GeoReport v2).
 */
int case_feed(int argc, char **argv);
int case_services(int argc, char **argv);
int case_requests(int argc, char **argv);
/*
 * attach.c: attach (the evidence of a case, grid/attach.h), attachments
 * (their rows) and media (the bytes of one back from the archive).
 */
int case_attach(int argc, char **argv);
int case_attachments(int argc, char **argv);
int case_media(int argc, char **argv);
int case_import(int argc, char **argv);	/* exchange.c */
/*
 * petition.c: a petition's record (grid/petitions.h): petition (its
 * details), accept, answer, review, follow-through; and show's lines of
 * a petition (table and md): 0, or -1 with err; ID numbers masked
 * unless reveal.
 */
int case_petition(int argc, char **argv);
int case_accept(int argc, char **argv);
int case_answer(int argc, char **argv);
int case_review(int argc, char **argv);
int case_follow_through(int argc, char **argv);
struct case_rows;
int case_petition_lines(struct grid_db *db, const char *id,
    struct case_rows *rows, int reveal, struct grid_error *err);

/* 1 when name is a step verb (report, register, ...). */
int case_is_step(const char *name);
/*
 * --reveal (show.c): one reveal row per case in case_log, with note, in
 * one transaction committed before anything is shown.  0, or -1 with err.
 */
int case_log_reveals(struct grid_db *db, char **ids, const char *note,
    struct grid_error *err);

/*
 * A step as the command line or a record gives it: one text per field
 * (steps.c names them, as the long options and the record keys), NULL
 * when not given.  Record fields override the command line's.
 */
#define CASE_NFIELDS 32
#define CASE_FIELD_ID 0		/* the field of the case's id */
struct grid_case_step;
struct grid_case_report;

/* The field of a record key for verb, or -1 (not one of its fields). */
int case_field_index(const char *verb, const char *key);
/*
 * 1 when key means something to grid-case: a field of any verb, or a
 * column of what grid-case prints (cases, list, show, log, the steps,
 * sweep, similar), so that its rows can be fed to a step.
 */
int case_key_known(const char *key);
/*
 * Fills step and report (their pointers borrowed from values) for verb.
 * Returns 0, or -1 with err (GRID_EDATA, the field) for a bad flag.
 */
int case_step_build(const char *verb, const char *const *values,
    struct grid_case_step *step, struct grid_case_report *report,
    struct grid_error *err);

/*
 * What a command takes from the keys of a record (input.c): field(verb,
 * key), the index in values of the field key gives verb, or -1 (not
 * one of its fields); known(key), 1 when key means something to
 * grid-case (else it is named once as unknown).  case_step_keys: the
 * steps' (case_field_index, case_key_known).
 */
struct case_keys {
	int (*field)(const char *verb, const char *key);
	int (*known)(const char *key);
};
extern const struct case_keys case_step_keys;

/*
 * How a step runs: from the command line of steps.c, or of another
 * command that takes '-' (dispute.c) with its own keys, rows and
 * apply: apply(ctx, db, values, held, err) does one case's work from
 * its fields and holds its rows in held (columns); 0, or -1 with err
 * (GRID_EDATA or GRID_EUSAGE: the record is refused, nothing written
 * of it).
 */
struct case_held;
struct case_run {
	const char *verb;
	const char *target;	/* an id, "-" for records, NULL (report) */
	const char *const *values;	/* CASE_NFIELDS, the defaults */
	int strict;		/* with -: the first bad record aborts */
	int dry_run;		/* everything but the commit */
	const struct case_keys *keys;	/* NULL: case_step_keys */
	int (*apply)(void *ctx, struct grid_db *db,
	    const char *const *values, struct case_held *held,
	    struct grid_error *err);	/* NULL: the step, grid_case_apply */
	void *ctx;
	const struct grid_column *columns;	/* apply's rows */
	size_t ncolumns;
};
/*
 * Runs a step (apply.c): on one case, or on every record of standard
 * input, in one transaction.  Returns the exit status.
 */
int case_steps_run(const struct cli_common *c, const struct case_run *run);

/*
 * Records on standard input (input.c), read to the end into a spool
 * before anything is written: NDJSON, CSV or TSV with a header (what
 * -f csv and -f tsv print), or bare ids one a line, told apart by
 * content; plain or gzip.  Keys that mean nothing to grid-case are
 * named once each (a warning; with strict a rejected record).
 */
struct case_input;
/*
 * Reads all of standard input for verb, its fields by keys (borrowed;
 * NULL: case_step_keys).  Returns a new input (free with
 * case_input_free), or NULL with err: input that cannot be read on
 * (bad bytes, a record too long, a read error).
 */
struct case_input *case_input_read(const char *verb,
    const struct case_keys *keys, int strict, int quiet,
    struct grid_error *err);
/*
 * The next entry, in input order: CASE_INPUT_RECORD and its fields in
 * values (CASE_NFIELDS, borrowed until the next call; fields it does
 * not give left as they were); CASE_INPUT_REJECTED, err naming its line
 * and reason; CASE_INPUT_WARNING, a warning to print (err, code 0); 0
 * at the end; -1 with err when the spool cannot be read.  *line is the
 * record's line.
 */
enum { CASE_INPUT_RECORD = 1, CASE_INPUT_REJECTED, CASE_INPUT_WARNING };
int case_input_next(struct case_input *in, const char **values,
    long *line, struct grid_error *err);
/* Records read so far (good and rejected). */
long case_input_count(const struct case_input *in);
void case_input_free(struct case_input *in);

/*
 * Spools (spool.c) on temporary files of cli_temp_file (unlinked at
 * once, mode 0600, in $TMPDIR), so memory stays flat however much is
 * held.  case_spool_put and case_spool_get write and read n
 * bytes: 0, or -1 with err (case_spool_get: 1 at a clean end).
 */
int case_spool_put(FILE *fp, const void *data, size_t n,
    struct grid_error *err);
int case_spool_get(FILE *fp, void *data, size_t n, struct grid_error *err);
/* Writes and reads a text (NULL allowed): 0 or -1 with err. */
int case_spool_put_text(FILE *fp, const char *text, struct grid_error *err);
/*
 * Reads a text written by case_spool_put_text into *buf (grown, at most
 * max bytes; the caller frees), *text pointing into it or NULL.
 */
int case_spool_get_text(FILE *fp, char **buf, size_t *cap, size_t max,
    char **text, struct grid_error *err);
/* Empties the spool for a new start.  0 or -1 with err. */
int case_spool_reset(FILE *fp, struct grid_error *err);

/*
 * Rows held until a commit: a spool of rows of ncolumns texts each.
 * case_held_row adds one; case_held_print writes them all to rows.
 * 0, or -1 with err.
 */
struct case_held {
	FILE *fp;
	size_t ncolumns;
	long n;
};
struct case_rows;
int case_held_init(struct case_held *h, size_t ncolumns,
    struct grid_error *err);
int case_held_row(struct case_held *h, const char *const *row,
    struct grid_error *err);
int case_held_print(struct case_held *h, struct case_rows *rows,
    struct grid_error *err);
int case_held_reset(struct case_held *h, struct grid_error *err);
void case_held_release(struct case_held *h);

/*
 * The scaffolding of the commands on a case's own records (command.c:
 * attach.c, dispute.c, petition.c use it).
 *
 * case_options: the option loop: the common options (cli_common_option,
 * usage for -h), then option(ctx, opt, arg) for each other one, which
 * returns 0 for an option that is not the command's (exit 64; option
 * NULL: the common options alone).  Exits 64 when no operand follows
 * ("which case? no ID given").  Returns the index in argv of the first
 * operand, the case's id.
 */
struct option;
int case_options(struct cli_common *c, int argc, char **argv,
    const char *shortopts, const struct option *longopts, const char *usage,
    int (*option)(void *ctx, int opt, char *arg), void *ctx);
/*
 * Runs write(db, ctx, err) in a transaction, committed when it worked
 * and commit is set, else rolled back (a dry run, nothing to write).
 * 0, or -1 with err.
 */
int case_write_transaction(struct grid_db *db, int commit,
    int (*write)(struct grid_db *db, void *ctx, struct grid_error *err),
    void *ctx, struct grid_error *err);
/*
 * A command that writes and prints the rows it committed
 * (case_write_command): checks -f and -o, opens the rows with columns,
 * the database (read-only when read_only), then runs write(db, ctx,
 * err), which holds its rows in held (initialised here, case_held_row)
 * and commits or rolls back itself; then prints the held rows and, on a
 * dry run, says nothing was written.  Returns the exit status, its
 * error printed (through cli_error_masked when masked).
 */
struct case_writer {
	const struct grid_column *columns;
	size_t ncolumns;
	int read_only;		/* nothing to write */
	int dry_run;		/* -n */
	int masked;		/* personal values in errors masked */
	struct case_held *held;	/* borrowed; released at the end */
	int (*write)(struct grid_db *db, void *ctx, struct grid_error *err);
	void *ctx;
};
int case_write_command(const struct cli_common *c,
    const struct case_writer *w);
/*
 * A command that lists the rows of the cases given (case_list_command:
 * attachments, parties): its options (the common ones of longopts;
 * c.writes set to writes), then, the database opened read-only unless
 * --reveal, check(db, id, err) of every id (0, or -1 with err), the
 * reveal recorded in case_log with reveal_note (case_log_reveals), the
 * rows opened with columns, and list(db, id, rows, reveal, err) of each
 * (0, or -1 with err).  Returns the exit status, its error printed.
 */
struct case_lister {
	const char *usage;
	const struct option *longopts;
	unsigned writes;		/* CLI_WRITES_* */
	const struct grid_column *columns;
	size_t ncolumns;
	const char *reveal_note;
	int (*check)(struct grid_db *db, const char *id,
	    struct grid_error *err);
	int (*list)(struct grid_db *db, const char *id,
	    struct case_rows *rows, int reveal, struct grid_error *err);
};
int case_list_command(int argc, char **argv, const struct case_lister *l);

/*
 * The help lines of the common options, for every usage text: {formats}
 * is the list of cli_format_list (cli_usage_print).  CASE_COMMON_HELP
 * for the commands whose rows start with a case's id, which take -f id
 * too; CASE_COMMON_HELP_ROWS for the others.
 */
#define CASE_HELP_DB \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
#define CASE_HELP_REST \
"  -o, --output FILE      write the rows to FILE (atomically)\n" \
CLI_HELP_QUIET \
"      --reveal           reporters and phone numbers unmasked\n" \
"  -h, --help             this help\n" \
"      --version          version\n"
#define CASE_COMMON_HELP \
CASE_HELP_DB \
"  -f, --format FMT       {formats} (default: table on a terminal,\n" \
"                         else ndjson); id: the ids alone, one a line\n" \
CASE_HELP_REST
/* list, show and log: -d may be repeated (CLI_READS_MANY). */
#define CASE_COMMON_HELP_MANY \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db);\n" \
"                         repeated: the cases of every one, as of one\n" \
"                         database holding all (a city's districts)\n" \
"  -f, --format FMT       {formats} (default: table on a terminal,\n" \
"                         else ndjson); id: the ids alone, one a line\n" \
CLI_HELP_WIDE \
CASE_HELP_REST
#define CASE_COMMON_HELP_ROWS \
CASE_HELP_DB \
"  -f, --format FMT       {formats} (default: table on a terminal,\n" \
"                         else ndjson)\n" \
CASE_HELP_REST

/* The dry-run option of the commands that write. */
#define CASE_DRY_RUN_HELP \
"  -n, --dry-run          check and print everything, write nothing\n"

/*
 * The long options a writer of a case's records that prints nothing
 * personal ends with (attach, petition, accept, ...): --dry-run, and
 * CLI_COMMON_LONG but --reveal; then the end of the table.
 */
#define CASE_WRITER_LONG \
	{ "dry-run", no_argument, NULL, 'n' }, \
	{ "db", required_argument, NULL, 'd' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }

/*
 * Usage errors: cli_bad_option after getopt, cli_usage_error otherwise;
 * messages start "grid-case VERB:" (cli_enter).  Who works the cases
 * when --actor is not given: cli_actor().
 */

/*
 * Rows to standard output or -o FILE (rows.c), through the one output
 * path of the tools (struct cli_out, common/cli.h), in the format of -f
 * or -o, or with -f id the first column alone (the id), a case's rows
 * one after the other once.  The command sets c->writes before parsing
 * its options (CLI_WRITES_ROWS: standard output is not held by cli_out,
 * grid-case's writers hold their rows themselves until the commit,
 * struct case_held).  case_rows_check dies 64 on a bad -f or -o: call
 * it before anything is done.  case_rows_open opens the output only (73
 * when it cannot be created); columns may be given later, before the
 * first row, with case_rows_columns (show chooses them by the format).
 * Nothing is written before the first row, so a run that fails before
 * it prints nothing, not even a header.  case_rows_close finishes the
 * rows when ok (a header even without rows, unless header_if_empty is
 * cleared) and puts the file in place, or removes it.  Each returns 0,
 * or -1 with err.
 */
struct case_rows {
	struct cli_out o;
	const char *path;	/* -o, borrowed from c; NULL: stdout */
	const struct grid_column *columns;
	size_t ncolumns;
	int open, ids, started, header_if_empty;
	long written;
	char last_id[128];
};
void case_rows_check(const struct cli_common *c);
int case_rows_open(struct case_rows *r, const struct cli_common *c,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err);
void case_rows_columns(struct case_rows *r,
    const struct grid_column *columns, size_t ncolumns);
/* The format of the rows (GRID_FORMAT_NONE for -f id); after open. */
enum grid_format case_rows_format(const struct case_rows *r);
/* The path of -o, or NULL for standard output. */
const char *case_rows_path(const struct case_rows *r);
int case_rows_write(struct case_rows *r, const char *const *row,
    struct grid_error *err);
int case_rows_close(struct case_rows *r, int ok, struct grid_error *err);

/*
 * Where the row callbacks of libgrid's case queries (grid/case_query.h)
 * write: rows, as show's options want them (c, vertical), and the error
 * of a write that failed, which stopped the query (libgrid then fails
 * with code 0).  case_sink_init points s at rows and c (borrowed).
 * case_sink_fail prints the error of a query that failed with err (the
 * write's when it stopped it) and returns the exit status.
 */
struct case_sink {
	struct case_rows *rows;
	const struct cli_common *c;
	int vertical;		/* show: one row per field */
	struct grid_error err;
};
void case_sink_init(struct case_sink *s, struct case_rows *rows,
    const struct cli_common *c);
int case_sink_fail(const struct case_sink *s, struct grid_error *err);

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
