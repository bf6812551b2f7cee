/* grid-assign boundaries: grid polygons from GeoJSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-assign/assign.h"
#include "grid/boundaries.h"

static const char usage[] =
"usage: grid-assign boundaries [options] FILE\n"
"Load grid polygons from a GeoJSON FeatureCollection (Polygon and\n"
"MultiPolygon features, holes included; FILE may be gzip, or - for\n"
"standard input) into the database, in one transaction.  Each polygon is\n"
"checked (closed rings, no self-intersection, holes inside) and indexed.\n"
"\n"
"      --code-field NAME  property holding the grid code (default: code)\n"
"      --strict           any bad feature aborts: nothing is written\n"
"  -n, --dry-run          check everything, write nothing\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
"  -f, --format FMT, -o, --output FILE, --reveal\n"
"                         accepted; boundaries writes no rows\n"
CLI_HELP_QUIET
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0 all features loaded; 65 features rejected (the good ones\n"
"are loaded) or the file is not GeoJSON; 66 FILE missing; 69 database.\n";

struct run {
	struct cli_common c;
	struct grid_boundaries_options opts;
	int strict;
};

static int
on_reject(void *ctx, const struct grid_error *err)
{
	struct run *run = ctx;

	cli_error(err);
	if (run->strict) {
		cli_warn("--strict: stopped at the first rejected feature");
		return 1;
	}
	return 0;
}

int
assign_boundaries(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "code-field", required_argument, NULL, 'c' },
		{ "strict", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct run run = { .opts = { .code_field = "code" } };
	struct grid_boundaries_stats st;
	struct grid_error err;
	struct grid_db *db;
	int opt, status = 0;

	while ((opt = cli_getopt_long(argc, argv, "n" CLI_COMMON_SHORT,
	    longopts, NULL)) != -1) {
		if (cli_common_option(&run.c, opt, optarg, usage))
			continue;
		switch (opt) {
		case 'c': run.opts.code_field = optarg; break;
		case 's': run.strict = 1; break;
		case 'n': run.opts.dry_run = 1; break;
		default:
			cli_bad_option();
		}
	}
	if (optind != argc - 1)
		cli_usage_error("expected one GeoJSON file");
	run.opts.on_reject = on_reject;
	run.opts.ctx = &run;
	if ((db = cli_open_db(&run.c, 0, &status)) == NULL)
		return status;
	if (grid_boundaries_load(db, argv[optind], &run.opts, &st, &err)) {
		cli_error(&err);
		grid_db_close(db);
		return err.code;
	}
	grid_db_close(db);
	if (!run.c.quiet)
		fprintf(stderr, "%s: %s: %ld features, %ld loaded, "
		    "%ld unchanged, %ld rejected%s\n", cli_progname(),
		    strcmp(argv[optind],
		    "-") == 0 ? "<stdin>" : argv[optind], st.features,
		    st.loaded, st.unchanged, st.rejected, run.opts.dry_run ?
		    " (dry run: nothing written)" : "");
	return st.rejected > 0 ? GRID_EDATA : 0;
}
