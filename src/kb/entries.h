/* entries.h: the journal's entry kinds and their fields: what the store accepts, what the KB's
 * journal definitions may read (docs/kb-language.md, "journal"), and the words front ends show
 * for their options (the KB JSON's "entries"). */
#ifndef SCOOT_ENTRIES_H
#define SCOOT_ENTRIES_H

/* The type of a field of an entry (or of a cat's profile). */
typedef enum {
    SCOOT__EF_CHOICE,  /* one of opts */
    SCOOT__EF_CHOICES, /* a list of opts */
    SCOOT__EF_NUMBER,  /* a number in min..max */
    SCOOT__EF_INT,     /* a whole number in min..max */
    SCOOT__EF_TEXT,    /* a text of at most max characters */
    SCOOT__EF_BOOL,
    SCOOT__EF_DATE,    /* YYYY-MM-DD */
    SCOOT__EF_FINDING, /* a fact id of the KB (not a text fact) */
    SCOOT__EF_CARE,    /* a care id of the KB */
    SCOOT__EF_CAUSES,  /* a list of cause or group ids of the KB */
    SCOOT__EF_OBJECT,  /* any JSON object */
    SCOOT__EF_ANY,     /* checked by the kind's own code (an observation's value) */
    SCOOT__EF_EVENT    /* the id of an event of the same cat, of the kind opts[0].id */
} scoot__eftype;

/* An option of a choice field: its id and the words for it. */
typedef struct {
    const char *id, *text;
} scoot__eopt;

typedef struct {
    const char *name;
    scoot__eftype type;
    int required;
    double min, max;
    const scoot__eopt *opts; /* ended by an option with a NULL id; NULL for other types */
} scoot__efield;

typedef struct {
    const char *kind;
    const char *what; /* for messages: "an episode" */
    const scoot__efield *fields;
    int n_fields;
} scoot__ekind;

/* Every kind, in the order of include/scoot/journal.h. */
extern const scoot__ekind scoot__ekinds[];
extern const int scoot__n_ekinds;
/* The fields of a cat's profile. */
extern const scoot__efield scoot__cat_fields[];
extern const int scoot__n_cat_fields;

/* The kind named kind, or NULL. */
const scoot__ekind *scoot__ekind_find(const char *kind);
/* The field of k named name, or NULL. */
const scoot__efield *scoot__efield_find(const scoot__ekind *k, const char *name);
/* The index of option id in opts, or -1. */
int scoot__eopt_find(const scoot__eopt *opts, const char *id);

/* A stool score on the Purina chart (1 hard .. 7 watery): a Royal Canin score (chart
 * "royal_canin", 1 liquid .. 5 hard) is converted; any other is kept. */
double scoot__stool_purina(double score, const char *chart);

#endif
