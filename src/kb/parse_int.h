/* parse_int.h: state shared by the KB parser (parse.c) and checker/compiler (check.c). */
#ifndef SCOOT_PARSE_INT_H
#define SCOOT_PARSE_INT_H

#include "kb_int.h"
#include "scoot/buf.h"

/* One diagnostic, kept until all are sorted by position and printed. */
typedef struct {
    int line, col;
    char *msg; /* scoot_malloc'd */
} scoot__diag;

typedef struct {
    scoot__diag *v;
    int n, cap;
    int oom;
} scoot__diags;

/* Adds "message" at line:col (col 0 = whole line). */
void scoot__diag_add(scoot__diags *d, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Expression syntax tree (arena-allocated). */
typedef enum {
    SCOOT__A_ID,     /* name: yesno fact or define */
    SCOOT__A_IS,     /* name is word (yes|no|known|unknown) */
    SCOOT__A_CMP,    /* name cmp num */
    SCOOT__A_CHOICE, /* name cmp(=,!=) word */
    SCOOT__A_LIKELY, /* likely name */
    SCOOT__A_MENTIONS, /* name mentions "word" (journal conditions) */
    SCOOT__A_LEVEL,  /* level cmp word */
    SCOOT__A_ALWAYS,
    SCOOT__A_NOT,
    SCOOT__A_AND,
    SCOOT__A_OR
} scoot__akind;

typedef struct scoot__ast {
    scoot__akind kind;
    int line, col;       /* of the atom's first token */
    const char *name;    /* the identifier */
    const char *word;    /* option, level or is-word */
    int word_col;
    int num_col;
    int cmp;
    double num;
    struct scoot__ast *l, *r;
} scoot__ast;

/* Where an expression appears: decides which atoms it may use. */
typedef enum {
    SCOOT__X_ASKIF,
    SCOOT__X_DEFINE,
    SCOOT__X_CAUSE,
    SCOOT__X_RULE,
    SCOOT__X_CARE
} scoot__xctx;

typedef struct {
    scoot__ast *ast;
    int *slot;       /* receives the code offset */
    scoot__xctx ctx;
    int define_idx;  /* for SCOOT__X_DEFINE: the define being compiled */
} scoot__pending;

/* Where a journal condition appears: decides which names it reads. */
typedef enum {
    SCOOT__JX_FROM,  /* a from line's `where`: the fields of its kind */
    SCOOT__JX_NEEDS, /* the `where` of `needs`: the fields of its kind */
    SCOOT__JX_TAKE,  /* the condition of `take`: the fields of every kind read */
    SCOOT__JX_TAKEN  /* `when` and `yes-if`: the values taken (or the latest entry's fields) */
} scoot__jxctx;

typedef struct {
    scoot__ast *ast;
    const scoot__jcond **slot;
    int journal; /* index in kb->journal */
    int from;    /* SCOOT__JX_FROM: the from line */
    scoot__jxctx ctx;
} scoot__jpending;

/* A source reference awaiting resolution. */
typedef struct {
    const char *tag;
    int line, col;
    scoot__srcs *into;
    int pos;
} scoot__srcref;

typedef struct {
    scoot_kb *kb;
    scoot__diags diags;
    scoot__pending *pend;
    int n_pend, cap_pend;
    scoot__jpending *jpend;
    int n_jpend, cap_jpend;
    scoot__srcref *refs;
    int n_refs, cap_refs;
    int observations_line; /* the `observations` block's line, 0 if none */
    int level_line[3]; /* line of each level declaration, 0 if missing */
    int kb_line;
    int kb_missing_reported;
    int no_vocab; /* `vocabulary none`: skip the vocabulary coverage check */
    int trusted;  /* the built-in KB: its "can never apply" search already ran at build time */
    const void *kb_line_first; /* the first logical line (parse.c) */
} scoot__parser;

/* Parses text into p->kb (arena-backed) and records pending expressions and source refs. */
void scoot__kb_parse(scoot__parser *p, const char *text, size_t len);

/* Resolves names, compiles expressions and runs every semantic check. */
void scoot__kb_check(scoot__parser *p);

/* The vocabulary's required ids (src/kb/vocab.c). */
typedef struct {
    const char *id;
    scoot__ns ns;
    scoot__ftype type;
} scoot__vocab_fact;
extern const scoot__vocab_fact scoot__vocab_facts[];
extern const int scoot__vocab_n_facts;
extern const char *const scoot__vocab_groups[];
extern const int scoot__vocab_n_groups;
extern const char *const scoot__vocab_care[];
extern const int scoot__vocab_n_care;

#endif
