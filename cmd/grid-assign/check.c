/*
 * check.c - grid-assign check: the findings of libgrid's grid checks
 * (gridcheck.h) as rows, or with --load the load report.
 *
 * Two reports, each with its own stable columns:
 * - findings (the default): check, community_code, grid_code,
 *   other_grid_code, area, x, y, detail; one row per finding, none when
 *   all is well, so a cron job that mails its output stays silent.
 * - --load: level (grid or community), unit, unit_name (the row's grid
 *   or community: the columns every row grouped by a level has, as in
 *   grid-stats), community_code, grid_code, grids, people, houses, orgs,
 *   components, people_min, people_max, people_mean, people_cv; the load
 *   is a report, never a finding.
 *
 * Nothing is written before the first row (or the end of a run that
 * found nothing): a run that fails at the start leaves standard output
 * empty.
 *
 * Exit status: 0 when the checks ran and found nothing (always 0 for
 * --load); 65 when they found something (an overlap, a gap, a grid
 * without or with an unreadable polygon, an orphan), the rows being the
 * details: "grid-assign check -q -o report.csv || alert" is the cron job.
 * A polygon that cannot be read is also said on standard error, naming
 * the grid; the grid is left out of the overlap and gap checks and the
 * rest runs.  Otherwise the usual statuses: 64 usage, 69 database
 * missing, 70 internal (GEOS) error, 73/74 output, 75 busy.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-assign/assign.h"
#include "grid/gridcheck.h"
#include "grid/levels.h"

static const char usage[] =
"usage: grid-assign check [options]\n"
"Report grids that overlap, gaps inside a community, grids without or\n"
"with an unreadable polygon, and grids whose community is not in\n"
"regions; or, with --load, the load of each unit grid and its spread\n"
"per community.  Columns of --load: level (grid or community), unit,\n"
"unit_name, community_code, grid_code, grids, people, houses, orgs,\n"
"components, people_min, people_max, people_mean, people_cv.  -f\n"
"geojson: the findings as points, the load's units as their polygons.\n"
"\n"
"      --only LIST        only these checks, comma-separated: overlap,\n"
"                         gap, no_polygon, bad_polygon, orphan\n"
"                         (polygons are read, and bad ones reported,\n"
"                         for overlap and gap too)\n"
"      --tolerance AREA   ignore overlaps and gaps of AREA or less, in\n"
"                         squared coordinate units (default 1e-10)\n"
"      --load             the load report instead: people, houses, orgs,\n"
"                         components per unit grid, then per community\n"
"                         with min, max, mean and coefficient of\n"
"                         variation of people per grid\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
"  -f, --format FMT       {formats} (default: table\n"
"                         on a terminal, else ndjson)\n"
"  -o, --output FILE      write the report to FILE (atomically)\n"
CLI_HELP_WIDE
"  -q, --quiet            no summary on standard error\n"
"      --reveal           accepted; the reports hold no personal data\n"
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0 nothing found (and always for --load); 65 something\n"
"found; 64 usage; 69 database missing; 70 internal error; 73 cannot\n"
"create output; 74 I/O error; 75 database busy.\n";

enum { OPT_ONLY = 256, OPT_TOLERANCE, OPT_LOAD };

static const struct option longopts[] = {
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "tolerance", required_argument, NULL, OPT_TOLERANCE },
	{ "load", no_argument, NULL, OPT_LOAD },
	CLI_COMMON_LONG,
	CLI_WIDE_LONG,
	{ NULL, 0, NULL, 0 }
};

static const struct grid_column finding_columns[] = {
	{ "check", GRID_COL_TEXT }, { "community_code", GRID_COL_TEXT },
	{ "grid_code", GRID_COL_TEXT }, { "other_grid_code", GRID_COL_TEXT },
	{ "area", GRID_COL_REAL }, { "x", GRID_COL_REAL },
	{ "y", GRID_COL_REAL }, { "detail", GRID_COL_TEXT },
};

static const struct grid_column load_columns[] = {
	{ "level", GRID_COL_TEXT }, { "unit", GRID_COL_TEXT },
	{ "unit_name", GRID_COL_TEXT }, { "community_code", GRID_COL_TEXT },
	{ "grid_code", GRID_COL_TEXT }, { "grids", GRID_COL_INT },
	{ "people", GRID_COL_INT }, { "houses", GRID_COL_INT },
	{ "orgs", GRID_COL_INT }, { "components", GRID_COL_INT },
	{ "people_min", GRID_COL_INT }, { "people_max", GRID_COL_INT },
	{ "people_mean", GRID_COL_REAL }, { "people_cv", GRID_COL_REAL },
};

#define NCOLUMNS(a) (sizeof(a) / sizeof((a)[0]))

struct check {
	struct cli_common common;
	struct grid_check_options opts;
	int load, only, tolerance;	/* options given */
	struct cli_out out;		/* rows from the first on */
};

/* "overlap,gap" -> the mask; dies 64 on a name that is no check. */
static unsigned
parse_only(const char *list)
{
	char name[32];
	unsigned mask = 0;
	size_t n;
	enum grid_check_kind kind;

	for (;;) {
		n = strcspn(list, ",");
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, list, n);
		name[n] = '\0';
		if ((kind = grid_check_parse(name)) == 0)
			cli_usage_error("--only: '%s' is not a check "
			    "(overlap, gap, no_polygon, bad_polygon, orphan)",
			    name);
		mask |= (unsigned)kind;
		list += strcspn(list, ",");
		if (*list++ == '\0')
			return mask;
	}
}

static double
parse_tolerance(const char *text)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end != '\0' || !isfinite(v) || v < 0)
		cli_usage_error("--tolerance: expected an area >= 0, "
		    "not '%s'", text);
	return v;
}

static void
parse_options(struct check *c, int argc, char **argv)
{
	int opt;

	/* places: findings have a point, the load's rows a unit */
	c->common.writes = CLI_WRITES_ROWS | CLI_WRITES_PLACES;
	c->opts.tolerance = -1;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c->common, opt, optarg, usage))
			continue;
		switch (opt) {
		case OPT_ONLY:
			c->opts.checks = parse_only(optarg);
			c->only = 1;
			break;
		case OPT_TOLERANCE:
			c->opts.tolerance = parse_tolerance(optarg);
			c->tolerance = 1;
			break;
		case OPT_LOAD: c->load = 1; break;
		default:
			cli_bad_option();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'",
		    argv[optind]);
	if (c->load && (c->only || c->tolerance))
		cli_usage_error("--load is a report of its own: it "
		    "takes neither --only nor --tolerance");
	cli_format_check(&c->common);
}

/* v with that many significant digits in buf, or NULL when it is NaN. */
static const char *
real(char *buf, size_t n, int digits, double v)
{
	if (isnan(v))
		return NULL;
	snprintf(buf, n, "%.*g", digits, v);
	return buf;
}

static const char *
whole(char *buf, size_t n, long v)
{
	snprintf(buf, n, "%ld", v);
	return buf;
}

static int
write_row(struct check *c, const char *const *row)
{
	return cli_out_row(&c->out, row, NULL);
}

static int
on_finding(void *ctx, const struct grid_check_finding *f)
{
	struct check *c = ctx;
	struct grid_error e;
	char area[32], x[32], y[32];
	const char *row[NCOLUMNS(finding_columns)];

	if (f->kind == GRID_CHECK_BAD_POLYGON) {
		grid_error_clear(&e);
		e.code = GRID_EDATA;
		snprintf(e.source, sizeof(e.source), "grid '%.200s'",
		    f->grid_code);
		snprintf(e.field, sizeof(e.field), "geometry");
		snprintf(e.text, sizeof(e.text), "%s", f->detail);
		cli_error(&e);
	}
	row[0] = grid_check_name(f->kind);
	row[1] = f->community_code;
	row[2] = f->grid_code;
	row[3] = f->other_grid_code;
	row[4] = real(area, sizeof(area), 6, f->area);
	row[5] = real(x, sizeof(x), 10, f->x);
	row[6] = real(y, sizeof(y), 10, f->y);
	row[7] = f->detail;
	return write_row(c, row);
}

static int
on_load(void *ctx, const struct grid_load *l)
{
	struct check *c = ctx;
	char num[9][32];
	const char *row[NCOLUMNS(load_columns)];
	int community = l->grid_code == NULL;

	memset(row, 0, sizeof(row));
	row[0] = grid_level_name(community ? GRID_LEVEL_COMMUNITY :
	    GRID_LEVEL_GRID);
	row[1] = community ? l->community_code : l->grid_code;
	row[2] = l->unit_name;
	row[3] = l->community_code;
	row[4] = l->grid_code;
	row[6] = whole(num[0], 32, l->people);
	row[7] = whole(num[1], 32, l->houses);
	row[8] = whole(num[2], 32, l->orgs);
	row[9] = whole(num[3], 32, l->components);
	if (community) {
		row[5] = whole(num[4], 32, l->grids);
		row[10] = whole(num[5], 32, l->people_min);
		row[11] = whole(num[6], 32, l->people_max);
		row[12] = real(num[7], 32, 6, l->people_mean);
		row[13] = real(num[8], 32, 6, l->people_cv);
	}
	return write_row(c, row);
}

/* "15 grids, 14 polygons: 1 overlap, 1 gap, ..." on standard error. */
static void
summarize(const struct check *c, const struct grid_check_stats *st)
{
	unsigned checks = c->opts.checks ? c->opts.checks : GRID_CHECK_ALL;
	char line[256];
	size_t len;
	int i;

	if (checks & (GRID_CHECK_OVERLAP | GRID_CHECK_GAP))
		checks |= GRID_CHECK_BAD_POLYGON;
	if (checks & GRID_CHECK_BAD_POLYGON)
		len = (size_t)snprintf(line, sizeof(line), "%ld grids, "
		    "%ld polygons:", st->grids, st->polygons);
	else
		len = (size_t)snprintf(line, sizeof(line), "%ld grids:",
		    st->grids);
	for (i = 0; i < GRID_CHECK_NKINDS && len < sizeof(line); i++)
		if (checks & (1u << i))
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "%s %ld %s", len > 0 && line[len - 1] == ':' ? ""
			    : ",", st->found[i],
			    grid_check_name((enum grid_check_kind)(1u << i)));
	cli_warn("%s", line);
}

/* Runs the report into c->out; returns the exit status. */
static int
run(struct check *c, struct grid_db *db)
{
	struct grid_check_stats st;
	struct grid_error err;
	long found = 0;
	int i, rc;

	c->opts.on_finding = on_finding;
	c->opts.ctx = c;
	if (c->load)
		rc = grid_check_load(db, on_load, c, &err);
	else
		rc = grid_check_run(db, &c->opts, &st, &err);
	if (rc != 0 && err.code == 0 && cli_out_error(&c->out) != NULL)
		err = *cli_out_error(&c->out);	/* the output stopped it */
	if (rc != 0) {
		cli_error(&err);
		return err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	if (c->load)
		return 0;
	if (!c->common.quiet)
		summarize(c, &st);
	for (i = 0; i < GRID_CHECK_NKINDS; i++)
		found += st.found[i];
	return found > 0 ? GRID_EDATA : 0;
}

int
assign_check(int argc, char **argv)
{
	struct check c;
	struct grid_error err;
	struct grid_db *db;
	int status, ok;

	memset(&c, 0, sizeof(c));
	parse_options(&c, argc, argv);
	if ((db = cli_open_db(&c.common, 1, &status)) == NULL)
		return status;
	if (cli_out_open(&c.out, &c.common, &err) != 0) {
		cli_error(&err);
		grid_db_close(db);
		return err.code;
	}
	if (c.load)
		cli_out_columns(&c.out, load_columns, NULL,
		    NCOLUMNS(load_columns));
	else
		cli_out_columns(&c.out, finding_columns, NULL,
		    NCOLUMNS(finding_columns));
	status = run(&c, db);
	ok = status == 0 || status == GRID_EDATA;
	if (cli_out_close(&c.out, ok, &err) != 0 && ok) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	return status;
}
