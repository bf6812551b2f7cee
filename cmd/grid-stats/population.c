/*
 * population.c - grid-stats population: the figures of grid/popstats.h
 * per unit of a level; an html page adds the population pyramid and the
 * share of the floating people living in rented houses.  With
 * --permits-expiring N, the residence permits of grid/floatstats.h: per
 * unit, or with --list the people (outreach.h), masked unless --reveal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/floatstats.h"
#include "grid/popstats.h"
#include "grid/statmerge.h"
#include "grid/vocab.h"

static const char usage[] =
"usage: grid-stats population [--by LEVEL] [--at DATE] [--in CODE]\n"
"           [options]\n"
"       grid-stats population --permits-expiring N [--list] [--by LEVEL]\n"
"           [--at DATE] [--in CODE] [--reveal] [options]\n"
"Population per unit: level, unit, unit_name, people, male, female,\n"
"households, age_0_14, age_15_59, age_60_64, age_65_79, age_80_plus,\n"
"aged_60_share, aged_65_share, ageing_stage, dependency_total,\n"
"dependency_child, dependency_old, floating, overseas, tag_<tag> per\n"
"tag, floating_share, overseas_share, floating_rented (floating people\n"
"in rented houses), floating_rented_share (of the floating people).\n"
"With --permits-expiring N, residence permits per unit: level, unit,\n"
"unit_name, floating, permits, expired, expiring (within N days of\n"
"--at), without_permit (floating people); with --list, the people whose\n"
"permit has expired or expires within N days: grid_code, id_number,\n"
"name, phone, permit_number, permit_expiry, days_left, state (expired\n"
"or expiring); ID, phone and permit numbers masked unless --reveal.\n"
"\n"
"      --by LEVEL         grid, community (default; the grid of a grid\n"
"                         --in), street or district\n"
"      --at DATE          ages (permits) on DATE (default today,\n"
"                         $GRID_NOW)\n"
"      --permits-expiring N\n"
"                         residence permits expired or expiring within\n"
"                         N days (0-3650)\n"
"      --list             with --permits-expiring: the people\n"
"      --reveal           --list unmasked; recorded in DB.reveal.log\n"
STATS_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 --in names no area of the database;\n"
"69 database missing; 70 internal error; 73 cannot create output or\n"
"record a --reveal; 74 I/O error; 75 database busy.\n";

/* The Chinese labels of the fixed columns, for the html table. */
/* The main columns, in the order a narrow table keeps them (cli.h). */
static const char *const population_main[] = {
	"unit_name", "people", "households", "male", "female",
	"aged_60_share", "ageing_stage", "aged_65_share", "floating",
	"floating_share", "overseas", "age_0_14", "age_15_59", "age_60_64",
	"age_65_79", "age_80_plus", "dependency_total", "dependency_old",
	"dependency_child", "unit", "level", NULL
};

static const char *const fixed_labels[] = {
	STATS_UNIT_LABELS, "人口", "男", "女", "户数",
	"0-14岁", "15-59岁", "60-64岁", "65-79岁", "80岁及以上",
	"60岁及以上占比 %", "65岁及以上占比 %", "老龄化阶段", "总抚养比 %",
	"少儿抚养比 %", "老年抚养比 %", "流动人口", "境外人员"
};
_Static_assert(STATS_LEN(fixed_labels) == GRID_POPSTATS_FIXED,
    "a label for each fixed column");

static const char *const permit_labels[] = {
	STATS_UNIT_LABELS, "流动人口", "居住证", "已过期", "即将到期",
	"无居住证"
};
_Static_assert(STATS_LEN(permit_labels) == GRID_PERMITS_NCOLUMN,
    "a label for each column of the permits");

static const char *const list_labels[] = {
	"网格编码", "公民身份号码", "姓名", "联系电话", "居住证号",
	"有效期至", "剩余天数", "状态"
};
_Static_assert(STATS_LEN(list_labels) == GRID_PERMITS_LIST_NCOLUMN,
    "a label for each column of the list");

/* What the list masks, column by column (floatstats.h). */
static const enum stats_mask list_mask[] = {
	STATS_MASK_NONE, STATS_MASK_NUMBER, STATS_MASK_NONE,
	STATS_MASK_PHONE, STATS_MASK_NUMBER, STATS_MASK_NONE,
	STATS_MASK_NONE, STATS_MASK_NONE
};
_Static_assert(STATS_LEN(list_mask) == GRID_PERMITS_LIST_NCOLUMN,
    "a mask for each column of the list");

enum { OPT_BY = 256, OPT_AT, OPT_PERMITS, OPT_LIST };

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
		else if (strcmp(columns[i].name, "floating_share") == 0)
			labels[i] = "流动人口占比 %";
		else if (strcmp(columns[i].name, "overseas_share") == 0)
			labels[i] = "境外人员占比 %";
		else if (strcmp(columns[i].name, "floating_rented") == 0)
			labels[i] = "出租房屋流动人口";
		else
			labels[i] = "出租房屋流动人口占流动人口 %";
	}
}

/* The index of the column called name, or (size_t)-1. */
static size_t
column_index(const struct grid_column *columns, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(columns[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

/* The permits of one database, for stats_rows. */
static int
run_permits(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_permits_run(db, q, on_row, ctx, err);
}

/* The list of one database, for stats_list_rows. */
static int
run_permits_list(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_permits_list(db, q, on_row, ctx, err);
}

/*
 * The rows of the permits per unit, for several -d (statmerge.h): the
 * unit the key, every other figure a count, summed.
 */
static void
permits_desc(struct grid_stat_desc *d)
{
	const struct grid_column *columns;
	size_t i, n;

	memset(d, 0, sizeof(*d));
	columns = grid_permits_columns(&n);
	d->statistic = "permits";
	d->n = n;
	for (i = 0; i < n; i++) {
		d->columns[i] = columns[i];
		d->role[i] = i == 0 ? GRID_STAT_SAME : i == 1 ? GRID_STAT_KEY :
		    i == 2 ? GRID_STAT_NAME : GRID_STAT_COUNT;
		d->factor[i] = 1;
	}
}

/*
 * --permits-expiring N: per unit, or (list) the people, the reveal
 * recorded first (in the first database; in each other one before its
 * rows are read).  Several -d: the counts summed per unit, the lists
 * in the list's own order over all of them (grid_code, empty last,
 * permit_expiry, id_number), as one database holding them all.
 * Returns the exit status.
 */
static int
permits(struct stats_common *c, struct grid_db *db,
    const struct grid_permits_query *q, int list, int argc, char **argv)
{
	static const struct stats_list_order order[] = {
		{ 0, 1, 0 }, { 5, 1, 0 }, { 1, 1, 0 }
	};
	struct stats_list l = { NULL, list_mask, GRID_PERMITS_LIST_NCOLUMN,
		c->cli.reveal };
	struct stats_reveal r = { c, "population --permits-expiring --list",
		argc, argv, db };
	struct stats_list_spec spec = { GRID_PERMITS_LIST_NCOLUMN, order,
		STATS_LEN(order), stats_reveal_each, &r };
	struct grid_stat_desc desc;
	struct grid_error err;
	int rc = -1, status = 0;

	grid_error_clear(&err);
	if (!list) {
		permits_desc(&desc);
		l.out = stats_out_open(c, "居住证到期", grid_permits_columns(NULL),
		    permit_labels, GRID_PERMITS_NCOLUMN, &status);
		if (l.out != NULL && (rc = stats_out_bars(l.out,
		    "即将到期的居住证", 1, 2, 6, "")) == 0)
			rc = stats_rows(c, db, &desc, run_permits, q, 0, l.out,
			    &err, &status);
		return stats_end(l.out, db, rc, &err, status);
	}
	if (stats_list_reveal(db, c, r.list, argc, argv, &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	l.out = stats_out_open(c, "居住证到期人员名单",
	    grid_permits_list_columns(NULL), list_labels,
	    GRID_PERMITS_LIST_NCOLUMN, &status);
	if (l.out != NULL)
		rc = stats_list_rows(c, db, &spec, run_permits_list, q,
		    stats_list_row, &l, &err, &status);
	return stats_end(l.out, db, rc, &err, status);
}

/* The pyramid being summed over the databases of -d. */
struct pyramid_sum {
	const struct grid_popstats_query *q;
	long long male[GRID_POPSTATS_NBANDS], female[GRID_POPSTATS_NBANDS];
};

static int
add_pyramid(void *arg, struct grid_db *db, struct grid_error *err)
{
	struct pyramid_sum *p = arg;
	long long male[GRID_POPSTATS_NBANDS], female[GRID_POPSTATS_NBANDS];
	size_t i;

	if (grid_popstats_pyramid(db, p->q, male, female, err) != 0)
		return -1;
	for (i = 0; i < GRID_POPSTATS_NBANDS; i++) {
		p->male[i] += male[i];
		p->female[i] += female[i];
	}
	return 0;
}

/*
 * The pyramid of the register (of the area of --in; of every database
 * of -d), on an html page.  0, or -1 with the error printed (and
 * *status set unless the output keeps it).
 */
static int
pyramid(struct stats_out *o, struct stats_common *c, struct grid_db *db,
    const struct grid_popstats_query *q, int *status)
{
	struct pyramid_sum p;
	const char *bands[GRID_POPSTATS_NBANDS];
	struct grid_error err;
	size_t i;

	if (!stats_out_html(o))
		return 0;
	memset(&p, 0, sizeof(p));
	p.q = q;
	grid_error_clear(&err);
	if (stats_each_db(c, db, add_pyramid, &p, &err, status) != 0) {
		if (err.code != 0) {
			cli_error(&err);
			*status = err.code;
		}
		return -1;
	}
	for (i = 0; i < GRID_POPSTATS_NBANDS; i++)
		bands[i] = grid_popstats_band(i);
	return stats_out_pyramid(o, "人口金字塔 (5岁组, 男左女右)", bands, p.male,
	    p.female, GRID_POPSTATS_NBANDS);
}

/* The population of one database, for stats_rows. */
static int
run_population(struct grid_db *db, const void *q,
    int (*on_row)(void *, const char *const *), void *ctx,
    struct grid_error *err)
{
	return grid_popstats_run(db, q, on_row, ctx, err);
}

int
stats_population(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "at", required_argument, NULL, OPT_AT },
		{ "permits-expiring", required_argument, NULL, OPT_PERMITS },
		{ "list", no_argument, NULL, OPT_LIST },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const struct grid_column *columns;
	const char *labels[64];
	enum grid_level by = GRID_LEVEL_NONE;
	struct grid_popstats_query q;
	struct grid_permits_query pq;
	struct grid_stat_desc desc;
	struct stats_common c;
	struct stats_out *o = NULL;
	struct grid_error err;
	struct grid_db *db;
	size_t ncolumns;
	int opt, rc, status = 0, list = 0;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	memset(&pq, 0, sizeof(pq));
	c.many = 1;
	pq.days = -1;
	grid_error_clear(&err);
	while ((opt = stats_option(argc, argv, opts, &c, usage)) != -1) {
		if (opt == OPT_BY)
			by = stats_level_option(optarg);
		else if (opt == OPT_AT)
			q.at = optarg;
		else if (opt == OPT_PERMITS)
			pq.days = (int)cli_number("--permits-expiring", optarg,
			    0, GRID_PERMITS_MAX_DAYS);
		else if (opt == OPT_LIST)
			list = 1;
	}
	if (list && pq.days < 0)
		cli_usage_error("--list lists permits: give "
		    "--permits-expiring N");
	if (list && by != GRID_LEVEL_NONE)
		cli_usage_error("--list lists people: it takes no --by");
	q.level = stats_rows_level(&c, by, GRID_LEVEL_COMMUNITY);
	q.area = c.in;
	if (pq.days >= 0) {
		pq.level = q.level;
		pq.at = q.at;
		pq.area = q.area;
		if ((db = stats_open_db(&c, &status)) == NULL)
			return status;
		return permits(&c, db, &pq, list, argc, argv);
	}
	columns = grid_popstats_columns(&ncolumns);
	if (ncolumns > 64 || grid_stat_desc_init(&desc, "population",
	    columns, ncolumns, &err) != 0)
		cli_die(GRID_EINTERNAL, "too many columns");
	make_labels(columns, ncolumns, labels);
	if ((db = stats_open_db(&c, &status)) == NULL)
		return status;
	cli_table_main(population_main);
	o = stats_out_open(&c, "人口统计", columns, labels, ncolumns, &status);
	if (o == NULL)
		rc = -1;
	else if ((rc = stats_out_when_fact(o, "参考日期 reference date "
	    "(ages)", q.at, 10, NULL)) == 0 &&
	    (rc = pyramid(o, &c, db, &q, &status)) == 0 &&
	    (rc = stats_out_bars(o, "出租房屋流动人口占流动人口比例", 1, 2,
	    column_index(columns, ncolumns, "floating_rented_share"),
	    "%")) == 0)
		rc = stats_rows(&c, db, &desc, run_population, &q, 0, o,
		    &err, &status);
	return stats_end(o, db, rc, &err, status);
}
