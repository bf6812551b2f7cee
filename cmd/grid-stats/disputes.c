/*
 * disputes.c - grid-stats disputes: dispute mediation per unit (found,
 * mediated, success rate, resolved at the first line; grid/disputestats.h),
 * or with --repeated the parties whose disputes repeat, masked unless
 * --reveal (recorded first).  An html page adds a bar chart of the
 * success rates.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/disputes.h"
#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/disputestats.h"
#include "grid/statmerge.h"

static const char usage[] =
"usage: grid-stats disputes [--month YYYY-MM | --from DATE --to DATE]\n"
"           [--by LEVEL] [--in CODE] [options]\n"
"       grid-stats disputes --repeated [--month M | --from D --to D]\n"
"           [--in CODE] [--reveal] [options]\n"
"Dispute mediation (矛盾纠纷排查调处) per unit: level, unit, unit_name,\n"
"period, found (disputes reported in the period: cases of a category of\n"
"case_type dispute), mediated (with an attempt), resolved (outcome\n"
"resolved or agreement), success_rate (resolved / mediated, 调解成功率),\n"
"first_line (resolved at grid or community level), first_line_share\n"
"(first_line / resolved), referred, failed, open; each dispute as it\n"
"stood at the end of the period.\n"
"With --repeated, the parties whose disputes repeat in the period: each\n"
"pair of parties of two or more disputes, and each party alone in two or\n"
"more: period, party_a, name_a, party_b, name_b, disputes, case_ids,\n"
"first_reported, last_reported, open, grid_code.\n"
"Several -d: the figures of a database holding all of them (counts\n"
"summed, rates computed again); --repeated groups the pairs of every\n"
"database: a person is one ID number in every district, so a pair with\n"
"a dispute in each of two districts is repeated across the city.\n"
"\n"
"      --month M          the month YYYY-MM (default: this month,\n"
"                         $GRID_NOW)\n"
"      --from DATE        reported on or after DATE (instead of --month)\n"
"      --to DATE          reported on or before DATE (default: today)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --repeated         the repeated disputes of the same parties, ID\n"
"                         numbers masked\n"
STATS_COMMON_HELP
"      --reveal           --repeated: ID numbers unmasked; recorded in\n"
"                         the database's .reveal.log first\n"
STATS_EXIT_HELP;

/* The main columns, in the order a narrow table keeps them (cli.h). */
static const char *const unit_main[] = {
	"unit_name", "found", "success_rate", "first_line_share", "mediated",
	"resolved", "first_line", "referred", "failed", "open", "period",
	"unit", "level", NULL
};

static const char *const unit_labels[] = {
	STATS_UNIT_LABELS, "期间", "排查纠纷", "已调解", "调解成功",
	"调解成功率 %", "基层化解", "基层化解率 %", "移交", "调解不成",
	"未结"
};
_Static_assert(STATS_LEN(unit_labels) == GRID_DISPUTESTATS_NCOLUMN,
    "a label for each column");

static const char *const repeated_labels[] = {
	"期间", "当事人甲", "甲方名称", "当事人乙", "乙方名称", "纠纷次数",
	"案件编号", "首次上报", "最近上报", "未结", "网格编码"
};
_Static_assert(STATS_LEN(repeated_labels) == GRID_DISPUTESTATS_NREPEATED,
    "a label for each column of the list");

static const enum stats_mask repeated_mask[] = {
	STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_NONE,
	STATS_MASK_NUMBER, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE
};
_Static_assert(STATS_LEN(repeated_mask) == GRID_DISPUTESTATS_NREPEATED,
    "a mask for each column of the list");

enum { OPT_MONTH = 256, OPT_FROM, OPT_TO, OPT_BY, OPT_REPEATED };

/* One database's events of the list (outreach.h). */
static int
add_disputes(struct grid_stat_repeats *list, struct grid_db *db,
    const void *q, struct grid_error *err)
{
	return grid_stat_repeats_disputes(list, db, q, err);
}

/*
 * The list of repeated disputes, masked; a --reveal recorded first, in
 * each database of -d.  A pair of parties with disputes in several
 * databases is one pair (a person is one ID number everywhere).
 */
static int
repeated(struct stats_common *c, struct grid_disputestats_query *q,
    int argc, char **argv)
{
	struct stats_list l = { NULL, repeated_mask,
		GRID_DISPUTESTATS_NREPEATED, c->cli.reveal };
	struct stats_reveal r = { c, "disputes --repeated", argc, argv, NULL };
	struct grid_stat_repeats *list = NULL;
	const struct grid_column *columns;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int rc = -1, status = 0;

	grid_error_clear(&err);
	if ((db = stats_open_db(c, &status)) == NULL)
		return status;
	r.first = db;
	if (stats_list_reveal(db, c, "disputes --repeated", argc, argv,
	    &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	columns = grid_disputestats_repeated_columns(&n);
	l.out = stats_out_open(c, "重复纠纷当事人", columns, repeated_labels,
	    n, &status);
	if (l.out != NULL && (list = grid_stat_repeats_new(
	    GRID_REPEAT_DISPUTES)) == NULL)
		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else if (l.out != NULL)
		rc = stats_repeats_rows(c, db, &r, list, add_disputes, q, &l,
		    &err, &status);
	grid_stat_repeats_free(list);
	return stats_end(l.out, db, rc, &err, status);
}

/* The units' figures of one database (merge.c). */
static int
run_units(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_disputestats_run(db, q, on_row, ctx, err);
}

/* The page's period: the month, or from and to. */
static int
period_fact(struct stats_out *o, const struct grid_disputestats_query *q)
{
	char text[96];

	if (q->from == NULL && q->to == NULL)
		return stats_out_when_fact(o, "月份 month", q->month, 7, NULL);
	snprintf(text, sizeof(text), "期间 period: %s – %s",
	    q->from != NULL ? q->from : "", q->to != NULL ? q->to : "");
	return stats_out_fact(o, text);
}

int
stats_disputes(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, OPT_MONTH },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "by", required_argument, NULL, OPT_BY },
		{ "repeated", no_argument, NULL, OPT_REPEATED },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_disputestats_query q;
	const struct grid_column *columns;
	struct grid_stat_desc desc;
	enum grid_level by = GRID_LEVEL_NONE;
	struct stats_common c;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int opt, rc, status = 0, list = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	c.many = 1;	/* -d repeated: a city's view (merge.c) */
	while ((opt = stats_option(argc, argv, opts, &c, usage)) != -1) {
		if (opt == OPT_MONTH)
			q.month = optarg;
		else if (opt == OPT_FROM)
			q.from = optarg;
		else if (opt == OPT_TO)
			q.to = optarg;
		else if (opt == OPT_BY)
			by = stats_level_option(optarg);
		else if (opt == OPT_REPEATED)
			list = 1;
	}
	if (q.month != NULL && (q.from != NULL || q.to != NULL))
		cli_usage_error("give --month or --from/--to, not both");
	if (list && by != GRID_LEVEL_NONE)
		cli_usage_error("--repeated lists parties: it takes no --by");
	q.area = c.in;
	if (list)
		return repeated(&c, &q, argc, argv);
	q.level = stats_rows_level(&c, by, GRID_LEVEL_COMMUNITY);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	cli_table_main(unit_main);
	columns = grid_disputestats_columns(&n);
	if (grid_stat_desc_init(&desc, "disputes", columns, n, &err) != 0)
		cli_die(GRID_EINTERNAL, "%s", err.text);
	if ((o = stats_out_open(&c, "矛盾纠纷调处", columns, unit_labels, n,
	    &status)) == NULL)
		rc = -1;
	else if ((rc = period_fact(o, &q)) == 0 &&
	    (rc = stats_out_bars(o, "调解成功率", 1, 2, 7, "%")) == 0)
		rc = stats_rows(&c, db, &desc, run_units, &q, 0, o, &err,
		    &status);
	return stats_end(o, db, rc, &err, status);
}
