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
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/calendar.h"
#include "grid/case_query.h"
#include "grid/db.h"
#include "grid/text.h"
#include "grid/vocab.h"

static const char list_usage[] =
"usage: grid-case list [filters] [options]\n"
"Cases, oldest report first: id, source, category_code, status, level,\n"
"grid_code, dept_code, reported_at, deadline, overdue, rework_count,\n"
"description, reply_due (when the requester's answer is due).  A filter\n"
"given again, or a comma list, is any of its values (--status\n"
"dispatched,handled); different filters all apply.\n"
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
"      --unacked          dispatched and not signed for (ack) since\n"
"                         the last dispatch\n"
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
CASE_COMMON_HELP_MANY
"\n"
"With several -d, the cases of each database in the order of --sort,\n"
"merged into that one order (a tie: the earlier -d first), --limit over\n"
"them all.\n"
"\n"
"Example: grid-case list --open --sort deadline --due-within \"1 work_days\"\n"
"         grid-case list --overdue -d gusu.db -d huqiu.db -f csv\n"
"\n"
"Exit status: 0; 64 usage; 69 database missing; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 database busy.\n";

static const char similar_usage[] =
"usage: grid-case similar ID [--distance D] [--limit N] [options]\n"
"Closed cases of the same category as case ID, in its grid or within\n"
"D metres of its point, newest first, with the notes of their\n"
"handling: id, closed_at, grid_code, distance (metres), description,\n"
"rating, handling.  Points within +-180 and +-90 are longitude and\n"
"latitude in degrees (great-circle distance); others are projected\n"
"coordinates in metres.\n"
"\n"
"      --distance M       also cases within M metres of the case's point\n"
"      --limit N          at most N cases (default 10)\n"
CASE_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

/* The fields of a case that list prints, in order. */
static const enum grid_case_field list_fields[] = {
	GRID_CASE_ID, GRID_CASE_SOURCE, GRID_CASE_CATEGORY_CODE,
	GRID_CASE_STATUS, GRID_CASE_LEVEL, GRID_CASE_GRID_CODE,
	GRID_CASE_DEPT_CODE, GRID_CASE_REPORTED_AT, GRID_CASE_DEADLINE,
	GRID_CASE_OVERDUE, GRID_CASE_REWORK_COUNT, GRID_CASE_DESCRIPTION,
	GRID_CASE_REPLY_DUE,
};
/* -f geojson: the point too, after them. */
#define LIST_GEO_FIELDS 2

static const struct grid_column similar_columns[] = {
	{ "id", GRID_COL_TEXT }, { "closed_at", GRID_COL_TEXT },
	{ "grid_code", GRID_COL_TEXT }, { "distance", GRID_COL_REAL },
	{ "description", GRID_COL_TEXT }, { "rating", GRID_COL_TEXT },
	{ "handling", GRID_COL_TEXT },
};

enum {
	OPT_STATUS = 256, OPT_LEVEL, OPT_DEPT, OPT_SOURCE, OPT_CATEGORY,
	OPT_GRID, OPT_OVERDUE, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_DISTANCE,
	OPT_OPEN, OPT_SORT, OPT_DUE_WITHIN, OPT_UNACKED
};

struct list {
	struct cli_common c;
	struct grid_case_filter filter;	/* any[]: the copies below */
	char **values[GRID_CASE_NKEYS];	/* each a copy; grid: prefixes */
	double distance;		/* similar: < 0 when not given */
	struct grid_column columns[NCOLUMNS(list_fields) + LIST_GEO_FIELDS];
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

const char *
case_time_option(const char *option, const char *text)
{
	struct grid_error err;
	char parsed[32];

	if (grid_time_parse(text, parsed, sizeof(parsed), &err) != 0)
		cli_usage_error("%s: %s", option, err.text);
	return text;
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
add_value(struct list *l, enum grid_case_key k, const char *option,
    char *text)
{
	static const char *const vocabs[GRID_CASE_NKEYS] = { "case_status",
		"level", NULL, "case_source", NULL, NULL };
	struct grid_case_values *any = &l->filter.any[k];
	const char *value = text;
	char **more, *copy;

	while (*value == ' ')
		value++;
	if (*value == '\0')
		cli_usage_error("%s: an empty value", option);
	if (vocabs[k] != NULL)
		value = vocab(vocabs[k], option, value);
	else if (k == GRID_CASE_BY_GRID)
		value = grid_prefix(value);
	if (any->n == GRID_CASE_FILTER_MAX)
		cli_usage_error("%s: more than %d values", option,
		    GRID_CASE_FILTER_MAX);
	more = realloc(l->values[k], (any->n + 1) * sizeof(*more));
	if (more == NULL || (copy = strdup(value)) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	l->values[k] = more;
	l->values[k][any->n++] = copy;
	any->values = (const char *const *)more;
}

/* Every value of a comma list. */
static void
add_values(struct list *l, enum grid_case_key k, const char *option,
    const char *arg)
{
	char *list = strdup(arg), *p, *comma;

	if (list == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (p = list; (comma = strchr(p, ',')) != NULL; p = comma + 1) {
		*comma = '\0';
		add_value(l, k, option, p);
	}
	add_value(l, k, option, p);
	free(list);
}

static const char *
due_within(const char *arg)
{
	struct grid_error err;
	enum grid_limit_unit unit;
	double value;

	if (grid_limit_parse(arg, &value, &unit, &err) != 0)
		cli_usage_error("--due-within: %s (as \"4 work_hours\", "
		    "\"2 work_days\", \"3 hours\")", err.text);
	return arg;
}

static enum grid_case_sort
sort_option(const char *arg)
{
	int sort = grid_case_sort_parse(arg);

	if (sort < 0)
		cli_usage_error("--sort: expected reported, deadline or id, "
		    "not '%s'", arg);
	return (enum grid_case_sort)sort;
}

static void
list_option(struct list *l, int opt, const char *arg)
{
	static const struct {
		int opt;
		enum grid_case_key k;
		const char *name;
	} any[] = {
		{ OPT_STATUS, GRID_CASE_BY_STATUS, "--status" },
		{ OPT_LEVEL, GRID_CASE_BY_LEVEL, "--level" },
		{ OPT_DEPT, GRID_CASE_BY_DEPT, "--dept" },
		{ OPT_SOURCE, GRID_CASE_BY_SOURCE, "--source" },
		{ OPT_CATEGORY, GRID_CASE_BY_CATEGORY, "--category" },
		{ OPT_GRID, GRID_CASE_BY_GRID, "--grid" },
	};
	struct grid_case_filter *f = &l->filter;
	char *end;
	size_t i;

	for (i = 0; i < NCOLUMNS(any); i++)
		if (any[i].opt == opt) {
			add_values(l, any[i].k, any[i].name, arg);
			return;
		}
	switch (opt) {
	case OPT_OPEN: f->open = 1; break;
	case OPT_UNACKED: f->unacked = 1; break;
	case OPT_OVERDUE: f->overdue = 1; break;
	case OPT_DUE_WITHIN: f->due_within = due_within(arg); break;
	case OPT_SORT: f->sort = sort_option(arg); break;
	case OPT_FROM: f->from = case_time_option("--from", arg); break;
	case OPT_TO: f->to = case_time_option("--to", arg); break;
	case OPT_LIMIT:
		f->limit = cli_number("--limit", arg, 1, 1000000000L);
		break;
	case OPT_DISTANCE:
		l->distance = strtod(arg, &end);
		if (end == arg || *end != '\0' || !(l->distance >= 0) ||
		    !isfinite(l->distance))
			cli_usage_error("--distance: expected a number, not "
			    "'%s'", arg);
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
		{ "unacked", no_argument, NULL, OPT_UNACKED },
		{ "overdue", no_argument, NULL, OPT_OVERDUE },
		{ "due-within", required_argument, NULL, OPT_DUE_WITHIN },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_COMMON_LONG,
		CLI_WIDE_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const struct option similar_opts[] = {
		{ "distance", required_argument, NULL, OPT_DISTANCE },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_error err;
	int opt;

	if (grid_now(&l->filter.now, &err) != 0)
		cli_usage_error("%s", err.text);
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT,
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

/* A case as list prints it. */
static int
write_case(void *ctx, const struct grid_case_row *r)
{
	struct case_sink *s = ctx;
	const char *row[NCOLUMNS(list_fields) + LIST_GEO_FIELDS];
	size_t i, n = NCOLUMNS(list_fields);

	for (i = 0; i < n; i++)
		row[i] = r->field[list_fields[i]];
	row[n] = r->field[GRID_CASE_X];
	row[n + 1] = r->field[GRID_CASE_Y];
	return case_rows_write(s->rows, row, &s->err);
}

/* A case as similar prints it. */
static int
write_similar(void *ctx, const struct grid_case_similar_row *r)
{
	struct case_sink *s = ctx;
	char distance[64];
	const char *row[NCOLUMNS(similar_columns)] = { r->id, r->closed_at,
		r->grid_code, r->has_distance ? distance : NULL,
		r->description, r->rating, r->handling };

	snprintf(distance, sizeof(distance), "%.6g", r->distance);
	return case_rows_write(s->rows, row, &s->err);
}

static void
list_release(struct list *l)
{
	size_t i;
	int k;

	for (k = 0; k < GRID_CASE_NKEYS; k++) {
		for (i = 0; i < l->filter.any[k].n; i++)
			free(l->values[k][i]);
		free(l->values[k]);
	}
}

/* Runs list or similar into s's rows.  0, or -1 with err. */
static int
run_query(struct list *l, struct grid_db *db, const char *id,
    struct case_sink *s, struct grid_error *err)
{
	size_t i, n = NCOLUMNS(list_fields);

	for (i = 0; i < n; i++)
		l->columns[i] = grid_case_columns()[list_fields[i]];
	/* geojson: x and y, the place of each feature */
	l->columns[n] = grid_case_columns()[GRID_CASE_X];
	l->columns[n + 1] = grid_case_columns()[GRID_CASE_Y];
	if ((l->c.format == NULL || strcmp(l->c.format, "id") != 0) &&
	    cli_format_asked(&l->c) == GRID_FORMAT_GEOJSON)
		n += LIST_GEO_FIELDS;
	if (case_rows_open(s->rows, &l->c, id != NULL ? similar_columns :
	    l->columns, id != NULL ? NCOLUMNS(similar_columns) : n,
	    err) != 0)
		return -1;
	if (id != NULL)
		return grid_case_similar(db, id, l->distance,
		    l->filter.limit, write_similar, s, err);
	return grid_case_list(db, &l->filter, write_case, s, err);
}

/* ---- a city's list: several databases, -d repeated ---- */

/* The columns list holds for each case: list_fields, then x and y. */
#define LIST_HELD (NCOLUMNS(list_fields) + LIST_GEO_FIELDS)
#define LIST_ID 0
#define LIST_REPORTED_AT 7
#define LIST_DEADLINE 8
_Static_assert(LIST_HELD <= 16, "case_held_print's columns");

/*
 * One database's cases, in the order of --sort, held in a spool, then
 * read back a case at a time for the merge.
 */
struct stream {
	struct case_held held;
	long left;			/* cases not read back yet */
	char *buf[LIST_HELD];
	size_t cap[LIST_HELD];
	char *row[LIST_HELD];		/* the case read back last */
	int has;			/* row is a case */
	time_t reported, deadline;
	int has_reported, has_deadline;
	struct grid_error err;		/* of a hold that failed */
};

/* A case as list holds it. */
static int
hold_case(void *ctx, const struct grid_case_row *r)
{
	struct stream *st = ctx;
	const char *row[LIST_HELD];
	size_t i, n = NCOLUMNS(list_fields);

	for (i = 0; i < n; i++)
		row[i] = r->field[list_fields[i]];
	row[n] = r->field[GRID_CASE_X];
	row[n + 1] = r->field[GRID_CASE_Y];
	return case_held_row(&st->held, row, &st->err);
}

/* The time of text (a NULL, or one that does not read: none). */
static int
time_key(const char *text, time_t *t)
{
	return text != NULL && grid_time_to_epoch(text, t) == 0;
}

/* Reads the next case of st back (st->has 0 at its end).  0 or -1. */
static int
stream_next(struct stream *st, struct grid_error *err)
{
	size_t i;

	st->has = 0;
	if (st->left == 0)
		return 0;
	for (i = 0; i < LIST_HELD; i++)
		if (case_spool_get_text(st->held.fp, &st->buf[i], &st->cap[i],
		    1u << 20, &st->row[i], err) != 0)
			return -1;
	st->left--;
	st->has = 1;
	st->has_reported = time_key(st->row[LIST_REPORTED_AT],
	    &st->reported);
	st->has_deadline = time_key(st->row[LIST_DEADLINE], &st->deadline);
	return 0;
}

/* Two times as SQLite orders them: none first, then by instant. */
static int
time_cmp(int has_a, time_t a, int has_b, time_t b)
{
	if (has_a != has_b)
		return has_a - has_b;
	return has_a ? (a > b) - (a < b) : 0;
}

/* The order of grid_case_list's sorts (case_query.c), for a and b. */
static int
case_cmp(const struct stream *a, const struct stream *b,
    enum grid_case_sort sort)
{
	int d = 0;

	if (sort == GRID_CASE_SORT_DEADLINE) {
		/* deadline IS NULL, julianday(deadline) */
		if (a->has_deadline != b->has_deadline)
			return b->has_deadline - a->has_deadline;
		d = time_cmp(a->has_deadline, a->deadline, b->has_deadline,
		    b->deadline);
	}
	if (d == 0 && sort != GRID_CASE_SORT_ID)
		d = time_cmp(a->has_reported, a->reported, b->has_reported,
		    b->reported);
	if (d == 0)
		d = strcmp(a->row[LIST_ID] != NULL ? a->row[LIST_ID] : "",
		    b->row[LIST_ID] != NULL ? b->row[LIST_ID] : "");
	return d;
}

/*
 * Every database's cases, a database open at a time, into its spool.
 * 0, or the exit status with the error printed.
 */
static int
hold_all(struct list *l, struct stream *st, int n)
{
	struct cli_common one = l->c;
	struct grid_error err;
	struct grid_db *db;
	int i, status = 0;

	for (i = 0; i < n && status == 0; i++) {
		one.db = l->c.dbs[i];
		if ((db = cli_open_db(&one, 1, &status)) == NULL)
			break;
		if (case_held_init(&st[i].held, LIST_HELD, &err) != 0 ||
		    grid_case_list(db, &l->filter, hold_case, &st[i],
		    &err) != 0) {
			if (err.code == 0 && st[i].err.code != 0)
				err = st[i].err;
			cli_error(&err);
			status = err.code != 0 ? err.code : GRID_EINTERNAL;
		}
		grid_db_close(db);
		st[i].left = st[i].held.n;
		errno = 0;
		if (status == 0 && fflush(st[i].held.fp) != 0) {
			cli_warn("a temporary file: %s", strerror(errno));
			status = GRID_EIO;
		}
		if (status == 0)
			rewind(st[i].held.fp);
	}
	return status;
}

/*
 * The merge of the held streams into rows: always the first case in
 * the order of --sort (a tie: the earlier -d), --limit over them all.
 */
static int
merge_streams(struct list *l, struct stream *st, int n, struct case_rows *rows,
    struct grid_error *err)
{
	long written = 0;
	int i, best;

	for (i = 0; i < n; i++)
		if (stream_next(&st[i], err) != 0)
			return -1;
	while (l->filter.limit <= 0 || written < l->filter.limit) {
		for (i = 0, best = -1; i < n; i++)
			if (st[i].has && (best < 0 || case_cmp(&st[i],
			    &st[best], l->filter.sort) < 0))
				best = i;
		if (best < 0)
			break;
		if (case_rows_write(rows, (const char *const *)st[best].row,
		    err) != 0 || stream_next(&st[best], err) != 0)
			return -1;
		written++;
	}
	return 0;
}

/* list with several -d: their cases merged as one database's. */
static int
run_many(struct list *l)
{
	struct case_rows rows;
	struct case_sink sink;
	struct grid_error err;
	struct stream *st;
	int i, n = l->c.ndbs, status;
	size_t k, ncol = NCOLUMNS(list_fields);

	if ((st = calloc((size_t)n, sizeof(*st))) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (k = 0; k < ncol; k++)
		l->columns[k] = grid_case_columns()[list_fields[k]];
	l->columns[ncol] = grid_case_columns()[GRID_CASE_X];
	l->columns[ncol + 1] = grid_case_columns()[GRID_CASE_Y];
	if ((l->c.format == NULL || strcmp(l->c.format, "id") != 0) &&
	    cli_format_asked(&l->c) == GRID_FORMAT_GEOJSON)
		ncol += LIST_GEO_FIELDS;
	/* everything read before anything is printed */
	if ((status = hold_all(l, st, n)) == 0) {
		case_sink_init(&sink, &rows, &l->c);
		if (case_rows_open(&rows, &l->c, l->columns, ncol,
		    &err) != 0 || merge_streams(l, st, n, &rows, &err) != 0)
			status = case_sink_fail(&sink, &err);
		if (case_rows_close(&rows, status == 0, &err) != 0 &&
		    status == 0) {
			cli_error(&err);
			status = err.code;
		}
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < LIST_HELD; k++)
			free(st[i].buf[k]);
		case_held_release(&st[i].held);
	}
	free(st);
	list_release(l);
	return status;
}

static int
run(int argc, char **argv, int similar)
{
	struct list l;
	struct case_rows rows;
	struct case_sink sink;
	struct grid_error err;
	struct grid_db *db;
	int first, status = 0;

	memset(&l, 0, sizeof(l));
	/* list's rows have the case's point: -f geojson */
	l.c.writes = CLI_WRITES_ROWS | (similar ? 0 : CLI_WRITES_PLACES |
	    CLI_READS_MANY);
	l.distance = -1;
	first = parse(&l, argc, argv, similar ? similar_usage : list_usage,
	    similar);
	if (l.c.ndbs > 1)
		return run_many(&l);
	if ((db = cli_open_db(&l.c, 1, &status)) == NULL) {
		list_release(&l);
		return status;
	}
	case_sink_init(&sink, &rows, &l.c);
	if (run_query(&l, db, similar ? argv[first] : NULL, &sink,
	    &err) != 0)
		status = case_sink_fail(&sink, &err);
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
