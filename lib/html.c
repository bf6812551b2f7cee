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
	int integers;			/* the chart's values: whole numbers */
	double bar_top;			/* room above a bar chart's rows */
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
"dl.facts { display: grid; grid-template-columns: max-content auto;\n"
"  gap: 0 1em; margin: 0.5em 0 1em; }\n"
"dl.facts dt { color: #444; } dl.facts dd { margin: 0; }\n"
"div.tscroll { overflow-x: auto; max-width: 100%; margin: 0.5em 0 1em; }\n"
"table { border-collapse: separate; border-spacing: 0; }\n"
"th, td { border: 1px solid #bbb; border-width: 0 1px 1px 0;\n"
"  padding: 0.15em 0.5em; vertical-align: top; background: #fff; }\n"
"tr > :first-child { border-left-width: 1px; }\n"
"thead tr:first-child > * { border-top-width: 1px; }\n"
"th { background: #eee; text-align: left; min-width: 4em;\n"
"  font-weight: bold; }\n"
"th span, th code { display: block; }\n"
"th code { font-weight: normal; font-size: 0.72em; color: #444;\n"
"  overflow-wrap: anywhere; }\n"
"th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
"td.num { white-space: nowrap; }\n"
"tbody tr:nth-child(even) > * { background: #f6f6f6; }\n"
"tfoot td { font-weight: bold; background: #eef; }\n"
".key { position: sticky; z-index: 1; box-sizing: border-box; }\n"
"thead .key { z-index: 2; }\n"
".k-rank { min-width: 3.5em; max-width: 3.5em; width: 3.5em; }\n"
".k-name { min-width: 10em; max-width: 10em; width: 10em; }\n"
".k-score { min-width: 5em; max-width: 5em; width: 5em; }\n"
".k-grade { min-width: 3.5em; max-width: 3.5em; width: 3.5em; }\n"
".print-only { display: none; }\n"
"figure { margin: 1em 0; max-width: 48em; page-break-inside: avoid;\n"
"  break-inside: avoid; overflow-x: auto; }\n"
"figure.tall { page-break-inside: auto; break-inside: auto; }\n"
"figcaption { font-weight: bold; margin-bottom: 0.3em; }\n"
"svg { display: block; height: auto; }\n"
"figure > svg { min-width: 600px; }\n"
"@media (max-width: 600px) {\n"
"  body { margin: 0.6em; font-size: 14px; }\n"
"  .k-rank, .k-score, .k-grade { position: static; }\n"
"  .k-name { left: 0 !important; min-width: 7em; max-width: 7em;\n"
"    width: 7em; box-shadow: 2px 0 2px #ccc; }\n"
"  dl.facts { grid-template-columns: auto; }\n"
"}\n"
"@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }\n"
"@media print {\n"
"  body { font-size: 9pt; margin: 0; -webkit-print-color-adjust: exact;\n"
"    print-color-adjust: exact; }\n"
"  table { font-size: 8pt; }\n"
"  th { min-width: 3.2em; }\n"
"  thead { display: table-header-group; }\n"
"  tfoot { display: table-row-group; }\n"
"  tr, th, td { page-break-inside: avoid; break-inside: avoid; }\n"
"  div.tscroll { overflow: visible; }\n"
"  .key { position: static; }\n"
"  .k-name { min-width: 7em; max-width: 9em; width: auto; }\n"
"  figure { max-width: 160mm; overflow: visible; }\n"
"  p.part { margin: 0.5em 0 0.2em; break-after: avoid;\n"
"    page-break-after: avoid; }\n"
"  figure > svg { min-width: 0; }\n"
"  svg.map { width: auto; height: auto; max-width: 100%; max-height: 100mm; }\n"
"  figure:has(svg.map) { break-inside: avoid; page-break-inside: avoid; }\n"
"  .print-only { display: block; }\n"
"  .screen-only { display: none; }\n"
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

/*
 * A whole number with its thousands grouped by commas ("24,217"), in
 * one of the number slots.
 */
static const char *
grouped(struct grid_html *h, double v)
{
	char digits[NUMBER_SIZE], *s = h->number[h->next_number++ % NUMBERS];
	size_t n, i, k = 0, lead;

	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (v <= -0.5)
		s[k++] = '-';
	lead = n % 3 == 0 ? 3 : n % 3;
	for (i = 0; i < n && k + 2 < NUMBER_SIZE; i++) {
		if (i > 0 && (i - lead) % 3 == 0 && i >= lead)
			s[k++] = ',';
		s[k++] = digits[i];
	}
	s[k] = '\0';
	return s;
}

/* Whether every finite value of values[n] is a whole number. */
static int
whole_numbers(const double *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isfinite(values[i]) && (values[i] != floor(values[i]) ||
		    fabs(values[i]) >= 1e15))
			return 0;
	return 1;
}

/*
 * A value and its unit, as chart text: grouped when the chart's values
 * are whole numbers, else "%.2f".
 */
static void
emit_value(struct grid_html *h, double v, const char *unit)
{
	emits(h, h->integers ? grouped(h, v) : number(h, v, 2, 0));
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

/*
 * The key columns of a table, found by name: rank and the unit's name
 * (its code when there is no name) stay at the left while the table
 * scrolls sideways when they lead the table (before any column but
 * level and unit), score and grade at the right when they end it.
 * Widths and offsets in em, as in the style sheet.
 */
enum key_kind { KEY_NONE, KEY_RANK, KEY_NAME, KEY_SCORE, KEY_GRADE };

static const struct key_info {
	const char *class;
	double width;
} key_info[] = {
	{ NULL, 0 },
	{ "key k-rank", 3.5 },
	{ "key k-name", 10 },
	{ "key k-score", 5 },
	{ "key k-grade", 3.5 },
};

#define PRINT_WIDTH	96	/* em of 8pt text across A4 landscape */
#define CELL_MAX	12	/* em: a longer cell wraps */
#define TABLE_KEYS	4

struct table_layout {
	enum key_kind kind[GRID_HTML_MAX_COLUMNS];
	double offset[GRID_HTML_MAX_COLUMNS];	/* left or right, em */
	int right[GRID_HTML_MAX_COLUMNS];
	double width[GRID_HTML_MAX_COLUMNS];	/* estimated, em */
	size_t repeat[TABLE_KEYS];		/* columns repeated in print */
	size_t nrepeat;
};

static int
is_numeric(enum grid_coltype type)
{
	return type == GRID_COL_INT || type == GRID_COL_REAL;
}

/* Estimated width in em of text of 8pt: a CJK character 1, ASCII 0.55. */
static double
text_em(const char *text)
{
	return text != NULL ? 0.55 * (double)grid_utf8_width(text) : 0;
}

/* A key's width in em at its size, on up to three lines. */
static double
key_em(const char *key)
{
	return 0.55 * 0.72 * (double)strlen(key) / 3;
}

static void
table_layout(struct table_layout *t, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns, const char *const *cells,
    size_t nrows, const char *const *totals)
{
	size_t c, r, name = (size_t)-1, code = (size_t)-1;
	double left = 0, right = 0, w, label;

	memset(t, 0, sizeof(*t));
	for (c = 0; c < ncolumns; c++) {
		if (strcmp(columns[c].name, "unit_name") == 0)
			name = c;
		else if (strcmp(columns[c].name, "unit") == 0)
			code = c;
	}
	for (c = 0; c < ncolumns; c++) {
		/* only the leading columns: rank, level, unit, unit_name */
		if (strcmp(columns[c].name, "rank") != 0 &&
		    strcmp(columns[c].name, "level") != 0 && c != code &&
		    c != name)
			break;
		if (strcmp(columns[c].name, "rank") == 0)
			t->kind[c] = KEY_RANK;
		else if (c == name || (name == (size_t)-1 && c == code))
			t->kind[c] = KEY_NAME;
		if (t->kind[c] != KEY_NONE || c == code) {
			if (t->nrepeat < TABLE_KEYS)
				t->repeat[t->nrepeat++] = c;
		}
		if (t->kind[c] != KEY_NONE) {
			t->offset[c] = left;
			left += key_info[t->kind[c]].width;
		}
	}
	/* score and grade: sticky at the right when they end the table */
	for (c = ncolumns; c-- > 0;) {
		enum key_kind k = strcmp(columns[c].name, "grade") == 0 ?
		    KEY_GRADE : strcmp(columns[c].name, "score") == 0 ||
		    strcmp(columns[c].name, "score_mean") == 0 ? KEY_SCORE :
		    KEY_NONE;

		if (k == KEY_NONE)
			break;
		t->kind[c] = k;
		t->right[c] = 1;
		t->offset[c] = right;
		right += key_info[k].width;
	}
	for (c = 0; c < ncolumns; c++) {
		label = labels != NULL ? text_em(labels[c]) : 0;
		/* a label may take two lines, a key three */
		w = label / 2 > 3.2 ? label / 2 : 3.2;
		if (key_em(columns[c].name) > w)
			w = key_em(columns[c].name);
		for (r = 0; r <= nrows; r++) {
			double cell = r < nrows ? text_em(cells[r * ncolumns +
			    c]) : totals != NULL ? text_em(totals[c]) : 0;

			if (cell > w)
				w = cell > CELL_MAX ? CELL_MAX : cell;
		}
		t->width[c] = w + 1.1;		/* padding and border */
	}
}

/* class="..." and the sticky offset of column c. */
static void
cell_attributes(struct grid_html *h, const struct table_layout *t,
    size_t c, int numeric, int sticky)
{
	enum key_kind k = t->kind[c];

	if (k == KEY_NONE || !sticky) {
		if (numeric)
			emits(h, " class=\"num\"");
		return;
	}
	emitf(h, " class=\"%s%s\" style=\"%s: %sem\"", key_info[k].class,
	    numeric ? " num" : "", t->right[c] ? "right" : "left",
	    number(h, t->offset[c], 2, 1));
}

static void
table_header(struct grid_html *h, const struct table_layout *t, size_t c,
    const struct grid_column *column, const char *label, int sticky)
{
	emits(h, "<th scope=\"col\"");
	cell_attributes(h, t, c, is_numeric(column->type), sticky);
	emits(h, ">");
	if (label != NULL)
		emit_element(h, "<span>", label, "</span>");
	emit_element(h, "<code>", column->name, "</code>");
	emits(h, "</th>");
}

/* One table of the columns cols[ncols] (all when cols is NULL). */
static void
table_part(struct grid_html *h, const struct table_layout *t,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, const char *const *cells, size_t nrows,
    const char *const *totals, const size_t *cols, size_t ncols,
    const char *wrap_class, int sticky, size_t part)
{
	size_t i, c, r;

	emitf(h, "<div class=\"%s\">\n", wrap_class);
	if (part > 0)
		emitf(h, "<p class=\"part\">表格续 %zu (table, part %zu: the "
		    "first columns repeated)</p>\n", part, part);
	emits(h, "<table>\n<thead>\n<tr>");
	for (i = 0; i < ncols; i++) {
		c = cols != NULL ? cols[i] : i;
		table_header(h, t, c, &columns[c], labels != NULL ?
		    labels[c] : NULL, sticky);
	}
	emits(h, "</tr>\n</thead>\n<tbody>\n");
	for (r = 0; r < nrows && !h->failed; r++) {
		emits(h, "<tr>");
		for (i = 0; i < ncols; i++) {
			c = cols != NULL ? cols[i] : i;
			emits(h, "<td");
			cell_attributes(h, t, c, is_numeric(columns[c].type),
			    sticky);
			emits(h, ">");
			emit_text(h, cells[r * ncolumns + c]);
			emits(h, "</td>");
		}
		emits(h, "</tr>\n");
	}
	emits(h, "</tbody>\n");
	if (totals != NULL) {
		emits(h, "<tfoot>\n<tr>");
		for (i = 0; i < ncols; i++) {
			c = cols != NULL ? cols[i] : i;
			emits(h, "<td");
			cell_attributes(h, t, c, is_numeric(columns[c].type),
			    sticky);
			emits(h, ">");
			emit_text(h, totals[c]);
			emits(h, "</td>");
		}
		emits(h, "</tr>\n</tfoot>\n");
	}
	emits(h, "</table>\n</div>\n");
}

/*
 * For paper: the table in parts no wider than the page, each with the
 * repeated columns (rank, unit, unit_name) first.
 */
static void
table_print_parts(struct grid_html *h, const struct table_layout *t,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, const char *const *cells, size_t nrows,
    const char *const *totals)
{
	size_t cols[GRID_HTML_MAX_COLUMNS], ncols, c, i, part = 0;
	double base = 0, used;
	int repeated;

	for (i = 0; i < t->nrepeat; i++)
		base += t->width[t->repeat[i]];
	for (c = 0; c < ncolumns;) {
		ncols = 0;
		for (i = 0; i < t->nrepeat; i++)
			cols[ncols++] = t->repeat[i];
		used = base;
		for (; c < ncolumns; c++) {
			for (i = 0, repeated = 0; i < t->nrepeat; i++)
				repeated |= t->repeat[i] == c;
			if (repeated)
				continue;
			if (ncols > t->nrepeat && used + t->width[c] >
			    PRINT_WIDTH)
				break;
			used += t->width[c];
			cols[ncols++] = c;
		}
		if (ncols == t->nrepeat)
			break;			/* only repeated ones left */
		part++;
		table_part(h, t, columns, labels, ncolumns, cells, nrows,
		    totals, cols, ncols, "print-only tpart", 0, part);
	}
}

int
grid_html_table(struct grid_html *h, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns, const char *const *cells,
    size_t nrows, struct grid_error *err)
{
	return grid_html_table_totals(h, columns, labels, ncolumns, cells,
	    nrows, NULL, err);
}

int
grid_html_table_totals(struct grid_html *h,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, const char *const *cells, size_t nrows,
    const char *const *totals, struct grid_error *err)
{
	struct table_layout *t;
	double width = 0;
	size_t c;

	if (start(h, err) != 0)
		return -1;
	if (ncolumns == 0 || columns == NULL || (nrows > 0 && cells == NULL))
		return fail_call(h, err, "table without columns or cells");
	if (ncolumns > GRID_HTML_MAX_COLUMNS)
		return fail_call(h, err, "table of too many columns");
	if ((t = malloc(sizeof(*t))) == NULL) {
		fail_memory(h);
		return result(h, err);
	}
	table_layout(t, columns, labels, ncolumns, cells, nrows, totals);
	for (c = 0; c < ncolumns; c++)
		width += t->width[c];
	if (width <= PRINT_WIDTH) {
		table_part(h, t, columns, labels, ncolumns, cells, nrows,
		    totals, NULL, ncolumns, "tscroll", 1, 0);
	} else {
		table_part(h, t, columns, labels, ncolumns, cells, nrows,
		    totals, NULL, ncolumns, "tscroll screen-only", 1, 0);
		table_print_parts(h, t, columns, labels, ncolumns, cells,
		    nrows, totals);
	}
	free(t);
	return result(h, err);
}

/* ---- charts ---- */

/*
 * A chart taller than this (in units of 720 across) does not fit on one
 * printed page: it may break.
 */
#define CHART_PAGE	640

/* <figure>, its caption and the <svg> element, height units high. */
static void
chart_begin(struct grid_html *h, const char *title, double height)
{
	emit_element(h, height > CHART_PAGE ? "<figure class=\"tall\">\n"
	    "<figcaption>" : "<figure>\n<figcaption>", title,
	    "</figcaption>\n");
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
	h->integers = 0;
}

/*
 * The end of a chart of values[n]: a note under it when there is
 * nothing to draw or every value is 0, then note (NULL: none).
 */
static void
chart_end_note(struct grid_html *h, const double *values, size_t n,
    const char *note)
{
	size_t i, finite = 0, zero = 0;

	emits(h, "</svg>\n");
	for (i = 0; i < n; i++) {
		finite += isfinite(values[i]) != 0;
		zero += values[i] == 0;
	}
	if (finite == 0)
		emits(h, "<p class=\"chart-note\">无数据 (nothing to draw)"
		    "</p>\n");
	else if (zero == finite)
		emits(h, "<p class=\"chart-note\">全部为 0 (every value is 0)"
		    "</p>\n");
	if (note != NULL)
		emit_element(h, "<p class=\"chart-note\">", note, "</p>\n");
	emits(h, "</figure>\n");
	h->integers = 0;
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
	double y = h->bar_top + BAR_PAD + (double)i * BAR_ROW, length;

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
	return grid_html_bars_marks(h, title, labels, values, n, max, unit,
	    gap, NULL, 0, NULL, err);
}

/* A mark across the bars at its value, its label above the rows. */
static void
bar_mark(struct grid_html *h, const struct grid_html_mark *mark,
    double max, double height)
{
	double x = BAR_X + bar_length(mark->value, max, BAR_SPAN);

	if (!isfinite(mark->value))
		return;
	emitf(h, "<line x1=\"%s\" y1=\"14\" x2=\"%s\" y2=\"%s\" "
	    "stroke=\"#b03a2e\" stroke-dasharray=\"4 3\"/>\n"
	    "<text x=\"%s\" y=\"11\" text-anchor=\"middle\" "
	    "font-size=\"11\" fill=\"#b03a2e\">", coord(h, x), coord(h, x),
	    coord(h, height), coord(h, x));
	emit_text(h, mark->label);
	emits(h, "</text>\n");
}

int
grid_html_bars_marks(struct grid_html *h, const char *title,
    const char *const *labels, const double *values, size_t n, double max,
    const char *unit, const char *gap, const struct grid_html_mark *marks,
    size_t nmarks, const char *note, struct grid_error *err)
{
	double top = nmarks > 0 ? 16 : 0;
	double height = top + 2 * BAR_PAD + (double)n * BAR_ROW;
	size_t i;

	if (start(h, err) != 0)
		return -1;
	if ((n > 0 && values == NULL) || (nmarks > 0 && marks == NULL))
		return fail_call(h, err, "bar chart without values");
	if (!(max > 0))
		for (i = 0, max = 0; i < n; i++)
			if (isfinite(values[i]) && values[i] > max)
				max = values[i];
	chart_begin(h, title, height);
	h->integers = (unit == NULL || unit[0] == '\0') &&
	    whole_numbers(values, n);
	h->bar_top = top;
	emitf(h, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" "
	    "stroke=\"#666\"/>\n", BAR_X, coord(h, top), BAR_X,
	    coord(h, height));
	for (i = 0; i < n; i++)
		bar_row(h, i, labels != NULL ? labels[i] : NULL, values[i], max,
		    unit, gap);
	for (i = 0; i < nmarks; i++)
		bar_mark(h, &marks[i], max, height);
	h->bar_top = 0;
	chart_end_note(h, values, n, note);
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

/* ---- column chart ---- */

#define COL_LEFT	64
#define COL_RIGHT	12
#define COL_TOP		18	/* room for the values over the columns */
#define COL_PLOT_H	180
#define COL_PLOT_W	(WIDTH - COL_LEFT - COL_RIGHT)
#define COL_BOTTOM	(COL_TOP + COL_PLOT_H)
#define COL_FILL	"#4a6fa5"

int
grid_html_columns(struct grid_html *h, const char *title,
    const char *const *xlabels, const double *values, size_t n,
    const char *unit, const char *note, struct grid_error *err)
{
	double lo, hi, high = 0, slot, x, y, top;
	size_t i, k, every;
	int show_values;

	if (start(h, err) != 0)
		return -1;
	if (n == 0 || values == NULL)
		return fail_call(h, err, "column chart without slots");
	for (i = 0; i < n; i++)
		if (isfinite(values[i]) && values[i] > high)
			high = values[i];
	nice_range(0, high, &lo, &hi);
	slot = (double)COL_PLOT_W / (double)n;
	every = (size_t)ceil(40 / slot);	/* x labels 40 units apart */
	if (every == 0)
		every = 1;
	chart_begin(h, title, COL_BOTTOM + 26);
	h->integers = whole_numbers(values, n);
	show_values = slot >= 26;
	for (k = 0; k <= LINE_TICKS; k++) {
		y = COL_BOTTOM - (double)k * COL_PLOT_H / LINE_TICKS;
		emitf(h, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" "
		    "stroke=\"%s\"/>\n<text x=\"%d\" y=\"%s\" "
		    "text-anchor=\"end\">", COL_LEFT, coord(h, y),
		    WIDTH - COL_RIGHT, coord(h, y), k == 0 ? "#666" : "#ddd",
		    COL_LEFT - 6, coord(h, y + 4));
		emit_value(h, lo + (double)k * (hi - lo) / LINE_TICKS, "");
		emits(h, "</text>\n");
	}
	for (i = 0; i < n; i++) {
		x = COL_LEFT + (double)i * slot;
		if (isfinite(values[i])) {
			top = COL_BOTTOM - bar_length(values[i], hi,
			    COL_PLOT_H);
			emitf(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" "
			    "height=\"%s\" fill=\"%s\"><title>",
			    coord(h, x + slot * 0.15), coord(h, top),
			    coord(h, slot * 0.7), coord(h, COL_BOTTOM - top),
			    COL_FILL);
			emit_text(h, xlabels != NULL ? xlabels[i] : NULL);
			emits(h, ": ");
			emit_value(h, values[i], unit);
			emits(h, "</title></rect>\n");
			if (show_values) {
				emitf(h, "<text x=\"%s\" y=\"%s\" "
				    "text-anchor=\"middle\" font-size=\"10\">",
				    coord(h, x + slot / 2), coord(h, top - 3));
				emit_value(h, values[i], "");
				emits(h, "</text>\n");
			}
		}
		if (i % every == 0) {
			emitf(h, "<text x=\"%s\" y=\"%d\" "
			    "text-anchor=\"middle\" font-size=\"11\">",
			    coord(h, x + slot / 2), COL_BOTTOM + 16);
			emit_text(h, xlabels != NULL ? xlabels[i] : NULL);
			emits(h, "</text>\n");
		}
	}
	chart_end_note(h, values, n, note);
	return result(h, err);
}

/* ---- heat map ---- */

#define HEAT_LABEL_END	76
#define HEAT_X		82
#define HEAT_TOP	20
#define HEAT_ROW	24
#define HEAT_SPAN	(WIDTH - HEAT_X - 8)

/* The colour of a share t of the largest value: light to dark blue. */
static void
heat_colour(char *out, size_t size, double t)
{
	static const int light[3] = { 0xf0, 0xf4, 0xfa };
	static const int dark[3] = { 0x08, 0x30, 0x6b };
	int c[3], k;

	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	for (k = 0; k < 3; k++)
		c[k] = (int)lround(light[k] + (dark[k] - light[k]) * t);
	snprintf(out, size, "#%02x%02x%02x", c[0], c[1], c[2]);
}

int
grid_html_heatmap(struct grid_html *h, const char *title,
    const char *const *rowlabels, size_t nrows,
    const char *const *collabels, size_t ncols, const double *values,
    const char *unit, const char *note, struct grid_error *err)
{
	double max = 0, cw, x, y, v, t;
	char colour[8];
	size_t r, c, every;

	if (start(h, err) != 0)
		return -1;
	if (nrows == 0 || ncols == 0 || values == NULL)
		return fail_call(h, err, "heat map without cells");
	for (r = 0; r < nrows * ncols; r++)
		if (isfinite(values[r]) && values[r] > max)
			max = values[r];
	cw = (double)HEAT_SPAN / (double)ncols;
	every = (size_t)ceil(22 / cw);
	chart_begin(h, title, HEAT_TOP + (double)nrows * HEAT_ROW + 30);
	h->integers = whole_numbers(values, nrows * ncols);
	for (c = 0; c < ncols; c += every) {
		emitf(h, "<text x=\"%s\" y=\"14\" text-anchor=\"middle\" "
		    "font-size=\"11\">", coord(h, HEAT_X + ((double)c + 0.5) *
		    cw));
		emit_text(h, collabels != NULL ? collabels[c] : NULL);
		emits(h, "</text>\n");
	}
	for (r = 0; r < nrows; r++) {
		y = HEAT_TOP + (double)r * HEAT_ROW;
		emitf(h, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">",
		    HEAT_LABEL_END, coord(h, y + 16));
		emit_text(h, rowlabels != NULL ? rowlabels[r] : NULL);
		emits(h, "</text>\n");
		for (c = 0; c < ncols; c++) {
			v = values[r * ncols + c];
			x = HEAT_X + (double)c * cw;
			t = isfinite(v) && max > 0 ? v / max : 0;
			if (isfinite(v))
				heat_colour(colour, sizeof(colour), t);
			else
				snprintf(colour, sizeof(colour), "#dddddd");
			emitf(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" "
			    "height=\"%d\" fill=\"%s\" stroke=\"#fff\">"
			    "<title>", coord(h, x), coord(h, y),
			    coord(h, cw), HEAT_ROW, colour);
			emit_text(h, rowlabels != NULL ? rowlabels[r] : NULL);
			emits(h, " ");
			emit_text(h, collabels != NULL ? collabels[c] : NULL);
			emits(h, ": ");
			if (isfinite(v))
				emit_value(h, v, unit);
			else
				emits(h, "-");
			emits(h, "</title></rect>\n");
			if (isfinite(v) && cw >= 22) {
				emitf(h, "<text x=\"%s\" y=\"%s\" "
				    "text-anchor=\"middle\" font-size=\"10\" "
				    "fill=\"%s\">", coord(h, x + cw / 2),
				    coord(h, y + 16), t > 0.55 ? "#fff" :
				    "#111");
				emit_value(h, v, "");
				emits(h, "</text>\n");
			}
		}
	}
	/* the legend: 0 to the largest value in five steps */
	y = HEAT_TOP + (double)nrows * HEAT_ROW + 8;
	emitf(h, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" "
	    "font-size=\"11\">0</text>\n", HEAT_X + 76, coord(h, y + 12));
	for (c = 0; c < 5; c++) {
		heat_colour(colour, sizeof(colour), (double)c / 4);
		emitf(h, "<rect x=\"%s\" y=\"%s\" width=\"24\" "
		    "height=\"14\" fill=\"%s\" stroke=\"#999\"/>\n",
		    coord(h, HEAT_X + 82 + (double)c * 24), coord(h, y),
		    colour);
	}
	emitf(h, "<text x=\"%d\" y=\"%s\" font-size=\"11\">",
	    HEAT_X + 82 + 5 * 24 + 6, coord(h, y + 12));
	emit_value(h, max, unit);
	emits(h, "</text>\n");
	chart_end_note(h, values, nrows * ncols, note);
	return result(h, err);
}

/* ---- a caller's figure ---- */

int
grid_html_figure(struct grid_html *h, const char *title, const char *svg,
    size_t n, struct grid_error *err)
{
	size_t done, piece;

	if (start(h, err) != 0)
		return -1;
	if (n > 0 && svg == NULL)
		return fail_call(h, err, "figure without svg");
	emit_element(h, "<figure>\n<figcaption>", title, "</figcaption>\n");
	for (done = 0; done < n && !h->failed; done += piece) {
		piece = n - done < DRAIN_AT ? n - done : DRAIN_AT;
		emit(h, svg + done, piece);	/* drains as it goes */
	}
	emits(h, "\n</figure>\n");
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
