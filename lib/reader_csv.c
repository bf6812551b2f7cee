/*
 * reader_csv.c - CSV records (RFC 4180) from the reader's lines, and the
 * rows of a workbook's sheet as records read the same way; the header.
 *
 * A CSV line without a quote character is split at its delimiters at
 * once (the common case, fast); any other is read by a small RFC 4180
 * parser that carries a quoted field over line ends, each line end (CR
 * LF or LF) kept in the field as it was.
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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/reader.h"
#include "grid/text.h"
#include "workbook_internal.h"
#include "reader_internal.h"

#define RECORD_MAX_FIELDS 100000	/* fields in a CSV record, at most */

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
	if (gridi_reader_field_room(r, r->nfields + 1) != 0)
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
unquoted_value(struct grid_reader *r, struct reader_field *f, const char *text,
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
	struct reader_field *f;

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
	struct reader_field *f;

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
	struct reader_field *f = &r->field[r->nfields];

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
		if ((rc = gridi_reader_next_line(r, err)) <= 0)
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
	struct reader_field *f;

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

int
gridi_csv_read_header(struct grid_reader *r, struct grid_error *err)
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

int
gridi_csv_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	const char *data;
	size_t i, n;
	int rc = next_record(r, err);

	if (rc <= 0)
		return rc;
	n = r->nfields > r->nheader ? r->nfields : r->nheader;
	if (gridi_reader_slots(r, n) != 0)
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
