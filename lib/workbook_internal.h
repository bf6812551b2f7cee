/*
 * workbook_internal.h - spreadsheet workbooks as rows of cell texts, for
 * the reader (lib/reader.c, lib/reader_csv.c).  Private to lib/.
 *
 * A workbook gives the cells of one sheet, row by row, each as the sheet
 * shows it: text as it is, numbers as their shortest round-trip text,
 * booleans TRUE/FALSE, date cells as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS
 * with a time of day).  Rows carry the sheet's own row numbers (1 is the
 * first), so a message names the row Excel shows.
 */
#ifndef GRID_WORKBOOK_INTERNAL_H
#define GRID_WORKBOOK_INTERNAL_H

#include <stddef.h>

#include "grid/error.h"

/*
 * Where a workbook puts a row's cells: add() is called for each non-empty
 * cell in column order, col 0 being column A; it returns 0, or -1 to stop
 * (the error already in err).
 */
struct gridi_cells {
	int (*add)(void *ctx, size_t col, const char *text, size_t len,
	    struct grid_error *err);
	void *ctx;
};

/* A workbook kind's functions; each kind's handle begins with the base. */
struct gridi_workbook;
struct gridi_workbook_ops {
	int (*next)(struct gridi_workbook *, long *, const struct gridi_cells *,
	    struct grid_error *);
	void (*close)(struct gridi_workbook *);
};
struct gridi_workbook {
	const struct gridi_workbook_ops *ops;
};

/*
 * Opens the workbook at path: .xlsx (kind 'x') or .xls (kind 'b').  sheet
 * is a sheet's name, or its number from 1 (all digits), or NULL for the
 * first.  name is the input's name for messages.  Returns a new workbook,
 * or NULL with err filled (GRID_EDATA for a file that is not a workbook
 * read here, naming the fix).
 */
struct gridi_workbook *gridi_xlsx_open(const char *path, const char *name,
    const char *sheet, struct grid_error *err);
struct gridi_workbook *gridi_xls_open(const char *path, const char *name,
    const char *sheet, struct grid_error *err);

/*
 * Reads the next row that has a cell, giving its cells to out and its
 * row number in *row.  Returns 1, 0 at the end, -1 on error.
 */
int gridi_workbook_next(struct gridi_workbook *wb, long *row,
    const struct gridi_cells *out, struct grid_error *err);

/* Closes and frees (NULL allowed). */
void gridi_workbook_close(struct gridi_workbook *wb);

/*
 * Writes the text of a number cell into out: a date "YYYY-MM-DD" or
 * "YYYY-MM-DD HH:MM:SS" when is_date (serial days since 1899-12-30, or
 * since 1904-01-01 when date1904), else the shortest round-trip text.
 * Returns out.
 */
const char *gridi_number_text(double d, int is_date, int date1904, char *out,
    size_t n);

/*
 * What a file begins with: 'x' a zip archive (xlsx, ods, xlsb), 'b' an
 * OLE2 compound file (xls, or an encrypted workbook), 0 anything else.
 */
int gridi_workbook_magic(const unsigned char *p, size_t n);

#endif
