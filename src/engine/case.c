/* case.c: the answers about one cat, from case JSON or "id=value" text. */
#include "../core/setup.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

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
    if (!c->val || !c->known || !c->text) {
        scoot_case_free(c);
        return SCOOT_ENOMEM;
    }
    *out = c;
    return SCOOT_OK;
}

void scoot_case_clear(scoot_case *c)
{
    for (int i = 0; i < c->kb->n_facts; i++) {
        scoot_free(c->text[i]);
        c->text[i] = NULL;
        c->known[i] = 0;
        c->val[i] = 0;
    }
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
    scoot_free(c);
}

void scoot_case_copy(scoot_case *dst, const scoot_case *src)
{
    for (int i = 0; i < src->kb->n_facts; i++) {
        dst->val[i] = src->val[i];
        dst->known[i] = src->known[i];
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
            scoot_buf_adds(msg, "expected true or false, found ");
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        *val = json_is_true(v) ? 1 : 0;
        return SCOOT_OK;
    case SCOOT__NUMBER: {
        if (!json_is_number(v)) {
            scoot_buf_printf(msg, "expected a number from %g to %g, found ", f->min, f->max);
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        double d = json_number_value(v);
        if (!isfinite(d) || d < f->min || d > f->max) {
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
        scoot_buf_adds(msg, "expected one of");
        for (int o = 0; o < f->n_options; o++)
            scoot_buf_printf(msg, "%s \"%s\"", o ? "," : "", f->options[o]);
        scoot_buf_adds(msg, ", found ");
        describe(msg, v);
        return json_is_string(v) ? SCOOT_ERANGE : SCOOT_ETYPE;
    }
    default:
        if (!json_is_string(v)) {
            scoot_buf_adds(msg, "expected a text, found ");
            describe(msg, v);
            return SCOOT_ETYPE;
        }
        if (strlen(json_string_value(v)) > TEXT_MAX) {
            scoot_buf_printf(msg, "text is longer than %d characters", TEXT_MAX);
            return SCOOT_ERANGE;
        }
        *text = json_string_value(v);
        *val = 0;
        return SCOOT_OK;
    }
}

static void error_line(scoot_buf *errors, const char *name, const char *field, const char *msg)
{
    if (!errors)
        return;
    scoot_buf_printf(errors, "%s: %s: %s\n", name, field, msg);
}

int scoot_case_set_json(scoot_case *c, const char *json, size_t len, const char *name,
                        scoot_buf *errors)
{
    const scoot_kb *kb = c->kb;
    if (!name)
        name = "case";
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        if (errors)
            scoot_buf_printf(errors, "%s:%d:%d: not valid JSON: %s\n", name, jerr.line,
                             jerr.column, jerr.text);
        return SCOOT_ECASE;
    }
    int bad = 0;
    if (!json_is_object(root)) {
        if (errors)
            scoot_buf_printf(errors, "%s: expected a JSON object with \"cat\", \"findings\" and "
                                     "\"history\", found %s\n",
                             name, json_kind(root));
        json_decref(root);
        return SCOOT_ECASE;
    }
    /* first pass: validate everything; second pass: apply */
    scoot_buf msg;
    scoot_buf_init(&msg, 4096);
    for (int pass = 0; pass < 2 && !bad; pass++) {
        const char *key;
        json_t *sec;
        json_object_foreach(root, key, sec)
        {
            int ns = -1;
            for (int k = 0; k < 3; k++)
                if (strcmp(key, section_names[k]) == 0)
                    ns = k;
            if (ns < 0) {
                error_line(errors, name, key,
                           "unknown section (expected \"cat\", \"findings\" or \"history\")");
                bad = 1;
                continue;
            }
            if (json_is_null(sec))
                continue;
            if (!json_is_object(sec)) {
                scoot_buf_reset(&msg);
                scoot_buf_printf(&msg, "expected an object, found %s", json_kind(sec));
                error_line(errors, name, key, scoot_buf_str(&msg));
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
                    error_line(errors, name, field, "unknown id");
                    bad = 1;
                    continue;
                }
                const scoot__fact *fa = &kb->facts[f];
                if ((int)fa->ns != ns) {
                    scoot_buf_reset(&msg);
                    scoot_buf_printf(&msg, "'%s' belongs in \"%s\", not in \"%s\"", id,
                                     section_names[fa->ns], key);
                    error_line(errors, name, field, scoot_buf_str(&msg));
                    bad = 1;
                    continue;
                }
                if (json_is_null(v)) {
                    if (pass == 1) {
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
                    error_line(errors, name, field, scoot_buf_str(&msg));
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
                }
            }
        }
    }
    scoot_buf_free(&msg);
    json_decref(root);
    return bad == 2 ? SCOOT_ENOMEM : bad ? SCOOT_ECASE : SCOOT_OK;
}

/* ---- text answers ---- */

static int parse_number(const char *s, double *out)
{
    if (!*s)
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
    if (strcmp(value, "unknown") == 0 || strcmp(value, "not sure") == 0) {
        c->known[f] = 0;
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
    return SCOOT_OK;
}

int scoot_case_to_json(const scoot_case *c, scoot_buf *out)
{
    const scoot_kb *kb = c->kb;
    int rc = scoot_buf_addc(out, '{');
    for (int ns = 0; ns < 3; ns++) {
        rc |= scoot_buf_printf(out, "%s\"%s\":{", ns ? "," : "", section_names[ns]);
        int first = 1;
        for (int i = 0; i < kb->n_facts; i++) {
            const scoot__fact *f = &kb->facts[i];
            if ((int)f->ns != ns || !c->known[i])
                continue;
            rc |= scoot_buf_printf(out, "%s\"%s\":", first ? "" : ",", f->id);
            first = 0;
            switch (f->type) {
            case SCOOT__YESNO: rc |= scoot_buf_adds(out, c->val[i] ? "true" : "false"); break;
            case SCOOT__NUMBER: rc |= scoot_buf_printf(out, "%.17g", c->val[i]); break;
            case SCOOT__CHOICE: rc |= scoot_buf_add_json_str(out, f->options[(int)c->val[i]]); break;
            default: rc |= scoot_buf_add_json_str(out, c->text[i] ? c->text[i] : ""); break;
            }
        }
        rc |= scoot_buf_addc(out, '}');
    }
    rc |= scoot_buf_addc(out, '}');
    return rc ? SCOOT_ENOMEM : SCOOT_OK;
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
