/*
 * options.c - the option handling every grid-stats command shares
 * (grid-stats.h): the common options, --in, operands refused, --by
 * LEVEL, the level of the rows inside the area, the database and the
 * area found in it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jobs.h"
#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/text.h"

/*
 * The level of the code of --in by its shape (a grid's sequence may have
 * 2 or 3 digits: the database says which, later); dies 64 when it has no
 * shape of a code.
 */
static enum grid_level
in_level(const char *code)
{
	struct grid_error err;
	enum grid_level level;

	level = grid_code_level(code, 2, &err);
	if (level == GRID_LEVEL_NONE && strlen(code) == 15)
		level = grid_code_level(code, 3, &err);
	if (level == GRID_LEVEL_NONE)
		cli_usage_error("--in: %s (expected the code of a district, "
		    "street, community or grid)", err.text);
	return level;
}

int
stats_option(int argc, char **argv, const struct option *opts,
    struct stats_common *c, const char *usage)
{
	int opt;

	c->cli.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES |
	    (c->many ? CLI_READS_MANY : 0);
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT "j:", opts,
	    NULL)) != -1) {
		if (cli_common_option(&c->cli, opt, optarg, usage))
			continue;
		if (opt == 'j') {
			c->jobs = cli_jobs_option(optarg);
			continue;
		}
		if (opt == STATS_OPT_MAP_BY) {
			cli_out_map_by(optarg);
			continue;
		}
		if (opt != STATS_OPT_IN)
			return opt;
		c->in = optarg;
		c->in_level = in_level(optarg);
	}
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	return -1;
}

void
stats_no_dept(const char *text)
{
	enum grid_metrics_level level;

	if (grid_metrics_level_parse(text, &level) == 0 &&
	    level == GRID_BY_DEPT)
		cli_usage_error("--by %s: grid-stats has no department level; "
		    "see grid-report --by dept", text);
}

enum grid_level
stats_level_option(const char *text)
{
	enum grid_level level = grid_level_parse(text);

	stats_no_dept(text);
	if (!grid_level_has_units(level))
		cli_usage_error("--by: expected grid, community, street or "
		    "district, not '%s'", text);
	return level;
}

/* The levels from level down, for people: "street, community or grid". */
static void
levels_from(enum grid_level level, char *out, size_t n)
{
	size_t len = 0;
	int l;

	out[0] = '\0';
	for (l = level; l <= GRID_LEVEL_GRID && len < n; l++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    l == (int)level ? "" : l == GRID_LEVEL_GRID ? " or " : ", ",
		    grid_level_name((enum grid_level)l));
}

enum grid_level
stats_rows_level(const struct stats_common *c, enum grid_level by,
    enum grid_level dflt)
{
	char fits[64];

	if (c->in == NULL)
		return by != GRID_LEVEL_NONE ? by : dflt;
	if (by == GRID_LEVEL_NONE)
		return dflt < c->in_level ? c->in_level : dflt;
	if (by < c->in_level) {
		levels_from(c->in_level, fits, sizeof(fits));
		cli_usage_error("--by %s is above the area '%s', a %s: give "
		    "--by %s", grid_level_name(by), c->in,
		    grid_level_name(c->in_level), fits);
	}
	return by;
}

struct grid_db *
stats_open_db(struct stats_common *c, int *status)
{
	struct grid_error err;
	struct grid_db *db, *other;
	struct cli_common one;
	int i;

	if ((db = cli_open_db(&c->cli, 1, status)) == NULL)
		return NULL;
	grid_text_copy(c->zone, sizeof(c->zone), grid_db_time_zone(db) !=
	    NULL ? grid_db_time_zone(db) : "");
	if (c->in == NULL ||
	    grid_area_find(db, c->in, &c->area, &err) == 0)
		return db;
	/* several -d: the area of --in may be another database's */
	for (i = 1; err.code == GRID_EDATA && i < c->cli.ndbs; i++) {
		one = c->cli;
		one.db = c->cli.dbs[i];
		if ((other = cli_open_db(&one, 1, status)) == NULL) {
			grid_db_close(db);
			return NULL;
		}
		if (grid_area_find(other, c->in, &c->area, &err) == 0) {
			grid_db_close(other);
			grid_db_close(db);	/* its zone in force again */
			return cli_open_db(&c->cli, 1, status);
		}
		grid_db_close(other);
	}
	cli_error(&err);
	*status = err.code;
	grid_db_close(db);
	return NULL;
}
