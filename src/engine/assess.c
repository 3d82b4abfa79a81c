/* assess.c: scoot_assess: defines, cause ranking, triage, care plan, watch-for, red flags. */
#include "../core/setup.h"

#include <math.h>

#include "engine_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

int scoot_result_new(const scoot_kb *kb, scoot_result **out)
{
    *out = NULL;
    scoot_result *r = scoot_calloc(1, sizeof *r);
    if (!r)
        return SCOOT_ENOMEM;
    r->kb = kb;
    size_t nr = (size_t)kb->n_rules + 1, nc = (size_t)kb->n_causes + 1,
           ne = (size_t)kb->n_evidence + 1, ng = (size_t)kb->n_groups + 1,
           nd = (size_t)kb->n_defines + 1, nk = (size_t)kb->n_cares + 1,
           nf = (size_t)kb->n_facts + 1;
    r->fired = scoot_calloc(nr, sizeof *r->fired);
    r->all_fired = scoot_calloc(nr, sizeof *r->all_fired);
    r->watch = scoot_calloc(nr, sizeof *r->watch);
    r->order = scoot_calloc(nc, sizeof *r->order);
    r->weight = scoot_calloc(nc, sizeof *r->weight);
    r->score = scoot_calloc(nc, sizeof *r->score);
    r->likely = scoot_calloc(nc, 1);
    r->ev_hit = scoot_calloc(ne, sizeof *r->ev_hit);
    r->hit_first = scoot_calloc(nc + 1, sizeof *r->hit_first);
    r->glikely = scoot_calloc(ng, 1);
    r->define_tv = scoot_calloc(nd, 1);
    r->care_status = scoot_calloc(nk, 1);
    r->care_unless = scoot_calloc(nk, sizeof *r->care_unless);
    r->plan = scoot_calloc(nk, sizeof *r->plan);
    r->unanswered = scoot_calloc(nf, sizeof *r->unanswered);
    r->lt = scoot_calloc((size_t)kb->fx.n_lwords + 1, sizeof *r->lt);
    r->lf = scoot_calloc((size_t)kb->fx.n_lwords + 1, sizeof *r->lf);
    r->ev_cand = scoot_calloc((size_t)kb->fx.ev_index.words + 1, sizeof *r->ev_cand);
    r->rule_cand = scoot_calloc((size_t)kb->fx.rule_index.words + 1, sizeof *r->rule_cand);
    r->can = scoot_calloc((size_t)kb->fx.n_lwords + 1, sizeof *r->can);
    r->must = scoot_calloc((size_t)kb->fx.n_lwords + 1, sizeof *r->must);
    r->open = scoot_calloc(nf, 1);
    r->tier = scoot_calloc(nf, 1);
    r->next = scoot_calloc(nf, sizeof *r->next);
    r->qweight = scoot_calloc(nf, sizeof *r->qweight);
    r->unsure_rf = scoot_calloc(nf, 1);
    r->olist = scoot_calloc(nf, sizeof *r->olist);
    r->rule_open = scoot_calloc(nr, 1);
    r->node_gen = scoot_calloc((size_t)kb->fx.n_nodes + 1, sizeof *r->node_gen);
    r->node_st = scoot_calloc((size_t)kb->fx.n_nodes + 1, 1);
    r->openlit = scoot_calloc((size_t)kb->fx.n_lwords + 1, sizeof *r->openlit);
    r->stamp = scoot_calloc(nf, sizeof *r->stamp);
    if (!r->qweight || !r->unsure_rf || !r->olist || !r->rule_open || !r->node_gen || !r->node_st || !r->openlit || !r->stamp || !r->can || !r->must || !r->open || !r->tier || !r->next || !r->lt || !r->lf || !r->ev_cand || !r->rule_cand || !r->fired || !r->all_fired || !r->watch || !r->order || !r->weight || !r->score || !r->likely ||
        !r->ev_hit || !r->hit_first || !r->glikely || !r->define_tv || !r->care_status || !r->care_unless ||
        !r->plan || !r->unanswered) {
        scoot_result_free(r);
        return SCOOT_ENOMEM;
    }
    *out = r;
    return SCOOT_OK;
}

void scoot_result_free(scoot_result *r)
{
    if (!r)
        return;
    scoot_free(r->fired);
    scoot_free(r->all_fired);
    scoot_free(r->watch);
    scoot_free(r->order);
    scoot_free(r->weight);
    scoot_free(r->score);
    scoot_free(r->likely);
    scoot_free(r->glikely);
    scoot_free(r->define_tv);
    scoot_free(r->care_status);
    scoot_free(r->care_unless);
    scoot_free(r->plan);
    scoot_free(r->unanswered);
    scoot_free(r->ev_hit);
    scoot_free(r->hit_first);
    scoot_free(r->lt);
    scoot_free(r->lf);
    scoot_free(r->ev_cand);
    scoot_free(r->rule_cand);
    scoot_free(r->can);
    scoot_free(r->must);
    scoot_free(r->open);
    scoot_free(r->tier);
    scoot_free(r->next);
    scoot_free(r->qweight);
    scoot_free(r->unsure_rf);
    scoot_free(r->olist);
    scoot_free(r->rule_open);
    scoot_free(r->node_gen);
    scoot_free(r->node_st);
    scoot_free(r->openlit);
    scoot_free(r->stamp);
    scoot_free(r);
}

/* Weights, softmax scores and the ranking (ties keep KB order). */
#define EVAL(expr) scoot__fast_eval_inline(fx, fx->node_of_code[(expr)], r->lt, r->lf)

static void rank_causes(const scoot_kb *kb, scoot_result *r)
{
    const scoot__fast *fx = &kb->fx;
    int n = kb->n_causes;
    double top = -INFINITY;
    int hits = 0;
    /* locals, so that the stores into the result do not make the compiler reload them */
    const scoot__test *ev_test = fx->ev_test;
    const double *ev_weight = fx->ev_weight;
    const uint64_t *lt = r->lt;
    int *ev_hit = r->ev_hit, *hit_first = r->hit_first;
    double *weight = r->weight;
    /* the lines a true literal can make true, as a bitset */
    uint64_t *cand = r->ev_cand;
    scoot__candidates(&fx->ev_index, lt, fx->n_lwords, cand);
    /* each cause's lines are a range; its weight adds the true ones in order */
    for (int i = 0; i < n; i++) {
        const scoot__cfast *c = &fx->cause[i];
        double w = c->base;
        hit_first[i] = hits;
        int lo = c->ev_first, hi = c->ev_first + c->n_ev;
        for (int k = lo >> 6; c->n_ev && k <= (hi - 1) >> 6; k++) {
            uint64_t x = cand[k];
            if (k == lo >> 6)
                x &= ~(uint64_t)0 << (lo & 63);
            if (k == (hi - 1) >> 6 && (hi & 63))
                x &= ~(~(uint64_t)0 << (hi & 63));
            for (; x; x &= x - 1) {
                int e = k * 64 + scoot__ctz64(x);
                if (scoot__test_true(fx, &ev_test[e], lt)) {
                    w += ev_weight[e];
                    ev_hit[hits++] = e;
                }
            }
        }
        weight[i] = w;
        if (w > top)
            top = w;
    }
    r->hit_first[n] = hits;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        r->score[i] = exp(r->weight[i] - top);
        sum += r->score[i];
    }
    for (int i = 0; i < n; i++) {
        r->score[i] /= sum;
        /* insertion sort: n is small and the order must be stable */
        int j = i;
        while (j > 0 && r->score[r->order[j - 1]] < r->score[i]) {
            r->order[j] = r->order[j - 1];
            j--;
        }
        r->order[j] = i;
    }
    for (int i = 0; i < n; i++)
        r->likely[i] = 0;
    for (int g = 0; g < kb->n_groups; g++)
        r->glikely[g] = 0;
    for (int k = 0; k < n && k < 3; k++) {
        int i = r->order[k];
        if (r->score[i] >= kb->likely) {
            r->likely[i] = 1;
            r->glikely[kb->causes[i].group] = 1;
        }
    }
}

/* Sets the literal bits of the likely / group-likely atoms (level < 0) or of the level
 * atoms (level >= 0). */
static void set_late_atoms(const scoot_kb *kb, scoot_result *r, int level)
{
    const scoot__fast *fx = &kb->fx;
    for (int i = 0; i < fx->n_late; i++) {
        int a = fx->late_atoms[i];
        const scoot__atom *t = &fx->atoms[a];
        int v;
        if (t->op == SCOOT__OP_LEVEL) {
            if (level < 0)
                continue;
            v = scoot__cmp_num(t->cmp, level, t->k);
        } else {
            if (level >= 0)
                continue;
            v = t->op == SCOOT__OP_LIKELY ? r->likely[t->a] : r->glikely[t->a];
        }
        scoot__fast_set(r->lt, r->lf, a, v ? SCOOT__T : SCOOT__F);
    }
}

int scoot_assess(const scoot_kb *kb, const scoot_case *c, scoot_result *r)
{
    if (!kb || !c || !r || c->kb != kb || r->kb != kb)
        return SCOOT_EINVAL;
    const scoot__fast *fx = &kb->fx;
    memcpy(r->lt, fx->tmpl_lt, (size_t)fx->n_lwords * sizeof *r->lt);
    memcpy(r->lf, fx->tmpl_lf, (size_t)fx->n_lwords * sizeof *r->lf);
    /* the fact tests: from unknown (both literals clear; "known" tests false) to their value,
     * by XOR, with no branch on the value */
    uint64_t *lt = r->lt, *lf = r->lf;
    const scoot__factbit *fb = fx->fact_bits;
    for (int f = 0; f < kb->n_facts; f++) {
        if (!c->known[f])
            continue;
        double v = c->val[f];
        for (int k = fx->fact_bits_first[f], end = fx->fact_bits_first[f + 1]; k < end; k++) {
            const scoot__factbit *b = &fb[k];
            unsigned idx = (unsigned)(v < b->k) | (unsigned)(v == b->k) << 1;
            uint64_t t = (uint64_t)(b->tt >> idx) & 1, kn = b->known;
            lt[b->word] ^= ((2 - t) | kn << 1) << b->sh;
            lf[b->word] ^= ((1 + t) | kn) << b->sh;
        }
    }
    for (int d = 0; d < kb->n_defines; d++) {
        int v = EVAL(kb->defines[d].expr);
        r->define_tv[d] = (uint8_t)v;
        if (fx->define_atom[d] >= 0)
            scoot__fast_set(r->lt, r->lf, fx->define_atom[d], v);
    }

    if (kb->n_causes)
        rank_causes(kb, r);
    set_late_atoms(kb, r, -1);

    /* the rules a true literal can make true, in KB order */
    int level = SCOOT_LEVEL_MONITOR, n_fired = 0;
    scoot__candidates(&fx->rule_index, r->lt, fx->n_lwords, r->rule_cand);
    for (int k = 0; k < fx->rule_index.words; k++)
        for (uint64_t x = r->rule_cand[k]; x; x &= x - 1) {
            int i = k * 64 + scoot__ctz64(x);
            if (i >= kb->n_rules) /* past the last rule: the all-ones set */
                break;
            if (!scoot__test_true(fx, &fx->rule_test[i], r->lt))
                continue;
            r->all_fired[n_fired++] = i;
            if (fx->rule_level[i] > level)
                level = fx->rule_level[i];
        }
    r->level = level;
    r->n_all_fired = n_fired;
    /* the reasons are the rules that set the level; lower-level ones would only confuse */
    int kept = 0;
    for (int i = 0; i < n_fired; i++) {
        int ru = r->all_fired[i];
        r->fired[kept] = ru;
        kept += fx->rule_level[ru] == level;
    }
    r->n_fired = kept;
    r->default_reason = kept == 0;
    set_late_atoms(kb, r, level);

    r->n_plan = 0;
    for (int i = 0; i < kb->n_cares; i++) {
        r->care_unless[i] = -1;
        if (!scoot__test_true(fx, &fx->care_test[i], r->lt)) {
            r->care_status[i] = SCOOT__CARE_OUT;
            continue;
        }
        r->care_status[i] = SCOOT__CARE_IN;
        for (int u = fx->unless_first[i]; u < fx->unless_first[i + 1]; u++)
            if (scoot__test_true(fx, &fx->unless_test[u], r->lt)) {
                r->care_status[i] = SCOOT__CARE_WITHHELD;
                r->care_unless[i] = u - fx->unless_first[i];
                break;
            }
        if (r->care_status[i] == SCOOT__CARE_IN)
            r->plan[r->n_plan++] = i;
    }

    r->n_watch = 0;
    int fi = 0;
    for (int i = 0; i < kb->n_rules; i++) {
        if (fi < r->n_fired && r->fired[fi] == i) {
            fi++;
            continue;
        }
        if (fx->rule_watch[i] && fx->rule_level[i] > level)
            r->watch[r->n_watch++] = i;
    }

    r->n_unanswered = r->n_unsure_rf = 0;
    for (int k = 0; k < fx->n_redflags; k++) {
        const scoot__redflag *rf = &fx->redflags[k];
        if (c->known[rf->fact])
            continue;
        if (rf->ask_if >= 0 && scoot__fast_eval_inline(fx, rf->ask_if, r->lt, r->lf) == SCOOT__F)
            continue;
        r->unsure_rf[r->n_unanswered] = c->unsure[rf->fact];
        r->n_unsure_rf += c->unsure[rf->fact];
        r->unanswered[r->n_unanswered++] = rf->fact;
    }
    scoot__settle(kb, c, r);
    return SCOOT_OK;
}

scoot_level scoot_result_level(const scoot_result *r)
{
    return (scoot_level)r->level;
}

int scoot_result_n_causes(const scoot_result *r)
{
    return r->kb->n_causes;
}

const char *scoot_result_cause_id(const scoot_result *r, int i)
{
    return i >= 0 && i < r->kb->n_causes ? r->kb->causes[r->order[i]].id : NULL;
}

const char *scoot_result_cause_group(const scoot_result *r, int i)
{
    if (i < 0 || i >= r->kb->n_causes)
        return NULL;
    return r->kb->groups[r->kb->causes[r->order[i]].group].id;
}

double scoot_result_cause_score(const scoot_result *r, int i)
{
    return i >= 0 && i < r->kb->n_causes ? r->score[r->order[i]] : 0;
}

int scoot_result_n_care(const scoot_result *r)
{
    return r->n_plan;
}

const char *scoot_result_care_id(const scoot_result *r, int i)
{
    return i >= 0 && i < r->n_plan ? r->kb->cares[r->plan[i]].id : NULL;
}

int scoot_result_n_reasons(const scoot_result *r)
{
    return r->n_fired;
}

const char *scoot_result_reason_rule(const scoot_result *r, int i)
{
    return i >= 0 && i < r->n_fired ? r->kb->rules[r->fired[i]].id : NULL;
}

int scoot_result_n_fired(const scoot_result *r)
{
    return r->n_all_fired;
}

const char *scoot_result_fired_rule(const scoot_result *r, int i)
{
    return i >= 0 && i < r->n_all_fired ? r->kb->rules[r->all_fired[i]].id : NULL;
}

int scoot_result_settled(const scoot_result *r)
{
    return r->settled;
}

int scoot_result_n_next(const scoot_result *r)
{
    return r->n_next;
}

int scoot_result_next_question(const scoot_result *r, int i)
{
    return i >= 0 && i < r->n_next ? r->next[i] : -1;
}

int scoot_result_n_level_questions(const scoot_result *r)
{
    return r->n_next_level;
}

int scoot_result_next_screen(const scoot_result *r, int *facts, int cap, int *checklist)
{
    *checklist = -1;
    if (r->n_next == 0 || cap < 1)
        return 0;
    const scoot_kb *kb = r->kb;
    int first = r->next[0], c = scoot_kb_fact_checklist(kb, first), n = 0;
    if (c >= 0) {
        int n_items;
        scoot_kb_checklist(kb, c, NULL, &n_items);
        for (int k = 0; k < n_items && n < cap; k++) {
            int f = scoot_kb_checklist_item(kb, c, k, NULL);
            for (int i = 0; i < r->n_next; i++)
                if (r->next[i] == f) {
                    facts[n++] = f;
                    break;
                }
        }
        if (n >= 2) {
            *checklist = c;
            return n;
        }
    }
    facts[0] = first;
    return 1;
}
