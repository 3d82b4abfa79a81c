/* selfcheck.c: scoot__fast_check, which holds the fast forms the engine ran for one case
 * against the bytecode evaluator (the unit tests and the KB fuzzer call it). */
#include "../core/setup.h"

#include "engine_int.h"
#include "scoot/buf.h"

typedef struct {
    const scoot_kb *kb;
    const scoot_result *r;
    scoot__evalctx cx;
    scoot_buf *why;
    int bad;
} checker;

static void wrong(checker *k, const char *what, int idx, const char *how, int slow)
{
    k->bad++;
    if (k->why)
        scoot_buf_printf(k->why, "%s %d: %s (bytecode %d)\n", what, idx, how, slow);
}

/* The node of expr, three-valued and true-only, and its flat test when it has one. */
static void expr(checker *k, int code, const scoot__test *t, const char *what, int idx)
{
    if (code < 0)
        return;
    const scoot__fast *fx = &k->kb->fx;
    int slow = scoot__eval(k->kb, code, &k->cx), n = fx->node_of_code[code];
    if (scoot__fast_eval(fx, n, k->r->lt, k->r->lf) != slow)
        wrong(k, what, idx, "the node's value differs", slow);
    if (scoot__fast_true(fx, n, k->r->lt) != (slow == SCOOT__T))
        wrong(k, what, idx, "the node's truth differs", slow);
    if (t && scoot__test_true(fx, t, k->r->lt) != (slow == SCOOT__T))
        wrong(k, what, idx, "the flat test differs", slow);
}

int scoot__fast_check(const scoot_kb *kb, const scoot_case *c, const scoot_result *r,
                      scoot_buf *why)
{
    checker k = {kb, r, {c->val, c->known, r->define_tv, r->likely, r->glikely, r->level}, why, 0};
    const scoot__fast *fx = &kb->fx;
    for (int i = 0; i < kb->n_defines; i++)
        expr(&k, kb->defines[i].expr, NULL, "define", i);
    for (int i = 0; i < kb->n_evidence; i++)
        expr(&k, kb->evidence[i].expr, &fx->ev_test[i], "evidence", i);
    for (int i = 0; i < kb->n_rules; i++)
        expr(&k, kb->rules[i].expr, &fx->rule_test[i], "rule", i);
    for (int i = 0; i < kb->n_cares; i++) {
        expr(&k, kb->cares[i].when, &fx->care_test[i], "care", i);
        for (int u = 0; u < kb->cares[i].n_unless; u++)
            expr(&k, kb->cares[i].unless[u].expr, &fx->unless_test[fx->unless_first[i] + u],
                 "unless", i);
    }
    for (int i = 0; i < kb->n_facts; i++)
        expr(&k, kb->facts[i].ask_if, NULL, "ask-if", i);
    /* the ranking tests only the lines a true literal can make true: its hits must be exactly
     * the true lines, in order, and its weights their sums in that order */
    for (int i = 0; i < kb->n_causes; i++) {
        const scoot__cause *ca = &kb->causes[i];
        double sum = ca->base;
        int h = r->hit_first[i];
        for (int e = ca->ev_first; e < ca->ev_first + ca->n_ev; e++) {
            if (scoot__eval(kb, kb->evidence[e].expr, &k.cx) != SCOOT__T)
                continue;
            sum += kb->evidence[e].weight;
            if (h >= r->hit_first[i + 1] || r->ev_hit[h] != e)
                wrong(&k, "evidence", e, "true but not among its cause's hits", SCOOT__T);
            h++;
        }
        if (h != r->hit_first[i + 1] || sum != r->weight[i])
            wrong(&k, "cause", i, "hits or weight differ from the true lines", SCOOT__T);
    }
    /* the level is the highest of the true rules, and the reasons are those at that level */
    int level = SCOOT_LEVEL_MONITOR, n_fired = 0;
    for (int i = 0; i < kb->n_rules; i++)
        if (scoot__eval(kb, kb->rules[i].expr, &k.cx) == SCOOT__T && kb->rules[i].level > level)
            level = kb->rules[i].level;
    if (level != r->level)
        wrong(&k, "level", r->level, "not the highest level of the true rules", level);
    for (int i = 0; i < kb->n_rules; i++) {
        if (kb->rules[i].level != level || scoot__eval(kb, kb->rules[i].expr, &k.cx) != SCOOT__T)
            continue;
        if (n_fired >= r->n_fired || r->fired[n_fired] != i)
            wrong(&k, "rule", i, "true at the level but not among the reasons", SCOOT__T);
        n_fired++;
    }
    if (n_fired != r->n_fired || r->default_reason != (n_fired == 0))
        wrong(&k, "reasons", r->n_fired, "not the true rules at the level", n_fired);
    int n_all = 0; /* every true rule, in KB order */
    for (int i = 0; i < kb->n_rules; i++) {
        if (scoot__eval(kb, kb->rules[i].expr, &k.cx) != SCOOT__T)
            continue;
        if (n_all >= r->n_all_fired || r->all_fired[n_all] != i)
            wrong(&k, "rule", i, "true but not among the fired rules", SCOOT__T);
        n_all++;
    }
    if (n_all != r->n_all_fired)
        wrong(&k, "fired rules", r->n_all_fired, "not the true rules", n_all);
    int n_rf = 0; /* the red flags, all of them, in ask order */
    for (int a = 0; a < kb->n_ask; a++)
        n_rf += kb->facts[kb->ask_order[a]].redflag;
    if (n_rf != fx->n_redflags)
        wrong(&k, "red flags", fx->n_redflags, "not as many as the KB's", n_rf);
    for (int a = 0; a < fx->n_redflags; a++)
        if (!kb->facts[fx->redflags[a].fact].redflag || kb->ask_order[a] != fx->redflags[a].fact)
            wrong(&k, "red flag", a, "not the KB's in ask order", -1);
    return k.bad;
}

int scoot__fast_check_n_expr(const scoot_kb *kb)
{
    int n = kb->n_defines + kb->n_evidence + kb->n_rules;
    for (int i = 0; i < kb->n_cares; i++)
        n += 1 + kb->cares[i].n_unless;
    for (int i = 0; i < kb->n_facts; i++)
        n += kb->facts[i].ask_if >= 0;
    return n;
}
