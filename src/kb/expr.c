/* expr.c: the bytecode evaluator for KB expressions (three-valued logic) and scale totals. */
#include "../core/setup.h"

#include <math.h>

#include "kb_int.h"

int scoot__eval(const scoot_kb *kb, int expr, const scoot__evalctx *cx)
{
    uint8_t st[SCOOT__MAX_STACK];
    int sp = 0;
    for (const scoot__insn *i = kb->code + expr;; i++) {
        uint8_t v;
        switch (i->op & SCOOT__OP_MASK) {
        case SCOOT__OP_END:
            return st[0];
        case SCOOT__OP_NOT:
            st[sp - 1] = (uint8_t)(2 - st[sp - 1]);
            continue;
        case SCOOT__OP_AND:
            sp--;
            if (st[sp] < st[sp - 1])
                st[sp - 1] = st[sp];
            continue;
        case SCOOT__OP_OR:
            sp--;
            if (st[sp] > st[sp - 1])
                st[sp - 1] = st[sp];
            continue;
        case SCOOT__OP_JF:
            if (st[sp - 1] == SCOOT__F)
                i += i->a - 1;
            continue;
        case SCOOT__OP_JT:
            if (st[sp - 1] == SCOOT__T)
                i += i->a - 1;
            continue;
        case SCOOT__OP_ALWAYS:
            v = SCOOT__T;
            break;
        case SCOOT__OP_BOOL:
            v = cx->known[i->a] ? (cx->val[i->a] != 0 ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_KNOWN:
            v = cx->known[i->a] ? SCOOT__T : SCOOT__F;
            break;
        case SCOOT__OP_CMP:
            v = cx->known[i->a] ? (scoot__cmp_num(i->cmp, cx->val[i->a], i->k) ? SCOOT__T : SCOOT__F)
                                : SCOOT__U;
            break;
        case SCOOT__OP_DEFINE:
            v = cx->define_tv[i->a];
            break;
        case SCOOT__OP_LIKELY:
            v = cx->likely ? (cx->likely[i->a] ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_GLIKELY:
            v = cx->glikely ? (cx->glikely[i->a] ? SCOOT__T : SCOOT__F) : SCOOT__U;
            break;
        case SCOOT__OP_LEVEL:
            v = cx->level < 0 ? SCOOT__U
                              : (scoot__cmp_num(i->cmp, cx->level, i->k) ? SCOOT__T : SCOOT__F);
            break;
        default:
            SCOOT_BUG("bad KB opcode");
        }
        /* an atom: negate, then push or combine with the top of the stack */
        if (i->op & SCOOT__OPF_NEG)
            v = (uint8_t)(2 - v);
        if (i->op & SCOOT__OPF_AND) {
            if (v < st[sp - 1])
                st[sp - 1] = v;
        } else if (i->op & SCOOT__OPF_OR) {
            if (v > st[sp - 1])
                st[sp - 1] = v;
        } else {
            st[sp++] = v;
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
