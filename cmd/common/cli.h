/*
 * cli.h - what every gridkit tool does the same way: messages on standard
 * error, exit statuses, numbers on the command line, progress on a
 * terminal, outputs written atomically, standard output checked at exit.
 * Part of the tools, never of libgrid.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>

#include "grid/error.h"
#include "grid/writer.h"

/*
 * A message for people, translated in GRID_TEXT_DOMAIN (po/); cli_warn,
 * cli_die, cli_usage_error and report notes translate their formats
 * themselves.  N_ marks a string translated where it is used.
 */
#define _(msgid) dgettext(GRID_TEXT_DOMAIN, msgid)
#define N_(msgid) msgid
/* The singular or plural form for n, in GRID_TEXT_DOMAIN. */
#define P_(one, many, n) dngettext(GRID_TEXT_DOMAIN, one, many, n)

#define GRIDKIT_VERSION "0.1.0"

/*
 * Sets the name messages start with ("grid-import"), and puts the default
 * time zone in force until a database's is (grid/tz.h): the TZ the tool
 * was started with changes no result.
 */
void cli_init(const char *progname);
/* The name messages start with: the tool's, or "tool command". */
const char *cli_progname(void);
/*
 * The command of a tool with several, from now on in every message
 * ("grid-stats population: ..."); cli_dispatch calls it.
 */
void cli_set_command(const char *command);
/*
 * A command begins at argv (argv[0] its name): cli_set_command with it,
 * cli_command() gives it, and argv[0] becomes "tool command", the name
 * getopt's own messages print.  cli_dispatch calls it.
 */
void cli_enter(char **argv);
/* The command entered ("population"), NULL before; borrowed. */
const char *cli_command(void);
/*
 * Who runs the tool, for the logs: $GRID_ACTOR, else $USER, else
 * $LOGNAME, else the user name of the process's uid ("uid N" when it has
 * none).  Borrowed.
 */
const char *cli_actor(void);

/* "prog: source:line: field: text" on standard error. */
void cli_error(const struct grid_error *err);
/*
 * Like cli_error, but unless reveal is set, the quoted values ('...') in
 * the text of an error about a personal field (ID numbers, phones) are
 * masked, as every row-level output of gridkit is (gridkit(7), PERSONAL DATA).
 */
void cli_error_masked(const struct grid_error *err, int reveal);
/*
 * 1 when values of this field are personal (ID numbers, phones): libgrid's
 * grid_field_personal, from the registers' field types.
 */
int cli_personal_field(const char *field);

/* "prog: text" on standard error. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: text", then exit with status. */
void cli_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
/* Prints "prog: text" and "Try 'prog --help'.", exits 64. */
void cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Waits until fd (standard input) has input or its end, reading nothing:
 * a writer reading a pipe takes its write lock only then, so the writer
 * before it in the pipe, which writes only once it has committed, is
 * never blocked by it.
 */
void cli_wait_input(int fd);

/*
 * After getopt has said what was wrong with an option: "Try 'PROG
 * --help'." (PROG the tool, or "tool command"), then exit 64.
 */
void cli_bad_option(void) __attribute__((noreturn));

/* Prints the version line and exits 0. */
void cli_version(void) __attribute__((noreturn));

/* Parses a whole non-negative number for option name; dies 64 if bad. */
long cli_number(const char *name, const char *text, long min, long max);

/*
 * The output formats, one table (format.c): each format's name (-f), its
 * enum grid_format, the extensions of -o that mean it (".ndjson .jsonl"),
 * and its kind: a row format, written by a grid_writer (ndjson, csv, tsv,
 * table, md), or a page format, one html page (grid/html.h).  What a
 * command accepts, the format of an -o file, the -f line of its --help
 * and the message for a format it does not write all follow from it.
 */
enum cli_format_kind {
	CLI_FORMAT_ROWS,
	CLI_FORMAT_PAGE,
	CLI_FORMAT_PLACES	/* geojson: rows with a place (out.c) */
};
struct cli_format_entry {
	const char *name;
	enum grid_format format;
	const char *extensions;		/* space-separated; "" none */
	enum cli_format_kind kind;
	int aligned;	/* rows held to the end to align them (table, md) */
};
extern const struct cli_format_entry cli_formats[];
extern const size_t cli_nformats;

/*
 * What a command writes (struct cli_common's writes), from which the
 * formats it accepts follow: every row format; the page formats too;
 * only row formats written row by row, for a command whose memory must
 * not grow with its input (grid-assign locate: no table, no md); and
 * CLI_WRITES_HELD for a command that changes the database: its standard
 * output is held until the commit (cli_output_open_held).
 */
#define CLI_WRITES_ROWS 0x1u
#define CLI_WRITES_PAGE 0x2u
#define CLI_WRITES_STREAM 0x4u
#define CLI_WRITES_HELD 0x8u
/*
 * CLI_WRITES_PLACES: the rows have places (a column "unit" naming a
 * grid, community, street or district, or columns "x" and "y", a
 * point): -f geojson is accepted, and an html page has a map of the
 * units (cli_out_map_by).
 */
#define CLI_WRITES_PLACES 0x10u
/*
 * CLI_READS_MANY: the command answers for several databases (-d
 * repeated: a city's districts) as for one holding all of them; without
 * it a second -d is a usage error (64).
 */
#define CLI_READS_MANY 0x20u
#define CLI_MAX_DBS 256

/* 1 when a command that writes writes accepts format f. */
int cli_format_accepts(unsigned writes, const struct cli_format_entry *f);

/*
 * "ndjson, csv, tsv, table or md": the formats writes accepts, in table
 * order, into out (n bytes).  Returns out.
 */
const char *cli_format_list(unsigned writes, char *out, size_t n);

/*
 * Checks -f and -o of c against c->writes, before anything is opened:
 * dies 64 with "unknown format 'x' (expected LIST)" for a format the
 * command does not write, when -f and the extension of -o disagree, or
 * when the extension names a format the command does not write.
 */
struct cli_common;
void cli_format_check(const struct cli_common *c);

/*
 * The format -f or the extension of -o asks for (checked as by
 * cli_format_check), GRID_FORMAT_NONE when neither says.
 */
enum grid_format cli_format_asked(const struct cli_common *c);

/*
 * The format of c's output (checked as by cli_format_check): -f, else
 * the extension of -o, else table when out is a terminal and ndjson
 * elsewhere.
 */
enum grid_format cli_format_for(const struct cli_common *c, FILE *out);

/*
 * Prints a usage text to standard output with "{formats}" replaced by
 * the formats writes accepts (cli_format_list), its paragraph (an option
 * and the lines under it) wrapped again to 72 columns.
 */
void cli_usage_print(const char *usage, unsigned writes);

/*
 * Progress on standard error, only when it is a terminal and not quiet:
 * "people.csv: 42% 12.1/28.8 MB, 120000 rows, 51000 rows/s, ETA 3s".
 * Redrawn at most five times a second; cli_progress_done clears it.
 */
struct cli_progress {
	int enabled;
	double start, last;
};
void cli_progress_init(struct cli_progress *p, int quiet);
void cli_progress_show(struct cli_progress *p, const char *name,
    uint64_t done, uint64_t total, long rows);
void cli_progress_done(struct cli_progress *p);

/*
 * An output file written atomically: cli_output_open returns a stream on
 * a temporary file beside path (mode 0600), or standard output when path
 * is NULL or "-"; cli_output_close flushes it and renames it into place
 * (ok non-zero) or removes it (ok zero).  A path that is a device or a
 * pipe (/dev/null) is written in place, never replaced.  Errors: 73 when
 * the file
 * cannot be created, 74 on a write error.
 */
struct cli_output {
	FILE *fp;
	char *path, *tmp;
	int held;	/* standard output held in an unlinked file */
};
int cli_output_open(struct cli_output *o, const char *path,
    struct grid_error *err);
/*
 * The same for a tool that changes the database: standard output is
 * held in a temporary file (unlinked at once, mode 0600, in $TMPDIR) and
 * copied out by cli_output_close only when ok, after the commit; so
 * nothing reaches the next tool of a pipe that was rolled back, not even
 * a CSV header.  A file of -o is written atomically as above.
 */
int cli_output_open_held(struct cli_output *o, const char *path,
    struct grid_error *err);
/*
 * A temporary file for what must wait (rows until a commit, records
 * until a transaction): mode 0600 in $TMPDIR (else /tmp), unlinked at
 * once so nothing is left behind.  Returns a new stream (fclose it), or
 * NULL with err (GRID_EIO, naming the directory).
 */
FILE *cli_temp_file(struct grid_error *err);
int cli_output_close(struct cli_output *o, int ok, struct grid_error *err);

/*
 * The output of a command (out.c), the one path of every tool: the
 * format of -f or -o (cli_format_for, from c->writes), -o written
 * atomically, standard output held until the end for CLI_WRITES_HELD;
 * rows through a grid_writer, or kept for one html page.  Nothing is
 * written before the first row: the writer, and with it a csv header,
 * is made then (or at a successful close: a header without rows); an
 * html page is written at a successful close.  A run that fails first
 * leaves standard output empty and no -o file.
 *
 * A page: the title and subtitle (cli_out_page), the notes and
 * paragraphs, then what the hook draws (charts, from the rows kept:
 * cli_out_nrows, cli_out_cell), then the table of the rows with their
 * labels.  The fields are private.
 */
struct grid_html;
struct cli_out;
typedef int (*cli_out_hook)(void *ctx, struct grid_html *page,
    const struct cli_out *o, struct grid_error *err);
struct cli_out_note {
	char *text;
	int page_only;
};
struct grid_db;
struct grid_map;
struct cli_out {
	struct cli_output file;
	enum grid_format format;
	const struct grid_column *columns;
	const char *const *labels;
	size_t ncolumns;
	struct grid_text_form form;
	int has_form;
	const char *title, *subtitle;
	cli_out_hook hook;
	void *ctx;
	struct cli_out_note *notes;
	size_t nnotes;
	struct grid_writer *w;
	char **cells;			/* html: the rows, row-major */
	size_t nrows, cap;
	int open, failed;
	struct grid_error error;	/* the first failure */
	/* places (CLI_WRITES_PLACES): geojson and the page's map */
	int places, quiet;
	const char *db_path;		/* -d; NULL: the default */
	struct grid_db *db;		/* read-only, opened when needed */
	struct grid_map *map;		/* the grids' polygons */
	long unit, level, x, y;		/* columns of the place; -1 none */
	size_t nfeatures;
	int geo_started;
	struct grid_buf line;		/* geojson: the feature written */
	/* the columns table, md and html show (cli_out_shown) */
	size_t *shown, nshown;
	struct grid_column *shown_columns;
	const char **shown_labels;
	const char **shown_values;	/* a row as shown */
	/* the totals row (cli_out_totals) */
	const struct cli_total *totals;
	size_t ntotals;
	long long *sums;		/* per column */
	unsigned char *whole;		/* per column: 1 every value an */
					/* integer, | 2 one seen */
	char **units;			/* the rows' units, for one row each */
	size_t nunits, units_cap;
};

/*
 * How a column of a unit report adds up in its totals row
 * (cli_out_totals): column is a column's name, or a prefix and '*'
 * ("tag_*": every column that starts with it).  num NULL: a count,
 * summed over the rows.  Else a figure recomputed from summed counts,
 * never averaged: sum(num) * mul / (sum(den) * div), rounded half up to
 * two decimals as libgrid rounds rates, empty when sum(den) is 0; num
 * and den name the counts added up (space-separated names or prefix*),
 * and the figure is empty when one of them is not a column of the rows.
 * A percent is mul 100, div 1; per 1,000 mul 1000; hours from seconds
 * mul 1, div 3600.
 */
struct cli_total {
	const char *column;
	const char *num, *den;
	long mul, div;
};

/*
 * Checks -f and -o (dies 64, cli_format_check), then opens the output of
 * c: -o (atomically), or standard output (held when c->writes has
 * CLI_WRITES_HELD).  Returns 0, or -1 with err (73; a held output: 74).
 */
int cli_out_open(struct cli_out *o, const struct cli_common *c,
    struct grid_error *err);
/* The format of the output, known from cli_out_open on. */
enum grid_format cli_out_format(const struct cli_out *o);
/*
 * For a command whose default format follows its input (grid-assign
 * locate, from cli_format_asked): the format, before the first row.
 */
void cli_out_set_format(struct cli_out *o, enum grid_format format);
/* The stream written to (borrowed), for a command writing its own text. */
FILE *cli_out_stream(const struct cli_out *o);
/*
 * The columns of the rows (borrowed until cli_out_close), and the
 * Chinese labels of an html table's header (NULL: none); before the
 * first row.
 */
void cli_out_columns(struct cli_out *o, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns);
/*
 * geojson: the columns of the rows' point (x, y) when they are not named
 * "x" and "y" (grid-assign locate's lon, 经度, ...); after
 * cli_out_columns.
 */
void cli_out_point(struct cli_out *o, size_t x, size_t y);
/*
 * The columns table, md and html show, by their index in the columns of
 * cli_out_columns (n of them, in the order shown; copied), when they are
 * not all: the rows keep every column for the other formats, the map,
 * the page's hook (cli_out_cell) and the totals.  After
 * cli_out_columns, before the first row.  0, or -1 with err.
 */
int cli_out_shown(struct cli_out *o, const size_t *columns, size_t n,
    struct grid_error *err);
/*
 * A totals row under the rows of table, md and html (never in ndjson,
 * csv, tsv or geojson, whose rows are the units alone): each column as
 * the rule of rules (n of them, borrowed until close) that names it
 * says, a column no rule names empty (keys, scores, grades, ranks),
 * 合计 (table and md outside a Chinese locale: "total") in unit_name
 * (else unit).  Written only when the rows have a column unit, each
 * unit on one row (no cross table), at least two rows, and a shown
 * column has a total.  Before the first row.
 */
void cli_out_totals(struct cli_out *o, const struct cli_total *rules,
    size_t n);
/* csv, tsv: written in form (copied; a sheet back the way it came). */
void cli_out_form(struct cli_out *o, const struct grid_text_form *form);
/*
 * html: the page's title and subtitle (NULL: none; borrowed until
 * close), and the hook (NULL: none) that draws before the table.
 */
void cli_out_page(struct cli_out *o, const char *title,
    const char *subtitle, cli_out_hook hook, void *ctx);
/*
 * A note for people (copied): a line after the rows of table and md, a
 * paragraph under the title of html; ndjson, csv and tsv carry the same
 * facts in their columns.  cli_out_paragraph: html only.  0 or -1.
 */
int cli_out_note(struct cli_out *o, const char *text, struct grid_error *err);
int cli_out_paragraph(struct cli_out *o, const char *text,
    struct grid_error *err);
/*
 * One row of ncolumns values (each NULL or UTF-8 text; copied for html).
 * Returns 0, or -1 with err; after a failure every call fails again.
 */
int cli_out_row(struct cli_out *o, const char *const *values,
    struct grid_error *err);
/*
 * cli_out_row as a row callback of libgrid (ctx the struct cli_out):
 * non-zero, which stops the run, on failure (cli_out_error says why).
 */
int cli_out_row_cb(void *ctx, const char *const *values);
/* The first failure of o, or NULL. */
const struct grid_error *cli_out_error(const struct cli_out *o);
/*
 * The writer of a row format, made now if not yet (its csv header
 * written), for a command that writes text in its form
 * (grid_writer_text).  NULL with err for html or without columns.
 */
struct grid_writer *cli_out_writer(struct cli_out *o,
    struct grid_error *err);
/*
 * --map-by COLUMN of grid-report and grid-stats (NULL: the default):
 * the column an html page's map is coloured by.  The default is the
 * first of score, rate_per_1000, aged_60_share, must_visit_share,
 * remediation_rate and share the rows have, else their first number
 * column; grade colours by grade.  A column the page's rows do not have
 * fails the output (64) before anything is written.  Process-wide: a
 * tool writes one output.
 */
void cli_out_map_by(const char *column);
/* html, for a hook: the rows kept, and one cell (NULL: empty). */
size_t cli_out_nrows(const struct cli_out *o);
const char *cli_out_cell(const struct cli_out *o, size_t row,
    size_t column);
/*
 * Ends the output when ok (the writer finished, table and md notes, the
 * html page) and moves -o into place or releases held standard output;
 * when not ok (or after a failure), removes -o and drops what was held.
 * Returns 0, or -1 with err.  A closed or never opened o: 0.
 */
int cli_out_close(struct cli_out *o, int ok, struct grid_error *err);

/*
 * What -q means in every tool, for the help texts (and the man pages say
 * the same): no summary, progress or notes on standard error; errors,
 * messages about rows and the one-time notice of a database given a time
 * zone remain.
 */
#define CLI_HELP_QUIET \
"  -q, --quiet            no summary, progress or notes on standard\n" \
"                         error; errors and messages about rows remain\n"

/* Options every command of every tool takes (gridkit(7), CONVENTIONS). */
struct cli_common {
	const char *db;		/* -d, --db: the first */
	const char *dbs[CLI_MAX_DBS];	/* every -d, in order */
	int ndbs;
	const char *format;	/* -f, --format */
	const char *output;	/* -o, --output */
	int quiet;		/* -q, --quiet */
	int reveal;		/* --reveal */
	int wide;		/* --wide (CLI_WIDE_LONG) */
	unsigned writes;	/* CLI_WRITES_*: set before the options */
};

#define CLI_COMMON_SHORT "d:f:o:qh"
#define CLI_OPT_REVEAL 1000
#define CLI_OPT_VERSION 1001
#define CLI_OPT_WIDE 1002
#define CLI_COMMON_LONG \
	{ "db", required_argument, NULL, 'd' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "reveal", no_argument, NULL, CLI_OPT_REVEAL }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

/*
 * --wide, for a command that writes rows (table): in its long options
 * beside CLI_COMMON_LONG, and CLI_HELP_WIDE in its --help.
 */
#define CLI_WIDE_LONG { "wide", no_argument, NULL, CLI_OPT_WIDE }
#define CLI_HELP_WIDE \
"      --wide             table: every column, however wide (default:\n" \
"                         the main columns that fit the terminal)\n"

/*
 * The width a table is fitted to (gridkit(7), TABLES ON A TERMINAL): 0,
 * no limit, with --wide; else, when the output is standard output and a
 * terminal, the terminal's width (TIOCGWINSZ), else $COLUMNS, else 80;
 * when it is a pipe or a file (-o), $COLUMNS when set, else no limit.
 * From the options cli_common_option saw last.
 */
size_t cli_table_width(void);

/*
 * The table is never fitted (cli_table_width 0, as with --wide): for a
 * table of fields and their values (grid-case show), whose lines wrap
 * on a narrow terminal rather than lose the values.
 */
void cli_table_whole(void);

/*
 * The width of standard error's terminal for a line of progress: its
 * width (TIOCGWINSZ), else $COLUMNS, else 80.
 */
size_t cli_stderr_width(void);

/*
 * 1 when messages are in Chinese: the locale of messages (LC_ALL,
 * LC_MESSAGES, LANG; LANGUAGE when that is not C) is zh_*.
 */
int cli_chinese(void);

/*
 * The main columns of the table the command writes (NULL-ended, in the
 * order a narrow terminal keeps them; borrowed, static or until the
 * output is closed; NULL, the default: every column in its order), for
 * cli_table_fit.
 */
void cli_table_main(const char *const *names);

/*
 * Fits a table writer w to cli_table_width (grid_writer_fit): its main
 * columns (cli_table_main) that fit, a note on standard error (unless -q) naming those
 * left out, and under a Chinese locale (cli_chinese) the headers of
 * labels (ncolumns of them, the html labels; NULL, or a NULL entry: the
 * column's key).  Other formats: nothing.  Returns 0 or -1 with err.
 */
int cli_table_fit(struct grid_writer *w, const char *const *labels,
    struct grid_error *err);

/*
 * getopt_long, plus a hidden option for the documentation tests (as
 * git's --git-completion-helper): when an argument before "--" is
 * exactly "--list-options", prints every long option of longopts as
 * "--name", one per line in table order, and nothing else, then exits 0.
 * It is deliberately absent from --help, the man pages and the
 * completions: a test's way to read a command's options from its own
 * table.  (cli_dispatch's "--list-commands" is its twin for commands.)
 * Its other difference: getopt's own messages are replaced by one shape
 * of usage error, "PROG: --db: needs a value", "PROG: --nope: unknown
 * option", "PROG: --quiet: takes no value", then "Try 'PROG --help'.",
 * exit 64 (cli_usage_error): it never returns '?' or ':'.
 */
int cli_getopt_long(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts, int *longindex);

/*
 * Handles an option of struct cli_common (from getopt_long with
 * CLI_COMMON_SHORT and CLI_COMMON_LONG, and CLI_WIDE_LONG): returns 1
 * when opt was one of them, else 0.  usage is printed for -h (cli_usage_print, its
 * {formats} those of c->writes), then the tool exits 0; --version prints
 * the version and exits.
 */
int cli_common_option(struct cli_common *c, int opt, const char *arg,
    const char *usage);

/*
 * Opens the database of -d (never creating it: only grid-import makes
 * one), read-only or not.  Prints the error and returns NULL with
 * *status on failure.
 */
struct grid_db;
struct grid_db *cli_open_db(const struct cli_common *c, int readonly,
    int *status);

/* A command of a tool with several (grid-assign boundaries, ...). */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);	/* argv[0] is the name */
};

/*
 * Runs the command argv[1] names, with argv + 1 (whose argv[0] is then
 * "tool command", for getopt's messages: the command's name is
 * cli_command()), and returns its status
 * through cli_finish; -h/--help prints usage, --version the version.
 * Dies 64 when argv[1] is missing ("no NOUN (list)") or names no
 * command of the table ("unknown NOUN 'x'").  A hidden argv[1] of
 * "--list-commands" (for the documentation tests, absent from --help and
 * the man pages) prints every command name of the table, one per line in
 * table order, and exits 0.
 */
int cli_dispatch(int argc, char **argv, const struct cli_command *commands,
    size_t ncommands, const char *usage, const char *noun,
    const char *list);

/*
 * Flushes and checks standard output; prints the error and returns 74
 * when it failed (a full disk), else status.
 */
int cli_finish(int status);

/* last: after every system header */
#include "banned.h"

#endif
