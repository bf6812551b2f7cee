/*
 * show.c - grid-case show ID... (a case's fields, and as a table its
 * attachments; the reporter and the attachments' paths masked unless
 * --reveal, which is recorded in case_log) and grid-case log ID... (its
 * case_log rows, oldest first).  Read-only but for --reveal.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/dispute.h"
#include "grid-case/grid-case.h"
#include "grid/attach.h"
#include "grid/buf.h"
#include "grid/case_query.h"
#include "grid/cases.h"

static const char show_usage[] =
"usage: grid-case show ID... [options]\n"
"The fields of each case: one row per case (table and md: one line per\n"
"field).  A reporter that is a phone number or an ID number is masked\n"
"unless --reveal (recorded in case_log: action reveal, by whom, when);\n"
"names and workers' ids are shown as they are.  As a table or md, its\n"
"attachments (grid-case attach) follow, a line each: id, kind, stage,\n"
"MIME type, size, sha256, whether the bytes are kept, the path or\n"
"address (masked unless --reveal), when; grid-case attachments lists\n"
"them as rows.  With several -d, each case is looked for in every\n"
"database (the first that has it); a reveal is recorded in that one.\n"
"\n"
CASE_COMMON_HELP_MANY
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const char log_usage[] =
"usage: grid-case log ID... [options]\n"
"Every change of each case, as case_log holds it, oldest first: case_id,\n"
"at, actor, action, from_status, to_status, note, worker_id (the grid\n"
"worker on site: report and verify --worker).  A case without log rows\n"
"(imported) prints none.  With several -d, each case's log comes from\n"
"the first database that has the case.\n"
"\n"
CASE_COMMON_HELP_MANY
"\n"
"Exit status: 0; 64 usage; 65 no such case; 69 database missing;\n"
"70 internal error; 73 cannot create output; 74 I/O error; 75 busy.\n";

static const struct grid_column field_columns[] = {
	{ "field", GRID_COL_TEXT }, { "value", GRID_COL_TEXT },
};

static const struct grid_column log_columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "at", GRID_COL_TEXT },
	{ "actor", GRID_COL_TEXT }, { "action", GRID_COL_TEXT },
	{ "from_status", GRID_COL_TEXT }, { "to_status", GRID_COL_TEXT },
	{ "note", GRID_COL_TEXT }, { "worker_id", GRID_COL_TEXT },
};

/* Parses the options; returns the index of the first ID. */
static int
parse(struct cli_common *c, int argc, char **argv, const char *usage)
{
	static const struct option longopts[] = { CLI_COMMON_LONG,
		CLI_WIDE_LONG, { NULL, 0, NULL, 0 } };
	int opt;

	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1)
		if (!cli_common_option(c, opt, optarg, usage))
			cli_bad_option();
	if (optind == argc)
		cli_usage_error("which case? no ID given");
	return optind;
}

/*
 * Every id is a case: each unknown one named.  0, or the exit status
 * (65, or a database error's).  Checked before anything is printed.
 */
static int
all_known(struct grid_db *db, char **ids)
{
	struct grid_error err;
	int status = 0, rc;

	for (; *ids != NULL; ids++) {
		if ((rc = grid_case_exists(db, *ids, &err)) == 1)
			continue;
		cli_error(&err);
		status = err.code;
		if (rc < 0)
			break;
	}
	return status;
}

/* show's sink: the rows, and the database its attachments come from. */
struct show_sink {
	struct case_sink s;	/* first: the callbacks' ctx */
	struct grid_db *db;
};

/* One attachment as a line: what it is, then where and when. */
static int
attachment_text(struct grid_buf *b, const struct grid_attach_row *r,
    int reveal)
{
	char masked[512];
	const char *uri = reveal ? r->uri : grid_attach_mask_uri(r->uri,
	    masked, sizeof(masked));

	if (grid_buf_addf(b, "%s %s %s %s", r->id, r->kind, r->stage,
	    r->mime) != 0)
		return -1;
	if (r->sha256 != NULL && grid_buf_addf(b, " %s bytes sha256 %s%s",
	    r->size != NULL ? r->size : "?", r->sha256,
	    strcmp(r->stored, "1") == 0 ? " stored" : " not stored") != 0)
		return -1;
	if (grid_buf_addf(b, " %s at %s", uri, r->at) != 0)
		return -1;
	if (r->x != NULL && r->y != NULL &&
	    grid_buf_addf(b, " x %s y %s", r->x, r->y) != 0)
		return -1;
	if (r->worker_id != NULL &&
	    grid_buf_addf(b, " worker %s", r->worker_id) != 0)
		return -1;
	if (r->note != NULL && grid_buf_addf(b, " note %s", r->note) != 0)
		return -1;
	return 0;
}

/* An attachment as a line of its own (vertical). */
static int
show_attachment(void *ctx, const struct grid_attach_row *r)
{
	struct show_sink *ss = ctx;
	struct grid_buf line;
	char field[48];
	const char *pair[2];
	int rc = -1;

	grid_buf_init(&line, 64 * 1024);
	snprintf(field, sizeof(field), "attachment %s", r->id);
	if (attachment_text(&line, r, ss->s.c->reveal) != 0)
		grid_error_set(&ss->s.err, GRID_EINTERNAL, NULL, 0,
		    "attachments", "too long");
	else {
		pair[0] = field;
		pair[1] = line.data;
		rc = case_rows_write(ss->s.rows, pair, &ss->s.err);
	}
	grid_buf_release(&line);
	return rc;
}

/* The attachments of case id into ss.  0, or -1 (ss->s.err says). */
static int
list_attachments(struct show_sink *ss, const char *id)
{
	struct grid_error err;

	if (grid_attach_list(ss->db, id, show_attachment, ss, &err) == 0)
		return 0;
	if (err.code != 0)
		ss->s.err = err;
	return -1;
}

/* A case as show prints it: a row, or one row per field (vertical). */
static int
show_case(void *ctx, const struct grid_case_row *r)
{
	struct show_sink *ss = ctx;
	struct case_sink *s = &ss->s;
	const struct grid_column *columns = grid_case_columns();
	const char *row[GRID_CASE_NFIELDS], *pair[2];
	char masked[512];
	size_t i;

	for (i = 0; i < GRID_CASE_NFIELDS; i++)
		row[i] = r->field[i];
	row[GRID_CASE_REPORTER] = case_mask_text(row[GRID_CASE_REPORTER],
	    s->c->reveal, masked, sizeof(masked));
	if (!s->vertical)
		return case_rows_write(s->rows, row, &s->err);
	for (i = 0; i < GRID_CASE_NFIELDS; i++) {
		pair[0] = columns[i].name;
		pair[1] = row[i];
		if (case_rows_write(s->rows, pair, &s->err) != 0)
			return -1;
	}
	/* a petition's record (petition.c), petitioners masked */
	if (case_petition_lines(ss->db, r->field[GRID_CASE_ID], s->rows,
	    s->c->reveal, &s->err) != 0)
		return -1;
	/* a dispute's details (dispute.c), parties masked */
	if (case_dispute_lines(ss->db, r->field[GRID_CASE_ID], s->rows,
	    s->c->reveal, &s->err) != 0)
		return -1;
	return list_attachments(ss, r->field[GRID_CASE_ID]);
}

/* A case_log row as log prints it. */
static int
log_row(void *ctx, const struct grid_case_log_row *r)
{
	struct case_sink *s = ctx;
	const char *row[NCOLUMNS(log_columns)] = { r->case_id, r->at,
		r->actor, r->action, r->from_status, r->to_status, r->note,
		r->worker_id };

	return case_rows_write(s->rows, row, &s->err);
}

/*
 * The columns of the rows, by their format: show as a table or md (a
 * terminal's default) one line per field, else one row per case.
 */
static void
choose_columns(struct case_sink *s, int is_log)
{
	enum grid_format f = case_rows_format(s->rows);

	s->vertical = !is_log && (f == GRID_FORMAT_TABLE ||
	    f == GRID_FORMAT_MD);
	if (s->vertical)
		case_rows_columns(s->rows, field_columns,
		    NCOLUMNS(field_columns));
	else if (is_log)
		case_rows_columns(s->rows, log_columns, NCOLUMNS(log_columns));
	else
		case_rows_columns(s->rows, grid_case_columns(),
		    GRID_CASE_NFIELDS);
}

/* The rows of each ID: show or log.  0, or -1 with err. */
static int
each_case(struct grid_db *db, char **ids, int is_log, struct case_sink *s,
    struct grid_error *err)
{
	choose_columns(s, is_log);
	for (; *ids != NULL; ids++)
		if ((is_log ? grid_case_log(db, *ids, log_row, s, err) :
		    grid_case_show(db, *ids, show_case, s, err)) != 0)
			return -1;
	return 0;
}

int
case_log_reveals(struct grid_db *db, char **ids, const char *note,
    struct grid_error *err)
{
	struct grid_cases *cs = NULL;
	int rc = -1;

	if (grid_cases_open(db, &cs, err) != 0 || grid_db_begin(db, err) != 0)
		goto out;
	for (; *ids != NULL; ids++)
		if (grid_case_log_reveal(cs, *ids, cli_actor(), note,
		    err) != 0) {
			grid_db_rollback(db);
			goto out;
		}
	rc = grid_db_commit(db, err);
out:
	grid_cases_close(cs);
	return rc;
}

/*
 * show --reveal: records in case_log, for each case, who was shown its
 * personal data unmasked, in one transaction before anything is shown.
 * Returns 0 or the exit status (the error printed).
 */
static int
log_reveals(const struct cli_common *c, char **ids)
{
	struct grid_error err;
	struct grid_db *db;
	int status = 0;

	if ((db = cli_open_db(c, 0, &status)) == NULL)
		return status;
	if (case_log_reveals(db, ids, "show --reveal", &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	grid_db_close(db);
	return status;
}

/* ---- several databases (-d repeated): each id where it is ---- */

/*
 * Finds the database of each id (where[k], an index of c->dbs), the
 * databases opened one at a time in order: an id in two is the first's.
 * Each id in none is named, as all_known does.  0, or the exit status.
 */
static int
find_cases(const struct cli_common *c, char **ids, int nids, int *where)
{
	struct cli_common one = *c;
	struct grid_error err;
	struct grid_db *db;
	int i, k, rc, status = 0;

	for (k = 0; k < nids; k++)
		where[k] = -1;
	for (i = 0; i < c->ndbs; i++) {
		one.db = c->dbs[i];
		if ((db = cli_open_db(&one, 1, &status)) == NULL)
			return status;
		for (k = 0; k < nids; k++) {
			if (where[k] >= 0)
				continue;
			if ((rc = grid_case_exists(db, ids[k], &err)) == 1)
				where[k] = i;
			else if (rc < 0) {
				cli_error(&err);
				grid_db_close(db);
				return err.code != 0 ? err.code :
				    GRID_EINTERNAL;
			}
		}
		grid_db_close(db);
	}
	for (k = 0; k < nids; k++)
		if (where[k] < 0) {
			grid_error_set(&err, GRID_EDATA, NULL, 0, NULL,
			    "case %s: no such case", ids[k]);
			cli_error(&err);
			status = GRID_EDATA;
		}
	return status;
}

/*
 * show --reveal over several databases: each reveal recorded in the
 * case_log of the database the case is in, one transaction each.
 */
static int
reveal_many(const struct cli_common *c, char **ids, int nids,
    const int *where)
{
	struct cli_common one = *c;
	char **mine;
	int i, k, m, status = 0;

	if ((mine = calloc((size_t)nids + 1, sizeof(*mine))) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (i = 0; i < c->ndbs && status == 0; i++) {
		for (k = 0, m = 0; k < nids; k++)
			if (where[k] == i)
				mine[m++] = ids[k];
		mine[m] = NULL;
		one.db = c->dbs[i];
		if (m > 0)
			status = log_reveals(&one, mine);
	}
	free(mine);
	return status;
}

/* show or log with several -d. */
static int
run_many(struct cli_common *c, char **ids, int is_log)
{
	struct cli_common one = *c;
	struct case_rows rows;
	struct show_sink ss;
	struct grid_error err;
	struct grid_db *db = NULL;
	int *where, nids, k, open = -1, status;

	for (nids = 0; ids[nids] != NULL; nids++)
		;
	if ((where = calloc((size_t)nids + 1, sizeof(*where))) == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	memset(&ss, 0, sizeof(ss));
	case_sink_init(&ss.s, &rows, c);
	if ((status = find_cases(c, ids, nids, where)) != 0 ||
	    (!is_log && c->reveal && (status = reveal_many(c, ids, nids,
	    where)) != 0)) {
		free(where);
		return status;
	}
	if (case_rows_open(&rows, c, NULL, 0, &err) != 0)
		status = case_sink_fail(&ss.s, &err);
	else
		choose_columns(&ss.s, is_log);
	for (k = 0; k < nids && status == 0; k++) {
		if (where[k] != open) {
			grid_db_close(db);
			one.db = c->dbs[where[k]];
			if ((db = cli_open_db(&one, 1, &status)) == NULL)
				break;
			open = where[k];
		}
		ss.db = db;
		if ((is_log ? grid_case_log(db, ids[k], log_row, &ss.s, &err) :
		    grid_case_show(db, ids[k], show_case, &ss, &err)) != 0)
			status = case_sink_fail(&ss.s, &err);
	}
	if (case_rows_close(&rows, status == 0, &err) != 0 && status == 0) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	free(where);
	return status;
}

static int
run(int argc, char **argv, const char *usage, int is_log)
{
	struct cli_common c;
	struct case_rows rows;
	struct show_sink ss;
	struct case_sink *sink = &ss.s;
	struct grid_error err;
	struct grid_db *db;
	int first, status = 0;

	memset(&c, 0, sizeof(c));
	memset(&ss, 0, sizeof(ss));
	/* show's rows have the case's point: -f geojson */
	c.writes = CLI_WRITES_ROWS | (is_log ? 0 : CLI_WRITES_PLACES) |
	    CLI_READS_MANY;
	first = parse(&c, argc, argv, usage);
	if (!is_log)
		cli_table_whole();	/* fields and values: never cut */
	case_sink_init(sink, &rows, &c);
	case_rows_check(&c);
	if (c.ndbs > 1)
		return run_many(&c, argv + first, is_log);
	if (!is_log && c.reveal && (status = log_reveals(&c,
	    argv + first)) != 0)
		return status;
	if ((db = cli_open_db(&c, 1, &status)) == NULL)
		return status;
	ss.db = db;
	if ((status = all_known(db, argv + first)) != 0) {
		grid_db_close(db);
		return status;
	}
	if (case_rows_open(&rows, &c, NULL, 0, &err) != 0 ||
	    each_case(db, argv + first, is_log, sink, &err) != 0)
		status = case_sink_fail(sink, &err);
	if (case_rows_close(&rows, status == 0, &err) != 0 && status == 0) {
		cli_error(&err);
		status = err.code;
	}
	grid_db_close(db);
	return status;
}

int
case_show(int argc, char **argv)
{
	return run(argc, argv, show_usage, 0);
}

int
case_log(int argc, char **argv)
{
	return run(argc, argv, log_usage, 1);
}
