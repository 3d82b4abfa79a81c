/* render.h: documents made from results (and, above the journal, from a cat's record) for
 * people to read. */
#ifndef SCOOT_RENDER_H
#define SCOOT_RENDER_H

#include "scoot/buf.h"
#include "scoot/engine.h"
#include "scoot/journal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Text output options. */
enum { SCOOT_TEXT_COLOR = 1 };
/* Appends the result as readable text (headings; ANSI colour with SCOOT_TEXT_COLOR). */
int scoot_result_to_text(const scoot_result *r, scoot_buf *out, int flags);

/*
 * Appends the cat's care schedule as of now as an iCalendar file (RFC 5545: CRLF, lines folded
 * at 75 octets, TEXT escaped): each care item of the current plan and each active medicine at
 * times of day that fit how often it is due (floating times: the owner's clock), repeating for
 * the days planned (an item with no end for 30), and the recheck a vet visit booked (that day,
 * with an alarm the day before). Every event has an alarm; UIDs depend only on the cat, the item
 * and the plan, so importing a newer file updates the events instead of adding copies. kb is
 * the journal's (the minutes a care item takes). SCOOT_ENOENT for an unknown cat (err says so);
 * out is unchanged on error.
 */
int scoot_calendar(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time now,
                   scoot_buf *out, scoot_buf *err);

/*
 * Appends the cat's record as a FHIR R4 Bundle (JSON, type "collection"): the Patient (the
 * patient-animal extension: species Felis catus, SNOMED CT 448169003; neutered or intact; breed),
 * an Observation for each leak, stool score, weight (UCUM kg), body condition score, Feline
 * Grimace Scale score (with its action units) and sign logged, the care planned now as a
 * CarePlan (none when nothing is planned), and the last check's answers as a
 * QuestionnaireResponse (each question's words and its answer). Each resource's fullUrl is a
 * urn:uuid made from the cat and the entry: the same record gives the same Bundle. SCOOT_ENOENT
 * for an unknown cat; out is unchanged on error.
 */
int scoot_fhir_bundle(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time now,
                      scoot_buf *out, scoot_buf *err);

/* What scoot_report makes. */
typedef enum {
    SCOOT_REPORT_PDF = 0,       /* one or two pages, fonts embedded */
    SCOOT_REPORT_HTML = 1,      /* one self-contained page: style inline, the chart inline SVG */
    SCOOT_REPORT_CHART_SVG = 2, /* the timeline chart alone, as SVG */
    SCOOT_REPORT_CHART_PNG = 3  /* the timeline chart alone, as PNG (144 dpi) */
} scoot_report_format;

typedef enum { SCOOT_PAPER_A4 = 0, SCOOT_PAPER_LETTER = 1 } scoot_paper;

typedef struct {
    scoot_report_format format;
    scoot_paper paper; /* PDF pages; the HTML's size when printed */
} scoot_report_opts;

/* since: the default window, the 12 weeks before now. */
#define SCOOT_REPORT_SINCE_DEFAULT INT64_MIN

/*
 * Appends the report for the vet on the cat, from since to now (the clock of the report: the
 * same journal, since and now give the same bytes): the cat (age, sex, neutered, weight, body
 * condition); the question for the vet in one sentence (from the latest check's level and
 * leading cause); a timeline chart (leaks a week, stool score, weight, pain score, vet visits
 * and medicine courses marked); the leaks (when, how much, what they looked like, after a
 * fright or not); the signs and how long they lasted; the medicines given and missed; the care
 * done and how well the plan was kept up; the latest check (level, reasons, the causes above
 * 5 % with their evidence); the vet visits; the owner's notes; and the questions worth asking
 * that the KB holds for the leading causes (`ask_vet`). Lists keep their most recent entries
 * and say how many more there are; a PDF has two pages at most (A4 or Letter), DejaVu Sans
 * embedded (Debian's fonts-dejavu-core). Reads the journal in the window only (and the latest
 * check). o NULL: a PDF on A4.
 * Errors: SCOOT_ENOENT for an unknown cat ("no cat named 'Rex'"); SCOOT_ERANGE for a since
 * after now (the field is "since"); SCOOT_EINVAL for an unknown format; SCOOT_EIO, SCOOT_ENOMEM.
 * out is unchanged on error. Safe to call from several threads, each with its own journal.
 */
int scoot_report(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time since,
                 scoot_time now, const scoot_report_opts *o, scoot_buf *out, scoot_buf *err);

#ifdef __cplusplus
}
#endif
#endif
