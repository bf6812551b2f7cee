/*
 * banned.h - functions gridkit does not use, made compile errors (as
 * git's banned.h does): unbounded copies and formats (use snprintf or
 * grid_buf), conversions that cannot report an error (use strtol and
 * cli_number), and calls with hidden static state (use the _r forms).
 *
 * Included last, after every system header, by lib/internal.h and
 * cmd/common/cli.h; make lint checks that every source file reaches it.
 * A name poisoned here is an error wherever it appears after it.
 */
#ifndef GRID_BANNED_H
#define GRID_BANNED_H

/* their declarations first: a header that includes these again later
 * finds them already read */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#pragma GCC poison strcpy strcat strncpy strncat sprintf vsprintf gets
#pragma GCC poison atoi atol atoll atof strtok
#pragma GCC poison asctime ctime gmtime localtime tmpnam mktemp

#endif
