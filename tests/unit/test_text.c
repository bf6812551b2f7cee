/* test_text.c - UTF-8, normalisation, sex, dates and times. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "tap.h"

/* 2024-03-05T01:30:00Z */
#define T_0130Z ((time_t)1709602200)

static int
valid(const char *s, size_t *bad)
{
	return grid_utf8_valid(s, strlen(s), bad);
}

static void
test_utf8_valid(void)
{
	size_t bad = 99;

	ok(valid("abc", &bad), "ASCII valid");
	is_int(bad, 99, "bad untouched when valid");
	ok(valid("网格化管理", &bad), "CJK valid");
	ok(valid("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", NULL),
	    "4-byte and U+10FFFF valid");
	ok(grid_utf8_valid("", 0, NULL), "empty valid");
	ok(grid_utf8_valid("a\0b", 3, NULL), "NUL byte valid");
	ok(grid_utf8_valid("ab\xE4", 2, NULL), "only n bytes read");

	ok(!valid("ab\xFF" "cd", &bad), "0xFF invalid");
	is_int(bad, 2, "0xFF offset");
	ok(!valid("a\xC0\xAF", &bad), "overlong 2-byte invalid");
	is_int(bad, 1, "overlong 2-byte offset");
	ok(!valid("abc\xE0\x80\xAF", &bad), "overlong 3-byte invalid");
	is_int(bad, 3, "overlong 3-byte offset");
	ok(!valid("\xF0\x8F\xBF\xBF", &bad), "overlong 4-byte invalid");
	is_int(bad, 0, "overlong 4-byte offset");
	ok(!valid("网\xED\xA0\x80", &bad), "surrogate invalid");
	is_int(bad, 3, "surrogate offset");
	ok(!valid("\xF4\x90\x80\x80", &bad), "above U+10FFFF invalid");
	ok(!valid("\xF5\x80\x80\x80", &bad), "lead byte F5 invalid");
	ok(!valid("ab\xE7\xBD", &bad), "truncated at the end invalid");
	is_int(bad, 2, "truncated offset is the lead byte");
	ok(!valid("x\x80y", &bad), "stray continuation invalid");
	is_int(bad, 1, "stray continuation offset");
	ok(!valid("\xE7\xBD" "a\xE6\xA0\xBC", &bad),
	    "missing continuation invalid");
	is_int(bad, 0, "missing continuation offset");
	ok(!valid("\xC3", NULL), "bad NULL allowed");
}

static void
test_utf8_width(void)
{
	is_int(grid_utf8_width("abc"), 3, "width abc");
	is_int(grid_utf8_width("网格"), 4, "width 网格");
	is_int(grid_utf8_width("A区1号"), 6, "width mixed");
	is_int(grid_utf8_width(""), 0, "width empty");
	is_int(grid_utf8_width("ＡＢ"), 4, "full-width letters");
	is_int(grid_utf8_width("，。"), 4, "CJK punctuation");
	is_int(grid_utf8_width("e\xCC\x81"), 1, "combining accent");
	is_int(grid_utf8_width("한국"), 4, "Hangul");
	is_int(grid_utf8_width("カナ"), 4, "katakana");
	is_int(grid_utf8_width("\xF0\xA0\x80\x80"), 2, "CJK extension B");
	is_int(grid_utf8_fit("A区1号", 3), 4, "fit: A区 in 3 columns");
	is_int(grid_utf8_fit("A区1号", 2), 1, "fit: a wide character not cut");
	is_int(grid_utf8_fit("A区1号", 99), 8, "fit: the whole string");
	is_int(grid_utf8_fit("e\xCC\x81x", 1), 3, "fit: a combining mark kept");
	is_int(grid_utf8_fit("", 5), 0, "fit: empty");
	is_int(grid_utf8_width("\xF0\x9F\x98\x80"), 2, "emoji");
	is_int(grid_utf8_width("\xC3\xA9t\xC3\xA9"), 3, "Latin-1 letters");
	is_int(grid_utf8_width("a\xFF" "b"), 3, "invalid byte counts 1");
	is_int(grid_utf8_width("a\xE2\x80\x8B" "b"), 2, "zero-width space");
}

static void
check_normalize(const char *in, const char *want, const char *what)
{
	char buf[64];
	size_t len;

	snprintf(buf, sizeof(buf), "%s", in);
	len = grid_text_normalize(buf);
	is_str(buf, want, what);
	is_int(len, strlen(want), what);
}

static void
test_normalize(void)
{
	char buf[16];

	check_normalize("１２３", "123", "full-width digits");
	check_normalize("ＡＢＣ", "ABC", "full-width letters");
	check_normalize("ａｂｃ", "abc", "full-width lower case");
	check_normalize("\xE3\x80\x80网格\xE3\x80\x80", "网格",
	    "ideographic spaces trimmed");
	check_normalize("\xC2\xA0 a\xC2\xA0" "b \t\r\n", "a b",
	    "NBSP to space, trimmed");
	check_normalize("Ａ区１号", "A区1号", "mixed full-width");
	check_normalize("（０１０）", "(010)", "full-width parentheses");
	check_normalize("～！", "~!", "ends of the full-width range");
	check_normalize("\xEF\xBD\x9F", "\xEF\xBD\x9F", "U+FF5F kept");
	check_normalize("Ａ\xFF区\xC2\xA0ｂ", "A\xFF区 b",
	    "bytes after a shortened character move up: ASCII, invalid, "
	    "CJK");
	check_normalize("   ", "", "only spaces");
	check_normalize("", "", "empty");
	check_normalize(" a\xFF ", "a\xFF", "invalid bytes kept");
	check_normalize("网 格", "网 格", "inner space kept");

	snprintf(buf, sizeof(buf), "ab-cD");
	is_str(grid_text_upper(buf), "AB-CD", "upper");
	snprintf(buf, sizeof(buf), "网x");
	is_str(grid_text_upper(buf), "网X", "upper leaves UTF-8");
}

static void
test_sex(void)
{
	is_int(grid_sex_parse("M"), 'M', "sex M");
	is_int(grid_sex_parse("m"), 'M', "sex m");
	is_int(grid_sex_parse("男"), 'M', "sex 男");
	is_int(grid_sex_parse("男性"), 'M', "sex 男性");
	is_int(grid_sex_parse("1"), 'M', "sex 1");
	is_int(grid_sex_parse("F"), 'F', "sex F");
	is_int(grid_sex_parse("f"), 'F', "sex f");
	is_int(grid_sex_parse("女"), 'F', "sex 女");
	is_int(grid_sex_parse("女性"), 'F', "sex 女性");
	is_int(grid_sex_parse("2"), 'F', "sex 2");
	is_int(grid_sex_parse("X"), 0, "sex X unknown");
	is_int(grid_sex_parse(""), 0, "sex empty unknown");
	is_int(grid_sex_parse("0"), 0, "sex 0 unknown");
	is_int(grid_sex_parse(NULL), 0, "sex NULL unknown");
}

static void
check_date(const char *in, const char *want, const char *what)
{
	char out[11] = "";

	is_int(grid_date_parse(in, out, sizeof(out), NULL), 0, what);
	is_str(out, want, what);
}

static void
test_dates(void)
{
	struct grid_error err;
	char out[11];

	check_date("2024-03-05", "2024-03-05", "ISO date");
	check_date("2024-3-5", "2024-03-05", "short ISO date");
	check_date("2024/3/5", "2024-03-05", "slashes");
	check_date("2024/03/05", "2024-03-05", "slashes, two digits");
	check_date("2024.3.5", "2024-03-05", "dots");
	check_date("20240305", "2024-03-05", "compact");
	check_date("2024年3月5日", "2024-03-05", "Chinese");
	check_date("2024年03月05日", "2024-03-05", "Chinese, two digits");
	check_date("2024-03-05 10:00", "2024-03-05", "with a time");
	check_date("2024-03-05T10:00:00+08:00", "2024-03-05", "ISO time");
	check_date("2024/3/5 9:30:15", "2024-03-05", "slashes with time");
	check_date("2024-02-29", "2024-02-29", "2024-02-29 exists");
	check_date("2000-02-29", "2000-02-29", "2000-02-29 exists");
	check_date("2024-12-31", "2024-12-31", "last day");

	grid_error_clear(&err);
	is_int(grid_date_parse("2023-02-29", out, sizeof(out), &err), -1,
	    "2023-02-29 impossible");
	is_str(err.text, "impossible date '2023-02-29'", "impossible reason");
	is_int(err.code, GRID_EDATA, "date error code");
	is_int(grid_date_parse("1900-02-29", out, sizeof(out), &err), -1,
	    "1900-02-29 impossible");
	is_int(grid_date_parse("2024-04-31", out, sizeof(out), &err), -1,
	    "2024-04-31 impossible");
	is_int(grid_date_parse("2024-13-01", out, sizeof(out), &err), -1,
	    "month 13 impossible");
	is_int(grid_date_parse("2024-00-10", out, sizeof(out), &err), -1,
	    "month 0 impossible");
	is_int(grid_date_parse("0000-01-01", out, sizeof(out), &err), -1,
	    "year 0 impossible");
	is_int(grid_date_parse("garbage", out, sizeof(out), &err), -1,
	    "garbage rejected");
	is_str(err.text, "bad date 'garbage'", "bad date reason");
	is_int(grid_date_parse("", out, sizeof(out), &err), -1,
	    "empty rejected");
	is_int(grid_date_parse("2024-03/05", out, sizeof(out), &err), -1,
	    "mixed separators rejected");
	is_int(grid_date_parse("2024-03-051", out, sizeof(out), &err), -1,
	    "3-digit day rejected");
	is_int(grid_date_parse("202403051", out, sizeof(out), &err), -1,
	    "9 digits rejected");
	is_int(grid_date_parse("24-03-05", out, sizeof(out), &err), -1,
	    "2-digit year rejected");
	is_int(grid_date_parse("2024-03-05 noon", out, sizeof(out), &err), -1,
	    "trailing words rejected");
	is_int(grid_date_parse("2024-03-05x", out, sizeof(out), &err), -1,
	    "trailing letter rejected");
	is_int(grid_date_parse("2024年3月5", out, sizeof(out), &err), -1,
	    "missing 日 rejected");
	is_int(grid_date_parse("2024-03-05", out, 10, &err), -1,
	    "too small a buffer");
	is_int(err.code, GRID_EINTERNAL, "buffer error is internal");
}

static void
check_time(const char *in, const char *want, const char *what)
{
	char out[32] = "";

	is_int(grid_time_parse(in, out, sizeof(out), NULL), 0, what);
	is_str(out, want, what);
}

static void
test_time_parse(void)
{
	struct grid_error err;
	char out[32];

	check_time("2024-03-05 09:30", "2024-03-05T09:30:00+08:00",
	    "local time gets the local offset");
	check_time("2024-03-05T09:30:15", "2024-03-05T09:30:15+08:00",
	    "local time with seconds");
	check_time("2024/3/5 9:30", "2024-03-05T09:30:00+08:00",
	    "slashes and a 1-digit hour");
	check_time("2024年3月5日 09:30", "2024-03-05T09:30:00+08:00",
	    "Chinese date with time");
	check_time("2024-03-05", "2024-03-05T00:00:00+08:00",
	    "date alone is local midnight");
	check_time("2024-03-05T09:30:00+08:00", "2024-03-05T09:30:00+08:00",
	    "ISO with offset kept");
	check_time("2024-03-05T01:30:00Z", "2024-03-05T09:30:00+08:00",
	    "Z: the same instant at the local offset");
	check_time("2024-03-05T01:30:00z", "2024-03-05T09:30:00+08:00",
	    "lower-case z");
	check_time("2024-03-05T09:30:00+0800", "2024-03-05T09:30:00+08:00",
	    "+0800 written +08:00");
	check_time("2024-03-05T09:30:00+08", "2024-03-05T09:30:00+08:00",
	    "+08 written +08:00");
	check_time("2024-03-04T20:30:00-05:00", "2024-03-05T09:30:00+08:00",
	    "negative offset: written at the local offset");
	check_time("2024-03-05T07:00:00+05:30", "2024-03-05T09:30:00+08:00",
	    "half-hour offset: written at the local offset");
	check_time("2024-03-05T09:30:00.250+08:00", "2024-03-05T09:30:00+08:00",
	    "fraction dropped");
	check_time("2024-03-05 23:59:59", "2024-03-05T23:59:59+08:00",
	    "last second of a day");

	grid_error_clear(&err);
	is_int(grid_time_parse("2024-03-05 24:00", out, sizeof(out), &err),
	    -1, "hour 24 rejected");
	is_str(err.text, "impossible time '2024-03-05 24:00'",
	    "impossible time reason");
	is_int(grid_time_parse("2024-03-05 10:60", out, sizeof(out), &err),
	    -1, "minute 60 rejected");
	is_int(grid_time_parse("2023-02-29 10:00", out, sizeof(out), &err),
	    -1, "impossible date rejected");
	is_int(grid_time_parse("2024-03-05T10:00:00+19:00", out, sizeof(out),
	    &err), -1, "offset +19:00 rejected");
	is_int(grid_time_parse("2024-03-05T10:00:00+08:", out, sizeof(out),
	    &err), -1, "offset +08: rejected");
	is_int(grid_time_parse("2024-03-05T10:00:00+08:75", out, sizeof(out),
	    &err), -1, "offset minutes 75 rejected");
	is_int(grid_time_parse("2024-03-05 10", out, sizeof(out), &err), -1,
	    "hour alone rejected");
	is_int(grid_time_parse("2024-03-05 10:0", out, sizeof(out), &err),
	    -1, "1-digit minute rejected");
	is_int(grid_time_parse("yesterday", out, sizeof(out), &err), -1,
	    "garbage rejected");
	is_str(err.text, "bad time 'yesterday'", "bad time reason");
	is_int(err.code, GRID_EDATA, "time error code");
	is_int(grid_time_parse("2024-03-05 09:30", out, 25, &err), -1,
	    "too small a buffer");
}

static void
test_time_dst(void)
{
	char out[32];

	/* A POSIX zone string: needs no zoneinfo files. */
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	tzset();
	check_time("2024-03-09 12:00", "2024-03-09T12:00:00-05:00",
	    "winter offset");
	check_time("2024-07-01 12:00", "2024-07-01T12:00:00-04:00",
	    "summer offset");
	is_int(grid_time_parse("2024-03-10 02:30", out, sizeof(out), NULL), -1,
	    "time skipped by summer time rejected");
	check_time("2024-03-10 03:30", "2024-03-10T03:30:00-04:00",
	    "first hour of summer time");
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
}

static void
test_time_format(void)
{
	char out[32];
	time_t t = 0;

	is_str(grid_time_format(T_0130Z, out, sizeof(out)),
	    "2024-03-05T09:30:00+08:00", "format in Shanghai");
	is_str(grid_time_format(0, out, sizeof(out)),
	    "1970-01-01T08:00:00+08:00", "format the epoch");
	is_str(grid_time_format(-86400, out, sizeof(out)),
	    "1969-12-31T08:00:00+08:00", "format before the epoch");
	is_str(grid_time_format(951782400, out, sizeof(out)),
	    "2000-02-29T08:00:00+08:00", "format a leap day");

	is_int(grid_time_to_epoch("2024-03-05T09:30:00+08:00", &t), 0,
	    "to epoch with offset");
	is_int(t, T_0130Z, "to epoch value");
	is_int(grid_time_to_epoch("2024-03-05T01:30:00Z", &t), 0,
	    "to epoch with Z");
	is_int(t, T_0130Z, "Z value");
	is_int(grid_time_to_epoch("2024-03-04T20:30:00-05:00", &t), 0,
	    "to epoch with negative offset");
	is_int(t, T_0130Z, "negative offset value");
	is_int(grid_time_to_epoch("2024-03-05 09:30", &t), 0,
	    "to epoch local");
	is_int(t, T_0130Z, "local value");
	is_int(grid_time_to_epoch("1969-12-31T23:59:59Z", &t), 0,
	    "one second before the epoch");
	is_int(t, -1, "epoch -1 is not an error");
	is_int(grid_time_to_epoch("not a time", &t), -1, "to epoch garbage");

	grid_time_parse("2024-03-05T01:30:00Z", out, sizeof(out), NULL);
	grid_time_to_epoch(out, &t);
	is_int(t, T_0130Z, "round trip through +00:00");
	grid_time_format(T_0130Z + 12345, out, sizeof(out));
	grid_time_to_epoch(out, &t);
	is_int(t, T_0130Z + 12345, "round trip through format");
	grid_time_format(-2208988800, out, sizeof(out));
	grid_time_to_epoch(out, &t);
	is_int(t, -2208988800, "round trip in 1900 (LMT offset)");
}

static void
test_now(void)
{
	struct grid_error err;
	char today[11];
	time_t t = 0;

	setenv("GRID_NOW", "2024-03-05T09:30:00+08:00", 1);
	is_int(grid_now(&t, NULL), 0, "GRID_NOW read");
	is_int(t, T_0130Z, "GRID_NOW value");
	is_int(grid_today(today, sizeof(today), NULL), 0, "today");
	is_str(today, "2024-03-05", "today from GRID_NOW");
	setenv("GRID_NOW", "2024-03-05T23:30:00Z", 1);
	grid_today(today, sizeof(today), NULL);
	is_str(today, "2024-03-06", "today is the local date");
	setenv("GRID_NOW", "2024-03-05 09:30", 1);
	grid_now(&t, NULL);
	is_int(t, T_0130Z, "GRID_NOW in local time");

	grid_error_clear(&err);
	setenv("GRID_NOW", "soon", 1);
	is_int(grid_now(&t, &err), -1, "bad GRID_NOW rejected");
	is_int(err.code, GRID_EUSAGE, "bad GRID_NOW is a usage error");
	is_str(err.field, "GRID_NOW", "error names GRID_NOW");
	is_str(err.text, "bad time 'soon'", "bad GRID_NOW reason");
	is_int(grid_today(today, sizeof(today), NULL), -1,
	    "today fails with a bad GRID_NOW");

	setenv("GRID_NOW", "", 1);
	is_int(grid_now(&t, NULL), 0, "empty GRID_NOW is the clock");
	ok(t > 1700000000, "clock is recent");
	unsetenv("GRID_NOW");
	is_int(grid_now(&t, NULL), 0, "unset GRID_NOW is the clock");
	ok(t > 1700000000, "clock is recent again");
}

static void
test_age(void)
{
	is_int(grid_age_on("1949-12-31", "2024-03-05"), 74, "age 74");
	is_int(grid_age_on("2000-03-05", "2024-03-04"), 23,
	    "day before the birthday");
	is_int(grid_age_on("2000-03-05", "2024-03-05"), 24, "on the birthday");
	is_int(grid_age_on("2000-03-05", "2000-03-05"), 0, "born today");
	is_int(grid_age_on("2000-02-29", "2023-02-28"), 22,
	    "leap-day birthday not yet on 02-28");
	is_int(grid_age_on("2000-02-29", "2023-03-01"), 23,
	    "leap-day birthday passed on 03-01");
	is_int(grid_age_on("2000-02-29", "2024-02-29"), 24,
	    "leap-day birthday on a leap day");
	is_int(grid_age_on("2024-03-06", "2024-03-05"), -1, "born later");
	is_int(grid_age_on("2024/03/05", "2024-03-05"), -1,
	    "only YYYY-MM-DD");
	is_int(grid_age_on("2023-02-29", "2024-03-05"), -1,
	    "impossible birth date");
	is_int(grid_age_on("2000-01-01", "garbage!!!"), -1, "garbage on");
	is_int(grid_age_on(NULL, "2024-03-05"), -1, "NULL birth date");
}

/* Cuts on a character boundary, never inside one. */
static void
test_copy(void)
{
	char out[8];

	ok(grid_utf8_prefix("abc", 8) == 3, "prefix: short text whole");
	ok(grid_utf8_prefix("网格员", 4) == 3, "prefix: 4 bytes of 网格员 is 网");
	ok(grid_utf8_prefix("网格员", 6) == 6, "prefix: 6 bytes is 网格");
	ok(grid_utf8_prefix("网格员", 2) == 0, "prefix: 2 bytes is nothing");
	ok(grid_text_copy(out, sizeof(out), "abcdefg") == 0 &&
	    strcmp(out, "abcdefg") == 0, "copy: 7 bytes fit in 8");
	ok(grid_text_copy(out, sizeof(out), "网格员上报") == 1 &&
	    strcmp(out, "网格") == 0, "copy: 网格员上报 into 8 bytes is 网格, cut");
	ok(grid_text_copy(out, 1, "网") == 1 && out[0] == '\0',
	    "copy: into 1 byte is empty");
}

int
main(void)
{
	test_copy();
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	unsetenv("GRID_NOW");
	test_utf8_valid();
	test_utf8_width();
	test_normalize();
	test_sex();
	test_dates();
	test_time_parse();
	test_time_dst();
	test_time_format();
	test_now();
	test_age();
	return tap_done();
}
