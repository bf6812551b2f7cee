/*
 * quality.c - grid-stats quality: the data quality checks of
 * grid/quality.h as counts (one row per check, or per check and unit with
 * --by), or with --list the rows each check found, ID numbers masked
 * unless --reveal.  An html page adds a bar chart of the counts.
 *
 * Several -d (a city's districts): the counts summed per check (and
 * unit), the lists each database's findings in -d order with a first
 * column db (the database's path), and one finding no district can see
 * alone: dup_id_districts, a person (the same ID number, made canonical)
 * in the people of two databases or more: every such row, after the
 * databases' own findings (grid_quality_ids gathers every database's
 * people in a temporary file: memory flat in the number of people).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid-stats/outreach.h"
#include "grid/db.h"
#include "grid/quality.h"
#include "grid/text.h"

static const char usage[] =
"usage: grid-stats quality [--by LEVEL] [--check KEY] [--list]\n"
"           [--in CODE] [options]\n"
"Data quality: one row per check (check, label, table, count), zeros\n"
"included; with --by, per check and unit (level, unit, unit_name, check,\n"
"label, count), units with rows only; with --list, the rows found\n"
"(check, table, key, grid_code, value), ID numbers masked.  With --in,\n"
"only the rows whose grid lies in the area.\n"
"Checks: person_no_grid, person_no_house, house_no_grid, house_no_xy,\n"
"ref_<table>_<column> (references to missing rows), bad_id_number,\n"
"bad_uscc, dup_id_number, two_households, grid_no_worker, stale_person;\n"
"with several -d, counts summed, lists with a first column db (the\n"
"database), and dup_id_districts: the same ID number in the people of\n"
"two databases or more (every such row).\n"
"\n"
"      --by LEVEL         counts per grid, community, street or district\n"
"      --check KEY        only this check (dup_id_districts: several -d)\n"
"      --list             the rows found instead of counts\n"
"      --reveal           ID numbers unmasked in --list; recorded in\n"
"                         DB.reveal.log of each database\n"
STATS_COMMON_HELP
"\n"
"Exit status: 0; 64 usage; 65 --in names no area of the database, or\n"
"the time zones of several -d differ; 69 database missing; 70 internal\n"
"error; 73 cannot create output or record a --reveal; 74 I/O error;\n"
"75 database busy.\n";

enum { OPT_BY = 256, OPT_CHECK, OPT_LIST };

static const struct grid_column total_columns[] = {
	{ "check", GRID_COL_TEXT }, { "label", GRID_COL_TEXT },
	{ "table", GRID_COL_TEXT }, { "count", GRID_COL_INT },
};
static const char *const total_labels[] = { "检查项", "说明", "表", "数量" };
_Static_assert(STATS_LEN(total_labels) == STATS_LEN(total_columns),
    "a label for each column");

static const struct grid_column unit_columns[] = {
	{ "level", GRID_COL_TEXT }, { "unit", GRID_COL_TEXT },
	{ "unit_name", GRID_COL_TEXT }, { "check", GRID_COL_TEXT },
	{ "label", GRID_COL_TEXT }, { "count", GRID_COL_INT },
};
static const char *const unit_labels[] = {
	STATS_UNIT_LABELS, "检查项", "说明", "数量"
};
_Static_assert(STATS_LEN(unit_labels) == STATS_LEN(unit_columns),
    "a label for each column");

/* The order a narrow table keeps the columns of counts in (cli.h). */
static const char *const count_main[] = {
	"unit_name", "label", "count", "check", "unit", "table", "level",
	NULL
};

static const struct grid_column list_columns[] = {
	{ "check", GRID_COL_TEXT }, { "table", GRID_COL_TEXT },
	{ "key", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "value", GRID_COL_TEXT },
};
static const char *const list_labels[] = {
	"检查项", "表", "记录", "网格编码", "问题值"
};
_Static_assert(STATS_LEN(list_labels) == STATS_LEN(list_columns),
    "a label for each column");

/* With several -d: the list's columns, db first. */
static const struct grid_column many_columns[] = {
	{ "db", GRID_COL_TEXT }, { "check", GRID_COL_TEXT },
	{ "table", GRID_COL_TEXT }, { "key", GRID_COL_TEXT },
	{ "grid_code", GRID_COL_TEXT }, { "value", GRID_COL_TEXT },
};
static const char *const many_labels[] = {
	"数据库", "检查项", "表", "记录", "网格编码", "问题值"
};
_Static_assert(STATS_LEN(many_labels) == STATS_LEN(many_columns),
    "a label for each column");

/* A count of several -d: a check's rows in a unit, summed. */
struct unit_count {
	size_t check;		/* its index; grid_quality_count(): across */
	char *unit, *unit_name;	/* NULL when none */
	long long count;
};

struct quality {
	struct stats_common common;
	struct grid_quality_query query;
	int list;
	int many;		/* several -d */
	int across;		/* dup_id_districts asked for */
	struct stats_out *out;
	const char *db;		/* the database being read (several) */
	long long *totals;	/* several, no level: one per check */
	struct unit_count *units;	/* several, a level */
	size_t nunits, capunits;
	int failed;		/* out of memory */
	struct stats_reveal reveal;	/* --list --reveal in each */
	struct grid_quality_ids *ids;	/* dup_id_districts: the people */
	int *status;
};
static void
parse(struct quality *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "check", required_argument, NULL, OPT_CHECK },
		{ "list", no_argument, NULL, OPT_LIST },
		STATS_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct grid_quality_query *query = &q->query;
	int opt;

	while ((opt = stats_option(argc, argv, opts, &q->common, usage)) !=
	    -1) {
		if (opt == OPT_BY)
			query->level = stats_level_option(optarg);
		else if (opt == OPT_CHECK)
			query->check = optarg;
		else if (opt == OPT_LIST)
			q->list = 1;
	}
	if (q->list && query->level != GRID_LEVEL_NONE)
		cli_usage_error("--list lists rows: it takes no --by");
	if (query->check != NULL &&
	    strcmp(query->check, grid_quality_across()->key) == 0) {
		if (q->common.cli.ndbs < 2)
			cli_usage_error("--check %s: a finding across "
			    "databases: give several -d", query->check);
		q->across = 1;
	} else if (query->check != NULL &&
	    grid_quality_find(query->check) == NULL)
		cli_usage_error("--check: no such check '%s'",
		    query->check);
	else if (query->check == NULL && q->common.cli.ndbs > 1)
		q->across = 1;
	q->many = q->common.cli.ndbs > 1;
	if (query->level != GRID_LEVEL_NONE)
		query->level = stats_rows_level(&q->common, query->level,
		    GRID_LEVEL_NONE);
	query->area = q->common.in;
}

/* The index of check c among the checks. */
static size_t
check_index(const struct grid_quality_check *c)
{
	size_t i;

	for (i = 0; i < grid_quality_count(); i++)
		if (grid_quality_at(i) == c)
			break;
	return i;
}

/* Writes one count (level NULL: a check's total). */
static int
put_count(struct quality *q, const struct grid_quality_check *check,
    const char *level, const char *unit, const char *unit_name,
    long long n)
{
	const char *values[6];
	char count[32];

	snprintf(count, sizeof(count), "%lld", n);
	if (level == NULL) {
		values[0] = check->key;
		values[1] = check->label;
		values[2] = check->table;
		values[3] = count;
	} else {
		values[0] = level;
		values[1] = unit;
		values[2] = unit_name;
		values[3] = check->key;
		values[4] = check->label;
		values[5] = count;
	}
	return stats_out_row(q->out, values) != 0;
}

static char *
dup_or_null(struct quality *q, const char *text)
{
	char *copy;

	if (text == NULL)
		return NULL;
	if ((copy = strdup(text)) == NULL)
		q->failed = 1;
	return copy;
}

/* Keeps a count of a unit (several -d, a level). */
static int
keep_unit(struct quality *q, size_t check, const char *unit,
    const char *unit_name, long long n)
{
	struct unit_count *u;

	if (q->nunits == q->capunits) {
		size_t cap = q->capunits ? 2 * q->capunits : 64;

		if ((u = realloc(q->units, cap * sizeof(*u))) == NULL) {
			q->failed = 1;
			return 1;
		}
		q->units = u;
		q->capunits = cap;
	}
	u = &q->units[q->nunits++];
	u->check = check;
	u->unit = dup_or_null(q, unit);
	u->unit_name = dup_or_null(q, unit_name);
	u->count = n;
	return q->failed;
}

static int
write_count(void *ctx, const struct grid_quality_count *c)
{
	struct quality *q = ctx;

	if (!q->many)
		return put_count(q, c->check, c->level, c->unit,
		    c->unit_name, c->count);
	if (c->level == NULL) {
		q->totals[check_index(c->check)] += c->count;
		return 0;
	}
	return keep_unit(q, check_index(c->check), c->unit, c->unit_name,
	    c->count);
}

/* Writes one row of a list; db NULL with one database. */
static int
put_item(struct quality *q, const struct grid_quality_check *check,
    const char *k, const char *grid_code, const char *v)
{
	const char *values[6], **row = q->many ? values + 1 : values;
	char key[128], value[128];
	int reveal = q->common.cli.reveal;

	values[0] = q->db;
	row[0] = check->key;
	row[1] = check->table;
	row[2] = check->key_personal && !reveal && k != NULL ?
	    grid_mask_idno(k, key, sizeof(key)) : k;
	row[3] = grid_code;
	row[4] = check->value_personal && !reveal && v != NULL ?
	    grid_mask_idno(v, value, sizeof(value)) : v;
	return stats_out_row(q->out, values) != 0;
}

static int
write_item(void *ctx, const struct grid_quality_item *item)
{
	return put_item(ctx, item->check, item->key, item->grid_code,
	    item->value);
}

/* Opens the output of the mode q asks for; NULL with *status. */
static struct stats_out *
open_out(struct quality *q, int *status)
{
	struct stats_out *o;

	cli_table_main(q->list ? NULL : count_main);
	if (q->list && q->many)
		return stats_out_open(&q->common, "数据质量问题清单",
		    many_columns, many_labels, STATS_LEN(many_columns),
		    status);
	if (q->list)
		return stats_out_open(&q->common, "数据质量问题清单",
		    list_columns, list_labels, STATS_LEN(list_columns), status);
	if (q->query.level != GRID_LEVEL_NONE)
		return stats_out_open(&q->common, "数据质量", unit_columns,
		    unit_labels, STATS_LEN(unit_columns), status);
	o = stats_out_open(&q->common, "数据质量", total_columns,
	    total_labels, STATS_LEN(total_columns), status);
	if (o != NULL && stats_out_bars(o, "各项问题数", 0, 1, 3, "") != 0)
		*status = stats_out_close(o, 0);
	return *status == 0 ? o : NULL;
}

/* ---- several -d ---- */

/* The temporary file of every database's people, and what it reads. */
/* One database's people (and its places' names) gathered. */
static int
ids_each(void *arg, struct grid_db *db, struct grid_error *err)
{
	struct quality *q = arg;

	return grid_quality_ids_add(q->ids, db,
	    q->query.level != GRID_LEVEL_NONE, err);
}

/* A row of dup_id_districts, named by its database. */
static int
write_across_item(void *ctx, const struct grid_quality_item *item)
{
	struct quality *q = ctx;

	q->db = item->db;
	return write_item(ctx, item);
}

/*
 * The rows of dup_id_districts (grid_quality_ids: every database's
 * people gathered): listed, or counted (in q->totals, q->units).
 */
static int
run_across(struct quality *q, struct grid_db *first, struct grid_error *err,
    int *status)
{
	const char *in = q->common.in != NULL ? q->common.area.code : NULL;
	int rc = -1;

	if ((q->ids = grid_quality_ids_new(err)) == NULL)
		return -1;
	/* every database, whether it holds the area or not */
	q->common.in = NULL;
	rc = stats_each_db(&q->common, first, ids_each, q, err, status);
	q->common.in = in != NULL ? q->query.area : NULL;
	if (rc == 0)
		rc = q->list ? grid_quality_ids_list(q->ids, in,
		    write_across_item, q, err) : grid_quality_ids_run(q->ids,
		    q->query.level, in, write_count, q, err);
	if (rc != 0 && err->code == 0 && q->failed)
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	grid_quality_ids_free(q->ids);
	q->ids = NULL;
	return rc;
}

/* One database's findings, named by its path (several -d). */
static int
each_run(void *arg, struct grid_db *db, struct grid_error *err)
{
	struct quality *q = arg;

	q->db = grid_db_path(db);
	if (q->list) {
		if (stats_reveal_each(&q->reveal, db, q->status) != 0)
			return grid_error_set(err, 0, NULL, 0, NULL,
			    "printed");
		return grid_quality_list(db, &q->query, write_item, q, err);
	}
	if (grid_quality_run(db, &q->query, write_count, q, err) == 0)
		return 0;
	if (err->code == 0 && q->failed)
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return -1;
}

/* Orders the counts of units: by check, unit (none last); stable. */
static int
unit_cmp(const void *a, const void *b)
{
	const struct unit_count *x = a, *y = b;
	int c;

	if (x->check != y->check)
		return x->check < y->check ? -1 : 1;
	if (x->unit == NULL || y->unit == NULL)
		c = (x->unit == NULL) - (y->unit == NULL);
	else
		c = strcmp(x->unit, y->unit);
	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* 1 when a and b count the same check in the same unit. */
static int
same_unit(const struct unit_count *a, const struct unit_count *b)
{
	if (a->check != b->check)
		return 0;
	if (a->unit == NULL || b->unit == NULL)
		return a->unit == b->unit;
	return strcmp(a->unit, b->unit) == 0;
}

static const struct grid_quality_check *
check_at(size_t i)
{
	return i < grid_quality_count() ? grid_quality_at(i) :
	    grid_quality_across();
}

/* Writes the summed counts of several -d. */
static int
emit_counts(struct quality *q)
{
	const char *level = grid_level_name(q->query.level);
	size_t i, j;
	long long n;

	if (q->query.level == GRID_LEVEL_NONE) {
		for (i = 0; i <= grid_quality_count(); i++)
			if ((i < grid_quality_count() ? q->query.check == NULL ||
			    strcmp(q->query.check, check_at(i)->key) == 0 :
			    q->across) && put_count(q, check_at(i), NULL, NULL,
			    NULL, q->totals[i]) != 0)
				return -1;
		return 0;
	}
	if (q->nunits > 1)
		qsort(q->units, q->nunits, sizeof(*q->units), unit_cmp);
	for (i = 0; i < q->nunits; i = j) {
		n = 0;
		for (j = i; j < q->nunits && same_unit(&q->units[i],
		    &q->units[j]); j++)
			n += q->units[j].count;
		if (put_count(q, check_at(q->units[i].check), level,
		    q->units[i].unit, q->units[i].unit_name, n) != 0)
			return -1;
	}
	return 0;
}

/* The findings of several -d into q->out. */
static int
run_many(struct quality *q, struct grid_db *db, struct grid_error *err,
    int *status)
{
	size_t i;
	int rc = -1;

	if (!q->list && (q->totals = calloc(grid_quality_count() + 1,
	    sizeof(*q->totals))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if ((q->query.check == NULL || !q->across) &&
	    stats_each_db(&q->common, db, each_run, q, err, status) != 0)
		goto out;
	if (q->across && run_across(q, db, err, status) != 0)
		goto out;
	rc = q->list ? 0 : emit_counts(q);
	if (rc != 0)
		grid_error_set(err, 0, NULL, 0, NULL, "stopped");
out:
	for (i = 0; i < q->nunits; i++) {
		free(q->units[i].unit);
		free(q->units[i].unit_name);
	}
	free(q->units);
	free(q->totals);
	return rc;
}

int
stats_quality(int argc, char **argv)
{
	struct quality q;
	struct grid_error err;
	struct grid_db *db;
	int rc, status = 0;

	memset(&q, 0, sizeof(q));
	grid_error_clear(&err);
	q.query.level = GRID_LEVEL_NONE;
	q.common.many = 1;
	q.status = &status;
	parse(&q, argc, argv);
	if ((db = stats_open_db(&q.common, &status)) == NULL)
		return status;
	q.reveal.c = &q.common;
	q.reveal.list = "quality --list";
	q.reveal.argc = argc;
	q.reveal.argv = argv;
	q.reveal.first = db;
	if (q.list && stats_list_reveal(db, &q.common, q.reveal.list,
	    argc, argv, &status) != 0)
		return stats_end(NULL, db, -1, &err, status);
	if ((q.out = open_out(&q, &status)) == NULL)
		rc = -1;
	else if (q.many)
		rc = run_many(&q, db, &err, &status);
	else if (q.list)
		rc = grid_quality_list(db, &q.query, write_item, &q, &err);
	else
		rc = grid_quality_run(db, &q.query, write_count, &q, &err);
	return stats_end(q.out, db, rc, &err, status);
}
