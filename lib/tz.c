/*
 * tz.c - the time zone local times are computed in (see grid/tz.h).
 *
 * The zone is put in force with TZ and tzset(): glibc's localtime_r and
 * mktime, and SQLite's 'localtime' modifier through them, then compute in
 * it.  The TZ the process was started with is kept before it is first
 * replaced, for grid_tz_inherited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/tz.h"
#include "internal.h"

#define NAME_MAX_LEN 128

static char inherited[NAME_MAX_LEN + 1];
static int inherited_saved, inherited_ok;
static char current[NAME_MAX_LEN + 1];

/*
 * The local offset by quarter hour (gridi_tz_offset): a quarter whose
 * offset is the same at its start and its end (no change of the zone's
 * offset inside it).  glibc's localtime_r parses the zone file's rule
 * string again for every time after its last transition (all of China's
 * times): a report's calendar asks for thousands.  Emptied when the zone
 * changes.
 */
#define QUARTER 900
#define NQUARTERS 4096
static struct {
	long long quarter;	/* + 1: 0 is empty */
	long offset;
} quarters[NQUARTERS];

static const char *
zone_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && dir[0] == '/' ? dir : "/usr/share/zoneinfo";
}

/* 1 when name has the shape of an IANA name (no "..", no leading '/'). */
static int
name_shape(const char *name)
{
	const char *p;
	int at_start = 1;

	if (name == NULL || name[0] == '\0' || strlen(name) > NAME_MAX_LEN)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (*p == '/') {
			if (at_start)
				return 0;
			at_start = 1;
			continue;
		}
		if (at_start && (*p == '.' || *p == '-'))
			return 0;
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '+'))
			return 0;
		at_start = 0;
	}
	return !at_start;
}

int
grid_tz_check(const char *name, struct grid_error *err)
{
	char path[512], magic[4];
	FILE *fp;
	size_t got;

	if (!name_shape(name))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "time_zone",
		    "not an IANA time zone name (such as Asia/Shanghai): "
		    "'%s'", name != NULL ? name : "");
	snprintf(path, sizeof(path), "%s/%s", zone_dir(), name);
	if ((fp = fopen(path, "rb")) == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "time_zone",
		    "no time zone '%s' in %s (a misspelling, or the tzdata "
		    "package is missing)", name, zone_dir());
	got = fread(magic, 1, sizeof(magic), fp);
	fclose(fp);
	if (got != sizeof(magic) || memcmp(magic, "TZif", 4) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "time_zone",
		    "'%s' in %s is not a time zone file", name, zone_dir());
	return 0;
}

/* Keeps the TZ of the process's start, once, before it is replaced. */
static void
save_inherited(void)
{
	const char *env;

	if (inherited_saved)
		return;
	inherited_saved = 1;
	env = getenv("TZ");
	if (env == NULL)
		return;
	if (env[0] == ':')
		env++;
	if (strlen(env) > NAME_MAX_LEN || grid_tz_check(env, NULL) != 0)
		return;
	memcpy(inherited, env, strlen(env) + 1);
	inherited_ok = 1;
}

static int
put_in_force(const char *tz, const char *name)
{
	if (setenv("TZ", tz, 1) != 0)
		return -1;
	tzset();
	memset(quarters, 0, sizeof(quarters));
	memcpy(current, name, strlen(name) + 1);
	return 0;
}

/* The offset at t from localtime_r: local time read as UTC, less t. */
static int
offset_at(time_t t, long *offset)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	*offset = (long)(gridi_tm_as_utc(&tm) - (long long)t);
	return 0;
}

int
gridi_tz_offset(time_t t, long *offset)
{
	long long q = (long long)t >= 0 ? (long long)t / QUARTER :
	    -((-(long long)t + QUARTER - 1) / QUARTER);
	size_t slot = (size_t)q & (NQUARTERS - 1);
	long first, last;

	if (quarters[slot].quarter == q + 1) {
		*offset = quarters[slot].offset;
		return 0;
	}
	if (offset_at(t, offset) != 0)
		return -1;
	if (offset_at((time_t)(q * QUARTER), &first) == 0 &&
	    offset_at((time_t)(q * QUARTER + QUARTER - 1), &last) == 0 &&
	    first == last && first == *offset) {
		quarters[slot].quarter = q + 1;
		quarters[slot].offset = first;
	}
	return 0;
}

int
grid_tz_use(const char *name, struct grid_error *err)
{
	save_inherited();
	if (current[0] != '\0' && name != NULL && strcmp(current, name) == 0)
		return 0;
	if (grid_tz_check(name, err) != 0)
		return -1;
	if (put_in_force(name, name) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, "time_zone",
		    "cannot set TZ to '%s'", name);
	return 0;
}

void
grid_tz_init(void)
{
	save_inherited();
	if (grid_tz_use(GRID_TZ_DEFAULT, NULL) != 0)
		(void)put_in_force("CST-8", "CST-8");
}

const char *
grid_tz_current(void)
{
	return current[0] != '\0' ? current : NULL;
}

const char *
grid_tz_inherited(void)
{
	save_inherited();
	return inherited_ok ? inherited : NULL;
}
