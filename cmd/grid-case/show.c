/*
 * show.c - grid-case show ID... (a case's fields; the reporter masked
 * unless --reveal, which is recorded in case_log) and grid-case log
 * ID... (its case_log rows, oldest first).  Read-only but for --reveal.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid-case/grid-case.h"
#include "grid/cases.h"

static const char show_usage[] =
"usage: grid-case show ID... [options]\n"
"The fields of each case: one row per case (table and md: one line per\n"
"field).  A reporter that is a phone number or an ID number is masked\n"
"unless --reveal (recorded in case_log: action reveal, by whom, when);\n"
"names and workers' ids are shown as they are.\n"
"\n"
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const char log_usage[] =
"usage: grid-case log ID... [options]\n"
"Every change of each case, as case_log holds it, oldest first: case_id,\n"
"at, actor, action, from_status, to_status, note.  A case without log\n"
"rows (imported) prints none.\n"
"\n"
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

/* The columns of show, as in table cases (attrs left out). */
static const struct grid_column case_columns[] = {
	{ "id", GRID_COL_TEXT }, { "source", GRID_COL_TEXT },
	{ "category_code", GRID_COL_TEXT }, { "description", GRID_COL_TEXT },
	{ "x", GRID_COL_REAL }, { "y", GRID_COL_REAL },
	{ "address", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "component_code", GRID_COL_TEXT }, { "org_uscc", GRID_COL_TEXT },
	{ "grade", GRID_COL_TEXT }, { "reporter", GRID_COL_TEXT },
	{ "priority", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "dept_code", GRID_COL_TEXT },
	{ "reported_at", GRID_COL_TEXT }, { "registered_at", GRID_COL_TEXT },
	{ "dispatched_at", GRID_COL_TEXT }, { "handled_at", GRID_COL_TEXT },
	{ "verified_at", GRID_COL_TEXT }, { "closed_at", GRID_COL_TEXT },
	{ "deadline", GRID_COL_TEXT }, { "overdue", GRID_COL_INT },
	{ "rating", GRID_COL_TEXT }, { "rework_count", GRID_COL_INT },
	{ "duplicate_of", GRID_COL_TEXT },
};
#define REPORTER_COLUMN 11

static const struct grid_column field_columns[] = {
	{ "field", GRID_COL_TEXT }, { "value", GRID_COL_TEXT },
};

static const struct grid_column log_columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "at", GRID_COL_TEXT },
	{ "actor", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "from_status", GRID_COL_TEXT }, { "to_status", GRID_COL_TEXT },
	{ "note", GRID_COL_TEXT },
};

static const char log_sql[] =
"SELECT case_id, at, actor, action, from_status, to_status, note "
"FROM case_log WHERE case_id = ?1 ORDER BY id";

static const char case_exists_sql[] = "SELECT 1 FROM cases WHERE id = ?1";

/* Parses the options; returns the index of the first ID. */
static int
parse(struct cli_common *c, int argc, char **argv, const char *usage)
{
	static const struct option longopts[] = { CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 } };
	int opt;

	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1)
		if (!cli_common_option(c, opt, optarg, usage))
			cli_bad_option();
	if (optind == argc)
		cli_usage_error("which case? no ID given");
	return optind;
}

/* The SELECT of show: the columns above from cases. */
static char *
show_sql(void)
{
	struct grid_buf sql;
	size_t i;
	char *out;

	grid_buf_init(&sql, 4096);
	grid_buf_adds(&sql, "SELECT ");
	for (i = 0; i < NCOLUMNS(case_columns); i++) {
		grid_buf_adds(&sql, i > 0 ? ", " : "");
		grid_buf_adds(&sql, case_columns[i].name);
	}
	grid_buf_adds(&sql, " FROM cases WHERE id = ?1");
	out = strdup(sql.data);
	grid_buf_release(&sql);
	return out;
}

/*
 * An id without rows: a case without log rows (imported) is fine for
 * log, else no such case.  0, or -1 with err.
 */
static int
no_rows(struct grid_db *db, const char *id, int is_log,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (is_log) {
		if (grid_db_prepare(db, case_exists_sql, &st, err) != 0)
			return -1;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			grid_db_error(db, rc, "reading cases", err);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return rc == SQLITE_ROW ? 0 : -1;
	}
	return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
	    "case %s: no such case", id);
}

/*
 * Every id is a case: each unknown one named.  0, or the exit status
 * (65, or a database error's).  Checked before anything is printed.
 */
static int
all_known(struct grid_db *db, char **ids)
{
	struct grid_error err;
	sqlite3_stmt *st = NULL;
	int status = 0, rc;

	if (grid_db_prepare(db, case_exists_sql, &st, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	for (; *ids != NULL; ids++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, *ids, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			continue;
		if (rc == SQLITE_DONE)
			grid_error_set(&err, GRID_EDATA, NULL, 0, NULL,
			    "case %s: no such case", *ids);
		else
			grid_db_error(db, rc, "reading cases", &err);
		cli_error(&err);
		status = err.code;
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	return status;
}

/* One case: a row, or one row per field (vertical). */
static int
show_one(const struct cli_common *c, sqlite3_stmt *st, int vertical,
    struct case_rows *rows, struct grid_error *err)
{
	const char *row[NCOLUMNS(case_columns)], *pair[2];
	char masked[512];
	size_t i;

	for (i = 0; i < NCOLUMNS(case_columns); i++)
		row[i] = (const char *)sqlite3_column_text(st, (int)i);
	row[REPORTER_COLUMN] = case_mask_text(row[REPORTER_COLUMN],
	    c->reveal, masked, sizeof(masked));
	if (!vertical)
		return case_rows_write(rows, row, err);
	for (i = 0; i < NCOLUMNS(case_columns); i++) {
		pair[0] = case_columns[i].name;
		pair[1] = row[i];
		if (case_rows_write(rows, pair, err) != 0)
			return -1;
	}
	return 0;
}

/* Rows of sql for each ID (one at least each): show or log. */
static int
each_case(const struct cli_common *c, struct grid_db *db, const char *sql,
    char **ids, int vertical, struct case_rows *rows, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *row[NCOLUMNS(log_columns)];
	int rc = 0, found, i;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	for (; *ids != NULL && rc == 0; ids++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, *ids, -1, SQLITE_STATIC);
		found = 0;
		while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			found = 1;
			if (sql != log_sql) {
				rc = show_one(c, st, vertical, rows, err);
				continue;
			}
			for (i = 0; i < (int)NCOLUMNS(log_columns); i++)
				row[i] = (const char *)sqlite3_column_text(st,
				    i);
			rc = case_rows_write(rows, row, err);
		}
		if (rc == SQLITE_DONE)
			rc = found ? 0 : no_rows(db, *ids, sql == log_sql,
			    err);
		else if (rc > 0)
			rc = grid_db_error(db, rc, "reading cases", err);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * show --reveal: records in case_log, for each case, who was shown its
 * personal data unmasked, in one transaction before anything is shown.
 * Returns 0 or the exit status (the error printed).
 */
static int
log_reveals(const struct cli_common *c, char **ids)
{
	struct grid_cases *cs = NULL;
	struct grid_error err;
	struct grid_db *db;
	int status = 0;

	if ((db = cli_open_db(c, 0, &status)) == NULL)
		return status;
	if (grid_cases_open(db, &cs, &err) != 0 ||
	    grid_db_begin(db, &err) != 0)
		goto fail;
	for (; *ids != NULL; ids++)
		if (grid_case_log_reveal(cs, *ids, cli_actor(),
		    "show --reveal", &err) != 0)
			goto fail;
	if (grid_db_commit(db, &err) == 0)
		goto out;
fail:
	cli_error(&err);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	grid_cases_close(cs);
	grid_db_close(db);
	return status;
}

static int
run(int argc, char **argv, const char *usage, int is_log)
{
	struct cli_common c;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db;
	char *sql = NULL;
	int first, status = 0, vertical = 0;

	memset(&c, 0, sizeof(c));
	first = parse(&c, argc, argv, usage);
	if (!is_log && (c.format == NULL ? isatty(fileno(stdout)) &&
	    c.output == NULL : strcmp(c.format, "table") == 0 ||
	    strcmp(c.format, "md") == 0))
		vertical = 1;
	case_rows_check(&c);
	if (!is_log && c.reveal && (status = log_reveals(&c,
	    argv + first)) != 0)
		return status;
	if ((db = cli_open_db(&c, 1, &status)) == NULL)
		return status;
	if ((status = all_known(db, argv + first)) != 0) {
		grid_db_close(db);
		return status;
	}
	if (!is_log && (sql = show_sql()) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	if (case_rows_open(&rows, &c, vertical ? field_columns : is_log ?
	    log_columns : case_columns, vertical ? NCOLUMNS(field_columns) :
	    is_log ? NCOLUMNS(log_columns) : NCOLUMNS(case_columns),
	    &err) != 0 ||
	    each_case(&c, db, is_log ? log_sql : sql, argv + first, vertical,
	    &rows, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	if (case_rows_close(&rows, status == 0, &err) != 0 && status == 0) {
		cli_error(&err);
		status = err.code;
	}
	free(sql);
	grid_db_close(db);
	return status;
}

int
case_show(int argc, char **argv)
{
	return run(argc, argv, show_usage, 0);
}

int
case_log(int argc, char **argv)
{
	return run(argc, argv, log_usage, 1);
}
