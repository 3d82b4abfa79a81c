/* test_vocab.c: the built-in vocabulary table (src/kb/vocab.c) matches docs/vocabulary.md,
 * the public contract: every id in its tables, with the same section and type. */
#include "../../src/core/setup.h"

#include <stdio.h>

#include "../../src/kb/parse_int.h"
#include "support.h"

static void matches_doc(void **state)
{
    (void)state;
    char *doc = t_read("docs/vocabulary.md", NULL);
    int section = -1, n_facts = 0, n_groups = 0, n_care = 0, bad = 0;
    char *save = NULL;
    for (char *ln = strtok_r(doc, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(ln, "## ", 3)) {
            section = strstr(ln, "Cat (") ? 0 : strstr(ln, "Findings") ? 1 : strstr(ln, "History") ? 2
                      : strstr(ln, "Causes") ? 3 : strstr(ln, "Care items") ? 4 : -1;
            continue;
        }
        if (section < 0 || strncmp(ln, "| `", 3))
            continue;
        char id[64], type[64] = "";
        if (sscanf(ln, "| `%63[a-z0-9_]` | %63[^|]", id, type) < 1)
            continue;
        if (section <= 2) {
            int want = strstr(type, "bool") ? SCOOT__YESNO : strstr(type, "number") ? SCOOT__NUMBER
                       : strstr(type, "string") ? SCOOT__TEXT : SCOOT__CHOICE;
            int found = 0;
            for (int i = 0; i < scoot__vocab_n_facts; i++)
                if (!strcmp(scoot__vocab_facts[i].id, id)) {
                    found = 1;
                    if ((int)scoot__vocab_facts[i].ns != section ||
                        (int)scoot__vocab_facts[i].type != want) {
                        print_error("%s: section or type differs from the document\n", id);
                        bad++;
                    }
                }
            if (!found) {
                print_error("%s: in docs/vocabulary.md but not in src/kb/vocab.c\n", id);
                bad++;
            }
            n_facts++;
        } else {
            const char *const *list = section == 3 ? scoot__vocab_groups : scoot__vocab_care;
            int n = section == 3 ? scoot__vocab_n_groups : scoot__vocab_n_care, found = 0;
            for (int i = 0; i < n; i++)
                found |= !strcmp(list[i], id);
            if (!found) {
                print_error("%s: listed in docs/vocabulary.md but not in src/kb/vocab.c\n", id);
                bad++;
            }
            if (section == 3)
                n_groups++;
            else
                n_care++;
        }
    }
    scoot_free(doc);
    assert_int_equal(n_facts, scoot__vocab_n_facts);
    assert_int_equal(n_groups, scoot__vocab_n_groups);
    assert_int_equal(n_care, scoot__vocab_n_care);
    assert_int_equal(bad, 0);
}

/* Every reason id of error.h is in the "Error reasons" table of docs/vocabulary.md, and the
 * table holds no other. */
static void reasons_match_doc(void **state)
{
    (void)state;
    char *doc = t_read("docs/vocabulary.md", NULL);
    char *save = NULL;
    int in = 0, n = 0, bad = 0;
    for (char *ln = strtok_r(doc, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(ln, "## ", 3)) {
            in = strstr(ln, "Error reasons") != NULL;
            continue;
        }
        char id[64];
        if (!in || sscanf(ln, "| `%63[a-z_]` |", id) != 1)
            continue;
        int found = 0;
        for (int r = 1; r < SCOOT_R__COUNT; r++)
            found |= !strcmp(scoot_reason_id(r), id);
        if (!found) {
            print_error("%s: in docs/vocabulary.md's error reasons but not in error.h\n", id);
            bad++;
        }
        n++;
    }
    scoot_free(doc);
    assert_int_equal(bad, 0);
    assert_int_equal(n, SCOOT_R__COUNT - 1);
    assert_string_equal(scoot_reason_id(SCOOT_R_NONE), "");
    assert_string_equal(scoot_reason_id(SCOOT_R__COUNT), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(matches_doc),
                                       cmocka_unit_test(reasons_match_doc)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
