/*
 * assign_balance.c - a balanced, connected partition of a community's grids
 * between its workers (grid_balance_solve).
 *
 * The heuristic: several starting partitions (the current holdings with
 * their stray pieces given back, and partitions grown from seeds spread
 * far apart), each improved by chains of up to three moves of single
 * grids, a chain starting with the part it takes a grid from and going
 * on from the part that received it; a chain is kept when it makes the
 * score better (grid_balance_compare), and no move in it may leave the
 * parts in more pieces than before.  The best result is then the bound
 * of an exact branch and bound when the search space is small.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grid/balance.h"
#include "internal.h"

#define CHAIN_DEPTH 3		/* moves in one improving chain */
#define IMPROVE_MAX 100000	/* improvements per start, a safety cap */
#define SEEDED_STARTS 8		/* starts grown from seeds */
#define EXACT_WORKERS 8		/* exact search: at most this many ... */
#define EXACT_SPACE 1e6		/* ... and nworkers^ngrids up to this */
#define EXACT_NODES 4000000L	/* nodes visited before giving up */

/* Adjacency lists of the neighbour matrix. */
struct graph {
	size_t n;
	size_t *first;		/* [n + 1] */
	int *next;		/* of i: next[first[i]..first[i + 1]) */
	int connected;		/* 1 when every grid reaches all */
};

/* An assignment being improved, with what is derived from it. */
struct state {
	const struct grid_balance *b;
	const struct graph *g;
	size_t n, k;
	int *worker;		/* [n]; -1 while unassigned */
	long *load;		/* [k] */
	size_t *count;		/* [k] grids */
	size_t *pieces;		/* [k] */
	size_t changes;
	unsigned char *moved;	/* [n]: moved in the chain being tried */
	int *queue;		/* [n] */
	int *label;		/* [n]: pieces, scratch */
	unsigned *mark;		/* [n]: visited when == stamp */
	unsigned stamp;
};

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

static int
holds(const struct grid_balance *b, size_t grid, int w)
{
	return b->holds != NULL && w >= 0 &&
	    b->holds[grid * b->nworkers + (size_t)w] != 0;
}

/* ---- the neighbour graph ---- */

static void
graph_release(struct graph *g)
{
	free(g->first);
	free(g->next);
}

static int
graph_init(struct graph *g, const struct grid_balance *b)
{
	size_t n = b->ngrids, i, j, m = 0;

	g->n = n;
	g->first = calloc(n + 1, sizeof(*g->first));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && (b->adjacent[i * n + j] ||
			    b->adjacent[j * n + i]))
				m++;
	g->next = malloc((m + 1) * sizeof(*g->next));
	if (g->first == NULL || g->next == NULL)
		return -1;
	m = 0;
	for (i = 0; i < n; i++) {
		g->first[i] = m;
		for (j = 0; j < n; j++)
			if (i != j && (b->adjacent[i * n + j] ||
			    b->adjacent[j * n + i]))
				g->next[m++] = (int)j;
	}
	g->first[n] = m;
	return 0;
}

/* ---- the state ---- */

static void
state_release(struct state *st)
{
	free(st->worker);
	free(st->load);
	free(st->count);
	free(st->pieces);
	free(st->moved);
	free(st->queue);
	free(st->label);
	free(st->mark);
}

static int
state_init(struct state *st, const struct grid_balance *b,
    const struct graph *g)
{
	memset(st, 0, sizeof(*st));
	st->b = b;
	st->g = g;
	st->n = b->ngrids;
	st->k = b->nworkers;
	st->worker = malloc((st->n + 1) * sizeof(*st->worker));
	st->load = calloc(st->k + 1, sizeof(*st->load));
	st->count = calloc(st->k + 1, sizeof(*st->count));
	st->pieces = calloc(st->k + 1, sizeof(*st->pieces));
	st->moved = calloc(st->n + 1, 1);
	st->queue = malloc((st->n + 1) * sizeof(*st->queue));
	st->label = malloc((st->n + 1) * sizeof(*st->label));
	st->mark = calloc(st->n + 1, sizeof(*st->mark));
	if (st->worker == NULL || st->load == NULL || st->count == NULL ||
	    st->pieces == NULL || st->moved == NULL || st->queue == NULL ||
	    st->label == NULL || st->mark == NULL)
		return -1;
	return 0;
}

static void
next_stamp(struct state *st)
{
	if (++st->stamp == 0) {
		memset(st->mark, 0, st->n * sizeof(*st->mark));
		st->stamp = 1;
	}
}

/* Marks and counts what start reaches through grids of part w. */
static void
flood(struct state *st, int start, int w)
{
	size_t head = 0, tail = 0, e;
	int at, to;

	st->mark[start] = st->stamp;
	st->queue[tail++] = start;
	while (head < tail) {
		at = st->queue[head++];
		for (e = st->g->first[at]; e < st->g->first[at + 1]; e++) {
			to = st->g->next[e];
			if (st->worker[to] == w && st->mark[to] != st->stamp) {
				st->mark[to] = st->stamp;
				st->queue[tail++] = to;
			}
		}
	}
}

/* Number of connected pieces of part w. */
static size_t
count_pieces(struct state *st, int w)
{
	size_t i, pieces = 0;

	next_stamp(st);
	for (i = 0; i < st->n; i++)
		if (st->worker[i] == w && st->mark[i] != st->stamp) {
			flood(st, (int)i, w);
			pieces++;
		}
	return pieces;
}

/* Recomputes loads, counts, pieces and changes from worker[]. */
static void
state_derive(struct state *st)
{
	size_t i, w;

	memset(st->load, 0, st->k * sizeof(*st->load));
	memset(st->count, 0, st->k * sizeof(*st->count));
	st->changes = 0;
	for (i = 0; i < st->n; i++) {
		if (st->worker[i] < 0)
			continue;
		st->load[st->worker[i]] += st->b->load[i];
		st->count[st->worker[i]]++;
		if (!holds(st->b, i, st->worker[i]))
			st->changes++;
	}
	for (w = 0; w < st->k; w++)
		st->pieces[w] = count_pieces(st, (int)w);
}

static void
state_score(const struct state *st, struct grid_balance_score *s)
{
	size_t w;

	memset(s, 0, sizeof(*s));
	s->min_load = st->k > 0 ? st->load[0] : 0;
	for (w = 0; w < st->k; w++) {
		if (st->count[w] > 0)
			s->extra_pieces += st->pieces[w] - 1;
		else
			s->idle++;
		if (st->load[w] > s->max_load)
			s->max_load = st->load[w];
		if (st->load[w] < s->min_load)
			s->min_load = st->load[w];
		s->sum_squares += (long long)st->load[w] * st->load[w];
	}
	s->changes = st->changes;
}

/* Gives grid to part to, keeping everything derived up to date. */
static void
move_grid(struct state *st, int grid, int to)
{
	int from = st->worker[grid];

	st->load[from] -= st->b->load[grid];
	st->count[from]--;
	st->changes -= !holds(st->b, (size_t)grid, from);
	st->load[to] += st->b->load[grid];
	st->count[to]++;
	st->changes += !holds(st->b, (size_t)grid, to);
	st->worker[grid] = to;
	st->pieces[from] = count_pieces(st, from);
	st->pieces[to] = count_pieces(st, to);
}

int
grid_balance_compare(const struct grid_balance_score *a,
    const struct grid_balance_score *b)
{
	if (a->extra_pieces != b->extra_pieces)
		return a->extra_pieces < b->extra_pieces ? -1 : 1;
	if (a->idle != b->idle)
		return a->idle < b->idle ? -1 : 1;
	if (a->max_load != b->max_load)
		return a->max_load < b->max_load ? -1 : 1;
	if (a->sum_squares != b->sum_squares)
		return a->sum_squares < b->sum_squares ? -1 : 1;
	if (a->changes != b->changes)
		return a->changes < b->changes ? -1 : 1;
	return 0;
}

/* ---- starting partitions ---- */

/* The lightest part (lowest index among equals) for which ok holds. */
static int
lightest(const struct state *st, const unsigned char *ok)
{
	size_t w;
	int best = -1;

	for (w = 0; w < st->k; w++)
		if (ok[w] && (best < 0 || st->load[w] < st->load[best]))
			best = (int)w;
	return best;
}

/* The unassigned grid with the most neighbours in part p (the first). */
static int
most_attached(const struct state *st, int p)
{
	size_t i, e, links, best_links = 0;
	int grid = -1;

	for (i = 0; i < st->n; i++) {
		if (st->worker[i] >= 0)
			continue;
		links = 0;
		for (e = st->g->first[i]; e < st->g->first[i + 1]; e++)
			links += st->worker[st->g->next[e]] == p;
		if (links > best_links) {
			best_links = links;
			grid = (int)i;
		}
	}
	return grid;
}

/*
 * Gives every unassigned grid a part: the lightest part that borders an
 * unassigned grid takes the one most attached to it; a grid that no part
 * reaches seeds an empty part, or else joins the lightest.
 */
static void
grow(struct state *st, unsigned char *ok)
{
	size_t i, e;
	int p, grid, w;

	for (;;) {
		memset(ok, 0, st->k);
		grid = -1;
		for (i = 0; i < st->n; i++) {
			if (st->worker[i] >= 0)
				continue;
			if (grid < 0)
				grid = (int)i;
			for (e = st->g->first[i]; e < st->g->first[i + 1]; e++)
				if ((w = st->worker[st->g->next[e]]) >= 0)
					ok[w] = 1;
		}
		if (grid < 0)
			return;
		if ((p = lightest(st, ok)) >= 0)
			grid = most_attached(st, p);
		else {
			for (i = 0; i < st->k; i++)
				ok[i] = st->count[i] == 0;
			if ((p = lightest(st, ok)) < 0) {
				memset(ok, 1, st->k);
				p = lightest(st, ok);
			}
		}
		st->worker[grid] = p;
		st->load[p] += st->b->load[grid];
		st->count[p]++;
	}
}

/* Gives back (-1) every grid of part w outside its heaviest piece. */
static void
keep_heaviest_piece(struct state *st, int w)
{
	size_t i, j, pieces = 0, best = 0;
	long best_load = -1, piece_load;

	for (i = 0; i < st->n; i++)
		st->label[i] = -1;
	for (i = 0; i < st->n; i++) {
		if (st->worker[i] != w || st->label[i] >= 0)
			continue;
		/* Grids of w before i are in earlier pieces. */
		next_stamp(st);
		flood(st, (int)i, w);
		piece_load = 0;
		for (j = i; j < st->n; j++)
			if (st->mark[j] == st->stamp) {
				st->label[j] = (int)pieces;
				piece_load += st->b->load[j];
			}
		if (piece_load > best_load) {
			best_load = piece_load;
			best = pieces;
		}
		pieces++;
	}
	for (i = 0; i < st->n; i++)
		if (st->worker[i] == w && st->label[i] != (int)best) {
			st->worker[i] = -1;
			st->load[w] -= st->b->load[i];
			st->count[w]--;
		}
}

/*
 * The current holdings: a grid held by one worker stays with it, one
 * held by several goes to the lightest of them; each part then keeps
 * only its heaviest piece, and what is left over is grown into.
 */
static void
start_current(struct state *st, unsigned char *ok)
{
	size_t i, w, held;
	int pass, p;

	for (i = 0; i < st->n; i++)
		st->worker[i] = -1;
	memset(st->load, 0, st->k * sizeof(*st->load));
	memset(st->count, 0, st->k * sizeof(*st->count));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < st->n; i++) {
			memset(ok, 0, st->k);
			for (w = held = 0; w < st->k; w++)
				if (holds(st->b, i, (int)w))
					held += ok[w] = 1;
			if (held == 0 || (held == 1) != (pass == 0))
				continue;
			p = lightest(st, ok);
			st->worker[i] = p;
			st->load[p] += st->b->load[i];
			st->count[p]++;
		}
	for (w = 0; w < st->k; w++)
		keep_heaviest_piece(st, (int)w);
	grow(st, ok);
}

/* Breadth-first distances from seed into dist (SIZE_MAX: unreachable). */
static void
distances(struct state *st, int seed, size_t *dist)
{
	size_t head = 0, tail = 0, e, i;
	int at, to;

	for (i = 0; i < st->n; i++)
		dist[i] = (size_t)-1;
	dist[seed] = 0;
	st->queue[tail++] = seed;
	while (head < tail) {
		at = st->queue[head++];
		for (e = st->g->first[at]; e < st->g->first[at + 1]; e++) {
			to = st->g->next[e];
			if (dist[to] == (size_t)-1) {
				dist[to] = dist[at] + 1;
				st->queue[tail++] = to;
			}
		}
	}
}

/*
 * Seeds spread far apart (each the grid farthest from those before it,
 * unreachable ones first), part w grown from seed w.  near[] is scratch.
 */
static void
start_seeded(struct state *st, int first, size_t *near, size_t *dist,
    unsigned char *ok)
{
	size_t i, w, seeds = st->k < st->n ? st->k : st->n;
	int seed = first;

	for (i = 0; i < st->n; i++) {
		st->worker[i] = -1;
		near[i] = (size_t)-1;
	}
	memset(st->load, 0, st->k * sizeof(*st->load));
	memset(st->count, 0, st->k * sizeof(*st->count));
	for (w = 0; w < seeds; w++) {
		st->worker[seed] = (int)w;
		st->load[w] = st->b->load[seed];
		st->count[w] = 1;
		distances(st, seed, dist);
		seed = -1;
		for (i = 0; i < st->n; i++) {
			if (dist[i] < near[i])
				near[i] = dist[i];
			if (st->worker[i] < 0 && (seed < 0 ||
			    near[i] > near[seed]))
				seed = (int)i;
		}
	}
	grow(st, ok);
}

/*
 * Renames the parts of a grown partition so that as many grids as can
 * be stay with the worker holding them (greedy on the overlap).
 */
static int
relabel(struct state *st)
{
	size_t k = st->k, i, p, w, bp = 0, bw = 0;
	size_t *overlap = calloc(k * k, sizeof(*overlap));
	int *to = malloc(k * sizeof(*to));
	unsigned char *used = calloc(2 * k, 1);
	long best;
	int rc = -1;

	if (overlap == NULL || to == NULL || used == NULL)
		goto out;
	for (i = 0; i < st->n; i++)
		for (w = 0; w < k; w++)
			overlap[(size_t)st->worker[i] * k + w] +=
			    holds(st->b, i, (int)w);
	for (i = 0; i < k; i++) {
		best = -1;
		for (p = 0; p < k; p++)
			for (w = 0; w < k; w++)
				if (!used[p] && !used[k + w] &&
				    (long)overlap[p * k + w] > best) {
					best = (long)overlap[p * k + w];
					bp = p;
					bw = w;
				}
		used[bp] = used[k + bw] = 1;
		to[bp] = (int)bw;
	}
	for (i = 0; i < st->n; i++)
		st->worker[i] = to[st->worker[i]];
	rc = 0;
out:
	free(overlap);
	free(to);
	free(used);
	return rc;
}

/* ---- improving ---- */

/*
 * Marks in to[] the parts grid could move to from its own: those of its
 * neighbours and the first empty part, or every part when the grids are
 * not all connected (an island can only join a part it does not touch).
 */
static void
destinations(const struct state *st, size_t grid, unsigned char *to)
{
	size_t e, w;

	memset(to, !st->g->connected, st->k);
	for (e = st->g->first[grid]; e < st->g->first[grid + 1]; e++)
		to[st->worker[st->g->next[e]]] = 1;
	for (w = 0; w < st->k; w++)
		if (st->count[w] == 0) {
			to[w] = 1;
			break;
		}
	to[st->worker[grid]] = 0;
}

/*
 * Tries chains of up to depth moves, the first taking a grid from part
 * from, each next one from the part that received the last.  A move
 * never raises the extra pieces above base's.  Returns 1 and keeps the
 * chain when it makes the score better than base, else 0 with the state
 * as it was.  to[] has room for k * depth marks.
 */
static int
chain(struct state *st, int from, size_t depth,
    const struct grid_balance_score *base, unsigned char *to)
{
	struct grid_balance_score s;
	size_t i, w;

	for (i = 0; i < st->n; i++) {
		if (st->worker[i] != from || st->moved[i])
			continue;
		destinations(st, i, to);
		for (w = 0; w < st->k; w++) {
			if (!to[w])
				continue;
			move_grid(st, (int)i, (int)w);
			st->moved[i] = 1;
			state_score(st, &s);
			if (grid_balance_compare(&s, base) < 0)
				return 1;
			if (depth > 1 && s.extra_pieces <= base->extra_pieces &&
			    chain(st, (int)w, depth - 1, base, to + st->k))
				return 1;
			st->moved[i] = 0;
			move_grid(st, (int)i, from);
		}
	}
	return 0;
}

/* Improves the state by chains until none helps. */
static void
improve(struct state *st, unsigned char *scratch)
{
	struct grid_balance_score base;
	size_t depth, rounds, i, w;
	unsigned char *tried = scratch;
	unsigned char *seen = scratch + st->k;
	int p, found = 1;

	state_derive(st);
	for (rounds = 0; found && rounds < IMPROVE_MAX; rounds++) {
		state_score(st, &base);
		found = 0;
		for (depth = 1; depth <= CHAIN_DEPTH && !found; depth++) {
			memset(tried, 0, st->k);
			/* Heaviest parts first. */
			for (w = 0; w < st->k && !found; w++) {
				p = -1;
				for (i = 0; i < st->k; i++)
					if (!tried[i] && (p < 0 ||
					    st->load[i] > st->load[p]))
						p = (int)i;
				tried[p] = 1;
				memset(st->moved, 0, st->n);
				found = chain(st, p, depth, &base, seen);
			}
		}
	}
}

/* ---- exact search ---- */

struct exact {
	struct state *st;
	const int *order;	/* grids, heaviest first */
	int *best;		/* [n] */
	struct grid_balance_score best_score;
	long nodes;
	int symmetric;		/* no holdings: workers interchangeable */
	int prune;		/* pruning on the load is safe */
};

static long
max_load(const struct state *st)
{
	size_t w;
	long m = 0;

	for (w = 0; w < st->k; w++)
		if (st->load[w] > m)
			m = st->load[w];
	return m;
}

static long long
sum_squares(const struct state *st)
{
	size_t w;
	long long s = 0;

	for (w = 0; w < st->k; w++)
		s += (long long)st->load[w] * st->load[w];
	return s;
}

static void
exact_leaf(struct exact *x)
{
	struct state *st = x->st;
	struct grid_balance_score s;
	size_t w;

	for (w = 0; w < st->k; w++)
		st->pieces[w] = count_pieces(st, (int)w);
	state_score(st, &s);
	if (grid_balance_compare(&s, &x->best_score) < 0) {
		x->best_score = s;
		memcpy(x->best, st->worker, st->n * sizeof(*x->best));
	}
}

static void
exact_search(struct exact *x, size_t depth, int used)
{
	struct state *st = x->st;
	const struct grid_balance_score *best = &x->best_score;
	int grid, w, limit;
	long m;

	if (++x->nodes > EXACT_NODES)
		return;
	if (depth == st->n) {
		exact_leaf(x);
		return;
	}
	grid = x->order[depth];
	limit = x->symmetric && used + 1 < (int)st->k ? used + 1 :
	    (int)st->k - 1;
	for (w = 0; w <= limit; w++) {
		st->worker[grid] = w;
		st->load[w] += st->b->load[grid];
		st->count[w]++;
		st->changes += !holds(st->b, (size_t)grid, w);
		m = max_load(st);
		if (!x->prune || m < best->max_load ||
		    (m == best->max_load && sum_squares(st) <=
		    best->sum_squares))
			exact_search(x, depth + 1, w > used ? w : used);
		st->changes -= !holds(st->b, (size_t)grid, w);
		st->count[w]--;
		st->load[w] -= st->b->load[grid];
		st->worker[grid] = -1;
	}
}

/* Whether grid a comes before grid b: heavier first, then lower. */
static int
heavier(const long *load, int a, int b)
{
	return load[a] != load[b] ? load[a] > load[b] : a < b;
}

/* Sorts grid numbers heaviest first (insertion sort: n is small). */
static void
order_by_load(int *order, size_t n, const long *load)
{
	size_t i, j;
	int v;

	for (i = 0; i < n; i++)
		order[i] = (int)i;
	for (i = 1; i < n; i++) {
		v = order[i];
		for (j = i; j > 0 && heavier(load, v, order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
}

/* Whether nworkers^ngrids is small enough for the exact search. */
static int
exact_feasible(const struct grid_balance *b)
{
	return b->nworkers <= EXACT_WORKERS &&
	    (double)b->ngrids * log((double)b->nworkers) <=
	    log(EXACT_SPACE) + 1e-9;
}

static int
solve_exact(struct state *st, int *worker, struct grid_balance_score *score)
{
	struct exact x;
	int *order = malloc((st->n + 1) * sizeof(*order));
	size_t i;

	if (order == NULL)
		return -1;
	order_by_load(order, st->n, st->b->load);
	memset(&x, 0, sizeof(x));
	x.st = st;
	x.order = order;
	x.best = worker;
	x.best_score = *score;
	x.symmetric = st->b->holds == NULL;
	/* Nothing beats it on pieces or idle workers: prune on load. */
	x.prune = score->extra_pieces == 0 && score->idle ==
	    (st->k > st->n ? st->k - st->n : 0);
	for (i = 0; i < st->n; i++)
		st->worker[i] = -1;
	memset(st->load, 0, st->k * sizeof(*st->load));
	memset(st->count, 0, st->k * sizeof(*st->count));
	st->changes = 0;
	exact_search(&x, 0, -1);
	*score = x.best_score;
	free(order);
	return 0;
}

/* ---- solving ---- */

static int
check_problem(const struct grid_balance *b, struct grid_error *err)
{
	size_t i;

	if (b->nworkers == 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no worker to give grids to");
	if (b->ngrids > GRID_BALANCE_MAX_GRIDS ||
	    b->nworkers > GRID_BALANCE_MAX_WORKERS)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "too many grids (%zu) or workers (%zu) to balance",
		    b->ngrids, b->nworkers);
	for (i = 0; i < b->ngrids; i++)
		if (b->load[i] < 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "negative load of grid %zu", i);
	return 0;
}

/* 1 when every grid reaches grid 0. */
static int
connected(struct state *st, size_t *dist)
{
	size_t i;

	if (st->n == 0)
		return 1;
	distances(st, 0, dist);
	for (i = 0; i < st->n; i++)
		if (dist[i] == (size_t)-1)
			return 0;
	return 1;
}

/*
 * The first seeds of the seeded starts: the heaviest grid, then grids
 * spread evenly over the numbering.  Returns how many (at most max).
 */
static size_t
first_seeds(const struct state *st, int *first, size_t max)
{
	size_t i, j, m = 1, spread = st->n < max - 1 ? st->n : max - 1;
	int heaviest = 0, seed;

	for (i = 1; i < st->n; i++)
		if (st->b->load[i] > st->b->load[heaviest])
			heaviest = (int)i;
	first[0] = heaviest;
	for (i = 0; i < spread; i++) {
		seed = (int)(i * st->n / spread);
		for (j = 0; j < m && first[j] != seed; j++)
			continue;
		if (j == m)
			first[m++] = seed;
	}
	return m;
}

/* Runs the starts; the best assignment goes to worker, its score to s. */
static int
heuristic(struct state *st, struct graph *g, int *worker,
    struct grid_balance_score *s)
{
	struct grid_balance_score cur;
	size_t n = st->n, nfirst, start;
	size_t *near = malloc((n + 1) * sizeof(*near));
	size_t *dist = malloc((n + 1) * sizeof(*dist));
	unsigned char *scratch = malloc(st->k * (CHAIN_DEPTH + 2) + 1);
	int first[SEEDED_STARTS], have = 0, rc = -1;

	if (near == NULL || dist == NULL || scratch == NULL)
		goto out;
	g->connected = connected(st, dist);
	nfirst = first_seeds(st, first, SEEDED_STARTS);
	for (start = 0; start <= nfirst; start++) {
		if (start == 0)
			start_current(st, scratch);
		else {
			start_seeded(st, first[start - 1], near, dist,
			    scratch);
			if (relabel(st) != 0)
				goto out;
		}
		improve(st, scratch);
		state_score(st, &cur);
		if (!have || grid_balance_compare(&cur, s) < 0) {
			*s = cur;
			memcpy(worker, st->worker, n * sizeof(*worker));
			have = 1;
		}
	}
	rc = 0;
out:
	free(near);
	free(dist);
	free(scratch);
	return rc;
}

static int
solve(const struct grid_balance *b, int *worker,
    struct grid_balance_score *score, int exact, struct grid_error *err)
{
	struct graph g;
	struct state st;
	struct grid_balance_score s;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	memset(&st, 0, sizeof(st));
	if (check_problem(b, err) != 0)
		return -1;
	if (b->ngrids == 0) {
		if (score != NULL)
			memset(score, 0, sizeof(*score));
		return 0;
	}
	if (graph_init(&g, b) != 0 || state_init(&st, b, &g) != 0 ||
	    heuristic(&st, &g, worker, &s) != 0) {
		rc = oom(err);
		goto out;
	}
	if (exact && exact_feasible(b) && solve_exact(&st, worker, &s) != 0) {
		rc = oom(err);
		goto out;
	}
	if (score != NULL)
		*score = s;
	rc = 0;
out:
	state_release(&st);
	graph_release(&g);
	return rc;
}

int
grid_balance_solve(const struct grid_balance *b, int *worker,
    struct grid_balance_score *score, struct grid_error *err)
{
	return solve(b, worker, score, 1, err);
}

int
grid_balance_solve_heuristic(const struct grid_balance *b, int *worker,
    struct grid_balance_score *score, struct grid_error *err)
{
	return solve(b, worker, score, 0, err);
}

int
grid_balance_score(const struct grid_balance *b, const int *worker,
    struct grid_balance_score *score, struct grid_error *err)
{
	struct graph g;
	struct state st;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	memset(&st, 0, sizeof(st));
	if (graph_init(&g, b) != 0 || state_init(&st, b, &g) != 0) {
		rc = oom(err);
		goto out;
	}
	memcpy(st.worker, worker, b->ngrids * sizeof(*worker));
	state_derive(&st);
	state_score(&st, score);
	rc = 0;
out:
	state_release(&st);
	graph_release(&g);
	return rc;
}

size_t
grid_balance_pieces(const struct grid_balance *b, const int *worker, int w)
{
	struct graph g;
	struct state st;
	size_t pieces = (size_t)-1;

	memset(&g, 0, sizeof(g));
	memset(&st, 0, sizeof(st));
	if (graph_init(&g, b) == 0 && state_init(&st, b, &g) == 0) {
		memcpy(st.worker, worker, b->ngrids * sizeof(*worker));
		pieces = count_pieces(&st, w);
	}
	state_release(&st);
	graph_release(&g);
	return pieces;
}
