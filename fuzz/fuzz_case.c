/* fuzz_case.c: any bytes as case JSON against the built-in KB: no crash, no leak; a rejected
 * case names the problem and changes nothing; an accepted one assesses and renders, and its
 * settled answer holds together. */
#include "../src/core/setup.h"

#include <stdlib.h>

#include "../src/engine/engine_int.h"
#include "scoot/scoot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static scoot_kb *kb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kb && scoot_kb_load_default(&kb, NULL))
        abort();
    scoot_case *c;
    scoot_result *r;
    if (scoot_case_new(kb, &c))
        return 0;
    if (scoot_result_new(kb, &r)) {
        scoot_case_free(c);
        return 0;
    }
    scoot_buf e, before, after;
    scoot_buf_init(&e, 0);
    scoot_buf_init(&before, 0);
    scoot_buf_init(&after, 0);
    scoot_case_set_text(c, "scooting", "yes", NULL);
    scoot_case_to_json(c, &before);
    int rc = scoot_case_set_json(c, (const char *)data, size, "fuzz", &e);
    if (rc == SCOOT_ECASE) {
        if (e.len == 0)
            __builtin_trap(); /* rejected without a message */
        scoot_case_to_json(c, &after);
        if (strcmp(scoot_buf_str(&before), scoot_buf_str(&after)) != 0)
            __builtin_trap(); /* a rejected case changed the answers */
    }
    /* the jansson path must agree with the fast reader */
    {
        scoot_case *s2;
        if (!scoot_case_new(kb, &s2)) {
            scoot_case_set_text(s2, "scooting", "yes", NULL);
            scoot__case_slow_only = 1;
            int rc2 = scoot_case_set_json(s2, (const char *)data, size, "fuzz", NULL);
            scoot__case_slow_only = 0;
            scoot_buf x, y;
            scoot_buf_init(&x, 0);
            scoot_buf_init(&y, 0);
            scoot_case_to_json(c, &x);
            scoot_case_to_json(s2, &y);
            if ((rc == SCOOT_OK) != (rc2 == SCOOT_OK) || strcmp(scoot_buf_str(&x), scoot_buf_str(&y)))
                __builtin_trap();
            scoot_buf_free(&x);
            scoot_buf_free(&y);
            scoot_case_free(s2);
        }
    }
    scoot_assess(kb, c, r);
    /* the settled answer: the questions listed are open ones; a settled level has none that
     * could change it, an unsettled one has at least one */
    for (int i = 0; i < scoot_result_n_next(r); i++) {
        int f = scoot_result_next_question(r, i);
        if (scoot_case_is_known(c, f) || scoot_case_is_not_sure(c, f))
            __builtin_trap();
    }
    if (scoot_result_n_level_questions(r) > scoot_result_n_next(r) ||
        (scoot_result_settled(r) != 0) != (scoot_result_n_level_questions(r) == 0))
        __builtin_trap();
    scoot_buf_reset(&after);
    scoot_result_to_json(r, &after);
    scoot_result_to_text(r, &after, 1);
    scoot_buf_free(&e);
    scoot_buf_free(&before);
    scoot_buf_free(&after);
    scoot_result_free(r);
    scoot_case_free(c);
    return 0;
}
