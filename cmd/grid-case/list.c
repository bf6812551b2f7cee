/*
 * list.c - grid-case list (cases with filters) and grid-case similar ID
 * (closed cases of the same category nearby, newest first, with how
 * they were handled).  Read-only.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/text.h"
#include "grid/vocab.h"

static const char list_usage[] =
"usage: grid-case list [filters] [options]\n"
"Cases, oldest report first: id, source, category_code, status, level,\n"
"grid_code, dept_code, reported_at, deadline, overdue, rework_count,\n"
"description.\n"
"\n"
"      --status S         reported, registered, voided, dispatched,\n"
"                         returned, handled, verified, closed, parked or\n"
"                         merged\n"
"      --level L          grid, community, street, district or city\n"
"      --dept CODE        the department\n"
"      --source S         worker, hotline, public_app, video,\n"
"                         self_report or department\n"
"      --category CODE    the category\n"
"      --grid CODE        in this grid, or any grid under this\n"
"                         community, street or district code\n"
"      --overdue          dispatched or handled, past the deadline\n"
"      --from TIME        reported at or after TIME\n"
"      --to TIME          reported at or before TIME (a date: that\n"
"                         whole day)\n"
"      --limit N          at most N cases\n"
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 69 database missing; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 database busy.\n";

static const char similar_usage[] =
"usage: grid-case similar ID [--distance D] [--limit N] [options]\n"
"Closed cases of the same category as case ID, in its grid or within\n"
"distance D of its point (in the units of x and y), newest first, with\n"
"the notes of their handling: id, closed_at, grid_code, distance,\n"
"description, rating, handling.\n"
"\n"
"      --distance D       also cases within D of the case's point\n"
"      --limit N          at most N cases (default 10)\n"
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const struct grid_column list_columns[] = {
	{ "id", GRID_COL_TEXT }, { "source", GRID_COL_TEXT },
	{ "category_code", GRID_COL_TEXT }, { "status", GRID_COL_TEXT },
	{ "level", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "dept_code", GRID_COL_TEXT }, { "reported_at", GRID_COL_TEXT },
	{ "deadline", GRID_COL_TEXT }, { "overdue", GRID_COL_INT },
	{ "rework_count", GRID_COL_INT }, { "description", GRID_COL_TEXT },
};

static const struct grid_column similar_columns[] = {
	{ "id", GRID_COL_TEXT }, { "closed_at", GRID_COL_TEXT },
	{ "grid_code", GRID_COL_TEXT }, { "distance", GRID_COL_REAL },
	{ "description", GRID_COL_TEXT }, { "rating", GRID_COL_TEXT },
	{ "handling", GRID_COL_TEXT },
};

enum {
	OPT_STATUS = 256, OPT_LEVEL, OPT_DEPT, OPT_SOURCE, OPT_CATEGORY,
	OPT_GRID, OPT_OVERDUE, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_DISTANCE
};

/* A filter: the SQL condition and its one parameter (or NULL). */
struct filter {
	const char *sql;
	const char *value;
};

struct list {
	struct cli_common c;
	struct filter filters[16];
	size_t nfilters;
	char from[32], to[32], now[32];
	long limit;
	double distance;
	int has_distance;
};

static void
add_filter(struct list *l, const char *sql, const char *value)
{
	l->filters[l->nfilters].sql = sql;
	l->filters[l->nfilters].value = value;
	l->nfilters++;
}

/* The canonical value of text in a vocabulary; dies 64 otherwise. */
static const char *
vocab(const char *name, const char *option, const char *text)
{
	const struct grid_vocab *v = grid_vocab_find(name);
	const char *value = grid_vocab_lookup(v, text);

	if (value == NULL)
		cli_usage_error("%s: expected one of %s, not '%s'", option,
		    grid_vocab_values(v), text);
	return value;
}

/* A time option into out; 1 when it was a date alone.  Dies 64. */
static int
time_option(const char *option, const char *text, char *out, size_t n)
{
	struct grid_error err;
	char date[16];

	if (grid_time_parse(text, out, n, &err) != 0)
		cli_usage_error("%s: %s", option, err.text);
	return strlen(text) <= 10 && grid_date_parse(text, date,
	    sizeof(date), &err) == 0;
}

static const char *
grid_prefix(const char *code)
{
	size_t i, n = strlen(code);

	for (i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			break;
	if (n == 0 || i < n || n > 14)
		cli_usage_error("--grid: expected a grid, community, street or "
		    "district code, not '%s'", code);
	return code;
}

static void
list_option(struct list *l, int opt, const char *arg)
{
	if (l->nfilters + 2 > NCOLUMNS(l->filters))
		cli_usage_error("list: too many filters");
	switch (opt) {
	case OPT_STATUS:
		add_filter(l, "status = ?", vocab("case_status", "--status",
		    arg));
		break;
	case OPT_LEVEL:
		add_filter(l, "level = ?", vocab("level", "--level", arg));
		break;
	case OPT_SOURCE:
		add_filter(l, "source = ?", vocab("case_source", "--source",
		    arg));
		break;
	case OPT_DEPT: add_filter(l, "dept_code = ?", arg); break;
	case OPT_CATEGORY: add_filter(l, "category_code = ?", arg); break;
	case OPT_GRID:
		/* a prefix, as a range the index cases_grid serves */
		add_filter(l, "grid_code >= ?", grid_prefix(arg));
		add_filter(l, "grid_code < ? || ':'", arg);
		break;
	case OPT_OVERDUE:
		add_filter(l, "status IN ('dispatched','handled') AND "
		    "(overdue = 1 OR julianday(deadline) < julianday(?))",
		    l->now);
		break;
	case OPT_FROM:
		time_option("--from", arg, l->from, sizeof(l->from));
		add_filter(l, "julianday(reported_at) >= julianday(?)",
		    l->from);
		break;
	case OPT_TO:
		if (time_option("--to", arg, l->to, sizeof(l->to)))
			add_filter(l, "julianday(reported_at) < "
			    "julianday(?, '+1 day')", l->to);
		else
			add_filter(l, "julianday(reported_at) <= "
			    "julianday(?)", l->to);
		break;
	case OPT_LIMIT:
		l->limit = cli_number("--limit", arg, 1, 1000000000L);
		break;
	case OPT_DISTANCE:
		l->distance = strtod(arg, NULL);
		if (!(l->distance >= 0) || !isfinite(l->distance))
			cli_usage_error("--distance: expected a number, not "
			    "'%s'", arg);
		l->has_distance = 1;
		break;
	default:
		break;
	}
}

static int
parse(struct list *l, int argc, char **argv, const char *usage,
    int similar)
{
	static const struct option list_opts[] = {
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "dept", required_argument, NULL, OPT_DEPT },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "grid", required_argument, NULL, OPT_GRID },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const struct option similar_opts[] = {
		{ "distance", required_argument, NULL, OPT_DISTANCE },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_error err;
	time_t now;
	int opt;

	if (grid_now(&now, &err) != 0)
		cli_usage_error("%s", err.text);
	grid_time_format(now, l->now, sizeof(l->now));
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT,
	    similar ? similar_opts : list_opts, NULL)) != -1) {
		if (cli_common_option(&l->c, opt, optarg, usage))
			continue;
		if (opt < OPT_STATUS)
			case_bad_option(argv[0]);
		list_option(l, opt, optarg);
	}
	if (similar && optind + 1 != argc)
		cli_usage_error("similar: give one case ID");
	if (!similar && optind != argc)
		cli_usage_error("list: unexpected argument '%s'",
		    argv[optind]);
	return optind;
}

/* Runs st and writes its rows (all columns text). */
static int
write_rows(struct grid_db *db, sqlite3_stmt *st, struct case_rows *rows,
    size_t ncolumns, struct grid_error *err)
{
	const char *row[16];
	size_t i;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncolumns; i++)
			row[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (grid_writer_row(rows->w, row, err) != 0)
			return -1;
	}
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading cases", err);
	return 0;
}

static int
run_list(struct list *l, struct grid_db *db, struct case_rows *rows,
    struct grid_error *err)
{
	struct grid_buf sql;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	grid_buf_init(&sql, 64 * 1024);
	grid_buf_adds(&sql, "SELECT id, source, category_code, status, "
	    "level, grid_code, dept_code, reported_at, deadline, overdue, "
	    "rework_count, description FROM cases");
	for (i = 0; i < l->nfilters; i++)
		grid_buf_addf(&sql, "%s%s", i == 0 ? " WHERE " : " AND ",
		    l->filters[i].sql);
	grid_buf_adds(&sql, " ORDER BY julianday(reported_at), id");
	if (l->limit > 0)
		grid_buf_addf(&sql, " LIMIT %ld", l->limit);
	rc = grid_db_prepare(db, sql.data, &st, err);
	grid_buf_release(&sql);
	if (rc != 0)
		return -1;
	for (i = 0; i < l->nfilters; i++)
		sqlite3_bind_text(st, (int)i + 1, l->filters[i].value, -1,
		    SQLITE_STATIC);
	rc = write_rows(db, st, rows, NCOLUMNS(list_columns), err);
	sqlite3_finalize(st);
	return rc;
}

static const char similar_sql[] =
"SELECT c.id, c.closed_at, c.grid_code, c.x, c.y, c.description, "
"c.rating, (SELECT group_concat(note, '; ') FROM case_log g "
"WHERE g.case_id = c.id AND g.action = 'handle' AND g.note IS NOT NULL) "
"FROM cases c, cases s WHERE s.id = ?1 AND c.status = 'closed' "
"AND c.id <> s.id AND c.category_code = s.category_code "
"AND (c.grid_code = s.grid_code OR (?2 AND s.x IS NOT NULL "
"AND c.x IS NOT NULL AND (c.x - s.x) * (c.x - s.x) + (c.y - s.y) * "
"(c.y - s.y) <= ?3 * ?3)) "
"ORDER BY julianday(c.closed_at) DESC, c.id DESC LIMIT ?4";

/* The distance of a row's point from the case's, or "" when unknown. */
static const char *
distance(sqlite3_stmt *st, sqlite3_stmt *origin, char *out, size_t n)
{
	double dx, dy;

	if (sqlite3_column_type(st, 3) == SQLITE_NULL ||
	    sqlite3_column_type(origin, 0) == SQLITE_NULL)
		return NULL;
	dx = sqlite3_column_double(st, 3) - sqlite3_column_double(origin, 0);
	dy = sqlite3_column_double(st, 4) - sqlite3_column_double(origin, 1);
	snprintf(out, n, "%.6g", sqrt(dx * dx + dy * dy));
	return out;
}

static int
similar_rows(struct grid_db *db, sqlite3_stmt *st, sqlite3_stmt *origin,
    struct case_rows *rows, struct grid_error *err)
{
	const char *row[NCOLUMNS(similar_columns)];
	char dist[64];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row[0] = (const char *)sqlite3_column_text(st, 0);
		row[1] = (const char *)sqlite3_column_text(st, 1);
		row[2] = (const char *)sqlite3_column_text(st, 2);
		row[3] = distance(st, origin, dist, sizeof(dist));
		row[4] = (const char *)sqlite3_column_text(st, 5);
		row[5] = (const char *)sqlite3_column_text(st, 6);
		row[6] = (const char *)sqlite3_column_text(st, 7);
		if (grid_writer_row(rows->w, row, err) != 0)
			return -1;
	}
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading cases", err);
	return 0;
}

static int
run_similar(struct list *l, const char *id, struct grid_db *db,
    struct case_rows *rows, struct grid_error *err)
{
	sqlite3_stmt *st = NULL, *origin = NULL;
	int rc = -1, step;

	if (grid_db_prepare(db, "SELECT x, y FROM cases WHERE id = ?1",
	    &origin, err) != 0 ||
	    grid_db_prepare(db, similar_sql, &st, err) != 0)
		goto out;
	sqlite3_bind_text(origin, 1, id, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(origin)) != SQLITE_ROW) {
		if (step == SQLITE_DONE)
			grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "case %s: no such case", id);
		else
			grid_db_error(db, step, "reading cases", err);
		goto out;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->has_distance);
	sqlite3_bind_double(st, 3, l->distance);
	sqlite3_bind_int64(st, 4, l->limit > 0 ? l->limit : 10);
	rc = similar_rows(db, st, origin, rows, err);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(origin);
	return rc;
}

static int
run(int argc, char **argv, int similar)
{
	struct list l;
	struct case_rows rows;
	struct grid_error err;
	struct grid_db *db;
	int first, status = 0;

	memset(&l, 0, sizeof(l));
	first = parse(&l, argc, argv, similar ? similar_usage : list_usage,
	    similar);
	if ((db = cli_open_db(&l.c, 1, &status)) == NULL)
		return status;
	if (case_rows_open(&rows, &l.c, similar ? similar_columns :
	    list_columns, similar ? NCOLUMNS(similar_columns) :
	    NCOLUMNS(list_columns), &err) != 0 ||
	    (similar ? run_similar(&l, argv[first], db, &rows, &err) :
	    run_list(&l, db, &rows, &err)) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	if (case_rows_close(&rows, status == 0, &err) != 0 && status == 0) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	return status;
}

int
case_list(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int
case_similar(int argc, char **argv)
{
	return run(argc, argv, 1);
}
