/* result_json.c: the result JSON of vocabulary.md, with texts for people. */
#include "../core/setup.h"

#include <math.h>
#include <pthread.h>

#include "../core/arena.h"
#include "scoot/alloc.h"

#include "../engine/engine_int.h"
#include "render_int.h"
#include "scoot/error.h"

int scoot__json_sources(scoot_buf *o, const scoot_kb *kb, const scoot__srcs *s)
{
    int rc = scoot_buf_addc(o, '[');
    for (int i = 0; i < s->n; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= scoot_buf_add_json_str(o, kb->sources[s->idx[i]].id);
    }
    return rc | scoot_buf_addc(o, ']');
}

int scoot__json_kv(scoot_buf *o, const char *key, const char *val, int comma)
{
    int rc = scoot_buf_printf(o, "%s\"%s\":", comma ? "," : "", key);
    return rc | (val ? scoot_buf_add_json_str(o, val) : scoot_buf_adds(o, "null"));
}

int scoot__json_strs(scoot_buf *o, const char *key, const char *const *v, int n)
{
    int rc = scoot_buf_printf(o, ",\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        if (i)
            rc |= scoot_buf_addc(o, ',');
        rc |= scoot_buf_add_json_str(o, v[i]);
    }
    return rc | scoot_buf_addc(o, ']');
}

int scoot__json_schedule(scoot_buf *o, const scoot__care *k)
{
    int rc = scoot_buf_adds(o, ",\"schedule\":{");
    const char *sep = "";
    if (k->times_per_day) {
        rc |= scoot_buf_printf(o, "\"times_per_day\":%d", k->times_per_day);
        sep = ",";
    }
    if (k->minutes) {
        rc |= scoot_buf_printf(o, "%s\"minutes\":%d", sep, k->minutes);
        sep = ",";
    }
    if (k->days)
        rc |= scoot_buf_printf(o, "%s\"days\":%d", sep, k->days);
    return rc | scoot_buf_addc(o, '}');
}

/* ---- the result JSON from pre-rendered pieces ----
 * Everything in a result but the level, the scores and which items are present is text of
 * the KB, so it is rendered once per KB (escaped, with its sources) and then copied. */

typedef struct {
    char *s;
    size_t n;
} piece;

typedef struct {
    scoot_arena arena;
    piece head;                 /* {"kb":{...},"triage":{"level": */
    piece level[3];             /* "vet_soon","label":..,"advice":..,"reasons":[ */
    piece default_reason;
    piece *reason, *watch;      /* per rule */
    piece *cause_head, *cause_tail; /* per cause: {"id",..,"name":..,"score": / "about",..} */
    piece *ev;                  /* per evidence line: {"text":..,"weight":..} */
    piece *care;                /* per care item */
    piece **withheld;           /* per care item, per unless */
    piece *unanswered;          /* per fact */
    piece tail;                 /* ],"disclaimer":..}\n */
    size_t typical;             /* the size of a large result, to reserve at once */
    int failed;
} cache;

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

static cache *build_cache(const scoot_kb *kb)
{
    cache *c = scoot_calloc(1, sizeof *c);
    if (!c)
        return NULL;
    scoot_arena_init(&c->arena, 64 * 1024);
    scoot_buf b;
    scoot_buf_init(&b, 0);
    int rc = 0;
    rc |= scoot_buf_adds(&b, "{\"kb\":{");
    rc |= scoot__json_kv(&b, "id", kb->id, 0);
    rc |= scoot__json_kv(&b, "version", kb->version, 1);
    rc |= scoot__json_kv(&b, "title", kb->title, 1);
    rc |= scoot_buf_adds(&b, "},\"triage\":{\"level\":");
    keep(c, &b, &c->head);
    for (int l = 0; l < 3; l++) {
        rc |= scoot_buf_add_json_str(&b, scoot_level_id((scoot_level)l));
        rc |= scoot__json_kv(&b, "label", kb->levels[l].label, 1);
        rc |= scoot__json_kv(&b, "advice", kb->levels[l].advice, 1);
        rc |= scoot_buf_adds(&b, ",\"reasons\":[");
        keep(c, &b, &c->level[l]);
    }
    rc |= scoot_buf_adds(&b, "{\"rule\":\"default\"");
    rc |= scoot__json_kv(&b, "level", "monitor", 1);
    rc |= scoot__json_kv(&b, "text", kb->default_reason, 1);
    rc |= scoot_buf_adds(&b, ",\"sources\":[]}");
    keep(c, &b, &c->default_reason);
    size_t nr = (size_t)kb->n_rules + 1, nc = (size_t)kb->n_causes + 1,
           ne = (size_t)kb->n_evidence + 1, nk = (size_t)kb->n_cares + 1,
           nf = (size_t)kb->n_facts + 1;
    c->reason = scoot_arena_zalloc(&c->arena, nr * sizeof(piece));
    c->watch = scoot_arena_zalloc(&c->arena, nr * sizeof(piece));
    c->cause_head = scoot_arena_zalloc(&c->arena, nc * sizeof(piece));
    c->cause_tail = scoot_arena_zalloc(&c->arena, nc * sizeof(piece));
    c->ev = scoot_arena_zalloc(&c->arena, ne * sizeof(piece));
    c->care = scoot_arena_zalloc(&c->arena, nk * sizeof(piece));
    c->withheld = scoot_arena_zalloc(&c->arena, nk * sizeof(piece *));
    c->unanswered = scoot_arena_zalloc(&c->arena, nf * sizeof(piece));
    if (!c->reason || !c->watch || !c->cause_head || !c->cause_tail || !c->ev || !c->care ||
        !c->withheld || !c->unanswered)
        c->failed = 1;
    for (int i = 0; i < kb->n_rules && !c->failed; i++) {
        const scoot__rule *ru = &kb->rules[i];
        rc |= scoot_buf_addc(&b, '{');
        rc |= scoot__json_kv(&b, "rule", ru->id, 0);
        rc |= scoot__json_kv(&b, "level", scoot_level_id((scoot_level)ru->level), 1);
        rc |= scoot__json_kv(&b, "text", ru->reason, 1);
        rc |= scoot_buf_adds(&b, ",\"sources\":");
        rc |= scoot__json_sources(&b, kb, &ru->src);
        rc |= scoot_buf_addc(&b, '}');
        keep(c, &b, &c->reason[i]);
        if (ru->watch) {
            rc |= scoot_buf_addc(&b, '{');
            rc |= scoot__json_kv(&b, "rule", ru->id, 0);
            rc |= scoot__json_kv(&b, "level", scoot_level_id((scoot_level)ru->level), 1);
            rc |= scoot__json_kv(&b, "text", ru->watch, 1);
            rc |= scoot_buf_addc(&b, '}');
            keep(c, &b, &c->watch[i]);
        }
    }
    for (int i = 0; i < kb->n_causes && !c->failed; i++) {
        const scoot__cause *ca = &kb->causes[i];
        rc |= scoot_buf_addc(&b, '{');
        rc |= scoot__json_kv(&b, "id", ca->id, 0);
        rc |= scoot__json_kv(&b, "group", kb->groups[ca->group].id, 1);
        rc |= scoot__json_kv(&b, "name", ca->name, 1);
        rc |= scoot_buf_adds(&b, ",\"score\":");
        keep(c, &b, &c->cause_head[i]);
        rc |= scoot__json_kv(&b, "about", ca->about, 0);
        rc |= scoot_buf_adds(&b, ",\"sources\":");
        rc |= scoot__json_sources(&b, kb, &ca->src);
        rc |= scoot_buf_addc(&b, '}');
        keep(c, &b, &c->cause_tail[i]);
    }
    for (int e = 0; e < kb->n_evidence && !c->failed; e++) {
        rc |= scoot_buf_addc(&b, '{');
        rc |= scoot__json_kv(&b, "text", kb->evidence[e].text, 0);
        rc |= scoot_buf_printf(&b, ",\"weight\":%g}", fabs(kb->evidence[e].weight));
        keep(c, &b, &c->ev[e]);
    }
    for (int i = 0; i < kb->n_cares && !c->failed; i++) {
        const scoot__care *k = &kb->cares[i];
        rc |= scoot_buf_addc(&b, '{');
        rc |= scoot__json_kv(&b, "id", k->id, 0);
        rc |= scoot__json_kv(&b, "title", k->title, 1);
        rc |= scoot__json_schedule(&b, k);
        rc |= scoot__json_strs(&b, "steps", k->steps, k->n_do);
        rc |= scoot__json_strs(&b, "cautions", k->cautions, k->n_caution);
        rc |= scoot_buf_adds(&b, ",\"sources\":");
        rc |= scoot__json_sources(&b, kb, &k->src);
        rc |= scoot_buf_addc(&b, '}');
        keep(c, &b, &c->care[i]);
        c->withheld[i] = scoot_arena_zalloc(&c->arena, ((size_t)k->n_unless + 1) * sizeof(piece));
        if (!c->withheld[i])
            c->failed = 1;
        for (int u = 0; u < k->n_unless && !c->failed; u++) {
            rc |= scoot_buf_addc(&b, '{');
            rc |= scoot__json_kv(&b, "id", k->id, 0);
            rc |= scoot__json_kv(&b, "title", k->title, 1);
            rc |= scoot__json_kv(&b, "reason", k->unless[u].reason, 1);
            rc |= scoot_buf_addc(&b, '}');
            keep(c, &b, &c->withheld[i][u]);
        }
    }
    for (int f = 0; f < kb->n_facts && !c->failed; f++) {
        if (!kb->facts[f].redflag)
            continue;
        rc |= scoot_buf_addc(&b, '{');
        rc |= scoot__json_kv(&b, "id", kb->facts[f].id, 0);
        rc |= scoot__json_kv(&b, "question", kb->facts[f].ask, 1);
        rc |= scoot_buf_addc(&b, '}');
        keep(c, &b, &c->unanswered[f]);
    }
    rc |= scoot_buf_adds(&b, "]");
    rc |= scoot__json_kv(&b, "disclaimer", kb->disclaimer, 1);
    rc |= scoot_buf_adds(&b, "}\n");
    keep(c, &b, &c->tail);
    /* every cause with a few evidence lines, half the care items, watch-for and red flags */
    c->typical = 2048 + c->tail.n;
    for (int i = 0; i < kb->n_causes && !c->failed; i++)
        c->typical += c->cause_head[i].n + c->cause_tail[i].n + 3 * 80;
    for (int i = 0; i < kb->n_cares && !c->failed; i++)
        c->typical += c->care[i].n / 2;
    for (int i = 0; i < kb->n_rules && !c->failed; i++)
        c->typical += c->watch[i].n;
    scoot_buf_free(&b);
    if (rc || c->failed) {
        cache_free(c);
        return NULL;
    }
    return c;
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const cache *get_cache(const scoot_kb *kb)
{
    cache *c = __atomic_load_n((cache *const *)&kb->render_cache, __ATOMIC_ACQUIRE);
    if (c)
        return c;
    pthread_mutex_lock(&cache_lock);
    scoot_kb *mkb = (scoot_kb *)kb; /* the cache is the one mutable part of a KB */
    c = mkb->render_cache;
    if (!c && (c = build_cache(kb)) != NULL) {
        mkb->render_cache_free = cache_free;
        __atomic_store_n(&mkb->render_cache, c, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&cache_lock);
    return c;
}

/* A score in [0, 1] as "0.1234" (what printf's %.4f gives, without printf). */
static void put_score(scoot_buf *o, double s)
{
    long v = (long)(s * 10000.0 + 0.5);
    if (v < 0)
        v = 0;
    if (v > 10000)
        v = 10000;
    char t[8] = {(char)('0' + v / 10000), '.', (char)('0' + v / 1000 % 10),
                 (char)('0' + v / 100 % 10), (char)('0' + v / 10 % 10), (char)('0' + v % 10)};
    scoot_buf_add(o, t, 6);
}

#define PUT(o, p) scoot_buf_add((o), (p).s, (p).n)

int scoot_result_to_json(const scoot_result *r, scoot_buf *o)
{
    const scoot_kb *kb = r->kb;
    const cache *c = get_cache(kb);
    if (!c)
        return SCOOT_ENOMEM;
    size_t start = o->len;
    scoot_buf_reserve(o, c->typical); /* one allocation for the usual result */
    PUT(o, c->head);
    PUT(o, c->level[r->level]);
    if (r->default_reason)
        PUT(o, c->default_reason);
    for (int i = 0; i < r->n_fired; i++) {
        if (i || r->default_reason)
            scoot_buf_addc(o, ',');
        PUT(o, c->reason[r->fired[i]]);
    }
    scoot_buf_adds(o, "]},\"causes\":[");
    for (int k = 0; k < kb->n_causes; k++) {
        int i = r->order[k];
        const scoot__cause *ca = &kb->causes[i];
        if (k)
            scoot_buf_addc(o, ',');
        PUT(o, c->cause_head[i]);
        put_score(o, r->score[i]);
        scoot_buf_adds(o, r->likely[i] ? ",\"likely\":true,\"for\":[" : ",\"likely\":false,\"for\":[");
        for (int pass = 0; pass < 2; pass++) {
            int first = 1;
            for (int e = ca->ev_first; e < ca->ev_first + ca->n_ev; e++) {
                if (!r->ev_true[e] || (kb->evidence[e].weight > 0) != (pass == 0))
                    continue;
                if (!first)
                    scoot_buf_addc(o, ',');
                first = 0;
                PUT(o, c->ev[e]);
            }
            scoot_buf_adds(o, pass == 0 ? "],\"against\":[" : "],");
        }
        PUT(o, c->cause_tail[i]);
    }
    scoot_buf_adds(o, "],\"care\":[");
    for (int i = 0; i < r->n_plan; i++) {
        if (i)
            scoot_buf_addc(o, ',');
        PUT(o, c->care[r->plan[i]]);
    }
    scoot_buf_adds(o, "],\"withheld\":[");
    int first = 1;
    for (int i = 0; i < kb->n_cares; i++) {
        if (r->care_status[i] != SCOOT__CARE_WITHHELD)
            continue;
        if (!first)
            scoot_buf_addc(o, ',');
        first = 0;
        PUT(o, c->withheld[i][r->care_unless[i]]);
    }
    scoot_buf_adds(o, "],\"watch_for\":[");
    for (int i = 0; i < r->n_watch; i++) {
        if (i)
            scoot_buf_addc(o, ',');
        PUT(o, c->watch[r->watch[i]]);
    }
    scoot_buf_adds(o, "],\"unanswered_red_flags\":[");
    for (int i = 0; i < r->n_unanswered; i++) {
        if (i)
            scoot_buf_addc(o, ',');
        PUT(o, c->unanswered[r->unanswered[i]]);
    }
    int rc = PUT(o, c->tail);
    if (rc) { /* the buffer hit its cap or memory ran out: leave it as it was */
        o->len = start;
        if (o->data)
            o->data[start] = '\0';
        return rc;
    }
    return SCOOT_OK;
}
