/*
 * reader.c - records from plain or gzip input (zlib), decoded from
 * UTF-8, GB18030 (iconv) or UTF-16, or from a workbook's sheet: the
 * input, its bytes and lines, what it is (sniffed), opening and closing.
 * The records themselves are read by reader_csv.c (CSV and workbook
 * rows) and reader_ndjson.c.
 *
 * Input is read in physical lines.  Each line is decoded on its own: no
 * GB18030 sequence contains a line feed byte, so this is exact.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "grid/buf.h"
#include "grid/reader.h"
#include "grid/text.h"
#include "workbook_internal.h"
#include "reader_internal.h"

#define CHUNK (64 * 1024)

int
grid_encoding_parse(const char *name)
{
	if (strcasecmp(name, "auto") == 0)
		return GRID_ENC_AUTO;
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		return GRID_ENC_UTF8;
	if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0 ||
	    strcasecmp(name, "gb2312") == 0)
		return GRID_ENC_GB18030;
	return -1;
}

const char *
grid_encoding_name(enum grid_encoding encoding)
{
	return encoding == GRID_ENC_GB18030 ? "GB18030" : "UTF-8";
}

int
gridi_reader_fail(struct grid_reader *r, struct grid_error *err, int code,
    long line, const char *text)
{
	return grid_error_set(err, code, r->name, line, NULL, "%s", _(text));
}

/*
 * The error of a failed gzread: a read error (GRID_EIO), or compressed
 * data that ends early or is corrupt (GRID_EDATA: the file is bad, not
 * the disk).  zlib's message starts with "<fd:N>: ", which names nothing
 * the user knows, so that part is dropped.
 */
static int
gz_fail(struct grid_reader *r, int errnum, const char *msg,
    struct grid_error *err)
{
	const char *colon = msg != NULL ? strstr(msg, ": ") : NULL;

	if (errnum == Z_ERRNO)
		return grid_error_set(err, GRID_EIO, r->name, 0, NULL,
		    "read error: %s", strerror(errno));
	if (errnum == Z_BUF_ERROR)
		return grid_error_set(err, GRID_EDATA, r->name, 0, NULL,
		    "truncated gzip file: the compressed data ends early");
	if (msg != NULL && msg[0] == '<' && colon != NULL)
		msg = colon + 2;
	return grid_error_set(err, GRID_EDATA, r->name, 0, NULL,
	    "corrupt gzip data: %s", msg != NULL ? msg : "unknown error");
}

/*
 * Fills the chunk buffer with UTF-8 converted from the UTF-16 read into
 * wide; what does not make a whole character yet stays there.  Returns 0,
 * or -1 on a read error or bytes that are not UTF-16.
 */
static int
fill_wide(struct grid_reader *r, struct grid_error *err)
{
	char *in, *out;
	size_t inleft, outleft;
	const char *msg;
	int n, errnum;

	r->offset += r->chunk_len;
	r->chunk_len = r->chunk_pos = 0;
	while (r->chunk_len == 0 && !r->eof) {
		while (!r->wide_eof && r->wide_len < CHUNK) {
			n = gzread(r->gz, r->wide + r->wide_len,
			    (unsigned)(CHUNK - r->wide_len));
			msg = gzerror(r->gz, &errnum);
			if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END))
				return gz_fail(r, errnum, msg, err);
			r->wide_eof = n == 0;
			r->wide_len += (size_t)n;
		}
		in = r->wide;
		inleft = r->wide_len;
		out = r->chunk;
		outleft = CHUNK;
		if (iconv(r->wide_cd, &in, &inleft, &out, &outleft) ==
		    (size_t)-1 && (errno == EILSEQ ||
		    (errno == EINVAL && r->wide_eof)))
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no + 1, NULL, errno == EILSEQ ?
			    "invalid UTF-16 (a lone surrogate)" :
			    "the UTF-16 text ends inside a character");
		r->chunk_len = CHUNK - outleft;
		memmove(r->wide, in, inleft);
		r->wide_len = inleft;
		r->eof = r->wide_eof && inleft == 0;
	}
	return 0;
}

/* Fills the chunk buffer; returns 0, or -1 on a read error. */
static int
fill(struct grid_reader *r, struct grid_error *err)
{
	const char *msg;
	int n, errnum;

	if (r->wide != NULL)
		return fill_wide(r, err);
	r->offset += r->chunk_len;
	r->chunk_len = 0;
	r->chunk_pos = 0;
	while (!r->eof && r->chunk_len < CHUNK) {
		n = gzread(r->gz, r->chunk + r->chunk_len,
		    (unsigned)(CHUNK - r->chunk_len));
		msg = gzerror(r->gz, &errnum);
		if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END))
			return gz_fail(r, errnum, msg, err);
		if (n == 0)
			r->eof = 1;
		r->chunk_len += (size_t)n;
	}
	return 0;
}

/*
 * Reads the next physical line into raw_line.  Returns 1, 0 at the end of
 * input, -1 on error (read error, line too long).
 */
static int
read_raw_line(struct grid_reader *r, struct grid_error *err)
{
	size_t max = r->opts.max_record;
	char *nl;
	size_t n;

	grid_buf_reset(&r->raw_line);
	r->line_offset = r->offset + r->chunk_pos;
	for (;;) {
		if (r->chunk_pos == r->chunk_len) {
			if (fill(r, err) != 0)
				return -1;
			if (r->chunk_len == 0)
				return r->raw_line.len > 0 ? 1 : 0;
		}
		n = r->chunk_len - r->chunk_pos;
		nl = memchr(r->chunk + r->chunk_pos, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - (r->chunk + r->chunk_pos));
		if (r->raw_line.len + n > max ||
		    grid_buf_add(&r->raw_line, r->chunk + r->chunk_pos, n) != 0)
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no + 1, NULL,
			    "line longer than %zu bytes", max);
		r->chunk_pos += n;
		if (nl != NULL) {
			r->chunk_pos++;
			return 1;
		}
	}
}

/* Decodes raw_line into line; checks the bytes.  Returns 0 or -1. */
static int
decode_line(struct grid_reader *r, struct grid_error *err)
{
	char *in = r->raw_line.data, *out;
	size_t inleft = r->raw_line.len, outleft, bad;

	r->line_cr = inleft > 0 && in[inleft - 1] == '\r';
	if (r->line_cr)
		inleft--;
	grid_buf_reset(&r->line);
	if ((out = memchr(in, '\0', inleft)) != NULL)
		return grid_error_set(err, GRID_EDATA, r->name, r->line_no,
		    NULL, "NUL byte at byte offset %llu (column %zu)",
		    (unsigned long long)(r->line_offset + (size_t)(out - in)),
		    (size_t)(out - in) + 1);
	if (r->encoding == GRID_ENC_UTF8) {
		if (!grid_utf8_valid(in, inleft, &bad))
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no, NULL, "invalid UTF-8 byte 0x%02x at "
			    "byte offset %llu (column %zu)%s",
			    (unsigned char)in[bad],
			    (unsigned long long)(r->line_offset + bad), bad + 1,
			    r->opts.encoding == GRID_ENC_AUTO && !r->bom ?
			    " (the file began as UTF-8; if it is GB18030, use "
			    "--encoding gb18030)" : "");
		return grid_buf_add(&r->line, in, inleft);
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		char tmp[4096];

		out = tmp;
		outleft = sizeof(tmp);
		if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1 &&
		    errno != E2BIG) {
			bad = (size_t)(in - r->raw_line.data);
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no, NULL, "invalid GB18030 byte 0x%02x at "
			    "byte offset %llu (column %zu)",
			    (unsigned char)r->raw_line.data[bad],
			    (unsigned long long)(r->line_offset + bad),
			    bad + 1);
		}
		if (grid_buf_add(&r->line, tmp, sizeof(tmp) - outleft) != 0)
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no, NULL, "line too long");
	}
	return grid_buf_add(&r->line, "", 0);	/* allocated when empty */
}

/* Reads and decodes the next line.  Returns 1, 0 or -1. */
int
gridi_reader_next_line(struct grid_reader *r, struct grid_error *err)
{
	int rc = read_raw_line(r, err);

	if (rc <= 0)
		return rc;
	r->line_no++;
	if (r->line_no == 1) {
		r->crlf = r->raw_line.len > 0 &&
		    r->raw_line.data[r->raw_line.len - 1] == '\r';
		if (r->bom && r->raw_line.len >= 3) {
			memmove(r->raw_line.data, r->raw_line.data + 3,
			    (r->raw_line.len -= 3) + 1);
			r->line_offset += 3;
		}
	}
	return decode_line(r, err) == 0 ? 1 : -1;
}

/* Looks at the first chunk: BOM, encoding, format.  Returns 0 or -1. */
static int
sniff(struct grid_reader *r, struct grid_error *err)
{
	const unsigned char *p = (const unsigned char *)r->chunk, *nl;
	size_t n = r->chunk_len, start = 0, bad;

	if (r->wide != NULL) {
		r->encoding = GRID_ENC_UTF8;	/* converted from UTF-16 */
	} else if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		r->bom = 1;
		start = 3;
		if (r->opts.encoding == GRID_ENC_GB18030)
			return fail(r, err, GRID_EDATA, 1,
			    "UTF-8 byte order mark in a file read as GB18030");
		r->encoding = GRID_ENC_UTF8;
	} else if (r->opts.encoding != GRID_ENC_AUTO) {
		r->encoding = r->opts.encoding;
	} else if (grid_utf8_valid((const char *)p, n, &bad) ||
	    (!r->eof && bad + 4 > n)) {
		r->encoding = GRID_ENC_UTF8;
	} else {
		r->encoding = GRID_ENC_GB18030;
	}
	if (r->encoding == GRID_ENC_GB18030) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			return fail(r, err, GRID_EINTERNAL, 0,
			    "iconv cannot convert from GB18030");
	}
	nl = memchr(p, '\n', n);
	r->crlf = nl != NULL && nl > p && nl[-1] == '\r';
	r->format = r->opts.format;
	if (r->format == GRID_INPUT_AUTO) {
		while (start < n && (p[start] == ' ' || p[start] == '\t' ||
		    p[start] == '\r' || p[start] == '\n'))
			start++;
		r->format = start < n && p[start] == '{' ? GRID_INPUT_NDJSON
		    : GRID_INPUT_CSV;
	}
	return 0;
}

/* Makes room for n fields. */
int
gridi_reader_field_room(struct grid_reader *r, size_t n)
{
	size_t cap = r->field_cap ? r->field_cap : 32;
	struct reader_field *p;

	if (n <= r->field_cap)
		return 0;
	while (cap < n)
		cap *= 2;
	p = realloc(r->field, cap * sizeof(*p));
	if (p == NULL)
		return -1;
	r->field = p;
	r->field_cap = cap;
	return 0;
}

/* Makes room for n record slots. */
int
gridi_reader_slots(struct grid_reader *r, size_t n)
{
	const char **a, **b, **c;

	if (n <= r->slots)
		return 0;
	a = realloc(r->names, n * sizeof(*a));
	if (a != NULL)
		r->names = a;
	b = realloc(r->values, n * sizeof(*b));
	if (b != NULL)
		r->values = b;
	c = realloc(r->raw, n * sizeof(*c));
	if (c != NULL)
		r->raw = c;
	if (a == NULL || b == NULL || c == NULL)
		return -1;
	r->slots = n;
	return 0;
}

/*
 * What the first bytes say before any text is read: a workbook (opened
 * from path, read as a sheet of rows), UTF-16 with a byte order mark
 * (converted to UTF-8 as it is read), or text.  Returns 0 or -1.
 */
static int
sniff_kind(struct grid_reader *r, const char *path, mode_t mode,
    struct grid_error *err)
{
	const unsigned char *p = (const unsigned char *)r->chunk;
	int kind = gridi_workbook_magic(p, r->chunk_len);

	if (kind != 0 && (strcmp(path, "-") == 0 || !S_ISREG(mode)))
		return fail(r, err, GRID_EDATA, 0, "a workbook is read from "
		    "its file, not from standard input or a pipe: give its "
		    "path");
	if (kind != 0) {
		r->book = kind == 'x' ? gridi_xlsx_open(path, r->name,
		    r->sheet, err) : gridi_xls_open(path, r->name,
		    r->sheet, err);
		r->format = GRID_INPUT_CSV;
		r->encoding = GRID_ENC_UTF8;
		r->delimiter = ',';
		return r->book != NULL ? 0 : -1;
	}
	if (r->chunk_len < 2 || !((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff)))
		return 0;
	r->wide_cd = iconv_open("UTF-8", "UTF-16");
	if (r->wide_cd == (iconv_t)-1 || (r->wide = malloc(CHUNK)) == NULL)
		return fail(r, err, GRID_EINTERNAL, 0,
		    "iconv cannot convert from UTF-16");
	memcpy(r->wide, r->chunk, r->chunk_len);
	r->wide_len = r->chunk_len;
	r->wide_eof = r->eof;
	r->eof = 0;
	r->chunk_len = 0;
	return fill_wide(r, err);
}

struct grid_reader *
grid_reader_open(const char *path, const struct grid_reader_options *opts,
    struct grid_error *err)
{
	return grid_reader_open_layout(path, opts, NULL, err);
}

struct grid_reader *
grid_reader_open_layout(const char *path,
    const struct grid_reader_options *opts,
    const struct grid_reader_layout *layout, struct grid_error *err)
{
	struct grid_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	if (r == NULL) {
		grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "out of memory");
		return NULL;
	}
	r->cd = (iconv_t)-1;
	r->wide_cd = (iconv_t)-1;
	r->fd = -1;
	if (opts != NULL)
		r->opts = *opts;
	if (layout != NULL) {
		r->sheet = layout->sheet;
		r->header_line = layout->header_line;
	}
	if (r->opts.max_record == 0)
		r->opts.max_record = GRID_RECORD_MAX_DEFAULT;
	snprintf(r->name, sizeof(r->name), "%s",
	    strcmp(path, "-") == 0 ? "<stdin>" : path);
	grid_buf_init(&r->raw_line, r->opts.max_record + 8);
	grid_buf_init(&r->line, 2 * r->opts.max_record + 8);
	grid_buf_init(&r->fields, 2 * r->opts.max_record + 8);
	grid_buf_init(&r->source, r->opts.max_record + 8);
	r->fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
	if (r->fd < 0) {
		/* sysexits: EX_NOINPUT is missing or not readable */
		grid_error_set(err, errno == ENOENT || errno == ENOTDIR ||
		    errno == EACCES ? GRID_ENOINPUT : GRID_EIO, r->name, 0,
		    NULL, "cannot open: %s", strerror(errno));
		goto bad;
	}
	if (fstat(r->fd, &st) != 0)
		st.st_mode = 0;
	if (S_ISREG(st.st_mode))
		r->total = (uint64_t)st.st_size;
	if (S_ISDIR(st.st_mode)) {
		fail(r, err, GRID_ENOINPUT, 0, "cannot read: is a directory");
		goto bad;
	}
	r->gz = gzdopen(r->fd, "rb");
	r->chunk = malloc(CHUNK);
	if (r->gz == NULL || r->chunk == NULL) {
		fail(r, err, GRID_EINTERNAL, 0, "out of memory");
		goto bad;
	}
	r->fd = -1;	/* owned by gz now */
	gzbuffer(r->gz, 128 * 1024);
	if (fill(r, err) != 0 || sniff_kind(r, path, st.st_mode, err) != 0 ||
	    (r->book == NULL && sniff(r, err) != 0))
		goto bad;
	if (r->format == GRID_INPUT_CSV) {
		if (r->book == NULL)
			r->delimiter = r->opts.delimiter;
		if (r->delimiter == '"' || r->delimiter == '\r' ||
		    r->delimiter == '\n') {
			fail(r, err, GRID_EINTERNAL, 0, "a quote or a line end "
			    "cannot be the delimiter");
			goto bad;
		}
		if (gridi_csv_read_header(r, err) != 0)
			goto bad;
	}
	return r;
bad:
	grid_reader_close(r);
	return NULL;
}

/* See internal.h. */
const char *
gridi_real_text(double d, char *out, size_t n)
{
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(out, n, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			return out;
	}
	snprintf(out, n, "%.17g", d);
	return out;
}

int
grid_reader_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	int rc;

	if (r->format == GRID_INPUT_NDJSON)
		return gridi_ndjson_next(r, rec, err);
	rc = gridi_csv_next(r, rec, err);
	if (rc == 1) {
		r->rec.names = r->names;
		r->rec.values = r->values;
		r->rec.raw = r->raw;
	}
	return rc;
}

enum grid_input_format
grid_reader_format(const struct grid_reader *r)
{
	return r->format;
}

enum grid_encoding
grid_reader_encoding(const struct grid_reader *r)
{
	return r->encoding;
}

char
grid_reader_delimiter(const struct grid_reader *r)
{
	return r->delimiter;
}

int
grid_reader_has_bom(const struct grid_reader *r)
{
	return r->bom || r->wide != NULL || r->book != NULL;
}

int
grid_reader_crlf(const struct grid_reader *r)
{
	/* a workbook, and UTF-16 text (Excel's Unicode text), go back to
	 * Excel: CR LF */
	return r->crlf || r->book != NULL || r->wide != NULL;
}

long
grid_reader_header_line(const struct grid_reader *r)
{
	return r->format == GRID_INPUT_CSV ? r->header_line : 0;
}

int
grid_reader_workbook(const struct grid_reader *r)
{
	return r->book != NULL;
}

const char *const *
grid_reader_header(const struct grid_reader *r, size_t *n)
{
	*n = r->nheader;
	return r->format == GRID_INPUT_CSV ? (const char *const *)r->header
	    : NULL;
}

const char *
grid_reader_name(const struct grid_reader *r)
{
	return r->name;
}

void
grid_reader_progress(const struct grid_reader *r, uint64_t *done,
    uint64_t *total)
{
	z_off_t off = r->gz != NULL ? gzoffset(r->gz) : 0;

	*done = off > 0 && r->book == NULL ? (uint64_t)off : 0;
	*total = r->book == NULL ? r->total : 0;	/* a sheet: unknown */
}

void
grid_reader_close(struct grid_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->gz != NULL)
		gzclose(r->gz);
	if (r->fd >= 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->wide_cd != (iconv_t)-1)
		iconv_close(r->wide_cd);
	free(r->wide);
	gridi_workbook_close(r->book);
	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->chunk);
	grid_buf_release(&r->raw_line);
	grid_buf_release(&r->line);
	grid_buf_release(&r->fields);
	grid_buf_release(&r->source);
	free(r->field);
	free(r->names);
	free(r->values);
	free(r->raw);
	json_decref(r->obj);
	free(r);
}

