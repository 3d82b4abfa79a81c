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

enum { TIER_URGENT, TIER_VET_SOON, TIER_CAUSES, TIER_NONE = 255 };

/* Swaps each literal's bit with its negation's (bits 2a and 2a + 1). */
static inline uint64_t swap_pairs(uint64_t x)
{
    const uint64_t lo = 0x5555555555555555u;
    return (x & lo) << 1 | (x >> 1 & lo);
}

/* What some answers (can) and every answer (must) make of a node: four bits, each of which
 * says it can be / must be true / false. */
enum { CT = 1, MT = 2, CF = 4, MF = 8 };

/* The four bits of the literals m of one word, combined by AND (is_or 0) or OR. */
static inline unsigned lits4(int is_or, uint64_t m, uint64_t c, uint64_t u)
{
    uint64_t cf = swap_pairs(c) & m, mf = swap_pairs(u) & m;
    if (!is_or)
        return ((c & m) == m ? CT : 0) | ((u & m) == m ? MT : 0) | (cf ? CF : 0) | (mf ? MF : 0);
    return ((c & m) ? CT : 0) | ((u & m) ? MT : 0) | (cf == m ? CF : 0) | (mf == m ? MF : 0);
}

/* Combines the bits of two parts of an AND (is_or 0) or an OR. */
static inline unsigned join4(int is_or, unsigned a, unsigned b)
{
    if (!is_or)
        return (a & b & (CT | MT)) | ((a | b) & (CF | MF));
    return ((a | b) & (CT | MT)) | (a & b & (CF | MF));
}

/* The four bits of node n under r->can and r->must, worked out once per generation r->gen
 * (a literal set in can or must makes a new generation). */
static unsigned eval4_tree(scoot_result *r, const scoot__fast *fx, int n);

/* (a node of one mask word is cheaper to work out than to look up) */
static inline unsigned eval4(scoot_result *r, const scoot__fast *fx, int n)
{
    const scoot__node *nd = &fx->nodes[n];
    if (nd->simple)
        return lits4(nd->is_or, nd->bits0, r->can[nd->word0], r->must[nd->word0]);
    return eval4_tree(r, fx, n);
}

static unsigned eval4_tree(scoot_result *r, const scoot__fast *fx, int n)
{
    if (r->node_gen[n] == r->gen)
        return r->node_st[n];
    const scoot__node *nd = &fx->nodes[n];
    unsigned st = nd->is_or ? CF | MF : CT | MT; /* the empty OR, the empty AND */
    const scoot__mword *w = fx->words + nd->words;
    for (int i = 0; i < nd->n_words; i++)
        st = join4(nd->is_or, st, lits4(nd->is_or, w[i].bits, r->can[w[i].word], r->must[w[i].word]));
    for (int i = 0; i < nd->n_kids; i++)
        st = join4(nd->is_or, st, eval4(r, fx, fx->kids[nd->kids + i]));
    r->node_gen[n] = r->gen;
    r->node_st[n] = (uint8_t)st;
    return st;
}

/* Starts a new generation: every node's bits are to be worked out again. */
static void new_gen(scoot_result *r, const scoot__fast *fx)
{
    if (++r->gen == 0) { /* (after 2^32: the zeros of never-seen nodes would look current) */
        memset(r->node_gen, 0, (size_t)fx->n_nodes * sizeof *r->node_gen);
        r->gen = 1;
    }
}

/* 1 when node n's value is the same whatever comes (true, false or unknown for sure). */
static int decided(unsigned st)
{
    return !((st & CT) && !(st & MT)) && !((st & CF) && !(st & MF));
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
    scoot_result *r;
    const uint64_t *can, *must;
    const uint64_t *openlit; /* literals that may still change (either of a pair: both) */
    const uint8_t *open;
    uint8_t *tier;
    uint8_t t;   /* the tier to give them */
    int changed; /* set when a fact's tier was raised */
    int *weight; /* per fact: how much its answer may decide (see scoot__settle) */
    int *stamp;  /* per fact: the last item that added to its weight */
    int item, add; /* the item walked now, and what it adds to each of its facts' weight */
} walk;

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
    const scoot__node *nd = &fx->nodes[n];
    if (nd->simple) {
        uint64_t x = nd->bits0 & w->openlit[nd->word0];
        if (!x || decided(eval4(w->r, fx, n)))
            return;
        for (; x; x &= x - 1)
            mark_lit(w, (int)nd->word0 * 64 + scoot__ctz64(x));
        return;
    }
    if (decided(eval4(w->r, fx, n)))
        return;
    const scoot__mword *mw = fx->words + nd->words;
    for (int i = 0; i < nd->n_words; i++)
        for (uint64_t x = mw[i].bits & w->openlit[mw[i].word]; x; x &= x - 1)
            mark_lit(w, (int)mw[i].word * 64 + scoot__ctz64(x));
    for (int i = 0; i < nd->n_kids; i++)
        mark_node(w, fx->kids[nd->kids + i]);
}

static inline int popcount64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_popcountll(x);
#else
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
#endif
}

/* How many more answers node n needs at least to come true (capped at 3; 3 also when no
 * answer can make it true); a define counts as one answer. */
static int need(const scoot__fast *fx, const uint64_t *can, const uint64_t *must, int n)
{
    const scoot__node *nd = &fx->nodes[n];
    const scoot__mword one = {nd->bits0, nd->word0};
    const scoot__mword *mw = nd->simple ? &one : fx->words + nd->words;
    int nw = nd->simple ? 1 : nd->n_words, nk = nd->simple ? 0 : nd->n_kids, k = 0;
    if (nd->is_or) {
        int best = 3;
        for (int i = 0; i < nw; i++) {
            if (must[mw[i].word] & mw[i].bits)
                return 0;
            if (can[mw[i].word] & mw[i].bits)
                best = 1;
        }
        for (int i = 0; i < nk && best > 0; i++) {
            int x = need(fx, can, must, fx->kids[nd->kids + i]);
            if (x < best)
                best = x;
        }
        return best;
    }
    for (int i = 0; i < nw && k < 3; i++) {
        uint64_t m = mw[i].bits;
        if ((can[mw[i].word] & m) != m)
            return 3;
        k += popcount64(m & ~must[mw[i].word]);
    }
    for (int i = 0; i < nk && k < 3; i++)
        k += need(fx, can, must, fx->kids[nd->kids + i]);
    return k < 3 ? k : 3;
}

/* Gives the questions a question of a tier follows (its ask-if waits for them) the same tier at
 * least: a follow-up question comes after the question it follows. */
static void promote_parents(walk *w)
{
    const scoot_kb *kb = w->kb;
    w->add = 0;
    do {
        w->changed = 0;
        for (int k = 0; k < kb->fx.n_askif; k++) {
            int f = kb->fx.askif_facts[k], ai = kb->facts[f].ask_if;
            if (!w->open[f] || w->tier[f] == TIER_NONE)
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
    uint64_t *can = r->can, *must = r->must, *open = r->openlit;
    /* The open facts' tests, a word at a time: a value test is unknown when neither of its
     * literals is true, a "known" test when its negation is; of those, the facts that can be
     * asked. Their literals become what some answer can make them (can) and nothing for sure
     * (must); the rest stay as the case has them. */
    const uint64_t low = 0x5555555555555555u;
    for (size_t k = 0; k < nw; k++) {
        uint64_t l = r->lt[k];
        uint64_t u = (fx->ask_val_pairs[k] & low & ~(l | l >> 1)) |
                     (fx->ask_known_pairs[k] & low & l >> 1 & ~l);
        open[k] = u | u << 1;
    }
    /* the open facts, in the KB's order (olist); only theirs are the scratch of the order */
    int n_open = 0, n_olist = 0;
    memset(r->open, 0, (size_t)kb->n_facts);
    for (int k = 0; k < kb->n_ask; k++) {
        int f = kb->ask_order[k];
        if (!fx->askable[f] || c->known[f])
            continue;
        if (c->unsure[f]) { /* answered "not sure": not open */
            for (int b = fx->fact_bits_first[f]; b < fx->fact_bits_first[f + 1]; b++)
                open[fx->fact_bits[b].word] &= ~((uint64_t)3 << fx->fact_bits[b].sh);
            continue;
        }
        r->open[f] = 1;
        r->olist[n_olist++] = f;
        n_open++;
        r->tier[f] = TIER_NONE;
        r->qweight[f] = 0;
        r->stamp[f] = -1;
    }
    for (size_t k = 0; k < nw; k++) {
        can[k] = (r->lt[k] & ~open[k]) | (fx->open_can[k] & open[k]);
        must[k] = r->lt[k] & ~open[k];
    }
    /* a question whose ask-if is false whatever the open ones' answers is never asked */
    new_gen(r, fx);
    for (int changed = 1; changed;) {
        changed = 0;
        for (int k = 0; k < fx->n_askif; k++) {
            int f = fx->askif_facts[k], ai = kb->facts[f].ask_if;
            if (!r->open[f] || !(eval4(r, fx, fx->node_of_code[ai]) & MF))
                continue;
            r->open[f] = 0;
            n_open--;
            close_fact(kb, f, r->lt, can, must);
            new_gen(r, fx);
            changed = 1;
        }
    }
    /* (a define reads only facts and earlier defines: its node's bits stay right as later
     * defines are set) */
    for (int d = 0; d < kb->n_defines; d++) {
        int a = fx->define_atom[d];
        if (a < 0 || !fx->define_for_level[d]) /* (only the rules' defines matter here) */
            continue;
        unsigned st = eval4(r, fx, fx->node_of_code[kb->defines[d].expr]);
        set_lits(can, a, st & CT, st & CF);
        set_lits(must, a, st & MT, st & MF);
    }
    /* the ranking may change with any answer: 'likely' may come out either way */
    for (int i = 0; n_open && i < fx->n_late; i++) {
        int a = fx->late_atoms[i];
        if (fx->atoms[a].op == SCOOT__OP_LEVEL)
            continue;
        set_lits(can, a, 1, 1);
        set_lits(must, a, 0, 0);
    }
    /* (no new generation: only rule and care nodes read 'likely', and none was worked out) */

    /* (every rule: with the open questions, most of them can come true) */
    int lo = SCOOT_LEVEL_MONITOR, hi = SCOOT_LEVEL_MONITOR;
    uint8_t *undecided = r->rule_open; /* per rule above monitor: may fire or not */
    for (int i = 0; i < kb->n_rules; i++) {
        int lv = fx->rule_level[i];
        undecided[i] = 0;
        if (lv == SCOOT_LEVEL_MONITOR || !scoot__test_true(fx, &fx->rule_test[i], can))
            continue;
        if (lv > hi)
            hi = lv;
        if (scoot__test_true(fx, &fx->rule_test[i], must)) {
            if (lv > lo)
                lo = lv;
        } else {
            undecided[i] = 1;
        }
    }
    r->settled = lo == hi;

    /* the questions: first those of the rules that could still move the level (those of the
     * urgent rules first), then those of the leading causes' evidence */
    uint8_t *tier = r->tier; /* (an open fact's: see olist) */
    /* Within a tier the red flags come first, in the KB's order (the order a vet reviewed);
     * then a question comes earlier the more urgent rules its answer may decide, then the
     * more vet-soon ones (twice as much for a rule one answer away from firing): a "no" that
     * rules out several at once, or the one answer a rule still waits for, settles the level
     * in fewer questions. Ties keep the KB's order. */
    for (size_t k = 0; k < nw; k++) {
        uint64_t d = can[k] & ~must[k];
        r->openlit[k] = d | swap_pairs(d);
    }
    walk w = {kb, r, can, must, r->openlit, r->open, tier, TIER_URGENT, 0, r->qweight, r->stamp, 0, 0};
    for (int i = 0; !r->settled && i < kb->n_rules; i++) {
        int lv = fx->rule_level[i];
        if (lv <= lo || !undecided[i])
            continue;
        int n = fx->node_of_code[kb->rules[i].expr];
        w.t = lv == SCOOT_LEVEL_URGENT ? TIER_URGENT : TIER_VET_SOON;
        w.item = i;
        w.add = (need(fx, can, must, n) <= 1 ? 2 : 1) * (lv == SCOOT_LEVEL_URGENT ? 64 : 1);
        mark_node(&w, n);
    }
    /* (any open question of a leading cause's evidence: the order within this tier is the
     * KB's, so the facts are listed rather than walked) */
    for (int k = 0; k < kb->n_causes && k < SHARPEN_TOP; k++) {
        int i = r->order[k];
        for (int j = fx->cause_facts_first[i]; j < fx->cause_facts_first[i + 1]; j++) {
            int f = fx->cause_facts[j];
            if (r->open[f] && tier[f] > TIER_CAUSES)
                tier[f] = TIER_CAUSES;
        }
    }
    promote_parents(&w);
    /* the list: (tier, waiting, red flag first, weight, KB order); a question whose ask-if
     * waits for an answer still open comes after the others of its tier ("little or no
     * urine?" after "is the tail limp?"); asked now only when its ask-if is not false */
    /* buckets by (tier, waiting, red flag), each in KB order; then, within the buckets of
     * questions that are not red flags, by weight (stable: a bucket holds a few) */
    enum { BUCKETS = 3 * 2 * 2 };
    int count[BUCKETS + 1] = {0}, *bucket = r->stamp; /* (stamp: free again now) */
    for (int k = 0; k < n_olist; k++) {
        int f = r->olist[k], ai = kb->facts[f].ask_if;
        if (tier[f] == TIER_NONE)
            continue;
        int v = ai < 0 ? SCOOT__T : scoot__fast_eval_inline(fx, fx->node_of_code[ai], r->lt, r->lf);
        if (v == SCOOT__F) {
            bucket[f] = -1;
            continue;
        }
        bucket[f] = (tier[f] * 2 + (v == SCOOT__U)) * 2 + !kb->facts[f].redflag;
        count[bucket[f] + 1]++;
    }
    int start[BUCKETS];
    for (int b = 0; b < BUCKETS; b++) {
        count[b + 1] += count[b];
        start[b] = count[b];
    }
    int n = count[BUCKETS];
    for (int k = 0; k < n_olist; k++) {
        int f = r->olist[k];
        if (tier[f] == TIER_NONE || bucket[f] < 0)
            continue;
        int j = count[bucket[f]]++, first = bucket[f] & 1 ? start[bucket[f]] : j;
        /* (not a red flag: by weight) */
        while (j > first && r->qweight[r->next[j - 1]] < r->qweight[f]) {
            r->next[j] = r->next[j - 1];
            j--;
        }
        r->next[j] = f;
    }
    r->n_next = n;
    r->n_next_level = 0;
    while (r->n_next_level < n && tier[r->next[r->n_next_level]] <= TIER_VET_SOON)
        r->n_next_level++;
}
