/*
 * test_jobs.c - unit tests of the tools' worker processes (cmd/common/
 * jobs.c, -j): results taken in the order the workers started whatever
 * order they end in, at most max at once; rows through a pipe with NULL
 * and empty values, a worker's error, a stream cut short or broken; and
 * a parent that stops reading one worker while another still writes a
 * result larger than a pipe holds (a worker must not keep a copy of
 * another's pipe, or all three wait for ever: an alarm fails the test
 * instead); all of it again when started with SIGCHLD ignored.  Linked
 * with libcli.a and libgrid.a.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/jobs.h"
#include "grid/metrics.h"	/* grid_pipe_write */

#include "tap.h"

/* ---- order ---- */

static char order[64];
static size_t norder;

/* Worker i: sleeps less the later it starts, then writes its digit. */
static void
digit_work(void *arg, int fd)
{
	struct grid_error err;
	int i = *(int *)arg;
	struct timespec ts = { 0, (long)(5 - i) * 20000000L };
	char c = (char)('0' + i);

	nanosleep(&ts, NULL);
	grid_pipe_write(fd, &c, 1, &err);
}

static int
take_digit(void *ctx, int fd, struct grid_error *err)
{
	char c;

	if (grid_pipe_read(fd, &c, 1, err) != 0)
		return -1;
	order[norder++] = c;
	return 0;
}

static void
test_order(void)
{
	struct cli_jobs j;
	struct grid_error err;
	int i, rc = 0;

	cli_jobs_init(&j, 2, take_digit, NULL);
	for (i = 0; i < 5 && rc == 0; i++)
		rc = cli_jobs_start(&j, digit_work, &i, &err);
	ok(rc == 0, "five workers started");
	ok(j.running <= 2, "at most two at once");
	while (j.running > 0 && rc == 0)
		rc = cli_jobs_take(&j, &err);
	order[norder] = '\0';
	is_str(order, "01234", "taken in the order started");
	is_int(cli_jobs_count(3, 2), 2, "no more processes than databases");
	is_int(cli_jobs_count(1, 9), 1, "-j 1");
	ok(cli_jobs_count(0, 9) >= 1, "default: the processors online");
}

/* ---- rows ---- */

static char got[4096];

static int
keep_row(void *ctx, const char *const *v)
{
	size_t len = strlen(got);

	snprintf(got + len, sizeof(got) - len, "[%s|%s|%s]",
	    v[0] != NULL ? v[0] : "NULL", v[1] != NULL ? v[1] : "NULL",
	    v[2] != NULL ? v[2] : "NULL");
	return 0;
}

static int
stop_row(void *ctx, const char *const *v)
{
	return 1;
}

/* Rows through a pipe (written whole before reading: small). */
static int
through(void (*writer)(int fd), int (*on_row)(void *,
    const char *const *), int *failed, struct grid_error *err)
{
	int fds[2], rc;

	if (pipe(fds) != 0)
		return -2;
	writer(fds[1]);
	close(fds[1]);
	got[0] = '\0';
	rc = cli_jobs_receive_rows(fds[0], 3, on_row, NULL, failed, err);
	close(fds[0]);
	return rc;
}

static void
two_rows(int fd)
{
	const char *a[3] = { "甲", NULL, "" }, *b[3] = { "x", "y", "z" };
	struct grid_error err;

	grid_error_clear(&err);
	cli_jobs_send_row(fd, a, 3, &err);
	cli_jobs_send_row(fd, b, 3, &err);
	cli_jobs_send_end(fd, &err);
}

static void
row_then_error(int fd)
{
	const char *a[3] = { "1", "2", "3" };
	struct grid_error err;

	grid_error_clear(&err);
	cli_jobs_send_row(fd, a, 3, &err);
	grid_error_set(&err, GRID_EDATA, "d.db", 0, NULL, "a bad row");
	cli_jobs_send_end(fd, &err);
}

static void
cut_short(int fd)
{
	const char *a[3] = { "1", "2", "3" };
	struct grid_error err;

	cli_jobs_send_row(fd, a, 3, &err);
}

static void
too_few_values(int fd)
{
	const char *a[2] = { "1", "2" };
	struct grid_error err;

	cli_jobs_send_row(fd, a, 2, &err);	/* read as 3 */
	grid_error_clear(&err);
	cli_jobs_send_end(fd, &err);
}

static void
unknown_tag(int fd)
{
	struct grid_error err;

	grid_pipe_write(fd, "Z", 1, &err);
}

static void
test_rows(void)
{
	struct grid_error err;
	int failed;

	is_int(through(two_rows, keep_row, &failed, &err), 0, "two rows");
	is_str(got, "[甲|NULL|][x|y|z]", "NULL and empty kept apart");
	is_int(through(row_then_error, keep_row, &failed, &err), -1,
	    "a worker's error");
	is_str(got, "[1|2|3]", "the rows before it");
	is_int(err.code, GRID_EDATA, "its code");
	is_str(err.text, "a bad row", "its text");
	ok(!failed, "not the callback's");
	is_int(through(two_rows, stop_row, &failed, &err), -1,
	    "a callback stops it");
	ok(failed, "failed: the callback's");
	is_int(through(cut_short, keep_row, &failed, &err), -1,
	    "a stream cut short");
	is_int(err.code, GRID_EIO, "an I/O error");
	is_int(through(too_few_values, keep_row, &failed, &err), -1,
	    "a row of another width");
	ok(strstr(err.text, "broken row") != NULL, "a broken row");
	is_int(through(unknown_tag, keep_row, &failed, &err), -1,
	    "an unknown tag");
	ok(strstr(err.text, "broken row") != NULL, "a broken stream");
}

/* ---- a parent that stops reading ---- */

/* 20,000 rows of some 100 bytes: far more than a pipe holds. */
static void
many_rows(void *arg, int fd)
{
	char text[100];
	const char *v[3] = { text, "b", "c" };
	struct grid_error err;
	int i;

	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	grid_error_clear(&err);
	for (i = 0; i < 20000; i++)
		if (cli_jobs_send_row(fd, v, 3, &err) != 0)
			return;
	cli_jobs_send_end(fd, &err);
}

static int nth, rows_seen;

static int
count_row(void *ctx, const char *const *v)
{
	rows_seen++;
	return 0;
}

/* The first worker's rows: stops at the first; the second's: all. */
static int
take_rows(void *ctx, int fd, struct grid_error *err)
{
	int failed;

	if (nth++ == 0) {
		cli_jobs_receive_rows(fd, 3, stop_row, NULL, &failed, err);
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "stopped");
	}
	return cli_jobs_receive_rows(fd, 3, count_row, NULL, &failed, err);
}

static void
on_alarm(int sig)
{
	static const char msg[] = "not ok - the workers waited for ever\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(1);
}

static void
test_stop_reading(void)
{
	struct cli_jobs j;
	struct grid_error err, second;

	signal(SIGALRM, on_alarm);
	alarm(30);
	cli_jobs_init(&j, 2, take_rows, NULL);
	ok(cli_jobs_start(&j, many_rows, NULL, &err) == 0 &&
	    cli_jobs_start(&j, many_rows, NULL, &err) == 0, "two writers");
	is_int(cli_jobs_take(&j, &err), -1, "the first: stopped early");
	is_str(err.text, "stopped", "its error");
	is_int(cli_jobs_take(&j, &second), 0, "the second: read whole");
	is_int(rows_seen, 20000, "every row of the second");
	alarm(0);
}

/* Started with SIGCHLD ignored: the same, in the same order. */
static void
test_sigchld_ignored(void)
{
	struct sigaction sa;

	signal(SIGCHLD, SIG_IGN);
	norder = 0;
	nth = rows_seen = 0;
	test_order();
	test_stop_reading();
	ok(sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL,
	    "SIGCHLD ignored: its default again");
}

int
main(void)
{
	test_order();
	test_rows();
	test_stop_reading();
	test_sigchld_ignored();
	return tap_done();
}
