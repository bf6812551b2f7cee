/*
 * assign_workers_balance.c - balancing each community's unit grids between its
 * workers: the problem read from the database (grids, loads, holdings,
 * neighbours), solved by assign_balance.c, recorded as a plan, and written to
 * worker_grids when asked.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/adjacency.h"
#include "grid/balance.h"
#include "grid/buf.h"
#include "grid/geojson.h"
#include "grid/workers.h"
#include "assign_workers_internal.h"
#include "internal.h"

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Column i as text, NULL when NULL. */
static const char *
column(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

/* A community being balanced. */
struct community {
	const char *code;
	size_t n;			/* unit grids */
	char **grids;			/* [n] codes, sorted */
	struct grid_multipolygon **polygons;	/* [n], NULL: none */
	long *load;			/* [n] */
	size_t k, nnames, nkinds;	/* workers */
	char **ids, **names, **kinds;	/* [k], by id */
	unsigned char *holds;		/* [n * k] */
	unsigned char *adjacent;	/* [n * n] */
	int *assign;			/* [n] */
	size_t with_polygon;
};

/* The statements of one balancing run. */
struct balancer {
	struct grid_db *db;
	enum grid_workers_by by;
	struct grid_workers_plan *plan;
	sqlite3_stmt *grids, *workers, *holdings, *remove, *add;
};

static const char balance_grids_sql[] =
"SELECT g.code, g.geometry,\n"
"  (SELECT count(*) FROM people p WHERE p.grid_code = g.code),\n"
"  (SELECT count(*) FROM houses h WHERE h.grid_code = g.code)\n"
"FROM grids g WHERE g.community_code = ?1 AND g.kind = 'unit'\n"
"ORDER BY g.code";
static const char balance_workers_sql[] =
"SELECT DISTINCT w.id, w.name, w.kind FROM worker_grids wg\n"
"JOIN grids g ON g.code = wg.grid_code\n"
"JOIN workers w ON w.id = wg.worker_id\n"
"WHERE g.community_code = ?1 AND w.kind <> 'specialist'\n"
"ORDER BY w.id";
static const char balance_holdings_sql[] =
"SELECT wg.worker_id, wg.grid_code FROM worker_grids wg\n"
"JOIN grids g ON g.code = wg.grid_code\n"
"WHERE g.community_code = ?1 AND g.kind = 'unit'";

static void
community_release(struct community *c)
{
	size_t i;

	gridi_strings_free(c->grids, c->n);
	if (c->polygons != NULL)
		for (i = 0; i < c->n; i++)
			grid_multipolygon_free(c->polygons[i]);
	free(c->polygons);
	free(c->load);
	gridi_strings_free(c->ids, c->k);
	gridi_strings_free(c->names, c->nnames);
	gridi_strings_free(c->kinds, c->nkinds);
	free(c->holds);
	free(c->adjacent);
	free(c->assign);
	memset(c, 0, sizeof(*c));
}

/* The polygon of a grid from its geometry text; NULL with err if bad. */
static struct grid_multipolygon *
read_polygon(const char *code, const char *text, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	json_error_t jerr;
	json_t *json;
	char what[sizeof(err->text)];

	if ((json = json_loads(text, 0, &jerr)) == NULL) {
		grid_error_set(err, GRID_EDATA, "grids", 0, "geometry",
		    "grid '%s': not JSON: %s", code, jerr.text);
		return NULL;
	}
	mp = grid_geojson_geometry(json, err);
	json_decref(json);
	if (mp == NULL && err != NULL) {
		snprintf(what, sizeof(what), "%s", err->text);
		grid_error_set(err, GRID_EDATA, "grids", 0, "geometry",
		    "grid '%s': %.400s", code, what);
	}
	return mp;
}

/* Appends a grid row of the grids statement to c.  0 or -1. */
static int
add_community_grid(struct balancer *bal, struct community *c,
    struct grid_error *err)
{
	sqlite3_stmt *stmt = bal->grids;
	const char *code = column(stmt, 0), *geometry = column(stmt, 1);
	size_t n = c->n;
	void *grown;

	if ((grown = realloc(c->polygons, (n + 1) * sizeof(*c->polygons)))
	    == NULL)
		return oom(err);
	c->polygons = grown;
	c->polygons[n] = NULL;
	if ((grown = realloc(c->load, (n + 1) * sizeof(*c->load))) == NULL)
		return oom(err);
	c->load = grown;
	c->load[n] = (long)sqlite3_column_int64(stmt,
	    bal->by == GRID_WORKERS_BY_HOUSES ? 3 : 2);
	if (gridi_strings_push(&c->grids, &c->n, code) != 0)
		return oom(err);
	if (geometry != NULL && geometry[strspn(geometry, " \t\r\n")] != '\0') {
		if ((c->polygons[n] = read_polygon(code, geometry, err)) ==
		    NULL)
			return -1;
		c->with_polygon++;
	}
	return 0;
}

/* Reads the community's grids, workers and holdings.  0 or -1. */
static int
read_community(struct balancer *bal, struct community *c,
    struct grid_error *err)
{
	char **grid, **id;
	const char *worker_code, *grid_code;
	int rc;

	sqlite3_reset(bal->grids);
	sqlite3_bind_text(bal->grids, 1, c->code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(bal->grids)) == SQLITE_ROW)
		if (add_community_grid(bal, c, err) != 0)
			return -1;
	if (rc != SQLITE_DONE)
		return grid_db_error(bal->db, rc, "reading grids", err);
	sqlite3_reset(bal->workers);
	sqlite3_bind_text(bal->workers, 1, c->code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(bal->workers)) == SQLITE_ROW)
		if (gridi_strings_push(&c->ids, &c->k,
		    column(bal->workers, 0)) != 0 ||
		    gridi_strings_push(&c->names, &c->nnames,
		    column(bal->workers, 1)) != 0 ||
		    gridi_strings_push(&c->kinds, &c->nkinds,
		    column(bal->workers, 2)) != 0)
			return oom(err);
	if (rc != SQLITE_DONE)
		return grid_db_error(bal->db, rc, "reading workers", err);
	if ((c->holds = calloc(c->n * c->k + 1, 1)) == NULL)
		return oom(err);
	sqlite3_reset(bal->holdings);
	sqlite3_bind_text(bal->holdings, 1, c->code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(bal->holdings)) == SQLITE_ROW) {
		worker_code = column(bal->holdings, 0);
		grid_code = column(bal->holdings, 1);
		id = c->k > 0 ? bsearch(&worker_code, c->ids, c->k,
		    sizeof(*c->ids), gridi_strings_compare) : NULL;
		grid = c->n > 0 ? bsearch(&grid_code, c->grids, c->n,
		    sizeof(*c->grids), gridi_strings_compare) : NULL;
		if (id != NULL && grid != NULL)
			c->holds[(size_t)(grid - c->grids) * c->k +
			    (size_t)(id - c->ids)] = 1;
	}
	if (rc != SQLITE_DONE)
		return grid_db_error(bal->db, rc, "reading worker_grids", err);
	return 0;
}

/*
 * Neighbours: polygons sharing an edge; when either grid has no polygon,
 * grids numbered one after the other.
 */
static int
find_neighbours(struct community *c, struct grid_error *err)
{
	size_t i, j, n = c->n;
	int adjacent;

	if ((c->adjacent = calloc(n * n + 1, 1)) == NULL)
		return oom(err);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			if (c->polygons[i] != NULL && c->polygons[j] != NULL)
				adjacent = grid_adjacency_polygons(
				    c->polygons[i], c->polygons[j]);
			else
				adjacent = grid_adjacency_codes(c->grids[i],
				    c->grids[j]);
			c->adjacent[i * n + j] = c->adjacent[j * n + i] =
			    (unsigned char)adjacent;
		}
	return 0;
}

/*
 * Worker w's grids before (held) or after (proposed), comma-separated,
 * with their number and load; NULL when out of memory.
 */
static char *
join_grids(const struct community *c, size_t w, int after, size_t *count,
    long *load)
{
	struct grid_buf buf = GRID_BUF_INIT;
	size_t i;
	int mine;

	*count = 0;
	*load = 0;
	for (i = 0; i < c->n; i++) {
		mine = after ? c->assign[i] == (int)w :
		    c->holds[i * c->k + w] != 0;
		if (!mine)
			continue;
		if ((*count > 0 && grid_buf_addc(&buf, ',') != 0) ||
		    grid_buf_adds(&buf, c->grids[i]) != 0) {
			grid_buf_release(&buf);
			return NULL;
		}
		(*count)++;
		*load += c->load[i];
	}
	return grid_buf_detach(&buf);
}

/* Max, min and coefficient of variation of the shares' loads. */
static void
spread(const struct grid_workers_share *s, size_t k, int after, long *max,
    long *min, double *cv)
{
	double sum = 0, squares = 0, mean, load;
	size_t w;

	*max = *min = 0;
	for (w = 0; w < k; w++) {
		load = (double)(after ? s[w].load_after : s[w].load_before);
		if (w == 0 || load > *max)
			*max = (long)load;
		if (w == 0 || load < *min)
			*min = (long)load;
		sum += load;
	}
	mean = k > 0 ? sum / (double)k : 0;
	for (w = 0; w < k; w++) {
		load = (double)(after ? s[w].load_after : s[w].load_before);
		squares += (load - mean) * (load - mean);
	}
	*cv = mean > 0 ? sqrt(squares / (double)k) / mean : 0;
}

/* Adds the community and its workers' shares to the plan.  0 or -1. */
static int
add_results(struct grid_workers_plan *plan, const struct community *c,
    const struct grid_balance *b, struct grid_error *err)
{
	struct grid_workers_community *pc;
	struct grid_workers_share *s;
	size_t w, i, holders;
	void *grown;

	grown = realloc(plan->communities, (plan->ncommunities + 1) *
	    sizeof(*plan->communities));
	if (grown == NULL)
		return oom(err);
	plan->communities = grown;
	pc = &plan->communities[plan->ncommunities];
	memset(pc, 0, sizeof(*pc));
	if ((pc->code = strdup(c->code)) == NULL)
		return oom(err);
	plan->ncommunities++;
	pc->ngrids = c->n;
	pc->nworkers = c->k;
	pc->with_polygon = c->with_polygon;
	if (c->k == 0)
		return 0;
	grown = realloc(plan->shares, (plan->nshares + c->k) *
	    sizeof(*plan->shares));
	if (grown == NULL)
		return oom(err);
	plan->shares = grown;
	for (w = 0; w < c->k; w++) {
		s = &plan->shares[plan->nshares];
		memset(s, 0, sizeof(*s));
		plan->nshares++;
		s->community_code = strdup(c->code);
		s->worker_id = strdup(c->ids[w]);
		s->name = strdup(c->names[w]);
		s->kind = strdup(c->kinds[w]);
		s->grids_before = join_grids(c, w, 0, &s->count_before,
		    &s->load_before);
		s->grids_after = join_grids(c, w, 1, &s->count_after,
		    &s->load_after);
		s->pieces = grid_balance_pieces(b, c->assign, (int)w);
		if (s->community_code == NULL || s->worker_id == NULL ||
		    s->name == NULL || s->kind == NULL ||
		    s->grids_before == NULL || s->grids_after == NULL ||
		    s->pieces == (size_t)-1)
			return oom(err);
	}
	s = &plan->shares[plan->nshares - c->k];
	spread(s, c->k, 0, &pc->max_before, &pc->min_before, &pc->cv_before);
	spread(s, c->k, 1, &pc->max_after, &pc->min_after, &pc->cv_after);
	for (i = 0; i < c->n; i++) {
		for (w = holders = 0; w < c->k; w++)
			holders += c->holds[i * c->k + w];
		if (holders != 1 || !c->holds[i * c->k +
		    (size_t)c->assign[i]])
			pc->moved++;
	}
	return 0;
}

/* Runs stmt (worker ?1, grid ?2) once.  0 or -1. */
static int
run_pair(struct grid_db *db, sqlite3_stmt *stmt, const char *worker_id,
    const char *grid_code, struct grid_error *err)
{
	int rc;

	sqlite3_reset(stmt);
	sqlite3_bind_text(stmt, 1, worker_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, grid_code, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 :
	    grid_db_error(db, rc, "writing worker_grids", err);
}

/* Writes the community's new holdings.  0 or -1. */
static int
apply_community(struct balancer *bal, const struct community *c,
    struct grid_error *err)
{
	size_t i, w;
	int held, wanted;

	for (i = 0; i < c->n; i++)
		for (w = 0; w < c->k; w++) {
			held = c->holds[i * c->k + w] != 0;
			wanted = c->assign[i] == (int)w;
			if (held && !wanted) {
				if (run_pair(bal->db, bal->remove, c->ids[w],
				    c->grids[i], err) != 0)
					return -1;
				bal->plan->rows_removed++;
			} else if (!held && wanted) {
				if (run_pair(bal->db, bal->add, c->ids[w],
				    c->grids[i], err) != 0)
					return -1;
				bal->plan->rows_added++;
			}
		}
	return 0;
}

/* Reads, solves, records and (apply) writes one community.  0 or -1. */
static int
balance_community(struct balancer *bal, const char *code, int apply,
    struct grid_error *err)
{
	struct community c;
	struct grid_balance b;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(&b, 0, sizeof(b));
	c.code = code;
	if (read_community(bal, &c, err) != 0)
		goto out;
	if (c.k > 0 && c.n > 0) {
		if (find_neighbours(&c, err) != 0)
			goto out;
		if ((c.assign = calloc(c.n, sizeof(*c.assign))) == NULL) {
			oom(err);
			goto out;
		}
		b.ngrids = c.n;
		b.nworkers = c.k;
		b.load = c.load;
		b.adjacent = c.adjacent;
		b.holds = c.holds;
		if (grid_balance_solve(&b, c.assign, NULL, err) != 0)
			goto out;
	} else
		c.k = 0;
	if (add_results(bal->plan, &c, &b, err) != 0 ||
	    (apply && apply_community(bal, &c, err) != 0))
		goto out;
	rc = 0;
out:
	c.code = NULL;
	community_release(&c);
	return rc;
}

/* The communities with unit grids in area (NULL: all), by code. */
static int
communities_in(struct grid_db *db, const char *area, char ***codes,
    size_t *n, struct grid_error *err)
{
	sqlite3_stmt *stmt = NULL;
	char prefix[13];

	if (grid_db_prepare(db, "SELECT DISTINCT community_code FROM grids "
	    "WHERE kind = 'unit' AND (?1 IS NULL OR (community_code >= ?1 "
	    "AND community_code < ?1 || ':')) ORDER BY 1", &stmt, err) != 0)
		return -1;
	if (area != NULL) {
		/* A grid code stands for its community. */
		snprintf(prefix, sizeof(prefix), "%s", area);
		sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_TRANSIENT);
	}
	return gridi_strings_collect(db, stmt, "grids", codes, n, err);
}

static int
balancer_prepare(struct balancer *bal, int apply, struct grid_error *err)
{
	if (grid_db_prepare(bal->db, balance_grids_sql, &bal->grids,
	    err) != 0 ||
	    grid_db_prepare(bal->db, balance_workers_sql, &bal->workers,
	    err) != 0 ||
	    grid_db_prepare(bal->db, balance_holdings_sql, &bal->holdings,
	    err) != 0)
		return -1;
	if (!apply)
		return 0;
	if (grid_db_prepare(bal->db, "DELETE FROM worker_grids "
	    "WHERE worker_id = ?1 AND grid_code = ?2", &bal->remove,
	    err) != 0 ||
	    grid_db_prepare(bal->db, "INSERT INTO worker_grids "
	    "(worker_id, grid_code) VALUES (?1, ?2)", &bal->add, err) != 0)
		return -1;
	return 0;
}

static void
balancer_release(struct balancer *bal)
{
	sqlite3_finalize(bal->grids);
	sqlite3_finalize(bal->workers);
	sqlite3_finalize(bal->holdings);
	sqlite3_finalize(bal->remove);
	sqlite3_finalize(bal->add);
}

int
grid_workers_balance(struct grid_db *db, const char *area,
    enum grid_workers_by by, int apply, struct grid_workers_plan **plan,
    struct grid_error *err)
{
	struct balancer bal;
	char **codes = NULL;
	size_t ncodes = 0, i;
	int rc = -1;

	*plan = NULL;
	memset(&bal, 0, sizeof(bal));
	bal.db = db;
	bal.by = by;
	if ((bal.plan = calloc(1, sizeof(*bal.plan))) == NULL)
		return oom(err);
	bal.plan->by = by;
	/* Read (and write) in one transaction: one consistent view. */
	if ((apply ? grid_db_begin(db, err) :
	    grid_db_exec(db, "BEGIN", err)) != 0)
		goto out;
	if (balancer_prepare(&bal, apply, err) != 0 ||
	    communities_in(db, area, &codes, &ncodes, err) != 0)
		goto out;
	for (i = 0; i < ncodes; i++)
		if (balance_community(&bal, codes[i], apply, err) != 0)
			goto out;
	if (apply && grid_db_commit(db, err) != 0)
		goto out;
	bal.plan->applied = apply;
	rc = 0;
out:
	balancer_release(&bal);
	grid_db_rollback(db);
	gridi_strings_free(codes, ncodes);
	if (rc == 0)
		*plan = bal.plan;
	else
		grid_workers_plan_free(bal.plan);
	return rc;
}

void
grid_workers_plan_free(struct grid_workers_plan *plan)
{
	struct grid_workers_share *s;
	size_t i;

	if (plan == NULL)
		return;
	for (i = 0; i < plan->nshares; i++) {
		s = &plan->shares[i];
		free(s->community_code);
		free(s->worker_id);
		free(s->name);
		free(s->kind);
		free(s->grids_before);
		free(s->grids_after);
	}
	free(plan->shares);
	for (i = 0; i < plan->ncommunities; i++)
		free(plan->communities[i].code);
	free(plan->communities);
	free(plan);
}
