/*
 * groups.c - grid-stats groups: where the people with some tags live
 * (grid/groupstats.h); an html page adds a bar chart of the shares.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/groupstats.h"

static const char usage[] =
"usage: grid-stats groups --tag T [--tag T ...] [--any] [--by LEVEL]\n"
"           [--age-min N] [--at DATE] [--in CODE] [options]\n"
"Where a group lives, per unit: level, unit, unit_name, people (the\n"
"unit's population), in_group (its people in the group), share\n"
"(percent of people).  The group: people with every --tag, or with any\n"
"of them (--any).\n"
"\n"
"      --tag T            a tag (elderly_alone, 独居老人, ...); repeat\n"
"      --any              people with any of the tags (default: all)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --age-min N        only people aged N or more\n"
"      --at DATE          ages on DATE (default today, $GRID_NOW)\n"
STATS_COMMON_HELP
STATS_REVEAL_HELP
STATS_EXIT_HELP;

static const char *const labels[] = {
	STATS_UNIT_LABELS, "人口", "群体人数", "占比 %"
};
_Static_assert(STATS_LEN(labels) == GRID_GROUPSTATS_NCOLUMN,
    "a label for each column");

enum { OPT_TAG = 256, OPT_ANY, OPT_BY, OPT_AGE_MIN, OPT_AT };

/* Reads the options into c and q (tags into tags).  Dies 64. */
static void
parse(int argc, char **argv, struct stats_common *c,
    struct grid_groupstats_query *q, const char **tags)
{
	static const struct option opts[] = {
		{ "tag", required_argument, NULL, OPT_TAG },
		{ "any", no_argument, NULL, OPT_ANY },
		{ "by", required_argument, NULL, OPT_BY },
		{ "age-min", required_argument, NULL, OPT_AGE_MIN },
		{ "at", required_argument, NULL, OPT_AT },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	enum grid_level by = GRID_LEVEL_NONE;
	int opt;

	while ((opt = stats_option(argc, argv, opts, c, usage)) != -1) {
		switch (opt) {
		case OPT_TAG:
			if (q->ntags == GRID_GROUPSTATS_MAX_TAGS)
				cli_usage_error("--tag: at most %d tags",
				    GRID_GROUPSTATS_MAX_TAGS);
			tags[q->ntags++] = optarg;
			break;
		case OPT_ANY: q->any = 1; break;
		case OPT_BY: by = stats_level_option(optarg); break;
		case OPT_AGE_MIN:
			q->age_min = (int)cli_number("--age-min", optarg, 0,
			    150);
			break;
		case OPT_AT: q->at = optarg; break;
		}
	}
	if (q->ntags == 0)
		cli_usage_error("give at least one --tag");
	q->level = stats_rows_level(c, by, GRID_LEVEL_COMMUNITY);
	q->area = c->in;
}

int
stats_groups(int argc, char **argv)
{
	const char *tags[GRID_GROUPSTATS_MAX_TAGS];
	struct grid_groupstats_query q;
	const struct grid_column *columns;
	struct stats_common c;
	struct stats_out *o;
	struct grid_error err;
	struct grid_db *db;
	size_t ncolumns;
	int rc, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	q.age_min = -1;
	q.tags = tags;
	parse(argc, argv, &c, &q, tags);
	columns = grid_groupstats_columns(&ncolumns);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	o = stats_out_open(&c, "群体分布", columns, labels, ncolumns, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = stats_out_bars(o, "群体占人口比例", 1, 2, 5, "%")) == 0)
		rc = grid_groupstats_run(db, &q, stats_write_row, o, &err);
	return stats_end(o, db, rc, &err, status);
}
