/*
 * petitions.c - grid-stats petitions: the figures of petitions (信访) per
 * unit and period (grid/petitionstats.h), or with --repeat the people
 * who petitioned twice or more in the period, their ID numbers masked
 * unless --reveal (recorded first, outreach.h).  An html page adds a bar
 * chart of the on-time reply rates.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/petitionstats.h"
#include "grid/statmerge.h"

static const char usage[] =
"usage: grid-stats petitions [--period YYYY-MM|YYYY-Qn] [--by LEVEL]\n"
"           [--repeat] [--in CODE] [options]\n"
"Petitions (信访) per unit: level, unit, unit_name, period, received,\n"
"accepted, replied, replied_on_time, on_time_rate, followed_through,\n"
"follow_through_rate, overdue, group, over_level, visit, letter,\n"
"online, phone.  A petition is a case with a petition record (grid-case\n"
"petition); each figure counts what happened in the period: received\n"
"(reported), accepted, replied (answered), on time when not after its\n"
"reply_due; followed_through of the replied; overdue: accepted, not\n"
"replied by the end of the period and past its reply_due; group\n"
"(people_count >= group_petition_people), over_level and the forms of\n"
"the received.\n"
"Several -d: the figures of a database holding all of them (counts\n"
"summed, rates computed again; group by each database's\n"
"group_petition_people); --repeat counts a person's petitions in every\n"
"database together (one ID number in every district).\n"
"\n"
"      --period P         a month YYYY-MM or a quarter YYYY-Qn (default:\n"
"                         this month, $GRID_NOW)\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --repeat           the repeat petitioners instead: the people who\n"
"                         were petitioners or representatives of two\n"
"                         petitions or more received in the period\n"
"                         (period, id_number, name, grid_code,\n"
"                         petitions, first_at, last_at, case_ids),\n"
"                         ID numbers masked\n"
STATS_COMMON_HELP
"      --reveal           --repeat unmasked; recorded in DB.reveal.log\n"
"\n"
"Exit status: 0; 64 usage; 65 --in names no area of the database;\n"
"69 database missing; 70 internal error; 73 cannot create output or\n"
"record a --reveal; 74 I/O error; 75 database busy.\n";

/* The main columns per unit, in the order a narrow table keeps them. */
static const char *const unit_main[] = {
	"unit_name", "received", "replied", "on_time_rate",
	"follow_through_rate", "overdue", "group", "over_level",
	"accepted", "replied_on_time", "followed_through", "visit",
	"letter", "online", "phone", "period", "unit", "level", NULL
};

static const char *const unit_labels[] = {
	STATS_UNIT_LABELS, "期间", "受理登记", "受理", "答复",
	"按期答复", "按期答复率 %", "已落实", "落实率 %", "超期未答复",
	"集体访", "越级访", "来访", "来信", "网上信访", "来电"
};
_Static_assert(STATS_LEN(unit_labels) == GRID_PETITIONSTATS_NCOLUMN,
    "a label for each column");

static const char *const repeat_labels[] = {
	"期间", "公民身份号码", "姓名", "网格编码", "信访次数",
	"首次信访", "最近信访", "案件编号"
};
_Static_assert(STATS_LEN(repeat_labels) ==
    GRID_PETITIONSTATS_REPEAT_NCOLUMN, "a label for each column");

static const enum stats_mask repeat_mask[] = {
	STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE
};
_Static_assert(STATS_LEN(repeat_mask) == GRID_PETITIONSTATS_REPEAT_NCOLUMN,
    "a mask for each column");

enum { OPT_PERIOD = 256, OPT_BY, OPT_REPEAT };

struct petitions {
	struct stats_common common;
	enum grid_level level;
	const char *period;
	int repeat;
};

static void
parse(struct petitions *p, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "by", required_argument, NULL, OPT_BY },
		{ "repeat", no_argument, NULL, OPT_REPEAT },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	enum grid_level by = GRID_LEVEL_NONE;
	int opt;

	while ((opt = stats_option(argc, argv, opts, &p->common, usage)) !=
	    -1) {
		if (opt == OPT_PERIOD)
			p->period = optarg;
		else if (opt == OPT_BY)
			by = stats_level_option(optarg);
		else if (opt == OPT_REPEAT)
			p->repeat = 1;
	}
	if (p->repeat && by != GRID_LEVEL_NONE)
		cli_usage_error("--repeat lists people: it takes no --by");
	p->level = stats_rows_level(&p->common, by, GRID_LEVEL_COMMUNITY);
}

/* One database's events of the list (outreach.h). */
static int
add_petitions(struct grid_stat_repeats *list, struct grid_db *db,
    const void *q, struct grid_error *err)
{
	return grid_stat_repeats_petitions(list, db, q, err);
}

/*
 * --repeat: the reveal recorded first (in each database of -d), then the
 * masked list; a person's petitions in several databases are counted
 * together.
 */
static int
repeaters(struct petitions *p, struct grid_db *db,
    const struct grid_petitionstats_query *q, int argc, char **argv)
{
	struct stats_list l = { NULL, repeat_mask,
		GRID_PETITIONSTATS_REPEAT_NCOLUMN, p->common.cli.reveal };
	struct stats_reveal r = { &p->common, "petitions --repeat", argc,
		argv, db };
	struct grid_stat_repeats *list = NULL;
	struct grid_error err;
	int rc = -1, status = 0;

	grid_error_clear(&err);
	if (stats_list_reveal(db, &p->common, "petitions --repeat", argc,
	    argv, &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	l.out = stats_out_open(&p->common, "重复信访人员",
	    grid_petitionstats_repeat_columns(NULL), repeat_labels,
	    GRID_PETITIONSTATS_REPEAT_NCOLUMN, &status);
	if (l.out != NULL && stats_out_when_fact(l.out, "期间 period",
	    q->period->name, 0, NULL) != 0)
		;	/* the output's error, printed by stats_end */
	else if (l.out != NULL && (list = grid_stat_repeats_new(
	    GRID_REPEAT_PETITIONS)) == NULL)
		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else if (l.out != NULL)
		rc = stats_repeats_rows(&p->common, db, &r, list,
		    add_petitions, q, &l, &err, &status);
	grid_stat_repeats_free(list);
	return stats_end(l.out, db, rc, &err, status);
}

/* The units' figures of one database (merge.c). */
static int
run_units(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_petitionstats_run(db, q, on_row, ctx, err);
}

int
stats_petitions(int argc, char **argv)
{
	struct petitions p;
	struct grid_hazards_period period;
	struct grid_petitionstats_query q;
	const struct grid_column *columns;
	struct grid_stat_desc desc;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t n;
	int rc = -1, status = 0;

	memset(&p, 0, sizeof(p));
	p.common.many = 1;	/* -d repeated: a city's view (merge.c) */
	parse(&p, argc, argv);
	if (grid_hazards_period_parse(p.period, &period, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if ((db = stats_open_db(&p.common, &status)) == NULL)
		return status;
	memset(&q, 0, sizeof(q));
	q.period = &period;
	q.level = p.level;
	q.area = p.common.in;
	if (p.repeat)
		return repeaters(&p, db, &q, argc, argv);
	grid_error_clear(&err);
	columns = grid_petitionstats_columns(&n);
	if (grid_stat_desc_init(&desc, "petitions", columns, n, &err) != 0)
		cli_die(GRID_EINTERNAL, "%s", err.text);
	cli_table_main(unit_main);
	o = stats_out_open(&p.common, "信访工作", columns, unit_labels, n,
	    &status);
	if (o != NULL && stats_out_when_fact(o, "期间 period", period.name, 0,
	    NULL) == 0 && stats_out_bars(o, "按期答复率", 1, 2, 8, "%") == 0)
		rc = stats_rows(&p.common, db, &desc, run_units, &q, 0, o,
		    &err, &status);
	return stats_end(o, db, rc, &err, status);
}
