/* engine_int.h: the case and result structures, shared by the engine and render layers. */
#ifndef SCOOT_ENGINE_INT_H
#define SCOOT_ENGINE_INT_H

#include "../kb/kb_int.h"
#include "scoot/engine.h"

struct scoot_case {
    const scoot_kb *kb;
    double *val;     /* per fact: yes/no as 1/0, number, or option index */
    uint8_t *known;  /* per fact */
    char **text;     /* per fact: text facts only (scoot_malloc'd) */
    uint8_t *unsure; /* per fact: asked and answered "not sure" (so unknown, and not open) */
};

/* Care status in a result. */
enum { SCOOT__CARE_OUT = 0, SCOOT__CARE_IN = 1, SCOOT__CARE_WITHHELD = 2 };

struct scoot_result {
    const scoot_kb *kb;
    int level;
    int default_reason;     /* 1 when no rule fired */
    int *fired, n_fired;    /* the reasons: rule indices that fired at the result's level */
    int *all_fired, n_all_fired; /* every rule that fired, KB order */
    int *order;             /* cause indices, most likely first */
    double *weight, *score; /* per cause */
    int *ev_hit;            /* the true evidence lines, by cause, in KB order: cause i's are */
    int *hit_first;         /* ev_hit[hit_first[i] .. hit_first[i + 1]) */
    uint8_t *likely;        /* per cause */
    uint8_t *glikely;       /* per group */
    uint8_t *define_tv;     /* per define */
    uint8_t *care_status;   /* per care item */
    int *care_unless;       /* per care item: the unless that withheld it, or -1 */
    int *plan, n_plan;      /* care items in the plan, KB order */
    int *watch, n_watch;    /* rule indices shown as watch-for */
    int *unanswered, n_unanswered; /* red-flag facts left unknown */
    uint8_t *unsure_rf;     /* per entry of unanswered: 1 if answered "not sure" */
    int n_unsure_rf;        /* how many of them were answered "not sure" */
    uint64_t *lt, *lf;      /* literal bitsets of the fast evaluator (kb_int.h) */
    uint64_t *ev_cand;      /* evidence lines to test (fx.ev_index.words) */
    uint64_t *rule_cand;    /* rules to test (fx.rule_index.words) */
    /* whether more answers could change the level (settle.c) */
    int settled;            /* 1 when no answer to an open question can change the level */
    int *next, n_next;      /* the questions worth asking, in the order to ask them */
    int n_next_level;       /* the first n_next_level of them could change the level */
    uint64_t *can, *must;   /* literals that some / every completion of the case makes true */
    uint8_t *open;          /* per fact: unknown, and an answer may still be given */
    uint8_t *tier;          /* per fact: scratch for the order of next */
    int *olist;             /* the open facts, in the KB's order (scratch) */
    uint8_t *rule_open;     /* per rule: above monitor and undecided (scratch) */
    int *qweight, *stamp;   /* per fact: scratch for the order of next */
    uint64_t *openlit;      /* literals that answers may still change (scratch) */
    uint32_t *node_gen, gen; /* per node of fx: the generation its node_st is for */
    uint8_t *node_st;       /* per node: what can / must be of it (settle.c) */
};

/* Works out r->settled and the next questions for case c, already assessed into r. */
void scoot__settle(const scoot_kb *kb, const scoot_case *c, scoot_result *r);

/* Holds the fast forms the engine ran for case c (assessed into r) against the bytecode
 * evaluator: every expression, each flat test, the ranking's hits and weights, the level and
 * its reasons, the red flags.
 * Returns how many disagree, with a line each in why (may be NULL). For tests and fuzzers. */
int scoot__fast_check(const scoot_kb *kb, const scoot_case *c, const scoot_result *r,
                      scoot_buf *why);
/* How many expressions scoot__fast_check evaluates. */
int scoot__fast_check_n_expr(const scoot_kb *kb);

/* Tests only: nonzero makes scoot_case_set_json skip its fast reader. */
extern int scoot__case_slow_only;
extern long scoot__case_fast_taken;

#endif
