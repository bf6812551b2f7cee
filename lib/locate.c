/*
 * locate.c - points to grids: every polygon in memory behind a bucket
 * index (many lookups), or the R*Tree of the database (one lookup).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/geojson.h"
#include "grid/locate.h"

struct located_grid {
	char code[24];
	struct grid_multipolygon *mp;
};

struct grid_locator {
	struct located_grid *grids;	/* ascending code */
	size_t n, cap;
	struct grid_bbox all;
	size_t nx, ny;			/* buckets */
	double cw, ch;			/* bucket width and height */
	uint32_t *start;		/* nx * ny + 1 offsets into items */
	uint32_t *items;		/* grid indexes, ascending per bucket */
};

/*
 * The common case fast: an optional sign, at most 15 digits with at most
 * 15 after the point.  The digits form an integer exactly representable
 * in a double, and so is the power of ten, and one IEEE division of the
 * two is correctly rounded: the same double strtod gives (Clinger's fast
 * path).  Returns 0, or -1 to leave it to strtod.
 */
static int
fast_decimal(const char *s, double *value)
{
	static const double tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	unsigned long long m = 0;
	int digits = 0, frac = -1, negative = 0;

	if (*s == '-' || *s == '+')
		negative = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 15)
			return -1;
		m = m * 10 + (unsigned long long)(*s - '0');
		if (frac >= 0)
			frac++;
	}
	if (digits == 0)
		return -1;
	*value = (double)m / tens[frac > 0 ? frac : 0];
	if (negative)
		*value = -*value;
	return 0;
}

int
grid_coordinate_parse(const char *text, double *value)
{
	char *end;

	if (text == NULL || *text == '\0')
		return -1;
	if (fast_decimal(text, value) == 0)
		return 0;
	errno = 0;
	*value = strtod(text, &end);
	while (*end == ' ')
		end++;
	if (end == text || *end != '\0' || errno != 0 || !isfinite(*value))
		return -1;
	/* strtod also reads hex and "inf": accept decimals only. */
	return strpbrk(text, "xXnN") == NULL ? 0 : -1;
}

/* Reads a stored geometry (grid_geojson_stored); err names the grid. */
static struct grid_multipolygon *
parse_geometry(const char *code, const char *text, struct grid_error *err)
{
	struct grid_multipolygon *mp = grid_geojson_stored(text, err);
	char reason[sizeof(err->text)];

	if (mp == NULL && err != NULL) {
		snprintf(reason, sizeof(reason), "%s", err->text);
		grid_error_set(err, GRID_EDATA, "grids", 0, "geometry",
		    "grid '%s': stored geometry: %.400s", code, reason);
	}
	return mp;
}

static int
add_grid(struct grid_locator *loc, const char *code, const char *geometry,
    struct grid_error *err)
{
	struct located_grid *g;

	if (loc->n == loc->cap) {
		size_t cap = loc->cap ? loc->cap * 2 : 256;

		g = realloc(loc->grids, cap * sizeof(*g));
		if (g == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		loc->grids = g;
		loc->cap = cap;
	}
	g = &loc->grids[loc->n];
	snprintf(g->code, sizeof(g->code), "%s", code);
	g->mp = parse_geometry(code, geometry, err);
	if (g->mp == NULL || grid_multipolygon_prepare(g->mp, err) != 0) {
		grid_multipolygon_free(g->mp);
		return -1;
	}
	loc->n++;
	return 0;
}

static int
load_grids(struct grid_locator *loc, struct grid_db *db,
    struct grid_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (grid_db_prepare(db, "SELECT code, geometry FROM grids WHERE "
	    "geometry IS NOT NULL AND kind = 'unit' ORDER BY code", &st,
	    err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_grid(loc, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), err) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : grid_db_error(db, rc,
	    "reading grid polygons", err);
}

/* The bucket column or row of a coordinate, clamped to the index. */
static size_t
bucket(double v, double origin, double size, size_t count)
{
	double b = (v - origin) / size;

	if (!(b > 0))
		return 0;
	return b >= (double)count ? count - 1 : (size_t)b;
}

/* Visits the buckets of a grid's box: counts (fill 0) or fills. */
static void
cover(struct grid_locator *loc, size_t i, uint32_t *next, int fill)
{
	const struct grid_bbox *b = &loc->grids[i].mp->bbox;
	size_t x0 = bucket(b->xmin, loc->all.xmin, loc->cw, loc->nx);
	size_t x1 = bucket(b->xmax, loc->all.xmin, loc->cw, loc->nx);
	size_t y0 = bucket(b->ymin, loc->all.ymin, loc->ch, loc->ny);
	size_t y1 = bucket(b->ymax, loc->all.ymin, loc->ch, loc->ny);
	size_t x, y;

	for (y = y0; y <= y1; y++)
		for (x = x0; x <= x1; x++) {
			size_t k = y * loc->nx + x;

			if (fill)
				loc->items[next[k]++] = (uint32_t)i;
			else
				loc->start[k + 1]++;
		}
}

/*
 * Buckets: about four per grid over the box of all grids, each listing
 * the grids whose boxes meet it, in code order.
 */
static int
build_index(struct grid_locator *loc, struct grid_error *err)
{
	size_t i, k, side, nb;
	uint32_t *next;

	loc->all = loc->grids[0].mp->bbox;
	for (i = 1; i < loc->n; i++) {
		const struct grid_bbox *b = &loc->grids[i].mp->bbox;

		loc->all.xmin = fmin(loc->all.xmin, b->xmin);
		loc->all.ymin = fmin(loc->all.ymin, b->ymin);
		loc->all.xmax = fmax(loc->all.xmax, b->xmax);
		loc->all.ymax = fmax(loc->all.ymax, b->ymax);
	}
	side = (size_t)ceil(2 * sqrt((double)loc->n));
	loc->nx = loc->ny = side > 2048 ? 2048 : side;
	loc->cw = (loc->all.xmax - loc->all.xmin) / (double)loc->nx;
	loc->ch = (loc->all.ymax - loc->all.ymin) / (double)loc->ny;
	if (!(loc->cw > 0))
		loc->cw = 1;
	if (!(loc->ch > 0))
		loc->ch = 1;
	nb = loc->nx * loc->ny;
	loc->start = calloc(nb + 1, sizeof(*loc->start));
	next = calloc(nb, sizeof(*next));
	if (loc->start == NULL || next == NULL)
		goto nomem;
	for (i = 0; i < loc->n; i++)
		cover(loc, i, NULL, 0);
	for (k = 0; k < nb; k++)
		loc->start[k + 1] += loc->start[k];
	loc->items = malloc((loc->start[nb] + 1) * sizeof(*loc->items));
	if (loc->items == NULL)
		goto nomem;
	memcpy(next, loc->start, nb * sizeof(*next));
	for (i = 0; i < loc->n; i++)
		cover(loc, i, next, 1);
	free(next);
	return 0;
nomem:
	free(next);
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

struct grid_locator *
grid_locator_new(struct grid_db *db, struct grid_error *err)
{
	struct grid_locator *loc = calloc(1, sizeof(*loc));

	if (loc == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	if (load_grids(loc, db, err) != 0 ||
	    (loc->n > 0 && build_index(loc, err) != 0)) {
		grid_locator_free(loc);
		return NULL;
	}
	return loc;
}

void
grid_locator_free(struct grid_locator *loc)
{
	size_t i;

	if (loc == NULL)
		return;
	for (i = 0; i < loc->n; i++)
		grid_multipolygon_free(loc->grids[i].mp);
	free(loc->grids);
	free(loc->start);
	free(loc->items);
	free(loc);
}

size_t
grid_locator_size(const struct grid_locator *loc)
{
	return loc->n;
}

int
grid_locator_find(const struct grid_locator *loc, double x, double y,
    const char **code)
{
	size_t k, j;
	const struct located_grid *g;

	if (loc->n == 0 || x < loc->all.xmin || x > loc->all.xmax ||
	    y < loc->all.ymin || y > loc->all.ymax)
		return 0;
	k = bucket(y, loc->all.ymin, loc->ch, loc->ny) * loc->nx +
	    bucket(x, loc->all.xmin, loc->cw, loc->nx);
	for (j = loc->start[k]; j < loc->start[k + 1]; j++) {
		g = &loc->grids[loc->items[j]];
		if (!grid_bbox_contains(&g->mp->bbox, x, y))
			continue;
		if (grid_multipolygon_locate(g->mp, x, y) != GRID_GEO_OUTSIDE) {
			*code = g->code;
			return 1;
		}
	}
	return 0;
}

int
grid_locate_point(struct grid_db *db, double x, double y, char *out,
    size_t n, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	sqlite3_stmt *st;
	int rc, found = 0;

	if (grid_db_prepare(db, "SELECT g.code, g.geometry FROM grid_rtree r "
	    "JOIN grids g ON g.rowid = r.id WHERE r.min_x <= ?1 AND "
	    "r.max_x >= ?1 AND r.min_y <= ?2 AND r.max_y >= ?2 AND "
	    "g.geometry IS NOT NULL AND g.kind = 'unit' ORDER BY g.code", &st,
	    err) != 0)
		return -1;
	sqlite3_bind_double(st, 1, x);
	sqlite3_bind_double(st, 2, y);
	while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);

		mp = parse_geometry(code, (const char *)
		    sqlite3_column_text(st, 1), err);
		if (mp == NULL) {
			found = -1;
			break;
		}
		if (grid_multipolygon_locate(mp, x, y) != GRID_GEO_OUTSIDE) {
			snprintf(out, n, "%s", code);
			found = 1;
		}
		grid_multipolygon_free(mp);
	}
	if (found == 0 && rc != SQLITE_DONE)
		found = grid_db_error(db, rc, "grid_rtree", err);
	sqlite3_finalize(st);
	return found;
}
