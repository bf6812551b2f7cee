/*
 * xls.c - Excel 97-2003 workbooks (.xls, BIFF8) through FreeXL.
 *
 * FreeXL reads the whole workbook at open (an .xls has at most 65,536
 * rows), then gives each cell: text as it is, integers and reals as
 * their shortest text, date cells as YYYY-MM-DD, date and time as
 * YYYY-MM-DD HH:MM:SS.  An encrypted workbook is refused, naming the fix.
 *
 * FreeXL 1.0 can crash on a damaged file (a bad free, found by fuzzing),
 * and believes the sizes a file gives: a root entry of 3 GB whose sectors
 * go round in a circle made a 6 KB file take 3 GB of memory.  So a
 * workbook is read first in a child process, under a limit of memory
 * (XLS_MEMORY_BASE and XLS_MEMORY_PER_BYTE), whose crash or want of
 * memory becomes an error naming the fix, and only when the child read
 * it whole is it read again in this one (FreeXL reads the same file the
 * same way twice); the child's refusal is this one's.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <stdint.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freexl.h>

#include "grid/metrics.h"	/* grid_pipe_read, grid_pipe_write */
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
	/* FreeXL 1.0 reports some failed allocations (a sheet's cells) as
	 * success without a handle */
	if (rc == FREEXL_OK && x->handle == NULL)
		rc = FREEXL_INSUFFICIENT_MEMORY;
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
 * The memory reading an .xls may take, beyond what the process had: 1 GB
 * (FreeXL allocates the cells of every sheet at open, up to 256 MB a
 * sheet: three sheets of 65,536 rows of 256 columns, as a template whose
 * whole rows and columns were formatted says, take 800 MB), and 16 bytes
 * for each byte of the file (its strings, each allocated on its own, and
 * the mini stream).  Sheets cost a file a few bytes each, so their number
 * cannot be trusted: a file that asks for more is refused.
 */
#define XLS_MEMORY_BASE ((uint64_t)1024 << 20)
#define XLS_MEMORY_PER_BYTE 16

/* How the child ends: read (or refused: its error through the pipe),
 * or out of memory. */
enum { CHILD_READ = 0, CHILD_MEMORY = 3 };

/* The child's outcomes, as read_in_child returns them. */
enum { XLS_READ, XLS_REFUSED, XLS_CRASHED, XLS_TOO_BIG };

/* The memory allowed for reading the file at path, in bytes. */
static uint64_t
memory_budget(const char *path)
{
	struct stat st;
	uint64_t size;

	if (stat(path, &st) != 0 || st.st_size < 0)
		return XLS_MEMORY_BASE;
	size = (uint64_t)st.st_size;
	if (size > (UINT64_MAX - XLS_MEMORY_BASE) / XLS_MEMORY_PER_BYTE)
		return UINT64_MAX;
	return XLS_MEMORY_BASE + size * XLS_MEMORY_PER_BYTE;
}

/*
 * Limits this process's address space to what it maps now and budget
 * more (the sanitizers' shadow and the tool's own mappings are in the
 * first part).  Without /proc, or when the limit cannot be set, the read
 * goes on without it.
 */
static void
limit_memory(uint64_t budget)
{
	unsigned long long pages = 0;
	long page = sysconf(_SC_PAGESIZE);
	struct rlimit rl;
	uint64_t want;
	FILE *f;
	int n;

	if (page <= 0 || (f = fopen("/proc/self/statm", "r")) == NULL)
		return;
	n = fscanf(f, "%llu", &pages);
	fclose(f);
	if (n != 1 || getrlimit(RLIMIT_AS, &rl) != 0 ||
	    pages > (UINT64_MAX - budget) / (uint64_t)page)
		return;
	want = pages * (uint64_t)page + budget;
	if (want >= (uint64_t)RLIM_INFINITY)	/* a narrow rlim_t: none */
		return;
	if (rl.rlim_max != RLIM_INFINITY && want > (uint64_t)rl.rlim_max)
		want = (uint64_t)rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && want >= (uint64_t)rl.rlim_cur)
		return;
	rl.rlim_cur = (rlim_t)want;
	(void)setrlimit(RLIMIT_AS, &rl);
}

/*
 * Reads the workbook as gridi_xls_open does, in a child process limited
 * to budget bytes more, which hands back its error (code 0: none)
 * through a pipe: XLS_READ when it read the workbook; XLS_REFUSED when
 * FreeXL refused it (*why: the child's error); XLS_TOO_BIG when FreeXL
 * ran out of that memory; XLS_CRASHED when the child crashed (a
 * sanitizer's report of memory it could not map is one).  Whatever the
 * child did not read whole is not read again here.  A system that
 * cannot fork reads in this process only.
 */
static int
read_in_child(const char *path, const char *name, const char *sheet,
    uint64_t budget, struct grid_error *why)
{
	const struct gridi_cells drop = { drop_cell, NULL };
	struct gridi_workbook *wb;
	struct grid_error e;
	int fds[2], status, told;
	long row;
	pid_t pid;

	if (pipe(fds) != 0)
		return XLS_READ;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return XLS_READ;
	}
	if (pid == 0) {
		close(fds[0]);
		limit_memory(budget);
		grid_error_clear(&e);
		if ((wb = open_here(path, name, sheet, &e)) != NULL) {
			while (wb->ops->next(wb, &row, &drop, NULL) > 0)
				;
			wb->ops->close(wb);
		}
		(void)grid_pipe_write(fds[1], &e, sizeof(e), NULL);
		_exit(e.code == GRID_EINTERNAL ? CHILD_MEMORY : CHILD_READ);
	}
	close(fds[1]);
	told = grid_pipe_read(fds[0], why, sizeof(*why), NULL) == 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			/* its end unknown (SIGCHLD ignored: ECHILD): what it
			 * told, or nothing */
			if (!told)
				return XLS_CRASHED;
			return why->code == 0 ? XLS_READ : why->code ==
			    GRID_EINTERNAL ? XLS_TOO_BIG : XLS_REFUSED;
		}
	if (!WIFEXITED(status))
		return XLS_CRASHED;
	switch (WEXITSTATUS(status)) {
	case CHILD_READ:
		if (!told)
			return XLS_CRASHED;
		return why->code == 0 ? XLS_READ : XLS_REFUSED;
	case CHILD_MEMORY:
		return XLS_TOO_BIG;
	default:
		return XLS_CRASHED;
	}
}

struct gridi_workbook *
gridi_xls_open(const char *path, const char *name, const char *sheet,
    struct grid_error *err)
{
	uint64_t budget = memory_budget(path);
	struct grid_error why;

	grid_error_clear(&why);
	switch (read_in_child(path, name, sheet, budget, &why)) {
	case XLS_REFUSED:
		if (err != NULL)
			*err = why;
		return NULL;
	case XLS_TOO_BIG:
		grid_error_set(err, GRID_EDATA, name, 0, NULL, "a damaged "
		    "Excel 97-2003 workbook: reading it needs more than %llu "
		    "MB; open it in Excel or WPS and save it as .xlsx or CSV",
		    (unsigned long long)(budget >> 20));
		return NULL;
	case XLS_CRASHED:
		grid_error_set(err, GRID_EDATA, name, 0, NULL, "a damaged "
		    "Excel 97-2003 workbook: the reader (FreeXL) failed on it; "
		    "open it in Excel or WPS and save it as .xlsx or CSV");
		return NULL;
	default:
		return open_here(path, name, sheet, err);
	}
}
