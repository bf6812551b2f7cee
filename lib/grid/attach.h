/*
 * attach.h - the evidence of a case (table attachments, gridkit(7)):
 * files (photos, recordings, videos, documents) described by their size,
 * SHA-256 and MIME type, or addresses of evidence kept elsewhere; and the
 * archive beside the database, DB.sqlar (the path of the database and
 * ".sqlar"), an SQLite archive in the table format of sqlite3 -A (name
 * TEXT PRIMARY KEY, mode, mtime, sz, data: zlib-compressed when that is
 * smaller), where the bytes of a file are kept as CASE_ID/SHA256.
 *
 * Files are read in pieces, never whole: memory does not grow with
 * their size.  The archive is a database of its own: write its entries
 * first and commit them, then the rows (grid_attach_add); an entry
 * without a row is harmless (the same bytes attached again find it), a
 * row saying stored without its entry never happens that way.
 */
#ifndef GRID_ATTACH_H
#define GRID_ATTACH_H

#include <stdio.h>

#include "grid/db.h"
#include "grid/error.h"

#define GRID_ATTACH_MIME_MAX 128
#define GRID_SHA256_HEX 65		/* 64 hex digits and the NUL */

/* What a file is, as grid_attach_probe read it. */
struct grid_attach_file {
	char sha256[GRID_SHA256_HEX];	/* lowercase hex */
	char mime[GRID_ATTACH_MIME_MAX];	/* libmagic's MIME type */
	const char *kind;	/* static: photo, audio, video, document */
	long long size;		/* bytes */
	long long packed;	/* its size in the archive: compressed when */
				/* smaller, else size; -1 when not asked */
	long long mtime;	/* the file's, seconds since the epoch */
};

/*
 * Reads the regular file at path to its end: its SHA-256, MIME type (of
 * its first bytes, libmagic), kind (grid_attach_kind of the type),
 * size, and when pack is non-zero its size once compressed for the
 * archive.  Returns 0, or -1 with err: GRID_ENOINPUT (source path) for
 * a file that is missing, cannot be read, or is not a regular file (a
 * directory, a device, a pipe); GRID_EIO for a read error;
 * GRID_EINTERNAL when libmagic or zlib fails.
 */
int grid_attach_probe(const char *path, int pack, struct grid_attach_file *f,
    struct grid_error *err);

/*
 * The kind of a MIME type: image/ photo, audio/ audio, video/ video,
 * anything else document.  Static.
 */
const char *grid_attach_kind(const char *mime);

/*
 * The MIME type of an address from its extension (.jpg image/jpeg, .png,
 * .mp4, .mp3, .amr, .wav, .pdf, ...; the query and fragment ignored),
 * else application/octet-stream.  Static.
 */
const char *grid_attach_uri_mime(const char *uri);

/*
 * An address or path as outputs show it unless revealed: a URL keeps
 * its scheme and host, a path nothing; the rest is three asterisks,
 * then the extension when it has one (a URL of host media.example and
 * extension .jpg: "https://media.example/" then the stars and ".jpg").  Written to out (size n).  Returns out.
 */
const char *grid_attach_mask_uri(const char *uri, char *out, size_t n);

/* A row of table attachments to add; pointers borrowed, NULL absent. */
struct grid_attachment {
	const char *case_id;	/* required: in cases */
	const char *kind;	/* required: photo, audio, video, document */
	const char *stage;	/* before (NULL) or after */
	const char *uri;	/* required: the path as given, or address */
	const char *mime;	/* required */
	const struct grid_attach_file *file;	/* a file's facts; NULL */
						/* for an address */
	int stored;		/* the bytes are in the archive */
	const char *at;		/* when taken (grid_time_parse); NULL now */
	const char *x, *y;	/* both or neither; numbers */
	const char *actor;	/* required */
	const char *worker_id;	/* in workers */
	const char *note;
};

/*
 * 1 when case id exists; 0 with err (GRID_EDATA "case ID: no such
 * case"); -1 with err for a database error.
 */
int grid_attach_case_exists(struct grid_db *db, const char *case_id,
    struct grid_error *err);

/* What grid_attach_add wrote. */
struct grid_attach_added {
	long long id;		/* attachments.id */
	char at[32];		/* attachments.at, as stored */
};

/*
 * Inserts a into attachments and its row into case_log (action attach,
 * now as at, the case's status as from and to, a note naming the
 * attachment, its kind, stage and sha256, then a's note), inside the
 * caller's transaction.  out (may be NULL) receives what was written.
 * Returns 0, or -1 with err: GRID_EDATA naming the field (case_id: no
 * such case; stage, at, x, y, worker, kind) and nothing written;
 * GRID_EUSAGE without an actor; database errors.
 */
int grid_attach_add(struct grid_db *db, const struct grid_attachment *a,
    struct grid_attach_added *out, struct grid_error *err);

/* A row of attachments as read; texts borrowed during the callback. */
struct grid_attach_row {
	const char *id, *case_id, *kind, *stage, *uri, *mime, *size;
	const char *sha256, *stored, *at, *x, *y, *actor, *worker_id, *note;
};
typedef int (*grid_attach_row_fn)(void *ctx,
    const struct grid_attach_row *row);

/*
 * Calls on_row for each attachment of case id, in the order they were
 * added.  Returns 0, or -1 with err (database errors; code 0 when on_row
 * returned non-zero, which stops it).
 */
int grid_attach_list(struct grid_db *db, const char *case_id,
    grid_attach_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * Whether case id may pass verification: 1 when the setting
 * require_after_photo is 0, or the case has an attachment of stage
 * after; 0 when it is 1 and it has none, with err (GRID_EDATA, field
 * "pass", naming the case); -1 with err for a bad setting (GRID_EDATA,
 * source "settings") or a database error.
 */
int grid_attach_verify_ready(struct grid_db *db, const char *case_id,
    struct grid_error *err);

/* The archive beside a database. */
struct grid_attach_archive;

/*
 * The archive's path for db: the database's path and ".sqlar", into out
 * (size n).  Returns out, or NULL when it does not fit.
 */
const char *grid_attach_archive_path(struct grid_db *db, char *out,
    size_t n);

/*
 * Opens db's archive; with create, makes it (mode 0600, table sqlar)
 * when missing, else a missing archive is GRID_ENOINPUT.  Returns 0 and
 * a new handle in *ar, or -1 with err (GRID_ECANTCREAT, GRID_ENODB for
 * a file that is no archive).  Close it with grid_attach_archive_close.
 */
int grid_attach_archive_open(struct grid_db *db, int create,
    struct grid_attach_archive **ar, struct grid_error *err);
/* Closes the archive (NULL allowed); rolls back an open transaction. */
void grid_attach_archive_close(struct grid_attach_archive *ar);
/* BEGIN IMMEDIATE and COMMIT on the archive.  0, or -1 with err. */
int grid_attach_archive_begin(struct grid_attach_archive *ar,
    struct grid_error *err);
int grid_attach_archive_commit(struct grid_attach_archive *ar,
    struct grid_error *err);

/*
 * Stores the bytes of the file at path, which grid_attach_probe
 * described in f (with pack), as CASE_ID/SHA256 (mode 0600, the file's
 * mtime), inside the caller's transaction on the archive.  The file is
 * read again: when its bytes are no longer f's, GRID_EDATA ("changed
 * while being read") and nothing stored.  Returns 1 (stored), 0 (the
 * entry was there already: same name, same bytes), or -1 with err
 * (GRID_EDATA for a file larger than SQLite's blob limit).
 */
int grid_attach_archive_put(struct grid_attach_archive *ar,
    const char *case_id, const char *path, const struct grid_attach_file *f,
    struct grid_error *err);

/*
 * Writes the bytes of case_id/sha256 to out, once they were read from
 * the archive, uncompressed, and checked against sha256 (before
 * anything is written).  *size (may be NULL) receives their number.
 * Returns 0, or -1 with err: GRID_EDATA "no such attachment" or "does
 * not match its sha256" (nothing written); GRID_EIO for a write error.
 */
int grid_attach_archive_get(struct grid_attach_archive *ar,
    const char *case_id, const char *sha256, FILE *out, long long *size,
    struct grid_error *err);

#endif
