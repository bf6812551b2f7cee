/*
 * grid-assign locate: records with coordinates, written back with the
 * grid (and its community and street) that each point falls in.  At
 * most BATCH records in memory at a time.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid-assign/assign.h"
#include "grid/buf.h"
#include "grid/locate.h"
#include "grid/reader.h"
#include "grid/writer.h"

static const char usage[] =
"usage: grid-assign locate [options] [FILE|-]\n"
"Read records with coordinates (CSV or NDJSON, UTF-8, GB18030 or UTF-16,\n"
"plain or gzip, or a workbook; standard input by default) and write each\n"
"back unchanged with grid_code, community_code and street_code added\n"
"(empty when the point is in no grid).  A point on an edge shared by\n"
"grids goes to the lowest code.  Records without usable coordinates are\n"
"reported and passed through with empty codes.  CSV and TSV are written\n"
"in the input's encoding, byte order mark and line ends (UTF-16 and\n"
"workbooks as UTF-8 with a BOM); NDJSON in UTF-8.\n"
"\n"
"      --point X,Y        print the grid of one point (through the\n"
"                         database's R*Tree index) and exit\n"
"      --x NAME           field holding x (longitude); default: the one\n"
"                         named x, lon, lng, 经度, 东经, X坐标, ...\n"
"      --y NAME           field holding y (latitude); default: the one\n"
"                         named y, lat, 纬度, 北纬, Y坐标, ...\n"
"      --encoding ENC     auto (default), utf-8 or gb18030\n"
"      --input-format F   auto (default), csv or ndjson\n"
"  -f, --format FMT       {formats} (default: the extension of -o,\n"
"                         else as the input)\n"
"  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
CLI_HELP_QUIET
"      --reveal           accepted; the records are written as read\n"
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0; 65 some records had no usable coordinates (they are\n"
"still written), no column or several could hold a coordinate, or the\n"
"input is unreadable; 66 input missing; 69 database.\n";

static const char *const added[] = { "grid_code", "community_code",
	"street_code" };

/*
 * CSV rows written as read are located BATCH at a time (and at most
 * BATCH_BYTES of them, unless one row is longer): the locator fetches
 * the memory of every point before testing any, instead of waiting for
 * it point after point.
 */
#define BATCH 64
#define BATCH_BYTES ((size_t)1 << 20)

struct batch {
	struct grid_buf text;	/* the rows as read, one after another */
	size_t end[BATCH];	/* where each row's text ends */
	double x[BATCH], y[BATCH];	/* NaN: no usable coordinates */
	size_t n;
};

struct run {
	struct cli_common c;
	const char *point;	/* --point X,Y */
	const char *given[2];	/* --x, --y; NULL: found by name */
	const char *name[2];	/* CSV: the columns of x and y */
	int noted;		/* the note on the columns is given */
	struct grid_reader_options ropts;
	struct grid_locator *loc;
	struct grid_reader *reader;
	struct grid_writer *writer;	/* CSV: the output's (borrowed) */
	struct grid_column *cols;	/* CSV: its columns */
	struct cli_out output;
	FILE *out;
	struct grid_buf line;
	long records, located, unusable;
	/* CSV: where x, y and the three added fields are in the output */
	long xy[2], at[3];
	size_t ncolumns;
	const char **values;
	char fast;		/* delimiter of rows written as read, or 0 */
	struct batch batch;
};

/*
 * The record's point in *x, *y from the texts of its fields named
 * name[0] and name[1]; 1 when usable, else 0, reported, and NaN in both
 * (a point in no grid).
 */
static int
point(struct run *run, const char *const name[2], const char *xs,
    const char *ys, long line, double *x, double *y)
{
	const char *bad = NULL, *v = NULL;

	if (grid_coordinate_parse(xs, x) != 0) {
		bad = name[0];
		v = xs;
	} else if (grid_coordinate_parse(ys, y) != 0) {
		bad = name[1];
		v = ys;
	}
	if (bad == NULL)
		return 1;
	run->unusable++;
	if (v == NULL || v[strspn(v, " \t")] == '\0')
		cli_warn("%s:%ld: %s: no coordinate; passed through without a "
		    "grid", grid_reader_name(run->reader), line, bad);
	else
		cli_warn("%s:%ld: %s: not a number '%s'; passed through "
		    "without a grid", grid_reader_name(run->reader), line, bad,
		    v);
	*x = *y = NAN;
	return 0;
}

/* The codes of grid (NULL: none): grid, community, street. */
static void
codes_of(const char *grid, char codes[3][24])
{
	codes[0][0] = codes[1][0] = codes[2][0] = '\0';
	if (grid != NULL) {
		size_t n = strlen(grid);

		n = n < 23 ? n : 23;
		memcpy(codes[0], grid, n);
		codes[0][n] = '\0';
		memcpy(codes[1], grid, 12);	/* grid codes have 14-15 */
		codes[1][12] = '\0';
		memcpy(codes[2], grid, 9);
		codes[2][9] = '\0';
	}
}

/* The grid of the record's point in codes[0..2]. */
static void
place(struct run *run, const char *const name[2], const char *xs,
    const char *ys, long line, char codes[3][24])
{
	const char *grid = NULL;
	double x, y;

	if (point(run, name, xs, ys, line, &x, &y) &&
	    grid_locator_find(run->loc, x, y, &grid))
		run->located++;
	codes_of(grid, codes);
}

/* Locates the rows of the batch and writes them, the codes added. */
static int
batch_flush(struct run *run, struct grid_error *err)
{
	struct batch *b = &run->batch;
	const char *grid[BATCH], *newline;
	char codes[3][24];
	size_t i, at = 0;
	int k, rc = 0;

	if (b->n == 0)
		return 0;
	newline = grid_writer_newline(run->writer);
	run->located += (long)grid_locator_find_many(run->loc, b->n, b->x,
	    b->y, grid);
	grid_buf_reset(&run->line);
	for (i = 0; i < b->n && rc == 0; i++) {
		rc = grid_buf_add(&run->line, b->text.data + at,
		    b->end[i] - at);
		at = b->end[i];
		codes_of(grid[i], codes);
		for (k = 0; k < 3 && rc == 0; k++)
			if (grid_buf_addc(&run->line, run->fast) != 0 ||
			    grid_buf_adds(&run->line, codes[k]) != 0)
				rc = -1;
		if (rc == 0)
			rc = grid_buf_adds(&run->line, newline);
	}
	b->n = 0;
	grid_buf_reset(&b->text);
	if (rc != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return grid_writer_text(run->writer, run->line.data, run->line.len,
	    err);
}

/* Adds a row to be written as read; writes the batch when it is full. */
static int
batch_add(struct run *run, const struct grid_record *rec, const char *xs,
    const char *ys, struct grid_error *err)
{
	struct batch *b = &run->batch;

	if (b->n > 0 && b->text.len + strlen(rec->source) > BATCH_BYTES &&
	    batch_flush(run, err) != 0)
		return -1;
	point(run, run->name, xs, ys, rec->line, &b->x[b->n], &b->y[b->n]);
	if (grid_buf_adds(&b->text, rec->source) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	b->end[b->n++] = b->text.len;
	return b->n == BATCH ? batch_flush(run, err) : 0;
}

/*
 * Whether a name is the one --x (a = 0) or --y (a = 1) gives or, when
 * that option is not given, one that says it holds the coordinate (says:
 * grid_coordinate_name) and that the other option does not give.
 */
static int
holds(const struct run *run, int a, const char *name, int says)
{
	if (run->given[a] != NULL)
		return strcmp(name, run->given[a]) == 0;
	return says == "xy"[a] && (run->given[!a] == NULL ||
	    strcmp(name, run->given[!a]) != 0);
}

/*
 * Where the coordinates are among n names (a CSV header, an NDJSON
 * record's keys): at[0] for x and at[1] for y, -1 when none (holds).  A
 * name that is exactly x or y wins over the other names clerks use, as
 * before those were known.  Returns 0, or the axis ('x' or 'y') that
 * several names could hold.
 */
static int
find_coordinates(const struct run *run, const char *const *names,
    size_t n, long at[2])
{
	long exact[2] = { -1, -1 };
	int a, says, several[2] = { 0, 0 };
	size_t i;

	at[0] = at[1] = -1;
	for (i = 0; i < n; i++) {
		says = run->given[0] == NULL || run->given[1] == NULL ?
		    grid_coordinate_name(names[i]) : 0;
		for (a = 0; a < 2; a++) {
			if (!holds(run, a, names[i], says))
				continue;
			if (run->given[a] == NULL &&
			    strcmp(names[i], a == 0 ? "x" : "y") == 0)
				exact[a] = (long)i;
			if (at[a] < 0)
				at[a] = (long)i;
			else if (run->given[a] == NULL)
				several[a] = 1;
		}
	}
	for (a = 0; a < 2; a++)
		if (exact[a] >= 0)
			at[a] = exact[a];
	for (a = 0; a < 2; a++)
		if (several[a] && exact[a] < 0)
			return "xy"[a];
	return 0;
}

/*
 * Appends 'a', 'b', ...: the names, or those that could hold axis ('x'
 * or 'y') when it is not 0; a few hundred bytes of them at most.
 * Returns 0, or -1 when out of memory.
 */
static int
name_list(const struct run *run, struct grid_buf *buf,
    const char *const *names, size_t n, int axis)
{
	size_t i, start = buf->len;

	for (i = 0; i < n; i++) {
		if (axis != 0 && !holds(run, axis == 'y', names[i],
		    grid_coordinate_name(names[i])))
			continue;
		if (buf->len - start > 200)
			return grid_buf_adds(buf, ", ...");
		if (grid_buf_addf(buf, "%s'%.64s'", buf->len > start ? ", " :
		    "", names[i]) != 0)
			return -1;
	}
	return 0;
}

/*
 * Appends the names clerks give the coordinate of axis: "x, lon, ...".
 * Returns 0, or -1 when out of memory.
 */
static int
known_names(struct grid_buf *buf, int axis)
{
	const char *p;

	for (p = grid_coordinate_names(axis); *p != '\0'; p++)
		if ((*p == '|' ? grid_buf_adds(buf, ", ") :
		    grid_buf_addc(buf, *p)) != 0)
			return -1;
	return 0;
}

/* The error of a message that could not be made. */
static int
no_memory(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/*
 * CSV: where x (a = 0) or y (a = 1) is, in run->xy[a]; else -1 with err
 * naming the columns that could be it, or that are there.
 */
static int
csv_coordinate(struct run *run, int a, int several,
    const char *const *header, size_t n, struct grid_error *err)
{
	static const char *const axis_name[2] = { "x", "y" };
	struct grid_buf list = GRID_BUF_INIT, known = GRID_BUF_INIT;
	int rc = 0;

	if (several == "xy"[a]) {
		if (name_list(run, &list, header, n, several) != 0)
			rc = no_memory(err);
		else
			rc = grid_error_set(err, GRID_EDATA, NULL, 0,
			    axis_name[a], "several columns could hold it: %s "
			    "(choose one with --%s)", list.data, axis_name[a]);
	} else if (run->xy[a] < 0 && run->given[a] != NULL) {
		rc = grid_error_set(err, GRID_EDATA, NULL, 0, run->given[a],
		    "no such column (name it with --%s)", axis_name[a]);
	} else if (run->xy[a] < 0) {
		if (name_list(run, &list, header, n, 0) != 0 ||
		    known_names(&known, "xy"[a]) != 0)
			rc = no_memory(err);
		else
			rc = grid_error_set(err, GRID_EDATA, NULL, 0,
			    axis_name[a], "no column named for it among %s "
			    "(name it with --%s, or call it %s)", list.len > 0 ?
			    list.data : "''", axis_name[a], known.data);
	}
	grid_buf_release(&list);
	grid_buf_release(&known);
	return rc;
}

/*
 * CSV: the columns of x and y in run->xy and run->name, or -1 with err
 * naming the file, the header's line and the columns found.
 */
static int
csv_coordinates(struct run *run, const char *const *header, size_t n,
    struct grid_error *err)
{
	int several = find_coordinates(run, header, n, run->xy), a;

	for (a = 0; a < 2; a++)
		if (csv_coordinate(run, a, several, header, n, err) != 0) {
			grid_error_locate(err, grid_reader_name(run->reader),
			    grid_reader_header_line(run->reader), NULL);
			return -1;
		}
	for (a = 0; a < 2; a++)
		run->name[a] = header[run->xy[a]];
	return 0;
}

/*
 * The note, once, on the columns (CSV) or keys (NDJSON) of the
 * coordinates when their names chose them and they are not x and y.
 */
static void
note_coordinates(struct run *run, const char *const name[2], long line,
    int csv)
{
	if (run->noted || run->c.quiet || (run->given[0] != NULL &&
	    run->given[1] != NULL) || (strcmp(name[0], "x") == 0 &&
	    strcmp(name[1], "y") == 0))
		return;
	run->noted = 1;
	if (csv)
		cli_warn("%s:%ld: coordinates from the columns '%s' (x) and "
		    "'%s' (y)", grid_reader_name(run->reader), line, name[0],
		    name[1]);
	else
		cli_warn("%s:%ld: coordinates from the keys '%s' (x) and '%s' "
		    "(y)", grid_reader_name(run->reader), line, name[0],
		    name[1]);
}

/* CSV: output columns are the header plus the added ones not in it. */
static int
csv_columns(struct run *run, struct grid_error *err)
{
	const char *const *header;
	struct grid_column *cols;
	struct grid_text_form form;
	enum grid_format format;
	size_t n, i, k;
	char delimiter;

	header = grid_reader_header(run->reader, &n);
	if (csv_coordinates(run, header, n, err) != 0)
		return -1;
	note_coordinates(run, run->name, grid_reader_header_line(run->reader),
	    1);
	cols = run->cols = calloc(n + 3, sizeof(*cols));
	run->values = calloc(n + 3, sizeof(*run->values));
	if (cols == NULL || run->values == NULL)
		return no_memory(err);
	for (i = 0; i < n; i++)
		cols[i].name = header[i];
	run->ncolumns = n;
	for (k = 0; k < 3; k++) {
		run->at[k] = -1;
		for (i = 0; i < n; i++)
			if (strcmp(header[i], added[k]) == 0)
				run->at[k] = (long)i;
		if (run->at[k] < 0) {
			run->at[k] = (long)run->ncolumns;
			cols[run->ncolumns++].name = added[k];
		}
	}
	/* -f, else the extension of -o, else as the input */
	if ((format = cli_format_asked(&run->c)) == GRID_FORMAT_NONE)
		format = grid_reader_delimiter(run->reader) == '\t' ?
		    GRID_FORMAT_TSV : GRID_FORMAT_CSV;
	if (format == GRID_FORMAT_GEOJSON) {
		/* one feature a row, at the row's point (cli_out_point) */
		cols[run->xy[0]].type = cols[run->xy[1]].type = GRID_COL_REAL;
		cli_out_columns(&run->output, cols, NULL, run->ncolumns);
		cli_out_point(&run->output, (size_t)run->xy[0],
		    (size_t)run->xy[1]);
		cli_out_set_format(&run->output, format);
		return 0;
	}
	/* Rows can be written as they were read, the codes added, when the
	 * output keeps the input's delimiter and the codes are new columns:
	 * unchanged, and with no quoting to redo.  A workbook's rows were
	 * never text. */
	delimiter = grid_reader_delimiter(run->reader);
	if (run->ncolumns == n + 3 && !grid_reader_workbook(run->reader) &&
	    ((delimiter == ',' && format == GRID_FORMAT_CSV) ||
	    (delimiter == '\t' && format == GRID_FORMAT_TSV)))
		run->fast = delimiter;
	/* a sheet goes back in its own encoding and line ends */
	grid_text_form_of(run->reader, &form);
	cli_out_form(&run->output, &form);
	cli_out_columns(&run->output, cols, NULL, run->ncolumns);
	cli_out_set_format(&run->output, format);
	run->writer = cli_out_writer(&run->output, err);
	return run->writer != NULL ? 0 : -1;
}

static int
csv_record(struct run *run, const struct grid_record *rec,
    struct grid_error *err)
{
	const char *xs, *ys;
	char codes[3][24];
	size_t i;
	int k;

	if (rec->bad_width) {
		size_t n;

		grid_reader_header(run->reader, &n);
		cli_warn("%s:%ld: %zu fields where the header has %zu; "
		    "written with the header's fields", grid_reader_name(
		    run->reader), rec->line, rec->width, n);
	}
	xs = (size_t)run->xy[0] < rec->nfields ? rec->values[run->xy[0]] :
	    NULL;
	ys = (size_t)run->xy[1] < rec->nfields ? rec->values[run->xy[1]] :
	    NULL;
	/* Written as read unless that would not give the cells the writer
	 * writes: a line break or a CR must be quoted (CSV) or escaped
	 * (TSV), and so must a quote or a backslash in TSV. */
	if (run->fast != 0 && !rec->bad_width &&
	    strpbrk(rec->source, run->fast == ',' ? "\r\n" : "\r\n\"\\")
	    == NULL)
		return batch_add(run, rec, xs, ys, err);
	if (batch_flush(run, err) != 0)
		return -1;
	for (i = 0; i < run->ncolumns; i++)
		run->values[i] = i < rec->nfields ? rec->raw[i] : "";
	place(run, run->name, xs, ys, rec->line, codes);
	for (k = 0; k < 3; k++)
		run->values[run->at[k]] = codes[k];
	if (run->writer == NULL)	/* geojson */
		return cli_out_row(&run->output, run->values, err);
	return grid_writer_row(run->writer, run->values, err);
}

/* Whether an NDJSON record has a key. */
static int
has_key(const struct grid_record *rec, const char *name)
{
	size_t i;

	for (i = 0; i < rec->nfields; i++)
		if (strcmp(rec->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * NDJSON: the record's point in codes[0..2], its keys found as a CSV
 * header's columns are; a record where several keys could hold a
 * coordinate is reported and in no grid.  Returns 0, or -1 with err
 * when out of memory.
 */
static int
ndjson_place(struct run *run, const struct grid_record *rec,
    char codes[3][24], struct grid_error *err)
{
	static const char *const axis_name[2] = { "x", "y" };
	struct grid_buf list = GRID_BUF_INIT;
	const char *name[2], *value[2];
	long at[2];
	int several = find_coordinates(run, rec->names, rec->nfields, at), a;

	if (several != 0) {
		run->unusable++;
		a = several == 'y';
		if (name_list(run, &list, rec->names, rec->nfields,
		    several) != 0) {
			grid_buf_release(&list);
			return no_memory(err);
		}
		cli_warn("%s:%ld: %s: several keys could hold it: %s (choose "
		    "one with --%s); passed through without a grid",
		    grid_reader_name(run->reader), rec->line, axis_name[a],
		    list.data, axis_name[a]);
		grid_buf_release(&list);
		codes_of(NULL, codes);
		return 0;
	}
	for (a = 0; a < 2; a++) {
		name[a] = at[a] >= 0 ? rec->names[at[a]] : run->given[a] !=
		    NULL ? run->given[a] : axis_name[a];
		value[a] = at[a] >= 0 ? rec->values[at[a]] : NULL;
	}
	if (at[0] >= 0 && at[1] >= 0)
		note_coordinates(run, name, rec->line, 0);
	place(run, name, value[0], value[1], rec->line, codes);
	return 0;
}

/* NDJSON with some of the keys already there: their values replaced. */
static int
ndjson_replace(struct run *run, const char *text, char codes[3][24],
    struct grid_error *err)
{
	json_t *obj = json_loads(text, 0, NULL);
	char *dump;
	int k, rc;

	if (obj == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "cannot parse a record again");
	for (k = 0; k < 3; k++)
		json_object_set_new(obj, added[k], json_string(codes[k]));
	/* 15 digits: what a decimal coordinate was written with reads back
	 * the same (17 would turn 31.311876 into 31.311876000000002). */
	dump = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(obj);
	if (dump == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	rc = fprintf(run->out, "%s\n", dump) < 0 ? grid_error_set(err,
	    GRID_EIO, NULL, 0, NULL, "write error") : 0;
	free(dump);
	return rc;
}

/* NDJSON: the line as read, with the three keys added before its '}'. */
static int
ndjson_record(struct run *run, const struct grid_record *rec,
    struct grid_error *err)
{
	const char *text = rec->text, *end;
	char codes[3][24];
	int k, present = 0;

	if (rec->nfields == 0 && err->code != 0) {
		/* Not a JSON object: reported, and written back as it was. */
		run->unusable++;
		cli_error(err);
		grid_error_clear(err);
		if (fprintf(run->out, "%s\n", text) < 0)
			return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
			    "write error");
		return 0;
	}
	if (ndjson_place(run, rec, codes, err) != 0)
		return -1;
	for (k = 0; k < 3; k++)
		present |= has_key(rec, added[k]);
	if (present)
		return ndjson_replace(run, text, codes, err);
	end = text + strlen(text);
	while (end > text && end[-1] != '}')
		end--;
	grid_buf_reset(&run->line);
	if (grid_buf_add(&run->line, text, end > text ? (size_t)(end - text -
	    1) : 0) != 0)
		return no_memory(err);
	for (k = 0; k < 3; k++)
		if (grid_buf_addf(&run->line, "%s\"%s\":", rec->nfields > 0 ||
		    k > 0 ? "," : "", added[k]) != 0 ||
		    grid_json_quote(&run->line, codes[k]) != 0)
			return no_memory(err);
	if (grid_buf_adds(&run->line, "}\n") != 0)
		return no_memory(err);
	if (fwrite(run->line.data, 1, run->line.len, run->out) !=
	    run->line.len)
		return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
		    "write error");
	return 0;
}

static int
stream(struct run *run, struct grid_error *err)
{
	const struct grid_record *rec;
	struct cli_progress progress;
	uint64_t done, total;
	int ndjson = grid_reader_format(run->reader) == GRID_INPUT_NDJSON;
	int rc;

	if (ndjson && cli_format_asked(&run->c) != GRID_FORMAT_NONE &&
	    cli_format_asked(&run->c) != GRID_FORMAT_NDJSON)
		cli_usage_error("locate: NDJSON input is written as NDJSON");
	if (!ndjson && csv_columns(run, err) != 0)
		return -1;
	cli_progress_init(&progress, run->c.quiet);
	while ((rc = grid_reader_next(run->reader, &rec, err)) == 1) {
		run->records++;
		if ((ndjson ? ndjson_record(run, rec, err) :
		    csv_record(run, rec, err)) != 0)
			return -1;
		if (run->records % 65536 == 0) {
			grid_reader_progress(run->reader, &done, &total);
			cli_progress_show(&progress, grid_reader_name(
			    run->reader), done, total, run->records);
		}
	}
	cli_progress_done(&progress);
	/* the rows read before an input error are written, as before */
	if (batch_flush(run, err) != 0 || rc < 0)
		return -1;
	return 0;	/* the writer is finished by cli_out_close */
}

static void
parse(struct run *run, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "point", required_argument, NULL, 'p' },
		{ "x", required_argument, NULL, 'x' },
		{ "y", required_argument, NULL, 'y' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "input-format", required_argument, NULL, 'i' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	int opt, v;

	/* rows out as they come in: memory does not grow with the input,
	 * so no table or md, which align their rows at the end */
	run->c.writes = CLI_WRITES_STREAM | CLI_WRITES_PLACES;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&run->c, opt, optarg, usage))
			continue;
		switch (opt) {
		case 'p': run->point = optarg; break;
		case 'x': run->given[0] = optarg; break;
		case 'y': run->given[1] = optarg; break;
		case 'e':
			if ((v = grid_encoding_parse(optarg)) < 0)
				cli_usage_error("--encoding: expected auto, "
				    "utf-8 or gb18030, not '%s'", optarg);
			run->ropts.encoding = (enum grid_encoding)v;
			break;
		case 'i':
			if (strcmp(optarg, "csv") == 0)
				run->ropts.format = GRID_INPUT_CSV;
			else if (strcmp(optarg, "ndjson") == 0)
				run->ropts.format = GRID_INPUT_NDJSON;
			else if (strcmp(optarg, "auto") != 0)
				cli_usage_error("--input-format: expected "
				    "auto, csv or ndjson, not '%s'", optarg);
			break;
		default:
			cli_bad_option();
		}
	}
	if (argc - optind > 1)
		cli_usage_error("locate: expected at most one input file");
	cli_format_check(&run->c);
}

/* --point X,Y: one lookup through the R*Tree, printed as a line. */
static int
one_point(struct run *run, struct grid_db *db)
{
	struct grid_error err;
	char xs[64], code[32];
	const char *comma = strchr(run->point, ',');
	double x, y;
	int rc;

	snprintf(xs, sizeof(xs), "%.*s", comma != NULL ? (int)(comma -
	    run->point) : 0, run->point);
	if (comma == NULL || grid_coordinate_parse(xs, &x) != 0 ||
	    grid_coordinate_parse(comma + 1, &y) != 0)
		cli_usage_error("--point: expected X,Y, not '%s'", run->point);
	rc = grid_locate_point(db, x, y, code, sizeof(code), &err);
	if (rc < 0) {
		cli_error(&err);
		return err.code;
	}
	printf("%s\n", rc == 1 ? code : "");
	return 0;
}

int
assign_locate(int argc, char **argv)
{
	struct run run = { .point = NULL };
	struct grid_error err;
	struct grid_db *db;
	int status = 0, rc;

	parse(&run, argc, argv);
	grid_buf_init(&run.line, 0);
	grid_buf_init(&run.batch.text, 0);
	if ((db = cli_open_db(&run.c, 1, &status)) == NULL)
		return status;
	if (run.point != NULL) {
		status = one_point(&run, db);
		grid_db_close(db);
		return status;
	}
	run.loc = grid_locator_new(db, &err);
	grid_db_close(db);
	if (run.loc == NULL ||
	    (run.reader = grid_reader_open(optind < argc ? argv[optind] : "-",
	    &run.ropts, &err)) == NULL ||
	    cli_out_open(&run.output, &run.c, &err) != 0) {
		cli_error(&err);
		grid_locator_free(run.loc);
		grid_reader_close(run.reader);
		return err.code;
	}
	run.out = cli_out_stream(&run.output);
	rc = stream(&run, &err);
	if (rc != 0)
		cli_error(&err);
	if (cli_out_close(&run.output, rc == 0, &err) != 0 && rc == 0) {
		cli_error(&err);
		rc = -1;
	}
	if (!run.c.quiet && rc == 0)
		fprintf(stderr, _("%s: %s: %ld records, %ld in a grid, "
		    "%ld in none, %ld without usable coordinates\n"),
		    cli_progname(), grid_reader_name(run.reader),
		    run.records, run.located, run.records - run.located -
		    run.unusable, run.unusable);
	grid_reader_close(run.reader);
	grid_locator_free(run.loc);
	free(run.values);
	free(run.cols);
	grid_buf_release(&run.line);
	grid_buf_release(&run.batch.text);
	if (rc != 0)
		return err.code != 0 ? err.code : GRID_EINTERNAL;
	return run.unusable > 0 ? GRID_EDATA : 0;
}
