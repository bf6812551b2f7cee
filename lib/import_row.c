/*
 * import_row.c - one row of a register file: values copied, normalised
 * and checked, table rules applied, key and references checked, then the
 * row inserted, updated or left unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "import_internal.h"

/* ---- one row ---- */

/* Hands a rejected row to the callback; returns 1, or -1 to stop. */
static int
reject(struct grid_import *imp, const struct grid_record *rec,
    const char *code, struct grid_error *why)
{
	struct grid_reject r;

	if (imp->surveying)
		return 1;	/* looked at, not loaded */
	grid_error_locate(why, grid_reader_name(imp->reader), rec->line,
	    NULL);
	r.reader = imp->reader;
	r.record = rec;
	r.line = rec->line;
	r.code = code;
	r.error = why;
	imp->stats->rejected++;
	if (imp->opts.on_reject != NULL &&
	    imp->opts.on_reject(imp->opts.ctx, &r) != 0) {
		imp->stopped = 1;
		return -1;
	}
	return 1;
}

static int
reject_field(struct grid_import *imp, const struct grid_record *rec,
    const char *code, const char *field, struct grid_error *why)
{
	snprintf(why->field, sizeof(why->field), "%s", field);
	return reject(imp, rec, code, why);
}

/*
 * An Excel date serial in the value of date field f (imp->tmp) becomes
 * the date it stands for, counted for the file's note.  0 or -1.
 */
static int
serial_date(struct grid_import *imp, int f)
{
	char date[16];

	if (!grid_date_serial(imp->tmp.data, date, sizeof(date)))
		return 0;
	imp->serials[f]++;
	grid_buf_reset(&imp->tmp);
	return grid_buf_adds(&imp->tmp, date);
}

/*
 * Copies, normalises and checks the record's values into imp->v.  Returns
 * 0, 1 (rejected) or -1.
 */
static int
take_values(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct grid_error why;
	size_t i, skip = 0;
	int f;

	memset(imp->v, 0, sizeof(imp->v));
	grid_error_clear(&why);	/* a check only writes it when it fails */
	json_decref(imp->attrs);
	imp->attrs = NULL;
	if (rec->text != NULL)
		skip = gridi_import_reject_columns(rec->names, rec->nfields);
	for (i = 0; i < rec->nfields; i++) {
		if (rec->text != NULL)	/* NDJSON: map each record */
			f = i < skip ? COL_IGNORE
			    : gridi_import_map_column(imp, rec->names[i]);
		else
			f = i < imp->ncolmap ? imp->colmap[i] : COL_IGNORE;
		if ((f < 0 && f != COL_ATTRS) || rec->values[i] == NULL)
			continue;	/* not the row's (COL_HH_SIZE: the
					 * household's) */
		grid_buf_reset(&imp->tmp);
		if (grid_buf_adds(&imp->tmp, rec->values[i]) != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		imp->tmp.len = grid_text_normalize(imp->tmp.data);
		if (imp->tmp.len == 0)
			continue;
		if (f >= 0 && reg->fields[f].type == GRID_V_DATE &&
		    imp->serial_dates && serial_date(imp, f) != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		if (f == COL_ATTRS) {
			if (imp->attrs == NULL)
				imp->attrs = json_object();
			json_object_set_new(imp->attrs, rec->names[i],
			    json_string(imp->tmp.data));
			continue;
		}
		if (imp->v[f] != NULL) {
			grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
			    "a second value for field '%s'",
			    reg->fields[f].name);
			return reject_field(imp, rec, "malformed_row",
			    rec->names[i], &why);
		}
		if (grid_field_check(&reg->fields[f], imp->tmp.data,
		    imp->today, imp->seq_width, &imp->val[f], &why) != 0)
			return reject_field(imp, rec, "invalid_value",
			    reg->fields[f].name, &why);
		imp->v[f] = imp->val[f].data;
	}
	return 0;
}

/*
 * Builds the run-wide key text of the row (fields joined by 0x1f).
 * Returns 0, 1 (rejected: a key field missing) or -1 with err.
 */
static int
make_key(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *why, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	size_t i;

	grid_buf_reset(&imp->key);
	for (i = 0; i < reg->nfields; i++) {
		if (!(reg->fields[i].flags & GRID_F_KEY))
			continue;
		if (imp->v[i] == NULL) {
			grid_error_set(why, GRID_EDATA, NULL, 0, NULL,
			    "key field missing");
			return reject_field(imp, rec, "missing_field",
			    reg->fields[i].name, why);
		}
		if ((imp->key.len > 0 && grid_buf_addc(&imp->key,
		    '\x1f') != 0) || grid_buf_adds(&imp->key, imp->v[i]) != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
	}
	return 0;
}

/*
 * Finds the first value that names no row of another table (looked up
 * as its register says: imp->ref_sql).  Returns 0 (none), 1 (why
 * filled, its field in why->field) or -1.
 */
static int
find_bad_reference(struct grid_import *imp, struct grid_error *why,
    struct grid_error *err)
{
	const struct grid_field *f;
	char answer[8];
	size_t i;
	int rc;

	for (i = 0; i < imp->reg->nfields; i++) {
		f = &imp->reg->fields[i];
		if (f->ref == NULL || imp->v[i] == NULL)
			continue;
		if (imp->ref_sql[i] == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    f->name, "no lookup for %s", f->ref);
		rc = gridi_import_lookup(imp, imp->ref_sql[i], imp->v[i],
		    answer, sizeof(answer), err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			grid_error_set(why, GRID_EDATA, NULL, 0, f->name,
			    "no such row in %.*s: '%s'",
			    (int)strcspn(f->ref, "."), f->ref, imp->v[i]);
			return 1;
		}
	}
	return 0;
}

/* Checks every value that names a row of another table. */
static int
check_references(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	struct grid_error why;
	int rc = find_bad_reference(imp, &why, err);

	return rc == 1 ? reject(imp, rec, "unknown_reference", &why) : rc;
}

/* ---- writing ---- */

static void
bind_value(sqlite3_stmt *st, int idx, const struct grid_field *f,
    const char *value)
{
	if (value == NULL)
		sqlite3_bind_null(st, idx);
	else if (f->type == GRID_V_INT || f->type == GRID_V_BOOL)
		sqlite3_bind_int64(st, idx, strtoll(value, NULL, 10));
	else if (f->type == GRID_V_REAL)
		sqlite3_bind_double(st, idx, strtod(value, NULL));
	else
		sqlite3_bind_text(st, idx, value, -1, SQLITE_STATIC);
}

static int
same_value(const struct grid_field *f, sqlite3_stmt *sel, int col,
    const char *value)
{
	const char *old;

	if (sqlite3_column_type(sel, col) == SQLITE_NULL)
		return value == NULL;
	if (value == NULL)
		return 0;
	if (f->type == GRID_V_INT || f->type == GRID_V_BOOL ||
	    f->type == GRID_V_REAL)
		return sqlite3_column_double(sel, col) == strtod(value, NULL);
	old = (const char *)sqlite3_column_text(sel, col);
	return old != NULL && strcmp(old, value) == 0;
}

/*
 * The attrs to store: in upsert mode the old ones with the new keys laid
 * over them, else just the new.  Returns a new string or NULL (no attrs);
 * *same tells whether that equals what is stored.
 */
static char *
merge_attrs(struct grid_import *imp, const char *old, int *same)
{
	json_t *merged = NULL, *prev = NULL;
	char *text = NULL;

	if (old != NULL)
		prev = json_loads(old, 0, NULL);
	if (imp->opts.mode == GRID_IMPORT_UPSERT && prev != NULL &&
	    json_is_object(prev)) {
		merged = json_deep_copy(prev);
		if (imp->attrs != NULL)
			json_object_update(merged, imp->attrs);
	} else if (imp->attrs != NULL) {
		merged = json_incref(imp->attrs);
	}
	*same = (merged == NULL && prev == NULL) ||
	    (merged != NULL && prev != NULL && json_equal(merged, prev));
	if (merged != NULL && json_object_size(merged) > 0)
		text = json_dumps(merged, JSON_COMPACT);
	json_decref(merged);
	json_decref(prev);
	return text;
}

/* The first required field without a value and default, or -1. */
static int
missing_required(const struct grid_import *imp)
{
	const struct grid_register *reg = imp->reg;
	size_t i;

	for (i = 0; i < reg->nfields; i++)
		if (imp->v[i] == NULL && reg->fields[i].def == NULL &&
		    (reg->fields[i].flags & GRID_F_REQUIRED))
			return (int)i;
	return -1;
}

/*
 * Fills defaults for a row written whole, marking the fields it filled
 * in filled (when not NULL).  Returns 0, or -1 (memory).
 */
static int
fill_defaults(struct grid_import *imp, struct gridi_row *row, char *filled)
{
	const struct grid_register *reg = imp->reg;
	size_t i;

	for (i = 0; i < reg->nfields; i++) {
		if (imp->v[i] != NULL || reg->fields[i].def == NULL)
			continue;
		if (gridi_row_set(row, reg->fields[i].name,
		    reg->fields[i].def) != 0)
			return -1;
		if (filled != NULL)
			filled[i] = 1;
	}
	return 0;
}

/* Fills defaults and checks required fields for a row written whole. */
static int
complete_row(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row)
{
	struct grid_error why;
	int missing = missing_required(imp);

	if (missing >= 0) {
		grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
		    "missing (required for a new row)");
		return reject_field(imp, rec, "missing_field",
		    imp->reg->fields[missing].name, &why);
	}
	fill_defaults(imp, row, NULL);
	return 0;
}

/* Steps a prepared insert or update with the row's values: SQLite's rc. */
static int
step_row(struct grid_import *imp, sqlite3_stmt *st, const char *attrs)
{
	const struct grid_register *reg = imp->reg;
	size_t i;
	int rc;

	for (i = 0; i < reg->nfields; i++)
		bind_value(st, (int)i + 1, &reg->fields[i], imp->v[i]);
	if (attrs != NULL)
		sqlite3_bind_text(st, (int)reg->nfields + 1, attrs, -1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, (int)reg->nfields + 1);
	rc = sqlite3_step(st);
	sqlite3_reset(st);	/* every parameter is bound again next time */
	return rc;
}

/* Runs a prepared insert or update with the row's values. */
static int
write_row(struct grid_import *imp, sqlite3_stmt *st, const char *attrs,
    struct grid_error *err)
{
	int rc = step_row(imp, st, attrs);

	if (rc != SQLITE_DONE)
		return gridi_import_sqlfail(imp, rc, "writing a row", err);
	return 0;
}

/*
 * Inserts, updates or leaves the row.  The select statement is stepped
 * onto the existing row (when row->exists).  Returns 0, 1 or -1.
 */
static int
store(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	int same = 1, attrs_same, rc, stamp = gridi_row_field(row,
	    "updated_at");
	const char *old_attrs = NULL;
	char *attrs;
	size_t i;

	if (!row->exists || imp->opts.mode == GRID_IMPORT_REPLACE) {
		rc = complete_row(imp, rec, row);
		if (rc != 0)
			return rc;
	}
	if (row->exists) {
		old_attrs = (const char *)sqlite3_column_text(imp->sel,
		    (int)reg->nfields);
		for (i = 0; i < reg->nfields && same; i++) {
			if ((int)i == stamp)
				continue;
			if (imp->v[i] == NULL &&
			    imp->opts.mode != GRID_IMPORT_REPLACE)
				continue;
			same = same_value(&reg->fields[i], imp->sel, (int)i,
			    imp->v[i]);
		}
	}
	attrs = merge_attrs(imp, old_attrs, &attrs_same);
	if (row->exists && same && attrs_same) {
		imp->stats->unchanged++;
		rc = 0;
		goto out;
	}
	if (stamp >= 0 && imp->v[stamp] == NULL)
		gridi_row_set(row, "updated_at", imp->now);
	rc = write_row(imp, row->exists ? imp->upd : imp->ins, attrs, err);
	if (rc == 0 && row->exists)
		imp->stats->updated++;
	else if (rc == 0)
		imp->stats->inserted++;
	gridi_import_forget(imp, imp->reg->table);
out:
	free(attrs);
	return rc;
}

/* Looks the key up; leaves imp->sel on the row when it exists. */
static int
find_existing(struct grid_import *imp, struct gridi_row *row,
    struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	size_t i;
	int rc;

	sqlite3_reset(imp->sel);
	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY)
			bind_value(imp->sel, (int)i + 1, &reg->fields[i],
			    imp->v[i]);
	rc = sqlite3_step(imp->sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return gridi_import_sqlfail(imp, rc, "reading a row", err);
	row->exists = rc == SQLITE_ROW;
	imp->rowid = row->exists ? sqlite3_column_int64(imp->sel,
	    (int)reg->nfields + 1) : 0;
	return 0;
}

/*
 * Notes that the run loaded this row at this line: by rowid when it was
 * inserted into a rowid table (cheap: rowids only grow), else by key.
 */
static int
remember(struct grid_import *imp, int inserted, long line,
    struct grid_error *err)
{
	sqlite3_stmt *st = imp->seen_put;
	int rc;

	if (inserted && imp->start->has_rowid)
		return gridi_import_note_row(imp,
		    sqlite3_last_insert_rowid(imp->sql), line, err);
	sqlite3_bind_text(st, 1, imp->reg->table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imp->key.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)imp->nbatches - 1);
	sqlite3_bind_int64(st, 4, line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : gridi_import_sqlfail(imp, rc,
	    "import_seen", err);
}

/* Writes the names of the key fields, '+'-separated, into out. */
static void
key_fields(const struct grid_import *imp, char *out, size_t n)
{
	size_t i, len = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < imp->reg->nfields; i++) {
		if (!(imp->reg->fields[i].flags & GRID_F_KEY))
			continue;
		w = snprintf(out + len, n - len, "%s%s", len > 0 ? "+" : "",
		    imp->reg->fields[i].name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* Rejects a row whose key is taken: 1, or -1 to stop. */
static int
reject_key(struct grid_import *imp, const struct grid_record *rec,
    const char *code, struct grid_error *why)
{
	key_fields(imp, why->field, sizeof(why->field));
	return reject(imp, rec, code, why);
}

/*
 * A record that is not a row: an NDJSON line that did not parse (its
 * error in err), a CSV row of the wrong width.  Returns 0 (a row), 1
 * (rejected) or -1.
 */
static int
check_shape(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	struct grid_error why;
	size_t n;

	if (rec->nfields == 0 && rec->text != NULL && err->code != 0) {
		why = *err;	/* the reader's parse error */
		grid_error_clear(err);
		return reject(imp, rec, "malformed_row", &why);
	}
	if (!rec->bad_width)
		return 0;
	grid_reader_header(imp->reader, &n);
	grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
	    "%zu fields where the header has %zu",
	    rec->width > imp->skip ? rec->width - imp->skip : 0, n - imp->skip);
	return reject(imp, rec, "malformed_row", &why);
}

/*
 * The row's key: not seen earlier in the run, and (--mode insert) not in
 * the database.  Leaves imp->sel on the stored row when there is one.
 * Returns 0, 1 (rejected) or -1.
 */
static int
check_key(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row, struct grid_error *err)
{
	struct grid_error why;
	const char *first_src = NULL;
	long first;
	int other;

	if (find_existing(imp, row, err) != 0)
		return -1;
	/* A row of this run: found by rowid when this run inserted it, else
	 * by key. */
	if (!row->exists)
		first = 0;
	else if (imp->start->has_rowid && imp->rowid > imp->start->start)
		first = gridi_import_row_line(imp, imp->reg->table, imp->rowid,
		    &first_src);
	else
		first = gridi_import_key_line(imp, imp->reg->table,
		    imp->key.data, &first_src);
	if (first > 0) {
		other = first_src != NULL &&
		    strcmp(first_src, row->source) != 0;
		grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
		    "duplicate key, first seen on line %ld%s%s", first,
		    other ? " of " : "", other ? first_src : "");
		return reject_key(imp, rec, "duplicate_key", &why);
	}
	if (row->exists && imp->opts.mode == GRID_IMPORT_INSERT) {
		grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
		    "key already in the database (--mode insert)");
		return reject_key(imp, rec, "exists", &why);
	}
	return 0;
}

/*
 * Tries the row as new: inserted at once, with no look-up of its key
 * first (most rows of a census sheet are new).  Only a row that would be
 * stored as it stands is tried; its defaults and stamp are taken back
 * when it is not inserted.  Returns 0 (inserted), 2 (not inserted: the
 * key is taken, or the row has something to reject; the full path
 * decides) or -1.
 */
static int
insert_new(struct grid_import *imp, struct gridi_row *row,
    struct grid_error *err)
{
	struct grid_error why;
	char filled[MAX_FIELDS] = { 0 };
	int rc, same, stamp = gridi_row_field(row, "updated_at");
	char *attrs = NULL;
	size_t i;

	if (imp->ins_new == NULL || missing_required(imp) >= 0)
		return 2;
	if ((rc = find_bad_reference(imp, &why, err)) != 0)
		return rc < 0 ? -1 : 2;
	rc = fill_defaults(imp, row, filled);
	if (rc == 0 && stamp >= 0 && imp->v[stamp] == NULL) {
		filled[stamp] = 1;
		rc = gridi_row_set(row, "updated_at", imp->now);
	}
	if (rc != 0) {
		rc = grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	attrs = merge_attrs(imp, NULL, &same);
	rc = step_row(imp, imp->ins_new, attrs);
	if (rc == SQLITE_DONE && sqlite3_changes(imp->sql) == 1) {
		imp->stats->inserted++;
		gridi_import_forget(imp, imp->reg->table);
		row->exists = 0;
		rc = 0;
	} else if (rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT)
		rc = 2;	/* the key is taken, or the full path says why not */
	else
		rc = gridi_import_sqlfail(imp, rc, "writing a row", err);
out:
	if (rc != 0)
		for (i = 0; i < imp->reg->nfields; i++)
			if (filled[i])
				imp->v[i] = NULL;
	free(attrs);
	return rc;
}

/* The whole pipeline for one record: 0 (stored), 1 (rejected), -1. */
int
gridi_import_row(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	struct gridi_row row = {
		.imp = imp, .reg = imp->reg, .v = imp->v,
		.today = imp->today, .now = imp->now,
		.seq_width = imp->seq_width,
		.source = grid_reader_name(imp->reader), .line = rec->line,
	};
	struct grid_error why;
	const char *code = NULL;
	int rc;

	if ((rc = check_shape(imp, rec, err)) != 0 ||
	    (rc = take_values(imp, rec, err)) != 0)
		return rc;
	rc = gridi_rules_check(&row, &code, &why);
	if (rc == 1 && strcmp(code, "outside") == 0 &&
	    gridi_division_note(imp, rec->line, &why, err) != 0)
		return -1;
	if (rc == 1)
		return reject(imp, rec, code, &why);
	if (rc < 0) {
		*err = why;
		return -1;
	}
	grid_error_clear(&why);
	if ((rc = make_key(imp, rec, &why, err)) != 0 ||
	    (rc = insert_new(imp, &row, err)) < 0)
		return rc;
	if (rc == 2 && ((rc = check_key(imp, rec, &row, err)) != 0 ||
	    (rc = check_references(imp, rec, err)) != 0 ||
	    (rc = store(imp, rec, &row, err)) != 0))
		return rc;
	sqlite3_reset(imp->sel);
	if (gridi_rules_after(&row, err) != 0)
		return -1;
	return remember(imp, !row.exists, rec->line, err);
}

int
gridi_import_survey_row(struct grid_import *imp,
    const struct grid_record *rec, struct grid_error *err)
{
	struct gridi_row row = {
		.imp = imp, .reg = imp->reg, .v = imp->v,
		.today = imp->today, .now = imp->now,
		.seq_width = imp->seq_width,
		.source = grid_reader_name(imp->reader), .line = rec->line,
	};
	struct grid_error why;
	const char *code = NULL;
	int rc;

	if ((rc = check_shape(imp, rec, err)) != 0 ||
	    (rc = take_values(imp, rec, err)) != 0)
		return rc < 0 ? -1 : 0;	/* a bad row: said when loaded */
	grid_error_clear(&why);
	rc = gridi_division_check_row(&row, &code, &why);
	if (rc < 0) {
		*err = why;
		return -1;
	}
	return rc == 1 ? gridi_division_note(imp, rec->line, &why, err) : 0;
}
