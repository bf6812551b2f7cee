/*
 * reader.c - CSV (RFC 4180) and NDJSON (jansson) records from plain or
 * gzip input (zlib), decoded from UTF-8 or GB18030 (iconv).
 *
 * Input is read in physical lines.  Each line is decoded on its own: no
 * GB18030 sequence contains a line feed byte, so this is exact.  A CSV
 * line without a quote character is split at its delimiters at once (the
 * common case, fast); any other is read by a small RFC 4180 parser that
 * carries a quoted field over line ends, each line end (CR LF or LF)
 * kept in the field as it was.  NDJSON lines are parsed one at a time.
 *
 * What RFC 4180 leaves open, decided here:
 * - Only a line feed ends a record; a CR before it goes with it, and any
 *   other CR is data.
 * - Blanks (space, tab) around a quoted field, between it and the
 *   delimiter, are not part of it; in an unquoted field they are, and
 *   only its value (grid_record.values) goes without them.
 * - A quote inside an unquoted field, or text after a closing quote,
 *   is an error (the field was meant to be quoted).
 * - An empty line is not a record; a record whose every value is empty
 *   (",,,", a line of blanks) is skipped.  Both count as lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "grid/buf.h"
#include "grid/reader.h"
#include "grid/text.h"
#include "internal.h"
#include "workbook_internal.h"

#define CHUNK (64 * 1024)
#define RECORD_MAX_FIELDS 100000	/* fields in a CSV record, at most */

/*
 * A field of the record being read: its text as read at fields.data +
 * off, and its value (vlen bytes at fields.data + val), both NUL-ended.
 */
struct field {
	size_t off;
	size_t val;
	size_t vlen;
};

struct grid_reader {
	char name[256];
	struct grid_reader_options opts;
	int fd;
	gzFile gz;
	uint64_t total;

	enum grid_input_format format;
	enum grid_encoding encoding;
	char delimiter;
	int guessed;		/* the delimiter is ',' only for want of
				 * any: the lines so far had none */
	int bom;
	int crlf;
	iconv_t cd;
	struct gridi_workbook *book;	/* .xlsx, .xls: rows from a sheet */
	const char *sheet;	/* the sheet wanted, only during open */
	long header_line;	/* 0: the first line with a value */
	iconv_t wide_cd;	/* UTF-16 to UTF-8, when the BOM says so */
	char *wide;		/* raw UTF-16 bytes not yet converted */
	size_t wide_len;
	int wide_eof;

	char *chunk;		/* raw bytes from gzread */
	size_t chunk_len, chunk_pos;
	int eof;
	uint64_t offset;	/* decoded-stream offset of the next raw byte */

	long line_no;		/* physical lines read so far */
	uint64_t line_offset;	/* stream offset of the current line */
	struct grid_buf raw_line;	/* bytes as read, without the LF */
	struct grid_buf line;		/* decoded UTF-8, without CR LF */

	int line_cr;		/* the line ended in CR LF */
	int in_record;		/* a record has begun */
	int in_quotes;		/* in a quoted field open at a line end */
	int record_done;
	long record_line;
	long quote_line;	/* where the open quoted field began */
	size_t record_bytes;
	struct grid_buf fields;	/* NUL-ended field texts and values */
	struct grid_buf source;	/* a CSV record's lines, when several */
	struct field *field;
	size_t nfields, field_cap;

	char **header;
	size_t nheader;

	const char **names, **values, **raw;
	size_t slots;
	struct grid_record rec;
	json_t *obj;
};

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

static int
fail(struct grid_reader *r, struct grid_error *err, int code, long line,
    const char *text)
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
static int
next_line(struct grid_reader *r, struct grid_error *err)
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

/*
 * Picks the delimiter that occurs most often outside quotes; 0 when the
 * line has none of them.
 */
static char
sniff_delimiter(const char *line)
{
	static const char cand[] = { ',', '\t', ';', '|' };
	size_t count[4] = { 0, 0, 0, 0 }, i, best = 0;
	int quoted = 0;

	for (; *line != '\0'; line++) {
		if (*line == '"')
			quoted = !quoted;
		for (i = 0; !quoted && i < 4; i++)
			if (*line == cand[i])
				count[i]++;
	}
	for (i = 1; i < 4; i++)
		if (count[i] > count[best])
			best = i;
	return count[best] > 0 ? cand[best] : 0;
}

/* Makes room for n fields. */
static int
field_room(struct grid_reader *r, size_t n)
{
	size_t cap = r->field_cap ? r->field_cap : 32;
	struct field *p;

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
static int
slots(struct grid_reader *r, size_t n)
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

/* A space or tab that is not the delimiter: trimmed from values. */
static int
csv_blank(const struct grid_reader *r, char c)
{
	return (c == ' ' || c == '\t') && c != r->delimiter;
}

static int
too_large(struct grid_reader *r, struct grid_error *err)
{
	return grid_error_set(err, GRID_EDATA, r->name, r->record_line, NULL,
	    "record too large");
}

/*
 * A fatal syntax error in the field being read, named by its column when
 * the header is known; the line is the record's first, and the line of
 * the error is added when the record began earlier.
 */
static int
malformed(struct grid_reader *r, const char *why, struct grid_error *err)
{
	const char *field = r->nfields < r->nheader ? r->header[r->nfields]
	    : NULL;

	if (r->line_no == r->record_line)
		return grid_error_set(err, GRID_EDATA, r->name, r->record_line,
		    field, "malformed CSV: %s", why);
	return grid_error_set(err, GRID_EDATA, r->name, r->record_line, field,
	    "malformed CSV: %s (on line %ld)", why, r->line_no);
}

/* Starts field number nfields at the end of fields.  Returns 0 or -1. */
static int
begin_field(struct grid_reader *r, struct grid_error *err)
{
	if (r->nfields >= RECORD_MAX_FIELDS)
		return grid_error_set(err, GRID_EDATA, r->name,
		    r->record_line, NULL, "more than %d fields in a record",
		    RECORD_MAX_FIELDS);
	if (field_room(r, r->nfields + 1) != 0)
		return grid_error_set(err, GRID_EINTERNAL, r->name, 0, NULL,
		    "out of memory");
	r->field[r->nfields].off = r->fields.len;
	return 0;
}

/*
 * The value of an unquoted field f, whose text as read is text[0, n)
 * (already in fields at f->off, NUL-ended): the text without the blanks
 * at its ends.  It points into the field itself unless blanks end it:
 * then a trimmed copy is added to fields, the field staying as read.
 * Returns 0, or -1 when the record is too large.
 */
static int
unquoted_value(struct grid_reader *r, struct field *f, const char *text,
    size_t n)
{
	size_t lead = 0, end = n;

	while (lead < n && csv_blank(r, text[lead]))
		lead++;
	while (end > lead && csv_blank(r, text[end - 1]))
		end--;
	f->vlen = end - lead;
	if (end == n || f->vlen == 0) {
		f->val = f->off + lead;
		return 0;
	}
	f->val = r->fields.len;
	if (grid_buf_add(&r->fields, text + lead, f->vlen) != 0 ||
	    grid_buf_addc(&r->fields, '\0') != 0)
		return -1;
	return 0;
}

/*
 * The common line fast: a whole record on one line without a quote
 * character.  The line is copied once into fields, each delimiter
 * becoming the NUL that ends a field.  Returns 1 when the line was read
 * so, 0 to leave it to csv_line, -1 on error.
 */
static int
csv_fast_line(struct grid_reader *r, struct grid_error *err)
{
	const char *line = r->line.data, *p;
	size_t len = r->line.len, start = 0, end;
	struct field *f;

	if (memchr(line, '"', len) != NULL)
		return 0;
	if (grid_buf_add(&r->fields, line, len + 1) != 0)
		return too_large(r, err);
	for (;;) {
		p = memchr(line + start, r->delimiter, len - start);
		end = p != NULL ? (size_t)(p - line) : len;
		if (begin_field(r, err) != 0)
			return -1;
		f = &r->field[r->nfields++];
		f->off = start;
		r->fields.data[end] = '\0';
		if (unquoted_value(r, f, line + start, end - start) != 0)
			return too_large(r, err);
		if (p == NULL)
			break;
		start = end + 1;
	}
	r->record_done = 1;
	return 1;
}

/*
 * A field from its start at line[*i]: an opening quote (after blanks,
 * which are then not part of it) begins a quoted field; anything else
 * is an unquoted field, read to the delimiter or the end of the line,
 * blanks and all.  Returns 0 or -1.
 */
static int
field_start(struct grid_reader *r, size_t *i, struct grid_error *err)
{
	const char *line = r->line.data + *i, *end;
	size_t left = r->line.len - *i, j = 0, n;
	struct field *f;

	if (begin_field(r, err) != 0)
		return -1;
	while (j < left && csv_blank(r, line[j]))
		j++;
	if (j < left && line[j] == '"') {
		*i += j + 1;
		r->in_quotes = 1;
		r->quote_line = r->line_no;
		return 0;
	}
	end = memchr(line, r->delimiter, left);
	n = end != NULL ? (size_t)(end - line) : left;
	if (memchr(line, '"', n) != NULL)
		return malformed(r, "a quote inside an unquoted field (quote "
		    "the whole field and write its quotes twice)", err);
	f = &r->field[r->nfields];
	if (grid_buf_add(&r->fields, line, n) != 0 ||
	    grid_buf_addc(&r->fields, '\0') != 0 ||
	    unquoted_value(r, f, line, n) != 0)
		return too_large(r, err);
	r->nfields++;
	*i += n + (end != NULL);
	r->record_done = end == NULL;
	return 0;
}

/*
 * The rest of a quoted field from line[*i]: to its closing quote, two
 * quotes standing for one; or to the end of the line, the line's own end
 * (CR LF or LF) being part of the field, which goes on on the next line.
 * Returns 0 or -1.
 */
static int
quoted_part(struct grid_reader *r, size_t *i, struct grid_error *err)
{
	const char *line = r->line.data, *q;
	size_t len = r->line.len;

	for (;;) {
		q = memchr(line + *i, '"', len - *i);
		if (q == NULL) {
			if (grid_buf_add(&r->fields, line + *i,
			    len - *i) != 0 || grid_buf_adds(&r->fields,
			    r->line_cr ? "\r\n" : "\n") != 0)
				return too_large(r, err);
			*i = len;
			return 0;
		}
		if (grid_buf_add(&r->fields, line + *i,
		    (size_t)(q - (line + *i))) != 0)
			return too_large(r, err);
		*i = (size_t)(q - line) + 1;
		if (*i == len || line[*i] != '"')
			break;
		if (grid_buf_addc(&r->fields, '"') != 0)
			return too_large(r, err);
		(*i)++;
	}
	r->in_quotes = 0;
	return 0;
}

/*
 * After the closing quote: blanks (not part of the field), then the
 * delimiter or the end of the line.  Ends the quoted field, whose value
 * is its text as it stands.  Returns 0 or -1.
 */
static int
after_quote(struct grid_reader *r, size_t *i, struct grid_error *err)
{
	const char *line = r->line.data;
	size_t len = r->line.len;
	struct field *f = &r->field[r->nfields];

	while (*i < len && csv_blank(r, line[*i]))
		(*i)++;
	if (*i < len && line[*i] != r->delimiter)
		return malformed(r, "text after the closing quote of a field "
		    "(a quote inside a quoted field is written twice)", err);
	if (grid_buf_addc(&r->fields, '\0') != 0)
		return too_large(r, err);
	f->val = f->off;
	f->vlen = r->fields.len - 1 - f->off;
	r->nfields++;
	if (*i < len)
		(*i)++;
	else
		r->record_done = 1;
	return 0;
}

/*
 * Reads the line just read as RFC 4180 says, going on with a quoted field
 * that an earlier line left open.  Sets record_done when the record ends
 * with the line.  Returns 0 or -1.
 */
static int
csv_line(struct grid_reader *r, struct grid_error *err)
{
	size_t i = 0;

	for (;;) {
		if (!r->in_quotes) {
			if (field_start(r, &i, err) != 0)
				return -1;
		} else {
			if (quoted_part(r, &i, err) != 0)
				return -1;
			if (r->in_quotes)
				return 0;	/* on the next line */
			if (after_quote(r, &i, err) != 0)
				return -1;
		}
		if (r->record_done)
			return 0;
	}
}

/*
 * Keeps the record's text: a record of one line is the line itself; the
 * lines of a longer one are copied, each with its own line end.
 */
static int
keep_source(struct grid_reader *r, struct grid_error *err)
{
	if (r->record_done && r->source.len == 0)
		return 0;
	if (grid_buf_add(&r->source, r->line.data, r->line.len) != 0 ||
	    (!r->record_done && grid_buf_adds(&r->source, r->line_cr ?
	    "\r\n" : "\n") != 0))
		return too_large(r, err);
	return 0;
}

/* 1 when the line holds nothing but spaces and tabs (or nothing). */
static int
blank_line(const struct grid_reader *r)
{
	size_t i;

	for (i = 0; i < r->line.len; i++)
		if (r->line.data[i] != ' ' && r->line.data[i] != '\t')
			return 0;
	return 1;
}

/*
 * Takes the line just read as the first of a record, or skips it: an
 * empty line is not a record, nor is a blank one before the delimiter
 * is known (it is sniffed from the first line that is not blank).
 * Returns 1 when the line begins a record, 0 when it is skipped.
 */
static int
record_begins(struct grid_reader *r)
{
	char found;

	if (r->line.len == 0)
		return 0;
	/* Sniffed on the header's line; a title line above it that has
	 * no delimiter (姑苏区...登记表) leaves the choice to the next. */
	if ((r->delimiter == 0 || r->guessed) &&
	    r->line_no >= r->header_line) {
		if (blank_line(r))
			return 0;
		found = sniff_delimiter(r->line.data);
		r->guessed = found == 0;
		if (found != 0 || r->delimiter == 0)
			r->delimiter = found != 0 ? found : ',';
	}
	r->in_record = 1;
	r->record_line = r->line_no;
	return 1;
}

static int
unterminated(struct grid_reader *r, struct grid_error *err)
{
	if (r->quote_line == r->record_line)
		return grid_error_set(err, GRID_EDATA, r->name, r->record_line,
		    NULL, "unterminated quoted field starting on this line");
	return grid_error_set(err, GRID_EDATA, r->name, r->record_line, NULL,
	    "unterminated quoted field starting on line %ld", r->quote_line);
}

/*
 * Reads one CSV record into fields and field.  Returns 1, 0 at the end,
 * -1 on error.
 */
static int
csv_read(struct grid_reader *r, struct grid_error *err)
{
	int rc;

	r->nfields = 0;
	grid_buf_reset(&r->fields);
	grid_buf_reset(&r->source);
	r->in_record = 0;
	r->record_done = 0;
	r->record_bytes = 0;
	while (!r->record_done) {
		if ((rc = next_line(r, err)) <= 0)
			return rc < 0 ? -1 : r->in_quotes ?
			    unterminated(r, err) : 0;
		if (!r->in_record && !record_begins(r))
			continue;
		r->record_bytes += r->line.len + (r->line_cr ? 2 : 1);
		if (r->record_bytes > r->opts.max_record)
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->record_line, NULL, "record longer than %zu "
			    "bytes%s", r->opts.max_record, r->line_no >
			    r->record_line ? " (it spans several lines: a "
			    "quote left open?)" : "");
		if (r->line_no == r->record_line &&
		    (rc = csv_fast_line(r, err)) != 0) {
			if (rc < 0)
				return -1;
		} else if (csv_line(r, err) != 0)
			return -1;
		if (keep_source(r, err) != 0)
			return -1;
	}
	return 1;
}

/* 1 when no field of the record just read has a value (",,," or "  "). */
static int
record_empty(const struct grid_reader *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (r->field[i].vlen > 0)
			return 0;
	return 1;
}

/*
 * Reads the next CSV record that has a value, skipping rows without one
 * (",,," left by spreadsheets, lines of blanks).  Returns 1, 0 at the
 * end, -1.
 */
static int
csv_record(struct grid_reader *r, struct grid_error *err)
{
	int rc;

	while ((rc = csv_read(r, err)) == 1 && record_empty(r))
		;
	return rc;
}

/* Adds an empty field to the record; returns 0 or -1. */
static int
empty_field(struct grid_reader *r, struct grid_error *err)
{
	if (begin_field(r, err) != 0)
		return -1;
	r->field[r->nfields].val = r->fields.len;
	r->field[r->nfields].vlen = 0;
	if (grid_buf_addc(&r->fields, '\0') != 0)
		return too_large(r, err);
	r->nfields++;
	return 0;
}

/* A workbook's cell into the record, after empty ones for any gap. */
static int
add_cell(void *ctx, size_t col, const char *text, size_t len,
    struct grid_error *err)
{
	struct grid_reader *r = ctx;
	struct field *f;

	if (col >= RECORD_MAX_FIELDS)
		return grid_error_set(err, GRID_EDATA, r->name, r->record_line,
		    NULL, "a cell beyond column %d", RECORD_MAX_FIELDS);
	while (r->nfields < col)
		if (empty_field(r, err) != 0)
			return -1;
	if (begin_field(r, err) != 0)
		return -1;
	f = &r->field[r->nfields];
	/* the value is read from the cell's own text: adding a trimmed copy
	 * to fields may move them */
	if (grid_buf_add(&r->fields, text, len) != 0 ||
	    grid_buf_addc(&r->fields, '\0') != 0 ||
	    unquoted_value(r, f, text, len) != 0)
		return too_large(r, err);
	r->nfields++;
	return 0;
}

/*
 * The next row of a workbook's sheet that has a value, as a record; its
 * line is the sheet's row number.  Returns 1, 0 at the end, -1.
 */
static int
book_record(struct grid_reader *r, struct grid_error *err)
{
	const struct gridi_cells out = { add_cell, r };
	int rc;

	do {
		r->nfields = 0;
		grid_buf_reset(&r->fields);
		/* the row being read, for messages: past the last, if any */
		r->record_line = r->line_no < LONG_MAX ? r->line_no + 1 :
		    r->line_no;
		rc = gridi_workbook_next(r->book, &r->line_no, &out, err);
		r->record_line = r->line_no;
	} while (rc == 1 && record_empty(r));
	/* a sheet's row ends at its last cell with a value: the empty
	 * cells after it are there all the same */
	while (rc == 1 && r->nfields < r->nheader)
		if (empty_field(r, err) != 0)
			return -1;
	return rc;
}

static int
next_record(struct grid_reader *r, struct grid_error *err)
{
	return r->book != NULL ? book_record(r, err) : csv_record(r, err);
}
/* A column name and its position, to sort the header by name. */
struct header_slot {
	const char *name;
	size_t index;
};

static int
slot_cmp(const void *a, const void *b)
{
	const struct header_slot *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Sets *first to the first of the n names that an earlier one repeats,
 * or to n when none does.  Sorted, not compared pairwise: a header may
 * have 100,000 columns.  Returns 0, or -1 when out of memory.
 */
static int
named_twice(char *const *names, size_t n, size_t *first)
{
	struct header_slot *slot;
	size_t i;

	*first = n;
	if (n < 2)
		return 0;
	if ((slot = calloc(n, sizeof(*slot))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		slot[i].name = names[i];
		slot[i].index = i;
	}
	qsort(slot, n, sizeof(*slot), slot_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(slot[i - 1].name, slot[i].name) == 0 &&
		    slot[i].index < *first)
			*first = slot[i].index;
	free(slot);
	return 0;
}

static int
read_header(struct grid_reader *r, struct grid_error *err)
{
	size_t i;
	char *name;
	int rc;

	while ((rc = next_record(r, err)) == 1 &&
	    r->record_line < r->header_line)
		;
	if (rc == 0 && r->header_line > 0)
		return grid_error_set(err, GRID_EDATA, r->name, 0, NULL,
		    "no header on line %ld: the %s ends before it",
		    r->header_line, r->book != NULL ? "sheet" : "file");
	if (rc <= 0)
		return rc < 0 ? -1 : fail(r, err, GRID_EDATA, 0,
		    r->book != NULL ? N_("empty sheet: no header row") :
		    N_("empty file: no header line"));
	if (r->header_line > 0 && r->record_line != r->header_line)
		return grid_error_set(err, GRID_EDATA, r->name,
		    r->header_line, NULL, "no header on line %ld: it is "
		    "empty or inside a record", r->header_line);
	r->header = calloc(r->nfields, sizeof(*r->header));
	if (r->header == NULL)
		return fail(r, err, GRID_EINTERNAL, 0, "out of memory");
	for (i = 0; i < r->nfields; i++) {
		name = r->fields.data + r->field[i].val;
		grid_text_normalize(name);
		r->header[i] = name[0] != '\0' ? strdup(name) : NULL;
		if (r->header[i] == NULL && name[0] == '\0') {
			char tmp[32];

			snprintf(tmp, sizeof(tmp), "column_%zu", i + 1);
			r->header[i] = strdup(tmp);
		}
		if (r->header[i] == NULL)
			return fail(r, err, GRID_EINTERNAL, 0, "out of memory");
		r->nheader = i + 1;
	}
	r->header_line = r->record_line;
	if (named_twice(r->header, r->nheader, &i) != 0)
		return fail(r, err, GRID_EINTERNAL, 0, "out of memory");
	if (i < r->nheader)
		return grid_error_set(err, GRID_EDATA, r->name,
		    r->record_line, r->header[i],
		    "column named twice in the header");
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
		if (read_header(r, err) != 0)
			goto bad;
	}
	return r;
bad:
	grid_reader_close(r);
	return NULL;
}

static int
csv_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	const char *data;
	size_t i, n;
	int rc = next_record(r, err);

	if (rc <= 0)
		return rc;
	n = r->nfields > r->nheader ? r->nfields : r->nheader;
	if (slots(r, n) != 0)
		return fail(r, err, GRID_EINTERNAL, 0, "out of memory");
	data = r->fields.data;
	for (i = 0; i < n; i++) {
		r->names[i] = i < r->nheader ? r->header[i] : "";
		r->raw[i] = i < r->nfields ? data + r->field[i].off : "";
		r->values[i] = i < r->nfields && r->field[i].vlen > 0 ?
		    data + r->field[i].val : NULL;
	}
	r->rec.line = r->record_line;
	r->rec.nfields = n;
	r->rec.width = r->nfields;
	r->rec.bad_width = r->nfields != r->nheader;
	r->rec.text = NULL;
	r->rec.source = r->book != NULL ? "" : r->source.len > 0 ?
	    r->source.data : r->line.data;
	*rec = &r->rec;
	return 1;
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

/* Appends one JSON value as text to fields; returns 0 or -1. */
static int
json_text(struct grid_reader *r, json_t *v)
{
	char num[64];
	char *dump;
	int rc;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return grid_buf_add(&r->fields, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return grid_buf_adds(&r->fields, num);
	case JSON_REAL:
		return grid_buf_adds(&r->fields, gridi_real_text(json_real_value(v),
		    num, sizeof(num)));
	case JSON_TRUE:
		return grid_buf_adds(&r->fields, "true");
	case JSON_FALSE:
		return grid_buf_adds(&r->fields, "false");
	case JSON_NULL:
		return 0;
	default:
		dump = json_dumps(v, JSON_COMPACT);
		if (dump == NULL)
			return -1;
		rc = grid_buf_adds(&r->fields, dump);
		free(dump);
		return rc;
	}
}

static int
ndjson_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	json_error_t jerr;
	const char *key;
	json_t *v;
	size_t i, n;
	int rc;

	do {
		rc = next_line(r, err);
		if (rc <= 0)
			return rc;
	} while (r->line.len == 0 || strspn(r->line.data, " \t") ==
	    r->line.len);
	json_decref(r->obj);
	r->obj = NULL;
	memset(&r->rec, 0, sizeof(r->rec));
	r->rec.line = r->line_no;
	r->rec.text = r->line.data;
	*rec = &r->rec;
	r->obj = json_loadb(r->line.data, r->line.len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (r->obj == NULL) {
		grid_error_set(err, GRID_EDATA, r->name, r->line_no, NULL,
		    "bad JSON at column %d: %s", jerr.column, jerr.text);
		return 1;
	}
	if (!json_is_object(r->obj)) {
		grid_error_set(err, GRID_EDATA, r->name, r->line_no, NULL,
		    "not a JSON object");
		return 1;
	}
	n = json_object_size(r->obj);
	if (slots(r, n) != 0 || field_room(r, n) != 0)
		return fail(r, err, GRID_EINTERNAL, 0, "out of memory");
	grid_buf_reset(&r->fields);
	i = 0;
	json_object_foreach(r->obj, key, v) {
		r->field[i].off = r->fields.len;
		if (json_text(r, v) != 0 || grid_buf_addc(&r->fields, 0) != 0)
			return grid_error_set(err, GRID_EDATA, r->name,
			    r->line_no, key, "value too large");
		r->names[i++] = key;
	}
	for (i = 0; i < n; i++) {
		r->raw[i] = r->fields.data + r->field[i].off;
		r->values[i] = r->raw[i][0] != '\0' ? r->raw[i] : NULL;
	}
	r->rec.nfields = n;
	r->rec.names = r->names;
	r->rec.values = r->values;
	r->rec.raw = r->raw;
	return 1;
}

int
grid_reader_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	int rc;

	if (r->format == GRID_INPUT_NDJSON)
		return ndjson_next(r, rec, err);
	rc = csv_next(r, rec, err);
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
