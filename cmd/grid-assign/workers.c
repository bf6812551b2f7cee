/*
 * workers.c - grid-assign workers: workers' responsibility grids and
 * their load (workers.h); --set, --add, --remove to change a worker's
 * grids; --balance to share each community's unit grids evenly.
 *
 * Three reports, each with its own stable columns:
 * - the listing: worker_id, name, phone (masked unless --reveal), kind,
 *   communities, grids (comma-separated), grid_count, people, houses;
 * - an edit: worker_id, grid_code, change (added or removed), one row
 *   per change;
 * - --balance: community_code, worker_id, name, kind, grids_before,
 *   grids_after, then people_before and people_after (houses_* with
 *   --by houses), pieces (how many separate pieces the worker's grids
 *   form after: 1 is contiguous).  The spread per community goes to
 *   standard error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-assign/assign.h"
#include "grid/codes.h"
#include "grid/workers.h"

static const char usage[] =
"usage: grid-assign workers [--community CODE] [options]\n"
"       grid-assign workers --set|--add|--remove WORKER GRID... [options]\n"
"       grid-assign workers --balance [--by people|houses] [--apply]\n"
"                           [--community CODE] [options]\n"
"List each worker's responsibility grids with their load, change a\n"
"worker's grids, or share each community's unit grids evenly between\n"
"its workers.\n"
"\n"
"      --community CODE   only this community, street or district (or\n"
"                         grid): its grids and the workers holding them\n"
"      --set WORKER       make GRID... exactly the worker's grids\n"
"      --add WORKER       give GRID... to the worker as well\n"
"      --remove WORKER    take GRID... away from the worker\n"
"      --balance          propose, per community, a share of its unit\n"
"                         grids between its workers (those holding grids\n"
"                         there, specialists excepted) that evens their\n"
"                         load, each worker's grids kept together\n"
"      --by WHAT          the load to even: people (default) or houses\n"
"      --apply            write the proposal to worker_grids (with\n"
"                         --balance; without it nothing is written)\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
"  -f, --format FMT       {formats} (default: table on a\n"
"                         terminal, else ndjson)\n"
"  -o, --output FILE      write the rows to FILE (atomically)\n"
CLI_HELP_WIDE
CLI_HELP_QUIET
"      --reveal           phone numbers unmasked\n"
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Grids are neighbours when their polygons share an edge, or, for grids\n"
"without a polygon, when their sequence numbers follow each other.\n"
"\n"
"Exit status: 0 success; 64 usage; 65 unknown worker, grid or area\n"
"(nothing changed); 69 database missing; 70 internal error; 73 cannot\n"
"create output; 74 I/O error; 75 database busy.\n";

enum {
	OPT_COMMUNITY = 256, OPT_SET, OPT_ADD, OPT_REMOVE, OPT_BALANCE,
	OPT_BY, OPT_APPLY
};

static const struct option longopts[] = {
	{ "community", required_argument, NULL, OPT_COMMUNITY },
	{ "set", required_argument, NULL, OPT_SET },
	{ "add", required_argument, NULL, OPT_ADD },
	{ "remove", required_argument, NULL, OPT_REMOVE },
	{ "balance", no_argument, NULL, OPT_BALANCE },
	{ "by", required_argument, NULL, OPT_BY },
	{ "apply", no_argument, NULL, OPT_APPLY },
	CLI_COMMON_LONG,
	CLI_WIDE_LONG,
	{ NULL, 0, NULL, 0 }
};

static const struct grid_column list_columns[] = {
	{ "worker_id", GRID_COL_TEXT }, { "name", GRID_COL_TEXT },
	{ "phone", GRID_COL_TEXT }, { "kind", GRID_COL_TEXT },
	{ "communities", GRID_COL_TEXT }, { "grids", GRID_COL_TEXT },
	{ "grid_count", GRID_COL_INT }, { "people", GRID_COL_INT },
	{ "houses", GRID_COL_INT },
};

static const struct grid_column edit_columns[] = {
	{ "worker_id", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "change", GRID_COL_TEXT },
};

/* The load columns are named after --by (people_* or houses_*). */
static const struct grid_column balance_columns[] = {
	{ "community_code", GRID_COL_TEXT }, { "worker_id", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "kind", GRID_COL_TEXT },
	{ "grids_before", GRID_COL_TEXT }, { "grids_after", GRID_COL_TEXT },
	{ "people_before", GRID_COL_INT }, { "people_after", GRID_COL_INT },
	{ "pieces", GRID_COL_INT },
};

#define NCOLUMNS(a) (sizeof(a) / sizeof((a)[0]))

enum mode { MODE_LIST, MODE_EDIT, MODE_BALANCE };

struct workers {
	struct cli_common common;
	enum mode mode;
	enum grid_workers_edit edit;
	const char *edit_option;	/* "--set", ... */
	const char *worker_id;
	const char *area;
	int by, by_given, apply;
	const char *const *grids;
	size_t ngrids;
	struct cli_out out;
	struct grid_column columns[9];	/* balance: named after --by */
};

/* Sets the mode once; a second mode option is a usage error. */
static void
set_mode(struct workers *c, enum mode mode, const char *option)
{
	if (c->edit_option != NULL)
		cli_usage_error("%s and %s cannot be combined",
		    c->edit_option, option);
	c->mode = mode;
	c->edit_option = option;
}

static void
check_options(struct workers *c, int argc, char **argv)
{
	if (c->apply && c->mode != MODE_BALANCE)
		cli_usage_error("--apply goes with --balance");
	if (c->by_given && c->mode != MODE_BALANCE)
		cli_usage_error("--by goes with --balance");
	if (c->mode == MODE_EDIT) {
		if (c->area != NULL)
			cli_usage_error("--community does not go "
			    "with %s", c->edit_option);
		if (optind >= argc)
			cli_usage_error("%s %s: no grid given",
			    c->edit_option, c->worker_id);
		c->grids = (const char *const *)(argv + optind);
		c->ngrids = (size_t)(argc - optind);
	} else if (optind < argc)
		cli_usage_error("unexpected argument '%s'",
		    argv[optind]);
	cli_format_check(&c->common);
}

static void
parse_options(struct workers *c, int argc, char **argv)
{
	int opt;

	/* --set, --add, --remove and --apply write the database: their
	 * rows are held until the commit */
	c->common.writes = CLI_WRITES_ROWS | CLI_WRITES_HELD;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c->common, opt, optarg, usage))
			continue;
		switch (opt) {
		case OPT_COMMUNITY: c->area = optarg; break;
		case OPT_SET:
		case OPT_ADD:
		case OPT_REMOVE:
			set_mode(c, MODE_EDIT, opt == OPT_SET ? "--set" :
			    opt == OPT_ADD ? "--add" : "--remove");
			c->edit = opt == OPT_SET ? GRID_WORKERS_SET :
			    opt == OPT_ADD ? GRID_WORKERS_ADD :
			    GRID_WORKERS_REMOVE;
			c->worker_id = optarg;
			break;
		case OPT_BALANCE:
			set_mode(c, MODE_BALANCE, "--balance");
			break;
		case OPT_BY:
			if ((c->by = grid_workers_by_parse(optarg)) < 0)
				cli_usage_error("--by: expected "
				    "people or houses, not '%s'", optarg);
			c->by_given = 1;
			break;
		case OPT_APPLY: c->apply = 1; break;
		default:
			cli_bad_option();
		}
	}
	check_options(c, argc, argv);
}

static const char *
whole(char *buf, size_t n, long v)
{
	snprintf(buf, n, "%ld", v);
	return buf;
}

/* ---- the three reports ---- */

static int
run_list(struct workers *c, struct grid_db *db, struct grid_error *err)
{
	struct grid_workers_list *list = NULL;
	const struct grid_workers_row *r;
	char num[3][32], phone[64];
	const char *row[NCOLUMNS(list_columns)];
	int rc;

	if (grid_workers_list_open(db, c->area, &list, err) != 0)
		return -1;
	while ((rc = grid_workers_list_next(list, &r, err)) == 1) {
		row[0] = r->id;
		row[1] = r->name;
		row[2] = r->phone == NULL ? NULL : c->common.reveal ?
		    r->phone : grid_mask_phone(r->phone, phone, sizeof(phone));
		row[3] = r->kind;
		row[4] = r->communities;
		row[5] = r->grids;
		row[6] = whole(num[0], sizeof(num[0]), r->grid_count);
		row[7] = whole(num[1], sizeof(num[1]), r->people);
		row[8] = whole(num[2], sizeof(num[2]), r->houses);
		if (cli_out_row(&c->out, row, err) != 0) {
			rc = -1;
			break;
		}
	}
	grid_workers_list_close(list);
	return rc;
}

static int
edit_rows(struct workers *c, char **codes, size_t n, const char *change,
    struct grid_error *err)
{
	const char *row[NCOLUMNS(edit_columns)];
	size_t i;

	for (i = 0; i < n; i++) {
		row[0] = c->worker_id;
		row[1] = codes[i];
		row[2] = change;
		if (cli_out_row(&c->out, row, err) != 0)
			return -1;
	}
	return 0;
}

static int
run_edit(struct workers *c, struct grid_db *db, struct grid_error *err)
{
	struct grid_workers_changes ch = { NULL, 0, NULL, 0 };
	int rc = -1;

	if (grid_workers_edit(db, c->worker_id, c->edit, c->grids, c->ngrids,
	    &ch, err) != 0)
		return -1;
	if (!c->common.quiet && ch.nadded + ch.nremoved == 0)
		cli_warn("%s: nothing changed", c->worker_id);
	else if (!c->common.quiet)
		cli_warn("%s: %zu %s added, %zu removed",
		    c->worker_id, ch.nadded, ch.nadded == 1 ? "grid" : "grids",
		    ch.nremoved);
	if (edit_rows(c, ch.removed, ch.nremoved, "removed", err) == 0 &&
	    edit_rows(c, ch.added, ch.nadded, "added", err) == 0)
		rc = 0;
	grid_workers_changes_release(&ch);
	return rc;
}

/* "320508018014: 2 workers, 3 grids, people 45..15 -> 30..28, ..." */
static void
summarize(const struct grid_workers_plan *plan)
{
	const struct grid_workers_community *pc;
	const char *by = grid_workers_by_name(plan->by);
	size_t i, moved = 0, changed = 0;

	for (i = 0; i < plan->ncommunities; i++) {
		pc = &plan->communities[i];
		if (pc->nworkers == 0) {
			cli_warn("%s: %zu %s, no worker to share them "
			    "(specialists are left out)", pc->code, pc->ngrids,
			    pc->ngrids == 1 ? "grid" : "grids");
			continue;
		}
		cli_warn("%s: %zu %s, %zu %s: %s per worker max "
		    "%ld -> %ld, min %ld -> %ld, cv %.2f -> %.2f; %zu %s "
		    "moved", pc->code, pc->nworkers, pc->nworkers == 1 ?
		    "worker" : "workers", pc->ngrids, pc->ngrids == 1 ?
		    "grid" : "grids", by, pc->max_before, pc->max_after,
		    pc->min_before, pc->min_after, pc->cv_before, pc->cv_after,
		    pc->moved, pc->moved == 1 ? "grid" : "grids");
		moved += pc->moved;
		changed += pc->moved > 0;
	}
	if (plan->applied)
		cli_warn("applied: %zu %s moved in %zu %s (%ld rows "
		    "of worker_grids removed, %ld added)", moved,
		    moved == 1 ? "grid" : "grids", changed,
		    changed == 1 ? "community" : "communities",
		    plan->rows_removed, plan->rows_added);
	else if (moved > 0)
		cli_warn("nothing written: --apply writes this "
		    "proposal");
}

static int
run_balance(struct workers *c, struct grid_db *db, struct grid_error *err)
{
	struct grid_workers_plan *plan = NULL;
	const struct grid_workers_share *s;
	char num[3][32];
	const char *row[NCOLUMNS(balance_columns)];
	size_t i;
	int rc = 0;

	if (grid_workers_balance(db, c->area, (enum grid_workers_by)c->by,
	    c->apply, &plan, err) != 0)
		return -1;
	for (i = 0; i < plan->nshares && rc == 0; i++) {
		s = &plan->shares[i];
		row[0] = s->community_code;
		row[1] = s->worker_id;
		row[2] = s->name;
		row[3] = s->kind;
		row[4] = s->grids_before;
		row[5] = s->grids_after;
		row[6] = whole(num[0], sizeof(num[0]), s->load_before);
		row[7] = whole(num[1], sizeof(num[1]), s->load_after);
		row[8] = whole(num[2], sizeof(num[2]), (long)s->pieces);
		rc = cli_out_row(&c->out, row, err);
	}
	if (!c->common.quiet)
		summarize(plan);
	grid_workers_plan_free(plan);
	return rc;
}

/* ---- running ---- */

static int
run(struct workers *c, struct grid_db *db, struct grid_error *err)
{
	if (c->area != NULL && grid_workers_area_check(db, c->area, err) != 0)
		return -1;
	switch (c->mode) {
	case MODE_EDIT:
		return run_edit(c, db, err);
	case MODE_BALANCE:
		return run_balance(c, db, err);
	default:
		return run_list(c, db, err);
	}
}

/* The columns of the mode's report. */
static void
set_columns(struct workers *c)
{
	if (c->mode == MODE_EDIT) {
		cli_out_columns(&c->out, edit_columns, NULL,
		    NCOLUMNS(edit_columns));
		return;
	}
	if (c->mode == MODE_LIST) {
		cli_out_columns(&c->out, list_columns, NULL,
		    NCOLUMNS(list_columns));
		return;
	}
	_Static_assert(sizeof(c->columns) == sizeof(balance_columns),
	    "the balance columns");
	memcpy(c->columns, balance_columns, sizeof(c->columns));
	if (c->by == GRID_WORKERS_BY_HOUSES) {
		c->columns[6].name = "houses_before";
		c->columns[7].name = "houses_after";
	}
	cli_out_columns(&c->out, c->columns, NULL, NCOLUMNS(c->columns));
}

int
assign_workers(int argc, char **argv)
{
	struct workers c;
	struct grid_error err;
	struct grid_db *db;
	int status = 0, ok;

	memset(&c, 0, sizeof(c));
	parse_options(&c, argc, argv);
	if ((db = cli_open_db(&c.common, c.mode == MODE_LIST ||
	    (c.mode == MODE_BALANCE && !c.apply), &status)) == NULL)
		return status;
	if (cli_out_open(&c.out, &c.common, &err) != 0) {
		cli_error(&err);
		grid_db_close(db);
		return err.code;
	}
	set_columns(&c);
	if (run(&c, db, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	ok = status == 0;
	if (cli_out_close(&c.out, ok, &err) != 0 && ok) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	return status;
}
