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

/* '-' instead of an ID: records on standard input (as the steps'). */
#define DISPUTE_BULK_HELP \
"With '-' instead of an ID, standard input holds records (NDJSON, CSV or\n" \
"TSV with a header, or bare ids one a line), each the case's id (id or\n" \
"case_id) and the fields of the options below, named as they are; a\n" \
"record's fields override the options given.  All of it is read before\n" \
"anything is written, then taken in one transaction; a bad record is\n" \
"named by its line and skipped.  One row per record, after the commit.\n"
#define DISPUTE_STRICT_HELP \
"      --strict           with -: a rejected record or an unknown key\n" \
"                         aborts, nothing written\n"

static const char dispute_usage[] =
"usage: grid-case dispute ID|- [--party IDNO|USCC]... [--role ROLE]\n"
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
DISPUTE_BULK_HELP
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
DISPUTE_STRICT_HELP
CASE_DRY_RUN_HELP
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case, not a dispute, a case voided,\n"
"closed or merged, a party not in the registers or given twice, a bad\n"
"value (with -: records rejected, the good ones done); 69 database\n"
"missing; 70 internal error; 73 cannot create output; 74 I/O error;\n"
"75 busy.  Nothing is written when it fails.\n";

static const char mediate_usage[] =
"usage: grid-case mediate ID --result RESULT [--level LEVEL]\n"
"           [--agreement TEXT] [--at TIME] [options]\n"
"       grid-case mediate - [--result RESULT] [options] < records\n"
"One mediation attempt of a dispute (grid-case dispute), recorded in\n"
"dispute_attempts and case_log (action mediate).  A result other than\n"
"continued ends the dispute: its outcome, the attempt's time and level;\n"
"no attempt is taken after that.  Prints the dispute after the commit\n"
"(the columns of grid-case dispute).\n"
DISPUTE_BULK_HELP
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
DISPUTE_STRICT_HELP
CASE_DRY_RUN_HELP
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case, not a dispute, a case voided,\n"
"closed or merged, an outcome already final, a time before the report or\n"
"in the future, a bad value (with -: records rejected, the good ones\n"
"done); 69 database missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error; 75 busy.  Nothing is written when it fails.\n";

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

/*
 * The fields of dispute and mediate: their long options, which are the
 * keys of the records of '-' too (case_id, the first column of what
 * they print, is also the id).  A record's fields override the options.
 */
enum field {
	F_ID = CASE_FIELD_ID, F_PARTY, F_ROLE, F_MEDIATOR, F_MEDIATOR_ID,
	F_MEDIATION, F_RESULT, F_LEVEL, F_AGREEMENT, F_AT, F_NOTE, F_ACTOR,
	F_NFIELD
};
_Static_assert(F_NFIELD <= CASE_NFIELDS, "CASE_NFIELDS holds every field");

#define OF_DISPUTE 0x1u
#define OF_MEDIATE 0x2u
static const struct {
	const char *key, *alias;
	unsigned of;		/* OF_DISPUTE, OF_MEDIATE */
} fields[F_NFIELD] = {
	[F_ID] = { "id", "case_id", OF_DISPUTE | OF_MEDIATE },
	[F_PARTY] = { "party", NULL, OF_DISPUTE },
	[F_ROLE] = { "role", NULL, OF_DISPUTE },
	[F_MEDIATOR] = { "mediator", NULL, OF_DISPUTE | OF_MEDIATE },
	[F_MEDIATOR_ID] = { "mediator-worker", NULL, OF_DISPUTE },
	[F_MEDIATION] = { "mediation", NULL, OF_DISPUTE },
	[F_RESULT] = { "result", NULL, OF_MEDIATE },
	[F_LEVEL] = { "level", NULL, OF_MEDIATE },
	[F_AGREEMENT] = { "agreement", NULL, OF_MEDIATE },
	[F_AT] = { "at", NULL, OF_DISPUTE | OF_MEDIATE },
	[F_NOTE] = { "note", NULL, OF_DISPUTE | OF_MEDIATE },
	[F_ACTOR] = { "actor", NULL, OF_DISPUTE | OF_MEDIATE },
};

#define OPT_FIELD 256
#define OPT_STRICT 2000
#define MAX_PARTIES 64

/* The command line of dispute and mediate, and one case's work. */
struct dispute_run {
	const char *values[CASE_NFIELDS];	/* the options */
	char *parties_given;	/* every --party, a comma list */
	size_t nparties_given;
	int mediate, dry_run, strict;
	/* one case: from the options, or a record's fields */
	char *party_copy;	/* the party list, split in place */
	const char *parties[MAX_PARTIES];
	struct grid_dispute_details d;
	struct grid_dispute_attempt a;
	int changes;		/* dispute: something to record */
	struct case_held *held;	/* where its row goes */
	struct case_held held_one;	/* one case's */
};

static unsigned
of(const char *verb)
{
	return strcmp(verb, "mediate") == 0 ? OF_MEDIATE : OF_DISPUTE;
}

/* The field of a record key for verb (dispute or mediate), or -1. */
static int
field_index(const char *verb, const char *key)
{
	int f;

	for (f = 0; f < F_NFIELD; f++)
		if (strcmp(fields[f].key, key) == 0 ||
		    (fields[f].alias != NULL &&
		    strcmp(fields[f].alias, key) == 0))
			return (fields[f].of & of(verb)) != 0 ? f : -1;
	return -1;
}

/*
 * Keys a record may carry: the fields of both commands, the columns of
 * what they print, and every key the steps know.
 */
static int
key_known(const char *key)
{
	const struct grid_column *columns;
	size_t n, i;

	if (field_index("dispute", key) >= 0 ||
	    field_index("mediate", key) >= 0 || case_key_known(key))
		return 1;
	columns = grid_dispute_columns(&n);
	for (i = 0; i < n; i++)
		if (strcmp(columns[i].name, key) == 0)
			return 1;
	return 0;
}

static const struct case_keys dispute_keys = { field_index, key_known };

/*
 * --party: one ID or a comma list, checked, added to the list of the
 * options (at most MAX_PARTIES in all).
 */
static void
add_parties(struct dispute_run *run, const char *text)
{
	size_t len = run->parties_given != NULL ?
	    strlen(run->parties_given) : 0;
	const char *p, *next;
	char *grown;

	for (p = text; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			next++;
		if (*p == ',' || *p == '\0')
			cli_usage_error("--party: an empty ID");
		if (run->nparties_given == MAX_PARTIES)
			cli_usage_error("--party: at most %d parties at a "
			    "time", MAX_PARTIES);
		run->nparties_given++;
	}
	if ((grown = realloc(run->parties_given, len + strlen(text) + 2)) ==
	    NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	snprintf(grown + len, strlen(text) + 2, "%s%s", len > 0 ? "," : "",
	    text);
	run->parties_given = grown;
	run->values[F_PARTY] = grown;
}

/* An option of dispute or mediate; 0 when it is neither's. */
static int
step_option(void *ctx, int opt, char *arg)
{
	struct dispute_run *run = ctx;
	int f = opt - OPT_FIELD;

	if (opt == 'n')
		run->dry_run = 1;
	else if (opt == OPT_STRICT)
		run->strict = 1;
	else if (f == F_PARTY)
		add_parties(run, arg);
	else if (f > F_ID && f < F_NFIELD)
		run->values[f] = arg;
	else
		return 0;
	return 1;
}

#define FIELD_OPT(f) \
	{ fields[f].key, required_argument, NULL, OPT_FIELD + (f) }
/* The options both commands end with. */
#define DISPUTE_TAIL_OPTS \
	FIELD_OPT(F_AT), FIELD_OPT(F_NOTE), FIELD_OPT(F_ACTOR), \
	{ "strict", no_argument, NULL, OPT_STRICT }, \
	{ "dry-run", no_argument, NULL, 'n' }, \
	CLI_COMMON_LONG, \
	{ NULL, 0, NULL, 0 }

static void
parse(struct cli_common *c, struct dispute_run *run, int argc, char **argv)
{
	static const struct option dispute_opts[] = {
		FIELD_OPT(F_PARTY), FIELD_OPT(F_ROLE), FIELD_OPT(F_MEDIATOR),
		FIELD_OPT(F_MEDIATOR_ID), FIELD_OPT(F_MEDIATION),
		DISPUTE_TAIL_OPTS
	};
	static const struct option mediate_opts[] = {
		FIELD_OPT(F_RESULT), FIELD_OPT(F_LEVEL), FIELD_OPT(F_AGREEMENT),
		FIELD_OPT(F_MEDIATOR),
		DISPUTE_TAIL_OPTS
	};
	const char **v = run->values;
	int first, bulk;

	first = case_options(c, argc, argv, CLI_COMMON_SHORT "n",
	    run->mediate ? mediate_opts : dispute_opts, run->mediate ?
	    mediate_usage : dispute_usage, step_option, run);
	v[F_ID] = argv[first];
	if (first + 1 != argc)
		cli_usage_error("unexpected argument '%s'", argv[first + 1]);
	bulk = strcmp(v[F_ID], "-") == 0;
	if (run->mediate && v[F_RESULT] == NULL && !bulk)
		cli_usage_error("mediate needs --result");
	if (!run->mediate && v[F_ROLE] != NULL && v[F_PARTY] == NULL && !bulk)
		cli_usage_error("--role is the role of the parties given: "
		    "no --party");
	if (v[F_ACTOR] == NULL)
		v[F_ACTOR] = cli_actor();
}

/*
 * One case's details or attempt from its fields (the options', or a
 * record's over them).  0, or -1 with err (a bad party list).
 */
static int
build(struct dispute_run *run, const char *const *v, struct grid_error *err)
{
	const char *id = v[F_ID];
	char *p, *next;

	memset(&run->d, 0, sizeof(run->d));
	memset(&run->a, 0, sizeof(run->a));
	free(run->party_copy);
	run->party_copy = NULL;
	if (v[F_PARTY] != NULL &&
	    (run->party_copy = strdup(v[F_PARTY])) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (p = run->party_copy; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		if (*p == '\0')
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "party", "case %s: an empty ID in the parties",
			    id);
		if (run->d.nparties == MAX_PARTIES)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "party", "case %s: at most %d parties at a time",
			    id, MAX_PARTIES);
		run->parties[run->d.nparties++] = p;
	}
	if (!run->mediate && v[F_ROLE] != NULL && run->d.nparties == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "role",
		    "case %s: the role of the parties given: no party", id);
	run->d.case_id = run->a.case_id = id;
	run->d.parties = run->parties;
	run->d.role = v[F_ROLE];
	run->d.mediator = run->a.mediator = v[F_MEDIATOR];
	run->d.mediator_id = v[F_MEDIATOR_ID];
	run->d.mediation = v[F_MEDIATION];
	run->a.result = v[F_RESULT];
	run->a.level = v[F_LEVEL];
	run->a.agreement = v[F_AGREEMENT];
	run->d.at = run->a.at = v[F_AT];
	run->d.note = run->a.note = v[F_NOTE];
	run->d.actor = run->a.actor = v[F_ACTOR];
	run->changes = run->mediate || run->d.nparties > 0 ||
	    run->d.mediator != NULL || run->d.mediator_id != NULL ||
	    run->d.mediation != NULL;
	return 0;
}

static int
hold_row(void *ctx, const char *const *values)
{
	struct dispute_run *run = ctx;
	struct grid_error err;

	return case_held_row(run->held, values, &err);
}

/* The step and the dispute's row held, in the transaction. */
static int
record(struct grid_db *db, void *ctx, struct grid_error *err)
{
	struct dispute_run *run = ctx;
	int rc;

	if (run->mediate)
		rc = grid_dispute_mediate(db, &run->a, NULL, err);
	else
		rc = run->changes ? grid_dispute_record(db, &run->d, NULL,
		    err) : 0;
	if (rc == 0 && grid_dispute_show(db, run->d.case_id, hold_row, run,
	    err) != 0) {
		if (err->code == 0)
			grid_error_set(err, GRID_EIO, NULL, 0, NULL,
			    "cannot hold the rows");
		rc = -1;
	}
	return rc;
}

/* In one transaction, committed unless a dry run or nothing changes. */
static int
apply(struct grid_db *db, void *ctx, struct grid_error *err)
{
	struct dispute_run *run = ctx;

	return case_write_transaction(db, !run->dry_run && run->changes,
	    record, run, err);
}

/* '-': one record's work, in the run's transaction (apply.c). */
static int
apply_record(void *ctx, struct grid_db *db, const char *const *values,
    struct case_held *held, struct grid_error *err)
{
	struct dispute_run *run = ctx;

	run->held = held;
	if (build(run, values, err) != 0)
		return -1;
	return record(db, run, err);
}

/* Every record of standard input (apply.c).  The exit status. */
static int
run_records(const struct cli_common *c, struct dispute_run *run)
{
	struct case_run r;

	memset(&r, 0, sizeof(r));
	r.verb = run->mediate ? "mediate" : "dispute";
	r.target = "-";
	r.values = run->values;
	r.strict = run->strict;
	r.dry_run = run->dry_run;
	r.keys = &dispute_keys;
	r.apply = apply_record;
	r.ctx = run;
	r.columns = grid_dispute_columns(&r.ncolumns);
	return case_steps_run(c, &r);
}

static int
step(int argc, char **argv, int mediate)
{
	struct cli_common c;
	struct dispute_run run;
	struct case_writer w;
	struct grid_error err;
	int status;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	memset(&w, 0, sizeof(w));
	run.mediate = mediate;
	c.writes = CLI_WRITES_ROWS;	/* held here until the commit */
	parse(&c, &run, argc, argv);
	if (strcmp(run.values[F_ID], "-") == 0) {
		case_rows_check(&c);
		status = run_records(&c, &run);
	} else if (build(&run, run.values, &err) != 0) {
		cli_error(&err);
		status = err.code;
	} else {
		run.held = &run.held_one;
		w.columns = grid_dispute_columns(&w.ncolumns);
		w.read_only = !run.changes;
		w.dry_run = run.dry_run;
		w.held = &run.held_one;
		w.write = apply;
		w.ctx = &run;
		status = case_write_command(&c, &w);
	}
	free(run.party_copy);
	free(run.parties_given);
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

/* The case is a dispute: 0, or -1 with err. */
static int
is_dispute(struct grid_db *db, const char *id, struct grid_error *err)
{
	return grid_dispute_parties(db, id, no_row, NULL, err) != 0 ? -1 : 0;
}

static int
list_parties(struct grid_db *db, const char *id, struct case_rows *rows,
    int reveal, struct grid_error *err)
{
	struct party_sink ps;

	memset(&ps, 0, sizeof(ps));
	ps.rows = rows;
	ps.reveal = reveal;
	if (grid_dispute_parties(db, id, party_row, &ps, err) != 0) {
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
	struct case_lister l;

	memset(&l, 0, sizeof(l));
	l.usage = parties_usage;
	l.longopts = longopts;
	l.writes = CLI_WRITES_ROWS;
	l.columns = grid_dispute_party_columns(&l.ncolumns);
	l.reveal_note = "parties --reveal";
	l.check = is_dispute;
	l.list = list_parties;
	return case_list_command(argc, argv, &l);
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
