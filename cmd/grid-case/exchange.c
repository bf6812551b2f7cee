/*
 * exchange.c - grid-case import: another platform's Open311 GeoReport v2
 * service requests into cases (grid/open311_import.h), one transaction
 * per document; one row per request after the commit, the counts on
 * standard error.  The read-only half of the exchange (feed, services,
 * requests) is feed.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/cases.h"
#include "grid/open311_import.h"

static const char import_usage[] =
"usage: grid-case import FILE|- --from SYSTEM [options]\n"
"Open311 GeoReport v2 service requests from another platform (a JSON\n"
"array as GET requests.json answers and grid-case requests writes, or\n"
"one request per line) into cases, in one transaction.  A request is\n"
"known by SYSTEM and its service_request_id: an unknown one becomes a\n"
"new case, reported as by 'grid-case report' (its id, grid, deadline\n"
"rules), logged with a note naming SYSTEM and the id; a known one is\n"
"compared with what SYSTEM said last time, one case_log row (action\n"
"external) per changed field.  closed there closes a verified case;\n"
"any other open case is held (logged, not moved).  The same document\n"
"twice changes nothing.  One refused request refuses the document:\n"
"every refusal is named (file, line, request number and id, field),\n"
"and nothing is written.  One row per request after the commit: id,\n"
"service_request_id, system, outcome (new, updated, unchanged, held),\n"
"status, logged (its case_log rows), request (its number); the counts\n"
"on standard error.\n"
"\n"
"      --from SYSTEM      the other platform's name (cases.external_source)\n"
"      --source S         the source of new cases (default hotline):\n"
"                         worker, hotline, public_app, video,\n"
"                         self_report, department\n"
"      --actor NAME       who imports (default $GRID_ACTOR, else your\n"
"                         user name)\n"
CASE_DRY_RUN_HELP
CASE_COMMON_HELP
"\n"
"Example, in a nightly exchange with the city platform:\n"
"    grid-case import city-requests.json --from city -q\n"
"\n"
"Exit status: 0; 64 usage; 65 a request refused (nothing written); 66\n"
"FILE missing; 69 database missing; 70 internal error; 73 cannot\n"
"create output; 74 I/O error; 75 database busy.\n";

enum { OPT_FROM = 256, OPT_SOURCE, OPT_ACTOR };

static const struct grid_column import_columns[] = {
	{ "id", GRID_COL_TEXT }, { "service_request_id", GRID_COL_TEXT },
	{ "system", GRID_COL_TEXT }, { "outcome", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "logged", GRID_COL_INT },
	{ "request", GRID_COL_INT },
};

struct exchange {
	struct cli_common c;
	const char *file;
	struct grid_o311_import_options opts;
	struct case_rows rows;
	struct grid_error err;	/* a write's, which stopped the rows */
	long refused;
};

static void
parse(struct exchange *x, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT "n", opts,
	    NULL)) != -1) {
		if (cli_common_option(&x->c, opt, optarg, import_usage))
			continue;
		switch (opt) {
		case 'n': x->opts.dry_run = 1; break;
		case OPT_FROM: x->opts.system = optarg; break;
		case OPT_SOURCE: x->opts.source = optarg; break;
		case OPT_ACTOR: x->opts.actor = optarg; break;
		default: cli_bad_option();
		}
	}
	if (optind == argc)
		cli_usage_error("which file? give FILE or - (standard input)");
	x->file = argv[optind++];
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (x->opts.system == NULL || x->opts.system[0] == '\0')
		cli_usage_error("from which platform? give --from SYSTEM");
	if (x->opts.actor == NULL)
		x->opts.actor = cli_actor();
	case_rows_check(&x->c);
}

static void
refused(void *ctx, const struct grid_error *e)
{
	struct exchange *x = ctx;

	x->refused++;
	cli_error_masked(e, x->c.reveal);
}

static int
import_row(void *ctx, const struct grid_o311_import_row *row)
{
	struct exchange *x = ctx;
	char logged[24], index[24];
	const char *values[NCOLUMNS(import_columns)];

	snprintf(logged, sizeof(logged), "%ld", row->logged);
	snprintf(index, sizeof(index), "%ld", row->index);
	values[0] = row->case_id;
	values[1] = row->external_id;
	values[2] = x->opts.system;
	values[3] = grid_o311_outcome_name(row->outcome);
	values[4] = row->status;
	values[5] = logged;
	values[6] = index;
	return case_rows_write(&x->rows, values, &x->err);
}

/* The counts on standard error (unless -q). */
static void
summary(const struct exchange *x, const struct grid_o311_import_stats *st)
{
	if (x->c.quiet)
		return;
	cli_warn("%s%ld requests from %s: %ld new, %ld updated, %ld "
	    "unchanged, %ld held; %ld case_log rows",
	    x->opts.dry_run ? "dry run, nothing written: " : "",
	    st->requests, x->opts.system, st->created, st->updated,
	    st->unchanged, st->held, st->logged);
	if (st->points_dropped > 0)
		cli_warn("note: lat and long of %ld requests not used: the "
		    "database's coordinates are not WGS84 degrees "
		    "(setting coordinate_system); their address kept",
		    st->points_dropped);
}

/* The input: FILE or standard input.  NULL after a message (*status). */
static FILE *
open_input(const struct exchange *x, int *status)
{
	FILE *in;

	if (strcmp(x->file, "-") == 0)
		return stdin;
	if ((in = fopen(x->file, "r")) == NULL) {
		cli_warn("%s: cannot read: %s", x->file, strerror(errno));
		*status = errno == ENOENT ? GRID_ENOINPUT : GRID_EIO;
	}
	return in;
}

static int
run(struct exchange *x)
{
	struct grid_o311_import_stats st;
	struct grid_cases *cs = NULL;
	struct grid_db *db = NULL;
	struct grid_error err;
	int status = 0, rc;
	FILE *in;

	if ((in = open_input(x, &status)) == NULL)
		return status;
	if ((db = cli_open_db(&x->c, 0, &status)) == NULL)
		goto out;
	if (grid_cases_open(db, &cs, &err) != 0 ||
	    case_rows_open(&x->rows, &x->c, import_columns,
	    NCOLUMNS(import_columns), &err) != 0)
		goto fail;
	memset(&st, 0, sizeof(st));
	rc = grid_o311_import(cs, in, strcmp(x->file, "-") == 0 ? "-" :
	    x->file, &x->opts, refused, import_row, x, &st, &err);
	if (rc != 0 && err.code == 0 && x->err.code != 0)
		err = x->err;
	if (case_rows_close(&x->rows, rc == 0, rc == 0 ? &err : NULL) != 0)
		rc = -1;
	if (rc != 0)
		goto fail;
	summary(x, &st);
	goto out;
fail:
	if (x->refused == 0 || err.code != GRID_EDATA)
		cli_error_masked(&err, x->c.reveal);
	else
		cli_warn("%s", err.text);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	grid_cases_close(cs);
	grid_db_close(db);
	if (in != stdin)
		fclose(in);
	return status;
}

int
case_import(int argc, char **argv)
{
	struct exchange x;

	memset(&x, 0, sizeof(x));
	x.c.writes = CLI_WRITES_ROWS;
	parse(&x, argc, argv);
	return run(&x);
}
