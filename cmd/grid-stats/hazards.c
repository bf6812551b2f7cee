/*
 * hazards.c - grid-stats hazards: enterprise hazard self-reporting per
 * unit (grid/hazards.h), or with --list the enterprises in a state (the
 * ones that reported zero hazards, for inspection; those that did not
 * report).  An html page adds a bar chart of the self-report rates.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/hazards.h"

static const char usage[] =
"usage: grid-stats hazards [--period YYYY-MM|YYYY-Qn] [--by LEVEL]\n"
"           [--list STATE] [--in CODE] [options]\n"
"Enterprise hazard self-reporting per unit: level, unit, unit_name,\n"
"period, enterprises, high_risk, due, reported, self_report_rate,\n"
"zero_hazard, hazards, minor, major, remediated, remediation_rate,\n"
"major_open.  High-risk enterprises (orgs attrs risk=high) report\n"
"monthly, the others quarterly; a self-report is a case of source\n"
"self_report for the org, a hazard one with a grade.\n"
"\n"
"      --period P         a month YYYY-MM or a quarter YYYY-Qn (default:\n"
"                         this month, $GRID_NOW)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --list STATE       the enterprises instead: zero (reported, no\n"
"                         hazard: to inspect), missing (due, did not\n"
"                         report), hazards, none, or all (period, uscc,\n"
"                         name, grid_code, cycle, due, reported, reports,\n"
"                         months, hazards, minor, major, remediated,\n"
"                         major_open, state)\n"
STATS_COMMON_HELP
STATS_REVEAL_HELP
STATS_EXIT_HELP;

/* The main columns per unit, in the order a narrow table keeps them. */
static const char *const unit_main[] = {
	"unit_name", "enterprises", "self_report_rate", "high_risk",
	"hazards", "major", "major_open", "remediation_rate", "due",
	"reported", "zero_hazard", "minor", "remediated", "period", "unit",
	"level", NULL
};

static const char *const unit_labels[] = {
	STATS_UNIT_LABELS, "期间", "企业数", "高危企业",
	"应报企业", "已报企业", "自查上报率 %", "零隐患企业", "隐患数",
	"一般隐患", "重大隐患", "已整改", "整改率 %", "挂牌督办重大隐患"
};
_Static_assert(STATS_LEN(unit_labels) == GRID_HAZARDS_NCOLUMN,
    "a label for each column");

static const char *const org_labels[] = {
	"期间", "统一社会信用代码", "企业名称", "网格编码", "上报周期",
	"应报", "已报", "自查上报次数", "上报月数", "隐患数", "一般隐患",
	"重大隐患", "已整改", "挂牌督办重大隐患", "状态"
};
_Static_assert(STATS_LEN(org_labels) == GRID_HAZARDS_ORG_NCOLUMN,
    "a label for each column");

enum { OPT_PERIOD = 256, OPT_BY, OPT_LIST };

struct hazards {
	struct stats_common common;
	enum grid_level level;
	const char *period;
	const char *list;	/* NULL: the unit report; "all" or a state */
};

static void
parse(struct hazards *h, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "by", required_argument, NULL, OPT_BY },
		{ "list", required_argument, NULL, OPT_LIST },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const states[] = { "zero", "missing", "hazards",
		"none", "all" };
	enum grid_level by = GRID_LEVEL_NONE;
	size_t i;
	int opt;

	while ((opt = stats_option(argc, argv, opts, &h->common, usage)) !=
	    -1) {
		if (opt == OPT_PERIOD)
			h->period = optarg;
		else if (opt == OPT_BY)
			by = stats_level_option(optarg);
		else if (opt == OPT_LIST)
			h->list = optarg;
	}
	for (i = 0; h->list != NULL && i < STATS_LEN(states); i++)
		if (strcmp(h->list, states[i]) == 0)
			break;
	if (h->list != NULL && i == STATS_LEN(states))
		cli_usage_error("--list: expected zero, missing, "
		    "hazards, none or all, not '%s'", h->list);
	if (h->list != NULL && by != GRID_LEVEL_NONE)
		cli_usage_error("--list lists enterprises: it takes "
		    "no --by");
	h->level = stats_rows_level(&h->common, by, GRID_LEVEL_COMMUNITY);
}

/*
 * Runs the report, with its chart, or the list into o.  Returns 0 or -1
 * with err (left clear when the error was printed).
 */
static int
run(struct hazards *h, struct grid_db *db, struct stats_out *o,
    const struct grid_hazards_period *p, struct grid_error *err)
{
	struct grid_hazards_query q;

	memset(&q, 0, sizeof(q));
	q.period = p;
	q.level = h->level;
	q.area = h->common.in;
	if (h->list != NULL) {
		q.state = strcmp(h->list, "all") == 0 ? NULL : h->list;
		return grid_hazards_list(db, &q, stats_write_row, o, err);
	}
	if (stats_out_bars(o, "自查上报率", 1, 2, 8, "%") != 0)
		return -1;
	return grid_hazards_run(db, &q, stats_write_row, o, err);
}

int
stats_hazards(int argc, char **argv)
{
	struct hazards h;
	struct grid_hazards_period p;
	const struct grid_column *columns;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int rc, status = 0;

	memset(&h, 0, sizeof(h));
	parse(&h, argc, argv);
	if (grid_hazards_period_parse(h.period, &p, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if ((db = stats_open_db(&h.common, &status)) == NULL)
		return status;
	grid_error_clear(&err);
	columns = h.list != NULL ? grid_hazards_org_columns(&n) :
	    grid_hazards_columns(&n);
	cli_table_main(h.list != NULL ? NULL : unit_main);
	o = stats_out_open(&h.common, h.list != NULL ? "企业隐患自查清单" :
	    "企业隐患自查", columns, h.list != NULL ? org_labels : unit_labels,
	    n, &status);
	rc = o != NULL ? run(&h, db, o, &p, &err) : -1;
	return stats_end(o, db, rc, &err, status);
}
