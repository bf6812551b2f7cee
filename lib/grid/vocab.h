/*
 * vocab.h - the enumerations of the model and their Chinese labels.
 *
 * Each vocabulary maps canonical English values (stored in the database)
 * and their Chinese aliases (accepted on import) to the canonical value.
 * Vocabularies: "residence", "tag", "sex", "id_type", "worker_kind",
 * "grid_kind", "house_use", "relation", "org_kind", "org_status",
 * "component_status", "category_kind", "limit_unit", "case_source",
 * "case_status", "priority", "grade", "level", "rating", "visit_kind",
 * "yes_no", "ageing_stage", "weekday" (1 Monday to 7 Sunday).
 */
#ifndef GRID_VOCAB_H
#define GRID_VOCAB_H

#include <stddef.h>

struct grid_vocab;

/* The vocabulary of that name, or NULL.  Borrowed, static. */
const struct grid_vocab *grid_vocab_find(const char *name);

/*
 * The canonical value for text (a canonical value itself, matched without
 * regard to ASCII case, or a label: Chinese, or for yes_no also yes, true,
 * y, no, false, n in any case; for relation also the finer words clerks
 * type, 长子, 岳母, ..., and the two-digit codes of GB/T 4761-2008, 02,
 * 20, ...), or NULL when not in the vocabulary.  Borrowed, static.
 */
const char *grid_vocab_lookup(const struct grid_vocab *vocab,
    const char *text);

/*
 * The canonical values, comma-separated ("registered, floating,
 * overseas"), for messages.  Borrowed, static.
 */
const char *grid_vocab_values(const struct grid_vocab *vocab);

/*
 * What a person may type, for messages: each canonical value after its
 * Chinese label, comma-separated, then what else is accepted ("户主
 * (head), 配偶 (spouse), ..., 其他 (other), or a GB/T 4761 two-digit
 * code such as 02 or 20"), written into out (size n; cut after the last
 * whole choice that fits).  Returns out.
 */
const char *grid_vocab_choices(const struct grid_vocab *vocab, char *out,
    size_t n);

/* The i-th canonical value, NULL past the end.  Borrowed, static. */
const char *grid_vocab_value(const struct grid_vocab *vocab, size_t i);

/* The Chinese label of a canonical value, or NULL.  Borrowed, static. */
const char *grid_vocab_label(const struct grid_vocab *vocab,
    const char *value);

#endif
