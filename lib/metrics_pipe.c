/*
 * metrics_pipe.c - a month's report through a file descriptor, whole:
 * what grid-report's workers (-j) hand the process that sums them.  The
 * rows go as their bytes (between processes of one build only), then
 * their unit names and handling times; a mark before and after, so that
 * a stream cut short or of another build is refused, never half read.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grid/metrics.h"
#include "internal.h"

#define MARK 0x47524d31u	/* "GRM1" */

struct head {
	uint32_t mark;
	uint32_t row_size;	/* sizeof(struct grid_metrics_row) */
	int32_t level;
	int32_t partial;
	char month[8];
	uint64_t n;		/* rows */
	uint64_t names;		/* bytes of the names, each '\0'-ended */
	uint64_t nsecs;		/* rows with handling times */
};

static const char *
cause(void)
{
	return errno != 0 ? strerror(errno) : "cut short";
}

int
grid_pipe_write(int fd, const void *p, size_t n, struct grid_error *err)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		errno = 0;
		if ((w = write(fd, s, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
			    "writing a report between processes: %s",
			    cause());
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
grid_pipe_read(int fd, void *p, size_t n, struct grid_error *err)
{
	char *s = p;
	ssize_t r;

	while (n > 0) {
		errno = 0;
		if ((r = read(fd, s, n)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
			    "reading a report between processes: %s",
			    cause());
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

static const char *
name_of(const struct grid_metrics_row *row)
{
	return row->unit_name != NULL ? row->unit_name : "";
}

int
grid_metrics_send(int fd, const struct grid_metrics *m,
    struct grid_error *err)
{
	struct head h;
	struct grid_metrics_row row;
	uint32_t mark = MARK;
	size_t i;

	memset(&h, 0, sizeof(h));
	h.mark = MARK;
	h.row_size = (uint32_t)sizeof(row);
	h.level = (int32_t)m->level;
	h.partial = m->partial;
	memcpy(h.month, m->month, sizeof(h.month));
	h.n = m->n;
	for (i = 0; i < m->n; i++) {
		h.names += strlen(name_of(&m->rows[i])) + 1;
		h.nsecs += m->rows[i].handling_secs != NULL;
	}
	if (grid_pipe_write(fd, &h, sizeof(h), err) != 0)
		return -1;
	for (i = 0; i < m->n; i++) {
		row = m->rows[i];
		row.unit_name = NULL;
		row.handling_secs = NULL;
		if (grid_pipe_write(fd, &row, sizeof(row), err) != 0)
			return -1;
	}
	for (i = 0; i < m->n; i++)
		if (grid_pipe_write(fd, name_of(&m->rows[i]),
		    strlen(name_of(&m->rows[i])) + 1, err) != 0)
			return -1;
	for (i = 0; i < m->n; i++) {
		const struct grid_metrics_row *r = &m->rows[i];
		unsigned char has = r->handling_secs != NULL;

		if (grid_pipe_write(fd, &has, 1, err) != 0 || (has && grid_pipe_write(fd,
		    r->handling_secs, (size_t)r->handling_n *
		    sizeof(*r->handling_secs), err) != 0))
			return -1;
	}
	return grid_pipe_write(fd, &mark, sizeof(mark), err);
}

static int
bad_stream(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "a report between processes is not of this build");
}

static int
receive(int fd, struct grid_metrics *m, struct grid_error *err)
{
	struct head h;
	uint32_t mark;
	size_t i, at;
	char *p;

	if (grid_pipe_read(fd, &h, sizeof(h), err) != 0)
		return -1;
	if (h.mark != MARK || h.row_size != sizeof(struct grid_metrics_row) ||
	    h.n > SIZE_MAX / sizeof(struct grid_metrics_row) ||
	    h.names < h.n || h.names > SIZE_MAX / 2 || h.nsecs > h.n ||
	    memchr(h.month, '\0', sizeof(h.month)) == NULL)
		return bad_stream(err);
	m->level = (enum grid_metrics_level)h.level;
	m->partial = h.partial;
	memcpy(m->month, h.month, sizeof(m->month));
	if ((m->rows = calloc(h.n + 1, sizeof(*m->rows))) == NULL ||
	    (m->names = malloc(h.names + 1)) == NULL ||
	    (m->secs = calloc(h.nsecs + 1, sizeof(*m->secs))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	m->n = h.n;
	if (grid_pipe_read(fd, m->rows, m->n * sizeof(*m->rows), err) != 0 ||
	    grid_pipe_read(fd, m->names, h.names, err) != 0)
		return -1;
	m->names[h.names] = '\0';
	for (i = 0, at = 0; i < m->n; i++) {
		if (at >= h.names)
			return bad_stream(err);
		m->rows[i].unit_name = m->names + at;
		at += strlen(m->names + at) + 1;
	}
	for (i = 0; i < m->n; i++) {
		struct grid_metrics_row *r = &m->rows[i];
		unsigned char has;

		if (grid_pipe_read(fd, &has, 1, err) != 0)
			return -1;
		if (!has)
			continue;
		if (m->nsecs == h.nsecs || r->handling_n < 0 ||
		    (unsigned long long)r->handling_n > SIZE_MAX /
		    sizeof(long long))
			return bad_stream(err);
		if ((p = malloc((size_t)r->handling_n * sizeof(long long) +
		    1)) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		m->secs[m->nsecs++] = (long long *)(void *)p;
		r->handling_secs = (const long long *)(void *)p;
		if (grid_pipe_read(fd, p, (size_t)r->handling_n * sizeof(long long),
		    err) != 0)
			return -1;
	}
	if (grid_pipe_read(fd, &mark, sizeof(mark), err) != 0)
		return -1;
	return mark == MARK ? 0 : bad_stream(err);
}

int
grid_metrics_receive(int fd, struct grid_metrics **out,
    struct grid_error *err)
{
	struct grid_metrics *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (m == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (receive(fd, m, err) != 0) {
		grid_metrics_free(m);
		return -1;
	}
	*out = m;
	return 0;
}
