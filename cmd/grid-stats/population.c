/*
 * population.c - grid-stats population: the figures of grid/popstats.h
 * per unit of a level; an html page adds the population pyramid.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/popstats.h"
#include "grid/vocab.h"

static const char usage[] =
"usage: grid-stats population [--by LEVEL] [--at DATE] [--in CODE]\n"
"           [options]\n"
"Population per unit: level, unit, unit_name, people, male, female,\n"
"households, age_0_14, age_15_59, age_60_64, age_65_79, age_80_plus,\n"
"aged_60_share, aged_65_share, ageing_stage, dependency_total,\n"
"dependency_child, dependency_old, floating, overseas, tag_<tag> per\n"
"tag, floating_share, overseas_share.\n"
"\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --at DATE          ages on DATE (default today, $GRID_NOW)\n"
STATS_COMMON_HELP
STATS_REVEAL_HELP
STATS_EXIT_HELP;

/* The Chinese labels of the fixed columns, for the html table. */
static const char *const fixed_labels[] = {
	STATS_UNIT_LABELS, "人口", "男", "女", "户数",
	"0-14岁", "15-59岁", "60-64岁", "65-79岁", "80岁及以上",
	"60岁及以上占比 %", "65岁及以上占比 %", "老龄化阶段", "总抚养比 %",
	"少儿抚养比 %", "老年抚养比 %", "流动人口", "境外人员"
};
_Static_assert(STATS_LEN(fixed_labels) == GRID_POPSTATS_FIXED,
    "a label for each fixed column");

enum { OPT_BY = 256, OPT_AT };

/* The labels of every column: fixed, tags, shares.  labels has n. */
static void
make_labels(const struct grid_column *columns, size_t n,
    const char **labels)
{
	const struct grid_vocab *tags = grid_vocab_find("tag");
	size_t i;

	for (i = 0; i < n; i++) {
		if (i < STATS_LEN(fixed_labels))
			labels[i] = fixed_labels[i];
		else if (strncmp(columns[i].name, "tag_", 4) == 0)
			labels[i] = grid_vocab_label(tags, columns[i].name + 4);
		else
			labels[i] = strcmp(columns[i].name,
			    "floating_share") == 0 ? "流动人口占比 %" :
			    "境外人员占比 %";
	}
}

/*
 * The pyramid of the register (of the area of --in), on an html page.
 * 0, or -1 with the
 * error printed (and *status set unless the output keeps it).
 */
static int
pyramid(struct stats_out *o, struct grid_db *db,
    const struct grid_popstats_query *q, int *status)
{
	long long male[GRID_POPSTATS_NBANDS], female[GRID_POPSTATS_NBANDS];
	const char *bands[GRID_POPSTATS_NBANDS];
	struct grid_error err;
	size_t i;

	if (!stats_out_html(o))
		return 0;
	if (grid_popstats_pyramid(db, q, male, female, &err) != 0) {
		cli_error(&err);
		*status = err.code;
		return -1;
	}
	for (i = 0; i < GRID_POPSTATS_NBANDS; i++)
		bands[i] = grid_popstats_band(i);
	return stats_out_pyramid(o, "人口金字塔 (5岁组, 男左女右)", bands, male,
	    female, GRID_POPSTATS_NBANDS);
}

int
stats_population(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "at", required_argument, NULL, OPT_AT },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const struct grid_column *columns;
	const char *labels[64];
	enum grid_level by = GRID_LEVEL_NONE;
	struct grid_popstats_query q;
	struct stats_common c;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t ncolumns;
	int opt, rc, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	while ((opt = stats_option(argc, argv, opts, &c, usage)) != -1) {
		if (opt == OPT_BY)
			by = stats_level_option(optarg);
		else if (opt == OPT_AT)
			q.at = optarg;
	}
	q.level = stats_rows_level(&c, by, GRID_LEVEL_COMMUNITY);
	q.area = c.in;
	columns = grid_popstats_columns(&ncolumns);
	if (ncolumns > 64)
		cli_die(GRID_EINTERNAL, "too many columns");
	make_labels(columns, ncolumns, labels);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	o = stats_out_open(&c, "人口统计", columns, labels, ncolumns, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = pyramid(o, db, &q, &status)) == 0)
		rc = grid_popstats_run(db, &q, stats_write_row, o, &err);
	return stats_end(o, db, rc, &err, status);
}
