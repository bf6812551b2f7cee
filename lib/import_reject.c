/* import_reject.c - reject files in the input's own format and encoding. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "grid/buf.h"
#include "grid/reject.h"
#include "grid/writer.h"
#include "internal.h"

struct grid_reject_file {
	char *path;
	char *tmp;
	FILE *fp;
	struct grid_encoder *enc;	/* the input's form (writer.h) */
	char delimiter;
	size_t skip;		/* leading input columns not copied */
	const char *newline;
	struct grid_buf line;
};

struct grid_reject_file *
grid_reject_file_open(const char *path, struct grid_error *err)
{
	struct grid_reject_file *rf = calloc(1, sizeof(*rf));
	size_t n = strlen(path) + 16;
	int fd;

	if (rf == NULL || (rf->path = strdup(path)) == NULL ||
	    (rf->tmp = malloc(n)) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "out of memory");
		goto bad;
	}
	rf->newline = "\n";
	rf->delimiter = ',';
	grid_buf_init(&rf->line, 0);
	snprintf(rf->tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(rf->tmp);	/* mode 0600 */
	if (fd < 0 || (rf->fp = fdopen(fd, "w")) == NULL) {
		grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
		    "cannot create reject file: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(rf->tmp);
		}
		goto bad;
	}
	/* UTF-8 and LF until grid_reject_file_start knows the input */
	if ((rf->enc = grid_encoder_new(rf->fp, NULL, err)) == NULL) {
		fclose(rf->fp);
		unlink(rf->tmp);
		goto bad;
	}
	return rf;
bad:
	if (rf != NULL) {
		free(rf->path);
		free(rf->tmp);
		free(rf);
	}
	return NULL;
}

/* Writes rf->line in the input's form. */
static int
flush_line(struct grid_reject_file *rf, struct grid_error *err)
{
	if (grid_encoder_write(rf->enc, rf->line.data, rf->line.len,
	    err) == 0)
		return 0;
	grid_error_locate(err, rf->path, 0, NULL);
	return -1;
}

/*
 * 1 when names start with the three columns a reject file adds in front
 * of the input's (the input is a reject file imported again).
 */
static int
reject_columns(const char *const *names, size_t n)
{
	return n >= 3 && strcmp(names[0], "line") == 0 &&
	    strcmp(names[1], "error_code") == 0 &&
	    strcmp(names[2], "error") == 0;
}

/*
 * The reject file's header into rf->line: its three columns, then the
 * input's (those of an earlier reject file replaced).  0 or -1.
 */
static int
header_line(struct grid_reject_file *rf, const char *const *header,
    size_t n)
{
	size_t i;

	grid_buf_reset(&rf->line);
	if (grid_buf_addf(&rf->line, "line%cerror_code%cerror",
	    rf->delimiter, rf->delimiter) != 0)
		return -1;
	for (i = rf->skip; i < n; i++)
		if (grid_buf_addc(&rf->line, rf->delimiter) != 0 ||
		    grid_csv_quote(&rf->line, header[i], rf->delimiter) != 0)
			return -1;
	return grid_buf_adds(&rf->line, rf->newline);
}

int
grid_reject_file_start(struct grid_reject_file *rf,
    const struct grid_reader *reader, struct grid_error *err)
{
	const char *const *header;
	struct grid_text_form form;
	struct grid_encoder *enc;
	size_t n;

	header = grid_reader_header(reader, &n);
	grid_text_form_of(reader, &form);
	form.bom = form.bom && header != NULL;	/* NDJSON: never a BOM */
	if ((enc = grid_encoder_new(rf->fp, &form, err)) == NULL) {
		grid_error_locate(err, rf->path, 0, NULL);
		return -1;
	}
	grid_encoder_free(rf->enc);
	rf->enc = enc;
	rf->newline = grid_encoder_newline(rf->enc);
	if (header == NULL)
		return 0;	/* NDJSON: no header */
	rf->delimiter = grid_reader_delimiter(reader);
	/* a reject file imported again: its own three columns are replaced */
	if (reject_columns(header, n))
		rf->skip = 3;
	if (header_line(rf, header, n) != 0)
		return grid_error_set(err, GRID_EINTERNAL, rf->path, 0, NULL,
		    "out of memory");
	return flush_line(rf, err);
}

/* The text of error e, "field: text", into buf.  0 or -1. */
static int
error_text(struct grid_buf *buf, const struct grid_error *e)
{
	grid_buf_reset(buf);
	if (e->field[0] != '\0' && grid_buf_addf(buf, "%s: ", e->field) != 0)
		return -1;
	return grid_buf_adds(buf, e->text);
}

/*
 * The original NDJSON object as text: the line as read, or, when it holds
 * the keys of an earlier reject file, the object without them.  Returns
 * a new string or NULL.
 */
static char *
ndjson_original(const struct grid_record *rec)
{
	json_t *obj;
	char *text = NULL;

	if (!reject_columns(rec->names, rec->nfields))
		return strdup(rec->text);
	obj = json_loads(rec->text, 0, NULL);
	if (obj != NULL) {
		json_object_del(obj, "line");
		json_object_del(obj, "error_code");
		json_object_del(obj, "error");
		text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	json_decref(obj);
	return text;
}

/* NDJSON: the three keys, then the original object's.  0 or -1. */
static int
add_ndjson(struct grid_reject_file *rf, const struct grid_reject *r,
    const char *why)
{
	const struct grid_record *rec = r->record;
	char *orig = rec->nfields > 0 ? ndjson_original(rec) : NULL;
	const char *rest = orig != NULL ? orig + strspn(orig, " \t") : "";
	struct grid_buf *line = &rf->line;
	int rc;

	if (grid_buf_addf(line, "{\"line\":%ld,\"error_code\":",
	    r->line) != 0 || grid_json_quote(line, r->code) != 0 ||
	    grid_buf_adds(line, ",\"error\":") != 0 ||
	    grid_json_quote(line, why) != 0)
		rc = -1;
	else if (rest[0] == '{') {
		rest += 1 + strspn(rest + 1, " \t");
		rc = (rest[0] != '}' && grid_buf_addc(line, ',') != 0) ||
		    grid_buf_adds(line, rest) != 0 ? -1 : 0;
	} else
		rc = grid_buf_adds(line, ",\"text\":") != 0 ||
		    grid_json_quote(line, rec->text) != 0 ||
		    grid_buf_addc(line, '}') != 0 ? -1 : 0;
	free(orig);
	return rc;
}

/* CSV: the three columns, then the row as read.  0 or -1. */
static int
add_csv(struct grid_reject_file *rf, const struct grid_reject *r,
    const char *why)
{
	const struct grid_record *rec = r->record;
	size_t i, n = rec->width < rec->nfields ? rec->width : rec->nfields;
	struct grid_buf *line = &rf->line;
	char d = rf->delimiter;

	if (grid_buf_addf(line, "%ld%c", r->line, d) != 0 ||
	    grid_csv_quote(line, r->code, d) != 0 ||
	    grid_buf_addc(line, d) != 0 || grid_csv_quote(line, why, d) != 0)
		return -1;
	for (i = rf->skip; i < n; i++)	/* a short row stays short */
		if (grid_buf_addc(line, d) != 0 ||
		    grid_csv_quote(line, rec->raw[i], d) != 0)
			return -1;
	return 0;
}

int
grid_reject_file_add(struct grid_reject_file *rf,
    const struct grid_reject *r, struct grid_error *err)
{
	struct grid_buf why = GRID_BUF_INIT;
	int rc = -1;

	if (r->record == NULL)
		return 0;	/* a whole-file error: no row to copy */
	grid_buf_reset(&rf->line);
	if (error_text(&why, r->error) == 0)
		rc = r->record->text != NULL ? add_ndjson(rf, r, why.data) :
		    add_csv(rf, r, why.data);
	grid_buf_release(&why);
	if (rc != 0 || grid_buf_adds(&rf->line, rf->newline) != 0)
		return grid_error_set(err, GRID_EIO, rf->path, r->line, NULL,
		    "rejected row too long to write");
	return flush_line(rf, err);
}

int
grid_reject_file_close(struct grid_reject_file *rf, int keep,
    struct grid_error *err)
{
	int rc = 0;

	if (rf == NULL)
		return 0;
	if (fflush(rf->fp) != 0 || ferror(rf->fp) || fsync(fileno(rf->fp)))
		rc = grid_error_set(err, GRID_EIO, rf->path, 0, NULL,
		    "write error: %s", strerror(errno));
	if (fclose(rf->fp) != 0 && rc == 0)
		rc = grid_error_set(err, GRID_EIO, rf->path, 0, NULL,
		    "write error: %s", strerror(errno));
	if (keep && rc == 0 && rename(rf->tmp, rf->path) != 0)
		rc = grid_error_set(err, GRID_EIO, rf->path, 0, NULL,
		    "cannot rename the reject file into place: %s",
		    strerror(errno));
	if (!keep || rc != 0)
		unlink(rf->tmp);
	grid_encoder_free(rf->enc);
	grid_buf_release(&rf->line);
	free(rf->path);
	free(rf->tmp);
	free(rf);
	return rc;
}
