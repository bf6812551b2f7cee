/*
 * quality.c - grid-stats quality: the data quality checks of
 * grid/quality.h as counts (one row per check, or per check and unit with
 * --by), or with --list the rows each check found, ID numbers masked
 * unless --reveal.  An html page adds a bar chart of the counts.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/quality.h"

static const char usage[] =
"usage: grid-stats quality [--by LEVEL] [--check KEY] [--list]\n"
"           [--in CODE] [options]\n"
"Data quality: one row per check (check, label, table, count), zeros\n"
"included; with --by, per check and unit (level, unit, unit_name, check,\n"
"label, count), units with rows only; with --list, the rows found\n"
"(check, table, key, grid_code, value), ID numbers masked.  With --in,\n"
"only the rows whose grid lies in the area.\n"
"Checks: person_no_grid, person_no_house, house_no_grid, house_no_xy,\n"
"ref_<table>_<column> (references to missing rows), bad_id_number,\n"
"bad_uscc, dup_id_number, two_households, grid_no_worker, stale_person.\n"
"\n"
"      --by LEVEL         counts per grid, community, street or district\n"
"      --check KEY        only this check\n"
"      --list             the rows found instead of counts\n"
"      --reveal           ID numbers unmasked in --list\n"
STATS_COMMON_HELP
STATS_EXIT_HELP;

enum { OPT_BY = 256, OPT_CHECK, OPT_LIST };

static const struct grid_column total_columns[] = {
	{ "check", GRID_COL_TEXT }, { "label", GRID_COL_TEXT },
	{ "table", GRID_COL_TEXT }, { "count", GRID_COL_INT },
};
static const char *const total_labels[] = { "检查项", "说明", "表", "数量" };
_Static_assert(STATS_LEN(total_labels) == STATS_LEN(total_columns),
    "a label for each column");

static const struct grid_column unit_columns[] = {
	{ "level", GRID_COL_TEXT }, { "unit", GRID_COL_TEXT },
	{ "unit_name", GRID_COL_TEXT }, { "check", GRID_COL_TEXT },
	{ "label", GRID_COL_TEXT }, { "count", GRID_COL_INT },
};
static const char *const unit_labels[] = {
	STATS_UNIT_LABELS, "检查项", "说明", "数量"
};
_Static_assert(STATS_LEN(unit_labels) == STATS_LEN(unit_columns),
    "a label for each column");

/* The order a narrow table keeps the columns of counts in (cli.h). */
static const char *const count_main[] = {
	"unit_name", "label", "count", "check", "unit", "table", "level",
	NULL
};

static const struct grid_column list_columns[] = {
	{ "check", GRID_COL_TEXT }, { "table", GRID_COL_TEXT },
	{ "key", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "value", GRID_COL_TEXT },
};
static const char *const list_labels[] = {
	"检查项", "表", "记录", "网格编码", "问题值"
};
_Static_assert(STATS_LEN(list_labels) == STATS_LEN(list_columns),
    "a label for each column");

struct quality {
	struct stats_common common;
	struct grid_quality_query query;
	int list;
	struct stats_out *out;
};

static void
parse(struct quality *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "check", required_argument, NULL, OPT_CHECK },
		{ "list", no_argument, NULL, OPT_LIST },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_quality_query *query = &q->query;
	int opt;

	while ((opt = stats_option(argc, argv, opts, &q->common, usage)) !=
	    -1) {
		if (opt == OPT_BY)
			query->level = stats_level_option(optarg);
		else if (opt == OPT_CHECK)
			query->check = optarg;
		else if (opt == OPT_LIST)
			q->list = 1;
	}
	if (q->list && query->level != GRID_LEVEL_NONE)
		cli_usage_error("--list lists rows: it takes no --by");
	if (query->check != NULL && grid_quality_find(query->check) == NULL)
		cli_usage_error("--check: no such check '%s'",
		    query->check);
	if (query->level != GRID_LEVEL_NONE)
		query->level = stats_rows_level(&q->common, query->level,
		    GRID_LEVEL_NONE);
	query->area = q->common.in;
}

static int
write_count(void *ctx, const struct grid_quality_count *c)
{
	struct quality *q = ctx;
	const char *values[6];
	char count[32];

	snprintf(count, sizeof(count), "%lld", c->count);
	if (c->level == NULL) {
		values[0] = c->check->key;
		values[1] = c->check->label;
		values[2] = c->check->table;
		values[3] = count;
	} else {
		values[0] = c->level;
		values[1] = c->unit;
		values[2] = c->unit_name;
		values[3] = c->check->key;
		values[4] = c->check->label;
		values[5] = count;
	}
	return stats_out_row(q->out, values) != 0;
}

static int
write_item(void *ctx, const struct grid_quality_item *item)
{
	struct quality *q = ctx;
	const char *values[5];
	char key[128], value[128];
	int reveal = q->common.cli.reveal;

	values[0] = item->check->key;
	values[1] = item->check->table;
	values[2] = item->check->key_personal && !reveal ?
	    grid_mask_idno(item->key, key, sizeof(key)) : item->key;
	values[3] = item->grid_code;
	values[4] = item->check->value_personal && !reveal &&
	    item->value != NULL ? grid_mask_idno(item->value, value,
	    sizeof(value)) : item->value;
	return stats_out_row(q->out, values) != 0;
}

/* Opens the output of the mode q asks for; NULL with *status. */
static struct stats_out *
open_out(struct quality *q, int *status)
{
	struct stats_out *o;

	cli_table_main(q->list ? NULL : count_main);
	if (q->list)
		return stats_out_open(&q->common, "数据质量问题清单",
		    list_columns, list_labels, STATS_LEN(list_columns), status);
	if (q->query.level != GRID_LEVEL_NONE)
		return stats_out_open(&q->common, "数据质量", unit_columns,
		    unit_labels, STATS_LEN(unit_columns), status);
	o = stats_out_open(&q->common, "数据质量", total_columns,
	    total_labels, STATS_LEN(total_columns), status);
	if (o != NULL && stats_out_bars(o, "各项问题数", 0, 1, 3, "") != 0)
		*status = stats_out_close(o, 0);
	return *status == 0 ? o : NULL;
}

int
stats_quality(int argc, char **argv)
{
	struct quality q;
	struct grid_error err;
	struct grid_db *db;
	int rc, status = 0;

	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	q.query.level = GRID_LEVEL_NONE;
	parse(&q, argc, argv);
	if ((db = stats_open_db(&q.common, &status)) == NULL)
		return status;
	if ((q.out = open_out(&q, &status)) == NULL)
		rc = -1;
	else if (q.list)
		rc = grid_quality_list(db, &q.query, write_item, &q, &err);
	else
		rc = grid_quality_run(db, &q.query, write_count, &q, &err);
	return stats_end(q.out, db, rc, &err, status);
}
