/* error.c - filling and formatting struct grid_error. */
#include <libintl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "grid/error.h"
#include "grid/text.h"
#include "internal.h"

#ifndef GRID_LOCALEDIR
#define GRID_LOCALEDIR "/usr/local/share/locale"
#endif

void
grid_text_init(void)
{
	static int done;
	const char *dir = getenv("GRID_LOCALEDIR");

	if (done)
		return;
	done = 1;
	bindtextdomain(GRID_TEXT_DOMAIN, dir != NULL && dir[0] != '\0' ?
	    dir : GRID_LOCALEDIR);
	bind_textdomain_codeset(GRID_TEXT_DOMAIN, "UTF-8");
}

static void
copy(char *dst, size_t n, const char *src)
{
	if (src == NULL)
		src = "";
	snprintf(dst, n, "%s", src);
}

void
grid_error_clear(struct grid_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

int
grid_error_set(struct grid_error *err, int code, const char *source,
    long line, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	copy(err->source, sizeof(err->source), source);
	err->line = line;
	copy(err->field, sizeof(err->field), field);
	grid_text_init();
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), _(fmt), ap);
	va_end(ap);
	return -1;
}

void
grid_error_locate(struct grid_error *err, const char *source, long line,
    const char *field)
{
	if (err == NULL)
		return;
	if (source != NULL)
		copy(err->source, sizeof(err->source), source);
	err->line = line;
	if (field != NULL)
		copy(err->field, sizeof(err->field), field);
}

char *
grid_error_format(const struct grid_error *err, char *buf, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return buf;
	buf[0] = '\0';
#define PART(...) do { \
	int r_ = snprintf(buf + len, n - len, __VA_ARGS__); \
	if (r_ > 0) \
		len = len + (size_t)r_ >= n ? n - 1 : len + (size_t)r_; \
} while (0)
	if (err->source[0] != '\0') {
		PART("%s", err->source);
		if (err->line > 0)
			PART(":%ld", err->line);
		PART(": ");
	}
	if (err->field[0] != '\0')
		PART("%s: ", err->field);
	PART("%s", err->text[0] != '\0' ? err->text : "unknown error");
#undef PART
	return buf;
}

/* How many bytes of s to quote: at most 64, whole UTF-8 characters. */
static int
quoted_len(const char *s)
{
	return (int)grid_utf8_prefix(s, 64);
}

int
gridi_reject_value(struct grid_error *err, int code, const char *reason,
    const char *text)
{
	return grid_error_set(err, code, NULL, 0, NULL, "%s '%.*s'", _(reason),
	    quoted_len(text), text);
}
