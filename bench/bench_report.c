/*
 * bench_report.c DIR: the report for the vet on a cat with ten years of daily entries (a
 * weight, a stool score, a pain score and a care item every day, a leak every nine days with a
 * note, a sign every five, a medicine course with its doses every sixty days, a vet visit every
 * ninety, and a check at the end: about 16,000 entries), built once in DIR/report.db.
 *   report.pdf_12_weeks   scoot_report as PDF for the default window (what the vet gets)
 *   report.html_12_weeks  the same as HTML
 *   report.pdf_10_years   the PDF for all ten years (the chart holds every point)
 * Medians of 15 runs, after one run that loads the fonts.
 */
#include "../src/core/setup.h"

#include <sys/stat.h>
#include <unistd.h>

#include "bench_common.h"
#include "scoot/journal.h"
#include "scoot/render.h"
#include "scoot/time.h"

#define DAYS 3650
#define DAY 86400
#define RUNS 15

static const scoot_time NOW = 1795176000; /* 2026-11-20T12:00:00Z */

static void check(int rc, const char *what, scoot_buf *err)
{
    if (rc) {
        fprintf(stderr, "bench_report: %s failed (%d): %s\n", what, rc, err ? scoot_buf_str(err) : "");
        exit(1);
    }
}

static void build(const char *path, const scoot_kb *kb)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return;
    fprintf(stderr, "bench_report: building ten years of one cat's days (once; kept in %s)\n", path);
    scoot_buf doc, err;
    scoot_buf_init(&doc, 0);
    scoot_buf_init(&err, 0);
    scoot_buf_adds(&doc, "{\"format\":\"scoot-journal\",\"version\":1,\"cats\":[{\"name\":\"Decade\","
                         "\"birth_date\":\"2012-04-01\",\"sex\":\"male\",\"neutered\":true,"
                         "\"weight_kg\":5.1,\"body_condition_9pt\":6}],\"events\":[");
    static const char *const cares[] = {"warm_compress", "clean_area", "sanitary_shave", "reduce_stress"};
    static const char *const signs[] = {"scooting", "licking_rear", "odor", "redness"};
    int id = 0;
    for (int d = DAYS; d >= 1; d--) {
        char t[8][32];
        for (int h = 0; h < 8; h++)
            scoot_time_format_utc(NOW - (scoot_time)d * DAY + (7 + 2 * h) * 3600, t[h], sizeof t[h]);
#define EV(kind, ti, data) \
    scoot_buf_printf(&doc, "%s{\"id\":%d,\"cat\":\"Decade\",\"kind\":\"%s\",\"t\":\"%s\",\"data\":%s}", \
                     id ? "," : "", id + 1, kind, t[ti], data), id++
        char b[256];
        snprintf(b, sizeof b, "{\"kg\":%.2f}", 4.8 + 0.4 * (d % 100) / 100.0);
        EV("weight", 0, b);
        snprintf(b, sizeof b, "{\"score\":%d}", 2 + d % 4);
        EV("stool", 1, b);
        snprintf(b, sizeof b, "{\"ears\":%d,\"eyes\":0,\"muzzle\":%d,\"whiskers\":0,\"head\":0}", d % 2, (d / 3) % 2);
        EV("pain", 2, b);
        snprintf(b, sizeof b, "{\"care\":\"%s\",\"minutes\":10,\"tolerated\":\"well\"}", cares[d % 4]);
        EV("care", 3, b);
        if (d % 9 == 0) {
            scoot_buf_printf(&doc, ",{\"id\":%d,\"cat\":\"Decade\",\"kind\":\"episode\",\"t\":\"%s\","
                                   "\"data\":{\"amount\":\"smear\",\"look\":[\"brown\"],\"context\":\"rest\"},"
                                   "\"note\":\"found on the sofa, day %d\"}",
                             id + 1, t[4], d);
            id++;
        }
        if (d % 5 == 0) {
            snprintf(b, sizeof b, "{\"finding\":\"%s\",\"value\":true}", signs[d % 4]);
            EV("observation", 5, b);
        }
        if (d % 90 == 0)
            EV("vet_visit", 6, "{\"clinic\":\"Town Vets\",\"diagnosis\":\"impaction\",\"treatment\":\"expressed\"}");
        if (d % 60 == 0 && d > 5) {
            EV("medicine", 0, "{\"name\":\"Meloxicam\",\"dose\":\"0.1 ml\",\"times_per_day\":1,\"days\":5}");
            int course = id;
            snprintf(b, sizeof b, "{\"course\":%d,\"given\":true}", course);
            EV("dose", 7, b);
        }
#undef EV
    }
    scoot_buf_adds(&doc, "]}");
    scoot_journal *j;
    check(scoot_journal_open(path, kb, &j, &err), "open", &err);
    int nc, ne;
    check(scoot_journal_import_json(j, doc.data, doc.len, "bench", &nc, &ne, &err), "import", &err);
    /* a check at the end, from what the journal knows */
    scoot_case *c;
    scoot_result *r;
    check(scoot_case_new(kb, &c), "case", NULL);
    check(scoot_result_new(kb, &r), "result", NULL);
    const char *cj = "{\"findings\":{\"scooting\":true,\"licking_rear\":true,\"odor\":true,\"discharge_seen\":true}}";
    check(scoot_case_set_json(c, cj, strlen(cj), "case", &err), "case json", &err);
    check(scoot_journal_derive(j, "Decade", NOW - DAY, c, NULL, &err), "derive", &err);
    int64_t aid;
    check(scoot_journal_assess(j, "Decade", NOW - DAY, c, r, &aid, &err), "assess", &err);
    scoot_case_free(c);
    scoot_result_free(r);
    scoot_journal_close(j);
    fprintf(stderr, "bench_report: %d entries\n", ne + 1);
    scoot_buf_free(&doc);
    scoot_buf_free(&err);
}

static double run(scoot_journal *j, const scoot_kb *kb, scoot_time since, scoot_report_format f,
                  size_t *size)
{
    double v[RUNS];
    scoot_report_opts o = {f, SCOOT_PAPER_A4};
    scoot_buf out, err;
    scoot_buf_init(&out, 0);
    scoot_buf_init(&err, 0);
    check(scoot_report(j, kb, "Decade", since, NOW, &o, &out, &err), "report", &err); /* (fonts) */
    for (int i = 0; i < RUNS; i++) {
        scoot_buf_reset(&out);
        double t0 = now_s();
        check(scoot_report(j, kb, "Decade", since, NOW, &o, &out, &err), "report", &err);
        v[i] = (now_s() - t0) * 1000;
    }
    *size = out.len;
    scoot_buf_free(&out);
    scoot_buf_free(&err);
    return median(v, RUNS);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_report DIR\n");
        return 2;
    }
    setenv("TZ", "UTC", 1);
    mkdir(argv[1], 0700);
    scoot_kb *kb;
    check(scoot_kb_load_default(&kb, NULL), "kb", NULL);
    char path[1024];
    snprintf(path, sizeof path, "%s/report.db", argv[1]);
    build(path, kb);
    scoot_journal *j;
    check(scoot_journal_open_mode(path, kb, SCOOT_JOURNAL_READ, &j, NULL), "open", NULL);
    size_t n;
    double ms = run(j, kb, SCOOT_REPORT_SINCE_DEFAULT, SCOOT_REPORT_PDF, &n);
    printf("report.pdf_12_weeks %.1f ms (%zu bytes; limit 200)\n", ms, n);
    ms = run(j, kb, SCOOT_REPORT_SINCE_DEFAULT, SCOOT_REPORT_HTML, &n);
    printf("report.html_12_weeks %.1f ms (%zu bytes)\n", ms, n);
    ms = run(j, kb, NOW - (scoot_time)DAYS * DAY - DAY, SCOOT_REPORT_PDF, &n);
    printf("report.pdf_10_years %.1f ms (%zu bytes)\n", ms, n);
    scoot_journal_close(j);
    scoot_kb_free(kb);
    return 0;
}
