/*
 * doctables - prints libgrid's own tables, for the documentation test
 * (tests/e2e/t29-doc-tables.sh), which checks every item against the man
 * pages: a change that adds a table, a column, a level or a check to the
 * code and forgets the manual fails there.  Only public headers are used.
 *
 * One item a line, its fields separated by tabs; the first field is the
 * kind:
 *   register TABLE LABEL           a register grid-import loads
 *   field TABLE COLUMN FLAGS REF ALIASES
 *                                  its columns, in order; FLAGS "key",
 *                                  "required" or "-"; REF "table.column"
 *                                  or "-"; ALIASES '|'-separated or "-"
 *   level NAME LABEL LEN2 LEN3 UNITS
 *                                  a level of the space hierarchy: its
 *                                  code length with 2- and 3-digit grid
 *                                  sequences, UNITS 1 when a table holds
 *                                  its units (the levels of --by)
 *   report COLUMN LABEL            grid-report's row (metrics_row.h)
 *   stats COMMAND COLUMN           grid-stats' columns as libgrid gives
 *                                  them: population, groups, cases
 *                                  (every dimension), hazards (the unit
 *                                  rows and the --list rows), visits
 *   check KEY LABEL TABLE          grid-stats quality's checks
 *   verb NAME                      the verbs of the case state table
 *                                  (cases.h): grid-case's steps
 *
 *   doctables [KIND]               every item, or those of KIND
 */
#include <stdio.h>
#include <string.h>

#include "grid/cases.h"
#include "grid/casestats.h"
#include "grid/groupstats.h"
#include "grid/disputestats.h"
#include "grid/hazards.h"
#include "grid/petitionstats.h"
#include "grid/levels.h"
#include "grid/metrics_row.h"
#include "grid/popstats.h"
#include "grid/quality.h"
#include "grid/registers.h"
#include "grid/visits.h"
#include "grid/writer.h"

static const char *kind;

/* 1 when items of kind k are to be printed. */
static int
wanted(const char *k)
{
	return kind == NULL || strcmp(kind, k) == 0;
}

static const char *
or_dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

static void
registers(void)
{
	const struct grid_register *reg;
	const struct grid_field *f;
	size_t i, j;

	for (i = 0; (reg = grid_register_at(i)) != NULL; i++) {
		if (wanted("register"))
			printf("register\t%s\t%s\n", reg->table,
			    or_dash(reg->label));
		if (!wanted("field"))
			continue;
		for (j = 0; j < reg->nfields; j++) {
			f = &reg->fields[j];
			printf("field\t%s\t%s\t%s\t%s\t%s\n", reg->table,
			    f->name, f->flags & GRID_F_KEY ? "key" :
			    f->flags & GRID_F_REQUIRED ? "required" : "-",
			    or_dash(f->ref), or_dash(f->aliases));
		}
	}
}

static void
levels(void)
{
	const struct grid_level_info *info;
	int l;

	if (!wanted("level"))
		return;
	for (l = GRID_LEVEL_NONE + 1; (info = grid_level_info(l)) != NULL;
	    l++)
		printf("level\t%s\t%s\t%zu\t%zu\t%d\n", info->name, info->label,
		    grid_level_code_len(info->level, 2),
		    grid_level_code_len(info->level, 3),
		    grid_level_has_units(info->level));
}

static void
report(void)
{
	struct grid_column columns[GRID_METRICS_NCOLUMN];
	const char *labels[GRID_METRICS_NCOLUMN];
	size_t i;

	if (!wanted("report"))
		return;
	grid_metrics_columns(columns, labels);
	for (i = 0; i < GRID_METRICS_NCOLUMN; i++)
		printf("report\t%s\t%s\n", columns[i].name, or_dash(labels[i]));
}

static void
columns(const char *command, const struct grid_column *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("stats\t%s\t%s\n", command, c[i].name);
}

/* Every dimension of grid-stats cases, alone: each one's columns. */
static void
case_columns(void)
{
	struct grid_casestats_query q;
	struct grid_column c[GRID_CASESTATS_MAX_COLUMNS];
	int dim;

	for (dim = GRID_CS_CATEGORY; dim <= GRID_CS_MONTH; dim++) {
		memset(&q, 0, sizeof(q));
		q.dims[0] = (enum grid_casestats_dim)dim;
		q.ndims = 1;
		columns("cases", c, grid_casestats_columns(&q, c));
	}
}

static void
stats(void)
{
	const struct grid_column *c;
	size_t n;

	if (!wanted("stats"))
		return;
	c = grid_popstats_columns(&n);
	columns("population", c, n);
	c = grid_groupstats_columns(&n);
	columns("groups", c, n);
	case_columns();
	c = grid_hazards_columns(&n);
	columns("hazards", c, n);
	c = grid_hazards_org_columns(&n);
	columns("hazards", c, n);
	c = grid_visits_columns(&n);
	columns("visits", c, n);
	c = grid_hazards_inspection_columns(&n);
	columns("hazards", c, n);
	c = grid_hazards_uninspected_columns(&n);
	columns("hazards", c, n);
	c = grid_hazards_recurred_columns(&n);
	columns("hazards", c, n);
	c = grid_hazards_sample_columns(&n);
	columns("hazards", c, n);
	c = grid_disputestats_columns(&n);
	columns("disputes", c, n);
	c = grid_disputestats_repeated_columns(&n);
	columns("disputes", c, n);
	c = grid_petitionstats_columns(&n);
	columns("petitions", c, n);
	c = grid_petitionstats_repeat_columns(&n);
	columns("petitions", c, n);
}

static void
checks(void)
{
	const struct grid_quality_check *check;
	size_t i;

	if (!wanted("check"))
		return;
	for (i = 0; (check = grid_quality_at(i)) != NULL; i++)
		printf("check\t%s\t%s\t%s\n", check->key, or_dash(check->label),
		    or_dash(check->table));
}

static void
verbs(void)
{
	int v;

	if (!wanted("verb"))
		return;
	for (v = 0; v < GRID_NVERBS; v++)
		printf("verb\t%s\n", grid_case_verb_name(v));
}

int
main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fputs("usage: doctables [register|field|level|report|stats|"
		    "check|verb]\n", stderr);
		return 64;
	}
	kind = argc == 2 ? argv[1] : NULL;
	registers();
	levels();
	report();
	stats();
	checks();
	verbs();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("doctables: stdout");
		return 74;
	}
	return 0;
}
