/*
 * assign_locate.c - points to grids: every polygon in memory behind a cell
 * index (many lookups), or the R*Tree of the database (one lookup).
 *
 * The cell index cuts the box of all grids into cells of about the same
 * size, about CELLS_PER_GRID per grid, and classifies each cell once, at
 * load: in no grid; wholly inside a grid that no edge of any grid
 * touches there (the answer for every point of the cell, without a
 * polygon test); or a list of the grids that may hold some of its
 * points, ascending code, each marked when it holds the whole cell.  A
 * list stops at its first such grid: no higher code can win after it.
 *
 * Whether an edge touches a cell is decided exactly (gridi_geo_orient)
 * on the cell grown by a margin far above the rounding of the arithmetic
 * that maps a point to its cell, so every point the lookup maps to a
 * cell lies in the grown cell.  A grown cell that no edge of a grid
 * touches lies wholly inside or wholly outside that grid (the crossing
 * parity only changes across an edge), and one test of a point in it
 * says which: so the answers are those of testing every grid in code
 * order, as grid_multipolygon_locate would.
 *
 * The polygons are kept flat (gridi_geo_flat_*): one array, each grid's
 * points in one run, so a test costs one or two cache misses instead of
 * one per pointer of a struct grid_multipolygon.  Grids of more than
 * FLAT_MAX_EDGES edges also keep their multipolygon, for its edge index.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/geojson.h"
#include "grid/locate.h"
#include "grid/registers.h"
#include "grid/text.h"
#include "geo_internal.h"
#include "internal.h"

#define CELLS_PER_GRID	32
#define CELLS_MAX	((size_t)1 << 22)	/* 16 MiB of cells at most */
#define GRIDS_MAX	((size_t)0x7ffffff0)
/* A cell: CELL_EMPTY, CELL_WHOLE | grid, or the offset of its list. */
#define CELL_EMPTY	UINT32_MAX
#define CELL_WHOLE	0x80000000u
/* While building: a cell with a list, open or ended by a whole grid. */
#define CELL_OPEN	0x7fffffffu
#define CELL_ENDED	0x7ffffffeu
/* A list item: the grid, with ITEM_WHOLE when it holds the whole cell. */
#define ITEM_WHOLE	0x80000000u
/* Grids with more edges are tested through their edge index. */
#define FLAT_MAX_EDGES	64
#define NO_FLAT		UINT32_MAX

struct located_grid {
	char code[24];
	uint32_t flat;			/* its first slot in flat */
	struct grid_multipolygon *mp;	/* prepared; NULL when small */
};

/*
 * A list item: the grid (| ITEM_WHOLE) and its flat copy (NO_FLAT: test
 * its multipolygon), so a test reads the list and then one run of
 * memory.  A list is a header item (grid: the number of items) followed
 * by the items.
 */
struct cell_item {
	uint32_t grid, flat;
};

struct grid_locator {
	struct located_grid *grids;	/* ascending code */
	size_t n, cap;
	union gridi_geo_slot *flat;	/* every grid, flattened */
	size_t nflat, flat_cap;
	struct grid_bbox all;
	size_t nx, ny;			/* cells */
	double cw, ch;			/* cell width and height */
	double xscale, yscale;		/* 1 / cw, 1 / ch */
	double mx, my;			/* the margin cells are grown by */
	uint32_t *cell;			/* nx * ny, row after row */
	struct cell_item *items;	/* the lists */
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
	if (end == text)
		return -1;	/* no number, perhaps blanks */
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' || errno != 0 || !isfinite(*value))
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

/* The number of edges of every polygon of mp together. */
static size_t
edges_of(const struct grid_multipolygon *mp)
{
	size_t p, n = 0;

	for (p = 0; p < mp->npolygons; p++)
		n += grid_polygon_edges(&mp->polygons[p]);
	return n;
}

/* Appends mp's flat copy to loc->flat; its first slot in *at. */
static int
add_flat(struct grid_locator *loc, const struct grid_multipolygon *mp,
    uint32_t *at)
{
	size_t need = gridi_geo_flat_size(mp), cap;
	union gridi_geo_slot *flat;

	if (need >= NO_FLAT - loc->nflat)
		return -1;
	if (loc->nflat + need > loc->flat_cap) {
		cap = loc->flat_cap ? 2 * loc->flat_cap : 4096;
		while (cap < loc->nflat + need)
			cap *= 2;
		if ((flat = realloc(loc->flat, cap * sizeof(*flat))) == NULL)
			return -1;
		loc->flat = flat;
		loc->flat_cap = cap;
	}
	gridi_geo_flat_fill(mp, loc->flat + loc->nflat);
	*at = (uint32_t)loc->nflat;
	loc->nflat += need;
	return 0;
}

/*
 * Adds a grid: its flat copy, and its multipolygon when it is big (with
 * an edge index) or was not validated when stored (preparing validates
 * it: an invalid polygon is refused, as it always was).
 */
static int
add_grid(struct grid_locator *loc, const char *code, const char *geometry,
    struct grid_error *err)
{
	struct grid_multipolygon *mp;
	struct located_grid *g;

	if (loc->n == loc->cap) {
		size_t cap = loc->cap ? loc->cap * 2 : 256;

		if (cap > GRIDS_MAX ||
		    (g = realloc(loc->grids, cap * sizeof(*g))) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		loc->grids = g;
		loc->cap = cap;
	}
	g = &loc->grids[loc->n];
	snprintf(g->code, sizeof(g->code), "%s", code);
	if ((mp = parse_geometry(code, geometry, err)) == NULL)
		return -1;
	if ((!mp->trusted || edges_of(mp) > FLAT_MAX_EDGES) &&
	    grid_multipolygon_prepare(mp, err) != 0) {
		grid_multipolygon_free(mp);
		return -1;
	}
	if (add_flat(loc, mp, &g->flat) != 0) {
		grid_multipolygon_free(mp);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	g->mp = NULL;
	if (edges_of(mp) > FLAT_MAX_EDGES)
		g->mp = mp;
	else
		grid_multipolygon_free(mp);
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

/* The box of grid i: the first two slots of its flat copy. */
static struct grid_bbox
grid_box(const struct grid_locator *loc, size_t i)
{
	const union gridi_geo_slot *f = loc->flat + loc->grids[i].flat;
	struct grid_bbox box = { f[0].p.x, f[0].p.y, f[1].p.x, f[1].p.y };

	return box;
}

/* Where (x, y) lies for grid i. */
static enum grid_geo_location
grid_where(const struct grid_locator *loc, size_t i, double x, double y)
{
	const struct located_grid *g = &loc->grids[i];

	if (g->mp != NULL)
		return grid_multipolygon_locate(g->mp, x, y);
	return gridi_geo_flat_locate(loc->flat + g->flat, x, y);
}

/* The cell column or row of a coordinate, clamped to the index. */
static size_t
cell_of(double v, double origin, double scale, size_t count)
{
	double c = (v - origin) * scale;

	if (!(c > 0))
		return 0;
	return c >= (double)count ? count - 1 : (size_t)c;
}

/*
 * The box of all grids, and cells of about equal sides in it: about
 * CELLS_PER_GRID per grid, CELLS_MAX at most.  The margin is a million
 * times the rounding of cell_of and of the cell bounds.
 */
static void
index_size(struct grid_locator *loc)
{
	double w, h, side, cells;
	size_t i;

	loc->all = grid_box(loc, 0);
	for (i = 1; i < loc->n; i++) {
		struct grid_bbox b = grid_box(loc, i);

		loc->all.xmin = fmin(loc->all.xmin, b.xmin);
		loc->all.ymin = fmin(loc->all.ymin, b.ymin);
		loc->all.xmax = fmax(loc->all.xmax, b.xmax);
		loc->all.ymax = fmax(loc->all.ymax, b.ymax);
	}
	w = loc->all.xmax - loc->all.xmin;
	h = loc->all.ymax - loc->all.ymin;
	cells = fmin((double)loc->n * CELLS_PER_GRID, (double)CELLS_MAX);
	side = sqrt(w * h / cells);
	loc->nx = loc->ny = 1;
	if (side > 0) {
		loc->nx = (size_t)fmax(1, fmin(ceil(w / side), cells));
		loc->ny = (size_t)fmax(1, fmin(ceil(h / side),
		    floor(cells / (double)loc->nx)));
	}
	loc->cw = w > 0 ? w / (double)loc->nx : 1;
	loc->ch = h > 0 ? h / (double)loc->ny : 1;
	loc->xscale = 1 / loc->cw;
	loc->yscale = 1 / loc->ch;
	loc->mx = 1e-10 * (fabs(loc->all.xmin) + fabs(loc->all.xmax));
	loc->my = 1e-10 * (fabs(loc->all.ymin) + fabs(loc->all.ymax));
}

/* Cell (cx, cy) grown by the margin: every point mapped to it is in it. */
static void
cell_box(const struct grid_locator *loc, size_t cx, size_t cy,
    struct grid_bbox *box)
{
	box->xmin = (cx == 0 ? loc->all.xmin : loc->all.xmin +
	    (double)cx * loc->cw) - loc->mx;
	box->xmax = (cx + 1 == loc->nx ? loc->all.xmax : loc->all.xmin +
	    (double)(cx + 1) * loc->cw) + loc->mx;
	box->ymin = (cy == 0 ? loc->all.ymin : loc->all.ymin +
	    (double)cy * loc->ch) - loc->my;
	box->ymax = (cy + 1 == loc->ny ? loc->all.ymax : loc->all.ymin +
	    (double)(cy + 1) * loc->ch) + loc->my;
}

/*
 * Whether segment a-b meets the closed box: their boxes overlap and an
 * end is in the box, or the segment's line does not leave every corner
 * strictly on one side.
 */
static int
segment_meets(const struct grid_point *a, const struct grid_point *b,
    const struct grid_bbox *box)
{
	struct grid_point corner[4] = {
		{ box->xmin, box->ymin }, { box->xmax, box->ymin },
		{ box->xmax, box->ymax }, { box->xmin, box->ymax }
	};
	int i, o, left = 0, right = 0;

	if ((a->x < box->xmin && b->x < box->xmin) ||
	    (a->x > box->xmax && b->x > box->xmax) ||
	    (a->y < box->ymin && b->y < box->ymin) ||
	    (a->y > box->ymax && b->y > box->ymax))
		return 0;
	if (grid_bbox_contains(box, a->x, a->y) ||
	    grid_bbox_contains(box, b->x, b->y))
		return 1;
	for (i = 0; i < 4; i++) {
		o = gridi_geo_orient(a, b, &corner[i]);
		left |= o >= 0;
		right |= o <= 0;
	}
	return left && right;
}

/* What one grid is in a cell. */
enum cell_state { STATE_NONE, STATE_EDGE, STATE_WHOLE };

/* The cells of one grid's box, and their states, row after row. */
struct span {
	size_t x0, x1, y0, y1, width;
	unsigned char *state;
};

/* Marks STATE_EDGE the cells of span that edge a-b touches. */
static void
mark_edge(const struct grid_locator *loc, struct span *sp,
    const struct grid_point *a, const struct grid_point *b)
{
	const struct grid_point *xlo = a->x < b->x ? a : b;
	const struct grid_point *xhi = a->x < b->x ? b : a;
	const struct grid_point *ylo = a->y < b->y ? a : b;
	const struct grid_point *yhi = a->y < b->y ? b : a;
	size_t x0, x1, y0, y1, cx, cy;
	struct grid_bbox box;
	unsigned char *state;

	x0 = cell_of(xlo->x - 2 * loc->mx, loc->all.xmin, loc->xscale,
	    loc->nx);
	x1 = cell_of(xhi->x + 2 * loc->mx, loc->all.xmin, loc->xscale,
	    loc->nx);
	y0 = cell_of(ylo->y - 2 * loc->my, loc->all.ymin, loc->yscale,
	    loc->ny);
	y1 = cell_of(yhi->y + 2 * loc->my, loc->all.ymin, loc->yscale,
	    loc->ny);
	for (cy = y0 > sp->y0 ? y0 : sp->y0; cy <= y1 && cy <= sp->y1; cy++)
		for (cx = x0 > sp->x0 ? x0 : sp->x0; cx <= x1 &&
		    cx <= sp->x1; cx++) {
			state = &sp->state[(cy - sp->y0) * sp->width +
			    (cx - sp->x0)];
			if (*state == STATE_EDGE)
				continue;
			cell_box(loc, cx, cy, &box);
			/* one cell: the edge is in it */
			if ((x0 == x1 && y0 == y1) ||
			    segment_meets(a, b, &box))
				*state = STATE_EDGE;
		}
}

/* Marks the cells that the edges of flat copy f touch. */
static void
mark_edges(const struct grid_locator *loc, struct span *sp,
    const union gridi_geo_slot *f)
{
	size_t npolygons = f[2].n, nrings, npoints, i, r, k;

	f += 3;
	for (i = 0; i < npolygons; i++)
		for (nrings = f++->n, r = 0; r < nrings; r++) {
			npoints = f++->n;
			for (k = 0; k + 1 < npoints; k++)
				mark_edge(loc, sp, &f[k].p, &f[k + 1].p);
			f += npoints;
		}
}

/*
 * The cells of a row between two touched by an edge form one region no
 * edge crosses: one point, the first cell's centre, tells for them all.
 * A run with a cell on the border of the span needs no test: that cell,
 * grown by the margin, reaches out of the grid's box, so the whole run
 * is outside the grid.
 */
static void
fill_runs(const struct grid_locator *loc, size_t i, struct span *sp)
{
	unsigned char *row, s;
	enum grid_geo_location where;
	size_t first, end, cx, cy;

	for (cy = sp->y0; cy <= sp->y1; cy++) {
		row = sp->state + (cy - sp->y0) * sp->width;
		for (first = 0; first < sp->width; first = end) {
			for (end = first; end < sp->width &&
			    row[end] != STATE_EDGE; end++)
				;
			if (end == first) {
				end++;
				continue;
			}
			s = STATE_NONE;
			if (cy != sp->y0 && cy != sp->y1 && first > 0 &&
			    end < sp->width) {
				cx = sp->x0 + first;
				where = grid_where(loc, i, loc->all.xmin +
				    ((double)cx + 0.5) * loc->cw,
				    loc->all.ymin + ((double)cy + 0.5) *
				    loc->ch);
				s = where == GRID_GEO_INSIDE ? STATE_WHOLE :
				    where == GRID_GEO_OUTSIDE ? STATE_NONE :
				    STATE_EDGE;
			}
			memset(row + first, s, end - first);
		}
	}
}

/* A list item of a cell, while building. */
struct cell_pair {
	uint32_t cell, item;
};

struct build {
	struct span span;
	size_t state_cap;
	struct cell_pair *pairs;
	size_t npairs, pairs_cap;
};

/* Adds grid i, in state s, to cell k: grids come in code order. */
static int
cell_add(struct grid_locator *loc, struct build *b, size_t k, size_t i,
    int s)
{
	uint32_t *cell = &loc->cell[k];
	struct cell_pair *pairs;

	if (s == STATE_NONE || (*cell != CELL_EMPTY && *cell != CELL_OPEN))
		return 0;	/* a lower code already wins the whole cell */
	if (*cell == CELL_EMPTY && s == STATE_WHOLE) {
		*cell = CELL_WHOLE | (uint32_t)i;
		return 0;
	}
	*cell = s == STATE_WHOLE ? CELL_ENDED : CELL_OPEN;
	if (b->npairs == b->pairs_cap) {
		size_t cap = b->pairs_cap ? 2 * b->pairs_cap : 4096;

		if ((pairs = realloc(b->pairs, cap * sizeof(*pairs))) == NULL)
			return -1;
		b->pairs = pairs;
		b->pairs_cap = cap;
	}
	b->pairs[b->npairs].cell = (uint32_t)k;
	b->pairs[b->npairs++].item = (uint32_t)i |
	    (s == STATE_WHOLE ? ITEM_WHOLE : 0);
	return 0;
}

/* Classifies the cells of grid i's box and adds the grid to them. */
static int
classify(struct grid_locator *loc, struct build *b, size_t i)
{
	struct grid_bbox box = grid_box(loc, i);
	struct span *sp = &b->span;
	size_t cx, cy, need;
	unsigned char *state;

	sp->x0 = cell_of(box.xmin, loc->all.xmin, loc->xscale, loc->nx);
	sp->x1 = cell_of(box.xmax, loc->all.xmin, loc->xscale, loc->nx);
	sp->y0 = cell_of(box.ymin, loc->all.ymin, loc->yscale, loc->ny);
	sp->y1 = cell_of(box.ymax, loc->all.ymin, loc->yscale, loc->ny);
	sp->width = sp->x1 - sp->x0 + 1;
	need = sp->width * (sp->y1 - sp->y0 + 1);
	if (need > b->state_cap) {
		if ((state = realloc(sp->state, need)) == NULL)
			return -1;
		sp->state = state;
		b->state_cap = need;
	}
	memset(sp->state, STATE_NONE, need);
	mark_edges(loc, sp, loc->flat + loc->grids[i].flat);
	fill_runs(loc, i, sp);
	for (cy = sp->y0; cy <= sp->y1; cy++)
		for (cx = sp->x0; cx <= sp->x1; cx++)
			if (cell_add(loc, b, cy * loc->nx + cx, i,
			    sp->state[(cy - sp->y0) * sp->width +
			    (cx - sp->x0)]) != 0)
				return -1;
	return 0;
}

/*
 * Lays out the lists: a cell with one gets the offset of its header,
 * and its items follow in grid order (a stable counting sort by cell).
 * Returns 0, or -1 (out of memory, or the lists too long to address).
 */
static int
make_lists(struct grid_locator *loc, const struct build *b)
{
	size_t k, j, at = 0, nb = loc->nx * loc->ny;
	struct cell_item *head;
	uint32_t grid;

	for (j = 0; j < b->npairs; j++) {
		k = b->pairs[j].cell;
		if (loc->cell[k] == CELL_OPEN || loc->cell[k] == CELL_ENDED)
			loc->cell[k] = 0;	/* its count, for now */
		loc->cell[k]++;
	}
	for (k = 0; k < nb; k++)
		if (!(loc->cell[k] & CELL_WHOLE)) {
			j = loc->cell[k];
			loc->cell[k] = (uint32_t)at;
			if ((at += j + 1) >= CELL_ENDED)
				return -1;
		}
	if ((loc->items = malloc((at + 1) * sizeof(*loc->items))) == NULL)
		return -1;
	for (k = 0; k < nb; k++)
		if (!(loc->cell[k] & CELL_WHOLE))
			loc->items[loc->cell[k]].grid = 0;
	for (j = 0; j < b->npairs; j++) {
		head = &loc->items[loc->cell[b->pairs[j].cell]];
		grid = b->pairs[j].item & ~ITEM_WHOLE;
		head[++head->grid].grid = b->pairs[j].item;
		head[head->grid].flat = loc->grids[grid].mp != NULL ? NO_FLAT :
		    loc->grids[grid].flat;
	}
	return 0;
}

static int
build_index(struct grid_locator *loc, struct grid_error *err)
{
	struct build b = { { 0, 0, 0, 0, 0, NULL }, 0, NULL, 0, 0 };
	size_t i;
	int rc = -1;

	index_size(loc);
	loc->cell = malloc(loc->nx * loc->ny * sizeof(*loc->cell));
	if (loc->cell == NULL)
		goto out;
	memset(loc->cell, 0xff, loc->nx * loc->ny * sizeof(*loc->cell));
	for (i = 0; i < loc->n; i++)
		if (classify(loc, &b, i) != 0)
			goto out;
	rc = make_lists(loc, &b);
out:
	free(b.span.state);
	free(b.pairs);
	if (rc != 0)
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return rc;
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
	free(loc->flat);
	free(loc->cell);
	free(loc->items);
	free(loc);
}

size_t
grid_locator_size(const struct grid_locator *loc)
{
	return loc->n;
}

/* Whether list item it holds (x, y). */
static int
item_holds(const struct grid_locator *loc, const struct cell_item *it,
    double x, double y)
{
	if (it->grid & ITEM_WHOLE)
		return 1;
	if (it->flat != NO_FLAT)
		return gridi_geo_flat_locate(loc->flat + it->flat, x, y) !=
		    GRID_GEO_OUTSIDE;
	return grid_multipolygon_locate(loc->grids[it->grid].mp, x, y) !=
	    GRID_GEO_OUTSIDE;
}

int
grid_locator_find(const struct grid_locator *loc, double x, double y,
    const char **code)
{
	const struct cell_item *list;
	uint32_t cell, j;

	if (loc->n == 0 || !(x >= loc->all.xmin && x <= loc->all.xmax &&
	    y >= loc->all.ymin && y <= loc->all.ymax))
		return 0;
	cell = loc->cell[cell_of(y, loc->all.ymin, loc->yscale, loc->ny) *
	    loc->nx + cell_of(x, loc->all.xmin, loc->xscale, loc->nx)];
	if (cell == CELL_EMPTY)
		return 0;
	if (cell & CELL_WHOLE) {
		*code = loc->grids[cell & ~CELL_WHOLE].code;
		return 1;
	}
	list = &loc->items[cell];
	for (j = 1; j <= list->grid; j++)
		if (item_holds(loc, &list[j], x, y)) {
			*code = loc->grids[list[j].grid & ~ITEM_WHOLE].code;
			return 1;
		}
	return 0;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* The cell of (x, y), or SIZE_MAX when it is outside every grid's box. */
static size_t
cell_index(const struct grid_locator *loc, double x, double y)
{
	if (loc->n == 0 || !(x >= loc->all.xmin && x <= loc->all.xmax &&
	    y >= loc->all.ymin && y <= loc->all.ymax))
		return SIZE_MAX;
	return cell_of(y, loc->all.ymin, loc->yscale, loc->ny) * loc->nx +
	    cell_of(x, loc->all.xmin, loc->xscale, loc->nx);
}

size_t
grid_locator_find_many(const struct grid_locator *loc, size_t n,
    const double *x, const double *y, const char **codes)
{
	size_t i, k, found = 0;
	uint32_t cell;

	for (i = 0; i < n; i++)
		if ((k = cell_index(loc, x[i], y[i])) != SIZE_MAX)
			PREFETCH(&loc->cell[k]);
	for (i = 0; i < n; i++)
		if ((k = cell_index(loc, x[i], y[i])) != SIZE_MAX &&
		    !((cell = loc->cell[k]) & CELL_WHOLE)) {
			PREFETCH(&loc->items[cell]);
			PREFETCH(&loc->items[cell + 1]);
		}
	for (i = 0; i < n; i++)
		if ((k = cell_index(loc, x[i], y[i])) != SIZE_MAX &&
		    !((cell = loc->cell[k]) & CELL_WHOLE) &&
		    loc->items[cell].grid > 0 && loc->items[cell + 1].flat !=
		    NO_FLAT)
			PREFETCH(&loc->flat[loc->items[cell + 1].flat]);
	for (i = 0; i < n; i++) {
		codes[i] = NULL;
		found += grid_locator_find(loc, x[i], y[i], &codes[i]);
	}
	return found;
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

/* ---- the columns that hold a point ---- */

#define X_NAMES "lon|lng|longitude|经度|东经|X坐标|横坐标"
#define Y_NAMES "lat|latitude|纬度|北纬|Y坐标|纵坐标"

static const struct grid_field coordinate_fields[] = {
	{ .name = "x", .type = GRID_V_REAL, .aliases = X_NAMES },
	{ .name = "y", .type = GRID_V_REAL, .aliases = Y_NAMES },
};

/* Matched as grid-import matches a register's columns and aliases. */
static const struct grid_register coordinates = {
	"coordinates", "坐标", coordinate_fields, 2
};

int
grid_coordinate_name(const char *name)
{
	char bare[64];
	int f;

	if (name == NULL || strlen(name) >= sizeof(bare))
		return 0;	/* longer than any of the names */
	f = grid_register_field(&coordinates,
	    grid_register_bare_name(name, bare, sizeof(bare)));
	return f < 0 ? 0 : coordinate_fields[f].name[0];
}

const char *
grid_coordinate_names(int axis)
{
	return axis == 'x' ? "x|" X_NAMES : axis == 'y' ? "y|" Y_NAMES :
	    NULL;
}
