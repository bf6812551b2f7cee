/*
 * hazards.c - grid-stats hazards: enterprise hazard self-reporting per
 * unit (grid/hazards.h), or with --list the enterprises in a state (the
 * ones that reported zero hazards, for inspection; those that did not
 * report).  An html page adds a bar chart of the self-report rates.
 * Inspections: --inspections per unit, the lists --uninspected and
 * --recurred, and the spot-check sample --sample; the lists' legal_rep
 * and phone masked unless --reveal (recorded first: outreach.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/hazards.h"
#include "grid/statmerge.h"

static const char usage[] =
"usage: grid-stats hazards [--period YYYY-MM|YYYY-Qn] [--by LEVEL]\n"
"           [--list STATE | --inspections] [--in CODE] [options]\n"
"       grid-stats hazards --uninspected | --recurred [--period P]\n"
"           [--in CODE] [--reveal] [options]\n"
"       grid-stats hazards --sample own:P,lower:P --seed N [--level L]\n"
"           [--unit CODE] [--reveal] [options]\n"
"Enterprise hazard self-reporting per unit: level, unit, unit_name,\n"
"period, enterprises, high_risk, due, reported, self_report_rate,\n"
"zero_hazard, hazards, minor, major, remediated, remediation_rate,\n"
"major_open.  High-risk enterprises (orgs attrs risk=high) report\n"
"monthly, the others quarterly; a self-report is a case of source\n"
"self_report for the org, a hazard one with a grade.  An inspection is\n"
"a visit of an org of kind fire_inspection, safety_inspection or\n"
"food_inspection (not absent); it passed with 0 hazards or result met.\n"
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
"      --inspections      inspections per unit instead: level, unit,\n"
"                         unit_name, period, orgs, inspected,\n"
"                         inspections, hazards_found, passed, recurred,\n"
"                         recurrence_rate, overdue, zero_hazard,\n"
"                         uninspected\n"
"      --uninspected      the zero reporters not inspected since their\n"
"                         first zero report of the period: period, uscc,\n"
"                         name, grid_code, supervision_level, legal_rep,\n"
"                         phone, zero_reports, last_zero_report,\n"
"                         last_inspection, last_kind, next_date\n"
"      --recurred         the orgs with hazards again after a passed\n"
"                         inspection in the period: period, uscc, name,\n"
"                         grid_code, supervision_level, legal_rep, phone,\n"
"                         passed_at, passed_kind, recurred_at,\n"
"                         recurred_by, hazard_events\n"
"      --sample SPEC      a spot-check sample of the active orgs:\n"
"                         own:P of those supervised at --level, lower:P\n"
"                         of those below (rounded up; no\n"
"                         supervision_level: community): seed, level,\n"
"                         stratum, rank, why, uscc, name, grid_code,\n"
"                         supervision_level, address, legal_rep, phone\n"
"      --seed N           the sample's seed (0-18446744073709551615): the\n"
"                         same seed, the same sample\n"
"      --level L          the inspectors' level: city, district\n"
"                         (default, or the level of --unit), street,\n"
"                         community\n"
"      --unit CODE        the sample of the orgs of this district,\n"
"                         street or community only\n"
"      --reveal           the lists' legal_rep and phone unmasked;\n"
"                         recorded in DB.reveal.log\n"
STATS_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 --in or --unit names no area of the\n"
"database; 69 database missing; 70 internal error; 73 cannot create\n"
"output or record a --reveal; 74 I/O error; 75 database busy.\n";

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

static const char *const inspection_labels[] = {
	STATS_UNIT_LABELS, "期间", "单位数", "已检查单位", "检查次数",
	"发现隐患", "检查合格单位", "隐患复发单位", "复发率 %",
	"逾期未检", "零隐患企业", "零隐患未检查"
};
_Static_assert(STATS_LEN(inspection_labels) ==
    GRID_HAZARDS_INSPECTION_NCOLUMN, "a label for each column");

/* The first columns of the lists of orgs: masked legal_rep and phone. */
#define ORG_LABELS "期间", "统一社会信用代码", "单位名称", "网格编码", \
	"监管层级", "法定代表人", "联系电话"
#define ORG_MASKS STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, \
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_PHONE

static const char *const uninspected_labels[] = {
	ORG_LABELS, "零隐患报告数", "最近零隐患报告", "最近检查",
	"最近检查类型", "下次检查日期"
};
_Static_assert(STATS_LEN(uninspected_labels) ==
    GRID_HAZARDS_UNINSPECTED_NCOLUMN, "a label for each column");
static const enum stats_mask uninspected_mask[] = {
	ORG_MASKS, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE
};
_Static_assert(STATS_LEN(uninspected_mask) ==
    GRID_HAZARDS_UNINSPECTED_NCOLUMN, "a mask for each column");

static const char *const recurred_labels[] = {
	ORG_LABELS, "检查合格时间", "检查类型", "隐患复发时间", "复发来源",
	"此后隐患次数"
};
_Static_assert(STATS_LEN(recurred_labels) ==
    GRID_HAZARDS_RECURRED_NCOLUMN, "a label for each column");
static const enum stats_mask recurred_mask[] = {
	ORG_MASKS, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE
};
_Static_assert(STATS_LEN(recurred_mask) == GRID_HAZARDS_RECURRED_NCOLUMN,
    "a mask for each column");

static const char *const sample_labels[] = {
	"随机种子", "检查层级", "抽查范围", "序号", "抽中原因",
	"统一社会信用代码", "单位名称", "网格编码", "监管层级", "地址",
	"法定代表人", "联系电话"
};
_Static_assert(STATS_LEN(sample_labels) == GRID_HAZARDS_SAMPLE_NCOLUMN,
    "a label for each column");
static const enum stats_mask sample_mask[] = {
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_PHONE
};
_Static_assert(STATS_LEN(sample_mask) == GRID_HAZARDS_SAMPLE_NCOLUMN,
    "a mask for each column");

enum { OPT_PERIOD = 256, OPT_BY, OPT_LIST, OPT_INSPECTIONS,
	OPT_UNINSPECTED, OPT_RECURRED, OPT_SAMPLE, OPT_SEED, OPT_LEVEL,
	OPT_UNIT };

/* What the command writes. */
enum mode { UNITS, LIST, INSPECTIONS, UNINSPECTED, RECURRED, SAMPLE };

struct hazards {
	struct stats_common common;
	int argc;		/* the command's, for a --reveal's record */
	char **argv;
	enum grid_level level;
	enum mode mode;
	const char *period;
	const char *list;	/* --list: "all" or a state */
	const char *seed, *unit, *sample_level;
	struct grid_hazards_sample sample;
};

/* Sets the mode once; a second mode option dies 64. */
static void
set_mode(struct hazards *h, enum mode mode)
{
	if (h->mode != UNITS && h->mode != mode)
		cli_usage_error("--list, --inspections, --uninspected, "
		    "--recurred and --sample go alone");
	h->mode = mode;
}

/* The seed: decimal digits, at most 2^64 - 1.  Dies 64. */
static unsigned long long
seed_option(const char *text)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		cli_usage_error("--seed: not a whole number '%s'", text);
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0')
		cli_usage_error("--seed: not a whole number from 0 to "
		    "18446744073709551615 '%s'", text);
	return v;
}

/* What --sample asks for: its spec, seed, level and unit.  Dies 64. */
static void
sample_options(struct hazards *h, const char *spec, enum grid_level by)
{
	struct grid_error err;
	enum grid_level unit_level;

	if (h->mode != SAMPLE) {
		if (h->seed != NULL || h->sample_level != NULL ||
		    h->unit != NULL)
			cli_usage_error("--seed, --level and --unit go with "
			    "--sample");
		return;
	}
	if (grid_hazards_sample_parse(spec, &h->sample, &err) != 0)
		cli_usage_error("--sample: %s", err.text);
	if (h->seed == NULL)
		cli_usage_error("--sample needs --seed N: the same seed draws "
		    "the same sample");
	if (by != GRID_LEVEL_NONE || h->period != NULL)
		cli_usage_error("--sample draws from the orgs as they are: "
		    "it takes no --by or --period");
	h->sample.seed = seed_option(h->seed);
	if (h->unit != NULL && h->common.in != NULL &&
	    strcmp(h->unit, h->common.in) != 0)
		cli_usage_error("--unit and --in name different areas");
	if (h->unit == NULL)
		h->unit = h->common.in;
	h->sample.unit = h->unit;
	unit_level = h->unit != NULL ? grid_code_level(h->unit, 3, NULL) :
	    GRID_LEVEL_NONE;
	/* the unit is the area of the run: several -d skip a database
	 * without it, one database refuses it (65) before any output */
	if (h->common.in == NULL && unit_level >= GRID_LEVEL_DISTRICT &&
	    unit_level <= GRID_LEVEL_COMMUNITY) {
		h->common.in = h->unit;
		h->common.in_level = unit_level;
	}
	if (h->sample_level != NULL)
		h->sample.level = grid_level_parse(h->sample_level);
	else if (unit_level >= GRID_LEVEL_DISTRICT &&
	    unit_level <= GRID_LEVEL_COMMUNITY)
		h->sample.level = unit_level;
	else
		h->sample.level = GRID_LEVEL_DISTRICT;
	if (h->sample.level < GRID_LEVEL_CITY ||
	    h->sample.level > GRID_LEVEL_COMMUNITY)
		cli_usage_error("--level: expected city, district, street or "
		    "community, not '%s'", h->sample_level);
}

static void
parse(struct hazards *h, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "by", required_argument, NULL, OPT_BY },
		{ "list", required_argument, NULL, OPT_LIST },
		{ "inspections", no_argument, NULL, OPT_INSPECTIONS },
		{ "uninspected", no_argument, NULL, OPT_UNINSPECTED },
		{ "recurred", no_argument, NULL, OPT_RECURRED },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "unit", required_argument, NULL, OPT_UNIT },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const states[] = { "zero", "missing", "hazards",
		"none", "all" };
	enum grid_level by = GRID_LEVEL_NONE;
	const char *spec = NULL;
	size_t i;
	int opt;

	while ((opt = stats_option(argc, argv, opts, &h->common, usage)) !=
	    -1) {
		switch (opt) {
		case OPT_PERIOD: h->period = optarg; break;
		case OPT_BY: by = stats_level_option(optarg); break;
		case OPT_LIST: set_mode(h, LIST); h->list = optarg; break;
		case OPT_INSPECTIONS: set_mode(h, INSPECTIONS); break;
		case OPT_UNINSPECTED: set_mode(h, UNINSPECTED); break;
		case OPT_RECURRED: set_mode(h, RECURRED); break;
		case OPT_SAMPLE: set_mode(h, SAMPLE); spec = optarg; break;
		case OPT_SEED: h->seed = optarg; break;
		case OPT_LEVEL: h->sample_level = optarg; break;
		case OPT_UNIT: h->unit = optarg; break;
		}
	}
	for (i = 0; h->list != NULL && i < STATS_LEN(states); i++)
		if (strcmp(h->list, states[i]) == 0)
			break;
	if (h->list != NULL && i == STATS_LEN(states))
		cli_usage_error("--list: expected zero, missing, "
		    "hazards, none or all, not '%s'", h->list);
	if (h->mode != UNITS && h->mode != INSPECTIONS &&
	    h->mode != SAMPLE && by != GRID_LEVEL_NONE)
		cli_usage_error("a list of enterprises or orgs takes no --by");
	sample_options(h, spec, by);
	h->level = stats_rows_level(&h->common, by, GRID_LEVEL_COMMUNITY);
}

/* The output's title, columns, labels and masks of h's mode. */
struct view {
	const char *title;
	const struct grid_column *columns;
	const char *const *labels;
	const enum stats_mask *mask;	/* NULL: nothing to mask */
	const char *reveal;		/* the list's name in the log */
	size_t n;
};

static void
view_of(const struct hazards *h, struct view *v)
{
	memset(v, 0, sizeof(*v));
	switch (h->mode) {
	case UNITS:
		v->title = "企业隐患自查";
		v->columns = grid_hazards_columns(&v->n);
		v->labels = unit_labels;
		break;
	case LIST:
		v->title = "企业隐患自查清单";
		v->columns = grid_hazards_org_columns(&v->n);
		v->labels = org_labels;
		break;
	case INSPECTIONS:
		v->title = "隐患检查";
		v->columns = grid_hazards_inspection_columns(&v->n);
		v->labels = inspection_labels;
		break;
	case UNINSPECTED:
		v->title = "零隐患未检查单位清单";
		v->columns = grid_hazards_uninspected_columns(&v->n);
		v->labels = uninspected_labels;
		v->mask = uninspected_mask;
		v->reveal = "hazards --uninspected";
		break;
	case RECURRED:
		v->title = "检查后隐患复发单位清单";
		v->columns = grid_hazards_recurred_columns(&v->n);
		v->labels = recurred_labels;
		v->mask = recurred_mask;
		v->reveal = "hazards --recurred";
		break;
	case SAMPLE:
		v->title = "双随机抽查名单";
		v->columns = grid_hazards_sample_columns(&v->n);
		v->labels = sample_labels;
		v->mask = sample_mask;
		v->reveal = "hazards --sample";
		break;
	}
}

/* Several -d (merge.c): the figures and the lists of one database. */
static int
run_units(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_hazards_run(db, q, on_row, ctx, err);
}

static int
run_list(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_hazards_list(db, q, on_row, ctx, err);
}

static int
run_inspections(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_hazards_inspections(db, q, on_row, ctx, err);
}

static int
run_uninspected(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_hazards_uninspected(db, q, on_row, ctx, err);
}

static int
run_recurred(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_hazards_recurred(db, q, on_row, ctx, err);
}

/* The lists' order (hazards.h): by grid_code (none last), uscc. */
static const struct stats_list_order org_orders[] = {
	{ 3, 1, 0 }, { 1, 1, 0 }
};

/* The sample's candidates of one database, its reveal recorded. */
struct sample_each {
	const struct stats_reveal *r;
	struct grid_stat_sample *draw;
	int *status;
};

static int
add_candidates(void *arg, struct grid_db *db, struct grid_error *err)
{
	const struct sample_each *e = arg;

	if (stats_reveal_each((void *)e->r, db, e->status) != 0)
		return grid_error_set(err, GRID_OK, NULL, 0, NULL, "printed");
	return grid_stat_sample_add(e->draw, db, err);
}

/*
 * The sample of every database of -d: the candidates of all, drawn
 * together (statmerge.h), the sample of one database holding all.
 */
static int
sample(struct hazards *h, struct grid_db *db, struct stats_list *l,
    const struct stats_reveal *r, struct grid_error *err, int *status)
{
	struct sample_each e = { r, NULL, status };
	int rc = -1;

	if ((e.draw = grid_stat_sample_new(&h->sample)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (stats_each_db(&h->common, db, add_candidates, &e, err,
	    status) == 0)
		rc = grid_stat_sample_emit(e.draw, stats_list_row, l, err);
	grid_stat_sample_free(e.draw);
	return rc;
}

/*
 * Runs the report, with its chart, or a list into o (l: the masking
 * list around o; r: the reveal of a list, recorded in the first
 * database already) over every database of -d.  Returns 0 or -1 with
 * err (code 0 when the error was printed, *status set).
 */
static int
run(struct hazards *h, struct grid_db *db, struct stats_list *l,
    const struct grid_hazards_period *p, struct grid_error *err,
    int *status)
{
	struct stats_reveal r = { &h->common, NULL, h->argc, h->argv, db };
	struct stats_list_spec spec = { 0, org_orders,
		STATS_LEN(org_orders), stats_reveal_each, &r };
	struct grid_hazards_query q;
	struct grid_stat_desc desc;
	struct view v;

	memset(&q, 0, sizeof(q));
	q.period = p;
	q.level = h->level;
	q.area = h->common.in;
	view_of(h, &v);
	r.list = v.reveal;
	spec.ncolumns = v.n;
	switch (h->mode) {
	case LIST:
		q.state = strcmp(h->list, "all") == 0 ? NULL : h->list;
		spec.before = NULL;	/* nothing personal */
		return stats_list_rows(&h->common, db, &spec, run_list, &q,
		    stats_write_row, l->out, err, status);
	case INSPECTIONS:
		if (stats_out_bars(l->out, "检查后隐患复发率", 1, 2, 10, "%")
		    != 0 || grid_stat_desc_init(&desc, "inspections",
		    v.columns, v.n, err) != 0)
			return -1;
		return stats_rows(&h->common, db, &desc, run_inspections, &q,
		    0, l->out, err, status);
	case UNINSPECTED:
		return stats_list_rows(&h->common, db, &spec, run_uninspected,
		    &q, stats_list_row, l, err, status);
	case RECURRED:
		return stats_list_rows(&h->common, db, &spec, run_recurred,
		    &q, stats_list_row, l, err, status);
	case SAMPLE:
		return sample(h, db, l, &r, err, status);
	case UNITS:
		break;
	}
	if (stats_out_bars(l->out, "自查上报率", 1, 2, 8, "%") != 0 ||
	    grid_stat_desc_init(&desc, "hazards", v.columns, v.n, err) != 0)
		return -1;
	return stats_rows(&h->common, db, &desc, run_units, &q, 0, l->out,
	    err, status);
}

int
stats_hazards(int argc, char **argv)
{
	struct hazards h;
	struct grid_hazards_period p;
	struct stats_list l;
	struct grid_error err;
	struct grid_db *db;
	struct view v;
	int rc, status = 0;

	memset(&h, 0, sizeof(h));
	h.common.many = 1;	/* -d repeated: a city's view (merge.c) */
	h.argc = argc;
	h.argv = argv;
	parse(&h, argc, argv);
	if (grid_hazards_period_parse(h.period, &p, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	if ((db = stats_open_db(&h.common, &status)) == NULL)
		return status;
	grid_error_clear(&err);
	view_of(&h, &v);
	if (v.reveal != NULL && stats_list_reveal(db, &h.common, v.reveal,
	    argc, argv, &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	memset(&l, 0, sizeof(l));
	l.mask = v.mask;
	l.ncolumns = v.n;
	l.reveal = h.common.cli.reveal;
	cli_table_main(h.mode == UNITS ? unit_main : NULL);
	l.out = stats_out_open(&h.common, v.title, v.columns, v.labels, v.n,
	    &status);
	rc = l.out != NULL && stats_out_when_fact(l.out, "期间 period",
	    p.name, 0, NULL) == 0 ? run(&h, db, &l, &p, &err, &status) : -1;
	return stats_end(l.out, db, rc, &err, status);
}
