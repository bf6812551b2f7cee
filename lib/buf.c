/* buf.c - growable byte buffers with a size cap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "internal.h"

void
grid_buf_init(struct grid_buf *buf, size_t max)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->max = max;
}

void
grid_buf_release(struct grid_buf *buf)
{
	if (buf == NULL)
		return;
	free(buf->data);
	grid_buf_init(buf, buf->max);
}

void
grid_buf_reset(struct grid_buf *buf)
{
	buf->len = 0;
	if (buf->data != NULL)
		buf->data[0] = '\0';
}

/* Makes room for extra more bytes plus the NUL. */
static int
grow(struct grid_buf *buf, size_t extra)
{
	size_t max = buf->max != 0 ? buf->max : GRID_BUF_DEFAULT_MAX;
	size_t need, cap;
	char *p;

	if (extra > max || buf->len > max - extra)
		return -1;
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap != 0 ? buf->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	p = realloc(buf->data, cap);
	if (p == NULL)
		return -1;
	buf->data = p;
	buf->cap = cap;
	return 0;
}

int
grid_buf_add(struct grid_buf *buf, const void *data, size_t n)
{
	size_t max = buf->max != 0 ? buf->max : GRID_BUF_DEFAULT_MAX;

	/* Room already there (the common case): no call to grow. */
	if (!(n < buf->cap && buf->len < buf->cap - n && buf->len + n <= max) &&
	    grow(buf, n) != 0)
		return -1;
	if (n > 0)
		memcpy(buf->data + buf->len, data, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
	return 0;
}

int
grid_buf_adds(struct grid_buf *buf, const char *s)
{
	return grid_buf_add(buf, s, strlen(s));
}

int
grid_buf_addc(struct grid_buf *buf, char c)
{
	return grid_buf_add(buf, &c, 1);
}

int
grid_buf_addf(struct grid_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(buf, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
	return 0;
}

char *
grid_buf_detach(struct grid_buf *buf)
{
	char *p = buf->data;

	if (p == NULL)
		p = calloc(1, 1);
	grid_buf_init(buf, buf->max);
	return p;
}
