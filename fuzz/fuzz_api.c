/* fuzz_api.c: any bytes as a few HTTP requests (fuzz_request.h) answered in-process by a real
 * scoot_server, through the same head checks, routes and handlers as over a socket, on a fresh
 * journal in a temporary folder for each input. Every answer must have a status from 200 to
 * 599; a JSON answer must be well-formed JSON (an error one {"error":{"code","message",
 * "field","reason"}}); a 500 only where the journal failed (counted as a database error). */
#include "../src/core/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "../src/server/request.h"
#include "../src/server/routes.h"
#include "../src/server/server_int.h"
#include "fuzz_request.h"
#include "scoot/scoot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static scoot_kb *kb;
static char dir[256], db[300];
static int verbose;

/* Removes the journal's files. */
static void remove_journal(void)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char p[320];
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(ext); i++) {
        snprintf(p, sizeof p, "%s%s", db, ext[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    remove_journal();
    rmdir(dir);
}

static void start(void)
{
    if (scoot_kb_load_default(&kb, NULL))
        abort();
    setenv("SCOOT_NOW", "2026-11-20T12:00:00Z", 1);
    setenv("TZ", "UTC", 1);
    /* tmpfs where there is one: the journal syncs each commit */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/scoot-fuzz-api-XXXXXX", base);
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof db, "%s/fuzz.db", dir);
    atexit(cleanup);
    verbose = getenv("FUZZ_API_VERBOSE") != NULL;
    json_object_seed(1);
}

/* Aborts with what was wrong with an answer. */
static void bad(const fuzz_request *r, int status, const scoot_buf *out, const char *why)
{
    fprintf(stderr, "fuzz_api: %s %s -> %d: %s\n%.*s\n", r->method, r->target, status, why,
            (int)(out->len > 2000 ? 2000 : out->len), out->data ? out->data : "");
    abort();
}

/* Checks an answer. */
static void check(const fuzz_request *r, const scoot__req *q, int status, unsigned long db_errors_before)
{
    if (status < 200 || status > 599)
        bad(r, status, &q->out, "a status out of range");
    if (status == 500 && scoot__metrics_db_errors(&q->srv->metrics) == db_errors_before)
        bad(r, status, &q->out, "a 500 without a database error");
    if (status == 204) {
        if (q->out.len)
            bad(r, status, &q->out, "a 204 with a body");
        return;
    }
    const char *ct = q->content_type ? q->content_type : "application/json";
    if (strncmp(ct, "application/json", 16))
        return; /* the web app's files, /metrics */
    json_error_t je;
    json_t *v = json_loadb(q->out.data ? q->out.data : "", q->out.len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!v)
        bad(r, status, &q->out, je.text);
    if (status >= 400) {
        json_t *e = json_object_get(v, "error");
        json_t *f = json_object_get(e, "field"), *why = json_object_get(e, "reason");
        json_t *params = json_object_get(e, "params");
        if (json_object_size(v) != 1 || !json_is_object(e) || !json_is_string(json_object_get(e, "code")) ||
            !json_is_string(json_object_get(e, "message")) || !(json_is_string(f) || json_is_null(f)) ||
            !(json_is_string(why) || json_is_null(why)) || (params && !json_is_object(params)))
            bad(r, status, &q->out,
                "an error that is not {\"error\":{\"code\",\"message\",\"field\",\"reason\"[,\"params\"]}}");
    } else if (!json_is_object(v) && !json_is_array(v))
        bad(r, status, &q->out, "an answer that is not an object or an array");
    json_decref(v);
}

/* Answers one request as http.c does. */
static void answer(scoot_server *s, const fuzz_request *r)
{
    scoot__req q;
    if (scoot__req_init(&q, s, r->target, r->target_len))
        return;
    q.method = r->method;
    q.worker = scoot__worker_mine(&s->workers);
    scoot__head h;
    fuzz_request_head(r, &h);
    unsigned long before = scoot__metrics_db_errors(&s->metrics);
    int status = scoot__req_start(&q, r->version, &h, &s->hosts);
    if (!status) {
        if (r->body_len && scoot_buf_add(&q.body, r->body, r->body_len) != SCOOT_OK)
            q.too_large = 1;
        status = scoot__route_dispatch(&q);
    }
    check(r, &q, status, before);
    if (verbose) /* FUZZ_API_VERBOSE=1: what each request of the input got */
        fprintf(stderr, "%s %s -> %d %.*s\n", r->method, r->target, status, status >= 400 ? (int)q.out.len : 0,
                q.out.data ? q.out.data : "");
    scoot__req_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kb)
        start();
    remove_journal();
    scoot_server_config cfg = {.listen = "127.0.0.1:8080", .db = db, .kb = kb, .threads = 1, .access_log = -1};
    scoot_server *s;
    if (scoot_server_new(&cfg, &s))
        return 0;
    s->hosts.listen = "127.0.0.1";
    const char *p = (const char *)data;
    size_t n = size;
    fuzz_request r;
    for (int i = 0; i < 8 && fuzz_request_next(&p, &n, &r); i++)
        answer(s, &r);
    scoot_server_free(s);
    return 0;
}
