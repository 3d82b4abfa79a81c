/* settle.c: whether more answers could change a result's level, and which questions are still
 * worth asking. The rules are evaluated over every way the open questions could be answered at
 * once: two literal bitsets hold the literals that some answers could make true (can) and those
 * that every answer leaves true (must). A rule true under must fires whatever comes; one false
 * under can never fires; the level is settled when the two bounds meet. Literals are treated as
 * independent, so the bounds are safe (never settled too early), not always tight. */
#include "../core/setup.h"

#include "engine_int.h"

/* The causes whose evidence counts as "sharpening": the top of the ranking. */
#define SHARPEN_TOP 3

enum { TIER_URGENT, TIER_VET_SOON, TIER_CAUSES, TIER_CARE, TIER_NONE = 255 };

/* Swaps each literal's bit with its negation's (bits 2a and 2a + 1). */
static inline uint64_t swap_pairs(uint64_t x)
{
    const uint64_t lo = 0x5555555555555555u;
    return (x & lo) << 1 | (x >> 1 & lo);
}

/* 1 when node n is false for sure when the literals set in bits are true: the mirror image of
 * scoot__fast_true (a literal is false when its negation is true). */
static int false_under(const scoot__fast *fx, int n, const uint64_t *bits)
{
    const scoot__node *nd = &fx->nodes[n];
    if (nd->simple) {
        uint64_t f = swap_pairs(bits[nd->word0]) & nd->bits0;
        return nd->is_or ? f == nd->bits0 : f != 0;
    }
    const scoot__mword *w = fx->words + nd->words;
    if (!nd->is_or) { /* AND: one false literal or kid is enough */
        for (int i = 0; i < nd->n_words; i++)
            if (swap_pairs(bits[w[i].word]) & w[i].bits)
                return 1;
        for (int i = 0; i < nd->n_kids; i++)
            if (false_under(fx, fx->kids[nd->kids + i], bits))
                return 1;
        return 0;
    }
    for (int i = 0; i < nd->n_words; i++)
        if ((swap_pairs(bits[w[i].word]) & w[i].bits) != w[i].bits)
            return 0;
    for (int i = 0; i < nd->n_kids; i++)
        if (!false_under(fx, fx->kids[nd->kids + i], bits))
            return 0;
    return 1;
}

/* Which of v > k, v < k, v == k some value of fact fa can give (bits 0, 1, 2, as the truth
 * tables of scoot__factbit). */
static unsigned relations(const scoot__fact *fa, double k)
{
    double lo = fa->min, hi = fa->max;
    int whole = 0;
    if (fa->type == SCOOT__YESNO) {
        lo = 0, hi = 1, whole = 1;
    } else if (fa->type == SCOOT__CHOICE) {
        lo = 0, hi = fa->n_options - 1, whole = 1;
    }
    unsigned rel = 0;
    if (hi > k)
        rel |= 1;
    if (lo < k)
        rel |= 2;
    if (lo <= k && k <= hi && (!whole || k == (double)(long)k))
        rel |= 4;
    return rel;
}

/* Opens fact f in can and must: its tests may come out either way (or unknown). */
static void open_fact(const scoot_kb *kb, int f, uint64_t *can, uint64_t *must)
{
    const scoot__fast *fx = &kb->fx;
    for (int k = fx->fact_bits_first[f]; k < fx->fact_bits_first[f + 1]; k++) {
        const scoot__factbit *b = &fx->fact_bits[k];
        uint64_t both = (uint64_t)3 << b->sh;
        must[b->word] &= ~both;
        if (b->known) { /* "is known": answered or not */
            can[b->word] |= both;
            continue;
        }
        unsigned rel = relations(&kb->facts[f], b->k);
        uint64_t t = (rel & b->tt) != 0, fl = (rel & ~b->tt & 7u) != 0;
        can[b->word] = (can[b->word] & ~both) | t << b->sh | fl << (b->sh + 1);
    }
}

/* Closes fact f again: its tests are as the case has them. */
static void close_fact(const scoot_kb *kb, int f, const uint64_t *lt, uint64_t *can, uint64_t *must)
{
    const scoot__fast *fx = &kb->fx;
    for (int k = fx->fact_bits_first[f]; k < fx->fact_bits_first[f + 1]; k++) {
        const scoot__factbit *b = &fx->fact_bits[k];
        uint64_t both = (uint64_t)3 << b->sh;
        can[b->word] = (can[b->word] & ~both) | (lt[b->word] & both);
        must[b->word] = (must[b->word] & ~both) | (lt[b->word] & both);
    }
}

/* Sets both literals of atom a in bits: t for the atom, f for its negation. */
static void set_lits(uint64_t *bits, int a, int t, int f)
{
    int w = (2 * a) >> 6, sh = (2 * a) & 63;
    bits[w] = (bits[w] & ~((uint64_t)3 << sh)) | (uint64_t)(t != 0) << sh |
              (uint64_t)(f != 0) << (sh + 1);
}

/* The walk that finds the questions an undecided expression waits for. */
typedef struct {
    const scoot_kb *kb;
    const uint64_t *can, *must;
    const uint8_t *open;
    uint8_t *tier;
    uint8_t t;   /* the tier to give them */
    int changed; /* set when a fact's tier was raised */
    int *weight; /* per fact: how much its answer may decide (see scoot__settle) */
    int *stamp;  /* per fact: the last item that added to its weight */
    int item, add; /* the item walked now, and what it adds to each of its facts' weight */
} walk;

/* 1 when literal l (or its negation) may still change: some answers make it true, others not. */
static int lit_open(const walk *w, int l)
{
    uint64_t m = (uint64_t)1 << (l & 63);
    int k = l >> 6;
    uint64_t c = w->can[k], u = w->must[k];
    uint64_t cn = swap_pairs(c), un = swap_pairs(u);
    return ((c & ~u) | (cn & ~un)) & m ? 1 : 0;
}

static void mark_node(walk *w, int n);

/* Gives the open facts behind literal l tier w->t (at least). */
static void mark_lit(walk *w, int l)
{
    const scoot__fast *fx = &w->kb->fx;
    const scoot__atom *a = &fx->atoms[l >> 1];
    switch (a->op) {
    case SCOOT__OP_BOOL:
    case SCOOT__OP_KNOWN:
    case SCOOT__OP_CMP:
        if (!w->open[a->a])
            break;
        if (w->tier[a->a] > w->t) {
            w->tier[a->a] = w->t;
            w->changed = 1;
        }
        if (w->add && w->stamp[a->a] != w->item) {
            w->stamp[a->a] = w->item;
            w->weight[a->a] += w->add;
        }
        break;
    case SCOOT__OP_DEFINE: mark_node(w, fx->node_of_code[w->kb->defines[a->a].expr]); break;
    default: break; /* 'likely' moves with the ranking, not with one question */
    }
}

/* Gives tier w->t to the open facts that node n's value still waits for: a part of it that is
 * already decided (true or false whatever comes) waits for nothing. */
static void mark_node(walk *w, int n)
{
    const scoot__fast *fx = &w->kb->fx;
    int ct = scoot__fast_true(fx, n, w->can), mt = scoot__fast_true(fx, n, w->must);
    int cf = false_under(fx, n, w->can), mf = false_under(fx, n, w->must);
    if (!(ct && !mt) && !(cf && !mf))
        return;
    const scoot__node *nd = &fx->nodes[n];
    if (nd->simple) {
        for (uint64_t x = nd->bits0; x; x &= x - 1) {
            int l = (int)nd->word0 * 64 + scoot__ctz64(x);
            if (lit_open(w, l))
                mark_lit(w, l);
        }
        return;
    }
    const scoot__mword *mw = fx->words + nd->words;
    for (int i = 0; i < nd->n_words; i++)
        for (uint64_t x = mw[i].bits; x; x &= x - 1) {
            int l = (int)mw[i].word * 64 + scoot__ctz64(x);
            if (lit_open(w, l))
                mark_lit(w, l);
        }
    for (int i = 0; i < nd->n_kids; i++)
        mark_node(w, fx->kids[nd->kids + i]);
}

/* 1 when some part of node n that it needs is true whatever comes (an AND already part way to
 * true): the rule is closer to firing than one that has nothing yet. */
static int started(const scoot__fast *fx, int n, const uint64_t *must)
{
    const scoot__node *nd = &fx->nodes[n];
    if (nd->simple)
        return !nd->is_or && (must[nd->word0] & nd->bits0) != 0;
    const scoot__mword *mw = fx->words + nd->words;
    for (int i = 0; !nd->is_or && i < nd->n_words; i++)
        if (must[mw[i].word] & mw[i].bits)
            return 1;
    for (int i = 0; i < nd->n_kids; i++) {
        int k = fx->kids[nd->kids + i];
        if ((!nd->is_or && scoot__fast_true(fx, k, must)) || started(fx, k, must))
            return 1;
    }
    return 0;
}

/* Gives the questions a question of a tier follows (its ask-if waits for them) the same tier at
 * least: a follow-up question comes after the question it follows. */
static void promote_parents(walk *w)
{
    const scoot_kb *kb = w->kb;
    do {
        w->changed = 0;
        for (int f = 0; f < kb->n_facts; f++) {
            int ai = kb->facts[f].ask_if;
            if (w->tier[f] == TIER_NONE || ai < 0)
                continue;
            w->t = w->tier[f];
            mark_node(w, kb->fx.node_of_code[ai]);
        }
    } while (w->changed);
}

void scoot__settle(const scoot_kb *kb, const scoot_case *c, scoot_result *r)
{
    const scoot__fast *fx = &kb->fx;
    size_t nw = (size_t)fx->n_lwords;
    uint64_t *can = r->can, *must = r->must;
    memcpy(can, r->lt, nw * sizeof *can);
    memcpy(must, r->lt, nw * sizeof *must);
    int n_open = 0;
    for (int f = 0; f < kb->n_facts; f++) {
        const scoot__fact *fa = &kb->facts[f];
        r->open[f] = !c->known[f] && !c->unsure[f] && fa->ask && fa->type != SCOOT__TEXT;
        if (r->open[f]) {
            open_fact(kb, f, can, must);
            n_open++;
        }
    }
    /* a question whose ask-if is false whatever the open ones' answers is never asked */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int f = 0; f < kb->n_facts; f++) {
            int ai = kb->facts[f].ask_if;
            if (!r->open[f] || ai < 0 || !false_under(fx, fx->node_of_code[ai], must))
                continue;
            r->open[f] = 0;
            n_open--;
            close_fact(kb, f, r->lt, can, must);
            changed = 1;
        }
    }
    for (int d = 0; d < kb->n_defines; d++) {
        int a = fx->define_atom[d];
        if (a < 0)
            continue;
        int n = fx->node_of_code[kb->defines[d].expr];
        int ct = scoot__fast_true(fx, n, can), cf = false_under(fx, n, can);
        int mt = scoot__fast_true(fx, n, must), mf = false_under(fx, n, must);
        set_lits(can, a, ct, cf);
        set_lits(must, a, mt, mf);
    }
    /* the ranking may change with any answer: 'likely' may come out either way */
    for (int i = 0; n_open && i < fx->n_late; i++) {
        int a = fx->late_atoms[i];
        if (fx->atoms[a].op == SCOOT__OP_LEVEL)
            continue;
        set_lits(can, a, 1, 1);
        set_lits(must, a, 0, 0);
    }

    int lo = SCOOT_LEVEL_MONITOR, hi = SCOOT_LEVEL_MONITOR;
    scoot__candidates(&fx->rule_index, can, fx->n_lwords, r->rule_cand);
    for (int k = 0; k < fx->rule_index.words; k++)
        for (uint64_t x = r->rule_cand[k]; x; x &= x - 1) {
            int i = k * 64 + scoot__ctz64(x);
            if (i >= kb->n_rules)
                break;
            if (!scoot__test_true(fx, &fx->rule_test[i], can))
                continue;
            if (fx->rule_level[i] > hi)
                hi = fx->rule_level[i];
            if (fx->rule_level[i] > lo && scoot__test_true(fx, &fx->rule_test[i], must))
                lo = fx->rule_level[i];
        }
    r->settled = lo == hi;

    /* the questions: first those of the rules that could still move the level (those of the
     * urgent rules first), then those of the leading causes' evidence, then those of the care
     * plan */
    uint8_t *tier = r->tier;
    memset(tier, TIER_NONE, (size_t)kb->n_facts);
    /* Within a tier the red flags come first, in the KB's order (the order a vet reviewed);
     * then a question comes earlier the more urgent rules its answer may decide, then the
     * more vet-soon ones (twice as much for a rule already part way to firing): a "no" that
     * rules out several at once, or the one answer a rule still waits for, settles the level
     * in fewer questions. Ties keep the KB's order. */
    for (int f = 0; f < kb->n_facts; f++)
        r->qweight[f] = 0, r->stamp[f] = -1;
    walk w = {kb, can, must, r->open, tier, TIER_URGENT, 0, r->qweight, r->stamp, 0, 0};
    for (int k = 0; !r->settled && k < fx->rule_index.words; k++)
        for (uint64_t x = r->rule_cand[k]; x; x &= x - 1) {
            int i = k * 64 + scoot__ctz64(x);
            if (i >= kb->n_rules)
                break;
            int lv = fx->rule_level[i];
            if (lv <= lo || !scoot__test_true(fx, &fx->rule_test[i], can) ||
                scoot__test_true(fx, &fx->rule_test[i], must))
                continue;
            int n = fx->node_of_code[kb->rules[i].expr];
            w.t = lv == SCOOT_LEVEL_URGENT ? TIER_URGENT : TIER_VET_SOON;
            w.item = i;
            w.add = (started(fx, n, must) ? 2 : 1) * (lv == SCOOT_LEVEL_URGENT ? 64 : 1);
            mark_node(&w, n);
        }
    w.add = 0;
    w.t = TIER_CAUSES;
    for (int k = 0; k < kb->n_causes && k < SHARPEN_TOP; k++) {
        const scoot__cause *ca = &kb->causes[r->order[k]];
        for (int e = ca->ev_first; e < ca->ev_first + ca->n_ev; e++)
            mark_node(&w, fx->node_of_code[kb->evidence[e].expr]);
    }
    /* then what decides the care plan (a long coat and a trim, say) */
    w.t = TIER_CARE;
    for (int i = 0; i < kb->n_cares; i++) {
        mark_node(&w, fx->node_of_code[kb->cares[i].when]);
        for (int u = 0; u < kb->cares[i].n_unless; u++)
            mark_node(&w, fx->node_of_code[kb->cares[i].unless[u].expr]);
    }
    promote_parents(&w);
    r->n_next = r->n_next_level = 0;
    for (int t = TIER_URGENT; t <= TIER_CARE; t++) {
        int first = r->n_next;
        /* (asked now only when its ask-if is not false; one whose ask-if waits for an answer
         * still open comes after the others of its tier: "little or no urine?" after "is the
         * tail limp?") */
        for (int k = 0, waiting = 0; k < 2 * kb->n_ask; k++) {
            int f = kb->ask_order[k % kb->n_ask], ai = kb->facts[f].ask_if;
            if (k == kb->n_ask)
                waiting = 1, first = r->n_next;
            if (tier[f] != t)
                continue;
            int v = ai < 0 ? SCOOT__T : scoot__fast_eval_inline(fx, fx->node_of_code[ai], r->lt, r->lf);
            if (v == SCOOT__F || (v == SCOOT__U) != waiting)
                continue;
            /* insertion by weight, stable: n is a few dozen; the red flags keep the KB's own
             * order, ahead of the rest */
            int j = r->n_next++;
            while (j > first && !kb->facts[r->next[j - 1]].redflag &&
                   r->qweight[r->next[j - 1]] < r->qweight[f]) {
                r->next[j] = r->next[j - 1];
                j--;
            }
            r->next[j] = f;
        }
        if (t == TIER_VET_SOON)
            r->n_next_level = r->n_next;
    }
}
