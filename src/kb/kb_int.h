/* kb_int.h: the compiled knowledge base, shared by the kb, engine and render layers. */
#ifndef SCOOT_KB_INT_H
#define SCOOT_KB_INT_H

#include <stdint.h>

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
    int when;
    int n_unless;
    scoot__unless *unless;
    int times_per_day, minutes, days; /* 0 when not given */
    int n_do, n_caution;
    const char **steps, **cautions;
    scoot__srcs src;
    int line;
} scoot__care;

typedef struct {
    const char *label, *advice;
} scoot__level;

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
    SCOOT__OP_OR
};
enum { SCOOT__LT, SCOOT__LE, SCOOT__GT, SCOOT__GE, SCOOT__EQ, SCOOT__NE };

typedef struct {
    uint8_t op, cmp;
    uint16_t a;
    double k;
} scoot__insn;

#define SCOOT__MAX_STACK 64

struct scoot_kb {
    scoot_arena arena;
    const char *file;
    const char *id, *version, *title, *disclaimer, *default_reason;
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
    int n_sources, n_facts, n_scales, n_defines, n_groups, n_causes, n_evidence, n_rules,
        n_cares;
    int *ask_order, n_ask; /* fact indices in the order they are asked */
    scoot__insn *code;
    int n_code;
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

/* The scale's total from unit scores (score[i] < 0: not seen); -1 if no unit was seen. */
double scoot__scale_total(const scoot__scale *s, const int *score);

#endif
