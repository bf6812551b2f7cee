/*
 * test_html.c - unit tests of lib/html.c: pages written to files and
 * checked with xmllint as XML and as HTML, and their exact content:
 * escaping (markup characters, quotes, control characters, bad UTF-8),
 * the print style sheet, tables, bar lengths against the maximum, gaps
 * for NAN in bars and lines, the line chart's axis and polylines worked
 * out by hand, the pyramid's two sides to one scale, refusals, and write
 * errors on /dev/full and a small fmemopen buffer giving GRID_EIO.  Gaps
 * with a text (无考核数据) in bars and lines.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/error.h"
#include "grid/html.h"
#include "grid/writer.h"

#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ENOSPC_TEXT "html: write error: No space left on device"

static char dir[] = "/tmp/test_html.XXXXXX";
#include "testfs.h"

static int pageno;
static char page_path[512];

static void
die(const char *what, const char *detail)
{
	printf("# test setup failed: %s: %s\n", what, detail);
	remove_dir();
	exit(2);
}

/* ---- pages ---- */

/* Starts a page in a new file of the test directory; page_path names it. */
static struct grid_html *
page_begin(FILE **f, const char *title, const char *subtitle)
{
	struct grid_error err;
	struct grid_html *h;
	char name[32];

	snprintf(name, sizeof(name), "page%d.html", ++pageno);
	in_dir(page_path, sizeof(page_path), name);
	if ((*f = fopen(page_path, "w")) == NULL)
		die("fopen", page_path);
	if ((h = grid_html_begin(*f, title, subtitle, &err)) == NULL)
		die("grid_html_begin", err.text);
	return h;
}

/* Ends the page, closes its file and returns its text (to free). */
static char *
page_end(struct grid_html *h, FILE *f)
{
	struct grid_error err;
	size_t n;
	char *text;

	if (grid_html_end(h, &err) != 0)
		die("grid_html_end", err.text);
	if (fclose(f) != 0 || (text = slurp(page_path, &n)) == NULL)
		die("reading", page_path);
	return text;
}

static int quiet;	/* the checks of the checkers: no diagnostics */

/* Prints what a checker said, each line as a TAP comment. */
static void
comment(const char *who, const char *said)
{
	const char *end;

	while (!quiet && *said != '\0') {
		end = strchr(said, '\n');
		if (end == NULL)
			end = said + strlen(said);
		printf("# %s: %.*s\n", who, (int)(end - said), said);
		said = *end == '\n' ? end + 1 : end;
	}
}

/* Runs a command; its exit status, its output (stderr too) in out. */
static int
run(const char *command, char *out, size_t size)
{
	size_t n = 0, got;
	FILE *p = popen(command, "r");

	out[0] = '\0';
	if (p == NULL)
		return -1;
	while (n + 1 < size && (got = fread(out + n, 1, size - 1 - n, p)) > 0)
		n += got;
	out[n] = '\0';
	return pclose(p);
}

static int
xml_well_formed(const char *path)
{
	char command[640], out[4096];
	int status;

	snprintf(command, sizeof(command), "xmllint --noout '%s' 2>&1", path);
	status = run(command, out, sizeof(out));
	comment("xmllint", out);
	return status == 0 && out[0] == '\0';
}

/*
 * Whether line is libxml2's complaint about an element its HTML 4
 * parser does not know (HTML5 and SVG elements; libxml2 2.14 and later
 * parse HTML5 and say nothing).
 */
static int
unknown_tag(const char *line)
{
	static const char *const tags[] = { "figure", "figcaption", "svg",
	    "rect", "line", "polyline", "circle", "text", "tspan", "g", "path",
	    "polygon" };
	char wanted[64];
	size_t i;

	for (i = 0; i < LEN(tags); i++) {
		snprintf(wanted, sizeof(wanted), "HTML parser error : Tag %s "
		    "invalid", tags[i]);
		if (strstr(line, wanted) != NULL)
			return 1;
	}
	return 0;
}

/* xmllint --html reports nothing but unknown HTML5 or SVG tags. */
static int
html_clean(const char *path)
{
	static char out[1 << 16];
	char command[640], *line, *next;
	int status, skip = 0, clean = 1;

	snprintf(command, sizeof(command), "xmllint --html --noout '%s' 2>&1",
	    path);
	status = run(command, out, sizeof(out));
	for (line = out; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (skip > 0)
			skip--;		/* the excerpt and the caret */
		else if (unknown_tag(line))
			skip = 2;
		else {
			comment("xmllint --html", line);
			clean = 0;
		}
	}
	return status == 0 && clean;
}

/* Entities other than the five of XML (HTML-only names break XML). */
static int
only_xml_entities(const char *text)
{
	static const char *const entities[] = { "&amp;", "&lt;", "&gt;",
	    "&quot;", "&#39;" };
	const char *amp;
	size_t i;

	for (amp = strchr(text, '&'); amp != NULL; amp = strchr(amp + 1, '&')) {
		for (i = 0; i < LEN(entities); i++)
			if (strncmp(amp, entities[i], strlen(entities[i])) == 0)
				break;
		if (i == LEN(entities))
			return 0;
	}
	return 1;
}

static int
count(const char *text, const char *needle)
{
	int n = 0;

	for (text = strstr(text, needle); text != NULL;
	    text = strstr(text + 1, needle))
		n++;
	return n;
}

static int
starts(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

static int
has(const char *text, const char *needle)
{
	int found = strstr(text, needle) != NULL;

	if (!found)
		printf("# missing: %s\n", needle);
	return found;
}

/* Both checks of xmllint, and the entities. */
static void
check_valid(const char *text, const char *what)
{
	char name[128];

	snprintf(name, sizeof(name), "%s: well-formed XML", what);
	ok(xml_well_formed(page_path), name);
	snprintf(name, sizeof(name), "%s: HTML parser content", what);
	ok(html_clean(page_path), name);
	snprintf(name, sizeof(name), "%s: only XML entities", what);
	ok(only_xml_entities(text), name);
}

/* The checks themselves find faults: a page with a mismatched tag. */
static void
test_checkers(void)
{
	FILE *f;

	in_dir(page_path, sizeof(page_path), "broken.html");
	if ((f = fopen(page_path, "w")) == NULL)
		die("fopen", page_path);
	fputs("<!DOCTYPE html>\n<html><body><p>a <b>x</p></body></html>\n", f);
	fclose(f);
	quiet = 1;
	ok(!xml_well_formed(page_path), "checker: XML fault found");
	ok(!html_clean(page_path), "checker: HTML fault found");
	quiet = 0;
	ok(!only_xml_entities("a &nbsp; b") && only_xml_entities("&amp;&#39;"),
	    "checker: HTML entity found");
}

/* ---- the page ---- */

static void
test_page(void)
{
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "月度考核 <A&B>", "副标题 \"q\" 'x'");
	ok(grid_html_heading(h, "一、排名 > 10", &err) == 0, "heading");
	ok(grid_html_paragraph(h, "a\tb\nc\x01" "d\x7f" "e\xff" "f\xc2\x85"
	    "g\xef\xbf\xbe" "h\xe4\xb8" "i\xed\xa0\x80" "j", &err) == 0,
	    "paragraph");
	text = page_end(h, f);
	ok(starts(text, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/"
	    "1999/xhtml\" lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n"),
	    "doctype, html, charset first");
	ok(has(text, "<title>月度考核 &lt;A&amp;B&gt;</title>"), "title");
	ok(has(text, "<h1>月度考核 &lt;A&amp;B&gt;</h1>"), "h1");
	ok(has(text, "<p class=\"subtitle\">副标题 &quot;q&quot; &#39;x&#39;"
	    "</p>"), "subtitle quotes escaped");
	ok(has(text, "<h2>一、排名 &gt; 10</h2>"), "heading escaped");
	ok(has(text, "<p>a b c d e\xef\xbf\xbd" "f g\xef\xbf\xbdh"
	    "\xef\xbf\xbd\xef\xbf\xbdi\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "j</p>"),
	    "controls become spaces, bad UTF-8 U+FFFD");
	ok(strlen(text) > 16 && strcmp(text + strlen(text) - 16,
	    "</body>\n</html>\n") == 0, "ends with the closing tags");
	check_valid(text, "page");
	free(text);
}

static void
test_style(void)
{
	FILE *f;
	struct grid_html *h = page_begin(&f, "样式", NULL);
	char *text = page_end(h, f);

	ok(count(text, "<style>") == 1 && has(text, "</style>"),
	    "one style sheet in the page");
	ok(has(text, "@page { size: A4 landscape; margin:"),
	    "A4 landscape with margins");
	ok(has(text, "thead { display: table-header-group; }"),
	    "table header repeats on every page");
	ok(has(text, "tr, th, td { page-break-inside: avoid;"),
	    "rows not split");
	ok(has(text, "figure { margin: 1em 0; max-width: 48em; "
	    "page-break-inside: avoid;"), "charts not split");
	ok(has(text, "body { font-size: 9pt;"), "9pt in print");
	ok(has(text, "@media (max-width: 600px)") && has(text,
	    ".k-name { left: 0 !important;"), "a phone keeps the name only");
	ok(has(text, ".key { position: sticky;"), "key columns sticky");
	ok(has(text, "font-family: \"Noto Sans CJK SC\", \"Source Han Sans "
	    "SC\",\n  \"PingFang SC\""), "CJK fonts, quotes raw in <style>");
	ok(count(text, "<script") == 0 && count(text, "url(") == 0 &&
	    count(text, "@import") == 0 && count(text, "src=") == 0 &&
	    count(text, "href=") == 0 && count(text, "http") == 1,
	    "nothing fetched: the only URL is the namespace");
	is_int(count(text, "subtitle\">"), 0, "no subtitle paragraph for NULL");
	check_valid(text, "style");
	free(text);
}

/* ---- tables ---- */

static const struct grid_column columns[] = {
	{ "name", GRID_COL_TEXT }, { "people", GRID_COL_INT },
	{ "share", GRID_COL_REAL }
};

static void
test_table(void)
{
	static const char *const labels[] = { "名称", NULL, "占比" };
	static const char *const cells[] = {
		"a<b> & 'c'", "12", NULL,
		"彩香一村", "3", "12.50"
	};
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "表", NULL);
	ok(grid_html_table(h, columns, labels, 3, cells, 2, &err) == 0,
	    "table");
	ok(grid_html_table(h, columns, NULL, 3, cells, 0, &err) == 0,
	    "table without labels or rows");
	text = page_end(h, f);
	ok(has(text, "<div class=\"tscroll\">\n<table>\n<thead>\n<tr>"
	    "<th scope=\"col\"><span>名称</span><code>name"
	    "</code></th><th scope=\"col\" class=\"num\"><code>people</code>"
	    "</th><th scope=\"col\" class=\"num\"><span>占比</span><code>"
	    "share</code></th></tr>\n"
	    "</thead>\n<tbody>\n"
	    "<tr><td>a&lt;b&gt; &amp; &#39;c&#39;</td><td class=\"num\">12"
	    "</td><td class=\"num\"></td></tr>\n"
	    "<tr><td>彩香一村</td><td class=\"num\">3</td>"
	    "<td class=\"num\">12.50</td></tr>\n</tbody>\n</table>\n"
	    "</div>\n"),
	    "table: labels over keys, numbers right-aligned, NULL empty");
	ok(has(text, "<table>\n<thead>\n<tr><th scope=\"col\"><code>name"
	    "</code></th><th scope=\"col\" class=\"num\"><code>people</code>"
	    "</th><th scope=\"col\" class=\"num\"><code>share</code></th>"
	    "</tr>\n</thead>\n<tbody>\n</tbody>\n</table>\n"),
	    "table without labels or rows");
	check_valid(text, "table");
	free(text);
}

/* A totals row: in the table's footer, escaped, NULL empty. */
static void
test_table_totals(void)
{
	static const char *const cells[] = {
		"彩香一村", "3", "12.50",
		"三香", "5", "7.50"
	};
	static const char *const totals[] = { "合计 <Total>", "8", NULL };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "合计", NULL);
	ok(grid_html_table_totals(h, columns, NULL, 3, cells, 2, totals,
	    &err) == 0, "table with totals");
	ok(grid_html_table_totals(h, columns, NULL, 3, cells, 2, NULL,
	    &err) == 0, "table with no totals");
	text = page_end(h, f);
	ok(has(text, "<td class=\"num\">7.50</td></tr>\n</tbody>\n"
	    "<tfoot>\n<tr><td>合计 &lt;Total&gt;</td><td class=\"num\">8"
	    "</td><td class=\"num\"></td></tr>\n</tfoot>\n</table>\n"),
	    "totals: after the rows, in the footer, escaped, NULL empty");
	is_int(count(text, "<tfoot>"), 1, "no footer without totals");
	check_valid(text, "table with totals");
	free(text);
}

/* A table larger than the 64 KiB buffer is written as it goes. */
static void
test_long_table(void)
{
	enum { ROWS = 3000 };
	static const char *cells[ROWS * 3];
	struct grid_error err;
	struct grid_html *h;
	size_t i;
	FILE *f;
	char *text;

	for (i = 0; i < ROWS; i++) {
		cells[3 * i] = "平江新城 <第一网格>";
		cells[3 * i + 1] = "123456";
		cells[3 * i + 2] = "99.99";
	}
	h = page_begin(&f, "长表", NULL);
	ok(grid_html_table(h, columns, NULL, 3, cells, ROWS, &err) == 0,
	    "long table");
	text = page_end(h, f);
	ok(strlen(text) > 200000, "long table: over 64 KiB");
	is_int(count(text, "<tr>"), ROWS + 1, "long table: every row");
	is_int(count(text, "<td>平江新城 &lt;第一网格&gt;</td>"), ROWS,
	    "long table: every cell escaped");
	check_valid(text, "long table");
	free(text);
}

/* ---- bar chart ---- */

static void
test_bars(void)
{
	static const char *const labels[] = { "甲", "乙<\"", "丙", "丁" };
	const double values[] = { 50, 100, NAN, 25 };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "条形", NULL);
	ok(grid_html_bars(h, "结案率排名 \"前4\"", labels, values, 4, 0, "%",
	    &err) == 0, "bars");
	text = page_end(h, f);
	ok(has(text, "<figure>\n<figcaption>结案率排名 &quot;前4&quot;"
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 720 100\" width=\"100%\" font-size=\"12\" "
	    "role=\"img\" aria-label=\"结案率排名 &quot;前4&quot;\">\n"),
	    "bars: figure, caption, svg 6 + 4 * 22 + 6 high");
	ok(has(text, "<text x=\"172\" y=\"21\" text-anchor=\"end\">甲</text>\n"
	    "<rect x=\"180\" y=\"10\" width=\"220\" height=\"14\" "
	    "fill=\"#4a6fa5\"><title>甲: 50.00%</title></rect>\n"
	    "<text x=\"404\" y=\"21\">50.00%</text>\n"), "bars: half of max");
	ok(has(text, "<text x=\"172\" y=\"43\" text-anchor=\"end\">乙&lt;&quot;"
	    "</text>\n<rect x=\"180\" y=\"32\" width=\"440\" height=\"14\" "
	    "fill=\"#4a6fa5\"><title>乙&lt;&quot;: 100.00%</title></rect>\n"
	    "<text x=\"624\" y=\"43\">100.00%</text>\n"), "bars: the max");
	ok(has(text, "<text x=\"172\" y=\"65\" text-anchor=\"end\">丙</text>\n"
	    "<text x=\"172\" y=\"87\""), "bars: NAN keeps its label, no bar");
	ok(has(text, "<rect x=\"180\" y=\"76\" width=\"110\""),
	    "bars: a quarter of max");
	is_int(count(text, "<rect"), 3, "bars: three bars for four labels");
	ok(count(text, "nan") == 0 && count(text, "NaN") == 0,
	    "bars: no nan written");
	check_valid(text, "bars");
	free(text);
}

static void
test_bars_scale(void)
{
	static const char *const labels[] = { "甲", "乙" };
	const double values[] = { 100, 50 }, gaps[] = { NAN, NAN };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "比例", NULL);
	ok(grid_html_bars(h, "满分 200", labels, values, 2, 200, "", &err) ==
	    0 && grid_html_bars(h, "上限 80", labels, values, 2, 80, "分",
	    &err) == 0 && grid_html_bars(h, "无值", labels, gaps, 2, 0, "",
	    &err) == 0 && grid_html_bars(h, "空", NULL, NULL, 0, 0, "", &err)
	    == 0, "bars with a given max, gaps only, none");
	text = page_end(h, f);
	ok(has(text, "width=\"220\" height=\"14\" fill=\"#4a6fa5\"><title>甲: "
	    "100</title>") && has(text, "width=\"110\" height=\"14\" "
	    "fill=\"#4a6fa5\"><title>乙: 50</title>"),
	    "max 200; whole numbers without a unit as whole numbers");
	ok(has(text, "width=\"440\" height=\"14\" fill=\"#4a6fa5\"><title>甲: "
	    "100.00分</title></rect>\n<text x=\"624\" y=\"21\">100.00分"),
	    "over max: the bar stops at the end, the value is true");
	ok(has(text, "width=\"275\" height=\"14\" fill=\"#4a6fa5\"><title>乙: "
	    "50.00分"), "max 80: 50 is 275 of 440");
	is_int(count(text, "<rect"), 4, "gaps only: no bars");
	ok(has(text, "viewBox=\"0 0 720 12\""), "no items: 12 high");
	is_int(count(text, "无数据 (nothing to draw)"), 2,
	    "gaps only, no items: said under the chart");
	check_valid(text, "bar scales");
	free(text);
}

/* A gap's text where the bar would be; none without a text. */
static void
test_bars_gap(void)
{
	static const char *const labels[] = { "甲", "乙", "丙" };
	const double values[] = { 80, NAN, INFINITY };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "空缺", NULL);
	ok(grid_html_bars_gap(h, "得分", labels, values, 3, 100, "",
	    "无考核数据 <none>", &err) == 0 && grid_html_bars_gap(h, "无文字",
	    labels, values, 3, 100, "", NULL, &err) == 0, "bars with gaps");
	text = page_end(h, f);
	ok(has(text, "<text x=\"172\" y=\"43\" text-anchor=\"end\">乙"
	    "</text>\n<text x=\"184\" y=\"43\" fill=\"#666666\">无考核数据 "
	    "&lt;none&gt;</text>\n<text x=\"172\" y=\"65\""),
	    "bars gap: the text at the bar's start, escaped");
	is_int(count(text, "无考核数据"), 2, "bars gap: NAN and infinity");
	is_int(count(text, "<rect"), 2, "bars gap: one bar a chart");
	ok(has(text, "fill=\"#4a6fa5\"><title>甲: 80</title>"),
	    "bars gap: the other bars as before");
	check_valid(text, "bars with gaps");
	free(text);
}

/* ---- line chart ---- */

static const char *const months[] = { "2026-01", "2026-02", "2026-03",
    "2026-04" };

static void
test_lines(void)
{
	const double a[] = { 10, 20, NAN, 35 }, b[] = { 5, NAN, 15, 40 };
	const struct grid_html_series series[] = {
		{ "彩香一村", a }, { "三元坊 & \"新\"", b }
	};
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "线", NULL);
	ok(grid_html_lines(h, "得分趋势", months, 4, series, 2, 0, 0, &err)
	    == 0, "lines");
	text = page_end(h, f);
	ok(has(text, "viewBox=\"0 0 720 304\""), "lines: 276 + 1 legend row");
	ok(has(text, "<line x1=\"56\" y1=\"252\" x2=\"704\" y2=\"252\" "
	    "stroke=\"#666\"/>\n<text x=\"50\" y=\"256\" text-anchor=\"end\">0"
	    "</text>\n") && has(text, "<line x1=\"56\" y1=\"192\" x2=\"704\" "
	    "y2=\"192\" stroke=\"#ccc\"/>\n<text x=\"50\" y=\"196\" "
	    "text-anchor=\"end\">10</text>\n") && has(text, "y2=\"12\" "
	    "stroke=\"#ccc\"/>\n<text x=\"50\" y=\"16\" text-anchor=\"end\">40"
	    "</text>"), "lines: 5 gridlines 0 to 40 from the data");
	is_int(count(text, "x2=\"704\""), 5, "lines: 5 gridlines");
	ok(has(text, "<text x=\"137\" y=\"270\" text-anchor=\"middle\" "
	    "font-size=\"11\">2026-01</text>") && has(text, "<text x=\"623\" "
	    "y=\"270\" text-anchor=\"middle\" font-size=\"11\">2026-04</text>"),
	    "lines: x labels");
	ok(has(text, "<polyline fill=\"none\" stroke-width=\"2\" "
	    "stroke=\"#1f4e79\" points=\"137,192 299,132\"/>"),
	    "lines: first series up to its gap");
	ok(has(text, "<polyline fill=\"none\" stroke-width=\"2\" "
	    "stroke=\"#c0392b\" stroke-dasharray=\"7 3\" "
	    "points=\"461,162 623,12\"/>"),
	    "lines: second series after its gap, dashed");
	is_int(count(text, "<polyline"), 2, "lines: lone points make no line");
	ok(has(text, "<circle cx=\"623\" cy=\"42\" r=\"3\" fill=\"#1f4e79\">"
	    "<title>彩香一村 2026-04: 35.00</title></circle>"),
	    "lines: a lone point is still marked, value in title");
	ok(has(text, "<circle cx=\"137\" cy=\"222\" r=\"3\" fill=\"#c0392b\">"
	    "<title>三元坊 &amp; &quot;新&quot; 2026-01: 5.00</title>"),
	    "lines: series name escaped in the title");
	is_int(count(text, "<circle"), 8, "lines: 6 points, 2 legend marks");
	ok(has(text, "<line x1=\"222\" y1=\"286\" x2=\"250\" y2=\"286\" "
	    "stroke-width=\"2\" stroke=\"#c0392b\" stroke-dasharray=\"7 3\"/>"
	    "\n<circle cx=\"236\" cy=\"286\" r=\"3\" fill=\"#c0392b\"/>\n"
	    "<text x=\"256\" y=\"290\">三元坊 &amp; &quot;新&quot;</text>"),
	    "lines: legend with the line's dash");
	check_valid(text, "lines");
	free(text);
}

static void
test_lines_axis(void)
{
	const double a[] = { 40, 62.5, 100, 120 }, gaps[] = { NAN, NAN, NAN,
	    NAN }, neg[] = { -3, 7, 0, 1 };
	const struct grid_html_series given[] = { { "A", a } },
	    none[] = { { "B", gaps } }, mixed[] = { { "C", neg } };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "轴", NULL);
	ok(grid_html_lines(h, "给定", months, 4, given, 1, 50, 100, &err) ==
	    0 && grid_html_lines(h, "无值", months, 4, none, 1, 0, 0, &err) ==
	    0 && grid_html_lines(h, "正负", months, 4, mixed, 1, 0, -1, &err) ==
	    0, "lines: given axis, gaps only, negative values");
	text = page_end(h, f);
	ok(has(text, "text-anchor=\"end\">50</text>") && has(text,
	    "text-anchor=\"end\">62.5</text>") && has(text,
	    "text-anchor=\"end\">87.5</text>") && has(text,
	    "text-anchor=\"end\">100</text>"), "given axis: 50 to 100");
	ok(has(text, "points=\"137,252 299,192 461,12 623,12\""),
	    "given axis: points outside kept at the edge");
	ok(has(text, "<title>A 2026-04: 120.00</title>"),
	    "given axis: the title keeps the value");
	ok(has(text, "text-anchor=\"end\">0.25</text>") && has(text,
	    "text-anchor=\"end\">1</text>"), "no values: axis 0 to 1");
	ok(has(text, "text-anchor=\"end\">-5</text>") && has(text,
	    "text-anchor=\"end\">15</text>"), "-3 to 7: axis -5 to 15");
	ok(has(text, "points=\"137,228 299,108 461,192 623,180\""),
	    "-3 to 7: points");
	is_int(count(text, "<polyline"), 2, "gaps only: no polyline");
	check_valid(text, "line axes");
	free(text);
}

/* A text, upright, where no line has a value; none where one has. */
static void
test_lines_gap(void)
{
	const double a[] = { 10, NAN, NAN, 40 }, b[] = { 20, NAN, 30, NAN };
	const struct grid_html_series series[] = { { "A", a }, { "B", b } };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "线空缺", NULL);
	ok(grid_html_lines_gap(h, "趋势", months, 4, series, 2, 0, 100,
	    "无数据", &err) == 0 && grid_html_lines_gap(h, "无文字", months,
	    4, series, 2, 0, 100, NULL, &err) == 0, "lines with gaps");
	text = page_end(h, f);
	/* 3 characters of 13: the block is 39 high, centred in 12..252 */
	ok(has(text, "<text x=\"299\" y=\"110.5\" text-anchor=\"middle\" "
	    "font-size=\"11\" fill=\"#666666\"><tspan x=\"299\" dy=\"13\">"
	    "无</tspan><tspan x=\"299\" dy=\"13\">数</tspan><tspan "
	    "x=\"299\" dy=\"13\">据</tspan></text>\n"),
	    "lines gap: one character a row at the month without a value");
	is_int(count(text, ">无</tspan>"), 1,
	    "lines gap: only where no line has a value, only when asked");
	is_int(count(text, "<polyline"), 0, "lines gap: lone points only");
	check_valid(text, "lines with gaps");
	free(text);
}

/* Five series and more: styles differ, the legend wraps. */
static void
test_lines_styles(void)
{
	const double v[] = { 1, 2, 3, 4 };
	struct grid_html_series series[7];
	struct grid_error err;
	struct grid_html *h;
	size_t i;
	FILE *f;
	char *text;

	for (i = 0; i < LEN(series); i++) {
		series[i].name = "S";
		series[i].values = v;
	}
	h = page_begin(&f, "样式", NULL);
	ok(grid_html_lines(h, "七条", months, 4, series, 7, 0, 0, &err) == 0,
	    "seven lines");
	text = page_end(h, f);
	ok(has(text, "viewBox=\"0 0 720 324\""), "seven lines: 2 legend rows");
	is_int(count(text, "stroke-dasharray"), 2 * 5, "one solid style of 6");
	ok(count(text, "points=\"") == 7 && count(text, "stroke=\"#1f4e79\" "
	    "points") == 2, "the seventh reuses the first style");
	is_int(count(text, "<text x=\"90\" y=\"310\">S</text>"), 1,
	    "fifth name on the second legend row");
	check_valid(text, "line styles");
	free(text);
}

/* ---- pyramid ---- */

static void
test_pyramid(void)
{
	static const char *const bands[] = { "0-4", "5-9", "10-14" };
	const long long male[] = { 100, 50, 0 }, female[] = { 50, 25, 10 };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "塔", NULL);
	ok(grid_html_pyramid(h, "人口金字塔", bands, male, female, 3, &err) ==
	    0, "pyramid");
	ok(grid_html_pyramid(h, "女多", bands, female, male, 3, &err) == 0,
	    "pyramid, sides swapped");
	text = page_end(h, f);
	ok(has(text, "viewBox=\"0 0 720 88\""), "pyramid: 28 + 3 * 18 + 6");
	ok(has(text, "<text x=\"205\" y=\"18\" text-anchor=\"middle\">男</text>"
	    "\n<text x=\"515\" y=\"18\" text-anchor=\"middle\">女</text>"),
	    "pyramid: 男 left, 女 right");
	ok(has(text, "<text x=\"360\" y=\"77\" text-anchor=\"middle\">0-4"
	    "</text>\n<rect x=\"80\" y=\"66\" width=\"250\" height=\"14\" "
	    "fill=\"#3b6ea5\"><title>男 0-4: 100</title></rect>\n"
	    "<text x=\"76\" y=\"77\" text-anchor=\"end\">100</text>\n"
	    "<rect x=\"390\" y=\"66\" width=\"125\" height=\"14\" "
	    "fill=\"#d9849b\"><title>女 0-4: 50</title></rect>\n"
	    "<text x=\"519\" y=\"77\">50</text>\n"),
	    "pyramid: youngest at the bottom, both sides one scale");
	ok(has(text, "<rect x=\"205\" y=\"48\" width=\"125\"") && has(text,
	    "<rect x=\"390\" y=\"48\" width=\"62.5\""), "pyramid: 5-9");
	ok(has(text, "<rect x=\"330\" y=\"30\" width=\"0\" height=\"14\" "
	    "fill=\"#3b6ea5\"><title>男 10-14: 0</title>") && has(text,
	    "<rect x=\"390\" y=\"30\" width=\"25\""), "pyramid: 10-14 on top");
	ok(strstr(text, ">10-14</text>") < strstr(text, ">5-9</text>") &&
	    strstr(text, ">5-9</text>") < strstr(text, ">0-4</text>"),
	    "pyramid: bands from the oldest down");
	ok(has(text, "<rect x=\"205\" y=\"66\" width=\"125\" height=\"14\" "
	    "fill=\"#3b6ea5\"><title>男 0-4: 50</title></rect>") && has(text,
	    "<rect x=\"390\" y=\"66\" width=\"250\" height=\"14\" "
	    "fill=\"#d9849b\"><title>女 0-4: 100</title>"),
	    "pyramid: the scale comes from the larger side");
	check_valid(text, "pyramid");
	free(text);
}

/* ---- counts, marks, columns, heat map ---- */

static void
test_new_charts(void)
{
	static const char *const labels[] = { "甲", "乙", "丙" };
	static const char *const hours[] = { "0", "1", "2", "3" };
	static const char *const days[] = { "周一", "周二" };
	const double counts[] = { 24217, 5, 1234567 }, zeros[] = { 0, 0, 0 };
	const double series[] = { 3, 0, NAN, 12 };
	const double cells[] = { 0, 1, 2, 3, 4, 5, 6, 8 };
	const struct grid_html_mark marks[] = { { 90, "A" }, { 60, "D" } };
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;

	h = page_begin(&f, "新图", NULL);
	ok(grid_html_bars(h, "案件数", labels, counts, 3, 0, "", &err) == 0,
	    "counts");
	ok(grid_html_bars_marks(h, "零", labels, zeros, 3, 100, "", NULL,
	    marks, 2, "3 of 9 shown", &err) == 0, "all zero with marks");
	ok(grid_html_columns(h, "按小时", hours, series, 4, "", NULL, &err)
	    == 0, "columns");
	ok(grid_html_heatmap(h, "星期 x 小时", days, 2, hours, 4, cells, "",
	    NULL, &err) == 0, "heat map");
	text = page_end(h, f);
	ok(has(text, "<title>甲: 24,217</title>") && has(text, ">5</text>") &&
	    has(text, ">1,234,567</text>"), "counts grouped, no decimals");
	ok(has(text, "全部为 0 (every value is 0)</p>") && has(text,
	    "<p class=\"chart-note\">3 of 9 shown</p>"), "all zero said, note");
	ok(has(text, "stroke-dasharray=\"4 3\"/>\n<text x=\"576\" y=\"11\""
	    " text-anchor=\"middle\" font-size=\"11\" fill=\"#b03a2e\">A"
	    "</text>"), "grade mark A at 90 of 100");
	is_int(count(text, "font-size=\"11\">2</text>"), 2,
	    "columns: the empty slot keeps its label (and the heat map's)");
	ok(has(text, "<title>3: 12</title>") && has(text, "<title>1: 0"
	    "</title>"), "columns: values, a zero column drawn");
	ok(has(text, "<title>周二 3: 8</title>") && has(text,
	    "fill=\"#08306b\" stroke=\"#fff\"><title>周二 3: 8"),
	    "heat map: the largest cell darkest");
	ok(has(text, "fill=\"#f0f4fa\" stroke=\"#fff\"><title>周一 0: 0"),
	    "heat map: 0 lightest");
	check_valid(text, "new charts");
	free(text);
	h = page_begin(&f, "空", NULL);
	ok(grid_html_columns(h, "空", hours, NULL, 0, "", NULL, &err) == -1 &&
	    grid_html_heatmap(h, "空", days, 0, hours, 4, cells, "", NULL,
	    &err) == -1, "columns and heat map without cells refused");
	grid_html_free(h);
	fclose(f);
}

/* Key columns sticky; a wide table printed in parts, the unit in each. */
static void
test_table_keys(void)
{
	enum { NCOL = 40 };
	struct grid_column cols[NCOL];
	const char *cells[2 * NCOL], *labels[NCOL];
	char names[NCOL][24];
	struct grid_error err;
	struct grid_html *h;
	FILE *f;
	char *text;
	size_t c;

	for (c = 0; c < NCOL; c++) {
		snprintf(names[c], sizeof(names[c]), "count_of_thing_%zu", c);
		cols[c].name = names[c];
		cols[c].type = GRID_COL_INT;
		labels[c] = "某某事项的数量";
		cells[c] = cells[NCOL + c] = "12345";
	}
	cols[0].name = "rank";
	cols[1].name = "unit";
	cols[1].type = GRID_COL_TEXT;
	cols[2].name = "unit_name";
	cols[2].type = GRID_COL_TEXT;
	cols[NCOL - 2].name = "score";
	cols[NCOL - 1].name = "grade";
	cols[NCOL - 1].type = GRID_COL_TEXT;
	h = page_begin(&f, "宽表", NULL);
	ok(grid_html_table(h, cols, labels, NCOL, cells, 2, &err) == 0,
	    "wide table");
	text = page_end(h, f);
	ok(has(text, "<th scope=\"col\" class=\"key k-rank num\" "
	    "style=\"left: 0em\">") && has(text, "class=\"key k-name\" "
	    "style=\"left: 3.5em\">"), "rank and name sticky at the left");
	ok(has(text, "class=\"key k-grade\" style=\"right: 0em\">") &&
	    has(text, "class=\"key k-score num\" style=\"right: 3.5em\">"),
	    "score and grade sticky at the right");
	ok(has(text, "th code { font-weight: normal; font-size: 0.72em; "
	    "color: #444;\n  overflow-wrap: anywhere; }"), "keys may break");
	ok(has(text, "tscroll screen-only") && count(text,
	    "print-only tpart") >= 2, "printed in parts");
	is_int(count(text, "<code>unit_name</code>"), 1 + count(text,
	    "print-only tpart"), "the unit's name in every part");
	is_int(count(text, "<code>count_of_thing_20</code>"),
	    2, "every other column once on screen, once on paper");
	check_valid(text, "wide table");
	free(text);
}

/* ---- a caller's figure ---- */

static void
test_figure(void)
{
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>";
	struct grid_error err;
	struct grid_html *h;
	char *big, *text;
	const char *start;
	size_t n = (size_t)200 << 10, i;
	FILE *f;

	h = page_begin(&f, "图", NULL);
	ok(grid_html_figure(h, "地图 <A&B>", svg, strlen(svg), &err) == 0,
	    "figure");
	big = malloc(n + 2 * sizeof(svg));
	if (big == NULL)
		die("malloc", "out of memory");
	memcpy(big, svg, 60);		/* the <svg ...> start tag */
	memcpy(big + 60, "<text>", 6);
	for (i = 0; i < n; i++)
		big[66 + i] = (char)('a' + i % 26);
	memcpy(big + 66 + n, "</text></svg>", 13);
	ok(grid_html_figure(h, "大", big, 66 + n + 13, &err) == 0,
	    "figure of 200 KiB");
	text = page_end(h, f);
	ok(has(text, "<figure>\n<figcaption>地图 &lt;A&amp;B&gt;"
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/></svg>"
	    "\n</figure>\n"), "figure: caption escaped, svg as given");
	start = strstr(text, "<text>abc");
	ok(start != NULL && start + 6 + n == strstr(text,
	    "</text></svg>\n</figure>"), "figure: every byte");
	check_valid(text, "figure");
	free(text);
	free(big);
}

/*
 * Sets LC_NUMERIC to a locale with a decimal comma: an installed one, or
 * one compiled into the test directory by localedef.  0 when none.
 */
static int
decimal_comma_locale(void)
{
	static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8",
	    "fr_FR.UTF-8", "ru_RU.UTF-8" };
	char command[640];
	size_t i;

	for (i = 0; i < LEN(locales); i++)
		if (setlocale(LC_NUMERIC, locales[i]) != NULL)
			return 1;
	snprintf(command, sizeof(command), "localedef -i de_DE -f UTF-8 "
	    "'%s/de_DE.UTF-8' >/dev/null 2>&1", dir);
	if (system(command) != 0 || setenv("LOCPATH", dir, 1) != 0)
		return 0;
	return setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL;
}

/* The locale localedef may have compiled (a directory). */
static void
remove_locale(void)
{
	char command[640];

	snprintf(command, sizeof(command), "rm -rf '%s/de_DE.UTF-8'", dir);
	if (system(command) != 0)
		printf("# could not remove %s/de_DE.UTF-8\n", dir);
}

/*
 * A program that sets a locale with a decimal comma still gets points
 * (skipped where no such locale can be had).
 */
static void
test_decimal_comma(void)
{
	static const char *const labels[] = { "甲", "乙" };
	const double values[] = { 2.5, 1.25 };
	struct grid_error err;
	struct grid_html *h;
	char half[16];
	FILE *f;
	char *text;

	if (!decimal_comma_locale()) {
		ok(1, "# SKIP no locale with a decimal comma");
		return;
	}
	snprintf(half, sizeof(half), "%.1f", 0.5);
	is_str(half, "0,5", "the locale has a decimal comma");
	h = page_begin(&f, "逗号", NULL);
	ok(grid_html_bars(h, "小数", labels, values, 2, 3, "", &err) == 0,
	    "bars under a decimal comma");
	text = page_end(h, f);
	setlocale(LC_NUMERIC, "C");
	ok(has(text, "width=\"366.7\" height=\"14\" fill=\"#4a6fa5\"><title>"
	    "甲: 2.50</title>") && has(text, "width=\"183.3\""),
	    "decimal comma: points in coordinates and values");
	check_valid(text, "decimal comma");
	free(text);
}

/* ---- refusals and errors ---- */

static void
test_refusals(void)
{
	struct grid_error err;
	struct grid_html *h;
	FILE *f;

	grid_error_clear(&err);
	ok(grid_html_begin(NULL, "t", NULL, &err) == NULL &&
	    err.code == GRID_EINTERNAL, "no stream: refused");
	ok(grid_html_heading(NULL, "x", &err) == -1 &&
	    err.code == GRID_EINTERNAL, "no page: refused");
	is_int(grid_html_end(NULL, &err), 0, "end of no page: 0");
	grid_html_free(NULL);
	h = page_begin(&f, "拒绝", NULL);
	grid_error_clear(&err);
	is_int(grid_html_table(h, columns, NULL, 0, NULL, 0, &err), -1,
	    "table without columns refused");
	is_str(err.text, "html: table without columns or cells",
	    "table refused: message");
	grid_error_clear(&err);
	is_int(grid_html_paragraph(h, "x", &err), -1, "page fails after it");
	is_str(err.text, "html: table without columns or cells",
	    "with the first error");
	is_int(grid_html_end(h, &err), -1, "end fails too");
	fclose(f);
}

static FILE *
open_full(int buffered)
{
	FILE *f = fopen("/dev/full", "w");

	if (f != NULL && !buffered)
		setvbuf(f, NULL, _IONBF, 0);
	return f;
}

static void
test_write_errors(void)
{
	static const char *labels[400];
	static double values[400];
	struct grid_error err;
	struct grid_html *h;
	size_t i;
	FILE *f;

	for (i = 0; i < LEN(values); i++) {
		labels[i] = "网格";
		values[i] = (double)i;
	}
	if ((f = open_full(0)) == NULL) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	grid_error_clear(&err);
	ok(grid_html_begin(f, "满", NULL, &err) == NULL, "unbuffered: begin");
	is_int(err.code, GRID_EIO, "begin: GRID_EIO");
	is_str(err.text, ENOSPC_TEXT, "begin: the message");
	fclose(f);

	f = open_full(1);
	h = grid_html_begin(f, "满", NULL, &err);
	ok(h != NULL && grid_html_heading(h, "x", &err) == 0,
	    "buffered: the first parts stay in the stream's buffer");
	grid_error_clear(&err);
	is_int(grid_html_bars(h, "长", labels, values, LEN(values), 0, "",
	    &err), -1, "a part larger than the buffer fails");
	is_int(err.code, GRID_EIO, "bars: GRID_EIO");
	is_str(err.text, ENOSPC_TEXT, "bars: the message");
	grid_error_clear(&err);
	is_int(grid_html_paragraph(h, "y", &err), -1, "fails again");
	is_str(err.text, ENOSPC_TEXT, "with the same error");
	is_int(grid_html_end(h, &err), -1, "end fails too");
	fclose(f);

	f = open_full(1);
	h = grid_html_begin(f, "满", NULL, &err);
	grid_error_clear(&err);
	is_int(grid_html_end(h, &err), -1, "small page: end flushes, fails");
	is_str(err.text, ENOSPC_TEXT, "small page: the message");
	fclose(f);
}

/* A memory stream too small for the page: short writes. */
static void
test_short_buffer(void)
{
	char memory[64];
	struct grid_error err;
	FILE *f = fmemopen(memory, sizeof(memory), "w");

	if (f == NULL) {
		ok(1, "# SKIP no fmemopen");
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	grid_error_clear(&err);
	ok(grid_html_begin(f, "小", NULL, &err) == NULL,
	    "64-byte stream: begin fails");
	is_int(err.code, GRID_EIO, "64-byte stream: GRID_EIO");
	ok(strncmp(err.text, "html: write error", 17) == 0, err.text);
	fclose(f);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", dir);
	test_checkers();
	test_page();
	test_style();
	test_table();
	test_table_totals();
	test_long_table();
	test_bars();
	test_bars_scale();
	test_bars_gap();
	test_lines();
	test_lines_axis();
	test_lines_gap();
	test_lines_styles();
	test_pyramid();
	test_figure();
	test_new_charts();
	test_table_keys();
	test_decimal_comma();
	test_refusals();
	test_write_errors();
	test_short_buffer();
	remove_locale();
	remove_dir();
	return tap_done();
}
