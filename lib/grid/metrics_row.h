/*
 * metrics_row.h - a row of the monthly assessment (metrics.h) as text:
 * the columns of grid-report's output, in their fixed order, with a
 * Chinese label each; a row written as text values, and read back from
 * the keys of a report (for merging the reports of several districts).
 *
 * The columns (ndjson keys, csv header) are always all of them, for
 * every level, in the order of the one table of metrics_row.c (listed in
 * grid-report(1) and tests/unit/test_metrics.c): level, unit, unit_name,
 * month; the counts of grid-report(1), their four rates, the handling hours,
 * score, grade, rank and score_change; then the department's and the
 * merge's figures (four more rates, the other counts, the shares of
 * closure by level, the 立案数 score and the sums a merge adds up); then
 * the case desk's (dispatch, sign-for and reply counts and rates); then
 * the worker's, worker_kind quota under_quota and the counts and rates
 * of the worker score (empty on other rows); then
 * partial (1 when the month was in progress, its figures running only to
 * the time of the report; else 0; every row).
 * Rates and shares are percent with two decimals, empty when their
 * denominator is 0; resolved_<level>_share = closed_<level> / closed.
 * A number that is NAN is an empty value: score, grade and rank are
 * empty for a unit with nothing to assess (grid_metrics_assessed).
 */
#ifndef GRID_METRICS_ROW_H
#define GRID_METRICS_ROW_H

#include <stddef.h>

#include "grid/error.h"
#include "grid/metrics.h"
#include "grid/writer.h"

/* The number of columns (metrics_row.c ties it to its columns). */
#define GRID_METRICS_NCOLUMN 77

/*
 * Writes the columns, in order, into columns[GRID_METRICS_NCOLUMN] (name
 * and type, for grid_writer_new) and their Chinese labels into
 * labels[GRID_METRICS_NCOLUMN] (static strings); either may be NULL.
 */
void grid_metrics_columns(struct grid_column *columns, const char **labels);

/* The index of column name, or -1. */
int grid_metrics_column(const char *name);

/*
 * A row as text: values[i] is column i, NULL when empty.  store holds
 * the numbers (counts: 20 characters at most; reals with two decimals:
 * every real of a computed row, and of a row read back, whose reals are
 * below 1e15, fits), never a name.
 */
struct grid_metrics_text {
	const char *values[GRID_METRICS_NCOLUMN];
	char store[GRID_METRICS_NCOLUMN][32];
};

/*
 * Writes row into *out (values point into out->store, into row and into
 * its unit_name, which must outlive out: the name is whole).  set gives
 * the worker quota.
 */
void grid_metrics_row_text(const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, struct grid_metrics_text *out);

/*
 * Reads a row from n named values (a record of a report: the names are
 * column names, extra names are ignored, order does not matter).
 * Needed: level, unit, month, every count (a worker's counts on worker
 * rows only), unit_grids,
 * registered_score_sum, handling_n, handling_seconds; read when present:
 * unit_name, worker_kind, handling_hours_median, score_change, partial
 * ("1" or "true", "0" or "false"; absent: 0).  row->unit_name points
 * into values (borrowed: valid as long as they are; "" when absent); a
 * unit, month or worker_kind longer than the row holds, and a real of
 * 1e15 or more, are refused (GRID_EDATA), never cut.  The row is then finished
 * with set (grid_metrics_finish): rates, scores and grades are
 * recomputed, never trusted (a row with nothing to assess stays
 * unscored whatever score it carried); rank is 0.  Returns 0, or -1 with
 * err (GRID_EDATA, field the key) for a missing key or a bad value.
 */
int grid_metrics_row_parse(const char *const *names,
    const char *const *values, size_t n,
    const struct grid_metrics_settings *set, struct grid_metrics_row *row,
    struct grid_error *err);

#endif
