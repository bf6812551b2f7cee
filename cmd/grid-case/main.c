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

#include "grid-case/grid-case.h"
#include "grid/codes.h"

static const char usage[] =
"usage: grid-case VERB [ID|-] [options]\n"
"       grid-case show|log ID... | list [filters] | similar ID | sweep\n"
"Move cases through their life cycle, one verb per step; '-' instead of\n"
"an ID reads NDJSON records ({\"id\": ..., and the verb's fields named as\n"
"its long options}) from standard input, in one transaction.\n"
"\n"
"  report              a new case (--source, --category, a place); prints\n"
"                      its id; --resolved: closed at once\n"
"  register | void     file (立案) or void (作废) a reported case\n"
"  dispatch            to a department (--dept, --deadline)\n"
"  return              the department sends it back (--reason)\n"
"  extend              a new deadline (--until or --hours, --approver)\n"
"  park | unpark       out of overdue counts (挂账) and back\n"
"  handle              the department reports back (--note)\n"
"  verify              --pass, or --fail --note (rework)\n"
"  close               verified -> closed (结案归档)\n"
"  rate                the requester's rating: A, B, C or D\n"
"  escalate            one level up, or --to LEVEL (--reason)\n"
"  merge               a duplicate: --into ID\n"
"  show ID...          the case's fields\n"
"  log ID...           its case_log rows\n"
"  list                cases (--status, --level, --dept, --source,\n"
"                      --category, --grid, --overdue, --from, --to,\n"
"                      --limit)\n"
"  similar ID          closed cases like it (--distance, --limit)\n"
"  sweep               for cron: mark overdue cases, escalate\n"
"\n"
"Step options: --actor NAME, --at TIME, --note TEXT, --reason TEXT,\n"
"--dept CODE, --deadline TIME, --until TIME, --hours N, --approver NAME,\n"
"--pass, --fail, --to LEVEL, --into ID, --rating R, --strict; report:\n"
"--source, --category, --description, --x, --y, --address, --grid,\n"
"--reporter, --priority, --component, --org, --grade, --id, --resolved.\n"
"List options: --status, --level, --dept, --source, --category, --grid,\n"
"--overdue, --from, --to, --limit; similar: --distance, --limit.\n"
"\n"
"'grid-case VERB --help' tells more.  Common options: -d/--db PATH,\n"
"-f/--format FMT, -o/--output FILE, -q/--quiet, --reveal, -h/--help,\n"
"--version.\n"
"\n"
"Exit status: 0 success; 64 usage; 65 a step refused or a record\n"
"rejected; 69 database missing or unusable; 70 internal error; 73 cannot\n"
"create output; 74 I/O error; 75 database busy.\n";

void
case_bad_option(const char *verb)
{
	fprintf(stderr, "Try 'grid-case %s --help'.\n", verb);
	exit(GRID_EUSAGE);
}

int
case_rows_open(struct case_rows *r, const struct cli_common *c,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err)
{
	static const char *const formats[] = { "ndjson", "csv", "tsv",
		"table", "md", NULL };

	memset(r, 0, sizeof(*r));
	if (cli_output_open(&r->out, c->output, err) != 0)
		return -1;
	r->open = 1;
	r->w = grid_writer_new(r->out.fp, cli_format(c->format, formats,
	    r->out.fp), columns, ncolumns, err);
	if (r->w == NULL) {
		cli_output_close(&r->out, 0, NULL);
		r->open = 0;
		return -1;
	}
	return 0;
}

int
case_rows_close(struct case_rows *r, int ok, struct grid_error *err)
{
	int rc = 0;

	if (!r->open)
		return 0;
	if (ok && grid_writer_finish(r->w, err) != 0) {
		ok = 0;
		rc = -1;
		if (err != NULL && err->source[0] == '\0' &&
		    r->out.path != NULL)
			grid_error_locate(err, r->out.path, 0, NULL);
	}
	grid_writer_free(r->w);
	r->w = NULL;
	r->open = 0;
	if (cli_output_close(&r->out, ok, rc == 0 ? err : NULL) != 0)
		rc = -1;
	return rc;
}

const char *
case_default_actor(void)
{
	const char *name = getenv("GRID_ACTOR");

	if (name == NULL || name[0] == '\0')
		name = getlogin();
	if (name == NULL || name[0] == '\0')
		name = getenv("USER");
	return name;
}

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
	};

	cli_init("grid-case");
	if (argc >= 2 && case_is_step(argv[1]))
		return cli_finish(case_step(argc - 1, argv + 1));
	return cli_dispatch(argc, argv, commands, NCOLUMNS(commands), usage,
	    "verb", "report, register, dispatch, ..., show, log, list, "
	    "similar, sweep");
}
