/*
 * xls.c - Excel 97-2003 workbooks (.xls, BIFF8) through FreeXL.
 *
 * FreeXL reads the whole workbook at open (an .xls has at most 65,536
 * rows), then gives each cell: text as it is, integers and reals as
 * their shortest text, date cells as YYYY-MM-DD, date and time as
 * YYYY-MM-DD HH:MM:SS.  An encrypted workbook is refused, naming the fix.
 *
 * FreeXL 1.0 can crash on a damaged file (a bad free, found by fuzzing):
 * so a workbook is read first in a child process, whose crash becomes an
 * error naming the fix, and only then in this one.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freexl.h>

#include "workbook_internal.h"
#include "internal.h"

struct xls {
	struct gridi_workbook base;
	char name[256];
	const void *handle;
	unsigned int rows, next_row;
	unsigned short columns;
};

/* One cell's text into out (n bytes); returns it, "" when empty. */
static const char *
cell_text(struct xls *x, unsigned int row, unsigned short col, char *out,
    size_t n)
{
	FreeXL_CellValue v;

	if (freexl_get_cell_value(x->handle, row, col, &v) != FREEXL_OK)
		return "";
	switch (v.type) {
	case FREEXL_CELL_INT:
		snprintf(out, n, "%d", v.value.int_value);
		return out;
	case FREEXL_CELL_DOUBLE:
		return gridi_number_text(v.value.double_value, 0, 0, out, n);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		return v.value.text_value != NULL ? v.value.text_value : "";
	default:
		return "";
	}
}

static int
xls_next(struct gridi_workbook *wb, long *row, const struct gridi_cells *out,
    struct grid_error *err)
{
	struct xls *x = (struct xls *)wb;
	const char *text;
	char num[64];
	unsigned short col;
	int cells;

	for (; x->next_row < x->rows; x->next_row++) {
		cells = 0;
		for (col = 0; col < x->columns; col++) {
			text = cell_text(x, x->next_row, col, num, sizeof(num));
			if (text[0] == '\0')
				continue;
			if (out->add(out->ctx, col, text, strlen(text), err) != 0)
				return -1;
			cells++;
		}
		if (cells > 0) {
			*row = (long)++x->next_row;
			return 1;
		}
	}
	return 0;
}

static void
xls_close(struct gridi_workbook *wb)
{
	struct xls *x = (struct xls *)wb;

	if (x->handle != NULL)
		freexl_close(x->handle);
	free(x);
}

static const struct gridi_workbook_ops xls_ops = { xls_next, xls_close };

/* Selects the sheet wanted: by name, number from 1, or the first. */
static int
select_sheet(struct xls *x, const char *want, struct grid_error *err)
{
	unsigned int count = 0, i, number = 0;
	const char *name;

	if (freexl_get_info(x->handle, FREEXL_BIFF_SHEET_COUNT, &count) !=
	    FREEXL_OK || count == 0)
		return grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "the workbook has no sheet");
	if (want != NULL && want[0] != '\0' &&
	    strspn(want, "0123456789") == strlen(want))
		number = (unsigned int)strtoul(want, NULL, 10);
	for (i = 0; i < count; i++) {
		if (freexl_get_worksheet_name(x->handle, (unsigned short)i,
		    &name) != FREEXL_OK)
			name = "";
		if (want == NULL || (number > 0 ? i + 1 == number :
		    strcmp(name, want) == 0))
			break;
	}
	if (i == count)
		return grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "no sheet '%s' in the workbook (%u sheets)", want, count);
	if (freexl_select_active_worksheet(x->handle, (unsigned short)i) !=
	    FREEXL_OK || freexl_worksheet_dimensions(x->handle, &x->rows,
	    &x->columns) != FREEXL_OK)
		return grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "broken workbook: cannot read sheet %u", i + 1);
	return 0;
}

static struct gridi_workbook *
open_here(const char *path, const char *name, const char *sheet,
    struct grid_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));
	unsigned int password = 0;
	int rc;

	if (x == NULL) {
		grid_error_set(err, GRID_EINTERNAL, name, 0, NULL,
		    "out of memory");
		return NULL;
	}
	x->base.ops = &xls_ops;
	snprintf(x->name, sizeof(x->name), "%s", name);
	rc = freexl_open(path, &x->handle);
	if (rc == FREEXL_OK && freexl_get_info(x->handle, FREEXL_BIFF_PASSWORD,
	    &password) == FREEXL_OK && password == FREEXL_BIFF_OBFUSCATED)
		rc = FREEXL_BIFF_WORKBOOK_NOT_FOUND;
	if (rc == FREEXL_INSUFFICIENT_MEMORY)
		grid_error_set(err, GRID_EINTERNAL, name, 0, NULL,
		    "out of memory");
	else if (rc != FREEXL_OK)
		grid_error_set(err, GRID_EDATA, name, 0, NULL, "an OLE2 file "
		    "that is not an Excel 97-2003 workbook read here (an "
		    "encrypted or password-protected workbook, or another "
		    "Office file): remove the password and save it as .xlsx "
		    "or CSV");
	if (rc != FREEXL_OK || select_sheet(x, sheet, err) != 0) {
		xls_close(&x->base);
		return NULL;
	}
	return &x->base;
}

static int
drop_cell(void *ctx, size_t col, const char *text, size_t len,
    struct grid_error *err)
{
	return 0;
}

/*
 * Reads the workbook as gridi_xls_open does, in a child process: 0 when
 * the child ended normally (whether FreeXL accepted the file or not), -1
 * when it crashed.  A system that cannot fork reads in this process only.
 */
static int
read_in_child(const char *path, const char *name, const char *sheet)
{
	const struct gridi_cells drop = { drop_cell, NULL };
	struct gridi_workbook *wb;
	int status;
	long row;
	pid_t pid;

	if ((pid = fork()) < 0)
		return 0;
	if (pid == 0) {
		if ((wb = open_here(path, name, sheet, NULL)) != NULL) {
			while (wb->ops->next(wb, &row, &drop, NULL) > 0)
				;
			wb->ops->close(wb);
		}
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

struct gridi_workbook *
gridi_xls_open(const char *path, const char *name, const char *sheet,
    struct grid_error *err)
{
	if (read_in_child(path, name, sheet) != 0) {
		grid_error_set(err, GRID_EDATA, name, 0, NULL, "a damaged "
		    "Excel 97-2003 workbook: the reader (FreeXL) failed on it; "
		    "open it in Excel or WPS and save it as .xlsx or CSV");
		return NULL;
	}
	return open_here(path, name, sheet, err);
}
