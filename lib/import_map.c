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

/* Appends " WHERE k1 = ?1 AND ...": the key fields.  0, or -1 (memory). */
static int
add_where(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i;
	const char *sep = " WHERE ";

	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY) {
			if (grid_buf_addf(sql, "%s\"%s\" = ?%zu", sep,
			    reg->fields[i].name, i + 1) != 0)
				return -1;
			sep = " AND ";
		}
	return 0;
}

/* Appends " (k1, k2)": the key fields.  0, or -1 (memory). */
static int
add_key_list(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i;
	const char *sep = " (";

	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY) {
			if (grid_buf_addf(sql, "%s\"%s\"", sep,
			    reg->fields[i].name) != 0)
				return -1;
			sep = ", ";
		}
	return grid_buf_addc(sql, ')');
}

/* The SELECT of a row by its key.  0, or -1 (memory). */
static int
select_sql(struct grid_buf *sql, const struct grid_register *reg,
    int has_rowid)
{
	size_t i;

	if (grid_buf_adds(sql, "SELECT ") != 0)
		return -1;
	for (i = 0; i < reg->nfields; i++)
		if (grid_buf_addf(sql, "\"%s\", ", reg->fields[i].name) != 0)
			return -1;
	if (grid_buf_addf(sql, "attrs, %s FROM \"%s\"",
	    has_rowid ? "rowid" : "NULL", reg->table) != 0)
		return -1;
	return add_where(sql, reg);
}

/* The INSERT of a row, every field and attrs.  0, or -1 (memory). */
static int
insert_sql(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i, n = reg->nfields;

	if (grid_buf_addf(sql, "INSERT INTO \"%s\" (", reg->table) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (grid_buf_addf(sql, "\"%s\", ", reg->fields[i].name) != 0)
			return -1;
	if (grid_buf_adds(sql, "attrs) VALUES (") != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (grid_buf_addf(sql, "?%zu, ", i + 1) != 0)
			return -1;
	return grid_buf_addf(sql, "?%zu)", n + 1);
}

/* The UPDATE of a row by its key (replace or merge).  0, or -1 (memory). */
static int
update_sql(struct grid_buf *sql, const struct grid_register *reg,
    int replace)
{
	size_t i, n = reg->nfields;
	int rc;

	if (grid_buf_addf(sql, "UPDATE \"%s\" SET ", reg->table) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (reg->fields[i].flags & GRID_F_KEY)
			continue;
		if (replace)
			rc = grid_buf_addf(sql, "\"%s\" = ?%zu, ",
			    reg->fields[i].name, i + 1);
		else
			rc = grid_buf_addf(sql, "\"%s\" = coalesce(?%zu, "
			    "\"%s\"), ", reg->fields[i].name, i + 1,
			    reg->fields[i].name);
		if (rc != 0)
			return -1;
	}
	if (grid_buf_addf(sql, "attrs = ?%zu", n + 1) != 0)
		return -1;
	return add_where(sql, reg);
}

int
gridi_import_prepare_table(struct grid_import *imp, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct grid_buf sql = GRID_BUF_INIT;
	int rc = -1;

	if (select_sql(&sql, reg, imp->start->has_rowid) != 0)
		goto nomem;
	if (grid_db_prepare(imp->db, sql.data, &imp->sel, err) != 0)
		goto out;

	grid_buf_reset(&sql);
	if (insert_sql(&sql, reg) != 0)
		goto nomem;
	if (grid_db_prepare(imp->db, sql.data, &imp->ins, err) != 0)
		goto out;
	/* The same insert, doing nothing when the key is taken: a row is
	 * tried as new before its key is looked up.  A table whose key is
	 * not its primary key (none yet) does without. */
	if (grid_buf_adds(&sql, " ON CONFLICT") != 0 ||
	    add_key_list(&sql, reg) != 0 ||
	    grid_buf_adds(&sql, " DO NOTHING") != 0)
		goto nomem;
	if (sqlite3_prepare_v2(imp->sql, sql.data, -1, &imp->ins_new,
	    NULL) != SQLITE_OK) {
		sqlite3_finalize(imp->ins_new);
		imp->ins_new = NULL;
	}

	grid_buf_reset(&sql);
	if (update_sql(&sql, reg, imp->opts.mode == GRID_IMPORT_REPLACE) != 0)
		goto nomem;
	if (grid_db_prepare(imp->db, sql.data, &imp->upd, err) != 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	grid_error_set(err, GRID_EINTERNAL, reg->table, 0, NULL,
	    "out of memory");
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
 * Whether a column of a people sheet that names no field of people is
 * the household's size (户人数), which --households takes for the
 * household; template is the column without its template marks.
 */
static int
census_column(const struct grid_import *imp, const char *column,
    const char *template)
{
	const struct grid_register *hh = grid_register_find("households");
	int f;

	if (!imp->opts.households || strcmp(imp->reg->table, "people") != 0)
		return 0;
	if ((f = grid_register_field(hh, column)) < 0)
		f = grid_register_field(hh, template);
	return f >= 0 && strcmp(hh->fields[f].name, "size") == 0;
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
	char name[256];
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
		f = grid_register_field(reg,
		    grid_register_bare_name(column, name, sizeof(name)));
	if (f < 0)
		return census_column(imp, column, name) ? COL_HH_SIZE
		    : COL_ATTRS;
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
			    grid_reader_name(imp->reader),
			    grid_reader_header_line(imp->reader), NULL,
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

/* Code points of a UTF-8 name, at most n; returns how many. */
static size_t
code_points(const char *s, unsigned *cp, size_t n)
{
	size_t k = 0;
	unsigned char c;

	while (*s != '\0' && k < n) {
		c = (unsigned char)*s++;
		cp[k] = c;
		while (((unsigned char)*s & 0xc0) == 0x80)
			cp[k] = cp[k] << 6 | ((unsigned char)*s++ & 0x3f);
		if (c != ' ' && c != '_')
			cp[k++] |= c >= 'A' && c <= 'Z' ? 0x20 : 0;
	}
	return k;
}

/* Edit distance between two names, in code points (short names). */
static size_t
distance(const char *a, const char *b)
{
	unsigned x[32], y[32];
	size_t row[33], i, j, nx = code_points(a, x, 32),
	    ny = code_points(b, y, 32), diag, up;

	for (j = 0; j <= ny; j++)
		row[j] = j;
	for (i = 1; i <= nx; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= ny; j++) {
			up = row[j];
			row[j] = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[ny];
}

/*
 * The field whose name or an alias is nearest the column (at most a
 * third of its characters changed, at least one), or NULL.
 */
static const char *
nearest_field(const struct grid_register *reg, const char *column)
{
	unsigned cp[32];
	size_t best = code_points(column, cp, 32) / 3, d, i;
	const char *found = NULL, *p, *bar;
	char alias[128];

	for (i = 0; i < reg->nfields; i++) {
		if ((d = distance(column, reg->fields[i].name)) <= best) {
			best = d;
			found = reg->fields[i].name;
		}
		for (p = reg->fields[i].aliases; p != NULL && *p != '\0';
		    p = *bar != '\0' ? bar + 1 : bar) {
			bar = p + strcspn(p, "|");
			snprintf(alias, sizeof(alias), "%.*s", (int)(bar - p),
			    p);
			if ((d = distance(column, alias)) <= best) {
				best = d;
				found = reg->fields[i].name;
			}
		}
	}
	return found;
}

/*
 * One warning naming every column that matched no field (kept in attrs),
 * each with the nearest field when there is one; with strict_columns,
 * an error instead.  Returns 0, or -1 with err.
 */
static int
warn_unmatched(struct grid_import *imp, const char *const *header, size_t n,
    struct grid_error *err)
{
	struct grid_error w;
	struct grid_buf text = GRID_BUF_INIT;
	const char *near;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (imp->colmap[i] != COL_ATTRS)
			continue;
		near = nearest_field(imp->reg, header[i]);
		if (grid_buf_addf(&text, "%s'%s'", text.len > 0 ? ", " : "",
		    header[i]) != 0 || (near != NULL &&
		    grid_buf_addf(&text, _(" (did you mean %s?)"), near) != 0)) {
			grid_buf_release(&text);
			return grid_error_set(err, GRID_EINTERNAL,
			    grid_reader_name(imp->reader),
			    grid_reader_header_line(imp->reader), NULL,
			    "out of memory");
		}
	}
	if (text.len > 0 && imp->opts.strict_columns)
		rc = grid_error_set(err, GRID_EDATA,
		    grid_reader_name(imp->reader),
		    grid_reader_header_line(imp->reader), NULL, "--strict-"
		    "columns: matching no field of %s: %s (rename them, or "
		    "use --map)", imp->reg->table, text.data);
	else if (text.len > 0 && imp->opts.on_warning != NULL) {
		grid_error_set(&w, GRID_EDATA, grid_reader_name(imp->reader),
		    grid_reader_header_line(imp->reader), NULL, "kept in "
		    "attrs, matching no field of %s: %s", imp->reg->table,
		    text.data);
		imp->opts.on_warning(imp->opts.ctx, &w);
	}
	grid_buf_release(&text);
	return rc;
}

/*
 * Whether a line's cells look like the table's header: at least two of
 * them name a field, or at least half of those with a value (a title
 * line above the header names none).
 */
static int
looks_like_header(struct grid_import *imp, const char *const *cells,
    size_t n)
{
	char name[256];
	size_t i, matched = 0, given = 0;

	for (i = 0; i < n; i++) {
		if (cells[i] == NULL || cells[i][0] == '\0')
			continue;
		given++;
		snprintf(name, sizeof(name), "%s", cells[i]);
		grid_text_normalize(name);
		if (gridi_import_map_column(imp, name) >= 0)
			matched++;
	}
	return matched >= 2 || (matched > 0 && 2 * matched >= given);
}

/*
 * Whether a line of text, split at another delimiter than the reader's,
 * looks like the header: the reader may have taken its delimiter from a
 * title line above it (a comma in the title of a tab-separated sheet).
 */
static int
splits_like_header(struct grid_import *imp, const char *source)
{
	static const char delimiters[] = { ',', '\t', ';', '|' };
	char line[4096], *cells[256], *p;
	size_t i, n, len = strcspn(source, "\r\n");

	if (len == 0 || len >= sizeof(line))
		return 0;
	for (i = 0; i < sizeof(delimiters); i++) {
		if (delimiters[i] == grid_reader_delimiter(imp->reader) ||
		    memchr(source, delimiters[i], len) == NULL)
			continue;
		memcpy(line, source, len);
		line[len] = '\0';
		for (n = 0, p = line; p != NULL && n < 256; n++) {
			cells[n] = p;
			if ((p = strchr(p, delimiters[i])) != NULL)
				*p++ = '\0';
		}
		if (looks_like_header(imp, (const char *const *)cells, n))
			return 1;
	}
	return 0;
}

long
gridi_import_find_header(struct grid_import *imp, struct grid_error *err)
{
	const struct grid_record *rec;
	const char *const *header;
	long first = grid_reader_header_line(imp->reader);
	size_t n;
	int rc;

	header = grid_reader_header(imp->reader, &n);
	if (header == NULL || imp->opts.layout.header_line > 0 ||
	    looks_like_header(imp, header, n))
		return 0;
	while ((rc = grid_reader_next(imp->reader, &rec, err)) == 1 &&
	    rec->line <= HEADER_SEARCH_LINES)
		if (rec->nfields > 0 &&
		    (looks_like_header(imp, rec->values, rec->nfields) ||
		    (rec->source != NULL && rec->source[0] != '\0' &&
		    splits_like_header(imp, rec->source))))
			return rec->line;
	return rc < 0 ? -1 : first;	/* read in vain: from the first */
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
			    grid_reader_name(imp->reader),
			    grid_reader_header_line(imp->reader), header[i],
			    "column gives field '%s', as column '%s' does "
			    "(use --map to choose)", reg->fields[f].name,
			    header[seen[f]]);
		seen[f] = (int)i;
	}
	for (j = 0; j < reg->nfields; j++)
		if ((reg->fields[j].flags & GRID_F_KEY) && seen[j] < 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader),
			    grid_reader_header_line(imp->reader), NULL,
			    "no column for the key field '%s' of %s (name it "
			    "'%s'%s%s, or use --map)", reg->fields[j].name,
			    reg->table, reg->fields[j].name,
			    reg->fields[j].aliases ? " or one of " : "",
			    reg->fields[j].aliases ? reg->fields[j].aliases
			    : "");
	return warn_unmatched(imp, header, n, err);
}
