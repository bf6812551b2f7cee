/*
 * codes.c - division and grid codes, citizen ID numbers (GB 11643),
 * unified social credit codes (GB 32100), component codes, phone numbers
 * and the masks that hide personal numbers in outputs.  doc/domain.md
 * section 1 has the rules.
 */
#include <stdio.h>
#include <string.h>

#include "grid/codes.h"
#include "internal.h"
#include "grid/text.h"


static const int idno_weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

/* The 31 symbols of GB 32100, in the order of their values 0-30. */
static const char uscc_symbols[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* The value of the n digits at s. */
static int
number_at(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The length of the UTF-8 character at s, at least 1, at most 4. */
static int
char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	int i;

	for (i = 1; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return len;
}

/* Fills err with "REASON 'TEXT'" and returns -1. */
static int
value_reject(struct grid_error *err, const char *reason, const char *text)
{
	return gridi_reject_value(err, GRID_EDATA, reason, text);
}

static int
too_small(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "output buffer too small");
}

/*
 * The level a code of len digits would have, from its length alone (6
 * digits: a district; a city's code is a district's shape).
 */
static enum grid_level
level_of_length(size_t len, int seq_width)
{
	int level;

	for (level = GRID_LEVEL_DISTRICT; level <= GRID_LEVEL_GRID; level++)
		if (grid_level_code_len((enum grid_level)level, seq_width) ==
		    len)
			return (enum grid_level)level;
	return GRID_LEVEL_NONE;
}

/*
 * Whether pp, two digits, is a province of GB/T 2260, Taiwan 71, Hong
 * Kong 81 and Macao 82 included.
 */
static int
is_province(int pp)
{
	static const int ranges[][2] = {
		{ 11, 15 }, { 21, 23 }, { 31, 37 }, { 41, 46 }, { 50, 54 },
		{ 61, 65 }, { 71, 71 }, { 81, 82 }
	};
	size_t i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (pp >= ranges[i][0] && pp <= ranges[i][1])
			return 1;
	return 0;
}

int
grid_province_at(const char *text)
{
	return text != NULL && is_digit(text[0]) && is_digit(text[1]) &&
	    is_province(number_at(text, 2));
}

/*
 * Checks the division part, the first 6 digits, of a code: a province,
 * and a prefecture 00 only with a county 00 (a province's own code).
 */
static int
check_division(const char *code, struct grid_error *err)
{
	char reason[160];

	if (!is_province(number_at(code, 2))) {
		snprintf(reason, sizeof(reason),
		    _("no such province %.2s (GB/T 2260) in code"), code);
		return value_reject(err, reason, code);
	}
	if (number_at(code + 2, 2) == 0 && number_at(code + 4, 2) != 0) {
		snprintf(reason, sizeof(reason),
		    _("prefecture 00 under county %.2s in code"), code + 4);
		return value_reject(err, reason, code);
	}
	return 0;
}

/* Checks the street, community and grid parts of a code of that level. */
static int
check_parts(const char *code, enum grid_level level, int seq_width,
    struct grid_error *err)
{
	int street = number_at(code + 6, 3);

	if (street < 1 || street > 599)
		return value_reject(err, "bad street number in code", code);
	if (level == GRID_LEVEL_STREET)
		return 0;
	if (number_at(code + 9, 3) < 1 || number_at(code + 9, 3) > 599)
		return value_reject(err, "bad community number in code", code);
	if (level == GRID_LEVEL_GRID &&
	    number_at(code + 12, (size_t)seq_width) == 0)
		return value_reject(err, "bad grid sequence in code", code);
	return 0;
}

enum grid_level
grid_code_level(const char *code, int seq_width, struct grid_error *err)
{
	enum grid_level level;
	size_t len = strlen(code);

	if (seq_width != 2 && seq_width != 3) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "bad grid sequence width %d", seq_width);
		return GRID_LEVEL_NONE;
	}
	if (!all_digits(code, len)) {
		value_reject(err, "code not digits", code);
		return GRID_LEVEL_NONE;
	}
	level = level_of_length(len, seq_width);
	if (level == GRID_LEVEL_NONE) {
		value_reject(err, "bad code length", code);
		return GRID_LEVEL_NONE;
	}
	if (check_division(code, err) != 0)
		return GRID_LEVEL_NONE;
	if (level > GRID_LEVEL_DISTRICT &&
	    check_parts(code, level, seq_width, err) != 0)
		return GRID_LEVEL_NONE;
	return level;
}

int
grid_code_ancestor(const char *code, int seq_width, enum grid_level level,
    char *out, size_t n)
{
	enum grid_level own = grid_code_level(code, seq_width, NULL);
	size_t keep;

	if (own == GRID_LEVEL_NONE || level <= GRID_LEVEL_NONE || level >= own)
		return -1;
	/* A district code ending in 00 is a city itself (东莞 441900). */
	if (level == GRID_LEVEL_CITY && own == GRID_LEVEL_DISTRICT &&
	    strcmp(code + 4, "00") == 0)
		return -1;
	/* A city: its districts' first 4 digits, then "00". */
	keep = level == GRID_LEVEL_CITY ? 4 :
	    grid_level_code_len(level, seq_width);
	if (n <= (level == GRID_LEVEL_CITY ? keep + 2 : keep))
		return -1;
	memcpy(out, code, keep);
	out[keep] = '\0';
	if (level == GRID_LEVEL_CITY)
		memcpy(out + keep, "00", 3);
	return 0;
}

int
grid_code_parent(const char *code, int seq_width, char *out, size_t n)
{
	enum grid_level own = grid_code_level(code, seq_width, NULL);

	if (own == GRID_LEVEL_NONE)
		return -1;
	return grid_code_ancestor(code, seq_width, (enum grid_level)(own - 1),
	    out, n);
}

char
grid_idno_check_char(const char *first17)
{
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '\0';
		sum += (first17[i] - '0') * idno_weights[i];
	}
	return "10X98765432"[sum % 11];
}

/*
 * Checks the length and characters of an ID number and writes its
 * 18-character form to number (upgrading a legacy 15-digit one, whose
 * check character is then right by construction).
 */
static int
idno_shape(const char *text, char number[19], struct grid_error *err)
{
	size_t len = strlen(text);

	if (len != 15 && len != 18)
		return value_reject(err, "bad length", text);
	if (len == 15) {
		if (!all_digits(text, 15))
			return value_reject(err, "not digits", text);
		snprintf(number, 19, "%.6s19%.9s", text, text + 6);
		number[17] = grid_idno_check_char(number);
		number[18] = '\0';
		return 0;
	}
	memcpy(number, text, 19);
	if (number[17] == 'x')
		number[17] = 'X';
	if (!all_digits(number, 17) ||
	    (!is_digit(number[17]) && number[17] != 'X'))
		return value_reject(err, "not digits", text);
	return 0;
}

/*
 * The address code of an ID number begins with a province, or is a
 * residence permit series: 810000 and 820000 (Hong Kong and Macao
 * residents: provinces too) or 830000 (Taiwan residents; 83 is no
 * province).  The reason names the province outside the quotes: the
 * whole number is the one quoted value, which the tools mask.
 */
static int
idno_province(const char *text, struct grid_error *err)
{
	char reason[160];

	if (is_province(number_at(text, 2)) ||
	    strncmp(text, "830000", 6) == 0)
		return 0;
	snprintf(reason, sizeof(reason), _("no such province %.2s (GB/T 2260) in"),
	    text);
	return value_reject(err, reason, text);
}

int
grid_idno_parse(const char *text, const char *today,
    struct grid_idno *out, struct grid_error *err)
{
	char number[19], digits[11], birth[11];

	if (idno_shape(text, number, err) != 0 ||
	    idno_province(text, err) != 0)
		return -1;
	memcpy(digits, number + 6, 4);
	digits[4] = '-';
	memcpy(digits + 5, number + 10, 2);
	digits[7] = '-';
	memcpy(digits + 8, number + 12, 2);
	digits[10] = '\0';
	if (grid_date_parse(digits, birth, sizeof(birth), NULL) != 0)
		return value_reject(err, "impossible birth date", text);
	if (today != NULL && strcmp(birth, today) > 0)
		return value_reject(err, "birth date in the future", text);
	/* Excel keeps 15 significant digits of a number: the rest are 0 */
	if (grid_idno_check_char(number) != number[17] &&
	    strlen(text) == 18 && strcmp(number + 15, "000") == 0)
		return value_reject(err, "bad check digit, and the last three digits "
		    "are 000: Excel keeps only 15 digits of a number (format "
		    "the column as text and export again)", text);
	if (grid_idno_check_char(number) != number[17])
		return value_reject(err, "bad check digit", text);
	memcpy(out->number, number, sizeof(out->number));
	memcpy(out->birth_date, birth, sizeof(out->birth_date));
	out->sex = (number[16] - '0') % 2 == 1 ? 'M' : 'F';
	out->upgraded = strlen(text) == 15;
	return 0;
}

/* The value 0-30 of a USCC symbol, or -1. */
static int
uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(uscc_symbols, c);
	return p != NULL ? (int)(p - uscc_symbols) : -1;
}

int
grid_uscc_check(const char *text, char *out, size_t n,
    struct grid_error *err)
{
	char code[19];
	int i, sum = 0, weight = 1;

	if (strlen(text) != 18)
		return value_reject(err, "bad length", text);
	for (i = 0; i < 18; i++) {
		code[i] = text[i] >= 'a' && text[i] <= 'z' ?
		    (char)(text[i] - 'a' + 'A') : text[i];
		if (uscc_value(code[i]) < 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "bad character '%.*s' in '%s'",
			    char_len(text + i), text + i, text);
	}
	code[18] = '\0';
	for (i = 0; i < 17; i++) {
		sum += uscc_value(code[i]) * weight;
		weight = weight * 3 % 31;
	}
	if (uscc_symbols[(31 - sum % 31) % 31] != code[17])
		return value_reject(err, "bad check character", text);
	if (n < sizeof(code))
		return too_small(err);
	memcpy(out, code, sizeof(code));
	return 0;
}

int
grid_component_code_check(const char *text, struct grid_error *err)
{
	int major, minor;

	if (strlen(text) != 16)
		return value_reject(err, "bad length", text);
	if (!all_digits(text, 16))
		return value_reject(err, "not digits", text);
	major = number_at(text + 6, 2);
	minor = number_at(text + 8, 2);
	if (major < 1 || major > 6)
		return value_reject(err, "bad major class", text);
	if (minor < 1)
		return value_reject(err, "bad minor class", text);
	return 0;
}

/*
 * Copies the characters of a phone number other than separators to
 * compact (size n).  Returns the length, or -1 when it does not fit.
 */
static int
phone_compact(const char *text, char *compact, size_t n)
{
	size_t len = 0;

	for (; *text != '\0'; text++) {
		if (strchr(" -()", *text) != NULL)
			continue;
		if (len + 1 >= n)
			return -1;
		compact[len++] = *text;
	}
	compact[len] = '\0';
	return (int)len;
}

int
grid_phone_parse(const char *text, char *out, size_t n,
    struct grid_error *err)
{
	char compact[32];
	const char *digits = compact;
	size_t len;

	if (phone_compact(text, compact, sizeof(compact)) < 0)
		return value_reject(err, "phone number too long", text);
	if (strncmp(digits, "+86", 3) == 0)
		digits += 3;
	else if (strncmp(digits, "0086", 4) == 0)
		digits += 4;
	len = strlen(digits);
	if (!all_digits(digits, len))
		return value_reject(err, "bad phone number", text);
	if (len < 5 || len > 20)
		return value_reject(err, "bad phone number length", text);
	if (digits[0] == '1' && digits[1] >= '3' && len != 11)
		return value_reject(err, "mobile number not 11 digits", text);
	if (n <= len)
		return too_small(err);
	memcpy(out, digits, len + 1);
	return 0;
}

/* The number of UTF-8 characters of s. */
static size_t
count_chars(const char *s)
{
	size_t count = 0;

	for (; *s != '\0'; s += char_len(s))
		count++;
	return count;
}

/*
 * Writes s to out (size n) with every character but the first head and
 * the last tail replaced by '*'.  Stops before a character that does not
 * fit.  Returns out.
 */
static char *
mask(const char *s, size_t head, size_t tail, char *out, size_t n)
{
	size_t count = count_chars(s), i, len = 0, wlen;
	int clen, hidden;

	if (n == 0)
		return out;
	for (i = 0; *s != '\0'; i++, s += clen) {
		clen = char_len(s);
		hidden = i >= head && i + tail < count;
		wlen = hidden ? 1 : (size_t)clen;
		if (len + wlen >= n)
			break;
		if (hidden)
			out[len] = '*';
		else
			memcpy(out + len, s, wlen);
		len += wlen;
	}
	out[len] = '\0';
	return out;
}

char *
grid_mask_idno(const char *idno, char *out, size_t n)
{
	size_t count;

	if (idno == NULL)
		idno = "";
	count = count_chars(idno);
	if (count == 18)
		return mask(idno, 6, 4, out, n);
	return mask(idno, count / 4, count / 4, out, n);
}

char *
grid_mask_phone(const char *phone, char *out, size_t n)
{
	size_t count;

	if (phone == NULL)
		phone = "";
	count = count_chars(phone);
	if (count >= 11)
		return mask(phone, 3, 4, out, n);
	return mask(phone, count / 4, count / 4, out, n);
}
