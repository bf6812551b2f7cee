/*
 * error.h - how libgrid reports what went wrong.
 *
 * Functions that can fail return 0 on success and -1 on failure, and fill
 * a caller-owned struct grid_error when the pointer is not NULL.  Iterators
 * return 1 (an item), 0 (the end) or -1 (an error).  The library never
 * prints and never exits: the tools turn a grid_error into one line on
 * standard error and an exit status.
 */
#ifndef GRID_ERROR_H
#define GRID_ERROR_H

#include <stddef.h>

/*
 * The gettext domain of the messages of libgrid and its tools (po/ in the
 * source tree).  grid_error_set translates its format in this domain, for
 * the locale of LC_MESSAGES when the program called setlocale.
 */
#define GRID_TEXT_DOMAIN "gridkit"

/*
 * Binds GRID_TEXT_DOMAIN to its catalogs (GRID_LOCALEDIR, or the
 * directory the build was configured with) in UTF-8, whatever LC_CTYPE
 * says.  Called by grid_error_set; a program may call it first.  Idempotent.
 */
void grid_text_init(void);

/* The exit statuses of gridkit(7) (THE TOOLS) (sysexits); also the error codes. */
enum grid_status {
	GRID_OK = 0,
	GRID_EUSAGE = 64,	/* command line usage */
	GRID_EDATA = 65,	/* some input was rejected */
	GRID_ENOINPUT = 66,	/* an input file is missing */
	GRID_ENODB = 69,	/* the database is missing or unusable */
	GRID_EINTERNAL = 70,	/* a bug, or something that cannot happen */
	GRID_ECANTCREAT = 73,	/* an output cannot be created */
	GRID_EIO = 74,		/* read or write error */
	GRID_EBUSY = 75		/* database busy past the timeout */
};

struct grid_error {
	int code;		/* enum grid_status */
	char source[256];	/* file name, table or "" */
	long line;		/* 1-based line, 0 when none */
	char field[64];		/* field or column name, or "" */
	char text[512];		/* lowercase, no full stop */
};

/* Clears err (NULL is allowed). */
void grid_error_clear(struct grid_error *err);

/*
 * Fills err (when not NULL) and returns -1, so a failing function can end
 * with "return grid_error_set(...)".  source and field may be NULL.
 */
int grid_error_set(struct grid_error *err, int code, const char *source,
    long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Sets only the location (source, line, field) of an already filled err. */
void grid_error_locate(struct grid_error *err, const char *source, long line,
    const char *field);

/*
 * Writes "source:line: field: text" (parts that are empty are left out)
 * into buf of size n, always NUL-terminated.  Returns buf.
 */
char *grid_error_format(const struct grid_error *err, char *buf, size_t n);

#endif
