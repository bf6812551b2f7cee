/*
 * reader_ndjson.c - NDJSON records (jansson) from the reader's lines: one
 * JSON object a line, each value as text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/buf.h"
#include "grid/reader.h"
#include "reader_internal.h"

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

int
gridi_ndjson_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err)
{
	json_error_t jerr;
	const char *key;
	json_t *v;
	size_t i, n;
	int rc;

	do {
		rc = gridi_reader_next_line(r, err);
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
	if (gridi_reader_slots(r, n) != 0 || gridi_reader_field_room(r, n) != 0)
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
