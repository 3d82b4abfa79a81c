/* fuzz_kb.c: any bytes into the KB loader: no crash, no leak, no undefined behaviour; an
 * accepted KB can be assessed and rendered; a rejected one always says why. */
#include "../src/core/setup.h"

#include "scoot/scoot.h"

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
