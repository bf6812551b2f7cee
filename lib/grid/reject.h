/*
 * reject.h - the reject file of grid-import: every rejected row, as it
 * was read, with three columns in front (line, error_code, error), in the
 * input's own format, encoding, delimiter, byte order mark and line ends,
 * so that it opens where the input did and can be fixed and imported
 * again (grid-import recognises and ignores the three columns).
 *
 * In CSV, each cell is the field as read (grid_record.raw: blanks, and
 * line breaks inside quotes, kept), quoted by grid_csv_quote with the
 * input's delimiter; line is the physical line the row starts on.  A row
 * shorter or longer than the header is written as wide as it was read.
 *
 * The file is written under a temporary name (mode 0600: it holds
 * personal data) and renamed into place by grid_reject_file_close.
 */
#ifndef GRID_REJECT_H
#define GRID_REJECT_H

#include "grid/error.h"
#include "grid/import.h"
#include "grid/reader.h"

struct grid_reject_file;

/*
 * Creates the temporary file beside path.  Returns a new handle, or NULL
 * with err (GRID_ECANTCREAT).
 */
struct grid_reject_file *grid_reject_file_open(const char *path,
    struct grid_error *err);

/*
 * Writes the header for rows of the reader's file (CSV: the three columns
 * and the input's header; NDJSON: nothing).  Call once, before any row.
 * Returns 0 or -1 (GRID_EIO).
 */
int grid_reject_file_start(struct grid_reject_file *rf,
    const struct grid_reader *reader, struct grid_error *err);

/* Writes one rejected row.  Returns 0 or -1 (GRID_EIO). */
int grid_reject_file_add(struct grid_reject_file *rf,
    const struct grid_reject *reject, struct grid_error *err);

/*
 * Flushes and renames the file into place when keep is non-zero, else
 * removes it.  Frees rf (NULL allowed).  Returns 0 or -1 (GRID_EIO).
 */
int grid_reject_file_close(struct grid_reject_file *rf, int keep,
    struct grid_error *err);

#endif
