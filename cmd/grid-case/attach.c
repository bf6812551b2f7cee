/*
 * attach.c - grid-case attach ID FILE... | --uri URI... (the evidence of
 * a case: libgrid's grid/attach.h), grid-case attachments ID... (their
 * rows) and grid-case media ID SHA256 (the bytes of one back from the
 * archive).
 *
 * attach reads every file before anything is written, then, holding the
 * database's write lock: the rows and their case_log rows, the bytes
 * into the archive DB.sqlar (committed first), then the database's
 * commit.  A failure before the archive's commit leaves both as they
 * were; a database commit that fails after it leaves entries without
 * rows, harmless (named on standard error).  A row saying stored never
 * exists without its entry.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/attach.h"
#include "grid/cases.h"

static const char attach_usage[] =
"usage: grid-case attach ID FILE... [options]\n"
"       grid-case attach ID --uri URI... [options]\n"
"Record the evidence of a case (拍照, 录音, 视频): for each FILE its\n"
"size, SHA-256, MIME type (from its bytes) and kind (photo, audio, video\n"
"or document, from the type), with its bytes kept in the archive beside\n"
"the database (DB.sqlar, an SQLite archive that sqlite3 -A lists) as\n"
"ID/SHA256 unless --no-store; with --uri, addresses of evidence kept\n"
"elsewhere (no bytes; the type from the extension unless --mime).\n"
"Every file is read before anything is written; each attachment is\n"
"logged in case_log (action attach).  Prints one row per attachment,\n"
"after the commit: id, case_id, kind, stage, mime, size, sha256, stored,\n"
"at.\n"
"\n"
"      --after            an after-photo: the work done (stage after)\n"
"      --stage STAGE      before (the problem as found; default) or after\n"
"      --at TIME          when it was taken (default: now)\n"
"      --x X              where it was taken (with --y), in the\n"
"                         database's coordinate system\n"
"      --y Y              (with --x)\n"
"      --worker ID        the grid worker who took it (workers.id)\n"
"      --note TEXT        a note, kept with it and in case_log\n"
"      --store            keep the bytes in the archive (the default)\n"
"      --no-store         keep the file's facts only, not its bytes\n"
"      --uri              the arguments are addresses, not files\n"
"      --mime TYPE        with --uri: the MIME type\n"
"      --actor NAME       who (default $GRID_ACTOR, else your login)\n"
CASE_DRY_RUN_HELP
CASE_HELP_DB
"  -f, --format FMT       {formats} (default: table on a terminal,\n"
"                         else ndjson); id: the attachments' ids alone\n"
"  -o, --output FILE      write the rows to FILE (atomically)\n"
CLI_HELP_QUIET
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0; 64 usage; 65 no such case, a bad value, or a file that\n"
"changed while read; 66 a file missing, unreadable or not a regular\n"
"file; 69 database missing; 70 internal error; 73 the archive cannot be\n"
"created; 74 I/O error; 75 busy.  Nothing is written when it fails.\n";

static const char media_usage[] =
"usage: grid-case media ID SHA256 [-o FILE] [options]\n"
"The bytes of an attachment of case ID kept in the archive (DB.sqlar),\n"
"byte for byte, to standard output or FILE (written atomically, mode\n"
"0600), once read back whole and checked against its sha256 (grid-case\n"
"show lists them).  They are personal data: each media is recorded in\n"
"case_log (action reveal).\n"
"\n"
CASE_HELP_DB
"  -o, --output FILE      write the bytes to FILE\n"
CLI_HELP_QUIET
"      --actor NAME       who, in case_log (default $GRID_ACTOR, else\n"
"                         your login)\n"
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0; 64 usage; 65 no such attachment kept, or bytes that do\n"
"not match their sha256; 66 no archive; 69 database missing; 70 internal\n"
"error; 73 cannot create FILE; 74 I/O error; 75 busy.\n";

static const char list_usage[] =
"usage: grid-case attachments ID... [options]\n"
"The attachments of each case (grid-case attach), in the order they were\n"
"added: id, case_id, kind, stage, uri (the path as given or the address,\n"
"masked unless --reveal, which is recorded in case_log: action reveal),\n"
"mime, size, sha256, stored (1: the bytes are in the archive, grid-case\n"
"media gives them back), at, x, y, actor, worker_id, note.  -f\n"
"geojson: each as a point where it was taken (null when it has none).\n"
"\n"
CASE_COMMON_HELP_ROWS
CLI_HELP_WIDE
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const struct grid_column list_columns[] = {
	{ "id", GRID_COL_INT }, { "case_id", GRID_COL_TEXT },
	{ "kind", GRID_COL_TEXT }, { "stage", GRID_COL_TEXT },
	{ "uri", GRID_COL_TEXT }, { "mime", GRID_COL_TEXT },
	{ "size", GRID_COL_INT }, { "sha256", GRID_COL_TEXT },
	{ "stored", GRID_COL_INT }, { "at", GRID_COL_TEXT },
	{ "x", GRID_COL_REAL }, { "y", GRID_COL_REAL },
	{ "actor", GRID_COL_TEXT }, { "worker_id", GRID_COL_TEXT },
	{ "note", GRID_COL_TEXT },
};

static const struct grid_column columns[] = {
	{ "id", GRID_COL_INT }, { "case_id", GRID_COL_TEXT },
	{ "kind", GRID_COL_TEXT }, { "stage", GRID_COL_TEXT },
	{ "mime", GRID_COL_TEXT }, { "size", GRID_COL_INT },
	{ "sha256", GRID_COL_TEXT }, { "stored", GRID_COL_INT },
	{ "at", GRID_COL_TEXT },
};

enum {
	OPT_AFTER = 256, OPT_STAGE, OPT_AT, OPT_X, OPT_Y, OPT_WORKER,
	OPT_NOTE, OPT_STORE, OPT_NO_STORE, OPT_URI, OPT_MIME, OPT_ACTOR
};

/* The command line of attach. */
struct attach_run {
	const char *case_id;
	char **args;		/* files or addresses */
	int nargs;
	struct grid_attachment a;	/* what every one shares */
	int store, uri, dry_run;
	const char *mime;	/* --mime */
	struct grid_attach_file *files;	/* one per file */
	struct case_held held;
};

/* An option of attach; 0 when it is not one. */
static int
attach_option(void *ctx, int opt, char *arg)
{
	struct attach_run *run = ctx;
	struct grid_attachment *a = &run->a;

	switch (opt) {
	case OPT_AFTER:
		if (a->stage != NULL && strcmp(a->stage, "after") != 0)
			cli_usage_error("--after and --stage %s disagree",
			    a->stage);
		a->stage = "after";
		break;
	case OPT_STAGE:
		if (strcmp(arg, "before") != 0 && strcmp(arg, "after") != 0)
			cli_usage_error("--stage: expected before or after, "
			    "not '%s'", arg);
		if (a->stage != NULL && strcmp(a->stage, arg) != 0)
			cli_usage_error("--after and --stage %s disagree",
			    arg);
		a->stage = arg;
		break;
	case OPT_AT: a->at = arg; break;
	case OPT_X: a->x = arg; break;
	case OPT_Y: a->y = arg; break;
	case OPT_WORKER: a->worker_id = arg; break;
	case OPT_NOTE: a->note = arg; break;
	case OPT_STORE:
	case OPT_NO_STORE:
		if (run->store >= 0 && run->store != (opt == OPT_STORE))
			cli_usage_error("give --store or --no-store, not "
			    "both");
		run->store = opt == OPT_STORE;
		break;
	case OPT_URI: run->uri = 1; break;
	case OPT_MIME: run->mime = arg; break;
	case OPT_ACTOR: a->actor = arg; break;
	case 'n': run->dry_run = 1; break;
	default: return 0;
	}
	return 1;
}

static void
parse_attach(struct cli_common *c, struct attach_run *run, int argc,
    char **argv)
{
	static const struct option longopts[] = {
		{ "after", no_argument, NULL, OPT_AFTER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "at", required_argument, NULL, OPT_AT },
		{ "x", required_argument, NULL, OPT_X },
		{ "y", required_argument, NULL, OPT_Y },
		{ "worker", required_argument, NULL, OPT_WORKER },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "store", no_argument, NULL, OPT_STORE },
		{ "no-store", no_argument, NULL, OPT_NO_STORE },
		{ "uri", no_argument, NULL, OPT_URI },
		{ "mime", required_argument, NULL, OPT_MIME },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		CASE_WRITER_LONG
	};
	struct grid_attachment *a = &run->a;
	int first;

	run->store = -1;
	first = case_options(c, argc, argv, CLI_COMMON_SHORT "n", longopts,
	    attach_usage, attach_option, run);
	run->case_id = argv[first++];
	if (first == argc)
		cli_usage_error(run->uri ? "no address given" :
		    "no file given");
	run->args = argv + first;
	run->nargs = argc - first;
	if ((a->x == NULL) != (a->y == NULL))
		cli_usage_error("give --x and --y together");
	if (run->mime != NULL && !run->uri)
		cli_usage_error("--mime is for --uri (a file's type is read "
		    "from its bytes)");
	if (run->uri && run->store == 1)
		cli_usage_error("--store is for files: an address has no "
		    "bytes");
	if (a->actor == NULL)
		a->actor = cli_actor();
	run->store = !run->uri && run->store != 0;
	a->case_id = run->case_id;
}

/* Reads every file (hash, type, size).  0, or -1 with err. */
static int
probe_all(struct attach_run *run, struct grid_error *err)
{
	int i;

	if (run->uri)
		return 0;
	if ((run->files = calloc((size_t)run->nargs,
	    sizeof(*run->files))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < run->nargs; i++)
		if (grid_attach_probe(run->args[i], run->store,
		    &run->files[i], err) != 0)
			return -1;
	return 0;
}

/* The rows and their log rows, in the open transaction. */
static int
add_all(struct grid_db *db, struct attach_run *run, struct grid_error *err)
{
	struct grid_attach_added added;
	struct grid_attachment a = run->a;
	char id[32], size[32];
	const char *row[NCOLUMNS(columns)];
	int i;

	for (i = 0; i < run->nargs; i++) {
		const struct grid_attach_file *f = run->uri ? NULL :
		    &run->files[i];

		a.uri = run->args[i];
		a.file = f;
		a.mime = f != NULL ? f->mime : run->mime != NULL ?
		    run->mime : grid_attach_uri_mime(a.uri);
		a.kind = grid_attach_kind(a.mime);
		a.stored = run->store;
		if (grid_attach_add(db, &a, &added, err) != 0) {
			if (err->source[0] == '\0')
				grid_error_locate(err, a.uri, 0, NULL);
			return -1;
		}
		snprintf(id, sizeof(id), "%lld", added.id);
		if (f != NULL)
			snprintf(size, sizeof(size), "%lld", f->size);
		row[0] = id;
		row[1] = run->case_id;
		row[2] = a.kind;
		row[3] = a.stage != NULL ? a.stage : "before";
		row[4] = a.mime;
		row[5] = f != NULL ? size : NULL;
		row[6] = f != NULL ? f->sha256 : NULL;
		row[7] = run->store ? "1" : "0";
		row[8] = added.at;
		if (case_held_row(&run->held, row, err) != 0)
			return -1;
	}
	return 0;
}

/*
 * The bytes of every file into the archive, committed.  *wrote: the
 * entries new in it.  0, or -1 with err (the archive as it was).
 */
static int
store_all(struct grid_db *db, struct attach_run *run, long *wrote,
    struct grid_error *err)
{
	struct grid_attach_archive *ar = NULL;
	int i, rc = -1, put;

	*wrote = 0;
	if (grid_attach_archive_open(db, 1, &ar, err) != 0 ||
	    grid_attach_archive_begin(ar, err) != 0)
		goto out;
	for (i = 0; i < run->nargs; i++) {
		if ((put = grid_attach_archive_put(ar, run->case_id,
		    run->args[i], &run->files[i], err)) < 0)
			goto out;
		*wrote += put;
	}
	rc = grid_attach_archive_commit(ar, err);
out:
	grid_attach_archive_close(ar);
	return rc;
}

/* Checks, writes, commits.  0, or -1 with err. */
static int
attach(struct grid_db *db, void *ctx, struct grid_error *err)
{
	struct attach_run *run = ctx;
	char path[4096];
	long wrote = 0;

	if (grid_attach_case_exists(db, run->case_id, err) != 1 ||
	    probe_all(run, err) != 0 || grid_db_begin(db, err) != 0)
		return -1;
	if (grid_attach_case_exists(db, run->case_id, err) != 1 ||
	    add_all(db, run, err) != 0)
		goto fail;
	if (run->dry_run) {
		grid_db_rollback(db);
		return 0;
	}
	if (run->store && store_all(db, run, &wrote, err) != 0)
		goto fail;
	if (grid_db_commit(db, err) == 0)
		return 0;
	if (wrote > 0)
		cli_warn("%ld entries were stored in %s for rows that were not "
		    "written: harmless, attaching the files again uses them",
		    wrote, grid_attach_archive_path(db, path, sizeof(path)));
	return -1;
fail:
	grid_db_rollback(db);
	return -1;
}

int
case_attach(int argc, char **argv)
{
	struct cli_common c;
	struct attach_run run;
	struct case_writer w;
	int status;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	memset(&w, 0, sizeof(w));
	c.writes = CLI_WRITES_ROWS;	/* held here until the commit */
	parse_attach(&c, &run, argc, argv);
	w.columns = columns;
	w.ncolumns = NCOLUMNS(columns);
	w.dry_run = run.dry_run;
	w.held = &run.held;
	w.write = attach;
	w.ctx = &run;
	status = case_write_command(&c, &w);
	free(run.files);
	return status;
}

/*
 * media: the row must say stored; the fetch is logged (reveal) and
 * committed before any byte is written.  0, or -1 with err.
 */
static int
log_media(struct grid_db *db, const char *case_id, const char *sha256,
    const char *actor, struct grid_error *err)
{
	struct grid_cases *cs = NULL;
	char note[128];
	int rc = -1;

	snprintf(note, sizeof(note), "media %.64s", sha256);
	if (grid_cases_open(db, &cs, err) == 0 &&
	    grid_db_begin(db, err) == 0) {
		if (grid_case_log_reveal(cs, case_id, actor, note, err) == 0)
			rc = grid_db_commit(db, err);
		else
			grid_db_rollback(db);
	}
	grid_cases_close(cs);
	return rc;
}

/* 1 when case_id has a row of sha256 kept in the archive. */
struct kept {
	const char *sha256;
	int found;
};

static int
find_kept(void *ctx, const struct grid_attach_row *r)
{
	struct kept *k = ctx;

	if (r->sha256 != NULL && strcmp(r->sha256, k->sha256) == 0 &&
	    r->stored != NULL && strcmp(r->stored, "1") == 0)
		k->found = 1;
	return 0;
}

static int
media(struct grid_db *db, const char *case_id, const char *sha256,
    const char *actor, const char *output, struct grid_error *err)
{
	struct grid_attach_archive *ar = NULL;
	struct cli_output o;
	struct kept k = { sha256, 0 };
	int rc = -1, opened = 0;

	memset(&o, 0, sizeof(o));
	if (grid_attach_case_exists(db, case_id, err) != 1 ||
	    grid_attach_list(db, case_id, find_kept, &k, err) != 0)
		return -1;
	if (!k.found)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "sha256",
		    "case %s: no attachment %s kept in the archive", case_id,
		    sha256);
	if (grid_attach_archive_open(db, 0, &ar, err) != 0 ||
	    grid_attach_archive_get(ar, case_id, sha256, NULL, NULL,
	    err) != 0 || log_media(db, case_id, sha256, actor, err) != 0 ||
	    cli_output_open(&o, output, err) != 0)
		goto out;
	opened = 1;
	rc = grid_attach_archive_get(ar, case_id, sha256, o.fp, NULL, err);
out:
	if (opened && cli_output_close(&o, rc == 0, rc == 0 ? err : NULL) !=
	    0)
		rc = -1;
	grid_attach_archive_close(ar);
	return rc;
}

/* 64 hex digits. */
static int
is_sha256(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}

int
case_media(int argc, char **argv)
{
	/* CLI_COMMON_LONG but --format and --reveal: bytes as they are */
	static const struct option longopts[] = {
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, CLI_OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_common c;
	struct grid_error err;
	struct grid_db *db;
	const char *actor = NULL;
	int opt, status = 0;

	memset(&c, 0, sizeof(c));
	c.writes = CLI_WRITES_ROWS;
	while ((opt = cli_getopt_long(argc, argv, "d:o:qh", longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg, media_usage))
			continue;
		if (opt == OPT_ACTOR)
			actor = optarg;
		else
			cli_bad_option();
	}
	if (argc - optind != 2)
		cli_usage_error("give the case's ID and the attachment's "
		    "sha256");
	if (!is_sha256(argv[optind + 1]))
		cli_usage_error("'%s': not a sha256 (64 lowercase hex digits)",
		    argv[optind + 1]);
	if ((db = cli_open_db(&c, 0, &status)) == NULL)
		return status;
	if (media(db, argv[optind], argv[optind + 1], actor != NULL ? actor :
	    cli_actor(), c.output, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	grid_db_close(db);
	return status;
}

/* --- attachments ID... --- */

struct list_sink {
	struct case_rows *rows;
	int reveal;
	struct grid_error err;
};

static int
list_row(void *ctx, const struct grid_attach_row *r)
{
	struct list_sink *ls = ctx;
	char masked[512];
	const char *row[NCOLUMNS(list_columns)] = { r->id, r->case_id,
		r->kind, r->stage, r->uri, r->mime, r->size, r->sha256,
		r->stored, r->at, r->x, r->y, r->actor, r->worker_id,
		r->note };

	if (!ls->reveal)
		row[4] = grid_attach_mask_uri(r->uri, masked, sizeof(masked));
	return case_rows_write(ls->rows, row, &ls->err);
}

/* The case exists: 0, or -1 with err. */
static int
case_exists(struct grid_db *db, const char *id, struct grid_error *err)
{
	return grid_attach_case_exists(db, id, err) == 1 ? 0 : -1;
}

/* The attachments of case id.  0, or -1 with err. */
static int
list_case(struct grid_db *db, const char *id, struct case_rows *rows,
    int reveal, struct grid_error *err)
{
	struct list_sink ls;

	memset(&ls, 0, sizeof(ls));
	ls.rows = rows;
	ls.reveal = reveal;
	if (grid_attach_list(db, id, list_row, &ls, err) != 0) {
		if (err->code == 0)
			*err = ls.err;
		return -1;
	}
	return 0;
}

int
case_attachments(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_LONG,
		CLI_WIDE_LONG, { NULL, 0, NULL, 0 } };
	struct case_lister l;

	memset(&l, 0, sizeof(l));
	l.usage = list_usage;
	l.longopts = longopts;
	l.writes = CLI_WRITES_ROWS | CLI_WRITES_PLACES;	/* x, y */
	l.columns = list_columns;
	l.ncolumns = NCOLUMNS(list_columns);
	l.reveal_note = "attachments --reveal";
	l.check = case_exists;
	l.list = list_case;
	return case_list_command(argc, argv, &l);
}
