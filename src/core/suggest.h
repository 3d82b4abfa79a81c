/* suggest.h: "did you mean ...?": the name of a list closest to a misspelt word. */
#ifndef SCOOT_SUGGEST_H
#define SCOOT_SUGGEST_H

#include <stddef.h>

/* The Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbouring characters, each 1) between a and b, ASCII
 * letters compared without case; texts over 64 bytes count as far (SIZE_MAX). */
size_t scoot__edit_distance(const char *a, const char *b);

/* The name among names[0..n) closest to word (borrowed from names), when it is at most 2
 * edits away and fewer edits than word has characters ("x" suggests nothing); the first of
 * equally close ones. NULL when none is that close, or when word is one of them. */
const char *scoot__closest_name(const char *word, const char *const *names, size_t n);

#endif
