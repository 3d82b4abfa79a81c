/* setup.h: feature macros and common includes; the first include of every scoot .c file. */
#ifndef SCOOT_SETUP_H
#define SCOOT_SETUP_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SCOOT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A broken invariant is a bug: report it and abort. */
#define SCOOT_BUG(msg) scoot__bug(__FILE__, __LINE__, (msg))
void scoot__bug(const char *file, int line, const char *msg) __attribute__((noreturn));

#endif
