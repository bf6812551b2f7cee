/*
 * petition.c - the petition's own record (信访, libgrid's
 * grid/petitions.h): grid-case petition ID (its details and
 * petitioners), accept, answer, review and follow-through; and the
 * petition's lines of grid-case show.
 *
 * answer is not the state table's reply: reply (答复) tells the
 * requester of any case something, as often as needed, also after the
 * close, and the case desk's reply rate counts it against the case's
 * reply_due (setting reply_limit); a petition's answer is its one
 * formal reply (信访处理意见), only after acceptance, once, never after
 * the close, due petition_reply_limit after acceptance.
 *
 * Each command takes one case, writes in one transaction, and prints
 * its row after the commit: case_id, action, at, status, form,
 * people_count, group_petition, over_level, accepted_at, reply_due,
 * replied_at, on_time, review, followed_through (nothing personal).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/codes.h"
#include "grid/petitions.h"

#define PETITION_HELP_TAIL \
"      --at TIME          when (default: now); not before the case's\n" \
"                         last step\n" \
"      --actor NAME       who (default $GRID_ACTOR, else your login)\n" \
CASE_DRY_RUN_HELP \
CASE_HELP_DB \
"  -f, --format FMT       {formats} (default: table on a terminal,\n" \
"                         else ndjson); id: the case's id alone\n" \
"  -o, --output FILE      write the row to FILE (atomically)\n" \
CLI_HELP_QUIET \
"  -h, --help             this help\n" \
"      --version          version\n" \
"\n" \
"Prints, after the commit: case_id, action, at, status, form,\n" \
"people_count, group_petition, over_level, accepted_at, reply_due,\n" \
"replied_at, on_time, review, followed_through.\n" \
"\n" \
"Exit status: 0; 64 usage; 65 refused (no such case, not a petition, a\n" \
"step out of order, a bad value: nothing changed); 69 database missing;\n" \
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n"

static const char details_usage[] =
"usage: grid-case petition ID [--form F] [--people N] [--reached L]\n"
"           [--competent L] [--petitioner IDNO]... [--representative\n"
"           IDNO]... [--responder NAME] [--leader NAME] [options]\n"
"Record a petition (信访) on case ID, a case of source petition and a\n"
"petition category (E0901-E0904): its form, the number of people (a\n"
"group petition, 集体访, from the setting group_petition_people), the\n"
"level it reached and the level competent for it (over-level, 越级, when\n"
"it reached a higher one), the petitioners (each must be in people),\n"
"the first responder (首接责任人) and the leader in charge (包案领导).\n"
"Again on the same case: the fields given replace theirs, petitioners\n"
"are added.  Logged in case_log (action petition).\n"
"\n"
"      --form F           visit (来访), letter (来信), online (网上信访)\n"
"                         or phone (来电); required the first time\n"
"      --people N         how many people came (default 1)\n"
"      --reached L        community, street, district, city, province\n"
"                         or national\n"
"      --competent L      the level competent for it (the same levels)\n"
"      --petitioner IDNO  a petitioner's ID number (repeated, or a\n"
"                         comma list)\n"
"      --representative IDNO  a representative of a group petition\n"
"      --responder NAME   the first responder\n"
"      --leader NAME      the leader in charge\n"
PETITION_HELP_TAIL;

static const char accept_usage[] =
"usage: grid-case accept ID [--at TIME] [options]\n"
"Accept (受理) the petition of case ID: accepted_at, and reply_due, the\n"
"acceptance plus the setting petition_reply_limit (default 60 calendar\n"
"days, 信访工作条例 art. 32).  Once; the petition recorded first, the\n"
"case open.  Logged in case_log (action accept).\n"
"\n"
PETITION_HELP_TAIL;

static const char answer_usage[] =
"usage: grid-case answer ID --text TEXT [--at TIME] [options]\n"
"The petition's reply (答复, the written opinion on it): replied_at and\n"
"the text, on time when not after reply_due.  Refused before acceptance,\n"
"a second time, and after the case is closed.  Not the verb reply,\n"
"which tells the requester of any case something, any number of times\n"
"and after the close too, against the case's reply_limit.  Logged in\n"
"case_log (action answer, the text in the note).\n"
"\n"
"      --text TEXT        the reply\n"
PETITION_HELP_TAIL;

static const char review_usage[] =
"usage: grid-case review ID --result R [--at TIME] [options]\n"
"The review (复查) of an answered petition: upheld (维持), changed (变更)\n"
"or revoked (撤销).  Once, only after the answer; also on a closed case.\n"
"Logged in case_log (action review).\n"
"\n"
"      --result R         upheld, changed or revoked\n"
PETITION_HELP_TAIL;

static const char follow_usage[] =
"usage: grid-case follow-through ID [--no] [--at TIME] [options]\n"
"Whether what the answer promised was carried out (落实): followed_through\n"
"1, or 0 with --no.  Only after the answer; also on a closed case; may\n"
"be given again to correct it.  Logged in case_log (action\n"
"follow-through).\n"
"\n"
"      --no               not followed through\n"
PETITION_HELP_TAIL;

static const struct grid_column columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "at", GRID_COL_TEXT }, { "status", GRID_COL_TEXT },
	{ "form", GRID_COL_TEXT }, { "people_count", GRID_COL_INT },
	{ "group_petition", GRID_COL_INT }, { "over_level", GRID_COL_INT },
	{ "accepted_at", GRID_COL_TEXT }, { "reply_due", GRID_COL_TEXT },
	{ "replied_at", GRID_COL_TEXT }, { "on_time", GRID_COL_INT },
	{ "review", GRID_COL_TEXT }, { "followed_through", GRID_COL_INT },
};

/* The columns of the petition's row each printed column comes from. */
static const int from_show[] = { -1, -1, -1, 1, 3, 4, 5, 8, 13, 14, 15,
	16, 19, 20 };
_Static_assert(NCOLUMNS(from_show) == NCOLUMNS(columns),
    "a source for each column");

enum {
	OPT_FORM = 256, OPT_PEOPLE, OPT_REACHED, OPT_COMPETENT,
	OPT_PETITIONER, OPT_REPRESENTATIVE, OPT_RESPONDER, OPT_LEADER,
	OPT_TEXT, OPT_RESULT, OPT_NO, OPT_AT, OPT_ACTOR
};

#define MAX_PARTIES 200

struct petition_run {
	struct grid_petition_step step;
	const char *petitioners[MAX_PARTIES];
	const char *representatives[MAX_PARTIES];
	char *copies[2 * MAX_PARTIES];	/* the options' lists, split */
	size_t ncopies;
	int dry_run;
	struct case_held held;
	struct grid_petition_done done;
};

/*
 * Adds the ID numbers of a comma list to list (n of them), pointing into
 * a copy of text that run keeps (freed at the end of the run).
 */
static void
add_ids(struct petition_run *run, const char *text, const char **list,
    size_t *n, const char *option)
{
	char *copy, *p, *next;

	if (run->ncopies >= NCOLUMNS(run->copies))
		cli_usage_error("%s: given too often", option);
	if ((copy = strdup(text)) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	run->copies[run->ncopies++] = copy;
	for (p = copy; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		if (*p == '\0')
			cli_usage_error("%s: an empty ID number in '%s'",
			    option, text);
		if (*n >= MAX_PARTIES)
			cli_usage_error("%s: at most %d", option,
			    MAX_PARTIES);
		list[(*n)++] = p;
	}
}

static const char *
usage_of(enum grid_petition_action a)
{
	switch (a) {
	case GRID_PETITION_DETAILS: return details_usage;
	case GRID_PETITION_ACCEPT: return accept_usage;
	case GRID_PETITION_ANSWER: return answer_usage;
	case GRID_PETITION_REVIEW: return review_usage;
	default: return follow_usage;
	}
}

/* The options every one of these commands ends with. */
#define PETITION_TAIL_OPTS \
	{ "at", required_argument, NULL, OPT_AT }, \
	{ "actor", required_argument, NULL, OPT_ACTOR }, \
	CASE_WRITER_LONG

/* An option of the command of run->step.action; 0 when not its own. */
static int
petition_option(void *ctx, int opt, char *arg)
{
	struct petition_run *run = ctx;
	struct grid_petition_step *s = &run->step;

	switch (opt) {
	case OPT_FORM: s->form = arg; break;
	case OPT_PEOPLE:
		cli_number("--people", arg, 1, 100000);
		s->people = arg;
		break;
	case OPT_REACHED: s->level_reached = arg; break;
	case OPT_COMPETENT: s->competent_level = arg; break;
	case OPT_PETITIONER:
		add_ids(run, arg, run->petitioners, &s->npetitioners,
		    "--petitioner");
		break;
	case OPT_REPRESENTATIVE:
		add_ids(run, arg, run->representatives, &s->nrepresentatives,
		    "--representative");
		break;
	case OPT_RESPONDER: s->responder = arg; break;
	case OPT_LEADER: s->leader = arg; break;
	case OPT_TEXT: s->text = arg; break;
	case OPT_RESULT: s->result = arg; break;
	case OPT_NO: s->followed = 0; break;
	case OPT_AT: s->at = arg; break;
	case OPT_ACTOR: s->actor = arg; break;
	case 'n': run->dry_run = 1; break;
	default: return 0;
	}
	return 1;
}

static void
parse(struct cli_common *c, struct petition_run *run, int argc, char **argv)
{
	static const struct option details_opts[] = {
		{ "form", required_argument, NULL, OPT_FORM },
		{ "people", required_argument, NULL, OPT_PEOPLE },
		{ "reached", required_argument, NULL, OPT_REACHED },
		{ "competent", required_argument, NULL, OPT_COMPETENT },
		{ "petitioner", required_argument, NULL, OPT_PETITIONER },
		{ "representative", required_argument, NULL,
		    OPT_REPRESENTATIVE },
		{ "responder", required_argument, NULL, OPT_RESPONDER },
		{ "leader", required_argument, NULL, OPT_LEADER },
		PETITION_TAIL_OPTS };
	static const struct option accept_opts[] = { PETITION_TAIL_OPTS };
	static const struct option answer_opts[] = {
		{ "text", required_argument, NULL, OPT_TEXT },
		PETITION_TAIL_OPTS };
	static const struct option review_opts[] = {
		{ "result", required_argument, NULL, OPT_RESULT },
		PETITION_TAIL_OPTS };
	static const struct option follow_opts[] = {
		{ "no", no_argument, NULL, OPT_NO },
		PETITION_TAIL_OPTS };
	struct grid_petition_step *s = &run->step;
	const char *usage = usage_of(s->action);
	const struct option *opts = s->action == GRID_PETITION_DETAILS ?
	    details_opts : s->action == GRID_PETITION_ACCEPT ? accept_opts :
	    s->action == GRID_PETITION_ANSWER ? answer_opts :
	    s->action == GRID_PETITION_REVIEW ? review_opts : follow_opts;
	int first;

	s->followed = 1;
	first = case_options(c, argc, argv, CLI_COMMON_SHORT "n", opts, usage,
	    petition_option, run);
	s->case_id = argv[first];
	if (first + 1 < argc)
		cli_usage_error("one case at a time: unexpected '%s'",
		    argv[first + 1]);
	if (s->action == GRID_PETITION_ANSWER && s->text == NULL)
		cli_usage_error("answer needs --text");
	if (s->action == GRID_PETITION_REVIEW && s->result == NULL)
		cli_usage_error("review needs --result (upheld, changed or "
		    "revoked)");
	if (s->actor == NULL)
		s->actor = cli_actor();
	s->petitioners = run->petitioners;
	s->representatives = run->representatives;
}

/* Holds the printed row, from the petition's row read in the write. */
static int
hold_row(void *ctx, const char *const *values)
{
	struct petition_run *run = ctx;
	const char *row[NCOLUMNS(columns)];
	struct grid_error err;
	size_t i;

	for (i = 0; i < NCOLUMNS(columns); i++)
		row[i] = from_show[i] >= 0 ? values[from_show[i]] : NULL;
	row[0] = run->done.case_id;
	row[1] = run->done.action;
	row[2] = run->done.at;
	return case_held_row(&run->held, row, &err) != 0;
}

/* The action and the petition's row held, in the transaction. */
static int
act(struct grid_db *db, void *ctx, struct grid_error *err)
{
	struct petition_run *run = ctx;

	if (grid_petition_apply(db, &run->step, &run->done, err) != 0)
		return -1;
	if (grid_petition_show(db, run->step.case_id, hold_row, run,
	    err) != 1) {
		if (err->code == 0)
			grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
			    "the petition's row could not be held");
		return -1;
	}
	return 0;
}

/* In one transaction, committed unless a dry run.  0, or -1 with err. */
static int
apply(struct grid_db *db, void *ctx, struct grid_error *err)
{
	struct petition_run *run = ctx;

	return case_write_transaction(db, !run->dry_run, act, run, err);
}

static int
petition_command(int argc, char **argv, enum grid_petition_action action)
{
	struct cli_common c;
	struct petition_run run;
	struct case_writer w;
	int status;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	memset(&w, 0, sizeof(w));
	run.step.action = action;
	c.writes = CLI_WRITES_ROWS;	/* held here until the commit */
	parse(&c, &run, argc, argv);
	w.columns = columns;
	w.ncolumns = NCOLUMNS(columns);
	w.dry_run = run.dry_run;
	w.masked = 1;
	w.held = &run.held;
	w.write = apply;
	w.ctx = &run;
	status = case_write_command(&c, &w);
	while (run.ncopies > 0)
		free(run.copies[--run.ncopies]);
	return status;
}

int
case_petition(int argc, char **argv)
{
	return petition_command(argc, argv, GRID_PETITION_DETAILS);
}

int
case_accept(int argc, char **argv)
{
	return petition_command(argc, argv, GRID_PETITION_ACCEPT);
}

int
case_answer(int argc, char **argv)
{
	return petition_command(argc, argv, GRID_PETITION_ANSWER);
}

int
case_review(int argc, char **argv)
{
	return petition_command(argc, argv, GRID_PETITION_REVIEW);
}

int
case_follow_through(int argc, char **argv)
{
	return petition_command(argc, argv, GRID_PETITION_FOLLOW_THROUGH);
}

/* ---- show: the petition's lines ---- */

struct show_lines {
	struct case_rows *rows;
	int reveal;
	struct grid_error *err;
};

/*
 * A comma list of ID numbers, each masked unless reveal, into out (size
 * n).  0, or -1 when it does not fit.
 */
static int
mask_list(const char *list, int reveal, char *out, size_t n)
{
	char one[64], masked[64];
	const char *p = list, *comma;
	size_t len = 0;
	int w;

	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		snprintf(one, sizeof(one), "%.*s", comma != NULL ?
		    (int)(comma - p) : (int)strlen(p), p);
		w = snprintf(out + len, n - len, "%s%s", len > 0 ? "," : "",
		    reveal ? one : grid_mask_idno(one, masked,
		    sizeof(masked)));
		if (w < 0 || (size_t)w >= n - len)
			return -1;
		len += (size_t)w;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return 0;
}

static int
show_line(void *ctx, const char *const *values)
{
	struct show_lines *sl = ctx;
	const struct grid_column *cols = grid_petition_columns(NULL);
	char field[64], list[8192];
	const char *pair[2];
	size_t i;

	for (i = 1; i < GRID_PETITION_NCOLUMN; i++) {
		if (i == 1 || i == 2)	/* status, category: the case's */
			continue;
		snprintf(field, sizeof(field), "petition.%s", cols[i].name);
		pair[0] = field;
		pair[1] = values[i];
		if ((i == GRID_PETITION_COL_PETITIONERS ||
		    i == GRID_PETITION_COL_REPRESENTATIVES) &&
		    values[i] != NULL) {
			if (mask_list(values[i], sl->reveal, list,
			    sizeof(list)) != 0)
				return grid_error_set(sl->err, GRID_EINTERNAL,
				    NULL, 0, cols[i].name, "too long") != 0;
			pair[1] = list;
		}
		if (case_rows_write(sl->rows, pair, sl->err) != 0)
			return 1;
	}
	return 0;
}

int
case_petition_lines(struct grid_db *db, const char *id,
    struct case_rows *rows, int reveal, struct grid_error *err)
{
	struct show_lines sl = { rows, reveal, err };
	struct grid_error e;

	if (grid_petition_show(db, id, show_line, &sl, &e) >= 0)
		return 0;
	if (e.code != 0)
		*err = e;
	return -1;
}
