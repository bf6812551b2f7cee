/*
 * text.h - UTF-8 text, normalisation of values, dates and times.
 */
#ifndef GRID_TEXT_H
#define GRID_TEXT_H

#include <stddef.h>
#include <time.h>

#include "grid/error.h"

/*
 * Checks that s[0..n) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF).  Returns 1 when valid; else 0 and, when bad is not
 * NULL, the offset of the first invalid byte (the lead byte of a bad
 * sequence).  An incomplete sequence at the very end counts as invalid.
 */
int grid_utf8_valid(const char *s, size_t n, size_t *bad);

/*
 * Display width of a UTF-8 string in terminal columns: East Asian wide
 * and full-width characters (CJK, Hangul, kana, full-width forms, CJK
 * punctuation) count 2, combining marks and zero-width characters 0,
 * others 1 (an invalid byte too).
 */
size_t grid_utf8_width(const char *s);

/*
 * How many bytes of s make its longest start no wider than width
 * display columns (grid_utf8_width), never cutting a character:
 * strlen(s) when the whole of s fits.
 */
size_t grid_utf8_fit(const char *s, size_t width);

/*
 * How many bytes of s, at most max, end on a UTF-8 character boundary:
 * strlen(s) when it fits, else max or less, never cutting a character.
 */
size_t grid_utf8_prefix(const char *s, size_t max);

/*
 * Copies src into dst (size n > 0), NUL-terminated, cut when it must be
 * on a character boundary (grid_utf8_prefix), never in the middle of
 * one.  Returns 1 when src was cut, else 0.  For names held in fixed
 * fields; a code is never cut (GRID_CODE_MAX, grid/registers.h).
 */
int grid_text_copy(char *dst, size_t n, const char *src);

/*
 * Normalises a value in place: full-width ASCII (U+FF01-U+FF5E) to
 * half-width, the ideographic space U+3000 and NBSP to a space, then leading
 * and trailing white space trimmed.  The result is never longer than the
 * input.  Returns the new length.
 */
size_t grid_text_normalize(char *s);

/* Folds ASCII letters to upper case in place; returns s. */
char *grid_text_upper(char *s);

/*
 * Parses a sex: M, F, m, f, 男, 女, 男性, 女性, 1 (male), 2 (female)
 * (GB/T 2261.1).  Returns 'M', 'F', or 0 when unknown.
 */
char grid_sex_parse(const char *text);

/*
 * Parses a calendar date in common spellings into out ("YYYY-MM-DD", size
 * n >= 11): 2024-03-05, 2024-3-5, 2024/3/5, 2024.3.5, 20240305,
 * 2024年3月5日, also with a time part after a space or T that is ignored.
 * Checks that the date exists (leap years).  Returns 0, or -1 with
 * "bad date 'TEXT'" or "impossible date 'TEXT'".  The time part must have
 * the shape grid_time_parse accepts.
 */
int grid_date_parse(const char *text, char *out, size_t n,
    struct grid_error *err);

/*
 * Parses a point in time into an ISO 8601 text with offset in out (size
 * n >= 26): "2024-03-05T09:30:00+08:00", always written in the local
 * zone (grid/tz.h) with its offset.  Accepts a full ISO text with Z or
 * an offset (the same instant, written at the local offset: with
 * Asia/Shanghai in force 01:30:00Z becomes 09:30:00+08:00), or a date and
 * time without offset (any separator grid_date_parse accepts, then "T" or
 * a space, then HH:MM or HH:MM:SS) read in the local zone, or a date alone
 * (midnight local).
 * A fraction of a second is dropped.  Returns 0, or -1 with "bad time
 * 'TEXT'", "impossible time 'TEXT'" or, for a local time skipped by a
 * change to summer time, "no such local time 'TEXT'".
 */
int grid_time_parse(const char *text, char *out, size_t n,
    struct grid_error *err);

/*
 * When text is a full ISO 8601 time with an offset (as grid_time_parse
 * writes) whose offset is not the local zone's at that instant, writes
 * the same instant at the local offset into out (size n >= 26) and
 * returns 1; returns 0 (out untouched) for anything else: a time already
 * local, a date alone, text that is no time.
 */
int grid_time_localize(const char *text, char *out, size_t n);

/*
 * Formats t as local ISO 8601 with offset into out (size n >= 26); an
 * offset with seconds (local mean time before 1901) is rounded to the
 * minute and the clock time moved with it.  out is "" when t cannot be
 * converted.  Returns out.
 */
char *grid_time_format(time_t t, char *out, size_t n);

/*
 * Converts an ISO 8601 text (as grid_time_parse writes, or any form it
 * accepts) to a time_t.  Returns 0 or -1.
 */
int grid_time_to_epoch(const char *iso, time_t *t);

/*
 * "Now": $GRID_NOW when set and not empty (any form grid_time_parse
 * accepts), else the clock.  Returns 0, or -1 when GRID_NOW is set but
 * unreadable (GRID_EUSAGE, field "GRID_NOW").
 */
int grid_now(time_t *t, struct grid_error *err);

/* Today's local date as YYYY-MM-DD from grid_now; out size >= 11. */
int grid_today(char *out, size_t n, struct grid_error *err);

/*
 * Age in completed years on date on (both YYYY-MM-DD; a 29 February
 * birthday is reached on 1 March in other years).  Returns the age, or -1
 * when a date is malformed or on is before the birth date.
 */
int grid_age_on(const char *birth_date, const char *on);

#endif
