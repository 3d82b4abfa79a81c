/* test_kb.c: loading the KB language: accessors, syntax features, messages, JSON view. */
#include "../../src/core/setup.h"

#include <jansson.h>

#include "../../src/kb/kb_int.h"
#include "support.h"

static void mini_loads(void **state)
{
    (void)state;
    scoot_kb *kb = t_mini_kb();
    assert_string_equal(scoot_kb_id(kb), "mini");
    assert_string_equal(scoot_kb_version(kb), "1");
    assert_string_equal(scoot_kb_title(kb), "Mini test KB");
    assert_int_equal(scoot_kb_n_facts(kb), 7);
    int f = scoot_kb_fact_find(kb, "stool");
    assert_true(f >= 0);
    scoot_fact_info fi;
    assert_int_equal(scoot_kb_fact(kb, f, &fi), SCOOT_OK);
    assert_string_equal(fi.section, "findings");
    assert_int_equal(fi.type, SCOOT_FACT_NUMBER);
    assert_true(fi.min == 1 && fi.max == 7);
    assert_int_equal(fi.n_labels, 2);
    assert_string_equal(fi.label_text[1], "Watery");
    assert_int_equal(scoot_kb_fact(kb, 99, &fi), SCOOT_EINVAL);
    assert_int_equal(scoot_kb_fact_find(kb, "nope"), -1);
    f = scoot_kb_fact_find(kb, "coat");
    scoot_kb_fact(kb, f, &fi);
    assert_int_equal(fi.n_options, 2);
    assert_string_equal(fi.options[1], "long");
    assert_string_equal(fi.option_text[1], "Long");
    scoot_kb_free(kb);
}

static void scale_total(void **state)
{
    (void)state;
    scoot_kb *kb = t_mini_kb();
    scoot_scale_info si;
    assert_int_equal(scoot_kb_scale(kb, 0, &si), SCOOT_OK);
    assert_string_equal(si.id, "fgs");
    assert_int_equal(si.n_units, 2);
    int n = 0;
    assert_string_equal(scoot_kb_scale_unit(kb, 0, 1, &n), "Eyes");
    assert_int_equal(n, 3);
    assert_string_equal(scoot_kb_scale_score_text(kb, 0, 1, 2), "Squint");
    assert_null(scoot_kb_scale_score_text(kb, 0, 1, 3));
    int s1[] = {2, 1}; /* 3 of 4 -> 7.5 of 10 */
    assert_true(scoot_kb_scale_total(kb, 0, s1) == 7.5);
    int s2[] = {-1, 1}; /* one unit seen: 1 of 2 -> 5 */
    assert_true(scoot_kb_scale_total(kb, 0, s2) == 5.0);
    int s3[] = {-1, -1};
    assert_true(scoot_kb_scale_total(kb, 0, s3) < 0);
    scoot_kb_free(kb);
}

static void syntax_features(void **state)
{
    (void)state;
    char *text = t_read("tests/data/mini.kb", NULL);
    /* continuation lines for text and for expressions, comments, extra blank lines */
    scoot_buf b;
    scoot_buf_init(&b, 0);
    scoot_buf_adds(&b, text);
    scoot_buf_adds(&b, "\n\n# a comment\nrule more # trailing comment\n  level vet_soon\n"
                       "  when leak\n    and stool >= 5\n    or episodes > 10\n"
                       "  reason \"first part\"\n    \"second part\"\n  sources S1\n");
    scoot_kb *kb = t_kb(scoot_buf_str(&b));
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_kb_to_json(kb, &out), SCOOT_OK);
    json_error_t je;
    json_t *j = json_loads(scoot_buf_str(&out), 0, &je);
    assert_non_null(j);
    json_t *rules = json_object_get(j, "rules");
    assert_int_equal(json_array_size(rules), 3);
    json_t *r = json_array_get(rules, 2);
    assert_string_equal(json_string_value(json_object_get(r, "reason")), "first part second part");
    assert_string_equal(json_string_value(json_object_get(r, "level")), "vet_soon");
    json_t *order = json_object_get(j, "question_order");
    assert_string_equal(json_string_value(json_array_get(order, 0)), "pain"); /* red flag first */
    json_decref(j);
    scoot_buf_free(&out);
    scoot_buf_free(&b);
    scoot_kb_free(kb);
    scoot_free(text);
}

static void all_errors_sorted(void **state)
{
    (void)state;
    const char *bad = "kb x\n"
                      "  version \"1\"\n"
                      "  frob 3\n"
                      "source S1\n"
                      "  tier Q\n"
                      "finding a yesno\n"
                      "  ask 12\n";
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    assert_int_equal(scoot_kb_load(bad, strlen(bad), "bad.kb", &kb, &e), SCOOT_EKB);
    assert_null(kb);
    const char *s = scoot_buf_str(&e);
    /* several problems, in file order, each with file:line:col */
    const char *p3 = strstr(s, "bad.kb:3:3: unknown attribute 'frob'");
    const char *p5 = strstr(s, "bad.kb:5:");
    const char *p7 = strstr(s, "bad.kb:7:");
    assert_non_null(p3);
    assert_non_null(p5);
    assert_non_null(p7);
    assert_true(p3 < p5 && p5 < p7);
    scoot_buf_free(&e);
}

static void load_file_errors(void **state)
{
    (void)state;
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    assert_int_equal(scoot_kb_load_file("/nonexistent/x.kb", &kb, &e), SCOOT_EIO);
    assert_non_null(strstr(scoot_buf_str(&e), "/nonexistent/x.kb: cannot open"));
    assert_null(kb);
    scoot_buf_free(&e);
    scoot_kb_free(NULL);
}

static void default_kb(void **state)
{
    (void)state;
    scoot_kb *kb = t_default_kb();
    assert_string_equal(scoot_kb_id(kb), "feline_anal_sac");
    /* every vocabulary fact is declared */
    const char *ids[] = {"discharge_seen", "grimace_score", "fecal_score", "body_condition_9pt",
                         "episodes_last_30_days", "all_episodes_after_fright", "name"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(ids); i++)
        assert_true(scoot_kb_fact_find(kb, ids[i]) >= 0);
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_kb_to_text(kb, &out), SCOOT_OK);
    assert_non_null(strstr(scoot_buf_str(&out), "Questions, in the order they are asked"));
    scoot_buf_free(&out);
    scoot_kb_free(kb);
}

/* 1 when a and b give the same JSON and the same text. */
static void same_kb(const scoot_kb *a, const scoot_kb *b)
{
    scoot_buf x, y;
    scoot_buf_init(&x, 0);
    scoot_buf_init(&y, 0);
    assert_int_equal(scoot_kb_to_json(a, &x), SCOOT_OK);
    assert_int_equal(scoot_kb_to_json(b, &y), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&x), scoot_buf_str(&y));
    scoot_buf_reset(&x);
    scoot_buf_reset(&y);
    assert_int_equal(scoot_kb_to_text(a, &x), SCOOT_OK);
    assert_int_equal(scoot_kb_to_text(b, &y), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&x), scoot_buf_str(&y));
    scoot_buf_free(&x);
    scoot_buf_free(&y);
}

/* The result JSON (full and brief) and text of a case through a KB; caller frees. */
static char *outcome(const scoot_kb *kb, const char *cs)
{
    scoot_case *c;
    scoot_result *r;
    scoot_buf o;
    scoot_buf_init(&o, 0);
    assert_int_equal(scoot_case_new(kb, &c), SCOOT_OK);
    assert_int_equal(scoot_result_new(kb, &r), SCOOT_OK);
    int rc = scoot_case_set_json(c, cs, strlen(cs), "case", &o);
    scoot_buf_printf(&o, "rc %d\n", rc);
    if (!rc) {
        assert_int_equal(scoot_assess(kb, c, r), SCOOT_OK);
        assert_int_equal(scoot_result_to_json(r, &o), SCOOT_OK);
        assert_int_equal(scoot_result_to_json_flags(r, &o, SCOOT_JSON_BRIEF), SCOOT_OK);
        assert_int_equal(scoot_result_to_text(r, &o, 0), SCOOT_OK);
    }
    scoot_result_free(r);
    scoot_case_free(c);
    return scoot_buf_detach(&o);
}

/* The built-in KB (loaded from the image made at build time) is the KB its text compiles to:
 * the same JSON and text, and the same results for every golden case. */
static void default_image_is_the_text(void **state)
{
    (void)state;
    scoot_kb *img = t_default_kb(), *txt = NULL;
    size_t len;
    const char *text = scoot_kb_default_text(&len);
    assert_int_equal(scoot_kb_load(text, len, "<built-in>/feline-anal-sac.kb", &txt, NULL),
                     SCOOT_OK);
    same_kb(img, txt);
    char *all = t_read("tests/golden/cases.json", &len);
    json_error_t je;
    json_t *cases = json_loadb(all, len, 0, &je);
    scoot_free(all);
    assert_non_null(cases);
    assert_true(json_array_size(cases) > 100);
    size_t i;
    json_t *g;
    json_array_foreach(cases, i, g)
    {
        char *cs = json_dumps(json_object_get(g, "case"), 0);
        assert_non_null(cs);
        char *a = outcome(img, cs), *b = outcome(txt, cs);
        assert_string_equal(a, b);
        scoot_free(a);
        scoot_free(b);
        free(cs); /* json_dumps output */
    }
    json_decref(cases);
    scoot_kb_free(img);
    scoot_kb_free(txt);
}

/* Any KB written as an image and loaded back is the same KB; a damaged image is refused. */
static void image_round_trip(void **state)
{
    (void)state;
    scoot_kb *kbs[] = {t_mini_kb(), t_wide_kb(), t_default_kb()};
    for (size_t k = 0; k < SCOOT_ARRAY_LEN(kbs); k++) {
        scoot_buf img;
        scoot_buf_init(&img, 0);
        assert_int_equal(scoot__kb_image_write(kbs[k], &img), SCOOT_OK);
        scoot_kb *back = NULL;
        assert_int_equal(scoot__kb_image_load(img.data, img.len, &back), SCOOT_OK);
        same_kb(kbs[k], back);
        assert_string_equal(scoot_kb_id(back), scoot_kb_id(kbs[k]));
        scoot_kb_free(back);
        /* cut short, or not an image */
        assert_int_equal(scoot__kb_image_load(img.data, img.len / 2, &back), SCOOT_EKB);
        assert_null(back);
        img.data[0] ^= 1;
        assert_int_equal(scoot__kb_image_load(img.data, img.len, &back), SCOOT_EKB);
        assert_null(back);
        scoot_buf_free(&img);
        scoot_kb_free(kbs[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mini_loads),       cmocka_unit_test(scale_total),
        cmocka_unit_test(syntax_features),  cmocka_unit_test(all_errors_sorted),
        cmocka_unit_test(load_file_errors), cmocka_unit_test(default_kb),
        cmocka_unit_test(default_image_is_the_text), cmocka_unit_test(image_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
