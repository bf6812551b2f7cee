/*
 * cases.c - grid-stats cases: case counts by category, place and time,
 * hotspots (grid/casestats.h); an html page adds a bar chart.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/casestats.h"
#include "grid/db.h"

static const char usage[] =
"usage: grid-stats cases [--by DIM ...] [--from DATE] [--to DATE]\n"
"           [--top N] [--in CODE] [options]\n"
"Cases reported in the period (not voided nor merged), by category,\n"
"grid, community, street, hour, weekday or month; up to three --by make\n"
"a cross table.  Columns: with a place, first level, unit, unit_name\n"
"(of the first place); the keys (code and name for a category or a\n"
"place), cases, share; for a place: people, rate_per_1000,\n"
"rank_by_rate; then rank and hotspot (cases above the mean by more than\n"
"two standard deviations).\n"
"\n"
"      --by DIM           category (default), grid, community, street,\n"
"                         hour, weekday or month; repeat for a cross\n"
"                         table\n"
"      --from DATE        reported on or after DATE\n"
"      --to DATE          reported on or before DATE (the whole day)\n"
"      --top N            the N units with the most cases, most first\n"
STATS_COMMON_HELP
STATS_EXIT_HELP;

enum { OPT_BY = 256, OPT_FROM, OPT_TO, OPT_TOP };

/* The Chinese label of a column, for the html table. */
static const char *
label(const char *column)
{
	static const char *const names[][2] = {
		{ "level", "层级" }, { "unit", "单位代码" },
		{ "unit_name", "单位名称" },
		{ "category_code", "类别代码" }, { "category_name", "类别" },
		{ "grid_code", "网格代码" }, { "grid_name", "网格" },
		{ "community_code", "社区代码" }, { "community_name", "社区" },
		{ "street_code", "街道代码" }, { "street_name", "街道" },
		{ "hour", "时" }, { "weekday", "星期" }, { "month", "月份" },
		{ "cases", "案件数" }, { "share", "占比 %" },
		{ "people", "人口" }, { "rate_per_1000", "每千人案件数" },
		{ "rank_by_rate", "千人率排名" }, { "rank", "排名" },
		{ "hotspot", "热点" }
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], column) == 0)
			return names[i][1];
	return NULL;
}

/*
 * The dimension of --by; dies 64 for one that is none.  With --in, a
 * place must lie inside the area (stats_rows_level).
 */
static enum grid_casestats_dim
dim_option(const struct stats_common *c, const char *text)
{
	static const enum grid_level places[] = {
		[GRID_CS_GRID] = GRID_LEVEL_GRID,
		[GRID_CS_COMMUNITY] = GRID_LEVEL_COMMUNITY,
		[GRID_CS_STREET] = GRID_LEVEL_STREET,
	};
	int dim;

	stats_no_dept(text);
	if ((dim = grid_casestats_dim_parse(text)) < 0)
		cli_usage_error("--by: expected category, grid, community, "
		    "street, hour, weekday or month, not '%s'", text);
	if ((size_t)dim < sizeof(places) / sizeof(places[0]) &&
	    places[dim] != GRID_LEVEL_NONE)
		stats_rows_level(c, places[dim], GRID_LEVEL_NONE);
	return (enum grid_casestats_dim)dim;
}

/* Reads the options into c and q.  Dies 64. */
static void
parse(int argc, char **argv, struct stats_common *c,
    struct grid_casestats_query *q)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "top", required_argument, NULL, OPT_TOP },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *by[GRID_CASESTATS_MAX_DIMS];
	size_t i;
	int opt;

	while ((opt = stats_option(argc, argv, opts, c, usage)) != -1) {
		switch (opt) {
		case OPT_BY:
			if (q->ndims == GRID_CASESTATS_MAX_DIMS)
				cli_usage_error("--by: at most %d",
				    GRID_CASESTATS_MAX_DIMS);
			by[q->ndims++] = optarg;
			break;
		case OPT_FROM: q->from = optarg; break;
		case OPT_TO: q->to = optarg; break;
		case OPT_TOP:
			q->top = cli_number("--top", optarg, 1, 1000000L);
			break;
		}
	}
	/* after every option: --in may come after --by */
	for (i = 0; i < q->ndims; i++)
		q->dims[i] = dim_option(c, by[i]);
	if (q->ndims == 0)
		q->dims[q->ndims++] = GRID_CS_CATEGORY;
	q->area = c->in;
}

/*
 * The bar chart: the cases of each row, named by its place (unit_name,
 * unit), else by its first key.
 */
static int
chart(struct stats_out *o, const struct grid_column *columns,
    const struct grid_casestats_query *q)
{
	size_t cases, name, key = 0;

	for (cases = 0; strcmp(columns[cases].name, "cases") != 0; cases++)
		;
	if (strcmp(columns[0].name, "level") == 0)
		key = 1;
	name = strstr(columns[key + 1].name, "_name") != NULL ? key + 1 :
	    (size_t)-1;
	return stats_out_bars(o, q->top > 0 ? "热点 (案件数)" : "案件数", key,
	    name, cases, "");
}

int
stats_cases(int argc, char **argv)
{
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	const char *labels[GRID_CASESTATS_MAX_COLUMNS];
	struct grid_casestats_query q;
	struct stats_common c;
	struct stats_out *o;
	struct grid_error err;
	struct grid_db *db;
	size_t i, n;
	int rc, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	parse(argc, argv, &c, &q);
	n = grid_casestats_columns(&q, columns);
	for (i = 0; i < n; i++)
		labels[i] = label(columns[i].name);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	o = stats_out_open(&c, "案件统计", columns, labels, n, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = chart(o, columns, &q)) == 0)
		rc = grid_casestats_run(db, &q, stats_write_row, o, &err);
	return stats_end(o, db, rc, &err, status);
}
