/*
 * test_workers.c - unit tests of lib/assign_balance.c: balancing grids between
 * workers on synthetic layouts (1xN strips, 3x3 and larger blocks),
 * checked for contiguity and for the heaviest load against a brute-force
 * optimum over every assignment; and of lib/geo_adjacency.c: neighbouring
 * polygons and grid codes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/adjacency.h"
#include "grid/balance.h"
#include "grid/error.h"
#include "grid/geo.h"
#include "grid/geojson.h"

#include "tap.h"

#define MAXG 100
#define MAXW 8

/* ---- random numbers: xorshift64*, fixed seed ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static long
rnd_int(long lo, long hi)
{
	uint64_t r;

	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	r = (rng_state * 0x2545f4914f6cdd1dULL) >> 11;
	return lo + (long)(r % (uint64_t)(hi - lo + 1));
}

/* ---- layouts ---- */

struct layout {
	size_t n, k;
	long load[MAXG];
	unsigned char adj[MAXG * MAXG];
	unsigned char holds[MAXG * MAXW];
	struct grid_balance b;
};

/* rows x cols unit grids numbered row by row, 4-neighbours adjacent. */
static void
block(struct layout *l, size_t rows, size_t cols, size_t workers)
{
	size_t r, c, i;

	memset(l, 0, sizeof(*l));
	l->n = rows * cols;
	l->k = workers;
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			i = r * cols + c;
			l->load[i] = 1;
			if (c + 1 < cols)
				l->adj[i * l->n + i + 1] =
				    l->adj[(i + 1) * l->n + i] = 1;
			if (r + 1 < rows)
				l->adj[i * l->n + i + cols] =
				    l->adj[(i + cols) * l->n + i] = 1;
		}
	l->b.ngrids = l->n;
	l->b.nworkers = l->k;
	l->b.load = l->load;
	l->b.adjacent = l->adj;
	l->b.holds = NULL;
}

static void
set_loads(struct layout *l, const long *loads)
{
	memcpy(l->load, loads, l->n * sizeof(*loads));
}

static void
random_loads(struct layout *l, long lo, long hi)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->load[i] = rnd_int(lo, hi);
}

/* ---- the reference: its own connectivity and brute force ---- */

/* Pieces of worker w by depth-first search over the matrix. */
static size_t
ref_pieces(const struct layout *l, const int *worker, int w)
{
	int seen[MAXG] = { 0 }, stack[MAXG];
	size_t i, j, pieces = 0, top;
	int at;

	for (i = 0; i < l->n; i++) {
		if (worker[i] != w || seen[i])
			continue;
		pieces++;
		seen[i] = 1;
		top = 0;
		stack[top++] = (int)i;
		while (top > 0) {
			at = stack[--top];
			for (j = 0; j < l->n; j++)
				if (l->adj[(size_t)at * l->n + j] &&
				    worker[j] == w && !seen[j]) {
					seen[j] = 1;
					stack[top++] = (int)j;
				}
		}
	}
	return pieces;
}

/* 1 when every worker's grids form at most one piece. */
static int
contiguous(const struct layout *l, const int *worker)
{
	size_t w;

	for (w = 0; w < l->k; w++)
		if (ref_pieces(l, worker, (int)w) > 1)
			return 0;
	return 1;
}

static long
ref_max(const struct layout *l, const int *worker)
{
	long load[MAXW] = { 0 }, m = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		load[worker[i]] += l->load[i];
	for (i = 0; i < l->k; i++)
		if (load[i] > m)
			m = load[i];
	return m;
}

/*
 * The smallest heaviest load over all assignments whose workers' grids
 * are each contiguous (the layouts here are connected, so one exists).
 */
static long
brute_force(const struct layout *l)
{
	int worker[MAXG] = { 0 };
	long best = -1, m;
	size_t i;

	for (;;) {
		m = ref_max(l, worker);
		if ((best < 0 || m < best) && contiguous(l, worker))
			best = m;
		for (i = 0; i < l->n; i++) {
			if (++worker[i] < (int)l->k)
				break;
			worker[i] = 0;
		}
		if (i == l->n)
			return best;
	}
}

/* ---- checks ---- */

/*
 * Solves l both ways and checks contiguity; returns the heuristic's and
 * the exact answers' heaviest loads in *heur and *exact.
 */
static void
solve_both(const struct layout *l, long *heur, long *exact, int *pass)
{
	struct grid_balance_score s;
	struct grid_error err;
	int worker[MAXG];

	*pass = 1;
	if (grid_balance_solve_heuristic(&l->b, worker, &s, &err) != 0 ||
	    !contiguous(l, worker) || ref_max(l, worker) != s.max_load)
		*pass = 0;
	*heur = s.max_load;
	if (grid_balance_solve(&l->b, worker, &s, &err) != 0 ||
	    !contiguous(l, worker) || ref_max(l, worker) != s.max_load)
		*pass = 0;
	*exact = s.max_load;
}

/* One named layout: both answers contiguous and optimal. */
static void
check_optimal(const struct layout *l, const char *name)
{
	char what[160];
	long heur, exact, best = brute_force(l);
	int pass;

	solve_both(l, &heur, &exact, &pass);
	snprintf(what, sizeof(what), "%s: contiguous, loads as scored", name);
	ok(pass, what);
	snprintf(what, sizeof(what), "%s: heuristic reaches the optimum %ld",
	    name, best);
	is_int(heur, best, what);
	snprintf(what, sizeof(what), "%s: solve reaches the optimum %ld",
	    name, best);
	is_int(exact, best, what);
}

static void
test_strips(void)
{
	static const long ones[6] = { 1, 1, 1, 1, 1, 1 };
	static const long peaks[3] = { 10, 1, 10 };
	static const long uneven[7] = { 9, 1, 1, 1, 1, 1, 8 };
	static const long stair[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct layout l;

	block(&l, 1, 6, 3);
	set_loads(&l, ones);
	check_optimal(&l, "1x6 strip of ones, 3 workers");
	block(&l, 1, 3, 2);
	set_loads(&l, peaks);
	check_optimal(&l, "1x3 strip 10,1,10, 2 workers");
	block(&l, 1, 7, 3);
	set_loads(&l, uneven);
	check_optimal(&l, "1x7 strip 9,1,1,1,1,1,8, 3 workers");
	block(&l, 1, 8, 4);
	set_loads(&l, stair);
	check_optimal(&l, "1x8 strip 1..8, 4 workers");
}

static void
test_blocks(void)
{
	static const long nine[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const long corner[9] = { 30, 1, 1, 1, 1, 1, 1, 1, 30 };
	struct layout l;

	block(&l, 3, 3, 3);
	set_loads(&l, nine);
	check_optimal(&l, "3x3 block 1..9, 3 workers");
	block(&l, 3, 3, 2);
	set_loads(&l, corner);
	check_optimal(&l, "3x3 block heavy corners, 2 workers");
	block(&l, 3, 3, 4);
	set_loads(&l, nine);
	check_optimal(&l, "3x3 block 1..9, 4 workers");
}

/*
 * Random loads on strips and 3x3 blocks: the exact answer always equals
 * brute force; the heuristic alone is contiguous and nearly always
 * optimal.
 */
static void
test_random(void)
{
	struct layout l;
	long heur, exact, best;
	int pass, all_pass = 1, exact_ok = 1, cases, heur_ok = 0;
	int worst_ok = 1;
	char what[120];

	for (cases = 0; cases < 80; cases++) {
		if (cases % 2 == 0)
			block(&l, 1, (size_t)rnd_int(3, 9),
			    (size_t)rnd_int(2, 3));
		else
			block(&l, 3, 3, (size_t)rnd_int(2, 3));
		random_loads(&l, 0, 30);
		best = brute_force(&l);
		solve_both(&l, &heur, &exact, &pass);
		all_pass &= pass;
		exact_ok &= exact == best;
		heur_ok += heur == best;
		/* Never worse than the optimum plus one grid's load. */
		worst_ok &= heur <= best + 30;
		if (exact != best)
			printf("# case %d: exact %ld, brute force %ld\n",
			    cases, exact, best);
	}
	ok(all_pass, "random strips and 3x3 blocks: answers contiguous");
	ok(exact_ok, "random strips and 3x3 blocks: solve is optimal");
	snprintf(what, sizeof(what), "heuristic optimal in %d of %d random "
	    "cases (at least 90%%)", heur_ok, cases);
	ok(heur_ok * 10 >= cases * 9, what);
	ok(worst_ok, "heuristic within one grid's load of the optimum");
}

/* A 10x10 block between 7 workers: too big for brute force. */
static void
test_large(void)
{
	struct grid_balance_score s;
	struct grid_error err;
	struct layout l;
	int worker[MAXG], again[MAXG];
	long total = 0, bound;
	size_t i;

	block(&l, 10, 10, 7);
	random_loads(&l, 5, 60);
	for (i = 0; i < l.n; i++)
		total += l.load[i];
	is_int(grid_balance_solve(&l.b, worker, &s, &err), 0,
	    "10x10 block, 7 workers: solved");
	ok(contiguous(&l, worker), "10x10 block: every worker contiguous");
	is_int(s.extra_pieces, 0, "10x10 block: no extra pieces scored");
	bound = (total + 6) / 7 + 60;
	ok(s.max_load <= bound, "10x10 block: heaviest within mean + one grid");
	printf("# 10x10: total %ld, mean %ld, max %ld, min %ld\n", total,
	    total / 7, s.max_load, s.min_load);
	grid_balance_solve(&l.b, again, &s, &err);
	ok(memcmp(worker, again, sizeof(int) * l.n) == 0,
	    "10x10 block: the same answer twice");
}

/* A balanced assignment already held is kept as it is. */
static void
test_stable(void)
{
	struct grid_balance_score s;
	struct grid_error err;
	struct layout l;
	int worker[MAXG];
	size_t i;

	/* 1x6 of ones, held 0,0,1,1,2,2: already optimal. */
	block(&l, 1, 6, 3);
	for (i = 0; i < 6; i++)
		l.holds[i * 3 + i / 2] = 1;
	l.b.holds = l.holds;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.changes, 0, "balanced holdings: nothing changes");
	is_int(worker[5], 2, "balanced holdings: grid 6 stays with worker 3");

	/* Held 0,0,0,0,1,1 (worker 3 has none): two grids move to 3. */
	memset(l.holds, 0, sizeof(l.holds));
	for (i = 0; i < 6; i++)
		l.holds[i * 3 + (i < 4 ? 0 : 1)] = 1;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.max_load, 2, "unbalanced holdings: max 2");
	is_int(s.changes, 2, "unbalanced holdings: two grids move");
	ok(worker[4] == 1 && worker[5] == 1 && worker[0] == worker[1] &&
	    worker[2] == worker[3] && worker[0] + worker[2] == 2,
	    "unbalanced holdings: worker 2 keeps its two, 1 and 3 share 4");

	/* A grid held by two workers goes to one of them. */
	memset(l.holds, 0, sizeof(l.holds));
	for (i = 0; i < 6; i++)
		l.holds[i * 3 + i / 2] = 1;
	l.holds[2 * 3 + 0] = 1;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.changes, 0, "shared grid: kept by one of its holders");
}

static void
test_edges(void)
{
	struct grid_balance_score s;
	struct grid_error err;
	struct layout l;
	int worker[MAXG];
	size_t i;

	/* More workers than grids. */
	block(&l, 1, 2, 3);
	l.load[0] = 5;
	l.load[1] = 7;
	is_int(grid_balance_solve(&l.b, worker, &s, &err), 0,
	    "3 workers, 2 grids: solved");
	is_int(s.max_load, 7, "3 workers, 2 grids: max is the heavier grid");
	is_int(s.min_load, 0, "3 workers, 2 grids: one worker without grids");
	ok(worker[0] != worker[1], "3 workers, 2 grids: one grid each");

	/* Two islands, no edge between them. */
	block(&l, 1, 4, 2);
	l.adj[1 * 4 + 2] = l.adj[2 * 4 + 1] = 0;
	l.load[0] = l.load[1] = l.load[2] = l.load[3] = 1;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.extra_pieces, 0, "two islands, 2 workers: no split worker");
	ok(worker[0] == worker[1] && worker[2] == worker[3] &&
	    worker[0] != worker[2], "two islands: one each");

	/* Three islands, two workers: one extra piece is unavoidable. */
	block(&l, 1, 3, 2);
	l.adj[1] = l.adj[3] = l.adj[5] = l.adj[7] = 0;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.extra_pieces, 1, "three islands, 2 workers: one extra piece");
	is_int(s.max_load, 2, "three islands, 2 workers: max 2");

	/* Grids without load still keep workers contiguous. */
	block(&l, 1, 6, 2);
	memset(l.load, 0, sizeof(l.load));
	l.load[0] = 4;
	l.load[5] = 4;
	grid_balance_solve_heuristic(&l.b, worker, &s, &err);
	ok(contiguous(&l, worker) && s.max_load == 4,
	    "zero-load grids: contiguous, 4 each");

	/* Without any load every worker still gets a grid. */
	block(&l, 1, 6, 3);
	memset(l.load, 0, sizeof(l.load));
	memset(l.holds, 0, sizeof(l.holds));
	for (i = 0; i < 6; i++)
		l.holds[i * 3] = 1;
	l.b.holds = l.holds;
	grid_balance_solve(&l.b, worker, &s, &err);
	is_int(s.idle, 0, "no load: no worker left without grids");
	ok(contiguous(&l, worker), "no load: contiguous");
	is_int(s.changes, 2, "no load: two grids move, one to each");
	l.b.holds = NULL;

	/* No grids; no workers. */
	block(&l, 1, 0, 2);
	is_int(grid_balance_solve(&l.b, worker, &s, &err), 0,
	    "no grids: nothing to do");
	block(&l, 1, 3, 0);
	is_int(grid_balance_solve(&l.b, worker, &s, &err), -1,
	    "no workers: an error");
	is_int(err.code, GRID_EINTERNAL, "no workers: internal error");

	/* grid_balance_pieces and grid_balance_score agree with ours. */
	block(&l, 1, 5, 2);
	{
		int split[5] = { 0, 1, 0, 1, 1 };

		is_int(grid_balance_pieces(&l.b, split, 0), 2,
		    "pieces: worker 1 in two pieces");
		is_int(grid_balance_pieces(&l.b, split, 1), 2,
		    "pieces: worker 2 in two pieces");
		grid_balance_score(&l.b, split, &s, &err);
		is_int(s.extra_pieces, 2, "score: two extra pieces");
		is_int(s.max_load, 3, "score: max 3");
		is_int(s.sum_squares, 13, "score: 2^2 + 3^2");
	}
}

/* ---- neighbouring polygons ---- */

static struct grid_multipolygon *
geometry(const char *text)
{
	struct grid_multipolygon *mp = NULL;
	struct grid_error err;
	json_error_t jerr;
	json_t *json;

	if ((json = json_loads(text, 0, &jerr)) == NULL) {
		printf("# bad test JSON: %s\n", jerr.text);
		return NULL;
	}
	if ((mp = grid_geojson_geometry(json, &err)) == NULL)
		printf("# geometry: %s\n", err.text);
	json_decref(json);
	return mp;
}

static void
check_neighbours(const char *a, const char *b, int want, const char *what)
{
	struct grid_multipolygon *ma = geometry(a), *mb = geometry(b);

	ok(ma != NULL && mb != NULL &&
	    grid_adjacency_polygons(ma, mb) == want &&
	    grid_adjacency_polygons(mb, ma) == want, what);
	grid_multipolygon_free(ma);
	grid_multipolygon_free(mb);
}

static void
test_neighbours(void)
{
	static const char square[] = "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}";

	check_neighbours(square, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[2,0],[4,0],[4,2],[2,2],[2,0]]]}", 1,
	    "squares sharing an edge are neighbours");
	check_neighbours(square, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[2,2],[4,2],[4,4],[2,4],[2,2]]]}", 0,
	    "squares touching at a corner are not");
	check_neighbours(square, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[2,1],[3,1],[3,3],[2,3],[2,1]]]}", 1,
	    "a square sharing half an edge is");
	check_neighbours(square, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[2,0],[2,1],[2,2],[4,2],[4,0],[2,0]]]}", 1,
	    "an edge split by a vertex on one side only is shared");
	check_neighbours(square, "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[3,0],[5,0],[5,2],[3,2],[3,0]]]}", 0,
	    "squares apart are not");
	check_neighbours("{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[120.1,31.1],[120.2,31.1],[120.2,31.2],[120.1,31.2],"
	    "[120.1,31.1]]]}", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[120.2000000000001,31.1],[120.3,31.1],[120.3,31.2],"
	    "[120.2,31.2],[120.2000000000001,31.1]]]}", 1,
	    "an edge a rounding error apart is shared");
	check_neighbours("{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[6,0],[6,6],[0,6],[0,0]],[[2,2],[4,2],[4,4],[2,4],"
	    "[2,2]]]}", "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[2,2],[4,2],[4,4],[2,4],[2,2]]]}", 1,
	    "a grid filling another's hole is its neighbour");
	check_neighbours(square, "{\"type\":\"MultiPolygon\",\"coordinates\":"
	    "[[[[9,9],[10,9],[10,10],[9,10],[9,9]]],"
	    "[[[0,2],[2,2],[2,3],[0,3],[0,2]]]]}", 1,
	    "the second polygon of a multipolygon counts");
	ok(grid_adjacency_polygons(NULL, NULL) == 0, "NULL: not neighbours");
}

static void
test_codes(void)
{
	ok(grid_adjacency_codes("32050801801401", "32050801801402"),
	    "grids 01 and 02 of a community are neighbours");
	ok(grid_adjacency_codes("32050801801410", "32050801801409"),
	    "grids 10 and 09 are neighbours");
	ok(!grid_adjacency_codes("32050801801401", "32050801801403"),
	    "grids 01 and 03 are not");
	ok(!grid_adjacency_codes("32050801801401", "32050801801901"),
	    "grids of two communities are not");
	ok(grid_adjacency_codes("320508018014001", "320508018014002"),
	    "3-digit sequences 001 and 002 are");
	ok(!grid_adjacency_codes("32050801801401", "320508018014002"),
	    "codes of different widths are not");
	ok(!grid_adjacency_codes("320508018014", "32050801801401"),
	    "a community code is no grid");
}

int
main(void)
{
	test_strips();
	test_blocks();
	test_random();
	test_large();
	test_stable();
	test_edges();
	test_neighbours();
	test_codes();
	return tap_done();
}
