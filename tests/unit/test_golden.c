/* test_golden.c: worked cases (the JSON files in tests/golden) through the built-in KB. Each case has
 * "case" and "expect": triage, first_cause, top3_any and top3_none (ids or groups),
 * care_includes, care_excludes, reasons_include, reasons_exclude (rule ids, "default" for
 * none). Every failing case is reported, then the test fails; so does a triage rule that no
 * case of ours fires. */
#include "../../src/core/setup.h"

#include <jansson.h>

#include "support.h"

/* v is a string or an array of strings; 1 when s equals one of them. */
static int matches(json_t *v, const char *s)
{
    if (json_is_string(v))
        return !strcmp(json_string_value(v), s);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) if (json_is_string(x) && !strcmp(json_string_value(x), s)) return 1;
    return 0;
}

static int has_care(const scoot_result *r, const char *id)
{
    for (int i = 0; i < scoot_result_n_care(r); i++)
        if (!strcmp(scoot_result_care_id(r, i), id))
            return 1;
    return 0;
}

/* 1 when rule id is among r's reasons ("default" when no rule fired). */
static int has_reason(const scoot_result *r, const char *id)
{
    if (!scoot_result_n_reasons(r))
        return !strcmp(id, "default");
    for (int i = 0; i < scoot_result_n_reasons(r); i++)
        if (!strcmp(scoot_result_reason_rule(r, i), id))
            return 1;
    return 0;
}

/* Per rule of the KB: how many golden cases fired it (counted by run_file when not NULL). */
static int *rule_hits;

static int run_file(scoot_kb *kb, const char *rel, int *n_cases)
{
    size_t len;
    char *text = t_read(rel, &len);
    json_error_t je;
    json_t *all = json_loadb(text, len, 0, &je);
    if (!all)
        fail_msg("%s:%d:%d: %s", rel, je.line, je.column, je.text);
    assert_true(json_is_array(all));
    scoot_case *c;
    scoot_result *r;
    scoot_case_new(kb, &c);
    scoot_result_new(kb, &r);
    int failed = 0;
    size_t i;
    json_t *g;
    json_array_foreach(all, i, g)
    {
        const char *id = json_string_value(json_object_get(g, "id"));
        char *cs = json_dumps(json_object_get(g, "case"), 0);
        scoot_buf e;
        scoot_buf_init(&e, 0);
        scoot_case_clear(c);
        if (!cs || scoot_case_set_json(c, cs, strlen(cs), id, &e)) {
            print_error("%s %s: case rejected:\n%s", rel, id, scoot_buf_str(&e));
            failed++;
            free(cs);
            scoot_buf_free(&e);
            continue;
        }
        free(cs);
        scoot_buf_free(&e);
        scoot_assess(kb, c, r);
        (*n_cases)++;
        json_t *x = json_object_get(g, "expect");
        scoot_buf why;
        scoot_buf_init(&why, 0);
        json_t *v;
        if ((v = json_object_get(x, "triage")) &&
            strcmp(json_string_value(v), scoot_level_id(scoot_result_level(r))))
            scoot_buf_printf(&why, "  triage %s, expected %s\n",
                             scoot_level_id(scoot_result_level(r)), json_string_value(v));
        if ((v = json_object_get(x, "first_cause")) && !matches(v, scoot_result_cause_id(r, 0)) &&
            !matches(v, scoot_result_cause_group(r, 0)))
            scoot_buf_printf(&why, "  first cause %s (%s)\n", scoot_result_cause_id(r, 0),
                             scoot_result_cause_group(r, 0));
        if ((v = json_object_get(x, "top3_any"))) {
            int ok = 0;
            for (int k = 0; k < 3 && k < scoot_result_n_causes(r); k++)
                ok |= matches(v, scoot_result_cause_id(r, k)) ||
                      matches(v, scoot_result_cause_group(r, k));
            if (!ok)
                scoot_buf_printf(&why, "  top 3 are %s, %s, %s\n", scoot_result_cause_id(r, 0),
                                 scoot_result_cause_id(r, 1), scoot_result_cause_id(r, 2));
        }
        if ((v = json_object_get(x, "top3_none")))
            for (int k = 0; k < 3 && k < scoot_result_n_causes(r); k++)
                if (matches(v, scoot_result_cause_id(r, k)) || matches(v, scoot_result_cause_group(r, k)))
                    scoot_buf_printf(&why, "  cause %d is %s\n", k + 1, scoot_result_cause_id(r, k));
        size_t k;
        json_t *it;
        json_array_foreach(json_object_get(x, "care_includes"), k, it) if (
            !has_care(r, json_string_value(it)))
            scoot_buf_printf(&why, "  care lacks %s\n", json_string_value(it));
        json_array_foreach(json_object_get(x, "care_excludes"), k, it) if (
            has_care(r, json_string_value(it)))
            scoot_buf_printf(&why, "  care has %s\n", json_string_value(it));
        json_array_foreach(json_object_get(x, "reasons_include"), k, it) if (
            !has_reason(r, json_string_value(it)))
            scoot_buf_printf(&why, "  reasons lack %s\n", json_string_value(it));
        json_array_foreach(json_object_get(x, "reasons_exclude"), k, it) if (
            has_reason(r, json_string_value(it)))
            scoot_buf_printf(&why, "  reasons have %s\n", json_string_value(it));
        for (int f = 0; rule_hits && f < scoot_result_n_fired(r); f++) {
            const char *rule = scoot_result_fired_rule(r, f);
            for (int ru = 0; ru < scoot_kb_n_rules(kb); ru++)
                if (!strcmp(scoot_kb_rule_id(kb, ru), rule))
                    rule_hits[ru]++;
        }
        if (why.len) {
            print_error("%s %s:\n%s", rel, id, scoot_buf_str(&why));
            failed++;
        }
        scoot_buf_free(&why);
    }
    scoot_case_free(c);
    scoot_result_free(r);
    json_decref(all);
    scoot_free(text);
    return failed;
}

static void golden(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    rule_hits = calloc((size_t)scoot_kb_n_rules(kb) + 1, sizeof *rule_hits);
    assert_non_null(rule_hits);
    int n = 0, failed = run_file(kb, "tests/golden/cases.json", &n);
    int n_ours = n;
    /* every triage rule of the KB is held by a worked case that fires it */
    for (int ru = 0; ru < scoot_kb_n_rules(kb); ru++)
        if (!rule_hits[ru]) {
            print_error("rule %s fires in no golden case of tests/golden/cases.json\n",
                        scoot_kb_rule_id(kb, ru));
            failed++;
        }
    free(rule_hits);
    rule_hits = NULL;
    failed += run_file(kb, "tests/golden/example-cases.json", &n);
    print_message("%d golden cases (%d ours, %d reference), %d failed\n", n, n_ours, n - n_ours,
                  failed);
    scoot_kb_free(kb);
    assert_true(n_ours >= 60);
    assert_int_equal(failed, 0);
}

/* 1 when the questions of the built-in KB, for the answers json and nothing more, include id. */
static int asks(scoot_kb *kb, const char *json, const char *id)
{
    scoot_case *c;
    scoot_case_new(kb, &c);
    assert_int_equal(scoot_case_set_json(c, json, strlen(json), "t", NULL), SCOOT_OK);
    int pos = 0, f, found = 0, want = scoot_kb_fact_find(kb, id);
    assert_true(want >= 0);
    while ((f = scoot_case_next_question(c, &pos)) >= 0)
        found |= f == want;
    scoot_case_free(c);
    return found;
}

/* The KB's follow-up questions: asked when their question may apply, not after a "no". */
static void follow_ups(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    /* how many days of soft stool: not after "no" to soft and to watery stool, even with the
     * stool score not given; after a yes, a score of 4 or more, or nothing said */
    assert_false(asks(kb, "{\"findings\": {\"soft_stool\": false, \"diarrhea\": false}}", "soft_stool_days"));
    assert_true(asks(kb, "{\"findings\": {\"soft_stool\": true}}", "soft_stool_days"));
    assert_true(asks(kb, "{\"findings\": {\"soft_stool\": false, \"diarrhea\": false, \"fecal_score\": 5}}", "soft_stool_days"));
    assert_true(asks(kb, "{}", "soft_stool_days"));
    assert_false(asks(kb, "{\"findings\": {\"soft_stool\": false, \"diarrhea\": false, \"fecal_score\": 2}}", "soft_stool_days"));
    /* the fright: only about a leak or a smell; "every leak after a fright" only after more
     * than one */
    assert_false(asks(kb, "{\"findings\": {\"discharge_seen\": false, \"odor\": false}}", "startled_recently"));
    assert_true(asks(kb, "{\"findings\": {\"discharge_seen\": false, \"odor\": true}}", "startled_recently"));
    assert_false(asks(kb, "{\"findings\": {\"discharge_seen\": true, \"discharge_repeated\": false, \"startled_recently\": true}, "
                          "\"history\": {\"episodes_last_30_days\": 1, \"episodes_last_90_days\": 1}}", "all_episodes_after_fright"));
    assert_true(asks(kb, "{\"findings\": {\"discharge_seen\": true, \"discharge_repeated\": false, \"startled_recently\": true}, "
                         "\"history\": {\"episodes_last_30_days\": 2}}", "all_episodes_after_fright"));
    assert_true(asks(kb, "{\"findings\": {\"discharge_seen\": true, \"discharge_repeated\": true, \"startled_recently\": true}}", "all_episodes_after_fright"));
    scoot_kb_free(kb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(golden), cmocka_unit_test(follow_ups)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
