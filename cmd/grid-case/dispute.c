/*
 * dispute.c - grid-case dispute ID (a dispute's parties, mediator and
 * kind of mediation), grid-case mediate ID (one mediation attempt and,
 * when final, the outcome) and grid-case parties ID (the parties,
 * masked unless --reveal, which is recorded in case_log).  The rules
 * are libgrid's (grid/disputes.h); the writers print the dispute once
 * committed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/dispute.h"
#include "grid-case/grid-case.h"
#include "grid/cases.h"
#include "grid/codes.h"
#include "grid/disputes.h"

static const char dispute_usage[] =
"usage: grid-case dispute ID [--party IDNO|USCC]... [--role ROLE]\n"
"           [--mediator NAME | --mediator-worker WORKER]\n"
"           [--mediation KIND] [options]\n"
"The details of a dispute (矛盾纠纷: a case of a category whose case_type\n"
"is dispute, E0701-E0704 by default): its parties, each a person of the\n"
"people register (ID number) or an organisation of orgs (USCC), its\n"
"mediator and its kind of mediation.  Each party added and each change\n"
"of the mediator is recorded in case_log (actions party and dispute).\n"
"Without options, prints the dispute.  Prints, after the commit:\n"
"case_id, category_code, status, level, reported_at, parties, mediator,\n"
"mediator_id, mediation, attempts, last_attempt_at, last_result,\n"
"outcome, outcome_at, outcome_level, agreement.\n"
"\n"
"      --party ID         a party: an ID number or a USCC (repeat, or a\n"
"                         comma list); refused when in neither register\n"
"                         or a party already\n"
"      --role ROLE        of the parties given: party (当事人, default),\n"
"                         petitioner (信访人) or representative (代表)\n"
"      --mediator NAME    who mediates (调解员)\n"
"      --mediator-worker WORKER\n"
"                         a grid worker mediates (workers.id; the name\n"
"                         from workers unless --mediator)\n"
"      --mediation KIND   people (人民调解), administrative (行政调解) or\n"
"                         judicial (司法调解)\n"
"      --at TIME          when (default: now); not before the report\n"
"      --note TEXT        kept in case_log\n"
"      --actor NAME       who (default $GRID_ACTOR, else your login)\n"
CASE_DRY_RUN_HELP
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case, not a dispute, a case voided,\n"
"closed or merged, a party not in the registers or given twice, a bad\n"
"value; 69 database missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error; 75 busy.  Nothing is written when it fails.\n";

static const char mediate_usage[] =
"usage: grid-case mediate ID --result RESULT [--level LEVEL]\n"
"           [--agreement TEXT] [--at TIME] [options]\n"
"One mediation attempt of a dispute (grid-case dispute), recorded in\n"
"dispute_attempts and case_log (action mediate).  A result other than\n"
"continued ends the dispute: its outcome, the attempt's time and level;\n"
"no attempt is taken after that.  Prints the dispute after the commit\n"
"(the columns of grid-case dispute).\n"
"\n"
"      --result RESULT    continued (继续调解), resolved (化解), agreement\n"
"                         (达成协议), referred (移交) or failed (调解不成)\n"
"      --level LEVEL      where it was mediated: grid, community, street,\n"
"                         district or city (default: the case's level)\n"
"      --agreement TEXT   the agreement reached (not with continued)\n"
"      --mediator NAME    who mediated (default: the dispute's mediator)\n"
"      --at TIME          when (default: now); not before the report, not\n"
"                         in the future\n"
"      --note TEXT        kept with the attempt and in case_log\n"
"      --actor NAME       who (default $GRID_ACTOR, else your login)\n"
CASE_DRY_RUN_HELP
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case, not a dispute, a case voided,\n"
"closed or merged, an outcome already final, a time before the report or\n"
"in the future, a bad value; 69 database missing; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 busy.  Nothing is written when\n"
"it fails.\n";

static const char parties_usage[] =
"usage: grid-case parties ID... [options]\n"
"The parties of each dispute, in the order added: case_id, role, kind\n"
"(person or org), party (the ID number or USCC), name, phone.  A\n"
"person's ID number and every phone number are masked unless --reveal,\n"
"which is recorded in case_log first (action reveal).\n"
"\n"
CASE_COMMON_HELP_ROWS
"\n"
"Exit status: 0; 64 usage; 65 no such case, or not a dispute; 69\n"
"database missing; 70 internal error; 73 cannot create output; 74 I/O\n"
"error; 75 busy.\n";

enum {
	OPT_PARTY = 256, OPT_ROLE, OPT_MEDIATOR, OPT_MEDIATOR_WORKER,
	OPT_MEDIATION, OPT_RESULT, OPT_LEVEL, OPT_AGREEMENT, OPT_AT,
	OPT_NOTE, OPT_ACTOR
};

#define MAX_PARTIES 64

/* The command line of dispute and mediate. */
struct dispute_run {
	const char *case_id;
	const char *parties[MAX_PARTIES];
	struct grid_dispute_details d;
	struct grid_dispute_attempt a;
	int mediate, dry_run, changes;
	struct case_held held;
};

/* --party: one ID or a comma list, split in place. */
static void
add_parties(struct dispute_run *run, char *text)
{
	char *p, *next;

	for (p = text; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		if (*p == '\0')
			cli_usage_error("--party: an empty ID");
		if (run->d.nparties == MAX_PARTIES)
			cli_usage_error("--party: at most %d parties at a "
			    "time", MAX_PARTIES);
		run->parties[run->d.nparties++] = p;
	}
}

/* An option of dispute or mediate; 0 when it is neither's. */
static int
step_option(struct dispute_run *run, int opt, char *arg)
{
	const char **at = run->mediate ? &run->a.at : &run->d.at;
	const char **note = run->mediate ? &run->a.note : &run->d.note;
	const char **actor = run->mediate ? &run->a.actor : &run->d.actor;

	switch (opt) {
	case OPT_AT: *at = arg; return 1;
	case OPT_NOTE: *note = arg; return 1;
	case OPT_ACTOR: *actor = arg; return 1;
	case 'n': run->dry_run = 1; return 1;
	}
	if (run->mediate) {
		switch (opt) {
		case OPT_RESULT: run->a.result = arg; return 1;
		case OPT_LEVEL: run->a.level = arg; return 1;
		case OPT_AGREEMENT: run->a.agreement = arg; return 1;
		case OPT_MEDIATOR: run->a.mediator = arg; return 1;
		}
		return 0;
	}
	run->changes++;
	switch (opt) {
	case OPT_PARTY: add_parties(run, arg); return 1;
	case OPT_ROLE: run->d.role = arg; return 1;
	case OPT_MEDIATOR: run->d.mediator = arg; return 1;
	case OPT_MEDIATOR_WORKER: run->d.mediator_id = arg; return 1;
	case OPT_MEDIATION: run->d.mediation = arg; return 1;
	}
	return 0;
}

static void
parse(struct cli_common *c, struct dispute_run *run, int argc, char **argv)
{
	static const struct option dispute_opts[] = {
		{ "party", required_argument, NULL, OPT_PARTY },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "mediator", required_argument, NULL, OPT_MEDIATOR },
		{ "mediator-worker", required_argument, NULL,
		    OPT_MEDIATOR_WORKER },
		{ "mediation", required_argument, NULL, OPT_MEDIATION },
		{ "at", required_argument, NULL, OPT_AT },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const struct option mediate_opts[] = {
		{ "result", required_argument, NULL, OPT_RESULT },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "agreement", required_argument, NULL, OPT_AGREEMENT },
		{ "mediator", required_argument, NULL, OPT_MEDIATOR },
		{ "at", required_argument, NULL, OPT_AT },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const char *usage = run->mediate ? mediate_usage : dispute_usage;
	int opt;

	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT "n",
	    run->mediate ? mediate_opts : dispute_opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, usage))
			continue;
		if (!step_option(run, opt, optarg))
			cli_bad_option();
	}
	if (optind == argc)
		cli_usage_error("which case? no ID given");
	run->case_id = argv[optind++];
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (run->mediate && run->a.result == NULL)
		cli_usage_error("mediate needs --result");
	if (!run->mediate && run->d.role != NULL && run->d.nparties == 0)
		cli_usage_error("--role is the role of the parties given: "
		    "no --party");
	run->d.case_id = run->a.case_id = run->case_id;
	run->d.parties = run->parties;
	if (run->d.actor == NULL)
		run->d.actor = cli_actor();
	if (run->a.actor == NULL)
		run->a.actor = cli_actor();
}

static int
hold_row(void *ctx, const char *const *values)
{
	struct dispute_run *run = ctx;
	struct grid_error err;

	return case_held_row(&run->held, values, &err);
}

/* The step and its row, in one transaction.  0, or -1 with err. */
static int
apply(struct grid_db *db, struct dispute_run *run, struct grid_error *err)
{
	int rc;

	if (grid_db_begin(db, err) != 0)
		return -1;
	if (run->mediate)
		rc = grid_dispute_mediate(db, &run->a, NULL, err);
	else
		rc = run->changes > 0 ? grid_dispute_record(db, &run->d, NULL,
		    err) : 0;
	if (rc == 0 && grid_dispute_show(db, run->case_id, hold_row, run,
	    err) != 0) {
		if (err->code == 0)
			grid_error_set(err, GRID_EIO, NULL, 0, NULL,
			    "cannot hold the rows");
		rc = -1;
	}
	if (rc != 0 || run->dry_run || run->changes == 0) {
		grid_db_rollback(db);
		return rc;
	}
	return grid_db_commit(db, err);
}

static int
step(int argc, char **argv, int mediate)
{
	struct cli_common c;
	struct dispute_run run;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db = NULL;
	const struct grid_column *columns;
	size_t n;
	int status = 0;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	memset(&rows, 0, sizeof(rows));
	run.mediate = mediate;
	run.changes = mediate;
	c.writes = CLI_WRITES_ROWS;	/* held here until the commit */
	parse(&c, &run, argc, argv);
	case_rows_check(&c);
	columns = grid_dispute_columns(&n);
	if (case_rows_open(&rows, &c, columns, n, &err) != 0)
		goto fail;
	if ((db = cli_open_db(&c, run.changes == 0, &status)) == NULL)
		goto out;
	if (case_held_init(&run.held, n, &err) != 0 ||
	    apply(db, &run, &err) != 0 ||
	    case_held_print(&run.held, &rows, &err) != 0 ||
	    case_rows_close(&rows, 1, &err) != 0)
		goto fail;
	if (run.dry_run && !c.quiet)
		cli_warn("--dry-run: rolled back, nothing was written");
	goto out;
fail:
	cli_error(&err);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	case_rows_close(&rows, 0, NULL);
	grid_db_close(db);
	case_held_release(&run.held);
	return status;
}

int
case_dispute(int argc, char **argv)
{
	return step(argc, argv, 0);
}

int
case_mediate(int argc, char **argv)
{
	return step(argc, argv, 1);
}

/* --- parties ID... --- */

struct party_sink {
	struct case_rows *rows;
	int reveal;
	struct grid_error err;
};

static int
party_row(void *ctx, const char *const *values)
{
	struct party_sink *ps = ctx;
	const char *row[GRID_DISPUTE_PARTY_NCOLUMN];
	char idno[64], phone[64];
	size_t i;

	for (i = 0; i < GRID_DISPUTE_PARTY_NCOLUMN; i++)
		row[i] = values[i];
	if (!ps->reveal && row[3] != NULL && row[2] != NULL &&
	    strcmp(row[2], "person") == 0)
		row[3] = grid_mask_idno(row[3], idno, sizeof(idno));
	if (!ps->reveal && row[5] != NULL)
		row[5] = grid_mask_phone(row[5], phone, sizeof(phone));
	return case_rows_write(ps->rows, row, &ps->err);
}

/* Ignores a row: to check that a case is a dispute. */
static int
no_row(void *ctx, const char *const *values)
{
	return 0;
}

static int
list_parties(struct grid_db *db, char **ids, const struct cli_common *c,
    struct case_rows *rows, struct grid_error *err)
{
	const struct grid_column *columns;
	struct party_sink ps;
	size_t n;
	char **id;

	memset(&ps, 0, sizeof(ps));
	ps.rows = rows;
	ps.reveal = c->reveal;
	for (id = ids; *id != NULL; id++)
		if (grid_dispute_parties(db, *id, no_row, NULL, err) != 0)
			return -1;
	if (c->reveal && case_log_reveals(db, ids, "parties --reveal",
	    err) != 0)
		return -1;
	columns = grid_dispute_party_columns(&n);
	if (case_rows_open(rows, c, columns, n, err) != 0)
		return -1;
	for (id = ids; *id != NULL; id++)
		if (grid_dispute_parties(db, *id, party_row, &ps, err) != 0) {
			if (err->code == 0)
				*err = ps.err;
			return -1;
		}
	return 0;
}

int
case_parties(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 } };
	struct cli_common c;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db;
	int opt, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&rows, 0, sizeof(rows));
	c.writes = CLI_WRITES_ROWS;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1)
		if (!cli_common_option(&c, opt, optarg, parties_usage))
			cli_bad_option();
	if (optind == argc)
		cli_usage_error("which case? no ID given");
	case_rows_check(&c);
	if ((db = cli_open_db(&c, !c.reveal, &status)) == NULL)
		return status;
	if (list_parties(db, argv + optind, &c, &rows, &err) != 0 ||
	    case_rows_close(&rows, 1, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	case_rows_close(&rows, 0, NULL);
	grid_db_close(db);
	return status;
}

/* --- show: a dispute's lines --- */

struct lines {
	struct case_rows *rows;
	int reveal;
	int n;
	struct grid_error *err;
};

/* A field/value line; 0 or -1. */
static int
line(struct lines *l, const char *field, const char *value)
{
	const char *pair[2];

	pair[0] = field;
	pair[1] = value;
	return case_rows_write(l->rows, pair, l->err);
}

/* The dispute's own fields, those not empty, as "dispute.FIELD". */
static int
dispute_fields(void *ctx, const char *const *values)
{
	static const int shown[] = { 6, 7, 8, 12, 13, 14, 15 };
	const struct grid_column *columns = grid_dispute_columns(NULL);
	struct lines *l = ctx;
	char field[64];
	size_t i;

	for (i = 0; i < NCOLUMNS(shown); i++) {
		if (values[shown[i]] == NULL)
			continue;
		snprintf(field, sizeof(field), "dispute.%s",
		    columns[shown[i]].name);
		if (line(l, field, values[shown[i]]) != 0)
			return -1;
	}
	return 0;
}

static int
party_line(void *ctx, const char *const *values)
{
	struct lines *l = ctx;
	char field[32], text[1024], idno[64];
	const char *party = values[3];

	if (!l->reveal && party != NULL && strcmp(values[2], "person") == 0)
		party = grid_mask_idno(party, idno, sizeof(idno));
	snprintf(field, sizeof(field), "party %d", ++l->n);
	snprintf(text, sizeof(text), "%s %s %s %s", values[1], values[2],
	    party != NULL ? party : "", values[4] != NULL ? values[4] : "");
	return line(l, field, text);
}

static int
attempt_line(void *ctx, const char *const *values)
{
	struct lines *l = ctx;
	char field[48], text[2048];

	snprintf(field, sizeof(field), "attempt %s", values[0]);
	snprintf(text, sizeof(text), "%s %s %s%s%s%s%s", values[2],
	    values[3] != NULL ? values[3] : "-", values[4],
	    values[5] != NULL ? " mediator " : "",
	    values[5] != NULL ? values[5] : "",
	    values[7] != NULL ? " note " : "",
	    values[7] != NULL ? values[7] : "");
	return line(l, field, text);
}

int
case_dispute_lines(struct grid_db *db, const char *id,
    struct case_rows *rows, int reveal, struct grid_error *err)
{
	struct lines l = { rows, reveal, 0, err };
	struct grid_error read;
	int is;

	if ((is = grid_dispute_is(db, id, &read)) <= 0) {
		if (is < 0)
			*err = read;
		return is;
	}
	if (grid_dispute_show(db, id, dispute_fields, &l, &read) != 0 ||
	    grid_dispute_parties(db, id, party_line, &l, &read) != 0 ||
	    grid_dispute_attempts(db, id, attempt_line, &l, &read) != 0) {
		if (read.code != 0)
			*err = read;
		return -1;
	}
	return 0;
}
