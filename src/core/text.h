/* text.h: checks and renderings of people's text: control characters in free text, cats'
 * names (NFC, trimmed, no invisible or direction characters) and the key they are compared
 * by (NFKC_Casefold), and an escaped form of any text that is safe to print on a terminal.
 * Unicode tables come from utf8proc. */
#ifndef SCOOT_TEXT_H
#define SCOOT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "scoot/buf.h"

/* Checks free text (a note, a place, a medicine's name): valid UTF-8 holding no control
 * character but tab and line feed (no other C0, no DEL, no C1 U+0080..U+009F). 1 when good;
 * else 0, with why (n bytes, may be NULL) saying what and where: "holds the control character
 * U+001B (escape) at character 4; text may hold tabs and line breaks, no other control
 * characters". */
int scoot__text_ok(const char *s, char *why, size_t n);
/* 1 when s is valid UTF-8; else 0, with *bad (may be NULL) the first bad byte, from 1. */
int scoot__utf8_ok(const char *s, size_t *bad);

/* Normalises a cat's name: NFC, Unicode white space trimmed at both ends. Refuses (0, with why)
 * invalid UTF-8, a name empty after trimming, and any control, format, line or paragraph
 * separator character (Cc, Cf, Zl, Zp: zero-width spaces, direction marks and overrides,
 * soft hyphens, ...) but a zero-width joiner between two visible characters (emoji sequences
 * such as a black cat), and code points Unicode has not assigned. On success returns 1 and *out
 * is the name (caller frees with scoot_free); on out of memory returns -1. */
int scoot__name_normalize(const char *name, char **out, char *why, size_t n, int *reason);

/* The key names are compared by: NFKC_Casefold of name ("Mïmì", "MÏMÌ" and "Mi\u0308mi\u0300"
 * have one key; default-ignorable characters are dropped). Caller frees with scoot_free; NULL
 * on out of memory or invalid UTF-8. */
char *scoot__name_key(const char *name);

/* How scoot__text_escape shows what it escapes. */
enum {
    SCOOT__ESC_LINE,  /* one line: every control character escaped */
    SCOOT__ESC_LINES, /* several lines: line feeds and tabs stay */
    SCOOT__ESC_JSON   /* JSON text (whose C0 controls are escaped already): \uNNNN only */
};

/* Appends s to out with every character that could act on a terminal shown instead: C0
 * controls, DEL and invalid bytes as \xNN, C1 controls, bidirectional controls and the line and
 * paragraph separators as \uNNNN (in SCOOT__ESC_JSON all as \uNNNN, which JSON reads back as
 * the same text). SCOOT_OK or the buffer's error. */
int scoot__text_escape(scoot_buf *out, const char *s, int mode);

/* A stable 64-bit hash (FNV-1a) of the texts parts[0..n-1] taken as a list ("ab","c" and
 * "a","bc" differ; NULL counts as ""): for ids that must stay the same from run to run. */
uint64_t scoot__hash_texts(const char *const *parts, int n);

#endif
