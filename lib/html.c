/*
 * html.c - one self-contained HTML page: style sheet, headings, tables
 * and inline SVG charts (html.h).
 *
 * What html.h leaves open, decided here:
 * - The page is polyglot HTML5: it is well-formed XML too (every element
 *   closed, attributes quoted, no entities but the five of XML), so it can
 *   be checked or read with an XML parser.  Text is escaped on the way
 *   out: & < > " ' as entities, control characters (C0, DEL, C1) as a
 *   space, and bytes that are not UTF-8 (or U+FFFE, U+FFFF, which XML
 *   forbids) as U+FFFD.
 * - Each part is built in a buffer and written when it ends (and every
 *   64 KiB of a long table), so memory stays small; grid_html_end flushes
 *   the stream, so a full disk is seen at the latest there.  After a
 *   failure every call fails again with the first error.
 * - Every chart is 720 units wide (viewBox) and drawn at the width of the
 *   page; its height grows with its rows.  Coordinates have one decimal,
 *   without a trailing ".0"; values "%.2f"; axis ticks "%.2f" without
 *   trailing zeros.  A value that is NAN (or infinite) is a gap.
 * - Numbers go through snprintf, which follows LC_NUMERIC: "C" unless a
 *   program calls setlocale (libgrid never does; a tool that does may
 *   leave LC_NUMERIC alone).  Should another decimal sign appear anyway,
 *   number() puts the point back, so a page never holds "12,50".
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/html.h"
#include "grid/text.h"
#include "internal.h"

#define DRAIN_AT	((size_t)64 << 10)	/* write the buffer past this */
#define NUMBERS		8	/* number slots: see number() */
#define NUMBER_SIZE	320	/* "%.2f" of DBL_MAX fits */

#define WIDTH		720	/* every chart's viewBox width */

/* Bar chart: label column, bars from BAR_X, room for the value after. */
#define BAR_LABEL_END	172
#define BAR_X		180
#define BAR_SPAN	440
#define BAR_ROW		22
#define BAR_HEIGHT	14
#define BAR_PAD		6	/* above the first and below the last row */
#define BAR_FILL	"#4a6fa5"
#define GAP_FILL	"#666666"	/* the text standing for a gap */

/* Line chart: tick labels left of the plot, x labels and legend under. */
#define LINE_LEFT	56
#define LINE_RIGHT	16
#define LINE_TOP	12
#define LINE_PLOT_H	240
#define LINE_PLOT_W	(WIDTH - LINE_LEFT - LINE_RIGHT)
#define LINE_BOTTOM	(LINE_TOP + LINE_PLOT_H)
#define LINE_XLABELS	24	/* the band of x labels under the plot */
#define LINE_TICKS	4	/* intervals: 5 gridlines */
#define LEGEND_TOP	(LINE_BOTTOM + LINE_XLABELS)
#define LEGEND_ROW	20
#define LEGEND_COL	166	/* 4 names a row */
#define XLABEL_ROOM	48	/* least room for one x label */
#define GAP_ROW		13	/* a character of a gap's upright text */

/* Pyramid: men left of PYR_AXIS_L, women right of PYR_AXIS_R. */
#define PYR_AXIS_L	330
#define PYR_AXIS_R	390
#define PYR_SPAN	250
#define PYR_TOP		28	/* the row of 男 and 女 */
#define PYR_ROW		18
#define PYR_BAR		14
#define PYR_MALE	"#3b6ea5"
#define PYR_FEMALE	"#d9849b"

struct grid_html {
	FILE *out;			/* borrowed */
	struct grid_buf buf;		/* written out at the end of a part */
	char number[NUMBERS][NUMBER_SIZE];
	unsigned next_number;
	int failed;
	struct grid_error error;	/* the first failure */
};

/*
 * Lines are told apart by colour on screen and by dash pattern on a grey
 * printout.
 */
static const struct line_style {
	const char *colour;
	const char *dash;		/* stroke-dasharray, NULL: solid */
} line_styles[] = {
	{ "#1f4e79", NULL },
	{ "#c0392b", "7 3" },
	{ "#2e7d32", "2 2" },
	{ "#6a1b9a", "9 3 2 3" },
	{ "#b86e00", "14 4" },
	{ "#555555", "4 2 1 2 1 2" }
};

static const char style_sheet[] =
"body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\",\n"
"  \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\",\n"
"  \"WenQuanYi Micro Hei\", sans-serif; font-size: 15px;\n"
"  line-height: 1.5; color: #111; background: #fff; margin: 1.5em; }\n"
"h1 { font-size: 1.6em; margin: 0 0 0.2em; }\n"
"h2 { font-size: 1.25em; margin: 1.4em 0 0.5em;\n"
"  border-bottom: 1px solid #999; page-break-after: avoid;\n"
"  break-after: avoid; }\n"
"p.subtitle { color: #444; margin-top: 0; }\n"
"table { border-collapse: collapse; margin: 0.5em 0 1em; }\n"
"th, td { border: 1px solid #bbb; padding: 0.15em 0.5em;\n"
"  vertical-align: top; }\n"
"th { background: #eee; text-align: left; }\n"
"th span, th code { display: block; }\n"
"th code { font-weight: normal; font-size: 0.8em; color: #444; }\n"
"th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
"tbody tr:nth-child(even) { background: #f6f6f6; }\n"
"figure { margin: 1em 0; max-width: 48em; page-break-inside: avoid;\n"
"  break-inside: avoid; }\n"
"figcaption { font-weight: bold; margin-bottom: 0.3em; }\n"
"svg { display: block; height: auto; }\n"
"@page { size: A4; margin: 15mm 12mm 18mm 12mm; }\n"
"@media print {\n"
"  body { font-size: 10pt; margin: 0; -webkit-print-color-adjust: exact;\n"
"    print-color-adjust: exact; }\n"
"  table { font-size: 9pt; }\n"
"  thead { display: table-header-group; }\n"
"  tr, th, td { page-break-inside: avoid; break-inside: avoid; }\n"
"  figure { max-width: none; }\n"
"}\n";

/* ---- failures and output ---- */

static void
fail_memory(struct grid_html *h)
{
	if (h->failed)
		return;
	h->failed = 1;
	grid_error_set(&h->error, GRID_EINTERNAL, NULL, 0, NULL,
	    "html: out of memory or part over %zu bytes",
	    (size_t)GRID_BUF_DEFAULT_MAX);
}

static void
fail_write(struct grid_html *h, int errnum)
{
	if (h->failed)
		return;
	h->failed = 1;
	if (errnum != 0)
		grid_error_set(&h->error, GRID_EIO, NULL, 0, NULL,
		    "html: write error: %s", strerror(errnum));
	else
		grid_error_set(&h->error, GRID_EIO, NULL, 0, NULL,
		    "html: write error");
}

/* A call the API does not allow: the page fails. */
static int
fail_call(struct grid_html *h, struct grid_error *err, const char *what)
{
	if (!h->failed) {
		h->failed = 1;
		grid_error_set(&h->error, GRID_EINTERNAL, NULL, 0, NULL,
		    "html: %s", what);
	}
	if (err != NULL)
		*err = h->error;
	return -1;
}

/* Writes what the buffer holds. */
static void
drain(struct grid_html *h)
{
	if (h->failed || h->buf.len == 0)
		return;
	errno = 0;
	if (fwrite(h->buf.data, 1, h->buf.len, h->out) != h->buf.len ||
	    ferror(h->out))
		fail_write(h, errno);
	grid_buf_reset(&h->buf);
}

/* The end of a part: writes it; 0, or -1 with the page's error. */
static int
result(struct grid_html *h, struct grid_error *err)
{
	drain(h);
	if (!h->failed)
		return 0;
	if (err != NULL)
		*err = h->error;
	return -1;
}

/* The start of a part: 0 when the page can take it. */
static int
start(struct grid_html *h, struct grid_error *err)
{
	if (h == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "html: no page");
	return h->failed ? result(h, err) : 0;
}

static void
emit(struct grid_html *h, const char *s, size_t n)
{
	if (h->failed || n == 0)
		return;
	if (grid_buf_add(&h->buf, s, n) != 0)
		fail_memory(h);
	else if (h->buf.len >= DRAIN_AT)
		drain(h);
}

static void
emits(struct grid_html *h, const char *s)
{
	emit(h, s, strlen(s));
}

/* Markup and numbers only: text goes through emit_text. */
static void emitf(struct grid_html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
emitf(struct grid_html *h, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(line))
		emit(h, line, (size_t)n);
	else if (!h->failed) {		/* cannot happen: numbers are short */
		h->failed = 1;
		grid_error_set(&h->error, GRID_EINTERNAL, NULL, 0, NULL,
		    "html: markup line too long");
	}
}

/* ---- numbers ---- */

/* A decimal sign other than "." (a locale's comma) becomes ".". */
static void
fix_point(char *s)
{
	char *p = s + (*s == '-'), *q;

	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '\0' || *p == '.')
		return;
	for (q = p + 1; *q != '\0' && !(*q >= '0' && *q <= '9'); q++)
		continue;
	*p = '.';
	memmove(p + 1, q, strlen(q) + 1);
}

/* "12.50" -> "12.5", "3.0" -> "3", "-0" -> "0". */
static void
trim_zeros(char *s)
{
	char *end;

	if (strchr(s, '.') == NULL)
		return;
	end = s + strlen(s);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		*--end = '\0';
	if (strcmp(s, "-0") == 0)
		memmove(s, s + 1, 2);
}

/*
 * v with decimals digits after the point (trim: without trailing zeros),
 * in one of the page's NUMBERS slots: valid until NUMBERS more calls, so
 * one emitf can take several.
 */
static const char *
number(struct grid_html *h, double v, int decimals, int trim)
{
	char *s = h->number[h->next_number++ % NUMBERS];

	snprintf(s, NUMBER_SIZE, "%.*f", decimals, v);
	fix_point(s);
	if (trim)
		trim_zeros(s);
	return s;
}

static const char *
coord(struct grid_html *h, double v)
{
	return number(h, v, 1, 1);
}

/* ---- text ---- */

/* Bytes of the valid UTF-8 character at s (not ASCII), or 0. */
static size_t
utf8_char(const unsigned char *s)
{
	size_t n, i;

	n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (n == 0 || !grid_utf8_valid((const char *)s, n, NULL))
		return 0;
	return n;
}

/*
 * What to write for the character at s (*n bytes): a replacement, or
 * NULL to copy it.
 */
static const char *
escape_of(const unsigned char *s, size_t *n)
{
	*n = 1;
	switch (s[0]) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	}
	if (s[0] < 0x20 || s[0] == 0x7F)
		return " ";
	if (s[0] < 0x80)
		return NULL;
	if ((*n = utf8_char(s)) == 0) {
		*n = 1;
		return "\xEF\xBF\xBD";
	}
	if (s[0] == 0xC2 && s[1] < 0xA0)
		return " ";
	if (s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)
		return "\xEF\xBF\xBD";
	return NULL;
}

/* Text (NULL: none) escaped for an element or an attribute value. */
static void
emit_text(struct grid_html *h, const char *text)
{
	const unsigned char *s, *run;
	const char *replacement;
	size_t n;

	s = run = (const unsigned char *)(text != NULL ? text : "");
	while (*s != '\0') {
		if ((replacement = escape_of(s, &n)) == NULL) {
			s += n;
			continue;
		}
		emit(h, (const char *)run, (size_t)(s - run));
		emits(h, replacement);
		s += n;
		run = s;
	}
	emit(h, (const char *)run, (size_t)(s - run));
}

/* A value and its unit, as chart text. */
static void
emit_value(struct grid_html *h, double v, const char *unit)
{
	emits(h, number(h, v, 2, 0));
	emit_text(h, unit);
}

/* open, the text escaped, close. */
static void
emit_element(struct grid_html *h, const char *open, const char *text,
    const char *close)
{
	emits(h, open);
	emit_text(h, text);
	emits(h, close);
}

/* ---- the page ---- */

static void
page_head(struct grid_html *h, const char *title, const char *subtitle)
{
	emits(h, "<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">\n"
	    "<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n");
	emit_element(h, "<title>", title, "</title>\n");
	/* Raw text in HTML: the style sheet holds no < and no &. */
	emits(h, "<style>\n");
	emits(h, style_sheet);
	emits(h, "</style>\n</head>\n<body>\n");
	emit_element(h, "<h1>", title, "</h1>\n");
	if (subtitle != NULL)
		emit_element(h, "<p class=\"subtitle\">", subtitle, "</p>\n");
}

struct grid_html *
grid_html_begin(FILE *out, const char *title, const char *subtitle,
    struct grid_error *err)
{
	struct grid_html *h;

	if (out == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "html: no output stream");
		return NULL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "html: out of memory");
		return NULL;
	}
	h->out = out;
	grid_buf_init(&h->buf, 0);
	page_head(h, title, subtitle);
	if (result(h, err) != 0) {
		grid_html_free(h);
		return NULL;
	}
	return h;
}

int
grid_html_heading(struct grid_html *h, const char *text,
    struct grid_error *err)
{
	if (start(h, err) != 0)
		return -1;
	emit_element(h, "<h2>", text, "</h2>\n");
	return result(h, err);
}

int
grid_html_paragraph(struct grid_html *h, const char *text,
    struct grid_error *err)
{
	if (start(h, err) != 0)
		return -1;
	emit_element(h, "<p>", text, "</p>\n");
	return result(h, err);
}

int
grid_html_end(struct grid_html *h, struct grid_error *err)
{
	int r;

	if (h == NULL)
		return 0;
	emits(h, "</body>\n</html>\n");
	drain(h);
	if (!h->failed) {
		errno = 0;
		if (fflush(h->out) != 0 || ferror(h->out))
			fail_write(h, errno);
	}
	r = result(h, err);
	grid_html_free(h);
	return r;
}

void
grid_html_free(struct grid_html *h)
{
	if (h == NULL)
		return;
	grid_buf_release(&h->buf);
	free(h);
}

/* ---- tables ---- */

static int
is_numeric(enum grid_coltype type)
{
	return type == GRID_COL_INT || type == GRID_COL_REAL;
}

static void
table_header(struct grid_html *h, const struct grid_column *column,
    const char *label)
{
	emits(h, is_numeric(column->type) ? "<th class=\"num\">" : "<th>");
	if (label != NULL)
		emit_element(h, "<span>", label, "</span>");
	emit_element(h, "<code>", column->name, "</code></th>");
}

static void
table_row(struct grid_html *h, const struct grid_column *columns,
    size_t ncolumns, const char *const *cells)
{
	size_t c;

	emits(h, "<tr>");
	for (c = 0; c < ncolumns; c++)
		emit_element(h, is_numeric(columns[c].type) ?
		    "<td class=\"num\">" : "<td>", cells[c], "</td>");
	emits(h, "</tr>\n");
}

int
grid_html_table(struct grid_html *h, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns, const char *const *cells,
    size_t nrows, struct grid_error *err)
{
	size_t c, r;

	if (start(h, err) != 0)
		return -1;
	if (ncolumns == 0 || columns == NULL || (nrows > 0 && cells == NULL))
		return fail_call(h, err, "table without columns or cells");
	emits(h, "<table>\n<thead>\n<tr>");
	for (c = 0; c < ncolumns; c++)
		table_header(h, &columns[c], labels != NULL ? labels[c] : NULL);
	emits(h, "</tr>\n</thead>\n<tbody>\n");
	for (r = 0; r < nrows && !h->failed; r++)
		table_row(h, columns, ncolumns, cells + r * ncolumns);
	emits(h, "</tbody>\n</table>\n");
	return result(h, err);
}

/* ---- charts ---- */

/* <figure>, its caption and the <svg> element, height units high. */
static void
chart_begin(struct grid_html *h, const char *title, double height)
{
	emit_element(h, "<figure>\n<figcaption>", title, "</figcaption>\n");
	emitf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %s\" width=\"100%%\" font-size=\"12\" "
	    "role=\"img\" aria-label=\"", WIDTH, coord(h, height));
	emit_text(h, title);
	emits(h, "\">\n");
}

static void
chart_end(struct grid_html *h)
{
	emits(h, "</svg>\n</figure>\n");
}

/* Length of a bar for v on a span for max; 0 when there is no scale. */
static double
bar_length(double v, double max, double span)
{
	if (!(max > 0) || !(v > 0))
		return 0;
	return v >= max ? span : v / max * span;
}

/*
 * Row i: the label, and the bar and its value; for a gap, the gap's
 * text (NULL: nothing).
 */
static void
bar_row(struct grid_html *h, size_t i, const char *label, double v,
    double max, const char *unit, const char *gap)
{
	double y = BAR_PAD + (double)i * BAR_ROW, length;

	emitf(h, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">",
	    BAR_LABEL_END, coord(h, y + 15));
	emit_text(h, label);
	emits(h, "</text>\n");
	if (!isfinite(v)) {
		if (gap != NULL) {
			emitf(h, "<text x=\"%d\" y=\"%s\" fill=\"%s\">",
			    BAR_X + 4, coord(h, y + 15), GAP_FILL);
			emit_text(h, gap);
			emits(h, "</text>\n");
		}
		return;
	}
	length = bar_length(v, max, BAR_SPAN);
	emitf(h, "<rect x=\"%d\" y=\"%s\" width=\"%s\" height=\"%d\" "
	    "fill=\"%s\"><title>", BAR_X, coord(h, y + 4), coord(h, length),
	    BAR_HEIGHT, BAR_FILL);
	emit_text(h, label);
	emits(h, ": ");
	emit_value(h, v, unit);
	emitf(h, "</title></rect>\n<text x=\"%s\" y=\"%s\">",
	    coord(h, BAR_X + length + 4), coord(h, y + 15));
	emit_value(h, v, unit);
	emits(h, "</text>\n");
}

int
grid_html_bars(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, struct grid_error *err)
{
	return grid_html_bars_gap(h, title, labels, values, n, max, unit,
	    NULL, err);
}

int
grid_html_bars_gap(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, const char *gap, struct grid_error *err)
{
	double height = 2 * BAR_PAD + (double)n * BAR_ROW;
	size_t i;

	if (start(h, err) != 0)
		return -1;
	if (n > 0 && values == NULL)
		return fail_call(h, err, "bar chart without values");
	if (!(max > 0))
		for (i = 0, max = 0; i < n; i++)
			if (isfinite(values[i]) && values[i] > max)
				max = values[i];
	chart_begin(h, title, height);
	emitf(h, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%s\" "
	    "stroke=\"#666\"/>\n", BAR_X, BAR_X, coord(h, height));
	for (i = 0; i < n; i++)
		bar_row(h, i, labels != NULL ? labels[i] : NULL, values[i], max,
		    unit, gap);
	chart_end(h);
	return result(h, err);
}

/* ---- line chart ---- */

struct line_plot {
	const char *const *xlabels;
	size_t nx;
	double lo, hi;			/* the y axis */
};

static double
line_x(const struct line_plot *p, size_t i)
{
	return LINE_LEFT + ((double)i + 0.5) * LINE_PLOT_W / (double)p->nx;
}

/* y of v, kept inside the plot when the axis given is too short. */
static double
line_y(const struct line_plot *p, double v)
{
	double y = LINE_BOTTOM - (v - p->lo) / (p->hi - p->lo) * LINE_PLOT_H;

	return y < LINE_TOP ? LINE_TOP : y > LINE_BOTTOM ? LINE_BOTTOM : y;
}

/*
 * The axis from the data: 0 and every value inside, in LINE_TICKS steps
 * of 1, 2, 2.5 or 5 times a power of ten.
 */
static void
nice_range(double low, double high, double *lo, double *hi)
{
	static const double steps[] = { 1, 2, 2.5, 5 };
	double raw, magnitude, step;
	size_t i, tries;

	if (high <= low)
		high = low + 1;
	raw = (high - low) / LINE_TICKS;
	magnitude = pow(10, floor(log10(raw)));
	for (tries = 0; tries < 4; tries++, magnitude *= 10)
		for (i = 0; i < GRIDI_ARRAY_LEN(steps); i++) {
			step = steps[i] * magnitude;
			*lo = floor(low / step) * step;
			*hi = *lo + LINE_TICKS * step;
			if (step >= raw * (1 - 1e-9) &&
			    *hi >= high - step * 1e-9)
				return;
		}
	*lo = low;
	*hi = high;
}

static void
data_range(const struct grid_html_series *series, size_t nseries,
    size_t nx, double *lo, double *hi)
{
	double low = 0, high = 0, v;
	size_t s, i;

	for (s = 0; s < nseries; s++)
		for (i = 0; i < nx; i++) {
			v = series[s].values[i];
			if (isfinite(v) && v < low)
				low = v;
			if (isfinite(v) && v > high)
				high = v;
		}
	nice_range(low, high, lo, hi);
}

/* Gridlines with their tick labels, the x labels (as many as fit). */
static void
line_axes(struct grid_html *h, const struct line_plot *p)
{
	size_t k, i, every = (p->nx * XLABEL_ROOM + LINE_PLOT_W - 1) /
	    LINE_PLOT_W;
	double y;

	for (k = 0; k <= LINE_TICKS; k++) {
		y = LINE_BOTTOM - (double)k * LINE_PLOT_H / LINE_TICKS;
		emitf(h, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" "
		    "stroke=\"%s\"/>\n<text x=\"%d\" y=\"%s\" "
		    "text-anchor=\"end\">%s</text>\n", LINE_LEFT, coord(h, y),
		    WIDTH - LINE_RIGHT, coord(h, y), k == 0 ? "#666" : "#ccc",
		    LINE_LEFT - 6, coord(h, y + 4), number(h, p->lo +
		    (double)k * (p->hi - p->lo) / LINE_TICKS, 2, 1));
	}
	for (i = 0; i < p->nx; i += every) {
		emitf(h, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" "
		    "font-size=\"11\">",
		    coord(h, line_x(p, i)), LINE_BOTTOM + 18);
		emit_text(h, p->xlabels != NULL ? p->xlabels[i] : NULL);
		emits(h, "</text>\n");
	}
}

/* stroke="..." and, for a dashed style, stroke-dasharray="...". */
static void
emit_stroke(struct grid_html *h, const struct line_style *style)
{
	emitf(h, " stroke=\"%s\"", style->colour);
	if (style->dash != NULL)
		emitf(h, " stroke-dasharray=\"%s\"", style->dash);
}

/* One unbroken stretch of a line: points a to b - 1. */
static void
line_stretch(struct grid_html *h, const struct line_plot *p,
    const double *values, size_t a, size_t b,
    const struct line_style *style)
{
	size_t i;

	emits(h, "<polyline fill=\"none\" stroke-width=\"2\"");
	emit_stroke(h, style);
	emits(h, " points=\"");
	for (i = a; i < b; i++)
		emitf(h, "%s%s,%s", i > a ? " " : "", coord(h, line_x(p, i)),
		    coord(h, line_y(p, values[i])));
	emits(h, "\"/>\n");
}

/* The point of value v at x i, its value in a <title>. */
static void
line_point(struct grid_html *h, const struct line_plot *p, size_t i,
    double v, const struct grid_html_series *series,
    const struct line_style *style)
{
	emitf(h, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"><title>",
	    coord(h, line_x(p, i)), coord(h, line_y(p, v)), style->colour);
	emit_text(h, series->name);
	emits(h, " ");
	emit_text(h, p->xlabels != NULL ? p->xlabels[i] : NULL);
	emits(h, ": ");
	emit_value(h, v, "");
	emits(h, "</title></circle>\n");
}

/* A series: a polyline per stretch between gaps, a circle per point. */
static void
line_series(struct grid_html *h, const struct line_plot *p,
    const struct grid_html_series *series, const struct line_style *style)
{
	const double *v = series->values;
	size_t a, b;

	for (a = 0; a < p->nx; a = b) {
		for (b = a; b < p->nx && isfinite(v[b]); b++)
			continue;
		if (b - a >= 2)
			line_stretch(h, p, v, a, b, style);
		if (b == a)
			b++;
	}
	for (a = 0; a < p->nx; a++)
		if (isfinite(v[a]))
			line_point(h, p, a, v[a], series, style);
}

static void
line_legend(struct grid_html *h, size_t j, const char *name,
    const struct line_style *style)
{
	double x = LINE_LEFT + (double)(j % 4) * LEGEND_COL;
	double y = LEGEND_TOP + (double)(j / 4) * LEGEND_ROW + LEGEND_ROW / 2;

	emitf(h, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
	    "stroke-width=\"2\"", coord(h, x), coord(h, y), coord(h, x + 28),
	    coord(h, y));
	emit_stroke(h, style);
	emitf(h, "/>\n<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>\n"
	    "<text x=\"%s\" y=\"%s\">", coord(h, x + 14), coord(h, y),
	    style->colour, coord(h, x + 34), coord(h, y + 4));
	emit_text(h, name);
	emits(h, "</text>\n");
}

/* Whether no series has a value at x i. */
static int
no_value_at(const struct grid_html_series *series, size_t nseries,
    size_t i)
{
	size_t s;

	for (s = 0; s < nseries; s++)
		if (isfinite(series[s].values[i]))
			return 0;
	return 1;
}

/*
 * gap at x i, one character a row (a <tspan> each, GAP_ROW down from
 * the one before), the rows centred in the plot's height: each baseline
 * 2 above the bottom of its row.
 */
static void
line_gap(struct grid_html *h, const struct line_plot *p, size_t i,
    const char *gap)
{
	const unsigned char *s = (const unsigned char *)gap;
	char one[8], x[NUMBER_SIZE];
	size_t nchars = 0, k, len;

	snprintf(x, sizeof(x), "%s", coord(h, line_x(p, i)));
	for (k = 0; s[k] != '\0'; k++)
		nchars += (s[k] & 0xC0) != 0x80;
	emitf(h, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
	    "font-size=\"%d\" fill=\"%s\">", x, coord(h, LINE_TOP +
	    (LINE_PLOT_H - (double)nchars * GAP_ROW) / 2 - 2), GAP_ROW - 2,
	    GAP_FILL);
	while (*s != '\0') {
		for (len = 1; s[len] != '\0' && (s[len] & 0xC0) == 0x80 &&
		    len < sizeof(one) - 1; len++)
			continue;
		memcpy(one, s, len);
		one[len] = '\0';
		emitf(h, "<tspan x=\"%s\" dy=\"%d\">", x, GAP_ROW);
		emit_text(h, one);
		emits(h, "</tspan>");
		s += len;
	}
	emits(h, "</text>\n");
}

int
grid_html_lines(struct grid_html *h, const char *title,
    const char *const *xlabels, size_t nx,
    const struct grid_html_series *series, size_t nseries, double ymin,
    double ymax, struct grid_error *err)
{
	return grid_html_lines_gap(h, title, xlabels, nx, series, nseries,
	    ymin, ymax, NULL, err);
}

int
grid_html_lines_gap(struct grid_html *h, const char *title,
    const char *const *xlabels, size_t nx,
    const struct grid_html_series *series, size_t nseries, double ymin,
    double ymax, const char *gap, struct grid_error *err)
{
	struct line_plot plot = { xlabels, nx, ymin, ymax };
	const struct line_style *style;
	size_t s, i, nstyles = GRIDI_ARRAY_LEN(line_styles);

	if (start(h, err) != 0)
		return -1;
	if (nseries > 0 && series == NULL)
		return fail_call(h, err, "line chart without points");
	for (s = 0; s < nseries; s++)
		if (series[s].values == NULL)
			return fail_call(h, err, "line without values");
	if (!(ymax > ymin) || !isfinite(ymin) || !isfinite(ymax))
		data_range(series, nseries, nx, &plot.lo, &plot.hi);
	chart_begin(h, title, LEGEND_TOP + (double)((nseries + 3) / 4) *
	    LEGEND_ROW + 8);
	line_axes(h, &plot);
	for (i = 0; gap != NULL && i < nx; i++)
		if (no_value_at(series, nseries, i))
			line_gap(h, &plot, i, gap);
	for (s = 0; s < nseries; s++) {
		style = &line_styles[s % nstyles];
		line_series(h, &plot, &series[s], style);
		line_legend(h, s, series[s].name, style);
	}
	chart_end(h);
	return result(h, err);
}

/* ---- population pyramid ---- */

/* One side of a band: the bar (count in <title>) and the count. */
static void
pyramid_bar(struct grid_html *h, double y, long long count, double max,
    int male, const char *band)
{
	double length = bar_length((double)count, max, PYR_SPAN);
	double x = male ? PYR_AXIS_L - length : PYR_AXIS_R;

	emitf(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" "
	    "fill=\"%s\"><title>%s ", coord(h, x), coord(h, y + 2),
	    coord(h, length), PYR_BAR, male ? PYR_MALE : PYR_FEMALE,
	    male ? "男" : "女");
	emit_text(h, band);
	emitf(h, ": %lld</title></rect>\n<text x=\"%s\" y=\"%s\"%s>%lld"
	    "</text>\n", count, coord(h, male ? x - 4 : x + length + 4),
	    coord(h, y + 13), male ? " text-anchor=\"end\"" : "", count);
}

int
grid_html_pyramid(struct grid_html *h, const char *title,
    const char *const *bands, const long long *male,
    const long long *female, size_t n, struct grid_error *err)
{
	double max = 0, y;
	size_t i, row;

	if (start(h, err) != 0)
		return -1;
	if (n > 0 && (male == NULL || female == NULL))
		return fail_call(h, err, "pyramid without counts");
	for (i = 0; i < n; i++) {
		if ((double)male[i] > max)
			max = (double)male[i];
		if ((double)female[i] > max)
			max = (double)female[i];
	}
	chart_begin(h, title, PYR_TOP + (double)n * PYR_ROW + 6);
	emitf(h, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\">男</text>\n"
	    "<text x=\"%d\" y=\"18\" text-anchor=\"middle\">女</text>\n",
	    PYR_AXIS_L - PYR_SPAN / 2, PYR_AXIS_R + PYR_SPAN / 2);
	for (row = 0; row < n; row++) {		/* the oldest on top */
		i = n - 1 - row;
		y = PYR_TOP + (double)row * PYR_ROW;
		emitf(h, "<text x=\"%d\" y=\"%s\" text-anchor=\"middle\">",
		    (PYR_AXIS_L + PYR_AXIS_R) / 2, coord(h, y + 13));
		emit_text(h, bands != NULL ? bands[i] : NULL);
		emits(h, "</text>\n");
		pyramid_bar(h, y, male[i], max, 1, bands != NULL ? bands[i] :
		    NULL);
		pyramid_bar(h, y, female[i], max, 0, bands != NULL ?
		    bands[i] : NULL);
	}
	chart_end(h);
	return result(h, err);
}
