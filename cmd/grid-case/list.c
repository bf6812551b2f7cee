/*
 * list.c - grid-case list (cases with filters) and grid-case similar ID
 * (closed cases of the same category nearby, newest first, with how
 * they were handled).  Read-only.
 *
 * The filters of list compose: a filter given several times, or with a
 * comma list, keeps the cases that match any of its values; different
 * filters must all match.  --due-within counts working time on the
 * calendar of the database (grid/calendar.h), as deadlines are.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/calendar.h"
#include "grid/text.h"
#include "grid/vocab.h"

static const char list_usage[] =
"usage: grid-case list [filters] [options]\n"
"Cases, oldest report first: id, source, category_code, status, level,\n"
"grid_code, dept_code, reported_at, deadline, overdue, rework_count,\n"
"description.  A filter given again, or a comma list, is any of its\n"
"values (--status dispatched,handled); different filters all apply.\n"
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
"      --open             not closed, voided or merged\n"
"      --overdue          dispatched or handled, past the deadline\n"
"      --due-within D     dispatched or handled, the deadline within D\n"
"                         from now (past ones too): \"4 work_hours\",\n"
"                         \"2 work_days\" (working time), \"3 hours\"\n"
"      --from TIME        reported at or after TIME\n"
"      --to TIME          reported at or before TIME (a date: that\n"
"                         whole day)\n"
"      --sort KEY         reported (default: oldest first), deadline\n"
"                         (soonest first, none last) or id\n"
"      --limit N          at most N cases, the first in that order\n"
CASE_COMMON_HELP
"\n"
"Example: grid-case list --open --sort deadline --due-within \"1 work_days\"\n"
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
	OPT_GRID, OPT_OVERDUE, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_DISTANCE,
	OPT_OPEN, OPT_SORT, OPT_DUE_WITHIN
};

/* The filters that take values: the values of each are "any of". */
enum which {
	W_STATUS, W_LEVEL, W_DEPT, W_SOURCE, W_CATEGORY, W_GRID, W_NWHICH
};

#define VALUES_MAX 1000		/* values of one filter, at most */

struct list {
	struct cli_common c;
	char **values[W_NWHICH];	/* each a copy; W_GRID: prefixes */
	size_t nvalues[W_NWHICH];
	char from[32], to[32], now[32], due[32];
	int has_from, has_to, to_date, open, overdue, has_due;
	double due_value;
	enum grid_limit_unit due_unit;
	const char *sort;
	long limit;
	double distance;
	int has_distance;
};

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

/* One value of a filter: checked, made canonical, kept.  Dies 64. */
static void
add_value(struct list *l, enum which w, const char *option, char *text)
{
	static const char *const vocabs[W_NWHICH] = { "case_status",
		"level", NULL, "case_source", NULL, NULL };
	const char *value = text;
	char **more, *copy;

	while (*value == ' ')
		value++;
	if (*value == '\0')
		cli_usage_error("%s: an empty value", option);
	if (vocabs[w] != NULL)
		value = vocab(vocabs[w], option, value);
	else if (w == W_GRID)
		value = grid_prefix(value);
	if (l->nvalues[w] == VALUES_MAX)
		cli_usage_error("%s: more than %d values", option, VALUES_MAX);
	more = realloc(l->values[w], (l->nvalues[w] + 1) * sizeof(*more));
	if (more == NULL || (copy = strdup(value)) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	l->values[w] = more;
	l->values[w][l->nvalues[w]++] = copy;
}

/* Every value of a comma list. */
static void
add_values(struct list *l, enum which w, const char *option,
    const char *arg)
{
	char *list = strdup(arg), *p, *comma;

	if (list == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (p = list; (comma = strchr(p, ',')) != NULL; p = comma + 1) {
		*comma = '\0';
		add_value(l, w, option, p);
	}
	add_value(l, w, option, p);
	free(list);
}

static void
due_within(struct list *l, const char *arg)
{
	struct grid_error err;

	if (grid_limit_parse(arg, &l->due_value, &l->due_unit, &err) != 0)
		cli_usage_error("--due-within: %s (as \"4 work_hours\", "
		    "\"2 work_days\", \"3 hours\")", err.text);
	l->has_due = 1;
}

static void
sort_option(struct list *l, const char *arg)
{
	if (strcmp(arg, "reported") != 0 && strcmp(arg, "deadline") != 0 &&
	    strcmp(arg, "id") != 0)
		cli_usage_error("--sort: expected reported, deadline or id, "
		    "not '%s'", arg);
	l->sort = arg;
}

static void
list_option(struct list *l, int opt, const char *arg)
{
	static const struct {
		int opt;
		enum which w;
		const char *name;
	} any[] = {
		{ OPT_STATUS, W_STATUS, "--status" },
		{ OPT_LEVEL, W_LEVEL, "--level" },
		{ OPT_DEPT, W_DEPT, "--dept" },
		{ OPT_SOURCE, W_SOURCE, "--source" },
		{ OPT_CATEGORY, W_CATEGORY, "--category" },
		{ OPT_GRID, W_GRID, "--grid" },
	};
	char *end;
	size_t i;

	for (i = 0; i < NCOLUMNS(any); i++)
		if (any[i].opt == opt) {
			add_values(l, any[i].w, any[i].name, arg);
			return;
		}
	switch (opt) {
	case OPT_OPEN: l->open = 1; break;
	case OPT_OVERDUE: l->overdue = 1; break;
	case OPT_DUE_WITHIN: due_within(l, arg); break;
	case OPT_SORT: sort_option(l, arg); break;
	case OPT_FROM:
		time_option("--from", arg, l->from, sizeof(l->from));
		l->has_from = 1;
		break;
	case OPT_TO:
		l->to_date = time_option("--to", arg, l->to, sizeof(l->to));
		l->has_to = 1;
		break;
	case OPT_LIMIT:
		l->limit = cli_number("--limit", arg, 1, 1000000000L);
		break;
	case OPT_DISTANCE:
		l->distance = strtod(arg, &end);
		if (end == arg || *end != '\0' || !(l->distance >= 0) ||
		    !isfinite(l->distance))
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
		{ "open", no_argument, NULL, OPT_OPEN },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "due-within", required_argument, NULL, OPT_DUE_WITHIN },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "sort", required_argument, NULL, OPT_SORT },
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
			cli_bad_option();
		list_option(l, opt, optarg);
	}
	if (similar && optind + 1 != argc)
		cli_usage_error("give one case ID");
	if (!similar && optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	case_rows_check(&l->c);
	return optind;
}

/*
 * The end of --due-within: now plus the duration, on the working
 * calendar of db.  0, or -1 with err.
 */
static int
due_limit(struct list *l, struct grid_db *db, struct grid_error *err)
{
	struct grid_calendar *cal;
	time_t now, until;
	int rc = -1;

	if (!l->has_due)
		return 0;
	if ((cal = grid_calendar_new()) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_now(&now, err) == 0 && grid_calendar_load(cal, db,
	    err) == 0 && grid_calendar_add(cal, now, l->due_value,
	    l->due_unit, &until, err) == 0) {
		grid_time_format(until, l->due, sizeof(l->due));
		rc = 0;
	}
	grid_calendar_free(cal);
	return rc;
}

/* The SQL of list and its parameters, in order. */
struct query {
	struct grid_buf sql;
	const char *params[W_NWHICH * VALUES_MAX * 2 + 8];
	int n;
	int where;
};

static void
cond(struct query *q, const char *sql)
{
	grid_buf_adds(&q->sql, q->where++ == 0 ? " WHERE " : " AND ");
	grid_buf_adds(&q->sql, sql);
}

static void
param(struct query *q, const char *value)
{
	q->params[q->n++] = value;
}

/* column IN (?, ...); the grid prefixes as ranges cases_grid serves. */
static void
any_of(struct query *q, const struct list *l, enum which w)
{
	static const char *const columns[W_NWHICH] = { "status", "level",
		"dept_code", "source", "category_code", NULL };
	size_t i;

	if (l->nvalues[w] == 0)
		return;
	if (w == W_GRID) {
		cond(q, "(");
		for (i = 0; i < l->nvalues[w]; i++) {
			grid_buf_adds(&q->sql, i > 0 ? " OR " : "");
			grid_buf_adds(&q->sql, "(grid_code >= ? AND "
			    "grid_code < ? || ':')");
			param(q, l->values[w][i]);
			param(q, l->values[w][i]);
		}
		grid_buf_adds(&q->sql, ")");
		return;
	}
	cond(q, columns[w]);
	grid_buf_adds(&q->sql, " IN (");
	for (i = 0; i < l->nvalues[w]; i++) {
		grid_buf_adds(&q->sql, i > 0 ? ", ?" : "?");
		param(q, l->values[w][i]);
	}
	grid_buf_adds(&q->sql, ")");
}

/* The statuses in which a deadline runs (the partial index's). */
#define RUNNING "status IN ('dispatched','handled')"

static void
build_list(struct query *q, const struct list *l)
{
	static const char *const order[] = {
		"julianday(reported_at), id",
		"deadline IS NULL, julianday(deadline), "
		"julianday(reported_at), id",
		"id",
	};
	int w;

	grid_buf_adds(&q->sql, "SELECT id, source, category_code, status, "
	    "level, grid_code, dept_code, reported_at, deadline, overdue, "
	    "rework_count, description FROM cases");
	for (w = 0; w < W_NWHICH; w++)
		any_of(q, l, (enum which)w);
	if (l->open)
		cond(q, "status NOT IN ('closed','voided','merged')");
	if (l->overdue) {
		cond(q, RUNNING " AND (overdue = 1 OR julianday(deadline) < "
		    "julianday(?))");
		param(q, l->now);
	}
	if (l->has_due) {
		cond(q, RUNNING " AND julianday(deadline) <= julianday(?)");
		param(q, l->due);
	}
	if (l->has_from) {
		cond(q, "julianday(reported_at) >= julianday(?)");
		param(q, l->from);
	}
	if (l->has_to) {
		cond(q, l->to_date ? "julianday(reported_at) < "
		    "julianday(?, '+1 day')" : "julianday(reported_at) <= "
		    "julianday(?)");
		param(q, l->to);
	}
	grid_buf_addf(&q->sql, " ORDER BY %s", order[l->sort == NULL ? 0 :
	    strcmp(l->sort, "deadline") == 0 ? 1 : strcmp(l->sort, "id") ==
	    0 ? 2 : 0]);
	if (l->limit > 0)
		grid_buf_addf(&q->sql, " LIMIT %ld", l->limit);
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
		if (case_rows_write(rows, row, err) != 0)
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
	struct query *q;
	sqlite3_stmt *st = NULL;
	int i, rc = -1;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	grid_buf_init(&q->sql, 1 << 20);
	if (due_limit(l, db, err) != 0)
		goto out;
	build_list(q, l);
	if (grid_db_prepare(db, q->sql.data, &st, err) != 0)
		goto out;
	for (i = 0; i < q->n; i++)
		sqlite3_bind_text(st, i + 1, q->params[i], -1, SQLITE_STATIC);
	rc = write_rows(db, st, rows, NCOLUMNS(list_columns), err);
out:
	sqlite3_finalize(st);
	grid_buf_release(&q->sql);
	free(q);
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
		if (case_rows_write(rows, row, err) != 0)
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

static void
list_release(struct list *l)
{
	size_t i;
	int w;

	for (w = 0; w < W_NWHICH; w++) {
		for (i = 0; i < l->nvalues[w]; i++)
			free(l->values[w][i]);
		free(l->values[w]);
	}
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
	if ((db = cli_open_db(&l.c, 1, &status)) == NULL) {
		list_release(&l);
		return status;
	}
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
	list_release(&l);
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
