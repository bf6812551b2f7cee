/*
 * grid-case - the case life cycle: report, register, dispatch, handle,
 * verify, close, and the side paths; show, list and sweep.  See
 * grid-case(1).  The rules are libgrid's (grid/cases.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid-case/dispute.h"
#include "grid-case/grid-case.h"
#include "grid/cases.h"
#include "grid/codes.h"

static const char usage[] =
"usage: grid-case VERB [ID|-] [options]\n"
"       grid-case show|log ID... | status ID | list [filters] | similar ID\n"
"       grid-case sweep | categories | departments\n"
"       grid-case feed --since N|--state FILE | services | requests\n"
"       grid-case import FILE|- --from SYSTEM\n"
"       grid-case attach ID FILE...|--uri URI... | attachments ID...\n"
"       grid-case media ID SHA256\n"
"       grid-case dispute|mediate|parties ID\n"
"       grid-case petition|accept|answer|review|follow-through ID\n"
"Move cases through their life cycle, one verb per step; '-' instead of\n"
"an ID reads records from standard input (NDJSON, CSV or TSV with a\n"
"header, or bare ids one a line), all of them before anything is\n"
"written, then takes them in one transaction.  A step prints its rows\n"
"after the commit, so steps chain in pipes:\n"
"    grid-case report - <new.ndjson | grid-case register - |\n"
"        grid-case dispatch - --dept D01\n"
"\n"
"  report              a new case (--source, --category, a place); prints\n"
"                      its row (-f id: the id alone); --resolved: closed\n"
"                      at once\n"
"  register | void     file (立案) or void (作废) a reported case\n"
"  dispatch            to a department (--dept, --deadline)\n"
"  ack                 the department signs for it (签收)\n"
"  return              the department sends it back (--reason)\n"
"  extend              a new deadline (--until or --hours, --approver)\n"
"  park | unpark       out of overdue counts (挂账) and back\n"
"  handle              the department reports back (--note)\n"
"  verify              --pass, or --fail --note (rework)\n"
"  close               verified -> closed (结案归档)\n"
"  rate                the requester's rating: A, B, C or D (--correct)\n"
"  reply               the answer to the requester (答复, --text)\n"
"  escalate            one level up, or --to LEVEL (--reason)\n"
"  merge               a duplicate: --into ID\n"
"  show ID...          the case's fields\n"
"  log ID...           its case_log rows\n"
"  status ID           what the requester may see: steps, times, replies\n"
"  list                cases (--status, --level, --dept, --source,\n"
"                      --category, --grid: repeated or a comma list for\n"
"                      any of them; --open, --overdue, --due-within,\n"
"                      --from, --to, --sort, --limit, --unacked)\n"
"  similar ID          closed cases like it (--distance in metres,\n"
"                      --limit)\n"
"  sweep               for cron: warn before deadlines, mark overdue\n"
"                      cases, escalate\n"
"  categories          the categories: department and time limit\n"
"  departments         the departments\n"
"  feed                every case changed since a cursor (--since N,\n"
"                      --state FILE, --limit; -f open311), for polls\n"
"  services            the Open311 service list from the categories\n"
"  requests            cases as Open311 service requests (--status,\n"
"                      --from, --to, --limit)\n"
"  import FILE|-       Open311 service requests from another platform\n"
"                      into cases (--from SYSTEM, --source, -n)\n"
"  attach ID FILE...   evidence: photos, recordings, documents (--after,\n"
"                      --uri, --no-store)\n"
"  attachments ID...   the rows of its attachments (paths masked unless\n"
"                      --reveal)\n"
"  media ID SHA256     the bytes of one back from the archive (-o FILE)\n"
"  dispute ID          a dispute's parties (--party), mediator and kind of\n"
"                      mediation (--mediator, --mediation)\n"
"  mediate ID          one mediation attempt (调解): --result, --level,\n"
"                      --agreement\n"
"  parties ID...       a dispute's parties (masked unless --reveal)\n"
"  petition ID         a petition's record (信访): --form, --people,\n"
"                      --reached, --competent, --petitioner,\n"
"                      --representative, --responder, --leader\n"
"  accept ID           the petition accepted (受理): its reply due\n"
"  answer ID           the petition's one formal reply (--text; not\n"
"                      reply, the answer to any requester)\n"
"  review ID           its review (复查): --result\n"
"  follow-through ID   what the answer promised was done (落实; --no)\n"
"\n"
"Step options: --actor NAME, --at TIME, --note TEXT, --reason TEXT,\n"
"--dept CODE, --deadline TIME, --until TIME, --hours N, --approver NAME,\n"
"--pass, --fail, --to LEVEL, --into ID, --rating R, --correct,\n"
"--text TEXT, --worker ID, --strict, -n/--dry-run; report: --source,\n"
"--category, --description, --x, --y, --address, --grid, --reporter,\n"
"--priority, --component, --org, --grade, --id, --resolved, --worker.\n"
"List options: --status, --level, --dept, --source, --category, --grid,\n"
"--open, --unacked, --overdue, --due-within, --from, --to,\n"
"--sort, --limit; similar: --distance, --limit; sweep: --actor,\n"
"-n/--dry-run; feed: --since, --state, --limit; import: --from,\n"
"--source, --actor, -n/--dry-run; attach: --after, --stage, --at, --x,\n"
"--y, --worker, --note, --store, --no-store, --uri, --mime, --actor,\n"
"-n/--dry-run; media: --actor; petition, accept, answer, review,\n"
"follow-through: --at, --actor, -n/--dry-run and their own.\n"
"\n"
"'grid-case VERB --help' tells more.  Common options: -d/--db PATH,\n"
"-f/--format FMT (ndjson, csv, tsv, table, md, or id: the ids alone),\n"
"-o/--output FILE, -q/--quiet, --reveal, -h/--help, --version.\n"
"\n"
"Exit status: 0 success; 64 usage; 65 a step refused or a record\n"
"rejected; 69 database missing or unusable; 70 internal error; 73 cannot\n"
"create output; 74 I/O error; 75 database busy.  A command that fails\n"
"prints nothing on standard output.\n";

/*
 * An ID number: 17 digits and a digit or X (18 characters), or the 15
 * digits of a first-generation one.
 */
static int
looks_like_idno(const char *s)
{
	size_t i, len = strlen(s);

	if (len != 18 && len != 15)
		return 0;
	for (i = 0; i < len - 1; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return (s[i] >= '0' && s[i] <= '9') ||
	    (len == 18 && (s[i] == 'X' || s[i] == 'x'));
}

/*
 * A phone number: 7 digits or more, perhaps after a '+' and with '-' or
 * spaces between them ("13812345678", "0512-6812345").
 */
static int
looks_like_phone(const char *s)
{
	size_t digits = 0;

	if (*s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != '-' && *s != ' ')
			return 0;
	}
	return digits >= 7;
}

const char *
case_mask_text(const char *text, int reveal, char *out, size_t n)
{
	if (text == NULL || reveal)
		return text;
	if (looks_like_idno(text))
		return grid_mask_idno(text, out, n);
	if (looks_like_phone(text))
		return grid_mask_phone(text, out, n);
	return text;
}

int
main(int argc, char **argv)
{
	static const struct cli_command commands[] = {
		{ "show", case_show },
		{ "log", case_log },
		{ "list", case_list },
		{ "similar", case_similar },
		{ "sweep", case_sweep },
		{ "status", case_status },
		{ "categories", case_categories },
		{ "departments", case_departments },
		{ "feed", case_feed },
		{ "services", case_services },
		{ "requests", case_requests },
		{ "import", case_import },
		{ "attach", case_attach },
		{ "attachments", case_attachments },
		{ "media", case_media },
		{ "dispute", case_dispute },
		{ "mediate", case_mediate },
		{ "parties", case_parties },
		{ "petition", case_petition },
		{ "accept", case_accept },
		{ "answer", case_answer },
		{ "review", case_review },
		{ "follow-through", case_follow_through },
	};

	int v;

	cli_init("grid-case");
	/* hidden (cli.h): the verbs of the state table are commands too */
	if (argc >= 2 && strcmp(argv[1], "--list-commands") == 0)
		for (v = 0; v < GRID_NVERBS; v++)
			printf("%s\n", grid_case_verb_name(v));
	if (argc >= 2 && case_is_step(argv[1])) {
		cli_enter(argv + 1);
		return cli_finish(case_step(argc - 1, argv + 1));
	}
	return cli_dispatch(argc, argv, commands, NCOLUMNS(commands), usage,
	    "verb", "report, register, dispatch, ..., show, log, status, "
	    "list, similar, sweep, categories, departments, feed, services, "
	    "requests, import, attach, attachments, media, petition, accept, "
	    "answer, review, follow-through, dispute, mediate, parties");
}
