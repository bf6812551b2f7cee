/*
 * fuzz_csv.c - the CSV reader (grid_reader_open, grid_reader_next) on
 * any bytes, under three sets of options: everything detected; GB18030
 * with a small record limit; UTF-8, comma and a tiny record limit.
 *
 * Besides not crashing, the reader keeps what reader.h promises: every
 * text it hands out is UTF-8, a record has at least the header's width,
 * a value is NULL only when the raw text is blank and is otherwise part
 * of it, a record has a value, no record is longer than the limit, lines
 * only go forward, and errors are data errors with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/*.csv",
	"tests/fixtures/geo/*.csv",
	NULL
};

static const struct grid_reader_options option_sets[] = {
	{ GRID_INPUT_CSV, GRID_ENC_AUTO, 0, 0 },
	{ GRID_INPUT_CSV, GRID_ENC_GB18030, 0, 256 },
	{ GRID_INPUT_CSV, GRID_ENC_UTF8, ',', 48 }
};

static int
utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

static void
check_error(const struct grid_error *err)
{
	CHECK(err->code == GRID_EDATA);
	CHECK(err->text[0] != '\0');
}

static void
check_header(struct grid_reader *r)
{
	const char *const *header;
	size_t n, i, j, len;

	header = grid_reader_header(r, &n);
	CHECK(header != NULL);
	CHECK(n >= 1);
	for (i = 0; i < n; i++) {
		len = strlen(header[i]);
		CHECK(len > 0);
		CHECK(utf8(header[i]));
		CHECK(header[i][0] != ' ' && header[i][len - 1] != ' ');
		for (j = 0; j < i; j++)
			CHECK(strcmp(header[i], header[j]) != 0);
	}
}

/* One record against the header (nheader names) and the limit. */
static void
check_record(const struct grid_record *rec, const char *const *header,
    size_t nheader, size_t max_record, char delimiter)
{
	const char *p;
	size_t i, bytes = 0, delimiters = 0, values = 0;

	CHECK(rec->nfields == (rec->width > nheader ? rec->width : nheader));
	CHECK(rec->bad_width == (rec->width != nheader));
	CHECK(rec->text == NULL && rec->source != NULL);
	CHECK(utf8(rec->source));
	CHECK(strlen(rec->source) <= max_record);
	for (i = 0; i < rec->nfields; i++) {
		if (i < nheader)
			CHECK(rec->names[i] == header[i]);
		else
			CHECK(rec->names[i][0] == '\0');
		CHECK(rec->raw[i] != NULL && utf8(rec->raw[i]));
		if (rec->values[i] == NULL)
			CHECK(rec->raw[i][strspn(rec->raw[i], " \t")] == '\0');
		else
			CHECK(rec->values[i][0] != '\0' &&
			    strstr(rec->raw[i], rec->values[i]) != NULL);
		values += rec->values[i] != NULL;
		CHECK(i < rec->width || rec->raw[i][0] == '\0');
		if (i < rec->width)
			bytes += strlen(rec->raw[i]) + (i > 0);
	}
	CHECK(values > 0);
	/* Unquoting only takes away: the fields fit in the text read, */
	CHECK(bytes <= strlen(rec->source));
	/* and a delimiter stands between two fields. */
	for (p = rec->source; *p != '\0'; p++)
		delimiters += *p == delimiter;
	CHECK(rec->width <= delimiters + 1);
}

static void
read_all(const char *path, const struct grid_reader_options *opts,
    size_t lines)
{
	const struct grid_record *rec;
	const char *const *header;
	struct grid_reader *r;
	struct grid_error err;
	size_t nheader, records = 0;
	long last = 0;
	int rc;

	grid_error_clear(&err);
	if ((r = grid_reader_open(path, opts, &err)) == NULL) {
		check_error(&err);
		return;
	}
	CHECK(grid_reader_format(r) == GRID_INPUT_CSV);
	check_header(r);
	header = grid_reader_header(r, &nheader);
	while ((rc = grid_reader_next(r, &rec, &err)) == 1) {
		CHECK(++records <= lines);
		CHECK(rec->line > last && (size_t)rec->line <= lines);
		last = rec->line;
		check_record(rec, header, nheader, opts->max_record != 0 ?
		    opts->max_record : GRID_RECORD_MAX_DEFAULT,
		    grid_reader_delimiter(r));
	}
	if (rc < 0)
		check_error(&err);
	else
		CHECK(grid_reader_next(r, &rec, &err) == 0);
	grid_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	size_t i, lines = 1;

	/* gzip is read transparently: its lines are not countable here */
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		lines = SIZE_MAX;
	for (i = 0; i < size && lines != SIZE_MAX; i++)
		lines += data[i] == '\n';
	for (i = 0; i < sizeof(option_sets) / sizeof(option_sets[0]); i++)
		read_all(path, &option_sets[i], lines);
	return 0;
}
