/* test_writer.c - unit tests of lib/writer.c: every format, exact text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/writer.h"

#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* id_number-like text, a name, an integer and a real column. */
static const struct grid_column people_columns[] = {
	{ "id", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT },
	{ "n", GRID_COL_INT },
	{ "score", GRID_COL_REAL }
};

static const char *const people_rows[] = {
	"0012", "王伟", "12", "12.5",
	"a,b", "say \"hi\"", "abc", NULL,
	"line\nbreak", " pad", NULL, "-1e3"
};

/*
 * Writes nrows rows of ncolumns cells in format into memory; returns the
 * text (caller frees) or NULL when a writer call failed.
 */
static char *
render(enum grid_format format, const struct grid_column *columns,
    size_t ncolumns, const char *const *cells, size_t nrows)
{
	struct grid_writer *w = NULL;
	struct grid_error err;
	char *text = NULL;
	size_t size = 0, row;
	FILE *f;
	int failed = 1;

	if ((f = open_memstream(&text, &size)) == NULL)
		return NULL;
	w = grid_writer_new(f, format, columns, ncolumns, &err);
	if (w == NULL)
		goto out;
	for (row = 0; row < nrows; row++)
		if (grid_writer_row(w, cells + row * ncolumns, &err) != 0)
			goto out;
	failed = grid_writer_finish(w, &err) != 0;
out:
	if (failed)
		printf("# writer error: %s\n", err.text);
	grid_writer_free(w);
	fclose(f);
	if (failed) {
		free(text);
		return NULL;
	}
	return text;
}

static void
check(enum grid_format format, const struct grid_column *columns,
    size_t ncolumns, const char *const *cells, size_t nrows,
    const char *want, const char *what)
{
	char *text = render(format, columns, ncolumns, cells, nrows);

	is_str(text, want, what);
	free(text);
}

static void
test_formats(void)
{
	enum grid_format f;

	for (f = GRID_FORMAT_NDJSON; f <= GRID_FORMAT_HTML; f++)
		is_int(grid_format_parse(grid_format_name(f)), f,
		    grid_format_name(f));
	is_str(grid_format_name(GRID_FORMAT_NDJSON), "ndjson", "name ndjson");
	is_str(grid_format_name(GRID_FORMAT_TABLE), "table", "name table");
	is_str(grid_format_name(GRID_FORMAT_NONE), "", "name of NONE");
	is_int(grid_format_parse("json"), GRID_FORMAT_NONE, "json unknown");
	is_int(grid_format_parse("CSV"), GRID_FORMAT_NONE, "case matters");
	is_int(grid_format_parse(""), GRID_FORMAT_NONE, "empty unknown");
	is_int(grid_format_parse(NULL), GRID_FORMAT_NONE, "NULL unknown");
}

static void
check_json_quote(const char *s, const char *want, const char *what)
{
	struct grid_buf buf = GRID_BUF_INIT;

	ok(grid_json_quote(&buf, s) == 0, what);
	is_str(buf.data, want, what);
	grid_buf_release(&buf);
}

static void
test_json_quote(void)
{
	struct grid_buf buf = GRID_BUF_INIT;

	check_json_quote("", "\"\"", "json empty");
	check_json_quote("plain", "\"plain\"", "json plain");
	check_json_quote("a\"b\\c", "\"a\\\"b\\\\c\"", "json quote, backslash");
	check_json_quote("\t\n\r\b\f", "\"\\t\\n\\r\\b\\f\"",
	    "json short escapes");
	check_json_quote("\x01x\x1f\x7f", "\"\\u0001x\\u001f\x7f\"",
	    "json other controls as \\u, DEL kept");
	check_json_quote("东城区 网格/1", "\"东城区 网格/1\"",
	    "json Chinese kept as UTF-8");
	grid_buf_init(&buf, 4);
	is_int(grid_buf_adds(&buf, "ab"), 0, "two bytes fit the cap");
	is_int(grid_json_quote(&buf, "long text"), -1, "json over cap fails");
	is_str(buf.data, "ab", "json over cap leaves buffer as it was");
	grid_buf_release(&buf);
}

static void
check_csv_quote(const char *s, char delimiter, const char *want,
    const char *what)
{
	struct grid_buf buf = GRID_BUF_INIT;

	ok(grid_csv_quote(&buf, s, delimiter) == 0, what);
	is_str(buf.data != NULL ? buf.data : "", want, what);
	grid_buf_release(&buf);
}

static void
test_csv_quote(void)
{
	check_csv_quote("plain", ',', "plain", "csv plain");
	check_csv_quote("", ',', "", "csv empty");
	check_csv_quote("a,b", ',', "\"a,b\"", "csv comma");
	check_csv_quote("a;b", ',', "a;b", "csv other delimiter kept");
	check_csv_quote("a;b", ';', "\"a;b\"", "csv semicolon delimiter");
	check_csv_quote("say \"hi\"", ',', "\"say \"\"hi\"\"\"",
	    "csv quotes doubled");
	check_csv_quote("\"", ',', "\"\"\"\"", "csv lone quote");
	check_csv_quote("a\nb", ',', "\"a\nb\"", "csv LF");
	check_csv_quote("a\rb", ',', "\"a\rb\"", "csv CR");
	check_csv_quote(" lead", ',', "\" lead\"", "csv leading space");
	check_csv_quote("trail ", ',', "\"trail \"", "csv trailing space");
	check_csv_quote("in side", ',', "in side", "csv inner space");
	check_csv_quote("网格,一", ',', "\"网格,一\"", "csv Chinese");
	check_csv_quote("\r", ',', "\"\r\"", "csv a CR alone");
	check_csv_quote("a\r", ',', "\"a\r\"", "csv a CR at the end");
	check_csv_quote("a\r\nb", ',', "\"a\r\nb\"", "csv CR LF kept inside");
	check_csv_quote("a\tb", '\t', "\"a\tb\"", "tab delimiter: a tab");
	check_csv_quote("a,b", '\t', "a,b", "tab delimiter: a comma as is");
	check_csv_quote("a\rb", '\t', "\"a\rb\"", "tab delimiter: a CR");
	check_csv_quote("a|b", '|', "\"a|b\"", "pipe delimiter: a pipe");
	check_csv_quote("a\nb", '|', "\"a\nb\"", "pipe delimiter: an LF");
	check_csv_quote("x\"", ';', "\"x\"\"\"",
	    "semicolon delimiter: a quote");
	check_csv_quote("a\rb", ';', "\"a\rb\"", "semicolon delimiter: a CR");
}

static void
test_ndjson(void)
{
	check(GRID_FORMAT_NDJSON, people_columns, LEN(people_columns),
	    people_rows, 3,
	    "{\"id\":\"0012\",\"name\":\"王伟\",\"n\":12,\"score\":12.5}\n"
	    "{\"id\":\"a,b\",\"name\":\"say \\\"hi\\\"\",\"n\":\"abc\","
	    "\"score\":null}\n"
	    "{\"id\":\"line\\nbreak\",\"name\":\" pad\",\"n\":null,"
	    "\"score\":-1e3}\n",
	    "ndjson: text ids stay strings, numbers bare, NULL null");
	check(GRID_FORMAT_NDJSON, people_columns, LEN(people_columns),
	    people_rows, 0, "", "ndjson: no rows, no output");
}

/* One REAL or INT value alone, as ndjson. */
static void
check_number(enum grid_coltype type, const char *value, const char *want)
{
	struct grid_column column = { "v", type };
	char what[128];

	snprintf(what, sizeof(what), "ndjson %s value '%s'",
	    type == GRID_COL_INT ? "int" : "real", value);
	check(GRID_FORMAT_NDJSON, &column, 1, &value, 1, want, what);
}

static void
test_numbers(void)
{
	check_number(GRID_COL_INT, "0012", "{\"v\":\"0012\"}\n");
	check_number(GRID_COL_INT, "0", "{\"v\":0}\n");
	check_number(GRID_COL_INT, "-0", "{\"v\":-0}\n");
	check_number(GRID_COL_INT, "-42", "{\"v\":-42}\n");
	check_number(GRID_COL_INT, "abc", "{\"v\":\"abc\"}\n");
	check_number(GRID_COL_INT, "", "{\"v\":\"\"}\n");
	check_number(GRID_COL_INT, "+1", "{\"v\":\"+1\"}\n");
	check_number(GRID_COL_INT, " 12", "{\"v\":\" 12\"}\n");
	check_number(GRID_COL_INT, "12 ", "{\"v\":\"12 \"}\n");
	check_number(GRID_COL_REAL, "12.5", "{\"v\":12.5}\n");
	check_number(GRID_COL_REAL, "0.25", "{\"v\":0.25}\n");
	check_number(GRID_COL_REAL, "1E+5", "{\"v\":1E+5}\n");
	check_number(GRID_COL_REAL, "2.5e-3", "{\"v\":2.5e-3}\n");
	check_number(GRID_COL_REAL, "1.", "{\"v\":\"1.\"}\n");
	check_number(GRID_COL_REAL, ".5", "{\"v\":\".5\"}\n");
	check_number(GRID_COL_REAL, "1e", "{\"v\":\"1e\"}\n");
	check_number(GRID_COL_REAL, "-", "{\"v\":\"-\"}\n");
	check_number(GRID_COL_REAL, "NaN", "{\"v\":\"NaN\"}\n");
	check_number(GRID_COL_REAL, "inf", "{\"v\":\"inf\"}\n");
	check_number(GRID_COL_REAL, "0x10", "{\"v\":\"0x10\"}\n");
	check_number(GRID_COL_TEXT, "12", "{\"v\":\"12\"}\n");
}

static void
test_ndjson_text(void)
{
	static const struct grid_column columns[] = {
		{ "备注", GRID_COL_TEXT },
		{ "key \"q\"", GRID_COL_TEXT }
	};
	static const char *const rows[] = {
		"东城区\t网格\x01", "\x1b[0m"
	};

	check(GRID_FORMAT_NDJSON, columns, LEN(columns), rows, 1,
	    "{\"备注\":\"东城区\\t网格\\u0001\","
	    "\"key \\\"q\\\"\":\"\\u001b[0m\"}\n",
	    "ndjson: Chinese keys, control characters escaped");
}

static void
test_csv(void)
{
	static const struct grid_column one[] = { { "note", GRID_COL_TEXT } };
	static const char *const one_rows[] = { "x", "", NULL };
	static const struct grid_column odd[] = {
		{ "a,b", GRID_COL_TEXT }, { "c", GRID_COL_INT }
	};
	static const char *const odd_rows[] = { "", NULL };
	static const char *const cr_rows[] = {
		"a\rb", "c\r\nd", "e\r", "\rf", "g h", " i\t"
	};

	check(GRID_FORMAT_CSV, odd, LEN(odd), cr_rows, 3,
	    "\"a,b\",c\n"
	    "\"a\rb\",\"c\r\nd\"\n"
	    "\"e\r\",\"\rf\"\n"
	    "g h,\" i\t\"\n",
	    "csv: a CR anywhere, CR LF, blanks at an end: quoted");
	check(GRID_FORMAT_CSV, people_columns, LEN(people_columns),
	    people_rows, 3,
	    "id,name,n,score\n"
	    "0012,王伟,12,12.5\n"
	    "\"a,b\",\"say \"\"hi\"\"\",abc,\n"
	    "\"line\nbreak\",\" pad\",,-1e3\n",
	    "csv: header, quoting, NULL empty, LF line ends");
	check(GRID_FORMAT_CSV, people_columns, LEN(people_columns),
	    people_rows, 0, "id,name,n,score\n", "csv: header alone");
	check(GRID_FORMAT_CSV, one, LEN(one), one_rows, 3,
	    "note\nx\n\"\"\n\"\"\n",
	    "csv: empty value of one column is \"\", not a blank line");
	check(GRID_FORMAT_CSV, odd, LEN(odd), odd_rows, 1,
	    "\"a,b\",c\n,\n", "csv: header quoted, empty row");
}

static void
test_tsv(void)
{
	static const struct grid_column columns[] = {
		{ "a\tb", GRID_COL_TEXT }, { "c", GRID_COL_TEXT }
	};
	static const char *const rows[] = {
		"tab\there", "back\\slash",
		"cr\r\nlf", NULL,
		"\\t", "\"q\",x"
	};

	check(GRID_FORMAT_TSV, people_columns, LEN(people_columns),
	    people_rows, 3,
	    "id\tname\tn\tscore\n"
	    "0012\t王伟\t12\t12.5\n"
	    "a,b\tsay \"hi\"\tabc\t\n"
	    "line\\nbreak\t pad\t\t-1e3\n",
	    "tsv: header, newline escaped, NULL empty");
	check(GRID_FORMAT_TSV, columns, LEN(columns), rows, 3,
	    "a\\tb\tc\n"
	    "tab\\there\tback\\\\slash\n"
	    "cr\\r\\nlf\t\n"
	    "\\\\t\t\"q\",x\n",
	    "tsv: tab, CR, LF, backslash escaped; quotes kept");
}

static void
test_table(void)
{
	static const struct grid_column columns[] = {
		{ "网格", GRID_COL_TEXT },
		{ "人口", GRID_COL_INT },
		{ "name", GRID_COL_TEXT }
	};
	static const char *const rows[] = {
		"东城区第一网格", "1200", "甲",
		"A", "7", NULL,
		NULL, "-3.5", "x y"
	};

	check(GRID_FORMAT_TABLE, columns, LEN(columns), rows, 3,
	    "网格            人口  name\n"
	    "--------------  ----  ----\n"
	    "东城区第一网格  1200  甲\n"
	    "A                  7\n"
	    "                -3.5  x y\n",
	    "table: CJK two columns, numbers right, no trailing spaces");
	check(GRID_FORMAT_TABLE, columns, LEN(columns), rows, 0,
	    "网格  人口  name\n"
	    "----  ----  ----\n",
	    "table: header and rule alone");
}

/* What a fitted table told its caller it left out. */
struct left_out {
	char names[256];
	size_t n, width, calls;
};

static void
note_left_out(void *ctx, const char *const *names, size_t n, size_t width)
{
	struct left_out *l = ctx;
	size_t i;

	l->calls++;
	l->n = n;
	l->width = width;
	l->names[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(l->names + strlen(l->names), sizeof(l->names) -
		    strlen(l->names), "%s%s", i > 0 ? "," : "", names[i]);
}

/* A table fitted to width with main and headers; the text or NULL. */
static char *
render_fit(size_t width, const char *const *main_columns,
    const char *const *headers, struct left_out *l)
{
	static const struct grid_column columns[] = {
		{ "unit", GRID_COL_TEXT }, { "unit_name", GRID_COL_TEXT },
		{ "cases", GRID_COL_INT }, { "score", GRID_COL_REAL },
		{ "grade", GRID_COL_TEXT }
	};
	static const char *const row[] = {
		"320508018014", "察院场社区", "7", "57.83", "D"
	};
	struct grid_writer *w;
	struct grid_error err;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	int rc;

	memset(l, 0, sizeof(*l));
	w = grid_writer_new(f, GRID_FORMAT_TABLE, columns, LEN(columns),
	    &err);
	rc = w == NULL || grid_writer_fit(w, width, main_columns, headers,
	    note_left_out, l, &err) != 0 || grid_writer_row(w, row,
	    &err) != 0 || grid_writer_finish(w, &err) != 0;
	grid_writer_free(w);
	fclose(f);
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void
test_table_fit(void)
{
	static const char *const main_columns[] = {
		"unit_name", "score", "grade", "nope", "cases", NULL
	};
	static const char *const headers[] = {
		"单位代码", "单位名称", NULL, "综合指标值", "等级"
	};
	struct left_out l;
	char *text;

	/* unit_name 10 + 2 + score 5 + 2 + grade 5 = 24 */
	text = render_fit(24, main_columns, NULL, &l);
	is_str(text, "unit_name   score  grade\n"
	    "----------  -----  -----\n"
	    "察院场社区  57.83  D\n",
	    "fit: the main columns that fit, in their own order");
	ok(l.calls == 1 && l.n == 2 && l.width == 24 &&
	    strcmp(l.names, "unit,cases") == 0,
	    "fit: told what was left out, in column order");
	free(text);
	text = render_fit(23, main_columns, NULL, &l);
	is_str(text, "unit_name   score\n"
	    "----------  -----\n"
	    "察院场社区  57.83\n",
	    "fit: the first that does not fit ends the list");
	free(text);
	text = render_fit(3, main_columns, NULL, &l);
	is_str(text, "unit_name\n----------\n察院场社区\n",
	    "fit: the first main column even when it alone is wider");
	free(text);
	text = render_fit(0, main_columns, NULL, &l);
	is_str(text, "unit_name   cases  score  grade\n"
	    "----------  -----  -----  -----\n"
	    "察院场社区      7  57.83  D\n",
	    "fit: no limit, every main column");
	ok(l.n == 1 && strcmp(l.names, "unit") == 0,
	    "fit: no limit, the others named");
	free(text);
	text = render_fit(0, NULL, NULL, &l);
	ok(text != NULL && strncmp(text, "unit          unit_name   cases  "
	    "score  grade\n", 44) == 0 &&
	    l.calls == 0, "fit: no main columns, no limit: every column");
	free(text);
	text = render_fit(31, NULL, NULL, &l);
	is_str(text, "unit          unit_name   cases\n"
	    "------------  ----------  -----\n"
	    "320508018014  察院场社区      7\n",
	    "fit: no main columns: the first that fit, in order");
	free(text);
	text = render_fit(35, main_columns, headers, &l);
	is_str(text, "单位名称    cases  综合指标值  等级\n"
	    "----------  -----  ----------  ----\n"
	    "察院场社区      7       57.83  D\n",
	    "fit: headers replace the names, two columns a character");
	free(text);
}

static void
test_table_controls(void)
{
	static const struct grid_column columns[] = {
		{ "v", GRID_COL_TEXT }, { "w", GRID_COL_REAL }
	};
	static const char *const rows[] = {
		"a\x1b[31mb", "1",
		"c\nd\xc2\x85" "e", "",
		"", NULL
	};

	check(GRID_FORMAT_TABLE, columns, LEN(columns), rows, 3,
	    "v        w\n"
	    "-------  -\n"
	    "a [31mb  1\n"
	    "c d e\n"
	    "\n",
	    "table: control characters shown as spaces");
}

static void
test_md(void)
{
	static const struct grid_column columns[] = {
		{ "网格", GRID_COL_TEXT },
		{ "n", GRID_COL_INT },
		{ "note", GRID_COL_TEXT }
	};
	static const char *const rows[] = {
		"a|b", "5", "x\ny",
		NULL, "12", "东城区第一网格"
	};

	check(GRID_FORMAT_MD, columns, LEN(columns), rows, 2,
	    "| 网格 |   n | note           |\n"
	    "| ---- | --: | -------------- |\n"
	    "| a\\|b |   5 | x y            |\n"
	    "|      |  12 | 东城区第一网格 |\n",
	    "md: pipes escaped, numbers ---:, padded");
	check(GRID_FORMAT_MD, columns, LEN(columns), rows, 0,
	    "| 网格 |   n | note |\n"
	    "| ---- | --: | ---- |\n",
	    "md: header alone");
}

static void
test_bad_arguments(void)
{
	struct grid_error err;
	struct grid_writer *w;
	const char *values[] = { "x" };
	char *text = NULL;
	size_t size = 0;
	FILE *f;

	grid_error_clear(&err);
	ok(grid_writer_new(NULL, GRID_FORMAT_CSV, people_columns, 1,
	    &err) == NULL, "no stream refused");
	is_int(err.code, GRID_EINTERNAL, "no stream: internal error");
	f = open_memstream(&text, &size);
	ok(grid_writer_new(f, GRID_FORMAT_NONE, people_columns, 1,
	    &err) == NULL, "format NONE refused");
	ok(grid_writer_new(f, GRID_FORMAT_HTML, people_columns, 1,
	    &err) == NULL, "format html refused (grid/html.h writes pages)");
	ok(grid_writer_new(f, GRID_FORMAT_CSV, people_columns, 0,
	    NULL) == NULL, "no columns refused, err NULL");
	w = grid_writer_new(f, GRID_FORMAT_NDJSON, people_columns, 1, &err);
	ok(w != NULL && grid_writer_finish(w, &err) == 0, "finish at once");
	is_int(grid_writer_finish(w, &err), 0, "finish twice");
	grid_error_clear(&err);
	is_int(grid_writer_row(w, values, &err), -1, "row after finish");
	is_int(err.code, GRID_EINTERNAL, "row after finish: internal error");
	grid_writer_free(w);
	grid_writer_free(NULL);
	fclose(f);
	is_str(text, "", "nothing written");
	free(text);
}

static FILE *
open_full(void)
{
	FILE *f = fopen("/dev/full", "w");

	if (f != NULL)
		setvbuf(f, NULL, _IONBF, 0);
	return f;
}

static void
test_write_error(void)
{
	const char *const values[] = { "1", "x", "2", "3" };
	struct grid_error err;
	struct grid_writer *w;
	FILE *f;

	if ((f = open_full()) == NULL) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	grid_error_clear(&err);
	ok(grid_writer_new(f, GRID_FORMAT_CSV, people_columns, 4, &err) ==
	    NULL, "csv header to a full disk fails");
	is_int(err.code, GRID_EIO, "csv header: GRID_EIO");
	ok(strncmp(err.text, "write error", 11) == 0, err.text);

	w = grid_writer_new(f, GRID_FORMAT_NDJSON, people_columns, 4, &err);
	ok(w != NULL, "ndjson writes nothing at first");
	grid_error_clear(&err);
	is_int(grid_writer_row(w, values, &err), -1, "ndjson row fails");
	is_int(err.code, GRID_EIO, "ndjson row: GRID_EIO");
	grid_error_clear(&err);
	is_int(grid_writer_row(w, values, &err), -1, "fails again");
	is_int(err.code, GRID_EIO, "same error again");
	is_int(grid_writer_finish(w, &err), -1, "finish fails too");
	grid_writer_free(w);

	w = grid_writer_new(f, GRID_FORMAT_TABLE, people_columns, 4, &err);
	ok(w != NULL && grid_writer_row(w, values, &err) == 0,
	    "table keeps rows in memory");
	grid_error_clear(&err);
	is_int(grid_writer_finish(w, &err), -1, "table finish fails");
	is_int(err.code, GRID_EIO, "table finish: GRID_EIO");
	grid_writer_free(w);
	fclose(f);
}

int
main(void)
{
	test_formats();
	test_json_quote();
	test_csv_quote();
	test_ndjson();
	test_numbers();
	test_ndjson_text();
	test_csv();
	test_tsv();
	test_table();
	test_table_fit();
	test_table_controls();
	test_md();
	test_bad_arguments();
	test_write_error();
	return tap_done();
}
