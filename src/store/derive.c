/* derive.c: what the journal knows about a cat, as case facts for the engine: the KB's journal
 * definitions (docs/kb-language.md, "journal") evaluated over the cat's entries, and its
 * profile. The clinical part (which entries, which windows, what is taken) is the KB's; this
 * file reads entries, keeps time windows by local day, and puts what it finds in the case. */
#include "../core/setup.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "../core/alloc_int.h"
#include "../kb/entries.h"
#include "journal_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"
#include "scoot/time.h"

#define DAY 86400

/* An entry's place in the journal's order: by time, then by id. */
typedef struct {
    scoot_time t;
    int64_t id;
} place;

static int before(place a, place b)
{
    return a.t < b.t || (a.t == b.t && a.id < b.id);
}

/* One entry of a run (hours-in-a-row): its place and whether it meets the condition. */
typedef struct {
    place at;
    int ok;
} run_entry;

/* What one journal definition has gathered from the entries of one reading. */
typedef struct {
    int n;                     /* entries taken */
    place first, last;         /* the first and the latest of them */
    int first_from, last_from; /* their from lines */
    double first_v, last_v;    /* their field (change) */
    json_t *last_d;            /* the latest's data (latest; owned) */
    const char *last_kind;
    int every;      /* every: each so far met the condition */
    int64_t *days;  /* days: the local days of the entries (n of them) */
    uint8_t *row;   /* days-in-a-row: per local day back from today, 1 an entry the
                     * condition could be judged on, 2 one that met it */
    run_entry *run; /* hours-in-a-row: the entries (n of them) */
    int cap;
    int needs; /* an entry that `needs` asks for was read */
} acc;

/* What the journal gives one case: per definition what it gathered, and per fact the latest
 * observation that holds. */
typedef struct {
    scoot_time now;
    const scoot_kb *kb;
    acc *a;          /* per journal definition */
    double *obs_val; /* per fact */
    uint8_t *obs_known;
    place *obs_at;
    int oom;
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
    int all_kinds; /* a scan of one kind read at any age */
} pass;

/* ---- the entries a definition reads ---- */

/* The index of kind in scoot__ekinds (the KB's reading plan is by it), or -1. */
static int kind_index(const char *kind)
{
    const scoot__ekind *k = scoot__ekind_find(kind);
    return k ? (int)(k - scoot__ekinds) : -1;
}

/* 1 when some definition of kb reads entries of kind. */
static int derived_kind(const scoot_kb *kb, const char *kind)
{
    int k = kind_index(kind);
    return k >= 0 && kb->jdefs_first[k + 1] > kb->jdefs_first[k];
}

/* A number field of an entry of kind (data d) into *v; 0 when it has none. A stool score is
 * read on the Purina chart (entries.h). */
static int entry_number(const char *kind, const char *field, json_t *d, double *v)
{
    json_t *x = json_object_get(d, field);
    if (!json_is_number(x))
        return 0;
    *v = json_number_value(x);
    if (!strcmp(kind, "stool") && !strcmp(field, "score"))
        *v = scoot__stool_purina(*v, json_string_value(json_object_get(d, "chart")));
    return 1;
}

static int has_word(const char *hay, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return 1;
    return 0;
}

/* Evaluates journal condition c on an entry of kind (data d; NULL when it reads the values
 * taken, vals): SCOOT__F, SCOOT__U or SCOOT__T. */
static int jc_eval(const scoot__jcond *c, const char *kind, json_t *d, const double *vals)
{
    int a, b;
    switch (c->op) {
    case SCOOT__JC_ALWAYS: return SCOOT__T;
    case SCOOT__JC_AND:
        if ((a = jc_eval(c->l, kind, d, vals)) == SCOOT__F)
            return SCOOT__F;
        b = jc_eval(c->r, kind, d, vals);
        return a < b ? a : b;
    case SCOOT__JC_OR:
        if ((a = jc_eval(c->l, kind, d, vals)) == SCOOT__T)
            return SCOOT__T;
        b = jc_eval(c->r, kind, d, vals);
        return a > b ? a : b;
    case SCOOT__JC_NOT: return 2 - jc_eval(c->l, kind, d, vals);
    default: break;
    }
    if (c->value >= 0) {
        assert(c->op == SCOOT__JC_CMP);
        return scoot__cmp_num(c->cmp, vals[c->value], c->k) ? SCOOT__T : SCOOT__F;
    }
    json_t *v = json_object_get(d, c->field);
    int missing = !v || json_is_null(v);
    switch (c->op) {
    case SCOOT__JC_KNOWN: return missing ? SCOOT__F : SCOOT__T;
    case SCOOT__JC_IS:
        if (missing) /* an observation logged without a value: the sign was seen */
            return c->missing_yes ? (c->k ? SCOOT__T : SCOOT__F) : SCOOT__U;
        return json_is_boolean(v) && json_is_true(v) == (c->k != 0) ? SCOOT__T : SCOOT__F;
    case SCOOT__JC_CMP: {
        double x;
        if (missing)
            return SCOOT__U;
        return entry_number(kind, c->field, d, &x) && scoot__cmp_num(c->cmp, x, c->k) ? SCOOT__T
                                                                                      : SCOOT__F;
    }
    case SCOOT__JC_EQ: {
        if (missing)
            return SCOOT__U;
        int hit = 0;
        size_t i;
        json_t *x;
        if (json_is_string(v)) /* (a list once stored as its one text) */
            hit = !strcmp(json_string_value(v), c->word);
        json_array_foreach(v, i, x)
        {
            hit |= json_is_string(x) && !strcmp(json_string_value(x), c->word);
        }
        return hit == (c->cmp == SCOOT__EQ) ? SCOOT__T : SCOOT__F;
    }
    case SCOOT__JC_MENTIONS:
        if (missing)
            return SCOOT__U;
        return json_is_string(v) && has_word(json_string_value(v), c->word) ? SCOOT__T : SCOOT__F;
    default: SCOOT_BUG("unhandled journal condition");
    }
}

static int jc_true(const scoot__jcond *c, const char *kind, json_t *d)
{
    return !c || jc_eval(c, kind, d, NULL) == SCOOT__T;
}

/* Makes room in arr (a->cap entries of elem bytes) for one more entry: the array, or NULL when
 * out of memory (arr is then kept). */
static void *grow(acc *a, void *arr, size_t elem)
{
    if (a->n < a->cap)
        return arr;
    int cap = a->cap ? a->cap * 2 : 16;
    void *v = scoot_realloc(arr, (size_t)cap * elem);
    if (v)
        a->cap = cap;
    return v;
}

/* Adds event e (its data d) to what definition jd (index k) of f has gathered. */
static void add_to(facts *f, int k, const scoot__journal *jd, const scoot_event *e, json_t *d)
{
    acc *a = &f->a[k];
    scoot_time age = f->now - e->t;
    place at = {e->t, e->id};
    if (jd->needs.kind && !strcmp(jd->needs.kind, e->kind) && age <= jd->needs_within &&
        jc_true(jd->needs.where, e->kind, d))
        a->needs = 1;
    int from = 0;
    while (from < jd->n_from &&
           (strcmp(jd->from[from].kind, e->kind) || !jc_true(jd->from[from].where, e->kind, d)))
        from++;
    if (from == jd->n_from)
        return;
    if (jd->agg == SCOOT__JA_LATEST) {
        /* the latest of any age read (its window is checked at the end: a newer entry too old
         * for the window still replaces an observation) */
        if (a->last_d && before(at, a->last))
            return;
        json_decref(a->last_d);
        a->last_d = json_incref(d);
        a->last = at;
        a->last_from = from;
        a->last_kind = jd->from[from].kind;
        return;
    }
    if (jd->agg == SCOOT__JA_DAYS_IN_A_ROW) {
        /* (a window of local days: today and the days before it) */
        int64_t back = scoot_time_local_day(f->now) - scoot_time_local_day(e->t);
        int tv = jc_eval(jd->take, e->kind, d, NULL);
        if (back < 0 || back > jd->within / DAY || tv == SCOOT__U)
            return;
        a->row[back] |= (uint8_t)(1 | (tv == SCOOT__T ? 2 : 0));
        a->n++;
        return;
    }
    if (jd->within && age > jd->within)
        return;
    double v = 0;
    if (jd->agg == SCOOT__JA_CHANGE && !entry_number(e->kind, jd->field, d, &v))
        return;
    switch (jd->agg) {
    case SCOOT__JA_DAYS: {
        int64_t *days = grow(a, a->days, sizeof *a->days);
        if (!days) {
            f->oom = 1;
            return;
        }
        a->days = days;
        a->days[a->n] = scoot_time_local_day(e->t);
        break;
    }
    case SCOOT__JA_EVERY: a->every &= jc_eval(jd->take, e->kind, d, NULL) == SCOOT__T; break;
    case SCOOT__JA_HOURS_IN_A_ROW: {
        run_entry *run = grow(a, a->run, sizeof *a->run);
        if (!run) {
            f->oom = 1;
            return;
        }
        a->run = run;
        a->run[a->n] = (run_entry){at, jc_eval(jd->take, e->kind, d, NULL) == SCOOT__T};
        break;
    }
    default: break;
    }
    /* the first (an earlier from line first among entries of one time) and the latest */
    if (!a->n || at.t < a->first.t ||
        (at.t == a->first.t &&
         (from < a->first_from || (from == a->first_from && before(at, a->first))))) {
        a->first = at;
        a->first_from = from;
        a->first_v = v;
    }
    if (!a->n || before(a->last, at)) {
        a->last = at;
        a->last_from = from;
        a->last_v = v;
    }
    a->n++;
}

/* Adds an observation (data d, at its place) to what f knows of its fact, when it holds. */
static void add_observation(facts *f, const scoot__journal *jd, const scoot_event *e, json_t *d)
{
    const scoot_kb *kb = f->kb;
    const char *finding = json_string_value(json_object_get(d, "finding"));
    int fi = finding ? scoot_kb_fact_find(kb, finding) : -1;
    if (fi < 0 || !jd->hold[fi] || f->now - e->t > jd->hold[fi])
        return;
    place at = {e->t, e->id};
    if (f->obs_known[fi] && before(at, f->obs_at[fi]))
        return;
    const scoot__fact *fa = &kb->facts[fi];
    json_t *v = json_object_get(d, "value");
    double val;
    if (fa->type == SCOOT__YESNO) {
        val = !v || json_is_null(v) || json_is_true(v);
    } else if (fa->type == SCOOT__NUMBER && json_is_number(v)) {
        val = json_number_value(v);
    } else if (fa->type == SCOOT__CHOICE && json_is_string(v)) {
        int o = 0;
        while (o < fa->n_options && strcmp(fa->options[o], json_string_value(v)))
            o++;
        if (o == fa->n_options)
            return;
        val = o;
    } else {
        return;
    }
    f->obs_val[fi] = val;
    f->obs_known[fi] = 1;
    f->obs_at[fi] = at;
}

/* Adds event e (its data d; its kind's index k) to what f knows. */
static void add_event(facts *f, int k, const scoot_event *e, json_t *d)
{
    const scoot_kb *kb = f->kb;
    for (int i = kb->jdefs_first[k]; i < kb->jdefs_first[k + 1]; i++) {
        const scoot__journal *jd = &kb->journal[kb->jdefs[i]];
        if (jd->agg == SCOOT__JA_OBSERVED)
            add_observation(f, jd, e, d);
        else
            add_to(f, kb->jdefs[i], jd, e, d);
    }
}

static int derive_cb(void *ud, const scoot_event *e)
{
    pass *p = ud;
    const scoot_kb *kb = p->f[0].kb;
    int k = kind_index(e->kind);
    /* (the kinds read at any age come from scans of their own) */
    if (k < 0 || kb->jdefs_first[k + 1] == kb->jdefs_first[k] ||
        (!p->all_kinds && kb->jkind_any_age[k]))
        return 0;
    json_t *d = NULL;
    for (int i = 0; i < p->n; i++) {
        read_mode m = p->rd[i].mode;
        if (m == READ_NONE || (m == READ_WITHOUT && in_entries(p->rd[i].set, e)) ||
            (m == READ_ONLY && !in_entries(p->rd[i].set, e)) ||
            (m == READ_UNTIL_NOW && e->t > p->f[i].now))
            continue;
        if (!d) {
            unsigned long failed = scoot__alloc_failures();
            if (!(d = json_loads(e->data, 0, NULL)))
                /* unreadable data is skipped, not fatal; running out of memory is (which
                 * jansson's error code says only sometimes: when an early allocation fails it
                 * leaves the code unset) */
                return scoot__alloc_failures() != failed ? SCOOT_ENOMEM : 0;
        }
        add_event(&p->f[i], k, e, d);
    }
    json_decref(d);
    for (int i = 0; i < p->n; i++)
        if (p->f[i].oom)
            return SCOOT_ENOMEM;
    return 0;
}

/* ---- what the case gets ---- */

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

/* The facts a profile gives, in this order. */
static const char *const profile_ids[] = {"sex",       "coat",      "neutered",
                                          "age_years", "weight_kg", "body_condition_9pt"};

/* Sets in c the profile's value of fact id (cj: the profile as JSON, row: as read). */
static void profile_put(const scoot_kb *kb, const scoot__cat_row *row, json_t *cj, const char *id,
                        scoot_case *c, scoot_buf *explain)
{
    json_t *v = json_object_get(cj, id);
    const char *why =
        !strcmp(id, "age_years") && row->birth_date ? "from the birth date" : "profile";
    if (json_is_string(v))
        put(c, kb, id, json_string_value(v), explain, why);
    else if (json_is_boolean(v))
        put(c, kb, id, json_is_true(v) ? "yes" : "no", explain, why);
    else if (json_is_number(v))
        putnum(c, kb, id, json_number_value(v), explain, why);
}

/* 1 when a journal definition of kb takes fact id from the profile when the journal has
 * nothing (`otherwise profile`): then it is set in the KB's order, after the journal's. */
static int profile_later(const scoot_kb *kb, const char *id)
{
    for (int i = 0; i < kb->n_journal; i++) {
        const scoot__journal *jd = &kb->journal[i];
        if (jd->otherwise == SCOOT__JO_PROFILE && jd->fact >= 0 &&
            !strcmp(kb->facts[jd->fact].id, id))
            return 1;
    }
    return 0;
}

/* Sets in c what the profile says (cj: the profile as JSON, as of now). */
static void profile_facts(const scoot_kb *kb, const scoot__cat_row *row, json_t *cj, scoot_case *c,
                          scoot_buf *explain)
{
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(profile_ids); i++)
        if (!profile_later(kb, profile_ids[i]))
            profile_put(kb, row, cj, profile_ids[i], c, explain);
}

/* Appends to out the text t with its {placeholders} filled in from vals (taken values), at
 * (the entry the value came from: its time) and from/to (a run's first and latest). */
static void fill(char *out, size_t n, const char *t, const double *vals, double main, scoot_time at,
                 place from, place to)
{
    size_t used = 0;
    out[0] = '\0';
    while (*t && used + 1 < n) {
        const char *e = *t == '{' ? strchr(t, '}') : NULL;
        if (!e) {
            out[used++] = *t++;
            out[used] = '\0';
            continue;
        }
        char name[16], piece[64] = "";
        snprintf(name, sizeof name, "%.*s", (int)(e - t - 1), t + 1);
        t = e + 1;
        if (!strcmp(name, "date") || !strcmp(name, "from") || !strcmp(name, "to")) {
            scoot__iso(!strcmp(name, "date")   ? at
                       : !strcmp(name, "from") ? from.t
                                               : to.t,
                       piece, sizeof piece);
            if (!strcmp(name, "date"))
                piece[10] = '\0';
        } else if (!strcmp(name, "s")) {
            snprintf(piece, sizeof piece, "%s", main == 1 ? "" : "s");
        } else if (!strcmp(name, "change")) {
            snprintf(piece, sizeof piece, "%+.1f", vals[SCOOT__JV_CHANGE]);
        } else if (!strcmp(name, "first") || !strcmp(name, "latest") || !strcmp(name, "profile")) {
            snprintf(piece, sizeof piece, "%.2f",
                     vals[!strcmp(name, "first")    ? SCOOT__JV_FIRST
                          : !strcmp(name, "latest") ? SCOOT__JV_LATEST
                                                    : SCOOT__JV_PROFILE]);
        } else {
            snprintf(piece, sizeof piece, "%g", main); /* count, days, hours */
        }
        used += (size_t)snprintf(out + used, n - used, "%s", piece);
        if (used >= n)
            used = n - 1;
    }
}

/* The length of the run that ends today (or yesterday, when nothing is logged today): the days
 * in a row whose entries met the condition (row: per day back, W + 1 of them). */
static int days_in_a_row(const uint8_t *row, int w)
{
    int d = 0;
    while (d <= w && row[d] & 2)
        d++;
    if (d == 0 && !(row[0] & 1)) /* nothing logged today: count from yesterday */
        while (d + 1 <= w && row[d + 1] & 2)
            d++;
    return d;
}

static int run_cmp(const void *x, const void *y)
{
    const run_entry *a = x, *b = y;
    return before(a->at, b->at) ? -1 : before(b->at, a->at);
}

static int day_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* What definition jd took (a), as of now: 1 with the values in vals and the main number in
 * *main (from: the run's first, for hours-in-a-row), or 0 when it gives nothing. */
static int taken(const scoot__journal *jd, acc *a, scoot_time now, json_t *cj, double *vals,
                 double *main, place *from)
{
    for (int i = 0; i < SCOOT__JV_N; i++)
        vals[i] = NAN;
    *main = 0;
    if (jd->needs.kind && !a->needs)
        return 0;
    switch (jd->agg) {
    case SCOOT__JA_LATEST: return a->last_d && (!jd->within || now - a->last.t <= jd->within);
    case SCOOT__JA_COUNT: *main = vals[SCOOT__JV_COUNT] = a->n; return 1;
    case SCOOT__JA_DAYS: {
        if (!a->n)
            return 0;
        qsort(a->days, (size_t)a->n, sizeof *a->days, day_cmp);
        int days = 1;
        for (int i = 1; i < a->n; i++)
            days += a->days[i] != a->days[i - 1];
        *main = vals[SCOOT__JV_DAYS] = days;
        return 1;
    }
    case SCOOT__JA_EVERY: return a->n > 0;
    case SCOOT__JA_SINCE_FIRST:
        if (!a->n)
            return 0;
        *main = vals[SCOOT__JV_DAYS] = floor((double)(now - a->first.t) / DAY);
        return 1;
    case SCOOT__JA_DAYS_IN_A_ROW: /* (0 when none is logged in the window) */
        *main = vals[SCOOT__JV_DAYS] = days_in_a_row(a->row, (int)(jd->within / DAY));
        return 1;
    case SCOOT__JA_HOURS_IN_A_ROW: {
        if (!a->n)
            return 0;
        qsort(a->run, (size_t)a->n, sizeof *a->run, run_cmp);
        int k = a->n - 1;
        if (!a->run[k].ok)
            return 0;
        while (k > 0 && a->run[k - 1].ok)
            k--;
        *from = a->run[k].at;
        a->last = a->run[a->n - 1].at;
        *main = vals[SCOOT__JV_HOURS] = floor((double)(a->last.t - from->t) / 3600);
        return 1;
    }
    case SCOOT__JA_CHANGE: {
        if (!a->n)
            return 0;
        double ref = a->first_v;
        if (jd->profile >= 0) {
            json_t *pv = json_object_get(cj, jd->profile_name);
            ref = json_is_number(pv) ? json_number_value(pv) : NAN;
            vals[SCOOT__JV_PROFILE] = ref;
        } else {
            vals[SCOOT__JV_FIRST] = ref;
        }
        if (!(ref > 0))
            return 0;
        vals[SCOOT__JV_LATEST] = a->last_v;
        vals[SCOOT__JV_SPAN] = (double)(a->last.t - a->first.t) / DAY;
        *main = vals[SCOOT__JV_CHANGE] = (a->last_v - ref) / ref * 100;
        return 1;
    }
    default: return 0;
    }
}

/* When the latest entry that a definition of fact fi with a window took the latest of was
 * made (0: none): a pain score replaces an older observation of the grimace score, a leak one
 * of blood or pus, a stool record one of the stool... */
static scoot_time recorded(const scoot_kb *kb, const facts *f, int fi)
{
    scoot_time t = 0;
    for (int k = 0; k < kb->n_journal; k++) {
        const scoot__journal *jd = &kb->journal[k];
        if (jd->fact == fi && jd->agg == SCOOT__JA_LATEST && jd->within && f->a[k].last_d &&
            f->a[k].last.t > t)
            t = f->a[k].last.t;
    }
    return t;
}

/* Sets in c the facts that the observations f gathered give (the observations block jd). */
static void observed_facts(const scoot_kb *kb, const scoot__journal *jd, facts *f, scoot_case *c,
                           scoot_buf *explain)
{
    for (int i = 0; i < kb->n_facts; i++) {
        /* the newest record wins: an observation of the grimace score in the morning does not
         * hide the pain score of the afternoon */
        if (!f->obs_known[i] || f->obs_at[i].t < recorded(kb, f, i))
            continue;
        const scoot__fact *fa = &kb->facts[i];
        char why[256];
        fill(why, sizeof why, jd->because.text, NULL, 0, f->obs_at[i].t, f->obs_at[i],
             f->obs_at[i]);
        if (fa->type == SCOOT__CHOICE)
            put(c, kb, fa->id, fa->options[(int)f->obs_val[i]], explain, why);
        else if (fa->type == SCOOT__YESNO)
            put(c, kb, fa->id, f->obs_val[i] ? "yes" : "no", explain, why);
        else
            putnum(c, kb, fa->id, f->obs_val[i], explain, why);
    }
}

/* Sets in c the fact that definition jd (what it gathered: a) gives, or the profile's value
 * when it gives none and says `otherwise profile`. */
static void journal_fact(const scoot_kb *kb, const scoot__journal *jd, acc *a, scoot_time now,
                         const scoot__cat_row *row, json_t *cj, scoot_case *c, scoot_buf *explain)
{
    const scoot__fact *fa = &kb->facts[jd->fact];
    double vals[SCOOT__JV_N], main;
    place from = {0, 0};
    int have = taken(jd, a, now, cj, vals, &main, &from);
    json_t *ld = jd->agg == SCOOT__JA_LATEST ? a->last_d : NULL;
    const char *kind = jd->agg == SCOOT__JA_LATEST ? a->last_kind : NULL;
    if (have && jd->when && jc_eval(jd->when, kind, ld, vals) != SCOOT__T)
        have = 0;
    /* the value, as text */
    char value[64] = "";
    int yes = -1; /* a yes/no fact: 1 yes, 0 no */
    if (have && jd->agg == SCOOT__JA_EVERY) {
        yes = a->every;
    } else if (have && jd->yes_if) {
        yes = jc_eval(jd->yes_if, kind, ld, vals) == SCOOT__T ? 1
              : jd->otherwise == SCOOT__JO_NO                 ? 0
                                                              : -1;
        have = yes >= 0;
    } else if (have && jd->agg == SCOOT__JA_LATEST) {
        json_t *v = jd->field ? json_object_get(ld, jd->field) : NULL;
        double x;
        if (!jd->field)
            yes = 1;
        else if (fa->type == SCOOT__YESNO && json_is_boolean(v))
            yes = json_is_true(v);
        else if (fa->type == SCOOT__CHOICE && json_is_string(v))
            snprintf(value, sizeof value, "%s", json_string_value(v));
        else if (fa->type == SCOOT__NUMBER && entry_number(kind, jd->field, ld, &x))
            snprintf(value, sizeof value, "%g", x);
        else
            have = 0;
    } else if (have) {
        snprintf(value, sizeof value, "%g", main);
    }
    if (!have) {
        if (jd->otherwise == SCOOT__JO_PROFILE)
            profile_put(kb, row, cj, fa->id, c, explain);
        return;
    }
    if (yes >= 0)
        snprintf(value, sizeof value, "%s", yes ? "yes" : "no");
    /* why: the text of the entry's from line, of the value, or the definition's */
    int line = jd->agg == SCOOT__JA_SINCE_FIRST ? a->first_from
               : jd->agg == SCOOT__JA_LATEST    ? a->last_from
                                                : -1;
    const char *t = line >= 0 && jd->from[line].because.text ? jd->from[line].because.text
                    : yes == 1 && jd->because_yes.text       ? jd->because_yes.text
                    : yes == 0 && jd->because_no.text        ? jd->because_no.text
                                                             : jd->because.text;
    scoot_time at = jd->agg == SCOOT__JA_SINCE_FIRST ? a->first.t : a->last.t;
    char why[256];
    fill(why, sizeof why, t ? t : "", vals, main, at, from, a->last);
    put(c, kb, fa->id, value, explain, why);
}

/* The most readings of one pass. */
#define MAX_READINGS 6

static void facts_free(facts *f)
{
    if (f->a)
        for (int k = 0; k < f->kb->n_journal; k++) {
            json_decref(f->a[k].last_d);
            scoot_free(f->a[k].days);
            scoot_free(f->a[k].row);
            scoot_free(f->a[k].run);
        }
    scoot_free(f->a);
    scoot_free(f->obs_val);
    scoot_free(f->obs_known);
    scoot_free(f->obs_at);
}

static int facts_init(facts *f, const scoot_kb *kb, scoot_time now)
{
    memset(f, 0, sizeof *f);
    f->now = now;
    f->kb = kb;
    f->a = scoot_calloc((size_t)kb->n_journal + 1, sizeof *f->a);
    f->obs_val = scoot_calloc((size_t)kb->n_facts + 1, sizeof *f->obs_val);
    f->obs_known = scoot_calloc((size_t)kb->n_facts + 1, 1);
    f->obs_at = scoot_calloc((size_t)kb->n_facts + 1, sizeof *f->obs_at);
    if (!f->a || !f->obs_val || !f->obs_known || !f->obs_at)
        return SCOOT_ENOMEM;
    for (int k = 0; k < kb->n_journal; k++) {
        const scoot__journal *jd = &kb->journal[k];
        f->a[k].every = 1;
        if (jd->agg == SCOOT__JA_DAYS_IN_A_ROW &&
            !(f->a[k].row = scoot_calloc((size_t)(jd->within / DAY) + 1, 1)))
            return SCOOT_ENOMEM;
    }
    return SCOOT_OK;
}

/*
 * scoot_journal_derive for n readings at once (rd[i] into c[i]; n <= MAX_READINGS), in one
 * pass over the journal; explain (may be NULL) gets the lines of the first.
 */
static int derive_n(scoot_journal *j, const char *cat, scoot_time now, int n, const reading *rd,
                    scoot_case **c, scoot_buf *explain, scoot_buf *err)
{
    assert(n >= 1 && n <= MAX_READINGS); /* the callers read one cat at one or a few times */
    const scoot_kb *kb = j->kb;
    scoot__cat_row row;
    int rc = scoot__j_cat(j, cat, &row, err);
    if (rc)
        return rc;
    /* the profile (the row's strings are used before the next backend call) */
    json_t *cj = scoot__cat_json(&row, now, 0);
    if (!cj)
        return SCOOT_ENOMEM;
    for (int i = 0; i < n; i++)
        profile_facts(kb, &row, cj, c[i], i ? NULL : explain);

    facts f[MAX_READINGS];
    int any = 0;
    pass p = {n, f, rd, 0};
    memset(f, 0, sizeof f);
    for (int i = 0; i < n; i++) {
        if (facts_init(&f[i], kb, now))
            rc = SCOOT_ENOMEM;
        any |= rd[i].mode != READ_NONE;
    }
    /* the days that the windows reach back (which is all that most facts look at), then the
     * kinds read at any age through the (cat, kind, time) index */
    if (!rc && any && kb->n_journal)
        rc = scoot_journal_scan(j, cat, now - kb->jreach, now + SCOOT__MAX_FUTURE + 1, NULL,
                                derive_cb, &p, err);
    p.all_kinds = 1;
    for (int k = 0; !rc && any && k < scoot__n_ekinds; k++)
        if (kb->jkind_any_age[k])
            rc = scoot_journal_scan(j, cat, 0, now + SCOOT__MAX_FUTURE + 1, scoot__ekinds[k].kind,
                                    derive_cb, &p, err);
    for (int i = 0; i < n; i++) {
        for (int k = 0; !rc && k < kb->n_journal; k++) {
            const scoot__journal *jd = &kb->journal[k];
            if (jd->agg == SCOOT__JA_OBSERVED)
                observed_facts(kb, jd, &f[i], c[i], i ? NULL : explain);
            else
                journal_fact(kb, jd, &f[i].a[k], now, &row, cj, c[i], i ? NULL : explain);
        }
        facts_free(&f[i]);
    }
    json_decref(cj);
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

/* Keeps the id of the event the scan gives (the latest: it runs newest first, one event). */
static int last_id_cb(void *ud, const scoot_event *e)
{
    *(int64_t *)ud = e->id;
    return 0;
}

/* Keeps the time of the event the scan gives (the latest, as last_id_cb). */
static int last_t_cb(void *ud, const scoot_event *e)
{
    *(scoot_time *)ud = e->t;
    return 0;
}

/* The time of the cat's latest vet visit before until, into *t (left as it is with none). */
static int last_visit_t(scoot_journal *j, const char *cat, scoot_time until, scoot_time *t,
                        scoot_buf *err)
{
    return scoot_journal_scan_page(j, cat, 0, until, "vet_visit", NULL, 1, 1, last_t_cb, t, err);
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
        /* (the row as the backend reads it: no JSON made and read back) */
        scoot__event_row er;
        rc = j->be->event_get(j->db, j->hh, event, &er);
        if (rc == SCOOT_ENOENT)
            scoot_err(err, rc, SCOOT_R_NO_ENTRY, NULL, "no event with id %lld", (long long)event);
        else if (rc)
            scoot__j_fail(j, rc, "reading the event", err);
        if (!rc && er.cat_id != row.id)
            rc = scoot_err(err, SCOOT_ENOENT, SCOOT_R_NO_ENTRY, NULL, "event %lld is not one of %s's",
                           (long long)event, name);
        scoot_time et = rc ? 0 : er.t;
        if (!rc)
            *relevant = er.kind && derived_kind(j->kb, er.kind);
        /* an entry timed before the last vet visit (logged late) brings nothing: the vet has
         * seen the cat since */
        set->after_t = INT64_MIN;
        if (!rc)
            rc = last_visit_t(j, cat, now + 1, &set->after_t, err);
        if (!rc && *relevant && set->after_t != INT64_MIN && et < set->after_t)
            *relevant = 0;
        set->id = event;
        return rc;
    }
    /* the last check (entries logged since: a greater id) and the last vet visit (entries
     * timed after it) */
    set->after_id = 0;
    set->after_t = INT64_MIN;
    rc = scoot_journal_scan_page(j, cat, 0, now + SCOOT__MAX_FUTURE + 1, "assessment", NULL, 1, 1,
                                 last_id_cb, &set->after_id, err);
    if (!rc)
        rc = last_visit_t(j, cat, now + 1, &set->after_t, err);
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
    uint8_t *bits = scoot_calloc(4 * nr, 1);
    if (!bits)
        return SCOOT_ENOMEM;
    uint8_t *now_f = bits, *counts = bits + nr, *seen = bits + 3 * nr;
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
        /* cat NULL: the entry's own cat */
        char own[256];
        if (!cat) {
            scoot__event_row er;
            scoot__cat_row cr;
            rc = j->be->event_get(j->db, j->hh, event, &er);
            if (!rc)
                rc = j->be->cat_get(j->db, j->hh, er.cat_id, &cr);
            if (rc == SCOOT_ENOENT)
                scoot_err(err, rc, SCOOT_R_NO_ENTRY, NULL, "no event with id %lld", (long long)event);
            else if (rc)
                scoot__j_fail(j, rc, "reading the event", err);
            else if (snprintf(own, sizeof own, "%s", cr.name ? cr.name : "") >= (int)sizeof own)
                rc = SCOOT_ETOOBIG; /* (names hold at most 100 characters) */
            cat = own;
        }
        /* what is open: all that the journal calls for now, but what it called for when the
         * cat last saw a vet (the vet has seen to that) unless the entries since the visit
         * bring it again. A check closes nothing: it may not have been acted on. */
        if (!rc)
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
