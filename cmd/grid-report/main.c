/*
 * grid-report - the monthly and annual assessment of the case work
 * (CJ/T 292-2008 as doc/domain.md section 4 gives it), and the merging of the
 * reports of several districts.  See grid-report(1).
 */
#include <stdio.h>
#include <stdlib.h>

#include "grid-report/grid-report.h"

#define NCOMMANDS(a) (sizeof(a) / sizeof((a)[0]))

static const char usage[] =
"usage: grid-report monthly --month YYYY-MM|last [--by LEVEL] [options]\n"
"       grid-report annual --year YYYY [--by LEVEL] [options]\n"
"       grid-report merge FILE... [options]\n"
"Assessment reports of the case work, for people and for cron.\n"
"\n"
"  monthly   per unit: reported, registered, closed, due to close, the\n"
"            closure, on-time, rework and satisfaction rates with their\n"
"            counts, handling hours, the composite score, grade, rank\n"
"            and the change against the month before (none for a unit\n"
"            with nothing to assess)\n"
"  annual    per unit: the 12 monthly scores of the year and their mean\n"
"            over the months that have one\n"
"  merge     combines reports of several districts (ndjson or csv, same\n"
"            month or year and level) into one, recomputing every rate\n"
"            and score from the summed counts\n"
"\n"
"LEVEL: grid, community, street, district, dept or worker (default\n"
"community).  'grid-report CMD --help' tells more.\n"
"\n"
"Common options: -d/--db PATH (monthly, annual: repeated, a city's\n"
"districts together), -f/--format ndjson|csv|tsv|table|md|html,\n"
"-o/--output FILE, --wide, -q/--quiet, -h/--help, --version.\n"
"\n"
"Exit status: 0 success; 64 usage (a month or year not begun too); 65\n"
"bad input (a report to merge, a setting); 66 input missing; 69\n"
"database missing; 70 internal error; 73 cannot create output; 74 I/O\n"
"error; 75 database busy.\n";

int
main(int argc, char **argv)
{
	static const struct cli_command commands[] = {
		{ "monthly", report_monthly },
		{ "annual", report_annual },
		{ "merge", report_merge },
	};

	cli_init("grid-report");
	return cli_dispatch(argc, argv, commands, NCOMMANDS(commands), usage,
	    "command", "monthly, annual, merge");
}
