/* parse.c: lexer and parser of the KB language into the kb structures (docs/kb-language.md). */
#include "../core/setup.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse_int.h"
#include "scoot/alloc.h"

#define MAX_DIAGS 500

void scoot__diag_add(scoot__diags *d, int line, int col, const char *fmt, ...)
{
    if (d->n >= MAX_DIAGS)
        return;
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 16;
        scoot__diag *v = scoot_realloc(d->v, (size_t)cap * sizeof *v);
        if (!v) {
            d->oom = 1;
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    char *msg = scoot_strdup(tmp);
    if (!msg) {
        d->oom = 1;
        return;
    }
    d->v[d->n].line = line;
    d->v[d->n].col = col;
    d->v[d->n].msg = msg;
    d->n++;
}

/* ---- lexer ---------------------------------------------------------------------------- */

typedef enum { T_END, T_IDENT, T_NUMBER, T_STRING, T_OP } ttype;

typedef struct {
    ttype type;
    int line, col;
    const char *s; /* identifier, string text or operator (arena) */
    double num;
} token;

typedef struct {
    int line, indent;
    token *tok;
    int n;
    int end_col; /* column of the end of the (last physical) line */
} lline;

typedef struct {
    scoot__parser *p;
    lline *lines;
    int n_lines;
    scoot_arena tmp; /* token arrays and the line list: freed when parsing ends */
} lexed;

/* A growable token vector on the heap, reused from line to line. */
typedef struct {
    token *v;
    int n, cap;
} tokvec;

static int tokvec_push(tokvec *tv, token t)
{
    if (tv->n == tv->cap) {
        int cap = tv->cap ? tv->cap * 2 : 32;
        token *v = scoot_realloc(tv->v, (size_t)cap * sizeof *v);
        if (!v)
            return 0;
        tv->v = v;
        tv->cap = cap;
    }
    tv->v[tv->n++] = t;
    return 1;
}

#define ARENA (&p->kb->arena)

/* Grows an arena array (old storage is left in the arena). */
static void *arena_grow(scoot_arena *a, void *old, int n, int *cap, size_t elem)
{
    if (n < *cap)
        return old;
    int ncap = *cap ? *cap * 2 : 8;
    void *v = scoot_arena_alloc(a, (size_t)ncap * elem);
    if (!v)
        return NULL;
    if (old && n)
        memcpy(v, old, (size_t)n * elem);
    *cap = ncap;
    return v;
}

static int is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static int is_ident(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}
static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Tokenises one physical line [s, e) into ll (tokens in tv, without the final T_END).
 * Returns 0 on OOM. */
static int lex_line(scoot__parser *p, lline *ll, tokvec *tv, const char *s, const char *e,
                    int lineno)
{
    tv->n = 0;
    ll->tok = NULL;
    ll->n = 0;
    ll->line = lineno;
    const char *q = s;
    while (q < e && *q == ' ')
        q++;
    ll->indent = (int)(q - s);
    for (const char *t = s; t < q + (q < e && *q == '\t'); t++) {
        if (*t == '\t') {
            scoot__diag_add(&p->diags, lineno, (int)(t - s) + 1,
                            "tab character in indentation (use spaces)");
            break;
        }
    }
    while (q < e) {
        int c = (unsigned char)*q;
        int col = (int)(q - s) + 1;
        if (c == ' ' || c == '\t' || c == '\r') {
            q++;
            continue;
        }
        if (c == '#')
            break;
        token t = {T_END, lineno, col, NULL, 0};
        if (is_ident_start(c)) {
            const char *b = q;
            while (q < e && is_ident((unsigned char)*q))
                q++;
            t.type = T_IDENT;
            t.s = scoot_arena_strndup(ARENA, b, (size_t)(q - b));
        } else if (is_digit(c) || (c == '-' && q + 1 < e && is_digit((unsigned char)q[1]))) {
            const char *b = q;
            if (*q == '-')
                q++;
            while (q < e && is_digit((unsigned char)*q))
                q++;
            if (q + 1 < e && *q == '.' && is_digit((unsigned char)q[1])) {
                q++;
                while (q < e && is_digit((unsigned char)*q))
                    q++;
            }
            if (q < e && is_ident_start((unsigned char)*q)) {
                scoot__diag_add(&p->diags, lineno, col, "malformed number");
                while (q < e && is_ident((unsigned char)*q))
                    q++;
                continue;
            }
            char tmp[64];
            size_t n = (size_t)(q - b);
            if (n >= sizeof tmp) {
                scoot__diag_add(&p->diags, lineno, col, "number too long");
                continue;
            }
            memcpy(tmp, b, n);
            tmp[n] = '\0';
            t.type = T_NUMBER;
            t.num = strtod(tmp, NULL);
            t.s = scoot_arena_strdup(ARENA, tmp);
        } else if (c == '"') {
            q++;
            char *buf = scoot_arena_alloc(ARENA, (size_t)(e - q) + 1);
            if (!buf)
                return 0;
            size_t n = 0;
            int closed = 0;
            while (q < e) {
                if (*q == '"') {
                    closed = 1;
                    q++;
                    break;
                }
                if (*q == '\\') {
                    if (q + 1 < e && (q[1] == '"' || q[1] == '\\')) {
                        buf[n++] = q[1];
                        q += 2;
                        continue;
                    }
                    scoot__diag_add(&p->diags, lineno, (int)(q - s) + 1,
                                    "unknown escape in string (only \\\" and \\\\ are allowed)");
                    q++;
                    continue;
                }
                if ((unsigned char)*q < 0x20 && *q != '\t') {
                    scoot__diag_add(&p->diags, lineno, (int)(q - s) + 1,
                                    "control character in string");
                    q++;
                    continue;
                }
                buf[n++] = *q++;
            }
            buf[n] = '\0';
            if (!closed)
                scoot__diag_add(&p->diags, lineno, col, "unterminated string");
            t.type = T_STRING;
            t.s = buf;
        } else {
            static const char *const ops[] = {"..", "<=", ">=", "!=", "(", ")", "<", ">", "="};
            const char *op = NULL;
            for (size_t i = 0; i < SCOOT_ARRAY_LEN(ops); i++) {
                size_t n = strlen(ops[i]);
                if ((size_t)(e - q) >= n && memcmp(q, ops[i], n) == 0) {
                    op = ops[i];
                    break;
                }
            }
            if (!op) {
                if (c >= 0x20 && c < 0x7f)
                    scoot__diag_add(&p->diags, lineno, col, "unexpected character '%c'", c);
                else
                    scoot__diag_add(&p->diags, lineno, col,
                                    "unexpected byte 0x%02x outside a string", c);
                q++;
                continue;
            }
            t.type = T_OP;
            t.s = op;
            q += strlen(op);
        }
        if (t.type != T_OP && !t.s)
            return 0;
        if (!tokvec_push(tv, t))
            return 0;
    }
    ll->n = tv->n;
    ll->end_col = (int)(e - s) + 1;
    return 1;
}

static int is_word(const token *t, const char *w)
{
    return t->type == T_IDENT && strcmp(t->s, w) == 0;
}

/* Copies the logical line in cur (tokens, plus the joined text of a continued string) into
 * the temporary arena as the next line of lx, ending with T_END. */
static int commit_line(scoot__parser *p, lexed *lx, int *cap, lline *cur, tokvec *cv,
                       scoot_buf *join, int join_idx)
{
    if (join_idx >= 0) {
        char *j = scoot_arena_strndup(ARENA, join->data, join->len);
        if (!j)
            return 0;
        cv->v[join_idx].s = j;
    }
    token *v = scoot_arena_alloc(&lx->tmp, ((size_t)cv->n + 1) * sizeof *v);
    if (!v)
        return 0;
    if (cv->n)
        memcpy(v, cv->v, (size_t)cv->n * sizeof *v);
    v[cv->n] = (token){T_END, cur->line, cur->end_col, NULL, 0};
    cur->tok = v;
    cur->n = cv->n;
    lline *nl = arena_grow(&lx->tmp, lx->lines, lx->n_lines, cap, sizeof *nl);
    if (!nl)
        return 0;
    lx->lines = nl;
    lx->lines[lx->n_lines++] = *cur;
    return 1;
}

/* Lexes every line, joining continuation lines (an indented line that starts with a string,
 * or with `and`/`or`) onto the logical line above. Memory stays linear in the text: a logical
 * line is built in scratch vectors and copied once. */
static int lex_all(scoot__parser *p, lexed *lx, const char *text, size_t len)
{
    int cap = 0, ok = 0, have = 0, join_idx = -1;
    lx->lines = NULL;
    lx->n_lines = 0;
    tokvec cv = {NULL, 0, 0}, lv = {NULL, 0, 0};
    scoot_buf join;
    scoot_buf_init(&join, 0);
    lline cur = {0, 0, NULL, 0, 0};
    const char *s = text, *end = text + len;
    int lineno = 0;
    while (s < end) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e)
            e = end;
        lineno++;
        lline ll;
        if (!lex_line(p, &ll, &lv, s, e, lineno))
            goto out;
        s = e < end ? e + 1 : end;
        if (ll.n == 0)
            continue;
        int cont = ll.indent > 0 && have &&
                   (lv.v[0].type == T_STRING || is_word(&lv.v[0], "and") ||
                    is_word(&lv.v[0], "or"));
        if (cont) {
            int start = 0;
            token *last = cv.n ? &cv.v[cv.n - 1] : NULL;
            if (lv.v[0].type == T_STRING && last && last->type == T_STRING) {
                if (join_idx != cv.n - 1) {
                    scoot_buf_reset(&join);
                    if (scoot_buf_adds(&join, last->s))
                        goto out;
                    join_idx = cv.n - 1;
                }
                if (scoot_buf_addc(&join, ' ') || scoot_buf_adds(&join, lv.v[0].s))
                    goto out;
                start = 1;
            }
            for (int i = start; i < lv.n; i++)
                if (!tokvec_push(&cv, lv.v[i]))
                    goto out;
            cur.end_col = ll.end_col;
            continue;
        }
        if (have && !commit_line(p, lx, &cap, &cur, &cv, &join, join_idx))
            goto out;
        /* the new line becomes the current one */
        cur = ll;
        cv.n = 0;
        for (int i = 0; i < lv.n; i++)
            if (!tokvec_push(&cv, lv.v[i]))
                goto out;
        join_idx = -1;
        have = 1;
    }
    if (have && !commit_line(p, lx, &cap, &cur, &cv, &join, join_idx))
        goto out;
    ok = 1;
out:
    scoot_free(cv.v);
    scoot_free(lv.v);
    scoot_buf_free(&join);
    return ok;
}

/* ---- parser --------------------------------------------------------------------------- */

typedef enum {
    D_NONE,
    D_KB,
    D_LEVEL,
    D_SOURCE,
    D_FACT,
    D_SCALE,
    D_DEFINE,
    D_GROUP,
    D_CAUSE,
    D_RULE,
    D_CARE,
    D_CHECKLIST,
    D_JOURNAL,
    D_OBSERVE
} dkind;

typedef struct {
    scoot__parser *p;
    lline *L;
    int i; /* next token */
    /* current declaration */
    dkind kind;
    int line;
    void *obj;
    const char *name;
    uint64_t seen; /* attribute bits seen */
    /* growth capacities */
    int cap_sources, cap_facts, cap_scales, cap_defines, cap_groups, cap_causes, cap_ev,
        cap_rules, cap_cares;
    int cap_a, cap_b, cap_c; /* per-declaration lists */
    int level_idx;
} pstate;

static token *tk(pstate *st)
{
    return &st->L->tok[st->i];
}

static const char *tok_desc(const token *t)
{
    static _Thread_local char buf[64];
    switch (t->type) {
    case T_END:
        return "end of line";
    case T_STRING:
        return "a string";
    case T_NUMBER:
        snprintf(buf, sizeof buf, "'%s'", t->s);
        return buf;
    default:
        snprintf(buf, sizeof buf, "'%.40s'", t->s);
        return buf;
    }
}

#define ERR(t, ...) scoot__diag_add(&st->p->diags, (t)->line, (t)->col, __VA_ARGS__)

static const char *expect_string(pstate *st, const char *what)
{
    token *t = tk(st);
    if (t->type != T_STRING) {
        ERR(t, "expected a quoted text for %s, found %s", what, tok_desc(t));
        return NULL;
    }
    st->i++;
    return t->s;
}

static int expect_number(pstate *st, const char *what, double *out)
{
    token *t = tk(st);
    if (t->type != T_NUMBER) {
        ERR(t, "expected a number for %s, found %s", what, tok_desc(t));
        return 0;
    }
    st->i++;
    *out = t->num;
    return 1;
}

static int expect_int(pstate *st, const char *what, int lo, int hi, int *out)
{
    token *t = tk(st);
    double d;
    if (!expect_number(st, what, &d))
        return 0;
    if (d != floor(d) || d < lo || d > hi) {
        ERR(t, "%s must be a whole number from %d to %d, not %s", what, lo, hi, t->s);
        return 0;
    }
    *out = (int)d;
    return 1;
}

static const token *expect_ident(pstate *st, const char *what)
{
    token *t = tk(st);
    if (t->type != T_IDENT) {
        ERR(t, "expected %s, found %s", what, tok_desc(t));
        return NULL;
    }
    st->i++;
    return t;
}

static void expect_end(pstate *st)
{
    token *t = tk(st);
    if (t->type != T_END)
        ERR(t, "unexpected %s at the end of the line", tok_desc(t));
}

static int valid_id(pstate *st, const token *t)
{
    if (strchr(t->s, '-')) {
        ERR(t, "'%s' is not a valid id (letters, digits and '_' only)", t->s);
        return 0;
    }
    static const char *const reserved[] = {"and", "or", "not", "is", "likely", "level",
                                           "always", "yes", "no", "known", "unknown"};
    for (size_t i = 0; i < SCOOT_ARRAY_LEN(reserved); i++)
        if (strcmp(t->s, reserved[i]) == 0) {
            ERR(t, "'%s' is a reserved word and cannot be an id", t->s);
            return 0;
        }
    return 1;
}

/* ---- expressions ---- */

static scoot__ast *parse_or(pstate *st, int depth);

static scoot__ast *new_ast(pstate *st, scoot__akind k, const token *t)
{
    scoot__ast *a = scoot_arena_zalloc(&st->p->kb->arena, sizeof *a);
    if (!a)
        return NULL;
    a->kind = k;
    a->line = t->line;
    a->col = t->col;
    return a;
}

static int cmp_of(const token *t)
{
    if (t->type != T_OP)
        return -1;
    static const char *const names[] = {"<", "<=", ">", ">=", "=", "!="};
    for (int i = 0; i < 6; i++)
        if (strcmp(t->s, names[i]) == 0)
            return i;
    return -1;
}

static scoot__ast *parse_atom(pstate *st, int depth)
{
    token *t = tk(st);
    if (depth > 40) {
        ERR(t, "expression nested too deeply");
        return NULL;
    }
    if (t->type == T_OP && strcmp(t->s, "(") == 0) {
        st->i++;
        scoot__ast *a = parse_or(st, depth + 1);
        if (!a)
            return NULL;
        token *c = tk(st);
        if (!(c->type == T_OP && strcmp(c->s, ")") == 0)) {
            ERR(c, "expected ')' to close the '(' at column %d, found %s", t->col, tok_desc(c));
            return NULL;
        }
        st->i++;
        return a;
    }
    if (t->type != T_IDENT) {
        ERR(t, "expected a condition, found %s", tok_desc(t));
        return NULL;
    }
    st->i++;
    if (strcmp(t->s, "not") == 0) {
        scoot__ast *a = new_ast(st, SCOOT__A_NOT, t);
        if (!a || !(a->l = parse_atom(st, depth + 1)))
            return NULL;
        return a;
    }
    if (strcmp(t->s, "always") == 0)
        return new_ast(st, SCOOT__A_ALWAYS, t);
    if (strcmp(t->s, "likely") == 0) {
        const token *n = expect_ident(st, "a cause or group id after 'likely'");
        if (!n)
            return NULL;
        scoot__ast *a = new_ast(st, SCOOT__A_LIKELY, n);
        if (a)
            a->name = n->s;
        return a;
    }
    if (strcmp(t->s, "and") == 0 || strcmp(t->s, "or") == 0 || strcmp(t->s, "is") == 0) {
        ERR(t, "expected a condition, found '%s'", t->s);
        return NULL;
    }
    token *o = tk(st);
    int cmp = cmp_of(o);
    if (is_word(o, "mentions")) {
        st->i++;
        token *w = tk(st);
        if (w->type != T_STRING) {
            ERR(w, "expected a quoted text after 'mentions', found %s", tok_desc(w));
            return NULL;
        }
        st->i++;
        scoot__ast *a = new_ast(st, SCOOT__A_MENTIONS, t);
        if (a) {
            a->name = t->s;
            a->word = w->s;
            a->word_col = w->col;
        }
        return a;
    }
    if (strcmp(t->s, "level") == 0) {
        if (cmp < 0) {
            ERR(o, "expected a comparison after 'level', found %s", tok_desc(o));
            return NULL;
        }
        st->i++;
        const token *w = expect_ident(st, "a level id (monitor, vet_soon, urgent)");
        if (!w)
            return NULL;
        scoot__ast *a = new_ast(st, SCOOT__A_LEVEL, t);
        if (a) {
            a->cmp = cmp;
            a->word = w->s;
            a->word_col = w->col;
        }
        return a;
    }
    if (is_word(o, "is")) {
        st->i++;
        const token *w = tk(st);
        if (!(is_word(w, "yes") || is_word(w, "no") || is_word(w, "known") ||
              is_word(w, "unknown"))) {
            ERR(w, "expected yes, no, known or unknown after 'is', found %s", tok_desc(w));
            return NULL;
        }
        st->i++;
        scoot__ast *a = new_ast(st, SCOOT__A_IS, t);
        if (a) {
            a->name = t->s;
            a->word = w->s;
            a->word_col = w->col;
        }
        return a;
    }
    if (cmp >= 0) {
        st->i++;
        token *v = tk(st);
        scoot__ast *a;
        if (v->type == T_NUMBER) {
            a = new_ast(st, SCOOT__A_CMP, t);
            if (a) {
                a->num = v->num;
                a->num_col = v->col;
            }
        } else if (v->type == T_IDENT) {
            if (cmp != SCOOT__EQ && cmp != SCOOT__NE) {
                ERR(o, "'%s' compares numbers; an option can only be compared with = or !=",
                    o->s);
                return NULL;
            }
            a = new_ast(st, SCOOT__A_CHOICE, t);
            if (a) {
                a->word = v->s;
                a->word_col = v->col;
            }
        } else {
            ERR(v, "expected a number or an option after '%s', found %s", o->s, tok_desc(v));
            return NULL;
        }
        st->i++;
        if (a) {
            a->name = t->s;
            a->cmp = cmp;
        }
        return a;
    }
    scoot__ast *a = new_ast(st, SCOOT__A_ID, t);
    if (a)
        a->name = t->s;
    return a;
}

static scoot__ast *parse_and(pstate *st, int depth)
{
    scoot__ast *l = parse_atom(st, depth);
    while (l && is_word(tk(st), "and")) {
        token *t = tk(st);
        st->i++;
        scoot__ast *a = new_ast(st, SCOOT__A_AND, t);
        if (!a)
            return NULL;
        a->l = l;
        if (!(a->r = parse_atom(st, depth)))
            return NULL;
        l = a;
    }
    return l;
}

static scoot__ast *parse_or(pstate *st, int depth)
{
    scoot__ast *l = parse_and(st, depth);
    while (l && is_word(tk(st), "or")) {
        token *t = tk(st);
        st->i++;
        scoot__ast *a = new_ast(st, SCOOT__A_OR, t);
        if (!a)
            return NULL;
        a->l = l;
        if (!(a->r = parse_and(st, depth)))
            return NULL;
        l = a;
    }
    return l;
}

/* Parses an expression and records it for compilation into *slot. */
static int parse_expr(pstate *st, int *slot, scoot__xctx ctx, int define_idx)
{
    scoot__parser *p = st->p;
    token *start = tk(st);
    if (start->type == T_END || start->type == T_STRING) {
        ERR(start, "expected a condition, found %s", tok_desc(start));
        return 0;
    }
    scoot__ast *a = parse_or(st, 0);
    if (!a)
        return 0;
    token *t = tk(st);
    if (t->type != T_END && t->type != T_STRING) {
        ERR(t, "unexpected %s in a condition (expected 'and', 'or' or the end)", tok_desc(t));
        return 0;
    }
    scoot__pending *v = p->pend;
    if (p->n_pend == p->cap_pend) {
        int cap = p->cap_pend ? p->cap_pend * 2 : 64;
        v = scoot_realloc(p->pend, (size_t)cap * sizeof *v);
        if (!v) {
            p->diags.oom = 1;
            return 0;
        }
        p->pend = v;
        p->cap_pend = cap;
    }
    p->pend[p->n_pend++] = (scoot__pending){a, slot, ctx, define_idx};
    return 1;
}

/* ---- attributes ---- */

/* Records a `sources TAG ...` list. */
static void parse_sources(pstate *st, scoot__srcs *into)
{
    scoot__parser *p = st->p;
    if (into->n) {
        ERR(&st->L->tok[0], "duplicate attribute 'sources'");
        return;
    }
    int n = 0;
    for (int j = st->i; st->L->tok[j].type != T_END; j++)
        n++;
    if (n == 0) {
        ERR(tk(st), "'sources' needs at least one source tag");
        return;
    }
    into->idx = scoot_arena_alloc(ARENA, (size_t)n * sizeof(int));
    if (!into->idx) {
        p->diags.oom = 1;
        return;
    }
    for (int k = 0; k < n; k++) {
        token *t = tk(st);
        st->i++;
        if (t->type != T_IDENT) {
            ERR(t, "expected a source tag, found %s", tok_desc(t));
            continue;
        }
        into->idx[k] = -1;
        if (p->n_refs == p->cap_refs) {
            int cap = p->cap_refs ? p->cap_refs * 2 : 128;
            scoot__srcref *v = scoot_realloc(p->refs, (size_t)cap * sizeof *v);
            if (!v) {
                p->diags.oom = 1;
                return;
            }
            p->refs = v;
            p->cap_refs = cap;
        }
        p->refs[p->n_refs++] = (scoot__srcref){t->s, t->line, t->col, into, k};
    }
    into->n = n;
}

/* Marks attribute bit b as seen; reports a duplicate. Returns 0 if it was seen before. */
static int once(pstate *st, uint64_t b, const token *t)
{
    if (st->seen & b) {
        ERR(t, "duplicate attribute '%s'", t->s);
        return 0;
    }
    st->seen |= b;
    return 1;
}

/* Appends a string to a growable arena list. */
static int push_str(pstate *st, const char ***list, int *n, int *cap, const char *s)
{
    const char **v = arena_grow(&st->p->kb->arena, *list, *n, cap, sizeof *v);
    if (!v) {
        st->p->diags.oom = 1;
        return 0;
    }
    *list = v;
    v[(*n)++] = s;
    return 1;
}

enum {
    B_VERSION = 1u << 0,
    B_TITLE = 1u << 1,
    B_DISCLAIMER = 1u << 2,
    B_LIKELY = 1u << 3,
    B_DEFREASON = 1u << 4,
    B_LABEL = 1u << 5,
    B_ADVICE = 1u << 6,
    B_CITE = 1u << 7,
    B_TIER = 1u << 8,
    B_URL = 1u << 9,
    B_ASK = 1u << 10,
    B_HELP = 1u << 11,
    B_REDFLAG = 1u << 12,
    B_ASKIF = 1u << 13,
    B_SCORED = 1u << 14,
    B_ABOUT = 1u << 15,
    B_MAX = 1u << 16,
    B_TEXT = 1u << 17,
    B_NAME = 1u << 18,
    B_GROUP = 1u << 19,
    B_BASE = 1u << 20,
    B_LEVEL = 1u << 21,
    B_WHEN = 1u << 22,
    B_REASON = 1u << 23,
    B_WATCH = 1u << 24,
    B_SCHEDULE = 1u << 25,
    B_VOCAB = 1u << 26,
    B_OPENREASON = 1u << 27
};
/* (bits past 31: journal definitions and care) */
#define B_WITHIN ((uint64_t)1 << 32)
#define B_NEEDS ((uint64_t)1 << 33)
#define B_TAKE ((uint64_t)1 << 34)
#define B_YESIF ((uint64_t)1 << 35)
#define B_OTHERWISE ((uint64_t)1 << 36)
#define B_BECAUSE ((uint64_t)1 << 37)
#define B_BECAUSE_YES ((uint64_t)1 << 38)
#define B_BECAUSE_NO ((uint64_t)1 << 39)
#define B_SHORT ((uint64_t)1 << 40)

static void unknown_attr(pstate *st, const token *t, const char *decl, const char *expected)
{
    ERR(t, "unknown attribute '%s' in %s (expected %s)", t->s, decl, expected);
}

static void attr_kb(pstate *st, const token *a)
{
    scoot_kb *kb = st->p->kb;
    if (is_word(a, "version")) {
        if (once(st, B_VERSION, a))
            kb->version = expect_string(st, "version");
    } else if (is_word(a, "title")) {
        if (once(st, B_TITLE, a))
            kb->title = expect_string(st, "title");
    } else if (is_word(a, "disclaimer")) {
        if (once(st, B_DISCLAIMER, a))
            kb->disclaimer = expect_string(st, "disclaimer");
    } else if (is_word(a, "default-reason")) {
        if (once(st, B_DEFREASON, a))
            kb->default_reason = expect_string(st, "default-reason");
    } else if (is_word(a, "open-reason")) {
        if (once(st, B_OPENREASON, a))
            kb->open_reason = expect_string(st, "open-reason");
    } else if (is_word(a, "likely")) {
        token *t = tk(st);
        double d;
        if (once(st, B_LIKELY, a) && expect_number(st, "likely", &d)) {
            if (d < 0 || d > 1)
                ERR(t, "likely threshold %s is out of range 0..1", t->s);
            else
                kb->likely = d;
        }
    } else if (is_word(a, "vocabulary")) {
        const token *t = expect_ident(st, "vocabulary");
        if (t && once(st, B_VOCAB, a)) {
            if (is_word(t, "scoot"))
                st->p->no_vocab = 0;
            else if (is_word(t, "none"))
                st->p->no_vocab = 1;
            else
                ERR(t, "unknown vocabulary '%s' (expected scoot or none)", t->s);
        }
    } else {
        unknown_attr(st, a, "kb",
                     "version, title, disclaimer, likely, default-reason, open-reason or "
                     "vocabulary");
        return;
    }
    expect_end(st);
}

static void attr_level(pstate *st, const token *a)
{
    scoot__level *l = st->obj;
    if (is_word(a, "label")) {
        if (once(st, B_LABEL, a) && l)
            l->label = expect_string(st, "label");
    } else if (is_word(a, "advice")) {
        if (once(st, B_ADVICE, a) && l)
            l->advice = expect_string(st, "advice");
    } else if (is_word(a, "now")) {
        const char *s = expect_string(st, "now");
        if (s && l)
            push_str(st, &l->now, &l->n_now, &st->cap_a, s);
    } else {
        unknown_attr(st, a, "level", "label, advice or now");
        return;
    }
    expect_end(st);
}

static void attr_source(pstate *st, const token *a)
{
    scoot__source *s = st->obj;
    if (is_word(a, "cite")) {
        if (once(st, B_CITE, a))
            s->cite = expect_string(st, "cite");
    } else if (is_word(a, "url")) {
        if (once(st, B_URL, a))
            s->url = expect_string(st, "url");
    } else if (is_word(a, "tier")) {
        if (once(st, B_TIER, a)) {
            const token *t = expect_ident(st, "a tier (A, B or C)");
            if (t) {
                if (strcmp(t->s, "A") && strcmp(t->s, "B") && strcmp(t->s, "C"))
                    ERR(t, "tier must be A, B or C, not '%s'", t->s);
                else
                    s->tier = t->s[0];
            }
        }
    } else {
        unknown_attr(st, a, "source", "cite, tier or url");
        return;
    }
    expect_end(st);
}

static void attr_fact(pstate *st, const token *a)
{
    scoot__fact *f = st->obj;
    if (is_word(a, "ask")) {
        if (once(st, B_ASK, a))
            f->ask = expect_string(st, "ask");
    } else if (is_word(a, "help")) {
        if (once(st, B_HELP, a))
            f->help = expect_string(st, "help");
    } else if (is_word(a, "redflag")) {
        if (once(st, B_REDFLAG, a))
            f->redflag = 1;
    } else if (is_word(a, "ask-if")) {
        if (once(st, B_ASKIF, a))
            parse_expr(st, &f->ask_if, SCOOT__X_ASKIF, -1);
    } else if (is_word(a, "scored-by")) {
        if (once(st, B_SCORED, a)) {
            const token *t = expect_ident(st, "a scale id");
            if (t) {
                if (f->type != SCOOT__NUMBER)
                    ERR(a, "'scored-by' needs a number fact; '%s' is not a number", f->id);
                f->scale_name = t->s;
                f->scale_line = t->line;
                f->scale_col = t->col;
            }
        }
    } else if (is_word(a, "label")) {
        const token *nt = tk(st);
        double v;
        if (f->type != SCOOT__NUMBER) {
            ERR(a, "'label' is for number facts; '%s' is not a number", f->id);
            return;
        }
        if (!expect_number(st, "label value", &v))
            return;
        if (v < f->min || v > f->max)
            ERR(nt, "label value %s is out of range %g..%g of '%s'", nt->s, f->min, f->max,
                f->id);
        for (int k = 0; k < f->n_labels; k++)
            if (f->label_value[k] == v)
                ERR(nt, "duplicate label %s for '%s'", nt->s, f->id);
        const char *txt = expect_string(st, "label");
        if (!txt)
            return;
        int cap = st->cap_a;
        double *vv = arena_grow(&st->p->kb->arena, f->label_value, f->n_labels, &cap,
                                sizeof *vv);
        if (!vv || !push_str(st, &f->label_text, &f->n_labels, &st->cap_a, txt)) {
            st->p->diags.oom = 1;
            return;
        }
        f->label_value = vv;
        f->label_value[f->n_labels - 1] = v;
    } else if (is_word(a, "option")) {
        const token *o = expect_ident(st, "an option id");
        if (!o)
            return;
        if (f->type != SCOOT__CHOICE) {
            ERR(a, "'option' is for choice facts; '%s' is not a choice", f->id);
            return;
        }
        const char *txt = expect_string(st, "option");
        if (!txt)
            return;
        int k;
        for (k = 0; k < f->n_options; k++)
            if (strcmp(f->options[k], o->s) == 0)
                break;
        if (k == f->n_options)
            ERR(o, "'%s' is not an option of '%s'", o->s, f->id);
        else if (f->option_text[k])
            ERR(o, "duplicate option text for '%s'", o->s);
        else
            f->option_text[k] = txt;
    } else if (is_word(a, "sources")) {
        parse_sources(st, &f->src);
        return;
    } else {
        unknown_attr(st, a, "a fact",
                     "ask, help, redflag, ask-if, label, option, scored-by or sources");
        return;
    }
    expect_end(st);
}

static void attr_scale(pstate *st, const token *a)
{
    scoot__scale *s = st->obj;
    if (is_word(a, "title")) {
        if (once(st, B_TITLE, a))
            s->title = expect_string(st, "title");
    } else if (is_word(a, "about")) {
        if (once(st, B_ABOUT, a))
            s->about = expect_string(st, "about");
    } else if (is_word(a, "max")) {
        token *t = tk(st);
        if (once(st, B_MAX, a) && expect_number(st, "max", &s->max) && s->max <= 0)
            ERR(t, "max must be greater than 0");
    } else if (is_word(a, "unit")) {
        const token *id = expect_ident(st, "a unit id");
        if (!id)
            return;
        const char *name = expect_string(st, "unit name");
        if (!name)
            return;
        for (int k = 0; k < s->n_units; k++)
            if (strcmp(s->units[k].id, id->s) == 0)
                ERR(id, "duplicate unit '%s' in scale '%s'", id->s, s->id);
        scoot__unit *v =
            arena_grow(&st->p->kb->arena, s->units, s->n_units, &st->cap_a, sizeof *v);
        if (!v) {
            st->p->diags.oom = 1;
            return;
        }
        s->units = v;
        s->units[s->n_units++] = (scoot__unit){id->s, name, 0, NULL};
        st->cap_b = 0;
    } else if (is_word(a, "score")) {
        const token *nt = tk(st);
        int n;
        if (!expect_int(st, "score", 0, 100, &n))
            return;
        const char *txt = expect_string(st, "score");
        if (!txt)
            return;
        if (s->n_units == 0) {
            ERR(a, "'score' must follow a 'unit' line");
            return;
        }
        scoot__unit *u = &s->units[s->n_units - 1];
        if (n != u->n_scores) {
            ERR(nt, "score %d of unit '%s' is out of order (expected %d)", n, u->id,
                u->n_scores);
            return;
        }
        push_str(st, &u->score_text, &u->n_scores, &st->cap_b, txt);
    } else if (is_word(a, "sources")) {
        parse_sources(st, &s->src);
        return;
    } else {
        unknown_attr(st, a, "scale", "title, about, unit, score, max or sources");
        return;
    }
    expect_end(st);
}

static void attr_define(pstate *st, const token *a)
{
    scoot__define *d = st->obj;
    if (is_word(a, "text")) {
        if (once(st, B_TEXT, a))
            d->text = expect_string(st, "text");
    } else {
        unknown_attr(st, a, "define", "text");
        return;
    }
    expect_end(st);
}

static void attr_group(pstate *st, const token *a)
{
    scoot__group *g = st->obj;
    if (is_word(a, "name")) {
        if (once(st, B_NAME, a))
            g->name = expect_string(st, "name");
    } else if (is_word(a, "sources")) {
        parse_sources(st, &g->src);
        return;
    } else {
        unknown_attr(st, a, "group", "name or sources");
        return;
    }
    expect_end(st);
}

static void attr_cause(pstate *st, const token *a)
{
    scoot__parser *p = st->p;
    scoot__cause *c = st->obj;
    if (is_word(a, "name")) {
        if (once(st, B_NAME, a))
            c->name = expect_string(st, "name");
    } else if (is_word(a, "about")) {
        if (once(st, B_ABOUT, a))
            c->about = expect_string(st, "about");
    } else if (is_word(a, "group")) {
        if (once(st, B_GROUP, a)) {
            const token *t = expect_ident(st, "a group id");
            if (t) {
                c->group_name = t->s;
                c->group_line = t->line;
                c->group_col = t->col;
            }
        }
    } else if (is_word(a, "base")) {
        if (once(st, B_BASE, a)) {
            token *t = tk(st);
            if (expect_number(st, "base", &c->base) && fabs(c->base) > 100)
                ERR(t, "base %s is out of range -100..100", t->s);
        }
    } else if (is_word(a, "for") || is_word(a, "against")) {
        int against = is_word(a, "against");
        token *wt = tk(st);
        double w;
        if (!expect_number(st, "the evidence weight", &w))
            return;
        if (w <= 0 || w > 100) {
            ERR(wt, "evidence weight %s must be greater than 0 and at most 100", wt->s);
            return;
        }
        scoot__evidence *e = &p->kb->evidence[p->kb->n_evidence++];
        e->weight = against ? -w : w;
        e->line = a->line;
        e->text = NULL;
        e->expr = -1;
        c->n_ev++;
        if (!parse_expr(st, &e->expr, SCOOT__X_CAUSE, -1))
            return;
        e->text = expect_string(st, "the evidence text");
    } else if (is_word(a, "ask_vet")) {
        const char *s = expect_string(st, "ask_vet");
        if (s)
            push_str(st, &c->ask_vet, &c->n_ask_vet, &st->cap_a, s);
    } else if (is_word(a, "sources")) {
        parse_sources(st, &c->src);
        return;
    } else {
        unknown_attr(st, a, "cause", "group, name, about, base, for, against, ask_vet or sources");
        return;
    }
    expect_end(st);
}

static const char *const level_ids[3] = {"monitor", "vet_soon", "urgent"};

static int level_of(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, level_ids[i]) == 0)
            return i;
    return -1;
}

static void attr_rule(pstate *st, const token *a)
{
    scoot__rule *r = st->obj;
    if (is_word(a, "level")) {
        if (once(st, B_LEVEL, a)) {
            const token *t = expect_ident(st, "a level (monitor, vet_soon or urgent)");
            if (t && (r->level = level_of(t->s)) < 0)
                ERR(t, "unknown level '%s' (expected monitor, vet_soon or urgent)", t->s);
        }
    } else if (is_word(a, "when")) {
        if (once(st, B_WHEN, a))
            parse_expr(st, &r->expr, SCOOT__X_RULE, -1);
    } else if (is_word(a, "reason")) {
        if (once(st, B_REASON, a))
            r->reason = expect_string(st, "reason");
    } else if (is_word(a, "watch")) {
        if (once(st, B_WATCH, a))
            r->watch = expect_string(st, "watch");
    } else if (is_word(a, "sources")) {
        parse_sources(st, &r->src);
        return;
    } else {
        unknown_attr(st, a, "rule", "level, when, reason, watch or sources");
        return;
    }
    expect_end(st);
}

/* item FACT "WORDS": one line of a checklist. */
static void attr_checklist(pstate *st, const token *a)
{
    scoot__checklist *c = st->obj;
    if (is_word(a, "ask")) {
        if (once(st, B_ASK, a))
            c->ask = expect_string(st, "ask");
    } else if (is_word(a, "item")) {
        const token *f = expect_ident(st, "the id of a yes/no fact");
        if (!f)
            return;
        const char *words = expect_string(st, "the item's words");
        if (!words)
            return;
        scoot__checkitem *v = arena_grow(&st->p->kb->arena, c->items, c->n_items, &st->cap_a,
                                         sizeof *v);
        if (!v) {
            st->p->diags.oom = 1;
            return;
        }
        c->items = v;
        v[c->n_items++] = (scoot__checkitem){-1, words, f->s, f->line, f->col};
    } else {
        unknown_attr(st, a, "checklist", "ask or item");
        return;
    }
    expect_end(st);
}

static void attr_care(pstate *st, const token *a)
{
    scoot__care *c = st->obj;
    if (is_word(a, "title")) {
        if (once(st, B_TITLE, a))
            c->title = expect_string(st, "title");
    } else if (is_word(a, "short")) {
        if (once(st, B_SHORT, a))
            c->short_title = expect_string(st, "short");
    } else if (is_word(a, "when")) {
        if (once(st, B_WHEN, a))
            parse_expr(st, &c->when, SCOOT__X_CARE, -1);
    } else if (is_word(a, "unless")) {
        scoot__unless *v = arena_grow(&st->p->kb->arena, c->unless, c->n_unless, &st->cap_a,
                                      sizeof *v);
        if (!v) {
            st->p->diags.oom = 1;
            return;
        }
        /* earlier pending slots point into the old array: the array only grows before
         * its expressions are recorded, so record after growing and fix up old slots */
        if (v != c->unless && c->n_unless) {
            for (int k = 0; k < st->p->n_pend; k++)
                for (int j = 0; j < c->n_unless; j++)
                    if (st->p->pend[k].slot == &c->unless[j].expr)
                        st->p->pend[k].slot = &v[j].expr;
        }
        c->unless = v;
        scoot__unless *u = &c->unless[c->n_unless++];
        u->expr = -1;
        u->reason = NULL;
        if (!parse_expr(st, &u->expr, SCOOT__X_CARE, -1))
            return;
        u->reason = expect_string(st, "the reason it is withheld");
    } else if (is_word(a, "schedule")) {
        if (!once(st, B_SCHEDULE, a))
            return;
        int any = 0;
        while (tk(st)->type == T_IDENT) {
            const token *k = tk(st);
            st->i++;
            int *slot = is_word(k, "times-per-day") ? &c->times_per_day
                        : is_word(k, "minutes")     ? &c->minutes
                        : is_word(k, "days")        ? &c->days
                                                    : NULL;
            if (!slot) {
                ERR(k, "unknown schedule part '%s' (expected times-per-day, minutes or days)",
                    k->s);
                return;
            }
            if (*slot) {
                ERR(k, "'%s' given twice in the schedule", k->s);
                return;
            }
            if (!expect_int(st, k->s, 1, slot == &c->minutes ? 240 : 365, slot))
                return;
            any = 1;
        }
        if (!any) {
            ERR(tk(st), "'schedule' needs times-per-day, minutes or days with a number");
            return;
        }
    } else if (is_word(a, "do")) {
        const char *s = expect_string(st, "do");
        if (s)
            push_str(st, &c->steps, &c->n_do, &st->cap_b, s);
    } else if (is_word(a, "caution")) {
        const char *s = expect_string(st, "caution");
        if (s)
            push_str(st, &c->cautions, &c->n_caution, &st->cap_c, s);
    } else if (is_word(a, "sources")) {
        parse_sources(st, &c->src);
        return;
    } else {
        unknown_attr(st, a, "care", "title, short, when, unless, schedule, do, caution or sources");
        return;
    }
    expect_end(st);
}

/* ---- journal definitions and the observations block ---- */

/* Parses a journal condition to the end of the line and records it for the checker (which
 * resolves its names): into *slot, or for SCOOT__JX_FROM into from line `from`'s where. */
static void parse_jcond(pstate *st, const scoot__jcond **slot, int from, scoot__jxctx ctx)
{
    scoot__parser *p = st->p;
    token *start = tk(st);
    if (start->type == T_END || start->type == T_STRING) {
        ERR(start, "expected a condition, found %s", tok_desc(start));
        return;
    }
    scoot__ast *a = parse_or(st, 0);
    if (!a)
        return;
    token *t = tk(st);
    if (t->type != T_END) {
        ERR(t, "unexpected %s in a condition (expected 'and', 'or' or the end)", tok_desc(t));
        return;
    }
    if (p->n_jpend == p->cap_jpend) {
        int cap = p->cap_jpend ? p->cap_jpend * 2 : 32;
        scoot__jpending *v = scoot_realloc(p->jpend, (size_t)cap * sizeof *v);
        if (!v) {
            p->diags.oom = 1;
            return;
        }
        p->jpend = v;
        p->cap_jpend = cap;
    }
    int idx = (int)((scoot__journal *)st->obj - p->kb->journal);
    p->jpend[p->n_jpend++] = (scoot__jpending){a, slot, idx, from, ctx};
}

/* Parses "N days" or "N hours" (N > 0) into seconds; *in_days (may be NULL) tells which. */
static int parse_window(pstate *st, int64_t *secs, int *in_days)
{
    const token *nt = tk(st);
    double n;
    if (!expect_number(st, "how far back", &n))
        return 0;
    const token *u = expect_ident(st, "'days' or 'hours'");
    if (!u)
        return 0;
    int days = is_word(u, "days") || is_word(u, "day");
    if (!days && !is_word(u, "hours") && !is_word(u, "hour")) {
        ERR(u, "unknown unit '%s' (expected days or hours)", u->s);
        return 0;
    }
    double v = n * (days ? 86400 : 3600);
    if (!(n > 0) || v > 3650.0 * 86400 || v != floor(v)) {
        ERR(nt, "a window must be more than 0 and at most 3650 days, in whole seconds, not %s",
            nt->s);
        return 0;
    }
    *secs = (int64_t)v;
    if (in_days)
        *in_days = days;
    return 1;
}

static void attr_journal(pstate *st, const token *a)
{
    scoot__journal *jd = st->obj;
    scoot_arena *ar = &st->p->kb->arena;
    if (is_word(a, "from")) {
        const token *k = expect_ident(st, "an entry kind (episode, observation, stool ...)");
        if (!k)
            return;
        scoot__jfrom *v = arena_grow(ar, jd->from, jd->n_from, &jd->cap_from, sizeof *v);
        if (!v) {
            st->p->diags.oom = 1;
            return;
        }
        jd->from = v;
        scoot__jfrom *f = &jd->from[jd->n_from++];
        memset(f, 0, sizeof *f);
        f->kind = k->s;
        f->line = k->line;
        f->col = k->col;
        if (is_word(tk(st), "where")) {
            st->i++;
            parse_jcond(st, NULL, jd->n_from - 1, SCOOT__JX_FROM);
            return;
        }
    } else if (is_word(a, "within")) {
        if (!once(st, B_WITHIN, a) || !parse_window(st, &jd->within, &jd->within_days))
            return;
    } else if (is_word(a, "needs")) {
        if (!once(st, B_NEEDS, a))
            return;
        const token *k = expect_ident(st, "an entry kind");
        if (!k)
            return;
        jd->needs.kind = k->s;
        jd->needs.line = k->line;
        jd->needs.col = k->col;
        const token *w = tk(st);
        if (!is_word(w, "within")) {
            ERR(w, "expected 'within' after the kind that 'needs' names, found %s", tok_desc(w));
            return;
        }
        st->i++;
        if (!parse_window(st, &jd->needs_within, NULL))
            return;
        if (is_word(tk(st), "where")) {
            st->i++;
            parse_jcond(st, &jd->needs.where, -1, SCOOT__JX_NEEDS);
            return;
        }
    } else if (is_word(a, "take")) {
        if (!once(st, B_TAKE, a))
            return;
        jd->take_line = a->line;
        const token *w = expect_ident(st, "what to take (count, days, latest, days-since-first, "
                                          "every, days-in-a-row, hours-in-a-row or change)");
        if (!w)
            return;
        if (is_word(w, "count")) {
            jd->agg = SCOOT__JA_COUNT;
        } else if (is_word(w, "days")) {
            jd->agg = SCOOT__JA_DAYS;
        } else if (is_word(w, "days-since-first")) {
            jd->agg = SCOOT__JA_SINCE_FIRST;
        } else if (is_word(w, "latest")) {
            jd->agg = SCOOT__JA_LATEST;
            if (tk(st)->type == T_IDENT) {
                jd->field = tk(st)->s;
                jd->field_col = tk(st)->col;
                st->i++;
            }
        } else if (is_word(w, "every") || is_word(w, "days-in-a-row") ||
                   is_word(w, "hours-in-a-row")) {
            jd->agg = is_word(w, "every")           ? SCOOT__JA_EVERY
                      : is_word(w, "days-in-a-row") ? SCOOT__JA_DAYS_IN_A_ROW
                                                    : SCOOT__JA_HOURS_IN_A_ROW;
            parse_jcond(st, &jd->take, -1, SCOOT__JX_TAKE);
            return;
        } else if (is_word(w, "change")) {
            jd->agg = SCOOT__JA_CHANGE;
            const token *f = expect_ident(st, "the field whose change is taken");
            if (!f)
                return;
            jd->field = f->s;
            jd->field_col = f->col;
            if (is_word(tk(st), "against")) {
                st->i++;
                const token *pf = expect_ident(st, "a fact of the cat's profile");
                if (!pf)
                    return;
                jd->profile_name = pf->s;
                jd->profile_col = pf->col;
            }
        } else {
            ERR(w,
                "unknown 'take' '%s' (expected count, days, latest, days-since-first, every, "
                "days-in-a-row, hours-in-a-row or change)",
                w->s);
            return;
        }
    } else if (is_word(a, "when")) {
        if (once(st, B_WHEN, a))
            parse_jcond(st, &jd->when, -1, SCOOT__JX_TAKEN);
        return;
    } else if (is_word(a, "yes-if")) {
        if (once(st, B_YESIF, a))
            parse_jcond(st, &jd->yes_if, -1, SCOOT__JX_TAKEN);
        return;
    } else if (is_word(a, "otherwise")) {
        if (!once(st, B_OTHERWISE, a))
            return;
        const token *w = expect_ident(st, "'no' or 'profile'");
        if (!w)
            return;
        if (is_word(w, "no"))
            jd->otherwise = SCOOT__JO_NO;
        else if (is_word(w, "profile"))
            jd->otherwise = SCOOT__JO_PROFILE;
        else {
            ERR(w, "unknown 'otherwise' '%s' (expected no or profile)", w->s);
            return;
        }
    } else if (is_word(a, "because")) {
        const token *q = tk(st);
        scoot__jtext *into = &jd->because;
        uint64_t bit = B_BECAUSE;
        const char *kind = NULL;
        if (q->type == T_IDENT) {
            st->i++;
            if (is_word(q, "yes")) {
                into = &jd->because_yes;
                bit = B_BECAUSE_YES;
            } else if (is_word(q, "no")) {
                into = &jd->because_no;
                bit = B_BECAUSE_NO;
            } else {
                kind = q->s;
                bit = 0;
            }
        }
        if (bit && !once(st, bit, a))
            return;
        const token *txt = tk(st);
        const char *t = expect_string(st, "because");
        if (!t)
            return;
        scoot__jtext jt = {t, txt->line, txt->col};
        if (kind) {
            scoot__jkindtext *v = arena_grow(ar, jd->kind_because, jd->n_kind_because,
                                             &jd->cap_kind_because, sizeof *v);
            if (!v) {
                st->p->diags.oom = 1;
                return;
            }
            jd->kind_because = v;
            jd->kind_because[jd->n_kind_because++] = (scoot__jkindtext){kind, jt, q->col};
        } else {
            *into = jt;
        }
    } else if (is_word(a, "sources")) {
        parse_sources(st, &jd->src);
        return;
    } else {
        unknown_attr(st, a, "journal",
                     "from, within, needs, take, when, yes-if, otherwise, because or sources");
        return;
    }
    expect_end(st);
}

static void attr_observations(pstate *st, const token *a)
{
    scoot__journal *jd = st->obj;
    if (is_word(a, "within")) {
        int64_t secs;
        if (!parse_window(st, &secs, NULL))
            return;
        if (!is_word(tk(st), "for")) {
            if (once(st, B_WITHIN, a))
                jd->hold_default = secs;
        } else {
            st->i++;
            if (tk(st)->type != T_IDENT) {
                ERR(tk(st), "expected the facts after 'for', found %s", tok_desc(tk(st)));
                return;
            }
            while (tk(st)->type == T_IDENT) {
                const token *f = tk(st);
                st->i++;
                scoot__jhold *v = arena_grow(&st->p->kb->arena, jd->holds, jd->n_holds,
                                             &jd->cap_holds, sizeof *v);
                if (!v) {
                    st->p->diags.oom = 1;
                    return;
                }
                jd->holds = v;
                jd->holds[jd->n_holds++] = (scoot__jhold){secs, f->s, f->line, f->col};
            }
        }
    } else if (is_word(a, "because")) {
        const token *txt = tk(st);
        if (once(st, B_BECAUSE, a)) {
            const char *t = expect_string(st, "because");
            if (t)
                jd->because = (scoot__jtext){t, txt->line, txt->col};
        }
    } else if (is_word(a, "notice")) {
        const token *f = expect_ident(st, "the fact an owner can log as noticed");
        if (!f)
            return;
        int value = 1;
        if (is_word(tk(st), "yes") || is_word(tk(st), "no")) {
            value = is_word(tk(st), "yes");
            st->i++;
        }
        const char *t = expect_string(st, "the words for it");
        if (!t)
            return;
        scoot__notice *v = arena_grow(&st->p->kb->arena, jd->notice, jd->n_notice,
                                      &jd->cap_notice, sizeof *v);
        if (!v) {
            st->p->diags.oom = 1;
            return;
        }
        jd->notice = v;
        jd->notice[jd->n_notice++] = (scoot__notice){f->s, -1, value, t, f->line, f->col};
    } else {
        unknown_attr(st, a, "observations", "within, notice or because");
        return;
    }
    expect_end(st);
}

/* Reports required attributes missing from the declaration that just ended. */
static void finish_block(pstate *st)
{
    scoot__parser *p = st->p;
    int line = st->line;
#define NEED(cond, what)                                                                  \
    do {                                                                                  \
        if (!(cond))                                                                      \
            scoot__diag_add(&p->diags, line, 1, "%s '%s' has no '%s'", kindname, st->name, \
                            what);                                                        \
    } while (0)
    const char *kindname = "";
    switch (st->kind) {
    case D_KB:
        kindname = "kb";
        NEED(p->kb->version, "version");
        NEED(p->kb->title, "title");
        NEED(p->kb->disclaimer, "disclaimer");
        NEED(p->kb->default_reason, "default-reason");
        break;
    case D_LEVEL: {
        kindname = "level";
        scoot__level *l = st->obj;
        if (l) {
            NEED(l->label, "label");
            NEED(l->advice, "advice");
        }
        break;
    }
    case D_SOURCE: {
        kindname = "source";
        scoot__source *s = st->obj;
        NEED(s->cite, "cite");
        NEED(s->tier, "tier");
        break;
    }
    case D_FACT: {
        kindname = "fact";
        scoot__fact *f = st->obj;
        if (f->help && !f->ask)
            scoot__diag_add(&p->diags, line, 1, "fact '%s' has 'help' but no 'ask'", f->id);
        if (f->redflag && !f->ask)
            scoot__diag_add(&p->diags, line, 1, "red flag '%s' has no 'ask' question", f->id);
        if (f->type == SCOOT__TEXT && f->redflag)
            scoot__diag_add(&p->diags, line, 1, "text fact '%s' cannot be a red flag", f->id);
        break;
    }
    case D_SCALE: {
        kindname = "scale";
        scoot__scale *s = st->obj;
        NEED(s->title, "title");
        NEED(s->max > 0, "max");
        NEED(s->src.n, "sources");
        if (s->n_units == 0)
            scoot__diag_add(&p->diags, line, 1, "scale '%s' has no units", s->id);
        for (int k = 0; k < s->n_units; k++) {
            if (s->units[k].n_scores < 2)
                scoot__diag_add(&p->diags, line, 1, "unit '%s' of scale '%s' needs scores 0 and 1 at least",
                                s->units[k].id, s->id);
            else if (s->units[k].n_scores != s->units[0].n_scores)
                scoot__diag_add(&p->diags, line, 1,
                                "unit '%s' of scale '%s' has %d scores but unit '%s' has %d",
                                s->units[k].id, s->id, s->units[k].n_scores, s->units[0].id,
                                s->units[0].n_scores);
        }
        break;
    }
    case D_GROUP: {
        kindname = "group";
        scoot__group *g = st->obj;
        NEED(g->name, "name");
        NEED(g->src.n, "sources");
        break;
    }
    case D_CAUSE: {
        kindname = "cause";
        scoot__cause *c = st->obj;
        NEED(c->group_name, "group");
        NEED(c->name, "name");
        NEED(c->about, "about");
        NEED(c->src.n, "sources");
        break;
    }
    case D_RULE: {
        kindname = "rule";
        scoot__rule *r = st->obj;
        NEED(st->seen & B_LEVEL, "level");
        NEED(st->seen & B_WHEN, "when");
        NEED(r->reason, "reason");
        NEED(r->src.n, "sources");
        break;
    }
    case D_CARE: {
        kindname = "care";
        scoot__care *c = st->obj;
        NEED(c->title, "title");
        NEED(st->seen & B_WHEN, "when");
        NEED(c->n_do, "do");
        NEED(c->src.n, "sources");
        break;
    }
    case D_JOURNAL: {
        kindname = "journal";
        scoot__journal *jd = st->obj;
        NEED(jd->n_from, "from");
        NEED(st->seen & B_TAKE, "take");
        NEED(jd->because.text || jd->because_yes.text || jd->because_no.text ||
                 jd->n_kind_because,
             "because");
        break;
    }
    case D_OBSERVE: {
        scoot__journal *jd = st->obj;
        if (!jd->hold_default)
            scoot__diag_add(&p->diags, line, 1,
                            "'observations' has no 'within' (how long an observation holds)");
        if (!jd->because.text)
            scoot__diag_add(&p->diags, line, 1, "'observations' has no 'because'");
        break;
    }
    case D_CHECKLIST: {
        kindname = "checklist";
        scoot__checklist *c = st->obj;
        NEED(c->ask, "ask");
        if (c->n_items < 2)
            scoot__diag_add(&p->diags, line, 1, "checklist '%s' needs two items or more",
                            c->id);
        else if (c->n_items > 12)
            scoot__diag_add(&p->diags, line, 1,
                            "checklist '%s' has %d items; at most 12 can be read at a glance "
                            "(split it)",
                            c->id, c->n_items);
        break;
    }
    default:
        break;
    }
#undef NEED
    st->kind = D_NONE;
    st->obj = NULL;
}

static const struct {
    const char *word;
    dkind kind;
} decls[] = {{"kb", D_KB},         {"level", D_LEVEL},   {"source", D_SOURCE},
             {"cat", D_FACT},      {"finding", D_FACT},  {"history", D_FACT},
             {"scale", D_SCALE},   {"define", D_DEFINE}, {"group", D_GROUP},
             {"cause", D_CAUSE},   {"rule", D_RULE},     {"care", D_CARE},
             {"checklist", D_CHECKLIST}, {"journal", D_JOURNAL}, {"observations", D_OBSERVE}};

/* Parses a fact's type: yesno | number MIN..MAX [unit "T"] | choice A B ... | text. */
static void parse_fact_type(pstate *st, scoot__fact *f)
{
    const token *t = expect_ident(st, "a type (yesno, number, choice or text)");
    if (!t)
        return;
    if (is_word(t, "yesno")) {
        f->type = SCOOT__YESNO;
    } else if (is_word(t, "text")) {
        f->type = SCOOT__TEXT;
    } else if (is_word(t, "number")) {
        f->type = SCOOT__NUMBER;
        const token *lo = tk(st);
        if (!expect_number(st, "the lowest value", &f->min))
            return;
        token *dd = tk(st);
        if (!(dd->type == T_OP && strcmp(dd->s, "..") == 0)) {
            ERR(dd, "expected '..' in the range MIN..MAX, found %s", tok_desc(dd));
            return;
        }
        st->i++;
        if (!expect_number(st, "the highest value", &f->max))
            return;
        if (f->min >= f->max)
            ERR(lo, "empty range %g..%g (the lowest value must be below the highest)", f->min,
                f->max);
        if (is_word(tk(st), "unit")) {
            st->i++;
            f->unit = expect_string(st, "unit");
        }
    } else if (is_word(t, "choice")) {
        f->type = SCOOT__CHOICE;
        int cap = 0;
        while (tk(st)->type == T_IDENT) {
            const token *o = tk(st);
            st->i++;
            if (!valid_id(st, o))
                continue;
            for (int k = 0; k < f->n_options; k++)
                if (strcmp(f->options[k], o->s) == 0)
                    ERR(o, "duplicate option '%s'", o->s);
            push_str(st, &f->options, &f->n_options, &cap, o->s);
        }
        if (f->n_options < 2)
            ERR(tk(st), "a choice needs at least two options");
        f->option_text = scoot_arena_zalloc(&st->p->kb->arena,
                                            (size_t)(f->n_options + 1) * sizeof(char *));
        if (!f->option_text)
            st->p->diags.oom = 1;
    } else {
        ERR(t, "unknown type '%s' (expected yesno, number, choice or text)", t->s);
        return;
    }
    expect_end(st);
}

static void start_decl(pstate *st, const token *kw, dkind kind)
{
    scoot__parser *p = st->p;
    scoot_kb *kb = p->kb;
    st->kind = kind;
    st->line = kw->line;
    st->seen = 0;
    st->cap_a = st->cap_b = st->cap_c = 0;
    st->obj = NULL;
    st->name = "";
    if (kind == D_KB) {
        if (p->kb_line) {
            ERR(kw, "second 'kb' declaration (the first is on line %d)", p->kb_line);
        } else if (st->L != p->kb_line_first) {
            ERR(kw, "'kb' must be the first declaration");
        }
        p->kb_line = kw->line;
        const token *id = expect_ident(st, "the knowledge base id");
        if (id && valid_id(st, id)) {
            kb->id = id->s;
            st->name = id->s;
        }
        expect_end(st);
        return;
    }
    if (!p->kb_line && !p->kb_missing_reported) {
        ERR(kw, "the file must start with a 'kb' declaration");
        p->kb_missing_reported = 1;
    }
    if (kind == D_OBSERVE) {
        st->name = "observations";
        if (p->observations_line) {
            ERR(kw, "second 'observations' block (the first is on line %d)", p->observations_line);
            goto dummy;
        }
        p->observations_line = kw->line;
        scoot__journal *jd = &kb->journal[kb->n_journal++];
        memset(jd, 0, sizeof *jd);
        jd->fact = -1;
        jd->profile = -1;
        jd->agg = SCOOT__JA_OBSERVED;
        jd->line = kw->line;
        st->obj = jd;
        expect_end(st);
        return;
    }
    const token *id = expect_ident(st, "an id");
    if (!id)
        goto dummy;
    st->name = id->s;
    if (kind != D_SOURCE && !valid_id(st, id))
        goto dummy;
    switch (kind) {
    case D_LEVEL: {
        int l = level_of(id->s);
        if (l < 0) {
            ERR(id, "unknown level '%s' (expected monitor, vet_soon or urgent)", id->s);
            goto dummy;
        }
        if (p->level_line[l]) {
            ERR(id, "duplicate level '%s' (first declared on line %d)", id->s, p->level_line[l]);
            goto dummy;
        }
        p->level_line[l] = kw->line;
        st->obj = &kb->levels[l];
        expect_end(st);
        return;
    }
    case D_SOURCE: {
        scoot__source *s = &kb->sources[kb->n_sources++];
        memset(s, 0, sizeof *s);
        s->id = id->s;
        s->line = kw->line;
        st->obj = s;
        expect_end(st);
        return;
    }
    case D_FACT: {
        scoot__fact *f = &kb->facts[kb->n_facts++];
        memset(f, 0, sizeof *f);
        f->id = id->s;
        f->line = kw->line;
        f->ns = is_word(kw, "cat") ? SCOOT__NS_CAT
                : is_word(kw, "history") ? SCOOT__NS_HISTORY
                                         : SCOOT__NS_FINDING;
        f->ask_if = -1;
        f->scale = -1;
        f->type = SCOOT__YESNO;
        st->obj = f;
        parse_fact_type(st, f);
        return;
    }
    case D_SCALE: {
        scoot__scale *s = &kb->scales[kb->n_scales++];
        memset(s, 0, sizeof *s);
        s->id = id->s;
        s->line = kw->line;
        st->obj = s;
        expect_end(st);
        return;
    }
    case D_DEFINE: {
        scoot__define *d = &kb->defines[kb->n_defines];
        memset(d, 0, sizeof *d);
        d->id = id->s;
        d->line = kw->line;
        d->expr = -1;
        st->obj = d;
        parse_expr(st, &d->expr, SCOOT__X_DEFINE, kb->n_defines);
        kb->n_defines++;
        expect_end(st);
        return;
    }
    case D_GROUP: {
        scoot__group *g = &kb->groups[kb->n_groups++];
        memset(g, 0, sizeof *g);
        g->id = id->s;
        g->line = kw->line;
        st->obj = g;
        expect_end(st);
        return;
    }
    case D_CAUSE: {
        scoot__cause *c = &kb->causes[kb->n_causes++];
        memset(c, 0, sizeof *c);
        c->id = id->s;
        c->line = kw->line;
        c->group = -1;
        c->ev_first = kb->n_evidence;
        st->obj = c;
        expect_end(st);
        return;
    }
    case D_RULE: {
        scoot__rule *r = &kb->rules[kb->n_rules++];
        memset(r, 0, sizeof *r);
        r->id = id->s;
        r->line = kw->line;
        r->expr = -1;
        st->obj = r;
        expect_end(st);
        return;
    }
    case D_CHECKLIST: {
        scoot__checklist *c = &kb->checklists[kb->n_checklists++];
        memset(c, 0, sizeof *c);
        c->id = id->s;
        c->line = kw->line;
        st->obj = c;
        expect_end(st);
        return;
    }
    case D_JOURNAL: {
        scoot__journal *jd = &kb->journal[kb->n_journal++];
        memset(jd, 0, sizeof *jd);
        jd->fact = -1;
        jd->fact_name = id->s;
        jd->fact_col = id->col;
        jd->profile = -1;
        jd->line = kw->line;
        st->obj = jd;
        expect_end(st);
        return;
    }
    case D_CARE: {
        scoot__care *c = &kb->cares[kb->n_cares++];
        memset(c, 0, sizeof *c);
        c->id = id->s;
        c->line = kw->line;
        c->when = -1;
        st->obj = c;
        expect_end(st);
        return;
    }
    default:
        break;
    }
dummy:
    /* attributes of a broken declaration are skipped */
    st->kind = D_NONE;
}

/* Counts declarations and evidence lines so that arrays never move while parsing. */
static int precount(scoot__parser *p, const lexed *lx)
{
    int n[SCOOT_ARRAY_LEN(decls)] = {0}, ev = 0;
    for (int i = 0; i < lx->n_lines; i++) {
        const lline *L = &lx->lines[i];
        if (L->indent == 0) {
            for (size_t k = 0; k < SCOOT_ARRAY_LEN(decls); k++)
                if (is_word(&L->tok[0], decls[k].word))
                    n[k]++;
        } else if (is_word(&L->tok[0], "for") || is_word(&L->tok[0], "against")) {
            ev++;
        }
    }
    scoot_kb *kb = p->kb;
#define ALLOC(field, count) \
    (kb->field = scoot_arena_zalloc(&kb->arena, (size_t)((count) + 1) * sizeof *kb->field))
    if (!ALLOC(sources, n[2]) || !ALLOC(facts, n[3] + n[4] + n[5]) || !ALLOC(scales, n[6]) ||
        !ALLOC(defines, n[7]) || !ALLOC(groups, n[8]) || !ALLOC(causes, n[9]) ||
        !ALLOC(evidence, ev) || !ALLOC(rules, n[10]) || !ALLOC(cares, n[11]) ||
        !ALLOC(checklists, n[12]) || !ALLOC(journal, n[13] + n[14]))
        return 0;
#undef ALLOC
    return 1;
}

void scoot__kb_parse(scoot__parser *p, const char *text, size_t len)
{
    lexed lx;
    scoot_arena_init(&lx.tmp, 64 * 1024);
    if (!lex_all(p, &lx, text, len) || !precount(p, &lx)) {
        p->diags.oom = 1;
        scoot_arena_free(&lx.tmp);
        return;
    }
    pstate sts;
    memset(&sts, 0, sizeof sts);
    pstate *st = &sts;
    st->p = p;
    p->kb_line_first = lx.n_lines ? &lx.lines[0] : NULL;
    for (int i = 0; i < lx.n_lines && !p->diags.oom; i++) {
        st->L = &lx.lines[i];
        st->i = 0;
        token *first = &st->L->tok[0];
        if (st->L->indent == 0) {
            finish_block(st);
            size_t k;
            for (k = 0; k < SCOOT_ARRAY_LEN(decls); k++)
                if (is_word(first, decls[k].word))
                    break;
            if (k == SCOOT_ARRAY_LEN(decls)) {
                if (first->type == T_IDENT)
                    ERR(first,
                        "unknown declaration '%s' (expected kb, level, source, cat, finding, "
                        "history, scale, define, group, cause, rule, care, checklist, journal "
                        "or observations)",
                        first->s);
                else
                    ERR(first, "expected a declaration at the start of the line, found %s",
                        tok_desc(first));
                st->kind = D_NONE;
                continue;
            }
            st->i = 1;
            start_decl(st, first, decls[k].kind);
            continue;
        }
        if (st->kind == D_NONE) {
            if (!st->line)
                ERR(first, "indented line outside any declaration");
            continue;
        }
        if (first->type != T_IDENT) {
            ERR(first, "expected an attribute name, found %s", tok_desc(first));
            continue;
        }
        st->i = 1;
        switch (st->kind) {
        case D_KB: attr_kb(st, first); break;
        case D_LEVEL: attr_level(st, first); break;
        case D_SOURCE: attr_source(st, first); break;
        case D_FACT: attr_fact(st, first); break;
        case D_SCALE: attr_scale(st, first); break;
        case D_DEFINE: attr_define(st, first); break;
        case D_GROUP: attr_group(st, first); break;
        case D_CAUSE: attr_cause(st, first); break;
        case D_RULE: attr_rule(st, first); break;
        case D_CARE: attr_care(st, first); break;
        case D_CHECKLIST: attr_checklist(st, first); break;
        case D_JOURNAL: attr_journal(st, first); break;
        case D_OBSERVE: attr_observations(st, first); break;
        default: break;
        }
    }
    finish_block(st);
    if (!p->kb_line && !p->kb_missing_reported)
        scoot__diag_add(&p->diags, 1, 1, "the file must start with a 'kb' declaration");
    p->kb_line_first = NULL;
    scoot_arena_free(&lx.tmp);
}
