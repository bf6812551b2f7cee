/*
 * csv2xlsx - writes a CSV register as the .xlsx workbook a clerk would
 * have typed it into, for bench/xlsx.sh: one sheet, the header row, then
 * one row per line, written by libxlsxwriter in constant memory (rows
 * streamed to the sheet's XML, strings inline).
 *
 *	csv2xlsx IN.csv OUT.xlsx
 *
 * Cells are typed as Excel would keep them: a value YYYY-MM-DD is a date
 * cell shown yyyy-mm-dd; digits only, 1 to 15 of them and no leading
 * zero (phones, grid codes), a number cell shown with format "0"; all
 * else (ID numbers, names, dates written 1981年2月4日) text.  So the
 * sheet reads back as the same texts as the CSV.  Fields are split at
 * commas: the generated registers need no quoting, and a line with a
 * quote is refused.  A sheet holds at most 1,048,576 rows.
 *
 * Exit status: 0, 64 usage, 65 a quoted field or too many rows, 66 the
 * input cannot be opened, 73 the workbook cannot be written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_CANTCREAT	73

struct sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date;
	lxw_format *number;
};

static int
all_digits(const char *s, size_t n)
{
	return n > 0 && strspn(s, "0123456789") == n;
}

/* 1 when value is YYYY-MM-DD, with the date in *d. */
static int
iso_date(const char *value, lxw_datetime *d)
{
	if (strlen(value) != 10 || value[4] != '-' || value[7] != '-' ||
	    !all_digits(value, 4) || !all_digits(value + 5, 2) ||
	    !all_digits(value + 8, 2))
		return 0;
	d->year = (int)strtol(value, NULL, 10);
	d->month = (int)strtol(value + 5, NULL, 10);
	d->day = (int)strtol(value + 8, NULL, 10);
	d->hour = d->min = 0;
	d->sec = 0;
	return d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	    d->day <= 31;
}

/* One cell, typed from its text (see the top of the file). */
static lxw_error
write_cell(struct sheet *s, lxw_row_t row, lxw_col_t col, const char *value,
    int header)
{
	size_t n = strlen(value);
	lxw_datetime d;

	if (n == 0)
		return LXW_NO_ERROR;
	if (!header && iso_date(value, &d))
		return worksheet_write_datetime(s->ws, row, col, &d, s->date);
	if (!header && n <= 15 && value[0] != '0' && all_digits(value, n))
		return worksheet_write_number(s->ws, row, col,
		    strtod(value, NULL), s->number);
	return worksheet_write_string(s->ws, row, col, value, NULL);
}

/* One CSV line (its end taken off) as sheet row row. */
static int
write_line(struct sheet *s, lxw_row_t row, char *line)
{
	char *field = line, *comma;
	lxw_col_t col = 0;
	lxw_error rc;

	line[strcspn(line, "\r\n")] = '\0';
	if (strchr(line, '"') != NULL) {
		fprintf(stderr, "csv2xlsx: line %lu: a quoted field, not "
		    "read here\n", (unsigned long)row + 1);
		return EX_DATAERR;
	}
	for (;;) {
		if ((comma = strchr(field, ',')) != NULL)
			*comma = '\0';
		rc = write_cell(s, row, col++, field, row == 0);
		if (rc != LXW_NO_ERROR) {
			fprintf(stderr, "csv2xlsx: line %lu: %s\n",
			    (unsigned long)row + 1, lxw_strerror(rc));
			return EX_DATAERR;
		}
		if (comma == NULL)
			return 0;
		field = comma + 1;
	}
}

int
main(int argc, char **argv)
{
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE,
		.tmpdir = NULL, .use_zip64 = LXW_TRUE };
	struct sheet s;
	char *line = NULL;
	size_t cap = 0;
	lxw_row_t row = 0;
	FILE *in;
	int status = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
		return EX_USAGE;
	}
	if ((in = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return EX_NOINPUT;
	}
	if ((s.wb = workbook_new_opt(argv[2], &opts)) == NULL) {
		fprintf(stderr, "csv2xlsx: %s: cannot create\n", argv[2]);
		fclose(in);
		return EX_CANTCREAT;
	}
	s.ws = workbook_add_worksheet(s.wb, NULL);
	s.date = workbook_add_format(s.wb);
	s.number = workbook_add_format(s.wb);
	format_set_num_format(s.date, "yyyy-mm-dd");
	format_set_num_format(s.number, "0");
	while (status == 0 && getline(&line, &cap, in) > 0)
		status = write_line(&s, row++, line);
	free(line);
	fclose(in);
	if (workbook_close(s.wb) != LXW_NO_ERROR) {
		fprintf(stderr, "csv2xlsx: %s: cannot write\n", argv[2]);
		return EX_CANTCREAT;
	}
	return status;
}
