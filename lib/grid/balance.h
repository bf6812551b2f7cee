/*
 * balance.h - sharing a community's grids out between its workers so
 * that their loads are even and each worker's grids are contiguous: a
 * balanced, connected partition of a small graph of grids.
 *
 * The problem is given as plain arrays, so it can be built from the
 * database (workers.h does, with adjacency.h) or by hand (tests).
 * Grids are numbered 0..ngrids-1, workers 0..nworkers-1.  Everything
 * here is deterministic: the same problem always gives the same answer.
 */
#ifndef GRID_BALANCE_H
#define GRID_BALANCE_H

#include <stddef.h>

#include "grid/error.h"

/* The largest problem solved: grids (a 3-digit sequence) and workers. */
#define GRID_BALANCE_MAX_GRIDS 999
#define GRID_BALANCE_MAX_WORKERS 999

struct grid_balance {
	size_t ngrids;
	size_t nworkers;
	const long *load;		/* [ngrids], each >= 0 */
	/*
	 * [ngrids * ngrids]: adjacent[i * ngrids + j] non-zero when grids i
	 * and j are neighbours; symmetric, the diagonal is ignored.
	 */
	const unsigned char *adjacent;
	/*
	 * [ngrids * nworkers] or NULL: holds[i * nworkers + w] non-zero
	 * when worker w has grid i now.  Among equally good answers the one
	 * that changes the fewest grids wins, so balancing a balanced
	 * community changes nothing.
	 */
	const unsigned char *holds;
};

/*
 * How good an assignment is; smaller is better, compared field by field
 * in this order (grid_balance_compare).
 */
struct grid_balance_score {
	size_t extra_pieces;	/* connected pieces beyond one per worker */
	size_t idle;		/* workers without a grid */
	long max_load;		/* of the heaviest worker */
	long long sum_squares;	/* of the workers' loads: evenness */
	size_t changes;		/* grids given to a worker not holding it */
	long min_load;		/* of the lightest (not compared) */
};

/*
 * Assigns every grid to a worker: worker[i] (caller-allocated, ngrids
 * entries) receives the worker of grid i.  Contiguity comes first (no
 * worker's grids are split when the neighbour graph allows it), then
 * every worker gets a grid when there are enough, then the heaviest
 * load is made as small as it can be found, then the loads as even as
 * possible, then the fewest grids move.  The search starts
 * from the current holdings and from grown seed partitions, and
 * improves each by chains of moves of boundary grids; for small
 * problems (up to 8 workers and a search space of about a million
 * assignments) it is exact.  score (may be NULL) receives the score of
 * the answer.  Returns 0, or -1 with err: GRID_EINTERNAL when there is
 * no worker, too many grids or workers, or no memory.
 */
int grid_balance_solve(const struct grid_balance *b, int *worker,
    struct grid_balance_score *score, struct grid_error *err);

/*
 * The same without the exact search, always the heuristic: for tests
 * that measure it against brute force.
 */
int grid_balance_solve_heuristic(const struct grid_balance *b, int *worker,
    struct grid_balance_score *score, struct grid_error *err);

/*
 * The score of any complete assignment (every worker[i] in
 * 0..nworkers-1).  Returns 0, or -1 with err when out of memory.
 */
int grid_balance_score(const struct grid_balance *b, const int *worker,
    struct grid_balance_score *score, struct grid_error *err);

/* Orders scores: < 0 when a is better than b, 0 when equal, > 0. */
int grid_balance_compare(const struct grid_balance_score *a,
    const struct grid_balance_score *b);

/*
 * The number of connected pieces that the grids assigned to worker w
 * form (0 when it has none).  Returns (size_t)-1 when out of memory.
 */
size_t grid_balance_pieces(const struct grid_balance *b, const int *worker,
    int w);

#endif
