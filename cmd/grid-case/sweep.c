/*
 * sweep.c - grid-case sweep, for cron: grid_case_sweep in one
 * transaction (BEGIN IMMEDIATE), tried again a few times when the
 * database stays busy, so that sweeps may overlap each other and people
 * working cases.  One line per change after the commit, nothing when
 * nothing changed.
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
"usage: grid-case sweep [--actor NAME] [options]\n"
"For cron: mark dispatched and handled cases past their deadline overdue\n"
"(once) and escalate those overdue longer than the settings\n"
"escalate_after and escalate_max_level allow.  One line per change:\n"
"id, action (overdue or escalate), status, from_level, to_level,\n"
"deadline, at, overdue_hours; nothing when nothing changed.  Safe to\n"
"run while other sweeps and people work cases: the database busy, it\n"
"tries again a few times.\n"
"\n"
"      --actor NAME       who, in case_log (default $GRID_ACTOR, else your\n"
"                         login)\n"
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

/* The changes of one try, kept until its commit: rows of texts. */
struct changes {
	char **cells;		/* NCOLUMNS(columns) per change */
	size_t n, cap;
	int failed;		/* out of memory */
};

static void
changes_reset(struct changes *ch)
{
	size_t i;

	for (i = 0; i < ch->n * NCOLUMNS(columns); i++)
		free(ch->cells[i]);
	ch->n = 0;
	ch->failed = 0;
}

static char *
copy(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
on_change(void *ctx, const struct grid_case_change *change)
{
	struct changes *ch = ctx;
	const size_t w = NCOLUMNS(columns);
	char hours[32], **more, **cell;
	size_t cap;

	if (ch->n == ch->cap) {
		cap = ch->cap == 0 ? 16 : ch->cap * 2;
		if ((more = realloc(ch->cells, cap * w * sizeof(*more))) ==
		    NULL) {
			ch->failed = 1;
			return;
		}
		ch->cells = more;
		ch->cap = cap;
	}
	snprintf(hours, sizeof(hours), "%.2f", change->overdue_hours);
	cell = ch->cells + ch->n * w;
	cell[0] = copy(change->id);
	cell[1] = copy(change->action);
	cell[2] = copy(change->status);
	cell[3] = copy(change->from_level);
	cell[4] = copy(change->to_level);
	cell[5] = copy(change->deadline);
	cell[6] = copy(change->at);
	cell[7] = copy(hours);
	ch->n++;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* One try: begin, sweep, commit.  0, or -1 with err. */
static int
try_sweep(struct grid_db *db, struct grid_cases *cs, const char *actor,
    struct changes *ch, struct grid_error *err)
{
	time_t now;

	changes_reset(ch);
	if (grid_now(&now, err) != 0 || grid_db_begin(db, err) != 0)
		return -1;
	if (grid_case_sweep(cs, now, actor, on_change, ch, NULL, err) != 0 ||
	    (ch->failed && grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory") != 0)) {
		grid_db_rollback(db);
		return -1;
	}
	return grid_db_commit(db, err);
}

static int
sweep(struct grid_db *db, const char *actor, struct changes *ch,
    struct grid_error *err)
{
	struct grid_cases *cs;
	int tries, rc = -1;

	if (grid_cases_open(db, &cs, err) != 0)
		return -1;
	for (tries = 1; tries <= TRIES; tries++) {
		if ((rc = try_sweep(db, cs, actor, ch, err)) == 0 ||
		    err->code != GRID_EBUSY)
			break;
		pause_ms(PAUSE_MS * tries);
	}
	grid_cases_close(cs);
	return rc;
}

static int
print(const struct cli_common *c, const struct changes *ch,
    struct grid_error *err)
{
	struct case_rows rows;
	size_t i;
	int rc = 0;

	if (ch->n == 0 && (c->output == NULL || strcmp(c->output, "-") == 0))
		return 0;
	if (case_rows_open(&rows, c, columns, NCOLUMNS(columns), err) != 0)
		return -1;
	for (i = 0; i < ch->n && rc == 0; i++)
		rc = grid_writer_row(rows.w, (const char *const *)ch->cells +
		    i * NCOLUMNS(columns), err);
	if (case_rows_close(&rows, rc == 0, err) != 0)
		rc = -1;
	return rc;
}

int
case_sweep(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "actor", required_argument, NULL, OPT_ACTOR },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const formats[] = { "ndjson", "csv", "tsv",
		"table", "md", NULL };
	struct cli_common c;
	struct changes ch = { NULL, 0, 0, 0 };
	struct grid_error err;
	struct grid_db *db;
	const char *actor = NULL;
	int opt, status = 0;

	memset(&c, 0, sizeof(c));
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg, usage))
			continue;
		if (opt != OPT_ACTOR)
			case_bad_option("sweep");
		actor = optarg;
	}
	if (actor == NULL)
		actor = case_default_actor();
	if (optind != argc)
		cli_usage_error("sweep: unexpected argument '%s'",
		    argv[optind]);
	if (c.format != NULL)
		cli_format(c.format, formats, stdout);
	if ((db = cli_open_db(&c, 0, &status)) == NULL)
		return status;
	if (sweep(db, actor, &ch, &err) != 0 || print(&c, &ch, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	grid_db_close(db);
	changes_reset(&ch);
	free(ch.cells);
	return status;
}
