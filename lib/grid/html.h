/*
 * html.h - one self-contained HTML page for reports and statistics
 * (grid-report(1) and grid-stats(1): "-f html"): a style sheet in the page (screen, and A4 when
 * printed), headings, tables, and charts drawn as inline SVG.  No script,
 * no font, no image, nothing fetched from the network: the page reads the
 * same offline, mailed, or printed.
 *
 * Text is UTF-8 and escaped here (& < > " '); control characters become
 * spaces.  Numbers in charts are printed with "%.2f" or as integers; a
 * NAN (or infinite) value is a gap (no bar, a break in a line), never a
 * zero.
 *
 * A page is written in order: grid_html_begin, any number of parts, then
 * grid_html_end, which writes the closing tags and frees the page.  Every
 * call returns 0, or -1 with err (GRID_EIO "html: write error: ..." on a
 * write error, GRID_EINTERNAL when out of memory or called wrongly);
 * after a failure only grid_html_end (which then fails too) or
 * grid_html_free may follow, and every other call fails again with the
 * first error.
 */
#ifndef GRID_HTML_H
#define GRID_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "grid/error.h"
#include "grid/writer.h"

struct grid_html;

/*
 * Starts a page on out (borrowed; the caller keeps and closes it):
 * doctype, <html lang="zh-CN">, the title in <title> and an <h1>, and
 * subtitle (NULL: none) in a paragraph under it.  Returns a new page, or
 * NULL with err.
 */
struct grid_html *grid_html_begin(FILE *out, const char *title,
    const char *subtitle, struct grid_error *err);

/* A section heading (<h2>). */
int grid_html_heading(struct grid_html *h, const char *text,
    struct grid_error *err);

/* A paragraph of text. */
int grid_html_paragraph(struct grid_html *h, const char *text,
    struct grid_error *err);

/*
 * A table of nrows rows of ncolumns cells, row-major (cells[r * ncolumns
 * + c], NULL for an empty cell).  The header cell of column c shows
 * labels[c] (the Chinese label; labels or labels[c] NULL: none) over the
 * column's key columns[c].name in a <code> element (which may break
 * anywhere).  Integer and real columns are right-aligned.  The
 * header repeats on every printed page.  Key columns are found by name:
 * rank and unit_name (unit when there is none) stay in view at the left
 * while the table scrolls sideways when they lead the table (no column
 * but level and unit before them), score (or score_mean) and grade at
 * the right when they end the table (on a phone only the unit's
 * name).  A table too wide for A4 landscape is printed in parts, each
 * with rank, unit and unit_name first; the screen shows it whole.
 * Rows are shown in the order given (a ranking: sort before).  ncolumns
 * must be 1 to GRID_HTML_MAX_COLUMNS; cells may be NULL when nrows is 0.
 */
#define GRID_HTML_MAX_COLUMNS 256
int grid_html_table(struct grid_html *h, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns, const char *const *cells,
    size_t nrows, struct grid_error *err);

/*
 * grid_html_table with a totals row (totals: ncolumns cells, NULL for an
 * empty one; NULL: none) in the table's footer, under the rows, in every
 * printed part of a wide table too.
 */
int grid_html_table_totals(struct grid_html *h,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, const char *const *cells, size_t nrows,
    const char *const *totals, struct grid_error *err);

/*
 * A horizontal bar chart, one bar per item in the given order (a ranking:
 * sort before), with the item's label on the left and its value at the
 * end of the bar.  The axis runs from 0 to max (max <= 0: the largest
 * value).  title is the chart's caption; unit follows each value ("%",
 * "" for none).
 */
int grid_html_bars(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, struct grid_error *err);

/*
 * grid_html_bars, but where a value is NAN (or infinite) the text gap
 * (NULL: none) stands in place of the bar, in grey: "无考核数据" for a
 * unit without a score.
 */
int grid_html_bars_gap(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, const char *gap, struct grid_error *err);

/* A mark across a bar chart: a grade's lower bound, its label over it. */
struct grid_html_mark {
	double value;
	const char *label;
};

/*
 * grid_html_bars_gap, with nmarks dashed lines across the bars at the
 * marks' values (grade bounds), and note (NULL: none) under the chart
 * ("30 of 1,760 shown").  In every bar chart without a unit, when all
 * values are whole numbers they are printed grouped ("24,217"), else
 * with "%.2f" (the column chart and heat map: any unit); a chart
 * with nothing to draw or only zeros says so under it.
 */
int grid_html_bars_marks(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, const char *gap, const struct grid_html_mark *marks,
    size_t nmarks, const char *note, struct grid_error *err);

/*
 * A column chart of a series in time (hours, weekdays, months): one slot
 * per value, every slot on the axis even when its value is 0 (NAN: no
 * column, the slot kept), the value over its column when there is room
 * and in its <title>, the y axis from 0 in 4 steps.  note as in
 * grid_html_bars_marks.  n must be at least 1.
 */
int grid_html_columns(struct grid_html *h, const char *title,
    const char *const *xlabels, const double *values, size_t n,
    const char *unit, const char *note, struct grid_error *err);

/*
 * A heat map of nrows x ncols values (row-major; weekday x hour): each
 * cell shaded from light (0) to dark (the largest value), its value in
 * it when there is room and in its <title>, a NAN cell grey; a legend
 * from 0 to the largest value.  Both counts must be at least 1.
 */
int grid_html_heatmap(struct grid_html *h, const char *title,
    const char *const *rowlabels, size_t nrows,
    const char *const *collabels, size_t ncols, const double *values,
    const char *unit, const char *note, struct grid_error *err);

/* One line of a line chart: its name in the legend and one value per x. */
struct grid_html_series {
	const char *name;
	const double *values;	/* NAN: no value at that x */
};

/*
 * A line chart of nseries lines over nx points labelled xlabels (months
 * "2026-01", ...), y axis from ymin to ymax (ymax <= ymin: from the data),
 * with a legend; each point marked and its value in an SVG <title>.
 * The axis from the data runs from 0 or below to the largest value or
 * above, in 4 steps of 1, 2, 2.5 or 5 times a power of ten; values
 * outside a given axis are drawn at its edge.  Lines differ in colour and
 * in dash pattern (for grey printouts).
 */
int grid_html_lines(struct grid_html *h, const char *title,
    const char *const *xlabels, size_t nx,
    const struct grid_html_series *series, size_t nseries, double ymin,
    double ymax, struct grid_error *err);

/*
 * grid_html_lines, but at an x where no series has a value the text gap
 * (NULL: none) is written across the plot, in grey, one character under
 * the other (so "无考核数据" fits between two months).
 */
int grid_html_lines_gap(struct grid_html *h, const char *title,
    const char *const *xlabels, size_t nx,
    const struct grid_html_series *series, size_t nseries, double ymin,
    double ymax, const char *gap, struct grid_error *err);

/*
 * A population pyramid: n bands (labels "0-4", ..., youngest first,
 * drawn at the bottom), men to the left and women to the right of a
 * central axis, both sides to the same scale (the largest count of
 * either side), each count in an SVG <title> and at the end of its bar.
 */
int grid_html_pyramid(struct grid_html *h, const char *title,
    const char *const *bands, const long long *male,
    const long long *female, size_t n, struct grid_error *err);

/*
 * A figure made by the caller: n bytes of inline SVG (svg, an <svg>
 * element, or several) under the caption title, kept with its caption on
 * one printed page.  The caller is responsible for svg being well formed
 * and its text escaped; it is copied as it is.  title is escaped here.
 */
int grid_html_figure(struct grid_html *h, const char *title,
    const char *svg, size_t n, struct grid_error *err);

/*
 * Ends the page (closing tags), flushes out and frees h.  Returns 0, or
 * -1 with err when the page could not be completed (a write error now or
 * earlier).  Does not close the stream.  h NULL: returns 0.
 */
int grid_html_end(struct grid_html *h, struct grid_error *err);

/* Frees h without ending the page (NULL allowed). */
void grid_html_free(struct grid_html *h);

#endif
