/*
 * desk.c - what the case desk shows beyond the cases: grid-case status
 * ID (what the requester may see of a case: its public steps, their
 * times and the replies, nobody's name), grid-case categories and
 * grid-case departments (what a dispatcher chooses from).  Read-only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/case_query.h"

static const char status_usage[] =
"usage: grid-case status ID [options]\n"
"What the requester may be told of case ID, oldest first: at, step\n"
"(report, register, void, dispatch, handle, verify, close, merge,\n"
"reply, rate), status (after the step), reply (the text of a reply).\n"
"No names, phone numbers, departments, workers or notes of anyone.\n"
"-d may be repeated (a city's districts): the case is looked for in\n"
"each, the first that has it answers.\n"
"\n"
CASE_COMMON_HELP_ROWS
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const char categories_usage[] =
"usage: grid-case categories [options]\n"
"The categories a case is reported in, by code: code, kind, name,\n"
"dept_code and dept_name (where dispatch sends it when no department\n"
"is given), limit_value and limit_unit (the setting default_limit's\n"
"when the category has none), urgent_value (the limit of an urgent\n"
"case: urgent_share percent of it, in the same unit).\n"
"\n"
CASE_COMMON_HELP_ROWS
"\n"
"Exit status: 0; 64 usage; 69 database missing; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 busy.\n";

static const char departments_usage[] =
"usage: grid-case departments [options]\n"
"The departments a case is dispatched to, by code: code, name,\n"
"categories (sent to it by default), components (it owns: their\n"
"cases go to it first).\n"
"\n"
CASE_COMMON_HELP_ROWS
"\n"
"Exit status: 0; 64 usage; 69 database missing; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 busy.\n";

static const struct grid_column status_columns[] = {
	{ "at", GRID_COL_TEXT }, { "step", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "reply", GRID_COL_TEXT },
};

static const struct grid_column category_columns[] = {
	{ "code", GRID_COL_TEXT }, { "kind", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "dept_code", GRID_COL_TEXT },
	{ "dept_name", GRID_COL_TEXT }, { "limit_value", GRID_COL_REAL },
	{ "limit_unit", GRID_COL_TEXT }, { "urgent_value", GRID_COL_REAL },
};

static const struct grid_column department_columns[] = {
	{ "code", GRID_COL_TEXT }, { "name", GRID_COL_TEXT },
	{ "categories", GRID_COL_INT }, { "components", GRID_COL_INT },
};

enum desk { DESK_STATUS, DESK_CATEGORIES, DESK_DEPARTMENTS };

static int
status_row(void *ctx, const struct grid_case_status_row *r)
{
	struct case_sink *s = ctx;
	const char *row[] = { r->at, r->step, r->status, r->reply };

	return case_rows_write(s->rows, row, &s->err);
}

static int
category_row(void *ctx, const struct grid_case_category_row *r)
{
	struct case_sink *s = ctx;
	const char *row[] = { r->code, r->kind, r->name, r->dept_code,
		r->dept_name, r->limit_value, r->limit_unit, r->urgent_value };

	return case_rows_write(s->rows, row, &s->err);
}

static int
department_row(void *ctx, const struct grid_case_department_row *r)
{
	struct case_sink *s = ctx;
	const char *row[] = { r->code, r->name, r->categories,
		r->components };

	return case_rows_write(s->rows, row, &s->err);
}

/* The rows of one listing.  0, or -1 with err. */
static int
rows_of(struct grid_db *db, enum desk which, const char *id,
    struct case_sink *s, struct grid_error *err)
{
	switch (which) {
	case DESK_STATUS:
		return grid_case_status(db, id, status_row, s, err);
	case DESK_CATEGORIES:
		return grid_case_categories(db, category_row, s, err);
	default:
		return grid_case_departments(db, department_row, s, err);
	}
}

/*
 * The database of c that has case id (the first, with several -d), open;
 * without id, c's.  NULL with *status and the error printed: a missing
 * database, or an id in none ("no such case", 65).
 */
static struct grid_db *
open_for(const struct cli_common *c, const char *id, int *status)
{
	struct cli_common one = *c;
	struct grid_error err;
	struct grid_db *db = NULL;
	int i, n = c->ndbs > 1 ? c->ndbs : 1, rc = 0;

	for (i = 0; i < n; i++) {
		if (c->ndbs > 1)
			one.db = c->dbs[i];
		if ((db = cli_open_db(&one, 1, status)) == NULL)
			return NULL;
		if (id == NULL || (rc = grid_case_exists(db, id, &err)) == 1)
			return db;
		grid_db_close(db);
		if (rc < 0)
			break;
	}
	cli_error(&err);
	*status = err.code != 0 ? err.code : GRID_EINTERNAL;
	return NULL;
}

static int
run(int argc, char **argv, enum desk which, const char *usage,
    const struct grid_column *columns, size_t ncolumns)
{
	static const struct option longopts[] = { CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 } };
	struct cli_common c;
	struct case_rows rows;
	struct case_sink sink;
	struct grid_error err;
	struct grid_db *db;
	const char *id = NULL;
	int opt, status = 0;

	memset(&c, 0, sizeof(c));
	c.writes = CLI_WRITES_ROWS | (which == DESK_STATUS ? CLI_READS_MANY :
	    0);
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1)
		if (!cli_common_option(&c, opt, optarg, usage))
			cli_bad_option();
	if (which == DESK_STATUS && optind == argc)
		cli_usage_error("which case? no ID given");
	if (which == DESK_STATUS)
		id = argv[optind++];
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	case_sink_init(&sink, &rows, &c);
	cli_format_check(&c);	/* no -f id: these rows have no case id */
	if ((db = open_for(&c, id, &status)) == NULL)
		return status;
	if (case_rows_open(&rows, &c, columns, ncolumns, &err) != 0 ||
	    rows_of(db, which, id, &sink, &err) != 0)
		status = case_sink_fail(&sink, &err);
	if (case_rows_close(&rows, status == 0, &err) != 0 && status == 0) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	return status;
}

int
case_status(int argc, char **argv)
{
	return run(argc, argv, DESK_STATUS, status_usage, status_columns,
	    NCOLUMNS(status_columns));
}

int
case_categories(int argc, char **argv)
{
	return run(argc, argv, DESK_CATEGORIES, categories_usage,
	    category_columns, NCOLUMNS(category_columns));
}

int
case_departments(int argc, char **argv)
{
	return run(argc, argv, DESK_DEPARTMENTS, departments_usage,
	    department_columns, NCOLUMNS(department_columns));
}
