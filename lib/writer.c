/*
 * writer.c - rows out as ndjson, csv, tsv, table or md.
 *
 * What writer.h leaves open, decided here:
 * - Every format ends its lines with "\n", csv included: RFC 4180 asks for
 *   CRLF, but the readers we meet take LF and Unix tools want it.  A csv
 *   or tsv writer given a form (a sheet written back as it came) ends
 *   them as the form says, and so does the encoder.
 * - ndjson is compact (no spaces).  An integer or real column value is a
 *   JSON number exactly when its text matches the JSON number grammar
 *   ("12", "-0.5", "1e3"); anything else ("0012", "+1", "", "abc") stays a
 *   string.  Values must be valid UTF-8: bytes are copied as they are.
 * - csv has no BOM, unless a form asks for one.  NULL and "" are both an
 *   empty field, except that a one-column row whose value is empty is
 *   written "" so that it is not a blank line, which readers skip.
 * - csv quotes a field that holds the delimiter, a quote, CR or LF, as RFC
 *   4180 asks (a CR alone too: some readers end a line there), and one
 *   with a blank at either end, which many readers would trim.  A line
 *   break inside a field is written as it is, CR LF or LF.
 * - tsv follows PostgreSQL's text format: a tab, LF, CR or backslash in a
 *   value is written \t, \n, \r, \\.  NULL is empty (not \N).
 * - A fitted table (grid_writer_fit) keeps its main columns while they fit:
 *   each counts its widest cell and the two spaces before it.  The width
 *   is of the table's lines: notes under it are the caller's.
 * - table and md show control characters (C0, DEL, C1) as a space, so a
 *   value can neither break the layout nor drive the terminal.  table lines
 *   lose their trailing spaces.  md columns are padded too, so the source
 *   reads as a table; its rules are at least three dashes.
 * - After a failure the writer fails again, with the same error, on every
 *   later call.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "grid/text.h"
#include "grid/writer.h"
#include "internal.h"

struct grid_encoder {
	FILE *out;		/* borrowed */
	iconv_t cd;		/* UTF-8 -> GB18030, or (iconv_t)-1 */
	int bom_due;		/* the BOM is still to be written */
	const char *newline;
};

struct grid_writer {
	struct grid_encoder *enc;	/* its form: csv and tsv only */
	enum grid_format format;
	size_t ncolumns;
	char **names;		/* owned copies of the column names */
	enum grid_coltype *types;
	size_t *widths;		/* table, md: display width of each column */
	unsigned *fit;		/* table: place in the main columns, 1 first */
	char *shown;		/* table, md: 1 for a column written */
	int fitted;		/* table: grid_writer_fit was called */
	size_t fit_width;	/* its width, 0 no limit */
	grid_writer_left_out_fn left_out;
	void *left_out_ctx;
	struct grid_buf line;	/* the line being written */
	struct grid_buf cells;	/* table, md: header and rows, NUL-ended */
	size_t nrows;		/* table, md: rows in cells, header included */
	int finished;
	int failed;
	struct grid_error error;	/* the first failure */
};

static const char *const format_names[] = {
	"", "ndjson", "csv", "tsv", "table", "md", "html"
};
#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

enum grid_format
grid_format_parse(const char *name)
{
	size_t i;

	if (name == NULL)
		return GRID_FORMAT_NONE;
	for (i = 1; i < NFORMATS; i++)
		if (strcmp(name, format_names[i]) == 0)
			return (enum grid_format)i;
	return GRID_FORMAT_NONE;
}

const char *
grid_format_name(enum grid_format format)
{
	if ((size_t)format >= NFORMATS)
		return "";
	return format_names[format];
}

/* ---- text out in a form ---- */

void
grid_text_form_of(const struct grid_reader *r, struct grid_text_form *form)
{
	form->encoding = grid_reader_encoding(r);
	form->bom = grid_reader_has_bom(r);
	form->crlf = grid_reader_crlf(r);
}

struct grid_encoder *
grid_encoder_new(FILE *out, const struct grid_text_form *form,
    struct grid_error *err)
{
	struct grid_encoder *enc = calloc(1, sizeof(*enc));

	if (enc == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	enc->out = out;
	enc->cd = (iconv_t)-1;
	enc->newline = form != NULL && form->crlf ? "\r\n" : "\n";
	if (form != NULL && form->encoding == GRID_ENC_GB18030) {
		enc->cd = iconv_open("GB18030", "UTF-8");
		if (enc->cd == (iconv_t)-1) {
			free(enc);
			grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
			    "iconv cannot convert to GB18030");
			return NULL;
		}
	} else if (form != NULL)
		enc->bom_due = form->bom;
	return enc;
}

static int
write_bytes(FILE *out, const char *bytes, size_t n, struct grid_error *err)
{
	errno = 0;
	if (n == 0 || fwrite(bytes, 1, n, out) == n)
		return 0;
	if (errno != 0)
		return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
		    "write error: %s", strerror(errno));
	return grid_error_set(err, GRID_EIO, NULL, 0, NULL, "write error");
}

int
grid_encoder_write(struct grid_encoder *enc, const char *text, size_t n,
    struct grid_error *err)
{
	char tmp[4096], *in = (char *)text, *out;
	size_t inleft = n, outleft;

	if (enc->bom_due) {
		enc->bom_due = 0;
		if (write_bytes(enc->out, "\xef\xbb\xbf", 3, err) != 0)
			return -1;
	}
	if (enc->cd == (iconv_t)-1)
		return write_bytes(enc->out, text, n, err);
	while (inleft > 0) {
		out = tmp;
		outleft = sizeof(tmp);
		if (iconv(enc->cd, &in, &inleft, &out, &outleft) ==
		    (size_t)-1 && errno != E2BIG)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "cannot convert to GB18030: %s", strerror(errno));
		if (write_bytes(enc->out, tmp, sizeof(tmp) - outleft, err) != 0)
			return -1;
	}
	return 0;
}

const char *
grid_encoder_newline(const struct grid_encoder *enc)
{
	return enc->newline;
}

void
grid_encoder_free(struct grid_encoder *enc)
{
	if (enc == NULL)
		return;
	if (enc->cd != (iconv_t)-1)
		iconv_close(enc->cd);
	free(enc);
}

/* ---- rows ---- */

/* Undoes a partly done append: buf back to len bytes. */
static int
rollback(struct grid_buf *buf, size_t len)
{
	buf->len = len;
	if (buf->data != NULL)
		buf->data[len] = '\0';
	return -1;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
csv_needs_quotes(const char *s, char delimiter)
{
	size_t n = strlen(s);

	if (n > 0 && (is_blank(s[0]) || is_blank(s[n - 1])))
		return 1;
	for (; *s != '\0'; s++)
		if (*s == delimiter || *s == '"' || *s == '\r' || *s == '\n')
			return 1;
	return 0;
}

int
grid_csv_quote(struct grid_buf *buf, const char *s, char delimiter)
{
	size_t start = buf->len;
	const char *quote;

	if (!csv_needs_quotes(s, delimiter))
		return grid_buf_adds(buf, s);
	if (grid_buf_addc(buf, '"') != 0)
		return -1;
	while ((quote = strchr(s, '"')) != NULL) {
		if (grid_buf_add(buf, s, (size_t)(quote - s) + 1) != 0 ||
		    grid_buf_addc(buf, '"') != 0)
			return rollback(buf, start);
		s = quote + 1;
	}
	if (grid_buf_adds(buf, s) != 0 || grid_buf_addc(buf, '"') != 0)
		return rollback(buf, start);
	return 0;
}

static int
json_escape(struct grid_buf *buf, unsigned char c)
{
	switch (c) {
	case '"':
		return grid_buf_adds(buf, "\\\"");
	case '\\':
		return grid_buf_adds(buf, "\\\\");
	case '\b':
		return grid_buf_adds(buf, "\\b");
	case '\f':
		return grid_buf_adds(buf, "\\f");
	case '\n':
		return grid_buf_adds(buf, "\\n");
	case '\r':
		return grid_buf_adds(buf, "\\r");
	case '\t':
		return grid_buf_adds(buf, "\\t");
	default:
		return grid_buf_addf(buf, "\\u%04x", (unsigned int)c);
	}
}

int
grid_json_quote(struct grid_buf *buf, const char *s)
{
	size_t start = buf->len;
	const char *span = s;
	unsigned char c;

	if (grid_buf_addc(buf, '"') != 0)
		return -1;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (grid_buf_add(buf, span, (size_t)(s - span)) != 0 ||
		    json_escape(buf, c) != 0)
			return rollback(buf, start);
		span = s + 1;
	}
	if (grid_buf_add(buf, span, (size_t)(s - span)) != 0 ||
	    grid_buf_addc(buf, '"') != 0)
		return rollback(buf, start);
	return 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *
skip_digits(const char *s)
{
	while (is_digit(*s))
		s++;
	return s;
}

/* Whether s is a number by the JSON grammar (RFC 8259, section 6). */
int
gridi_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (is_digit(*s))
		s = skip_digits(s);
	else
		return 0;
	if (*s == '.') {
		if (!is_digit(*++s))
			return 0;
		s = skip_digits(s);
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			return 0;
		s = skip_digits(s);
	}
	return *s == '\0';
}

static int
is_numeric(enum grid_coltype type)
{
	return type == GRID_COL_INT || type == GRID_COL_REAL;
}

/* The first failure is kept and given again on every later call. */
static int
fail(struct grid_writer *w, struct grid_error *err)
{
	w->failed = 1;
	if (err != NULL)
		*err = w->error;
	return -1;
}

static int
fail_memory(struct grid_writer *w, struct grid_error *err, const char *what)
{
	grid_error_set(&w->error, GRID_EDATA, NULL, 0, NULL,
	    "%s too large: out of memory or over %zu bytes", what,
	    (size_t)GRID_BUF_DEFAULT_MAX);
	return fail(w, err);
}

static int
put(struct grid_writer *w, const char *text, size_t n,
    struct grid_error *err)
{
	if (n == 0 || grid_encoder_write(w->enc, text, n, &w->error) == 0)
		return 0;
	return fail(w, err);
}

static int
add_json_value(struct grid_buf *buf, enum grid_coltype type,
    const char *value)
{
	if (value == NULL)
		return grid_buf_adds(buf, "null");
	if (is_numeric(type) && gridi_json_number(value))
		return grid_buf_adds(buf, value);
	return grid_json_quote(buf, value);
}

static int
build_ndjson(struct grid_writer *w, const char *const *values)
{
	struct grid_buf *buf = &w->line;
	size_t i;

	for (i = 0; i < w->ncolumns; i++) {
		if (grid_buf_addc(buf, i == 0 ? '{' : ',') != 0 ||
		    grid_json_quote(buf, w->names[i]) != 0 ||
		    grid_buf_addc(buf, ':') != 0 ||
		    add_json_value(buf, w->types[i], values[i]) != 0)
			return -1;
	}
	return grid_buf_adds(buf, "}\n");
}

static int
build_csv(struct grid_writer *w, const char *const *values)
{
	struct grid_buf *buf = &w->line;
	const char *value;
	size_t i;
	int r;

	for (i = 0; i < w->ncolumns; i++) {
		value = values[i] != NULL ? values[i] : "";
		if (i > 0 && grid_buf_addc(buf, ',') != 0)
			return -1;
		if (w->ncolumns == 1 && value[0] == '\0')
			r = grid_buf_adds(buf, "\"\"");
		else
			r = grid_csv_quote(buf, value, ',');
		if (r != 0)
			return -1;
	}
	return grid_buf_adds(buf, w->enc->newline);
}

static const char *
tsv_escape(char c)
{
	switch (c) {
	case '\t':
		return "\\t";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\\':
		return "\\\\";
	default:
		return NULL;
	}
}

static int
add_tsv_value(struct grid_buf *buf, const char *s)
{
	const char *span = s, *escape;

	for (; *s != '\0'; s++) {
		if ((escape = tsv_escape(*s)) == NULL)
			continue;
		if (grid_buf_add(buf, span, (size_t)(s - span)) != 0 ||
		    grid_buf_adds(buf, escape) != 0)
			return -1;
		span = s + 1;
	}
	return grid_buf_add(buf, span, (size_t)(s - span));
}

static int
build_tsv(struct grid_writer *w, const char *const *values)
{
	struct grid_buf *buf = &w->line;
	size_t i;

	for (i = 0; i < w->ncolumns; i++) {
		if (i > 0 && grid_buf_addc(buf, '\t') != 0)
			return -1;
		if (values[i] != NULL && add_tsv_value(buf, values[i]) != 0)
			return -1;
	}
	return grid_buf_adds(buf, w->enc->newline);
}

/*
 * Appends s for table or md: control characters (C0, DEL, and C1 as
 * U+0080-U+009F) become a space; md escapes | as \|.
 */
static int
add_display(struct grid_buf *buf, const char *s, int md)
{
	const unsigned char *p = (const unsigned char *)s;
	int r;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			r = grid_buf_addc(buf, ' ');
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			r = grid_buf_addc(buf, ' ');
			p++;
		} else if (md && *p == '|')
			r = grid_buf_adds(buf, "\\|");
		else
			r = grid_buf_addc(buf, (char)*p);
		if (r != 0)
			return -1;
	}
	return 0;
}

/* table, md: keeps a row (or the header) in cells and widens columns. */
static int
store_row(struct grid_writer *w, const char *const *values)
{
	struct grid_buf *cells = &w->cells;
	size_t row_start = cells->len, start, width, i;
	int md = w->format == GRID_FORMAT_MD;

	for (i = 0; i < w->ncolumns; i++) {
		start = cells->len;
		if (add_display(cells, values[i] != NULL ? values[i] : "",
		    md) != 0 || grid_buf_add(cells, "", 1) != 0)
			return rollback(cells, row_start);
		width = grid_utf8_width(cells->data + start);
		if (width > w->widths[i])
			w->widths[i] = width;
	}
	w->nrows++;
	return 0;
}

static int
add_repeat(struct grid_buf *buf, char c, size_t n)
{
	for (; n > 0; n--)
		if (grid_buf_addc(buf, c) != 0)
			return -1;
	return 0;
}

/* Appends cell padded to width: right-aligned or left-aligned. */
static int
add_aligned(struct grid_buf *buf, const char *cell, size_t width, int right)
{
	size_t cell_width = grid_utf8_width(cell);
	size_t pad = width > cell_width ? width - cell_width : 0;

	if (right && add_repeat(buf, ' ', pad) != 0)
		return -1;
	if (grid_buf_adds(buf, cell) != 0)
		return -1;
	return right ? 0 : add_repeat(buf, ' ', pad);
}

/* Builds one table or md line from the cells at *cell; moves *cell on. */
static int
build_aligned(struct grid_writer *w, const char **cell)
{
	struct grid_buf *buf = &w->line;
	int md = w->format == GRID_FORMAT_MD;
	size_t i;

	size_t first = 1;

	if (md && grid_buf_addc(buf, '|') != 0)
		return -1;
	for (i = 0; i < w->ncolumns; *cell += strlen(*cell) + 1, i++) {
		if (!w->shown[i])
			continue;
		if (grid_buf_adds(buf, md ? " " : !first ? "  " : "") != 0 ||
		    add_aligned(buf, *cell, w->widths[i],
		    is_numeric(w->types[i])) != 0 ||
		    (md && grid_buf_adds(buf, " |") != 0))
			return -1;
		first = 0;
	}
	while (!md && buf->len > 0 && buf->data[buf->len - 1] == ' ')
		buf->data[--buf->len] = '\0';
	return grid_buf_addc(buf, '\n');
}

/* The line under the header: dashes, with ---: over md number columns. */
static int
build_rule(struct grid_writer *w)
{
	struct grid_buf *buf = &w->line;
	int md = w->format == GRID_FORMAT_MD;
	size_t i, width, first = 1;

	if (md && grid_buf_addc(buf, '|') != 0)
		return -1;
	for (i = 0; i < w->ncolumns; i++) {
		if (!w->shown[i])
			continue;
		width = w->widths[i];
		if (md && is_numeric(w->types[i]))
			width--;
		if (grid_buf_adds(buf, md ? " " : !first ? "  " : "") != 0 ||
		    add_repeat(buf, '-', width) != 0 ||
		    (md && is_numeric(w->types[i]) &&
		    grid_buf_addc(buf, ':') != 0) ||
		    (md && grid_buf_adds(buf, " |") != 0))
			return -1;
		first = 0;
	}
	return grid_buf_addc(buf, '\n');
}

static int
check_arguments(FILE *out, enum grid_format format,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err)
{
	size_t i;

	if (out == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: no output stream");
	if (format == GRID_FORMAT_NONE || format == GRID_FORMAT_HTML ||
	    (size_t)format >= NFORMATS)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: cannot write format %d", (int)format);
	if (columns == NULL || ncolumns == 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: no columns");
	for (i = 0; i < ncolumns; i++)
		if (columns[i].name == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "writer: column %zu has no name", i + 1);
	return 0;
}

static int
copy_columns(struct grid_writer *w, const struct grid_column *columns)
{
	size_t i;

	w->names = calloc(w->ncolumns, sizeof(*w->names));
	w->types = calloc(w->ncolumns, sizeof(*w->types));
	w->widths = calloc(w->ncolumns, sizeof(*w->widths));
	w->fit = calloc(w->ncolumns, sizeof(*w->fit));
	w->shown = malloc(w->ncolumns);
	if (w->names == NULL || w->types == NULL || w->widths == NULL ||
	    w->fit == NULL || w->shown == NULL)
		return -1;
	memset(w->shown, 1, w->ncolumns);
	for (i = 0; i < w->ncolumns; i++) {
		if ((w->names[i] = strdup(columns[i].name)) == NULL)
			return -1;
		w->types[i] = columns[i].type;
	}
	return 0;
}

/* csv, tsv: the header row now; table, md: the header kept as row 0. */
static int
write_header(struct grid_writer *w, struct grid_error *err)
{
	const char *const *names = (const char *const *)w->names;

	switch (w->format) {
	case GRID_FORMAT_CSV:
		if (build_csv(w, names) != 0)
			return fail_memory(w, err, "header");
		return put(w, w->line.data, w->line.len, err);
	case GRID_FORMAT_TSV:
		if (build_tsv(w, names) != 0)
			return fail_memory(w, err, "header");
		return put(w, w->line.data, w->line.len, err);
	case GRID_FORMAT_TABLE:
	case GRID_FORMAT_MD:
		if (store_row(w, names) != 0)
			return fail_memory(w, err, "header");
		return 0;
	default:
		return 0;
	}
}

struct grid_writer *
grid_writer_new(FILE *out, enum grid_format format,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err)
{
	return grid_writer_new_form(out, format, columns, ncolumns, NULL,
	    err);
}

struct grid_writer *
grid_writer_new_form(FILE *out, enum grid_format format,
    const struct grid_column *columns, size_t ncolumns,
    const struct grid_text_form *form, struct grid_error *err)
{
	struct grid_writer *w;

	if (check_arguments(out, format, columns, ncolumns, err) != 0)
		return NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		goto nomem;
	if (format != GRID_FORMAT_CSV && format != GRID_FORMAT_TSV)
		form = NULL;
	if ((w->enc = grid_encoder_new(out, form, err)) == NULL)
		goto fail;
	w->format = format;
	w->ncolumns = ncolumns;
	grid_buf_init(&w->line, 0);
	grid_buf_init(&w->cells, 0);
	if (copy_columns(w, columns) != 0)
		goto nomem;
	if (write_header(w, err) != 0)
		goto fail;
	grid_buf_reset(&w->line);
	return w;
nomem:
	grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL, "out of memory");
fail:
	grid_writer_free(w);
	return NULL;
}

int
grid_writer_row(struct grid_writer *w, const char *const *values,
    struct grid_error *err)
{
	int r;

	if (w->failed)
		return fail(w, err);
	if (values == NULL || w->finished)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: %s", values == NULL ? "no values" :
		    "row after finish");
	grid_buf_reset(&w->line);
	switch (w->format) {
	case GRID_FORMAT_NDJSON:
		r = build_ndjson(w, values);
		break;
	case GRID_FORMAT_CSV:
		r = build_csv(w, values);
		break;
	case GRID_FORMAT_TSV:
		r = build_tsv(w, values);
		break;
	default:
		if (store_row(w, values) != 0)
			return fail_memory(w, err, "table");
		return 0;
	}
	if (r != 0)
		return fail_memory(w, err, "row");
	return put(w, w->line.data, w->line.len, err);
}

int
grid_writer_text(struct grid_writer *w, const char *text, size_t n,
    struct grid_error *err)
{
	if (w->failed)
		return fail(w, err);
	if (w->finished || w->format == GRID_FORMAT_TABLE ||
	    w->format == GRID_FORMAT_MD)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: %s", w->finished ? "row after finish" :
		    "text in an aligned format");
	return put(w, text, n, err);
}

const char *
grid_writer_newline(const struct grid_writer *w)
{
	return w->enc->newline;
}

int
grid_writer_fit(struct grid_writer *w, size_t width,
    const char *const *main, const char *const *headers,
    grid_writer_left_out_fn left_out, void *ctx, struct grid_error *err)
{
	const char **row;
	size_t i, k;
	unsigned place = 0;

	if (w->failed)
		return fail(w, err);
	if (w->format != GRID_FORMAT_TABLE)
		return 0;
	if (w->nrows != 1 || w->finished)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "writer: fit after the first row");
	w->fitted = 1;
	w->fit_width = width;
	w->left_out = left_out;
	w->left_out_ctx = ctx;
	for (i = 0; i < w->ncolumns; i++)
		w->fit[i] = main == NULL ? (unsigned)i + 1 : 0;
	for (k = 0; main != NULL && main[k] != NULL; k++)
		for (i = 0; i < w->ncolumns; i++)
			if (w->fit[i] == 0 && strcmp(main[k], w->names[i]) == 0)
				w->fit[i] = ++place;
	if (headers == NULL)
		return 0;
	if ((row = calloc(w->ncolumns, sizeof(*row))) == NULL)
		return fail_memory(w, err, "header");
	for (i = 0; i < w->ncolumns; i++)
		row[i] = headers[i] != NULL ? headers[i] : w->names[i];
	/* the header again, as row 0 */
	grid_buf_reset(&w->cells);
	memset(w->widths, 0, w->ncolumns * sizeof(*w->widths));
	w->nrows = 0;
	if (store_row(w, row) != 0) {
		free(row);
		return fail_memory(w, err, "header");
	}
	free(row);
	return 0;
}

/* The next main column after place (a fit), or 0 when none is. */
static unsigned
next_fit(const struct grid_writer *w, unsigned place, size_t *column)
{
	unsigned best = 0;
	size_t i;

	for (i = 0; i < w->ncolumns; i++)
		if (w->fit[i] > place && (best == 0 || w->fit[i] < best)) {
			best = w->fit[i];
			*column = i;
		}
	return best;
}

/*
 * A fitted table: which columns show (w->shown), and the caller told
 * what was left out.  Returns 0 or -1 (no memory).
 */
static int
choose_columns(struct grid_writer *w)
{
	const char **names;
	size_t i, col = 0, used = 0, n = 0;
	unsigned place = 0;

	memset(w->shown, 0, w->ncolumns);
	while ((place = next_fit(w, place, &col)) != 0) {
		if (w->fit_width > 0 && used > 0 &&
		    used + 2 + w->widths[col] > w->fit_width)
			break;
		used += (used > 0 ? 2 : 0) + w->widths[col];
		w->shown[col] = 1;
	}
	if (w->left_out == NULL)
		return 0;
	if ((names = calloc(w->ncolumns, sizeof(*names))) == NULL)
		return -1;
	for (i = 0; i < w->ncolumns; i++)
		if (!w->shown[i])
			names[n++] = w->names[i];
	if (n > 0)
		w->left_out(w->left_out_ctx, names, n, w->fit_width);
	free(names);
	return 0;
}

/* table, md: the header, the rule, then every row kept. */
static int
write_aligned(struct grid_writer *w, struct grid_error *err)
{
	const char *cell = w->cells.data;
	size_t row, i, least = w->format == GRID_FORMAT_MD ? 3 : 1;

	for (i = 0; i < w->ncolumns; i++)
		if (w->widths[i] < least)
			w->widths[i] = least;
	if (w->fitted && choose_columns(w) != 0)
		return fail_memory(w, err, "table");
	for (row = 0; row < w->nrows; row++) {
		grid_buf_reset(&w->line);
		if (build_aligned(w, &cell) != 0)
			return fail_memory(w, err, "row");
		if (row == 0 && build_rule(w) != 0)
			return fail_memory(w, err, "row");
		if (put(w, w->line.data, w->line.len, err) != 0)
			return -1;
	}
	return 0;
}

int
grid_writer_finish(struct grid_writer *w, struct grid_error *err)
{
	if (w->failed)
		return fail(w, err);
	if (w->finished)
		return 0;
	w->finished = 1;
	if (w->format != GRID_FORMAT_TABLE && w->format != GRID_FORMAT_MD)
		return 0;
	if (write_aligned(w, err) != 0)
		return -1;
	grid_buf_release(&w->cells);
	return 0;
}

void
grid_writer_free(struct grid_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; w->names != NULL && i < w->ncolumns; i++)
		free(w->names[i]);
	free(w->names);
	free(w->types);
	free(w->widths);
	free(w->fit);
	free(w->shown);
	grid_encoder_free(w->enc);
	grid_buf_release(&w->line);
	grid_buf_release(&w->cells);
	free(w);
}
