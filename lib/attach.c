/*
 * attach.c - the evidence of a case (grid/attach.h): files probed in
 * pieces (SHA-256 with nettle, MIME types with libmagic, the compressed
 * size with zlib), rows of attachments with their case_log row, and the
 * archive DB.sqlar in the table format of sqlite3 -A.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <magic.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <zlib.h>

#include "grid/attach.h"
#include "grid/buf.h"
#include "grid/text.h"
#include "internal.h"

/* The first piece read: what libmagic looks at, then each piece. */
#define PIECE (256 * 1024)

/* The table of sqlite3 -A, exactly. */
static const char sqlar_sql[] =
"CREATE TABLE IF NOT EXISTS sqlar(\n"
"  name TEXT PRIMARY KEY,\n"
"  mode INT,\n"
"  mtime INT,\n"
"  sz INT,\n"
"  data BLOB\n"
")";

#define SQLAR_MODE 0100600	/* a regular file, rw------- */

struct grid_attach_archive {
	sqlite3 *sql;
	char path[PATH_MAX];
};

const char *
grid_attach_kind(const char *mime)
{
	if (mime == NULL)
		return "document";
	if (strncmp(mime, "image/", 6) == 0)
		return "photo";
	if (strncmp(mime, "audio/", 6) == 0)
		return "audio";
	if (strncmp(mime, "video/", 6) == 0)
		return "video";
	return "document";
}

const char *
grid_attach_uri_mime(const char *uri)
{
	static const char *const types[][2] = {
		{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" },
		{ "png", "image/png" }, { "gif", "image/gif" },
		{ "webp", "image/webp" }, { "heic", "image/heic" },
		{ "mp4", "video/mp4" }, { "mov", "video/quicktime" },
		{ "3gp", "video/3gpp" }, { "mp3", "audio/mpeg" },
		{ "amr", "audio/amr" }, { "wav", "audio/x-wav" },
		{ "m4a", "audio/mp4" }, { "ogg", "audio/ogg" },
		{ "pdf", "application/pdf" }, { "txt", "text/plain" },
	};
	const char *end = uri + strcspn(uri, "?#"), *dot = NULL, *p;
	size_t i, n;

	for (p = uri; p < end; p++)
		if (*p == '.')
			dot = p + 1;
		else if (*p == '/')
			dot = NULL;
	if (dot == NULL)
		return "application/octet-stream";
	n = (size_t)(end - dot);
	for (i = 0; i < GRIDI_ARRAY_LEN(types); i++)
		if (strlen(types[i][0]) == n &&
		    strncasecmp(dot, types[i][0], n) == 0)
			return types[i][1];
	return "application/octet-stream";
}

const char *
grid_attach_mask_uri(const char *uri, char *out, size_t n)
{
	const char *scheme = strstr(uri, "://"), *end, *dot = NULL, *p;
	size_t keep = 0, ext;

	end = uri + strcspn(uri, "?#");
	if (scheme != NULL && scheme < end) {
		keep = (size_t)(scheme + 3 - uri);
		keep += strcspn(uri + keep, "/?#");
		if (uri[keep] == '/')
			keep++;
	}
	for (p = uri + keep; p < end; p++)
		if (*p == '.')
			dot = p;
		else if (*p == '/')
			dot = NULL;
	ext = dot != NULL && end - dot <= 8 ? (size_t)(end - dot) : 0;
	snprintf(out, n, "%.*s***%.*s", (int)keep, uri, (int)ext,
	    ext > 0 ? dot : "");
	return out;
}

static void
hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Opens path for reading, a regular file only.  fd, or -1 with err. */
static int
open_regular(const char *path, struct stat *sb, struct grid_error *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return grid_error_set(err, GRID_ENOINPUT, path, 0, NULL,
		    "cannot open: %s", strerror(errno));
	if (fstat(fd, sb) != 0) {
		grid_error_set(err, GRID_EIO, path, 0, NULL, "cannot read: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(sb->st_mode)) {
		grid_error_set(err, GRID_ENOINPUT, path, 0, NULL,
		    S_ISDIR(sb->st_mode) ? "is a directory, not a file" :
		    "not a regular file");
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_SETFL, 0) != 0) {
		grid_error_set(err, GRID_EIO, path, 0, NULL, "cannot read: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads up to n bytes (fewer only at the end).  The count, or -1. */
static ssize_t
read_piece(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
mime_of(const unsigned char *buf, size_t n, char *out, size_t size,
    const char *path, struct grid_error *err)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	const char *type;
	int rc = -1;

	if (m == NULL)
		return grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "libmagic: %s", strerror(errno));
	if (magic_load(m, NULL) != 0)
		grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "libmagic: %s", magic_error(m));
	else if ((type = magic_buffer(m, buf, n)) == NULL)
		grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "libmagic: %s", magic_error(m));
	else {
		grid_text_copy(out, size, type);
		rc = 0;
	}
	magic_close(m);
	return rc;
}

/*
 * Deflates n bytes (last: the end) for the archive, counting the bytes
 * out in *total and handing each piece to put (NULL: counted only).
 * 0, or -1 (zlib or put failed).
 */
static int
deflate_piece(z_stream *z, const unsigned char *in, size_t n, int last,
    long long *total, int (*put)(void *ctx, const unsigned char *p,
    size_t n), void *ctx)
{
	unsigned char out[16384];
	int rc;

	z->next_in = (unsigned char *)(uintptr_t)in;
	z->avail_in = (uInt)n;
	do {
		z->next_out = out;
		z->avail_out = sizeof(out);
		rc = deflate(z, last ? Z_FINISH : Z_NO_FLUSH);
		if (rc == Z_STREAM_ERROR)
			return -1;
		*total += (long long)(sizeof(out) - z->avail_out);
		if (put != NULL && sizeof(out) > z->avail_out &&
		    put(ctx, out, sizeof(out) - z->avail_out) != 0)
			return -1;
	} while (z->avail_out == 0 || (last && rc != Z_STREAM_END));
	return 0;
}

/*
 * Reads fd to its end: the SHA-256 into sha (hex), the size, with pack
 * the compressed size, the first piece's MIME type when mime is not
 * NULL.  Each piece (compressed when deflated) goes to put when not
 * NULL.  0, or -1 with err.
 */
static int
stream_file(int fd, const char *path, int pack, char *mime, size_t mime_n,
    char *sha, long long *size, long long *packed,
    int (*put)(void *ctx, const unsigned char *p, size_t n), void *ctx,
    struct grid_error *err)
{
	struct sha256_ctx hash;
	unsigned char *buf = malloc(PIECE), digest[SHA256_DIGEST_SIZE];
	z_stream z;
	ssize_t n;
	int rc = -1, zopen = 0, first = 1;

	memset(&z, 0, sizeof(z));
	if (buf == NULL)
		return grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "out of memory");
	if (pack && deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK) {
		grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "zlib: cannot start");
		goto out;
	}
	zopen = pack;
	sha256_init(&hash);
	*size = 0;
	*packed = pack ? 0 : -1;
	for (;;) {
		if ((n = read_piece(fd, buf, PIECE)) < 0) {
			grid_error_set(err, GRID_EIO, path, 0, NULL,
			    "cannot read: %s", strerror(errno));
			goto out;
		}
		if (first && mime != NULL && mime_of(buf, (size_t)n, mime,
		    mime_n, path, err) != 0)
			goto out;
		first = 0;
		sha256_update(&hash, (size_t)n, buf);
		*size += n;
		if (pack && deflate_piece(&z, buf, (size_t)n, n < PIECE,
		    packed, put, ctx) != 0) {
			grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
			    "cannot compress");
			goto out;
		}
		if (!pack && put != NULL && n > 0 &&
		    put(ctx, buf, (size_t)n) != 0) {
			grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
			    "cannot store");
			goto out;
		}
		if (n < PIECE)
			break;
	}
	sha256_digest(&hash, SHA256_DIGEST_SIZE, digest);
	hex(digest, SHA256_DIGEST_SIZE, sha);
	rc = 0;
out:
	if (zopen)
		deflateEnd(&z);
	free(buf);
	return rc;
}

int
grid_attach_probe(const char *path, int pack, struct grid_attach_file *f,
    struct grid_error *err)
{
	struct stat sb;
	int fd, rc;

	memset(f, 0, sizeof(*f));
	if ((fd = open_regular(path, &sb, err)) < 0)
		return -1;
	rc = stream_file(fd, path, pack, f->mime, sizeof(f->mime), f->sha256,
	    &f->size, &f->packed, NULL, NULL, err);
	close(fd);
	if (rc != 0)
		return -1;
	if (pack && f->packed >= f->size)
		f->packed = f->size;
	f->kind = grid_attach_kind(f->mime);
	f->mtime = (long long)sb.st_mtime;
	return 0;
}

/* Runs sql with one text parameter; the first column into out. */
static int
query_text(struct grid_db *db, const char *sql, const char *arg, char *out,
    size_t n, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out != NULL) {
			const char *t = (const char *)sqlite3_column_text(st,
			    0);
			grid_text_copy(out, n, t != NULL ? t : "");
		}
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = grid_db_error(db, rc, "reading attachments", err);
	sqlite3_finalize(st);
	return rc;
}

int
grid_attach_case_exists(struct grid_db *db, const char *case_id,
    struct grid_error *err)
{
	int rc = query_text(db, "SELECT status FROM cases WHERE id = ?1",
	    case_id, NULL, 0, err);

	if (rc == 0)
		grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "case %s: no such case", case_id);
	return rc;
}

/* A coordinate: a finite number.  0, or -1 with err naming field. */
static int
check_number(const char *text, const char *field, struct grid_error *err)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(text, &end);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(d))
		return grid_error_set(err, GRID_EDATA, NULL, 0, field,
		    "not a number '%.64s'", text);
	return 0;
}

/* Checks a's fields but the case.  0, or -1 with err. */
static int
check_fields(struct grid_db *db, const struct grid_attachment *a,
    char *at, size_t at_n, struct grid_error *err)
{
	static const char *const kinds[] = { "photo", "audio", "video",
		"document" };
	size_t i;
	time_t now;
	int rc;

	if (a->actor == NULL || a->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "attach: no actor given");
	if (a->uri == NULL || a->uri[0] == '\0')
		return grid_error_set(err, GRID_EDATA, NULL, 0, "uri",
		    "no file or address given");
	for (i = 0; i < GRIDI_ARRAY_LEN(kinds); i++)
		if (a->kind != NULL && strcmp(a->kind, kinds[i]) == 0)
			break;
	if (i == GRIDI_ARRAY_LEN(kinds))
		return grid_error_set(err, GRID_EDATA, NULL, 0, "kind",
		    "bad kind '%s' (expected photo, audio, video or "
		    "document)", a->kind != NULL ? a->kind : "");
	if (a->stage != NULL && strcmp(a->stage, "before") != 0 &&
	    strcmp(a->stage, "after") != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "stage",
		    "bad stage '%s' (expected before or after)", a->stage);
	if ((a->x == NULL) != (a->y == NULL))
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    a->x == NULL ? "x" : "y", "give both x and y, or neither");
	if (a->x != NULL && (check_number(a->x, "x", err) != 0 ||
	    check_number(a->y, "y", err) != 0))
		return -1;
	if (a->at == NULL) {
		if (grid_now(&now, err) != 0)
			return -1;
		grid_time_format(now, at, at_n);
	} else if (grid_time_parse(a->at, at, at_n, err) != 0) {
		grid_error_locate(err, NULL, 0, "at");
		return -1;
	}
	if (a->worker_id == NULL)
		return 0;
	rc = query_text(db, "SELECT id FROM workers WHERE id = ?1",
	    a->worker_id, NULL, 0, err);
	if (rc == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "worker",
		    "worker %s: not in workers", a->worker_id);
	return rc < 0 ? -1 : 0;
}

static int
insert_row(struct grid_db *db, const struct grid_attachment *a,
    const char *at, long long *id, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const struct grid_attach_file *f = a->file;
	int rc;

	if (grid_db_prepare(db, "INSERT INTO attachments (case_id, kind, "
	    "stage, uri, mime, size, sha256, stored, at, x, y, actor, "
	    "worker_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14)", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, a->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->stage != NULL ? a->stage : "before", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->uri, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->mime, -1, SQLITE_STATIC);
	if (f != NULL) {
		sqlite3_bind_int64(st, 6, f->size);
		sqlite3_bind_text(st, 7, f->sha256, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 8, f != NULL && a->stored);
	sqlite3_bind_text(st, 9, at, -1, SQLITE_STATIC);
	if (a->x != NULL) {
		sqlite3_bind_double(st, 10, strtod(a->x, NULL));
		sqlite3_bind_double(st, 11, strtod(a->y, NULL));
	}
	sqlite3_bind_text(st, 12, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, a->worker_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, a->note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "writing attachments", err);
	*id = sqlite3_last_insert_rowid(grid_db_sqlite(db));
	return 0;
}

static int
log_row(struct grid_db *db, const struct grid_attachment *a,
    const char *status, long long id, struct grid_error *err)
{
	struct grid_buf note;
	sqlite3_stmt *st = NULL;
	char at[32];
	time_t now;
	int rc = -1;

	grid_buf_init(&note, 4096);
	if (grid_now(&now, err) != 0)
		goto out;
	grid_time_format(now, at, sizeof(at));
	if (grid_buf_addf(&note, "attachment %lld: %s, %s", id, a->kind,
	    a->stage != NULL ? a->stage : "before") != 0 ||
	    (a->file != NULL && grid_buf_addf(&note, ", sha256 %s%s",
	    a->file->sha256, a->stored ? ", stored" : "") != 0) ||
	    (a->note != NULL && grid_buf_addf(&note, "; %.2000s",
	    a->note) != 0)) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	if (grid_db_prepare(db, "INSERT INTO case_log (case_id, at, actor, "
	    "action, from_status, to_status, note, worker_id) VALUES (?1, ?2, "
	    "?3, 'attach', ?4, ?4, ?5, ?6)", &st, err) != 0)
		goto out;
	sqlite3_bind_text(st, 1, a->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, note.data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->worker_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		rc = grid_db_error(db, rc, "writing case_log", err);
	else
		rc = 0;
out:
	sqlite3_finalize(st);
	grid_buf_release(&note);
	return rc;
}

int
grid_attach_add(struct grid_db *db, const struct grid_attachment *a,
    struct grid_attach_added *out, struct grid_error *err)
{
	char at[32], status[32];
	long long row = 0;
	int rc;

	if (a->case_id == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "no case given");
	rc = query_text(db, "SELECT status FROM cases WHERE id = ?1",
	    a->case_id, status, sizeof(status), err);
	if (rc == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "case %s: no such case", a->case_id);
	if (rc < 0 || check_fields(db, a, at, sizeof(at), err) != 0)
		return -1;
	if (grid_db_exec(db, "SAVEPOINT grid_attach", err) != 0)
		return -1;
	if (insert_row(db, a, at, &row, err) != 0 ||
	    log_row(db, a, status, row, err) != 0) {
		grid_db_exec(db, "ROLLBACK TO grid_attach", NULL);
		grid_db_exec(db, "RELEASE grid_attach", NULL);
		return -1;
	}
	if (out != NULL) {
		out->id = row;
		grid_text_copy(out->at, sizeof(out->at), at);
	}
	return grid_db_exec(db, "RELEASE grid_attach", err);
}

/* The row of st as grid_attach_list selects it. */
static void
read_row(sqlite3_stmt *st, struct grid_attach_row *r)
{
#define COL(i) ((const char *)sqlite3_column_text(st, (i)))
	r->id = COL(0);
	r->case_id = COL(1);
	r->kind = COL(2);
	r->stage = COL(3);
	r->uri = COL(4);
	r->mime = COL(5);
	r->size = COL(6);
	r->sha256 = COL(7);
	r->stored = COL(8);
	r->at = COL(9);
	r->x = COL(10);
	r->y = COL(11);
	r->actor = COL(12);
	r->worker_id = COL(13);
	r->note = COL(14);
#undef COL
}

int
grid_attach_list(struct grid_db *db, const char *case_id,
    grid_attach_row_fn on_row, void *ctx, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	struct grid_attach_row r;
	int rc;

	if (grid_db_prepare(db, "SELECT id, case_id, kind, stage, uri, mime, "
	    "size, sha256, stored, at, x, y, actor, worker_id, note "
	    "FROM attachments WHERE case_id = ?1 ORDER BY id", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, case_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &r);
		if (on_row(ctx, &r) != 0) {
			sqlite3_finalize(st);
			grid_error_clear(err);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		rc = grid_db_error(db, rc, "reading attachments", err);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int
grid_attach_verify_ready(struct grid_db *db, const char *case_id,
    struct grid_error *err)
{
	char value[16];
	int rc;

	grid_db_setting(db, "require_after_photo", "0", value, sizeof(value));
	if (strcmp(value, "0") == 0)
		return 1;
	if (strcmp(value, "1") != 0)
		return grid_error_set(err, GRID_EDATA, "settings", 0,
		    "require_after_photo", "bad value '%s' (expected 0 or 1)",
		    value);
	rc = query_text(db, "SELECT id FROM attachments WHERE case_id = ?1 "
	    "AND stage = 'after' LIMIT 1", case_id, NULL, 0, err);
	if (rc == 0)
		grid_error_set(err, GRID_EDATA, NULL, 0, "pass",
		    "case %s: cannot pass verification without an after-photo "
		    "(require_after_photo is 1; grid-case attach %s --after "
		    "FILE)", case_id, case_id);
	return rc;
}

/* The archive. */

const char *
grid_attach_archive_path(struct grid_db *db, char *out, size_t n)
{
	int len = snprintf(out, n, "%s.sqlar", grid_db_path(db));

	return len < 0 || (size_t)len >= n ? NULL : out;
}

static int
archive_error(struct grid_attach_archive *ar, int code, const char *what,
    struct grid_error *err)
{
	int rc = sqlite3_errcode(ar->sql);

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		code = GRID_EBUSY;
	else if (rc == SQLITE_FULL || rc == SQLITE_IOERR)
		code = GRID_EIO;
	return grid_error_set(err, code, ar->path, 0, NULL, "%s: %s", what,
	    sqlite3_errmsg(ar->sql));
}

/* Makes path with mode 0600 when missing.  0, or -1 with err. */
static int
create_0600(const char *path, struct grid_error *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);

	if (fd >= 0)
		return close(fd);
	if (errno == EEXIST)
		return 0;
	return grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
	    "cannot create archive: %s", strerror(errno));
}

int
grid_attach_archive_open(struct grid_db *db, int create,
    struct grid_attach_archive **ar, struct grid_error *err)
{
	struct grid_attach_archive *a;
	struct stat sb;

	*ar = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_attach_archive_path(db, a->path, sizeof(a->path)) == NULL) {
		free(a);
		return grid_error_set(err, GRID_ECANTCREAT, grid_db_path(db),
		    0, NULL, "path too long for its archive");
	}
	if (!create && stat(a->path, &sb) != 0) {
		grid_error_set(err, GRID_ENOINPUT, a->path, 0, NULL,
		    "no archive: %s", strerror(errno));
		free(a);
		return -1;
	}
	if (create && create_0600(a->path, err) != 0) {
		free(a);
		return -1;
	}
	if (sqlite3_open_v2(a->path, &a->sql, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_busy_timeout(a->sql, 5000) != SQLITE_OK ||
	    (create && sqlite3_exec(a->sql, sqlar_sql, NULL, NULL, NULL) !=
	    SQLITE_OK)) {
		archive_error(a, GRID_ENODB, "cannot open archive", err);
		grid_attach_archive_close(a);
		return -1;
	}
	*ar = a;
	return 0;
}

void
grid_attach_archive_close(struct grid_attach_archive *ar)
{
	if (ar == NULL)
		return;
	if (ar->sql != NULL && !sqlite3_get_autocommit(ar->sql))
		sqlite3_exec(ar->sql, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(ar->sql);
	free(ar);
}

int
grid_attach_archive_begin(struct grid_attach_archive *ar,
    struct grid_error *err)
{
	if (sqlite3_exec(ar->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return archive_error(ar, GRID_EINTERNAL, "cannot begin", err);
	return 0;
}

int
grid_attach_archive_commit(struct grid_attach_archive *ar,
    struct grid_error *err)
{
	if (sqlite3_exec(ar->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return archive_error(ar, GRID_EIO, "cannot commit", err);
	return 0;
}

/* An entry's name: CASE_ID/SHA256. */
static int
entry_name(const char *case_id, const char *sha256, char *out, size_t n,
    struct grid_error *err)
{
	int len = snprintf(out, n, "%s/%s", case_id, sha256);

	if (len < 0 || (size_t)len >= n)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "case id too long");
	return 0;
}

/* Where put writes a piece: the blob, at its offset. */
struct blob_put {
	sqlite3_blob *blob;
	long long offset, limit;
	int grew;		/* more bytes than measured */
};

static int
put_blob(void *ctx, const unsigned char *p, size_t n)
{
	struct blob_put *b = ctx;

	if (b->offset + (long long)n > b->limit) {
		b->grew = 1;
		return -1;
	}
	if (sqlite3_blob_write(b->blob, p, (int)n, (int)b->offset) !=
	    SQLITE_OK)
		return -1;
	b->offset += (long long)n;
	return 0;
}

/* Writes the file's bytes into the blob of row.  0, or -1 with err. */
static int
fill_blob(struct grid_attach_archive *ar, sqlite3_int64 row, const char *path,
    const struct grid_attach_file *f, struct grid_error *err)
{
	struct blob_put b = { NULL, 0, 0, 0 };
	struct stat sb;
	char sha[GRID_SHA256_HEX];
	long long size, packed;
	int fd, rc = -1, pack = f->packed < f->size;

	b.limit = pack ? f->packed : f->size;
	if ((fd = open_regular(path, &sb, err)) < 0)
		return -1;
	if (b.limit > 0 && sqlite3_blob_open(ar->sql, "main", "sqlar",
	    "data", row, 1, &b.blob) != SQLITE_OK) {
		archive_error(ar, GRID_EINTERNAL, "cannot store", err);
		goto out;
	}
	if (stream_file(fd, path, pack, NULL, 0, sha, &size, &packed,
	    b.blob != NULL ? put_blob : NULL, &b, err) != 0) {
		if (b.grew)
			grid_error_set(err, GRID_EDATA, path, 0, NULL,
			    "changed while being read");
		goto out;
	}
	if (size != f->size || strcmp(sha, f->sha256) != 0 ||
	    b.offset != b.limit) {
		grid_error_set(err, GRID_EDATA, path, 0, NULL,
		    "changed while being read");
		goto out;
	}
	rc = 0;
out:
	if (b.blob != NULL && sqlite3_blob_close(b.blob) != SQLITE_OK &&
	    rc == 0)
		rc = archive_error(ar, GRID_EIO, "cannot store", err);
	close(fd);
	return rc;
}

int
grid_attach_archive_put(struct grid_attach_archive *ar, const char *case_id,
    const char *path, const struct grid_attach_file *f,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char name[GRID_CODE_MAX + GRID_SHA256_HEX + 8];
	long long len = f->packed >= 0 && f->packed < f->size ? f->packed :
	    f->size;
	int rc = -1;

	if (entry_name(case_id, f->sha256, name, sizeof(name), err) != 0)
		return -1;
	if (len > sqlite3_limit(ar->sql, SQLITE_LIMIT_LENGTH, -1) ||
	    len > INT_MAX)
		return grid_error_set(err, GRID_EDATA, path, 0, NULL,
		    "too large for the archive (%lld bytes)", len);
	if (sqlite3_prepare_v2(ar->sql, "INSERT OR IGNORE INTO sqlar (name, "
	    "mode, mtime, sz, data) VALUES (?1, ?2, ?3, ?4, zeroblob(?5))",
	    -1, &st, NULL) != SQLITE_OK)
		return archive_error(ar, GRID_EINTERNAL, "cannot store", err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, SQLAR_MODE);
	sqlite3_bind_int64(st, 3, f->mtime);
	sqlite3_bind_int64(st, 4, f->size);
	sqlite3_bind_int64(st, 5, len);
	if (sqlite3_step(st) != SQLITE_DONE)
		archive_error(ar, GRID_EINTERNAL, "cannot store", err);
	else if (sqlite3_changes(ar->sql) == 0)
		rc = 0;
	else if (fill_blob(ar, sqlite3_last_insert_rowid(ar->sql), path, f,
	    err) == 0)
		rc = 1;
	sqlite3_finalize(st);
	return rc;
}

/*
 * Reads entry row's bytes (uncompressed when sz differs from the
 * blob's length), hashing them into sha and, when out is not NULL,
 * writing them to it.  0, or -1 with err.
 */
static int
read_entry(struct grid_attach_archive *ar, sqlite3_int64 row, long long sz,
    const char *name, FILE *out, char *sha, long long *total,
    struct grid_error *err)
{
	sqlite3_blob *blob = NULL;
	struct sha256_ctx hash;
	unsigned char in[16384], plain[65536], digest[SHA256_DIGEST_SIZE];
	long long len = 0, off;
	z_stream z;
	int rc = -1, zrc = Z_OK, packed, n, zopen = 0;

	memset(&z, 0, sizeof(z));
	sha256_init(&hash);
	*total = 0;
	if (sqlite3_blob_open(ar->sql, "main", "sqlar", "data", row, 0,
	    &blob) == SQLITE_OK)
		len = sqlite3_blob_bytes(blob);
	else
		blob = NULL;	/* a NULL or empty data */
	packed = len != sz;
	if (packed && inflateInit(&z) != Z_OK)
		goto bad;
	zopen = packed;
	for (off = 0; off < len; off += n) {
		n = len - off < (long long)sizeof(in) ? (int)(len - off) :
		    (int)sizeof(in);
		if (sqlite3_blob_read(blob, in, n, (int)off) != SQLITE_OK) {
			archive_error(ar, GRID_EIO, "cannot read", err);
			goto out;
		}
		z.next_in = in;
		z.avail_in = (uInt)n;
		do {
			size_t got = (size_t)n;
			const unsigned char *p = in;

			if (packed) {
				z.next_out = plain;
				z.avail_out = sizeof(plain);
				zrc = inflate(&z, Z_NO_FLUSH);
				if (zrc != Z_OK && zrc != Z_STREAM_END &&
				    zrc != Z_BUF_ERROR)
					goto bad;
				got = sizeof(plain) - z.avail_out;
				p = plain;
			}
			sha256_update(&hash, got, p);
			*total += (long long)got;
			if (out != NULL && got > 0 &&
			    fwrite(p, 1, got, out) != got) {
				grid_error_set(err, GRID_EIO, NULL, 0, NULL,
				    "cannot write: %s", strerror(errno));
				goto out;
			}
		} while (packed && z.avail_out == 0);
	}
	if ((packed && zrc != Z_STREAM_END) || *total != sz)
		goto bad;
	sha256_digest(&hash, SHA256_DIGEST_SIZE, digest);
	hex(digest, SHA256_DIGEST_SIZE, sha);
	rc = 0;
	goto out;
bad:
	grid_error_set(err, GRID_EDATA, ar->path, 0, NULL,
	    "%s: damaged entry", name);
out:
	if (zopen)
		inflateEnd(&z);
	sqlite3_blob_close(blob);
	return rc;
}

int
grid_attach_archive_get(struct grid_attach_archive *ar, const char *case_id,
    const char *sha256, FILE *out, long long *size, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char name[GRID_CODE_MAX + GRID_SHA256_HEX + 8], sha[GRID_SHA256_HEX];
	long long sz, total;
	sqlite3_int64 row;
	int rc;

	if (entry_name(case_id, sha256, name, sizeof(name), err) != 0)
		return -1;
	if (sqlite3_prepare_v2(ar->sql, "SELECT rowid, sz FROM sqlar "
	    "WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return archive_error(ar, GRID_ENODB, "cannot read", err);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	row = sqlite3_column_int64(st, 0);
	sz = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(err, GRID_EDATA, ar->path, 0, NULL,
		    "%s: no such attachment", name);
	if (rc != SQLITE_ROW)
		return archive_error(ar, GRID_ENODB, "cannot read", err);
	/* checked whole first, so that nothing wrong is ever written */
	if (read_entry(ar, row, sz, name, NULL, sha, &total, err) != 0)
		return -1;
	if (strcmp(sha, sha256) != 0)
		return grid_error_set(err, GRID_EDATA, ar->path, 0, NULL,
		    "%s: does not match its sha256 (%s)", name, sha);
	if (out != NULL && (read_entry(ar, row, sz, name, out, sha, &total,
	    err) != 0 || strcmp(sha, sha256) != 0))
		return err != NULL && err->code != 0 ? -1 :
		    grid_error_set(err, GRID_EDATA, ar->path, 0, NULL,
		    "%s: changed while being read", name);
	if (size != NULL)
		*size = total;
	return 0;
}
