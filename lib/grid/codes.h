/*
 * codes.h - the codes of doc/domain.md section 1: division and grid codes,
 * citizen ID numbers (GB 11643), unified social credit codes (GB 32100),
 * component codes, and the masking of personal numbers in outputs.
 *
 * Validators take text that has already been normalised (grid_text.h:
 * trimmed, full-width folded to half-width) and write a canonical form to
 * a caller-provided buffer.  On failure they return -1 and put a short
 * reason followed by the rejected text in quotes in err->text ("bad check
 * digit '110105194912310021'", code GRID_EDATA) without a location: the
 * caller knows the file, line and field and adds them with
 * grid_error_locate.  A buffer too small is GRID_EINTERNAL.
 */
#ifndef GRID_CODES_H
#define GRID_CODES_H

#include <stddef.h>

#include "grid/error.h"
#include "grid/levels.h"	/* enum grid_level, its names */

/*
 * The longest identifier a register holds (a code or id column: a
 * department's code, a house's id, a case's id), in bytes: grid-import
 * refuses a longer one, and every buffer holding one has room for it
 * and its NUL (GRID_CODE_MAX + 1), so none is ever cut.
 */
#define GRID_CODE_MAX 64

/*
 * Checks the shape of a division or grid code: digits only, a length of
 * 6, 9, 12 or 12 + seq_width (seq_width is 2 or 3), a province part
 * (digits 1-2) of GB/T 2260 (11-15, 21-23, 31-37, 41-46, 50-54, 61-65,
 * 71, 81, 82), a prefecture part (3-4) of 00 only under a county part
 * (5-6) of 00, a street part in 001-599, a community part in 001-599, a
 * grid sequence not all zeros.  Whether the code is in the current
 * national list is not checked: old codes stay valid.  Reasons: "code
 * not digits", "bad code length", "no such province 99 (GB/T 2260) in
 * code", "prefecture 00 under county 01 in code", "bad street number in
 * code", "bad community number in code", "bad grid sequence in code".
 * Returns the level (never CITY: a 6-digit code is a district), or
 * GRID_LEVEL_NONE with err filled (GRID_EINTERNAL for a bad seq_width).
 */
enum grid_level grid_code_level(const char *code, int seq_width,
    struct grid_error *err);

/*
 * Writes the parent of a code at the next level up into out (size n >= 13):
 * grid -> community (12), community -> street (9), street -> district (6),
 * district -> city (first 4 digits + "00").  Returns 0, or -1 when the
 * code has no parent (a 6-digit code ending in 00 is a city, e.g. 441900
 * 东莞 whose streets hang from it directly) or is malformed.
 */
int grid_code_parent(const char *code, int seq_width, char *out, size_t n);

/*
 * Writes the ancestor of code at the given level (STREET: first 9 digits,
 * ...).  Returns 0, or -1 when level is not above the code's own level
 * (a 6-digit code ending in 00 has no CITY ancestor: it is one) or out is
 * too small.
 */
int grid_code_ancestor(const char *code, int seq_width, enum grid_level level,
    char *out, size_t n);

/* A parsed citizen ID number. */
struct grid_idno {
	char number[19];	/* 18 characters, upper-case X */
	char birth_date[11];	/* YYYY-MM-DD */
	char sex;		/* 'M' (odd sequence) or 'F' (even) */
	int upgraded;		/* 1 when given as a legacy 15-digit number */
};

/*
 * The check character of the first 17 digits (ISO 7064 MOD 11-2), or
 * '\0' when they are not 17 digits.
 */
char grid_idno_check_char(const char *first17);

/* 1 when text begins with two digits that are a province of GB/T 2260
 * (71, 81, 82 included), else 0. */
int grid_province_at(const char *text);

/*
 * Parses an 18-character ID number (lower-case x allowed) or a legacy
 * 15-digit one (upgraded: "19" inserted after position 6, check appended).
 * The first two digits are a province of GB/T 2260 (as for
 * grid_code_level), or the first six 830000, the residence permits of
 * Taiwan residents (those of Hong Kong and Macao residents begin with
 * 810000 and 820000: provinces).  today is "YYYY-MM-DD": a birth date
 * after it is rejected (NULL: not checked).  Reasons: "bad length", "not
 * digits", "no such province 99 (GB/T 2260) in", "impossible birth
 * date", "birth date in the future", "bad check digit"; the number is
 * the one quoted value, so that a tool can mask it.  Returns 0 or -1.
 */
int grid_idno_parse(const char *text, const char *today,
    struct grid_idno *out, struct grid_error *err);

/*
 * Checks a unified social credit code (GB 32100): 18 symbols from
 * 0-9 A-H J-N P-R T U W-Y, check character last.  The division code in
 * positions 3-8 is not checked.  Lower case is accepted and folded; out
 * (size >= 19) receives the canonical upper-case code.
 * Returns 0 or -1 ("bad length", "bad character 'I' in 'CODE'", "bad
 * check character").
 */
int grid_uscc_check(const char *text, char *out, size_t n,
    struct grid_error *err);

/*
 * Checks a 16-digit component code: 6 district + 2 major (01-06) +
 * 2 minor (01-99) + 6 serial.  Returns 0 or -1 ("bad length", "not
 * digits", "bad major class", "bad minor class").
 */
int grid_component_code_check(const char *text, struct grid_error *err);

/*
 * Normalises a phone number: spaces, hyphens and parentheses removed; a
 * leading +86 or 0086 dropped; what is left must be 5-20 digits (a mobile
 * number, 13-19 then digits, has exactly 11; 12345 or 10086 are fine).
 * Other country codes are rejected.  out has size n >= 21.
 * Returns 0 or -1.
 */
int grid_phone_parse(const char *text, char *out, size_t n,
    struct grid_error *err);

/*
 * Masks for outputs (gridkit(7), PERSONAL DATA: masked unless
 * --reveal): an 18-character ID number keeps the first 6 and the last 4
 * characters
 * (110101********123X); a phone number of 11 or more keeps the first 3
 * and last 4 (138****5678); anything else keeps its first and last
 * quarter, counted in characters, each other character one '*'.  NULL is
 * masked as "".  out has size n; the result is always NUL-terminated, cut
 * before a character that does not fit.  Returns out.
 */
char *grid_mask_idno(const char *idno, char *out, size_t n);
char *grid_mask_phone(const char *phone, char *out, size_t n);

#endif
