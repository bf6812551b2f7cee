/*
 * grid-stats.h - the commands of grid-stats and what they share: the
 * output of a command's rows (a writer, or one html page with a table and
 * a chart), the end of a run, the help lines of the common options,
 * option helpers.  The figures are libgrid's (grid/popstats.h,
 * grid/groupstats.h, grid/casestats.h, ...); a command reads options,
 * calls it, and prints.  See grid-stats(1).
 */
#ifndef GRID_STATS_H
#define GRID_STATS_H

#include <stddef.h>

#include "common/cli.h"
#include "grid/area.h"
#include "grid/codes.h"
#include "grid/writer.h"

/*
 * The options every command takes (options.c): those of every tool, and
 * --in CODE, the area the figures are restricted to (grid/area.h).
 */
struct stats_common {
	struct cli_common cli;		/* -d, -f, -o, -q, --reveal */
	const char *in;			/* --in; NULL: everywhere */
	enum grid_level in_level;	/* its level, by its shape */
	struct grid_area area;		/* of --in, from stats_open_db */
	int many;			/* set before stats_option: -d */
					/* may be repeated (merge.c) */
	char zone[128];			/* the first database's time zone */
	int jobs;			/* -j: 0, the processors online */
};

/*
 * Each command: argv[0] is its name; returns the exit status.
 * population.c, groups.c, cases.c, quality.c, hazards.c, visits.c.
 */
int stats_population(int argc, char **argv);
int stats_groups(int argc, char **argv);
int stats_cases(int argc, char **argv);
int stats_quality(int argc, char **argv);
int stats_hazards(int argc, char **argv);
int stats_visits(int argc, char **argv);
int stats_petitions(int argc, char **argv);	/* petitions.c */
int stats_merge(int argc, char **argv);

/*
 * One command's output (output.c), on the tools' one output path (struct
 * cli_out): rows in a row format on standard output or the file of -o,
 * or one html page: the title, the charts asked for (drawn by its page
 * hook), then the table.  -o is written atomically; nothing is printed
 * on success.
 */
struct stats_out;

/*
 * Opens the output of c (-f, -o) for ncolumns columns (names and labels
 * must stay valid until stats_out_close).  title (borrowed until close)
 * heads the html page, with a line naming the area of --in; labels are
 * the Chinese header labels of the html table (NULL: none).  Nothing is
 * written yet: a writer (a csv header) comes with the first row, an html
 * page at a successful close, so a run that fails before its first row
 * leaves standard output empty.  Returns a new output, or NULL with the
 * error printed and *status set (64 for a bad format, 73, 74).
 */
struct stats_out *stats_out_open(const struct stats_common *c,
    const char *title, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns, int *status);

/*
 * One row of ncolumns values (each NULL or UTF-8 text; copied for html).
 * Returns 0, or -1 with the error printed (the status is kept for
 * stats_out_close).
 */
int stats_out_row(struct stats_out *o, const char *const *values);

/* 1 when the output is an html page (charts are drawn), else 0. */
int stats_out_html(const struct stats_out *o);

/*
 * html only (a no-op otherwise): a horizontal bar chart drawn at close,
 * above the table, one bar per row, the largest value first (at most
 * STATS_MAX_BARS; a note under the chart says how many of how many are
 * shown), labelled by the row's value of column name_column
 * (a unit_name; (size_t)-1: none) or, when that is empty, of column
 * label_column, and as long as the number in column value_column; rows
 * whose value is empty are left out.  unit follows each value ("%",
 * ""; whole counts are grouped, 24,217).  title and unit are borrowed
 * until close.  Returns 0 or -1 (printed).
 */
#define STATS_MAX_BARS 25
int stats_out_bars(struct stats_out *o, const char *title,
    size_t label_column, size_t name_column, size_t value_column,
    const char *unit);

/*
 * html only: the chart of a count by nkeys keys (grid-stats cases),
 * drawn at close from the rows: keys[k] is the column naming the k-th
 * key's value, time[k] its kind (STATS_TIME_NONE, or hour, weekday,
 * month), count the column counted.  One key in time: columns with
 * every slot (hours 0-23, 周一-周日, each month from the first to the
 * last); two keys in time: a heat map; one other key: bars; more: small
 * multiples, one chart per value of the first key (the largest first),
 * each labelled by the other keys.  Returns 0 or -1 (printed).
 */
enum stats_time { STATS_TIME_NONE, STATS_TIME_HOUR, STATS_TIME_WEEKDAY,
    STATS_TIME_MONTH };
#define STATS_MAX_KEYS 3
int stats_out_count_chart(struct stats_out *o, const char *title,
    const size_t *keys, const enum stats_time *time, size_t nkeys,
    size_t count);

/*
 * html only: a fact about the page under its title (the period, the
 * reference date, the group): copied, kept with the others.  0 or -1
 * (printed).
 */
int stats_out_fact(struct stats_out *o, const char *text);

/*
 * The page's date or month (html only): "label: given", or when given is
 * NULL the first today_len characters of now in the database's zone (10:
 * the date, 7: the month), then " · extra" when extra is not NULL.
 */
int stats_out_when_fact(struct stats_out *o, const char *label,
    const char *given, size_t today_len, const char *extra);

/*
 * html only: a population pyramid (grid_html_pyramid) drawn at close,
 * above the charts and the table (the arrays copied; title and the band
 * labels borrowed until then).  Returns 0 or -1 (printed).
 */
int stats_out_pyramid(struct stats_out *o, const char *title,
    const char *const *bands, const long long *male,
    const long long *female, size_t n);

/*
 * html only: a paragraph under the title (copied; one: a second call
 * replaces it).  0 or -1 (printed).
 */
int stats_out_note(struct stats_out *o, const char *text);

/*
 * Ends the output: the table (html: charts, table, page end; table and
 * md: the aligned rows), then renames -o into place when ok (non-zero)
 * and no error happened, else removes it.  Frees o (NULL: returns 0).
 * Returns the exit status: 0, or the status of an earlier error, or
 * 73/74.
 */
int stats_out_close(struct stats_out *o, int ok);

/*
 * Closes o after a run that returned rc (0 or -1) and set status (0
 * when the error went to o, or none): returns the exit status, the first
 * of status, the output's, and 70 when rc says failure without a status.
 */
int stats_out_status(struct stats_out *o, int rc, int status);

/*
 * A row callback for the runs of libgrid: writes the row to ctx, a
 * struct stats_out.  Returns non-zero, which stops the run, when the row
 * could not be written (printed, status kept by the output).
 */
int stats_write_row(void *ctx, const char *const *values);

/*
 * Ends a command: rc is what its run into o returned, 0 or -1 with err
 * (err->code 0: printed already, as when a row failed; clear err before
 * the run).  Prints err, closes o (NULL allowed: it did not open) and db
 * (NULL allowed), and returns the exit status as stats_out_status.
 */
struct grid_db;
int stats_end(struct stats_out *o, struct grid_db *db, int rc,
    const struct grid_error *err, int status);

/*
 * Options (options.c).  The next option of argv (getopt_long with
 * CLI_COMMON_SHORT and opts, which end with STATS_COMMON_LONG) that is
 * not a common one: those go into c (-h prints usage and exits 0; --in
 * must have the shape of a district, street, community or grid code,
 * else it dies 64).  Every command writes rows and pages (c->cli.writes).
 * Returns -1 at the end.  Dies 64 on an unknown option (cli_getopt_long)
 * and on an operand ("unexpected argument 'x'").
 */
#define STATS_OPT_IN 900
#define STATS_OPT_MAP_BY 901
#define STATS_COMMON_LONG \
	{ "in", required_argument, NULL, STATS_OPT_IN }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "map-by", required_argument, NULL, STATS_OPT_MAP_BY }, \
	CLI_WIDE_LONG, \
	CLI_COMMON_LONG
struct option;
int stats_option(int argc, char **argv, const struct option *opts,
    struct stats_common *c, const char *usage);


/*
 * The level of --by: grid, community, street or district (the units of
 * popstats); dies 64 otherwise (for dept or department: grid-stats has
 * none, see grid-report).
 */
enum grid_level stats_level_option(const char *text);

/* Dies 64 when text names the department level (dept, department). */
void stats_no_dept(const char *text);

/*
 * The level of the rows: by (GRID_LEVEL_NONE when --by was not given:
 * dflt).  With --in, a default above the area gives way to the area's
 * own level (rows of the grid of --in, not of its community), and a --by
 * above the area dies 64 naming the levels that fit.
 */
enum grid_level stats_rows_level(const struct stats_common *c,
    enum grid_level by, enum grid_level dflt);

/*
 * Opens the database of c read-only (the first of several -d) and, with
 * --in, finds its area (c->area; with several -d, in the first database
 * that holds it).  Returns the database, or NULL with the error printed
 * and *status set: 69, 64 for a code that does not fit the database's
 * grid codes, 65 for an area it (or none of several) holds.
 */
struct grid_db *stats_open_db(struct stats_common *c, int *status);

/*
 * A city's view (merge.c): several -d answer as one database holding
 * all of them.  A statistic's run over one database (a wrapper of
 * grid_popstats_run, ...; q its query) into on_row.
 */
typedef int (*stats_run_fn)(struct grid_db *db, const void *q,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err);

/*
 * Calls each(arg, db, err) on every database of -d in order: db (the
 * first, open) and the others, opened read-only one at a time and
 * closed; a database that does not hold the area of --in adds nothing.
 * Returns 0, or -1 with err (65 for a database whose time zone differs
 * from the first's, 69 for one that cannot be opened; err->code 0 when
 * each stopped with its error printed and *status set).
 */
int stats_each_db(struct stats_common *c, struct grid_db *db,
    int (*each)(void *arg, struct grid_db *db, struct grid_error *err),
    void *arg, struct grid_error *err, int *status);

/*
 * The rows of statistic d (grid/statmerge.h) into o: with one database,
 * run(db, q) straight; with several -d, each database's rows summed by
 * unit and every figure derived again (grid_stat_table_emit; top: only
 * the units ranked 1 to top).  Returns 0, or -1 with err or *status as
 * stats_each_db.
 */
struct grid_stat_desc;
int stats_rows(struct stats_common *c, struct grid_db *db,
    const struct grid_stat_desc *d, stats_run_fn run, const void *q,
    long top, struct stats_out *o, struct grid_error *err, int *status);

/*
 * A list of several -d: each database's rows, then all of them in the
 * list's own order (the columns of order, each ascending, text or
 * integer, empty values last or first; ties in the order of -d), which
 * is the order of one database holding all of them.  before, when not
 * NULL, is called with each database before its rows are read (a
 * --reveal recorded in each): non-zero stops, *status set.
 */
struct stats_list_order {
	size_t column;
	int nulls_last;
	int integer;
};
struct stats_list_spec {
	size_t ncolumns;
	const struct stats_list_order *order;
	size_t norder;
	int (*before)(void *arg, struct grid_db *db, int *status);
	void *before_arg;
};

/*
 * The rows of list into on_row(ctx): run(db, q) straight with one
 * database; with several, as above.  Returns 0 or -1 as stats_rows.
 */
int stats_list_rows(struct stats_common *c, struct grid_db *db,
    const struct stats_list_spec *spec, stats_run_fn run, const void *q,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err, int *status);

/*
 * The Chinese labels of the columns every row grouped by a level begins
 * with: level, unit, unit_name.
 */
#define STATS_UNIT_LABELS "层级", "单位代码", "单位名称"

/* The number of elements of array a. */
#define STATS_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The help lines of the common options, for every usage text. */
#define STATS_COMMON_HELP \
"      --in CODE          only what lies in this area: a district (6\n" \
"                         digits), street (9), community (12) or grid\n" \
"                         code; rows of units inside it\n" \
"      --map-by COLUMN    html, rows by grid, community, street or\n" \
"                         district: the column the map is coloured by\n" \
"                         (default: score, rate_per_1000, aged_60_share,\n" \
"                         must_visit_share, ... the first there is)\n" \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db);\n" \
"                         repeated: a city's districts as one database\n" \
"  -j, --jobs N           with several -d: the figures of as many\n" \
"                         databases computed at once, each by a process\n" \
"                         of its own (default: the processors online; 1:\n" \
"                         one after another; lists: one after another)\n" \
"  -f, --format FMT       {formats} (default:\n" \
"                         the extension of -o, else table on a\n" \
"                         terminal, else ndjson)\n" \
"  -o, --output FILE      write to FILE (atomically)\n" \
CLI_HELP_WIDE \
"  -q, --quiet            no messages but errors\n" \
"  -h, --help             this help\n" \
"      --version          the version\n"

/* --reveal of a command whose figures hold no personal data. */
#define STATS_REVEAL_HELP \
"      --reveal           accepted; the figures hold no personal data\n"

/* The exit status lines of a read-only command's usage. */
#define STATS_EXIT_HELP \
"\n" \
"Exit status: 0; 64 usage; 65 --in names no area of the database;\n" \
"69 database missing; 70 internal error; 73 cannot create output;\n" \
"74 I/O error; 75 database busy.\n"

#endif
