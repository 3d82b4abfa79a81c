/* bench_common.h: timing, medians and the golden cases as benchmark input. */
#ifndef SCOOT_BENCH_COMMON_H
#define SCOOT_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "scoot/scoot.h"

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static inline double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Loads the "case" members of a golden file as compact JSON strings (json_dumps output). */
static inline int load_cases(const char *path, char **out, int max)
{
    json_error_t je;
    json_t *all = json_load_file(path, 0, &je);
    if (!all) {
        fprintf(stderr, "%s:%d:%d: %s\n", path, je.line, je.column, je.text);
        exit(1);
    }
    int n = 0;
    size_t i;
    json_t *g;
    json_array_foreach(all, i, g)
    {
        if (n == max)
            break;
        out[n++] = json_dumps(json_object_get(g, "case"), JSON_COMPACT);
    }
    json_decref(all);
    return n;
}

#endif
