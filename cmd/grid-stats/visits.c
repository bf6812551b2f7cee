/*
 * visits.c - grid-stats visits: visits in a month and the coverage of
 * the must-visit groups per unit or per worker (grid/visits.h).  An html
 * page adds a bar chart of the must-visit shares.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/visits.h"

static const char usage[] =
"usage: grid-stats visits [--month YYYY-MM] [--by LEVEL] [options]\n"
"Visits in a month and who of the must-visit groups was visited, per\n"
"unit: level, unit, unit_name, month, visits, low_income,\n"
"low_income_visited, low_income_share, elderly_alone,\n"
"elderly_alone_visited, elderly_alone_share, must_visit,\n"
"must_visit_visited, must_visit_share.  特困户 is tag low_income, 孤寡老人\n"
"tag elderly_alone; the other must-visit groups have no tag.\n"
"\n"
"      --month M          the month YYYY-MM (default: this month,\n"
"                         $GRID_NOW)\n"
"      --by LEVEL         grid, community (default), street, district or\n"
"                         worker (visits made; people of the worker's\n"
"                         responsibility grids)\n"
STATS_COMMON_HELP
STATS_EXIT_HELP;

static const char *const labels[] = {
	"层级", "单位代码", "单位名称", "月份", "走访次数", "特困户",
	"已走访特困户", "特困户走访率 %", "孤寡老人", "已走访孤寡老人",
	"孤寡老人走访率 %", "必访对象", "已走访必访对象", "必访对象走访率 %"
};

enum { OPT_MONTH = 256, OPT_BY };

/* The level of --by: an area level or worker; dies 64 otherwise. */
static enum grid_metrics_level
level_option(const char *text)
{
	enum grid_metrics_level level;

	if (grid_metrics_level_parse(text, &level) != 0 ||
	    level == GRID_BY_DEPT)
		cli_usage_error("--by: expected grid, community, street, "
		    "district or worker, not '%s'", text);
	return level;
}

int
stats_visits(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "by", required_argument, NULL, OPT_BY },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	enum grid_metrics_level level = GRID_BY_COMMUNITY;
	const struct grid_column *columns;
	const char *month = NULL;
	struct cli_common c;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int opt, rc, status = 0;

	memset(&c, 0, sizeof(c));
	grid_error_clear(&err);
	while ((opt = stats_option(argc, argv, opts, &c, usage)) != -1) {
		if (opt == OPT_MONTH)
			month = optarg;
		else if (opt == OPT_BY)
			level = level_option(optarg);
	}
	if ((db = cli_open_db(&c, 1, &status)) == NULL)
		return status;
	columns = grid_visits_columns(&n);
	if ((o = stats_out_open(&c, "走访统计", columns, labels, n,
	    &status)) == NULL)
		rc = -1;
	else if ((rc = stats_out_bars(o, "必访对象走访率", 1, 2, 13, "%")) == 0)
		rc = grid_visits_run(db, level, month, stats_write_row, o,
		    &err);
	return stats_end(o, db, rc, &err, status);
}
