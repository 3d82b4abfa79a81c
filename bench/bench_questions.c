/*
 * bench_questions.c: how many questions an owner answers before the level is settled, over the
 * golden cases. The owner answers from the case: its value where the case has one, "no" for a
 * yes/no question it leaves out, "not sure" for any other. The questions come in the engine's
 * order, one screen at a time (scoot_result_next_screen: a checklist's items together, which
 * counts as one question, or one question alone), until the result says the level is settled. Reported beside, from the
 * same run: the questions of the KB's fixed order (red flags, then file order, each asked
 * unless its ask-if is false) that the same owner answers to the end, as the check did before.
 * Checks that the level when settled is never lower than with every answer of the fixed order
 * (exit 1 if it is, naming the case). BENCH_QUESTIONS_VERBOSE=1 lists the questions of each case.
 * Usage: bench_questions GOLDEN.json
 */
#include "../src/core/setup.h"

#include "bench_common.h"

/* The owner's answer to fact i of case cj, as case JSON added to the case c. */
static void answer(const scoot_kb *kb, json_t *cj, int i, scoot_case *c)
{
    scoot_fact_info fi;
    scoot_kb_fact(kb, i, &fi);
    json_t *v = json_object_get(json_object_get(cj, fi.section), fi.id);
    json_t *one = json_object();
    if (v)
        json_object_set_new(one, fi.section, json_pack("{sO}", fi.id, v));
    else if (fi.type == SCOOT_FACT_YESNO)
        json_object_set_new(one, fi.section, json_pack("{sb}", fi.id, 0));
    else
        json_object_set_new(one, "not_sure", json_pack("[s]", fi.id));
    char *s = json_dumps(one, JSON_COMPACT);
    if (scoot_case_set_json(c, s, strlen(s), "answer", NULL)) {
        fprintf(stderr, "bench_questions: answer %s refused\n", s);
        exit(1);
    }
    free(s); /* json_dumps output */
    json_decref(one);
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int k = (int)(p * (n - 1) + 0.5);
    return v[k];
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_questions GOLDEN.json\n");
        return 2;
    }
    char *json[256];
    int n = load_cases(argv[1], json, 256);
    scoot_kb *kb;
    if (scoot_kb_load_default(&kb, NULL)) {
        fprintf(stderr, "bench_questions: built-in KB does not load\n");
        return 1;
    }
    scoot_case *sim, *full;
    scoot_result *r;
    scoot_case_new(kb, &sim);
    scoot_case_new(kb, &full);
    scoot_result_new(kb, &r);
    double asked[256], before[256];
    int lower = 0, unsettled = 0;
    const char *verbose = getenv("BENCH_QUESTIONS_VERBOSE");
    for (int j = 0; j < n; j++) {
        json_t *cj = json_loads(json[j], 0, NULL);
        /* the fixed order, to the end: every answer the owner gives */
        scoot_case_clear(full);
        int pos = 0, q, k = 0;
        while ((q = scoot_case_next_question(full, &pos)) >= 0) {
            answer(kb, cj, q, full);
            k++;
        }
        before[j] = k;
        scoot_assess(kb, full, r);
        scoot_level all = scoot_result_level(r);
        /* the engine's order, until settled */
        scoot_case_clear(sim);
        k = 0;
        for (;;) {
            scoot_assess(kb, sim, r);
            if (scoot_result_settled(r) || !scoot_result_n_level_questions(r))
                break;
            int screen[32], cl, ns = scoot_result_next_screen(r, screen, 32, &cl);
            if (verbose) {
                scoot_fact_info fi;
                scoot_kb_fact(kb, screen[0], &fi);
                fprintf(stderr, "%s%s", k ? " " : "",
                        cl >= 0 ? scoot_kb_checklist(kb, cl, NULL, NULL) : fi.id);
            }
            for (int i = 0; i < ns; i++)
                answer(kb, cj, screen[i], sim);
            k++;
        }
        if (verbose)
            fprintf(stderr, "\n  case %d: %d questions, %s\n", j + 1, k,
                    scoot_level_id(scoot_result_level(r)));
        asked[j] = k;
        if (!scoot_result_settled(r)) {
            unsettled++;
            fprintf(stderr, "bench_questions: case %d: no question left, and not settled\n", j + 1);
        }
        if (scoot_result_level(r) < all) {
            lower++;
            fprintf(stderr, "bench_questions: case %d: %s when settled, %s with every answer\n",
                    j + 1, scoot_level_id(scoot_result_level(r)), scoot_level_id(all));
        }
        json_decref(cj);
        free(json[j]); /* json_dumps output */
    }
    printf("questions.cases %d count\n", n);
    printf("questions.to_settled_median %.0f count\n", pct(asked, n, 0.5));
    printf("questions.to_settled_p90 %.0f count\n", pct(asked, n, 0.9));
    printf("questions.to_settled_max %.0f count\n", pct(asked, n, 1.0));
    printf("questions.fixed_order_median %.0f count\n", pct(before, n, 0.5));
    printf("questions.fixed_order_p90 %.0f count\n", pct(before, n, 0.9));
    printf("questions.never_settled %d count\n", unsettled);
    printf("questions.settled_lower_than_full %d count\n", lower);
    scoot_result_free(r);
    scoot_case_free(sim);
    scoot_case_free(full);
    scoot_kb_free(kb);
    return lower || unsettled;
}
