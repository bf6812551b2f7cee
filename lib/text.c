/*
 * text.c - UTF-8 text, normalisation of values, dates and times.
 *
 * Times are converted without timegm() or tm_gmtoff, which C11 and POSIX
 * do not have: the offset of the local zone at an instant is the
 * difference between the broken-down local time, read as if it were UTC
 * with our own gridi_days_from_civil(), and the instant itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "internal.h"

#define MAX_OFFSET (18 * 3600)	/* largest UTC offset accepted */

/* A code point range, for the width tables. */
struct range {
	unsigned long first, last;
};

/* Zero width: the main combining marks and invisible format characters. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x064B, 0x065F },
	{ 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0F18, 0x0F19 },
	{ 0x0F35, 0x0F35 }, { 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 },
	{ 0x0F71, 0x0F7E }, { 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 },
	{ 0x0F8D, 0x0FBC }, { 0x0FC6, 0x0FC6 }, { 0x1160, 0x11FF },
	{ 0x180B, 0x180F }, { 0x18A9, 0x18A9 }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x2060, 0x2064 },
	{ 0x20D0, 0x20FF }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	{ 0xE0100, 0xE01EF }
};

/* Double width: East Asian Wide and Fullwidth (UAX #11), simplified. */
static const struct range double_width[] = {
	{ 0x1100, 0x115F }, { 0x2329, 0x232A }, { 0x2E80, 0x303E },
	{ 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
	{ 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
	{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 },
	{ 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF }, { 0x1F004, 0x1F004 },
	{ 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD }
};

static const struct {
	const char *text;
	char sex;
} sex_names[] = {
	{ "M", 'M' }, { "m", 'M' }, { "男", 'M' }, { "男性", 'M' },
	{ "1", 'M' },
	{ "F", 'F' }, { "f", 'F' }, { "女", 'F' }, { "女性", 'F' },
	{ "2", 'F' }
};

/* A date and time as read, before it is placed on the time line. */
struct stamp {
	int year, month, day;
	int hour, minute, second;
	int has_offset;
	long offset;		/* seconds east of UTC */
};

/*
 * Decodes the UTF-8 sequence at s (n bytes left) into *cp.  Returns its
 * length, or 0 when it is invalid, overlong, a surrogate, above U+10FFFF
 * or cut short.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
	} else
		return 0;
	c &= 0x7FUL >> len;	/* the payload bits of the lead byte */
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int
grid_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, len;

	while (i < n) {
		/* Runs of ASCII (most of any census sheet) eight at a time. */
		while (i + 8 <= n) {
			uint64_t word;

			memcpy(&word, u + i, 8);
			if (word & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i < n && u[i] < 0x80) {
			i++;
			continue;
		}
		if (i >= n)
			break;
		len = utf8_decode(u + i, n - i, &cp);
		if (len == 0) {
			if (bad != NULL)
				*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

static int
in_table(unsigned long cp, const struct range *table, size_t count)
{
	size_t lo = 0, hi = count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < table[mid].first)
			hi = mid;
		else if (cp > table[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static size_t
char_width(unsigned long cp)
{
	if (cp < 0x300)
		return 1;
	if (in_table(cp, zero_width, GRIDI_ARRAY_LEN(zero_width)))
		return 0;
	if (in_table(cp, double_width, GRIDI_ARRAY_LEN(double_width)))
		return 2;
	return 1;
}

size_t
grid_utf8_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t width = 0, len, n = strlen(s);
	unsigned long cp;

	while (n > 0) {
		len = utf8_decode(u, n, &cp);
		if (len == 0) {
			width++;	/* an invalid byte shows as one glyph */
			len = 1;
		} else
			width += char_width(cp);
		u += len;
		n -= len;
	}
	return width;
}

size_t
grid_utf8_fit(const char *s, size_t width)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t used = 0, w, len, n = strlen(s), bytes = 0;
	unsigned long cp;

	while (bytes < n) {
		len = utf8_decode(u + bytes, n - bytes, &cp);
		if (len == 0) {
			w = 1;
			len = 1;
		} else
			w = char_width(cp);
		if (used + w > width)
			break;
		used += w;
		bytes += len;
	}
	return bytes;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Trims white space at both ends of s (length len) in place. */
static size_t
trim(char *s, size_t len)
{
	size_t start = 0;

	while (len > 0 && is_space(s[len - 1]))
		len--;
	while (start < len && is_space(s[start]))
		start++;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
	return len - start;
}

size_t
grid_text_normalize(char *s)
{
	unsigned char *u = (unsigned char *)s;
	size_t r = 0, w = 0, len = strlen(s), clen;
	unsigned long cp;

	while (r < len) {
		if (u[r] < 0x80) {	/* ASCII is left: the common case */
			u[w++] = u[r++];
			continue;
		}
		clen = utf8_decode(u + r, len - r, &cp);
		if (clen == 0) {
			u[w++] = u[r++];	/* invalid bytes are left */
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			u[w++] = (unsigned char)(cp - 0xFEE0);
		else if (cp == 0x3000 || cp == 0xA0)
			u[w++] = ' ';
		else {
			if (w != r)
				memmove(u + w, u + r, clen);
			w += clen;
		}
		r += clen;
	}
	return trim(s, w);
}

char *
grid_text_upper(char *s)
{
	char *p;

	for (p = s; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return s;
}

char
grid_sex_parse(const char *text)
{
	size_t i;

	if (text == NULL)
		return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(sex_names); i++)
		if (strcmp(text, sex_names[i].text) == 0)
			return sex_names[i].sex;
	return 0;
}

/* Fills err with "REASON 'TEXT'" and returns -1. */
static int
time_reject(struct grid_error *err, int code, const char *reason,
    const char *text)
{
	return gridi_reject_value(err, code, reason, text);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Reads min to max digits at *pp, moving *pp past them.  Returns their
 * value, or -1 (and *pp unchanged) when there are fewer than min.
 */
static int
scan_digits(const char **pp, int min, int max)
{
	const char *p = *pp;
	int value = 0, count = 0;

	while (count < max && is_digit(*p)) {
		value = value * 10 + (*p++ - '0');
		count++;
	}
	if (count < min)
		return -1;
	*pp = p;
	return value;
}

/* Moves *pp past word when it is there.  Returns 1 when it was. */
static int
scan_word(const char **pp, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(*pp, word, len) != 0)
		return 0;
	*pp += len;
	return 1;
}

/*
 * The month and day after a 4-digit year: 0305, -3-5, /3/5, .3.5,
 * 年3月5日.
 */
static int
scan_month_day(const char **pp, struct stamp *st)
{
	char sep = **pp;

	if (is_digit(sep)) {
		st->month = scan_digits(pp, 2, 2);
		st->day = scan_digits(pp, 2, 2);
		return st->month < 0 || st->day < 0 ? -1 : 0;
	}
	if (scan_word(pp, "年")) {
		if ((st->month = scan_digits(pp, 1, 2)) < 0 ||
		    !scan_word(pp, "月") ||
		    (st->day = scan_digits(pp, 1, 2)) < 0 ||
		    !scan_word(pp, "日"))
			return -1;
		return 0;
	}
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	(*pp)++;
	if ((st->month = scan_digits(pp, 1, 2)) < 0 || **pp != sep)
		return -1;
	(*pp)++;
	st->day = scan_digits(pp, 1, 2);
	return st->day < 0 ? -1 : 0;
}

/* HH:MM or HH:MM:SS, the hour perhaps with one digit, a fraction dropped. */
static int
scan_clock(const char **pp, struct stamp *st)
{
	if ((st->hour = scan_digits(pp, 1, 2)) < 0 || **pp != ':')
		return -1;
	(*pp)++;
	if ((st->minute = scan_digits(pp, 2, 2)) < 0)
		return -1;
	if (**pp != ':')
		return 0;
	(*pp)++;
	if ((st->second = scan_digits(pp, 2, 2)) < 0)
		return -1;
	if (**pp == '.' || **pp == ',') {
		(*pp)++;
		if (scan_digits(pp, 1, 9) < 0)
			return -1;
	}
	return 0;
}

/* Nothing, Z, or an offset +08:00, +0800, +08. */
static int
scan_offset(const char **pp, struct stamp *st)
{
	char sign = **pp;
	int hours, minutes = 0;

	if (sign == 'Z' || sign == 'z') {
		(*pp)++;
		st->has_offset = 1;
		return 0;
	}
	if (sign != '+' && sign != '-')
		return 0;
	(*pp)++;
	if ((hours = scan_digits(pp, 2, 2)) < 0)
		return -1;
	if (**pp == ':' || is_digit(**pp)) {
		if (**pp == ':')
			(*pp)++;
		if ((minutes = scan_digits(pp, 2, 2)) < 0 || minutes > 59)
			return -1;
	}
	st->has_offset = 1;
	st->offset = (hours * 3600L + minutes * 60L) * (sign == '-' ? -1 : 1);
	return 0;
}

/*
 * Reads a date, then perhaps a space or T and a clock time with an
 * optional offset, and nothing else.  Checks the shape only.
 */
static int
scan_stamp(const char *text, struct stamp *st)
{
	const char *p = text;

	memset(st, 0, sizeof(*st));
	if ((st->year = scan_digits(&p, 4, 4)) < 0 ||
	    scan_month_day(&p, st) != 0 || is_digit(*p))
		return -1;
	if (*p == '\0')
		return 0;
	if (*p != ' ' && *p != 'T')
		return -1;
	p++;
	if (scan_clock(&p, st) != 0 || scan_offset(&p, st) != 0)
		return -1;
	return *p == '\0' ? 0 : -1;
}

static int
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
date_exists(int year, int month, int day)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (year < 1 || month < 1 || month > 12 || day < 1)
		return 0;
	if (month == 2 && is_leap(year))
		return day <= 29;
	return day <= days[month - 1];
}

static int
stamp_exists(const struct stamp *st)
{
	return date_exists(st->year, st->month, st->day) &&
	    st->hour <= 23 && st->minute <= 59 && st->second <= 59 &&
	    st->offset <= MAX_OFFSET && st->offset >= -MAX_OFFSET;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
long long
gridi_days_from_civil(long long year, int month, int day)
{
	long long era;
	unsigned yoe, doy, doe;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	yoe = (unsigned)(year - era * 400);
	doy = (153u * (unsigned)(month > 2 ? month - 3 : month + 9) + 2) / 5 +
	    (unsigned)day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* The reverse of gridi_days_from_civil. */
void
gridi_civil_from_days(long long days, int *year, int *month, int *day)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)((long long)yoe + era * 400 + (*month <= 2));
}

/* Seconds since the epoch of a broken-down time read as UTC. */
static long long
seconds_as_utc(int year, int month, int day, int hour, int minute,
    int second)
{
	return gridi_days_from_civil(year, month, day) * 86400 +
	    hour * 3600LL + minute * 60LL + second;
}

long long
gridi_tm_as_utc(const struct tm *tm)
{
	return seconds_as_utc(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
	    tm->tm_hour, tm->tm_min, tm->tm_sec);
}

/* The offset of the local zone at t, in seconds east of UTC. */
static int
local_offset(time_t t, long *offset)
{
	return gridi_tz_offset(t, offset);
}

/*
 * Places a stamp without offset in the local zone.  Fails when mktime
 * cannot, or when the local time does not exist (skipped by a change to
 * summer time): then mktime moves it and the fields no longer agree.
 */
static int
local_epoch(const struct stamp *st, time_t *t, long *offset)
{
	struct tm tm, back;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = st->year - 1900;
	tm.tm_mon = st->month - 1;
	tm.tm_mday = st->day;
	tm.tm_hour = st->hour;
	tm.tm_min = st->minute;
	tm.tm_sec = st->second;
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	if (localtime_r(t, &back) == NULL ||
	    back.tm_year != st->year - 1900 || back.tm_mon != st->month - 1 ||
	    back.tm_mday != st->day || back.tm_hour != st->hour ||
	    back.tm_min != st->minute || back.tm_sec != st->second)
		return -1;
	*offset = (long)(gridi_tm_as_utc(&back) - (long long)*t);
	return 0;
}

/* The instant of a stamp, and the offset it is written with. */
static int
stamp_epoch(const struct stamp *st, time_t *t, long *offset)
{
	if (!st->has_offset)
		return local_epoch(st, t, offset);
	*t = (time_t)(seconds_as_utc(st->year, st->month, st->day, st->hour,
	    st->minute, st->second) - st->offset);
	*offset = st->offset;
	return 0;
}

/* An offset in whole minutes, rounded half away from zero. */
static long
round_minutes(long offset)
{
	return offset >= 0 ? (offset + 30) / 60 : -((-offset + 30) / 60);
}

/* Writes t as seen at offset (rounded to a minute) in ISO 8601. */
static char *
format_at(time_t t, long offset, char *out, size_t n)
{
	long long local, days, secs;
	long off_min;
	int year, month, day;
	char sign = '+';

	off_min = round_minutes(offset);
	local = (long long)t + off_min * 60;
	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = local - days * 86400;
	gridi_civil_from_days(days, &year, &month, &day);
	if (off_min < 0) {
		sign = '-';
		off_min = -off_min;
	}
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", year,
	    month, day, (int)(secs / 3600), (int)(secs / 60 % 60),
	    (int)(secs % 60), sign, off_min / 60, off_min % 60);
	return out;
}

int
grid_date_parse(const char *text, char *out, size_t n,
    struct grid_error *err)
{
	struct stamp st;

	if (scan_stamp(text, &st) != 0)
		return time_reject(err, GRID_EDATA, "bad date", text);
	if (!date_exists(st.year, st.month, st.day))
		return time_reject(err, GRID_EDATA, "impossible date", text);
	if (n < 11)
		return time_reject(err, GRID_EINTERNAL, "no room for date", text);
	/* By hand: this runs for every date of a census sheet. */
	out[0] = (char)('0' + st.year / 1000 % 10);
	out[1] = (char)('0' + st.year / 100 % 10);
	out[2] = (char)('0' + st.year / 10 % 10);
	out[3] = (char)('0' + st.year % 10);
	out[4] = '-';
	out[5] = (char)('0' + st.month / 10);
	out[6] = (char)('0' + st.month % 10);
	out[7] = '-';
	out[8] = (char)('0' + st.day / 10);
	out[9] = (char)('0' + st.day % 10);
	out[10] = '\0';
	return 0;
}

/* Reads text as a point in time.  Returns 0 or -1 with err filled. */
static int
read_time(const char *text, int code, time_t *t, long *offset,
    struct grid_error *err)
{
	struct stamp st;

	if (scan_stamp(text, &st) != 0)
		return time_reject(err, code, "bad time", text);
	if (!stamp_exists(&st))
		return time_reject(err, code, "impossible time", text);
	if (stamp_epoch(&st, t, offset) != 0)
		return time_reject(err, code, "no such local time", text);
	return 0;
}

int
grid_time_parse(const char *text, char *out, size_t n,
    struct grid_error *err)
{
	time_t t;
	long offset;

	if (read_time(text, GRID_EDATA, &t, &offset, err) != 0)
		return -1;
	if (n < 26)
		return time_reject(err, GRID_EINTERNAL, "no room for time", text);
	if (local_offset(t, &offset) != 0)
		return time_reject(err, GRID_EDATA, "no local time for", text);
	format_at(t, offset, out, n);
	return 0;
}

int
grid_time_localize(const char *text, char *out, size_t n)
{
	struct stamp st;
	time_t t;
	long given, local;

	if (text == NULL || n < 26 || scan_stamp(text, &st) != 0 ||
	    !st.has_offset || !stamp_exists(&st) ||
	    stamp_epoch(&st, &t, &given) != 0 ||
	    local_offset(t, &local) != 0)
		return 0;
	if (round_minutes(local) * 60 == given)
		return 0;
	format_at(t, local, out, n);
	return 1;
}

char *
grid_time_format(time_t t, char *out, size_t n)
{
	long offset;

	if (n == 0)
		return out;
	if (local_offset(t, &offset) != 0) {
		out[0] = '\0';
		return out;
	}
	return format_at(t, offset, out, n);
}

int
grid_time_to_epoch(const char *iso, time_t *t)
{
	long offset;

	return read_time(iso, GRID_EDATA, t, &offset, NULL);
}

int
grid_now(time_t *t, struct grid_error *err)
{
	const char *pinned = getenv("GRID_NOW");
	long offset;

	if (pinned == NULL || pinned[0] == '\0') {
		*t = time(NULL);
		if (*t == (time_t)-1)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "clock unavailable");
		return 0;
	}
	if (read_time(pinned, GRID_EUSAGE, t, &offset, err) != 0) {
		grid_error_locate(err, NULL, 0, "GRID_NOW");
		return -1;
	}
	return 0;
}

int
grid_today(char *out, size_t n, struct grid_error *err)
{
	struct tm tm;
	time_t t;

	if (grid_now(&t, err) != 0)
		return -1;
	if (localtime_r(&t, &tm) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "cannot convert the time to a local date");
	if (n < 11)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no room for date");
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return 0;
}

/* Reads exactly YYYY-MM-DD of a date that exists. */
static int
iso_date(const char *text, struct stamp *st)
{
	const char *p = text;

	memset(st, 0, sizeof(*st));
	if (text == NULL || strlen(text) != 10 || text[4] != '-' ||
	    text[7] != '-')
		return -1;
	if ((st->year = scan_digits(&p, 4, 4)) < 0 || *p++ != '-' ||
	    (st->month = scan_digits(&p, 2, 2)) < 0 || *p++ != '-' ||
	    (st->day = scan_digits(&p, 2, 2)) < 0)
		return -1;
	return date_exists(st->year, st->month, st->day) ? 0 : -1;
}

int
grid_age_on(const char *birth_date, const char *on)
{
	struct stamp birth, day;
	int age;

	if (iso_date(birth_date, &birth) != 0 || iso_date(on, &day) != 0)
		return -1;
	age = day.year - birth.year;
	if (day.month < birth.month ||
	    (day.month == birth.month && day.day < birth.day))
		age--;
	return age >= 0 ? age : -1;
}

size_t
grid_utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

int
grid_text_copy(char *dst, size_t n, const char *src)
{
	size_t len = grid_utf8_prefix(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
	return src[len] != '\0';
}
