/*
 * fuzz_ndjson.c - the NDJSON reader (grid_reader_open, grid_reader_next)
 * on any bytes, with the encoding detected and with GB18030 forced and
 * a small line limit.
 *
 * Each record is checked against the line parsed again here with
 * jansson: one field per key, in order, names as the keys; a string as
 * its text, a number as a text that reads back to the same number,
 * null as absent, an array or object as JSON equal to it.  A bad line
 * returns a record without fields and a data error; lines only go
 * forward; everything handed out is UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/grids.geojson",
	"tests/fixtures/district/workers.csv",
	NULL
};

static const struct grid_reader_options option_sets[] = {
	{ GRID_INPUT_NDJSON, GRID_ENC_AUTO, 0, 0 },
	{ GRID_INPUT_NDJSON, GRID_ENC_GB18030, 0, 128 }
};

static int
utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

/* The field text raw against the JSON value v it came from. */
static void
check_value(const char *raw, const json_t *v)
{
	json_t *back;

	switch (json_typeof(v)) {
	case JSON_STRING:
		CHECK(strlen(raw) == json_string_length(v));
		CHECK(strcmp(raw, json_string_value(v)) == 0);
		break;
	case JSON_INTEGER:
		CHECK(strtoll(raw, NULL, 10) == json_integer_value(v));
		break;
	case JSON_REAL:
		CHECK(strtod(raw, NULL) == json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		CHECK(strcmp(raw, json_is_true(v) ? "true" : "false") == 0);
		break;
	case JSON_NULL:
		CHECK(raw[0] == '\0');
		break;
	default:
		back = json_loads(raw, 0, NULL);
		CHECK(back != NULL && json_equal(back, v));
		json_decref(back);
	}
}

/* A record with fields against its line parsed again. */
static void
check_fields(const struct grid_record *rec)
{
	json_t *obj = json_loads(rec->text, JSON_REJECT_DUPLICATES, NULL);
	const char *key;
	json_t *v;
	size_t i = 0;

	CHECK(json_is_object(obj));
	CHECK(json_object_size(obj) == rec->nfields);
	json_object_foreach(obj, key, v) {
		CHECK(strcmp(rec->names[i], key) == 0);
		CHECK(utf8(rec->names[i]) && utf8(rec->raw[i]));
		CHECK(rec->values[i] == (rec->raw[i][0] != '\0' ?
		    rec->raw[i] : NULL));
		check_value(rec->raw[i], v);
		i++;
	}
	json_decref(obj);
}

static void
read_all(const char *path, const struct grid_reader_options *opts,
    size_t lines)
{
	const struct grid_record *rec;
	struct grid_reader *r;
	struct grid_error err;
	size_t records = 0, limit;
	long last = 0;
	int rc;

	grid_error_clear(&err);
	if ((r = grid_reader_open(path, opts, &err)) == NULL) {
		CHECK(err.code == GRID_EDATA && err.text[0] != '\0');
		return;
	}
	CHECK(grid_reader_format(r) == GRID_INPUT_NDJSON);
	/* the limit counts bytes as read: GB18030 grows to twice as many
	 * in UTF-8 at most (a 2-byte code of CJK Extension B, FE 76, is
	 * U+2298F, 4 bytes; regress/fuzz_ndjson/gb18030-fe76.ndjson) */
	limit = opts->max_record != 0 ? opts->max_record :
	    GRID_RECORD_MAX_DEFAULT;
	if (grid_reader_encoding(r) == GRID_ENC_GB18030)
		limit *= 2;
	CHECK(grid_reader_header(r, &records) == NULL);
	records = 0;
	for (;;) {
		grid_error_clear(&err);
		if ((rc = grid_reader_next(r, &rec, &err)) != 1)
			break;
		CHECK(++records <= lines);
		CHECK(rec->line > last && (size_t)rec->line <= lines);
		last = rec->line;
		CHECK(rec->text != NULL && utf8(rec->text));
		CHECK(strlen(rec->text) <= limit);
		if (err.code != 0)
			CHECK(err.code == GRID_EDATA && rec->nfields == 0);
		else if (rec->nfields > 0)
			check_fields(rec);
	}
	if (rc < 0)
		CHECK(err.code == GRID_EDATA && err.text[0] != '\0');
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
