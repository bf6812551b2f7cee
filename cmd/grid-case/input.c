/*
 * input.c - the records of standard input for a step given "-": read to
 * the end before the transaction begins, into a spool (spool.c), then
 * handed out in order.  A writer upstream in a pipe prints its rows only
 * after its commit, so reading first is what lets writers be chained.
 *
 * What the input is, is told by content, through libgrid's reader (plain
 * or gzip, UTF-8 or GB18030): a '{' first is NDJSON; anything else CSV or
 * TSV with a header (the delimiter sniffed), which is what -f csv and -f
 * tsv print; a header of one column that is not a key grid-case knows is
 * a list of bare ids, one a line, the first line included (sqlite3, cut).
 *
 * The spool holds entries in input order: a record (its line and the
 * fields the verb takes), a rejected record (its line and the reason),
 * or a warning (an unknown key, named once), so that messages come out
 * in the order of the lines whatever finds them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/reader.h"

#define NAME "<stdin>"
#define WARN_MAX 64		/* unknown keys named, at most */
#define TEXT_MAX ((size_t)64 << 20)

enum entry {
	E_RECORD = 'R',		/* line, count, then (field, text) pairs */
	E_REJECT = 'X',		/* line, code, field, text */
	E_WARN = 'W'		/* line, code, field, text */
};

struct case_input {
	const char *verb;
	const struct case_keys *keys;
	int strict;
	FILE *spool;
	long count;
	char *warned[WARN_MAX];
	size_t nwarned;
	struct cli_progress progress;
	/* reading back: one buffer per field, and the message's */
	char *buf[CASE_NFIELDS + 2];
	size_t cap[CASE_NFIELDS + 2];
};

/* ---- writing the spool ---- */

static int
put_head(struct case_input *in, enum entry kind, long line,
    struct grid_error *err)
{
	uint8_t k = (uint8_t)kind;
	int64_t l = line;

	if (case_spool_put(in->spool, &k, sizeof(k), err) != 0)
		return -1;
	return case_spool_put(in->spool, &l, sizeof(l), err);
}

/* A rejected record or a warning: what msg says, at line. */
static int
put_message(struct case_input *in, enum entry kind, long line,
    const struct grid_error *msg, struct grid_error *err)
{
	int32_t code = msg->code;

	if (put_head(in, kind, line, err) != 0 ||
	    case_spool_put(in->spool, &code, sizeof(code), err) != 0 ||
	    case_spool_put_text(in->spool, msg->field, err) != 0)
		return -1;
	return case_spool_put_text(in->spool, msg->text, err);
}

/* A record: the fields of values that are given. */
static int
put_record(struct case_input *in, long line, const char *const *values,
    struct grid_error *err)
{
	uint8_t f, n = 0;

	for (f = 0; f < CASE_NFIELDS; f++)
		n += values[f] != NULL;
	if (put_head(in, E_RECORD, line, err) != 0 ||
	    case_spool_put(in->spool, &n, sizeof(n), err) != 0)
		return -1;
	for (f = 0; f < CASE_NFIELDS; f++) {
		if (values[f] == NULL)
			continue;
		if (case_spool_put(in->spool, &f, sizeof(f), err) != 0 ||
		    case_spool_put_text(in->spool, values[f], err) != 0)
			return -1;
	}
	return 0;
}

/*
 * A key grid-case does not know: named once as a warning, or with
 * --strict the record is rejected.  Returns 1 (the run stops: the
 * rejection is spooled), 0 to go on, or -1 with err.
 */
static int
unknown_key(struct case_input *in, const char *key, long line,
    struct grid_error *err)
{
	struct grid_error msg;
	size_t i;

	for (i = 0; i < in->nwarned; i++)
		if (strcmp(in->warned[i], key) == 0)
			return 0;
	if (in->strict) {
		grid_error_set(&msg, GRID_EDATA, NULL, 0, key, "unknown key");
		return put_message(in, E_REJECT, line, &msg, err) == 0 ? 1 :
		    -1;
	}
	if (in->nwarned == WARN_MAX)
		return 0;
	if ((in->warned[in->nwarned] = strdup(key)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	in->nwarned++;
	grid_error_set(&msg, 0, NULL, 0, key, "unknown key, ignored%s",
	    in->nwarned == WARN_MAX ? " (no more are named)" : "");
	return put_message(in, E_WARN, line, &msg, err);
}

/* A record's fields for the verb into values; keys checked.  As above. */
static int
record_fields(struct case_input *in, const struct grid_record *rec,
    int check_keys, const char **values, struct grid_error *err)
{
	size_t i;
	int f, rc;

	memset(values, 0, CASE_NFIELDS * sizeof(*values));
	for (i = 0; i < rec->nfields; i++) {
		if (check_keys && !in->keys->known(rec->names[i]) &&
		    (rc = unknown_key(in, rec->names[i], rec->line, err)) != 0)
			return rc;
		f = in->keys->field(in->verb, rec->names[i]);
		if (f >= 0 && rec->values[i] != NULL)
			values[f] = rec->values[i];
	}
	return 0;
}

/* The reason of a bad CSV row: its width. */
static void
bad_width(const struct grid_record *rec, size_t header,
    struct grid_error *msg)
{
	grid_error_set(msg, GRID_EDATA, NULL, 0, NULL, "%zu fields, the "
	    "header has %zu", rec->width, header);
}

/*
 * One record read: spooled as a record, or rejected (err holds the
 * reader's reason when it has no fields).  Returns 1 when the run stops
 * here (--strict), 0 to go on, -1 with err.
 */
static int
one_record(struct case_input *in, const struct grid_record *rec,
    int csv, int bare, size_t header, struct grid_error *err)
{
	const char *values[CASE_NFIELDS];
	struct grid_error msg;
	int rc;

	in->count++;
	if (rec->nfields == 0 || (csv && rec->bad_width)) {
		if (rec->nfields == 0)
			msg = *err;	/* the reader's: bad JSON */
		else
			bad_width(rec, header, &msg);
		if (put_message(in, E_REJECT, rec->line, &msg, err) != 0)
			return -1;
		return in->strict;
	}
	if ((rc = record_fields(in, rec, !csv, values, err)) != 0)
		return rc;
	if (bare)
		values[CASE_FIELD_ID] = rec->values[0];
	return put_record(in, rec->line, values, err);
}

/*
 * The header of CSV or TSV: its keys checked, or, one column that is
 * no key, the first of a list of bare ids.  *bare is set then.  As
 * one_record.
 */
static int
header(struct case_input *in, struct grid_reader *r, int *bare,
    struct grid_error *err)
{
	const char *values[CASE_NFIELDS] = { NULL };
	const char *const *names;
	size_t n, i;
	int rc;

	names = grid_reader_header(r, &n);
	*bare = n == 1 && !in->keys->known(names[0]);
	if (*bare) {
		in->count++;
		values[CASE_FIELD_ID] = names[0];
		return put_record(in, 1, values, err);
	}
	for (i = 0; i < n; i++)
		if (!in->keys->known(names[i]) &&
		    (rc = unknown_key(in, names[i], 1, err)) != 0)
			return rc;
	return 0;
}

/* Every record of r into the spool.  0, or -1 with err. */
static int
each_record(struct case_input *in, struct grid_reader *r,
    struct grid_error *err)
{
	const struct grid_record *rec;
	size_t width = 0;
	uint64_t pos, total;
	int csv = grid_reader_format(r) == GRID_INPUT_CSV, bare = 0, rc;

	if (csv) {
		if ((rc = header(in, r, &bare, err)) != 0)
			return rc < 0 ? -1 : 0;
		grid_reader_header(r, &width);
	}
	while ((rc = grid_reader_next(r, &rec, err)) == 1) {
		rc = one_record(in, rec, csv, bare, width, err);
		grid_reader_progress(r, &pos, &total);
		cli_progress_show(&in->progress, NAME, pos, total, in->count);
		if (rc != 0)
			break;
	}
	cli_progress_done(&in->progress);
	return rc < 0 ? -1 : 0;
}

/*
 * The reader refuses an input without a line of content ("empty file:
 * no header line", when it guessed CSV); here that is no records, so
 * that a pipe whose head found nothing to do does nothing.
 */
static int
empty_input(const struct grid_error *err)
{
	return err->code == GRID_EDATA && err->line == 0 &&
	    strncmp(err->text, "empty file", 10) == 0;
}

struct case_input *
case_input_read(const char *verb, const struct case_keys *keys, int strict,
    int quiet, struct grid_error *err)
{
	static const struct grid_reader_options opts = { GRID_INPUT_AUTO,
		GRID_ENC_AUTO, 0, 0 };
	struct case_input *in = calloc(1, sizeof(*in));
	struct grid_reader *r = NULL;
	int rc = -1;

	if (in == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	in->verb = verb;
	in->keys = keys != NULL ? keys : &case_step_keys;
	in->strict = strict;
	cli_progress_init(&in->progress, quiet);
	grid_error_clear(err);
	if ((in->spool = cli_temp_file(err)) == NULL)
		goto out;
	if ((r = grid_reader_open("-", &opts, err)) == NULL) {
		if (empty_input(err))
			rc = 0;
		goto out;
	}
	rc = each_record(in, r, err);
out:
	grid_reader_close(r);
	if (rc == 0 && fflush(in->spool) != 0)
		rc = grid_error_set(err, GRID_EIO, "temporary file", 0, NULL,
		    "write error");
	if (rc != 0) {
		case_input_free(in);
		return NULL;
	}
	rewind(in->spool);
	in->count = 0;
	return in;
}

/* ---- reading it back ---- */

static int
get_text(struct case_input *in, size_t slot, char **text,
    struct grid_error *err)
{
	return case_spool_get_text(in->spool, &in->buf[slot], &in->cap[slot],
	    TEXT_MAX, text, err);
}

static int
get_message(struct case_input *in, long line, struct grid_error *err)
{
	char *field, *text;
	int32_t code;

	if (case_spool_get(in->spool, &code, sizeof(code), err) != 0 ||
	    get_text(in, CASE_NFIELDS, &field, err) != 0 ||
	    get_text(in, CASE_NFIELDS + 1, &text, err) != 0)
		return -1;
	grid_error_set(err, code, NAME, line, field, "%s", text != NULL ?
	    text : "");
	return 0;
}

static int
get_record(struct case_input *in, const char **values,
    struct grid_error *err)
{
	uint8_t n, f;
	char *text;

	if (case_spool_get(in->spool, &n, sizeof(n), err) != 0)
		return -1;
	while (n-- > 0) {
		if (case_spool_get(in->spool, &f, sizeof(f), err) != 0)
			return -1;
		if (f >= CASE_NFIELDS)
			return grid_error_set(err, GRID_EINTERNAL,
			    "temporary file", 0, NULL, "bad field");
		if (get_text(in, f, &text, err) != 0)
			return -1;
		values[f] = text;
	}
	return 0;
}

int
case_input_next(struct case_input *in, const char **values, long *line,
    struct grid_error *err)
{
	uint8_t kind;
	int64_t l;
	int rc;

	if ((rc = case_spool_get(in->spool, &kind, sizeof(kind), err)) != 0)
		return rc > 0 ? 0 : -1;
	if (case_spool_get(in->spool, &l, sizeof(l), err) != 0)
		return -1;
	*line = (long)l;
	switch (kind) {
	case E_RECORD:
		in->count++;
		return get_record(in, values, err) == 0 ? CASE_INPUT_RECORD :
		    -1;
	case E_REJECT:
		in->count++;
		return get_message(in, *line, err) == 0 ?
		    CASE_INPUT_REJECTED : -1;
	case E_WARN:
		return get_message(in, *line, err) == 0 ?
		    CASE_INPUT_WARNING : -1;
	default:
		return grid_error_set(err, GRID_EINTERNAL, "temporary file",
		    0, NULL, "bad entry");
	}
}

long
case_input_count(const struct case_input *in)
{
	return in->count;
}

void
case_input_free(struct case_input *in)
{
	size_t i;

	if (in == NULL)
		return;
	if (in->spool != NULL)
		fclose(in->spool);
	for (i = 0; i < in->nwarned; i++)
		free(in->warned[i]);
	for (i = 0; i < NCOLUMNS(in->buf); i++)
		free(in->buf[i]);
	free(in);
}
