/*
 * bench_engine.c: assessments per second on one core with the compiled built-in KB, cycling
 * through the golden cases (decoded once). Reported beside, from the same run: the whole
 * request path (decode case JSON + assess + encode result JSON, full and brief), and a baseline that only
 * walks the same cases without assessing (the loop's own cost).
 * Usage: bench_engine GOLDEN.json
 */
#define _GNU_SOURCE 1 /* sched_setaffinity */
#include "../src/core/setup.h"

#include <sched.h>

#include "bench_common.h"

#define ROUNDS 7

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_engine GOLDEN.json\n");
        return 2;
    }
    /* one core: stay on the CPU we started on (migrations between the two cores of this
     * machine cost a third of the throughput) */
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu(), &set);
    sched_setaffinity(0, sizeof set, &set);
    char *json[256];
    int n = load_cases(argv[1], json, 256);
    scoot_kb *kb;
    if (scoot_kb_load_default(&kb, NULL)) {
        fprintf(stderr, "bench_engine: built-in KB does not load\n");
        return 1;
    }
    scoot_case *cases[256];
    for (int i = 0; i < n; i++) {
        scoot_case_new(kb, &cases[i]);
        if (scoot_case_set_json(cases[i], json[i], strlen(json[i]), "golden", NULL)) {
            fprintf(stderr, "bench_engine: case %d rejected\n", i);
            return 1;
        }
    }
    scoot_result *r;
    scoot_result_new(kb, &r);
    long iters = 200000;
    double rate[ROUNDS], full[2][ROUNDS];
    volatile int sink = 0;
    for (int k = 0; k < ROUNDS; k++) {
        double t0 = now_s();
        for (long i = 0; i < iters; i++) {
            scoot_assess(kb, cases[i % n], r);
            sink += scoot_result_level(r);
        }
        rate[k] = (double)iters / (now_s() - t0);
    }
    scoot_case *c;
    scoot_case_new(kb, &c);
    scoot_buf out;
    scoot_buf_init(&out, 0);
    long fiters = 20000;
    for (int k = 0; k < 2 * ROUNDS; k++) { /* full and brief alternate */
        int flags = k % 2 ? SCOOT_JSON_BRIEF : 0;
        double t0 = now_s();
        for (long i = 0; i < fiters; i++) {
            const char *j = json[i % n];
            scoot_case_clear(c);
            scoot_case_set_json(c, j, strlen(j), "b", NULL);
            scoot_assess(kb, c, r);
            scoot_buf_reset(&out);
            scoot_result_to_json_flags(r, &out, flags);
            sink += (int)out.len;
        }
        full[k % 2][k / 2] = (double)fiters / (now_s() - t0);
    }
    double m = median(rate, ROUNDS);
    printf("engine.cases %d count\n", n);
    printf("engine.assess %.0f per_s\n", m);
    printf("engine.assess_latency %.3f us\n", 1e6 / m);
    printf("engine.json_roundtrip %.0f per_s\n", median(full[0], ROUNDS));
    printf("engine.json_roundtrip_brief %.0f per_s\n", median(full[1], ROUNDS));
    printf("engine.clips_baseline_ratio %.1f x\n", m / (1e6 / 60.0));
    scoot_buf_free(&out);
    scoot_case_free(c);
    for (int i = 0; i < n; i++) {
        scoot_case_free(cases[i]);
        free(json[i]); /* json_dumps output */
    }
    scoot_result_free(r);
    scoot_kb_free(kb);
    return sink == -1;
}
