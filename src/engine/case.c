/* case.c: the answers about one cat, from case JSON or "id=value" text. */
#include "../core/setup.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "../core/text.h"
#include "engine_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

/* Longest text answer (the cat's name). */
#define TEXT_MAX 200

static const char *const section_names[] = {"cat", "findings", "history"};

int scoot_case_new(const scoot_kb *kb, scoot_case **out)
{
    *out = NULL;
    json_object_seed(0); /* jansson's hash seed, set once before any thread decodes JSON */
    scoot_case *c = scoot_calloc(1, sizeof *c);
    if (!c)
        return SCOOT_ENOMEM;
    size_t n = (size_t)kb->n_facts + 1;
    c->kb = kb;
    c->val = scoot_calloc(n, sizeof *c->val);
    c->known = scoot_calloc(n, sizeof *c->known);
    c->text = scoot_calloc(n, sizeof *c->text);
    c->unsure = scoot_calloc(n, sizeof *c->unsure);
    if (!c->val || !c->known || !c->text || !c->unsure) {
        scoot_case_free(c);
        return SCOOT_ENOMEM;
    }
    *out = c;
    return SCOOT_OK;
}

void scoot_case_clear(scoot_case *c)
{
    size_t n = (size_t)c->kb->n_facts;
    for (int k = 0; k < c->kb->n_text_facts; k++) { /* text is set for text facts only */
        int i = c->kb->text_facts[k];
        scoot_free(c->text[i]);
        c->text[i] = NULL;
    }
    memset(c->known, 0, n * sizeof *c->known);
    memset(c->val, 0, n * sizeof *c->val);
    memset(c->unsure, 0, n * sizeof *c->unsure);
}

void scoot_case_free(scoot_case *c)
{
    if (!c)
        return;
    if (c->text)
        for (int i = 0; i < c->kb->n_facts; i++)
            scoot_free(c->text[i]);
    scoot_free(c->text);
    scoot_free(c->val);
    scoot_free(c->known);
    scoot_free(c->unsure);
    scoot_free(c);
}

void scoot_case_copy(scoot_case *dst, const scoot_case *src)
{
    for (int i = 0; i < src->kb->n_facts; i++) {
        dst->val[i] = src->val[i];
        dst->known[i] = src->known[i];
        dst->unsure[i] = src->unsure[i];
        scoot_free(dst->text[i]);
        dst->text[i] = src->text[i] ? scoot_strdup(src->text[i]) : NULL;
        if (src->text[i] && !dst->text[i])
            dst->known[i] = 0; /* out of memory: the name is lost, nothing else */
    }
}

int scoot_case_is_known(const scoot_case *c, int fact)
{
    return fact >= 0 && fact < c->kb->n_facts && c->known[fact];
}

int scoot_case_is_not_sure(const scoot_case *c, int fact)
{
    return fact >= 0 && fact < c->kb->n_facts && c->unsure[fact];
}

int scoot_case_set_not_sure(scoot_case *c, int fact)
{
    if (fact < 0 || fact >= c->kb->n_facts)
        return SCOOT_EINVAL;
    c->known[fact] = 0;
    c->unsure[fact] = 1;
    scoot_free(c->text[fact]);
    c->text[fact] = NULL;
    return SCOOT_OK;
}

/* ---- JSON ---- */

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    default: return "null";
    }
}

/* Appends a short rendering of v for messages. */
static void describe(scoot_buf *e, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        size_t n = strlen(s);
        scoot_buf_adds(e, "\"");
        scoot_buf_add(e, s, n > 40 ? 40 : n);
        scoot_buf_adds(e, n > 40 ? "...\"" : "\"");
        break;
    }
    case JSON_INTEGER: scoot_buf_printf(e, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: scoot_buf_printf(e, "%g", json_real_value(v)); break;
    default: scoot_buf_adds(e, json_kind(v)); break;
    }
}

/* Checks v against fact f; on success sets *val (and *text for text facts). */
static int decode_value(const scoot__fact *f, const json_t *v, double *val, const char **text,
                        scoot_buf *msg)
{
    switch (f->type) {
    case SCOOT__YESNO:
        if (!json_is_boolean(v)) {
            scoot_err_why(msg, SCOOT_ETYPE, SCOOT_R_WRONG_TYPE, NULL);
            scoot_buf_adds(msg, "expected true or false, found ");
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        *val = json_is_true(v) ? 1 : 0;
        return SCOOT_OK;
    case SCOOT__NUMBER: {
        if (!json_is_number(v)) {
            scoot_err_why(msg, SCOOT_ETYPE, SCOOT_R_NOT_NUMBER, NULL);
            msg->why.nums = SCOOT_WHY_MIN | SCOOT_WHY_MAX;
            msg->why.min = f->min;
            msg->why.max = f->max;
            scoot_buf_printf(msg, "expected a number from %g to %g, found ", f->min, f->max);
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        double d = json_number_value(v);
        if (!isfinite(d) || d < f->min || d > f->max) {
            scoot_err_why(msg, SCOOT_ERANGE, SCOOT_R_OUT_OF_RANGE, NULL);
            msg->why.nums = SCOOT_WHY_VALUE | SCOOT_WHY_MIN | SCOOT_WHY_MAX;
            msg->why.value = isfinite(d) ? d : 0;
            msg->why.min = f->min;
            msg->why.max = f->max;
            scoot_buf_printf(msg, "%g is out of range %g..%g", d, f->min, f->max);
            return SCOOT_ERANGE;
        }
        *val = d;
        return SCOOT_OK;
    }
    case SCOOT__CHOICE: {
        if (json_is_string(v)) {
            const char *s = json_string_value(v);
            for (int o = 0; o < f->n_options; o++)
                if (strcmp(f->options[o], s) == 0) {
                    *val = o;
                    return SCOOT_OK;
                }
        }
        scoot_err_why(msg, SCOOT_ERANGE, SCOOT_R_NOT_OPTION, NULL);
        scoot_buf_adds(msg, "expected one of");
        for (int o = 0; o < f->n_options; o++)
            scoot_buf_printf(msg, "%s \"%s\"", o ? "," : "", f->options[o]);
        scoot_buf_adds(msg, ", found ");
        describe(msg, v);
        return json_is_string(v) ? SCOOT_ERANGE : SCOOT_ETYPE;
    }
    default:
        if (!json_is_string(v)) {
            scoot_err_why(msg, SCOOT_ETYPE, SCOOT_R_WRONG_TYPE, NULL);
            scoot_buf_adds(msg, "expected a text, found ");
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        if (strlen(json_string_value(v)) > TEXT_MAX) {
            scoot_err_why(msg, SCOOT_ERANGE, SCOOT_R_TOO_LONG, NULL);
            msg->why.nums = SCOOT_WHY_MAX;
            msg->why.max = TEXT_MAX;
            scoot_buf_printf(msg, "text is longer than %d characters", TEXT_MAX);
            return SCOOT_ERANGE;
        }
        char why[200];
        if (!scoot__text_ok(json_string_value(v), why, sizeof why)) {
            scoot_err_why(msg, SCOOT_ERANGE, SCOOT_R_BAD_TEXT, NULL);
            scoot_buf_adds(msg, why);
            return SCOOT_ERANGE;
        }
        *text = json_string_value(v);
        *val = 0;
        return SCOOT_OK;
    }
}

/* One refused answer: "NAME: FIELD: msg"; the first one's reason (and the numbers of a value
 * refused by decode_value, given as detail) is kept in errors->why. */
static void error_why(scoot_buf *errors, const char *name, const char *field, const char *msg,
                      int reason, const scoot_buf *detail)
{
    if (!errors)
        return;
    if (!errors->why.code) {
        if (detail && detail->why.code) {
            errors->why = detail->why;
            snprintf(errors->why.field, sizeof errors->why.field, "%s", field);
        } else {
            scoot_err_why(errors, SCOOT_ECASE, reason, field);
        }
    }
    scoot_buf_printf(errors, "%s: %s: %s\n", name, field, msg);
}
#define error_line(errors, name, field, msg, reason) error_why(errors, name, field, msg, reason, NULL)

/* ---- the fast path ----
 * Most cases are small flat objects of plain values. They are read here directly (no JSON
 * tree, no allocation); anything this reader does not fully accept — escapes, non-ASCII text,
 * nesting, a duplicate, an unknown id, a bad value — goes to the jansson path below, which
 * gives the exact messages. Both paths give the same case for every input the fast one takes
 * (checked by a test and by the case fuzzer). */

typedef struct {
    const char *s, *e;
} cursor;

/* White space, skipped (the common case, none, costs one compare). */
static void ws_run(cursor *c)
{
    while (c->s < c->e && (unsigned char)*c->s <= ' ' &&
           (*c->s == ' ' || *c->s == '\n' || *c->s == '\t' || *c->s == '\r'))
        c->s++;
}

static inline void ws(cursor *c)
{
    if (c->s < c->e && (unsigned char)*c->s <= ' ')
        ws_run(c);
}

/* Bytes that end a plain string's scan: the quote, the backslash, and bytes outside printable
 * ASCII. */
#define ROW(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const uint8_t stops[256] = {
    ROW(1), ROW(1),                                 /* control bytes */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x22 " */
    ROW(0), ROW(0),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x5c \ */
    ROW(0),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x7f DEL */
    ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1),
};
#undef ROW

/* The character ch right here (no white space skipped). */
static int here(cursor *c, char ch)
{
    if (c->s < c->e && *c->s == ch) {
        c->s++;
        return 1;
    }
    return 0;
}

static int lit(cursor *c, char ch)
{
    ws(c);
    return here(c, ch);
}

/* The first byte of the eight in w that ends a plain string's scan (see stops), or 8: a quote
 * or a backslash (a zero byte after the XOR), or a byte under 0x20 or over 0x7e (its top bit
 * set after adding 0x01 or subtracting 0x20, or set already). The word is read little-endian,
 * so the lowest flagged byte is the first; a carry only ever flags bytes after a true one. */
static inline int first_stop(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | (w - ones * 0x20) | (w + ones) | w;
    hit &= high;
    return hit ? scoot__ctz64(hit) >> 3 : 8;
}

/* A string without escapes or bytes outside printable ASCII: [*b, *n). */
static int plain_string(cursor *c, const char **b, size_t *n)
{
    ws(c);
    if (c->s >= c->e || *c->s != '"')
        return 0;
    const char *p = ++c->s;
    int k = 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (k == 8 && c->e - p >= 8) { /* eight bytes at a time while there are eight */
        uint64_t w;
        memcpy(&w, p, 8);
        k = first_stop(w);
        p += k;
    }
#endif
    if (k == 8)
        while (p < c->e && !stops[(unsigned char)*p])
            p++;
    if (p >= c->e || *p != '"')
        return 0;
    *b = c->s;
    *n = (size_t)(p - c->s);
    c->s = p + 1;
    return 1;
}

/* A JSON number right here (strict grammar; at most 15 digits before any fraction or
 * exponent). */
static int plain_number(cursor *c, double *out)
{
    const char *p = c->s, *b = p;
    if (p < c->e && *p == '-')
        p++;
    const char *d0 = p;
    if (p < c->e && *p == '0')
        p++;
    else
        while (p < c->e && *p >= '0' && *p <= '9')
            p++;
    if (p == d0 || p - d0 > 15)
        return 0;
    int is_int = 1;
    if (p < c->e && (*p == '.' || *p == 'e' || *p == 'E'))
        is_int = 0; /* jansson keeps "-0.0" negative but reads "-0" as the integer 0 */
    if (p < c->e && *p == '.') {
        const char *f = ++p;
        while (p < c->e && *p >= '0' && *p <= '9')
            p++;
        if (p == f)
            return 0;
    }
    if (is_int) { /* at most 15 digits: exact in a double */
        long long v = 0;
        for (const char *q = d0; q < p; q++)
            v = v * 10 + (*q - '0');
        *out = (b != d0 ? -(double)v : (double)v) + 0.0; /* "-0" is the integer 0 */
        c->s = p;
        return 1;
    }
    if (p < c->e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < c->e && (*p == '+' || *p == '-'))
            p++;
        const char *x = p;
        while (p < c->e && *p >= '0' && *p <= '9')
            p++;
        if (p == x || p - x > 3)
            return 0;
    }
    char tmp[48];
    if ((size_t)(p - b) >= sizeof tmp)
        return 0;
    memcpy(tmp, b, (size_t)(p - b));
    tmp[p - b] = '\0';
    char *end;
    *out = strtod(tmp, &end);
    if (*end || !isfinite(*out))
        return 0;
    c->s = p;
    return 1;
}

/* The word w (n bytes) right here. */
static int word_n(cursor *c, const char *w, size_t n)
{
    if ((size_t)(c->e - c->s) >= n && *c->s == *w && !memcmp(c->s, w, n)) {
        c->s += n;
        return 1;
    }
    return 0;
}

#define word(c, lit) word_n((c), (lit), sizeof(lit) - 1)

/* 1 when the whole text was read and applied to c; 0 (c unchanged) to use the slow path. */
static int fast_set(scoot_case *cs, const char *json, size_t len)
{
    const scoot_kb *kb = cs->kb;
    enum { MAX_SET = 128, MAX_FACTS = 1024 };
    int fact[MAX_SET], n = 0;
    double val[MAX_SET];
    uint8_t unset[MAX_SET];
    uint64_t seen[MAX_FACTS / 64];
    if (kb->n_facts > MAX_FACTS)
        return 0;
    for (int w = 0; w < (kb->n_facts + 63) / 64; w++) /* the words in use only */
        seen[w] = 0;
    cursor c = {json, json + len};
    if (!lit(&c, '{'))
        return 0;
    int sections_seen = 0;
    if (!lit(&c, '}')) {
        for (;;) {
            const char *k;
            size_t kn;
            if (!plain_string(&c, &k, &kn) || !lit(&c, ':'))
                return 0;
            int ns = kn == 3 && !memcmp(k, "cat", 3) ? 0
                     : kn == 8 && !memcmp(k, "findings", 8) ? 1
                     : kn == 7 && !memcmp(k, "history", 7) ? 2 : -1;
            if (ns < 0 || (sections_seen & (1 << ns)))
                return 0;
            sections_seen |= 1 << ns;
            ws(&c);
            if (!word(&c, "null")) {
                if (!lit(&c, '{'))
                    return 0;
                if (!lit(&c, '}')) {
                    for (;;) {
                        const char *id;
                        size_t idn;
                        if (!plain_string(&c, &id, &idn) || !lit(&c, ':') || n == MAX_SET)
                            return 0;
                        const scoot__fkey *fk = scoot__kb_fact_key(kb, id, idn);
                        if (!fk || (int)fk->ns != ns)
                            return 0;
                        int f = fk->fact;
                        if (seen[f / 64] >> (f % 64) & 1)
                            return 0; /* a duplicate */
                        seen[f / 64] |= (uint64_t)1 << (f % 64);
                        double d = 0;
                        int is_null = 0;
                        ws(&c);
                        if (word(&c, "null")) {
                            is_null = 1;
                        } else if (fk->type == SCOOT__YESNO) {
                            if (word(&c, "true"))
                                d = 1;
                            else if (!word(&c, "false"))
                                return 0;
                        } else if (fk->type == SCOOT__NUMBER) {
                            if (!plain_number(&c, &d) || d < fk->min || d > fk->max)
                                return 0;
                        } else if (fk->type == SCOOT__CHOICE) {
                            const char *o;
                            size_t on;
                            if (!plain_string(&c, &o, &on))
                                return 0;
                            const scoot__fact *fa = &kb->facts[f];
                            int k2;
                            for (k2 = 0; k2 < fk->n_options; k2++)
                                if (strlen(fa->options[k2]) == on && !memcmp(fa->options[k2], o, on))
                                    break;
                            if (k2 == fk->n_options)
                                return 0;
                            d = k2;
                        } else {
                            return 0; /* text facts take the slow path (they are copied) */
                        }
                        fact[n] = f;
                        val[n] = d;
                        unset[n++] = (uint8_t)is_null;
                        ws(&c);
                        if (here(&c, '}'))
                            break;
                        if (!here(&c, ','))
                            return 0;
                    }
                }
            }
            ws(&c);
            if (here(&c, '}'))
                break;
            if (!here(&c, ','))
                return 0;
        }
    }
    ws(&c);
    if (c.s != c.e)
        return 0;
    for (int i = 0; i < n; i++) {
        int f = fact[i];
        cs->unsure[f] = 0;
        if (unset[i]) {
            cs->known[f] = 0;
            scoot_free(cs->text[f]);
            cs->text[f] = NULL;
        } else {
            cs->val[f] = val[i];
            cs->known[f] = 1;
        }
    }
    return 1;
}

int scoot__case_slow_only; /* tests: 1 sends every case through jansson */
long scoot__case_fast_taken; /* tests: how many texts the fast reader took */

int scoot_case_set_json(scoot_case *c, const char *json, size_t len, const char *name,
                        scoot_buf *errors)
{
    if (!scoot__case_slow_only && fast_set(c, json, len)) {
        scoot__case_fast_taken++;
        return SCOOT_OK;
    }
    const scoot_kb *kb = c->kb;
    if (!name)
        name = "case";
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        scoot_err_json(errors, name, jerr.line, jerr.column, jerr.text);
        return SCOOT_ECASE;
    }
    int bad = 0;
    if (!json_is_object(root)) {
        scoot_err_why(errors, SCOOT_ECASE, SCOOT_R_NOT_OBJECT, NULL);
        if (errors)
            scoot_buf_printf(errors, "%s: expected a JSON object with \"cat\", \"findings\" and "
                                     "\"history\", found %s\n",
                             name, json_kind(root));
        json_decref(root);
        return SCOOT_ECASE;
    }
    /* the questions answered "not sure": a list of fact ids */
    uint8_t *unsure = scoot_calloc((size_t)kb->n_facts + 1, 1);
    if (!unsure) {
        json_decref(root);
        return SCOOT_ENOMEM;
    }
    json_t *ns_list = json_object_get(root, "not_sure");
    if (ns_list && !json_is_null(ns_list)) {
        if (!json_is_array(ns_list)) {
            char m[96];
            snprintf(m, sizeof m, "expected a list of question ids, found %s", json_kind(ns_list));
            error_line(errors, name, "not_sure", m, SCOOT_R_WRONG_TYPE);
            bad = 1;
        }
        size_t k;
        json_t *v;
        json_array_foreach(ns_list, k, v)
        {
            char field[48], m[200];
            snprintf(field, sizeof field, "not_sure[%zu]", k);
            const char *id = json_string_value(v);
            int f = id ? scoot__kb_fact_find(kb, id, strlen(id)) : -1;
            if (!id) {
                snprintf(m, sizeof m, "expected a question id, found %s", json_kind(v));
                error_line(errors, name, field, m, SCOOT_R_WRONG_TYPE);
                bad = 1;
            } else if (f < 0) {
                snprintf(m, sizeof m, "unknown id '%.120s'", id);
                error_line(errors, name, field, m, SCOOT_R_UNKNOWN_ID);
                bad = 1;
            } else {
                unsure[f] = 1;
            }
        }
    }
    /* first pass: validate everything; second pass: apply */
    scoot_buf msg;
    scoot_buf_init(&msg, 4096);
    for (int pass = 0; pass < 2 && !bad; pass++) {
        const char *key;
        json_t *sec;
        json_object_foreach(root, key, sec)
        {
            if (!strcmp(key, "not_sure"))
                continue;
            int ns = -1;
            for (int k = 0; k < 3; k++)
                if (strcmp(key, section_names[k]) == 0)
                    ns = k;
            if (ns < 0) {
                error_line(errors, name, key,
                           "unknown section (expected \"cat\", \"findings\", \"history\" or "
                           "\"not_sure\")",
                           SCOOT_R_UNKNOWN_FIELD);
                bad = 1;
                continue;
            }
            if (json_is_null(sec))
                continue;
            if (!json_is_object(sec)) {
                scoot_buf_reset(&msg);
                scoot_buf_printf(&msg, "expected an object, found %s", json_kind(sec));
                error_line(errors, name, key, scoot_buf_str(&msg), SCOOT_R_NOT_OBJECT);
                bad = 1;
                continue;
            }
            const char *id;
            json_t *v;
            json_object_foreach(sec, id, v)
            {
                char field[160];
                snprintf(field, sizeof field, "%s.%.120s", key, id);
                int f = scoot__kb_fact_find(kb, id, strlen(id));
                if (f < 0) {
                    error_line(errors, name, field, "unknown id", SCOOT_R_UNKNOWN_ID);
                    bad = 1;
                    continue;
                }
                const scoot__fact *fa = &kb->facts[f];
                if ((int)fa->ns != ns) {
                    scoot_buf_reset(&msg);
                    scoot_buf_printf(&msg, "'%s' belongs in \"%s\", not in \"%s\"", id,
                                     section_names[fa->ns], key);
                    error_line(errors, name, field, scoot_buf_str(&msg), SCOOT_R_UNKNOWN_FIELD);
                    bad = 1;
                    continue;
                }
                if (unsure[f] && !json_is_null(v)) {
                    error_line(errors, name, field, "answered and listed in \"not_sure\" as well",
                               SCOOT_R_WRONG_TYPE);
                    bad = 1;
                    continue;
                }
                if (json_is_null(v)) {
                    if (pass == 1) {
                        c->unsure[f] = 0;
                        c->known[f] = 0;
                        scoot_free(c->text[f]);
                        c->text[f] = NULL;
                    }
                    continue;
                }
                double d = 0;
                const char *t = NULL;
                scoot_buf_reset(&msg);
                if (decode_value(fa, v, &d, &t, &msg) != SCOOT_OK) {
                    error_why(errors, name, field, scoot_buf_str(&msg), SCOOT_R_NONE, &msg);
                    bad = 1;
                    continue;
                }
                if (pass == 1) {
                    if (fa->type == SCOOT__TEXT) {
                        char *copy = scoot_strdup(t);
                        if (!copy) {
                            bad = 2;
                            continue;
                        }
                        scoot_free(c->text[f]);
                        c->text[f] = copy;
                    }
                    c->val[f] = d;
                    c->known[f] = 1;
                    c->unsure[f] = 0;
                }
            }
        }
    }
    if (!bad)
        for (int f = 0; f < kb->n_facts; f++)
            if (unsure[f])
                scoot_case_set_not_sure(c, f);
    scoot_free(unsure);
    scoot_buf_free(&msg);
    json_decref(root);
    return bad == 2 ? SCOOT_ENOMEM : bad ? SCOOT_ECASE : SCOOT_OK;
}

/* ---- text answers ---- */

static int parse_number(const char *s, double *out)
{
    /* decimal only: strtod would also take "0x5" (5) and "0x1p3" (8) */
    size_t n = strspn(s, " ");
    n += strspn(s + n, "0123456789.eE+-");
    if (!*s || s[n + strspn(s + n, " ")])
        return 0;
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || errno || !isfinite(d))
        return 0;
    *out = d;
    return 1;
}

int scoot_case_set_text(scoot_case *c, const char *id, const char *value, scoot_buf *errors)
{
    const scoot_kb *kb = c->kb;
    const char *bare = id;
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(section_names[k]);
        if (strncmp(id, section_names[k], n) == 0 && id[n] == '.')
            bare = id + n + 1;
    }
    int f = scoot__kb_fact_find(kb, bare, strlen(bare));
    if (f < 0) {
        if (errors)
            scoot_buf_printf(errors, "%s: unknown id\n", id);
        return SCOOT_EUNKNOWN;
    }
    const scoot__fact *fa = &kb->facts[f];
    if (strcmp(value, "not sure") == 0 || strcmp(value, "not_sure") == 0)
        return scoot_case_set_not_sure(c, f);
    if (strcmp(value, "unknown") == 0) {
        c->known[f] = 0;
        c->unsure[f] = 0;
        scoot_free(c->text[f]);
        c->text[f] = NULL;
        return SCOOT_OK;
    }
    double d = 0;
    switch (fa->type) {
    case SCOOT__YESNO:
        if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "y")) {
            d = 1;
        } else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "n")) {
            d = 0;
        } else {
            if (errors)
                scoot_buf_printf(errors, "%s: expected yes, no or unknown, found \"%s\"\n", id,
                                 value);
            return SCOOT_ETYPE;
        }
        break;
    case SCOOT__NUMBER:
        if (!parse_number(value, &d)) {
            if (errors)
                scoot_buf_printf(errors, "%s: expected a number from %g to %g, found \"%s\"\n", id,
                                 fa->min, fa->max, value);
            return SCOOT_ETYPE;
        }
        if (d < fa->min || d > fa->max) {
            if (errors)
                scoot_buf_printf(errors, "%s: %g is out of range %g..%g\n", id, d, fa->min,
                                 fa->max);
            return SCOOT_ERANGE;
        }
        break;
    case SCOOT__CHOICE: {
        int o;
        for (o = 0; o < fa->n_options; o++)
            if (strcmp(fa->options[o], value) == 0)
                break;
        if (o == fa->n_options) {
            if (errors) {
                scoot_buf_printf(errors, "%s: \"%s\" is not one of", id, value);
                for (int k = 0; k < fa->n_options; k++)
                    scoot_buf_printf(errors, "%s %s", k ? "," : "", fa->options[k]);
                scoot_buf_addc(errors, '\n');
            }
            return SCOOT_ERANGE;
        }
        d = o;
        break;
    }
    default: {
        if (strlen(value) > TEXT_MAX) {
            if (errors)
                scoot_buf_printf(errors, "%s: text is longer than %d characters\n", id, TEXT_MAX);
            return SCOOT_ERANGE;
        }
        char why[200];
        if (!scoot__text_ok(value, why, sizeof why)) {
            if (errors)
                scoot_buf_printf(errors, "%s: %s\n", id, why);
            return SCOOT_ERANGE;
        }
        char *copy = scoot_strdup(value);
        if (!copy)
            return SCOOT_ENOMEM;
        scoot_free(c->text[f]);
        c->text[f] = copy;
        break;
    }
    }
    c->val[f] = d;
    c->known[f] = 1;
    c->unsure[f] = 0;
    return SCOOT_OK;
}

int scoot_case_to_json(const scoot_case *c, scoot_buf *out)
{
    const scoot_kb *kb = c->kb;
    int rc = scoot_buf_addc(out, '{');
    for (int ns = 0; ns < 3; ns++) {
        if (!rc)
            rc = scoot_buf_printf(out, "%s\"%s\":{", ns ? "," : "", section_names[ns]);
        int first = 1;
        for (int i = 0; i < kb->n_facts; i++) {
            const scoot__fact *f = &kb->facts[i];
            if ((int)f->ns != ns || !c->known[i])
                continue;
            if (!rc)
                rc = scoot_buf_printf(out, "%s\"%s\":", first ? "" : ",", f->id);
            first = 0;
            if (rc)
                break;
            switch (f->type) {
            case SCOOT__YESNO: rc = scoot_buf_adds(out, c->val[i] ? "true" : "false"); break;
            case SCOOT__NUMBER: rc = scoot_buf_printf(out, "%.17g", c->val[i]); break;
            case SCOOT__CHOICE: rc = scoot_buf_add_json_str(out, f->options[(int)c->val[i]]); break;
            default: rc = scoot_buf_add_json_str(out, c->text[i] ? c->text[i] : ""); break;
            }
        }
        if (!rc)
            rc = scoot_buf_addc(out, '}');
    }
    int first = 1;
    for (int i = 0; i < kb->n_facts; i++)
        if (c->unsure[i]) {
            if (!rc)
                rc = scoot_buf_adds(out, first ? ",\"not_sure\":[" : ",");
            if (!rc)
                rc = scoot_buf_add_json_str(out, kb->facts[i].id);
            first = 0;
        }
    if (!rc && !first)
        rc = scoot_buf_addc(out, ']');
    if (!rc)
        rc = scoot_buf_addc(out, '}');
    return rc;
}

int scoot_case_next_question(const scoot_case *c, int *pos)
{
    const scoot_kb *kb = c->kb;
    scoot__evalctx cx = {c->val, c->known, NULL, NULL, NULL, -1};
    while (*pos < kb->n_ask) {
        int f = kb->ask_order[(*pos)++];
        if (c->known[f])
            continue;
        if (kb->facts[f].ask_if >= 0 && scoot__eval(kb, kb->facts[f].ask_if, &cx) == SCOOT__F)
            continue;
        return f;
    }
    return -1;
}
