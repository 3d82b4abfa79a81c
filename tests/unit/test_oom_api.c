/*
 * test_oom_api.c: allocation failure injection for the server's handlers. For every route (a
 * real request of each, answered in-process by a real scoot_server through the same head
 * checks, routes and handlers as over a socket) and for every N, the N-th allocation of scoot
 * and of jansson fails: the answer is either the route's own success or a clean error (a
 * well-formed JSON error, 500 or 503), nothing leaks (every block allocated is freed once the
 * server is), and an answer that is not a success leaves the journal as it was. Each attempt
 * starts from the same journal file. (SQLite's, libmicrohttpd's and the report's font
 * libraries' allocations are not scoot's to fail; the report is left to the fuzzers.)
 */
#include "../../src/core/setup.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../src/server/request.h"
#include "../../src/server/routes.h"
#include "../../src/server/server_int.h"
#include "scoot/scoot.h"
#include "support.h"

static long live, count, fail_at = -1;

static void *hook(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        if (ptr)
            live--;
        free(ptr);
        return NULL;
    }
    count++;
    if (fail_at > 0 && count == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live++;
    return p;
}

static scoot_kb *kb;
static char dir[256], db[300], pristine[300];

static const char FIXTURE[] =
    "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":["
    "{\"name\":\"Mimi\",\"birth_date\":\"2017-03-01\",\"sex\":\"female\",\"weight_kg\":4.2},"
    "{\"name\":\"Tom\"}],\"events\":["
    "{\"id\":1,\"cat\":\"Mimi\",\"kind\":\"episode\",\"t\":\"2026-11-17T10:00:00Z\",\"data\":{\"amount\":"
    "\"smear\",\"look\":[\"brown\"],\"context\":\"rest\"},\"note\":\"on the sofa\"},"
    "{\"id\":2,\"cat\":\"Mimi\",\"kind\":\"stool\",\"t\":\"2026-11-19T08:00:00Z\",\"data\":{\"score\":2}},"
    "{\"id\":3,\"cat\":\"Mimi\",\"kind\":\"weight\",\"t\":\"2026-11-19T09:00:00Z\",\"data\":{\"kg\":4.1}},"
    "{\"id\":4,\"cat\":\"Mimi\",\"kind\":\"medicine\",\"t\":\"2026-11-19T10:00:00Z\",\"data\":{\"name\":"
    "\"Meloxicam\",\"times_per_day\":1,\"days\":5}},"
    "{\"id\":5,\"cat\":\"Mimi\",\"kind\":\"vet_visit\",\"t\":\"2026-11-18T10:00:00Z\",\"data\":{\"clinic\":"
    "\"Oak Vets\",\"recheck\":\"2026-11-28\"}}]}";

static const char CASE[] = "{\"cat\":{\"age_years\":6},\"findings\":{\"scooting\":true,\"swelling\":"
                           "false,\"pain_on_touch\":false,\"discharge_seen\":true}}";

static const struct {
    const char *method, *target, *body;
} requests[] = {
    {"GET", "/healthz", NULL},
    {"GET", "/metrics", NULL},
    {"GET", "/api/v1/kb", NULL},
    {"POST", "/api/v1/assess", CASE},
    {"GET", "/api/v1/cats", NULL},
    {"POST", "/api/v1/cats", "{\"name\":\"Rex\",\"weight_kg\":4}"},
    {"GET", "/api/v1/cats/Mimi", NULL},
    {"PATCH", "/api/v1/cats/Mimi", "{\"breed\":\"Tabby\"}"},
    {"DELETE", "/api/v1/cats/Tom", NULL},
    {"GET", "/api/v1/cats/Mimi/events?limit=2", NULL},
    {"POST", "/api/v1/cats/Mimi/events", "{\"kind\":\"episode\",\"data\":{\"amount\":\"spot\"}}"},
    {"GET", "/api/v1/events/1", NULL},
    {"PATCH", "/api/v1/events/2", "{\"note\":\"soft\",\"data\":{\"score\":3}}"},
    {"DELETE", "/api/v1/events/3", NULL},
    {"GET", "/api/v1/cats/Mimi/history", NULL},
    {"POST", "/api/v1/cats/Mimi/assess", "{\"findings\":{\"pain_on_touch\":false}}"},
    {"GET", "/api/v1/cats/Mimi/assessments", NULL},
    {"GET", "/api/v1/cats/Mimi/summary", NULL},
    {"GET", "/api/v1/due", NULL},
    {"POST", "/api/v1/cats/Mimi/done", "{\"item\":\"Meloxicam\"}"},
    {"GET", "/api/v1/cats/Mimi/plan.ics", NULL},
    {"GET", "/api/v1/cats/Mimi/fhir", NULL},
    {"POST", "/api/v1/cats", "{\"name\":"}, /* (a refusal, failed too) */
    {"GET", "/api/v1/cats/Nobody", NULL},
};

/* The journal's contents, as the export gives them (the hook not failing). */
static char *snapshot(void)
{
    scoot_journal *j;
    scoot_buf out;
    scoot_buf_init(&out, 0);
    if (scoot_journal_open(db, kb, &j, NULL))
        fail_msg("cannot open %s", db);
    if (scoot_journal_export_json(j, NULL, &out, NULL))
        fail_msg("cannot export %s", db);
    scoot_journal_close(j);
    char *s = scoot_buf_detach(&out);
    /* (the export's own time stamp is not the journal's) */
    char *ex = strstr(s, "\"exported\"");
    if (ex)
        memset(ex, ' ', strcspn(ex, ",\n"));
    return s;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void remove_journal(void)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    char p[320];
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(ext); i++) {
        snprintf(p, sizeof p, "%s%s", db, ext[i]);
        unlink(p);
    }
}

/* One request answered by a fresh server on a fresh copy of the journal; fails the fail_at-th
 * allocation from the server's creation on (0: none). Returns the status; *body the answer. */
static int answer(int i, long fail, char **body, const char **type)
{
    remove_journal();
    copy_file(pristine, db);
    scoot_server_config cfg = {.listen = "127.0.0.1:8080", .db = db, .kb = kb, .threads = 1,
                               .access_log = -1};
    count = 0;
    fail_at = fail;
    scoot_server *s;
    int status;
    *body = NULL;
    *type = NULL;
    if (scoot_server_new(&cfg, &s)) {
        status = -1; /* (could not start: nothing answered, nothing changed) */
    } else {
        s->hosts.listen = "127.0.0.1";
        scoot__req q;
        const char *target = requests[i].target;
        if (scoot__req_init(&q, s, target, strlen(target))) {
            status = -1;
        } else {
            q.method = requests[i].method;
            q.worker = scoot__worker_mine(&s->workers);
            scoot__head h;
            memset(&h, 0, sizeof h);
            if (requests[i].body)
                scoot__head_add(&h, "Content-Type", "application/json", 16);
            scoot__head_add(&h, "Host", "127.0.0.1:8080", 14);
            status = scoot__req_start(&q, "HTTP/1.1", &h, &s->hosts);
            if (!status) {
                if (requests[i].body &&
                    scoot_buf_adds(&q.body, requests[i].body) != SCOOT_OK)
                    q.too_large = 1;
                status = scoot__route_dispatch(&q);
            }
            fail_at = -1;
            *body = strdup(q.out.data ? q.out.data : "");
            *type = q.content_type;
            scoot__req_free(&q);
        }
        fail_at = -1;
        scoot_server_free(s);
    }
    fail_at = -1;
    return status;
}

static void every_route(void **state)
{
    (void)state;
    scoot_alloc_set_hook(hook, NULL);
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(requests); i++) {
        char *body;
        const char *type;
        /* the journal as each attempt finds it: a failed answer must leave it so */
        remove_journal();
        copy_file(pristine, db);
        char *base_state = snapshot();
        /* (once first: the KB's caches of texts are made at their first use and kept) */
        answer((int)i, 0, &body, &type);
        free(body);
        long before = live;
        int ok = answer((int)i, 0, &body, &type);
        long allocs = count;
        if (!(ok >= 200 && ok < 500) || live != before)
            fail_msg("%s %s: %d, %ld blocks left", requests[i].method, requests[i].target, ok,
                     live - before);
        free(body);
        long n_fail = 0;
        for (long n = 1; n <= allocs + 1; n++) {
            int st = answer((int)i, n, &body, &type);
            if (live != before)
                fail_msg("%s %s, allocation %ld of %ld failed: %ld blocks leaked", requests[i].method,
                         requests[i].target, n, allocs, live - before);
            if (st == ok) {
                free(body);
                continue; /* (the failure did not matter, or was handled) */
            }
            n_fail++;
            if (st != -1 && st != 500 && st != 503)
                fail_msg("%s %s, allocation %ld of %ld failed: status %d (the route's own is %d): %s",
                         requests[i].method, requests[i].target, n, allocs, st, ok, body);
            if (st != -1 && (!type || !strncmp(type, "application/json", 16))) {
                json_error_t je;
                json_t *v = json_loads(body, 0, &je);
                if (!v || !json_is_string(json_object_get(json_object_get(v, "error"), "message")))
                    fail_msg("%s %s, allocation %ld failed: %d with a body that is not a JSON error: %s",
                             requests[i].method, requests[i].target, n, st, body);
                json_decref(v);
            }
            free(body);
            char *now = snapshot();
            if (strcmp(now, base_state))
                fail_msg("%s %s, allocation %ld of %ld failed (%d): the journal changed",
                         requests[i].method, requests[i].target, n, allocs, st);
            scoot_free(now);
        }
        print_message("%-6s %-40s %ld allocations, %ld failures answered cleanly\n",
                      requests[i].method, requests[i].target, allocs, n_fail);
        scoot_free(base_state);
    }
    scoot_alloc_set_hook(NULL, NULL);
}

int main(void)
{
    setenv("SCOOT_NOW", "2026-11-20T12:00:00Z", 1);
    setenv("TZ", "UTC", 1);
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/scoot-oom-api-XXXXXX", base);
    if (!mkdtemp(dir) || scoot_kb_load_default(&kb, NULL))
        return 1;
    snprintf(db, sizeof db, "%s/j.db", dir);
    snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
    scoot_journal *j;
    int nc, ne;
    if (scoot_journal_open_mode(pristine, kb, SCOOT_JOURNAL_CREATE, &j, NULL) ||
        scoot_journal_import_json(j, FIXTURE, sizeof FIXTURE - 1, "fixture", &nc, &ne, NULL))
        return 1;
    scoot_journal_close(j);
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_route)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    remove_journal();
    unlink(pristine);
    rmdir(dir);
    scoot_kb_free(kb);
    return rc;
}
