/*
 * spool.c - temporary files that hold what grid-case has read or done
 * until it may go on: the records of standard input until the
 * transaction begins (input.c), the rows of a run until its commit
 * (apply.c, sweep.c).  Each is unlinked as soon as it is made (mode
 * 0600: it may hold reporters' phone numbers), so nothing is left
 * behind, whatever ends the process; memory stays flat.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid-case/grid-case.h"

#define NO_TEXT UINT32_MAX	/* the length written for NULL */

static int
spool_error(struct grid_error *err, const char *what)
{
	return grid_error_set(err, GRID_EIO, "temporary file", 0, NULL,
	    "%s: %s", what, errno != 0 ? strerror(errno) : "error");
}

int
case_spool_put(FILE *fp, const void *data, size_t n,
    struct grid_error *err)
{
	errno = 0;
	if (n > 0 && fwrite(data, 1, n, fp) != n)
		return spool_error(err, "write error");
	return 0;
}

int
case_spool_get(FILE *fp, void *data, size_t n, struct grid_error *err)
{
	size_t got;

	errno = 0;
	if (n == 0 || (got = fread(data, 1, n, fp)) == n)
		return 0;
	if (got == 0 && feof(fp))
		return 1;
	return spool_error(err, ferror(fp) ? "read error" : "cut short");
}

int
case_spool_put_text(FILE *fp, const char *text, struct grid_error *err)
{
	size_t len = text != NULL ? strlen(text) : 0;
	uint32_t n = text != NULL ? (uint32_t)len : NO_TEXT;

	if (len >= NO_TEXT)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "text too long");
	if (case_spool_put(fp, &n, sizeof(n), err) != 0)
		return -1;
	return case_spool_put(fp, text, len, err);
}

int
case_spool_get_text(FILE *fp, char **buf, size_t *cap, size_t max,
    char **text, struct grid_error *err)
{
	uint32_t n;
	char *more;
	int rc;

	*text = NULL;
	if ((rc = case_spool_get(fp, &n, sizeof(n), err)) != 0)
		return rc > 0 ? spool_error(err, "cut short") : -1;
	if (n == NO_TEXT)
		return 0;
	if (n > max)
		return spool_error(err, "bad length");
	if (*cap < (size_t)n + 1) {
		if ((more = realloc(*buf, (size_t)n + 1)) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		*buf = more;
		*cap = (size_t)n + 1;
	}
	if (case_spool_get(fp, *buf, n, err) != 0)
		return spool_error(err, "cut short");
	(*buf)[n] = '\0';
	*text = *buf;
	return 0;
}

int
case_spool_reset(FILE *fp, struct grid_error *err)
{
	errno = 0;
	if (fflush(fp) != 0 || ftruncate(fileno(fp), 0) != 0)
		return spool_error(err, "cannot empty");
	rewind(fp);
	return 0;
}

/* ---- rows held until the commit ---- */

/* The longest text of a row: a value of a case, a few hundred bytes. */
#define HELD_TEXT_MAX (1u << 20)

int
case_held_init(struct case_held *h, size_t ncolumns, struct grid_error *err)
{
	memset(h, 0, sizeof(*h));
	h->ncolumns = ncolumns;
	return (h->fp = cli_temp_file(err)) != NULL ? 0 : -1;
}

int
case_held_row(struct case_held *h, const char *const *row,
    struct grid_error *err)
{
	size_t i;

	for (i = 0; i < h->ncolumns; i++)
		if (case_spool_put_text(h->fp, row[i], err) != 0)
			return -1;
	h->n++;
	return 0;
}

int
case_held_print(struct case_held *h, struct case_rows *rows,
    struct grid_error *err)
{
	char *buf[16] = { NULL }, *row[16];
	size_t cap[16] = { 0 }, i;
	long k;
	int rc = 0;

	if (h->ncolumns > NCOLUMNS(row))
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "too many columns");
	errno = 0;
	if (fflush(h->fp) != 0)
		return spool_error(err, "write error");
	rewind(h->fp);
	for (k = 0; k < h->n && rc == 0; k++) {
		for (i = 0; i < h->ncolumns && rc == 0; i++)
			rc = case_spool_get_text(h->fp, &buf[i], &cap[i],
			    HELD_TEXT_MAX, &row[i], err);
		if (rc == 0)
			rc = case_rows_write(rows, (const char *const *)row,
			    err);
	}
	for (i = 0; i < NCOLUMNS(buf); i++)
		free(buf[i]);
	return rc;
}

int
case_held_reset(struct case_held *h, struct grid_error *err)
{
	h->n = 0;
	return case_spool_reset(h->fp, err);
}

void
case_held_release(struct case_held *h)
{
	if (h->fp != NULL)
		fclose(h->fp);
	memset(h, 0, sizeof(*h));
}
