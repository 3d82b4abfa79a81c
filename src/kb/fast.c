/* fast.c: the literal-bitset form of KB expressions (see kb_int.h), built from bytecode. */
#include "../core/setup.h"

#include "kb_int.h"
#include "scoot/alloc.h"

/* A temporary expression tree. */
typedef struct {
    int kind; /* 0 literal, 1 AND, 2 OR, 3 NOT */
    int atom, neg;
    int l, r;
} tnode;

typedef struct {
    scoot_kb *kb;
    tnode *t;
    int nt, cap_t;
    scoot__atom *atoms;
    int n_atoms, cap_atoms;
    scoot__node *nodes;
    int n_nodes, cap_nodes;
    scoot__mword *words;
    int n_words, cap_words;
    int *kids;
    int n_kids, cap_kids;
    uint64_t *mask; /* scratch, n_lwords */
    int oom;
} builder;

static void *grow(builder *b, void *v, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return v;
    int c = *cap ? *cap * 2 : 64;
    void *nv = scoot_realloc(v, (size_t)c * elem);
    if (!nv) {
        b->oom = 1;
        return NULL;
    }
    *cap = c;
    return nv;
}

static int atom_of(builder *b, const scoot__insn *i)
{
    uint8_t op = i->op & SCOOT__OP_MASK;
    uint8_t cmp = (op == SCOOT__OP_CMP || op == SCOOT__OP_LEVEL) ? i->cmp : 0;
    double k = (op == SCOOT__OP_CMP || op == SCOOT__OP_LEVEL) ? i->k : 0;
    uint16_t a = op == SCOOT__OP_ALWAYS || op == SCOOT__OP_LEVEL ? 0 : i->a;
    for (int x = 0; x < b->n_atoms; x++) {
        const scoot__atom *t = &b->atoms[x];
        if (t->op == op && t->cmp == cmp && t->a == a && t->k == k)
            return x;
    }
    scoot__atom *v = grow(b, b->atoms, b->n_atoms, &b->cap_atoms, sizeof *v);
    if (!v)
        return -1;
    b->atoms = v;
    b->atoms[b->n_atoms] = (scoot__atom){op, cmp, a, k};
    return b->n_atoms++;
}

static int tnew(builder *b, int kind, int atom, int neg, int l, int r)
{
    tnode *v = grow(b, b->t, b->nt, &b->cap_t, sizeof *v);
    if (!v)
        return -1;
    b->t = v;
    b->t[b->nt] = (tnode){kind, atom, neg, l, r};
    return b->nt++;
}

/* Decodes the bytecode expression at expr into a tree; returns its root or -1. */
static int decode(builder *b, int expr)
{
    int st[SCOOT__MAX_STACK], sp = 0;
    for (const scoot__insn *i = b->kb->code + expr; i->op != SCOOT__OP_END; i++) {
        int op = i->op & SCOOT__OP_MASK, x;
        switch (op) {
        case SCOOT__OP_JF:
        case SCOOT__OP_JT: continue;
        case SCOOT__OP_NOT: x = tnew(b, 3, 0, 0, st[sp - 1], -1); st[sp - 1] = x; break;
        case SCOOT__OP_AND:
        case SCOOT__OP_OR:
            x = tnew(b, op == SCOOT__OP_AND ? 1 : 2, 0, 0, st[sp - 2], st[sp - 1]);
            st[--sp - 1] = x;
            break;
        default: {
            int a = atom_of(b, i);
            if (a < 0)
                return -1;
            int lit = tnew(b, 0, a, (i->op & SCOOT__OPF_NEG) != 0, -1, -1);
            if (i->op & (SCOOT__OPF_AND | SCOOT__OPF_OR))
                st[sp - 1] = tnew(b, i->op & SCOOT__OPF_AND ? 1 : 2, 0, 0, st[sp - 1], lit);
            else
                st[sp++] = lit;
            break;
        }
        }
        if (b->oom)
            return -1;
    }
    return st[0];
}

static int emit_node(builder *b, int root, int neg);

/* Effective kind of tree node x under negation neg: 0 literal, 1 AND, 2 OR. */
static int kind_of(builder *b, int x, int neg)
{
    const tnode *t = &b->t[x];
    while (t->kind == 3) {
        neg = !neg;
        t = &b->t[t->l];
    }
    if (t->kind == 0)
        return 0;
    return neg ? 3 - t->kind : t->kind;
}

/* The kids of a node being built: tree nodes, encoded with their negation. */
typedef struct {
    int *v;
    int n, cap;
} kidlist;

/* Adds the operands of x (kind k under neg) to the mask and kid list of the node being built
 * (the list grows: an AND or OR may have any number of operands). */
static void gather(builder *b, int x, int neg, int k, kidlist *kids)
{
    const tnode *t = &b->t[x];
    while (t->kind == 3) {
        neg = !neg;
        x = t->l;
        t = &b->t[x];
    }
    if (t->kind == 0) {
        int lit = 2 * t->atom + (t->neg != neg);
        b->mask[lit >> 6] |= (uint64_t)1 << (lit & 63);
        return;
    }
    int eff = neg ? 3 - t->kind : t->kind;
    if (eff == k) {
        gather(b, t->l, neg, k, kids);
        gather(b, t->r, neg, k, kids);
        return;
    }
    int *v = grow(b, kids->v, kids->n, &kids->cap, sizeof *v);
    if (!v)
        return;
    kids->v = v;
    kids->v[kids->n++] = -1 - x - (neg ? 1 << 24 : 0); /* emitted after this node's mask */
}

static int emit_node(builder *b, int root, int neg)
{
    int k = kind_of(b, root, neg);
    if (k == 0)
        k = 1; /* a lone literal is an AND of one */
    int nl = b->kb->fx.n_lwords;
    for (int w = 0; w < nl; w++)
        b->mask[w] = 0;
    kidlist pend = {NULL, 0, 0};
    gather(b, root, neg, k, &pend);
    int first_word = b->n_words, nw = 0, rc = -1;
    if (b->oom || pend.n > UINT16_MAX) /* n_kids is 16 bits */
        goto out;
    for (int w = 0; w < nl; w++) {
        if (!b->mask[w])
            continue;
        scoot__mword *v = grow(b, b->words, b->n_words, &b->cap_words, sizeof *v);
        if (!v)
            goto out;
        b->words = v;
        b->words[b->n_words++] = (scoot__mword){b->mask[w], (uint32_t)w};
        nw++;
    }
    for (int i = 0; i < pend.n; i++) { /* each kid's node index replaces its encoding */
        int enc = -1 - pend.v[i];
        int kneg = (enc >> 24) & 1, kx = enc & 0xffffff;
        pend.v[i] = emit_node(b, kx, kneg);
        if (pend.v[i] < 0)
            goto out;
    }
    int first_kid = b->n_kids;
    for (int i = 0; i < pend.n; i++) {
        int *v = grow(b, b->kids, b->n_kids, &b->cap_kids, sizeof *v);
        if (!v)
            goto out;
        b->kids = v;
        b->kids[b->n_kids++] = pend.v[i];
    }
    scoot__node *v = grow(b, b->nodes, b->n_nodes, &b->cap_nodes, sizeof *v);
    if (!v)
        goto out;
    b->nodes = v;
    scoot__node *nd = &b->nodes[b->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->is_or = (uint8_t)(k == 2);
    nd->n_words = (uint16_t)nw;
    nd->n_kids = (uint16_t)pend.n;
    nd->words = (uint32_t)first_word;
    nd->kids = (uint32_t)first_kid;
    if (nw == 1 && pend.n == 0) {
        nd->simple = 1;
        nd->bits0 = b->words[first_word].bits;
        nd->word0 = b->words[first_word].word;
    }
    rc = b->n_nodes++;
out:
    scoot_free(pend.v);
    if (rc < 0)
        b->oom = 1;
    return rc;
}

/* The flat test of the expression at code offset expr. */
static scoot__test test_of(const scoot__fast *fx, int expr)
{
    int n = fx->node_of_code[expr];
    const scoot__node *nd = &fx->nodes[n];
    return (scoot__test){nd->bits0, (uint32_t)n, (uint16_t)nd->word0,
                         (uint8_t)(!nd->simple ? 2 : nd->is_or ? 1 : 0)};
}

/* Adds the literals of node n (and of its kids) to m. */
static void node_literals(const scoot__fast *fx, int n, uint64_t *m)
{
    const scoot__node *nd = &fx->nodes[n];
    for (int i = 0; i < nd->n_words; i++)
        m[fx->words[nd->words + i].word] |= fx->words[nd->words + i].bits;
    for (int i = 0; i < nd->n_kids; i++)
        node_literals(fx, fx->kids[nd->kids + i], m);
}

/* Builds ix over the n tests t: the literals they use, and from each literal the tests that
 * use it; 0 on out of memory. */
static int index_tests(scoot_kb *kb, const scoot__test *t, int n, scoot__litindex *ix)
{
    const scoot__fast *fx = &kb->fx;
    int nl = fx->n_lwords, n_lits = 64 * nl, ok = 0;
    ix->words = (n + 63) / 64;
    ix->all = 0;
    ix->lits = scoot_arena_zalloc(&kb->arena, (size_t)nl * sizeof(uint64_t));
    ix->first = scoot_arena_zalloc(&kb->arena, ((size_t)n_lits + 1) * sizeof(int));
    uint64_t *m = scoot_calloc((size_t)n * (size_t)nl + 1, sizeof *m);
    int *fill = scoot_calloc((size_t)n_lits + 1, sizeof *fill);
    if (!ix->lits || !ix->first || !m || !fill)
        goto out;
    int pairs = 0;
    for (int e = 0; e < n; e++) {
        uint64_t *me = m + (size_t)e * (size_t)nl, any = 0;
        node_literals(fx, (int)t[e].node, me);
        for (int w = 0; w < nl; w++)
            any |= me[w];
        if (!any) /* not made by the compiler; safe all the same */
            ix->all = 1;
        for (int w = 0; w < nl; w++) {
            ix->lits[w] |= me[w];
            for (uint64_t x = me[w]; x; x &= x - 1) {
                ix->first[w * 64 + scoot__ctz64(x) + 1]++;
                pairs++;
            }
        }
    }
    for (int l = 0; l < n_lits; l++)
        ix->first[l + 1] += ix->first[l];
    ix->list = scoot_arena_alloc(&kb->arena, ((size_t)pairs + 1) * sizeof(int));
    if (!ix->list)
        goto out;
    for (int e = 0; e < n; e++)
        for (int w = 0; w < nl; w++)
            for (uint64_t x = m[(size_t)e * (size_t)nl + (size_t)w]; x; x &= x - 1) {
                int l = w * 64 + scoot__ctz64(x);
                ix->list[ix->first[l] + fill[l]++] = e;
            }
    ok = 1;
out:
    scoot_free(m);
    scoot_free(fill);
    return ok;
}

/* Truth tables over (v > k, v < k, v == k), by comparison (SCOOT__LT..SCOOT__NE). */
static const uint8_t cmp_tt[] = {0x2, 0x6, 0x1, 0x5, 0x4, 0x3};

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

static scoot__factbit factbit(const scoot__atom *t, int a, const scoot__fact *fa)
{
    scoot__factbit f = {0, (uint16_t)((2 * a) >> 6), (uint8_t)((2 * a) & 63), 0, 0, 0};
    if (t->op == SCOOT__OP_KNOWN) {
        f.tt = 0x7;
        f.known = 1;
        f.open = 3; /* answered or not */
        return f;
    }
    if (t->op == SCOOT__OP_BOOL) {
        f.tt = cmp_tt[SCOOT__NE]; /* yes is any value but 0 */
    } else {
        f.k = t->k;
        f.tt = cmp_tt[t->cmp];
    }
    unsigned rel = relations(fa, f.k);
    f.open = (uint8_t)(((rel & f.tt) != 0) | ((rel & ~f.tt & 7u) != 0) << 1);
    return f;
}

/* Marks in seen (and appends to out, *n) the facts expression expr reads, through defines. */
static void facts_of(const scoot_kb *kb, int expr, uint8_t *seen, int *out, int *n)
{
    for (const scoot__insn *i = kb->code + expr; (i->op & SCOOT__OP_MASK) != SCOOT__OP_END; i++) {
        int op = i->op & SCOOT__OP_MASK;
        if ((op == SCOOT__OP_BOOL || op == SCOOT__OP_KNOWN || op == SCOOT__OP_CMP) && !seen[i->a]) {
            seen[i->a] = 1;
            out[(*n)++] = i->a;
        } else if (op == SCOOT__OP_DEFINE) {
            facts_of(kb, kb->defines[i->a].expr, seen, out, n);
        }
    }
}

/* Marks the defines expression expr reads directly. */
static void mark_defines(const scoot_kb *kb, int expr, uint8_t *mark)
{
    for (const scoot__insn *i = kb->code + expr; (i->op & SCOOT__OP_MASK) != SCOOT__OP_END; i++)
        if ((i->op & SCOOT__OP_MASK) == SCOOT__OP_DEFINE)
            mark[i->a] = 1;
}

/* fx->cause_facts (the facts each cause's evidence reads), fx->askif_facts and
 * fx->define_for_level; 0 on out of memory. */
static int build_lists(scoot_kb *kb)
{
    scoot__fast *fx = &kb->fx;
    int nf = kb->n_facts, ok = 0, total = 0;
    uint8_t *seen = scoot_calloc((size_t)nf + 1, 1);
    int *tmp = scoot_calloc((size_t)nf + 1, sizeof *tmp);
    int *all = scoot_calloc(((size_t)kb->n_causes + 1) * ((size_t)nf + 1), sizeof *all);
    fx->cause_facts_first = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_causes + 1) * sizeof(int));
    fx->askif_facts = scoot_arena_alloc(&kb->arena, ((size_t)nf + 1) * sizeof(int));
    if (!seen || !tmp || !all || !fx->cause_facts_first || !fx->askif_facts)
        goto done;
    for (int i = 0; i < kb->n_causes; i++) {
        int m = 0;
        const scoot__cause *c = &kb->causes[i];
        for (int e = c->ev_first; e < c->ev_first + c->n_ev; e++)
            facts_of(kb, kb->evidence[e].expr, seen, tmp, &m);
        fx->cause_facts_first[i] = total;
        for (int k = 0; k < m; k++) {
            seen[tmp[k]] = 0;
            all[total++] = tmp[k];
        }
    }
    fx->cause_facts_first[kb->n_causes] = total;
    fx->cause_facts = scoot_arena_alloc(&kb->arena, ((size_t)total + 1) * sizeof(int));
    if (!fx->cause_facts)
        goto done;
    memcpy(fx->cause_facts, all, (size_t)total * sizeof(int));
    fx->n_askif = 0;
    for (int f = 0; f < nf; f++)
        if (kb->facts[f].ask_if >= 0)
            fx->askif_facts[fx->n_askif++] = f;
    /* the defines a rule above monitor reads: the only ones whether the level is settled
     * depends on (a define reads earlier defines only, so one pass from the last) */
    fx->define_for_level = scoot_arena_zalloc(&kb->arena, (size_t)kb->n_defines + 1);
    if (!fx->define_for_level)
        goto done;
    for (int i = 0; i < kb->n_rules; i++)
        if (kb->rules[i].level > SCOOT_LEVEL_MONITOR)
            mark_defines(kb, kb->rules[i].expr, fx->define_for_level);
    for (int d = kb->n_defines - 1; d >= 0; d--)
        if (fx->define_for_level[d])
            mark_defines(kb, kb->defines[d].expr, fx->define_for_level);
    ok = 1;
done:
    scoot_free(seen);
    scoot_free(tmp);
    scoot_free(all);
    return ok;
}

/* The expression start offsets: every position right after an END, plus 0. */
static int is_start(const scoot_kb *kb, int off)
{
    return off == 0 || kb->code[off - 1].op == SCOOT__OP_END;
}

#define COPY(dst, src, n)                                                                      \
    do {                                                                                       \
        (dst) = scoot_arena_alloc(&kb->arena, ((size_t)(n) + 1) * sizeof *(dst));            \
        if (!(dst))                                                                            \
            goto out;                                                                          \
        if ((n) > 0)                                                                           \
            memcpy((dst), (src), (size_t)(n) * sizeof *(dst));                                 \
    } while (0)

int scoot__fast_build(scoot_kb *kb)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.kb = kb;
    scoot__fast *fx = &kb->fx;
    int ok = 0;
    int *roots = scoot_calloc((size_t)kb->n_code + 1, sizeof *roots);
    if (!roots)
        return 0;
    /* pass 1: atoms and trees */
    for (int off = 0; off < kb->n_code; off++) {
        roots[off] = -1;
        if (is_start(kb, off) && kb->code[off].op != SCOOT__OP_END) {
            roots[off] = decode(&b, off);
            if (b.oom)
                goto out;
        }
    }
    fx->n_atoms = b.n_atoms;
    fx->n_lwords = (2 * b.n_atoms + 63) / 64 + 1;
    if (fx->n_lwords > UINT16_MAX) /* tests keep a word index in 16 bits (2 M atoms) */
        goto out;
    b.mask = scoot_calloc((size_t)fx->n_lwords, sizeof *b.mask);
    if (!b.mask)
        goto out;
    /* pass 2: nodes */
    fx->node_of_code = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_code + 1) * sizeof(int));
    if (!fx->node_of_code)
        goto out;
    for (int off = 0; off < kb->n_code; off++) {
        fx->node_of_code[off] = roots[off] >= 0 ? emit_node(&b, roots[off], 0) : -1;
        if (b.oom)
            goto out;
    }
    COPY(fx->atoms, b.atoms, b.n_atoms);
    COPY(fx->nodes, b.nodes, b.n_nodes);
    COPY(fx->words, b.words, b.n_words);
    COPY(fx->kids, b.kids, b.n_kids);
    fx->n_nodes = b.n_nodes;
    fx->n_words = b.n_words;
    fx->n_kids = b.n_kids;
    fx->ev_weight = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_evidence + 1) * sizeof(double));
    fx->ev_test = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_evidence + 1) * sizeof(scoot__test));
    fx->rule_test = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_rules + 1) * sizeof(scoot__test));
    fx->rule_level = scoot_arena_alloc(&kb->arena, (size_t)kb->n_rules + 1);
    fx->rule_watch = scoot_arena_alloc(&kb->arena, (size_t)kb->n_rules + 1);
    fx->cause = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_causes + 1) * sizeof(scoot__cfast));
    fx->care_test = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_cares + 1) * sizeof(scoot__test));
    fx->unless_first = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_cares + 1) * sizeof(int));
    int n_unless = 0;
    for (int i = 0; i < kb->n_cares; i++)
        n_unless += kb->cares[i].n_unless;
    fx->unless_test = scoot_arena_alloc(&kb->arena, ((size_t)n_unless + 1) * sizeof(scoot__test));
    fx->redflags = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_ask + 1) * sizeof(scoot__redflag));
    if (!fx->ev_weight || !fx->ev_test || !fx->rule_test || !fx->rule_level || !fx->rule_watch || !fx->cause || !fx->care_test ||
        !fx->unless_first || !fx->unless_test || !fx->redflags)
        goto out;
    for (int e = 0; e < kb->n_evidence; e++) {
        fx->ev_weight[e] = kb->evidence[e].weight;
        fx->ev_test[e] = test_of(fx, kb->evidence[e].expr);
    }
    for (int i = 0; i < kb->n_rules; i++) {
        fx->rule_test[i] = test_of(fx, kb->rules[i].expr);
        fx->rule_level[i] = (uint8_t)kb->rules[i].level;
        fx->rule_watch[i] = kb->rules[i].watch != NULL;
    }
    if (!index_tests(kb, fx->ev_test, kb->n_evidence, &fx->ev_index) ||
        !index_tests(kb, fx->rule_test, kb->n_rules, &fx->rule_index))
        goto out;
    for (int i = 0; i < kb->n_causes; i++)
        fx->cause[i] = (scoot__cfast){kb->causes[i].base, kb->causes[i].ev_first, kb->causes[i].n_ev};
    n_unless = 0;
    for (int i = 0; i < kb->n_cares; i++) {
        fx->care_test[i] = test_of(fx, kb->cares[i].when);
        fx->unless_first[i] = n_unless;
        for (int u = 0; u < kb->cares[i].n_unless; u++)
            fx->unless_test[n_unless++] = test_of(fx, kb->cares[i].unless[u].expr);
    }
    fx->unless_first[kb->n_cares] = n_unless;
    fx->n_redflags = 0;
    for (int k = 0; k < kb->n_ask && kb->facts[kb->ask_order[k]].redflag; k++) {
        int f = kb->ask_order[k]; /* red flags come first in the ask order */
        int ai = kb->facts[f].ask_if;
        fx->redflags[fx->n_redflags++] = (scoot__redflag){f, ai >= 0 ? fx->node_of_code[ai] : -1};
    }
    /* the bitsets of an empty case: known-tests false, always true, the rest unknown */
    fx->tmpl_lt = scoot_arena_zalloc(&kb->arena, (size_t)fx->n_lwords * sizeof(uint64_t));
    fx->tmpl_lf = scoot_arena_zalloc(&kb->arena, (size_t)fx->n_lwords * sizeof(uint64_t));
    fx->fact_bits_first = scoot_arena_zalloc(&kb->arena, ((size_t)kb->n_facts + 1) * sizeof(int));
    fx->fact_bits = scoot_arena_alloc(&kb->arena, ((size_t)b.n_atoms + 1) * sizeof(scoot__factbit));
    fx->define_atom = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_defines + 1) * sizeof(int));
    fx->late_atoms = scoot_arena_alloc(&kb->arena, ((size_t)b.n_atoms + 1) * sizeof(int));
    if (!fx->tmpl_lt || !fx->tmpl_lf || !fx->fact_bits_first || !fx->fact_bits ||
        !fx->define_atom || !fx->late_atoms)
        goto out;
    for (int d = 0; d < kb->n_defines; d++)
        fx->define_atom[d] = -1;
    fx->n_late = 0;
    for (int a = 0; a < b.n_atoms; a++) {
        const scoot__atom *t = &b.atoms[a];
        switch (t->op) {
        case SCOOT__OP_ALWAYS: scoot__fast_set(fx->tmpl_lt, fx->tmpl_lf, a, SCOOT__T); break;
        case SCOOT__OP_KNOWN: scoot__fast_set(fx->tmpl_lt, fx->tmpl_lf, a, SCOOT__F); break;
        case SCOOT__OP_DEFINE: fx->define_atom[t->a] = a; break;
        case SCOOT__OP_LIKELY:
        case SCOOT__OP_GLIKELY:
        case SCOOT__OP_LEVEL: fx->late_atoms[fx->n_late++] = a; break;
        default: break;
        }
    }
    /* atoms per fact (counting sort) */
    for (int a = 0; a < b.n_atoms; a++) {
        uint8_t op = b.atoms[a].op;
        if (op == SCOOT__OP_BOOL || op == SCOOT__OP_KNOWN || op == SCOOT__OP_CMP)
            fx->fact_bits_first[b.atoms[a].a + 1]++;
    }
    for (int f = 0; f < kb->n_facts; f++)
        fx->fact_bits_first[f + 1] += fx->fact_bits_first[f];
    {
        int *fill = scoot_calloc((size_t)kb->n_facts + 1, sizeof *fill);
        if (!fill)
            goto out;
        for (int a = 0; a < b.n_atoms; a++) {
            uint8_t op = b.atoms[a].op;
            if (op == SCOOT__OP_BOOL || op == SCOOT__OP_KNOWN || op == SCOOT__OP_CMP) {
                int f = b.atoms[a].a;
                fx->fact_bits[fx->fact_bits_first[f] + fill[f]++] = factbit(&b.atoms[a], a, &kb->facts[f]);
            }
        }
        scoot_free(fill);
    }
    if (!build_lists(kb))
        goto out;
    fx->ask_val_pairs = scoot_arena_zalloc(&kb->arena, ((size_t)fx->n_lwords + 1) * sizeof(uint64_t));
    fx->ask_known_pairs = scoot_arena_zalloc(&kb->arena, ((size_t)fx->n_lwords + 1) * sizeof(uint64_t));
    fx->open_can = scoot_arena_zalloc(&kb->arena, ((size_t)fx->n_lwords + 1) * sizeof(uint64_t));
    fx->askable = scoot_arena_zalloc(&kb->arena, (size_t)kb->n_facts + 1);
    if (!fx->ask_val_pairs || !fx->ask_known_pairs || !fx->open_can || !fx->askable)
        goto out;
    for (int f = 0; f < kb->n_facts; f++) {
        fx->askable[f] = kb->facts[f].ask && kb->facts[f].type != SCOOT__TEXT;
        for (int k = fx->fact_bits_first[f]; fx->askable[f] && k < fx->fact_bits_first[f + 1]; k++) {
            const scoot__factbit *fb = &fx->fact_bits[k];
            (fb->known ? fx->ask_known_pairs : fx->ask_val_pairs)[fb->word] |= (uint64_t)3 << fb->sh;
            fx->open_can[fb->word] |= (uint64_t)fb->open << fb->sh;
        }
    }
    ok = 1;
out:
    scoot_free(roots);
    scoot_free(b.t);
    scoot_free(b.atoms);
    scoot_free(b.nodes);
    scoot_free(b.words);
    scoot_free(b.kids);
    scoot_free(b.mask);
    return ok;
}

int scoot__fast_eval(const scoot__fast *fx, int n, const uint64_t *lt, const uint64_t *lf)
{
    const scoot__node *nd = &fx->nodes[n];
    const scoot__mword *w = fx->words + nd->words;
    int all = 1;
    if (!nd->is_or) {
        for (int i = 0; i < nd->n_words; i++) {
            uint64_t m = w[i].bits;
            if (m & lf[w[i].word])
                return SCOOT__F;
            if ((m & lt[w[i].word]) != m)
                all = 0;
        }
        for (int i = 0; i < nd->n_kids; i++) {
            int v = scoot__fast_eval_inline(fx, fx->kids[nd->kids + i], lt, lf);
            if (v == SCOOT__F)
                return SCOOT__F;
            if (v != SCOOT__T)
                all = 0;
        }
        return all ? SCOOT__T : SCOOT__U;
    }
    for (int i = 0; i < nd->n_words; i++) {
        uint64_t m = w[i].bits;
        if (m & lt[w[i].word])
            return SCOOT__T;
        if ((m & lf[w[i].word]) != m)
            all = 0;
    }
    for (int i = 0; i < nd->n_kids; i++) {
        int v = scoot__fast_eval_inline(fx, fx->kids[nd->kids + i], lt, lf);
        if (v == SCOOT__T)
            return SCOOT__T;
        if (v != SCOOT__F)
            all = 0;
    }
    return all ? SCOOT__F : SCOOT__U;
}

int scoot__fast_true_slow(const scoot__fast *fx, int n, const uint64_t *lt)
{
    const scoot__node *nd = &fx->nodes[n];
    const scoot__mword *w = fx->words + nd->words;
    if (!nd->is_or) { /* all literals and all kids true */
        for (int i = 0; i < nd->n_words; i++)
            if ((w[i].bits & lt[w[i].word]) != w[i].bits)
                return 0;
        for (int i = 0; i < nd->n_kids; i++)
            if (!scoot__fast_true(fx, fx->kids[nd->kids + i], lt))
                return 0;
        return 1;
    }
    for (int i = 0; i < nd->n_words; i++)
        if (w[i].bits & lt[w[i].word])
            return 1;
    for (int i = 0; i < nd->n_kids; i++)
        if (scoot__fast_true(fx, fx->kids[nd->kids + i], lt))
            return 1;
    return 0;
}
