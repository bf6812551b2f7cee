/*
 * test_reject.c - unit tests of lib/import_reject.c: reject files in the
 * input's own format, encoding, delimiter, byte order mark and line ends,
 * written from real readers over temporary files.
 */
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "grid/error.h"
#include "grid/import.h"
#include "grid/reader.h"
#include "grid/reject.h"

#include "tap.h"

static char dir[] = "/tmp/test_reject.XXXXXX";

#include "testfs.h"


/* The number of entries in the temporary directory. */
static int
dir_entries(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}


static int
write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (n > 0 && fwrite(data, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}



/* The error every rejected row gets: holds a quote, a comma, a semicolon. */
static const char why_field[] = "name";
static const char why_text[] = "bad value \"a,b;c\"";
/* ... as a CSV field and as a JSON string */
#define WHY_CSV "\"name: bad value \"\"a,b;c\"\"\""
#define WHY_JSON "\"name: bad value \\\"a,b;c\\\"\""

/*
 * Writes input (n bytes) to a file, reads it and rejects every record
 * (code "bad_value") into a reject file, kept.  Returns the reject file's
 * bytes (caller frees; *len bytes), or NULL.
 */
static char *
reject_all(const void *input, size_t n, size_t *len)
{
	const struct grid_record *rec;
	struct grid_reject_file *rf = NULL;
	struct grid_reader *reader = NULL;
	struct grid_error err, why;
	struct grid_reject rej;
	char in_path[512], out_path[512], *out = NULL;
	int rc;

	*len = 0;
	in_dir(in_path, sizeof(in_path), "input");
	in_dir(out_path, sizeof(out_path), "rejects");
	unlink(out_path);
	grid_error_clear(&err);
	if (write_file(in_path, input, n) != 0)
		return NULL;
	if ((reader = grid_reader_open(in_path, NULL, &err)) == NULL ||
	    (rf = grid_reject_file_open(out_path, &err)) == NULL ||
	    grid_reject_file_start(rf, reader, &err) != 0)
		goto out;
	while ((rc = grid_reader_next(reader, &rec, &err)) == 1) {
		grid_error_set(&why, GRID_EDATA, in_path, rec->line, why_field,
		    "%s", why_text);
		memset(&rej, 0, sizeof(rej));
		rej.reader = reader;
		rej.record = rec;
		rej.line = rec->line;
		rej.code = "bad_value";
		rej.error = &why;
		if (grid_reject_file_add(rf, &rej, &err) != 0)
			goto out;
		grid_error_clear(&err);
	}
	if (rc != 0)
		goto out;
	rc = grid_reject_file_close(rf, 1, &err);
	rf = NULL;
	if (rc == 0)
		out = slurp(out_path, len);
out:
	if (out == NULL)
		printf("#   reject_all: %s\n", err.text);
	grid_reject_file_close(rf, 0, NULL);
	grid_reader_close(reader);
	unlink(in_path);
	unlink(out_path);
	return out;
}

/* The reject file of input, compared with want (both n bytes long). */
static void
check_bytes(const void *input, size_t n, const char *want, size_t nwant,
    const char *what)
{
	char *got;
	size_t len;

	got = reject_all(input, n, &len);
	ok(got != NULL && len == nwant && memcmp(got, want, len) == 0, what);
	if (got != NULL && (len != nwant || memcmp(got, want, len) != 0))
		printf("#   got %zu bytes: '%s'\n#   expected %zu: '%s'\n", len,
		    got, nwant, want);
	free(got);
}

/* Same, for UTF-8 input and output given as text. */
static void
check_text(const char *input, const char *want, const char *what)
{
	check_bytes(input, strlen(input), want, strlen(want), what);
}

/* Same, with input and output converted to GB18030 first. */
static void
check_gb18030(const char *input, const char *want, const char *what)
{
	char *gb_in, *gb_want;
	size_t n_in = 0, n_want = 0;

	gb_in = to_gb18030(input, &n_in);
	gb_want = to_gb18030(want, &n_want);
	if (gb_in == NULL || gb_want == NULL)
		ok(0, what);
	else
		check_bytes(gb_in, n_in, gb_want, n_want, what);
	free(gb_in);
	free(gb_want);
}

static void
test_csv(void)
{
	check_gb18030(
	    "姓名;地址;备注\r\n"
	    "王伟;\"北京;东城\";\"他说\"\"好\"\"\"\r\n"
	    "李娜;朝阳;\r\n",
	    "line;error_code;error;姓名;地址;备注\r\n"
	    "2;bad_value;" WHY_CSV ";王伟;\"北京;东城\";\"他说\"\"好\"\"\"\r\n"
	    "3;bad_value;" WHY_CSV ";李娜;朝阳;\r\n",
	    "gb18030, semicolon, crlf: header, quoting, encoding, line ends");

	check_gb18030(
	    "姓名,性别\n王伟,男\n",
	    "line,error_code,error,姓名,性别\n"
	    "2,bad_value," WHY_CSV ",王伟,男\n",
	    "gb18030, comma, lf");

	check_text(
	    "\xef\xbb\xbfid,name,note\n"
	    "1,\"a,b\",\" sp\"\n"
	    "2,x,\"multi\nline\"\n",
	    "\xef\xbb\xbfline,error_code,error,id,name,note\n"
	    "2,bad_value," WHY_CSV ",1,\"a,b\",\" sp\"\n"
	    "3,bad_value," WHY_CSV ",2,x,\"multi\nline\"\n",
	    "utf-8 bom, comma, lf: bom kept, raw values quoted again");

	check_text(
	    "\xef\xbb\xbf编号\t名称\r\n"
	    "01\t王伟,李娜\r\n",
	    "\xef\xbb\xbfline\terror_code\terror\t编号\t名称\r\n"
	    "2\tbad_value\t" WHY_CSV "\t01\t王伟,李娜\r\n",
	    "utf-8 bom, tab, crlf");

	check_text(
	    "a|b\n1|x,y\n",
	    "line|error_code|error|a|b\n"
	    "2|bad_value|\"name: bad value \"\"a,b;c\"\"\"|1|x,y\n",
	    "pipe: commas not quoted, quotes are");
}

/*
 * Every cell as it was read, byte for byte (quoted where it must be, or
 * where it has blanks at an end), and every row numbered by the line it
 * starts on, whatever blank lines came before.
 */
static void
test_as_read(void)
{
	check_text(
	    "id,name,note\n"
	    " 1 , a b ,\" q \"\n"
	    "2,x\ty,\n",
	    "line,error_code,error,id,name,note\n"
	    "2,bad_value," WHY_CSV ",\" 1 \",\" a b \",\" q \"\n"
	    "3,bad_value," WHY_CSV ",2,x\ty,\n",
	    "blanks at the ends of cells kept, quoted");
	check_text(
	    "id,name\r\n"
	    "1,\"x\r\ny\"\r\n"
	    "2,\"p\nq\"\r\n",
	    "line,error_code,error,id,name\r\n"
	    "2,bad_value," WHY_CSV ",1,\"x\r\ny\"\r\n"
	    "4,bad_value," WHY_CSV ",2,\"p\nq\"\r\n",
	    "CR LF and LF inside quotes kept as they were");
	check_text(
	    "id,name\n"
	    "1,a\rb\n"
	    "2,\"c\rd\"\n",
	    "line,error_code,error,id,name\n"
	    "2,bad_value," WHY_CSV ",1,\"a\rb\"\n"
	    "3,bad_value," WHY_CSV ",2,\"c\rd\"\n",
	    "a bare CR inside a cell: the cell quoted");
	check_text(
	    "id,name\n"
	    "  \n"
	    "1,a\n"
	    "\t\n"
	    "\n"
	    " , \n"
	    "2,\"b\n"
	    "c\"\n"
	    " \t \n"
	    "3,d\n",
	    "line,error_code,error,id,name\n"
	    "3,bad_value," WHY_CSV ",1,a\n"
	    "7,bad_value," WHY_CSV ",2,\"b\nc\"\n"
	    "10,bad_value," WHY_CSV ",3,d\n",
	    "lines of blanks skipped, the later rows' lines right");
	check_text(
	    "a\tb\tc\n"
	    " x \t\"y\tz\"\t\"q\"\"\"\n",
	    "line\terror_code\terror\ta\tb\tc\n"
	    "2\tbad_value\t" WHY_CSV "\t\" x \"\t\"y\tz\"\t\"q\"\"\"\n",
	    "tab: blanks kept, a tab in a cell quoted, quotes doubled");
	check_text(
	    "a;b\r\n"
	    " x ;\"y;\r\nz\"\r\n",
	    "line;error_code;error;a;b\r\n"
	    "2;bad_value;" WHY_CSV ";\" x \";\"y;\r\nz\"\r\n",
	    "semicolon, CR LF: blanks and a line break in a cell kept");
	check_text(
	    "a|b\n"
	    "x\r|\"y|z\"\n",
	    "line|error_code|error|a|b\n"
	    "2|bad_value|\"name: bad value \"\"a,b;c\"\"\"|\"x\r\"|\"y|z\"\n",
	    "pipe: a CR at the end of a cell, before the delimiter, kept");
}

/* Reads a reject file back: three columns in front, values as read. */
static void
test_round_trip(void)
{
	static const char input[] =
	    "姓名;地址\r\n王伟;\"北京;东城\"\r\n李娜;\"多\r\n行\"\r\n";
	const struct grid_record *rec;
	struct grid_reader *reader;
	struct grid_error err;
	const char *const *header;
	char *gb, *out, path[512];
	size_t n, len;

	gb = to_gb18030(input, &n);
	if (gb == NULL)
		return;
	out = reject_all(gb, n, &len);
	free(gb);
	if (out == NULL) {
		ok(0, "round trip: reject file written");
		return;
	}
	in_dir(path, sizeof(path), "again.csv");
	write_file(path, out, len);
	free(out);
	grid_error_clear(&err);
	reader = grid_reader_open(path, NULL, &err);
	ok(reader != NULL, "round trip: the reject file reads");
	if (reader == NULL) {
		printf("#   %s\n", err.text);
		return;
	}
	is_int(grid_reader_encoding(reader), GRID_ENC_GB18030,
	    "round trip: gb18030");
	is_int(grid_reader_delimiter(reader), ';', "round trip: semicolon");
	is_int(grid_reader_crlf(reader), 1, "round trip: crlf");
	header = grid_reader_header(reader, &n);
	ok(n == 5 && strcmp(header[0], "line") == 0 &&
	    strcmp(header[1], "error_code") == 0 &&
	    strcmp(header[2], "error") == 0 &&
	    strcmp(header[3], "姓名") == 0 && strcmp(header[4], "地址") == 0,
	    "round trip: header");
	ok(grid_reader_next(reader, &rec, &err) == 1 && rec->nfields == 5 &&
	    strcmp(rec->values[0], "2") == 0 &&
	    strcmp(rec->values[2], "name: bad value \"a,b;c\"") == 0 &&
	    strcmp(rec->values[4], "北京;东城") == 0,
	    "round trip: first row");
	ok(grid_reader_next(reader, &rec, &err) == 1 &&
	    strcmp(rec->values[0], "3") == 0 &&
	    strcmp(rec->values[4], "多\r\n行") == 0,
	    "round trip: multi-line value, its CR LF kept");
	is_int(grid_reader_next(reader, &rec, &err), 0, "round trip: end");
	grid_reader_close(reader);
	unlink(path);
}

/* A reject file imported again and rejected again stays readable. */
static void
test_reject_of_reject(void)
{
	static const char again[] = "line,error_code,error,id\n7,x,y,1\n";
	const struct grid_record *rec;
	struct grid_reader *reader;
	struct grid_error err;
	char *out, path[512];
	size_t len;

	check_text(
	    "line,error_code,error,id,name\n"
	    "7,old_code,old why,1,王伟\n",
	    "line,error_code,error,id,name\n"
	    "2,bad_value," WHY_CSV ",1,王伟\n",
	    "a reject file rejected again: its old three columns replaced");

	out = reject_all(again, strlen(again), &len);
	if (out == NULL)
		return;
	in_dir(path, sizeof(path), "again.csv");
	write_file(path, out, len);
	free(out);
	grid_error_clear(&err);
	reader = grid_reader_open(path, NULL, &err);
	ok(reader != NULL, "a reject of a reject reads (no column twice)");
	if (reader == NULL)
		printf("#   %s\n", err.text);
	else
		ok(grid_reader_next(reader, &rec, &err) == 1 &&
		    rec->nfields == 4 && strcmp(rec->values[3], "1") == 0,
		    "a reject of a reject: row");
	grid_reader_close(reader);
	unlink(path);
}

/* Every line of text is a JSON object without duplicate keys. */
static int
all_json_objects(const char *text)
{
	const char *p = text, *nl;
	json_error_t jerr;
	json_t *obj;
	int good = 1;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			return 0;
		obj = json_loadb(p, (size_t)(nl - p), JSON_REJECT_DUPLICATES,
		    &jerr);
		if (!json_is_object(obj)) {
			printf("#   not an object: %.*s (%s)\n",
			    (int)(nl - p), p, jerr.text);
			good = 0;
		}
		json_decref(obj);
	}
	return good;
}

static void
test_ndjson(void)
{
	static const char input[] =
	    "{\"id\":\"1\",\"name\":\"王伟\",\"n\":12}\n"
	    "{ \"a\" : 1 }\n"
	    "\n"
	    "{bad\n"
	    "[1,2]\n"
	    "{\"line\":9,\"error_code\":\"x\",\"error\":\"y\",\"id\":\"2\"}\n";
	static const char want[] =
	    "{\"line\":1,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"id\":\"1\",\"name\":\"王伟\",\"n\":12}\n"
	    "{\"line\":2,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"a\" : 1 }\n"
	    "{\"line\":4,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"text\":\"{bad\"}\n"
	    "{\"line\":5,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"text\":\"[1,2]\"}\n"
	    "{\"line\":6,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"id\":\"2\"}\n";
	char *out;
	size_t len;

	check_text(input, want, "ndjson: three keys merged into the object; "
	    "malformed lines kept as text");
	out = reject_all(input, strlen(input), &len);
	ok(out != NULL && all_json_objects(out),
	    "ndjson: every reject line is one JSON object, no key twice");
	free(out);

	check_gb18030("{\"姓名\":\"王伟\"}\r\n{\"性别\":null}\r\n",
	    "{\"line\":1,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"姓名\":\"王伟\"}\r\n"
	    "{\"line\":2,\"error_code\":\"bad_value\",\"error\":" WHY_JSON
	    ",\"性别\":null}\r\n",
	    "ndjson gb18030 crlf: encoding and line ends kept");
}

static void
test_files(void)
{
	struct grid_reject_file *rf;
	struct grid_reader *reader;
	struct grid_error err;
	struct grid_reject rej;
	struct stat st;
	char path[512], input[512], *text;
	size_t n;

	umask(022);
	grid_error_clear(&err);
	in_dir(path, sizeof(path), "no-such-dir/rejects.csv");
	ok(grid_reject_file_open(path, &err) == NULL,
	    "missing directory: NULL");
	is_int(err.code, GRID_ECANTCREAT, "missing directory: GRID_ECANTCREAT");
	ok(strstr(err.source, "rejects.csv") != NULL, "names the file");
	ok(grid_reject_file_open(path, NULL) == NULL, "err NULL allowed");

	in_dir(path, sizeof(path), "sub");
	if (mkdir(path, 0500) == 0) {
		in_dir(path, sizeof(path), "sub/rejects.csv");
		grid_error_clear(&err);
		if (geteuid() == 0) {
			ok(1, "# SKIP root can write an unwritable directory");
			ok(1, "# SKIP root can write an unwritable directory");
		} else {
			ok(grid_reject_file_open(path, &err) == NULL,
			    "unwritable directory: NULL");
			is_int(err.code, GRID_ECANTCREAT,
			    "unwritable directory: GRID_ECANTCREAT");
		}
		in_dir(path, sizeof(path), "sub");
		rmdir(path);
	}

	/* keep = 0: nothing left */
	in_dir(path, sizeof(path), "dropped.csv");
	rf = grid_reject_file_open(path, &err);
	ok(rf != NULL, "open");
	is_int(dir_entries(), 1, "a temporary file beside the path");
	ok(stat(path, &st) != 0, "the path itself not there yet");
	is_int(grid_reject_file_close(rf, 0, &err), 0, "close, keep 0");
	ok(stat(path, &st) != 0, "keep 0: no file");
	is_int(dir_entries(), 0, "keep 0: no temporary file left");
	is_int(grid_reject_file_close(NULL, 1, &err), 0, "close NULL");

	/* keep = 1: mode 0600, a whole-file error writes no row */
	in_dir(input, sizeof(input), "in.csv");
	write_file(input, "a,b\n1,2\n", 8);
	reader = grid_reader_open(input, NULL, &err);
	in_dir(path, sizeof(path), "kept.csv");
	rf = grid_reject_file_open(path, &err);
	ok(reader != NULL && rf != NULL, "open reader and reject file");
	if (reader == NULL || rf == NULL) {
		grid_reader_close(reader);
		grid_reject_file_close(rf, 0, NULL);
		return;
	}
	is_int(grid_reject_file_start(rf, reader, &err), 0, "start");
	memset(&rej, 0, sizeof(rej));
	rej.reader = reader;
	rej.line = 0;
	rej.code = "bad_file";
	rej.error = &err;
	grid_error_set(&err, GRID_EDATA, input, 0, NULL, "whole file");
	is_int(grid_reject_file_add(rf, &rej, &err), 0,
	    "a reject without a record: 0");
	is_int(grid_reject_file_close(rf, 1, &err), 0, "close, keep 1");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "kept file: mode 0600 under umask 022");
	text = slurp(path, &n);
	is_str(text, "line,error_code,error,a,b\n",
	    "no record: header only");
	free(text);
	grid_reader_close(reader);
	unlink(path);
	unlink(input);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		printf("# mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_csv();
	test_as_read();
	test_round_trip();
	test_reject_of_reject();
	test_ndjson();
	test_files();
	remove_dir();
	return tap_done();
}
