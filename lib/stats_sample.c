/*
 * stats_sample.c - the spot-check sample of organisations (双随机抽查,
 * hazards.h): its specification, the draw order, and the draw, of one
 * database or of the candidates of several (statmerge.h): the draw
 * order depends on the seed and the USCC alone and the shares are taken
 * of all the candidates, so several databases draw the sample of one
 * holding all of them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/area.h"
#include "grid/hazards.h"
#include "grid/statmerge.h"
#include "hazards_internal.h"

#define ACTIVE_ORGS GRIDI_ACTIVE_ORGS

static const char area_o[] = GRIDI_AREA_O;

static const struct grid_column sample_columns[] = {
	{ "seed", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "stratum", GRID_COL_TEXT }, { "rank", GRID_COL_INT },
	{ "why", GRID_COL_TEXT }, { "uscc", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "grid_code", GRID_COL_TEXT },
	{ "supervision_level", GRID_COL_TEXT }, { "address", GRID_COL_TEXT },
	{ "legal_rep", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(sample_columns) ==
    GRID_HAZARDS_SAMPLE_NCOLUMN, "the sample columns counted");

const struct grid_column *
grid_hazards_sample_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(sample_columns);
	return sample_columns;
}

/* Sample specifications: "own:50,lower:10". */
int
grid_hazards_sample_parse(const char *text, struct grid_hazards_sample *s,
    struct grid_error *err)
{
	const char *p = text;
	int seen_own = 0, seen_lower = 0;

	s->own = s->lower = 0;
	while (p != NULL && *p != '\0') {
		int *share, *seen, value = 0, digits = 0;

		if (strncmp(p, "own:", 4) == 0) {
			share = &s->own;
			seen = &seen_own;
			p += 4;
		} else if (strncmp(p, "lower:", 6) == 0) {
			share = &s->lower;
			seen = &seen_lower;
			p += 6;
		} else
			break;
		while (*p >= '0' && *p <= '9' && digits < 4) {
			value = value * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || value > 100 || *seen ||
		    (*p != ',' && *p != '\0'))
			break;
		*share = value;
		*seen = 1;
		if (*p == '\0')
			return 0;
		p++;	/* the comma: another share follows */
	}
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, "sample",
	    "not a sample '%s' (own:P,lower:P, each share a whole percent "
	    "0-100, each once)", text != NULL ? text : "");
}

unsigned long long
grid_hazards_sample_key(unsigned long long seed, const char *uscc)
{
	uint64_t h = UINT64_C(14695981039346656037), z;
	int i;

	/* FNV-1a over the seed's eight bytes, least significant first, and
	 * the uscc's bytes: no dependence on byte order or type sizes */
	for (i = 0; i < 8; i++) {
		h ^= (uint64_t)((seed >> (8 * i)) & 0xff);
		h *= UINT64_C(1099511628211);
	}
	for (; *uscc != '\0'; uscc++) {
		h ^= (uint64_t)(unsigned char)*uscc;
		h *= UINT64_C(1099511628211);
	}
	/* the SplitMix64 finaliser spreads neighbouring codes apart */
	z = h + UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (unsigned long long)(z ^ (z >> 31));
}

/* An org that may be drawn. */
#define SAMPLE_FIELDS 7		/* uscc .. phone, as sample_sql */
struct candidate {
	unsigned long long key;
	int lower;		/* 0: own, 1: lower */
	char *f[SAMPLE_FIELDS];
	size_t seq;		/* the order found in */
};

struct candidates {
	struct candidate *v;
	size_t n, cap;
};

static const char sample_sql[] =
"SELECT uscc, name, grid_code, supervision_level, address, legal_rep,\n"
"  phone FROM orgs o WHERE " ACTIVE_ORGS "\n"
"ORDER BY uscc";

static void
candidates_release(struct candidates *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = 0; j < SAMPLE_FIELDS; j++)
			free(c->v[i].f[j]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int
by_key(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->lower != y->lower)
		return x->lower - y->lower;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->f[0], y->f[0]);
}

/* The level an org is supervised at: its own, or community. */
static enum grid_level
supervised_at(const char *stored)
{
	enum grid_level l = stored != NULL ? grid_level_parse(stored) :
	    GRID_LEVEL_NONE;

	return l == GRID_LEVEL_NONE ? GRID_LEVEL_COMMUNITY : l;
}

/* Keeps the org of st's row when it is own or lower.  0 or -1. */
static int
candidate_row(void *arg, sqlite3_stmt *st, struct grid_error *err)
{
	const struct grid_hazards_sample *s = ((void **)arg)[0];
	struct candidates *c = ((void **)arg)[1];
	enum grid_level at = supervised_at(
	    (const char *)sqlite3_column_text(st, 3));
	struct candidate *k;
	int j;

	if (at < s->level)
		return 0;	/* supervised above the level: not its own */
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct candidate *v = realloc(c->v, cap * sizeof(*v));

		if (v == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		c->v = v;
		c->cap = cap;
	}
	k = &c->v[c->n];
	memset(k, 0, sizeof(*k));
	for (j = 0; j < SAMPLE_FIELDS; j++) {
		const char *v = (const char *)sqlite3_column_text(st, j);

		if (v != NULL && (k->f[j] = strdup(v)) == NULL) {
			c->n++;	/* freed with the others */
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		}
	}
	c->n++;
	k->seq = c->n - 1;
	k->lower = at != s->level;
	k->key = grid_hazards_sample_key(s->seed, k->f[0]);
	return 0;
}

/* Hands the first drawn of [first, first + n) to on_row.  0 or -1. */
static int
emit_stratum(const struct grid_hazards_sample *s, const struct candidate *v,
    size_t n, grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	const char *values[GRID_HAZARDS_SAMPLE_NCOLUMN];
	char seed[24], rank[24], why[128];
	size_t i, drawn;
	int share;

	if (n == 0)
		return 0;
	share = v[0].lower ? s->lower : s->own;
	drawn = (n * (size_t)share + 99) / 100;	/* rounded up */
	snprintf(seed, sizeof(seed), "%llu", s->seed);
	for (i = 0; i < drawn; i++) {
		snprintf(rank, sizeof(rank), "%zu", i + 1);
		snprintf(why, sizeof(why), "%s:%d drew %zu of %zu%s",
		    v[i].lower ? "lower" : "own", share, drawn, n,
		    v[i].f[3] == NULL ? "; no supervision_level: community" :
		    "");
		values[0] = seed;
		values[1] = grid_level_name(s->level);
		values[2] = v[i].lower ? "lower" : "own";
		values[3] = rank;
		values[4] = why;
		memcpy(values + 5, v[i].f, sizeof(v[i].f));
		if (gridi_stats_emit(on_row, ctx, values, err) != 0)
			return -1;
	}
	return 0;
}

/* The sample of several databases: the spec and the candidates. */
struct grid_stat_sample {
	struct grid_hazards_sample s;
	struct candidates c;
};

struct grid_stat_sample *
grid_stat_sample_new(const struct grid_hazards_sample *s)
{
	struct grid_stat_sample *d = calloc(1, sizeof(*d));

	if (d != NULL)
		d->s = *s;
	return d;
}

void
grid_stat_sample_free(struct grid_stat_sample *d)
{
	if (d == NULL)
		return;
	candidates_release(&d->c);
	free(d);
}

int
grid_stat_sample_add(struct grid_stat_sample *d, struct grid_db *db,
    struct grid_error *err)
{
	const struct grid_hazards_sample *s = &d->s;
	char sql[sizeof(sample_sql) + 128];
	void *arg[2] = { (void *)s, &d->c };
	struct grid_area area;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (s->level < GRID_LEVEL_CITY || s->level > GRID_LEVEL_COMMUNITY)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a supervision level (city, district, street, "
		    "community)");
	if (s->own < 0 || s->own > 100 || s->lower < 0 || s->lower > 100)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "sample",
		    "a share is a percent from 0 to 100");
	if (grid_area_resolve(db, s->unit, GRID_LEVEL_NONE, &area, err) != 0)
		return -1;
	snprintf(sql, sizeof(sql), sample_sql, area.code[0] != '\0' ? area_o :
	    "");
	if (grid_db_prepare(db, sql, &st, err) == 0 &&
	    grid_area_bind(db, st, &area, err) == 0 &&
	    gridi_stats_step(db, st, "the inspection sample", candidate_row,
	    arg, err) == 0)
		ret = 0;
	sqlite3_finalize(st);
	return ret;
}

/* By uscc, then the order found in. */
static int
by_uscc(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	int c = strcmp(x->f[0], y->f[0]);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Keeps the first of the candidates of one USCC (several databases). */
static void
first_of_each(struct candidates *c)
{
	size_t i, out = 0, j;

	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), by_uscc);
	for (i = 0; i < c->n; i++) {
		if (out > 0 && strcmp(c->v[out - 1].f[0], c->v[i].f[0]) == 0) {
			for (j = 0; j < SAMPLE_FIELDS; j++)
				free(c->v[i].f[j]);
			continue;
		}
		c->v[out++] = c->v[i];
	}
	c->n = out;
}

int
grid_stat_sample_emit(struct grid_stat_sample *d,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err)
{
	struct candidates *c = &d->c;
	size_t own;

	first_of_each(c);
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), by_key);
	for (own = 0; own < c->n && !c->v[own].lower; own++)
		;
	if (emit_stratum(&d->s, c->v, own, on_row, ctx, err) != 0 ||
	    emit_stratum(&d->s, c->v + own, c->n - own, on_row, ctx,
	    err) != 0)
		return -1;
	return 0;
}

int
grid_hazards_sample(struct grid_db *db, const struct grid_hazards_sample *s,
    grid_hazards_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct grid_stat_sample *d;
	int ret = -1;

	if ((d = grid_stat_sample_new(s)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_stat_sample_add(d, db, err) == 0)
		ret = grid_stat_sample_emit(d, on_row, ctx, err);
	grid_stat_sample_free(d);
	return ret;
}
