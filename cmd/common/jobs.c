/*
 * jobs.c - worker processes for a city's view (-j): see jobs.h.  A row
 * goes as 'R', its size, then each value as its length + 1 (0: NULL),
 * its bytes and a NUL; the end as 'E' and the worker's struct grid_error
 * (between processes of one build only).
 */
#include <sys/wait.h>

#include <signal.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/buf.h"
#include "grid/metrics.h"	/* grid_pipe_write, grid_pipe_read */
#include "jobs.h"
#include "cli.h"

/* The largest row taken from a worker, in bytes. */
#define ROW_MAX ((uint32_t)64 << 20)

int
cli_jobs_option(const char *text)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || n < 1 ||
	    n > CLI_JOBS_MAX)
		cli_usage_error("-j: not a number of processes from 1 to %d: "
		    "'%s'", CLI_JOBS_MAX, text);
	return (int)n;
}

int
cli_jobs_count(int jobs, int n)
{
	long cpus;

	if (jobs <= 0)		/* the default: the processors online */
		jobs = (cpus = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ? (int)(cpus <
		    CLI_JOBS_MAX ? cpus : CLI_JOBS_MAX) : 1;
	if (jobs > n)
		jobs = n;
	return jobs > 0 ? jobs : 1;
}

void
cli_jobs_init(struct cli_jobs *j, int max,
    int (*take)(void *ctx, int fd, struct grid_error *err), void *ctx)
{
	struct sigaction sa;

	/* started with SIGCHLD ignored (some daemons do), a worker's exit
	 * status is lost, and POSIX lets waitpid wait for every worker
	 * (Linux waits for the one): its default again */
	if (sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(SIGCHLD, &sa, NULL);
	}
	memset(j, 0, sizeof(*j));
	j->max = max < 1 ? 1 : max > CLI_JOBS_MAX ? CLI_JOBS_MAX : max;
	j->take = take;
	j->ctx = ctx;
}

int
cli_jobs_start(struct cli_jobs *j, void (*work)(void *arg, int fd),
    void *arg, struct grid_error *err)
{
	struct cli_job *w;
	int fds[2], k;

	if (j->running == j->max && cli_jobs_take(j, err) != 0)
		return -1;
	fflush(NULL);
	if (pipe(fds) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "pipe: %s", strerror(errno));
	w = &j->w[(j->first + j->running) % CLI_JOBS_MAX];
	if ((w->pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "fork: %s", strerror(errno));
	}
	if (w->pid == 0) {
		/* the other workers' pipes are not this one's: were a copy
		 * of one kept, that worker could block on a full pipe after
		 * the parent stopped reading it, and the parent wait for it */
		for (k = 0; k < j->running; k++)
			close(j->w[(j->first + k) % CLI_JOBS_MAX].fd);
		close(fds[0]);
		work(arg, fds[1]);
		_exit(0);
	}
	close(fds[1]);
	w->fd = fds[0];
	j->running++;
	return 0;
}

int
cli_jobs_take(struct cli_jobs *j, struct grid_error *err)
{
	struct cli_job *w;
	int rc, wstatus = 0;
	pid_t got;

	if (j->running == 0)
		return 0;
	w = &j->w[j->first++ % CLI_JOBS_MAX];
	j->running--;
	rc = j->take(j->ctx, w->fd, err);
	close(w->fd);
	while ((got = waitpid(w->pid, &wstatus, 0)) < 0 && errno == EINTR)
		;
	/* its end unknown (SIGCHLD ignored: ECHILD): its result stands */
	if (rc == 0 && got == w->pid && (!WIFEXITED(wstatus) ||
	    WEXITSTATUS(wstatus) != 0))
		rc = grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "a worker (-j) failed");
	return rc;
}

int
cli_jobs_send_row(int fd, const char *const *values, size_t n,
    struct grid_error *err)
{
	struct grid_buf b = GRID_BUF_INIT;
	uint32_t len, size;
	size_t i;
	int rc = -1;

	if (grid_buf_add(&b, "R\0\0\0\0", 5) != 0)
		goto nomem;
	for (i = 0; i < n; i++) {
		len = values[i] != NULL ? (uint32_t)strlen(values[i]) + 1 : 0;
		if (grid_buf_add(&b, &len, sizeof(len)) != 0 ||
		    (len > 0 && grid_buf_add(&b, values[i], len) != 0))
			goto nomem;
	}
	size = (uint32_t)(b.len - 5);
	memcpy(b.data + 1, &size, sizeof(size));
	rc = grid_pipe_write(fd, b.data, b.len, err);
	grid_buf_release(&b);
	return rc;
nomem:
	grid_buf_release(&b);
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

int
cli_jobs_send_end(int fd, const struct grid_error *result)
{
	struct grid_error err;

	return grid_pipe_write(fd, "E", 1, &err) == 0 &&
	    grid_pipe_write(fd, result, sizeof(*result), &err) == 0 ? 0 : -1;
}

static int
bad_stream(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "a worker (-j) sent a broken row");
}

/* The n values of a row's payload p (size bytes) into v; 0 or -1. */
static int
parse_row(char *p, uint32_t size, size_t n, const char **v)
{
	uint32_t len, at = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (size - at < sizeof(len))
			return -1;
		memcpy(&len, p + at, sizeof(len));
		at += sizeof(len);
		if (len > size - at || (len > 0 && p[at + len - 1] != '\0'))
			return -1;
		v[i] = len > 0 ? p + at : NULL;
		at += len;
	}
	return at == size ? 0 : -1;
}

int
cli_jobs_receive_rows(int fd, size_t n,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    int *failed, struct grid_error *err)
{
	const char **v = calloc(n > 0 ? n : 1, sizeof(*v));
	char *row = NULL, *bigger, tag;
	struct grid_error result;
	uint32_t size, cap = 0;
	int rc = -1;

	*failed = 0;
	if (v == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (;;) {
		if (grid_pipe_read(fd, &tag, 1, err) != 0)
			break;
		if (tag == 'E') {
			if (grid_pipe_read(fd, &result, sizeof(result),
			    err) != 0)
				break;
			if (result.code != 0)
				*err = result;
			else
				rc = 0;
			break;
		}
		if (tag != 'R') {
			bad_stream(err);
			break;
		}
		if (grid_pipe_read(fd, &size, sizeof(size), err) != 0)
			break;
		if (size > ROW_MAX) {
			bad_stream(err);
			break;
		}
		if (size > cap) {
			if ((bigger = realloc(row, size)) == NULL) {
				grid_error_set(err, GRID_EINTERNAL, NULL, 0,
				    NULL, "out of memory");
				break;
			}
			row = bigger;
			cap = size;
		}
		if (grid_pipe_read(fd, row, size, err) != 0)
			break;
		if (parse_row(row, size, n, v) != 0) {
			bad_stream(err);
			break;
		}
		if (on_row(ctx, v) != 0) {
			*failed = 1;
			break;
		}
	}
	free(row);
	free(v);
	return rc;
}
