/*
 * test_journal.c: the journal conformance suite. Every test runs against each backend in
 * `backends` (SQLite today); a new backend must pass all of it. Bad input of every kind must
 * leave the journal unchanged: each check compares a full export before and after.
 * The clock is fixed with SCOOT_NOW.
 */
#include "../../src/core/setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "../../src/store/journal_int.h"
#include "scoot/time.h"
#include "support.h"

static const scoot__backend *const backends[] = {&scoot__sqlite_backend};

static scoot_kb *kb;
static char dir[256];
static int seq;

#define NOW_TEXT "2026-11-20T12:00:00Z"

static scoot_time now(void)
{
    return scoot_time_now();
}

static int setup(void **state)
{
    (void)state;
    setenv("SCOOT_NOW", NOW_TEXT, 1);
    setenv("TZ", "UTC", 1);
    kb = t_default_kb();
    snprintf(dir, sizeof dir, "/tmp/scoot-test-journal-%d", (int)getpid());
    char cmd[320];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scoot_kb_free(kb);
    char cmd[320];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A fresh journal (in a new directory, which open must create). */
static scoot_journal *fresh(const scoot__backend *be, char *path, size_t n)
{
    snprintf(path, n, "%s/%d/sub/scoot.db", dir, ++seq);
    scoot_journal *j;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot__journal_open_backend(be, path, kb, &j, &err))
        fail_msg("open %s: %s", path, scoot_buf_str(&err));
    scoot_buf_free(&err);
    return j;
}

/* The whole journal as export JSON without the export time. */
static char *snapshot(scoot_journal *j)
{
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_export_json(j, NULL, &out, NULL), SCOOT_OK);
    json_t *doc = json_loads(out.data, 0, NULL);
    assert_non_null(doc);
    json_object_del(doc, "exported");
    char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(doc);
    scoot_buf_free(&out);
    return s;
}

static void add_cat(scoot_journal *j, const char *json)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_journal_cat_add(j, json, NULL, &err))
        fail_msg("cat_add %s: %s", json, scoot_buf_str(&err));
    scoot_buf_free(&err);
}

static int64_t add_event(scoot_journal *j, const char *cat, const char *kind, scoot_time t,
                         const char *data)
{
    scoot_buf err;
    scoot_buf_init(&err, 0);
    int64_t id = 0;
    if (scoot_journal_event_add(j, cat, kind, t, data, NULL, &id, &err))
        fail_msg("event_add %s %s: %s", kind, data, scoot_buf_str(&err));
    scoot_buf_free(&err);
    return id;
}

/* Expects rc and a message containing expect; the journal must be unchanged. */
#define EXPECT_REFUSED(j, call, want_rc, expect)                                               \
    do {                                                                                       \
        char *before_ = snapshot(j);                                                           \
        scoot_buf err_;                                                                        \
        scoot_buf_init(&err_, 0);                                                              \
        scoot_buf *err = &err_;                                                                \
        int rc_ = (call);                                                                      \
        if (rc_ != (want_rc) || !strstr(scoot_buf_str(&err_), (expect)))                       \
            fail_msg("%s: rc %d (want %d), message:\n%s\nwanted: %s", #call, rc_, (want_rc),    \
                     scoot_buf_str(&err_), (expect));                                          \
        char *after_ = snapshot(j);                                                            \
        assert_string_equal(before_, after_);                                                  \
        free(before_); /* json_dumps output */                                                 \
        free(after_);  /* json_dumps output */                                                 \
        scoot_buf_free(&err_);                                                                 \
    } while (0)

static void cats(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        assert_int_equal(scoot_journal_schema_version(j), scoot__sqlite_latest_version());
        add_cat(j, "{\"name\":\"Mimi\",\"sex\":\"female\",\"neutered\":true,\"coat\":\"long\","
                   "\"birth_date\":\"2018-05-01\",\"weight_kg\":4.2,\"body_condition_9pt\":6}");
        add_cat(j, "{\"name\":\"Tom\",\"age_years\":9}");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"mimi\"}", NULL, err), SCOOT_EEXIST,
                       "cat.name: there is already a cat named 'Mimi'");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"sex\":\"tom\"}", NULL, err),
                       SCOOT_ECASE, "cat.sex: expected \"male\" or \"female\", found \"tom\"");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"body_condition_9pt\":10}",
                                                NULL, err),
                       SCOOT_ECASE, "cat.body_condition_9pt: 10 is out of range 1..9");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"weight_kg\":-1}", NULL, err),
                       SCOOT_ECASE, "cat.weight_kg: -1 is out of range 0.2..20");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"colour\":\"black\"}", NULL,
                                                err),
                       SCOOT_ECASE, "cat.colour: unknown field for a cat");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"birth_date\":\"2027-01-01\"}",
                                                NULL, err),
                       SCOOT_ECASE, "cat.birth_date: 2027-01-01 is in the future");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"birth_date\":\"1900-05-01\"}",
                                                NULL, err),
                       SCOOT_ECASE, "cat.birth_date: 1900-05-01 is more than 40 years ago");
        EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "Tom", "{\"birth_date\":\"1950-01-01\"}", err),
                       SCOOT_ECASE, "cat.birth_date: 1950-01-01 is more than 40 years ago");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\",\"birth_date\":\"2020-02-30\"}",
                                                NULL, err),
                       SCOOT_ECASE, "cat.birth_date: expected a date YYYY-MM-DD");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\"}", NULL, err), SCOOT_ECASE,
                       "cat.name: a cat needs a name");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"sex\":\"male\"}", NULL, err), SCOOT_ECASE,
                       "cat.name: required");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":", NULL, err), SCOOT_ECASE,
                       "not valid JSON");
        EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "Tom", "{\"name\":\"MIMI\"}", err), SCOOT_EEXIST,
                       "already a cat named 'Mimi'");
        EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "Rex", "{\"coat\":\"short\"}", err),
                       SCOOT_ENOENT, "no cat named 'Rex'");
        EXPECT_REFUSED(j, scoot_journal_cat_remove(j, "Rex", err), SCOOT_ENOENT, "no cat named 'Rex'");

        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_cat_edit(j, "tom", "{\"coat\":\"short\",\"name\":\"Thomas\"}",
                                                NULL),
                         SCOOT_OK);
        assert_int_equal(scoot_journal_cat_get(j, "THOMAS", &out, NULL), SCOOT_OK);
        json_t *c = json_loads(out.data, 0, NULL);
        assert_string_equal(json_string_value(json_object_get(c, "name")), "Thomas");
        assert_string_equal(json_string_value(json_object_get(c, "coat")), "short");
        assert_true(json_number_value(json_object_get(c, "age_years")) >= 9);
        json_decref(c);
        scoot_buf_reset(&out);
        assert_int_equal(scoot_journal_cat_get(j, "Mimi", &out, NULL), SCOOT_OK);
        c = json_loads(out.data, 0, NULL);
        assert_true(json_number_value(json_object_get(c, "age_years")) == 8.5); /* 2018-05 .. 2026-11 */
        json_decref(c);
        scoot_buf_reset(&out);
        assert_int_equal(scoot_journal_cat_list(j, &out, NULL), SCOOT_OK);
        json_t *all = json_loads(out.data, 0, NULL);
        assert_int_equal(json_array_size(all), 2);
        assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "name")), "Mimi");
        json_decref(all);
        /* removing a cat removes its events */
        add_event(j, "Thomas", "weight", now() - 3600, "{\"kg\":5}");
        assert_int_equal(scoot_journal_cat_remove(j, "Thomas", NULL), SCOOT_OK);
        scoot_buf_reset(&out);
        scoot_journal_export_json(j, NULL, &out, NULL);
        assert_null(strstr(out.data, "Thomas"));
        assert_null(strstr(out.data, "\"kg\""));
        scoot_buf_free(&out);
        scoot_journal_close(j);
    }
}

static void events(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        add_cat(j, "{\"name\":\"Tom\"}");
        scoot_time t = now() - 3600;
        add_event(j, "Mimi", "episode", t, "{\"amount\":\"smear\",\"look\":[\"brown\"],"
                                           "\"context\":\"fright\",\"where\":\"sofa\"}");
        add_event(j, "Mimi", "observation", t, "{\"finding\":\"scooting\",\"value\":true}");
        add_event(j, "Mimi", "observation", t, "{\"finding\":\"grimace_score\",\"value\":3}");
        add_event(j, "Mimi", "stool", t, "{\"score\":5}");
        add_event(j, "Mimi", "stool", t, "{\"score\":2,\"chart\":\"royal_canin\"}");
        add_event(j, "Mimi", "weight", t, "{\"kg\":4.4}");
        add_event(j, "Mimi", "bcs", t, "{\"score\":6}");
        int64_t pain = add_event(j, "Mimi", "pain", t, "{\"ears\":1,\"eyes\":2,\"muzzle\":1,"
                                                       "\"whiskers\":null,\"head\":0}");
        add_event(j, "Mimi", "care", t, "{\"care\":\"warm_compress\",\"minutes\":10,"
                                        "\"tolerated\":\"well\"}");
        int64_t med = add_event(j, "Mimi", "medicine", t, "{\"name\":\"Meloxicam\",\"dose\":"
                                                          "\"0.5 ml\",\"times_per_day\":1,"
                                                          "\"days\":5}");
        char dose[64];
        snprintf(dose, sizeof dose, "{\"course\":%lld,\"given\":true}", (long long)med);
        add_event(j, "Mimi", "dose", t, dose);
        add_event(j, "Mimi", "vet_visit", t, "{\"clinic\":\"Vet\",\"diagnosis\":\"anal sac "
                                             "abscess\",\"diagnosis_ids\":[\"abscess\"],"
                                             "\"recheck\":\"2026-11-27\"}");
        /* the pain score is computed: (1+2+1+0) of 4 units seen -> 4/8*10 = 5 */
        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_event_get(j, pain, &out, NULL), SCOOT_OK);
        json_t *e = json_loads(out.data, 0, NULL);
        assert_true(json_number_value(json_object_get(json_object_get(e, "data"), "score")) == 5.0);
        assert_string_equal(json_string_value(json_object_get(e, "cat")), "Mimi");
        json_decref(e);

        /* bad input of every kind: a clear message, nothing written */
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Rex", "episode", t, "{}", NULL, NULL, err),
                       SCOOT_ENOENT, "no cat named 'Rex'");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "sneeze", t, "{}", NULL, NULL, err),
                       SCOOT_ECASE, "unknown event kind 'sneeze'");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "sneeze", t, "{}", NULL, NULL, err),
                       SCOOT_ECASE, "(expected episode, observation, stool, weight, bcs, pain, care, "
                                    "medicine, dose, vet_visit, assessment)\n");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episdoe", t, "{}", NULL, NULL, err),
                       SCOOT_ECASE, "event.kind: unknown event kind 'episdoe' (expected episode, "
                                    "observation, stool, weight, bcs, pain, care, medicine, dose, "
                                    "vet_visit, assessment); did you mean 'episode'?\n");
        /* a scan of an unknown kind is bad input too (422 over HTTP, 3 from the command) */
        EXPECT_REFUSED(j, scoot_journal_scan(j, "Mimi", 0, t + 86400, "vet_vist", NULL, NULL, err),
                       SCOOT_EUNKNOWN, "kind: unknown event kind 'vet_vist' (expected episode, "
                                       "observation, stool, weight, bcs, pain, care, medicine, "
                                       "dose, vet_visit, assessment); did you mean 'vet_visit'?\n");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "stool", t, "{\"score\":9}", NULL, NULL,
                                                  err),
                       SCOOT_ECASE, "event.data.score: 9 is out of range 1..7");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "stool", t,
                                                  "{\"score\":6,\"chart\":\"royal_canin\"}", NULL,
                                                  NULL, err),
                       SCOOT_ECASE, "6 is out of range 1..5 of the Royal Canin chart");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "stool", t, "{}", NULL, NULL, err),
                       SCOOT_ECASE, "event.data.score: required for a stool record");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t, "{\"amount\":\"lake\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE,
                       "event.data.amount: expected \"spot\", \"smear\" or \"puddle\", found \"lake\"");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t, "{\"colour\":\"red\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.colour: unknown field for an episode");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "observation", t,
                                                  "{\"finding\":\"sneezing\",\"value\":true}", NULL, NULL, err),
                       SCOOT_ECASE, "\"sneezing\" is not a finding id of the knowledge base");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "observation", t,
                                                  "{\"finding\":\"grimace_score\",\"value\":11}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "'grimace_score' needs a number from 0 to 10");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "care", t, "{\"care\":\"massage\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "\"massage\" is not a care id of the knowledge base");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "pain", t, "{\"ears\":3}", NULL, NULL,
                                                  err),
                       SCOOT_ECASE, "event.data.ears: 3 is out of range 0..2");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "pain", t, "{}", NULL, NULL, err),
                       SCOOT_ECASE, "score at least one of ears");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Tom", "dose", t, dose, NULL, NULL, err),
                       SCOOT_ECASE, "is not the id of a medicine of this cat");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "weight", t, "{\"kg\":\"heavy\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.kg: expected a number from 0.2 to 20, found \"heavy\"");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "weight", now() + 86400 + 60,
                                                  "{\"kg\":4}", NULL, NULL, err),
                       SCOOT_ERANGE, "more than a day in the future");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "weight", t, "[1]", NULL, NULL, err),
                       SCOOT_ECASE, "event.data: expected an object");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", t,
                                                  "{\"diagnosis_ids\":[\"flu\"]}", NULL, NULL, err),
                       SCOOT_ECASE, "item 0: \"flu\" is not a cause id");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "medicine", t,
                                                  "{\"name\":\"X\",\"times_per_day\":1,\"days\":5,"
                                                  "\"start\":\"2026-13-01\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.start: expected a date YYYY-MM-DD");
        /* a day ahead is still accepted (clock skew, a plan for tonight) */
        add_event(j, "Mimi", "weight", now() + 86400, "{\"kg\":4.3}");

        /* edit and delete */
        int64_t w = add_event(j, "Mimi", "weight", t, "{\"kg\":4.0}");
        scoot_time t2 = t - 86400;
        assert_int_equal(scoot_journal_event_edit(j, w, &t2, "{\"kg\":4.1}", "after breakfast", NULL),
                         SCOOT_OK);
        scoot_buf_reset(&out);
        scoot_journal_event_get(j, w, &out, NULL);
        e = json_loads(out.data, 0, NULL);
        assert_true(json_number_value(json_object_get(json_object_get(e, "data"), "kg")) == 4.1);
        assert_string_equal(json_string_value(json_object_get(e, "note")), "after breakfast");
        json_decref(e);
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, w, NULL, "{\"kg\":40}", NULL, err), SCOOT_ECASE,
                       "event.data.kg: 40 is out of range 0.2..20");
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, 99999, NULL, "{\"kg\":4}", NULL, err),
                       SCOOT_ENOENT, "no event with id 99999");
        EXPECT_REFUSED(j, scoot_journal_event_delete(j, 99999, err), SCOOT_ENOENT,
                       "no event with id 99999");
        assert_int_equal(scoot_journal_event_delete(j, w, NULL), SCOOT_OK);
        assert_int_equal(scoot_journal_event_get(j, w, &out, NULL), SCOOT_ENOENT);
        /* ids are never reused */
        int64_t w2 = add_event(j, "Mimi", "weight", t, "{\"kg\":4.0}");
        assert_true(w2 > w);
        scoot_buf_free(&out);
        scoot_journal_close(j);
    }
}

typedef struct {
    int n;
    scoot_time last;
    int ordered;
} counter;

static int count_cb(void *ud, const scoot_event *e)
{
    counter *c = ud;
    if (e->t < c->last)
        c->ordered = 0;
    c->last = e->t;
    c->n++;
    return 0;
}

static scoot_level assess_cat(scoot_journal *j, const char *cat, scoot_buf *explain)
{
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    /* the owner's answers of today: a leak seen, a well cat */
    const char *js = "{\"findings\":{\"discharge_seen\":true,\"pain_on_touch\":false,"
                     "\"swelling\":false,\"redness\":false,\"not_eating\":false,"
                     "\"lethargy\":false,\"straining\":false,\"fever\":false}}";
    assert_int_equal(scoot_case_set_json(c, js, strlen(js), "t", NULL), SCOOT_OK);
    scoot_buf err;
    scoot_buf_init(&err, 0);
    if (scoot_journal_derive(j, cat, now(), c, explain, &err))
        fail_msg("derive: %s", scoot_buf_str(&err));
    int64_t id;
    if (scoot_journal_assess(j, cat, now(), c, r, &id, &err))
        fail_msg("assess: %s", scoot_buf_str(&err));
    assert_true(id > 0);
    scoot_level l = scoot_result_level(r);
    scoot_buf_free(&err);
    scoot_case_free(c);
    scoot_result_free(r);
    return l;
}

static void derive_and_recurrence(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\",\"sex\":\"female\",\"coat\":\"short\",\"age_years\":5}");
        /* one episode after a fright: monitor */
        add_event(j, "Mimi", "episode", now() - 2 * 3600, "{\"context\":\"fright\"}");
        scoot_buf ex;
        scoot_buf_init(&ex, 0);
        assert_int_equal(assess_cat(j, "Mimi", &ex), SCOOT_LEVEL_MONITOR);
        assert_non_null(strstr(ex.data, "episodes_last_30_days = 1"));
        /* a second episode within 30 days: at least vet_soon (the article's rule) */
        add_event(j, "Mimi", "episode", now() - 3600, "{\"context\":\"rest\"}");
        scoot_buf_reset(&ex);
        add_event(j, "Mimi", "episode", now() - 12 * 86400, "{}");
        assert_true(assess_cat(j, "Mimi", &ex) >= SCOOT_LEVEL_VET_SOON);
        assert_non_null(strstr(ex.data, "episodes_last_30_days = 3"));
        assert_non_null(strstr(ex.data, "discharge_repeated = yes"));
        assert_non_null(strstr(ex.data, "days_since_onset = 12"));
        assert_non_null(strstr(ex.data, "all_episodes_after_fright = no"));
        assert_non_null(strstr(ex.data, "sex = female"));

        /* weight loss over 5 % in 90 days, soft stool days, a past abscess, pain */
        add_cat(j, "{\"name\":\"Tom\"}");
        add_event(j, "Tom", "weight", now() - 80 * 86400, "{\"kg\":5.0}");
        add_event(j, "Tom", "weight", now() - 86400, "{\"kg\":4.5}");
        for (int d = 3; d >= 0; d--)
            add_event(j, "Tom", "stool", now() - d * 86400 - 60, "{\"score\":5}");
        add_event(j, "Tom", "vet_visit", now() - 400 * 86400, "{\"diagnosis\":\"Abscess, left sac\"}");
        add_event(j, "Tom", "pain", now() - 3600, "{\"ears\":2,\"eyes\":2,\"muzzle\":1,\"whiskers\":1,\"head\":1}");
        add_event(j, "Tom", "observation", now() - 3600, "{\"finding\":\"scooting\",\"value\":true}");
        scoot_case *c;
        scoot_case_new(kb, &c);
        scoot_case_set_text(c, "scooting", "no", NULL); /* an answer given now wins */
        scoot_buf_reset(&ex);
        assert_int_equal(scoot_journal_derive(j, "Tom", now(), c, &ex, NULL), SCOOT_OK);
        scoot_buf cj;
        scoot_buf_init(&cj, 0);
        scoot_case_to_json(c, &cj);
        json_t *cs = json_loads(cj.data, 0, NULL);
        json_t *fnd = json_object_get(cs, "findings"), *his = json_object_get(cs, "history");
        assert_true(json_is_true(json_object_get(fnd, "weight_loss")));
        assert_true(json_is_false(json_object_get(fnd, "weight_gain")));
        assert_int_equal(json_integer_value(json_object_get(fnd, "soft_stool_days")), 4);
        assert_true(json_number_value(json_object_get(fnd, "fecal_score")) == 5);
        assert_true(json_is_true(json_object_get(his, "prior_abscess")));
        assert_true(json_number_value(json_object_get(fnd, "grimace_score")) == 7);
        assert_true(json_is_false(json_object_get(fnd, "scooting")));
        json_decref(cs);
        scoot_buf_free(&cj);
        scoot_case_free(c);
        /* the weight: a weighing of the last 30 days over the profile's figure, else the
         * profile's */
        add_cat(j, "{\"name\":\"Kilo\",\"weight_kg\":4.0}");
        static const struct {
            double ago_days, kg;
            const char *line;
        } wt[] = {{-1, 0, "weight_kg = 4 (profile)"},
                  {40, 4.4, "weight_kg = 4 (profile)"},
                  {2, 4.8, "weight_kg = 4.8 (the latest weight)"}};
        for (size_t w = 0; w < SCOOT_ARRAY_LEN(wt); w++) {
            if (wt[w].ago_days >= 0) {
                char d[32];
                snprintf(d, sizeof d, "{\"kg\":%g}", wt[w].kg);
                add_event(j, "Kilo", "weight", now() - (scoot_time)(wt[w].ago_days * 86400), d);
            }
            scoot_case_new(kb, &c);
            scoot_buf_reset(&ex);
            assert_int_equal(scoot_journal_derive(j, "Kilo", now(), c, &ex, NULL), SCOOT_OK);
            if (!strstr(ex.data, wt[w].line))
                fail_msg("weight case %zu: no \"%s\" in\n%s", w, wt[w].line, ex.data);
            scoot_case_free(c);
        }
        /* one weighing more than 5 % under the profile's weight is a loss; less is not */
        static const struct {
            const char *cat;
            double kg;
            int loss;
        } lw[] = {{"Slim", 4.5, 1}, {"Steady", 4.9, 0}};
        for (size_t w = 0; w < SCOOT_ARRAY_LEN(lw); w++) {
            char js[64], d[32];
            snprintf(js, sizeof js, "{\"name\":\"%s\",\"weight_kg\":5.0}", lw[w].cat);
            add_cat(j, js);
            snprintf(d, sizeof d, "{\"kg\":%g}", lw[w].kg);
            add_event(j, lw[w].cat, "weight", now() - 2 * 86400, d);
            scoot_case_new(kb, &c);
            scoot_buf_reset(&ex);
            assert_int_equal(scoot_journal_derive(j, lw[w].cat, now(), c, &ex, NULL), SCOOT_OK);
            int f = scoot_kb_fact_find(kb, "weight_loss");
            assert_int_equal(scoot_case_is_known(c, f), lw[w].loss);
            if (lw[w].loss && !strstr(ex.data, "5.00 kg in the profile"))
                fail_msg("no profile weight in\n%s", ex.data);
            scoot_case_free(c);
        }
        /* scans are in time order */
        counter cnt = {0, INT64_MIN, 1};
        assert_int_equal(scoot_journal_scan(j, "Tom", 0, now() + 1, NULL, count_cb, &cnt, NULL),
                         SCOOT_OK);
        assert_int_equal(cnt.n, 9);
        assert_true(cnt.ordered);
        scoot_buf_free(&ex);
        scoot_journal_close(j);
    }
}

/* The facts the KB's journal blocks take from a cat's entries, in the words owners read under
 * "What the journal added"; and a KB with another window takes another fact, with nothing
 * compiled again. */
static void derive_by_the_kb(void **state)
{
    (void)state;
    char path[512];
    scoot_journal *j = fresh(backends[0], path, sizeof path);
    add_cat(j, "{\"name\":\"Pip\"}");
    /* scooting seen before the first leak: the onset */
    add_event(j, "Pip", "observation", now() - 5 * 86400, "{\"finding\":\"scooting\",\"value\":true}");
    /* a bloody leak just after a fright */
    add_event(j, "Pip", "episode", now() - 2 * 3600, "{\"context\":\"fright\",\"look\":[\"bloody\"]}");
    /* not eating, seen twice with no meal seen between */
    add_event(j, "Pip", "observation", now() - 30 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
    add_event(j, "Pip", "observation", now() - 2 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
    /* a grimace score observed, then a pain score logged: the newer record wins */
    add_event(j, "Pip", "observation", now() - 5 * 3600, "{\"finding\":\"grimace_score\",\"value\":2}");
    add_event(j, "Pip", "pain", now() - 3 * 3600, "{\"ears\":1,\"eyes\":1}");
    /* a swelling holds for 7 days, hiding for 3 */
    add_event(j, "Pip", "observation", now() - 5 * 86400, "{\"finding\":\"swelling\",\"value\":true}");
    add_event(j, "Pip", "observation", now() - 5 * 86400, "{\"finding\":\"hiding\",\"value\":true}");
    /* a Royal Canin 2 is a Purina 6 */
    add_event(j, "Pip", "stool", now() - 3600, "{\"score\":2,\"chart\":\"royal_canin\"}");
    add_event(j, "Pip", "vet_visit", now() - 200 * 86400, "{\"treatment\":\"Both glands EXPRESSED\"}");
    scoot_case *c;
    scoot_case_new(kb, &c);
    scoot_buf ex;
    scoot_buf_init(&ex, 0);
    assert_int_equal(scoot_journal_derive(j, "Pip", now(), c, &ex, NULL), SCOOT_OK);
    assert_string_equal(
        ex.data,
        "not_eating = yes (observed on 2026-11-20)\n"
        "swelling = yes (observed on 2026-11-15)\n"
        "episodes_last_30_days = 1 (1 logged in the last 30 days)\n"
        "episodes_last_90_days = 1 (1 logged in the last 90 days)\n"
        "discharge_repeated = no (episodes on 1 separate day in the last 30 days)\n"
        "all_episodes_after_fright = yes (every episode of the last 90 days followed a fright)\n"
        "discharge_bloody = yes (a leak in the last 7 days looked bloody)\n"
        "discharge_seen = yes (an episode logged in the last 3 days)\n"
        "startled_recently = yes (the latest episode followed a fright)\n"
        "days_since_onset = 5 (scooting or licking first seen in the last 30 days on 2026-11-15)\n"
        "anorexia_hours = 28 (not eating seen from 2026-11-19T06:00:00Z to 2026-11-20T10:00:00Z)\n"
        "fecal_score = 6 (the latest stool record)\n"
        "diarrhea = yes (the latest stool record)\n"
        "soft_stool = no (the latest stool record)\n"
        "soft_stool_days = 1 (stool score 4 or more on 1 day in a row)\n"
        "grimace_score = 5 (pain scored in the last 24 hours)\n"
        "prior_anal_sac_treatment = yes (a vet visit recorded anal sac treatment)\n");
    scoot_case_free(c);
    scoot_journal_close(j);

    /* the mini KB counts the episodes of 30 days; given 60, it counts those of 60 */
    size_t len;
    char *text = t_read("tests/data/mini.kb", &len);
    for (int v = 0; v < 2; v++) {
        if (v) {
            char *w = strstr(text, "within 30 days\n  take count"), *b = strstr(text, "the last 30 days");
            assert_non_null(w);
            assert_non_null(b);
            memcpy(w + strlen("within "), "60", 2);
            memcpy(b + strlen("the last "), "60", 2);
        }
        scoot_kb *mini = t_kb(text);
        char mpath[512];
        snprintf(mpath, sizeof mpath, "%s/mini-%d.db", dir, v);
        assert_int_equal(scoot_journal_open(mpath, mini, &j, NULL), SCOOT_OK);
        add_cat(j, "{\"name\":\"Pip\"}");
        add_event(j, "Pip", "episode", now() - 2 * 86400, "{}");
        add_event(j, "Pip", "episode", now() - 40 * 86400, "{}");
        add_event(j, "Pip", "stool", now() - 86400, "{\"score\":6}");
        scoot_case_new(mini, &c);
        scoot_buf_reset(&ex);
        assert_int_equal(scoot_journal_derive(j, "Pip", now(), c, &ex, NULL), SCOOT_OK);
        assert_string_equal(ex.data, v ? "episodes = 2 (2 logged in the last 60 days)\n"
                                         "stool = 6 (the latest stool record)\n"
                                       : "episodes = 1 (1 logged in the last 30 days)\n"
                                         "stool = 6 (the latest stool record)\n");
        scoot_case_free(c);
        scoot_journal_close(j);
        scoot_kb_free(mini);
    }
    scoot_free(text);
    scoot_buf_free(&ex);
}

/* A list of concerns as "level:rule,level:rule" in got. */
static void rules_of(json_t *arr, char *got, size_t n)
{
    got[0] = '\0';
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
        snprintf(got + strlen(got), n - strlen(got), "%s%s:%s", i ? "," : "",
                 json_string_value(json_object_get(x, "level")),
                 json_string_value(json_object_get(x, "rule")));
}

/* The concerns of cat (after entry event, or since the last check with 0) as
 * "level:rule,level:rule"; each must carry its text and sources, and the journal must be left
 * as it was. */
static char *concerns_of(scoot_journal *j, const char *cat, int64_t event)
{
    static char got[512];
    char *before = snapshot(j);
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    if (scoot_journal_concerns(j, cat, now(), event, &out, &err))
        fail_msg("concerns %s %lld: %s", cat, (long long)event, scoot_buf_str(&err));
    json_t *arr = json_loads(out.data, 0, NULL), *x;
    assert_true(json_is_array(arr));
    size_t i;
    json_array_foreach(arr, i, x)
    {
        assert_true(strlen(json_string_value(json_object_get(x, "text"))) > 20);
        assert_true(json_array_size(json_object_get(x, "sources")) > 0);
    }
    rules_of(arr, got, sizeof got);
    json_decref(arr);
    if (event > 0) {
        /* both at once: what the entry brings is the same as alone */
        scoot_buf b, o;
        scoot_buf_init(&b, 0);
        scoot_buf_init(&o, 0);
        assert_int_equal(scoot_journal_entry_concerns(j, cat, now(), event, &b, &o, NULL), SCOOT_OK);
        assert_string_equal(scoot_buf_str(&b), scoot_buf_str(&out));
        json_t *oa = json_loads(o.data, 0, NULL);
        assert_true(json_is_array(oa));
        json_decref(oa);
        scoot_buf_free(&b);
        scoot_buf_free(&o);
    }
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    char *after = snapshot(j);
    assert_string_equal(before, after);
    free(before); /* json_dumps output */
    free(after);  /* json_dumps output */
    return got;
}

/* What is open after entry event of cat (scoot_journal_entry_concerns), as concerns_of. */
static char *open_of(scoot_journal *j, const char *cat, int64_t event)
{
    static char got[512];
    scoot_buf b, o;
    scoot_buf_init(&b, 0);
    scoot_buf_init(&o, 0);
    assert_int_equal(scoot_journal_entry_concerns(j, cat, now(), event, &b, &o, NULL), SCOOT_OK);
    json_t *arr = json_loads(o.data, 0, NULL);
    rules_of(arr, got, sizeof got);
    json_decref(arr);
    scoot_buf_free(&b);
    scoot_buf_free(&o);
    return got;
}

static void open_concerns(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        /* not eating for a day, a check (urgent), then "not eating" again: the entry brings
         * the loss of appetite, and what is open is still the urgent day without food */
        add_cat(j, "{\"name\":\"Nala\"}");
        add_event(j, "Nala", "observation", now() - 29 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
        add_event(j, "Nala", "observation", now() - 4 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
        scoot_buf ex;
        scoot_buf_init(&ex, 0);
        assert_int_equal(assess_cat(j, "Nala", &ex), SCOOT_LEVEL_URGENT);
        int64_t ne = add_event(j, "Nala", "observation", now() - 60, "{\"finding\":\"not_eating\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Nala", ne), "vet_soon:appetite_loss");
        assert_string_equal(open_of(j, "Nala", ne), "urgent:not_eating_24h");
        /* two leaks and a check: later entries still say a vet is called for */
        add_cat(j, "{\"name\":\"Rex\"}");
        add_event(j, "Rex", "episode", now() - 3 * 86400, "{}");
        add_event(j, "Rex", "episode", now() - 86400, "{}");
        assert_true(assess_cat(j, "Rex", &ex) >= SCOOT_LEVEL_VET_SOON);
        int64_t rw = add_event(j, "Rex", "weight", now() - 60, "{\"kg\":4.5}");
        assert_string_equal(open_of(j, "Rex", rw), "vet_soon:repeated_leaking");
        /* ...until a vet has seen the cat: then only what came after counts */
        add_event(j, "Rex", "vet_visit", now() - 50, "{\"treatment\":\"expressed both sacs\"}");
        int64_t rw2 = add_event(j, "Rex", "weight", now() - 40, "{\"kg\":4.5}");
        assert_string_equal(open_of(j, "Rex", rw2), "");
        int64_t rp = add_event(j, "Rex", "pain", now() - 30,
                               "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":2,\"head\":2}");
        assert_string_equal(open_of(j, "Rex", rp), "urgent:severe_pain");
        /* pain before a vet visit, pain again after it, then a check: the new pain stays open
         * (the visit saw the first, and a check closes nothing) */
        add_cat(j, "{\"name\":\"Vee\"}");
        static const char *sore = "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":2,\"head\":2}";
        add_event(j, "Vee", "pain", now() - 3 * 3600, sore);
        add_event(j, "Vee", "vet_visit", now() - 2 * 3600, "{\"treatment\":\"pain relief\"}");
        add_event(j, "Vee", "pain", now() - 3600, sore);
        assess_cat(j, "Vee", &ex);
        int64_t vw = add_event(j, "Vee", "weight", now() - 60, "{\"kg\":4}");
        assert_string_equal(open_of(j, "Vee", vw), "urgent:severe_pain");
        scoot_buf_free(&ex);
        scoot_journal_close(j);
    }
}

static void concerns(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\",\"sex\":\"female\",\"coat\":\"short\",\"age_years\":5}");
        add_cat(j, "{\"name\":\"Tom\"}");
        assert_string_equal(concerns_of(j, "Mimi", 0), "");
        /* a weight says nothing; a pain score of 8, then of 5: each says "today" by itself */
        int64_t w = add_event(j, "Mimi", "weight", now() - 7200, "{\"kg\":4.1}");
        assert_string_equal(concerns_of(j, "Mimi", w), "");
        int64_t p1 = add_event(j, "Mimi", "pain", now() - 7000,
                               "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":1,\"head\":1}");
        assert_string_equal(concerns_of(j, "Mimi", p1), "urgent:severe_pain");
        int64_t p2 = add_event(j, "Mimi", "pain", now() - 6000,
                               "{\"ears\":1,\"eyes\":1,\"muzzle\":1,\"whiskers\":1,\"head\":1}");
        assert_string_equal(concerns_of(j, "Mimi", p2), "urgent:severe_pain");
        /* a bloody leak: the leak's concern, not the pain's again */
        int64_t e1 = add_event(j, "Mimi", "episode", now() - 1800, "{\"look\":[\"bloody\"]}");
        assert_string_equal(concerns_of(j, "Mimi", e1), "vet_soon:blood_or_pus");
        /* a leak two days before: now it happened on two days */
        int64_t e0 = add_event(j, "Mimi", "episode", now() - 2 * 86400, "{}");
        assert_string_equal(concerns_of(j, "Mimi", e0), "vet_soon:repeated_leaking");
        /* a third, plain: nothing new (the blood of the first still counts) */
        int64_t e2 = add_event(j, "Mimi", "episode", now() - 600, "{\"amount\":\"spot\"}");
        assert_string_equal(concerns_of(j, "Mimi", e2), "");
        /* another cat's entry is refused, and so is an id that is no entry */
        int64_t t1 = add_event(j, "Tom", "pain", now() - 600,
                               "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":2,\"head\":2}");
        scoot_buf tmp;
        scoot_buf_init(&tmp, 0);
        EXPECT_REFUSED(j, scoot_journal_concerns(j, "Mimi", now(), t1, &tmp, err), SCOOT_ENOENT,
                       "is not one of Mimi's");
        EXPECT_REFUSED(j, scoot_journal_concerns(j, "Mimi", now(), 9999, &tmp, err), SCOOT_ENOENT,
                       "no event with id 9999");
        EXPECT_REFUSED(j, scoot_journal_concerns(j, "Mimi", now(), -1, &tmp, err), SCOOT_EINVAL,
                       "no event with id -1");
        assert_int_equal(tmp.len, 0);
        scoot_buf_free(&tmp);
        assert_string_equal(concerns_of(j, "Tom", t1), "urgent:severe_pain");
        /* kinds that the journal's facts do not read bring nothing */
        assert_string_equal(concerns_of(j, "Tom", add_event(j, "Tom", "care", now() - 500,
                                                            "{\"care\":\"clean_area\"}")), "");
        /* never checked: all of it, most urgent first */
        assert_string_equal(concerns_of(j, "Mimi", 0), "urgent:severe_pain"); /* (the top level) */
        /* a check made after them: it saw them */
        scoot_buf ex;
        scoot_buf_init(&ex, 0);
        assert_int_equal(assess_cat(j, "Mimi", &ex), SCOOT_LEVEL_URGENT);
        assert_string_equal(concerns_of(j, "Mimi", 0), "");
        /* watery stool after the check: new since it, and what the entry brings */
        int64_t s1 = add_event(j, "Mimi", "stool", now() - 60, "{\"score\":7}");
        assert_string_equal(concerns_of(j, "Mimi", s1), "vet_soon:diarrhea");
        assert_string_equal(concerns_of(j, "Mimi", 0), "vet_soon:diarrhea");
        /* and the summary carries the same */
        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_summary(j, "Mimi", now(), &out, NULL), SCOOT_OK);
        json_t *sum = json_loads(out.data, 0, NULL);
        json_t *c0 = json_array_get(json_object_get(sum, "concerns"), 0);
        assert_string_equal(json_string_value(json_object_get(c0, "rule")), "diarrhea");
        assert_int_equal(json_array_size(json_object_get(sum, "concerns")), 1);
        json_decref(sum);
        scoot_buf_free(&out);
        scoot_buf_free(&ex);
        /* a check of long ago does not hide what is logged today (it is looked for past the
         * 90 days of the first scan too) */
        add_cat(j, "{\"name\":\"Old\"}");
        scoot_case *oc;
        scoot_result *orr;
        scoot_case_new(kb, &oc);
        scoot_result_new(kb, &orr);
        assert_int_equal(scoot_case_set_text(oc, "grimace_score", "8", NULL), SCOOT_OK);
        int64_t oid;
        assert_int_equal(scoot_journal_assess(j, "Old", now() - 100 * 86400, oc, orr, &oid, NULL), SCOOT_OK);
        add_event(j, "Old", "pain", now() - 600,
                  "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":2,\"head\":2}");
        assert_string_equal(concerns_of(j, "Old", 0), "urgent:severe_pain");
        scoot_case_free(oc);
        scoot_result_free(orr);
        /* a vet visit: what the journal held then, the vet has seen; what came after is new */
        add_cat(j, "{\"name\":\"Seen\"}");
        add_event(j, "Seen", "episode", now() - 3 * 86400, "{}");
        add_event(j, "Seen", "episode", now() - 86400, "{}");
        assert_string_equal(concerns_of(j, "Seen", 0), "vet_soon:repeated_leaking");
        add_event(j, "Seen", "vet_visit", now() - 3600, "{\"clinic\":\"Town Vets\"}");
        assert_string_equal(concerns_of(j, "Seen", 0), "");
        /* a bloody leak logged late, timed before the visit, brings nothing: the vet has seen
         * the cat since */
        int64_t late = add_event(j, "Seen", "episode", now() - 2 * 3600, "{\"look\":[\"bloody\"]}");
        assert_string_equal(concerns_of(j, "Seen", late), "");
        assert_int_equal(scoot_journal_event_delete(j, late, NULL), SCOOT_OK);
        add_event(j, "Seen", "pain", now() - 60,
                  "{\"ears\":2,\"eyes\":2,\"muzzle\":2,\"whiskers\":2,\"head\":2}");
        assert_string_equal(concerns_of(j, "Seen", 0), "urgent:severe_pain");
        /* (a third leak after the visit: the repeat is what the vet saw) */
        add_event(j, "Seen", "episode", now() - 30, "{}");
        assert_string_equal(concerns_of(j, "Seen", 0), "urgent:severe_pain");
        /* a vet visit of long ago hides nothing of today */
        add_cat(j, "{\"name\":\"Back\"}");
        add_event(j, "Back", "episode", now() - 70 * 86400, "{}");
        add_event(j, "Back", "episode", now() - 65 * 86400, "{}");
        add_event(j, "Back", "vet_visit", now() - 60 * 86400, "{\"diagnosis\":\"full sacs\"}");
        add_event(j, "Back", "episode", now() - 2 * 86400, "{}");
        add_event(j, "Back", "episode", now() - 3600, "{}");
        assert_string_equal(concerns_of(j, "Back", 0), "vet_soon:repeated_leaking");
        /* blood in a leak logged afterwards for the day before counts, for a week */
        add_cat(j, "{\"name\":\"Late\"}");
        add_event(j, "Late", "episode", now() - 600, "{}");
        int64_t lb = add_event(j, "Late", "episode", now() - 86400, "{\"look\":[\"bloody\"]}");
        assert_string_equal(concerns_of(j, "Late", lb), "vet_soon:repeated_leaking,vet_soon:blood_or_pus");
        add_cat(j, "{\"name\":\"Week\"}");
        add_event(j, "Week", "episode", now() - 8 * 86400, "{\"look\":[\"pus\"]}");
        assert_string_equal(concerns_of(j, "Week", 0), "");
        /* "not eating" seen over a day and a half: a day without food is urgent */
        add_cat(j, "{\"name\":\"Hungry\"}");
        add_event(j, "Hungry", "observation", now() - 36 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
        int64_t ne = add_event(j, "Hungry", "observation", now() - 60, "{\"finding\":\"not_eating\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Hungry", ne), "urgent:not_eating_24h");
        /* "not eating since" 8 days ago, and still: a run of 8 days, urgent too */
        add_cat(j, "{\"name\":\"Long\"}");
        add_event(j, "Long", "observation", now() - 8 * 86400, "{\"finding\":\"not_eating\",\"value\":true}");
        int64_t ne8 = add_event(j, "Long", "observation", now() - 60, "{\"finding\":\"not_eating\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Long", ne8), "urgent:not_eating_24h");
        /* ...but not when a meal was seen between */
        add_cat(j, "{\"name\":\"Ate\"}");
        add_event(j, "Ate", "observation", now() - 36 * 3600, "{\"finding\":\"not_eating\",\"value\":true}");
        add_event(j, "Ate", "observation", now() - 20 * 3600, "{\"finding\":\"not_eating\",\"value\":false}");
        int64_t ne2 = add_event(j, "Ate", "observation", now() - 60, "{\"finding\":\"not_eating\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Ate", ne2), "vet_soon:appetite_loss");
        /* scooting seen for four days, with no leak: it has gone on long enough */
        add_cat(j, "{\"name\":\"Scoot\"}");
        add_event(j, "Scoot", "observation", now() - 4 * 86400, "{\"finding\":\"scooting\",\"value\":true}");
        int64_t sc = add_event(j, "Scoot", "observation", now() - 60, "{\"finding\":\"scooting\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Scoot", sc), "vet_soon:persistent_scooting_licking");
        /* the newest record wins: a grimace score observed in the morning does not hide the
         * pain score of the afternoon, nor "no blood" yesterday a bloody leak today */
        add_cat(j, "{\"name\":\"Kit\"}");
        add_event(j, "Kit", "observation", now() - 4 * 3600, "{\"finding\":\"grimace_score\",\"value\":3}");
        int64_t kp = add_event(j, "Kit", "pain", now() - 60,
                               "{\"ears\":2,\"eyes\":1,\"muzzle\":1,\"whiskers\":1,\"head\":1}");
        assert_string_equal(concerns_of(j, "Kit", kp), "urgent:severe_pain");
        add_event(j, "Kit", "observation", now() - 30, "{\"finding\":\"grimace_score\",\"value\":2}");
        assert_string_equal(concerns_of(j, "Kit", 0), ""); /* (and a later observation wins too) */
        add_event(j, "Kit", "observation", now() - 86400, "{\"finding\":\"discharge_bloody\",\"value\":false}");
        int64_t kb1 = add_event(j, "Kit", "episode", now() - 20, "{\"look\":[\"bloody\"]}");
        assert_string_equal(concerns_of(j, "Kit", kb1), "vet_soon:blood_or_pus");
        /* a swelling seen 5 days ago still counts (a lump does not go in days); a stray
         * observation of hiding 5 days ago no longer does */
        add_cat(j, "{\"name\":\"Lump\"}");
        add_event(j, "Lump", "observation", now() - 5 * 86400, "{\"finding\":\"swelling\",\"value\":true}");
        add_event(j, "Lump", "observation", now() - 5 * 86400, "{\"finding\":\"hiding\",\"value\":true}");
        assert_string_equal(concerns_of(j, "Lump", 0), "vet_soon:swelling_or_redness");
        /* one snapshot for all its reads, which a writer on another connection does not hold
         * up, and which ends: a write after it goes through */
        scoot_journal *j2;
        assert_int_equal(scoot__journal_open_backend(backends[b], path, kb, &j2, NULL), SCOOT_OK);
        assert_int_equal(j2->be->begin(j2->db), SCOOT_OK);
        assert_string_equal(concerns_of(j, "Scoot", 0), "vet_soon:persistent_scooting_licking");
        j2->be->rollback(j2->db);
        scoot_journal_close(j2);
        add_event(j, "Scoot", "weight", now() - 30, "{\"kg\":4}");
        /* an unknown cat */
        EXPECT_REFUSED(j, scoot_journal_concerns(j, "Nobody", now(), 0, &ex, err), SCOOT_ENOENT,
                       "no cat named 'Nobody'");
        scoot_journal_close(j);
    }
}

static json_t *due_item(scoot_journal *j, const char *cat, const char *item)
{
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_due(j, cat, now(), &out, NULL), SCOOT_OK);
    json_t *arr = json_loads(out.data, 0, NULL), *d, *hit = NULL;
    size_t i;
    json_array_foreach(arr, i, d) if (!strcmp(json_string_value(json_object_get(d, "item")), item))
        hit = json_incref(d);
    json_decref(arr);
    scoot_buf_free(&out);
    return hit;
}

/* A check at t whose plan has a warm compress (3 a day for 7 days) and cleaning (once a day,
 * no days of its own); asserts that the plan has the compress. */
static void check_with_compress(scoot_journal *j, const char *cat, scoot_time t)
{
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    const char *js = "{\"findings\":{\"discharge_seen\":true,\"discharge_repeated\":true,"
                     "\"scooting\":true,\"pain_on_touch\":false,\"swelling\":false,"
                     "\"not_eating\":false,\"straining\":false,\"fever\":false,"
                     "\"lethargy\":false,\"redness\":false},"
                     "\"history\":{\"episodes_last_30_days\":2}}";
    assert_int_equal(scoot_case_set_json(c, js, strlen(js), "t", NULL), SCOOT_OK);
    assert_int_equal(scoot_journal_assess(j, cat, t, c, r, NULL, NULL), SCOOT_OK);
    int has = 0;
    for (int i = 0; i < scoot_result_n_care(r); i++)
        has |= !strcmp(scoot_result_care_id(r, i), "warm_compress");
    assert_true(has);
    scoot_case_free(c);
    scoot_result_free(r);
}

static void schedule(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        /* an assessment two days ago whose plan has a warm compress 3x a day */
        check_with_compress(j, "Mimi", now() - 2 * 86400);
        /* done once the first day, three times the second, once today */
        scoot_time d0 = now() - 2 * 86400;
        assert_int_equal(scoot_journal_done(j, "Mimi", "warm_compress", d0 + 60, NULL, NULL), SCOOT_OK);
        for (int k = 0; k < 3; k++)
            assert_int_equal(scoot_journal_done(j, "Mimi", "warm_compress", d0 + 86400 + k, NULL, NULL),
                             SCOOT_OK);
        assert_int_equal(scoot_journal_done(j, "Mimi", "warm_compress", now() - 60, NULL, NULL), SCOOT_OK);
        json_t *d = due_item(j, "Mimi", "warm_compress");
        assert_non_null(d);
        assert_int_equal(json_integer_value(json_object_get(d, "planned_today")), 3);
        assert_int_equal(json_integer_value(json_object_get(d, "done_today")), 1);
        assert_int_equal(json_integer_value(json_object_get(d, "remaining_today")), 2);
        assert_int_equal(json_integer_value(json_object_get(d, "overdue")), 2);
        /* (1 + 3 + 1) of 9 */
        assert_true(json_number_value(json_object_get(d, "adherence")) == 0.56);
        json_decref(d);
        /* a medicine course and its doses */
        add_event(j, "Mimi", "medicine", now() - 86400,
                       "{\"name\":\"Meloxicam\",\"times_per_day\":1,\"days\":3}");
        assert_int_equal(scoot_journal_done(j, "Mimi", "meloxicam", now() - 30, NULL, NULL), SCOOT_OK);
        d = due_item(j, "Mimi", "Meloxicam");
        assert_non_null(d);
        assert_int_equal(json_integer_value(json_object_get(d, "remaining_today")), 0);
        assert_int_equal(json_integer_value(json_object_get(d, "overdue")), 1);
        json_decref(d);
        EXPECT_REFUSED(j, scoot_journal_done(j, "Mimi", "sanitary_shave", now(), NULL, err),
                       SCOOT_ENOENT, "'sanitary_shave' is not due for Mimi today");
        /* the summary */
        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_summary(j, "Mimi", now(), &out, NULL), SCOOT_OK);
        json_t *s = json_loads(out.data, 0, NULL);
        assert_string_equal(json_string_value(json_object_get(json_object_get(s, "last_assessment"),
                                                              "level")),
                            "vet_soon");
        assert_true(json_array_size(json_object_get(s, "care_due")) >= 2);
        assert_int_equal(json_array_size(json_object_get(s, "episodes_per_week")), 8);
        json_decref(s);
        scoot_buf_free(&out);
        scoot_journal_close(j);
    }
}

/* The local date (YYYY-MM-DD) days from now. */
static const char *day_from_now(int days, char *buf, size_t n)
{
    scoot_time_format_local(now() + (scoot_time)days * 86400, buf, n);
    buf[10] = '\0';
    return buf;
}

static int last_id_of(void *ud, const scoot_event *e)
{
    *(int64_t *)ud = e->id;
    return 0;
}

/* The summary's "recheck" of cat ({"date","visit","days_until","clinic"}), or NULL; a new
 * reference. */
static json_t *open_recheck(scoot_journal *j, const char *cat)
{
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_summary(j, cat, now(), &out, NULL), SCOOT_OK);
    json_t *s = json_loads(out.data, 0, NULL), *re = json_incref(json_object_get(s, "recheck"));
    json_decref(s);
    scoot_buf_free(&out);
    return re;
}

static void recheck(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512], re[32], data[160];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        /* texts are measured in characters, not bytes: 200 of "薬" (600 bytes) fit a clinic */
        scoot_buf big;
        scoot_buf_init(&big, 0);
        scoot_buf_adds(&big, "{\"clinic\":\"");
        for (int k = 0; k < 200; k++)
            scoot_buf_adds(&big, "\xe8\x96\xac");
        size_t at = big.len;
        scoot_buf_adds(&big, "\"}");
        int64_t wide = add_event(j, "Mimi", "vet_visit", now() - 8 * 86400, big.data);
        assert_int_equal(scoot_journal_event_delete(j, wide, NULL), SCOOT_OK);
        scoot_buf_truncate(&big, at);
        scoot_buf_adds(&big, "x\"}");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", now(), big.data, NULL, NULL, err),
                       SCOOT_ECASE, "event.data.clinic: longer than 200 characters");
        scoot_buf_free(&big);
        /* a recheck dated before its visit's day, or more than a year after it, is refused */
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-5, re, sizeof re));
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", now() - 4 * 86400, data, NULL, NULL, err),
                       SCOOT_ERANGE, "is before the day of the visit");
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(400, re, sizeof re));
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", now(), data, NULL, NULL, err),
                       SCOOT_ERANGE, "is more than a year after the visit");
        /* a visit that booked a recheck in three days: open, not due yet */
        snprintf(data, sizeof data, "{\"clinic\":\"Oak \\\"Vets\\\"\",\"recheck\":\"%s\"}",
                 day_from_now(3, re, sizeof re));
        int64_t v1 = add_event(j, "Mimi", "vet_visit", now() - 4 * 86400, data);
        assert_null(due_item(j, "Mimi", "recheck"));
        json_t *o = open_recheck(j, "Mimi");
        assert_non_null(o);
        assert_string_equal(json_string_value(json_object_get(o, "date")), re);
        assert_int_equal(json_integer_value(json_object_get(o, "visit")), v1);
        assert_int_equal(json_integer_value(json_object_get(o, "days_until")), 3);
        assert_string_equal(json_string_value(json_object_get(o, "clinic")), "Oak \"Vets\"");
        json_decref(o);
        /* an edit is held to the same: a recheck before the visit's day, or the visit moved
         * past its recheck */
        char early_re[32], edit[80];
        snprintf(edit, sizeof edit, "{\"recheck\":\"%s\"}", day_from_now(-5, early_re, sizeof early_re));
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, v1, NULL, edit, NULL, err), SCOOT_ERANGE,
                       "is before the day of the visit");
        scoot_time moved = now() - 4 * 86400;
        snprintf(edit, sizeof edit, "{\"recheck\":\"%s\"}", day_from_now(-6, early_re, sizeof early_re));
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, v1, &moved, edit, NULL, err), SCOOT_ERANGE,
                       "is before the day of the visit");
        /* done early: a visit that says it was the recheck closes it; deleting it reopens it */
        int64_t early;
        assert_int_equal(scoot_journal_done(j, "Mimi", "recheck", now() - 60, &early, NULL), SCOOT_OK);
        assert_null(open_recheck(j, "Mimi"));
        assert_int_equal(scoot_journal_event_delete(j, early, NULL), SCOOT_OK);
        assert_non_null(o = open_recheck(j, "Mimi"));
        json_decref(o);
        /* the recheck moved to two days ago (the visit edited): due, two days late */
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-2, re, sizeof re));
        assert_int_equal(scoot_journal_event_edit(j, v1, NULL, data, NULL, NULL), SCOOT_OK);
        json_t *d = due_item(j, "Mimi", "recheck");
        assert_non_null(d);
        assert_string_equal(json_string_value(json_object_get(d, "kind")), "recheck");
        assert_string_equal(json_string_value(json_object_get(d, "recheck")), re);
        assert_int_equal(json_integer_value(json_object_get(d, "days_late")), 2);
        assert_int_equal(json_integer_value(json_object_get(d, "visit")), v1);
        assert_int_equal(json_integer_value(json_object_get(d, "remaining_today")), 1);
        assert_string_equal(json_string_value(json_object_get(d, "title")), "Recheck with the vet at Oak \"Vets\"");
        json_decref(d);
        /* a visit in between (before the recheck's day, not the recheck) leaves it open */
        add_event(j, "Mimi", "vet_visit", now() - 3 * 86400, "{\"clinic\":\"Vaccines\"}");
        assert_non_null(d = due_item(j, "Mimi", "recheck"));
        json_decref(d);
        /* not before the visit that booked it */
        EXPECT_REFUSED(j, scoot_journal_done(j, "Mimi", "recheck", now() - 4 * 86400 - 60, NULL, err),
                       SCOOT_ERANGE, "the recheck cannot be done before the visit that booked it");
        /* done: a vet visit at the booking clinic that says so, and nothing is due any more */
        int64_t v2;
        assert_int_equal(scoot_journal_done(j, "Mimi", "RECHECK", now() - 60, &v2, NULL), SCOOT_OK);
        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_event_get(j, v2, &out, NULL), SCOOT_OK);
        json_t *s = json_loads(out.data, 0, NULL), *sd = json_object_get(s, "data");
        assert_string_equal(json_string_value(json_object_get(s, "kind")), "vet_visit");
        assert_string_equal(json_string_value(json_object_get(sd, "clinic")), "Oak \"Vets\"");
        assert_true(json_is_true(json_object_get(sd, "recheck_done")));
        json_decref(s);
        scoot_buf_free(&out);
        assert_null(due_item(j, "Mimi", "recheck"));
        EXPECT_REFUSED(j, scoot_journal_done(j, "Mimi", "recheck", now(), NULL, err), SCOOT_ENOENT,
                       "'recheck' is not due for Mimi: no vet visit has booked a recheck that is still open");
        /* a visit on or after the recheck's day closes it too; one that books its own replaces it */
        add_cat(j, "{\"name\":\"Tom\"}");
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-3, re, sizeof re));
        add_event(j, "Tom", "vet_visit", now() - 5 * 86400, data);
        add_event(j, "Tom", "vet_visit", now() - 2 * 86400, "{}");
        assert_null(due_item(j, "Tom", "recheck"));
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-1, re, sizeof re));
        int64_t v3 = add_event(j, "Tom", "vet_visit", now() - 2 * 86400 + 60, data);
        assert_non_null(d = due_item(j, "Tom", "recheck"));
        assert_int_equal(json_integer_value(json_object_get(d, "visit")), v3);
        assert_string_equal(json_string_value(json_object_get(d, "title")), "Recheck with the vet");
        json_decref(d);
        /* a done timed later today (ahead of now) closes it as of now: no second Done */
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(0, re, sizeof re));
        add_event(j, "Tom", "vet_visit", now() - 60, data);
        assert_int_equal(scoot_journal_done(j, "Tom", "recheck", now() + 3600, NULL, NULL), SCOOT_OK);
        assert_null(open_recheck(j, "Tom"));
        EXPECT_REFUSED(j, scoot_journal_done(j, "Tom", "recheck", now(), NULL, err), SCOOT_ENOENT,
                       "no vet visit has booked a recheck that is still open");
        /* long texts of 3-byte characters: the clinic (200) and a medicine's name and dose (100
         * each) come through whole in the due items and the done visit */
        add_cat(j, "{\"name\":\"Eur\"}");
        scoot_buf euro, ev;
        scoot_buf_init(&euro, 0);
        scoot_buf_init(&ev, 0);
        for (int k = 0; k < 200; k++)
            scoot_buf_adds(&euro, "\xe2\x82\xac");
        scoot_buf_printf(&ev, "{\"clinic\":\"%s\",\"recheck\":\"%s\"}", euro.data, day_from_now(0, re, sizeof re));
        add_event(j, "Eur", "vet_visit", now() - 60, ev.data);
        scoot_buf_reset(&ev);
        euro.len = 300; /* 100 characters */
        euro.data[300] = '\0';
        scoot_buf_printf(&ev, "{\"name\":\"%s\",\"dose\":\"%s\",\"times_per_day\":1,\"days\":2}", euro.data, euro.data);
        add_event(j, "Eur", "medicine", now() - 60, ev.data);
        assert_non_null(d = due_item(j, "Eur", "recheck"));
        assert_int_equal(scoot__utf8_chars(json_string_value(json_object_get(d, "title"))), 24 + 200);
        json_decref(d);
        assert_non_null(d = due_item(j, "Eur", euro.data));
        assert_int_equal(scoot__utf8_chars(json_string_value(json_object_get(d, "title"))), 201);
        json_decref(d);
        assert_int_equal(scoot_journal_done(j, "Eur", euro.data, now(), NULL, NULL), SCOOT_OK);
        scoot_buf_free(&euro);
        scoot_buf_free(&ev);
        /* a visit imported with a recheck before its day (an older journal): its note can be
         * edited, its recheck only to a good date */
        const char *old = "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":[{\"name\":\"Old\"}],"
                          "\"events\":[{\"cat\":\"Old\",\"kind\":\"vet_visit\",\"t\":\"2026-11-10T10:00:00Z\","
                          "\"data\":{\"recheck\":\"2026-11-01\"}}]}";
        assert_int_equal(scoot_journal_import_json(j, old, strlen(old), "old.json", NULL, NULL, NULL), SCOOT_OK);
        int64_t old_id = 0;
        assert_int_equal(scoot_journal_scan(j, "Old", 0, now() + 86400, "vet_visit", last_id_of, &old_id, NULL), SCOOT_OK);
        assert_int_equal(scoot_journal_event_edit(j, old_id, NULL, NULL, "seen by Dr Lee", NULL), SCOOT_OK);
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, old_id, NULL, "{\"recheck\":\"2026-11-02\"}", NULL, err),
                       SCOOT_ERANGE, "is before the day of the visit");
        /* 59 days late it is still due; 60 days late it is dropped */
        add_cat(j, "{\"name\":\"Ada\"}");
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-59, re, sizeof re));
        int64_t v4 = add_event(j, "Ada", "vet_visit", now() - 61 * 86400, data);
        assert_non_null(d = due_item(j, "Ada", "recheck"));
        assert_int_equal(json_integer_value(json_object_get(d, "days_late")), 59);
        json_decref(d);
        snprintf(data, sizeof data, "{\"recheck\":\"%s\"}", day_from_now(-60, re, sizeof re));
        assert_int_equal(scoot_journal_event_edit(j, v4, NULL, data, NULL, NULL), SCOOT_OK);
        assert_null(due_item(j, "Ada", "recheck"));
        assert_null(open_recheck(j, "Ada"));
        scoot_journal_close(j);
    }
}

/* The items of cat due at t ("item" -> the item), as a new reference. */
static json_t *due_at(scoot_journal *j, const char *cat, scoot_time t)
{
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_due(j, cat, t, &out, NULL), SCOOT_OK);
    json_t *arr = json_loads(out.data, 0, NULL), *byitem = json_object(), *d;
    size_t i;
    json_array_foreach(arr, i, d) json_object_set(byitem, json_string_value(json_object_get(d, "item")), d);
    json_decref(arr);
    scoot_buf_free(&out);
    return byitem;
}


/* The home care of a check ends: after its plan's days (cleaning, which has no days of its
 * own, with the compress's 7), or at the first vet visit at or after the check, from whose
 * day what the vet booked and prescribed is what is due (issue 16: "20 overdue" for the old
 * plan's compress and cleaning after a visit that booked a recheck). */
static void care_plan_ends(void **state)
{
    (void)state;
    const scoot_time D = 86400;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512], re[32], data[200];
        scoot_journal *j = fresh(backends[b], path, sizeof path);

        /* the plan's days: a check 9 days ago, nothing done */
        add_cat(j, "{\"name\":\"Mimi\"}");
        scoot_time t0 = now() - 9 * D;
        check_with_compress(j, "Mimi", t0);
        json_t *due = due_at(j, "Mimi", t0 + 60);
        json_t *wc = json_object_get(due, "warm_compress"), *cl = json_object_get(due, "clean_area");
        assert_non_null(wc);
        assert_non_null(cl);
        assert_int_equal(json_integer_value(json_object_get(wc, "days")), 7);
        assert_int_equal(json_integer_value(json_object_get(cl, "days")), 7); /* the plan's */
        json_decref(due);
        due = due_at(j, "Mimi", t0 + 6 * D); /* its last day */
        cl = json_object_get(due, "clean_area");
        assert_non_null(json_object_get(due, "warm_compress"));
        assert_int_equal(json_integer_value(json_object_get(cl, "day")), 7);
        assert_int_equal(json_integer_value(json_object_get(cl, "overdue")), 6);
        json_decref(due);
        due = due_at(j, "Mimi", t0 + 7 * D); /* the day after: over, cleaning too */
        assert_int_equal(json_object_size(due), 0);
        json_decref(due);
        EXPECT_REFUSED(j, scoot_journal_done(j, "Mimi", "clean_area", now(), NULL, err), SCOOT_ENOENT,
                       "'clean_area' is not due for Mimi today: the care planned at the check of "
                       "2026-11-11 ended after its 7 days; nothing is due that day\n");

        /* a vet visit after the check: a recheck booked, a medicine given */
        add_cat(j, "{\"name\":\"Rita\"}");
        t0 = now() - 3 * D;
        check_with_compress(j, "Rita", t0);
        add_event(j, "Rita", "care", t0 + 3600, "{\"care\":\"warm_compress\"}");
        /* (a visit before the check does not end it) */
        add_event(j, "Rita", "vet_visit", t0 - 3600, "{\"clinic\":\"Vaccines\"}");
        due = due_at(j, "Rita", t0 + D);
        assert_int_equal(json_integer_value(json_object_get(json_object_get(due, "warm_compress"),
                                                            "overdue")), 2);
        json_decref(due);
        snprintf(data, sizeof data, "{\"clinic\":\"Oak Vets\",\"treatment\":\"glands emptied\","
                                    "\"recheck\":\"%s\"}", day_from_now(5, re, sizeof re));
        int64_t visit = add_event(j, "Rita", "vet_visit", t0 + D + 3600, data);
        add_event(j, "Rita", "medicine", t0 + D + 3600,
                  "{\"name\":\"Clavamox\",\"times_per_day\":2,\"days\":7}");
        /* from the visit's day, the old plan is gone; the medicine is due */
        due = due_at(j, "Rita", t0 + D + 7200);
        assert_null(json_object_get(due, "warm_compress"));
        assert_null(json_object_get(due, "clean_area"));
        assert_non_null(json_object_get(due, "Clavamox"));
        json_decref(due);
        due = due_at(j, "Rita", now());
        assert_int_equal(json_object_size(due), 1);
        json_t *med = json_object_get(due, "Clavamox");
        assert_string_equal(json_string_value(json_object_get(med, "kind")), "medicine");
        assert_int_equal(json_integer_value(json_object_get(med, "overdue")), 4); /* (two days of two) */
        json_decref(due);
        /* the recheck on its day, and nothing of the old plan */
        due = due_at(j, "Rita", now() + 5 * D);
        assert_null(json_object_get(due, "warm_compress"));
        assert_null(json_object_get(due, "clean_area"));
        json_t *rc = json_object_get(due, "recheck");
        assert_non_null(rc);
        assert_int_equal(json_integer_value(json_object_get(rc, "visit")), visit);
        json_decref(due);
        /* the summary's care due follows it */
        scoot_buf out;
        scoot_buf_init(&out, 0);
        assert_int_equal(scoot_journal_summary(j, "Rita", now(), &out, NULL), SCOOT_OK);
        json_t *sm = json_loads(out.data, 0, NULL), *d;
        size_t i;
        assert_int_equal(json_array_size(json_object_get(sm, "care_due")), 1);
        json_array_foreach(json_object_get(sm, "care_due"), i, d)
            assert_string_equal(json_string_value(json_object_get(d, "kind")), "medicine");
        assert_string_equal(json_string_value(json_object_get(json_object_get(sm, "recheck"), "date")), re);
        json_decref(sm);
        scoot_buf_free(&out);
        EXPECT_REFUSED(j, scoot_journal_done(j, "Rita", "warm_compress", now(), NULL, err), SCOOT_ENOENT,
                       "'warm_compress' is not due for Rita today: the care planned at the check of "
                       "2026-11-17 ended with the vet visit of 2026-11-18 (due: Clavamox)\n");
        /* a check after the visit plans care again, from its own day */
        check_with_compress(j, "Rita", now() - 60);
        due = due_at(j, "Rita", now());
        assert_non_null(json_object_get(due, "warm_compress"));
        assert_non_null(json_object_get(due, "clean_area"));
        assert_int_equal(json_integer_value(json_object_get(json_object_get(due, "warm_compress"),
                                                            "day")), 1);
        json_decref(due);
        scoot_journal_close(j);
    }
}

static void export_import_backup(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512], path2[512], path3[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\",\"sex\":\"female\",\"birth_date\":\"2019-01-02\",\"weight_kg\":4.25}");
        add_cat(j, "{\"name\":\"Tom\",\"age_years\":3,\"neutered\":false}");
        add_event(j, "Mimi", "episode", now() - 86400, "{\"amount\":\"spot\"}");
        int64_t med = add_event(j, "Tom", "medicine", now() - 86400,
                                "{\"name\":\"A\",\"times_per_day\":2,\"days\":4}");
        char dose[64];
        snprintf(dose, sizeof dose, "{\"course\":%lld}", (long long)med);
        add_event(j, "Tom", "dose", now() - 3600, dose);
        scoot_buf note;
        scoot_buf_init(&note, 0);
        assert_int_equal(scoot_journal_event_add(j, "Mimi", "stool", now() - 7200, "{\"score\":4}",
                                                 "soft, \"smelly\"\nsecond line", NULL, NULL),
                         SCOOT_OK);
        scoot_buf exp;
        scoot_buf_init(&exp, 0);
        assert_int_equal(scoot_journal_export_json(j, NULL, &exp, NULL), SCOOT_OK);
        /* import into an empty journal, export again: the same */
        scoot_journal *k = fresh(backends[b], path2, sizeof path2);
        int nc, ne;
        scoot_buf ierr;
        scoot_buf_init(&ierr, 0);
        if (scoot_journal_import_json(k, exp.data, exp.len, "exp.json", &nc, &ne, &ierr))
            fail_msg("import: %s", scoot_buf_str(&ierr));
        assert_int_equal(nc, 2);
        assert_int_equal(ne, 4);
        char *a = snapshot(j), *bb = snapshot(k);
        assert_string_equal(a, bb);
        free(bb); /* json_dumps output */
        /* importing the same again is refused as a whole: the cats exist */
        EXPECT_REFUSED(k, scoot_journal_import_json(k, exp.data, exp.len, "exp.json", NULL, NULL, err),
                       SCOOT_ECASE, "exp.json: cats[0].name: there is already a cat named 'Mimi'");
        /* one bad event among good ones: nothing at all is imported */
        scoot_journal *m = fresh(backends[b], path3, sizeof path3);
        json_t *doc = json_loads(exp.data, 0, NULL);
        json_t *ev = json_array_get(json_object_get(doc, "events"), 1);
        json_object_set_new(json_object_get(ev, "data"), "score", json_integer(9));
        json_object_set_new(json_array_get(json_object_get(doc, "events"), 0), "kind",
                            json_string("sneeze"));
        char *bad = json_dumps(doc, 0);
        EXPECT_REFUSED(m, scoot_journal_import_json(m, bad, strlen(bad), "bad.json", NULL, NULL, err),
                       SCOOT_ECASE, "bad.json: events[0].kind: expected one of");
        EXPECT_REFUSED(m, scoot_journal_import_json(m, bad, strlen(bad), "bad.json", NULL, NULL, err),
                       SCOOT_ECASE, "events[1].data.score: 9 is out of range 1..7");
        EXPECT_REFUSED(m, scoot_journal_import_json(m, "{\"format\":\"x\"}", 14, "x.json", NULL, NULL,
                                                    err),
                       SCOOT_ECASE, "x.json: not a scoot journal export");
        EXPECT_REFUSED(m, scoot_journal_import_json(m, "[", 1, "y.json", NULL, NULL, err), SCOOT_ECASE,
                       "y.json:1:");
        free(bad); /* json_dumps output */
        json_decref(doc);
        /* CSV: a header and one quoted row per event */
        scoot_buf csv;
        scoot_buf_init(&csv, 0);
        assert_int_equal(scoot_journal_export_csv(j, "Mimi", &csv, NULL), SCOOT_OK);
        assert_non_null(strstr(csv.data, "id,cat,kind,time_utc,time_local,amount,look,context,"));
        assert_non_null(strstr(csv.data, ",level,leading_cause,note\r\n"));
        assert_non_null(strstr(csv.data, "\"soft, \"\"smelly\"\"\nsecond line\"\r\n"));
        assert_null(strstr(csv.data, "Tom"));
        /* backup: a consistent copy */
        char bpath[600];
        snprintf(bpath, sizeof bpath, "%s.backup", path);
        assert_int_equal(scoot_journal_backup(j, bpath, NULL), SCOOT_OK);
        scoot_journal *bk;
        assert_int_equal(scoot_journal_open(bpath, kb, &bk, NULL), SCOOT_OK);
        char *c2 = snapshot(bk);
        assert_string_equal(a, c2);
        free(c2); /* json_dumps output */
        free(a);  /* json_dumps output */
        scoot_journal_close(bk);
        scoot_buf_free(&csv);
        scoot_buf_free(&ierr);
        scoot_buf_free(&exp);
        scoot_buf_free(&note);
        scoot_journal_close(j);
        scoot_journal_close(k);
        scoot_journal_close(m);
    }
}

/* Every earlier schema version upgrades in place, keeping its data. */
static void migrations(void **state)
{
    (void)state;
    int latest = scoot__sqlite_latest_version();
    for (int v = 1; v < latest; v++) {
        char path[512];
        snprintf(path, sizeof path, "%s/mig-%d.db", dir, v);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(scoot__sqlite_create_at_version(path, v, NULL), SCOOT_OK);
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        int uv = -1;
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
        if (sqlite3_step(st) == SQLITE_ROW)
            uv = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        assert_int_equal(uv, v);
        /* data written by the old version */
        assert_int_equal(sqlite3_exec(db,
                                      "INSERT INTO cat(household_id, id, name, created, updated) "
                                      "VALUES (1, 1, 'Old', 0, 0);"
                                      "INSERT INTO seq VALUES (1, 'cat', 2), (1, 'event', 2);"
                                      "INSERT INTO event(household_id, cat_id, t, id, kind, data, "
                                      "created) VALUES (1, 1, 1763640000, 1, 'weight', "
                                      "'{\"kg\":4}', 0);",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
        sqlite3_close(db);
        scoot_journal *j;
        scoot_buf err;
        scoot_buf_init(&err, 0);
        if (scoot_journal_open(path, kb, &j, &err))
            fail_msg("upgrade from %d: %s", v, scoot_buf_str(&err));
        assert_int_equal(scoot_journal_schema_version(j), latest);
        int64_t id = add_event(j, "Old", "weight", now() - 60, "{\"kg\":4.1}");
        assert_int_equal(id, 2);
        assert_int_equal(scoot_journal_event_edit(j, 1, NULL, "{\"kg\":4.05}", NULL, &err), SCOOT_OK);
        counter cnt = {0, INT64_MIN, 1};
        scoot_journal_scan(j, "Old", 0, now() + 1, NULL, count_cb, &cnt, NULL);
        assert_int_equal(cnt.n, 2);
        scoot_buf_free(&err);
        scoot_journal_close(j);
    }
    /* a newer file than this scoot knows is refused, not damaged */
    char path[512];
    snprintf(path, sizeof path, "%s/future.db", dir);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    scoot_journal *j;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    assert_int_equal(scoot_journal_open(path, kb, &j, &err), SCOOT_EIO);
    assert_non_null(strstr(err.data, "schema version 99, newer than"));
    scoot_buf_free(&err);
    /* every table that holds a household's data carries household_id */
    char p2[512];
    scoot_journal *k = fresh(backends[0], p2, sizeof p2);
    scoot_journal_close(k);
    sqlite3_open(p2, &db);
    const char *tables[] = {"cat", "event", "seq"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(tables); i++) {
        char q[128];
        snprintf(q, sizeof q, "SELECT count(*) FROM pragma_table_info('%s') WHERE name = "
                              "'household_id'", tables[i]);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, q, -1, &st, NULL);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), 1);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
}


/* Free text refuses control characters but tab and line feed (C0, DEL, C1), naming the field
 * and the character; nothing changes. */
static void hostile_text(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        scoot_time t = now() - 3600;
        /* a name that is not UTF-8 asked for: refused as such, not as out of memory */
        EXPECT_REFUSED(j, scoot_journal_due(j, "Mi\xffmi", now(), &(scoot_buf){0}, err),
                       SCOOT_EINVAL, "cat: ");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t, "{}", "a\033]0;pwn\007",
                                                  NULL, err),
                       SCOOT_ECASE, "event.note: holds the control character U+001B (escape) at "
                                    "character 2; text may hold tabs and line breaks");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t,
                                                  "{\"where\":\"sofa\\u0007\"}", NULL, NULL, err),
                       SCOOT_ECASE, "event.data.where: holds the control character U+0007 (bell)");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "medicine", t,
                                                  "{\"name\":\"Melox\\ricam\",\"times_per_day\":1,"
                                                  "\"days\":3}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.name: holds the control character U+000D (carriage return)");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", t,
                                                  "{\"clinic\":\"Oak\\u007f\"}", NULL, NULL, err),
                       SCOOT_ECASE, "event.data.clinic: holds the control character U+007F (delete)");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "vet_visit", t,
                                                  "{\"found\":\"x\\u009b2J\"}", NULL, NULL, err),
                       SCOOT_ECASE, "event.data.found: holds the control character U+009B");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t, "{}", "bad \xff byte",
                                                  NULL, err),
                       SCOOT_ECASE, "event.note: is not valid UTF-8");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Rex\",\"breed\":\"a\\u001bb\"}", NULL, err),
                       SCOOT_ECASE, "cat.breed: holds the control character U+001B");
        /* tabs and line breaks are text */
        int64_t id = 0;
        assert_int_equal(scoot_journal_event_add(j, "Mimi", "episode", t, "{\"where\":\"a\\tb\"}",
                                                 "line one\nline two\tend", &id, NULL),
                         SCOOT_OK);
        EXPECT_REFUSED(j, scoot_journal_event_edit(j, id, NULL, NULL, "\033[2J", err), SCOOT_ECASE,
                       "event.note: holds the control character U+001B");
        /* an import is checked as well */
        const char *file = "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":[{\"name\":"
                           "\"Zed\"}],\"events\":[{\"cat\":\"Zed\",\"kind\":\"episode\",\"t\":"
                           "\"2026-11-19T10:00:00Z\",\"data\":{},\"note\":\"\\u001b]0;x\"}]}";
        EXPECT_REFUSED(j, scoot_journal_import_json(j, file, strlen(file), "x.json", NULL, NULL, err),
                       SCOOT_ECASE, "x.json: events[0].note: holds the control character U+001B");
        scoot_journal_close(j);
    }
}

/* Event data as the documents say: look is a list, an observation has a value; an older
 * journal's forms are read with the meaning they had (on import, and under an edit). */
static void strict_data(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        scoot_time t = now() - 3600;
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "episode", t, "{\"look\":\"bloody\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.look: expected a list of \"brown\", \"grey\", "
                                    "\"yellow\", \"bloody\" or \"pus\", found \"bloody\" (write it as "
                                    "a list: [...])");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "observation", t,
                                                  "{\"finding\":\"scooting\"}", NULL, NULL, err),
                       SCOOT_ECASE, "event.data.value: required for an observation");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "observation", t,
                                                  "{\"finding\":\"scooting\",\"value\":null}", NULL,
                                                  NULL, err),
                       SCOOT_ECASE, "event.data.value: required for an observation");
        EXPECT_REFUSED(j, scoot_journal_event_add(j, "Mimi", "observation", t,
                                                  "{\"finding\":\"scooting\",\"value\":\"yes\"}",
                                                  NULL, NULL, err),
                       SCOOT_ECASE, "event.data.value: 'scooting' is yes/no: expected true or false");
        /* an older export: look as one text, an observation without a value (a sign seen) */
        const char *file =
            "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":[{\"name\":\"Old\"}],"
            "\"events\":[{\"id\":1,\"cat\":\"Old\",\"kind\":\"episode\",\"t\":\"2026-11-19T10:00:00Z\","
            "\"data\":{\"look\":\"pus\"}},{\"id\":2,\"cat\":\"Old\",\"kind\":\"observation\",\"t\":"
            "\"2026-11-19T11:00:00Z\",\"data\":{\"finding\":\"scooting\"}}]}";
        scoot_buf err, out;
        scoot_buf_init(&err, 0);
        scoot_buf_init(&out, 0);
        int nc = 0, ne = 0;
        if (scoot_journal_import_json(j, file, strlen(file), "old.json", &nc, &ne, &err))
            fail_msg("import: %s", scoot_buf_str(&err));
        assert_int_equal(ne, 2);
        assert_int_equal(scoot_journal_export_json(j, "Old", &out, NULL), SCOOT_OK);
        assert_non_null(strstr(out.data, "\"look\": [\n     \"pus\"\n    ]"));
        assert_non_null(strstr(out.data, "\"value\": true"));
        scoot_buf_free(&out);
        scoot_buf_free(&err);
        scoot_journal_close(j);
    }
}

/* The table of entry kinds: ids and tags agree, and a scan tags each event with its kind. */
static int kind_tag_cb(void *ud, const scoot_event *e)
{
    int *n = ud;
    assert_string_equal(scoot_event_kind_id(e->kind_id), e->kind);
    (*n)++;
    return 0;
}

static void event_kinds(void **state)
{
    (void)state;
    for (int k = 0; k < SCOOT_EV__COUNT; k++)
        assert_int_equal(scoot_event_kind_find(scoot_event_kind_id(k)), k);
    assert_int_equal(scoot_event_kind_find("sneeze"), -1);
    assert_int_equal(scoot_event_kind_find(NULL), -1);
    assert_null(scoot_event_kind_id(SCOOT_EV__COUNT));
    assert_string_equal(scoot_event_kind_id(SCOOT_EV_VET_VISIT), "vet_visit");
    char path[512];
    scoot_journal *j = fresh(backends[0], path, sizeof path);
    add_cat(j, "{\"name\":\"Mimi\"}");
    scoot_time t = now() - 3600;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    assert_int_equal(scoot_journal_event_add(j, "Mimi", "weight", t, "{\"kg\":4}", NULL, NULL, &err), 0);
    assert_int_equal(scoot_journal_event_add(j, "Mimi", "episode", t, "{}", NULL, NULL, &err), 0);
    assert_int_equal(scoot_journal_event_add(j, "Mimi", "stool", t, "{\"score\":3}", NULL, NULL, &err), 0);
    int n = 0;
    assert_int_equal(scoot_journal_scan(j, "Mimi", 0, now() + 1, NULL, kind_tag_cb, &n, &err), 0);
    assert_int_equal(n, 3);
    scoot_buf_free(&err);
    scoot_journal_close(j);
}

/* The structured account of an error (err.why), made where the error arose: reason, field and
 * numbers, for each kind of refusal a front end words; the first error wins. */
#define EXPECT_WHY(call, want_rc, want_reason, want_field)                                     \
    do {                                                                                       \
        scoot_buf_reset(&err);                                                                 \
        int rc_ = (call);                                                                      \
        if (rc_ != (want_rc) || strcmp(scoot_reason_id(err.why.reason), (want_reason)) ||      \
            strcmp(err.why.field, (want_field)))                                               \
            fail_msg("%s: rc %d, reason '%s', field '%s' (want %d, '%s', '%s'): %s", #call, rc_, \
                     scoot_reason_id(err.why.reason), err.why.field, (want_rc), (want_reason),  \
                     (want_field), scoot_buf_str(&err));                                       \
    } while (0)

static void structured_errors(void **state)
{
    (void)state;
    char path[512];
    scoot_journal *j = fresh(backends[0], path, sizeof path);
    add_cat(j, "{\"name\":\"Mimi\"}");
    scoot_time t = now() - 3600;
    scoot_buf err;
    scoot_buf_init(&err, 0);
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"weight_kg\":0}", NULL, &err),
               SCOOT_ECASE, "out_of_range", "cat.weight_kg");
    assert_int_equal(err.why.nums, SCOOT_WHY_VALUE | SCOOT_WHY_MIN | SCOOT_WHY_MAX);
    assert_true(err.why.value == 0 && err.why.min == 0.2 && err.why.max == 20);
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"mimi\"}", NULL, &err), SCOOT_EEXIST,
               "name_taken", "cat.name");
    assert_string_equal(err.why.arg, "Mimi");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"A\\u200bB\"}", NULL, &err), SCOOT_ECASE,
               "name_invisible", "cat.name");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"birth_date\":\"2190-01-01\"}", NULL,
                                     &err),
               SCOOT_ECASE, "in_future", "cat.birth_date");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"birth_date\":\"1901-01-01\"}", NULL,
                                     &err),
               SCOOT_ECASE, "too_old", "cat.birth_date");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"colour\":\"red\"}", NULL, &err),
               SCOOT_ECASE, "unknown_field", "cat.colour");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"age_years\":\"x\"}", NULL, &err),
               SCOOT_ECASE, "not_number", "cat.age_years");
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\"", NULL, &err), SCOOT_ECASE,
               "malformed_json", "");
    assert_int_equal(err.why.line, 1);
    EXPECT_WHY(scoot_journal_event_add(j, "Nobody", "weight", t, "{\"kg\":4}", NULL, NULL, &err),
               SCOOT_ENOENT, "no_cat", "");
    assert_string_equal(err.why.arg, "Nobody");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "weight", t, "{}", NULL, NULL, &err), SCOOT_ECASE,
               "required", "event.data.kg");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "stool", t, "{\"score\":2.5}", NULL, NULL, &err),
               SCOOT_ECASE, "not_whole", "event.data.score");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "stool", t,
                                       "{\"score\":6,\"chart\":\"royal_canin\"}", NULL, NULL, &err),
               SCOOT_ECASE, "out_of_range", "event.data.score");
    assert_true(err.why.max == 5);
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "pain", t, "{}", NULL, NULL, &err), SCOOT_ECASE,
               "pain_empty", "event.data");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "episode", t, "{\"amount\":\"lake\"}", NULL, NULL,
                                       &err),
               SCOOT_ECASE, "not_option", "event.data.amount");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "weight", now() + 3 * 86400, "{\"kg\":4}", NULL,
                                       NULL, &err),
               SCOOT_ERANGE, "in_future", "event.t");
    EXPECT_WHY(scoot_journal_event_add(j, "Mimi", "weight", t, "{\"kg\":4}", "a\x1b[2Jb", NULL, &err),
               SCOOT_ECASE, "bad_text", "event.note");
    EXPECT_WHY(scoot_journal_event_delete(j, 999999, &err), SCOOT_ENOENT, "no_entry", "");
    /* the first error is the one kept: two bad fields, the message names both */
    EXPECT_WHY(scoot_journal_cat_add(j, "{\"name\":\"Bo\",\"weight_kg\":99,\"sex\":\"x\"}", NULL,
                                     &err),
               SCOOT_ECASE, "out_of_range", "cat.weight_kg");
    assert_non_null(strstr(scoot_buf_str(&err), "cat.sex"));
    /* a reset buffer forgets it */
    scoot_buf_reset(&err);
    assert_int_equal(err.why.code, 0);
    scoot_buf_free(&err);
    scoot_journal_close(j);
}

/* The name of the cat as JSON from cat_get, or fails. */
static void expect_cat(scoot_journal *j, const char *lookup, const char *name)
{
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    if (scoot_journal_cat_get(j, lookup, &out, &err))
        fail_msg("cat_get '%s': %s", lookup, scoot_buf_str(&err));
    json_t *o = json_loads(out.data, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(o, "name")), name);
    json_decref(o);
    scoot_buf_free(&out);
    scoot_buf_free(&err);
}

/* Names are NFC, trimmed of Unicode white space, compared by NFKC_Casefold, and hold nothing
 * invisible or direction-changing. */
static void unicode_names(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Zo\\u00e9\"}");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Zoe\\u0301\"}", NULL, err),
                       SCOOT_EEXIST, "cat.name: there is already a cat named 'Zo\xc3\xa9'");
        expect_cat(j, "Zoe\xcc\x81", "Zo\xc3\xa9"); /* e + combining acute finds é */
        expect_cat(j, "ZO\xc3\x89", "Zo\xc3\xa9");
        add_cat(j, "{\"name\":\"M\\u00efm\\u00ec\"}");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"M\\u00cfM\\u00cc\"}", NULL, err),
                       SCOOT_EEXIST, "there is already a cat named 'M\xc3\xafm\xc3\xac'");
        expect_cat(j, "m\xc3\x8fM\xc3\x8c", "M\xc3\xafm\xc3\xac");
        /* white space only, or at the ends */
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\\u00a0\"}", NULL, err), SCOOT_ECASE,
                       "cat.name: a cat needs a name (this one is only white space)");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\\u2003\\u3000\\t\"}", NULL, err),
                       SCOOT_ECASE, "a cat needs a name");
        add_cat(j, "{\"name\":\"\\u00a0Nala\\u2003\"}");
        expect_cat(j, "Nala", "Nala");
        /* invisible, format and direction characters */
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Evil\\u202eoof\"}", NULL, err),
                       SCOOT_ECASE, "cat.name: holds U+202E, a character that changes the "
                                    "direction of the text, at character 5; a name cannot hold "
                                    "invisible, formatting or direction characters");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Ze\\u200bro\"}", NULL, err),
                       SCOOT_ECASE, "holds U+200B, an invisible formatting character");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\\u200b\"}", NULL, err), SCOOT_ECASE,
                       "holds U+200B");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Ab\\u2066c\"}", NULL, err),
                       SCOOT_ECASE, "holds U+2066");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"Ab\\u2028c\"}", NULL, err),
                       SCOOT_ECASE, "holds U+2028, a line or paragraph separator");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"So\\u00adft\"}", NULL, err),
                       SCOOT_ECASE, "holds U+00AD");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\\u3164\"}", NULL, err), SCOOT_ECASE,
                       "holds U+3164, an invisible character");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"A\\u0378\"}", NULL, err), SCOOT_ECASE,
                       "holds a code point that Unicode has not assigned");
        /* a black cat: an emoji sequence joined by a zero-width joiner is a name */
        add_cat(j, "{\"name\":\"\\ud83d\\udc08\\u200d\\u2b1b\"}");
        EXPECT_REFUSED(j, scoot_journal_cat_add(j, "{\"name\":\"\\u200dX\"}", NULL, err), SCOOT_ECASE,
                       "a zero-width joiner that joins nothing");
        /* renames: not onto another cat's name, but a cat's own name in another case is fine */
        EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "Nala", "{\"name\":\"ZOE\\u0301\"}", err),
                       SCOOT_EEXIST, "there is already a cat named 'Zo\xc3\xa9'");
        assert_int_equal(scoot_journal_cat_edit(j, "nala", "{\"name\":\"NALA\"}", NULL), SCOOT_OK);
        expect_cat(j, "Nala", "NALA");
        EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "NALA", "{\"name\":\"\\u202eX\"}", err),
                       SCOOT_ECASE, "holds U+202E");
        scoot_journal_close(j);
    }
}

/* A journal of schema 2 holding names that its ASCII-only NOCASE index kept apart but one key
 * joins: the upgrade keeps both cats and their entries, each found by its exact name, the
 * first also by its key; the second can be renamed. */
static void name_key_migration(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/keys-v2.db", dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(scoot__sqlite_create_at_version(path, 2, NULL), SCOOT_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO cat(household_id, id, name, created, updated) VALUES "
                                  "(1, 1, 'M\xc3\xafm\xc3\xac', 0, 0), (1, 2, 'M\xc3\x8fM\xc3\x8c', 0, 0), "
                                  "(1, 3, 'Zoe\xcc\x81', 0, 0), (1, 4, 'Tom', 0, 0);"
                                  "INSERT INTO seq VALUES (1, 'cat', 5), (1, 'event', 3);"
                                  "INSERT INTO event(household_id, cat_id, t, id, kind, data, created) "
                                  "VALUES (1, 1, 1763640000, 1, 'weight', '{\"kg\":4}', 0), "
                                  "(1, 2, 1763640000, 2, 'weight', '{\"kg\":5}', 0);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    scoot_journal *j;
    scoot_buf e2;
    scoot_buf_init(&e2, 0);
    if (scoot_journal_open(path, kb, &j, &e2))
        fail_msg("upgrade: %s", scoot_buf_str(&e2));
    expect_cat(j, "M\xc3\xafm\xc3\xac", "M\xc3\xafm\xc3\xac");
    expect_cat(j, "M\xc3\x8fM\xc3\x8c", "M\xc3\x8fM\xc3\x8c");
    expect_cat(j, "m\xc3\xafm\xc3\xac", "M\xc3\xafm\xc3\xac");
    expect_cat(j, "tom", "Tom");
    expect_cat(j, "Zo\xc3\xa9", "Zoe\xcc\x81"); /* the stored form is kept, found by its key */
    counter cnt = {0, INT64_MIN, 1};
    assert_int_equal(scoot_journal_scan(j, "M\xc3\x8fM\xc3\x8c", 0, now() + 1, NULL, count_cb, &cnt, NULL), 0);
    assert_int_equal(cnt.n, 1);
    /* the second can be edited as it is, and renamed to a name of its own */
    assert_int_equal(scoot_journal_cat_edit(j, "M\xc3\x8fM\xc3\x8c", "{\"coat\":\"long\"}", &e2), SCOOT_OK);
    EXPECT_REFUSED(j, scoot_journal_cat_edit(j, "M\xc3\x8fM\xc3\x8c", "{\"name\":\"m\\u00efm\\u00ec\"}", err),
                   SCOOT_EEXIST, "");
    assert_int_equal(scoot_journal_cat_edit(j, "M\xc3\x8fM\xc3\x8c", "{\"name\":\"Mimi Two\"}", &e2), SCOOT_OK);
    expect_cat(j, "mimi two", "Mimi Two");
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_journal_cat_list(j, &out, NULL), SCOOT_OK);
    json_t *list = json_loads(out.data, 0, NULL);
    assert_int_equal(json_array_size(list), 4);
    json_decref(list);
    scoot_buf_free(&out);
    scoot_buf_free(&e2);
    scoot_journal_close(j);
}

/* A record damaged behind scoot's back: the check names it (SCOOT_EDAMAGED), the export fails
 * naming it rather than leave it out; a journal opened to read creates nothing. */
static void damaged_and_readonly(void **state)
{
    (void)state;
    char path[512];
    scoot_journal *j = fresh(backends[0], path, sizeof path);
    add_cat(j, "{\"name\":\"Mimi\"}");
    int64_t id = add_event(j, "Mimi", "weight", now() - 60, "{\"kg\":4}");
    add_event(j, "Mimi", "weight", now() - 30, "{\"kg\":4.1}");
    scoot_buf rep, out, err;
    scoot_buf_init(&rep, 0);
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    assert_int_equal(scoot_journal_check(j, 0, &rep, &err), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&rep), "");
    scoot_journal_close(j);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char q[200];
    snprintf(q, sizeof q, "UPDATE event SET data = '{\"kg\":4' WHERE id = %lld", (long long)id);
    assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(scoot_journal_open_mode(path, kb, SCOOT_JOURNAL_READ, &j, &err), SCOOT_OK);
    assert_int_equal(scoot_journal_check(j, 1, &rep, &err), SCOOT_EDAMAGED);
    assert_non_null(strstr(rep.data, "event 1 (weight of cat 'Mimi'): its data is not valid JSON"));
    assert_int_equal(scoot_journal_export_json(j, NULL, &out, &err), SCOOT_EDAMAGED);
    assert_non_null(strstr(err.data, "event 1 (weight of cat 'Mimi'): its stored data cannot be read"));
    scoot_buf_reset(&err);
    assert_int_equal(scoot_journal_export_csv(j, NULL, &out, &err), SCOOT_EDAMAGED);
    /* writes fail in a journal opened to read */
    assert_int_not_equal(scoot_journal_cat_add(j, "{\"name\":\"Tom\"}", NULL, NULL), SCOOT_OK);
    scoot_journal_close(j);
    /* nothing is created where there is no journal */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nowhere/scoot.db", dir);
    scoot_buf_reset(&err);
    assert_int_equal(scoot_journal_open_mode(missing, kb, SCOOT_JOURNAL_READ, &j, &err), SCOOT_ENOENT);
    assert_non_null(strstr(err.data, "no journal there"));
    assert_int_equal(scoot_journal_open_mode(missing, kb, SCOOT_JOURNAL_WRITE, &j, NULL), SCOOT_ENOENT);
    snprintf(missing, sizeof missing, "%s/nowhere", dir);
    assert_int_not_equal(access(missing, F_OK), 0);
    scoot_buf_free(&rep);
    scoot_buf_free(&out);
    scoot_buf_free(&err);
}

/* ---- paging by key ---- */

typedef struct {
    int64_t ids[256];
    scoot_time ts[256];
    int n, page_n;
    scoot_event_key last;
} pages;

static int page_cb(void *ud, const scoot_event *e)
{
    pages *p = ud;
    assert_true(p->n < 256);
    p->ids[p->n] = e->id;
    p->ts[p->n++] = e->t;
    p->page_n++;
    p->last = (scoot_event_key){e->t, e->id};
    return 0;
}

/* All of the cat's events with kind and since/until, by pages of size, as a client pages:
 * the key of each page's last event is the next page's after. between (may be NULL) runs
 * after the first page. */
static void page_all(scoot_journal *j, const char *kind, scoot_time since, scoot_time until,
                     int newest_first, long size, pages *p, void (*between)(scoot_journal *))
{
    memset(p, 0, sizeof *p);
    for (int k = 0;; k++) {
        p->page_n = 0;
        scoot_event_key after = p->last;
        assert_int_equal(scoot_journal_scan_page(j, "Mimi", since, until, kind, k ? &after : NULL,
                                                 newest_first, size, page_cb, p, NULL),
                         SCOOT_OK);
        assert_true(p->page_n <= size);
        if (!k && between)
            between(j);
        if (p->page_n < size)
            break;
    }
}

/* What one scan gives (the reference), oldest first. */
static void scan_all(scoot_journal *j, const char *kind, scoot_time since, scoot_time until,
                     pages *p)
{
    memset(p, 0, sizeof *p);
    assert_int_equal(scoot_journal_scan(j, "Mimi", since, until, kind, page_cb, p, NULL), SCOOT_OK);
}

static void same_reversed(const pages *a, const pages *b, int reversed)
{
    assert_int_equal(a->n, b->n);
    for (int i = 0; i < a->n; i++)
        assert_int_equal(a->ids[i], b->ids[reversed ? b->n - 1 - i : i]);
}

static scoot_time page_t0;
static int64_t page_victim;

/* between pages: an event before the key, one after it, and one deleted after it */
static void page_changes(scoot_journal *j)
{
    add_event(j, "Mimi", "stool", page_t0 - 100, "{\"score\":3}");
    add_event(j, "Mimi", "stool", page_t0 + 5000, "{\"score\":4}");
    assert_int_equal(scoot_journal_event_delete(j, page_victim, NULL), SCOOT_OK);
}

static void paging(void **state)
{
    (void)state;
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(backends); b++) {
        char path[512];
        scoot_journal *j = fresh(backends[b], path, sizeof path);
        add_cat(j, "{\"name\":\"Mimi\"}");
        add_cat(j, "{\"name\":\"Tom\"}");
        page_t0 = now() - 10 * 86400;
        /* 60 events: many share a time (groups of 7), kinds mixed, ids not in time order */
        for (int i = 0; i < 60; i++) {
            scoot_time t = page_t0 + (scoot_time)((i * 37) % 9) * 600;
            int64_t id = add_event(j, "Mimi", i % 3 ? "stool" : "weight", t,
                                   i % 3 ? "{\"score\":3}" : "{\"kg\":4.1}");
            if (i == 50)
                page_victim = id;
            if (i % 10 == 0)
                add_event(j, "Tom", "stool", t, "{\"score\":3}");
        }
        scoot_time all_from = INT64_MIN / 2, all_to = INT64_MAX / 2;
        pages ref, got;
        const char *kinds[] = {NULL, "stool", "weight"};
        long sizes[] = {1, 2, 7, 10, 59, 60, 61, 1000};
        for (size_t k = 0; k < SCOOT_ARRAY_LEN(kinds); k++)
            for (size_t z = 0; z < SCOOT_ARRAY_LEN(sizes); z++) {
                scan_all(j, kinds[k], all_from, all_to, &ref);
                page_all(j, kinds[k], all_from, all_to, 0, sizes[z], &got, NULL);
                same_reversed(&ref, &got, 0);
                page_all(j, kinds[k], all_from, all_to, 1, sizes[z], &got, NULL);
                same_reversed(&ref, &got, 1);
                /* since/until: the window's own events, in the same order */
                scan_all(j, kinds[k], page_t0 + 1200, page_t0 + 3600, &ref);
                page_all(j, kinds[k], page_t0 + 1200, page_t0 + 3600, 0, sizes[z], &got, NULL);
                same_reversed(&ref, &got, 0);
                page_all(j, kinds[k], page_t0 + 1200, page_t0 + 3600, 1, sizes[z], &got, NULL);
                same_reversed(&ref, &got, 1);
            }
        /* no more than limit; a callback's stop is returned */
        pages one;
        memset(&one, 0, sizeof one);
        assert_int_equal(scoot_journal_scan_page(j, "Mimi", all_from, all_to, NULL, NULL, 1, 3,
                                                 page_cb, &one, NULL),
                         SCOOT_OK);
        assert_int_equal(one.n, 3);
        assert_true(one.ts[0] >= one.ts[1] && one.ts[1] >= one.ts[2]);
        assert_int_equal(scoot_journal_scan_page(j, "Nobody", all_from, all_to, NULL, NULL, 0, 3,
                                                 page_cb, &one, NULL),
                         SCOOT_ENOENT);
        assert_int_equal(scoot_journal_scan_page(j, "Mimi", all_from, all_to, "nope", NULL, 0, 3,
                                                 page_cb, &one, NULL),
                         SCOOT_EUNKNOWN);
        /* an event added before the key is not given, one added after it is, one deleted
         * after it is not; every other event exactly once */
        page_all(j, NULL, all_from, all_to, 0, 8, &got, page_changes);
        scan_all(j, NULL, all_from, all_to, &ref);
        assert_int_equal(got.n, ref.n - 1); /* (the one before the key) */
        for (int i = 0, r = 0; i < got.n; i++, r++) {
            if (ref.ts[r] == page_t0 - 100)
                r++;
            assert_int_equal(got.ids[i], ref.ids[r]);
            assert_int_not_equal(got.ids[i], page_victim);
        }
        scoot_journal_close(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cats),     cmocka_unit_test(events),
        cmocka_unit_test(paging),
        cmocka_unit_test(derive_and_recurrence), cmocka_unit_test(derive_by_the_kb),
        cmocka_unit_test(concerns),
        cmocka_unit_test(open_concerns),
        cmocka_unit_test(schedule),     cmocka_unit_test(recheck),
        cmocka_unit_test(care_plan_ends),
        cmocka_unit_test(export_import_backup),  cmocka_unit_test(migrations),
        cmocka_unit_test(hostile_text), cmocka_unit_test(strict_data),
        cmocka_unit_test(unicode_names), cmocka_unit_test(name_key_migration),
        cmocka_unit_test(damaged_and_readonly), cmocka_unit_test(structured_errors), cmocka_unit_test(event_kinds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
