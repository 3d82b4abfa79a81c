/* kb.c: the public KB API: load (parse + check + compile), free, accessors (the built-in KB:
 * default.c). */
#include "../core/setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

/* Largest KB file accepted. */
#define KB_MAX_BYTES ((size_t)16 << 20)

static int diag_cmp(const void *a, const void *b)
{
    const scoot__diag *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x < y ? -1 : (x > y);
}

scoot_kb *scoot__kb_new(void)
{
    scoot_kb *kb = scoot_calloc(1, sizeof *kb);
    if (!kb)
        return NULL;
    kb->lazy = scoot_calloc(1, sizeof *kb->lazy);
    if (!kb->lazy || pthread_mutex_init(&kb->lazy->lock, NULL)) {
        scoot_free(kb->lazy);
        scoot_free(kb);
        return NULL;
    }
    scoot_arena_init(&kb->arena, 64 * 1024);
    return kb;
}

static int load(const char *text, size_t len, const char *filename, scoot_kb **out,
                scoot_buf *errors)
{
    *out = NULL;
    if (!filename)
        filename = "<kb>";
    if (len > KB_MAX_BYTES) {
        if (errors)
            scoot_buf_printf(errors, "%s: file is larger than %zu bytes\n", filename,
                             KB_MAX_BYTES);
        return SCOOT_ETOOBIG;
    }
    scoot_kb *kb = scoot__kb_new();
    if (!kb)
        return SCOOT_ENOMEM;
    kb->likely = 0.15;
    scoot__parser p;
    memset(&p, 0, sizeof p);
    p.kb = kb;
    kb->file = scoot_arena_strdup(&kb->arena, filename);
    if (!kb->file)
        p.diags.oom = 1;
    else
        scoot__kb_parse(&p, text, len);
    if (kb->arena.failed) /* an arena allocation failed somewhere in the parser */
        p.diags.oom = 1;
    if (!p.diags.oom)
        scoot__kb_check(&p);
    if (kb->arena.failed)
        p.diags.oom = 1;
    int rc = SCOOT_OK;
    if (p.diags.oom) {
        rc = SCOOT_ENOMEM;
    } else if (p.diags.n) {
        rc = SCOOT_EKB;
        qsort(p.diags.v, (size_t)p.diags.n, sizeof *p.diags.v, diag_cmp);
        if (errors) {
            for (int i = 0; i < p.diags.n; i++) {
                if (p.diags.v[i].col > 0)
                    scoot_buf_printf(errors, "%s:%d:%d: %s\n", filename, p.diags.v[i].line,
                                     p.diags.v[i].col, p.diags.v[i].msg);
                else
                    scoot_buf_printf(errors, "%s:%d: %s\n", filename, p.diags.v[i].line,
                                     p.diags.v[i].msg);
            }
            if (p.diags.n >= 500)
                scoot_buf_printf(errors, "%s: too many errors; stopped after 500\n", filename);
        }
    }
    for (int i = 0; i < p.diags.n; i++)
        scoot_free(p.diags.v[i].msg);
    scoot_free(p.diags.v);
    scoot_free(p.pend);
    scoot_free(p.jpend);
    scoot_free(p.refs);
    if (rc) {
        scoot_kb_free(kb);
        return rc;
    }
    *out = kb;
    return SCOOT_OK;
}

int scoot_kb_load(const char *text, size_t len, const char *filename, scoot_kb **out,
                  scoot_buf *errors)
{
    return load(text, len, filename, out, errors);
}

int scoot_kb_load_file(const char *path, scoot_kb **out, scoot_buf *errors)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errors)
            scoot_buf_printf(errors, "%s: cannot open: %s\n", path, strerror(errno));
        return SCOOT_EIO;
    }
    scoot_buf b;
    scoot_buf_init(&b, KB_MAX_BYTES + 1);
    char chunk[65536];
    size_t n;
    int rc = SCOOT_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((rc = scoot_buf_add(&b, chunk, n)) != SCOOT_OK)
            break;
    if (!rc && ferror(f)) {
        rc = SCOOT_EIO;
        if (errors)
            scoot_buf_printf(errors, "%s: read error: %s\n", path, strerror(errno));
    } else if (rc == SCOOT_ETOOBIG && errors) {
        scoot_buf_printf(errors, "%s: file is larger than %zu bytes\n", path, KB_MAX_BYTES);
    }
    fclose(f);
    if (!rc)
        rc = scoot_kb_load(scoot_buf_str(&b), b.len, path, out, errors);
    scoot_buf_free(&b);
    return rc;
}

void scoot_kb_free(scoot_kb *kb)
{
    if (!kb)
        return;
    if (kb->lazy->result_json && kb->lazy->result_json_free)
        kb->lazy->result_json_free(kb->lazy->result_json);
    pthread_mutex_destroy(&kb->lazy->lock);
    scoot_free(kb->lazy);
    scoot_arena_free(&kb->arena);
    scoot_free(kb);
}

const char *scoot_kb_id(const scoot_kb *kb)
{
    return kb->id;
}

const char *scoot_kb_version(const scoot_kb *kb)
{
    return kb->version;
}

const char *scoot_kb_title(const scoot_kb *kb)
{
    return kb->title;
}

const char *scoot_kb_level_label(const scoot_kb *kb, scoot_level level)
{
    return (unsigned)level <= SCOOT_LEVEL_URGENT ? kb->levels[level].label : NULL;
}

const char *scoot_level_id(scoot_level level)
{
    static const char *const ids[3] = {"monitor", "vet_soon", "urgent"};
    return (unsigned)level < 3 ? ids[level] : "unknown";
}

int scoot_kb_n_facts(const scoot_kb *kb)
{
    return kb->n_facts;
}

int scoot_kb_n_rules(const scoot_kb *kb)
{
    return kb->n_rules;
}

const char *scoot_kb_rule_id(const scoot_kb *kb, int i)
{
    return i >= 0 && i < kb->n_rules ? kb->rules[i].id : NULL;
}

int scoot_kb_n_checklists(const scoot_kb *kb)
{
    return kb->n_checklists;
}

const char *scoot_kb_checklist(const scoot_kb *kb, int c, const char **ask, int *n_items)
{
    if (c < 0 || c >= kb->n_checklists)
        return NULL;
    if (ask)
        *ask = kb->checklists[c].ask;
    if (n_items)
        *n_items = kb->checklists[c].n_items;
    return kb->checklists[c].id;
}

int scoot_kb_checklist_item(const scoot_kb *kb, int c, int k, const char **text)
{
    if (c < 0 || c >= kb->n_checklists || k < 0 || k >= kb->checklists[c].n_items)
        return -1;
    if (text)
        *text = kb->checklists[c].items[k].text;
    return kb->checklists[c].items[k].fact;
}

int scoot_kb_fact_checklist(const scoot_kb *kb, int f)
{
    return f >= 0 && f < kb->n_facts && kb->fact_checklist ? kb->fact_checklist[f] : -1;
}

int scoot_kb_fact(const scoot_kb *kb, int i, scoot_fact_info *out)
{
    static const char *const sections[] = {"cat", "findings", "history"};
    if (i < 0 || i >= kb->n_facts)
        return SCOOT_EINVAL;
    const scoot__fact *f = &kb->facts[i];
    memset(out, 0, sizeof *out);
    out->id = f->id;
    out->section = sections[f->ns];
    out->type = (scoot_fact_type)f->type;
    out->min = f->min;
    out->max = f->max;
    out->unit = f->unit;
    out->n_options = f->n_options;
    out->options = f->options;
    out->option_text = f->option_text;
    out->ask = f->ask;
    out->help = f->help;
    out->redflag = f->redflag;
    out->n_labels = f->n_labels;
    out->label_value = f->label_value;
    out->label_text = f->label_text;
    out->scale = f->scale;
    return SCOOT_OK;
}

int scoot_kb_fact_find(const scoot_kb *kb, const char *id)
{
    return scoot__kb_fact_find(kb, id, strlen(id));
}

int scoot_kb_scale(const scoot_kb *kb, int i, scoot_scale_info *out)
{
    if (i < 0 || i >= kb->n_scales)
        return SCOOT_EINVAL;
    const scoot__scale *s = &kb->scales[i];
    out->id = s->id;
    out->title = s->title;
    out->about = s->about;
    out->n_units = s->n_units;
    out->max = s->max;
    return SCOOT_OK;
}

const char *scoot_kb_scale_unit(const scoot_kb *kb, int s, int u, int *n_scores)
{
    if (s < 0 || s >= kb->n_scales || u < 0 || u >= kb->scales[s].n_units)
        return NULL;
    if (n_scores)
        *n_scores = kb->scales[s].units[u].n_scores;
    return kb->scales[s].units[u].name;
}

const char *scoot_kb_scale_score_text(const scoot_kb *kb, int s, int u, int v)
{
    if (s < 0 || s >= kb->n_scales || u < 0 || u >= kb->scales[s].n_units)
        return NULL;
    const scoot__unit *un = &kb->scales[s].units[u];
    return v >= 0 && v < un->n_scores ? un->score_text[v] : NULL;
}

double scoot_kb_scale_total(const scoot_kb *kb, int s, const int *scores)
{
    if (s < 0 || s >= kb->n_scales)
        return -1;
    return scoot__scale_total(&kb->scales[s], scores);
}
