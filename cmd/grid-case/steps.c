/*
 * steps.c - grid-case report and the steps of the life cycle: their
 * fields, which verb takes which, the command line and the help made
 * from the same table, and a step built from the texts.  Running them
 * is apply.c; the rules are libgrid's (grid/cases.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/attach.h"
#include "grid/cases.h"
#include "grid/vocab.h"

/*
 * The help of every verb of libgrid's table (grid/cases.h), in its order:
 * the count is checked when compiling, the order when starting.
 */
static const struct {
	enum grid_case_verb verb;
	const char *synopsis, *what;
} verbs[] = {
	{ GRID_VERB_REPORT, "report --source S --category C "
	    "(--x X --y Y | --address A | --grid G) [options]\n"
	    "       grid-case report - [options] < records",
	    "Record a new case, numbered by its local report date and a daily\n"
	    "number unless --id; the grid is found from the point when not\n"
	    "given (with --component and no place: the component's point and\n"
	    "grid).  Prints one row, like every step: id, action, from_status\n"
	    "(empty), to_status, level, at, deadline (a table on a terminal,\n"
	    "else NDJSON); -f id prints the new id alone:\n"
	    "    id=$(grid-case report -f id --source ... --category ...)\n"
	    "--resolved: resolved on the spot, every step to closed logged at\n"
	    "once (--note, --dept, --deadline go to them).  Its reply is due\n"
	    "by the setting reply_limit; --priority urgent shortens its\n"
	    "limits to urgent_share percent of the category's.\n" },
	{ GRID_VERB_REGISTER, "register ID|- [options]",
	    "File a reported case (立案).\n" },
	{ GRID_VERB_VOID, "void ID|- --reason TEXT [options]",
	    "Void a reported or registered case (作废).\n" },
	{ GRID_VERB_DISPATCH, "dispatch ID|- [--dept D] "
	    "[--deadline TIME] [options]",
	    "Dispatch a registered or returned case to a department (when not\n"
	    "given: a component's owner department, else the category's); the\n"
	    "deadline is the category's limit on the working calendar (an\n"
	    "urgent case's: urgent_share percent of it), unless given.\n" },
	{ GRID_VERB_ACK, "ack ID|- [options]",
	    "The department signs for a dispatched case (签收), once per\n"
	    "dispatch, within the setting ack_limit.\n" },
	{ GRID_VERB_RETURN, "return ID|- --reason TEXT [options]",
	    "The department sends a dispatched case back (回退).\n" },
	{ GRID_VERB_EXTEND, "extend ID|- --until TIME|--hours N "
	    "--approver NAME [options]",
	    "Extend the deadline of a dispatched case (延期).  --until a date\n"
	    "alone means the end of that working day; a day off gives the end\n"
	    "of the working day before it, with a warning.\n" },
	{ GRID_VERB_PARK, "park ID|- --reason TEXT [options]",
	    "Park a dispatched case, out of overdue counts (挂账).\n" },
	{ GRID_VERB_UNPARK, "unpark ID|- [options]",
	    "Back to dispatched; the deadline moves by the time parked.\n" },
	{ GRID_VERB_HANDLE, "handle ID|- --note TEXT [options]",
	    "The department reports a dispatched case handled.\n" },
	{ GRID_VERB_VERIFY, "verify ID|- --pass|--fail [--note TEXT] "
	    "[options]",
	    "Check a handled case (--worker: the grid worker who checked on\n"
	    "site): --pass, or --fail (with --note) sends it\n"
	    "back to the department with a new deadline (rework).  Exactly\n"
	    "one of the two (with -: on the command line or in each\n"
	    "record).  With the setting require_after_photo at 1, --pass\n"
	    "needs an after-photo (grid-case attach ID --after FILE).\n" },
	{ GRID_VERB_CLOSE, "close ID|- [options]",
	    "Close a verified case (结案归档).\n" },
	{ GRID_VERB_RATE, "rate ID A|B|C|D [--correct] [options]\n"
	    "       grid-case rate ID|- --rating R [--correct] [options]",
	    "Record the requester's satisfaction with a closed case, once; a\n"
	    "second rating is refused unless --correct says it corrects the\n"
	    "first (logged; the latest is the case's rating).\n" },
	{ GRID_VERB_REPLY, "reply ID TEXT [options]\n"
	    "       grid-case reply ID|- --text TEXT [options]",
	    "Answer the requester (答复): the text is logged, and shown by\n"
	    "grid-case status.  Any case registered and not voided; the\n"
	    "answer is due by the case's reply_due.\n" },
	{ GRID_VERB_ESCALATE, "escalate ID|- [--to LEVEL] "
	    "--reason TEXT [options]",
	    "Raise an open case one level (grid, community, street,\n"
	    "district, city), or to --to LEVEL.\n" },
	{ GRID_VERB_MERGE, "merge ID|- --into ID [options]",
	    "Mark an open case a duplicate of the open case --into.\n" },
};
_Static_assert(NCOLUMNS(verbs) == GRID_NVERBS,
    "the help of every verb of grid/cases.h");

enum field {
	F_ID, F_ACTOR, F_AT, F_NOTE, F_REASON, F_DEPT, F_DEADLINE, F_UNTIL,
	F_HOURS, F_APPROVER, F_PASS, F_FAIL, F_TO, F_INTO, F_RATING,
	F_SOURCE, F_CATEGORY, F_DESCRIPTION, F_X, F_Y, F_ADDRESS, F_GRID,
	F_REPORTER, F_PRIORITY, F_COMPONENT, F_ORG, F_GRADE, F_RESOLVED,
	F_WORKER, F_TEXT, F_CORRECT,
	F_NFIELD
};
_Static_assert(F_NFIELD <= CASE_NFIELDS, "CASE_NFIELDS holds every field");

#define B(v) (1u << (v))
#define ALL ((1u << GRID_NVERBS) - 1)
#define OPT_FIELD 256
#define OPT_STRICT 2000
#define OPT_DRY_RUN 'n'

/* Every field: its long option (and record key), argument, verbs. */
static const struct {
	const char *name, *arg, *help;
	unsigned verbs;
} fields[F_NFIELD] = {
	[F_ID] = { "id", "ID", "the new case's id (default: generated)",
	    B(GRID_VERB_REPORT) },
	[F_ACTOR] = { "actor", "NAME", "who (default $GRID_ACTOR, else your "
	    "login)", ALL },
	[F_AT] = { "at", "TIME", "when (default now), not before the "
	    "last step", ALL },
	[F_NOTE] = { "note", "TEXT", "a note for the log",
	    ALL & ~B(GRID_VERB_REPLY) },
	[F_REASON] = { "reason", "TEXT", "why", B(GRID_VERB_VOID) |
	    B(GRID_VERB_RETURN) | B(GRID_VERB_PARK) | B(GRID_VERB_ESCALATE) |
	    B(GRID_VERB_MERGE) | B(GRID_VERB_EXTEND) },
	[F_DEPT] = { "dept", "CODE", "the department (default: the "
	    "category's)", B(GRID_VERB_DISPATCH) | B(GRID_VERB_REPORT) },
	[F_DEADLINE] = { "deadline", "TIME", "the deadline (default: the "
	    "category's limit)", B(GRID_VERB_DISPATCH) | B(GRID_VERB_REPORT) },
	[F_UNTIL] = { "until", "TIME", "the new deadline",
	    B(GRID_VERB_EXTEND) },
	[F_HOURS] = { "hours", "N", "working hours added to the deadline",
	    B(GRID_VERB_EXTEND) },
	[F_APPROVER] = { "approver", "NAME", "who approved the extension",
	    B(GRID_VERB_EXTEND) },
	[F_PASS] = { "pass", NULL, "the check passed", B(GRID_VERB_VERIFY) },
	[F_FAIL] = { "fail", NULL, "not fixed: back to the department",
	    B(GRID_VERB_VERIFY) },
	[F_TO] = { "to", "LEVEL", "the level (default: one up)",
	    B(GRID_VERB_ESCALATE) },
	[F_INTO] = { "into", "ID", "the open case this one duplicates",
	    B(GRID_VERB_MERGE) },
	[F_RATING] = { "rating", "R", "A, B, C or D", B(GRID_VERB_RATE) },
	[F_SOURCE] = { "source", "S", "worker, hotline, public_app, video, "
	    "self_report, department", B(GRID_VERB_REPORT) },
	[F_CATEGORY] = { "category", "CODE", "the category (E0102, ...)",
	    B(GRID_VERB_REPORT) },
	[F_DESCRIPTION] = { "description", "TEXT", "what was seen",
	    B(GRID_VERB_REPORT) },
	[F_X] = { "x", "X", "the point: x (with --y)", B(GRID_VERB_REPORT) },
	[F_Y] = { "y", "Y", "the point: y (with --x)", B(GRID_VERB_REPORT) },
	[F_ADDRESS] = { "address", "TEXT", "the address", B(GRID_VERB_REPORT) },
	[F_GRID] = { "grid", "CODE", "the grid (default: from the point)",
	    B(GRID_VERB_REPORT) },
	[F_REPORTER] = { "reporter", "TEXT", "who reported it (a phone or "
	    "ID number is masked in outputs)", B(GRID_VERB_REPORT) },
	[F_PRIORITY] = { "priority", "P", "normal (default) or urgent",
	    B(GRID_VERB_REPORT) },
	[F_COMPONENT] = { "component", "CODE", "the city component",
	    B(GRID_VERB_REPORT) },
	[F_ORG] = { "org", "USCC", "the organisation concerned",
	    B(GRID_VERB_REPORT) },
	[F_GRADE] = { "grade", "G", "hazards: minor (一般) or major (重大)",
	    B(GRID_VERB_REPORT) },
	[F_RESOLVED] = { "resolved", NULL, "resolved on the spot: closed at "
	    "once", B(GRID_VERB_REPORT) },
	[F_WORKER] = { "worker", "ID", "the grid worker on site (workers.id)",
	    B(GRID_VERB_REPORT) | B(GRID_VERB_VERIFY) },
	[F_TEXT] = { "text", "TEXT", "the answer to the requester",
	    B(GRID_VERB_REPLY) },
	[F_CORRECT] = { "correct", NULL, "corrects the rating given before",
	    B(GRID_VERB_RATE) },
};

/* Record keys that are other names of a field (the cases columns). */
static const struct {
	const char *key;
	enum field field;
} aliases[] = {
	{ "category_code", F_CATEGORY }, { "grid_code", F_GRID },
	{ "component_code", F_COMPONENT }, { "org_uscc", F_ORG },
	{ "dept_code", F_DEPT },
};

/*
 * Other keys grid-case knows: the columns of cases and of what grid-case
 * prints (list, show, log, the steps, sweep, similar).  A record may
 * carry them; a step takes what it needs and passes over the rest.
 */
static const char *const known_keys[] = {
	"status", "level", "reported_at", "registered_at", "dispatched_at",
	"handled_at", "verified_at", "closed_at", "overdue", "rework_count",
	"duplicate_of", "attrs", "action", "from_status", "to_status",
	"from_level", "to_level", "overdue_hours", "distance", "handling",
	"case_id", "reply_due", "worker_id",
};

static int
verb_index(const char *name)
{
	int v = grid_case_verb_parse(name);

	if (v >= 0 && verbs[v].verb != (enum grid_case_verb)v)
		cli_die(GRID_EINTERNAL, "verbs[] is not in the order of "
		    "grid/cases.h at %s", name);
	return v;
}

int
case_is_step(const char *name)
{
	return verb_index(name) >= 0;
}

static int
takes(int verb, int field)
{
	return field == F_ID || (fields[field].verbs & B(verb)) != 0;
}

int
case_field_index(const char *verb, const char *key)
{
	int v = verb_index(verb), f;
	size_t i;

	for (f = 0; f < F_NFIELD; f++)
		if (strcmp(fields[f].name, key) == 0)
			return takes(v, f) ? f : -1;
	for (i = 0; i < NCOLUMNS(aliases); i++)
		if (strcmp(aliases[i].key, key) == 0)
			return takes(v, (int)aliases[i].field) ?
			    (int)aliases[i].field : -1;
	return -1;
}

int
case_key_known(const char *key)
{
	size_t i;
	int f;

	for (f = 0; f < F_NFIELD; f++)
		if (strcmp(fields[f].name, key) == 0)
			return 1;
	for (i = 0; i < NCOLUMNS(aliases); i++)
		if (strcmp(aliases[i].key, key) == 0)
			return 1;
	for (i = 0; i < NCOLUMNS(known_keys); i++)
		if (strcmp(known_keys[i], key) == 0)
			return 1;
	return 0;
}

const struct case_keys case_step_keys = { case_field_index,
	case_key_known };

/* A flag's text: 1 (true, yes, 1), 0 (NULL, false, no, 0), -1 bad. */
static int
flag(const char *text)
{
	const char *v;

	if (text == NULL)
		return 0;
	v = grid_vocab_lookup(grid_vocab_find("yes_no"), text);
	return v == NULL ? -1 : strcmp(v, "1") == 0;
}

static int
read_flags(const char *const *values, int *pass, int *fail, int *resolved,
    int *correct, struct grid_error *err)
{
	static const enum field which[] = { F_PASS, F_FAIL, F_RESOLVED,
		F_CORRECT };
	int got[4] = { 0, 0, 0, 0 };
	size_t i;

	for (i = 0; i < NCOLUMNS(which); i++)
		if ((got[i] = flag(values[which[i]])) < 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    fields[which[i]].name, "expected true or false, "
			    "not '%s'", values[which[i]]);
	*pass = got[0];
	*fail = got[1];
	*resolved = got[2];
	*correct = got[3];
	if (*pass && *fail)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "pass",
		    "pass and fail cannot both be given");
	return 0;
}

int
case_step_build(const char *verb, const char *const *v,
    struct grid_case_step *step, struct grid_case_report *report,
    struct grid_error *err)
{
	int pass = 0, fail = 0, resolved = 0, correct = 0;

	memset(step, 0, sizeof(*step));
	memset(report, 0, sizeof(*report));
	if (read_flags(v, &pass, &fail, &resolved, &correct, err) != 0)
		return -1;
	step->verb = verb;
	step->id = v[F_ID];
	step->actor = v[F_ACTOR];
	step->at = v[F_AT];
	step->reason = v[F_REASON];
	step->note = v[F_NOTE];
	step->dept = v[F_DEPT];
	step->deadline = v[F_DEADLINE];
	step->until = v[F_UNTIL];
	step->hours = v[F_HOURS];
	step->approver = v[F_APPROVER];
	step->verdict = pass ? GRID_VERDICT_PASS : fail ? GRID_VERDICT_FAIL
	    : GRID_VERDICT_NONE;
	step->level = v[F_TO];
	step->into = v[F_INTO];
	step->rating = v[F_RATING];
	step->resolved = resolved;
	step->correct = correct;
	step->worker = v[F_WORKER];
	step->text = v[F_TEXT];
	if (strcmp(verb, "report") != 0)
		return 0;
	report->source = v[F_SOURCE];
	report->category_code = v[F_CATEGORY];
	report->description = v[F_DESCRIPTION];
	report->x = v[F_X];
	report->y = v[F_Y];
	report->address = v[F_ADDRESS];
	report->grid_code = v[F_GRID];
	report->component_code = v[F_COMPONENT];
	report->org_uscc = v[F_ORG];
	report->grade = v[F_GRADE];
	report->reporter = v[F_REPORTER];
	report->priority = v[F_PRIORITY];
	step->report = report;
	return 0;
}

/* ---- the command line ---- */

/* The verb's help: synopsis, what it does, its options, the common. */
static void
print_help(int verb)
{
	char opt[64];
	int f;

	printf("usage: grid-case %s\n%s\n", verbs[verb].synopsis,
	    verbs[verb].what);
	for (f = 0; f < F_NFIELD; f++) {
		if ((fields[f].verbs & B(verb)) == 0)
			continue;
		snprintf(opt, sizeof(opt), "--%s%s%s", fields[f].name,
		    fields[f].arg != NULL ? " " : "",
		    fields[f].arg != NULL ? fields[f].arg : "");
		printf("      %-19s%s%s\n", opt, strlen(opt) > 18 ?
		    "\n                         " : "", fields[f].help);
	}
	printf("      %-19s%s\n", "--strict", "with -: a rejected record "
	    "or an unknown key\n                         aborts, nothing "
	    "written");
	cli_usage_print(CASE_DRY_RUN_HELP CASE_COMMON_HELP, CLI_WRITES_ROWS);
	fputs("\nWith '-', standard input holds records: NDJSON, CSV or TSV "
	    "with a header\n(what -f csv and -f tsv print), or bare ids one "
	    "a line; each has the\ncase's id and the fields above, named as "
	    "the long options; the options\ngiven are the defaults.  All of "
	    "it is read before anything is written.\nOne row per change on "
	    "standard output, printed after the commit.\n\nExit status: 0 "
	    "done; 64 usage (a required option missing too); 65 the\nstep "
	    "refused, nothing changed (with -: records rejected, the good "
	    "ones\ndone); 69 database missing; 70 internal error; 73 cannot "
	    "create output;\n74 I/O error; 75 database busy.\n", stdout);
	exit(cli_finish(0));
}

/* The long options of verb: its fields, --strict, the common ones. */
static struct option *
long_options(int verb)
{
	static const struct option common[] = { CLI_COMMON_LONG,
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ NULL, 0, NULL, 0 } };
	struct option *o = calloc(F_NFIELD + NCOLUMNS(common), sizeof(*o));
	size_t n = 0, i;
	int f;

	if (o == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (f = 0; f < F_NFIELD; f++) {
		if ((fields[f].verbs & B(verb)) == 0)
			continue;
		o[n].name = fields[f].name;
		o[n].has_arg = fields[f].arg != NULL ? required_argument :
		    no_argument;
		o[n].val = OPT_FIELD + f;
		n++;
	}
	for (i = 0; i < NCOLUMNS(common); i++)
		o[n++] = common[i];
	return o;
}

/*
 * verify: exactly one of --pass and --fail on the command line, else a
 * usage error; with records (target "-") neither is fine, the records
 * say (and a record with both or neither is rejected).
 */
static void
verdict_given(const char *const *values, const char *target)
{
	int pass = values[F_PASS] != NULL, fail = values[F_FAIL] != NULL;

	if (pass && fail)
		cli_usage_error("give --pass or --fail, not both");
	if (!pass && !fail && strcmp(target, "-") != 0)
		cli_usage_error("give --pass or --fail");
}

/*
 * One case on the command line: every option the verb cannot do without
 * is given, else a usage error ("return needs a reason").
 */
static void
options_complete(const char *verb, const char *const *values)
{
	struct grid_case_step step;
	struct grid_case_report report;
	struct grid_error err;

	if (case_step_build(verb, values, &step, &report, &err) != 0 ||
	    grid_case_step_complete(&step, &err) != 0)
		cli_usage_error("%s", err.text);
}

/* The id, the rating after it, and what else the command line must be. */
static const char *
arguments(int verb, int argc, char **argv, const char **values)
{
	const char *target = NULL;

	if (optind < argc)
		target = argv[optind++];
	if (verb == GRID_VERB_RATE && optind < argc &&
	    values[F_RATING] == NULL)
		values[F_RATING] = argv[optind++];
	if (verb == GRID_VERB_REPLY && optind < argc && values[F_TEXT] == NULL)
		values[F_TEXT] = argv[optind++];
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (verb == GRID_VERB_REPORT && target != NULL &&
	    strcmp(target, "-") != 0)
		cli_usage_error("unexpected argument '%s' (the id is --id; - "
		    "reads records)", target);
	if (verb != GRID_VERB_REPORT && target == NULL)
		cli_usage_error("which case? give an ID, or - to read "
		    "records");
	if (verb == GRID_VERB_VERIFY)
		verdict_given(values, target);
	return target;
}

int
case_step(int argc, char **argv)
{
	struct cli_common c;
	struct case_run run;
	const char *values[CASE_NFIELDS] = { NULL };
	struct option *longopts;
	int verb = verb_index(cli_command()), opt;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	/* rows held by apply.c until the commit (struct case_held) */
	c.writes = CLI_WRITES_ROWS;
	longopts = long_options(verb);
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT "n",
	    longopts, NULL)) != -1) {
		if (opt == 'h')
			print_help(verb);
		if (cli_common_option(&c, opt, optarg, ""))
			continue;
		if (opt == OPT_STRICT)
			run.strict = 1;
		else if (opt == OPT_DRY_RUN)
			run.dry_run = 1;
		else if (opt >= OPT_FIELD && opt < OPT_FIELD + F_NFIELD)
			values[opt - OPT_FIELD] = optarg != NULL ? optarg :
			    "true";
		else
			cli_bad_option();
	}
	free(longopts);
	run.target = arguments(verb, argc, argv, values);
	case_rows_check(&c);
	if (values[F_ACTOR] == NULL)
		values[F_ACTOR] = cli_actor();
	if (run.target == NULL || strcmp(run.target, "-") != 0)
		options_complete(cli_command(), values);
	run.verb = cli_command();
	run.values = values;
	return case_steps_run(&c, &run);
}
