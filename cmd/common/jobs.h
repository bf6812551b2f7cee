/*
 * jobs.h - a city's view in parallel (-j): a worker process per database,
 * as many at once as -j says, their results taken in the order the
 * workers were started, so that the answer is the same bytes as one
 * process reading the databases one after another.  grid-report's and
 * grid-stats' several -d.  Part of the tools, never of libgrid.
 */
#ifndef CLI_JOBS_H
#define CLI_JOBS_H

#include <sys/types.h>

#include "grid/error.h"

#define CLI_JOBS_MAX 64

/* -j N: 1 to CLI_JOBS_MAX processes, else a usage error (exits 64). */
int cli_jobs_option(const char *text);

/*
 * The processes to run for n databases: jobs (0: the processors online),
 * at most n and CLI_JOBS_MAX, at least 1.
 */
int cli_jobs_count(int jobs, int n);

struct cli_job {
	pid_t pid;
	int fd;			/* the worker's result comes through it */
};

/*
 * Workers running: take(ctx, fd, err) reads one's result from its pipe
 * (0, or -1 with err); the oldest is taken first.
 */
struct cli_jobs {
	int max, first, running;
	struct cli_job w[CLI_JOBS_MAX];
	int (*take)(void *ctx, int fd, struct grid_error *err);
	void *ctx;
};

/* Sets j up for at most max workers at once (cli_jobs_count); SIGCHLD
 * ignored is set to its default (a worker's exit status kept). */
void cli_jobs_init(struct cli_jobs *j, int max,
    int (*take)(void *ctx, int fd, struct grid_error *err), void *ctx);

/*
 * Starts work(arg, fd) in a new process, which writes its result to fd
 * and then exits 0; when max are running, the oldest is taken first.
 * Returns 0, or -1 with err (that one's error, or pipe or fork failing).
 */
int cli_jobs_start(struct cli_jobs *j, void (*work)(void *arg, int fd),
    void *arg, struct grid_error *err);

/*
 * Takes the oldest worker running: its result (take), then its end (a
 * worker that did not exit 0 is an error).  Returns 0, or -1 with err.
 */
int cli_jobs_take(struct cli_jobs *j, struct grid_error *err);

/*
 * Rows of text through a pipe, from a worker to the process that adds
 * them: cli_jobs_send_row writes one row of n values (NULL: no value),
 * cli_jobs_send_end the worker's error (code 0: none) after the last;
 * cli_jobs_receive_rows reads rows of n values until the end, handing
 * each to on_row (non-zero from it stops with *failed set), and returns
 * 0, or -1 with err (the worker's error, or the stream's).
 */
int cli_jobs_send_row(int fd, const char *const *values, size_t n,
    struct grid_error *err);
int cli_jobs_send_end(int fd, const struct grid_error *result);
int cli_jobs_receive_rows(int fd, size_t n,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    int *failed, struct grid_error *err);

#endif
