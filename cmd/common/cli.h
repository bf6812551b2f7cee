/*
 * cli.h - what every gridkit tool does the same way: messages on standard
 * error, exit statuses, numbers on the command line, progress on a
 * terminal, outputs written atomically, standard output checked at exit.
 * Part of the tools, never of libgrid.
 */
#ifndef CLI_H
#define CLI_H

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
 * The path of -o (cli_common_option calls it): cli_format takes the
 * format from its extension (.ndjson .jsonl .csv .tsv .md .html .htm)
 * when -f is not given, and refuses -f naming another format (64).
 */
void cli_set_output(const char *path);
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
/* 1 when values of this field are personal (ID numbers, phones). */
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
 * The output format from -f, else from the extension of -o (see
 * cli_set_output), else table on a terminal and ndjson elsewhere.
 * allowed is a NULL-terminated list of format names; dies 64 for a name
 * not in it, an extension naming a format not in it, or -f and -o
 * disagreeing.
 */
enum grid_format cli_format(const char *name, const char *const *allowed,
    FILE *out);

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
 * What -q means in every tool, for the help texts (and the man pages say
 * the same): no summary, progress or notes on standard error; errors,
 * messages about rows and the one-time notice of a database given a time
 * zone remain.
 */
#define CLI_HELP_QUIET \
"  -q, --quiet            no summary, progress or notes on standard\n" \
"                         error; errors and messages about rows remain\n"

/* Options every command of every tool takes (SPEC "Every tool"). */
struct cli_common {
	const char *db;		/* -d, --db */
	const char *format;	/* -f, --format */
	const char *output;	/* -o, --output */
	int quiet;		/* -q, --quiet */
	int reveal;		/* --reveal */
};

#define CLI_COMMON_SHORT "d:f:o:qh"
#define CLI_OPT_REVEAL 1000
#define CLI_OPT_VERSION 1001
#define CLI_COMMON_LONG \
	{ "db", required_argument, NULL, 'd' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "reveal", no_argument, NULL, CLI_OPT_REVEAL }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

/*
 * Handles an option of struct cli_common (from getopt_long with
 * CLI_COMMON_SHORT and CLI_COMMON_LONG): returns 1 when opt was one of
 * them, else 0.  usage is printed for -h, then the tool exits 0;
 * --version prints the version and exits.
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
 * command of the table ("unknown NOUN 'x'").
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
