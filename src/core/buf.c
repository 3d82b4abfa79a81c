/* buf.c: the growable, size-capped text buffer. */
#include "setup.h"

#include <stdio.h>

#include "scoot/alloc.h"
#include "scoot/buf.h"
#include "scoot/error.h"

/* The buffer's invariant: no storage and nothing in it, or len bytes then a NUL in alloc. */
#define BUF_OK(b) \
    ((!(b)->data && !(b)->len && !(b)->alloc) || ((b)->len < (b)->alloc && !(b)->data[(b)->len]))

/* No error recorded: the code says so (and the reason, for readers that look at it alone);
 * the rest is cleared when an error is recorded (scoot_err_why), not at every reset, which
 * the output buffers of every request go through. */
#define WHY_CLEAR(b) ((b)->why.code = 0, (b)->why.reason = SCOOT_R_NONE)

void scoot_buf_init(scoot_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : SCOOT_BUF_DEFAULT_CAP;
    WHY_CLEAR(b);
}

void scoot_buf_free(scoot_buf *b)
{
    scoot_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    WHY_CLEAR(b);
}

void scoot_buf_reset(scoot_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    WHY_CLEAR(b);
}

void scoot_buf_truncate(scoot_buf *b, size_t len)
{
    assert(BUF_OK(b));
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

const char *scoot_buf_str(const scoot_buf *b)
{
    return b->data ? b->data : "";
}

/* Makes room for extra more bytes plus the NUL. */
static int buf_reserve(scoot_buf *b, size_t extra)
{
    assert(BUF_OK(b));
    size_t cap = b->cap ? b->cap : SCOOT_BUF_DEFAULT_CAP;
    if (extra > cap || b->len > cap - extra)
        return SCOOT_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return SCOOT_OK;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    char *p = scoot_realloc(b->data, n);
    if (!p)
        return SCOOT_ENOMEM;
    p[b->len] = '\0'; /* (a first allocation: the invariant holds after a reserve alone) */
    b->data = p;
    b->alloc = n;
    return SCOOT_OK;
}

int scoot_buf_reserve(scoot_buf *b, size_t extra)
{
    return buf_reserve(b, extra);
}

int scoot_buf_add(scoot_buf *b, const void *data, size_t len)
{
    int rc = buf_reserve(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SCOOT_OK;
}

int scoot_buf_adds(scoot_buf *b, const char *s)
{
    return scoot_buf_add(b, s, strlen(s));
}

int scoot_buf_addc(scoot_buf *b, char c)
{
    return scoot_buf_add(b, &c, 1);
}

int scoot_buf_vprintf(scoot_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return SCOOT_EINVAL;
    if ((size_t)n < sizeof small)
        return scoot_buf_add(b, small, (size_t)n);
    int rc = buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SCOOT_OK;
}

int scoot_buf_printf(scoot_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = scoot_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

/* The length of the well-formed UTF-8 sequence at p (2 to 4; no overlong form, no surrogate,
 * nothing above U+10FFFF), or 0. */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
        (c == 0xf4 && p[1] > 0x8f))
        return 0;
    return n;
}

int scoot_buf_add_json_str(scoot_buf *b, const char *s)
{
    size_t start = b->len;
    int rc = scoot_buf_addc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (!rc && *p) {
        const unsigned char *run = p;
        for (int n; *p >= 0x20 && *p != '"' && *p != '\\';)
            if (*p < 0x80)
                p++;
            else if ((n = utf8_len(p)) != 0)
                p += n;
            else
                break;
        if (p > run)
            rc = scoot_buf_add(b, run, (size_t)(p - run));
        if (rc || !*p)
            break;
        char esc[8];
        if (*p >= 0x80) { /* not UTF-8 (a raw Host header, say): U+FFFD keeps the JSON valid */
            rc = scoot_buf_add(b, "\xef\xbf\xbd", 3);
            p++;
            continue;
        }
        switch (*p) {
        case '"': rc = scoot_buf_add(b, "\\\"", 2); break;
        case '\\': rc = scoot_buf_add(b, "\\\\", 2); break;
        case '\n': rc = scoot_buf_add(b, "\\n", 2); break;
        case '\t': rc = scoot_buf_add(b, "\\t", 2); break;
        case '\r': rc = scoot_buf_add(b, "\\r", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            rc = scoot_buf_add(b, esc, 6);
            break;
        }
        p++;
    }
    if (!rc)
        rc = scoot_buf_addc(b, '"');
    if (rc) { /* a failed append leaves the buffer as it was */
        b->len = start;
        if (b->data)
            b->data[start] = '\0';
    }
    return rc;
}

char *scoot_buf_detach(scoot_buf *b)
{
    char *p = b->data;
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    return p;
}

int scoot_buf_wrap(scoot_buf *b, const char *text, int width, int col, int indent)
{
    int rc = SCOOT_OK, first = 1;
    const char *s = text;
    while (*s && !rc) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        int n = (int)(e - s);
        if (!n)
            break;
        if (!first && col + 1 + n > width) {
            rc = scoot_buf_printf(b, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            rc = scoot_buf_addc(b, ' ');
            col++;
        }
        first = 0;
        if (!rc)
            rc = scoot_buf_add(b, s, (size_t)n);
        col += n;
        s = e;
    }
    return rc;
}

/* ---- errors ---- */

void scoot_err_why(scoot_buf *err, int code, int reason, const char *field)
{
    if (!err || err->why.code)
        return;
    memset(&err->why, 0, sizeof err->why);
    err->why.code = code;
    err->why.reason = reason;
    if (field)
        snprintf(err->why.field, sizeof err->why.field, "%s", field);
}

int scoot_err_json(scoot_buf *err, const char *name, int line, int col, const char *what)
{
    if (!err)
        return SCOOT_ECASE;
    if (!err->why.code) {
        scoot_err_why(err, SCOOT_ECASE, SCOOT_R_MALFORMED_JSON, NULL);
        err->why.line = line;
        err->why.col = col;
        snprintf(err->why.arg, sizeof err->why.arg, "%s", what);
    }
    scoot_buf_printf(err, "%s:%d:%d: not valid JSON: %s\n", name, line, col, what);
    return SCOOT_ECASE;
}

void scoot_err_arg(scoot_buf *err, int reason, const char *arg)
{
    if (err && err->why.code && err->why.reason == reason && !err->why.arg[0] && arg)
        snprintf(err->why.arg, sizeof err->why.arg, "%s", arg);
}

static int err_v(scoot_buf *err, int code, int reason, const char *field, const char *fmt,
                 va_list ap) __attribute__((format(printf, 5, 0)));

static int err_v(scoot_buf *err, int code, int reason, const char *field, const char *fmt,
                 va_list ap)
{
    if (!err)
        return code;
    scoot_err_why(err, code, reason, field);
    if (field)
        scoot_buf_printf(err, "%s: ", field);
    scoot_buf_vprintf(err, fmt, ap);
    scoot_buf_addc(err, '\n');
    return code;
}

int scoot_err(scoot_buf *err, int code, int reason, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_v(err, code, reason, field, fmt, ap);
    va_end(ap);
    return code;
}

int scoot_err_num(scoot_buf *err, int code, int reason, const char *field, unsigned nums,
                  double value, double min, double max, const char *fmt, ...)
{
    int first = err && !err->why.code;
    va_list ap;
    va_start(ap, fmt);
    err_v(err, code, reason, field, fmt, ap);
    va_end(ap);
    if (first) {
        err->why.nums = nums;
        err->why.value = value;
        err->why.min = min;
        err->why.max = max;
    }
    return code;
}
