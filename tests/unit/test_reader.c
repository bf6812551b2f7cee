/*
 * test_reader.c - unit tests of the reader (lib/reader.c, reader_csv.c,
 * reader_ndjson.c) on tricky input: byte order marks, CRLF, quoting,
 * delimiters, GB18030, gzip, bad bytes, limits and NDJSON; the rules of
 * RFC 4180 one by one, the fields as read (blanks,
 * CR LF inside quotes, bare CRs) beside their values, line numbers after
 * lines of blanks; and random records read by the reader and by a plain
 * reference parser; UTF-16, workbooks (the .xls fixture; .xlsx is read
 * end to end in tests/e2e/t21-workbooks.sh), header lines and the text
 * of workbook numbers and dates.  Every input is written to a temporary
 * file under /tmp and removed afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/reader.h"
#include "workbook_internal.h"

#include "tap.h"

/*
 * The test's own text built in a buffer: an append that fails is a bug
 * of the test, which stops there.
 */
static void
must(int appended)
{
	if (appended != 0) {
		fprintf(stderr, "a test buffer is full\n");
		abort();
	}
}

static char dir[] = "/tmp/test_reader.XXXXXX";
#include "testfs.h"

#define TMP_TEMPLATE "/tmp/test_reader.XXXXXX"

/* A temporary file holding n bytes of data (gzip-compressed when gz). */
struct tmp {
	char path[sizeof(TMP_TEMPLATE)];
};

static int
tmp_write(struct tmp *t, const void *data, size_t n, int gz)
{
	gzFile g;
	FILE *f;
	int fd;

	memcpy(t->path, TMP_TEMPLATE, sizeof(TMP_TEMPLATE));
	if ((fd = mkstemp(t->path)) < 0)
		return -1;
	if (gz) {
		close(fd);
		if ((g = gzopen(t->path, "wb")) == NULL)
			return -1;
		if (n > 0 && gzwrite(g, data, (unsigned)n) != (int)n) {
			gzclose(g);
			return -1;
		}
		return gzclose(g) == Z_OK ? 0 : -1;
	}
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		return -1;
	}
	if (n > 0 && fwrite(data, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void
tmp_remove(struct tmp *t)
{
	if (t->path[0] != '\0')
		unlink(t->path);
	t->path[0] = '\0';
}


/* Appends s to buf with CR, LF and backslash shown as escapes. */
static void
add_escaped(struct grid_buf *buf, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n')
			must(grid_buf_adds(buf, "\\n"));
		else if (*s == '\r')
			must(grid_buf_adds(buf, "\\r"));
		else if (*s == '\\')
			must(grid_buf_adds(buf, "\\\\"));
		else
			must(grid_buf_addc(buf, *s));
}

/*
 * What one read of a whole file gave: the records as text, one a line
 * ("LINE: name=value|name=value", "~" for NULL, " !width" for a bad
 * width, "LINE: !error CODE" for a malformed NDJSON line), the last return
 * of grid_reader_next (or -2 when the open failed) and its error, and
 * what the reader detected.
 */
struct result {
	int rc;
	struct grid_error err;
	struct grid_error line_err;	/* last malformed NDJSON line */
	char *records;
	char *header;		/* "a|b|c", NULL for NDJSON */
	enum grid_input_format format;
	enum grid_encoding encoding;
	char delimiter;
	int bom, crlf;
	uint64_t done, total;
};

static void
describe(struct grid_buf *out, const struct grid_record *rec,
    const struct grid_error *err)
{
	size_t i;

	must(grid_buf_addf(out, "%ld:", rec->line));
	if (rec->nfields == 0)
		must(grid_buf_addf(out, " !error %d", err->code));
	for (i = 0; i < rec->nfields; i++) {
		must(grid_buf_adds(out, i == 0 ? " " : "|"));
		add_escaped(out, rec->names[i]);
		must(grid_buf_addc(out, '='));
		if (rec->values[i] == NULL)
			must(grid_buf_addc(out, '~'));
		else
			add_escaped(out, rec->values[i]);
		if (rec->values[i] == NULL && rec->raw[i] == NULL)
			must(grid_buf_adds(out, "(raw NULL)"));
	}
	if (rec->bad_width)
		must(grid_buf_adds(out, " !width"));
	must(grid_buf_addc(out, '\n'));
}

/* Where read_path finds the table (zero: as grid_reader_open). */
static struct grid_reader_layout layout;

static void
read_path(const char *path, const struct grid_reader_options *opts,
    struct result *res)
{
	struct grid_buf out = GRID_BUF_INIT;
	const struct grid_record *rec;
	const char *const *header;
	struct grid_reader *r;
	size_t n, i;

	memset(res, 0, sizeof(*res));
	r = grid_reader_open_layout(path, opts, &layout, &res->err);
	if (r == NULL) {
		res->rc = -2;
		res->records = grid_buf_detach(&out);
		return;
	}
	res->format = grid_reader_format(r);
	res->encoding = grid_reader_encoding(r);
	res->delimiter = grid_reader_delimiter(r);
	res->bom = grid_reader_has_bom(r);
	res->crlf = grid_reader_crlf(r);
	header = grid_reader_header(r, &n);
	if (header != NULL) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				must(grid_buf_addc(&out, '|'));
			must(grid_buf_adds(&out, header[i]));
		}
		res->header = grid_buf_detach(&out);
	}
	for (;;) {
		grid_error_clear(&res->err);
		res->rc = grid_reader_next(r, &rec, &res->err);
		if (res->rc != 1)
			break;
		if (rec->nfields == 0)
			res->line_err = res->err;
		describe(&out, rec, &res->err);
	}
	grid_reader_progress(r, &res->done, &res->total);
	grid_reader_close(r);
	res->records = grid_buf_detach(&out);
}

/* Writes data to a temporary file and reads it. */
static void
read_bytes(const void *data, size_t n, int gz,
    const struct grid_reader_options *opts, struct result *res)
{
	struct tmp t;

	if (tmp_write(&t, data, n, gz) != 0) {
		memset(res, 0, sizeof(*res));
		res->rc = -3;
		res->records = strdup("");
		printf("# cannot write a temporary file: %s\n",
		    strerror(errno));
		return;
	}
	read_path(t.path, opts, res);
	tmp_remove(&t);
}

static void
read_text(const char *text, const struct grid_reader_options *opts,
    struct result *res)
{
	read_bytes(text, strlen(text), 0, opts, res);
}

static void
result_release(struct result *res)
{
	free(res->records);
	free(res->header);
}

static int
contains(const char *text, const char *part)
{
	return text != NULL && strstr(text, part) != NULL;
}

/* A CSV text read with default options: header and records as expected. */
static void
check_csv(const char *text, const char *header, const char *records,
    const char *what)
{
	struct result res;
	char name[160];

	read_text(text, NULL, &res);
	snprintf(name, sizeof(name), "%s: header", what);
	is_str(res.header, header, name);
	snprintf(name, sizeof(name), "%s: records", what);
	is_str(res.records, records, name);
	snprintf(name, sizeof(name), "%s: read to the end", what);
	is_int(res.rc, 0, name);
	if (res.rc != 0)
		printf("#   error: %s\n", res.err.text);
	result_release(&res);
}

static void
test_utf8(void)
{
	struct result res;

	read_text("id,name\n1,王伟\n2,李娜\n", NULL, &res);
	is_str(res.header, "id|name", "utf-8: header");
	is_str(res.records, "2: id=1|name=王伟\n3: id=2|name=李娜\n",
	    "utf-8: records and lines");
	is_int(res.rc, 0, "utf-8: end");
	is_int(res.format, GRID_INPUT_CSV, "utf-8: format csv");
	is_int(res.encoding, GRID_ENC_UTF8, "utf-8: encoding detected");
	is_int(res.bom, 0, "utf-8: no bom");
	is_int(res.crlf, 0, "utf-8: no crlf");
	is_int(res.delimiter, ',', "utf-8: comma");
	result_release(&res);

	read_text("\xef\xbb\xbfid,name\n1,王伟\n", NULL, &res);
	is_str(res.header, "id|name", "bom: header without the bom");
	is_str(res.records, "2: id=1|name=王伟\n", "bom: records");
	is_int(res.bom, 1, "bom: has_bom");
	is_int(res.encoding, GRID_ENC_UTF8, "bom: utf-8");
	result_release(&res);

	read_text("\xef\xbb\xbfid,name\n1,王伟\n",
	    &(struct grid_reader_options){ .encoding = GRID_ENC_UTF8 }, &res);
	is_str(res.header, "id|name", "bom forced utf-8: header");
	is_int(res.bom, 1, "bom forced utf-8: has_bom");
	result_release(&res);

	read_text("id,name\n1,a\n2,b", NULL, &res);
	is_str(res.records, "2: id=1|name=a\n3: id=2|name=b\n",
	    "no final newline: last record read");
	result_release(&res);
}

static void
test_crlf(void)
{
	struct result res;

	read_text("id,name\r\n1,a\r\n2,\"b\r\nc\"\r\n3,d\r\n", NULL, &res);
	is_int(res.crlf, 1, "crlf: detected");
	is_str(res.header, "id|name", "crlf: header has no CR");
	is_str(res.records, "2: id=1|name=a\n3: id=2|name=b\\r\\nc\n"
	    "5: id=3|name=d\n", "crlf: the CR LF inside quotes kept, lines "
	    "right");
	result_release(&res);

	read_text("\xef\xbb\xbfid,name\r\n1,a\r\n", NULL, &res);
	is_int(res.crlf, 1, "bom and crlf: crlf");
	is_int(res.bom, 1, "bom and crlf: bom");
	is_str(res.records, "2: id=1|name=a\n", "bom and crlf: records");
	result_release(&res);

	/* A CR inside a line is data: it does not end the record. */
	read_text("id,name\n1\r2,a\n3,b\n", NULL, &res);
	is_str(res.records, "2: id=1\\r2|name=a\n3: id=3|name=b\n",
	    "cr inside a line: data, not the end of a record");
	result_release(&res);
}

static void
test_quoting(void)
{
	check_csv("a,b\n\"x\ny\nz\",2\n3,4\n", "a|b",
	    "2: a=x\\ny\\nz|b=2\n5: a=3|b=4\n",
	    "quoted newlines: the record's first line, next line right");
	check_csv("a,b\n1,\"\n\"\n2,\"\"\n", "a|b",
	    "2: a=1|b=\\n\n4: a=2|b=~\n",
	    "quoted field of a newline alone");
	check_csv("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", "a|b",
	    "2: a=say \"hi\"|b=\"\n", "doubled quotes");
	check_csv("a,b\n\"x,y\",\"p;q\"\n", "a|b", "2: a=x,y|b=p;q\n",
	    "delimiter inside quotes");
	check_csv("\"first name\",\"a\"\"b\"\nx,y\n", "first name|a\"b",
	    "2: first name=x|a\"b=y\n", "quoted header names");
}

static void
test_width(void)
{
	check_csv("a,b,c\n1,,3\n1,2,3,4\n,,3\n", "a|b|c",
	    "2: a=1|b=~|c=3\n3: a=1|b=2|c=3|=4 !width\n4: a=~|b=~|c=3\n",
	    "empty fields NULL; a long row bad_width");
	check_csv("a,b\n1,2\n,\n\n,,\n3,4\n", "a|b",
	    "2: a=1|b=2\n6: a=3|b=4\n",
	    "rows of only delimiters and blank lines skipped");
	check_csv("a\n\n\nx\n", "a", "4: a=x\n", "blank lines before a record");

	/* raw of a missing field is "", values NULL */
	{
		struct tmp t;
		struct grid_reader *r;
		const struct grid_record *rec;
		struct grid_error err;
		const char *text = "a,b,c\n1\n";

		grid_error_clear(&err);
		if (tmp_write(&t, text, strlen(text), 0) != 0)
			return;
		r = grid_reader_open(t.path, NULL, &err);
		ok(r != NULL && grid_reader_next(r, &rec, &err) == 1,
		    "short row read");
		if (r != NULL) {
			/* its own width, or the header's with NULL values */
			ok(rec->nfields >= 1 && rec->nfields <= 3,
			    "short row: nfields 1 to 3");
			is_str(rec->values[0], "1", "short row: value kept");
			is_str(rec->names[0], "a", "short row: name");
			ok(rec->nfields < 2 || (rec->values[1] == NULL &&
			    rec->raw[1] != NULL && rec->raw[1][0] == '\0'),
			    "short row: missing values NULL, raw \"\"");
			ok(rec->bad_width, "short row: bad_width");
			ok(rec->text == NULL, "csv: text NULL");
			is_int(rec->line, 2, "short row: line 2");
		}
		grid_reader_close(r);
		tmp_remove(&t);
	}
}

static void
check_delimiter(const char *text, char want, const char *records,
    const char *what)
{
	struct result res;
	char name[128];

	read_text(text, NULL, &res);
	snprintf(name, sizeof(name), "sniff %s: delimiter", what);
	is_int(res.delimiter, want, name);
	snprintf(name, sizeof(name), "sniff %s: records", what);
	is_str(res.records, records, name);
	result_release(&res);
}

static void
test_delimiters(void)
{
	struct grid_reader_options opts = { .delimiter = ';' };
	struct result res;

	check_delimiter("a,b,c\n1,2,3\n", ',', "2: a=1|b=2|c=3\n", "comma");
	check_delimiter("a\tb\tc\n1\t2\t3\n", '\t', "2: a=1|b=2|c=3\n", "tab");
	check_delimiter("a;b;c\n1;2,5;3\n", ';', "2: a=1|b=2,5|c=3\n",
	    "semicolon");
	check_delimiter("a|b|c\n1|2|3\n", '|', "2: a=1|b=2|c=3\n", "pipe");
	check_delimiter("a;\"b,c,d\";e\n1;2;3\n", ';',
	    "2: a=1|b,c,d=2|e=3\n", "commas in a quoted name not counted");
	check_delimiter("a\tb\tc\n\tx\t\n", '\t', "2: a=~|b=x|c=~\n",
	    "tab with empty fields");
	check_delimiter("name\n王伟\n", ',', "2: name=王伟\n",
	    "one column: comma");
	check_delimiter("\na;b\n1;2\n", ';', "3: a=1|b=2\n",
	    "a blank line before the header");

	read_text("a;b,c\n1;2,3\n", &opts, &res);
	is_int(res.delimiter, ';', "forced delimiter: kept");
	is_str(res.header, "a|b,c", "forced delimiter: header");
	is_str(res.records, "2: a=1|b,c=2,3\n", "forced delimiter: records");
	result_release(&res);

	opts.delimiter = '|';
	read_text("a,b\n1,2\n", &opts, &res);
	is_str(res.header, "a,b", "forced pipe on a comma file: one column");
	result_release(&res);
}

static const char gb_text[] =
    "姓名,性别,地址\n王伟,男,东城区朱镕基路𠀀号\n李娜,女,\"北京,东城\"\n";
static const char gb_records[] =
    "2: 姓名=王伟|性别=男|地址=东城区朱镕基路𠀀号\n"
    "3: 姓名=李娜|性别=女|地址=北京,东城\n";

static void
test_gb18030(void)
{
	struct grid_reader_options opts = { .encoding = GRID_ENC_GB18030 };
	struct result res;
	char *gb;
	size_t n;

	gb = to_gb18030(gb_text, &n);
	ok(gb != NULL && n != strlen(gb_text) &&
	    memcmp(gb, "\xd0\xd5\xc3\xfb", 4) == 0,
	    "gb18030 test text made with iconv");
	if (gb == NULL)
		return;
	read_bytes(gb, n, 0, NULL, &res);
	is_int(res.encoding, GRID_ENC_GB18030, "gb18030: detected");
	is_str(res.header, "姓名|性别|地址", "gb18030: header decoded");
	is_str(res.records, gb_records, "gb18030: records decoded to utf-8");
	is_int(res.rc, 0, "gb18030: end");
	result_release(&res);

	read_bytes(gb, n, 0, &opts, &res);
	is_int(res.encoding, GRID_ENC_GB18030, "gb18030 forced: encoding");
	is_str(res.records, gb_records, "gb18030 forced: records");
	result_release(&res);

	read_bytes(gb, n, 1, NULL, &res);
	is_int(res.encoding, GRID_ENC_GB18030, "gb18030 gzip: detected");
	is_str(res.records, gb_records, "gb18030 gzip: records");
	result_release(&res);

	/* the bytes literally: 王伟 in GB18030 is CD F5 CE B0 */
	read_text("name\n\xcd\xf5\xce\xb0\n", NULL, &res);
	is_int(res.encoding, GRID_ENC_GB18030, "gb18030 literal: detected");
	is_str(res.records, "2: name=王伟\n", "gb18030 literal: decoded");
	result_release(&res);

	free(gb);
}

/*
 * Reads data in a child process, so that a crash fails the check instead
 * of ending the program; the child checks the header (when want_header
 * is not NULL) and the records.
 */
static void
read_isolated(const void *data, size_t n,
    const struct grid_reader_options *opts, const char *want_header,
    const char *want_records, const char *what)
{
	struct result res;
	struct tmp t;
	int status = 0;
	pid_t pid;

	if (tmp_write(&t, data, n, 0) != 0) {
		ok(0, what);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		read_path(t.path, opts, &res);
		if (res.rc != 0 || strcmp(res.records, want_records) != 0 ||
		    (want_header != NULL && (res.header == NULL ||
		    strcmp(res.header, want_header) != 0)))
			_exit(3);
		result_release(&res);
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, what);
	if (pid > 0 && WIFSIGNALED(status))
		printf("#   killed by signal %d\n", WTERMSIG(status));
	else if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		printf("#   not what was expected (exit status %d)\n",
		    WEXITSTATUS(status));
	tmp_remove(&t);
}

/* GB18030 whose first line is blank: the decoded line is empty. */
static void
test_gb18030_blank_line(void)
{
	struct grid_reader_options gb = { .encoding = GRID_ENC_GB18030 };
	char *text;
	size_t n;

	if ((text = to_gb18030("\n姓名;性别\n王伟;男\n", &n)) == NULL)
		return;
	read_isolated(text, n, NULL, "姓名|性别", "3: 姓名=王伟|性别=男\n",
	    "gb18030 detected, blank first line: no crash, header read");
	free(text);
	read_isolated("\na,b\n1,2\n", 8, &gb, "a|b", "3: a=1|b=2\n",
	    "gb18030 forced, blank first line: no crash, records read");
}

static void
test_bad_bytes(void)
{
	struct grid_reader_options utf8 = { .encoding = GRID_ENC_UTF8 };
	struct grid_reader_options gb = { .encoding = GRID_ENC_GB18030 };
	struct result res;

	read_text("a,b\n1,2\nx,\xff\xfey\n", &utf8, &res);
	is_str(res.records, "2: a=1|b=2\n", "bad utf-8: good rows first");
	is_int(res.rc, -1, "bad utf-8 forced: -1");
	is_int(res.err.code, GRID_EDATA, "bad utf-8: GRID_EDATA");
	is_int(res.err.line, 3, "bad utf-8: line 3");
	ok(contains(res.err.text, "byte offset 10"), res.err.text);
	ok(contains(res.err.text, "0xff"), "bad utf-8: names the byte");
	result_release(&res);

	/* GB18030 text (王) where UTF-8 is forced */
	read_text("a\n\xcd\xf5\n", &utf8, &res);
	is_int(res.rc, -1, "gb18030 bytes forced as utf-8: -1");
	is_int(res.err.line, 2, "gb18030 bytes forced as utf-8: line 2");
	ok(contains(res.err.text, "byte offset 2"), res.err.text);
	result_release(&res);

	read_text("a,b\n1,2\n3,\xc0\xaf\n", &utf8, &res);
	is_int(res.rc, -1, "overlong utf-8: -1");
	ok(contains(res.err.text, "byte offset 10"), res.err.text);
	result_release(&res);

	read_text("a,b\xff\n1,2\n", &utf8, &res);
	is_int(res.rc, -2, "bad utf-8 in the header: open fails");
	is_int(res.err.code, GRID_EDATA, "bad header: GRID_EDATA");
	is_int(res.err.line, 1, "bad header: line 1");
	ok(contains(res.err.text, "byte offset 3"), res.err.text);
	result_release(&res);

	/* the offset counts the bytes of the file, the BOM included */
	read_text("\xef\xbb\xbf" "a\xff,b\n1,2\n", NULL, &res);
	is_int(res.rc, -2, "bad utf-8 after a bom: open fails");
	ok(contains(res.err.text, "byte offset 4 "),
	    "bad utf-8 after a bom: file byte offset 4 (bom counted)");
	if (!contains(res.err.text, "byte offset 4 "))
		printf("#   text: %s\n", res.err.text);
	result_release(&res);

	read_text("a,b\n1,\x81\n", &gb, &res);
	is_int(res.rc, -1, "incomplete gb18030: -1");
	is_int(res.err.code, GRID_EDATA, "incomplete gb18030: GRID_EDATA");
	is_int(res.err.line, 2, "incomplete gb18030: line 2");
	ok(contains(res.err.text, "byte offset 6"), res.err.text);
	result_release(&res);

	read_text("\xef\xbb\xbfid,name\n1,王伟\n", &gb, &res);
	is_int(res.rc, -2, "gb18030 forced on a utf-8 bom: open fails");
	is_int(res.err.code, GRID_EDATA, "gb18030 on bom: GRID_EDATA");
	ok(res.err.text[0] != '\0', res.err.text);
	result_release(&res);

	read_bytes("a,b\n1,x\0y\n", 10, 0, NULL, &res);
	is_int(res.rc, -1, "nul byte: -1");
	is_int(res.err.code, GRID_EDATA, "nul byte: GRID_EDATA");
	is_int(res.err.line, 2, "nul byte: line 2");
	ok(contains(res.err.text, "NUL"), res.err.text);
	ok(contains(res.err.text, "byte offset 7"), "nul byte: offset 7");
	result_release(&res);

	test_gb18030_blank_line();
}

static void
test_gzip(void)
{
	static const char text[] =
	    "\xef\xbb\xbfid,name\r\n1,\"王\r\n伟\"\r\n,\r\n2,李娜\r\n";
	struct result plain, gz;
	struct grid_buf big = GRID_BUF_INIT;
	struct tmp t;
	struct stat st;
	long i;

	read_bytes(text, strlen(text), 0, NULL, &plain);
	read_bytes(text, strlen(text), 1, NULL, &gz);
	is_str(gz.records, plain.records, "gzip: same records as plain");
	is_str(gz.records, "2: id=1|name=王\\r\\n伟\n5: id=2|name=李娜\n",
	    "gzip: records");
	is_str(gz.header, "id|name", "gzip: header");
	ok(gz.bom == 1 && gz.crlf == 1 && gz.delimiter == ',',
	    "gzip: bom, crlf and delimiter detected inside");
	is_int(gz.rc, 0, "gzip: end");
	ok(gz.done > 0 && gz.total > 0, "gzip: progress known");
	result_release(&plain);
	result_release(&gz);

	/* a file larger than one read chunk, truncated in the middle */
	must(grid_buf_adds(&big, "id,name,note\n"));
	for (i = 0; i < 40000; i++)
		must(grid_buf_addf(&big, "%ld,name %ld,%lx%lx\n", i, i * 7919,
		    (unsigned long)i * 2654435761UL, i * 40503L));
	if (tmp_write(&t, big.data, big.len, 1) != 0 || stat(t.path, &st) != 0)
		return;
	read_path(t.path, NULL, &gz);
	is_int(gz.rc, 0, "big gzip: read to the end");
	ok(gz.done == (uint64_t)st.st_size && gz.total == (uint64_t)st.st_size,
	    "big gzip: progress counts compressed bytes");
	result_release(&gz);
	if (truncate(t.path, st.st_size / 2) != 0)
		printf("# truncate: %s\n", strerror(errno));
	read_path(t.path, NULL, &gz);
	is_int(gz.rc, -1, "truncated gzip: -1 after some records");
	ok(gz.records[0] != '\0', "truncated gzip: first records read");
	ok(contains(gz.err.text, "truncated"), gz.err.text);
	result_release(&gz);
	tmp_remove(&t);

	/* a small file without its trailer: the error comes at open */
	if (tmp_write(&t, text, strlen(text), 1) != 0 || stat(t.path, &st) != 0)
		return;
	if (truncate(t.path, st.st_size - 4) != 0)
		printf("# truncate: %s\n", strerror(errno));
	read_path(t.path, NULL, &gz);
	ok(gz.rc == -2 || gz.rc == -1, "gzip without its length: error");
	ok(contains(gz.err.text, "truncated"), gz.err.text);
	result_release(&gz);
	tmp_remove(&t);

	/* a gzip header alone */
	grid_buf_release(&big);
	if (tmp_write(&t, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10, 0)
	    != 0)
		return;
	read_path(t.path, NULL, &gz);
	ok(gz.rc == -2 && contains(gz.err.text, "truncated"),
	    "gzip header alone: truncated at open");
	result_release(&gz);
	tmp_remove(&t);
}

static void
test_limits(void)
{
	struct grid_reader_options opts = { .max_record = 1024 };
	struct grid_buf text = GRID_BUF_INIT;
	struct result res;
	int i;

	read_text("a,b\n1,\"abc\n2,3\n", NULL, &res);
	is_int(res.rc, -1, "unterminated quote: -1");
	is_int(res.err.code, GRID_EDATA, "unterminated quote: GRID_EDATA");
	is_int(res.err.line, 2, "unterminated quote: line where it starts");
	ok(contains(res.err.text, "unterminated"), res.err.text);
	result_release(&res);

	read_text("a,\"b\n", NULL, &res);
	is_int(res.rc, -2, "unterminated quote in the header: open fails");
	result_release(&res);

	read_text("a,b\n1,x\"y\n", NULL, &res);
	is_int(res.rc, -1, "quote inside an unquoted field: -1 (strict)");
	is_int(res.err.line, 2, "stray quote: line 2");
	result_release(&res);

	must(grid_buf_adds(&text, "a,b\n1,2\n3,"));
	for (i = 0; i < 5000; i++)
		must(grid_buf_addc(&text, 'x'));
	must(grid_buf_adds(&text, "\n4,5\n"));
	read_text(text.data, &opts, &res);
	is_str(res.records, "2: a=1|b=2\n", "long line: rows before it read");
	is_int(res.rc, -1, "line over max_record: -1");
	is_int(res.err.code, GRID_EDATA, "long line: GRID_EDATA");
	is_int(res.err.line, 3, "long line: line 3");
	ok(contains(res.err.text, "1024"), res.err.text);
	result_release(&res);

	/* a record of many short lines, longer than max_record */
	grid_buf_reset(&text);
	must(grid_buf_adds(&text, "a,b\n1,\""));
	for (i = 0; i < 600; i++)
		must(grid_buf_adds(&text, "xy\n"));
	must(grid_buf_adds(&text, "\"\n"));
	read_text(text.data, &opts, &res);
	is_int(res.rc, -1, "quoted record over max_record: -1");
	is_int(res.err.line, 2, "quoted record too long: its first line");
	result_release(&res);

	/* the header itself too long */
	grid_buf_reset(&text);
	for (i = 0; i < 2000; i++)
		must(grid_buf_adds(&text, "c,"));
	must(grid_buf_adds(&text, "d\n1\n"));
	read_text(text.data, &opts, &res);
	is_int(res.rc, -2, "header over max_record: open fails");
	is_int(res.err.code, GRID_EDATA, "long header: GRID_EDATA");
	result_release(&res);

	/* NDJSON line too long */
	grid_buf_reset(&text);
	must(grid_buf_adds(&text, "{\"a\":1}\n{\"a\":\""));
	for (i = 0; i < 3000; i++)
		must(grid_buf_addc(&text, 'z'));
	must(grid_buf_adds(&text, "\"}\n"));
	read_text(text.data, &opts, &res);
	is_str(res.records, "1: a=1\n", "long ndjson line: first read");
	is_int(res.rc, -1, "ndjson line over max_record: -1");
	is_int(res.err.line, 2, "long ndjson line: line 2");
	result_release(&res);
	grid_buf_release(&text);
}

/* Many rows of only delimiters in a row: skipped without deep recursion. */
static void
test_many_empty_rows(void)
{
	struct grid_buf text = GRID_BUF_INIT;
	long i;

	must(grid_buf_adds(&text, "a,b\n"));
	for (i = 0; i < 400000; i++)
		must(grid_buf_adds(&text, ",\n"));
	must(grid_buf_adds(&text, "1,2\n"));
	read_isolated(text.data, text.len, NULL, "a|b", "400002: a=1|b=2\n",
	    "400000 rows of only delimiters: skipped, no crash");
	grid_buf_release(&text);
}

static void
test_open_errors(void)
{
	struct grid_error err;
	struct result res;
	struct tmp t;
	char path[64];

	grid_error_clear(&err);
	ok(grid_reader_open("/tmp/test_reader.does-not-exist", NULL, &err) ==
	    NULL, "missing file: NULL");
	is_int(err.code, GRID_ENOINPUT, "missing file: GRID_ENOINPUT");
	is_str(err.source, "/tmp/test_reader.does-not-exist",
	    "missing file: names it");
	ok(grid_reader_open("/tmp/test_reader.does-not-exist", NULL, NULL) ==
	    NULL, "missing file, err NULL");

	if (tmp_write(&t, "x", 1, 0) == 0) {
		snprintf(path, sizeof(path), "%s/x.csv", t.path);
		grid_error_clear(&err);
		ok(grid_reader_open(path, NULL, &err) == NULL,
		    "path under a regular file: NULL");
		is_int(err.code, GRID_ENOINPUT,
		    "path under a regular file: GRID_ENOINPUT");
		tmp_remove(&t);
	}
	grid_error_clear(&err);
	ok(grid_reader_open("/tmp", NULL, &err) == NULL, "directory: NULL");
	is_int(err.code, GRID_ENOINPUT, "directory: GRID_ENOINPUT");

	read_text("", NULL, &res);
	is_int(res.rc, -2, "empty file: open fails");
	is_int(res.err.code, GRID_EDATA, "empty file: GRID_EDATA");
	ok(contains(res.err.text, "empty"), res.err.text);
	result_release(&res);

	read_text("\n\r\n\n", NULL, &res);
	is_int(res.rc, -2, "blank lines only: open fails");
	ok(contains(res.err.text, "empty"), res.err.text);
	result_release(&res);

	read_text("\xef\xbb\xbf", NULL, &res);
	is_int(res.rc, -2, "bom only: open fails");
	ok(contains(res.err.text, "empty"), res.err.text);
	result_release(&res);

	/* an error left from an earlier call does not hide this one */
	if (tmp_write(&t, "", 0, 0) == 0) {
		grid_error_set(&err, GRID_EIO, "old", 9, NULL, "old error");
		ok(grid_reader_open(t.path, NULL, &err) == NULL,
		    "empty file, err holding an old error: NULL");
		ok(contains(err.text, "empty"),
		    "empty file, err holding an old error: says empty");
		if (!contains(err.text, "empty"))
			printf("#   got '%s' (code %d)\n", err.text, err.code);
		tmp_remove(&t);
	}

	read_text("a,b,a\n1,2,3\n", NULL, &res);
	is_int(res.rc, -2, "duplicate header name: open fails");
	is_int(res.err.code, GRID_EDATA, "duplicate header: GRID_EDATA");
	is_str(res.err.field, "a", "duplicate header: names the column");
	is_int(res.err.line, 1, "duplicate header: line 1");
	result_release(&res);

	read_text("name,\xef\xbd\x8e\xef\xbd\x81\xef\xbd\x8d\xef\xbd\x85 \n",
	    NULL, &res);
	is_int(res.rc, -2, "duplicate header after normalising: open fails");
	result_release(&res);

	read_text("a,,c\n1,2,3\n", NULL, &res);
	is_str(res.header, "a|column_2|c", "empty header name: column_N");
	result_release(&res);

	test_many_empty_rows();
}

static void
test_ndjson(void)
{
	struct grid_reader_options csv = { .format = GRID_INPUT_CSV };
	struct result res;

	read_text("{\"s\":\"王伟\",\"i\":42,\"neg\":-7,\"r\":2.5,\"t\":true,"
	    "\"f\":false,\"n\":null,\"o\":{\"k\":[1,\"x\"]},\"a\":[],"
	    "\"e\":\"\",\"id\":110101199003077777}\n", NULL, &res);
	is_int(res.format, GRID_INPUT_NDJSON, "ndjson: detected");
	ok(res.header == NULL, "ndjson: no header");
	is_str(res.records, "1: s=王伟|i=42|neg=-7|r=2.5|t=true|f=false|n=~|"
	    "o={\"k\":[1,\"x\"]}|a=[]|e=~|id=110101199003077777\n",
	    "ndjson: every type as text, null and \"\" NULL");
	is_int(res.rc, 0, "ndjson: end");
	result_release(&res);

	read_text("{\"r\":0.1,\"q\":12.3}\n", NULL, &res);
	is_str(res.records, "1: r=0.1|q=12.3\n",
	    "ndjson: reals as written (shortest round trip)");
	result_release(&res);

	read_text("{\"a\":1}\n{\"a\":\n[1,2]\n\"text\"\n\n  \t\n"
	    "{\"a\":1,\"a\":2}\n{\"a\":3}\n", NULL, &res);
	is_str(res.records, "1: a=1\n2: !error 65\n3: !error 65\n"
	    "4: !error 65\n7: !error 65\n8: a=3\n",
	    "ndjson: malformed, non-object, duplicate keys; blank lines "
	    "skipped");
	is_int(res.rc, 0, "ndjson with bad lines: read to the end");
	is_int(res.line_err.code, GRID_EDATA, "ndjson bad line: GRID_EDATA");
	is_int(res.line_err.line, 7, "ndjson bad line: its line number");
	result_release(&res);

	{
		struct tmp t;
		struct grid_reader *r;
		const struct grid_record *rec;
		struct grid_error err;
		const char *text = "{\"a\":1}\r\n{bad\r\n[1]\r\n";
		const char *const *header;
		size_t n = 99;

		if (tmp_write(&t, text, strlen(text), 0) != 0)
			return;
		grid_error_clear(&err);
		r = grid_reader_open(t.path, NULL, &err);
		ok(r != NULL, "ndjson crlf: open");
		if (r == NULL) {
			tmp_remove(&t);
			return;
		}
		header = grid_reader_header(r, &n);
		ok(header == NULL && n == 0, "ndjson: header NULL, n 0");
		is_int(grid_reader_crlf(r), 1, "ndjson: crlf known after open");
		ok(grid_reader_next(r, &rec, &err) == 1 && rec->nfields == 1,
		    "ndjson crlf: first record");
		is_str(rec->text, "{\"a\":1}",
		    "ndjson: text is the line, no CR");
		is_str(rec->raw[0], "1", "ndjson: raw");
		grid_error_clear(&err);
		is_int(grid_reader_next(r, &rec, &err), 1,
		    "malformed: returns 1");
		is_int(rec->nfields, 0, "malformed: nfields 0");
		is_int(err.code, GRID_EDATA, "malformed: GRID_EDATA");
		is_int(err.line, 2, "malformed: line 2");
		is_int(rec->line, 2, "malformed: record line 2");
		is_str(rec->text, "{bad", "malformed: text kept");
		grid_error_clear(&err);
		is_int(grid_reader_next(r, &rec, &err), 1, "non-object: 1");
		is_int(rec->nfields, 0, "non-object: nfields 0");
		is_int(err.code, GRID_EDATA, "non-object: GRID_EDATA");
		ok(contains(err.text, "object"), err.text);
		is_int(grid_reader_next(r, &rec, &err), 0, "ndjson: end");
		grid_reader_close(r);

		tmp_remove(&t);
	}

	read_text("{x,y}\n1,2\n", &csv, &res);
	is_int(res.format, GRID_INPUT_CSV, "format forced csv on '{' input");
	is_str(res.header, "{x|y}", "forced csv: header");
	result_release(&res);

	read_text("\xef\xbb\xbf  {\"名\":\"王\"}\n", NULL, &res);
	is_int(res.format, GRID_INPUT_NDJSON, "ndjson after bom and spaces");
	is_str(res.records, "1: 名=王\n", "ndjson bom: record");
	result_release(&res);
}

static void
test_stdin(void)
{
	static const char text[] = "a;b\n1;2\n";
	struct grid_error err;
	const struct grid_record *rec;
	struct grid_reader *r;
	struct tmp t;
	int saved, fd;

	if (tmp_write(&t, text, strlen(text), 1) != 0)
		return;
	saved = dup(0);
	fd = open(t.path, O_RDONLY);
	if (saved < 0 || fd < 0 || dup2(fd, 0) < 0) {
		tmp_remove(&t);
		return;
	}
	close(fd);
	grid_error_clear(&err);
	r = grid_reader_open("-", NULL, &err);
	ok(r != NULL, "stdin gzip: open");
	if (r != NULL) {
		is_str(grid_reader_name(r), "<stdin>", "stdin: name");
		ok(grid_reader_next(r, &rec, &err) == 1 &&
		    strcmp(rec->values[1], "2") == 0, "stdin gzip: record");
	}
	grid_reader_close(r);
	dup2(saved, 0);
	close(saved);
	tmp_remove(&t);
}

static void
test_encoding_names(void)
{
	is_int(grid_encoding_parse("utf-8"), GRID_ENC_UTF8, "parse utf-8");
	is_int(grid_encoding_parse("UTF8"), GRID_ENC_UTF8, "parse UTF8");
	is_int(grid_encoding_parse("GB18030"), GRID_ENC_GB18030,
	    "parse gb18030");
	is_int(grid_encoding_parse("gbk"), GRID_ENC_GB18030, "parse gbk");
	is_int(grid_encoding_parse("gb2312"), GRID_ENC_GB18030, "parse gb2312");
	is_int(grid_encoding_parse("auto"), GRID_ENC_AUTO, "parse auto");
	is_int(grid_encoding_parse("latin1"), -1, "parse latin1: unknown");
	is_int(grid_encoding_parse(""), -1, "parse empty: unknown");
	is_str(grid_encoding_name(GRID_ENC_UTF8), "UTF-8", "name utf-8");
	is_str(grid_encoding_name(GRID_ENC_GB18030), "GB18030", "name gb18030");
}

/* ---- RFC 4180, rule by rule, and what the reader keeps as read ---- */

/*
 * Shows every field of every record of text as "LINE: raw<value>", raw
 * and value escaped, "~" for a NULL value, fields joined by "|".
 */
static void
check_raw(const char *text, const struct grid_reader_options *opts,
    const char *want, const char *what)
{
	struct grid_buf out = GRID_BUF_INIT;
	const struct grid_record *rec;
	struct grid_reader *r;
	struct grid_error err;
	struct tmp t;
	size_t i;
	int rc = -3;

	grid_error_clear(&err);
	if (tmp_write(&t, text, strlen(text), 0) != 0) {
		ok(0, what);
		return;
	}
	if ((r = grid_reader_open(t.path, opts, &err)) != NULL) {
		while ((rc = grid_reader_next(r, &rec, &err)) == 1) {
			must(grid_buf_addf(&out, "%ld:", rec->line));
			for (i = 0; i < rec->width; i++) {
				must(grid_buf_adds(&out, i == 0 ? " " : "|"));
				add_escaped(&out, rec->raw[i]);
				must(grid_buf_addc(&out, '<'));
				if (rec->values[i] == NULL)
					must(grid_buf_addc(&out, '~'));
				else
					add_escaped(&out, rec->values[i]);
				must(grid_buf_addc(&out, '>'));
			}
			must(grid_buf_addc(&out, '\n'));
		}
		grid_reader_close(r);
	}
	if (rc != 0)
		printf("#   %s: error: %s\n", what, err.text);
	is_str(out.data != NULL ? out.data : "", want, what);
	grid_buf_release(&out);
	tmp_remove(&t);
}

/* The error of reading text to its end: line, field and message. */
static void
check_error(const char *text, long line, const char *field,
    const char *message, const char *what)
{
	struct result res;
	char name[160];

	read_text(text, NULL, &res);
	snprintf(name, sizeof(name), "%s: an error", what);
	ok(res.rc == -1 || res.rc == -2, name);
	snprintf(name, sizeof(name), "%s: GRID_EDATA", what);
	is_int(res.err.code, GRID_EDATA, name);
	snprintf(name, sizeof(name), "%s: the record's first line", what);
	is_int(res.err.line, line, name);
	snprintf(name, sizeof(name), "%s: the field", what);
	is_str(res.err.field, field, name);
	snprintf(name, sizeof(name), "%s: message", what);
	is_str(res.err.text, message, name);
	result_release(&res);
}

static void
test_rfc4180(void)
{
	/* 2.1: each record on its own line, ended by a line break */
	check_raw("a,b\r\n1,2\r\n3,4\r\n", NULL,
	    "2: 1<1>|2<2>\n3: 3<3>|4<4>\n", "2.1: records end in CR LF");
	check_raw("a,b\n1,2\n3,4\n", NULL,
	    "2: 1<1>|2<2>\n3: 3<3>|4<4>\n", "2.1: or in LF");
	/* 2.2: the last record may go without one */
	check_raw("a,b\r\n1,2\r\n3,4", NULL,
	    "2: 1<1>|2<2>\n3: 3<3>|4<4>\n", "2.2: no line break at the end");
	/* 2.3: the header has the record's shape */
	check_raw("a,b\n1\n1,2,3\n", NULL, "2: 1<1>\n3: 1<1>|2<2>|3<3>\n",
	    "2.3: a record narrower or wider than the header kept as read");
	/* 2.4: spaces are part of a field; no comma after the last */
	check_raw("a,b,c\n 1 ,\t2\t, x y \n", NULL,
	    "2:  1 <1>|\t2\t<2>| x y <x y>\n",
	    "2.4: blanks kept in the field, not in its value");
	check_raw("a,b\n1,\n", NULL, "2: 1<1>|<~>\n",
	    "2.4: a comma at the end begins an empty last field");
	/* 2.5: quotes enclose a field, or are not in it */
	check_raw("a,b\n\"1\",\"x y\"\n", NULL, "2: 1<1>|x y<x y>\n",
	    "2.5: quoted fields");
	check_error("a,b\n1,x\"y\n", 2, "b", "malformed CSV: a quote inside "
	    "an unquoted field (quote the whole field and write its quotes "
	    "twice)", "2.5: a quote inside an unquoted field");
	/* 2.6: line breaks, quotes and commas inside quotes */
	check_raw("a,b\r\n1,\"x\r\ny\"\r\n2,\"p\nq\"\r\n3,\"u,v\"\r\n", NULL,
	    "2: 1<1>|x\\r\\ny<x\\r\\ny>\n4: 2<2>|p\\nq<p\\nq>\n"
	    "6: 3<3>|u,v<u,v>\n",
	    "2.6: CR LF and LF inside quotes kept as they are");
	/* 2.7: a quote inside quotes is written twice */
	check_raw("a\n\"say \"\"hi\"\"\"\n\"\"\"\"\n", NULL,
	    "2: say \"hi\"<say \"hi\">\n3: \"<\">\n",
	    "2.7: two quotes inside quotes are one");
	check_error("a,b\n1,\"x\"y\n", 2, "b", "malformed CSV: text after the "
	    "closing quote of a field (a quote inside a quoted field is "
	    "written twice)", "2.7: a lone quote inside quotes");
}

static void
test_faithful(void)
{
	struct grid_reader_options tab = { .delimiter = '\t' };

	check_raw("a,b,c\n  1  , \"q\" ,\t\"r s\"\t\n", NULL,
	    "2:   1  <1>|q<q>|r s<r s>\n",
	    "blanks around a quoted field are not part of it");
	check_raw("a,b\n\" \",\"\"\n", NULL, "2:  < >|<~>\n",
	    "a quoted blank is a value, a quoted nothing is not");
	check_raw("a\tb\n 1 \t 2 \n", NULL, "2:  1 <1>| 2 <2>\n",
	    "tab delimiter: spaces kept, values trimmed");
	check_raw("a\tb\n\t\t\n1\t\t\n", &tab, "3: 1<1>|<~>|<~>\n",
	    "tab delimiter: tabs are delimiters, not blanks");
	check_raw("a;b\n x ;\"y;\r\nz\" \n", NULL,
	    "2:  x <x>|y;\\r\\nz<y;\\r\\nz>\n", "semicolon delimiter");
	check_raw("a|b\r\n x |\"y|\r\nz\"\r\n", NULL,
	    "2:  x <x>|y|\\r\\nz<y|\\r\\nz>\n", "pipe delimiter, CR LF");
	check_raw("a,b\n1\r2,x\r\n3,y\r\r\n", NULL,
	    "2: 1\\r2<1\\r2>|x<x>\n3: 3<3>|y\\r<y\\r>\n",
	    "a CR inside a line is data; only the one before LF ends it");

	/* lines of blanks: skipped, counted */
	check_raw("a,b\n1,2\n   \n3,4\n\t \n\n5,\"6\"\n \n7,8\n", NULL,
	    "2: 1<1>|2<2>\n4: 3<3>|4<4>\n7: 5<5>|6<6>\n9: 7<7>|8<8>\n",
	    "lines of blanks skipped, every later line number right");
	check_raw("a,b\r\n  \r\n1,\"x\r\ny\"\r\n \t\r\n2,3\r\n", NULL,
	    "3: 1<1>|x\\r\\ny<x\\r\\ny>\n6: 2<2>|3<3>\n",
	    "lines of blanks and a record of two lines, CR LF");
	check_raw("a,b\n , \n\" \", \n", NULL, "3:  < >| <~>\n",
	    "a row of blank fields skipped, one with a quoted blank kept");
	check_raw("  \n\t\na;b\n1;2\n", NULL, "4: 1<1>|2<2>\n",
	    "lines of blanks before the header: the delimiter sniffed after");

	/* errors: the line the record starts on */
	check_error("a,b\n1,\"x\ny\"z\n", 2, "b", "malformed CSV: text after "
	    "the closing quote of a field (a quote inside a quoted field is "
	    "written twice) (on line 3)", "an error on a record's second line");
	check_error("a,b\n \n1,\"x\n", 3, "", "unterminated quoted field "
	    "starting on this line", "unterminated, after a line of blanks");
	check_error("a,b\n1,\"x\ny\",\"z\n", 2, "", "unterminated quoted "
	    "field starting on line 3", "unterminated, the quote on a later "
	    "line of the record");
	check_error("a,\"b\"c\n", 1, "", "malformed CSV: text after the "
	    "closing quote of a field (a quote inside a quoted field is "
	    "written twice)", "a malformed header");
}

/* The record's text as read, one line or several. */
static void
test_source(void)
{
	static const char text[] =
	    "a,b\r\n 1 , \"x\" \r\n2,\"y\r\nz\"\r\n3,\"p\nq\"\r\n";
	const struct grid_record *rec;
	struct grid_reader *r;
	struct grid_error err;
	struct tmp t;

	grid_error_clear(&err);
	if (tmp_write(&t, text, strlen(text), 0) != 0)
		return;
	r = grid_reader_open(t.path, NULL, &err);
	ok(r != NULL && grid_reader_next(r, &rec, &err) == 1 &&
	    strcmp(rec->source, " 1 , \"x\" ") == 0,
	    "source: one line as read, without its line end");
	ok(r != NULL && grid_reader_next(r, &rec, &err) == 1 &&
	    strcmp(rec->source, "2,\"y\r\nz\"") == 0,
	    "source: two lines joined by their own CR LF");
	ok(r != NULL && grid_reader_next(r, &rec, &err) == 1 &&
	    strcmp(rec->source, "3,\"p\nq\"") == 0 && rec->line == 5,
	    "source: an LF inside a CR LF file kept as LF");
	grid_reader_close(r);
	tmp_remove(&t);
}

/* ---- the reader against a reference parser, on random text ---- */

static int
blank_in(char c, char delimiter)
{
	return (c == ' ' || c == '\t') && c != delimiter;
}

/* The length of the line end at s: 2 (CR LF), 1 (LF) or 0 (none). */
static size_t
line_end(const char *s)
{
	if (s[0] == '\n')
		return 1;
	return s[0] == '\r' && s[1] == '\n' ? 2 : 0;
}

/* Appends field's value to val: a quoted field as is, else trimmed. */
static int
ref_value(struct grid_buf *val, const char *field, int quoted, char d)
{
	size_t n = strlen(field);
	char *v;

	while (!quoted && blank_in(*field, d)) {
		field++;
		n--;
	}
	while (!quoted && n > 0 && blank_in(field[n - 1], d))
		n--;
	if (n == 0) {
		must(grid_buf_addc(val, '~'));
		return 0;
	}
	v = strndup(field, n);
	add_escaped(val, v);
	free(v);
	return 1;
}

/*
 * One field of text at *p, quoted or not, into field.  Returns 1 when it
 * was quoted, 0 when not, -1 at a syntax error.
 */
static int
ref_field(const char **p, char d, long *line, struct grid_buf *field)
{
	const char *s = *p;
	int quoted;

	grid_buf_reset(field);
	must(grid_buf_add(field, "", 0));	/* field->data never NULL */
	while (blank_in(*s, d))
		s++;
	if ((quoted = *s == '"') == 0) {
		for (s = *p; *s != d && *s != '\0' && line_end(s) == 0; s++)
			if (*s == '"')
				return -1;
			else
				must(grid_buf_addc(field, *s));
		*p = s;
		return 0;
	}
	for (s++; *s != '"' || s[1] == '"'; s++) {
		if (*s == '\0')
			return -1;
		*line += *s == '\n';
		must(grid_buf_addc(field, *s));
		s += *s == '"';
	}
	for (s++; blank_in(*s, d); s++)
		;
	*p = s;
	return *s == d || *s == '\0' || line_end(s) > 0 ? 1 : -1;
}

/*
 * RFC 4180 as reader_csv.c documents it, read plainly over the whole text at
 * once (the reader goes a line at a time, most lines on its fast path).
 * Appends each record that has a value to out as "LINE WIDTH [raw|raw]
 * [value|value] SOURCE", escaped.  Returns 0, or -1 at a syntax error.
 */
static int
reference(const char *text, char d, long line, struct grid_buf *out)
{
	struct grid_buf raw = GRID_BUF_INIT, val = GRID_BUF_INIT;
	struct grid_buf field = GRID_BUF_INIT;
	const char *p = text, *start;
	long first;
	int width, values, quoted, rc = 0;
	char *source;

	while (*p != '\0' && rc == 0) {
		if (line_end(p) > 0) {	/* an empty line: no record */
			p += line_end(p);
			line++;
			continue;
		}
		start = p;
		first = line;
		grid_buf_reset(&raw);
		grid_buf_reset(&val);
		for (width = 0, values = 0; rc == 0; width++, p++) {
			if ((quoted = ref_field(&p, d, &line, &field)) < 0) {
				rc = -1;
				break;
			}
			must(grid_buf_adds(&raw, width > 0 ? "|" : ""));
			must(grid_buf_adds(&val, width > 0 ? "|" : ""));
			add_escaped(&raw, field.data);
			values += ref_value(&val, field.data, quoted, d);
			if (*p != d)
				break;
		}
		if (rc == 0 && values > 0) {
			must(grid_buf_addf(out, "%ld %d [%s] [%s] ", first,
			    width + 1, raw.data, val.data));
			source = strndup(start, (size_t)(p - start));
			add_escaped(out, source);
			free(source);
			must(grid_buf_addc(out, '\n'));
		}
		line += line_end(p) > 0;
		p += line_end(p);
	}
	grid_buf_release(&raw);
	grid_buf_release(&val);
	grid_buf_release(&field);
	return rc;
}

/* The records of path, shown as reference shows them. */
static int
reader_records(const char *path, struct grid_buf *out)
{
	const struct grid_record *rec;
	struct grid_error err;
	struct grid_reader *r = grid_reader_open(path, NULL, &err);
	size_t i;
	int rc;

	if (r == NULL)
		return -1;
	while ((rc = grid_reader_next(r, &rec, &err)) == 1) {
		must(grid_buf_addf(out, "%ld %zu [", rec->line, rec->width));
		for (i = 0; i < rec->width; i++) {
			must(grid_buf_adds(out, i > 0 ? "|" : ""));
			add_escaped(out, rec->raw[i]);
		}
		must(grid_buf_adds(out, "] ["));
		for (i = 0; i < rec->width; i++) {
			must(grid_buf_adds(out, i > 0 ? "|" : ""));
			if (rec->values[i] == NULL)
				must(grid_buf_addc(out, '~'));
			else
				add_escaped(out, rec->values[i]);
		}
		must(grid_buf_adds(out, "] "));
		add_escaped(out, rec->source);
		must(grid_buf_addc(out, '\n'));
	}
	if (rc < 0)
		printf("#   reader: %s\n", err.text);
	grid_reader_close(r);
	return rc;
}

/* One random field: plain bytes and blanks, or a quoted field. */
static void
random_field(struct grid_buf *text, char delimiter)
{
	static const char plain[] = "ab1 \t\r.;|,x";
	static const char *const inside[] = {
		"q ", "\"\"", "\n", "\r\n", "\r", " ", "\t", "p"
	};
	int i, n = rand() % 6;

	if (rand() % 4 != 0) {
		for (i = 0; i < n; i++)
			must(grid_buf_addc(text, plain[rand() %
			    (sizeof(plain) - 1)]));
		return;
	}
	must(grid_buf_adds(text, rand() % 3 == 0 ? " \t\"" : "\""));
	for (i = 0; i < n; i++)
		if (rand() % 5 == 0)
			must(grid_buf_addc(text, delimiter));
		else
			must(grid_buf_adds(text, inside[rand() % 8]));
	must(grid_buf_adds(text, rand() % 3 == 0 ? "\" " : "\""));
}

/* One random line or record: blank lines, blanks alone, fields. */
static void
random_record(struct grid_buf *text, char d)
{
	int j, n;

	switch (rand() % 10) {
	case 0:
		break;			/* an empty line */
	case 1:
		must(grid_buf_adds(text, rand() % 2 ? "  " : " \t "));
		break;
	default:
		n = rand() % 5;
		for (j = 0; j <= n; j++) {
			if (j > 0)
				must(grid_buf_addc(text, d));
			random_field(text, d);
		}
	}
	must(grid_buf_adds(text, rand() % 2 ? "\r\n" : "\n"));
}

/*
 * Random records (blanks around fields, lines of blanks, empty fields,
 * CRs inside, quoted fields with line breaks, CR LF and LF line ends)
 * read by the reader and by the reference: the same records, lines,
 * fields, values and source text, for each delimiter.
 */
static void
test_random(void)
{
	static const char delimiters[] = { ',', ';', '\t', '|' };
	struct grid_buf text = GRID_BUF_INIT, want = GRID_BUF_INIT;
	struct grid_buf got = GRID_BUF_INIT;
	char what[96], d;
	int k, i, n;
	struct tmp t;

	srand(11);
	for (k = 0; k < 4; k++) {
		d = delimiters[k];
		grid_buf_reset(&text);
		grid_buf_reset(&want);
		grid_buf_reset(&got);
		must(grid_buf_addf(&text, "h1%ch2%ch3\n", d, d));
		for (i = 0; i < 3000; i++)
			random_record(&text, d);
		if (reference(text.data + 9, d, 2, &want) != 0)
			printf("# the reference refused the text\n");
		if (tmp_write(&t, text.data, text.len, 0) != 0 ||
		    reader_records(t.path, &got) != 0)
			printf("# cannot read the records back\n");
		tmp_remove(&t);
		snprintf(what, sizeof(what), "delimiter '%s': 3,000 random "
		    "records read as the reference reads them",
		    d == '\t' ? "\\t" : (char[]){ d, 0 });
		is_str(got.data, want.data, what);
		for (i = 0, n = 0; want.data != NULL && want.data[i]; i++)
			n += want.data[i] == '\n';
		snprintf(what, sizeof(what), "delimiter '%s': %d of them "
		    "with a value", d == '\t' ? "\\t" : (char[]){ d, 0 }, n);
		ok(n > 2000, what);
	}
	grid_buf_release(&text);
	grid_buf_release(&want);
	grid_buf_release(&got);
}

static void
test_number_text(void)
{
	char out[64];

	is_str(gridi_number_text(0.1, 0, 0, out, sizeof(out)), "0.1",
	    "number: shortest text");
	is_str(gridi_number_text(13713900768.0, 0, 0, out, sizeof(out)),
	    "13713900768", "number: a phone number whole");
	is_str(gridi_number_text(-0.0, 0, 0, out, sizeof(out)), "0",
	    "number: no -0");
	is_str(gridi_number_text(320508196611025232.0, 0, 0, out,
	    sizeof(out)), "3.205081966110252e+17",
	    "number: an ID number in a number cell shows its damage");
	is_str(gridi_number_text(25569, 1, 0, out, sizeof(out)), "1970-01-01",
	    "date: 25569 is 1970-01-01");
	is_str(gridi_number_text(1, 1, 0, out, sizeof(out)), "1900-01-01",
	    "date: serial 1 is 1900-01-01");
	is_str(gridi_number_text(59, 1, 0, out, sizeof(out)), "1900-02-28",
	    "date: serial 59 is 1900-02-28");
	is_str(gridi_number_text(61, 1, 0, out, sizeof(out)), "1900-03-01",
	    "date: serial 61 is 1900-03-01 (after Excel's 1900-02-29)");
	is_str(gridi_number_text(24413, 1, 0, out, sizeof(out)), "1966-11-02",
	    "date: a birth date");
	is_str(gridi_number_text(45000.5, 1, 0, out, sizeof(out)),
	    "2023-03-15 12:00:00", "date: with a time of day");
	is_str(gridi_number_text(45000.99999999, 1, 0, out, sizeof(out)),
	    "2023-03-16", "date: a time rounding to midnight is the next day");
	is_str(gridi_number_text(0, 1, 1, out, sizeof(out)), "1904-01-01",
	    "date: the 1904 system");
	is_str(gridi_number_text(-1, 1, 0, out, sizeof(out)), "-1",
	    "date: a negative serial is shown as a number");
	is_int(gridi_workbook_magic((const unsigned char *)"PK\3\4", 4), 'x',
	    "magic: zip");
	is_int(gridi_workbook_magic((const unsigned char *)
	    "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8), 'b', "magic: OLE2");
	is_int(gridi_workbook_magic((const unsigned char *)"PK", 2), 0,
	    "magic: too short");
}

/* text in UTF-16 (iconv's "UTF-16LE" or "UTF-16BE"), with a BOM. */
static char *
to_utf16(const char *text, const char *code, size_t *n)
{
	iconv_t cd = iconv_open(code, "UTF-8");
	size_t inleft = strlen(text), outleft = 4 * inleft + 2;
	char *out = malloc(outleft + 2), *in = (char *)text, *p;

	if (cd == (iconv_t)-1 || out == NULL) {
		free(out);
		return NULL;
	}
	p = out + 2;
	iconv(cd, &in, &inleft, &p, &outleft);
	iconv_close(cd);
	memcpy(out, strcmp(code, "UTF-16LE") == 0 ? "\xff\xfe" : "\xfe\xff",
	    2);
	*n = (size_t)(p - out);
	return out;
}

static void
test_utf16(void)
{
	/* 上 is U+4E0A: its UTF-16LE bytes are 0A 4E, a line feed first */
	static const char text[] = "标题\r\n姓名\t地址\r\n王伟\t上海\r\n";
	static const char *const codes[] = { "UTF-16LE", "UTF-16BE" };
	struct result res;
	char *wide, what[64];
	size_t n, i;

	layout.header_line = 2;
	for (i = 0; i < 2; i++) {
		if ((wide = to_utf16(text, codes[i], &n)) == NULL)
			continue;
		read_bytes(wide, n, 0, NULL, &res);
		snprintf(what, sizeof(what), "%s: header", codes[i]);
		is_str(res.header, "姓名|地址", what);
		snprintf(what, sizeof(what), "%s: records", codes[i]);
		is_str(res.records, "3: 姓名=王伟|地址=上海\n", what);
		snprintf(what, sizeof(what), "%s: UTF-8 with a BOM, CRLF, tab",
		    codes[i]);
		ok(res.encoding == GRID_ENC_UTF8 && res.bom && res.crlf &&
		    res.delimiter == '\t', what);
		result_release(&res);
		free(wide);
	}
	layout.header_line = 0;
	read_bytes("\xff\xfe\x00\xdc\n\x00", 6, 0, NULL, &res);
	ok(res.rc == -2 && contains(res.err.text, "invalid UTF-16"),
	    "UTF-16: a lone surrogate is an error");
	result_release(&res);
}

static void
test_header_line(void)
{
	struct result res;

	layout.header_line = 3;
	read_text("登记表\n填报单位: 察院场\nx;y\n1;2\n", NULL, &res);
	is_str(res.header, "x|y", "header line 3: header");
	is_str(res.records, "4: x=1|y=2\n", "header line 3: the line's own "
	    "number, the delimiter sniffed on the header");
	result_release(&res);
	read_text("a\n", NULL, &res);
	ok(res.rc == -2 && contains(res.err.text, "no header on line 3: the "
	    "file ends before it"), "header line past the end");
	result_release(&res);
	read_text("a\n\n\nb\n", NULL, &res);
	ok(res.rc == -2 && res.err.line == 3 &&
	    contains(res.err.text, "it is empty"), "header line empty");
	result_release(&res);
	layout.header_line = 0;
}

static void
test_xls(void)
{
	const char *top = getenv("GRID_TOP");
	char path[512];
	struct result res;

	snprintf(path, sizeof(path), "%s/tests/fixtures/workbooks/people.xls",
	    top != NULL ? top : ".");
	layout.header_line = 3;
	read_path(path, NULL, &res);
	is_str(res.header, "序号|*公民身份号码|姓名(必填)|性别|出生日期|联系方式|"
	    "户口性质|备注", "xls: the header on row 3, normalised");
	ok(contains(res.records, "4: 序号=1|*公民身份号码=320508196611025232|"
	    "姓名(必填)=朱强|性别=男|出生日期=1966-11-02|联系方式=13713900768|"
	    "户口性质=户籍|备注=~\n"), "xls: a row as the sheet shows it");
	ok(contains(res.records, "\n7: 序号=3|"), "xls: the sheet's row "
	    "numbers (row 6 is blank)");
	ok(res.bom && res.crlf && res.delimiter == ',' && res.rc == 0,
	    "xls: reported as UTF-8 CSV with a BOM and CRLF");
	result_release(&res);
	layout.sheet = "nope";
	read_path(path, NULL, &res);
	ok(res.rc == -2 && contains(res.err.text, "no sheet 'nope'"),
	    "xls: a sheet not there");
	result_release(&res);
	layout.sheet = NULL;
	layout.header_line = 0;
}

int
main(void)
{
	test_number_text();
	test_utf16();
	test_header_line();
	test_xls();
	test_utf8();
	test_crlf();
	test_quoting();
	test_width();
	test_delimiters();
	test_gb18030();
	test_bad_bytes();
	test_gzip();
	test_limits();
	test_open_errors();
	test_ndjson();
	test_stdin();
	test_encoding_names();
	test_rfc4180();
	test_faithful();
	test_source();
	test_random();
	return tap_done();
}
