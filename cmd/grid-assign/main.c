/*
 * grid-assign - put houses, people, organisations, components and cases
 * in grids, and grids with workers.  See grid-assign(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-assign/assign.h"

static const char usage[] =
"usage: grid-assign COMMAND [options] [ARG...]\n"
"Place things in grids, and grids with workers.\n"
"\n"
"  boundaries FILE     load grid polygons from GeoJSON\n"
"  locate [FILE|-]     add grid_code to records with a point (x and y,\n"
"                      经度 and 纬度, ...; CSV, NDJSON, workbooks)\n"
"  houses | orgs | components | cases\n"
"                      fill grid_code in the database from coordinates\n"
"  people              fill people's grid_code (and orgs without\n"
"                      coordinates) from their house\n"
"  check               overlaps, gaps, grids without polygon, load\n"
"  workers             list, set or balance workers' responsibility grids\n"
"\n"
"'grid-assign COMMAND --help' tells more.  Common options: -d/--db PATH,\n"
"-f/--format FMT, -o/--output FILE, -q/--quiet, --reveal.\n"
"\n"
"Exit status: 0 success; 64 usage; 65 data error; 66 input missing;\n"
"69 database missing or unusable; 70 internal error; 73 cannot create\n"
"output; 74 I/O error; 75 database busy.\n";

int
main(int argc, char **argv)
{
	static const struct cli_command commands[] = {
		{ "boundaries", assign_boundaries },
		{ "locate", assign_locate },
		{ "houses", assign_fill },
		{ "orgs", assign_fill },
		{ "components", assign_fill },
		{ "cases", assign_fill },
		{ "people", assign_fill },
		{ "check", assign_check },
		{ "workers", assign_workers },
	};

	cli_init("grid-assign");
	return cli_dispatch(argc, argv, commands,
	    sizeof(commands) / sizeof(commands[0]), usage, "command",
	    "boundaries, locate, houses, orgs, components, cases, people, "
	    "check, workers");
}
