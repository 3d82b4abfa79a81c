/* server.c: the HTTP server: routing, request bodies, JSON errors, security headers,
 * metrics, access log, static files and graceful shutdown. The API handlers are in api.c. */
#include "../core/setup.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "api_int.h"
#include "conns.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"
#include "server.h"

/* ---- routes ---- */

const scoot__route scoot__routes[] = {
    {"GET", "/healthz", scoot__h_healthz},
    {"GET", "/metrics", scoot__h_metrics},
    {"GET", "/api/v1/kb", scoot__h_kb},
    {"POST", "/api/v1/assess", scoot__h_assess},
    {"GET", "/api/v1/cats", scoot__h_cats_list},
    {"POST", "/api/v1/cats", scoot__h_cats_add},
    {"GET", "/api/v1/cats/{name}", scoot__h_cat_get},
    {"PATCH", "/api/v1/cats/{name}", scoot__h_cat_edit},
    {"DELETE", "/api/v1/cats/{name}", scoot__h_cat_delete},
    {"GET", "/api/v1/cats/{name}/events", scoot__h_events_list},
    {"POST", "/api/v1/cats/{name}/events", scoot__h_events_add},
    {"GET", "/api/v1/events/{id}", scoot__h_event_get},
    {"PATCH", "/api/v1/events/{id}", scoot__h_event_edit},
    {"DELETE", "/api/v1/events/{id}", scoot__h_event_delete},
    {"GET", "/api/v1/cats/{name}/history", scoot__h_history},
    {"POST", "/api/v1/cats/{name}/assess", scoot__h_cat_assess},
    {"GET", "/api/v1/cats/{name}/assessments", scoot__h_assessments},
    {"GET", "/api/v1/cats/{name}/summary", scoot__h_summary},
    {"GET", "/api/v1/due", scoot__h_due},
    {"POST", "/api/v1/cats/{name}/done", scoot__h_done},
};
const int scoot__n_routes = (int)SCOOT_ARRAY_LEN(scoot__routes);

void scoot_server_print_routes(FILE *f)
{
    for (int i = 0; i < scoot__n_routes; i++)
        fprintf(f, "%s %s\n", scoot__routes[i].method, scoot__routes[i].path);
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One byte of a raw (still percent-encoded) path: *n is 3 for a %XX escape, 1 for a plain byte;
 * -1 for a % not followed by two hex digits. */
static int path_byte(const char *s, int *n)
{
    if (*s != '%') {
        *n = 1;
        return (unsigned char)*s;
    }
    int h = hex_digit(s[1]), l = h < 0 ? -1 : hex_digit(s[2]);
    if (l < 0)
        return -1;
    *n = 3;
    return h << 4 | l;
}

/* Decodes the raw path of n bytes into out (cap bytes). Each byte is decoded once: "%2541" is
 * "%41", not "A". NULL when done, else what is wrong with the path. */
static const char *decode_path(const char *raw, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int k, b = path_byte(raw + i, &k);
        if (b < 0)
            return "a '%' that is not followed by two hex digits";
        if (b == 0)
            return "an encoded NUL byte (%00)";
        if (o + 1 >= cap)
            return "more bytes than the server takes";
        out[o++] = (char)b;
        i += (size_t)k;
    }
    out[o] = '\0';
    return NULL;
}

/* What is wrong with a decoded path as text (the names in it are UTF-8): NULL when nothing. */
static const char *text_problem(const char *s, size_t n);
static const char *path_problem(const char *path)
{
    return text_problem(path, strlen(path));
}

/* Matches the raw path (n bytes, still percent-encoded) against a pattern; fills params (one
 * {...} segment each, decoded once). A '/' of the pattern matches only a real '/', never an
 * encoded %2F, so a cat named "a/b" is one segment. */
static int match(const char *pattern, const char *raw, size_t n, char params[2][256], int *np)
{
    *np = 0;
    const char *p = pattern, *u = raw, *e = raw + n;
    while (*p && u < e) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *ue = memchr(u, '/', (size_t)(e - u));
            if (!ue)
                ue = e;
            if (ue == u || *np == 2 || decode_path(u, (size_t)(ue - u), params[*np], sizeof params[0]))
                return 0;
            (*np)++;
            p = pe + 1;
            u = ue;
            continue;
        }
        int k, b = path_byte(u, &k);
        if (b != (unsigned char)*p || (*p == '/' && k != 1))
            return 0;
        p++;
        u += k;
    }
    return !*p && u == e;
}

/* The method a route of method rm answers: its own, and HEAD where it answers GET. */
static int method_ok(const char *rm, const char *method)
{
    return !strcmp(rm, method) || (!strcmp(method, "HEAD") && !strcmp(rm, "GET"));
}

/* ---- metrics ---- */

static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
#define N_BUCKETS ((int)SCOOT_ARRAY_LEN(bucket_le))
static const int statuses[] = {200, 201, 204, 400, 404, 405, 408, 409, 413, 415, 421, 422, 500, 501, 503};
#define N_STATUS ((int)SCOOT_ARRAY_LEN(statuses))

static struct {
    unsigned long requests[SCOOT_ARRAY_LEN(scoot__routes) + 2][N_STATUS + 1];
    unsigned long buckets[N_BUCKETS + 1];
    unsigned long latency_ns; /* sum */
    unsigned long assessments, db_errors;
} metrics;

void scoot__metric_assessment(void)
{
    __atomic_add_fetch(&metrics.assessments, 1, __ATOMIC_RELAXED);
}

void scoot__metric_db_error(void)
{
    __atomic_add_fetch(&metrics.db_errors, 1, __ATOMIC_RELAXED);
}

unsigned long scoot__metric_db_errors(void)
{
    return __atomic_load_n(&metrics.db_errors, __ATOMIC_RELAXED);
}

static void record(int route, int status, double secs)
{
    int s;
    for (s = 0; s < N_STATUS && statuses[s] != status; s++)
        ;
    __atomic_add_fetch(&metrics.requests[route][s], 1, __ATOMIC_RELAXED);
    int b;
    for (b = 0; b < N_BUCKETS && secs > bucket_le[b]; b++)
        ;
    __atomic_add_fetch(&metrics.buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&metrics.latency_ns, (unsigned long)(secs * 1e9), __ATOMIC_RELAXED);
}

/* route index for metrics: the route, n_routes for static files, n_routes+1 for unknown */
static const char *route_label(int r)
{
    return r < scoot__n_routes ? scoot__routes[r].path : r == scoot__n_routes ? "static" : "unknown";
}

int scoot__h_metrics(scoot__req *q)
{
    scoot_buf *o = &q->out;
    scoot_buf_adds(o, "# HELP scoot_http_requests_total HTTP requests by route and status.\n"
                      "# TYPE scoot_http_requests_total counter\n");
    for (int r = 0; r < scoot__n_routes + 2; r++)
        for (int s = 0; s <= N_STATUS; s++) {
            unsigned long n = __atomic_load_n(&metrics.requests[r][s], __ATOMIC_RELAXED);
            if (!n)
                continue;
            const char *m = r < scoot__n_routes ? scoot__routes[r].method : "any";
            if (s < N_STATUS)
                scoot_buf_printf(o, "scoot_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %lu\n",
                                 m, route_label(r), statuses[s], n);
            else
                scoot_buf_printf(o, "scoot_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %lu\n",
                                 m, route_label(r), n);
        }
    scoot_buf_adds(o, "# HELP scoot_http_request_duration_seconds Time to answer a request.\n"
                      "# TYPE scoot_http_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (int b = 0; b <= N_BUCKETS; b++) {
        cum += __atomic_load_n(&metrics.buckets[b], __ATOMIC_RELAXED);
        if (b < N_BUCKETS)
            scoot_buf_printf(o, "scoot_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
                             bucket_le[b], cum);
        else
            scoot_buf_printf(o, "scoot_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    }
    double sum = (double)__atomic_load_n(&metrics.latency_ns, __ATOMIC_RELAXED) * 1e-9;
    scoot_buf_printf(o, "scoot_http_request_duration_seconds_sum %.6f\n"
                        "scoot_http_request_duration_seconds_count %lu\n",
                     sum, cum);
    scoot_buf_printf(o, "# HELP scoot_assessments_total Assessments made.\n"
                        "# TYPE scoot_assessments_total counter\n"
                        "scoot_assessments_total %lu\n"
                        "# HELP scoot_db_errors_total Database errors.\n"
                        "# TYPE scoot_db_errors_total counter\n"
                        "scoot_db_errors_total %lu\n",
                     __atomic_load_n(&metrics.assessments, __ATOMIC_RELAXED),
                     __atomic_load_n(&metrics.db_errors, __ATOMIC_RELAXED));
    scoot__conns_stats cs;
    scoot__conns_get_stats(&cs);
    scoot_buf_printf(o, "# HELP scoot_http_connections_open Connections open now.\n"
                        "# TYPE scoot_http_connections_open gauge\n"
                        "scoot_http_connections_open %lu\n"
                        "# HELP scoot_http_connections_refused_total Connections answered 503 and closed "
                        "at once because too many were open.\n"
                        "# TYPE scoot_http_connections_refused_total counter\n"
                        "scoot_http_connections_refused_total %lu\n"
                        "# HELP scoot_http_connections_timed_out_total Connections closed because a "
                        "request's headers, body or answer took longer than its deadline.\n"
                        "# TYPE scoot_http_connections_timed_out_total counter\n"
                        "scoot_http_connections_timed_out_total %lu\n",
                     cs.open, cs.refused, cs.timed_out);
    q->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}

/* ---- errors ---- */

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

int scoot__error(scoot__req *q, int status, const char *code, const char *field, const char *fmt,
                 ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return error_reply(q, status, code, field, NULL, msg);
}

int scoot__error_why(scoot__req *q, int status, const char *code, int reason, const char *field,
                     const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    scoot_why w;
    memset(&w, 0, sizeof w);
    w.code = SCOOT_ECASE;
    w.reason = reason;
    return error_reply(q, status, code, field, &w, msg);
}

int scoot__error_w(scoot__req *q, int status, const char *code, const char *field,
                   const scoot_why *w, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return error_reply(q, status, code, field, w, msg);
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

/* The one mapping of scoot error codes to HTTP statuses. */
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
    } codes[] = {{422, "invalid"},  {404, "not_found"}, {409, "conflict"},
                 {413, "too_large"}, {503, "unavailable"}, {500, "internal"}};
    int status = scoot__http_status(rc);
    const char *code = "internal";
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(codes); i++)
        if (codes[i].status == status)
            code = codes[i].code;
    if (status >= 500)
        scoot__metric_db_error();
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

/* ---- requests ---- */

typedef struct {
    scoot__req q;
    struct timespec start;
    char *raw;       /* the request target as sent: path and query, still percent-encoded */
    size_t raw_path; /* the bytes of raw before '?' */
    char *path;      /* raw's path decoded once (q->url; in raw's allocation, after raw) */
    int route;
    int started;     /* the first call of the handler (headers only) has been made */
    const char *content_type; /* the request's Content-Type (MHD keeps it for the request) */
    int too_large;
    size_t discarded; /* body bytes read past the cap */
    int has_offset;   /* Scoot-UTC-Offset: the client's days are UTC + offset_min */
    int offset_min;
    scoot__conn *conn; /* the guard's record of the connection (conns.c); may be NULL */
} conn_state;

static const scoot_server_config *config;
static struct MHD_Daemon *daemon_;
static volatile int in_flight;
static char listen_host[128]; /* the address of --listen */
static volatile int stopping; /* SIGINT/SIGTERM came: every answer closes its connection */

/* Databases opened by worker threads, closed at shutdown. */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static scoot_journal *dbs[256];
static int n_dbs;
static _Thread_local scoot_journal *thread_db;
static _Thread_local scoot_case *thread_case;
static _Thread_local scoot_result *thread_result;

scoot_journal *scoot__journal(scoot__req *q)
{
    if (thread_db)
        return thread_db;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    scoot_journal *j;
    int rc = scoot_journal_open(config->db, config->kb, &j, &err);
    if (rc) {
        fprintf(stderr, "scoot serve: %s", scoot_buf_str(&err));
        scoot_buf_free(&err);
        return NULL;
    }
    scoot_buf_free(&err);
    pthread_mutex_lock(&dbs_lock);
    if (n_dbs < (int)SCOOT_ARRAY_LEN(dbs))
        dbs[n_dbs++] = j;
    pthread_mutex_unlock(&dbs_lock);
    thread_db = j;
    (void)q;
    return j;
}

static scoot_case *cases[256];
static scoot_result *results[256];
static int n_engines;

int scoot__thread_engine(scoot_case **c, scoot_result **r)
{
    if (!thread_case || !thread_result) {
        if (scoot_case_new(config->kb, &thread_case))
            return SCOOT_ENOMEM;
        if (scoot_result_new(config->kb, &thread_result)) {
            scoot_case_free(thread_case);
            thread_case = NULL;
            return SCOOT_ENOMEM;
        }
        pthread_mutex_lock(&dbs_lock);
        if (n_engines < (int)SCOOT_ARRAY_LEN(cases)) {
            cases[n_engines] = thread_case;
            results[n_engines++] = thread_result;
        }
        pthread_mutex_unlock(&dbs_lock);
    }
    scoot_case_clear(thread_case);
    *c = thread_case;
    *r = thread_result;
    return SCOOT_OK;
}

const scoot_kb *scoot__kb(void)
{
    return config->kb;
}

/* 1 when a JSON text of n bytes may nest deeper than max: it has more than max [ and { (found
 * with memchr, so most bodies are ruled out without a byte-by-byte scan). */
static int may_nest_deeper(const char *s, size_t n, int max)
{
    int opens = 0;
    if (!n)
        return 0; /* s may be NULL */
    for (const char *o = "{[", *c = o; *c; c++)
        for (const char *p = s, *e = s + n; (p = memchr(p, *c, (size_t)(e - p))) != NULL; p++)
            if (++opens > max)
                return 1;
    return 0;
}

/* Deepest nesting of [ and { in a JSON text (strings skipped: a quote ends a string unless an
 * odd number of backslashes stands before it). */
static int json_depth(const char *s, size_t n)
{
    const char *p = s, *e = s + n;
    int d = 0, max = 0;
    while (p < e) {
        char c = *p++;
        if (c == '"') {
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(e - p));
                if (!q)
                    return max;
                const char *k = q;
                while (k > p && k[-1] == '\\')
                    k--;
                p = q + 1;
                if ((q - k) % 2 == 0)
                    break;
            }
        } else if (c == '[' || c == '{') {
            if (++d > max)
                max = d;
        } else if (c == ']' || c == '}')
            d--;
    }
    return max;
}

json_t *scoot__body_json(scoot__req *q, int *status)
{
    if (!q->body.len) {
        *status = scoot__error(q, 400, "malformed_json", NULL, "the request needs a JSON body");
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(q->body.data, q->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        scoot_why w;
        json_why(&w, &je);
        *status = scoot__error_w(q, 400, "malformed_json", NULL, &w,
                                 "not valid JSON at line %d, column %d: %s", je.line, je.column,
                                 je.text);
    }
    return v;
}

static enum MHD_Result send_response(struct MHD_Connection *c, conn_state *st, int status)
{
    scoot__req *q = &st->q;
    if (!scoot__conns_answering(st->conn))
        return MHD_NO; /* the guard has closed it (a deadline passed) */
    size_t len = q->out.len;
    char *body = scoot_buf_detach(&q->out);
    struct MHD_Response *r = body ? MHD_create_response_from_buffer_with_free_callback(len, body, scoot_free)
                                  : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        scoot_free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    if (status != 204)
        MHD_add_response_header(r, "Content-Type", q->content_type ? q->content_type : "application/json");
    MHD_add_response_header(r, "Cache-Control", q->cache ? q->cache : "no-store");
    if (q->allow)
        MHD_add_response_header(r, "Allow", q->allow);
    if (q->close || __atomic_load_n(&stopping, __ATOMIC_RELAXED))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    st->q.status = status;
    st->q.sent_bytes = strcmp(q->method ? q->method : "", "HEAD") ? len : 0; /* HEAD: headers only */
    return ok;
}

static const char *param(scoot__req *q, const char *key)
{
    return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *scoot__query(scoot__req *q, const char *key)
{
    return param(q, key);
}

/* Called by MHD with the request target as sent, before it decodes anything: the request's
 * state starts here (MHD hands it to the handler as *con_cls and to completed()). */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    conn_state *st = scoot_calloc(1, sizeof *st);
    size_t n = strlen(uri);
    if (!st || !(st->raw = scoot_malloc(2 * n + 2))) { /* raw, then its path decoded */
        scoot_free(st);
        return NULL;
    }
    memcpy(st->raw, uri, n + 1);
    st->path = st->raw + n + 1;
    st->raw_path = strcspn(uri, "?#");
    clock_gettime(CLOCK_MONOTONIC, &st->start);
    scoot_buf_init(&st->q.body, SCOOT__MAX_BODY);
    scoot_buf_init(&st->q.out, 0);
    st->route = scoot__n_routes + 1;
    st->conn = scoot__conns_of(c);
    scoot__conns_request_line(st->conn); /* (the handler finds out if it is closed) */
    __atomic_add_fetch(&in_flight, 1, __ATOMIC_RELAXED);
    return st;
}

/* What is wrong with the n bytes at s as text that scoot uses: NULL when they are UTF-8 with no
 * NUL and no control character but tab; else what is wrong, for an error message. */
static const char *text_problem(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned c = *p;
        if (!c)
            return "a NUL byte";
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return "a control character";
        if (c < 0x80) {
            p++;
            continue;
        }
        /* the length of a well-formed sequence: no overlong form, no surrogate, nothing above
         * U+10FFFF */
        int k = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (!k || e - p < k)
            return "bytes that are not UTF-8";
        for (int i = 1; i < k; i++)
            if ((p[i] & 0xc0) != 0x80)
                return "bytes that are not UTF-8";
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
            (c == 0xf4 && p[1] > 0x8f))
            return "bytes that are not UTF-8";
        if (c == 0xc2 && p[1] < 0xa0)
            return "a control character"; /* U+0080 to U+009F (C1) */
        p += k;
    }
    return NULL;
}

/* The request headers scoot looks at, gathered in one pass over them. */
typedef struct {
    int n_host, n_length, n_type, n_te, n_offset; /* how many of each */
    const char *host, *length, *type; /* Host, Content-Length, Content-Type (the first of each) */
    const char *te;                   /* Transfer-Encoding (the first) */
    const char *offset;               /* Scoot-UTC-Offset (the first) */
    const char *bad, *bad_why;        /* the first of these headers whose value is not clean text */
} req_headers;

static enum MHD_Result gather(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                              const char *value, size_t value_size)
{
    (void)kind;
    (void)key_size;
    req_headers *h = cls;
    static const char *const used[] = {MHD_HTTP_HEADER_HOST, MHD_HTTP_HEADER_CONTENT_LENGTH,
                                       MHD_HTTP_HEADER_CONTENT_TYPE, MHD_HTTP_HEADER_TRANSFER_ENCODING,
                                       "Scoot-UTC-Offset"};
    int *counts[] = {&h->n_host, &h->n_length, &h->n_type, &h->n_te, &h->n_offset};
    const char **firsts[] = {&h->host, &h->length, &h->type, &h->te, &h->offset};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(used); i++) {
        if (strcasecmp(key, used[i]))
            continue;
        const char *why = value ? text_problem(value, value_size) : NULL;
        if (why && !h->bad) {
            h->bad = used[i];
            h->bad_why = why;
        }
        if (!(*counts[i])++)
            *firsts[i] = value ? value : "";
        break;
    }
    return MHD_YES;
}

/* A header value without the blanks around it: *n bytes from the returned pointer. */
static const char *trim(const char *v, size_t *n)
{
    while (*v == ' ' || *v == '\t')
        v++;
    *n = strlen(v);
    while (*n && (v[*n - 1] == ' ' || v[*n - 1] == '\t'))
        (*n)--;
    return v;
}

/* The body length a Content-Length value declares; -1 for none (chunked), LLONG_MAX for one
 * that is not a number (digits only: no sign, no list). */
static long long declared_length(const char *v)
{
    if (!v)
        return -1;
    size_t n;
    v = trim(v, &n);
    long long len = 0;
    if (!n)
        return LLONG_MAX;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || len > (LLONG_MAX - 9) / 10)
            return LLONG_MAX;
        len = len * 10 + (v[i] - '0');
    }
    return len;
}

/* The query parameters, each checked: NULL when all are fine, else a 400's message (in msg) and
 * *field the parameter it names (NULL when its name is the trouble). */
typedef struct {
    const char *keys[32];
    int n;
    char *msg;
    size_t cap;
    const char *field;
} query_check;

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                 const char *value, size_t value_size)
{
    (void)kind;
    query_check *qc = cls;
    const char *why = text_problem(key, key_size);
    if (why) {
        snprintf(qc->msg, qc->cap, "the name of a query parameter has %s", why);
        return MHD_NO;
    }
    if (value && (why = text_problem(value, value_size)) != NULL) {
        qc->field = key;
        snprintf(qc->msg, qc->cap, "the query parameter %.100s has %s", key, why);
        return MHD_NO;
    }
    for (int i = 0; i < qc->n; i++)
        if (!strcmp(qc->keys[i], key)) {
            qc->field = key;
            snprintf(qc->msg, qc->cap, "the query parameter %.100s is given more than once", key);
            return MHD_NO;
        }
    if (qc->n == (int)SCOOT_ARRAY_LEN(qc->keys)) {
        snprintf(qc->msg, qc->cap, "more than %d query parameters", (int)SCOOT_ARRAY_LEN(qc->keys));
        return MHD_NO;
    }
    qc->keys[qc->n++] = key;
    return MHD_YES;
}

/* 1 when the value v of a list header is the one token t (no other coding, no list). */
static int is_token(const char *v, const char *t)
{
    size_t n;
    v = trim(v, &n);
    return strlen(t) == n && !strncasecmp(v, t, n);
}

/* 1 when the host part of a Host header (n bytes at h) is name. */
static int host_is(const char *h, size_t n, const char *name)
{
    return strlen(name) == n && !strncasecmp(h, name, n);
}

/* The length of the host part of a Host value h of n bytes: a DNS name or IPv4 address (letters,
 * digits, '-' and '.', labels of 1 to 63 characters, a final '.' allowed) or an IPv6 address in
 * brackets, then nothing or ':' and a port of 1 to 5 digits (at most 65535). 0 when h is not
 * such a value: "localhost:8080@evil.example", "[::1]evil", "a..b", "host:", "host:80:80". */
static size_t host_part(const char *h, size_t n)
{
    size_t hn = 0;
    if (n && h[0] == '[') {
        const char *rb = memchr(h, ']', n);
        char a[INET6_ADDRSTRLEN];
        struct in6_addr a6;
        if (!rb || (size_t)(rb - h) - 1 >= sizeof a)
            return 0;
        hn = (size_t)(rb - h) + 1;
        memcpy(a, h + 1, hn - 2);
        a[hn - 2] = '\0';
        if (inet_pton(AF_INET6, a, &a6) != 1)
            return 0;
    } else {
        size_t label = 0;
        for (; hn < n && h[hn] != ':'; hn++) {
            char c = h[hn];
            if (c == '.') {
                if (!label)
                    return 0;
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                if (++label > 63)
                    return 0;
            } else
                return 0;
        }
        if (!hn || hn > 254)
            return 0;
    }
    if (hn == n)
        return hn;
    if (h[hn] != ':' || n - hn - 1 < 1 || n - hn - 1 > 5)
        return 0;
    long port = 0;
    for (size_t i = hn + 1; i < n; i++) {
        if (h[i] < '0' || h[i] > '9')
            return 0;
        port = port * 10 + (h[i] - '0');
    }
    return port <= 65535 ? hn : 0;
}

/* Checks the Host header: 0 when it names this server, else the status and *why. A web page
 * from elsewhere must not reach the journal through a DNS name that its owner points at this
 * machine (DNS rebinding), so only loopback names, the address the client connected to, the
 * --listen address and the --allow-host names are answered; a value that is not a host with an
 * optional port is refused outright. */
static int host_status(struct MHD_Connection *c, const req_headers *rh, const char *version, const char **why)
{
    if (rh->n_host > 1) {
        *why = "the request has more than one Host header";
        return 400;
    }
    if (!rh->host) {
        if (!strcmp(version, MHD_HTTP_VERSION_1_0))
            return 0; /* HTTP/1.0 may leave it out */
        *why = "an HTTP/1.1 request needs a Host header";
        return 400;
    }
    size_t n;
    const char *h = trim(rh->host, &n);
    /* the host without its port: "[::1]:8080" -> "[::1]", "localhost:8080" -> "localhost" */
    size_t hn = host_part(h, n);
    if (!hn) {
        *why = "the Host header is not a host name or IP address with an optional :port";
        return 400;
    }
    if (hn > 1 && h[hn - 1] == '.' && h[0] != '[')
        hn--; /* "localhost." is localhost */
    *why = "this server does not answer for that host (scoot serve --allow-host adds a name)";
    static const char *const local[] = {"localhost", "127.0.0.1", "[::1]"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(local); i++)
        if (host_is(h, hn, local[i]))
            return 0;
    if (host_is(h, hn, listen_host))
        return 0;
    for (int i = 0; i < config->n_allow_hosts; i++)
        if (host_is(h, hn, config->allow_hosts[i]))
            return 0;
    /* the address the client connected to (a LAN address when listening on 0.0.0.0) */
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct sockaddr_in local_addr;
    socklen_t len = sizeof local_addr;
    char ip[INET_ADDRSTRLEN];
    if (ci && !getsockname(ci->connect_fd, (struct sockaddr *)&local_addr, &len) &&
        local_addr.sin_family == AF_INET && inet_ntop(AF_INET, &local_addr.sin_addr, ip, sizeof ip) &&
        host_is(h, hn, ip))
        return 0;
    return 421;
}

/* "+05:30", "-08:00" (from -14:00 to +14:00; "Z" is +00:00) into minutes east of UTC; 0 when
 * it is not such an offset. */
static int parse_offset(const char *v, int *minutes)
{
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--; /* (MHD leaves trailing blanks in a value) */
    if (n == 1 && v[0] == 'Z') {
        *minutes = 0;
        return 1;
    }
    int sign = v[0] == '+' ? 1 : v[0] == '-' ? -1 : 0;
    if (!sign || n != 6)
        return 0;
    for (int i = 1; i <= 5; i++)
        if (i == 3 ? v[i] != ':' : (v[i] < '0' || v[i] > '9'))
            return 0;
    int h = (v[1] - '0') * 10 + (v[2] - '0'), m = (v[4] - '0') * 10 + (v[5] - '0');
    if (m > 59 || h * 60 + m > 14 * 60)
        return 0;
    *minutes = sign * (h * 60 + m);
    return 1;
}

/* The server's own offset from UTC now, in minutes. */
static int own_offset(void)
{
    time_t t = (time_t)scoot_time_now();
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

/* 1 when the media type is application/json, with or without parameters. */
static int is_json_type(const char *ct)
{
    if (!ct || strncasecmp(ct, "application/json", 16))
        return 0;
    ct += 16;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return !*ct || *ct == ';';
}

/* The body cap is read past by at most this much (a chunked upload has no length to refuse
 * up front); then the connection is dropped. */
#define DISCARD_MAX ((size_t)16 * SCOOT__MAX_BODY)

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)url; /* decoded by MHD; routing uses the raw target (st->raw) instead */
    conn_state *st = *con_cls;
    if (!st)
        return MHD_NO; /* out of memory in uri_seen */
    scoot__req *q = &st->q;
    if (!st->started) {
        if (!scoot__conns_headers_done(st->conn))
            return MHD_NO; /* past its deadline: the guard has closed it */
        st->started = 1;
        q->conn = c;
        q->method = method;
        q->url = st->path;
        const char *bad = decode_path(st->raw, st->raw_path, st->path, st->raw_path + 1);
        if (bad) {
            q->close = 1; /* (the headers are not read yet) */
            memcpy(st->path, st->raw, st->raw_path);
            st->path[st->raw_path] = '\0';
            return send_response(c, st, scoot__error(q, 400, "bad_url", NULL, "the path %.200s has %s",
                                                     st->path, bad));
        }
        req_headers rh;
        memset(&rh, 0, sizeof rh);
        MHD_get_connection_values_n(c, MHD_HEADER_KIND, gather, &rh);
        st->content_type = rh.type;
        /* An answer before the body is read closes the connection: the rest of the request
         * must not be taken for the next one. */
        q->close = rh.te || declared_length(rh.length) > 0;
        if ((bad = path_problem(st->path)) != NULL)
            return send_response(c, st, scoot__error(q, 400, "bad_url", NULL, "the path %.200s has %s once decoded",
                                                     st->raw, bad));
        if (rh.bad)
            return send_response(c, st, scoot__error(q, 400, "bad_request", rh.bad, "the %s header has %s",
                                                     rh.bad, rh.bad_why));
        /* Two lengths, or a length beside a transfer coding, are read one way here and another
         * way by a proxy in front: the body could then carry a second, hidden request. */
        if (rh.n_length > 1 || rh.n_te > 1 || rh.n_type > 1)
            return send_response(c, st, scoot__error(q, 400, "bad_request",
                                                     rh.n_length > 1 ? MHD_HTTP_HEADER_CONTENT_LENGTH
                                                     : rh.n_te > 1   ? MHD_HTTP_HEADER_TRANSFER_ENCODING
                                                                     : MHD_HTTP_HEADER_CONTENT_TYPE,
                                                     "the request has more than one %s header",
                                                     rh.n_length > 1 ? MHD_HTTP_HEADER_CONTENT_LENGTH
                                                     : rh.n_te > 1   ? MHD_HTTP_HEADER_TRANSFER_ENCODING
                                                                     : MHD_HTTP_HEADER_CONTENT_TYPE));
        if (rh.te && rh.length)
            return send_response(c, st, scoot__error(q, 400, "bad_request", MHD_HTTP_HEADER_TRANSFER_ENCODING,
                                                     "the request has both Content-Length and "
                                                     "Transfer-Encoding"));
        if (rh.te && !is_token(rh.te, "chunked"))
            return send_response(c, st, scoot__error(q, 501, "not_implemented", MHD_HTTP_HEADER_TRANSFER_ENCODING,
                                                     "Transfer-Encoding \"%.40s\" is not supported: send "
                                                     "Content-Length, or Transfer-Encoding: chunked",
                                                     rh.te));
        if (rh.length && declared_length(rh.length) == LLONG_MAX)
            return send_response(c, st, scoot__error(q, 400, "bad_request", MHD_HTTP_HEADER_CONTENT_LENGTH,
                                                     "the Content-Length header is not a number of bytes"));
        const char *why;
        int hs = host_status(c, &rh, version, &why);
        if (hs)
            return send_response(c, st, scoot__error(q, hs, hs == 421 ? "misdirected" : "bad_request",
                                                     hs == 421 ? NULL : MHD_HTTP_HEADER_HOST, "%s", why));
        char msg[256];
        query_check qc = {{NULL}, 0, msg, sizeof msg, NULL};
        msg[0] = '\0';
        MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, check_arg, &qc);
        if (msg[0])
            return send_response(c, st, scoot__error(q, 400, "bad_request", qc.field, "%s", msg));
        /* the client's own days ("today", what is due) where it is not in the server's zone */
        if (rh.n_offset > 1)
            return send_response(c, st, scoot__error(q, 400, "bad_request", "Scoot-UTC-Offset",
                                                     "the request has more than one Scoot-UTC-Offset header"));
        if (rh.offset && !(st->has_offset = parse_offset(rh.offset, &st->offset_min)))
            return send_response(c, st, scoot__error(q, 400, "bad_request", "Scoot-UTC-Offset",
                                                     "the Scoot-UTC-Offset header is \"%.40s\", not an "
                                                     "offset from -14:00 to +14:00 such as +01:00",
                                                     rh.offset));
        /* a client at the server's own offset is taken to be in its zone, whose rules know the
         * offset of every date (summer time); a fixed offset only knows today's */
        if (st->has_offset && st->offset_min == own_offset())
            st->has_offset = 0;
        /* a body that says it is too big is refused before it is read (and before any
         * "100 Continue") */
        if (declared_length(rh.length) > SCOOT__MAX_BODY)
            return send_response(c, st, scoot__error(q, 413, "too_large", NULL,
                                                     "the body is larger than %d bytes", SCOOT__MAX_BODY));
        scoot_buf_reserve(&q->body, 1024); /* most bodies fit in one allocation */
        q->close = 0;
        return MHD_YES;
    }
    if (scoot__conns_closed_status(st->conn))
        return MHD_NO;
    if (*upload_size) {
        if (!st->too_large && scoot_buf_add(&q->body, upload, *upload_size) != SCOOT_OK)
            st->too_large = 1;
        if (st->too_large && (st->discarded += *upload_size) > DISCARD_MAX)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (!scoot__conns_working(st->conn))
        return MHD_NO; /* (closed by the guard just now) */
    int status = 404;
    /* route */
    int any_path = 0, r;
    for (r = 0; r < scoot__n_routes; r++) {
        if (!match(scoot__routes[r].path, st->raw, st->raw_path, q->params, &q->n_params))
            continue;
        any_path = 1;
        if (method_ok(scoot__routes[r].method, method))
            break;
    }
    if (r < scoot__n_routes) {
        st->route = r;
        const char *ct = st->content_type;
        int has_body = !strcmp(method, "POST") || !strcmp(method, "PATCH");
        if (st->too_large)
            status = scoot__error(q, 413, "too_large", NULL, "the body is larger than %d bytes",
                                  SCOOT__MAX_BODY);
        else if (has_body && !is_json_type(ct))
            status = scoot__error(q, 415, "unsupported_media_type", NULL,
                                  "send the body as Content-Type: application/json");
        else if (has_body && may_nest_deeper(q->body.data, q->body.len, SCOOT__MAX_DEPTH) &&
                 json_depth(q->body.data, q->body.len) > SCOOT__MAX_DEPTH)
            status = scoot__error(q, 400, "malformed_json", NULL,
                                  "JSON nested deeper than %d levels", SCOOT__MAX_DEPTH);
        else {
            if (st->has_offset)
                scoot_time_use_utc_offset(st->offset_min);
            status = scoot__routes[r].fn(q);
            scoot_time_use_local_zone();
        }
    } else if (any_path) {
        char allow[64] = "";
        for (int k = 0; k < scoot__n_routes; k++) {
            int np;
            char tmp[2][256];
            if (match(scoot__routes[k].path, st->raw, st->raw_path, tmp, &np))
                snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s%s",
                         allow[0] ? ", " : "", scoot__routes[k].method,
                         strcmp(scoot__routes[k].method, "GET") ? "" : ", HEAD");
        }
        q->allow = scoot_strdup(allow);
        status = scoot__error(q, 405, "method_not_allowed", NULL, "%s is not allowed on %s (allowed: %s)",
                              method, q->url, allow);
    } else if (!strncmp(q->url, "/api/", 5)) {
        status = scoot__error(q, 404, "not_found", NULL, "no route %s %s", method, q->url);
    } else if (!strcmp(method, "GET") || !strcmp(method, "HEAD")) {
        st->route = scoot__n_routes;
        status = scoot__static(q);
    } else {
        status = scoot__error(q, 405, "method_not_allowed", NULL, "%s is not allowed on %s", method, q->url);
        q->allow = scoot_strdup("GET, HEAD");
    }
    return send_response(c, st, status);
}

/* Writes s to f with control bytes, quotes, backslashes and bytes above ASCII as \xHH, so that
 * a request cannot forge or colour a line of the access log. */
static void log_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    conn_state *st = *con_cls;
    if (!st)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double secs = (double)(end.tv_sec - st->start.tv_sec) + (double)(end.tv_nsec - st->start.tv_nsec) * 1e-9;
    /* the guard's answer (408, 503) to a request it closed before scoot's */
    int guard = st->q.status ? 0 : scoot__conns_closed_status(st->conn);
    if (guard) {
        st->q.status = guard;
        st->started = 1;
    }
    if (st->started) /* MHD answered the others itself (a header too long, say) */
        record(st->route, st->q.status, secs);
    if (config->access_log && st->started) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char ip[64] = "-";
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip, sizeof ip);
        char when[32];
        scoot_time_format_utc(scoot_time_now(), when, sizeof when);
        flockfile(config->access_log);
        fprintf(config->access_log, "%s %s \"", when, ip);
        log_escaped(config->access_log, st->q.method ? st->q.method : "-");
        fputc(' ', config->access_log);
        log_escaped(config->access_log, st->raw);
        fprintf(config->access_log, "\" %d %zu %.3fms\n", st->q.status, st->q.sent_bytes, secs * 1e3);
        funlockfile(config->access_log);
    }
    scoot_buf_free(&st->q.body);
    scoot_buf_free(&st->q.out);
    scoot_free(st->q.allow);
    scoot_free(st->raw);
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        scoot__conns_request_done(st->conn);
    scoot_free(st);
    *con_cls = NULL;
    __atomic_sub_fetch(&in_flight, 1, __ATOMIC_RELAXED);
}

/* libmicrohttpd's own messages, less those that the guard on connections makes routine: a
 * connection closed at its deadline, one over a cap, a request given up on. Thousands of slow
 * clients must not flood the log (the metrics count them). */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    static const char *const routine[] = {"Connection socket is closed", "reached connection limit",
                                          "Application reported internal error"};
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(routine); i++)
        if (strstr(msg, routine[i]))
            return;
    fprintf(stderr, "scoot serve: libmicrohttpd: %s%s", msg, strchr(msg, '\n') ? "" : "\n");
}

/* Descriptors kept for the rest of the process: standard streams, the listening socket, each
 * worker's wake-up pipe and journal (database, WAL and shared-memory files), the access log,
 * and the connections that get a 503 past the cap while they close. */
#define OVER_CAP_SLACK 64u
static unsigned reserved_fds(int threads)
{
    return 64u + 8u * (unsigned)threads + OVER_CAP_SLACK;
}

/* The connections the descriptor limit leaves room for, once its soft value is raised to the
 * hard one. */
static unsigned connection_room(int threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl))
        return 256;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < rl.rlim_max) {
        rlim_t want = rl.rlim_max;
        rl.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) || getrlimit(RLIMIT_NOFILE, &rl))
            (void)getrlimit(RLIMIT_NOFILE, &rl);
    }
    rlim_t fds = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000 ? 1000000 : rl.rlim_cur;
    rlim_t reserve = reserved_fds(threads);
    return fds > reserve + 16 ? (unsigned)(fds - reserve) : 16;
}

int scoot_server_run(const scoot_server_config *cfg)
{
    config = cfg;
    char host[128];
    int port = 8080;
    const char *colon = strrchr(cfg->listen, ':');
    if (!colon || colon == cfg->listen || !colon[1]) {
        fprintf(stderr, "scoot serve: --listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - cfg->listen), cfg->listen);
    char *end;
    long pl = strtol(colon + 1, &end, 10);
    if (*end || pl < 0 || pl > 65535) {
        fprintf(stderr, "scoot serve: bad port '%s'\n", colon + 1);
        return 2;
    }
    port = (int)pl;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &addr.sin_addr) != 1) {
        fprintf(stderr, "scoot serve: '%s' is not an IPv4 address\n", host);
        return 2;
    }
    snprintf(listen_host, sizeof listen_host, "%s", host);
    /* the journal must open before we say we serve */
    scoot_journal *probe;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_journal_open(cfg->db, cfg->kb, &probe, &err)) {
        fprintf(stderr, "%sscoot serve: cannot open the journal %s\n", scoot_buf_str(&err), cfg->db);
        scoot_buf_free(&err);
        return 1;
    }
    scoot_buf_free(&err);
    scoot_journal_close(probe);
    json_object_seed(0);

    int threads = cfg->threads > 0 ? cfg->threads : 2;
    unsigned room = connection_room(threads);
    unsigned max_conns = cfg->max_connections ? cfg->max_connections : (room < 10000 ? room : 10000);
    if (max_conns > room) {
        fprintf(stderr, "scoot serve: --max-connections %u is more than the descriptor limit leaves room "
                        "for; serving at most %u (raise it with ulimit -n)\n",
                max_conns, room);
        max_conns = room;
    }
    scoot__conns_config guard = {cfg->header_timeout * 1000u, cfg->body_timeout * 1000u, cfg->timeout * 1000u,
                                 max_conns};
    int grc = scoot__conns_start(&guard);
    if (grc) {
        fprintf(stderr, "scoot serve: cannot start a thread: %s\n", strerror(grc));
        return 1;
    }

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* MHD's threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    /* A pool of worker threads that each poll() their connections. Not MHD's epoll mode: with
     * libmicrohttpd 0.9.75 (Debian 12) and a thread pool, epoll mode now and then leaves every
     * connection with a request unread while all workers sleep in epoll_wait, until the clients
     * give up (seen under wrk at 256 connections about once in 45 runs of a second; poll() mode
     * never stalled in 575 such runs, at the same speed). */
    daemon_ = MHD_start_daemon(
        MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, handler, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* (first, so that it gets every message) */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
        /* the guard answers 503 past max_conns; MHD's own limit, a little higher, stops taking
         * connections from the listen queue */
        MHD_OPTION_CONNECTION_LIMIT, max_conns + OVER_CAP_SLACK,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_client,
        MHD_OPTION_NOTIFY_CONNECTION, scoot__conns_notify, NULL,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL,
        MHD_OPTION_END);
    if (!daemon_) {
        fprintf(stderr, "scoot serve: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
        scoot__conns_stop();
        return 1;
    }
    if (port == 0) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
        if (di)
            port = di->port;
    }
    printf("scoot is serving http://%s:%d/ (journal %s); Ctrl-C stops it\n", host, port, cfg->db);
    fflush(stdout);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "scoot serve: %s received, finishing requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    /* From now on every answer closes its connection, and no new connection is taken; the
     * requests in flight, and those that keep-alive clients send before they see the close,
     * are answered. Then the daemon stops: once nothing is in flight and no connection is
     * open, or nothing has been in flight for a quarter of a second (idle keep-alive
     * connections), or after 5 s at most. */
    __atomic_store_n(&stopping, 1, __ATOMIC_RELAXED);
    MHD_socket ls = MHD_quiesce_daemon(daemon_);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int i = 0, quiet = 0; i < 100 && quiet < 5; i++) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        int busy = __atomic_load_n(&in_flight, __ATOMIC_RELAXED) > 0;
        if (!busy && di && di->num_connections == 0)
            break;
        quiet = busy ? 0 : quiet + 1;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(daemon_);
    scoot__conns_stop();
    pthread_mutex_lock(&dbs_lock);
    for (int i = 0; i < n_dbs; i++)
        scoot_journal_close(dbs[i]);
    n_dbs = 0;
    for (int i = 0; i < n_engines; i++) {
        scoot_case_free(cases[i]);
        scoot_result_free(results[i]);
    }
    n_engines = 0;
    pthread_mutex_unlock(&dbs_lock);
    fprintf(stderr, "scoot serve: stopped cleanly\n");
    return 0;
}
