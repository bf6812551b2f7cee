/*
 * test_locate.c - coordinates as text, parsed exactly as strtod would;
 * the locator's answers: by hand on a small map, and against testing
 * every grid in code order on a jittered lattice of grids sharing their
 * edges, with points on edges, vertices and exact lines.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/geojson.h"
#include "grid/locate.h"
#include "tap.h"

static char dir[] = "/tmp/test_locate.XXXXXX";
#include "testfs.h"
#include "testdb.h"

/* Random decimals of up to 15 digits: the fast path must equal strtod. */
static void
test_random(void)
{
	char text[64];
	double got, want;
	int i, bad = 0, k, digits, point;

	srand(7);
	for (i = 0; i < 200000; i++) {
		digits = 1 + rand() % 17;
		point = rand() % (digits + 1);
		k = 0;
		if (rand() % 4 == 0)
			text[k++] = '-';
		while (digits-- > 0) {
			if (digits + 1 == point)
				text[k++] = '.';
			text[k++] = (char)('0' + rand() % 10);
		}
		text[k] = '\0';
		if (strcmp(text, "-") == 0 || strcmp(text, ".") == 0 ||
		    strcmp(text, "-.") == 0)
			continue;
		want = strtod(text, NULL);
		if (grid_coordinate_parse(text, &got) != 0 || got != want) {
			if (bad++ < 5)
				printf("# '%s': got %.17g, strtod %.17g\n", text,
				    got, want);
		}
	}
	is_int(bad, 0, "200,000 random decimals read as strtod reads them");
}

static void
test_cases(void)
{
	static const struct {
		const char *text;
		int rc;
		double value;
	} cases[] = {
		{ "120.619017", 0, 120.619017 }, { "-31.5", 0, -31.5 },
		{ "+2", 0, 2 }, { "1.", 0, 1 }, { ".5", 0, 0.5 },
		{ "1e5", 0, 1e5 }, { "0.1234567890123456789", 0,
		    0.1234567890123456789 }, { "12345678901234567890", 0,
		    12345678901234567890.0 },
		{ "", -1, 0 }, { "abc", -1, 0 }, { "1.2.3", -1, 0 },
		{ "0x10", -1, 0 }, { "inf", -1, 0 }, { "nan", -1, 0 },
		{ "1e400", -1, 0 }, { "-", -1, 0 }, { "5 km", -1, 0 },
	};
	char what[96];
	double v = 0;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = grid_coordinate_parse(cases[i].text, &v);
		snprintf(what, sizeof(what), "'%s' %s", cases[i].text,
		    cases[i].rc == 0 ? "read" : "refused");
		ok(rc == cases[i].rc && (rc != 0 || v == cases[i].value), what);
	}
	ok(grid_coordinate_parse(NULL, &v) == -1, "NULL refused");
}

/* ---- the locator ---- */

/* Adds a grid of kind to db with geometry mp (written as boundaries does). */
static void
add_grid(const char *code, const char *kind, struct grid_multipolygon *mp)
{
	struct grid_buf text = GRID_BUF_INIT;
	struct grid_error err;
	sqlite3_stmt *st;

	if (grid_multipolygon_validate(mp, &err) != 0 ||
	    grid_geojson_write(&text, mp, &err) != 0)
		die(code, err.text);
	if (sqlite3_prepare_v2(grid_db_sqlite(db), "INSERT INTO grids (code, "
	    "community_code, kind, geometry) VALUES (?1, substr(?1, 1, 12), "
	    "?2, ?3)", -1, &st, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(grid_db_sqlite(db)));
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text.data, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(grid_db_sqlite(db)));
	sqlite3_finalize(st);
	grid_buf_release(&text);
	grid_multipolygon_free(mp);
}

/* Adds ring (n points, closed) to poly, a new polygon when poly is NULL. */
static struct grid_polygon *
ring(struct grid_polygon *poly, const struct grid_point *pts, size_t n)
{
	struct grid_error err;
	struct grid_ring *r = grid_ring_new(pts, n, &err);

	if (r == NULL)
		die("ring", err.text);
	if (poly == NULL && (poly = grid_polygon_new()) == NULL)
		die("polygon", "out of memory");
	if (grid_polygon_take_ring(poly, r, &err) != 0)
		die("ring", err.text);
	return poly;
}

/* A multipolygon of the given polygons (NULL-terminated). */
static struct grid_multipolygon *
multi(struct grid_polygon *first, ...)
{
	struct grid_multipolygon *mp = grid_multipolygon_new();
	struct grid_polygon *poly = first;
	struct grid_error err;
	va_list ap;

	va_start(ap, first);
	for (; poly != NULL; poly = va_arg(ap, struct grid_polygon *))
		if (grid_multipolygon_take_polygon(mp, poly, &err) != 0)
			die("multipolygon", err.text);
	va_end(ap);
	return mp;
}

/* The rectangle [x0, x1] x [y0, y1], counter-clockwise. */
static struct grid_polygon *
rect(struct grid_polygon *poly, double x0, double y0, double x1, double y1)
{
	struct grid_point pts[5] = { { x0, y0 }, { x1, y0 }, { x1, y1 },
		{ x0, y1 }, { x0, y0 } };

	return ring(poly, pts, 5);
}

/* The code the locator gives for (x, y), "-" for none. */
static const char *
find(const struct grid_locator *loc, double x, double y)
{
	const char *code;

	return grid_locator_find(loc, x, y, &code) ? code : "-";
}

/*
 * A small map checked by hand: A with a hole and B share the edge x = 10,
 * C has two parts, D overlaps B, and a professional grid with a lower
 * code covers everything (located points never go to it).
 */
static void
test_by_hand(void)
{
	static const struct {
		double x, y;
		const char *code, *what;
	} cases[] = {
		{ 5, 5, "11010100100101", "inside A" },
		{ 3, 3, "-", "in A's hole: no grid" },
		{ 2, 3, "11010100100101", "on the edge of A's hole: A" },
		{ 10, 5, "11010100100101", "on the edge A and B share: A" },
		{ 10, 10, "11010100100101", "on the corner A and B share: A" },
		{ 17, 7, "11010100100102", "where B and D overlap: B" },
		{ 15, 5, "11010100100102", "on D's corner inside B: B" },
		{ 20, 10, "11010100100102", "on B's corner inside D: B" },
		{ 22, 12, "11010100100104", "inside D only" },
		{ 25, 15, "11010100100104", "on D's far corner" },
		{ 45, 5, "-", "between C's parts: no grid" },
		{ 55, 5, "11010100100103", "in C's second part" },
		{ 60, 10, "11010100100103", "on C's last corner" },
		{ -1, 5, "-", "left of every grid" },
		{ 30, 10.000000001, "-", "just above C" },
	};
	struct grid_locator *loc;
	struct grid_error err;
	const char *codes[3];
	double xs[3] = { 5, 3, NAN }, ys[3] = { 5, 3, 5 };
	char what[96];
	size_t i;

	db_create(NULL);
	add_grid("11010100100100", "professional",
	    multi(rect(NULL, -5, -5, 70, 20), NULL));
	add_grid("11010100100101", "unit", multi(rect(rect(NULL, 0, 0, 10, 10),
	    2, 2, 4, 4), NULL));
	add_grid("11010100100102", "unit", multi(rect(NULL, 10, 0, 20, 10),
	    NULL));
	add_grid("11010100100103", "unit", multi(rect(NULL, 30, 0, 40, 10),
	    rect(NULL, 50, 0, 60, 10), NULL));
	add_grid("11010100100104", "unit", multi(rect(NULL, 15, 5, 25, 15),
	    NULL));
	if ((loc = grid_locator_new(db, &err)) == NULL)
		die("grid_locator_new", err.text);
	is_int(grid_locator_size(loc), 4, "four unit grids loaded");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "(%g, %g) %s", cases[i].x,
		    cases[i].y, cases[i].what);
		is_str(find(loc, cases[i].x, cases[i].y), cases[i].code, what);
	}
	is_str(find(loc, NAN, 5), "-", "NaN: no grid");
	is_int(grid_locator_find_many(loc, 3, xs, ys, codes), 1,
	    "find_many: one of three points in a grid");
	ok(codes[0] != NULL && strcmp(codes[0], "11010100100101") == 0 &&
	    codes[1] == NULL && codes[2] == NULL,
	    "find_many: A, the hole, NaN");
	grid_locator_free(loc);
	db_remove();
}

#define LATTICE 14		/* cells a side */
#define CELL 0.003
#define X0 120.5
#define Y0 31.2
#define EDGE_POINTS 3		/* extra vertices along each cell side */

/* Corners and side vertices of the lattice, shared by neighbours. */
static struct grid_point corner[LATTICE + 1][LATTICE + 1];
static struct grid_point hside[LATTICE][LATTICE + 1][EDGE_POINTS];
static struct grid_point vside[LATTICE + 1][LATTICE][EDGE_POINTS];

static double
jitter(double amount)
{
	return amount * (2.0 * rand() / RAND_MAX - 1);
}

/*
 * Row 4 of corners is a straight line y = Y0 + 4 CELL and column 6 one
 * x = X0 + 6 CELL (points exactly on edges); everything else wobbles.
 */
static void
make_lattice(void)
{
	int i, j, k;
	double t;

	for (i = 0; i <= LATTICE; i++)
		for (j = 0; j <= LATTICE; j++) {
			corner[i][j].x = X0 + i * CELL +
			    (i == 6 ? 0 : jitter(0.25 * CELL));
			corner[i][j].y = Y0 + j * CELL +
			    (j == 4 ? 0 : jitter(0.25 * CELL));
		}
	for (i = 0; i < LATTICE; i++)
		for (j = 0; j <= LATTICE; j++)
			for (k = 0; k < EDGE_POINTS; k++) {
				t = (k + 1.0) / (EDGE_POINTS + 1);
				hside[i][j][k].x = corner[i][j].x + t *
				    (corner[i + 1][j].x - corner[i][j].x);
				hside[i][j][k].y = j == 4 ? corner[i][j].y :
				    corner[i][j].y + t * (corner[i + 1][j].y -
				    corner[i][j].y) + jitter(0.04 * CELL);
			}
	for (i = 0; i <= LATTICE; i++)
		for (j = 0; j < LATTICE; j++)
			for (k = 0; k < EDGE_POINTS; k++) {
				t = (k + 1.0) / (EDGE_POINTS + 1);
				vside[i][j][k].y = corner[i][j].y + t *
				    (corner[i][j + 1].y - corner[i][j].y);
				vside[i][j][k].x = i == 6 ? corner[i][j].x :
				    corner[i][j].x + t * (corner[i][j + 1].x -
				    corner[i][j].x) + jitter(0.04 * CELL);
			}
}

/* Cell (i, j) of the lattice as a polygon, counter-clockwise. */
static struct grid_polygon *
lattice_cell(int i, int j)
{
	struct grid_point pts[4 * (EDGE_POINTS + 1) + 1];
	size_t n = 0;
	int k;

	pts[n++] = corner[i][j];
	for (k = 0; k < EDGE_POINTS; k++)
		pts[n++] = hside[i][j][k];
	pts[n++] = corner[i + 1][j];
	for (k = 0; k < EDGE_POINTS; k++)
		pts[n++] = vside[i + 1][j][k];
	pts[n++] = corner[i + 1][j + 1];
	for (k = EDGE_POINTS; k-- > 0;)
		pts[n++] = hside[i][j + 1][k];
	pts[n++] = corner[i][j + 1];
	for (k = EDGE_POINTS; k-- > 0;)
		pts[n++] = vside[i][j][k];
	pts[n++] = corner[i][j];
	return ring(NULL, pts, n);
}

/* A 100-gon around (x, y): more edges than the flat copies take. */
static struct grid_polygon *
round_grid(double x, double y, double r)
{
	struct grid_point pts[101];
	int k;

	for (k = 0; k < 100; k++) {
		pts[k].x = x + r * cos(k * 2 * 3.14159265358979 / 100);
		pts[k].y = y + r * sin(k * 2 * 3.14159265358979 / 100);
	}
	pts[100] = pts[0];
	return ring(NULL, pts, 101);
}

/* The grids of db as the reference reads them: every unit grid, by code. */
struct reference {
	char code[400][16];
	struct grid_multipolygon *mp[400];
	size_t n;
};

static void
reference_load(struct reference *ref)
{
	struct grid_error err;
	sqlite3_stmt *st;

	ref->n = 0;
	sqlite3_prepare_v2(grid_db_sqlite(db), "SELECT code, geometry FROM "
	    "grids WHERE kind = 'unit' ORDER BY code", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW && ref->n < 400) {
		snprintf(ref->code[ref->n], sizeof(ref->code[0]), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		ref->mp[ref->n] = grid_geojson_stored((const char *)
		    sqlite3_column_text(st, 1), &err);
		if (ref->mp[ref->n++] == NULL)
			die("reference", err.text);
	}
	sqlite3_finalize(st);
}

/* The lowest code whose grid holds (x, y), testing every grid. */
static const char *
reference_find(const struct reference *ref, double x, double y)
{
	size_t i;

	for (i = 0; i < ref->n; i++)
		if (grid_multipolygon_locate(ref->mp[i], x, y) !=
		    GRID_GEO_OUTSIDE)
			return ref->code[i];
	return "-";
}

/* A point to try: random, a vertex, or on one of the straight lines. */
static void
some_point(int kind, double *x, double *y)
{
	double w = LATTICE * CELL;
	int i = rand() % (LATTICE + 1), j = rand() % (LATTICE + 1);
	int k = rand() % EDGE_POINTS;

	*x = X0 - 0.05 * w + 1.1 * w * rand() / RAND_MAX;
	*y = Y0 - 0.05 * w + 1.1 * w * rand() / RAND_MAX;
	if (kind == 1) {
		*x = corner[i][j].x;
		*y = corner[i][j].y;
	} else if (kind == 2 && i < LATTICE) {
		*x = hside[i][j][k].x;
		*y = hside[i][j][k].y;
	} else if (kind == 3) {
		*y = corner[0][4].y;
	} else if (kind == 4) {
		*x = corner[6][0].x;
	} else if (kind == 5) {
		*x = corner[i][j].x;	/* the vertex's vertical */
	}
}

/*
 * 200,000 points against the lattice plus a round grid with a hole-free
 * 100-gon overlapping it, a grid with a hole and a two-part grid: the
 * locator, one point or 64 at a time, answers as testing every grid in
 * code order does.
 */
static void
test_against_scan(void)
{
	static const char *codes[64];
	struct reference *ref = calloc(1, sizeof(*ref));
	struct grid_locator *loc;
	struct grid_error err;
	double x[64], y[64], w = LATTICE * CELL;
	char code[16], what[96];
	int i, j, n, bad = 0, bad_many = 0, kinds[6] = { 0 }, on_edge = 0;
	size_t b;

	if (ref == NULL)
		die("calloc", "out of memory");
	srand(3);
	make_lattice();
	db_create(NULL);
	for (i = 0; i < LATTICE; i++)
		for (j = 0; j < LATTICE; j++) {
			/* codes in an order unrelated to the places */
			n = (i * LATTICE + j) * 37 % (LATTICE * LATTICE);
			snprintf(code, sizeof(code), "320508001%03d%02d",
			    1 + n / 50, 1 + n % 50);
			add_grid(code, "unit", multi(lattice_cell(i, j), NULL));
		}
	add_grid("32050800100251", "unit", multi(round_grid(X0 + 0.4 * w,
	    Y0 + 0.6 * w, 2.5 * CELL), NULL));
	add_grid("32050800100001", "unit", multi(rect(rect(NULL, X0 + w,
	    Y0, X0 + w + 4 * CELL, Y0 + 4 * CELL), X0 + w + CELL, Y0 + CELL,
	    X0 + w + 2 * CELL, Y0 + 2 * CELL), rect(NULL, X0 + w, Y0 + 5 *
	    CELL, X0 + w + CELL, Y0 + 6 * CELL), NULL));
	reference_load(ref);
	if ((loc = grid_locator_new(db, &err)) == NULL)
		die("grid_locator_new", err.text);
	is_int(grid_locator_size(loc), LATTICE * LATTICE + 2,
	    "every unit grid of the lattice loaded");
	for (i = 0; i < 200000; i += 64) {
		for (b = 0; b < 64; b++) {
			n = rand() % 6;
			kinds[n]++;
			some_point(n, &x[b], &y[b]);
		}
		grid_locator_find_many(loc, 64, x, y, codes);
		for (b = 0; b < 64; b++) {
			const char *want = reference_find(ref, x[b], y[b]);

			if (strcmp(find(loc, x[b], y[b]), want) != 0 &&
			    bad++ < 5)
				printf("# (%.17g, %.17g): got %s, want %s\n",
				    x[b], y[b], find(loc, x[b], y[b]), want);
			if (strcmp(codes[b] != NULL ? codes[b] : "-",
			    want) != 0)
				bad_many++;
			for (j = 0; j < (int)ref->n; j++)
				if (grid_multipolygon_locate(ref->mp[j], x[b],
				    y[b]) == GRID_GEO_BOUNDARY) {
					on_edge++;
					break;
				}
		}
	}
	snprintf(what, sizeof(what), "200,000 points (%d on an edge or "
	    "vertex): as testing every grid", on_edge);
	is_int(bad, 0, what);
	is_int(bad_many, 0, "the same 64 at a time");
	ok(on_edge > 40000, "many points exactly on edges and vertices");
	grid_locator_free(loc);
	for (b = 0; b < ref->n; b++)
		grid_multipolygon_free(ref->mp[b]);
	free(ref);
	db_remove();
}

int
main(void)
{
	test_begin(NULL);
	test_random();
	test_cases();
	test_by_hand();
	test_against_scan();
	test_end();
	return tap_done();
}
