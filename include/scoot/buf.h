/* buf.h: the growable, size-capped, always NUL-terminated text buffer used for all output. */
#ifndef SCOOT_BUF_H
#define SCOOT_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "scoot/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct scoot_buf {
    char *data;   /* always NUL-terminated once anything was appended ("" before) */
    size_t len;   /* bytes used, excluding the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* the most len may grow to; 0 means SCOOT_BUF_DEFAULT_CAP */
    scoot_why why; /* as an error buffer: the first error recorded with scoot_err */
} scoot_buf;

#define SCOOT_BUF_DEFAULT_CAP ((size_t)64 << 20)

/* Initialises b empty with the given cap (0 = default). Allocates nothing. */
void scoot_buf_init(scoot_buf *b, size_t cap);
/* Frees b's storage and leaves it empty and reusable. */
void scoot_buf_free(scoot_buf *b);
/* Empties b, keeping its storage. */
void scoot_buf_reset(scoot_buf *b);
/* Cuts b back to its first len bytes (nothing when it holds no more). */
void scoot_buf_truncate(scoot_buf *b, size_t len);
/* Returns b's text (borrowed, valid until the next change of b); "" when empty. */
const char *scoot_buf_str(const scoot_buf *b);
/* Appends; on SCOOT_ENOMEM or SCOOT_ETOOBIG b is unchanged. */
int scoot_buf_add(scoot_buf *b, const void *data, size_t len);
int scoot_buf_adds(scoot_buf *b, const char *s);
int scoot_buf_addc(scoot_buf *b, char c);
int scoot_buf_printf(scoot_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int scoot_buf_vprintf(scoot_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Makes room for extra more bytes without changing the contents (SCOOT_ETOOBIG past the cap). */
int scoot_buf_reserve(scoot_buf *b, size_t extra);
/* Appends text word-wrapped at width columns: the first line continues from column col, the
 * following ones start with indent spaces. No newline at the end. */
int scoot_buf_wrap(scoot_buf *b, const char *text, int width, int col, int indent);
/* Appends s as a JSON string literal, quotes included. */
int scoot_buf_add_json_str(scoot_buf *b, const char *s);
/*
 * Records an error in the error buffer err (NULL: nothing): appends "FIELD: message\n" (just
 * "message\n" when field is NULL) and, when it is the first error recorded in err, keeps code,
 * reason and field in err->why. Returns code, so that `return scoot_err(...)` reads well.
 */
int scoot_err(scoot_buf *err, int code, int reason, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same, with the numbers the reason speaks of (nums: which of value, min, max are set). */
int scoot_err_num(scoot_buf *err, int code, int reason, const char *field, unsigned nums,
                  double value, double min, double max, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* Records only the structure (the message was written otherwise); first error wins. */
void scoot_err_why(scoot_buf *err, int code, int reason, const char *field);
/* Gives the recorded error its text argument (err->why.arg), if its reason is reason and it
 * has none yet. */
void scoot_err_arg(scoot_buf *err, int reason, const char *arg);

/* Takes b's text: caller frees with scoot_free; b becomes empty. NULL if b is empty. */
char *scoot_buf_detach(scoot_buf *b);

#ifdef __cplusplus
}
#endif
#endif
