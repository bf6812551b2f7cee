/*
 * assign_boundaries.c - grid polygons from GeoJSON into grids.geometry and the
 * grid_rtree index, in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/boundaries.h"
#include "grid/buf.h"
#include "grid/geojson.h"
#include "internal.h"

struct load {
	struct grid_db *db;
	const char *source;	/* the file's name, for messages */
	const struct grid_boundaries_options *opts;
	struct grid_boundaries_stats *stats;
	sqlite3_stmt *find, *update, *index, *mark;
	struct grid_buf text;
	int stopped;
};

/* Reports a rejected feature; returns 0, or -1 when the caller stops. */
static int
reject(struct load *ld, const struct grid_error *why)
{
	ld->stats->rejected++;
	if (ld->opts->on_reject != NULL &&
	    ld->opts->on_reject(ld->opts->ctx, why) != 0) {
		ld->stopped = 1;
		return -1;
	}
	return 0;
}

static int
prepare(struct load *ld, struct grid_error *err)
{
	if (grid_db_exec(ld->db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "boundaries_seen (code TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.boundaries_seen", err) != 0 ||
	    grid_db_prepare(ld->db, "SELECT rowid, geometry, EXISTS (SELECT 1 "
	    "FROM temp.boundaries_seen WHERE code = ?1) FROM grids WHERE "
	    "code = ?1", &ld->find, err) != 0 ||
	    grid_db_prepare(ld->db, "UPDATE grids SET geometry = ?2 WHERE "
	    "rowid = ?1", &ld->update, err) != 0 ||
	    grid_db_prepare(ld->db, "INSERT OR REPLACE INTO grid_rtree (id, "
	    "min_x, max_x, min_y, max_y) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &ld->index, err) != 0 ||
	    grid_db_prepare(ld->db, "INSERT INTO temp.boundaries_seen (code) "
	    "VALUES (?1)", &ld->mark, err) != 0)
		return -1;
	return 0;
}

static int
step(struct load *ld, sqlite3_stmt *st, struct grid_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : grid_db_error(ld->db, rc,
	    "writing grid polygons", err);
}

/* Stores one good feature's polygon and box.  Returns 0 or -1. */
static int
store(struct load *ld, const struct grid_feature *f, sqlite3_int64 rowid,
    const char *old, struct grid_error *err)
{
	const struct grid_bbox *b = &f->geometry->bbox;

	grid_buf_reset(&ld->text);
	if (grid_geojson_write(&ld->text, f->geometry, err) != 0)
		return -1;
	sqlite3_bind_text(ld->mark, 1, f->code, -1, SQLITE_STATIC);
	if (step(ld, ld->mark, err) != 0)
		return -1;
	if (old != NULL && strcmp(old, ld->text.data) == 0) {
		ld->stats->unchanged++;
		return 0;
	}
	sqlite3_bind_int64(ld->update, 1, rowid);
	sqlite3_bind_text(ld->update, 2, ld->text.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ld->index, 1, rowid);
	sqlite3_bind_double(ld->index, 2, b->xmin);
	sqlite3_bind_double(ld->index, 3, b->xmax);
	sqlite3_bind_double(ld->index, 4, b->ymin);
	sqlite3_bind_double(ld->index, 5, b->ymax);
	if (step(ld, ld->update, err) != 0 || step(ld, ld->index, err) != 0)
		return -1;
	ld->stats->loaded++;
	return 0;
}

/*
 * One good feature: its code must be a grid not seen earlier in the
 * file.  Returns 0 (stored or rejected) or -1 (stopped, or err filled).
 */
static int
feature(struct load *ld, const struct grid_feature *f, struct grid_error *err)
{
	struct grid_error why;
	sqlite3_int64 rowid;
	const unsigned char *text;
	char *old = NULL;
	int rc, seen;

	sqlite3_bind_text(ld->find, 1, f->code, -1, SQLITE_STATIC);
	rc = sqlite3_step(ld->find);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(ld->find);
		if (rc != SQLITE_DONE)
			return grid_db_error(ld->db, rc, "reading grids", err);
		grid_error_set(&why, GRID_EDATA, ld->source, 0, NULL,
		    "features[%zu] (code '%s'): no such grid (import it with "
		    "grid-import -t grids first)", f->index, f->code);
		return reject(ld, &why);
	}
	rowid = sqlite3_column_int64(ld->find, 0);
	text = sqlite3_column_text(ld->find, 1);
	seen = sqlite3_column_int(ld->find, 2);
	if (text != NULL && (old = strdup((const char *)text)) == NULL) {
		sqlite3_reset(ld->find);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	sqlite3_reset(ld->find);
	if (seen) {
		grid_error_set(&why, GRID_EDATA, ld->source, 0, NULL,
		    "features[%zu] (code '%s'): a second feature for this "
		    "grid", f->index, f->code);
		rc = reject(ld, &why);
	} else {
		rc = store(ld, f, rowid, old, err);
	}
	free(old);
	return rc;
}

static int
load_all(struct load *ld, struct grid_geojson *gj, struct grid_error *err)
{
	const struct grid_feature *f;
	struct grid_error why;
	int rc;

	for (;;) {
		grid_error_clear(&why);
		rc = grid_geojson_next(gj, &f, &why);
		if (rc < 0) {
			*err = why;
			return -1;
		}
		if (rc == 0)
			return 0;
		ld->stats->features++;
		if (f->geometry == NULL || f->code == NULL) {
			if (why.code == 0)
				grid_error_set(&why, GRID_EDATA, ld->source, 0,
				    NULL, "features[%zu]: no geometry or no "
				    "code", f->index);
			if (reject(ld, &why) != 0)
				return -1;
			continue;
		}
		if (feature(ld, f, err) != 0)
			return -1;
	}
}

int
grid_boundaries_load(struct grid_db *db, const char *path,
    const struct grid_boundaries_options *opts,
    struct grid_boundaries_stats *stats, struct grid_error *err)
{
	struct load ld = { .db = db, .opts = opts, .stats = stats,
		.source = strcmp(path, "-") == 0 ? "<stdin>" : path };
	struct grid_geojson *gj;
	int rc = -1;

	memset(stats, 0, sizeof(*stats));
	grid_buf_init(&ld.text, 0);
	gj = grid_geojson_load(path, opts->code_field, err);
	if (gj == NULL)
		return -1;
	if (grid_db_begin(db, err) != 0)
		goto out;
	if (prepare(&ld, err) != 0 || load_all(&ld, gj, err) != 0) {
		if (ld.stopped)
			grid_error_set(err, GRID_EDATA, path, 0, NULL,
			    "stopped: nothing was written");
		grid_db_rollback(db);
		goto out;
	}
	if (opts->dry_run)
		rc = grid_db_rollback(db);
	else
		rc = grid_db_commit(db, err);
out:
	sqlite3_finalize(ld.find);
	sqlite3_finalize(ld.update);
	sqlite3_finalize(ld.index);
	sqlite3_finalize(ld.mark);
	grid_buf_release(&ld.text);
	grid_geojson_free(gj);
	return rc;
}
