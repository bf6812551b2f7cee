/*
 * registers.h - the register tables that grid-import loads: their fields,
 * the type and rules of each value, and the column names (English and
 * Chinese) a file may use for them.
 */
#ifndef GRID_REGISTERS_H
#define GRID_REGISTERS_H

#include <stddef.h>

#include "grid/buf.h"
#include "grid/error.h"

enum grid_vtype {
	GRID_V_TEXT,		/* trimmed text */
	GRID_V_INT,		/* integer within [min, max] */
	GRID_V_REAL,		/* decimal number within [min, max] */
	GRID_V_BOOL,		/* 0/1, 是/否, yes/no, true/false */
	GRID_V_DATE,		/* calendar date -> YYYY-MM-DD */
	GRID_V_TIME,		/* point in time -> ISO 8601 with offset */
	GRID_V_ENUM,		/* a vocabulary value (vocab.h) */
	GRID_V_IDNO,		/* citizen ID number (GB 11643), or other ID */
	GRID_V_USCC,		/* unified social credit code (GB 32100) */
	GRID_V_PHONE,		/* phone number, digits only */
	GRID_V_REGION,		/* district, street or community code */
	GRID_V_GRID,		/* unit grid code */
	GRID_V_COMPONENT,	/* 16-digit component code */
	GRID_V_CODE,		/* an identifier: printable, no spaces */
	GRID_V_DOCNO		/* identity document number, shape only: the
				 * table rules check it by its id_type */
};

enum grid_field_flags {
	GRID_F_KEY = 1,		/* part of the primary key */
	GRID_F_REQUIRED = 2	/* must have a value on insert */
};

struct grid_field {
	const char *name;	/* column in the database */
	enum grid_vtype type;
	unsigned flags;
	const char *vocab;	/* GRID_V_ENUM: vocabulary name */
	const char *ref;	/* "table.column" the value must exist in */
	const char *def;	/* value on insert when none is given */
	double min, max;	/* GRID_V_INT, GRID_V_REAL (min < max) */
	const char *aliases;	/* other column names, '|'-separated */
};

struct grid_register {
	const char *table;
	const char *label;	/* Chinese name of the register */
	const struct grid_field *fields;
	size_t nfields;
};

/* The register for a table name, or NULL.  Borrowed, static. */
const struct grid_register *grid_register_find(const char *table);
/* The i-th register, NULL past the end.  Borrowed, static. */
const struct grid_register *grid_register_at(size_t i);

/*
 * 1 when a column of that name holds personal data in some register: an
 * ID number, an identity document's number or a phone number (the field
 * types GRID_V_IDNO, GRID_V_DOCNO, GRID_V_PHONE), which the tools mask
 * unless asked; 0 otherwise.  The one list of personal columns.
 */
int grid_field_personal(const char *column);

/*
 * The index of the field that a column named name (canonical name or an
 * alias, ASCII case ignored, spaces and underscores ignored) stands for,
 * or -1.
 */
int grid_register_field(const struct grid_register *reg, const char *name);

/*
 * A header name as a government template writes it, without its marks,
 * into out (size n; returns out): normalised (grid_text_normalize: full-
 * width forms half-width, blanks at the ends dropped), then without a '*'
 * at either end (a required field), "(必填)", "(选填)", "[必填]",
 * "【必填】" and a colon at the end.  How grid-import and grid-assign
 * locate read a header.
 */
const char *grid_register_bare_name(const char *column, char *out,
    size_t n);

/*
 * Normalises and checks one value of field f: value is the normalised
 * text (grid_text_normalize), never NULL or empty.  The canonical form is
 * written to out (reset first).  today is YYYY-MM-DD (dates after it are
 * refused), seq_width the grid sequence width.  Returns 0, or -1 with a
 * reason in err (no location).
 */
int grid_field_check(const struct grid_field *f, const char *value,
    const char *today, int seq_width, struct grid_buf *out,
    struct grid_error *err);

/*
 * An Excel date serial in a date column ("32874": a date cell formatted
 * as a number, exported): digits only, from 1 to 2958465 (9999-12-31),
 * but not from 1000 to 2999 (a year typed alone) nor 60 (Excel's
 * 1900-02-29, a day that never was).  Writes the date it stands for in
 * Excel's 1900 date system (1 is 1900-01-01, 32874 1990-01-01) into out
 * (size n >= 11) as YYYY-MM-DD.  Returns 1 when value is such a serial,
 * else 0 (out untouched).
 */
int grid_date_serial(const char *value, char *out, size_t n);

#endif
