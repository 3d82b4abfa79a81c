/* kb_show.c: the knowledge base as JSON (for front ends) and as a readable summary. */
#include "../core/setup.h"

#include "entries.h"
#include "kb_json.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

/* ---- JSON of the KB's parts (kb_json.h) ---- */

int scoot__json_sources(scoot_buf *o, const scoot_kb *kb, const scoot__srcs *s)
{
    int rc = scoot_buf_addc(o, '[');
    for (int i = 0; i < s->n; i++) {
        if (!rc && i)
            rc = scoot_buf_addc(o, ',');
        if (!rc)
            rc = scoot_buf_add_json_str(o, kb->sources[s->idx[i]].id);
    }
    if (!rc)
        rc = scoot_buf_addc(o, ']');
    return rc;
}

int scoot__json_kv(scoot_buf *o, const char *key, const char *val, int comma)
{
    int rc = scoot_buf_printf(o, "%s\"%s\":", comma ? "," : "", key);
    if (!rc)
        rc = (val ? scoot_buf_add_json_str(o, val) : scoot_buf_adds(o, "null"));
    return rc;
}

int scoot__json_strs(scoot_buf *o, const char *key, const char *const *v, int n)
{
    int rc = scoot_buf_printf(o, ",\"%s\":[", key);
    for (int i = 0; i < n; i++) {
        if (!rc && i)
            rc = scoot_buf_addc(o, ',');
        if (!rc)
            rc = scoot_buf_add_json_str(o, v[i]);
    }
    if (!rc)
        rc = scoot_buf_addc(o, ']');
    return rc;
}

int scoot__json_schedule(scoot_buf *o, const scoot__care *k)
{
    int rc = scoot_buf_adds(o, ",\"schedule\":{");
    const char *sep = "";
    if (k->times_per_day) {
        if (!rc)
            rc = scoot_buf_printf(o, "\"times_per_day\":%d", k->times_per_day);
        sep = ",";
    }
    if (k->minutes) {
        if (!rc)
            rc = scoot_buf_printf(o, "%s\"minutes\":%d", sep, k->minutes);
        sep = ",";
    }
    if (!rc && k->days)
        rc = scoot_buf_printf(o, "%s\"days\":%d", sep, k->days);
    if (!rc)
        rc = scoot_buf_addc(o, '}');
    return rc;
}

static const char *const section_names[] = {"cat", "findings", "history"};
static const char *const type_names[] = {"yesno", "number", "choice", "text"};

/* An ask-if condition as a JSON tree the web app can evaluate (three-valued, like the KB):
 * {"and": [..]}, {"or": [..]}, {"not": x}, {"fact": id, "is": "yes"}, {"fact": id, "known":
 * true}, {"fact": id, "cmp": ">=", "value": n}, {"always": true}. Built from the bytecode. */
static int expr_json(scoot_buf *o, const scoot_kb *kb, int expr)
{
    static const char *const cmps[] = {"<", "<=", ">", ">=", "=", "!="};
    char *st[SCOOT__MAX_STACK];
    int sp = 0, rc = 0;
    for (const scoot__insn *i = kb->code + expr; i->op != SCOOT__OP_END && !rc; i++) {
        int op = i->op & SCOOT__OP_MASK;
        scoot_buf b;
        scoot_buf_init(&b, 0);
        if (op == SCOOT__OP_JF || op == SCOOT__OP_JT)
            continue;
        if (op == SCOOT__OP_NOT || op == SCOOT__OP_AND || op == SCOOT__OP_OR) {
            if (op == SCOOT__OP_NOT) {
                if (!rc)
                    rc = scoot_buf_printf(&b, "{\"not\":%s}", st[sp - 1]);
                scoot_free(st[--sp]);
            } else {
                const char *conj = op == SCOOT__OP_AND ? "and" : "or";
                if (!rc)
                    rc = scoot_buf_printf(&b, "{\"%s\":[%s,%s]}", conj, st[sp - 2], st[sp - 1]);
                scoot_free(st[--sp]);
                scoot_free(st[--sp]);
            }
            st[sp++] = scoot_buf_detach(&b);
            continue;
        }
        const char *id = op == SCOOT__OP_BOOL || op == SCOOT__OP_KNOWN || op == SCOOT__OP_CMP
                             ? kb->facts[i->a].id
                             : NULL;
        if (op == SCOOT__OP_BOOL) {
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"fact\":\"%s\",\"is\":\"yes\"}", id);
        } else if (op == SCOOT__OP_KNOWN) {
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"fact\":\"%s\",\"known\":true}", id);
        } else if (op == SCOOT__OP_CMP && kb->facts[i->a].type == SCOOT__CHOICE) {
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"fact\":\"%s\",\"cmp\":\"%s\",\"option\":\"%s\"}", id,
                                      cmps[i->cmp], kb->facts[i->a].options[(int)i->k]);
        } else if (op == SCOOT__OP_CMP) {
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"fact\":\"%s\",\"cmp\":\"%s\",\"value\":%g}", id,
                                      cmps[i->cmp], i->k);
        } else {
            if (!rc)
                rc = scoot_buf_adds(&b, "{\"always\":true}"); /* ask-if uses facts only */
        }
        if (i->op & SCOOT__OPF_NEG) {
            char *x = scoot_buf_detach(&b);
            scoot_buf_init(&b, 0);
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"not\":%s}", x ? x : "null");
            scoot_free(x);
        }
        char *atom = scoot_buf_detach(&b);
        if (i->op & (SCOOT__OPF_AND | SCOOT__OPF_OR)) {
            scoot_buf_init(&b, 0);
            if (!rc)
                rc = scoot_buf_printf(&b, "{\"%s\":[%s,%s]}", i->op & SCOOT__OPF_AND ? "and" : "or",
                                      st[sp - 1], atom);
            scoot_free(atom);
            scoot_free(st[sp - 1]);
            st[sp - 1] = scoot_buf_detach(&b);
        } else {
            st[sp++] = atom;
        }
    }
    if (!rc)
        rc = scoot_buf_adds(o, sp == 1 && st[0] ? st[0] : "null");
    while (sp > 0)
        scoot_free(st[--sp]);
    return rc;
}

static int fact_json(scoot_buf *o, const scoot_kb *kb, const scoot__fact *f)
{
    int rc = scoot_buf_addc(o, '{');
    if (!rc)
        rc = scoot__json_kv(o, "id", f->id, 0);
    if (!rc)
        rc = scoot__json_kv(o, "section", section_names[f->ns], 1);
    if (!rc)
        rc = scoot__json_kv(o, "type", type_names[f->type], 1);
    if (f->type == SCOOT__NUMBER) {
        if (!rc)
            rc = scoot_buf_printf(o, ",\"min\":%g,\"max\":%g", f->min, f->max);
        if (!rc && f->unit)
            rc = scoot__json_kv(o, "unit", f->unit, 1);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"labels\":[");
        for (int i = 0; i < f->n_labels; i++) {
            if (!rc)
                rc = scoot_buf_printf(o, "%s{\"value\":%g", i ? "," : "", f->label_value[i]);
            if (!rc)
                rc = scoot__json_kv(o, "text", f->label_text[i], 1);
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
        if (!rc)
            rc = scoot_buf_addc(o, ']');
        if (!rc && f->scale >= 0)
            rc = scoot__json_kv(o, "scale", kb->scales[f->scale].id, 1);
    }
    int cl = kb->fact_checklist ? kb->fact_checklist[f - kb->facts] : -1;
    if (!rc && cl >= 0)
        rc = scoot__json_kv(o, "checklist", kb->checklists[cl].id, 1);
    if (f->type == SCOOT__CHOICE) {
        if (!rc)
            rc = scoot_buf_adds(o, ",\"options\":[");
        for (int i = 0; i < f->n_options; i++) {
            if (!rc)
                rc = scoot_buf_adds(o, i ? ",{" : "{");
            if (!rc)
                rc = scoot__json_kv(o, "id", f->options[i], 0);
            if (!rc)
                rc = scoot__json_kv(o, "text", f->option_text[i], 1);
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
        if (!rc)
            rc = scoot_buf_addc(o, ']');
    }
    if (!rc)
        rc = scoot__json_kv(o, "ask", f->ask, 1);
    if (!rc)
        rc = scoot__json_kv(o, "help", f->help, 1);
    if (!rc)
        rc = scoot_buf_printf(o, ",\"redflag\":%s,\"conditional\":%s",
                              f->redflag ? "true" : "false", f->ask_if >= 0 ? "true" : "false");
    if (f->ask_if >= 0) {
        if (!rc)
            rc = scoot_buf_adds(o, ",\"ask_if\":");
        if (!rc)
            rc = expr_json(o, kb, f->ask_if);
    }
    if (!rc)
        rc = scoot_buf_adds(o, ",\"sources\":");
    if (!rc)
        rc = scoot__json_sources(o, kb, &f->src);
    if (!rc)
        rc = scoot_buf_addc(o, '}');
    return rc;
}

/* The journal's entry kinds and their fields, with the words for their options, for front ends
 * that log entries: [{"kind", "fields": [{"name", "type", "required", "min", "max",
 * "options": [{"id", "text"}]}]}]. */
static int entries_json(scoot_buf *o)
{
    static const char *const types[] = {"choice", "choices", "number", "integer", "text",
                                        "yesno",  "date",    "fact",   "care",    "causes",
                                        "object", "any",     "event"};
    _Static_assert(SCOOT_ARRAY_LEN(types) == SCOOT__EF_EVENT + 1, "a name per field type");
    int rc = scoot_buf_addc(o, '[');
    for (int k = 0; k < scoot__n_ekinds; k++) {
        const scoot__ekind *ek = &scoot__ekinds[k];
        if (!rc)
            rc = scoot_buf_adds(o, k ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "kind", ek->kind, 0);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"fields\":[");
        for (int i = 0; i < ek->n_fields; i++) {
            const scoot__efield *f = &ek->fields[i];
            if (!rc)
                rc = scoot_buf_adds(o, i ? ",{" : "{");
            if (!rc)
                rc = scoot__json_kv(o, "name", f->name, 0);
            if (!rc)
                rc = scoot__json_kv(o, "type", types[f->type], 1);
            if (!rc)
                rc = scoot_buf_printf(o, ",\"required\":%s", f->required ? "true" : "false");
            if (f->type == SCOOT__EF_NUMBER || f->type == SCOOT__EF_INT) {
                if (!rc)
                    rc = scoot_buf_printf(o, ",\"min\":%g,\"max\":%g", f->min, f->max);
            } else if (f->type == SCOOT__EF_TEXT) {
                if (!rc)
                    rc = scoot_buf_printf(o, ",\"max\":%g", f->max);
            }
            if (f->opts && (f->type == SCOOT__EF_CHOICE || f->type == SCOOT__EF_CHOICES)) {
                if (!rc)
                    rc = scoot_buf_adds(o, ",\"options\":[");
                for (int x = 0; f->opts[x].id; x++) {
                    if (!rc)
                        rc = scoot_buf_adds(o, x ? ",{" : "{");
                    if (!rc)
                        rc = scoot__json_kv(o, "id", f->opts[x].id, 0);
                    if (!rc)
                        rc = scoot__json_kv(o, "text", f->opts[x].text, 1);
                    if (!rc)
                        rc = scoot_buf_addc(o, '}');
                }
                if (!rc)
                    rc = scoot_buf_addc(o, ']');
            }
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
        if (!rc)
            rc = scoot_buf_adds(o, "]}");
    }
    if (!rc)
        rc = scoot_buf_addc(o, ']');
    return rc;
}

int scoot_kb_to_json(const scoot_kb *kb, scoot_buf *o)
{
    int rc = scoot_buf_addc(o, '{');
    if (!rc)
        rc = scoot__json_kv(o, "id", kb->id, 0);
    if (!rc)
        rc = scoot__json_kv(o, "version", kb->version, 1);
    if (!rc)
        rc = scoot__json_kv(o, "title", kb->title, 1);
    if (!rc)
        rc = scoot__json_kv(o, "disclaimer", kb->disclaimer, 1);
    if (!rc)
        rc = scoot_buf_printf(o, ",\"likely_threshold\":%g,\"levels\":[", kb->likely);
    for (int i = 0; i < 3; i++) {
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", scoot_level_id((scoot_level)i), 0);
        if (!rc)
            rc = scoot__json_kv(o, "label", kb->levels[i].label, 1);
        if (!rc)
            rc = scoot__json_kv(o, "advice", kb->levels[i].advice, 1);
        if (!rc)
            rc = scoot__json_strs(o, "now", kb->levels[i].now, kb->levels[i].n_now);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"sources\":[");
    for (int i = 0; i < kb->n_sources; i++) {
        const scoot__source *s = &kb->sources[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", s->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "cite", s->cite, 1);
        if (!rc)
            rc = scoot_buf_printf(o, ",\"tier\":\"%c\"", s->tier);
        if (!rc)
            rc = scoot__json_kv(o, "url", s->url, 1);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"facts\":[");
    for (int i = 0; i < kb->n_facts; i++) {
        if (!rc && i)
            rc = scoot_buf_addc(o, ',');
        if (!rc)
            rc = fact_json(o, kb, &kb->facts[i]);
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"question_order\":[");
    for (int i = 0; i < kb->n_ask; i++) {
        if (!rc && i)
            rc = scoot_buf_addc(o, ',');
        if (!rc)
            rc = scoot_buf_add_json_str(o, kb->facts[kb->ask_order[i]].id);
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"checklists\":[");
    for (int i = 0; i < kb->n_checklists; i++) {
        const scoot__checklist *c = &kb->checklists[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", c->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "ask", c->ask, 1);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"items\":[");
        for (int k = 0; k < c->n_items; k++) {
            if (!rc)
                rc = scoot_buf_adds(o, k ? ",{" : "{");
            if (!rc)
                rc = scoot__json_kv(o, "fact", c->items[k].name, 0);
            if (!rc)
                rc = scoot__json_kv(o, "text", c->items[k].text, 1);
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
        if (!rc)
            rc = scoot_buf_adds(o, "]}");
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"scales\":[");
    for (int i = 0; i < kb->n_scales; i++) {
        const scoot__scale *s = &kb->scales[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", s->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "title", s->title, 1);
        if (!rc)
            rc = scoot__json_kv(o, "about", s->about, 1);
        if (!rc)
            rc = scoot_buf_printf(o, ",\"max\":%g,\"units\":[", s->max);
        for (int u = 0; u < s->n_units; u++) {
            if (!rc)
                rc = scoot_buf_adds(o, u ? ",{" : "{");
            if (!rc)
                rc = scoot__json_kv(o, "id", s->units[u].id, 0);
            if (!rc)
                rc = scoot__json_kv(o, "name", s->units[u].name, 1);
            if (!rc)
                rc = scoot__json_strs(o, "scores", s->units[u].score_text, s->units[u].n_scores);
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
        if (!rc)
            rc = scoot_buf_adds(o, "],\"sources\":");
        if (!rc)
            rc = scoot__json_sources(o, kb, &s->src);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"groups\":[");
    for (int i = 0; i < kb->n_groups; i++) {
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", kb->groups[i].id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "name", kb->groups[i].name, 1);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"causes\":[");
    for (int i = 0; i < kb->n_causes; i++) {
        const scoot__cause *c = &kb->causes[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", c->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "group", kb->groups[c->group].id, 1);
        if (!rc)
            rc = scoot__json_kv(o, "name", c->name, 1);
        if (!rc)
            rc = scoot__json_kv(o, "about", c->about, 1);
        if (!rc && c->n_ask_vet)
            rc = scoot__json_strs(o, "ask_vet", c->ask_vet, c->n_ask_vet);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"sources\":");
        if (!rc)
            rc = scoot__json_sources(o, kb, &c->src);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"rules\":[");
    for (int i = 0; i < kb->n_rules; i++) {
        const scoot__rule *ru = &kb->rules[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", ru->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "level", scoot_level_id((scoot_level)ru->level), 1);
        if (!rc)
            rc = scoot__json_kv(o, "reason", ru->reason, 1);
        if (!rc)
            rc = scoot__json_kv(o, "watch", ru->watch, 1);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"sources\":");
        if (!rc)
            rc = scoot__json_sources(o, kb, &ru->src);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"care\":[");
    for (int i = 0; i < kb->n_cares; i++) {
        const scoot__care *k = &kb->cares[i];
        if (!rc)
            rc = scoot_buf_adds(o, i ? ",{" : "{");
        if (!rc)
            rc = scoot__json_kv(o, "id", k->id, 0);
        if (!rc)
            rc = scoot__json_kv(o, "title", k->title, 1);
        if (!rc && k->short_title)
            rc = scoot__json_kv(o, "short", k->short_title, 1);
        if (!rc)
            rc = scoot__json_schedule(o, k);
        if (!rc)
            rc = scoot__json_strs(o, "steps", k->steps, k->n_do);
        if (!rc)
            rc = scoot__json_strs(o, "cautions", k->cautions, k->n_caution);
        if (!rc)
            rc = scoot_buf_adds(o, ",\"sources\":");
        if (!rc)
            rc = scoot__json_sources(o, kb, &k->src);
        if (!rc)
            rc = scoot_buf_addc(o, '}');
    }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"notice\":[");
    for (int i = 0, n = 0; i < kb->n_journal; i++)
        for (int k = 0; k < kb->journal[i].n_notice; k++) {
            const scoot__notice *nt = &kb->journal[i].notice[k];
            if (!rc)
                rc = scoot_buf_adds(o, n++ ? ",{" : "{");
            if (!rc)
                rc = scoot__json_kv(o, "fact", kb->facts[nt->fact].id, 0);
            if (!rc)
                rc = scoot_buf_printf(o, ",\"value\":%s", nt->value ? "true" : "false");
            if (!rc)
                rc = scoot__json_kv(o, "text", nt->text, 1);
            if (!rc)
                rc = scoot_buf_addc(o, '}');
        }
    if (!rc)
        rc = scoot_buf_adds(o, "],\"entries\":");
    if (!rc)
        rc = entries_json(o);
    if (!rc)
        rc = scoot_buf_adds(o, "}\n");
    return rc;
}

int scoot_kb_to_text(const scoot_kb *kb, scoot_buf *o)
{
    static const char *const lv[3] = {"monitor", "vet_soon", "urgent"};
    int rc = scoot_buf_printf(o, "%s (%s %s)\n", kb->title, kb->id, kb->version);
    if (!rc)
        rc = scoot_buf_printf(o,
                              "%d questions (%d asked), %d scales, %d causes in %d groups, "
                              "%d triage rules, %d care items, %d sources\n",
                              kb->n_facts, kb->n_ask, kb->n_scales, kb->n_causes, kb->n_groups,
                              kb->n_rules, kb->n_cares, kb->n_sources);
    if (!rc)
        rc = scoot_buf_adds(o, "\nQuestions, in the order they are asked:\n");
    for (int i = 0; i < kb->n_ask; i++) {
        const scoot__fact *f = &kb->facts[kb->ask_order[i]];
        if (!rc)
            rc = scoot_buf_printf(o, "  %-26s %-7s %s%s\n", f->id, type_names[f->type],
                                  f->redflag ? "[red flag] " : "", f->ask);
    }
    if (!rc && kb->n_checklists)
        rc = scoot_buf_adds(o, "\nChecklists (asked on one screen, tick each that is true):\n");
    for (int i = 0; i < kb->n_checklists; i++) {
        const scoot__checklist *c = &kb->checklists[i];
        if (!rc)
            rc = scoot_buf_printf(o, "  %-26s %s\n", c->id, c->ask);
        for (int k = 0; k < c->n_items; k++) {
            if (!rc)
                rc = scoot_buf_printf(o, "    %-24s %s\n", c->items[k].name, c->items[k].text);
        }
    }
    if (!rc)
        rc = scoot_buf_adds(o, "\nCauses:\n");
    for (int i = 0; i < kb->n_causes; i++) {
        if (!rc)
            rc = scoot_buf_printf(o, "  %-26s %-20s %s (%d evidence lines)\n", kb->causes[i].id,
                                  kb->groups[kb->causes[i].group].id, kb->causes[i].name,
                                  kb->causes[i].n_ev);
    }
    if (!rc)
        rc = scoot_buf_adds(o, "\nTriage rules:\n");
    for (int i = 0; i < kb->n_rules; i++) {
        if (!rc)
            rc = scoot_buf_printf(o, "  %-26s %-8s %s\n", kb->rules[i].id, lv[kb->rules[i].level],
                                  kb->rules[i].reason);
    }
    if (!rc)
        rc = scoot_buf_adds(o, "\nCare items:\n");
    for (int i = 0; i < kb->n_cares; i++) {
        if (!rc)
            rc = scoot_buf_printf(o, "  %-30s %s\n", kb->cares[i].id, kb->cares[i].title);
    }
    if (!rc)
        rc = scoot_buf_adds(o, "\nSources:\n");
    for (int i = 0; i < kb->n_sources; i++) {
        if (!rc)
            rc = scoot_buf_printf(o, "  %-12s [%c] %s\n", kb->sources[i].id, kb->sources[i].tier,
                                  kb->sources[i].cite);
    }
    return rc;
}
