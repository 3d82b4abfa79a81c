/* engine.h: cases (the answers), assessment and results. */
#ifndef SCOOT_ENGINE_H
#define SCOOT_ENGINE_H

#include <stddef.h>

#include "scoot/buf.h"
#include "scoot/kb.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The answers about one cat: each fact of the KB is known (with a value) or unknown. */
typedef struct scoot_case scoot_case;

/* The outcome of scoot_assess; sized for one KB and reused across assessments. */
typedef struct scoot_result scoot_result;

/* Creates an empty case (every fact unknown) for kb, which must outlive it. */
int scoot_case_new(const scoot_kb *kb, scoot_case **out);
void scoot_case_free(scoot_case *c);
/* Makes every fact unknown again. */
void scoot_case_clear(scoot_case *c);
/* Copies every answer of src into dst (both for the same KB). */
void scoot_case_copy(scoot_case *dst, const scoot_case *src);

/*
 * Reads case JSON ({"cat": {...}, "findings": {...}, "history": {...}}; see vocabulary.md)
 * and sets the facts it holds (others keep their values; null makes a fact unknown).
 * name is used in messages (e.g. the file name). On any error the case is left unchanged,
 * SCOOT_ECASE is returned and one line per problem is appended to errors, naming the field
 * ("case.json: findings.scooting: expected true or false, found 3").
 */
int scoot_case_set_json(scoot_case *c, const char *json, size_t len, const char *name,
                        scoot_buf *errors);

/*
 * Sets one fact from text: id is a fact id (optionally "findings.id"), value is yes/no/
 * true/false, a number, an option id, "unknown" (clears it) or, for text facts, any text.
 * SCOOT_EUNKNOWN for an unknown id, SCOOT_ETYPE for a value of the wrong kind, SCOOT_ERANGE
 * for a number outside the fact's range; errors gets one line naming the problem.
 */
int scoot_case_set_text(scoot_case *c, const char *id, const char *value, scoot_buf *errors);

/* Appends the case as case JSON (known facts only). */
int scoot_case_to_json(const scoot_case *c, scoot_buf *out);

/* 1 when the fact (an index, see scoot_kb_fact) is known in c. */
int scoot_case_is_known(const scoot_case *c, int fact);

/* Records that the question of the fact was asked and answered "not sure": the fact becomes
 * unknown, and it no longer counts as open (an answer that could still be given), so it does
 * not keep the level from being settled. Any value given later clears the mark. Case JSON
 * holds these as "not_sure": [ids]; scoot_case_set_text takes the value "not sure".
 * SCOOT_EINVAL for a fact out of range. */
int scoot_case_set_not_sure(scoot_case *c, int fact);
/* 1 when the fact was answered "not sure". */
int scoot_case_is_not_sure(const scoot_case *c, int fact);

/*
 * Interactive questioning: returns the index of the next fact to ask after position *pos in
 * the KB's question order (start with *pos = 0), skipping facts already known and facts whose
 * ask-if is false given c; advances *pos past it. Returns -1 when no question is left.
 */
int scoot_case_next_question(const scoot_case *c, int *pos);

/* Creates a result sized for kb (all memory an assessment needs, allocated once). */
int scoot_result_new(const scoot_kb *kb, scoot_result **out);
void scoot_result_free(scoot_result *r);

/*
 * Assesses c with kb into r (created for the same kb). Pure and deterministic; allocates
 * nothing; safe to call from many threads on one kb with a case and result per thread.
 */
int scoot_assess(const scoot_kb *kb, const scoot_case *c, scoot_result *r);

scoot_level scoot_result_level(const scoot_result *r);
/* Ranked causes: count, and the id, group id and score of the i-th most likely. */
int scoot_result_n_causes(const scoot_result *r);
const char *scoot_result_cause_id(const scoot_result *r, int i);
const char *scoot_result_cause_group(const scoot_result *r, int i);
double scoot_result_cause_score(const scoot_result *r, int i);
/* Care items in the plan (not the withheld ones), in KB order. */
int scoot_result_n_care(const scoot_result *r);
const char *scoot_result_care_id(const scoot_result *r, int i);
/* The reasons: the triage rules that fired at the result's level (those that set it). */
int scoot_result_n_reasons(const scoot_result *r);
const char *scoot_result_reason_rule(const scoot_result *r, int i);
/* Every triage rule that fired, at any level, in KB order (a superset of the reasons). The ids
 * are borrowed from the KB; NULL for i out of range. */
int scoot_result_n_fired(const scoot_result *r);
const char *scoot_result_fired_rule(const scoot_result *r, int i);

/* 1 when the level is settled: no answer to a question still open (unknown, askable and not
 * answered "not sure") can change it, in either direction. */
int scoot_result_settled(const scoot_result *r);
/* The questions still worth asking, in the order to ask them: first those whose answer could
 * change the level (the first scoot_result_n_level_questions of them; none when settled),
 * then those that could sharpen the three leading causes. Each is a fact index (see
 * scoot_kb_fact); -1 for i out of range. */
int scoot_result_n_next(const scoot_result *r);
int scoot_result_next_question(const scoot_result *r, int i);
int scoot_result_n_level_questions(const scoot_result *r);
/* The next screen to show: when the first next question is an item of a checklist and at least
 * one other item of it is among the next questions, those items (in the checklist's order),
 * and *checklist is set to the checklist's index; otherwise the first next question alone, and
 * *checklist = -1. Writes at most cap fact indices to facts and returns how many it wrote (0
 * when no question is left). */
int scoot_result_next_screen(const scoot_result *r, int *facts, int cap, int *checklist);

/* Appends the result JSON of vocabulary.md (plus texts for people) to out. On failure (out of
 * memory, or out's cap reached) out is left as it was. */
int scoot_result_to_json(const scoot_result *r, scoot_buf *out);

/* JSON output options. SCOOT_JSON_BRIEF leaves out the texts that belong to the KB rather than
 * to this result (level labels and advice; cause names, abouts and sources; care titles, steps,
 * cautions and sources; watch-for texts; red-flag questions; the KB title; the disclaimer), so
 * that a front end that holds the KB (scoot_kb_to_json, GET /api/v1/kb) looks them up by id.
 * The reasons, the evidence for and against and what is withheld keep their texts. A brief
 * result says "texts":"brief". */
enum { SCOOT_JSON_BRIEF = 1 };
/* scoot_result_to_json with options (flags: SCOOT_JSON_BRIEF or 0). */
int scoot_result_to_json_flags(const scoot_result *r, scoot_buf *out, int flags);

#ifdef __cplusplus
}
#endif
#endif
