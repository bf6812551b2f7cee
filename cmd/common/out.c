/*
 * out.c - the one output path of the tools (struct cli_out, cli.h): the
 * format of -f or -o, the file of -o written atomically, standard output
 * held for the writers of the database, rows through a grid_writer, or
 * kept for one html page whose charts the command draws through a hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "grid/db.h"
#include "grid/html.h"
#include "grid/levels.h"
#include "grid/map.h"
#include "grid/open311.h"

/* The largest sum of a totals row: room for the arithmetic of a rate. */
#define TOTAL_MAX ((long long)1 << 52)

/* --map-by (cli_out_map_by): process-wide, one output per tool. */
static const char *map_by;

/* The first failure is kept: every later call fails with it again. */
static int
fail(struct cli_out *o, const struct grid_error *e, struct grid_error *err)
{
	if (!o->failed) {
		o->failed = 1;
		o->error = *e;
		if (o->error.code == 0)
			o->error.code = GRID_EINTERNAL;
	}
	if (err != NULL)
		*err = o->error;
	return -1;
}

static int
no_memory(struct cli_out *o, struct grid_error *err)
{
	struct grid_error e;

	grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL, "out of memory");
	return fail(o, &e, err);
}

int
cli_out_open(struct cli_out *o, const struct cli_common *c,
    struct grid_error *err)
{
	int rc;

	memset(o, 0, sizeof(*o));
	/* -f and the extension of -o are checked before a file is made */
	cli_format_check(c);
	if ((c->writes & CLI_WRITES_HELD) != 0)
		rc = cli_output_open_held(&o->file, c->output, err);
	else
		rc = cli_output_open(&o->file, c->output, err);
	if (rc != 0)
		return -1;
	o->open = 1;
	o->places = (c->writes & CLI_WRITES_PLACES) != 0;
	o->quiet = c->quiet;
	o->db_path = c->db;
	o->unit = o->level = o->x = o->y = -1;
	/* a file is no terminal: ndjson unless -f or its extension says;
	 * held standard output is standard output's */
	o->format = cli_format_for(c, o->file.held ? stdout : o->file.fp);
	return 0;
}

enum grid_format
cli_out_format(const struct cli_out *o)
{
	return o->format;
}

void
cli_out_set_format(struct cli_out *o, enum grid_format format)
{
	o->format = format;
}

FILE *
cli_out_stream(const struct cli_out *o)
{
	return o->file.fp;
}

void
cli_out_map_by(const char *column)
{
	map_by = column;
}

/* The column named name, or -1. */
static long
column_named(const struct cli_out *o, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < o->ncolumns; i++)
		if (strcmp(o->columns[i].name, name) == 0)
			return (long)i;
	return -1;
}

void
cli_out_columns(struct cli_out *o, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns)
{
	o->columns = columns;
	o->labels = labels;
	o->ncolumns = ncolumns;
	o->unit = column_named(o, "unit");
	o->level = column_named(o, "level");
	o->x = column_named(o, "x");
	o->y = column_named(o, "y");
	if (o->x < 0 || o->y < 0)
		o->x = o->y = -1;
}

void
cli_out_point(struct cli_out *o, size_t x, size_t y)
{
	o->x = (long)x;
	o->y = (long)y;
}

int
cli_out_shown(struct cli_out *o, const size_t *columns, size_t n,
    struct grid_error *err)
{
	size_t i;

	free(o->shown);
	free(o->shown_columns);
	free(o->shown_labels);
	o->shown = calloc(n + 1, sizeof(*o->shown));
	o->shown_columns = calloc(n + 1, sizeof(*o->shown_columns));
	o->shown_labels = calloc(n + 1, sizeof(*o->shown_labels));
	free(o->shown_values);
	o->shown_values = calloc(n + 1, sizeof(*o->shown_values));
	o->nshown = n;
	if (o->shown == NULL || o->shown_columns == NULL ||
	    o->shown_labels == NULL || o->shown_values == NULL)
		return no_memory(o, err);
	for (i = 0; i < n; i++) {
		if (columns[i] >= o->ncolumns) {
			struct grid_error e;

			grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL,
			    "output: no column %zu to show", columns[i]);
			return fail(o, &e, err);
		}
		o->shown[i] = columns[i];
		o->shown_columns[i] = o->columns[columns[i]];
		o->shown_labels[i] = o->labels != NULL ?
		    o->labels[columns[i]] : NULL;
	}
	return 0;
}

void
cli_out_totals(struct cli_out *o, const struct cli_total *rules, size_t n)
{
	o->totals = rules;
	o->ntotals = n;
}

void
cli_out_form(struct cli_out *o, const struct grid_text_form *form)
{
	o->form = *form;
	o->has_form = 1;
}

void
cli_out_page(struct cli_out *o, const char *title, const char *subtitle,
    cli_out_hook hook, void *ctx)
{
	o->title = title;
	o->subtitle = subtitle;
	o->hook = hook;
	o->ctx = ctx;
}

/* Keeps a copy of text in the notes, for people or for the page only. */
static int
add_note(struct cli_out *o, const char *text, int page_only,
    struct grid_error *err)
{
	struct cli_out_note *notes;

	if (o->failed)
		return fail(o, &o->error, err);
	notes = realloc(o->notes, (o->nnotes + 1) * sizeof(*notes));
	if (notes == NULL)
		return no_memory(o, err);
	o->notes = notes;
	if ((notes[o->nnotes].text = strdup(text)) == NULL)
		return no_memory(o, err);
	notes[o->nnotes++].page_only = page_only;
	return 0;
}

int
cli_out_note(struct cli_out *o, const char *text, struct grid_error *err)
{
	return add_note(o, text, 0, err);
}

int
cli_out_paragraph(struct cli_out *o, const char *text,
    struct grid_error *err)
{
	if (o->format != GRID_FORMAT_HTML)
		return 0;
	return add_note(o, text, 1, err);
}

/* table and md of the shown columns only (cli_out_shown). */
static int
aligned(const struct cli_out *o)
{
	return o->shown != NULL && (o->format == GRID_FORMAT_TABLE ||
	    o->format == GRID_FORMAT_MD);
}

struct grid_writer *
cli_out_writer(struct cli_out *o, struct grid_error *err)
{
	struct grid_error e;

	if (o->failed) {
		fail(o, &o->error, err);
		return NULL;
	}
	if (o->w != NULL)
		return o->w;
	if (o->format == GRID_FORMAT_HTML ||
	    o->format == GRID_FORMAT_GEOJSON || o->columns == NULL) {
		grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL,
		    "output: no writer for %s", o->columns == NULL ?
		    "rows without columns" : o->format == GRID_FORMAT_HTML ?
		    "a page" : "geojson");
		fail(o, &e, err);
		return NULL;
	}
	o->w = aligned(o) ? grid_writer_new_form(o->file.fp, o->format,
	    o->shown_columns, o->nshown, NULL, &e) :
	    grid_writer_new_form(o->file.fp, o->format, o->columns,
	    o->ncolumns, o->has_form ? &o->form : NULL, &e);
	/* table: fitted to the terminal, Chinese headers (cli_table_fit) */
	if (o->w != NULL && cli_table_fit(o->w, aligned(o) ?
	    o->shown_labels : o->labels, &e) != 0) {
		grid_writer_free(o->w);
		o->w = NULL;
	}
	if (o->w == NULL)
		fail(o, &e, err);
	return o->w;
}

/* ---- places: geojson and the page's map ---- */

/* The database, read-only, and the grids' polygons when units are
 * wanted.  0 or -1 with err. */
static int
open_places(struct cli_out *o, int polygons, struct grid_error *err)
{
	if (o->db == NULL && grid_db_open(o->db_path, GRID_DB_READONLY, 0,
	    &o->db, err) != 0) {
		o->db = NULL;
		return -1;
	}
	if (polygons && o->map == NULL &&
	    (o->map = grid_map_load(o->db, NULL, err)) == NULL)
		return -1;
	return 0;
}

/*
 * 1 when the unit of a row is a place: its level (a column "level", if
 * the rows have one) is a city, district, street, community or grid,
 * not a department or a worker.
 */
static int
unit_is_place(const struct cli_out *o, const char *const *values)
{
	const char *level;

	if (o->unit < 0)
		return 0;
	if (o->level < 0)
		return 1;
	level = values[o->level];
	return level != NULL && grid_level_parse(level) != GRID_LEVEL_NONE;
}

/* Rows whose columns give no place: refused, before anything is
 * written (64). */
static int
no_place(struct cli_out *o, struct grid_error *err)
{
	struct grid_error e;

	grid_error_set(&e, GRID_EUSAGE, NULL, 0, NULL, "-f geojson: these "
	    "rows have no place (no unit, no x and y); use another format");
	return fail(o, &e, err);
}

/*
 * The start of the FeatureCollection.  Coordinates not in WGS84 degrees
 * (gridkit(7), SETTINGS coordinate_system) are written as stored, the
 * system named in a member "coordinate_system" and no CRS claimed, with
 * a note on standard error: RFC 7946 wants degrees.
 */
static int
geo_start(struct cli_out *o, const char *const *first,
    struct grid_error *err)
{
	char name[64];
	const char *why = NULL;
	int coords;

	if (o->geo_started)
		return 0;
	if ((o->unit < 0 && o->x < 0) || (o->x < 0 && first != NULL &&
	    !unit_is_place(o, first)))
		return no_place(o, err);
	if (open_places(o, o->unit >= 0 && o->x < 0, err) != 0)
		return fail(o, err, err);
	if ((coords = grid_o311_coords(o->db, &why, err)) < 0)
		return fail(o, err, err);
	grid_buf_reset(&o->line);
	if (grid_buf_adds(&o->line, "{\"type\":\"FeatureCollection\",") != 0)
		return no_memory(o, err);
	if (coords != GRID_O311_WGS84) {
		if (grid_db_setting(o->db, "coordinate_system", "auto", name,
		    sizeof(name)) == NULL)
			snprintf(name, sizeof(name), "auto");
		if (!o->quiet)
			cli_warn(_("geojson: coordinates are not WGS84 degrees "
			    "(%s): written as stored, without a CRS"), why);
		if (grid_buf_adds(&o->line, "\"coordinate_system\":") != 0 ||
		    grid_json_quote(&o->line, name) != 0 ||
		    grid_buf_addc(&o->line, ',') != 0)
			return no_memory(o, err);
	}
	if (grid_buf_adds(&o->line, "\"features\":[") != 0)
		return no_memory(o, err);
	if (fwrite(o->line.data, 1, o->line.len, o->file.fp) != o->line.len)
		goto io;
	o->geo_started = 1;
	return 0;
io:
	{
		struct grid_error e;

		grid_error_set(&e, GRID_EIO, o->file.path, 0, NULL,
		    "write error");
		return fail(o, &e, err);
	}
}

/* The row's place as a geometry in o->line; "null" when it has none. */
static int
geo_place(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	const char *xs, *ys;
	char *end;
	int rc;

	if (o->x >= 0 && (xs = values[o->x]) != NULL && xs[0] != '\0' &&
	    (ys = values[o->y]) != NULL && ys[0] != '\0') {
		double x = strtod(xs, &end), y;

		if (*end == '\0') {
			y = strtod(ys, &end);
			if (*end == '\0')
				return grid_geojson_point(&o->line, x, y, err);
		}
	}
	if (unit_is_place(o, values) && o->map != NULL &&
	    values[o->unit] != NULL &&
	    (rc = grid_map_geometry(o->map, values[o->unit], &o->line,
	    err)) != 0)
		return rc < 0 ? -1 : 0;
	return grid_buf_adds(&o->line, "null") != 0 ?
	    grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory") : 0;
}

/* One feature, its geometry first built apart. */
static int
geo_row(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	struct grid_error e;
	char *geometry;

	if (geo_start(o, values, err) != 0)
		return -1;
	grid_buf_reset(&o->line);
	if (geo_place(o, values, &e) != 0)
		return fail(o, &e, err);
	geometry = grid_buf_detach(&o->line);
	grid_buf_reset(&o->line);
	if (grid_buf_adds(&o->line, o->nfeatures > 0 ? ",\n" : "\n") != 0 ||
	    grid_geojson_feature(&o->line, geometry, o->columns, values,
	    o->ncolumns, &e) != 0) {
		free(geometry);
		if (e.code == 0)
			grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
		return fail(o, &e, err);
	}
	free(geometry);
	if (fwrite(o->line.data, 1, o->line.len, o->file.fp) !=
	    o->line.len) {
		grid_error_set(&e, GRID_EIO, o->file.path, 0, NULL,
		    "write error");
		return fail(o, &e, err);
	}
	o->nfeatures++;
	return 0;
}

/* The end of the collection (its start too, without rows). */
static int
geo_finish(struct cli_out *o, struct grid_error *err)
{
	if (o->columns == NULL)
		return 0;	/* the command wrote its text itself */
	if (geo_start(o, NULL, err) != 0)
		return -1;
	if (fputs("\n]}\n", o->file.fp) == EOF)
		return grid_error_set(err, GRID_EIO, o->file.path, 0, NULL,
		    "write error");
	return 0;
}

/* ---- the totals row (cli_out_totals) ---- */

/* 1 when the rows of o's format get a totals row. */
static int
totals_wanted(const struct cli_out *o)
{
	return o->totals != NULL && (o->format == GRID_FORMAT_TABLE ||
	    o->format == GRID_FORMAT_MD || o->format == GRID_FORMAT_HTML);
}

/*
 * Adds a row to the sums of its columns, and keeps its unit (each unit
 * on one row, or no totals).  A value that is not a whole number (a
 * rate, a name) makes its column no count.  0 or -1 with err.
 */
static int
totals_add(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	const char *v, *unit;
	long long n;
	size_t c;
	char *end;

	if (!totals_wanted(o) || o->unit < 0)
		return 0;
	if (o->sums == NULL) {
		o->sums = calloc(o->ncolumns + 1, sizeof(*o->sums));
		o->whole = malloc(o->ncolumns + 1);
		if (o->sums == NULL || o->whole == NULL)
			return no_memory(o, err);
		memset(o->whole, 1, o->ncolumns);
	}
	for (c = 0; c < o->ncolumns; c++) {
		if ((v = values[c]) == NULL || v[0] == '\0' || !o->whole[c])
			continue;
		n = strtoll(v, &end, 10);
		if (*end != '\0' || n < 0 || n > TOTAL_MAX - o->sums[c]) {
			o->whole[c] = 0;
		} else {
			o->sums[c] += n;
			o->whole[c] |= 2;	/* a count seen */
		}
	}
	if (o->nunits == o->units_cap) {
		size_t cap = o->units_cap ? 2 * o->units_cap : 64;
		char **units = realloc(o->units, cap * sizeof(*units));

		if (units == NULL)
			return no_memory(o, err);
		o->units = units;
		o->units_cap = cap;
	}
	unit = values[o->unit] != NULL ? values[o->unit] : "";
	if ((o->units[o->nunits] = strdup(unit)) == NULL)
		return no_memory(o, err);
	o->nunits++;
	return 0;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when no unit is on two rows (the units are sorted). */
static int
units_once(struct cli_out *o)
{
	size_t i;

	qsort(o->units, o->nunits, sizeof(*o->units), by_text);
	for (i = 1; i < o->nunits; i++)
		if (strcmp(o->units[i - 1], o->units[i]) == 0)
			return 0;
	return 1;
}

/* 1 when name is pattern: the same, or pattern "prefix*". */
static int
name_matches(const char *pattern, size_t len, const char *name)
{
	if (len > 0 && pattern[len - 1] == '*')
		return strncmp(name, pattern, len - 1) == 0;
	return strlen(name) == len && strncmp(name, pattern, len) == 0;
}

/* The rule of column c, or NULL. */
static const struct cli_total *
total_rule(const struct cli_out *o, size_t c)
{
	size_t i;

	for (i = 0; i < o->ntotals; i++)
		if (name_matches(o->totals[i].column,
		    strlen(o->totals[i].column), o->columns[c].name))
			return &o->totals[i];
	return NULL;
}

/*
 * The sum of the counts list names (space-separated names or prefix*)
 * into *sum: 0, or -1 when a name is no count of the rows.
 */
static int
counts_sum(const struct cli_out *o, const char *list, long long *sum)
{
	size_t len, c, found;

	*sum = 0;
	while (*list != '\0') {
		if (*list == ' ') {
			list++;
			continue;
		}
		len = strcspn(list, " ");
		for (c = 0, found = 0; c < o->ncolumns; c++) {
			if (!name_matches(list, len, o->columns[c].name))
				continue;
			if (!o->whole[c] || o->sums[c] > TOTAL_MAX - *sum)
				return -1;
			*sum += o->sums[c];
			found++;
		}
		if (found == 0)
			return -1;
		list += len;
	}
	return 0;
}

/*
 * The total of column c by its rule into text (size n): NULL when it
 * has none.
 */
static const char *
total_of(const struct cli_out *o, size_t c, char *text, size_t n)
{
	const struct cli_total *rule = total_rule(o, c);
	long long num, den, hundredths;

	if (rule == NULL)
		return NULL;
	if (rule->num == NULL) {
		if (o->whole[c] != 3)	/* no count, or only empty cells */
			return NULL;
		snprintf(text, n, "%lld", o->sums[c]);
		return text;
	}
	if (counts_sum(o, rule->num, &num) != 0 ||
	    counts_sum(o, rule->den, &den) != 0 || den <= 0 ||
	    rule->mul <= 0 || rule->div <= 0 ||
	    num > TOTAL_MAX / 200 / rule->mul ||
	    den > TOTAL_MAX / 2 / rule->div)
		return NULL;
	/* half up, as libgrid rounds its rates (grid_metrics_rate) */
	hundredths = (num * rule->mul * 200 + den * rule->div) /
	    (2 * den * rule->div);
	snprintf(text, n, "%lld.%02lld", hundredths / 100, hundredths % 100);
	return text;
}

/*
 * The totals row of the rows seen into row[ncolumns], its text in
 * text[ncolumns] (TOTAL_SIZE each): 1 when there is one (cli_out_totals
 * says when), else 0.
 */
#define TOTAL_SIZE 40
static int
totals_row(struct cli_out *o, const char **row, char (*text)[TOTAL_SIZE])
{
	long label = column_named(o, "unit_name");
	size_t c, i;
	int any = 0;

	if (!totals_wanted(o) || o->sums == NULL || o->nunits < 2 ||
	    !units_once(o))
		return 0;
	for (c = 0; c < o->ncolumns; c++)
		row[c] = total_of(o, c, text[c], TOTAL_SIZE);
	for (i = 0; i < (o->shown != NULL ? o->nshown : o->ncolumns); i++)
		any |= row[o->shown != NULL ? o->shown[i] : i] != NULL;
	if (label < 0)
		label = o->unit;
	row[label] = o->format == GRID_FORMAT_HTML ? "合计 Total" :
	    cli_chinese() ? "合计" : "total";
	return any;
}

/*
 * The totals row made, or NULL: a new row of ncolumns values (free it,
 * which frees its text too).
 */
static const char **
totals_new(struct cli_out *o)
{
	const char **row;
	char (*text)[TOTAL_SIZE];

	row = malloc((o->ncolumns + 1) * (sizeof(*row) + sizeof(*text)));
	if (row == NULL)
		return NULL;
	text = (char (*)[TOTAL_SIZE])(void *)(row + o->ncolumns + 1);
	if (!totals_row(o, row, text)) {
		free(row);
		return NULL;
	}
	return row;
}

/* html: a copy of the row in o->cells.  Returns 0 or -1. */
static int
keep_row(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	char **cells;
	size_t i, base;

	if (o->nrows == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;

		cells = realloc(o->cells, cap * o->ncolumns * sizeof(*cells));
		if (cells == NULL)
			return no_memory(o, err);
		o->cells = cells;
		o->cap = cap;
	}
	base = o->nrows++ * o->ncolumns;	/* freed with the others */
	for (i = 0; i < o->ncolumns; i++)
		o->cells[base + i] = NULL;
	for (i = 0; i < o->ncolumns; i++)
		if (values[i] != NULL &&
		    (o->cells[base + i] = strdup(values[i])) == NULL)
			return no_memory(o, err);
	return 0;
}

/* A row of table or md as shown (cli_out_shown): borrowed, o's. */
static const char *const *
as_shown(struct cli_out *o, const char *const *values)
{
	size_t i;

	if (!aligned(o))
		return values;
	for (i = 0; i < o->nshown; i++)
		o->shown_values[i] = values[o->shown[i]];
	return o->shown_values;
}

int
cli_out_row(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	struct grid_error e;

	if (o->failed)
		return fail(o, &o->error, err);
	if (totals_add(o, values, err) != 0)
		return -1;
	if (o->format == GRID_FORMAT_HTML)
		return keep_row(o, values, err);
	if (o->format == GRID_FORMAT_GEOJSON)
		return geo_row(o, values, err);
	if (cli_out_writer(o, err) == NULL)
		return -1;
	if (grid_writer_row(o->w, as_shown(o, values), &e) != 0)
		return fail(o, &e, err);
	return 0;
}

int
cli_out_row_cb(void *ctx, const char *const *values)
{
	return cli_out_row(ctx, values, NULL) != 0;
}

const struct grid_error *
cli_out_error(const struct cli_out *o)
{
	return o->failed ? &o->error : NULL;
}

size_t
cli_out_nrows(const struct cli_out *o)
{
	return o->nrows;
}

const char *
cli_out_cell(const struct cli_out *o, size_t row, size_t column)
{
	if (row >= o->nrows || column >= o->ncolumns)
		return NULL;
	return o->cells[row * o->ncolumns + column];
}

/* The column a page's map is coloured by (cli_out_map_by), or -1. */
static long
map_column(const struct cli_out *o)
{
	static const char *const preferred[] = { "score", "rate_per_1000",
		"aged_60_share", "must_visit_share", "remediation_rate",
		"share" };
	size_t i;
	long k;

	if (map_by != NULL)
		return column_named(o, map_by);
	for (i = 0; i < sizeof(preferred) / sizeof(preferred[0]); i++)
		if ((k = column_named(o, preferred[i])) >= 0)
			return k;
	for (i = 0; i < o->ncolumns; i++)
		if (o->columns[i].type != GRID_COL_TEXT && (long)i != o->x &&
		    (long)i != o->y)
			return (long)i;
	return -1;
}

/* The list of the page's columns, for a --map-by that is none. */
static void
column_list(const struct cli_out *o, char *out, size_t n)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < o->ncolumns; i++) {
		size_t more = strlen(o->columns[i].name) + 2;

		if (len + more + 5 >= n) {	/* room for ", ..." */
			snprintf(out + len, n - len, ", ...");
			return;
		}
		len += (size_t)snprintf(out + len, n - len, "%s%s",
		    i > 0 ? ", " : "", o->columns[i].name);
	}
}

/* A --map-by the page's rows do not have: 64, before the page. */
static int
map_check(const struct cli_out *o, struct grid_error *err)
{
	char text[400];

	if (map_by == NULL || !o->places || o->unit < 0 ||
	    column_named(o, map_by) >= 0)
		return 0;
	column_list(o, text, sizeof(text));
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
	    "--map-by: no column '%s' on this page (%s)", map_by, text);
}

/* The page's map caption: the figure, and its Chinese label. */
static void
map_caption(const struct cli_out *o, long col, char *out, size_t n)
{
	const char *label = o->labels != NULL ? o->labels[col] : NULL;

	snprintf(out, n, "地图 Map: %s%s%s", label != NULL ? label : "",
	    label != NULL ? " " : "", o->columns[col].name);
}

/*
 * html: the map of the units of the rows (CLI_WRITES_PLACES, a column
 * unit), coloured by the column of --map-by, and the units without a
 * polygon under it.
 */
static int
write_map(struct cli_out *o, struct grid_html *page, struct grid_error *err)
{
	struct grid_map_unit *units;
	struct grid_map_style style;
	struct grid_error e;
	const char **first;
	struct grid_buf svg = GRID_BUF_INIT, missing = GRID_BUF_INIT;
	long col = map_column(o), name = column_named(o, "unit_name");
	char caption[160];
	size_t i;
	long drawn;
	int rc = -1;

	if (!o->places || o->unit < 0 || o->nrows == 0)
		return 0;
	if ((first = calloc(o->ncolumns + 1, sizeof(*first))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < o->ncolumns; i++)
		first[i] = cli_out_cell(o, 0, i);
	rc = unit_is_place(o, first);
	free(first);
	if (!rc)
		return 0;	/* departments, workers */
	rc = -1;
	for (i = 1; i < o->nrows; i++)
		if (strcmp(cli_out_cell(o, i, (size_t)o->unit) != NULL ?
		    cli_out_cell(o, i, (size_t)o->unit) : "",
		    cli_out_cell(o, i - 1, (size_t)o->unit) != NULL ?
		    cli_out_cell(o, i - 1, (size_t)o->unit) : "") == 0)
			return 0;	/* a cross table: a unit on many rows */
	if (col < 0)
		return 0;	/* no number column: no map */
	if (open_places(o, 1, &e) != 0) {
		/* no database (grid-report merge of other districts'
		 * reports): a page without a map */
		if (!o->quiet)
			cli_error(&e);
		return 0;
	}
	if ((units = calloc(o->nrows + 1, sizeof(*units))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < o->nrows; i++) {
		units[i].code = cli_out_cell(o, i, (size_t)o->unit);
		units[i].name = name >= 0 ? cli_out_cell(o, i, (size_t)name) :
		    NULL;
		units[i].value = cli_out_cell(o, i, (size_t)col);
	}
	map_caption(o, col, caption, sizeof(caption));
	memset(&style, 0, sizeof(style));
	style.title = caption;
	style.categorical = o->columns[col].type == GRID_COL_TEXT;
	if (grid_html_heading(page, "地图 Map", err) != 0)
		goto out;
	if ((drawn = grid_map_svg(o->map, units, o->nrows, &style, &svg,
	    &missing, err)) < 0)
		goto out;
	if (drawn > 0 && grid_html_figure(page, caption, svg.data, svg.len,
	    err) != 0)
		goto out;
	if (drawn == 0 && grid_html_paragraph(page, "没有单元有网格边界，"
	    "无法绘制地图 (no unit has a grid polygon: load them with "
	    "grid-assign boundaries).", err) != 0)
		goto out;
	if (missing.len > 0 && drawn > 0) {
		struct grid_buf p = GRID_BUF_INIT;

		if (grid_buf_adds(&p, "无网格边界、未画入地图的单元 (units "
		    "without a polygon, not on the map): ") != 0 ||
		    grid_buf_add(&p, missing.data, missing.len) != 0) {
			grid_buf_release(&p);
			grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
			goto out;
		}
		rc = grid_html_paragraph(page, p.data, err);
		grid_buf_release(&p);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	grid_buf_release(&svg);
	grid_buf_release(&missing);
	free(units);
	return rc;
}

/* html: the table of the rows, their shown columns, and the totals. */
static int
write_table(struct cli_out *o, struct grid_html *page,
    struct grid_error *err)
{
	const char **totals = totals_new(o), **cells = NULL, **foot = NULL;
	size_t r, i, n = o->shown != NULL ? o->nshown : o->ncolumns;
	int rc;

	if (o->shown == NULL) {
		rc = grid_html_table_totals(page, o->columns, o->labels,
		    o->ncolumns, (const char *const *)o->cells, o->nrows,
		    totals, err);
		free(totals);
		return rc;
	}
	cells = calloc(o->nrows * n + 1, sizeof(*cells));
	foot = calloc(o->ncolumns + 1, sizeof(*foot));
	if (cells == NULL || foot == NULL) {
		rc = grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < n; i++)
			cells[r * n + i] = o->cells[r * o->ncolumns +
			    o->shown[i]];
	for (i = 0; totals != NULL && i < n; i++)
		foot[i] = totals[o->shown[i]];
	rc = grid_html_table_totals(page, o->shown_columns, o->shown_labels,
	    n, cells, o->nrows, totals != NULL ? foot : NULL, err);
out:
	free(cells);
	free(foot);
	free(totals);
	return rc;
}

/* html: title, paragraphs, the map, the command's charts (hook), the
 * table. */
static int
write_page(struct cli_out *o, struct grid_error *err)
{
	struct grid_html *page;
	size_t i;

	if (map_check(o, err) != 0)
		return -1;
	page = grid_html_begin(o->file.fp, o->title != NULL ? o->title : "",
	    o->subtitle, err);
	if (page == NULL)
		return -1;
	for (i = 0; i < o->nnotes; i++)
		if (grid_html_paragraph(page, o->notes[i].text, err) != 0)
			goto fail;
	if (write_map(o, page, err) != 0)
		goto fail;
	if (o->hook != NULL && o->hook(o->ctx, page, o, err) != 0)
		goto fail;
	if (write_table(o, page, err) != 0)
		goto fail;
	return grid_html_end(page, err);
fail:
	grid_html_free(page);
	return -1;
}

/* Rows: the writer finished (a csv header even without rows), then the
 * notes for people under a table or md. */
static int
finish_rows(struct cli_out *o, struct grid_error *err)
{
	size_t i;

	const char **totals;

	if (o->w == NULL && o->columns == NULL)
		return 0;	/* the command wrote its text itself */
	if (cli_out_writer(o, err) == NULL)
		return -1;
	if ((totals = totals_new(o)) != NULL &&
	    grid_writer_row(o->w, as_shown(o, totals), err) != 0) {
		free(totals);
		return -1;
	}
	free(totals);
	if (grid_writer_finish(o->w, err) != 0)
		return -1;
	if (o->format != GRID_FORMAT_TABLE && o->format != GRID_FORMAT_MD)
		return 0;
	for (i = 0; i < o->nnotes; i++)
		if (!o->notes[i].page_only &&
		    fprintf(o->file.fp, "\n%s\n", o->notes[i].text) < 0)
			return grid_error_set(err, GRID_EIO, o->file.path, 0,
			    NULL, "write error");
	return 0;
}

int
cli_out_close(struct cli_out *o, int ok, struct grid_error *err)
{
	struct grid_error e;
	size_t i;
	int rc = 0;

	if (!o->open)
		return 0;
	if (ok && o->failed)
		rc = fail(o, &o->error, &e);
	else if (ok && (o->format == GRID_FORMAT_HTML ? write_page(o, &e) :
	    o->format == GRID_FORMAT_GEOJSON ? geo_finish(o, &e) :
	    finish_rows(o, &e)) != 0)
		rc = fail(o, &e, &e);
	if (cli_output_close(&o->file, ok && rc == 0, &e) != 0 && ok &&
	    rc == 0)
		rc = fail(o, &e, &e);
	if (rc != 0 && err != NULL)
		*err = e;
	grid_writer_free(o->w);
	for (i = 0; i < o->nrows * o->ncolumns; i++)
		free(o->cells[i]);
	free(o->cells);
	for (i = 0; i < o->nnotes; i++)
		free(o->notes[i].text);
	free(o->notes);
	o->w = NULL;
	o->cells = NULL;
	o->notes = NULL;
	o->nrows = o->nnotes = 0;
	grid_map_free(o->map);
	grid_db_close(o->db);
	grid_buf_release(&o->line);
	o->map = NULL;
	o->db = NULL;
	free(o->shown);
	free(o->shown_columns);
	free(o->shown_labels);
	free(o->shown_values);
	o->shown = NULL;
	o->shown_columns = NULL;
	o->shown_labels = NULL;
	o->shown_values = NULL;
	for (i = 0; i < o->nunits; i++)
		free(o->units[i]);
	free(o->units);
	free(o->sums);
	free(o->whole);
	o->units = NULL;
	o->sums = NULL;
	o->whole = NULL;
	o->nunits = o->units_cap = 0;
	o->open = 0;
	return rc;
}
