/* expr.c: the bytecode evaluator for KB expressions (three-valued logic) and scale totals. */
#include "../core/setup.h"

#include <math.h>

#include "kb_int.h"

static int cmp_num(int cmp, double v, double k)
{
    switch (cmp) {
    case SCOOT__LT: return v < k;
    case SCOOT__LE: return v <= k;
    case SCOOT__GT: return v > k;
    case SCOOT__GE: return v >= k;
    case SCOOT__EQ: return v == k;
    default: return v != k;
    }
}

int scoot__eval(const scoot_kb *kb, int expr, const scoot__evalctx *cx)
{
    uint8_t st[SCOOT__MAX_STACK];
    int sp = 0;
    for (const scoot__insn *i = kb->code + expr;; i++) {
        switch (i->op) {
        case SCOOT__OP_END:
            return st[0];
        case SCOOT__OP_ALWAYS:
            st[sp++] = SCOOT__T;
            break;
        case SCOOT__OP_BOOL:
            st[sp++] = cx->known[i->a] ? (cx->val[i->a] != 0 ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_KNOWN:
            st[sp++] = cx->known[i->a] ? SCOOT__T : SCOOT__F;
            break;
        case SCOOT__OP_CMP:
            st[sp++] = cx->known[i->a]
                           ? (cmp_num(i->cmp, cx->val[i->a], i->k) ? SCOOT__T : SCOOT__F)
                           : SCOOT__U;
            break;
        case SCOOT__OP_DEFINE:
            st[sp++] = cx->define_tv[i->a];
            break;
        case SCOOT__OP_LIKELY:
            st[sp++] = cx->likely ? (cx->likely[i->a] ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_GLIKELY:
            st[sp++] = cx->glikely ? (cx->glikely[i->a] ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_LEVEL:
            st[sp++] = cx->level < 0 ? SCOOT__U
                                     : (cmp_num(i->cmp, cx->level, i->k) ? SCOOT__T : SCOOT__F);
            break;
        case SCOOT__OP_NOT:
            st[sp - 1] = (uint8_t)(2 - st[sp - 1]);
            break;
        case SCOOT__OP_AND:
            sp--;
            if (st[sp] < st[sp - 1])
                st[sp - 1] = st[sp];
            break;
        case SCOOT__OP_OR:
            sp--;
            if (st[sp] > st[sp - 1])
                st[sp - 1] = st[sp];
            break;
        default:
            SCOOT_BUG("bad KB opcode");
        }
    }
}

double scoot__scale_total(const scoot__scale *s, const int *score)
{
    int sum = 0, seen = 0;
    for (int k = 0; k < s->n_units; k++) {
        if (score[k] < 0)
            continue;
        sum += score[k];
        seen++;
    }
    if (!seen)
        return -1;
    int top = s->units[0].n_scores - 1;
    double t = (double)sum / ((double)top * seen) * s->max;
    return round(t * 10.0) / 10.0;
}
