/*
 * grid-stats - statistics over the registers and cases, grouped at any
 * level of the space hierarchy: population, groups, cases, quality,
 * hazards, visits.  See grid-stats(1).  The figures are libgrid's.
 */
#include <stdio.h>

#include "grid-stats/disputes.h"
#include "grid-stats/grid-stats.h"

static const char usage[] =
"usage: grid-stats COMMAND [options]\n"
"Statistics over the registers and cases, per unit of the space\n"
"hierarchy (--by grid, community, street or district), of everything or\n"
"of one area (--in CODE).\n"
"\n"
"  population          people, sex, households, age bands, ageing,\n"
"                      dependency ratios, floating and overseas people,\n"
"                      tags (--by, --at DATE)\n"
"  groups              where a group lives: people with a tag (--tag,\n"
"                      --any, --by, --age-min)\n"
"  cases               cases by category, grid, community, street, hour,\n"
"                      weekday or month (--by, several for a cross table;\n"
"                      --from, --to, --top N hotspots)\n"
"  quality             data quality: missing grids or houses, bad or\n"
"                      duplicate keys, dangling references, stale records\n"
"  hazards             hazards and enterprise self-reports\n"
"  visits              visit coverage of the must-visit groups\n"
"  merge               the rows of several districts' population,\n"
"                      groups, cases, hazards or visits into one\n"
"  disputes            dispute mediation: found, mediated, success rate,\n"
"                      resolved at the first line; --repeated parties\n"
"  petitions           petitions (信访): on-time replies, follow-through,\n"
"                      group and over-level; --repeat petitioners\n"
"\n"
"'grid-stats COMMAND --help' tells more.  Common options: --in CODE\n"
"(only what lies in that district, street, community or grid; rows of\n"
"units inside it), -d/--db PATH (repeated: the union of a city's\n"
"districts), -o/--output FILE, -q/--quiet,\n"
"-h/--help, --version, -f/--format FMT ({formats}).\n"
"Rows grouped by a level begin with level, unit, unit_name.\n"
"\n"
"Exit status: 0 success; 64 usage; 65 --in names no area of the\n"
"database; 69 database missing or unusable; 70 internal error; 73\n"
"cannot create output; 74 I/O error; 75 database busy.\n";

int
main(int argc, char **argv)
{
	static const struct cli_command commands[] = {
		{ "population", stats_population },
		{ "groups", stats_groups },
		{ "cases", stats_cases },
		{ "quality", stats_quality },
		{ "hazards", stats_hazards },
		{ "visits", stats_visits },
		{ "merge", stats_merge },
		{ "disputes", stats_disputes },
		{ "petitions", stats_petitions },
	};

	cli_init("grid-stats");
	return cli_dispatch(argc, argv, commands,
	    sizeof(commands) / sizeof(commands[0]), usage, "command",
	    "population, groups, cases, quality, hazards, visits, merge, "
	    "disputes, petitions");
}
