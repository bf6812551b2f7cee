/*
 * options.c - the option handling every grid-stats command shares
 * (grid-stats.h): the common options, operands refused, --by LEVEL.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "grid-stats/grid-stats.h"

int
stats_option(int argc, char **argv, const struct option *opts,
    struct cli_common *c, const char *usage)
{
	int opt;

	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, opts,
	    NULL)) != -1) {
		if (cli_common_option(c, opt, optarg, usage))
			continue;
		if (opt == '?')
			stats_bad_option(argv[0]);
		return opt;
	}
	if (optind != argc)
		cli_usage_error("%s: unexpected argument '%s'", argv[0],
		    argv[optind]);
	return -1;
}

void
stats_bad_option(const char *command)
{
	fprintf(stderr, "Try 'grid-stats %s --help'.\n", command);
	exit(GRID_EUSAGE);
}

enum grid_level
stats_level_option(const char *text)
{
	enum grid_level level = grid_level_parse(text);

	if (level != GRID_LEVEL_GRID && level != GRID_LEVEL_COMMUNITY &&
	    level != GRID_LEVEL_STREET && level != GRID_LEVEL_DISTRICT)
		cli_usage_error("--by: expected grid, community, street or "
		    "district, not '%s'", text);
	return level;
}
