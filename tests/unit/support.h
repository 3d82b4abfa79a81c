/* support.h: helpers shared by the unit tests (cmocka is included by each test). */
#ifndef SCOOT_TEST_SUPPORT_H
#define SCOOT_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "scoot/scoot.h"

/* Reads a file below the source tree (path relative to it) into a NUL-terminated string;
 * fails the test if it cannot. Caller frees with scoot_free. */
char *t_read(const char *relpath, size_t *len);

/* Loads a KB from text (asserting success). */
scoot_kb *t_kb(const char *text);
/* Loads tests/data/mini.kb / the built-in KB (asserting success). */
scoot_kb *t_mini_kb(void);
/* tests/data/wide.kb: wide expressions, evidence across 64-line words, long ids */
scoot_kb *t_wide_kb(void);
scoot_kb *t_default_kb(void);

#endif
