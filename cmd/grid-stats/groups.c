/*
 * groups.c - grid-stats groups: where the people with some tags live
 * (grid/groupstats.h); an html page adds a bar chart of the shares.
 * With --list, the people themselves with their phone and address (an
 * outreach list: outreach.h), masked unless --reveal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/groupstats.h"
#include "grid/statmerge.h"
#include "grid/vocab.h"

static const char usage[] =
"usage: grid-stats groups --tag T [--tag T ...] [--any] [--by LEVEL]\n"
"           [--age-min N] [--at DATE] [--in CODE] [options]\n"
"       grid-stats groups --list --tag T [--tag T ...] [--any]\n"
"           [--age-min N] [--at DATE] [--in CODE] [--reveal] [options]\n"
"Where a group lives, per unit: level, unit, unit_name, people (the\n"
"unit's population), in_group (its people in the group), share\n"
"(percent of people).  The group: people with every --tag, or with any\n"
"of them (--any), on the date of --at.  With --list, its people, for an\n"
"SMS gateway: grid_code, id_number, name, phone, address (of the\n"
"person's house), by grid and ID number; ID number, phone and address\n"
"masked unless --reveal.\n"
"\n"
"      --tag T            a tag (elderly_alone, 独居老人, ...); repeat\n"
"      --any              people with any of the tags (default: all)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --age-min N        only people aged N or more\n"
"      --at DATE          ages and tags on DATE (default today,\n"
"                         $GRID_NOW)\n"
"      --list             the people of the group instead of counts\n"
"      --reveal           --list unmasked; recorded in DB.reveal.log\n"
STATS_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 --in names no area of the database;\n"
"69 database missing; 70 internal error; 73 cannot create output or\n"
"record a --reveal; 74 I/O error; 75 database busy.\n";

static const char *const labels[] = {
	STATS_UNIT_LABELS, "人口", "群体人数", "占比 %"
};
_Static_assert(STATS_LEN(labels) == GRID_GROUPSTATS_NCOLUMN,
    "a label for each column");

static const char *const list_labels[] = {
	"网格编码", "公民身份号码", "姓名", "联系电话", "地址"
};
_Static_assert(STATS_LEN(list_labels) == GRID_GROUPSTATS_LIST_NCOLUMN,
    "a label for each column of the list");

/* What --list masks, column by column (groupstats.h). */
static const enum stats_mask list_mask[] = {
	STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_NONE,
	STATS_MASK_PHONE, STATS_MASK_NUMBER
};
_Static_assert(STATS_LEN(list_mask) == GRID_GROUPSTATS_LIST_NCOLUMN,
    "a mask for each column of the list");

enum { OPT_TAG = 256, OPT_ANY, OPT_BY, OPT_AGE_MIN, OPT_AT, OPT_LIST };

/*
 * Reads the options into c and q (tags into tags, --list into *list).
 * Dies 64.
 */
static void
parse(int argc, char **argv, struct stats_common *c,
    struct grid_groupstats_query *q, const char **tags, int *list)
{
	static const struct option opts[] = {
		{ "tag", required_argument, NULL, OPT_TAG },
		{ "any", no_argument, NULL, OPT_ANY },
		{ "by", required_argument, NULL, OPT_BY },
		{ "age-min", required_argument, NULL, OPT_AGE_MIN },
		{ "at", required_argument, NULL, OPT_AT },
		{ "list", no_argument, NULL, OPT_LIST },
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
		case OPT_LIST: *list = 1; break;
		}
	}
	if (q->ntags == 0)
		cli_usage_error("give at least one --tag");
	if (*list && by != GRID_LEVEL_NONE)
		cli_usage_error("--list lists people: it takes no --by");
	q->level = stats_rows_level(c, by, GRID_LEVEL_COMMUNITY);
	q->area = c->in;
}

/* The figures or the list of one database, for stats_rows. */
static int
run_groups(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_groupstats_run(db, q, on_row, ctx, err);
}

static int
run_list(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_groupstats_list(db, q, on_row, ctx, err);
}


/* groups --list: the people of the group, the reveal recorded first. */
static int
people(struct stats_common *c, struct grid_db *db,
    const struct grid_groupstats_query *q, int argc, char **argv)
{
	/* the order of grid_groupstats_list: grid (none last), ID number */
	static const struct stats_list_order order[] = {
		{ 0, 1, 0 }, { 1, 1, 0 }
	};
	struct stats_list l = { NULL, list_mask, GRID_GROUPSTATS_LIST_NCOLUMN,
		c->cli.reveal };
	struct stats_reveal r = { c, "groups --list", argc, argv, db };
	struct stats_list_spec spec = { GRID_GROUPSTATS_LIST_NCOLUMN, order,
		STATS_LEN(order), stats_reveal_each, &r };
	struct grid_error err;
	int rc = -1, status = 0;

	grid_error_clear(&err);
	if (stats_list_reveal(db, c, "groups --list", argc, argv,
	    &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	l.out = stats_out_open(c, "群体人员名单",
	    grid_groupstats_list_columns(NULL), list_labels,
	    GRID_GROUPSTATS_LIST_NCOLUMN, &status);
	if (l.out != NULL)
		rc = stats_list_rows(c, db, &spec, run_list, q,
		    stats_list_row, &l, &err, &status);
	return stats_end(l.out, db, rc, &err, status);
}

/* The page's group (its tags, each with its label) and reference date. */
static int
group_fact(struct stats_out *o, const struct grid_groupstats_query *q)
{
	const struct grid_vocab *v = grid_vocab_find("tag");
	char text[400];
	size_t i, len = 0;

	len += (size_t)snprintf(text, sizeof(text), "群体 group (%s): ",
	    q->any ? "任一 any" : "全部 all");
	for (i = 0; i < q->ntags && len < sizeof(text); i++) {
		const char *code = grid_vocab_lookup(v, q->tags[i]);
		const char *label = code != NULL ? grid_vocab_label(v, code) :
		    NULL;

		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%s%s%s", i > 0 ? ", " : "", label != NULL ? label :
		    "", label != NULL ? " " : "", code != NULL ? code :
		    q->tags[i]);
	}
	if (q->age_min >= 0 && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, ", %d 岁及以上 aged %d+",
		    q->age_min, q->age_min);
	return stats_out_when_fact(o, "参考日期 reference date", q->at, 10,
	    text);
}

int
stats_groups(int argc, char **argv)
{
	const char *tags[GRID_GROUPSTATS_MAX_TAGS];
	struct grid_groupstats_query q;
	const struct grid_column *columns;
	struct grid_stat_desc desc;
	struct stats_common c;
	struct stats_out *o;
	struct grid_error err;
	struct grid_db *db;
	size_t ncolumns;
	int rc, status = 0, list = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	c.many = 1;
	q.age_min = -1;
	q.tags = tags;
	parse(argc, argv, &c, &q, tags, &list);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	if (list)
		return people(&c, db, &q, argc, argv);
	columns = grid_groupstats_columns(&ncolumns);
	if (grid_stat_desc_init(&desc, "groups", columns, ncolumns,
	    &err) != 0)
		cli_die(GRID_EINTERNAL, "%s", err.text);
	o = stats_out_open(&c, "群体分布", columns, labels, ncolumns, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = group_fact(o, &q)) == 0 &&
	    (rc = stats_out_bars(o, "群体占人口比例", 1, 2, 5, "%")) == 0)
		rc = stats_rows(&c, db, &desc, run_groups, &q, 0, o, &err,
		    &status);
	return stats_end(o, db, rc, &err, status);
}
