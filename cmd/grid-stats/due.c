/*
 * due.c - grid-stats visits --due: the people owed a visit on a day,
 * masked unless --reveal (recorded first), or with --by the figures per
 * unit or worker (grid/visits.h, grid_visits_due_run).
 */
#include <stdio.h>
#include <string.h>

#include "grid-stats/due.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/statmerge.h"
#include "grid/visits.h"

static const char *const list_labels[] = {
	"公民身份号码", "姓名", "联系电话", "网格编码", "标签", "标签名称",
	"风险等级", "走访周期", "开始日期", "上次走访", "应访日期", "状态",
	"逾期天数", "帮扶责任人"
};
_Static_assert(STATS_LEN(list_labels) == GRID_VISITS_DUE_NLIST,
    "a label for each column of the list");

static const enum stats_mask list_mask[] = {
	STATS_MASK_NUMBER, STATS_MASK_NONE, STATS_MASK_PHONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE
};
_Static_assert(STATS_LEN(list_mask) == GRID_VISITS_DUE_NLIST,
    "a mask for each column of the list");

static const char *const figure_labels[] = {
	STATS_UNIT_LABELS, "日期", "列管人数", "应访", "逾期", "按时走访",
	"按时走访率 %"
};
_Static_assert(STATS_LEN(figure_labels) == GRID_VISITS_DUE_NFIGURES,
    "a label for each figure");

/* The level of --by: an area level or worker; dies 64 otherwise. */
static enum grid_metrics_level
figures_level(const struct stats_common *c, const char *text)
{
	enum grid_metrics_level level;

	if (grid_metrics_level_parse(text, &level) == 0 &&
	    level == GRID_BY_WORKER)
		return GRID_BY_WORKER;
	stats_no_dept(text);
	if (!grid_level_has_units(grid_level_parse(text)))
		cli_usage_error("--by: expected grid, community, street, "
		    "district or worker, not '%s'", text);
	return (enum grid_metrics_level)stats_rows_level(c,
	    grid_level_parse(text), GRID_LEVEL_COMMUNITY);
}

/* The due figures or list of one database, for stats_rows. */
static int
run_due(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_visits_due_run(db, q, on_row, ctx, err);
}


int
stats_visits_due(struct stats_common *c, const char *at, const char *by,
    int argc, char **argv)
{
	struct grid_visits_due_query q;
	struct stats_list l = { NULL, list_mask, GRID_VISITS_DUE_NLIST,
		c->cli.reveal };
	/* the list's order (visits.h): no due day first, then by the due
	 * day, grid (none first) and ID number */
	static const struct stats_list_order order[] = {
		{ 10, 0, 0 }, { 3, 0, 0 }, { 0, 1, 0 }
	};
	struct stats_reveal r = { c, "visits --due", argc, argv, NULL };
	struct stats_list_spec spec = { GRID_VISITS_DUE_NLIST, order,
		STATS_LEN(order), stats_reveal_each, &r };
	const struct grid_column *columns;
	struct grid_stat_desc desc;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int rc = -1, status = 0;

	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	q.list = by == NULL;
	q.at = at;
	q.area = c->in;
	if (by != NULL)
		q.level = figures_level(c, by);
	if ((db = stats_open_db(c, &status)) == NULL)
		return status;
	r.first = db;
	columns = grid_visits_due_columns(q.list, &n);
	if (!q.list) {
		struct stats_out *o = stats_out_open(c, "走访到期统计",
		    columns, figure_labels, n, &status);

		if (grid_stat_desc_init(&desc, "visits_due", columns, n,
		    &err) != 0)
			cli_die(GRID_EINTERNAL, "%s", err.text);
		if (o != NULL && (rc = stats_out_bars(o, "按时走访率", 1, 2,
		    8, "%")) == 0)
			rc = stats_rows(c, db, &desc, run_due, &q, 0, o, &err,
			    &status);
		return stats_end(o, db, rc, &err, status);
	}
	if (stats_list_reveal(db, c, "visits --due", argc, argv,
	    &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	l.out = stats_out_open(c, "应访名单", columns, list_labels, n,
	    &status);
	if (l.out != NULL)
		rc = stats_list_rows(c, db, &spec, run_due, &q,
		    stats_list_row, &l, &err, &status);
	return stats_end(l.out, db, rc, &err, status);
}
