/* request.c: a request's start (its head checked) and the helpers handlers answer with: JSON
 * errors, the mapping of scoot's error codes to HTTP statuses, the body as JSON, the query. */
#include "../core/setup.h"

#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "metrics.h"
#include "../core/alloc_int.h"
#include "request.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"
#include "server_int.h"

int scoot__req_init(scoot__req *q, scoot_server *srv, const char *target, size_t n)
{
    memset(q, 0, sizeof *q);
    n = strnlen(target, n); /* (a transport's target is a C string) */
    /* raw, then its path decoded, then its query decoded: each no longer than raw */
    char *raw = scoot_malloc(3 * n + 3);
    if (!raw)
        return SCOOT_ENOMEM;
    memcpy(raw, target, n);
    raw[n] = '\0';
    q->srv = srv;
    q->raw = raw;
    q->raw_path = strcspn(raw, "?#");
    q->url = raw + n + 1;
    q->url[0] = '\0';
    q->query_text = q->url + n + 1;
    const char *qm = strchr(raw, '?');
    if (qm)
        memcpy(q->query_text, qm + 1, strlen(qm + 1) + 1);
    else
        q->query_text[0] = '\0';
    q->route = -1; /* SCOOT__ROUTE_UNKNOWN until routed */
    scoot_buf_init(&q->body, SCOOT__MAX_BODY);
    scoot_buf_init(&q->out, 0);
    return SCOOT_OK;
}

int scoot__too_large(scoot__req *q)
{
    /* (a copy of the journal is the one body an owner sends whole: it is said in its words) */
    if (q->url && !strcmp(q->url, "/api/v1/import"))
        return scoot__error(q, 413, "too_large", NULL,
                            "the copy of the journal is larger than %d MiB, more than the web app takes: "
                            "restore it with scoot import",
                            SCOOT__MAX_BODY >> 20);
    return scoot__error(q, 413, "too_large", NULL, "the body is larger than %d bytes", SCOOT__MAX_BODY);
}

void scoot__req_free(scoot__req *q)
{
    scoot_buf_free(&q->body);
    scoot_buf_free(&q->out);
    scoot_free(q->allow);
    scoot_free(q->disposition);
    scoot_free(q->raw);
    q->allow = NULL;
    q->disposition = NULL;
    q->raw = NULL;
}

/* The server's own offset from UTC now, in minutes. */
static int own_offset(void)
{
    time_t t = (time_t)scoot_time_now();
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

int scoot__req_start(scoot__req *q, const char *version, const scoot__head *h, const scoot__hosts *hosts)
{
    const char *bad = scoot__path_decode(q->raw, q->raw_path, q->url, q->raw_path + 1);
    if (bad) {
        q->close = 1; /* (the body is not read) */
        memcpy(q->url, q->raw, q->raw_path);
        q->url[q->raw_path] = '\0';
        return scoot__error(q, 400, "bad_url", NULL, "the path %.200s has %s", q->url, bad);
    }
    q->req_type = h->type;
    /* An answer before the body is read closes the connection: the rest of the request must
     * not be taken for the next one. */
    q->close = h->te || scoot__content_length(h->length) > 0;
    if ((bad = scoot__text_problem(q->url, strlen(q->url))) != NULL)
        return scoot__error(q, 400, "bad_url", NULL, "the path %.200s has %s once decoded", q->raw, bad);
    if (h->bad)
        return scoot__error(q, 400, "bad_request", h->bad, "the %s header has %s", h->bad, h->bad_why);
    /* Two lengths, or a length beside a transfer coding, are read one way here and another way
     * by a proxy in front: the body could then carry a second, hidden request. */
    if (h->n_length > 1 || h->n_te > 1 || h->n_type > 1) {
        const char *which = h->n_length > 1 ? "Content-Length" : h->n_te > 1 ? "Transfer-Encoding" : "Content-Type";
        return scoot__error(q, 400, "bad_request", which, "the request has more than one %s header", which);
    }
    if (h->te && h->length)
        return scoot__error(q, 400, "bad_request", "Transfer-Encoding",
                            "the request has both Content-Length and Transfer-Encoding");
    if (h->te && !scoot__is_token(h->te, "chunked"))
        return scoot__error(q, 501, "not_implemented", "Transfer-Encoding",
                            "Transfer-Encoding \"%.40s\" is not supported: send Content-Length, or "
                            "Transfer-Encoding: chunked",
                            h->te);
    if (h->length && scoot__content_length(h->length) == LLONG_MAX)
        return scoot__error(q, 400, "bad_request", "Content-Length",
                            "the Content-Length header is not a number of bytes");
    const char *why;
    int hs = scoot__host_status(h, version && !strcmp(version, "HTTP/1.0"), hosts, &why);
    if (hs)
        return scoot__error(q, hs, hs == 421 ? "misdirected" : "bad_request", hs == 421 ? NULL : "Host", "%s",
                            why);
    char msg[256];
    const char *field;
    if (scoot__params_parse(q->query_text, &q->query, msg, sizeof msg, &field))
        return scoot__error(q, 400, "bad_request", field, "%s", msg);
    /* the client's own days ("today", what is due) where it is not in the server's zone */
    if (h->n_offset > 1)
        return scoot__error(q, 400, "bad_request", "Scoot-UTC-Offset",
                            "the request has more than one Scoot-UTC-Offset header");
    if (h->offset && !(q->has_offset = scoot__utc_offset_parse(h->offset, &q->offset_min)))
        return scoot__error(q, 400, "bad_request", "Scoot-UTC-Offset",
                            "the Scoot-UTC-Offset header is \"%.40s\", not an offset from -14:00 to "
                            "+14:00 such as +01:00",
                            h->offset);
    /* a client at the server's own offset is taken to be in its zone, whose rules know the
     * offset of every date (summer time); a fixed offset only knows today's */
    if (q->has_offset && q->offset_min == own_offset())
        q->has_offset = 0;
    /* a body that says it is too big is refused before it is read (and before any "100
     * Continue") */
    if (scoot__content_length(h->length) > SCOOT__MAX_BODY)
        return scoot__too_large(q);
    scoot_buf_reserve(&q->body, 1024); /* most bodies fit in one allocation */
    q->close = 0;
    return 0;
}

/* ---- answers ---- */

/* The error reply: {"error": {"code", "message", "field", "reason", "params"}}; reason and
 * params come from w (the account the library made where the error arose), null without one. */
static int error_reply(scoot__req *q, int status, const char *code, const char *field,
                       const scoot_why *w, const char *msg)
{
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        n--;
    scoot_buf_reset(&q->out);
    scoot_buf_adds(&q->out, "{\"error\":{\"code\":");
    scoot_buf_add_json_str(&q->out, code);
    scoot_buf_adds(&q->out, ",\"message\":");
    char *m = scoot_strndup(msg, n);
    scoot_buf_add_json_str(&q->out, m ? m : "out of memory");
    scoot_free(m);
    scoot_buf_adds(&q->out, ",\"field\":");
    if (field)
        scoot_buf_add_json_str(&q->out, field);
    else
        scoot_buf_adds(&q->out, "null");
    const char *reason = w ? scoot_reason_id(w->reason) : "";
    scoot_buf_adds(&q->out, ",\"reason\":");
    if (*reason)
        scoot_buf_add_json_str(&q->out, reason);
    else
        scoot_buf_adds(&q->out, "null");
    if (*reason) {
        int any = 0;
        scoot_buf_adds(&q->out, ",\"params\":{");
        static const struct {
            unsigned bit;
            const char *key;
            size_t off;
        } nums[] = {{SCOOT_WHY_VALUE, "value", offsetof(scoot_why, value)},
                    {SCOOT_WHY_MIN, "min", offsetof(scoot_why, min)},
                    {SCOOT_WHY_MAX, "max", offsetof(scoot_why, max)}};
        for (size_t i = 0; i < SCOOT_ARRAY_LEN(nums); i++)
            if (w->nums & nums[i].bit) {
                double d;
                memcpy(&d, (const char *)w + nums[i].off, sizeof d);
                scoot_buf_printf(&q->out, "%s\"%s\":%.15g", any++ ? "," : "", nums[i].key, d);
            }
        if (w->line)
            scoot_buf_printf(&q->out, "%s\"line\":%d,\"column\":%d", any++ ? "," : "", w->line,
                             w->col);
        if (w->arg[0]) {
            scoot_buf_printf(&q->out, "%s\"name\":", any++ ? "," : "");
            scoot_buf_add_json_str(&q->out, w->arg);
        }
        scoot_buf_adds(&q->out, "}");
    }
    scoot_buf_adds(&q->out, "}}");
    q->content_type = "application/json";
    return status;
}

/* The error reply with the message made from fmt. */
static int error_v(scoot__req *q, int status, const char *code, const char *field,
                   const scoot_why *w, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

static int error_v(scoot__req *q, int status, const char *code, const char *field,
                   const scoot_why *w, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return error_reply(q, status, code, field, w, msg);
}

int scoot__error(scoot__req *q, int status, const char *code, const char *field, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = error_v(q, status, code, field, NULL, fmt, ap);
    va_end(ap);
    return st;
}

int scoot__error_why(scoot__req *q, int status, const char *code, int reason, const char *field,
                     const char *fmt, ...)
{
    scoot_why w;
    memset(&w, 0, sizeof w);
    w.code = SCOOT_ECASE;
    w.reason = reason;
    va_list ap;
    va_start(ap, fmt);
    int st = error_v(q, status, code, field, &w, fmt, ap);
    va_end(ap);
    return st;
}

int scoot__error_w(scoot__req *q, int status, const char *code, const char *field,
                   const scoot_why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int st = error_v(q, status, code, field, w, fmt, ap);
    va_end(ap);
    return st;
}

/* The account of a body that is not valid JSON: line and column, jansson's words. */
static void json_why(scoot_why *w, const json_error_t *je)
{
    memset(w, 0, sizeof *w);
    w->code = SCOOT_ECASE;
    w->reason = SCOOT_R_MALFORMED_JSON;
    w->line = je->line;
    w->col = je->column;
    snprintf(w->arg, sizeof w->arg, "%s", je->text);
}

int scoot__http_status(int rc)
{
    switch (rc) {
    case SCOOT_OK: return 200;
    case SCOOT_ECASE:
    case SCOOT_ERANGE:
    case SCOOT_ETYPE:
    case SCOOT_ESYNTAX:
    case SCOOT_EUNKNOWN:
    case SCOOT_EINVAL: return 422;
    case SCOOT_ENOENT: return 404;
    case SCOOT_EEXIST: return 409;
    case SCOOT_ETOOBIG: return 413;
    case SCOOT_EIO:
    case SCOOT_EDAMAGED: return 503;
    default: return 500;
    }
}

int scoot__error_from(scoot__req *q, int rc, const scoot_buf *err)
{
    static const struct {
        int status;
        const char *code;
    } codes[] = {{422, "invalid"},   {404, "not_found"},   {409, "conflict"},
                 {413, "too_large"}, {503, "unavailable"}, {500, "internal"}};
    int status = scoot__http_status(rc);
    const char *code = "internal";
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(codes); i++)
        if (codes[i].status == status)
            code = codes[i].code;
    if (status >= 500 && q->srv)
        scoot__metrics_db_error(&q->srv->metrics);
    /* the first line of the message; the field and reason as the library recorded them */
    char first[1024];
    const char *s = err && err->len ? err->data : scoot_strerror(rc);
    snprintf(first, sizeof first, "%.*s", (int)strcspn(s, "\n"), s);
    const char *msg = first;
    if (!strncmp(msg, "request: ", 9))
        msg += 9;
    const scoot_why *w = err && err->why.code ? &err->why : NULL;
    /* "event.data.score" -> "data.score", "cat.sex" -> "sex"; "cat" (the whole body) -> none */
    const char *f = w ? w->field : "";
    if (!strncmp(f, "event.", 6))
        f += 6;
    else if (!strncmp(f, "cat.", 4))
        f += 4;
    else if (!strcmp(f, "event") || !strcmp(f, "cat"))
        f = "";
    return error_reply(q, status, code, *f ? f : NULL, w, msg);
}

json_t *scoot__body_json(scoot__req *q, int *status)
{
    if (!q->body.len) {
        *status = scoot__error(q, 400, "malformed_json", NULL, "the request needs a JSON body");
        return NULL;
    }
    json_error_t je;
    unsigned long failed = scoot__alloc_failures();
    json_t *v = json_loadb(q->body.data, q->body.len, JSON_REJECT_DUPLICATES, &je);
    /* (jansson reports running out of memory as a syntax error, or says nothing) */
    if (!v && scoot__alloc_failures() != failed) {
        *status = scoot__error(q, 500, "internal", NULL, "out of memory");
    } else if (!v) {
        scoot_why w;
        json_why(&w, &je);
        *status = scoot__error_w(q, 400, "malformed_json", NULL, &w, "not valid JSON at line %d, column %d: %s",
                                 je.line, je.column, je.text);
    }
    return v;
}

const char *scoot__query(const scoot__req *q, const char *key)
{
    return scoot__params_get(&q->query, key);
}
