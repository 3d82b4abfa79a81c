/* test_core.c: buffer, arena, allocation hook and error table; out-of-memory injection. */
#include "../../src/core/setup.h"

#include <stdio.h>
#include <stdlib.h>

#include "../../src/core/arena.h"
#include "../../src/core/suggest.h"
#include "../../src/kb/kb_int.h"
#include "support.h"

static void buf_basics(void **state)
{
    (void)state;
    scoot_buf b;
    scoot_buf_init(&b, 0);
    assert_string_equal(scoot_buf_str(&b), "");
    assert_int_equal(scoot_buf_adds(&b, "ab"), SCOOT_OK);
    assert_int_equal(scoot_buf_addc(&b, 'c'), SCOOT_OK);
    assert_int_equal(scoot_buf_printf(&b, "-%d-%s", 42, "x"), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&b), "abc-42-x");
    assert_int_equal(b.len, 8);
    scoot_buf_reset(&b);
    assert_string_equal(scoot_buf_str(&b), "");
    /* a long printf grows the buffer */
    char big[3000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(scoot_buf_printf(&b, "%s!", big), SCOOT_OK);
    assert_int_equal(b.len, sizeof big);
    char *p = scoot_buf_detach(&b);
    assert_int_equal(strlen(p), sizeof big);
    assert_null(b.data);
    scoot_free(p);
    scoot_buf_free(&b);
}

static void buf_cap(void **state)
{
    (void)state;
    scoot_buf b;
    scoot_buf_init(&b, 8);
    assert_int_equal(scoot_buf_adds(&b, "1234567"), SCOOT_OK);
    assert_int_equal(scoot_buf_adds(&b, "89"), SCOOT_ETOOBIG);
    assert_string_equal(scoot_buf_str(&b), "1234567"); /* unchanged */
    scoot_buf_free(&b);
}

/* Room made in an empty buffer leaves it an empty text, ready for appends (its NUL was left
 * out, which the invariant's check in a debug build caught at the next append). */
static void buf_reserve_first(void **state)
{
    (void)state;
    scoot_buf b;
    scoot_buf_init(&b, 0);
    assert_int_equal(scoot_buf_reserve(&b, 100), SCOOT_OK);
    assert_non_null(b.data);
    assert_string_equal(scoot_buf_str(&b), "");
    assert_int_equal(scoot_buf_adds(&b, "ab"), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&b), "ab");
    scoot_buf_free(&b);
}

static void buf_json(void **state)
{
    (void)state;
    scoot_buf b;
    scoot_buf_init(&b, 0);
    assert_int_equal(scoot_buf_add_json_str(&b, "a\"b\\c\nd\te\x01"), SCOOT_OK);
    assert_string_equal(scoot_buf_str(&b), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    /* UTF-8 passes as it is (2, 3 and 4 bytes); anything else becomes U+FFFD, one per byte:
     * a lone continuation byte, 0xff, an overlong "/", a surrogate, a sequence cut short */
    static const struct {
        const char *in, *out;
    } u[] = {
        {"Mi\xc3\xb1o \xe2\x80\x94 \xf0\x9f\x90\xbe", "\"Mi\xc3\xb1o \xe2\x80\x94 \xf0\x9f\x90\xbe\""},
        {"a\x80" "b", "\"a\xef\xbf\xbd" "b\""},
        {"\xff", "\"\xef\xbf\xbd\""},
        {"\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
        {"\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
        {"x\xe2\x80", "\"x\xef\xbf\xbd\xef\xbf\xbd\""},
        {"\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
    };
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        scoot_buf_reset(&b);
        assert_int_equal(scoot_buf_add_json_str(&b, u[i].in), SCOOT_OK);
        assert_string_equal(scoot_buf_str(&b), u[i].out);
    }
    scoot_buf_free(&b);
}

static void arena(void **state)
{
    (void)state;
    scoot_arena a;
    scoot_arena_init(&a, 64);
    for (int i = 0; i < 100; i++) {
        void *p = scoot_arena_alloc(&a, (size_t)(i % 13) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % sizeof(void *), 0);
    }
    char *big = scoot_arena_zalloc(&a, 1000); /* larger than a block */
    assert_non_null(big);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(big[i], 0);
    char *s = scoot_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    scoot_arena_free(&a);
}

static void errors(void **state)
{
    (void)state;
    assert_string_equal(scoot_strerror(SCOOT_ENOMEM), "out of memory");
    assert_string_equal(scoot_err_name(SCOOT_EKB), "SCOOT_EKB");
    assert_string_equal(scoot_strerror(12345), "unknown error");
}

/* A hook that counts live allocations and fails the allocation numbered fail_at. */
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
    if (++count == fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        live++;
    return p;
}

/* Loading and assessing with the default KB fails cleanly at every allocation. */
static void out_of_memory(void **state)
{
    (void)state;
    size_t len;
    const char *text = scoot_kb_default_text(&len);
    scoot_alloc_set_hook(hook, NULL);
    long n_ok = -1;
    for (long k = 1; k < 100000; k++) {
        live = 0;
        count = 0;
        fail_at = k;
        scoot_kb *kb = NULL;
        scoot_buf e;
        scoot_buf_init(&e, 0);
        int rc = scoot_kb_load(text, len, "kb", &kb, &e);
        scoot_buf_free(&e);
        if (rc == SCOOT_OK) {
            scoot_case *c = NULL;
            scoot_result *r = NULL;
            int rc2 = scoot_case_new(kb, &c);
            if (!rc2)
                rc2 = scoot_result_new(kb, &r);
            if (!rc2) {
                const char *js = "{\"cat\":{\"name\":\"Tom\"},\"findings\":{\"scooting\":true}}";
                rc2 = scoot_case_set_json(c, js, strlen(js), "c", NULL);
                assert_true(rc2 == SCOOT_OK || rc2 == SCOOT_ENOMEM || rc2 == SCOOT_ECASE);
                assert_int_equal(scoot_assess(kb, c, r), SCOOT_OK);
            }
            scoot_result_free(r);
            scoot_case_free(c);
            scoot_kb_free(kb);
            assert_int_equal(live, 0);
            if (count < k) { /* no allocation failed: we have tried them all */
                n_ok = k;
                break;
            }
            continue;
        }
        assert_int_equal(rc, SCOOT_ENOMEM);
        assert_null(kb);
        assert_int_equal(live, 0);
    }
    scoot_alloc_set_hook(NULL, NULL);
    assert_true(n_ok > 10);
}

/* Loading the built-in KB's image fails cleanly at every allocation; so does writing an image
 * (the build-time tool's step), and an image loaded under failures that all came back is
 * the whole KB. */
static void out_of_memory_image(void **state)
{
    (void)state;
    scoot_kb *full = t_default_kb();
    scoot_buf want;
    scoot_buf_init(&want, 0);
    assert_int_equal(scoot_kb_to_json(full, &want), SCOOT_OK);
    scoot_alloc_set_hook(hook, NULL);
    long n_ok = -1;
    for (long k = 1; k < 1000; k++) {
        live = 0;
        count = 0;
        fail_at = k;
        scoot_kb *kb = NULL;
        scoot_buf e;
        scoot_buf_init(&e, 0);
        int rc = scoot_kb_load_default(&kb, &e);
        long used = count;
        assert_string_equal(scoot_buf_str(&e), "");
        scoot_buf_free(&e);
        if (rc == SCOOT_OK) {
            assert_true(used < k); /* an allocation that failed is an error */
            fail_at = -1;
            scoot_buf got;
            scoot_buf_init(&got, 0);
            assert_int_equal(scoot_kb_to_json(kb, &got), SCOOT_OK);
            assert_string_equal(scoot_buf_str(&got), scoot_buf_str(&want));
            scoot_buf_free(&got);
            scoot_kb_free(kb);
            assert_int_equal(live, 0);
            n_ok = k;
            break;
        }
        assert_int_equal(rc, SCOOT_ENOMEM);
        assert_null(kb);
        assert_int_equal(live, 0);
    }
    assert_true(n_ok > 1);
    n_ok = -1;
    for (long k = 1; k < 100000; k++) {
        live = 0;
        count = 0;
        fail_at = k;
        scoot_buf img;
        scoot_buf_init(&img, 0);
        int rc = scoot__kb_image_write(full, &img);
        scoot_buf_free(&img);
        assert_int_equal(live, 0);
        if (rc == SCOOT_OK) {
            assert_true(count < k);
            n_ok = k;
            break;
        }
        assert_int_equal(rc, SCOOT_ENOMEM);
    }
    assert_true(n_ok > 1);
    scoot_alloc_set_hook(NULL, NULL);
    scoot_buf_free(&want);
    scoot_kb_free(full);
}

static void suggest(void **state)
{
    (void)state;
    assert_int_equal(scoot__edit_distance("", ""), 0);
    assert_int_equal(scoot__edit_distance("leak", ""), 4);
    assert_int_equal(scoot__edit_distance("laek", "leak"), 1);   /* a swap */
    assert_int_equal(scoot__edit_distance("lek", "leak"), 1);    /* a letter left out */
    assert_int_equal(scoot__edit_distance("Leak", "leak"), 0);   /* case */
    assert_int_equal(scoot__edit_distance("ca", "abc"), 3);      /* (OSA: no edit after a swap) */
    assert_int_equal(scoot__edit_distance("kitten", "sitting"), 3);
    char long_word[80];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_true(scoot__edit_distance(long_word, "a") == SIZE_MAX);
    static const char *const kinds[] = {"episode",  "leak", "seen", "stool",
                                        "weight",   "bcs",  "pain", "care",
                                        "medicine", "dose", "vet",  "vet_visit"};
    size_t n = sizeof kinds / sizeof *kinds;
    assert_string_equal(scoot__closest_name("laek", kinds, n), "leak");
    assert_string_equal(scoot__closest_name("LEAK", kinds, n), "leak");
    assert_string_equal(scoot__closest_name("episdoe", kinds, n), "episode");
    assert_string_equal(scoot__closest_name("vet-visit", kinds, n), "vet_visit");
    assert_string_equal(scoot__closest_name("medecine", kinds, n), "medicine");
    assert_string_equal(scoot__closest_name("stoool", kinds, n), "stool");
    assert_null(scoot__closest_name("leak", kinds, n));   /* one of them */
    assert_null(scoot__closest_name("sneeze", kinds, n)); /* nothing close */
    assert_null(scoot__closest_name("x", kinds, n));      /* too short to guess from */
    assert_null(scoot__closest_name("", kinds, n));
    assert_null(scoot__closest_name(long_word, kinds, n));
    assert_null(scoot__closest_name("leak", kinds, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_basics),
        cmocka_unit_test(buf_cap),
        cmocka_unit_test(buf_reserve_first),
        cmocka_unit_test(buf_json),
        cmocka_unit_test(arena),
        cmocka_unit_test(errors),
        cmocka_unit_test(out_of_memory),
        cmocka_unit_test(out_of_memory_image),
        cmocka_unit_test(suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
