/* kb_int.h: the compiled knowledge base, shared by the kb, engine and render layers. */
#ifndef SCOOT_KB_INT_H
#define SCOOT_KB_INT_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "../core/arena.h"
#include "scoot/kb.h"

/* Three-valued logic: AND is min, OR is max, NOT is 2 - x. */
enum { SCOOT__F = 0, SCOOT__U = 1, SCOOT__T = 2 };

typedef enum { SCOOT__NS_CAT, SCOOT__NS_FINDING, SCOOT__NS_HISTORY } scoot__ns;
typedef enum { SCOOT__YESNO, SCOOT__NUMBER, SCOOT__CHOICE, SCOOT__TEXT } scoot__ftype;

/* A list of source indices. */
typedef struct {
    int *idx;
    int n;
} scoot__srcs;

typedef struct {
    const char *id, *cite, *url;
    char tier;
    int line, uses;
} scoot__source;

typedef struct {
    const char *id;
    scoot__ns ns;
    scoot__ftype type;
    double min, max;
    const char *unit;
    int n_options;
    const char **options, **option_text;
    const char *ask, *help;
    int redflag;
    int ask_if; /* code offset, or -1 */
    int n_labels;
    double *label_value;
    const char **label_text;
    int scale; /* scale index, or -1 */
    const char *scale_name; /* as written, until resolved */
    int scale_line, scale_col;
    scoot__srcs src;
    int line;
} scoot__fact;

typedef struct {
    const char *id, *name;
    int n_scores;
    const char **score_text;
} scoot__unit;

typedef struct {
    const char *id, *title, *about;
    int n_units;
    scoot__unit *units;
    double max;
    scoot__srcs src;
    int line;
} scoot__scale;

typedef struct {
    const char *id, *text;
    int expr;
    int line;
} scoot__define;

typedef struct {
    const char *id, *name;
    scoot__srcs src;
    int line;
} scoot__group;

typedef struct {
    int expr;
    double weight; /* signed: negative for evidence against */
    const char *text;
    int line;
} scoot__evidence;

typedef struct {
    const char *id, *name, *about;
    int group;
    const char *group_name; /* as written, until resolved */
    int group_line, group_col;
    double base;
    int ev_first, n_ev; /* into kb->evidence */
    int n_ask_vet;
    const char **ask_vet; /* questions worth asking the vet about it (`ask_vet`) */
    scoot__srcs src;
    int line;
} scoot__cause;

typedef struct {
    const char *id;
    int level;
    int expr;
    const char *reason, *watch;
    scoot__srcs src;
    int line;
} scoot__rule;

typedef struct {
    int expr;
    const char *reason;
} scoot__unless;

typedef struct {
    const char *id, *title;
    const char *short_title; /* a short name for lists (`short`), or NULL */
    int when;
    int n_unless;
    scoot__unless *unless;
    int times_per_day, minutes, days; /* 0 when not given */
    int n_do, n_caution;
    const char **steps, **cautions;
    scoot__srcs src;
    int line;
} scoot__care;

/* A checklist: yes/no questions asked on one screen ("tick each one that is true"). */
typedef struct {
    int fact;         /* fact index, once resolved (-1 until then) */
    const char *text; /* the item's words */
    const char *name; /* the fact id as written, until resolved */
    int line, col;
} scoot__checkitem;

typedef struct {
    const char *id, *ask;
    int n_items;
    scoot__checkitem *items;
    int line;
} scoot__checklist;

typedef struct {
    const char *label, *advice;
    const char **now; /* what to do at once, in order (may be none) */
    int n_now;
} scoot__level;

/* ---- journal definitions (docs/kb-language.md, "journal"): how a cat's entries become facts */

/* A condition on an entry's fields, or on the values a definition took from its entries. */
typedef enum {
    SCOOT__JC_ALWAYS,
    SCOOT__JC_AND,
    SCOOT__JC_OR,
    SCOOT__JC_NOT,
    SCOOT__JC_IS,      /* the field is yes (k 1) or no (k 0); a missing observation value is yes */
    SCOOT__JC_KNOWN,   /* the field is present */
    SCOOT__JC_CMP,     /* a number field, or a taken value, compared with k */
    SCOOT__JC_EQ,      /* cmp = or !=: the field is word (a list field: holds word) */
    SCOOT__JC_MENTIONS /* a text field holds word, in any case */
} scoot__jcop;

/* The values a definition takes from its entries, by name in its conditions and texts. */
typedef enum {
    SCOOT__JV_COUNT,
    SCOOT__JV_DAYS,
    SCOOT__JV_HOURS,
    SCOOT__JV_CHANGE,
    SCOOT__JV_FIRST,
    SCOOT__JV_LATEST,
    SCOOT__JV_PROFILE,
    SCOOT__JV_SPAN,
    SCOOT__JV_N
} scoot__jvalue;

typedef struct scoot__jcond {
    uint8_t op, cmp;          /* scoot__jcop; cmp SCOOT__LT..SCOOT__NE */
    int8_t value;             /* a scoot__jvalue, or -1: the entry's field */
    uint8_t list;             /* the field holds a list (SCOOT__JC_EQ) */
    uint8_t missing_yes;      /* SCOOT__JC_IS: a value left out is yes (an observation's) */
    const char *field, *word; /* the field's name; the option, id or text compared with */
    double k;
    const struct scoot__jcond *l, *r;
} scoot__jcond;

/* What a definition takes from its entries. */
typedef enum {
    SCOOT__JA_COUNT,          /* how many */
    SCOOT__JA_DAYS,           /* on how many local days */
    SCOOT__JA_EVERY,          /* yes when every one meets the condition, else no */
    SCOOT__JA_LATEST,         /* the latest (its field, or yes) */
    SCOOT__JA_SINCE_FIRST,    /* whole days since the first */
    SCOOT__JA_DAYS_IN_A_ROW,  /* local days in a row up to today (or yesterday) with one that meets
                               * the condition */
    SCOOT__JA_HOURS_IN_A_ROW, /* whole hours from the first to the latest of the entries in a row,
                               * up to the latest, that meet the condition */
    SCOOT__JA_CHANGE,         /* % change of a field, first to latest (or profile to latest) */
    SCOOT__JA_OBSERVED        /* the `observations` block: each fact from its observations */
} scoot__jagg;

enum { SCOOT__JO_NONE, SCOOT__JO_NO, SCOOT__JO_PROFILE };

/* A text shown to owners, with where it was written (for the checker's messages). */
typedef struct {
    const char *text;
    int line, col;
} scoot__jtext;

/* A `from` line: the entries of a kind (that meet a condition). */
typedef struct {
    const char *kind;
    const scoot__jcond *where; /* NULL: all of them */
    scoot__jtext because;      /* `because KIND`: the text when one of these gives the value */
    int line, col;
} scoot__jfrom;

/* A `because KIND "TEXT"` line, until resolved into its from line. */
typedef struct {
    const char *kind;
    scoot__jtext text;
    int col;
} scoot__jkindtext;

/* A `within N days for FACT ...` line of the observations block. */
typedef struct {
    int64_t within;
    const char *fact;
    int line, col;
} scoot__jhold;

/* A `notice FACT [yes|no] "TEXT"` line of the observations block: a sign an owner can log as
 * noticed between checks (the journal's "Something else you noticed"), in short words. */
typedef struct {
    const char *name; /* the fact as written */
    int fact;         /* once resolved (-1 until then) */
    int value;        /* 1: the sign is seen; 0: it has stopped */
    const char *text;
    int line, col;
} scoot__notice;

/* A `journal FACT` declaration, or the `observations` block (agg SCOOT__JA_OBSERVED). */
typedef struct {
    int fact;                 /* the fact it gives; -1 for observations */
    const char *fact_name;    /* as written, until resolved */
    int fact_col;
    scoot__jfrom *from;
    int n_from, cap_from;
    int64_t within;           /* seconds; 0: entries of any age */
    int within_days;          /* the window was given in days */
    scoot__jagg agg;
    const scoot__jcond *take; /* the condition of every / days-in-a-row / hours-in-a-row */
    const char *field;        /* latest FIELD, change FIELD; NULL: none */
    int take_line, field_col;
    int profile;              /* change FIELD against FACT: the fact (-1: none) */
    const char *profile_name;
    int profile_col;
    const scoot__jcond *when, *yes_if;
    int otherwise;            /* SCOOT__JO_... */
    scoot__jfrom needs;       /* kind NULL: none */
    int64_t needs_within;
    scoot__jtext because, because_yes, because_no;
    scoot__jkindtext *kind_because;
    int n_kind_because, cap_kind_because;
    /* observations: per fact, how long an observation of it holds (seconds; 0: not read) */
    int64_t *hold;
    int64_t hold_default;
    scoot__jhold *holds;      /* the `within ... for` lines, until resolved */
    int n_holds, cap_holds;
    scoot__notice *notice;    /* the signs an owner can log as noticed, in order */
    int n_notice, cap_notice;
    scoot__srcs src;
    int line;
} scoot__journal;

/* Bytecode for expressions; each expression ends with SCOOT__OP_END. */
enum {
    SCOOT__OP_END,
    SCOOT__OP_ALWAYS,
    SCOOT__OP_BOOL,   /* a = fact: yes -> T, no -> F */
    SCOOT__OP_KNOWN,  /* a = fact: T if known else F */
    SCOOT__OP_CMP,    /* a = fact, cmp, k: number comparison */
    SCOOT__OP_DEFINE, /* a = define index */
    SCOOT__OP_LIKELY, /* a = cause index */
    SCOOT__OP_GLIKELY, /* a = group index */
    SCOOT__OP_LEVEL,  /* cmp, k = level */
    SCOOT__OP_NOT,
    SCOOT__OP_AND,
    SCOOT__OP_OR,
    SCOOT__OP_JF, /* top is F: skip forward a instructions (past the matching AND) */
    SCOOT__OP_JT  /* top is T: skip forward a instructions (past the matching OR) */
};
/* Flags on atom instructions (ALWAYS..LEVEL), set by the compiler to save dispatches:
 * NEG negates the atom's value; AND/OR combine it with the top of the stack instead of
 * pushing it. */
enum {
    SCOOT__OP_MASK = 0x1f,
    SCOOT__OPF_NEG = 0x20,
    SCOOT__OPF_AND = 0x40,
    SCOOT__OPF_OR = 0x80
};
enum { SCOOT__LT, SCOOT__LE, SCOOT__GT, SCOOT__GE, SCOOT__EQ, SCOOT__NE };

typedef struct {
    uint8_t op, cmp;
    uint16_t a;
    double k;
} scoot__insn;

#define SCOOT__MAX_STACK 64

/*
 * The fast form of expressions (fast.c), used by scoot_assess. Every distinct atom (a fact
 * test, a define, likely, level) gets two literal bits: 2a (the atom) and 2a+1 (its
 * negation). Per assessment two bitsets hold which literals are true (lt) and false (lf).
 * NOTs are pushed down to the literals (De Morgan holds in three-valued logic), so each
 * expression is a tree of AND/OR nodes, each with a literal mask and child nodes.
 */
typedef struct {
    uint8_t op; /* SCOOT__OP_ALWAYS..SCOOT__OP_LEVEL (no flags) */
    uint8_t cmp;
    uint16_t a;
    double k;
} scoot__atom;

typedef struct {
    uint64_t bits;
    uint32_t word;
} scoot__mword;

typedef struct {
    uint64_t bits0;       /* simple nodes: the one mask word, inline */
    uint32_t word0;
    uint8_t is_or, simple; /* simple: one mask word and no kids */
    uint16_t n_words, n_kids;
    uint32_t words, kids; /* into fx->words, fx->kids */
} scoot__node;

/* A true-only test flattened for the engine's hot loops (evidence lines, rules, care items):
 * kind 0 is a simple AND node (true when all of bits are set in lt[word]), 1 a simple OR node
 * (any of them), 2 anything else (evaluate node). 16 bytes, so that the tests of a loop share
 * few cache lines. */
typedef struct {
    uint64_t bits;
    uint32_t node;
    uint16_t word;
    uint8_t kind;
} scoot__test;

/* Which of a list of true-only tests a true literal can make true. A test is true only if one
 * of its literals is (its expression has no NOT left and no empty AND), so the engine tests only
 * those of the literals that are true: a few in most cases, out of all of them. */
typedef struct {
    uint64_t *lits; /* n_lwords: the literals some test uses */
    int *first;     /* per literal (64 * n_lwords) + 1: CSR index into list */
    int *list;      /* test indices */
    int words;      /* words in a bitset over the tests */
    int all;        /* 1 if some test has no literal: test them all */
} scoot__litindex;

/* A cause as the ranking reads it. */
typedef struct {
    double base;
    int ev_first, n_ev;
} scoot__cfast;

/* A red-flag fact in ask order, with its ask-if node (-1: always asked). */
typedef struct {
    int fact, ask_if;
} scoot__redflag;

/* A fact test's atom, ready to be set from the fact's value v with no branch: tt is its truth
 * table over (v > k, v < k, v == k) (bits 0, 1, 2); known marks a "known" test (true once the
 * fact is known; the template has it false). The atom's literal bits are bits sh, sh+1 of
 * lt/lf[word]. */
typedef struct {
    double k;
    uint16_t word;
    uint8_t sh, tt, known;
    uint8_t open; /* the literal bits (atom, negation) some value of the fact can make true */
} scoot__factbit;

typedef struct {
    scoot__atom *atoms;
    int n_atoms;
    int n_lwords;            /* words in each literal bitset */
    uint64_t *tmpl_lt, *tmpl_lf; /* the bitsets when every fact is unknown */
    int *fact_bits_first;   /* per fact + 1: CSR index into fact_bits */
    scoot__factbit *fact_bits; /* the atoms that test a fact, as factbits */
    int *define_atom;        /* per define: its atom, or -1 if unused */
    int *late_atoms, n_late; /* likely / group-likely / level atoms */
    scoot__node *nodes;
    int n_nodes;
    scoot__mword *words;
    int *kids;
    int n_words, n_kids;
    int *node_of_code;       /* per code offset of an expression start: its node */
    scoot__test *ev_test;    /* per evidence line: its test */
    double *ev_weight;       /* per evidence line: its signed weight */
    scoot__litindex ev_index; /* the evidence lines a true literal can make true */
    scoot__litindex rule_index; /* the same for the rules */
    scoot__test *rule_test;  /* per rule */
    uint8_t *rule_level;     /* per rule: its level */
    uint8_t *rule_watch;     /* per rule: 1 if it has a watch-for text */
    scoot__cfast *cause;     /* per cause: what the ranking needs */
    scoot__test *care_test;  /* per care item: its when */
    int *unless_first;       /* per care item + 1: into unless_test */
    scoot__test *unless_test;
    scoot__redflag *redflags; /* the red flags, in ask order */
    int n_redflags;
    /* the facts the evidence lines of each cause read (through defines): cause i's are
     * cause_facts[cause_facts_first[i] .. cause_facts_first[i + 1]) */
    int *cause_facts_first, *cause_facts;
    int *askif_facts, n_askif; /* the facts that have an ask-if */
    uint8_t *define_for_level; /* per define: read (maybe through others) by a rule above monitor */
    /* literal bitsets (n_lwords words) for settle.c: the pairs of the value tests and of the
     * "known" tests of the facts that can be asked, and the literals an open fact's tests can
     * make true */
    uint64_t *ask_val_pairs, *ask_known_pairs, *open_can;
    uint8_t *askable; /* per fact: it has a question (and is not text) */
} scoot__fast;

/* The index of the lowest set bit of x (x != 0). */
static inline int scoot__ctz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(x);
#else
    int n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Sets cand (ix->words words) to the tests of ix that a literal true in lt can make true. */
static inline void scoot__candidates(const scoot__litindex *ix, const uint64_t *lt, int n_lwords,
                                     uint64_t *cand)
{
    memset(cand, ix->all ? 0xff : 0, (size_t)ix->words * sizeof *cand);
    for (int w = 0; w < n_lwords; w++)
        for (uint64_t x = lt[w] & ix->lits[w]; x; x &= x - 1) {
            int lit = w * 64 + scoot__ctz64(x);
            for (int k = ix->first[lit]; k < ix->first[lit + 1]; k++)
                cand[ix->list[k] >> 6] |= (uint64_t)1 << (ix->list[k] & 63);
        }
}

/* Compares v with k (cmp is SCOOT__LT..SCOOT__NE). */
static inline int scoot__cmp_num(int cmp, double v, double k)
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

/* Builds kb->fx from the compiled bytecode; 0 on out of memory. */
int scoot__fast_build(scoot_kb *kb);

/* Evaluates node n against the literal bitsets. */
int scoot__fast_eval(const scoot__fast *fx, int n, const uint64_t *lt, const uint64_t *lf);

/* The same, with the common case (one mask word, no kids) inline. */
static inline int scoot__fast_eval_inline(const scoot__fast *fx, int n, const uint64_t *lt,
                                          const uint64_t *lf)
{
    const scoot__node *nd = &fx->nodes[n];
    if (!nd->simple)
        return scoot__fast_eval(fx, n, lt, lf);
    uint64_t m = nd->bits0, t = lt[nd->word0] & m, f = lf[nd->word0] & m;
    /* AND: F if any literal is false, T if all are true; OR: the mirror image */
    if (!nd->is_or)
        return f ? 0 : t == m ? 2 : 1;
    return t ? 2 : f == m ? 0 : 1;
}

/* 1 when node n is true (T); only the true-literal bitset is needed. */
int scoot__fast_true_slow(const scoot__fast *fx, int n, const uint64_t *lt);
static inline int scoot__fast_true(const scoot__fast *fx, int n, const uint64_t *lt)
{
    const scoot__node *nd = &fx->nodes[n];
    if (!nd->simple)
        return scoot__fast_true_slow(fx, n, lt);
    uint64_t t = lt[nd->word0] & nd->bits0;
    return nd->is_or ? t != 0 : t == nd->bits0;
}

/* 1 when test t is true. */
static inline int scoot__test_true(const scoot__fast *fx, const scoot__test *t, const uint64_t *lt)
{
    if (t->kind == 0)
        return (lt[t->word] & t->bits) == t->bits;
    if (t->kind == 1)
        return (lt[t->word] & t->bits) != 0;
    return scoot__fast_true_slow(fx, (int)t->node, lt);
}

/* Records atom a's value v (SCOOT__F/U/T) in the bitsets. */
static inline void scoot__fast_set(uint64_t *lt, uint64_t *lf, int a, int v)
{
    int w = (2 * a) >> 6, sh = (2 * a) & 63;
    uint64_t clear = ~((uint64_t)3 << sh);
    uint64_t t = v == 2 ? 1 : v == 0 ? 2 : 0; /* literal bits that are true */
    uint64_t f = v == 2 ? 2 : v == 0 ? 1 : 0; /* literal bits that are false */
    lt[w] = (lt[w] & clear) | (t << sh);
    lf[w] = (lf[w] & clear) | (f << sh);
}

/* A slot of the fact lookup table, one cache line: the id inline and what the case reader
 * needs to take a value, so that a lookup reads one line (fact -1: empty). An id of 32 bytes or
 * more is not inline; it is compared through kb->facts. */
typedef struct {
    char key[32];
    uint32_t len;
    int fact;
    uint8_t type, ns;
    uint16_t n_options;
    double min, max;
} scoot__fkey;

/* The hash of an id of n bytes, eight bytes at a time (ids are short). */
static inline unsigned scoot__hash_id(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15u, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 29;
    }
    for (w = 0; n > 0; n--)
        w = w << 8 | (unsigned char)s[n - 1];
    h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
    return (unsigned)(h ^ h >> 32);
}

/* The one part of a loaded KB filled in after loading: caches the layers above build on first
 * use (the result JSON's pre-rendered texts of the KB), each once, under this KB's own lock.
 * The KB points to it, so a const KB's cache is filled without casting const away. */
typedef struct {
    pthread_mutex_t lock;
    void *result_json; /* engine/result_json.c; read with an acquire load */
    void (*result_json_free)(void *);
} scoot__kb_lazy;

struct scoot_kb {
    scoot_arena arena;
    const char *file;
    const char *id, *version, *title, *disclaimer, *default_reason;
    const char *open_reason; /* the default reason while the level is not settled, or NULL */
    double likely;
    scoot__level levels[3];
    scoot__source *sources;
    scoot__fact *facts;
    scoot__scale *scales;
    scoot__define *defines;
    scoot__group *groups;
    scoot__cause *causes;
    scoot__evidence *evidence;
    scoot__rule *rules;
    scoot__care *cares;
    scoot__checklist *checklists;
    int *fact_checklist; /* per fact: its checklist's index, or -1 */
    scoot__journal *journal; /* the journal definitions and the observations block, in order */
    /* how the journal is read, compiled with the KB: per entry kind (its index in
     * scoot__ekinds) the definitions that read it, jdefs[jdefs_first[k] .. jdefs_first[k + 1]],
     * and whether it is read at any age (1) or only as far back as the windows reach (jreach,
     * seconds) */
    int *jdefs_first, *jdefs;
    uint8_t *jkind_any_age;
    int64_t jreach;
    int n_sources, n_facts, n_scales, n_defines, n_groups, n_causes, n_evidence, n_rules,
        n_cares, n_checklists, n_journal;
    int *ask_order, n_ask; /* fact indices in the order they are asked */
    int *text_facts, n_text_facts; /* the facts of type text */
    scoot__fkey *fact_keys; /* open addressing by scoot__hash_id; NULL until built */
    unsigned fact_keys_mask;
    scoot__insn *code;
    int n_code;
    scoot__fast fx;
    scoot__kb_lazy *lazy; /* caches filled on first use (see scoot__kb_lazy) */
};

/* The state an expression is evaluated against. */
typedef struct {
    const double *val;         /* per fact */
    const uint8_t *known;      /* per fact: 0/1 */
    const uint8_t *define_tv;  /* per define, filled in order */
    const uint8_t *likely;     /* per cause: 0/1, or NULL before ranking */
    const uint8_t *glikely;    /* per group: 0/1, or NULL */
    int level;                 /* -1 before triage */
} scoot__evalctx;

/* Evaluates the expression at code offset expr; returns SCOOT__F, SCOOT__U or SCOOT__T. */
int scoot__eval(const scoot_kb *kb, int expr, const scoot__evalctx *cx);

/* Finds a fact by id (length n); -1 if none. */
int scoot__kb_fact_find(const scoot_kb *kb, const char *id, size_t n);
/* The lookup table's slot of a fact id; NULL if none (or if the table could not be built). */
const scoot__fkey *scoot__kb_fact_key(const scoot_kb *kb, const char *id, size_t n);

/* Writes kb as an image (image.c): the compiled KB in one block with the places of its
 * pointers, for scoot__kb_image_load. SCOOT_ENOMEM (or SCOOT_ETOOBIG) leaves out undefined. */
int scoot__kb_image_write(const scoot_kb *kb, scoot_buf *out);
/* Loads a KB from an image made by scoot__kb_image_write in a build of the same layout (len
 * bytes at img, borrowed for the call only): one copy and pointer fix-ups. SCOOT_ENOMEM, or
 * SCOOT_EKB when the image is not one of this build's. On success the caller frees *out with
 * scoot_kb_free. */
int scoot__kb_image_load(const void *img, size_t len, scoot_kb **out);

/* The scale's total from unit scores (score[i] < 0: not seen); -1 if no unit was seen. */
double scoot__scale_total(const scoot__scale *s, const int *score);

/* An empty KB: its arena and its lazy block (with the block's lock) ready; NULL when out of
 * memory. Text loads and image loads start from it; scoot_kb_free frees it. */
scoot_kb *scoot__kb_new(void);

#endif
