/* test_case.c: case JSON and --answer text: values, and every kind of bad input. */
#include "../../src/core/setup.h"

#include <stdio.h>

#include "../../src/engine/engine_int.h"
#include "support.h"

static scoot_kb *kb;

static int setup(void **state)
{
    (void)state;
    kb = t_mini_kb();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scoot_kb_free(kb);
    return 0;
}

/* Sets json on a fresh case; checks rc and that errors contains expect (NULL: empty). */
static void check_json(const char *json, int want_rc, const char *expect)
{
    scoot_case *c;
    assert_int_equal(scoot_case_new(kb, &c), SCOOT_OK);
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_case_set_json(c, json, strlen(json), "case.json", &e);
    if (rc != want_rc || (expect ? !strstr(scoot_buf_str(&e), expect) : e.len != 0))
        fail_msg("case %s: rc %d (want %d), errors:\n%s\nwanted: %s", json, rc, want_rc,
                 scoot_buf_str(&e), expect ? expect : "(none)");
    if (rc) {
        /* nothing was set */
        for (int i = 0; i < scoot_kb_n_facts(kb); i++)
            assert_false(scoot_case_is_known(c, i));
    }
    scoot_buf_free(&e);
    scoot_case_free(c);
}

static void good_cases(void **state)
{
    (void)state;
    check_json("{}", SCOOT_OK, NULL);
    check_json("{\"cat\":{\"name\":\"Mimi\",\"coat\":\"long\"},\"findings\":{\"leak\":true,"
               "\"stool\":5.5,\"pain\":null},\"history\":{\"episodes\":0}}",
               SCOOT_OK, NULL);
    check_json("{\"cat\":null}", SCOOT_OK, NULL);
}

static void bad_cases(void **state)
{
    (void)state;
    check_json("{\"findings\":{\"lek\":true}}", SCOOT_ECASE, "case.json: findings.lek: unknown id");
    check_json("{\"findings\":{\"leak\":\"yes\"}}", SCOOT_ECASE,
               "case.json: findings.leak: expected true or false, found \"yes\"");
    check_json("{\"findings\":{\"stool\":true}}", SCOOT_ECASE,
               "case.json: findings.stool: expected a number from 1 to 7, found true");
    check_json("{\"findings\":{\"stool\":8}}", SCOOT_ECASE,
               "case.json: findings.stool: 8 is out of range 1..7");
    check_json("{\"history\":{\"episodes\":-1}}", SCOOT_ECASE,
               "case.json: history.episodes: -1 is out of range 0..100");
    check_json("{\"cat\":{\"coat\":\"medium\"}}", SCOOT_ECASE,
               "case.json: cat.coat: expected one of \"short\", \"long\", found \"medium\"");
    check_json("{\"cat\":{\"coat\":1}}", SCOOT_ECASE, "cat.coat: expected one of");
    check_json("{\"cat\":{\"name\":7}}", SCOOT_ECASE, "cat.name: expected a text, found 7");
    check_json("{\"cat\":{\"leak\":true}}", SCOOT_ECASE,
               "cat.leak: 'leak' belongs in \"findings\", not in \"cat\"");
    check_json("{\"symptoms\":{}}", SCOOT_ECASE, "case.json: symptoms: unknown section");
    check_json("{\"findings\":[1]}", SCOOT_ECASE,
               "case.json: findings: expected an object, found an array");
    check_json("[1,2]", SCOOT_ECASE, "case.json: expected a JSON object");
    check_json("{\"findings\":{\"leak\":tru}}", SCOOT_ECASE, "case.json:1:");
    check_json("{\"findings\":", SCOOT_ECASE, "not valid JSON");
    check_json("", SCOOT_ECASE, "not valid JSON");
    check_json("{\"findings\":{\"leak\":true,\"leak\":false}}", SCOOT_ECASE, "duplicate");
    /* several problems at once: all are reported, and one good field is not applied */
    check_json("{\"findings\":{\"leak\":true,\"stool\":0,\"x\":1}}", SCOOT_ECASE,
               "findings.stool: 0 is out of range 1..7\ncase.json: findings.x: unknown id");
}

static void text_answers(void **state)
{
    (void)state;
    scoot_case *c;
    scoot_case_new(kb, &c);
    scoot_buf e;
    scoot_buf_init(&e, 0);
    assert_int_equal(scoot_case_set_text(c, "leak", "yes", &e), SCOOT_OK);
    assert_int_equal(scoot_case_set_text(c, "findings.stool", "6", &e), SCOOT_OK);
    assert_int_equal(scoot_case_set_text(c, "coat", "long", &e), SCOOT_OK);
    assert_int_equal(scoot_case_set_text(c, "name", "Mr \"Whiskers\"", &e), SCOOT_OK);
    assert_int_equal(e.len, 0);
    assert_int_equal(scoot_case_set_text(c, "lek", "yes", &e), SCOOT_EUNKNOWN);
    assert_int_equal(scoot_case_set_text(c, "leak", "maybe", &e), SCOOT_ETYPE);
    assert_int_equal(scoot_case_set_text(c, "stool", "9", &e), SCOOT_ERANGE);
    assert_int_equal(scoot_case_set_text(c, "stool", "5x", &e), SCOOT_ETYPE);
    assert_int_equal(scoot_case_set_text(c, "coat", "curly", &e), SCOOT_ERANGE);
    assert_string_equal(scoot_buf_str(&e),
                        "lek: unknown id\n"
                        "leak: expected yes, no or unknown, found \"maybe\"\n"
                        "stool: 9 is out of range 1..7\n"
                        "stool: expected a number from 1 to 7, found \"5x\"\n"
                        "coat: \"curly\" is not one of short, long\n");
    scoot_buf out;
    scoot_buf_init(&out, 0);
    assert_int_equal(scoot_case_to_json(c, &out), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&out),
                        "{\"cat\":{\"name\":\"Mr \\\"Whiskers\\\"\",\"coat\":\"long\"},"
                        "\"findings\":{\"leak\":true,\"stool\":6},\"history\":{}}");
    /* round trip through JSON */
    scoot_case *c2;
    scoot_case_new(kb, &c2);
    assert_int_equal(scoot_case_set_json(c2, out.data, out.len, "rt", NULL), SCOOT_OK);
    scoot_buf out2;
    scoot_buf_init(&out2, 0);
    scoot_case_to_json(c2, &out2);
    assert_string_equal(scoot_buf_str(&out), scoot_buf_str(&out2));
    assert_int_equal(scoot_case_set_text(c, "leak", "unknown", &e), SCOOT_OK);
    assert_false(scoot_case_is_known(c, scoot_kb_fact_find(kb, "leak")));
    scoot_case_clear(c2);
    for (int i = 0; i < scoot_kb_n_facts(kb); i++)
        assert_false(scoot_case_is_known(c2, i));
    scoot_buf_free(&out);
    scoot_buf_free(&out2);
    scoot_buf_free(&e);
    scoot_case_free(c);
    scoot_case_free(c2);
}

static void question_order(void **state)
{
    (void)state;
    scoot_case *c;
    scoot_case_new(kb, &c);
    int pos = 0, f;
    const char *seen[16];
    int n = 0;
    scoot_case_set_text(c, "leak", "no", NULL);
    while ((f = scoot_case_next_question(c, &pos)) >= 0) {
        scoot_fact_info fi;
        scoot_kb_fact(kb, f, &fi);
        seen[n++] = fi.id;
    }
    /* red flag first; leak already known; stool skipped because its ask-if (leak) is false */
    assert_int_equal(n, 5);
    assert_string_equal(seen[0], "pain");
    assert_string_equal(seen[1], "name");
    assert_string_equal(seen[2], "coat");
    assert_string_equal(seen[3], "grimace");
    assert_string_equal(seen[4], "episodes");
    scoot_case_free(c);
}

/* The fast reader and the jansson path give the same case (and the same verdict) for the
 * golden cases and for a set of tricky texts. */
static int same(scoot_kb *k, const char *json)
{
    long taken = scoot__case_fast_taken;
    scoot_case *a, *b;
    scoot_case_new(k, &a);
    scoot_case_new(k, &b);
    scoot_case_set_text(a, "scooting", "yes", NULL); /* a prior answer that must survive */
    scoot_case_set_text(b, "scooting", "yes", NULL);
    scoot__case_slow_only = 0;
    int ra = scoot_case_set_json(a, json, strlen(json), "t", NULL);
    scoot__case_slow_only = 1;
    int rb = scoot_case_set_json(b, json, strlen(json), "t", NULL);
    scoot__case_slow_only = 0;
    scoot_buf x, y;
    scoot_buf_init(&x, 0);
    scoot_buf_init(&y, 0);
    scoot_case_to_json(a, &x);
    scoot_case_to_json(b, &y);
    if (ra != rb || strcmp(x.data, y.data))
        fail_msg("%s: fast %d %s, slow %d %s", json, ra, x.data, rb, y.data);
    scoot_buf_free(&x);
    scoot_buf_free(&y);
    scoot_case_free(a);
    scoot_case_free(b);
    return scoot__case_fast_taken > taken; /* 1 when the fast reader took the text */
}

static void fast_equals_slow(void **state)
{
    (void)state;
    scoot_kb *d = t_default_kb();
    size_t len;
    char *text = t_read("tests/golden/cases.json", &len);
    /* every "case": {...} object of the golden file, cut out by brace matching */
    int n = 0, fast = 0;
    for (char *p = strstr(text, "\"case\""); p; p = strstr(p + 1, "\"case\"")) {
        char *b = strchr(p, '{');
        int depth = 0;
        char *e = b;
        for (; *e; e++) {
            depth += *e == '{';
            depth -= *e == '}';
            if (!depth)
                break;
        }
        char save = e[1];
        e[1] = '\0';
        fast += same(d, b);
        e[1] = save;
        n++;
    }
    assert_true(n >= 60);
    /* cases with a name (a text, copied) take the jansson path; nearly all others the fast one */
    print_message("the fast reader took %d of %d golden cases\n", fast, n);
    assert_true(fast >= n / 2);
    const char *tricky[] = {
        "{}", " { } ", "{\"cat\":null}", "{\"findings\":{}}", "{\"findings\":{\"scooting\":null}}",
        "{\"findings\":{\"scooting\":false,\"scooting\":true}}", "{\"cat\":{},\"cat\":{}}",
        "{\"findings\":{\"grimace_score\":4.0}}", "{\"findings\":{\"grimace_score\":4e0}}",
        "{\"findings\":{\"grimace_score\":-0}}", "{\"findings\":{\"grimace_score\":-0.0}}", "{\"findings\":{\"grimace_score\":01}}",
        "{\"findings\":{\"grimace_score\":10.5}}", "{\"findings\":{\"grimace_score\":1e400}}",
        "{\"findings\":{\"grimace_score\":12345678901234567890}}",
        "{\"cat\":{\"sex\":\"male\",\"name\":\"Tom\"}}", "{\"cat\":{\"sex\":\"ma\\u006ce\"}}",
        "{\"cat\":{\"sex\":\"m\u00e4le\"}}", "{\"findings\":{\"scooting\":true}} x",
        "{\"findings\":{\"scooting\":true,}}", "{\"findings\":{\"age_years\":3}}",
        "{\"history\":{\"episodes_last_30_days\":2}}", "[]", "", "{\"findings\":{\"scooting\":tru}}",
        "{\"findings\":{\"scooting\":true}", "{\"cat\":{\"coat\":\"long\"},\"history\":null}",
        /* integers read without strtod, and duplicates found by the seen-bitset */
        "{\"findings\":{\"grimace_score\":-3}}", "{\"findings\":{\"grimace_score\":10}}",
        "{\"findings\":{\"anorexia_hours\":123456789012345}}",
        "{\"findings\":{\"anorexia_hours\":1234567890123456}}", "{\"cat\":{\"age_years\":0}}",
        "{\"findings\":{\"scooting\":true,\"odor\":false,\"fever\":false,\"scooting\":false}}",
        "{\"findings\":{\"sc\x7footing\":true}}", "{\"findings\":{\"scooting\" : true , \"odor\":\ttrue}}",
        /* the id lookup (hashed eight bytes at a time): prefixes, extensions, a changed last
         * byte, ids of 8 and 18 bytes, an empty id, a byte past printable ASCII */
        "{\"findings\":{\"odo\":true}}", "{\"findings\":{\"odors\":true}}",
        "{\"findings\":{\"scootinG\":true}}", "{\"findings\":{\"scooting\":true,\"swelling\":true}}",
        "{\"findings\":{\"discharge_repeated\":true,\"discharge_repeatee\":true}}",
        "{\"findings\":{\"\":true}}", "{\"findings\":{\"odor\x80\":true}}",
        "{\"history\":{\"episodes_last_30_days\":1,\"episodes_last_90_days\":3}}",
    };
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(tricky); i++)
        same(d, tricky[i]);
    /* the string scan reads eight bytes at a time: a byte that ends it (a quote, a backslash,
     * a control byte, DEL, a byte past ASCII) at each place of a key of 18 bytes and of a
     * choice value, in either eight-byte word or the tail; a key that ends on a word's edge */
    char sb[96];
    const unsigned char stop_bytes[] = {'"', '\\', 0x01, 0x1f, 0x7f, 0x80, 0xc3, 0xff};
    const char *key = "discharge_repeated";
    for (size_t b = 0; b < SCOOT_ARRAY_LEN(stop_bytes); b++)
        for (size_t at = 0; at <= strlen(key); at++) {
            snprintf(sb, sizeof sb, "{\"findings\":{\"%.*s%c%s\":true}}", (int)at, key,
                     stop_bytes[b], key + at);
            if (same(d, sb))
                fail_msg("the fast reader took a key with byte 0x%02x at %zu", stop_bytes[b], at);
            snprintf(sb, sizeof sb, "{\"cat\":{\"coat\":\"%.*s%cshort\"}}", (int)at % 6,
                     "medium", stop_bytes[b]);
            same(d, sb);
        }
    const char *edges[] = {"{\"findings\":{\"swelling\":true}}", "{\"findings\":{\"swelling\":true",
                           "{\"findings\":{\"swelling", "{\"findings\":{\"swelling\""};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(edges); i++)
        if (same(d, edges[i]) != (i == 0))
            fail_msg("%s: the fast reader %s it", edges[i], i ? "took" : "did not take");
    /* ids of 31 bytes and more (kept inline under 32 bytes, compared through the KB above):
     * found when whole, not found when cut or lengthened by one byte */
    scoot_kb *w = t_wide_kb();
    const char *ids[] = {"long_31_xxxxxxxxxxxxxxxxxxxxxxx", "long_32_xxxxxxxxxxxxxxxxxxxxxxxx",
                         "long_33_xxxxxxxxxxxxxxxxxxxxxxxxx",
                         "long_40_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    char buf[160];
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(ids); i++) {
        size_t idn = strlen(ids[i]);
        snprintf(buf, sizeof buf, "{\"findings\":{\"%s\":true,\"b0\":false}}", ids[i]);
        if (!same(w, buf))
            fail_msg("the fast reader did not take %s (%zu bytes)", ids[i], idn);
        scoot_case *c;
        scoot_case_new(w, &c);
        assert_int_equal(scoot_case_set_json(c, buf, strlen(buf), "t", NULL), SCOOT_OK);
        assert_true(scoot_case_is_known(c, scoot_kb_fact_find(w, ids[i])));
        scoot_case_free(c);
        snprintf(buf, sizeof buf, "{\"findings\":{\"%.*s\":true}}", (int)idn - 1, ids[i]);
        if (same(w, buf))
            fail_msg("a cut id was taken: %s", buf);
        snprintf(buf, sizeof buf, "{\"findings\":{\"%sx\":true}}", ids[i]);
        if (same(w, buf))
            fail_msg("a lengthened id was taken: %s", buf);
    }
    scoot_kb_free(w);
    scoot_free(text);
    scoot_kb_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_cases),
        cmocka_unit_test(bad_cases),
        cmocka_unit_test(text_answers),
        cmocka_unit_test(question_order),
        cmocka_unit_test(fast_equals_slow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
