/*
 * merge.c - a city's view in grid-stats: `grid-stats merge FILE...`
 * (the rows of several districts' statistics, as grid-stats wrote them,
 * into one) and -d repeated (each database's rows computed, one open at
 * a time, then merged by the same table).  Rows of the same unit are
 * summed and every share, rate, stage, rank and hotspot derived again
 * from the sums (grid/statmerge.h); lists are concatenated in the order
 * one database holding all of them would list them.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/jobs.h"
#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/reader.h"
#include "grid/statmerge.h"

static const char usage[] =
"usage: grid-stats merge [FILE...] [--top N] [options]\n"
"Merges the rows of one statistic written by grid-stats for several\n"
"districts (ndjson or csv; '-' or none for standard input, .gz read\n"
"too; no rows: nothing written) into\n"
"the rows a database holding all of them gives: population, groups,\n"
"cases, hazards, hazards --inspections, visits, visits --due --by,\n"
"disputes and petitions.  Rows of the same unit are summed and every\n"
"share, rate, ratio, ageing stage, rank and hotspot flag is computed\n"
"again from the summed counts, never averaged.  Every row must have the\n"
"columns of the first file's statistic and the same level, period\n"
"(hazards, disputes, petitions), month (visits) or day (--due);\n"
"population, groups and cases rows do not carry their reference date\n"
"or period: merge files made with the same --at, --from and --to.\n"
"Cases: merge whole tables (no --top) and give --top here.  Lists\n"
"(--list, --uninspected, --recurred, --repeated, --repeat, --sample)\n"
"are not merged: give the databases to the list itself (-d repeated).\n"
"\n"
"      --top N            cases: only the N units with the most cases\n"
"      --map-by COLUMN    html: the column the map is coloured by\n"
"  -f, --format FMT       {formats} (default:\n"
"                         the extension of -o, else table on a\n"
"                         terminal, else ndjson)\n"
"  -o, --output FILE      write to FILE (atomically)\n"
CLI_HELP_WIDE
"  -q, --quiet            no messages but errors\n"
"  -h, --help             this help\n"
"      --version          the version\n"
"\n"
"Example: grid-stats merge 320508.csv 320506.csv.gz -f csv\n"
"\n"
"Exit status: 0; 64 usage; 65 a bad or mixed file (named with its\n"
"line); 66 a file missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error.\n";

/* ---- the rows of several databases ---- */

/* What rows are added to, with the first error. */
struct adding {
	struct grid_stat_table *table;
	size_t table_columns;	/* values a row */
	struct grid_error err;
};

/* A row callback: adds the row to the table; non-zero on an error. */
static int
add_row(void *ctx, const char *const *values)
{
	struct adding *a = ctx;

	return grid_stat_table_add(a->table, values, &a->err) != 0;
}

/*
 * The i-th database of -d (i >= 1): 1 with *db open, 0 when it does not
 * hold the area of --in (it adds nothing), -1 with err (65 when its time
 * zone differs from the first's).
 */
static int
open_nth(struct stats_common *c, int i, struct grid_db **db,
    struct grid_error *err)
{
	struct grid_area area;
	const char *path = c->cli.dbs[i], *zone;

	if (grid_db_open(path, GRID_DB_READONLY, 0, db, err) != 0)
		return -1;
	if (grid_db_notice(*db) != NULL)
		cli_warn("%s", grid_db_notice(*db));
	zone = grid_db_time_zone(*db) != NULL ? grid_db_time_zone(*db) : "";
	if (strcmp(zone, c->zone) != 0) {
		grid_error_set(err, GRID_EDATA, path, 0, "time_zone",
		    "'%s' differs from '%s' of %s: several -d must share "
		    "one time zone", zone, c->zone, c->cli.dbs[0]);
		grid_db_close(*db);
		return -1;
	}
	if (c->in == NULL || grid_area_find(*db, c->in, &area, err) == 0)
		return 1;
	grid_db_close(*db);
	if (err->code != GRID_EDATA)
		return -1;
	grid_error_clear(err);
	return 0;
}

int
stats_each_db(struct stats_common *c, struct grid_db *first,
    int (*each)(void *arg, struct grid_db *db, struct grid_error *err),
    void *arg, struct grid_error *err, int *status)
{
	struct grid_area area;
	struct grid_error why;
	struct grid_db *db;
	int i, rc;

	for (i = 0; i < c->cli.ndbs || i == 0; i++) {
		if (i == 0) {
			db = first;
			if (c->in != NULL && c->cli.ndbs > 1 &&
			    grid_area_find(db, c->in, &area, &why) != 0)
				continue;
		} else if ((rc = open_nth(c, i, &db, err)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		rc = each(arg, db, err);
		if (i > 0)
			grid_db_close(db);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* One database's rows into a table. */
struct union_run {
	stats_run_fn run;
	const void *q;
	struct adding adding;
};

static int
union_each(void *arg, struct grid_db *db, struct grid_error *err)
{
	struct union_run *u = arg;

	if (u->run(db, u->q, add_row, &u->adding, err) == 0)
		return 0;
	if (err->code == 0 && u->adding.err.code != 0)
		*err = u->adding.err;
	return -1;
}

/* What a worker (-j) computes: one database's rows of a statistic. */
struct rows_work {
	stats_run_fn run;
	const void *q;
	size_t n;		/* values a row */
	const char *path;
	int fd;
	struct grid_error err;	/* of sending */
};

/* A row callback in the worker: sends the row. */
static int
send_row(void *ctx, const char *const *values)
{
	struct rows_work *w = ctx;

	return cli_jobs_send_row(w->fd, values, w->n, &w->err) != 0;
}

/*
 * In the worker (cli_jobs_start), after fork: opens the database again
 * (a connection never crosses a fork) and sends its rows, then the end
 * with its error.
 */
static void
rows_work(void *arg, int fd)
{
	struct rows_work *w = arg;
	struct grid_error err;
	struct grid_db *db;

	w->fd = fd;
	grid_error_clear(&w->err);
	grid_error_clear(&err);
	if (grid_db_open(w->path, GRID_DB_READONLY, 0, &db, &err) == 0) {
		if (w->run(db, w->q, send_row, w, &err) != 0 &&
		    err.code == 0)
			err = w->err;
		grid_db_close(db);
	}
	if (w->err.code == 0)	/* else the pipe is broken */
		cli_jobs_send_end(fd, &err);
}

/* A worker's rows (cli_jobs_take), added to the table.  0, or -1. */
static int
rows_take(void *ctx, int fd, struct grid_error *err)
{
	struct union_run *u = ctx;
	int failed;

	if (cli_jobs_receive_rows(fd, u->adding.table_columns, add_row,
	    &u->adding, &failed, err) == 0)
		return 0;
	if (failed)
		*err = u->adding.err;
	return -1;
}

/*
 * The workers of union_jobs, and its first failure in the databases'
 * order (at: its database's index; INT_MAX: none yet), which is the one
 * reading them one after another would meet.
 */
struct union_pool {
	struct stats_common *c;
	struct cli_jobs jobs;
	struct rows_work w;
	int started[CLI_MAX_DBS];	/* the databases, as started */
	int nstarted, ntaken;
	int at;
	struct grid_error failure;
};

static void
union_failed(struct union_pool *p, int at, const struct grid_error *e)
{
	if (at < p->at) {
		p->at = at;
		p->failure = *e;
	}
}

/* Takes the oldest worker: its rows added, or its failure noted. */
static void
union_take(struct union_pool *p)
{
	struct grid_error e;
	int at = p->started[p->ntaken++];

	grid_error_clear(&e);
	if (cli_jobs_take(&p->jobs, &e) != 0)
		union_failed(p, at, &e);
}

/* Starts a worker on database i (i >= 1) when it holds the area of
 * --in; a failure to open it, or to start, noted. */
static void
union_start(struct union_pool *p, int i)
{
	struct grid_error e;
	struct grid_db *db;
	int rc;

	grid_error_clear(&e);
	if ((rc = open_nth(p->c, i, &db, &e)) < 0) {
		union_failed(p, i, &e);
		return;
	}
	if (rc == 0)
		return;
	grid_db_close(db);
	p->w.path = p->c->cli.dbs[i];
	if (cli_jobs_start(&p->jobs, rows_work, &p->w, &e) != 0)
		union_failed(p, i, &e);
	else
		p->started[p->nstarted++] = i;
}

/*
 * stats_each_db for the rows of a statistic, c->jobs processes at once:
 * the first database's computed here (it is open already) while workers
 * compute the next ones', each opening its own, then a worker for each
 * database left; the rows added in the databases' order, and the error
 * the first in that order, as one after another would give.
 */
static int
union_jobs(struct stats_common *c, struct grid_db *first,
    struct union_run *u, struct grid_error *err)
{
	struct union_pool *p = calloc(1, sizeof(*p));
	struct grid_area area;
	struct grid_error e;
	int i, n = c->cli.ndbs, max = cli_jobs_count(c->jobs, n), rc;

	if (p == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	p->c = c;
	p->at = INT_MAX;
	p->w.run = u->run;
	p->w.q = u->q;
	p->w.n = u->adding.table_columns;
	cli_jobs_init(&p->jobs, max, rows_take, u);
	/* while the first is computed here: one worker fewer */
	for (i = 1; i < n && p->jobs.running < max - 1 && p->at == INT_MAX;
	    i++)
		union_start(p, i);
	grid_error_clear(&e);
	if ((c->in == NULL || grid_area_find(first, c->in, &area, &e) == 0) &&
	    union_each(u, first, &e) != 0)
		union_failed(p, 0, &e);
	for (; i < n && p->at > i; i++) {
		if (p->jobs.running == max)
			union_take(p);
		if (p->at > i)
			union_start(p, i);
	}
	/* the workers left, in order (after a failure, for its error
	 * only when it comes before) */
	while (p->jobs.running > 0)
		union_take(p);
	rc = p->at == INT_MAX ? 0 : -1;
	if (rc != 0)
		*err = p->failure;
	free(p);
	return rc;
}

int
stats_rows(struct stats_common *c, struct grid_db *db,
    const struct grid_stat_desc *d, stats_run_fn run, const void *q,
    long top, struct stats_out *o, struct grid_error *err, int *status)
{
	struct union_run u;
	int rc;

	if (c->cli.ndbs <= 1)
		return run(db, q, stats_write_row, o, err);
	memset(&u, 0, sizeof(u));
	u.run = run;
	u.q = q;
	if ((u.adding.table = grid_stat_table_new(d)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	u.adding.table_columns = d->n;
	rc = cli_jobs_count(c->jobs, c->cli.ndbs) > 1 ?
	    union_jobs(c, db, &u, err) :
	    stats_each_db(c, db, union_each, &u, err, status);
	if (rc == 0)
		rc = grid_stat_table_emit(u.adding.table, top,
		    stats_write_row, o, err);
	grid_stat_table_free(u.adding.table);
	return rc;
}

/* ---- lists of several databases ---- */

/* The rows of a list, copied. */
struct list_rows {
	size_t ncolumns;
	char **cells;		/* ncolumns per row */
	size_t n, cap;
	const struct stats_list_order *order;
	size_t norder;
	int failed;
};

static int
keep_list_row(void *ctx, const char *const *values)
{
	struct list_rows *l = ctx;
	char **more;
	size_t i;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;

		if ((more = realloc(l->cells, cap * l->ncolumns *
		    sizeof(*more))) == NULL) {
			l->failed = 1;
			return 1;
		}
		l->cells = more;
		l->cap = cap;
	}
	for (i = 0; i < l->ncolumns; i++) {
		char **cell = &l->cells[l->n * l->ncolumns + i];

		*cell = NULL;
		if (values[i] != NULL && (*cell = strdup(values[i])) == NULL)
			l->failed = 1;
	}
	l->n++;
	return l->failed;
}

/* Compares rows a and b (indices) by the list's order. */
static int
list_cmp(const struct list_rows *l, size_t a, size_t b)
{
	const char *x, *y;
	size_t k;
	int c;

	for (k = 0; k < l->norder; k++) {
		x = l->cells[a * l->ncolumns + l->order[k].column];
		y = l->cells[b * l->ncolumns + l->order[k].column];
		if (x == NULL || y == NULL) {
			c = (x == NULL) - (y == NULL);
			if (!l->order[k].nulls_last)
				c = -c;
		} else if (l->order[k].integer) {
			long long i = strtoll(x, NULL, 10),
			    j = strtoll(y, NULL, 10);

			c = (i > j) - (i < j);
		} else
			c = strcmp(x, y);
		if (c != 0)
			return c;
	}
	return (a > b) - (a < b);	/* stable: the order of -d */
}

/* Sorts idx[0..n) by list_cmp (a merge sort, through tmp). */
static void
sort_list(const struct list_rows *l, size_t *idx, size_t *tmp, size_t n)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	sort_list(l, idx, tmp, half);
	sort_list(l, idx + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = list_cmp(l, idx[j], idx[i]) < 0 ? idx[j++] :
		    idx[i++];
	while (i < half)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

struct list_run {
	stats_run_fn run;
	const void *q;
	struct list_rows rows;
	int (*before)(void *arg, struct grid_db *db, int *status);
	void *before_arg;
	int *status;
};

static int
list_each(void *arg, struct grid_db *db, struct grid_error *err)
{
	struct list_run *u = arg;

	if (u->before != NULL && u->before(u->before_arg, db, u->status) != 0)
		return grid_error_set(err, 0, NULL, 0, NULL, "printed");
	if (u->run(db, u->q, keep_list_row, &u->rows, err) == 0)
		return 0;
	if (u->rows.failed)
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return -1;
}

int
stats_list_rows(struct stats_common *c, struct grid_db *db,
    const struct stats_list_spec *spec, stats_run_fn run, const void *q,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err, int *status)
{
	struct list_run u;
	const char *values[64];
	size_t *idx = NULL, *tmp = NULL, i, j;
	int rc = -1;

	if (c->cli.ndbs <= 1)
		return run(db, q, on_row, ctx, err);
	memset(&u, 0, sizeof(u));
	u.run = run;
	u.q = q;
	u.rows.ncolumns = spec->ncolumns < 64 ? spec->ncolumns : 64;
	u.rows.order = spec->order;
	u.rows.norder = spec->norder;
	u.before = spec->before;
	u.before_arg = spec->before_arg;
	u.status = status;
	if (stats_each_db(c, db, list_each, &u, err, status) != 0)
		goto out;
	idx = calloc(u.rows.n + 1, sizeof(*idx));
	tmp = calloc(u.rows.n + 1, sizeof(*tmp));
	if (idx == NULL || tmp == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	for (i = 0; i < u.rows.n; i++)
		idx[i] = i;
	sort_list(&u.rows, idx, tmp, u.rows.n);
	for (i = 0; i < u.rows.n; i++) {
		for (j = 0; j < u.rows.ncolumns; j++)
			values[j] = u.rows.cells[idx[i] * u.rows.ncolumns + j];
		if (on_row(ctx, values) != 0) {
			grid_error_set(err, 0, NULL, 0, NULL, "stopped");
			goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; i < u.rows.n * u.rows.ncolumns; i++)
		free(u.rows.cells[i]);
	free(u.rows.cells);
	free(idx);
	free(tmp);
	return rc;
}

/* ---- grid-stats merge ---- */

/* The files' rows: the statistic of the first, then a table of it. */
struct merging {
	struct grid_stat_desc desc;
	struct grid_stat_table *table;
	const char *first;		/* the file that set desc */
};

/* 1 when the record's names are the columns of d, in order. */
static int
same_names(const struct grid_stat_desc *d, const struct grid_record *rec)
{
	size_t i;

	if (rec->nfields != d->n)
		return 0;
	for (i = 0; i < d->n; i++)
		if (rec->names[i] == NULL ||
		    strcmp(rec->names[i], d->columns[i].name) != 0)
			return 0;
	return 1;
}

/* Adds one record of path.  0 or -1 with err (not yet located). */
static int
merge_record(struct merging *m, const char *path,
    const struct grid_record *rec, struct grid_error *err)
{
	struct grid_stat_desc d;

	if (rec->nfields == 0)
		return -1;	/* NDJSON that did not parse: err says */
	if (m->table == NULL) {
		if (grid_stat_desc_match(&m->desc, rec->names, rec->nfields,
		    err) != 0)
			return -1;
		if ((m->table = grid_stat_table_new(&m->desc)) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		m->first = path;
	} else if (!same_names(&m->desc, rec)) {
		if (grid_stat_desc_match(&d, rec->names, rec->nfields,
		    err) == 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "rows of %s (%zu columns), not of %s as in %s: "
			    "one statistic only", d.statistic, d.n,
			    m->desc.statistic, m->first);
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not the columns of %s as in %s: one statistic only",
		    m->desc.statistic, m->first);
	}
	return grid_stat_table_add(m->table, rec->values, err);
}

static int
merge_file(struct merging *m, const char *path, struct grid_error *err)
{
	const struct grid_record *rec;
	struct grid_reader *r;
	int rc;

	if ((r = grid_reader_open(path, NULL, err)) == NULL) {
		/* an empty input (a district without rows): nothing */
		if (err->code == GRID_EDATA && err->line == 0 &&
		    strcmp(err->text, _("empty file: no header line")) == 0)
			return 0;
		return -1;
	}
	while ((rc = grid_reader_next(r, &rec, err)) == 1)
		if (merge_record(m, path, rec, err) != 0) {
			grid_error_locate(err, grid_reader_name(r), rec->line,
			    NULL);
			rc = -1;
			break;
		}
	grid_reader_close(r);
	return rc;
}

int
stats_merge(int argc, char **argv)
{
	enum { OPT_TOP = 256 };
	static const struct option opts[] = {
		{ "top", required_argument, NULL, OPT_TOP },
		{ "map-by", required_argument, NULL, STATS_OPT_MAP_BY },
		CLI_WIDE_LONG,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, CLI_OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct stats_common c;
	struct merging m;
	struct grid_error err;
	struct stats_out *o = NULL;
	char title[160];
	long top = 0;
	int opt, i, rc = -1, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	grid_error_clear(&err);
	c.cli.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, opts,
	    NULL)) != -1) {
		if (opt == 'd')
			cli_usage_error("merge reads files, not databases: "
			    "give the databases to the statistic itself (-d "
			    "repeated)");
		if (cli_common_option(&c.cli, opt, optarg, usage))
			continue;
		if (opt == OPT_TOP)
			top = cli_number("--top", optarg, 1, 1000000);
		else if (opt == STATS_OPT_MAP_BY)
			cli_out_map_by(optarg);
		else
			cli_bad_option();
	}
	if (optind == argc && isatty(STDIN_FILENO))
		cli_usage_error("no file to merge (give '-' to read a terminal)");
	for (i = optind; (i < argc || i == optind) && status == 0; i++)
		if (merge_file(&m, i < argc ? argv[i] : "-", &err) != 0) {
			cli_error(&err);
			status = err.code != 0 ? err.code : GRID_EINTERNAL;
		}
	if (status == 0 && m.table != NULL && top > 0 &&
	    strcmp(m.desc.statistic, "cases") != 0)
		cli_usage_error("--top: only cases are ranked, not %s",
		    m.desc.statistic);
	if (status != 0 || m.table == NULL) {	/* no rows: nothing */
		grid_stat_table_free(m.table);
		return status;
	}
	snprintf(title, sizeof(title), "合并统计 Merged statistics · %s · %d "
	    "份 files", m.desc.statistic, argc - optind);
	o = stats_out_open(&c, title, m.desc.columns, NULL, m.desc.n,
	    &status);
	if (o != NULL)
		rc = grid_stat_table_emit(m.table, top, stats_write_row, o,
		    &err);
	grid_stat_table_free(m.table);
	return stats_end(o, NULL, rc, &err, status);
}
