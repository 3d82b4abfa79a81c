/* derive.c: what the journal knows about a cat, as case facts for the engine. */
#include "../core/setup.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

#define DAY 86400

/* Purina 1..7 from Royal Canin 1 (liquid) .. 5 (hard). */
static const int royal_to_purina[6] = {0, 7, 6, 4, 2, 1};

typedef struct {
    scoot_time now;
    /* episodes */
    int ep30, ep90, ep_days30;
    int64_t last_ep_day;
    scoot_time first30, last_ep;
    int all_fright, any_ep;
    int last_fright;
    scoot_time bloody_t, pus_t; /* the latest leak with blood, with pus (0: none) */
    /* observations: a run of "not eating" (its first and latest time; 0 when the latest
     * observation of it said the cat eats), and the first scooting or licking seen */
    scoot_time noeat_first, noeat_last, rear_first;
    /* stool: the latest, and per local day the highest score in the last 14 days */
    int stool, stool_known;
    scoot_time stool_t;
    int day_score[15];
    /* weight */
    double w_first, w_last;
    scoot_time w_first_t, w_last_t;
    int n_weights;
    int bcs;
    /* pain */
    double grimace;
    scoot_time grimace_t;
    int abscess, anal_treated;
    /* observations of the last 3 days (7 for lasting signs): per fact its latest value and
     * time */
    const scoot_kb *kb;
    double *obs_val;
    uint8_t *obs_known;
    scoot_time *obs_t; /* when it was observed */
} facts;

/* Some entries of a cat: the event id (> 0), or every event logged after the event after_id
 * and timed after after_t. (A set of one event keeps the time of the cat's last vet visit in
 * after_t, which its membership does not read.) */
typedef struct {
    int64_t id, after_id;
    scoot_time after_t;
} entries;

static int in_entries(const entries *s, const scoot_event *e)
{
    return s->id > 0 ? e->id == s->id : e->id > s->after_id && e->t > s->after_t;
}

/* What a derivation reads: every event, those not in a set of entries, only those in it, none
 * (the profile alone), or those up to its now (the journal as it stood then). */
typedef enum { READ_ALL, READ_WITHOUT, READ_ONLY, READ_NONE, READ_UNTIL_NOW } read_mode;

/* A reading: its mode, of a set of entries (NULL for READ_ALL and READ_NONE). */
typedef struct {
    read_mode mode;
    const entries *set;
} reading;

/* The readings of one pass over the journal: each event is parsed once and given to the facts
 * of every reading that takes it. */
typedef struct {
    int n;
    facts *f;
    const reading *rd;
    int all_kinds; /* the kind-filtered scans */
} pass;

static int has_word(const char *hay, const char *word)
{
    if (!hay)
        return 0;
    size_t n = strlen(word);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return 1;
    return 0;
}

/* Adds event e (its data d) to what f knows. */
static void add_event(facts *f, const scoot_event *e, json_t *d)
{
    scoot_time age = f->now - e->t;
    int64_t day = scoot_time_local_day(e->t), today = scoot_time_local_day(f->now);
    if (!strcmp(e->kind, "episode")) {
        const char *ctx = json_string_value(json_object_get(d, "context"));
        int fright = ctx && !strcmp(ctx, "fright");
        if (age <= 90 * DAY) {
            f->ep90++;
            f->any_ep = 1;
            if (!fright)
                f->all_fright = 0;
        }
        if (age <= 30 * DAY) {
            if (!f->ep30)
                f->first30 = e->t;
            f->ep30++;
            if (day != f->last_ep_day)
                f->ep_days30++;
            f->last_ep_day = day;
        }
        f->last_ep = e->t;
        json_t *look = json_object_get(d, "look");
        int bloody = 0, pus = 0;
        size_t i;
        json_t *x;
        if (json_is_string(look)) {
            bloody = !strcmp(json_string_value(look), "bloody");
            pus = !strcmp(json_string_value(look), "pus");
        }
        json_array_foreach(look, i, x)
        {
            bloody |= json_is_string(x) && !strcmp(json_string_value(x), "bloody");
            pus |= json_is_string(x) && !strcmp(json_string_value(x), "pus");
        }
        if (bloody)
            f->bloody_t = e->t;
        if (pus)
            f->pus_t = e->t;
        f->last_fright = fright;
    } else if (!strcmp(e->kind, "stool")) {
        int s = (int)json_integer_value(json_object_get(d, "score"));
        const char *chart = json_string_value(json_object_get(d, "chart"));
        if (chart && !strcmp(chart, "royal_canin") && s >= 1 && s <= 5)
            s = royal_to_purina[s];
        f->stool = s;
        f->stool_known = 1;
        f->stool_t = e->t;
        int64_t back = today - day;
        if (back >= 0 && back < 15 && s > f->day_score[back])
            f->day_score[back] = s;
    } else if (!strcmp(e->kind, "weight")) {
        double kg = json_number_value(json_object_get(d, "kg"));
        if (age <= 90 * DAY) {
            if (!f->n_weights) {
                f->w_first = kg;
                f->w_first_t = e->t;
            }
            f->n_weights++;
        }
        f->w_last = kg;
        f->w_last_t = e->t;
    } else if (!strcmp(e->kind, "bcs")) {
        f->bcs = (int)json_integer_value(json_object_get(d, "score"));
    } else if (!strcmp(e->kind, "pain")) {
        f->grimace = json_number_value(json_object_get(d, "score"));
        f->grimace_t = e->t;
    } else if (!strcmp(e->kind, "vet_visit")) {
        json_t *ids = json_object_get(d, "diagnosis_ids"), *x;
        size_t i;
        json_array_foreach(ids, i, x)
        {
            const char *s = json_string_value(x);
            if (s && !strcmp(s, "abscess"))
                f->abscess = 1;
            if (s && (!strcmp(s, "impaction") || !strcmp(s, "sacculitis")))
                f->anal_treated = 1;
        }
        if (has_word(json_string_value(json_object_get(d, "diagnosis")), "abscess"))
            f->abscess = 1;
        const char *tr = json_string_value(json_object_get(d, "treatment"));
        if (has_word(tr, "express") || has_word(tr, "anal sac") || has_word(tr, "anal gland") ||
            has_word(tr, "flush"))
            f->anal_treated = 1;
    } else if (!strcmp(e->kind, "observation")) {
        const char *finding = json_string_value(json_object_get(d, "finding"));
        json_t *v = json_object_get(d, "value");
        int yes = !v || json_is_null(v) || json_is_true(v);
        /* (over two weeks: "not eating since" 8 days ago is a run of 8 days) */
        if (finding && !strcmp(finding, "not_eating") && age <= 14 * DAY) {
            if (!yes)
                f->noeat_first = f->noeat_last = 0;
            else {
                if (!f->noeat_first)
                    f->noeat_first = e->t;
                f->noeat_last = e->t;
            }
        }
        if (finding && (!strcmp(finding, "scooting") || !strcmp(finding, "licking_rear")) && yes &&
            age <= 30 * DAY && !f->rear_first)
            f->rear_first = e->t;
        /* an observation holds for 3 days; a swelling, a lump or a wound, which does not heal
         * in days, for 7 (as blood or pus in a leak) */
        static const char *const lasting[] = {"swelling", "redness", "firm_mass",
                                              "ruptured_draining_wound", "multiple_draining_tracts"};
        int days = 3;
        for (size_t k = 0; finding && k < SCOOT_ARRAY_LEN(lasting); k++)
            if (!strcmp(finding, lasting[k]))
                days = 7;
        if (age > days * DAY)
            return;
        int fi = scoot_kb_fact_find(f->kb, finding);
        if (fi >= 0) {
            const scoot__fact *fa = &f->kb->facts[fi];
            if (fa->type == SCOOT__YESNO)
                f->obs_val[fi] = yes;
            else if (fa->type == SCOOT__NUMBER && json_is_number(v))
                f->obs_val[fi] = json_number_value(v);
            else if (fa->type == SCOOT__CHOICE && json_is_string(v)) {
                for (int o = 0; o < fa->n_options; o++)
                    if (!strcmp(fa->options[o], json_string_value(v)))
                        f->obs_val[fi] = o;
            } else
                return;
            f->obs_known[fi] = 1;
            f->obs_t[fi] = e->t;
        }
    }
}

/* The kinds that the derivation reads. */
static int derived_kind(const char *kind)
{
    static const char *const kinds[] = {"episode", "stool", "weight", "pain", "observation",
                                        "vet_visit", "bcs"};
    for (size_t k = 0; k < SCOOT_ARRAY_LEN(kinds); k++)
        if (!strcmp(kind, kinds[k]))
            return 1;
    return 0;
}

static int derive_cb(void *ud, const scoot_event *e)
{
    pass *p = ud;
    /* vet visits and body condition come from their own scans (any age) */
    if (!p->all_kinds && (!derived_kind(e->kind) || !strcmp(e->kind, "vet_visit") ||
                          !strcmp(e->kind, "bcs")))
        return 0;
    json_t *d = NULL;
    for (int i = 0; i < p->n; i++) {
        read_mode m = p->rd[i].mode;
        if (m == READ_NONE || (m == READ_WITHOUT && in_entries(p->rd[i].set, e)) ||
            (m == READ_ONLY && !in_entries(p->rd[i].set, e)) ||
            (m == READ_UNTIL_NOW && e->t > p->f[i].now))
            continue;
        if (!d) {
            json_error_t je;
            if (!(d = json_loads(e->data, 0, &je)))
                /* unreadable data is skipped, not fatal; running out of memory is */
                return json_error_code(&je) == json_error_out_of_memory ? SCOOT_ENOMEM : 0;
        }
        add_event(&p->f[i], e, d);
    }
    json_decref(d);
    return 0;
}

/* Sets fact id to the text value unless the case already knows it; notes why. */
static void put(scoot_case *c, const scoot_kb *kb, const char *id, const char *value,
                scoot_buf *explain, const char *why)
{
    int f = scoot_kb_fact_find(kb, id);
    if (f < 0 || scoot_case_is_known(c, f))
        return;
    if (scoot_case_set_text(c, id, value, NULL) == SCOOT_OK && explain)
        scoot_buf_printf(explain, "%s = %s (%s)\n", id, value, why);
}

static void putnum(scoot_case *c, const scoot_kb *kb, const char *id, double v, scoot_buf *explain,
                   const char *why)
{
    char num[32];
    snprintf(num, sizeof num, "%g", v);
    put(c, kb, id, num, explain, why);
}

/* Sets in c what the profile says (row as read; age as of now). */
static void profile_facts(const scoot_kb *kb, const scoot__cat_row *row, scoot_time now,
                          scoot_case *c, scoot_buf *explain)
{
    if (row->sex)
        put(c, kb, "sex", row->sex, explain, "profile");
    if (row->coat)
        put(c, kb, "coat", row->coat, explain, "profile");
    if (row->neutered >= 0)
        put(c, kb, "neutered", row->neutered ? "yes" : "no", explain, "profile");
    /* (the weight comes after the journal's: event_facts) */
    json_t *cj = scoot__cat_json(row, now, 0);
    json_t *age = json_object_get(cj, "age_years");
    if (age)
        putnum(c, kb, "age_years", json_number_value(age), explain,
               row->birth_date ? "from the birth date" : "profile");
    json_decref(cj);
}

/* When the latest record of another kind that sets fact id was made (0: none): a pain score
 * sets the grimace score, a leak sets blood and pus, a stool record the fecal score... */
static scoot_time recorded(const facts *f, const char *id)
{
    static const struct {
        const char *id;
        size_t off;
    } by[] = {
        {"grimace_score", offsetof(facts, grimace_t)}, {"discharge_bloody", offsetof(facts, bloody_t)},
        {"discharge_pus", offsetof(facts, pus_t)},     {"discharge_seen", offsetof(facts, last_ep)},
        {"startled_recently", offsetof(facts, last_ep)}, {"fecal_score", offsetof(facts, stool_t)},
        {"diarrhea", offsetof(facts, stool_t)},        {"soft_stool", offsetof(facts, stool_t)},
        {"weight_kg", offsetof(facts, w_last_t)},
    };
    for (size_t k = 0; k < SCOOT_ARRAY_LEN(by); k++)
        if (!strcmp(by[k].id, id))
            return *(const scoot_time *)((const char *)f + by[k].off);
    return 0;
}

/* Sets in c what the events gathered in f say, and the profile's body condition (profile_bcs)
 * and weight (profile_kg, NAN: none) where the journal has none of its own. */
static void event_facts(const scoot_kb *kb, facts *f, scoot_time now, int profile_bcs,
                        double profile_kg, scoot_case *c, scoot_buf *explain)
{
    char why[160];
    for (int i = 0; i < kb->n_facts; i++) {
        /* the newest record wins: an observation of the grimace score in the morning does not
         * hide the pain score of the afternoon */
        if (!f->obs_known[i] || f->obs_t[i] < recorded(f, kb->facts[i].id))
            continue;
        const scoot__fact *fa = &kb->facts[i];
        char on[32];
        scoot__iso(f->obs_t[i], on, sizeof on);
        on[10] = '\0';
        snprintf(why, sizeof why, "observed on %s", on);
        if (fa->type == SCOOT__CHOICE)
            put(c, kb, fa->id, fa->options[(int)f->obs_val[i]], explain, why);
        else if (fa->type == SCOOT__YESNO)
            put(c, kb, fa->id, f->obs_val[i] ? "yes" : "no", explain, why);
        else
            putnum(c, kb, fa->id, f->obs_val[i], explain, why);
    }

    if (f->any_ep) {
        snprintf(why, sizeof why, "%d logged in the last 30 days", f->ep30);
        putnum(c, kb, "episodes_last_30_days", f->ep30, explain, why);
        snprintf(why, sizeof why, "%d logged in the last 90 days", f->ep90);
        putnum(c, kb, "episodes_last_90_days", f->ep90, explain, why);
        if (f->ep30) {
            snprintf(why, sizeof why, "episodes on %d separate day%s in the last 30 days",
                     f->ep_days30, f->ep_days30 == 1 ? "" : "s");
            put(c, kb, "discharge_repeated", f->ep_days30 >= 2 ? "yes" : "no", explain, why);
        }
        put(c, kb, "all_episodes_after_fright", f->all_fright ? "yes" : "no", explain,
            f->all_fright ? "every episode of the last 90 days followed a fright"
                         : "not every episode of the last 90 days followed a fright");
        /* blood or pus means an infection, which a later clear leak does not end */
        if (f->bloody_t && now - f->bloody_t <= 7 * DAY)
            put(c, kb, "discharge_bloody", "yes", explain, "a leak in the last 7 days looked bloody");
        if (f->pus_t && now - f->pus_t <= 7 * DAY)
            put(c, kb, "discharge_pus", "yes", explain, "a leak in the last 7 days looked like pus");
        if (now - f->last_ep <= 3 * DAY) {
            put(c, kb, "discharge_seen", "yes", explain, "an episode logged in the last 3 days");
            if (f->last_fright && now - f->last_ep <= DAY)
                put(c, kb, "startled_recently", "yes", explain,
                    "the latest episode followed a fright");
        }
    }
    /* the onset: the first leak of the last 30 days, or scooting or licking seen before it */
    int rear = f->rear_first && (!f->ep30 || f->rear_first < f->first30);
    if (f->ep30 || rear) {
        scoot_time onset = rear ? f->rear_first : f->first30;
        char since[32];
        scoot__iso(onset, since, sizeof since);
        since[10] = '\0';
        snprintf(why, sizeof why, rear ? "scooting or licking first seen in the last 30 days on %s"
                                       : "first episode of the last 30 days on %s", since);
        putnum(c, kb, "days_since_onset", floor((double)(now - onset) / DAY), explain, why);
    }
    /* "not eating" seen again and again, with no meal seen between: for that long at least */
    if (f->noeat_first && f->noeat_last - f->noeat_first >= 3600 && now - f->noeat_last <= 3 * DAY) {
        char a[32], b[32];
        scoot__iso(f->noeat_first, a, sizeof a);
        scoot__iso(f->noeat_last, b, sizeof b);
        snprintf(why, sizeof why, "not eating seen from %s to %s", a, b);
        putnum(c, kb, "anorexia_hours", fmin(720, floor((double)(f->noeat_last - f->noeat_first) / 3600)),
               explain, why);
    }
    if (f->stool_known && now - f->stool_t <= 7 * DAY) {
        putnum(c, kb, "fecal_score", f->stool, explain, "the latest stool record");
        if (now - f->stool_t <= 2 * DAY) {
            put(c, kb, "diarrhea", f->stool >= 6 ? "yes" : "no", explain, "the latest stool record");
            put(c, kb, "soft_stool", f->stool >= 4 && f->stool <= 5 ? "yes" : "no", explain,
                "the latest stool record");
        }
        int days = 0;
        while (days < 15 && f->day_score[days] >= 4)
            days++;
        if (days == 0 && f->day_score[0] == 0) /* nothing logged today: count from yesterday */
            while (days + 1 < 15 && f->day_score[days + 1] >= 4)
                days++;
        snprintf(why, sizeof why, "stool score 4 or more on %d day%s in a row", days,
                 days == 1 ? "" : "s");
        putnum(c, kb, "soft_stool_days", days, explain, why);
    }
    /* a weighing more than 5 % under the profile's weight is a confirmed loss too, even with
     * one weighing only or weighings that agree with each other (so it comes first: the
     * trend below does not overrule it) */
    if (f->n_weights && !isnan(profile_kg) && profile_kg > 0 &&
        (f->w_last - profile_kg) / profile_kg * 100 < -5) {
        char on[32];
        scoot__iso(f->w_last_t, on, sizeof on);
        on[10] = '\0';
        snprintf(why, sizeof why, "%.2f kg weighed on %s, %.2f kg in the profile (%+.1f%%)",
                 f->w_last, on, profile_kg, (f->w_last - profile_kg) / profile_kg * 100);
        put(c, kb, "weight_loss", "yes", explain, why);
    }
    if (f->n_weights >= 2 && f->w_last_t - f->w_first_t >= 7 * DAY && f->w_first > 0) {
        double ch = (f->w_last - f->w_first) / f->w_first * 100;
        snprintf(why, sizeof why, "%.2f kg to %.2f kg in the last 90 days (%+.1f%%)", f->w_first,
                 f->w_last, ch);
        put(c, kb, "weight_gain", ch > 5 ? "yes" : "no", explain, why);
        put(c, kb, "weight_loss", ch < -5 ? "yes" : "no", explain, why);
    }
    /* a weighing of the last 30 days is newer than what the profile was given */
    if (f->w_last_t && now - f->w_last_t <= 30 * DAY)
        putnum(c, kb, "weight_kg", f->w_last, explain, "the latest weight");
    else if (!isnan(profile_kg))
        putnum(c, kb, "weight_kg", profile_kg, explain, "profile");
    if (f->bcs)
        putnum(c, kb, "body_condition_9pt", f->bcs, explain, "the latest body condition score");
    else if (profile_bcs)
        putnum(c, kb, "body_condition_9pt", profile_bcs, explain, "profile");
    if (f->grimace_t && now - f->grimace_t <= DAY)
        putnum(c, kb, "grimace_score", f->grimace, explain, "pain scored in the last 24 hours");
    if (f->abscess)
        put(c, kb, "prior_abscess", "yes", explain, "a vet visit recorded an abscess");
    if (f->anal_treated)
        put(c, kb, "prior_anal_sac_treatment", "yes", explain,
            "a vet visit recorded anal sac treatment");
}

/* The most readings of one pass. */
#define MAX_READINGS 6

/*
 * scoot_journal_derive for n readings at once (rd[i] into c[i]; n <= MAX_READINGS), in one
 * pass over the journal; explain (may be NULL) gets the lines of the first.
 */
static int derive_n(scoot_journal *j, const char *cat, scoot_time now, int n, const reading *rd,
                    scoot_case **c, scoot_buf *explain, scoot_buf *err)
{
    if (n > MAX_READINGS)
        return SCOOT_EINVAL;
    const scoot_kb *kb = j->kb;
    scoot__cat_row row;
    int rc = scoot__j_cat(j, cat, &row, err);
    if (rc)
        return rc;
    /* the profile (the row's strings are used before the next backend call) */
    for (int i = 0; i < n; i++)
        profile_facts(kb, &row, now, c[i], i ? NULL : explain);
    int profile_bcs = row.bcs;
    double profile_kg = row.weight_kg;

    facts f[MAX_READINGS];
    pass p = {n, f, rd, 0};
    memset(f, 0, sizeof f);
    int any = 0;
    for (int i = 0; i < n; i++) {
        f[i].now = now;
        f[i].all_fright = 1;
        f[i].last_ep_day = INT64_MIN;
        f[i].kb = kb;
        f[i].obs_val = scoot_calloc((size_t)kb->n_facts + 1, sizeof *f[i].obs_val);
        f[i].obs_known = scoot_calloc((size_t)kb->n_facts + 1, 1);
        f[i].obs_t = scoot_calloc((size_t)kb->n_facts + 1, sizeof *f[i].obs_t);
        if (!f[i].obs_val || !f[i].obs_known || !f[i].obs_t)
            rc = SCOOT_ENOMEM;
        any |= rd[i].mode != READ_NONE;
    }
    /* the last 90 days of events (which is all that most facts look at), then the vet
     * visits and body condition scores of any age through the (cat, kind, time) index */
    if (!rc && any)
        rc = scoot_journal_scan(j, cat, now - 90 * (scoot_time)DAY, now + SCOOT__MAX_FUTURE + 1,
                                NULL, derive_cb, &p, err);
    p.all_kinds = 1;
    if (!rc && any)
        rc = scoot_journal_scan(j, cat, 0, now + SCOOT__MAX_FUTURE + 1, "vet_visit", derive_cb, &p,
                                err);
    if (!rc && any)
        rc = scoot_journal_scan(j, cat, 0, now + SCOOT__MAX_FUTURE + 1, "bcs", derive_cb, &p, err);
    for (int i = 0; i < n; i++) {
        if (!rc)
            event_facts(kb, &f[i], now, profile_bcs, profile_kg, c[i], i ? NULL : explain);
        scoot_free(f[i].obs_val);
        scoot_free(f[i].obs_known);
        scoot_free(f[i].obs_t);
    }
    return rc;
}

static int derive_impl(scoot_journal *j, const char *cat, scoot_time now, scoot_case *c,
                       scoot_buf *explain, scoot_buf *err)
{
    static const reading all = {READ_ALL, NULL};
    return derive_n(j, cat, now, 1, &all, &c, explain, err);
}

/* ---- concerns: what the journal alone says calls for a vet ---- */

/* Marks in fired (a byte per rule) the rules at vet_soon or urgent that fire on c. */
static int vet_rules(const scoot_kb *kb, const scoot_case *c, scoot_result *r, uint8_t *fired)
{
    int rc = scoot_assess(kb, c, r);
    if (rc)
        return rc;
    memset(fired, 0, (size_t)kb->n_rules + 1);
    for (int i = 0; i < scoot_result_n_fired(r); i++) {
        const char *id = scoot_result_fired_rule(r, i);
        for (int k = 0; k < kb->n_rules; k++)
            if (!strcmp(kb->rules[k].id, id) && kb->rules[k].level >= SCOOT_LEVEL_VET_SOON)
                fired[k] = 1;
    }
    return SCOOT_OK;
}

/* Keeps the id of the latest event the scan gives (it runs oldest first). */
static int last_id_cb(void *ud, const scoot_event *e)
{
    *(int64_t *)ud = e->id;
    return 0;
}

/* Keeps the time of the latest event the scan gives. */
static int last_t_cb(void *ud, const scoot_event *e)
{
    *(scoot_time *)ud = e->t;
    return 0;
}

/* Rule k as a result's reason: {"rule","level","text","sources"}; NULL when out of memory. */
static json_t *reason_json(const scoot_kb *kb, int k)
{
    const scoot__rule *ru = &kb->rules[k];
    json_t *src = json_array();
    for (int i = 0; src && i < ru->src.n; i++)
        if (json_array_append_new(src, json_string(kb->sources[ru->src.idx[i]].id))) {
            json_decref(src);
            src = NULL;
        }
    return src ? json_pack("{s:s, s:s, s:s, s:o}", "rule", ru->id, "level",
                           scoot_level_id((scoot_level)ru->level), "text",
                           ru->reason ? ru->reason : "", "sources", src)
               : NULL;
}

/* The entries of concerns(): the event (after checking that it is the cat's; *relevant is 0
 * for a kind the derivation does not read), or what came after the cat was last looked at. */
static int concern_entries(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                           entries *set, int *relevant, scoot_buf *err)
{
    scoot__cat_row row;
    int rc = scoot__j_cat(j, cat, &row, err);
    if (rc)
        return rc;
    char name[256];
    snprintf(name, sizeof name, "%s", row.name ? row.name : "");
    memset(set, 0, sizeof *set);
    *relevant = 1;
    if (event > 0) {
        scoot_buf ev;
        scoot_buf_init(&ev, 0);
        rc = scoot_journal_event_get(j, event, &ev, err);
        json_error_t je;
        json_t *o = rc ? NULL : json_loads(ev.data, 0, &je);
        scoot_buf_free(&ev);
        if (!rc && !o)
            rc = json_error_code(&je) == json_error_out_of_memory ? SCOOT_ENOMEM : SCOOT_EIO;
        const char *ecat = json_string_value(json_object_get(o, "cat"));
        const char *kind = json_string_value(json_object_get(o, "kind"));
        if (!rc && (!ecat || strcmp(ecat, name))) {
            rc = SCOOT_ENOENT;
            if (err)
                scoot_buf_printf(err, "event %lld is not one of %s's\n", (long long)event, name);
        }
        if (!rc)
            *relevant = kind && derived_kind(kind);
        /* an entry timed before the last vet visit (logged late) brings nothing: the vet has
         * seen the cat since */
        set->after_t = INT64_MIN;
        if (!rc)
            rc = scoot_journal_scan(j, cat, 0, now + 1, "vet_visit", last_t_cb, &set->after_t, err);
        scoot_time et;
        if (!rc && *relevant && set->after_t != INT64_MIN &&
            scoot_time_parse(json_string_value(json_object_get(o, "t")), now, &et, NULL) == SCOOT_OK &&
            et < set->after_t)
            *relevant = 0;
        json_decref(o);
        set->id = event;
        return rc;
    }
    /* the last check (entries logged since: a greater id) and the last vet visit (entries
     * timed after it) */
    set->after_id = 0;
    set->after_t = INT64_MIN;
    scoot_time recent = now - 90 * (scoot_time)DAY;
    rc = scoot_journal_scan(j, cat, recent, now + SCOOT__MAX_FUTURE + 1, "assessment", last_id_cb,
                            &set->after_id, err);
    if (!rc && !set->after_id)
        rc = scoot_journal_scan(j, cat, 0, recent, "assessment", last_id_cb, &set->after_id, err);
    if (!rc)
        rc = scoot_journal_scan(j, cat, 0, now + 1, "vet_visit", last_t_cb, &set->after_t, err);
    return rc;
}

/*
 * Which rules count for each of n (1 or 2) sets of entries of cat (set[i], relevant[i]: whether
 * it holds a kind the derivation reads): into counts[i * nr + k] for rule k (nr: n_rules + 1),
 * and the rules at vet_soon or urgent that fire now into now_f (nr bytes). One pass reads the
 * journal now and the profile alone, and per set the journal without the entries and with only
 * them. A rule counts when it fires now, and fires only with the entries (a second leak) or
 * fires on them by itself (a pain score) where the profile alone does not.
 */
static int concern_bits(scoot_journal *j, const char *cat, scoot_time now, int n,
                        const entries *set, const int *relevant, uint8_t *now_f, uint8_t *counts,
                        scoot_buf *err)
{
    const scoot_kb *kb = j->kb;
    size_t nr = (size_t)kb->n_rules + 1;
    reading rd[MAX_READINGS] = {{READ_ALL, NULL}, {READ_NONE, NULL}};
    int m = 2;
    for (int i = 0; i < n; i++)
        if (relevant[i]) {
            rd[m++] = (reading){READ_WITHOUT, &set[i]};
            rd[m++] = (reading){READ_ONLY, &set[i]};
        }
    scoot_case *c[MAX_READINGS] = {NULL};
    scoot_result *r = NULL;
    uint8_t *fired = scoot_calloc((size_t)m * nr, 1);
    int rc = fired ? SCOOT_OK : SCOOT_ENOMEM;
    for (int i = 0; !rc && i < m; i++)
        rc = scoot_case_new(kb, &c[i]);
    if (!rc)
        rc = scoot_result_new(kb, &r);
    if (!rc)
        rc = derive_n(j, cat, now, m, rd, c, NULL, err);
    for (int i = 0; !rc && i < m; i++)
        rc = vet_rules(kb, c[i], r, fired + (size_t)i * nr);
    if (!rc) {
        memcpy(now_f, fired, nr);
        memset(counts, 0, (size_t)n * nr);
    }
    for (int i = 0, w = 2; !rc && i < n; i++) {
        if (!relevant[i])
            continue;
        const uint8_t *profile = fired + nr, *without = fired + (size_t)w * nr,
                      *only = fired + (size_t)(w + 1) * nr;
        w += 2;
        for (size_t k = 0; k < nr; k++)
            counts[(size_t)i * nr + k] = now_f[k] && (!without[k] || (only[k] && !profile[k]));
    }
    scoot_free(fired);
    scoot_result_free(r);
    for (int i = 0; i < MAX_READINGS; i++)
        scoot_case_free(c[i]);
    return rc;
}

/* The rules at vet_soon or urgent that fired on the journal as it stood at time t, into
 * fired (n_rules + 1 bytes). */
static int bits_as_of(scoot_journal *j, const char *cat, scoot_time t, uint8_t *fired,
                      scoot_buf *err)
{
    const scoot_kb *kb = j->kb;
    static const reading then = {READ_UNTIL_NOW, NULL};
    scoot_case *c = NULL;
    scoot_result *r = NULL;
    int rc = scoot_case_new(kb, &c);
    if (!rc)
        rc = scoot_result_new(kb, &r);
    if (!rc)
        rc = derive_n(j, cat, t, 1, &then, &c, NULL, err);
    if (!rc)
        rc = vet_rules(kb, c, r, fired);
    scoot_result_free(r);
    scoot_case_free(c);
    return rc;
}

/* Appends the rules of bits at the highest level among them, in KB order, as reasons: as with
 * a result's reasons, the lower ones would only blur what to do (a vet today sees to the rest). */
static int list_top(const scoot_kb *kb, const uint8_t *bits, scoot_buf *out)
{
    int top = SCOOT_LEVEL_MONITOR, rc = SCOOT_OK;
    for (int k = 0; k < kb->n_rules; k++)
        if (bits[k] && kb->rules[k].level > top)
            top = kb->rules[k].level;
    json_t *list = json_array();
    if (!list)
        return SCOOT_ENOMEM;
    for (int k = 0; top > SCOOT_LEVEL_MONITOR && !rc && k < kb->n_rules; k++)
        if (bits[k] && kb->rules[k].level == top && json_array_append_new(list, reason_json(kb, k)))
            rc = SCOOT_ENOMEM;
    if (!rc)
        rc = scoot__dump(list, out);
    json_decref(list);
    return rc;
}

static int concerns_impl(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                         scoot_buf *out, scoot_buf *err)
{
    if (event < 0) {
        if (err)
            scoot_buf_printf(err, "no event with id %lld\n", (long long)event);
        return SCOOT_EINVAL;
    }
    size_t nr = (size_t)j->kb->n_rules + 1;
    uint8_t *bits = scoot_calloc(2 * nr, 1);
    if (!bits)
        return SCOOT_ENOMEM;
    entries set;
    int relevant;
    /* (every read of it sees one state of the journal) */
    int rc = j->be->begin_read(j->db);
    if (rc)
        rc = scoot__j_fail(j, rc, "reading the journal", err);
    else {
        rc = concern_entries(j, cat, now, event, &set, &relevant, err);
        if (!rc && relevant)
            rc = concern_bits(j, cat, now, 1, &set, &relevant, bits, bits + nr, err);
        if (!rc)
            rc = list_top(j->kb, bits + nr, out);
        j->be->rollback(j->db);
    }
    scoot_free(bits);
    return rc;
}

static int entry_concerns_impl(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                               scoot_buf *brought, scoot_buf *open, scoot_buf *err)
{
    if (event <= 0) {
        if (err)
            scoot_buf_printf(err, "no event with id %lld\n", (long long)event);
        return SCOOT_EINVAL;
    }
    size_t nr = (size_t)j->kb->n_rules + 1;
    uint8_t *bits = scoot_calloc(4 * nr, 1), *now_f = bits, *counts = bits + nr,
            *seen = bits + 3 * nr;
    if (!bits)
        return SCOOT_ENOMEM;
    entries set[2];
    int relevant[2];
    scoot_buf tmp[2];
    scoot_buf_init(&tmp[0], 0);
    scoot_buf_init(&tmp[1], 0);
    /* (every read of it sees one state of the journal) */
    int rc = j->be->begin_read(j->db);
    if (rc)
        rc = scoot__j_fail(j, rc, "reading the journal", err);
    else {
        /* what is open: all that the journal calls for now, but what it called for when the
         * cat last saw a vet (the vet has seen to that) unless the entries since the visit
         * bring it again. A check closes nothing: it may not have been acted on. */
        rc = concern_entries(j, cat, now, event, &set[0], &relevant[0], err);
        scoot_time visit = set[0].after_t; /* (the entry's set holds the last visit) */
        set[1] = (entries){0, 0, visit};
        relevant[1] = visit != INT64_MIN;
        if (!rc)
            rc = concern_bits(j, cat, now, 2, set, relevant, now_f, counts, err);
        if (!rc && visit != INT64_MIN)
            rc = bits_as_of(j, cat, visit, seen, err);
        for (size_t k = 0; !rc && k < nr; k++)
            counts[nr + k] |= now_f[k] && !seen[k];
        if (!rc)
            rc = list_top(j->kb, counts, &tmp[0]);
        if (!rc)
            rc = list_top(j->kb, counts + nr, &tmp[1]);
        j->be->rollback(j->db);
    }
    /* both or neither: with the room made first, the appends cannot fail */
    if (!rc && !(rc = scoot_buf_reserve(brought, tmp[0].len)) &&
        !(rc = scoot_buf_reserve(open, tmp[1].len))) {
        scoot_buf_add(brought, tmp[0].data, tmp[0].len);
        scoot_buf_add(open, tmp[1].data, tmp[1].len);
    }
    scoot_buf_free(&tmp[0]);
    scoot_buf_free(&tmp[1]);
    scoot_free(bits);
    return rc;
}

int scoot_journal_derive(scoot_journal *j, const char *cat, scoot_time now, scoot_case *c,
                         scoot_buf *explain, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, derive_impl(j, cat, now, c, explain, err));
}

int scoot_journal_concerns(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                           scoot_buf *out, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, concerns_impl(j, cat, now, event, out, err));
}

int scoot_journal_entry_concerns(scoot_journal *j, const char *cat, scoot_time now, int64_t event,
                                 scoot_buf *brought, scoot_buf *open, scoot_buf *err)
{
    SCOOT__GUARDED(j, err, entry_concerns_impl(j, cat, now, event, brought, open, err));
}
