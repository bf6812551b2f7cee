/*
 * grid-report.h - the commands of grid-report and what they share.  The
 * figures are libgrid's (grid/metrics.h, grid/metrics_row.h); the tool
 * reads options, computes, and prints.  See grid-report(1).
 */
#ifndef GRID_REPORT_H
#define GRID_REPORT_H

#include <stddef.h>

#include "common/cli.h"
#include "grid/html.h"
#include "grid/metrics.h"
#include "grid/writer.h"

/* Each command: argv[0] is its name; returns the exit status. */
int report_monthly(int argc, char **argv);	/* monthly.c */
int report_annual(int argc, char **argv);	/* annual.c */
int report_merge(int argc, char **argv);	/* merge.c */

/*
 * grid-report merge of annual reports (annual.c): rows of the same level
 * and year, each unit in one report only (an annual row carries its
 * months' scores, not the counts a sum of two needs), ranked together
 * with the grade bounds of set.  report_annual_is_annual: 1 when a
 * record's names are an annual report's (year, no month).
 * report_annual_add reads a record (0, or -1 with err: GRID_EDATA, the
 * field).
 */
struct annual;
struct annual *report_annual_new(const struct grid_metrics_settings *set);
int report_annual_is_annual(const char *const *names, size_t n);
int report_annual_add(struct annual *a, const char *const *names,
    const char *const *values, size_t n, struct grid_error *err);
int report_annual_print_merged(const struct cli_common *c, int wide,
    struct annual *a, struct grid_error *err);
void report_annual_free(struct annual *a);

/*
 * The help lines of the options every command takes; monthly and annual
 * take -d repeated (REPORT_MANY_HELP).
 */
#define REPORT_DB_HELP \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
/* The options of a command taking -d repeated: -j too. */
#define REPORT_MANY_SHORT CLI_COMMON_SHORT "j:"
#define REPORT_JOBS_LONG { "jobs", required_argument, NULL, 'j' }
#define REPORT_MANY_HELP \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db);\n" \
"                         repeated: the report of them all, as of one\n" \
"                         database holding every one (a city's\n" \
"                         districts: gridkit-city(7))\n" \
"  -j, --jobs N           with several -d: databases read at once, each\n" \
"                         by a process of its own (default: the\n" \
"                         processors online; 1: one after another)\n" \
REPORT_REST_HELP
#define REPORT_COMMON_HELP REPORT_DB_HELP REPORT_REST_HELP
#define REPORT_REST_HELP \
"  -f, --format FMT       {formats} (default:\n" \
"                         table on a terminal, else ndjson)\n" \
"  -o, --output FILE      write the report to FILE (atomically); nothing\n" \
"                         is printed on success\n" \
"      --wide             table, md, html: every column (default: the\n" \
"                         main ones; ndjson, csv and tsv have all)\n" \
CLI_HELP_QUIET \
"      --reveal           accepted; reports hold no personal data\n" \
"  -h, --help             this help\n" \
"      --version          version\n"


/*
 * A report to print: ncolumns columns with their labels; nrows rows,
 * whose values row() writes into values[ncolumns] (borrowed until the
 * next call); compact lists the columns that table, md and html show
 * without --wide.  page() (NULL: none) writes the charts of the html
 * page before its table.  notes (nnotes of them) are for people: lines
 * after the table of table and md, paragraphs under the title of html;
 * ndjson, csv and tsv carry the same facts in their columns.
 */
struct report_rows {
	const struct grid_column *columns;
	const char *const *labels;
	size_t ncolumns;
	const int *compact;
	size_t ncompact;
	size_t nrows;
	void (*row)(void *ctx, size_t i, const char **values);
	int (*page)(void *ctx, struct grid_html *h, struct grid_error *err);
	void *ctx;
	const char *title;		/* html: the page's title */
	const char *subtitle;		/* html: the line under it */
	const char *const *notes;
	size_t nnotes;
	const char *const *facts;	/* html: what the page is (below) */
	size_t nfacts;
};

/*
 * What an html page says it is, under its title (struct report_rows
 * facts): the level and period, when it was made and the data it holds
 * (to the end of the period, or to today when partial), the weights of
 * the level's score and the grade bounds.
 */
#define REPORT_MAX_FACTS 3
struct report_facts {
	char text[REPORT_MAX_FACTS][512];
	const char *list[REPORT_MAX_FACTS];
	size_t n;
};

/*
 * Fills f for a report at level of period ("2026-05", "2026"), whose data
 * run to data_to (YYYY-MM-DD; NULL: the period's last day), with the
 * weights and grades of set.
 */
void report_facts(struct report_facts *f, enum grid_metrics_level level,
    const char *period, const char *data_to,
    const struct grid_metrics_settings *set);

/*
 * The notes of a report (struct report_rows), built in place.  Each is
 * one of the fixed sentences of output.c and annual.c with dates and
 * numbers in it: under 400 bytes, so none is cut.
 */
#define REPORT_MAX_NOTES 3
struct report_notes {
	char text[REPORT_MAX_NOTES][512];
	const char *list[REPORT_MAX_NOTES];
	size_t n;
};

/* Adds a note (dropped past REPORT_MAX_NOTES). */
void report_note(struct report_notes *notes, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The notes of a monthly report (monthly, merge) of n rows at level for
 * month: when partial, that the month was in progress (to today, NULL:
 * "when reported"); when no row is scored, that the month has nothing to
 * assess; when some are not, how many and that they are listed last.
 */
void report_month_notes(struct report_notes *notes,
    const struct grid_metrics_row *rows, size_t n,
    enum grid_metrics_level level, const char *month, int partial,
    const char *today);

/*
 * Today's local date, YYYY-MM-DD, into today (size >= 11); dies with
 * the error of grid_today (a bad GRID_NOW: 64).
 */
void report_today(char *today, size_t size);

/*
 * Prints rows to standard output or -o (atomically) in -f's format,
 * through struct cli_out.  Returns 0, or -1 with err.  The format was
 * checked before (report_format).
 */
int report_print(const struct cli_common *c, int wide,
    const struct report_rows *rows, struct grid_error *err);

/*
 * Sets what every command writes (rows and the html page) and checks -f
 * and -o against it (dies 64): before the database is opened.
 */
void report_format(struct cli_common *c);

/*
 * Fills index[] (room for GRID_METRICS_NCOLUMN) with the columns table,
 * md and html show without --wide for rows of level (monthly, merge);
 * returns how many.  Also gives cli_table_main the order in which a
 * table on a narrow terminal keeps them.
 */
size_t report_main_columns(enum grid_metrics_level level, int *index);

/* Reads --by; dies 64 when it is not a level. */
enum grid_metrics_level report_level(const char *name);

/*
 * The html trend chart of the rates the level is scored on, of all
 * units of level together (those in the area in, when not NULL) in the
 * 12 months ending with a month: closure and on-time closure (places),
 * handling and on-time handling (departments), valid reports and on-time
 * checks (workers); a month with no denominator shows 无考核数据
 * instead of a point.  The counts are summed over every database given
 * (report_trend_add, one database at a time), then drawn.
 */
struct report_trend {
	char months[12][8];		/* the oldest first */
	long long den[12], num0[12], num1[12], den1[12];
};
/* Empties t for the 12 months ending with month. */
void report_trend_init(struct report_trend *t, const char *month);
/* Adds db's counts of the 12 months.  0, or -1 with err. */
int report_trend_add(struct report_trend *t, struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *in, struct grid_error *err);
/* Adds the sums of part (the same months) to t's. */
void report_trend_sum(struct report_trend *t, const struct report_trend *part);
/* Draws the chart of t's sums.  0, or -1 with err. */
int report_trend(const struct report_trend *t, enum grid_metrics_level level,
    struct grid_html *h, struct grid_error *err);

/*
 * What one database gives a report: its rows of n months (owned), and
 * for html its trend's sums (has_trend).
 */
struct report_part {
	size_t n;
	struct grid_metrics *m[12];
	int has_trend;
	struct report_trend trend;
};
/*
 * p's trend (has_trend): db's sums of the 12 months ending with month
 * (report_trend_add).  0, or -1 with err.
 */
int report_part_trend(struct report_part *part, struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *in, const char *month,
    struct grid_error *err);
/* Frees p's months; p empty after. */
void report_part_free(struct report_part *p);
/* p through a pipe to a process of this build, and back into a new
 * part (p emptied first).  0, or -1 with err. */
int report_part_send(int fd, const struct report_part *p,
    struct grid_error *err);
int report_part_receive(int fd, struct report_part *p,
    struct grid_error *err);

/*
 * A report over the databases: compute gives one database's part (in a
 * worker process with -j), add takes it over into ctx, in the order of
 * the databases; jobs, -j: how many are read at once (0: the processors
 * online).
 */
struct report_each {
	int (*compute)(void *ctx, struct grid_db *db,
	    const struct grid_calendar *cal, struct report_part *part,
	    struct grid_error *err);
	int (*add)(void *ctx, struct report_part *part,
	    struct grid_error *err);
	void *ctx;
	int jobs;
};


/*
 * The databases of -d (every one given, in order; $GRID_DB or ./grid.db
 * when none), read-only: each is opened, its settings (grid/metrics.h)
 * and working calendar loaded, then its part computed and added
 * (each), and the database closed, so that memory does not grow with
 * the number of databases.  With several, each->jobs worker processes
 * (-j) compute the parts of as many databases at once, each opening its
 * own, and the parts are added in the databases' order: the same
 * report, in less time, with memory growing with the jobs, not the
 * databases.  The weights, grade bounds, time limits, worker quota and
 * time zone of every database must be the first's (refused, 65, naming
 * the database and the setting: a city's figures have one rule); set
 * gets the first's.  With --in (in not NULL) the area must lie in one
 * database at least (report_area).  Returns 0, or the exit status with
 * the error printed.
 */
int report_each_db(const struct cli_common *c, enum grid_metrics_level level,
    const char *in, struct grid_metrics_settings *set,
    const struct report_each *each);

/*
 * The report of a month over every database (report_each_db): each
 * one's rows summed into *acc (NULL at first) by grid_metrics_union.
 * Takes m over.  0, or -1 with err.
 */
int report_union(struct grid_metrics **acc, struct grid_metrics *m,
    const struct grid_metrics_settings *set, struct grid_error *err);

/*
 * --in CODE: checks that the area is in db and that units of level lie
 * in it (grid_area_resolve; --by dept or worker: 64, not places).
 * Returns 0, or the exit status with the error printed.
 */
int report_area(struct grid_db *db, const char *code,
    enum grid_metrics_level level);

/* 1 when unit lies in the area in (NULL: everywhere). */
int report_in(const char *unit, const char *in);

/*
 * Keeps the rows of m in the area in (NULL: all), and ranks them among
 * themselves.
 */
void report_keep_in(struct grid_metrics *m, const char *in);

/* The help line of --in. */
#define REPORT_IN_HELP \
"      --in CODE          only the units in the area of CODE (a district,\n" \
"                         street, community or grid code), ranked among\n" \
"                         themselves\n"

/*
 * The html ranking chart of rows: the scored rows, best first, then the
 * rows without a score, each with 无考核数据 instead of a bar (a
 * paragraph alone when no row has a score), the grade bounds of set
 * marked across the bars.  Past 40 rows: the 20 best and the 20 worst
 * scored in two charts (each fits a printed page under the page's
 * head), and how many are shown of how many.
 */
int report_ranking(const struct grid_metrics_row *rows, size_t n,
    const struct grid_metrics_settings *set, struct grid_html *h,
    struct grid_error *err);

#endif
