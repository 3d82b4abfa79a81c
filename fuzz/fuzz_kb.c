/* fuzz_kb.c: any bytes into the KB loader: no crash, no leak, no undefined behaviour; an
 * accepted KB can be assessed and rendered; a rejected one always says why; and on cases drawn
 * from the input, the engine's fast forms agree with the bytecode evaluator. */
#include "../src/core/setup.h"

#include "../src/engine/engine_int.h"
#include "scoot/scoot.h"

static unsigned draw(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)(*seed >> 33);
}

/* Fills c with answers drawn from the seed: sparse and dense cases alike, each fact unknown or
 * a value it accepts (yes or no, a number from its bounds and between, an option). */
static void draw_case(const scoot_kb *kb, scoot_case *c, uint64_t *seed)
{
    static const unsigned density[] = {5, 15, 30, 60, 90};
    unsigned d = density[draw(seed) % 5], yes = 5 + draw(seed) % 40;
    scoot_case_clear(c);
    for (int f = 0; f < kb->n_facts; f++) {
        const scoot__fact *fa = &kb->facts[f];
        unsigned x = draw(seed);
        if (x % 100 >= d || fa->type == SCOOT__TEXT)
            continue;
        x = draw(seed);
        double v = x % 100 < yes;
        if (fa->type == SCOOT__NUMBER) {
            double pick[] = {fa->min, fa->max, (fa->min + fa->max) / 2,
                             fa->min + (double)(x >> 4 & 7) * (fa->max - fa->min) / 7};
            v = pick[x >> 8 & 3];
        } else if (fa->type == SCOOT__CHOICE) {
            v = fa->n_options ? (double)((x >> 4) % (unsigned)fa->n_options) : 0;
        }
        c->val[f] = v;
        c->known[f] = 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scoot_kb *kb = NULL;
    scoot_buf e;
    scoot_buf_init(&e, 0);
    int rc = scoot_kb_load((const char *)data, size, "fuzz.kb", &kb, &e);
    if (rc == SCOOT_EKB && e.len == 0)
        __builtin_trap(); /* rejected without a message */
    if (rc == SCOOT_OK) {
        scoot_case *c;
        scoot_result *r;
        if (!scoot_case_new(kb, &c) && !scoot_result_new(kb, &r)) {
            uint64_t seed = size;
            for (size_t i = 0; i < size; i++)
                seed = (seed ^ data[i]) * 1099511628211u;
            for (int n = 0; n < 32; n++) {
                draw_case(kb, c, &seed);
                scoot_assess(kb, c, r);
                if (scoot__fast_check(kb, c, r, NULL))
                    __builtin_trap(); /* the fast forms and the bytecode disagree */
            }
            scoot_case_clear(c);
            scoot_assess(kb, c, r);
            scoot_buf o;
            scoot_buf_init(&o, 0);
            scoot_result_to_json(r, &o);
            scoot_result_to_text(r, &o, 0);
            scoot_kb_to_json(kb, &o);
            scoot_kb_to_text(kb, &o);
            scoot_buf_free(&o);
            scoot_result_free(r);
        }
        scoot_case_free(c);
    }
    scoot_buf_free(&e);
    scoot_kb_free(kb);
    return 0;
}
