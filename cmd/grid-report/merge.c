/*
 * merge.c - grid-report merge FILE...: the monthly reports of several
 * districts (ndjson or csv, as grid-report monthly writes them; .gz and
 * standard input too) into one (annual reports too: annual.c).  Rows of
 * the same unit are summed and every rate, score and grade is recomputed
 * from the sums, never averaged; then all rows are ranked together.
 * Needs no database: the weights and grade bounds are those of -d's
 * database when one is given (or $GRID_DB), else the defaults.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-report/grid-report.h"
#include "grid/db.h"
#include "grid/metrics_row.h"
#include "grid/reader.h"

static const char usage[] =
"usage: grid-report merge FILE... [options]\n"
"Merges monthly reports of several districts (ndjson or csv as\n"
"grid-report monthly writes them; '-' for standard input, .gz read\n"
"too) into one report: every row must be of the same month and level;\n"
"rows of the same unit (departments, workers, a unit in two files) are\n"
"summed, and every rate, score and grade is recomputed from the summed\n"
"counts and sums, never averaged; then the rows are ranked together.\n"
"A unit that appears once keeps its change against the month before;\n"
"a summed one has none, nor a median.  A sum with nothing to assess\n"
"stays unscored; partial when any of its rows is.  Weights and grade\n"
"bounds: the settings of -d's database when -d or $GRID_DB is given,\n"
"else the defaults.\n"
"\n"
"Annual reports (grid-report annual, same year and level) are merged\n"
"too: their rows ranked together, grades from the bounds; a unit in two\n"
"annual reports (a department) is refused (65): an annual row has no\n"
"counts to sum (merge the monthly reports, or give every database with\n"
"-d to grid-report annual).\n"
"\n"
REPORT_COMMON_HELP
"\n"
"Example: grid-report merge d1.ndjson d2.ndjson.gz -f html -o city.html\n"
"\n"
"Exit status: 0; 64 usage; 65 a bad or mixed report; 66 a file missing;\n"
"69 database missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error.\n";

/*
 * The rows read, then merged.  A row's unit_name points to one of names
 * (the reader's values last only until its next record).
 */
struct merged {
	struct grid_metrics_settings set;
	struct grid_metrics_row *rows;
	size_t n, cap;
	char **names;			/* owned, whole; nnames of them */
	size_t nnames, capnames;
	size_t *order;			/* the rows in report order */
	struct grid_metrics_text text;
	int kind;			/* the first row's: 0 none yet, */
					/* 1 monthly, 2 annual */
	struct annual *annual;		/* annual rows (annual.c) */
};

/* A copy of name, kept in m->names; NULL when out of memory. */
static const char *
keep_name(struct merged *m, const char *name)
{
	char **more;

	if (m->nnames == m->capnames) {
		size_t cap = m->capnames == 0 ? 256 : m->capnames * 2;

		if ((more = realloc(m->names, cap * sizeof(*more))) == NULL)
			return NULL;
		m->names = more;
		m->capnames = cap;
	}
	if ((m->names[m->nnames] = strdup(name)) == NULL)
		return NULL;
	return m->names[m->nnames++];
}

static int
add_row(struct merged *m, const struct grid_metrics_row *row,
    struct grid_error *err)
{
	struct grid_metrics_row *more;
	const char *name;

	if (m->n > 0 && (row->level != m->rows[0].level ||
	    strcmp(row->month, m->rows[0].month) != 0))
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    row->level != m->rows[0].level ? "level" : "month",
		    "%s %s differs from the first report's %s %s",
		    grid_metrics_level_name(row->level), row->month,
		    grid_metrics_level_name(m->rows[0].level),
		    m->rows[0].month);
	if (m->n == m->cap) {
		size_t cap = m->cap == 0 ? 256 : m->cap * 2;

		if ((more = realloc(m->rows, cap * sizeof(*more))) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		m->rows = more;
		m->cap = cap;
	}
	if ((name = keep_name(m, row->unit_name)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	m->rows[m->n] = *row;
	m->rows[m->n++].unit_name = name;
	return 0;
}

/* A record of a report: a monthly row or an annual one.  0 or -1. */
static int
add_record(struct merged *m, const struct grid_record *rec,
    struct grid_error *err)
{
	struct grid_metrics_row row;
	int kind = report_annual_is_annual(rec->names, rec->nfields) ? 2 : 1;

	if (m->kind != 0 && kind != m->kind)
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    kind == 2 ? "year" : "month", "%s row after %s ones: "
		    "merge reports of one kind", kind == 2 ? "an annual" :
		    "a monthly", m->kind == 2 ? "annual" : "monthly");
	m->kind = kind;
	if (kind == 2) {
		if (m->annual == NULL &&
		    (m->annual = report_annual_new(&m->set)) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		return report_annual_add(m->annual, rec->names, rec->values,
		    rec->nfields, err);
	}
	if (grid_metrics_row_parse(rec->names, rec->values, rec->nfields,
	    &m->set, &row, err) != 0)
		return -1;
	return add_row(m, &row, err);
}

static int
read_file(struct merged *m, const char *path, struct grid_error *err)
{
	const struct grid_record *rec;
	struct grid_reader *r;
	int rc;

	if ((r = grid_reader_open(path, NULL, err)) == NULL)
		return -1;
	while ((rc = grid_reader_next(r, &rec, err)) == 1) {
		if (rec->nfields == 0 || add_record(m, rec, err) != 0) {
			grid_error_locate(err, grid_reader_name(r), rec->line,
			    NULL);
			rc = -1;
			break;
		}
	}
	grid_reader_close(r);
	return rc;
}

static int
by_unit(const void *a, const void *b)
{
	return strcmp(((const struct grid_metrics_row *)a)->unit,
	    ((const struct grid_metrics_row *)b)->unit);
}

/* Sums the rows of each unit (sorted by unit, stable), in place. */
static int
merge_units(struct merged *m, struct grid_error *err)
{
	size_t i = 0, j, out = 0;
	struct grid_metrics_row sum;

	qsort(m->rows, m->n, sizeof(*m->rows), by_unit);
	while (i < m->n) {
		for (j = i + 1; j < m->n && strcmp(m->rows[j].unit,
		    m->rows[i].unit) == 0; j++)
			;
		if (grid_metrics_merge(&m->rows[i], j - i, &m->set, &sum,
		    err) != 0)
			return -1;
		if (j - i == 1)
			sum.score_change = m->rows[i].score_change;
		m->rows[out++] = sum;
		i = j;
	}
	m->n = out;
	grid_metrics_rank(m->rows, m->n);
	if ((m->order = calloc(m->n + 1, sizeof(*m->order))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	grid_metrics_order(m->rows, m->n, m->order);
	return 0;
}

static void
merged_row(void *ctx, size_t i, const char **values)
{
	struct merged *m = ctx;

	grid_metrics_row_text(&m->rows[m->order[i]], &m->set, &m->text);
	memcpy(values, m->text.values, sizeof(m->text.values));
}

static int
merged_page(void *ctx, struct grid_html *h, struct grid_error *err)
{
	struct merged *m = ctx;

	return report_ranking(m->rows, m->n, &m->set, h, err);
}

static int
print(const struct cli_common *c, int wide, struct merged *m, int nfiles,
    struct grid_error *err)
{
	int index[GRID_METRICS_NCOLUMN];
	struct grid_column columns[GRID_METRICS_NCOLUMN];
	const char *labels[GRID_METRICS_NCOLUMN];
	struct report_rows rows;
	struct report_notes notes;
	struct report_facts facts;
	char title[160];
	size_t i;
	int partial = 0;

	for (i = 0; i < m->n; i++)
		partial |= m->rows[i].partial;
	memset(&notes, 0, sizeof(notes));
	memset(&facts, 0, sizeof(facts));
	if (m->n > 0) {
		report_month_notes(&notes, m->rows, m->n, m->rows[0].level,
		    m->rows[0].month, partial, NULL);
		report_facts(&facts, m->rows[0].level, m->rows[0].month,
		    partial ? "本月进行中 (partial)" : NULL, &m->set);
	}
	snprintf(title, sizeof(title), "合并考核 Merged assessment %s · %s %s"
	    " · %d 份报告 reports", m->n > 0 ? m->rows[0].month : "",
	    m->n > 0 ? grid_metrics_level_label(m->rows[0].level) : "",
	    m->n > 0 ? grid_metrics_level_name(m->rows[0].level) : "",
	    nfiles);
	grid_metrics_columns(columns, labels);
	rows = (struct report_rows){
		.columns = columns,
		.labels = labels,
		.ncolumns = GRID_METRICS_NCOLUMN,
		.compact = index,
		.ncompact = report_main_columns(m->n > 0 ? m->rows[0].level :
		    GRID_BY_COMMUNITY, index),
		.nrows = m->n,
		.row = merged_row,
		.page = merged_page,
		.ctx = m,
		.title = title,
		.notes = notes.list,
		.nnotes = notes.n,
		.facts = facts.list,
		.nfacts = facts.n,
	};
	return report_print(c, wide, &rows, err);
}

/* The settings: -d's database (or $GRID_DB) when given, else defaults. */
static int
load_settings(const struct cli_common *c, struct merged *m, int *status)
{
	struct grid_error err;
	struct grid_db *db = NULL;
	int rc;

	if ((c->db != NULL || getenv("GRID_DB") != NULL) &&
	    (db = cli_open_db(c, 1, status)) == NULL)
		return -1;
	if ((rc = grid_metrics_settings_load(db, &m->set, &err)) != 0) {
		cli_error(&err);
		*status = err.code;
	}
	grid_db_close(db);
	return rc;
}

int
report_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_WIDE_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct merged m;
	struct cli_common c;
	struct grid_error err;
	size_t k;
	int opt, i, status = 0;

	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	c.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (!cli_common_option(&c, opt, optarg, usage))
			cli_bad_option();
	}
	if (optind == argc)
		cli_usage_error("no report to merge");
	report_format(&c);
	if (load_settings(&c, &m, &status) != 0)
		return status;
	for (i = optind; i < argc && status == 0; i++)
		if (read_file(&m, argv[i], &err) != 0) {
			cli_error(&err);
			status = err.code != 0 ? err.code : GRID_EINTERNAL;
		}
	if (status == 0 && m.kind == 2 && report_annual_print_merged(&c,
	    c.wide, m.annual, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	} else if (status == 0 && m.kind != 2 && (merge_units(&m,
	    &err) != 0 || print(&c, c.wide, &m, argc - optind, &err) != 0)) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	for (k = 0; k < m.nnames; k++)
		free(m.names[k]);
	free(m.names);
	free(m.rows);
	free(m.order);
	report_annual_free(m.annual);
	return status;
}
