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

#ifdef __cplusplus
}
#endif
#endif
