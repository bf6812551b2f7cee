/*
 * visits.c - grid-stats visits: visits in a month and the coverage of
 * the must-visit groups per unit or per worker (grid/visits.h).  An html
 * page adds a bar chart of the must-visit shares.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/due.h"
#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/statmerge.h"
#include "grid/visits.h"

static const char usage[] =
"usage: grid-stats visits [--month YYYY-MM] [--by LEVEL] [--in CODE]\n"
"           [options]\n"
"       grid-stats visits --due [--at DATE] [--by LEVEL] [--in CODE]\n"
"           [--reveal] [options]\n"
"Visits in a month and who of the must-visit groups (the tags marked\n"
"must_visit) was visited, per unit: level, unit, unit_name, month,\n"
"visits, low_income, low_income_visited, low_income_share,\n"
"elderly_alone, elderly_alone_visited, elderly_alone_share, must_visit,\n"
"must_visit_visited, must_visit_share.  特困户 is tag low_income (低保),\n"
"孤寡老人 tag elderly_alone (独居老人).\n"
"With --due, who is owed a visit on a day by the visit rules of their\n"
"tags: id_number, name, phone, grid_code, tag, tag_label, risk_level,\n"
"rule, since, last_visit, next_due, status (due, overdue), days_overdue,\n"
"helper_id; with --by, per unit: level, unit, unit_name, at, people,\n"
"due, overdue, visited_on_time, on_time_share.\n"
"\n"
"      --month M          the month YYYY-MM (default: this month,\n"
"                         $GRID_NOW)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street, district or worker (visits\n"
"                         made; people of the worker's responsibility\n"
"                         grids)\n"
"      --due              who is owed a visit (next due on or before the\n"
"                         day), ID and phone numbers masked\n"
"      --at DATE          --due: the day (default: today in the\n"
"                         database's zone, $GRID_NOW)\n"
STATS_COMMON_HELP
"      --reveal           --due: ID and phone numbers unmasked; recorded\n"
"                         in the database's .reveal.log first\n"
STATS_EXIT_HELP;

/* The main columns, in the order a narrow table keeps them (cli.h). */
static const char *const visits_main[] = {
	"unit_name", "must_visit_share", "must_visit", "must_visit_visited",
	"low_income_share", "elderly_alone_share", "visits", "low_income",
	"low_income_visited", "elderly_alone", "elderly_alone_visited",
	"month", "unit", "level", NULL
};

static const char *const labels[] = {
	STATS_UNIT_LABELS, "月份", "走访次数", "特困户",
	"已走访特困户", "特困户走访率 %", "孤寡老人", "已走访孤寡老人",
	"孤寡老人走访率 %", "必访对象", "已走访必访对象", "必访对象走访率 %"
};
_Static_assert(STATS_LEN(labels) == GRID_VISITS_NCOLUMN,
    "a label for each column");

enum { OPT_MONTH = 256, OPT_BY, OPT_DUE, OPT_AT };

/*
 * The level of the rows: --by (NULL: not given), an area level or
 * worker; dies 64 otherwise, or for a level above the area of --in.  A
 * place's level is its report level (grid/metrics.h).
 */
static enum grid_metrics_level
rows_level(const struct stats_common *c, const char *text)
{
	enum grid_metrics_level level;

	if (text != NULL && grid_metrics_level_parse(text, &level) == 0 &&
	    level == GRID_BY_WORKER)
		return GRID_BY_WORKER;
	if (text != NULL) {
		stats_no_dept(text);
		if (!grid_level_has_units(grid_level_parse(text)))
			cli_usage_error("--by: expected grid, community, "
			    "street, district or worker, not '%s'", text);
	}
	return (enum grid_metrics_level)stats_rows_level(c, text != NULL ?
	    grid_level_parse(text) : GRID_LEVEL_NONE, GRID_LEVEL_COMMUNITY);
}

/* The visits of one database, for stats_rows. */
static int
run_visits(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_visits_run(db, q, on_row, ctx, err);
}

int
stats_visits(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "by", required_argument, NULL, OPT_BY },
		{ "due", no_argument, NULL, OPT_DUE },
		{ "at", required_argument, NULL, OPT_AT },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_visits_query q;
	struct grid_stat_desc desc;
	const struct grid_column *columns;
	const char *by = NULL, *at = NULL;
	struct stats_common c;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int opt, rc, status = 0, due = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	c.many = 1;
	while ((opt = stats_option(argc, argv, opts, &c, usage)) != -1) {
		if (opt == OPT_MONTH)
			q.month = optarg;
		else if (opt == OPT_BY)
			by = optarg;
		else if (opt == OPT_DUE)
			due = 1;
		else if (opt == OPT_AT)
			at = optarg;
	}
	if (due && q.month != NULL)
		cli_usage_error("--due is of a day (--at), not of a month");
	if (!due && at != NULL)
		cli_usage_error("--at goes with --due (a month: --month)");
	if (due)
		return stats_visits_due(&c, at, by, argc, argv);
	q.level = rows_level(&c, by);
	q.area = c.in;
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	columns = grid_visits_columns(&n);
	if (grid_stat_desc_init(&desc, "visits", columns, n, &err) != 0)
		cli_die(GRID_EINTERNAL, "%s", err.text);
	cli_table_main(visits_main);
	if ((o = stats_out_open(&c, "走访统计", columns, labels, n,
	    &status)) == NULL)
		rc = -1;
	else if ((rc = stats_out_when_fact(o, "月份 month", q.month, 7,
	    NULL)) == 0 &&
	    (rc = stats_out_bars(o, "必访对象走访率", 1, 2, 13, "%")) == 0)
		rc = stats_rows(&c, db, &desc, run_visits, &q, 0, o, &err,
		    &status);
	return stats_end(o, db, rc, &err, status);
}
