/* api.c: the /api/v1 handlers: thin adapters from HTTP to the engine and the journal. */
#include "../core/setup.h"

#include <ctype.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "../core/alloc_int.h"
#include "api.h"
#include "conns.h"
#include "metrics.h"
#include "scoot/alloc.h"
#include "scoot/render.h"
#include "scoot/error.h"
#include "scoot/time.h"
#include "server_int.h"
#include "worker.h"

/* This thread's journal j, or a 503. */
#define JOURNAL(q, j)                                                                          \
    scoot_journal *j = scoot__worker_journal((q)->worker);                                     \
    if (!j)                                                                                    \
        return scoot__error(q, 503, "unavailable", NULL, "the journal cannot be opened")

/* This thread's cleared case c and result r, or a 500. */
#define ENGINE(q, c, r)                                                                        \
    scoot_case *c;                                                                             \
    scoot_result *r;                                                                           \
    if (scoot__worker_engine((q)->worker, &c, &r))                                             \
    return scoot__error(q, 500, "internal", NULL, "out of memory")

/* The KB the server answers with. */
#define KB(q) ((q)->srv->cfg.kb)

void scoot__api_init(scoot__api *a)
{
    memset(a, 0, sizeof *a);
    pthread_mutex_init(&a->health_lock, NULL);
    atomic_init(&a->health_errors_seen, ULONG_MAX);
    atomic_init(&a->health_damaged, 0);
    pthread_mutex_init(&a->kb_lock, NULL);
    atomic_init(&a->kb_made, 0);
    scoot_buf_init(&a->kb_json, 0);
}

void scoot__api_free(scoot__api *a)
{
    pthread_mutex_destroy(&a->health_lock);
    pthread_mutex_destroy(&a->kb_lock);
    scoot_buf_free(&a->kb_json);
}

/* The 500 for a JSON value that jansson would not build (je from a json_pack_ex, or NULL): out
 * of memory only when that is what jansson says; else its reason (a text that is not UTF-8,
 * say), which is a fault in the data or in scoot, never the client's. */
static int json_refused(scoot__req *q, const json_error_t *je, const char *what)
{
    if (!je || json_error_code(je) == json_error_out_of_memory)
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    return scoot__error(q, 500, "internal", NULL, "%s cannot be sent as JSON: %s", what, je->text);
}

/* Dumps a JSON value into q->out (steals it); v NULL is a value jansson refused (je says why,
 * NULL: out of memory). */
static int reply_or(scoot__req *q, json_t *v, const json_error_t *je, int status)
{
    if (!v)
        return json_refused(q, je, "the answer");
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    json_decref(v);
    if (!s)
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    scoot_buf_adds(&q->out, s);
    scoot_free(s); /* jansson allocates through scoot's hook */
    return status;
}

static int reply(scoot__req *q, json_t *v, int status)
{
    return reply_or(q, v, NULL, status);
}

/* The ?texts= of the assess routes as scoot_result_to_json_flags flags (full, the default, or
 * brief); 0 with *status set to a 422 for anything else. */
static int texts_param(scoot__req *q, int *flags, int *status)
{
    const char *v = scoot__query(q, "texts");
    *flags = 0;
    if (!v || !strcmp(v, "full"))
        return 1;
    if (!strcmp(v, "brief")) {
        *flags = SCOOT_JSON_BRIEF;
        return 1;
    }
    *status = scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OPTION, "texts", "texts must be full or brief, not '%s'", v);
    return 0;
}

/* The journal's state for /healthz: a quick check on the first call (at start) and again
 * after each database error answered since the last one; kept in between (no lock taken
 * then: /healthz is what load balancers ask most). */
int scoot__h_healthz(scoot__req *q)
{
    JOURNAL(q, j);
    scoot__api *a = &q->srv->api;
    unsigned long errors = scoot__metrics_db_errors(&q->srv->metrics);
    if (errors != atomic_load_explicit(&a->health_errors_seen, memory_order_acquire)) {
        pthread_mutex_lock(&a->health_lock);
        if (errors != atomic_load_explicit(&a->health_errors_seen, memory_order_relaxed)) {
            scoot_buf report;
            scoot_buf_init(&report, 0);
            int rc = scoot_journal_check(j, 1, &report, NULL);
            const char *r = scoot_buf_str(&report);
            snprintf(a->health_why, sizeof a->health_why, "%.*s", (int)strcspn(r, "\n"), r);
            atomic_store_explicit(&a->health_damaged, rc == SCOOT_EDAMAGED, memory_order_relaxed);
            atomic_store_explicit(&a->health_errors_seen, errors, memory_order_release);
            scoot_buf_free(&report);
        }
        pthread_mutex_unlock(&a->health_lock);
    }
    if (!atomic_load_explicit(&a->health_damaged, memory_order_relaxed)) {
        scoot_buf_adds(&q->out, "{\"status\":\"ok\",\"journal\":\"ok\"}");
        return 200;
    }
    char why[sizeof a->health_why];
    pthread_mutex_lock(&a->health_lock);
    memcpy(why, a->health_why, sizeof why);
    pthread_mutex_unlock(&a->health_lock);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "status", "unavailable", "journal", "damaged",
                          "message", why[0] ? why : "the journal is damaged", "recover",
                          "run 'scoot check --db PATH' on the server: it says what is wrong and "
                          "how to recover (from a 'scoot backup' file, or what can be saved)");
    return reply(q, o, 503);
}

int scoot__h_metrics(scoot__req *q)
{
    scoot__conns_stats cs;
    scoot__conns_get_stats(q->srv->conns, &cs);
    if (scoot__metrics_write(&q->srv->metrics, &cs, &q->out))
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    q->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}

int scoot__h_kb(scoot__req *q)
{
    scoot__api *a = &q->srv->api;
    if (!atomic_load_explicit(&a->kb_made, memory_order_acquire)) {
        pthread_mutex_lock(&a->kb_lock);
        if (!atomic_load_explicit(&a->kb_made, memory_order_relaxed)) {
            scoot_buf_reset(&a->kb_json);
            if (scoot_kb_to_json(KB(q), &a->kb_json) == SCOOT_OK)
                atomic_store_explicit(&a->kb_made, 1, memory_order_release);
        }
        pthread_mutex_unlock(&a->kb_lock);
        if (!atomic_load_explicit(&a->kb_made, memory_order_relaxed))
            return scoot__error(q, 500, "internal", NULL, "out of memory");
    }
    if (scoot_buf_add(&q->out, a->kb_json.data, a->kb_json.len))
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    q->cache = "max-age=300";
    return 200;
}

/* Reads the request body into the case c (one parse); 0 with *status set: 400 for a missing or
 * malformed body (line and column named), 422 naming the field for a bad case. */
static int case_from_body(scoot__req *q, scoot_case *c, int *status)
{
    if (!q->body.len) {
        *status = scoot__error(q, 400, "malformed_json", NULL, "the request needs a JSON body");
        return 0;
    }
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_case_set_json(c, q->body.data, q->body.len, "request", &err);
    if (rc) {
        const scoot_why *w = &err.why;
        if (w->reason == SCOOT_R_MALFORMED_JSON)
            *status = scoot__error_w(q, 400, "malformed_json", NULL, w,
                                     "not valid JSON at line %d, column %d: %s", w->line, w->col,
                                     w->arg);
        else
            *status = scoot__error_from(q, rc, &err);
    }
    scoot_buf_free(&err);
    return rc == SCOOT_OK;
}

int scoot__h_assess(scoot__req *q)
{
    ENGINE(q, c, r);
    int flags, status;
    if (!texts_param(q, &flags, &status) || !case_from_body(q, c, &status))
        return status;
    scoot_assess(KB(q), c, r);
    scoot__metrics_assessment(&q->srv->metrics);
    if (scoot_result_to_json_flags(r, &q->out, flags))
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    return 200;
}

/* ---- cats ---- */

int scoot__h_cats_list(scoot__req *q)
{
    JOURNAL(q, j);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_cat_list(j, &q->out, &err);
    int st = rc ? scoot__error_from(q, rc, &err) : 200;
    scoot_buf_free(&err);
    return st;
}

/* A write's answer must say that it was written, even when the whole answer cannot be made
 * (out of memory): otherwise a client would write it again. The dispatch reserves room for a
 * short answer before a request that may write runs (SCOOT__SHORT_ANSWER, routes.c), and a
 * write handler answers {"id": N} or {"name": "..."} in that room, which needs no memory, when
 * the whole answer fails. */

static int short_answer(scoot__req *q, int status, int64_t id, const char *name)
{
    scoot_buf_reset(&q->out);
    q->content_type = "application/json";
    if (name) {
        scoot_buf_adds(&q->out, "{\"name\":");
        scoot_buf_add_json_str(&q->out, name);
        scoot_buf_addc(&q->out, '}');
    } else {
        scoot_buf_printf(&q->out, "{\"id\":%lld}", (long long)id);
    }
    fprintf(stderr, "scoot serve: written, but out of memory for the whole answer: the short one\n");
    return status;
}

/* The cat as JSON with status; written: the request wrote it (a short answer on out of
 * memory, see short_answer). */
static int cat_reply(scoot__req *q, scoot_journal *j, const char *name, int status, int written)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    scoot_buf_reset(&q->out);
    int rc = scoot_journal_cat_get(j, name, &q->out, &err);
    int st = rc == SCOOT_ENOMEM && written ? short_answer(q, status, 0, name)
             : rc                          ? scoot__error_from(q, rc, &err)
                                           : status;
    scoot_buf_free(&err);
    return st;
}

int scoot__h_cats_add(scoot__req *q)
{
    JOURNAL(q, j);
    int st;
    json_t *v = scoot__body_json(q, &st);
    if (!v)
        return st;
    const char *name = json_string_value(json_object_get(v, "name"));
    char *n = name ? scoot_strdup(name) : NULL;
    json_decref(v);
    if (name && !n) /* (before anything is written) */
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_cat_add(j, q->body.data, NULL, &err);
    st = rc ? scoot__error_from(q, rc, &err) : cat_reply(q, j, n, 201, 1);
    scoot_buf_free(&err);
    scoot_free(n);
    return st;
}

int scoot__h_cat_get(scoot__req *q)
{
    JOURNAL(q, j);
    return cat_reply(q, j, q->params[0], 200, 0);
}

int scoot__h_cat_edit(scoot__req *q)
{
    JOURNAL(q, j);
    int st;
    json_t *v = scoot__body_json(q, &st);
    if (!v)
        return st;
    const char *name = json_string_value(json_object_get(v, "name"));
    char *n = scoot_strdup(name ? name : q->params[0]);
    json_decref(v);
    if (!n) /* (before anything is written) */
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_cat_edit(j, q->params[0], q->body.data, &err);
    st = rc ? scoot__error_from(q, rc, &err) : cat_reply(q, j, n, 200, 1);
    scoot_buf_free(&err);
    scoot_free(n);
    return st;
}

int scoot__h_cat_delete(scoot__req *q)
{
    JOURNAL(q, j);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_cat_remove(j, q->params[0], &err);
    int st = rc ? scoot__error_from(q, rc, &err) : 204;
    scoot_buf_free(&err);
    return st;
}

/* ---- events ---- */

typedef struct {
    json_t *arr;
    long offset, limit, seen;
    int more;
    scoot_event_key last; /* the key of the page's last event */
    int64_t refused;      /* an event jansson would not build (why: je), else 0 */
    json_error_t je;
} page;

static int page_cb(void *ud, const scoot_event *e)
{
    page *p = ud;
    if (p->seen++ < p->offset)
        return 0;
    if ((long)json_array_size(p->arr) == p->limit) {
        p->more = 1;
        return 1; /* stop */
    }
    json_t *data = json_loads(e->data, 0, NULL);
    if (!json_is_object(data)) {
        json_decref(data);
        return SCOOT_EDAMAGED; /* (a damaged record is not shown as an empty one) */
    }
    char iso[32];
    scoot_time_format_utc(e->t, iso, sizeof iso);
    unsigned long failed = scoot__alloc_failures();
    json_t *o = json_pack_ex(&p->je, 0, "{s:I, s:s, s:s, s:o, s:s?}", "id", (json_int_t)e->id, "kind",
                             e->kind, "t", iso, "data", data, "note", e->note);
    /* (refused, not out of memory: no allocation failed; jansson may leave je unset) */
    if (!o && scoot__alloc_failures() == failed) {
        p->refused = e->id;
        return SCOOT_EINVAL;
    }
    p->last = (scoot_event_key){e->t, e->id};
    return o && !json_array_append_new(p->arr, o) ? 0 : SCOOT_ENOMEM;
}

/* The ?after= of the events route: a next_cursor, "T.ID" (the time and id of the event a page
 * ended with); 0 with *status set to a 422 for anything else. */
static int cursor_param(scoot__req *q, scoot_event_key *key, int *has, int *status)
{
    const char *v = scoot__query(q, "after");
    *has = 0;
    if (!v)
        return 1;
    char *end, *end2;
    errno = 0;
    long long t = strtoll(v, &end, 10);
    long long id = *end == '.' ? strtoll(end + 1, &end2, 10) : 0;
    if (*end != '.' || end == v || end2 == end + 1 || *end2 || errno || id <= 0 ||
        t < INT64_MIN / 2 || t > INT64_MAX / 2) {
        *status = scoot__error(q, 422, "invalid", "after",
                               "after must be a next_cursor of this route (\"T.ID\")");
        return 0;
    }
    *key = (scoot_event_key){(scoot_time)t, (int64_t)id};
    *has = 1;
    return 1;
}

static int parse_time_param(scoot__req *q, const char *key, scoot_time *t, int *status)
{
    const char *v = scoot__query(q, key);
    if (!v)
        return 1;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_time_parse(v, scoot_time_now(), t, &err)) {
        *status = scoot__error_why(q, 422, "invalid", err.why.reason, key, "%s", scoot_buf_str(&err));
        scoot_buf_free(&err);
        return 0;
    }
    scoot_buf_free(&err);
    return 1;
}

static int parse_long_param(scoot__req *q, const char *key, long lo, long hi, long *out, int *status)
{
    const char *v = scoot__query(q, key);
    if (!v)
        return 1;
    char *end;
    /* (decimal digits only: strtol would also take white space and a sign before them) */
    long n = strtol(v, &end, 10);
    if (!isdigit((unsigned char)*v) || *end || n < lo || n > hi) {
        *status = scoot__error_why(q, 422, "invalid", SCOOT_R_OUT_OF_RANGE, key,
                                   "%s must be a whole number from %ld to %ld", key, lo, hi);
        return 0;
    }
    *out = n;
    return 1;
}

int scoot__h_events_list(scoot__req *q)
{
    JOURNAL(q, j);
    scoot_time since = INT64_MIN / 2, until = INT64_MAX / 2;
    long limit = 100, offset = 0;
    int st = 0, by_cursor;
    scoot_event_key after;
    if (!parse_time_param(q, "since", &since, &st) || !parse_time_param(q, "until", &until, &st) ||
        !parse_long_param(q, "limit", 1, 1000, &limit, &st) ||
        !parse_long_param(q, "offset", 0, 100000000, &offset, &st) ||
        !cursor_param(q, &after, &by_cursor, &st))
        return st;
    if (by_cursor && scoot__query(q, "offset"))
        return scoot__error(q, 422, "invalid", "offset", "give after or offset, not both");
    page p;
    memset(&p, 0, sizeof p);
    p.arr = json_array();
    p.offset = offset;
    p.limit = limit;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    /* the page and one more row, to know whether there is a next page (an offset, kept for
     * older clients, still reads the rows it skips) */
    int rc = scoot_journal_scan_page(j, q->params[0], since, until, scoot__query(q, "kind"),
                                     by_cursor ? &after : NULL, 0, offset + limit + 1, page_cb, &p,
                                     &err);
    if (rc < 0) {
        json_decref(p.arr);
        if (p.refused) {
            char what[64];
            snprintf(what, sizeof what, "event %lld", (long long)p.refused);
            st = json_refused(q, &p.je, what);
        } else
            st = scoot__error_from(q, rc, &err);
        scoot_buf_free(&err);
        return st;
    }
    scoot_buf_free(&err);
    char cursor[48];
    snprintf(cursor, sizeof cursor, "%lld.%lld", (long long)p.last.t, (long long)p.last.id);
    json_t *o = json_pack("{s:o}", "events", p.arr);
    if (!by_cursor)
        json_object_set_new(o, "next_offset", p.more ? json_integer(offset + limit) : json_null());
    json_object_set_new(o, "next_cursor", p.more ? json_string(cursor) : json_null());
    return reply(q, o, 200);
}

/* The event as JSON; with concerns, after a write, plus what the entry brings that calls for a
 * vet ("concerns") and what calls for one since the cat was last looked at ("open_concerns",
 * which holds the entry's): scoot_journal_entry_concerns. The event is stored by then: if they
 * cannot be worked out, the answer says so with null (and the server's log says why) rather
 * than with an error that would make a client retry and store it twice. */
static int event_reply(scoot__req *q, scoot_journal *j, int64_t id, int status, int concerns)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    scoot_buf_reset(&q->out);
    int rc = scoot_journal_event_get(j, id, &q->out, &err);
    int written = status == 201 || concerns; /* (a write's answer: see short_answer) */
    int st = rc == SCOOT_ENOMEM && written ? short_answer(q, status, id, NULL)
             : rc                          ? scoot__error_from(q, rc, &err)
                                           : status;
    if (!rc && concerns) {
        /* the journal's own JSON texts put together: {...the event..., "concerns": [...],
         * "open_concerns": [...]} (null for both when they cannot be worked out) */
        scoot_buf b, o, cerr;
        scoot_buf_init(&b, 0);
        scoot_buf_init(&o, 0);
        scoot_buf_init(&cerr, 0);
        int crc = scoot_journal_entry_concerns(j, NULL, scoot_time_now(), id, &b, &o, &cerr);
        if (crc)
            fprintf(stderr, "scoot serve: the concerns of event %lld: %s", (long long)id,
                    cerr.len ? scoot_buf_str(&cerr) : "out of memory\n");
        size_t end = q->out.len;
        assert(end && q->out.data[end - 1] == '}'); /* (an object, from the journal) */
        scoot_buf_truncate(&q->out, end - 1);
        int wrc = scoot_buf_adds(&q->out, ",\"concerns\":");
        if (!wrc)
            wrc = scoot_buf_adds(&q->out, crc ? "null" : scoot_buf_str(&b));
        if (!wrc)
            wrc = scoot_buf_adds(&q->out, ",\"open_concerns\":");
        if (!wrc)
            wrc = scoot_buf_adds(&q->out, crc ? "null" : scoot_buf_str(&o));
        if (!wrc)
            wrc = scoot_buf_addc(&q->out, '}');
        if (wrc) { /* the event as stored, without them (its room is there: this cannot fail) */
            scoot_buf_truncate(&q->out, end - 1);
            scoot_buf_addc(&q->out, '}');
            fprintf(stderr, "scoot serve: the concerns of event %lld: out of memory\n",
                    (long long)id);
        }
        scoot_buf_free(&b);
        scoot_buf_free(&o);
        scoot_buf_free(&cerr);
    }
    scoot_buf_free(&err);
    return st;
}

/* Reads "t" of a body (ISO 8601 or the CLI's forms); 1 if fine (or absent). */
static int body_time(scoot__req *q, json_t *v, scoot_time *t, int *has, int *status)
{
    json_t *tv = json_object_get(v, "t");
    *has = 0;
    if (!tv || json_is_null(tv))
        return 1;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (!json_is_string(tv) ||
        scoot_time_parse_past(json_string_value(tv), scoot_time_now(), 86400, t, &err)) {
        *status = scoot__error_why(q, 422, "invalid", err.len ? err.why.reason : SCOOT_R_NOT_DATE,
                                   "t", "%s", err.len ? scoot_buf_str(&err) : "t: expected an ISO 8601 time");
        scoot_buf_free(&err);
        return 0;
    }
    scoot_buf_free(&err);
    *has = 1;
    return 1;
}

/* 1 when every key of the object v is one of the NULL-ended allowed list; else *status is a 422
 * naming the first other key. */
static int only_fields(scoot__req *q, json_t *v, const char *const *allowed, const char *expect,
                       int *status)
{
    const char *key;
    json_t *x;
    json_object_foreach(v, key, x)
    {
        const char *const *a;
        for (a = allowed; *a && strcmp(*a, key); a++)
            ;
        if (!*a) {
            *status = scoot__error_why(q, 422, "invalid", SCOOT_R_UNKNOWN_FIELD, key,
                                       "%s: unknown field (expected %s)", key, expect);
            return 0;
        }
    }
    return 1;
}

/* The "data" and "note" of an event body: data an object, note a text or null; 1 if fine. */
static int event_parts(scoot__req *q, json_t *v, int *status)
{
    json_t *data = json_object_get(v, "data"), *note = json_object_get(v, "note");
    if (data && !json_is_object(data)) {
        *status = scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OBJECT, "data", "data: expected an object");
        return 0;
    }
    if (note && !json_is_null(note) && !json_is_string(note)) {
        *status = scoot__error_why(q, 422, "invalid", SCOOT_R_WRONG_TYPE, "note",
                                   "note: expected a text (or null to clear it)");
        return 0;
    }
    return 1;
}

int scoot__h_events_add(scoot__req *q)
{
    JOURNAL(q, j);
    int st, has;
    json_t *v = scoot__body_json(q, &st);
    if (!v)
        return st;
    scoot_time t = scoot_time_now();
    if (!json_is_object(v)) {
        json_decref(v);
        return scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OBJECT, NULL, "expected an object {kind, t, data, note}");
    }
    static const char *const fields[] = {"kind", "t", "data", "note", NULL};
    if (!only_fields(q, v, fields, "kind, t, data, note", &st) || !event_parts(q, v, &st)) {
        json_decref(v); /* the keys belong to v */
        return st;
    }
    json_t *kind = json_object_get(v, "kind"), *note = json_object_get(v, "note");
    if (!json_is_string(kind)) {
        json_decref(v);
        return scoot__error_why(q, 422, "invalid", SCOOT_R_REQUIRED, "kind", "kind: required, one of %s",
                                scoot_journal_event_kinds());
    }
    json_t *data = json_object_get(v, "data");
    if (!data) {
        json_decref(v);
        return scoot__error_why(q, 422, "invalid", SCOOT_R_REQUIRED, "data",
                            "data: required, an object of the kind's fields ({} when none is "
                            "needed)");
    }
    if (!body_time(q, v, &t, &has, &st)) {
        json_decref(v);
        return st;
    }
    char *text = json_dumps(data, JSON_COMPACT | JSON_ENCODE_ANY);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int64_t id;
    int rc = text ? scoot_journal_event_add(j, q->params[0], json_string_value(kind), t, text,
                                            json_string_value(note), &id, &err)
                  : SCOOT_ENOMEM;
    scoot_free(text);
    json_decref(v);
    st = rc ? scoot__error_from(q, rc, &err) : event_reply(q, j, id, 201, 1);
    scoot_buf_free(&err);
    return st;
}

/* The {id} of the path: digits only, no sign, space or leading zero. */
static int event_id(scoot__req *q, int64_t *id)
{
    const char *s = q->params[0];
    if (s[0] < '1' || s[0] > '9' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
        return 0;
    long long n = strtoll(s, NULL, 10);
    *id = n;
    return 1;
}

int scoot__h_event_get(scoot__req *q)
{
    JOURNAL(q, j);
    int64_t id;
    if (!event_id(q, &id))
        return scoot__error_why(q, 404, "not_found", SCOOT_R_NO_ENTRY, NULL, "no event with id %s", q->params[0]);
    return event_reply(q, j, id, 200, 0);
}

int scoot__h_event_edit(scoot__req *q)
{
    JOURNAL(q, j);
    int64_t id;
    if (!event_id(q, &id))
        return scoot__error_why(q, 404, "not_found", SCOOT_R_NO_ENTRY, NULL, "no event with id %s", q->params[0]);
    int st, has;
    json_t *v = scoot__body_json(q, &st);
    if (!v)
        return st;
    scoot_time t;
    static const char *const fields[] = {"t", "data", "note", NULL};
    if (!json_is_object(v) || !only_fields(q, v, fields, "t, data, note: the kind of an event stays", &st) ||
        !event_parts(q, v, &st) || !body_time(q, v, &t, &has, &st)) {
        if (!json_is_object(v))
            st = scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OBJECT, NULL, "expected an object {t, data, note}");
        json_decref(v);
        return st;
    }
    json_t *data = json_object_get(v, "data"), *note = json_object_get(v, "note");
    char *text = data ? json_dumps(data, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_event_edit(j, id, has ? &t : NULL, text,
                                      note ? (json_is_string(note) ? json_string_value(note) : "") : NULL,
                                      &err);
    scoot_free(text);
    json_decref(v);
    st = rc ? scoot__error_from(q, rc, &err) : event_reply(q, j, id, 200, 1);
    scoot_buf_free(&err);
    return st;
}

int scoot__h_event_delete(scoot__req *q)
{
    JOURNAL(q, j);
    int64_t id;
    if (!event_id(q, &id))
        return scoot__error_why(q, 404, "not_found", SCOOT_R_NO_ENTRY, NULL, "no event with id %s", q->params[0]);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_event_delete(j, id, &err);
    int st = rc ? scoot__error_from(q, rc, &err) : 204;
    scoot_buf_free(&err);
    return st;
}

/* ---- history, assess, summary, due, done ---- */

static json_t *lines(const scoot_buf *b)
{
    json_t *arr = json_array();
    const char *s = scoot_buf_str(b);
    while (*s) {
        size_t n = strcspn(s, "\n");
        json_array_append_new(arr, json_stringn(s, n));
        s += n + (s[n] == '\n');
    }
    return arr;
}

int scoot__h_history(scoot__req *q)
{
    JOURNAL(q, j);
    ENGINE(q, c, r);
    scoot_buf err, ex, cs;
    scoot_buf_init(&err, 0);
    scoot_buf_init(&ex, 0);
    scoot_buf_init(&cs, 0);
    int rc = scoot_journal_derive(j, q->params[0], scoot_time_now(), c, &ex, &err);
    int st;
    if (rc)
        st = scoot__error_from(q, rc, &err);
    else {
        scoot_case_to_json(c, &cs);
        json_error_t je;
        json_t *v = json_pack_ex(&je, 0, "{s:o, s:o}", "case", json_loads(cs.data, 0, NULL), "explain",
                                 lines(&ex));
        st = reply_or(q, v, &je, 200);
    }
    scoot_buf_free(&err);
    scoot_buf_free(&ex);
    scoot_buf_free(&cs);
    return st;
}

int scoot__h_cat_assess(scoot__req *q)
{
    JOURNAL(q, j);
    ENGINE(q, c, r);
    int st, flags;
    if (!texts_param(q, &flags, &st) || !case_from_body(q, c, &st))
        return st;
    scoot_buf err, ex;
    scoot_buf_init(&err, 0);
    scoot_buf_init(&ex, 0);
    int64_t id = 0;
    scoot_time now = scoot_time_now();
    int rc = scoot_journal_derive(j, q->params[0], now, c, &ex, &err);
    if (!rc)
        rc = scoot_journal_assess(j, q->params[0], now, c, r, &id, &err);
    if (rc)
        st = scoot__error_from(q, rc, &err);
    else {
        scoot__metrics_assessment(&q->srv->metrics);
        /* {"id":..,"result":<the result JSON as written>,"derived":[..]} */
        json_t *arr = lines(&ex);
        char *derived = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
        json_decref(arr);
        rc = scoot_buf_printf(&q->out, "{\"id\":%lld,\"result\":", (long long)id);
        if (!rc)
            rc = scoot_result_to_json_flags(r, &q->out, flags);
        if (!rc)
            rc = derived ? scoot_buf_printf(&q->out, ",\"derived\":%s}", derived) : SCOOT_ENOMEM;
        scoot_free(derived); /* jansson allocates through scoot's hook */
        st = rc ? short_answer(q, 201, id, NULL) : 201;
    }
    scoot_buf_free(&err);
    scoot_buf_free(&ex);
    return st;
}

typedef struct {
    json_t *arr;
    long limit;           /* 0: all */
    int more;
    scoot_event_key last; /* the key of the list's last assessment */
    int64_t refused;      /* an assessment jansson would not build (why: je), else 0 */
    json_error_t je;
} assessments_list;

static int assessments_cb(void *ud, const scoot_event *e)
{
    assessments_list *l = ud;
    if (l->limit && (long)json_array_size(l->arr) == l->limit) {
        l->more = 1;
        return 1; /* stop */
    }
    unsigned long failed = scoot__alloc_failures();
    json_t *data = json_loads(e->data, 0, NULL);
    if (!data) /* (a damaged record is not left out without a word) */
        return scoot__alloc_failures() != failed ? SCOOT_ENOMEM : SCOOT_EDAMAGED;
    char iso[32];
    scoot_time_format_utc(e->t, iso, sizeof iso);
    json_t *res = json_object_get(data, "result");
    json_t *o = json_pack_ex(&l->je, 0, "{s:I, s:s, s:O?, s:O?, s:O?}", "id", (json_int_t)e->id, "t", iso,
                             "level", json_object_get(json_object_get(res, "triage"), "level"),
                             "kb_version", json_object_get(data, "kb_version"), "result", res);
    json_decref(data);
    if (!o && scoot__alloc_failures() == failed) {
        l->refused = e->id;
        return SCOOT_EINVAL;
    }
    l->last = (scoot_event_key){e->t, e->id};
    return o && !json_array_append_new(l->arr, o) ? 0 : SCOOT_ENOMEM;
}

int scoot__h_assessments(scoot__req *q)
{
    JOURNAL(q, j);
    assessments_list l;
    memset(&l, 0, sizeof l);
    /* with limit or after: a page, {"assessments", "next_cursor"}; else all, as a list */
    int st, has_after;
    scoot_event_key after;
    if (!parse_long_param(q, "limit", 1, 1000, &l.limit, &st) ||
        !cursor_param(q, &after, &has_after, &st))
        return st;
    int paged = has_after || l.limit;
    if (paged && !l.limit)
        l.limit = 100;
    if (!(l.arr = json_array()))
        return scoot__error(q, 500, "internal", NULL, "out of memory");
    scoot_buf err;
    scoot_buf_init(&err, 0);
    /* newest first; a page and one more, to know whether there is a next page */
    int rc = scoot_journal_scan_page(j, q->params[0], INT64_MIN / 2, INT64_MAX / 2, "assessment",
                                     has_after ? &after : NULL, 1, l.limit ? l.limit + 1 : 0,
                                     assessments_cb, &l, &err);
    if (rc == 1)
        rc = SCOOT_OK;
    char what[64], cursor[48];
    snprintf(what, sizeof what, "assessment %lld", (long long)l.refused);
    snprintf(cursor, sizeof cursor, "%lld.%lld", (long long)l.last.t, (long long)l.last.id);
    st = rc && l.refused ? json_refused(q, &l.je, what)
         : rc            ? scoot__error_from(q, rc, &err)
         : !paged        ? reply(q, json_incref(l.arr), 200)
                         : reply(q, json_pack("{s:O, s:o}", "assessments", l.arr, "next_cursor",
                                              l.more ? json_string(cursor) : json_null()),
                                 200);
    json_decref(l.arr);
    scoot_buf_free(&err);
    return st;
}

int scoot__h_summary(scoot__req *q)
{
    JOURNAL(q, j);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_summary(j, q->params[0], scoot_time_now(), &q->out, &err);
    int st = rc ? scoot__error_from(q, rc, &err) : 200;
    scoot_buf_free(&err);
    return st;
}

int scoot__h_due(scoot__req *q)
{
    JOURNAL(q, j);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_due(j, scoot__query(q, "cat"), scoot_time_now(), &q->out, &err);
    int st = rc ? scoot__error_from(q, rc, &err) : 200;
    scoot_buf_free(&err);
    return st;
}

int scoot__h_done(scoot__req *q)
{
    JOURNAL(q, j);
    int st, has;
    json_t *v = scoot__body_json(q, &st);
    if (!v)
        return st;
    static const char *const fields[] = {"item", "t", NULL};
    if (!json_is_object(v) || !only_fields(q, v, fields, "item, t", &st)) {
        if (!json_is_object(v))
            st = scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OBJECT, NULL, "expected an object {item, t}");
        json_decref(v);
        return st;
    }
    json_t *item = json_object_get(v, "item");
    scoot_time t = scoot_time_now();
    if (!json_is_string(item)) {
        json_decref(v);
        return scoot__error_why(q, 422, "invalid", SCOOT_R_REQUIRED, "item", "item: required, a care id, a medicine, or recheck");
    }
    if (!body_time(q, v, &t, &has, &st)) {
        json_decref(v);
        return st;
    }
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int64_t id;
    int rc = scoot_journal_done(j, q->params[0], json_string_value(item), t, &id, &err);
    json_decref(v);
    st = rc ? scoot__error_from(q, rc, &err) : event_reply(q, j, id, 201, 0);
    scoot_buf_free(&err);
    return st;
}

/* ---- the record leaves scoot: calendar, FHIR, the report for the vet ---- */

/* A document of the cat made by fn into q->out, with its content type. */
static int document(scoot__req *q, int rc, scoot_buf *err, const char *type)
{
    if (rc)
        return scoot__error_from(q, rc, err);
    q->content_type = type;
    return 200;
}

/* A document of the cat made by one of render.h's functions of this shape. */
typedef int (*cat_document_fn)(scoot_journal *j, const scoot_kb *kb, const char *cat,
                               scoot_time now, scoot_buf *out, scoot_buf *err);

static int cat_document(scoot__req *q, cat_document_fn fn, const char *type)
{
    JOURNAL(q, j);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = fn(j, KB(q), q->params[0], scoot_time_now(), &q->out, &err);
    int st = document(q, rc, &err, type);
    scoot_buf_free(&err);
    return st;
}

int scoot__h_plan_ics(scoot__req *q)
{
    return cat_document(q, scoot_calendar, "text/calendar; charset=utf-8");
}

int scoot__h_fhir(scoot__req *q)
{
    return cat_document(q, scoot_fhir_bundle, "application/fhir+json");
}

/* GET /cats/{name}/report.pdf and .html: ?since= and ?until= (times or dates; the default window
 * is the 12 weeks before now), ?paper=a4|letter. */
static int report(scoot__req *q, scoot_report_format format)
{
    JOURNAL(q, j);
    int st;
    scoot_time now = scoot_time_now(), since = SCOOT_REPORT_SINCE_DEFAULT, until = now;
    if (!parse_time_param(q, "since", &since, &st) || !parse_time_param(q, "until", &until, &st))
        return st;
    if (until > now)
        return scoot__error_why(q, 422, "invalid", SCOOT_R_IN_FUTURE, "until",
                                "until: the report cannot end in the future");
    scoot_report_opts o = {format, SCOOT_PAPER_A4};
    const char *paper = scoot__query(q, "paper");
    if (paper && !strcmp(paper, "letter"))
        o.paper = SCOOT_PAPER_LETTER;
    else if (paper && strcmp(paper, "a4"))
        return scoot__error_why(q, 422, "invalid", SCOOT_R_NOT_OPTION, "paper",
                                "paper must be a4 or letter");
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_report(j, KB(q), q->params[0], since, until, &o, &q->out, &err);
    st = document(q, rc, &err, format == SCOOT_REPORT_PDF ? "application/pdf" : "text/html; charset=utf-8");
    if (!rc && format == SCOOT_REPORT_HTML) /* (its style is inline; it has no script) */
        q->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'";
    scoot_buf_free(&err);
    return st;
}

int scoot__h_report_pdf(scoot__req *q)
{
    return report(q, SCOOT_REPORT_PDF);
}

int scoot__h_report_html(scoot__req *q)
{
    return report(q, SCOOT_REPORT_HTML);
}

/* ---- the whole journal: a copy to keep, and a copy restored ---- */

/* The Content-Disposition of an export: "scoot-journal-2026-12-07.json", or with the cat's name
 * ("scoot-Mimi-2026-12-07.json"): the plain name keeps ASCII letters, digits, '-' and '_' (others
 * become '_'); filename* carries the name as it is (RFC 6266, RFC 8187). NULL: out of memory. */
static char *export_disposition(const char *cat)
{
    char day[32];
    scoot_time_format_local(scoot_time_now(), day, sizeof day);
    day[10] = '\0'; /* "2026-11-20 18:05" -> "2026-11-20" */
    scoot_buf b;
    scoot_buf_init(&b, 0);
    if (!cat) {
        scoot_buf_printf(&b, "attachment; filename=\"scoot-journal-%s.json\"", day);
        return scoot_buf_detach(&b);
    }
    scoot_buf_printf(&b, "attachment; filename=\"scoot-");
    for (const unsigned char *s = (const unsigned char *)cat; *s; s++) {
        int plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                    *s == '-' || *s == '_';
        scoot_buf_printf(&b, "%c", plain ? *s : '_');
    }
    scoot_buf_printf(&b, "-%s.json\"; filename*=UTF-8''scoot-", day);
    for (const unsigned char *s = (const unsigned char *)cat; *s; s++) {
        int plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                    *s == '-' || *s == '_' || *s == '.';
        if (plain)
            scoot_buf_printf(&b, "%c", *s);
        else
            scoot_buf_printf(&b, "%%%02X", *s);
    }
    scoot_buf_printf(&b, "-%s.json", day);
    return scoot_buf_detach(&b);
}

/* GET /export[?cat=NAME]: the journal (or one cat's) as `scoot export` writes it, as a file to
 * save. */
int scoot__h_export(scoot__req *q)
{
    JOURNAL(q, j);
    const char *cat = scoot__query(q, "cat");
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int rc = scoot_journal_export_json(j, cat, &q->out, &err);
    int st = document(q, rc, &err, "application/json");
    scoot_buf_free(&err);
    if (st == 200) {
        q->disposition = export_disposition(cat);
        if (!q->disposition)
            return scoot__error(q, 500, "internal", NULL, "out of memory");
    }
    return st;
}

/* POST /import: an export's JSON added to the journal, all of it or nothing (a cat already in
 * the journal refuses the whole copy): {"cats": N, "events": M}. */
int scoot__h_import(scoot__req *q)
{
    JOURNAL(q, j);
    int st;
    json_t *v0 = scoot__body_json(q, &st); /* (JSON that does not parse is a 400, as elsewhere) */
    if (!v0)
        return st;
    json_decref(v0);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int n_cats = 0, n_events = 0;
    int rc = scoot_journal_import_json(j, q->body.data, q->body.len, "copy", &n_cats, &n_events, &err);
    if (rc) {
        /* "copy: cats[0].name" -> "cats[0].name": the field is a place in the body */
        static const char pre[] = "copy: ";
        size_t n = sizeof pre - 1;
        if (!strncmp(err.why.field, pre, n))
            memmove(err.why.field, err.why.field + n, strlen(err.why.field + n) + 1);
        if (err.len >= n && !strncmp(err.data, pre, n)) {
            memmove(err.data, err.data + n, err.len - n + 1);
            err.len -= n;
        }
        st = scoot__error_from(q, rc, &err);
    } else {
        json_error_t je;
        json_t *v = json_pack_ex(&je, 0, "{s:i, s:i}", "cats", n_cats, "events", n_events);
        st = reply_or(q, v, &je, 200);
    }
    scoot_buf_free(&err);
    return st;
}
