/* test_buf.c - unit tests of lib/buf.c (grid_buf) and grid_error_format. */
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/error.h"

#include "tap.h"

static void
test_buf(void)
{
	struct grid_buf buf = GRID_BUF_INIT;
	char *text;
	char big[32];

	ok(buf.data == NULL && buf.len == 0, "GRID_BUF_INIT: empty");
	is_int(grid_buf_add(&buf, "", 0), 0, "add nothing");
	is_str(buf.data, "", "add nothing: \"\" after a call");
	is_int(grid_buf_adds(&buf, "网格"), 0, "adds");
	is_int(grid_buf_addc(&buf, '-'), 0, "addc");
	is_int(grid_buf_addf(&buf, "%03d|%s", 7, "x"), 0, "addf");
	is_str(buf.data, "网格-007|x", "content");
	is_int(buf.len, strlen("网格-007|x"), "len");
	grid_buf_reset(&buf);
	is_int(buf.len, 0, "reset: len 0");
	is_str(buf.data, "", "reset: empty string, memory kept");
	ok(buf.cap > 0, "reset: cap kept");
	is_int(grid_buf_adds(&buf, "again"), 0, "adds after reset");
	text = grid_buf_detach(&buf);
	is_str(text, "again", "detach: the data");
	ok(buf.data == NULL && buf.len == 0 && buf.cap == 0,
	    "detach: buffer left empty");
	free(text);
	text = grid_buf_detach(&buf);
	is_str(text, "", "detach of an empty buffer: \"\", not NULL");
	free(text);
	grid_buf_release(&buf);
	grid_buf_release(NULL);

	/* the cap: len may reach max, never pass it */
	grid_buf_init(&buf, 8);
	is_int(grid_buf_adds(&buf, "12345678"), 0, "cap: exactly max fits");
	is_int(grid_buf_addc(&buf, '9'), -1, "cap: one more byte refused");
	is_str(buf.data, "12345678", "cap: unchanged after a refusal");
	grid_buf_reset(&buf);
	is_int(grid_buf_adds(&buf, "1234"), 0, "cap: half full");
	is_int(grid_buf_adds(&buf, "56789"), -1, "cap: too long a string");
	is_str(buf.data, "1234", "cap: nothing of it added");
	is_int(grid_buf_addf(&buf, "%s", "abcde"), -1, "cap: addf refused");
	is_str(buf.data, "1234", "cap: addf added nothing");
	is_int(buf.len, 4, "cap: len unchanged");
	is_int(grid_buf_addf(&buf, "%d", 5678), 0, "cap: addf to the max");
	is_str(buf.data, "12345678", "cap: addf content");
	is_int(grid_buf_add(&buf, "x", (size_t)-1), -1,
	    "cap: a huge length refused without overflow");
	text = grid_buf_detach(&buf);
	is_int(buf.max, 8, "detach keeps max");
	is_int(grid_buf_adds(&buf, "123456789"), -1, "cap still enforced");
	free(text);
	grid_buf_release(&buf);
	is_int(buf.max, 8, "release keeps max");

	/* growth over many appends */
	grid_buf_init(&buf, 0);
	memset(big, 'z', sizeof(big));
	{
		int i, fails = 0;

		for (i = 0; i < 10000; i++)
			fails += grid_buf_add(&buf, big, sizeof(big)) != 0;
		is_int(fails, 0, "320000 bytes in 32-byte appends");
	}
	is_int(buf.len, 320000, "grown len");
	ok(buf.data[buf.len] == '\0', "NUL-terminated after growth");
	grid_buf_release(&buf);
	ok(buf.data == NULL && buf.len == 0, "release: empty");
}

/*
 * A buffer filled to its max: every append of a byte or more returns -1
 * and leaves data, len and cap as they were; an empty append still
 * succeeds.
 */
static int
unchanged(const struct grid_buf *buf, const char *data, size_t cap)
{
	return buf->len == strlen(data) && buf->cap == cap &&
	    memcmp(buf->data, data, buf->len + 1) == 0;
}

static void
test_buf_full(void)
{
	static const char full[] = "网格员a";	/* 10 bytes */
	struct grid_buf buf;
	size_t cap;

	grid_buf_init(&buf, sizeof(full) - 1);
	is_int(grid_buf_adds(&buf, full), 0, "full: filled to its max");
	cap = buf.cap;
	is_int(buf.len, buf.max, "full: len is max");
	is_int(grid_buf_add(&buf, "x", 1), -1, "full: add -1");
	ok(unchanged(&buf, full, cap), "full: add left it unchanged");
	is_int(grid_buf_adds(&buf, "格"), -1, "full: adds -1");
	ok(unchanged(&buf, full, cap), "full: adds left it unchanged");
	is_int(grid_buf_addc(&buf, 'x'), -1, "full: addc -1");
	ok(unchanged(&buf, full, cap), "full: addc left it unchanged");
	is_int(grid_buf_addc(&buf, '\0'), -1, "full: addc of NUL -1");
	ok(unchanged(&buf, full, cap), "full: addc of NUL left it unchanged");
	is_int(grid_buf_addf(&buf, "%d", 7), -1, "full: addf -1");
	ok(unchanged(&buf, full, cap), "full: addf left it unchanged");
	is_int(grid_buf_addf(&buf, "%s", "网"), -1,
	    "full: addf of a character -1");
	ok(unchanged(&buf, full, cap), "full: addf left it unchanged (2)");
	is_int(grid_buf_add(&buf, "", 0), 0, "full: add of nothing 0");
	is_int(grid_buf_adds(&buf, ""), 0, "full: adds of \"\" 0");
	is_int(grid_buf_addf(&buf, "%s", ""), 0, "full: addf of \"\" 0");
	ok(unchanged(&buf, full, cap), "full: empty appends changed nothing");
	grid_buf_release(&buf);

	/* the default max (0): one byte past it refused, nothing allocated */
	grid_buf_init(&buf, 0);
	is_int(grid_buf_add(&buf, "x", GRID_BUF_DEFAULT_MAX + 1), -1,
	    "default max: one byte over refused");
	ok(buf.data == NULL && buf.len == 0 && buf.cap == 0,
	    "default max: nothing allocated");
	grid_buf_release(&buf);
}

static void
test_error_format(void)
{
	struct grid_error err;
	char out[600], small[12];

	grid_error_clear(&err);
	is_str(grid_error_format(&err, out, sizeof(out)), "unknown error",
	    "format: cleared error");
	is_int(grid_error_set(&err, GRID_EDATA, "census.csv", 1042,
	    "id_number", "bad check digit '%s'", "110105194912310021"), -1,
	    "set returns -1");
	is_int(err.code, GRID_EDATA, "set: code");
	is_str(grid_error_format(&err, out, sizeof(out)),
	    "census.csv:1042: id_number: bad check digit '110105194912310021'",
	    "format: source, line, field, text");
	grid_error_set(&err, GRID_EIO, "out.csv", 0, NULL, "write error");
	is_str(grid_error_format(&err, out, sizeof(out)),
	    "out.csv: write error", "format: no line, no field");
	grid_error_set(&err, GRID_EUSAGE, NULL, 3, "GRID_BUSY_MS", "bad");
	is_str(grid_error_format(&err, out, sizeof(out)), "GRID_BUSY_MS: bad",
	    "format: no source (line alone not shown)");
	grid_error_set(&err, GRID_EUSAGE, NULL, 0, NULL, "just text");
	is_str(grid_error_format(&err, out, sizeof(out)), "just text",
	    "format: text alone");
	grid_error_locate(&err, "f.csv", 7, "name");
	is_str(grid_error_format(&err, out, sizeof(out)),
	    "f.csv:7: name: just text", "locate then format");
	grid_error_locate(&err, NULL, 8, NULL);
	is_str(grid_error_format(&err, out, sizeof(out)),
	    "f.csv:8: name: just text", "locate: NULL keeps source, field");
	is_str(grid_error_format(&err, small, sizeof(small)), "f.csv:8: na",
	    "format: truncated, NUL-terminated");
	small[0] = 'x';
	grid_error_format(&err, small, 0);
	ok(small[0] == 'x', "format: size 0 writes nothing");
	is_str(grid_error_format(&err, small, 1), "", "format: size 1 \"\"");
	is_int(grid_error_set(NULL, GRID_EDATA, "x", 1, NULL, "y"), -1,
	    "set with NULL err: -1");
	grid_error_clear(NULL);
	grid_error_locate(NULL, "x", 1, NULL);
	memset(out, 'a', sizeof(out) - 1);
	out[sizeof(out) - 1] = '\0';
	grid_error_set(&err, GRID_EDATA, out, 1, out, "%s", out);
	ok(strlen(err.source) == sizeof(err.source) - 1 &&
	    strlen(err.field) == sizeof(err.field) - 1 &&
	    strlen(err.text) == sizeof(err.text) - 1,
	    "set: long parts truncated to their arrays");
}

int
main(void)
{
	test_buf();
	test_buf_full();
	test_error_format();
	return tap_done();
}
