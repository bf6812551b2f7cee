/*
 * fuzz_xls.c - the .xls reader (lib/xls.c, FreeXL) through the public
 * reader (grid_reader_open_layout, grid_reader_next) on any bytes that
 * begin as an OLE2 compound file does (others would be read as text,
 * which fuzz_csv covers), three ways: the first sheet and everything
 * detected; the second sheet with a tiny record limit; the sheet named
 * 实有人口 with its header on line 3.  FreeXL reads from a path: the
 * input is written to an in-memory file (fuzz_file).
 *
 * Besides not crashing, leaking or hanging, the reader keeps what
 * reader.h promises of a workbook, checked as in fuzz_xlsx.c (workbook.h),
 * and its rows go forward after the header.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "workbook.h"

/* What replay.c runs in `make check`, from the top of the tree, besides
 * tests/fuzz/regress/fuzz_xls/. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/workbooks/people.xls",
	NULL
};

/* The sanitizers' own, when they are linked in (libFuzzer, make sanitize). */
void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

/*
 * lib/xls.c reads a workbook in a child process first, so that a crash of
 * FreeXL is refused as a damaged workbook: in that child, a sanitizer's
 * report must not be taken for libFuzzer's crash (it would keep the input
 * and count it).  The parent's reports still are.
 */
static void
forget_death_callback(void)
{
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(NULL);
}

static const uint8_t ole2[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a,
	0xe1 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int registered;

	if (!registered && pthread_atfork(NULL, NULL,
	    forget_death_callback) == 0)
		registered = 1;
	if (size < sizeof(ole2) || memcmp(data, ole2, sizeof(ole2)) != 0)
		return 0;
	workbook_read(fuzz_file(data, size), WORKBOOK_ROWS_FORWARD);
	return 0;
}
