/*
 * sweep.c - grid-case sweep, for cron: grid_case_sweep in one
 * transaction (BEGIN IMMEDIATE), tried again a few times when the
 * database stays busy, so that sweeps may overlap each other and people
 * working cases.  The changes are held in a temporary file and printed
 * after the commit, one line each, nothing when nothing changed.
 * --dry-run: the same sweep, rolled back.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid-case/grid-case.h"
#include "grid/cases.h"
#include "grid/text.h"

#define TRIES 5
#define PAUSE_MS 200

static const char usage[] =
"usage: grid-case sweep [--actor NAME] [-n] [options]\n"
"For cron: warn once (黄牌) about every dispatched or handled case that\n"
"has used the setting warn_share (percent) of its limit, before its\n"
"deadline; mark those past their deadline overdue (once) and escalate\n"
"those overdue longer than the settings escalate_after and\n"
"escalate_max_level allow.  One line per change: id, action (warn,\n"
"overdue or escalate), status, from_level, to_level, deadline, at,\n"
"overdue_hours (negative for a warning: the working hours left);\n"
"nothing when nothing changed.  Safe to run while other sweeps and\n"
"people work cases: the database busy, it tries again a few times.\n"
"The changes are printed after the commit.\n"
"\n"
"      --actor NAME       who, in case_log (default $GRID_ACTOR, else your\n"
"                         login)\n"
CASE_DRY_RUN_HELP
"                         (what a sweep would do now)\n"
CASE_COMMON_HELP
"\n"
"Example (crontab): */5 * * * * grid-case sweep -d /srv/grid.db\n"
"\n"
"Exit status: 0 swept; 64 usage; 65 a bad setting; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 database\n"
"still busy after the tries.\n";

static const struct grid_column columns[] = {
	{ "id", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "from_level", GRID_COL_TEXT },
	{ "to_level", GRID_COL_TEXT }, { "deadline", GRID_COL_TEXT },
	{ "at", GRID_COL_TEXT }, { "overdue_hours", GRID_COL_REAL },
};

#define OPT_ACTOR 256

/* The changes of one try, held until its commit. */
struct changes {
	struct case_held held;
	int failed;		/* a change could not be held */
	struct grid_error err;
};

static void
on_change(void *ctx, const struct grid_case_change *change)
{
	struct changes *ch = ctx;
	char hours[32];
	const char *row[NCOLUMNS(columns)];

	if (ch->failed)
		return;
	snprintf(hours, sizeof(hours), "%.2f", change->overdue_hours);
	row[0] = change->id;
	row[1] = change->action;
	row[2] = change->status;
	row[3] = change->from_level;
	row[4] = change->to_level;
	row[5] = change->deadline;
	row[6] = change->at;
	row[7] = hours;
	if (case_held_row(&ch->held, row, &ch->err) != 0)
		ch->failed = 1;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* One try: begin, sweep, commit (or roll back).  0, or -1 with err. */
static int
try_sweep(struct grid_db *db, struct grid_cases *cs, const char *actor,
    int dry_run, struct changes *ch, struct grid_error *err)
{
	time_t now;
	int rc;

	ch->failed = 0;
	if (case_held_reset(&ch->held, err) != 0 ||
	    grid_now(&now, err) != 0 || grid_db_begin(db, err) != 0)
		return -1;
	rc = grid_case_sweep(cs, now, actor, on_change, ch, NULL, err);
	if (rc == 0 && ch->failed) {
		*err = ch->err;
		rc = -1;
	}
	if (rc != 0 || dry_run) {
		grid_db_rollback(db);
		return rc;
	}
	return grid_db_commit(db, err);
}

static int
sweep(struct grid_db *db, const char *actor, int dry_run,
    struct changes *ch, struct grid_error *err)
{
	struct grid_cases *cs;
	int tries, rc = -1;

	if (grid_cases_open(db, &cs, err) != 0)
		return -1;
	for (tries = 1; tries <= TRIES; tries++) {
		if ((rc = try_sweep(db, cs, actor, dry_run, ch, err)) == 0 ||
		    err->code != GRID_EBUSY)
			break;
		pause_ms(PAUSE_MS * tries);
	}
	grid_cases_close(cs);
	return rc;
}

/*
 * The changes, once committed.  Nothing on standard output when there is
 * none (cron mails nothing); a file given with -o is still written.
 */
static int
print(struct case_rows *rows, struct changes *ch, struct grid_error *err)
{
	rows->header_if_empty = case_rows_path(rows) != NULL;
	if (case_held_print(&ch->held, rows, err) != 0)
		return -1;
	return case_rows_close(rows, 1, err);
}

int
case_sweep(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_common c;
	struct changes ch;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db = NULL;
	const char *actor = NULL;
	int opt, status = 0, dry_run = 0;

	memset(&c, 0, sizeof(c));
	memset(&ch, 0, sizeof(ch));
	c.writes = CLI_WRITES_ROWS;	/* held by sweep itself (changes) */
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT "n",
	    longopts, NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg, usage))
			continue;
		if (opt == 'n')
			dry_run = 1;
		else if (opt == OPT_ACTOR)
			actor = optarg;
		else
			cli_bad_option();
	}
	if (actor == NULL)
		actor = cli_actor();
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	case_rows_check(&c);
	if (case_rows_open(&rows, &c, columns, NCOLUMNS(columns), &err) != 0)
		goto fail;
	if ((db = cli_open_db(&c, 0, &status)) == NULL)
		goto out;
	if (case_held_init(&ch.held, NCOLUMNS(columns), &err) != 0 ||
	    sweep(db, actor, dry_run, &ch, &err) != 0 ||
	    print(&rows, &ch, &err) != 0)
		goto fail;
	if (dry_run && !c.quiet)
		cli_warn("--dry-run: rolled back, nothing was written");
	goto out;
fail:
	cli_error(&err);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	case_rows_close(&rows, 0, NULL);
	grid_db_close(db);
	case_held_release(&ch.held);
	return status;
}
