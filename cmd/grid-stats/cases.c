/*
 * cases.c - grid-stats cases: case counts by category, place and time,
 * hotspots (grid/casestats.h); an html page adds a bar chart.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/casestats.h"
#include "grid/statmerge.h"
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
STATS_REVEAL_HELP
STATS_EXIT_HELP;

enum { OPT_BY = 256, OPT_FROM, OPT_TO, OPT_TOP };

/*
 * The Chinese labels of the columns, for the html table: those of a unit
 * first, when the rows have a place; a place's code and name are its
 * level's label ("社区代码", "社区"), written into store.
 */
static void
make_labels(const struct grid_column *columns, size_t n,
    const char **labels, char (*store)[32])
{
	static const char *const unit[] = { STATS_UNIT_LABELS };
	static const char *const names[][2] = {
		{ "category_code", "类别代码" }, { "category_name", "类别" },
		{ "hour", "时" }, { "weekday", "星期" }, { "month", "月份" },
		{ "cases", "案件数" }, { "share", "占比 %" },
		{ "people", "人口" }, { "rate_per_1000", "每千人案件数" },
		{ "rank_by_rate", "千人率排名" }, { "rank", "排名" },
		{ "hotspot", "热点" }
	};
	const struct grid_level_info *l;
	size_t i = 0, k;
	int level;

	if (n > 0 && strcmp(columns[0].name, "level") == 0)
		for (; i < STATS_LEN(unit); i++)
			labels[i] = unit[i];
	for (; i < n; i++) {
		labels[i] = NULL;
		for (level = GRID_LEVEL_DISTRICT; level <= GRID_LEVEL_GRID;
		    level++) {
			l = grid_level_info((enum grid_level)level);
			if (strcmp(columns[i].name, l->name_key) == 0)
				labels[i] = l->label;
			if (strcmp(columns[i].name, l->code_key) == 0) {
				snprintf(store[i], sizeof(store[i]), "%s代码",
				    l->label);
				labels[i] = store[i];
			}
		}
		for (k = 0; k < STATS_LEN(names); k++)
			if (strcmp(names[k][0], columns[i].name) == 0)
				labels[i] = names[k][1];
	}
}

/*
 * The dimension of --by; dies 64 for one that is none.  With --in, a
 * place must lie inside the area (stats_rows_level).
 */
static enum grid_casestats_dim
dim_option(const struct stats_common *c, const char *text)
{
	enum grid_level place = grid_level_parse(text);
	int dim;

	stats_no_dept(text);
	if ((dim = grid_casestats_dim_parse(text)) < 0)
		cli_usage_error("--by: expected category, grid, community, "
		    "street, hour, weekday or month, not '%s'", text);
	/* a place is a dimension named by its level */
	if (place != GRID_LEVEL_NONE)
		stats_rows_level(c, place, GRID_LEVEL_NONE);
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
 * The chart of the cases by the keys of --by: each key named by its
 * column (a category's or place's name, the hour, weekday or month), the
 * chart chosen for them (stats_out_count_chart).
 */
static int
chart(struct stats_out *o, const struct grid_column *columns, size_t n,
    const struct grid_casestats_query *q)
{
	size_t keys[STATS_MAX_KEYS], nkeys = 0, c, cases = n;
	enum stats_time time[STATS_MAX_KEYS];
	int in_unit = n > 0 && strcmp(columns[0].name, "level") == 0;

	for (c = in_unit ? 3 : 0; c < n && nkeys < STATS_MAX_KEYS &&
	    nkeys < q->ndims; c++) {
		const char *name = columns[c].name;
		size_t len = strlen(name);

		if (strcmp(name, "cases") == 0)
			break;
		time[nkeys] = strcmp(name, "hour") == 0 ? STATS_TIME_HOUR :
		    strcmp(name, "weekday") == 0 ? STATS_TIME_WEEKDAY :
		    strcmp(name, "month") == 0 ? STATS_TIME_MONTH :
		    STATS_TIME_NONE;
		if (time[nkeys] != STATS_TIME_NONE || (len > 5 &&
		    strcmp(name + len - 5, "_name") == 0))
			keys[nkeys++] = c;
	}
	for (c = 0; c < n; c++)
		if (strcmp(columns[c].name, "cases") == 0)
			cases = c;
	if (nkeys == 0 || cases == n)
		return 0;
	return stats_out_count_chart(o, q->top > 0 ? "热点 (案件数)" :
	    "案件数", keys, time, nkeys, cases);
}

/* One database's whole table (no --top: the union is ranked). */
static int
run_cases(struct grid_db *db, const void *query,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	struct grid_casestats_query q = *(const struct grid_casestats_query *)
	    query;

	q.top = 0;
	return grid_casestats_run(db, &q, on_row, ctx, err);
}

int
stats_cases(int argc, char **argv)
{
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	const char *labels[GRID_CASESTATS_MAX_COLUMNS];
	char store[GRID_CASESTATS_MAX_COLUMNS][32];
	struct grid_casestats_query q;
	struct grid_stat_desc desc;
	struct stats_common c;
	struct stats_out *o;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int rc, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	c.many = 1;
	parse(argc, argv, &c, &q);
	n = grid_casestats_columns(&q, columns);
	if (grid_stat_desc_init(&desc, "cases", columns, n, &err) != 0)
		cli_die(GRID_EINTERNAL, "%s", err.text);
	make_labels(columns, n, labels, store);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	o = stats_out_open(&c, "案件统计", columns, labels, n, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = chart(o, columns, n, &q)) == 0)
		rc = c.cli.ndbs > 1 ? stats_rows(&c, db, &desc, run_cases,
		    &q, q.top, o, &err, &status) : grid_casestats_run(db, &q,
		    stats_write_row, o, &err);
	return stats_end(o, db, rc, &err, status);
}
