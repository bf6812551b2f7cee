/*
 * grid-assign houses|orgs|components|cases|people: grid_code of the
 * registers from the grids' polygons or from houses.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-assign/assign.h"
#include "grid/assign.h"
#include "grid/codes.h"
#include "grid/writer.h"

static const char usage[] =
"usage: grid-assign houses|orgs|components|cases|people [options]\n"
"Fill grid_code in the database: houses, components and cases from their\n"
"x and y and the grids' polygons (load them with 'grid-assign\n"
"boundaries'); orgs from their point, else from their house; people\n"
"from their house.  One line per row that changes, with the\n"
"point it was placed by (x and y: the row's, else its house's; -f\n"
"geojson: the rows as points); a summary on standard error.  One\n"
"transaction.\n"
"\n"
"  -n, --dry-run          print what would change, write nothing\n"
"  -f, --format FMT       {formats} (default: table on a\n"
"                         terminal, else ndjson)\n"
"  -o, --output FILE      write the changes to FILE (atomically)\n"
"      --reveal           show people's ID numbers unmasked\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
CLI_HELP_WIDE
CLI_HELP_QUIET
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0; 64 usage; 65 a stored polygon cannot be read;\n"
"69 database; 70 internal error; 73 cannot create output; 74 I/O error;\n"
"75 database busy.\n";

static const struct grid_column columns[] = {
	{ "table", GRID_COL_TEXT }, { "key", GRID_COL_TEXT },
	{ "old_grid_code", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "source", GRID_COL_TEXT }, { "x", GRID_COL_REAL },
	{ "y", GRID_COL_REAL },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

struct run {
	struct cli_common c;
	struct cli_out out;
};

static void
on_change(void *ctx, const struct grid_assign_change *ch)
{
	struct run *run = ctx;
	char masked[64], x[32], y[32];
	const char *row[NCOLUMNS];

	row[0] = ch->table;
	row[1] = ch->key;
	if (strcmp(ch->table, "people") == 0 && !run->c.reveal)
		row[1] = grid_mask_idno(ch->key, masked, sizeof(masked));
	row[2] = ch->old_grid;
	row[3] = ch->new_grid;
	row[4] = ch->source;
	row[5] = row[6] = NULL;
	if (ch->has_point) {
		snprintf(x, sizeof(x), "%.15g", ch->x);
		snprintf(y, sizeof(y), "%.15g", ch->y);
		row[5] = x;
		row[6] = y;
	}
	(void)cli_out_row_cb(&run->out, row);	/* a failure is kept */
}

static void
parse(struct run *run, int argc, char **argv, struct grid_assign_options *o)
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		CLI_WIDE_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	/* a writer of the database: rows only once committed */
	run->c.writes = CLI_WRITES_ROWS | CLI_WRITES_HELD |
	    CLI_WRITES_PLACES;
	while ((opt = cli_getopt_long(argc, argv, "n" CLI_COMMON_SHORT,
	    longopts, NULL)) != -1) {
		if (cli_common_option(&run->c, opt, optarg, usage))
			continue;
		if (opt == 'n') {
			o->dry_run = 1;
			continue;
		}
		cli_bad_option();
	}
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
}

int
assign_fill(int argc, char **argv)
{
	struct run run;
	struct grid_assign_options opts = { 0, on_change, &run };
	struct grid_assign_stats st;
	struct grid_error err;
	struct grid_db *db;
	int status = 0, rc;

	memset(&run, 0, sizeof(run));
	parse(&run, argc, argv, &opts);
	if (cli_out_open(&run.out, &run.c, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	cli_out_columns(&run.out, columns, NULL, NCOLUMNS);
	if ((db = cli_open_db(&run.c, 0, &status)) == NULL) {
		cli_out_close(&run.out, 0, NULL);
		return status;
	}
	rc = grid_assign_table(db, cli_command(), &opts, &st, &err);
	grid_db_close(db);
	if (rc == 0 && cli_out_error(&run.out) != NULL) {
		err = *cli_out_error(&run.out);
		rc = -1;
	}
	if (cli_out_close(&run.out, rc == 0, rc == 0 ? &err : NULL) != 0)
		rc = -1;
	if (rc != 0) {
		cli_error(&err);
		return err.code;
	}
	if (!run.c.quiet)
		fprintf(stderr, "%s: %ld rows, %ld changed, %ld "
		    "unchanged, %ld in no grid, %ld without a point or house"
		    "%s\n", cli_progname(), st.rows, st.changed, st.unchanged,
		    st.outside, st.unplaced, opts.dry_run ?
		    " (dry run: nothing written)" : "");
	return 0;
}
