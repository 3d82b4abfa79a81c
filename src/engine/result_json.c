/* result_json.c: the result JSON of vocabulary.md, with texts for people. */
#include "../core/setup.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>

#include "../core/arena.h"
#include "scoot/alloc.h"

#include "../kb/kb_json.h"
#include "engine_int.h"
#include "scoot/error.h"

/* ---- the result JSON from pre-rendered pieces ----
 * Everything in a result but the level, the scores and which items are present is text of
 * the KB, so it is rendered once per KB (escaped, with its sources) and then copied. */

typedef struct {
    char *s;
    size_t n;
} piece;

/* The pieces that differ between the full result and the brief one (SCOOT_JSON_BRIEF), which
 * leaves out what GET /api/v1/kb (scoot_kb_to_json) already holds: level labels and advice,
 * cause names, abouts and sources, care titles, steps, cautions and sources, watch-for texts,
 * red-flag questions and the disclaimer. */
typedef struct {
    piece head;                     /* {"kb":{...},"triage":{"level": */
    piece level[3];                 /* "vet_soon","label":..,"advice":..,"reasons":[ */
    piece *watch;                   /* per rule */
    piece *cause_head, *cause_tail; /* per cause: {"id",..,"score": / ],"about",..} */
    piece *care;                    /* per care item */
    piece *unanswered;              /* per fact */
    piece tail;                     /* ],"disclaimer":..}\n */
    size_t fixed;                   /* the bytes of a result with no item: see bound() */
} form;

typedef struct {
    scoot_arena arena;
    form form[2];               /* full, brief */
    piece default_reason;
    piece open_reason;          /* the default reason while the level is not settled */
    piece *qid;                 /* per fact: its id as a JSON string */
    piece *reason;              /* per rule */
    piece *ev;                  /* per evidence line: {"text":..,"weight":..} */
    piece **withheld;           /* per care item, per unless */
    size_t checklist_id_max;    /* the longest checklist id */
    int failed;
} cache;

/* The most items a result's next screen lists (a checklist's items; more are cut). */
#define SCOOT__SCREEN_MAX 16

static void keep(cache *c, scoot_buf *b, piece *p)
{
    p->s = scoot_arena_strndup(&c->arena, b->data ? b->data : "", b->len);
    p->n = b->len;
    if (!p->s)
        c->failed = 1;
    scoot_buf_reset(b);
}

static void cache_free(void *p)
{
    cache *c = p;
    scoot_arena_free(&c->arena);
    scoot_free(c);
}

static piece *pieces(cache *c, size_t n)
{
    piece *p = scoot_arena_zalloc(&c->arena, n * sizeof(piece));
    if (!p)
        c->failed = 1;
    return p;
}

/* The pieces of one form; brief leaves out the KB's own texts. */
static int build_form(cache *c, const scoot_kb *kb, form *f, int brief, scoot_buf *b)
{
    int rc = scoot_buf_adds(b, "{\"kb\":{");
    if (!rc)
        rc = scoot__json_kv(b, "id", kb->id, 0);
    if (!rc)
        rc = scoot__json_kv(b, "version", kb->version, 1);
    if (!rc && !brief)
        rc = scoot__json_kv(b, "title", kb->title, 1);
    if (!rc)
        rc = scoot_buf_adds(b, brief ? "},\"texts\":\"brief\",\"triage\":{\"level\":"
                                     : "},\"triage\":{\"level\":");
    keep(c, b, &f->head);
    for (int l = 0; l < 3; l++) {
        if (!rc)
            rc = scoot_buf_add_json_str(b, scoot_level_id((scoot_level)l));
        if (!brief) {
            if (!rc)
                rc = scoot__json_kv(b, "label", kb->levels[l].label, 1);
            if (!rc)
                rc = scoot__json_kv(b, "advice", kb->levels[l].advice, 1);
            if (!rc)
                rc = scoot__json_strs(b, "now", kb->levels[l].now, kb->levels[l].n_now);
        }
        if (!rc)
            rc = scoot_buf_adds(b, ",\"reasons\":[");
        keep(c, b, &f->level[l]);
    }
    f->watch = pieces(c, (size_t)kb->n_rules + 1);
    f->cause_head = pieces(c, (size_t)kb->n_causes + 1);
    f->cause_tail = pieces(c, (size_t)kb->n_causes + 1);
    f->care = pieces(c, (size_t)kb->n_cares + 1);
    f->unanswered = pieces(c, (size_t)kb->n_facts + 1);
    for (int i = 0; i < kb->n_rules && !c->failed; i++) {
        const scoot__rule *ru = &kb->rules[i];
        if (!ru->watch)
            continue;
        if (!rc)
            rc = scoot_buf_addc(b, '{');
        if (!rc)
            rc = scoot__json_kv(b, "rule", ru->id, 0);
        if (!rc)
            rc = scoot__json_kv(b, "level", scoot_level_id((scoot_level)ru->level), 1);
        if (!rc && !brief)
            rc = scoot__json_kv(b, "text", ru->watch, 1);
        if (!rc)
            rc = scoot_buf_addc(b, '}');
        keep(c, b, &f->watch[i]);
    }
    for (int i = 0; i < kb->n_causes && !c->failed; i++) {
        const scoot__cause *ca = &kb->causes[i];
        if (!rc)
            rc = scoot_buf_addc(b, '{');
        if (!rc)
            rc = scoot__json_kv(b, "id", ca->id, 0);
        if (!rc)
            rc = scoot__json_kv(b, "group", kb->groups[ca->group].id, 1);
        if (!rc && !brief)
            rc = scoot__json_kv(b, "name", ca->name, 1);
        if (!rc)
            rc = scoot_buf_adds(b, ",\"score\":");
        keep(c, b, &f->cause_head[i]);
        if (!rc)
            rc = scoot_buf_addc(b, ']'); /* the end of "against" */
        if (!brief) {
            if (!rc)
                rc = scoot__json_kv(b, "about", ca->about, 1);
            if (!rc)
                rc = scoot_buf_adds(b, ",\"sources\":");
            if (!rc)
                rc = scoot__json_sources(b, kb, &ca->src);
        }
        if (!rc)
            rc = scoot_buf_addc(b, '}');
        keep(c, b, &f->cause_tail[i]);
    }
    for (int i = 0; i < kb->n_cares && !c->failed; i++) {
        const scoot__care *k = &kb->cares[i];
        if (!rc)
            rc = scoot_buf_addc(b, '{');
        if (!rc)
            rc = scoot__json_kv(b, "id", k->id, 0);
        if (!rc && !brief)
            rc = scoot__json_kv(b, "title", k->title, 1);
        if (!rc)
            rc = scoot__json_schedule(b, k);
        if (!brief) {
            if (!rc)
                rc = scoot__json_strs(b, "steps", k->steps, k->n_do);
            if (!rc)
                rc = scoot__json_strs(b, "cautions", k->cautions, k->n_caution);
            if (!rc)
                rc = scoot_buf_adds(b, ",\"sources\":");
            if (!rc)
                rc = scoot__json_sources(b, kb, &k->src);
        }
        if (!rc)
            rc = scoot_buf_addc(b, '}');
        keep(c, b, &f->care[i]);
    }
    for (int i = 0; i < kb->n_facts && !c->failed; i++) {
        if (!kb->facts[i].redflag)
            continue;
        if (!rc)
            rc = scoot_buf_addc(b, '{');
        if (!rc)
            rc = scoot__json_kv(b, "id", kb->facts[i].id, 0);
        if (!rc && !brief)
            rc = scoot__json_kv(b, "question", kb->facts[i].ask, 1);
        if (!rc)
            rc = scoot_buf_addc(b, '}');
        keep(c, b, &f->unanswered[i]);
    }
    if (!rc)
        rc = scoot_buf_adds(b, "]");
    if (!rc && !brief)
        rc = scoot__json_kv(b, "disclaimer", kb->disclaimer, 1);
    if (!rc)
        rc = scoot_buf_adds(b, "}\n");
    keep(c, b, &f->tail);
    if (c->failed)
        return rc;
    /* the parts every result has: head, tail, each cause with its literals (under 64 bytes a
     * cause) and the fixed literals (under 256 bytes) */
    size_t fixed = 256 + f->head.n + f->tail.n;
    for (int i = 0; i < kb->n_causes; i++)
        fixed += f->cause_head[i].n + f->cause_tail[i].n + 64;
    f->fixed = fixed;
    return rc;
}

static cache *build_cache(const scoot_kb *kb)
{
    cache *c = scoot_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    scoot_arena_init(&c->arena, 64 * 1024);
    scoot_buf b;
    scoot_buf_init(&b, 0);
    int rc = 0;
    if (!rc)
        rc = scoot_buf_adds(&b, "{\"rule\":\"default\"");
    if (!rc)
        rc = scoot__json_kv(&b, "level", "monitor", 1);
    if (!rc)
        rc = scoot__json_kv(&b, "text", kb->default_reason, 1);
    if (!rc)
        rc = scoot_buf_adds(&b, ",\"sources\":[]}");
    keep(c, &b, &c->default_reason);
    if (!rc)
        rc = scoot_buf_adds(&b, "{\"rule\":\"default\"");
    if (!rc)
        rc = scoot__json_kv(&b, "level", "monitor", 1);
    if (!rc)
        rc = scoot__json_kv(&b, "text", kb->open_reason ? kb->open_reason : kb->default_reason, 1);
    if (!rc)
        rc = scoot_buf_adds(&b, ",\"sources\":[]}");
    keep(c, &b, &c->open_reason);
    for (int i = 0; i < scoot_kb_n_checklists(kb); i++) {
        size_t n = strlen(scoot_kb_checklist(kb, i, NULL, NULL));
        if (n > c->checklist_id_max)
            c->checklist_id_max = n;
    }
    c->qid = pieces(c, (size_t)kb->n_facts + 1);
    for (int i = 0; i < kb->n_facts && !c->failed; i++) {
        if (!rc)
            rc = scoot_buf_add_json_str(&b, kb->facts[i].id);
        keep(c, &b, &c->qid[i]);
    }
    c->reason = pieces(c, (size_t)kb->n_rules + 1);
    c->ev = pieces(c, (size_t)kb->n_evidence + 1);
    c->withheld = scoot_arena_zalloc(&c->arena, ((size_t)kb->n_cares + 1) * sizeof(piece *));
    if (!c->withheld)
        c->failed = 1;
    for (int i = 0; i < kb->n_rules && !c->failed; i++) {
        const scoot__rule *ru = &kb->rules[i];
        if (!rc)
            rc = scoot_buf_addc(&b, '{');
        if (!rc)
            rc = scoot__json_kv(&b, "rule", ru->id, 0);
        if (!rc)
            rc = scoot__json_kv(&b, "level", scoot_level_id((scoot_level)ru->level), 1);
        if (!rc)
            rc = scoot__json_kv(&b, "text", ru->reason, 1);
        if (!rc)
            rc = scoot_buf_adds(&b, ",\"sources\":");
        if (!rc)
            rc = scoot__json_sources(&b, kb, &ru->src);
        if (!rc)
            rc = scoot_buf_addc(&b, '}');
        keep(c, &b, &c->reason[i]);
    }
    for (int e = 0; e < kb->n_evidence && !c->failed; e++) {
        if (!rc)
            rc = scoot_buf_addc(&b, '{');
        if (!rc)
            rc = scoot__json_kv(&b, "text", kb->evidence[e].text, 0);
        if (!rc)
            rc = scoot_buf_printf(&b, ",\"weight\":%g}", fabs(kb->evidence[e].weight));
        keep(c, &b, &c->ev[e]);
    }
    for (int i = 0; i < kb->n_cares && !c->failed; i++) {
        const scoot__care *k = &kb->cares[i];
        c->withheld[i] = pieces(c, (size_t)k->n_unless + 1);
        for (int u = 0; u < k->n_unless && !c->failed; u++) {
            if (!rc)
                rc = scoot_buf_addc(&b, '{');
            if (!rc)
                rc = scoot__json_kv(&b, "id", k->id, 0);
            if (!rc)
                rc = scoot__json_kv(&b, "title", k->title, 1);
            if (!rc)
                rc = scoot__json_kv(&b, "reason", k->unless[u].reason, 1);
            if (!rc)
                rc = scoot_buf_addc(&b, '}');
            keep(c, &b, &c->withheld[i][u]);
        }
    }
    for (int brief = 0; brief < 2 && !c->failed; brief++) {
        if (!rc)
            rc = build_form(c, kb, &c->form[brief], brief, &b);
    }
    scoot_buf_free(&b);
    if (rc || c->failed) {
        cache_free(c);
        return NULL;
    }
    return c;
}

/* The KB's pre-rendered pieces, built by the first result written with this KB. */
static const cache *get_cache(const scoot_kb *kb)
{
    scoot__kb_lazy *lz = kb->lazy;
    void *have = __atomic_load_n(&lz->result_json, __ATOMIC_ACQUIRE);
    if (have)
        return have;
    pthread_mutex_lock(&lz->lock);
    cache *c = lz->result_json;
    if (!c && (c = build_cache(kb)) != NULL) {
        lz->result_json_free = cache_free;
        void *built = c;
        __atomic_store_n(&lz->result_json, built, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lz->lock);
    return c;
}

/* The writer of a result: the bytes go to p, which has room for bound() bytes. */
typedef struct {
    char *p;
} writer;

static void put(writer *w, const char *s, size_t n)
{
    memcpy(w->p, s, n);
    w->p += n;
}

#define PUTS(w, lit) put((w), (lit), sizeof(lit) - 1)
#define PUTP(w, piece) put((w), (piece).s, (piece).n)

/* "00".."99", for writing scores two digits at a time. */
static const char digits2[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                 "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                 "8081828384858687888990919293949596979899";

/* A score in [0, 1] as "0.1234" (what printf's %.4f gives, without printf). */
static void put_score(writer *w, double s)
{
    long v = (long)(s * 10000.0 + 0.5);
    if (v < 0)
        v = 0;
    if (v > 10000)
        v = 10000;
    int hi = (int)(v % 10000 / 100), lo = (int)(v % 100);
    char t[6] = {(char)('0' + v / 10000), '.', digits2[2 * hi], digits2[2 * hi + 1], digits2[2 * lo],
                 digits2[2 * lo + 1]};
    put(w, t, 6);
}

/* A count (n >= 0) in decimal. */
static void put_int(writer *w, int n)
{
    char t[12];
    int i = (int)sizeof t;
    do
        t[--i] = (char)('0' + n % 10);
    while ((n /= 10) > 0 && i > 0);
    put(w, t + i, sizeof t - (size_t)i);
}

/* ",x" for every item but the first of a list. */
static void sep(writer *w, int *first)
{
    if (!*first)
        put(w, ",", 1);
    *first = 0;
}

/* The evidence lines of one cause that are for (pass 0) or against (pass 1) it. */
static void put_evidence(writer *w, const cache *c, const double *weight, const int *hit, int nh,
                         int pass)
{
    int first = 1;
    for (int x = 0; x < nh; x++)
        if ((weight[hit[x]] > 0) == (pass == 0)) {
            sep(w, &first);
            PUTP(w, c->ev[hit[x]]);
        }
}

/* Writes the result; returns the end of what was written. */
static char *walk(const scoot_result *r, const cache *c, const form *f, char *out)
{
    const scoot_kb *kb = r->kb;
    writer wr = {out}, *w = &wr;
    PUTP(w, f->head);
    PUTP(w, f->level[r->level]);
    int first = 1;
    if (r->default_reason) {
        sep(w, &first);
        if (r->settled && !r->n_unsure_rf)
            PUTP(w, c->default_reason);
        else
            PUTP(w, c->open_reason);
    }
    for (int i = 0; i < r->n_fired; i++) {
        sep(w, &first);
        PUTP(w, c->reason[r->fired[i]]);
    }
    if (r->settled)
        PUTS(w, "],\"settled\":true");
    else
        PUTS(w, "],\"settled\":false");
    PUTS(w, ",\"level_questions\":");
    put_int(w, r->n_next_level);
    PUTS(w, "},\"causes\":[");
    for (int k = 0; k < kb->n_causes; k++) {
        int i = r->order[k];
        if (k)
            PUTS(w, ",");
        PUTP(w, f->cause_head[i]);
        put_score(w, r->score[i]);
        const int *hit = r->ev_hit + r->hit_first[i], nh = r->hit_first[i + 1] - r->hit_first[i];
        if (!nh) {
            if (r->likely[i])
                PUTS(w, ",\"likely\":true,\"for\":[],\"against\":[");
            else
                PUTS(w, ",\"likely\":false,\"for\":[],\"against\":[");
        } else {
            if (r->likely[i])
                PUTS(w, ",\"likely\":true,\"for\":[");
            else
                PUTS(w, ",\"likely\":false,\"for\":[");
            put_evidence(w, c, kb->fx.ev_weight, hit, nh, 0);
            PUTS(w, "],\"against\":[");
            put_evidence(w, c, kb->fx.ev_weight, hit, nh, 1);
        }
        PUTP(w, f->cause_tail[i]);
    }
    PUTS(w, "],\"care\":[");
    for (int i = 0; i < r->n_plan; i++) {
        if (i)
            PUTS(w, ",");
        PUTP(w, f->care[r->plan[i]]);
    }
    PUTS(w, "],\"withheld\":[");
    first = 1;
    for (int i = 0; i < kb->n_cares; i++) {
        if (r->care_status[i] != SCOOT__CARE_WITHHELD)
            continue;
        sep(w, &first);
        PUTP(w, c->withheld[i][r->care_unless[i]]);
    }
    PUTS(w, "],\"watch_for\":[");
    for (int i = 0; i < r->n_watch; i++) {
        if (i)
            PUTS(w, ",");
        PUTP(w, f->watch[r->watch[i]]);
    }
    PUTS(w, "],\"unanswered_red_flags\":[");
    for (int i = 0; i < r->n_unanswered; i++) {
        if (i)
            PUTS(w, ",");
        PUTP(w, f->unanswered[r->unanswered[i]]);
    }
    PUTS(w, "],\"next_screen\":{\"checklist\":");
    int screen[SCOOT__SCREEN_MAX], cl, n_screen = scoot_result_next_screen(r, screen, SCOOT__SCREEN_MAX, &cl);
    if (cl >= 0) {
        const char *id = scoot_kb_checklist(kb, cl, NULL, NULL);
        PUTS(w, "\"");
        put(w, id, strlen(id));
        PUTS(w, "\"");
    } else {
        PUTS(w, "null");
    }
    PUTS(w, ",\"questions\":[");
    for (int i = 0; i < n_screen; i++) {
        if (i)
            PUTS(w, ",");
        PUTP(w, c->qid[screen[i]]);
    }
    PUTS(w, "]},\"next_questions\":[");
    for (int i = 0; i < r->n_next; i++) {
        if (i)
            PUTS(w, ",");
        PUTP(w, c->qid[r->next[i]]);
    }
    PUTP(w, f->tail);
    return w->p;
}

int scoot_result_to_json(const scoot_result *r, scoot_buf *o)
{
    return scoot_result_to_json_flags(r, o, 0);
}

/* An upper bound of the size of r's JSON: the sum of the pieces walk() writes for it, each
 * with a comma (cheaper than a walk; at most a few bytes a cause over the size). It lists the
 * same items as walk(): change both together (the asserts below check it in debug builds). */
static size_t bound(const scoot_result *r, const cache *c, const form *f)
{
    const scoot_kb *kb = r->kb;
    size_t n = f->fixed + f->level[r->level].n + c->default_reason.n + c->open_reason.n;
    for (int i = 0; i < r->n_fired; i++)
        n += c->reason[r->fired[i]].n + 1;
    for (int h = 0; h < r->hit_first[kb->n_causes]; h++)
        n += c->ev[r->ev_hit[h]].n + 1;
    for (int i = 0; i < r->n_plan; i++)
        n += f->care[r->plan[i]].n + 1;
    for (int i = 0; i < kb->n_cares; i++)
        if (r->care_status[i] == SCOOT__CARE_WITHHELD)
            n += c->withheld[i][r->care_unless[i]].n + 1;
    for (int i = 0; i < r->n_watch; i++)
        n += f->watch[r->watch[i]].n + 1;
    for (int i = 0; i < r->n_unanswered; i++)
        n += f->unanswered[r->unanswered[i]].n + 1;
    /* "settled", "level_questions", "next_screen" and "next_questions"; a screen's questions
     * are some of the next questions */
    n += 160 + c->checklist_id_max;
    for (int i = 0; i < r->n_next; i++)
        n += 2 * (c->qid[r->next[i]].n + 1);
    return n;
}

int scoot_result_to_json_flags(const scoot_result *r, scoot_buf *o, int flags)
{
    const cache *c = get_cache(r->kb);
    if (!c)
        return SCOOT_ENOMEM;
    const form *f = &c->form[flags & SCOOT_JSON_BRIEF ? 1 : 0];
    size_t max = bound(r, c, f);
    int rc = scoot_buf_reserve(o, max);
    if (rc == SCOOT_ETOOBIG) { /* a cap just below the bound: write aside, then append */
        char *tmp = scoot_malloc(max);
        if (!tmp)
            return SCOOT_ENOMEM;
        size_t n = (size_t)(walk(r, c, f, tmp) - tmp);
        assert(n <= max);
        rc = scoot_buf_add(o, tmp, n);
        scoot_free(tmp);
        return rc; /* on failure the buffer is left as it was */
    }
    if (rc) /* out of memory: the buffer is left as it was */
        return rc;
    char *end = walk(r, c, f, o->data + o->len);
    assert((size_t)(end - (o->data + o->len)) <= max);
    o->len = (size_t)(end - o->data);
    o->data[o->len] = '\0';
    return SCOOT_OK;
}
