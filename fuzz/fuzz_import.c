/* fuzz_import.c: any bytes as a journal export file into an in-memory journal: no crash, no
 * leak; a refused file names the problem and leaves the journal empty. */
#include "../src/core/setup.h"

#include <stdlib.h>

#include "scoot/scoot.h"
#include "scoot/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static scoot_kb *kb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kb && scoot_kb_load_default(&kb, NULL))
        abort();
    setenv("SCOOT_NOW", "2026-11-20T12:00:00Z", 1);
    scoot_journal *j;
    if (scoot_journal_open(":memory:", kb, &j, NULL))
        return 0;
    scoot_buf err, out;
    scoot_buf_init(&err, 0);
    scoot_buf_init(&out, 0);
    int nc = 0, ne = 0;
    int rc = scoot_journal_import_json(j, (const char *)data, size, "fuzz.json", &nc, &ne, &err);
    if (rc && err.len == 0 && rc != SCOOT_ENOMEM)
        __builtin_trap(); /* refused without a message */
    scoot_journal_cat_list(j, &out, NULL);
    if (rc && strcmp(scoot_buf_str(&out), "[]") != 0)
        __builtin_trap(); /* a refused import left something behind */
    scoot_buf_reset(&out);
    scoot_journal_export_json(j, NULL, &out, NULL);
    scoot_buf_free(&err);
    scoot_buf_free(&out);
    scoot_journal_close(j);
    return 0;
}
