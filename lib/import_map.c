/*
 * import_map.c - a file's columns mapped to its table's fields (names,
 * Chinese aliases, --map), and the statements that read and write the
 * table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "import_internal.h"

/* ---- statements for one table ---- */

static int
add_where(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i;
	const char *sep = " WHERE ";

	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY) {
			grid_buf_addf(sql, "%s\"%s\" = ?%zu", sep,
			    reg->fields[i].name, i + 1);
			sep = " AND ";
		}
	return 0;
}

/* Appends " (k1, k2)": the key fields. */
static void
add_key_list(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i;
	const char *sep = " (";

	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY) {
			grid_buf_addf(sql, "%s\"%s\"", sep,
			    reg->fields[i].name);
			sep = ", ";
		}
	grid_buf_addc(sql, ')');
}

int
gridi_import_prepare_table(struct grid_import *imp, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct grid_buf sql = GRID_BUF_INIT;
	size_t i, n = reg->nfields;
	int rc = -1;

	grid_buf_adds(&sql, "SELECT ");
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "\"%s\", ", reg->fields[i].name);
	grid_buf_addf(&sql, "attrs, %s FROM \"%s\"",
	    imp->start->has_rowid ? "rowid" : "NULL", reg->table);
	add_where(&sql, reg);
	if (grid_db_prepare(imp->db, sql.data, &imp->sel, err) != 0)
		goto out;

	grid_buf_reset(&sql);
	grid_buf_addf(&sql, "INSERT INTO \"%s\" (", reg->table);
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "\"%s\", ", reg->fields[i].name);
	grid_buf_adds(&sql, "attrs) VALUES (");
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "?%zu, ", i + 1);
	grid_buf_addf(&sql, "?%zu)", n + 1);
	if (grid_db_prepare(imp->db, sql.data, &imp->ins, err) != 0)
		goto out;
	/* The same insert, doing nothing when the key is taken: a row is
	 * tried as new before its key is looked up.  A table whose key is
	 * not its primary key (none yet) does without. */
	grid_buf_adds(&sql, " ON CONFLICT");
	add_key_list(&sql, reg);
	grid_buf_adds(&sql, " DO NOTHING");
	if (sqlite3_prepare_v2(imp->sql, sql.data, -1, &imp->ins_new,
	    NULL) != SQLITE_OK) {
		sqlite3_finalize(imp->ins_new);
		imp->ins_new = NULL;
	}

	grid_buf_reset(&sql);
	grid_buf_addf(&sql, "UPDATE \"%s\" SET ", reg->table);
	for (i = 0; i < n; i++) {
		if (reg->fields[i].flags & GRID_F_KEY)
			continue;
		if (imp->opts.mode == GRID_IMPORT_REPLACE)
			grid_buf_addf(&sql, "\"%s\" = ?%zu, ",
			    reg->fields[i].name, i + 1);
		else
			grid_buf_addf(&sql, "\"%s\" = coalesce(?%zu, \"%s\"), ",
			    reg->fields[i].name, i + 1, reg->fields[i].name);
	}
	grid_buf_addf(&sql, "attrs = ?%zu", n + 1);
	add_where(&sql, reg);
	if (grid_db_prepare(imp->db, sql.data, &imp->upd, err) != 0)
		goto out;
	rc = 0;
out:
	grid_buf_release(&sql);
	return rc;
}

void
gridi_import_finalize_table(struct grid_import *imp)
{
	sqlite3_finalize(imp->sel);
	sqlite3_finalize(imp->ins);
	sqlite3_finalize(imp->upd);
	sqlite3_finalize(imp->ins_new);
	imp->sel = imp->ins = imp->upd = imp->ins_new = NULL;
}

/* ---- columns to fields ---- */

/* The index of the field of that canonical name, -1 when none. */
static int
field_index(const struct grid_register *reg, const char *name)
{
	size_t i;

	for (i = 0; i < reg->nfields; i++)
		if (strcmp(reg->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * The field a column stands for: a --map pair naming the column first,
 * then the field's own names, unless a --map pair gives that field to
 * another column.
 */
int
gridi_import_map_column(struct grid_import *imp, const char *column)
{
	const struct grid_register *reg = imp->reg;
	size_t i, flen;
	const char *eq;
	int f;

	for (i = 0; i < imp->opts.nmap; i++) {
		eq = strchr(imp->opts.map[i], '=');
		if (eq != NULL && strcmp(eq + 1, column) == 0) {
			flen = (size_t)(eq - imp->opts.map[i]);
			for (f = 0; f < (int)reg->nfields; f++)
				if (strlen(reg->fields[f].name) == flen &&
				    strncmp(reg->fields[f].name,
				    imp->opts.map[i], flen) == 0)
					return f;
		}
	}
	f = grid_register_field(reg, column);
	if (f < 0)
		return COL_ATTRS;
	for (i = 0; i < imp->opts.nmap; i++) {
		eq = strchr(imp->opts.map[i], '=');
		flen = (size_t)(eq - imp->opts.map[i]);
		if (strlen(reg->fields[f].name) == flen &&
		    strncmp(reg->fields[f].name, imp->opts.map[i], flen) == 0)
			return COL_ATTRS;
	}
	return f;
}

int
grid_import_check_map(const char *table, const char *const *map,
    size_t nmap, struct grid_error *err)
{
	const struct grid_register *reg = grid_register_find(table);
	char field[64];
	const char *eq;
	size_t i, n;

	if (reg == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "unknown table '%s'", table);
	for (i = 0; i < nmap; i++) {
		eq = strchr(map[i], '=');
		n = eq != NULL ? (size_t)(eq - map[i]) : 0;
		if (eq == NULL || n == 0 || n >= sizeof(field) || eq[1] == '\0')
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
			    "--map '%s': expected FIELD=COLUMN", map[i]);
		memcpy(field, map[i], n);
		field[n] = '\0';
		if (field_index(reg, field) < 0)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
			    "--map '%s': table %s has no field '%s'", map[i],
			    table, field);
	}
	return 0;
}

/* Each --map column must be in the CSV header.  Returns 0 or -1. */
static int
check_map_columns(struct grid_import *imp, const char *const *header,
    size_t n, struct grid_error *err)
{
	const char *column;
	size_t i, j;

	for (i = 0; i < imp->opts.nmap; i++) {
		column = strchr(imp->opts.map[i], '=') + 1;
		for (j = 0; j < n; j++)
			if (strcmp(header[j], column) == 0)
				break;
		if (j == n)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, NULL,
			    "--map '%s': no column '%s' in the header",
			    imp->opts.map[i], column);
	}
	return 0;
}

/*
 * 3 when names start with the three columns a reject file adds (line,
 * error_code, error: a reject file imported again), else 0.
 */
size_t
gridi_import_reject_columns(const char *const *names, size_t n)
{
	return n >= 3 && strcmp(names[0], "line") == 0 &&
	    strcmp(names[1], "error_code") == 0 &&
	    strcmp(names[2], "error") == 0 ? 3 : 0;
}

/* Maps the CSV header once; checks that every key field has a column. */
int
gridi_import_map_header(struct grid_import *imp, struct grid_error *err)
{
	const char *const *header;
	const struct grid_register *reg = imp->reg;
	size_t n, i, j, skip = 0;
	int seen[MAX_FIELDS], f;

	header = grid_reader_header(imp->reader, &n);
	if (header == NULL)
		return 0;
	if (check_map_columns(imp, header, n, err) != 0)
		return -1;
	skip = gridi_import_reject_columns(header, n);
	imp->skip = skip;
	imp->colmap = calloc(n, sizeof(int));
	if (imp->colmap == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	imp->ncolmap = n;
	for (i = 0; i < MAX_FIELDS; i++)
		seen[i] = -1;
	for (i = 0; i < n; i++) {
		f = i < skip ? COL_IGNORE :
		    gridi_import_map_column(imp, header[i]);
		imp->colmap[i] = f;
		if (f < 0)
			continue;
		if (seen[f] >= 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, header[i],
			    "column gives field '%s', as column '%s' does "
			    "(use --map to choose)", reg->fields[f].name,
			    header[seen[f]]);
		seen[f] = (int)i;
	}
	for (j = 0; j < reg->nfields; j++)
		if ((reg->fields[j].flags & GRID_F_KEY) && seen[j] < 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, NULL,
			    "no column for the key field '%s' of %s (name it "
			    "'%s'%s%s, or use --map)", reg->fields[j].name,
			    reg->table, reg->fields[j].name,
			    reg->fields[j].aliases ? " or one of " : "",
			    reg->fields[j].aliases ? reg->fields[j].aliases
			    : "");
	return 0;
}
