/*
 * gen.h - what the benchmark data generators (gendistrict.c, gengrids.c)
 * share: the random numbers (so the same seed gives the same district in
 * both), output files written to a temporary name and renamed, digits,
 * and the syllables of synthetic names.  Each generator is one C file
 * that includes this one and defines progname.
 */
#ifndef BENCH_GEN_H
#define BENCH_GEN_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The generator's name for messages: each one defines it with its value. */
static const char *progname;

#ifndef PATH_SIZE
#define PATH_SIZE	4096
#endif
#ifndef LINE_SIZE
#define LINE_SIZE	512
#endif

/* The xorshift64* generator: small, fast, and ours, so output is stable. */
struct rng {
	uint64_t state;
};

/* An output file, written to tmp and renamed to path when complete. */
struct out {
	FILE *fp;
	char path[PATH_SIZE];
	char tmp[PATH_SIZE];
};

static const char *const place_words[] = {
	"金阊", "平江", "沧浪", "双塔", "虎丘", "白洋", "吴门", "苏锦", "石路",
	"枫桥", "桃坞", "葑门", "娄门", "胥江", "盘门", "齐门", "南环", "北园",
	"东汇", "西津", "梅亭", "竹辉", "湖田", "留园", "山塘", "彩香", "三元",
	"新庄", "桂花", "玉兰", "瑞光", "锦帆"
};
#define NPLACE_WORDS (sizeof(place_words) / sizeof(place_words[0]))

static inline uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static inline void
rng_seed(struct rng *r, uint64_t seed)
{
	r->state = mix64(seed + 0x9e3779b97f4a7c15ULL) | 1;
}
static inline uint64_t
rng_next(struct rng *r)
{
	r->state ^= r->state >> 12;
	r->state ^= r->state << 25;
	r->state ^= r->state >> 27;
	return r->state * 0x2545f4914f6cdd1dULL;
}
/* A number in [0, n), n > 0. */
static inline long
rng_below(struct rng *r, long n)
{
	return (long)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}
static inline int
out_open(struct out *o, const char *dir, const char *name)
{
	int n1, n2;

	n1 = snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
	n2 = snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.tmp", dir, name);
	if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof(o->tmp)) {
		fprintf(stderr, "%s: %s: path too long\n", progname, dir);
		return -1;
	}
	if ((o->fp = fopen(o->tmp, "w")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, o->tmp,
		    strerror(errno));
		return -1;
	}
	setvbuf(o->fp, NULL, _IOFBF, 1 << 20);
	return 0;
}
/* Closes the file and, when keep is set and all went well, renames it. */
static inline int
out_close(struct out *o, int keep)
{
	int failed;

	if (o->fp == NULL)
		return 0;
	failed = ferror(o->fp);
	if (fclose(o->fp) != 0)
		failed = 1;
	o->fp = NULL;
	if (failed)
		fprintf(stderr, "%s: %s: write error\n", progname, o->tmp);
	if (!keep || failed) {
		remove(o->tmp);
		return failed ? -1 : 0;
	}
	if (rename(o->tmp, o->path) != 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, o->path,
		    strerror(errno));
		remove(o->tmp);
		return -1;
	}
	return 0;
}
/* Writes one formatted line; lines never exceed LINE_SIZE. */
static inline void
out_line(struct out *o, const char *fmt, ...)
{
	char line[LINE_SIZE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		fprintf(stderr, "%s: %s: line too long\n", progname, o->path);
		exit(70);
	}
	fwrite(line, 1, (size_t)n, o->fp);
}
/* Writes v as exactly width decimal digits (0 <= v < 10^width). */
static inline char *
put_digits(char *dst, long v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return dst + width;
}
static inline void
community_name(long c, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s社区", place_words[(c * 5 + 3) % NPLACE_WORDS],
	    place_words[(c * 11 + 7 + c / NPLACE_WORDS) % NPLACE_WORDS]);
}

#endif
