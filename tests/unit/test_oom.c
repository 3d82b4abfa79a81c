/*
 * test_oom.c: allocation failure injection for the journal. For each operation (writes,
 * import, export, reads, the assessment of a cat) and for every N, the N-th allocation of
 * scoot (and of jansson, which allocates through scoot's hook) fails: the operation ends in a
 * clean error (out of memory, or the operation's own refusal with a message), nothing leaks
 * (every allocation made during it is freed once its outputs are), and a write that fails
 * leaves the journal as it was. SQLite's own allocations are not scoot's to fail (the library
 * does not replace an embedding program's SQLite allocator), so a journal in memory stands
 * in for the file. The text builders (the KB's and a result's JSON and text, a case's JSON) are
 * failed the same way, and capped short: each reports the first failure, as it was.
 */
#include "../../src/core/setup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "scoot/scoot.h"
#include "support.h"

/* The hook: counts live blocks and allocations, and fails the allocation numbered fail_at. */
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
    if (fail_at > 0 && ++count == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live++;
    return p;
}

static const scoot_time NOW = 1795176000; /* 2026-11-20T12:00:00Z */

/* A journal of two cats with one entry of most kinds (a leak with blood, an observation, a
 * stool, a weight, a pain score, care, a vet visit that booked a recheck, a medicine). */
static const char FIXTURE[] =
    "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":["
    "{\"name\":\"Mimi\",\"birth_date\":\"2017-03-01\",\"sex\":\"female\",\"weight_kg\":4.2},"
    "{\"name\":\"Tom\"}],\"events\":["
    "{\"id\":1,\"cat\":\"Mimi\",\"kind\":\"episode\",\"t\":\"2026-11-17T10:00:00Z\",\"data\":{\"amount\":"
    "\"smear\",\"look\":[\"brown\",\"bloody\"],\"context\":\"rest\",\"where\":\"sofa\"},\"note\":"
    "\"on the sofa\"},"
    "{\"id\":2,\"cat\":\"Mimi\",\"kind\":\"episode\",\"t\":\"2026-11-19T08:00:00Z\",\"data\":{\"amount\":"
    "\"spot\"}},"
    "{\"id\":3,\"cat\":\"Mimi\",\"kind\":\"observation\",\"t\":\"2026-11-19T09:00:00Z\",\"data\":"
    "{\"finding\":\"scooting\",\"value\":true}},"
    "{\"id\":4,\"cat\":\"Mimi\",\"kind\":\"stool\",\"t\":\"2026-11-19T10:00:00Z\",\"data\":{\"score\":5}},"
    "{\"id\":5,\"cat\":\"Mimi\",\"kind\":\"weight\",\"t\":\"2026-11-18T10:00:00Z\",\"data\":{\"kg\":4.0}},"
    "{\"id\":6,\"cat\":\"Mimi\",\"kind\":\"pain\",\"t\":\"2026-11-19T11:00:00Z\",\"data\":{\"ears\":1,"
    "\"eyes\":0,\"muzzle\":0,\"whiskers\":0,\"head\":1}},"
    "{\"id\":7,\"cat\":\"Mimi\",\"kind\":\"care\",\"t\":\"2026-11-19T12:00:00Z\",\"data\":{\"care\":"
    "\"warm_compress\",\"minutes\":10,\"tolerated\":\"well\"}},"
    "{\"id\":8,\"cat\":\"Mimi\",\"kind\":\"vet_visit\",\"t\":\"2026-11-18T15:00:00Z\",\"data\":{\"clinic\":"
    "\"Town Vets\",\"found\":\"full glands\",\"treatment\":\"emptied\",\"recheck\":"
    "\"2026-11-27\"}},"
    "{\"id\":9,\"cat\":\"Mimi\",\"kind\":\"medicine\",\"t\":\"2026-11-18T15:05:00Z\",\"data\":{\"name\":"
    "\"Meloxicam\",\"times_per_day\":1,\"days\":5,\"dose\":\"0.1 ml\",\"start\":"
    "\"2026-11-18\"}},"
    "{\"id\":10,\"cat\":\"Tom\",\"kind\":\"episode\",\"t\":\"2026-11-15T10:00:00Z\",\"data\":{}}]}";

static scoot_kb *kb;

/* The whole journal as its export (with no allocation failing). */
static char *snapshot(scoot_journal *j)
{
    long keep = fail_at;
    fail_at = -1;
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_export_json(j, NULL, &out, NULL), SCOOT_OK);
    char *s = strdup(scoot_buf_str(&out));
    /* (the export's own time is not the journal's) */
    char *ex = strstr(s, "\"exported\"");
    if (ex)
        memset(ex, ' ', strcspn(ex, ",\n"));
    scoot_buf_free(&out);
    fail_at = keep;
    return s;
}

/* One operation on journal j; out and err are for what it writes. */
typedef int (*op_fn)(scoot_journal *j, scoot_buf *out, scoot_buf *err);

static int op_cat_add(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    return scoot_journal_cat_add(j, "{\"name\":\"Zoë\",\"sex\":\"male\",\"breed\":\"Maine Coon\"}",
                                 NULL, err);
}
static int op_cat_edit(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    return scoot_journal_cat_edit(j, "Mimi", "{\"coat\":\"long\",\"weight_kg\":4.5}", err);
}
static int op_cat_remove(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    return scoot_journal_cat_remove(j, "Tom", err);
}
static int op_event_add(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    int64_t id;
    return scoot_journal_event_add(j, "Mimi", "episode", NOW - 600,
                                   "{\"amount\":\"smear\",\"look\":[\"pus\"],\"context\":\"fright\"}",
                                   "after the vet", &id, err);
}
static int op_event_edit(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    scoot_time t = NOW - 7200;
    return scoot_journal_event_edit(j, 1, &t, "{\"amount\":\"puddle\",\"look\":[\"grey\"]}",
                                    "edited", err);
}
static int op_event_delete(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    return scoot_journal_event_delete(j, 2, err);
}
static int op_done(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    int64_t id;
    return scoot_journal_done(j, "Mimi", "Meloxicam", NOW - 60, &id, err);
}
static int op_assess(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    (void)out;
    scoot_case *c = NULL;
    scoot_result *r = NULL;
    int rc = scoot_case_new(kb, &c);
    if (!rc)
        rc = scoot_result_new(kb, &r);
    const char *js = "{\"findings\":{\"swelling\":true}}";
    if (!rc)
        rc = scoot_case_set_json(c, js, strlen(js), "case", err);
    int64_t id;
    if (!rc)
        rc = scoot_journal_assess(j, "Mimi", NOW, c, r, &id, err);
    scoot_result_free(r);
    scoot_case_free(c);
    return rc;
}
static int op_export_json(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_export_json(j, NULL, out, err);
}
static int op_export_csv(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_export_csv(j, "Mimi", out, err);
}
static int op_cat_list(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_cat_list(j, out, err);
}
static int op_event_get(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_event_get(j, 1, out, err);
}
static int op_due(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_due(j, NULL, NOW, out, err);
}
static int op_summary(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_summary(j, "Mimi", NOW, out, err);
}
static int op_derive(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    scoot_case *c = NULL;
    int rc = scoot_case_new(kb, &c);
    if (!rc)
        rc = scoot_journal_derive(j, "Mimi", NOW, c, out, err);
    scoot_case_free(c);
    return rc;
}
static int op_concerns(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_concerns(j, "Mimi", NOW, 1, out, err);
}
static int op_check(scoot_journal *j, scoot_buf *out, scoot_buf *err)
{
    return scoot_journal_check(j, 0, out, err);
}

typedef struct {
    const char *name;
    op_fn fn;
    int writes;
} op;

/* Runs fn against a fresh copy of the fixture, failing each allocation in turn. */
static void inject(const op *o)
{
    long tried = 0;
    for (long k = 1; k < 1000000; k++) {
        fail_at = -1;
        scoot_journal *j;
        assert_int_equal(scoot_journal_open(":memory:", kb, &j, NULL), SCOOT_OK);
        int nc, ne;
        assert_int_equal(scoot_journal_import_json(j, FIXTURE, strlen(FIXTURE), "fixture", &nc,
                                                   &ne, NULL),
                         SCOOT_OK);
        char *before = snapshot(j);
        scoot_buf out, err;
        scoot_buf_init(&out, 0);
        scoot_buf_init(&err, 0);
        long live0 = live;
        count = 0;
        fail_at = k;
        int rc = o->fn(j, &out, &err);
        long failed = count >= k;
        fail_at = -1;
        char msg[512];
        snprintf(msg, sizeof msg, "%s", scoot_buf_str(&err));
        scoot_buf_free(&out);
        scoot_buf_free(&err);
        if (live != live0)
            fail_msg("%s: failing allocation %ld: %ld block(s) left allocated (rc %d)", o->name, k,
                     live - live0, rc);
        if (failed && rc == SCOOT_OK && o->writes) {
            /* (an allocation failed and was got round: the write must have happened whole;
             * nothing to check against here) */
        }
        if (rc != SCOOT_OK) {
            if (!failed)
                fail_msg("%s: fails (rc %d: %s) with no allocation failing", o->name, rc,
                         scoot_strerror(rc));
            if (rc != SCOOT_ENOMEM)
                fail_msg("%s: failing allocation %ld gives rc %d (%s), not out of memory: %s",
                         o->name, k, rc, scoot_strerror(rc), msg);
            if (o->writes) {
                char *after = snapshot(j);
                if (strcmp(before, after))
                    fail_msg("%s: failing allocation %ld left the journal changed", o->name, k);
                free(after);
            }
        }
        free(before);
        scoot_journal_close(j);
        if (!failed) { /* no allocation failed: every one has been tried */
            tried = k - 1;
            break;
        }
    }
    print_message("%-16s %ld allocations failed one at a time\n", o->name, tried);
}

#define OP(name, writes) {#name, op_##name, writes}
static const op ops[] = {
    OP(cat_add, 1),     OP(cat_edit, 1),    OP(cat_remove, 1), OP(event_add, 1),
    OP(event_edit, 1),  OP(event_delete, 1), OP(done, 1),      OP(assess, 1),
    OP(export_json, 0), OP(export_csv, 0),  OP(cat_list, 0),   OP(event_get, 0),
    OP(due, 0),         OP(summary, 0),     OP(derive, 0),     OP(concerns, 0),
    OP(check, 0),
};

static void journal_ops(void **state)
{
    (void)state;
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(ops); i++)
        inject(&ops[i]);
}

/* The import itself, into an empty journal: on failure the journal stays empty. */
static void import(void **state)
{
    (void)state;
    long tried = 0;
    for (long k = 1; k < 1000000; k++) {
        fail_at = -1;
        scoot_journal *j;
        assert_int_equal(scoot_journal_open(":memory:", kb, &j, NULL), SCOOT_OK);
        char *before = snapshot(j);
        scoot_buf err;
        scoot_buf_init(&err, 0);
        long live0 = live;
        count = 0;
        fail_at = k;
        int nc = 0, ne = 0;
        int rc = scoot_journal_import_json(j, FIXTURE, strlen(FIXTURE), "fixture", &nc, &ne, &err);
        long failed = count >= k;
        fail_at = -1;
        if (rc != SCOOT_OK && rc != SCOOT_ENOMEM)
            fail_msg("import: failing allocation %ld gives rc %d (%s): %s", k, rc,
                     scoot_strerror(rc), scoot_buf_str(&err));
        scoot_buf_free(&err);
        assert_int_equal(live, live0);
        if (rc != SCOOT_OK) {
            assert_true(failed);
            char *after = snapshot(j);
            assert_string_equal(before, after);
            free(after);
        } else {
            assert_int_equal(nc, 2);
            assert_int_equal(ne, 10);
        }
        free(before);
        scoot_journal_close(j);
        if (!failed) {
            tried = k - 1;
            break;
        }
    }
    print_message("%-16s %ld allocations failed one at a time\n", "import", tried);
    assert_true(tried > 0);
}

/* Opening a journal (the schema, its migrations): a clean error, nothing left allocated. */
static void open_journal(void **state)
{
    (void)state;
    long tried = 0;
    for (long k = 1; k < 100000; k++) {
        long live0 = live;
        count = 0;
        fail_at = k;
        scoot_journal *j = NULL;
        scoot_buf err;
        scoot_buf_init(&err, 0);
        int rc = scoot_journal_open(":memory:", kb, &j, &err);
        long failed = count >= k;
        fail_at = -1;
        scoot_buf_free(&err);
        if (rc == SCOOT_OK)
            scoot_journal_close(j);
        else
            assert_int_equal(rc, SCOOT_ENOMEM);
        assert_int_equal(live, live0);
        if (!failed) {
            tried = k - 1;
            break;
        }
    }
    print_message("%-16s %ld allocations failed one at a time\n", "open", tried);
    assert_true(tried > 0);
}

/* ---- the text builders: the first failure is the one reported ---- */

typedef int (*build_fn)(scoot_buf *out);
static scoot_result *res; /* an assessment with causes, care and open questions */
static scoot_case *cas;

static int b_kb_json(scoot_buf *out) { return scoot_kb_to_json(kb, out); }
static int b_kb_text(scoot_buf *out) { return scoot_kb_to_text(kb, out); }
static int b_result_json(scoot_buf *out) { return scoot_result_to_json(res, out); }
static int b_result_brief(scoot_buf *out)
{
    return scoot_result_to_json_flags(res, out, SCOOT_JSON_BRIEF);
}
static int b_result_text(scoot_buf *out) { return scoot_result_to_text(res, out, SCOOT_TEXT_COLOR); }
static int b_case_json(scoot_buf *out) { return scoot_case_to_json(cas, out); }

static const struct {
    const char *name;
    build_fn fn;
} builders[] = {
    {"kb json", b_kb_json},         {"kb text", b_kb_text},         {"result json", b_result_json},
    {"result brief", b_result_brief}, {"result text", b_result_text}, {"case json", b_case_json},
};

/* Every allocation failed in turn: out of memory and nothing left allocated; then every cap
 * shorter than the text (in steps): too big, the text no longer than the cap, NUL-terminated. */
static void text_builders(void **state)
{
    (void)state;
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(builders); i++) {
        scoot_buf full;
        scoot_buf_init(&full, 0);
        assert_int_equal(builders[i].fn(&full), SCOOT_OK);
        long tried = 0;
        for (long k = 1; k < 1000000; k++) {
            scoot_buf out;
            scoot_buf_init(&out, 0);
            long live0 = live;
            count = 0;
            fail_at = k;
            int rc = builders[i].fn(&out);
            long failed = count >= k;
            fail_at = -1;
            scoot_buf_free(&out);
            if (rc != (failed ? SCOOT_ENOMEM : SCOOT_OK))
                fail_msg("%s: failing allocation %ld gives rc %d (%s)", builders[i].name, k, rc,
                         scoot_strerror(rc));
            if (live != live0)
                fail_msg("%s: failing allocation %ld: %ld block(s) left allocated",
                         builders[i].name, k, live - live0);
            if (!failed) {
                tried = k - 1;
                break;
            }
        }
        assert_true(tried > 0);
        size_t step = full.len / 997 + 1;
        for (size_t cap = 1; cap < full.len; cap += step) {
            scoot_buf out;
            scoot_buf_init(&out, cap);
            int rc = builders[i].fn(&out);
            if (rc != SCOOT_ETOOBIG)
                fail_msg("%s: capped at %zu bytes gives rc %d (%s)", builders[i].name, cap, rc,
                         scoot_strerror(rc));
            assert_true(out.len <= cap);
            assert_int_equal(strlen(scoot_buf_str(&out)), out.len);
            scoot_buf_free(&out);
        }
        print_message("%-16s %ld allocations failed one at a time, capped at %zu sizes\n",
                      builders[i].name, tried, (full.len - 1 + step - 1) / step);
        scoot_buf_free(&full);
    }
}

static int setup(void **state)
{
    (void)state;
    setenv("SCOOT_NOW", "2026-11-20T12:00:00Z", 1);
    setenv("TZ", "UTC", 1);
    scoot_alloc_set_hook(hook, NULL);
    kb = t_default_kb();
    if (!kb)
        return -1;
    /* the KB's pieces of the result JSON are built once, on first use, and kept with the KB:
     * built here, they do not count as left allocated by the first operation that writes one */
    scoot_case *c;
    scoot_result *r;
    scoot_buf b;
    scoot_buf_init(&b, 0);
    if (scoot_case_new(kb, &c) || scoot_result_new(kb, &r) || scoot_assess(kb, c, r) ||
        scoot_result_to_json(r, &b))
        return -1;
    scoot_buf_free(&b);
    scoot_result_free(r);
    scoot_case_free(c);
    /* the builders' case: pain at the rear, a leak, an unsure answer, a text answer */
    if (scoot_case_new(kb, &cas) || scoot_result_new(kb, &res) ||
        scoot_case_set_text(cas, "pain_on_touch", "yes", NULL) ||
        scoot_case_set_text(cas, "scooting", "yes", NULL) ||
        scoot_case_set_text(cas, "odor", "not sure", NULL) || scoot_assess(kb, cas, res))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scoot_result_free(res);
    scoot_case_free(cas);
    scoot_kb_free(kb);
    scoot_alloc_set_hook(NULL, NULL);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_journal),
        cmocka_unit_test(import),
        cmocka_unit_test(journal_ops),
        cmocka_unit_test(text_builders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
