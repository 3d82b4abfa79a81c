/* check.c: resolves names, compiles expressions to bytecode and runs the KB's semantic checks. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>

#include "entries.h"
#include "parse_int.h"
#include "scoot/alloc.h"

#define DIAG(line, col, ...) scoot__diag_add(&p->diags, (line), (col), __VA_ARGS__)

static const char *const level_names[3] = {"monitor", "vet_soon", "urgent"};
static const char *const ns_names[3] = {"cat", "finding", "history"};
static const char *const type_names[4] = {"yesno", "number", "choice", "text"};

/* ---- lookups ---- */

/* Builds the fact lookup table (the first of duplicate ids wins, as in the linear search). */
static void build_fact_keys(scoot_kb *kb)
{
    _Static_assert(sizeof(scoot__fkey) <= 64, "a slot is one cache line");
    unsigned size = 16;
    while (size < (unsigned)kb->n_facts * 2)
        size *= 2;
    unsigned char *raw = scoot_arena_alloc(&kb->arena, size * 64 + 48);
    if (!raw)
        return; /* the linear search still works */
    scoot__fkey *t = (scoot__fkey *)(raw + ((64 - (uintptr_t)raw % 64) % 64)); /* line-aligned */
    for (unsigned h = 0; h < size; h++)
        t[h] = (scoot__fkey){.fact = -1};
    for (int i = 0; i < kb->n_facts; i++) {
        const scoot__fact *f = &kb->facts[i];
        if (!f->id)
            continue;
        size_t n = strlen(f->id);
        unsigned h = scoot__hash_id(f->id, n) & (size - 1);
        while (t[h].fact >= 0 && (t[h].len != n || strcmp(kb->facts[t[h].fact].id, f->id) != 0))
            h = (h + 1) & (size - 1);
        if (t[h].fact >= 0)
            continue;
        t[h] = (scoot__fkey){.len = (uint32_t)n, .fact = i, .type = (uint8_t)f->type,
                             .ns = (uint8_t)f->ns, .n_options = (uint16_t)f->n_options,
                             .min = f->min, .max = f->max};
        if (n < sizeof t[h].key)
            memcpy(t[h].key, f->id, n + 1);
    }
    kb->fact_keys_mask = size - 1;
    kb->fact_keys = t;
}

/* 1 when the n bytes at id are the slot's key of n bytes (n < 32): eight bytes at a time,
 * then byte by byte (not through a padded word: its byte stores would stall the load). */
static int same_key(const char *key, const char *id, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t a, b;
        memcpy(&a, key + i, 8);
        memcpy(&b, id + i, 8);
        if (a != b)
            return 0;
    }
    for (; i < n; i++)
        if (key[i] != id[i])
            return 0;
    return 1;
}

const scoot__fkey *scoot__kb_fact_key(const scoot_kb *kb, const char *id, size_t n)
{
    if (!kb->fact_keys)
        return NULL;
    for (unsigned h = scoot__hash_id(id, n) & kb->fact_keys_mask; kb->fact_keys[h].fact >= 0;
         h = (h + 1) & kb->fact_keys_mask) {
        const scoot__fkey *k = &kb->fact_keys[h];
        if (k->len == n && (n < sizeof k->key ? same_key(k->key, id, n)
                                              : memcmp(kb->facts[k->fact].id, id, n) == 0))
            return k;
    }
    return NULL;
}

int scoot__kb_fact_find(const scoot_kb *kb, const char *id, size_t n)
{
    if (kb->fact_keys) {
        const scoot__fkey *k = scoot__kb_fact_key(kb, id, n);
        return k ? k->fact : -1;
    }
    for (int i = 0; i < kb->n_facts; i++)
        if (strncmp(kb->facts[i].id, id, n) == 0 && kb->facts[i].id[n] == '\0')
            return i;
    return -1;
}

#define FIND(field, count)                                             \
    static int find_##field(const scoot_kb *kb, const char *id)        \
    {                                                                  \
        for (int i = 0; i < kb->count; i++)                            \
            if (strcmp(kb->field[i].id, id) == 0)                      \
                return i;                                              \
        return -1;                                                     \
    }
FIND(sources, n_sources)
FIND(scales, n_scales)
FIND(defines, n_defines)
FIND(groups, n_groups)
FIND(causes, n_causes)
FIND(cares, n_cares)
#undef FIND

/* ---- duplicate ids ---- */

static void check_dups(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
#define DUPS(field, count, what)                                                          \
    for (int i = 0; i < kb->count; i++)                                                   \
        for (int j = 0; j < i; j++)                                                       \
            if (strcmp(kb->field[i].id, kb->field[j].id) == 0) {                          \
                DIAG(kb->field[i].line, 1, "duplicate %s id '%s' (first declared on line %d)", \
                     what, kb->field[i].id, kb->field[j].line);                           \
                break;                                                                    \
            }
    DUPS(sources, n_sources, "source")
    DUPS(facts, n_facts, "fact")
    DUPS(scales, n_scales, "scale")
    DUPS(defines, n_defines, "define")
    DUPS(groups, n_groups, "group")
    DUPS(causes, n_causes, "cause")
    DUPS(rules, n_rules, "rule")
    DUPS(cares, n_cares, "care")
    DUPS(checklists, n_checklists, "checklist")
#undef DUPS
    for (int i = 0; i < kb->n_defines; i++) {
        int f = scoot__kb_fact_find(kb, kb->defines[i].id, strlen(kb->defines[i].id));
        if (f >= 0)
            DIAG(kb->defines[i].line, 1, "define '%s' has the same id as the fact on line %d",
                 kb->defines[i].id, kb->facts[f].line);
    }
}

/* ---- references ---- */

static void resolve_refs(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
    for (int i = 0; i < p->n_refs; i++) {
        scoot__srcref *r = &p->refs[i];
        int s = find_sources(kb, r->tag);
        if (s < 0) {
            DIAG(r->line, r->col, "unknown source tag '%s'", r->tag);
            continue;
        }
        r->into->idx[r->pos] = s;
        kb->sources[s].uses++;
    }
    for (int i = 0; i < kb->n_sources; i++)
        if (!kb->sources[i].uses)
            DIAG(kb->sources[i].line, 1, "source '%s' is never cited", kb->sources[i].id);
    for (int i = 0; i < kb->n_facts; i++) {
        scoot__fact *f = &kb->facts[i];
        if (!f->scale_name)
            continue;
        f->scale = find_scales(kb, f->scale_name);
        if (f->scale < 0)
            DIAG(f->scale_line, f->scale_col, "unknown scale '%s'", f->scale_name);
        else if (kb->scales[f->scale].max > f->max || f->min > 0)
            DIAG(f->scale_line, f->scale_col,
                 "scale '%s' totals 0..%g, which does not fit the range %g..%g of '%s'",
                 f->scale_name, kb->scales[f->scale].max, f->min, f->max, f->id);
    }
    for (int i = 0; i < kb->n_causes; i++) {
        scoot__cause *c = &kb->causes[i];
        if (!c->group_name)
            continue;
        c->group = find_groups(kb, c->group_name);
        if (c->group < 0)
            DIAG(c->group_line, c->group_col, "unknown group '%s' for cause '%s'", c->group_name,
                 c->id);
    }
    for (int g = 0; g < kb->n_groups; g++) {
        int used = 0;
        for (int i = 0; i < kb->n_causes; i++)
            used |= kb->causes[i].group == g;
        if (!used)
            DIAG(kb->groups[g].line, 1, "group '%s' has no cause", kb->groups[g].id);
    }
    for (int l = 0; l < 3; l++)
        if (!p->level_line[l] && p->kb_line)
            DIAG(p->kb_line, 1, "level '%s' is not declared", level_names[l]);
}

static void check_vocab(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
    int line = p->kb_line ? p->kb_line : 1;
    for (int i = 0; i < scoot__vocab_n_facts; i++) {
        const scoot__vocab_fact *v = &scoot__vocab_facts[i];
        int f = scoot__kb_fact_find(kb, v->id, strlen(v->id));
        if (f < 0) {
            DIAG(line, 1, "vocabulary %s id '%s' is not declared", ns_names[v->ns], v->id);
            continue;
        }
        const scoot__fact *k = &kb->facts[f];
        if (k->ns != v->ns)
            DIAG(k->line, 1, "'%s' must be declared as '%s' (the vocabulary puts it in %s)", v->id,
                 ns_names[v->ns], ns_names[v->ns]);
        if (k->type != v->type)
            DIAG(k->line, 1, "'%s' must have type %s (the vocabulary says so), not %s", v->id,
                 type_names[v->type], type_names[k->type]);
    }
    for (int i = 0; i < scoot__vocab_n_groups; i++)
        if (find_groups(kb, scoot__vocab_groups[i]) < 0)
            DIAG(line, 1, "vocabulary cause group '%s' is not declared", scoot__vocab_groups[i]);
    for (int i = 0; i < scoot__vocab_n_care; i++)
        if (find_cares(kb, scoot__vocab_care[i]) < 0)
            DIAG(line, 1, "vocabulary care id '%s' is not declared", scoot__vocab_care[i]);
}

/* ---- expression compiler ---- */

typedef struct {
    scoot__parser *p;
    scoot__insn *code;
    int n, cap;
    int err;
} emitter;

static void emit(emitter *e, uint8_t op, uint8_t cmp, int a, double k)
{
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 256;
        scoot__insn *v = scoot_realloc(e->code, (size_t)cap * sizeof *v);
        if (!v) {
            e->p->diags.oom = 1;
            e->err = 1;
            return;
        }
        e->code = v;
        e->cap = cap;
    }
    e->code[e->n++] = (scoot__insn){op, cmp, (uint16_t)a, k};
}

/* 1 for an atom instruction without a combine flag (it pushes one value). */
static int is_atom(uint8_t op)
{
    if (op & (SCOOT__OPF_AND | SCOOT__OPF_OR))
        return 0;
    switch (op & SCOOT__OP_MASK) {
    case SCOOT__OP_ALWAYS:
    case SCOOT__OP_BOOL:
    case SCOOT__OP_KNOWN:
    case SCOOT__OP_CMP:
    case SCOOT__OP_DEFINE:
    case SCOOT__OP_LIKELY:
    case SCOOT__OP_GLIKELY:
    case SCOOT__OP_LEVEL: return 1;
    default: return 0;
    }
}

/* Negates the code from start (one operand): flips a lone atom's NEG flag, else emits NOT. */
static void negate(emitter *e, int start)
{
    if (!e->err && e->n == start + 1 && is_atom(e->code[start].op))
        e->code[start].op ^= SCOOT__OPF_NEG;
    else
        emit(e, SCOOT__OP_NOT, 0, 0, 0);
}

static const char *ctx_name(scoot__xctx x)
{
    switch (x) {
    case SCOOT__X_ASKIF: return "an ask-if condition";
    case SCOOT__X_DEFINE: return "a define";
    case SCOOT__X_CAUSE: return "cause evidence";
    case SCOOT__X_RULE: return "a rule";
    default: return "a care item";
    }
}

/* Compiles node a; returns its stack depth, or -1 after reporting an error. */
static int compile(emitter *e, const scoot__pending *pd, const scoot__ast *a)
{
    scoot__parser *p = e->p;
    scoot_kb *kb = p->kb;
    switch (a->kind) {
    case SCOOT__A_ALWAYS:
        emit(e, SCOOT__OP_ALWAYS, 0, 0, 0);
        return 1;
    case SCOOT__A_NOT: {
        int start = e->n;
        int d = compile(e, pd, a->l);
        if (d < 0)
            return -1;
        negate(e, start);
        return d;
    }
    case SCOOT__A_AND:
    case SCOOT__A_OR: {
        /* short circuit: F AND x is F, T OR x is T, so x is skipped (the value stays) */
        int dl = compile(e, pd, a->l);
        int jump = e->n;
        emit(e, a->kind == SCOOT__A_AND ? SCOOT__OP_JF : SCOOT__OP_JT, 0, 0, 0);
        int dr = compile(e, pd, a->r);
        if (dl < 0 || dr < 0 || e->err)
            return -1;
        if (e->n == jump + 2 && is_atom(e->code[jump + 1].op)) {
            /* the right side is one atom: combine it in place, no jump, no AND/OR */
            e->code[jump] = e->code[jump + 1];
            e->code[jump].op |= a->kind == SCOOT__A_AND ? SCOOT__OPF_AND : SCOOT__OPF_OR;
            e->n = jump + 1;
            return dl;
        }
        emit(e, a->kind == SCOOT__A_AND ? SCOOT__OP_AND : SCOOT__OP_OR, 0, 0, 0);
        if (e->err)
            return -1;
        if (e->n - jump > 0xffff) {
            DIAG(a->line, a->col, "condition is too long");
            return -1;
        }
        e->code[jump].a = (uint16_t)(e->n - jump);
        return dl > dr + 1 ? dl : dr + 1;
    }
    case SCOOT__A_LEVEL: {
        if (pd->ctx != SCOOT__X_CARE) {
            DIAG(a->line, a->col, "'level' can only be used in care items, not in %s",
                 ctx_name(pd->ctx));
            return -1;
        }
        int l = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(a->word, level_names[i]) == 0)
                l = i;
        if (l < 0) {
            DIAG(a->line, a->word_col, "unknown level '%s' (expected monitor, vet_soon or urgent)",
                 a->word);
            return -1;
        }
        emit(e, SCOOT__OP_LEVEL, (uint8_t)a->cmp, 0, l);
        return 1;
    }
    case SCOOT__A_MENTIONS:
        DIAG(a->line, a->col, "'mentions' is for journal conditions on an entry's text, not for "
                              "%s", ctx_name(pd->ctx));
        return -1;
    case SCOOT__A_LIKELY: {
        if (pd->ctx != SCOOT__X_CARE && pd->ctx != SCOOT__X_RULE) {
            DIAG(a->line, a->col, "'likely' can only be used in rules and care items, not in %s",
                 ctx_name(pd->ctx));
            return -1;
        }
        int c = find_causes(kb, a->name);
        if (c >= 0) {
            emit(e, SCOOT__OP_LIKELY, 0, c, 0);
            return 1;
        }
        int g = find_groups(kb, a->name);
        if (g >= 0) {
            emit(e, SCOOT__OP_GLIKELY, 0, g, 0);
            return 1;
        }
        DIAG(a->line, a->col, "unknown cause or group '%s' after 'likely'", a->name);
        return -1;
    }
    default:
        break;
    }
    /* atoms naming a fact or a define */
    int f = scoot__kb_fact_find(kb, a->name, strlen(a->name));
    if (f < 0) {
        int d = find_defines(kb, a->name);
        if (d >= 0 && a->kind == SCOOT__A_ID) {
            if (pd->ctx == SCOOT__X_ASKIF) {
                DIAG(a->line, a->col, "an ask-if condition may only use facts, not define '%s'",
                     a->name);
                return -1;
            }
            if (pd->ctx == SCOOT__X_DEFINE && d >= pd->define_idx) {
                DIAG(a->line, a->col, "define '%s' is used before it is defined (or by itself)",
                     a->name);
                return -1;
            }
            emit(e, SCOOT__OP_DEFINE, 0, d, 0);
            return 1;
        }
        if (d >= 0)
            DIAG(a->line, a->col, "define '%s' is a condition; it cannot be compared", a->name);
        else
            DIAG(a->line, a->col, "unknown fact or define '%s'", a->name);
        return -1;
    }
    const scoot__fact *fa = &kb->facts[f];
    switch (a->kind) {
    case SCOOT__A_ID:
        if (fa->type != SCOOT__YESNO) {
            DIAG(a->line, a->col,
                 "'%s' is a %s fact; compare it (e.g. '%s %s') instead of using it as yes/no",
                 a->name, type_names[fa->type], a->name,
                 fa->type == SCOOT__NUMBER ? ">= N" : "= option");
            return -1;
        }
        emit(e, SCOOT__OP_BOOL, 0, f, 0);
        return 1;
    case SCOOT__A_IS:
        if (fa->type == SCOOT__TEXT) {
            DIAG(a->line, a->col, "text fact '%s' cannot be used in conditions", a->name);
            return -1;
        }
        if (!strcmp(a->word, "known") || !strcmp(a->word, "unknown")) {
            emit(e, SCOOT__OP_KNOWN, 0, f, 0);
            if (!strcmp(a->word, "unknown"))
                negate(e, e->n - 1);
            return 1;
        }
        if (fa->type != SCOOT__YESNO) {
            DIAG(a->line, a->word_col, "'is %s' needs a yesno fact; '%s' is a %s", a->word,
                 a->name, type_names[fa->type]);
            return -1;
        }
        emit(e, SCOOT__OP_BOOL, 0, f, 0);
        if (!strcmp(a->word, "no"))
            negate(e, e->n - 1);
        return 1;
    case SCOOT__A_CMP:
        if (fa->type != SCOOT__NUMBER) {
            DIAG(a->line, a->col, "'%s' is a %s fact and cannot be compared with a number",
                 a->name, type_names[fa->type]);
            return -1;
        }
        if (a->num < fa->min || a->num > fa->max) {
            DIAG(a->line, a->num_col, "threshold %g is out of range %g..%g of '%s'", a->num,
                 fa->min, fa->max, a->name);
            return -1;
        }
        emit(e, SCOOT__OP_CMP, (uint8_t)a->cmp, f, a->num);
        return 1;
    case SCOOT__A_CHOICE: {
        if (fa->type != SCOOT__CHOICE) {
            DIAG(a->line, a->col, "'%s' is a %s fact, not a choice; '%s' is not one of its values",
                 a->name, type_names[fa->type], a->word);
            return -1;
        }
        int o = -1;
        for (int i = 0; i < fa->n_options; i++)
            if (strcmp(fa->options[i], a->word) == 0)
                o = i;
        if (o < 0) {
            DIAG(a->line, a->word_col, "'%s' is not an option of '%s'", a->word, a->name);
            return -1;
        }
        emit(e, SCOOT__OP_CMP, (uint8_t)a->cmp, f, o);
        return 1;
    }
    default:
        SCOOT_BUG("unhandled expression node");
    }
}

/* ---- "can never apply" analysis ---- */

/* Candidate values of a variable in the exhaustive search. */
typedef struct {
    int kind; /* 0 fact, 1 cause-likely, 2 group-likely, 3 level */
    int idx;
    int n, cur;
    double v[24];
    uint8_t known[24];
} var;

typedef struct {
    var *v;
    int n, cap;
    int too_many;
} varset;

static var *var_get(varset *vs, int kind, int idx)
{
    for (int i = 0; i < vs->n; i++)
        if (vs->v[i].kind == kind && vs->v[i].idx == idx)
            return &vs->v[i];
    if (vs->n == vs->cap) {
        vs->too_many = 1;
        return NULL;
    }
    var *x = &vs->v[vs->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->idx = idx;
    return x;
}

static void var_add(var *x, double v, uint8_t known)
{
    for (int i = 0; i < x->n; i++)
        if (x->known[i] == known && (!known || x->v[i] == v))
            return;
    if (x->n < 24) {
        x->v[x->n] = v;
        x->known[x->n++] = known;
    }
}

static void collect_vars(const scoot_kb *kb, int expr, varset *vs, int depth)
{
    if (depth > 20) {
        vs->too_many = 1;
        return;
    }
    for (const scoot__insn *i = kb->code + expr; i->op != SCOOT__OP_END; i++) {
        var *x = NULL;
        int op = i->op & SCOOT__OP_MASK;
        switch (op) {
        case SCOOT__OP_BOOL:
        case SCOOT__OP_KNOWN:
        case SCOOT__OP_CMP: {
            const scoot__fact *f = &kb->facts[i->a];
            if (!(x = var_get(vs, 0, i->a)))
                return;
            var_add(x, 0, 0);
            if (f->type == SCOOT__YESNO) {
                var_add(x, 0, 1);
                var_add(x, 1, 1);
            } else if (f->type == SCOOT__CHOICE) {
                for (int o = 0; o < f->n_options; o++)
                    var_add(x, o, 1);
            } else {
                var_add(x, f->min, 1);
                var_add(x, f->max, 1);
                if (op == SCOOT__OP_CMP) {
                    double d = (f->max - f->min) * 1e-6;
                    var_add(x, i->k, 1);
                    if (i->k - d >= f->min)
                        var_add(x, i->k - d, 1);
                    if (i->k + d <= f->max)
                        var_add(x, i->k + d, 1);
                }
            }
            break;
        }
        case SCOOT__OP_DEFINE:
            collect_vars(kb, kb->defines[i->a].expr, vs, depth + 1);
            break;
        case SCOOT__OP_LIKELY:
        case SCOOT__OP_GLIKELY:
            if ((x = var_get(vs, op == SCOOT__OP_LIKELY ? 1 : 2, i->a))) {
                var_add(x, 0, 1);
                var_add(x, 1, 1);
            }
            break;
        case SCOOT__OP_LEVEL:
            if ((x = var_get(vs, 3, 0)))
                for (int l = 0; l < 3; l++)
                    var_add(x, l, 1);
            break;
        default:
            break;
        }
    }
}

/* Searches for an assignment where `when` is true and no `unless` is true.
 * Returns 1 if found, 0 if none exists, -1 if the search space is too large. */
static int satisfiable(const scoot_kb *kb, int when, const int *unless, int n_unless,
                       double *val, uint8_t *known, uint8_t *dtv, uint8_t *lik, uint8_t *glik)
{
    var vbuf[32];
    varset vs = {vbuf, 0, 32, 0};
    collect_vars(kb, when, &vs, 0);
    for (int u = 0; u < n_unless; u++)
        collect_vars(kb, unless[u], &vs, 0);
    if (vs.too_many)
        return -1;
    double space = 1;
    for (int i = 0; i < vs.n; i++)
        space *= vs.v[i].n;
    if (space > 300000)
        return -1;
    scoot__evalctx cx = {val, known, dtv, lik, glik, 0};
    for (;;) {
        for (int i = 0; i < vs.n; i++) {
            var *x = &vs.v[i];
            switch (x->kind) {
            case 0:
                val[x->idx] = x->v[x->cur];
                known[x->idx] = x->known[x->cur];
                break;
            case 1: lik[x->idx] = (uint8_t)x->v[x->cur]; break;
            case 2: glik[x->idx] = (uint8_t)x->v[x->cur]; break;
            default: cx.level = (int)x->v[x->cur]; break;
            }
        }
        for (int d = 0; d < kb->n_defines; d++)
            dtv[d] = kb->defines[d].expr >= 0 ? (uint8_t)scoot__eval(kb, kb->defines[d].expr, &cx)
                                              : SCOOT__U;
        if (scoot__eval(kb, when, &cx) == SCOOT__T) {
            int blocked = 0;
            for (int u = 0; u < n_unless && !blocked; u++)
                blocked = scoot__eval(kb, unless[u], &cx) == SCOOT__T;
            if (!blocked)
                return 1;
        }
        int i = 0;
        for (; i < vs.n; i++) {
            if (++vs.v[i].cur < vs.v[i].n)
                break;
            vs.v[i].cur = 0;
        }
        if (i == vs.n)
            return 0;
    }
}

static void check_reachable(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
    double *val = scoot_calloc((size_t)kb->n_facts + 1, sizeof *val);
    uint8_t *known = scoot_calloc((size_t)kb->n_facts + 1, 1);
    uint8_t *dtv = scoot_calloc((size_t)kb->n_defines + 1, 1);
    uint8_t *lik = scoot_calloc((size_t)kb->n_causes + 1, 1);
    uint8_t *glik = scoot_calloc((size_t)kb->n_groups + 1, 1);
    int *unl = scoot_calloc(64, sizeof *unl);
    if (!val || !known || !dtv || !lik || !glik || !unl) {
        p->diags.oom = 1;
        goto out;
    }
    for (int i = 0; i < kb->n_rules; i++) {
        const scoot__rule *r = &kb->rules[i];
        if (r->expr >= 0 && !satisfiable(kb, r->expr, NULL, 0, val, known, dtv, lik, glik))
            DIAG(r->line, 1, "rule '%s' can never fire (its 'when' is never true)", r->id);
    }
    for (int i = 0; i < kb->n_evidence; i++) {
        const scoot__evidence *e = &kb->evidence[i];
        if (e->expr >= 0 && !satisfiable(kb, e->expr, NULL, 0, val, known, dtv, lik, glik))
            DIAG(e->line, 1, "evidence \"%.40s\" can never be true", e->text ? e->text : "");
    }
    for (int i = 0; i < kb->n_cares; i++) {
        const scoot__care *c = &kb->cares[i];
        if (c->when < 0)
            continue;
        int n = 0, bad = 0;
        for (int u = 0; u < c->n_unless && n < 64; u++) {
            if (c->unless[u].expr < 0)
                bad = 1;
            unl[n++] = c->unless[u].expr;
        }
        if (bad)
            continue;
        int s = satisfiable(kb, c->when, NULL, 0, val, known, dtv, lik, glik);
        if (s == 0)
            DIAG(c->line, 1, "care item '%s' can never apply (its 'when' is never true)", c->id);
        else if (s == 1 && satisfiable(kb, c->when, unl, n, val, known, dtv, lik, glik) == 0)
            DIAG(c->line, 1,
                 "care item '%s' can never apply (an 'unless' is true whenever its 'when' is)",
                 c->id);
    }
out:
    scoot_free(val);
    scoot_free(known);
    scoot_free(dtv);
    scoot_free(lik);
    scoot_free(glik);
    scoot_free(unl);
}

/* ---- checklists ---- */

/* 1 when expression expr reads fact f (directly or through a define). */
static int reads_fact(const scoot_kb *kb, int expr, int f)
{
    if (expr < 0)
        return 0;
    for (const scoot__insn *i = kb->code + expr; (i->op & SCOOT__OP_MASK) != SCOOT__OP_END; i++) {
        int op = i->op & SCOOT__OP_MASK;
        if ((op == SCOOT__OP_BOOL || op == SCOOT__OP_KNOWN || op == SCOOT__OP_CMP) && i->a == f)
            return 1;
        if (op == SCOOT__OP_DEFINE && reads_fact(kb, kb->defines[i->a].expr, f))
            return 1;
    }
    return 0;
}

/* Resolves the checklists' items: each a yes/no fact that is asked, in one checklist only,
 * whose ask-if reads no other item of its checklist (the items are shown together, so none
 * can wait for another's answer). Fills kb->fact_checklist. */
static int check_checklists(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
    kb->fact_checklist = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_facts + 1) * sizeof(int));
    if (!kb->fact_checklist)
        return 0;
    for (int i = 0; i < kb->n_facts; i++)
        kb->fact_checklist[i] = -1;
    for (int c = 0; c < kb->n_checklists; c++) {
        scoot__checklist *cl = &kb->checklists[c];
        for (int k = 0; k < cl->n_items; k++) {
            scoot__checkitem *it = &cl->items[k];
            int f = scoot__kb_fact_find(kb, it->name, strlen(it->name));
            if (f < 0) {
                DIAG(it->line, it->col, "unknown fact '%s' in checklist '%s'", it->name, cl->id);
                continue;
            }
            const scoot__fact *fa = &kb->facts[f];
            if (fa->type != SCOOT__YESNO) {
                DIAG(it->line, it->col, "'%s' is a %s fact; a checklist holds yes/no facts only",
                     it->name, type_names[fa->type]);
                continue;
            }
            if (!fa->ask) {
                DIAG(it->line, it->col, "'%s' has no 'ask', so it is never asked", it->name);
                continue;
            }
            int in = kb->fact_checklist[f];
            if (in >= 0) {
                DIAG(it->line, it->col, "'%s' is already an item of checklist '%s' (line %d)",
                     it->name, kb->checklists[in].id, kb->checklists[in].line);
                continue;
            }
            it->fact = f;
            kb->fact_checklist[f] = c;
        }
        for (int k = 0; k < cl->n_items; k++)
            for (int j = 0; j < cl->n_items; j++)
                if (j != k && cl->items[k].fact >= 0 && cl->items[j].fact >= 0 &&
                    reads_fact(kb, kb->facts[cl->items[k].fact].ask_if, cl->items[j].fact))
                    DIAG(cl->items[k].line, cl->items[k].col,
                         "the ask-if of '%s' reads '%s', an item of the same checklist '%s' "
                         "(items are asked together, so none can wait for another)",
                         cl->items[k].name, cl->items[j].name, cl->id);
    }
    return 1;
}

/* ---- journal definitions ---- */

static const char *const jvalue_names[SCOOT__JV_N] = {"count", "days",   "hours",   "change",
                                                     "first", "latest", "profile", "span"};
static const char *const eftype_names[] = {"choice", "list",    "number", "number", "text",
                                           "yes/no", "date",    "fact",   "care",   "causes",
                                           "object", "value",   "event"};
_Static_assert(SCOOT_ARRAY_LEN(eftype_names) == SCOOT__EF_EVENT + 1, "a name per field type");

/* The values a definition that takes agg offers its conditions (a bit per scoot__jvalue). */
static unsigned jvalues_of(const scoot__journal *jd)
{
    switch (jd->agg) {
    case SCOOT__JA_COUNT: return 1u << SCOOT__JV_COUNT;
    case SCOOT__JA_DAYS:
    case SCOOT__JA_SINCE_FIRST:
    case SCOOT__JA_DAYS_IN_A_ROW: return 1u << SCOOT__JV_DAYS;
    case SCOOT__JA_HOURS_IN_A_ROW: return 1u << SCOOT__JV_HOURS;
    case SCOOT__JA_CHANGE:
        return 1u << SCOOT__JV_CHANGE | 1u << SCOOT__JV_LATEST | 1u << SCOOT__JV_SPAN |
               (jd->profile_name ? 1u << SCOOT__JV_PROFILE : 1u << SCOOT__JV_FIRST);
    default: return 0;
    }
}

/* A list of the names in a bit set of values, for messages. */
static void jvalue_list(unsigned set, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int v = 0; v < SCOOT__JV_N && used < n; v++)
        if (set & 1u << v)
            used += (size_t)snprintf(out + used, n - used, "%s%s", used ? ", " : "",
                                     jvalue_names[v]);
    if (!out[0])
        snprintf(out, n, "none");
}

static void kind_list(char *out, size_t n)
{
    size_t used = 0;
    for (int k = 0; k < scoot__n_ekinds && used < n; k++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", k ? ", " : "",
                                 scoot__ekinds[k].kind);
}

static void field_list(const scoot__ekind *k, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < k->n_fields && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ", " : "", k->fields[i].name);
}

/* The field named a->name of entries of kinds (n of them; of the same type in each); NULL after
 * a message. */
static const scoot__efield *jfield(scoot__parser *p, const scoot__ast *a, const char *const *kinds,
                                   int n)
{
    const scoot__efield *f0 = NULL;
    for (int i = 0; i < n; i++) {
        const scoot__ekind *k = scoot__ekind_find(kinds[i]);
        if (!k)
            return NULL; /* (reported with the kind) */
        const scoot__efield *f = scoot__efield_find(k, a->name);
        if (!f) {
            char list[256];
            field_list(k, list, sizeof list);
            DIAG(a->line, a->col, "'%s' is not a field of %s entries (expected %s)", a->name,
                 k->kind, list);
            return NULL;
        }
        if (f0 && f->type != f0->type) {
            DIAG(a->line, a->col, "'%s' is a %s field of %s entries but a %s field of %s entries",
                 a->name, eftype_names[f0->type], kinds[0], eftype_names[f->type], k->kind);
            return NULL;
        }
        f0 = f;
    }
    return f0;
}

/* Compiles a journal condition over the fields of kinds (n of them), or over the values
 * `values` (a bit set) when n is 0; NULL after a message. */
static const scoot__jcond *compile_jcond(scoot__parser *p, const scoot__ast *a,
                                         const char *const *kinds, int n, unsigned values)
{
    scoot_kb *kb = p->kb;
    scoot__jcond *c = scoot_arena_zalloc(&kb->arena, sizeof *c);
    if (!c) {
        p->diags.oom = 1;
        return NULL;
    }
    c->value = -1;
    switch (a->kind) {
    case SCOOT__A_ALWAYS: c->op = SCOOT__JC_ALWAYS; return c;
    case SCOOT__A_NOT:
        c->op = SCOOT__JC_NOT;
        return (c->l = compile_jcond(p, a->l, kinds, n, values)) ? c : NULL;
    case SCOOT__A_AND:
    case SCOOT__A_OR:
        c->op = a->kind == SCOOT__A_AND ? SCOOT__JC_AND : SCOOT__JC_OR;
        c->l = compile_jcond(p, a->l, kinds, n, values);
        c->r = compile_jcond(p, a->r, kinds, n, values);
        return c->l && c->r ? c : NULL;
    case SCOOT__A_LIKELY:
    case SCOOT__A_LEVEL:
        DIAG(a->line, a->col, "'%s' cannot be used in a journal condition",
             a->kind == SCOOT__A_LIKELY ? "likely" : "level");
        return NULL;
    default: break;
    }
    c->field = a->name;
    if (n == 0) {
        /* the values a definition took */
        int v = -1;
        for (int i = 0; i < SCOOT__JV_N; i++)
            if (!strcmp(a->name, jvalue_names[i]) && values & 1u << i)
                v = i;
        if (v < 0) {
            char list[128];
            jvalue_list(values, list, sizeof list);
            DIAG(a->line, a->col, "'%s' is not a value this definition takes (expected %s)",
                 a->name, list);
            return NULL;
        }
        if (a->kind != SCOOT__A_CMP) {
            DIAG(a->line, a->col, "'%s' is a number; compare it (e.g. '%s >= 2')", a->name,
                 a->name);
            return NULL;
        }
        c->op = SCOOT__JC_CMP;
        c->cmp = (uint8_t)a->cmp;
        c->value = (int8_t)v;
        c->k = a->num;
        return c;
    }
    const scoot__efield *f = jfield(p, a, kinds, n);
    if (!f)
        return NULL;
    const char *tn = eftype_names[f->type];
    switch (a->kind) {
    case SCOOT__A_ID:
        if (f->type != SCOOT__EF_BOOL && f->type != SCOOT__EF_ANY) {
            DIAG(a->line, a->col, "'%s' is a %s field; compare it instead of using it as yes/no",
                 a->name, tn);
            return NULL;
        }
        c->op = SCOOT__JC_IS;
        c->k = 1;
        c->missing_yes = f->type == SCOOT__EF_ANY;
        return c;
    case SCOOT__A_IS:
        if (!strcmp(a->word, "known") || !strcmp(a->word, "unknown")) {
            c->op = SCOOT__JC_KNOWN;
            if (!strcmp(a->word, "known"))
                return c;
            scoot__jcond *no = scoot_arena_zalloc(&kb->arena, sizeof *no);
            if (!no) {
                p->diags.oom = 1;
                return NULL;
            }
            no->op = SCOOT__JC_NOT;
            no->value = -1;
            no->l = c;
            return no;
        }
        if (f->type != SCOOT__EF_BOOL && f->type != SCOOT__EF_ANY) {
            DIAG(a->line, a->word_col, "'is %s' needs a yes/no field; '%s' is a %s field", a->word,
                 a->name, tn);
            return NULL;
        }
        c->op = SCOOT__JC_IS;
        c->k = !strcmp(a->word, "yes");
        c->missing_yes = f->type == SCOOT__EF_ANY;
        return c;
    case SCOOT__A_CMP:
        if (f->type != SCOOT__EF_NUMBER && f->type != SCOOT__EF_INT && f->type != SCOOT__EF_ANY) {
            DIAG(a->line, a->col, "'%s' is a %s field and cannot be compared with a number",
                 a->name, tn);
            return NULL;
        }
        if (f->type != SCOOT__EF_ANY && (a->num < f->min || a->num > f->max)) {
            DIAG(a->line, a->num_col, "threshold %g is out of range %g..%g of '%s'", a->num,
                 f->min, f->max, a->name);
            return NULL;
        }
        c->op = SCOOT__JC_CMP;
        c->cmp = (uint8_t)a->cmp;
        c->k = a->num;
        return c;
    case SCOOT__A_CHOICE: {
        int ok = 0;
        switch (f->type) {
        case SCOOT__EF_CHOICE:
        case SCOOT__EF_CHOICES: ok = scoot__eopt_find(f->opts, a->word) >= 0; break;
        case SCOOT__EF_FINDING: {
            int fi = scoot__kb_fact_find(kb, a->word, strlen(a->word));
            ok = fi >= 0 && kb->facts[fi].type != SCOOT__TEXT;
            break;
        }
        case SCOOT__EF_CARE: ok = find_cares(kb, a->word) >= 0; break;
        case SCOOT__EF_CAUSES: ok = find_causes(kb, a->word) >= 0 || find_groups(kb, a->word) >= 0; break;
        case SCOOT__EF_ANY: ok = 1; break;
        default:
            DIAG(a->line, a->col, "'%s' is a %s field%s", a->name, tn,
                 f->type == SCOOT__EF_TEXT ? "; look for words in it with 'mentions'" : "");
            return NULL;
        }
        if (!ok) {
            DIAG(a->line, a->word_col, "'%s' is not %s of '%s'", a->word,
                 f->type == SCOOT__EF_FINDING  ? "a fact (not a text fact) that can be the value"
                 : f->type == SCOOT__EF_CARE   ? "a care id that can be the value"
                 : f->type == SCOOT__EF_CAUSES ? "a cause or group id that can be in the list"
                                               : "an option",
                 a->name);
            return NULL;
        }
        c->op = SCOOT__JC_EQ;
        c->cmp = (uint8_t)a->cmp;
        c->list = f->type == SCOOT__EF_CHOICES || f->type == SCOOT__EF_CAUSES;
        c->word = a->word;
        return c;
    }
    case SCOOT__A_MENTIONS:
        if (f->type != SCOOT__EF_TEXT) {
            DIAG(a->line, a->col, "'mentions' looks for words in a text; '%s' is a %s field",
                 a->name, tn);
            return NULL;
        }
        if (!a->word[0]) {
            DIAG(a->line, a->word_col, "'mentions' needs a word, not an empty text");
            return NULL;
        }
        c->op = SCOOT__JC_MENTIONS;
        c->word = a->word;
        return c;
    default: SCOOT_BUG("unhandled journal condition node");
    }
}

/* Checks the {placeholders} of a text against those allowed (names, NULL-ended). */
static void check_placeholders(scoot__parser *p, const scoot__jtext *t, const char *const *names)
{
    if (!t->text)
        return;
    for (const char *s = t->text; (s = strchr(s, '{')) != NULL;) {
        const char *e = strchr(s, '}');
        if (!e) {
            DIAG(t->line, t->col, "'{' without its '}' in \"%.40s\"", t->text);
            return;
        }
        int ok = 0;
        for (int i = 0; names[i]; i++)
            ok |= (size_t)(e - s - 1) == strlen(names[i]) && !strncmp(s + 1, names[i], (size_t)(e - s - 1));
        if (!ok) {
            char list[128] = "";
            size_t used = 0;
            for (int i = 0; names[i] && used < sizeof list; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s{%s}", i ? ", " : "",
                                         names[i]);
            DIAG(t->line, t->col, "unknown placeholder '%.*s' in the text (this one can use %s)",
                 (int)(e - s + 1), s, list[0] ? list : "none");
        }
        s = e + 1;
    }
}

/* The placeholders a definition's texts may use. */
static const char *const *placeholders(const scoot__journal *jd)
{
    static const char *const none[] = {NULL};
    static const char *const date[] = {"date", NULL};
    static const char *const count[] = {"count", "s", NULL};
    static const char *const days[] = {"days", "s", NULL};
    static const char *const since[] = {"days", "s", "date", NULL};
    static const char *const hours[] = {"hours", "s", "from", "to", NULL};
    static const char *const change[] = {"change", "first", "latest", "date", NULL};
    static const char *const against[] = {"change", "profile", "latest", "date", NULL};
    switch (jd->agg) {
    case SCOOT__JA_COUNT: return count;
    case SCOOT__JA_DAYS:
    case SCOOT__JA_DAYS_IN_A_ROW: return days;
    case SCOOT__JA_SINCE_FIRST: return since;
    case SCOOT__JA_HOURS_IN_A_ROW: return hours;
    case SCOOT__JA_CHANGE: return jd->profile_name ? against : change;
    case SCOOT__JA_LATEST:
    case SCOOT__JA_OBSERVED: return date;
    default: return none;
    }
}

/* The observations block: how long an observation of each fact holds. */
static void check_observations(scoot__parser *p, scoot__journal *jd)
{
    scoot_kb *kb = p->kb;
    jd->hold = scoot_arena_zalloc(&kb->arena, ((size_t)kb->n_facts + 1) * sizeof *jd->hold);
    if (!jd->hold) {
        p->diags.oom = 1;
        return;
    }
    for (int i = 0; i < kb->n_facts; i++)
        jd->hold[i] = kb->facts[i].type == SCOOT__TEXT ? 0 : jd->hold_default;
    for (int h = 0; h < jd->n_holds; h++) {
        const scoot__jhold *x = &jd->holds[h];
        int f = scoot__kb_fact_find(kb, x->fact, strlen(x->fact));
        if (f < 0) {
            DIAG(x->line, x->col, "unknown fact '%s' in observations", x->fact);
            continue;
        }
        if (kb->facts[f].type == SCOOT__TEXT) {
            DIAG(x->line, x->col, "text fact '%s' is never read from observations", x->fact);
            continue;
        }
        for (int k = 0; k < h; k++)
            if (!strcmp(jd->holds[k].fact, x->fact))
                DIAG(x->line, x->col, "'%s' is given a time in observations twice (first on line %d)",
                     x->fact, jd->holds[k].line);
        jd->hold[f] = x->within;
    }
    for (int i = 0; i < jd->n_notice; i++) {
        scoot__notice *nt = &jd->notice[i];
        int f = scoot__kb_fact_find(kb, nt->name, strlen(nt->name));
        if (f < 0) {
            DIAG(nt->line, nt->col, "unknown fact '%s' in observations", nt->name);
            continue;
        }
        if (kb->facts[f].type != SCOOT__YESNO) {
            DIAG(nt->line, nt->col,
                 "'%s' is a %s fact; an owner notices a yes/no one (a sign seen, or stopped)",
                 nt->name, type_names[kb->facts[f].type]);
            continue;
        }
        for (int k = 0; k < i; k++)
            if (jd->notice[k].fact == f && jd->notice[k].value == nt->value)
                DIAG(nt->line, nt->col, "'notice %s%s' twice (first on line %d)", nt->name,
                     nt->value ? "" : " no", jd->notice[k].line);
        nt->fact = f;
    }
    check_placeholders(p, &jd->because, placeholders(jd));
}

/* Resolves and checks one journal definition (index ji); compiles its conditions. */
static void check_journal_def(scoot__parser *p, int ji)
{
    scoot_kb *kb = p->kb;
    scoot__journal *jd = &kb->journal[ji];
    if (jd->agg == SCOOT__JA_OBSERVED) {
        check_observations(p, jd);
        return;
    }
    jd->fact = scoot__kb_fact_find(kb, jd->fact_name, strlen(jd->fact_name));
    const scoot__fact *fa = jd->fact >= 0 ? &kb->facts[jd->fact] : NULL;
    if (!fa)
        DIAG(jd->line, jd->fact_col, "unknown fact '%s' in journal", jd->fact_name);
    else if (fa->type == SCOOT__TEXT)
        DIAG(jd->line, jd->fact_col, "text fact '%s' cannot be given by the journal",
             jd->fact_name);
    if (fa && fa->type == SCOOT__TEXT)
        fa = NULL;
    /* the kinds it reads */
    const char *kinds[16];
    int nk = 0, kinds_ok = 1;
    char list[256];
    for (int i = 0; i < jd->n_from; i++) {
        const scoot__jfrom *f = &jd->from[i];
        int seen = 0;
        for (int k = 0; k < nk; k++)
            seen |= !strcmp(kinds[k], f->kind);
        if (!scoot__ekind_find(f->kind)) {
            kind_list(list, sizeof list);
            DIAG(f->line, f->col, "unknown entry kind '%s' (expected %s)", f->kind, list);
            kinds_ok = 0;
        } else if (!seen && nk < (int)SCOOT_ARRAY_LEN(kinds)) {
            kinds[nk++] = f->kind;
        }
    }
    if (jd->needs.kind && !scoot__ekind_find(jd->needs.kind)) {
        kind_list(list, sizeof list);
        DIAG(jd->needs.line, jd->needs.col, "unknown entry kind '%s' (expected %s)",
             jd->needs.kind, list);
    }
    /* the field taken, and the profile's fact a change is taken against */
    const scoot__efield *field = NULL;
    if (jd->field && kinds_ok) {
        scoot__ast fx = {.kind = SCOOT__A_ID, .line = jd->take_line, .col = jd->field_col,
                         .name = jd->field};
        field = jfield(p, &fx, kinds, nk);
        if (field && jd->agg == SCOOT__JA_CHANGE && field->type != SCOOT__EF_NUMBER &&
            field->type != SCOOT__EF_INT) {
            DIAG(jd->take_line, jd->field_col, "'change' needs a number field; '%s' is a %s field",
                 jd->field, eftype_names[field->type]);
            field = NULL;
        }
    }
    if (jd->profile_name) {
        jd->profile = scoot__kb_fact_find(kb, jd->profile_name, strlen(jd->profile_name));
        if (jd->profile < 0 || kb->facts[jd->profile].ns != SCOOT__NS_CAT ||
            kb->facts[jd->profile].type != SCOOT__NUMBER) {
            DIAG(jd->take_line, jd->profile_col,
                 "'%s' is not a number fact of the cat (its profile holds those)",
                 jd->profile_name);
            jd->profile = -1;
        }
    }
    /* the conditions */
    unsigned values = jvalues_of(jd);
    for (int i = 0; i < p->n_jpend; i++) {
        const scoot__jpending *pd = &p->jpend[i];
        if (pd->journal != ji)
            continue;
        const scoot__jcond *c = NULL;
        switch (pd->ctx) {
        case SCOOT__JX_FROM:
            if (scoot__ekind_find(jd->from[pd->from].kind))
                jd->from[pd->from].where = c =
                    compile_jcond(p, pd->ast, &jd->from[pd->from].kind, 1, 0);
            continue;
        case SCOOT__JX_NEEDS:
            if (jd->needs.kind && scoot__ekind_find(jd->needs.kind))
                c = compile_jcond(p, pd->ast, &jd->needs.kind, 1, 0);
            break;
        case SCOOT__JX_TAKE:
            if (kinds_ok)
                c = compile_jcond(p, pd->ast, kinds, nk, 0);
            break;
        default:
            if (jd->agg == SCOOT__JA_LATEST && kinds_ok)
                c = compile_jcond(p, pd->ast, kinds, nk, 0);
            else if (jd->agg != SCOOT__JA_LATEST)
                c = compile_jcond(p, pd->ast, NULL, 0, values);
            break;
        }
        *pd->slot = c;
    }
    /* what it takes, for the fact it gives */
    int number = jd->agg != SCOOT__JA_EVERY && (jd->agg != SCOOT__JA_LATEST || field);
    if (fa) {
        const char *name = fa->id;
        if (jd->yes_if && fa->type != SCOOT__YESNO)
            DIAG(jd->line, 1, "journal '%s': 'yes-if' is for yes/no facts", name);
        else if (jd->agg == SCOOT__JA_EVERY && fa->type != SCOOT__YESNO)
            DIAG(jd->line, 1, "journal '%s': 'take every' gives yes or no, but '%s' is a %s fact",
                 name, name, type_names[fa->type]);
        else if (jd->agg == SCOOT__JA_EVERY && (jd->yes_if || jd->otherwise == SCOOT__JO_NO))
            DIAG(jd->line, 1, "journal '%s': 'take every' gives yes or no by itself", name);
        else if (fa->type == SCOOT__YESNO && number && !jd->yes_if &&
                 !(field && field->type == SCOOT__EF_BOOL))
            DIAG(jd->line, 1, "journal '%s': '%s' is yes/no; say when it is yes ('yes-if')", name,
                 name);
        else if (jd->agg == SCOOT__JA_LATEST && !field && fa->type != SCOOT__YESNO)
            DIAG(jd->line, 1,
                 "journal '%s': 'take latest' alone gives yes; name the field for a %s fact",
                 name, type_names[fa->type]);
        else if (fa->type == SCOOT__CHOICE && field) {
            for (int o = 0; field->opts && field->opts[o].id; o++) {
                int k = 0;
                while (k < fa->n_options && strcmp(fa->options[k], field->opts[o].id))
                    k++;
                if (k == fa->n_options) {
                    DIAG(jd->take_line, jd->field_col, "option '%s' of '%s' is not an option of '%s'",
                         field->opts[o].id, jd->field, name);
                    break;
                }
            }
            if (field->type != SCOOT__EF_CHOICE)
                DIAG(jd->take_line, jd->field_col, "'%s' is a %s field; a choice fact takes a "
                                                   "choice field",
                     jd->field, eftype_names[field->type]);
        } else if (fa->type == SCOOT__CHOICE && jd->agg != SCOOT__JA_LATEST)
            DIAG(jd->line, 1, "journal '%s': a choice fact takes the latest entry's choice field",
                 name);
        else if (fa->type == SCOOT__NUMBER && field && field->type != SCOOT__EF_NUMBER &&
                 field->type != SCOOT__EF_INT && field->type != SCOOT__EF_ANY)
            DIAG(jd->take_line, jd->field_col, "'%s' is a %s field; a number fact takes a number",
                 jd->field, eftype_names[field->type]);
        if (jd->otherwise == SCOOT__JO_NO && fa->type != SCOOT__YESNO)
            DIAG(jd->line, 1, "journal '%s': 'otherwise no' is for yes/no facts", name);
        if (jd->otherwise == SCOOT__JO_PROFILE && fa->ns != SCOOT__NS_CAT)
            DIAG(jd->line, 1,
                 "journal '%s': 'otherwise profile' is for facts of the cat (its profile holds "
                 "those)",
                 name);
        if ((jd->because_yes.text || jd->because_no.text) && fa->type != SCOOT__YESNO)
            DIAG(jd->line, 1, "journal '%s': 'because yes' and 'because no' are for yes/no facts",
                 name);
    }
    if (jd->agg == SCOOT__JA_DAYS_IN_A_ROW && (!jd->within || !jd->within_days))
        DIAG(jd->line, 1,
             "journal '%s': 'take days-in-a-row' needs a window in days ('within N days')",
             jd->fact_name);
    /* the texts: `because KIND` into its from line */
    for (int i = 0; i < jd->n_kind_because; i++) {
        const scoot__jkindtext *kt = &jd->kind_because[i];
        if (jd->agg != SCOOT__JA_LATEST && jd->agg != SCOOT__JA_SINCE_FIRST) {
            DIAG(kt->text.line, kt->col,
                 "'because %s': a text by kind is for 'take latest' and 'take days-since-first' "
                 "(or say 'because yes' or 'because no')",
                 kt->kind);
            continue;
        }
        int k = 0;
        while (k < jd->n_from && strcmp(jd->from[k].kind, kt->kind))
            k++;
        if (k == jd->n_from)
            DIAG(kt->text.line, kt->col, "'because %s': the definition reads no %s entries",
                 kt->kind, kt->kind);
        else if (jd->from[k].because.text)
            DIAG(kt->text.line, kt->col, "a second 'because %s'", kt->kind);
        else
            jd->from[k].because = kt->text;
    }
    const char *const *ph = placeholders(jd);
    check_placeholders(p, &jd->because, ph);
    check_placeholders(p, &jd->because_yes, ph);
    check_placeholders(p, &jd->because_no, ph);
    int yes_no = fa && fa->type == SCOOT__YESNO;
    int can_no = jd->agg == SCOOT__JA_EVERY || jd->otherwise == SCOOT__JO_NO ||
                 (yes_no && field && field->type == SCOOT__EF_BOOL && !jd->yes_if);
    int any_text = jd->because.text || jd->because_yes.text || jd->because_no.text ||
                   jd->n_kind_because; /* (none at all: reported with the block) */
    for (int i = 0; i < jd->n_from; i++) {
        check_placeholders(p, &jd->from[i].because, ph);
        if (!any_text)
            continue;
        const char *plain = jd->from[i].because.text ? jd->from[i].because.text : jd->because.text;
        if ((!plain && !(yes_no && jd->because_yes.text)) ||
            (can_no && !plain && !jd->because_no.text)) {
            DIAG(jd->line, 1,
                 "journal '%s' has no 'because' for every value it can give (a plain one, or "
                 "'because yes' and 'because no', or one for each kind it reads)",
                 jd->fact_name);
            break;
        }
    }
}

/* 1 when definition jd reads entries of kind (a from line, `needs`, or the observations). */
static int jreads(const scoot__journal *jd, const char *kind)
{
    if (jd->agg == SCOOT__JA_OBSERVED)
        return !strcmp(kind, "observation");
    if (jd->needs.kind && !strcmp(jd->needs.kind, kind))
        return 1;
    for (int i = 0; i < jd->n_from; i++)
        if (!strcmp(jd->from[i].kind, kind))
            return 1;
    return 0;
}

/* Builds the journal's reading plan (kb->jdefs...); 0 on out of memory. */
static int build_journal_plan(scoot_kb *kb)
{
    int nk = scoot__n_ekinds;
    kb->jdefs_first = scoot_arena_zalloc(&kb->arena, ((size_t)nk + 1) * sizeof(int));
    kb->jdefs = scoot_arena_zalloc(&kb->arena, ((size_t)nk * kb->n_journal + 1) * sizeof(int));
    kb->jkind_any_age = scoot_arena_zalloc(&kb->arena, (size_t)nk + 1);
    if (!kb->jdefs_first || !kb->jdefs || !kb->jkind_any_age)
        return 0;
    int n = 0;
    for (int k = 0; k < nk; k++) {
        kb->jdefs_first[k] = n;
        for (int i = 0; i < kb->n_journal; i++) {
            const scoot__journal *jd = &kb->journal[i];
            if (!jreads(jd, scoot__ekinds[k].kind))
                continue;
            kb->jdefs[n++] = i;
            /* a block without a window reads its kinds at any age */
            for (int f = 0; !jd->within && jd->agg != SCOOT__JA_OBSERVED && f < jd->n_from; f++)
                kb->jkind_any_age[k] |= !strcmp(jd->from[f].kind, scoot__ekinds[k].kind);
        }
    }
    kb->jdefs_first[nk] = n;
    kb->jreach = 0;
    for (int i = 0; i < kb->n_journal; i++) {
        const scoot__journal *jd = &kb->journal[i];
        /* (the days in a row of a window of N days: today and the N days before) */
        int64_t w = jd->within + (jd->agg == SCOOT__JA_DAYS_IN_A_ROW ? 86400 : 0);
        if (w > kb->jreach)
            kb->jreach = w;
        if (jd->needs_within > kb->jreach)
            kb->jreach = jd->needs_within;
        for (int f = 0; jd->hold && f < kb->n_facts; f++)
            if (jd->hold[f] > kb->jreach)
                kb->jreach = jd->hold[f];
    }
    return 1;
}

/* Checks the journal definitions and the observations block, in file order. */
static void check_journal(scoot__parser *p)
{
    for (int i = 0; i < p->kb->n_journal && !p->diags.oom; i++)
        check_journal_def(p, i);
}

/* ---- ask order, and the text facts (a case's clear frees only theirs) ---- */

static int build_ask_order(scoot_kb *kb)
{
    kb->ask_order = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_facts + 1) * sizeof(int));
    kb->text_facts = scoot_arena_alloc(&kb->arena, ((size_t)kb->n_facts + 1) * sizeof(int));
    if (!kb->ask_order || !kb->text_facts)
        return 0;
    kb->n_text_facts = 0;
    for (int i = 0; i < kb->n_facts; i++)
        if (kb->facts[i].type == SCOOT__TEXT)
            kb->text_facts[kb->n_text_facts++] = i;
    kb->n_ask = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < kb->n_facts; i++)
            if (kb->facts[i].ask && kb->facts[i].redflag == (pass == 0))
                kb->ask_order[kb->n_ask++] = i;
    return 1;
}

void scoot__kb_check(scoot__parser *p)
{
    scoot_kb *kb = p->kb;
    build_fact_keys(kb);
    check_dups(p);
    resolve_refs(p);
    if (!p->no_vocab)
        check_vocab(p);
    emitter e = {p, NULL, 0, 0, 0};
    /* defines first, in order, so that later expressions can refer to them */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < p->n_pend; i++) {
            const scoot__pending *pd = &p->pend[i];
            if ((pd->ctx == SCOOT__X_DEFINE) != (pass == 0))
                continue;
            int start = e.n;
            int d = compile(&e, pd, pd->ast);
            if (d < 0 || e.err) {
                e.n = start;
                *pd->slot = -1;
                continue;
            }
            if (d > SCOOT__MAX_STACK) {
                DIAG(pd->ast->line, pd->ast->col, "condition is too complex (needs %d stack slots, at most %d)",
                     d, SCOOT__MAX_STACK);
                e.n = start;
                *pd->slot = -1;
                continue;
            }
            emit(&e, SCOOT__OP_END, 0, 0, 0);
            *pd->slot = start;
        }
    }
    if (e.n > 0) {
        kb->code = scoot_arena_alloc(&kb->arena, (size_t)e.n * sizeof *kb->code);
        if (kb->code)
            memcpy(kb->code, e.code, (size_t)e.n * sizeof *kb->code);
        else
            p->diags.oom = 1;
        kb->n_code = e.n;
    }
    scoot_free(e.code);
    if (p->diags.oom)
        return;
    check_journal(p);
    if (p->diags.oom)
        return;
    if (!check_checklists(p) || !build_ask_order(kb)) {
        p->diags.oom = 1;
        return;
    }
    /* reachability needs every expression compiled; skip it when something failed */
    if (p->diags.n == 0 && !p->trusted)
        check_reachable(p);
    if (p->diags.n == 0 && (!scoot__fast_build(kb) || !build_journal_plan(kb)))
        p->diags.oom = 1;
}
