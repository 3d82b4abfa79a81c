/* report.c: the report for the vet: one or two pages made from a cat's journal and its latest
 * check (the cat, the question for the vet, a timeline chart, the leaks, signs, care, medicines,
 * the check's level, reasons and causes, vet visits, the owner's notes and questions worth
 * asking), as a PDF laid out with Pango on cairo, or as a self-contained HTML page with the
 * same chart inline as SVG. The content is gathered once into a list of blocks that both
 * outputs lay out. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo-pdf.h>
#include <jansson.h>

#include "../kb/kb_int.h"
#include "report_int.h"
#include "scoot/alloc.h"
#include "scoot/journal.h"
#include "scoot/render.h"

#define DAY 86400
#define WEEK (7 * DAY)
#define DEFAULT_WEEKS 12

/* How many of each list a report shows (the most recent), and the pages at most. */
enum { MAX_LEAKS = 8, MAX_SIGNS = 8, MAX_CARE = 5, MAX_MEDS = 4, MAX_VISITS = 3, MAX_NOTES = 6,
       MAX_CAUSES = 4, MAX_QUESTIONS = 6, MAX_PAGES = 2 };

/* ---- the document: blocks of plain text that the PDF and the HTML lay out ---- */

typedef enum {
    B_TITLE,    /* c[0] the title, c[1] the line under it */
    B_FACTS,    /* c[0] the cat in one line */
    B_QUESTION, /* c[0] the question; level colours it */
    B_H,        /* c[0] a section heading */
    B_P,        /* c[0] a bold lead (may be ""), c[1] the text */
    B_BULLET,   /* c[0] a bold lead (may be ""), c[1] the text */
    B_THEAD,    /* c[0..n) column heads; cols the widths */
    B_TROW,     /* c[0..n) cells */
    B_MORE,     /* c[0]: "and 4 more" */
    B_CHART
} bkind;

#define MAXC 5

typedef struct {
    bkind kind;
    int n, level;
    const double *cols;
    char *c[MAXC];
} block;

typedef struct {
    block *b;
    int n, cap, rc;
} doc;

static block *add(doc *d, bkind kind, int n, ...)
{
    if (d->rc)
        return NULL;
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 64;
        block *nb = scoot_realloc(d->b, (size_t)cap * sizeof *nb);
        if (!nb) {
            d->rc = SCOOT_ENOMEM;
            return NULL;
        }
        d->b = nb;
        d->cap = cap;
    }
    block *b = &d->b[d->n];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->n = n;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < MAXC; i++) {
        const char *s = va_arg(ap, const char *);
        b->c[i] = scoot_strdup(s ? s : "");
        if (!b->c[i])
            d->rc = SCOOT_ENOMEM;
    }
    va_end(ap);
    if (d->rc) {
        for (int i = 0; i < MAXC; i++)
            scoot_free(b->c[i]);
        return NULL;
    }
    d->n++;
    return b;
}

static void doc_free(doc *d)
{
    for (int i = 0; i < d->n; i++)
        for (int k = 0; k < MAXC; k++)
            scoot_free(d->b[i].c[k]);
    scoot_free(d->b);
}

/* ---- what the journal holds for the report ---- */

typedef struct {
    scoot_time t;
    char amount[16], look[64], context[16], where[96];
} leak;

typedef struct {
    char id[64];
    scoot_time first, last;
    int n;
} sign;

typedef struct {
    char id[64];
    int n, minutes, well, fair, poorly, refused;
    scoot_time last;
} care_done;

typedef struct {
    int64_t id;
    scoot_time t;
    char name[96], dose[64];
    int per_day, days, given, missed;
    scoot_time start;
} med;

typedef struct {
    scoot_time t;
    char clinic[96], found[200], diagnosis[200], treatment[200], recheck[16];
} visit;

typedef struct {
    scoot_time t;
    char kind[24];
    char *text;
} note;

typedef struct {
    const scoot_kb *kb;
    scoot_time since, now;
    leak *leaks;
    sign *signs;
    care_done *cares;
    med *meds;
    visit *visits;
    note *notes;
    int n_leaks, n_signs, n_cares, n_meds, n_visits, n_notes, n_entries, rc;
    int cap_leaks, cap_signs, cap_cares, cap_meds, cap_visits, cap_notes;
    scoot__chart ch;
    int cap_stool, cap_weight, cap_pain, cap_vis, cap_span;
} gather;

/* Makes room for one more in *arr (n used, *cap allocated, size each); 0 or SCOOT_ENOMEM. */
static int grow(void **arr, int n, int *cap, size_t size)
{
    if (n < *cap)
        return 0;
    int nc = *cap ? *cap * 2 : 16;
    void *p = scoot_realloc(*arr, (size_t)nc * size);
    if (!p)
        return SCOOT_ENOMEM;
    *arr = p;
    *cap = nc;
    return 0;
}
#define GROW(g, arr, n, cap) (!(g)->rc && !((g)->rc = grow((void **)&(arr), (n), &(cap), sizeof *(arr))))

static void copy(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void add_point(gather *g, scoot__point **arr, int *n, int *cap, scoot_time t, double v)
{
    if (GROW(g, *arr, *n, *cap)) {
        (*arr)[*n].t = t;
        (*arr)[*n].v = v;
        (*n)++;
    }
}

static int on_event(void *ud, const scoot_event *e)
{
    gather *g = ud;
    json_t *d = json_loads(e->data ? e->data : "{}", 0, NULL);
    if (!d)
        return 0; /* (the journal's own JSON: a damaged row is for scoot check to name) */
    const char *k = e->kind;
    g->n_entries++;
    if (!strcmp(k, "episode")) {
        if (GROW(g, g->leaks, g->n_leaks, g->cap_leaks)) {
            leak *l = &g->leaks[g->n_leaks++];
            memset(l, 0, sizeof *l);
            l->t = e->t;
            copy(l->amount, sizeof l->amount, jstr(d, "amount"));
            copy(l->context, sizeof l->context, jstr(d, "context"));
            copy(l->where, sizeof l->where, jstr(d, "where"));
            json_t *lk = json_object_get(d, "look");
            size_t i;
            json_t *v;
            json_array_foreach(lk, i, v)
            {
                size_t at = strlen(l->look);
                snprintf(l->look + at, sizeof l->look - at, "%s%s", i ? ", " : "", json_string_value(v));
            }
        }
        int w = (int)((e->t - g->ch.from) / WEEK);
        if (w >= 0 && w < g->ch.n_weeks)
            g->ch.leaks[w]++;
    } else if (!strcmp(k, "observation")) {
        const char *f = jstr(d, "finding");
        json_t *v = json_object_get(d, "value");
        int yes = !v || json_is_true(v) || (json_is_number(v) && json_number_value(v) > 0);
        if (f && yes) {
            int i;
            for (i = 0; i < g->n_signs && strcmp(g->signs[i].id, f); i++)
                ;
            if (i == g->n_signs && GROW(g, g->signs, g->n_signs, g->cap_signs)) {
                memset(&g->signs[i], 0, sizeof g->signs[i]);
                copy(g->signs[i].id, sizeof g->signs[i].id, f);
                g->signs[i].first = e->t;
                g->n_signs++;
            }
            if (i < g->n_signs) {
                g->signs[i].last = e->t;
                g->signs[i].n++;
            }
        }
    } else if (!strcmp(k, "stool")) {
        double s = json_number_value(json_object_get(d, "score"));
        const char *chart = jstr(d, "chart");
        if (chart && !strcmp(chart, "royal_canin"))
            s = 1 + (5 - s) * 1.5; /* (Royal Canin 1 liquid .. 5 hard onto Purina 1 hard .. 7 watery) */
        add_point(g, &g->ch.stool, &g->ch.n_stool, &g->cap_stool, e->t, s);
    } else if (!strcmp(k, "weight")) {
        add_point(g, &g->ch.weight, &g->ch.n_weight, &g->cap_weight, e->t,
                  json_number_value(json_object_get(d, "kg")));
    } else if (!strcmp(k, "pain")) {
        json_t *s = json_object_get(d, "score");
        if (json_is_number(s))
            add_point(g, &g->ch.pain, &g->ch.n_pain, &g->cap_pain, e->t, json_number_value(s));
    } else if (!strcmp(k, "care")) {
        const char *c = jstr(d, "care");
        int i;
        for (i = 0; c && i < g->n_cares && strcmp(g->cares[i].id, c); i++)
            ;
        if (c && i == g->n_cares && GROW(g, g->cares, g->n_cares, g->cap_cares)) {
            memset(&g->cares[i], 0, sizeof g->cares[i]);
            copy(g->cares[i].id, sizeof g->cares[i].id, c);
            g->n_cares++;
        }
        if (c && i < g->n_cares) {
            care_done *cd = &g->cares[i];
            cd->n++;
            cd->last = e->t;
            cd->minutes += (int)json_integer_value(json_object_get(d, "minutes"));
            const char *tol = jstr(d, "tolerated");
            if (tol) {
                cd->well += !strcmp(tol, "well");
                cd->fair += !strcmp(tol, "fair");
                cd->poorly += !strcmp(tol, "poorly");
                cd->refused += !strcmp(tol, "refused");
            }
        }
    } else if (!strcmp(k, "medicine")) {
        if (GROW(g, g->meds, g->n_meds, g->cap_meds)) {
            med *m = &g->meds[g->n_meds++];
            memset(m, 0, sizeof *m);
            m->id = e->id;
            m->t = e->t;
            copy(m->name, sizeof m->name, jstr(d, "name"));
            copy(m->dose, sizeof m->dose, jstr(d, "dose"));
            m->per_day = (int)json_integer_value(json_object_get(d, "times_per_day"));
            m->days = (int)json_integer_value(json_object_get(d, "days"));
            m->start = e->t;
            const char *st = jstr(d, "start");
            int y, mo, dd;
            if (st && !scoot_date_parse(st, &y, &mo, &dd, NULL))
                m->start = scoot_time_local_date(y, mo, dd, 0);
            if (GROW(g, g->ch.meds, g->ch.n_meds, g->cap_span)) {
                g->ch.meds[g->ch.n_meds].a = m->start;
                g->ch.meds[g->ch.n_meds].b = m->start + (scoot_time)(m->days > 0 ? m->days : 1) * DAY;
                g->ch.n_meds++;
            }
        }
    } else if (!strcmp(k, "dose")) {
        int64_t course = json_integer_value(json_object_get(d, "course"));
        json_t *gv = json_object_get(d, "given");
        for (int i = 0; i < g->n_meds; i++)
            if (g->meds[i].id == course) {
                if (gv && json_is_false(gv))
                    g->meds[i].missed++;
                else
                    g->meds[i].given++;
            }
    } else if (!strcmp(k, "vet_visit")) {
        if (GROW(g, g->visits, g->n_visits, g->cap_visits)) {
            visit *v = &g->visits[g->n_visits++];
            memset(v, 0, sizeof *v);
            v->t = e->t;
            copy(v->clinic, sizeof v->clinic, jstr(d, "clinic"));
            copy(v->found, sizeof v->found, jstr(d, "found"));
            copy(v->diagnosis, sizeof v->diagnosis, jstr(d, "diagnosis"));
            copy(v->treatment, sizeof v->treatment, jstr(d, "treatment"));
            copy(v->recheck, sizeof v->recheck, jstr(d, "recheck"));
        }
        if (GROW(g, g->ch.visits, g->ch.n_visits, g->cap_vis))
            g->ch.visits[g->ch.n_visits++] = e->t;
    }
    if (e->note && *e->note && GROW(g, g->notes, g->n_notes, g->cap_notes)) {
        note *n = &g->notes[g->n_notes];
        n->t = e->t;
        copy(n->kind, sizeof n->kind, k);
        n->text = scoot_strdup(e->note);
        if (n->text)
            g->n_notes++;
        else
            g->rc = SCOOT_ENOMEM;
    }
    json_decref(d);
    return g->rc;
}

static void gather_free(gather *g)
{
    for (int i = 0; i < g->n_notes; i++)
        scoot_free(g->notes[i].text);
    scoot_free(g->leaks);
    scoot_free(g->signs);
    scoot_free(g->cares);
    scoot_free(g->meds);
    scoot_free(g->visits);
    scoot_free(g->notes);
    scoot_free(g->ch.leaks);
    scoot_free(g->ch.stool);
    scoot_free(g->ch.weight);
    scoot_free(g->ch.pain);
    scoot_free(g->ch.visits);
    scoot_free(g->ch.meds);
}

static int on_assessment(void *ud, const scoot_event *e)
{
    json_t **out = ud;
    json_decref(*out);
    *out = json_loads(e->data ? e->data : "{}", 0, NULL);
    if (*out)
        json_object_set_new(*out, "t", json_integer(e->t));
    return 0;
}

/* ---- words ---- */

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "17 Nov" in now's year, else "17 Nov 2025" (local days). */
static const char *day_words(scoot_time t, scoot_time now, char *b, size_t n)
{
    char d[32], dn[32];
    scoot_time_format_local(t, d, sizeof d);
    scoot_time_format_local(now, dn, sizeof dn);
    int mo = (int)strtol(d + 5, NULL, 10), dd = (int)strtol(d + 8, NULL, 10);
    if (mo < 1 || mo > 12)
        mo = 1;
    if (!strncmp(d, dn, 4))
        snprintf(b, n, "%d %s", dd, MONTHS[mo - 1]);
    else
        snprintf(b, n, "%d %s %.4s", dd, MONTHS[mo - 1], d);
    return b;
}

static const char *full_day(scoot_time t, char *b, size_t n)
{
    char d[32];
    scoot_time_format_local(t, d, sizeof d);
    int mo = (int)strtol(d + 5, NULL, 10), dd = (int)strtol(d + 8, NULL, 10);
    if (mo < 1 || mo > 12)
        mo = 1;
    snprintf(b, n, "%d %s %.4s", dd, MONTHS[mo - 1], d);
    return b;
}

/* A YYYY-MM-DD date as "27 Nov 2026". */
static const char *date_words(const char *ymd, char *b, size_t n)
{
    int y, m, d;
    if (!ymd || scoot_date_parse(ymd, &y, &m, &d, NULL))
        snprintf(b, n, "%s", ymd ? ymd : "");
    else
        snprintf(b, n, "%d %s %d", d, MONTHS[m - 1], y);
    return b;
}

/* What a sign is called: its checklist item's words, else its question. */
static const char *sign_words(const scoot_kb *kb, const char *id)
{
    int f = scoot_kb_fact_find(kb, id);
    if (f < 0)
        return id;
    int c = scoot_kb_fact_checklist(kb, f);
    int n = 0;
    if (c >= 0 && scoot_kb_checklist(kb, c, NULL, &n))
        for (int k = 0; k < n; k++) {
            const char *t = NULL;
            if (scoot_kb_checklist_item(kb, c, k, &t) == f && t)
                return t;
        }
    scoot_fact_info fi;
    if (!scoot_kb_fact(kb, f, &fi) && fi.ask)
        return fi.ask;
    return id;
}

static const scoot__care *kb_care(const scoot_kb *kb, const char *id)
{
    for (int i = 0; i < kb->n_cares; i++)
        if (!strcmp(kb->cares[i].id, id))
            return &kb->cares[i];
    return NULL;
}

static const scoot__cause *kb_cause(const scoot_kb *kb, const char *id)
{
    for (int i = 0; id && i < kb->n_causes; i++)
        if (!strcmp(kb->causes[i].id, id))
            return &kb->causes[i];
    return NULL;
}

static const char *amount_words(const char *a)
{
    return !strcmp(a, "spot") ? "a spot" : !strcmp(a, "smear") ? "a smear"
                                       : !strcmp(a, "puddle") ? "a puddle"
                                                              : "not noted";
}

static const char *context_words(const char *c)
{
    return !strcmp(c, "fright") ? "after a fright" : !strcmp(c, "rest") ? "at rest"
                                                 : !strcmp(c, "after_stool") ? "after passing stool"
                                                 : !strcmp(c, "other") ? "other"
                                                                       : "";
}

static const char *kind_words(const char *k)
{
    static const struct {
        const char *k, *w;
    } t[] = {{"episode", "leak"},     {"observation", "sign"}, {"stool", "stool"},
             {"weight", "weight"},    {"bcs", "body condition"}, {"pain", "pain score"},
             {"care", "care"},        {"medicine", "medicine"}, {"dose", "dose"},
             {"vet_visit", "vet visit"}, {"assessment", "check"}};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(t); i++)
        if (!strcmp(t[i].k, k))
            return t[i].w;
    return k;
}

/* The first letter lowered ("Blocked (impacted) anal glands": "blocked (impacted) ..."), for
 * a name inside a sentence. */
static void lower_first(char *s)
{
    if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = (char)(s[0] - 'A' + 'a');
}

static const double COLS_LEAKS[] = {0.14, 0.13, 0.17, 0.22, 0.34};
static const double COLS_SIGNS[] = {0.52, 0.16, 0.16, 0.16};
static const double COLS_CARE[] = {0.26, 0.22, 0.19, 0.33};
static const double COLS_MEDS[] = {0.30, 0.28, 0.21, 0.21};
static const double COLS_VISITS[] = {0.14, 0.20, 0.46, 0.20};

static void more(doc *d, int n, const char *what)
{
    if (n > 0) {
        char b[96];
        snprintf(b, sizeof b, "and %d more %s, not shown (the journal holds them all)", n, what);
        add(d, B_MORE, 1, b);
    }
}

/* ---- the content ---- */

static void build(doc *d, gather *g, json_t *sum, json_t *as, const char *catname)
{
    const scoot_kb *kb = g->kb;
    scoot_time now = g->now;
    char b[1024], t1[32], t2[32];
    json_t *cat = json_object_get(sum, "cat");
    const char *name = jstr(cat, "name") ? jstr(cat, "name") : catname;
    const char *sex = jstr(cat, "sex");
    const char *she = sex && !strcmp(sex, "female") ? "she" : sex && !strcmp(sex, "male") ? "he" : "it";
    int weeks = (int)((now - g->since + DAY / 2) / WEEK);
    if (weeks < 1)
        weeks = 1;

    /* title */
    snprintf(b, sizeof b, "%s: anal sac report for the vet", name);
    snprintf(t1, sizeof t1, "%s", full_day(g->since, t2, sizeof t2));
    char sub[256];
    snprintf(sub, sizeof sub, "From the owner's journal kept in scoot, %s to %s (%d week%s)", t1,
             full_day(now, t2, sizeof t2), weeks, weeks == 1 ? "" : "s");
    add(d, B_TITLE, 2, b, sub);

    /* the cat */
    scoot_buf f;
    scoot_buf_init(&f, 0);
    int rc = 0;
    if (sex)
        rc |= scoot_buf_printf(&f, "%s", !strcmp(sex, "female") ? "Female" : "Male");
    json_t *neu = json_object_get(cat, "neutered");
    if (neu)
        rc |= scoot_buf_printf(&f, "%s%s", f.len ? ", " : "",
                               json_is_true(neu) ? (sex && !strcmp(sex, "female") ? "spayed" : "neutered")
                                                 : "not neutered");
    json_t *age = json_object_get(cat, "age_years");
    if (json_is_number(age)) {
        double a = json_number_value(age);
        const char *bd = jstr(cat, "birth_date");
        rc |= scoot_buf_printf(&f, "%s%.*f years", f.len ? " · " : "", a < 2 ? 1 : 0, a < 2 ? a : floor(a));
        if (bd)
            rc |= scoot_buf_printf(&f, " (born %s)", date_words(bd, t1, sizeof t1));
    }
    const char *breed = jstr(cat, "breed"), *coat = jstr(cat, "coat");
    if (breed || coat)
        rc |= scoot_buf_printf(&f, "%s%s%s%s%s", f.len ? " · " : "", breed ? breed : "",
                               breed && coat ? ", " : "", coat ? coat : "", coat ? " coat" : "");
    json_t *wt = json_object_get(sum, "weight");
    json_t *kg = json_object_get(wt, "latest_kg");
    if (!json_is_number(kg))
        kg = json_object_get(cat, "weight_kg");
    if (json_is_number(kg)) {
        rc |= scoot_buf_printf(&f, "%s%.2f kg", f.len ? " · " : "", json_number_value(kg));
        json_t *ch = json_object_get(wt, "change_90_days_percent");
        if (json_is_number(ch) && fabs(json_number_value(ch)) >= 0.05)
            rc |= scoot_buf_printf(&f, " (%+.0f %% in 90 days)", json_number_value(ch));
    }
    json_t *bcs = json_object_get(cat, "body_condition_9pt");
    if (json_is_integer(bcs))
        rc |= scoot_buf_printf(&f, "%sbody condition %lld/9", f.len ? " · " : "",
                               (long long)json_integer_value(bcs));
    if (!f.len)
        rc |= scoot_buf_adds(&f, "No profile details given (age, sex, weight) yet");
    if (rc)
        d->rc = SCOOT_ENOMEM;
    else
        add(d, B_FACTS, 1, scoot_buf_str(&f));
    scoot_buf_free(&f);

    /* the question, in one sentence: from the check's level and leading cause */
    json_t *res = json_object_get(as, "result");
    json_t *tri = json_object_get(res, "triage");
    const char *level = jstr(tri, "level");
    json_t *causes = json_object_get(res, "causes");
    json_t *top = json_array_get(causes, 0);
    char what[160];
    if (g->n_leaks)
        snprintf(what, sizeof what, "%s's %d leak%s in %d week%s", name, g->n_leaks,
                 g->n_leaks == 1 ? "" : "s", weeks, weeks == 1 ? "" : "s");
    else if (g->n_signs)
        snprintf(what, sizeof what, "%s's signs", name);
    else
        snprintf(what, sizeof what, "%s's trouble", name);
    int lvl = level ? (!strcmp(level, "urgent") ? 2 : !strcmp(level, "vet_soon") ? 1 : 0) : -1;
    if (top && jstr(top, "name")) {
        char cn[160];
        copy(cn, sizeof cn, jstr(top, "name"));
        lower_first(cn);
        json_int_t at = json_integer_value(json_object_get(as, "t"));
        snprintf(b, sizeof b, "Could %s be behind %s, as scoot's check of %s suggests (%.0f %% likely), %s",
                 cn, what, day_words(at, now, t1, sizeof t1),
                 100 * json_number_value(json_object_get(top, "score")),
                 lvl == 2 ? "and what does the cat need today?"
                 : lvl == 1 ? "and what should be done about it?"
                            : "or is watching at home enough?");
    } else if (g->n_entries) {
        snprintf(b, sizeof b, "What is behind %s, and what should be done about it?", what);
    } else {
        snprintf(b, sizeof b,
                 "Nothing is logged for %s yet: what should the owner watch for and note?", name);
    }
    block *q = add(d, B_QUESTION, 1, b);
    if (q)
        q->level = lvl;

    /* the latest check: level, why, causes with their evidence */
    add(d, B_H, 1, "The latest check");
    if (!as) {
        add(d, B_P, 2, "", "No check has been made in scoot for this cat.");
    } else {
        json_int_t at = json_integer_value(json_object_get(as, "t"));
        snprintf(b, sizeof b, "%s: ", full_day(at, t1, sizeof t1));
        block *lb = add(d, B_P, 2, b, jstr(tri, "label") ? jstr(tri, "label") : level);
        if (lb)
            lb->level = lvl;
        json_t *reasons = json_object_get(tri, "reasons");
        size_t i;
        json_t *r;
        json_array_foreach(reasons, i, r)
        {
            if (i >= 3)
                break;
            add(d, B_BULLET, 2, "", jstr(r, "text"));
        }
        int shown = 0;
        json_array_foreach(causes, i, r)
        {
            double sc = json_number_value(json_object_get(r, "score"));
            if (sc <= 0.05 || shown >= MAX_CAUSES)
                continue;
            shown++;
            scoot_buf e;
            scoot_buf_init(&e, 0);
            int erc = 0;
            size_t k;
            json_t *ev;
            json_array_foreach(json_object_get(r, "for"), k, ev)
            {
                if (k < 4)
                    erc |= scoot_buf_printf(&e, "%s%s", k ? "; " : "For: ", jstr(ev, "text"));
            }
            json_array_foreach(json_object_get(r, "against"), k, ev)
            {
                if (k < 3)
                    erc |= scoot_buf_printf(&e, "%s%s", k ? "; " : (e.len ? ". Against: " : "Against: "),
                                            jstr(ev, "text"));
            }
            if (e.len)
                erc |= scoot_buf_addc(&e, '.');
            snprintf(b, sizeof b, "%s, %.0f %%. ", jstr(r, "name"), 100 * sc);
            if (erc)
                d->rc = SCOOT_ENOMEM;
            else
                add(d, B_BULLET, 2, b, scoot_buf_str(&e));
            scoot_buf_free(&e);
        }
        if (!shown)
            add(d, B_P, 2, "", "No cause stood out above 5 %.");
    }

    /* the chart */
    add(d, B_H, 1, "Timeline");
    add(d, B_CHART, 0);

    /* the leaks, most recent first */
    add(d, B_H, 1, "Leaks");
    if (!g->n_leaks) {
        add(d, B_P, 2, "", "No leak logged in these weeks.");
    } else {
        int fright = 0;
        for (int i = 0; i < g->n_leaks; i++)
            fright += !strcmp(g->leaks[i].context, "fright");
        snprintf(b, sizeof b, "%d leak%s, %d of them just after a fright; the first on %s, the last on %s.",
                 g->n_leaks, g->n_leaks == 1 ? "" : "s", fright, day_words(g->leaks[0].t, now, t1, sizeof t1),
                 day_words(g->leaks[g->n_leaks - 1].t, now, t2, sizeof t2));
        add(d, B_P, 2, "", b);
        block *h = add(d, B_THEAD, 5, "When", "How much", "Looked", "After a fright?", "Where");
        if (h)
            h->cols = COLS_LEAKS;
        for (int i = g->n_leaks - 1, k = 0; i >= 0 && k < MAX_LEAKS; i--, k++) {
            leak *l = &g->leaks[i];
            char when[48];
            day_words(l->t, now, when, sizeof when);
            const char *ctx = context_words(l->context);
            block *r = add(d, B_TROW, 5, when, amount_words(l->amount), *l->look ? l->look : "not noted",
                           !strcmp(l->context, "fright") ? "yes" : *ctx ? ctx : "not noted",
                           *l->where ? l->where : "");
            if (r)
                r->cols = COLS_LEAKS;
        }
        more(d, g->n_leaks - MAX_LEAKS, "leaks");
    }

    /* signs and how long they have lasted */
    add(d, B_H, 1, "Signs noted");
    if (!g->n_signs) {
        add(d, B_P, 2, "", "No other sign logged in these weeks.");
    } else {
        block *h = add(d, B_THEAD, 4, "Sign", "First", "Last", "Lasted");
        if (h)
            h->cols = COLS_SIGNS;
        for (int i = 0; i < g->n_signs && i < MAX_SIGNS; i++) {
            sign *s = &g->signs[i];
            char last[32], lasted[48];
            int days = (int)((s->last - s->first + DAY / 2) / DAY) + 1;
            snprintf(lasted, sizeof lasted, "%d day%s, noted %d time%s", days, days == 1 ? "" : "s", s->n,
                     s->n == 1 ? "" : "s");
            block *r = add(d, B_TROW, 4, sign_words(kb, s->id), day_words(s->first, now, t1, sizeof t1),
                           day_words(s->last, now, last, sizeof last), lasted);
            if (r)
                r->cols = COLS_SIGNS;
        }
        more(d, g->n_signs - MAX_SIGNS, "signs");
    }

    /* medicines given and missed */
    add(d, B_H, 1, "Medicines");
    if (!g->n_meds) {
        add(d, B_P, 2, "", "No medicine logged in these weeks.");
    } else {
        block *h = add(d, B_THEAD, 4, "Medicine", "Course", "Given", "Missed");
        if (h)
            h->cols = COLS_MEDS;
        for (int i = g->n_meds - 1, k = 0; i >= 0 && k < MAX_MEDS; i--, k++) {
            med *m = &g->meds[i];
            char nm[192], course[96], given[48], missed[64];
            snprintf(nm, sizeof nm, "%s%s%s", m->name, *m->dose ? ", " : "", m->dose);
            snprintf(course, sizeof course, "%d a day for %d day%s from %s", m->per_day, m->days,
                     m->days == 1 ? "" : "s", day_words(m->start, now, t1, sizeof t1));
            /* the doses due by now */
            long due_days = m->days;
            if (m->start + (scoot_time)m->days * DAY > now)
                due_days = (long)((now - m->start) / DAY) + 1;
            if (due_days < 0)
                due_days = 0;
            long due = due_days * m->per_day, unlogged = due - m->given - m->missed;
            if (unlogged < 0)
                unlogged = 0;
            snprintf(given, sizeof given, "%d of %ld due", m->given, due);
            if (m->missed || unlogged)
                snprintf(missed, sizeof missed, "%d missed%s%ld not logged", m->missed, unlogged ? ", " : "",
                         unlogged);
            else
                snprintf(missed, sizeof missed, "none");
            if (!unlogged)
                snprintf(missed, sizeof missed, "%d", m->missed);
            else if (!m->missed)
                snprintf(missed, sizeof missed, "%ld not logged", unlogged);
            block *r = add(d, B_TROW, 4, nm, course, given, missed);
            if (r)
                r->cols = COLS_MEDS;
        }
        more(d, g->n_meds - MAX_MEDS, "medicines");
    }

    /* care done and how well it was kept up */
    add(d, B_H, 1, "Care at home");
    json_t *due = json_object_get(sum, "care_due");
    size_t n_due_care = 0, dk;
    json_t *dit;
    json_array_foreach(due, dk, dit)
    {
        const char *kind = jstr(dit, "kind");
        n_due_care += kind && !strcmp(kind, "care");
    }
    if (!g->n_cares && !n_due_care) { /* (medicines and rechecks have sections of their own) */
        add(d, B_P, 2, "", "No home care logged in these weeks.");
    } else {
        block *h = add(d, B_THEAD, 4, "Care", "Done", "Tolerated", "Plan kept up");
        if (h)
            h->cols = COLS_CARE;
        int shown = 0;
        for (int i = 0; i < g->n_cares && shown < MAX_CARE; i++, shown++) {
            care_done *c = &g->cares[i];
            const scoot__care *kc = kb_care(kb, c->id);
            char done[64], tol[96] = "", kept[96] = "not in the current plan";
            snprintf(done, sizeof done, "%d time%s, last %s", c->n, c->n == 1 ? "" : "s",
                     day_words(c->last, now, t1, sizeof t1));
            const char *words[] = {"well", "fair", "poorly", "refused"};
            int counts[] = {c->well, c->fair, c->poorly, c->refused};
            for (int k = 0; k < 4; k++)
                if (counts[k]) {
                    size_t at = strlen(tol);
                    snprintf(tol + at, sizeof tol - at, "%s%s %d", at ? ", " : "", words[k], counts[k]);
                }
            size_t k;
            json_t *it;
            json_array_foreach(due, k, it)
            {
                const char *item = jstr(it, "item");
                if (item && !strcmp(item, c->id))
                    snprintf(kept, sizeof kept, "%.0f %% (%lld a day, day %lld of %lld)",
                             100 * json_number_value(json_object_get(it, "adherence")),
                             (long long)json_integer_value(json_object_get(it, "planned_today")),
                             (long long)json_integer_value(json_object_get(it, "day")),
                             (long long)json_integer_value(json_object_get(it, "days")));
            }
            block *r = add(d, B_TROW, 4, kc ? kc->title : c->id, done, *tol ? tol : "not noted", kept);
            if (r)
                r->cols = COLS_CARE;
        }
        /* items of the plan never done */
        size_t k;
        json_t *it;
        json_array_foreach(due, k, it)
        {
            const char *item = jstr(it, "item"), *kind = jstr(it, "kind");
            if (!item || !kind || strcmp(kind, "care") || shown >= MAX_CARE)
                continue;
            int i;
            for (i = 0; i < g->n_cares && strcmp(g->cares[i].id, item); i++)
                ;
            if (i < g->n_cares)
                continue;
            char kept[96];
            snprintf(kept, sizeof kept, "%.0f %% (%lld a day, day %lld of %lld)",
                     100 * json_number_value(json_object_get(it, "adherence")),
                     (long long)json_integer_value(json_object_get(it, "planned_today")),
                     (long long)json_integer_value(json_object_get(it, "day")),
                     (long long)json_integer_value(json_object_get(it, "days")));
            block *r = add(d, B_TROW, 4, jstr(it, "title"), "not done", "", kept);
            if (r)
                r->cols = COLS_CARE;
            shown++;
        }
        more(d, g->n_cares - MAX_CARE, "care items");
    }

    /* vet visits */
    add(d, B_H, 1, "Vet visits");
    if (!g->n_visits) {
        json_t *lv = json_object_get(sum, "last_vet_visit");
        if (lv && jstr(lv, "t")) {
            snprintf(b, sizeof b, "None in these weeks; the last was on %.10s%s%s.", jstr(lv, "t"),
                     jstr(lv, "clinic") ? " at " : "", jstr(lv, "clinic") ? jstr(lv, "clinic") : "");
            add(d, B_P, 2, "", b);
        } else {
            add(d, B_P, 2, "", "No vet visit logged.");
        }
    } else {
        block *h = add(d, B_THEAD, 4, "When", "Clinic", "Found, diagnosis, treatment", "Recheck");
        if (h)
            h->cols = COLS_VISITS;
        for (int i = g->n_visits - 1, k = 0; i >= 0 && k < MAX_VISITS; i--, k++) {
            visit *v = &g->visits[i];
            char fdt[640];
            snprintf(fdt, sizeof fdt, "%s%s%s%s%s", v->found, *v->found && *v->diagnosis ? "; " : "",
                     v->diagnosis, (*v->found || *v->diagnosis) && *v->treatment ? "; " : "", v->treatment);
            block *r = add(d, B_TROW, 4, day_words(v->t, now, t1, sizeof t1), v->clinic, fdt,
                           *v->recheck ? date_words(v->recheck, t2, sizeof t2) : "none booked");
            if (r)
                r->cols = COLS_VISITS;
        }
        more(d, g->n_visits - MAX_VISITS, "visits");
    }

    /* the owner's notes, most recent first */
    add(d, B_H, 1, "The owner's notes");
    if (!g->n_notes)
        add(d, B_P, 2, "", "No notes written in these weeks.");
    for (int i = g->n_notes - 1, k = 0; i >= 0 && k < MAX_NOTES; i--, k++) {
        snprintf(b, sizeof b, "%s (%s): ", day_words(g->notes[i].t, now, t1, sizeof t1),
                 kind_words(g->notes[i].kind));
        add(d, B_BULLET, 2, b, g->notes[i].text);
    }
    more(d, g->n_notes - MAX_NOTES, "notes");

    /* questions worth asking: the KB's for the leading causes */
    add(d, B_H, 1, "Questions worth asking");
    int nq = 0;
    size_t i;
    json_t *r;
    json_array_foreach(causes, i, r)
    {
        if (json_number_value(json_object_get(r, "score")) <= 0.05)
            continue;
        const scoot__cause *c = kb_cause(kb, jstr(r, "id"));
        for (int k = 0; c && k < c->n_ask_vet && nq < MAX_QUESTIONS; k++, nq++)
            add(d, B_BULLET, 2, "", c->ask_vet[k]);
    }
    if (!nq)
        add(d, B_P, 2, "", as ? "The knowledge base holds no questions for these causes."
                              : "None yet: a check in scoot names the likely causes and the "
                                "questions that go with them.");
    (void)she;
}

/* ---- PDF: the blocks laid out with Pango on pages of cairo ---- */

typedef struct {
    double r, g, b;
} rgb;

static const rgb INK = {0.11, 0.12, 0.14}, MUTED = {0.40, 0.42, 0.46}, RULE = {0.80, 0.82, 0.85},
                 ACCENT = {0.12, 0.30, 0.48}, SHADE = {0.95, 0.96, 0.97};
static const rgb LEVEL_COLORS[] = {{0.18, 0.52, 0.35}, {0.80, 0.47, 0.05}, {0.75, 0.15, 0.15}};

typedef struct {
    cairo_t *cr;
    PangoContext *ctx;
    double pw, ph, m, cw, y, bottom;
    int page, pages, draw, stop_at, stopped;
    const char *name, *made;
    const scoot__chart *chart;
} pdf;

static PangoLayout *lay(pdf *p, const char *s, double size, int bold, double width)
{
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_from_string(SCOOT__REPORT_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, s, -1);
    return l;
}

/* A lead in bold and text after it, as one paragraph (attributes, not markup: no escaping). */
static PangoLayout *lay_lead(pdf *p, const char *lead, const char *s, double size, double width,
                             double indent)
{
    size_t nl = strlen(lead), ns = strlen(s);
    char *all = scoot_malloc(nl + ns + 1);
    if (!all)
        return NULL;
    memcpy(all, lead, nl);
    memcpy(all + nl, s, ns + 1);
    PangoLayout *l = lay(p, all, size, 0, width);
    scoot_free(all);
    if (nl) {
        PangoAttrList *al = pango_attr_list_new();
        PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        a->start_index = 0;
        a->end_index = (guint)nl;
        pango_attr_list_insert(al, a);
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    (void)indent;
    return l;
}

static double height(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void set(pdf *p, rgb c)
{
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
}

static void show(pdf *p, PangoLayout *l, double x, double y, rgb c)
{
    if (!p->draw)
        return;
    set(p, c);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

static void footer(pdf *p)
{
    if (!p->draw)
        return;
    char b[256];
    snprintf(b, sizeof b, "%s · made by scoot from the owner's journal on %s · not a diagnosis · page %d of %d",
             p->name, p->made, p->page, p->pages);
    PangoLayout *l = lay(p, b, 7, 0, p->cw);
    cairo_set_line_width(p->cr, 0.5);
    set(p, RULE);
    cairo_move_to(p->cr, p->m, p->ph - p->m + 6);
    cairo_line_to(p->cr, p->m + p->cw, p->ph - p->m + 6);
    cairo_stroke(p->cr);
    show(p, l, p->m, p->ph - p->m + 9, MUTED);
    g_object_unref(l);
}

static void new_page(pdf *p)
{
    footer(p);
    if (p->draw)
        cairo_show_page(p->cr);
    p->page++;
    p->y = p->m;
    if (p->draw) {
        char b[256];
        snprintf(b, sizeof b, "%s: anal sac report for the vet (continued)", p->name);
        PangoLayout *l = lay(p, b, 8, 1, p->cw);
        show(p, l, p->m, p->y, MUTED);
        g_object_unref(l);
    }
    p->y += 16;
}

/* The height a block takes (with its space after), laid out at the content width. */
static double block_height(pdf *p, const block *b);

static void table_row(pdf *p, const block *b, int draw_it, double *h_out)
{
    double x = p->m, h = 0;
    PangoLayout *ls[MAXC] = {0};
    int head = b->kind == B_THEAD;
    for (int i = 0; i < b->n && i < MAXC; i++) {
        double w = (b->cols ? b->cols[i] : 1.0 / b->n) * p->cw;
        ls[i] = lay(p, b->c[i], head ? 7.5 : 8.5, head, w - 6);
        double hh = height(ls[i]);
        if (hh > h)
            h = hh;
    }
    h += head ? 5 : 4;
    if (draw_it && p->draw) {
        if (head) {
            cairo_set_line_width(p->cr, 0.6);
            set(p, RULE);
            cairo_move_to(p->cr, p->m, p->y + h - 1.5);
            cairo_line_to(p->cr, p->m + p->cw, p->y + h - 1.5);
            cairo_stroke(p->cr);
        }
        for (int i = 0; i < b->n && i < MAXC; i++) {
            double w = (b->cols ? b->cols[i] : 1.0 / b->n) * p->cw;
            show(p, ls[i], x, p->y + (head ? 0 : 1.5), head ? MUTED : INK);
            x += w;
        }
    }
    for (int i = 0; i < MAXC; i++)
        if (ls[i])
            g_object_unref(ls[i]);
    *h_out = h;
}

#define CHART_H 196.0

static double block_height(pdf *p, const block *b)
{
    PangoLayout *l = NULL;
    double h = 0;
    switch (b->kind) {
    case B_TITLE: {
        l = lay(p, b->c[0], 17, 1, p->cw);
        h = height(l) + 2;
        g_object_unref(l);
        l = lay(p, b->c[1], 8.5, 0, p->cw);
        h += height(l) + 6;
        break;
    }
    case B_FACTS: l = lay(p, b->c[0], 9.5, 0, p->cw - 16); h = height(l) + 12 + 8; break;
    case B_QUESTION: l = lay(p, b->c[0], 11, 1, p->cw - 30); h = height(l) + 24 + 10; break;
    case B_H: l = lay(p, b->c[0], 11.5, 1, p->cw); h = height(l) + 8 + 3; break;
    case B_P: l = lay_lead(p, b->c[0], b->c[1], 9, p->cw, 0); h = l ? height(l) + 3 : 0; break;
    case B_BULLET: l = lay_lead(p, b->c[0], b->c[1], 9, p->cw - 12, 0); h = l ? height(l) + 2.5 : 0; break;
    case B_MORE: l = lay(p, b->c[0], 7.5, 0, p->cw); h = height(l) + 2; break;
    case B_THEAD:
    case B_TROW: table_row(p, b, 0, &h); break;
    case B_CHART: h = CHART_H + 4; break;
    }
    if (l)
        g_object_unref(l);
    return h;
}

static void draw_block(pdf *p, const block *b)
{
    double h = 0;
    PangoLayout *l;
    switch (b->kind) {
    case B_TITLE:
        l = lay(p, b->c[0], 17, 1, p->cw);
        show(p, l, p->m, p->y, ACCENT);
        p->y += height(l) + 2;
        g_object_unref(l);
        l = lay(p, b->c[1], 8.5, 0, p->cw);
        show(p, l, p->m, p->y, MUTED);
        p->y += height(l) + 6;
        g_object_unref(l);
        return;
    case B_FACTS:
        l = lay(p, b->c[0], 9.5, 0, p->cw - 16);
        h = height(l) + 12;
        if (p->draw) {
            set(p, SHADE);
            cairo_rectangle(p->cr, p->m, p->y, p->cw, h);
            cairo_fill(p->cr);
        }
        show(p, l, p->m + 8, p->y + 6, INK);
        g_object_unref(l);
        p->y += h + 8;
        return;
    case B_QUESTION: {
        l = lay(p, b->c[0], 11, 1, p->cw - 30);
        PangoLayout *k = lay(p, "The question for the vet", 7.5, 1, p->cw - 30);
        h = height(l) + 24;
        rgb lc = b->level >= 0 && b->level <= 2 ? LEVEL_COLORS[b->level] : ACCENT;
        if (p->draw) {
            cairo_set_source_rgba(p->cr, lc.r, lc.g, lc.b, 0.08);
            cairo_rectangle(p->cr, p->m, p->y, p->cw, h);
            cairo_fill(p->cr);
            set(p, lc);
            cairo_rectangle(p->cr, p->m, p->y, 4, h);
            cairo_fill(p->cr);
        }
        show(p, k, p->m + 16, p->y + 6, lc);
        show(p, l, p->m + 16, p->y + 18, INK);
        g_object_unref(k);
        g_object_unref(l);
        p->y += h + 10;
        return;
    }
    case B_H:
        p->y += 8;
        l = lay(p, b->c[0], 11.5, 1, p->cw);
        show(p, l, p->m, p->y, ACCENT);
        p->y += height(l) + 3;
        g_object_unref(l);
        return;
    case B_P:
    case B_BULLET: {
        int bullet = b->kind == B_BULLET;
        l = lay_lead(p, b->c[0], b->c[1], 9, bullet ? p->cw - 12 : p->cw, 0);
        if (!l)
            return;
        if (!bullet && b->level >= 0 && b->level <= 2 && b->c[0][0]) {
            /* the check's level: a coloured dot before it */
            rgb lc = LEVEL_COLORS[b->level];
            pango_layout_set_width(l, (int)((p->cw - 12) * PANGO_SCALE));
            if (p->draw) {
                set(p, lc);
                cairo_new_path(p->cr);
                cairo_arc(p->cr, p->m + 4, p->y + 6.5, 3.5, 0, 2 * M_PI);
                cairo_fill(p->cr);
            }
            show(p, l, p->m + 12, p->y, INK);
        } else if (bullet) {
            if (p->draw) {
                set(p, MUTED);
                cairo_new_path(p->cr);
                cairo_arc(p->cr, p->m + 4, p->y + 6, 1.6, 0, 2 * M_PI);
                cairo_fill(p->cr);
            }
            show(p, l, p->m + 12, p->y, INK);
        } else {
            show(p, l, p->m, p->y, INK);
        }
        p->y += height(l) + (bullet ? 2.5 : 3);
        g_object_unref(l);
        return;
    }
    case B_MORE:
        l = lay(p, b->c[0], 7.5, 0, p->cw);
        show(p, l, p->m, p->y + 1, MUTED);
        p->y += height(l) + 2;
        g_object_unref(l);
        return;
    case B_THEAD:
    case B_TROW:
        table_row(p, b, 1, &h);
        p->y += h;
        return;
    case B_CHART:
        if (p->draw) {
            cairo_save(p->cr);
            cairo_translate(p->cr, p->m, p->y);
            scoot__chart_draw(p->cr, p->ctx, p->cw, CHART_H, p->chart);
            cairo_restore(p->cr);
        }
        p->y += CHART_H + 4;
        return;
    }
}

/* Lays the blocks out; stops where a third page would begin (pass 1 finds where). */
static void pdf_pass(pdf *p, const doc *d)
{
    p->page = 1;
    p->y = p->m;
    p->stopped = 0;
    for (int i = 0; i < d->n; i++) {
        const block *b = &d->b[i];
        if (i == p->stop_at) {
            PangoLayout *l = lay(p, "The report stops here for room; the rest is in scoot's journal.", 7.5, 0, p->cw);
            show(p, l, p->m, p->y + 2, MUTED);
            g_object_unref(l);
            p->stopped = 1;
            break;
        }
        double h = block_height(p, b);
        /* a heading keeps with what follows it; a table's head with its first row */
        for (int k = i; (d->b[k].kind == B_H || d->b[k].kind == B_THEAD) && k + 1 < d->n; k++)
            h += block_height(p, &d->b[k + 1]);
        double room = p->page == MAX_PAGES ? p->bottom - 14 : p->bottom;
        if (p->y + h > room && p->y > p->m + 20) {
            if (p->page == MAX_PAGES) {
                if (p->stop_at < 0)
                    p->stop_at = i;
                PangoLayout *l = lay(p, "The report stops here for room; the rest is in scoot's journal.", 7.5, 0, p->cw);
                show(p, l, p->m, p->y + 2, MUTED);
                g_object_unref(l);
                p->stopped = 1;
                break;
            }
            new_page(p);
        }
        draw_block(p, b);
    }
    p->pages = p->page;
    /* room left on the last page: a box for the vet's own notes */
    if (!p->stopped && p->bottom - p->y > 90 && p->draw) {
        double y = p->y + 14;
        PangoLayout *l = lay(p, "The vet's notes", 8, 1, p->cw);
        cairo_set_line_width(p->cr, 0.6);
        set(p, RULE);
        cairo_rectangle(p->cr, p->m, y, p->cw, p->bottom - 8 - y);
        cairo_stroke(p->cr);
        show(p, l, p->m + 8, y + 6, MUTED);
        g_object_unref(l);
    }
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return scoot_buf_add(closure, data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int render_pdf(const doc *d, const scoot__chart *ch, const char *name, scoot_time now,
                      int letter, scoot_buf *out)
{
    double pw = letter ? 612 : 595.276, ph = letter ? 792 : 841.890;
    PangoContext *ctx = scoot__report_pango();
    char made[32];
    full_day(now, made, sizeof made);
    pdf p = {0};
    p.ctx = ctx;
    p.pw = pw;
    p.ph = ph;
    p.m = 40;
    p.cw = pw - 2 * p.m;
    p.bottom = ph - p.m;
    p.name = name;
    p.made = made;
    p.chart = ch;
    p.stop_at = -1;
    /* pass 1: measure only (how many pages, where to stop) */
    p.draw = 0;
    pdf_pass(&p, d);
    int pages = p.pages;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, out, pw, ph);
    /* byte-stable: the dates in the file are the report's now, not the clock's */
    char iso[40], u[32];
    scoot_time_format_utc(now, u, sizeof u); /* 2026-11-20T12:00:00Z */
    snprintf(iso, sizeof iso, "%s", u);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
    char title[256];
    snprintf(title, sizeof title, "%s: anal sac report for the vet", name);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "scoot");
    p.cr = cairo_create(s);
    p.draw = 1;
    p.pages = pages;
    pdf_pass(&p, d);
    p.pages = pages;
    footer(&p);
    cairo_show_page(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(s);
    int rc = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? SCOOT_OK : SCOOT_ENOMEM;
    cairo_surface_destroy(s);
    g_object_unref(ctx);
    return rc;
}

/* ---- HTML: the same blocks as a page with its style inline and the chart as inline SVG ---- */

static int esc(scoot_buf *o, const char *s)
{
    int rc = 0;
    for (; s && *s && !rc; s++) {
        switch (*s) {
        case '&': rc = scoot_buf_adds(o, "&amp;"); break;
        case '<': rc = scoot_buf_adds(o, "&lt;"); break;
        case '>': rc = scoot_buf_adds(o, "&gt;"); break;
        case '"': rc = scoot_buf_adds(o, "&quot;"); break;
        case '\'': rc = scoot_buf_adds(o, "&#39;"); break;
        default: rc = scoot_buf_addc(o, *s); break;
        }
    }
    return rc;
}

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#1c1f24;max-width:46rem;margin:1.5rem auto;"
    "padding:0 1rem;font-size:15px;line-height:1.45}"
    "h1{color:#1f4d7a;font-size:1.6rem;margin:0 0 .2rem}"
    "h2{color:#1f4d7a;font-size:1.1rem;margin:1.3rem 0 .4rem;border-bottom:1px solid #d0d4da}"
    ".sub{color:#666b75;margin:0 0 .8rem;font-size:.9rem}"
    ".facts{background:#f2f4f7;padding:.5rem .8rem}"
    ".q{border-left:5px solid var(--lc);background:#f6f7f9;padding:.6rem 1rem;margin:1rem 0;font-weight:bold;"
    "font-size:1.08rem}.q small{display:block;color:var(--lc);font-size:.75rem;text-transform:uppercase}"
    ".lv{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;background:var(--lc);"
    "margin-right:.4rem}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th{text-align:left;color:#666b75;font-weight:bold;border-bottom:1px solid #c8ccd2;padding:.2rem .4rem .2rem 0}"
    "td{vertical-align:top;padding:.2rem .4rem .2rem 0;border-bottom:1px solid #eef0f2}"
    ".more{color:#666b75;font-size:.8rem}"
    "svg{width:100%;height:auto}"
    "footer{color:#666b75;font-size:.75rem;margin-top:1.5rem;border-top:1px solid #d0d4da;padding-top:.3rem}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}}";

static const char *const LEVEL_CSS[] = {"#2e855a", "#cc780d", "#bf2626"};

static int render_html(const doc *d, const scoot__chart *ch, const char *name, scoot_time now,
                       int letter, scoot_buf *o)
{
    int rc = 0;
    char made[32];
    full_day(now, made, sizeof made);
    rc |= scoot_buf_adds(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
    rc |= esc(o, name);
    rc |= scoot_buf_adds(o, ": anal sac report for the vet</title><style>");
    rc |= scoot_buf_adds(o, CSS);
    rc |= scoot_buf_printf(o, "@page{size:%s;margin:14mm}", letter ? "letter" : "A4");
    rc |= scoot_buf_adds(o, "</style></head><body>\n");
    int in_table = 0, in_list = 0;
    for (int i = 0; i < d->n && !rc; i++) {
        const block *b = &d->b[i];
        if (in_table && b->kind != B_TROW) {
            rc |= scoot_buf_adds(o, "</tbody></table>\n");
            in_table = 0;
        }
        if (in_list && b->kind != B_BULLET) {
            rc |= scoot_buf_adds(o, "</ul>\n");
            in_list = 0;
        }
        switch (b->kind) {
        case B_TITLE:
            rc |= scoot_buf_adds(o, "<header><h1>");
            rc |= esc(o, b->c[0]);
            rc |= scoot_buf_adds(o, "</h1><p class=\"sub\">");
            rc |= esc(o, b->c[1]);
            rc |= scoot_buf_adds(o, "</p></header>\n");
            break;
        case B_FACTS:
            rc |= scoot_buf_adds(o, "<p class=\"facts\">");
            rc |= esc(o, b->c[0]);
            rc |= scoot_buf_adds(o, "</p>\n");
            break;
        case B_QUESTION:
            rc |= scoot_buf_printf(o, "<p class=\"q\" style=\"--lc:%s\"><small>The question for the vet</small>",
                                   b->level >= 0 && b->level <= 2 ? LEVEL_CSS[b->level] : "#1f4d7a");
            rc |= esc(o, b->c[0]);
            rc |= scoot_buf_adds(o, "</p>\n");
            break;
        case B_H:
            rc |= scoot_buf_adds(o, "<h2>");
            rc |= esc(o, b->c[0]);
            rc |= scoot_buf_adds(o, "</h2>\n");
            break;
        case B_P:
            rc |= scoot_buf_adds(o, "<p>");
            if (b->level >= 0 && b->level <= 2 && b->c[0][0])
                rc |= scoot_buf_printf(o, "<span class=\"lv\" style=\"--lc:%s\"></span>", LEVEL_CSS[b->level]);
            if (b->c[0][0]) {
                rc |= scoot_buf_adds(o, "<strong>");
                rc |= esc(o, b->c[0]);
                rc |= scoot_buf_adds(o, "</strong>");
            }
            rc |= esc(o, b->c[1]);
            rc |= scoot_buf_adds(o, "</p>\n");
            break;
        case B_BULLET:
            if (!in_list)
                rc |= scoot_buf_adds(o, "<ul>\n");
            in_list = 1;
            rc |= scoot_buf_adds(o, "<li>");
            if (b->c[0][0]) {
                rc |= scoot_buf_adds(o, "<strong>");
                rc |= esc(o, b->c[0]);
                rc |= scoot_buf_adds(o, "</strong>");
            }
            rc |= esc(o, b->c[1]);
            rc |= scoot_buf_adds(o, "</li>\n");
            break;
        case B_MORE:
            rc |= scoot_buf_adds(o, "<p class=\"more\">");
            rc |= esc(o, b->c[0]);
            rc |= scoot_buf_adds(o, "</p>\n");
            break;
        case B_THEAD:
            rc |= scoot_buf_adds(o, "<table><thead><tr>");
            for (int k = 0; k < b->n; k++) {
                rc |= scoot_buf_printf(o, "<th style=\"width:%.0f%%\">", 100 * (b->cols ? b->cols[k] : 1.0 / b->n));
                rc |= esc(o, b->c[k]);
                rc |= scoot_buf_adds(o, "</th>");
            }
            rc |= scoot_buf_adds(o, "</tr></thead><tbody>\n");
            in_table = 1;
            break;
        case B_TROW:
            rc |= scoot_buf_adds(o, "<tr>");
            for (int k = 0; k < b->n; k++) {
                rc |= scoot_buf_adds(o, "<td>");
                rc |= esc(o, b->c[k]);
                rc |= scoot_buf_adds(o, "</td>");
            }
            rc |= scoot_buf_adds(o, "</tr>\n");
            break;
        case B_CHART: {
            scoot_buf svg;
            scoot_buf_init(&svg, 0);
            PangoContext *ctx = scoot__report_pango();
            rc |= scoot__chart_svg(ctx, ch, 515, CHART_H, &svg);
            g_object_unref(ctx);
            /* inline: without the XML declaration; labelled for screen readers */
            const char *s = scoot_buf_str(&svg), *at = strstr(s, "<svg");
            rc |= scoot_buf_adds(o, "<figure role=\"img\" aria-label=\"Timeline: leaks a week, stool "
                                    "score, weight and pain score, with vet visits and medicine "
                                    "courses marked\">");
            if (at) {
                rc |= scoot_buf_adds(o, "<svg role=\"presentation\"");
                rc |= scoot_buf_adds(o, at + 4);
            }
            rc |= scoot_buf_adds(o, "</figure>\n");
            scoot_buf_free(&svg);
            break;
        }
        }
    }
    if (in_table)
        rc |= scoot_buf_adds(o, "</tbody></table>\n");
    if (in_list)
        rc |= scoot_buf_adds(o, "</ul>\n");
    rc |= scoot_buf_adds(o, "<footer>");
    rc |= esc(o, name);
    rc |= scoot_buf_printf(o, " · made by scoot from the owner's journal on %s · not a diagnosis</footer>\n"
                              "</body></html>\n",
                           made);
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
}

/* ---- the entry point ---- */

int scoot_report(scoot_journal *j, const scoot_kb *kb, const char *cat, scoot_time since,
                 scoot_time now, const scoot_report_opts *o, scoot_buf *out, scoot_buf *err)
{
    scoot_report_opts def = {SCOOT_REPORT_PDF, SCOOT_PAPER_A4};
    if (!o)
        o = &def;
    if (since == SCOOT_REPORT_SINCE_DEFAULT) {
        since = now - (scoot_time)DEFAULT_WEEKS * WEEK;
    } else if (since > now) {
        char b[32];
        scoot_time_format_local(since, b, sizeof b);
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_IN_FUTURE, "since", "since: %s is in the future", b);
    } else if (since == now) {
        return scoot_err(err, SCOOT_ERANGE, SCOOT_R_OUT_OF_RANGE, "since",
                         "since: the report needs a start before now");
    }
    scoot_buf sb;
    scoot_buf_init(&sb, 0);
    int rc = scoot_journal_summary(j, cat, now, &sb, err);
    json_t *sum = NULL, *as = NULL;
    if (!rc && !(sum = json_loadb(sb.data, sb.len, 0, NULL)))
        rc = SCOOT_ENOMEM;
    scoot_buf_free(&sb);
    gather g;
    memset(&g, 0, sizeof g);
    g.kb = kb;
    g.since = since;
    g.now = now;
    g.ch.from = since;
    g.ch.to = now;
    g.ch.n_weeks = (int)((now - since + WEEK - 1) / WEEK);
    if (!rc && !(g.ch.leaks = scoot_calloc((size_t)g.ch.n_weeks + 1, sizeof *g.ch.leaks)))
        rc = SCOOT_ENOMEM;
    if (!rc)
        rc = scoot_journal_scan_page(j, cat, INT64_MIN / 2, now + 1, "assessment", NULL, 1, 1,
                                     on_assessment, &as, err);
    if (!rc)
        rc = scoot_journal_scan(j, cat, since, now + 1, NULL, on_event, &g, err);
    if (!rc)
        rc = g.rc;
    doc d = {0};
    json_t *cj = json_object_get(sum, "cat");
    const char *name = jstr(cj, "name") ? jstr(cj, "name") : cat;
    if (!rc) {
        build(&d, &g, sum, as, cat);
        rc = d.rc;
    }
    size_t mark = out->len;
    if (!rc) {
        int letter = o->paper == SCOOT_PAPER_LETTER;
        switch (o->format) {
        case SCOOT_REPORT_PDF: rc = render_pdf(&d, &g.ch, name, now, letter, out); break;
        case SCOOT_REPORT_HTML: rc = render_html(&d, &g.ch, name, now, letter, out); break;
        case SCOOT_REPORT_CHART_SVG:
        case SCOOT_REPORT_CHART_PNG: {
            PangoContext *ctx = scoot__report_pango();
            rc = o->format == SCOOT_REPORT_CHART_SVG ? scoot__chart_svg(ctx, &g.ch, 515, CHART_H, out)
                                                     : scoot__chart_png(ctx, &g.ch, 515, CHART_H, 2, out);
            g_object_unref(ctx);
            break;
        }
        default: rc = scoot_err(err, SCOOT_EINVAL, SCOOT_R_NONE, "format", "unknown report format %d", (int)o->format);
        }
        if (rc)
            scoot_buf_truncate(out, mark);
    }
    doc_free(&d);
    gather_free(&g);
    json_decref(sum);
    json_decref(as);
    return rc;
}
