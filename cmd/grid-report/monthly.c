/*
 * monthly.c - grid-report monthly: one row per unit of the level for a
 * month, ranked (units with nothing to assess last, unscored), with the
 * change against the month before; the html page adds the ranking and
 * the 12-month trend.  A month not begun is refused; the month in
 * progress is marked partial.  Read-only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jobs.h"
#include "grid-report/grid-report.h"
#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/metrics_row.h"
#include "grid/text.h"

static const char usage[] =
"usage: grid-report monthly --month YYYY-MM|last [--by LEVEL] [options]\n"
"The monthly assessment: one row per unit of LEVEL (grid, community,\n"
"street, district, dept or worker; default community), every unit of\n"
"the registers even without a case.  Counts, rates with the counts they\n"
"are made of, handling hours, the composite score with the weights of\n"
"the settings, the grade (A-E), the rank, and the change of the score\n"
"against the month before.  The month is in the database's time zone\n"
"(its time_zone setting; TZ changes nothing).  A unit with\n"
"nothing to assess (no case reported, registered or due in the month;\n"
"a department: none due, handled or rated) has no score, grade or rank\n"
"and comes after the ranked ones.  A month not begun is refused (64);\n"
"the month in progress is marked partial (column partial, a note).\n"
"\n"
"      --month M          YYYY-MM, or 'last': the month before today's\n"
"      --by LEVEL         the units (default community)\n"
REPORT_IN_HELP
"      --map-by COLUMN    html, by grid, community, street or district:\n"
"                         the column the map is coloured by (default\n"
"                         score; grade: by grade)\n"
REPORT_MANY_HELP
"\n"
"Several -d (a city's districts, each its own database): the rows of\n"
"each database, one open at a time, summed unit by unit (a department,\n"
"a worker id in two: one row), every rate, score, grade, rank, median\n"
"and change recomputed from the sums as for one database holding them\n"
"all; their weights, grade bounds, limits and time zones must be the\n"
"same (else 65).\n"
"\n"
"Due to close (应结案) in a month: cases with a deadline in the month,\n"
"and cases closed in the month whose deadline was before it; voided,\n"
"merged and parked cases are not due.  grid-report(1) has every formula.\n"
"\n"
"Example (crontab, the 1st at 06:00):\n"
"  0 6 1 * * grid-report monthly --month last -f html -o /srv/r/m.html\n"
"A city (every district's database):\n"
"  grid-report monthly --month last -d gusu.db -d huqiu.db -f csv\n"
"\n"
"Exit status: 0; 64 usage or a month not begun; 65 a bad setting;\n"
"69 database missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error; 75 busy.\n";

struct monthly {
	struct grid_metrics_settings set;
	enum grid_metrics_level level;
	const char *in;			/* --in, NULL: everywhere */
	int html;			/* the page: the trend too */
	char month[8];
	char today[16];			/* YYYY-MM-DD */
	struct grid_metrics *cur, *prev;	/* of every database */
	struct report_trend trend;
	int jobs;			/* -j: 0, the processors online */
	size_t *order;			/* the rows in report order */
	struct grid_metrics_text text;
};

static void
monthly_row(void *ctx, size_t i, const char **values)
{
	struct monthly *mo = ctx;

	grid_metrics_row_text(&mo->cur->rows[mo->order[i]], &mo->set,
	    &mo->text);
	memcpy(values, mo->text.values, sizeof(mo->text.values));
}

static int
monthly_page(void *ctx, struct grid_html *h, struct grid_error *err)
{
	struct monthly *mo = ctx;

	if (report_ranking(mo->cur->rows, mo->cur->n, &mo->set, h, err) != 0)
		return -1;
	return report_trend(&mo->trend, mo->level, h, err);
}

/*
 * --month: YYYY-MM or "last"; dies 64 when bad or not begun (today is
 * YYYY-MM-DD).
 */
static void
month_option(const char *text, const char *today, char *month)
{
	struct grid_error err;
	enum grid_metrics_when when;
	char this_month[8];
	time_t start, end, now;

	if (strcmp(text, "last") == 0) {
		snprintf(this_month, sizeof(this_month), "%.7s", today);
		grid_metrics_month_prev(this_month, month, 8);
		return;
	}
	if (strlen(text) != 7 ||
	    grid_metrics_month_bounds(text, &start, &end, &err) != 0)
		cli_usage_error("--month: not YYYY-MM or last: '%s'",
		    text);
	if (grid_now(&now, &err) != 0 ||
	    grid_metrics_month_when(text, now, &when, &err) != 0) {
		cli_error(&err);
		exit(err.code != 0 ? err.code : GRID_EINTERNAL);
	}
	if (when == GRID_MONTH_FUTURE)
		cli_die(GRID_EUSAGE, "--month %s has not begun (today is %s)",
		    text, today);
	memcpy(month, text, 8);
}

/*
 * One database's month and the one before, in one pass over its cases
 * (the month before gives its scores only: no median needed); its
 * trend too for html.
 */
static int
compute_part(void *ctx, struct grid_db *db, const struct grid_calendar *cal,
    struct report_part *part, struct grid_error *err)
{
	struct monthly *mo = ctx;
	char before[8];
	const char *months[2] = { before, mo->month };

	grid_metrics_month_prev(mo->month, before, sizeof(before));
	if (grid_metrics_compute_months(db, cal, &mo->set, mo->level,
	    months, 2, part->m, err) != 0)
		return -1;
	part->n = 2;
	grid_metrics_drop_times(part->m[0]);
	return mo->html ? report_part_trend(part, db, cal, &mo->set,
	    mo->level, mo->in, mo->month, err) : 0;
}

/* A database's part added to those of the databases before it. */
static int
add_part(void *ctx, struct report_part *part, struct grid_error *err)
{
	struct monthly *mo = ctx;
	struct grid_metrics *m[2] = { part->m[0], part->m[1] };

	if (part->n != 2)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "a part of %zu months", part->n);
	part->n = 0;		/* taken over */
	if (report_union(&mo->prev, m[0], &mo->set, err) != 0) {
		grid_metrics_free(m[1]);
		return -1;
	}
	if (report_union(&mo->cur, m[1], &mo->set, err) != 0)
		return -1;
	if (part->has_trend)
		report_trend_sum(&mo->trend, &part->trend);
	return 0;
}

/* Every database's rows, summed; then the change and the order. */
static int
compute(const struct cli_common *c, struct monthly *mo)
{
	const struct report_each each = { compute_part, add_part, mo,
	    mo->jobs };
	struct grid_error err;
	int status;

	report_trend_init(&mo->trend, mo->month);
	if ((status = report_each_db(c, mo->level, mo->in, &mo->set,
	    &each)) != 0)
		return status;
	grid_metrics_change(mo->cur, mo->prev);
	grid_metrics_free(mo->prev);
	mo->prev = NULL;
	report_keep_in(mo->cur, mo->in);
	if ((mo->order = calloc(mo->cur->n + 1, sizeof(*mo->order))) == NULL) {
		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		cli_error(&err);
		return GRID_EINTERNAL;
	}
	grid_metrics_order(mo->cur->rows, mo->cur->n, mo->order);
	return 0;
}

static int
print(const struct cli_common *c, int wide, struct monthly *mo,
    struct grid_error *err)
{
	struct report_rows rows;
	struct report_notes notes;
	struct report_facts facts;
	struct grid_column columns[GRID_METRICS_NCOLUMN];
	const char *labels[GRID_METRICS_NCOLUMN];
	int index[GRID_METRICS_NCOLUMN];
	char title[160], subtitle[160];

	report_facts(&facts, mo->level, mo->month, mo->cur->partial ?
	    mo->today : NULL, &mo->set);
	memset(&notes, 0, sizeof(notes));
	report_month_notes(&notes, mo->cur->rows, mo->cur->n, mo->level,
	    mo->month, mo->cur->partial, mo->today);

	snprintf(title, sizeof(title), "月度考核 Monthly assessment %s · "
	    "%s %s", mo->month, grid_metrics_level_label(mo->level),
	    grid_metrics_level_name(mo->level));
	snprintf(subtitle, sizeof(subtitle), "%zu 个单元 units · 等级 A ≥ %g,"
	    " B ≥ %g, C ≥ %g, D ≥ %g", mo->cur->n, mo->set.grades[0].bound,
	    mo->set.grades[1].bound, mo->set.grades[2].bound,
	    mo->set.grades[3].bound);
	grid_metrics_columns(columns, labels);
	rows = (struct report_rows){
		.columns = columns,
		.labels = labels,
		.ncolumns = GRID_METRICS_NCOLUMN,
		.compact = index,
		.ncompact = report_main_columns(mo->level, index),
		.nrows = mo->cur->n,
		.row = monthly_row,
		.page = monthly_page,
		.ctx = mo,
		.title = title,
		.subtitle = mo->set.ngrades >= 4 ? subtitle : NULL,
		.notes = notes.list,
		.nnotes = notes.n,
		.facts = facts.list,
		.nfacts = facts.n,
	};
	return report_print(c, wide, &rows, err);
}

int
report_monthly(int argc, char **argv)
{
	enum { OPT_MONTH = 256, OPT_BY, OPT_IN, OPT_MAP_BY };
	static const struct option longopts[] = {
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "by", required_argument, NULL, OPT_BY },
		{ "in", required_argument, NULL, OPT_IN },
		CLI_WIDE_LONG,
		{ "map-by", required_argument, NULL, OPT_MAP_BY },
		REPORT_JOBS_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct monthly mo;
	struct cli_common c;
	struct grid_error err;
	int opt, status = 0;

	memset(&mo, 0, sizeof(mo));
	memset(&c, 0, sizeof(c));
	mo.level = GRID_BY_COMMUNITY;
	c.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES |
	    CLI_READS_MANY;
	while ((opt = cli_getopt_long(argc, argv, REPORT_MANY_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg, usage))
			continue;
		if (opt == OPT_MONTH && mo.today[0] == '\0')
			report_today(mo.today, sizeof(mo.today));
		if (opt == OPT_MONTH)
			month_option(optarg, mo.today, mo.month);
		else if (opt == OPT_BY)
			mo.level = report_level(optarg);
		else if (opt == OPT_MAP_BY)
			cli_out_map_by(optarg);
		else if (opt == OPT_IN)
			mo.in = optarg;
		else if (opt == 'j')
			mo.jobs = cli_jobs_option(optarg);
		else
			cli_bad_option();
	}
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (mo.month[0] == '\0')
		cli_usage_error("--month is required (YYYY-MM or last)");
	report_format(&c);
	mo.html = cli_format_asked(&c) == GRID_FORMAT_HTML;
	if ((status = compute(&c, &mo)) == 0 &&
	    print(&c, c.wide, &mo, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	grid_metrics_free(mo.cur);
	grid_metrics_free(mo.prev);
	free(mo.order);
	return status;
}
