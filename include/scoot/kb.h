/* kb.h: loading, validating and inspecting a scoot knowledge base (see docs/kb-language.md). */
#ifndef SCOOT_KB_H
#define SCOOT_KB_H

#include <stddef.h>

#include "scoot/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A compiled, immutable knowledge base; safe to share between threads once loaded. */
typedef struct scoot_kb scoot_kb;

/* Triage levels, in increasing urgency. */
typedef enum scoot_level {
    SCOOT_LEVEL_MONITOR = 0,
    SCOOT_LEVEL_VET_SOON = 1,
    SCOOT_LEVEL_URGENT = 2
} scoot_level;

/*
 * Parses, validates and compiles the KB text (len bytes; need not be NUL-terminated).
 * filename is used in messages only (copied). On success returns SCOOT_OK and *out (caller
 * frees with scoot_kb_free). On failure returns SCOOT_EKB (or SCOOT_ENOMEM), sets *out to
 * NULL and, when errors is not NULL, appends every problem found to it as lines
 * "file:line:col: message\n".
 */
int scoot_kb_load(const char *text, size_t len, const char *filename, scoot_kb **out,
                  scoot_buf *errors);

/* Reads path and calls scoot_kb_load; SCOOT_EIO (with a message in errors) if unreadable. */
int scoot_kb_load_file(const char *path, scoot_kb **out, scoot_buf *errors);

/* Loads the knowledge base built into the library (kb/feline-anal-sac.kb). */
int scoot_kb_load_default(scoot_kb **out, scoot_buf *errors);

/* Returns the built-in KB text (borrowed, static) and its length in *len. */
const char *scoot_kb_default_text(size_t *len);

/* scoot_kb_free(NULL) does nothing. */
void scoot_kb_free(scoot_kb *kb);

/* Borrowed strings, valid until scoot_kb_free. */
const char *scoot_kb_id(const scoot_kb *kb);
const char *scoot_kb_version(const scoot_kb *kb);
const char *scoot_kb_title(const scoot_kb *kb);

/* Returns the level's id ("monitor", "vet_soon", "urgent"); static. */
const char *scoot_level_id(scoot_level level);
/* The KB's words for a level ("See a vet today"); borrowed. NULL for a level out of range. */
const char *scoot_kb_level_label(const scoot_kb *kb, scoot_level level);

/* The kind of value a fact holds. */
typedef enum {
    SCOOT_FACT_YESNO,
    SCOOT_FACT_NUMBER,
    SCOOT_FACT_CHOICE,
    SCOOT_FACT_TEXT
} scoot_fact_type;

/* A fact (a question) of the KB, as front ends need it; all pointers borrowed from the KB. */
typedef struct {
    const char *id;
    const char *section; /* "cat", "findings" or "history" */
    scoot_fact_type type;
    double min, max;     /* numbers */
    const char *unit;    /* numbers; may be NULL */
    int n_options;       /* choices */
    const char *const *options, *const *option_text;
    const char *ask;     /* NULL: never asked */
    const char *help;    /* may be NULL */
    int redflag;
    int n_labels;        /* numbers: meanings of some values (e.g. fecal score 1..7) */
    const double *label_value;
    const char *const *label_text;
    int scale;           /* index of the scale that computes it, or -1 */
} scoot_fact_info;

int scoot_kb_n_facts(const scoot_kb *kb);
/* The triage rules: how many, and the id of the i-th in KB order (borrowed from the KB; NULL
 * for i out of range). */
int scoot_kb_n_rules(const scoot_kb *kb);
const char *scoot_kb_rule_id(const scoot_kb *kb, int i);
/* Fills *out for fact i (0 <= i < n); SCOOT_EINVAL when out of range. */
int scoot_kb_fact(const scoot_kb *kb, int i, scoot_fact_info *out);
/* Index of the fact with this id, or -1. */
int scoot_kb_fact_find(const scoot_kb *kb, const char *id);

/* Checklists: yes/no questions that a front end asks together on one screen ("tick each one
 * that is true"; an item left unticked is answered no). The checklist's id and question (*ask)
 * and how many items it has; NULL when c is out of range. Strings are borrowed from the KB. */
int scoot_kb_n_checklists(const scoot_kb *kb);
const char *scoot_kb_checklist(const scoot_kb *kb, int c, const char **ask, int *n_items);
/* Item k of checklist c: returns its fact index and sets *text to its words; -1 when out of
 * range. */
int scoot_kb_checklist_item(const scoot_kb *kb, int c, int k, const char **text);
/* The checklist fact f is an item of, or -1. */
int scoot_kb_fact_checklist(const scoot_kb *kb, int f);

/* A composite score such as the Feline Grimace Scale. */
typedef struct {
    const char *id, *title, *about;
    int n_units;
    double max;
} scoot_scale_info;

int scoot_kb_scale(const scoot_kb *kb, int i, scoot_scale_info *out);
/* Name and number of scores of unit u of scale s; NULL when out of range. */
const char *scoot_kb_scale_unit(const scoot_kb *kb, int s, int u, int *n_scores);
/* Description of score v of unit u of scale s; NULL when out of range. */
const char *scoot_kb_scale_score_text(const scoot_kb *kb, int s, int u, int v);
/* Total of scale s from per-unit scores (negative = could not be seen); -1 if none seen. */
double scoot_kb_scale_total(const scoot_kb *kb, int s, const int *scores);

/* Appends the whole KB (facts with questions and help, scales, causes, rules, care items,
 * sources) as one JSON object to out. */
int scoot_kb_to_json(const scoot_kb *kb, scoot_buf *out);

/* Appends a readable summary of the KB to out. */
int scoot_kb_to_text(const scoot_kb *kb, scoot_buf *out);

/*
 * The journal's entry kinds: one X-macro table, X(NAME, "id", "what it is"), as error.h's. The
 * fields of each kind are in the same order in the library's table of fields (validation, the
 * KB JSON's "entries" that front ends read, the KB's journal definitions); the API's
 * enumeration in docs/openapi.yaml is tested against it.
 */
#define SCOOT_EVENT_KIND_MAP(X)                              \
    X(EPISODE, "episode", "an episode")                      \
    X(OBSERVATION, "observation", "an observation")          \
    X(STOOL, "stool", "a stool record")                      \
    X(WEIGHT, "weight", "a weight")                          \
    X(BCS, "bcs", "a body condition score")                  \
    X(PAIN, "pain", "a pain score")                          \
    X(CARE, "care", "a care record")                         \
    X(MEDICINE, "medicine", "a medicine course")             \
    X(DOSE, "dose", "a dose")                                \
    X(VET_VISIT, "vet_visit", "a vet visit")                 \
    X(ASSESSMENT, "assessment", "an assessment")

typedef enum {
#define SCOOT__EV_ENUM(name, id, what) SCOOT_EV_##name,
    SCOOT_EVENT_KIND_MAP(SCOOT__EV_ENUM)
#undef SCOOT__EV_ENUM
        SCOOT_EV__COUNT
} scoot_event_kind;

/* The id of kind k ("vet_visit"); NULL for a value out of the table. */
const char *scoot_event_kind_id(int k);
/* The kind whose id is id, or -1. */
int scoot_event_kind_find(const char *id);

#ifdef __cplusplus
}
#endif
#endif
