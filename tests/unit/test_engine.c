/* test_engine.c: assessment semantics on the mini KB; invariants of the default KB over
 * random cases; no allocation per assessment; same answers from many threads. */
#include "../../src/core/setup.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "../../src/engine/engine_int.h"
#include "support.h"

static scoot_result *assess_json(scoot_kb *kb, const char *json)
{
    scoot_case *c;
    scoot_result *r;
    assert_int_equal(scoot_case_new(kb, &c), SCOOT_OK);
    assert_int_equal(scoot_result_new(kb, &r), SCOOT_OK);
    scoot_buf e;
    scoot_buf_init(&e, 0);
    if (scoot_case_set_json(c, json, strlen(json), "t", &e))
        fail_msg("%s", scoot_buf_str(&e));
    scoot_buf_free(&e);
    assert_int_equal(scoot_assess(kb, c, r), SCOOT_OK);
    scoot_case_free(c);
    return r;
}

static int has_care(const scoot_result *r, const char *id)
{
    for (int i = 0; i < scoot_result_n_care(r); i++)
        if (!strcmp(scoot_result_care_id(r, i), id))
            return 1;
    return 0;
}

static void mini_semantics(void **state)
{
    (void)state;
    scoot_kb *kb = t_mini_kb();
    /* nothing known: default reason, monitor, causes by base weight */
    scoot_result *r = assess_json(kb, "{}");
    assert_int_equal(scoot_result_level(r), SCOOT_LEVEL_MONITOR);
    assert_int_equal(scoot_result_n_reasons(r), 0);
    assert_string_equal(scoot_result_cause_id(r, 0), "c1");
    double s = scoot_result_cause_score(r, 0) + scoot_result_cause_score(r, 1);
    assert_true(fabs(s - 1) < 1e-9);
    assert_true(fabs(scoot_result_cause_score(r, 0) - 1 / (1 + exp(-1))) < 1e-9);
    assert_int_equal(scoot_result_n_care(r), 0);
    scoot_result_free(r);

    /* evidence for and against change the ranking */
    r = assess_json(kb, "{\"findings\":{\"leak\":true,\"stool\":7}}");
    assert_string_equal(scoot_result_cause_id(r, 0), "c2"); /* -1+3 = 2 beats 0+2-1 = 1 */
    assert_string_equal(scoot_result_cause_group(r, 0), "g2");
    assert_true(has_care(r, "compress"));
    assert_false(has_care(r, "vet"));
    scoot_result_free(r);

    /* the define 'painful' (pain or grimace >= 4): urgent, compress withheld, vet added */
    r = assess_json(kb, "{\"findings\":{\"leak\":true,\"grimace\":4}}");
    assert_int_equal(scoot_result_level(r), SCOOT_LEVEL_URGENT);
    assert_string_equal(scoot_result_reason_rule(r, 0), "hurts");
    assert_false(has_care(r, "compress")); /* when: level <= vet_soon is false */
    assert_true(has_care(r, "vet"));
    scoot_result_free(r);

    /* unknown spreads: pain unknown and grimace 3 -> painful unknown -> rule does not fire */
    r = assess_json(kb, "{\"findings\":{\"grimace\":3}}");
    assert_int_equal(scoot_result_level(r), SCOOT_LEVEL_MONITOR);
    scoot_result_free(r);

    /* a repeat without pain: vet_soon, compress kept, vet added */
    r = assess_json(kb, "{\"findings\":{\"leak\":true,\"pain\":false},\"history\":{\"episodes\":2}}");
    assert_int_equal(scoot_result_level(r), SCOOT_LEVEL_VET_SOON);
    assert_true(has_care(r, "compress"));
    assert_true(has_care(r, "vet"));
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_result_to_json(r, &out), SCOOT_OK);
    json_error_t je;
    json_t *j = json_loads(out.data, 0, &je);
    assert_non_null(j);
    /* answered red flag is not listed; the urgent rule is a watch-for trigger */
    assert_int_equal(json_array_size(json_object_get(j, "unanswered_red_flags")), 0);
    json_t *w = json_object_get(j, "watch_for");
    assert_int_equal(json_array_size(w), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "rule")), "hurts");
    json_t *care0 = json_array_get(json_object_get(j, "care"), 0);
    json_t *sch = json_object_get(care0, "schedule");
    assert_int_equal(json_integer_value(json_object_get(sch, "times_per_day")), 3);
    assert_int_equal(json_integer_value(json_object_get(sch, "minutes")), 10);
    assert_int_equal(json_integer_value(json_object_get(sch, "days")), 5);
    json_decref(j);
    scoot_buf_free(&out);
    scoot_result_free(r);

    /* a mismatched case/result is refused */
    scoot_kb *other = t_mini_kb();
    scoot_case *c;
    scoot_result *r2;
    scoot_case_new(other, &c);
    scoot_result_new(kb, &r2);
    assert_int_equal(scoot_assess(kb, c, r2), SCOOT_EINVAL);
    scoot_case_free(c);
    scoot_result_free(r2);
    scoot_kb_free(other);
    scoot_kb_free(kb);
}

/* A checklist's items come as one screen while two or more are still worth asking. */
static void checklist_screen(void **state)
{
    (void)state;
    scoot_kb *kb = t_mini_kb();
    int c = scoot_kb_fact_checklist(kb, scoot_kb_fact_find(kb, "leak"));
    const char *ask;
    int n_items;
    assert_string_equal(scoot_kb_checklist(kb, c, &ask, &n_items), "looks");
    assert_string_equal(ask, "Have you seen any of these?");
    assert_int_equal(n_items, 2);
    const char *text;
    assert_int_equal(scoot_kb_checklist_item(kb, c, 1, &text), scoot_kb_fact_find(kb, "pain"));
    assert_string_equal(text, "It hurts when touched");
    assert_int_equal(scoot_kb_checklist_item(kb, c, 2, &text), -1);
    assert_int_equal(scoot_kb_fact_checklist(kb, scoot_kb_fact_find(kb, "stool")), -1);
    assert_null(scoot_kb_checklist(kb, 1, NULL, NULL));

    scoot_result *r = assess_json(kb, "{}");
    int screen[4], cl, n = scoot_result_next_screen(r, screen, 4, &cl);
    assert_int_equal(cl, c);
    assert_int_equal(n, 2);
    assert_int_equal(screen[0], scoot_kb_fact_find(kb, "leak")); /* the checklist's order */
    assert_int_equal(screen[1], scoot_kb_fact_find(kb, "pain"));
    scoot_buf b = {0};
    assert_int_equal(scoot_result_to_json(r, &b), 0);
    assert_non_null(strstr(b.data, "\"next_screen\":{\"checklist\":\"looks\","
                                   "\"questions\":[\"leak\",\"pain\"]}"));
    scoot_buf_free(&b);
    scoot_result_free(r);

    /* one item left: asked alone */
    r = assess_json(kb, "{\"findings\":{\"pain\":false}}");
    n = scoot_result_next_screen(r, screen, 4, &cl);
    assert_int_equal(cl, -1);
    assert_int_equal(n, 1);
    assert_int_equal(screen[0], scoot_result_next_question(r, 0));
    assert_int_equal(scoot_result_to_json(r, &b), 0);
    assert_non_null(strstr(b.data, "\"next_screen\":{\"checklist\":null,"));
    scoot_buf_free(&b);
    scoot_result_free(r);
    scoot_kb_free(kb);
}

static void withheld_for_pain(void **state)
{
    (void)state;
    /* a KB where a painful cat stays vet_soon, so the compress is withheld, not dropped */
    char *text = t_read("tests/data/mini.kb", NULL);
    char *at = strstr(text, "  level urgent\n  when painful");
    assert_non_null(at);
    scoot_buf b;
    scoot_buf_init(&b, 0);
    scoot_buf_add(&b, text, (size_t)(at - text));
    scoot_buf_adds(&b, "  level vet_soon\n  when painful");
    scoot_buf_adds(&b, at + strlen("  level urgent\n  when painful"));
    scoot_kb *kb = t_kb(scoot_buf_str(&b));
    scoot_result *r = assess_json(kb, "{\"findings\":{\"leak\":true,\"pain\":true}}");
    assert_int_equal(scoot_result_level(r), SCOOT_LEVEL_VET_SOON);
    assert_false(has_care(r, "compress"));
    scoot_buf out;
    scoot_buf_init(&out, 0);
    scoot_result_to_json(r, &out);
    assert_non_null(strstr(out.data, "\"withheld\":[{\"id\":\"compress\",\"title\":\"Warm "
                                     "compress\",\"reason\":\"Not while it hurts.\"}]"));
    scoot_buf_reset(&out);
    scoot_result_to_text(r, &out, 0);
    assert_non_null(strstr(out.data, "Not now"));
    assert_non_null(strstr(out.data, "Warm compress: Not while it hurts."));
    assert_null(strstr(out.data, "\033[")); /* no colour unless asked */
    scoot_buf_reset(&out);
    scoot_result_to_text(r, &out, SCOOT_TEXT_COLOR);
    assert_non_null(strstr(out.data, "\033["));
    scoot_buf_free(&out);
    scoot_buf_free(&b);
    scoot_result_free(r);
    scoot_kb_free(kb);
    scoot_free(text);
}

/* ---- the default KB: invariants over random cases ---- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Fills c with random answers: each fact unknown, or a random valid value. */
static void random_case(const scoot_kb *kb, scoot_case *c)
{
    scoot_case_clear(c);
    char v[64];
    /* sparse and dense cases alike: from a few answers to nearly all */
    static const unsigned density[] = {5, 15, 30, 60, 90};
    unsigned d = density[rnd(SCOOT_ARRAY_LEN(density))], yes = 5 + rnd(30);
    for (int i = 0; i < scoot_kb_n_facts(kb); i++) {
        scoot_fact_info fi;
        scoot_kb_fact(kb, i, &fi);
        if (rnd(100) >= d)
            continue;
        switch (fi.type) {
        case SCOOT_FACT_YESNO: snprintf(v, sizeof v, "%s", rnd(100) < yes ? "yes" : "no"); break;
        case SCOOT_FACT_NUMBER: {
            double span = fi.max - fi.min;
            double x = fi.min + span * (rnd(1000) / 999.0);
            if (span <= 20)
                x = fi.min + rnd((unsigned)span + 1);
            snprintf(v, sizeof v, "%g", x);
            break;
        }
        case SCOOT_FACT_CHOICE: snprintf(v, sizeof v, "%s", fi.options[rnd((unsigned)fi.n_options)]); break;
        default: snprintf(v, sizeof v, "Cat%u", rnd(100)); break;
        }
        if (scoot_case_set_text(c, fi.id, v, NULL))
            fail_msg("random value %s=%s refused", fi.id, v);
    }
}

static int known_true(const scoot_kb *kb, const scoot_case *c, const char *id, scoot_buf *js)
{
    (void)c;
    (void)kb;
    char key[80];
    snprintf(key, sizeof key, "\"%s\":true", id);
    return strstr(scoot_buf_str(js), key) != NULL;
}

static void default_invariants(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    scoot_buf js;
    scoot_buf_init(&js, 0);
    int levels[3] = {0, 0, 0};
    for (int n = 0; n < 20000; n++) {
        random_case(kb, c);
        assert_int_equal(scoot_assess(kb, c, r), SCOOT_OK);
        scoot_level lv = scoot_result_level(r);
        levels[lv]++;
        int see_vet = has_care(r, "see_vet");
        scoot_buf_reset(&js);
        scoot_case_to_json(c, &js);
        if (lv == SCOOT_LEVEL_MONITOR && see_vet)
            fail_msg("monitor with see_vet: %s", js.data);
        if (lv != SCOOT_LEVEL_MONITOR && !see_vet)
            fail_msg("%s without see_vet: %s", scoot_level_id(lv), js.data);
        if (lv != SCOOT_LEVEL_MONITOR && has_care(r, "monitor_at_home"))
            fail_msg("%s with monitor_at_home: %s", scoot_level_id(lv), js.data);
        if (has_care(r, "pain_control_first")) {
            const char *hands_on[] = {"warm_compress", "clean_area", "sanitary_shave"};
            for (size_t k = 0; k < SCOOT_ARRAY_LEN(hands_on); k++)
                if (has_care(r, hands_on[k]))
                    fail_msg("pain_control_first with %s: %s", hands_on[k], js.data);
        }
        if (known_true(kb, c, "pain_on_touch", &js) && !has_care(r, "pain_control_first"))
            fail_msg("a cat in pain without pain_control_first: %s", js.data);
        double sum = 0, prev = 2;
        for (int i = 0; i < scoot_result_n_causes(r); i++) {
            double s = scoot_result_cause_score(r, i);
            assert_true(s <= prev);
            prev = s;
            sum += s;
        }
        assert_true(fabs(sum - 1) < 1e-9);
    }
    print_message("levels over 20000 random cases: monitor %d, vet_soon %d, urgent %d\n",
                  levels[0], levels[1], levels[2]);
    assert_true(levels[0] > 0 && levels[1] > 0 && levels[2] > 0);
    scoot_buf_free(&js);
    scoot_case_free(c);
    scoot_result_free(r);
    scoot_kb_free(kb);
}

/* ---- the fast evaluator agrees with the bytecode evaluator on every expression ---- */

/* A random way to go on answering case c: in the KB's order, each question still open (unknown,
 * not answered "not sure", asked given the answers so far) is answered with a random value or
 * left open. */
static void random_completion(const scoot_kb *kb, scoot_case *c)
{
    char v[64];
    for (int pass = 0; pass < 2; pass++) {
        int pos = 0, f;
        while ((f = scoot_case_next_question(c, &pos)) >= 0) {
            scoot_fact_info fi;
            scoot_kb_fact(kb, f, &fi);
            if (scoot_case_is_not_sure(c, f) || fi.type == SCOOT_FACT_TEXT || rnd(4) == 0)
                continue;
            switch (fi.type) {
            case SCOOT_FACT_YESNO: snprintf(v, sizeof v, "%s", rnd(2) ? "yes" : "no"); break;
            case SCOOT_FACT_CHOICE: snprintf(v, sizeof v, "%s", fi.options[rnd((unsigned)fi.n_options)]); break;
            default: {
                double x = fi.min + (fi.max - fi.min) * (rnd(1000) / 999.0);
                if (rnd(2)) /* whole numbers meet the thresholds exactly */
                    x = fi.min + rnd((unsigned)(fi.max - fi.min > 60 ? 60 : fi.max - fi.min) + 1);
                snprintf(v, sizeof v, "%g", x);
            }
            }
            assert_int_equal(scoot_case_set_text(c, fi.id, v, NULL), SCOOT_OK);
        }
    }
}

/* A settled level is the level of every way the open questions can still be answered; a level
 * not settled has a question that can move it; next_questions lists only open questions. */
static void settled_is_sound(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    scoot_case *c, *d;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_case_new(kb, &d);
    scoot_result_new(kb, &r);
    int n_settled = 0, n_open = 0, moved = 0;
    for (int n = 0; n < 4000; n++) {
        random_case(kb, c);
        for (int i = 0; i < scoot_kb_n_facts(kb); i++) /* some questions answered "not sure" */
            if (!scoot_case_is_known(c, i) && rnd(10) == 0)
                scoot_case_set_not_sure(c, i);
        scoot_assess(kb, c, r);
        for (int k = 0; k < scoot_result_n_next(r); k++) {
            int f = scoot_result_next_question(r, k);
            assert_false(scoot_case_is_known(c, f));
            assert_false(scoot_case_is_not_sure(c, f));
        }
        assert_true(scoot_result_n_level_questions(r) <= scoot_result_n_next(r));
        /* the next screen: the first next question, with the other items of its checklist
         * that are among the next questions, each once */
        int screen[16], cl, ns = scoot_result_next_screen(r, screen, 16, &cl);
        assert_int_equal(ns > 0, scoot_result_n_next(r) > 0);
        if (ns) {
            int has_first = 0;
            for (int i = 0; i < ns; i++) {
                has_first |= screen[i] == scoot_result_next_question(r, 0);
                int in_next = 0;
                for (int k = 0; k < scoot_result_n_next(r); k++)
                    in_next |= scoot_result_next_question(r, k) == screen[i];
                assert_true(in_next);
                if (cl >= 0)
                    assert_int_equal(scoot_kb_fact_checklist(kb, screen[i]), cl);
                for (int j = 0; j < i; j++)
                    assert_int_not_equal(screen[i], screen[j]);
            }
            assert_true(has_first);
            assert_true(cl >= 0 ? ns >= 2 : ns == 1);
        }
        if (!scoot_result_settled(r)) {
            n_open++;
            assert_true(scoot_result_n_level_questions(r) > 0);
            continue;
        }
        n_settled++;
        assert_int_equal(scoot_result_n_level_questions(r), 0);
        scoot_level level = scoot_result_level(r);
        for (int k = 0; k < 6; k++) {
            scoot_case_copy(d, c);
            random_completion(kb, d);
            scoot_assess(kb, d, r);
            if (scoot_result_level(r) != level) {
                scoot_buf j;
                scoot_buf_init(&j, 0);
                scoot_case_to_json(c, &j);
                print_error("settled at %s, but %s after more answers; case %s\n",
                            scoot_level_id(level), scoot_level_id(scoot_result_level(r)), j.data);
                scoot_buf_free(&j);
                moved++;
            }
        }
    }
    print_message("settled %d, not settled %d of 4000 random cases\n", n_settled, n_open);
    assert_int_equal(moved, 0);
    assert_true(n_settled > 200 && n_open > 200);
    scoot_result_free(r);
    scoot_case_free(c);
    scoot_case_free(d);
    scoot_kb_free(kb);
}

static void fast_matches_bytecode(void **state)
{
    (void)state;
    scoot_kb *kbs[3] = {t_default_kb(), t_mini_kb(), t_wide_kb()};
    for (int w = 0; w < 3; w++) {
        scoot_kb *kb = kbs[w];
        scoot_case *c;
        scoot_result *r;
        scoot_case_new(kb, &c);
        scoot_result_new(kb, &r);
        scoot_buf why;
        scoot_buf_init(&why, 0);
        int bad = 0, n_expr = scoot__fast_check_n_expr(kb);
        for (int n = 0; n < 5000 && !bad; n++) {
            random_case(kb, c);
            scoot_assess(kb, c, r);
            bad += scoot__fast_check(kb, c, r, &why);
        }
        if (bad)
            print_error("%s", scoot_buf_str(&why));
        print_message("%s: %d expressions agree over 5000 random cases\n", scoot_kb_id(kb), n_expr);
        assert_int_equal(bad, 0);
        assert_true(n_expr > 5);
        scoot_buf_free(&why);
        scoot_case_free(c);
        scoot_result_free(r);
        scoot_kb_free(kb);
    }
}

/* ---- no allocation during scoot_assess ---- */

static long n_alloc;

static void *counting(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size)
        n_alloc++;
    if (!size) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static void no_allocation(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    scoot_alloc_set_hook(counting, NULL);
    for (int n = 0; n < 200; n++) {
        random_case(kb, c);
        long before = n_alloc;
        scoot_assess(kb, c, r);
        assert_int_equal(n_alloc, before);
    }
    scoot_alloc_set_hook(NULL, NULL);
    scoot_case_free(c);
    scoot_result_free(r);
    scoot_kb_free(kb);
}

/* ---- threads share one KB ---- */

typedef struct {
    scoot_kb *kb;
    char *expect[64];
    const char *cases[64];
    int n, bad;
} shared;

static void *worker(void *arg)
{
    shared *sh = arg;
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(sh->kb, &c);
    scoot_result_new(sh->kb, &r);
    scoot_buf out;
    scoot_buf_init(&out, 0);
    for (int rep = 0; rep < 50; rep++)
        for (int i = 0; i < sh->n; i++) {
            scoot_case_clear(c);
            scoot_case_set_json(c, sh->cases[i], strlen(sh->cases[i]), "t", NULL);
            scoot_assess(sh->kb, c, r);
            scoot_buf_reset(&out);
            scoot_result_to_json(r, &out);
            if (strcmp(out.data, sh->expect[i]))
                __atomic_add_fetch(&sh->bad, 1, __ATOMIC_RELAXED);
        }
    scoot_buf_free(&out);
    scoot_case_free(c);
    scoot_result_free(r);
    return NULL;
}

static void threads(void **state)
{
    (void)state;
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.kb = t_default_kb();
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(sh.kb, &c);
    scoot_result_new(sh.kb, &r);
    char *storage[64];
    for (int i = 0; i < 32; i++) {
        random_case(sh.kb, c);
        scoot_buf b;
        scoot_buf_init(&b, 0);
        scoot_case_to_json(c, &b);
        storage[i] = scoot_buf_detach(&b);
        sh.cases[i] = storage[i];
        scoot_assess(sh.kb, c, r);
        scoot_buf_init(&b, 0);
        scoot_result_to_json(r, &b);
        sh.expect[i] = scoot_buf_detach(&b);
    }
    sh.n = 32;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, &sh);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(sh.bad, 0);
    for (int i = 0; i < 32; i++) {
        scoot_free(storage[i]);
        scoot_free(sh.expect[i]);
    }
    scoot_case_free(c);
    scoot_result_free(r);
    scoot_kb_free(sh.kb);
}

/* ---- the brief result: the full one less the KB's own texts ---- */

/* The element of array arr whose member key is id (NULL if none). */
static json_t *by_id(json_t *arr, const char *key, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *x = json_string_value(json_object_get(v, key));
        if (x && !strcmp(x, id))
            return v;
    }
    return NULL;
}

/* Copies the members keys[] of the KB entry with this id into o (as the web app does). */
static void fill(json_t *o, json_t *kb_arr, const char *kb_key, const char *id_key,
                 const char *const *keys, const char *const *as, int n)
{
    const char *id = json_string_value(json_object_get(o, id_key));
    assert_non_null(id);
    json_t *k = by_id(kb_arr, kb_key, id);
    assert_non_null(k);
    for (int i = 0; i < n; i++) {
        json_t *v = json_object_get(k, keys[i]);
        assert_non_null(v);
        json_object_set(o, as[i], v);
    }
}

/* Adds to a brief result, from the KB JSON, every text the full result has. */
static void merge_texts(json_t *brief, json_t *kbj)
{
    json_t *kbo = json_object_get(brief, "kb");
    assert_string_equal(json_string_value(json_object_get(kbo, "version")),
                        json_string_value(json_object_get(kbj, "version")));
    json_object_set(kbo, "title", json_object_get(kbj, "title"));
    json_object_del(brief, "texts");
    json_t *t = json_object_get(brief, "triage");
    static const char *const level_keys[] = {"label", "advice", "now"};
    fill(t, json_object_get(kbj, "levels"), "id", "level", level_keys, level_keys, 3);
    size_t i;
    json_t *v;
    static const char *const cause_keys[] = {"name", "about", "sources"};
    json_array_foreach(json_object_get(brief, "causes"), i, v)
        fill(v, json_object_get(kbj, "causes"), "id", "id", cause_keys, cause_keys, 3);
    static const char *const care_keys[] = {"title", "steps", "cautions", "sources"};
    json_array_foreach(json_object_get(brief, "care"), i, v)
        fill(v, json_object_get(kbj, "care"), "id", "id", care_keys, care_keys, 4);
    static const char *const watch_keys[] = {"watch"}, *const watch_as[] = {"text"};
    json_array_foreach(json_object_get(brief, "watch_for"), i, v)
        fill(v, json_object_get(kbj, "rules"), "id", "rule", watch_keys, watch_as, 1);
    static const char *const flag_keys[] = {"ask"}, *const flag_as[] = {"question"};
    json_array_foreach(json_object_get(brief, "unanswered_red_flags"), i, v)
        fill(v, json_object_get(kbj, "facts"), "id", "id", flag_keys, flag_as, 1);
    json_object_set(brief, "disclaimer", json_object_get(kbj, "disclaimer"));
}

static void brief_plus_kb_is_full(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    scoot_buf b;
    scoot_buf_init(&b, 0);
    assert_int_equal(scoot_kb_to_json(kb, &b), SCOOT_OK);
    json_t *kbj = json_loads(b.data, 0, NULL);
    assert_non_null(kbj);
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    static const char *const kb_texts[] = {"\"about\":", "\"steps\":", "\"cautions\":",
                                           "\"label\":", "\"advice\":", "\"question\":",
                                           "\"disclaimer\":", "\"title\":", "\"name\":", "\"now\":"};
    for (int n = 0; n < 2000; n++) {
        scoot_case_clear(c);
        if (n)
            random_case(kb, c);
        scoot_assess(kb, c, r);
        scoot_buf_reset(&b);
        assert_int_equal(scoot_result_to_json(r, &b), SCOOT_OK);
        json_t *full = json_loads(b.data, JSON_PRESERVE_ORDER, NULL);
        scoot_buf_reset(&b);
        assert_int_equal(scoot_result_to_json_flags(r, &b, SCOOT_JSON_BRIEF), SCOOT_OK);
        for (size_t k = 0; k < SCOOT_ARRAY_LEN(kb_texts); k++)
            if (strstr(b.data, kb_texts[k]) && strcmp(kb_texts[k], "\"title\":"))
                fail_msg("case %d: %s in the brief result: %s", n, kb_texts[k], b.data);
        json_t *brief = json_loads(b.data, JSON_PRESERVE_ORDER, NULL);
        assert_non_null(full);
        assert_non_null(brief);
        assert_string_equal(json_string_value(json_object_get(brief, "texts")), "brief");
        merge_texts(brief, kbj);
        if (!json_equal(full, brief)) {
            char *x = json_dumps(brief, JSON_COMPACT | JSON_PRESERVE_ORDER);
            fail_msg("case %d: brief + KB differs from the full result\nfull:  %s\nbrief: %s", n,
                     json_dumps(full, JSON_COMPACT | JSON_PRESERVE_ORDER), x);
        }
        json_decref(full);
        json_decref(brief);
    }
    /* a cap below the largest possible result still takes a result that fits */
    scoot_buf small;
    scoot_buf_init(&small, 8192);
    scoot_case_clear(c);
    scoot_assess(kb, c, r);
    assert_int_equal(scoot_result_to_json_flags(r, &small, SCOOT_JSON_BRIEF), SCOOT_OK);
    assert_true(small.len > 0 && small.len < 8192);
    size_t len = small.len;
    /* and one that does not fit leaves the buffer as it was */
    assert_int_equal(scoot_result_to_json(r, &small), SCOOT_ETOOBIG);
    assert_int_equal(small.len, len);
    assert_int_equal(small.data[len], '\0');
    scoot_buf_free(&small);
    json_decref(kbj);
    scoot_buf_free(&b);
    scoot_case_free(c);
    scoot_result_free(r);
    scoot_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mini_semantics),     cmocka_unit_test(withheld_for_pain),
        cmocka_unit_test(checklist_screen),
        cmocka_unit_test(default_invariants), cmocka_unit_test(fast_matches_bytecode),
        cmocka_unit_test(no_allocation),      cmocka_unit_test(settled_is_sound),
        cmocka_unit_test(threads),            cmocka_unit_test(brief_plus_kb_is_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
