/*
 * buf.h - growable byte buffers with a size cap.
 *
 * A struct grid_buf owns its memory.  It is always NUL-terminated after
 * any successful call, so buf->data can be used as a C string when the
 * content has no NUL bytes.  Every append fails (returns -1, buffer
 * unchanged) instead of growing past buf->max, so input never makes us
 * allocate without bound.
 */
#ifndef GRID_BUF_H
#define GRID_BUF_H

#include <stddef.h>

struct grid_buf {
	char *data;	/* owned; NULL until the first append */
	size_t len;	/* bytes used, not counting the terminating NUL */
	size_t cap;	/* bytes allocated */
	size_t max;	/* largest len allowed; 0 means GRID_BUF_DEFAULT_MAX */
};

#define GRID_BUF_DEFAULT_MAX ((size_t)64 << 20)	/* 64 MiB */
#define GRID_BUF_INIT { NULL, 0, 0, 0 }

/* Initialises an empty buffer that may grow to max bytes (0: default). */
void grid_buf_init(struct grid_buf *buf, size_t max);
/* Frees the memory; the buffer can be used again after grid_buf_init. */
void grid_buf_release(struct grid_buf *buf);
/* Empties the buffer, keeping its memory. */
void grid_buf_reset(struct grid_buf *buf);

/*
 * The appends return 0, or -1 when the text would pass max or memory runs
 * out; the buffer is then unchanged.  The result must be checked (a
 * dropped append is a silent truncation): GCC warns about an ignored one,
 * even through a (void) cast.
 */
/* Appends n bytes. */
int grid_buf_add(struct grid_buf *buf, const void *data, size_t n)
    __attribute__((warn_unused_result));
/* Appends a C string. */
int grid_buf_adds(struct grid_buf *buf, const char *s)
    __attribute__((warn_unused_result));
/* Appends one byte. */
int grid_buf_addc(struct grid_buf *buf, char c)
    __attribute__((warn_unused_result));
/* Appends printf-style text. */
int grid_buf_addf(struct grid_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), warn_unused_result));

/*
 * Gives the data to the caller (who frees it with free()) and leaves the
 * buffer empty.  Never NULL: an empty buffer gives "".
 */
char *grid_buf_detach(struct grid_buf *buf);

#endif
