/* entries.c: the journal's entry kinds and their fields, with the words for their options. */
#include "../core/setup.h"

#include <math.h>

#include "entries.h"
#include "scoot/kb.h"

static const scoot__eopt amounts[] = {
    {"spot", "A spot"}, {"smear", "A smear or streak"}, {"puddle", "A puddle"}, {NULL, NULL}};
static const scoot__eopt looks[] = {
    {"brown", "Brown"},         {"grey", "Grey"},
    {"yellow", "Yellow"},       {"bloody", "With blood (pink or red)"},
    {"pus", "Thick, like pus"}, {NULL, NULL}};
static const scoot__eopt contexts[] = {{"fright", "Just after a fright"},
                                       {"rest", "While resting or asleep"},
                                       {"after_stool", "After passing stool"},
                                       {"other", "Something else"},
                                       {NULL, NULL}};
static const scoot__eopt charts[] = {{"purina", "Purina (1 hard to 7 watery)"},
                                     {"royal_canin", "Royal Canin (1 liquid to 5 hard)"},
                                     {NULL, NULL}};
static const scoot__eopt tolerated[] = {
    {"well", "Well"}, {"fair", "Fair"}, {"poorly", "Poorly"}, {"refused", "Refused"}, {NULL, NULL}};
static const scoot__eopt medicine_kind[] = {{"medicine", "A medicine course"}, {NULL, NULL}};
static const scoot__eopt sexes[] = {{"male", "Male"}, {"female", "Female"}, {NULL, NULL}};
static const scoot__eopt coats[] = {{"short", "Short"}, {"long", "Long"}, {NULL, NULL}};

static const scoot__efield f_EPISODE[] = {
    {"amount", SCOOT__EF_CHOICE, 0, 0, 0, amounts},
    {"look", SCOOT__EF_CHOICES, 0, 0, 0, looks},
    {"context", SCOOT__EF_CHOICE, 0, 0, 0, contexts},
    {"where", SCOOT__EF_TEXT, 0, 0, 200, NULL},
};
static const scoot__efield f_OBSERVATION[] = {
    {"finding", SCOOT__EF_FINDING, 1, 0, 0, NULL},
    {"value", SCOOT__EF_ANY, 1, 0, 0, NULL},
};
static const scoot__efield f_STOOL[] = {
    {"score", SCOOT__EF_INT, 1, 1, 7, NULL},
    {"chart", SCOOT__EF_CHOICE, 0, 0, 0, charts},
};
static const scoot__efield f_WEIGHT[] = {{"kg", SCOOT__EF_NUMBER, 1, 0.2, 20, NULL}};
static const scoot__efield f_BCS[] = {{"score", SCOOT__EF_INT, 1, 1, 9, NULL}};
static const scoot__efield f_PAIN[] = {
    {"ears", SCOOT__EF_INT, 0, 0, 2, NULL},   {"eyes", SCOOT__EF_INT, 0, 0, 2, NULL},
    {"muzzle", SCOOT__EF_INT, 0, 0, 2, NULL}, {"whiskers", SCOOT__EF_INT, 0, 0, 2, NULL},
    {"head", SCOOT__EF_INT, 0, 0, 2, NULL},   {"score", SCOOT__EF_ANY, 0, 0, 0, NULL},
};
static const scoot__efield f_CARE[] = {
    {"care", SCOOT__EF_CARE, 1, 0, 0, NULL},
    {"minutes", SCOOT__EF_NUMBER, 0, 0, 240, NULL},
    {"tolerated", SCOOT__EF_CHOICE, 0, 0, 0, tolerated},
};
static const scoot__efield f_MEDICINE[] = {
    {"name", SCOOT__EF_TEXT, 1, 0, 100, NULL},        {"dose", SCOOT__EF_TEXT, 0, 0, 100, NULL},
    {"times_per_day", SCOOT__EF_INT, 1, 1, 12, NULL}, {"days", SCOOT__EF_INT, 1, 1, 365, NULL},
    {"start", SCOOT__EF_DATE, 0, 0, 0, NULL},
};
static const scoot__efield f_DOSE[] = {
    {"course", SCOOT__EF_EVENT, 1, 0, 0, medicine_kind},
    {"given", SCOOT__EF_BOOL, 0, 0, 0, NULL},
};
static const scoot__efield f_VET_VISIT[] = {
    {"clinic", SCOOT__EF_TEXT, 0, 0, 200, NULL},
    {"found", SCOOT__EF_TEXT, 0, 0, 2000, NULL},
    {"diagnosis", SCOOT__EF_TEXT, 0, 0, 2000, NULL},
    {"treatment", SCOOT__EF_TEXT, 0, 0, 2000, NULL},
    {"recheck", SCOOT__EF_DATE, 0, 0, 0, NULL},
    {"diagnosis_ids", SCOOT__EF_CAUSES, 0, 0, 0, NULL},
    {"recheck_done", SCOOT__EF_BOOL, 0, 0, 0, NULL},
};
static const scoot__efield f_ASSESSMENT[] = {
    {"case", SCOOT__EF_OBJECT, 1, 0, 0, NULL},
    {"result", SCOOT__EF_OBJECT, 1, 0, 0, NULL},
    {"kb_id", SCOOT__EF_TEXT, 1, 0, 100, NULL},
    {"kb_version", SCOOT__EF_TEXT, 1, 0, 100, NULL},
};

/* (the kinds of journal.h's table, in its order, each with its fields f_NAME above) */
const scoot__ekind scoot__ekinds[] = {
#define KIND(name, id, what) {id, what, f_##name, (int)SCOOT_ARRAY_LEN(f_##name)},
    SCOOT_EVENT_KIND_MAP(KIND)
#undef KIND
};
_Static_assert(SCOOT_ARRAY_LEN(scoot__ekinds) == SCOOT_EV__COUNT, "a row per kind");
const int scoot__n_ekinds = (int)SCOOT_ARRAY_LEN(scoot__ekinds);

const scoot__efield scoot__cat_fields[] = {
    {"name", SCOOT__EF_TEXT, 1, 0, 100, NULL},
    {"birth_date", SCOOT__EF_DATE, 0, 0, 0, NULL},
    {"age_years", SCOOT__EF_NUMBER, 0, 0, 40, NULL},
    {"sex", SCOOT__EF_CHOICE, 0, 0, 0, sexes},
    {"neutered", SCOOT__EF_BOOL, 0, 0, 0, NULL},
    {"coat", SCOOT__EF_CHOICE, 0, 0, 0, coats},
    {"breed", SCOOT__EF_TEXT, 0, 0, 100, NULL},
    {"weight_kg", SCOOT__EF_NUMBER, 0, 0.2, 20, NULL},
    {"body_condition_9pt", SCOOT__EF_INT, 0, 1, 9, NULL},
};
const int scoot__n_cat_fields = (int)SCOOT_ARRAY_LEN(scoot__cat_fields);

const char *scoot_event_kind_id(int k)
{
    return k >= 0 && k < SCOOT_EV__COUNT ? scoot__ekinds[k].kind : NULL;
}

int scoot_event_kind_find(const char *id)
{
    const scoot__ekind *k = id ? scoot__ekind_find(id) : NULL;
    return k ? (int)(k - scoot__ekinds) : -1;
}

const scoot__ekind *scoot__ekind_find(const char *kind)
{
    for (int i = 0; kind && i < scoot__n_ekinds; i++)
        if (!strcmp(scoot__ekinds[i].kind, kind))
            return &scoot__ekinds[i];
    return NULL;
}

const scoot__efield *scoot__efield_find(const scoot__ekind *k, const char *name)
{
    for (int i = 0; k && name && i < k->n_fields; i++)
        if (!strcmp(k->fields[i].name, name))
            return &k->fields[i];
    return NULL;
}

int scoot__eopt_find(const scoot__eopt *opts, const char *id)
{
    for (int i = 0; opts && id && opts[i].id; i++)
        if (!strcmp(opts[i].id, id))
            return i;
    return -1;
}

double scoot__stool_purina(double score, const char *chart)
{
    /* Purina 1..7 from Royal Canin 1 (liquid) .. 5 (hard) */
    static const int royal_to_purina[6] = {0, 7, 6, 4, 2, 1};
    if (chart && !strcmp(chart, "royal_canin") && score >= 1 && score <= 5 && score == floor(score))
        return royal_to_purina[(int)score];
    return score;
}
